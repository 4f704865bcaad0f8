-- nq57 schema, version 3: evidence files attached to task parts. Files are kept in the
-- database: one backup holds everything, no path on disk is ever built from user input, and
-- several servers on one PostgreSQL see the same files.
CREATE TABLE evidence (
    id        INTEGER PRIMARY KEY,
    part_id   INTEGER NOT NULL REFERENCES task_parts(id),
    name      TEXT NOT NULL,          -- the file name as given (shown, never used as a path)
    type      TEXT NOT NULL,          -- the media type recognised from the content
    size      INTEGER NOT NULL,
    sha256    TEXT NOT NULL,
    content   BLOB NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL
);
CREATE INDEX evidence_part ON evidence(part_id);
