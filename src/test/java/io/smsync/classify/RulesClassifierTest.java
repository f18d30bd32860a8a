package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RulesClassifierTest {
    private final RulesClassifier rules = new RulesClassifier(Categories.builtIn());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "can I book for Friday?                                        | appointment",
            "URGENT my pipe burst                                          | urgent",
            "WINNER!! claim your prize, txt CLAIM to 80082                  | spam",
            "Can I reschedule my appointment to next Tuesday at 3pm?       | appointment",
            "This is the worst service ever, I want a refund               | complaint",
            "What are your opening hours?                                  | question",
            "ok thanks                                                     | other",
            "help, there is water everywhere, emergency                    | urgent",
            "Congratulations you won a free iPhone click http://bit.ly/x   | spam",
            "Is the shop open on Sunday?                                   | question",
            "Please cancel my appointment tomorrow                          | appointment",
            "See you tomorrow at 10:30                                     | appointment",
            "I've been waiting 3 weeks for my refund, this is ridiculous   | complaint",
            "Do you do gluten free options?                                | question",
            "My car broke down on the motorway, please help asap           | urgent",
            "You’ve won £1000! Reply YES to 61234 now                      | spam",
            "Thank you so much!                                            | other",
            "Good morning                                                  | other",
    })
    void classifies_ordinary_texts(String text, String expected) {
        Classification result = rules.classify(text);

        assertThat(result.category()).isEqualTo(expected);
        assertThat(result.method()).isEqualTo(Method.RULES);
        assertThat(result.model()).isNull();
        assertThat(result.confidence()).isBetween(0.0, 1.0).isLessThan(1.0);
    }

    @Test
    void a_double_charge_is_a_complaint_or_a_question() {
        assertThat(rules.classify("why was I charged twice?!").category()).isIn("complaint", "question");
    }

    @Test
    void classifies_a_multi_line_batch_as_a_whole() {
        Classification result = rules.classify("hi\nmy pipe burst\nthere is water everywhere\nplease come");

        assertThat(result.category()).isEqualTo("urgent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\n\n"})
    void empty_text_is_other_with_low_confidence(String text) {
        assertThat(rules.classify(text)).isEqualTo(new Classification("other", 0.3, Method.RULES, null));
    }

    @Test
    void no_evidence_is_other_with_low_confidence() {
        assertThat(rules.classify("lorem ipsum dolor")).isEqualTo(new Classification("other", 0.3, Method.RULES, null));
    }

    @Test
    void matches_keywords_on_word_boundaries_only() {
        var billing = new RulesClassifier(categories(new Category("billing", "", List.of("bill"), List.of(), null)));

        assertThat(billing.classify("my BILL is wrong").category()).isEqualTo("billing");
        assertThat(billing.classify("bill.").category()).isEqualTo("billing");
        assertThat(billing.classify("the billing page, Bills and Billy").category()).isEqualTo("other");
    }

    @Test
    void matches_multi_word_keywords_across_spacing_and_case() {
        var gas = new RulesClassifier(categories(new Category("gas", "", List.of("gas leak"), List.of(), null)));

        assertThat(gas.classify("there is a GAS   Leak").category()).isEqualTo("gas");
        assertThat(gas.classify("gas\nleak").category()).isEqualTo("gas");
        assertThat(gas.classify("gas bill, no leak").category()).isEqualTo("other");
    }

    @Test
    void matches_patterns_case_insensitively() {
        var orders = new RulesClassifier(categories(new Category("order", "", List.of(), List.of("\\border\\s*#?\\d+"), null)));

        assertThat(orders.classify("where is ORDER #1234").category()).isEqualTo("order");
        assertThat(orders.classify("in order to").category()).isEqualTo("other");
    }

    @Test
    void breaks_ties_by_category_order() {
        var first = new Category("first", "", List.of("parcel"), List.of(), null);
        var second = new Category("second", "", List.of("parcel"), List.of(), null);

        assertThat(new RulesClassifier(categories(first, second)).classify("my parcel").category()).isEqualTo("first");
        assertThat(new RulesClassifier(categories(second, first)).classify("my parcel").category()).isEqualTo("second");
    }

    @Test
    void confidence_grows_with_evidence_and_stays_below_one() {
        double one = rules.classify("my pipe burst").confidence();
        double two = rules.classify("URGENT my pipe burst").confidence();
        double many = rules.classify("URGENT emergency!!! pipe burst, flooding, water everywhere, help asap").confidence();

        assertThat(one).isGreaterThan(RulesClassifier.NO_EVIDENCE);
        assertThat(two).isGreaterThan(one);
        assertThat(many).isGreaterThan(two).isLessThan(1.0);
    }

    @Test
    void contested_evidence_lowers_confidence() {
        double clear = rules.classify("my pipe burst").confidence();
        double contested = rules.classify("my pipe burst, refund").confidence();

        assertThat(contested).isLessThan(clear);
    }

    @Test
    void counts_each_keyword_once() {
        assertThat(rules.classify("urgent urgent urgent urgent").confidence())
                .isEqualTo(rules.classify("urgent").confidence());
    }

    private static Categories categories(Category... categories) {
        return Categories.of(List.of(categories));
    }
}
