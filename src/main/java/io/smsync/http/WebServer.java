package io.smsync.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.smsync.store.Database;
import io.smsync.store.StoreUnavailableException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: Javalin on virtual threads, every error answered as {@code {"error": …}} JSON. */
public final class WebServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    /** Bodies over 1 MiB are refused (413). */
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    static final String RETRY_AFTER_SECONDS = "5";

    private final Javalin javalin;

    public WebServer(ObjectMapper json, List<RouteGroup> groups) {
        this.javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(json, true));
            // The dashboard: plain HTML, CSS and JavaScript shipped in the jar; its data comes from /api/*.
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.routes.before(SecurityHeaders::add);
            groups.forEach(group -> group.addTo(config.routes));
            config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), describe(e)));
            config.routes.exception(StoreUnavailableException.class, (e, ctx) -> storeUnavailable(ctx, e));
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (Database.isUnavailable(e)) {
                    storeUnavailable(ctx, e);
                } else if (ClientGone.isCause(e)) {
                    // Nobody is left to read an answer; a dropped connection is the client's business, not a bug of ours.
                    log.info("client went away during {} {}: {}", ctx.method(), ctx.path(), e.toString());
                    ctx.status(400);
                } else {
                    log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "internal error");
                }
            });
            config.routes.error(404, "*", ctx -> {
                if (ctx.result() == null) {
                    error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
                }
            });
        });
    }

    private static void storeUnavailable(Context ctx, Exception e) {
        log.warn("store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        error(ctx, 503, "the message store is unavailable right now; retry later");
    }

    private static String describe(HttpResponseException e) {
        return e.getStatus() == 413 ? "request body is larger than 1 MiB" : e.getMessage();
    }

    static void error(Context ctx, int status, String message) {
        BodyBudget.discardUnread(ctx);
        ctx.status(status).json(Map.of("error", message));
    }

    public WebServer start(String host, int port) {
        javalin.start(host, port);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    /** The endpoints Javalin's router holds, as {@code "GET /api/batches"}: filters and static files left out. */
    public List<String> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path)
                .toList();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
