package io.smsync.web;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.FakeEndpoint;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/openapi.json}: served like the rest of {@code /api/*}, naming exactly the routes the server has,
 * internally consistent, and describing the answers the server really gives.
 */
class OpenApiTest {
    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final MutableClock clock = MutableClock.atNow();
    @TempDir
    Path dir;

    @Test
    void description_names_exactly_the_routes_the_server_serves() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            Set<String> served = new TreeSet<>(app.app().routes());
            Set<String> described = operations(app.getJson("/api/openapi.json"));

            assertThat(served).as("the router's table").contains("POST /webhooks/sms", "GET /api/batches/{id}", "GET /metrics");
            assertSoftly(softly -> {
                softly.assertThat(difference(served, described)).as("routes the server serves that openapi.json lacks").isEmpty();
                softly.assertThat(difference(described, served)).as("operations openapi.json describes that the server lacks").isEmpty();
            });
        }
    }

    @Test
    void description_is_behind_the_admin_token_like_the_rest_of_the_api() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_ADMIN_TOKEN", "adm1n"))) {
            HttpResponse<String> anonymous = app.get("/api/openapi.json");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(TestApp.json(anonymous.body()).get("error").asText()).contains("admin token");

            HttpResponse<String> admin = app.get("/api/openapi.json", "Authorization", "Bearer adm1n");
            assertThat(admin.statusCode()).isEqualTo(200);
            assertThat(admin.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode doc = TestApp.json(admin.body());
            assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
            assertThat(doc.at("/info/title").asText()).isEqualTo("smsync");
        }
    }

    @Test
    void every_reference_security_scheme_and_path_parameter_resolves() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            JsonNode doc = app.getJson("/api/openapi.json");
            List<String> problems = new ArrayList<>();
            collectUnresolvedRefs(doc, doc, "", problems);
            Set<String> operationIds = new HashSet<>();
            JsonNode schemes = doc.at("/components/securitySchemes");
            doc.get("paths").properties().forEach(path -> path.getValue().properties().stream()
                    .filter(op -> OPERATIONS.contains(op.getKey())).forEach(op -> {
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode operation = op.getValue();
                if (!operationIds.add(operation.path("operationId").asText())) {
                    problems.add(where + ": missing or repeated operationId");
                }
                if (!operation.path("responses").isObject() || operation.path("responses").isEmpty()) {
                    problems.add(where + ": no responses");
                }
                if (!operation.path("security").isArray()) {
                    problems.add(where + ": says nothing about security");
                }
                operation.path("security").forEach(requirement -> requirement.fieldNames().forEachRemaining(name -> {
                    if (!schemes.has(name)) {
                        problems.add(where + ": unknown security scheme " + name);
                    }
                }));
                Set<String> declared = new HashSet<>();
                operation.path("parameters").forEach(p -> {
                    if ("path".equals(p.path("in").asText())) {
                        declared.add(p.path("name").asText());
                    }
                });
                Set<String> templated = new HashSet<>();
                Matcher m = PATH_PARAMETER.matcher(path.getKey());
                while (m.find()) {
                    templated.add(m.group(1));
                }
                if (!declared.equals(templated)) {
                    problems.add(where + ": path parameters " + declared + " but the path has " + templated);
                }
            }));
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void answers_have_the_fields_and_types_the_description_gives() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            JsonNode doc = app.getJson("/api/openapi.json");
            HttpResponse<String> first = app.postWebhook("{\"messages\":[{\"guid\":\"g1\",\"number\":\"+16502530000\",\"message\":\"can I book for friday?\","
                    + "\"timestamp\":\"2026-11-25T10:00:00Z\",\"to\":\"+14155550100\"},{\"guid\":\"g1\",\"number\":\"+16502530000\",\"message\":\"again\"}]}");
            assertThat(first.statusCode()).isEqualTo(200);
            String batchId = TestApp.json(first.body()).at("/results/0/batch_id").asText();
            app.postWebhook(message("g2", "+16502530001", "STOP"));
            clock.advance(Duration.ofSeconds(60));
            app.closeDue();
            app.postWebhook(message("g3", "+16502530000", "still open"));

            List<String> problems = new ArrayList<>();
            conforms(doc, answer(doc, "post", "/webhooks/sms", 200), TestApp.json(first.body()), "POST /webhooks/sms", problems);
            for (String path : List.of("/api/batches", "/api/batches/" + batchId, "/api/senders/%2B16502530000",
                    "/api/senders/%2B16502530001", "/api/stats", "/api/timeline", "/health", "/health/ready", "/health/live")) {
                String template = path.replace(batchId, "{id}").replaceAll("/api/senders/.*", "/api/senders/{number}");
                conforms(doc, answer(doc, "get", template, 200), app.getJson(path), "GET " + path, problems);
            }
            HttpResponse<String> bad = app.get("/api/batches?limit=0");
            conforms(doc, answer(doc, "get", "/api/batches", 400), TestApp.json(bad.body()), "GET /api/batches?limit=0", problems);
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void operator_answers_have_the_fields_and_types_the_description_gives() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock)) {
            JsonNode doc = app.getJson("/api/openapi.json");
            String batchId = TestApp.json(app.postWebhook(message("o1", "+16502530000", "can I book for friday?")).body())
                    .at("/results/0/batch_id").asText();
            clock.advance(Duration.ofSeconds(60));
            app.closeDue();
            String sender = "/api/senders/%2B16502530000";
            List<String> problems = new ArrayList<>();
            HttpResponse<String> sent = write(app, "POST", sender + "/messages", "{\"text\":\"see you friday\"}");
            conforms(doc, answer(doc, "post", "/api/senders/{number}/messages", 202), TestApp.json(sent.body()), "POST messages", problems);
            String replyId = TestApp.json(sent.body()).get("id").asText();
            HttpResponse<String> retry = write(app, "POST", "/api/replies/" + replyId + "/retry", null);
            conforms(doc, answer(doc, "post", "/api/replies/{id}/retry", 409), TestApp.json(retry.body()), "POST retry", problems);
            HttpResponse<String> settle = write(app, "POST", "/api/replies/" + replyId + "/settle", "{\"outcome\":\"sent\"}");
            conforms(doc, answer(doc, "post", "/api/replies/{id}/settle", 409), TestApp.json(settle.body()), "POST settle", problems);
            HttpResponse<String> handled = write(app, "PUT", "/api/batches/" + batchId + "/handled", "{\"handled\":true}");
            conforms(doc, answer(doc, "put", "/api/batches/{id}/handled", 200), TestApp.json(handled.body()), "PUT handled", problems);
            HttpResponse<String> optOut = write(app, "PUT", sender + "/opt-out", "{\"opted_out\":true}");
            conforms(doc, answer(doc, "put", "/api/senders/{number}/opt-out", 200), TestApp.json(optOut.body()), "PUT opt-out", problems);
            HttpResponse<String> refused = write(app, "POST", sender + "/messages", "{\"text\":\"hello?\"}");
            conforms(doc, answer(doc, "post", "/api/senders/{number}/messages", 409), TestApp.json(refused.body()), "POST refused", problems);
            conforms(doc, answer(doc, "get", "/api/senders/{number}/conversation", 200), app.getJson(sender + "/conversation"),
                    "GET conversation", problems);
            conforms(doc, answer(doc, "get", "/api/audit", 200), app.getJson("/api/audit"), "GET audit", problems);
            conforms(doc, answer(doc, "get", "/api/session", 200), app.getJson("/api/session"), "GET session", problems);
            conforms(doc, answer(doc, "get", "/api/batches/{id}", 200), app.getJson("/api/batches/" + batchId), "GET batch", problems);
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void event_webhook_answers_have_the_fields_and_types_the_description_gives() {
        try (FakeEndpoint endpoint = FakeEndpoint.answering(500);
             TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_EVENTS_URL", endpoint.url()))) {
            JsonNode doc = app.getJson("/api/openapi.json");
            app.postWebhook(message("g1", "+16502530000", "hello"));
            app.postWebhook(message("g2", "+16502530001", "STOP"));
            clock.advance(Duration.ofSeconds(60));
            app.closeDue();
            app.app().deliverDueEvents();
            HttpResponse<String> created = TestApp.send(java.net.http.HttpRequest.newBuilder(app.uri("/api/endpoints"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"url\": \"https://hooks.example.com/x\"}")));
            assertThat(created.statusCode()).isEqualTo(201);
            String endpointId = TestApp.json(created.body()).get("id").asText();
            String deliveryId = app.getJson("/api/deliveries").at("/deliveries/0/id").asText();
            HttpResponse<String> again = TestApp.send(java.net.http.HttpRequest.newBuilder(app.uri("/api/deliveries/" + deliveryId + "/retry"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
            HttpResponse<String> bad = TestApp.send(java.net.http.HttpRequest.newBuilder(app.uri("/api/endpoints"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"url\": \"ftp://x\"}")));

            List<String> problems = new ArrayList<>();
            conforms(doc, answer(doc, "post", "/api/endpoints", 201), TestApp.json(created.body()), "POST /api/endpoints", problems);
            conforms(doc, answer(doc, "post", "/api/endpoints", 400), TestApp.json(bad.body()), "POST /api/endpoints (bad)", problems);
            conforms(doc, answer(doc, "get", "/api/endpoints", 200), app.getJson("/api/endpoints"), "GET /api/endpoints", problems);
            conforms(doc, answer(doc, "get", "/api/endpoints/{id}", 200), app.getJson("/api/endpoints/" + endpointId),
                    "GET /api/endpoints/{id}", problems);
            conforms(doc, answer(doc, "get", "/api/deliveries", 200), app.getJson("/api/deliveries"), "GET /api/deliveries", problems);
            conforms(doc, answer(doc, "post", "/api/deliveries/{id}/retry", 202), TestApp.json(again.body()),
                    "POST /api/deliveries/{id}/retry", problems);
            assertThat(endpoint.requests().stream().map(r -> TestApp.json(r.body()).get("type").asText()))
                    .containsExactlyInAnyOrder("batch.classified", "batch.classified", "reply.sent", "sender.opted_out");
            for (FakeEndpoint.Request event : endpoint.requests()) {
                JsonNode body = TestApp.json(event.body());
                conforms(doc, doc.at("/components/schemas/Event"), body, "event " + body.get("type"), problems);
            }
            assertThat(problems).isEmpty();
        }
    }

    private static HttpResponse<String> write(TestApp app, String method, String path, String json) {
        return TestApp.send(HttpRequest.newBuilder(app.uri(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Set<String> operations(JsonNode doc) {
        Set<String> described = new TreeSet<>();
        doc.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (OPERATIONS.contains(method)) {
                described.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        return described;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    private static void collectUnresolvedRefs(JsonNode doc, JsonNode node, String at, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.asText().startsWith("#/") || doc.at(ref.asText().substring(1)).isMissingNode())) {
                problems.add(at + ": $ref " + ref.asText() + " does not resolve");
            }
            node.properties().forEach(e -> collectUnresolvedRefs(doc, e.getValue(), at + "/" + e.getKey(), problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUnresolvedRefs(doc, node.get(i), at + "/" + i, problems);
            }
        }
    }

    /** The JSON schema of an operation's answer with {@code status}. */
    private static JsonNode answer(JsonNode doc, String method, String path, int status) {
        JsonNode response = resolve(doc, doc.path("paths").path(path).path(method).path("responses").path(Integer.toString(status)));
        JsonNode schema = response.at("/content/application~1json/schema");
        assertThat(schema.isMissingNode()).as("a JSON answer %d for %s %s in openapi.json", status, method, path).isFalse();
        return schema;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        while (node.has("$ref")) {
            node = doc.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    /**
     * A small structural check, enough for smsync's answers: types (with null), enums, and for objects that every
     * field is described and every required one present. {@code oneOf} takes the first alternative that fits.
     */
    private static void conforms(JsonNode doc, JsonNode schemaOrRef, JsonNode value, String at, List<String> problems) {
        JsonNode schema = resolve(doc, schemaOrRef);
        if (schema.has("oneOf")) {
            for (JsonNode alternative : schema.get("oneOf")) {
                List<String> tried = new ArrayList<>();
                conforms(doc, alternative, value, at, tried);
                if (tried.isEmpty()) {
                    return;
                }
            }
            problems.add(at + ": fits none of the oneOf alternatives: " + value);
            return;
        }
        if (schema.has("type") && !typeFits(schema.get("type"), value)) {
            problems.add(at + ": " + value.getNodeType() + " where the description says " + schema.get("type"));
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            value.properties().forEach(field -> {
                if (!properties.has(field.getKey())) {
                    problems.add(at + "." + field.getKey() + ": answered but not described");
                } else {
                    conforms(doc, properties.get(field.getKey()), field.getValue(), at + "." + field.getKey(), problems);
                }
            });
            schema.path("required").forEach(name -> {
                if (!value.has(name.asText())) {
                    problems.add(at + "." + name.asText() + ": described as required but not answered");
                }
            });
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                conforms(doc, schema.get("items"), value.get(i), at + "[" + i + "]", problems);
            }
        }
    }

    private static boolean typeFits(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeFits(one, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> false;
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
