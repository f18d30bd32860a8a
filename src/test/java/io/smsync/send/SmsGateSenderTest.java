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
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SmsGateSender} against a small real server that checks requests the way SMSGate does. */
class SmsGateSenderTest {
    private static final String USER = "sms";
    private static final String PASSWORD = "p4ss-word";
    private static final OutgoingSms REPLY = new OutgoingSms("r_01HZX", "+16505551212", "Thanks, we got your message.");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FakeSmsGate gate;

    @AfterEach
    void stop() {
        if (gate != null) {
            gate.close();
        }
    }

    private static GatewayConfig.SmsGate config(String url) {
        return new GatewayConfig.SmsGate(null, URI.create(url), USER, PASSWORD);
    }

    @Test
    void the_local_server_gets_the_reply_id_number_and_text_at_slash_message() {
        gate = new FakeSmsGate("/message");
        SmsGateSender sender = new SmsGateSender(config(gate.baseUrl()), http, SenderFactory.SEND_TIMEOUT);

        assertThat(sender.send(REPLY)).isEqualTo(SendResult.ACCEPTED);

        assertThat(gate.requests).singleElement().satisfies(request -> {
            assertThat(request.get("id").asText()).isEqualTo("r_01HZX");
            assertThat(request.get("phoneNumbers")).hasSize(1);
            assertThat(request.get("phoneNumbers").get(0).asText()).isEqualTo("+16505551212");
            assertThat(request.get("textMessage").get("text").asText()).isEqualTo("Thanks, we got your message.");
            assertThat(request.has("message")).isFalse();
        });
    }

    @Test
    void the_cloud_api_gets_the_message_at_3rdparty_v1_messages() {
        gate = new FakeSmsGate("/3rdparty/v1/messages");
        SmsGateSender sender = new SmsGateSender(config(gate.baseUrl() + "/3rdparty/v1/"), http, SenderFactory.SEND_TIMEOUT);

        assertThat(sender.send(REPLY)).isEqualTo(SendResult.ACCEPTED);
        assertThat(gate.requests).hasSize(1);
    }

    @Test
    void a_repeat_of_the_same_reply_is_refused_with_409_and_still_counts_as_accepted() {
        gate = new FakeSmsGate("/3rdparty/v1/messages");
        SmsGateSender sender = new SmsGateSender(config(gate.baseUrl() + "/3rdparty/v1"), http, SenderFactory.SEND_TIMEOUT);

        assertThat(sender.send(REPLY)).isEqualTo(SendResult.ACCEPTED);
        assertThat(sender.send(REPLY)).isEqualTo(SendResult.ACCEPTED);

        assertThat(gate.statuses).containsExactly(202, 409);
        assertThat(sender.idempotent()).isTrue();
        assertThat(new SmsGateSender(config("http://192.168.1.20:8080"), http, SenderFactory.SEND_TIMEOUT).idempotent())
                .as("the phone's local server shows no duplicate-id check, so its unknown outcomes are not retried")
                .isFalse();
        assertThat(sender.name()).isEqualTo("smsgate");
    }

    @Test
    void wrong_credentials_are_a_failure_that_certainly_did_not_send() {
        gate = new FakeSmsGate("/message");
        SmsGateSender sender = new SmsGateSender(
                new GatewayConfig.SmsGate(null, URI.create(gate.baseUrl()), USER, "not-the-password-xyz"), http, SenderFactory.SEND_TIMEOUT);

        assertThatThrownBy(() -> sender.send(REPLY))
                .isInstanceOfSatisfying(SendException.class, e -> {
                    assertThat(e.certainlyNotSent()).isTrue();
                    assertThat(e.getMessage()).contains("401").doesNotContain("not-the-password-xyz");
                });
    }

    @Test
    void a_server_error_is_an_unknown_outcome() {
        gate = new FakeSmsGate("/message");
        gate.failWith = 500;
        SmsGateSender sender = new SmsGateSender(config(gate.baseUrl()), http, SenderFactory.SEND_TIMEOUT);

        assertThatThrownBy(() -> sender.send(REPLY))
                .isInstanceOfSatisfying(SendException.class, e -> {
                    assertThat(e.certainlyNotSent()).as("a 5xx may come after the message was stored").isFalse();
                    assertThat(e.getMessage()).contains("HTTP 500").contains("queue unavailable");
                });
    }

    @Test
    void a_refused_connection_certainly_did_not_send() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SmsGateSender sender = new SmsGateSender(config("http://127.0.0.1:" + closedPort), http, SenderFactory.SEND_TIMEOUT);

        assertThatThrownBy(() -> sender.send(REPLY))
                .isInstanceOfSatisfying(SendException.class, e -> assertThat(e.certainlyNotSent()).isTrue());
    }

    @Test
    void no_answer_in_time_after_the_request_left_is_an_unknown_outcome() {
        gate = new FakeSmsGate("/message");
        gate.hang = true;
        SmsGateSender sender = new SmsGateSender(config(gate.baseUrl()), http, Duration.ofMillis(300));

        assertThatThrownBy(() -> sender.send(REPLY))
                .isInstanceOfSatisfying(SendException.class, e -> assertThat(e.certainlyNotSent()).isFalse());
        assertThat(gate.requests).hasSize(1);
    }

    /**
     * Answers like SMSGate: basic auth checked, exactly one of {@code textMessage} / {@code message}, 202 with the
     * message state, and 409 when a message with the same id was already taken.
     */
    private static final class FakeSmsGate implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final HttpServer server;
        private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        private final Set<String> ids = ConcurrentHashMap.newKeySet();
        private final CountDownLatch released = new CountDownLatch(1);
        final List<JsonNode> requests = new CopyOnWriteArrayList<>();
        final List<Integer> statuses = new CopyOnWriteArrayList<>();
        volatile int failWith;
        volatile boolean hang;

        FakeSmsGate(String path) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                try {
                    handle(exchange, path);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        private void handle(HttpExchange exchange, String path) throws IOException {
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(path)) {
                answer(exchange, 404, "{\"message\":\"Not Found\"}");
                return;
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"message\":\"Unauthorized\"}");
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.startsWith("application/json")) {
                answer(exchange, 415, "{\"message\":\"Unsupported Media Type\"}");
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            if (hang) {
                awaitRelease();
                return;
            }
            if (failWith != 0) {
                answer(exchange, failWith, "{\"message\":\"queue unavailable\"}");
                return;
            }
            boolean text = request.hasNonNull("textMessage") && request.get("textMessage").hasNonNull("text");
            if (text == request.hasNonNull("message") || !request.has("phoneNumbers") || request.get("phoneNumbers").isEmpty()) {
                answer(exchange, 400, "{\"message\":\"Must specify exactly one of: textMessage, dataMessage, or message\"}");
                return;
            }
            String id = request.get("id").asText();
            if (!ids.add(id)) {
                answer(exchange, 409, "{\"message\":\"Message with the same ID already exists\"}");
                return;
            }
            answer(exchange, 202, "{\"id\":\"" + id + "\",\"state\":\"Pending\",\"isEncrypted\":false,"
                    + "\"recipients\":[{\"phoneNumber\":\"" + request.get("phoneNumbers").get(0).asText() + "\",\"state\":\"Pending\"}]}");
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
