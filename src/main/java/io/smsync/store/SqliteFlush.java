package io.smsync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@link IntakeGroup}'s lookups and writes on SQLite as one statement per chunk of rows over {@code json_each}: the
 * rows go as one JSON text, so the writer makes a few native calls per group instead of one per value (binding and
 * stepping row by row cost it several times SQLite's own work). The counterpart of {@link PostgresFlush}.
 */
final class SqliteFlush {
    /** Rows per statement, and characters per JSON text, at most: a group of large requests is written in chunks. */
    static final int MAX_ROWS = 1000;
    static final int MAX_CHARS = 1 << 20;
    /** A row's usual length in the JSON text, to size it up front: a message's fields are about 150 characters. */
    private static final int ROW_CHARS = 200;
    private static final String OPEN = BatchStatus.OPEN.wireName();

    private SqliteFlush() {
    }

    /** Adds to {@code found} those of these keys already stored, on a message or (its message purged) in seen_guids. */
    static void existing(IntakeStatements sql, Collection<IntakeStatements.Key> keys, Set<IntakeStatements.Key> found) throws SQLException {
        lookUp(sql, "SELECT k.value ->> 0, k.value ->> 1 FROM json_each(?) AS k "
                        + "WHERE EXISTS (SELECT 1 FROM messages m WHERE m.source = k.value ->> 0 AND m.guid = k.value ->> 1) "
                        + "OR EXISTS (SELECT 1 FROM seen_guids s WHERE s.source = k.value ->> 0 AND s.guid = k.value ->> 1)",
                keys, (rows, key) -> rows.row().add(key.source()).add(key.guid()),
                rs -> found.add(new IntakeStatements.Key(rs.getString(1), rs.getString(2))));
    }

    /** Adds to {@code open}, by key, the open batches of these consolidation keys. */
    static void openBatches(IntakeStatements sql, Collection<String> openKeys, Map<String, IntakeStatements.OpenBatch> open) throws SQLException {
        lookUp(sql, "SELECT open_key, id, sender, recipient, opened_at, message_count, due_at "
                        + "FROM batches WHERE open_key IN (SELECT value ->> 0 FROM json_each(?))",
                openKeys, (rows, key) -> rows.row().add(key),
                rs -> open.put(rs.getString(1), IntakeStatements.row(rs)));
    }

    /** Runs {@code query} over the items' rows, a chunk at a time, and hands each result row to {@code reader}. */
    private static <T> void lookUp(IntakeStatements sql, String query, Collection<T> items, BiConsumer<JsonRows, T> writer,
                                   ResultRow reader) throws SQLException {
        PreparedStatement statement = sql.prepare(query);
        JsonRows rows = new JsonRows(expected(items.size()));
        int left = items.size();
        for (T item : items) {
            writer.accept(rows, item);
            left--;
            if (full(rows) || left == 0) {
                statement.setString(1, rows.take());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        reader.read(rs);
                    }
                }
            }
        }
    }

    /** Reads one row of a look-up's result. */
    private interface ResultRow {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Writes the group's new batches, and each changed batch once: those closed to new messages lose their open key;
     * the due time is written only when it moved, so a fixed window leaves its index alone.
     */
    static void batches(IntakeStatements sql, Collection<IntakeStatements.OpenBatch> batches) throws SQLException {
        int size = expected(batches.size());
        Writes added = new Writes(sql, size, "INSERT INTO batches (id, sender, recipient, open_key, status, opened_at, last_message_at, "
                + "due_at, message_count) SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, '" + OPEN + "', value ->> 4, "
                + "value ->> 5, value ->> 6, value ->> 7 FROM json_each(?)");
        Writes closed = new Writes(sql, size, "UPDATE batches SET message_count = u.value ->> 1, last_message_at = u.value ->> 2, "
                + "due_at = u.value ->> 3, open_key = NULL FROM json_each(?) AS u WHERE batches.id = u.value ->> 0");
        Writes moved = new Writes(sql, size, "UPDATE batches SET message_count = u.value ->> 1, last_message_at = u.value ->> 2, "
                + "due_at = u.value ->> 3 FROM json_each(?) AS u WHERE batches.id = u.value ->> 0");
        Writes counted = new Writes(sql, size, "UPDATE batches SET message_count = u.value ->> 1, last_message_at = u.value ->> 2 "
                + "FROM json_each(?) AS u WHERE batches.id = u.value ->> 0");
        for (IntakeStatements.OpenBatch b : batches) {
            if (b.isNew) {
                added.row().add(b.id).add(b.sender).add(b.recipient).add(b.closed ? null : b.openKey).add(b.openedAt)
                        .add(b.lastMessageAt).add(b.dueAt).add(b.count);
                added.flushIfFull();
            } else {
                Writes update = b.closed ? closed : b.dueAt != b.storedDueAt ? moved : counted;
                update.row().add(b.id).add(b.count).add(b.lastMessageAt).add(b.dueAt);
                update.flushIfFull();
            }
        }
        for (Writes writes : List.of(added, closed, moved, counted)) {
            writes.flush();
        }
    }

    /** Inserts the group's new messages, in order; each row is {arrival, batch id, position in the batch}. */
    static void messages(IntakeStatements sql, List<Object[]> messages, long at) throws SQLException {
        Writes insert = new Writes(sql, expected(messages.size()), "INSERT INTO messages (source, guid, batch_id, batch_seq, sender, recipient, body, sent_at, "
                + "received_at) SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, "
                + "value ->> 7, value ->> 8 FROM json_each(?)");
        for (Object[] m : messages) {
            Intake.Arrival a = (Intake.Arrival) m[0];
            insert.row().add(a.source()).add(a.guid()).add((String) m[1]).add((Integer) m[2]).add(a.sender()).add(a.recipient())
                    .add(a.body()).add(a.sentAt() == null ? null : a.sentAt().toEpochMilli()).add(at);
            insert.flushIfFull();
        }
        insert.flush();
    }

    private static int expected(int rows) {
        return (int) Math.min((long) rows * ROW_CHARS, MAX_CHARS + 16 * 1024);
    }

    private static boolean full(JsonRows rows) {
        return rows.rows() >= MAX_ROWS || rows.length() >= MAX_CHARS;
    }

    /** One statement over json_each, run whenever its rows fill a chunk and once at the end. */
    private static final class Writes {
        private final IntakeStatements sql;
        private final int expectedChars;
        private final String statement;
        /** Made at the first row: of a group's four batch statements, usually one or two have rows. */
        private JsonRows rows;

        Writes(IntakeStatements sql, int expectedChars, String statement) {
            this.sql = sql;
            this.expectedChars = expectedChars;
            this.statement = statement;
        }

        JsonRows row() {
            if (rows == null) {
                rows = new JsonRows(expectedChars);
            }
            return rows.row();
        }

        void flushIfFull() throws SQLException {
            if (full(rows)) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (rows == null || rows.rows() == 0) {
                return;
            }
            PreparedStatement update = sql.prepare(statement);
            update.setString(1, rows.take());
            update.executeUpdate();
        }
    }
}
