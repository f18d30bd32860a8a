package io.smsync.store;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** A stored message; {@code id} is its row id (internal, never shown), {@code batchSeq} its arrival position within the batch. */
public record MessageRow(long id, String source, String guid, String batchId, int batchSeq, String sender,
                         String recipient, String body, Instant sentAt, Instant receivedAt) {

    /** A batch's text is its messages' texts, trimmed, in conversation order, joined by newlines. */
    public static String batchText(List<MessageRow> inConversationOrder) {
        return inConversationOrder.stream().map(m -> m.body().trim()).collect(Collectors.joining("\n"));
    }
}
