package io.smsync.http;

/** A client error with its HTTP status; the message becomes {@code {"error": …}}. */
public final class ApiError extends RuntimeException {
    private final int status;

    public ApiError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
