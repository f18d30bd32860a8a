package io.smsync.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards {@code /api/*}: with {@code SMSYNC_ADMIN_TOKEN} set, a matching bearer token is required;
 * without it, the API answers only when the server is bound to loopback.
 */
public final class AdminAccess {
    private final String token;
    private final boolean loopbackBind;

    public AdminAccess(String token, boolean loopbackBind) {
        this.token = token;
        this.loopbackBind = loopbackBind;
    }

    void check(Context ctx) {
        if (token == null) {
            if (!loopbackBind) {
                throw new ApiError(403, "the API is off on a non-loopback bind until SMSYNC_ADMIN_TOKEN is set");
            }
            return;
        }
        String header = ctx.header("Authorization");
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "missing or wrong admin token (Authorization: Bearer <SMSYNC_ADMIN_TOKEN>)");
        }
    }
}
