package io.smsync.process;

import io.smsync.store.Retention;
import io.smsync.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Purges data older than {@code SMSYNC_RETENTION}, at most once an hour, from the loop's housekeeping. */
public final class Purger {
    private static final Logger log = LoggerFactory.getLogger(Purger.class);
    private static final Duration EVERY = Duration.ofHours(1);

    private final Transactor writes;
    private final Retention retention;
    private final Duration keep;
    private final Clock clock;
    private volatile Instant lastRun = Instant.MIN;

    public Purger(Transactor writes, Retention retention, Duration keep, Clock clock) {
        this.writes = writes;
        this.retention = retention;
        this.keep = keep;
        this.clock = clock;
    }

    /** Purges if the last purge is an hour old. */
    public void runIfDue() {
        if (Duration.between(lastRun, clock.instant()).compareTo(EVERY) >= 0) {
            purgeNow();
        }
    }

    public Retention.Purged purgeNow() {
        Instant now = clock.instant();
        lastRun = now;
        Retention.Purged purged = writes.inTransaction(h -> retention.purge(h, now, keep));
        if (purged.batches() + purged.dedupKeys() > 0) {
            log.info("RETENTION PURGE batches={} messages={} dedup_keys={}", purged.batches(), purged.messages(), purged.dedupKeys());
        }
        return purged;
    }
}
