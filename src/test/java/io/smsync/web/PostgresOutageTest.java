package io.smsync.web;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.MutableClock;
import io.smsync.testing.TcpForwarder;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away, without stopping the shared server: smsync reaches it through a TCP
 * forwarder that the test cuts, or the test terminates smsync's sessions as a shutdown does.
 * Every endpoint then answers 503 with Retry-After, never 500.
 */
class PostgresOutageTest {
    private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)/");

    @Test
    void when_postgres_becomes_unreachable_webhooks_api_and_health_answer_503_with_retry_after() throws Exception {
        String direct = TestDatabases.freshPostgresSchema();
        Matcher at = HOST_PORT.matcher(direct);
        assertThat(at.find()).as("host and port in %s", direct).isTrue();
        try (TcpForwarder forwarder = new TcpForwarder(at.group(1), Integer.parseInt(at.group(2)));
             TestApp app = TestApp.start(at.replaceFirst("//127.0.0.1:" + forwarder.port() + "/"), MutableClock.atNow(), Map.of())) {
            assertThat(app.postWebhook(message("before", "+16502530000", "hello")).statusCode()).isEqualTo(200);
            assertThat(app.get("/health").statusCode()).isEqualTo(200);

            List<HttpResponse<String>> answers = new CopyOnWriteArrayList<>();
            Thread poster = Thread.ofVirtual().start(() -> {
                for (int i = 0; answers.isEmpty() || answers.getLast().statusCode() == 200; i++) {
                    answers.add(app.postWebhook(message("during-" + i, "+16502530000", "hello " + i)));
                }
            });
            while (answers.size() < 3) {
                Thread.onSpinWait();
            }
            forwarder.cut();
            poster.join();
            assertAll503WithRetryAfter(answers);

            for (String path : List.of("/api/batches", "/api/stats")) {
                HttpResponse<String> answer = app.get(path);
                assertThat(answer.statusCode()).as("GET %s: %s", path, answer.body()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Retry-After")).as(path).isPresent();
            }
            assertThat(app.get("/health").statusCode()).isEqualTo(503);
            assertThat(app.get("/health/ready").statusCode()).isEqualTo(503);
            assertThat(app.get("/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void webhooks_in_flight_when_postgres_terminates_the_sessions_answer_200_or_503() throws Exception {
        String applicationName = "smsync-outage-" + UUID.randomUUID().toString().substring(0, 8);
        String url = TestDatabases.freshPostgresSchema() + "&ApplicationName=" + applicationName;
        try (TestApp app = TestApp.start(url, MutableClock.atNow(), Map.of())) {
            List<HttpResponse<String>> answers = new CopyOnWriteArrayList<>();
            AtomicBoolean posting = new AtomicBoolean(true);
            List<Thread> posters = List.of(0, 1, 2, 3).stream().map(n -> Thread.ofVirtual().start(() -> {
                for (int i = 0; posting.get(); i++) {
                    answers.add(app.postWebhook(message("p" + n + "-" + i, "+1650253000" + n, "hello " + i)));
                }
            })).toList();
            try (Connection admin = DriverManager.getConnection(url.replace(applicationName, "outage-admin"))) {
                for (int round = 0; round < 10; round++) {
                    int before = answers.size();
                    while (answers.size() < before + 20) {
                        Thread.onSpinWait();
                    }
                    // What a PostgreSQL shutdown does to every session: FATAL 57P01, then the socket closes.
                    admin.createStatement().execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                            + applicationName + "'");
                }
            } finally {
                posting.set(false);
                for (Thread poster : posters) {
                    poster.join();
                }
            }
            assertAll503WithRetryAfter(answers.stream().filter(answer -> answer.statusCode() != 200).toList());
        }
    }

    private static void assertAll503WithRetryAfter(List<HttpResponse<String>> answers) {
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as("%s", answer.body()).isIn(200, 503);
            if (answer.statusCode() == 503) {
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            }
        }
    }
}
