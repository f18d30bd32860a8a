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

-- Alert texts for urgent batches go through the outbox as replies that belong to no batch of their own: batch_id
-- becomes optional (still unique where set). SQLite cannot drop NOT NULL in place, so the table is rebuilt; the
-- same statements run on PostgreSQL.
CREATE TABLE replies_v8 (
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
    auto_reply          INTEGER NOT NULL DEFAULT 1
);
INSERT INTO replies_v8 (id, batch_id, recipient, body, status, reason, attempts, created_at, updated_at, sent_at,
                        next_attempt_at, error, delivery_status, delivery_updated_at, auto_reply)
    SELECT id, batch_id, recipient, body, status, reason, attempts, created_at, updated_at, sent_at,
           next_attempt_at, error, delivery_status, delivery_updated_at, auto_reply FROM replies;
DROP TABLE replies;
ALTER TABLE replies_v8 RENAME TO replies;
CREATE INDEX replies_status ON replies (status, updated_at);

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
