package io.smsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** A stored message; {@code batchSeq} is its arrival position within the batch. */
public record MessageRow(String id, String source, String guid, String batchId, int batchSeq, String sender,
                         String recipient, String body, Instant sentAt, Instant receivedAt) {

    /** A batch's text is its messages' texts, trimmed, in conversation order, joined by newlines. */
    public static String batchText(List<MessageRow> inConversationOrder) {
        return inConversationOrder.stream().map(m -> m.body().trim()).collect(Collectors.joining("\n"));
    }

    static MessageRow map(ResultSet rs) throws SQLException {
        return new MessageRow(rs.getString("id"), rs.getString("source"), rs.getString("guid"),
                rs.getString("batch_id"), rs.getInt("batch_seq"), rs.getString("sender"), rs.getString("recipient"),
                rs.getString("body"), Times.instant(rs, "sent_at"), Times.instant(rs, "received_at"));
    }
}
