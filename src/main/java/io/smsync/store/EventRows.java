package io.smsync.store;

import java.time.Instant;

/** The rows of the event webhook tables (see {@link Events}). */
public final class EventRows {
    private EventRows() {
    }

    /** An endpoint events are sent to; {@code types} is comma-separated, {@code secret} is {@code whsec_} + base64. */
    public record Endpoint(String id, String url, String secret, String types, String source, String status,
                           String statusReason, Instant createdAt, Instant updatedAt) {
    }

    /** One event's delivery to one endpoint, with the event's type; {@code attempts} counts since the last "send again". */
    public record Delivery(String id, String eventId, String endpointId, String type, String status, int attempts,
                           Instant nextAttemptAt, Instant leaseUntil, String lastError, Instant createdAt,
                           Instant updatedAt, Instant deliveredAt) {
        static final String COLUMNS = "d.id, d.event_id, d.endpoint_id, e.type, d.status, d.attempts, d.next_attempt_at, "
                + "d.lease_until, d.last_error, d.created_at, d.updated_at, d.delivered_at";
    }

    /** A delivery a worker holds, with what it needs to send it: the event's body and the endpoint's URL and secret. */
    public record Claimed(String id, String eventId, String endpointId, String body, int attempts, String url, String secret) {
    }

    /** One attempt of a delivery: the HTTP status, or the error when there was no answer. */
    public record Attempt(String deliveryId, int attempt, Instant at, Integer statusCode, String error, long durationMs) {
    }
}
