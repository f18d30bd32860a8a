package io.smsync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The opened store: schema migrated, a {@link Transactor} for writes and a pool for reads.
 * SQLite gets its single writer thread; PostgreSQL writes and reads share one pool.
 */
public final class Database implements AutoCloseable {
    /** How long a SQLite write waits for a lock held by another process before the request gets a 503. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    /** How long a caller waits for the SQLite writer to commit its work before it gets a 503. */
    static final Duration MAX_WRITE_WAIT = Duration.ofSeconds(30);
    /** Writer threads (each with a connection) for PostgreSQL's group commit of webhook writes. */
    private static final int POSTGRES_INTAKE_WRITERS = 2;
    /** The SQLite writer's page cache, in KiB. */
    private static final int WRITER_CACHE_KIB = 64 * 1024;
    /** What SQLite's write-ahead log file is cut back to after a checkpoint emptied it. */
    private static final long WAL_SIZE_LIMIT_BYTES = 64L << 20;
    /** How long the health check waits for the store, so a load balancer gets its answer promptly. */
    private static final Duration HEALTH_CHECK_BOUND = Duration.ofSeconds(1);

    private final AtomicReference<CompletableFuture<Boolean>> healthCheck = new AtomicReference<>();
    private final Dialect dialect;
    private final HikariDataSource readPool;
    private final Transactor writes;
    private final IntakeFactory intake;
    private final Jdbi reads;
    private final BooleanSupplier writerAlive;
    /** Run after the writers are closed: stops SQLite's checkpoints, or does nothing. */
    private final Runnable stopBackground;
    private final ExecutorService healthChecks = Executors.newVirtualThreadPerTaskExecutor();

    private Database(Dialect dialect, HikariDataSource readPool, Transactor writes, IntakeFactory intake, BooleanSupplier writerAlive,
                     Runnable stopBackground) {
        this.dialect = dialect;
        this.stopBackground = stopBackground;
        this.readPool = readPool;
        this.writes = writes;
        this.intake = intake;
        this.writerAlive = writerAlive;
        this.reads = jdbi(readPool);
    }

    /** Opens and migrates the database at a JDBC URL; throws {@link StoreUnavailableException} when it cannot. */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, DEFAULT_BUSY_TIMEOUT);
    }

    public static Database open(String jdbcUrl, Duration busyTimeout) {
        Dialect dialect = Dialect.of(jdbcUrl);
        try {
            return dialect == Dialect.SQLITE ? openSqlite(jdbcUrl, busyTimeout) : openPostgres(jdbcUrl);
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException(rootMessage(e), e);
        }
    }

    private static Database openSqlite(String jdbcUrl, Duration busyTimeout) {
        SQLiteDataSource writeSource = sqliteSource(jdbcUrl, busyTimeout, false);
        migrate(writeSource, Dialect.SQLITE);
        HikariDataSource readPool = pool(sqliteSource(jdbcUrl, busyTimeout, true), "smsync-read", 4);
        Handle writeHandle = jdbi(writeSource).open();
        // The writer's page cache holds the hot index pages (dedup keys, open batches, a batch's messages) across
        // groups; SQLite's default of 2 MB had it read them again and again under load.
        writeHandle.execute("PRAGMA cache_size = -" + WRITER_CACHE_KIB);
        // Each group's savepoints keep the pages they change in a sub-journal for ROLLBACK TO; past 64 KiB SQLite
        // spilled it to a temporary file that it created, wrote and deleted in every transaction.
        writeHandle.execute("PRAGMA temp_store = MEMORY");
        // Checkpoints run beside the writer (SqliteCheckpointer), not inside its commits; a log emptied by one is
        // cut back to this size.
        writeHandle.execute("PRAGMA wal_autocheckpoint = 0");
        writeHandle.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT_BYTES);
        SqliteCheckpointer checkpoints = new SqliteCheckpointer(writeSource);
        SqliteWriter writer = new SqliteWriter(writeHandle, MAX_WRITE_WAIT);
        // One writer takes both kinds of writes; closing it twice (as each) is harmless.
        return new Database(Dialect.SQLITE, readPool, writer, writer, writer::isAlive, checkpoints::close);
    }

    private static Database openPostgres(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("smsync-pg");
        config.setMaximumPoolSize(16);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(5_000);
        // Every connection is READ COMMITTED from the start (whatever the server's default), so a transaction need not
        // ask for it: JDBI's inTransaction(level, ...) read the level back with a SHOW round trip, about six a transaction.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // Keeps the server's DETAIL ("Failing row contains (...)", a message's text included) out of exception
        // messages, which reach the logs; a URL that sets logServerErrorDetail itself overrides this.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool, Dialect.POSTGRES);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        Jdbi writes = jdbi(pool);
        return new Database(Dialect.POSTGRES, pool, new PooledTransactor(writes),
                new PostgresIntake(writes, MAX_WRITE_WAIT, POSTGRES_INTAKE_WRITERS), () -> !pool.isClosed(), () -> { });
    }

    /**
     * Jdbi whose exception messages name the statement but not its bound values (JDBI's default shows them):
     * the values are customers' texts and numbers, and these messages reach the logs.
     */
    private static Jdbi jdbi(DataSource source) {
        Jdbi jdbi = Jdbi.create(source);
        Conversions.install(jdbi);
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(Database::withoutArguments);
        return jdbi;
    }

    private static String withoutArguments(StatementException e) {
        StatementContext context = e.getStatementContext();
        String sql = context == null ? null : context.getRenderedSql();
        if (sql == null) {
            return e.getShortMessage();
        }
        return e.getShortMessage() + " [statement:\"" + (sql.length() <= 1024 ? sql : sql.substring(0, 1024) + "...") + "\"]";
    }

    private static SQLiteDataSource sqliteSource(String jdbcUrl, Duration busyTimeout, boolean readOnly) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        config.enforceForeignKeys(true);
        config.setReadOnly(readOnly);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(jdbcUrl);
        return source;
    }

    private static HikariDataSource pool(DataSource source, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        // Must agree with the driver's read-only open flag, which sqlite-jdbc cannot change later.
        config.setReadOnly(true);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(5_000);
        return new HikariDataSource(config);
    }

    /**
     * Shared migrations in {@code db/migration}; the few that must differ (full-text search) in {@code db/sqlite} or
     * {@code db/postgresql}, numbered apart from the shared ones; and the placeholders of {@link Dialect#placeholders()}.
     */
    private static void migrate(DataSource source, Dialect dialect) {
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/migration", "classpath:db/" + (dialect == Dialect.SQLITE ? "sqlite" : "postgresql"))
                .placeholders(dialect.placeholders())
                .load()
                .migrate();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    public Dialect dialect() {
        return dialect;
    }

    public Transactor writes() {
        return writes;
    }

    /**
     * The webhooks' writes (group commit, batched statements), placing messages by {@code window} at {@code clock}'s time;
     * {@code listener} writes in the same transactions (the event webhooks' outbox).
     */
    public Intake intake(Intake.Window window, Clock clock, IngestListener listener) {
        return intake.intake(window, clock, listener);
    }

    public Jdbi reads() {
        return reads;
    }

    /** True when a failure means the store is unreachable, went away or is locked (answer 503), not a bug. */
    public static boolean isUnavailable(Throwable failure) {
        return Dialect.isUnavailable(failure);
    }

    /**
     * True while the writer lives and the store answers a trivial query within a second; a store that
     * does not answer (the pool waits up to 5 s for a connection) counts as down. Callers at the same time
     * share one query, so a flood of health checks (they need no token) cannot take the read pool.
     */
    public boolean isUp() {
        if (!writerAlive.getAsBoolean()) {
            return false;
        }
        CompletableFuture<Boolean> answer = healthCheck.get();
        if (answer == null || answer.isDone()) {
            CompletableFuture<Boolean> fresh = new CompletableFuture<>();
            if (healthCheck.compareAndSet(answer, fresh)) {
                try {
                    healthChecks.execute(() -> {
                        try {
                            fresh.complete(reads.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1);
                        } catch (Throwable e) {
                            fresh.complete(false);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    fresh.complete(false);
                }
            }
            answer = healthCheck.get();
        }
        try {
            return answer.get(HEALTH_CHECK_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    @Override
    public void close() {
        healthChecks.shutdownNow();
        intake.close();
        writes.close();
        stopBackground.run();
        readPool.close();
    }
}
