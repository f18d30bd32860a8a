package io.smsync.store;

import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** SQL for alert texts: which batch alerted which number, and the quiet period per customer. */
public final class Alerts {

    /** Takes the customer's alert slot if their last alert is older than {@code quiet}; atomic across workers. */
    public boolean takeQuietSlot(Handle h, String customer, Instant now, Duration quiet) {
        h.createUpdate("INSERT INTO alert_quiet (customer) VALUES (:customer) ON CONFLICT DO NOTHING")
                .bind("customer", customer)
                .execute();
        return h.createUpdate("UPDATE alert_quiet SET last_alert_at = :now WHERE customer = :customer "
                        + "AND (last_alert_at IS NULL OR last_alert_at <= :threshold)")
                .bind("now", now).bind("customer", customer).bind("threshold", now.minus(quiet))
                .execute() == 1;
    }

    /** Whether this batch has alerted anyone already. */
    public boolean alerted(Handle h, String batchId) {
        return h.createQuery("SELECT COUNT(*) FROM alerts WHERE batch_id = :batchId")
                .bind("batchId", batchId).mapTo(Integer.class).one() > 0;
    }

    /** Records that {@code batchId} alerted {@code number} with the outbox entry {@code replyId}. */
    public void insert(Handle h, String batchId, String number, String replyId, String customer, Instant now) {
        h.createUpdate("INSERT INTO alerts (batch_id, number, reply_id, customer, created_at) "
                        + "VALUES (:batchId, :number, :replyId, :customer, :now)")
                .bind("batchId", batchId).bind("number", number).bind("replyId", replyId).bind("customer", customer)
                .bind("now", now)
                .execute();
    }
}
