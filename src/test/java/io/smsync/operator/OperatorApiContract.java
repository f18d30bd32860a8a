package io.smsync.operator;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smsync.testing.AppExtension;
import io.smsync.testing.FakeGateway;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator API (CONTRACT §10) through HTTP on a real database; run once per database by small subclasses. */
abstract class OperatorApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TWILIO_PATH = "/2010-04-01/Accounts/AC123/Messages.json";
    private static final String DANA = "+16502530000";
    private static final String DANA_PATH = "/api/senders/%2B16502530000";

    @RegisterExtension
    final AppExtension smsync = database().at(Instant.parse("2026-11-25T10:00:00Z"));
    private final MutableClock clock = smsync.clock();

    protected abstract AppExtension database();

    /** smsync on the log sender: every text is sent (synchronously, since nothing runs in the background). */
    private TestApp app() {
        return smsync.app();
    }

    /** smsync sending through a fake Twilio whose answer the test can change. */
    private TestApp appOnTwilio(AtomicReference<FakeGateway.Answer> answer, List<String> sent) {
        FakeGateway twilio = smsync.closeAfter(new FakeGateway(TWILIO_PATH, body -> {
            sent.add(body);
            return answer.get();
        }));
        return smsync.start(Map.of("SMSYNC_SENDER", "twilio", "TWILIO_API_URL", twilio.baseUrl(),
                "TWILIO_ACCOUNT_SID", "AC123", "TWILIO_AUTH_TOKEN", "token", "TWILIO_FROM", "+14155550100",
                "SMSYNC_PUBLIC_URL", "https://sms.example.com"));
    }

    private void closeWindow(TestApp app) {
        clock.advance(Duration.ofSeconds(60));
        app.closeDue();
    }

    private static HttpResponse<String> write(TestApp app, String method, String path, String json) {
        return TestApp.send(HttpRequest.newBuilder(app.uri(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> text(TestApp app, String path, String text) {
        return write(app, "POST", path + "/messages", JSON.createObjectNode().put("text", text).toString());
    }

    private static String error(HttpResponse<String> response) {
        return TestApp.json(response.body()).get("error").asText();
    }

    private static List<String> lines(JsonNode conversation) {
        List<String> out = new ArrayList<>();
        conversation.get("items").forEach(item -> out.add(item.get("direction").asText() + ":" + item.get("text").asText()
                + (item.has("status") ? " [" + item.get("status").asText() + " by " + item.get("by").asText() + "]" : "")));
        return out;
    }

    @Test
    void the_conversation_holds_messages_auto_replies_and_operator_texts_oldest_first() {
        TestApp app = app();
        app.postWebhook(message("c1", DANA, "Hi, it's Dana"));
        clock.advance(Duration.ofSeconds(1));
        app.postWebhook(message("c2", DANA, "can I book for Friday?"));
        closeWindow(app);
        clock.advance(Duration.ofMinutes(5));
        HttpResponse<String> sent = text(app, DANA_PATH, "Yes, 3pm works. See you Friday!");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        JsonNode answer = TestApp.json(sent.body());
        assertThat(answer.get("id").asText()).startsWith("r_");
        assertThat(answer.get("status").asText()).isEqualTo("pending");

        JsonNode thread = app.getJson(DANA_PATH + "/conversation");
        assertThat(thread.get("sender").asText()).isEqualTo(DANA);
        assertThat(thread.get("opted_out").asBoolean()).isFalse();
        assertThat(thread.get("next").isNull()).isTrue();
        assertThat(lines(thread)).containsExactly("in:Hi, it's Dana", "in:can I book for Friday?",
                "out:Thanks for your message! We received it and will get back to you shortly. [sent by auto]",
                "out:Yes, 3pm works. See you Friday! [sent by operator]");
        JsonNode operatorText = thread.at("/items/3");
        assertThat(operatorText.get("reply_id").asText()).isEqualTo(answer.get("id").asText());
        assertThat(operatorText.get("batch_id").isNull()).isTrue();
        assertThat(thread.at("/items/0/batch_id").asText()).isEqualTo(thread.at("/items/2/batch_id").asText()).startsWith("b_");
        assertThat(thread.at("/items/0").has("status")).isFalse();
        assertThat(operatorText.has("delivery")).isFalse();
        smsync.database().writes().useTransaction(h -> h.execute(
                "UPDATE replies SET delivery_status = 'delivered' WHERE id = ?", answer.get("id").asText()));
        assertThat(app.getJson(DANA_PATH + "/conversation").at("/items/3/delivery").asText())
                .as("a gateway's delivery report shows in the thread").isEqualTo("delivered");

        assertThat(app.getJson("/api/senders/(650)%20253-0000/conversation").get("items")).hasSize(4);
        HttpResponse<String> stranger = app.get("/api/senders/%2B14155550999/conversation");
        assertThat(stranger.statusCode()).isEqualTo(404);
    }

    @Test
    void the_conversation_pages_back_by_cursor_without_losing_or_repeating_a_line() {
        TestApp app = app();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Some lines share a millisecond: the cursor tells them apart by id.
            if (i % 3 == 0) {
                clock.advance(Duration.ofMillis(1));
            }
            app.postWebhook(message("p" + i, DANA, "line " + i));
            expected.add("in:line " + i);
        }
        closeWindow(app);
        expected.add("out:Thanks for your message! We received it and will get back to you shortly. [sent by auto]");
        clock.advance(Duration.ofMinutes(1));
        text(app, DANA_PATH, "operator line");
        expected.add("out:operator line [sent by operator]");

        List<List<String>> pages = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = app.getJson(DANA_PATH + "/conversation?limit=3" + (next == null ? "" : "&before="
                    + URLEncoder.encode(next, StandardCharsets.UTF_8)));
            pages.add(lines(page));
            next = page.get("next").isNull() ? null : page.get("next").asText();
        } while (next != null);

        assertThat(pages).hasSize(3);
        List<String> walked = new ArrayList<>();
        for (List<String> page : pages.reversed()) {
            walked.addAll(page);
        }
        assertThat(walked).containsExactlyElementsOf(expected);
        assertThat(pages.getFirst()).endsWith("out:operator line [sent by operator]");
        assertThat(app.get(DANA_PATH + "/conversation?before=nope").statusCode()).isEqualTo(400);
        assertThat(app.get(DANA_PATH + "/conversation?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void an_operator_text_is_refused_for_a_stranger_an_opted_out_sender_and_a_bad_text() {
        TestApp app = app();
        app.postWebhook(message("s1", DANA, "hello"));
        app.postWebhook(message("s2", "+16502530001", "STOP"));

        HttpResponse<String> stranger = text(app, "/api/senders/%2B14155550999", "hi");
        assertThat(stranger.statusCode()).isEqualTo(404);
        assertThat(error(stranger)).contains("never wrote in");
        HttpResponse<String> optedOut = text(app, "/api/senders/%2B16502530001", "hi");
        assertThat(optedOut.statusCode()).isEqualTo(409);
        assertThat(error(optedOut)).contains("opted out");
        assertThat(text(app, DANA_PATH, "  ").statusCode()).isEqualTo(400);
        assertThat(text(app, DANA_PATH, "x".repeat(1601)).statusCode()).isEqualTo(400);
        assertThat(error(text(app, DANA_PATH, "x".repeat(1601)))).startsWith("text: at most 1600");
        assertThat(text(app, DANA_PATH, "\ud83d\ude00".repeat(1600)).statusCode()).as("1,600 characters, not UTF-16 units").isEqualTo(202);
        assertThat(write(app, "POST", DANA_PATH + "/messages", "{\"text\": 5}").statusCode()).isEqualTo(400);
        assertThat(write(app, "POST", DANA_PATH + "/messages", "{\"text\": ").statusCode()).isEqualTo(400);
        assertThat(TestApp.send(HttpRequest.newBuilder(app.uri(DANA_PATH + "/messages")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}"))).statusCode()).isEqualTo(415);

        assertThat(smsync.rows("SELECT body FROM replies WHERE origin = 'operator'")).hasSize(1);
    }

    @Test
    void an_operator_text_leaves_the_cooldown_alone_but_no_auto_reply_follows_it_within_the_cooldown() {
        TestApp app = app();
        app.postWebhook(message("k1", DANA, "first"));
        closeWindow(app);
        assertThat(app.newestBatch().at("/reply/status").asText()).isEqualTo("sent");
        Instant autoReplyAt = clock.instant();

        clock.advance(Duration.ofHours(1));
        assertThat(text(app, DANA_PATH, "we called you back").statusCode()).isEqualTo(202);
        assertThat(smsync.rows("SELECT last_reply_at FROM senders").getFirst().get("last_reply_at"))
                .as("the auto-reply slot is untouched").isEqualTo(autoReplyAt.toEpochMilli());

        clock.advance(Duration.ofHours(23).plusMinutes(30));
        app.postWebhook(message("k2", DANA, "thanks!"));
        closeWindow(app);
        JsonNode reply = app.newestBatch().get("reply");
        assertThat(reply.get("status").asText()).isEqualTo("skipped");
        assertThat(reply.get("reason").asText()).isEqualTo("operator_replied");

        clock.advance(Duration.ofHours(1));
        app.postWebhook(message("k3", DANA, "one more thing"));
        closeWindow(app);
        assertThat(app.newestBatch().at("/reply/status").asText()).as("24 h after the operator's text").isEqualTo("sent");
    }

    @Test
    void a_failed_reply_is_retried_and_anything_else_is_a_409() {
        AtomicReference<FakeGateway.Answer> answer = new AtomicReference<>(new FakeGateway.Answer(400,
                "{\"code\":21610,\"message\":\"Attempt to send to unsubscribed recipient\",\"status\":400}"));
        List<String> sent = new CopyOnWriteArrayList<>();
        TestApp app = appOnTwilio(answer, sent);
        app.postWebhook(message("f1", DANA, "hello"));
        closeWindow(app);
        JsonNode reply = app.newestBatch().get("reply");
        assertThat(reply.get("status").asText()).isEqualTo("failed");
        String id = reply.get("id").asText();

        answer.set(new FakeGateway.Answer(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}"));
        HttpResponse<String> retried = write(app, "POST", "/api/replies/" + id + "/retry", null);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        assertThat(TestApp.json(retried.body()).get("id").asText()).isEqualTo(id);
        assertThat(app.newestBatch().at("/reply/status").asText()).isEqualTo("sent");
        assertThat(sent).hasSize(2);

        HttpResponse<String> again = write(app, "POST", "/api/replies/" + id + "/retry", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(error(again)).contains("this one is sent");
        assertThat(write(app, "POST", "/api/replies/r_nope/retry", null).statusCode()).isEqualTo(404);
        assertThat(sent).hasSize(2);
    }

    @Test
    void an_unknown_reply_is_settled_once_and_settled_as_not_sent_it_can_be_retried() {
        AtomicReference<FakeGateway.Answer> answer = new AtomicReference<>(new FakeGateway.Answer(502, "<html>502</html>"));
        List<String> sent = new CopyOnWriteArrayList<>();
        TestApp app = appOnTwilio(answer, sent);
        app.postWebhook(message("u1", DANA, "hello"));
        closeWindow(app);
        String first = app.newestBatch().at("/reply/id").asText();
        assertThat(app.newestBatch().at("/reply/status").asText()).isEqualTo("unknown");
        assertThat(write(app, "POST", "/api/replies/" + first + "/retry", null).statusCode()).as("unknown is not retried blindly")
                .isEqualTo(409);

        HttpResponse<String> settled = write(app, "POST", "/api/replies/" + first + "/settle", "{\"outcome\":\"not_sent\"}");
        assertThat(settled.statusCode()).as(settled.body()).isEqualTo(200);
        assertThat(TestApp.json(settled.body()).get("status").asText()).isEqualTo("failed");
        assertThat(write(app, "POST", "/api/replies/" + first + "/settle", "{\"outcome\":\"sent\"}").statusCode()).isEqualTo(409);
        answer.set(new FakeGateway.Answer(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}"));
        assertThat(write(app, "POST", "/api/replies/" + first + "/retry", null).statusCode()).isEqualTo(202);
        assertThat(app.newestBatch().at("/reply/status").asText()).isEqualTo("sent");

        answer.set(new FakeGateway.Answer(502, "<html>502</html>"));
        clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> operatorText = text(app, DANA_PATH, "did you get this?");
        String second = TestApp.json(operatorText.body()).get("id").asText();
        assertThat(app.getJson(DANA_PATH + "/conversation").at("/items/2/status").asText()).isEqualTo("unknown");
        HttpResponse<String> bad = write(app, "POST", "/api/replies/" + second + "/settle", "{\"outcome\":\"maybe\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(error(bad)).startsWith("outcome:");
        assertThat(write(app, "POST", "/api/replies/" + second + "/settle", "{\"outcome\":\"sent\"}").statusCode()).isEqualTo(200);
        assertThat(app.getJson(DANA_PATH + "/conversation").at("/items/2/status").asText()).isEqualTo("sent");
        assertThat(write(app, "POST", "/api/replies/r_nope/settle", "{\"outcome\":\"sent\"}").statusCode()).isEqualTo(404);
        assertThat(sent).hasSize(3);
    }

    @Test
    void an_operator_opt_out_stops_texts_is_told_apart_from_stop_and_cannot_undo_a_senders_own_stop() {
        TestApp app = app();
        app.postWebhook(message("o1", DANA, "hello"));
        app.postWebhook(message("o2", "+16502530001", "STOP"));

        HttpResponse<String> out = write(app, "PUT", DANA_PATH + "/opt-out", "{\"opted_out\": true}");
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(TestApp.json(out.body()).get("number").asText()).isEqualTo(DANA);
        assertThat(TestApp.json(out.body()).get("opted_out").asBoolean()).isTrue();
        JsonNode thread = app.getJson(DANA_PATH + "/conversation");
        assertThat(thread.get("opted_out").asBoolean()).isTrue();
        assertThat(thread.get("opted_out_by").asText()).isEqualTo("operator");
        assertThat(text(app, DANA_PATH, "hi").statusCode()).isEqualTo(409);
        closeWindow(app);
        assertThat(app.getJson("/api/batches?sender=%2B16502530000").at("/batches/0/reply/reason").asText()).isEqualTo("opted_out");

        assertThat(write(app, "PUT", DANA_PATH + "/opt-out", "{\"opted_out\": false}").statusCode()).isEqualTo(200);
        assertThat(text(app, DANA_PATH, "hi again").statusCode()).isEqualTo(202);

        assertThat(app.getJson("/api/senders/%2B16502530001/conversation").get("opted_out_by").asText()).isEqualTo("sender");
        HttpResponse<String> undo = write(app, "PUT", "/api/senders/%2B16502530001/opt-out", "{\"opted_out\": false}");
        assertThat(undo.statusCode()).isEqualTo(409);
        assertThat(error(undo)).contains("STOP");
        assertThat(write(app, "PUT", DANA_PATH + "/opt-out", "{\"opted_out\": \"yes\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void batches_are_marked_handled_and_listed_by_it() {
        TestApp app = app();
        String first = TestApp.json(app.postWebhook(message("h1", DANA, "first")).body()).at("/results/0/batch_id").asText();
        clock.advance(Duration.ofSeconds(1));
        String second = TestApp.json(app.postWebhook(message("h2", "+16502530001", "second")).body()).at("/results/0/batch_id").asText();

        HttpResponse<String> marked = write(app, "PUT", "/api/batches/" + first + "/handled", "{\"handled\": true}");
        assertThat(marked.statusCode()).isEqualTo(200);
        assertThat(TestApp.json(marked.body()).get("handled").asBoolean()).isTrue();
        assertThat(app.getJson("/api/batches/" + first).get("handled").asBoolean()).isTrue();
        assertThat(ids(app.getJson("/api/batches?handled=false"))).containsExactly(second);
        assertThat(ids(app.getJson("/api/batches?handled=true"))).containsExactly(first);
        assertThat(ids(app.getJson("/api/batches"))).containsExactly(second, first);
        assertThat(app.getJson("/api/batches").at("/batches/1/handled").asBoolean()).isTrue();

        assertThat(write(app, "PUT", "/api/batches/" + first + "/handled", "{\"handled\": false}").statusCode()).isEqualTo(200);
        assertThat(ids(app.getJson("/api/batches?handled=false"))).containsExactly(second, first);
        assertThat(write(app, "PUT", "/api/batches/b_nope/handled", "{\"handled\": true}").statusCode()).isEqualTo(404);
        assertThat(app.get("/api/batches?handled=maybe").statusCode()).isEqualTo(400);
    }

    @Test
    void words_find_batches_by_their_texts_with_the_other_filters_and_the_cursor() {
        TestApp app = app();
        app.postWebhook(TestApp.envelope(message("w1", DANA, "URGENT my pipe burst"), message("w2", DANA, "kitchen is flooding")));
        clock.advance(Duration.ofSeconds(1));
        app.postWebhook(message("w3", "+16502530001", "Can I book a pipe inspection?"));
        clock.advance(Duration.ofSeconds(1));
        app.postWebhook(message("w4", "+16502530002", "Booking for Friday, please"));
        clock.advance(Duration.ofSeconds(1));
        app.postWebhook(message("w5", "+12125550199", "pipes? pipeline? no: hello"));

        assertThat(texts(app, "q=pipe")).containsExactly("pipes? pipeline? no: hello", "Can I book a pipe inspection?",
                "URGENT my pipe burst\nkitchen is flooding");
        assertThat(texts(app, "q=PIPE%20flood")).as("every word, in any message of the batch")
                .containsExactly("URGENT my pipe burst\nkitchen is flooding");
        assertThat(texts(app, "q=book")).containsExactly("Booking for Friday, please", "Can I book a pipe inspection?");
        assertThat(texts(app, "q=inspection%3F%20%22book")).containsExactly("Can I book a pipe inspection?");
        assertThat(texts(app, "q=nothing-like-it")).isEmpty();
        assertThat(texts(app, "q=%22%2A%28")).as("no words at all").isEmpty();
        assertThat(texts(app, "q=212555")).as("part of a number still finds the sender").containsExactly("pipes? pipeline? no: hello");
        assertThat(texts(app, "q=pipe&sender=%2B16502530001")).containsExactly("Can I book a pipe inspection?");

        JsonNode page = app.getJson("/api/batches?q=pipe&limit=2");
        assertThat(page.get("batches")).hasSize(2);
        JsonNode older = app.getJson("/api/batches?q=pipe&limit=2&before=" + URLEncoder.encode(page.get("next").asText(), StandardCharsets.UTF_8));
        assertThat(older.at("/batches/0/text").asText()).startsWith("URGENT");
        assertThat(older.get("next").isNull()).isTrue();

        smsync.clock().advance(Duration.ofDays(91));
        closeWindow(app);
        app.app().purgeNow();
        assertThat(texts(app, "q=pipe")).as("purged messages leave the index").isEmpty();
        app.postWebhook(message("w6", DANA, "another pipe"));
        assertThat(texts(app, "q=pipe")).containsExactly("another pipe");
    }

    @Test
    void every_operator_action_is_in_the_audit_log_newest_first_with_the_client_address() {
        TestApp app = app();
        String batch = TestApp.json(app.postWebhook(message("a1", DANA, "hello")).body()).at("/results/0/batch_id").asText();
        closeWindow(app);
        text(app, DANA_PATH, "hi Dana");
        clock.advance(Duration.ofSeconds(1));
        write(app, "PUT", "/api/batches/" + batch + "/handled", "{\"handled\": true}");
        clock.advance(Duration.ofSeconds(1));
        write(app, "PUT", DANA_PATH + "/opt-out", "{\"opted_out\": true}");
        text(app, DANA_PATH, "refused, so not in the log");

        JsonNode audit = app.getJson("/api/audit");
        List<String> actions = new ArrayList<>();
        audit.get("items").forEach(item -> actions.add(item.get("action").asText() + " " + item.get("target").asText()));
        assertThat(actions).containsExactly("sender.opt_out " + DANA, "batch.handled " + batch, "reply.send " + DANA);
        assertThat(audit.at("/items/0/client").asText()).isEqualTo("127.0.0.1");
        assertThat(audit.at("/items/0/at").asText()).isEqualTo("2026-11-25T10:01:02Z");
        assertThat(audit.get("next").isNull()).isTrue();

        JsonNode first = app.getJson("/api/audit?limit=2");
        assertThat(first.get("items")).hasSize(2);
        JsonNode rest = app.getJson("/api/audit?limit=2&before=" + URLEncoder.encode(first.get("next").asText(), StandardCharsets.UTF_8));
        assertThat(rest.at("/items/0/action").asText()).isEqualTo("reply.send");
        assertThat(rest.at("/items/0/detail").asText()).matches("r_[0-9a-z]{26}, 7 characters");
        assertThat(rest.get("next").isNull()).isTrue();

        clock.advance(Duration.ofDays(91));
        app.app().purgeNow();
        assertThat(app.getJson("/api/audit").get("items")).as("kept for SMSYNC_RETENTION").isEmpty();
        assertThat(smsync.rows("SELECT id FROM replies")).as("operator texts go with their age").isEmpty();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("batches").forEach(b -> ids.add(b.get("id").asText()));
        return ids;
    }

    private static List<String> texts(TestApp app, String query) {
        List<String> texts = new ArrayList<>();
        app.getJson("/api/batches?" + query).get("batches").forEach(b -> texts.add(b.get("text").asText()));
        return texts;
    }
}
