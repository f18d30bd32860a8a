package io.smsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.LogCapture;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dashboard login: server-side sessions, logout, slowed wrong tokens, security headers. */
class DashboardLoginHttpTest {
    private static final String TOKEN = "s3cret-admin";
    private final MutableClock clock = MutableClock.atNow();
    @TempDir
    Path dir;

    private TestApp start(String databaseUrl, String token) {
        return TestApp.start(databaseUrl, clock, Map.of("SMSYNC_ADMIN_TOKEN", token));
    }

    private static HttpResponse<String> login(TestApp app, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return TestApp.send(request);
    }

    private static String sessionCookie(HttpResponse<String> login) {
        assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(AdminAccess.COOKIE + "=");
        return setCookie.substring(AdminAccess.COOKIE.length() + 1, setCookie.indexOf(';'));
    }

    private static int stats(TestApp app, String cookie) {
        return app.get("/api/stats", "Cookie", AdminAccess.COOKIE + "=" + cookie).statusCode();
    }

    private static HttpResponse<String> logout(TestApp app, String cookie) {
        return TestApp.send(HttpRequest.newBuilder(app.uri("/logout"))
                .header("Cookie", AdminAccess.COOKIE + "=" + cookie)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static int sessionRows(TestApp app) {
        return app.app().database().reads()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM admin_sessions").mapTo(Integer.class).one());
    }

    @Test
    void a_copied_cookie_stops_working_after_logout() {
        try (TestApp app = start(TestDatabases.sqlite(dir), TOKEN)) {
            String cookie = sessionCookie(login(app, TOKEN));
            assertThat(stats(app, cookie)).isEqualTo(200);

            HttpResponse<String> loggedOut = logout(app, cookie);

            assertThat(loggedOut.statusCode()).isEqualTo(303);
            assertThat(loggedOut.headers().firstValue("Location")).hasValue("/login");
            assertThat(loggedOut.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                    value -> assertThat(value).startsWith(AdminAccess.COOKIE + "=;").contains("Expires=Thu, 01 Jan 1970"));
            assertThat(stats(app, cookie)).isEqualTo(401);
            assertThat(sessionRows(app)).isZero();
        }
    }

    @Test
    void each_login_gets_its_own_random_http_only_same_site_strict_cookie_for_a_week() {
        try (TestApp app = start(TestDatabases.sqlite(dir), TOKEN)) {
            HttpResponse<String> first = login(app, TOKEN);
            String second = sessionCookie(login(app, TOKEN));

            assertThat(sessionCookie(first)).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(second);
            assertThat(first.headers().firstValue("Set-Cookie").orElseThrow())
                    .contains("HttpOnly", "SameSite=Strict", "Max-Age=604800", "Path=/").doesNotContain(TOKEN);
            assertThat(sessionRows(app)).isEqualTo(2);
        }
    }

    @Test
    void a_session_made_by_one_process_works_in_another_on_the_same_database_and_ends_in_both() {
        String url = TestDatabases.freshPostgresSchema();
        try (TestApp first = start(url, TOKEN); TestApp second = start(url, TOKEN)) {
            String cookie = sessionCookie(login(first, TOKEN));
            assertThat(stats(second, cookie)).isEqualTo(200);

            logout(second, cookie);

            assertThat(stats(first, cookie)).isEqualTo(401);
        }
    }

    @Test
    void an_expired_session_is_refused_and_deleted_at_the_next_login() {
        try (TestApp app = start(TestDatabases.sqlite(dir), TOKEN)) {
            String cookie = sessionCookie(login(app, TOKEN));
            clock.advance(Duration.ofDays(7).minusSeconds(1));
            assertThat(stats(app, cookie)).isEqualTo(200);

            clock.advance(Duration.ofSeconds(1));
            assertThat(stats(app, cookie)).isEqualTo(401);

            sessionCookie(login(app, TOKEN));
            assertThat(sessionRows(app)).isEqualTo(1);
        }
    }

    @Test
    void changing_the_admin_token_ends_every_session_and_a_restart_with_the_same_token_does_not() {
        String url = TestDatabases.sqlite(dir);
        String cookie;
        try (TestApp app = start(url, TOKEN)) {
            cookie = sessionCookie(login(app, TOKEN));
        }
        try (TestApp restarted = start(url, TOKEN)) {
            assertThat(stats(restarted, cookie)).isEqualTo(200);
        }
        try (TestApp rotated = start(url, "a-new-admin-token")) {
            assertThat(stats(rotated, cookie)).isEqualTo(401);
        }
    }

    @Test
    void the_sixth_wrong_login_from_one_address_gets_429_and_a_right_token_from_another_address_still_works() throws IOException {
        try (TestApp app = start(TestDatabases.sqlite(dir), TOKEN)) {
            for (int i = 0; i < 5; i++) {
                assertThat(postLoginFrom("127.0.0.2", app, "wrong-" + i).status()).isEqualTo(401);
            }

            RawResponse sixth = postLoginFrom("127.0.0.2", app, "wrong-5");
            assertThat(sixth.status()).isEqualTo(429);
            assertThat(sixth.headers()).containsEntry("retry-after", "900");
            assertThat(sixth.body()).contains("Too many wrong tokens from your address. Try again in 15 minutes.");
            assertThat(postLoginFrom("127.0.0.2", app, TOKEN).status()).as("even the right token waits").isEqualTo(429);

            RawResponse other = postLoginFrom("127.0.0.3", app, TOKEN);
            assertThat(other.status()).isEqualTo(303);
            assertThat(other.headers().get("set-cookie")).startsWith(AdminAccess.COOKIE + "=");

            clock.advance(Duration.ofMinutes(15));
            assertThat(postLoginFrom("127.0.0.2", app, TOKEN).status()).isEqualTo(303);
        }
    }

    @Test
    void behind_a_proxy_on_this_host_wrong_logins_count_per_forwarded_client() {
        try (TestApp app = start(TestDatabases.sqlite(dir), TOKEN); LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 5; i++) {
                login(app, "wrong", "X-Forwarded-For", "198.51.100.1, 203.0.113.9");
            }

            assertThat(login(app, TOKEN, "X-Forwarded-For", "203.0.113.9").statusCode()).isEqualTo(429);
            assertThat(login(app, TOKEN, "X-Forwarded-For", "203.0.113.10").statusCode()).isEqualTo(303);
            assertThat(logs.lines()).contains(
                    "LOGIN FAILED address=203.0.113.9 via=login form: wrong admin token; address blocked for 15 minutes");
        }
    }

    @Test
    void wrong_bearer_tokens_are_slowed_like_wrong_logins() {
        try (TestApp app = start(TestDatabases.sqlite(dir), TOKEN)) {
            for (int i = 0; i < 5; i++) {
                assertThat(app.get("/api/stats", "Authorization", "Bearer guess-" + i).statusCode()).isEqualTo(401);
            }

            HttpResponse<String> blocked = app.get("/api/stats", "Authorization", "Bearer " + TOKEN);
            assertThat(blocked.statusCode()).isEqualTo(429);
            assertThat(blocked.headers().firstValue("Retry-After")).hasValue("900");
            assertThat(TestApp.json(blocked.body()).get("error").asText()).contains("Try again in 15 minutes");
        }
    }

    @Test
    void wrong_tokens_are_logged_with_the_client_address_and_never_the_token() {
        try (TestApp app = start(TestDatabases.sqlite(dir), TOKEN); LogCapture logs = new LogCapture()) {
            login(app, "form-guess-7f3a");
            app.get("/api/stats", "Authorization", "Bearer bearer-guess-91c2");
            login(app, TOKEN);

            assertThat(logs.lines()).anyMatch(line -> line.startsWith("LOGIN FAILED address=127.0.0.1 via=login form"))
                    .anyMatch(line -> line.startsWith("LOGIN FAILED address=127.0.0.1 via=bearer"))
                    .anyMatch(line -> line.startsWith("LOGIN SUCCEEDED address=127.0.0.1"))
                    .noneMatch(line -> line.contains("guess") || line.contains(TOKEN));
        }
    }

    @Test
    void the_dashboard_the_login_page_and_api_answers_carry_the_security_headers() {
        try (TestApp app = start(TestDatabases.sqlite(dir), TOKEN)) {
            for (String path : new String[] {"/", "/login", "/app.js", "/api/stats"}) {
                HttpResponse<String> response = app.get(path);
                assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValue(
                        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
                assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
                assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
                assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            }
        }
    }

    @Test
    void without_an_admin_token_logout_only_clears_the_cookie() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            HttpResponse<String> loggedOut = logout(app, "anything");

            assertThat(loggedOut.statusCode()).isEqualTo(303);
            assertThat(loggedOut.headers().firstValue("Set-Cookie")).hasValueSatisfying(value -> assertThat(value).contains("Expires=Thu, 01 Jan 1970"));
        }
    }

    @Test
    void another_sites_page_can_neither_log_in_nor_lock_the_admin_out_nor_log_them_out() {
        try (TestApp app = start(TestDatabases.sqlite(dir), "s3cret-admin")) {
            for (int i = 0; i < 6; i++) {
                assertThat(login(app, "guess-" + i, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
            }
            assertThat(login(app, "guess", "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
            String cookie = sessionCookie(login(app, "s3cret-admin", "Origin", "http://127.0.0.1:" + app.app().port()));
            HttpResponse<String> forgedLogout = TestApp.send(HttpRequest.newBuilder(app.uri("/logout"))
                    .header("Cookie", AdminAccess.COOKIE + "=" + cookie).header("Origin", "https://evil.example")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(forgedLogout.statusCode()).isEqualTo(403);
            assertThat(stats(app, cookie)).isEqualTo(200);
        }
    }

    @Test
    void the_login_form_is_read_within_a_small_bound_before_anyone_is_known() {
        try (TestApp app = start(TestDatabases.sqlite(dir), "s3cret-admin")) {
            HttpResponse<String> huge = login(app, "x".repeat(AdminAccess.MAX_LOGIN_FORM_BYTES));
            assertThat(huge.statusCode()).isEqualTo(413);
            assertThat(huge.body()).contains("larger than 4 KiB");
            HttpResponse<String> encoded = login(app, "s3cret%2Dadmin&remember=1");
            assertThat(sessionCookie(encoded)).isNotBlank();
        }
    }

    private record RawResponse(int status, Map<String, String> headers, String body) {
    }

    /** Posts the login form from a chosen loopback address, so two clients have two real addresses. */
    private static RawResponse postLoginFrom(String localAddress, TestApp app, String token) throws IOException {
        byte[] body = ("token=" + token).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", app.app().port()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /login HTTP/1.1\r\nHost: 127.0.0.1:" + app.app().port() + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String[] parts = response.split("\r\n\r\n", 2);
            String[] lines = parts[0].split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
            }
            return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, parts.length > 1 ? parts[1] : "");
        }
    }
}
