package io.smsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server speaking OpenAI's chat-completions protocol, for tests: it checks requests the way
 * OpenAI does (path, bearer key, JSON body, strict schema), records each well-formed one, and answers
 * what the test's {@link Responder} says: by default a category per user text, or a failure, or a hang.
 */
public final class FakeOpenAi implements AutoCloseable {
    /** The key the server requires, unless built {@link #keyless}. */
    public static final String KEY = "sk-test-0123456789abcdef";
    public static final String MODEL = "gpt-4o-mini-2024-07-18";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request that passed the protocol checks. */
    public record Call(String authorization, String contentType, JsonNode body) {
        public String responseFormat() {
            return body.path("response_format").path("type").asText();
        }

        /** The text of the last user message. */
        public String userText() {
            String text = "";
            for (JsonNode message : body.path("messages")) {
                if (message.path("role").asText().equals("user")) {
                    text = message.path("content").asText();
                }
            }
            return text;
        }
    }

    public record Reply(int status, String body) {
    }

    public interface Responder {
        Reply answer(Call call) throws Exception;
    }

    private final String requiredKey;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Responder responder;

    private FakeOpenAi(String requiredKey, Responder responder) {
        this.requiredKey = requiredKey;
        this.responder = responder;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Requires {@link #KEY}; answers "urgent" with confidence 0.92 until told otherwise. */
    public FakeOpenAi() {
        this(KEY, call -> category("urgent", 0.92));
    }

    /** Requires {@link #KEY}; answers the category {@code categoryFor} picks from the user text, with confidence 0.9. */
    public FakeOpenAi(Function<String, String> categoryFor) {
        this(KEY, byText(categoryFor));
    }

    /** Like a local Ollama or llama.cpp: takes requests with or without any key. */
    public static FakeOpenAi keyless(Function<String, String> categoryFor) {
        return new FakeOpenAi(null, byText(categoryFor));
    }

    private static Responder byText(Function<String, String> categoryFor) {
        return call -> category(categoryFor.apply(call.userText()), 0.9);
    }

    /** The base URL to configure as OPENAI_BASE_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The well-formed requests so far, in order. */
    public List<Call> calls() {
        return calls;
    }

    /** From now on answer each call as {@code responder} says. */
    public void answer(Responder responder) {
        this.responder = responder;
    }

    /** A chat completion whose assistant message is {@code content}, shaped like OpenAI's. */
    public static Reply completion(String content) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-123").put("object", "chat.completion")
                .put("created", 1_700_000_000).put("model", MODEL);
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                .putObject("message").put("role", "assistant").put("content", content);
        body.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 9).put("total_tokens", 129);
        return new Reply(200, body.toString());
    }

    /** A completion whose content is the classification JSON {@code {"category": ..., "confidence": ...}}. */
    public static Reply category(String category, double confidence) {
        return completion(JSON.createObjectNode().put("category", category).put("confidence", confidence).toString());
    }

    /** An error answer in OpenAI's shape. */
    public static Reply error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error");
        return new Reply(status, body.toString());
    }

    /** Holds the request until the server closes: an LLM that never answers. */
    public Reply hang() throws InterruptedException {
        closing.await(10, TimeUnit.SECONDS);
        return category("urgent", 0.5);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Reply reply;
            try {
                reply = check(exchange);
                if (reply == null) {
                    JsonNode body = JSON.readTree(exchange.getRequestBody());
                    reply = check(body);
                    if (reply == null) {
                        Call call = new Call(exchange.getRequestHeaders().getFirst("Authorization"),
                                exchange.getRequestHeaders().getFirst("Content-Type"), body);
                        calls.add(call);
                        reply = responder.answer(call);
                    }
                }
            } catch (Exception e) {
                reply = error(500, "fake server failed: " + e);
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** What OpenAI answers to a malformed request, or null if the request is well formed. */
    private Reply check(HttpExchange exchange) {
        if (!exchange.getRequestURI().getPath().equals("/v1/chat/completions")) {
            return error(404, "Invalid URL (" + exchange.getRequestMethod() + " " + exchange.getRequestURI() + ")");
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            return error(405, "Method not allowed");
        }
        if (requiredKey != null && !("Bearer " + requiredKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return error(401, "Incorrect API key provided");
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/json")) {
            return error(400, "Content-Type must be application/json");
        }
        return null;
    }

    /** OpenAI's own checks on the body, strict-mode schema rules included. */
    private static Reply check(JsonNode body) {
        if (!body.path("model").isTextual()) {
            return error(400, "you must provide a model parameter");
        }
        if (!body.path("messages").isArray() || body.path("messages").isEmpty()) {
            return error(400, "'messages' is a required property");
        }
        JsonNode format = body.path("response_format");
        if (format.path("type").asText().equals("json_schema")) {
            JsonNode schema = format.path("json_schema").path("schema");
            boolean strictOk = format.path("json_schema").path("name").asText().matches("[a-zA-Z0-9_-]{1,64}")
                    && schema.path("type").asText().equals("object")
                    && schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean()
                    && schema.path("required").size() == schema.path("properties").size();
            if (!strictOk) {
                return error(400, "Invalid schema for response_format 'classification'");
            }
        }
        return null;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
