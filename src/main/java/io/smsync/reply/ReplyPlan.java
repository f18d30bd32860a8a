package io.smsync.reply;

/** What a closed batch gets: a reply with this text, or none and why. */
public sealed interface ReplyPlan {
    record Send(String text) implements ReplyPlan {
    }

    record Skip(String reason) implements ReplyPlan {
    }
}
