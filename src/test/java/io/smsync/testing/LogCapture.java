package io.smsync.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.read.ListAppender;
import io.smsync.logging.BatchingConsoleAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures smsync's log lines so tests can check the event names in log lines. */
public final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** Every captured event, with its level, logger and exception. */
    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    public List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /**
     * The captured events as the console shows them: laid out by the STDOUT appender's encoder from logback.xml, with
     * its converters (masking) and stack traces.
     */
    public List<String> written() {
        var console = (BatchingConsoleAppender) root.getAppender("STDOUT");
        Layout<ILoggingEvent> layout = ((LayoutWrappingEncoder<ILoggingEvent>) console.getEncoder()).getLayout();
        return appender.list.stream().map(layout::doLayout).toList();
    }

    /** How many lines start with this event name. */
    public long count(String event) {
        return lines().stream().filter(line -> line.startsWith(event + " ")).count();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}
