package io.smsync.http;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.AppExtension;
import io.smsync.testing.TestApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a caller without a secret gets: on a public bind nothing that can make smsync text; on loopback,
 * only requests from this machine (not through a proxy, not a web page that rebound its DNS name to us).
 */
class LocalAccessTest {
    @RegisterExtension
    final AppExtension smsync = AppExtension.sqlite();
    private TestApp app;

    private TestApp start(Map<String, String> env) {
        app = smsync.start(env);
        return app;
    }

    private long storedMessages() {
        return smsync.database().reads().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM messages").mapTo(Long.class).one());
    }

    @Test
    void a_public_bind_with_only_a_gateway_secret_keeps_the_generic_webhook_off() {
        start(Map.of("SMSYNC_HOST", "0.0.0.0", "SMSSYNC_SECRET", "phone-secret"));

        HttpResponse<String> forged = app.postWebhook(message("forged-1", "+16502530000", "text me back"));

        assertThat(forged.statusCode()).isEqualTo(404);
        assertThat(forged.body()).contains("SMSYNC_WEBHOOK_TOKEN");
        assertThat(storedMessages()).isZero();
    }

    @Test
    void a_public_bind_with_a_webhook_token_requires_it() {
        start(Map.of("SMSYNC_HOST", "0.0.0.0", "SMSYNC_WEBHOOK_TOKEN", "hook-token"));

        assertThat(app.postWebhook(message("g-1", "+16502530000", "hi")).statusCode()).isEqualTo(401);
        assertThat(app.postWebhook(message("g-2", "+16502530000", "hi"), "Authorization", "Bearer hook-token").statusCode())
                .isEqualTo(200);
        assertThat(storedMessages()).isEqualTo(1);
    }

    @Test
    void a_request_through_a_proxy_needs_the_webhook_token_even_on_loopback() {
        start(Map.of());

        for (String header : new String[] {"X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host"}) {
            HttpResponse<String> proxied = app.postWebhook(message("p-" + header, "+16502530000", "hi"), header, "for=203.0.113.9");
            assertThat(proxied.statusCode()).as(header).isEqualTo(401);
            assertThat(proxied.body()).contains("proxy", "SMSYNC_WEBHOOK_TOKEN");
        }
        assertThat(storedMessages()).isZero();
        assertThat(app.postWebhook(message("local-1", "+16502530000", "hi")).statusCode()).isEqualTo(200);
    }

    @Test
    void a_rebound_host_name_gets_neither_texts_nor_the_webhook() {
        start(Map.of());
        String body = message("rebound-1", "+16502530000", "hi");

        assertThat(raw("GET /api/batches", "attacker.example:" + app.app().port(), null)).startsWith("HTTP/1.1 403");
        assertThat(raw("GET /", "attacker.example:" + app.app().port(), null)).startsWith("HTTP/1.1 403");
        assertThat(raw("POST /webhooks/sms", "attacker.example:" + app.app().port(), body)).startsWith("HTTP/1.1 401");
        assertThat(storedMessages()).isZero();

        assertThat(raw("GET /api/batches", "localhost:" + app.app().port(), null)).startsWith("HTTP/1.1 200");
        assertThat(raw("GET /", "127.0.0.1:" + app.app().port(), null)).startsWith("HTTP/1.1 200");
        assertThat(raw("POST /webhooks/sms", "[::1]:" + app.app().port(), body)).startsWith("HTTP/1.1 200");
        assertThat(raw("GET /health", "attacker.example", null)).startsWith("HTTP/1.1 200");
    }

    @Test
    void with_an_admin_token_the_host_does_not_matter_but_the_token_does() {
        start(Map.of("SMSYNC_ADMIN_TOKEN", "admin-token"));

        assertThat(raw("GET /api/stats", "sms.example.com", null)).startsWith("HTTP/1.1 401");
        assertThat(app.get("/api/stats", "Authorization", "Bearer admin-token", "X-Forwarded-For", "203.0.113.9").statusCode())
                .isEqualTo(200);
    }

    @Test
    void loopback_hosts_are_recognized_with_this_servers_port_only() {
        assertThat(LocalRequests.isLoopbackHost("localhost:8080", 8080)).isTrue();
        assertThat(LocalRequests.isLoopbackHost("127.0.0.1", 8080)).isTrue();
        assertThat(LocalRequests.isLoopbackHost("127.1.2.3:8080", 8080)).isTrue();
        assertThat(LocalRequests.isLoopbackHost("[::1]:8080", 8080)).isTrue();
        assertThat(LocalRequests.isLoopbackHost("LOCALHOST:8080", 8080)).isTrue();
        assertThat(LocalRequests.isLoopbackHost("localhost:9090", 8080)).isFalse();
        assertThat(LocalRequests.isLoopbackHost("127.evil.example:8080", 8080)).isFalse();
        assertThat(LocalRequests.isLoopbackHost("localhost.evil.example", 8080)).isFalse();
        assertThat(LocalRequests.isLoopbackHost("[::1]x", 8080)).isFalse();
        assertThat(LocalRequests.isLoopbackHost("", 8080)).isFalse();
        assertThat(LocalRequests.isLoopbackHost(null, 8080)).isFalse();
    }

    /** One HTTP/1.1 request with a Host header of our choosing (java.net.http will not send one), answered as text. */
    private String raw(String requestLine, String host, String jsonBody) {
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        String head = requestLine + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                + (jsonBody == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n") + "\r\n";
        try (Socket socket = new Socket("127.0.0.1", app.app().port())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
