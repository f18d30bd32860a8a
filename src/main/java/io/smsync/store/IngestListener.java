package io.smsync.store;

import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Told, inside the ingest transaction, of each message stored and each opt-out change, so that what it writes commits
 * or rolls back with them (the event webhooks' outbox).
 */
public interface IngestListener {
    /** A new message (not a duplicate) was stored in batch {@code batchId} at {@code now}. */
    void messageStored(Handle h, Intake.Arrival message, String batchId, Instant now);

    /** A STOP-type ({@code optedOut}) or START-type message changed the sender's opt-out. */
    void optChanged(Handle h, String sender, boolean optedOut, String messageGuid, Instant now);
}
