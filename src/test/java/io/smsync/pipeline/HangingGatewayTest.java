package io.smsync.pipeline;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smsync.testing.FakeGateway;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway that takes requests and never answers delays only the replies, never the closing of batches. */
class HangingGatewayTest {
    /** More than the closing loop's processing slots, so sends held inside processing would stall the rest. */
    private static final int SENDERS = 40;
    @TempDir
    Path dir;

    @Test
    void a_hanging_gateway_does_not_delay_the_closing_of_other_senders_batches() {
        try (FakeGateway smsgate = new FakeGateway("/message", body -> new FakeGateway.Answer(202, "{\"state\":\"Pending\"}"))) {
            smsgate.holdRequests();
            try (TestApp app = TestApp.startRunning(TestDatabases.sqlite(dir), Map.of("SMSYNC_WINDOW", "0",
                    "SMSYNC_SENDER", "smsgate", "SMSGATE_URL", smsgate.baseUrl(),
                    "SMSGATE_USERNAME", "user", "SMSGATE_PASSWORD", "pass"))) {
                app.postWebhook(message("first", "+16502530000", "hello"));
                await().atMost(Duration.ofSeconds(30)).until(() -> smsgate.bodies().size() == 1);

                for (int i = 1; i <= SENDERS; i++) {
                    app.postWebhook(message("m" + i, "+1650253" + String.format("%04d", i), "can I book for Friday?"));
                }

                await().atMost(Duration.ofSeconds(60)).until(() -> count(app,
                        "SELECT COUNT(*) FROM batches b JOIN classifications c ON c.batch_id = b.id WHERE b.status = 'done'")
                        == SENDERS + 1);
                assertThat(count(app, "SELECT COUNT(*) FROM replies WHERE status IN ('sent', 'unknown', 'failed')"))
                        .as("every send still hangs: no reply has an outcome yet")
                        .isZero();
            }
        }
    }

    private static long count(TestApp app, String sql) {
        return app.app().database().reads().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
