package io.smsync.store;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** SQL for a batch's classification, stored once with the batch's result. */
public final class Classifications {

    public void insert(Handle h, String batchId, String category, double confidence, String method, String model,
                       Instant now) {
        h.createUpdate("INSERT INTO classifications (batch_id, category, confidence, method, model, created_at) "
                        + "VALUES (:batchId, :category, :confidence, :method, :model, :now)")
                .bind("batchId", batchId).bind("category", category).bind("confidence", confidence)
                .bind("method", method).bind("model", model).bind("now", now)
                .execute();
    }
}
