package io.smsync.ingest;

import io.smsync.testing.Jwts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsync.testing.AppExtension;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /webhooks/httpsms} over real HTTP on a real SQLite file, with events and tokens built as httpSMS builds them. */
class HttpSmsWebhookTest {
    private static final String KEY = "httpsms-signing-key";
    private static final String PUBLIC_URL = "https://sms.example.com";
    private static final String AUDIENCE = PUBLIC_URL + "/webhooks/httpsms";
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    final AppExtension smsync = AppExtension.sqlite().at(Instant.parse("2024-01-21T12:30:00Z"))
            .env(Map.of("SMSYNC_PUBLIC_URL", PUBLIC_URL, "HTTPSMS_SIGNING_KEY", KEY));
    private final MutableClock clock = smsync.clock();

    /** A {@code message.phone.received} CloudEvent as the httpSMS API marshals it (cloudevents sdk-go, structured JSON). */
    private static String received(String eventId, String messageId, String content, boolean encrypted) {
        return receivedEvent(eventId, messageId, content, encrypted).toString();
    }

    private static ObjectNode receivedEvent(String eventId, String messageId, String content, boolean encrypted) {
        ObjectNode event = cloudEvent(eventId, "/v1/messages/receive", "message.phone.received");
        event.putObject("data").put("message_id", messageId).put("user_id", "WB7DRDWrJZRGbYrv2CKGkqbzvqdC")
                .put("owner", "+18005550199").put("encrypted", encrypted).put("contact", "+18005550100")
                .put("timestamp", "2024-01-21T12:27:29.000Z").put("content", content).put("sim", "SIM1");
        return event;
    }

    private static String event(String type) {
        ObjectNode event = cloudEvent("c1b0f5f4-1f9c-4b39-8f6e-0d7c9f5b2a11", "/v1/messages/events", type);
        event.putObject("data").put("id", "32343a19-da5e-4b1b-a767-3298a73703cb").put("owner", "+18005550199")
                .put("contact", "+18005550100").put("request_id", "r_01HZX").put("content", "Thanks").put("encrypted", false)
                .put("sim", "SIM1");
        return event.toString();
    }

    private static ObjectNode cloudEvent(String id, String source, String type) {
        return JSON.createObjectNode().put("specversion", "1.0").put("id", id).put("source", source).put("type", type)
                .put("datacontenttype", "application/json").put("time", "2024-01-21T12:27:29.568Z");
    }

    /** The claims httpSMS's WebhookService.getAuthToken sets: 10 minutes each way around now, aud = the webhook URL. */
    private String token(String key, String audience, Instant issuedAt) {
        long iat = issuedAt.getEpochSecond();
        return Jwts.sign(key, JSON.createObjectNode().put("aud", audience).put("exp", iat + 600).put("iat", iat)
                .put("iss", "api.httpsms.com").put("nbf", iat - 600).put("sub", "WB7DRDWrJZRGbYrv2CKGkqbzvqdC").toString());
    }

    private String validToken() {
        return token(KEY, AUDIENCE, clock.instant());
    }

    /** Like httpSMS's Go client: no Content-Type header, X-Event-Type and the bearer token. */
    private HttpResponse<String> post(String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(smsync.app().uri("/webhooks/httpsms"))
                .header("User-Agent", "Go-http-client/2.0")
                .header("X-Event-Type", "message.phone.received")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return TestApp.send(request);
    }

    private List<Map<String, Object>> storedMessages() {
        return smsync.rows("SELECT sender, recipient, body, source, guid, sent_at FROM messages");
    }

    @Test
    void a_signed_message_phone_received_event_is_stored() {
        HttpResponse<String> response = post(received("e-1", "32343a19-da5e-4b1b-a767-3298a73703cb", "This is a sample text message", false),
                "Bearer " + validToken());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = TestApp.json(response.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(storedMessages()).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("sender", "+18005550100").containsEntry("recipient", "+18005550199")
                    .containsEntry("body", "This is a sample text message").containsEntry("source", "httpsms")
                    .containsEntry("guid", "32343a19-da5e-4b1b-a767-3298a73703cb");
            assertThat(((Number) row.get("sent_at")).longValue()).isEqualTo(Instant.parse("2024-01-21T12:27:29Z").toEpochMilli());
        });
    }

    @Test
    void the_same_message_id_delivered_twice_is_stored_once() {
        assertThat(post(received("e-1", "m-1", "hello", false), "Bearer " + validToken()).statusCode()).isEqualTo(200);
        HttpResponse<String> again = post(received("e-2", "m-1", "hello", false), "Bearer " + validToken());

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(TestApp.json(again.body()).get("duplicates").asInt()).isEqualTo(1);
        assertThat(storedMessages()).hasSize(1);
    }

    @Test
    void a_nul_in_the_content_is_replaced_not_refused() {
        assertThat(post(received("e-1", "m-1", "a\u0000b", false), "Bearer " + validToken()).statusCode()).isEqualTo(200);
        assertThat(storedMessages()).singleElement().satisfies(row -> assertThat(row).containsEntry("body", "a\uFFFDb"));
    }

    @Test
    void a_token_signed_with_another_key_is_refused() {
        HttpResponse<String> response = post(received("e-1", "m-1", "hi", false),
                "Bearer " + token("someone-elses-key", AUDIENCE, clock.instant()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("signature");
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void an_expired_token_is_refused() {
        String old = token(KEY, AUDIENCE, clock.instant().minus(Duration.ofMinutes(12)));

        HttpResponse<String> response = post(received("e-1", "m-1", "hi", false), "Bearer " + old);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("expired");
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void expiry_allows_a_minute_of_clock_skew() {
        String almost = token(KEY, AUDIENCE, clock.instant().minus(Duration.ofMinutes(10)).minusSeconds(59));

        assertThat(post(received("e-1", "m-1", "hi", false), "Bearer " + almost).statusCode()).isEqualTo(200);
    }

    @Test
    void a_signed_token_with_an_absurd_expiry_is_a_401_not_a_500() {
        long now = clock.instant().getEpochSecond();
        for (String exp : List.of("1e300", "1e400", "-1", "9223372036854775807")) {
            String token = Jwts.sign(KEY, "{\"aud\":\"%s\",\"exp\":%s,\"nbf\":%d}".formatted(AUDIENCE, exp, now - 600));

            HttpResponse<String> response = post(received("e-1", "m-1", "hi", false), "Bearer " + token);

            assertThat(response.statusCode()).as(exp).isEqualTo(401);
            assertThat(TestApp.json(response.body()).get("error").asText()).contains("exp claim is not a time");
        }
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void the_token_is_checked_before_the_body_is_read() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", smsync.app().app().port())) {
            socket.getOutputStream().write(("POST /webhooks/httpsms HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer not.a.token\r\n"
                    + "Content-Length: 100000\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 401 ");
        }
    }

    @Test
    void a_token_not_yet_valid_is_refused() {
        String future = token(KEY, AUDIENCE, clock.instant().plus(Duration.ofMinutes(12)));

        HttpResponse<String> response = post(received("e-1", "m-1", "hi", false), "Bearer " + future);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("not yet valid");
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void a_token_for_another_webhook_url_is_refused() {
        HttpResponse<String> response = post(received("e-1", "m-1", "hi", false),
                "Bearer " + token(KEY, "https://other.example.com/webhooks/httpsms", clock.instant()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("audience").contains(AUDIENCE);
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void an_audience_array_naming_this_webhook_is_accepted() {
        long now = clock.instant().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode();
        claims.putArray("aud").add("https://other.example.com").add(AUDIENCE);
        String token = Jwts.sign(KEY, claims.put("exp", now + 600).put("nbf", now - 600).toString());

        assertThat(post(received("e-1", "m-1", "hi", false), "Bearer " + token).statusCode()).isEqualTo(200);
    }

    @Test
    void an_unsigned_alg_none_token_is_refused() {
        long now = clock.instant().getEpochSecond();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"aud\":\"%s\",\"exp\":%d,\"nbf\":%d}".formatted(AUDIENCE, now + 600, now - 600)
                .getBytes(StandardCharsets.UTF_8)) + ".";

        HttpResponse<String> response = post(received("e-1", "m-1", "hi", false), "Bearer " + unsigned);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("alg");
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void a_request_without_a_token_is_refused() {
        HttpResponse<String> response = post(received("e-1", "m-1", "hi", false), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("Authorization");
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void an_end_to_end_encrypted_message_is_refused_with_a_clear_reason() {
        HttpResponse<String> response = post(received("e-1", "m-1", "b64-ciphertext", true), "Bearer " + validToken());

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(TestApp.json(response.body()).get("error").asText())
                .contains("end-to-end encrypted").contains("turn off encryption");
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void other_event_types_are_acknowledged_and_ignored() {
        for (String type : List.of("message.phone.sent", "message.phone.delivered", "message.send.failed",
                "message.send.expired", "phone.heartbeat.offline")) {
            HttpResponse<String> response = post(event(type), "Bearer " + validToken());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(TestApp.json(response.body()).get("ignored").asText()).isEqualTo(type);
        }
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void a_received_event_without_a_message_id_is_a_bad_request_naming_the_field() {
        ObjectNode event = receivedEvent("e-1", "m-1", "hi", false);
        ((ObjectNode) event.get("data")).remove("message_id");
        String body = event.toString();

        HttpResponse<String> response = post(body, "Bearer " + validToken());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("data.message_id");
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void a_body_that_is_not_json_is_a_bad_request() {
        HttpResponse<String> response = post("{not json", "Bearer " + validToken());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("not valid JSON");
    }

    @Test
    void the_endpoint_is_off_without_a_signing_key() {
        smsync.start(Map.of("SMSYNC_PUBLIC_URL", PUBLIC_URL));
        HttpResponse<String> response = post(received("e-1", "m-1", "hi", false), "Bearer " + validToken());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("HTTPSMS_SIGNING_KEY");
        assertThat(storedMessages()).isEmpty();
    }
}
