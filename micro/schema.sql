-- Micro's database. Every statement is idempotent, so `init-db` and the first start
-- can run it against an existing file. Timestamps are UTC ISO-8601 strings
-- ("2026-11-27T08:15:00.123456Z"), which sort correctly as text.

CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('user', 'support', 'admin')),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    -- Raised on logout and password change: every older session cookie stops working.
    session_version INTEGER NOT NULL DEFAULT 1,
    default_password INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL CHECK (category IN ('bug', 'feature', 'support')),
    priority TEXT NOT NULL CHECK (priority IN ('low', 'medium', 'high')),
    status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'resolved', 'closed')),
    created_by INTEGER NOT NULL REFERENCES users (id),
    assigned_to INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_updated_by INTEGER NOT NULL REFERENCES users (id),
    resolved_at TEXT
);

CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    internal INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

-- The audit trail: one row per changed field (status, priority, category, assignee).
CREATE TABLE IF NOT EXISTS ticket_changes (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    actor_id INTEGER NOT NULL REFERENCES users (id),
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    created_at TEXT NOT NULL
);

-- Unread activity: a row means "this person has not seen the latest change to this
-- ticket"; opening the ticket deletes it. The navbar count is one index lookup.
CREATE TABLE IF NOT EXISTS notifications (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, ticket_id)
) WITHOUT ROWID;

-- Failed logins per account name and per client address (shared by all workers).
CREATE TABLE IF NOT EXISTS login_failures (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at REAL NOT NULL,
    locked_until REAL NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- An index for every list filter and every sort.
CREATE INDEX IF NOT EXISTS tickets_updated ON tickets (updated_at);
CREATE INDEX IF NOT EXISTS tickets_created ON tickets (created_at);
CREATE INDEX IF NOT EXISTS tickets_priority ON tickets (
    (CASE priority WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END), updated_at);
CREATE INDEX IF NOT EXISTS tickets_status_updated ON tickets (status, updated_at);
CREATE INDEX IF NOT EXISTS tickets_status_created ON tickets (status, created_at);
CREATE INDEX IF NOT EXISTS tickets_category_updated ON tickets (category, updated_at);
CREATE INDEX IF NOT EXISTS tickets_priority_updated ON tickets (priority, updated_at);
CREATE INDEX IF NOT EXISTS tickets_assignee_updated ON tickets (assigned_to, updated_at);
CREATE INDEX IF NOT EXISTS tickets_creator_updated ON tickets (created_by, updated_at);
CREATE INDEX IF NOT EXISTS tickets_resolved ON tickets (resolved_at);
-- The dashboard's median time to resolution walks this index to the middle.
CREATE INDEX IF NOT EXISTS tickets_resolution_days ON tickets (
    (julianday(resolved_at) - julianday(created_at))) WHERE resolved_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS comments_ticket ON comments (ticket_id, created_at);
CREATE INDEX IF NOT EXISTS comments_author ON comments (author_id);
CREATE INDEX IF NOT EXISTS changes_ticket ON ticket_changes (ticket_id, created_at);
CREATE INDEX IF NOT EXISTS notifications_ticket ON notifications (ticket_id);

-- The full-text index (tables and triggers) is created by search_index.py.

-- A number that moves whenever an account is added, changed or removed: each worker keeps
-- the account menus of the list filters and reads them again only when it has moved.
CREATE TABLE IF NOT EXISTS table_versions (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL
) WITHOUT ROWID;

INSERT OR IGNORE INTO table_versions (name, version) VALUES ('users', 0);

CREATE TRIGGER IF NOT EXISTS users_version_insert AFTER INSERT ON users BEGIN
    UPDATE table_versions SET version = version + 1 WHERE name = 'users';
END;

CREATE TRIGGER IF NOT EXISTS users_version_update AFTER UPDATE ON users BEGIN
    UPDATE table_versions SET version = version + 1 WHERE name = 'users';
END;

CREATE TRIGGER IF NOT EXISTS users_version_delete AFTER DELETE ON users BEGIN
    UPDATE table_versions SET version = version + 1 WHERE name = 'users';
END;

-- Writes per account in the current minute (the write rate limit, shared by all workers).
CREATE TABLE IF NOT EXISTS write_counts (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    window_start REAL NOT NULL,
    writes INTEGER NOT NULL
);
