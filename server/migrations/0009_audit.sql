-- Issue 17 §4–5: the audit trail and the bulk changes that can be undone.
--
-- Every change to customers, organizations, memberships, project access, settings, managed
-- domains, help centers and accounts writes one row of `audit_events` in the transaction of the
-- change itself. Who did it is kept by id and by name as it was (an account deleted later keeps
-- its history: no foreign key), how (`via`), what (`action`, the target, a second object it
-- concerned, and `changes`: a JSON list of {field, before, after}), and the request's id.
-- A bulk add (and an import) is a change set: its rows carry its id, which Undo reads.

CREATE TABLE change_sets (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL CHECK (kind IN ('bulkAdd', 'import')),
    actor_id      INTEGER,                   -- the account that ran it (no foreign key, see above)
    actor_name    TEXT NOT NULL,
    target_kind   TEXT NOT NULL,             -- where people were added: project | organization | site
    target_id     TEXT NOT NULL,
    target_name   TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    undone_at     BIGINT,
    undone_by     INTEGER
);

CREATE TABLE audit_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            BIGINT NOT NULL,
    actor_id      INTEGER,                   -- NULL: the system
    actor_name    TEXT NOT NULL,
    via           TEXT NOT NULL,             -- app | api | helpCenter | bulkAdd | import | system
    action        TEXT NOT NULL,             -- e.g. account.created, project.customerAdded
    target_kind   TEXT NOT NULL,             -- account | organization | project | settings | managedDomain | helpCenter
    target_id     TEXT NOT NULL,
    target_name   TEXT NOT NULL,
    object_kind   TEXT,                      -- the other party, e.g. the project a customer was added to
    object_id     TEXT,
    object_name   TEXT,
    changes       TEXT NOT NULL DEFAULT '[]',
    request_id    TEXT NOT NULL,
    change_set_id INTEGER REFERENCES change_sets(id) ON DELETE CASCADE
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_actor ON audit_events(actor_id, at);
CREATE INDEX audit_events_target ON audit_events(target_kind, target_id, at);
CREATE INDEX audit_events_object ON audit_events(object_kind, object_id, at);
CREATE INDEX audit_events_change_set ON audit_events(change_set_id);

INSERT INTO settings (setting_key, value) VALUES ('auditRetentionDays', '365')
    ON CONFLICT (setting_key) DO NOTHING;

-- Deleting an account (Undo deletes thousands at once) sets or deletes the rows that refer to
-- it: without an index on each referring column, every deleted account scanned the whole of
-- requests, request_comments and request_counts.
CREATE INDEX requests_raised_by ON requests(raised_by_id);
CREATE INDEX request_comments_author ON request_comments(author_id);
CREATE INDEX request_counts_user ON request_counts(user_id);
