package io.smsync.store;

import java.time.Instant;

/**
 * An outbox entry: the reply decided for a batch, where its delivery stands, and the last failure's {@code error}.
 * {@code autoReply} is false for the answer to HELP, the one text an opted-out sender still gets.
 */
public record ReplyRow(String id, String batchId, String recipient, String body, ReplyStatus status, String reason,
                       int attempts, Instant createdAt, Instant updatedAt, Instant sentAt, String deliveryStatus,
                       String error, boolean autoReply) {

    /** A new outbox entry (an auto-reply): {@code pending} with a text, or {@code skipped} with the reason. */
    public static ReplyRow create(String id, String batchId, String recipient, String body, ReplyStatus status,
                                  String reason, Instant now) {
        return new ReplyRow(id, batchId, recipient, body, status, reason, 0, now, now, null, null, null, true);
    }

    /** This entry as an auto-reply ({@code true}) or as the answer to HELP ({@code false}). */
    public ReplyRow withAutoReply(boolean auto) {
        return new ReplyRow(id, batchId, recipient, body, status, reason, attempts, createdAt, updatedAt, sentAt,
                deliveryStatus, error, auto);
    }
}
