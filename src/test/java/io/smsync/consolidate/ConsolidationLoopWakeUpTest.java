package io.smsync.consolidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsync.events.EventLog;
import io.smsync.ingest.IngestService;
import io.smsync.metrics.Metrics;
import io.smsync.sms.InboundMessage;
import io.smsync.store.Batches;
import io.smsync.store.Database;
import io.smsync.store.Events;
import io.smsync.store.Transactor;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A steady stream of messages whose batches fall due later does not keep the loop turning. */
class ConsolidationLoopWakeUpTest {
    @TempDir
    Path dir;

    /**
     * The loop's writes, counted; during each, a message is taken whose batch falls due in a minute, as happens all the
     * time under load (a single-threaded test would rarely catch the loop mid-turn by itself).
     */
    private static final class Counted implements Transactor {
        private final Transactor writes;
        private final Clock clock;
        private final AtomicInteger calls = new AtomicInteger();
        private volatile ConsolidationLoop loop;

        Counted(Transactor writes, Clock clock) {
            this.writes = writes;
            this.clock = clock;
        }

        @Override
        public <T> T inTransaction(Function<Handle, T> work) {
            calls.incrementAndGet();
            T result = writes.inTransaction(work);
            loop.dueAt(clock.instant().plus(Duration.ofMinutes(1)));
            return result;
        }

        @Override
        public void close() {
            writes.close();
        }
    }

    @Test
    void messages_that_open_and_join_batches_due_in_a_minute_leave_the_loop_asleep() {
        try (Database db = Database.open(TestDatabases.sqlite(dir))) {
            Clock clock = Clock.systemUTC();
            Counted loopWrites = new Counted(db.writes(), clock);
            Metrics metrics = new Metrics(new SimpleMeterRegistry());
            try (ConsolidationLoop loop = new ConsolidationLoop(loopWrites, db.reads(), new Batches(db.dialect()), clock,
                    "test-worker", Duration.ofMinutes(2), 4, batch -> { }, metrics)) {
                loopWrites.loop = loop;
                loop.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> loopWrites.calls.get() >= 2); // its first turn
                WindowPolicy minute = new WindowPolicy(Duration.ofMinutes(1), WindowMode.FIXED, Duration.ZERO, 50);
                IngestService ingest = new IngestService(db.intake(IngestService.window(minute), clock,
                        new EventLog(new Events(db.dialect()), batch -> batch)), loop::dueAt, metrics);
                for (int i = 0; i < 300; i++) {
                    ingest.ingest(List.of(new InboundMessage("webhook", "g-" + i, "+1650253" + String.format("%04d", i % 20), "", "hello", null)));
                }
                // Each turn closes and claims (two writes). Woken by the deadlines reported while it ran, the loop turned
                // without pause; asleep until its own poll, it turns about once a second while these messages are written.
                assertThat(loopWrites.calls.get() / 2).as("loop turns during 300 ingests").isLessThan(30);
            }
        }
    }
}
