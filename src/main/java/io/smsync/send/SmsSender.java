package io.smsync.send;

import java.time.Instant;

/**
 * Hands one outgoing text to an SMS gateway. Returns how the gateway took it; throws
 * {@link SendException} when it did not, saying whether the text certainly was not sent.
 */
public interface SmsSender {
    SendResult send(OutgoingSms sms);

    /** The name used in logs and configuration ({@code log}, {@code twilio}, …). */
    String name();

    /**
     * True when the gateway deduplicates by {@link OutgoingSms#id()}, so repeating a send whose outcome
     * is unknown cannot deliver the text twice.
     */
    boolean idempotent();

    /** True when {@link #wasAccepted} can tell whether a send whose outcome is unknown reached the gateway. */
    default boolean canLookUp() {
        return false;
    }

    /**
     * Whether the gateway holds a text to {@code sms.to()} with {@code sms.text()} created at or after {@code since};
     * throws {@link SendException} when it cannot tell.
     */
    default boolean wasAccepted(OutgoingSms sms, Instant since) {
        throw new UnsupportedOperationException(name() + " cannot look messages up");
    }
}
