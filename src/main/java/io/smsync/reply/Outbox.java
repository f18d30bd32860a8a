package io.smsync.reply;

import io.smsync.events.EventLog;
import io.smsync.metrics.Metrics;
import io.smsync.send.OutgoingSms;
import io.smsync.send.SendException;
import io.smsync.send.SendResult;
import io.smsync.send.SmsSender;
import io.smsync.store.Ids;
import io.smsync.store.Replies;
import io.smsync.store.ReplyRow;
import io.smsync.store.ReplyStatus;
import io.smsync.store.Senders;
import io.smsync.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands committed replies to the sender, at most once, on its own bounded set of sender threads, so a hanging
 * gateway delays only replies. A reply is marked {@code sending} before the call, and only a {@code pending} one
 * can be taken; in that same transaction an auto-reply to a sender who has opted out is skipped instead. Failures
 * that certainly did not send (or any failure, when the gateway deduplicates by the reply's id) are retried with
 * backoff up to {@link #MAX_ATTEMPTS}; a refusal the gateway calls permanent fails at once; an unknown outcome on a
 * non-idempotent gateway ends {@code unknown}, never retried blindly: where the gateway lists its messages it is
 * looked up a few minutes later, and sent again only if the gateway does not have it.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    public static final int MAX_ATTEMPTS = 5;
    /** A pending reply untouched this long was left behind by a crash between commit and send, or by a full queue. */
    static final Duration STALE = Duration.ofSeconds(30);
    /** A reply in {@code sending} this long has lost its dispatcher; senders time out well before it. */
    static final Duration ABANDONED = Duration.ofMinutes(2);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    private static final Duration SCAN_EVERY = Duration.ofSeconds(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    private static final int SCAN_LIMIT = 100;
    /** An unknown outcome is looked up at the gateway this long after the attempt, when the gateway lists its messages. */
    static final Duration LOOKUP_AFTER = Duration.ofMinutes(3);
    /** Replies older than this are not looked up any more; a lookup that fails is tried again after {@link #LOOKUP_AFTER}. */
    static final Duration LOOKUP_FOR = Duration.ofHours(1);

    private final Transactor writes;
    private final Jdbi reads;
    private final Replies replies;
    private final Senders senders;
    private final Duration cooldown;
    private final SmsSender sender;
    private final Clock clock;
    private final Metrics metrics;
    private final int senderThreads;
    private final int queueCapacity;
    /** Where a reply's move to sent, failed or unknown is recorded as an event, in the transaction of the move. */
    private final EventLog events;
    /** Replies queued or being sent by this process, so the due scan does not queue them twice. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private ThreadPoolExecutor pool;
    private ScheduledExecutorService scanner;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param cooldown      at most one auto-reply per sender in this period (see {@link ReplyRules#cooldown()})
     * @param senderThreads how many sends may run at once
     * @param queueCapacity how many replies may wait for a sender thread; more stay pending for the due scan
     * @param events        records {@code reply.sent}, {@code reply.failed} and {@code reply.unknown} with each move
     */
    public Outbox(Transactor writes, Jdbi reads, Replies replies, Senders senders, Duration cooldown, SmsSender sender,
                  Clock clock, Metrics metrics, int senderThreads, int queueCapacity, EventLog events) {
        this.events = events;
        this.metrics = metrics;
        this.writes = writes;
        this.reads = reads;
        this.replies = replies;
        this.senders = senders;
        this.cooldown = cooldown;
        this.sender = sender;
        this.clock = clock;
        this.senderThreads = senderThreads;
        this.queueCapacity = queueCapacity;
    }

    /** Starts the sender threads and the due scan (retries, and replies a crash or a full queue left pending). */
    public synchronized void start() {
        pool = new ThreadPoolExecutor(senderThreads, senderThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), Thread.ofPlatform().name("outbox-send-", 1).daemon().factory());
        scanner = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-scan").daemon().factory());
        scanner.scheduleWithFixedDelay(this::scan, SCAN_EVERY.toMillis(), SCAN_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        started = true;
    }

    /**
     * Stores a batch's planned reply in the caller's transaction (the one that stores the batch's result). The rules
     * that depend on stored state hold across workers because they are applied here: a planned auto-reply is skipped
     * when the sender has opted out, was texted by an operator within the cooldown, or already had an auto-reply
     * within it (whose slot it otherwise takes).
     */
    public ReplyRow record(Handle h, String batchId, String recipient, ReplyPlan plan, Instant now) {
        String id = Ids.next("r_", now);
        ReplyRow row = switch (plan) {
            case ReplyPlan.Send send -> ReplyRow.create(id, batchId, recipient, send.text(), ReplyStatus.PENDING, null, now)
                    .withAutoReply(send.autoReply());
            case ReplyPlan.Skip skip -> ReplyRow.create(id, batchId, recipient, null, ReplyStatus.SKIPPED, skip.reason(), now);
        };
        if (plan instanceof ReplyPlan.Send send && send.autoReply()) {
            if (senders.isOptedOut(h, recipient)) {
                row = skipped(row, ReplyRules.OPTED_OUT);
            } else if (senders.operatorRepliedAfter(h, recipient, now.minus(cooldown))) {
                row = skipped(row, ReplyRules.OPERATOR_REPLIED);
            } else if (!senders.takeReplySlot(h, recipient, now, cooldown)) {
                row = skipped(row, ReplyRules.COOLDOWN);
            }
        }
        replies.insert(h, row);
        return row;
    }

    /**
     * Stores an alert text to {@code number} in the caller's transaction: an outbox entry of no batch of its own, sent
     * like a reply (at most once, same sender) but outside the auto-reply cooldown; skipped when the number opted out.
     * Hand the result to {@link #committed} once the transaction has committed.
     */
    public ReplyRow recordAlert(Handle h, String number, String text, Instant now) {
        ReplyRow row = ReplyRow.create(Ids.next("r_", now), null, number, text, ReplyStatus.PENDING, null, now);
        if (senders.isOptedOut(h, number)) {
            row = skipped(row, ReplyRules.OPTED_OUT);
        }
        replies.insert(h, row);
        return row;
    }

    private static ReplyRow skipped(ReplyRow row, String reason) {
        return ReplyRow.create(row.id(), row.batchId(), row.recipient(), null, ReplyStatus.SKIPPED, reason, row.createdAt());
    }

    /** Once the transaction of {@link #record} has committed: a skipped reply is counted and logged, any other submitted. */
    public void committed(ReplyRow reply) {
        if (reply.status() == ReplyStatus.SKIPPED) {
            metrics.reply("skipped");
            log.info("REPLY SKIPPED to={} batch={} reason={}", reply.recipient(), reply.batchId(), reply.reason());
        } else {
            submit(reply);
        }
    }

    /**
     * Hands a committed reply to the sender threads and returns at once; when the queue is full the reply stays
     * pending for the due scan. Before {@link #start()} (smsync run without its background threads, as tests drive
     * it) the reply is sent on the calling thread.
     */
    public void submit(ReplyRow reply) {
        run(reply, () -> dispatch(reply));
    }

    private void run(ReplyRow reply, Runnable work) {
        if (closed) {
            return;
        }
        if (!started) {
            work.run();
            return;
        }
        if (!inFlight.add(reply.id())) {
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    // The store failed around the send: the reply stays pending or sending and the due scan recovers it.
                    log.warn("reply {} could not be dispatched: {}", reply.id(), e.getMessage());
                } finally {
                    inFlight.remove(reply.id());
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(reply.id());
            log.debug("send queue full; reply {} stays pending for the due scan", reply.id());
        }
    }

    /** Sends one pending reply on the calling thread, unless another dispatcher took it, it is not due, or the sender opted out. */
    public void dispatch(ReplyRow reply) {
        Instant now = clock.instant();
        Claim claim = writes.inTransaction(h -> {
            if (!replies.skipOptedOut(h, ReplyStatus.PENDING, reply.id(), now).isEmpty()) {
                return Claim.OPTED_OUT;
            }
            return replies.claim(h, reply.id(), now) ? Claim.TAKEN : Claim.NOT_OURS;
        });
        if (claim == Claim.OPTED_OUT) {
            metrics.reply("skipped");
            log.info("REPLY SKIPPED to={} batch={} reason={} reply={}", reply.recipient(), reply.batchId(),
                    ReplyRules.OPTED_OUT, reply.id());
            return;
        }
        if (claim == Claim.NOT_OURS) {
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

    private enum Claim { TAKEN, NOT_OURS, OPTED_OUT }

    private void failed(ReplyRow reply, int attempt, RuntimeException e) {
        SendException refusal = e instanceof SendException send ? send : null;
        boolean certainlyNotSent = refusal != null && refusal.certainlyNotSent();
        String error = String.valueOf(e.getMessage());
        if (!certainlyNotSent && !sender.idempotent()) {
            finish(reply, ReplyStatus.UNKNOWN, error);
            metrics.reply("unknown");
            log.warn("REPLY FAILED to={} batch={} reply={} sender={} outcome=unknown (not retried) reason={}",
                    reply.recipient(), reply.batchId(), reply.id(), sender.name(), error);
        } else if (refusal != null && refusal.permanent()) {
            finish(reply, ReplyStatus.FAILED, error);
            metrics.reply("failed");
            log.warn("REPLY FAILED to={} batch={} reply={} sender={} attempts={} outcome=refused (not retried) reason={}",
                    reply.recipient(), reply.batchId(), reply.id(), sender.name(), attempt, error);
        } else if (attempt >= MAX_ATTEMPTS) {
            finish(reply, ReplyStatus.FAILED, error);
            metrics.reply("failed");
            log.warn("REPLY FAILED to={} batch={} reply={} sender={} attempts={} reason={}", reply.recipient(),
                    reply.batchId(), reply.id(), sender.name(), attempt, error);
        } else {
            Instant now = clock.instant();
            Duration delay = refusal != null && refusal.retryAfter() != null
                    ? refusal.retryAfter() : FIRST_BACKOFF.multipliedBy(1L << (attempt - 1));
            Instant retryAt = now.plus(delay);
            writes.useTransaction(h -> replies.retryAt(h, reply.id(), retryAt, error, now));
            metrics.reply("retry");
            log.warn("REPLY FAILED to={} batch={} reply={} sender={} attempt={} retry_at={} reason={}", reply.recipient(),
                    reply.batchId(), reply.id(), sender.name(), attempt, retryAt, error);
        }
    }

    private void finish(ReplyRow reply, ReplyStatus status, String error) {
        writes.useTransaction(h -> {
            Instant now = clock.instant();
            if (replies.finish(h, reply.id(), status, error, now)) {
                events.replyChanged(h, reply, status, error, now);
            }
        });
    }

    /**
     * Hands over the replies whose retry time has come or that a crash or a full queue left pending, after recovering
     * abandoned sends. Before {@link #start()} they are sent on the calling thread.
     */
    public void dispatchDue() {
        Instant now = clock.instant();
        int recovered = writes.inTransaction(h -> {
            List<ReplyRow> rows = replies.recoverAbandoned(h, now.minus(ABANDONED), sender.idempotent(), now);
            rows.stream().filter(r -> r.status() == ReplyStatus.UNKNOWN).forEach(r -> events.replyChanged(h, r, r.status(), r.error(), now));
            return rows.size();
        });
        if (recovered > 0) {
            log.warn("{} reply send(s) were interrupted by a crash; {}", recovered,
                    sender.idempotent() ? "retrying them (the gateway deduplicates by reply id)" : "marked unknown, not retried");
        }
        List<ReplyRow> due = reads.withHandle(h -> replies.due(h, now, now.minus(STALE), SCAN_LIMIT));
        for (ReplyRow reply : due) {
            if (!inFlight.contains(reply.id())) {
                submit(reply);
            }
        }
        if (sender.canLookUp()) {
            List<ReplyRow> unknown = reads.withHandle(h -> replies.unknown(h, now.minus(LOOKUP_AFTER), now.minus(LOOKUP_FOR), SCAN_LIMIT));
            for (ReplyRow reply : unknown) {
                if (!inFlight.contains(reply.id())) {
                    run(reply, () -> lookUp(reply));
                }
            }
        }
    }

    /** Settles an unknown outcome by asking the gateway: found is sent; not found (minutes later) was not sent, so send it. */
    private void lookUp(ReplyRow reply) {
        OutgoingSms sms = new OutgoingSms(reply.id(), reply.recipient(), reply.body());
        boolean found;
        try {
            // Since the reply was created: every attempt of it came later, and an older identical text cannot match.
            found = sender.wasAccepted(sms, reply.createdAt());
        } catch (RuntimeException e) {
            settle(reply, ReplyStatus.UNKNOWN, reply.error());
            log.warn("reply {} outcome still unknown; the lookup at {} failed, trying again in {} min: {}", reply.id(),
                    sender.name(), LOOKUP_AFTER.toMinutes(), e.getMessage());
            return;
        }
        if (found) {
            if (settle(reply, ReplyStatus.SENT, null)) {
                metrics.reply("sent");
                log.info("REPLY SENT to={} batch={} reply={} sender={} attempt={} (an unknown outcome, found at the gateway)",
                        reply.recipient(), reply.batchId(), reply.id(), sender.name(), reply.attempts());
            }
        } else if (reply.attempts() >= MAX_ATTEMPTS) {
            String error = "not found at the gateway after " + reply.attempts() + " attempts";
            if (settle(reply, ReplyStatus.FAILED, error)) {
                metrics.reply("failed");
                log.warn("REPLY FAILED to={} batch={} reply={} sender={} attempts={} reason={}", reply.recipient(),
                        reply.batchId(), reply.id(), sender.name(), reply.attempts(), error);
            }
        } else if (settle(reply, ReplyStatus.PENDING, "not found at the gateway " + LOOKUP_AFTER.toMinutes()
                + " min after an unknown outcome, so it was not sent: " + reply.error())) {
            log.info("reply {} not found at {} after an unknown outcome; sending it again", reply.id(), sender.name());
            dispatch(reply);
        }
    }

    private boolean settle(ReplyRow reply, ReplyStatus status, String error) {
        return writes.inTransaction(h -> {
            Instant now = clock.instant();
            boolean settled = replies.settleUnknown(h, reply.id(), status, error, now);
            if (settled && status != ReplyStatus.UNKNOWN) {
                events.replyChanged(h, reply, status, error, now);
            }
            return settled;
        });
    }

    /**
     * Hands out up to {@code limit} queued replies to a gateway that polls for them (SMSSync) and marks them sent in
     * the same transaction; queued auto-replies to a sender who has opted out since are skipped there instead.
     */
    public List<ReplyRow> handOutQueued(int limit) {
        // Handed out once and marked sent in the same transaction: with the app's Message Results API off (its
        // default) the phone texts whatever a poll returns and never confirms, so a reply kept queued would be
        // texted again on every poll. At most once beats at least once for an auto-reply.
        // A STOP recorded since the reply was queued wins: its auto-reply is skipped in the transaction that hands out.
        List<ReplyRow> skipped = new ArrayList<>();
        List<ReplyRow> handed = writes.inTransaction(h -> {
            skipped.clear();
            skipped.addAll(replies.skipOptedOut(h, ReplyStatus.QUEUED, null, clock.instant()));
            List<ReplyRow> queued = replies.queued(h, limit);
            Instant now = clock.instant();
            List<String> taken = replies.markQueuedSent(h, queued.stream().map(ReplyRow::id).toList(), now);
            List<ReplyRow> out = queued.stream().filter(r -> taken.contains(r.id())).toList();
            out.forEach(r -> events.replyChanged(h, r, ReplyStatus.SENT, null, now));
            return out;
        });
        for (ReplyRow reply : skipped) {
            log.info("REPLY SKIPPED to={} batch={} reason={} reply={}", reply.recipient(), reply.batchId(), reply.reason(), reply.id());
        }
        return handed;
    }

    /** Of the given reply ids, the ones that were handed out as sent: what a polling gateway may text. */
    public List<String> confirmSent(List<String> ids) {
        return reads.withHandle(h -> replies.sentAmong(h, ids));
    }

    /** Records a gateway's delivery report ({@code sent}, {@code delivered}, {@code failed}); false when no such reply. */
    public boolean recordDelivery(String replyId, String deliveryStatus) {
        return writes.inTransaction(h -> replies.recordDelivery(h, replyId, deliveryStatus, clock.instant()));
    }

    /** An operator's request to the outbox came to this: the reply as it now stands, or why nothing changed. */
    public record OperatorChange(ReplyRow reply, Refused refused) {
        /** Why an operator's request changed nothing. */
        public enum Refused { NO_SUCH_REPLY, WRONG_STATE, OPTED_OUT }

        static OperatorChange done(ReplyRow reply) {
            return new OperatorChange(reply, null);
        }

        static OperatorChange refused(Refused why, ReplyRow reply) {
            return new OperatorChange(reply, why);
        }
    }

    /**
     * An operator's text to {@code recipient}: written pending in one transaction with {@code alongside} (the caller's
     * own record of the action, given the reply as written), then sent like any reply (at most once, the same unknown
     * rules, the opt-out checked again at hand-over). Refused, writing nothing, when the recipient has opted out. It
     * neither takes nor resets the auto-reply cooldown, but an auto-reply planned within the cooldown after it is
     * skipped ({@code operator_replied}).
     */
    public OperatorChange sendOperatorText(String recipient, String text, BiConsumer<Handle, ReplyRow> alongside) {
        Instant now = clock.instant();
        OperatorChange change = writes.inTransaction(h -> {
            if (senders.isOptedOut(h, recipient)) {
                return OperatorChange.refused(OperatorChange.Refused.OPTED_OUT, null);
            }
            ReplyRow row = ReplyRow.byOperator(Ids.next("r_", now), recipient, text, now);
            replies.insert(h, row);
            senders.operatorReplied(h, recipient, now);
            alongside.accept(h, row);
            return OperatorChange.done(row);
        });
        if (change.refused() == null) {
            log.info("OPERATOR TEXT QUEUED to={} reply={}", recipient, change.reply().id());
            submit(change.reply());
        }
        return change;
    }

    /**
     * An operator's retry of a {@code failed} reply (an unknown one settled as not sent is failed too): pending again,
     * due now, with its attempts counted afresh, then sent. Refused for any other state, and for a recipient who opted
     * out (except the answer to HELP).
     */
    public OperatorChange retry(String replyId, BiConsumer<Handle, ReplyRow> alongside) {
        Instant now = clock.instant();
        OperatorChange change = writes.inTransaction(h -> {
            ReplyRow current = replies.find(h, replyId).orElse(null);
            if (current == null) {
                return OperatorChange.refused(OperatorChange.Refused.NO_SUCH_REPLY, null);
            }
            if (current.status() != ReplyStatus.FAILED) {
                return OperatorChange.refused(OperatorChange.Refused.WRONG_STATE, current);
            }
            if ((current.autoReply() || current.isOperatorText()) && senders.isOptedOut(h, current.recipient())) {
                return OperatorChange.refused(OperatorChange.Refused.OPTED_OUT, current);
            }
            ReplyRow pending = replies.retryFailed(h, replyId, now).orElseThrow();
            alongside.accept(h, pending);
            return OperatorChange.done(pending);
        });
        if (change.refused() == null) {
            log.info("REPLY RETRY to={} batch={} reply={} (an operator's retry)", change.reply().recipient(),
                    change.reply().batchId(), replyId);
            submit(change.reply());
        }
        return change;
    }

    /**
     * An operator settles an {@code unknown} outcome after checking the phone or the gateway's console: {@code sent},
     * or not sent, which makes it {@code failed} (and so open to {@link #retry}). Refused for any other state.
     */
    public OperatorChange settle(String replyId, boolean sent, BiConsumer<Handle, ReplyRow> alongside) {
        Instant now = clock.instant();
        OperatorChange change = writes.inTransaction(h -> {
            ReplyRow current = replies.find(h, replyId).orElse(null);
            if (current == null) {
                return OperatorChange.refused(OperatorChange.Refused.NO_SUCH_REPLY, null);
            }
            if (!replies.settleUnknown(h, replyId, sent ? ReplyStatus.SENT : ReplyStatus.FAILED,
                    sent ? null : "settled by an operator as not sent", now)) {
                return OperatorChange.refused(OperatorChange.Refused.WRONG_STATE, current);
            }
            ReplyRow settled = replies.find(h, replyId).orElseThrow();
            alongside.accept(h, settled);
            events.replyChanged(h, settled, settled.status(), settled.error(), now);
            return OperatorChange.done(settled);
        });
        if (change.refused() == null) {
            ReplyRow reply = change.reply();
            metrics.reply(sent ? "sent" : "failed");
            log.info("REPLY {} to={} batch={} reply={} (an unknown outcome, settled by an operator)", sent ? "SENT" : "FAILED",
                    reply.recipient(), reply.batchId(), replyId);
        }
        return change;
    }

    /** The scheduled due scan: survives any failure, so retries keep going after a store outage. */
    private void scan() {
        try {
            dispatchDue();
        } catch (RuntimeException e) {
            log.warn("outbox due scan failed, retrying in {} s: {}", SCAN_EVERY.toSeconds(), e.getMessage());
        } catch (Error e) {
            log.error("outbox due scan failed, retrying in {} s", SCAN_EVERY.toSeconds(), e);
        }
    }

    /** Stops the due scan, drops replies still waiting for a thread (they stay pending), and waits a bounded time for sends in flight. */
    @Override
    public synchronized void close() {
        closed = true;
        if (!started) {
            return;
        }
        scanner.shutdownNow();
        pool.shutdown();
        pool.getQueue().clear();
        try {
            if (!pool.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} reply send(s) still running after {} s; leaving them to the crash recovery",
                        pool.getActiveCount(), CLOSE_WAIT.toSeconds());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}
