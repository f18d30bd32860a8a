-- Ingest writes one row per message: messages get an integer row id (${row_id}: SQLite's rowid, a PostgreSQL
-- identity) instead of a random text key, and carry their own dedup key as a unique (source, guid) index, so a new
-- message costs one row and two index entries instead of a message row, a text-key index, a batch index and a
-- seen_guids row with its key. seen_guids keeps only the keys whose messages were purged while their dedup time
-- still runs (Retention moves them there), so dedup stays exact across restarts and outlives message retention.
-- Duplicates are counted on the message (duplicate_count), or on its seen_guids row once it is purged.
CREATE TABLE messages_v5 (
    id              ${row_id},
    source          TEXT    NOT NULL,
    guid            TEXT    NOT NULL,
    batch_id        TEXT    NOT NULL REFERENCES batches (id),
    batch_seq       INTEGER NOT NULL,
    sender          TEXT    NOT NULL,
    recipient       TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    sent_at         BIGINT,
    received_at     BIGINT  NOT NULL,
    duplicate_count INTEGER NOT NULL DEFAULT 0
);

-- Existing messages in arrival order. seen_guids made (source, guid) unique among them, except where a key was
-- purged while its message stayed (a batch unfinished for longer than the dedup time) and the key came again:
-- such a later copy keeps its row, with '#' and its rank appended to its guid.
INSERT INTO messages_v5 (source, guid, batch_id, batch_seq, sender, recipient, body, sent_at, received_at, duplicate_count)
SELECT ranked.source,
       CASE WHEN ranked.copy = 1 THEN ranked.guid ELSE ranked.guid || '#' || ranked.copy END,
       ranked.batch_id, ranked.batch_seq, ranked.sender, ranked.recipient, ranked.body, ranked.sent_at, ranked.received_at,
       CASE WHEN ranked.copy = 1
            THEN COALESCE((SELECT s.duplicate_count FROM seen_guids s WHERE s.source = ranked.source AND s.guid = ranked.guid), 0)
            ELSE 0 END
FROM (SELECT m.*, ROW_NUMBER() OVER (PARTITION BY m.source, m.guid ORDER BY m.received_at, m.id) AS copy
      FROM messages m) ranked
ORDER BY ranked.received_at, ranked.batch_id, ranked.batch_seq;

DELETE FROM seen_guids
WHERE EXISTS (SELECT 1 FROM messages_v5 m WHERE m.source = seen_guids.source AND m.guid = seen_guids.guid);

DROP TABLE messages;
ALTER TABLE messages_v5 RENAME TO messages;
CREATE UNIQUE INDEX messages_key ON messages (source, guid);
CREATE INDEX messages_batch ON messages (batch_id, batch_seq);

-- The closing loop closes due batches in bulk and leaves them in processing, unleased, until a worker claims them;
-- with a backlog of such batches, this index answers "which can be claimed, and when is the next lease over".
CREATE INDEX batches_status_lease ON batches (status, lease_until);
