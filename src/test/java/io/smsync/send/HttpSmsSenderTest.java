package io.smsync.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.smsync.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link HttpSmsSender} against a small real server that checks requests the way the httpSMS API does. */
class HttpSmsSenderTest {
    private static final String API_KEY = "uk_test-api-key-0123";
    private static final String FROM = "+18005550199";
    private static final OutgoingSms REPLY = new OutgoingSms("r_01HZX", "+18005550100", "Thanks, we got your message.");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FakeHttpSms api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static GatewayConfig.HttpSms config(String url, String apiKey) {
        return new GatewayConfig.HttpSms(null, apiKey, FROM, URI.create(url));
    }

    @Test
    void the_api_gets_content_from_to_and_the_reply_id_as_request_id() {
        api = new FakeHttpSms();
        HttpSmsSender sender = new HttpSmsSender(config(api.baseUrl(), API_KEY), http, SenderFactory.SEND_TIMEOUT);

        assertThat(sender.send(REPLY)).isEqualTo(SendResult.ACCEPTED);

        assertThat(api.requests).singleElement().satisfies(request -> {
            assertThat(request.get("content").asText()).isEqualTo("Thanks, we got your message.");
            assertThat(request.get("from").asText()).isEqualTo(FROM);
            assertThat(request.get("to").asText()).isEqualTo("+18005550100");
            assertThat(request.get("request_id").asText()).isEqualTo("r_01HZX");
            assertThat(request.get("encrypted").asBoolean(true)).isFalse();
        });
        assertThat(api.statuses).containsExactly(200);
    }

    @Test
    void a_base_url_with_a_trailing_slash_still_reaches_v1_messages_send() {
        api = new FakeHttpSms();
        HttpSmsSender sender = new HttpSmsSender(config(api.baseUrl() + "/", API_KEY), http, SenderFactory.SEND_TIMEOUT);

        assertThat(sender.send(REPLY)).isEqualTo(SendResult.ACCEPTED);
        assertThat(api.statuses).containsExactly(200);
    }

    @Test
    void it_is_not_idempotent_because_httpsms_does_not_deduplicate_request_ids() {
        api = new FakeHttpSms();
        HttpSmsSender sender = new HttpSmsSender(config(api.baseUrl(), API_KEY), http, SenderFactory.SEND_TIMEOUT);

        assertThat(sender.idempotent()).isFalse();
        assertThat(sender.name()).isEqualTo("httpsms");
    }

    @Test
    void a_wrong_api_key_certainly_did_not_send_and_is_not_logged_in_the_error() {
        api = new FakeHttpSms();
        HttpSmsSender sender = new HttpSmsSender(config(api.baseUrl(), "uk_not-the-key-xyz"), http, SenderFactory.SEND_TIMEOUT);

        assertThatThrownBy(() -> sender.send(REPLY))
                .isInstanceOfSatisfying(SendException.class, e -> {
                    assertThat(e.certainlyNotSent()).isTrue();
                    assertThat(e.getMessage()).contains("HTTP 401").contains("not authorized").doesNotContain("uk_not-the-key-xyz");
                });
    }

    @Test
    void a_bad_request_certainly_did_not_send_and_says_why() {
        api = new FakeHttpSms();
        api.failWith = 400;
        HttpSmsSender sender = new HttpSmsSender(config(api.baseUrl(), API_KEY), http, SenderFactory.SEND_TIMEOUT);

        assertThatThrownBy(() -> sender.send(REPLY))
                .isInstanceOfSatisfying(SendException.class, e -> {
                    assertThat(e.certainlyNotSent()).isTrue();
                    assertThat(e.getMessage()).contains("HTTP 400").contains("The request isn't properly formed");
                });
    }

    @Test
    void a_server_error_is_an_unknown_outcome() {
        api = new FakeHttpSms();
        api.failWith = 500;
        HttpSmsSender sender = new HttpSmsSender(config(api.baseUrl(), API_KEY), http, SenderFactory.SEND_TIMEOUT);

        assertThatThrownBy(() -> sender.send(REPLY))
                .isInstanceOfSatisfying(SendException.class, e -> {
                    assertThat(e.certainlyNotSent()).as("a 5xx may come after the message was stored").isFalse();
                    assertThat(e.getMessage()).contains("HTTP 500").contains("internal error");
                });
    }

    @Test
    void a_refused_connection_certainly_did_not_send() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpSmsSender sender = new HttpSmsSender(config("http://127.0.0.1:" + closedPort, API_KEY), http, SenderFactory.SEND_TIMEOUT);

        assertThatThrownBy(() -> sender.send(REPLY))
                .isInstanceOfSatisfying(SendException.class, e -> assertThat(e.certainlyNotSent()).isTrue());
    }

    @Test
    void no_answer_in_time_after_the_request_left_is_an_unknown_outcome() {
        api = new FakeHttpSms();
        api.hang = true;
        HttpSmsSender sender = new HttpSmsSender(config(api.baseUrl(), API_KEY), http, Duration.ofMillis(300));

        assertThatThrownBy(() -> sender.send(REPLY))
                .isInstanceOfSatisfying(SendException.class, e -> assertThat(e.certainlyNotSent()).isFalse());
        assertThat(api.requests).hasSize(1);
    }

    /**
     * Answers like the httpSMS API: {@code x-api-key} checked, {@code {"status","message","data"}} envelopes,
     * 200 "message added to queue" with the stored message, and a new message id for every request.
     */
    private static final class FakeHttpSms implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final HttpServer server;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        private final CountDownLatch released = new CountDownLatch(1);
        final List<JsonNode> requests = new CopyOnWriteArrayList<>();
        final List<Integer> statuses = new CopyOnWriteArrayList<>();
        volatile int failWith;
        volatile boolean hang;

        FakeHttpSms() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                try {
                    handle(exchange);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        private void handle(HttpExchange exchange) throws IOException {
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/messages/send")) {
                answer(exchange, 404, "{\"status\":\"error\",\"message\":\"Cannot " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getPath() + "\"}");
                return;
            }
            if (!API_KEY.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
                answer(exchange, 401, "{\"status\":\"error\",\"message\":\"You are not authorized to carry out this request.\","
                        + "\"data\":\"Make sure your API key is set in the [X-API-Key] header in the request\"}");
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.startsWith("application/json")) {
                answer(exchange, 400, "{\"status\":\"error\",\"message\":\"The request isn't properly formed\",\"data\":{}}");
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            if (hang) {
                awaitRelease();
                return;
            }
            if (failWith == 400) {
                answer(exchange, 400, "{\"status\":\"error\",\"message\":\"The request isn't properly formed\",\"data\":{}}");
                return;
            }
            if (failWith != 0) {
                answer(exchange, failWith, "{\"status\":\"error\",\"message\":\"We ran into an internal error while handling the request.\"}");
                return;
            }
            for (String field : List.of("content", "from", "to")) {
                if (!request.hasNonNull(field) || request.get(field).asText().isEmpty()) {
                    answer(exchange, 422, "{\"status\":\"error\",\"message\":\"validation errors while sending message\","
                            + "\"data\":{\"" + field + "\":[\"The " + field + " field is required\"]}}");
                    return;
                }
            }
            answer(exchange, 200, """
                    {"data":{"id":"%s","request_id":%s,"owner":"%s","contact":"%s","content":%s,"type":"mobile-terminated",
                    "status":"pending","encrypted":false,"sim":"SIM1","send_attempt_count":0,"max_send_attempts":2,
                    "request_received_at":"2024-01-21T12:27:29.568Z","created_at":"2024-01-21T12:27:29.568Z",
                    "updated_at":"2024-01-21T12:27:29.568Z"},
                    "message":"message added to queue","status":"success"}""".formatted(UUID.randomUUID(),
                    request.get("request_id"), request.get("from").asText(), request.get("to").asText(), request.get("content")));
        }

        private void awaitRelease() {
            try {
                released.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void answer(HttpExchange exchange, int status, String body) throws IOException {
            statuses.add(status);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            released.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
