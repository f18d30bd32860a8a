package io.smsync.web;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.AppExtension;
import io.smsync.testing.TestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may change anything through the operator API: with a token, only its holder (bearer) or a logged-in browser
 * on smsync's own page, even from this machine; without one, this machine but never another site's page.
 */
class OperatorWriteAccessTest {
    private static final String TOKEN = "s3cret-admin";
    private static final String TEXT = "/api/senders/%2B16502530000/messages";
    private static final String BODY = "{\"text\":\"hello from the shop\"}";

    @RegisterExtension
    final AppExtension smsync = AppExtension.sqlite();

    private TestApp withToken() {
        TestApp app = smsync.start(Map.of("SMSYNC_ADMIN_TOKEN", TOKEN));
        app.postWebhook(message("g1", "+16502530000", "hi"));
        return app;
    }

    private TestApp withoutToken() {
        TestApp app = smsync.start(Map.of());
        app.postWebhook(message("g1", "+16502530000", "hi"));
        return app;
    }

    private static String origin(TestApp app) {
        return "http://127.0.0.1:" + app.app().port();
    }

    private static HttpResponse<String> post(TestApp app, String... headers) {
        List<String> all = new ArrayList<>(List.of("Content-Type", "application/json"));
        all.addAll(List.of(headers));
        return TestApp.send(HttpRequest.newBuilder(app.uri(TEXT)).headers(all.toArray(String[]::new))
                .POST(HttpRequest.BodyPublishers.ofString(BODY)));
    }

    private static String login(TestApp app) {
        HttpResponse<String> login = TestApp.send(HttpRequest.newBuilder(app.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)));
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String error(HttpResponse<String> response) {
        return TestApp.json(response.body()).get("error").asText();
    }

    @Test
    void with_a_token_a_write_from_this_machine_still_needs_it() {
        TestApp app = withToken();
        HttpResponse<String> anonymous = post(app);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(post(app, "Origin", origin(app)).statusCode()).isEqualTo(401);
        assertThat(post(app, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(post(app, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(202);
        assertThat(smsync.rows("SELECT id FROM replies WHERE origin = 'operator'")).hasSize(1);
        assertThat(smsync.rows("SELECT client FROM audit_log")).hasSize(1);
    }

    @Test
    void the_session_cookie_writes_only_with_the_pages_own_origin() {
        TestApp app = withToken();
        String cookie = login(app);

        HttpResponse<String> noOrigin = post(app, "Cookie", cookie);
        assertThat(noOrigin.statusCode()).isEqualTo(403);
        assertThat(error(noOrigin)).contains("Origin");
        HttpResponse<String> otherSite = post(app, "Cookie", cookie, "Origin", "https://evil.example");
        assertThat(otherSite.statusCode()).isEqualTo(403);
        assertThat(error(otherSite)).contains("another origin");
        assertThat(post(app, "Cookie", cookie, "Origin", "null").statusCode()).as("an opaque origin proves nothing").isEqualTo(403);
        assertThat(post(app, "Cookie", cookie, "Origin", origin(app), "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(post(app, "Cookie", cookie, "Origin", origin(app), "Sec-Fetch-Site", "same-site").statusCode())
                .as("a sibling subdomain is another site's page").isEqualTo(403);
        assertThat(smsync.rows("SELECT id FROM replies WHERE origin = 'operator'")).as("nothing refused was written").isEmpty();

        assertThat(post(app, "Cookie", cookie, "Origin", origin(app), "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(202);
        assertThat(app.get("/api/senders/%2B16502530000/conversation", "Cookie", cookie).statusCode())
                .as("reading needs no Origin").isEqualTo(200);
        HttpResponse<String> put = TestApp.send(HttpRequest.newBuilder(app.uri("/api/senders/%2B16502530000/opt-out"))
                .headers("Cookie", cookie, "Origin", origin(app), "Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"opted_out\":true}")));
        assertThat(put.statusCode()).isEqualTo(200);
    }

    @Test
    void without_a_token_this_machine_writes_but_another_sites_page_in_its_browser_cannot() {
        TestApp app = withoutToken();
        HttpResponse<String> crossSite = post(app, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(post(app, "Origin", "https://evil.example").statusCode()).as("an older browser: Origin alone").isEqualTo(403);
        assertThat(post(app, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(post(app, "Origin", "http://localhost:1").statusCode()).as("another port is another origin").isEqualTo(403);
        HttpResponse<String> proxied = post(app, "X-Forwarded-For", "203.0.113.9");
        assertThat(proxied.statusCode()).as("through a proxy it is not this machine").isEqualTo(403);
        assertThat(smsync.rows("SELECT id FROM replies WHERE origin = 'operator'")).isEmpty();

        assertThat(post(app).statusCode()).as("curl on this machine").isEqualTo(202);
        assertThat(post(app, "Origin", origin(app), "Sec-Fetch-Site", "same-origin").statusCode()).isEqualTo(202);
    }

    @Test
    void the_session_endpoint_says_whether_a_logout_would_end_anything() {
        TestApp app = withToken();
        String cookie = login(app);
        assertThat(TestApp.json(app.get("/api/session", "Cookie", cookie).body()).get("can_log_out").asBoolean()).isTrue();
        var bearer = TestApp.json(app.get("/api/session", "Authorization", "Bearer " + TOKEN).body());
        assertThat(bearer.get("via").asText()).isEqualTo("bearer");
        assertThat(bearer.get("can_log_out").asBoolean()).isFalse();
        assertThat(app.get("/api/session").statusCode()).isEqualTo(401);
    }

    @Test
    void without_a_token_the_dashboard_has_no_session_to_end() {
        TestApp app = withoutToken();
        var local = app.getJson("/api/session");
        assertThat(local.get("via").asText()).isEqualTo("local");
        assertThat(local.get("can_log_out").asBoolean()).isFalse();
    }
}
