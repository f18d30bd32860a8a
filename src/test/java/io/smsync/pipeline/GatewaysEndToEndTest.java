package io.smsync.pipeline;

import io.smsync.testing.Jwts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsync.crypto.Hmac;
import io.smsync.ingest.TwilioSignature;
import io.smsync.testing.AppExtension;
import io.smsync.testing.FakeGateway;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each gateway in and out through the whole product: a signed payload shaped as the gateway sends it
 * enters smsync, the batch closes, and the reply leaves through the same gateway's API (a fake server here).
 */
class GatewaysEndToEndTest {
    private static final String PUBLIC_URL = "https://sms.example.com";
    @RegisterExtension
    final AppExtension smsync = AppExtension.sqlite();
    private final MutableClock clock = smsync.clock();

    private static JsonNode processedBatch(TestApp app) {
        return app.getJson("/api/batches").at("/batches/0");
    }

    private void closeWindow(TestApp app) {
        clock.advance(Duration.ofSeconds(60));
        assertThat(app.closeDue()).isEqualTo(1);
    }

    @Test
    void twilio_in_and_out() {
        FakeGateway twilio = smsync.closeAfter(new FakeGateway("/2010-04-01/Accounts/ACe2e/Messages.json",
                body -> new FakeGateway.Answer(201, "{\"sid\":\"SMreply\",\"status\":\"queued\"}")));
        TestApp app = smsync.start(Map.of("SMSYNC_PUBLIC_URL", PUBLIC_URL,
                "SMSYNC_SENDER", "twilio", "TWILIO_ACCOUNT_SID", "ACe2e", "TWILIO_AUTH_TOKEN", "tw-token",
                "TWILIO_FROM", "+14155550100", "TWILIO_API_URL", twilio.baseUrl()));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ToCountry", "US");
        form.put("SmsMessageSid", "SMe2e0001");
        form.put("NumMedia", "0");
        form.put("SmsSid", "SMe2e0001");
        form.put("SmsStatus", "received");
        form.put("Body", "URGENT my pipe burst");
        form.put("To", "+14155550100");
        form.put("NumSegments", "1");
        form.put("MessageSid", "SMe2e0001");
        form.put("AccountSid", "ACe2e");
        form.put("From", "+16502530000");
        form.put("ApiVersion", "2010-04-01");
        String signature = TwilioSignature.compute("tw-token", PUBLIC_URL + "/webhooks/twilio", TwilioSignature.single(form));
        HttpResponse<String> response = TestApp.send(HttpRequest.newBuilder(app.uri("/webhooks/twilio"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(TestApp.form(form))));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<Response></Response>");

        closeWindow(app);
        JsonNode batch = processedBatch(app);
        assertThat(batch.at("/classification/category").asText()).isEqualTo("urgent");
        assertThat(batch.at("/reply/status").asText()).isEqualTo("sent");
        assertThat(twilio.bodies()).singleElement().satisfies(body ->
                assertThat(body).contains("To=%2B16502530000").contains("From=%2B14155550100"));
    }

    @Test
    void smsgate_in_and_out() {
        FakeGateway smsgate = smsync.closeAfter(new FakeGateway("/3rdparty/v1/messages",
                body -> new FakeGateway.Answer(202, "{\"state\":\"Pending\"}")));
        TestApp app = smsync.start(Map.of("SMSGATE_SIGNING_KEY", "sg-key",
                "SMSYNC_SENDER", "smsgate", "SMSGATE_URL", smsgate.baseUrl() + "/3rdparty/v1",
                "SMSGATE_USERNAME", "user", "SMSGATE_PASSWORD", "pass"));
        String body = """
                {"deviceId":"ffffffffceb0b1db0000018e937c815b","event":"sms:received","id":"Ey6ECgOkVVFjz3CL48B8C",
                 "payload":{"messageId":"abc123","message":"can I book for Friday?","sender":"+16502530000",
                 "recipient":"+14155550100","simNumber":1,"receivedAt":"2026-11-25T10:00:00.000+00:00"},
                 "webhookId":"LreFUt-Z3sSq0JufY9uWB"}""";
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        byte[] signed = (body + timestamp).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = TestApp.send(HttpRequest.newBuilder(app.uri("/webhooks/smsgate"))
                .header("Content-Type", "application/json")
                .header("X-Signature", Hmac.sha256Hex("sg-key", signed))
                .header("X-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).isEqualTo(200);

        closeWindow(app);
        JsonNode batch = processedBatch(app);
        assertThat(batch.at("/classification/category").asText()).isEqualTo("appointment");
        assertThat(batch.at("/reply/status").asText()).isEqualTo("sent");
        JsonNode sent = TestApp.json(smsgate.bodies().getFirst());
        assertThat(sent.get("phoneNumbers").get(0).asText()).isEqualTo("+16502530000");
        assertThat(sent.get("id").asText()).startsWith("r_");
    }

    @Test
    void httpsms_in_and_out() {
        FakeGateway httpsms = smsync.closeAfter(new FakeGateway("/v1/messages/send",
                body -> new FakeGateway.Answer(200, "{\"data\":{},\"message\":\"message added to queue\",\"status\":\"success\"}")));
        TestApp app = smsync.start(Map.of("SMSYNC_PUBLIC_URL", PUBLIC_URL,
                "HTTPSMS_SIGNING_KEY", "hs-key", "SMSYNC_SENDER", "httpsms", "HTTPSMS_API_KEY", "hs-api",
                "HTTPSMS_FROM", "+14155550100", "HTTPSMS_URL", httpsms.baseUrl()));
        String event = """
                {"specversion":"1.0","id":"a1b2","source":"/v1/messages/receive","type":"message.phone.received",
                 "datacontenttype":"application/json","time":"2026-11-25T10:00:00Z",
                 "data":{"message_id":"e2e-1","user_id":"u1","owner":"+14155550100","contact":"+16502530000",
                 "timestamp":"2026-11-25T10:00:00Z","content":"why was I charged twice?!","sim":"SIM1","encrypted":false}}""";
        long now = clock.instant().getEpochSecond();
        String jwt = Jwts.sign("hs-key", new ObjectMapper().createObjectNode().put("aud", PUBLIC_URL + "/webhooks/httpsms")
                .put("exp", now + 600).put("iat", now).put("iss", "api.httpsms.com").put("nbf", now - 600).put("sub", "u1")
                .toString());
        HttpResponse<String> response = TestApp.send(HttpRequest.newBuilder(app.uri("/webhooks/httpsms"))
                .header("Authorization", "Bearer " + jwt)
                .header("X-Event-Type", "message.phone.received")
                .POST(HttpRequest.BodyPublishers.ofString(event)));
        assertThat(response.statusCode()).isEqualTo(200);

        closeWindow(app);
        JsonNode batch = processedBatch(app);
        assertThat(batch.at("/classification/category").asText()).isIn("complaint", "question");
        assertThat(batch.at("/reply/status").asText()).isEqualTo("sent");
        JsonNode sent = TestApp.json(httpsms.bodies().getFirst());
        assertThat(sent.get("to").asText()).isEqualTo("+16502530000");
        assertThat(sent.get("from").asText()).isEqualTo("+14155550100");
        assertThat(sent.get("request_id").asText()).startsWith("r_");
    }

}
