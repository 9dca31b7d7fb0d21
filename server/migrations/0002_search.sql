-- Substring search over customers' names and addresses that stays fast at a million rows:
-- an FTS5 index with the trigram tokenizer, kept in step with `users` by triggers.
-- SQLite-specific; PostgreSQL's counterpart is pg_trgm with a GIN index on the same columns.
CREATE VIRTUAL TABLE users_search USING fts5(
    email, display_name, content = 'users', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO users_search (rowid, email, display_name) SELECT id, email, display_name FROM users;

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

-- Organization names are searched by substring too (10,000s of them: a scan is fine).
CREATE INDEX organizations_name ON organizations(name_key);
