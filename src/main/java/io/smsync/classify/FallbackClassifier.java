package io.smsync.classify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks the primary classifier and, if it fails in any way, answers with the fallback's classification. */
public final class FallbackClassifier implements Classifier {
    private static final Logger log = LoggerFactory.getLogger(FallbackClassifier.class);

    private final Classifier primary;
    private final Classifier fallback;

    public FallbackClassifier(Classifier primary, Classifier fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public Classification classify(String text) {
        try {
            return primary.classify(text);
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("LLM classification failed, using offline rules: {}", reason);
            return fallback.classify(text);
        }
    }
}
