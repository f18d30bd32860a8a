package io.smsync.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The intake's statements on one connection, each prepared once for the connection's life (preparing was as
 * costly as running them), and the lookups that differ by dialect: one query per group over arrays on PostgreSQL,
 * over {@code json_each} on SQLite ({@link SqliteFlush}).
 */
final class IntakeStatements implements AutoCloseable {
    private final Handle handle;
    private final Connection connection;
    private final Dialect dialect;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    /** A dedup key. */
    record Key(String source, String guid) {
    }

    /** An open batch as the group sees it and changes it. */
    static final class OpenBatch {
        final String id;
        final String sender;
        final String recipient;
        final String openKey;
        final long openedAt;
        final long storedDueAt;
        final boolean isNew;
        int count;
        long dueAt;
        long lastMessageAt;
        boolean closed;

        OpenBatch(String id, String sender, String recipient, String openKey, long openedAt, int count, long dueAt, boolean isNew) {
            this.id = id;
            this.sender = sender;
            this.recipient = recipient;
            this.openKey = openKey;
            this.openedAt = openedAt;
            this.count = count;
            this.dueAt = dueAt;
            this.storedDueAt = dueAt;
            this.isNew = isNew;
        }
    }

    IntakeStatements(Handle handle, Dialect dialect) {
        this.handle = handle;
        this.connection = handle.getConnection();
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    /** The same connection as a JDBI handle, for listeners that write in the group's transaction. */
    Handle handle() {
        return handle;
    }

    Connection connection() {
        return connection;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    /** What a group finds before it places its messages: the dedup keys stored already, and the open batches by key. */
    record Found(Set<Key> stored, Map<String, OpenBatch> open) {
    }

    /**
     * Which of these keys are stored already, on a message or (its message purged) in seen_guids, and the open
     * batches of these consolidation keys; on PostgreSQL in one round trip, the batches locked for update in key
     * order, so two writers lock common keys in the same order.
     */
    Found lookUp(Collection<Key> keys, Collection<String> openKeys) throws SQLException {
        Found found = new Found(new HashSet<>(), new HashMap<>());
        if (dialect == Dialect.SQLITE) {
            if (!keys.isEmpty()) {
                SqliteFlush.existing(this, keys, found.stored());
            }
            if (!openKeys.isEmpty()) {
                SqliteFlush.openBatches(this, openKeys, found.open());
            }
            return found;
        }
        if (keys.isEmpty() && openKeys.isEmpty()) {
            return found;
        }
        // Rows of the first part are open batches (open_key set), the others stored keys (open_key null).
        PreparedStatement query = prepare("WITH locked AS MATERIALIZED (SELECT open_key, id, sender, recipient, opened_at, "
                + "message_count, due_at FROM batches WHERE open_key = ANY(?) ORDER BY open_key FOR UPDATE) "
                + "SELECT open_key, id, sender, recipient, opened_at, message_count, due_at FROM locked "
                + "UNION ALL SELECT NULL, m.source, m.guid, NULL, NULL, NULL, NULL FROM messages m "
                + "JOIN unnest(?::text[], ?::text[]) AS k(source, guid) ON m.source = k.source AND m.guid = k.guid "
                + "UNION ALL SELECT NULL, s.source, s.guid, NULL, NULL, NULL, NULL FROM seen_guids s "
                + "JOIN unnest(?::text[], ?::text[]) AS k(source, guid) ON s.source = k.source AND s.guid = k.guid");
        Array sources = connection.createArrayOf("text", keys.stream().map(Key::source).toArray());
        Array guids = connection.createArrayOf("text", keys.stream().map(Key::guid).toArray());
        query.setArray(1, connection.createArrayOf("text", openKeys.toArray()));
        query.setArray(2, sources);
        query.setArray(3, guids);
        query.setArray(4, sources);
        query.setArray(5, guids);
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                String openKey = rs.getString(1);
                if (openKey != null) {
                    found.open().put(openKey, row(rs));
                } else {
                    found.stored().add(new Key(rs.getString(2), rs.getString(3)));
                }
            }
        }
        return found;
    }

    static OpenBatch row(ResultSet rs) throws SQLException {
        return new OpenBatch(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(1), rs.getLong(5), rs.getInt(6),
                rs.getLong(7), false);
    }

    /** Closes the prepared statements, quietly: the connection may be gone already. */
    @Override
    public void close() {
        List<PreparedStatement> all = new ArrayList<>(prepared.values());
        prepared.clear();
        for (PreparedStatement statement : all) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // Closing is all that is left to do with it.
            }
        }
    }
}
