package io.smsync.ingest;

import io.smsync.consolidate.WindowPolicy;
import io.smsync.metrics.Metrics;
import io.smsync.sms.InboundMessage;
import io.smsync.sms.Keyword;
import io.smsync.store.Intake;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores inbound messages durably: drops duplicates and puts each new message into its sender's
 * open batch (or opens one), through the store's {@link Intake} (one transaction shared by many requests,
 * failing per request). Returns only after the commit.
 */
public final class IngestService {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final Intake intake;
    private final Consumer<Instant> deadlineSet;
    private final Metrics metrics;

    /** @param deadlineSet told, after a commit that opened or filled batches, the earliest of their deadlines, so the closing loop can re-plan */
    public IngestService(Intake intake, Consumer<Instant> deadlineSet, Metrics metrics) {
        this.intake = intake;
        this.deadlineSet = deadlineSet;
        this.metrics = metrics;
    }

    /** The window rules as the store applies them. */
    public static Intake.Window window(WindowPolicy policy) {
        return new Intake.Window() {
            @Override
            public boolean consolidates() {
                return policy.consolidates();
            }

            @Override
            public Intake.Deadline open(Instant now) {
                WindowPolicy.Deadline d = policy.open(now);
                return new Intake.Deadline(d.dueAt(), d.acceptsMore());
            }

            @Override
            public Intake.Deadline join(Instant openedAt, Instant now, int messageCount) {
                WindowPolicy.Deadline d = policy.join(openedAt, now, messageCount);
                return new Intake.Deadline(d.dueAt(), d.acceptsMore());
            }
        };
    }

    public IngestResult ingest(List<InboundMessage> inbound) {
        List<Intake.Arrival> arrivals = new ArrayList<>(inbound.size());
        for (InboundMessage m : inbound) {
            arrivals.add(new Intake.Arrival(m.source(), m.guid(), m.sender(), m.recipient(), m.text(), m.sentAt(),
                    optChange(m.text())));
        }
        List<Intake.Placed> placed = intake.store(arrivals);
        List<IngestResult.Item> items = new ArrayList<>(inbound.size());
        int accepted = 0;
        Instant earliestDue = null;
        boolean logging = log.isInfoEnabled();
        for (int i = 0; i < inbound.size(); i++) {
            InboundMessage message = inbound.get(i);
            Intake.Placed p = placed.get(i);
            if (p.duplicate()) {
                items.add(new IngestResult.Item(message.guid(), IngestResult.Item.DUPLICATE, null));
                record(new IngestEvent.Duplicate(message.source(), message.guid(), message.sender()), logging);
            } else {
                accepted++;
                earliestDue = earliestDue == null || p.dueAt().isBefore(earliestDue) ? p.dueAt() : earliestDue;
                items.add(new IngestResult.Item(message.guid(), IngestResult.Item.ACCEPTED, p.batchId()));
                record(p.opened()
                        ? new IngestEvent.BatchStarted(message.source(), message.sender(), p.batchId(), p.dueAt())
                        : new IngestEvent.BatchJoined(message.source(), message.sender(), p.batchId(), p.messages(), p.dueAt()),
                        logging);
                switch (arrivals.get(i).optChange()) {
                    case OPT_OUT -> record(new IngestEvent.OptOut(message.sender(), message.guid()), logging);
                    case OPT_IN -> record(new IngestEvent.OptIn(message.sender(), message.guid()), logging);
                    case NONE -> { }
                }
            }
        }
        if (earliestDue != null) {
            deadlineSet.accept(earliestDue);
        }
        return new IngestResult(accepted, inbound.size() - accepted, Collections.unmodifiableList(items));
    }

    private static Intake.OptChange optChange(String text) {
        return switch (Keyword.of(text)) {
            case STOP -> Intake.OptChange.OPT_OUT;
            case START -> Intake.OptChange.OPT_IN;
            default -> Intake.OptChange.NONE;
        };
    }

    /** Logs the event's line (one per event, in order) and counts it. */
    private void record(IngestEvent event, boolean logging) {
        if (logging) {
            log.info(event.logLine());
        }
        count(event);
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
}
