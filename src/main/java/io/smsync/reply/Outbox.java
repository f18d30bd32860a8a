package io.smsync.reply;

import io.smsync.send.OutgoingSms;
import io.smsync.send.SmsSender;
import io.smsync.store.ReplyRow;
import io.smsync.store.ReplyStatus;
import io.smsync.store.Results;
import io.smsync.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands committed replies to the sender. A reply is marked {@code sending} before the call and
 * only a {@code pending} one can be taken, so it is handed over at most once.
 */
public final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** A pending reply older than this was left behind by a crash between commit and send. */
    private static final Duration STALE = Duration.ofSeconds(30);

    private final Transactor writes;
    private final Jdbi reads;
    private final Results results;
    private final SmsSender sender;
    private final Clock clock;

    public Outbox(Transactor writes, Jdbi reads, Results results, SmsSender sender, Clock clock) {
        this.writes = writes;
        this.reads = reads;
        this.results = results;
        this.sender = sender;
        this.clock = clock;
    }

    /** Sends one pending reply, unless another dispatcher already took it. */
    public void dispatch(ReplyRow reply) {
        if (!writes.inTransaction(h -> results.claimReply(h, reply.id(), clock.instant()))) {
            return;
        }
        try {
            sender.send(new OutgoingSms(reply.id(), reply.recipient(), reply.body()));
        } catch (RuntimeException e) {
            writes.inTransaction(h -> {
                results.markReply(h, reply.id(), ReplyStatus.FAILED, e.getMessage(), clock.instant());
                return null;
            });
            log.warn("REPLY FAILED to={} batch={} reply={} sender={} reason={}", reply.recipient(), reply.batchId(),
                    reply.id(), sender.name(), e.getMessage());
            return;
        }
        writes.inTransaction(h -> {
            results.markReply(h, reply.id(), ReplyStatus.SENT, null, clock.instant());
            return null;
        });
        log.info("REPLY SENT to={} batch={} reply={} sender={}", reply.recipient(), reply.batchId(), reply.id(), sender.name());
    }

    /** Dispatches replies a crash left pending. */
    public void dispatchStale() {
        Instant before = clock.instant().minus(STALE);
        for (ReplyRow reply : reads.withHandle(h -> results.pendingBefore(h, before, 100))) {
            dispatch(reply);
        }
    }
}
