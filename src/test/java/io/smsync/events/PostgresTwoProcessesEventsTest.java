package io.smsync.events;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smsync.testing.FakeEndpoint;
import io.smsync.testing.StandardWebhooksVerifier;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two running smsync instances (own pools, own dispatchers) on one PostgreSQL database deliver each event once between them,
 * and two started at once agree on one generated secret. */
class PostgresTwoProcessesEventsTest {
    private static final int SENDERS = 40;

    @Test
    void two_instances_on_one_database_deliver_every_event_exactly_once() {
        String url = TestDatabases.freshPostgresSchema();
        String[] secret = new String[1];
        try (FakeEndpoint endpoint = FakeEndpoint.answering(200)) {
            // No secret configured, and both start at once: one of them makes the secret, stores it and shows it.
            Map<String, String> env = Map.of("SMSYNC_WINDOW", "0", "SMSYNC_EVENTS_URL", endpoint.url(),
                    "SMSYNC_EVENTS_TYPES", "batch.classified");
            CompletableFuture<TestApp> starting = CompletableFuture.supplyAsync(() -> TestApp.startRunning(url, env));
            try (TestApp first = TestApp.startRunning(url, env); TestApp second = starting.join()) {
                List<String> shown = Stream.of(first, second).flatMap(app -> app.app().generatedEventsSecret().stream()).toList();
                assertThat(shown).hasSize(1);
                secret[0] = shown.getFirst();
                IntStream.range(0, SENDERS).parallel().forEach(i -> {
                    TestApp via = i % 2 == 0 ? first : second;
                    assertThat(via.postWebhook(message("m" + i, "+1650253" + String.format("%04d", i), "text " + i)).statusCode())
                            .isEqualTo(200);
                });

                await().atMost(Duration.ofSeconds(60)).until(() ->
                        first.getJson("/api/deliveries?status=delivered&limit=500").get("deliveries").size() == SENDERS);
                assertThat(first.getJson("/api/deliveries?limit=500").get("deliveries")).hasSize(SENDERS);
            }
            assertThat(endpoint.requests()).hasSize(SENDERS);
            assertThat(endpoint.requests().stream().map(r -> r.header("webhook-id")).distinct()).hasSize(SENDERS);
            StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(secret[0], Duration.ofMinutes(5));
            endpoint.requests().forEach(r -> verifier.verify(r, Instant.ofEpochSecond(Long.parseLong(r.header("webhook-timestamp")))));
        }
    }
}
