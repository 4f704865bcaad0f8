-- nq57 schema, version 1: units with history, accounts, sessions, tokens, audit, documents.
-- Dates are ISO text (YYYY-MM-DD); instants are ISO 8601 UTC text, except session and
-- rate-limit clocks, which are Unix seconds because they are compared on every request.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,            -- current name (the latest version)
    name_folded TEXT NOT NULL,            -- lower case, no diacritics, đ -> d: for search
    parent_id   INTEGER REFERENCES units(id),
    path        TEXT NOT NULL,            -- '/1/2/17/': ids from the root, current parents
    valid_from  TEXT NOT NULL,            -- the unit existed from this day ...
    valid_to    TEXT,                     -- ... to this day inclusive; NULL while it exists
    created_at  TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);
CREATE INDEX units_path ON units(path);

-- Every name, kind and parent a unit has had, each for a date interval (valid_to inclusive,
-- NULL for the current version). Reads "as of" a date use this table.
CREATE TABLE unit_versions (
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    kind        TEXT NOT NULL,
    parent_id   INTEGER REFERENCES units(id),
    PRIMARY KEY (unit_id, valid_from)
);
CREATE INDEX unit_versions_parent ON unit_versions(parent_id);

-- Merges and splits: FROM ceased on DATE and became (part of) TO.
CREATE TABLE unit_links (
    from_id INTEGER NOT NULL REFERENCES units(id),
    to_id   INTEGER NOT NULL REFERENCES units(id),
    event   TEXT NOT NULL,                -- merged | split | dissolved
    date    TEXT NOT NULL,
    PRIMARY KEY (from_id, to_id)
);
CREATE INDEX unit_links_to ON unit_links(to_id);

-- Data generations: a counter per kind of data, bumped by every write of it in the same
-- transaction. Cached replies built at an older generation are never served (cache.c).
CREATE TABLE generations (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO generations (name, value) VALUES ('units', 1), ('documents', 1);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,          -- libsodium crypto_pwhash_str (Argon2id)
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    role          TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    search_folded TEXT NOT NULL           -- folded "username display name", for search
);
CREATE INDEX users_unit ON users(unit_id);

-- Server-side sessions. The cookie holds a random secret; only its hash is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    address      TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    owner_id     INTEGER NOT NULL REFERENCES users(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    role         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    revoked_at   TEXT,
    last_used_at TEXT
);

-- Failed logins, for rate limiting per account ('u:NAME') and per address ('a:IP').
CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

-- The audit log is a hash chain: hash = SHA-256(prev_hash and every other column).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TABLE programmes (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,     -- '57-NQ/TW'
    name        TEXT NOT NULL
);

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,   -- stable key: number and date identify a document
    number        TEXT NOT NULL,          -- as written: '05-TB/BCĐTW' ('' when it has none)
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    date          TEXT,
    issuer_id     INTEGER REFERENCES units(id),
    implements_id INTEGER REFERENCES documents(id),
    programme_id  INTEGER REFERENCES programmes(id),
    restricted    INTEGER NOT NULL DEFAULT 0,
    text          TEXT NOT NULL DEFAULT '',
    search_folded TEXT NOT NULL DEFAULT '' -- folded number, title and text
);
CREATE INDEX documents_implements ON documents(implements_id);
-- A document is identified by its number and date together (two different plans were both
-- numbered 01-KH/BCĐTW in 2025); documents without a number are told apart by their key.
CREATE UNIQUE INDEX documents_number_date ON documents(number, date) WHERE number <> '';

CREATE TABLE task_groups (
    programme_id INTEGER NOT NULL REFERENCES programmes(id),
    number       INTEGER NOT NULL,
    title        TEXT NOT NULL,
    PRIMARY KEY (programme_id, number)
);
