package io.smsync.testing;

import io.smsync.Parts;
import io.smsync.store.Database;
import io.smsync.store.Retention;
import java.time.Clock;
import java.util.List;

/**
 * Runs smsync's time-based work by hand, as db-scheduler's {@code ManualScheduler} does: the test moves its
 * clock, then runs what is due now on the calling thread, on the same parts production starts in the background.
 */
public final class AppDriver {
    private final Parts parts;
    private final Clock clock;

    public AppDriver(Parts parts, Clock clock) {
        this.parts = parts;
        this.clock = clock;
    }

    /** Closes and processes every batch due now; returns how many. */
    public int closeDue() {
        return parts.loop().closeDue(clock.instant());
    }

    /** Sends the replies that are due (retries, and those a crash left behind). */
    public void dispatchDueReplies() {
        parts.outbox().dispatchDue();
    }

    /** Sends the event webhook deliveries that are due now, on the calling thread; returns how many were taken. */
    public int deliverDueEvents() {
        return parts.events().deliverDue();
    }

    /** The events secret this start made because none was configured or stored (shown once), if it made one. */
    public java.util.Optional<String> generatedEventsSecret() {
        return parts.generatedEventsSecret();
    }

    /** Purges data past its retention now. */
    public Retention.Purged purgeNow() {
        return parts.purger().purgeNow();
    }

    /** Runs the offline classifier's learning from the LLM's stored verdicts now (fails when it is off). */
    public void learnFromLlm() {
        parts.learning().orElseThrow(() -> new IllegalStateException("learning from the LLM is off")).run();
    }

    public int port() {
        return parts.web().port();
    }

    public Database database() {
        return parts.database();
    }

    /** The HTTP endpoints smsync serves, as {@code "GET /api/batches"}. */
    public List<String> routes() {
        return parts.web().routes();
    }
}
