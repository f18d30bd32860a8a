package io.smsync.pipeline;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.SmsyncProcess;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM stops smsync cleanly: it says so, keeps what it acknowledged and exits 0. */
class GracefulStopTest {
    @TempDir
    Path dir;

    @Test
    void sigterm_logs_the_stop_and_exits_0_with_acknowledged_messages_kept() throws Exception {
        String databaseUrl = TestDatabases.sqlite(dir);
        Path log = Path.of("target", "smsync-process.log");
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        int code;
        try (SmsyncProcess smsync = SmsyncProcess.start(Map.of("SMSYNC_DATABASE_URL", databaseUrl, "SMSYNC_WINDOW", "0"))) {
            var response = TestApp.send(HttpRequest.newBuilder(smsync.uri("/webhooks/sms"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(message("stop-1", "+16502530000", "hello"))));
            assertThat(response.statusCode()).isEqualTo(200);
            code = smsync.terminate();
        }

        assertThat(code).isZero();
        // logStart counts bytes, and other tests' lines in the shared log hold multi-byte characters (the masked "•").
        byte[] bytes = Files.readAllBytes(log);
        String printed = new String(bytes, (int) logStart, bytes.length - (int) logStart, StandardCharsets.UTF_8);
        assertThat(printed).contains("smsync stopping", "smsync stopped");
        try (TestApp reopened = TestApp.start(databaseUrl, java.time.Clock.systemUTC(), Map.of())) {
            assertThat(reopened.getJson("/api/stats").get("messages_received").asInt()).isEqualTo(1);
        }
    }
}
