package io.smsync.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Log lines leave in batches from the appender's thread, all of them, in order per caller, also those queued at stop. */
class BatchingConsoleAppenderTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final LoggerContext context = new LoggerContext();
    private final BatchingConsoleAppender appender = new BatchingConsoleAppender();
    private PrintStream original;

    @BeforeEach
    void captureStandardOutput() {
        original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void restoreStandardOutput() {
        appender.stop();
        System.setOut(original);
    }

    /** A logger at INFO whose lines go through the appender under test, laid out by {@code encoder} as {@code %msg%n}. */
    private Logger logThrough(PatternLayoutEncoder encoder) {
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        Logger logger = context.getLogger("test");
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        return logger;
    }

    private List<String> written() {
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    @Timeout(60) // fails, rather than hangs, when the thread has died and callers wait for room forever
    void a_line_whose_layout_throws_an_error_is_skipped_and_the_thread_writes_on() {
        Logger logger = logThrough(new PatternLayoutEncoder() {
            @Override
            public byte[] encode(ILoggingEvent event) {
                if (event.getFormattedMessage().equals("poison")) {
                    throw new StackOverflowError("deep");
                }
                return super.encode(event);
            }
        });

        logger.info("before");
        logger.info("poison");
        // Past a full queue: callers would wait forever if the thread had died.
        for (int i = 0; i < 20_000; i++) {
            logger.info("after {}", i);
        }
        appender.stop();

        assertThat(written()).hasSize(20_001).startsWith("before", "after 0").endsWith("after 19999");
    }

    @Test
    void every_line_is_written_once_in_order_also_past_a_full_queue_and_at_stop() {
        Logger logger = logThrough(new PatternLayoutEncoder());

        int callers = 4;
        int each = 10_000; // 40,000 lines: several times the queue, so callers wait for room
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int c = 0; c < callers; c++) {
                int caller = c;
                pool.execute(() -> {
                    for (int i = 0; i < each; i++) {
                        logger.info("caller={} line={}", caller, i);
                    }
                });
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> written().size() >= callers * each - 100);
        logger.info("the last line, queued just before the stop");
        appender.stop();

        List<String> lines = written();
        assertThat(lines).hasSize(callers * each + 1).endsWith("the last line, queued just before the stop");
        for (int c = 0; c < callers; c++) {
            String prefix = "caller=" + c + " ";
            List<String> ofCaller = lines.stream().filter(line -> line.startsWith(prefix)).toList();
            assertThat(ofCaller).hasSize(each);
            for (int i = 0; i < each; i++) {
                assertThat(ofCaller.get(i)).isEqualTo(prefix + "line=" + i);
            }
        }
    }
}
