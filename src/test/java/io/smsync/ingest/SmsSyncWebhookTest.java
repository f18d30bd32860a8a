package io.smsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsync.testing.AppExtension;
import io.smsync.testing.LogCapture;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMSSync (Ushahidi) end to end: the app's form post in, task polling out, confirmation back. */
class SmsSyncWebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cr3t-smssync";
    @RegisterExtension
    final AppExtension smsync = AppExtension.sqlite().at(Instant.parse("2026-11-25T10:00:00Z"))
            .env(Map.of("SMSYNC_SENDER", "smssync", "SMSSYNC_SECRET", SECRET));
    private final MutableClock clock = smsync.clock();

    private TestApp app() {
        return smsync.app();
    }

    /** The fields the SMSSync app posts for an incoming text. */
    private static Map<String, String> appForm(String messageId, String secret, String sentTimestamp) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("from", "+16502530000");
        form.put("message", "can I book for Friday?");
        form.put("message_id", messageId);
        form.put("sent_to", "+14155550100");
        form.put("secret", secret);
        form.put("device_id", "1");
        form.put("sent_timestamp", sentTimestamp);
        return form;
    }

    private HttpResponse<String> post(String query, Map<String, String> form) {
        return TestApp.send(HttpRequest.newBuilder(app().uri("/webhooks/smssync" + query))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TestApp.form(form))));
    }

    /** SMSSync's sent confirmation: the uuids of the queued messages the phone has sent. */
    private static String queued(String... uuids) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("queued_messages");
        for (String uuid : uuids) {
            list.add(uuid);
        }
        return body.toString();
    }

    @Test
    void an_incoming_text_is_stored_and_answered_with_smssyncs_success_payload() {
        HttpResponse<String> response = post("", appForm("6e2f9c1a-1", SECRET, "1795600800123"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestApp.json(response.body()).get("payload").toString()).isEqualTo("{\"success\":true,\"error\":null}");
        JsonNode message = app().newestBatch().at("/messages/0");
        assertThat(message.get("guid").asText()).isEqualTo("6e2f9c1a-1");
        assertThat(message.get("sent_at").asText()).isEqualTo("2026-11-25T10:00:00.123Z");
        assertThat(app().getJson("/api/batches").at("/batches/0/to").asText()).isEqualTo("+14155550100");
    }

    @Test
    void a_timestamp_in_seconds_as_the_docs_show_is_read_too() {
        post("", appForm("m-seconds", SECRET, "1795600800"));
        assertThat(app().newestBatch().at("/messages/0/sent_at").asText()).isEqualTo("2026-11-25T10:00:00Z");
    }

    @Test
    void the_same_message_id_twice_is_stored_once() {
        post("", appForm("dup-1", SECRET, "1795600800000"));
        post("", appForm("dup-1", SECRET, "1795600800000"));
        assertThat(app().getJson("/api/stats").get("messages_received").asInt()).isEqualTo(1);
        assertThat(app().getJson("/api/stats").get("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void a_wrong_secret_is_a_401_in_smssyncs_shape_and_nothing_is_stored() {
        HttpResponse<String> response = post("", appForm("m-1", "wrong", "1795600800000"));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestApp.json(response.body()).at("/payload/success").asBoolean()).isFalse();
        assertThat(TestApp.json(response.body()).at("/payload/error").asText()).contains("secret");
        assertThat(app().getJson("/api/stats").get("messages_received").asInt()).isZero();
    }

    @Test
    void the_reply_is_queued_and_handed_to_the_polling_phone_exactly_once() {
        post("", appForm("m-1", SECRET, "1795600800000"));
        clock.advance(Duration.ofSeconds(60));
        assertThat(app().closeDue()).isEqualTo(1);
        assertThat(app().getJson("/api/batches").at("/batches/0/reply/status").asText()).isEqualTo("pending");

        assertThat(app().get("/webhooks/smssync?task=send&secret=wrong").statusCode()).isEqualTo(401);
        JsonNode poll = TestApp.json(app().get("/webhooks/smssync?task=send&secret=" + SECRET).body()).get("payload");
        assertThat(poll.get("task").asText()).isEqualTo("send");
        assertThat(poll.get("secret").asText()).isEqualTo(SECRET);
        assertThat(poll.get("messages")).hasSize(1);
        JsonNode queued = poll.at("/messages/0");
        assertThat(queued.get("to").asText()).isEqualTo("+16502530000");
        assertThat(queued.get("message").asText()).startsWith("Thanks for your message!");

        String uuid = queued.get("uuid").asText();
        assertThat(app().getJson("/api/batches").at("/batches/0/reply/status").asText()).isEqualTo("sent");
        assertThat(TestApp.json(app().get("/webhooks/smssync?task=send&secret=" + SECRET).body()).at("/payload/messages"))
                .as("the app texts whatever a poll returns, so a reply is handed out once").isEmpty();
        HttpResponse<String> sent = TestApp.send(HttpRequest.newBuilder(app().uri("/webhooks/smssync?task=sent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(queued(uuid, "not-a-reply"))));
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(TestApp.json(sent.body()).get("message_uuids")).extracting(JsonNode::asText).containsExactly(uuid);
        assertThat(app().getJson("/api/batches").at("/batches/0/reply/status").asText()).isEqualTo("sent");
        assertThat(TestApp.json(app().get("/webhooks/smssync?task=send&secret=" + SECRET).body()).at("/payload/messages")).isEmpty();
    }

    @Test
    void a_sent_confirmation_is_read_within_a_bound_and_bad_json_is_named_in_plain_words() {
        HttpResponse<String> broken = TestApp.send(HttpRequest.newBuilder(app().uri("/webhooks/smssync?task=sent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"queued_messages\": [\"a\", }")));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("not valid JSON at line 1").doesNotContain("Unexpected character", "code 125");

        HttpResponse<String> huge = TestApp.send(HttpRequest.newBuilder(app().uri("/webhooks/smssync?task=sent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(queued("u".repeat(70_000)))));
        assertThat(huge.statusCode()).isEqualTo(413);
    }

    @Test
    void a_reply_queued_before_stop_is_not_handed_to_the_phone_after_it() {
        post("", appForm("m-1", SECRET, "1795600800000"));
        clock.advance(Duration.ofSeconds(60));
        assertThat(app().closeDue()).isEqualTo(1);
        Map<String, String> stop = appForm("m-2", SECRET, "1795600860000");
        stop.put("message", "STOP");
        assertThat(post("", stop).statusCode()).isEqualTo(200);

        try (LogCapture logs = new LogCapture()) {
            JsonNode poll = TestApp.json(app().get("/webhooks/smssync?task=send&secret=" + SECRET).body()).get("payload");
            assertThat(poll.get("messages")).isEmpty();
            assertThat(logs.count("REPLY SKIPPED")).isEqualTo(1);
        }
        JsonNode reply = app().getJson("/api/batches").findValues("reply").stream()
                .filter(r -> !r.isNull()).findFirst().orElseThrow();
        assertThat(reply.get("status").asText()).isEqualTo("skipped");
        assertThat(reply.get("reason").asText()).isEqualTo("opted_out");
    }

    @Test
    void the_endpoint_is_off_without_a_secret() {
        TestApp off = smsync.start(Map.of());
        HttpResponse<String> response = TestApp.send(HttpRequest.newBuilder(off.uri("/webhooks/smssync"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("from=1&message=x&secret=y")));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestApp.json(response.body()).get("error").asText()).contains("SMSSYNC_SECRET");
    }
}
