package io.smsync.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * SQL for data hygiene: finished batches older than the retention go with their messages,
 * classification and reply, as do operator texts and audit entries of that age; dedup keys stay at least
 * {@link #MIN_DEDUP_KEEP}, as long as gateways retry a delivery. A message is its own dedup key; when it goes while
 * its key must stay, the key moves to {@code seen_guids}. Opt-outs are kept: they are a promise to the customer, not
 * old data. Each call removes at most {@code limit} rows of its kind, so a caller can purge in small transactions.
 */
public final class Retention {
    public static final Duration MIN_DEDUP_KEEP = Duration.ofDays(2);

    /** What one purge removed. */
    public record Purged(int batches, int messages, int dedupKeys) {
        public Purged plus(Purged other) {
            return new Purged(batches + other.batches, messages + other.messages, dedupKeys + other.dedupKeys);
        }
    }

    /**
     * Removes up to {@code limit} finished batches opened more than {@code retention} before {@code now}, with what
     * belongs to them; and up to {@code limit} operator texts (in a final state) and audit entries older than that.
     */
    public Purged purgeBatches(Handle h, Instant now, Duration retention, int limit) {
        h.createUpdate("DELETE FROM replies WHERE id IN (SELECT id FROM replies WHERE batch_id IS NULL "
                        + "AND status IN (:sent, :skipped, :failed, :unknown) AND created_at < :cutoff LIMIT :limit)")
                .bind("sent", ReplyStatus.SENT).bind("skipped", ReplyStatus.SKIPPED).bind("failed", ReplyStatus.FAILED)
                .bind("unknown", ReplyStatus.UNKNOWN).bind("cutoff", now.minus(retention)).bind("limit", limit)
                .execute();
        new AuditLog().purge(h, now.minus(retention), limit);
        List<String> ids = h.createQuery("SELECT id FROM batches WHERE status IN (:done, :failed) AND opened_at < :cutoff "
                        + "ORDER BY opened_at LIMIT :limit")
                .bind("done", BatchStatus.DONE).bind("failed", BatchStatus.FAILED)
                .bind("cutoff", now.minus(retention)).bind("limit", limit)
                .mapTo(String.class).list();
        if (ids.isEmpty()) {
            return new Purged(0, 0, 0);
        }
        // Keys whose dedup time still runs outlive their messages in seen_guids, with their duplicate counts.
        h.createUpdate("INSERT INTO seen_guids (source, guid, first_seen_at, duplicate_count) "
                        + "SELECT source, guid, received_at, duplicate_count FROM messages "
                        + "WHERE batch_id IN (<ids>) AND received_at >= :keepFrom ON CONFLICT DO NOTHING")
                .bindList("ids", ids).bind("keepFrom", now.minus(dedupKeep(retention))).execute();
        int messages = h.createUpdate("DELETE FROM messages WHERE batch_id IN (<ids>)").bindList("ids", ids).execute();
        h.createUpdate("DELETE FROM classifications WHERE batch_id IN (<ids>)").bindList("ids", ids).execute();
        h.createUpdate("DELETE FROM replies WHERE batch_id IN (<ids>)").bindList("ids", ids).execute();
        // Alert texts are outbox entries of no batch; the alerts table ties them to the batch that set them off.
        h.createUpdate("DELETE FROM replies WHERE id IN (SELECT reply_id FROM alerts WHERE batch_id IN (<ids>))").bindList("ids", ids).execute();
        h.createUpdate("DELETE FROM alerts WHERE batch_id IN (<ids>)").bindList("ids", ids).execute();
        int batches = h.createUpdate("DELETE FROM batches WHERE id IN (<ids>)").bindList("ids", ids).execute();
        return new Purged(batches, messages, 0);
    }

    /** Removes up to {@code limit} dedup keys older than the retention, and never younger than {@link #MIN_DEDUP_KEEP}. */
    public Purged purgeDedupKeys(Handle h, Instant now, Duration retention, int limit) {
        Duration keep = dedupKeep(retention);
        int keys = h.createUpdate("DELETE FROM seen_guids WHERE (source, guid) IN "
                        + "(SELECT source, guid FROM seen_guids WHERE first_seen_at < :cutoff LIMIT :limit)")
                .bind("cutoff", now.minus(keep)).bind("limit", limit).execute();
        return new Purged(0, 0, keys);
    }

    /** Removes up to {@code limit} events older than the retention whose deliveries are all finished, with those deliveries. */
    public int purgeEvents(Handle h, Instant now, Duration retention, int limit) {
        List<String> ids = h.createQuery("SELECT id FROM events WHERE created_at < :cutoff AND NOT EXISTS "
                        + "(SELECT 1 FROM event_deliveries d WHERE d.event_id = events.id AND d.status = :pending) "
                        + "ORDER BY created_at LIMIT :limit")
                .bind("cutoff", now.minus(retention)).bind("pending", Events.PENDING).bind("limit", limit)
                .mapTo(String.class).list();
        if (ids.isEmpty()) {
            return 0;
        }
        h.createUpdate("DELETE FROM event_attempts WHERE delivery_id IN (SELECT id FROM event_deliveries WHERE event_id IN (<ids>))")
                .bindList("ids", ids).execute();
        h.createUpdate("DELETE FROM event_deliveries WHERE event_id IN (<ids>)").bindList("ids", ids).execute();
        return h.createUpdate("DELETE FROM events WHERE id IN (<ids>)").bindList("ids", ids).execute();
    }

    /** How long a dedup key is kept: the retention, and at least {@link #MIN_DEDUP_KEEP}. */
    private static Duration dedupKeep(Duration retention) {
        return retention.compareTo(MIN_DEDUP_KEEP) > 0 ? retention : MIN_DEDUP_KEEP;
    }
}
