package io.smsync.pipeline;

import static io.smsync.testing.TestApp.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsync.testing.LogCapture;
import io.smsync.testing.MutableClock;
import io.smsync.testing.TestApp;
import io.smsync.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Error while processing a batch is a failed attempt like any other: retried, then failed and reported. */
class ProcessingErrorTest {
    /** Fine on short texts; on a long one the regex engine recurses once per character. */
    private static final String OVERFLOWING_PATTERN = "(a|b)*c";
    private static final String LONG_TEXT = "ab".repeat(5_000);

    @TempDir
    Path dir;

    @Test
    void a_stack_overflow_from_an_operators_pattern_ends_the_batch_failed_after_its_attempts() throws IOException, InterruptedException {
        assertThat(overflowsOnAVirtualThread()).as("the premise: batches are processed on virtual threads, where this overflows").isTrue();
        Path categories = dir.resolve("categories.yaml");
        Files.writeString(categories, """
                - name: letters
                  patterns: ['%s']
                  reply: Thanks for the letters.
                """.formatted(OVERFLOWING_PATTERN));
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        try (LogCapture logs = new LogCapture();
             TestApp app = TestApp.start(TestDatabases.sqlite(dir), clock, Map.of("SMSYNC_CATEGORIES_FILE", categories.toString()))) {
            assertThat(app.postWebhook(message("long-1", "+16502530000", LONG_TEXT)).statusCode()).isEqualTo(200);
            for (int attempt = 1; attempt <= 5; attempt++) {
                clock.advance(Duration.ofMinutes(5));
                assertThat(app.closeDue()).as("attempt %d claims the batch", attempt).isEqualTo(1);
            }
            clock.advance(Duration.ofHours(1));
            assertThat(app.closeDue()).as("a failed batch is not claimed again").isZero();

            JsonNode batch = app.getJson("/api/batches").at("/batches/0");
            assertThat(batch.get("status").asText()).isEqualTo("failed");
            assertThat(logs.count("BATCH PROCESSING FAILED")).isEqualTo(5);
            assertThat(logs.lines()).filteredOn(line -> line.startsWith("BATCH PROCESSING FAILED"))
                    .allMatch(line -> line.contains("error=StackOverflowError"))
                    .last().satisfies(line -> assertThat(line).contains("attempts=5"));
        }
    }

    private static boolean overflowsOnAVirtualThread() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                Pattern.compile(OVERFLOWING_PATTERN, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(LONG_TEXT).find();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }).join();
        return thrown.get() instanceof StackOverflowError;
    }
}
