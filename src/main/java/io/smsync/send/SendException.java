package io.smsync.send;

/** The gateway did not take the message. */
public final class SendException extends RuntimeException {
    public SendException(String message, Throwable cause) {
        super(message, cause);
    }
}
