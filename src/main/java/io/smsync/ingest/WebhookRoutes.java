package io.smsync.ingest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.smsync.http.ApiError;
import io.smsync.http.BodyBudget;
import io.smsync.http.LocalRequests;
import io.smsync.http.RouteGroup;
import io.smsync.http.WebServer;
import java.util.Locale;

/** {@code POST /webhooks/sms}, the generic webhook. */
public final class WebhookRoutes implements RouteGroup {
    private final WebhookAuth auth;
    private final WebhookParser parser;
    private final IngestService ingest;
    private final LocalRequests local;
    private final BodyBudget bodies;

    public WebhookRoutes(WebhookAuth auth, WebhookParser parser, IngestService ingest, LocalRequests local, BodyBudget bodies) {
        this.auth = auth;
        this.parser = parser;
        this.ingest = ingest;
        this.local = local;
        this.bodies = bodies;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/webhooks/sms", this::receive);
    }

    private void receive(Context ctx) {
        if (!auth.enabled()) {
            requireLocal(ctx);
        }
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "send the body as application/json (got " + (contentType == null ? "no Content-Type" : "'" + contentType + "'") + ")");
        }
        // A bearer token is checked before the body is read; only a signature needs the body first.
        String authorization = ctx.header("Authorization");
        String signature = ctx.header("X-Smsync-Signature");
        boolean passed = auth.passesWithoutBody(authorization);
        if (!passed && signature == null) {
            throw unauthorized(ctx);
        }
        try (BodyBudget.Body body = bodies.read(ctx, (int) WebServer.MAX_BODY_BYTES)) {
            if (!passed && !auth.verify(null, signature, body.bytes())) {
                throw unauthorized(ctx);
            }
            ctx.json(ingest.ingest(parser.parse(body.bytes())));
        }
    }

    private static ApiError unauthorized(Context ctx) {
        ctx.header("WWW-Authenticate", "Bearer");
        return new ApiError(401, "missing or wrong credentials: send Authorization: Bearer <SMSYNC_WEBHOOK_TOKEN> "
                + "or X-Smsync-Signature: sha256=<hex HMAC-SHA256 of the body>");
    }

    /**
     * Without a token the webhook is for this machine only: anyone who can post to it makes smsync text the
     * number they name. So it is off on a public bind, and refuses proxied or rebound requests on loopback.
     */
    private void requireLocal(Context ctx) {
        if (!local.loopbackBind()) {
            throw new ApiError(404, "the generic webhook is off: on a non-loopback bind it needs SMSYNC_WEBHOOK_TOKEN");
        }
        String why = local.whyNotLocal(ctx);
        if (why != null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "without SMSYNC_WEBHOOK_TOKEN this webhook takes requests only from this machine, and "
                    + why + "; set SMSYNC_WEBHOOK_TOKEN and send it as a bearer token or an HMAC signature");
        }
    }
}
