package io.smsync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks' writes on PostgreSQL, with group commit as on SQLite: writer threads, each with a connection of
 * its own, take whatever requests are queued and write them in one READ COMMITTED transaction with batched
 * statements ({@link IntakeGroup}): a few round trips and one commit for many requests. Other processes on the
 * same database are met by row locks on open batches (taken in key order) and the unique indexes on open keys
 * and dedup keys: a deadlock, a serialization failure or a unique key taken meanwhile rolls the group back and
 * writes it again. Any other failure writes each request again on its own, so only the failing one fails.
 */
final class PostgresIntake implements IntakeFactory {
    private static final Logger log = LoggerFactory.getLogger(PostgresIntake.class);
    private static final int MAX_GROUP = 256;
    private static final int ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final Duration maxWait;
    private final BlockingQueue<Task> queue = new ArrayBlockingQueue<>(10_000);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    PostgresIntake(Jdbi jdbi, Duration maxWait, int writers) {
        this.jdbi = jdbi;
        this.maxWait = maxWait;
        for (int i = 0; i < writers; i++) {
            threads.add(Thread.ofPlatform().name("postgres-intake-" + i).daemon().start(this::run));
        }
    }

    @Override
    public Intake intake(Intake.Window window, Clock clock, IngestListener listener) {
        return arrivals -> submit(new Task(new IntakeGroup.Request(arrivals, window, listener), clock));
    }

    private List<Intake.Placed> submit(Task task) {
        return WriteQueue.submit(queue, task, task.result, running, maxWait);
    }

    private void run() {
        List<Task> group = new ArrayList<>(MAX_GROUP);
        Writer writer = new Writer();
        try {
            while (running || !queue.isEmpty()) {
                try {
                    Task first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    group.add(first);
                    queue.drainTo(group, MAX_GROUP - 1);
                    group.removeIf(task -> task.result.isDone()); // their callers stopped waiting
                    if (!group.isEmpty()) {
                        writer.write(group);
                    }
                } catch (InterruptedException e) {
                    running = false;
                } catch (Throwable e) {
                    log.error("PostgreSQL intake failed for {} request(s)", group.size(), e);
                    writer.discard();
                    StoreUnavailableException failure = new StoreUnavailableException("the write failed: " + e, e);
                    group.forEach(task -> task.result.completeExceptionally(failure));
                } finally {
                    group.clear();
                }
            }
        } finally {
            writer.discard();
        }
    }

    /** One writer thread's connection and statements, replaced after a failure that may have broken them. */
    private final class Writer {
        private IntakeStatements statements;

        void write(List<Task> group) {
            Instant now = group.getFirst().clock.instant();
            List<IntakeGroup.Request> requests = group.stream().map(t -> t.request).toList();
            try {
                List<List<Intake.Placed>> answers = inTransaction(requests, now);
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).result.complete(answers.get(i));
                }
                return;
            } catch (SQLException | RuntimeException e) {
                if (group.size() == 1 || Dialect.isUnavailable(e)) {
                    fail(group, e);
                    return;
                }
                log.warn("a group of {} webhook writes failed ({}); writing each on its own", group.size(), e.getMessage());
            }
            for (Task task : group) {
                try {
                    task.result.complete(inTransaction(List.of(task.request), now).getFirst());
                } catch (SQLException | RuntimeException e) {
                    fail(List.of(task), e);
                }
            }
        }

        private List<List<Intake.Placed>> inTransaction(List<IntakeGroup.Request> requests, Instant now) throws SQLException {
            for (int attempt = 1; ; attempt++) {
                IntakeStatements sql = statements();
                Connection c = sql.connection();
                try {
                    List<List<Intake.Placed>> answers = IntakeGroup.write(sql, requests, now);
                    c.commit();
                    return answers;
                } catch (SQLException | RuntimeException e) {
                    rollback(c);
                    if (attempt < ATTEMPTS && worthRetrying(e)) {
                        continue;
                    }
                    if (Dialect.isUnavailable(e)) {
                        discard();
                    }
                    throw e;
                }
            }
        }

        private IntakeStatements statements() throws SQLException {
            if (statements == null) {
                Handle handle = jdbi.open();
                Connection c = handle.getConnection();
                // The intake's statements look rows up by key, and an index is the right plan at any table size. The
                // server keeps a generic plan once chosen until the next ANALYZE, and one chosen while the tables were
                // small (a new database) scanned them whole: 80 % of the server's time per message, and a SET
                // plan_cache_mode = force_custom_plan instead cost a plan per statement (a fifth of the server's time).
                // Set before autocommit is turned off, so that a rolled back first group cannot undo it.
                handle.execute("SET enable_seqscan = off");
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                statements = new IntakeStatements(handle, Dialect.POSTGRES);
            }
            return statements;
        }

        private void rollback(Connection c) {
            try {
                c.rollback();
            } catch (SQLException e) {
                discard();
            }
        }

        /** Gives the connection back to the pool, which closes it if it is broken. */
        void discard() {
            if (statements == null) {
                return;
            }
            statements.close();
            try {
                statements.connection().setAutoCommit(true);
                statements.handle().execute("RESET enable_seqscan");
            } catch (SQLException | RuntimeException ignored) {
                // A broken connection: the pool evicts it.
            }
            try {
                statements.handle().close();
            } catch (RuntimeException ignored) {
                // Already gone.
            }
            statements = null;
        }
    }

    /** A deadlock, a serialization failure, or a key another transaction took meanwhile: the group may pass next time. */
    private static boolean worthRetrying(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    String state = next.getSQLState();
                    if ("23505".equals(state) || "40001".equals(state) || "40P01".equals(state)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void fail(List<Task> tasks, Throwable e) {
        RuntimeException failure = Dialect.isUnavailable(e)
                ? new StoreUnavailableException("the database cannot take writes: " + e.getMessage(), e)
                : e instanceof RuntimeException runtime ? runtime : new IllegalStateException("the webhook write failed: " + e.getMessage(), e);
        if (!(failure instanceof StoreUnavailableException)) {
            log.warn("a webhook write failed: {}", e.getMessage());
        }
        tasks.forEach(task -> task.result.completeExceptionally(failure));
    }

    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Task {
        private final IntakeGroup.Request request;
        private final Clock clock;
        private final CompletableFuture<List<Intake.Placed>> result = new CompletableFuture<>();

        Task(IntakeGroup.Request request, Clock clock) {
            this.request = request;
            this.clock = clock;
        }
    }
}
