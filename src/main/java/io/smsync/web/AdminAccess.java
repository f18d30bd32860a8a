package io.smsync.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.smsync.crypto.Hmac;
import io.smsync.http.ApiError;
import io.smsync.http.BodyBudget;
import io.smsync.http.LocalRequests;
import io.smsync.http.RouteGroup;

/**
 * Guards {@code /api/*} and so the dashboard: with {@code SMSYNC_ADMIN_TOKEN} set, a matching bearer token
 * (scripts) or the session cookie set by the login form (browsers) is required; without it, the dashboard and
 * the API answer only {@link LocalRequests local} requests. Comparisons are constant-time; wrong tokens are
 * logged and slowed per client address.
 */
public final class AdminAccess implements RouteGroup {
    private static final Logger log = LoggerFactory.getLogger(AdminAccess.class);
    static final String COOKIE = "smsync_session";
    static final int MAX_LOGIN_FORM_BYTES = 4096;

    private final String token;
    private final LocalRequests local;
    private final DashboardSessions sessions;
    private final LoginThrottle throttle;
    private final BodyBudget bodies;

    public AdminAccess(String token, LocalRequests local, DashboardSessions sessions, LoginThrottle throttle, BodyBudget bodies) {
        this.token = token;
        this.local = local;
        this.sessions = sessions;
        this.throttle = throttle;
        this.bodies = bodies;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.before(this::guardDashboard);
        routes.get("/login", ctx -> ctx.html(LoginPage.html(null)));
        routes.before("/login", this::refuseCrossSitePosts);
        routes.before("/logout", this::refuseCrossSitePosts);
        routes.post("/login", this::login);
        // Whether the dashboard has a session to end (the cookie is HttpOnly, so its script cannot see it).
        routes.get("/api/session", ctx -> {
            Via via = ctx.attribute(VIA_ATTRIBUTE);
            ctx.json(new SessionView(via == null ? "local" : via.name().toLowerCase(Locale.ROOT), via == Via.SESSION));
        });
        routes.post("/logout", ctx -> {
            String cookie = ctx.cookie(COOKIE);
            if (cookie != null && token != null) {
                sessions.end(cookie);
            }
            ctx.removeCookie(COOKIE, "/");
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        });
    }

    /**
     * Another site's page can post forms here: five wrong logins would lock the admin's own address out, and a
     * logout would clear their cookie. Browsers say where a post comes from (Sec-Fetch-Site, Origin); such a post
     * is refused before it counts as anything.
     */
    private void refuseCrossSitePosts(Context ctx) {
        if (!"POST".equals(ctx.method().name())) {
            return;
        }
        // Sec-Fetch-Site when the browser sends it; else the Origin. Our own pages' Referrer-Policy: no-referrer makes
        // browsers send "Origin: null" on their form posts, so "null" alone proves nothing either way.
        String site = ctx.header("Sec-Fetch-Site");
        String origin = ctx.header("Origin");
        boolean crossSite = site != null
                ? !"same-origin".equalsIgnoreCase(site) && !"none".equalsIgnoreCase(site)
                : origin != null && !origin.equals("null") && !sameHost(origin, ctx.header("Host"));
        if (crossSite) {
            throw new ApiError(403, "refused: this form can only be posted from smsync's own pages");
        }
    }

    /** How this request was let in ({@code local}, {@code bearer}, {@code session}) and whether a logout would end anything. */
    record SessionView(String via, boolean canLogOut) {
    }

    private static boolean sameHost(String origin, String host) {
        if (host == null) {
            return false;
        }
        int scheme = origin.indexOf("://");
        return scheme > 0 && origin.substring(scheme + 3).equalsIgnoreCase(host);
    }

    private void login(Context ctx) {
        if (token == null) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        String address = clientAddress(ctx);
        Duration wait = throttle.blockedFor(address);
        if (!wait.isZero()) {
            ctx.header("Retry-After", String.valueOf(seconds(wait)));
            ctx.status(429).html(LoginPage.html(tooMany(wait)));
            return;
        }
        String presented = presentedToken(ctx);
        if (presented == null || !Hmac.sameText(presented.trim(), token)) {
            failed(address, "login form");
            ctx.status(401).html(LoginPage.html("That token is not right."));
            return;
        }
        throttle.succeeded(address);
        log.info("LOGIN SUCCEEDED address={}", address);
        Cookie cookie = new Cookie(COOKIE, sessions.create(), "/", (int) DashboardSessions.LIFETIME.toSeconds(), isHttps(ctx));
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        ctx.cookie(cookie);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /**
     * The form's {@code token} field. The body comes from anyone before they are known, so it is read within the
     * shared body budget and small: a token is far shorter than {@value #MAX_LOGIN_FORM_BYTES} bytes.
     */
    private String presentedToken(Context ctx) {
        try (BodyBudget.Body body = bodies.read(ctx, MAX_LOGIN_FORM_BYTES)) {
            for (String field : new String(body.bytes(), StandardCharsets.UTF_8).split("&")) {
                if (field.startsWith("token=")) {
                    return URLDecoder.decode(field.substring(6), StandardCharsets.UTF_8);
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void failed(String address, String via) {
        Duration block = throttle.failed(address);
        if (block.isZero()) {
            log.warn("LOGIN FAILED address={} via={}: wrong admin token", address, via);
        } else {
            log.warn("LOGIN FAILED address={} via={}: wrong admin token; address blocked for {} minutes",
                    address, via, block.toMinutes());
        }
    }

    private static long seconds(Duration wait) {
        return (wait.toMillis() + 999) / 1000;
    }

    private static String tooMany(Duration wait) {
        long minutes = (seconds(wait) + 59) / 60;
        return "Too many wrong tokens from your address. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes.");
    }

    private static String clientAddress(Context ctx) {
        return LoginThrottle.clientAddress(ctx.ip(), ctx.header("X-Forwarded-For"));
    }

    private static boolean isHttps(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    /**
     * Lets a request to {@code /api/*} through, or answers 401/403/429. A write (any method but GET, HEAD, OPTIONS)
     * must also come from smsync's own pages or from no page at all: see {@link #refuseCrossSiteWrite}.
     */
    void check(Context ctx) {
        Via via = authenticate(ctx);
        ctx.attribute(VIA_ATTRIBUTE, via);
        String method = ctx.method().name();
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")) {
            refuseCrossSiteWrite(ctx, via);
        }
    }

    /** How a request was let in: from this machine with no token set, by bearer token, or by the login's session cookie. */
    enum Via { LOCAL, BEARER, SESSION }

    private static final String VIA_ATTRIBUTE = "smsync.admin.via";

    /**
     * A browser attaches the session cookie (and, without a token, reaches a loopback smsync) whatever page made the
     * request, so a write must prove where it comes from: {@code Sec-Fetch-Site} when sent must say same-origin (or
     * none: typed by the user), an {@code Origin} when sent must be this server's, and a write with the session
     * cookie must carry that {@code Origin} (every browser sends it on a script's POST and PUT). Clients outside a
     * browser send neither header; with a token set they need the bearer token anyway.
     */
    private static void refuseCrossSiteWrite(Context ctx, Via via) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !"same-origin".equalsIgnoreCase(site) && !"none".equalsIgnoreCase(site)) {
            throw new ApiError(403, "refused: a change through /api from another site's page (Sec-Fetch-Site: " + site + ")");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameHost(origin, ctx.header("Host")) && !sameHost(origin, ctx.header("X-Forwarded-Host"))) {
            throw new ApiError(403, "refused: a change through /api from another origin (Origin: " + origin + ")");
        }
        if (origin == null && via == Via.SESSION) {
            throw new ApiError(403, "refused: a change made with the dashboard's session must carry the page's Origin header");
        }
    }

    private Via authenticate(Context ctx) {
        if (token == null) {
            requireLocal(ctx);
            return Via.LOCAL;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith("Bearer ")) {
            String address = clientAddress(ctx);
            Duration wait = throttle.blockedFor(address);
            if (!wait.isZero()) {
                ctx.header("Retry-After", String.valueOf(seconds(wait)));
                throw new ApiError(429, tooMany(wait));
            }
            if (Hmac.sameText(header.substring(7).trim(), token)) {
                throttle.succeeded(address);
                return Via.BEARER;
            }
            failed(address, "bearer");
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null && sessions.isValid(cookie)) {
            return Via.SESSION;
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
}
