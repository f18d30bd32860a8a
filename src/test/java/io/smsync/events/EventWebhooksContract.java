package io.smsync.events;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smsync.metrics.Metrics;
import io.smsync.store.Database;
import io.smsync.store.Events;
import io.smsync.testing.FakeEndpoint;
import io.smsync.testing.FakeGateway;
import io.smsync.testing.MutableClock;
import io.smsync.testing.StandardWebhooksVerifier;
import io.smsync.testing.TestApp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Event webhooks through their real seams: smsync on port 0 with a test clock, real HTTP receivers on port 0, and
 * every delivery checked by a verifier written from the Standard Webhooks text (not smsync's signer). Run once per
 * database by the small subclasses.
 */
abstract class EventWebhooksContract {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwc2VjcmV0IGJ5dGVz";
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(SECRET, Duration.ofMinutes(5));

    /** A URL to a fresh, empty database. */
    protected abstract String freshDatabaseUrl();

    protected TestApp start(String databaseUrl, Map<String, String> env) {
        return closeAfter(TestApp.start(databaseUrl, clock, env));
    }

    protected TestApp start(FakeEndpoint endpoint, String... more) {
        Map<String, String> env = new HashMap<>(Map.of("SMSYNC_EVENTS_URL", endpoint.url(), "SMSYNC_EVENTS_SECRET", SECRET));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return start(freshDatabaseUrl(), env);
    }

    protected <T extends AutoCloseable> T closeAfter(T resource) {
        resources.add(resource);
        return resource;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    /** Posts one text and closes its batch at the end of the 60 s window. */
    private void textAndClose(TestApp app, String guid, String number, String text) {
        assertThat(app.postWebhook(message(guid, number, text)).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(60));
        assertThat(app.closeDue()).isEqualTo(1);
    }

    private static JsonNode body(FakeEndpoint.Request request) {
        return TestApp.json(request.body());
    }

    private static List<String> types(FakeEndpoint endpoint) {
        return endpoint.requests().stream().map(r -> body(r).get("type").asText()).toList();
    }

    @Test
    void a_classified_batch_and_its_reply_are_delivered_signed_as_standard_webhooks_specify() {
        FakeEndpoint endpoint = closeAfter(FakeEndpoint.answering(200));
        TestApp app = start(endpoint);
        textAndClose(app, "g1", "+16502530000", "Hi, can I book for Friday?");

        assertThat(app.app().deliverDueEvents()).isEqualTo(2);

        assertThat(types(endpoint)).containsExactlyInAnyOrder("batch.classified", "reply.sent");
        for (FakeEndpoint.Request request : endpoint.requests()) {
            verifier.verify(request, clock.instant());
            assertThat(request.header("content-type")).startsWith("application/json");
            assertThat(request.header("webhook-id")).startsWith("msg_").doesNotContain(".");
            assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
            assertThat(body(request).get("timestamp").asText()).isEqualTo(clock.instant().toString());
        }
        JsonNode classified = endpoint.requests().stream().map(EventWebhooksContract::body)
                .filter(b -> b.get("type").asText().equals("batch.classified")).findFirst().orElseThrow();
        JsonNode batch = classified.at("/data/batch");
        JsonNode api = app.newestBatch();
        for (String field : List.of("id", "sender", "to", "status", "opened_at", "due_at", "closed_at", "message_count",
                "messages", "text", "classification")) {
            assertThat(batch.get(field)).as(field).isEqualTo(api.get(field));
        }
        assertThat(batch.at("/classification/category").asText()).isEqualTo("appointment");
        assertThat(batch.at("/reply/text").asText()).startsWith("Thanks for your message!");
        JsonNode reply = endpoint.requests().stream().map(EventWebhooksContract::body)
                .filter(b -> b.get("type").asText().equals("reply.sent")).findFirst().orElseThrow();
        assertThat(reply.at("/data/reply/to").asText()).isEqualTo("+16502530000");
        assertThat(reply.at("/data/reply/batch_id").asText()).isEqualTo(api.get("id").asText());

        assertThat(app.app().deliverDueEvents()).as("delivered: never sent again").isZero();
        JsonNode deliveries = app.getJson("/api/deliveries?status=delivered").get("deliveries");
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.findValues("attempts")).allSatisfy(attempts -> {
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0).get("status_code").asInt()).isEqualTo(200);
        });
    }

    @Test
    void a_tampered_body_or_a_wrong_secret_fails_the_independent_verification() {
        FakeEndpoint endpoint = closeAfter(FakeEndpoint.answering(204));
        TestApp app = start(endpoint, "SMSYNC_EVENTS_TYPES", "batch.classified");
        textAndClose(app, "g1", "+16502530000", "hello");
        app.app().deliverDueEvents();
        FakeEndpoint.Request request = endpoint.requests().getFirst();

        assertThatThrownBy(() -> verifier.verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                request.header("webhook-signature"), request.body().replace("hello", "hellO"), clock.instant()))
                .hasMessageContaining("no v1 signature");
        assertThatThrownBy(() -> new StandardWebhooksVerifier(WebhookSignature.newSecret(), Duration.ofMinutes(5))
                .verify(request, clock.instant())).hasMessageContaining("no v1 signature");
        assertThatThrownBy(() -> verifier.verify(request, clock.instant().plus(Duration.ofMinutes(6))))
                .hasMessageContaining("tolerance");
    }

    @Test
    void a_500_is_retried_after_the_backoff_under_the_same_webhook_id() {
        AtomicInteger calls = new AtomicInteger();
        FakeEndpoint endpoint = closeAfter(new FakeEndpoint(request -> calls.incrementAndGet() == 1 ? 500 : 200));
        TestApp app = start(endpoint, "SMSYNC_EVENTS_TYPES", "batch.classified");
        textAndClose(app, "g1", "+16502530000", "hello");

        assertThat(app.app().deliverDueEvents()).isEqualTo(1);
        assertThat(app.app().deliverDueEvents()).as("not due before its backoff").isZero();
        clock.advance(Duration.ofSeconds(4));
        assertThat(app.app().deliverDueEvents()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(app.app().deliverDueEvents()).isEqualTo(1);

        assertThat(endpoint.requests()).hasSize(2);
        FakeEndpoint.Request first = endpoint.requests().get(0);
        FakeEndpoint.Request second = endpoint.requests().get(1);
        assertThat(second.header("webhook-id")).isEqualTo(first.header("webhook-id"));
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(Long.parseLong(second.header("webhook-timestamp")) - Long.parseLong(first.header("webhook-timestamp"))).isEqualTo(5);
        verifier.verify(second, clock.instant());
        JsonNode delivery = app.getJson("/api/deliveries").at("/deliveries/0");
        assertThat(delivery.get("status").asText()).isEqualTo("delivered");
        assertThat(delivery.get("event_id").asText()).isEqualTo(first.header("webhook-id"));
        assertThat(delivery.get("attempts").findValuesAsText("status_code")).containsExactly("500", "200");
    }

    @Test
    void no_answer_within_the_timeout_is_retried_under_the_same_webhook_id() {
        AtomicInteger calls = new AtomicInteger();
        FakeEndpoint endpoint = closeAfter(new FakeEndpoint(request -> calls.incrementAndGet() == 1 ? 0 : 200));
        TestApp app = start(endpoint, "SMSYNC_EVENTS_TYPES", "batch.classified");
        textAndClose(app, "g1", "+16502530000", "hello");
        // The same parts as production, with a short timeout instead of the 15 s one, so the test need not wait it out.
        Database db = app.app().database();
        Events events = new Events(db.dialect());
        EventDispatcher dispatcher = closeAfter(new EventDispatcher(db.writes(), db.reads(), events,
                new EventLog(events, batch -> batch), HttpClient.newHttpClient(), Duration.ofMillis(300), clock, "test-worker", 4,
                new Metrics(new SimpleMeterRegistry())));

        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        JsonNode attempt = app.getJson("/api/deliveries").at("/deliveries/0/attempts/0");
        assertThat(attempt.get("error").asText()).isEqualTo("no answer within 300 ms");
        assertThat(attempt.get("status_code").isNull()).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThat(dispatcher.deliverDue()).isEqualTo(1);

        assertThat(endpoint.requests()).hasSize(2);
        assertThat(endpoint.requests().get(1).header("webhook-id")).isEqualTo(endpoint.requests().get(0).header("webhook-id"));
        assertThat(app.getJson("/api/deliveries").at("/deliveries/0/status").asText()).isEqualTo("delivered");
    }

    @Test
    void retries_back_off_for_about_a_day_then_the_delivery_fails() {
        FakeEndpoint endpoint = closeAfter(FakeEndpoint.answering(503));
        TestApp app = start(endpoint, "SMSYNC_EVENTS_TYPES", "batch.classified");
        textAndClose(app, "g1", "+16502530000", "hello");
        Instant first = clock.instant();

        for (int i = 0; i < 20 && app.getJson("/api/deliveries?status=pending").get("deliveries").size() == 1; i++) {
            assertThat(app.app().deliverDueEvents()).isEqualTo(1);
            JsonNode next = app.getJson("/api/deliveries").at("/deliveries/0/next_attempt_at");
            if (!next.isNull()) {
                clock.advance(Duration.between(clock.instant(), Instant.parse(next.asText())));
            }
        }

        assertThat(endpoint.requests()).hasSize(EventDispatcher.SCHEDULE.size() + 1);
        assertThat(endpoint.requests().stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        long lastAttempt = Long.parseLong(endpoint.requests().getLast().header("webhook-timestamp"));
        assertThat(Duration.ofSeconds(lastAttempt - first.getEpochSecond())).isBetween(Duration.ofHours(24), Duration.ofHours(30));
        assertThat(app.getJson("/api/deliveries?status=failed").get("deliveries")).hasSize(1);
    }

    @Test
    void a_410_disables_the_endpoint_until_it_is_resumed() {
        FakeEndpoint endpoint = closeAfter(FakeEndpoint.answering(410));
        TestApp app = start(endpoint, "SMSYNC_EVENTS_TYPES", "batch.classified");
        textAndClose(app, "g1", "+16502530000", "hello");
        textAndClose(app, "g0", "+16502530009", "hello too");

        assertThat(app.app().deliverDueEvents()).isEqualTo(2);
        assertThat(endpoint.requests()).as("the second is not sent after the first's 410").hasSize(1);
        JsonNode listed = app.getJson("/api/endpoints").at("/endpoints/0");
        assertThat(listed.get("status").asText()).isEqualTo("disabled");
        assertThat(listed.get("status_reason").asText()).contains("410");
        assertThat(app.getJson("/api/deliveries?status=failed").get("deliveries")).hasSize(2);

        textAndClose(app, "g2", "+16502530001", "hello again");
        clock.advance(Duration.ofDays(1));
        assertThat(app.app().deliverDueEvents()).isZero();
        assertThat(endpoint.requests()).hasSize(1);

        endpoint.answer(request -> 200);
        assertThat(post(app, "/api/endpoints/" + listed.get("id").asText() + "/resume", "").statusCode()).isEqualTo(200);
        textAndClose(app, "g3", "+16502530002", "and again");
        assertThat(app.app().deliverDueEvents()).isEqualTo(1);
        assertThat(body(endpoint.requests().getLast()).at("/data/batch/sender").asText()).isEqualTo("+16502530002");
    }

    @Test
    void opt_outs_and_opt_ins_are_events_and_message_received_only_when_asked_for() {
        FakeEndpoint endpoint = closeAfter(FakeEndpoint.answering(200));
        TestApp app = start(endpoint, "SMSYNC_EVENTS_TYPES", "sender.opted_out,sender.opted_in,message.received");
        app.postWebhook(message("g1", "+16502530000", "STOP"));
        app.postWebhook(message("g2", "+16502530000", "START"));
        app.app().deliverDueEvents();

        assertThat(types(endpoint)).containsExactlyInAnyOrder("message.received", "sender.opted_out", "message.received",
                "sender.opted_in");
        JsonNode optOut = endpoint.requests().stream().map(EventWebhooksContract::body)
                .filter(b -> b.get("type").asText().equals("sender.opted_out")).findFirst().orElseThrow();
        assertThat(optOut.at("/data/sender/number").asText()).isEqualTo("+16502530000");
        assertThat(optOut.at("/data/message_guid").asText()).isEqualTo("g1");
        endpoint.requests().forEach(r -> verifier.verify(r, clock.instant()));
    }

    @Test
    void endpoints_added_through_the_api_get_their_own_secret_and_types() {
        FakeEndpoint configured = closeAfter(FakeEndpoint.answering(200));
        FakeEndpoint added = closeAfter(FakeEndpoint.answering(200));
        TestApp app = start(configured, "SMSYNC_EVENTS_TYPES", "batch.classified");

        HttpResponse<String> created = post(app, "/api/endpoints",
                "{\"url\": \"" + added.url() + "\", \"types\": [\"reply.sent\"]}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode endpoint = TestApp.json(created.body());
        String secret = endpoint.get("secret").asText();
        assertThat(secret).startsWith("whsec_").isNotEqualTo(SECRET);
        assertThat(app.getJson("/api/endpoints").get("endpoints")).hasSize(2)
                .allSatisfy(e -> assertThat(e.get("secret").isNull()).isTrue());

        textAndClose(app, "g1", "+16502530000", "hello");
        app.app().deliverDueEvents();
        assertThat(types(configured)).containsExactly("batch.classified");
        assertThat(types(added)).containsExactly("reply.sent");
        new StandardWebhooksVerifier(secret, Duration.ofMinutes(5)).verify(added.requests().getFirst(), clock.instant());

        String id = endpoint.get("id").asText();
        assertThat(post(app, "/api/endpoints/" + id + "/pause", "").statusCode()).isEqualTo(200);
        textAndClose(app, "g2", "+16502530001", "hello");
        app.app().deliverDueEvents();
        assertThat(added.requests()).as("paused: its deliveries wait").hasSize(1);
        assertThat(post(app, "/api/endpoints/" + id + "/resume", "").statusCode()).isEqualTo(200);
        app.app().deliverDueEvents();
        assertThat(added.requests()).hasSize(2);

        assertThat(send(app, HttpRequest.newBuilder(app.uri("/api/endpoints/" + id)).DELETE()).statusCode()).isEqualTo(204);
        String configuredId = app.getJson("/api/endpoints").at("/endpoints/0/id").asText();
        HttpResponse<String> refused = send(app, HttpRequest.newBuilder(app.uri("/api/endpoints/" + configuredId)).DELETE());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("SMSYNC_EVENTS_URL");
        assertThat(app.getJson("/api/endpoints").get("endpoints")).hasSize(1);
    }

    @Test
    void bad_endpoints_are_refused_with_the_reason() {
        TestApp app = start(freshDatabaseUrl(), Map.of());
        assertThat(post(app, "/api/endpoints", "{\"url\": \"ftp://example.com/x\"}").body()).contains("http:// or https://");
        assertThat(post(app, "/api/endpoints", "{\"url\": \"https://example.com/x\", \"types\": [\"batch.closed\"]}").body())
                .contains("unknown event type 'batch.closed'");
        assertThat(post(app, "/api/endpoints", "{\"url\": \"https://example.com/x\", \"secret\": \"hunter2\"}").body())
                .contains("secret: must start with whsec_");
        assertThat(post(app, "/api/endpoints", "not json").statusCode()).isEqualTo(400);
        assertThat(post(app, "/api/endpoints", "{}").body()).contains("url is required");
        assertThat(app.get("/api/deliveries?status=lost").statusCode()).isEqualTo(400);
        assertThat(post(app, "/api/deliveries/dlv_nope/retry", "").statusCode()).isEqualTo(404);
    }

    @Test
    void a_refused_reply_is_a_reply_failed_event_and_an_unknown_outcome_a_reply_unknown_one() {
        FakeEndpoint endpoint = closeAfter(FakeEndpoint.answering(200));
        FakeGateway smsgate = closeAfter(new FakeGateway("/message", body -> new FakeGateway.Answer(400, "{\"message\":\"bad number\"}")));
        TestApp refusing = start(endpoint, "SMSYNC_EVENTS_TYPES", "reply.sent,reply.failed,reply.unknown", "SMSYNC_SENDER", "smsgate",
                "SMSGATE_URL", smsgate.baseUrl(), "SMSGATE_USERNAME", "user", "SMSGATE_PASSWORD", "pass");
        textAndClose(refusing, "g1", "+16502530000", "hello");
        FakeGateway twilio = closeAfter(new FakeGateway("/2010-04-01/Accounts/AC123/Messages.json",
                body -> new FakeGateway.Answer(502, "bad gateway")));
        TestApp unsure = start(endpoint, "SMSYNC_EVENTS_TYPES", "reply.sent,reply.failed,reply.unknown", "SMSYNC_SENDER", "twilio",
                "TWILIO_API_URL", twilio.baseUrl(), "TWILIO_ACCOUNT_SID", "AC123", "TWILIO_AUTH_TOKEN", "token",
                "TWILIO_FROM", "+14155550100", "SMSYNC_PUBLIC_URL", "https://sms.example.com");
        textAndClose(unsure, "g2", "+16502530001", "hello");

        refusing.app().deliverDueEvents();
        unsure.app().deliverDueEvents();

        assertThat(types(endpoint)).containsExactlyInAnyOrder("reply.failed", "reply.unknown");
        JsonNode failed = endpoint.requests().stream().map(EventWebhooksContract::body)
                .filter(b -> b.get("type").asText().equals("reply.failed")).findFirst().orElseThrow();
        assertThat(failed.at("/data/reply/to").asText()).isEqualTo("+16502530000");
        assertThat(failed.at("/data/reply/error").asText()).contains("bad number");

        String unknown = unsure.newestBatch().at("/reply/id").asText();
        assertThat(post(unsure, "/api/replies/" + unknown + "/settle", "{\"outcome\":\"sent\"}").statusCode()).isEqualTo(200);
        unsure.app().deliverDueEvents();
        assertThat(types(endpoint)).as("an operator settling an unknown outcome as sent").contains("reply.sent");
    }

    @Test
    void bad_settings_stop_the_start_with_the_variable_named() {
        String url = freshDatabaseUrl();
        assertThatThrownBy(() -> start(url, Map.of("SMSYNC_ALERT_NUMBERS", "on-call")))
                .hasMessageContaining("SMSYNC_ALERT_NUMBERS: 'on-call' is not a phone number");
        assertThatThrownBy(() -> start(url, Map.of("SMSYNC_EVENTS_URL", "ftp://example.com")))
                .hasMessageContaining("SMSYNC_EVENTS_URL");
        assertThatThrownBy(() -> start(url, Map.of("SMSYNC_EVENTS_SECRET", "hunter2")))
                .hasMessageStartingWith("SMSYNC_EVENTS_SECRET: must start with whsec_").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> start(url, Map.of("SMSYNC_EVENTS_TYPES", "batch.closed")))
                .hasMessageContaining("SMSYNC_EVENTS_TYPES: unknown event type 'batch.closed'");
    }

    @Test
    void send_again_delivers_a_failed_delivery_under_the_same_webhook_id() {
        FakeEndpoint endpoint = closeAfter(FakeEndpoint.answering(410));
        TestApp app = start(endpoint, "SMSYNC_EVENTS_TYPES", "batch.classified");
        textAndClose(app, "g1", "+16502530000", "hello");
        app.app().deliverDueEvents();
        String endpointId = app.getJson("/api/endpoints").at("/endpoints/0/id").asText();
        String deliveryId = app.getJson("/api/deliveries?status=failed&endpoint=" + endpointId).at("/deliveries/0/id").asText();

        endpoint.answer(request -> 200);
        post(app, "/api/endpoints/" + endpointId + "/resume", "");
        assertThat(post(app, "/api/deliveries/" + deliveryId + "/retry", "").statusCode()).isEqualTo(202);
        assertThat(app.app().deliverDueEvents()).isEqualTo(1);

        assertThat(endpoint.requests()).hasSize(2);
        assertThat(endpoint.requests().get(1).header("webhook-id")).isEqualTo(endpoint.requests().get(0).header("webhook-id"));
        JsonNode delivery = app.getJson("/api/deliveries?endpoint=" + endpointId).at("/deliveries/0");
        assertThat(delivery.get("status").asText()).isEqualTo("delivered");
        assertThat(delivery.get("attempts").findValuesAsText("status_code")).containsExactly("410", "200");
    }

    @Test
    void a_generated_secret_is_stored_and_kept_across_restarts() {
        FakeEndpoint endpoint = closeAfter(FakeEndpoint.answering(200));
        String url = freshDatabaseUrl();
        Map<String, String> env = Map.of("SMSYNC_EVENTS_URL", endpoint.url(), "SMSYNC_EVENTS_TYPES", "batch.classified");
        String secret;
        try (TestApp first = TestApp.start(url, clock, env)) {
            secret = first.app().generatedEventsSecret().orElseThrow();
            assertThat(secret).startsWith("whsec_");
        }
        TestApp second = start(url, env);
        assertThat(second.app().generatedEventsSecret()).as("shown once: not again").isEmpty();
        textAndClose(second, "g1", "+16502530000", "hello");
        second.app().deliverDueEvents();
        new StandardWebhooksVerifier(secret, Duration.ofMinutes(5)).verify(endpoint.requests().getFirst(), clock.instant());
    }

    @Test
    void the_retention_purge_takes_finished_events_and_keeps_pending_ones() {
        FakeEndpoint endpoint = closeAfter(FakeEndpoint.answering(200));
        TestApp app = start(endpoint, "SMSYNC_EVENTS_TYPES", "batch.classified");
        textAndClose(app, "g1", "+16502530000", "hello");
        app.app().deliverDueEvents();
        endpoint.answer(request -> 500);
        textAndClose(app, "g2", "+16502530001", "hello");
        app.app().deliverDueEvents();
        clock.advance(Duration.ofDays(91));

        app.app().purgeNow();

        JsonNode left = app.getJson("/api/deliveries").get("deliveries");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("status").asText()).isEqualTo("pending");
    }

    @Test
    void no_endpoint_means_no_events_are_stored() {
        TestApp app = start(freshDatabaseUrl(), Map.of());
        textAndClose(app, "g1", "+16502530000", "hello");
        int events = app.app().database().reads().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM events")
                .mapTo(Integer.class).one());
        assertThat(events).isZero();
    }

    @Test
    void an_endpoint_added_while_none_took_events_gets_the_next_ones() {
        TestApp app = start(freshDatabaseUrl(), Map.of());
        textAndClose(app, "g1", "+16502530000", "hello");
        FakeEndpoint added = closeAfter(FakeEndpoint.answering(200));
        assertThat(post(app, "/api/endpoints", "{\"url\": \"" + added.url() + "\"}").statusCode()).isEqualTo(201);

        textAndClose(app, "g2", "+16502530001", "hello again");
        assertThat(app.app().deliverDueEvents()).isEqualTo(2);
        assertThat(types(added)).as("only the batch closed after it was added").containsExactlyInAnyOrder("batch.classified", "reply.sent");
    }

    static HttpResponse<String> post(TestApp app, String path, String body) {
        return send(app, HttpRequest.newBuilder(app.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> send(TestApp app, HttpRequest.Builder request) {
        return TestApp.send(request);
    }
}
