package io.smsync.store;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single SQLite writer: one platform thread owns the write connection and commits whatever
 * is queued in one {@code BEGIN IMMEDIATE} transaction (group commit: one sync for many requests).
 * Each piece of work runs in its own savepoint, so one failing request does not undo the others; the
 * webhooks' messages ({@link Intake}) are written together by {@link IntakeGroup} in one savepoint with
 * statements prepared once, and only if that fails is each request written again on its own.
 * Whatever goes wrong in a group (even an {@link Error}) fails only that group's callers: the
 * thread lives on. A caller waits at most {@code maxWait}, then gets a {@link StoreUnavailableException}.
 */
final class SqliteWriter implements Transactor, IntakeFactory {
    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
    private static final int MAX_GROUP = 256;
    /** Work other than webhook writes that one group takes at most (see {@link #take}). */
    private static final int MAX_OTHER_WORK = 8;

    private final Handle handle;
    private final IntakeStatements statements;
    private final Duration maxWait;
    private final BlockingQueue<Task<?>> queue = new ArrayBlockingQueue<>(10_000);
    private final Thread thread;
    /** Work left over from earlier groups by {@link #take}; the writer thread's own. */
    private final ArrayDeque<Task<?>> deferred = new ArrayDeque<>();
    private volatile boolean running = true;

    SqliteWriter(Handle handle, Duration maxWait) {
        this.handle = handle;
        this.statements = new IntakeStatements(handle, Dialect.SQLITE);
        this.maxWait = maxWait;
        this.thread = Thread.ofPlatform().name("sqlite-writer").daemon().start(this::run);
    }

    @Override
    public <T> T inTransaction(Function<Handle, T> work) {
        return submit(new Task<>(work, null, null));
    }

    /** The webhooks' writes with this window and clock, through this writer. */
    @Override
    public Intake intake(Intake.Window window, Clock clock, IngestListener listener) {
        return arrivals -> submit(new Task<List<Intake.Placed>>(null, new IntakeGroup.Request(arrivals, window, listener), clock));
    }

    private <T> T submit(Task<T> task) {
        return WriteQueue.submit(queue, task, task.result, running && thread.isAlive(), maxWait);
    }

    /** False once the writer thread has ended (closed, or killed by something it could not survive). */
    boolean isAlive() {
        return running && thread.isAlive();
    }

    private void run() {
        List<Task<?>> group = new ArrayList<>(MAX_GROUP);
        List<Task<?>> drained = new ArrayList<>(MAX_GROUP);
        while (running || !queue.isEmpty() || !deferred.isEmpty()) {
            try {
                Task<?> first = deferred.isEmpty() ? queue.poll(100, TimeUnit.MILLISECONDS) : queue.poll();
                if (first != null) {
                    drained.add(first);
                    queue.drainTo(drained, MAX_GROUP - 1);
                }
                take(drained, group);
                if (!group.isEmpty()) {
                    commitGroup(group);
                }
            } catch (InterruptedException e) {
                running = false;
            } catch (Throwable e) {
                // Anything thrown outside a savepoint (an Error in BEGIN or COMMIT): undo the group, fail its callers, go on.
                rollbackQuietly();
                failAll(group, e);
            } finally {
                group.clear();
                drained.clear();
            }
        }
        statements.close();
        handle.close();
    }

    /**
     * Every webhook write that is waiting, and at most {@link #MAX_OTHER_WORK} other pieces of work (processing,
     * closing, the outbox), oldest first; the rest of those wait for the next group. A webhook's answer thus waits
     * for a group of bounded size, however much processing is queued (such as 100,000 batches falling due at once).
     */
    private void take(List<Task<?>> drained, List<Task<?>> group) {
        int other = 0;
        while (!deferred.isEmpty() && other < MAX_OTHER_WORK) {
            group.add(deferred.poll());
            other++;
        }
        for (Task<?> task : drained) {
            if (task.request != null) {
                group.add(task);
            } else if (other < MAX_OTHER_WORK) {
                group.add(task);
                other++;
            } else {
                deferred.add(task);
            }
        }
    }

    private void commitGroup(List<Task<?>> group) {
        List<Runnable> completions = new ArrayList<>(group.size());
        try {
            execute("BEGIN IMMEDIATE");
        } catch (RuntimeException e) {
            failAll(group, e);
            return;
        }
        List<Task<?>> intake = new ArrayList<>();
        for (Task<?> task : group) {
            if (task.request != null) {
                intake.add(task);
            } else {
                completions.add(task.runInSavepoint(handle));
            }
        }
        if (!intake.isEmpty()) {
            completions.addAll(writeIntake(intake));
        }
        try {
            execute("COMMIT");
        } catch (RuntimeException e) {
            rollbackQuietly();
            failAll(group, e);
            return;
        }
        completions.forEach(Runnable::run);
    }

    /** All intake requests in one savepoint; if that fails, each again in its own, so only the failing one fails. */
    @SuppressWarnings("unchecked")
    private List<Runnable> writeIntake(List<Task<?>> tasks) {
        List<Task<List<Intake.Placed>>> live = new ArrayList<>(tasks.size());
        for (Task<?> task : tasks) {
            if (!task.result.isDone()) {
                live.add((Task<List<Intake.Placed>>) task);
            }
        }
        if (live.isEmpty()) {
            return List.of();
        }
        Instant now = live.getFirst().clock.instant();
        if (live.size() > 1) {
            execute("SAVEPOINT intake");
            try {
                List<List<Intake.Placed>> answers = IntakeGroup.write(statements, live.stream().map(t -> t.request).toList(), now);
                execute("RELEASE intake");
                List<Runnable> completions = new ArrayList<>(live.size());
                for (int i = 0; i < live.size(); i++) {
                    Task<List<Intake.Placed>> task = live.get(i);
                    List<Intake.Placed> answer = answers.get(i);
                    completions.add(() -> task.result.complete(answer));
                }
                return completions;
            } catch (SQLException | RuntimeException e) {
                execute("ROLLBACK TO intake");
                execute("RELEASE intake");
                log.warn("a group of {} webhook writes failed ({}); writing each on its own", live.size(), e.getMessage());
            }
        }
        List<Runnable> completions = new ArrayList<>(live.size());
        for (Task<List<Intake.Placed>> task : live) {
            completions.add(task.runInSavepoint(handle, h -> {
                try {
                    return IntakeGroup.write(statements, List.of(task.request), now).getFirst();
                } catch (SQLException e) {
                    throw new IllegalStateException("the webhook write failed: " + e.getMessage(), e);
                }
            }));
        }
        return completions;
    }

    /** Runs a statement without parameters through the writer's prepared statements (JDBI would parse it on each call). */
    private void execute(String sql) {
        try {
            statements.prepare(sql).execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    private void failAll(List<Task<?>> group, Throwable cause) {
        if (cause instanceof Error) {
            log.error("SQLite write failed for {} request(s)", group.size(), cause);
        } else {
            log.warn("SQLite write failed for {} request(s): {}", group.size(), cause.getMessage());
        }
        StoreUnavailableException failure = new StoreUnavailableException("the database cannot take writes: " + cause, cause);
        group.forEach(task -> task.result.completeExceptionally(failure));
    }

    private void rollbackQuietly() {
        try {
            handle.execute("ROLLBACK");
        } catch (Throwable ignored) {
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
        private final IntakeGroup.Request request;
        private final Clock clock;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        /** Either general work, or an intake request with the clock that says when it arrived. */
        Task(Function<Handle, T> work, IntakeGroup.Request request, Clock clock) {
            this.work = work;
            this.request = request;
            this.clock = clock;
        }

        Runnable runInSavepoint(Handle handle) {
            return runInSavepoint(handle, work);
        }

        /** Runs the work; returns how to complete its future once the whole group has committed. */
        Runnable runInSavepoint(Handle handle, Function<Handle, T> work) {
            if (result.isDone()) {
                return () -> { }; // its caller stopped waiting
            }
            handle.execute("SAVEPOINT request");
            try {
                T value = work.apply(handle);
                handle.execute("RELEASE request");
                return () -> result.complete(value);
            } catch (RuntimeException e) {
                undo(handle);
                RuntimeException failure = Dialect.isUnavailable(e)
                        ? new StoreUnavailableException("the database cannot take writes: " + e.getMessage(), e) : e;
                return () -> result.completeExceptionally(failure);
            } catch (Error e) {
                // A bug or a resource limit hit by this request alone (e.g. a StackOverflowError): only its caller fails.
                undo(handle);
                log.error("a write failed with {}", e.toString(), e);
                StoreUnavailableException failure = new StoreUnavailableException("the write failed: " + e, e);
                return () -> result.completeExceptionally(failure);
            }
        }

        private static void undo(Handle handle) {
            handle.execute("ROLLBACK TO request");
            handle.execute("RELEASE request");
        }
    }
}
