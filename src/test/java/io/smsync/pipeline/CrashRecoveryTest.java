package io.smsync.pipeline;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.MutableClock;
import io.smsync.testing.SmsyncProcess;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real smsync process is killed with SIGKILL while messages sit in their window; nothing acknowledged is lost. */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void kill_dash_9_inside_the_window_loses_no_acknowledged_message_and_each_is_processed_exactly_once() throws Exception {
        String url = TestDatabases.sqlite(dir);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (SmsyncProcess smsync = SmsyncProcess.start(Map.of("SMSYNC_DATABASE_URL", url, "SMSYNC_WINDOW", "60s",
                "SMSYNC_MAX_BATCH_MESSAGES", "10000"))) {
            HttpClient http = HttpClient.newHttpClient();
            AtomicInteger next = new AtomicInteger();
            ExecutorService posters = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                posters.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        int i = next.getAndIncrement();
                        String guid = "crash-" + i;
                        String body = message(guid, "+1650253000" + (i % 3), "text " + i);
                        try {
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(smsync.uri("/webhooks/sms"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                acknowledged.add(guid);
                            }
                        } catch (IOException | InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 150);
            smsync.kill();
            posters.shutdownNow();
            assertThat(posters.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        MutableClock clock = new MutableClock(Instant.now().plusSeconds(61));
        try (TestApp restarted = TestApp.start(url, clock, Map.of("SMSYNC_MAX_BATCH_MESSAGES", "10000"))) {
            assertThat(restarted.closeDue()).isEqualTo(3);
            assertThat(restarted.closeDue()).isZero();
            JsonNode batches = restarted.getJson("/api/batches?limit=500").get("batches");
            Set<String> processed = new HashSet<>();
            int messages = 0;
            for (JsonNode batch : batches) {
                assertThat(batch.get("status").asText()).isEqualTo("done");
                assertThat(batch.at("/reply/status").asText()).isIn("sent", "skipped");
                for (JsonNode message : restarted.getJson("/api/batches/" + batch.get("id").asText()).get("messages")) {
                    processed.add(message.get("guid").asText());
                    messages++;
                }
            }
            assertThat(processed).containsAll(acknowledged);
            assertThat(messages).isEqualTo(processed.size());
            assertThat(restarted.getJson("/api/stats").get("replies_sent").asInt()).isEqualTo(3);
        }
    }
}
