package io.smsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real HTTP server speaking the OpenAI chat-completions protocol, for tests: it records every
 * request and answers the category that {@code categoryFor} picks from the user message.
 */
public final class FakeOpenAi implements AutoCloseable {
    public static final String MODEL = "gpt-4o-mini-2024-07-18";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int failWithStatus;

    public FakeOpenAi(Function<String, String> categoryFor) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/chat/completions", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            int status = failWithStatus;
            byte[] body;
            if (status != 0) {
                body = "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 200;
                String content = "{\"category\":\"" + categoryFor.apply(userText(request)) + "\",\"confidence\":0.9}";
                body = JSON.writeValueAsBytes(JSON.createObjectNode()
                        .put("id", "chatcmpl-test").put("object", "chat.completion").put("model", MODEL)
                        .set("choices", JSON.createArrayNode().add(JSON.createObjectNode().put("index", 0)
                                .put("finish_reason", "stop")
                                .set("message", JSON.createObjectNode().put("role", "assistant").put("content", content)))));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** The text of the last user message in a chat-completions request. */
    public static String userText(JsonNode request) {
        String text = "";
        for (JsonNode message : request.get("messages")) {
            if ("user".equals(message.get("role").asText())) {
                text = message.get("content").asText();
            }
        }
        return text;
    }

    /** The base URL to configure as OPENAI_BASE_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Each request's Authorization header, or "null" when it had none. */
    public List<String> authorizations() {
        return authorizations;
    }

    public List<JsonNode> requests() {
        return requests;
    }

    /** From now on answer every call with this HTTP status (0: answer normally). */
    public void failWith(int status) {
        failWithStatus = status;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
