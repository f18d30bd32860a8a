package io.smsync.store;

import java.time.Instant;

/**
 * An outbox entry: the reply decided for a batch, or an operator's text (no batch), where its delivery stands, and
 * the last failure's {@code error}. {@code autoReply} is false for the answer to HELP, the one text an opted-out
 * sender still gets, and for operator texts; {@code origin} says who wrote it: {@code auto} or {@code operator}.
 */
public record ReplyRow(String id, String batchId, String recipient, String body, ReplyStatus status, String reason,
                       int attempts, Instant createdAt, Instant updatedAt, Instant sentAt, String deliveryStatus,
                       String error, boolean autoReply, String origin) {
    public static final String AUTO = "auto";
    public static final String OPERATOR = "operator";

    /** A new outbox entry (an auto-reply): {@code pending} with a text, or {@code skipped} with the reason. */
    public static ReplyRow create(String id, String batchId, String recipient, String body, ReplyStatus status,
                                  String reason, Instant now) {
        return new ReplyRow(id, batchId, recipient, body, status, reason, 0, now, now, null, null, null, true, AUTO);
    }

    /** A new operator's text to {@code recipient}, pending; it answers no batch. */
    public static ReplyRow byOperator(String id, String recipient, String body, Instant now) {
        return new ReplyRow(id, null, recipient, body, ReplyStatus.PENDING, null, 0, now, now, null, null, null, false, OPERATOR);
    }

    /** This entry as an auto-reply ({@code true}) or as the answer to HELP ({@code false}). */
    public ReplyRow withAutoReply(boolean auto) {
        return new ReplyRow(id, batchId, recipient, body, status, reason, attempts, createdAt, updatedAt, sentAt,
                deliveryStatus, error, auto, origin);
    }

    public boolean isOperatorText() {
        return OPERATOR.equals(origin);
    }

    /** What the reader is told about it: being handed over, or waiting for the phone to fetch it, is still pending. */
    public String shownStatus() {
        return status == ReplyStatus.SENDING || status == ReplyStatus.QUEUED ? ReplyStatus.PENDING.wireName() : status.wireName();
    }
}
