package io.smsync.classify;

import io.smsync.classify.SpamTrainer.Example;
import io.smsync.classify.SpamTrainer.Loss;
import io.smsync.classify.SpamTrainer.Settings;
import java.util.List;

/** Prints the cross-validated figures of the learners and features compared in docs/classifier.md. */
final class SpamCrossValidation {
    /** Each outer fold scored by a model trained, threshold and all, on the other four folds. */
    static SpamTrainer.Metrics nested(List<Example> examples, Settings settings) {
        int[] fold = SpamTrainer.folds(examples, settings.folds(), settings.seed() + 1);
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int k = 0; k < settings.folds(); k++) {
            List<Example> train = new java.util.ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != k) {
                    train.add(examples.get(i));
                }
            }
            SpamModel model = SpamModel.read(SpamTrainer.train(train, settings).bytes());
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == k) {
                    boolean called = model.isSpam(examples.get(i).text());
                    boolean spam = examples.get(i).spam();
                    if (called && spam) tp++;
                    else if (called) fp++;
                    else if (spam) fn++;
                    else tn++;
                }
            }
        }
        return new SpamTrainer.Metrics(tp, fp, tn, fn);
    }

    public static void main(String[] args) {
        List<Example> examples = SpamTrainer.read(SpamTrainer.CORPUS);
        Settings base = SpamTrainer.SHIPPED_SETTINGS;
        List<Settings> candidates = List.of(
                base,
                new Settings(base.features(), Loss.HINGE, base.epochs(), base.lambda(), base.seed(), base.folds(), base.maxHamFalsePositives()),
                new Settings(new SpamFeatures(18, 1, 5, 2, SpamFeatures.Digits.FOLDED), base.loss(), base.epochs(), base.lambda(), base.seed(), base.folds(), base.maxHamFalsePositives()),
                new Settings(new SpamFeatures(16, 1, 5, 2, SpamFeatures.Digits.FOLDED), base.loss(), base.epochs(), base.lambda(), base.seed(), base.folds(), base.maxHamFalsePositives()),
                new Settings(new SpamFeatures(16, 1, 5, 0, SpamFeatures.Digits.FOLDED), base.loss(), base.epochs(), base.lambda(), base.seed(), base.folds(), base.maxHamFalsePositives()),
                new Settings(new SpamFeatures(16, 1, 5, 1, SpamFeatures.Digits.FOLDED), base.loss(), base.epochs(), base.lambda(), base.seed(), base.folds(), base.maxHamFalsePositives()),
                new Settings(new SpamFeatures(18, 2, 4, 0, SpamFeatures.Digits.FOLDED), base.loss(), base.epochs(), base.lambda(), base.seed(), base.folds(), base.maxHamFalsePositives()),
                new Settings(new SpamFeatures(18, 1, 1, 1, SpamFeatures.Digits.KEPT), base.loss(), base.epochs(), base.lambda(), base.seed(), base.folds(), base.maxHamFalsePositives()),
                new Settings(new SpamFeatures(18, 1, 5, 2, SpamFeatures.Digits.KEPT), base.loss(), base.epochs(), base.lambda(), base.seed(), base.folds(), base.maxHamFalsePositives()),
                new Settings(base.features(), base.loss(), base.epochs(), 1e-4, base.seed(), base.folds(), base.maxHamFalsePositives()),
                new Settings(base.features(), base.loss(), base.epochs(), 1e-6, base.seed(), base.folds(), base.maxHamFalsePositives()));
        for (Settings settings : candidates.subList(0, args.length > 0 ? Integer.parseInt(args[0]) : candidates.size())) {
            long start = System.nanoTime();
            double[] scores = SpamTrainer.outOfFoldScores(examples, settings);
            double threshold = SpamTrainer.threshold(examples, scores, settings.maxHamFalsePositives());
            System.out.printf("%s%n  at p=0.5: %s%n  at the threshold %.3f: %s  (%d ms)%n", settings,
                    SpamTrainer.metrics(examples, scores, 0), threshold, SpamTrainer.metrics(examples, scores, threshold),
                    (System.nanoTime() - start) / 1_000_000);
        }
        for (Settings settings : List.of(candidates.get(0), candidates.get(1), candidates.get(2))) {
            System.out.println("nested (threshold chosen inside each outer training part), " + settings.loss() + ": "
                    + nested(examples, settings));
        }
    }
}
