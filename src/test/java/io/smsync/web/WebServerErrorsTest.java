package io.smsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server logs and answers when a request goes wrong on the client's side, and on ours. */
class WebServerErrorsTest {
    @TempDir
    Path dir;

    @Test
    void a_client_that_drops_a_request_mid_body_is_one_quiet_line_without_a_stack_trace() throws Exception {
        try (LogCapture logs = new LogCapture();
             TestApp app = TestApp.start(TestDatabases.sqlite(dir), MutableClock.atNow(), Map.of())) {
            try (Socket socket = new Socket("127.0.0.1", app.app().port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /webhooks/sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"guid\":\"half\",\"number\":\"+1650").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream().anyMatch(line -> line.contains("client went away")));
            // The server keeps serving, and a later request still works.
            assertThat(app.get("/health/live").statusCode()).isEqualTo(200);

            List<ILoggingEvent> about = logs.events().stream()
                    .filter(e -> e.getLoggerName().equals(WebServer.class.getName()) || e.getThrowableProxy() != null).toList();
            assertThat(about).hasSize(1);
            assertThat(about.getFirst().getLevel()).isEqualTo(Level.INFO);
            assertThat(about.getFirst().getThrowableProxy()).isNull();
            assertThat(logs.events()).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        }
    }

    @Test
    void a_bug_in_a_route_is_a_500_logged_as_an_error_with_its_stack_trace() {
        RouteGroup broken = (RoutesConfig routes) -> routes.get("/broken", ctx -> {
            throw new IllegalStateException("a bug");
        });
        try (LogCapture logs = new LogCapture();
             WebServer server = new WebServer(io.smsync.web.Json.mapper(), List.of(broken)).start("127.0.0.1", 0)) {
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
