package io.smsync.classify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the primary classifier and, if it fails in any way, answers with the fallback's classification.
 * While the circuit breaker is open (the primary kept failing) the fallback answers at once. When the
 * primary answers, the fallback's category for the same text goes along ({@link Classification#offlineCategory()}).
 */
public final class FallbackClassifier implements Classifier {
    private static final Logger log = LoggerFactory.getLogger(FallbackClassifier.class);

    private final Classifier primary;
    private final Classifier fallback;
    private final CircuitBreaker breaker;

    public FallbackClassifier(Classifier primary, Classifier fallback, CircuitBreaker breaker) {
        this.primary = primary;
        this.fallback = fallback;
        this.breaker = breaker;
    }

    @Override
    public Classification classify(String text) {
        if (!breaker.allowCall()) {
            return fallback.classify(text);
        }
        boolean succeeded = false;
        try {
            Classification result = primary.classify(text);
            succeeded = true;
            // The offline classifier's answer too, so that how often it agrees with the LLM can be measured on a
            // text it has not learned from (it learns from stored LLM verdicts only later); it takes microseconds.
            return result.withOfflineCategory(fallback.classify(text).category());
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("LLM classification failed, using offline rules: {}", reason);
            return fallback.classify(text);
        } finally {
            // In finally, so that even an Error ends a trial call and the breaker cannot stay half-open for good.
            if (succeeded) {
                breaker.succeeded();
            } else {
                breaker.failed();
            }
        }
    }
}
