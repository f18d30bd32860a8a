package io.smsync;

import io.smsync.config.Config;
import io.smsync.config.ConfigException;
import io.smsync.config.Variables;
import io.smsync.logging.LogSecrets;
import io.smsync.process.Housekeeping;
import io.smsync.process.Purger;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * smsync running: {@link #start()} starts serving HTTP and the background work on the {@link Parts}
 * (the consolidation loop, the outbox's dispatcher, the hourly retention purge, the offline classifier's learning from
 * the LLM); {@link #close()} stops them.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Parts parts;
    /** How often the offline classifier relearns from the LLM's stored verdicts. */
    static final Duration LEARN_EVERY = Duration.ofMinutes(10);

    private final Housekeeping housekeeping = new Housekeeping("housekeeping");
    private final Housekeeping learning = new Housekeeping("learning");

    public App(Parts parts) {
        this.parts = parts;
    }

    /** Starts serving and the background work; on failure everything is closed again and the failure thrown. */
    public App start() {
        try {
            parts.listen();
            parts.outbox().start();
            parts.events().start();
            parts.loop().start();
            parts.checkHealth("consolidation_loop", parts.loop()::isHealthy);
            housekeeping.every("retention purge", Duration.ZERO, Purger.EVERY, parts.purger()::purgeNow);
            // Its own thread: a slow purge never holds up learning, and neither ever holds up closing batches.
            parts.learning().ifPresent(learn -> learning.every("learning from the LLM", Duration.ZERO, LEARN_EVERY, learn));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        String host = parts.config().web().host();
        log.info("smsync serving http://{}:{}\n{}", host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host,
                parts.web().port(), parts.config().describe());
        parts.generatedEventsSecret().ifPresent(secret -> System.out.println("smsync: SMSYNC_EVENTS_SECRET is unset, so this"
                + " secret was made for the endpoints in SMSYNC_EVENTS_URL and stored; it is shown only this once. Verify"
                + " deliveries with it (or set SMSYNC_EVENTS_SECRET):\n  " + secret));
        return this;
    }

    @Override
    public void close() {
        housekeeping.close();
        learning.close();
        parts.close();
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(Cli.run(args, System.getenv(), System.in, System.out, System.err));
        }
        Config config;
        try {
            config = Config.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("smsync: " + e.getMessage());
            System.exit(Cli.BAD_CONFIGURATION);
            return;
        }
        // One hook, so the stop is logged before the log's queue is flushed (lines are written on their own thread).
        AtomicReference<App> started = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            App app = started.get();
            if (app != null) {
                log.info("smsync stopping: finishing batches and replies in flight");
                app.close();
                log.info("smsync stopped");
            }
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
                logs.stop();
            }
        }, "shutdown"));
        Variables.unknownVariableWarnings(System.getenv()).forEach(warning -> log.warn("{}", warning));
        try {
            // Stored times have millisecond precision; a millisecond clock keeps logs and rows in agreement.
            started.set(new App(Parts.build(config, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)))).start());
            // SIGTERM is how supervisors ask for a stop: a clean stop exits 0, not the JVM's 143.
            for (String name : new String[] {"TERM", "INT"}) {
                Signal.handle(new Signal(name), signal -> System.exit(0));
            }
        } catch (ConfigException e) {
            // Masked like a log line: a driver's error can quote a password (a ';' typed for '&' in the URL).
            System.err.println("smsync: " + LogSecrets.mask(e.getMessage()));
            System.exit(Cli.BAD_CONFIGURATION);
        }
    }
}
