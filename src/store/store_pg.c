/* The PostgreSQL backend of the storage interface (store.h), with libpq.
 *
 * It answers every query of store_sqlite.c with the same results, in the same order: the SQL
 * table below follows that file's table entry for entry (same names, same parameter numbers),
 * so the two can be read side by side; where PostgreSQL needs other words (strpos for instr,
 * string_agg for group_concat, NULLS FIRST where SQLite sorts NULL first, RETURNING for
 * last_insert_rowid, booleans) the entry says so.
 *
 * Transactions. SQLite's BEGIN IMMEDIATE gives one writer at a time: a write transaction reads
 * the latest data and nothing else commits until it ends. The handlers, the login rate limit
 * (count the failures, then reserve one) and the audit chain (read the head, append id + 1)
 * rely on that. Here every store_tx() transaction runs at READ COMMITTED and first takes one
 * transaction-level advisory lock (WRITER_LOCK), shared by every server on the database: the
 * same exclusion, and since each statement of a READ COMMITTED transaction reads what was
 * committed before it started, the statements after the lock see every earlier writer's rows.
 * (REPEATABLE READ or SERIALIZABLE would take their snapshot at the first statement, before
 * the lock is granted, and read a stale chain head.) Readers outside transactions never wait.
 * Serialization failures (40001), deadlocks (40P01), a lock wait over lock_timeout (55P03) and
 * a lost connection are ST_BUSY, so store_tx() retries them; a unique violation is
 * ST_CONFLICT.
 *
 * A failed statement aborts a PostgreSQL transaction, where SQLite's transaction goes on; some
 * callers go on after ST_CONFLICT (a unit both lead and coordinator keeps one part). So inserts
 * that can meet a unique key say ON CONFLICT DO NOTHING, and "no row inserted" is ST_CONFLICT.
 *
 * Each statement is prepared on a connection the first time it is used (PQprepare, parameter
 * types from the format string) and run with bound parameters (PQexecPrepared). Results are
 * read whole before the row callbacks run, so a callback may query the store again. */
#include "store/store.h"
#include "embedded.h"
#include "text.h"
#include "util.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

/* The advisory lock every write transaction holds ("nq57" in ASCII). */
#define WRITER_LOCK "1852978487"

/* Columns of a unit read at a date D (see store_sqlite.c); the last one is boolean here. */
#define UNIT_COLS(D)                                                                         \
    "u.id, u.code, v.name, v.kind, v.parent_id, p.code, u.path, u.valid_from, u.valid_to, "  \
    "(SELECT count(*) FROM unit_versions c WHERE c.parent_id = u.id AND c.valid_from <= " D  \
    " AND (c.valid_to IS NULL OR c.valid_to >= " D ")), "                                    \
    "(u.valid_from <= " D " AND (u.valid_to IS NULL OR u.valid_to >= " D ")) "
#define AT(V, D) V ".valid_from <= " D " AND (" V ".valid_to IS NULL OR " V ".valid_to >= " D ")"
#define SIBLING_ORDER(V)                                                                    \
    "CASE " V ".kind WHEN 'nation' THEN 0 WHEN 'centre' THEN 1 WHEN 'city' THEN 2 WHEN "      \
    "'province' THEN 2 WHEN 'former_province' THEN 9 WHEN 'district' THEN 8 ELSE 5 END, u.code"
#define TASK_COLS                                                                             \
    "t.id, t.key, t.document_id, d.number, d.key, t.programme_id, t.section, t.task_group, "  \
    "t.title, t.text, t.expected_output, t.deadline_text, t.deadline_kind, t.due, t.period, "  \
    "t.on_demand, t.start_date, t.parent_id, t.assigner_id, au.code, t.block, t.criteria, "     \
    "t.created_at, t.created_by "
#define TASK_JOINS                                                                            \
    "LEFT JOIN documents d ON d.id = t.document_id LEFT JOIN units au ON au.id = t.assigner_id "
#define USER_COLS                                                                             \
    "us.id, us.username, us.display_name, us.password_hash, us.unit_id, un.code, un.name, "   \
    "un.path, us.role, us.active, us.created_at "
#define TOKEN_COLS                                                                            \
    "t.id, t.name, us.username, t.owner_id, us.active, t.unit_id, un.code, un.path, t.role, " \
    "t.created_at, t.expires_at, t.revoked_at, t.last_used_at "
#define DOC_COLS                                                                              \
    "d.id, d.key, d.number, d.kind, d.title, d.date, iu.code, iu.name, pr.code, "             \
    "d.implements_id, d.restricted "
/* Indicators, values, roll-ups and reports: the columns as in store_sqlite.c. */
#define INDICATOR_COLS                                                                        \
    "i.id, i.code, COALESCE(pr.code, ''), COALESCE(d.key, ''), i.goal, i.name, "              \
    "i.unit_of_measure, i.direction, i.value_type, i.aggregation, i.period_type, i.reporters, " \
    "COALESCE(po.code, ''), i.quote, i.baseline_year, i.baseline_value, i.near_tolerance, "    \
    "i.ratio_scale, i.due_days, i.required, i.created_at, i.updated_at "
#define VALUE_COLS                                                                            \
    "v.id, v.indicator_id, v.unit_id, i.code, u.code, u.name, u.path, v.period, v.value, "     \
    "v.numerator, v.denominator, v.source, v.flags, v.first_day, v.updated_at, v.updated_by, " \
    "v.late, v.version "
#define VALUE_FROM                                                                            \
    "FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id JOIN units u ON u.id = " \
    "v.unit_id "
#define VALUE_FILTER                                                                          \
    "($1 = 0 OR v.indicator_id = $1) AND ($2 = 0 OR v.unit_id = $2) AND ($3 IS NULL OR "       \
    "substr(u.path, 1, length($3)) = $3) AND ($4 IS NULL OR v.period = $4) AND ($5 IS NULL OR " \
    "v.period >= $5) AND ($6 IS NULL OR v.period <= $6) AND v.id > $7 ORDER BY v.id "          \
    "LIMIT NULLIF(greatest($8, -1), -1)"
/* A report and its unit: the report's columns are NULL for a unit that has none (report_owed). */
#define REPORT_COLS                                                                           \
    "COALESCE(r.id, 0), COALESCE(r.schedule_id, 0), u.id, u.code, u.name, u.kind, u.path, "  \
    "COALESCE(r.period, ''), COALESCE(r.narrative, ''), COALESCE(r.state, ''), "              \
    "COALESCE(r.snapshot, ''), COALESCE(r.comment, ''), COALESCE(r.submitted_at, ''), "      \
    "COALESCE(r.submitted_by, ''), COALESCE(r.decided_at, ''), COALESCE(r.decided_by, ''), "  \
    "COALESCE(r.updated_at, '') "
/* The units whose kind or code is in the ';'-list $3 (a province list takes former provinces
 * too), under the path $4, existing at some day of [$5, $6]: who owes a value or a report.
 * instr() is strpos(). */
#define OWING_UNITS                                                                           \
    "substr(u.path, 1, length($4)) = $4 AND u.valid_from <= $6 AND (u.valid_to IS NULL OR "   \
    "u.valid_to >= $5) AND (strpos(';' || $3 || ';', ';' || u.kind || ';') > 0 OR "           \
    "strpos(';' || $3 || ';', ';' || u.code || ';') > 0 OR (u.kind = 'former_province' AND "  \
    "strpos(';' || $3 || ';', ';province;') > 0)) ORDER BY u.path"
/* An initiative with its field and proposing unit (current name), as in store_sqlite.c. */
#define INITIATIVE_COLS                                                                       \
    "i.id, i.code, i.source, i.feedback_id, i.title, i.field_id, f.code, f.name, i.problem, "  \
    "i.solution, i.impact, i.resources, i.team, i.proposer_kind, i.proposer_name, i.email, "    \
    "i.phone, i.unit_id, un.code, un.name, un.path, un.kind, i.stage, i.received_at, "         \
    "i.received_day, i.screened_at, i.screened_by, i.screening_reason, i.assessment, "         \
    "i.council_due, i.council_at, i.council_by, i.round, i.decided_at, i.decided_by, "          \
    "i.decision_reason, i.task_id, i.screened_day, i.council_day "
#define INITIATIVE_FROM                                                                       \
    "FROM initiatives i JOIN strategic_fields f ON f.id = i.field_id LEFT JOIN units un ON "   \
    "un.id = i.unit_id "
/* System 2 reads, as in store_sqlite.c: through the view feedback_public (no personal column). */
#define FB_COLS                                                                                \
    "f.id, f.code, f.kind, f.field, f.title, f.content, COALESCE(cu.code, ''), "               \
    "COALESCE(cu.name, ''), f.unit_id, hu.code, hu.name, hu.path, COALESCE(pu.code, ''), "     \
    "COALESCE(pu.name, ''), f.status, f.received_at, f.received_on, f.due, "                   \
    "COALESCE(f.answered_on, ''), COALESCE(f.answer, ''), COALESCE(f.reason, ''), "            \
    "COALESCE(f.rating, 0), COALESCE(f.rating_comment, ''), COALESCE(df.code, ''), "           \
    "f.updated_at "
#define FB_FROM                                                                                \
    "FROM feedback_public f JOIN units hu ON hu.id = f.unit_id LEFT JOIN units pu ON pu.id = " \
    "hu.parent_id LEFT JOIN units cu ON cu.id = f.concerns_id LEFT JOIN feedback_public df ON " \
    "df.id = f.duplicate_of "
#define FB_OPEN "f.status IN ('received', 'accepted', 'in_progress')"
#define FB_FILTER                                                                              \
    "WHERE ($1 IS NULL OR substr(hu.path, 1, length($1)) = $1) AND ($2 = 0 OR f.unit_id = $2 " \
    "OR ($12 IS NOT NULL AND hu.parent_id = $2 AND " FB_OPEN " AND f.due < $12)) "              \
    "AND ($3 IS NULL OR f.kind = $3) AND ($4 IS NULL OR f.status = $4) AND ($5 = 0 OR "       \
    FB_OPEN ") AND ($6 = 0 OR f.status NOT IN ('received', 'rejected')) AND ($7 IS NULL OR ("  \
    FB_OPEN " AND f.due < $7)) AND ($8 IS NULL OR f.search_folded LIKE $8 ESCAPE '\\') "
/* Inserts that may meet a unique key: no row inserted means ST_CONFLICT (see above). */
#define NO_CONFLICT " ON CONFLICT DO NOTHING"

enum q {
    Q_BEGIN, Q_WRITER_LOCK, Q_COMMIT, Q_ROLLBACK, Q_PING,
    Q_MIGRATIONS_TABLE, Q_MIGRATION_DONE, Q_MIGRATION_RECORD,
    Q_UNIT_GET, Q_UNIT_GET_LATEST, Q_UNIT_GET_BY_ID, Q_UNIT_CHILDREN, Q_UNIT_CHILDREN_ALL, Q_UNIT_SUBTREE,
    Q_UNIT_SEARCH, Q_UNIT_VERSIONS, Q_UNIT_PREDECESSORS, Q_UNIT_SUCCESSORS,
    Q_UNIT_INSERT, Q_UNIT_SET_PATH, Q_VERSION_INSERT, Q_VERSION_AT, Q_VERSION_UPDATE,
    Q_VERSION_CLOSE, Q_UNIT_SET_CURRENT, Q_UNIT_REPATH, Q_UNIT_CLOSE, Q_VERSION_END,
    Q_LINK_INSERT, Q_UNIT_ACTIVE_CHILDREN,
    Q_USER_GET, Q_USER_BY_ID, Q_USER_INSERT, Q_USER_UPDATE, Q_USER_LIST,
    Q_SESSION_INSERT, Q_SESSION_GET, Q_SESSION_TOUCH, Q_SESSION_DELETE, Q_SESSION_DELETE_USER,
    Q_SESSION_PRUNE, Q_FAILURES, Q_FAILURE_ADD, Q_FAILURES_CLEAR, Q_FAILURE_DELETE, Q_FAILURES_PRUNE,
    Q_TOKEN_INSERT, Q_TOKEN_BY_HASH, Q_TOKEN_GET, Q_TOKEN_LIST, Q_TOKEN_REVOKE,
    Q_TOKEN_REVOKE_OWNER, Q_TOKEN_TOUCH,
    Q_AUDIT_LAST, Q_AUDIT_INSERT, Q_AUDIT_LIST, Q_AUDIT_SCAN,
    Q_PROGRAMME_INSERT, Q_PROGRAMME_ID, Q_TASK_GROUP_INSERT, Q_DOCUMENT_INSERT, Q_DOCUMENT_ID,
    Q_DOCUMENT_GET, Q_DOCUMENT_LIST, Q_GENERATION, Q_GENERATION_BUMP,
    Q_TASK_INSERT, Q_TASK_PART_INSERT, Q_TASK_GET, Q_TASK_ID_BY_KEY, Q_TASK_ROWS,
    Q_TASK_PART_SET, Q_TASK_UPDATE_INSERT, Q_TASK_UPDATES,
    Q_EVIDENCE_INSERT, Q_EVIDENCE_GET, Q_EVIDENCE_LIST,
    Q_FIELD_LIST, Q_FIELD_INSERT, Q_FIELD_UPDATE, Q_INITIATIVE_INSERT, Q_INITIATIVE_GET,
    Q_INITIATIVE_BY_CODE, Q_INITIATIVE_LIST, Q_INITIATIVE_UPDATE, Q_INITIATIVE_EVENT_INSERT,
    Q_INITIATIVE_EVENTS, Q_INITIATIVE_MEMBER_INSERT, Q_INITIATIVE_MEMBERS,
    Q_INITIATIVE_CONFLICT_INSERT, Q_INITIATIVE_CONFLICTS, Q_INITIATIVE_SCORE_INSERT,
    Q_INITIATIVE_SCORES, Q_INITIATIVE_EVIDENCE,
    Q_CHECKLIST_INSERT, Q_CRITERION_INSERT, Q_CHECKLIST_LIST, Q_CRITERIA_LIST, Q_ANSWER_INSERT,
    Q_CHECKLIST_UNITS,
    Q_INDICATOR_INSERT, Q_INDICATOR_UPDATE, Q_INDICATOR_LIST, Q_INDICATOR_ID, Q_TARGETS_CLEAR,
    Q_TARGET_INSERT, Q_TARGETS_LIST, Q_VALUE_GET, Q_VALUE_PUT, Q_VALUE_DELETE, Q_VALUE_LIST,
    Q_VALUE_LIST_UNIT, Q_VALUE_LIST_PERIOD,
    Q_ROLLUP_ADD, Q_ROLLUP_EXTREMES, Q_ROLLUP_GET, Q_ROLLUP_SERIES, Q_ROLLUPS_CLEAR,
    Q_REPORTING_UNITS, Q_VALUE_PERIOD_GET, Q_VALUE_PERIOD_SET,
    Q_SCHEDULE_INSERT, Q_SCHEDULE_LIST, Q_REPORT_GET, Q_REPORT_PUT, Q_REPORT_OWED,
    Q_FB_INSERT, Q_FB_CONTACT_INSERT, Q_FB_FIRST_KEY, Q_FB_GET_CODE, Q_FB_GET_ID, Q_FB_CONTACT,
    Q_FB_LIST_URGENT, Q_FB_LIST_RECENT, Q_FB_SET, Q_FB_RATE, Q_FB_EVENT_INSERT, Q_FB_EVENTS,
    Q_FB_FILE_INSERT, Q_FB_FILE_GET, Q_FB_FILES, Q_FB_ROUTES, Q_FB_ROUTE_INSERT,
    Q_FB_ROUTE_DELETE, Q_FB_KINDS, Q_FB_KIND_SET, Q_FB_SETTING_GET, Q_FB_SETTING_SET,
    Q_CAL_DAYS, Q_CAL_DAY_PUT, Q_CAL_DAY_DELETE, Q_VALUE_INSERT_SAVEPOINT,
    Q_VALUE_INSERT_RELEASE, Q_VALUE_INSERT_UNDO, Q_PART_HISTORIES,
    Q_COUNT
};

static const char *const SQL[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN ISOLATION LEVEL READ COMMITTED",
    [Q_WRITER_LOCK] = "SELECT pg_advisory_xact_lock(" WRITER_LOCK ")",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_PING] = "SELECT 1",
    [Q_MIGRATIONS_TABLE] =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
        "name text NOT NULL, applied_at text NOT NULL)",
    [Q_MIGRATION_DONE] = "SELECT 1 FROM schema_migrations WHERE version = $1",
    [Q_MIGRATION_RECORD] = "INSERT INTO schema_migrations VALUES ($1, $2, $3)",

    [Q_UNIT_GET] =
        "SELECT " UNIT_COLS("$1") "FROM units u JOIN unit_versions v ON v.unit_id = u.id AND "
        AT("v", "$1") " LEFT JOIN units p ON p.id = v.parent_id WHERE u.code = $2",
    [Q_UNIT_GET_BY_ID] =
        "SELECT " UNIT_COLS("$1") "FROM units u JOIN unit_versions v ON v.unit_id = u.id "
        "AND (v.valid_to IS NULL OR v.valid_to = u.valid_to) "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE u.id = $2 "
        "ORDER BY v.valid_from DESC LIMIT 1",
    [Q_UNIT_GET_LATEST] =
        "SELECT " UNIT_COLS("$1") "FROM units u JOIN unit_versions v ON v.unit_id = u.id "
        "AND (v.valid_to IS NULL OR v.valid_to = u.valid_to) "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE u.code = $2 "
        "ORDER BY v.valid_from DESC LIMIT 1",
    [Q_UNIT_CHILDREN] =
        "SELECT " UNIT_COLS("$1") "FROM unit_versions v JOIN units u ON u.id = v.unit_id "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE v.parent_id = $2 AND " AT("v", "$1")
        " ORDER BY " SIBLING_ORDER("v"),
    [Q_UNIT_CHILDREN_ALL] =
        "SELECT " UNIT_COLS("$1") "FROM unit_versions v JOIN units u ON u.id = v.unit_id "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE v.parent_id = $2 "
        "AND (v.valid_to IS NULL OR v.valid_to = u.valid_to) ORDER BY " SIBLING_ORDER("v"),
    [Q_UNIT_SUBTREE] =
        "WITH RECURSIVE t(id, depth) AS (SELECT $2, 0 UNION ALL "
        "SELECT c.unit_id, t.depth + 1 FROM t JOIN unit_versions c ON c.parent_id = t.id "
        "WHERE " AT("c", "$1") " AND ($3 < 0 OR t.depth < $3)) "
        "SELECT " UNIT_COLS("$1") "FROM t JOIN units u ON u.id = t.id "
        "JOIN unit_versions v ON v.unit_id = u.id AND " AT("v", "$1")
        " LEFT JOIN units p ON p.id = v.parent_id ORDER BY t.depth, " SIBLING_ORDER("v"),
    /* LIMIT NULL is no limit, like SQLite's LIMIT -1. */
    [Q_UNIT_SEARCH] =
        "SELECT " UNIT_COLS("$1") "FROM unit_versions v JOIN units u ON u.id = v.unit_id "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE "
        "(CASE WHEN $7 THEN (v.valid_to IS NULL OR v.valid_to = u.valid_to) ELSE " AT("v", "$1")
        " END) AND ($2 IS NULL OR v.name_folded LIKE $2 ESCAPE '\\' OR lower(u.code) LIKE $2 "
        "ESCAPE '\\') AND ($3 IS NULL OR v.kind = $3) AND ($4 = 0 OR v.parent_id = $4) "
        "AND ($5 IS NULL OR substr(u.path, 1, length($5)) = $5) "
        "AND ($6 IS NULL OR u.code > $6) ORDER BY u.code LIMIT NULLIF(greatest($8, -1), -1)",
    [Q_UNIT_VERSIONS] =
        "SELECT v.valid_from, v.valid_to, v.name, v.kind, p.code, p.name FROM unit_versions v "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE v.unit_id = $1 ORDER BY v.valid_from",
    [Q_UNIT_PREDECESSORS] =
        "SELECT u.code, u.name, l.event, l.date FROM unit_links l JOIN units u ON u.id = "
        "l.from_id WHERE l.to_id = $1 ORDER BY u.code",
    [Q_UNIT_SUCCESSORS] =
        "SELECT u.code, u.name, l.event, l.date FROM unit_links l JOIN units u ON u.id = "
        "l.to_id WHERE l.from_id = $1 ORDER BY u.code",
    [Q_UNIT_INSERT] =
        "INSERT INTO units (code, kind, name, name_folded, parent_id, path, valid_from, "
        "created_at) VALUES ($1, $2, $3, $4, $5, '', $6, $7)" NO_CONFLICT " RETURNING id",
    [Q_UNIT_SET_PATH] = "UPDATE units SET path = $2 WHERE id = $1",
    [Q_VERSION_INSERT] =
        "INSERT INTO unit_versions (unit_id, valid_from, valid_to, name, name_folded, kind, "
        "parent_id) VALUES ($1, $2, $3, $4, $5, $6, $7)" NO_CONFLICT,
    [Q_VERSION_AT] =
        "SELECT valid_from, valid_to, parent_id FROM unit_versions WHERE unit_id = $1 AND "
        "valid_from <= $2 AND (valid_to IS NULL OR valid_to >= $2)",
    [Q_VERSION_UPDATE] =
        "UPDATE unit_versions SET name = $3, name_folded = $4, kind = $5, parent_id = $6 "
        "WHERE unit_id = $1 AND valid_from = $2",
    [Q_VERSION_CLOSE] =
        "UPDATE unit_versions SET valid_to = $3 WHERE unit_id = $1 AND valid_from = $2",
    [Q_UNIT_SET_CURRENT] =
        "UPDATE units SET name = $2, name_folded = $3, kind = $4, parent_id = $5 WHERE id = $1",
    [Q_UNIT_REPATH] =
        "UPDATE units SET path = $2 || substr(path, length($1) + 1) "
        "WHERE substr(path, 1, length($1)) = $1",
    [Q_UNIT_CLOSE] = "UPDATE units SET valid_to = $2 WHERE id = $1",
    [Q_VERSION_END] =
        "UPDATE unit_versions SET valid_to = $2 WHERE unit_id = $1 AND valid_to IS NULL",
    [Q_LINK_INSERT] =
        "INSERT INTO unit_links (from_id, to_id, event, date) VALUES ($1, $2, $3, $4)"
        NO_CONFLICT,
    [Q_UNIT_ACTIVE_CHILDREN] =
        "SELECT count(DISTINCT c.unit_id) FROM unit_versions c WHERE c.parent_id = $1 AND "
        "(c.valid_to IS NULL OR c.valid_to > $2)",

    [Q_USER_GET] =
        "SELECT " USER_COLS "FROM users us JOIN units un ON un.id = us.unit_id "
        "WHERE us.username = $1",
    [Q_USER_BY_ID] =
        "SELECT " USER_COLS "FROM users us JOIN units un ON un.id = us.unit_id WHERE us.id = $1",
    [Q_USER_INSERT] =
        "INSERT INTO users (username, display_name, password_hash, unit_id, role, active, "
        "created_at, search_folded) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)" NO_CONFLICT
        " RETURNING id",
    [Q_USER_UPDATE] =
        "UPDATE users SET display_name = $2, password_hash = $3, unit_id = $4, role = $5, "
        "active = $6, search_folded = $7 WHERE id = $1",
    [Q_USER_LIST] =
        "SELECT " USER_COLS "FROM users us JOIN units un ON un.id = us.unit_id WHERE "
        "($1 IS NULL OR substr(un.path, 1, length($1)) = $1) AND ($2 IS NULL OR "
        "us.search_folded LIKE $2 ESCAPE '\\') AND "
        "($3 IS NULL OR us.username > $3) ORDER BY us.username LIMIT NULLIF(greatest($4, -1), -1)",

    [Q_SESSION_INSERT] =
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, "
        "last_seen_at, address) VALUES ($1, $2, $3, $4, $5, $4, $6)" NO_CONFLICT,
    [Q_SESSION_GET] =
        "SELECT s.csrf_token, s.expires_at, s.last_seen_at, " USER_COLS "FROM sessions s "
        "JOIN users us ON us.id = s.user_id JOIN units un ON un.id = us.unit_id "
        "WHERE s.token_hash = $1",
    [Q_SESSION_TOUCH] = "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1",
    [Q_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = $1",
    [Q_SESSION_DELETE_USER] = "DELETE FROM sessions WHERE user_id = $1",
    [Q_SESSION_PRUNE] = "DELETE FROM sessions WHERE expires_at < $1",
    [Q_FAILURES] = "SELECT count(*), min(at) FROM login_failures WHERE key = $1 AND at >= $2",
    [Q_FAILURE_ADD] = "INSERT INTO login_failures (key, at) VALUES ($1, $2) RETURNING id",
    [Q_FAILURES_CLEAR] = "DELETE FROM login_failures WHERE key = $1",
    /* SQLite's rowid is the id column here. */
    [Q_FAILURE_DELETE] = "DELETE FROM login_failures WHERE id = $1",
    [Q_FAILURES_PRUNE] = "DELETE FROM login_failures WHERE at < $1",

    [Q_TOKEN_INSERT] =
        "INSERT INTO api_tokens (token_hash, name, owner_id, unit_id, role, created_at, "
        "expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)" NO_CONFLICT " RETURNING id",
    [Q_TOKEN_BY_HASH] =
        "SELECT " TOKEN_COLS ", ou.id, ou.username, ou.display_name, '', ou.unit_id, oun.code, "
        "oun.name, oun.path, ou.role, ou.active, ou.created_at FROM api_tokens t "
        "JOIN users us ON us.id = t.owner_id JOIN units un ON un.id = t.unit_id "
        "JOIN users ou ON ou.id = t.owner_id JOIN units oun ON oun.id = ou.unit_id "
        "WHERE t.token_hash = $1",
    [Q_TOKEN_GET] =
        "SELECT " TOKEN_COLS "FROM api_tokens t JOIN users us ON us.id = t.owner_id "
        "JOIN units un ON un.id = t.unit_id WHERE t.id = $1",
    [Q_TOKEN_LIST] =
        "SELECT " TOKEN_COLS "FROM api_tokens t JOIN users us ON us.id = t.owner_id "
        "JOIN units un ON un.id = t.unit_id WHERE $1 = 0 OR t.owner_id = $1 ORDER BY t.id",
    [Q_TOKEN_REVOKE] =
        "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
    [Q_TOKEN_REVOKE_OWNER] =
        "UPDATE api_tokens SET revoked_at = $2 WHERE owner_id = $1 AND revoked_at IS NULL",
    [Q_TOKEN_TOUCH] = "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1",

    [Q_AUDIT_LAST] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
    /* The id is part of the hash: the writer gives it (SQLite assigns the same, max + 1). */
    [Q_AUDIT_INSERT] =
        "INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before_json, "
        "after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    [Q_AUDIT_LIST] =
        "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, "
        "hash FROM audit_log WHERE ($1 IS NULL OR entity = $1) AND ($2 IS NULL OR entity_id = "
        "$2) AND ($3 IS NULL OR actor = $3) AND ($4 = 0 OR id < $4) ORDER BY id DESC "
        "LIMIT NULLIF(greatest($5, -1), -1)",
    [Q_AUDIT_SCAN] =
        "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, "
        "hash FROM audit_log ORDER BY id",

    [Q_PROGRAMME_INSERT] =
        "INSERT INTO programmes (code, name) VALUES ($1, $2)" NO_CONFLICT " RETURNING id",
    [Q_PROGRAMME_ID] = "SELECT id FROM programmes WHERE code = $1",
    [Q_TASK_GROUP_INSERT] =
        "INSERT INTO task_groups (programme_id, number, title) VALUES ($1, $2, $3)" NO_CONFLICT,
    [Q_DOCUMENT_INSERT] =
        "INSERT INTO documents (key, number, kind, title, date, issuer_id, implements_id, "
        "programme_id, restricted, text, search_folded) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9, $10, $11)" NO_CONFLICT " RETURNING id",
    [Q_DOCUMENT_ID] = "SELECT id FROM documents WHERE key = $1",
    [Q_GENERATION] = "SELECT value FROM generations WHERE name = $1",
    [Q_TASK_INSERT] =
        "INSERT INTO tasks (key, document_id, programme_id, section, task_group, title, text, "
        "expected_output, deadline_text, deadline_kind, due, period, on_demand, start_date, "
        "parent_id, assigner_id, block, criteria, search_folded, created_at, created_by, "
        "created_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
        "$16, $17, $18, $19, $20, $21, $22)" NO_CONFLICT " RETURNING id",
    [Q_TASK_PART_INSERT] =
        "INSERT INTO task_parts (task_id, unit_id, role, updated_at) VALUES ($1, $2, $3, $4)"
        NO_CONFLICT " RETURNING id",
    [Q_TASK_GET] = "SELECT " TASK_COLS "FROM tasks t " TASK_JOINS "WHERE t.id = $1",
    [Q_TASK_ID_BY_KEY] = "SELECT id FROM tasks WHERE key = $1",
    [Q_CHECKLIST_INSERT] =
        "INSERT INTO checklists (code, name, unit_kinds, created_at) VALUES ($1, $2, $3, $4)"
        NO_CONFLICT " RETURNING id",
    [Q_CRITERION_INSERT] =
        "INSERT INTO checklist_criteria (checklist_id, position, text) VALUES ($1, $2, $3)"
        NO_CONFLICT " RETURNING id",
    [Q_CHECKLIST_LIST] =
        "SELECT id, code, name, unit_kinds FROM checklists WHERE $1 = 0 OR id = $1 ORDER BY id",
    [Q_CRITERIA_LIST] =
        "SELECT c.id, c.checklist_id, c.position, c.text, a.met, a.day, a.actor, a.note "
        "FROM checklist_criteria c LEFT JOIN checklist_answers a ON a.id = (SELECT x.id FROM "
        "checklist_answers x WHERE x.criterion_id = c.id AND x.unit_id = $2 AND x.day <= $3 "
        "ORDER BY x.day DESC, x.id DESC LIMIT 1) WHERE c.checklist_id = $1 ORDER BY c.position",
    [Q_ANSWER_INSERT] =
        "INSERT INTO checklist_answers (criterion_id, unit_id, met, day, at, actor, note) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)",
    /* instr() is strpos(); met is boolean. */
    [Q_CHECKLIST_UNITS] =
        "SELECT u.id, u.code, v.name, u.path, (SELECT count(*) FROM checklist_criteria c "
        "WHERE c.checklist_id = $1 AND (SELECT x.met FROM checklist_answers x WHERE "
        "x.criterion_id = c.id AND x.unit_id = u.id AND x.day <= $4 ORDER BY x.day DESC, "
        "x.id DESC LIMIT 1) IS TRUE) FROM units u JOIN unit_versions v ON v.unit_id = u.id AND "
        AT("v", "$4") " WHERE substr(u.path, 1, length($3)) = $3 AND strpos(',' || $2 || ',', "
        "',' || v.kind || ',') > 0 ORDER BY u.path",
    [Q_EVIDENCE_INSERT] =
        "INSERT INTO evidence (part_id, initiative_id, name, type, size, sha256, content, at, "
        "actor) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    /* A task part's file, or an initiative's (no part: the part columns are empty). */
    [Q_EVIDENCE_GET] =
        "SELECT e.id, e.part_id, p.task_id, e.name, e.type, e.sha256, e.at, e.actor, u.code, "
        "u.path, au.path, e.size, e.content, e.initiative_id FROM evidence e LEFT JOIN "
        "task_parts p ON p.id = e.part_id LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN "
        "tasks t ON t.id = p.task_id LEFT JOIN units au ON au.id = t.assigner_id WHERE e.id = $1",
    [Q_EVIDENCE_LIST] =
        "SELECT e.id, e.part_id, p.task_id, e.name, e.type, e.sha256, e.at, e.actor, u.code, "
        "u.path, au.path, e.size, NULL, e.initiative_id FROM evidence e JOIN task_parts p ON "
        "p.id = e.part_id JOIN units u ON u.id = p.unit_id JOIN tasks t ON t.id = p.task_id "
        "LEFT JOIN units au ON au.id = t.assigner_id WHERE p.task_id = $1 ORDER BY e.id",
    [Q_INITIATIVE_EVIDENCE] =
        "SELECT e.id, 0, 0, e.name, e.type, e.sha256, e.at, e.actor, '', '', '', e.size, NULL, "
        "e.initiative_id FROM evidence e WHERE e.initiative_id = $1 ORDER BY e.id",
    /* active is boolean. */
    [Q_FIELD_LIST] =
        "SELECT id, code, name, name_en, source, position, active FROM strategic_fields "
        "WHERE $1 OR active ORDER BY position, code",
    [Q_FIELD_INSERT] =
        "INSERT INTO strategic_fields (code, name, name_en, source, position, active) "
        "VALUES ($1, $2, $3, $4, $5, $6)" NO_CONFLICT " RETURNING id",
    [Q_FIELD_UPDATE] =
        "UPDATE strategic_fields SET name = $2, name_en = $3, position = $4, active = $5 "
        "WHERE code = $1",
    [Q_INITIATIVE_INSERT] =
        "INSERT INTO initiatives (code, source, feedback_id, title, field_id, problem, solution, "
        "impact, resources, team, proposer_kind, proposer_name, email, phone, unit_id, stage, "
        "received_at, received_day, search_folded) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
        "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19)" NO_CONFLICT " RETURNING id",
    [Q_INITIATIVE_GET] = "SELECT " INITIATIVE_COLS INITIATIVE_FROM "WHERE i.id = $1",
    [Q_INITIATIVE_BY_CODE] = "SELECT " INITIATIVE_COLS INITIATIVE_FROM "WHERE i.code = $1",
    /* instr() is strpos(). */
    [Q_INITIATIVE_LIST] =
        "SELECT " INITIATIVE_COLS INITIATIVE_FROM "WHERE ($1 IS NULL OR i.stage = $1) AND "
        "($2 = 0 OR EXISTS (SELECT 1 FROM initiative_members m WHERE m.initiative_id = i.id AND "
        "m.user_id = $2)) AND ($3 IS NULL OR strpos(i.search_folded, $3) > 0) AND "
        "($4 = 0 OR i.id < $4) ORDER BY i.id DESC LIMIT $5",
    [Q_INITIATIVE_UPDATE] =
        "UPDATE initiatives SET unit_id = $2, stage = $3, screened_at = $4, screened_by = $5, "
        "screening_reason = $6, assessment = $7, council_due = $8, council_at = $9, "
        "council_by = $10, round = $11, decided_at = $12, decided_by = $13, "
        "decision_reason = $14, task_id = $15, screened_day = $16, council_day = $17 "
        "WHERE id = $1",
    [Q_INITIATIVE_EVENT_INSERT] =
        "INSERT INTO initiative_events (initiative_id, at, actor, kind, note) "
        "VALUES ($1, $2, $3, $4, $5)",
    [Q_INITIATIVE_EVENTS] =
        "SELECT id, at, actor, kind, note FROM initiative_events WHERE initiative_id = $1 "
        "ORDER BY id",
    [Q_INITIATIVE_MEMBER_INSERT] =
        "INSERT INTO initiative_members (initiative_id, user_id, appointed_at, appointed_by) "
        "VALUES ($1, $2, $3, $4)" NO_CONFLICT,
    [Q_INITIATIVE_MEMBERS] =
        "SELECT m.user_id, us.username, us.display_name, un.code, un.name, un.path, un.kind, "
        "m.appointed_at, m.appointed_by FROM initiative_members m JOIN users us ON us.id = "
        "m.user_id JOIN units un ON un.id = us.unit_id WHERE m.initiative_id = $1 ORDER BY "
        "m.appointed_at, us.username",
    [Q_INITIATIVE_CONFLICT_INSERT] =
        "INSERT INTO initiative_conflicts (initiative_id, user_id, reason, at) "
        "VALUES ($1, $2, $3, $4)" NO_CONFLICT,
    [Q_INITIATIVE_CONFLICTS] =
        "SELECT c.user_id, us.username, c.reason, c.at FROM initiative_conflicts c JOIN users us "
        "ON us.id = c.user_id WHERE c.initiative_id = $1 ORDER BY c.at, us.username",
    [Q_INITIATIVE_SCORE_INSERT] =
        "INSERT INTO initiative_scores (initiative_id, round, user_id, novelty, breakthrough, "
        "feasibility, impact, mobilisation, comment, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9, $10)" NO_CONFLICT,
    [Q_INITIATIVE_SCORES] =
        "SELECT s.user_id, us.username, us.display_name, s.round, s.novelty, s.breakthrough, "
        "s.feasibility, s.impact, s.mobilisation, s.comment, s.at FROM initiative_scores s JOIN "
        "users us ON us.id = s.user_id WHERE s.initiative_id = $1 AND ($2 = 0 OR s.round = $2) "
        "ORDER BY s.round, s.at, us.username",
    /* group_concat() is string_agg(), in the order SQLite reads them (by id). */
    [Q_TASK_ROWS] =
        "SELECT " TASK_COLS ", p.id, p.unit_id, u.code, u.name, u.path, p.role, "
        "CASE WHEN $12 THEN p.progress ELSE COALESCE((SELECT x.progress FROM task_updates x "
        "WHERE x.part_id = p.id AND x.progress IS NOT NULL AND x.day <= $1 "
        "ORDER BY x.id DESC LIMIT 1), 0) END, "
        "CASE WHEN $12 THEN p.state WHEN p.accepted_on <= $1 THEN 'accepted' "
        "WHEN p.reported_on <= $1 THEN 'reported' ELSE 'open' END, "
        "CASE WHEN p.reported_on <= $1 THEN p.reported_on END, "
        "CASE WHEN p.accepted_on <= $1 THEN p.reported_on END, p.updated_at, "
        "CASE WHEN t.deadline_kind = 'recurring' THEN (SELECT string_agg(x.period || '@' || "
        "x.day, ';' ORDER BY x.id) FROM task_updates x WHERE x.part_id = p.id AND "
        "x.kind = 'period_report' AND x.day <= $1) END, p.accepted_on "
        "FROM task_parts p JOIN tasks t ON t.id = p.task_id JOIN units u ON u.id = p.unit_id "
        TASK_JOINS "WHERE (t.start_date <= $1 OR t.created_day <= $1) "
        "AND ($2 IS NULL OR substr(u.path, 1, length($2)) = $2) AND ($3 = 0 OR p.unit_id = $3) "
        "AND ($4 IS NULL OR p.role = $4) AND ($5 = 0 OR t.document_id = $5) "
        "AND ($6 = 0 OR t.task_group = $6) "
        "AND ($7 IS NULL OR t.search_folded LIKE $7 ESCAPE '\\') "
        "AND ($8 IS NULL OR t.due >= $8) AND ($9 IS NULL OR t.due <= $9) "
        "AND ($10 = 0 OR t.id = $10) AND ($11 = 0 OR t.parent_id = $11) "
        "ORDER BY t.id, p.role DESC, p.id",
    [Q_TASK_PART_SET] =
        "UPDATE task_parts SET progress = $2, state = $3, reported_on = $4, accepted_on = $5, "
        "updated_at = $6 WHERE id = $1",
    [Q_TASK_UPDATE_INSERT] =
        "INSERT INTO task_updates (part_id, at, day, actor, kind, progress, period, note, links) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    [Q_PART_HISTORIES] =
        "SELECT p.id, p.task_id, p.unit_id, t.task_group, t.deadline_kind, t.due, t.period, "
        "t.start_date, t.created_day, p.progress, p.reported_on, p.accepted_on, u.code, u.name, "
        "u.path, p.role, t.block, t.criteria, COALESCE((SELECT string_agg(x.id || ',' || x.day "
        "|| ',' || COALESCE(x.progress::text, '') || ',' || CASE WHEN x.kind = 'period_report' "
        "AND x.period IS NOT NULL THEN 't' ELSE 'f' END || ',' || COALESCE(x.period, ''), ';' "
        "ORDER BY x.id) FROM task_updates x WHERE x.part_id = p.id AND (x.progress IS NOT NULL "
        "OR x.kind = 'period_report')), '') FROM task_parts p JOIN tasks t ON t.id = p.task_id "
        "JOIN units u ON u.id = p.unit_id WHERE ($1::text IS NULL OR substr(u.path, 1, "
        "length($1)) = $1) ORDER BY p.id",
    [Q_TASK_UPDATES] =
        "SELECT x.id, x.part_id, u.code, x.at, x.day, x.actor, x.kind, x.progress, x.period, "
        "x.note, x.links FROM task_updates x JOIN task_parts p ON p.id = x.part_id "
        "JOIN units u ON u.id = p.unit_id WHERE p.task_id = $1 AND ($2 = 0 OR x.part_id = $2) "
        "AND x.day <= $3 ORDER BY x.id",
    [Q_GENERATION_BUMP] = "UPDATE generations SET value = value + 1 WHERE name = $1",
    [Q_DOCUMENT_GET] =
        "SELECT " DOC_COLS ", CASE WHEN $2 THEN d.text ELSE '' END FROM documents d "
        "LEFT JOIN units iu ON iu.id = d.issuer_id LEFT JOIN programmes pr ON pr.id = "
        "d.programme_id WHERE d.id = $1",
    /* SQLite sorts NULL first; PostgreSQL last unless told. */
    [Q_DOCUMENT_LIST] =
        "SELECT " DOC_COLS ", '' FROM documents d LEFT JOIN units iu ON iu.id = d.issuer_id "
        "LEFT JOIN programmes pr ON pr.id = d.programme_id WHERE ($1 < 0 OR d.implements_id = "
        "$1) AND ($2 IS NULL OR d.search_folded LIKE $2 ESCAPE '\\') AND ($3 IS NULL OR "
        "pr.code = $3) ORDER BY d.date NULLS FIRST, d.id",
    /* $2..$4 name the programme, document and whole by code; NULL leaves the column NULL. */
    [Q_INDICATOR_INSERT] =
        "INSERT INTO indicators (code, programme_id, document_id, part_of_id, goal, name, "
        "search_folded, unit_of_measure, direction, value_type, aggregation, period_type, "
        "reporters, baseline_year, baseline_value, near_tolerance, ratio_scale, due_days, "
        "required, quote, created_at, updated_at) VALUES ($1, (SELECT id FROM programmes WHERE "
        "code = $2), (SELECT id FROM documents WHERE key = $3), (SELECT id FROM indicators WHERE "
        "code = $4), $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
        "$21, $21)" NO_CONFLICT " RETURNING id",
    [Q_INDICATOR_UPDATE] =
        "UPDATE indicators SET programme_id = (SELECT id FROM programmes WHERE code = $2), "
        "document_id = (SELECT id FROM documents WHERE key = $3), part_of_id = (SELECT id FROM "
        "indicators WHERE code = $4), goal = $5, name = $6, search_folded = $7, "
        "unit_of_measure = $8, direction = $9, value_type = $10, aggregation = $11, "
        "period_type = $12, reporters = $13, baseline_year = $14, baseline_value = $15, "
        "near_tolerance = $16, ratio_scale = $17, due_days = $18, required = $19, quote = $20, "
        "updated_at = $21 WHERE code = $1",
    [Q_INDICATOR_LIST] =
        "SELECT " INDICATOR_COLS "FROM indicators i LEFT JOIN programmes pr ON pr.id = "
        "i.programme_id LEFT JOIN documents d ON d.id = i.document_id LEFT JOIN indicators po "
        "ON po.id = i.part_of_id WHERE ($1 = 0 OR i.id = $1) AND ($2 IS NULL OR "
        "i.search_folded LIKE $2 ESCAPE '\\') AND ($3 IS NULL OR pr.code = $3) ORDER BY i.code",
    [Q_INDICATOR_ID] = "SELECT id FROM indicators WHERE code = $1",
    [Q_TARGETS_CLEAR] = "DELETE FROM indicator_targets WHERE indicator_id = $1",
    [Q_TARGET_INSERT] =
        "INSERT INTO indicator_targets (indicator_id, year, comparator, value, value_high, "
        "text) VALUES ($1, $2, $3, $4, $5, $6)",
    [Q_TARGETS_LIST] =
        "SELECT year, comparator, value, value_high, text FROM indicator_targets "
        "WHERE indicator_id = $1 ORDER BY year",
    [Q_VALUE_GET] =
        "SELECT " VALUE_COLS VALUE_FROM "WHERE v.indicator_id = $1 AND v.unit_id = $2 AND "
        "v.period = $3",
    /* Insert or replace, keeping the first day and the late flag of the first entry. */
    [Q_VALUE_PUT] =
        "INSERT INTO indicator_values (indicator_id, unit_id, period, value, numerator, "
        "denominator, source, late, flags, first_day, updated_at, updated_by) VALUES ($1, $2, "
        "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (indicator_id, period, unit_id) "
        "DO UPDATE SET value = excluded.value, numerator = excluded.numerator, denominator = "
        "excluded.denominator, source = excluded.source, flags = excluded.flags, updated_at = "
        "excluded.updated_at, updated_by = excluded.updated_by, "
        "version = indicator_values.version + 1",
    [Q_VALUE_DELETE] =
        "DELETE FROM indicator_values WHERE indicator_id = $1 AND unit_id = $2 AND period = $3",
    /* The three plans of store_sqlite.c, kept apart here too: a prepared statement gets one
     * generic plan, and the two that value entry runs on every write name their index. */
    [Q_VALUE_LIST] = "SELECT " VALUE_COLS VALUE_FROM "WHERE " VALUE_FILTER,
    [Q_VALUE_LIST_UNIT] = "SELECT " VALUE_COLS VALUE_FROM "WHERE v.unit_id = $2 AND " VALUE_FILTER,
    [Q_VALUE_LIST_PERIOD] =
        "SELECT " VALUE_COLS VALUE_FROM "WHERE v.indicator_id = $1 AND v.period = $4 AND "
        VALUE_FILTER,
    /* least()/greatest() skip NULLs as the CASEs of store_sqlite.c do. Each row's increment is
     * one statement under the writer lock, so two servers never lose one another's. */
    [Q_ROLLUP_ADD] =
        "INSERT INTO indicator_rollups AS r (indicator_id, unit_id, period, n, late, total, num, "
        "den, lo, hi) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT "
        "(indicator_id, unit_id, period) DO UPDATE SET n = r.n + excluded.n, late = r.late + "
        "excluded.late, total = r.total + excluded.total, num = r.num + excluded.num, den = "
        "r.den + excluded.den, lo = least(r.lo, excluded.lo), hi = greatest(r.hi, excluded.hi)",
    [Q_ROLLUP_EXTREMES] =
        "UPDATE indicator_rollups SET (lo, hi) = (SELECT min(v.value), max(v.value) FROM "
        "indicator_values v JOIN units u ON u.id = v.unit_id WHERE v.indicator_id = $1 AND "
        "v.period = $2 AND u.id <> $3 AND substr(u.path, 1, length(p.path)) = p.path) "
        "FROM units p WHERE p.id = $3 AND indicator_rollups.indicator_id = $1 AND "
        "indicator_rollups.period = $2 AND indicator_rollups.unit_id = $3",
    [Q_ROLLUP_GET] =
        "SELECT n, late, total, num, den, lo, hi FROM indicator_rollups WHERE indicator_id = $1 "
        "AND unit_id = $2 AND period = $3",
    /* Own values and roll-ups of a unit, merged by period. */
    [Q_ROLLUP_SERIES] =
        "SELECT p.period, r.n, r.late, r.total, r.num, r.den, r.lo, r.hi, " VALUE_COLS
        "FROM (SELECT period FROM indicator_rollups WHERE indicator_id = $1 AND unit_id = $2 "
        "AND n > 0 UNION SELECT period FROM indicator_values WHERE indicator_id = $1 AND "
        "unit_id = $2) p LEFT JOIN indicator_rollups r ON r.indicator_id = $1 AND r.unit_id = "
        "$2 AND r.period = p.period LEFT JOIN indicator_values v ON v.indicator_id = $1 AND "
        "v.unit_id = $2 AND v.period = p.period LEFT JOIN indicators i ON i.id = v.indicator_id "
        "LEFT JOIN units u ON u.id = v.unit_id ORDER BY p.period",
    [Q_ROLLUPS_CLEAR] = "DELETE FROM indicator_rollups",
    [Q_REPORTING_UNITS] =
        "SELECT u.id, u.code, u.name, u.kind, u.path, v.id IS NOT NULL, COALESCE(v.late, false), "
        "COALESCE(v.first_day, '') FROM units u LEFT JOIN indicator_values v ON "
        "v.indicator_id = $1 AND v.period = $2 AND v.unit_id = u.id WHERE " OWING_UNITS,
    [Q_VALUE_PERIOD_GET] =
        "SELECT state, comment, at, actor FROM value_periods WHERE unit_id = $1 AND period = $2",
    [Q_VALUE_PERIOD_SET] =
        "INSERT INTO value_periods (unit_id, period, state, comment, at, actor) VALUES ($1, $2, "
        "$3, $4, $5, $6) ON CONFLICT (unit_id, period) DO UPDATE SET state = excluded.state, "
        "comment = excluded.comment, at = excluded.at, actor = excluded.actor",
    [Q_SCHEDULE_INSERT] =
        "INSERT INTO report_schedules (code, name, kind, due_day, due_date, period_from, "
        "period_to, reporters, to_unit, quote, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
        "$8, $9, $10, $11)" NO_CONFLICT " RETURNING id",
    [Q_SCHEDULE_LIST] =
        "SELECT id, code, name, kind, due_day, COALESCE(due_date, ''), COALESCE(period_from, ''), "
        "COALESCE(period_to, ''), reporters, to_unit, quote, created_at FROM report_schedules "
        "WHERE $1 = 0 OR id = $1 ORDER BY code",
    [Q_REPORT_GET] =
        "SELECT " REPORT_COLS "FROM units u JOIN reports r ON r.unit_id = u.id WHERE "
        "r.schedule_id = $1 AND r.unit_id = $2 AND r.period = $3",
    [Q_REPORT_PUT] =
        "INSERT INTO reports (schedule_id, unit_id, period, narrative, state, snapshot, comment, "
        "submitted_at, submitted_by, decided_at, decided_by, updated_at) VALUES ($1, $2, $3, $4, "
        "$5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (schedule_id, unit_id, period) DO UPDATE "
        "SET narrative = excluded.narrative, state = excluded.state, snapshot = "
        "excluded.snapshot, comment = excluded.comment, submitted_at = excluded.submitted_at, "
        "submitted_by = excluded.submitted_by, decided_at = excluded.decided_at, decided_by = "
        "excluded.decided_by, updated_at = excluded.updated_at",
    /* The units owing a report, as Q_REPORTING_UNITS finds the units owing a value. */
    [Q_REPORT_OWED] =
        "SELECT " REPORT_COLS "FROM units u LEFT JOIN reports r ON r.schedule_id = $1 AND "
        "r.period = $2 AND r.unit_id = u.id WHERE " OWING_UNITS,

    /* System 2, as in store_sqlite.c: reads go through the view feedback_public. */
    [Q_FB_INSERT] =
        "INSERT INTO feedback (code, kind, field, title, content, concerns_id, unit_id, status, "
        "received_at, received_on, due, duplicate_of, dup_key, search_folded, updated_at) VALUES "
        "($1, $2, $3, $4, $5, $6, $7, 'received', $8, $9, $10, $11, $12, $13, $8)" NO_CONFLICT
        " RETURNING id",
    [Q_FB_CONTACT_INSERT] =
        "INSERT INTO feedback_contacts (feedback_id, name, phone, email, address, address_ip) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
    [Q_FB_FIRST_KEY] = "SELECT id FROM feedback WHERE dup_key = $1 ORDER BY id LIMIT 1",
    [Q_FB_GET_CODE] = "SELECT " FB_COLS FB_FROM "WHERE f.code = $1",
    [Q_FB_GET_ID] = "SELECT " FB_COLS FB_FROM "WHERE f.id = $1",
    [Q_FB_CONTACT] =
        "SELECT name, phone, email, address, address_ip FROM feedback_contacts WHERE "
        "feedback_id = $1",
    [Q_FB_LIST_URGENT] =
        "SELECT " FB_COLS FB_FROM FB_FILTER "AND ($9 IS NULL OR f.due > $9 OR (f.due = $9 AND "
        "f.id > $10)) ORDER BY f.due, f.id LIMIT NULLIF(greatest($11, -1), -1)",
    [Q_FB_LIST_RECENT] =
        "SELECT " FB_COLS FB_FROM FB_FILTER "AND ($9 IS NULL OR $9 IS NOT NULL) AND ($10 = 0 OR "
        "f.id < $10) ORDER BY f.id DESC LIMIT NULLIF(greatest($11, -1), -1)",
    [Q_FB_SET] =
        "UPDATE feedback SET status = $2, unit_id = $3, answered_on = $4, answer = $5, "
        "reason = $6, updated_at = $7 WHERE id = $1",
    [Q_FB_RATE] =
        "UPDATE feedback SET rating = $2, rating_comment = $3, updated_at = $4 WHERE id = $1",
    [Q_FB_EVENT_INSERT] =
        "INSERT INTO feedback_events (feedback_id, at, actor, action, from_status, to_status, "
        "unit_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    [Q_FB_EVENTS] =
        "SELECT e.id, e.feedback_id, COALESCE(e.unit_id, 0), e.at, e.actor, e.action, "
        "COALESCE(e.from_status, ''), COALESCE(e.to_status, ''), e.note, COALESCE(u.code, ''), "
        "COALESCE(u.name, '') FROM feedback_events e LEFT JOIN units u ON u.id = e.unit_id "
        "WHERE e.feedback_id = $1 ORDER BY e.id",
    [Q_FB_FILE_INSERT] =
        "INSERT INTO feedback_files (feedback_id, name, type, size, sha256, content, at) VALUES "
        "($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    [Q_FB_FILE_GET] =
        "SELECT id, feedback_id, name, type, size, sha256, at, content FROM feedback_files "
        "WHERE feedback_id = $1 AND id = $2",
    [Q_FB_FILES] =
        "SELECT id, feedback_id, name, type, size, sha256, at, NULL FROM feedback_files WHERE "
        "feedback_id = $1 ORDER BY id",
    [Q_FB_ROUTES] =
        "SELECT r.id, r.position, COALESCE(r.kind, ''), COALESCE(r.field, ''), "
        "COALESCE(c.code, ''), COALESCE(c.name, ''), COALESCE(c.path, ''), t.code, t.name, "
        "r.target_id, r.created_at, r.created_by FROM feedback_routes r JOIN units t ON t.id = "
        "r.target_id LEFT JOIN units c ON c.id = r.concerns_id ORDER BY r.position, r.id",
    [Q_FB_ROUTE_INSERT] =
        "INSERT INTO feedback_routes (position, kind, field, concerns_id, target_id, "
        "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    [Q_FB_ROUTE_DELETE] = "DELETE FROM feedback_routes WHERE id = $1",
    /* contact_required is boolean. */
    [Q_FB_KINDS] =
        "SELECT code, name, days, contact_required FROM feedback_kinds ORDER BY CASE code WHEN "
        "'phan_anh' THEN 1 WHEN 'kien_nghi' THEN 2 WHEN 'sang_kien' THEN 3 ELSE 4 END",
    [Q_FB_KIND_SET] = "UPDATE feedback_kinds SET days = $2 WHERE code = $1",
    [Q_FB_SETTING_GET] = "SELECT value FROM feedback_settings WHERE name = $1",
    [Q_FB_SETTING_SET] =
        "INSERT INTO feedback_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO "
        "UPDATE SET value = excluded.value",
    /* working is boolean. */
    [Q_CAL_DAYS] =
        "SELECT date, name, working, created_at, created_by FROM calendar_days ORDER BY date",
    [Q_CAL_DAY_PUT] =
        "INSERT INTO calendar_days (date, name, working, created_at, created_by) VALUES ($1, "
        "$2, $3, $4, $5) ON CONFLICT (date) DO UPDATE SET name = excluded.name, working = "
        "excluded.working, created_at = excluded.created_at, created_by = excluded.created_by",
    [Q_CAL_DAY_DELETE] = "DELETE FROM calendar_days WHERE date = $1",
    /* value_insert_many's COPY runs under a savepoint: a duplicate undoes the COPY alone. */
    [Q_VALUE_INSERT_SAVEPOINT] = "SAVEPOINT value_insert_many",
    [Q_VALUE_INSERT_RELEASE] = "RELEASE SAVEPOINT value_insert_many",
    [Q_VALUE_INSERT_UNDO] = "ROLLBACK TO SAVEPOINT value_insert_many",
};

#define MAX_PARAMS 32

/* The statement about to run, with its parameters as libpq takes them. */
struct call {
    enum q q;
    int n;
    bool bad_text;                  /* a text parameter is not UTF-8 (see run()) */
    const char *values[MAX_PARAMS];
    int lengths[MAX_PARAMS];
    int formats[MAX_PARAMS];
    char num[MAX_PARAMS][32];
};

struct pg {
    PGconn *conn;
    /* Per statement: the parameter types it was prepared with ("" when not prepared yet). */
    char types[Q_COUNT][MAX_PARAMS + 1];
    bool prepared[Q_COUNT];
    struct call call;
    double db_seconds;
    /* The generations bumped by the transaction in progress (see bump()). */
    char bumped[8][24];
    int n_bumped;
    char load_table[64];            /* the table being loaded (load_begin) */
    int load_ncols;
};

static struct pg *PG(struct store *st) { return st->impl; }

/* The settings of every connection: text in UTF-8; notices (CREATE ... IF NOT EXISTS) are not
 * printed; a write waits for the writer lock as long as SQLite's busy_timeout, then is BUSY;
 * reals are sent in their shortest exact form (a server set to extra_float_digits = 0 would round
 * them to 15 digits, and a value read back would differ from the one stored). */
static bool session_setup(PGconn *conn)
{
    PGresult *r = PQexec(conn, "SET client_encoding = 'UTF8'; SET client_min_messages = "
                               "warning; SET lock_timeout = '5s'; SET TIME ZONE 'UTC'; "
                               "SET extra_float_digits = 3");
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok;
}

/* libpq's messages end with a newline; log lines must not. */
static void log_error(const char *what, const char *msg)
{
    char line[400];
    util_copy(line, sizeof line, msg ? msg : "");
    for (char *p = line; *p; p++)
        if (*p == '\n' || *p == '"') *p = ' ';
    util_log("error", "msg=\"postgres: %s\" detail=\"%s\"", what, line);
}

/* The store_rc of a failed statement. A lost connection is re-opened (statements are prepared
 * again on next use) and reported BUSY, so store_tx() runs the transaction again. */
static enum store_rc fail(struct store *st, const PGresult *res, const char *what)
{
    struct pg *s = PG(st);
    if (PQstatus(s->conn) == CONNECTION_BAD) {
        log_error(what, PQerrorMessage(s->conn));
        PQreset(s->conn);
        memset(s->prepared, 0, sizeof s->prepared);
        if (PQstatus(s->conn) == CONNECTION_OK && session_setup(s->conn)) return ST_BUSY;
        return ST_ERROR;
    }
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (state && strcmp(state, "23505") == 0) return ST_CONFLICT;    /* unique_violation */
    if (state && (strcmp(state, "40001") == 0 ||                     /* serialization_failure */
                  strcmp(state, "40P01") == 0 ||                     /* deadlock_detected */
                  strcmp(state, "55P03") == 0))                      /* lock_not_available */
        return ST_BUSY;
    log_error(what, res ? PQresultErrorMessage(res) : PQerrorMessage(s->conn));
    return ST_ERROR;
}

static Oid type_of(char f)
{
    switch (f) {
    case 's': return 25;                            /* text */
    case 'b': return 16;                            /* boolean */
    case 'x': return 17;                            /* bytea */
    case 'd': return 701;                           /* float8 */
    default: return 20;                             /* int8: i, n, I */
    }
}

/* Whether S is UTF-8 as PostgreSQL takes it (SQLite stores any bytes). */
static bool valid_utf8(const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n < 0) return false;
        p += n;
        left -= n;
    }
    return true;
}

/* Returns the call of statement Q with the variadic arguments bound, preparing Q on this
 * connection on first use. FMT as in store_sqlite.c: 's' text (NULL binds NULL), 'i' int64,
 * 'n' int64 where 0 binds NULL, 'I' int64 where a negative value binds NULL, 'b' bool, 'd' a
 * double where NAN binds NULL (sent as text with 17 digits: exact); and 'x'
 * a blob: a pointer and an int64 length, sent in binary. The parameter types come from FMT; a
 * later call with other types, or a format whose length is not the statement's parameter
 * count, is refused loudly (the first test run catches it). Strings must stay valid until the
 * call has run. */
static struct call *prep(struct store *st, enum q q, const char *fmt, ...)
{
    struct pg *s = PG(st);
    int n = (int)strlen(fmt);
    char types[MAX_PARAMS + 1];
    if (n > MAX_PARAMS) {
        util_log("error", "msg=\"too many parameters\" sql=\"%.60s\"", SQL[q]);
        return NULL;
    }
    for (int i = 0; i < n; i++) types[i] = type_of(fmt[i]) == 20 ? 'i' : fmt[i];
    types[n] = '\0';
    if (!s->prepared[q]) {
        Oid oids[MAX_PARAMS];
        for (int i = 0; i < n; i++) oids[i] = type_of(fmt[i]);
        char name[16];
        snprintf(name, sizeof name, "q%d", (int)q);
        PGresult *r = PQprepare(s->conn, name, SQL[q], n, oids);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            fail(st, r, SQL[q]);
            PQclear(r);
            return NULL;
        }
        PQclear(r);
        r = PQdescribePrepared(s->conn, name);
        int nparams = PQresultStatus(r) == PGRES_COMMAND_OK ? PQnparams(r) : -1;
        PQclear(r);
        if (nparams != n) {
            util_log("error", "msg=\"bind format does not match the statement\" format=%s "
                     "parameters=%d sql=\"%.60s\"", fmt, nparams, SQL[q]);
            PQclear(PQexec(s->conn, "DEALLOCATE ALL"));
            memset(s->prepared, 0, sizeof s->prepared);
            return NULL;
        }
        memcpy(s->types[q], types, (size_t)n + 1);
        s->prepared[q] = true;
    } else if (strcmp(s->types[q], types) != 0) {
        util_log("error", "msg=\"bind format differs from the one prepared\" format=%s "
                 "prepared=%s sql=\"%.60s\"", fmt, s->types[q], SQL[q]);
        return NULL;
    }
    struct call *c = &s->call;
    c->q = q;
    c->n = n;
    c->bad_text = false;
    va_list ap;
    va_start(ap, fmt);
    for (int i = 0; i < n; i++) {
        c->formats[i] = 0;
        c->lengths[i] = 0;
        switch (fmt[i]) {
        case 's':
            c->values[i] = va_arg(ap, const char *);
            if (c->values[i] && !valid_utf8(c->values[i])) c->bad_text = true;
            break;
        case 'b': c->values[i] = va_arg(ap, int) ? "t" : "f"; break;
        case 'd': {
            double v = va_arg(ap, double);
            if (isnan(v)) {
                c->values[i] = NULL;
            } else {
                snprintf(c->num[i], sizeof c->num[i], "%.17g", v);
                c->values[i] = c->num[i];
            }
            break;
        }
        case 'x': {
            const void *p = va_arg(ap, const void *);
            int64_t len = va_arg(ap, int64_t);
            c->values[i] = p ? p : "";
            c->lengths[i] = (int)len;
            c->formats[i] = 1;
            break;
        }
        default: {
            int64_t v = va_arg(ap, int64_t);
            if ((fmt[i] == 'n' && v == 0) || (fmt[i] == 'I' && v < 0)) {
                c->values[i] = NULL;
            } else {
                snprintf(c->num[i], sizeof c->num[i], "%lld", (long long)v);
                c->values[i] = c->num[i];
            }
        }
        }
    }
    va_end(ap);
    return c;
}

/* Runs call C; on success *OUT is its result (the caller clears it).
 *
 * PostgreSQL refuses text that is not UTF-8 (22021) where SQLite compares the bytes and finds
 * nothing: a key of invalid UTF-8 in a URL is "not found" there, not an error. Every stored
 * text is UTF-8, so a read with such a parameter matches no row: it is answered empty here,
 * without asking the server. A write with one is refused. */
static enum store_rc run(struct store *st, struct call *c, const char *what, PGresult **out)
{
    *out = NULL;
    if (!c) return ST_ERROR;
    struct pg *s = PG(st);
    if (c->bad_text) {
        if (strncmp(SQL[c->q], "SELECT", 6) == 0 || strncmp(SQL[c->q], "WITH", 4) == 0) {
            *out = PQmakeEmptyPGresult(s->conn, PGRES_TUPLES_OK);
            return *out ? ST_OK : ST_ERROR;
        }
        util_log("error", "msg=\"postgres: %s: a text parameter is not UTF-8\"", what);
        return ST_ERROR;
    }
    char name[16];
    snprintf(name, sizeof name, "q%d", (int)c->q);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    PGresult *res = PQexecPrepared(s->conn, name, c->n, c->values, c->lengths, c->formats, 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    s->db_seconds += (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        *out = res;
        return ST_OK;
    }
    enum store_rc rc = fail(st, res, what);
    PQclear(res);
    return rc;
}

/* One row of a result, read by the row functions below. */
struct row { const PGresult *r; int i; };

/* NULL reads as "" and 0, as with sqlite3_column_text() and sqlite3_column_int64(). */
static const char *text(const struct row *w, int col) { return PQgetvalue(w->r, w->i, col); }
static bool is_null(const struct row *w, int col) { return PQgetisnull(w->r, w->i, col) != 0; }
static const char *text_or_null(const struct row *w, int col)
{
    return is_null(w, col) ? NULL : text(w, col);
}
static int64_t i64(const struct row *w, int col) { return strtoll(text(w, col), NULL, 10); }
static int i32(const struct row *w, int col) { return (int)strtol(text(w, col), NULL, 10); }
static bool flag(const struct row *w, int col)
{
    const char *v = text(w, col);
    return v[0] == 't' || (v[0] >= '1' && v[0] <= '9');
}
#define COPY(dst, w, col) util_copy((dst), sizeof(dst), text((w), (col)))

/* Runs a statement that returns no rows. */
static enum store_rc exec(struct store *st, struct call *c, const char *what)
{
    PGresult *res;
    enum store_rc rc = run(st, c, what, &res);
    PQclear(res);
    return rc;
}

/* Runs an INSERT ... ON CONFLICT DO NOTHING [RETURNING id]: ST_CONFLICT when no row went in;
 * ID (may be NULL) receives the new row's id. */
static enum store_rc insert(struct store *st, struct call *c, const char *what, int64_t *id)
{
    PGresult *res;
    enum store_rc rc = run(st, c, what, &res);
    if (rc == ST_OK) {
        if (strcmp(PQcmdTuples(res), "0") == 0) rc = ST_CONFLICT;
        else if (id && PQntuples(res) > 0) *id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    }
    PQclear(res);
    return rc;
}

/* Runs a statement that changes rows: ST_NOT_FOUND when it changed none (sqlite3_changes()). */
static enum store_rc exec_changed(struct store *st, struct call *c, const char *what)
{
    PGresult *res;
    enum store_rc rc = run(st, c, what, &res);
    if (rc == ST_OK && strcmp(PQcmdTuples(res), "0") == 0) rc = ST_NOT_FOUND;
    PQclear(res);
    return rc;
}

/* Runs the call and calls ROW for every row; ROW reads the columns. */
static enum store_rc each_row(struct store *st, struct call *c, const char *what,
                              void (*row)(const struct row *w, void *fn, void *ctx), void *fn,
                              void *ctx)
{
    PGresult *res;
    enum store_rc rc = run(st, c, what, &res);
    if (rc == ST_OK) {
        int n = PQntuples(res);
        for (int i = 0; i < n; i++) row(&(struct row){res, i}, fn, ctx);
    }
    PQclear(res);
    return rc;
}

/* Like each_row for a statement of at most one row: ST_NOT_FOUND when there is none. */
static enum store_rc first_row(struct store *st, struct call *c, const char *what,
                               void (*row)(const struct row *w, void *fn, void *ctx), void *fn,
                               void *ctx)
{
    PGresult *res;
    enum store_rc rc = run(st, c, what, &res);
    if (rc == ST_OK) {
        if (PQntuples(res) > 0) row(&(struct row){res, 0}, fn, ctx);
        else rc = ST_NOT_FOUND;
    }
    PQclear(res);
    return rc;
}

/* Runs the call expecting at most one row, read by READ. */
static enum store_rc one_row(struct store *st, struct call *c, const char *what,
                             void (*read)(const struct row *w, void *out), void *out)
{
    PGresult *res;
    enum store_rc rc = run(st, c, what, &res);
    if (rc == ST_OK) {
        if (PQntuples(res) > 0) read(&(struct row){res, 0}, out);
        else rc = ST_NOT_FOUND;
    }
    PQclear(res);
    return rc;
}

/* ---- transactions and meta ---- */

static enum store_rc pg_begin(struct store *st)
{
    PG(st)->n_bumped = 0;
    enum store_rc rc = exec(st, prep(st, Q_BEGIN, ""), "begin");
    if (rc == ST_OK) rc = exec(st, prep(st, Q_WRITER_LOCK, ""), "writer lock");
    return rc;
}
/* COMMIT of a transaction that failed half-way answers ROLLBACK, not an error: say so. */
static enum store_rc pg_commit(struct store *st)
{
    PGresult *res;
    enum store_rc rc = run(st, prep(st, Q_COMMIT, ""), "commit", &res);
    if (rc == ST_OK && strcmp(PQcmdStatus(res), "COMMIT") != 0) {
        util_log("error", "msg=\"postgres: the transaction had failed and was rolled back\"");
        rc = ST_ERROR;
    }
    PQclear(res);
    return rc;
}
static void pg_rollback(struct store *st)
{
    if (PQtransactionStatus(PG(st)->conn) != PQTRANS_IDLE)
        exec(st, prep(st, Q_ROLLBACK, ""), "rollback");
}
static enum store_rc pg_ping(struct store *st)
{
    return exec(st, prep(st, Q_PING, ""), "ping");
}
static double pg_db_seconds(struct store *st) { return PG(st)->db_seconds; }

static void pg_close(struct store *st)
{
    PQfinish(PG(st)->conn);
    free(st->impl);
    free(st);
}

/* Migrations are the embedded files sql/postgres/NNNN_name.sql (numbered as the SQLite ones,
 * so schema_migrations records the same versions), applied in order, each in its own
 * transaction with its row in schema_migrations. The writer lock is held meanwhile, so two
 * servers starting at once apply each migration once. Re-running applies nothing. */
static enum store_rc migrate_step(struct store *st, const struct embedded_file *f,
                                  const char *name, int version, bool *applied)
{
    PGconn *conn = PG(st)->conn;
    *applied = false;
    enum store_rc rc = pg_begin(st);
    if (rc == ST_OK) rc = exec(st, prep(st, Q_MIGRATIONS_TABLE, ""), "schema_migrations");
    PGresult *res = NULL;
    if (rc == ST_OK)
        rc = run(st, prep(st, Q_MIGRATION_DONE, "i", (int64_t)version), "migration done", &res);
    bool done = rc == ST_OK && PQntuples(res) > 0;
    PQclear(res);
    if (rc == ST_OK && !done) {
        res = PQexec(conn, (const char *)f->data);
        if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
            log_error(name, PQresultErrorMessage(res));
            rc = ST_ERROR;
        }
        PQclear(res);
        char now[ISO_TIME_LEN];
        util_now_iso(now);
        if (rc == ST_OK)
            rc = exec(st, prep(st, Q_MIGRATION_RECORD, "iss", (int64_t)version, name, now),
                      "record migration");
        *applied = rc == ST_OK;
    }
    if (rc == ST_OK) rc = pg_commit(st);
    if (rc != ST_OK) {
        pg_rollback(st);
        *applied = false;
    }
    return rc;
}

static enum store_rc pg_migrate(struct store *st, int *applied)
{
    *applied = 0;
    const char *prefix = "sql/postgres/";
    for (const struct embedded_file *f = embedded_files; f->path; f++) {
        if (strncmp(f->path, prefix, strlen(prefix)) != 0) continue;
        const char *name = f->path + strlen(prefix);
        int version = atoi(name);
        if (version <= 0) continue;
        bool done;
        enum store_rc rc = migrate_step(st, f, name, version, &done);
        if (rc != ST_OK) {
            util_log("error", "msg=\"migration failed\" file=%s", name);
            return rc;
        }
        *applied += done;
    }
    return ST_OK;
}

/* ---- generations ---- */

static void read_int64(const struct row *w, void *out) { *(int64_t *)out = i64(w, 0); }

static enum store_rc pg_generation(struct store *st, const char *name, int64_t *value)
{
    return one_row(st, prep(st, Q_GENERATION, "s", name), "generation", read_int64, value);
}

/* Every write to the data calls this inside its transaction. Once per transaction is enough (a
 * reader sees the generation before the transaction or after it, never in between), and here
 * it matters: each UPDATE of the same row in one transaction adds a version that the next one
 * walks past, so a bulk import bumping per row grew quadratic (31 s for 2,000 demo tasks). */
static enum store_rc bump(struct store *st, const char *name)
{
    struct pg *s = PG(st);
    bool in_tx = PQtransactionStatus(s->conn) == PQTRANS_INTRANS;
    for (int i = 0; in_tx && i < s->n_bumped; i++)
        if (strcmp(s->bumped[i], name) == 0) return ST_OK;
    enum store_rc rc = exec(st, prep(st, Q_GENERATION_BUMP, "s", name), "generation_bump");
    if (rc == ST_OK && in_tx && s->n_bumped < 8 && strlen(name) < sizeof s->bumped[0])
        strcpy(s->bumped[s->n_bumped++], name);
    return rc;
}

/* ---- units ---- */

static void read_unit(const struct row *w, void *out)
{
    struct unit *u = out;
    u->id = i64(w, 0);
    COPY(u->code, w, 1);
    COPY(u->name, w, 2);
    COPY(u->kind, w, 3);
    u->parent_id = i64(w, 4);
    COPY(u->parent_code, w, 5);
    COPY(u->path, w, 6);
    COPY(u->valid_from, w, 7);
    COPY(u->valid_to, w, 8);
    u->child_count = i32(w, 9);
    u->active = flag(w, 10);
}
static void unit_row(const struct row *w, void *fn, void *ctx)
{
    struct unit u;
    read_unit(w, &u);
    ((unit_fn)fn)(ctx, &u);
}

/* The date a read is asked at: AS_OF, or today. */
static const char *date_or_today(const char *as_of, char buf[ISO_DATE_LEN])
{
    if (as_of) return as_of;
    util_today(buf);
    return buf;
}

static enum store_rc pg_unit_get(struct store *st, const char *code, const char *as_of,
                                 struct unit *out)
{
    char today[ISO_DATE_LEN];
    const char *d = date_or_today(as_of, today);
    enum store_rc rc = one_row(st, prep(st, Q_UNIT_GET, "ss", d, code), "unit_get", read_unit,
                               out);
    /* Without a date, a unit that does not exist today is still found by its code. */
    if (rc == ST_NOT_FOUND && !as_of)
        rc = one_row(st, prep(st, Q_UNIT_GET_LATEST, "ss", d, code), "unit_get_latest",
                     read_unit, out);
    return rc;
}

static enum store_rc pg_unit_get_by_id(struct store *st, int64_t id, struct unit *out)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    return one_row(st, prep(st, Q_UNIT_GET_BY_ID, "si", today, id), "unit_get_by_id",
                   read_unit, out);
}

static enum store_rc pg_unit_children(struct store *st, int64_t parent_id, const char *as_of,
                                      bool include_inactive, unit_fn each, void *ctx)
{
    char today[ISO_DATE_LEN];
    const char *d = date_or_today(as_of, today);
    enum q q = include_inactive && !as_of ? Q_UNIT_CHILDREN_ALL : Q_UNIT_CHILDREN;
    return each_row(st, prep(st, q, "si", d, parent_id), "unit_children", unit_row,
                    (void *)each, ctx);
}

static enum store_rc pg_unit_subtree(struct store *st, const struct unit *root,
                                     const char *as_of, int max_depth, unit_fn each, void *ctx)
{
    char today[ISO_DATE_LEN];
    const char *d = date_or_today(as_of, today);
    return each_row(st, prep(st, Q_UNIT_SUBTREE, "sii", d, root->id, (int64_t)max_depth),
                    "unit_subtree", unit_row, (void *)each, ctx);
}

/* "%text%" with LIKE's wildcards escaped. Caller frees. */
static char *like_pattern(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(2 * n + 3), *w = p;
    *w++ = '%';
    for (; *s; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') *w++ = '\\';
        *w++ = *s;
    }
    *w++ = '%';
    *w = '\0';
    return p;
}

static enum store_rc pg_unit_search(struct store *st, const struct unit_query *q, unit_fn each,
                                    void *ctx)
{
    char today[ISO_DATE_LEN];
    const char *d = date_or_today(q->as_of, today);
    char *pat = q->folded && *q->folded ? like_pattern(q->folded) : NULL;
    enum store_rc rc = each_row(
        st,
        prep(st, Q_UNIT_SEARCH, "sssissbi", d, pat, q->kind, q->parent_id, q->scope_path,
             q->after_code, (int)(q->include_inactive && !q->as_of), (int64_t)q->limit),
        "unit_search", unit_row, (void *)each, ctx);
    free(pat);
    return rc;
}

static void version_row(const struct row *w, void *fn, void *ctx)
{
    struct unit_version v;
    COPY(v.valid_from, w, 0);
    COPY(v.valid_to, w, 1);
    COPY(v.name, w, 2);
    COPY(v.kind, w, 3);
    COPY(v.parent_code, w, 4);
    COPY(v.parent_name, w, 5);
    ((unit_version_fn)fn)(ctx, &v);
}
static enum store_rc pg_unit_versions(struct store *st, int64_t unit_id, unit_version_fn each,
                                      void *ctx)
{
    return each_row(st, prep(st, Q_UNIT_VERSIONS, "i", unit_id), "unit_versions", version_row,
                    (void *)each, ctx);
}

static void link_row(const struct row *w, void *fn, void *ctx)
{
    struct unit_link l;
    COPY(l.code, w, 0);
    COPY(l.name, w, 1);
    COPY(l.event, w, 2);
    COPY(l.date, w, 3);
    ((unit_link_fn)fn)(ctx, &l);
}
static enum store_rc pg_unit_links(struct store *st, int64_t unit_id, bool predecessors,
                                   unit_link_fn each, void *ctx)
{
    return each_row(st,
                    prep(st, predecessors ? Q_UNIT_PREDECESSORS : Q_UNIT_SUCCESSORS, "i",
                         unit_id),
                    "unit_links", link_row, (void *)each, ctx);
}

static enum store_rc pg_unit_insert(struct store *st, struct unit *u)
{
    char *folded = text_fold(u->name);
    if (!folded) return ST_ERROR;
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    char parent_path[PATH_MAX_BYTES] = "/";
    if (u->parent_id) {
        struct unit p;
        enum store_rc rc = pg_unit_get_by_id(st, u->parent_id, &p);
        if (rc != ST_OK) { free(folded); return rc; }
        util_copy(parent_path, sizeof parent_path, p.path);
    }
    enum store_rc rc = insert(st,
                              prep(st, Q_UNIT_INSERT, "ssssnss", u->code, u->kind, u->name,
                                   folded, u->parent_id, u->valid_from, now),
                              "unit_insert", &u->id);
    if (rc != ST_OK) { free(folded); return rc; }
    snprintf(u->path, sizeof u->path, "%s%lld/", parent_path, (long long)u->id);
    rc = exec(st, prep(st, Q_UNIT_SET_PATH, "is", u->id, u->path), "unit_set_path");
    if (rc == ST_OK)
        rc = insert(st, prep(st, Q_VERSION_INSERT, "isssssn", u->id, u->valid_from,
                             (const char *)NULL, u->name, folded, u->kind, u->parent_id),
                    "version_insert", NULL);
    free(folded);
    return rc == ST_OK ? bump(st, "units") : rc;
}

struct version_span { char from[DATE_LEN]; char to[DATE_LEN]; int64_t parent_id; bool to_null; };
static void read_span(const struct row *w, void *out)
{
    struct version_span *v = out;
    COPY(v->from, w, 0);
    COPY(v->to, w, 1);
    v->to_null = is_null(w, 1);
    v->parent_id = i64(w, 2);
}

static enum store_rc pg_unit_revise(struct store *st, int64_t unit_id, const char *effective,
                                    const char *name, const char *kind, int64_t parent_id)
{
    struct version_span cur;
    enum store_rc rc = one_row(st, prep(st, Q_VERSION_AT, "is", unit_id, effective),
                               "version_at", read_span, &cur);
    if (rc != ST_OK) return rc;
    char *folded = text_fold(name);
    if (!folded) return ST_ERROR;
    if (strcmp(cur.from, effective) == 0) {
        rc = exec(st, prep(st, Q_VERSION_UPDATE, "issssn", unit_id, effective, name, folded,
                           kind, parent_id),
                  "version_update");
    } else {
        char day_before[ISO_DATE_LEN];
        util_date_add(effective, -1, day_before);
        rc = exec(st, prep(st, Q_VERSION_CLOSE, "iss", unit_id, cur.from, day_before),
                  "version_close");
        if (rc == ST_OK)
            rc = insert(st, prep(st, Q_VERSION_INSERT, "isssssn", unit_id, effective,
                                 cur.to_null ? NULL : cur.to, name, folded, kind, parent_id),
                        "version_insert", NULL);
    }
    if (rc == ST_OK)
        rc = exec(st, prep(st, Q_UNIT_SET_CURRENT, "isssn", unit_id, name, folded, kind,
                           parent_id),
                  "unit_set_current");
    free(folded);
    if (rc != ST_OK) return rc;
    struct unit u;
    if ((rc = pg_unit_get_by_id(st, unit_id, &u)) != ST_OK) return rc;
    char new_path[PATH_MAX_BYTES] = "/";
    if (parent_id) {
        struct unit p;
        if ((rc = pg_unit_get_by_id(st, parent_id, &p)) != ST_OK) return rc;
        util_copy(new_path, sizeof new_path, p.path);
    }
    size_t n = strlen(new_path);
    snprintf(new_path + n, sizeof new_path - n, "%lld/", (long long)unit_id);
    if (strcmp(new_path, u.path) != 0)
        rc = exec(st, prep(st, Q_UNIT_REPATH, "ss", u.path, new_path), "unit_repath");
    return rc == ST_OK ? bump(st, "units") : rc;
}

static enum store_rc pg_unit_close(struct store *st, int64_t unit_id, const char *date,
                                   const char *event, const int64_t *successors,
                                   int n_successors)
{
    char effective[ISO_DATE_LEN];
    util_date_add(date, 1, effective);
    enum store_rc rc = exec(st, prep(st, Q_UNIT_CLOSE, "is", unit_id, date), "unit_close");
    if (rc == ST_OK)
        rc = exec(st, prep(st, Q_VERSION_END, "is", unit_id, date), "version_end");
    for (int i = 0; rc == ST_OK && i < n_successors; i++)
        rc = insert(st, prep(st, Q_LINK_INSERT, "iiss", unit_id, successors[i], event,
                             effective),
                    "link_insert", NULL);
    return rc == ST_OK ? bump(st, "units") : rc;
}

static void read_int(const struct row *w, void *out) { *(int *)out = i32(w, 0); }

static enum store_rc pg_unit_active_children(struct store *st, int64_t unit_id,
                                             const char *date, int *count)
{
    return one_row(st, prep(st, Q_UNIT_ACTIVE_CHILDREN, "is", unit_id, date),
                   "unit_active_children", read_int, count);
}

/* ---- users ---- */

static void read_user_at(const struct row *w, int c, struct user *u)
{
    u->id = i64(w, c);
    COPY(u->username, w, c + 1);
    COPY(u->display_name, w, c + 2);
    COPY(u->password_hash, w, c + 3);
    u->unit_id = i64(w, c + 4);
    COPY(u->unit_code, w, c + 5);
    COPY(u->unit_name, w, c + 6);
    COPY(u->unit_path, w, c + 7);
    COPY(u->role, w, c + 8);
    u->active = flag(w, c + 9);
    COPY(u->created_at, w, c + 10);
}
static void read_user(const struct row *w, void *out) { read_user_at(w, 0, out); }
static void user_row(const struct row *w, void *fn, void *ctx)
{
    struct user u;
    read_user_at(w, 0, &u);
    ((user_fn)fn)(ctx, &u);
}

static enum store_rc pg_user_get(struct store *st, const char *username, struct user *out)
{
    return one_row(st, prep(st, Q_USER_GET, "s", username), "user_get", read_user, out);
}
static enum store_rc pg_user_by_id(struct store *st, int64_t id, struct user *out)
{
    return one_row(st, prep(st, Q_USER_BY_ID, "i", id), "user_by_id", read_user, out);
}
/* The folded "username display name" that user search matches. Caller frees. */
static char *user_search_text(const struct user *u)
{
    char both[sizeof u->username + sizeof u->display_name + 2];
    snprintf(both, sizeof both, "%s %s", u->username, u->display_name);
    char *f = text_fold(both);
    return f ? f : strdup(u->username);
}

static enum store_rc pg_user_insert(struct store *st, struct user *u)
{
    char *search = user_search_text(u);
    enum store_rc rc = insert(st,
                              prep(st, Q_USER_INSERT, "sssisbss", u->username, u->display_name,
                                   u->password_hash, u->unit_id, u->role, (int)u->active,
                                   u->created_at, search),
                              "user_insert", &u->id);
    free(search);
    return rc;
}
static enum store_rc pg_user_update(struct store *st, const struct user *u)
{
    char *search = user_search_text(u);
    enum store_rc rc = exec(st,
                            prep(st, Q_USER_UPDATE, "issisbs", u->id, u->display_name,
                                 u->password_hash, u->unit_id, u->role, (int)u->active, search),
                            "user_update");
    free(search);
    return rc;
}
static enum store_rc pg_user_list(struct store *st, const char *scope_path, const char *folded,
                                  const char *after_username, int limit, user_fn each, void *ctx)
{
    char *pat = folded && *folded ? like_pattern(folded) : NULL;
    enum store_rc rc = each_row(st,
                                prep(st, Q_USER_LIST, "sssi", scope_path, pat, after_username,
                                     (int64_t)limit),
                                "user_list", user_row, (void *)each, ctx);
    free(pat);
    return rc;
}

/* ---- sessions and rate limits ---- */

static enum store_rc pg_session_insert(struct store *st, const char *token_hash,
                                       int64_t user_id, const char *csrf, int64_t now,
                                       int64_t expires, const char *address)
{
    return insert(st,
                  prep(st, Q_SESSION_INSERT, "sisiis", token_hash, user_id, csrf, now, expires,
                       address),
                  "session_insert", NULL);
}
static void read_session(const struct row *w, void *out)
{
    struct session *se = out;
    COPY(se->csrf_token, w, 0);
    se->expires_at = i64(w, 1);
    se->last_seen_at = i64(w, 2);
    read_user_at(w, 3, &se->user);
}
static enum store_rc pg_session_get(struct store *st, const char *token_hash,
                                    struct session *out)
{
    return one_row(st, prep(st, Q_SESSION_GET, "s", token_hash), "session_get", read_session,
                   out);
}
static enum store_rc pg_session_touch(struct store *st, const char *token_hash, int64_t now)
{
    return exec(st, prep(st, Q_SESSION_TOUCH, "si", token_hash, now), "session_touch");
}
static enum store_rc pg_session_delete(struct store *st, const char *token_hash)
{
    return exec(st, prep(st, Q_SESSION_DELETE, "s", token_hash), "session_delete");
}
static enum store_rc pg_session_delete_user(struct store *st, int64_t user_id)
{
    return exec(st, prep(st, Q_SESSION_DELETE_USER, "i", user_id), "session_delete_user");
}
static enum store_rc pg_session_prune(struct store *st, int64_t now)
{
    enum store_rc rc = exec(st, prep(st, Q_SESSION_PRUNE, "i", now), "session_prune");
    if (rc == ST_OK)
        rc = exec(st, prep(st, Q_FAILURES_PRUNE, "i", now - 86400), "failures_prune");
    return rc;
}

struct failures { int count; int64_t oldest; };
static void read_failures(const struct row *w, void *out)
{
    struct failures *f = out;
    f->count = i32(w, 0);
    f->oldest = i64(w, 1);
}
static enum store_rc pg_login_failures(struct store *st, const char *key, int64_t since,
                                       int *count, int64_t *oldest)
{
    struct failures f = {0, 0};
    enum store_rc rc = one_row(st, prep(st, Q_FAILURES, "si", key, since), "failures",
                               read_failures, &f);
    *count = f.count;
    *oldest = f.oldest;
    return rc == ST_NOT_FOUND ? ST_OK : rc;
}
static enum store_rc pg_login_failure_add(struct store *st, const char *key, int64_t at,
                                          int64_t *id)
{
    return insert(st, prep(st, Q_FAILURE_ADD, "si", key, at), "failure_add", id);
}
static enum store_rc pg_login_failure_delete(struct store *st, int64_t id)
{
    return exec(st, prep(st, Q_FAILURE_DELETE, "i", id), "failure_delete");
}
static enum store_rc pg_login_failures_clear(struct store *st, const char *key)
{
    return exec(st, prep(st, Q_FAILURES_CLEAR, "s", key), "failures_clear");
}

/* ---- API tokens ---- */

static void read_token(const struct row *w, void *out)
{
    struct api_token *t = out;
    t->id = i64(w, 0);
    COPY(t->name, w, 1);
    COPY(t->owner, w, 2);
    t->owner_id = i64(w, 3);
    t->owner_active = flag(w, 4);
    t->unit_id = i64(w, 5);
    COPY(t->unit_code, w, 6);
    COPY(t->unit_path, w, 7);
    COPY(t->role, w, 8);
    COPY(t->created_at, w, 9);
    COPY(t->expires_at, w, 10);
    COPY(t->revoked_at, w, 11);
    COPY(t->last_used_at, w, 12);
}
static void token_row(const struct row *w, void *fn, void *ctx)
{
    struct api_token t;
    read_token(w, &t);
    ((token_fn)fn)(ctx, &t);
}
static enum store_rc pg_token_insert(struct store *st, const char *token_hash,
                                     struct api_token *t)
{
    return insert(st,
                  prep(st, Q_TOKEN_INSERT, "ssiisss", token_hash, t->name, t->owner_id,
                       t->unit_id, t->role, t->created_at,
                       *t->expires_at ? t->expires_at : NULL),
                  "token_insert", &t->id);
}
struct token_and_owner { struct api_token *t; struct user *owner; };
static void read_token_owner(const struct row *w, void *out)
{
    struct token_and_owner *to = out;
    read_token(w, to->t);
    read_user_at(w, 13, to->owner);
}
static enum store_rc pg_token_by_hash(struct store *st, const char *token_hash,
                                      struct api_token *out, struct user *owner)
{
    struct token_and_owner to = {out, owner};
    return one_row(st, prep(st, Q_TOKEN_BY_HASH, "s", token_hash), "token_by_hash",
                   read_token_owner, &to);
}
static enum store_rc pg_token_get(struct store *st, int64_t id, struct api_token *out)
{
    return one_row(st, prep(st, Q_TOKEN_GET, "i", id), "token_get", read_token, out);
}
static enum store_rc pg_token_list(struct store *st, int64_t owner_id, token_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_TOKEN_LIST, "i", owner_id), "token_list", token_row,
                    (void *)each, ctx);
}
static enum store_rc pg_token_revoke(struct store *st, int64_t id, const char *at)
{
    return exec(st, prep(st, Q_TOKEN_REVOKE, "is", id, at), "token_revoke");
}
static enum store_rc pg_token_revoke_owner(struct store *st, int64_t owner_id, const char *at)
{
    return exec(st, prep(st, Q_TOKEN_REVOKE_OWNER, "is", owner_id, at), "token_revoke_owner");
}
static enum store_rc pg_token_touch(struct store *st, int64_t id, const char *at)
{
    return exec(st, prep(st, Q_TOKEN_TOUCH, "is", id, at), "token_touch");
}

/* ---- audit ---- */

struct audit_last { int64_t id; char hash[HASH_HEX]; };
static void read_audit_last(const struct row *w, void *out)
{
    struct audit_last *a = out;
    a->id = i64(w, 0);
    COPY(a->hash, w, 1);
}
/* The chain head. Inside a write transaction the writer lock is held, so no other writer can
 * append until this one commits: the head read here is the one the next row follows. */
static enum store_rc pg_audit_last(struct store *st, int64_t *id, char hash[HASH_HEX])
{
    struct audit_last a = {0, ""};
    enum store_rc rc = one_row(st, prep(st, Q_AUDIT_LAST, ""), "audit_last", read_audit_last,
                               &a);
    *id = a.id;
    memcpy(hash, a.hash, HASH_HEX);
    return rc;
}
static enum store_rc pg_audit_insert(struct store *st, struct audit_entry *e)
{
    return exec(st,
                prep(st, Q_AUDIT_INSERT, "isssssssss", e->id, e->at, e->actor, e->action,
                     e->entity, e->entity_id, e->before_json, e->after_json, e->prev_hash,
                     e->hash),
                "audit_insert");
}
struct audit_scan { audit_fn each; void *ctx; bool stopped; };
static void audit_row(const struct row *w, void *fn, void *ctx)
{
    struct audit_scan *a = fn;
    (void)ctx;
    if (a->stopped) return;
    struct audit_entry e;
    e.id = i64(w, 0);
    COPY(e.at, w, 1);
    e.actor = text(w, 2);
    e.action = text(w, 3);
    e.entity = text(w, 4);
    e.entity_id = text(w, 5);
    e.before_json = text_or_null(w, 6);
    e.after_json = text_or_null(w, 7);
    COPY(e.prev_hash, w, 8);
    COPY(e.hash, w, 9);
    if (a->each(a->ctx, &e)) a->stopped = true;
}
static enum store_rc pg_audit_list(struct store *st, const char *entity, const char *entity_id,
                                   const char *actor, int64_t before_id, int limit,
                                   audit_fn each, void *ctx)
{
    struct audit_scan a = {each, ctx, false};
    return each_row(st,
                    prep(st, Q_AUDIT_LIST, "sssii", entity, entity_id, actor, before_id,
                         (int64_t)limit),
                    "audit rows", audit_row, &a, NULL);
}
static enum store_rc pg_audit_scan(struct store *st, audit_fn each, void *ctx)
{
    struct audit_scan a = {each, ctx, false};
    return each_row(st, prep(st, Q_AUDIT_SCAN, ""), "audit rows", audit_row, &a, NULL);
}

/* ---- programmes and documents ---- */

static void read_id(const struct row *w, void *out) { *(int64_t *)out = i64(w, 0); }

static enum store_rc pg_programme_insert(struct store *st, const char *code, const char *name,
                                         int64_t *id)
{
    return insert(st, prep(st, Q_PROGRAMME_INSERT, "ss", code, name), "programme_insert", id);
}
static enum store_rc pg_programme_id(struct store *st, const char *code, int64_t *id)
{
    return one_row(st, prep(st, Q_PROGRAMME_ID, "s", code), "programme_id", read_id, id);
}
static enum store_rc pg_task_group_insert(struct store *st, int64_t programme_id, int number,
                                          const char *title)
{
    return insert(st, prep(st, Q_TASK_GROUP_INSERT, "iis", programme_id, (int64_t)number, title),
                  "task_group_insert", NULL);
}
static enum store_rc pg_document_insert(struct store *st, const struct document *d,
                                        int64_t issuer_id, int64_t programme_id,
                                        const char *search_folded, int64_t *id)
{
    enum store_rc rc = insert(st,
                              prep(st, Q_DOCUMENT_INSERT, "sssssnnnbss", d->key, d->number,
                                   d->kind, d->title, d->date && *d->date ? d->date : NULL,
                                   issuer_id, d->implements_id, programme_id, (int)d->restricted,
                                   d->text ? d->text : "", search_folded),
                              "document_insert", id);
    return rc == ST_OK ? bump(st, "documents") : rc;
}
static enum store_rc pg_document_id(struct store *st, const char *key, int64_t *id)
{
    return one_row(st, prep(st, Q_DOCUMENT_ID, "s", key), "document_id", read_id, id);
}
static void document_row(const struct row *w, void *fn, void *ctx)
{
    struct document d = {
        .id = i64(w, 0),
        .key = text(w, 1),
        .number = text(w, 2),
        .kind = text(w, 3),
        .title = text(w, 4),
        .date = text(w, 5),
        .issuer_code = text(w, 6),
        .issuer_name = text(w, 7),
        .programme_code = text(w, 8),
        .implements_id = i64(w, 9),
        .restricted = flag(w, 10),
        .text = text(w, 11),
    };
    ((document_fn)fn)(ctx, &d);
}
static enum store_rc pg_document_get(struct store *st, int64_t id, bool with_text,
                                     document_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_DOCUMENT_GET, "ib", id, (int)with_text), "document_get",
                     document_row, (void *)each, ctx);
}
static enum store_rc pg_document_list(struct store *st, int64_t implements, const char *folded,
                                      const char *programme, document_fn each, void *ctx)
{
    char *pat = folded && *folded ? like_pattern(folded) : NULL;
    enum store_rc rc = each_row(st,
                                prep(st, Q_DOCUMENT_LIST, "iss", implements, pat, programme),
                                "document_list", document_row, (void *)each, ctx);
    free(pat);
    return rc;
}

/* ---- tasks ---- */

static const char *null_if_empty(const char *s) { return s && *s ? s : NULL; }

static void read_task_at(const struct row *w, int c, struct task *t)
{
    *t = (struct task){
        .id = i64(w, c), .key = text(w, c + 1),
        .document_id = i64(w, c + 2), .document_number = text(w, c + 3),
        .document_key = text(w, c + 4), .programme_id = i64(w, c + 5),
        .section = text(w, c + 6), .task_group = i32(w, c + 7),
        .title = text(w, c + 8), .text = text(w, c + 9), .expected_output = text(w, c + 10),
        .deadline_text = text(w, c + 11), .deadline_kind = text(w, c + 12),
        .due = text(w, c + 13), .period = text(w, c + 14),
        .on_demand = flag(w, c + 15), .start_date = text(w, c + 16),
        .parent_id = i64(w, c + 17),
        .assigner_id = i64(w, c + 18), .assigner_code = text(w, c + 19),
        .block = text(w, c + 20), .criteria = text(w, c + 21), .created_at = text(w, c + 22),
        .created_by = text(w, c + 23),
    };
}
#define TASK_NCOLS 24

static void task_row_fn_(const struct row *w, void *fn, void *ctx)
{
    struct task t;
    read_task_at(w, 0, &t);
    ((task_fn)fn)(ctx, &t);
}

static enum store_rc pg_task_insert(struct store *st, const struct task *t,
                                    const char *search_folded, int64_t *id)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    enum store_rc rc = insert(st,
                              prep(st, Q_TASK_INSERT, "snnsisssssssbsnnssssss",
                                   null_if_empty(t->key), t->document_id, t->programme_id,
                                   t->section, (int64_t)t->task_group, t->title, t->text,
                                   t->expected_output, t->deadline_text, t->deadline_kind,
                                   null_if_empty(t->due), null_if_empty(t->period),
                                   (int)t->on_demand, t->start_date, t->parent_id,
                                   t->assigner_id, t->block, t->criteria, search_folded,
                                   t->created_at, t->created_by, today),
                              "task_insert", id);
    return rc == ST_OK ? bump(st, "tasks") : rc;
}

static enum store_rc pg_task_part_insert(struct store *st, int64_t task_id, int64_t unit_id,
                                         const char *role, int64_t *part_id)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = insert(st, prep(st, Q_TASK_PART_INSERT, "iiss", task_id, unit_id, role,
                                       now),
                              "task_part_insert", part_id);
    return rc == ST_OK ? bump(st, "tasks") : rc;
}

static enum store_rc pg_task_get(struct store *st, int64_t id, task_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_TASK_GET, "i", id), "task_get", task_row_fn_, (void *)each,
                     ctx);
}

static enum store_rc pg_task_id_by_key(struct store *st, const char *key, int64_t *id)
{
    return one_row(st, prep(st, Q_TASK_ID_BY_KEY, "s", key), "task_id_by_key", read_id, id);
}

static void read_part_at(const struct row *w, int c, struct task_part *p)
{
    p->id = i64(w, c);
    p->unit_id = i64(w, c + 1);
    COPY(p->unit_code, w, c + 2);
    COPY(p->unit_name, w, c + 3);
    COPY(p->unit_path, w, c + 4);
    COPY(p->role, w, c + 5);
    p->progress = i32(w, c + 6);
    COPY(p->state, w, c + 7);
    COPY(p->reported_on, w, c + 8);
    COPY(p->done_on, w, c + 9);
    COPY(p->updated_at, w, c + 10);
    p->period_reports = text(w, c + 11);
    COPY(p->accepted_on, w, c + 12);
}

static void task_row_row(const struct row *w, void *fn, void *ctx)
{
    struct task_row r;
    read_task_at(w, 0, &r.task);
    read_part_at(w, TASK_NCOLS, &r.part);
    r.part.task_id = r.task.id;
    ((task_row_fn)fn)(ctx, &r);
}

static enum store_rc pg_task_rows(struct store *st, const struct task_query *q, task_row_fn each,
                                  void *ctx)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    const char *d = q->as_of ? q->as_of : today;
    bool current = strcmp(d, today) >= 0;
    char *pat = q->folded && *q->folded ? like_pattern(q->folded) : NULL;
    enum store_rc rc = each_row(
        st,
        prep(st, Q_TASK_ROWS, "ssisiisssiib", d, q->scope_path, q->unit_id, q->role,
             q->document_id, (int64_t)q->task_group, pat, q->due_from, q->due_to, q->task_id,
             q->parent_id, (int)current),
        "task_rows", task_row_row, (void *)each, ctx);
    free(pat);
    return rc;
}

static enum store_rc pg_task_part_set(struct store *st, int64_t part_id, int progress,
                                      const char *state, const char *reported_on,
                                      const char *accepted_on)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = exec(st,
                            prep(st, Q_TASK_PART_SET, "iissss", part_id, (int64_t)progress,
                                 state, null_if_empty(reported_on), null_if_empty(accepted_on),
                                 now),
                            "task_part_set");
    return rc == ST_OK ? bump(st, "tasks") : rc;
}

static enum store_rc pg_task_update_insert(struct store *st, const struct task_update *u)
{
    enum store_rc rc = exec(st,
                            prep(st, Q_TASK_UPDATE_INSERT, "issssIsss", u->part_id, u->at,
                                 u->day, u->actor, u->kind, (int64_t)u->progress,
                                 null_if_empty(u->period), u->note ? u->note : "",
                                 u->links ? u->links : "[]"),
                            "task_update_insert");
    return rc == ST_OK ? bump(st, "tasks") : rc;
}

static void task_update_row(const struct row *w, void *fn, void *ctx)
{
    struct task_update u = {
        .id = i64(w, 0), .part_id = i64(w, 1),
        .unit_code = text(w, 2), .at = text(w, 3), .day = text(w, 4), .actor = text(w, 5),
        .kind = text(w, 6),
        .progress = is_null(w, 7) ? -1 : i32(w, 7),
        .period = text(w, 8), .note = text(w, 9), .links = text(w, 10),
    };
    ((task_update_fn)fn)(ctx, &u);
}

/* Parts with their whole history in one statement (so one snapshot): the events of a part come
 * as one text column "id,day,progress,period_report,period;..." oldest first (days and periods
 * hold no ',' or ';'). One row per part keeps the result, which libpq reads whole, small. */
static enum store_rc pg_part_histories(struct store *st, const char *scope_path,
                                       part_history_fn each, void *ctx)
{
    PGresult *res;
    enum store_rc rc = run(st, prep(st, Q_PART_HISTORIES, "s", scope_path), "part_histories",
                           &res);
    if (rc != ST_OK) return rc;
    int n = PQntuples(res);
    struct part_event *list = NULL;
    size_t cap = 0;
    for (int i = 0; i < n && rc == ST_OK; i++) {
        struct row w = {res, i};
        struct part_history h;
        memset(&h, 0, sizeof h);
        h.part_id = i64(&w, 0);
        h.task_id = i64(&w, 1);
        h.unit_id = i64(&w, 2);
        h.task_group = i32(&w, 3);
        COPY(h.deadline_kind, &w, 4);
        COPY(h.due, &w, 5);
        COPY(h.period, &w, 6);
        COPY(h.start_date, &w, 7);
        COPY(h.created_day, &w, 8);
        h.progress = i32(&w, 9);
        COPY(h.reported_on, &w, 10);
        COPY(h.accepted_on, &w, 11);
        COPY(h.unit_code, &w, 12);
        COPY(h.unit_name, &w, 13);
        COPY(h.unit_path, &w, 14);
        COPY(h.role, &w, 15);
        COPY(h.block, &w, 16);
        COPY(h.criteria, &w, 17);
        for (const char *p = text(&w, 18); *p;) {
            if (h.n_events == cap) {
                size_t more = cap ? 2 * cap : 64;
                struct part_event *grown = realloc(list, more * sizeof *grown);
                if (!grown) { rc = ST_ERROR; break; }
                list = grown;
                cap = more;
            }
            struct part_event *e = &list[h.n_events];
            memset(e, 0, sizeof *e);
            const char *end = strchr(p, ';');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            char item[64];
            if (len >= sizeof item) { rc = ST_ERROR; break; }
            memcpy(item, p, len);
            item[len] = '\0';
            char *f[5] = {item, NULL, NULL, NULL, NULL};
            for (int k = 1; k < 5; k++) {
                f[k] = f[k - 1] ? strchr(f[k - 1], ',') : NULL;
                if (f[k]) *f[k]++ = '\0';
            }
            if (!f[4]) { rc = ST_ERROR; break; }
            e->id = strtoll(f[0], NULL, 10);
            util_copy(e->day, sizeof e->day, f[1]);
            e->progress = *f[2] ? (int)strtol(f[2], NULL, 10) : -1;
            e->period_report = f[3][0] == 't';
            util_copy(e->period, sizeof e->period, f[4]);
            h.n_events++;
            p = end ? end + 1 : p + len;
        }
        h.events = list;
        if (rc == ST_OK) each(ctx, &h);
    }
    if (rc != ST_OK) util_log("error", "msg=\"postgres: part_histories: an event could not be read\"");
    free(list);
    PQclear(res);
    return rc;
}

static enum store_rc pg_task_updates(struct store *st, int64_t task_id, int64_t part_id,
                                     const char *as_of, task_update_fn each, void *ctx)
{
    char today[ISO_DATE_LEN];
    const char *d = date_or_today(as_of, today);
    return each_row(st, prep(st, Q_TASK_UPDATES, "iis", task_id, part_id, d), "task_updates",
                    task_update_row, (void *)each, ctx);
}

/* ---- evidence ---- */

static enum store_rc pg_evidence_insert(struct store *st, const struct evidence *e, int64_t *id)
{
    /* The content goes as a binary parameter: no escaping, no doubling in transit. */
    enum store_rc rc = insert(st,
                              prep(st, Q_EVIDENCE_INSERT, "nnssisxss", e->part_id,
                                   e->initiative_id, e->name, e->type, e->size, e->sha256,
                                   e->content, e->size, e->at, e->actor),
                              "evidence_insert", id);
    return rc == ST_OK ? bump(st, e->initiative_id ? "initiatives" : "tasks") : rc;
}

/* Text-format bytea arrives hex-escaped ("\x..."): unescaped for the callback. */
static void evidence_row(const struct row *w, void *fn, void *ctx)
{
    unsigned char *content = NULL;
    if (!is_null(w, 12)) {
        size_t len = 0;
        content = PQunescapeBytea((const unsigned char *)text(w, 12), &len);
    }
    struct evidence e = {
        .id = i64(w, 0), .part_id = i64(w, 1),
        .task_id = i64(w, 2), .name = text(w, 3), .type = text(w, 4),
        .sha256 = text(w, 5), .at = text(w, 6), .actor = text(w, 7), .unit_code = text(w, 8),
        .unit_path = text(w, 9), .assigner_path = text(w, 10),
        .size = i64(w, 11), .content = content, .initiative_id = i64(w, 13),
    };
    ((evidence_fn)fn)(ctx, &e);
    PQfreemem(content);
}

static enum store_rc pg_evidence_get(struct store *st, int64_t id, evidence_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_EVIDENCE_GET, "i", id), "evidence_get", evidence_row,
                     (void *)each, ctx);
}

static enum store_rc pg_evidence_list(struct store *st, int64_t task_id, evidence_fn each,
                                      void *ctx)
{
    return each_row(st, prep(st, Q_EVIDENCE_LIST, "i", task_id), "evidence_list", evidence_row,
                    (void *)each, ctx);
}

/* ---- breakthrough initiatives ---- */

static void field_row(const struct row *w, void *fn, void *ctx)
{
    struct strategic_field f = {
        .id = i64(w, 0), .code = text(w, 1), .name = text(w, 2), .name_en = text(w, 3),
        .source = text(w, 4), .position = i32(w, 5), .active = flag(w, 6),
    };
    ((strategic_field_fn)fn)(ctx, &f);
}

static enum store_rc pg_strategic_field_list(struct store *st, bool include_retired,
                                             strategic_field_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_FIELD_LIST, "b", (int)include_retired), "strategic_field_list",
                    field_row, (void *)each, ctx);
}

static enum store_rc pg_strategic_field_insert(struct store *st, const struct strategic_field *f,
                                               int64_t *id)
{
    enum store_rc rc = insert(st, prep(st, Q_FIELD_INSERT, "ssssib", f->code, f->name,
                                       f->name_en, f->source, (int64_t)f->position,
                                       (int)f->active),
                              "strategic_field_insert", id);
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static enum store_rc pg_strategic_field_update(struct store *st, const struct strategic_field *f)
{
    enum store_rc rc = exec_changed(st, prep(st, Q_FIELD_UPDATE, "sssib", f->code, f->name,
                                             f->name_en, (int64_t)f->position, (int)f->active),
                                    "strategic_field_update");
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static enum store_rc pg_initiative_insert(struct store *st, const struct initiative *i,
                                          const char *search_folded, int64_t *id)
{
    enum store_rc rc = insert(st, prep(st, Q_INITIATIVE_INSERT, "ssnsisssssssssnssss", i->code,
                                       i->source, i->feedback_id, i->title, i->field_id,
                                       i->problem, i->solution, i->impact, i->resources, i->team,
                                       i->proposer_kind, i->proposer_name, i->email, i->phone,
                                       i->unit_id, i->stage, i->received_at, i->received_day,
                                       search_folded),
                              "initiative_insert", id);
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static void initiative_row(const struct row *w, void *fn, void *ctx)
{
    struct initiative i = {
        .id = i64(w, 0), .code = text(w, 1), .source = text(w, 2),
        .feedback_id = i64(w, 3), .title = text(w, 4),
        .field_id = i64(w, 5), .field_code = text(w, 6),
        .field_name = text(w, 7), .problem = text(w, 8), .solution = text(w, 9),
        .impact = text(w, 10), .resources = text(w, 11), .team = text(w, 12),
        .proposer_kind = text(w, 13), .proposer_name = text(w, 14), .email = text(w, 15),
        .phone = text(w, 16), .unit_id = i64(w, 17), .unit_code = text(w, 18),
        .unit_name = text(w, 19), .unit_path = text(w, 20), .unit_kind = text(w, 21),
        .stage = text(w, 22), .received_at = text(w, 23), .received_day = text(w, 24),
        .screened_at = text(w, 25), .screened_by = text(w, 26),
        .screening_reason = text(w, 27), .assessment = text(w, 28),
        .council_due = text(w, 29), .council_at = text(w, 30), .council_by = text(w, 31),
        .round = i32(w, 32), .decided_at = text(w, 33),
        .decided_by = text(w, 34), .decision_reason = text(w, 35),
        .task_id = i64(w, 36), .screened_day = text(w, 37),
        .council_day = text(w, 38),
    };
    ((initiative_fn)fn)(ctx, &i);
}

static enum store_rc pg_initiative_get(struct store *st, int64_t id, const char *code,
                                       initiative_fn each, void *ctx)
{
    struct call *c = id ? prep(st, Q_INITIATIVE_GET, "i", id)
                        : prep(st, Q_INITIATIVE_BY_CODE, "s", code);
    return first_row(st, c, "initiative_get", initiative_row, (void *)each, ctx);
}

static enum store_rc pg_initiative_list(struct store *st, const struct initiative_query *q,
                                        initiative_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_LIST, "sisii", q->stage, q->member_id, q->folded,
                             q->after_id, (int64_t)q->limit),
                    "initiative_list", initiative_row, (void *)each, ctx);
}

static enum store_rc pg_initiative_update(struct store *st, const struct initiative *i)
{
    enum store_rc rc = exec_changed(st, prep(st, Q_INITIATIVE_UPDATE, "inssssssssisssnss", i->id,
                                             i->unit_id, i->stage, null_if_empty(i->screened_at),
                                             null_if_empty(i->screened_by), i->screening_reason,
                                             i->assessment, null_if_empty(i->council_due),
                                             null_if_empty(i->council_at),
                                             null_if_empty(i->council_by), (int64_t)i->round,
                                             null_if_empty(i->decided_at),
                                             null_if_empty(i->decided_by), i->decision_reason,
                                             i->task_id, null_if_empty(i->screened_day),
                                             null_if_empty(i->council_day)),
                                    "initiative_update");
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static enum store_rc pg_initiative_event_insert(struct store *st, int64_t initiative_id,
                                                const char *at, const char *actor,
                                                const char *kind, const char *note)
{
    enum store_rc rc = exec(st, prep(st, Q_INITIATIVE_EVENT_INSERT, "issss", initiative_id, at,
                                     actor, kind, note ? note : ""),
                            "initiative_event_insert");
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static void initiative_event_row(const struct row *w, void *fn, void *ctx)
{
    struct initiative_event e = {.id = i64(w, 0), .at = text(w, 1), .actor = text(w, 2),
                                 .kind = text(w, 3), .note = text(w, 4)};
    ((initiative_event_fn)fn)(ctx, &e);
}

static enum store_rc pg_initiative_events(struct store *st, int64_t initiative_id,
                                          initiative_event_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_EVENTS, "i", initiative_id), "initiative_events",
                    initiative_event_row, (void *)each, ctx);
}

static enum store_rc pg_initiative_member_insert(struct store *st, int64_t initiative_id,
                                                 int64_t user_id, const char *at, const char *by)
{
    enum store_rc rc = insert(st, prep(st, Q_INITIATIVE_MEMBER_INSERT, "iiss", initiative_id,
                                       user_id, at, by),
                              "initiative_member_insert", NULL);
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static void initiative_member_row(const struct row *w, void *fn, void *ctx)
{
    struct initiative_member m = {
        .user_id = i64(w, 0), .username = text(w, 1), .display_name = text(w, 2),
        .unit_code = text(w, 3), .unit_name = text(w, 4), .unit_path = text(w, 5),
        .unit_kind = text(w, 6), .appointed_at = text(w, 7), .appointed_by = text(w, 8),
    };
    ((initiative_member_fn)fn)(ctx, &m);
}

static enum store_rc pg_initiative_members(struct store *st, int64_t initiative_id,
                                           initiative_member_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_MEMBERS, "i", initiative_id), "initiative_members",
                    initiative_member_row, (void *)each, ctx);
}

static enum store_rc pg_initiative_conflict_insert(struct store *st, int64_t initiative_id,
                                                   int64_t user_id, const char *reason,
                                                   const char *at)
{
    enum store_rc rc = insert(st, prep(st, Q_INITIATIVE_CONFLICT_INSERT, "iiss", initiative_id,
                                       user_id, reason, at),
                              "initiative_conflict_insert", NULL);
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static void initiative_conflict_row(const struct row *w, void *fn, void *ctx)
{
    struct initiative_conflict c = {.user_id = i64(w, 0), .username = text(w, 1),
                                    .reason = text(w, 2), .at = text(w, 3)};
    ((initiative_conflict_fn)fn)(ctx, &c);
}

static enum store_rc pg_initiative_conflicts(struct store *st, int64_t initiative_id,
                                             initiative_conflict_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_CONFLICTS, "i", initiative_id),
                    "initiative_conflicts", initiative_conflict_row, (void *)each, ctx);
}

static enum store_rc pg_initiative_score_insert(struct store *st, int64_t initiative_id,
                                                const struct initiative_score *x)
{
    enum store_rc rc = insert(st, prep(st, Q_INITIATIVE_SCORE_INSERT, "iiiiiiiiss",
                                       initiative_id, (int64_t)x->round, x->user_id,
                                       (int64_t)x->v[0], (int64_t)x->v[1], (int64_t)x->v[2],
                                       (int64_t)x->v[3], (int64_t)x->v[4], x->comment, x->at),
                              "initiative_score_insert", NULL);
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static void initiative_score_row(const struct row *w, void *fn, void *ctx)
{
    struct initiative_score x = {
        .user_id = i64(w, 0), .username = text(w, 1), .display_name = text(w, 2),
        .round = i32(w, 3), .comment = text(w, 9), .at = text(w, 10),
    };
    for (int i = 0; i < 5; i++) x.v[i] = i32(w, 4 + i);
    ((initiative_score_fn)fn)(ctx, &x);
}

static enum store_rc pg_initiative_scores(struct store *st, int64_t initiative_id, int round,
                                          initiative_score_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_SCORES, "ii", initiative_id, (int64_t)round),
                    "initiative_scores", initiative_score_row, (void *)each, ctx);
}

static enum store_rc pg_initiative_evidence(struct store *st, int64_t initiative_id,
                                            evidence_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_EVIDENCE, "i", initiative_id),
                    "initiative_evidence", evidence_row, (void *)each, ctx);
}

/* ---- checklists ---- */

static enum store_rc pg_checklist_insert(struct store *st, const char *code, const char *name,
                                         const char *unit_kinds, int64_t *id)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = insert(st, prep(st, Q_CHECKLIST_INSERT, "ssss", code, name, unit_kinds,
                                       now),
                              "checklist_insert", id);
    return rc == ST_OK ? bump(st, "checklists") : rc;
}
static enum store_rc pg_criterion_insert(struct store *st, int64_t checklist_id, int position,
                                         const char *text, int64_t *id)
{
    enum store_rc rc = insert(st, prep(st, Q_CRITERION_INSERT, "iis", checklist_id,
                                       (int64_t)position, text),
                              "criterion_insert", id);
    return rc == ST_OK ? bump(st, "checklists") : rc;
}
static void checklist_row(const struct row *w, void *fn, void *ctx)
{
    struct checklist c = {.id = i64(w, 0), .code = text(w, 1), .name = text(w, 2),
                          .unit_kinds = text(w, 3)};
    ((checklist_fn)fn)(ctx, &c);
}
static enum store_rc pg_checklist_list(struct store *st, int64_t id, checklist_fn each,
                                       void *ctx)
{
    return each_row(st, prep(st, Q_CHECKLIST_LIST, "i", id), "checklist_list", checklist_row,
                    (void *)each, ctx);
}
static void criterion_row(const struct row *w, void *fn, void *ctx)
{
    struct criterion c = {.id = i64(w, 0), .checklist_id = i64(w, 1),
                          .position = i32(w, 2), .text = text(w, 3),
                          .met = is_null(w, 4) ? -1 : flag(w, 4),
                          .day = text(w, 5), .actor = text(w, 6), .note = text(w, 7)};
    ((criterion_fn)fn)(ctx, &c);
}
static enum store_rc pg_criteria_list(struct store *st, int64_t checklist_id, int64_t unit_id,
                                      const char *as_of, criterion_fn each, void *ctx)
{
    char today[ISO_DATE_LEN];
    return each_row(st, prep(st, Q_CRITERIA_LIST, "iis", checklist_id, unit_id,
                             date_or_today(as_of, today)),
                    "criteria_list", criterion_row, (void *)each, ctx);
}
static enum store_rc pg_answer_insert(struct store *st, int64_t criterion_id, int64_t unit_id,
                                      bool met, const char *day, const char *at,
                                      const char *actor, const char *note)
{
    enum store_rc rc = exec(st, prep(st, Q_ANSWER_INSERT, "iibssss", criterion_id, unit_id,
                                     (int)met, day, at, actor, note ? note : ""),
                            "answer_insert");
    return rc == ST_OK ? bump(st, "checklists") : rc;
}
static void checklist_unit_row(const struct row *w, void *fn, void *ctx)
{
    struct checklist_unit u = {.id = i64(w, 0), .code = text(w, 1), .name = text(w, 2),
                               .path = text(w, 3), .met = i32(w, 4)};
    ((checklist_unit_fn)fn)(ctx, &u);
}
static enum store_rc pg_checklist_units(struct store *st, int64_t checklist_id, const char *kinds,
                                        const char *scope_path, const char *as_of,
                                        checklist_unit_fn each, void *ctx)
{
    char today[ISO_DATE_LEN];
    return each_row(st, prep(st, Q_CHECKLIST_UNITS, "isss", checklist_id, kinds, scope_path,
                             date_or_today(as_of, today)),
                    "checklist_units", checklist_unit_row, (void *)each, ctx);
}

/* ---- indicators ---- */

static double real_or_nan(const struct row *w, int col)
{
    return is_null(w, col) ? NAN : strtod(text(w, col), NULL);
}
static double real(const struct row *w, int col) { return strtod(text(w, col), NULL); }

/* Insert and update bind the same 21 parameters: the code, the definition and a time. */
static struct call *prep_indicator(struct store *st, enum q q, const struct indicator *i,
                                   const char *folded, const char *at)
{
    return prep(st, q, "sssssssssssssIdddibss", i->code, null_if_empty(i->programme_code),
                null_if_empty(i->document_key), null_if_empty(i->part_of_code), i->goal, i->name,
                folded, i->unit_of_measure, i->direction, i->value_type, i->aggregation,
                i->period_type, i->reporters, (int64_t)(i->baseline_year ? i->baseline_year : -1),
                i->baseline_value, i->near_tolerance, i->ratio_scale, (int64_t)i->due_days,
                (int)i->required, i->quote, at);
}
static enum store_rc pg_indicator_insert(struct store *st, const struct indicator *i,
                                         const char *folded, int64_t *id)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    const char *created = i->created_at && *i->created_at ? i->created_at : now;
    enum store_rc rc = insert(st, prep_indicator(st, Q_INDICATOR_INSERT, i, folded, created),
                              "indicator_insert", id);
    return rc == ST_OK ? bump(st, "indicators") : rc;
}
/* By code (codes do not change). */
static enum store_rc pg_indicator_update(struct store *st, const struct indicator *i,
                                         const char *folded)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = exec_changed(st, prep_indicator(st, Q_INDICATOR_UPDATE, i, folded, now),
                                    "indicator_update");
    return rc == ST_OK ? bump(st, "indicators") : rc;
}
static void indicator_row(const struct row *w, void *fn, void *ctx)
{
    struct indicator i = {
        .id = i64(w, 0), .code = text(w, 1), .programme_code = text(w, 2),
        .document_key = text(w, 3), .goal = text(w, 4), .name = text(w, 5),
        .unit_of_measure = text(w, 6), .direction = text(w, 7), .value_type = text(w, 8),
        .aggregation = text(w, 9), .period_type = text(w, 10), .reporters = text(w, 11),
        .part_of_code = text(w, 12), .quote = text(w, 13),
        .baseline_year = i32(w, 14), .baseline_value = real_or_nan(w, 15),
        .near_tolerance = real_or_nan(w, 16), .ratio_scale = real(w, 17),
        .due_days = i32(w, 18), .required = flag(w, 19),
        .created_at = text(w, 20), .updated_at = text(w, 21)};
    ((indicator_fn)fn)(ctx, &i);
}
static enum store_rc pg_indicator_list(struct store *st, int64_t id, const char *folded,
                                       const char *programme, indicator_fn each, void *ctx)
{
    char *pat = folded && *folded ? like_pattern(folded) : NULL;
    enum store_rc rc = each_row(st, prep(st, Q_INDICATOR_LIST, "iss", id, pat, programme),
                                "indicator_list", indicator_row, (void *)each, ctx);
    free(pat);
    return rc;
}
static enum store_rc pg_indicator_id(struct store *st, const char *code, int64_t *id)
{
    return one_row(st, prep(st, Q_INDICATOR_ID, "s", code), "indicator_id", read_id, id);
}
static enum store_rc pg_targets_set(struct store *st, int64_t indicator_id,
                                    const struct indicator_target *t, int n)
{
    enum store_rc rc = exec(st, prep(st, Q_TARGETS_CLEAR, "i", indicator_id), "targets_clear");
    for (int k = 0; rc == ST_OK && k < n; k++)
        rc = exec(st, prep(st, Q_TARGET_INSERT, "iisdds", indicator_id, (int64_t)t[k].year,
                           t[k].comparator, t[k].value, t[k].value_high,
                           t[k].text ? t[k].text : ""),
                  "target_insert");
    return rc == ST_OK ? bump(st, "indicators") : rc;
}
static void target_row(const struct row *w, void *fn, void *ctx)
{
    struct indicator_target t = {.year = i32(w, 0), .comparator = text(w, 1),
                                 .value = real(w, 2), .value_high = real_or_nan(w, 3),
                                 .text = text(w, 4)};
    ((target_fn)fn)(ctx, &t);
}
static enum store_rc pg_targets_list(struct store *st, int64_t indicator_id, target_fn each,
                                     void *ctx)
{
    return each_row(st, prep(st, Q_TARGETS_LIST, "i", indicator_id), "targets_list",
                    target_row, (void *)each, ctx);
}
static void read_value_at(const struct row *w, int c, struct ivalue *v)
{
    *v = (struct ivalue){
        .id = i64(w, c), .indicator_id = i64(w, c + 1), .unit_id = i64(w, c + 2),
        .indicator_code = text(w, c + 3), .unit_code = text(w, c + 4),
        .unit_name = text(w, c + 5), .unit_path = text(w, c + 6), .period = text(w, c + 7),
        .value = real(w, c + 8), .numerator = real_or_nan(w, c + 9),
        .denominator = real_or_nan(w, c + 10), .source = text(w, c + 11),
        .flags = text(w, c + 12), .first_day = text(w, c + 13), .updated_at = text(w, c + 14),
        .updated_by = text(w, c + 15), .late = flag(w, c + 16), .version = i64(w, c + 17)};
}
static void value_row(const struct row *w, void *fn, void *ctx)
{
    struct ivalue v;
    read_value_at(w, 0, &v);
    ((ivalue_fn)fn)(ctx, &v);
}
static enum store_rc pg_value_get(struct store *st, int64_t indicator_id, int64_t unit_id,
                                  const char *period, ivalue_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_VALUE_GET, "iis", indicator_id, unit_id, period),
                     "value_get", value_row, (void *)each, ctx);
}
static enum store_rc pg_value_put(struct store *st, const struct ivalue *v)
{
    return exec(st, prep(st, Q_VALUE_PUT, "iisdddsbssss", v->indicator_id, v->unit_id,
                         v->period, v->value, v->numerator, v->denominator,
                         v->source ? v->source : "", (int)v->late, v->flags ? v->flags : "",
                         v->first_day, v->updated_at, v->updated_by),
                "value_put");
}
static enum store_rc pg_value_delete(struct store *st, int64_t indicator_id, int64_t unit_id,
                                     const char *period)
{
    return exec_changed(st, prep(st, Q_VALUE_DELETE, "iis", indicator_id, unit_id, period),
                        "value_delete");
}
static enum store_rc pg_value_list(struct store *st, const struct value_query *q,
                                   ivalue_fn each, void *ctx)
{
    enum q plan = q->unit_id ? Q_VALUE_LIST_UNIT
                : q->indicator_id && q->period ? Q_VALUE_LIST_PERIOD : Q_VALUE_LIST;
    return each_row(st, prep(st, plan, "iissssii", q->indicator_id, q->unit_id,
                             q->scope_path, q->period, q->period_from, q->period_to,
                             q->after_id, (int64_t)(q->limit > 0 ? q->limit : -1)),
                    "value_list", value_row, (void *)each, ctx);
}
static enum store_rc pg_rollup_add(struct store *st, int64_t indicator_id, const char *period,
                                   const int64_t *unit_ids, int n, const struct rollup *d)
{
    enum store_rc rc = ST_OK;
    for (int k = 0; rc == ST_OK && k < n; k++)
        rc = exec(st, prep(st, Q_ROLLUP_ADD, "iisiiddddd", indicator_id, unit_ids[k], period,
                           d->n, d->late, d->total, d->num, d->den, d->lo, d->hi),
                  "rollup_add");
    return rc;
}
static enum store_rc pg_rollup_refresh_extremes(struct store *st, int64_t indicator_id,
                                                const char *period, int64_t unit_id)
{
    return exec(st, prep(st, Q_ROLLUP_EXTREMES, "isi", indicator_id, period, unit_id),
                "rollup_refresh_extremes");
}
static void read_rollup_at(const struct row *w, int c, struct rollup *r)
{
    *r = (struct rollup){.n = i64(w, c), .late = i64(w, c + 1), .total = real(w, c + 2),
                         .num = real(w, c + 3), .den = real(w, c + 4),
                         .lo = real_or_nan(w, c + 5), .hi = real_or_nan(w, c + 6)};
}
static void read_rollup(const struct row *w, void *out) { read_rollup_at(w, 0, out); }
static enum store_rc pg_rollup_get(struct store *st, int64_t indicator_id, int64_t unit_id,
                                   const char *period, struct rollup *out)
{
    return one_row(st, prep(st, Q_ROLLUP_GET, "iis", indicator_id, unit_id, period),
                   "rollup_get", read_rollup, out);
}
typedef void (*series_fn)(void *ctx, const char *period, const struct rollup *below,
                          const struct ivalue *own);
static void series_row(const struct row *w, void *fn, void *ctx)
{
    struct rollup r = {.lo = NAN, .hi = NAN};
    if (!is_null(w, 1)) read_rollup_at(w, 1, &r);
    struct ivalue v;
    bool own = !is_null(w, 8);
    if (own) read_value_at(w, 8, &v);
    ((series_fn)fn)(ctx, text(w, 0), &r, own ? &v : NULL);
}
static enum store_rc pg_rollup_series(struct store *st, int64_t indicator_id, int64_t unit_id,
                                      series_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_ROLLUP_SERIES, "ii", indicator_id, unit_id), "rollup_series",
                    series_row, (void *)each, ctx);
}
static enum store_rc pg_rollups_clear(struct store *st)
{
    return exec(st, prep(st, Q_ROLLUPS_CLEAR, ""), "rollups_clear");
}
static void reporting_unit_row(const struct row *w, void *fn, void *ctx)
{
    struct reporting_unit u = {.id = i64(w, 0), .code = text(w, 1), .name = text(w, 2),
                               .kind = text(w, 3), .path = text(w, 4), .reported = flag(w, 5),
                               .late = flag(w, 6), .first_day = text(w, 7)};
    ((reporting_unit_fn)fn)(ctx, &u);
}
static enum store_rc pg_reporting_units(struct store *st, int64_t indicator_id,
                                        const char *period, const char *reporters,
                                        const char *scope_path, const char *from,
                                        const char *to, reporting_unit_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_REPORTING_UNITS, "isssss", indicator_id, period, reporters,
                             scope_path ? scope_path : "/", from, to),
                    "reporting_units", reporting_unit_row, (void *)each, ctx);
}
static void value_period_row(const struct row *w, void *fn, void *ctx)
{
    struct value_period p = {.state = text(w, 0), .comment = text(w, 1), .at = text(w, 2),
                             .actor = text(w, 3)};
    ((value_period_fn)fn)(ctx, &p);
}
static enum store_rc pg_value_period_get(struct store *st, int64_t unit_id, const char *period,
                                         value_period_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_VALUE_PERIOD_GET, "is", unit_id, period), "value_period_get",
                     value_period_row, (void *)each, ctx);
}
static enum store_rc pg_value_period_set(struct store *st, int64_t unit_id, const char *period,
                                         const struct value_period *p)
{
    enum store_rc rc = exec(st, prep(st, Q_VALUE_PERIOD_SET, "isssss", unit_id, period,
                                     p->state, p->comment ? p->comment : "", p->at, p->actor),
                            "value_period_set");
    return rc == ST_OK ? bump(st, "indicators") : rc;
}
static enum store_rc pg_generation_bump(struct store *st, const char *name)
{
    return bump(st, name);
}

/* ---- periodic reports ---- */

static enum store_rc pg_report_schedule_insert(struct store *st, const struct report_schedule *r,
                                               int64_t *id)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = insert(st, prep(st, Q_SCHEDULE_INSERT, "sssisssssss", r->code, r->name,
                                       r->kind, (int64_t)r->due_day, null_if_empty(r->due_date),
                                       null_if_empty(r->period_from),
                                       null_if_empty(r->period_to), r->reporters,
                                       r->to_unit ? r->to_unit : "", r->quote ? r->quote : "",
                                       r->created_at && *r->created_at ? r->created_at : now),
                              "report_schedule_insert", id);
    return rc == ST_OK ? bump(st, "reports") : rc;
}
static void schedule_row(const struct row *w, void *fn, void *ctx)
{
    struct report_schedule r = {.id = i64(w, 0), .code = text(w, 1), .name = text(w, 2),
                                .kind = text(w, 3), .due_day = i32(w, 4), .due_date = text(w, 5),
                                .period_from = text(w, 6), .period_to = text(w, 7),
                                .reporters = text(w, 8), .to_unit = text(w, 9),
                                .quote = text(w, 10), .created_at = text(w, 11)};
    ((report_schedule_fn)fn)(ctx, &r);
}
static enum store_rc pg_report_schedule_list(struct store *st, int64_t id,
                                             report_schedule_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_SCHEDULE_LIST, "i", id), "report_schedule_list", schedule_row,
                    (void *)each, ctx);
}
static void report_row(const struct row *w, void *fn, void *ctx)
{
    struct report r = {.id = i64(w, 0), .schedule_id = i64(w, 1), .unit_id = i64(w, 2),
                       .unit_code = text(w, 3), .unit_name = text(w, 4), .unit_kind = text(w, 5),
                       .unit_path = text(w, 6), .period = text(w, 7), .narrative = text(w, 8),
                       .state = text(w, 9), .snapshot = text(w, 10), .comment = text(w, 11),
                       .submitted_at = text(w, 12), .submitted_by = text(w, 13),
                       .decided_at = text(w, 14), .decided_by = text(w, 15),
                       .updated_at = text(w, 16)};
    ((report_fn)fn)(ctx, &r);
}
static enum store_rc pg_report_get(struct store *st, int64_t schedule_id, int64_t unit_id,
                                   const char *period, report_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_REPORT_GET, "iis", schedule_id, unit_id, period),
                     "report_get", report_row, (void *)each, ctx);
}
static enum store_rc pg_report_put(struct store *st, const struct report *r)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = exec(st, prep(st, Q_REPORT_PUT, "iissssssssss", r->schedule_id,
                                     r->unit_id, r->period, r->narrative ? r->narrative : "",
                                     r->state, null_if_empty(r->snapshot),
                                     r->comment ? r->comment : "", null_if_empty(r->submitted_at),
                                     null_if_empty(r->submitted_by), null_if_empty(r->decided_at),
                                     null_if_empty(r->decided_by),
                                     r->updated_at && *r->updated_at ? r->updated_at : now),
                            "report_put");
    return rc == ST_OK ? bump(st, "reports") : rc;
}
static enum store_rc pg_report_owed(struct store *st, int64_t schedule_id, const char *period,
                                    const char *reporters, const char *scope_path,
                                    const char *from, const char *to, report_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_REPORT_OWED, "isssss", schedule_id, period, reporters,
                             scope_path ? scope_path : "/", from, to),
                    "report_owed", report_row, (void *)each, ctx);
}

/* ---- whole-database copies ---- */

#define COPY_COLS_MAX 64


/* A catalog query with at most one text parameter; NULL (logged) on failure. */
static PGresult *catalog(struct store *st, const char *sql, const char *arg)
{
    PGresult *r = PQexecParams(PG(st)->conn, sql, arg ? 1 : 0, NULL, &arg, NULL, NULL, 0);
    if (PQresultStatus(r) == PGRES_TUPLES_OK) return r;
    fail(st, r, sql);
    PQclear(r);
    return NULL;
}

/* Runs a statement of text made here (no parameters). */
static enum store_rc exec_text(struct store *st, const char *sql, ExecStatusType want)
{
    PGresult *r = PQexec(PG(st)->conn, sql);
    enum store_rc rc = PQresultStatus(r) == want ? ST_OK : fail(st, r, sql);
    PQclear(r);
    return rc;
}

/* The tables a dump holds, in creation order (as SQLite's rowid order in sqlite_master). */
static const char *const PG_TABLES =
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
    "n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'login_failures' "
    "ORDER BY c.oid";
/* A table's columns, with their types and whether they are identity columns. */
static const char *const PG_COLUMNS =
    "SELECT a.attname, a.atttypid, a.attidentity <> '' FROM pg_attribute a WHERE a.attrelid = "
    "(SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
    "n.nspname = current_schema() AND c.relname = $1) AND a.attnum > 0 AND NOT "
    "a.attisdropped ORDER BY a.attnum";

/* Reads one value of a row as its cell; bytea is unescaped into *BLOB (freed by the caller). */
static void read_cell(const PGresult *r, int row, int col, struct db_cell *x, unsigned char **blob)
{
    *x = (struct db_cell){.kind = CELL_NULL};
    if (PQgetisnull(r, row, col)) return;
    const char *v = PQgetvalue(r, row, col);
    switch (PQftype(r, col)) {
    case 16: x->kind = CELL_INT; x->i = v[0] == 't'; break;                 /* bool */
    case 20: case 21: case 23: x->kind = CELL_INT; x->i = strtoll(v, NULL, 10); break;
    case 700: case 701: x->kind = CELL_REAL; x->d = strtod(v, NULL); break;
    case 17:
        x->kind = CELL_BLOB;
        *blob = PQunescapeBytea((const unsigned char *)v, &x->len);
        x->s = (const char *)*blob;
        break;
    default:
        x->kind = CELL_TEXT;
        x->s = v;
        x->len = (size_t)PQgetlength(r, row, col);
    }
}

static enum store_rc dump_table(struct store *st, const char *table, dump_table_fn on_table,
                                dump_row_fn on_row, void *ctx)
{
    PGresult *cr = catalog(st, PG_COLUMNS, table);
    if (!cr) return ST_ERROR;
    int ncols = PQntuples(cr);
    if (ncols > COPY_COLS_MAX) ncols = COPY_COLS_MAX;
    const char *names[COPY_COLS_MAX];
    char sql[1024];
    int n = snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1 NULLS FIRST", table);
    for (int i = 0; i < ncols; i++) {
        names[i] = PQgetvalue(cr, i, 0);
        if (i) n += snprintf(sql + n, sizeof sql - (size_t)n, ", %d NULLS FIRST", i + 1);
    }
    int stop = on_table(ctx, table, ncols, names);
    PQclear(cr);
    if (stop) return ST_ERROR;
    /* Row by row (single-row mode): a table may be larger than memory should hold at once. */
    PGconn *conn = PG(st)->conn;
    if (!PQsendQuery(conn, sql) || !PQsetSingleRowMode(conn)) return fail(st, NULL, sql);
    enum store_rc rc = ST_OK;
    PGresult *r;
    while ((r = PQgetResult(conn))) {
        ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_SINGLE_TUPLE && rc == ST_OK) {
            struct db_cell cells[COPY_COLS_MAX];
            unsigned char *blobs[COPY_COLS_MAX] = {0};
            for (int i = 0; i < ncols; i++) read_cell(r, 0, i, &cells[i], &blobs[i]);
            if (on_row(ctx, cells)) rc = ST_ERROR;
            for (int i = 0; i < ncols; i++) PQfreemem(blobs[i]);
        } else if (status != PGRES_SINGLE_TUPLE && status != PGRES_TUPLES_OK && rc == ST_OK) {
            rc = fail(st, r, sql);
        }
        PQclear(r);
    }
    return rc;
}

static enum store_rc pg_dump(struct store *st, dump_table_fn on_table, dump_row_fn on_row,
                             void *ctx)
{
    /* One snapshot: every table as of the same moment, while servers write. */
    enum store_rc rc = exec_text(st, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                                 PGRES_COMMAND_OK);
    PGresult *t = rc == ST_OK ? catalog(st, PG_TABLES, NULL) : NULL;
    if (!t) rc = ST_ERROR;
    for (int i = 0; rc == ST_OK && i < PQntuples(t); i++)
        rc = dump_table(st, PQgetvalue(t, i, 0), on_table, on_row, ctx);
    PQclear(t);
    exec_text(st, rc == ST_OK ? "COMMIT" : "ROLLBACK", PGRES_COMMAND_OK);
    return rc;
}


/* One table is loaded at a time with COPY ... FROM STDIN: every row goes in one statement, so
 * a row naming one later in the table (a unit's parent created after it) is checked when the
 * table is complete. */
static enum store_rc pg_load_begin(struct store *st, const char *table, int ncols,
                                   const char *const *columns)
{
    struct pg *s = PG(st);
    PGresult *t = catalog(st, PG_TABLES, NULL);
    if (!t) return ST_ERROR;
    bool known = false;
    for (int i = 0; i < PQntuples(t); i++) known |= strcmp(PQgetvalue(t, i, 0), table) == 0;
    PQclear(t);
    if (!known || ncols < 1 || ncols > COPY_COLS_MAX || !store_plain_name(table))
        return ST_NOT_FOUND;
    char sql[4096];
    int n = snprintf(sql, sizeof sql, "COPY \"%s\" (", table);
    for (int i = 0; i < ncols; i++) {
        if (!store_plain_name(columns[i])) return ST_NOT_FOUND;
        n += snprintf(sql + n, sizeof sql - (size_t)n, "%s\"%s\"", i ? ", " : "", columns[i]);
    }
    snprintf(sql + n, sizeof sql - (size_t)n, ") FROM STDIN");
    char del[128];
    snprintf(del, sizeof del, "DELETE FROM \"%s\"", table);
    enum store_rc rc = exec_text(st, del, PGRES_COMMAND_OK);
    if (rc == ST_OK) rc = exec_text(st, sql, PGRES_COPY_IN);
    if (rc != ST_OK) return rc;
    util_copy(s->load_table, sizeof s->load_table, table);
    s->load_ncols = ncols;
    return ST_OK;
}

/* A line of COPY's text format being built. */
struct buf_line { char *p; size_t len, cap; };
static void line_put(struct buf_line *b, const char *s, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = (b->len + len + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p) return;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, len);
    b->len += len;
}
/* Appends S (LEN bytes) to the line, escaped for COPY's text format. */
static void copy_escape(struct buf_line *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        const char *e = s[i] == '\\' ? "\\\\" : s[i] == '\t' ? "\\t" : s[i] == '\n' ? "\\n"
                      : s[i] == '\r' ? "\\r" : NULL;
        if (e) line_put(b, e, 2);
        else line_put(b, s + i, 1);
    }
}

static enum store_rc pg_load_row(struct store *st, const struct db_cell *cells)
{
    struct pg *s = PG(st);
    struct buf_line b = {0};
    for (int i = 0; i < s->load_ncols; i++) {
        const struct db_cell *x = &cells[i];
        char num[40];
        if (i) line_put(&b, "\t", 1);
        switch (x->kind) {
        case CELL_INT:
            line_put(&b, num, (size_t)snprintf(num, sizeof num, "%lld", (long long)x->i));
            break;
        case CELL_REAL:
            line_put(&b, num, (size_t)snprintf(num, sizeof num, "%.17g", x->d));
            break;
        case CELL_TEXT: copy_escape(&b, x->s, x->len); break;
        case CELL_BLOB:
            line_put(&b, "\\\\x", 3);
            for (size_t k = 0; k < x->len; k++) {
                snprintf(num, sizeof num, "%02x", (unsigned char)x->s[k]);
                line_put(&b, num, 2);
            }
            break;
        default: line_put(&b, "\\N", 2);
        }
    }
    line_put(&b, "\n", 1);
    enum store_rc rc = b.p && PQputCopyData(s->conn, b.p, (int)b.len) == 1
                           ? ST_OK : fail(st, NULL, "copy row");
    free(b.p);
    return rc;
}

static enum store_rc pg_load_end(struct store *st)
{
    struct pg *s = PG(st);
    if (PQputCopyEnd(s->conn, NULL) != 1) return fail(st, NULL, "copy end");
    enum store_rc rc = ST_OK;
    PGresult *r;
    while ((r = PQgetResult(s->conn))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == ST_OK) rc = fail(st, r, "copy");
        PQclear(r);
    }
    if (rc != ST_OK) return rc;
    /* Identity columns continue after the largest id loaded. */
    PGresult *cr = catalog(st, PG_COLUMNS, s->load_table);
    if (!cr) return ST_ERROR;
    for (int i = 0; rc == ST_OK && i < PQntuples(cr); i++) {
        if (PQgetvalue(cr, i, 2)[0] != 't') continue;
        const char *col = PQgetvalue(cr, i, 0);
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence('\"%s\"', '%s'), "
                 "COALESCE((SELECT max(\"%s\") FROM \"%s\"), 0) + 1, false)", s->load_table,
                 col, col, s->load_table);
        rc = exec_text(st, sql, PGRES_TUPLES_OK);
    }
    PQclear(cr);
    return rc;
}

/* ---- bulk values ---- */

/* Appends "\t" and S (NULL as "") escaped for COPY's text format. */
static void copy_field(struct buf_line *b, const char *s)
{
    line_put(b, "\t", 1);
    if (s) copy_escape(b, s, strlen(s));
}
/* Appends "\t" and the real V in its exact form, NAN as NULL (\N). */
static void copy_real(struct buf_line *b, double v)
{
    char num[40];
    if (isnan(v)) line_put(b, "\t\\N", 3);
    else line_put(b, num, (size_t)snprintf(num, sizeof num, "\t%.17g", v));
}
#define VALUE_COPY                                                                            \
    "COPY indicator_values (indicator_id, unit_id, period, value, numerator, denominator, "   \
    "source, late, flags, first_day, updated_at, updated_by) FROM STDIN"
/* Appends value X as a line of COPY's text format, in the columns of VALUE_COPY. */
static void value_line(struct buf_line *b, const struct ivalue *x)
{
    char num[48];
    line_put(b, num, (size_t)snprintf(num, sizeof num, "%lld\t%lld", (long long)x->indicator_id,
                                      (long long)x->unit_id));
    copy_field(b, x->period);
    copy_real(b, x->value);
    copy_real(b, x->numerator);
    copy_real(b, x->denominator);
    copy_field(b, x->source);
    copy_field(b, x->late ? "t" : "f");
    copy_field(b, x->flags);
    copy_field(b, x->first_day);
    copy_field(b, x->updated_at);
    copy_field(b, x->updated_by);
    line_put(b, "\n", 1);
}

/* COPY, PostgreSQL's fastest way of loading rows, under a savepoint: a duplicate (unique
 * violation) is ST_CONFLICT and undoes the COPY alone, so the caller's transaction stays open
 * for its rollback (SQLite's INSERT OR ROLLBACK ends it instead; callers roll back either way).
 * Unlike the other statements, the values travel as COPY data (escaped), not as parameters. */
#define COPY_FLUSH_BYTES 65536
static enum store_rc pg_value_insert_many(struct store *st, const struct ivalue *v, size_t n)
{
    struct pg *s = PG(st);
    if (n == 0) return ST_OK;
    bool in_tx = PQtransactionStatus(s->conn) == PQTRANS_INTRANS;
    enum store_rc rc = in_tx ? exec(st, prep(st, Q_VALUE_INSERT_SAVEPOINT, ""), "savepoint")
                             : ST_OK;
    if (rc == ST_OK)
        rc = exec_text(st, VALUE_COPY, PGRES_COPY_IN);
    if (rc != ST_OK) return rc;
    struct buf_line b = {0};
    bool sent = true;
    for (size_t i = 0; i < n && sent; i++) {
        value_line(&b, &v[i]);
        if (!b.p) sent = false;
        else if (b.len >= COPY_FLUSH_BYTES || i + 1 == n) {
            sent = PQputCopyData(s->conn, b.p, (int)b.len) == 1;
            b.len = 0;
        }
    }
    free(b.p);
    /* Ending the COPY with an error message aborts it (a line could not be built). */
    if (PQputCopyEnd(s->conn, sent ? NULL : "value_insert_many: out of memory") != 1)
        return fail(st, NULL, "value_insert_many copy end");
    PGresult *r;
    while ((r = PQgetResult(s->conn))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == ST_OK)
            rc = fail(st, r, "value_insert_many");
        PQclear(r);
    }
    if (!sent && rc == ST_OK) rc = ST_ERROR;
    /* Not after a lost connection: the new one holds no transaction (store_tx runs it again). */
    if (in_tx && PQtransactionStatus(s->conn) != PQTRANS_IDLE) {
        enum store_rc end = exec(st, prep(st, rc == ST_OK ? Q_VALUE_INSERT_RELEASE
                                                          : Q_VALUE_INSERT_UNDO, ""),
                                 "savepoint end");
        if (rc == ST_OK) rc = end;
    }
    return rc;
}

/* ---- feedback (system 2) ---- */

static enum store_rc pg_feedback_insert(struct store *st, const struct feedback_new *f,
                                        int64_t *id)
{
    enum store_rc rc = insert(st, prep(st, Q_FB_INSERT, "sssssnnsssnss", f->code, f->kind,
                                       f->field, f->title, f->content, f->concerns_id,
                                       f->unit_id, f->received_at, f->received_on, f->due,
                                       f->duplicate_of, f->dup_key, f->search_folded),
                              "feedback_insert", id);
    if (rc != ST_OK) return rc;
    const struct feedback_contact *c = &f->contact;
    rc = exec(st, prep(st, Q_FB_CONTACT_INSERT, "isssss", *id, c->name ? c->name : "",
                       c->phone ? c->phone : "", c->email ? c->email : "",
                       c->address ? c->address : "", c->address_ip ? c->address_ip : ""),
              "feedback_contact_insert");
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static enum store_rc pg_feedback_first_with_key(struct store *st, const char *dup_key,
                                                int64_t *id)
{
    return one_row(st, prep(st, Q_FB_FIRST_KEY, "s", dup_key), "feedback_first", read_int64, id);
}

static void feedback_row(const struct row *w, void *fn, void *ctx)
{
    struct feedback_item f = {
        .id = i64(w, 0), .code = text(w, 1), .kind = text(w, 2), .field = text(w, 3),
        .title = text(w, 4), .content = text(w, 5), .concerns_code = text(w, 6),
        .concerns_name = text(w, 7), .unit_id = i64(w, 8), .unit_code = text(w, 9),
        .unit_name = text(w, 10), .unit_path = text(w, 11), .parent_code = text(w, 12),
        .parent_name = text(w, 13), .status = text(w, 14), .received_at = text(w, 15),
        .received_on = text(w, 16), .due = text(w, 17), .answered_on = text(w, 18),
        .answer = text(w, 19), .reason = text(w, 20), .rating = i32(w, 21),
        .rating_comment = text(w, 22), .duplicate_of = text(w, 23), .updated_at = text(w, 24),
    };
    ((feedback_fn)fn)(ctx, &f);
}

static enum store_rc pg_feedback_get(struct store *st, const char *code, int64_t id,
                                     feedback_fn each, void *ctx)
{
    struct call *c = code ? prep(st, Q_FB_GET_CODE, "s", code) : prep(st, Q_FB_GET_ID, "i", id);
    return first_row(st, c, "feedback_get", feedback_row, (void *)each, ctx);
}

static void contact_row(const struct row *w, void *fn, void *ctx)
{
    struct feedback_contact c = {.name = text(w, 0), .phone = text(w, 1), .email = text(w, 2),
                                 .address = text(w, 3), .address_ip = text(w, 4)};
    ((feedback_contact_fn)fn)(ctx, &c);
}

static enum store_rc pg_feedback_contact_get(struct store *st, int64_t id,
                                             feedback_contact_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_FB_CONTACT, "i", id), "feedback_contact", contact_row,
                     (void *)each, ctx);
}

static enum store_rc pg_feedback_list(struct store *st, const struct feedback_query *q,
                                      feedback_fn each, void *ctx)
{
    char *pat = q->folded && *q->folded ? like_pattern(q->folded) : NULL;
    enum store_rc rc = each_row(
        st, prep(st, q->by_urgency ? Q_FB_LIST_URGENT : Q_FB_LIST_RECENT, "sissiisssiis",
                 q->scope_path, q->unit_id, q->kind, q->status, (int64_t)q->open_only,
                 (int64_t)q->public_only, q->overdue_on, pat, q->after_due, q->after_id,
                 (int64_t)(q->limit > 0 ? q->limit : -1), q->escalate_on),
        "feedback_list", feedback_row, (void *)each, ctx);
    free(pat);
    return rc;
}

static enum store_rc pg_feedback_set(struct store *st, int64_t id, const char *status,
                                     int64_t unit_id, const char *answered_on, const char *answer,
                                     const char *reason, const char *updated_at)
{
    enum store_rc rc = exec_changed(st, prep(st, Q_FB_SET, "isissss", id, status, unit_id,
                                             null_if_empty(answered_on), null_if_empty(answer),
                                             null_if_empty(reason), updated_at),
                                    "feedback_set");
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static enum store_rc pg_feedback_rate(struct store *st, int64_t id, int rating,
                                      const char *comment, const char *updated_at)
{
    enum store_rc rc = exec(st, prep(st, Q_FB_RATE, "iiss", id, (int64_t)rating,
                                     null_if_empty(comment), updated_at), "feedback_rate");
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static enum store_rc pg_feedback_event_insert(struct store *st, const struct feedback_event *e)
{
    return exec(st, prep(st, Q_FB_EVENT_INSERT, "isssssns", e->feedback_id, e->at, e->actor,
                         e->action, null_if_empty(e->from_status), null_if_empty(e->to_status),
                         e->unit_id, e->note ? e->note : ""), "feedback_event_insert");
}

static void feedback_event_row(const struct row *w, void *fn, void *ctx)
{
    struct feedback_event e = {
        .id = i64(w, 0), .feedback_id = i64(w, 1), .unit_id = i64(w, 2), .at = text(w, 3),
        .actor = text(w, 4), .action = text(w, 5), .from_status = text(w, 6),
        .to_status = text(w, 7), .note = text(w, 8), .unit_code = text(w, 9),
        .unit_name = text(w, 10),
    };
    ((feedback_event_fn)fn)(ctx, &e);
}

static enum store_rc pg_feedback_events(struct store *st, int64_t feedback_id,
                                        feedback_event_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_FB_EVENTS, "i", feedback_id), "feedback_events",
                    feedback_event_row, (void *)each, ctx);
}

static enum store_rc pg_feedback_file_insert(struct store *st, const struct evidence *e,
                                             int64_t *id)
{
    /* The content goes as a binary parameter, as evidence_insert's. */
    enum store_rc rc = insert(st, prep(st, Q_FB_FILE_INSERT, "issisxs", e->part_id, e->name,
                                       e->type, e->size, e->sha256, e->content, e->size, e->at),
                              "feedback_file_insert", id);
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

/* Text-format bytea arrives hex-escaped: unescaped for the callback (NULL in lists). */
static void fb_file_row(const struct row *w, void *fn, void *ctx)
{
    unsigned char *content = NULL;
    if (!is_null(w, 7)) {
        size_t len = 0;
        content = PQunescapeBytea((const unsigned char *)text(w, 7), &len);
    }
    struct evidence e = {
        .id = i64(w, 0), .part_id = i64(w, 1), .name = text(w, 2), .type = text(w, 3),
        .size = i64(w, 4), .sha256 = text(w, 5), .at = text(w, 6), .actor = "",
        .unit_code = "", .unit_path = "", .assigner_path = "", .content = content,
    };
    ((evidence_fn)fn)(ctx, &e);
    PQfreemem(content);
}

static enum store_rc pg_feedback_file_get(struct store *st, int64_t feedback_id, int64_t id,
                                          evidence_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_FB_FILE_GET, "ii", feedback_id, id), "feedback_file_get",
                     fb_file_row, (void *)each, ctx);
}

static enum store_rc pg_feedback_files(struct store *st, int64_t feedback_id, evidence_fn each,
                                       void *ctx)
{
    return each_row(st, prep(st, Q_FB_FILES, "i", feedback_id), "feedback_files", fb_file_row,
                    (void *)each, ctx);
}

static void route_row(const struct row *w, void *fn, void *ctx)
{
    struct feedback_route r = {
        .id = i64(w, 0), .position = i32(w, 1), .kind = text(w, 2), .field = text(w, 3),
        .concerns_code = text(w, 4), .concerns_name = text(w, 5), .concerns_path = text(w, 6),
        .target_code = text(w, 7), .target_name = text(w, 8), .target_id = i64(w, 9),
        .created_at = text(w, 10), .created_by = text(w, 11),
    };
    ((feedback_route_fn)fn)(ctx, &r);
}

static enum store_rc pg_feedback_routes(struct store *st, feedback_route_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_FB_ROUTES, ""), "feedback_routes", route_row, (void *)each,
                    ctx);
}

static enum store_rc pg_feedback_route_insert(struct store *st, const struct feedback_route *r,
                                              int64_t concerns_id, int64_t *id)
{
    enum store_rc rc = insert(st, prep(st, Q_FB_ROUTE_INSERT, "issnnss", (int64_t)r->position,
                                       null_if_empty(r->kind), null_if_empty(r->field),
                                       concerns_id, r->target_id, r->created_at, r->created_by),
                              "feedback_route_insert", id);
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static enum store_rc pg_feedback_route_delete(struct store *st, int64_t id)
{
    enum store_rc rc = exec_changed(st, prep(st, Q_FB_ROUTE_DELETE, "i", id),
                                    "feedback_route_delete");
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static void kind_row(const struct row *w, void *fn, void *ctx)
{
    struct feedback_kind k = {.code = text(w, 0), .name = text(w, 1), .days = i32(w, 2),
                              .contact_required = flag(w, 3)};
    ((feedback_kind_fn)fn)(ctx, &k);
}

static enum store_rc pg_feedback_kind_list(struct store *st, feedback_kind_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_FB_KINDS, ""), "feedback_kinds", kind_row, (void *)each, ctx);
}

static enum store_rc pg_feedback_kind_set(struct store *st, const char *code, int days)
{
    enum store_rc rc = exec_changed(st, prep(st, Q_FB_KIND_SET, "si", code, (int64_t)days),
                                    "feedback_kind_set");
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

struct text_out { char *out; size_t cap; };
static void read_text_out(const struct row *w, void *out)
{
    struct text_out *t = out;
    util_copy(t->out, t->cap, text(w, 0));
}

static enum store_rc pg_feedback_setting_get(struct store *st, const char *name, char *out,
                                             size_t cap)
{
    struct text_out t = {out, cap};
    return one_row(st, prep(st, Q_FB_SETTING_GET, "s", name), "feedback_setting", read_text_out,
                   &t);
}

static enum store_rc pg_feedback_setting_set(struct store *st, const char *name,
                                             const char *value)
{
    enum store_rc rc = exec(st, prep(st, Q_FB_SETTING_SET, "ss", name, value),
                            "feedback_setting_set");
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static void calendar_row(const struct row *w, void *fn, void *ctx)
{
    struct calendar_day_row d = {.date = text(w, 0), .name = text(w, 1), .working = flag(w, 2),
                                 .created_at = text(w, 3), .created_by = text(w, 4)};
    ((calendar_day_fn)fn)(ctx, &d);
}

static enum store_rc pg_calendar_days(struct store *st, calendar_day_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_CAL_DAYS, ""), "calendar_days", calendar_row, (void *)each,
                    ctx);
}

static enum store_rc pg_calendar_day_put(struct store *st, const struct calendar_day_row *d)
{
    enum store_rc rc = exec(st, prep(st, Q_CAL_DAY_PUT, "ssbss", d->date, d->name,
                                     (int)d->working, d->created_at, d->created_by),
                            "calendar_day_put");
    return rc == ST_OK ? bump(st, "calendar") : rc;
}

static enum store_rc pg_calendar_day_delete(struct store *st, const char *date)
{
    enum store_rc rc = exec_changed(st, prep(st, Q_CAL_DAY_DELETE, "s", date),
                                    "calendar_day_delete");
    return rc == ST_OK ? bump(st, "calendar") : rc;
}

/* ---- opening ---- */

/* The functions of this backend (store.h); store_pg_open() adds the connection. */
static const struct store PG_FUNCTIONS = {
    .backend = "postgres",
    .begin = pg_begin, .commit = pg_commit, .rollback = pg_rollback, .close = pg_close,
    .ping = pg_ping, .migrate = pg_migrate, .db_seconds = pg_db_seconds,
    .unit_get = pg_unit_get, .unit_get_by_id = pg_unit_get_by_id,
    .unit_children = pg_unit_children, .unit_subtree = pg_unit_subtree,
    .unit_search = pg_unit_search, .unit_versions = pg_unit_versions,
    .unit_links = pg_unit_links, .unit_insert = pg_unit_insert,
    .unit_revise = pg_unit_revise, .unit_close = pg_unit_close,
    .unit_active_children = pg_unit_active_children,
    .user_get = pg_user_get, .user_insert = pg_user_insert, .user_update = pg_user_update,
    .user_list = pg_user_list, .user_by_id = pg_user_by_id,
    .session_insert = pg_session_insert, .session_get = pg_session_get,
    .session_touch = pg_session_touch, .session_delete = pg_session_delete,
    .session_delete_user = pg_session_delete_user, .session_prune = pg_session_prune,
    .login_failures = pg_login_failures, .login_failure_add = pg_login_failure_add,
    .login_failure_delete = pg_login_failure_delete,
    .login_failures_clear = pg_login_failures_clear,
    .token_insert = pg_token_insert, .token_by_hash = pg_token_by_hash,
    .token_get = pg_token_get, .token_list = pg_token_list, .token_revoke = pg_token_revoke,
    .token_revoke_owner = pg_token_revoke_owner, .token_touch = pg_token_touch,
    .audit_last = pg_audit_last, .audit_insert = pg_audit_insert,
    .audit_list = pg_audit_list, .audit_scan = pg_audit_scan,
    .programme_insert = pg_programme_insert, .programme_id = pg_programme_id,
    .task_group_insert = pg_task_group_insert, .document_insert = pg_document_insert,
    .document_id = pg_document_id, .document_get = pg_document_get,
    .document_list = pg_document_list, .generation = pg_generation,
    .task_insert = pg_task_insert, .task_part_insert = pg_task_part_insert,
    .task_get = pg_task_get, .task_id_by_key = pg_task_id_by_key,
    .task_rows = pg_task_rows, .task_part_set = pg_task_part_set,
    .task_update_insert = pg_task_update_insert, .task_updates = pg_task_updates,
    .part_histories = pg_part_histories,
    .evidence_insert = pg_evidence_insert, .evidence_get = pg_evidence_get,
    .evidence_list = pg_evidence_list,
    .strategic_field_list = pg_strategic_field_list,
    .strategic_field_insert = pg_strategic_field_insert,
    .strategic_field_update = pg_strategic_field_update,
    .initiative_insert = pg_initiative_insert, .initiative_get = pg_initiative_get,
    .initiative_list = pg_initiative_list, .initiative_update = pg_initiative_update,
    .initiative_event_insert = pg_initiative_event_insert,
    .initiative_events = pg_initiative_events,
    .initiative_member_insert = pg_initiative_member_insert,
    .initiative_members = pg_initiative_members,
    .initiative_conflict_insert = pg_initiative_conflict_insert,
    .initiative_conflicts = pg_initiative_conflicts,
    .initiative_score_insert = pg_initiative_score_insert,
    .initiative_scores = pg_initiative_scores, .initiative_evidence = pg_initiative_evidence,
    .checklist_insert = pg_checklist_insert, .criterion_insert = pg_criterion_insert,
    .checklist_list = pg_checklist_list, .criteria_list = pg_criteria_list,
    .answer_insert = pg_answer_insert, .checklist_units = pg_checklist_units,
    .indicator_insert = pg_indicator_insert, .indicator_update = pg_indicator_update,
    .indicator_list = pg_indicator_list, .indicator_id = pg_indicator_id,
    .targets_set = pg_targets_set, .targets_list = pg_targets_list,
    .value_get = pg_value_get, .value_put = pg_value_put, .value_delete = pg_value_delete,
    .value_list = pg_value_list, .rollup_add = pg_rollup_add,
    .rollup_refresh_extremes = pg_rollup_refresh_extremes, .rollup_get = pg_rollup_get,
    .rollup_series = pg_rollup_series, .rollups_clear = pg_rollups_clear,
    .reporting_units = pg_reporting_units, .value_period_get = pg_value_period_get,
    .value_period_set = pg_value_period_set, .generation_bump = pg_generation_bump,
    .report_schedule_insert = pg_report_schedule_insert,
    .report_schedule_list = pg_report_schedule_list, .report_get = pg_report_get,
    .report_put = pg_report_put, .report_owed = pg_report_owed,
    .dump = pg_dump, .load_begin = pg_load_begin, .load_row = pg_load_row,
    .load_end = pg_load_end,
    .value_insert_many = pg_value_insert_many,
    .feedback_insert = pg_feedback_insert, .feedback_first_with_key = pg_feedback_first_with_key,
    .feedback_get = pg_feedback_get, .feedback_contact_get = pg_feedback_contact_get,
    .feedback_list = pg_feedback_list, .feedback_set = pg_feedback_set,
    .feedback_rate = pg_feedback_rate, .feedback_event_insert = pg_feedback_event_insert,
    .feedback_events = pg_feedback_events, .feedback_file_insert = pg_feedback_file_insert,
    .feedback_file_get = pg_feedback_file_get, .feedback_files = pg_feedback_files,
    .feedback_routes = pg_feedback_routes, .feedback_route_insert = pg_feedback_route_insert,
    .feedback_route_delete = pg_feedback_route_delete,
    .feedback_kind_list = pg_feedback_kind_list, .feedback_kind_set = pg_feedback_kind_set,
    .feedback_setting_get = pg_feedback_setting_get,
    .feedback_setting_set = pg_feedback_setting_set,
    .calendar_days = pg_calendar_days, .calendar_day_put = pg_calendar_day_put,
    .calendar_day_delete = pg_calendar_day_delete,
};

const struct store *store_pg_functions(void) { return &PG_FUNCTIONS; }

/* Opens a connection to the database named by URL (postgres://user@host:port/db?...). One per
 * thread: a PGconn is not shared. */
struct store *store_pg_open(const char *url, char *err, size_t errlen)
{
    PGconn *conn = PQconnectdb(url);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        char msg[300];
        util_copy(msg, sizeof msg, conn ? PQerrorMessage(conn) : "out of memory");
        msg[strcspn(msg, "\n")] = '\0';
        snprintf(err, errlen, "cannot connect to PostgreSQL: %s", msg);
        PQfinish(conn);
        return NULL;
    }
    if (!session_setup(conn)) {
        snprintf(err, errlen, "cannot configure the PostgreSQL session: %s",
                 PQerrorMessage(conn));
        PQfinish(conn);
        return NULL;
    }
    struct pg *s = calloc(1, sizeof *s);
    struct store *st = calloc(1, sizeof *st);
    if (!s || !st) {
        free(s);
        free(st);
        PQfinish(conn);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->conn = conn;
    *st = PG_FUNCTIONS;
    st->impl = s;
    return st;
}
