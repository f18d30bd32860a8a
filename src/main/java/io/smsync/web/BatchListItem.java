package io.smsync.web;

import io.smsync.store.BatchSummary;
import java.time.Instant;

/**
 * A batch as a listing shows it: like {@link BatchView} without the messages, and {@code text} only the first
 * 160 characters of the batch's text; {@code textTruncated} says there is more in {@code GET /api/batches/{id}}.
 */
public record BatchListItem(String id, String sender, String to, String status, Instant openedAt, Instant dueAt,
                            Instant closedAt, int messageCount, String text, boolean textTruncated,
                            BatchView.ClassificationView classification, BatchView.ReplyView reply, boolean handled) {

    public static BatchListItem of(BatchSummary summary) {
        var batch = summary.batch();
        return new BatchListItem(batch.id(), batch.sender(), batch.recipient().isEmpty() ? null : batch.recipient(),
                batch.status().wireName(), batch.openedAt(), batch.dueAt(), batch.closedAt(), batch.messageCount(),
                summary.preview(), summary.textTruncated(), BatchView.classification(summary.classification()),
                BatchView.reply(summary.reply()), summary.handled());
    }
}
