package io.smsync.store;

import java.time.Instant;

/** A batch as stored. {@code recipient} is "" when the line is unknown. */
public record BatchRow(String id, String sender, String recipient, BatchStatus status, Instant openedAt,
                       Instant lastMessageAt, Instant dueAt, Instant closedAt, Instant finishedAt,
                       int messageCount, int attempts, String error) {

    static final String COLUMNS = "id, sender, recipient, status, opened_at, last_message_at, due_at, closed_at, "
            + "finished_at, message_count, attempts, error";
}
