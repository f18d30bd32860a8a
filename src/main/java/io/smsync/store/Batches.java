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

    /** A batch that {@link #closeDue} closed to new messages. */
    public record Closed(String id, String sender, int messageCount, Instant dueAt) {
    }

    /**
     * Closes up to {@code limit} open batches due at {@code now} in one statement: they take no more messages and
     * wait in processing, unleased, for a worker to claim them ({@link #claimClosed}). Closing never waits for a
     * worker, so a backlog of processing does not make batches close late.
     */
    public List<Closed> closeDue(Handle h, Instant now, int limit) {
        return h.createQuery("UPDATE batches SET status = :processing, open_key = NULL, closed_at = :now "
                        + "WHERE id IN (SELECT id FROM batches WHERE status = :open AND due_at <= :now ORDER BY due_at LIMIT :limit"
                        + dialect.forUpdateSkipLocked() + ") RETURNING id, sender, message_count, due_at")
                .bind("now", now).bind("limit", limit).bind("open", BatchStatus.OPEN).bind("processing", BatchStatus.PROCESSING)
                .map((rs, ctx) -> new Closed(rs.getString("id"), rs.getString("sender"), rs.getInt("message_count"),
                        Instant.ofEpochMilli(rs.getLong("due_at"))))
                .list();
    }

    /**
     * Atomically takes up to {@code limit} closed batches that no worker holds (just closed, or whose previous
     * worker's lease ran out) and leases them to {@code owner}: no two workers get the same batch.
     */
    public List<BatchRow> claimClosed(Handle h, Instant now, String owner, Instant leaseUntil, int limit) {
        return h.createQuery("UPDATE batches SET lease_owner = :owner, lease_until = :leaseUntil, attempts = attempts + 1 "
                        + "WHERE id IN (SELECT id FROM batches WHERE status = :processing "
                        + "AND (lease_until IS NULL OR lease_until <= :now) ORDER BY due_at LIMIT :limit"
                        + dialect.forUpdateSkipLocked() + ") RETURNING " + BatchRow.COLUMNS)
                .bind("owner", owner).bind("leaseUntil", leaseUntil).bind("now", now)
                .bind("limit", limit).bind("processing", BatchStatus.PROCESSING)
                .mapTo(BatchRow.class)
                .list();
    }

    /** Closes the batches due at {@code now} and claims up to {@code limit} closed ones ({@link #closeDue}, {@link #claimClosed}). */
    public List<BatchRow> claimDue(Handle h, Instant now, String owner, Instant leaseUntil, int limit) {
        closeDue(h, now, Integer.MAX_VALUE);
        return claimClosed(h, now, owner, leaseUntil, limit);
    }

    /** The earliest moment at which an open batch falls due, if any. */
    public Optional<Instant> nextDue(Handle h) {
        return Optional.ofNullable(h.createQuery("SELECT MIN(due_at) FROM batches WHERE status = :open")
                .bind("open", BatchStatus.OPEN)
                .mapTo(Instant.class)
                .one());
    }

    /** The earliest moment at which a closed batch can be claimed: now when one waits unleased, else the first lease end. */
    public Optional<Instant> nextClaimable(Handle h, Instant now) {
        boolean waiting = h.createQuery("SELECT 1 FROM batches WHERE status = :processing AND lease_until IS NULL LIMIT 1")
                .bind("processing", BatchStatus.PROCESSING)
                .mapTo(Integer.class)
                .findOne().isPresent();
        if (waiting) {
            return Optional.of(now);
        }
        return Optional.ofNullable(h.createQuery("SELECT MIN(lease_until) FROM batches WHERE status = :processing")
                .bind("processing", BatchStatus.PROCESSING)
                .mapTo(Instant.class)
                .one());
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
