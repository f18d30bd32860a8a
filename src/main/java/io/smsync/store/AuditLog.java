package io.smsync.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** SQL for the audit log: one row per operator action, listed newest first in pages. */
public final class AuditLog {

    /** One operator action: what ({@code action}), on what ({@code target}), when, from which client address. */
    public record Entry(String id, Instant at, String action, String target, String client, String detail) {
    }

    /** A page of entries, newest first; {@code next} is where the older page starts, null after the last. */
    public record Page(List<Entry> items, ReadModel.Position next) {
    }

    public void record(Handle h, Instant at, String action, String target, String client, String detail) {
        h.createUpdate("INSERT INTO audit_log (id, at, action, target, client, detail) "
                        + "VALUES (:id, :at, :action, :target, :client, :detail)")
                .bind("id", Ids.next("a_", at)).bind("at", at).bind("action", action).bind("target", target)
                .bind("client", client).bind("detail", detail)
                .execute();
    }

    public Page page(Handle h, ReadModel.Position before, int limit) {
        var query = h.createQuery("SELECT * FROM audit_log"
                        + (before == null ? "" : " WHERE at < :beforeAt OR (at = :beforeAt AND id < :beforeId)")
                        + " ORDER BY at DESC, id DESC LIMIT :limit")
                .bind("limit", limit + 1);
        if (before != null) {
            query.bind("beforeAt", before.openedAt()).bind("beforeId", before.id());
        }
        List<Entry> items = query.mapTo(Entry.class).list();
        if (items.size() <= limit) {
            return new Page(items, null);
        }
        items = items.subList(0, limit);
        return new Page(items, new ReadModel.Position(items.getLast().at(), items.getLast().id()));
    }

    /** Removes up to {@code limit} entries older than {@code cutoff}; returns how many. */
    public int purge(Handle h, Instant cutoff, int limit) {
        return h.createUpdate("DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < :cutoff LIMIT :limit)")
                .bind("cutoff", cutoff).bind("limit", limit)
                .execute();
    }
}
