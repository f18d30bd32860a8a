package io.smsync.store;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** SQL for dashboard login sessions, stored by the hash of their id (never the id itself). */
public final class AdminSessions {

    public void insert(Handle h, String idHash, Instant createdAt, Instant expiresAt) {
        h.createUpdate("INSERT INTO admin_sessions (id_hash, created_at, expires_at) VALUES (:idHash, :createdAt, :expiresAt)")
                .bind("idHash", idHash).bind("createdAt", createdAt).bind("expiresAt", expiresAt)
                .execute();
    }

    /** True when a session with this hash exists and has not expired at {@code now}. */
    public boolean isValid(Handle h, String idHash, Instant now) {
        return h.createQuery("SELECT COUNT(*) FROM admin_sessions WHERE id_hash = :idHash AND expires_at > :now")
                .bind("idHash", idHash).bind("now", now)
                .mapTo(Integer.class).one() == 1;
    }

    /** Deletes the session; false when there was none. */
    public boolean delete(Handle h, String idHash) {
        return h.createUpdate("DELETE FROM admin_sessions WHERE id_hash = :idHash").bind("idHash", idHash).execute() == 1;
    }

    /** Deletes every session expired at {@code now}; returns how many. */
    public int purgeExpired(Handle h, Instant now) {
        return h.createUpdate("DELETE FROM admin_sessions WHERE expires_at <= :now").bind("now", now).execute();
    }
}
