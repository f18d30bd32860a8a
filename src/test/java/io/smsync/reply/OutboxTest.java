package io.smsync.reply;

import io.smsync.events.EventLog;
import io.smsync.store.Events;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smsync.metrics.Metrics;
import io.smsync.send.OutgoingSms;
import io.smsync.send.SendException;
import io.smsync.send.SendResult;
import io.smsync.send.SmsSender;
import io.smsync.store.Database;
import io.smsync.store.Replies;
import io.smsync.store.ReplyRow;
import io.smsync.store.ReplyStatus;
import io.smsync.store.Senders;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's state machine on a real SQLite file, with a scripted sender standing in for a gateway's answers. */
class OutboxTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final Replies replies = new Replies();
    @TempDir
    Path dir;
    private Database db;

    /** Answers each send with the next scripted outcome and counts the calls. */
    private static final class ScriptedSender implements SmsSender {
        private final boolean idempotent;
        private final Deque<Supplier<SendResult>> script = new ArrayDeque<>();
        private final List<String> calls = new ArrayList<>();

        ScriptedSender(boolean idempotent) {
            this.idempotent = idempotent;
        }

        ScriptedSender then(Supplier<SendResult> outcome) {
            script.add(outcome);
            return this;
        }

        @Override
        public SendResult send(OutgoingSms sms) {
            calls.add(sms.id());
            return script.isEmpty() ? SendResult.ACCEPTED : script.poll().get();
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public boolean idempotent() {
            return idempotent;
        }
    }

    private static Supplier<SendResult> refused() {
        return () -> {
            throw new SendException("HTTP 503 from gateway", true, null);
        };
    }

    private static Supplier<SendResult> timedOut() {
        return () -> {
            throw new SendException("timed out after the request left", false, null);
        };
    }

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.sqlite(dir));
        db.writes().inTransaction(h -> h.execute("INSERT INTO batches (id, sender, recipient, status, opened_at, last_message_at, "
                + "due_at, message_count) VALUES ('b1', '+16502530000', '', 'done', 0, 0, 0, 1)"));
        db.writes().useTransaction(h -> replies.insert(h,
                ReplyRow.create("r1", "b1", "+16502530000", "Thanks!", ReplyStatus.PENDING, null, clock.instant())));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ReplyRow reply() {
        return db.reads().withHandle(h -> replies.ofBatch(h, "b1")).orElseThrow();
    }

    private Outbox outbox(SmsSender sender) {
        return new Outbox(db.writes(), db.reads(), replies, new Senders(), Duration.ZERO, sender, clock, new Metrics(new SimpleMeterRegistry()), 2, 10,
                new EventLog(new Events(db.dialect()), batch -> batch));
    }

    @Test
    void a_reply_is_sent_once_even_when_dispatched_twice() {
        ScriptedSender sender = new ScriptedSender(false);
        Outbox outbox = outbox(sender);
        outbox.dispatch(reply());
        outbox.dispatch(reply());
        clock.advance(Duration.ofMinutes(5));
        outbox.dispatchDue();
        assertThat(sender.calls).containsExactly("r1");
        assertThat(reply().status()).isEqualTo(ReplyStatus.SENT);
        assertThat(reply().sentAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
    }

    @Test
    void a_failure_that_certainly_did_not_send_is_retried_with_backoff() {
        ScriptedSender sender = new ScriptedSender(false).then(refused());
        Outbox outbox = outbox(sender);
        outbox.dispatch(reply());
        assertThat(reply().status()).isEqualTo(ReplyStatus.PENDING);
        assertThat(reply().error()).contains("503");

        clock.advance(Duration.ofSeconds(4));
        outbox.dispatchDue();
        assertThat(sender.calls).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        outbox.dispatchDue();
        assertThat(sender.calls).hasSize(2);
        assertThat(reply().status()).isEqualTo(ReplyStatus.SENT);
    }

    @Test
    void a_reply_that_keeps_failing_ends_failed_after_the_bounded_tries() {
        ScriptedSender sender = new ScriptedSender(true);
        for (int i = 0; i < Outbox.MAX_ATTEMPTS; i++) {
            sender.then(refused());
        }
        Outbox outbox = outbox(sender);
        outbox.dispatch(reply());
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(5));
            outbox.dispatchDue();
        }
        assertThat(sender.calls).hasSize(Outbox.MAX_ATTEMPTS);
        assertThat(reply().status()).isEqualTo(ReplyStatus.FAILED);
        assertThat(reply().attempts()).isEqualTo(Outbox.MAX_ATTEMPTS);
    }

    @Test
    void an_unknown_outcome_on_a_gateway_without_idempotency_is_left_unknown_and_never_retried() {
        ScriptedSender sender = new ScriptedSender(false).then(timedOut());
        Outbox outbox = outbox(sender);
        outbox.dispatch(reply());
        clock.advance(Duration.ofHours(1));
        outbox.dispatchDue();
        assertThat(sender.calls).hasSize(1);
        assertThat(reply().status()).isEqualTo(ReplyStatus.UNKNOWN);
    }

    @Test
    void an_unknown_outcome_on_an_idempotent_gateway_is_retried_under_the_same_id() {
        ScriptedSender sender = new ScriptedSender(true).then(timedOut());
        Outbox outbox = outbox(sender);
        outbox.dispatch(reply());
        clock.advance(Duration.ofSeconds(5));
        outbox.dispatchDue();
        assertThat(sender.calls).containsExactly("r1", "r1");
        assertThat(reply().status()).isEqualTo(ReplyStatus.SENT);
    }

    @Test
    void a_crash_after_commit_before_the_send_is_recovered_once_the_reply_is_stale() {
        ScriptedSender sender = new ScriptedSender(false);
        Outbox outbox = outbox(sender);
        clock.advance(Duration.ofSeconds(29));
        outbox.dispatchDue();
        assertThat(sender.calls).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        outbox.dispatchDue();
        assertThat(sender.calls).containsExactly("r1");
    }

    @Test
    void a_crash_during_the_send_leaves_unknown_for_a_non_idempotent_gateway_and_a_retry_for_an_idempotent_one() {
        db.writes().inTransaction(h -> replies.claim(h, "r1", clock.instant()));
        clock.advance(Duration.ofMinutes(2));
        ScriptedSender twilioLike = new ScriptedSender(false);
        outbox(twilioLike).dispatchDue();
        assertThat(twilioLike.calls).isEmpty();
        assertThat(reply().status()).isEqualTo(ReplyStatus.UNKNOWN);

        db.writes().inTransaction(h -> h.execute("UPDATE replies SET status = 'sending' WHERE id = 'r1'"));
        clock.advance(Duration.ofMinutes(2));
        ScriptedSender smsGateLike = new ScriptedSender(true);
        Outbox outbox = outbox(smsGateLike);
        outbox.dispatchDue();
        clock.advance(Duration.ofSeconds(30));
        outbox.dispatchDue();
        assertThat(smsGateLike.calls).containsExactly("r1");
        assertThat(reply().status()).isEqualTo(ReplyStatus.SENT);
    }

    @Test
    void a_queued_result_waits_for_the_phone() {
        ScriptedSender sender = new ScriptedSender(true).then(() -> SendResult.QUEUED);
        outbox(sender).dispatch(reply());
        assertThat(reply().status()).isEqualTo(ReplyStatus.QUEUED);
        List<String> marked = db.writes().inTransaction(h -> replies.markQueuedSent(h, List.of("r1", "nope"), clock.instant()));
        assertThat(marked).containsExactly("r1");
        assertThat(reply().status()).isEqualTo(ReplyStatus.SENT);
    }

    /** A sender whose sends wait until released, counting the calls. */
    private static final class BlockingSender implements SmsSender {
        private final CountDownLatch release = new CountDownLatch(1);
        private final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public SendResult send(OutgoingSms sms) {
            calls.add(sms.id());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SendException("interrupted while sending", false, e);
            }
            return SendResult.ACCEPTED;
        }

        @Override
        public String name() {
            return "blocking";
        }

        @Override
        public boolean idempotent() {
            return false;
        }
    }

    private void insertPending(String id, String batchId) {
        db.writes().useTransaction(h -> {
            h.execute("INSERT INTO batches (id, sender, recipient, status, opened_at, last_message_at, due_at, message_count) "
                    + "VALUES (?, '+16502530000', '', 'done', 0, 0, 0, 1)", batchId);
            replies.insert(h, ReplyRow.create(id, batchId, "+16502530000", "Thanks!", ReplyStatus.PENDING, null, clock.instant()));
        });
    }

    private ReplyStatus status(String id) {
        return db.reads().withHandle(h -> h.createQuery("SELECT status FROM replies WHERE id = :id").bind("id", id)
                .mapTo(String.class).map(ReplyStatus::of).one());
    }

    @Test
    void a_reply_beyond_the_full_send_queue_stays_pending_and_the_due_scan_sends_it_later() {
        BlockingSender sender = new BlockingSender();
        insertPending("r2", "b2");
        insertPending("r3", "b3");
        try (Outbox outbox = new Outbox(db.writes(), db.reads(), replies, new Senders(), Duration.ZERO, sender, clock, new Metrics(new SimpleMeterRegistry()), 1, 1,
                new EventLog(new Events(db.dialect()), batch -> batch))) {
            outbox.start();
            outbox.submit(reply());
            await().atMost(Duration.ofSeconds(20)).until(() -> sender.calls.size() == 1);
            outbox.submit(db.reads().withHandle(h -> replies.ofBatch(h, "b2")).orElseThrow());
            outbox.submit(db.reads().withHandle(h -> replies.ofBatch(h, "b3")).orElseThrow());
            assertThat(status("r3")).as("no room: left pending").isEqualTo(ReplyStatus.PENDING);

            sender.release.countDown();
            clock.advance(Outbox.STALE);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    status("r1") == ReplyStatus.SENT && status("r2") == ReplyStatus.SENT && status("r3") == ReplyStatus.SENT);
        }
        assertThat(sender.calls).containsExactlyInAnyOrder("r1", "r2", "r3");
    }

    @Test
    void close_waits_a_bounded_time_for_a_hanging_send_and_leaves_it_for_crash_recovery() {
        BlockingSender sender = new BlockingSender();
        Outbox outbox = new Outbox(db.writes(), db.reads(), replies, new Senders(), Duration.ZERO, sender, clock, new Metrics(new SimpleMeterRegistry()), 1, 1,
                new EventLog(new Events(db.dialect()), batch -> batch));
        outbox.start();
        outbox.submit(reply());
        await().atMost(Duration.ofSeconds(20)).until(() -> sender.calls.size() == 1);

        outbox.close();

        assertThat(reply().status()).isIn(ReplyStatus.SENDING, ReplyStatus.UNKNOWN);
        outbox.submit(reply());
        assertThat(sender.calls).hasSize(1);
    }
}
