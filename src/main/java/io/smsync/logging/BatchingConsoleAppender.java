package io.smsync.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines to standard output from a thread of its own, a batch at a time: callers only queue the event;
 * every {@link #INTERVAL_NANOS} the thread lays out what is queued (masking included, see logback.xml) and writes it
 * in one system call. Ingest logs a line per message: Logback's AsyncAppender woke its thread for nearly every line and
 * the console appender made a system call per line, which cost more CPU than storing the message. Nothing is dropped:
 * a full queue makes callers wait; {@link #stop} writes what is left. Only a line whose layout throws is skipped, and
 * the thread writes on, whatever it threw.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** How long a line may wait before it is written. */
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int QUEUE_SIZE = 8192;

    private final BlockingQueue<ILoggingEvent> queue = new ArrayBlockingQueue<>(QUEUE_SIZE);
    private Encoder<ILoggingEvent> encoder;
    private volatile PrintStream out;
    private volatile boolean stopping;
    private Thread writer;

    /** Set from logback.xml's {@code <encoder>}. */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder set for the appender named " + name);
            return;
        }
        out = System.out;
        stopping = false;
        writer = Thread.ofPlatform().name("log-writer").daemon().start(this::run);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // The message, thread name and arguments as they are now; the line is laid out later, on the writer thread.
        event.prepareForDeferredProcessing();
        if (!queue.offer(event)) {
            try {
                queue.put(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        List<ILoggingEvent> batch = new ArrayList<>(QUEUE_SIZE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        while (true) {
            boolean last = stopping;
            queue.drainTo(batch);
            if (!batch.isEmpty()) {
                write(batch, bytes);
            } else if (last) {
                return;
            } else {
                LockSupport.parkNanos(INTERVAL_NANOS);
            }
        }
    }

    private void write(List<ILoggingEvent> batch, ByteArrayOutputStream bytes) {
        for (ILoggingEvent event : batch) {
            try {
                bytes.writeBytes(encoder.encode(event));
            } catch (Throwable e) {
                // An Error too (a pathological message overflowing the stack): were this thread to end, every caller
                // would block once the queue filled. The line is lost; the next ones are written.
                addError("could not lay out a log line", e);
            }
        }
        batch.clear();
        out.write(bytes.toByteArray(), 0, bytes.size());
        out.flush();
        bytes.reset();
    }

    /** Writes every queued line, then stops. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop(); // no new lines are taken from here on
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writer.isAlive()) {
            // A line queued by a caller already past the started check, after the thread's last look at the queue.
            List<ILoggingEvent> left = new ArrayList<>();
            queue.drainTo(left);
            if (!left.isEmpty()) {
                write(left, new ByteArrayOutputStream());
            }
        }
    }
}
