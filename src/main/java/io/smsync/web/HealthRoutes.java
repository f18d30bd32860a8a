package io.smsync.web;

import io.javalin.config.RoutesConfig;
import io.smsync.store.Database;
import java.util.Map;

/** {@code GET /health}: 200 while the store answers, else 503. */
public final class HealthRoutes implements RouteGroup {
    private final Database database;

    public HealthRoutes(Database database) {
        this.database = database;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health", ctx -> {
            boolean up = database.isUp();
            ctx.status(up ? 200 : 503).json(Map.of("status", up ? "up" : "down"));
        });
    }
}
