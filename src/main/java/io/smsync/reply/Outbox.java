package io.smsync.reply;

import io.smsync.metrics.Metrics;
import io.smsync.send.OutgoingSms;
import io.smsync.send.SendException;
import io.smsync.send.SendResult;
import io.smsync.send.SmsSender;
import io.smsync.store.Replies;
import io.smsync.store.ReplyRow;
import io.smsync.store.ReplyStatus;
import io.smsync.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands committed replies to the sender, at most once. A reply is marked {@code sending} before the
 * call, and only a {@code pending} one can be taken. Failures that certainly did not send (or any
 * failure, when the gateway deduplicates by the reply's id) are retried with backoff up to
 * {@link #MAX_ATTEMPTS}; an unknown outcome on a non-idempotent gateway ends {@code unknown}, never retried.
 */
public final class Outbox {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    public static final int MAX_ATTEMPTS = 5;
    /** A pending reply untouched this long was left behind by a crash between commit and send. */
    static final Duration STALE = Duration.ofSeconds(30);
    /** A reply in {@code sending} this long has lost its dispatcher; senders time out well before it. */
    static final Duration ABANDONED = Duration.ofMinutes(2);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);

    private final Transactor writes;
    private final Jdbi reads;
    private final Replies replies;
    private final SmsSender sender;
    private final Clock clock;
    private final Metrics metrics;

    public Outbox(Transactor writes, Jdbi reads, Replies replies, SmsSender sender, Clock clock, Metrics metrics) {
        this.metrics = metrics;
        this.writes = writes;
        this.reads = reads;
        this.replies = replies;
        this.sender = sender;
        this.clock = clock;
    }

    /** Sends one pending reply, unless another dispatcher took it or its retry time has not come. */
    public void dispatch(ReplyRow reply) {
        if (!writes.inTransaction(h -> replies.claim(h, reply.id(), clock.instant()))) {
            return;
        }
        int attempt = reply.attempts() + 1;
        try {
            SendResult result = sender.send(new OutgoingSms(reply.id(), reply.recipient(), reply.body()));
            ReplyStatus status = result == SendResult.QUEUED ? ReplyStatus.QUEUED : ReplyStatus.SENT;
            finish(reply, status, null);
            metrics.reply(status.wireName());
            log.info("REPLY {} to={} batch={} reply={} sender={} attempt={}", status == ReplyStatus.SENT ? "SENT" : "QUEUED",
                    reply.recipient(), reply.batchId(), reply.id(), sender.name(), attempt);
        } catch (RuntimeException e) {
            failed(reply, attempt, e);
        }
    }

    private void failed(ReplyRow reply, int attempt, RuntimeException e) {
        boolean certainlyNotSent = e instanceof SendException send && send.certainlyNotSent();
        String error = String.valueOf(e.getMessage());
        if (!certainlyNotSent && !sender.idempotent()) {
            finish(reply, ReplyStatus.UNKNOWN, error);
            metrics.reply("unknown");
            log.warn("REPLY FAILED to={} batch={} reply={} sender={} outcome=unknown (not retried) reason={}",
                    reply.recipient(), reply.batchId(), reply.id(), sender.name(), error);
        } else if (attempt >= MAX_ATTEMPTS) {
            finish(reply, ReplyStatus.FAILED, error);
            metrics.reply("failed");
            log.warn("REPLY FAILED to={} batch={} reply={} sender={} attempts={} reason={}", reply.recipient(),
                    reply.batchId(), reply.id(), sender.name(), attempt, error);
        } else {
            Instant now = clock.instant();
            Instant retryAt = now.plus(FIRST_BACKOFF.multipliedBy(1L << (attempt - 1)));
            writes.inTransaction(h -> {
                replies.retryAt(h, reply.id(), retryAt, error, now);
                return null;
            });
            metrics.reply("retry");
            log.warn("REPLY FAILED to={} batch={} reply={} sender={} attempt={} retry_at={} reason={}", reply.recipient(),
                    reply.batchId(), reply.id(), sender.name(), attempt, retryAt, error);
        }
    }

    private void finish(ReplyRow reply, ReplyStatus status, String error) {
        writes.inTransaction(h -> {
            replies.finish(h, reply.id(), status, error, clock.instant());
            return null;
        });
    }

    /** Dispatches replies whose retry time has come or that a crash left pending, after recovering abandoned sends. */
    public void dispatchDue() {
        Instant now = clock.instant();
        int recovered = writes.inTransaction(h -> replies.recoverAbandoned(h, now.minus(ABANDONED), sender.idempotent(), now));
        if (recovered > 0) {
            log.warn("{} reply send(s) were interrupted by a crash; {}", recovered,
                    sender.idempotent() ? "retrying them (the gateway deduplicates by reply id)" : "marked unknown, not retried");
        }
        for (ReplyRow reply : reads.withHandle(h -> replies.due(h, now, now.minus(STALE), 100))) {
            dispatch(reply);
        }
    }
}
