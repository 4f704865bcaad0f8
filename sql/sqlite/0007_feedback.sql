-- nq57 schema, version 7: feedback, petitions, initiatives and solutions (system 2), the
-- routing rules that send each to a unit, and the administrator's calendar days.
--
-- Personal data of the submitter lives in feedback_contacts only. The public side reads the
-- view feedback_public, which has no personal column and no join to feedback_contacts; the
-- store reads feedback_contacts only for a handler of the unit concerned.

-- The four kinds, with the handling time in working days the administrator may change.
CREATE TABLE feedback_kinds (
    code             TEXT PRIMARY KEY,      -- phan_anh | kien_nghi | sang_kien | giai_phap
    name             TEXT NOT NULL,
    days             INTEGER NOT NULL,      -- working days to answer
    contact_required INTEGER NOT NULL       -- 1: name and a phone or an e-mail are required
);
INSERT INTO feedback_kinds (code, name, days, contact_required) VALUES
    ('phan_anh', 'Phản ánh', 10, 0),
    ('kien_nghi', 'Kiến nghị', 20, 0),
    ('sang_kien', 'Sáng kiến', 30, 1),
    ('giai_phap', 'Giải pháp', 30, 1);

CREATE TABLE feedback (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,   -- tracking code, 9 characters, stored without dashes
    kind            TEXT NOT NULL REFERENCES feedback_kinds(code),
    field           TEXT NOT NULL,
    title           TEXT NOT NULL,
    content         TEXT NOT NULL,
    concerns_id     INTEGER REFERENCES units(id),   -- the locality or agency named (may be none)
    unit_id         INTEGER NOT NULL REFERENCES units(id),   -- the handling unit now
    status          TEXT NOT NULL,          -- received | accepted | rejected | in_progress |
                                            -- answered | closed
    received_at     TEXT NOT NULL,          -- UTC time stamp
    received_on     TEXT NOT NULL,          -- the day it was received (deadline counted from it)
    due             TEXT NOT NULL,          -- last day to answer
    answered_on     TEXT,
    answer          TEXT,
    reason          TEXT,                   -- why it was rejected
    rating          INTEGER,                -- 1..5, by the submitter
    rating_comment  TEXT,
    duplicate_of    INTEGER REFERENCES feedback(id),
    dup_key         TEXT NOT NULL,          -- SHA-256 of the folded content
    search_folded   TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX feedback_unit ON feedback(unit_id, status);
CREATE INDEX feedback_dup ON feedback(dup_key);
CREATE INDEX feedback_due ON feedback(status, due);

CREATE TABLE feedback_contacts (
    feedback_id INTEGER PRIMARY KEY REFERENCES feedback(id),
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    email       TEXT NOT NULL,
    address     TEXT NOT NULL,
    address_ip  TEXT NOT NULL               -- where the submission came from
);

-- Every step: timed, attributed.
CREATE TABLE feedback_events (
    id          INTEGER PRIMARY KEY,
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,              -- a username, or "submitter"
    action      TEXT NOT NULL,              -- received | accepted | rejected | in_progress |
                                            -- answered | closed | routed | rated
    from_status TEXT,
    to_status   TEXT,
    unit_id     INTEGER REFERENCES units(id),   -- the handling unit after the step
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_events_item ON feedback_events(feedback_id);

-- Attachments, stored like task evidence (0003): in the database, type from the content.
CREATE TABLE feedback_files (
    id          INTEGER PRIMARY KEY,
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX feedback_files_item ON feedback_files(feedback_id);

-- Routing rules: a submission goes to the target of the most specific rule it matches (kind,
-- field, and the unit it concerns or one above it); ties go to the lowest position.
CREATE TABLE feedback_routes (
    id          INTEGER PRIMARY KEY,
    position    INTEGER NOT NULL DEFAULT 100,
    kind        TEXT,                       -- NULL: any
    field       TEXT,                       -- NULL: any
    concerns_id INTEGER REFERENCES units(id),   -- NULL: any; else that unit and below
    target_id   INTEGER NOT NULL REFERENCES units(id),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

-- Settings of system 2 (the default unit, the submission rate limit).
CREATE TABLE feedback_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO feedback_settings (name, value) VALUES ('default_unit', 'TW-VPTW'),
    ('max_per_address', '5');

-- Days the administrator changed in the working-day calendar: compensatory days off (nghỉ bù)
-- and working Saturdays (calendar.h, struct calendar_extra).
CREATE TABLE calendar_days (
    date       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    working    INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

-- What anyone may read of a submission: never the submitter's personal data.
CREATE VIEW feedback_public AS
    SELECT f.id, f.code, f.kind, f.field, f.title, f.content, f.concerns_id, f.unit_id,
           f.status, f.received_at, f.received_on, f.due, f.answered_on, f.answer, f.reason,
           f.rating, f.rating_comment, f.duplicate_of, f.search_folded, f.updated_at
    FROM feedback f;

INSERT INTO generations (name, value) VALUES ('feedback', 1), ('calendar', 1);
