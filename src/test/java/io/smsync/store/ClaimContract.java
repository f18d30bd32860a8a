package io.smsync.store;

import io.smsync.events.EventLog;
import io.smsync.store.Events;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.metrics.Metrics;
import io.smsync.consolidate.WindowMode;
import io.smsync.consolidate.WindowPolicy;
import io.smsync.sms.InboundMessage;
import io.smsync.ingest.IngestService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Claims of due batches are atomic in the database and leased; run on every database by small subclasses. */
abstract class ClaimContract {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private final List<Database> opened = new ArrayList<>();

    protected abstract String freshDatabaseUrl();

    private Database open(String url) {
        Database db = Database.open(url);
        opened.add(db);
        return db;
    }

    @AfterEach
    void close() {
        opened.forEach(Database::close);
    }

    private static void openBatches(Database db, int count) {
        WindowPolicy policy = new WindowPolicy(Duration.ofSeconds(60), WindowMode.FIXED, Duration.ofMinutes(5), 50);
        IngestService ingest = new IngestService(db.intake(IngestService.window(policy), java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC),
                new EventLog(new Events(db.dialect()), batch -> batch)),
                due -> { }, new Metrics(new SimpleMeterRegistry()));
        List<InboundMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(new InboundMessage("webhook", "g" + i, "+1650253" + String.format("%04d", i), "", "text " + i, null));
        }
        ingest.ingest(messages);
    }

    @Test
    void workers_on_separate_connections_claiming_at_once_never_get_the_same_batch() throws Exception {
        String url = freshDatabaseUrl();
        List<Database> workers = List.of(open(url), open(url));
        openBatches(workers.getFirst(), 200);
        Instant due = T0.plusSeconds(60);

        ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> runs = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Database db = workers.get(w % 2);
            Batches batches = new Batches(db.dialect());
            String owner = "worker-" + w;
            runs.add(pool.submit(() -> {
                List<BatchRow> got;
                do {
                    got = db.writes().inTransaction(h -> batches.claimDue(h, due, owner, due.plus(LEASE), 7));
                    got.forEach(b -> claimed.add(b.id()));
                } while (!got.isEmpty());
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();
        Set<String> unique = new HashSet<>(claimed);
        assertThat(claimed).hasSize(200);
        assertThat(unique).hasSize(200);
    }

    @Test
    void nothing_is_claimed_before_its_deadline() {
        Database db = open(freshDatabaseUrl());
        openBatches(db, 3);
        Batches batches = new Batches(db.dialect());
        Instant early = T0.plusSeconds(59);
        List<BatchRow> claimed = db.writes().inTransaction(h -> batches.claimDue(h, early, "a", early.plus(LEASE), 10));
        assertThat(claimed).isEmpty();
        assertThat(db.reads().withHandle(batches::nextDue)).contains(T0.plusSeconds(60));
    }

    @Test
    void a_batch_held_by_a_dead_worker_is_taken_over_after_its_lease_and_the_dead_worker_cannot_finish_it() {
        Database db = open(freshDatabaseUrl());
        openBatches(db, 1);
        Batches batches = new Batches(db.dialect());
        Instant due = T0.plusSeconds(60);
        List<BatchRow> first = db.writes().inTransaction(h -> batches.claimDue(h, due, "dead", due.plus(LEASE), 10));
        assertThat(first).hasSize(1);
        assertThat(first.getFirst().status()).isEqualTo(BatchStatus.PROCESSING);

        Instant beforeExpiry = due.plus(LEASE).minusMillis(1);
        List<BatchRow> tooEarly = db.writes().inTransaction(h -> batches.claimDue(h, beforeExpiry, "alive", beforeExpiry.plus(LEASE), 10));
        assertThat(tooEarly).isEmpty();
        Instant expiry = due.plus(LEASE);
        List<BatchRow> takeover = db.writes().inTransaction(h -> batches.claimDue(h, expiry, "alive", expiry.plus(LEASE), 10));
        assertThat(takeover).extracting(BatchRow::id).containsExactly(first.getFirst().id());
        assertThat(takeover.getFirst().attempts()).isEqualTo(2);

        String id = first.getFirst().id();
        boolean deadFinished = db.writes().inTransaction(h -> batches.finish(h, id, "dead", BatchStatus.DONE, expiry, null));
        boolean aliveFinished = db.writes().inTransaction(h -> batches.finish(h, id, "alive", BatchStatus.DONE, expiry, null));
        assertThat(deadFinished).isFalse();
        assertThat(aliveFinished).isTrue();
    }

    @Test
    void due_batches_close_in_bounded_chunks_and_wait_unleased_until_any_worker_claims_them() {
        Database db = open(freshDatabaseUrl());
        openBatches(db, 3);
        Batches batches = new Batches(db.dialect());
        Instant due = T0.plusSeconds(60);

        List<Batches.Closed> first = db.writes().inTransaction(h -> batches.closeDue(h, due, 2));
        List<Batches.Closed> second = db.writes().inTransaction(h -> batches.closeDue(h, due, 2));
        List<Batches.Closed> third = db.writes().inTransaction(h -> batches.closeDue(h, due, 2));
        assertThat(first).hasSize(2);
        assertThat(second).hasSize(1).allSatisfy(closed -> assertThat(closed.dueAt()).isEqualTo(due));
        assertThat(third).isEmpty();
        Optional<Instant> nextDue = db.reads().withHandle(batches::nextDue);
        Optional<Instant> claimable = db.reads().withHandle(h -> batches.nextClaimable(h, due));
        assertThat(nextDue).isEmpty();
        assertThat(claimable).contains(due);

        Instant later = due.plusSeconds(5);
        List<BatchRow> claimed = db.writes().inTransaction(h -> batches.claimClosed(h, later, "worker", later.plus(LEASE), 10));
        assertThat(claimed).hasSize(3).allSatisfy(batch -> {
            assertThat(batch.status()).isEqualTo(BatchStatus.PROCESSING);
            assertThat(batch.closedAt()).isEqualTo(due);
            assertThat(batch.attempts()).isEqualTo(1);
        });
        Optional<Instant> leaseEnd = db.reads().withHandle(h -> batches.nextClaimable(h, later));
        assertThat(leaseEnd).contains(later.plus(LEASE));
    }
}
