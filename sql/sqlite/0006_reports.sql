-- nq57 schema, version 6: periodic reports (SPEC "Periodic reports").
--
-- report_schedules says who owes which report when: monthly (due on day due_day of the month
-- after the period), half-yearly (due due_day days after the half-year ends) or one-off (due on
-- due_date, covering period_from..period_to). reporters is a ';'-list of unit kinds and codes,
-- read like an indicator's; to_unit the unit that receives the reports ('' = the unit above).
-- reports holds one unit's report for one period of a schedule: a narrative, its state, and the
-- snapshot of the unit's standard summary frozen when it was submitted.
INSERT INTO generations (name, value) VALUES ('reports', 1);

CREATE TABLE report_schedules (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,            -- monthly | half_yearly | one_off
    due_day      INTEGER NOT NULL DEFAULT 0,
    due_date     TEXT,                     -- one_off only
    period_from  TEXT,                     -- one_off only
    period_to    TEXT,                     -- one_off only
    reporters    TEXT NOT NULL,
    to_unit      TEXT NOT NULL DEFAULT '', -- code of the receiving unit
    quote        TEXT NOT NULL DEFAULT '', -- where the obligation is written
    created_at   TEXT NOT NULL
);

CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    schedule_id  INTEGER NOT NULL REFERENCES report_schedules(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    period       TEXT NOT NULL,            -- 2025-07 | 2025S1 | the one-off schedule's code
    narrative    TEXT NOT NULL DEFAULT '',
    state        TEXT NOT NULL,            -- draft | submitted | approved | returned
    snapshot     TEXT,                     -- JSON frozen at submission
    comment      TEXT NOT NULL DEFAULT '',
    submitted_at TEXT,
    submitted_by TEXT,
    decided_at   TEXT,
    decided_by   TEXT,
    updated_at   TEXT NOT NULL,
    UNIQUE (schedule_id, unit_id, period)
);
CREATE INDEX reports_unit ON reports(unit_id, period);
