package io.smsync.pipeline;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.FakeOpenAi;
import io.smsync.testing.LogCapture;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed scenario: three texts from one sender inside the window, one repeated guid, one text from
 * another sender. Two batches, each classified once (by the LLM) and answered once.
 */
class SeedScenarioTest {
    private final MutableClock clock = MutableClock.atNow();
    @TempDir
    Path dir;

    private static String category(String text) {
        return text.contains("pipe") ? "urgent" : "appointment";
    }

    @Test
    void two_batches_each_classified_once_and_answered_once_visible_in_api_stats_and_logs() {
        try (FakeOpenAi llm = new FakeOpenAi(SeedScenarioTest::category);
             LogCapture logs = new LogCapture();
             TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock,
                     Map.of("OPENAI_API_KEY", FakeOpenAi.KEY, "OPENAI_BASE_URL", llm.baseUrl()))) {
            app.postWebhook(message("seed-1", "+16502530000", "Hi, it's Dana"));
            clock.advance(Duration.ofSeconds(10));
            app.postWebhook(message("seed-2", "+16502530000", "URGENT my pipe burst"));
            app.postWebhook(message("seed-2", "+16502530000", "URGENT my pipe burst"));
            clock.advance(Duration.ofSeconds(10));
            app.postWebhook(message("seed-3", "+16502530000", "please send someone today"));
            app.postWebhook(message("seed-4", "+14155550123", "can I book for Friday?"));

            clock.advance(Duration.ofSeconds(60));
            assertThat(app.closeDue()).isEqualTo(2);
            assertThat(app.closeDue()).isZero();

            assertThat(llm.calls()).hasSize(2);
            assertThat(llm.calls()).extracting(FakeOpenAi.Call::userText).anySatisfy(text ->
                    assertThat(text).contains("Hi, it's Dana\nURGENT my pipe burst\nplease send someone today"));
            assertThat(llm.calls()).extracting(FakeOpenAi.Call::userText).anySatisfy(text ->
                    assertThat(text).contains("can I book for Friday?"));

            JsonNode batches = app.getJson("/api/batches").get("batches");
            assertThat(batches).hasSize(2);
            JsonNode dana = batches.get(1).get("sender").asText().equals("+16502530000") ? batches.get(1) : batches.get(0);
            assertThat(dana.get("message_count").asInt()).isEqualTo(3);
            assertThat(dana.at("/classification/category").asText()).isEqualTo("urgent");
            assertThat(dana.at("/classification/method").asText()).isEqualTo("llm");
            assertThat(dana.at("/classification/model").asText()).isEqualTo(FakeOpenAi.MODEL);
            assertThat(batches.findValues("reply")).extracting(r -> r.get("status").asText()).containsOnly("sent");

            JsonNode stats = app.getJson("/api/stats");
            assertThat(stats.get("messages_received").asInt()).isEqualTo(4);
            assertThat(stats.get("duplicates").asInt()).isEqualTo(1);
            assertThat(stats.get("batches_done").asInt()).isEqualTo(2);
            assertThat(stats.get("classified_llm").asInt()).isEqualTo(2);
            assertThat(stats.get("replies_sent").asInt()).isEqualTo(2);

            assertThat(logs.count("DUPLICATE IGNORED")).isEqualTo(1);
            assertThat(logs.count("CONSOLIDATION STARTED")).isEqualTo(2);
            assertThat(logs.count("CONSOLIDATION UPDATE")).isEqualTo(2);
            assertThat(logs.count("CONSOLIDATION TIMEOUT")).isEqualTo(2);
            assertThat(logs.count("BATCH RECEIVED")).isEqualTo(2);
            assertThat(logs.count("BATCH PROCESSING COMPLETE")).isEqualTo(2);
            assertThat(logs.count("REPLY SENT")).isEqualTo(2);
            assertThat(logs.lines()).noneMatch(line -> line.contains(FakeOpenAi.KEY));
        }
    }

    @Test
    void when_the_llm_fails_the_batch_is_classified_by_the_rules_and_still_answered() {
        try (FakeOpenAi llm = new FakeOpenAi(SeedScenarioTest::category);
             TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock,
                     Map.of("OPENAI_API_KEY", FakeOpenAi.KEY, "OPENAI_BASE_URL", llm.baseUrl()))) {
            llm.answer(call -> FakeOpenAi.error(500, "overloaded"));
            app.postWebhook(message("f1", "+16502530000", "URGENT my pipe burst"));
            clock.advance(Duration.ofSeconds(60));
            app.closeDue();
            JsonNode batch = app.getJson("/api/batches").at("/batches/0");
            assertThat(batch.get("status").asText()).isEqualTo("done");
            assertThat(batch.at("/classification/method").asText()).isEqualTo("rules");
            assertThat(batch.at("/classification/category").asText()).isEqualTo("urgent");
            assertThat(batch.at("/classification/model").isNull()).isTrue();
            assertThat(batch.at("/reply/status").asText()).isEqualTo("sent");
        }
    }
}
