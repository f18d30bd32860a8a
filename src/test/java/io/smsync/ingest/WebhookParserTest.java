package io.smsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsync.http.ApiError;
import io.smsync.sms.InboundMessage;
import io.smsync.sms.PhoneNumbers;
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
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(status))
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
            "'\"1795600800123\"',2026-11-25T10:00:00.123Z", "1795600800.5,2026-11-25T10:00:00.5Z", "'\" 1795600800.25 \"',2026-11-25T10:00:00.25Z",
            "'\"2026-11-25T10:00:00Z\"',2026-11-25T10:00:00Z", "'\"2026-11-25T05:00:00-05:00\"',2026-11-25T10:00:00Z"})
    void timestamps_may_be_iso_or_epoch_seconds_or_milliseconds(String timestamp, String expected) {
        InboundMessage m = parse("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\"x\",\"timestamp\":" + timestamp + "}").getFirst();
        assertThat(m.sentAt()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void a_missing_or_null_timestamp_is_no_time() {
        assertThat(parse("{\"guid\":\"g\",\"number\":\"1\",\"message\":\"x\"}").getFirst().sentAt()).isNull();
        assertThat(parse("{\"guid\":\"g\",\"number\":\"1\",\"message\":\"x\",\"timestamp\":null}").getFirst().sentAt()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0                        | got 0
            -1795600800              | got -1795600800
            946684799                | got 946684799
            7258118400000            | got 7258118400000
            1e30                     | got 1000000000000000000000000000000
            '"2300-01-01T00:00:00Z"' | got 2300-01-01T00:00:00Z
            """)
    void a_timestamp_outside_the_years_2000_to_2200_is_refused(String timestamp, String got) {
        assertInvalid("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\"x\",\"timestamp\":" + timestamp + "}", 400,
                "timestamp: must be between the years 2000 and 2200 (" + got + ")");
    }

    @Test
    void a_number_too_large_for_a_double_is_a_timestamp_out_of_range_not_an_error() {
        assertInvalid("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\"x\",\"timestamp\":1e400}", 400,
                "timestamp: must be between the years 2000 and 2200 (got 1E+400)");
        assertInvalid("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\"x\",\"timestamp\":-1e400}", 400,
                "timestamp: must be between the years 2000 and 2200 (got -1E+400)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"guid": x}                                    | at line 1, column 10: expected a value
            {"guid":"a" "number":"1"}                      | at line 1, column 13: expected ',' or '}' after a value in an object
            {"guid":"a",}                                  | at line 1, column 13: expected a key in double quotes
            {guid:"a"}                                     | at line 1, column 2: expected a key in double quotes
            {"guid" "a"}                                   | at line 1, column 9: expected ':' after a key
            {"a":[1 2]}                                    | at line 1, column 9: expected ',' or ']' after a value in an array
            {"a":[1}                                       | at line 1, column 8: a closing bracket does not match the opening one
            {"a":"\\q"}                                    | at line 1, column 8: a backslash escape in a string is not one JSON allows
            {"a":01}                                       | at line 1, column 7: a number is not written as JSON writes numbers
            {"a":tru}                                      | at line 1, column 6: expected a value
            {"guid":"g","number":"1","message":""} x       | at line 1, column 40: expected a value
            {"guid":"g","number":"1","message":""} 5       | there is more after the JSON value
            {"guid":"g"                                    | the body ends before the JSON is complete
            """)
    void malformed_json_is_described_in_plain_words_without_parser_internals(String json, String expected) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("body is not valid JSON ")
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Unexpected", "code ", "token", "Feature", "JsonNode",
                        "com.fasterxml", "`", "'x'", "was expecting"));
    }

    @Test
    void a_control_character_inside_a_string_is_named_plainly() {
        assertInvalid("{\"a\":\"x\u0001y\"}", 400, "a control character inside a string must be escaped");
    }

    @Test
    void nul_is_replaced_and_other_unicode_is_kept() {
        String text = parse("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\"a\\u0000b \ud83d\ude00 \u00e9\"}").getFirst().text();
        assertThat(text).isEqualTo("a\ufffdb \ud83d\ude00 \u00e9");
    }

    @Test
    void every_script_emoji_sequence_and_combining_mark_survives_unchanged() {
        String text = "\u0645\u0631\u062d\u0628\u0627 \u4f60\u597d \u0928\u092e\u0938\u094d\u0924\u0947 e\u0301 "
                + "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67 \ud83c\uddfa\ud83c\uddf8 \u2028 tab\there \\ \"quoted\"";
        String json = "{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":"
                + "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t") + "\"}";
        assertThat(parse(json).getFirst().text()).isEqualTo(text);
    }

    @Test
    void an_unpaired_surrogate_in_the_text_is_replaced() {
        String text = parse("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\"a\\ud83d b \\ude00\"}").getFirst().text();
        assertThat(text).isEqualTo("a\ufffd b \ufffd");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"guid":"g\\u0000","number":"+16502530000","message":"x"}         | guid: must not contain NUL
            {"guid":"g","number":"+1650253\\u00000000","message":"x"}         | number: must not contain NUL
            {"guid":"g","number":"+16502530000","message":"x","to":"\\ud800"} | to: must not contain NUL (\\u0000) or unpaired surrogates
            """)
    void an_id_the_store_cannot_hold_is_refused_not_repaired(String json, String message) {
        assertInvalid(json, 400, message);
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
            {"guid":"g","number":"+16502530000","message":"x","timestamp":"2026-11-25T10:00:00"} | timestamp: must be ISO-8601 with an offset
            {"guid":"g","number":"+16502530000","message":"x","timestamp":{}} | timestamp: must be an ISO-8601 string or epoch seconds or milliseconds (got an object)
            {"guid":"g","number":16502530000,"message":"x"}                  | number: required, the sender's number as a string (got a number)
            {"guid":"g","number":"+16502530000","message":["x"]}             | message: required, a string (may be empty) (got an array)
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
        assertInvalid("{\"messages\":[{\"guid\":\"a\",\"number\":\"1\",\"message\":\"\"},{\"guid\":\"b\",\"number\":\"1\",\"message\":\"\"},"
                + "{\"guid\":\"\",\"number\":\"1\",\"message\":\"\"}]}", 400, "messages[2].guid: required, a string of 1 to 256 characters (got 0)");
    }

    @Test
    void unknown_fields_are_ignored_and_a_repeated_key_is_refused() {
        assertThat(parse("{\"guid\":\"g\",\"number\":\"1\",\"message\":\"\",\"id\":9,\"sim\":{\"slot\":1}}")).hasSize(1);
        assertInvalid("{\"guid\":\"a\",\"guid\":\"b\",\"number\":\"1\",\"message\":\"\"}", 400,
                "body is not valid JSON at line 1, column 19: the same key appears twice in one object");
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
        assertInvalid("\"text\"", 400, "body: must be a JSON object, one message or {\"messages\": [...]} (got a string)");
        assertInvalid("42", 400, "(got a number)");
        assertInvalid("null", 400, "(got null)");
        assertInvalid(" \n ", 400, "body is empty");
        assertInvalid("{\"guid\":\"g\",\"number\":\"1\",\"message\":\"\"}{}", 400, "body is not valid JSON");
    }
}
