package io.smsync.process;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.FakeOpenAi;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spam batch is stored as spam and, unless SMSYNC_REPLY_TO_SPAM=true, gets no auto-reply. */
class SpamBatchTest {
    private static final String SPAM = "WINNER!! As a valued network customer you have been selected to receive a £900 prize"
            + " reward! To claim call 09061701461. Claim code KL341. Valid 12 hours only.";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @TempDir
    Path dir;

    private JsonNode closedBatch(TestApp app, String text) {
        assertThat(app.postWebhook(message("s1", "+16502530000", text)).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(app.closeDue()).isEqualTo(1);
        return app.getJson("/api/batches").get("batches").get(0);
    }

    @Test
    void a_batch_the_spam_model_calls_spam_is_stored_as_spam_and_gets_no_reply() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            JsonNode batch = closedBatch(app, SPAM);

            assertThat(batch.at("/classification/category").asText()).isEqualTo("spam");
            assertThat(batch.at("/classification/method").asText()).isEqualTo("rules");
            assertThat(batch.at("/reply/status").asText()).isEqualTo("skipped");
            assertThat(batch.at("/reply/reason").asText()).isEqualTo("spam");
        }
    }

    @Test
    void with_replies_to_spam_on_a_spam_batch_gets_the_auto_reply() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_REPLY_TO_SPAM", "true"))) {
            JsonNode batch = closedBatch(app, SPAM);

            assertThat(batch.at("/classification/category").asText()).isEqualTo("spam");
            assertThat(batch.at("/reply/status").asText()).isNotEqualTo("skipped");
            assertThat(batch.at("/reply/text").asText()).isNotBlank();
        }
    }

    @Test
    void a_batch_the_llm_calls_spam_gets_no_reply_either() {
        try (FakeOpenAi llm = FakeOpenAi.keyless(text -> "spam");
             TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("OPENAI_BASE_URL", llm.baseUrl()))) {
            JsonNode batch = closedBatch(app, "Cheap meds, visit our shop");

            assertThat(batch.at("/classification/category").asText()).isEqualTo("spam");
            assertThat(batch.at("/classification/method").asText()).isEqualTo("llm");
            assertThat(batch.at("/reply/reason").asText()).isEqualTo("spam");
        }
    }

    @Test
    void an_ordinary_batch_still_gets_its_reply() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            JsonNode batch = closedBatch(app, "Can I book a table for 4 on Friday at 7pm?");

            assertThat(batch.at("/classification/category").asText()).isEqualTo("appointment");
            assertThat(batch.at("/reply/status").asText()).isNotEqualTo("skipped");
        }
    }
}
