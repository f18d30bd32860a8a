package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.FakeOpenAi;
import io.smsync.testing.LogCapture;
import io.smsync.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FallbackClassifierTest {
    private static final String TEXT = "URGENT my pipe burst";

    private final FakeOpenAi server = new FakeOpenAi();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Categories categories = Categories.builtIn();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final Classifier classifier = new FallbackClassifier(
            new LlmClassifier(http, URI.create(server.baseUrl()), FakeOpenAi.KEY, "gpt-4o-mini", Duration.ofMillis(300), categories),
            new RulesClassifier(categories, SpamModel.builtIn()), new CircuitBreaker("LLM", 5, Duration.ofSeconds(30), clock));

    @AfterEach
    void stop() {
        server.close();
        http.shutdownNow();
    }

    enum Failure {
        HTTP_500, BOTH_FORMATS_REFUSED, GARBAGE, UNKNOWN_CATEGORY, HANGS;

        FakeOpenAi.Responder responder(FakeOpenAi server) {
            return switch (this) {
                case HTTP_500 -> call -> FakeOpenAi.error(500, "overloaded");
                case BOTH_FORMATS_REFUSED -> call -> FakeOpenAi.error(400, "unsupported response_format");
                case GARBAGE -> call -> FakeOpenAi.completion("it is probably urgent");
                case UNKNOWN_CATEGORY -> call -> FakeOpenAi.category("plumbing", 0.9);
                case HANGS -> call -> server.hang();
            };
        }
    }

    @Test
    void uses_the_llm_when_it_answers_with_the_offline_category_alongside() {
        server.answer(call -> FakeOpenAi.category("complaint", 0.6));

        assertThat(classifier.classify(TEXT))
                .isEqualTo(new Classification("complaint", 0.6, Method.LLM, FakeOpenAi.MODEL, "urgent"));
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
                    .allSatisfy(line -> assertThat(line).doesNotContain(FakeOpenAi.KEY));
        }
    }

    @Test
    void falls_back_on_any_runtime_exception_even_without_a_message() {
        Classifier failing = text -> {
            throw new IllegalStateException();
        };
        Classifier fallback = new FallbackClassifier(failing, new RulesClassifier(categories, SpamModel.builtIn()),
                new CircuitBreaker("LLM", 5, Duration.ofSeconds(30), clock));

        try (LogCapture logs = new LogCapture()) {
            assertThat(fallback.classify("ok thanks").method()).isEqualTo(Method.RULES);
            assertThat(logs.lines()).contains("LLM classification failed, using offline rules: IllegalStateException");
        }
    }

    @Test
    void after_five_failures_in_a_row_the_llm_is_not_called_during_the_cool_off() {
        server.answer(call -> FakeOpenAi.error(500, "overloaded"));

        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 5; i++) {
                classifier.classify(TEXT);
            }
            int callsWhenOpened = server.calls().size();
            server.answer(call -> FakeOpenAi.category("complaint", 0.6));
            clock.advance(Duration.ofSeconds(29));

            for (int i = 0; i < 10; i++) {
                assertThat(classifier.classify(TEXT).method()).isEqualTo(Method.RULES);
            }
            assertThat(server.calls()).hasSize(callsWhenOpened);
            assertThat(logs.count("LLM CIRCUIT OPEN")).isEqualTo(1);
        }
    }

    @Test
    void after_the_cool_off_one_trial_call_closes_the_circuit_when_it_succeeds() {
        server.answer(call -> FakeOpenAi.error(500, "overloaded"));
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 5; i++) {
                classifier.classify(TEXT);
            }
            int callsWhenOpened = server.calls().size();
            server.answer(call -> FakeOpenAi.category("complaint", 0.6));
            clock.advance(Duration.ofSeconds(30));

            assertThat(classifier.classify(TEXT).method()).isEqualTo(Method.LLM);
            assertThat(server.calls()).hasSize(callsWhenOpened + 1);
            assertThat(classifier.classify(TEXT).method()).isEqualTo(Method.LLM);
            assertThat(server.calls()).hasSize(callsWhenOpened + 2);
            assertThat(logs.count("LLM CIRCUIT OPEN")).isEqualTo(1);
            assertThat(logs.count("LLM CIRCUIT CLOSED")).isEqualTo(1);
        }
    }

    @Test
    void a_failed_trial_call_keeps_the_circuit_open_for_another_cool_off() {
        server.answer(call -> FakeOpenAi.error(500, "overloaded"));
        for (int i = 0; i < 5; i++) {
            classifier.classify(TEXT);
        }
        int callsWhenOpened = server.calls().size();
        clock.advance(Duration.ofSeconds(30));

        assertThat(classifier.classify(TEXT).method()).isEqualTo(Method.RULES);
        assertThat(server.calls()).hasSize(callsWhenOpened + 1);
        clock.advance(Duration.ofSeconds(29));
        classifier.classify(TEXT);
        assertThat(server.calls()).hasSize(callsWhenOpened + 1);
        clock.advance(Duration.ofSeconds(1));
        classifier.classify(TEXT);
        assertThat(server.calls()).hasSize(callsWhenOpened + 2);
    }

    @Test
    void a_success_resets_the_count_of_failures() {
        int[] calls = {0};
        Classifier flaky = text -> {
            calls[0]++;
            if (calls[0] % 4 == 0) {
                return new Classification("complaint", 0.6, Method.LLM, "m");
            }
            throw new IllegalStateException("down");
        };
        Classifier fallback = new FallbackClassifier(flaky, new RulesClassifier(categories, SpamModel.builtIn()),
                new CircuitBreaker("LLM", 5, Duration.ofSeconds(30), clock));
        for (int i = 0; i < 20; i++) {
            fallback.classify(TEXT);
        }
        assertThat(calls[0]).isEqualTo(20);
    }
}
