-- The operator's inbox (PostgreSQL; db/sqlite holds the same changes in SQLite's words).

-- Operator texts go through the outbox but answer no batch: batch_id becomes optional (still one reply per batch),
-- and origin says who wrote a text ('auto': an auto-reply or the HELP answer; 'operator').
ALTER TABLE replies ALTER COLUMN batch_id DROP NOT NULL;
ALTER TABLE replies ADD COLUMN origin TEXT NOT NULL DEFAULT 'auto';
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

-- Word search in message texts: a GIN index of the words ('simple': no stemming, lower case), as SQLite's FTS5.
CREATE INDEX messages_search ON messages USING GIN (to_tsvector('simple', body));
