package io.smsync.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A real HTTP server standing in for an SMS gateway's send API in crash tests: it records every
 * request body, can hold requests without answering (the outcome a crash leaves unknown), and
 * answers the rest with whatever {@code answer} decides from the body; GETs (a lookup API) are
 * recorded apart and answered by {@link #answerGets}.
 */
public final class FakeGateway implements AutoCloseable {
    /** A status, body and extra response headers to answer with. */
    public record Answer(int status, String body, Map<String, String> headers) {
        public Answer(int status, String body) {
            this(status, body, Map.of());
        }
    }

    private final HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile Function<String, Answer> getAnswer = query -> new Answer(405, "{\"message\":\"method not allowed\"}");
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean holding;
    private volatile Function<String, Answer> answer;

    public FakeGateway(String path, Function<String, Answer> answer) {
        this.answer = answer;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(path, this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod())) {
            String query = exchange.getRequestURI().getRawQuery();
            queries.add(query == null ? "" : query);
            respond(exchange, getAnswer.apply(query == null ? "" : query));
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        bodies.add(body);
        if (holding) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        respond(exchange, answer.apply(body));
    }

    private static void respond(HttpExchange exchange, Answer reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        reply.headers().forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Answers GET requests (a gateway's lookup API) with what {@code answer} decides from the raw query. */
    public FakeGateway answerGets(Function<String, Answer> answer) {
        this.getAnswer = answer;
        return this;
    }

    /** The raw query strings of the GET requests, in order. */
    public List<String> queries() {
        return queries;
    }

    /** From now on, take requests but never answer them (until {@link #close()}). */
    public void holdRequests() {
        holding = true;
    }

    /** Answer requests again (those already held stay unanswered). */
    public void answerRequests() {
        holding = false;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<String> bodies() {
        return bodies;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
