package io.smsync.send;

import java.time.Duration;

/**
 * The gateway did not take the message. {@code certainlyNotSent} is true when the request never
 * reached the gateway or the gateway refused it with a 4xx (safe to retry); false when the outcome is
 * unknown (a 5xx, a timeout after the request left), which a non-idempotent sender must not retry.
 * {@code permanent} marks a refusal that a retry cannot change (an invalid number, bad credentials);
 * {@code retryAfter}, when not null, is how long the gateway asked us to wait (429).
 */
public final class SendException extends RuntimeException {
    private final boolean certainlyNotSent;
    private final boolean permanent;
    private final Duration retryAfter;

    public SendException(String message, boolean certainlyNotSent, Throwable cause) {
        this(message, certainlyNotSent, false, null, cause);
    }

    private SendException(String message, boolean certainlyNotSent, boolean permanent, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.certainlyNotSent = certainlyNotSent;
        this.permanent = permanent;
        this.retryAfter = retryAfter;
    }

    /** The gateway refused the message for good: nothing was sent, and sending it again would be refused again. */
    public static SendException refused(String message) {
        return new SendException(message, true, true, null, null);
    }

    /** The gateway refused the message for now (rate limited): nothing was sent; try again after {@code delay}, if known. */
    public static SendException throttled(String message, Duration delay) {
        return new SendException(message, true, false, delay, null);
    }

    public boolean certainlyNotSent() {
        return certainlyNotSent;
    }

    public boolean permanent() {
        return permanent;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
