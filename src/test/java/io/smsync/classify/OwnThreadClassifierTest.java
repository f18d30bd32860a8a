package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The offline classifier on its own thread answers, and fails, exactly as when called directly. */
class OwnThreadClassifierTest {

    @Test
    void answers_from_its_own_platform_thread() {
        Classifier onThread = new OwnThreadClassifier(text -> new Classification(
                Thread.currentThread().getName() + (Thread.currentThread().isVirtual() ? " virtual" : " platform") + ":" + text,
                0.5, Method.RULES, null));

        Classification answer = onThread.classify("hello");

        assertThat(answer.category()).isEqualTo("offline-classifier platform:hello");
    }

    @Test
    void what_the_classifier_throws_reaches_the_caller_unchanged_errors_included() {
        Classifier failing = new OwnThreadClassifier(text -> {
            throw new StackOverflowError("a pattern too deep");
        });
        assertThatThrownBy(() -> failing.classify("x")).isInstanceOf(StackOverflowError.class).hasMessage("a pattern too deep");

        Classifier broken = new OwnThreadClassifier(text -> {
            throw new IllegalArgumentException("bad text");
        });
        assertThatThrownBy(() -> broken.classify("x")).isInstanceOf(IllegalArgumentException.class).hasMessage("bad text");
    }
}
