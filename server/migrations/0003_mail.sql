-- Mail, durable first: every message is written to the outbox in the same transaction as the
-- change that causes it, then delivered by a background sender. One-time links (invitation,
-- email verification, password reset) are stored only as hashes.

ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,
    user_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('invitation', 'verification', 'passwordReset')),
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_recipient ON outbox(recipient, id);
CREATE INDEX outbox_user ON outbox(user_id, id);

CREATE TABLE mail_attempts (
    id           INTEGER PRIMARY KEY,
    outbox_id    INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    attempted_at BIGINT NOT NULL,
    succeeded    BOOLEAN NOT NULL,
    error        TEXT
);
CREATE INDEX mail_attempts_outbox ON mail_attempts(outbox_id);

CREATE TABLE account_tokens (
    token_hash     TEXT PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose        TEXT NOT NULL CHECK (purpose IN ('invitation', 'verification', 'passwordReset')),
    help_center_id INTEGER REFERENCES help_centers(id) ON DELETE SET NULL,
    created_at     BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    used_at        BIGINT
);
CREATE INDEX account_tokens_user ON account_tokens(user_id);
