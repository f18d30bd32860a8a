package io.smsync.web;

import static io.smsync.testing.TestApp.envelope;
import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.crypto.Hmac;
import io.smsync.testing.AppExtension;
import io.smsync.testing.TestApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every answer of {@code POST /webhooks/sms}, over real HTTP on a real SQLite file. */
class WebhookHttpTest {
    private static final String TOKEN = "s3cret-token";
    @RegisterExtension
    final AppExtension smsync = AppExtension.sqlite();
    private TestApp app;

    private void start(Map<String, String> env) {
        app = smsync.start(env);
    }

    private long storedMessages() {
        return app.getJson("/api/stats").get("messages_received").asLong();
    }

    private static JsonNode body(HttpResponse<String> response) {
        return TestApp.json(response.body());
    }

    @Test
    void a_single_message_is_accepted_into_a_batch() {
        start(Map.of());
        HttpResponse<String> response = app.postWebhook(message("g-1", "+16502530000", "hello"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = body(response);
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("duplicates").asInt()).isZero();
        assertThat(body.at("/results/0/guid").asText()).isEqualTo("g-1");
        assertThat(body.at("/results/0/status").asText()).isEqualTo("accepted");
        assertThat(body.at("/results/0/batch_id").asText()).startsWith("b_");
    }

    @Test
    void an_envelope_reports_each_message_including_duplicates_inside_the_same_request() {
        start(Map.of());
        String envelope = envelope(message("a", "+16502530000", "one"), message("a", "+16502530000", "one"),
                message("b", "+16502530000", "two"));
        JsonNode body = body(app.postWebhook(envelope));
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("duplicates").asInt()).isEqualTo(1);
        assertThat(body.get("results").findValuesAsText("status")).containsExactly("accepted", "duplicate", "accepted");
    }

    @Test
    void bad_json_is_a_400_that_says_so() {
        start(Map.of());
        HttpResponse<String> response = app.postWebhook("{\"guid\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).get("error").asText()).containsIgnoringCase("json");
    }

    @Test
    void malformed_json_is_a_400_in_plain_words_that_neither_quotes_the_body_nor_the_parser() {
        start(Map.of());
        HttpResponse<String> response = app.postWebhook("{\"guid\": x}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).get("error").asText())
                .startsWith("body is not valid JSON at line 1, column 10: expected a value")
                .doesNotContain("Unexpected character", "code 120", "'x'");
    }

    @Test
    void a_timestamp_too_large_for_a_double_is_a_400_naming_the_field_not_a_500() {
        start(Map.of());
        HttpResponse<String> response = app.postWebhook("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\"x\",\"timestamp\":1e400}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).get("error").asText()).startsWith("timestamp: must be between the years 2000 and 2200");
        assertThat(storedMessages()).isZero();
    }

    @Test
    void with_a_token_set_a_request_without_credentials_is_refused_before_its_body_is_sent() throws Exception {
        start(Map.of("SMSYNC_WEBHOOK_TOKEN", TOKEN));
        // A client that waits for the go-ahead before sending its body: reading the body first would answer 100 Continue.
        try (Socket socket = new Socket("127.0.0.1", app.app().port())) {
            socket.getOutputStream().write(("POST /webhooks/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer wrong\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 401 ");
        }
        assertThat(storedMessages()).isZero();
    }

    @Test
    void a_bad_field_names_the_message_and_the_field_and_nothing_of_the_request_is_stored() {
        start(Map.of());
        String envelope = envelope(message("ok", "+16502530000", "fine"), "{\"guid\":\"x\",\"message\":\"no number\"}");
        HttpResponse<String> response = app.postWebhook(envelope);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).get("error").asText()).contains("messages[1]").contains("number");
        assertThat(storedMessages()).isZero();
    }

    @Test
    void a_message_over_10000_characters_is_refused() {
        start(Map.of());
        HttpResponse<String> response = app.postWebhook(message("long", "+16502530000", "x".repeat(10_001)));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).get("error").asText()).contains("message");
    }

    @Test
    void a_nul_character_is_replaced_and_any_other_unicode_kept() {
        start(Map.of());
        HttpResponse<String> response = app.postWebhook(message("nul", "+16502530000", "caf\u00e9 \u0000 \ud83d\ude00 \u4f60\u597d"));
        assertThat(response.statusCode()).isEqualTo(200);
        String text = app.newestBatch().at("/messages/0/text").asText();
        assertThat(text).isEqualTo("caf\u00e9 \ufffd \ud83d\ude00 \u4f60\u597d");
    }

    @Test
    void a_text_with_quotes_backslashes_and_a_newline_is_stored_as_sent() {
        start(Map.of());
        String text = "she said \"10\\ off?\"\nok";
        assertThat(app.postWebhook(message("quoted", "+16502530000", text)).statusCode()).isEqualTo(200);
        assertThat(app.newestBatch().at("/messages/0/text").asText()).isEqualTo(text);
    }

    @Test
    void a_body_over_one_mebibyte_is_a_413() {
        start(Map.of());
        HttpResponse<String> response = app.postWebhook(message("big", "+16502530000", "y".repeat(1024 * 1024)));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(body(response).get("error").asText()).contains("1 MiB");
    }

    @Test
    void more_than_1000_messages_is_a_413_and_exactly_1000_is_fine() {
        start(Map.of());
        assertThat(app.postWebhook(envelopeOf(1001, "over")).statusCode()).isEqualTo(413);
        assertThat(storedMessages()).isZero();
        HttpResponse<String> ok = app.postWebhook(envelopeOf(1000, "ok"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(body(ok).get("accepted").asInt()).isEqualTo(1000);
    }

    private static String envelopeOf(int count, String prefix) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(message(prefix + i, "+1650253" + String.format("%04d", i % 10_000), "m"));
        }
        return envelope(messages);
    }

    @Test
    void a_body_that_is_not_json_is_a_415() {
        start(Map.of());
        HttpResponse<String> response = TestApp.send(HttpRequest.newBuilder(app.uri("/webhooks/sms"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("guid=1")));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(body(response).get("error").asText()).contains("application/json");
    }

    @Test
    void with_a_token_set_a_request_without_credentials_is_a_401_and_stores_nothing() {
        start(Map.of("SMSYNC_WEBHOOK_TOKEN", TOKEN));
        assertThat(app.postWebhook(message("t1", "+16502530000", "hi")).statusCode()).isEqualTo(401);
        assertThat(app.postWebhook(message("t1", "+16502530000", "hi"), "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(storedMessages()).isZero();
    }

    @Test
    void the_bearer_token_or_an_hmac_signature_of_the_body_is_accepted() {
        start(Map.of("SMSYNC_WEBHOOK_TOKEN", TOKEN));
        assertThat(app.postWebhook(message("t1", "+16502530000", "hi"), "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        String body = message("t2", "+16502530000", "signed");
        String signature = "sha256=" + Hmac.sha256Hex(TOKEN, body.getBytes(StandardCharsets.UTF_8));
        assertThat(app.postWebhook(body, "X-Smsync-Signature", signature).statusCode()).isEqualTo(200);
        assertThat(app.postWebhook(message("t3", "+16502530000", "tampered"), "X-Smsync-Signature", signature).statusCode()).isEqualTo(401);
        assertThat(storedMessages()).isEqualTo(2);
    }

    @Test
    void when_the_store_cannot_take_writes_the_answer_is_503_with_retry_after() throws Exception {
        start(Map.of());
        try (Connection lock = DriverManager.getConnection(smsync.databaseUrl()); Statement statement = lock.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 0");
            statement.execute("BEGIN EXCLUSIVE");
            HttpResponse<String> response = app.postWebhook(message("busy", "+16502530000", "hi"));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(body(response).get("error").asText()).contains("retry");
            statement.execute("ROLLBACK");
        }
        assertThat(app.postWebhook(message("busy", "+16502530000", "hi")).statusCode()).isEqualTo(200);
        assertThat(storedMessages()).isEqualTo(1);
    }

    @Test
    void unknown_paths_answer_json_404() {
        start(Map.of());
        HttpResponse<String> response = app.get("/nope");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(body(response).get("error").asText()).contains("/nope");
    }
}
