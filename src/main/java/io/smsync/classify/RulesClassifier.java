package io.smsync.classify;

import io.smsync.sms.Keyword;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The offline classifier. The spam model decides first: a batch with a message it calls spam is
 * {@code spam} (when the categories have one). When the categories have examples (or it has learned
 * from the LLM's verdicts), the category most similar to the examples wins, with keywords and patterns
 * as extra evidence. Without examples, each keyword or pattern found is evidence for its category, and
 * the category with the most evidence wins if some of it is specific (generic words alone never
 * decide). A tie goes to the category whose strongest piece of evidence is the more specific (a phrase
 * over a word); too little evidence, or a tie even so, means {@code other}. It never calls out and
 * never throws.
 */
public final class RulesClassifier implements Classifier {
    /** The confidence of the fallback {@code other} when nothing matched. */
    static final double NO_EVIDENCE = 0.3;
    static final String SPAM = "spam";
    /** Messages shorter than this are never called spam: too little text for the model to go on. */
    static final int SPAM_MIN_CHARS = 20;
    /** The weight of a specific keyword or pattern: a category needs at least one such to win. */
    static final double SPECIFIC = 1;
    /** The weight of one generic word, which appears in texts of every kind. */
    static final double WEAK = 0.5;
    /** Words and phrases so common in ordinary texts that alone they say little about the category. */
    static final Set<String> GENERIC = Set.of("what", "why", "when", "where", "which", "who", "how", "does",
            "help", "info", "available", "open", "visit", "tomorrow", "tonight", "free", "now", "today",
            "can you", "could you", "would you", "do you", "are you", "is there", "are there");

    /** What one unit of keyword evidence adds to a category's similarity to the examples (see docs/classifier.md). */
    static final double KEYWORD_WEIGHT = 0.1;

    private final List<Rule> rules;
    private final SpamModel spam;
    private final boolean hasSpam;
    private final List<String> names;
    private final List<IntentModel.Example> examples;
    private final List<IntentModel.Example> allExamples;
    private volatile IntentModel model;

    public RulesClassifier(Categories categories, SpamModel spam) {
        this.rules = categories.all().stream().map(RulesClassifier::rule).toList();
        this.spam = spam;
        this.hasSpam = categories.find(SPAM).isPresent();
        this.names = categories.names();
        this.examples = examples(categories);
        this.allExamples = allExamples(categories);
        this.model = IntentModel.train(names, examples);
    }

    /**
     * From now on, learns from the categories' examples and these texts labelled by another classifier (the LLM's
     * verdicts, newest first); an empty list goes back to the examples alone. Verdicts of {@code spam} (the spam
     * model's business), of a category these categories lack, or of a text that is only compliance keywords are
     * left out. Safe to call while classifying.
     */
    public void learnFrom(List<Evaluation.Labelled> verdicts) {
        List<IntentModel.Example> learned = verdicts.stream()
                .filter(verdict -> !verdict.label().equals(SPAM) && names.contains(verdict.label()))
                .map(verdict -> new IntentModel.Example(verdict.label(), withoutComplianceLines(verdict.text())))
                .filter(example -> !example.text().isBlank())
                .toList();
        if (learned.isEmpty()) {
            model = IntentModel.train(names, examples);
            return;
        }
        List<IntentModel.Example> all = new ArrayList<>(allExamples);
        all.addAll(learned);
        model = IntentModel.train(names, all);
    }

    /** How many texts the classifier currently learns from (examples and verdicts). */
    public int learnedFrom() {
        return model.size();
    }

    /**
     * The texts to learn from when a category but {@code other} has examples (a file that gives only keywords keeps
     * to them, though the built-in {@code other} it gets has examples); else none.
     */
    private static List<IntentModel.Example> examples(Categories categories) {
        if (categories.all().stream().allMatch(c -> c.examples().isEmpty() || c.name().equals(Categories.OTHER))) {
            return List.of();
        }
        return allExamples(categories);
    }

    /**
     * Each category's examples and, for a category of the operator's file, its description as one more (measured:
     * see docs/classifier.md); the built-in categories' descriptions are long instructions for the LLM and measured
     * to hurt, so they are left out. Spam's are left out too: the spam model decides spam.
     */
    private static List<IntentModel.Example> allExamples(Categories categories) {
        List<IntentModel.Example> examples = new ArrayList<>();
        for (Category category : categories.all()) {
            if (category.name().equals(SPAM)) {
                continue;
            }
            if (!BuiltInCategories.ALL.contains(category) && !category.description().isBlank()) {
                examples.add(new IntentModel.Example(category.name(), category.description()));
            }
            category.examples().forEach(text -> examples.add(new IntentModel.Example(category.name(), text)));
        }
        return examples;
    }

    @Override
    public Classification classify(String text) {
        String normalized = withoutComplianceLines(text == null ? "" : text);
        double spamProbability = hasSpam ? spamProbability(normalized) : 0;
        if (spamProbability > 0) {
            double probability = Math.min(0.99, Math.max(0.5, spamProbability));
            return new Classification(SPAM, Math.round(probability * 100) / 100.0, Method.RULES, null);
        }
        IntentModel model = this.model;
        if (model.size() > 0) {
            return byExamples(model, normalized);
        }
        SearchText searchable = SearchText.of(normalized);
        Score best = new Score(null, 0, 0);
        boolean tied = false;
        double total = 0;
        for (Rule rule : rules) {
            Score score = rule.score(searchable);
            total += score.sum();
            int order = score.compareTo(best);
            if (order > 0) {
                best = score;
                tied = false;
            } else if (order == 0) {
                tied = true;
            }
        }
        if (best.category() == null || best.strongest() < SPECIFIC || tied) {
            return new Classification(Categories.OTHER, NO_EVIDENCE, Method.RULES, null);
        }
        return new Classification(best.category(), confidence(best.sum(), total), Method.RULES, null);
    }

    /**
     * The category most like the text: its similarity to the examples (see {@link IntentModel}) plus
     * {@link #KEYWORD_WEIGHT} per unit of keyword evidence (counted only when some of it is specific). Below the
     * model's threshold without a specific keyword, or tied, it is {@code other}.
     */
    private Classification byExamples(IntentModel model, String text) {
        double[] similarities = model.nearest(text).similarities();
        String best = null;
        double bestScore = 0;
        double total = 0;
        boolean tied = false;
        boolean keyword = false;
        SearchText searchable = SearchText.of(text);
        for (int i = 0; i < rules.size(); i++) {
            Score evidence = rules.get(i).score(searchable);
            boolean specific = evidence.strongest() >= SPECIFIC;
            double score = (i < similarities.length ? Math.max(0, similarities[i]) : 0)
                    + (specific ? KEYWORD_WEIGHT * evidence.sum() : 0);
            total += score;
            if (score > bestScore) {
                best = rules.get(i).category();
                bestScore = score;
                keyword = specific;
                tied = false;
            } else if (score == bestScore && score > 0) {
                tied = true;
            }
        }
        if (best == null || tied || bestScore < model.threshold() && !keyword) {
            return new Classification(Categories.OTHER, NO_EVIDENCE, Method.RULES, null);
        }
        double strength = Math.min(1, bestScore / 0.5);
        double share = bestScore / total;
        return new Classification(best, Math.round((0.4 + 0.55 * strength * share) * 100) / 100.0, Method.RULES, null);
    }

    /**
     * The model's probability for the most spam-like message (line) it calls spam, or 0 if it calls none
     * spam. Each message is judged on its own, as the model was trained on single texts; one shorter
     * than {@link #SPAM_MIN_CHARS} is never spam ("text 12", "call me"), which costs 1 of the 523
     * training spam texts.
     */
    private double spamProbability(String text) {
        double best = 0;
        for (String line : text.lines().toList()) {
            if (line.strip().length() >= SPAM_MIN_CHARS && spam.isSpam(line)) {
                best = Math.max(best, spam.probability(line));
            }
        }
        return best;
    }

    /**
     * The text without lines that are only a compliance keyword (STOP, START, HELP and their synonyms, as the reply
     * rules read them: a command for the reply rules, not an intent), with curly apostrophes straightened.
     */
    static String withoutComplianceLines(String text) {
        // Phones type curly apostrophes; keywords are written with straight ones.
        return text.replace('\u2019', '\'').lines()
                .filter(line -> Keyword.of(line) == Keyword.NONE)
                .collect(Collectors.joining("\n"));
    }

    /** Grows with the winner's evidence and shrinks when other categories matched too; always within (0.4, 0.95). */
    static double confidence(double best, double total) {
        double strength = best / (best + 1);
        double share = best / total;
        return Math.round((0.4 + 0.55 * strength * share) * 100) / 100.0;
    }

    private static Rule rule(Category category) {
        List<Evidence> evidence = new ArrayList<>();
        for (String keyword : category.keywords()) {
            String[] words = keyword.strip().split("\\s+");
            // Whole words, though a keyword may start or end with punctuation (see KeywordPhrase).
            KeywordPhrase phrase = new KeywordPhrase(keyword);
            double weight = GENERIC.contains(String.join(" ", words).toLowerCase(Locale.ROOT))
                    ? WEAK
                    // A phrase is more specific than a single word, so it counts for more.
                    : SPECIFIC + 0.5 * (words.length - 1);
            evidence.add(new Evidence(phrase::foundIn, weight));
        }
        for (String regex : category.patterns()) {
            Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            evidence.add(new Evidence(text -> pattern.matcher(text.original()).find(), SPECIFIC));
        }
        return new Rule(category.name(), evidence);
    }

    private record Rule(String category, List<Evidence> evidence) {
        Score score(SearchText text) {
            double sum = 0;
            double strongest = 0;
            for (Evidence item : evidence) {
                if (item.foundIn().test(text)) {
                    sum += item.weight();
                    strongest = Math.max(strongest, item.weight());
                }
            }
            return new Score(category, sum, strongest);
        }
    }

    /** A category's evidence: the total, and its most specific single piece to break ties. */
    private record Score(String category, double sum, double strongest) implements Comparable<Score> {
        @Override
        public int compareTo(Score other) {
            int bySum = Double.compare(sum, other.sum);
            return bySum != 0 ? bySum : Double.compare(strongest, other.strongest);
        }
    }

    /** A keyword or one of the category's regex patterns, and what finding it in a text counts for. */
    private record Evidence(Predicate<SearchText> foundIn, double weight) {
    }
}
