package io.smsync.store;

/** A batch's stored classification; {@code model} is null for the offline rules. */
public record ClassificationRow(String batchId, String category, double confidence, String method, String model) {
}
