package io.smsync.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smsync.store.Database;
import io.smsync.store.Retention;
import io.smsync.store.Transactor;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A large purge goes in small transactions, so webhooks never wait long behind it; housekeeping chores survive failures. */
class PurgerTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    @TempDir
    Path dir;

    /** The store's writes, recording what each transaction returned. */
    private static final class Recording implements Transactor {
        private final Transactor writes;
        private final List<Object> results = new CopyOnWriteArrayList<>();

        Recording(Transactor writes) {
            this.writes = writes;
        }

        @Override
        public <T> T inTransaction(Function<Handle, T> work) {
            T result = writes.inTransaction(work);
            results.add(result);
            return result;
        }

        @Override
        public void close() {
            writes.close();
        }
    }

    @Test
    void a_purge_of_1201_old_batches_and_keys_deletes_at_most_500_of_each_per_transaction() {
        purgesInChunks(TestDatabases.sqlite(dir));
    }

    @Test
    void on_postgres_a_purge_also_goes_in_chunks() {
        purgesInChunks(TestDatabases.freshPostgresSchema());
    }

    private static void purgesInChunks(String databaseUrl) {
        try (Database db = Database.open(databaseUrl)) {
            db.writes().useTransaction(h -> {
                String numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1201) ";
                h.execute(numbers + "INSERT INTO batches (id, sender, recipient, status, opened_at, last_message_at, due_at, message_count) "
                        + "SELECT 'b_' || i, '+16502530000', '', 'done', 0, 0, 0, 1 FROM n");
                h.execute(numbers + "INSERT INTO messages (source, guid, batch_id, batch_seq, sender, recipient, body, received_at) "
                        + "SELECT 'webhook', 'g' || i, 'b_' || i, 1, '+16502530000', '', 'old', 0 FROM n");
                h.execute(numbers + "INSERT INTO seen_guids (source, guid, first_seen_at) SELECT 'webhook', 'g' || i, 0 FROM n");
            });
            Recording writes = new Recording(db.writes());
            Purger purger = new Purger(writes, new Retention(), Duration.ofDays(1), Clock.fixed(NOW, ZoneOffset.UTC));

            Retention.Purged purged = purger.purgeNow();

            assertThat(purged).isEqualTo(new Retention.Purged(1201, 1201, 1201));
            // Three chunks of batches, three of dedup keys, and one of events (none here).
            assertThat(writes.results).hasSize(7).last().isEqualTo(0);
            assertThat(writes.results.subList(0, 6)).allSatisfy(result -> {
                Retention.Purged chunk = (Retention.Purged) result;
                assertThat(chunk.batches()).isLessThanOrEqualTo(500);
                assertThat(chunk.dedupKeys()).isLessThanOrEqualTo(500);
            });
            int left = db.reads().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM messages").mapTo(Integer.class).one());
            assertThat(left).isZero();
        }
    }

    @Test
    void a_chore_that_throws_an_error_runs_again_at_its_next_time() {
        AtomicInteger runs = new AtomicInteger();
        try (Housekeeping housekeeping = new Housekeeping("test-housekeeping")) {
            housekeeping.every("failing chore", Duration.ZERO, Duration.ofMillis(10), () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new StackOverflowError("first run");
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        }
    }
}
