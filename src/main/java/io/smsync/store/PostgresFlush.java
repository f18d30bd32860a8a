package io.smsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link IntakeGroup}'s writes on PostgreSQL as one statement over arrays ({@code unnest}): a group's new batches,
 * changed batches and messages in one round trip and one statement execution, instead of one per row or per table.
 * Arrays may be empty; their part then writes nothing.
 */
final class PostgresFlush {
    private static final String OPEN = BatchStatus.OPEN.wireName();
    // Data-modifying WITH: the parts run on one snapshot, the messages' foreign key is checked at the statement's
    // end (it sees the batches added here), and the new and the changed batches are different rows.
    private static final String WRITE = "WITH added AS ("
            + "INSERT INTO batches (id, sender, recipient, open_key, status, opened_at, last_message_at, due_at, message_count) "
            + "SELECT id, sender, recipient, open_key, ?, opened_at, last_at, due_at, n "
            + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[]) "
            + "AS t(id, sender, recipient, open_key, opened_at, last_at, due_at, n)), "
            + "changed AS (UPDATE batches b SET message_count = u.n, last_message_at = u.last_at, due_at = u.due_at, "
            + "open_key = CASE WHEN u.closed THEN NULL ELSE b.open_key END "
            + "FROM unnest(?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::boolean[]) AS u(id, n, last_at, due_at, closed) "
            + "WHERE b.id = u.id) "
            + "INSERT INTO messages (source, guid, batch_id, batch_seq, sender, recipient, body, sent_at, received_at) "
            + "SELECT source, guid, batch_id, seq, sender, recipient, body, sent_at, ? "
            + "FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::bigint[]) "
            + "AS t(source, guid, batch_id, seq, sender, recipient, body, sent_at)";

    private PostgresFlush() {
    }

    /** Writes the touched batches (new ones inserted, the others updated) and the new messages, each {@code [arrival, batchId, seq]}. */
    static void write(IntakeStatements sql, Iterable<IntakeStatements.OpenBatch> batches, List<Object[]> messages, long at)
            throws SQLException {
        List<IntakeStatements.OpenBatch> added = new ArrayList<>();
        List<IntakeStatements.OpenBatch> changed = new ArrayList<>();
        for (IntakeStatements.OpenBatch b : batches) {
            (b.isNew ? added : changed).add(b);
        }
        if (added.isEmpty() && changed.isEmpty() && messages.isEmpty()) {
            return;
        }
        Connection c = sql.connection();
        PreparedStatement write = sql.prepare(WRITE);
        int p = 1;
        write.setString(p++, OPEN);
        write.setArray(p++, c.createArrayOf("text", added.stream().map(b -> b.id).toArray()));
        write.setArray(p++, c.createArrayOf("text", added.stream().map(b -> b.sender).toArray()));
        write.setArray(p++, c.createArrayOf("text", added.stream().map(b -> b.recipient).toArray()));
        write.setArray(p++, c.createArrayOf("text", added.stream().map(b -> b.closed ? null : b.openKey).toArray()));
        write.setArray(p++, c.createArrayOf("bigint", added.stream().map(b -> b.openedAt).toArray()));
        write.setArray(p++, c.createArrayOf("bigint", added.stream().map(b -> b.lastMessageAt).toArray()));
        write.setArray(p++, c.createArrayOf("bigint", added.stream().map(b -> b.dueAt).toArray()));
        write.setArray(p++, c.createArrayOf("int4", added.stream().map(b -> b.count).toArray()));

        write.setArray(p++, c.createArrayOf("text", changed.stream().map(b -> b.id).toArray()));
        write.setArray(p++, c.createArrayOf("int4", changed.stream().map(b -> b.count).toArray()));
        write.setArray(p++, c.createArrayOf("bigint", changed.stream().map(b -> b.lastMessageAt).toArray()));
        write.setArray(p++, c.createArrayOf("bigint", changed.stream().map(b -> b.dueAt).toArray()));
        write.setArray(p++, c.createArrayOf("boolean", changed.stream().map(b -> b.closed).toArray()));

        int n = messages.size();
        Object[] sources = new Object[n];
        Object[] guids = new Object[n];
        Object[] batchIds = new Object[n];
        Object[] seqs = new Object[n];
        Object[] senders = new Object[n];
        Object[] recipients = new Object[n];
        Object[] bodies = new Object[n];
        Object[] sentAts = new Object[n];
        for (int i = 0; i < n; i++) {
            Intake.Arrival a = (Intake.Arrival) messages.get(i)[0];
            sources[i] = a.source();
            guids[i] = a.guid();
            batchIds[i] = messages.get(i)[1];
            seqs[i] = messages.get(i)[2];
            senders[i] = a.sender();
            recipients[i] = a.recipient();
            bodies[i] = a.body();
            sentAts[i] = a.sentAt() == null ? null : a.sentAt().toEpochMilli();
        }
        write.setLong(p++, at);
        write.setArray(p++, c.createArrayOf("text", sources));
        write.setArray(p++, c.createArrayOf("text", guids));
        write.setArray(p++, c.createArrayOf("text", batchIds));
        write.setArray(p++, c.createArrayOf("int4", seqs));
        write.setArray(p++, c.createArrayOf("text", senders));
        write.setArray(p++, c.createArrayOf("text", recipients));
        write.setArray(p++, c.createArrayOf("text", bodies));
        write.setArray(p, c.createArrayOf("int8", sentAts));
        write.executeUpdate();
    }
}
