package io.smsync.classify;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Measures a classifier on labelled texts: accuracy, each category's precision and recall, and the
 * spam MCC when spam is a label. The label {@code ham} (spam corpora's word for legitimate) is met by
 * any category but {@code spam}.
 */
public final class Evaluation {
    static final String HAM = "ham";

    /** One labelled text. */
    public record Labelled(String label, String text) {
    }

    private final List<String> labels = new ArrayList<>();
    private final List<String> predictions = new ArrayList<>();

    /** Classifies every text and keeps its label and the classifier's category side by side. */
    public static Evaluation of(Classifier classifier, List<Labelled> examples) {
        Evaluation evaluation = new Evaluation();
        for (Labelled example : examples) {
            String category = classifier.classify(example.text()).category();
            evaluation.labels.add(example.label());
            evaluation.predictions.add(HAM.equals(example.label()) && !RulesClassifier.SPAM.equals(category) ? HAM : category);
        }
        return evaluation;
    }

    public double accuracy() {
        int right = 0;
        for (int i = 0; i < labels.size(); i++) {
            right += labels.get(i).equals(predictions.get(i)) ? 1 : 0;
        }
        return labels.isEmpty() ? 0 : right / (double) labels.size();
    }

    /** The Matthews correlation of "is spam" between labels and predictions. */
    public double spamMcc() {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.size(); i++) {
            boolean spam = RulesClassifier.SPAM.equals(labels.get(i));
            boolean called = RulesClassifier.SPAM.equals(predictions.get(i));
            if (spam && called) tp++;
            else if (called) fp++;
            else if (spam) fn++;
            else tn++;
        }
        double d = Math.sqrt((double) (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
        return d == 0 ? 0 : (tp * (double) tn - fp * (double) fn) / d;
    }

    /** Prints the figures, one category a line. */
    public void print(PrintStream out) {
        out.printf("texts      %d%n", labels.size());
        out.printf("accuracy   %.4f%n", accuracy());
        out.printf("%-14s %9s %7s %7s %9s%n", "category", "precision", "recall", "labels", "predicted");
        TreeSet<String> categories = new TreeSet<>(labels);
        categories.addAll(predictions);
        Map<String, int[]> counts = new TreeMap<>();
        for (String category : categories) {
            int[] c = new int[3];
            for (int i = 0; i < labels.size(); i++) {
                boolean labelled = labels.get(i).equals(category);
                boolean predicted = predictions.get(i).equals(category);
                c[0] += labelled && predicted ? 1 : 0;
                c[1] += labelled ? 1 : 0;
                c[2] += predicted ? 1 : 0;
            }
            counts.put(category, c);
        }
        counts.forEach((category, c) -> out.printf("%-14s %9s %7s %7d %9d%n", category, ratio(c[0], c[2]), ratio(c[0], c[1]),
                c[1], c[2]));
        if (labels.contains(RulesClassifier.SPAM)) {
            int hamCalledSpam = 0;
            int notSpam = 0;
            for (int i = 0; i < labels.size(); i++) {
                if (!RulesClassifier.SPAM.equals(labels.get(i))) {
                    notSpam++;
                    hamCalledSpam += RulesClassifier.SPAM.equals(predictions.get(i)) ? 1 : 0;
                }
            }
            out.printf("spam MCC   %.4f (not-spam texts called spam: %d of %d, %.2f %%)%n", spamMcc(), hamCalledSpam, notSpam,
                    notSpam == 0 ? 0 : 100.0 * hamCalledSpam / notSpam);
        }
    }

    private static String ratio(int part, int whole) {
        return whole == 0 ? "-" : String.format("%.4f", part / (double) whole);
    }
}
