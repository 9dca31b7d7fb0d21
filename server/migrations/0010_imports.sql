-- CSV imports of customers (issue 17 §3): one row per import or dry run, so that its progress
-- and its report outlive the page that started it. The report is the per-row JSON array the
-- API pages through; `options` and `mapping` are JSON too.
CREATE TABLE imports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    created_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT,
    file_name    TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('dryRun', 'running', 'done', 'failed')),
    columns      TEXT NOT NULL,      -- JSON array of the header's cells
    mapping      TEXT NOT NULL,      -- JSON ImportMapping
    options      TEXT NOT NULL,      -- JSON ImportOptions
    rows_total   BIGINT NOT NULL,
    rows_done    BIGINT NOT NULL DEFAULT 0,
    summary      TEXT,               -- JSON ImportSummary, once known
    report       TEXT,               -- JSON array of ImportRowResult, once known
    error        TEXT
);
CREATE INDEX imports_created ON imports(created_at);
