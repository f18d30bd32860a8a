package io.smsync.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single SQLite writer: one platform thread owns the write connection and commits whatever
 * is queued in one {@code BEGIN IMMEDIATE} transaction (group commit: one sync for many requests).
 * Each piece of work runs in its own savepoint, so one failing request does not undo the others.
 */
final class SqliteWriter implements Transactor {
    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
    private static final int MAX_GROUP = 256;

    private final Handle handle;
    private final BlockingQueue<Task<?>> queue = new ArrayBlockingQueue<>(10_000);
    private final Thread thread;
    private volatile boolean running = true;

    SqliteWriter(Handle handle) {
        this.handle = handle;
        this.thread = Thread.ofPlatform().name("sqlite-writer").daemon().start(this::run);
    }

    @Override
    public <T> T inTransaction(Function<Handle, T> work) {
        if (!running) {
            throw new StoreUnavailableException("the store is shut down", null);
        }
        Task<T> task = new Task<>(work);
        if (!queue.offer(task)) {
            throw new StoreUnavailableException("the write queue is full", null);
        }
        try {
            return task.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the write to commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Task<?>> group = new ArrayList<>(MAX_GROUP);
        while (running || !queue.isEmpty()) {
            try {
                Task<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                commitGroup(group);
            } catch (InterruptedException e) {
                running = false;
            } finally {
                group.clear();
            }
        }
        handle.close();
    }

    private void commitGroup(List<Task<?>> group) {
        List<Runnable> completions = new ArrayList<>(group.size());
        try {
            handle.execute("BEGIN IMMEDIATE");
        } catch (RuntimeException e) {
            failAll(group, e);
            return;
        }
        for (Task<?> task : group) {
            completions.add(task.runInSavepoint(handle));
        }
        try {
            handle.execute("COMMIT");
        } catch (RuntimeException e) {
            rollbackQuietly();
            failAll(group, e);
            return;
        }
        completions.forEach(Runnable::run);
    }

    private void failAll(List<Task<?>> group, RuntimeException cause) {
        log.warn("SQLite write failed for {} request(s): {}", group.size(), cause.getMessage());
        StoreUnavailableException failure = new StoreUnavailableException("the database cannot take writes: " + cause.getMessage(), cause);
        group.forEach(task -> task.result.completeExceptionally(failure));
    }

    private void rollbackQuietly() {
        try {
            handle.execute("ROLLBACK");
        } catch (RuntimeException ignored) {
            // Nothing to roll back when COMMIT failed before starting.
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Task<T> {
        private final Function<Handle, T> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Task(Function<Handle, T> work) {
            this.work = work;
        }

        /** Runs the work; returns how to complete its future once the whole group has committed. */
        Runnable runInSavepoint(Handle handle) {
            handle.execute("SAVEPOINT request");
            try {
                T value = work.apply(handle);
                handle.execute("RELEASE request");
                return () -> result.complete(value);
            } catch (RuntimeException e) {
                handle.execute("ROLLBACK TO request");
                handle.execute("RELEASE request");
                RuntimeException failure = Dialect.isUnavailable(e)
                        ? new StoreUnavailableException("the database cannot take writes: " + e.getMessage(), e) : e;
                return () -> result.completeExceptionally(failure);
            }
        }
    }
}
