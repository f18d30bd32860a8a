package io.smsync.ingest;

import io.smsync.testing.Jwts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsync.crypto.Hmac;
import io.smsync.testing.AppExtension;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same input rules on all five inbound paths, each posted as its gateway posts it, over real HTTP: ids that
 * cannot be stored as given are refused (never repaired into another id), texts and ids have bounds, and a
 * phone time out of range is refused by the generic webhook and dropped by the gateways.
 */
class InboundRulesHttpTest {
    private static final String PUBLIC_URL = "https://sms.example.com";
    private static final String WEBHOOK_TOKEN = "webhook-token";
    private static final String TWILIO_TOKEN = "twilio-token";
    private static final String SMSGATE_KEY = "smsgate-key";
    private static final String HTTPSMS_KEY = "httpsms-key";
    private static final String SMSSYNC_SECRET = "smssync-secret";
    private static final String SENDER = "+16502530000";
    private static final String FAR_FUTURE_ISO = "+999999999-01-01T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    final AppExtension smsync = AppExtension.sqlite().at(Instant.parse("2026-11-25T10:00:00Z"))
            .env(Map.of("SMSYNC_PUBLIC_URL", PUBLIC_URL, "SMSYNC_WEBHOOK_TOKEN", WEBHOOK_TOKEN, "TWILIO_AUTH_TOKEN", TWILIO_TOKEN,
                    "SMSGATE_SIGNING_KEY", SMSGATE_KEY, "HTTPSMS_SIGNING_KEY", HTTPSMS_KEY, "SMSSYNC_SECRET", SMSSYNC_SECRET));
    private final MutableClock clock = smsync.clock();
    private TestApp app;

    /** One inbound path: how its gateway posts a text with this id, sender, text and phone time. */
    enum Inbound {
        WEBHOOK(true) {
            @Override
            HttpRequest.Builder request(TestApp app, Instant now, String id, String sender, String text, String time) {
                ObjectNode message = JSON.createObjectNode().put("guid", id).put("number", sender).put("message", text);
                String body = json(time == null ? message : message.put("timestamp", time));
                return HttpRequest.newBuilder(app.uri("/webhooks/sms")).header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + WEBHOOK_TOKEN).POST(HttpRequest.BodyPublishers.ofString(body));
            }
        },
        TWILIO(false) {
            @Override
            HttpRequest.Builder request(TestApp app, Instant now, String id, String sender, String text, String time) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("MessageSid", id);
                form.put("From", sender);
                form.put("To", "+14155550100");
                form.put("Body", text);
                String signature = TwilioSignature.compute(TWILIO_TOKEN, PUBLIC_URL + "/webhooks/twilio", TwilioSignature.single(form));
                return HttpRequest.newBuilder(app.uri("/webhooks/twilio")).header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Twilio-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(TestApp.form(form)));
            }
        },
        SMSGATE(true) {
            @Override
            HttpRequest.Builder request(TestApp app, Instant now, String id, String sender, String text, String time) {
                ObjectNode event = JSON.createObjectNode().put("event", "sms:received").put("id", "env-1");
                ObjectNode payload = event.putObject("payload").put("messageId", id).put("message", text).put("sender", sender)
                        .put("recipient", "+16505550100");
                if (time != null) {
                    payload.put("receivedAt", time);
                }
                String body = json(event);
                String timestamp = Long.toString(now.getEpochSecond());
                String signature = Hmac.sha256Hex(SMSGATE_KEY, (body + timestamp).getBytes(StandardCharsets.UTF_8));
                return HttpRequest.newBuilder(app.uri("/webhooks/smsgate")).header("Content-Type", "application/json")
                        .header("X-Signature", signature).header("X-Timestamp", timestamp)
                        .POST(HttpRequest.BodyPublishers.ofString(body));
            }
        },
        HTTPSMS(true) {
            @Override
            HttpRequest.Builder request(TestApp app, Instant now, String id, String sender, String text, String time) {
                ObjectNode event = JSON.createObjectNode().put("specversion", "1.0").put("id", "e-1").put("type", "message.phone.received");
                ObjectNode data = event.putObject("data").put("message_id", id).put("owner", "+18005550199").put("contact", sender)
                        .put("content", text).put("encrypted", false);
                if (time != null) {
                    data.put("timestamp", time);
                }
                String body = json(event);
                long iat = now.getEpochSecond();
                String token = Jwts.sign(HTTPSMS_KEY, json(JSON.createObjectNode().put("aud", PUBLIC_URL + "/webhooks/httpsms")
                        .put("exp", iat + 600).put("nbf", iat - 600)));
                return HttpRequest.newBuilder(app.uri("/webhooks/httpsms")).header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(body));
            }
        },
        SMSSYNC(false) {
            @Override
            HttpRequest.Builder request(TestApp app, Instant now, String id, String sender, String text, String time) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("from", sender);
                form.put("message", text);
                form.put("message_id", id);
                form.put("secret", SMSSYNC_SECRET);
                if (time != null) {
                    form.put("sent_timestamp", time);
                }
                return HttpRequest.newBuilder(app.uri("/webhooks/smssync")).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(TestApp.form(form)));
            }
        };

        /** Whether the body is JSON, which can carry an unpaired surrogate as an escape; a UTF-8 form cannot. */
        final boolean json;

        Inbound(boolean json) {
            this.json = json;
        }

        abstract HttpRequest.Builder request(TestApp app, Instant now, String id, String sender, String text, String time);

        /** A phone time in the year 999,999,999, written as this gateway writes times. */
        String farFuture() {
            return this == SMSSYNC ? "31556889832780799000" : FAR_FUTURE_ISO;
        }
    }

    /** Starts smsync on a fresh database of this kind: "sqlite" or "postgresql". */
    private void start(String database) {
        if ("postgresql".equals(database)) {
            smsync.usePostgres();
        }
        app = smsync.app();
    }

    private HttpResponse<String> post(Inbound path, String id, String sender, String text, String time) {
        return TestApp.send(path.request(app, clock.instant(), id, sender, text, time));
    }

    private HttpResponse<String> post(Inbound path, String id, String text) {
        return post(path, id, SENDER, text, null);
    }

    /** The error text in either answer shape: {@code {"error": …}} or SMSSync's {@code {"payload": {"error": …}}}. */
    private static String error(HttpResponse<String> response) {
        JsonNode body = TestApp.json(response.body());
        return body.has("payload") ? body.at("/payload/error").asText() : body.get("error").asText();
    }

    private static String clipped(HttpResponse<String> response) {
        String body = response.body();
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    private long stored() {
        return app.getJson("/api/stats").get("messages_received").asLong();
    }

    static Stream<Arguments> pathsOnEachDatabase() {
        return Stream.of(Inbound.values()).flatMap(path -> Stream.of(Arguments.of(path, "sqlite"), Arguments.of(path, "postgresql")));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("pathsOnEachDatabase")
    void an_id_or_sender_with_nul_is_refused_with_400_and_nothing_is_stored(Inbound path, String database) {
        start(database);

        HttpResponse<String> nulInId = post(path, "id\u0000a", "hello");
        HttpResponse<String> nulInSender = post(path, "id-2", "+1650253\u00000000", "hello", null);

        assertThat(nulInId.statusCode()).as(clipped(nulInId)).isEqualTo(400);
        assertThat(error(nulInId)).contains("must not contain NUL");
        assertThat(nulInSender.statusCode()).as(clipped(nulInSender)).isEqualTo(400);
        assertThat(error(nulInSender)).contains("must not contain NUL");
        assertThat(stored()).isZero();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("pathsOnEachDatabase")
    void two_ids_that_differ_only_in_unpaired_surrogates_are_refused_never_merged(Inbound path, String database) {
        if (!path.json) {
            return; // a form is UTF-8 bytes, which cannot carry an unpaired surrogate; undecodable bytes are refused
        }
        start(database);

        HttpResponse<String> first = post(path, "sur\ud800", "first text");
        HttpResponse<String> second = post(path, "sur\udc00", "second text");

        assertThat(first.statusCode()).as(clipped(first)).isEqualTo(400);
        assertThat(second.statusCode()).as(clipped(second)).isEqualTo(400);
        assertThat(error(second)).contains("unpaired surrogates").doesNotContain("duplicate");
        assertThat(stored()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Inbound.class)
    void an_id_over_256_characters_and_a_text_over_10000_are_refused(Inbound path) {
        start("sqlite");

        HttpResponse<String> longId = post(path, "i".repeat(257), "hello");
        HttpResponse<String> longText = post(path, "id-1", "x".repeat(10_001));
        HttpResponse<String> longSender = post(path, "id-2", "S".repeat(257), "hello", null);

        assertThat(longId.statusCode()).as(clipped(longId)).isEqualTo(400);
        assertThat(error(longId)).contains("1 to 256 characters (got 257)");
        assertThat(longText.statusCode()).as(clipped(longText)).isEqualTo(400);
        assertThat(error(longText)).contains("at most 10000 characters (got 10001)");
        assertThat(longSender.statusCode()).as(clipped(longSender)).isEqualTo(400);
        assertThat(error(longSender)).contains("at most 256 characters (got 257)");
        assertThat(post(path, "i".repeat(256), "x".repeat(10_000)).statusCode()).isEqualTo(200);
        assertThat(stored()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Inbound.class)
    void a_100000_character_id_and_a_900000_character_text_are_refused(Inbound path) {
        start("sqlite");

        HttpResponse<String> hugeId = post(path, "i".repeat(100_000), "hello");
        HttpResponse<String> hugeText = post(path, "id-1", "x".repeat(900_000));

        // Twilio's and SMSSync's forms are bounded at 64 KiB, so there the body is refused before any field is read.
        int expected = path.json ? 400 : 413;
        assertThat(hugeId.statusCode()).as(clipped(hugeId)).isEqualTo(expected);
        assertThat(hugeText.statusCode()).as(clipped(hugeText)).isEqualTo(expected);
        assertThat(stored()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Inbound.class)
    void an_unpaired_surrogate_or_nul_in_the_text_is_replaced(Inbound path) {
        start("sqlite");
        String text = path.json ? "a\u0000b \ud800 c" : "a\u0000b c";

        HttpResponse<String> response = post(path, "id-1", text);

        assertThat(response.statusCode()).as(clipped(response)).isEqualTo(200);
        assertThat(app.newestBatch().at("/messages/0/text").asText())
                .isEqualTo(path.json ? "a\ufffdb \ufffd c" : "a\ufffdb c");
    }

    @ParameterizedTest
    @EnumSource(value = Inbound.class, names = {"SMSGATE", "HTTPSMS", "SMSSYNC"})
    void a_gateway_phone_time_in_the_year_999999999_is_dropped_and_the_text_kept(Inbound path) {
        start("sqlite");

        HttpResponse<String> response = post(path, "id-1", SENDER, "hello", path.farFuture());

        assertThat(response.statusCode()).as(clipped(response)).isEqualTo(200);
        JsonNode message = app.newestBatch().at("/messages/0");
        assertThat(message.get("text").asText()).isEqualTo("hello");
        assertThat(message.path("sent_at").isMissingNode() || message.get("sent_at").isNull()).as(message.toString()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Inbound.class, names = {"SMSGATE", "HTTPSMS", "SMSSYNC"})
    void a_gateway_phone_time_within_bounds_is_kept(Inbound path) {
        start("sqlite");

        post(path, "id-1", SENDER, "hello", path == Inbound.SMSSYNC ? "1795600800000" : "2026-11-25T10:00:00Z");

        assertThat(app.newestBatch().at("/messages/0/sent_at").asText()).isEqualTo("2026-11-25T10:00:00Z");
    }

    @ParameterizedTest
    @EnumSource(value = Inbound.class, names = "WEBHOOK")
    void a_generic_webhook_time_in_the_year_999999999_is_a_400_naming_the_field(Inbound path) {
        start("sqlite");

        HttpResponse<String> response = post(path, "id-1", SENDER, "hello", FAR_FUTURE_ISO);

        assertThat(response.statusCode()).as(clipped(response)).isEqualTo(400);
        assertThat(error(response)).startsWith("timestamp: must be between the years 2000 and 2200");
        assertThat(stored()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void an_smsgate_delivery_report_with_nul_in_its_id_is_a_400(String database) {
        start(database);
        String body = "{\"event\":\"sms:delivered\",\"id\":\"env-1\",\"payload\":{\"messageId\":\"r_\\u0000x\"}}";
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        String signature = Hmac.sha256Hex(SMSGATE_KEY, (body + timestamp).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = TestApp.send(HttpRequest.newBuilder(app.uri("/webhooks/smsgate"))
                .header("Content-Type", "application/json").header("X-Signature", signature).header("X-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.statusCode()).as(clipped(response)).isEqualTo(400);
        assertThat(error(response)).contains("payload.messageId: must not contain NUL");
    }

    @Test
    void a_form_id_whose_bytes_are_not_utf8_is_refused_so_two_ids_never_decode_to_one() {
        start("sqlite");
        for (String id : new String[] {"sur%ED%A0%80", "sur%ED%B0%80"}) {
            HttpResponse<String> response = postSmsSyncForm("from=%2B16502530000&message=hi&secret=" + SMSSYNC_SECRET + "&message_id=" + id);

            assertThat(response.statusCode()).as(clipped(response)).isEqualTo(400);
            assertThat(error(response)).contains("not UTF-8");
        }
        HttpResponse<String> badEscape = postSmsSyncForm("from=%2B16502530000&message=100%&secret=" + SMSSYNC_SECRET + "&message_id=m-1");
        assertThat(badEscape.statusCode()).as(clipped(badEscape)).isEqualTo(400);
        assertThat(error(badEscape)).contains("'%' must be followed by two hex digits");
        assertThat(stored()).isZero();
    }

    private HttpResponse<String> postSmsSyncForm(String body) {
        return TestApp.send(HttpRequest.newBuilder(app.uri("/webhooks/smssync")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** JSON that escapes everything outside ASCII, so unpaired surrogates survive as escapes. */
    static String json(ObjectNode node) {
        try {
            return JSON.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
