-- Whether a reply is an auto-reply (1) or the answer to HELP (0): an opt-out stops the first kind up to the moment
-- it is handed to the gateway, while HELP is answered even after STOP.
ALTER TABLE replies ADD COLUMN auto_reply INTEGER NOT NULL DEFAULT 1;
