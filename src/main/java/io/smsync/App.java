package io.smsync;

import io.smsync.classify.Categories;
import io.smsync.classify.CircuitBreaker;
import io.smsync.classify.Classifier;
import io.smsync.classify.FallbackClassifier;
import io.smsync.classify.LlmClassifier;
import io.smsync.classify.RulesClassifier;
import io.smsync.classify.SpamModel;
import io.smsync.config.Config;
import io.smsync.config.ConfigException;
import io.smsync.config.GatewayConfig;
import io.smsync.config.Variables;
import io.smsync.consolidate.ConsolidationLoop;
import io.smsync.consolidate.WindowPolicy;
import io.smsync.ingest.HttpSmsWebhook;
import io.smsync.ingest.IngestService;
import io.smsync.ingest.SmsGateWebhook;
import io.smsync.ingest.SmsSyncWebhook;
import io.smsync.ingest.TwilioWebhook;
import io.smsync.ingest.PhoneNumbers;
import io.smsync.ingest.WebhookAuth;
import io.smsync.ingest.WebhookParser;
import io.smsync.ingest.WebhookRoutes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smsync.logging.LogSecrets;
import io.smsync.logging.RedactingMessageConverter;
import io.smsync.metrics.MeteredClassifier;
import io.smsync.metrics.MeteredTransactor;
import io.smsync.metrics.Metrics;
import io.smsync.metrics.MetricsRoutes;
import io.smsync.process.BatchProcessor;
import io.smsync.process.Housekeeping;
import io.smsync.process.Purger;
import io.smsync.reply.Outbox;
import io.smsync.reply.ReplyRules;
import io.smsync.send.SenderFactory;
import io.smsync.store.AdminSessions;
import io.smsync.store.Batches;
import io.smsync.store.Database;
import io.smsync.store.Messages;
import io.smsync.store.ReadModel;
import io.smsync.store.Classifications;
import io.smsync.store.Replies;
import io.smsync.store.Senders;
import io.smsync.store.Retention;
import io.smsync.store.StoreUnavailableException;
import io.smsync.store.Transactor;
import io.smsync.web.AdminAccess;
import io.smsync.web.ApiRoutes;
import io.smsync.web.BodyBudget;
import io.smsync.web.DashboardSessions;
import io.smsync.web.HealthRoutes;
import io.smsync.web.Json;
import io.smsync.web.LocalRequests;
import io.smsync.web.LoginThrottle;
import io.smsync.web.WebServer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** The composition root: reads the configuration, builds every part by hand, starts and stops them. */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    private static final int PROCESSING_CONCURRENCY = 32;
    /** Sends at once: enough for a slow gateway, few enough that a hanging one ties up only these threads. */
    private static final int SENDER_THREADS = 8;
    private static final int SEND_QUEUE = 1_000;

    private final Clock clock;
    private final Database database;
    private final ConsolidationLoop loop;
    private final Outbox outbox;
    private final Purger purger;
    private final Housekeeping housekeeping = new Housekeeping("housekeeping");
    private final WebServer web;

    /**
     * Builds and starts smsync. With {@code runLoop} false neither the consolidation loop nor the
     * housekeeping runs, so a test can drive them with {@link #closeDue()}, {@link #dispatchDueReplies()},
     * {@link #purgeNow()} and a settable clock.
     */
    public App(Config config, Clock clock, boolean runLoop) {
        this.clock = clock;
        RedactingMessageConverter.enable(config.logRedact());
        LogSecrets.register(config.secrets());
        Categories categories = config.llm().categoriesFile() == null ? Categories.builtIn() : loadCategories(config.llm().categoriesFile());
        this.database = openDatabase(config);
        try {
            String owner = "smsync-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
            PrometheusMeterRegistry registry = MetricsRoutes.registry();
            Metrics metrics = new Metrics(registry);
            Transactor writes = new MeteredTransactor(database.writes(), registry);
            Jdbi reads = database.reads();
            Batches batches = new Batches(database.dialect());
            Messages messages = new Messages();
            Replies replies = new Replies();
            Senders senders = new Senders();
            this.outbox = new Outbox(writes, reads, replies, SenderFactory.create(config), clock, metrics,
                    SENDER_THREADS, SEND_QUEUE);
            PhoneNumbers phones = new PhoneNumbers(config.defaultRegion());
            Config.Replies replyConfig = config.replies();
            ReplyRules rules = new ReplyRules(replyConfig.autoReplyEnabled(), replyConfig.autoReplyText(), replyConfig.helpText(),
                    replyConfig.cooldown(), categories, phones, config.ownNumbers(), replyConfig.replyToSpam());
            BatchProcessor processor = new BatchProcessor(writes, reads, batches, messages, new Classifications(), replies,
                    senders, classifier(config.llm(), categories, registry, clock), rules, outbox, clock, owner, metrics);
            this.purger = new Purger(writes, new Retention(), config.store().retention(), clock);
            this.loop = new ConsolidationLoop(writes, reads, batches, clock, owner, lease(config.llm()), PROCESSING_CONCURRENCY,
                    processor, metrics);
            Config.Window window = config.window();
            WindowPolicy policy = new WindowPolicy(window.length(), window.mode(), window.maxWait(), window.maxBatchMessages());
            var json = Json.mapper();
            IngestService ingest = new IngestService(writes, messages, batches, senders, policy, clock, loop::nudge, metrics);
            GatewayConfig gateways = config.gateways();
            BodyBudget bodies = BodyBudget.forHeap(Runtime.getRuntime().maxMemory());
            Config.Web webConfig = config.web();
            AdminAccess access = new AdminAccess(webConfig.adminToken(), webConfig.loopbackOnly(),
                    new DashboardSessions(webConfig.adminToken(), writes, reads, new AdminSessions(), clock), new LoginThrottle(clock), bodies);
            LocalRequests local = new LocalRequests(webConfig.loopbackOnly());
            ReadModel readModel = new ReadModel(reads);
            this.web = new WebServer(json, List.of(
                    new WebhookRoutes(new WebhookAuth(webConfig.webhookToken()), new WebhookParser(json, phones), ingest, local, bodies),
                    new TwilioWebhook(gateways, phones, ingest, bodies),
                    new SmsGateWebhook(gateways, phones, ingest, writes, replies, clock, bodies),
                    new HttpSmsWebhook(gateways, phones, ingest, clock, bodies),
                    new SmsSyncWebhook(gateways, phones, ingest, writes, reads, replies, clock, bodies),
                    access,
                    new ApiRoutes(readModel, phones::normalize, access, clock),
                    new HealthRoutes(database, runLoop ? Map.of("consolidation_loop", loop::isHealthy) : Map.of()),
                    new MetricsRoutes(registry, readModel)));
            startListening(webConfig);
            if (runLoop) {
                outbox.start();
                loop.start();
                housekeeping.every("retention purge", Duration.ZERO, Purger.EVERY, purger::purgeNow);
            }
        } catch (RuntimeException e) {
            housekeeping.close();
            database.close();
            throw e;
        }
        String host = config.web().host();
        log.info("smsync serving http://{}:{}\n{}", host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host,
                web.port(), config.describe());
    }

    private void startListening(Config.Web config) {
        try {
            web.start(config.host(), config.port());
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ConfigException("SMSYNC_PORT: cannot listen on " + config.host() + ":" + config.port() + ": " + root.getMessage());
        }
    }

    private static Categories loadCategories(Path categoriesFile) {
        try {
            return Categories.load(categoriesFile);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("SMSYNC_CATEGORIES_FILE: " + e.getMessage());
        }
    }

    private static Database openDatabase(Config config) {
        try {
            return Database.open(config.store().databaseUrl());
        } catch (StoreUnavailableException e) {
            throw new ConfigException("SMSYNC_DATABASE_URL: cannot open " + Config.maskDatabaseUrl(config.store().databaseUrl())
                    + ": " + e.getMessage());
        }
    }

    private static Classifier classifier(Config.Llm llm, Categories categories, MeterRegistry registry, Clock clock) {
        Classifier rules = new RulesClassifier(categories, SpamModel.builtIn());
        if (!llm.enabled()) {
            return rules;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(llm.timeout()).build();
        // A hanging LLM would hold every batch for the full timeout; after 5 failures in a row the rules answer for 30 s.
        CircuitBreaker breaker = new CircuitBreaker("LLM", 5, Duration.ofSeconds(30), clock);
        Gauge.builder("smsync.llm.circuit.open", breaker, b -> b.isOpen() ? 1 : 0)
                .description("1 while the LLM is not called after repeated failures").register(registry);
        return new FallbackClassifier(new MeteredClassifier(new LlmClassifier(http, llm.baseUrl(),
                llm.apiKey(), llm.model(), llm.timeout(), categories), registry), rules, breaker);
    }

    /** Long enough that a live worker never loses a batch to a slow LLM call; short enough to recover from a crash. */
    private static Duration lease(Config.Llm llm) {
        Duration byLlm = llm.timeout().multipliedBy(3).plusSeconds(30);
        return byLlm.compareTo(Duration.ofMinutes(2)) > 0 ? byLlm : Duration.ofMinutes(2);
    }

    /** Closes and processes every batch due now; for tests that run without the loop. */
    public int closeDue() {
        return loop.closeDue(clock.instant());
    }

    /** Sends the replies that are due (retries, and those a crash left behind); for tests that run without the loop, on the calling thread. */
    public void dispatchDueReplies() {
        outbox.dispatchDue();
    }

    /** Purges data past its retention now; for tests that run without the housekeeping. */
    public Retention.Purged purgeNow() {
        return purger.purgeNow();
    }

    public int port() {
        return web.port();
    }

    public Database database() {
        return database;
    }

    /** The HTTP endpoints this process serves, as {@code "GET /api/batches"}. */
    public List<String> routes() {
        return web.routes();
    }

    @Override
    public void close() {
        web.close();
        loop.close();
        outbox.close();
        housekeeping.close();
        database.close();
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
        Variables.unknownVariableWarnings(System.getenv()).forEach(warning -> log.warn("{}", warning));
        try {
            // Stored times have millisecond precision; a millisecond clock keeps logs and rows in agreement.
            App app = new App(config, Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)), true);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log.info("smsync stopping: finishing batches and replies in flight");
                app.close();
                log.info("smsync stopped");
            }, "shutdown"));
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
