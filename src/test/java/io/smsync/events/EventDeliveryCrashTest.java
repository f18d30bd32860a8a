package io.smsync.events;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smsync.testing.FakeEndpoint;
import io.smsync.testing.MutableClock;
import io.smsync.testing.SmsyncProcess;
import io.smsync.testing.StandardWebhooksVerifier;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real smsync process is killed with SIGKILL while an event is inside its delivery: after the restart that event
 * is delivered again under the same webhook-id, and the event whose delivery was confirmed before the crash is not.
 */
class EventDeliveryCrashTest {
    @TempDir
    Path dir;

    private static void post(SmsyncProcess smsync, String guid, String text) {
        TestApp.send(HttpRequest.newBuilder(smsync.uri("/webhooks/sms"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(message(guid, "+16502530000", text))));
    }

    private static int delivered(SmsyncProcess smsync) {
        return TestApp.json(TestApp.send(HttpRequest.newBuilder(smsync.uri("/api/deliveries?status=delivered"))).body())
                .get("deliveries").size();
    }

    @Test
    void killed_during_a_delivery_the_event_is_sent_again_under_its_id_and_a_confirmed_one_is_not() {
        try (FakeEndpoint endpoint = FakeEndpoint.answering(200)) {
            Map<String, String> env = Map.of("SMSYNC_DATABASE_URL", TestDatabases.sqlite(dir), "SMSYNC_WINDOW", "0",
                    "SMSYNC_EVENTS_URL", endpoint.url(), "SMSYNC_EVENTS_SECRET", EventWebhooksContract.SECRET,
                    "SMSYNC_EVENTS_TYPES", "batch.classified");
            try (SmsyncProcess smsync = SmsyncProcess.start(env)) {
                post(smsync, "first", "first text");
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered(smsync) == 1);
                endpoint.answer(request -> 0);
                post(smsync, "second", "second text");
                await().atMost(Duration.ofSeconds(30)).until(() -> endpoint.requests().size() == 2);
                smsync.kill();
            }
            String confirmed = endpoint.requests().get(0).header("webhook-id");
            String interrupted = endpoint.requests().get(1).header("webhook-id");
            endpoint.answer(request -> 200);

            MutableClock clock = MutableClock.atNow();
            try (TestApp restarted = TestApp.start(env.get("SMSYNC_DATABASE_URL"), clock, env)) {
                assertThat(restarted.app().deliverDueEvents()).as("the dead process's lease still holds").isZero();
                clock.advance(Duration.ofSeconds(61));
                assertThat(restarted.app().deliverDueEvents()).isEqualTo(1);
                clock.advance(Duration.ofDays(2));
                assertThat(restarted.app().deliverDueEvents()).isZero();
            }
            assertThat(endpoint.requests()).hasSize(3);
            FakeEndpoint.Request again = endpoint.requests().get(2);
            assertThat(again.header("webhook-id")).isEqualTo(interrupted).isNotEqualTo(confirmed);
            assertThat(again.body()).isEqualTo(endpoint.requests().get(1).body()).contains("second text");
            new StandardWebhooksVerifier(EventWebhooksContract.SECRET, Duration.ofMinutes(5))
                    .verify(again, Instant.ofEpochSecond(Long.parseLong(again.header("webhook-timestamp"))));
        }
    }
}
