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
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on port 0 standing in for an event webhook receiver: records each request's headers and raw
 * body, and answers with the status {@code answer} decides from the request; a status of 0 holds the request without
 * ever answering (until {@link #close()}), like a dead endpoint.
 */
public final class FakeEndpoint implements AutoCloseable {
    /** One request as received: lower-cased header names, the body as sent. */
    public record Request(Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Function<Request, Integer> answer;

    public FakeEndpoint(Function<Request, Integer> answer) {
        this.answer = answer;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers every request with {@code status}. */
    public static FakeEndpoint answering(int status) {
        return new FakeEndpoint(request -> status);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
        Request request = new Request(Map.copyOf(headers), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        int status = answer.apply(request);
        if (status == 0) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** From now on, answer with what {@code answer} decides. */
    public void answer(Function<Request, Integer> answer) {
        this.answer = answer;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public List<Request> requests() {
        return requests;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
