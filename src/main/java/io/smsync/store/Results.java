package io.smsync.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for what processing a batch produces: its classification, its reply (the outbox) and the per-sender cooldown. */
public final class Results {

    public void insertClassification(Handle h, String batchId, String category, double confidence, String method,
                                     String model, Instant now) {
        h.createUpdate("INSERT INTO classifications (batch_id, category, confidence, method, model, created_at) "
                        + "VALUES (:batchId, :category, :confidence, :method, :model, :now)")
                .bind("batchId", batchId).bind("category", category).bind("confidence", confidence)
                .bind("method", method).bind("model", model).bind("now", now.toEpochMilli())
                .execute();
    }

    public void insertReply(Handle h, ReplyRow reply) {
        h.createUpdate("INSERT INTO replies (id, batch_id, recipient, body, status, reason, created_at, updated_at) "
                        + "VALUES (:id, :batchId, :recipient, :body, :status, :reason, :now, :now)")
                .bind("id", reply.id()).bind("batchId", reply.batchId()).bind("recipient", reply.recipient())
                .bind("body", reply.body()).bind("status", reply.status().wireName()).bind("reason", reply.reason())
                .bind("now", reply.createdAt().toEpochMilli())
                .execute();
    }

    /**
     * Takes the sender's reply slot if the last auto-reply is older than {@code cooldown}; the conditional
     * update is atomic, so two workers finishing batches of one sender cannot both reply.
     */
    public boolean takeReplySlot(Handle h, String sender, Instant now, Duration cooldown) {
        h.createUpdate("INSERT INTO senders (number) VALUES (:number) ON CONFLICT DO NOTHING")
                .bind("number", sender)
                .execute();
        return h.createUpdate("UPDATE senders SET last_reply_at = :now WHERE number = :number "
                        + "AND (last_reply_at IS NULL OR last_reply_at <= :threshold)")
                .bind("now", now.toEpochMilli()).bind("number", sender)
                .bind("threshold", now.minus(cooldown).toEpochMilli())
                .execute() == 1;
    }

    /** Moves a reply from pending to sending; false when another dispatcher took it first. */
    public boolean claimReply(Handle h, String replyId, Instant now) {
        return h.createUpdate("UPDATE replies SET status = 'sending', attempts = attempts + 1, updated_at = :now "
                        + "WHERE id = :id AND status = 'pending'")
                .bind("id", replyId).bind("now", now.toEpochMilli())
                .execute() == 1;
    }

    public void markReply(Handle h, String replyId, ReplyStatus status, String reason, Instant now) {
        h.createUpdate("UPDATE replies SET status = :status, reason = :reason, updated_at = :now"
                        + (status == ReplyStatus.SENT ? ", sent_at = :now" : "") + " WHERE id = :id")
                .bind("status", status.wireName()).bind("reason", reason).bind("now", now.toEpochMilli())
                .bind("id", replyId)
                .execute();
    }

    /** Pending replies not touched since {@code before}: left behind by a crash between commit and send. */
    public List<ReplyRow> pendingBefore(Handle h, Instant before, int limit) {
        return h.createQuery("SELECT * FROM replies WHERE status = 'pending' AND updated_at <= :before "
                        + "ORDER BY updated_at LIMIT :limit")
                .bind("before", before.toEpochMilli()).bind("limit", limit)
                .map((rs, ctx) -> ReplyRow.map(rs))
                .list();
    }

    public Optional<ReplyRow> replyOf(Handle h, String batchId) {
        return h.createQuery("SELECT * FROM replies WHERE batch_id = :batchId")
                .bind("batchId", batchId)
                .map((rs, ctx) -> ReplyRow.map(rs))
                .findOne();
    }
}
