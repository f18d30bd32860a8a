package io.smsync.alert;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.FakeGateway;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An urgent batch texts each alert number once through the configured sender (a real SMSGate stand-in on port 0),
 * as an outbox entry; a quiet period per customer holds back a storm. Run once per database by the subclasses.
 */
abstract class AlertsContract {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private FakeGateway smsgate;
    private TestApp app;

    protected abstract String freshDatabaseUrl();

    @BeforeEach
    void start() {
        smsgate = new FakeGateway("/3rdparty/v1/messages", body -> new FakeGateway.Answer(202, "{\"state\":\"Pending\"}"));
        app = TestApp.start(freshDatabaseUrl(), clock, Map.of("SMSYNC_SENDER", "smsgate",
                "SMSGATE_URL", smsgate.baseUrl() + "/3rdparty/v1", "SMSGATE_USERNAME", "user", "SMSGATE_PASSWORD", "pass",
                "SMSYNC_ALERT_NUMBERS", "+14155550101, (415) 555-0102", "SMSYNC_PUBLIC_URL", "https://sms.example.com",
                "SMSYNC_REPLY_COOLDOWN", "0"));
    }

    @AfterEach
    void stop() {
        app.close();
        smsgate.close();
    }

    private void textAndClose(String guid, String number, String text) {
        assertThat(app.postWebhook(message(guid, number, text)).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(60));
        assertThat(app.closeDue()).isEqualTo(1);
    }

    /** The texts the gateway was asked to send to {@code number}. */
    private List<String> textsTo(String number) {
        return smsgate.bodies().stream().map(TestApp::json)
                .filter(body -> body.get("phoneNumbers").get(0).asText().equals(number))
                .map(body -> body.at("/textMessage/text").asText())
                .toList();
    }

    @Test
    void an_urgent_batch_texts_each_alert_number_once_with_the_customer_category_text_and_link() {
        textAndClose("g1", "+16502530000", "URGENT: water is pouring through the ceiling of the back room, please send someone now");
        app.app().dispatchDueReplies();
        app.app().dispatchDueReplies();

        String batchId = app.newestBatch().get("id").asText();
        for (String number : List.of("+14155550101", "+14155550102")) {
            assertThat(textsTo(number)).singleElement().satisfies(text -> assertThat(text)
                    .startsWith("[urgent] +16502530000: \"URGENT: water is pouring through the ceiling")
                    .contains("…\"")
                    .endsWith(" https://sms.example.com/#/batch/" + batchId));
        }
        assertThat(textsTo("+16502530000")).as("the customer's own auto-reply").hasSize(1);
        List<Map<String, Object>> alerts = rows("SELECT a.number, r.status FROM alerts a JOIN replies r ON r.id = a.reply_id");
        assertThat(alerts).hasSize(2).allSatisfy(row -> assertThat(row.get("status")).isEqualTo("sent"));
    }

    @Test
    void a_customer_alerts_again_only_after_the_quiet_period_and_other_categories_never() {
        textAndClose("g1", "+16502530000", "urgent: the door is stuck");
        textAndClose("g2", "+16502530000", "emergency, still stuck!");
        textAndClose("g3", "+16502530001", "Hi, can I book for Friday?");
        textAndClose("g4", "+16502530002", "urgent, someone is hurt");
        clock.advance(Duration.ofMinutes(15));
        textAndClose("g5", "+16502530000", "urgent: stuck again");
        app.app().dispatchDueReplies();

        List<String> alerts = textsTo("+14155550101");
        assertThat(alerts).hasSize(3);
        assertThat(alerts.get(0)).contains("+16502530000").contains("the door is stuck");
        assertThat(alerts.get(1)).contains("+16502530002");
        assertThat(alerts.get(2)).contains("+16502530000").contains("stuck again");
        assertThat(textsTo("+14155550102")).hasSize(3);
    }

    @Test
    void alerts_are_not_auto_replies_the_batch_keeps_its_own_reply() {
        textAndClose("g1", "+16502530000", "urgent: the door is stuck");
        app.app().dispatchDueReplies();
        JsonNode batch = app.newestBatch();
        assertThat(batch.at("/reply/status").asText()).isEqualTo("sent");
        assertThat(batch.at("/reply/text").asText()).doesNotStartWith("[urgent]");
    }

    @Test
    void the_retention_purge_takes_an_alerted_batch_with_its_alert_texts() {
        textAndClose("g1", "+16502530000", "urgent: the door is stuck");
        app.app().dispatchDueReplies();
        clock.advance(Duration.ofDays(91));

        assertThat(app.app().purgeNow().batches()).isEqualTo(1);
        assertThat(rows("SELECT * FROM alerts")).isEmpty();
        assertThat(rows("SELECT * FROM replies")).isEmpty();
    }

    private List<Map<String, Object>> rows(String sql) {
        return app.app().database().reads().withHandle(h -> h.createQuery(sql).mapToMap().list());
    }
}
