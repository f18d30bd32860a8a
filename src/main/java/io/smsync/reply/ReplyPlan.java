package io.smsync.reply;

/** What a closed batch gets: a reply with this text, or none and why. */
public sealed interface ReplyPlan {
    /** {@code autoReply} false for the HELP answer, which opt-out and cooldown do not hold back. */
    record Send(String text, boolean autoReply) implements ReplyPlan {
    }

    record Skip(String reason) implements ReplyPlan {
    }
}
