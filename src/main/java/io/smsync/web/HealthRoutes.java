package io.smsync.web;

import io.javalin.config.RoutesConfig;
import io.smsync.store.Database;
import java.util.Map;

/**
 * Health for load balancers and orchestrators, without the admin token: {@code /health} and
 * {@code /health/ready} are 200 while the store answers (it was migrated before the server started),
 * else 503; {@code /health/live} is 200 while the process serves HTTP at all.
 */
public final class HealthRoutes implements RouteGroup {
    private final Database database;

    public HealthRoutes(Database database) {
        this.database = database;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/health", this::ready);
        routes.get("/health/ready", this::ready);
        routes.get("/health/live", ctx -> ctx.json(Map.of("status", "up")));
    }

    private void ready(io.javalin.http.Context ctx) {
        boolean up = database.isUp();
        ctx.status(up ? 200 : 503).json(Map.of("status", up ? "up" : "down"));
    }
}
