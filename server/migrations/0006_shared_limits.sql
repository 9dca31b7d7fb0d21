-- Rate limits kept in the database, so that every server process on one database counts the
-- same attempts. One row per attempt and scope key: under way (`failed` false) until it ends;
-- a success deletes its rows, a failure keeps them, counted for the window.
CREATE TABLE limit_attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    limiter     TEXT NOT NULL,              -- passwords, forgot, mail
    scope_key   TEXT NOT NULL,              -- digest of the scope and its address and/or client
    address_key TEXT,                       -- digest of the address (NULL for per-client counts)
    started_at  BIGINT NOT NULL,
    failed      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX limit_attempts_key ON limit_attempts(limiter, scope_key, started_at);
CREATE INDEX limit_attempts_address ON limit_attempts(limiter, address_key);
CREATE INDEX limit_attempts_started ON limit_attempts(started_at);
