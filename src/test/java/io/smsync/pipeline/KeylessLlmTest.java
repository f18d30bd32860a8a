package io.smsync.pipeline;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.config.Config;
import io.smsync.testing.FakeOpenAi;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ollama and llama.cpp need no key: OPENAI_BASE_URL alone turns the LLM on, and no Authorization is sent. */
class KeylessLlmTest {
    private final MutableClock clock = MutableClock.atNow();
    @TempDir
    Path dir;

    @Test
    void a_base_url_without_a_key_classifies_with_that_server_and_sends_no_authorization() {
        try (FakeOpenAi llm = FakeOpenAi.keyless(text -> "question");
             TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("OPENAI_BASE_URL", llm.baseUrl()))) {
            app.postWebhook(message("k1", "+16502530000", "are you open today?"));
            clock.advance(Duration.ofSeconds(60));
            app.closeDue();

            assertThat(llm.calls()).extracting(FakeOpenAi.Call::authorization).containsExactly((String) null);
            assertThat(app.getJson("/api/stats").get("classified_llm").asInt()).isEqualTo(1);
        }
    }

    @Test
    void the_start_up_block_says_the_llm_runs_without_a_key() {
        Config config = Config.fromEnv(Map.of("OPENAI_BASE_URL", "http://localhost:11434/v1", "SMSYNC_LLM_MODEL", "llama3.2"));
        assertThat(config.llmEnabled()).isTrue();
        assertThat(config.describe()).contains("llm (llama3.2 at http://localhost:11434/v1, no API key)");
        assertThat(Config.fromEnv(Map.of()).llmEnabled()).isFalse();
    }
}
