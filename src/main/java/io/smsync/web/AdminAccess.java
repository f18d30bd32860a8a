package io.smsync.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Guards {@code /api/*} and so the dashboard: with {@code SMSYNC_ADMIN_TOKEN} set, a matching bearer token
 * (scripts) or the session cookie set by the login form (browsers) is required; without it, the dashboard and
 * the API answer only {@link LocalRequests local} requests. Comparisons are constant-time.
 */
public final class AdminAccess implements RouteGroup {
    static final String COOKIE = "smsync_session";
    private static final int SESSION_SECONDS = 7 * 24 * 3600;

    private final String token;
    private final LocalRequests local;
    /** Derived from the token, so the cookie never carries the token itself and changes when it does. */
    private final String session;

    public AdminAccess(String token, boolean loopbackBind) {
        this.token = token;
        this.local = new LocalRequests(loopbackBind);
        this.session = token == null ? null : hmacHex(token, "smsync dashboard session");
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.before(this::guardDashboard);
        routes.get("/login", ctx -> ctx.html(LoginPage.html(null)));
        routes.post("/login", this::login);
        routes.post("/logout", ctx -> {
            ctx.removeCookie(COOKIE, "/");
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        });
    }

    private void login(Context ctx) {
        if (token == null) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        String presented = ctx.formParam("token");
        if (presented == null || !equal(presented.trim(), token)) {
            ctx.status(401).html(LoginPage.html("That token is not right."));
            return;
        }
        Cookie cookie = new Cookie(COOKIE, session, "/", SESSION_SECONDS, isHttps(ctx));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        ctx.cookie(cookie);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private static boolean isHttps(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    void check(Context ctx) {
        if (token == null) {
            requireLocal(ctx);
            return;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith("Bearer ") && equal(header.substring(7).trim(), token)) {
            return;
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null && equal(cookie, session)) {
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer");
        throw new ApiError(401, "missing or wrong admin token (Authorization: Bearer <SMSYNC_ADMIN_TOKEN>, or log in at /login)");
    }

    /** Without a token, the dashboard and the API answer only requests from this machine (not via a proxy, no rebound Host). */
    private void requireLocal(Context ctx) {
        String why = local.whyNotLocal(ctx);
        if (why != null) {
            throw new ApiError(403, "the dashboard and /api answer only requests from this machine until SMSYNC_ADMIN_TOKEN is set: " + why);
        }
    }

    /** Everything but the webhooks (their own secrets), health and metrics (no personal data) is the dashboard's. */
    private void guardDashboard(Context ctx) {
        String path = ctx.path();
        if (token == null && !path.startsWith("/webhooks/") && !path.startsWith("/health") && !path.equals("/metrics")) {
            requireLocal(ctx);
        }
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmacHex(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
