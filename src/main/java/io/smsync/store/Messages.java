package io.smsync.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for messages and their dedup keys. */
public final class Messages {
    /** Conversation order: phone time when given, else arrival; arrival position breaks ties. */
    static final String CONVERSATION_ORDER = " ORDER BY COALESCE(sent_at, received_at), batch_seq";

    /** Records a dedup key; false (and the duplicate counted) when it was seen before. */
    public boolean firstSighting(Handle h, String source, String guid, Instant now) {
        int inserted = h.createUpdate("INSERT INTO seen_guids (source, guid, first_seen_at) VALUES (:source, :guid, :now) "
                        + "ON CONFLICT DO NOTHING")
                .bind("source", source).bind("guid", guid).bind("now", now)
                .execute();
        if (inserted == 1) {
            return true;
        }
        h.createUpdate("UPDATE seen_guids SET duplicate_count = duplicate_count + 1 WHERE source = :source AND guid = :guid")
                .bind("source", source).bind("guid", guid)
                .execute();
        return false;
    }

    public void insert(Handle h, MessageRow m) {
        h.createUpdate("INSERT INTO messages (id, source, guid, batch_id, batch_seq, sender, recipient, body, sent_at, received_at) "
                        + "VALUES (:id, :source, :guid, :batchId, :batchSeq, :sender, :recipient, :body, :sentAt, :receivedAt)")
                .bind("id", m.id()).bind("source", m.source()).bind("guid", m.guid())
                .bind("batchId", m.batchId()).bind("batchSeq", m.batchSeq())
                .bind("sender", m.sender()).bind("recipient", m.recipient()).bind("body", m.body())
                .bind("sentAt", m.sentAt()).bind("receivedAt", m.receivedAt())
                .execute();
    }

    /** A batch's messages in conversation order: phone time when given, else arrival. */
    public List<MessageRow> ofBatch(Handle h, String batchId) {
        return h.createQuery("SELECT * FROM messages WHERE batch_id = :batchId" + CONVERSATION_ORDER)
                .bind("batchId", batchId)
                .mapTo(MessageRow.class)
                .list();
    }
}
