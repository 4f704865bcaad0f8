-- nq57 schema, version 5: indicators, their values and roll-ups (SPEC "Indicators").
--
-- indicator_values holds what units entered, one row per indicator, unit and period.
-- indicator_rollups holds, for every unit with at least one value strictly below it, the
-- aggregate of those values (count, late count, sum, numerator and denominator sums, min, max),
-- kept current in the transaction that writes a value (src/rollup.c): a unit's total is its own
-- value combined with that row, so no read ever scans the values below a unit.
-- value_periods holds the state of a unit's form for a period (draft, submitted, approved,
-- returned); an approved form is locked until un-approved.
INSERT INTO generations (name, value) VALUES ('indicators', 1);

CREATE TABLE indicators (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    programme_id   INTEGER REFERENCES programmes(id),
    document_id    INTEGER REFERENCES documents(id),
    goal           TEXT NOT NULL DEFAULT '',
    name           TEXT NOT NULL,
    search_folded  TEXT NOT NULL,
    unit_of_measure TEXT NOT NULL DEFAULT '',
    direction      TEXT NOT NULL,          -- up | down | range
    value_type     TEXT NOT NULL,          -- number | percent | ratio | bool | count | rank
    aggregation    TEXT NOT NULL,          -- sum | avg | wratio | min | max | latest | none
    period_type    TEXT NOT NULL,          -- month | quarter | half | year
    reporters      TEXT NOT NULL DEFAULT '',  -- ';'-list of unit codes and unit kinds
    baseline_year  INTEGER,
    baseline_value REAL,
    near_tolerance REAL,                   -- % of the baseline-to-target distance; NULL: default
    ratio_scale    REAL NOT NULL DEFAULT 100,
    due_days       INTEGER NOT NULL DEFAULT 10, -- days after the period ends a value is due
    part_of_id     INTEGER REFERENCES indicators(id),
    required       INTEGER NOT NULL DEFAULT 0,
    quote          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE indicator_targets (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    year         INTEGER NOT NULL,
    comparator   TEXT NOT NULL,            -- >= | <= | > | < | = | between
    value        REAL NOT NULL,
    value_high   REAL,
    text         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (indicator_id, year)
);

CREATE TABLE indicator_values (
    id           INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    period       TEXT NOT NULL,            -- 2025-01 | 2025Q1 | 2025S1 | 2025
    value        REAL NOT NULL,
    numerator    REAL,
    denominator  REAL,
    source       TEXT NOT NULL DEFAULT '',
    late         INTEGER NOT NULL DEFAULT 0, -- first entered after the due day
    flags        TEXT NOT NULL DEFAULT '',   -- outlier and rule flags at the last write
    version      INTEGER NOT NULL DEFAULT 1, -- bumped by every write (offline conflict check)
    first_day    TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    UNIQUE (indicator_id, period, unit_id)
);
CREATE INDEX indicator_values_unit ON indicator_values(unit_id, period);

CREATE TABLE indicator_rollups (
    indicator_id INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL,
    period       TEXT NOT NULL,
    n            INTEGER NOT NULL,         -- values below the unit
    late         INTEGER NOT NULL,
    total        REAL NOT NULL,
    num          REAL NOT NULL,
    den          REAL NOT NULL,
    lo           REAL,
    hi           REAL,
    PRIMARY KEY (indicator_id, unit_id, period)
) WITHOUT ROWID;

CREATE TABLE value_periods (
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    period       TEXT NOT NULL,
    state        TEXT NOT NULL,            -- draft | submitted | approved | returned
    comment      TEXT NOT NULL DEFAULT '',
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    PRIMARY KEY (unit_id, period)
);
