package io.smsync.consolidate;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smsync.store.Database;
import io.smsync.testing.FakeGateway;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The closing loop only closes batches: a reply send hanging on the gateway does not hold it up. */
class ClosingNotHeldUpTest {
    @TempDir
    Path dir;

    @Test
    void a_reply_hanging_on_the_gateway_does_not_delay_closing_a_new_senders_batch() {
        String url = TestDatabases.sqlite(dir);
        try (Database db = Database.open(url)) {
            // A reply a crash left pending an hour ago: due for dispatch as soon as smsync runs.
            long anHourAgo = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
            db.writes().inTransaction(h -> {
                h.createUpdate("INSERT INTO batches (id, sender, recipient, status, opened_at, last_message_at, due_at, message_count) "
                        + "VALUES ('b_left', '+16502539999', '', 'done', :t, :t, :t, 1)").bind("t", anHourAgo).execute();
                return h.createUpdate("INSERT INTO replies (id, batch_id, recipient, body, status, created_at, updated_at) "
                        + "VALUES ('r_left', 'b_left', '+16502539999', 'Thanks', 'pending', :t, :t)").bind("t", anHourAgo).execute();
            });
        }
        try (FakeGateway smsgate = new FakeGateway("/3rdparty/v1/messages", body -> new FakeGateway.Answer(202, "{\"state\":\"Pending\"}"))) {
            smsgate.holdRequests();
            try (TestApp app = TestApp.startRunning(url, Map.of("SMSYNC_WINDOW", "300ms", "SMSGATE_SIGNING_KEY", "sg-key",
                    "SMSYNC_SENDER", "smsgate", "SMSGATE_URL", smsgate.baseUrl() + "/3rdparty/v1",
                    "SMSGATE_USERNAME", "user", "SMSGATE_PASSWORD", "pass"))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> smsgate.bodies().size() == 1);

                app.postWebhook(message("new-1", "+16502530000", "hello"));
                // Well under the sender's 30 s timeout, which the old loop waited out before closing anything.
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        app.getJson("/api/batches?status=done").get("batches").findValuesAsText("sender").contains("+16502530000"));
                assertThat(smsgate.bodies().getFirst()).contains("Thanks");
            }
        }
    }
}
