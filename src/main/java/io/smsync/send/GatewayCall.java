package io.smsync.send;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One HTTP call to a gateway's send API. A failure is sorted the way the outbox needs it: the request
 * certainly never reached the gateway or was refused with a 4xx (safe to retry, or final), or it left and
 * the outcome is unknown (a 5xx, often a proxy's, or no answer).
 */
final class GatewayCall {
    /** The longest a gateway's Retry-After is honoured; a longer one is treated as this. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private GatewayCall() {
    }

    /**
     * Sends {@code request}. With {@code freshConnection}, on a connection of its own, closed afterwards: for a gateway
     * that does not deduplicate, since java.net.http does not retry a POST whose pooled connection the peer had
     * already closed, and that failure cannot be told from a request the gateway received and never answered.
     */
    static HttpResponse<String> send(HttpClient http, HttpRequest request, String gateway, Duration timeout,
                                     boolean freshConnection) {
        if (!freshConnection) {
            return call(http, request, gateway, timeout);
        }
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(http.sslContext()).version(http.version())
                .followRedirects(http.followRedirects());
        http.connectTimeout().ifPresent(builder::connectTimeout);
        http.proxy().ifPresent(builder::proxy);
        HttpClient once = builder.build();
        try {
            return call(once, request, gateway, timeout);
        } finally {
            once.shutdownNow();
        }
    }

    private static HttpResponse<String> call(HttpClient http, HttpRequest request, String gateway, Duration timeout) {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            // The request's own timeout stops at the response headers; this bounds a gateway that stalls the body too.
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw noAnswer(gateway, timeout, e);
        } catch (ExecutionException e) {
            throw sorted(e.getCause() == null ? e : e.getCause(), request, gateway, timeout);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new SendException(gateway + ": interrupted while sending; the message may or may not have been sent", false, e);
        }
    }

    private static SendException sorted(Throwable e, HttpRequest request, String gateway, Duration timeout) {
        if (failedBeforeRequestWritten(e)) {
            return new SendException(gateway + ": could not connect to " + request.uri().getHost() + ":" + request.uri().getPort()
                    + " (" + e + "); nothing was sent", true, e);
        }
        if (e instanceof HttpTimeoutException) {
            return noAnswer(gateway, timeout, e);
        }
        return new SendException(gateway + ": connection failed during the request (" + e
                + "); the message may or may not have been sent", false, e);
    }

    private static SendException noAnswer(String gateway, Duration timeout, Throwable e) {
        return new SendException(gateway + ": no answer within " + timeout.toMillis()
                + " ms; the message may or may not have been sent", false, e);
    }

    /** Connecting, resolving or the TLS handshake failed: the request never reached the gateway. */
    private static boolean failedBeforeRequestWritten(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
                    || t instanceof UnresolvedAddressException || t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure for a non-2xx answer: a 4xx comes from the gateway's API, which took nothing (429: try again after
     * its Retry-After; any other: refused for good, with the gateway's message); anything else, a 5xx above all, may
     * come from a proxy or a gateway that failed after storing the message, so the outcome is unknown.
     */
    static SendException failure(String gateway, HttpResponse<String> response, String description) {
        int status = response.statusCode();
        String message = gateway + ": HTTP " + status + " " + description;
        if (status == 429) {
            return SendException.throttled(message + "; nothing was sent", retryAfter(response));
        }
        if (status >= 400 && status < 500) {
            return SendException.refused(message);
        }
        return new SendException(message + "; the message may or may not have been sent", false, null);
    }

    /** Retry-After in seconds or as an HTTP date (against the answer's own Date); null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").map(String::strip).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        Duration delay;
        if (value.matches("\\d{1,9}")) {
            delay = Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                ZonedDateTime now = ZonedDateTime.parse(response.headers().firstValue("Date").orElseThrow(),
                        DateTimeFormatter.RFC_1123_DATE_TIME);
                delay = Duration.between(now, at);
            } catch (DateTimeParseException | java.util.NoSuchElementException e) {
                return null;
            }
        }
        return delay.isNegative() ? Duration.ZERO : delay.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : delay;
    }

    /** An error body that is not the gateway's JSON (a proxy's page, say), clipped for the reply's error. */
    static String excerpt(String body) {
        String text = body == null ? "" : body.strip();
        return text.isEmpty() ? "(empty body)" : "body: " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }
}
