package io.smsync.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.smsync.store.BatchStatus;
import io.smsync.store.ReadModel;
import io.smsync.http.ApiError;
import io.smsync.http.RouteGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The read API: batches newest first in pages of previews (filtered by sender, words, status, category, handled),
 * one batch in full, senders, and counters.
 */
public final class ApiRoutes implements RouteGroup {
    /** The OpenAPI 3.1 description of every endpoint, written by hand and shipped in the jar. */
    private static final byte[] OPENAPI = resource("/openapi.json");

    private final ReadModel readModel;
    private final UnaryOperator<String> normalizeNumber;
    private final AdminAccess access;
    private final Clock clock;

    public ApiRoutes(ReadModel readModel, UnaryOperator<String> normalizeNumber, AdminAccess access, Clock clock) {
        this.readModel = readModel;
        this.normalizeNumber = normalizeNumber;
        this.access = access;
        this.clock = clock;
    }

    /** A page of a listing; {@code next} is the cursor of the older page, null on the last one. */
    record PageView(List<BatchListItem> batches, String next) {
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.before("/api/*", access::check);
        routes.get("/api/batches", this::list);
        routes.get("/api/batches/{id}", ctx -> ctx.json(readModel.find(ctx.pathParam("id"))
                .map(BatchView::of)
                .orElseThrow(() -> new ApiError(404, "no batch with id '" + ctx.pathParam("id") + "'"))));
        routes.get("/api/stats", ctx -> ctx.json(readModel.stats()));
        routes.get("/api/timeline", ctx -> {
            Instant now = clock.instant();
            ctx.json(Map.of("hours", readModel.timeline(now.minus(Duration.ofHours(23)), now)));
        });
        routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(OPENAPI));
        routes.get("/api/senders/{number}", ctx -> {
            String number = normalizeNumber.apply(ctx.pathParam("number"));
            ctx.json(readModel.sender(number, 20).map(SenderView::of)
                    .orElseThrow(() -> new ApiError(404, "no messages from '" + number + "'")));
        });
    }

    private void list(Context ctx) {
        String sender = blankToNull(ctx.queryParam("sender"));
        var filter = new ReadModel.BatchFilter(sender == null ? null : normalizeNumber.apply(sender),
                blankToNull(ctx.queryParam("q")), status(blankToNull(ctx.queryParam("status"))),
                blankToNull(ctx.queryParam("category")), handled(blankToNull(ctx.queryParam("handled"))),
                Paging.before(ctx), Paging.limit(ctx));
        ReadModel.BatchPage page = readModel.list(filter);
        ctx.json(new PageView(page.batches().stream().map(BatchListItem::of).toList(), Cursor.encode(page.next())));
    }

    private static BatchStatus status(String value) {
        if (value == null) {
            return null;
        }
        return Arrays.stream(BatchStatus.values()).filter(s -> s.wireName().equals(value)).findFirst()
                .orElseThrow(() -> new ApiError(400, "status: must be one of " + Arrays.stream(BatchStatus.values())
                        .map(BatchStatus::wireName).collect(Collectors.joining(", ")) + " (got '" + value + "')"));
    }

    private static Boolean handled(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ApiError(400, "handled: must be true or false (got '" + value + "')");
        };
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the jar", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
