package io.smsync.store;

/** The counters of {@code GET /api/stats}. */
public record Stats(long messagesReceived, long duplicates, long batchesOpen, long batchesDone, long batchesFailed,
                    long classifiedLlm, long classifiedRules, long repliesSent, long repliesSkipped, long repliesFailed) {
}
