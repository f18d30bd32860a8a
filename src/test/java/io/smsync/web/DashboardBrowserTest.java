package io.smsync.web;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsync.testing.FakeGateway;
import io.smsync.testing.HeadlessChromium;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real browser (Debian's Chromium, headless), against a real smsync. */
class DashboardBrowserTest {
    private static final String TWILIO_PATH = "/2010-04-01/Accounts/AC123/Messages.json";
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

    private static By row(String text) {
        return By.xpath("//ol[@id='inbox']/li[contains(@class,'batch')][.//p[contains(., '" + text + "')]]");
    }

    private WebElement batchRow(String text) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(row(text)));
    }

    // The inbox re-renders every 2 s, so a row found a moment ago may be gone: these look it up again until they succeed.

    /** Waits until the row with {@code text} shows every one of {@code expected}. */
    private void waitForRowShowing(String text, String... expected) {
        wait.until(driver -> {
            try {
                String shown = driver.findElement(row(text)).getText();
                return Arrays.stream(expected).allMatch(shown::contains);
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
            }
        });
    }

    private void clickRow(String text) {
        wait.until(driver -> {
            try {
                driver.findElement(row(text)).click();
                return true;
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
            }
        });
    }

    @Test
    void messages_appear_live_batches_close_and_a_batch_and_its_sender_can_be_opened() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of())) {
            browser.get(app.uri("/").toString());
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("empty"), "No batches yet"));
            assertThat(browser.findElement(By.id("logout")).isDisplayed()).as("no session, no log out").isFalse();

            app.postWebhook(message("d1", "+16502530000", "Hi, it's Dana"));
            app.postWebhook(message("d2", "+16502530000", "URGENT my pipe burst"));
            app.postWebhook(message("d3", "+14155550123", "can I book for Friday?"));
            waitForRowShowing("URGENT my pipe burst", "+1 650-253-0000", "2 messages", "left");
            batchRow("can I book for Friday?");
            assertThat(browser.findElement(row("pipe burst")).findElement(By.cssSelector(".sender")).getAttribute("title"))
                    .as("E.164 on hover").isEqualTo("+16502530000");

            clock.advance(Duration.ofSeconds(61));
            app.closeDue();
            waitForRowShowing("pipe burst", "reply: sent", "urgent", "rules");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("legend"), "Messages: 3"));
            assertThat(browser.findElement(By.id("legend")).getText()).contains("Batches: 2", "LLM calls saved: 1", "Replies sent: 2");
            assertThat(browser.findElement(By.cssSelector("#legend i")).getCssValue("background-color"))
                    .as("legend colours survive the Content-Security-Policy").isEqualTo("rgba(36, 87, 214, 1)");
            assertThat(browser.findElements(By.cssSelector("#chart .u-axis"))).as("the chart has axes").hasSizeGreaterThanOrEqualTo(2);
            assertThat(browser.findElement(By.id("stats-line")).getText()).contains("3 messages", "2 replies sent");
            assertThat(browser.findElement(By.id("stats-tiles")).isDisplayed()).as("the stats line is folded").isFalse();
            browser.findElement(By.id("stats-line")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stats-tiles")));
            assertThat(browser.findElement(By.id("stats-tiles")).getText()).contains("Replies sent", "Duplicates");
            browser.findElement(By.id("stats-line")).click();
            assertThat(browser.findElement(By.cssSelector("#inbox li.batch")).getLocation().getY())
                    .as("the inbox is at the top, the chart beside it").isLessThan(250);
            saveScreenshot("dashboard.png");

            clickRow("pipe burst");
            WebElement thread = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sender-view")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread"), "Thanks for your message!"));
            assertThat(thread.getText()).contains("+1 650-253-0000", "subscribed", "Hi, it's Dana", "URGENT my pipe burst", "auto-reply");

            clickIn(By.linkText("batch"));
            WebElement batchView = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("batch-view")));
            wait.until(ExpectedConditions.textToBePresentInElement(batchView, "Hi, it's Dana"));
            assertThat(batchView.getText()).contains("URGENT my pipe burst", "urgent", "offline rules", "Thanks for your message!");

            clickIn(By.cssSelector("#batch-view a.back"));
            app.postWebhook(message("d4", "+12125550199", "are you open on sunday?"));
            batchRow("sunday");
            new Select(browser.findElement(By.id("f-status"))).selectByVisibleText("done");
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbox li.batch"), 2));
            assertThat(browser.findElement(By.id("inbox")).getText()).doesNotContain("sunday");
            new Select(browser.findElement(By.id("f-status"))).selectByVisibleText("any");
            browser.findElement(By.id("f-q")).sendKeys("212555");
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbox li.batch"), 1));
            // The list re-renders every 2 s, so a found row can go stale before it is read: wait on the locator instead.
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#inbox li.batch"), "sunday"));

            browser.manage().window().setSize(new Dimension(390, 844));
            browser.findElement(By.id("f-q")).clear();
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbox li.batch"), 3));
            assertThat(browser.findElement(By.cssSelector("#inbox li.batch")).getLocation().getY())
                    .as("on a phone the first batch is above the fold").isLessThan(700);
            saveScreenshot("dashboard-phone.png");
        }
    }

    @Test
    void an_operator_searches_answers_retries_settles_opts_out_and_marks_handled() {
        AtomicReference<FakeGateway.Answer> answer = new AtomicReference<>(new FakeGateway.Answer(400,
                "{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\",\"status\":400}"));
        try (FakeGateway twilio = new FakeGateway(TWILIO_PATH, body -> answer.get());
             TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_SENDER", "twilio",
                     "TWILIO_API_URL", twilio.baseUrl(), "TWILIO_ACCOUNT_SID", "AC123", "TWILIO_AUTH_TOKEN", "token",
                     "TWILIO_FROM", "+14155550100", "SMSYNC_PUBLIC_URL", "https://sms.example.com"))) {
            app.postWebhook(message("e1", "+16502530000", "my kitchen pipe is leaking"));
            app.postWebhook(message("e2", "+14155550123", "can I book for Friday?"));
            clock.advance(Duration.ofSeconds(61));
            app.closeDue();
            browser.get(app.uri("/").toString());
            waitForRowShowing("kitchen pipe", "reply: failed");

            // Search a word.
            browser.findElement(By.id("f-q")).sendKeys("leaking");
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbox li.batch"), 1));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#inbox li.batch"), "kitchen pipe"));
            browser.findElement(By.id("f-q")).clear();
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbox li.batch"), 2));

            // Retry the failed auto-reply from the thread.
            clickRow("kitchen pipe");
            WebElement failed = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#thread li.out[data-status='failed']")));
            assertThat(failed.getText()).contains("not a valid phone number");
            answer.set(new FakeGateway.Answer(201, "{\"sid\":\"SM1\",\"status\":\"queued\"}"));
            int before = twilio.bodies().size();
            clickIn(By.cssSelector("#thread li.out[data-status='failed'] button"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#thread li.out.by-auto[data-status='sent']")));
            assertThat(twilio.bodies()).hasSize(before + 1);

            // Answer the customer: the text reaches the gateway and shows as sent, by the operator.
            clock.advance(Duration.ofMinutes(2));
            WebElement box = browser.findElement(By.id("reply-text"));
            box.sendKeys("Our plumber can come at 3pm — does that work?");
            assertThat(browser.findElement(By.id("reply-count")).getText()).contains("45 / 1600 characters", "1 SMS (UCS-2)");
            box.clear();
            box.sendKeys("Our plumber can come at 3pm. Does that work?");
            assertThat(browser.findElement(By.id("reply-count")).getText()).contains("44 / 1600 characters", "1 SMS (GSM-7)");
            browser.findElement(By.id("reply-send")).click();
            wait.until(driver -> twilio.bodies().stream().anyMatch(b -> b.contains("plumber+can+come")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#thread li.out.by-operator"), "sent"));
            assertThat(browser.findElement(By.id("reply-text")).getAttribute("value")).isEmpty();

            // Settle an unknown outcome: the gateway's proxy answers 502.
            answer.set(new FakeGateway.Answer(502, "<html>502 Bad Gateway</html>"));
            clock.advance(Duration.ofMinutes(30));
            box = browser.findElement(By.id("reply-text"));
            box.sendKeys("Did you get my last text?");
            browser.findElement(By.id("reply-send")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#thread li.out[data-status='unknown']")));
            saveScreenshot("dashboard-thread.png");
            clickIn(By.xpath("//ol[@id='thread']/li[@data-status='unknown']//button[.='It was not sent']"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread-notice"), "Settled as not sent"));
            WebElement settled = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.xpath("//ol[@id='thread']/li[@data-status='failed'][contains(., 'Did you get my last text?')]")));
            assertThat(settled.getText()).contains("settled by an operator as not sent", "Retry");

            // Opt the sender out: a reply is refused.
            browser.findElement(By.id("opt-out-toggle")).click();
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("opt-out-state"), "opted out by an operator"));
            int sends = twilio.bodies().size();
            browser.findElement(By.id("reply-text")).sendKeys("one more thing");
            browser.findElement(By.id("reply-send")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("thread-notice"), "opted out"));
            assertThat(twilio.bodies()).hasSize(sends);
            assertThat(browser.findElement(By.id("opt-out-toggle")).getText()).isEqualTo("Opt back in");

            // Mark a batch handled: it leaves the to-do list and shows under Show: all.
            browser.findElement(By.cssSelector("#sender-view a.back")).click();
            batchRow("book for Friday");
            clickIn(By.xpath("//ol[@id='inbox']/li[.//p[contains(., 'book for Friday')]]//button[contains(@class,'handle')]"));
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbox li.batch"), 1));
            assertThat(browser.findElement(By.id("inbox")).getText()).doesNotContain("book for Friday");
            new Select(browser.findElement(By.id("f-handled"))).selectByVisibleText("all");
            waitForRowShowing("book for Friday", "Handled ✓");
            assertThat(app.getJson("/api/audit").get("items")).hasSize(6);

            // Every action above is in the audit list.
            browser.findElement(By.cssSelector("a.nav")).click();
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#audit tr"), 6));
            assertThat(browser.findElement(By.id("audit")).getText()).contains("marked handled", "opted out", "settled a reply",
                    "texted", "retried a reply", "+1 650-253-0000", "127.0.0.1");
        }
    }

    /** Clicks what the locator finds, looking it up again while the view re-renders. */
    private void clickIn(By locator) {
        wait.until(driver -> {
            try {
                driver.findElement(locator).click();
                return true;
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
            }
        });
    }

    @Test
    void the_inbox_shows_the_start_of_a_long_text_and_loads_older_batches_on_request() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of())) {
            app.postWebhook(message("o0", "+16502530000", "the oldest batch"));
            for (int i = 1; i < 100; i++) {
                clock.advance(Duration.ofMillis(1));
                app.postWebhook(message("o" + i, "+1650253" + String.format("%04d", i), "filler " + i));
            }
            clock.advance(Duration.ofMillis(1));
            app.postWebhook(message("long", "+14155550123", "Start of a long story " + "and more ".repeat(40) + "THE END"));
            browser.get(app.uri("/").toString());

            String preview = wait.until(driver -> {
                try {
                    return driver.findElement(row("Start of a long story")).findElement(By.cssSelector("p.text")).getAttribute("textContent");
                } catch (StaleElementReferenceException | NoSuchElementException e) {
                    return null;
                }
            });
            assertThat(preview).endsWith("…").doesNotContain("THE END").hasSize(161);
            assertThat(browser.findElements(By.cssSelector("#inbox li.batch"))).hasSize(100);
            assertThat(browser.findElement(By.id("inbox")).getText()).doesNotContain("the oldest batch");

            browser.findElement(By.id("older")).click();
            batchRow("the oldest batch");
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbox li.batch"), 101));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("older")));
            clock.advance(Duration.ofMillis(1));
            app.postWebhook(message("n1", "+12125550199", "a newer one"));
            batchRow("a newer one");
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbox li.batch"), 102));
            batchRow("the oldest batch");

            clickRow("Start of a long story");
            WebElement threadView = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sender-view")));
            wait.until(ExpectedConditions.textToBePresentInElement(threadView, "THE END"));
        }
    }

    @Test
    void with_an_admin_token_the_dashboard_asks_for_it_once_and_logs_out() {
        try (TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_ADMIN_TOKEN", "s3cret-admin"))) {
            app.postWebhook(message("a1", "+16502530000", "hello there"));
            browser.get(app.uri("/").toString());
            wait.until(ExpectedConditions.urlContains("/login"));
            browser.findElement(By.id("token")).sendKeys("wrong");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".error"), "not right"));
            browser.findElement(By.id("token")).sendKeys("s3cret-admin");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            batchRow("hello there");
            assertThat(browser.manage().getCookieNamed("smsync_session").isHttpOnly()).isTrue();
            // A change with the session cookie: the browser's own Origin lets it through.
            clickIn(By.xpath("//ol[@id='inbox']/li[.//p[contains(., 'hello there')]]//button[contains(@class,'handle')]"));
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#inbox li.batch"), 0));
            assertThat(app.get("/api/audit", "Authorization", "Bearer s3cret-admin").body()).contains("batch.handled");

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.logout button"))).click();
            wait.until(ExpectedConditions.urlContains("/login"));
            assertThat(browser.manage().getCookieNamed("smsync_session")).isNull();
            browser.get(app.uri("/").toString());
            wait.until(ExpectedConditions.urlContains("/login"));
        }
    }

    /** Into target/screenshots; {@code SMSYNC_SCREENSHOTS=docs} refreshes the README's pictures instead. */
    private void saveScreenshot(String name) {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        String folder = System.getenv().getOrDefault("SMSYNC_SCREENSHOTS", "target/screenshots");
        try {
            Files.createDirectories(Path.of(folder));
            Files.copy(shot.toPath(), Path.of(folder, name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
