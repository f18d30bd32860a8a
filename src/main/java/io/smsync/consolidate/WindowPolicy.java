package io.smsync.consolidate;

import java.time.Duration;
import java.time.Instant;

/**
 * The consolidation window rules as pure functions of times.
 *
 * @param window      how long a batch waits for more messages; zero turns consolidation off
 * @param mode        whether the deadline is fixed at the first message or slides with each one
 * @param maxWait     the cap for {@link WindowMode#SLIDING}, counted from the first message
 * @param maxMessages a batch with this many messages closes at once
 */
public record WindowPolicy(Duration window, WindowMode mode, Duration maxWait, int maxMessages) {

    /** When a batch is due and whether it still takes messages. */
    public record Deadline(Instant dueAt, boolean acceptsMore) {
    }

    /** False when every message is its own batch, processed at once. */
    public boolean consolidates() {
        return !window.isZero() && maxMessages > 1;
    }

    /** The deadline of a batch whose first message arrives at {@code now}. */
    public Deadline open(Instant now) {
        if (!consolidates()) {
            return new Deadline(now, false);
        }
        return new Deadline(now.plus(window), true);
    }

    /** The deadline after the {@code messageCount}-th message, arriving at {@code now}, joined a batch opened at {@code openedAt}. */
    public Deadline join(Instant openedAt, Instant now, int messageCount) {
        if (messageCount >= maxMessages) {
            return new Deadline(now, false);
        }
        Instant due = switch (mode) {
            case FIXED -> openedAt.plus(window);
            case SLIDING -> earliest(now.plus(window), openedAt.plus(maxWait));
        };
        return new Deadline(due, true);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
