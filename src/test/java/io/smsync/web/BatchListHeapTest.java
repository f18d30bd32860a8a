package io.smsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.store.BatchRow;
import io.smsync.store.BatchStatus;
import io.smsync.store.Batches;
import io.smsync.store.Database;
import io.smsync.store.Ids;
import io.smsync.store.MessageRow;
import io.smsync.store.Messages;
import io.smsync.testing.SmsyncProcess;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A list of batches with the longest texts the webhook takes, asked of a real smsync process with a small heap. */
class BatchListHeapTest {
    private static final int BATCHES = 64;
    private static final int MESSAGES_PER_BATCH = 50;
    // Cyrillic, so that each Java string holds two bytes per character: 64 batches hold 64 MB of text.
    private static final String TEXT = "ж".repeat(10_000);

    @TempDir
    Path dir;

    @Test
    void the_largest_list_answers_under_a_small_heap_and_the_process_lives_on() {
        String url = TestDatabases.sqlite(dir);
        insertBigBatches(url);

        try (SmsyncProcess smsync = SmsyncProcess.start(Map.of("SMSYNC_DATABASE_URL", url),
                List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"))) {
            HttpResponse<String> list = TestApp.send(HttpRequest.newBuilder(smsync.uri("/api/batches?limit=500")));

            assertThat(list.statusCode()).isEqualTo(200);
            var batches = TestApp.json(list.body()).get("batches");
            assertThat(batches).hasSize(BATCHES);
            assertThat(batches.get(0).get("text").asText()).isEqualTo("ж".repeat(160));
            assertThat(batches.get(0).get("text_truncated").asBoolean()).isTrue();
            assertThat(smsync.isAlive()).isTrue();
            assertThat(TestApp.send(HttpRequest.newBuilder(smsync.uri("/health"))).statusCode()).isEqualTo(200);
        }
    }

    /** Straight through the store, as the webhook would leave them: open batches whose window ends tomorrow. */
    private static void insertBigBatches(String url) {
        Instant now = Instant.now();
        Instant due = now.plus(Duration.ofDays(1));
        try (Database database = Database.open(url)) {
            Batches batches = new Batches(database.dialect());
            Messages messages = new Messages();
            for (int b = 0; b < BATCHES; b++) {
                String sender = "+1650253" + String.format("%04d", b);
                String batchId = Ids.next("b_", now);
                database.writes().useTransaction(h -> {
                    batches.tryOpen(h, new BatchRow(batchId, sender, "", BatchStatus.OPEN, now, now, due, null, null,
                            MESSAGES_PER_BATCH, 0, null), sender + "\u001f");
                    for (int m = 0; m < MESSAGES_PER_BATCH; m++) {
                        messages.insert(h, new MessageRow(0, "webhook", batchId + "-" + m, batchId, m,
                                sender, "", TEXT, null, now));
                    }
                });
            }
        }
    }
}
