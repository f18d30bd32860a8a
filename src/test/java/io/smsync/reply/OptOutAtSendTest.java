package io.smsync.reply;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.FakeGateway;
import io.smsync.testing.LogCapture;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** A STOP recorded after a reply was planned still wins: the opt-out is checked when the reply is handed to the gateway. */
class OptOutAtSendTest {
    private static final String TWILIO_PATH = "/2010-04-01/Accounts/AC123/Messages.json";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    @TempDir
    Path dir;

    private TestApp start(FakeGateway twilio, Map<String, String> more) {
        return start(TestDatabases.sqlite(dir), twilio, more);
    }

    private TestApp start(String databaseUrl, FakeGateway twilio, Map<String, String> more) {
        HashMap<String, String> env = new HashMap<>(Map.of("SMSYNC_SENDER", "twilio",
                "TWILIO_API_URL", twilio.baseUrl(), "TWILIO_ACCOUNT_SID", "AC123", "TWILIO_AUTH_TOKEN", "token",
                "TWILIO_FROM", "+14155550100", "SMSYNC_PUBLIC_URL", "https://sms.example.com"));
        env.putAll(more);
        return TestApp.start(databaseUrl, clock, env);
    }

    private static JsonNode firstReply(TestApp app) {
        JsonNode batches = app.getJson("/api/batches").get("batches");
        return batches.get(batches.size() - 1).get("reply");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void reply_waiting_for_retry_is_skipped_after_stop(String database) {
        AtomicInteger calls = new AtomicInteger();
        try (FakeGateway twilio = new FakeGateway(TWILIO_PATH, body -> calls.incrementAndGet() == 1
                ? new FakeGateway.Answer(429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}")
                : new FakeGateway.Answer(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}"));
             TestApp app = start(database.equals("sqlite") ? TestDatabases.sqlite(dir) : TestDatabases.freshPostgresSchema(),
                     twilio, Map.of())) {
            app.postWebhook(message("g1", "+16502530000", "is the shop open today?"));
            clock.advance(Duration.ofSeconds(60));
            assertThat(app.closeDue()).isEqualTo(1);
            assertThat(twilio.bodies()).hasSize(1);
            assertThat(firstReply(app).get("status").asText()).isEqualTo("pending");

            app.postWebhook(message("g2", "+16502530000", "STOP"));
            clock.advance(Duration.ofMinutes(5));
            try (LogCapture logs = new LogCapture()) {
                app.app().dispatchDueReplies();
                assertThat(logs.count("REPLY SKIPPED")).isEqualTo(1);
            }

            assertThat(twilio.bodies()).hasSize(1);
            assertThat(firstReply(app).get("status").asText()).isEqualTo("skipped");
            assertThat(firstReply(app).get("reason").asText()).isEqualTo("opted_out");
        }
    }

    @Test
    void the_answer_to_help_still_goes_out_after_stop() {
        AtomicInteger calls = new AtomicInteger();
        try (FakeGateway twilio = new FakeGateway(TWILIO_PATH, body -> calls.incrementAndGet() == 1
                ? new FakeGateway.Answer(429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}")
                : new FakeGateway.Answer(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}"));
             TestApp app = start(twilio, Map.of("SMSYNC_HELP_TEXT", "Acme: call 555-0100. Reply STOP to opt out."))) {
            app.postWebhook(message("g1", "+16502530000", "HELP"));
            clock.advance(Duration.ofSeconds(60));
            assertThat(app.closeDue()).isEqualTo(1);

            app.postWebhook(message("g2", "+16502530000", "STOP"));
            clock.advance(Duration.ofMinutes(5));
            app.app().dispatchDueReplies();

            assertThat(twilio.bodies()).hasSize(2);
            assertThat(twilio.bodies().get(1)).contains("Body=Acme");
            assertThat(firstReply(app).get("status").asText()).isEqualTo("sent");
        }
    }
}
