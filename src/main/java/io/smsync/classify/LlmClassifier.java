package io.smsync.classify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Classifies with an OpenAI-compatible {@code POST /chat/completions}, asking for structured output
 * and retrying once in plain JSON mode if the server refuses it (HTTP 400). Throws
 * {@link LlmException} on any failure, so wrap it in a {@link FallbackClassifier}.
 */
public final class LlmClassifier implements Classifier {
    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final Duration timeout;
    private final ChatCompletions chat;

    /** {@code timeout} bounds the whole call, the json_object retry included. */
    public LlmClassifier(HttpClient http, URI baseUrl, String apiKey, String model, Duration timeout, Categories categories) {
        this.http = Objects.requireNonNull(http, "http");
        this.endpoint = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/chat/completions");
        this.apiKey = apiKey == null ? "" : apiKey.strip();
        this.model = Objects.requireNonNull(model, "model");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.chat = new ChatCompletions(categories);
    }

    /** @throws LlmException on a timeout, a connection failure, an HTTP error or an answer outside the schema */
    @Override
    public Classification classify(String text) {
        try {
            return call(text);
        } catch (RuntimeException e) {
            // One exit for every failure, so no message can carry the key even if a server echoes it.
            throw new LlmException(redact(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private Classification call(String text) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> response = post(chat.request(model, text, true), deadline);
        if (response.statusCode() == 400) {
            // Some OpenAI-compatible servers (older vLLM, llama.cpp, proxies) refuse json_schema.
            response = post(chat.request(model, text, false), deadline);
        }
        if (response.statusCode() / 100 != 2) {
            throw new LlmException("LLM answered HTTP " + response.statusCode() + errorDetail(response.body()));
        }
        ChatCompletions.Answer answer = chat.parse(response.body());
        return new Classification(answer.category(), answer.confidence(), Method.LLM,
                answer.model() == null ? model : answer.model());
    }

    private HttpResponse<String> post(byte[] body, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw timedOut();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofNanos(left))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        CompletableFuture<HttpResponse<String>> future =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            // The request timeout stops at the response headers; this bounds a slow body too.
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw timedOut();
            }
            String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage();
            throw new LlmException("LLM request to " + endpoint + " failed: " + cause.getClass().getSimpleName() + detail);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new LlmException("LLM request to " + endpoint + " was interrupted");
        }
    }

    private LlmException timedOut() {
        return new LlmException("LLM did not answer within " + timeout.toMillis() + " ms");
    }

    private static String errorDetail(String body) {
        return body == null || body.isBlank() ? "" : ": " + ChatCompletions.errorMessage(body);
    }

    /** Keys shorter than 8 characters are placeholders (Ollama needs none); redacting them would garble messages. */
    private String redact(String message) {
        return apiKey.length() < 8 ? message : message.replace(apiKey, "[redacted]");
    }

    @Override
    public String toString() {
        return "LlmClassifier[" + endpoint + ", model " + model + "]";
    }
}
