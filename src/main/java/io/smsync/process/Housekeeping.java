package io.smsync.process;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic chores on one thread of their own, apart from the closing loop, so a slow chore delays
 * only the chores behind it. A chore run that throws anything is logged, and the chore runs again
 * at its next time (a scheduled executor would otherwise drop it for good).
 */
public final class Housekeeping implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final ScheduledExecutorService executor;

    public Housekeeping(String name) {
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> Thread.ofPlatform().name(name).daemon().unstarted(task));
    }

    /** Runs {@code chore} after {@code initialDelay}, then again {@code period} after each run ends. */
    public void every(String chore, Duration initialDelay, Duration period, Runnable work) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("{} failed, runs again in {}: {}", chore, period, e.toString());
            } catch (Throwable e) {
                log.error("{} failed, runs again in {}", chore, period, e);
            }
        }, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the chores, interrupting one that is running, and waits a little for it to end. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
