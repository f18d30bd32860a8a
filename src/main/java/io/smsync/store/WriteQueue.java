package io.smsync.store;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The caller's side of a writer thread ({@link SqliteWriter}, {@link PostgresIntake}): queue the work, then wait a
 * bounded time for its commit. Whatever goes wrong is a {@link StoreUnavailableException} (a 503 for the client).
 */
final class WriteQueue {
    private WriteQueue() {
    }

    /**
     * Queues {@code task} and waits at most {@code maxWait} for {@code result}, which the writer completes after the
     * commit. Once the wait is over the result is failed, so a writer that has not started the work skips it; work
     * already under way may still commit, which is safe to retry because every write that a client retries is
     * deduplicated.
     */
    static <Q, T> T submit(BlockingQueue<Q> queue, Q task, CompletableFuture<T> result, boolean running, Duration maxWait) {
        if (!running) {
            throw new StoreUnavailableException("the store is shut down", null);
        }
        if (!queue.offer(task)) {
            throw new StoreUnavailableException("the write queue is full", null);
        }
        try {
            return result.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            StoreUnavailableException late = new StoreUnavailableException("the write did not commit within " + maxWait.toSeconds() + " s", e);
            if (result.completeExceptionally(late)) {
                throw late;
            }
            return finished(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the write to commit", e);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    /** The result the writer set between the wait's end and our attempt to fail it. */
    private static <T> T finished(CompletableFuture<T> result) {
        try {
            return result.getNow(null);
        } catch (CompletionException e) {
            throw unchecked(e.getCause());
        }
    }

    private static RuntimeException unchecked(Throwable cause) {
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }
}
