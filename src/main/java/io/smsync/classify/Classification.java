package io.smsync.classify;

import java.util.Objects;

/**
 * The category picked for a batch, how sure the classifier was (0..1), how, by which model (null for rules), and,
 * when the LLM picked it, the offline classifier's category for the same text (else null).
 */
public record Classification(String category, double confidence, Method method, String model, String offlineCategory) {
    public Classification {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(method, "method");
    }

    public Classification(String category, double confidence, Method method, String model) {
        this(category, confidence, method, model, null);
    }

    /** This classification with the offline classifier's category for the same text alongside. */
    public Classification withOfflineCategory(String offline) {
        return new Classification(category, confidence, method, model, offline);
    }
}
