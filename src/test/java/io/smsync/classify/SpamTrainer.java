package io.smsync.classify;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Trains the shipped spam model from the labelled corpus in the repository: a linear model by
 * stochastic gradient descent in a fixed order (fixed seed), its decision threshold chosen on
 * cross-validated scores so that few legitimate texts are called spam, its weights quantized to bytes.
 */
final class SpamTrainer {
    static final Path CORPUS = Path.of("data/sms-spam-collection/train.tsv");
    static final Path SHIPPED = Path.of("src/main/resources/io/smsync/classify/spam-model.bin");

    enum Loss { LOGISTIC, HINGE }

    /** How to train: the features, the loss, passes over the data, L2 strength, seed, folds and the ham false-positive budget. */
    record Settings(SpamFeatures features, Loss loss, int epochs, double lambda, long seed, int folds, double maxHamFalsePositives) {
    }

    static final Settings SHIPPED_SETTINGS = new Settings(new SpamFeatures(16, 1, 5, 2, SpamFeatures.Digits.FOLDED_PHONE_NUMBERS_DROPPED), Loss.LOGISTIC, 10, 1e-5,
            20111, 5, 0.0025);

    record Example(boolean spam, String text) {
    }

    /** The model bytes and the cross-validated figures behind its threshold. */
    record Result(byte[] bytes, double threshold, Metrics crossValidated) {
    }

    record Metrics(int tp, int fp, int tn, int fn) {
        double mcc() {
            double d = Math.sqrt((double) (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
            return d == 0 ? 0 : ((double) tp * tn - (double) fp * fn) / d;
        }

        double hamFalsePositiveRate() {
            return fp / (double) (fp + tn);
        }

        double recall() {
            return tp / (double) (tp + fn);
        }

        double accuracy() {
            return (tp + tn) / (double) (tp + tn + fp + fn);
        }

        @Override
        public String toString() {
            return String.format("MCC %.4f, spam recall %.2f %%, ham called spam %.2f %% (%d of %d), accuracy %.2f %%",
                    mcc(), 100 * recall(), 100 * hamFalsePositiveRate(), fp, fp + tn, 100 * accuracy());
        }
    }

    public static void main(String[] args) throws IOException {
        Result result = train(read(CORPUS), SHIPPED_SETTINGS);
        Files.write(SHIPPED, result.bytes());
        System.out.println("wrote " + SHIPPED + " (" + result.bytes().length + " bytes); cross-validated: " + result.crossValidated());
    }

    static List<Example> read(Path file) {
        try {
            List<Example> examples = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                examples.add(new Example(line.substring(0, tab).equals("spam"), line.substring(tab + 1)));
            }
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cross-validates to choose the threshold, then trains on all the examples. */
    static Result train(List<Example> examples, Settings settings) {
        double[] scores = outOfFoldScores(examples, settings);
        double threshold = threshold(examples, scores, settings.maxHamFalsePositives());
        Metrics metrics = metrics(examples, scores, threshold);
        Linear model = fit(examples, settings);
        return new Result(bytes(settings.features(), (float) threshold, model), threshold, metrics);
    }

    /** Each example's score from a model trained on the other folds (folds stratified by label, fixed seed). */
    static double[] outOfFoldScores(List<Example> examples, Settings settings) {
        int[] fold = folds(examples, settings.folds(), settings.seed());
        double[] scores = new double[examples.size()];
        for (int k = 0; k < settings.folds(); k++) {
            List<Example> train = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != k) {
                    train.add(examples.get(i));
                }
            }
            SpamModel model = SpamModel.read(bytes(settings.features(), 0, fit(train, settings)));
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == k) {
                    scores[i] = model.score(examples.get(i).text());
                }
            }
        }
        return scores;
    }

    /** Fold numbers dealt round-robin within each label after a seeded shuffle, so every fold has its share of spam. */
    static int[] folds(List<Example> examples, int folds, long seed) {
        int[] fold = new int[examples.size()];
        Random random = new Random(seed);
        for (boolean spam : new boolean[] {false, true}) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (examples.get(i).spam() == spam) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, random);
            for (int j = 0; j < members.size(); j++) {
                fold[members.get(j)] = j % folds;
            }
        }
        return fold;
    }

    /** The threshold with the best MCC among those that call at most this share of ham spam. */
    static double threshold(List<Example> examples, double[] scores, double maxHamFalsePositives) {
        double[] candidates = scores.clone();
        Arrays.sort(candidates);
        double best = candidates[candidates.length - 1];
        double bestMcc = -2;
        for (int i = 0; i + 1 < candidates.length; i++) {
            if (candidates[i] == candidates[i + 1]) {
                continue;
            }
            double threshold = (candidates[i] + candidates[i + 1]) / 2;
            Metrics metrics = metrics(examples, scores, threshold);
            if (metrics.hamFalsePositiveRate() <= maxHamFalsePositives && metrics.mcc() > bestMcc) {
                bestMcc = metrics.mcc();
                best = threshold;
            }
        }
        return best;
    }

    static Metrics metrics(List<Example> examples, double[] scores, double threshold) {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < examples.size(); i++) {
            boolean called = scores[i] > threshold;
            boolean spam = examples.get(i).spam();
            if (called && spam) tp++;
            else if (called) fp++;
            else if (spam) fn++;
            else tn++;
        }
        return new Metrics(tp, fp, tn, fn);
    }

    private record Linear(double[] weights, double bias) {
    }

    /** SGD with L2 (the decay kept as one factor so each step touches only the text's features), learning rate 1/(lambda (t + t0)). */
    private static Linear fit(List<Example> examples, Settings settings) {
        SpamFeatures features = settings.features();
        List<SpamFeatures.Vector> vectors = examples.stream().map(e -> features.of(e.text())).toList();
        double[] w = new double[1 << features.bits()];
        double factor = 1;
        double bias = 0;
        double lambda = settings.lambda();
        double t0 = 1 / lambda;
        long t = 0;
        int[] order = new int[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(settings.seed());
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            for (int n : order) {
                double eta = 1 / (lambda * (t++ + t0));
                SpamFeatures.Vector x = vectors.get(n);
                double y = examples.get(n).spam() ? 1 : -1;
                double dot = 0;
                for (int k = 0; k < x.index().length; k++) {
                    dot += w[x.index()[k]] * x.value()[k];
                }
                double score = factor * dot + bias;
                double gradient = switch (settings.loss()) {
                    case LOGISTIC -> -y / (1 + Math.exp(y * score));
                    case HINGE -> y * score < 1 ? -y : 0;
                };
                factor *= 1 - eta * lambda;
                if (gradient != 0) {
                    for (int k = 0; k < x.index().length; k++) {
                        w[x.index()[k]] -= eta * gradient * x.value()[k] / factor;
                    }
                    bias -= eta * gradient * 0.01;
                }
                if (factor < 1e-6) {
                    for (int k = 0; k < w.length; k++) {
                        w[k] *= factor;
                    }
                    factor = 1;
                }
            }
        }
        for (int k = 0; k < w.length; k++) {
            w[k] *= factor;
        }
        return new Linear(w, bias);
    }

    /** The model file: weights scaled so the largest is 127 and rounded to bytes. */
    private static byte[] bytes(SpamFeatures features, float threshold, Linear model) {
        double max = 0;
        for (double weight : model.weights()) {
            max = Math.max(max, Math.abs(weight));
        }
        float scale = (float) (max == 0 ? 1 : max / 127);
        try (ByteArrayOutputStream buffer = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(SpamModel.MAGIC);
            out.writeInt(SpamModel.VERSION);
            out.writeByte(features.bits());
            out.writeByte(features.minChars());
            out.writeByte(features.maxChars());
            out.writeByte(features.maxWords());
            out.writeByte(features.digits().ordinal());
            out.writeFloat(threshold);
            out.writeFloat((float) model.bias());
            out.writeFloat(scale);
            for (double weight : model.weights()) {
                out.writeByte((int) Math.max(-127, Math.min(127, Math.round(weight / scale))));
            }
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
