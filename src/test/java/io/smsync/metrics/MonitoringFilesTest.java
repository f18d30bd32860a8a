package io.smsync.metrics;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.smsync.testing.FakeOpenAi;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/grafana-dashboard.json} and {@code docs/prometheus-alerts.yml} name only metrics that {@code /metrics}
 * serves, scraped from a real smsync that has received, deduplicated, consolidated, classified (by the LLM and,
 * after an LLM failure, by the rules) and replied, so that every lazily registered meter is there.
 */
class MonitoringFilesTest {
    private static final Path DASHBOARD = Path.of("docs/grafana-dashboard.json");
    private static final Path ALERTS = Path.of("docs/prometheus-alerts.yml");
    /** Series Prometheus itself adds to every target. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);
    private static final Pattern TYPE = Pattern.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\\w+)$", Pattern.MULTILINE);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{,]");

    @TempDir
    static Path dir;
    private static Map<String, String> families;

    @BeforeAll
    static void scrapeARealSmsync() {
        MutableClock clock = MutableClock.atNow();
        try (FakeOpenAi llm = new FakeOpenAi(text -> "question");
             TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of(
                     "OPENAI_API_KEY", FakeOpenAi.KEY, "OPENAI_BASE_URL", llm.baseUrl()))) {
            app.postWebhook(message("m1", "+16502530000", "what are your hours?"));
            app.postWebhook(message("m2", "+16502530000", "and on sunday?"));
            app.postWebhook(message("m2", "+16502530000", "and on sunday?"));
            clock.advance(Duration.ofSeconds(60));
            app.closeDue();
            llm.answer(call -> FakeOpenAi.error(500, "overloaded"));
            app.postWebhook(message("m3", "+16502530001", "hello"));
            clock.advance(Duration.ofSeconds(60));
            app.closeDue();
            families = families(app.get("/metrics").body());
        }
        assertThat(families).as("the scrape this test relies on")
                .containsKeys("smsync_messages_received_total", "smsync_llm_failures_total", "smsync_llm_request_seconds");
    }

    @Test
    void dashboard_queries_name_only_served_metrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> expressions = new ArrayList<>();
        collect(dashboard.get("panels"), "expr", expressions);
        assertThat(expressions).as("PromQL in the dashboard's panels").hasSizeGreaterThan(10);

        Set<String> names = new TreeSet<>();
        expressions.forEach(expr -> names.addAll(metricNames(expr)));
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if ("query".equals(variable.path("type").asText())) {
                Matcher m = LABEL_VALUES.matcher(variable.path("definition").asText() + " " + variable.at("/query/query").asText());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertThat(names).as("metrics the dashboard names").contains("smsync_messages_received_total",
                "smsync_llm_request_seconds_bucket", "smsync_store_write_seconds_bucket", "smsync_batches_open");
        assertThat(notServed(names)).as("metrics the dashboard names that /metrics does not serve").isEmpty();
    }

    @Test
    void dashboard_is_an_importable_grafana_dashboard_on_a_chosen_prometheus() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.get("title").asText()).isEqualTo("smsync");
        assertThat(dashboard.get("schemaVersion").asInt()).isPositive();
        assertThat(dashboard.path("id").isNull()).as("no id, so importing creates a dashboard").isTrue();
        JsonNode datasource = dashboard.at("/templating/list/0");
        assertThat(datasource.get("type").asText()).isEqualTo("datasource");
        assertThat(datasource.get("query").asText()).isEqualTo("prometheus");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("panel id %s is unique", panel.get("id")).isTrue();
            assertThat(panel.has("gridPos")).isTrue();
            if (!"row".equals(panel.get("type").asText())) {
                assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText()).isEqualTo("${datasource}");
                assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            }
        }
    }

    @Test
    void alert_rules_name_only_served_metrics() throws IOException {
        JsonNode alerts = new ObjectMapper(new YAMLFactory()).readTree(ALERTS.toFile());
        Set<String> names = new TreeSet<>();
        List<String> alertNames = new ArrayList<>();
        for (JsonNode group : alerts.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                alertNames.add(rule.get("alert").asText());
                assertThat(rule.at("/labels/severity").asText()).as(rule.get("alert").asText()).isNotBlank();
                assertThat(rule.at("/annotations/summary").asText()).as(rule.get("alert").asText()).isNotBlank();
                names.addAll(metricNames(rule.get("expr").asText()));
            }
        }
        assertThat(alertNames).contains("SmsyncDown", "SmsyncStoreUnavailable", "SmsyncRepliesFailing",
                "SmsyncBatchesFailing", "SmsyncBatchesClosingLate", "SmsyncLlmFailing");
        assertThat(names).contains("up", "smsync_replies_total", "smsync_batch_close_lateness_seconds_bucket");
        assertThat(notServed(names)).as("metrics the alert rules name that /metrics does not serve").isEmpty();
    }

    @Test
    void a_misspelt_or_unserved_name_is_caught() {
        assertThat(notServed(metricNames("sum by (outcome) (rate(smsync_reply_total{job=~\"$job\"}[$__rate_interval]))")))
                .containsExactly("smsync_reply_total");
        assertThat(notServed(metricNames("histogram_quantile(0.9, sum by (le) (rate(smsync_batches_open_bucket[5m])))")))
                .as("a gauge has no buckets").containsExactly("smsync_batches_open_bucket");
        assertThat(notServed(metricNames("rate(smsync_llm_request_seconds_count[5m]) / rate(smsync_batch_messages_sum[5m])")))
                .isEmpty();
    }

    /** Family name to type, from the {@code # TYPE} lines; samples without one count as untyped families. */
    private static Map<String, String> families(String scrape) {
        Map<String, String> families = new HashMap<>();
        Matcher type = TYPE.matcher(scrape);
        while (type.find()) {
            families.put(type.group(1), type.group(2));
        }
        Matcher sample = SAMPLE.matcher(scrape);
        while (sample.find()) {
            families.putIfAbsent(sample.group(1), "untyped");
        }
        return families;
    }

    /**
     * Names used in {@code names} that the scrape lacks. A histogram family {@code x} is served as {@code x_bucket},
     * {@code x_sum} and {@code x_count}; a summary as {@code x_sum} and {@code x_count}.
     */
    private static Set<String> notServed(Set<String> names) {
        Set<String> missing = new TreeSet<>();
        for (String name : names) {
            if (!PROMETHEUS_OWN.contains(name) && !served(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    private static boolean served(String name) {
        if (families.containsKey(name)) {
            return true;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                String type = families.get(name.substring(0, name.length() - suffix.length()));
                return "histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"));
            }
        }
        return false;
    }

    /**
     * The metric names in a PromQL expression: what is left once strings, label matchers, ranges, grouping
     * clauses, Grafana variables, numbers, function calls and keywords are taken out.
     */
    static Set<String> metricNames(String expr) {
        String rest = expr
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"|'(\\\\.|[^'\\\\])*'", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\{?\\w+}?", " ")
                .replaceAll("\\b\\d+(\\.\\d+)?([eE][-+]?\\d+)?\\b", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(rest);
        while (m.find()) {
            String word = m.group();
            boolean call = rest.substring(m.end()).stripLeading().startsWith("(");
            if (!call && !PROMQL_WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    private static void collect(JsonNode node, String key, List<String> into) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals(key) && e.getValue().isTextual()) {
                    into.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), key, into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, key, into));
        }
    }
}
