package io.smsync.web;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.AppExtension;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batch listings in pages of previews, run once per database by the small subclasses. */
abstract class BatchListContract {
    @RegisterExtension
    final AppExtension smsync = database().at(Instant.parse("2026-11-25T10:00:00Z"));
    private final MutableClock clock = smsync.clock();

    /** A fresh, empty database of the subclass's kind for each test. */
    protected abstract AppExtension database();

    private TestApp start() {
        return smsync.app();
    }

    /** One webhook post of several messages from one sender. */
    private static String messages(String number, String... texts) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            items.add(TestApp.message(number + "-" + i + "-" + texts[i].hashCode(), number, texts[i]));
        }
        return TestApp.envelope(items);
    }

    @Test
    void list_items_carry_the_start_of_the_text_cut_at_a_code_point_and_no_messages() {
        TestApp app = start();
        String emoji = "\ud83d\ude00";
        app.postWebhook(messages("+16502530001", " hi ", emoji.repeat(200)));
        clock.advance(Duration.ofSeconds(1));
        app.postWebhook(messages("+16502530002", "short and sweet"));

        JsonNode list = app.getJson("/api/batches").get("batches");
        JsonNode shortOne = list.get(0);
        assertThat(shortOne.get("text").asText()).isEqualTo("short and sweet");
        assertThat(shortOne.get("text_truncated").asBoolean()).isFalse();
        JsonNode longOne = list.get(1);
        assertThat(longOne.get("text").asText()).isEqualTo("hi\n" + emoji.repeat(157));
        assertThat(longOne.get("text_truncated").asBoolean()).isTrue();
        assertThat(longOne.get("message_count").asInt()).isEqualTo(2);
        assertThat(longOne.fieldNames()).toIterable().containsExactly("id", "sender", "to", "status", "opened_at",
                "due_at", "closed_at", "message_count", "text", "text_truncated", "classification", "reply", "handled");

        JsonNode full = app.getJson("/api/batches/" + longOne.get("id").asText());
        assertThat(full.get("text").asText()).isEqualTo("hi\n" + emoji.repeat(200));
        assertThat(full.get("messages")).hasSize(2);
    }

    @Test
    void a_preview_is_the_start_of_the_batch_text_for_any_shape_of_batch() {
        TestApp app = start();
        String x159 = "x".repeat(159);
        app.postWebhook(messages("+16502530001", "a".repeat(160)));
        app.postWebhook(messages("+16502530002", "b".repeat(161)));
        app.postWebhook(messages("+16502530003", x159, ""));
        app.postWebhook(messages("+16502530004", x159, "", ""));
        app.postWebhook(messages("+16502530005", x159, "y"));
        app.postWebhook(messages("+16502530006", "\t tabs and newlines \n", "\u0001ctl\u001f", "  "));
        String[] many = new String[45];
        java.util.Arrays.fill(many, "12345");
        app.postWebhook(messages("+16502530007", many));
        app.postWebhook(TestApp.envelope(TestApp.message("late", "+16502530008", "later ".repeat(40), "2026-11-25T09:59:50Z"),
                TestApp.message("early", "+16502530008", "earlier", "2026-11-25T09:59:40Z")));

        JsonNode list = app.getJson("/api/batches").get("batches");
        assertThat(list).hasSize(8);
        for (JsonNode item : list) {
            String full = app.getJson("/api/batches/" + item.get("id").asText()).get("text").asText();
            String preview = item.get("text").asText();
            boolean longer = full.codePointCount(0, full.length()) > 160;
            assertThat(item.get("text_truncated").asBoolean()).as(full).isEqualTo(longer);
            assertThat(preview).as(full).isEqualTo(longer ? full.substring(0, full.offsetByCodePoints(0, 160)) : full);
        }
    }

    @Test
    void paging_by_cursor_walks_every_batch_exactly_once_while_new_batches_arrive() {
        TestApp app = start();
        List<String> inserted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Batches 0-3 open in the same millisecond, so the cursor must tell them apart by id.
            if (i >= 4) {
                clock.advance(Duration.ofMillis(1));
            }
            inserted.add(batchId(app.postWebhook(message("p" + i, "+1650253100" + i, "page " + i))));
        }
        List<String> expected = new ArrayList<>();
        app.getJson("/api/batches").get("batches").forEach(batch -> expected.add(batch.get("id").asText()));
        assertThat(expected).containsExactlyInAnyOrderElementsOf(inserted);
        assertThat(expected.subList(0, 3)).containsExactly(inserted.get(6), inserted.get(5), inserted.get(4));

        List<String> walked = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page = app.getJson("/api/batches?limit=3" + (next == null ? "" : "&before=" + encode(next)));
            page.get("batches").forEach(batch -> walked.add(batch.get("id").asText()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
            clock.advance(Duration.ofMillis(1));
            app.postWebhook(message("new" + pages, "+1415555010" + pages, "arrived while paging"));
        } while (next != null);

        assertThat(walked).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);
        assertThat(app.getJson("/api/batches?limit=10").get("batches")).hasSize(10);
    }

    @Test
    void a_cursor_keeps_the_filters_of_its_listing() {
        TestApp app = start();
        for (int i = 0; i < 5; i++) {
            app.postWebhook(message("s" + i, "+1650253100" + (i % 2), "filtered " + i));
            clock.advance(Duration.ofSeconds(61));
            app.closeDue();
        }
        JsonNode first = app.getJson("/api/batches?sender=%2B16502531000&limit=2");
        assertThat(texts(first)).containsExactly("filtered 4", "filtered 2");
        JsonNode second = app.getJson("/api/batches?sender=%2B16502531000&limit=2&before=" + encode(first.get("next").asText()));
        assertThat(texts(second)).containsExactly("filtered 0");
        assertThat(second.get("next").isNull()).isTrue();
    }

    @Test
    void a_bad_cursor_is_a_400_that_names_the_parameter() {
        TestApp app = start();
        app.postWebhook(message("c1", "+16502530000", "hello"));
        String base64 = Base64.getUrlEncoder().withoutPadding().encodeToString("1795600800000:b_x\u0000y".getBytes(StandardCharsets.UTF_8));
        for (String bad : List.of("not-a-cursor!", "Zm9v", base64, "x".repeat(500))) {
            HttpResponse<String> response = app.get("/api/batches?before=" + encode(bad));
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(TestApp.json(response.body()).get("error").asText()).as(bad).startsWith("before: ");
        }
    }

    @Test
    void the_sender_view_shows_its_newest_batches_as_previews_with_a_cursor_for_older_ones() {
        TestApp app = start();
        for (int i = 0; i < 21; i++) {
            app.postWebhook(message("r" + i, "+16502530000", "visit " + i + " " + "z".repeat(200)));
            clock.advance(Duration.ofSeconds(61));
            app.closeDue();
        }
        JsonNode sender = app.getJson("/api/senders/%2B16502530000");
        JsonNode recent = sender.get("recent_batches");
        assertThat(recent).hasSize(20);
        assertThat(recent.get(0).get("text").asText()).isEqualTo(("visit 20 " + "z".repeat(200)).substring(0, 160));
        assertThat(recent.get(0).get("text_truncated").asBoolean()).isTrue();
        assertThat(recent.get(0).has("messages")).isFalse();

        JsonNode older = app.getJson("/api/batches?sender=%2B16502530000&before=" + encode(sender.get("recent_batches_next").asText()));
        assertThat(older.get("batches")).hasSize(1);
        assertThat(older.at("/batches/0/text").asText()).startsWith("visit 0 ");
        assertThat(older.get("next").isNull()).isTrue();
    }

    private static List<String> texts(JsonNode page) {
        List<String> texts = new ArrayList<>();
        page.get("batches").forEach(batch -> texts.add(batch.get("text").asText()));
        return texts;
    }

    private static String batchId(HttpResponse<String> response) {
        return TestApp.json(response.body()).at("/results/0/batch_id").asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
