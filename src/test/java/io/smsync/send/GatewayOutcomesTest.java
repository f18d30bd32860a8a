package io.smsync.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.smsync.config.GatewayConfig;
import io.smsync.testing.FakeGateway;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How each kind of gateway answer is sorted: refused, throttled, unknown, or never reached the gateway. */
class GatewayOutcomesTest {
    private static final String ACCOUNT_SID = "AC123";
    private static final String TWILIO_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    private static final OutgoingSms REPLY = new OutgoingSms("r_1", "+14155550123", "Thanks!");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        http.shutdownNow();
    }

    private static GatewayConfig.Twilio twilio(URI apiUrl) {
        return new GatewayConfig.Twilio(ACCOUNT_SID, "token", "+14155550100", null, apiUrl, null, null);
    }

    private static GatewayConfig.SmsGate smsgateCloud(String url) {
        return new GatewayConfig.SmsGate(null, URI.create(url), "user", "pass");
    }

    @Test
    void a_502_from_a_proxy_in_front_of_twilio_is_an_unknown_outcome_after_exactly_one_request() {
        try (FakeGateway proxy = new FakeGateway(TWILIO_PATH,
                body -> new FakeGateway.Answer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"))) {
            TwilioSender sender = new TwilioSender(twilio(URI.create(proxy.baseUrl())), http, SenderFactory.SEND_TIMEOUT);

            SendException e = catchThrowableOfType(SendException.class, () -> sender.send(REPLY));

            assertThat(e.certainlyNotSent()).isFalse();
            assertThat(e.permanent()).isFalse();
            assertThat(e.getMessage()).contains("HTTP 502").contains("Bad Gateway").contains("may or may not");
            assertThat(proxy.bodies()).hasSize(1);
        }
    }

    @Test
    void a_400_is_refused_for_good_with_the_gateways_message() {
        try (FakeGateway api = new FakeGateway(TWILIO_PATH, body -> new FakeGateway.Answer(400,
                "{\"code\":21211,\"message\":\"The 'To' number +1555 is not a valid phone number.\","
                        + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}"))) {
            TwilioSender sender = new TwilioSender(twilio(URI.create(api.baseUrl())), http, SenderFactory.SEND_TIMEOUT);

            SendException e = catchThrowableOfType(SendException.class, () -> sender.send(REPLY));

            assertThat(e.certainlyNotSent()).isTrue();
            assertThat(e.permanent()).isTrue();
            assertThat(e.getMessage()).contains("21211").contains("is not a valid phone number");
            assertThat(api.bodies()).hasSize(1);
        }
    }

    @Test
    void a_429_is_not_sent_and_carries_its_retry_after() {
        try (FakeGateway api = new FakeGateway(TWILIO_PATH, body -> new FakeGateway.Answer(429,
                "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}", Map.of("Retry-After", "120")))) {
            TwilioSender sender = new TwilioSender(twilio(URI.create(api.baseUrl())), http, SenderFactory.SEND_TIMEOUT);

            SendException e = catchThrowableOfType(SendException.class, () -> sender.send(REPLY));

            assertThat(e.certainlyNotSent()).isTrue();
            assertThat(e.permanent()).isFalse();
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        }
    }

    @Test
    void a_retry_after_given_as_a_date_is_read_against_the_answers_date_and_capped_at_an_hour() {
        try (FakeGateway api = new FakeGateway(TWILIO_PATH, body -> new FakeGateway.Answer(429, "{}",
                Map.of("Retry-After", "Fri, 01 Jan 2100 00:00:00 GMT")))) {
            TwilioSender sender = new TwilioSender(twilio(URI.create(api.baseUrl())), http, SenderFactory.SEND_TIMEOUT);

            SendException e = catchThrowableOfType(SendException.class, () -> sender.send(REPLY));

            assertThat(e.certainlyNotSent()).isTrue();
            assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void a_5xx_from_the_smsgate_cloud_is_unknown_and_its_sender_deduplicates_so_the_outbox_retries() {
        try (FakeGateway cloud = new FakeGateway("/3rdparty/v1/messages",
                body -> new FakeGateway.Answer(503, "{\"message\":\"service unavailable\"}"))) {
            SmsGateSender sender = new SmsGateSender(smsgateCloud(cloud.baseUrl() + "/3rdparty/v1"), http, SenderFactory.SEND_TIMEOUT);

            SendException e = catchThrowableOfType(SendException.class, () -> sender.send(REPLY));

            assertThat(e.certainlyNotSent()).isFalse();
            assertThat(sender.idempotent()).isTrue();
        }
    }

    /**
     * java.net.http pools connections and does not retry a POST whose pooled connection the peer had already closed.
     * This peer answers one request per connection without saying {@code Connection: close}, and drops the connection
     * when a second request arrives on it: what a peer that closes after each response looks like to a client that
     * wrote before it saw the close. Each send of a non-deduplicating gateway opens its own connection, so each is answered.
     */
    @Test
    void a_peer_that_closes_each_connection_after_one_answer_takes_every_send() throws IOException {
        try (OneAnswerPerConnection peer = new OneAnswerPerConnection()) {
            TwilioSender sender = new TwilioSender(twilio(peer.url()), http, SenderFactory.SEND_TIMEOUT);
            for (int i = 0; i < 3; i++) {
                assertThat(sender.send(new OutgoingSms("r_" + i, "+14155550123", "hi " + i))).isEqualTo(SendResult.ACCEPTED);
            }
            assertThat(peer.answered.get()).isEqualTo(3);
            assertThat(peer.dropped.get()).isZero();
        }
    }

    /** A raw HTTP/1.1 peer that answers the first request on each connection and drops any later one unanswered. */
    @Test
    void a_gateway_that_stalls_in_the_middle_of_its_answer_is_an_unknown_outcome_not_a_hang() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    // Headers promise a body that never comes.
                    socket.getOutputStream().write("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"sid\""
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    socket.getInputStream().read();
                } catch (IOException ignored) {
                    // the sender gave up and closed the connection
                }
            });
            URI url = URI.create("http://127.0.0.1:" + server.getLocalPort());
            TwilioSender sender = new TwilioSender(twilio(url), http, Duration.ofMillis(500));

            assertThatThrownBy(() -> sender.send(REPLY)).isInstanceOfSatisfying(SendException.class, e -> {
                assertThat(e.certainlyNotSent()).isFalse();
                assertThat(e.getMessage()).contains("may or may not have been sent");
            });
        }
    }

    private static final class OneAnswerPerConnection implements AutoCloseable {
        final AtomicInteger answered = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();
        private final ServerSocket server;

        OneAnswerPerConnection() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::acceptLoop);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                if (!readRequest(in)) {
                    return;
                }
                byte[] body = "{\"sid\":\"SM1\",\"status\":\"queued\"}".getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                answered.incrementAndGet();
                if (readRequest(in)) {
                    dropped.incrementAndGet();
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        /** Reads one request (headers and a Content-Length body); false at the end of the stream. */
        private static boolean readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                head.append((char) c);
                if (head.toString().endsWith("\r\n\r\n")) {
                    break;
                }
            }
            if (c == -1) {
                return false;
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).strip());
                }
            }
            in.readNBytes(length);
            return true;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
