-- Leadport schema, SQLite dialect. Times are INTEGER unix microseconds (UTC)
-- in both dialects, so that values round-trip exactly and exports compare
-- byte for byte across databases. Booleans are INTEGER 0/1.
--
-- Indexes on the lead tables are deliberately few and small: matching runs
-- in memory from one scan (ScanMatchKeys), so an index here serves only the
-- web search, module lists, exports by import and child lookups by lead;
-- every extra index entry is paid on each of a million inserted rows.

-- +goose Up
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    can_import INTEGER NOT NULL DEFAULT 0,
    locale TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX users_account ON users (account_id);

CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    expiry INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    owner_id INTEGER NOT NULL REFERENCES users (id),
    file_name TEXT NOT NULL,
    file_size INTEGER NOT NULL DEFAULT 0,
    type TEXT NOT NULL DEFAULT '',
    rule TEXT NOT NULL DEFAULT '',
    delimiter INTEGER NOT NULL DEFAULT 0,
    encoding TEXT NOT NULL DEFAULT '',
    date_format TEXT NOT NULL DEFAULT '',
    header TEXT NOT NULL DEFAULT '[]',
    mapping TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    total INTEGER NOT NULL DEFAULT 0,
    processed INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL DEFAULT 0,
    merged INTEGER NOT NULL DEFAULT 0,
    associated INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    notes INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    finalized INTEGER NOT NULL DEFAULT 0,
    finalized_at INTEGER,
    worker TEXT NOT NULL DEFAULT '',
    lease_until INTEGER
);
CREATE INDEX imports_account ON imports (account_id);
CREATE INDEX imports_active ON imports (status) WHERE status IN ('queued', 'running');

-- The uploaded file in chunks of at most 1 MiB. A rowid table, not WITHOUT
-- ROWID: rows this large belong in overflow pages, not in an index b-tree.
CREATE TABLE import_chunks (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    UNIQUE (import_id, seq)
);

-- The next lead ID to hand out (AllocateLeadIDs): the importer numbers its
-- leads itself, so that a batch needs no round trip to learn them.
CREATE TABLE lead_ids (
    next INTEGER NOT NULL
);
INSERT INTO lead_ids (next) VALUES (1);

CREATE TABLE leads (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL,
    type TEXT NOT NULL,
    import_id INTEGER,
    visible_to INTEGER,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    business_name TEXT NOT NULL DEFAULT '',
    civility TEXT NOT NULL DEFAULT '',
    locale TEXT NOT NULL DEFAULT '',
    birth_date TEXT NOT NULL DEFAULT '',
    phone_home TEXT NOT NULL DEFAULT '',
    phone_home_ext TEXT NOT NULL DEFAULT '',
    phone_mobile TEXT NOT NULL DEFAULT '',
    phone_mobile_ext TEXT NOT NULL DEFAULT '',
    phone_work TEXT NOT NULL DEFAULT '',
    phone_work_ext TEXT NOT NULL DEFAULT '',
    email_home TEXT NOT NULL DEFAULT '',
    email_work TEXT NOT NULL DEFAULT '',
    address_line1 TEXT NOT NULL DEFAULT '',
    address_line2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    division TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    campaign TEXT NOT NULL DEFAULT '',
    advisor_id TEXT NOT NULL DEFAULT '',
    bdc_agent_id TEXT NOT NULL DEFAULT '',
    original_at TEXT NOT NULL DEFAULT '',
    appointment_at TEXT NOT NULL DEFAULT '',
    sale_at TEXT NOT NULL DEFAULT '',
    delivery_at TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    name_key TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- Module lists and their counts, newest first. visible_to makes it covering:
-- counting a module of a million leads reads this index alone.
CREATE INDEX leads_account_type ON leads (account_id, type, id, visible_to);
CREATE INDEX leads_import ON leads (import_id) WHERE import_id IS NOT NULL;
-- Search by phone, email and name. Partial: empty slots cost nothing.
CREATE INDEX leads_phone_home ON leads (phone_home) WHERE phone_home <> '';
CREATE INDEX leads_phone_mobile ON leads (phone_mobile) WHERE phone_mobile <> '';
CREATE INDEX leads_phone_work ON leads (phone_work) WHERE phone_work <> '';
CREATE INDEX leads_email_home ON leads (email_home) WHERE email_home <> '';
CREATE INDEX leads_email_work ON leads (email_work) WHERE email_work <> '';
-- name_key is "part1|part2" (both folded, sorted): one index per part serves
-- both the exact name search and "a name part starts with".
CREATE INDEX leads_name_1 ON leads (substr(name_key, 1, instr(name_key, '|') - 1)) WHERE name_key <> '';
CREATE INDEX leads_name_2 ON leads (substr(name_key, instr(name_key, '|') + 1)) WHERE name_key <> '';

-- Children of leads carry no foreign keys: the store keeps them consistent
-- (RevertImport deletes them explicitly), and a foreign-key probe per
-- inserted row is a cost the million-row import pays for nothing.
CREATE TABLE vehicles (
    id INTEGER PRIMARY KEY,
    lead_id INTEGER NOT NULL,
    import_id INTEGER,
    kind TEXT NOT NULL,
    make TEXT NOT NULL DEFAULT '',
    model TEXT NOT NULL DEFAULT '',
    trim TEXT NOT NULL DEFAULT '',
    year TEXT NOT NULL DEFAULT '',
    vin TEXT NOT NULL DEFAULT '',
    odometer TEXT NOT NULL DEFAULT ''
);
CREATE INDEX vehicles_lead ON vehicles (lead_id);

CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    lead_id INTEGER NOT NULL,
    import_id INTEGER,
    author_id INTEGER,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX notes_lead ON notes (lead_id);

-- An association of two leads, a < b.
CREATE TABLE links (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    import_id INTEGER,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX links_b ON links (b);

CREATE TABLE import_issues (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    column_name TEXT NOT NULL,
    raw TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX import_issues_import ON import_issues (import_id, line);

-- The first Before of each lead an import changed, for RevertImport.
CREATE TABLE import_journal (
    import_id INTEGER NOT NULL,
    lead_id INTEGER NOT NULL,
    before TEXT NOT NULL,
    PRIMARY KEY (import_id, lead_id)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE import_journal;
DROP TABLE import_issues;
DROP TABLE links;
DROP TABLE notes;
DROP TABLE vehicles;
DROP TABLE leads;
DROP TABLE lead_ids;
DROP TABLE import_chunks;
DROP TABLE imports;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE accounts;
