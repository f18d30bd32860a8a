package io.smsync;

import io.smsync.alert.AlertTexts;
import io.smsync.classify.Categories;
import io.smsync.classify.CircuitBreaker;
import io.smsync.classify.Classifier;
import io.smsync.classify.Evaluation;
import io.smsync.classify.FallbackClassifier;
import io.smsync.classify.LlmClassifier;
import io.smsync.classify.OwnThreadClassifier;
import io.smsync.classify.RulesClassifier;
import io.smsync.classify.SpamModel;
import io.smsync.config.Config;
import io.smsync.config.ConfigException;
import io.smsync.config.GatewayConfig;
import io.smsync.consolidate.ConsolidationLoop;
import io.smsync.consolidate.WindowPolicy;
import io.smsync.events.Endpoints;
import io.smsync.events.EventDispatcher;
import io.smsync.events.EventLog;
import io.smsync.events.EventRoutes;
import io.smsync.ingest.HttpSmsWebhook;
import io.smsync.ingest.IngestService;
import io.smsync.ingest.SmsGateWebhook;
import io.smsync.ingest.SmsSyncWebhook;
import io.smsync.ingest.TwilioWebhook;
import io.smsync.sms.PhoneNumbers;
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
import io.smsync.process.Purger;
import io.smsync.operator.OperatorActions;
import io.smsync.reply.Outbox;
import io.smsync.reply.ReplyRules;
import io.smsync.send.SenderFactory;
import io.smsync.store.AdminSessions;
import io.smsync.store.AuditLog;
import io.smsync.store.BatchHandling;
import io.smsync.store.Alerts;
import io.smsync.store.Events;
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
import io.smsync.web.BatchView;
import io.smsync.http.BodyBudget;
import io.smsync.web.DashboardSessions;
import io.smsync.web.OperatorRoutes;
import io.smsync.web.HealthRoutes;
import io.smsync.http.Json;
import io.smsync.http.LocalRequests;
import io.smsync.web.LoginThrottle;
import io.smsync.http.WebServer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * smsync's parts, built and wired by hand from the configuration (the composition root). Building starts
 * nothing: {@link App} starts the server and the background work; a test can drive the same parts by hand.
 */
public final class Parts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Parts.class);
    private static final int PROCESSING_CONCURRENCY = 32;
    /** Sends at once: enough for a slow gateway, few enough that a hanging one ties up only these threads. */
    private static final int SENDER_THREADS = 8;
    private static final int SEND_QUEUE = 1_000;
    /** One event delivery attempt waits this long for the endpoint's answer (Standard Webhooks suggests 15 to 30 s). */
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(15);
    /** Requests to one event endpoint in flight at once. */
    private static final int EVENT_CONCURRENCY_PER_ENDPOINT = 4;

    private final Config config;
    private final Database database;
    private final WebServer web;
    private final ConsolidationLoop loop;
    private final Outbox outbox;
    private final Purger purger;
    private final Optional<Runnable> learning;
    private final EventDispatcher events;
    private final Optional<String> generatedEventsSecret;
    private final Map<String, BooleanSupplier> running;

    private Parts(Config config, Database database, WebServer web, ConsolidationLoop loop, Outbox outbox, Purger purger,
                  Optional<Runnable> learning, EventDispatcher events, Optional<String> generatedEventsSecret,
                  Map<String, BooleanSupplier> running) {
        this.events = events;
        this.generatedEventsSecret = generatedEventsSecret;
        this.config = config;
        this.database = database;
        this.web = web;
        this.loop = loop;
        this.outbox = outbox;
        this.purger = purger;
        this.learning = learning;
        this.running = running;
    }

    /** Opens the database and wires every part; throws {@link ConfigException} naming the variable that stops it. */
    public static Parts build(Config config, Clock clock) {
        RedactingMessageConverter.enable(config.logRedact());
        LogSecrets.register(config.secrets());
        Categories categories = config.llm().categoriesFile() == null ? Categories.builtIn() : loadCategories(config.llm().categoriesFile());
        Database database = openDatabase(config);
        try {
            Map<String, BooleanSupplier> running = new ConcurrentHashMap<>();
            String owner = "smsync-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
            PrometheusMeterRegistry registry = MetricsRoutes.registry();
            Metrics metrics = new Metrics(registry);
            Transactor writes = new MeteredTransactor(database.writes(), registry);
            Jdbi reads = database.reads();
            Batches batches = new Batches(database.dialect());
            Messages messages = new Messages();
            Replies replies = new Replies();
            Senders senders = new Senders();
            Events eventStore = new Events(database.dialect());
            EventLog eventLog = new EventLog(eventStore, BatchView::of);
            Endpoints endpoints = new Endpoints(writes, reads, eventStore, eventLog, clock);
            Optional<String> generatedEventsSecret = endpoints.configure(config.events().urls(), config.events().secret(),
                    config.events().types());
            EventDispatcher events = new EventDispatcher(writes, reads, eventStore, eventLog,
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(EVENT_TIMEOUT).build(),
                    EVENT_TIMEOUT, clock, owner, EVENT_CONCURRENCY_PER_ENDPOINT, metrics);
            Outbox outbox = new Outbox(writes, reads, replies, senders, config.replies().cooldown(), SenderFactory.create(config),
                    clock, metrics, SENDER_THREADS, SEND_QUEUE, eventLog);
            PhoneNumbers phones = new PhoneNumbers(config.defaultRegion());
            Config.Alerts alertConfig = config.alerts();
            AlertTexts alerts = new AlertTexts(alertConfig.numbers().stream().map(number -> alertNumber(phones, number)).toList(),
                    alertConfig.categories(), alertConfig.quiet(), config.gateways().publicUrl(), new Alerts(), outbox);
            Config.Replies replyConfig = config.replies();
            ReplyRules rules = new ReplyRules(replyConfig.autoReplyEnabled(), replyConfig.autoReplyText(), replyConfig.helpText(),
                    replyConfig.cooldown(), categories, phones, config.ownNumbers(), replyConfig.replyToSpam());
            RulesClassifier offline = new RulesClassifier(categories, SpamModel.builtIn());
            Classifications classifications = new Classifications();
            BatchProcessor processor = new BatchProcessor(writes, reads, batches, messages, classifications,
                    classifier(config.llm(), new OwnThreadClassifier(offline), categories, registry, clock), rules, outbox, clock, owner,
                    metrics, eventLog, alerts);
            Optional<Runnable> learning = config.llm().enabled() && config.llm().learnFrom() > 0
                    ? Optional.of(() -> learnFromLlm(reads, classifications, offline, config.llm().learnFrom()))
                    : Optional.empty();
            Purger purger = new Purger(writes, new Retention(), config.store().retention(), clock);
            ConsolidationLoop loop = new ConsolidationLoop(writes, reads, batches, clock, owner, lease(config.llm()), PROCESSING_CONCURRENCY,
                    processor, metrics);
            Config.Window window = config.window();
            WindowPolicy policy = new WindowPolicy(window.length(), window.mode(), window.maxWait(), window.maxBatchMessages());
            var json = Json.mapper();
            IngestService ingest = new IngestService(database.intake(IngestService.window(policy), clock, eventLog), loop::dueAt, metrics);
            GatewayConfig gateways = config.gateways();
            BodyBudget bodies = BodyBudget.forHeap(Runtime.getRuntime().maxMemory());
            LocalRequests local = new LocalRequests(config.web().loopbackOnly());
            AdminAccess access = new AdminAccess(config.web().adminToken(), local,
                    new DashboardSessions(config.web().adminToken(), writes, reads, new AdminSessions(), clock), new LoginThrottle(clock), bodies);
            ReadModel readModel = new ReadModel(reads, database.dialect());
            OperatorActions operator = new OperatorActions(writes, reads, outbox, senders, new BatchHandling(), new AuditLog(), clock);
            WebServer web = new WebServer(json, List.of(
                    new WebhookRoutes(new WebhookAuth(config.web().webhookToken()), new WebhookParser(json, phones), ingest, local, bodies),
                    new TwilioWebhook(gateways, phones, ingest, bodies),
                    new SmsGateWebhook(gateways, phones, ingest, outbox, clock, bodies),
                    new HttpSmsWebhook(gateways, phones, ingest, clock, bodies),
                    new SmsSyncWebhook(gateways, phones, ingest, outbox, bodies),
                    access,
                    new ApiRoutes(readModel, phones::normalize, access, clock),
                    new OperatorRoutes(readModel, operator, phones::normalize),
                    new EventRoutes(endpoints, writes, reads, eventStore, clock),
                    new HealthRoutes(database, running),
                    new MetricsRoutes(registry, readModel)));
            return new Parts(config, database, web, loop, outbox, purger, learning, events, generatedEventsSecret, running);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Starts serving HTTP on the configured host and port; a {@link ConfigException} when it cannot listen there. */
    public void listen() {
        Config.Web config = this.config.web();
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

    /** Adds a started background part to {@code /health}: from now on, smsync is ready only while {@code alive} holds. */
    public void checkHealth(String name, BooleanSupplier alive) {
        running.put(name, alive);
    }

    public Config config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public WebServer web() {
        return web;
    }

    public ConsolidationLoop loop() {
        return loop;
    }

    public Outbox outbox() {
        return outbox;
    }

    public Purger purger() {
        return purger;
    }

    /** The chore by which the offline classifier learns from the LLM's stored verdicts; empty when the LLM is off or learning is. */
    public Optional<Runnable> learning() {
        return learning;
    }

    /** The event webhook deliveries. */
    public EventDispatcher events() {
        return events;
    }

    /** The events secret made at this start because none was configured or stored: to be shown once. */
    public Optional<String> generatedEventsSecret() {
        return generatedEventsSecret;
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

    /** The offline classifier learns from the LLM's most recent verdicts, read from the store (on the read pool). */
    private static void learnFromLlm(Jdbi reads, Classifications classifications, RulesClassifier offline, int limit) {
        List<Evaluation.Labelled> verdicts = reads.withHandle(h -> classifications.recentLlmVerdicts(h, limit)).stream()
                .map(verdict -> new Evaluation.Labelled(verdict.category(), verdict.text()))
                .toList();
        int before = offline.learnedFrom();
        offline.learnFrom(verdicts);
        if (offline.learnedFrom() != before) {
            log.info("offline classifier now learns from {} texts ({} LLM verdicts)", offline.learnedFrom(), verdicts.size());
        }
    }

    private static Classifier classifier(Config.Llm llm, Classifier rules, Categories categories, MeterRegistry registry,
                                         Clock clock) {
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

    /** An alert number in E.164, or a {@link ConfigException}: a number the gateway cannot text would fail every alert. */
    private static String alertNumber(PhoneNumbers phones, String raw) {
        String number = phones.normalize(raw);
        if (!number.matches("\\+[1-9][0-9]{6,14}")) {
            throw new ConfigException("SMSYNC_ALERT_NUMBERS: '" + raw + "' is not a phone number (write it as +14155550100)");
        }
        return number;
    }

    /** Long enough that a live worker never loses a batch to a slow LLM call; short enough to recover from a crash. */
    private static Duration lease(Config.Llm llm) {
        Duration byLlm = llm.timeout().multipliedBy(3).plusSeconds(30);
        return byLlm.compareTo(Duration.ofMinutes(2)) > 0 ? byLlm : Duration.ofMinutes(2);
    }

    /** Stops serving, lets batches and replies in flight finish, then closes the database. */
    @Override
    public void close() {
        web.close();
        loop.close();
        outbox.close();
        events.close();
        database.close();
    }
}
