package io.smsync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log back into the database file on a thread and connection of its own. SQLite's
 * automatic checkpoint ran inside the writer's commit, so every few commits one group of requests waited while the log
 * was copied and both files synced; the writer turns it off ({@code wal_autocheckpoint = 0}) and this does the work
 * beside it. A passive checkpoint never blocks the writer nor waits for readers.
 */
final class SqliteCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteCheckpointer.class);
    static final Duration INTERVAL = Duration.ofMillis(250);

    private final Connection connection;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;

    SqliteCheckpointer(DataSource source) {
        try {
            this.connection = source.getConnection();
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot open the database for checkpoints: " + e.getMessage(), e);
        }
        this.thread = Thread.ofPlatform().name("sqlite-checkpoints").daemon().start(this::run);
    }

    private void run() {
        boolean warned = false;
        try {
            while (!stop.await(INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                try {
                    checkpoint("PASSIVE");
                    warned = false;
                } catch (Throwable e) {
                    // The log keeps growing until a checkpoint succeeds; nothing is lost meanwhile. Said once per outage.
                    if (!warned) {
                        log.warn("SQLite checkpoint failed (will retry): {}", e.toString());
                        warned = true;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkpoint(String mode) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(" + mode + ")");
        }
    }

    /** Stops the thread and, with the writer already closed, empties the log into the file. */
    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            checkpoint("TRUNCATE");
        } catch (SQLException e) {
            log.warn("SQLite's last checkpoint failed (the log is replayed at the next start): {}", e.getMessage());
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing is all that is left to do with it.
        }
    }
}
