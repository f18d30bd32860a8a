package io.smsync.events;

import io.smsync.store.EventRows;
import io.smsync.store.Events;
import io.smsync.store.Ids;
import io.smsync.store.Transactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The endpoints events go to: those named by {@code SMSYNC_EVENTS_URL} (kept in step with the configuration at each
 * start) and those added through the API, each with its own secret and event types. Only http and https URLs are
 * taken; the operator who adds one is trusted with where smsync may post (see the README on SSRF).
 */
public final class Endpoints {
    public static final String FROM_ENV = "env";
    public static final String FROM_API = "api";
    private static final int MAX_URL_LENGTH = 2_000;

    private final Transactor writes;
    private final Jdbi reads;
    private final Events events;
    private final EventLog eventLog;
    private final Clock clock;

    public Endpoints(Transactor writes, Jdbi reads, Events events, EventLog eventLog, Clock clock) {
        this.writes = writes;
        this.reads = reads;
        this.events = events;
        this.eventLog = eventLog;
        this.clock = clock;
    }

    /**
     * Makes the stored configured endpoints match {@code urls}: adds new ones, updates their secret and types, and
     * removes those no longer configured. Without a configured secret the one stored earlier is kept, or a new one is
     * made; returns that new secret, to be shown once, when one was made.
     */
    public Optional<String> configure(List<URI> urls, String configuredSecret, Set<EventType> types) {
        Instant now = clock.instant();
        String typeList = EventType.join(types);
        Optional<String> generated = writes.inTransaction(h -> {
            List<EventRows.Endpoint> configured = events.endpoints(h).stream().filter(e -> FROM_ENV.equals(e.source())).toList();
            List<String> wanted = urls.stream().map(u -> envId(u.toString())).toList();
            for (EventRows.Endpoint endpoint : configured) {
                if (!wanted.contains(endpoint.id())) {
                    events.deleteEndpoint(h, endpoint.id());
                }
            }
            if (urls.isEmpty()) {
                return Optional.<String>empty();
            }
            String stored = configured.stream().map(EventRows.Endpoint::secret).findFirst().orElse(null);
            String candidate = configuredSecret != null ? configuredSecret : stored != null ? stored : WebhookSignature.newSecret();
            for (URI url : urls) {
                String id = envId(url.toString());
                // Processes starting together on one database may both add it: the first one's row (and secret) stays.
                if (!events.insertEndpointIfAbsent(h, new EventRows.Endpoint(id, url.toString(), candidate, typeList, FROM_ENV,
                        Events.ACTIVE, null, now, now))) {
                    events.updateEndpoint(h, id, url.toString(), configuredSecret, typeList, now);
                }
            }
            if (configuredSecret != null || stored != null) {
                return Optional.<String>empty();
            }
            // Shown only by the process whose new secret was stored.
            boolean ours = events.endpoint(h, wanted.getFirst()).map(e -> e.secret().equals(candidate)).orElse(false);
            return ours ? Optional.of(candidate) : Optional.<String>empty();
        });
        eventLog.refresh(reads);
        return generated;
    }

    /** Adds an endpoint; a null {@code secret} gets a new one, null {@code types} the defaults. Returns it with its secret. */
    public EventRows.Endpoint add(String url, Set<EventType> types, String secret) {
        checkUrl(url);
        if (secret != null) {
            WebhookSignature.check(secret);
        }
        Instant now = clock.instant();
        EventRows.Endpoint endpoint = new EventRows.Endpoint(Ids.next("ep_", now), url, secret == null ? WebhookSignature.newSecret() : secret,
                EventType.join(types == null ? EventType.defaults() : types), FROM_API, Events.ACTIVE, null, now, now);
        writes.useTransaction(h -> events.insertEndpoint(h, endpoint));
        eventLog.refresh(reads);
        return endpoint;
    }

    public List<EventRows.Endpoint> list() {
        return reads.withHandle(events::endpoints);
    }

    public Optional<EventRows.Endpoint> find(String id) {
        return reads.withHandle(h -> events.endpoint(h, id));
    }

    /** Removes an endpoint added through the API, with its deliveries. */
    public Change delete(String id) {
        Change change = writes.inTransaction(h -> {
            Optional<EventRows.Endpoint> endpoint = events.endpoint(h, id);
            if (endpoint.isEmpty()) {
                return Change.NOT_FOUND;
            }
            if (FROM_ENV.equals(endpoint.get().source())) {
                return Change.CONFIGURED;
            }
            events.deleteEndpoint(h, id);
            return Change.DONE;
        });
        eventLog.refresh(reads);
        return change;
    }

    /** Pauses an endpoint (its deliveries wait) or resumes a paused or disabled one. */
    public Change setActive(String id, boolean active) {
        Change change = writes.inTransaction(h -> events.setStatus(h, id, active ? Events.ACTIVE : Events.PAUSED,
                active ? null : "paused through the API", clock.instant()) ? Change.DONE : Change.NOT_FOUND);
        eventLog.refresh(reads);
        return change;
    }

    /** How a change to an endpoint went. */
    public enum Change { DONE, NOT_FOUND, CONFIGURED }

    /** Throws {@link IllegalArgumentException} saying why unless {@code url} is an absolute http(s) URL with a host. */
    public static void checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("url is longer than " + MAX_URL_LENGTH + " characters");
        }
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getFragment() == null) {
                return;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("url must be an http:// or https:// URL with a host and no #fragment (got '" + url + "')");
    }

    /** A configured endpoint's id follows from its URL, so every process and every restart agree on it. */
    static String envId(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return "ep_env_" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
