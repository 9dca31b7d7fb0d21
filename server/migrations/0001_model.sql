-- Clientele's model. Portable SQL (SQLite and PostgreSQL) except where noted.
-- Times are milliseconds since the Unix epoch.

-- Every account: customers (portal-only) and staff (full accounts).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL,            -- normalized: domain lowercased, ASCII
    email_key     TEXT NOT NULL UNIQUE,     -- lowercased: one account per address ignoring case
    display_name  TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('portal', 'full')),
    status        TEXT NOT NULL CHECK (status IN ('invited', 'active', 'revoked')),
    site_admin    BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash TEXT,
    time_zone     TEXT NOT NULL DEFAULT 'UTC',
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,           -- SHA-256 of the cookie value; the value is never stored
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label       TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE projects (
    id                            INTEGER PRIMARY KEY,
    project_key                   TEXT NOT NULL UNIQUE,
    name                          TEXT NOT NULL,
    project_type                  TEXT NOT NULL CHECK (project_type IN ('companyManaged', 'teamManaged')),
    public_signup                 BOOLEAN NOT NULL DEFAULT FALSE,
    customer_invited_notification BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE project_roles (
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('projectAdmin', 'agent')),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_roles_user ON project_roles(user_id);

CREATE TABLE project_customers (
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    added_at    BIGINT NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_customers_user ON project_customers(user_id);

CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL UNIQUE,       -- lowercased name: unique ignoring case
    created_at  BIGINT NOT NULL
);

CREATE TABLE organization_members (
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    added_at        BIGINT NOT NULL,
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX organization_members_user ON organization_members(user_id);

CREATE TABLE organization_projects (
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    PRIMARY KEY (organization_id, project_id)
);
CREATE INDEX organization_projects_project ON organization_projects(project_id);

CREATE TABLE organization_properties (
    organization_id INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    property_key    TEXT NOT NULL,
    value           TEXT NOT NULL,          -- JSON text
    PRIMARY KEY (organization_id, property_key)
);

CREATE TABLE help_centers (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    is_default  BOOLEAN NOT NULL DEFAULT FALSE
);

-- Global switches, one row per setting.
CREATE TABLE settings (
    setting_key TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
INSERT INTO settings (setting_key, value) VALUES
    ('agentsCanManageOrganizations', 'false'),
    ('customerServiceManagement', 'false'),
    ('plan', 'standard');

CREATE TABLE managed_domains (
    domain      TEXT PRIMARY KEY            -- lowercased ASCII
);
