-- nq57 schema, version 2: tasks (system 1, part one).
--
-- A task comes from a document clause. It is assigned to units through *parts*: the lead unit
-- (chủ trì) and each coordinating unit (phối hợp) have a part of their own, with their own
-- progress, completion and history; the task combines them (docs/rules.md). A task may have
-- sub-tasks (parent_id) that a lead unit assigns to units below it.

INSERT INTO generations (name, value) VALUES ('tasks', 1);

CREATE TABLE tasks (
    id              INTEGER PRIMARY KEY,
    key             TEXT UNIQUE,                -- stable key of bundled or imported tasks
    document_id     INTEGER REFERENCES documents(id),
    programme_id    INTEGER REFERENCES programmes(id),
    section         TEXT NOT NULL DEFAULT '',   -- the clause: 'II.3.a'
    task_group      INTEGER,                    -- the programme's task group (1-7 for 57-NQ/TW)
    title           TEXT NOT NULL,
    text            TEXT NOT NULL DEFAULT '',   -- the instruction as written
    expected_output TEXT NOT NULL DEFAULT '',
    deadline_text   TEXT NOT NULL DEFAULT '',   -- as written in the document
    deadline_kind   TEXT NOT NULL,              -- date | recurring | none | unreadable
    due             TEXT,                       -- date tasks: the day it is due (inclusive)
    period          TEXT,                       -- recurring tasks: month | quarter | half_year | year
    on_demand       INTEGER NOT NULL DEFAULT 0,
    start_date      TEXT NOT NULL,              -- the day it was assigned
    parent_id       INTEGER REFERENCES tasks(id),
    assigner_id     INTEGER REFERENCES units(id), -- who accepts completions (besides the centre)
    block           TEXT NOT NULL DEFAULT '',   -- political block tag: Đảng, Nhà nước, HĐND, UBND, Mặt trận
    criteria        TEXT NOT NULL DEFAULT '',   -- criteria group tag: nền tảng, thể chế, ...
    search_folded   TEXT NOT NULL DEFAULT '',   -- folded title, text, section, output
    created_at      TEXT NOT NULL,
    created_day     TEXT NOT NULL,              -- the day it was registered (as_of reads)
    created_by      TEXT NOT NULL
);
CREATE INDEX tasks_document ON tasks(document_id);
CREATE INDEX tasks_parent ON tasks(parent_id);
CREATE INDEX tasks_due ON tasks(due);

CREATE TABLE task_parts (
    id           INTEGER PRIMARY KEY,
    task_id      INTEGER NOT NULL REFERENCES tasks(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    role         TEXT NOT NULL,                 -- lead | coordinator
    progress     INTEGER NOT NULL DEFAULT 0,    -- 0-100, as last reported
    state        TEXT NOT NULL DEFAULT 'open',  -- open | reported | accepted | returned
    reported_on  TEXT,                          -- the day completion was reported
    accepted_on  TEXT,                          -- the day that report was accepted: from then on
                                                -- the part is done, as of reported_on
    updated_at   TEXT NOT NULL,
    UNIQUE (task_id, unit_id)
);
CREATE INDEX task_parts_unit ON task_parts(unit_id);

-- Every change to a part, in order: progress reports, completion reports, acceptances, returns,
-- and for recurring tasks the report of each period.
CREATE TABLE task_updates (
    id        INTEGER PRIMARY KEY,
    part_id   INTEGER NOT NULL REFERENCES task_parts(id),
    at        TEXT NOT NULL,                    -- instant of the change
    day       TEXT NOT NULL,                    -- the day it counts for (as_of reads use it)
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,                    -- progress | report_done | accept | return | period_report
    progress  INTEGER,
    period    TEXT,                             -- period_report: '2025-07', '2025-H2', ...
    note      TEXT NOT NULL DEFAULT '',
    links     TEXT NOT NULL DEFAULT '[]'        -- evidence links, a JSON array of URLs
);
CREATE INDEX task_updates_part ON task_updates(part_id, id);
