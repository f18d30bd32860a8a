package io.smsync.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.smsync.http.ApiError;
import io.smsync.http.Json;
import io.smsync.http.RouteGroup;
import io.smsync.store.EventRows;
import io.smsync.store.Events;
import io.smsync.store.Transactor;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * The event webhook API (admin access, as all of {@code /api}): endpoints listed, added, paused, resumed and removed;
 * deliveries listed with their attempts, and sent again.
 */
public final class EventRoutes implements RouteGroup {
    private static final int MAX_BODY_CHARS = 16_384;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    private static final List<String> STATUSES = List.of(Events.PENDING, Events.DELIVERED, Events.FAILED);

    private final Endpoints endpoints;
    private final Transactor writes;
    private final Jdbi reads;
    private final Events events;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();

    public EventRoutes(Endpoints endpoints, Transactor writes, Jdbi reads, Events events, Clock clock) {
        this.endpoints = endpoints;
        this.writes = writes;
        this.reads = reads;
        this.events = events;
        this.clock = clock;
    }

    /** An endpoint as the API shows it; {@code secret} only in the answer that creates it. */
    record EndpointView(String id, String url, List<String> types, String source, String status, String statusReason,
                        Instant createdAt, Instant updatedAt, String secret) {
        static EndpointView of(EventRows.Endpoint e, boolean withSecret) {
            return new EndpointView(e.id(), e.url(), Arrays.asList(e.types().split(",")), e.source(), e.status(),
                    e.statusReason(), e.createdAt(), e.updatedAt(), withSecret ? e.secret() : null);
        }
    }

    record AttemptView(int attempt, Instant at, Integer statusCode, String error, long durationMs) {
    }

    record DeliveryView(String id, String eventId, String endpointId, String type, String status, Instant nextAttemptAt,
                        String lastError, Instant createdAt, Instant updatedAt, Instant deliveredAt, List<AttemptView> attempts) {
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/api/endpoints", ctx -> ctx.json(Map.of("endpoints",
                endpoints.list().stream().map(e -> EndpointView.of(e, false)).toList())));
        routes.post("/api/endpoints", this::add);
        routes.get("/api/endpoints/{id}", ctx -> ctx.json(EndpointView.of(endpoints.find(ctx.pathParam("id"))
                .orElseThrow(() -> noEndpoint(ctx)), false)));
        routes.delete("/api/endpoints/{id}", ctx -> {
            switch (endpoints.delete(ctx.pathParam("id"))) {
                case DONE -> ctx.status(204);
                case NOT_FOUND -> throw noEndpoint(ctx);
                case CONFIGURED -> throw new ApiError(409, "endpoint '" + ctx.pathParam("id")
                        + "' is configured by SMSYNC_EVENTS_URL; remove it there (or pause it here)");
            }
        });
        routes.post("/api/endpoints/{id}/pause", ctx -> setActive(ctx, false));
        routes.post("/api/endpoints/{id}/resume", ctx -> setActive(ctx, true));
        routes.get("/api/deliveries", this::deliveries);
        routes.post("/api/deliveries/{id}/retry", this::sendAgain);
    }

    private static ApiError noEndpoint(Context ctx) {
        return new ApiError(404, "no endpoint with id '" + ctx.pathParam("id") + "'");
    }

    private void add(Context ctx) {
        JsonNode body = body(ctx);
        String url = text(body, "url");
        String secret = text(body, "secret");
        Set<EventType> types = null;
        JsonNode typesNode = body.get("types");
        try {
            if (typesNode != null && !typesNode.isNull()) {
                if (!typesNode.isArray()) {
                    throw new IllegalArgumentException("types must be an array of event type names");
                }
                List<String> names = new ArrayList<>();
                typesNode.forEach(t -> names.add(t.asText()));
                types = EventType.parseList(String.join(",", names));
            }
            ctx.status(201).json(EndpointView.of(endpoints.add(url, types, secret), true));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new ApiError(400, message.startsWith("url") || message.startsWith("types") || message.contains("event type")
                    ? message : "secret: " + message);
        }
    }

    private JsonNode body(Context ctx) {
        String raw = ctx.body();
        if (raw.length() > MAX_BODY_CHARS) {
            throw new ApiError(413, "body over " + MAX_BODY_CHARS + " characters");
        }
        try {
            JsonNode node = json.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "body must be a JSON object such as {\"url\": \"https://…\", \"types\": [\"batch.classified\"]}");
            }
            return node;
        } catch (IOException e) {
            throw new ApiError(400, "body is not valid JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ApiError(400, field + " must be a string");
        }
        return node.asText().trim();
    }

    private void setActive(Context ctx, boolean active) {
        if (endpoints.setActive(ctx.pathParam("id"), active) == Endpoints.Change.NOT_FOUND) {
            throw noEndpoint(ctx);
        }
        ctx.json(EndpointView.of(endpoints.find(ctx.pathParam("id")).orElseThrow(() -> noEndpoint(ctx)), false));
    }

    private void deliveries(Context ctx) {
        String endpoint = blankToNull(ctx.queryParam("endpoint"));
        String status = blankToNull(ctx.queryParam("status"));
        if (status != null && !STATUSES.contains(status)) {
            throw new ApiError(400, "status: must be one of " + String.join(", ", STATUSES) + " (got '" + status + "')");
        }
        String before = blankToNull(ctx.queryParam("before"));
        int limit = limit(blankToNull(ctx.queryParam("limit")));
        List<DeliveryView> views = reads.withHandle(h -> {
            List<EventRows.Delivery> rows = events.deliveries(h, endpoint, status, before, limit + 1);
            Map<String, List<AttemptView>> attempts = events.attempts(h, rows.stream().map(EventRows.Delivery::id).toList()).stream()
                    .collect(Collectors.groupingBy(EventRows.Attempt::deliveryId, Collectors.mapping(
                            a -> new AttemptView(a.attempt(), a.at(), a.statusCode(), a.error(), a.durationMs()), Collectors.toList())));
            return rows.stream().map(d -> new DeliveryView(d.id(), d.eventId(), d.endpointId(), d.type(), d.status(),
                    Events.PENDING.equals(d.status()) ? d.nextAttemptAt() : null, d.lastError(), d.createdAt(), d.updatedAt(),
                    d.deliveredAt(), attempts.getOrDefault(d.id(), List.of()))).toList();
        });
        String next = views.size() > limit ? views.get(limit - 1).id() : null;
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("deliveries", views.size() > limit ? views.subList(0, limit) : views);
        page.put("next", next);
        ctx.json(page);
    }

    private void sendAgain(Context ctx) {
        String id = ctx.pathParam("id");
        if (reads.withHandle(h -> events.delivery(h, id)).isEmpty()) {
            throw new ApiError(404, "no delivery with id '" + id + "'");
        }
        boolean done = writes.inTransaction(h -> events.resend(h, id, clock.instant()));
        if (!done) {
            throw new ApiError(409, "delivery '" + id + "' is being sent at this moment; try again when it has an outcome");
        }
        ctx.status(202).json(Map.of("id", id, "status", Events.PENDING));
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ApiError(400, "limit: must be a whole number from 1 to " + MAX_LIMIT + " (got '" + value + "')");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
