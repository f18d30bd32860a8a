package io.smsync.reply;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.AppExtension;
import io.smsync.testing.FakeGateway;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the outbox makes of each gateway outcome, through the whole product against a fake Twilio. */
class SendOutcomesTest {
    private static final String TWILIO_PATH = "/2010-04-01/Accounts/AC123/Messages.json";
    private static final String SENDER = "+16502530000";
    @RegisterExtension
    final AppExtension smsync = AppExtension.sqlite().at(Instant.parse("2026-11-25T10:00:00Z"));
    private final MutableClock clock = smsync.clock();
    private FakeGateway twilio;
    private TestApp app;

    /** Starts smsync on Twilio answered by {@code answer}, and closes one batch from {@link #SENDER}: the first send. */
    private void firstSend(Function<String, FakeGateway.Answer> answer) {
        twilio = smsync.closeAfter(new FakeGateway(TWILIO_PATH, answer));
        Map<String, String> env = new HashMap<>(Map.of("SMSYNC_SENDER", "twilio", "TWILIO_API_URL", twilio.baseUrl(),
                "TWILIO_ACCOUNT_SID", "AC123", "TWILIO_AUTH_TOKEN", "token", "TWILIO_FROM", "+14155550100",
                "SMSYNC_PUBLIC_URL", "https://sms.example.com"));
        app = smsync.start(env);
        app.postWebhook(message("g1", SENDER, "is the shop open today?"));
        clock.advance(Duration.ofSeconds(60));
        assertThat(app.closeDue()).isEqualTo(1);
    }

    private JsonNode reply() {
        return app.getJson("/api/batches").at("/batches/0/reply");
    }

    private static FakeGateway.Answer created() {
        return new FakeGateway.Answer(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}");
    }

    private void later(Duration duration) {
        clock.advance(duration);
        app.app().dispatchDueReplies();
    }

    @Test
    void a_502_from_a_proxy_in_front_of_twilio_ends_unknown_after_exactly_one_request() {
        firstSend(body -> new FakeGateway.Answer(502, "<html>502 Bad Gateway</html>"));

        later(Duration.ofSeconds(30));
        later(Duration.ofSeconds(60));

        assertThat(twilio.bodies()).hasSize(1);
        assertThat(reply().get("status").asText()).isEqualTo("unknown");
        assertThat(reply().get("reason").asText()).contains("HTTP 502");
    }

    @Test
    void a_400_fails_at_once_after_one_request_with_the_gateways_message() {
        firstSend(body -> new FakeGateway.Answer(400, "{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}"));

        later(Duration.ofMinutes(10));

        assertThat(twilio.bodies()).hasSize(1);
        assertThat(reply().get("status").asText()).isEqualTo("failed");
        assertThat(reply().get("reason").asText()).contains("21211").contains("is not a valid phone number");
    }

    @Test
    void a_429_is_retried_after_its_retry_after() {
        AtomicInteger calls = new AtomicInteger();
        firstSend(body -> calls.incrementAndGet() == 1
                ? new FakeGateway.Answer(429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}",
                        Map.of("Retry-After", "120"))
                : created());
        assertThat(reply().get("status").asText()).isEqualTo("pending");

        later(Duration.ofSeconds(119));
        assertThat(twilio.bodies()).hasSize(1);
        later(Duration.ofSeconds(1));
        assertThat(twilio.bodies()).hasSize(2);
        assertThat(reply().get("status").asText()).isEqualTo("sent");
    }

    /** Twilio's message list, from the messages it holds: {@code {"messages": [...], "page": 0, ...}}. */
    private static FakeGateway.Answer list(String query, List<String[]> held) {
        Map<String, String> params = new HashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        if (!params.containsKey("To") || !params.containsKey("DateSent>")) {
            return new FakeGateway.Answer(400, "{\"code\":20001,\"message\":\"expected To and DateSent>\",\"status\":400}");
        }
        StringBuilder messages = new StringBuilder();
        for (String[] m : held) {
            if (m[0].equals(params.get("To"))) {
                messages.append(messages.isEmpty() ? "" : ",").append("""
                        {"sid":"SM1","to":"%s","from":"+14155550100","body":"%s","direction":"outbound-api","status":"sent",
                         "date_created":"%s","date_sent":"%s","error_code":null}""".formatted(m[0], m[1], m[2], m[2]));
            }
        }
        return new FakeGateway.Answer(200, "{\"messages\":[" + messages + "],\"page\":0,\"page_size\":100,"
                + "\"next_page_uri\":null,\"first_page_uri\":\"/2010-04-01/Accounts/AC123/Messages.json?PageSize=100&Page=0\"}");
    }

    private static String[] form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return new String[] {form.get("To"), form.get("Body")};
    }

    @Test
    void an_unknown_outcome_found_in_twilios_message_list_is_sent_without_a_second_request() {
        List<String[]> held = new CopyOnWriteArrayList<>();
        // Twilio created the message, and the proxy in front of it answered 504.
        firstSend(body -> {
            String[] sms = form(body);
            held.add(new String[] {sms[0], sms[1], DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atOffset(ZoneOffset.UTC))});
            return new FakeGateway.Answer(504, "<html>504 Gateway Time-out</html>");
        });
        twilio.answerGets(query -> list(query, held));
        assertThat(reply().get("status").asText()).isEqualTo("unknown");

        later(Duration.ofMinutes(2));
        assertThat(twilio.queries()).isEmpty();
        later(Duration.ofMinutes(1));

        assertThat(twilio.queries()).singleElement().satisfies(q -> assertThat(URLDecoder.decode(q, StandardCharsets.UTF_8))
                .contains("To=" + SENDER).contains("DateSent>=2026-11-25"));
        assertThat(twilio.bodies()).hasSize(1);
        assertThat(reply().get("status").asText()).isEqualTo("sent");
    }

    @Test
    void an_unknown_outcome_missing_from_twilios_message_list_minutes_later_is_sent_again() {
        AtomicInteger calls = new AtomicInteger();
        firstSend(body -> calls.incrementAndGet() == 1 ? new FakeGateway.Answer(502, "<html>502 Bad Gateway</html>") : created());
        twilio.answerGets(query -> list(query, List.of()));

        later(Duration.ofMinutes(3));

        assertThat(twilio.queries()).hasSize(1);
        assertThat(twilio.bodies()).hasSize(2);
        assertThat(reply().get("status").asText()).isEqualTo("sent");
        later(Duration.ofMinutes(10));
        assertThat(twilio.bodies()).hasSize(2);
    }

    @Test
    void an_older_reply_with_the_same_text_does_not_count_as_found() {
        List<String[]> held = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        String anHourAgo = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
        firstSend(body -> {
            if (calls.incrementAndGet() == 1) {
                String[] sms = form(body);
                held.add(new String[] {sms[0], sms[1], anHourAgo});
                return new FakeGateway.Answer(502, "<html>502 Bad Gateway</html>");
            }
            return created();
        });
        twilio.answerGets(query -> list(query, held));

        later(Duration.ofMinutes(3));

        assertThat(twilio.bodies()).hasSize(2);
        assertThat(reply().get("status").asText()).isEqualTo("sent");
    }
}
