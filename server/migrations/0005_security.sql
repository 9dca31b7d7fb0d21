-- Accounts nobody else can take, and links nobody else can read.

-- A sign-up's password belongs to that sign-up's verification link until the link is used: the
-- account gets it only when the person holding the link opens it. Any other link or flow
-- discards it. Until now a sign-up wrote the password onto the account, so whoever signed up
-- with someone else's address chose the password the owner later activated; those pending
-- passwords are dropped, and such accounts choose a password on their link.
ALTER TABLE account_tokens ADD COLUMN password_hash TEXT;
UPDATE users SET password_hash = NULL WHERE status = 'invited';

-- The outbox keeps a message's one-time link in a column of its own (`link`) until the SMTP
-- server accepts the message; then the link is cut out of the stored bodies. A message the
-- SMTP server keeps refusing ends as 'failed'. Rebuilt because SQLite cannot change a CHECK
-- constraint; `Store::open` runs migrations with foreign keys off (see 0004).
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient       TEXT NOT NULL,
    user_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('invitation', 'verification', 'passwordReset')),
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT,
    link            TEXT
);
INSERT INTO outbox_new (id, recipient, user_id, kind, subject, text_body, html_body, state, attempts,
                        last_error, next_attempt_at, created_at, sent_at, link)
SELECT id, recipient, user_id, kind, subject, text_body, html_body, state, attempts,
       last_error, next_attempt_at, created_at, sent_at, NULL
FROM outbox;
-- Messages already sent before this migration still hold their links in the bodies; the text
-- is not kept.
UPDATE outbox_new
SET text_body = '(This message was sent before Clientele removed links from sent mail; its text is not kept.)',
    html_body = '<p>(This message was sent before Clientele removed links from sent mail; its text is not kept.)</p>'
WHERE state = 'sent';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_recipient ON outbox(recipient, id);
CREATE INDEX outbox_user ON outbox(user_id, id);
