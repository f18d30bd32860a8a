package io.smsync.events;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.FakeEndpoint;
import io.smsync.testing.HeadlessChromium;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard's event webhook view in a real browser: a failed delivery, the endpoint resumed, and "send again". */
class EventsDashboardBrowserTest {
    private final MutableClock clock = MutableClock.atNow();
    @TempDir
    Path dir;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws IOException {
        browser = HeadlessChromium.open(dir);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Clicks the button labelled {@code label} inside the element {@code within} finds; the view re-renders every 2 s. */
    private void click(By within, String label) {
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(within).findElement(By.xpath(".//button[normalize-space()='" + label + "']")).click();
            return true;
        });
    }

    private boolean shows(By element, String text) {
        return wait.ignoring(StaleElementReferenceException.class)
                .until(driver -> driver.findElement(element).getText().contains(text));
    }

    @Test
    void a_failed_delivery_is_sent_again_from_the_dashboard_under_its_webhook_id() {
        try (FakeEndpoint endpoint = FakeEndpoint.answering(410);
             TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_EVENTS_URL", endpoint.url(),
                     "SMSYNC_EVENTS_SECRET", EventWebhooksContract.SECRET, "SMSYNC_EVENTS_TYPES", "batch.classified"))) {
            app.postWebhook(message("g1", "+16502530000", "hello"));
            clock.advance(Duration.ofSeconds(60));
            app.closeDue();
            app.app().deliverDueEvents();
            String deliveryId = app.getJson("/api/deliveries").at("/deliveries/0/id").asText();
            String endpointId = app.getJson("/api/endpoints").at("/endpoints/0/id").asText();
            By delivery = By.cssSelector("li[data-delivery='" + deliveryId + "']");
            By endpointRow = By.cssSelector("li[data-endpoint='" + endpointId + "']");

            browser.get(app.uri("/#/events").toString());
            assertThat(shows(endpointRow, "disabled")).isTrue();
            assertThat(shows(delivery, "failed")).isTrue();
            assertThat(shows(delivery, "attempts: 410")).isTrue();

            endpoint.answer(request -> 200);
            click(endpointRow, "Resume");
            assertThat(shows(endpointRow, "active")).isTrue();
            click(delivery, "Send again");
            assertThat(shows(delivery, "pending")).isTrue();
            assertThat(app.app().deliverDueEvents()).isEqualTo(1);

            assertThat(shows(delivery, "delivered")).isTrue();
            assertThat(shows(delivery, "410 → 200")).isTrue();
            assertThat(endpoint.requests()).hasSize(2);
            assertThat(endpoint.requests().get(1).header("webhook-id")).isEqualTo(endpoint.requests().get(0).header("webhook-id"));
        }
    }
}
