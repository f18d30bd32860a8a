package io.smsync.send;

/** Hands one outgoing text to an SMS gateway. Returns normally when the gateway accepted it; throws {@link SendException} when it did not. */
public interface SmsSender {
    void send(OutgoingSms sms);

    /** The name used in logs and configuration ({@code log}, {@code twilio}, …). */
    String name();
}
