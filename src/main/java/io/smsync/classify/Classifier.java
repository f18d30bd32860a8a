package io.smsync.classify;

/**
 * Picks one category for a batch's text (several messages joined with newlines, possibly empty).
 * The classifier the batch processor is given never throws: an implementation that can fail, such
 * as {@link LlmClassifier}, is wrapped in a {@link FallbackClassifier} over the offline rules.
 */
public interface Classifier {
    Classification classify(String text);
}
