package io.smsync.store;

/** The store cannot take writes right now (locked, unreachable, full); callers answer 503 and retry later. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
