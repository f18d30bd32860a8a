package io.smsync.store;

/**
 * The counters of {@code GET /api/stats}. {@code offlineCompared}: batches the LLM classified and the offline
 * classifier was asked about too; {@code offlineAgreed}: of those, how many it gave the LLM's category;
 * {@code offlineAgreement}: their ratio (null before the first).
 */
public record Stats(long messagesReceived, long duplicates, long batchesOpen, long batchesDone, long batchesFailed,
                    long classifiedLlm, long classifiedRules, long repliesSent, long repliesSkipped, long repliesFailed,
                    long offlineCompared, long offlineAgreed, Double offlineAgreement) {
}
