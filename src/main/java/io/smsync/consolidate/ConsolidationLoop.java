package io.smsync.consolidate;

import io.smsync.metrics.Metrics;
import io.smsync.store.BatchRow;
import io.smsync.store.Batches;
import io.smsync.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes batches whose deadline ({@code due_at}) has passed and hands each to the processor; it
 * does nothing else, so no send, LLM call or purge can hold up closing. Deadlines live in the
 * database, so the same code closes batches after a restart; tests call {@link #closeDue(Instant)}
 * with a settable clock instead of waiting. A failed turn, whatever was thrown, is logged and the
 * next turn runs; {@link #isHealthy()} says whether the loop still turns.
 */
public final class ConsolidationLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsolidationLoop.class);
    /** Upper bound on sleeping, so batches opened by other processes on a shared database are seen promptly. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /**
     * A turn that has not ended this long after the loop's last one means the loop is stuck. A turn waits
     * on the store for at most about 35 s (the SQLite writer's bound, the pool's connection timeout).
     */
    private static final Duration STALLED_AFTER = Duration.ofMinutes(1);
    /** How many batches one closing statement closes at most. */
    private static final int CLOSE_CHUNK = 500;
    /** How long a stop waits for batches in processing: an LLM call and a store write, with room to spare. */
    static final Duration FINISH_ON_CLOSE = Duration.ofSeconds(20);

    private final Transactor writes;
    private final Jdbi reads;
    private final Batches batches;
    private final Clock clock;
    private final String owner;
    private final Duration lease;
    private final int concurrency;
    private final Semaphore capacity;
    private final Consumer<BatchRow> processor;
    private final Metrics metrics;
    private final Object signal = new Object();
    private volatile boolean nudged;
    /**
     * When the sleeping loop will wake up by itself; a deadline before it wakes the loop early. MIN while a turn runs
     * (nothing need wake it), MAX while the turn plans its sleep (any deadline must).
     */
    private volatile Instant plannedWakeUp = Instant.MAX;
    private volatile boolean running;
    private volatile Instant lastTurnEnded;
    private volatile Thread thread;

    /**
     * @param owner       this worker's name in leases
     * @param lease       how long a claimed batch stays ours before another worker may take it over
     * @param concurrency how many batches may be in processing at once in this process
     * @param processor   processes one claimed batch; runs on its own virtual thread
     */
    public ConsolidationLoop(Transactor writes, Jdbi reads, Batches batches, Clock clock, String owner, Duration lease,
                             int concurrency, Consumer<BatchRow> processor, Metrics metrics) {
        this.metrics = metrics;
        this.writes = writes;
        this.reads = reads;
        this.batches = batches;
        this.clock = clock;
        this.owner = owner;
        this.lease = lease;
        this.concurrency = concurrency;
        this.capacity = new Semaphore(concurrency);
        this.processor = processor;
    }

    /** Closes every batch due at {@code now}, then claims and processes every claimable one, waiting until all are done. */
    public int closeDue(Instant now) {
        close(now);
        List<BatchRow> claimed = claim(now, Integer.MAX_VALUE);
        claimed.forEach(processor);
        return claimed.size();
    }

    /**
     * Closes what is due in bulk, {@link #CLOSE_CHUNK} batches a statement, so one closing never holds the writer
     * long enough to delay webhooks noticeably.
     */
    private void close(Instant now) {
        List<Batches.Closed> closed;
        do {
            closed = writes.inTransaction(h -> batches.closeDue(h, now, CLOSE_CHUNK));
            for (Batches.Closed batch : closed) {
                Duration late = Duration.between(batch.dueAt(), now);
                metrics.batchClaimed(late);
                log.info("CONSOLIDATION TIMEOUT sender={} batch={} messages={} late_ms={}", batch.sender(), batch.id(),
                        batch.messageCount(), Math.max(0, late.toMillis()));
            }
        } while (closed.size() == CLOSE_CHUNK && running());
    }

    private boolean running() {
        return running || thread == null;
    }

    private List<BatchRow> claim(Instant now, int limit) {
        List<BatchRow> claimed = writes.inTransaction(h -> batches.claimClosed(h, now, owner, now.plus(lease), limit));
        for (BatchRow batch : claimed) {
            if (batch.attempts() > 1) {
                log.info("BATCH RETRY sender={} batch={} messages={} attempt={}", batch.sender(), batch.id(),
                        batch.messageCount(), batch.attempts());
            }
        }
        return claimed;
    }

    /** Starts the background loop. */
    public void start() {
        running = true;
        lastTurnEnded = clock.instant();
        thread = Thread.ofPlatform().name("consolidation-loop").daemon().start(this::run);
    }

    /**
     * Says that a batch is due at {@code dueAt}: wakes the loop if that is before it planned to wake up. Called after
     * each ingest, so a steady stream of messages that open batches due later does not turn the loop at all.
     */
    public void dueAt(Instant dueAt) {
        if (dueAt.isBefore(plannedWakeUp)) {
            nudge();
        }
    }

    /** Wakes the loop early, e.g. because capacity was freed. */
    public void nudge() {
        synchronized (signal) {
            nudged = true;
            signal.notifyAll();
        }
    }

    /** True while the loop's thread runs and its last turn ended recently (a store outage fails turns, it does not stop them). */
    public boolean isHealthy() {
        Thread current = thread;
        return running && current != null && current.isAlive()
                && Duration.between(lastTurnEnded, clock.instant()).compareTo(STALLED_AFTER.plus(POLL)) < 0;
    }

    private void run() {
        while (running) {
            try {
                turn();
            } catch (RuntimeException e) {
                log.warn("consolidation loop turn failed, retrying: {}", e.getMessage());
                sleep(POLL.toMillis());
            } catch (Throwable e) {
                // Whatever it was (an Error from a bug or a resource limit), it hit this turn only: the next one may succeed.
                log.error("consolidation loop turn failed, retrying", e);
                sleep(POLL.toMillis());
            } finally {
                lastTurnEnded = clock.instant();
            }
        }
    }

    private void turn() {
        // Until the planning below, a deadline reported by an ingest need not wake the loop: the planning's read sees
        // every batch committed before it. (Waking here made the loop turn without pause under a steady stream of
        // messages: every turn took long enough for some ingest to report a deadline during it.)
        plannedWakeUp = Instant.MIN;
        Instant now = clock.instant();
        close(now);
        int free = capacity.availablePermits();
        if (free > 0) {
            for (BatchRow batch : claim(now, free)) {
                capacity.acquireUninterruptibly();
                try {
                    Thread.ofVirtual().name("batch-" + batch.id()).start(() -> {
                        try {
                            processor.accept(batch);
                        } finally {
                            capacity.release();
                            nudge();
                        }
                    });
                } catch (Throwable e) {
                    capacity.release();
                    throw e;
                }
            }
        }
        // Closing waits for nobody; claiming waits for free capacity, and a finished batch nudges the loop.
        boolean claiming = capacity.availablePermits() > 0;
        plannedWakeUp = Instant.MAX; // until planned, any deadline set meanwhile wakes the next sleep
        Instant wakeUp = reads.withHandle(h -> {
            Instant next = batches.nextDue(h).orElse(null);
            Instant claimable = claiming ? batches.nextClaimable(h, clock.instant()).orElse(null) : null;
            return next == null || (claimable != null && claimable.isBefore(next)) ? claimable : next;
        });
        // A deadline already past here is held by someone else (a row lock, a full pool): retry soon, not in a spin.
        long millis = wakeUp == null ? POLL.toMillis() : Math.clamp(Duration.between(clock.instant(), wakeUp).toMillis(), 5L, POLL.toMillis());
        plannedWakeUp = clock.instant().plusMillis(millis);
        sleep(millis);
    }

    private void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        synchronized (signal) {
            if (!nudged) {
                try {
                    signal.wait(millis);
                } catch (InterruptedException e) {
                    running = false;
                    Thread.currentThread().interrupt();
                }
            }
            nudged = false;
        }
    }

    /** Stops claiming, then waits (at most {@link #FINISH_ON_CLOSE}) for the batches being processed to finish. */
    @Override
    public void close() {
        running = false;
        if (thread != null) {
            nudge();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
                // Batches cut off here are taken over after their lease, from a restart or another process.
                if (!capacity.tryAcquire(concurrency, FINISH_ON_CLOSE.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("stopping with {} batches still processing; they are taken over when their lease ends",
                            concurrency - capacity.availablePermits());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
