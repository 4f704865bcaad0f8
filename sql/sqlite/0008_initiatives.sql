-- nq57 schema, version 8: breakthrough initiatives (system 3, "Đăng ký và quản lý sáng kiến
-- đột phá"), after the selection procedure of Decision 2266/QĐ-TTg: proposal, validity check
-- and preliminary assessment, an evaluation council formed within 3-5 working days, review on
-- five criteria, decision, and a selected initiative tracked as a task (docs/rules.md).

INSERT INTO generations (name, value) VALUES ('initiatives', 1);

-- The strategic technology list the registration form offers (bundled from the seeds, edited
-- by the administrator). A field is never deleted, only retired (active = 0), so initiatives
-- filed under it keep their field.
CREATE TABLE strategic_fields (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,       -- 'ai', 'big-data', ...
    name      TEXT NOT NULL,              -- Vietnamese
    name_en   TEXT NOT NULL DEFAULT '',
    position  INTEGER NOT NULL,
    active    INTEGER NOT NULL DEFAULT 1,
    source    TEXT NOT NULL DEFAULT ''    -- where the entry comes from
);

CREATE TABLE initiatives (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,      -- the public tracking code 'SK-XXXX-XXXX-XXXX'
    source           TEXT NOT NULL,             -- public | feedback (promoted from system 2)
    feedback_id      INTEGER,                   -- the system 2 submission it was promoted from;
                                                -- its foreign key comes with system 2
    title            TEXT NOT NULL,
    field_id         INTEGER NOT NULL REFERENCES strategic_fields(id),
    problem          TEXT NOT NULL,
    solution         TEXT NOT NULL,
    impact           TEXT NOT NULL,
    resources        TEXT NOT NULL DEFAULT '',
    team             TEXT NOT NULL DEFAULT '',
    proposer_kind    TEXT NOT NULL,             -- person | organisation | enterprise | institute | university
    proposer_name    TEXT NOT NULL,             -- personal data: staff only
    email            TEXT NOT NULL DEFAULT '',  -- personal data: staff only
    phone            TEXT NOT NULL DEFAULT '',  -- personal data: staff only
    unit_id          INTEGER REFERENCES units(id), -- the proposing unit, when it is in the tree
    stage            TEXT NOT NULL,             -- submitted | invalid | screened | review | selected | not_selected
    received_at      TEXT NOT NULL,
    received_day     TEXT NOT NULL,
    screened_at      TEXT,
    screened_day     TEXT,                      -- the day it was screened (counts the council's days)
    screened_by      TEXT,
    screening_reason TEXT NOT NULL DEFAULT '',
    assessment       TEXT NOT NULL DEFAULT '',  -- the preliminary assessment
    council_due      TEXT,                      -- the day the council must be formed by
    council_at       TEXT,
    council_day      TEXT,                      -- the day the council was formed
    council_by       TEXT,
    round            INTEGER NOT NULL DEFAULT 0, -- the review round in progress (0: none yet)
    decided_at       TEXT,
    decided_by       TEXT,
    decision_reason  TEXT NOT NULL DEFAULT '',
    task_id          INTEGER REFERENCES tasks(id), -- the tracked work of a selected initiative
    search_folded    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX initiatives_stage ON initiatives(stage, id);
CREATE INDEX initiatives_feedback ON initiatives(feedback_id);

-- The evaluation council of an initiative.
CREATE TABLE initiative_members (
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    appointed_at  TEXT NOT NULL,
    appointed_by  TEXT NOT NULL,
    PRIMARY KEY (initiative_id, user_id)
);
CREATE INDEX initiative_members_user ON initiative_members(user_id);

-- Conflicts of interest a council member declared: such a member never scores the initiative.
CREATE TABLE initiative_conflicts (
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id),
    user_id       INTEGER NOT NULL REFERENCES users(id),
    reason        TEXT NOT NULL,
    at            TEXT NOT NULL,
    PRIMARY KEY (initiative_id, user_id)
);

-- One member's scores in one review round: each criterion 0-10 (docs/rules.md).
CREATE TABLE initiative_scores (
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id),
    round         INTEGER NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    novelty       INTEGER NOT NULL,
    breakthrough  INTEGER NOT NULL,
    feasibility   INTEGER NOT NULL,
    impact        INTEGER NOT NULL,
    mobilisation  INTEGER NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL,
    PRIMARY KEY (initiative_id, round, user_id)
);

-- The timeline: every transition, timed and attributed (the audit log has before and after).
CREATE TABLE initiative_events (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id),
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    kind          TEXT NOT NULL,   -- submitted | attachment | screened | invalid | council | conflict | round | scored | selected | not_selected
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX initiative_events_initiative ON initiative_events(initiative_id, id);

-- Attachments of initiatives are evidence files too (one storage, one download route): a file
-- belongs to a task part or to an initiative. SQLite cannot drop a NOT NULL constraint, so the
-- table is rebuilt (PostgreSQL: ALTER COLUMN part_id DROP NOT NULL, ADD COLUMN initiative_id).
CREATE TABLE evidence_new (
    id            INTEGER PRIMARY KEY,
    part_id       INTEGER REFERENCES task_parts(id),
    initiative_id INTEGER REFERENCES initiatives(id),
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    CHECK ((part_id IS NULL) <> (initiative_id IS NULL))
);
INSERT INTO evidence_new (id, part_id, name, type, size, sha256, content, at, actor)
    SELECT id, part_id, name, type, size, sha256, content, at, actor FROM evidence;
DROP TABLE evidence;
ALTER TABLE evidence_new RENAME TO evidence;
CREATE INDEX evidence_part ON evidence(part_id);
CREATE INDEX evidence_initiative ON evidence(initiative_id);
