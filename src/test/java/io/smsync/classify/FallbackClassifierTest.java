package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.LogCapture;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FallbackClassifierTest {
    private static final String TEXT = "URGENT my pipe burst";

    private final FakeChatServer server = new FakeChatServer();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Categories categories = Categories.builtIn();
    private final Classifier classifier = new FallbackClassifier(
            new LlmClassifier(http, server.baseUrl(), FakeChatServer.KEY, "gpt-4o-mini", Duration.ofMillis(300), categories),
            new RulesClassifier(categories));

    @AfterEach
    void stop() {
        server.close();
        http.shutdownNow();
    }

    enum Failure {
        HTTP_500, BOTH_FORMATS_REFUSED, GARBAGE, UNKNOWN_CATEGORY, HANGS;

        FakeChatServer.Responder responder(FakeChatServer server) {
            return switch (this) {
                case HTTP_500 -> call -> FakeChatServer.error(500, "overloaded");
                case BOTH_FORMATS_REFUSED -> call -> FakeChatServer.error(400, "unsupported response_format");
                case GARBAGE -> call -> FakeChatServer.completion("it is probably urgent");
                case UNKNOWN_CATEGORY -> call -> FakeChatServer.completion("{\"category\":\"plumbing\",\"confidence\":0.9}");
                case HANGS -> call -> server.hang();
            };
        }
    }

    @Test
    void uses_the_llm_when_it_answers() {
        server.answer(call -> FakeChatServer.completion("{\"category\":\"complaint\",\"confidence\":0.6}"));

        assertThat(classifier.classify(TEXT))
                .isEqualTo(new Classification("complaint", 0.6, Method.LLM, FakeChatServer.MODEL));
    }

    @ParameterizedTest
    @EnumSource(Failure.class)
    void falls_back_to_the_offline_rules_when_the_llm_fails(Failure failure) {
        server.answer(failure.responder(server));

        try (LogCapture logs = new LogCapture()) {
            Classification result = classifier.classify(TEXT);

            assertThat(result.method()).isEqualTo(Method.RULES);
            assertThat(result.category()).isEqualTo("urgent");
            assertThat(result.model()).isNull();
            assertThat(logs.lines()).filteredOn(line -> line.startsWith("LLM classification failed, using offline rules: "))
                    .hasSize(1)
                    .allSatisfy(line -> assertThat(line).doesNotContain(FakeChatServer.KEY));
        }
    }

    @Test
    void falls_back_on_any_runtime_exception_even_without_a_message() {
        Classifier failing = text -> {
            throw new IllegalStateException();
        };
        Classifier fallback = new FallbackClassifier(failing, new RulesClassifier(categories));

        try (LogCapture logs = new LogCapture()) {
            assertThat(fallback.classify("ok thanks").method()).isEqualTo(Method.RULES);
            assertThat(logs.lines()).contains("LLM classification failed, using offline rules: IllegalStateException");
        }
    }
}
