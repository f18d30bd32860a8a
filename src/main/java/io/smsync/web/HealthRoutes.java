package io.smsync.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.smsync.store.Database;
import io.smsync.http.RouteGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Health for load balancers and orchestrators, without the admin token: {@code /health} and
 * {@code /health/ready} are 200 while the store answers within a second and its writer lives, and
 * every background part given here (the closing loop) is alive, else 503 naming what is down;
 * {@code /health/live} is 200 while the process serves HTTP at all.
 */
public final class HealthRoutes implements RouteGroup {
    private final Database database;
    private final Map<String, BooleanSupplier> parts;

    /** @param parts background parts by name, each saying whether it is alive and doing its work */
    public HealthRoutes(Database database, Map<String, BooleanSupplier> parts) {
        this.database = database;
        this.parts = parts;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health", this::ready);
        routes.get("/health/ready", this::ready);
        routes.get("/health/live", ctx -> ctx.json(Map.of("status", "up")));
    }

    private void ready(Context ctx) {
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("store", database::isUp);
        checks.putAll(parts);
        List<String> down = checks.entrySet().stream().filter(check -> !check.getValue().getAsBoolean()).map(Map.Entry::getKey).toList();
        if (down.isEmpty()) {
            ctx.json(Map.of("status", "up"));
        } else {
            ctx.status(503).json(Map.of("status", "down", "down", down));
        }
    }
}
