package io.smsync.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.smsync.config.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TwilioSender} against a real HTTP server that checks each request the way Twilio's Messages API does. */
class TwilioSenderTest {
    private static final String ACCOUNT_SID = "AC3f9c1e7a2b4d6f8a0c2e4a6b8d0f2a4c";
    private static final String AUTH_TOKEN = "f6d8e2a1c3b54d7e9a0b1c2d3e4f5a6b";
    private static final String API_KEY_SID = "SK0123456789abcdef0123456789abcdef";
    private static final String API_KEY_SECRET = "key-secret-value";
    private static final String FROM = "+14155550100";
    private static final String SERVICE_SID = "MG9752274e9e519418a7406176694466fa";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FakeTwilio twilio;

    @AfterEach
    void stop() {
        if (twilio != null) {
            twilio.close();
        }
    }

    private static GatewayConfig.Twilio gateways(URI apiUrl, String from, String serviceSid, String keySid, String keySecret) {
        return new GatewayConfig.Twilio(ACCOUNT_SID, AUTH_TOKEN, from, serviceSid, apiUrl, keySid, keySecret);
    }

    @Test
    void a_reply_is_posted_to_the_messages_resource_with_basic_auth() {
        twilio = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
        TwilioSender sender = new TwilioSender(gateways(twilio.url(), FROM, null, null, null), http, SenderFactory.SEND_TIMEOUT);

        assertThat(sender.send(new OutgoingSms("r_1", "+14155550123", "Thanks & see you at 10:00 ✓"))).isEqualTo(SendResult.ACCEPTED);

        assertThat(twilio.requests).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("To", "+14155550123").containsEntry("From", FROM)
                .containsEntry("Body", "Thanks & see you at 10:00 ✓").doesNotContainKey("MessagingServiceSid"));
        assertThat(sender.name()).isEqualTo("twilio");
        assertThat(sender.idempotent()).isFalse();
    }

    @Test
    void an_api_key_is_used_instead_of_the_auth_token_when_configured() {
        twilio = new FakeTwilio(API_KEY_SID, API_KEY_SECRET);
        TwilioSender sender = new TwilioSender(gateways(twilio.url(), FROM, null, API_KEY_SID, API_KEY_SECRET), http, SenderFactory.SEND_TIMEOUT);

        assertThat(sender.send(new OutgoingSms("r_2", "+14155550123", "hi"))).isEqualTo(SendResult.ACCEPTED);
        assertThat(twilio.requests).hasSize(1);
    }

    @Test
    void a_messaging_service_is_preferred_over_a_from_number() {
        twilio = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
        TwilioSender sender = new TwilioSender(gateways(twilio.url(), FROM, SERVICE_SID, null, null), http, SenderFactory.SEND_TIMEOUT);

        sender.send(new OutgoingSms("r_3", "+14155550123", "hi"));
        assertThat(twilio.requests).singleElement().satisfies(form -> assertThat(form)
                .containsEntry("MessagingServiceSid", SERVICE_SID).doesNotContainKey("From"));
    }

    @Test
    void a_twilio_error_answer_is_certainly_not_sent_and_names_the_error_code() {
        twilio = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
        TwilioSender sender = new TwilioSender(gateways(twilio.url(), FROM, null, null, null), http, SenderFactory.SEND_TIMEOUT);

        SendException e = catchThrowableOfType(SendException.class, () -> sender.send(new OutgoingSms("r_4", "+1555", "hi")));

        assertThat(e.certainlyNotSent()).isTrue();
        assertThat(e.getMessage()).contains("400").contains("21211").contains("is not a valid phone number");
        assertThat(e.getMessage()).doesNotContain(AUTH_TOKEN);
    }

    @Test
    void wrong_credentials_are_certainly_not_sent_and_the_secret_is_not_in_the_message() {
        twilio = new FakeTwilio(ACCOUNT_SID, "another-token");
        TwilioSender sender = new TwilioSender(gateways(twilio.url(), FROM, null, null, null), http, SenderFactory.SEND_TIMEOUT);

        SendException e = catchThrowableOfType(SendException.class, () -> sender.send(new OutgoingSms("r_5", "+14155550123", "hi")));

        assertThat(e.certainlyNotSent()).isTrue();
        assertThat(e.getMessage()).contains("401").contains("20003").doesNotContain(AUTH_TOKEN);
    }

    @Test
    void a_refused_connection_is_certainly_not_sent() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TwilioSender sender = new TwilioSender(gateways(URI.create("http://127.0.0.1:" + closedPort), FROM, null, null, null), http, SenderFactory.SEND_TIMEOUT);

        SendException e = catchThrowableOfType(SendException.class, () -> sender.send(new OutgoingSms("r_6", "+14155550123", "hi")));

        assertThat(e.certainlyNotSent()).isTrue();
        assertThat(e.getMessage()).doesNotContain(AUTH_TOKEN);
    }

    @Test
    void no_answer_within_the_timeout_is_an_unknown_outcome() {
        twilio = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
        twilio.hang = true;
        TwilioSender sender = new TwilioSender(gateways(twilio.url(), FROM, null, null, null), http, Duration.ofMillis(300));

        SendException e = catchThrowableOfType(SendException.class, () -> sender.send(new OutgoingSms("r_7", "+14155550123", "hi")));

        assertThat(e.certainlyNotSent()).isFalse();
        assertThat(twilio.requests).hasSize(1);
    }

    /** Twilio's Messages API in miniature: path, basic auth, form fields, and its JSON answers. */
    private static final class FakeTwilio implements AutoCloseable {
        final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
        volatile boolean hang;
        private final HttpServer server;
        private final CountDownLatch release = new CountDownLatch(1);

        FakeTwilio(String user, String secret) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool());
            String expectedAuth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
            server.createContext("/2010-04-01/Accounts/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (!"POST".equals(exchange.getRequestMethod()) || !path.equals("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json")) {
                    answer(exchange, 404, "{\"code\":20404,\"message\":\"The requested resource " + path
                            + " was not found\",\"more_info\":\"https://www.twilio.com/docs/errors/20404\",\"status\":404}");
                    return;
                }
                if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    answer(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\","
                            + "\"more_info\":\"https://www.twilio.com/docs/errors/20003\",\"status\":401}");
                    return;
                }
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                requests.add(form);
                if (hang) {
                    await();
                    exchange.close();
                    return;
                }
                if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")
                        || form.get("To") == null || form.get("Body") == null
                        || (form.get("From") == null) == (form.get("MessagingServiceSid") == null)) {
                    answer(exchange, 400, "{\"code\":21604,\"message\":\"A 'To' phone number is required.\","
                            + "\"more_info\":\"https://www.twilio.com/docs/errors/21604\",\"status\":400}");
                    return;
                }
                if (!form.get("To").matches("\\+[1-9]\\d{7,14}")) {
                    answer(exchange, 400, "{\"code\":21211,\"message\":\"The 'To' number " + form.get("To")
                            + " is not a valid phone number.\",\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}");
                    return;
                }
                answer(exchange, 201, """
                        {"account_sid":"%s","api_version":"2010-04-01","body":"%s","date_created":"Thu, 24 Aug 2023 05:01:45 +0000",
                         "date_sent":null,"date_updated":"Thu, 24 Aug 2023 05:01:45 +0000","direction":"outbound-api",
                         "error_code":null,"error_message":null,"from":%s,"messaging_service_sid":%s,"num_media":"0",
                         "num_segments":"1","price":null,"price_unit":"USD","sid":"SM1f0e8ae6ade43cb3c0ce4525424e404f",
                         "status":"queued","to":"%s",
                         "uri":"/2010-04-01/Accounts/%s/Messages/SM1f0e8ae6ade43cb3c0ce4525424e404f.json"}
                        """.formatted(ACCOUNT_SID, "(text)", quoteOrNull(form.get("From")),
                        quoteOrNull(form.get("MessagingServiceSid")), form.get("To"), ACCOUNT_SID));
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        private void await() {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String quoteOrNull(String value) {
            return value == null ? "null" : "\"" + value + "\"";
        }

        private static Map<String, String> parse(String body) {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return form;
        }

        private static void answer(HttpExchange exchange, int status, String json) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }
}
