package io.smsync.process;

import io.smsync.alert.AlertTexts;
import io.smsync.classify.Classification;
import io.smsync.classify.Classifier;
import io.smsync.events.EventLog;
import io.smsync.metrics.Metrics;
import io.smsync.reply.Outbox;
import io.smsync.reply.ReplyPlan;
import io.smsync.reply.ReplyRules;
import io.smsync.store.BatchDetail;
import io.smsync.store.BatchRow;
import io.smsync.store.BatchStatus;
import io.smsync.store.Batches;
import io.smsync.store.MessageRow;
import io.smsync.store.Messages;
import io.smsync.store.ReplyRow;
import io.smsync.store.ClassificationRow;
import io.smsync.store.Classifications;
import io.smsync.store.Transactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a closed batch: classify its text once, decide the reply, store both with the
 * batch's result in one transaction, then hand the reply to the outbox, which sends it on its own threads. The
 * {@code batch.classified} event and any alert texts are written in that same transaction.
 */
public final class BatchProcessor implements Consumer<BatchRow> {
    private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);
    static final int MAX_ATTEMPTS = 5;

    private final Transactor writes;
    private final Jdbi reads;
    private final Batches batches;
    private final Messages messages;
    private final Classifications classifications;
    private final Classifier classifier;
    private final ReplyRules rules;
    private final Outbox outbox;
    private final Clock clock;
    private final String owner;
    private final Metrics metrics;
    private final EventLog events;
    private final AlertTexts alerts;

    public BatchProcessor(Transactor writes, Jdbi reads, Batches batches, Messages messages, Classifications classifications,
                          Classifier classifier, ReplyRules rules, Outbox outbox,
                          Clock clock, String owner, Metrics metrics, EventLog events, AlertTexts alerts) {
        this.events = events;
        this.alerts = alerts;
        this.metrics = metrics;
        this.writes = writes;
        this.reads = reads;
        this.batches = batches;
        this.messages = messages;
        this.classifications = classifications;
        this.classifier = classifier;
        this.rules = rules;
        this.outbox = outbox;
        this.clock = clock;
        this.owner = owner;
    }

    /** Processes one batch this worker has claimed; any failure, an {@link Error} included, counts as a failed attempt. */
    @Override
    public void accept(BatchRow batch) {
        try {
            process(batch);
        } catch (OutOfMemoryError e) {
            // The process is in no state to go on; with -XX:+ExitOnOutOfMemoryError it has already ended.
            throw e;
        } catch (RuntimeException | Error e) {
            // An Error too (a StackOverflowError from an operator's pattern on a long text): left alone, the batch
            // would be retried at every lease expiry, forever, and never reported.
            giveUpOrRetry(batch, e);
        }
    }

    private void process(BatchRow batch) {
        List<MessageRow> rows = reads.withHandle(h -> messages.ofBatch(h, batch.id()));
        String text = MessageRow.batchText(rows);
        log.info("BATCH RECEIVED sender={} batch={} messages={} chars={}", batch.sender(), batch.id(), rows.size(), text.length());
        Classification classification = classifier.classify(text);
        ReplyPlan plan = rules.plan(batch.sender(), rows.stream().map(MessageRow::body).toList(), classification.category());
        Finished finished = writes.inTransaction(h -> {
            Instant now = clock.instant();
            if (!batches.finish(h, batch.id(), owner, BatchStatus.DONE, now, null)) {
                throw new LeaseLostException(batch.id());
            }
            classifications.insert(h, batch.id(), classification.category(), classification.confidence(),
                    classification.method().wireName(), classification.model(), classification.offlineCategory(), now);
            ReplyRow recorded = outbox.record(h, batch.id(), batch.sender(), plan, now);
            events.batchClassified(h, new BatchDetail(done(batch, now), rows, new ClassificationRow(batch.id(),
                    classification.category(), classification.confidence(), classification.method().wireName(),
                    classification.model()), recorded, false), now);
            return new Finished(recorded, alerts.record(h, batch.id(), batch.sender(), classification.category(), text, now));
        });
        ReplyRow reply = finished.reply();
        metrics.batchClosed("done", rows.size());
        metrics.classified(classification.method().wireName(), classification.category());
        if (classification.offlineCategory() != null) {
            metrics.offlineComparedWithLlm(classification.offlineCategory().equals(classification.category()));
        }
        log.info("BATCH PROCESSING COMPLETE sender={} batch={} messages={} category={} method={} confidence={} reply={}",
                batch.sender(), batch.id(), rows.size(), classification.category(), classification.method().wireName(),
                String.format("%.2f", classification.confidence()), reply.status().wireName());
        outbox.committed(reply);
        alerts.committed(batch.id(), finished.alerts());
    }

    /** What the finishing transaction stored: the batch's reply and the alert texts it set off. */
    private record Finished(ReplyRow reply, List<ReplyRow> alerts) {
    }

    private static BatchRow done(BatchRow batch, Instant now) {
        return new BatchRow(batch.id(), batch.sender(), batch.recipient(), BatchStatus.DONE, batch.openedAt(), batch.lastMessageAt(),
                batch.dueAt(), batch.closedAt(), now, batch.messageCount(), batch.attempts(), null);
    }

    private void giveUpOrRetry(BatchRow batch, Throwable failure) {
        if (failure instanceof LeaseLostException) {
            log.warn("batch {} was taken over by another worker; dropping this worker's result", batch.id());
            return;
        }
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        try {
            Instant now = clock.instant();
            if (batch.attempts() >= MAX_ATTEMPTS) {
                writes.inTransaction(h -> batches.finish(h, batch.id(), owner, BatchStatus.FAILED, now, reason));
                metrics.batchClosed("failed", batch.messageCount());
                log.error("BATCH PROCESSING FAILED sender={} batch={} messages={} attempts={} error={}", batch.sender(),
                        batch.id(), batch.messageCount(), batch.attempts(), reason, failure);
            } else {
                Duration backoff = Duration.ofSeconds(5L << (batch.attempts() - 1));
                writes.useTransaction(h -> batches.retryAt(h, batch.id(), owner, now.plus(backoff), reason));
                log.warn("BATCH PROCESSING FAILED sender={} batch={} messages={} attempt={} retry_in={}s error={}",
                        batch.sender(), batch.id(), batch.messageCount(), batch.attempts(), backoff.toSeconds(), reason);
            }
        } catch (RuntimeException storeDown) {
            // The lease expires on its own and another turn retries the batch.
            log.warn("could not record the failure of batch {}: {}", batch.id(), storeDown.getMessage());
        }
    }

    private static final class LeaseLostException extends RuntimeException {
        LeaseLostException(String batchId) {
            super("lease on batch " + batchId + " was lost");
        }
    }
}
