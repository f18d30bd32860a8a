package io.smsync.operator;

import io.smsync.reply.Outbox;
import io.smsync.reply.Outbox.OperatorChange;
import io.smsync.store.AuditLog;
import io.smsync.store.BatchHandling;
import io.smsync.store.Senders;
import io.smsync.store.Transactor;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator can do, each action recorded in the audit log in the transaction that makes it: text a sender,
 * retry or settle a reply (through the {@link Outbox}, which owns every reply's state), opt a sender out or back in,
 * mark a batch handled.
 */
public final class OperatorActions {
    private static final Logger log = LoggerFactory.getLogger(OperatorActions.class);
    public static final String SEND = "reply.send";
    public static final String RETRY = "reply.retry";
    public static final String SETTLE = "reply.settle";
    public static final String OPT_OUT = "sender.opt_out";
    public static final String OPT_IN = "sender.opt_in";
    public static final String HANDLED = "batch.handled";
    public static final String UNHANDLED = "batch.unhandled";

    private final Transactor writes;
    private final Jdbi reads;
    private final Outbox outbox;
    private final Senders senders;
    private final BatchHandling handling;
    private final AuditLog audit;
    private final Clock clock;

    public OperatorActions(Transactor writes, Jdbi reads, Outbox outbox, Senders senders, BatchHandling handling,
                           AuditLog audit, Clock clock) {
        this.writes = writes;
        this.reads = reads;
        this.outbox = outbox;
        this.senders = senders;
        this.handling = handling;
        this.audit = audit;
        this.clock = clock;
    }

    /** Whether the number ever wrote in (and is not purged): only those can be texted by an operator. */
    public boolean knows(String number) {
        return reads.withHandle(h -> senders.wroteIn(h, number));
    }

    /** An operator's text to a number that wrote in (check {@link #knows} first); refused when it opted out. */
    public OperatorChange sendText(String number, String text, String client) {
        Instant now = clock.instant();
        return outbox.sendOperatorText(number, text, (h, reply) -> audit.record(h, now, SEND, number, client,
                reply.id() + ", " + text.codePointCount(0, text.length()) + " characters"));
    }

    public OperatorChange retry(String replyId, String client) {
        return outbox.retry(replyId, (h, reply) -> audit.record(h, clock.instant(), RETRY, replyId, client, null));
    }

    public OperatorChange settle(String replyId, boolean sent, String client) {
        return outbox.settle(replyId, sent, (h, reply) -> audit.record(h, clock.instant(), SETTLE, replyId, client,
                sent ? "sent" : "not_sent"));
    }

    /** What an operator's opt-out change came to. */
    public enum OptOutChange { CHANGED, UNCHANGED, REFUSED_SENDERS_OWN_STOP }

    /**
     * Opts a number out (or back in) as an operator's action, recorded apart from the sender's own STOP. A sender who
     * opted out with STOP is not opted back in by an operator: only their own START does that.
     */
    public OptOutChange setOptedOut(String number, boolean optedOut, String client) {
        Instant now = clock.instant();
        OptOutChange change = writes.inTransaction(h -> {
            Optional<Senders.SenderRow> state = senders.find(h, number);
            boolean current = state.map(Senders.SenderRow::optedOut).orElse(false);
            if (current == optedOut) {
                return OptOutChange.UNCHANGED;
            }
            if (!optedOut && Senders.BY_SENDER.equals(state.map(Senders.SenderRow::optChangeBy).orElse(null))) {
                return OptOutChange.REFUSED_SENDERS_OWN_STOP;
            }
            senders.setOptedOut(h, number, optedOut, Senders.BY_OPERATOR, now);
            audit.record(h, now, optedOut ? OPT_OUT : OPT_IN, number, client, null);
            return OptOutChange.CHANGED;
        });
        if (change == OptOutChange.CHANGED) {
            log.info("{} to={} by=operator", optedOut ? "OPT-OUT RECORDED" : "OPT-IN RECORDED", number);
        }
        return change;
    }

    /** Marks a batch handled or not; false when there is no such batch. */
    public boolean markHandled(String batchId, boolean handled, String client) {
        Instant now = clock.instant();
        return writes.inTransaction(h -> {
            if (!handling.mark(h, batchId, handled, now)) {
                return false;
            }
            audit.record(h, now, handled ? HANDLED : UNHANDLED, batchId, client, null);
            return true;
        });
    }
}
