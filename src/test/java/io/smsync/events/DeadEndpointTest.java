package io.smsync.events;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smsync.testing.FakeEndpoint;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An endpoint that takes requests and never answers delays neither the closing of batches, nor replies, nor another endpoint. */
class DeadEndpointTest {
    /** Far more than the dead endpoint's requests in flight, so deliveries queued behind it would show. */
    private static final int SENDERS = 30;
    @TempDir
    Path dir;

    @Test
    void a_dead_endpoint_delays_neither_batches_nor_replies_nor_a_live_endpoint() {
        try (FakeEndpoint dead = new FakeEndpoint(request -> 0); FakeEndpoint live = FakeEndpoint.answering(200)) {
            try (TestApp app = TestApp.startRunning(TestDatabases.sqlite(dir), Map.of("SMSYNC_WINDOW", "0",
                    "SMSYNC_EVENTS_URL", dead.url() + "," + live.url(), "SMSYNC_EVENTS_SECRET", EventWebhooksContract.SECRET))) {
                app.postWebhook(message("first", "+16502539999", "hello"));
                await().atMost(Duration.ofSeconds(30)).until(() -> !dead.requests().isEmpty());

                for (int i = 0; i < SENDERS; i++) {
                    app.postWebhook(message("m" + i, "+1650253" + String.format("%04d", i), "can I book for Friday?"));
                }

                // Each batch gives batch.classified and reply.sent to the live endpoint.
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        app.getJson("/api/deliveries?status=delivered&limit=500").get("deliveries").size() == 2 * (SENDERS + 1));
                assertThat(live.requests()).hasSize(2 * (SENDERS + 1));
                assertThat(app.getJson("/api/stats").get("batches_done").asInt()).isEqualTo(SENDERS + 1);
                assertThat(app.getJson("/api/stats").get("replies_sent").asInt()).isEqualTo(SENDERS + 1);
                String deadId = null;
                for (var endpoint : app.getJson("/api/endpoints").get("endpoints")) {
                    if (endpoint.get("url").asText().equals(dead.url())) {
                        deadId = endpoint.get("id").asText();
                    }
                }
                assertThat(app.getJson("/api/deliveries?status=pending&limit=500").get("deliveries").findValuesAsText("endpoint_id"))
                        .as("the dead endpoint's deliveries wait for it").hasSize(2 * (SENDERS + 1)).containsOnly(deadId);
            }
        }
    }
}
