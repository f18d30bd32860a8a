package io.smsync.classify;

import java.util.Objects;

/** The category picked for a batch, how sure the classifier was (0..1), how, and by which model (null for rules). */
public record Classification(String category, double confidence, Method method, String model) {
    public Classification {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(method, "method");
    }
}
