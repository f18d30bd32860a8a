package io.smsync.consolidate;

import io.smsync.events.EventLog;
import io.smsync.store.Events;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smsync.sms.InboundMessage;
import io.smsync.ingest.IngestService;
import io.smsync.metrics.Metrics;
import io.smsync.store.BatchRow;
import io.smsync.store.Batches;
import io.smsync.store.Database;
import io.smsync.store.Transactor;
import io.smsync.testing.LogCapture;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running loop survives whatever one turn throws, and goes on closing batches. */
class ConsolidationLoopFailuresTest {
    @TempDir
    Path dir;

    /** The store's writes, except that the first transaction throws an {@link Error} instead of running. */
    private static final class ErrorOnce implements Transactor {
        private final Transactor writes;
        private final AtomicBoolean thrown = new AtomicBoolean();

        ErrorOnce(Transactor writes) {
            this.writes = writes;
        }

        @Override
        public <T> T inTransaction(Function<Handle, T> work) {
            if (thrown.compareAndSet(false, true)) {
                throw new StackOverflowError("thrown once by the test's transactor");
            }
            return writes.inTransaction(work);
        }

        @Override
        public void close() {
            writes.close();
        }
    }

    @Test
    void an_error_in_one_turn_is_logged_and_the_next_turns_close_batches() {
        try (LogCapture logs = new LogCapture(); Database db = Database.open(TestDatabases.sqlite(dir))) {
            Batches batches = new Batches(db.dialect());
            List<BatchRow> processed = new CopyOnWriteArrayList<>();
            ErrorOnce writes = new ErrorOnce(db.writes());
            try (ConsolidationLoop loop = new ConsolidationLoop(writes, db.reads(), batches, Clock.systemUTC(), "test-worker",
                    Duration.ofMinutes(2), 4, processed::add, new Metrics(new SimpleMeterRegistry()))) {
                loop.start();
                await().atMost(Duration.ofSeconds(10)).untilTrue(writes.thrown);
                WindowPolicy immediately = new WindowPolicy(Duration.ZERO, WindowMode.FIXED, Duration.ZERO, 50);
                new IngestService(db.intake(IngestService.window(immediately), Clock.systemUTC(), new EventLog(new Events(db.dialect()), batch -> batch)), loop::dueAt,
                        new Metrics(new SimpleMeterRegistry())).ingest(List.of(new InboundMessage("webhook", "g-1", "+16502530000", "", "hello", null)));

                await().atMost(Duration.ofSeconds(10)).until(() -> processed.size() == 1);
                assertThat(processed.getFirst().sender()).isEqualTo("+16502530000");
                assertThat(loop.isHealthy()).isTrue();
                assertThat(logs.lines()).anyMatch(line -> line.contains("consolidation loop turn failed"));
            }
        }
    }
}
