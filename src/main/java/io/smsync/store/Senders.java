package io.smsync.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for per-sender state: opt-out (STOP/START, or an operator's), the auto-reply cooldown, operator texts. */
public final class Senders {
    /** {@code optChangeBy}: the sender changed their opt-out themselves (STOP/START). */
    public static final String BY_SENDER = "sender";
    /** {@code optChangeBy}: an operator changed it through the API. */
    public static final String BY_OPERATOR = "operator";

    /**
     * A sender's stored state; absent fields are null. {@code optChangeBy} is who made the last opt-out change
     * ({@link #BY_SENDER} or {@link #BY_OPERATOR}).
     */
    public record SenderRow(String number, boolean optedOut, Instant optedOutAt, Instant optedInAt, Instant lastReplyAt,
                            String optChangeBy, Instant lastOperatorReplyAt) {
    }

    private static void ensure(Handle h, String number) {
        h.createUpdate("INSERT INTO senders (number) VALUES (:number) ON CONFLICT DO NOTHING")
                .bind("number", number)
                .execute();
    }

    /** Takes the sender's reply slot if the last auto-reply is older than {@code cooldown}; atomic across workers. */
    public boolean takeReplySlot(Handle h, String sender, Instant now, Duration cooldown) {
        ensure(h, sender);
        return h.createUpdate("UPDATE senders SET last_reply_at = :now WHERE number = :number "
                        + "AND (last_reply_at IS NULL OR last_reply_at <= :threshold)")
                .bind("now", now).bind("number", sender)
                .bind("threshold", now.minus(cooldown))
                .execute() == 1;
    }

    /** The sender's own STOP. */
    public void optOut(Handle h, String sender, Instant now) {
        setOptedOut(h, sender, true, BY_SENDER, now);
    }

    /** The sender's own START. */
    public void optIn(Handle h, String sender, Instant now) {
        setOptedOut(h, sender, false, BY_SENDER, now);
    }

    /** Records an opt-out ({@code optedOut}) or opt-in made by {@code by} ({@link #BY_SENDER} or {@link #BY_OPERATOR}). */
    public void setOptedOut(Handle h, String sender, boolean optedOut, String by, Instant now) {
        ensure(h, sender);
        h.createUpdate("UPDATE senders SET opted_out = :out, " + (optedOut ? "opted_out_at" : "opted_in_at")
                        + " = :now, opt_change_by = :by WHERE number = :number")
                .bind("out", optedOut ? 1 : 0).bind("now", now).bind("by", by).bind("number", sender)
                .execute();
    }

    /** Notes that an operator texted the sender now; it neither takes nor resets the auto-reply slot. */
    public void operatorReplied(Handle h, String sender, Instant now) {
        ensure(h, sender);
        h.createUpdate("UPDATE senders SET last_operator_reply_at = :now WHERE number = :number")
                .bind("now", now).bind("number", sender)
                .execute();
    }

    /** Whether an operator texted the sender after {@code since}. */
    public boolean operatorRepliedAfter(Handle h, String sender, Instant since) {
        return h.createQuery("SELECT COUNT(*) FROM senders WHERE number = :number AND last_operator_reply_at > :since")
                .bind("number", sender).bind("since", since)
                .mapTo(Integer.class).one() > 0;
    }

    /** Whether smsync holds anything the number wrote, or anything sent to it: a number that ever wrote in, until purged. */
    public boolean wroteIn(Handle h, String sender) {
        return h.createQuery("SELECT CASE WHEN EXISTS (SELECT 1 FROM batches WHERE sender = :number) "
                        + "OR EXISTS (SELECT 1 FROM replies WHERE recipient = :number) THEN 1 ELSE 0 END")
                .bind("number", sender)
                .mapTo(Integer.class).one() == 1;
    }

    public boolean isOptedOut(Handle h, String sender) {
        // One column, not the mapped row: this runs for every reply, inside the writer's transactions.
        return h.createQuery("SELECT opted_out FROM senders WHERE number = :number")
                .bind("number", sender)
                .mapTo(Integer.class)
                .findOne()
                .map(optedOut -> optedOut != 0)
                .orElse(false);
    }

    public Optional<SenderRow> find(Handle h, String sender) {
        return h.createQuery("SELECT * FROM senders WHERE number = :number")
                .bind("number", sender)
                .mapTo(SenderRow.class)
                .findOne();
    }
}
