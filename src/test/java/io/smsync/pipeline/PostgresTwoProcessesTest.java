package io.smsync.pipeline;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.FakeOpenAi;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Two smsync instances (own pools, own workers) on one PostgreSQL database process every batch exactly once. */
class PostgresTwoProcessesTest {
    private final MutableClock clock = MutableClock.atNow();

    @Test
    void two_instances_on_one_database_process_every_batch_exactly_once() {
        String url = TestDatabases.freshPostgresSchema();
        try (FakeOpenAi llm = new FakeOpenAi(text -> "question");
             TestApp first = TestApp.start(url, clock, Map.of("OPENAI_API_KEY", FakeOpenAi.KEY, "OPENAI_BASE_URL", llm.baseUrl()));
             TestApp second = TestApp.start(url, clock, Map.of("OPENAI_API_KEY", FakeOpenAi.KEY, "OPENAI_BASE_URL", llm.baseUrl()))) {
            int senders = 60;
            IntStream.range(0, senders).parallel().forEach(i -> {
                TestApp via = i % 2 == 0 ? first : second;
                String number = "+1650253" + String.format("%04d", i);
                assertThat(via.postWebhook(message("a" + i, number, "first from " + i)).statusCode()).isEqualTo(200);
                assertThat(second.postWebhook(message("b" + i, number, "second from " + i)).statusCode()).isEqualTo(200);
            });
            clock.advance(Duration.ofSeconds(60));

            List<CompletableFuture<Integer>> runs = List.of(
                    CompletableFuture.supplyAsync(first::closeDue), CompletableFuture.supplyAsync(second::closeDue),
                    CompletableFuture.supplyAsync(first::closeDue), CompletableFuture.supplyAsync(second::closeDue));
            int processed = runs.stream().mapToInt(CompletableFuture::join).sum();

            assertThat(processed).isEqualTo(senders);
            assertThat(llm.calls()).hasSize(senders);
            assertThat(llm.calls().stream().map(FakeOpenAi.Call::userText).distinct()).hasSize(senders);
            JsonNode stats = first.getJson("/api/stats");
            assertThat(stats.get("messages_received").asInt()).isEqualTo(2 * senders);
            assertThat(stats.get("batches_done").asInt()).isEqualTo(senders);
            assertThat(stats.get("classified_llm").asInt()).isEqualTo(senders);
            assertThat(stats.get("replies_sent").asInt()).isEqualTo(senders);
            JsonNode batches = second.getJson("/api/batches?limit=500").get("batches");
            assertThat(batches).hasSize(senders);
            assertThat(batches.findValuesAsText("message_count")).containsOnly("2");
        }
    }
}
