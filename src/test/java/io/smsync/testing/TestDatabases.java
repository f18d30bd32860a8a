package io.smsync.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/** Databases for tests: a fresh SQLite file, or a fresh schema on the PostgreSQL named by SMSYNC_TEST_POSTGRES_URL. */
public final class TestDatabases {
    public static final String POSTGRES_URL_VARIABLE = "SMSYNC_TEST_POSTGRES_URL";

    private TestDatabases() {
    }

    public static String sqlite(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("smsync-" + UUID.randomUUID() + ".db");
    }

    /**
     * A JDBC URL for a new, empty schema. Skips the test with a visible reason when no PostgreSQL is
     * configured, except in CI ({@code CI=true}), where a missing PostgreSQL is a failure.
     */
    public static String freshPostgresSchema() {
        String base = postgresUrl();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(base)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach PostgreSQL at " + POSTGRES_URL_VARIABLE + ": " + e.getMessage(), e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The URL in SMSYNC_TEST_POSTGRES_URL; skips the test as {@link #freshPostgresSchema()} does when it is unset. */
    public static String postgresUrl() {
        String base = System.getenv(POSTGRES_URL_VARIABLE);
        if (base == null || base.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(POSTGRES_URL_VARIABLE + " must be set in CI; .ci/run exports it");
            }
            Assumptions.abort(POSTGRES_URL_VARIABLE + " is not set: PostgreSQL tests skipped "
                    + "(e.g. export " + POSTGRES_URL_VARIABLE + "='jdbc:postgresql://127.0.0.1:5432/test?user=postgres')");
        }
        return base;
    }
}
