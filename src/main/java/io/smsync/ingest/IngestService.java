package io.smsync.ingest;

import io.smsync.consolidate.WindowPolicy;
import io.smsync.metrics.Metrics;
import io.smsync.sms.Keyword;
import io.smsync.store.BatchRow;
import io.smsync.store.BatchStatus;
import io.smsync.store.Batches;
import io.smsync.store.Ids;
import io.smsync.store.IngestListener;
import io.smsync.store.MessageRow;
import io.smsync.store.Messages;
import io.smsync.store.Senders;
import io.smsync.store.Transactor;
import io.smsync.sms.InboundMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores inbound messages durably: drops duplicates and puts each new message into its sender's
 * open batch (or opens one), all in one transaction per request. Returns only after the commit.
 */
public final class IngestService {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final Transactor writes;
    private final Messages messages;
    private final Batches batches;
    private final Senders senders;
    private final WindowPolicy policy;
    private final Clock clock;
    private final Runnable deadlinesChanged;
    private final Metrics metrics;
    private final IngestListener listener;

    /**
     * @param deadlinesChanged called after a commit that opened or filled a batch, so the closing loop can re-plan
     * @param listener         told of each stored message and opt-out change in the ingest transaction (the events)
     */
    public IngestService(Transactor writes, Messages messages, Batches batches, Senders senders, WindowPolicy policy,
                         Clock clock, Runnable deadlinesChanged, Metrics metrics, IngestListener listener) {
        this.listener = listener;
        this.metrics = metrics;
        this.writes = writes;
        this.messages = messages;
        this.batches = batches;
        this.senders = senders;
        this.policy = policy;
        this.clock = clock;
        this.deadlinesChanged = deadlinesChanged;
    }

    public IngestResult ingest(List<InboundMessage> inbound) {
        List<IngestEvent> events = new ArrayList<>();
        IngestResult result = writes.inTransaction(h -> {
            events.clear();
            Instant now = clock.instant();
            List<IngestResult.Item> items = new ArrayList<>(inbound.size());
            int accepted = 0;
            for (InboundMessage message : inbound) {
                if (!messages.firstSighting(h, message.source(), message.guid(), now)) {
                    items.add(new IngestResult.Item(message.guid(), IngestResult.Item.DUPLICATE, null));
                    events.add(new IngestEvent.Duplicate(message.source(), message.guid(), message.sender()));
                    continue;
                }
                String batchId = place(h, message, now, events);
                recordOptChange(h, message, now, events);
                items.add(new IngestResult.Item(message.guid(), IngestResult.Item.ACCEPTED, batchId));
                accepted++;
            }
            return new IngestResult(accepted, inbound.size() - accepted, List.copyOf(items));
        });
        boolean deadlinesMoved = false;
        for (IngestEvent event : events) {
            log.info(event.logLine());
            count(event);
            deadlinesMoved |= movesDeadlines(event);
        }
        if (deadlinesMoved) {
            deadlinesChanged.run();
        }
        return result;
    }

    private void count(IngestEvent event) {
        switch (event) {
            case IngestEvent.Duplicate duplicate -> metrics.duplicate(duplicate.source());
            case IngestEvent.BatchStarted started -> {
                metrics.messageAccepted(started.source());
                metrics.batchOpened();
            }
            case IngestEvent.BatchJoined joined -> metrics.messageAccepted(joined.source());
            case IngestEvent.OptOut optOut -> { }
            case IngestEvent.OptIn optIn -> { }
        }
    }

    /** Whether the closing loop must re-plan: a batch was opened or filled. */
    private static boolean movesDeadlines(IngestEvent event) {
        return switch (event) {
            case IngestEvent.BatchStarted started -> true;
            case IngestEvent.BatchJoined joined -> true;
            case IngestEvent.Duplicate duplicate -> false;
            case IngestEvent.OptOut optOut -> false;
            case IngestEvent.OptIn optIn -> false;
        };
    }

    /** Adds the message to its key's open batch, or opens a new one; returns the batch id. */
    private String place(Handle h, InboundMessage message, Instant now, List<IngestEvent> events) {
        String openKey = policy.consolidates() ? message.sender() + "\u001f" + message.recipient() : null;
        while (true) {
            Optional<BatchRow> open = openKey == null ? Optional.empty() : batches.lockOpen(h, openKey);
            if (open.isPresent()) {
                BatchRow batch = open.get();
                int count = batch.messageCount() + 1;
                WindowPolicy.Deadline deadline = policy.join(batch.openedAt(), now, count);
                batches.join(h, batch.id(), count, now, deadline.dueAt(), deadline.acceptsMore());
                insertMessage(h, message, batch.id(), count, now);
                events.add(new IngestEvent.BatchJoined(message.source(), message.sender(), batch.id(), count, deadline.dueAt()));
                return batch.id();
            }
            WindowPolicy.Deadline deadline = policy.open(now);
            String id = Ids.next("b_", now);
            BatchRow batch = new BatchRow(id, message.sender(), message.recipient(), BatchStatus.OPEN, now, now,
                    deadline.dueAt(), null, null, 1, 0, null);
            // A concurrent transaction (another process on PostgreSQL) may have opened this key's batch first: join it instead.
            if (batches.tryOpen(h, batch, deadline.acceptsMore() ? openKey : null)) {
                insertMessage(h, message, id, 1, now);
                events.add(new IngestEvent.BatchStarted(message.source(), message.sender(), id, deadline.dueAt()));
                return id;
            }
        }
    }

    /** STOP-type and START-type messages change the sender's opt-out at once, whatever happens to the batch. */
    private void recordOptChange(Handle h, InboundMessage message, Instant now, List<IngestEvent> events) {
        switch (Keyword.of(message.text())) {
            case STOP -> {
                senders.optOut(h, message.sender(), now);
                listener.optChanged(h, message.sender(), true, message.guid(), now);
                events.add(new IngestEvent.OptOut(message.sender(), message.guid()));
            }
            case START -> {
                senders.optIn(h, message.sender(), now);
                listener.optChanged(h, message.sender(), false, message.guid(), now);
                events.add(new IngestEvent.OptIn(message.sender(), message.guid()));
            }
            default -> { }
        }
    }

    private void insertMessage(Handle h, InboundMessage message, String batchId, int seq, Instant now) {
        MessageRow row = new MessageRow(Ids.next("m_", now), message.source(), message.guid(), batchId, seq,
                message.sender(), message.recipient(), message.text(), message.sentAt(), now);
        messages.insert(h, row);
        listener.messageStored(h, row, now);
    }
}
