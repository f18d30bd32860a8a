package io.smsync.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smsync.store.Conversations;
import io.smsync.store.ReplyRow;
import io.smsync.store.ReplyStatus;
import io.smsync.store.Senders;
import java.time.Instant;
import java.util.List;

/**
 * A sender's thread as {@code GET /api/senders/{number}/conversation} shows it: items oldest first within the page,
 * {@code next} the cursor of older items. {@code opted_out_by} says who made the opt-out: {@code sender} (STOP) or
 * {@code operator}.
 */
public record ConversationView(String sender, boolean optedOut, String optedOutBy, List<Item> items, String next) {

    /**
     * One line: a message ({@code direction} {@code in}) or a text sent to the sender ({@code out}, with its reply id,
     * state, author, the skip reason or last error, and the gateway's delivery report). {@code batch_id} is null for an
     * operator's text.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String direction, Instant at, String text, @JsonInclude(JsonInclude.Include.ALWAYS) String batchId,
                       String replyId, String status, String by, String reason, String delivery) {
    }

    public static ConversationView of(String sender, Senders.SenderRow state, Conversations.Page page) {
        boolean optedOut = state != null && state.optedOut();
        return new ConversationView(sender, optedOut, optedOut ? state.optChangeBy() : null,
                page.items().stream().map(ConversationView::item).toList(), Cursor.encode(page.next()));
    }

    private static Item item(Conversations.Item item) {
        ReplyRow r = item.reply();
        if (r == null) {
            return new Item("in", item.at(), item.text(), item.batchId(), null, null, null, null, null);
        }
        String reason = r.status() == ReplyStatus.SKIPPED ? r.reason() : r.error();
        return new Item("out", item.at(), item.text(), item.batchId(), r.id(), r.shownStatus(),
                r.isOperatorText() ? ReplyRow.OPERATOR : ReplyRow.AUTO, reason, r.deliveryStatus());
    }
}
