package io.smsync.store;

import java.time.Instant;
import java.util.List;

/**
 * Stores webhook messages: drops duplicates (exactly, also across restarts) and puts each new message into its
 * key's open batch or opens one. {@link #store} returns only after the commit; many callers' requests share one
 * transaction (group commit), yet a request that fails fails alone. Throws {@link StoreUnavailableException} when
 * the database cannot take writes.
 */
public interface Intake {

    /** One request's messages, in order; the answer has one {@link Placed} per arrival, in the same order. */
    List<Placed> store(List<Arrival> arrivals);

    /** What a message does to its sender's opt-out state. */
    enum OptChange { NONE, OPT_OUT, OPT_IN }

    /** An inbound message as the store keeps it; {@code recipient} is "" when unknown, {@code sentAt} null when not given. */
    record Arrival(String source, String guid, String sender, String recipient, String body, Instant sentAt,
                   OptChange optChange) {
    }

    /**
     * What became of an arrival: a duplicate ({@code batchId} null), or the {@code messages}-th message of batch
     * {@code batchId}, which it {@code opened} or joined, due at {@code dueAt}; {@code receivedAt} is the time stored.
     */
    record Placed(String batchId, int messages, boolean opened, Instant dueAt, Instant receivedAt) {
        static final Placed DUPLICATE = new Placed(null, 0, false, null, null);

        public boolean duplicate() {
            return batchId == null;
        }
    }

    /** The consolidation window as the store applies it when it places a message. */
    interface Window {
        /** False when every message is its own batch, closed at once. */
        boolean consolidates();

        /** The deadline of a batch whose first message arrives at {@code now}. */
        Deadline open(Instant now);

        /** The deadline after the {@code messageCount}-th message, arriving at {@code now}, joined a batch opened at {@code openedAt}. */
        Deadline join(Instant openedAt, Instant now, int messageCount);
    }

    /** When a batch is due and whether it still takes messages. */
    record Deadline(Instant dueAt, boolean acceptsMore) {
    }
}
