package io.smsync.http;

import io.javalin.http.Context;

/**
 * Headers on every response that keep the dashboard in its own lane: only its own scripts and styles
 * run (no inline code, so injected markup cannot execute), no framing, no referrer, no type sniffing.
 */
final class SecurityHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private SecurityHeaders() {
    }

    static void add(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
    }
}
