package io.smsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsync.crypto.Hmac;
import io.smsync.store.Replies;
import io.smsync.store.ReplyRow;
import io.smsync.store.ReplyStatus;
import io.smsync.testing.AppExtension;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /webhooks/smsgate} over real HTTP on a real SQLite file, with events shaped as SMSGate documents them. */
class SmsGateWebhookTest {
    private static final String KEY = "smsgate-signing-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    final AppExtension smsync = AppExtension.sqlite().at(Instant.parse("2024-06-22T08:50:00Z")).env("SMSGATE_SIGNING_KEY", KEY);
    private final MutableClock clock = smsync.clock();

    /** The {@code sms:received} example from SMSGate's webhook docs, with the newer sender and recipient fields. */
    private static String received(String envelopeId, String messageId, String text) {
        ObjectNode event = JSON.createObjectNode().put("deviceId", "ffffffffceb0b1db0000018e937c815b")
                .put("event", "sms:received").put("id", envelopeId);
        event.putObject("payload").put("messageId", messageId).put("message", text).put("sender", "+16505551212")
                .put("recipient", "+16505550100").put("phoneNumber", "+16505551212").put("simNumber", 1)
                .put("receivedAt", "2024-06-22T15:46:11.000+07:00");
        return event.put("webhookId", "LreFUt-Z3sSq0JufY9uWB").toString();
    }

    private HttpResponse<String> post(String body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return post(body, sign(body, timestamp), timestamp);
    }

    private HttpResponse<String> post(String body, String signature, String timestamp) {
        HttpRequest.Builder request = HttpRequest.newBuilder(smsync.app().uri("/webhooks/smsgate"))
                .header("Content-Type", "application/json")
                .header("User-Agent", "SMS Gateway/1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Signature", signature);
        }
        if (timestamp != null) {
            request.header("X-Timestamp", timestamp);
        }
        return TestApp.send(request);
    }

    /** What the app computes: hex HMAC-SHA256 of the raw body followed by the timestamp. */
    private static String sign(String body, String timestamp) {
        return Hmac.sha256Hex(KEY, (body + timestamp).getBytes(StandardCharsets.UTF_8));
    }

    private List<Map<String, Object>> storedMessages() {
        return smsync.rows("SELECT sender, recipient, body, source, guid, sent_at FROM messages");
    }

    @Test
    void a_signed_sms_received_event_is_stored() {
        HttpResponse<String> response = post(received("Ey6ECgOkVVFjz3CL48B8C", "abc123", "Android is always a sweet treat!"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = TestApp.json(response.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(storedMessages()).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("sender", "+16505551212").containsEntry("recipient", "+16505550100")
                    .containsEntry("body", "Android is always a sweet treat!").containsEntry("source", "smsgate")
                    .containsEntry("guid", "abc123");
            assertThat(((Number) row.get("sent_at")).longValue())
                    .isEqualTo(Instant.parse("2024-06-22T08:46:11Z").toEpochMilli());
        });
    }

    @Test
    void an_older_app_naming_the_sender_phone_number_is_understood() {
        String body = """
                {"deviceId":"ffffffffceb0b1db0000018e937c815b","event":"sms:received","id":"Ey6ECgOkVVFjz3CL48B8C",
                 "payload":{"messageId":"old-1","message":"hi there","phoneNumber":"6505551212","simNumber":null,
                 "receivedAt":"2024-06-07T11:41:31.000+07:00"},"webhookId":"w-1"}""";

        assertThat(post(body).statusCode()).isEqualTo(200);
        assertThat(storedMessages()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("sender", "+16505551212").containsEntry("recipient", "").containsEntry("body", "hi there"));
    }

    @Test
    void a_redelivered_message_with_a_new_envelope_id_is_stored_once() {
        assertThat(post(received("envelope-1", "abc123", "hello")).statusCode()).isEqualTo(200);
        HttpResponse<String> again = post(received("envelope-2", "abc123", "hello"));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(TestApp.json(again.body()).get("duplicates").asInt()).isEqualTo(1);
        assertThat(storedMessages()).hasSize(1);
    }

    @Test
    void a_wrong_or_missing_signature_is_refused_and_nothing_stored() {
        String body = received("e-1", "abc123", "hello");
        String timestamp = Long.toString(clock.instant().getEpochSecond());

        HttpResponse<String> wrong = post(body, Hmac.sha256Hex("another-key",
                (body + timestamp).getBytes(StandardCharsets.UTF_8)), timestamp);
        HttpResponse<String> missing = post(body, null, timestamp);
        HttpResponse<String> bodyOnly = post(body, Hmac.sha256Hex(KEY, body.getBytes(StandardCharsets.UTF_8)), timestamp);

        assertThat(List.of(wrong.statusCode(), missing.statusCode(), bodyOnly.statusCode())).containsOnly(401);
        assertThat(TestApp.json(wrong.body()).get("error").asText()).contains("X-Signature");
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void an_upper_case_hex_signature_is_accepted() {
        String body = received("e-1", "abc123", "hello");
        String timestamp = Long.toString(clock.instant().getEpochSecond());

        assertThat(post(body, sign(body, timestamp).toUpperCase(), timestamp).statusCode()).isEqualTo(200);
    }

    @Test
    void a_stale_timestamp_is_refused_even_when_signed() {
        String body = received("e-1", "abc123", "hello");
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        clock.advance(Duration.ofMinutes(6));

        HttpResponse<String> response = post(body, sign(body, timestamp), timestamp);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("X-Timestamp is too old");
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void a_timestamp_just_inside_five_minutes_is_accepted() {
        String body = received("e-1", "abc123", "hello");
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        clock.advance(Duration.ofMinutes(5));

        assertThat(post(body, sign(body, timestamp), timestamp).statusCode()).isEqualTo(200);
    }

    @Test
    void a_ping_is_acknowledged_and_ignored() {
        HttpResponse<String> response = post("""
                {"deviceId":"ffffffffceb0b1db0000018e937c815b","event":"system:ping","id":"p-1",
                 "payload":{"health":{"status":"pass"}},"webhookId":"w-2"}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestApp.json(response.body()).get("ignored").asText()).isEqualTo("system:ping");
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void a_delivery_report_for_our_reply_is_recorded_on_the_reply() {
        Instant now = clock.instant();
        smsync.database().writes().useTransaction(h -> {
            h.execute("INSERT INTO batches (id, sender, recipient, status, opened_at, last_message_at, due_at, message_count) "
                    + "VALUES ('b_1', '+16505551212', '', 'done', ?, ?, ?, 1)", now.toEpochMilli(), now.toEpochMilli(), now.toEpochMilli());
            new Replies().insert(h, ReplyRow.create("r_1", "b_1", "+16505551212", "Thanks!", ReplyStatus.SENT, null, now));
        });

        HttpResponse<String> response = post("""
                {"deviceId":"ffffffffceb0b1db0000018e937c815b","event":"sms:delivered","id":"d-1",
                 "payload":{"messageId":"r_1","sender":"+16505550100","recipient":"+16505551212",
                 "phoneNumber":"+16505551212","simNumber":1,"deliveredAt":"2024-06-22T15:47:00.000+07:00"},
                 "webhookId":"w-3"}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestApp.json(response.body()).get("recorded").asBoolean()).isTrue();
        assertThat(smsync.rows("SELECT delivery_status FROM replies WHERE id = 'r_1'"))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("delivery_status", "delivered"));
    }

    @Test
    void a_delivery_report_for_an_unknown_message_is_acknowledged_unrecorded() {
        HttpResponse<String> response = post("""
                {"deviceId":"d","event":"sms:failed","id":"f-1",
                 "payload":{"messageId":"not-ours","phoneNumber":"+16505551212","reason":"RESULT_ERROR_GENERIC_FAILURE"},
                 "webhookId":"w-4"}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestApp.json(response.body()).get("recorded").asBoolean()).isFalse();
    }

    @Test
    void a_malformed_event_is_a_400_naming_the_field() {
        HttpResponse<String> noSender = post("""
                {"event":"sms:received","id":"e","payload":{"messageId":"m-1","message":"hi"}}""");
        HttpResponse<String> notJson = post("{not json");

        assertThat(noSender.statusCode()).isEqualTo(400);
        assertThat(TestApp.json(noSender.body()).get("error").asText()).contains("payload.sender");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(storedMessages()).isEmpty();
    }

    @Test
    void the_endpoint_is_off_without_a_signing_key() {
        smsync.start(Map.of());
        HttpResponse<String> response = post(received("e-1", "abc123", "hello"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("SMSGATE_SIGNING_KEY");
    }
}
