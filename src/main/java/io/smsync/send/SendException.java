package io.smsync.send;

/**
 * The gateway did not take the message. {@code certainlyNotSent} is true when the request never
 * reached the gateway or the gateway answered with an error status (safe to retry); false when the
 * outcome is unknown (e.g. a timeout after the request left), which a non-idempotent sender must not retry.
 */
public final class SendException extends RuntimeException {
    private final boolean certainlyNotSent;

    public SendException(String message, boolean certainlyNotSent, Throwable cause) {
        super(message, cause);
        this.certainlyNotSent = certainlyNotSent;
    }

    public boolean certainlyNotSent() {
        return certainlyNotSent;
    }
}
