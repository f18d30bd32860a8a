package io.smsync.store;

import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * SQL for data hygiene: finished batches older than the retention go with their messages,
 * classification and reply; dedup keys stay at least {@link #MIN_DEDUP_KEEP}, as long as gateways
 * retry a delivery. Opt-outs are kept: they are a promise to the customer, not old data.
 */
public final class Retention {
    public static final Duration MIN_DEDUP_KEEP = Duration.ofDays(2);

    /** What one purge removed. */
    public record Purged(int batches, int messages, int dedupKeys) {
    }

    public Purged purge(Handle h, Instant now, Duration retention) {
        long cutoff = now.minus(retention).toEpochMilli();
        String old = "SELECT id FROM batches WHERE status IN ('done', 'failed') AND opened_at < :cutoff";
        int messages = h.createUpdate("DELETE FROM messages WHERE batch_id IN (" + old + ")").bind("cutoff", cutoff).execute();
        h.createUpdate("DELETE FROM classifications WHERE batch_id IN (" + old + ")").bind("cutoff", cutoff).execute();
        h.createUpdate("DELETE FROM replies WHERE batch_id IN (" + old + ")").bind("cutoff", cutoff).execute();
        int batches = h.createUpdate("DELETE FROM batches WHERE id IN (" + old + ")").bind("cutoff", cutoff).execute();
        Duration keep = retention.compareTo(MIN_DEDUP_KEEP) > 0 ? retention : MIN_DEDUP_KEEP;
        int keys = h.createUpdate("DELETE FROM seen_guids WHERE first_seen_at < :keysCutoff")
                .bind("keysCutoff", now.minus(keep).toEpochMilli()).execute();
        return new Purged(batches, messages, keys);
    }
}
