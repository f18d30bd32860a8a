package io.smsync.web;

import io.smsync.crypto.Hmac;
import io.smsync.store.AdminSessions;
import io.smsync.store.Transactor;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.jdbi.v3.core.Jdbi;

/**
 * Dashboard login sessions: the cookie carries a random id, the database keeps only its hash, so every
 * smsync process on that database shares them and logging out ends the session everywhere. The hash is
 * keyed with the admin token: changing the token ends every session.
 */
public final class DashboardSessions {
    static final Duration LIFETIME = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Transactor writes;
    private final Jdbi reads;
    private final AdminSessions sessions;
    private final Clock clock;
    private final String adminToken;

    /** {@code adminToken} may be null: then there is no login and no session is ever made or checked. */
    public DashboardSessions(String adminToken, Transactor writes, Jdbi reads, AdminSessions sessions, Clock clock) {
        this.writes = writes;
        this.reads = reads;
        this.sessions = sessions;
        this.clock = clock;
        this.adminToken = adminToken;
    }

    /** Starts a session and returns its id for the cookie; sessions expired by now are deleted on the way. */
    String create() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String hash = hash(id);
        Instant now = clock.instant();
        writes.useTransaction(h -> {
            sessions.purgeExpired(h, now);
            sessions.insert(h, hash, now, now.plus(LIFETIME));
        });
        return id;
    }

    boolean isValid(String id) {
        String hash = hash(id);
        return reads.withHandle(h -> sessions.isValid(h, hash, clock.instant()));
    }

    void end(String id) {
        String hash = hash(id);
        writes.inTransaction(h -> sessions.delete(h, hash));
    }

    private String hash(String id) {
        return Hmac.sha256Hex(adminToken, id.getBytes(StandardCharsets.UTF_8));
    }
}
