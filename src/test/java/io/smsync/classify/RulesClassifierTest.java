package io.smsync.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RulesClassifierTest {
    private static final SpamModel SPAM_MODEL = SpamModel.builtIn();
    private final RulesClassifier rules = new RulesClassifier(Categories.builtIn(), SPAM_MODEL);

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
        var billing = classifier(categories(new Category("billing", "", List.of("bill"), List.of(), null)));

        assertThat(billing.classify("my BILL is wrong").category()).isEqualTo("billing");
        assertThat(billing.classify("bill.").category()).isEqualTo("billing");
        assertThat(billing.classify("the billing page, Bills and Billy").category()).isEqualTo("other");
    }

    @Test
    void matches_multi_word_keywords_across_spacing_and_case() {
        var gas = classifier(categories(new Category("gas", "", List.of("gas leak"), List.of(), null)));

        assertThat(gas.classify("there is a GAS   Leak").category()).isEqualTo("gas");
        assertThat(gas.classify("gas\nleak").category()).isEqualTo("gas");
        assertThat(gas.classify("gas bill, no leak").category()).isEqualTo("other");
    }

    @Test
    void matches_patterns_case_insensitively() {
        var orders = classifier(categories(new Category("order", "", List.of(), List.of("\\border\\s*#?\\d+"), null)));

        assertThat(orders.classify("where is ORDER #1234").category()).isEqualTo("order");
        assertThat(orders.classify("in order to").category()).isEqualTo("other");
    }

    @Test
    void a_tie_goes_to_the_more_specific_evidence() {
        var word = new Category("word", "", List.of("parcel"), List.of(), null);
        var phrase = new Category("phrase", "", List.of("where", "my parcel"), List.of(), null);

        assertThat(classifier(categories(word, phrase)).classify("where is my parcel").category()).isEqualTo("phrase");
        assertThat(classifier(categories(phrase, word)).classify("where is my parcel").category()).isEqualTo("phrase");
    }

    @Test
    void a_tie_goes_to_neither_category_whatever_their_order() {
        var first = new Category("first", "", List.of("parcel"), List.of(), null);
        var second = new Category("second", "", List.of("parcel"), List.of(), null);

        assertThat(classifier(categories(first, second)).classify("my parcel").category()).isEqualTo("other");
        assertThat(classifier(categories(second, first)).classify("my parcel").category()).isEqualTo("other");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "HELP                                                          | other",
            "help.                                                         | other",
            "STOP                                                          | other",
            "INFO                                                          | other",
            "is parking available?                                         | question",
            "I won't be able to make it, sorry                             | other",
            "when                                                          | other",
            "who is this                                                   | other",
            "ok thanks, see you tomorrow                                   | other",
            "When do you open on Saturday?                                 | question",
            "Please help, my basement is flooding                          | urgent",
            "I need help asap, the pipe burst                              | urgent",
    })
    void does_not_misfire_on_texts_a_person_would_not_call_that(String text, String expected) {
        assertThat(rules.classify(text).category()).isEqualTo(expected);
    }

    @Test
    void a_compliance_keyword_line_does_not_hide_the_rest_of_the_batch() {
        assertThat(rules.classify("HELP\nmy pipe burst, water everywhere").category()).isEqualTo("urgent");
    }

    @Test
    void a_keyword_does_not_match_inside_a_contraction() {
        var prizes = classifier(categories(new Category("prize", "", List.of("you won"), List.of(), null)));

        assertThat(prizes.classify("you won a car").category()).isEqualTo("prize");
        assertThat(prizes.classify("you won't believe it").category()).isEqualTo("other");
        assertThat(prizes.classify("you won\u2019t believe it").category()).isEqualTo("other");
    }

    @Test
    void generic_words_alone_do_not_decide_but_add_to_specific_evidence() {
        var asks = classifier(categories(new Category("ask", "", List.of("when", "where", "price"), List.of(), null),
                new Category("chat", "", List.of("price list"), List.of(), null)));

        assertThat(asks.classify("when").category()).isEqualTo("other");
        assertThat(asks.classify("when and where").category()).isEqualTo("other");
        assertThat(asks.classify("when and where is the price list").category()).isEqualTo("ask");
    }

    @Test
    void the_spam_model_decides_spam_before_any_keyword() {
        String text = "URGENT! Your mobile No. was awarded a £2000 bonus caller prize. Call 09058094455 from a landline, valid 12hrs";

        Classification result = rules.classify(text);

        assertThat(result.category()).isEqualTo("spam");
        assertThat(result.method()).isEqualTo(Method.RULES);
        assertThat(result.confidence()).isBetween(0.5, 0.99);
    }

    @Test
    void the_spam_model_judges_each_message_and_never_calls_a_short_one_spam() {
        String spam = "FREE entry into our £250 weekly competition just text the word WIN to 80086 NOW";

        assertThat(rules.classify("text 12").category()).isNotEqualTo("spam");
        assertThat(rules.classify("text 1\ntext 2\ntext 3\ntext 4\ntext 5\ntext 6\ntext 7\ntext 8").category()).isNotEqualTo("spam");
        assertThat(rules.classify("hi\n" + spam).category()).isEqualTo("spam");
    }

    @Test
    void without_a_spam_category_the_model_is_not_asked() {
        var billing = classifier(categories(new Category("billing", "", List.of("bill"), List.of(), null)));

        assertThat(billing.classify("WINNER!! claim your £900 prize, call 09061701461 now").category()).isEqualTo("other");
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

    @Test
    void learns_a_business_from_examples_with_no_keyword_to_match() {
        var gutters = new Category("gutters", "", List.of(), List.of(), null, List.of("Can you clear the gutters at number 12?",
                "leaves blocking the downpipe again", "the guttering is overflowing when it rains", "need my gutters cleaned",
                "how much to clean the gutters on a bungalow", "downpipe came loose from the wall"));
        var windows = new Category("windows", "", List.of(), List.of(), null, List.of("can you do the windows on Friday",
                "window cleaner didn't come this month", "front windows only please", "are you cleaning windows in our street",
                "conservatory roof and windows", "skip the windows this week"));
        RulesClassifier classifier = classifier(categories(gutters, windows));

        assertThat(classifier.classify("the gutter above the porch is full of leaves").category()).isEqualTo("gutters");
        assertThat(classifier.classify("could you clean our windows next week").category()).isEqualTo("windows");
        assertThat(classifier.classify("happy birthday grandma").category()).isEqualTo("other");
    }

    @Test
    void learns_from_verdicts_and_forgets_them_when_given_none() {
        RulesClassifier classifier = classifier(Categories.builtIn());
        String text = "zorbling the flanges";
        assertThat(classifier.classify(text).category()).isEqualTo("other");

        classifier.learnFrom(List.of(new Evaluation.Labelled("complaint", "zorbling flanges, third time"),
                new Evaluation.Labelled("complaint", "the flanges are zorbling"),
                new Evaluation.Labelled("plumbing", "zorbling flanges in the loft"),
                new Evaluation.Labelled("spam", "zorbling flanges prize"),
                new Evaluation.Labelled("complaint", "STOP")));

        assertThat(classifier.classify(text).category()).isEqualTo("complaint");
        // Verdicts of an unknown category, of spam (the spam model's business) or of a compliance keyword are not learned.
        assertThat(classifier.learnedFrom()).isEqualTo(50 + 2);

        classifier.learnFrom(List.of());
        assertThat(classifier.classify(text).category()).isEqualTo("other");
        assertThat(classifier.learnedFrom()).isEqualTo(50);
    }

    @Test
    void a_file_with_keywords_only_keeps_to_them_though_its_built_in_other_has_examples() {
        var billing = new Category("billing", "Invoices", List.of("invoice"), List.of(), null);
        RulesClassifier classifier = classifier(categories(billing));

        assertThat(classifier.learnedFrom()).isZero();
        assertThat(classifier.classify("the invoice arrived").category()).isEqualTo("billing");
    }

    private static RulesClassifier classifier(Categories categories) {
        return new RulesClassifier(categories, SPAM_MODEL);
    }

    private static Categories categories(Category... categories) {
        return Categories.of(List.of(categories));
    }
}
