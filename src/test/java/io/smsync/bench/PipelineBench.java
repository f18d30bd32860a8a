package io.smsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A benchmark, not a test: posts messages to a real smsync (SQLite file, background loop on the real
 * clock) from concurrent clients and prints throughput, latency percentiles and how late batches closed.
 */
public final class PipelineBench {
    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Path dir = Files.createTempDirectory("smsync-bench");
        try (TestApp app = TestApp.startRunning("jdbc:sqlite:" + dir.resolve("bench.db"),
                Map.of("SMSYNC_WINDOW", "1s", "SMSYNC_MAX_BATCH_MESSAGES", "1000"))) {
            post(app, 2_000, clients, "warm");
            post(app, requests, clients, "run");
            closingLateness(app);
        }
    }

    private static long[] post(TestApp app, int requests, int clients, String prefix) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        URI uri = app.uri("/webhooks/sms");
        long[] latencies = new long[requests];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                for (int i = client; i < requests; i += clients) {
                    String body = TestApp.message(prefix + "-" + i, "+1650253" + String.format("%04d", i % 500), "bench text " + i);
                    long t0 = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    latencies[i] = System.nanoTime() - t0;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (!prefix.equals("warm")) {
            Arrays.sort(latencies);
            System.out.printf("ingest: %d single-message requests, %d clients, %.1f s, %.0f requests/s%n",
                    requests, clients, seconds, requests / seconds);
            System.out.printf("ingest latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    latencies[requests / 2] / 1e6, latencies[(int) (requests * 0.99)] / 1e6, latencies[requests - 1] / 1e6);
        }
        return latencies;
    }

    /** Idle process: opens batches one at a time and reads how late each closed after its due_at. */
    private static void closingLateness(TestApp app) throws Exception {
        Thread.sleep(3_000);
        List<Long> lateness = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = TestApp.json(app.postWebhook(TestApp.message("late-" + i, "+1415555" + String.format("%04d", i), "x")).body())
                    .at("/results/0/batch_id").asText();
            JsonNode batch;
            do {
                Thread.sleep(50);
                batch = app.getJson("/api/batches/" + id);
            } while (batch.get("closed_at").isNull());
            lateness.add(Duration.between(Instant.parse(batch.get("due_at").asText()), Instant.parse(batch.get("closed_at").asText())).toMillis());
        }
        lateness.sort(null);
        System.out.printf("closing lateness (idle, 10 batches, 1 s window): median %d ms, max %d ms%n",
                lateness.get(lateness.size() / 2), lateness.getLast());
    }
}
