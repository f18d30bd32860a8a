-- The operator's inbox (SQLite; db/postgresql holds the same changes in PostgreSQL's words).

-- Operator texts go through the outbox but answer no batch: batch_id becomes optional (still one reply per batch),
-- and origin says who wrote a text ('auto': an auto-reply or the HELP answer; 'operator'). SQLite cannot drop a
-- NOT NULL constraint, so the table is copied.
CREATE TABLE replies_v7 (
    id                  TEXT    PRIMARY KEY,
    batch_id            TEXT    UNIQUE REFERENCES batches (id),
    recipient           TEXT    NOT NULL,
    body                TEXT,
    status              TEXT    NOT NULL,
    reason              TEXT,
    attempts            INTEGER NOT NULL DEFAULT 0,
    created_at          BIGINT  NOT NULL,
    updated_at          BIGINT  NOT NULL,
    sent_at             BIGINT,
    next_attempt_at     BIGINT,
    error               TEXT,
    delivery_status     TEXT,
    delivery_updated_at BIGINT,
    auto_reply          INTEGER NOT NULL DEFAULT 1,
    origin              TEXT    NOT NULL DEFAULT 'auto'
);
INSERT INTO replies_v7 (id, batch_id, recipient, body, status, reason, attempts, created_at, updated_at, sent_at,
                        next_attempt_at, error, delivery_status, delivery_updated_at, auto_reply)
SELECT id, batch_id, recipient, body, status, reason, attempts, created_at, updated_at, sent_at,
       next_attempt_at, error, delivery_status, delivery_updated_at, auto_reply FROM replies;
DROP TABLE replies;
ALTER TABLE replies_v7 RENAME TO replies;
CREATE INDEX replies_status ON replies (status, updated_at);
CREATE INDEX replies_recipient ON replies (recipient, created_at);

-- Who last changed the opt-out ('sender': STOP/START; 'operator': the API), and when an operator last texted them.
ALTER TABLE senders ADD COLUMN opt_change_by TEXT;
ALTER TABLE senders ADD COLUMN last_operator_reply_at BIGINT;
UPDATE senders SET opt_change_by = 'sender' WHERE opted_out_at IS NOT NULL OR opted_in_at IS NOT NULL;

-- An operator marks a batch handled; the inbox lists the unhandled ones first.
ALTER TABLE batches ADD COLUMN handled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN handled_at BIGINT;
CREATE INDEX batches_unhandled ON batches (opened_at, id) WHERE handled = 0;

-- Every operator action: what, on what, when, from which client address.
CREATE TABLE audit_log (
    id      TEXT   PRIMARY KEY,
    at      BIGINT NOT NULL,
    action  TEXT   NOT NULL,
    target  TEXT   NOT NULL,
    client  TEXT,
    detail  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at, id);

-- Word search in message texts: an FTS5 index over messages.body (external content: the text is stored once),
-- kept in step by triggers.
CREATE VIRTUAL TABLE message_search USING fts5(body, content='messages', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_search (rowid, body) VALUES (new.rowid, new.body);
END;
CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, body) VALUES ('delete', old.rowid, old.body);
END;
CREATE TRIGGER message_search_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, body) VALUES ('delete', old.rowid, old.body);
    INSERT INTO message_search (rowid, body) VALUES (new.rowid, new.body);
END;
INSERT INTO message_search (message_search) VALUES ('rebuild');
