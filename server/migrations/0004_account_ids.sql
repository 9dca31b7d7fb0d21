-- Account ids are never reused. Without AUTOINCREMENT, SQLite gives a new row the largest id + 1,
-- so deleting the newest account and adding someone else handed the old accountId to a different
-- person: a script still holding it would then act on them. Rebuilt as SQLite documents for
-- changing a table's definition; `Store::open` runs migrations with foreign keys off, so that
-- dropping the old table cascades nothing and the references follow the new one by name.
-- SQLite-specific; PostgreSQL's identity columns never reuse values.

CREATE TABLE users_new (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    email          TEXT NOT NULL,
    email_key      TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('portal', 'full')),
    status         TEXT NOT NULL CHECK (status IN ('invited', 'active', 'revoked')),
    site_admin     BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash  TEXT,
    time_zone      TEXT NOT NULL DEFAULT 'UTC',
    created_at     BIGINT NOT NULL,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO users_new (id, email, email_key, display_name, kind, status, site_admin, password_hash,
                       time_zone, created_at, email_verified)
SELECT id, email, email_key, display_name, kind, status, site_admin, password_hash,
       time_zone, created_at, email_verified
FROM users;
-- Dropping the table drops its search triggers; the search index keeps its rows (same ids).
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_search (rowid, email, display_name) VALUES (new.id, new.email, new.display_name);
END;
CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_search (users_search, rowid, email, display_name)
    VALUES ('delete', old.id, old.email, old.display_name);
END;
CREATE TRIGGER users_search_update AFTER UPDATE OF email, display_name ON users BEGIN
    INSERT INTO users_search (users_search, rowid, email, display_name)
    VALUES ('delete', old.id, old.email, old.display_name);
    INSERT INTO users_search (rowid, email, display_name) VALUES (new.id, new.email, new.display_name);
END;
