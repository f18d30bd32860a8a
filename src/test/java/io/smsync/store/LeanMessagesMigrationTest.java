package io.smsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V5 moves the messages and dedup keys of a database made by V1–V4; everything stays readable through the API. */
class LeanMessagesMigrationTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final long T = NOW.toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void on_sqlite_the_migration_keeps_messages_dedup_keys_and_duplicate_counts() throws SQLException {
        migratesAndKeepsEverything(TestDatabases.sqlite(dir));
    }

    @Test
    void on_postgres_the_migration_keeps_messages_dedup_keys_and_duplicate_counts() throws SQLException {
        migratesAndKeepsEverything(TestDatabases.freshPostgresSchema());
    }

    private static void migratesAndKeepsEverything(String url) throws SQLException {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("4").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO batches (id, sender, recipient, open_key, status, opened_at, last_message_at, due_at, "
                    + "closed_at, finished_at, message_count) VALUES ('b_done', '+16502530000', '', NULL, 'done', " + (T - 5000)
                    + ", " + (T - 4000) + ", " + (T - 3000) + ", " + (T - 3000) + ", " + (T - 2000) + ", 2)");
            try (var open = c.prepareStatement("INSERT INTO batches (id, sender, recipient, open_key, status, opened_at, "
                    + "last_message_at, due_at, message_count) VALUES ('b_open', '+16502530000', '', ?, 'open', ?, ?, ?, 2)")) {
                open.setString(1, "+16502530000\u001f");
                open.setLong(2, T - 1000);
                open.setLong(3, T - 1000);
                open.setLong(4, T + 59_000);
                open.execute();
            }
            s.execute("INSERT INTO messages (id, source, guid, batch_id, batch_seq, sender, recipient, body, sent_at, received_at) VALUES "
                    + "('m_2', 'webhook', 'g-second', 'b_done', 2, '+16502530000', '', 'second', NULL, " + (T - 4000) + "), "
                    + "('m_1', 'webhook', 'g-first', 'b_done', 1, '+16502530000', '', 'first', NULL, " + (T - 5000) + "), "
                    + "('m_3', 'webhook', 'g-open', 'b_open', 1, '+16502530000', '', 'still open', NULL, " + (T - 1000) + "), "
                    // A key purged from seen_guids while its batch stayed unfinished, then sent again: two rows, one key.
                    + "('m_4', 'webhook', 'g-first', 'b_open', 2, '+16502530000', '', 'first again', NULL, " + (T - 900) + ")");
            s.execute("INSERT INTO seen_guids (source, guid, first_seen_at, duplicate_count) VALUES "
                    + "('webhook', 'g-first', " + (T - 900) + ", 2), ('webhook', 'g-second', " + (T - 4000) + ", 0), "
                    + "('webhook', 'g-open', " + (T - 1000) + ", 1), ('webhook', 'g-purged', " + (T - 9000) + ", 4)");
        }

        try (TestApp app = TestApp.start(url, new MutableClock(NOW))) {
            JsonNode done = app.getJson("/api/batches/b_done");
            assertThat(done.at("/messages").findValuesAsText("guid")).containsExactly("g-first", "g-second");
            assertThat(done.at("/text").asText()).isEqualTo("first\nsecond");
            JsonNode open = app.getJson("/api/batches/b_open");
            assertThat(open.at("/messages").findValuesAsText("text")).containsExactly("still open", "first again");
            assertThat(app.getJson("/api/batches").at("/batches").findValuesAsText("id")).containsExactly("b_open", "b_done");
            assertThat(app.getJson("/api/stats").at("/duplicates").asLong()).isEqualTo(7);

            // Dedup holds for keys that live on a message and for keys whose message was purged.
            for (String guid : List.of("g-first", "g-second", "g-open", "g-purged")) {
                JsonNode answer = TestApp.json(app.postWebhook(TestApp.message(guid, "+16502530000", "again")).body());
                assertThat(answer.at("/results/0/status").asText()).as(guid).isEqualTo("duplicate");
            }
            JsonNode fresh = TestApp.json(app.postWebhook(TestApp.message("g-new", "+16502530000", "new")).body());
            assertThat(fresh.at("/results/0/status").asText()).isEqualTo("accepted");
            assertThat(fresh.at("/results/0/batch_id").asText()).isEqualTo("b_open");
            JsonNode joined = app.getJson("/api/batches/b_open");
            assertThat(joined.at("/message_count").asInt()).isEqualTo(3);
            assertThat(joined.at("/messages").findValuesAsText("text")).containsExactly("still open", "first again", "new");
            assertThat(app.getJson("/api/stats").at("/duplicates").asLong()).isEqualTo(11);
        }

        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            List<String> tombstones = new ArrayList<>();
            try (var rs = s.executeQuery("SELECT guid FROM seen_guids ORDER BY guid")) {
                while (rs.next()) {
                    tombstones.add(rs.getString(1));
                }
            }
            assertThat(tombstones).containsExactly("g-purged");
        }
    }
}
