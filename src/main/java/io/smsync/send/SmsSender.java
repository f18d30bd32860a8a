package io.smsync.send;

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
}
