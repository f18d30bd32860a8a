package io.smsync.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server that checks chat-completions requests the way OpenAI does (path, bearer key,
 * JSON body) and answers whatever the test's responder says.
 */
final class FakeChatServer implements AutoCloseable {
    static final String KEY = "sk-test-0123456789abcdef";
    static final String MODEL = "gpt-4o-mini-2024-07-18";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request that passed the protocol checks. */
    record Call(String authorization, String contentType, JsonNode body) {
        String responseFormat() {
            return body.path("response_format").path("type").asText();
        }
    }

    record Reply(int status, String body) {
    }

    interface Responder {
        Reply answer(Call call) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Responder responder = call -> completion("{\"category\":\"urgent\",\"confidence\":0.92}");

    FakeChatServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    List<Call> calls() {
        return calls;
    }

    void answer(Responder responder) {
        this.responder = responder;
    }

    /** A chat completion whose assistant message is {@code content}, shaped like OpenAI's. */
    static Reply completion(String content) {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-123").put("object", "chat.completion")
                .put("created", 1_700_000_000).put("model", MODEL);
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                .putObject("message").put("role", "assistant").put("content", content);
        body.putObject("usage").put("prompt_tokens", 120).put("completion_tokens", 9).put("total_tokens", 129);
        return new Reply(200, body.toString());
    }

    static Reply error(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error");
        return new Reply(status, body.toString());
    }

    /** The text of the user message in a recorded request. */
    static String userText(Call call) {
        String text = "";
        for (JsonNode message : call.body().path("messages")) {
            if (message.path("role").asText().equals("user")) {
                text = message.path("content").asText();
            }
        }
        return text;
    }

    /** Holds the request until the server closes: an LLM that never answers. */
    Reply hang() throws InterruptedException {
        closing.await(10, TimeUnit.SECONDS);
        return completion("{\"category\":\"urgent\",\"confidence\":0.5}");
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
    private static Reply check(HttpExchange exchange) {
        if (!exchange.getRequestURI().getPath().equals("/v1/chat/completions")) {
            return error(404, "Invalid URL (" + exchange.getRequestMethod() + " " + exchange.getRequestURI() + ")");
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            return error(405, "Method not allowed");
        }
        if (!("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
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
