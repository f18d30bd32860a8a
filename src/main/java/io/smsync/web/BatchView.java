package io.smsync.web;

import io.smsync.store.BatchDetail;
import io.smsync.store.ClassificationRow;
import io.smsync.store.MessageRow;
import io.smsync.store.ReplyRow;
import io.smsync.store.ReplyStatus;
import java.time.Instant;
import java.util.List;

/** A batch as {@code GET /api/batches/{id}} shows it; serialized in snake_case. */
public record BatchView(String id, String sender, String to, String status, Instant openedAt, Instant dueAt,
                        Instant closedAt, int messageCount, List<MessageView> messages, String text,
                        ClassificationView classification, ReplyView reply, boolean handled) {

    public record MessageView(String guid, String text, Instant receivedAt, Instant sentAt) {
    }

    public record ClassificationView(String category, double confidence, String method, String model) {
    }

    /** The batch's reply; {@code id} names it for the retry and settle actions. */
    public record ReplyView(String id, String status, String reason, String text) {
    }

    public static BatchView of(BatchDetail detail) {
        var batch = detail.batch();
        List<MessageView> messages = detail.messages().stream()
                .map(m -> new MessageView(m.guid(), m.body(), m.receivedAt(), m.sentAt()))
                .toList();
        String text = MessageRow.batchText(detail.messages());
        return new BatchView(batch.id(), batch.sender(), batch.recipient().isEmpty() ? null : batch.recipient(),
                batch.status().wireName(), batch.openedAt(), batch.dueAt(), batch.closedAt(), batch.messageCount(),
                messages, text, classification(detail.classification()), reply(detail.reply()), detail.handled());
    }

    static ClassificationView classification(ClassificationRow row) {
        return row == null ? null : new ClassificationView(row.category(), row.confidence(), row.method(), row.model());
    }

    static ReplyView reply(ReplyRow row) {
        if (row == null) {
            return null;
        }
        return new ReplyView(row.id(), replyStatus(row), row.status() == ReplyStatus.SKIPPED ? row.reason() : row.error(), row.body());
    }

    /** Being handed over, or waiting for the phone to fetch it, is still pending to the reader. */
    static String replyStatus(ReplyRow row) {
        return row.shownStatus();
    }
}
