-- nq57 schema, version 4: checklists (SPEC "Checklists"). A checklist is a set of yes/no
-- criteria that every unit of some kinds must meet; a unit is green when it meets them all.
-- Answers are kept as a history (each row counts from its day), so any date can be asked.
INSERT INTO generations (name, value) VALUES ('checklists', 1);

CREATE TABLE checklists (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    unit_kinds  TEXT NOT NULL,            -- comma list: 'commune,ward,special_zone'
    created_at  TEXT NOT NULL
);

CREATE TABLE checklist_criteria (
    id           INTEGER PRIMARY KEY,
    checklist_id INTEGER NOT NULL REFERENCES checklists(id),
    position     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    UNIQUE (checklist_id, position)
);

CREATE TABLE checklist_answers (
    id           INTEGER PRIMARY KEY,
    criterion_id INTEGER NOT NULL REFERENCES checklist_criteria(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    met          INTEGER NOT NULL,
    day          TEXT NOT NULL,           -- the day the answer counts from
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX checklist_answers_unit ON checklist_answers(unit_id, criterion_id, day);
