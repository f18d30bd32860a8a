package io.smsync.store;

import java.sql.SQLException;

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

    /** The database cannot be reached or is locked: a condition for 503, not a bug. */
    static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57"))) {
                    return true;
                }
                String message = String.valueOf(sql.getMessage());
                if (message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED")
                        || message.contains("SQLITE_FULL") || message.contains("SQLITE_READONLY")
                        || message.contains("SQLITE_IOERR") || message.contains("SQLITE_CANTOPEN")) {
                    return true;
                }
            }
        }
        return false;
    }
}
