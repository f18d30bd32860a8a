package io.smsync.pipeline;

import static io.smsync.testing.TestApp.envelope;
import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.store.Classifications;
import io.smsync.testing.FakeOpenAi;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core pipeline through its real seams (HTTP in, the database, the closing loop driven by a test
 * clock), run once per database by the small subclasses.
 */
abstract class PipelineContract {
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final List<TestApp> apps = new ArrayList<>();

    /** A URL to a fresh, empty database. */
    protected abstract String freshDatabaseUrl();

    protected TestApp start(Map<String, String> env) {
        TestApp app = TestApp.start(freshDatabaseUrl(), clock, env);
        apps.add(app);
        return app;
    }

    @AfterEach
    void stopApps() {
        apps.forEach(TestApp::close);
    }

    private static JsonNode batches(TestApp app) {
        return app.getJson("/api/batches").get("batches");
    }

    @Test
    void messages_from_one_sender_inside_the_window_form_one_batch_that_closes_at_its_deadline() {
        TestApp app = start(Map.of());
        assertThat(app.postWebhook(message("g1", "+16502530000", "Hi")).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(20));
        assertThat(app.postWebhook(message("g2", "(650) 253-0000", "can I book for Friday?")).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(39));
        assertThat(app.closeDue()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(app.closeDue()).isEqualTo(1);

        JsonNode batch = batches(app).get(0);
        assertThat(batch.get("status").asText()).isEqualTo("done");
        assertThat(batch.get("sender").asText()).isEqualTo("+16502530000");
        assertThat(batch.get("message_count").asInt()).isEqualTo(2);
        assertThat(batch.get("text").asText()).isEqualTo("Hi\ncan I book for Friday?");
        assertThat(batch.at("/classification/category").asText()).isEqualTo("appointment");
        assertThat(batch.at("/classification/method").asText()).isEqualTo("rules");
        assertThat(batch.at("/reply/status").asText()).isEqualTo("sent");
        assertThat(batch.at("/reply/text").asText()).startsWith("Thanks for your message!");
    }

    @Test
    void a_repeated_guid_is_a_duplicate_and_is_not_stored_again() {
        TestApp app = start(Map.of());
        app.postWebhook(message("same", "+16502530000", "first"));
        HttpResponse<String> again = app.postWebhook(message("same", "+16502530000", "second"));

        JsonNode body = TestApp.json(again.body());
        assertThat(body.get("accepted").asInt()).isZero();
        assertThat(body.get("duplicates").asInt()).isEqualTo(1);
        assertThat(body.at("/results/0/status").asText()).isEqualTo("duplicate");
        assertThat(body.at("/results/0/batch_id").isMissingNode()).isTrue();
        JsonNode stats = app.getJson("/api/stats");
        assertThat(stats.get("messages_received").asInt()).isEqualTo(1);
        assertThat(stats.get("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void sliding_window_moves_with_each_message_but_not_past_the_cap() {
        TestApp app = start(Map.of("SMSYNC_WINDOW_MODE", "sliding", "SMSYNC_WINDOW", "60s", "SMSYNC_MAX_WAIT", "2m"));
        app.postWebhook(message("s1", "+16502530000", "one"));
        clock.advance(Duration.ofSeconds(50));
        app.postWebhook(message("s2", "+16502530000", "two"));
        clock.advance(Duration.ofSeconds(50));
        assertThat(app.closeDue()).isZero();
        app.postWebhook(message("s3", "+16502530000", "three"));
        // Opened at 0 s, the last message at 100 s would slide the deadline to 160 s, but the cap is 120 s.
        JsonNode batch = batches(app).get(0);
        assertThat(batch.get("message_count").asInt()).isEqualTo(3);
        assertThat(Duration.between(Instant.parse(batch.get("opened_at").asText()), Instant.parse(batch.get("due_at").asText())))
                .isEqualTo(Duration.ofMinutes(2));
        clock.advance(Duration.ofSeconds(19));
        assertThat(app.closeDue()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(app.closeDue()).isEqualTo(1);
    }

    @Test
    void a_batch_that_reaches_the_message_limit_closes_at_once_and_the_next_message_opens_a_new_one() {
        TestApp app = start(Map.of("SMSYNC_MAX_BATCH_MESSAGES", "3"));
        String first = null;
        for (int i = 1; i <= 4; i++) {
            JsonNode body = TestApp.json(app.postWebhook(message("m" + i, "+16502530000", "text " + i)).body());
            if (i == 1) {
                first = body.at("/results/0/batch_id").asText();
            } else if (i <= 3) {
                assertThat(body.at("/results/0/batch_id").asText()).isEqualTo(first);
            } else {
                assertThat(body.at("/results/0/batch_id").asText()).isNotEqualTo(first);
            }
        }
        assertThat(app.closeDue()).isEqualTo(1);
        assertThat(app.getJson("/api/batches/" + first).get("message_count").asInt()).isEqualTo(3);
    }

    @Test
    void window_zero_makes_each_message_its_own_batch_processed_at_once() {
        TestApp app = start(Map.of("SMSYNC_WINDOW", "0", "SMSYNC_REPLY_COOLDOWN", "0"));
        app.postWebhook(message("z1", "+16502530000", "one"));
        app.postWebhook(message("z2", "+16502530000", "two"));
        assertThat(app.closeDue()).isEqualTo(2);
        JsonNode list = batches(app);
        assertThat(list).hasSize(2);
        assertThat(list).extracting(b -> b.get("status").asText()).containsOnly("done");
        assertThat(app.getJson("/api/stats").get("replies_sent").asInt()).isEqualTo(2);
    }

    @Test
    void the_consolidation_key_is_sender_and_receiving_line() {
        TestApp app = start(Map.of());
        app.postWebhook("{\"guid\":\"k1\",\"number\":\"+16502530000\",\"message\":\"a\",\"to\":\"+14155550100\"}");
        app.postWebhook("{\"guid\":\"k2\",\"number\":\"+16502530000\",\"message\":\"b\",\"to\":\"+14155550199\"}");
        app.postWebhook(message("k3", "+16502530001", "c"));
        assertThat(batches(app)).hasSize(3);
    }

    @Test
    void a_message_arriving_while_its_batch_is_processed_opens_a_new_batch() {
        TestApp app = start(Map.of());
        String first = TestApp.json(app.postWebhook(message("p1", "+16502530000", "one")).body()).at("/results/0/batch_id").asText();
        clock.advance(Duration.ofSeconds(60));
        assertThat(app.closeDue()).isEqualTo(1);
        String second = TestApp.json(app.postWebhook(message("p2", "+16502530000", "two")).body()).at("/results/0/batch_id").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(app.getJson("/api/batches/" + second).get("status").asText()).isEqualTo("open");
    }

    @Test
    void messages_are_ordered_by_phone_time_when_given() {
        TestApp app = start(Map.of());
        app.postWebhook(envelope(message("o1", "+16502530000", "second", "2026-11-25T09:59:50Z"),
                message("o2", "+16502530000", "first", 1795600780L)));
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();
        JsonNode batch = app.newestBatch();
        assertThat(batch.get("text").asText()).isEqualTo("first\nsecond");
        assertThat(batch.at("/messages/0/sent_at").asText()).isEqualTo("2026-11-25T09:59:40Z");
    }

    @Test
    void eight_threads_posting_for_one_sender_make_exactly_one_open_batch() throws Exception {
        TestApp app = start(Map.of("SMSYNC_MAX_BATCH_MESSAGES", "1000"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> posts = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            String guid = "c" + i;
            posts.add(() -> app.postWebhook(message(guid, "+16502530000", "burst " + guid)).statusCode());
        }
        for (Future<Integer> status : pool.invokeAll(posts)) {
            assertThat(status.get()).isEqualTo(200);
        }
        pool.shutdown();
        JsonNode list = batches(app);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("message_count").asInt()).isEqualTo(80);
        assertThat(app.newestBatch().get("messages")).hasSize(80);
    }

    @Test
    void a_second_batch_inside_the_cooldown_is_not_answered_again() {
        TestApp app = start(Map.of("SMSYNC_REPLY_COOLDOWN", "24h"));
        app.postWebhook(message("r1", "+16502530000", "hello"));
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();
        app.postWebhook(message("r2", "+16502530000", "hello again"));
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();
        clock.advance(Duration.ofHours(24));
        app.postWebhook(message("r3", "+16502530000", "next day"));
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();

        JsonNode list = batches(app);
        assertThat(list.findValues("reply")).extracting(r -> r.get("status").asText()).containsExactly("sent", "skipped", "sent");
        assertThat(list.get(1).at("/reply/reason").asText()).isEqualTo("cooldown");
    }

    @Test
    void with_auto_reply_disabled_the_batch_is_classified_and_the_reply_skipped() {
        TestApp app = start(Map.of("SMS_AUTO_REPLY_ENABLED", "false"));
        app.postWebhook(message("d1", "+16502530000", "URGENT my pipe burst"));
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();
        JsonNode batch = batches(app).get(0);
        assertThat(batch.at("/classification/category").asText()).isEqualTo("urgent");
        assertThat(batch.at("/reply/status").asText()).isEqualTo("skipped");
        assertThat(batch.at("/reply/reason").asText()).isEqualTo("disabled");
        assertThat(app.getJson("/api/stats").get("replies_skipped").asInt()).isEqualTo(1);
    }

    @Test
    void open_batches_and_their_deadlines_survive_a_restart_and_duplicates_are_still_known() {
        String url = freshDatabaseUrl();
        try (TestApp before = TestApp.start(url, clock, Map.of())) {
            before.postWebhook(message("x1", "+16502530000", "before restart"));
        }
        clock.advance(Duration.ofMinutes(5));
        try (TestApp after = TestApp.start(url, clock, Map.of())) {
            JsonNode duplicate = TestApp.json(after.postWebhook(message("x1", "+16502530000", "again")).body());
            assertThat(duplicate.get("duplicates").asInt()).isEqualTo(1);
            assertThat(after.closeDue()).isEqualTo(1);
            JsonNode batch = batches(after).get(0);
            assertThat(batch.get("status").asText()).isEqualTo("done");
            assertThat(batch.get("text").asText()).isEqualTo("before restart");
        }
    }

    @Test
    void stats_count_what_happened() {
        TestApp app = start(Map.of());
        app.postWebhook(envelope(message("a", "+16502530000", "one"), message("a", "+16502530000", "one"),
                message("b", "+16502530001", "two")));
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();
        JsonNode stats = app.getJson("/api/stats");
        assertThat(stats.get("messages_received").asInt()).isEqualTo(2);
        assertThat(stats.get("duplicates").asInt()).isEqualTo(1);
        assertThat(stats.get("batches_open").asInt()).isZero();
        assertThat(stats.get("batches_done").asInt()).isEqualTo(2);
        assertThat(stats.get("batches_failed").asInt()).isZero();
        assertThat(stats.get("classified_rules").asInt()).isEqualTo(2);
        assertThat(stats.get("classified_llm").asInt()).isZero();
        assertThat(stats.get("replies_sent").asInt()).isEqualTo(2);
    }

    @Test
    void the_offline_classifier_is_compared_with_the_llm_on_each_batch_and_learns_from_its_verdicts() {
        try (FakeOpenAi llm = new FakeOpenAi(text -> text.contains("zorbl") ? "question" : "other")) {
            TestApp app = start(Map.of("OPENAI_API_KEY", FakeOpenAi.KEY, "OPENAI_BASE_URL", llm.baseUrl()));
            // The offline classifier has no example like these (a made-up word), so it says other where the LLM says question.
            String[] texts = {"zorbling 4471 again", "zorbling zorbles", "zorbles 12 zorbling"};
            for (int i = 0; i < 3; i++) {
                app.postWebhook(message("l" + i, "+1650253000" + i, texts[i]));
            }
            clock.advance(Duration.ofMinutes(1));
            app.closeDue();
            JsonNode before = app.getJson("/api/stats");
            assertThat(before.get("classified_llm").asInt()).isEqualTo(3);
            assertThat(before.get("offline_compared").asInt()).isEqualTo(3);
            assertThat(before.get("offline_agreed").asInt()).isZero();
            assertThat(before.get("offline_agreement").asDouble()).isZero();

            app.app().learnFromLlm();
            app.postWebhook(message("l3", "+16502530009", "zorbling zorbles 99"));
            clock.advance(Duration.ofMinutes(1));
            app.closeDue();

            JsonNode after = app.getJson("/api/stats");
            assertThat(after.get("offline_compared").asInt()).isEqualTo(4);
            assertThat(after.get("offline_agreed").asInt()).isEqualTo(1);
            assertThat(after.get("offline_agreement").asDouble()).isEqualTo(0.25);
            assertThat(app.get("/metrics").body())
                    .contains("smsync_offline_llm_comparisons_total{agreed=\"false\"} 3.0")
                    .contains("smsync_offline_llm_comparisons_total{agreed=\"true\"} 1.0");
        }
    }

    @Test
    void the_llm_verdicts_to_learn_from_are_the_newest_with_their_batch_text() {
        try (FakeOpenAi llm = new FakeOpenAi(text -> text.startsWith("first") ? "question" : "complaint")) {
            TestApp app = start(Map.of("OPENAI_API_KEY", FakeOpenAi.KEY, "OPENAI_BASE_URL", llm.baseUrl()));
            app.postWebhook(message("v1", "+16502530000", "oldest"));
            clock.advance(Duration.ofMinutes(1));
            app.closeDue();
            app.postWebhook(message("v2", "+16502530000", "  second message  ", "2026-11-25T10:01:30Z"));
            app.postWebhook(message("v3", "+16502530000", "first message", "2026-11-25T10:01:10Z"));
            clock.advance(Duration.ofMinutes(1));
            app.closeDue();
            app.postWebhook(message("v4", "+16502530001", "newest"));
            clock.advance(Duration.ofMinutes(1));
            app.closeDue();

            List<Classifications.Verdict> verdicts = app.app().database().reads()
                    .withHandle(h -> new Classifications().recentLlmVerdicts(h, 2));

            assertThat(verdicts).containsExactly(new Classifications.Verdict("complaint", "newest"),
                    new Classifications.Verdict("question", "first message\nsecond message"));
        }
    }

    @Test
    void compliance_keywords_are_the_reply_rules_business_whatever_the_classifiers_say() {
        try (FakeOpenAi llm = new FakeOpenAi(text -> "urgent")) {
            TestApp app = start(Map.of("OPENAI_API_KEY", FakeOpenAi.KEY, "OPENAI_BASE_URL", llm.baseUrl(),
                    "SMSYNC_HELP_TEXT", "Acme: call 555-0100. Reply STOP to opt out."));
            app.postWebhook(message("c1", "+16502530000", "STOP"));
            app.postWebhook(message("c2", "+16502530001", "help"));
            clock.advance(Duration.ofMinutes(1));
            app.closeDue();

            JsonNode stop = app.getJson("/api/batches?sender=%2B16502530000").get("batches").get(0);
            assertThat(stop.at("/reply/reason").asText()).isEqualTo("opted_out");
            JsonNode help = app.getJson("/api/batches?sender=%2B16502530001").get("batches").get(0);
            assertThat(help.at("/reply/text").asText()).isEqualTo("Acme: call 555-0100. Reply STOP to opt out.");
            // The offline classifier does not read a compliance keyword as an intent ("help" is not urgent).
            assertThat(app.getJson("/api/stats").get("offline_agreed").asInt()).isZero();
        }
    }

    @Test
    void without_the_llm_there_is_no_agreement_to_report() {
        TestApp app = start(Map.of());
        app.postWebhook(message("n1", "+16502530000", "hello"));
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();
        JsonNode stats = app.getJson("/api/stats");
        assertThat(stats.get("offline_compared").asInt()).isZero();
        assertThat(stats.get("offline_agreement").isNull()).isTrue();
        assertThat(stats.get("classified_rules").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> app.app().learnFromLlm()).hasMessage("learning from the LLM is off");
    }

    @Test
    void stop_records_a_durable_opt_out_and_silences_auto_replies_until_start() {
        TestApp app = start(Map.of("SMSYNC_REPLY_COOLDOWN", "0"));
        app.postWebhook(message("o1", "+16502530000", " Stop. "));
        JsonNode sender = app.getJson("/api/senders/%2B16502530000");
        assertThat(sender.get("opted_out").asBoolean()).isTrue();
        assertThat(sender.get("opted_out_at").asText()).endsWith("Z");
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();
        assertThat(batches(app).get(0).at("/reply/status").asText()).isEqualTo("skipped");
        assertThat(batches(app).get(0).at("/reply/reason").asText()).isEqualTo("opted_out");

        app.postWebhook(message("o2", "+16502530000", "are you open today?"));
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();
        assertThat(batches(app).get(0).at("/reply/reason").asText()).isEqualTo("opted_out");

        app.postWebhook(message("o3", "+16502530000", "START"));
        assertThat(app.getJson("/api/senders/%2B16502530000").get("opted_out").asBoolean()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();
        assertThat(batches(app).get(0).at("/reply/status").asText()).isEqualTo("sent");
        JsonNode after = app.getJson("/api/senders/%2B16502530000");
        assertThat(after.at("/last_reply/status").asText()).isEqualTo("sent");
        assertThat(after.get("recent_batches")).hasSize(3);
    }

    @Test
    void help_gets_the_help_text_even_inside_the_cooldown() {
        TestApp app = start(Map.of("SMSYNC_HELP_TEXT", "Acme Plumbing: call 555-0100. Reply STOP to opt out."));
        app.postWebhook(message("h1", "+16502530000", "hello"));
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();
        app.postWebhook(message("h2", "+16502530000", "HELP"));
        clock.advance(Duration.ofMinutes(1));
        app.closeDue();
        JsonNode help = batches(app).get(0);
        assertThat(help.at("/reply/status").asText()).isEqualTo("sent");
        assertThat(help.at("/reply/text").asText()).isEqualTo("Acme Plumbing: call 555-0100. Reply STOP to opt out.");
    }

    @Test
    void short_codes_alphanumeric_ids_and_own_numbers_get_no_auto_reply() {
        TestApp app = start(Map.of("SMSYNC_OWN_NUMBERS", "+14155550100, +14155550101"));
        app.postWebhook(message("a1", "80082", "WINNER!! claim your prize"));
        app.postWebhook(message("a2", "ACME", "Your code is 1234"));
        app.postWebhook(message("a3", "(415) 555-0101", "loop test"));
        clock.advance(Duration.ofMinutes(1));
        assertThat(app.closeDue()).isEqualTo(3);
        List<String> reasons = new ArrayList<>();
        batches(app).forEach(b -> reasons.add(b.at("/reply/reason").asText()));
        assertThat(reasons).containsExactlyInAnyOrder("automated_sender", "automated_sender", "own_number");
    }

    @Test
    void an_unknown_sender_is_a_404() {
        TestApp app = start(Map.of());
        assertThat(app.get("/api/senders/%2B15550000000").statusCode()).isEqualTo(404);
    }
}
