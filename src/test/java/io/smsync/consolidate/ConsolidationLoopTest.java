package io.smsync.consolidate;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.LogCapture;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background loop, on the real clock: batches close by themselves, no one calls closeDue. */
class ConsolidationLoopTest {
    @TempDir
    Path dir;

    @Test
    void the_running_loop_closes_and_processes_a_batch_when_its_window_ends() {
        try (LogCapture logs = new LogCapture();
             TestApp app = TestApp.startRunning(TestDatabases.sqlite(dir), Map.of("SMSYNC_WINDOW", "300ms"))) {
            // One request, so both messages join the batch however slowly a loaded machine posts them.
            app.postWebhook(TestApp.envelope(message("l1", "+16502530000", "one"), message("l2", "+16502530000", "two")));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.getJson("/api/batches").at("/batches/0/status").asText().equals("done"));
            // The reply leaves on the outbox's own threads, after the batch is done.
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.getJson("/api/batches").at("/batches/0/reply/status").asText().equals("sent"));
            JsonNode batch = app.getJson("/api/batches").at("/batches/0");
            assertThat(batch.get("message_count").asInt()).isEqualTo(2);
            assertThat(batch.at("/reply/status").asText()).isEqualTo("sent");
            assertThat(logs.lines()).noneMatch(line -> line.contains("loop turn failed"));
        }
    }

    @Test
    void with_the_window_off_each_message_is_processed_at_once() {
        try (TestApp app = TestApp.startRunning(TestDatabases.sqlite(dir), Map.of("SMSYNC_WINDOW", "0"))) {
            app.postWebhook(message("z1", "+16502530000", "one"));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    app.getJson("/api/stats").get("batches_done").asInt() == 1);
        }
    }
}
