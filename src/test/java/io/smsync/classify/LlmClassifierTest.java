package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.logging.RedactingMessageConverter;
import io.smsync.testing.FakeOpenAi;
import io.smsync.testing.FakeOpenAi.Call;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LlmClassifierTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final String TEXT = "URGENT my pipe burst\nwater everywhere";

    private final FakeOpenAi server = new FakeOpenAi();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
        http.shutdownNow();
    }

    private LlmClassifier classifier() {
        return new LlmClassifier(http, URI.create(server.baseUrl()), FakeOpenAi.KEY, "gpt-4o-mini", TIMEOUT, Categories.builtIn());
    }

    @Test
    void classifies_with_one_openai_style_call_carrying_the_text() {
        Classification result = classifier().classify(TEXT);

        assertThat(result).isEqualTo(new Classification("urgent", 0.92, Method.LLM, FakeOpenAi.MODEL));
        assertThat(server.calls()).hasSize(1);
        Call call = server.calls().getFirst();
        assertThat(call.authorization()).isEqualTo("Bearer " + FakeOpenAi.KEY);
        assertThat(call.contentType()).isEqualTo("application/json");
        JsonNode body = call.body();
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("temperature").asDouble(-1)).isZero();
        JsonNode messages = body.path("messages");
        assertThat(messages.path(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.path(0).path("content").asText())
                .contains(Categories.builtIn().names())
                .contains(Categories.builtIn().find("spam").orElseThrow().description());
        assertThat(messages.path(1).path("role").asText()).isEqualTo("user");
        assertThat(messages.path(1).path("content").asText()).isEqualTo(TEXT);
    }

    @Test
    void asks_for_a_strict_json_schema_with_the_category_names() {
        classifier().classify(TEXT);

        JsonNode format = server.calls().getFirst().body().path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("classification");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        JsonNode schema = format.path("json_schema").path("schema");
        assertThat(texts(schema.path("properties").path("category").path("enum"))).isEqualTo(Categories.builtIn().names());
        assertThat(schema.path("properties").path("confidence").path("type").asText()).isEqualTo("number");
        assertThat(texts(schema.path("required"))).containsExactly("category", "confidence");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void accepts_a_base_url_with_a_trailing_slash() {
        URI base = URI.create(server.baseUrl() + "/");
        var classifier = new LlmClassifier(http, base, FakeOpenAi.KEY, "gpt-4o-mini", TIMEOUT, Categories.builtIn());

        assertThat(classifier.classify("hello").category()).isEqualTo("urgent");
    }

    @Test
    void reports_the_configured_model_when_the_response_names_none() {
        server.answer(call -> new FakeOpenAi.Reply(200,
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"category\\\":\\\"spam\\\",\\\"confidence\\\":0.8}\"}}]}"));

        assertThat(classifier().classify("WIN").model()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void retries_in_json_object_mode_when_the_server_refuses_json_schema() {
        server.answer(call -> call.responseFormat().equals("json_schema")
                ? FakeOpenAi.error(400, "response_format json_schema is not supported")
                : FakeOpenAi.category("question", 0.7));

        Classification result = classifier().classify("What are your opening hours?");

        assertThat(result.category()).isEqualTo("question");
        assertThat(server.calls()).extracting(Call::responseFormat).containsExactly("json_schema", "json_object");
        assertThat(server.calls().get(1).userText()).isEqualTo("What are your opening hours?");
    }

    @Test
    void a_second_400_is_an_error() {
        server.answer(call -> FakeOpenAi.error(400, "model not found"));

        assertThatThrownBy(() -> classifier().classify(TEXT))
                .isInstanceOf(LlmException.class).hasMessageContaining("LLM answered HTTP 400").hasMessageContaining("model not found");
        assertThat(server.calls()).hasSize(2);
    }

    @Test
    void an_http_500_is_an_error_without_retry() {
        server.answer(call -> FakeOpenAi.error(500, "The server had an error"));

        assertThatThrownBy(() -> classifier().classify(TEXT))
                .isInstanceOf(LlmException.class).hasMessageStartingWith("LLM answered HTTP 500");
        assertThat(server.calls()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "prose instead of JSON     | I think this is urgent                    | not a JSON object",
            "JSON but not an object    | [\"urgent\"]                              | not a JSON object",
            "no category               | {\"confidence\":0.9}                      | no category",
            "unknown category          | {\"category\":\"foo\",\"confidence\":0.9} | reason=unknown category length=35",
            "no confidence             | {\"category\":\"urgent\"}                 | no confidence",
            "confidence not a number   | {\"category\":\"urgent\",\"confidence\":\"high\"} | not a number",
    })
    void an_answer_outside_the_schema_is_an_error(String name, String content, String problem) {
        server.answer(call -> FakeOpenAi.completion(content));

        assertThatThrownBy(() -> classifier().classify(TEXT)).isInstanceOf(LlmException.class).hasMessageContaining(problem);
    }

    @Test
    void a_response_that_is_not_a_chat_completion_is_an_error() {
        server.answer(call -> new FakeOpenAi.Reply(200, "<html>gateway</html>"));

        assertThatThrownBy(() -> classifier().classify(TEXT))
                .isInstanceOf(LlmException.class).hasMessage("LLM ANSWER UNUSABLE reason=response is not a JSON object length=20");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"category\":\"urgent\",\"confidence\":1.7}  | 1.0",
            "{\"category\":\"urgent\",\"confidence\":-0.2} | 0.0",
            "{\"category\":\"urgent\",\"confidence\":0.4}  | 0.4",
            "{\"category\":\"urgent\",\"confidence\":\"0.65\"} | 0.65",
    })
    void clamps_the_confidence_to_0_and_1(String content, double expected) {
        server.answer(call -> FakeOpenAi.completion(content));

        assertThat(classifier().classify(TEXT).confidence()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "```json\n{\"category\":\"Appointment\",\"confidence\":0.8}\n```",
            "Sure! {\"category\":\" APPOINTMENT \",\"confidence\":0.8}",
    })
    void tolerates_fences_and_normalizes_the_category_name(String content) {
        server.answer(call -> FakeOpenAi.completion(content));

        assertThat(classifier().classify(TEXT).category()).isEqualTo("appointment");
    }

    @Test
    void a_server_that_never_answers_fails_within_the_timeout() {
        server.answer(call -> server.hang());

        long start = System.nanoTime();
        assertThatThrownBy(() -> classifier().classify(TEXT))
                .isInstanceOf(LlmException.class).hasMessage("LLM did not answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofMillis(1500));
    }

    @Test
    void the_json_object_retry_shares_the_timeout() {
        server.answer(call -> {
            if (call.responseFormat().equals("json_schema")) {
                Thread.sleep(200);
                return FakeOpenAi.error(400, "json_schema not supported");
            }
            return server.hang();
        });

        long start = System.nanoTime();
        assertThatThrownBy(() -> classifier().classify(TEXT)).hasMessage("LLM did not answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertThat(server.calls()).hasSize(2);
    }

    @Test
    void a_connection_failure_is_an_error() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var classifier = new LlmClassifier(http, URI.create("http://127.0.0.1:" + closedPort + "/v1"),
                FakeOpenAi.KEY, "gpt-4o-mini", TIMEOUT, Categories.builtIn());

        assertThatThrownBy(() -> classifier.classify(TEXT))
                .isInstanceOf(LlmException.class).hasMessageContaining("LLM request to http://127.0.0.1:" + closedPort);
    }

    @Test
    void never_puts_the_api_key_in_a_message() {
        server.answer(call -> FakeOpenAi.error(401, "Incorrect API key provided: " + FakeOpenAi.KEY));

        assertThatThrownBy(() -> classifier().classify(TEXT))
                .isInstanceOf(LlmException.class)
                .hasMessageContaining("LLM answered HTTP 401")
                .message().doesNotContain(FakeOpenAi.KEY);
    }

    @Test
    void while_redacting_an_unusable_answer_is_described_by_its_kind_and_length_without_its_text() {
        String answer = "Sorry, I won't classify \"my door code is 4455\"";
        server.answer(call -> FakeOpenAi.completion(answer));

        assertThatThrownBy(() -> classifier().classify(TEXT))
                .hasMessage("LLM ANSWER UNUSABLE reason=answer is not a JSON object length=" + answer.length());
    }

    @Test
    void while_redacting_a_refusal_is_described_without_its_text() {
        server.answer(call -> new FakeOpenAi.Reply(200,
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"refusal\":\"I can't help with the pipe burst\"}}]}"));

        assertThatThrownBy(() -> classifier().classify(TEXT))
                .hasMessage("LLM ANSWER UNUSABLE reason=refused length=32");
    }

    @Test
    void while_redacting_an_error_body_that_is_not_an_openai_error_is_described_by_its_size() {
        String echo = "<html>bad request: " + TEXT + "</html>";
        server.answer(call -> new FakeOpenAi.Reply(502, echo));

        assertThatThrownBy(() -> classifier().classify(TEXT))
                .hasMessage("LLM answered HTTP 502: a body of " + echo.length() + " characters that is not an OpenAI error");
    }

    @Test
    void with_redaction_off_the_unusable_answer_and_error_body_are_shown_clipped() {
        RedactingMessageConverter.enable(false);
        try {
            server.answer(call -> FakeOpenAi.completion("{\"category\":\"foo\",\"confidence\":0.9}"));
            assertThatThrownBy(() -> classifier().classify(TEXT)).hasMessage(
                    "LLM ANSWER UNUSABLE reason=unknown category length=35 answer=\"{\"category\":\"foo\",\"confidence\":0.9}\"");

            server.answer(call -> FakeOpenAi.completion("x".repeat(500)));
            assertThatThrownBy(() -> classifier().classify(TEXT)).hasMessage(
                    "LLM ANSWER UNUSABLE reason=answer is not a JSON object length=500 answer=\"" + "x".repeat(120) + "...\"");

            server.answer(call -> new FakeOpenAi.Reply(502, "<html>bad gateway</html>"));
            assertThatThrownBy(() -> classifier().classify(TEXT)).hasMessage("LLM answered HTTP 502: <html>bad gateway</html>");
        } finally {
            RedactingMessageConverter.enable(true);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
