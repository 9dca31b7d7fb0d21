-- Organization, help center and API token ids are never reused (issue 15 §3.1), as account ids
-- already are (0004). Without AUTOINCREMENT, SQLite gives a new row the largest id + 1: three
-- organizations created in turn, each after deleting the previous, all got the same id, so a
-- script still holding the old one acted on the new one. Rebuilt as 0004 rebuilt `users`
-- (`Store::open` runs migrations with foreign keys off: dropping the old table cascades nothing,
-- and the references follow the new one by name). SQLite-specific; PostgreSQL's identity
-- columns never reuse values.

CREATE TABLE organizations_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,       -- lowercased name: unique ignoring case
    created_at  BIGINT NOT NULL
);
INSERT INTO organizations_new (id, name, name_key, created_at)
SELECT id, name, name_key, created_at FROM organizations;
DROP TABLE organizations;
ALTER TABLE organizations_new RENAME TO organizations;
CREATE INDEX organizations_name ON organizations(name_key);

CREATE TABLE help_centers_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    is_default  BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO help_centers_new (id, slug, name, is_default)
SELECT id, slug, name, is_default FROM help_centers;
DROP TABLE help_centers;
ALTER TABLE help_centers_new RENAME TO help_centers;

CREATE TABLE api_tokens_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);
INSERT INTO api_tokens_new (id, user_id, label, token_hash, created_at)
SELECT id, user_id, label, token_hash, created_at FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
