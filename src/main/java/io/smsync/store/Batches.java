package io.smsync.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for the batch life cycle: open (one at a time; the webhooks open and join batches through {@link Intake}), claim, finish. */
public final class Batches {
    private final Dialect dialect;

    public Batches(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Inserts a new open batch; false when another transaction opened one for the same key first. */
    public boolean tryOpen(Handle h, BatchRow batch, String openKey) {
        return h.createUpdate("INSERT INTO batches (id, sender, recipient, open_key, status, opened_at, last_message_at, "
                        + "due_at, message_count) VALUES (:id, :sender, :recipient, :key, :open, :openedAt, :openedAt, "
                        + ":dueAt, :count) ON CONFLICT DO NOTHING")
                .bind("id", batch.id()).bind("sender", batch.sender()).bind("recipient", batch.recipient())
                .bind("key", openKey).bind("open", BatchStatus.OPEN).bind("openedAt", batch.openedAt())
                .bind("dueAt", batch.dueAt()).bind("count", batch.messageCount())
                .execute() == 1;
    }

    /**
     * Atomically takes up to {@code limit} batches that are due (or whose previous worker's lease ran out)
     * and leases them to {@code owner}: no two workers get the same batch.
     */
    public List<BatchRow> claimDue(Handle h, Instant now, String owner, Instant leaseUntil, int limit) {
        return h.createQuery("UPDATE batches SET status = :processing, open_key = NULL, lease_owner = :owner, "
                        + "lease_until = :leaseUntil, attempts = attempts + 1, closed_at = COALESCE(closed_at, :now) "
                        + "WHERE id IN (SELECT id FROM batches WHERE (status = :open AND due_at <= :now) "
                        + "OR (status = :processing AND lease_until <= :now) ORDER BY due_at LIMIT :limit"
                        + dialect.forUpdateSkipLocked() + ") RETURNING " + BatchRow.COLUMNS)
                .bind("owner", owner).bind("leaseUntil", leaseUntil).bind("now", now)
                .bind("limit", limit).bind("open", BatchStatus.OPEN).bind("processing", BatchStatus.PROCESSING)
                .mapTo(BatchRow.class)
                .list();
    }

    /** The earliest moment at which some batch becomes claimable, if any. */
    public Optional<Instant> nextWakeUp(Handle h) {
        Instant next = h.createQuery("SELECT MIN(t) FROM (SELECT MIN(due_at) AS t FROM batches WHERE status = :open "
                        + "UNION ALL SELECT MIN(lease_until) AS t FROM batches WHERE status = :processing) wake")
                .bind("open", BatchStatus.OPEN).bind("processing", BatchStatus.PROCESSING)
                .mapTo(Instant.class)
                .one();
        return Optional.ofNullable(next);
    }

    /** Ends a batch held by {@code owner}; false when the lease was lost to another worker. */
    public boolean finish(Handle h, String id, String owner, BatchStatus status, Instant now, String error) {
        return h.createUpdate("UPDATE batches SET status = :status, finished_at = :now, lease_owner = NULL, "
                        + "lease_until = NULL, error = :error WHERE id = :id AND status = :processing AND lease_owner = :owner")
                .bind("status", status).bind("processing", BatchStatus.PROCESSING).bind("now", now).bind("error", error)
                .bind("id", id).bind("owner", owner)
                .execute() == 1;
    }

    /** Keeps the batch in processing but lets any worker retry it after {@code retryAt}. */
    public void retryAt(Handle h, String id, String owner, Instant retryAt, String error) {
        h.createUpdate("UPDATE batches SET lease_until = :retryAt, error = :error "
                        + "WHERE id = :id AND status = :processing AND lease_owner = :owner")
                .bind("processing", BatchStatus.PROCESSING).bind("retryAt", retryAt).bind("error", error)
                .bind("id", id).bind("owner", owner)
                .execute();
    }
}
