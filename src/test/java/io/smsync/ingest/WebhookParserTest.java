package io.smsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookParserTest {
    private final WebhookParser parser = new WebhookParser(new ObjectMapper(), new PhoneNumbers("US"));

    private List<InboundMessage> parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertInvalid(String json, int status, String message) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(WebhookParser.InvalidRequest.class, e -> assertThat(e.status()).isEqualTo(status))
                .hasMessageContaining(message);
    }

    @Test
    void a_single_message_is_read_and_normalized() {
        InboundMessage m = parse("{\"guid\":\" g1 \",\"number\":\"(650) 253-0000\",\"message\":\"hi\",\"to\":\"415 555 0100\","
                + "\"timestamp\":\"2026-11-25T10:00:00+01:00\",\"extra\":true}").getFirst();
        assertThat(m).isEqualTo(new InboundMessage("webhook", "g1", "+16502530000", "+14155550100", "hi",
                Instant.parse("2026-11-25T09:00:00Z")));
    }

    @Test
    void an_envelope_keeps_the_order_of_its_messages() {
        List<InboundMessage> messages = parse("{\"messages\":[{\"guid\":\"a\",\"number\":\"80082\",\"message\":\"\"},"
                + "{\"guid\":\"b\",\"number\":\"ACME\",\"message\":\"x\",\"to\":null}]}");
        assertThat(messages).extracting(InboundMessage::guid).containsExactly("a", "b");
        assertThat(messages).extracting(InboundMessage::sender).containsExactly("80082", "ACME");
        assertThat(messages).extracting(InboundMessage::recipient).containsOnly("");
        assertThat(messages.getFirst().text()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"1795600800,2026-11-25T10:00:00Z", "1795600800123,2026-11-25T10:00:00.123Z", "'\"1795600800\"',2026-11-25T10:00:00Z",
            "'\"2026-11-25T10:00:00Z\"',2026-11-25T10:00:00Z"})
    void timestamps_may_be_iso_or_epoch_seconds_or_milliseconds(String timestamp, String expected) {
        InboundMessage m = parse("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\"x\",\"timestamp\":" + timestamp + "}").getFirst();
        assertThat(m.sentAt()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void nul_is_replaced_and_other_unicode_is_kept() {
        String text = parse("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\"a\\u0000b \ud83d\ude00 \u00e9\"}").getFirst().text();
        assertThat(text).isEqualTo("a\ufffdb \ud83d\ude00 \u00e9");
    }

    @Test
    void the_text_limit_counts_characters_as_people_do() {
        String emoji = "\ud83d\ude00".repeat(10_000);
        assertThat(parse("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\"" + emoji + "\"}")).hasSize(1);
        assertInvalid("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\"" + "x".repeat(10_001) + "\"}", 400,
                "message: at most 10000 characters (got 10001)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"number":"+16502530000","message":"x"}                          | guid: required, a string of 1 to 256 characters
            {"guid":5,"number":"+16502530000","message":"x"}                 | guid: required, a string of 1 to 256 characters (got a number)
            {"guid":"  ","number":"+16502530000","message":"x"}              | guid: required, a string of 1 to 256 characters (got 0)
            {"guid":"g","message":"x"}                                       | number: required
            {"guid":"g","number":"","message":"x"}                           | number: required, the sender's number as a string (got an empty string)
            {"guid":"g","number":"+16502530000"}                             | message: required, a string
            {"guid":"g","number":"+16502530000","message":null}              | message: required, a string (may be empty) (got null)
            {"guid":"g","number":"+16502530000","message":"x","timestamp":true} | timestamp: must be an ISO-8601 string or epoch seconds or milliseconds (got a boolean)
            {"guid":"g","number":"+16502530000","message":"x","timestamp":"yesterday"} | timestamp: must be ISO-8601
            {"guid":"g","number":"+16502530000","message":"x","timestamp":12} | timestamp: must be between the years 2000 and 2200
            {"guid":"g","number":"+16502530000","message":"x","to":5}        | to: must be a string
            """)
    void each_bad_field_is_named(String json, String message) {
        assertInvalid(json, 400, message);
    }

    @Test
    void a_guid_over_256_characters_is_refused() {
        assertInvalid("{\"guid\":\"" + "g".repeat(257) + "\",\"number\":\"+16502530000\",\"message\":\"x\"}", 400,
                "guid: required, a string of 1 to 256 characters (got 257)");
    }

    @Test
    void errors_in_an_envelope_name_the_message_by_index() {
        assertInvalid("{\"messages\":[{\"guid\":\"a\",\"number\":\"1\",\"message\":\"\"},{\"guid\":\"b\",\"number\":\"1\"}]}", 400,
                "messages[1].message: required");
        assertInvalid("{\"messages\":[{\"guid\":\"a\",\"number\":\"1\",\"message\":\"\"}, 7]}", 400, "messages[1]: must be a message object");
    }

    @Test
    void an_envelope_holds_1_to_1000_messages() {
        assertInvalid("{\"messages\":[]}", 400, "messages: 1 to 1000 messages (got 0)");
        assertInvalid("{\"messages\":{}}", 400, "messages: must be an array");
        assertThat(parse(envelope(1000))).hasSize(1000);
        assertInvalid(envelope(1001), 413, "messages: at most 1000 messages per request (got 1001)");
    }

    private static String envelope(int count) {
        StringJoiner joiner = new StringJoiner(",", "{\"messages\":[", "]}");
        for (int i = 0; i < count; i++) {
            joiner.add("{\"guid\":\"g" + i + "\",\"number\":\"+16502530000\",\"message\":\"m\"}");
        }
        return joiner.toString();
    }

    @Test
    void a_body_that_is_not_one_json_object_is_refused_with_the_reason() {
        assertInvalid("", 400, "body is empty");
        assertInvalid("{\"guid\":", 400, "body is not valid JSON at line 1");
        assertInvalid("{\"guid\":\"g\",\"number\":\"1\",\"message\":\"\"} trailing", 400, "body is not valid JSON");
        assertInvalid("[1,2]", 400, "body: must be a JSON object");
        assertInvalid("\"text\"", 400, "body: must be a JSON object");
    }
}
