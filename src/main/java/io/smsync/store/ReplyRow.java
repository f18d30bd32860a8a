package io.smsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** An outbox entry: the reply decided for a batch, where its delivery stands, and the last failure's {@code error}. */
public record ReplyRow(String id, String batchId, String recipient, String body, ReplyStatus status, String reason,
                       int attempts, Instant createdAt, Instant updatedAt, Instant sentAt, String deliveryStatus,
                       String error) {

    /** A new outbox entry: {@code pending} with a text, or {@code skipped} with the reason. */
    public static ReplyRow create(String id, String batchId, String recipient, String body, ReplyStatus status,
                                  String reason, Instant now) {
        return new ReplyRow(id, batchId, recipient, body, status, reason, 0, now, now, null, null, null);
    }

    static ReplyRow map(ResultSet rs) throws SQLException {
        return new ReplyRow(rs.getString("id"), rs.getString("batch_id"), rs.getString("recipient"),
                rs.getString("body"), ReplyStatus.of(rs.getString("status")), rs.getString("reason"),
                rs.getInt("attempts"), Times.instant(rs, "created_at"), Times.instant(rs, "updated_at"),
                Times.instant(rs, "sent_at"), rs.getString("delivery_status"), rs.getString("error"));
    }
}
