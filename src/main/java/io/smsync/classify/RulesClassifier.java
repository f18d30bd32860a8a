package io.smsync.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The offline classifier: each keyword or pattern found in the text is evidence for its category,
 * the category with the most evidence wins (the earlier one on a tie), and no evidence means
 * {@code other}. It never calls out and never throws.
 */
public final class RulesClassifier implements Classifier {
    /** The confidence of the fallback {@code other} when nothing matched. */
    static final double NO_EVIDENCE = 0.3;

    private final List<Rule> rules;

    public RulesClassifier(Categories categories) {
        this.rules = categories.all().stream().map(RulesClassifier::rule).toList();
    }

    @Override
    public Classification classify(String text) {
        // Phones type curly apostrophes; keywords are written with straight ones.
        String normalized = text == null ? "" : text.replace('\u2019', '\'');
        Rule best = null;
        double bestScore = 0;
        double total = 0;
        for (Rule rule : rules) {
            double score = rule.score(normalized);
            total += score;
            if (score > bestScore) {
                best = rule;
                bestScore = score;
            }
        }
        if (best == null) {
            return new Classification(Categories.OTHER, NO_EVIDENCE, Method.RULES, null);
        }
        return new Classification(best.category(), confidence(bestScore, total), Method.RULES, null);
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
            String body = Stream.of(words).map(Pattern::quote).collect(Collectors.joining("\\s+"));
            // Letters and digits as boundaries (not \b) so keywords may start or end with punctuation.
            Pattern pattern = Pattern.compile("(?<![\\p{L}\\p{N}])" + body + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            // A phrase is more specific than a single word, so it counts for more.
            evidence.add(new Evidence(pattern, 1 + 0.5 * (words.length - 1)));
        }
        for (String regex : category.patterns()) {
            evidence.add(new Evidence(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), 1));
        }
        return new Rule(category.name(), evidence);
    }

    private record Rule(String category, List<Evidence> evidence) {
        double score(String text) {
            double score = 0;
            for (Evidence item : evidence) {
                if (item.pattern().matcher(text).find()) {
                    score += item.weight();
                }
            }
            return score;
        }
    }

    private record Evidence(Pattern pattern, double weight) {
    }
}
