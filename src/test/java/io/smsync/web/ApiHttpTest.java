package io.smsync.web;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read API and health. */
class ApiHttpTest {
    private final MutableClock clock = MutableClock.atNow();
    @TempDir
    Path dir;

    @Test
    void batches_are_listed_newest_first_and_filtered_by_sender_and_status() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            app.postWebhook(message("a", "+16502530000", "older"));
            clock.advance(Duration.ofSeconds(61));
            app.closeDue();
            app.postWebhook(message("b", "+16502530001", "newer"));

            assertThat(texts(app, "/api/batches")).containsExactly("newer", "older");
            assertThat(texts(app, "/api/batches?status=done")).containsExactly("older");
            assertThat(texts(app, "/api/batches?sender=(650)%20253-0001")).containsExactly("newer");
            assertThat(texts(app, "/api/batches?sender=%2B16502530000")).containsExactly("older");
            assertThat(app.getJson("/api/batches?limit=1").get("batches")).hasSize(1);
        }
    }

    private static java.util.List<String> texts(TestApp app, String path) {
        java.util.List<String> texts = new java.util.ArrayList<>();
        app.getJson(path).get("batches").forEach(batch -> texts.add(batch.get("text").asText()));
        return texts;
    }

    @Test
    void one_batch_in_full_has_the_documented_fields() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            String id = TestApp.json(app.postWebhook("{\"guid\":\"g\",\"number\":\"+16502530000\",\"message\":\" hi \",\"to\":\"+14155550100\"}").body())
                    .at("/results/0/batch_id").asText();
            var open = app.getJson("/api/batches/" + id);
            assertThat(open.get("status").asText()).isEqualTo("open");
            assertThat(open.get("to").asText()).isEqualTo("+14155550100");
            assertThat(open.get("due_at").asText()).endsWith("Z");
            assertThat(open.get("closed_at").isNull()).isTrue();
            assertThat(open.get("classification").isNull()).isTrue();

            clock.advance(Duration.ofSeconds(60));
            app.closeDue();
            var done = app.getJson("/api/batches/" + id);
            assertThat(done.fieldNames()).toIterable().containsExactly("id", "sender", "to", "status", "opened_at", "due_at",
                    "closed_at", "message_count", "messages", "text", "classification", "reply", "handled");
            assertThat(done.get("text").asText()).isEqualTo("hi");
            assertThat(done.at("/messages/0").fieldNames()).toIterable().containsExactly("guid", "text", "received_at", "sent_at");
            assertThat(done.get("classification").fieldNames()).toIterable().containsExactly("category", "confidence", "method", "model");
            assertThat(done.get("reply").fieldNames()).toIterable().containsExactly("id", "status", "reason", "text");
        }
    }

    @Test
    void bad_query_parameters_and_unknown_ids_are_clear_4xx() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            HttpResponse<String> status = app.get("/api/batches?status=closed");
            assertThat(status.statusCode()).isEqualTo(400);
            assertThat(TestApp.json(status.body()).get("error").asText()).contains("status");
            assertThat(app.get("/api/batches?limit=0").statusCode()).isEqualTo(400);
            assertThat(app.get("/api/batches?limit=abc").statusCode()).isEqualTo(400);
            HttpResponse<String> missing = app.get("/api/batches/b_nope");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(TestApp.json(missing.body()).get("error").asText()).contains("b_nope");
        }
    }

    @Test
    void health_is_up_while_the_store_answers() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            HttpResponse<String> health = app.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(TestApp.json(health.body()).get("status").asText()).isEqualTo("up");
        }
    }

    @Test
    void with_an_admin_token_the_api_needs_it_but_health_does_not() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_ADMIN_TOKEN", "adm1n"))) {
            assertThat(app.get("/api/stats").statusCode()).isEqualTo(401);
            assertThat(app.get("/api/stats", "Authorization", "Bearer nope").statusCode()).isEqualTo(401);
            assertThat(app.get("/api/stats", "Authorization", "Bearer adm1n").statusCode()).isEqualTo(200);
            assertThat(app.get("/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void without_an_admin_token_a_request_forwarded_by_a_proxy_is_refused_even_on_loopback() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            assertThat(app.get("/api/stats").statusCode()).isEqualTo(200);
            HttpResponse<String> proxied = app.get("/api/stats", "X-Forwarded-For", "203.0.113.9");
            assertThat(proxied.statusCode()).isEqualTo(403);
            assertThat(TestApp.json(proxied.body()).get("error").asText()).contains("SMSYNC_ADMIN_TOKEN");
            assertThat(app.get("/api/batches", "Forwarded", "for=203.0.113.9;proto=https").statusCode()).isEqualTo(403);
            assertThat(app.get("/health", "X-Forwarded-For", "203.0.113.9").statusCode()).isEqualTo(200);
        }
    }
}
