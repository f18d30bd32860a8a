package io.smsync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsync.testing.TestApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process-wide bound on request bodies in memory, on a real server with a route that reads within it. */
class BodyBudgetTest {
    private static final int LIMIT = (int) WebServer.MAX_BODY_BYTES;
    private final BodyBudget budget = new BodyBudget(BodyBudget.MIN_CAPACITY);
    private final List<Socket> sockets = new ArrayList<>();
    private final WebServer server = new WebServer(new ObjectMapper(), List.of(routes -> routes.post("/echo", ctx -> {
        try (BodyBudget.Body body = budget.read(ctx, LIMIT)) {
            ctx.json(Map.of("bytes", body.bytes().length));
        }
    }))).start("127.0.0.1", 0);

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.close();
    }

    /** Opens a connection and sends only the headers of a POST declaring {@code length} bytes. */
    private Socket headersOnly(long length, String... extraHeaders) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        sockets.add(socket);
        StringBuilder head = new StringBuilder("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length + "\r\n");
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String statusLine(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    private HttpResponse<String> post(int bytes) {
        return TestApp.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[bytes])));
    }

    @Test
    void large_bodies_over_half_the_budget_get_503_with_retry_after_while_small_posts_still_pass() throws IOException {
        // Two slow 1 MiB uploads hold the large half of the budget while their bodies trickle in.
        headersOnly(LIMIT);
        headersOnly(LIMIT);
        await().atMost(Duration.ofSeconds(30)).until(() -> budget.held() == 2L * LIMIT);

        Socket third = headersOnly(LIMIT, "Expect: 100-continue");
        String status = statusLine(third);
        HttpResponse<String> small = post(1000);

        assertThat(status).startsWith("HTTP/1.1 503 ");
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body()).isEqualTo("{\"bytes\":1000}");
        assertThat(budget.held()).isEqualTo(2L * LIMIT);
    }

    @Test
    void the_503_says_when_to_retry_in_plain_words() throws IOException {
        headersOnly(LIMIT);
        headersOnly(LIMIT);
        await().atMost(Duration.ofSeconds(30)).until(() -> budget.held() == 2L * LIMIT);

        HttpResponse<String> refused = post(LIMIT);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue(WebServer.RETRY_AFTER_SECONDS);
        assertThat(TestApp.json(refused.body()).get("error").asText()).contains("too many request bodies").contains("retry");
    }

    @Test
    void a_reservation_is_given_back_when_the_request_ends_however_it_ends() throws IOException {
        Socket abandoned = headersOnly(LIMIT);
        await().atMost(Duration.ofSeconds(30)).until(() -> budget.held() == LIMIT);

        abandoned.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> budget.held() == 0);
        assertThat(post(LIMIT).statusCode()).isEqualTo(200);
        assertThat(post(LIMIT + 1).statusCode()).isEqualTo(413);
        assertThat(budget.held()).isZero();
    }

    @Test
    void small_bodies_may_fill_the_whole_budget_but_not_more() {
        int small = BodyBudget.SMALL_BODY_BYTES;
        long fits = BodyBudget.MIN_CAPACITY / small;
        for (int i = 0; i < fits; i++) {
            assertThat(budget.tryReserve(small)).isTrue();
        }
        assertThat(budget.tryReserve(1)).isFalse();
        budget.release(small);
        assertThat(budget.tryReserve(small)).isTrue();
    }

    @Test
    void a_chunked_body_reserves_the_limit_and_is_refused_with_413_past_it() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> budget.held() == LIMIT);
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent <= LIMIT; sent += chunk.length) {
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();

        assertThat(statusLine(socket)).startsWith("HTTP/1.1 413 ");
        await().atMost(Duration.ofSeconds(30)).until(() -> budget.held() == 0);
    }
}
