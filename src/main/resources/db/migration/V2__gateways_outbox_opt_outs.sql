-- The outbox's retry schedule, the gateway's delivery report, and a failure's detail.
ALTER TABLE replies ADD COLUMN next_attempt_at BIGINT;
ALTER TABLE replies ADD COLUMN error TEXT;
ALTER TABLE replies ADD COLUMN delivery_status TEXT;
ALTER TABLE replies ADD COLUMN delivery_updated_at BIGINT;

-- Opt-out state per sender: durable, and changed only by STOP-type and START-type messages.
ALTER TABLE senders ADD COLUMN opted_out INTEGER NOT NULL DEFAULT 0;
ALTER TABLE senders ADD COLUMN opted_out_at BIGINT;
ALTER TABLE senders ADD COLUMN opted_in_at BIGINT;
