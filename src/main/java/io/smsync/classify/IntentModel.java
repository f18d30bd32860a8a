package io.smsync.classify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the offline classifier learns from example texts: one centroid per category of the examples'
 * TF-IDF vectors ({@link IntentFeatures}), and a similarity threshold below which a text is like none of
 * them. A text belongs to the category whose centroid is most similar (cosine). The threshold is chosen
 * by leave-one-out on the examples themselves: each example is scored against centroids built without
 * it, and the threshold that gets the most of them right (with "below it" meaning {@code other}) wins.
 * Immutable; training a few thousand texts takes milliseconds.
 */
final class IntentModel {
    /** One labelled text to learn from. */
    record Example(String category, String text) {
    }

    /** The most similar category and how similar (cosine, 0..1); {@code category} is null when no example is like the text. */
    record Nearest(String category, double similarity, double[] similarities) {
    }

    /** Used when the examples cannot calibrate a threshold (none is labelled {@code other}): the CLINC150 figure, see docs. */
    static final double DEFAULT_THRESHOLD = 0.14;
    /** The highest threshold leave-one-out may choose: above it, ordinary paraphrases would be refused. */
    static final double MAX_THRESHOLD = 0.4;

    private final IntentFeatures features;
    private final List<String> categories;
    private final float[] idf;
    private final float unseenIdf;
    private final float[][] centroids;
    private final double threshold;
    private final int size;

    private IntentModel(IntentFeatures features, List<String> categories, float[] idf, float unseenIdf, float[][] centroids,
                        double threshold, int size) {
        this.features = features;
        this.categories = categories;
        this.idf = idf;
        this.unseenIdf = unseenIdf;
        this.centroids = centroids;
        this.threshold = threshold;
        this.size = size;
    }

    /** A model that knows nothing: every text is like no example. */
    static IntentModel empty() {
        return new IntentModel(IntentFeatures.DEFAULT, List.of(), new float[0], 0, new float[0][], DEFAULT_THRESHOLD, 0);
    }

    /** Learns from the examples, in the categories' order (examples of other categories are ignored). */
    static IntentModel train(List<String> categoryNames, List<Example> examples) {
        return train(IntentFeatures.DEFAULT, categoryNames, examples);
    }

    static IntentModel train(IntentFeatures features, List<String> categoryNames, List<Example> all) {
        List<String> categories = List.copyOf(categoryNames);
        List<Example> examples = all.stream().filter(e -> categories.contains(e.category())).toList();
        if (examples.isEmpty()) {
            return empty();
        }
        int buckets = 1 << features.bits();
        List<IntentFeatures.Counts> counts = examples.stream().map(e -> features.of(e.text())).toList();
        int[] df = new int[buckets];
        for (IntentFeatures.Counts c : counts) {
            for (int i : c.index()) {
                df[i]++;
            }
        }
        int n = examples.size();
        float[] idf = new float[buckets];
        for (int i = 0; i < buckets; i++) {
            idf[i] = df[i] == 0 ? 0 : (float) (Math.log((1.0 + n) / (1.0 + df[i])) + 1);
        }
        float unseenIdf = (float) (Math.log(1.0 + n) + 1);
        float[][] sums = new float[categories.size()][];
        int[] label = new int[n];
        List<Sparse> vectors = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            label[k] = categories.indexOf(examples.get(k).category());
            Sparse v = vector(counts.get(k), idf, unseenIdf);
            vectors.add(v);
            if (sums[label[k]] == null) {
                sums[label[k]] = new float[buckets];
            }
            v.addTo(sums[label[k]]);
        }
        double[] norms = new double[categories.size()];
        for (int c = 0; c < sums.length; c++) {
            norms[c] = sums[c] == null ? 0 : Math.sqrt(dot(sums[c], sums[c]));
        }
        double threshold = leaveOneOutThreshold(categories, vectors, label, sums, norms);
        float[][] centroids = new float[categories.size()][];
        for (int c = 0; c < sums.length; c++) {
            if (sums[c] != null && norms[c] > 0) {
                centroids[c] = sums[c];
                for (int i = 0; i < buckets; i++) {
                    centroids[c][i] /= (float) norms[c];
                }
            }
        }
        return new IntentModel(features, categories, idf, unseenIdf, centroids, threshold, n);
    }

    /** The most similar category's centroid; a category without examples is never it. */
    Nearest nearest(String text) {
        double[] similarities = new double[categories.size()];
        if (size == 0 || !features.hasContent(text)) {
            return new Nearest(null, 0, similarities);
        }
        Sparse v = vector(features.of(text), idf, unseenIdf);
        int best = -1;
        for (int c = 0; c < centroids.length; c++) {
            if (centroids[c] != null) {
                similarities[c] = v.dot(centroids[c]);
                if (best < 0 || similarities[c] > similarities[best]) {
                    best = c;
                }
            }
        }
        return best < 0 || similarities[best] <= 0 ? new Nearest(null, 0, similarities)
                : new Nearest(categories.get(best), similarities[best], similarities);
    }

    /** Below this similarity a text is like none of the examples. */
    double threshold() {
        return threshold;
    }

    /** How many examples it learned from. */
    int size() {
        return size;
    }

    List<String> categories() {
        return categories;
    }

    /** Each example against its category's centroid without it (the others' centroids are unchanged). */
    private static double leaveOneOutThreshold(List<String> categories, List<Sparse> vectors, int[] label, float[][] sums,
                                               double[] norms) {
        int other = categories.indexOf(Categories.OTHER);
        boolean calibrates = false;
        int n = vectors.size();
        double[] top = new double[n];
        int[] predicted = new int[n];
        for (int k = 0; k < n; k++) {
            calibrates |= label[k] == other;
            Sparse v = vectors.get(k);
            int best = -1;
            double bestSimilarity = 0;
            for (int c = 0; c < sums.length; c++) {
                if (sums[c] == null) {
                    continue;
                }
                double dot = v.dot(sums[c]);
                double norm = norms[c];
                if (c == label[k]) {
                    // |S - v|^2 = |S|^2 - 2 v.S + |v|^2, and |v| = 1
                    double squared = norm * norm - 2 * dot + v.squaredNorm();
                    norm = squared <= 1e-9 ? 0 : Math.sqrt(squared);
                    dot -= v.squaredNorm();
                }
                double similarity = norm == 0 ? 0 : dot / norm;
                if (norm > 0 && (best < 0 || similarity > bestSimilarity)) {
                    best = c;
                    bestSimilarity = similarity;
                }
            }
            predicted[k] = best;
            top[k] = bestSimilarity;
        }
        if (!calibrates) {
            return DEFAULT_THRESHOLD;
        }
        double chosen = 0;
        int mostRight = -1;
        for (int step = 0; step <= Math.round(MAX_THRESHOLD * 100); step++) {
            double t = step / 100.0;
            int right = 0;
            for (int k = 0; k < n; k++) {
                int call = predicted[k] < 0 || top[k] < t ? other : predicted[k];
                right += call == label[k] ? 1 : 0;
            }
            if (right > mostRight) {
                mostRight = right;
                chosen = t;
            }
        }
        return chosen;
    }

    private static Sparse vector(IntentFeatures.Counts counts, float[] idf, float unseenIdf) {
        float[] value = new float[counts.size()];
        double norm = 0;
        for (int k = 0; k < counts.size(); k++) {
            float weight = idf[counts.index()[k]];
            value[k] = (float) ((1 + Math.log(counts.count()[k])) * (weight == 0 ? unseenIdf : weight));
            norm += value[k] * value[k];
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int k = 0; k < value.length; k++) {
            value[k] *= scale;
        }
        return new Sparse(counts.index(), value);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private record Sparse(int[] index, float[] value) {
        double dot(float[] dense) {
            double sum = 0;
            for (int k = 0; k < index.length; k++) {
                sum += value[k] * dense[index[k]];
            }
            return sum;
        }

        void addTo(float[] dense) {
            for (int k = 0; k < index.length; k++) {
                dense[index[k]] += value[k];
            }
        }

        double squaredNorm() {
            double sum = 0;
            for (float v : value) {
                sum += v * v;
            }
            return sum;
        }
    }

    /** The similarity to each category, by name, for reports. */
    Map<String, Double> similarities(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        double[] s = nearest(text).similarities();
        for (int c = 0; c < categories.size(); c++) {
            out.put(categories.get(c), s[c]);
        }
        return out;
    }
}
