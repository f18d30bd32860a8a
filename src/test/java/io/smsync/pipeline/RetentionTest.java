package io.smsync.pipeline;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.store.Retention;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old data is purged by SMSYNC_RETENTION, dedup keys stay as long as gateways retry, opt-outs stay. */
class RetentionTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    @TempDir
    Path dir;

    @Test
    void old_batches_and_messages_go_but_dedup_keys_stay_for_their_minimum_and_opt_outs_stay() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_RETENTION", "1d"))) {
            app.postWebhook(message("old-1", "+16502530000", "hello"));
            app.postWebhook(message("old-2", "+16502530001", "STOP"));
            clock.advance(Duration.ofMinutes(1));
            app.closeDue();
            clock.advance(Duration.ofHours(23));
            app.postWebhook(message("recent-1", "+16502530002", "still here"));

            clock.advance(Duration.ofHours(2));
            Retention.Purged purged = app.app().purgeNow();
            assertThat(purged.batches()).isEqualTo(2);
            assertThat(purged.messages()).isEqualTo(2);
            assertThat(purged.dedupKeys()).isZero();
            assertThat(app.getJson("/api/batches").get("batches")).hasSize(1);
            assertThat(app.getJson("/api/stats").get("messages_received").asInt()).isEqualTo(1);
            assertThat(TestApp.json(app.postWebhook(message("old-1", "+16502530000", "retry")).body()).get("duplicates").asInt())
                    .as("a gateway retrying a purged message within 2 days is still a duplicate").isEqualTo(1);
            assertThat(app.getJson("/api/senders/%2B16502530001").get("opted_out").asBoolean()).isTrue();

            clock.advance(Duration.ofDays(1));
            assertThat(app.app().purgeNow().dedupKeys()).isEqualTo(2);
            assertThat(app.getJson("/api/senders/%2B16502530001").get("opted_out").asBoolean()).isTrue();
        }
    }

    @Test
    void open_batches_are_never_purged() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_RETENTION", "1h", "SMSYNC_WINDOW", "2h"))) {
            app.postWebhook(message("o-1", "+16502530000", "hello"));
            clock.advance(Duration.ofMinutes(90));
            assertThat(app.app().purgeNow().batches()).isZero();
            assertThat(app.getJson("/api/batches").get("batches")).hasSize(1);
        }
    }
}
