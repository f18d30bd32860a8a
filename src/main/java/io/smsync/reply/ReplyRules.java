package io.smsync.reply;

import io.smsync.classify.Categories;
import io.smsync.classify.Category;
import io.smsync.sms.PhoneNumbers;
import io.smsync.sms.Keyword;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Decides a batch's reply from what the batch says and who sent it. The two rules that
 * depend on stored state, the opt-out and the per-sender cooldown, are applied by {@link Outbox#record}
 * in the transaction that stores the result, because they must hold across workers.
 */
public final class ReplyRules {
    public static final String DISABLED = "disabled";
    public static final String COOLDOWN = "cooldown";
    /** An operator texted the sender within the cooldown: no auto-reply on top of a person's answer. */
    public static final String OPERATOR_REPLIED = "operator_replied";
    public static final String OPTED_OUT = "opted_out";
    public static final String AUTOMATED_SENDER = "automated_sender";
    public static final String OWN_NUMBER = "own_number";
    public static final String SPAM = "spam";

    private final boolean enabled;
    private final String defaultText;
    private final String helpText;
    private final Duration cooldown;
    private final Categories categories;
    private final PhoneNumbers phones;
    private final Set<String> ownNumbers;
    private final boolean replyToSpam;

    public ReplyRules(boolean enabled, String defaultText, String helpText, Duration cooldown, Categories categories,
                      PhoneNumbers phones, List<String> ownNumbers, boolean replyToSpam) {
        this.enabled = enabled;
        this.replyToSpam = replyToSpam;
        this.defaultText = defaultText;
        this.helpText = helpText;
        this.cooldown = cooldown;
        this.categories = categories;
        this.phones = phones;
        this.ownNumbers = Set.copyOf(ownNumbers.stream().map(phones::normalize).toList());
    }

    /** The plan for a batch from {@code sender} whose messages say {@code texts}, classified as {@code category}. */
    public ReplyPlan plan(String sender, List<String> texts, String category) {
        if (ownNumbers.contains(sender)) {
            return new ReplyPlan.Skip(OWN_NUMBER);
        }
        if (phones.isShortCode(sender) || phones.isAlphanumeric(sender)) {
            return new ReplyPlan.Skip(AUTOMATED_SENDER);
        }
        Keyword last = Keyword.NONE;
        boolean help = false;
        for (String text : texts) {
            Keyword keyword = Keyword.of(text);
            if (keyword == Keyword.STOP || keyword == Keyword.START) {
                last = keyword;
            }
            help |= keyword == Keyword.HELP;
        }
        if (last == Keyword.STOP) {
            return new ReplyPlan.Skip(OPTED_OUT);
        }
        if (help) {
            return new ReplyPlan.Send(helpText, false);
        }
        // A reply to spam confirms to the sender that the number is live.
        if (SPAM.equals(category) && !replyToSpam) {
            return new ReplyPlan.Skip(SPAM);
        }
        if (!enabled) {
            return new ReplyPlan.Skip(DISABLED);
        }
        String text = categories.find(category).map(Category::reply).filter(r -> !r.isBlank()).orElse(defaultText);
        return new ReplyPlan.Send(text, true);
    }

    /** At most one auto-reply per sender in this period; zero means one per batch. */
    public Duration cooldown() {
        return cooldown;
    }
}
