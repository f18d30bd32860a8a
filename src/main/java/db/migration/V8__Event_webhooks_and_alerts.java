package db.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * V8, on both databases: the event webhook tables (endpoints, events, deliveries, attempts) and the alert tables, and
 * {@code replies.batch_id} made optional, because alert texts are outbox entries that answer no batch of their own.
 * Java rather than SQL because that last change must keep every column {@code replies} has by now, whichever
 * migrations came before: PostgreSQL drops the NOT NULL in place; SQLite, which cannot, copies the table with its
 * stored definition minus that NOT NULL, and leaves it alone when {@code batch_id} is optional already.
 */
public class V8__Event_webhooks_and_alerts extends BaseJavaMigration {
    private static final Pattern BATCH_ID_NOT_NULL = Pattern.compile("(?i)(\\bbatch_id\\s+TEXT\\s+)NOT\\s+NULL\\s*");
    private static final Pattern CREATE_REPLIES = Pattern.compile("(?i)^\\s*CREATE\\s+TABLE\\s+\"?replies\"?");

    private static final String TABLES = """
-- Event webhooks (Standard Webhooks 1.0): endpoints, the events written in the transaction of the change they report,
-- one delivery per event and endpoint (its webhook-id is the event's id, the same on every attempt), and each attempt.

-- status: active, paused (deliveries wait), disabled (410 Gone; no new deliveries). source: env or api.
CREATE TABLE event_endpoints (
    id              TEXT    PRIMARY KEY,
    url             TEXT    NOT NULL,
    secret          TEXT    NOT NULL,
    types           TEXT    NOT NULL,
    source          TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    status_reason   TEXT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

-- body is the exact JSON sent, {"type","timestamp","data"}, so every attempt signs and sends the same bytes.
CREATE TABLE events (
    id          TEXT    PRIMARY KEY,
    type        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX events_created ON events (created_at);

-- status: pending (due at next_attempt_at; taken by a worker while lease_until is ahead), delivered, failed.
CREATE TABLE event_deliveries (
    id              TEXT    PRIMARY KEY,
    event_id        TEXT    NOT NULL REFERENCES events (id),
    endpoint_id     TEXT    NOT NULL REFERENCES event_endpoints (id),
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    lease_owner     TEXT,
    lease_until     BIGINT,
    last_error      TEXT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    delivered_at    BIGINT
);
CREATE INDEX event_deliveries_due ON event_deliveries (endpoint_id, status, next_attempt_at);
CREATE INDEX event_deliveries_event ON event_deliveries (event_id);

CREATE TABLE event_attempts (
    delivery_id     TEXT    NOT NULL REFERENCES event_deliveries (id),
    attempt         INTEGER NOT NULL,
    at              BIGINT  NOT NULL,
    status_code     INTEGER,
    error           TEXT,
    duration_ms     BIGINT  NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- One row per alert text: at most one per batch and alert number (the key), and the reply that carries it.
CREATE TABLE alerts (
    batch_id    TEXT    NOT NULL REFERENCES batches (id),
    number      TEXT    NOT NULL,
    reply_id    TEXT    NOT NULL,
    customer    TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (batch_id, number)
);
-- The quiet period per customer: the conditional update of last_alert_at is its lock, as senders.last_reply_at is the cooldown's.
CREATE TABLE alert_quiet (
    customer        TEXT    PRIMARY KEY,
    last_alert_at   BIGINT
);
""";

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        boolean sqlite = connection.getMetaData().getURL().startsWith("jdbc:sqlite:");
        try (Statement statement = connection.createStatement()) {
            for (String ddl : TABLES.replaceAll("(?m)^\\s*--.*$", "").split(";")) {
                if (!ddl.isBlank()) {
                    statement.execute(ddl.trim());
                }
            }
            if (sqlite) {
                makeBatchIdOptionalOnSqlite(statement);
            } else {
                statement.execute("ALTER TABLE replies ALTER COLUMN batch_id DROP NOT NULL");
            }
        }
    }

    private static void makeBatchIdOptionalOnSqlite(Statement statement) throws SQLException {
        boolean notNull = false;
        try (ResultSet columns = statement.executeQuery("PRAGMA table_info(replies)")) {
            while (columns.next()) {
                if ("batch_id".equalsIgnoreCase(columns.getString("name"))) {
                    notNull = columns.getInt("notnull") == 1;
                }
            }
        }
        if (!notNull) {
            return;
        }
        String create;
        try (ResultSet table = statement.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'replies'")) {
            table.next();
            create = table.getString(1);
        }
        List<String> indexes = new ArrayList<>();
        try (ResultSet index = statement.executeQuery(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'replies' AND sql IS NOT NULL")) {
            while (index.next()) {
                indexes.add(index.getString(1));
            }
        }
        Matcher notNullClause = BATCH_ID_NOT_NULL.matcher(create);
        Matcher createClause = CREATE_REPLIES.matcher(create);
        if (!notNullClause.find() || !createClause.find()) {
            throw new IllegalStateException("V8: cannot find 'batch_id TEXT NOT NULL' in the definition of replies: " + create);
        }
        String copy = CREATE_REPLIES.matcher(BATCH_ID_NOT_NULL.matcher(create).replaceFirst("$1"))
                .replaceFirst("CREATE TABLE replies_v8");
        // The generalized table change SQLite documents: new table, copy, drop, rename, indexes again.
        statement.execute(copy);
        statement.execute("INSERT INTO replies_v8 SELECT * FROM replies");
        statement.execute("DROP TABLE replies");
        statement.execute("ALTER TABLE replies_v8 RENAME TO replies");
        for (String index : indexes) {
            statement.execute(index);
        }
    }
}
