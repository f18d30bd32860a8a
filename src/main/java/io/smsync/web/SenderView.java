package io.smsync.web;

import io.smsync.store.ReplyRow;
import io.smsync.store.SenderDetail;
import java.time.Instant;
import java.util.List;

/**
 * A sender as {@code GET /api/senders/{number}} shows it: opt-out state, last reply, and the newest page of their
 * batches; {@code recentBatchesNext} continues it through {@code GET /api/batches?sender=…&before=…}.
 */
public record SenderView(String number, boolean optedOut, Instant optedOutAt, Instant optedInAt, Instant lastReplyAt,
                         LastReply lastReply, List<BatchListItem> recentBatches, String recentBatchesNext) {

    public record LastReply(String batchId, String status, String text, Instant at) {
    }

    public static SenderView of(SenderDetail detail) {
        var state = detail.state();
        ReplyRow last = detail.lastReply();
        return new SenderView(detail.number(), state != null && state.optedOut(),
                state == null ? null : state.optedOutAt(), state == null ? null : state.optedInAt(),
                state == null ? null : state.lastReplyAt(),
                last == null ? null : new LastReply(last.batchId(), BatchView.replyStatus(last), last.body(),
                        last.sentAt() != null ? last.sentAt() : last.createdAt()),
                detail.recentBatches().batches().stream().map(BatchListItem::of).toList(),
                Cursor.encode(detail.recentBatches().next()));
    }
}
