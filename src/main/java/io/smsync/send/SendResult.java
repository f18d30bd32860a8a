package io.smsync.send;

/** How a gateway took a reply. */
public enum SendResult {
    /** The gateway accepted it (or already had it under the same idempotency id). */
    ACCEPTED,
    /** Queued inside smsync until the phone fetches it (SMSSync task polling). */
    QUEUED
}
