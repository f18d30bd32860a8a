package io.smsync.store;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** SQL for the operator's mark on a batch: handled or not. */
public final class BatchHandling {

    /** Marks a batch handled or not; false when there is no such batch. */
    public boolean mark(Handle h, String batchId, boolean handled, Instant now) {
        return h.createUpdate("UPDATE batches SET handled = :handled, handled_at = :at WHERE id = :id")
                .bind("handled", handled ? 1 : 0).bindByType("at", handled ? now : null, Instant.class).bind("id", batchId)
                .execute() == 1;
    }

    /** The handled ones among these batch ids. */
    public Set<String> handledAmong(Handle h, List<String> batchIds) {
        if (batchIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(h.createQuery("SELECT id FROM batches WHERE handled = 1 AND id IN (<ids>)")
                .bindList("ids", batchIds)
                .mapTo(String.class)
                .list());
    }
}
