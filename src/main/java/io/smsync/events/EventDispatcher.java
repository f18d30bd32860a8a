package io.smsync.events;

import io.smsync.metrics.Metrics;
import io.smsync.store.EventRows;
import io.smsync.store.Events;
import io.smsync.store.Transactor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers stored events at least once: takes due deliveries with a lease (so processes on one database share them
 * without sending one twice at a time), signs each attempt, and records the answer: 2xx delivered, 410 disables the
 * endpoint, anything else or no answer within the timeout is tried again on {@link #SCHEDULE}, under the same
 * webhook-id. Each endpoint has its own executor and at most {@code perEndpoint} requests in flight, so a slow or
 * dead endpoint holds up only its own deliveries; nothing here runs on the threads that close batches or send replies.
 */
public final class EventDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
    /** The wait before each retry, after attempt 1, 2, …: about 27 hours in all; the attempt after the last one fails for good. */
    static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    private static final Duration SCAN_EVERY = Duration.ofSeconds(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final int MAX_ERROR_CHARS = 500;

    private final Transactor writes;
    private final Jdbi reads;
    private final Events events;
    private final EventLog eventLog;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final String owner;
    private final int perEndpoint;
    private final Metrics metrics;
    private final Map<String, ExecutorService> workers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** A scan is queued: attempts that finish ask for one, so a fast endpoint is not held to one batch per scan. */
    private final AtomicBoolean scanQueued = new AtomicBoolean();
    private ScheduledExecutorService scanner;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param timeout     how long one attempt may wait for the endpoint's answer before it counts as failed
     * @param owner       this process's name on the leases it takes
     * @param perEndpoint how many requests to one endpoint may be in flight at once
     */
    public EventDispatcher(Transactor writes, Jdbi reads, Events events, EventLog eventLog, HttpClient http, Duration timeout,
                           Clock clock, String owner, int perEndpoint, Metrics metrics) {
        this.metrics = metrics;
        this.writes = writes;
        this.reads = reads;
        this.events = events;
        this.eventLog = eventLog;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
        this.owner = owner;
        this.perEndpoint = perEndpoint;
    }

    /** Starts the scan for due deliveries; attempts then run on each endpoint's own executor. */
    public synchronized void start() {
        scanner = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("events-scan").daemon().factory());
        scanner.scheduleWithFixedDelay(this::scan, 0, SCAN_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        started = true;
    }

    /**
     * Takes the deliveries due now, up to each endpoint's free slots, and sends them: on the endpoints' executors once
     * started, else on the calling thread one after another (as tests drive it). Returns how many were taken.
     */
    public int deliverDue() {
        Instant now = clock.instant();
        eventLog.refresh(reads);
        List<Events.DueCount> due = reads.withHandle(h -> events.due(h, now));
        int taken = 0;
        for (Events.DueCount count : due) {
            AtomicInteger busy = inFlight.computeIfAbsent(count.endpointId(), id -> new AtomicInteger());
            int free = Math.min(count.due(), perEndpoint - busy.get());
            if (free <= 0 || closed) {
                continue;
            }
            Instant leaseUntil = now.plus(lease());
            List<EventRows.Claimed> claimed = writes.inTransaction(h -> events.claim(h, count.endpointId(), now, owner, leaseUntil, free));
            taken += claimed.size();
            for (EventRows.Claimed delivery : claimed) {
                run(delivery, busy);
            }
        }
        return taken;
    }

    /** Long enough that a live worker always records its attempt first; a crashed worker's deliveries are retaken after it. */
    private Duration lease() {
        return timeout.multipliedBy(2).plusSeconds(30);
    }

    private void run(EventRows.Claimed delivery, AtomicInteger busy) {
        if (!started) {
            attempt(delivery);
            return;
        }
        busy.incrementAndGet();
        ExecutorService worker = workers.computeIfAbsent(delivery.endpointId(),
                id -> Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("events-" + id + "-", 1).factory()));
        try {
            worker.execute(() -> {
                try {
                    attempt(delivery);
                } catch (RuntimeException e) {
                    // The store failed around the attempt: the lease runs out and a later scan tries again, same id.
                    log.warn("event delivery {} could not be recorded: {}", delivery.id(), e.getMessage());
                } finally {
                    busy.decrementAndGet();
                    scanSoon();
                }
            });
        } catch (RejectedExecutionException e) {
            busy.decrementAndGet();
        }
    }

    /** One signed POST of a delivery this worker holds, and its outcome recorded. */
    void attempt(EventRows.Claimed delivery) {
        // Taken with others of its endpoint, which may have answered 410 (or been paused) since: then it is not sent.
        boolean active = reads.withHandle(h -> events.endpoint(h, delivery.endpointId()))
                .map(endpoint -> Events.ACTIVE.equals(endpoint.status())).orElse(false);
        if (!active) {
            writes.useTransaction(h -> events.retryAt(h, delivery.id(), owner, clock.instant(), clock.instant()));
            return;
        }
        Instant started = clock.instant();
        long nanos = System.nanoTime();
        Outcome outcome = post(delivery, started.getEpochSecond());
        long millis = Duration.ofNanos(System.nanoTime() - nanos).toMillis();
        Instant now = clock.instant();
        EventRows.Attempt attempt = new EventRows.Attempt(delivery.id(), 0, now, outcome.status(), outcome.error(), millis);
        int attempts = delivery.attempts() + 1;
        Result result = writes.inTransaction(h -> {
            if (!events.recordAttempt(h, owner, attempt)) {
                return Result.LEASE_LOST;
            }
            if (outcome.delivered()) {
                events.finish(h, delivery.id(), owner, Events.DELIVERED, now);
                return Result.DELIVERED;
            }
            if (outcome.gone()) {
                events.finish(h, delivery.id(), owner, Events.FAILED, now);
                String reason = "answered 410 Gone at " + now;
                events.setStatus(h, delivery.endpointId(), Events.DISABLED, reason, now);
                events.failPending(h, delivery.endpointId(), "endpoint disabled: " + reason, now);
                return Result.GONE;
            }
            if (attempts > SCHEDULE.size()) {
                events.finish(h, delivery.id(), owner, Events.FAILED, now);
                return Result.FAILED;
            }
            events.retryAt(h, delivery.id(), owner, now.plus(SCHEDULE.get(attempts - 1)), now);
            return Result.RETRY;
        });
        if (result != Result.LEASE_LOST) {
            metrics.eventDelivery(result.name().toLowerCase(Locale.ROOT));
        }
        switch (result) {
            case DELIVERED -> log.info("EVENT DELIVERED id={} endpoint={} status={} attempt={}", delivery.eventId(),
                    delivery.endpointId(), outcome.status(), attempts);
            case GONE -> log.warn("EVENT ENDPOINT DISABLED endpoint={}: it answered 410 Gone to event {}", delivery.endpointId(),
                    delivery.eventId());
            case FAILED -> log.warn("EVENT FAILED id={} endpoint={} attempts={} error={}", delivery.eventId(),
                    delivery.endpointId(), attempts, outcome.describe());
            case RETRY -> log.info("EVENT RETRY id={} endpoint={} attempt={} retry_in={} error={}", delivery.eventId(),
                    delivery.endpointId(), attempts, SCHEDULE.get(attempts - 1), outcome.describe());
            case LEASE_LOST -> log.warn("event delivery {} was taken over by another worker; its attempt is not recorded", delivery.id());
        }
    }

    /** What became of a delivery after one attempt. */
    private enum Result { DELIVERED, GONE, FAILED, RETRY, LEASE_LOST }

    /** What one attempt got: an HTTP status, or an error when there was no answer. */
    private record Outcome(Integer status, String error) {
        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        boolean gone() {
            return status != null && status == 410;
        }

        String describe() {
            return status != null ? "HTTP " + status : error;
        }
    }

    private Outcome post(EventRows.Claimed delivery, long timestamp) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "smsync-webhooks")
                    .header("webhook-id", delivery.eventId())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSignature.sign(delivery.secret(), delivery.eventId(), timestamp, delivery.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                    .build();
        } catch (IllegalArgumentException e) {
            return new Outcome(null, clip("cannot send: " + e.getMessage()));
        }
        try {
            // Only the status counts: the body is not read, so an endpoint that stalls after its headers holds nothing.
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return new Outcome(response.statusCode(), null);
        } catch (HttpTimeoutException e) {
            return new Outcome(null, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Outcome(null, clip(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted by a stop");
        }
    }

    private static String clip(String text) {
        return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS);
    }

    /** Queues one scan now, unless one is queued already. */
    private void scanSoon() {
        if (closed || !scanQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            scanner.execute(() -> {
                scanQueued.set(false);
                scan();
            });
        } catch (RejectedExecutionException e) {
            scanQueued.set(false);
        }
    }

    /** The scheduled scan: survives any failure, so deliveries resume after a store outage. */
    private void scan() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            log.warn("event delivery scan failed, retrying in {} s: {}", SCAN_EVERY.toSeconds(), e.getMessage());
        } catch (Error e) {
            log.error("event delivery scan failed, retrying in {} s", SCAN_EVERY.toSeconds(), e);
        }
    }

    /** Stops the scan and waits a bounded time for attempts in flight; the rest keep their lease and are retried later. */
    @Override
    public synchronized void close() {
        closed = true;
        if (!started) {
            return;
        }
        scanner.shutdownNow();
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (ExecutorService worker : workers.values()) {
            worker.shutdown();
        }
        for (ExecutorService worker : workers.values()) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !worker.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    worker.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                worker.shutdownNow();
            }
        }
    }
}
