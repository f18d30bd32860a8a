package io.smsync.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * SQL for a sender's conversation: the messages they sent and the texts sent to them (auto-replies, HELP answers,
 * operator texts; skipped auto-replies had no text and are left out), newest first in pages by (time, id).
 * A message is placed at its arrival, a text at its creation: both the server's clock, and neither changes later.
 */
public final class Conversations {

    /** One line of a thread: a message ({@code reply} null) or a text sent to the sender; {@code id} is its place key. */
    public record Item(String id, Instant at, String text, String batchId, ReplyRow reply) {
        public boolean inbound() {
            return reply == null;
        }
    }

    /** A page in thread order (oldest first); {@code next} is where the older page starts, null after the last. */
    public record Page(List<Item> items, ReadModel.Position next) {
    }

    private static final Comparator<Item> NEWEST_FIRST = Comparator.comparing(Item::at).thenComparing(Item::id).reversed();

    public Page page(Handle h, String sender, ReadModel.Position before, int limit) {
        // A message's place is (arrival, batch id, position in the batch), written as one key "b_…-000042"; a text's is
        // (creation, reply id). At the same millisecond every message key sorts before every reply id ("b_" < "r_").
        boolean afterMessage = before != null && before.id().startsWith("b_");
        String beforeIn = before == null ? "" : afterMessage
                ? " AND (m.received_at < :beforeAt OR (m.received_at = :beforeAt AND (m.batch_id < :beforeBatch"
                        + " OR (m.batch_id = :beforeBatch AND m.batch_seq < :beforeSeq))))"
                : " AND m.received_at <= :beforeAt";
        var inbound = h.createQuery("SELECT m.received_at, m.body, m.batch_id, m.batch_seq FROM messages m "
                        + "JOIN batches b ON b.id = m.batch_id WHERE b.sender = :sender" + beforeIn
                        + " ORDER BY m.received_at DESC, m.batch_id DESC, m.batch_seq DESC LIMIT :limit");
        String beforeOut = before == null ? "" : afterMessage ? " AND created_at < :beforeAt"
                : " AND (created_at < :beforeAt OR (created_at = :beforeAt AND id < :beforeId))";
        var outbound = h.createQuery("SELECT * FROM replies WHERE recipient = :sender AND body IS NOT NULL" + beforeOut
                + " ORDER BY created_at DESC, id DESC LIMIT :limit");
        for (var query : List.of(inbound, outbound)) {
            query.bind("sender", sender).bind("limit", limit + 1);
            if (before != null) {
                query.bind("beforeAt", before.openedAt());
            }
        }
        if (before != null && afterMessage) {
            int dash = before.id().lastIndexOf('-');
            inbound.bind("beforeBatch", before.id().substring(0, Math.max(dash, 0)))
                    .bind("beforeSeq", dash < 0 ? 0 : parseSeq(before.id().substring(dash + 1)));
        } else if (before != null) {
            outbound.bind("beforeId", before.id());
        }
        List<Item> items = new ArrayList<>(inbound.map((rs, ctx) -> new Item(
                messageKey(rs.getString("batch_id"), rs.getInt("batch_seq")), Instant.ofEpochMilli(rs.getLong("received_at")),
                rs.getString("body"), rs.getString("batch_id"), null)).list());
        outbound.mapTo(ReplyRow.class).forEach(r -> items.add(new Item(r.id(), r.createdAt(), r.body(), r.batchId(), r)));
        items.sort(NEWEST_FIRST);
        ReadModel.Position next = null;
        if (items.size() > limit) {
            items.subList(limit, items.size()).clear();
            next = new ReadModel.Position(items.getLast().at(), items.getLast().id());
        }
        return new Page(items.reversed(), next);
    }

    private static String messageKey(String batchId, int seq) {
        return batchId + "-" + String.format("%06d", seq);
    }

    private static int parseSeq(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
