package io.smsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A batch as stored. {@code recipient} is "" when the line is unknown. */
public record BatchRow(String id, String sender, String recipient, BatchStatus status, Instant openedAt,
                       Instant lastMessageAt, Instant dueAt, Instant closedAt, Instant finishedAt,
                       int messageCount, int attempts, String error) {

    static final String COLUMNS = "id, sender, recipient, status, opened_at, last_message_at, due_at, closed_at, "
            + "finished_at, message_count, attempts, error";

    static BatchRow map(ResultSet rs) throws SQLException {
        return new BatchRow(rs.getString("id"), rs.getString("sender"), rs.getString("recipient"),
                BatchStatus.of(rs.getString("status")), Times.instant(rs, "opened_at"),
                Times.instant(rs, "last_message_at"), Times.instant(rs, "due_at"), Times.instant(rs, "closed_at"),
                Times.instant(rs, "finished_at"), rs.getInt("message_count"), rs.getInt("attempts"),
                rs.getString("error"));
    }
}
