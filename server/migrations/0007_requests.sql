-- Requests: what customers raise in the help center and agents work on (issue 14).
-- Ids a client can hold are never reused (AUTOINCREMENT); a request's key is its project's key
-- and a per-project number counted in `projects.last_request_number`, never reused either.

ALTER TABLE projects ADD COLUMN last_request_number BIGINT NOT NULL DEFAULT 0;

CREATE TABLE request_types (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id     INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    help_center_id INTEGER REFERENCES help_centers(id) ON DELETE SET NULL,  -- NULL: the default one
    removed        BOOLEAN NOT NULL DEFAULT FALSE,  -- gone from the help center; requests keep it
    created_at     BIGINT NOT NULL
);
CREATE INDEX request_types_project ON request_types(project_id, id);

CREATE TABLE requests (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    number          BIGINT NOT NULL,
    request_type_id INTEGER NOT NULL REFERENCES request_types(id),
    summary         TEXT NOT NULL,
    summary_key     TEXT NOT NULL,                  -- lowercased, for search
    description     TEXT NOT NULL,
    reporter_id     INTEGER REFERENCES users(id) ON DELETE SET NULL,  -- NULL once deleted
    raised_by_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    organization_id INTEGER REFERENCES organizations(id) ON DELETE SET NULL,
    status          TEXT NOT NULL CHECK (status IN ('waitingForSupport', 'waitingForCustomer', 'resolved')),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    status_at       BIGINT NOT NULL,
    resolved_at     BIGINT,
    UNIQUE (project_id, number)
);
CREATE INDEX requests_project ON requests(project_id, id);
CREATE INDEX requests_reporter ON requests(reporter_id, id);
CREATE INDEX requests_organization ON requests(organization_id, id);

CREATE TABLE request_participants (
    request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (request_id, user_id)
);
CREATE INDEX request_participants_user ON request_participants(user_id, request_id);

CREATE TABLE request_comments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body       TEXT NOT NULL,
    public     BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX request_comments_request ON request_comments(request_id, id);

CREATE TABLE request_status_changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    changed_at BIGINT NOT NULL
);
CREATE INDEX request_status_changes_request ON request_status_changes(request_id, id);

-- Each reporter's open and closed requests per project, kept as requests are raised and change
-- status, so that a page of customers reads its counts by primary key.
CREATE TABLE request_counts (
    project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    open_count   BIGINT NOT NULL DEFAULT 0,
    closed_count BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, user_id)
);

-- Request mail joins the outbox's kinds. Rebuilt because SQLite cannot change a CHECK
-- constraint; `Store::open` runs migrations with foreign keys off (see 0004).
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient       TEXT NOT NULL,
    user_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('invitation', 'verification', 'passwordReset', 'requestReply', 'requestResolved')),
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
INSERT INTO outbox_new SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_recipient ON outbox(recipient, id);
CREATE INDEX outbox_user ON outbox(user_id, id);
