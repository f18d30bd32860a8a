package io.smsync.send;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;

/**
 * One HTTP call to a gateway's send API. A failure is sorted the way the outbox needs it: the request
 * certainly never reached the gateway (safe to retry), or it left and the outcome is unknown.
 */
final class GatewayCall {
    private GatewayCall() {
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request, String gateway, Duration timeout) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (failedBeforeRequestWritten(e)) {
                throw new SendException(gateway + ": could not connect to " + request.uri().getHost() + ":" + request.uri().getPort()
                        + " (" + e + "); nothing was sent", true, e);
            }
            if (e instanceof HttpTimeoutException) {
                throw new SendException(gateway + ": no answer within " + timeout.toMillis()
                        + " ms; the message may or may not have been sent", false, e);
            }
            throw new SendException(gateway + ": connection failed during the request (" + e
                    + "); the message may or may not have been sent", false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendException(gateway + ": interrupted while sending; the message may or may not have been sent", false, e);
        }
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

    /** An error body that is not the gateway's JSON (a proxy's page, say), clipped for the reply's error. */
    static String excerpt(String body) {
        String text = body == null ? "" : body.strip();
        return text.isEmpty() ? "(empty body)" : "body: " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }
}
