package io.smsync.store;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** The few places where SQLite and PostgreSQL differ; everything else is shared SQL. */
public enum Dialect {
    SQLITE,
    POSTGRES;

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        throw new IllegalArgumentException("unsupported database URL; use jdbc:sqlite:… or jdbc:postgresql:…");
    }

    /** Row locks for read-then-write; SQLite needs none because one writer thread holds the database lock. */
    String forUpdate() {
        return this == POSTGRES ? " FOR UPDATE" : "";
    }

    /** Lets concurrent claimers pass over each other's rows instead of queueing behind them. */
    String forUpdateSkipLocked() {
        return this == POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /** A failure worth retrying the whole transaction for (PostgreSQL serialization failure or deadlock). */
    static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** The database cannot be reached, went away, or is locked: a condition for 503, not a bug. */
    static boolean isUnavailable(Throwable failure) {
        return isUnavailable(failure, 0);
    }

    private static boolean isUnavailable(Throwable failure, int depth) {
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof ConnectException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && isUnavailable(sql)) {
                return true;
            }
            // JDBI reports a failed rollback or clean-up as suppressed; the connection's death may be only there.
            for (Throwable suppressed : t.getSuppressed()) {
                if (isUnavailable(suppressed, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isUnavailable(SQLException sql) {
        String state = sql.getSQLState();
        // 08: connection exceptions; 53: out of resources; 57: operator intervention (admin shutdown, crash recovery).
        if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57"))) {
            return true;
        }
        String message = String.valueOf(sql.getMessage());
        // HikariCP's stand-in for an evicted connection says only this, without an SQLState.
        return message.equals("Connection is closed")
                || message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED")
                || message.contains("SQLITE_FULL") || message.contains("SQLITE_READONLY")
                || message.contains("SQLITE_IOERR") || message.contains("SQLITE_CANTOPEN");
    }
}
