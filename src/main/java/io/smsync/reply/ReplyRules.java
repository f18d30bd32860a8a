package io.smsync.reply;

import io.smsync.classify.Categories;
import io.smsync.classify.Category;
import java.time.Duration;

/**
 * Decides a batch's auto-reply (contract §9): off when disabled, else the category's own text or the default.
 * The per-sender cooldown is applied in the database when the result is stored, because it must hold across workers.
 */
public final class ReplyRules {
    public static final String DISABLED = "disabled";
    public static final String COOLDOWN = "cooldown";

    private final boolean enabled;
    private final String defaultText;
    private final Duration cooldown;
    private final Categories categories;

    public ReplyRules(boolean enabled, String defaultText, Duration cooldown, Categories categories) {
        this.enabled = enabled;
        this.defaultText = defaultText;
        this.cooldown = cooldown;
        this.categories = categories;
    }

    public ReplyPlan plan(String category) {
        if (!enabled) {
            return new ReplyPlan.Skip(DISABLED);
        }
        String text = categories.find(category).map(Category::reply).filter(r -> !r.isBlank()).orElse(defaultText);
        return new ReplyPlan.Send(text);
    }

    /** At most one auto-reply per sender in this period; zero means one per batch. */
    public Duration cooldown() {
        return cooldown;
    }
}
