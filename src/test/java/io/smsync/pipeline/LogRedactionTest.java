package io.smsync.pipeline;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.logging.RedactingMessageConverter;
import io.smsync.testing.FakeOpenAi;
import io.smsync.testing.LogCapture;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole batch through the real app with an LLM that echoes the customer's text as its answer: what the console shows. */
class LogRedactionTest {
    private static final String TEXT = "my door code is 4455 and the pipe burst";

    private final MutableClock clock = MutableClock.atNow();
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        RedactingMessageConverter.enable(true);
    }

    @Test
    void an_unusable_llm_answer_quoting_the_customer_is_logged_as_its_kind_and_length_only() {
        String written = processWithEchoingLlm(Map.of());

        assertThat(written).doesNotContain(TEXT, "door code")
                .contains("LLM ANSWER UNUSABLE reason=unknown category length=" + ("{\"category\":\"" + TEXT + "\",\"confidence\":0.9}").length());
    }

    @Test
    void with_redaction_off_the_unusable_answer_is_shown() {
        String written = processWithEchoingLlm(Map.of("SMSYNC_LOG_REDACT", "false"));

        assertThat(written).contains("LLM ANSWER UNUSABLE reason=unknown category", "answer=\"{\"category\":\"" + TEXT);
    }

    /** Everything the console shows while one text goes through an LLM that answers the text itself as the category. */
    private String processWithEchoingLlm(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        try (FakeOpenAi llm = new FakeOpenAi(text -> text);
             LogCapture logs = new LogCapture()) {
            all.putAll(Map.of("OPENAI_API_KEY", FakeOpenAi.KEY, "OPENAI_BASE_URL", llm.baseUrl()));
            try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, all)) {
                assertThat(app.postWebhook(message("m1", "+16502530000", TEXT)).statusCode()).isEqualTo(200);
                clock.advance(Duration.ofSeconds(60));
                app.closeDue();
            }
            assertThat(llm.calls()).hasSize(1);
            return String.join("", logs.written());
        }
    }
}
