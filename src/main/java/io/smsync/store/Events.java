package io.smsync.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * SQL for event webhooks: endpoints, events and their deliveries. A delivery is {@code pending} until it is
 * {@code delivered} or {@code failed}; a worker takes a due one with a lease (skipping rows other workers hold), and
 * every later move is a conditional update on that lease, so two workers never send one delivery at once.
 */
public final class Events {
    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String DISABLED = "disabled";
    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    private final Dialect dialect;

    public Events(Dialect dialect) {
        this.dialect = dialect;
    }

    public void insertEndpoint(Handle h, EventRows.Endpoint endpoint) {
        insert(h, endpoint, "");
    }

    /** Inserts an endpoint unless one with its id exists (another process may be adding it at this moment); true when inserted. */
    public boolean insertEndpointIfAbsent(Handle h, EventRows.Endpoint endpoint) {
        return insert(h, endpoint, " ON CONFLICT DO NOTHING") == 1;
    }

    private int insert(Handle h, EventRows.Endpoint endpoint, String onConflict) {
        return h.createUpdate("INSERT INTO event_endpoints (id, url, secret, types, source, status, status_reason, created_at, updated_at) "
                        + "VALUES (:id, :url, :secret, :types, :source, :status, :reason, :createdAt, :updatedAt)" + onConflict)
                .bind("id", endpoint.id()).bind("url", endpoint.url()).bind("secret", endpoint.secret())
                .bind("types", endpoint.types()).bind("source", endpoint.source()).bind("status", endpoint.status())
                .bind("reason", endpoint.statusReason()).bind("createdAt", endpoint.createdAt()).bind("updatedAt", endpoint.updatedAt())
                .execute();
    }

    /** Sets an endpoint's URL and types, and its secret unless {@code secret} is null, keeping its status; false when there is no such endpoint. */
    public boolean updateEndpoint(Handle h, String id, String url, String secret, String types, Instant now) {
        return h.createUpdate("UPDATE event_endpoints SET url = :url, secret = COALESCE(:secret, secret), types = :types, "
                        + "updated_at = :now WHERE id = :id")
                .bind("id", id).bind("url", url).bind("secret", secret).bind("types", types).bind("now", now)
                .execute() == 1;
    }

    public List<EventRows.Endpoint> endpoints(Handle h) {
        return h.createQuery("SELECT * FROM event_endpoints ORDER BY created_at, id").mapTo(EventRows.Endpoint.class).list();
    }

    public Optional<EventRows.Endpoint> endpoint(Handle h, String id) {
        return h.createQuery("SELECT * FROM event_endpoints WHERE id = :id").bind("id", id).mapTo(EventRows.Endpoint.class).findOne();
    }

    /** Endpoints that take new events: active ones and paused ones (whose deliveries wait for the resume). */
    public List<EventRows.Endpoint> receiving(Handle h) {
        return h.createQuery("SELECT * FROM event_endpoints WHERE status IN (:active, :paused)")
                .bind("active", ACTIVE).bind("paused", PAUSED)
                .mapTo(EventRows.Endpoint.class).list();
    }

    /** Sets an endpoint's status; false when there is no such endpoint. */
    public boolean setStatus(Handle h, String id, String status, String reason, Instant now) {
        return h.createUpdate("UPDATE event_endpoints SET status = :status, status_reason = :reason, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("status", status).bind("reason", reason).bind("now", now)
                .execute() == 1;
    }

    /** Removes an endpoint with its deliveries and their attempts; false when there is no such endpoint. */
    public boolean deleteEndpoint(Handle h, String id) {
        h.createUpdate("DELETE FROM event_attempts WHERE delivery_id IN (SELECT id FROM event_deliveries WHERE endpoint_id = :id)")
                .bind("id", id).execute();
        h.createUpdate("DELETE FROM event_deliveries WHERE endpoint_id = :id").bind("id", id).execute();
        return h.createUpdate("DELETE FROM event_endpoints WHERE id = :id").bind("id", id).execute() == 1;
    }

    /** Stores an event and a pending delivery, due now, to each of {@code endpointIds}. */
    public void insertEvent(Handle h, String eventId, String type, String body, Instant now, List<String> endpointIds) {
        h.createUpdate("INSERT INTO events (id, type, body, created_at) VALUES (:id, :type, :body, :now)")
                .bind("id", eventId).bind("type", type).bind("body", body).bind("now", now)
                .execute();
        var batch = h.prepareBatch("INSERT INTO event_deliveries (id, event_id, endpoint_id, status, next_attempt_at, created_at, "
                + "updated_at) VALUES (:id, :eventId, :endpointId, :pending, :now, :now, :now)");
        for (String endpointId : endpointIds) {
            batch.bind("id", Ids.next("dlv_", now)).bind("eventId", eventId).bind("endpointId", endpointId)
                    .bind("pending", PENDING).bind("now", now).add();
        }
        batch.execute();
    }

    /** How many deliveries each active endpoint has due now and not held by a worker. */
    public List<DueCount> due(Handle h, Instant now) {
        return h.createQuery("SELECT endpoint_id, COUNT(*) AS due FROM event_deliveries WHERE status = :pending "
                        + "AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now) "
                        + "AND endpoint_id IN (SELECT id FROM event_endpoints WHERE status = :active) GROUP BY endpoint_id")
                .bind("pending", PENDING).bind("active", ACTIVE).bind("now", now)
                .mapTo(DueCount.class).list();
    }

    /** An endpoint's number of due deliveries. */
    public record DueCount(String endpointId, int due) {
    }

    /**
     * Leases up to {@code limit} of an active endpoint's due deliveries to {@code owner} until {@code leaseUntil};
     * rows another worker holds (or is taking at this moment) are passed over.
     */
    public List<EventRows.Claimed> claim(Handle h, String endpointId, Instant now, String owner, Instant leaseUntil, int limit) {
        List<String> ids = h.createQuery("UPDATE event_deliveries SET lease_owner = :owner, lease_until = :leaseUntil, updated_at = :now "
                        + "WHERE id IN (SELECT id FROM event_deliveries WHERE endpoint_id = :endpoint AND status = :pending "
                        + "AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now) "
                        + "AND endpoint_id IN (SELECT id FROM event_endpoints WHERE status = :active) "
                        + "ORDER BY next_attempt_at LIMIT :limit" + dialect.forUpdateSkipLocked() + ") RETURNING id")
                .bind("owner", owner).bind("leaseUntil", leaseUntil).bind("now", now).bind("endpoint", endpointId)
                .bind("pending", PENDING).bind("active", ACTIVE).bind("limit", limit)
                .mapTo(String.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT d.id, d.event_id, d.endpoint_id, e.body, d.attempts, p.url, p.secret "
                        + "FROM event_deliveries d JOIN events e ON e.id = d.event_id JOIN event_endpoints p ON p.id = d.endpoint_id "
                        + "WHERE d.id IN (<ids>) ORDER BY d.next_attempt_at, d.id")
                .bindList("ids", ids)
                .mapTo(EventRows.Claimed.class).list();
    }

    /** Records an attempt of a delivery {@code owner} holds; false (and nothing recorded) when the lease was lost. */
    public boolean recordAttempt(Handle h, String owner, EventRows.Attempt attempt) {
        int held = h.createUpdate("UPDATE event_deliveries SET attempts = attempts + 1, last_error = :error, updated_at = :now "
                        + "WHERE id = :id AND lease_owner = :owner AND status = :pending")
                .bind("id", attempt.deliveryId()).bind("owner", owner).bind("pending", PENDING)
                .bind("error", attempt.error()).bind("now", attempt.at())
                .execute();
        if (held == 0) {
            return false;
        }
        int number = h.createQuery("SELECT COALESCE(MAX(attempt), 0) + 1 FROM event_attempts WHERE delivery_id = :id")
                .bind("id", attempt.deliveryId()).mapTo(Integer.class).one();
        h.createUpdate("INSERT INTO event_attempts (delivery_id, attempt, at, status_code, error, duration_ms) "
                        + "VALUES (:id, :attempt, :at, :code, :error, :duration)")
                .bind("id", attempt.deliveryId()).bind("attempt", number).bind("at", attempt.at())
                .bind("code", attempt.statusCode()).bind("error", attempt.error()).bind("duration", attempt.durationMs())
                .execute();
        return true;
    }

    /** Ends a delivery {@code owner} holds as delivered or failed. */
    public void finish(Handle h, String id, String owner, String status, Instant now) {
        h.createUpdate("UPDATE event_deliveries SET status = :status, lease_owner = NULL, lease_until = NULL, updated_at = :now"
                        + (DELIVERED.equals(status) ? ", delivered_at = :now" : "")
                        + " WHERE id = :id AND lease_owner = :owner AND status = :pending")
                .bind("status", status).bind("now", now).bind("id", id).bind("owner", owner).bind("pending", PENDING)
                .execute();
    }

    /** Releases a delivery {@code owner} holds, to be tried again at {@code retryAt}. */
    public void retryAt(Handle h, String id, String owner, Instant retryAt, Instant now) {
        h.createUpdate("UPDATE event_deliveries SET next_attempt_at = :retryAt, lease_owner = NULL, lease_until = NULL, "
                        + "updated_at = :now WHERE id = :id AND lease_owner = :owner AND status = :pending")
                .bind("retryAt", retryAt).bind("now", now).bind("id", id).bind("owner", owner).bind("pending", PENDING)
                .execute();
    }

    /** Fails every pending delivery of an endpoint (it answered 410 Gone); returns how many. */
    public int failPending(Handle h, String endpointId, String reason, Instant now) {
        return h.createUpdate("UPDATE event_deliveries SET status = :failed, last_error = :reason, lease_owner = NULL, "
                        + "lease_until = NULL, updated_at = :now WHERE endpoint_id = :endpoint AND status = :pending")
                .bind("failed", FAILED).bind("reason", reason).bind("now", now).bind("endpoint", endpointId).bind("pending", PENDING)
                .execute();
    }

    /**
     * "Send again": puts a delivery back to pending, due now, with a fresh retry schedule (same event, same webhook-id).
     * False when there is no such delivery, or a worker holds it at this moment.
     */
    public boolean resend(Handle h, String id, Instant now) {
        return h.createUpdate("UPDATE event_deliveries SET status = :pending, attempts = 0, next_attempt_at = :now, "
                        + "lease_owner = NULL, lease_until = NULL, updated_at = :now "
                        + "WHERE id = :id AND (lease_until IS NULL OR lease_until <= :now)")
                .bind("pending", PENDING).bind("now", now).bind("id", id)
                .execute() == 1;
    }

    public Optional<EventRows.Delivery> delivery(Handle h, String id) {
        return h.createQuery("SELECT " + EventRows.Delivery.COLUMNS + " FROM event_deliveries d JOIN events e ON e.id = d.event_id "
                        + "WHERE d.id = :id")
                .bind("id", id).mapTo(EventRows.Delivery.class).findOne();
    }

    /** Deliveries newest first, optionally of one endpoint and in one status, older than {@code before} (a delivery id). */
    public List<EventRows.Delivery> deliveries(Handle h, String endpointId, String status, String before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + EventRows.Delivery.COLUMNS
                + " FROM event_deliveries d JOIN events e ON e.id = d.event_id WHERE 1 = 1");
        if (endpointId != null) {
            sql.append(" AND d.endpoint_id = :endpoint");
        }
        if (status != null) {
            sql.append(" AND d.status = :status");
        }
        if (before != null) {
            sql.append(" AND d.id < :before");
        }
        sql.append(" ORDER BY d.id DESC LIMIT :limit");
        var query = h.createQuery(sql.toString()).bind("limit", limit);
        if (endpointId != null) {
            query.bind("endpoint", endpointId);
        }
        if (status != null) {
            query.bind("status", status);
        }
        if (before != null) {
            query.bind("before", before);
        }
        return query.mapTo(EventRows.Delivery.class).list();
    }

    /** The attempts of these deliveries, in order. */
    public List<EventRows.Attempt> attempts(Handle h, List<String> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return List.of();
        }
        return h.createQuery("SELECT * FROM event_attempts WHERE delivery_id IN (<ids>) ORDER BY delivery_id, attempt")
                .bindList("ids", deliveryIds).mapTo(EventRows.Attempt.class).list();
    }
}
