package io.smsync.ingest;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.smsync.web.ApiError;
import io.smsync.web.RouteGroup;
import io.smsync.web.WebServer;
import java.util.Locale;

/** {@code POST /webhooks/sms}, the generic webhook (contract §4). */
public final class WebhookRoutes implements RouteGroup {
    private final WebhookAuth auth;
    private final WebhookParser parser;
    private final IngestService ingest;

    public WebhookRoutes(WebhookAuth auth, WebhookParser parser, IngestService ingest) {
        this.auth = auth;
        this.parser = parser;
        this.ingest = ingest;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.post("/webhooks/sms", this::receive);
    }

    private void receive(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "send the body as application/json (got " + (contentType == null ? "no Content-Type" : "'" + contentType + "'") + ")");
        }
        if (ctx.contentLength() > WebServer.MAX_BODY_BYTES) {
            throw new ApiError(413, "request body is larger than 1 MiB");
        }
        byte[] body = ctx.bodyAsBytes();
        if (!auth.verify(ctx.header("Authorization"), ctx.header("X-Smsync-Signature"), body)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "missing or wrong credentials: send Authorization: Bearer <SMSYNC_WEBHOOK_TOKEN> "
                    + "or X-Smsync-Signature: sha256=<hex HMAC-SHA256 of the body>");
        }
        try {
            ctx.json(ingest.ingest(parser.parse(body)));
        } catch (WebhookParser.InvalidRequest e) {
            throw new ApiError(e.status(), e.getMessage());
        }
    }
}
