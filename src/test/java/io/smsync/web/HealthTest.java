package io.smsync.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smsync.consolidate.ConsolidationLoop;
import io.smsync.metrics.Metrics;
import io.smsync.store.Batches;
import io.smsync.store.Database;
import io.smsync.store.Transactor;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import io.smsync.http.Json;
import io.smsync.http.WebServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health and /health/ready say 503 when a part smsync cannot work without is dead or stuck; /health/live does not. */
class HealthTest {
    @TempDir
    Path dir;

    /** The store's writes, held at the gate while {@code holding} is set: a store call that hangs. */
    private static final class Gate implements Transactor {
        private final Transactor writes;
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean held = new AtomicBoolean();
        private volatile boolean holding;

        Gate(Transactor writes) {
            this.writes = writes;
        }

        @Override
        public <T> T inTransaction(Function<Handle, T> work) {
            if (holding) {
                held.set(true);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return writes.inTransaction(work);
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    private static HttpResponse<String> get(WebServer server, String path) {
        return TestApp.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)));
    }

    @Test
    void health_is_503_when_the_loop_thread_has_ended_and_live_stays_200() {
        MutableClock clock = MutableClock.atNow();
        try (Database db = Database.open(TestDatabases.sqlite(dir));
             ConsolidationLoop loop = new ConsolidationLoop(db.writes(), db.reads(), new Batches(db.dialect()), clock, "test-worker",
                     Duration.ofMinutes(2), 4, batch -> { }, new Metrics(new SimpleMeterRegistry()));
             WebServer server = new WebServer(Json.mapper(), List.of(new HealthRoutes(db, Map.of("consolidation_loop", loop::isHealthy))))
                     .start("127.0.0.1", 0)) {
            loop.start();
            assertThat(get(server, "/health").statusCode()).isEqualTo(200);

            loop.close();
            HttpResponse<String> health = get(server, "/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(TestApp.json(health.body()).get("down").toString()).isEqualTo("[\"consolidation_loop\"]");
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(503);
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void health_is_503_while_a_loop_turn_is_stuck_past_its_bound_and_200_again_once_it_ends() {
        MutableClock clock = MutableClock.atNow();
        try (Database db = Database.open(TestDatabases.sqlite(dir));
             Gate gate = new Gate(db.writes());
             ConsolidationLoop loop = new ConsolidationLoop(gate, db.reads(), new Batches(db.dialect()), clock, "test-worker",
                     Duration.ofMinutes(2), 4, batch -> { }, new Metrics(new SimpleMeterRegistry()));
             WebServer server = new WebServer(Json.mapper(), List.of(new HealthRoutes(db, Map.of("consolidation_loop", loop::isHealthy))))
                     .start("127.0.0.1", 0)) {
            loop.start();
            gate.holding = true;
            await().atMost(Duration.ofSeconds(10)).untilTrue(gate.held);
            assertThat(get(server, "/health").statusCode()).as("stuck, but not yet for long").isEqualTo(200);

            clock.advance(Duration.ofMinutes(2));
            assertThat(get(server, "/health").statusCode()).isEqualTo(503);

            gate.holding = false;
            gate.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> get(server, "/health").statusCode() == 200);
        }
    }

    @Test
    void health_is_503_once_the_sqlite_writer_has_stopped() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), MutableClock.atNow(), Map.of())) {
            assertThat(app.get("/health").statusCode()).isEqualTo(200);
            app.app().database().writes().close();
            HttpResponse<String> health = app.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(TestApp.json(health.body()).get("down").toString()).isEqualTo("[\"store\"]");
            assertThat(app.get("/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_running_app_is_healthy_with_its_loop() {
        try (TestApp app = TestApp.startRunning(TestDatabases.sqlite(dir), Map.of())) {
            assertThat(app.get("/health").statusCode()).isEqualTo(200);
            assertThat(app.get("/health/ready").body()).isEqualTo("{\"status\":\"up\"}");
        }
    }
}
