package io.smsync.store;

import java.time.Instant;

/**
 * What happened in one hour: messages received, batches opened, LLM calls made, replies sent. Each batch
 * is one classification, so {@code messages - batches} LLM calls were saved by consolidation.
 */
public record HourCounts(Instant hour, long messages, long batches, long llmCalls, long repliesSent) {
}
