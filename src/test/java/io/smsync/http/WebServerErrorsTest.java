package io.smsync.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.javalin.config.RoutesConfig;
import io.smsync.testing.LogCapture;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server logs and answers when a request goes wrong on the client's side, and on ours. */
class WebServerErrorsTest {
    @TempDir
    Path dir;

    @Test
    void a_client_that_drops_a_request_mid_body_gets_no_500_and_leaves_no_warning_or_stack_trace() throws Exception {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), MutableClock.atNow(), Map.of("SMSYNC_ADMIN_TOKEN", "an-admin-token-of-length"));
             LogCapture logs = new LogCapture()) {
            String webhook = halfABody(app, "POST /webhooks/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"guid\":\"half\",\"number\":\"+1650");
            String login = halfABody(app, "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 1000\r\n\r\ntoken=an-adm");
            assertThat(webhook).doesNotStartWith("HTTP/1.1 5");
            assertThat(login).doesNotStartWith("HTTP/1.1 5");
            // The server keeps serving.
            assertThat(app.get("/health/live").statusCode()).isEqualTo(200);

            assertThat(logs.events()).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
            assertThat(logs.events()).noneMatch(e -> e.getThrowableProxy() != null);
            assertThat(logs.events().stream().filter(e -> e.getLoggerName().equals(WebServer.class.getName())))
                    .allSatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("client went away during POST "))
                    .hasSizeLessThanOrEqualTo(2);
        }
    }

    /** Sends a request whose body stops halfway, then closes its sending side; returns whatever the server answered. */
    private static String halfABody(TestApp app, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.app().port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void a_bug_in_a_route_is_a_500_logged_as_an_error_with_its_stack_trace() {
        RouteGroup broken = (RoutesConfig routes) -> routes.get("/broken", ctx -> {
            throw new IllegalStateException("a bug");
        });
        try (LogCapture logs = new LogCapture();
             WebServer server = new WebServer(io.smsync.http.Json.mapper(), List.of(broken)).start("127.0.0.1", 0)) {
            HttpResponse<String> answer = TestApp.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/broken")));
            assertThat(answer.statusCode()).isEqualTo(500);
            assertThat(TestApp.json(answer.body()).get("error").asText()).isEqualTo("internal error");
            assertThat(logs.events()).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).contains("GET /broken");
                assertThat(e.getThrowableProxy().getMessage()).isEqualTo("a bug");
            });
        }
    }
}
