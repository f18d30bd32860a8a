package io.smsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The intake's rows reach SQLite as JSON text: every text arrives as sent, and large groups are written in chunks. */
class SqliteFlushTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void texts_with_quotes_backslashes_control_characters_and_any_unicode_are_stored_exactly() {
        List<String> bodies = List.of("say \"hi\"", "C:\\path\\", "tab\there\nnew line\r\u0001\u001f", "emoji 😀 and ünïcödé 中文",
                "\u2028\u2029 separators", "[\"not\",\"json\"]", "", " ".repeat(3) + "x", "}]},{\"a\":1}");
        try (Database db = Database.open(TestDatabases.sqlite(dir))) {
            Intake intake = db.intake(window(), Clock.fixed(NOW, ZoneOffset.UTC), new Silent());
            List<Intake.Arrival> arrivals = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                // Senders and guids with JSON's special characters too.
                arrivals.add(new Intake.Arrival("generic", "g\"" + i + "\\", "+1650253000" + i, "to\"\\", bodies.get(i), null,
                        Intake.OptChange.NONE));
            }
            intake.store(arrivals);

            List<Map<String, Object>> rows = db.reads().withHandle(h -> h.createQuery(
                    "SELECT guid, sender, recipient, body FROM messages ORDER BY rowid").mapToMap().list());
            assertThat(rows).extracting(r -> r.get("body")).containsExactlyElementsOf(bodies);
            assertThat(rows).extracting(r -> r.get("guid")).first().isEqualTo("g\"0\\");
            assertThat(rows).extracting(r -> r.get("recipient")).containsOnly("to\"\\");

            List<Intake.Placed> again = intake.store(arrivals);
            assertThat(again).as("the same keys, looked up as JSON, are duplicates").allMatch(Intake.Placed::duplicate);
        }
    }

    @Test
    void a_group_larger_than_one_statement_takes_is_written_whole_and_in_order() {
        int count = SqliteFlush.MAX_ROWS * 2 + 7;
        try (Database db = Database.open(TestDatabases.sqlite(dir))) {
            Intake intake = db.intake(window(), Clock.fixed(NOW, ZoneOffset.UTC), new Silent());
            List<Intake.Arrival> arrivals = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                arrivals.add(new Intake.Arrival("generic", "g" + i, "+1650253" + String.format("%04d", i % 3000), "", "text " + i, null,
                        Intake.OptChange.NONE));
            }
            List<Intake.Placed> placed = intake.store(arrivals);
            assertThat(placed).noneMatch(Intake.Placed::duplicate);

            int stored = db.reads().withHandle(h -> h.createQuery("SELECT count(*) FROM messages").mapTo(Integer.class).one());
            int batches = db.reads().withHandle(h -> h.createQuery("SELECT count(*) FROM batches").mapTo(Integer.class).one());
            List<String> firstAndLast = db.reads().withHandle(h -> h.createQuery(
                    "SELECT body FROM messages WHERE rowid IN ((SELECT min(rowid) FROM messages), (SELECT max(rowid) FROM messages)) "
                            + "ORDER BY rowid").mapTo(String.class).list());
            assertThat(stored).isEqualTo(count);
            assertThat(batches).isEqualTo(count);
            assertThat(firstAndLast).containsExactly("text 0", "text " + (count - 1));
        }
    }

    private static Intake.Window window() {
        return new Intake.Window() {
            @Override
            public boolean consolidates() {
                return true;
            }

            @Override
            public Intake.Deadline open(Instant now) {
                return new Intake.Deadline(now.plusSeconds(60), true);
            }

            @Override
            public Intake.Deadline join(Instant openedAt, Instant now, int messageCount) {
                return new Intake.Deadline(openedAt.plusSeconds(60), messageCount < 50);
            }
        };
    }

    private static final class Silent implements IngestListener {
        @Override
        public void messageStored(Handle h, Intake.Arrival message, String batchId, Instant now) {
        }

        @Override
        public void optChanged(Handle h, String sender, boolean optedOut, String messageGuid, Instant now) {
        }
    }
}
