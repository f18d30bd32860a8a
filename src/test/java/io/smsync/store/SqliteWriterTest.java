package io.smsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsync.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single SQLite writer survives whatever a request's work throws, and no caller waits on it forever. */
class SqliteWriterTest {
    @TempDir
    Path dir;

    @Test
    void a_write_whose_work_throws_an_error_fails_only_its_caller_and_the_next_write_succeeds() {
        try (Database db = Database.open(TestDatabases.sqlite(dir))) {
            assertThatThrownBy(() -> db.writes().inTransaction(h -> {
                h.execute("INSERT INTO senders (number) VALUES ('+16502530000')");
                throw new StackOverflowError("deep");
            })).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("StackOverflowError");

            db.writes().inTransaction(h -> h.execute("INSERT INTO senders (number) VALUES ('+16502530001')"));
            List<String> numbers = db.reads().withHandle(h -> h.createQuery("SELECT number FROM senders").mapTo(String.class).list());
            assertThat(numbers)
                    .as("the failed work was rolled back, the next one committed").containsExactly("+16502530001");
            assertThat(db.isUp()).isTrue();
        }
    }

    @Test
    void a_caller_waiting_longer_than_the_bound_gets_a_store_unavailable_and_its_work_never_runs() throws Exception {
        String url = TestDatabases.sqlite(dir);
        Database.open(url).close(); // the schema
        SqliteWriter writer = new SqliteWriter(Jdbi.open(url), Duration.ofMillis(200));
        try {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> writer.inTransaction(h -> {
                holding.countDown();
                await(release);
                return h.execute("INSERT INTO senders (number) VALUES ('+16502530000')");
            }));
            await(holding);

            assertThatThrownBy(() -> writer.inTransaction(h -> h.execute("INSERT INTO senders (number) VALUES ('+16502530009')")))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("did not commit within");
            release.countDown();
            slow.handle((value, failure) -> value).join(); // its caller may have given up too; its work, under way, still commits
            writer.inTransaction(h -> h.execute("INSERT INTO senders (number) VALUES ('+16502530001')"));
            List<String> numbers = writer.inTransaction(h -> h.createQuery("SELECT number FROM senders ORDER BY number").mapTo(String.class).list());
            assertThat(numbers)
                    .as("the write whose caller gave up before it started was skipped").containsExactly("+16502530000", "+16502530001");
        } finally {
            writer.close();
        }
    }

    @Test
    void a_large_failing_write_is_undone_from_the_sub_journal_kept_in_memory() {
        try (Database db = Database.open(TestDatabases.sqlite(dir))) {
            int tempStore = db.writes().inTransaction(h -> h.createQuery("PRAGMA temp_store").mapTo(Integer.class).one());
            assertThat(tempStore).as("2 = MEMORY: the savepoints' sub-journal is never spilled to a temporary file").isEqualTo(2);
            db.writes().inTransaction(h -> h.execute("INSERT INTO senders (number) VALUES ('+16502530000')"));

            // Far past the 64 KiB that SQLite would otherwise keep in memory before spilling.
            assertThatThrownBy(() -> db.writes().inTransaction(h -> {
                h.execute("UPDATE senders SET opted_out = 1");
                h.execute("INSERT INTO senders (number) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
                        + "SELECT '+1650' || (2540000 + i) FROM n");
                throw new IllegalStateException("undo all of it");
            })).hasMessageContaining("undo all of it");

            List<Integer> optedOut = db.reads().withHandle(h -> h.createQuery("SELECT opted_out FROM senders").mapTo(Integer.class).list());
            assertThat(optedOut).as("the earlier row, unchanged; none of the 20,000").containsExactly(0);
        }
    }

    @Test
    void once_the_writer_has_stopped_health_says_the_store_is_down() {
        try (Database db = Database.open(TestDatabases.sqlite(dir))) {
            assertThat(db.isUp()).isTrue();
            db.writes().close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !db.isUp());
            assertThatThrownBy(() -> db.writes().inTransaction(h -> 1)).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void the_write_ahead_log_is_copied_into_the_database_file_beside_the_writer_and_emptied_at_close() throws Exception {
        String url = TestDatabases.sqlite(dir);
        Path file = Path.of(url.substring("jdbc:sqlite:".length()));
        Path wal = Path.of(file + "-wal");
        try (Database db = Database.open(url)) {
            long before = Files.size(file);
            db.writes().inTransaction(h -> h.execute(
                    "INSERT INTO senders (number) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
                            + "SELECT '+1650' || (2530000 + i) FROM n"));
            // The writer itself never checkpoints (wal_autocheckpoint = 0): only the checkpointer can grow the file.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(file) > before + 100_000);
        }
        assertThat(Files.exists(wal) ? Files.size(wal) : 0).as("the log, emptied into the file at close").isZero();
        try (Database reopened = Database.open(url)) {
            int senders = reopened.reads().withHandle(h -> h.createQuery("SELECT count(*) FROM senders").mapTo(Integer.class).one());
            assertThat(senders).isEqualTo(20000);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
