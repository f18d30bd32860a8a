package io.smsync.store;

import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for reading and writing single messages; the webhooks' bulk path is {@link Intake}. */
public final class Messages {
    /** Conversation order: phone time when given, else arrival; arrival position breaks ties. */
    static final String CONVERSATION_ORDER = " ORDER BY COALESCE(sent_at, received_at), batch_seq";

    /** Stores one message as given, but for its row id, which the database assigns. */
    public void insert(Handle h, MessageRow m) {
        h.createUpdate("INSERT INTO messages (source, guid, batch_id, batch_seq, sender, recipient, body, sent_at, received_at) "
                        + "VALUES (:source, :guid, :batchId, :batchSeq, :sender, :recipient, :body, :sentAt, :receivedAt)")
                .bind("source", m.source()).bind("guid", m.guid())
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
