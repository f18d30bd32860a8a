package io.smsync.reply;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.classify.Categories;
import io.smsync.sms.PhoneNumbers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyRulesTest {
    private static final String SENDER = "+16502530000";
    private final ReplyRules rules = rules(true);

    private static ReplyRules rules(boolean enabled) {
        return rules(enabled, false);
    }

    private static ReplyRules rules(boolean enabled, boolean replyToSpam) {
        return new ReplyRules(enabled, "Thanks!", "Reply STOP to opt out.", Duration.ofHours(24), Categories.builtIn(),
                new PhoneNumbers("US"), List.of("(415) 555-0100"), replyToSpam);
    }

    @Test
    void spam_gets_no_reply_unless_replies_to_spam_are_on() {
        assertThat(rules.plan(SENDER, List.of("WINNER! claim your prize"), "spam")).isEqualTo(new ReplyPlan.Skip("spam"));
        assertThat(rules(true, true).plan(SENDER, List.of("WINNER! claim your prize"), "spam"))
                .isEqualTo(new ReplyPlan.Send("Thanks!", true));
    }

    @Test
    void stop_and_help_still_apply_to_a_batch_classified_spam() {
        assertThat(rules.plan(SENDER, List.of("WINNER! claim your prize", "STOP"), "spam")).isEqualTo(new ReplyPlan.Skip("opted_out"));
        assertThat(rules.plan(SENDER, List.of("HELP"), "spam")).isEqualTo(new ReplyPlan.Send("Reply STOP to opt out.", false));
    }

    @Test
    void an_ordinary_batch_gets_the_auto_reply() {
        assertThat(rules.plan(SENDER, List.of("hi", "can I book?"), "appointment")).isEqualTo(new ReplyPlan.Send("Thanks!", true));
    }

    @Test
    void a_stop_message_gets_no_reply_unless_a_later_start_takes_it_back() {
        assertThat(rules.plan(SENDER, List.of("hello", "STOP"), "other")).isEqualTo(new ReplyPlan.Skip("opted_out"));
        assertThat(rules.plan(SENDER, List.of("STOP", "start"), "other")).isEqualTo(new ReplyPlan.Send("Thanks!", true));
    }

    @Test
    void help_gets_the_help_text_which_is_not_an_auto_reply() {
        assertThat(rules.plan(SENDER, List.of("HELP"), "question")).isEqualTo(new ReplyPlan.Send("Reply STOP to opt out.", false));
        assertThat(rules(false).plan(SENDER, List.of("info"), "question")).isEqualTo(new ReplyPlan.Send("Reply STOP to opt out.", false));
    }

    @Test
    void short_codes_alphanumeric_ids_and_own_numbers_are_never_answered() {
        assertThat(rules.plan("80082", List.of("WINNER"), "spam")).isEqualTo(new ReplyPlan.Skip("automated_sender"));
        assertThat(rules.plan("ACME", List.of("Your code is 1234"), "other")).isEqualTo(new ReplyPlan.Skip("automated_sender"));
        assertThat(rules.plan("+14155550100", List.of("test"), "other")).isEqualTo(new ReplyPlan.Skip("own_number"));
    }

    @Test
    void disabled_replies_are_skipped_with_that_reason() {
        assertThat(rules(false).plan(SENDER, List.of("hi"), "other")).isEqualTo(new ReplyPlan.Skip("disabled"));
    }
}
