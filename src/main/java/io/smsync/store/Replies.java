package io.smsync.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for the outbox. A reply moves {@code pending → sending → sent | queued | pending (retry) | failed | unknown};
 * every move is a conditional update on the current status, so only one dispatcher can take a reply.
 */
public final class Replies {

    public void insert(Handle h, ReplyRow reply) {
        h.createUpdate("INSERT INTO replies (id, batch_id, recipient, body, status, reason, created_at, updated_at, auto_reply, "
                        + "origin) VALUES (:id, :batchId, :recipient, :body, :status, :reason, :now, :now, :auto, :origin)")
                .bind("id", reply.id()).bind("batchId", reply.batchId()).bind("recipient", reply.recipient())
                .bind("auto", reply.autoReply() ? 1 : 0).bind("origin", reply.origin())
                .bind("body", reply.body()).bind("status", reply.status()).bind("reason", reply.reason())
                .bind("now", reply.createdAt())
                .execute();
    }

    /** Moves a due reply from pending to sending; false when another dispatcher took it first or it is not due. */
    public boolean claim(Handle h, String replyId, Instant now) {
        return h.createUpdate("UPDATE replies SET status = :sending, attempts = attempts + 1, updated_at = :now "
                        + "WHERE id = :id AND status = :pending AND (next_attempt_at IS NULL OR next_attempt_at <= :now)")
                .bind("sending", ReplyStatus.SENDING).bind("pending", ReplyStatus.PENDING).bind("id", replyId).bind("now", now)
                .execute() == 1;
    }

    /**
     * Skips the auto-replies in {@code status} (and with id {@code replyId}, when not null) whose recipient has opted
     * out; returns the skipped replies. Called in the transaction that hands replies to a gateway, so a STOP recorded
     * before that moment always wins: auto-replies and operator texts are skipped; the answer to HELP never is.
     */
    public List<ReplyRow> skipOptedOut(Handle h, ReplyStatus status, String replyId, Instant now) {
        var query = h.createQuery("UPDATE replies SET status = :skipped, reason = 'opted_out', updated_at = :now "
                        + "WHERE status = :status AND (auto_reply = 1 OR origin = 'operator')" + (replyId == null ? "" : " AND id = :id")
                        // EXISTS looks the recipient up by its key; SQLite ran "IN (SELECT number ...)" as a scan of every
                        // sender in each dispatch: 1.2 ms at 38,000 senders, a quarter of the writer's time in a backlog.
                        + " AND EXISTS (SELECT 1 FROM senders s WHERE s.number = replies.recipient AND s.opted_out = 1) RETURNING *")
                .bind("skipped", ReplyStatus.SKIPPED).bind("status", status).bind("now", now);
        if (replyId != null) {
            query.bind("id", replyId);
        }
        return query.mapTo(ReplyRow.class).list();
    }

    /** Records the outcome of a send this dispatcher holds ({@code sending}); false when it was not in {@code sending}. */
    public boolean finish(Handle h, String replyId, ReplyStatus status, String error, Instant now) {
        return h.createUpdate("UPDATE replies SET status = :status, error = :error, updated_at = :now"
                        + (status == ReplyStatus.SENT ? ", sent_at = :now" : "") + " WHERE id = :id AND status = :sending")
                .bind("sending", ReplyStatus.SENDING).bind("status", status).bind("error", error).bind("now", now)
                .bind("id", replyId)
                .execute() == 1;
    }

    /** Puts a reply this dispatcher holds back to pending, to be tried again at {@code retryAt}. */
    public void retryAt(Handle h, String replyId, Instant retryAt, String error, Instant now) {
        h.createUpdate("UPDATE replies SET status = :pending, next_attempt_at = :retryAt, error = :error, "
                        + "updated_at = :now WHERE id = :id AND status = :sending")
                .bind("pending", ReplyStatus.PENDING).bind("sending", ReplyStatus.SENDING)
                .bind("retryAt", retryAt).bind("error", error).bind("now", now)
                .bind("id", replyId)
                .execute();
    }

    /** Pending replies whose retry time has come, and those left pending without one since {@code staleBefore}. */
    public List<ReplyRow> due(Handle h, Instant now, Instant staleBefore, int limit) {
        return h.createQuery("SELECT * FROM replies WHERE status = :pending AND "
                        + "(next_attempt_at <= :now OR (next_attempt_at IS NULL AND updated_at <= :staleBefore)) "
                        + "ORDER BY updated_at LIMIT :limit")
                .bind("pending", ReplyStatus.PENDING)
                .bind("now", now).bind("staleBefore", staleBefore).bind("limit", limit)
                .mapTo(ReplyRow.class)
                .list();
    }

    /**
     * Replies stuck in {@code sending} since before {@code before}: their dispatcher died mid-send.
     * With an idempotent sender they go back to pending (a repeat cannot deliver twice); otherwise they
     * become {@code unknown}, because the text may have gone out. Returns the recovered replies.
     */
    public List<ReplyRow> recoverAbandoned(Handle h, Instant before, boolean idempotentSender, Instant now) {
        return h.createQuery("UPDATE replies SET status = :status, updated_at = :now, next_attempt_at = :now, "
                        + "error = :error WHERE status = :sending AND updated_at <= :before RETURNING *")
                .bind("sending", ReplyStatus.SENDING)
                .bind("status", idempotentSender ? ReplyStatus.PENDING : ReplyStatus.UNKNOWN)
                .bind("error", "the dispatcher stopped during the send; outcome unknown")
                .bind("now", now).bind("before", before)
                .mapTo(ReplyRow.class)
                .list();
    }

    /** Replies whose outcome is unknown, untouched since {@code touchedBefore} and created after {@code createdAfter}. */
    public List<ReplyRow> unknown(Handle h, Instant touchedBefore, Instant createdAfter, int limit) {
        return h.createQuery("SELECT * FROM replies WHERE status = :unknown AND updated_at <= :touchedBefore "
                        + "AND created_at >= :createdAfter ORDER BY updated_at LIMIT :limit")
                .bind("unknown", ReplyStatus.UNKNOWN)
                .bind("touchedBefore", touchedBefore).bind("createdAfter", createdAfter)
                .bind("limit", limit)
                .mapTo(ReplyRow.class)
                .list();
    }

    /**
     * Settles a reply whose outcome was unknown, as a lookup at the gateway found it: {@code sent}, {@code pending}
     * (not there: send it now), {@code failed}, or {@code unknown} again (the lookup failed; look again later).
     * False when another dispatcher settled it first.
     */
    public boolean settleUnknown(Handle h, String replyId, ReplyStatus status, String error, Instant now) {
        return h.createUpdate("UPDATE replies SET status = :status, error = :error, updated_at = :now"
                        + (status == ReplyStatus.SENT ? ", sent_at = :now" : "")
                        + (status == ReplyStatus.PENDING ? ", next_attempt_at = :now" : "")
                        + " WHERE id = :id AND status = :unknown")
                .bind("unknown", ReplyStatus.UNKNOWN).bind("status", status).bind("error", error).bind("now", now).bind("id", replyId)
                .execute() == 1;
    }

    /** Replies waiting for the phone to fetch them (SMSSync task polling), oldest first. */
    public List<ReplyRow> queued(Handle h, int limit) {
        return h.createQuery("SELECT * FROM replies WHERE status = :queued ORDER BY created_at LIMIT :limit")
                .bind("queued", ReplyStatus.QUEUED)
                .bind("limit", limit)
                .mapTo(ReplyRow.class)
                .list();
    }

    /** Marks queued replies as sent; returns the ids that were queued (unknown or already sent ids are left out). */
    public List<String> markQueuedSent(Handle h, List<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return h.createQuery("UPDATE replies SET status = :sent, sent_at = :now, updated_at = :now "
                        + "WHERE status = :queued AND id IN (<ids>) RETURNING id")
                .bind("sent", ReplyStatus.SENT).bind("queued", ReplyStatus.QUEUED)
                .bind("now", now).bindList("ids", ids)
                .mapTo(String.class)
                .list();
    }

    /** The ids among these that are replies marked sent (unknown ids are left out). */
    public List<String> sentAmong(Handle h, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT id FROM replies WHERE status = :sent AND id IN (<ids>)")
                .bind("sent", ReplyStatus.SENT)
                .bindList("ids", ids)
                .mapTo(String.class)
                .list();
    }

    /** Records a gateway's delivery report (e.g. {@code sent}, {@code delivered}, {@code failed}); false for an unknown reply. */
    public boolean recordDelivery(Handle h, String replyId, String deliveryStatus, Instant now) {
        return h.createUpdate("UPDATE replies SET delivery_status = :delivery, delivery_updated_at = :now WHERE id = :id")
                .bind("delivery", deliveryStatus).bind("now", now).bind("id", replyId)
                .execute() == 1;
    }

    public Optional<ReplyRow> find(Handle h, String replyId) {
        return h.createQuery("SELECT * FROM replies WHERE id = :id")
                .bind("id", replyId)
                .mapTo(ReplyRow.class)
                .findOne();
    }

    /**
     * Puts a {@code failed} reply back to pending, due now, with its attempts counted afresh (an operator's retry);
     * empty when it is in any other state.
     */
    public Optional<ReplyRow> retryFailed(Handle h, String replyId, Instant now) {
        return h.createQuery("UPDATE replies SET status = :pending, attempts = 0, next_attempt_at = :now, error = NULL, "
                        + "updated_at = :now WHERE id = :id AND status = :failed RETURNING *")
                .bind("pending", ReplyStatus.PENDING).bind("failed", ReplyStatus.FAILED)
                .bind("now", now).bind("id", replyId)
                .mapTo(ReplyRow.class)
                .findOne();
    }

    public Optional<ReplyRow> ofBatch(Handle h, String batchId) {
        return h.createQuery("SELECT * FROM replies WHERE batch_id = :batchId")
                .bind("batchId", batchId)
                .mapTo(ReplyRow.class)
                .findOne();
    }
}
