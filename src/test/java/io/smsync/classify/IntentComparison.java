package io.smsync.classify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Prints the few-shot figures of the learners compared in docs/classifier.md: {@code main} compares
 * learners on the CLINC150 subset (each with a leave-one-out threshold for {@code other}; a second
 * argument picks learners by name, a first argument prints the confusions), {@code main shipped} the
 * shipped {@link IntentModel}, {@code main business} the built-in categories on small-business.tsv.
 */
final class IntentComparison {
    record Example(String label, String text) {
    }

    interface Learner {
        Scorer train(List<Example> examples, List<String> labels);
    }

    interface Scorer {
        /** Probabilities, one per label. */
        double[] scores(String text);
    }

    // ---- tf-idf vectors ----
    static final class Vectorizer {
        final IntentFeatures features;
        final Map<Integer, Double> idf = new HashMap<>();
        final int n;
        final boolean useIdf;

        Vectorizer(IntentFeatures features, List<Example> examples, boolean useIdf) {
            this.features = features;
            this.useIdf = useIdf;
            Map<Integer, Integer> df = new HashMap<>();
            for (Example e : examples) {
                for (int i : features.of(e.text()).index()) {
                    df.merge(i, 1, Integer::sum);
                }
            }
            n = examples.size();
            df.forEach((k, v) -> idf.put(k, Math.log((1.0 + n) / (1.0 + v)) + 1));
        }

        Map<Integer, Double> vector(String text) {
            IntentFeatures.Counts c = features.of(text);
            Map<Integer, Double> v = new HashMap<>();
            double norm = 0;
            for (int k = 0; k < c.size(); k++) {
                double w = (1 + Math.log(c.count()[k])) * (useIdf ? idf.getOrDefault(c.index()[k], Math.log(1.0 + n) + 1) : 1);
                v.put(c.index()[k], w);
                norm += w * w;
            }
            double s = norm == 0 ? 0 : 1 / Math.sqrt(norm);
            v.replaceAll((k, w) -> w * s);
            return v;
        }
    }

    static double[] softmax(double[] s, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : s) max = Math.max(max, x);
        double sum = 0;
        double[] p = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            p[i] = Math.exp((s[i] - max) * t);
            sum += p[i];
        }
        for (int i = 0; i < s.length; i++) p[i] /= sum;
        return p;
    }

    record Centroid(IntentFeatures features, boolean idf, double temperature) implements Learner {
        public Scorer train(List<Example> examples, List<String> labels) {
            Vectorizer vz = new Vectorizer(features, examples, idf);
            List<Map<Integer, Double>> centroids = new ArrayList<>();
            for (String label : labels) {
                Map<Integer, Double> c = new HashMap<>();
                for (Example e : examples) {
                    if (e.label().equals(label)) vz.vector(e.text()).forEach((k, w) -> c.merge(k, w, Double::sum));
                }
                double norm = Math.sqrt(c.values().stream().mapToDouble(w -> w * w).sum());
                c.replaceAll((k, w) -> norm == 0 ? 0 : w / norm);
                centroids.add(c);
            }
            return text -> {
                Map<Integer, Double> v = vz.vector(text);
                double[] s = new double[labels.size()];
                for (int i = 0; i < s.length; i++) {
                    Map<Integer, Double> c = centroids.get(i);
                    double dot = 0;
                    for (var en : v.entrySet()) dot += en.getValue() * c.getOrDefault(en.getKey(), 0.0);
                    s[i] = dot;
                }
                return temperature == 0 ? s : softmax(s, temperature);
            };
        }
    }

    /** alpha x similarity to the centroid + (1 - alpha) x similarity to the nearest example. */
    record Mixed(IntentFeatures features, double alpha, boolean otherCentroid) implements Learner {
        public Scorer train(List<Example> examples, List<String> labels) {
            Vectorizer vz = new Vectorizer(features, examples, true);
            List<Map<Integer, Double>> centroids = new ArrayList<>();
            List<List<Map<Integer, Double>>> members = new ArrayList<>();
            for (String label : labels) {
                Map<Integer, Double> c = new HashMap<>();
                List<Map<Integer, Double>> m = new ArrayList<>();
                for (Example e : examples) {
                    if (e.label().equals(label)) {
                        Map<Integer, Double> v = vz.vector(e.text());
                        m.add(v);
                        v.forEach((k, w) -> c.merge(k, w, Double::sum));
                    }
                }
                double norm = Math.sqrt(c.values().stream().mapToDouble(w -> w * w).sum());
                c.replaceAll((k, w) -> norm == 0 ? 0 : w / norm);
                centroids.add(c);
                members.add(m);
            }
            return text -> {
                Map<Integer, Double> v = vz.vector(text);
                double[] s = new double[labels.size()];
                for (int i = 0; i < s.length; i++) {
                    if (!otherCentroid && labels.get(i).equals("other")) { s[i] = -1; continue; }
                    double best = 0;
                    for (Map<Integer, Double> m : members.get(i)) best = Math.max(best, dot(v, m));
                    s[i] = alpha * dot(v, centroids.get(i)) + (1 - alpha) * best;
                }
                return s;
            };
        }
    }

    static double dot(Map<Integer, Double> a, Map<Integer, Double> b) {
        if (a.size() > b.size()) { var t = a; a = b; b = t; }
        double d = 0;
        for (var en : a.entrySet()) d += en.getValue() * b.getOrDefault(en.getKey(), 0.0);
        return d;
    }

    record NaiveBayes(IntentFeatures features, double alpha, boolean idf) implements Learner {
        public Scorer train(List<Example> examples, List<String> labels) {
            Vectorizer vz = new Vectorizer(features, examples, idf);
            List<Map<Integer, Double>> counts = new ArrayList<>();
            double[] totals = new double[labels.size()];
            java.util.Set<Integer> vocabulary = new java.util.HashSet<>();
            for (int i = 0; i < labels.size(); i++) {
                Map<Integer, Double> c = new HashMap<>();
                for (Example e : examples) {
                    if (e.label().equals(labels.get(i))) {
                        vz.vector(e.text()).forEach((k, w) -> c.merge(k, w, Double::sum));
                    }
                }
                totals[i] = c.values().stream().mapToDouble(Double::doubleValue).sum();
                vocabulary.addAll(c.keySet());
                counts.add(c);
            }
            int v = vocabulary.size();
            return text -> {
                Map<Integer, Double> x = vz.vector(text);
                double[] s = new double[labels.size()];
                for (int i = 0; i < s.length; i++) {
                    double ll = 0;
                    for (var en : x.entrySet()) {
                        if (!vocabulary.contains(en.getKey())) continue;
                        ll += en.getValue() * Math.log((counts.get(i).getOrDefault(en.getKey(), 0.0) + alpha) / (totals[i] + alpha * v));
                    }
                    s[i] = ll;
                }
                return softmax(s, 1);
            };
        }
    }

    record Logistic(IntentFeatures features, double lambda, int epochs, boolean idf) implements Learner {
        public Scorer train(List<Example> examples, List<String> labels) {
            Vectorizer vz = new Vectorizer(features, examples, idf);
            int k = labels.size();
            int d = 1 << features.bits();
            double[][] w = new double[k][d];
            double[] b = new double[k];
            List<Map<Integer, Double>> xs = examples.stream().map(e -> vz.vector(e.text())).toList();
            int[] ys = examples.stream().mapToInt(e -> labels.indexOf(e.label())).toArray();
            Random random = new Random(12);
            Integer[] order = new Integer[xs.size()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            int t = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                java.util.Collections.shuffle(java.util.Arrays.asList(order), random);
                for (int idx : order) {
                    double eta = 1 / (lambda * (t++ + 1 / lambda)) ;
                    eta = Math.min(eta, 1.0);
                    Map<Integer, Double> x = xs.get(idx);
                    double[] s = new double[k];
                    for (int c = 0; c < k; c++) {
                        double z = b[c];
                        for (var en : x.entrySet()) z += w[c][en.getKey()] * en.getValue();
                        s[c] = z;
                    }
                    double[] p = softmax(s, 1);
                    for (int c = 0; c < k; c++) {
                        double g = p[c] - (c == ys[idx] ? 1 : 0);
                        for (var en : x.entrySet()) {
                            w[c][en.getKey()] = w[c][en.getKey()] * (1 - eta * lambda) - eta * g * en.getValue();
                        }
                        b[c] -= eta * g * 0.1;
                    }
                }
            }
            return text -> {
                Map<Integer, Double> x = vz.vector(text);
                double[] s = new double[k];
                for (int c = 0; c < k; c++) {
                    double z = b[c];
                    for (var en : x.entrySet()) z += w[c][en.getKey()] * en.getValue();
                    s[c] = z;
                }
                return softmax(s, 1);
            };
        }
    }

    // ---- evaluation ----
    static List<Example> tsv(Path file) throws IOException {
        List<Example> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            int tab = line.indexOf('\t');
            out.add(new Example(line.substring(0, tab), line.substring(tab + 1)));
        }
        return out;
    }

    static List<Example> examples(Categories categories, boolean descriptions) {
        List<Example> out = new ArrayList<>();
        for (Category c : categories.all()) {
            if (descriptions && !c.description().isBlank()) out.add(new Example(c.name(), c.description()));
            for (String e : c.examples()) out.add(new Example(c.name(), e));
        }
        return out;
    }

    /** Leave-one-out: the best threshold on the top probability below which the text is "other". */
    static double threshold(Learner learner, List<Example> train, List<String> labels) {
        int other = labels.indexOf("other");
        double[] top = new double[train.size()];
        int[] predicted = new int[train.size()];
        for (int i = 0; i < train.size(); i++) {
            List<Example> rest = new ArrayList<>(train);
            rest.remove(i);
            double[] p = learner.train(rest, labels).scores(train.get(i).text());
            int best = argmax(p);
            predicted[i] = best;
            top[i] = p[best];
        }
        double bestT = 0;
        int bestRight = -1;
        for (double t = 0; t < 1; t += 0.01) {
            int right = 0;
            for (int i = 0; i < train.size(); i++) {
                int call = top[i] < t ? other : predicted[i];
                right += labels.get(call).equals(train.get(i).label()) ? 1 : 0;
            }
            if (right > bestRight) {
                bestRight = right;
                bestT = t;
            }
        }
        return bestT;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        return best;
    }

    static double accuracy(Learner learner, List<Example> train, List<String> labels, List<Example> test, double threshold,
                           Map<String, int[]> confusion) {
        Scorer scorer = learner.train(train, labels);
        int right = 0;
        int other = labels.indexOf("other");
        for (Example e : test) {
            double[] p = scorer.scores(e.text());
            int best = argmax(p);
            if (p[best] < threshold) best = other;
            boolean ok = labels.get(best).equals(e.label());
            right += ok ? 1 : 0;
            if (confusion != null) confusion.computeIfAbsent(e.label() + "->" + labels.get(best), x -> new int[1])[0]++;
        }
        return right / (double) test.size();
    }

    static double shipped(IntentFeatures features, List<Example> train, List<String> labels, List<Example> test, String name) {
        IntentModel model = IntentModel.train(features, labels, train.stream().map(e -> new IntentModel.Example(e.label(), e.text())).toList());
        int right = 0;
        for (Example e : test) {
            IntentModel.Nearest n = model.nearest(e.text());
            String call = n.category() == null || n.similarity() < model.threshold() ? "other" : n.category();
            right += call.equals(e.label()) ? 1 : 0;
        }
        System.out.printf("IntentModel %-30s threshold %.2f accuracy %.4f (%d of %d)%n", name, model.threshold(), right / (double) test.size(), right, test.size());
        return right / (double) test.size();
    }

    /** CLINC150's intent names for the benchmark's categories (see clinc150/categories.yaml). */
    static final Map<String, String> CLINC_INTENTS = Map.of("book_table", "restaurant_reservation", "cancel_booking",
            "cancel_reservation", "confirm_booking", "confirm_reservation", "takes_bookings", "accept_reservations",
            "wait_time", "how_busy", "order_status", "order_status", "service_car", "schedule_maintenance", "thanks", "thank_you");

    /**
     * Ten disjoint draws of ten training texts per category (texts 1-10, 11-20, ... of CLINC150's training split,
     * read from its data_full.json), each judged on the benchmark's test texts, without and with the descriptions
     * of clinc150/categories.yaml as one more example; then all 1,000 out-of-scope test texts.
     */
    static void draws(Path dataFull) throws IOException {
        com.fasterxml.jackson.databind.JsonNode data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dataFull.toFile());
        Categories clinc = Categories.load(Path.of("src/test/resources/intents/clinc150/categories.yaml"));
        List<Example> test = tsv(Path.of("src/test/resources/intents/clinc150/test.tsv"));
        Map<String, List<String>> train = new HashMap<>();
        for (var row : data.get("train")) {
            train.computeIfAbsent(row.get(1).asText(), k -> new ArrayList<>()).add(row.get(0).asText());
        }
        for (var row : data.get("oos_train")) {
            train.computeIfAbsent("oos", k -> new ArrayList<>()).add(row.get(0).asText());
        }
        List<Example> outOfScope = new ArrayList<>();
        for (var row : data.get("oos_test")) {
            outOfScope.add(new Example("other", row.get(0).asText()));
        }
        shipped(IntentFeatures.DEFAULT, clinc.all().stream().map(c -> new Example(c.name(), c.description())).toList(), clinc.names(),
                test, "descriptions alone");
        for (boolean descriptions : new boolean[] {false, true}) {
            double sum = 0;
            for (int draw = 0; draw < 10; draw++) {
                List<Example> examples = new ArrayList<>();
                for (Category category : clinc.all()) {
                    List<String> texts = train.get(CLINC_INTENTS.getOrDefault(category.name(), "oos"));
                    if (descriptions) examples.add(new Example(category.name(), category.description()));
                    for (String text : texts.subList(draw * 10, draw * 10 + 10)) examples.add(new Example(category.name(), text));
                }
                sum += shipped(IntentFeatures.DEFAULT, examples, clinc.names(), test, "draw " + draw + (descriptions ? " with descriptions" : ""));
                if (draw == 0) shipped(IntentFeatures.DEFAULT, examples, clinc.names(), outOfScope, "  all 1,000 out-of-scope texts");
            }
            System.out.printf("mean over the draws %.4f%n", sum / 10);
        }
        // As if an LLM had labelled more texts of each category right: the first n training texts of each.
        for (int n : new int[] {10, 25, 50, 100}) {
            List<Example> examples = new ArrayList<>();
            for (Category category : clinc.all()) {
                examples.add(new Example(category.name(), category.description()));
                for (String text : train.get(CLINC_INTENTS.getOrDefault(category.name(), "oos")).subList(0, n)) {
                    examples.add(new Example(category.name(), text));
                }
            }
            shipped(IntentFeatures.DEFAULT, examples, clinc.names(), test, n + " per category");
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("draws")) {
            draws(Path.of(args[1]));
            return;
        }
        if (args.length > 0 && args[0].equals("explain")) {
            Categories builtIn = Categories.builtIn();
            IntentModel model = IntentModel.train(builtIn.names(), builtIn.all().stream()
                    .flatMap(c -> c.examples().stream().map(t -> new IntentModel.Example(c.name(), t))).toList());
            RulesClassifier rules = new RulesClassifier(builtIn, SpamModel.builtIn());
            System.out.printf("threshold %.2f%n", model.threshold());
            for (String text : args[1].split("\\|")) {
                System.out.printf("%-40s %s %s%n", text, rules.classify(text), model.similarities(text));
            }
            return;
        }
        if (args.length > 0 && args[0].equals("business")) {
            List<Evaluation.Labelled> set = tsv(Path.of(System.getProperty("set", "src/test/resources/intents/small-business.tsv"))).stream()
                    .map(e -> new Evaluation.Labelled(e.label(), e.text())).toList();
            Categories builtIn = Categories.builtIn();
            if (Boolean.getBoolean("desc")) {
                builtIn = Categories.of(builtIn.all().stream().map(c -> c.examples().isEmpty() ? c : new Category(c.name(), c.description(),
                        c.keywords(), c.patterns(), c.reply(), java.util.stream.Stream.concat(java.util.stream.Stream.of(c.description()),
                        c.examples().stream()).toList())).toList());
            }
            Evaluation evaluation = Evaluation.of(new RulesClassifier(builtIn, SpamModel.builtIn()), set);
            evaluation.print(System.out);
            Categories keywordsOnly = Categories.of(builtIn.all().stream().map(c -> new Category(c.name(), c.description(),
                    c.keywords(), c.patterns(), c.reply())).toList());
            Categories examplesOnly = Categories.of(builtIn.all().stream().map(c -> new Category(c.name(), c.description(),
                    List.of(), List.of(), c.reply(), c.examples())).toList());
            System.out.printf("   keywords and patterns only %.4f, examples only %.4f%n",
                    Evaluation.of(new RulesClassifier(keywordsOnly, SpamModel.builtIn()), set).accuracy(),
                    Evaluation.of(new RulesClassifier(examplesOnly, SpamModel.builtIn()), set).accuracy());
            Categories clinc = Categories.load(Path.of("src/test/resources/intents/clinc150/categories.yaml"));
            List<Evaluation.Labelled> test = tsv(Path.of("src/test/resources/intents/clinc150/test.tsv")).stream()
                    .map(e -> new Evaluation.Labelled(e.label(), e.text())).toList();
            System.out.printf("   clinc via RulesClassifier %.4f%n", Evaluation.of(new RulesClassifier(clinc, SpamModel.builtIn()), test).accuracy());
            return;
        }
        if (args.length > 0 && args[0].equals("shipped")) {
            Path dir = Path.of("src/test/resources/intents");
            Categories clinc = Categories.load(dir.resolve("clinc150/categories.yaml"));
            List<Example> test = tsv(dir.resolve("clinc150/test.tsv"));
            // Optional: a TSV of all 1,000 of CLINC150's out-of-scope test texts, labelled other (not shipped).
            List<Example> oos = args.length > 1 ? tsv(Path.of(args[1])) : List.of();
            for (IntentFeatures f : List.of(IntentFeatures.DEFAULT, new IntentFeatures(18, 3, 5, true, true), new IntentFeatures(14, 3, 5, true, true))) {
                shipped(f, examples(clinc, false), clinc.names(), test, "examples " + f);
                shipped(f, examples(clinc, true), clinc.names(), test, "examples+descriptions " + f);
                if (!oos.isEmpty()) {
                    shipped(f, examples(clinc, false), clinc.names(), oos, "all out-of-scope texts, examples " + f);
                }
            }
            return;
        }
        Path dir = Path.of("src/test/resources/intents");
        Categories clinc = Categories.load(dir.resolve("clinc150/categories.yaml"));
        List<Example> clincTrain = examples(clinc, System.getenv("DESC") != null);
        List<Example> clincTest = tsv(dir.resolve("clinc150/test.tsv"));
        List<String> clincLabels = clinc.names();
        Map<String, Learner> learners = new LinkedHashMap<>();
        IntentFeatures f = IntentFeatures.DEFAULT;
        IntentFeatures words = new IntentFeatures(18, 0, 0, true, true);
        IntentFeatures wordsNoBigram = new IntentFeatures(18, 0, 0, false, true);
        IntentFeatures noStem = new IntentFeatures(18, 3, 5, true, false);
        IntentFeatures c24 = new IntentFeatures(18, 2, 4, true, true);
        learners.put("centroid tfidf", new Centroid(f, true, 10));
        learners.put("centroid tfidf cosine", new Centroid(f, true, 0));
        learners.put("mixed 1", new Mixed(f, 1, true));
        learners.put("mixed 1 no other", new Mixed(f, 1, false));
        learners.put("mixed .7", new Mixed(f, .7, true));
        learners.put("mixed .5", new Mixed(f, .5, true));
        learners.put("mixed .5 no other", new Mixed(f, .5, false));
        learners.put("mixed .3", new Mixed(f, .3, true));
        learners.put("centroid tfidf t=20", new Centroid(f, true, 20));
        learners.put("centroid tfidf t=5", new Centroid(f, true, 5));
        learners.put("centroid tf", new Centroid(f, false, 10));
        learners.put("centroid words", new Centroid(words, true, 10));
        learners.put("centroid words no bigrams", new Centroid(wordsNoBigram, true, 10));
        learners.put("centroid no stem", new Centroid(noStem, true, 10));
        learners.put("centroid c2-4", new Centroid(c24, true, 10));
        learners.put("nb tfidf a=0.1", new NaiveBayes(f, 0.1, true));
        learners.put("nb tfidf a=0.01", new NaiveBayes(f, 0.01, true));
        learners.put("nb counts a=0.1", new NaiveBayes(f, 0.1, false));
        learners.put("nb words a=0.1", new NaiveBayes(words, 0.1, true));
        learners.put("lr 1e-3", new Logistic(new IntentFeatures(16, 3, 5, true, true), 1e-3, 30, true));
        learners.put("lr 1e-4", new Logistic(new IntentFeatures(16, 3, 5, true, true), 1e-4, 30, true));
        if (args.length > 1) learners.keySet().retainAll(List.of(args[1].split(",")));
        for (var en : learners.entrySet()) {
            long start = System.nanoTime();
            double t = threshold(en.getValue(), clincTrain, clincLabels);
            double a0 = accuracy(en.getValue(), clincTrain, clincLabels, clincTest, 0, null);
            Map<String, int[]> confusion = new java.util.TreeMap<>();
            double at = accuracy(en.getValue(), clincTrain, clincLabels, clincTest, t, confusion);
            System.out.printf("%-28s clinc: no threshold %.4f, LOO threshold %.2f -> %.4f  (%d ms)%n", en.getKey(), a0, t, at,
                    (System.nanoTime() - start) / 1_000_000);
            if (args.length > 0) {
                confusion.forEach((k, v) -> { if (!k.split("->")[0].equals(k.split("->")[1])) System.out.println("   " + k + " " + v[0]); });
            }
        }
    }
}
