package io.smsync.process;

import io.smsync.store.Retention;
import io.smsync.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges data older than {@code SMSYNC_RETENTION} in transactions of at most {@link #CHUNK} rows
 * each, so a large purge never holds the store (and the webhooks waiting on it) for long.
 */
public final class Purger {
    private static final Logger log = LoggerFactory.getLogger(Purger.class);
    /** How often the housekeeping thread purges. */
    public static final Duration EVERY = Duration.ofHours(1);
    static final int CHUNK = 500;

    private final Transactor writes;
    private final Retention retention;
    private final Duration keep;
    private final Clock clock;

    public Purger(Transactor writes, Retention retention, Duration keep, Clock clock) {
        this.writes = writes;
        this.retention = retention;
        this.keep = keep;
        this.clock = clock;
    }

    /** Purges everything past its retention now, chunk by chunk; stops early if its thread is interrupted. */
    public Retention.Purged purgeNow() {
        Instant now = clock.instant();
        Retention.Purged purged = inChunks(h -> retention.purgeBatches(h, now, keep, CHUNK), Retention.Purged::batches)
                .plus(inChunks(h -> retention.purgeDedupKeys(h, now, keep, CHUNK), Retention.Purged::dedupKeys));
        int events = 0;
        int last;
        do {
            last = writes.inTransaction(h -> retention.purgeEvents(h, now, keep, CHUNK));
            events += last;
        } while (last == CHUNK && !Thread.currentThread().isInterrupted());
        if (purged.batches() + purged.dedupKeys() + events > 0) {
            log.info("RETENTION PURGE batches={} messages={} dedup_keys={} events={}", purged.batches(), purged.messages(),
                    purged.dedupKeys(), events);
        }
        return purged;
    }

    private Retention.Purged inChunks(Function<Handle, Retention.Purged> chunk, Function<Retention.Purged, Integer> rows) {
        Retention.Purged total = new Retention.Purged(0, 0, 0);
        Retention.Purged last;
        do {
            last = writes.inTransaction(chunk);
            total = total.plus(last);
        } while (rows.apply(last) == CHUNK && !Thread.currentThread().isInterrupted());
        return total;
    }
}
