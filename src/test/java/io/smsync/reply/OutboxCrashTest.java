package io.smsync.reply;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.FakeGateway;
import io.smsync.testing.MutableClock;
import io.smsync.testing.SmsyncProcess;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real smsync process is killed with SIGKILL while its reply is inside the gateway call; the restarted
 * smsync neither loses nor duplicates the reply, and says {@code unknown} where the outcome cannot be known.
 */
class OutboxCrashTest {
    @TempDir
    Path dir;

    /** Posts one text to the process, lets it reach the gateway, and kills the process mid-call. */
    private static void killDuringSend(Map<String, String> env, FakeGateway gateway) {
        gateway.holdRequests();
        try (SmsyncProcess smsync = SmsyncProcess.start(env)) {
            TestApp.send(HttpRequest.newBuilder(smsync.uri("/webhooks/sms"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(message("crash-1", "+16502530000", "hello"))));
            await().atMost(Duration.ofSeconds(20)).until(() -> gateway.bodies().size() == 1);
            smsync.kill();
        }
        gateway.answerRequests();
    }

    private static JsonNode reply(TestApp app) {
        return app.getJson("/api/batches").at("/batches/0/reply");
    }

    @Test
    void killed_during_an_smsgate_send_the_reply_is_retried_under_its_id_and_delivered_once() {
        Set<String> seenIds = new HashSet<>();
        try (FakeGateway smsgate = new FakeGateway("/3rdparty/v1/messages", body -> {
            String id = TestApp.json(body).get("id").asText();
            return seenIds.add(id) ? new FakeGateway.Answer(202, "{\"id\":\"" + id + "\",\"state\":\"Pending\"}")
                    : new FakeGateway.Answer(409, "{\"message\":\"Message with the same ID already exists\"}");
        })) {
            Map<String, String> env = new HashMap<>(Map.of("SMSYNC_DATABASE_URL", TestDatabases.sqlite(dir), "SMSYNC_WINDOW", "0",
                    "SMSYNC_SENDER", "smsgate", "SMSGATE_URL", smsgate.baseUrl() + "/3rdparty/v1",
                    "SMSGATE_USERNAME", "user", "SMSGATE_PASSWORD", "pass"));
            killDuringSend(env, smsgate);
            // The held request reached the gateway: it has the message, as the phone would.
            seenIds.add(TestApp.json(smsgate.bodies().getFirst()).get("id").asText());

            MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofMinutes(3)));
            try (TestApp restarted = TestApp.start(env.get("SMSYNC_DATABASE_URL"), clock, env)) {
                restarted.app().dispatchDueReplies();
                assertThat(reply(restarted).get("status").asText()).isEqualTo("sent");
                restarted.app().dispatchDueReplies();
            }
            assertThat(smsgate.bodies()).hasSize(2);
            assertThat(smsgate.bodies().stream().map(b -> TestApp.json(b).get("id").asText()).distinct()).hasSize(1);
            assertThat(seenIds).hasSize(1);
        }
    }

    @Test
    void killed_during_a_twilio_send_the_reply_is_unknown_and_not_sent_again() {
        try (FakeGateway twilio = new FakeGateway("/2010-04-01/Accounts/AC123/Messages.json",
                body -> new FakeGateway.Answer(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}"))) {
            Map<String, String> env = new HashMap<>(Map.of("SMSYNC_DATABASE_URL", TestDatabases.sqlite(dir), "SMSYNC_WINDOW", "0",
                    "SMSYNC_SENDER", "twilio", "TWILIO_API_URL", twilio.baseUrl(), "TWILIO_ACCOUNT_SID", "AC123",
                    "TWILIO_AUTH_TOKEN", "token", "TWILIO_FROM", "+14155550100", "SMSYNC_PUBLIC_URL", "https://sms.example.com"));
            killDuringSend(env, twilio);

            MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofMinutes(3)));
            try (TestApp restarted = TestApp.start(env.get("SMSYNC_DATABASE_URL"), clock, env)) {
                restarted.app().dispatchDueReplies();
                clock.advance(Duration.ofHours(1));
                restarted.app().dispatchDueReplies();
                JsonNode reply = reply(restarted);
                assertThat(reply.get("status").asText()).isEqualTo("unknown");
                assertThat(reply.get("reason").asText()).contains("outcome unknown");
            }
            assertThat(twilio.bodies()).hasSize(1);
        }
    }

    @Test
    void killed_inside_the_window_before_any_send_the_reply_goes_out_once_after_restart() {
        try (FakeGateway twilio = new FakeGateway("/2010-04-01/Accounts/AC123/Messages.json",
                body -> new FakeGateway.Answer(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}"))) {
            Map<String, String> env = new HashMap<>(Map.of("SMSYNC_DATABASE_URL", TestDatabases.sqlite(dir), "SMSYNC_WINDOW", "60s",
                    "SMSYNC_SENDER", "twilio", "TWILIO_API_URL", twilio.baseUrl(), "TWILIO_ACCOUNT_SID", "AC123",
                    "TWILIO_AUTH_TOKEN", "token", "TWILIO_FROM", "+14155550100", "SMSYNC_PUBLIC_URL", "https://sms.example.com"));
            try (SmsyncProcess smsync = SmsyncProcess.start(env)) {
                TestApp.send(HttpRequest.newBuilder(smsync.uri("/webhooks/sms"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(message("crash-2", "+16502530000", "hello"))));
                smsync.kill();
            }
            MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofMinutes(2)));
            try (TestApp restarted = TestApp.start(env.get("SMSYNC_DATABASE_URL"), clock, env)) {
                assertThat(restarted.closeDue()).isEqualTo(1);
                restarted.app().dispatchDueReplies();
                assertThat(reply(restarted).get("status").asText()).isEqualTo("sent");
            }
            assertThat(twilio.bodies()).hasSize(1);
            assertThat(twilio.bodies().getFirst()).contains("To=%2B16502530000");
        }
    }
}
