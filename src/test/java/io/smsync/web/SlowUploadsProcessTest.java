package io.smsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.crypto.Hmac;
import io.smsync.testing.SmsyncProcess;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many slow unauthenticated uploads against a smsync process with a small heap: bodies that must be read before
 * their signature can be checked are read within the body budget, so the uploads over it are answered 503, the
 * process stays alive, and legitimate bearer and signed posts keep being stored.
 */
class SlowUploadsProcessTest {
    private static final String TOKEN = "slow-uploads-token";
    private static final String SMSGATE_KEY = "slow-uploads-smsgate";
    private static final int UPLOADS = 200;
    private static final int DECLARED = 1024 * 1024;
    private static final int CHUNK = 16 * 1024;
    @TempDir
    Path dir;

    /** One upload that declares 1 MiB with a signature that will not match, then sends its body a chunk per round. */
    private static final class Upload {
        final Socket socket;
        boolean open = true;

        Upload(int port, int index) throws IOException {
            socket = new Socket("127.0.0.1", port);
            String credentials = index % 2 == 0
                    ? "POST /webhooks/sms HTTP/1.1\r\nX-Smsync-Signature: sha256=00\r\n"
                    : "POST /webhooks/smsgate HTTP/1.1\r\nX-Signature: 00\r\nX-Timestamp: " + System.currentTimeMillis() / 1000 + "\r\n";
            send((credentials + "Host: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\nContent-Length: " + DECLARED
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        void send(byte[] bytes) {
            if (!open) {
                return;
            }
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                open = false; // the server answered and closed, or died
            }
        }

        /** The status line of the answer, once the whole body is sent; null when the connection was closed under us. */
        String status() {
            try {
                socket.setSoTimeout((int) TimeUnit.MINUTES.toMillis(2)); // a bound against a hung server, not a timing check
                return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            } catch (IOException e) {
                return null;
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void slow_unauthenticated_uploads_get_503_while_bearer_and_signed_posts_keep_working_under_a_64_mb_heap() throws IOException {
        try (SmsyncProcess smsync = SmsyncProcess.start(Map.of("SMSYNC_DATABASE_URL", TestDatabases.sqlite(dir),
                "SMSYNC_WEBHOOK_TOKEN", TOKEN, "SMSGATE_SIGNING_KEY", SMSGATE_KEY), List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"))) {
            int port = smsync.uri("/").getPort();
            List<Upload> uploads = new ArrayList<>();
            for (int i = 0; i < UPLOADS; i++) {
                uploads.add(new Upload(port, i));
            }
            List<Integer> legitimate = new ArrayList<>();
            byte[] chunk = new byte[CHUNK];
            Arrays.fill(chunk, (byte) ' ');
            for (int round = 0; round < DECLARED / CHUNK; round++) {
                for (Upload upload : uploads) {
                    upload.send(chunk);
                }
                legitimate.add(postWithBearer(smsync, "bearer-" + round));
                legitimate.add(postSigned(smsync, "signed-" + round));
                assertThat(smsync.isAlive()).as("smsync alive after round %d", round).isTrue();
            }
            List<String> answers = uploads.stream().map(Upload::status).toList();

            assertThat(smsync.isAlive()).isTrue();
            assertThat(legitimate).hasSize(2 * DECLARED / CHUNK).containsOnly(200);
            assertThat(answers).allSatisfy(status -> assertThat(status).matches("HTTP/1\\.1 (401|503) .*"));
            assertThat(answers).anySatisfy(status -> assertThat(status).startsWith("HTTP/1.1 503 "));
            HttpResponse<String> stats = TestApp.send(HttpRequest.newBuilder(smsync.uri("/api/stats")));
            assertThat(TestApp.json(stats.body()).get("messages_received").asInt()).isEqualTo(legitimate.size());
            for (Upload upload : uploads) {
                upload.socket.close();
            }
        }
    }

    private static int postWithBearer(SmsyncProcess smsync, String guid) {
        return TestApp.send(HttpRequest.newBuilder(smsync.uri("/webhooks/sms"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(TestApp.message(guid, "+16502530000", "hello")))).statusCode();
    }

    private static int postSigned(SmsyncProcess smsync, String guid) {
        String body = TestApp.message(guid, "+16502530001", "hello");
        String signature = "sha256=" + Hmac.sha256Hex(TOKEN, body.getBytes(StandardCharsets.UTF_8));
        return TestApp.send(HttpRequest.newBuilder(smsync.uri("/webhooks/sms"))
                .header("Content-Type", "application/json").header("X-Smsync-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))).statusCode();
    }
}
