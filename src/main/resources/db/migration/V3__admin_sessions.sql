-- Dashboard login sessions, shared by every smsync process on this database. The cookie carries a
-- random session id; only a keyed SHA-256 hash of it is stored, so a copy of this table cannot be
-- turned into a working cookie. Logging out deletes the row; expired rows are deleted at each login.
CREATE TABLE admin_sessions (
    id_hash     TEXT   PRIMARY KEY,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX admin_sessions_expires ON admin_sessions (expires_at);
