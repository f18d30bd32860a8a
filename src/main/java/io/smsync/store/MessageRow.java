package io.smsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A stored message; {@code batchSeq} is its arrival position within the batch. */
public record MessageRow(String id, String source, String guid, String batchId, int batchSeq, String sender,
                         String recipient, String body, Instant sentAt, Instant receivedAt) {

    static MessageRow map(ResultSet rs) throws SQLException {
        return new MessageRow(rs.getString("id"), rs.getString("source"), rs.getString("guid"),
                rs.getString("batch_id"), rs.getInt("batch_seq"), rs.getString("sender"), rs.getString("recipient"),
                rs.getString("body"), Times.instant(rs, "sent_at"), Times.instant(rs, "received_at"));
    }
}
