package io.smsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsync.App;
import io.smsync.Parts;
import io.smsync.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real smsync on port 0 with a test clock and nothing in the background (a test runs what is due through
 * {@link AppDriver}), or running as in production; plus a small HTTP client for it.
 */
public final class TestApp implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppDriver driver;
    private final Runnable stop;

    private TestApp(AppDriver driver, Runnable stop) {
        this.driver = driver;
        this.stop = stop;
    }

    /** Starts smsync on {@code databaseUrl}, serving but with no background work; {@code env} adds or overrides variables. */
    public static TestApp start(String databaseUrl, Clock clock, Map<String, String> env) {
        Parts parts = Parts.build(config(databaseUrl, env), clock);
        try {
            parts.listen();
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
        return new TestApp(new AppDriver(parts, clock), parts::close);
    }

    /** Starts smsync as in production: the real clock and the background loop closing batches. */
    public static TestApp startRunning(String databaseUrl, Map<String, String> env) {
        Clock clock = Clock.systemUTC();
        Parts parts = Parts.build(config(databaseUrl, env), clock);
        App app = new App(parts).start();
        return new TestApp(new AppDriver(parts, clock), app::close);
    }

    private static Config config(String databaseUrl, Map<String, String> env) {
        Map<String, String> all = new HashMap<>();
        all.put("SMSYNC_PORT", "0");
        all.put("SMSYNC_DATABASE_URL", databaseUrl);
        all.putAll(env);
        return Config.fromEnv(all);
    }

    public static TestApp start(String databaseUrl, Clock clock) {
        return start(databaseUrl, clock, Map.of());
    }

    /** The driver of this smsync's time-based work, and its database, port and routes. */
    public AppDriver app() {
        return driver;
    }

    public int closeDue() {
        return driver.closeDue();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + driver.port() + path);
    }

    /** Posts a JSON body to the generic webhook; {@code headers} are name, value pairs. */
    public HttpResponse<String> postWebhook(String body, String... headers) {
        return send(HttpRequest.newBuilder(uri("/webhooks/sms"))
                .header("Content-Type", "application/json")
                .headers(headers.length == 0 ? new String[] {"X-Test", "1"} : headers)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).headers(headers.length == 0 ? new String[] {"X-Test", "1"} : headers).GET());
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** The newest batch in full, as {@code GET /api/batches/{id}} shows it; listings carry no messages. */
    public JsonNode newestBatch() {
        return getJson("/api/batches/" + getJson("/api/batches?limit=1").at("/batches/0/id").asText());
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A form body, {@code application/x-www-form-urlencoded}, in the map's order. */
    public static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** One message in the generic webhook's format. */
    public static String message(String guid, String number, String text) {
        return messageNode(guid, number, text).toString();
    }

    /** One message in the generic webhook's format, with the phone's time as text (ISO-8601). */
    public static String message(String guid, String number, String text, String timestamp) {
        return messageNode(guid, number, text).put("timestamp", timestamp).toString();
    }

    /** One message in the generic webhook's format, with the phone's time in epoch seconds. */
    public static String message(String guid, String number, String text, long timestamp) {
        return messageNode(guid, number, text).put("timestamp", timestamp).toString();
    }

    private static ObjectNode messageNode(String guid, String number, String text) {
        return JSON.createObjectNode().put("guid", guid).put("number", number).put("message", text);
    }

    /** The generic webhook's envelope, {@code {"messages": [...]}}, around messages built by {@link #message}. */
    public static String envelope(String... messages) {
        return envelope(List.of(messages));
    }

    public static String envelope(List<String> messages) {
        ObjectNode envelope = JSON.createObjectNode();
        ArrayNode array = envelope.putArray("messages");
        messages.forEach(message -> array.add(json(message)));
        return envelope.toString();
    }

    @Override
    public void close() {
        stop.run();
    }
}
