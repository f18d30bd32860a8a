package io.smsync.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for per-sender state: opt-out (STOP/START) and the auto-reply cooldown. */
public final class Senders {

    /** A sender's stored state; absent fields are null. */
    public record SenderRow(String number, boolean optedOut, Instant optedOutAt, Instant optedInAt, Instant lastReplyAt) {
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

    public void optOut(Handle h, String sender, Instant now) {
        ensure(h, sender);
        h.createUpdate("UPDATE senders SET opted_out = 1, opted_out_at = :now WHERE number = :number")
                .bind("now", now).bind("number", sender)
                .execute();
    }

    public void optIn(Handle h, String sender, Instant now) {
        ensure(h, sender);
        h.createUpdate("UPDATE senders SET opted_out = 0, opted_in_at = :now WHERE number = :number")
                .bind("now", now).bind("number", sender)
                .execute();
    }

    public boolean isOptedOut(Handle h, String sender) {
        return find(h, sender).map(SenderRow::optedOut).orElse(false);
    }

    public Optional<SenderRow> find(Handle h, String sender) {
        return h.createQuery("SELECT * FROM senders WHERE number = :number")
                .bind("number", sender)
                .mapTo(SenderRow.class)
                .findOne();
    }
}
