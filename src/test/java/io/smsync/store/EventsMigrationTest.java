package io.smsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V8 on a database made by the version before it: replies keep their rows and indexes, and batch_id becomes optional. */
class EventsMigrationTest {
    @TempDir
    Path dir;

    private static void migrateTo4WithOneReply(String url) throws SQLException {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO batches (id, sender, recipient, status, opened_at, last_message_at, due_at, message_count) "
                    + "VALUES ('b_1', '+16502530000', '', 'done', 1, 1, 1, 1)");
            s.execute("INSERT INTO replies (id, batch_id, recipient, body, status, created_at, updated_at, auto_reply) "
                    + "VALUES ('r_1', 'b_1', '+16502530000', 'Thanks', 'sent', 1, 1, 1)");
        }
    }

    private static void check(String url) throws SQLException {
        try (Database db = Database.open(url)) {
            List<Map<String, Object>> replies = db.reads().withHandle(h -> h.createQuery("SELECT id, batch_id, body FROM replies")
                    .mapToMap().list());
            assertThat(replies).containsExactly(Map.of("id", "r_1", "batch_id", "b_1", "body", "Thanks"));
            db.writes().useTransaction(h -> h.execute("INSERT INTO replies (id, recipient, body, status, created_at, updated_at) "
                    + "VALUES ('r_alert', '+14155550101', 'alert', 'pending', 2, 2)"));
            int statusIndex = db.reads().withHandle(h -> h.createQuery(db.dialect() == Dialect.SQLITE
                    ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'replies_status'"
                    : "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'replies_status' AND schemaname = current_schema()")
                    .mapTo(Integer.class).one());
            assertThat(statusIndex).isEqualTo(1);
        }
    }

    @Test
    void sqlite_replies_survive_and_batch_id_becomes_optional() throws SQLException {
        String url = TestDatabases.sqlite(dir);
        migrateTo4WithOneReply(url);
        check(url);
    }

    @Test
    void sqlite_replies_made_optional_by_an_earlier_migration_keep_their_extra_columns() throws SQLException {
        String url = TestDatabases.sqlite(dir);
        migrateTo4WithOneReply(url);
        // As another change may have done before V8: batch_id optional already, and a column V8 does not know.
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE replies_x (id TEXT PRIMARY KEY, batch_id TEXT UNIQUE REFERENCES batches (id), recipient TEXT NOT NULL, "
                    + "body TEXT, status TEXT NOT NULL, reason TEXT, attempts INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, "
                    + "updated_at BIGINT NOT NULL, sent_at BIGINT, next_attempt_at BIGINT, error TEXT, delivery_status TEXT, "
                    + "delivery_updated_at BIGINT, auto_reply INTEGER NOT NULL DEFAULT 1, origin TEXT NOT NULL DEFAULT 'auto')");
            s.execute("INSERT INTO replies_x SELECT *, 'auto' FROM replies");
            s.execute("DROP TABLE replies");
            s.execute("ALTER TABLE replies_x RENAME TO replies");
            s.execute("CREATE INDEX replies_status ON replies (status, updated_at)");
        }
        check(url);
        try (Database db = Database.open(url)) {
            String origin = db.reads().withHandle(h -> h.createQuery("SELECT origin FROM replies WHERE id = 'r_1'").mapTo(String.class).one());
            assertThat(origin).isEqualTo("auto");
        }
    }

    @Test
    void postgres_replies_survive_and_batch_id_becomes_optional() throws SQLException {
        String url = TestDatabases.freshPostgresSchema();
        migrateTo4WithOneReply(url);
        check(url);
    }
}
