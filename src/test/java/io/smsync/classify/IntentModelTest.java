package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntentModelTest {
    private static final List<String> NAMES = List.of("booking", "hours", "other");

    private static IntentModel.Example example(String category, String text) {
        return new IntentModel.Example(category, text);
    }

    @Test
    void the_nearest_centroid_wins() {
        IntentModel model = IntentModel.train(NAMES, List.of(example("booking", "can I book a table for two"),
                example("booking", "table for four on friday please"), example("hours", "what time do you open"),
                example("hours", "are you open on sundays")));

        assertThat(model.nearest("book me a table for saturday").category()).isEqualTo("booking");
        assertThat(model.nearest("when do you open on monday").category()).isEqualTo("hours");
        assertThat(model.size()).isEqualTo(4);
    }

    @Test
    void without_examples_of_other_the_threshold_is_the_default() {
        IntentModel model = IntentModel.train(NAMES, List.of(example("booking", "can I book a table"), example("hours", "open on sunday?")));

        assertThat(model.threshold()).isEqualTo(IntentModel.DEFAULT_THRESHOLD);
    }

    @Test
    void leave_one_out_raises_the_threshold_when_examples_of_other_are_near_the_rest() {
        List<IntentModel.Example> examples = List.of(example("booking", "can I book a table for two tonight"),
                example("booking", "book a table for two on friday"), example("booking", "a table for two tomorrow please"),
                example("hours", "what time do you open on sunday"), example("hours", "are you open on sunday morning"),
                example("hours", "what time do you open tomorrow"),
                example("other", "my cat likes a table"), example("other", "sunday roast was lovely, two thumbs up"));

        IntentModel model = IntentModel.train(NAMES, examples);

        assertThat(model.threshold()).isGreaterThan(0).isLessThanOrEqualTo(IntentModel.MAX_THRESHOLD);
    }

    @Test
    void a_text_of_stop_words_only_is_like_no_example_and_an_empty_model_knows_nothing() {
        IntentModel model = IntentModel.train(NAMES, List.of(example("booking", "who is booking this table")));

        assertThat(model.nearest("who is this").category()).isNull();
        assertThat(IntentModel.empty().nearest("book a table").category()).isNull();
        assertThat(IntentModel.train(NAMES, List.of(example("unknown", "x"))).size()).isZero();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"bookings, book", "booked, book", "booking, book", "cancelled, cancel", "cancelling, cancel",
            "cancels, cancel", "reserve, reserv", "reserved, reserv", "reservations, reservation", "deliveries, delivery",
            "glass, glass", "bus, bus", "need, need"})
    void stems_make_inflections_meet(String word, String stem) {
        assertThat(IntentFeatures.stem(word)).isEqualTo(stem);
    }
}
