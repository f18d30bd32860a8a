package io.smsync.metrics;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.FakeOpenAi;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /metrics} scraped as Prometheus would, and the health endpoints, all without the admin token. */
class MetricsHttpTest {
    private final MutableClock clock = MutableClock.atNow();
    @TempDir
    Path dir;

    @Test
    void metrics_follow_prometheus_conventions_and_carry_no_personal_data() {
        try (FakeOpenAi llm = new FakeOpenAi(text -> "question");
             TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_ADMIN_TOKEN", "adm1n",
                     "OPENAI_API_KEY", FakeOpenAi.KEY, "OPENAI_BASE_URL", llm.baseUrl()))) {
            app.postWebhook(message("m1", "+16502530000", "what are your hours?"));
            app.postWebhook(message("m2", "+16502530000", "and on sunday?"));
            app.postWebhook(message("m2", "+16502530000", "and on sunday?"));
            clock.advance(Duration.ofSeconds(60));
            app.closeDue();

            HttpResponse<String> scrape = app.get("/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            String text = scrape.body();
            assertThat(text).contains(
                    "smsync_messages_received_total{source=\"webhook\"} 2.0",
                    "smsync_duplicates_total{source=\"webhook\"} 1.0",
                    "smsync_batches_opened_total 1.0",
                    "smsync_batches_closed_total{outcome=\"done\"} 1.0",
                    "smsync_batch_messages_count 1",
                    "smsync_batch_messages_bucket{le=\"2.0\"} 1",
                    "smsync_classifications_total{category=\"question\",method=\"llm\"} 1.0",
                    "smsync_llm_calls_saved_total 1.0",
                    "smsync_llm_request_seconds_count 1",
                    "smsync_replies_total{outcome=\"sent\"} 1.0",
                    "smsync_batches_open 0.0",
                    "smsync_llm_circuit_open 0.0",
                    "smsync_batch_close_lateness_seconds_count 1",
                    "smsync_store_write_seconds_count",
                    "jvm_memory_used_bytes");
            // Counters end in _total, timers in _seconds; the only unitless names are the gauges and the summary's series.
            assertThat(Pattern.compile("^(smsync_\\w+?)(_bucket|_count|_sum|_max)?[{ ]", Pattern.MULTILINE).matcher(text).results()
                    .map(r -> r.group(1)).distinct())
                    .allSatisfy(name -> assertThat(name).matches("smsync_\\w+_(total|seconds)|smsync_batches_open|smsync_llm_circuit_open|smsync_batch_messages"));
            assertThat(text).doesNotContain("6502530000", "hours", "sunday", FakeOpenAi.KEY);
        }
    }

    @Test
    void health_answers_without_the_admin_token() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_ADMIN_TOKEN", "adm1n"))) {
            assertThat(app.get("/health/live").statusCode()).isEqualTo(200);
            assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
            assertThat(TestApp.json(app.get("/health/ready").body()).get("status").asText()).isEqualTo("up");
            assertThat(app.get("/health").statusCode()).isEqualTo(200);
            assertThat(app.get("/api/stats").statusCode()).isEqualTo(401);
        }
    }
}
