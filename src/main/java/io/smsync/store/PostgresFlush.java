package io.smsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link IntakeGroup}'s writes on PostgreSQL as one statement each over arrays ({@code unnest}): one round trip and
 * one statement execution for all of a group's new batches, changed batches and messages, instead of one per row.
 */
final class PostgresFlush {
    private static final String OPEN = BatchStatus.OPEN.wireName();

    private PostgresFlush() {
    }

    static void batches(IntakeStatements sql, Iterable<IntakeStatements.OpenBatch> batches) throws SQLException {
        List<IntakeStatements.OpenBatch> added = new ArrayList<>();
        List<IntakeStatements.OpenBatch> changed = new ArrayList<>();
        for (IntakeStatements.OpenBatch b : batches) {
            (b.isNew ? added : changed).add(b);
        }
        Connection c = sql.connection();
        if (!added.isEmpty()) {
            PreparedStatement insert = sql.prepare("INSERT INTO batches (id, sender, recipient, open_key, status, opened_at, "
                    + "last_message_at, due_at, message_count) SELECT id, sender, recipient, open_key, ?, opened_at, last_at, due_at, n "
                    + "FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[]) "
                    + "AS t(id, sender, recipient, open_key, opened_at, last_at, due_at, n)");
            insert.setString(1, OPEN);
            insert.setArray(2, c.createArrayOf("text", added.stream().map(b -> b.id).toArray()));
            insert.setArray(3, c.createArrayOf("text", added.stream().map(b -> b.sender).toArray()));
            insert.setArray(4, c.createArrayOf("text", added.stream().map(b -> b.recipient).toArray()));
            insert.setArray(5, c.createArrayOf("text", added.stream().map(b -> b.closed ? null : b.openKey).toArray()));
            insert.setArray(6, c.createArrayOf("bigint", added.stream().map(b -> b.openedAt).toArray()));
            insert.setArray(7, c.createArrayOf("bigint", added.stream().map(b -> b.lastMessageAt).toArray()));
            insert.setArray(8, c.createArrayOf("bigint", added.stream().map(b -> b.dueAt).toArray()));
            insert.setArray(9, c.createArrayOf("int4", added.stream().map(b -> b.count).toArray()));
            insert.executeUpdate();
        }
        if (!changed.isEmpty()) {
            PreparedStatement update = sql.prepare("UPDATE batches b SET message_count = u.n, last_message_at = u.last_at, "
                    + "due_at = u.due_at, open_key = CASE WHEN u.closed THEN NULL ELSE b.open_key END "
                    + "FROM unnest(?::text[], ?::int[], ?::bigint[], ?::bigint[], ?::boolean[]) AS u(id, n, last_at, due_at, closed) "
                    + "WHERE b.id = u.id");
            update.setArray(1, c.createArrayOf("text", changed.stream().map(b -> b.id).toArray()));
            update.setArray(2, c.createArrayOf("int4", changed.stream().map(b -> b.count).toArray()));
            update.setArray(3, c.createArrayOf("bigint", changed.stream().map(b -> b.lastMessageAt).toArray()));
            update.setArray(4, c.createArrayOf("bigint", changed.stream().map(b -> b.dueAt).toArray()));
            update.setArray(5, c.createArrayOf("boolean", changed.stream().map(b -> b.closed).toArray()));
            update.executeUpdate();
        }
    }

    static void messages(IntakeStatements sql, List<Object[]> messages, long at) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
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
        Connection c = sql.connection();
        PreparedStatement insert = sql.prepare("INSERT INTO messages (source, guid, batch_id, batch_seq, sender, recipient, body, "
                + "sent_at, received_at) SELECT source, guid, batch_id, seq, sender, recipient, body, sent_at, ? "
                + "FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::bigint[]) "
                + "AS t(source, guid, batch_id, seq, sender, recipient, body, sent_at)");
        insert.setLong(1, at);
        insert.setArray(2, c.createArrayOf("text", sources));
        insert.setArray(3, c.createArrayOf("text", guids));
        insert.setArray(4, c.createArrayOf("text", batchIds));
        insert.setArray(5, c.createArrayOf("int4", seqs));
        insert.setArray(6, c.createArrayOf("text", senders));
        insert.setArray(7, c.createArrayOf("text", recipients));
        insert.setArray(8, c.createArrayOf("text", bodies));
        insert.setArray(9, c.createArrayOf("int8", sentAts));
        insert.executeUpdate();
    }
}
