package io.smsync.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsync.config.Config;
import io.smsync.testing.LogCapture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the console shows, laid out by logback.xml's own appender: no secret, and no customer text while redacting. */
class LogMaskingTest {
    private static final Logger log = LoggerFactory.getLogger(LogMaskingTest.class);

    @AfterEach
    void restore() {
        LogSecrets.register(List.of());
        RedactingMessageConverter.enable(true);
    }

    @Test
    void a_configured_secret_is_masked_in_the_message_and_in_every_exception_of_the_stack_trace() {
        Config config = Config.fromEnv(Map.of("SMSYNC_ADMIN_TOKEN", "admin-t0ken-1", "OPENAI_API_KEY", "sk-live-2",
                "SMSYNC_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres;password=S3CRET"));
        LogSecrets.register(config.secrets());
        IllegalStateException failure = new IllegalStateException("pool failed",
                new RuntimeException("FATAL: role \"postgres;password=S3CRET\" does not exist"));
        failure.addSuppressed(new RuntimeException("bad key sk-live-2"));

        try (LogCapture logs = new LogCapture()) {
            log.error("login with admin-t0ken-1 failed", failure);

            String written = String.join("", logs.written());
            assertThat(written).doesNotContain("S3CRET", "admin-t0ken-1", "sk-live-2")
                    .contains("login with *** failed", "role \"postgres;password=***\" does not exist", "bad key ***",
                            "at io.smsync.logging.LogMaskingTest");
        }
    }

    @Test
    void secrets_are_masked_even_with_redaction_off() {
        RedactingMessageConverter.enable(false);
        LogSecrets.register(List.of("S3CRET"));

        try (LogCapture logs = new LogCapture()) {
            log.warn("password S3CRET", new RuntimeException("password S3CRET"));

            assertThat(String.join("", logs.written())).doesNotContain("S3CRET").contains("password ***");
        }
    }

    @Test
    void values_shorter_than_four_characters_are_left_alone() {
        LogSecrets.register(List.of("abc", "S3CRET"));

        try (LogCapture logs = new LogCapture()) {
            log.info("abc S3CRET");

            assertThat(logs.written()).singleElement().asString().contains("- abc ***");
        }
    }

    @Test
    void a_json_parser_message_quoting_the_body_is_hidden_from_stack_traces_while_redacting() {
        RuntimeException wrapped = new RuntimeException(parseFailure("Pipeburst_at_42_Elm_Street"));

        try (LogCapture logs = new LogCapture()) {
            log.error("unexpected error on POST /webhooks/sms", wrapped);

            String written = String.join("", logs.written());
            assertThat(written).doesNotContain("Pipeburst_at_42_Elm_Street")
                    .contains("com.fasterxml.jackson.core.JsonParseException: (message hidden by SMSYNC_LOG_REDACT: ");
        }
    }

    @Test
    void with_redaction_off_stack_traces_show_parser_messages_and_numbers() {
        RedactingMessageConverter.enable(false);

        try (LogCapture logs = new LogCapture()) {
            log.error("failed", new RuntimeException("from +15551234567", parseFailure("Pipeburst_at_42_Elm_Street")));

            assertThat(String.join("", logs.written())).contains("Pipeburst_at_42_Elm_Street", "+15551234567");
        }
    }

    @Test
    void phone_numbers_in_stack_traces_are_masked_while_redacting() {
        try (LogCapture logs = new LogCapture()) {
            log.error("failed", new RuntimeException("no route to +15551234567"));

            assertThat(String.join("", logs.written())).doesNotContain("+15551234567").contains("no route to +1555•••4567");
        }
    }

    private static JsonProcessingException parseFailure(String body) {
        try {
            new ObjectMapper().readTree(body);
            throw new AssertionError("parsed " + body);
        } catch (JsonProcessingException e) {
            assertThat(e.getMessage()).contains(body);
            return e;
        }
    }
}
