/* The SQLite backend of the storage interface (store.h).
 *
 * Durability: WAL journal with synchronous=FULL, so a commit that returned is on disk before the
 * client hears about it (a crash or power loss loses no acknowledged write). Writers take the
 * write lock up front (BEGIN IMMEDIATE) so that a transaction never fails half-way on a lock
 * upgrade; busy_timeout waits for the lock and store_tx() retries what still reports BUSY.
 *
 * Each query is an entry of the SQL table below, prepared the first time it is used on a
 * connection and reused after. Reads of the unit tree always go through unit_versions at a date
 * (the date asked, or today), so that renames, moves, merges and splits are seen as of any day. */
#include "store/store.h"
#include "embedded.h"
#include "text.h"
#include "util.h"

#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Columns of a unit read at a date ?D: id, code, name, kind, parent_id, parent code, path,
 * valid_from, valid_to, number of children existing on ?D, whether the unit exists on ?D. V is
 * the version valid on ?D. */
#define UNIT_COLS(D)                                                                         \
    "u.id, u.code, v.name, v.kind, v.parent_id, p.code, u.path, u.valid_from, u.valid_to, "  \
    "(SELECT count(*) FROM unit_versions c WHERE c.parent_id = u.id AND c.valid_from <= " D  \
    " AND (c.valid_to IS NULL OR c.valid_to >= " D ")), "                                    \
    "(u.valid_from <= " D " AND (u.valid_to IS NULL OR u.valid_to >= " D ")) "
#define AT(V, D) V ".valid_from <= " D " AND (" V ".valid_to IS NULL OR " V ".valid_to >= " D ")"
/* Siblings are listed centre first, then provinces and cities, other units, and former units
 * last, each group by code. */
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
/* part_histories' reads, for a scope given as a prefix (?1, NULL: all) or a range (?1, ?2). */
#define SCOPE_PREFIX "(?1 IS NULL OR substr(u.path, 1, length(?1)) = ?1)"
#define SCOPE_RANGE "u.path >= ?1 AND u.path < ?2"
#define PART_HISTORIES_SQL(SCOPE)                                                            \
    "SELECT p.id, p.task_id, p.unit_id, t.task_group, t.deadline_kind, t.due, t.period, "      \
    "t.start_date, t.created_day, p.progress, p.reported_on, p.accepted_on, u.code, u.name, "  \
    "u.path, p.role, t.block, t.criteria FROM task_parts p JOIN tasks t ON t.id = p.task_id "  \
    "JOIN units u ON u.id = p.unit_id WHERE " SCOPE " ORDER BY p.id"
#define PART_EVENTS_SQL(SCOPE)                                                               \
    "SELECT x.part_id, x.id, x.day, x.progress, x.kind = 'period_report' AND x.period IS NOT " \
    "NULL, x.period FROM task_updates x WHERE x.part_id IN (SELECT p.id FROM task_parts p "     \
    "JOIN units u ON u.id = p.unit_id WHERE " SCOPE ") AND (x.progress IS NOT NULL OR "          \
    "x.kind = 'period_report') ORDER BY x.part_id, x.id"
#define USER_COLS                                                                             \
    "us.id, us.username, us.display_name, us.password_hash, us.unit_id, un.code, un.name, "   \
    "un.path, us.role, us.active, us.created_at "
#define TOKEN_COLS                                                                            \
    "t.id, t.name, us.username, t.owner_id, us.active, t.unit_id, un.code, un.path, t.role, " \
    "t.created_at, t.expires_at, t.revoked_at, t.last_used_at "
#define DOC_COLS                                                                              \
    "d.id, d.key, d.number, d.kind, d.title, d.date, iu.code, iu.name, pr.code, "             \
    "d.implements_id, d.restricted "

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
    "(?1 = 0 OR v.indicator_id = ?1) AND (?2 = 0 OR v.unit_id = ?2) AND (?3 IS NULL OR "       \
    "substr(u.path, 1, length(?3)) = ?3) AND (?4 IS NULL OR v.period = ?4) AND (?5 IS NULL OR " \
    "v.period >= ?5) AND (?6 IS NULL OR v.period <= ?6) AND v.id > ?7 ORDER BY v.id LIMIT ?8"


/* System 2 reads go through the view feedback_public, which has no personal column. */
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
    "WHERE (?1 IS NULL OR substr(hu.path, 1, length(?1)) = ?1) AND (?2 = 0 OR f.unit_id = ?2 " \
    "OR (?12 IS NOT NULL AND hu.parent_id = ?2 AND " FB_OPEN " AND f.due < ?12)) "              \
    "AND (?3 IS NULL OR f.kind = ?3) AND (?4 IS NULL OR f.status = ?4) AND (?5 = 0 OR "       \
    FB_OPEN ") AND (?6 = 0 OR f.status NOT IN ('received', 'rejected')) AND (?7 IS NULL OR (" FB_OPEN " AND "   \
    "f.due < ?7)) AND (?8 IS NULL OR f.search_folded LIKE ?8 ESCAPE '\\') "
/* A report and its unit: the report's columns are NULL for a unit that has none (report_owed). */
#define REPORT_COLS                                                                           \
    "COALESCE(r.id, 0), COALESCE(r.schedule_id, 0), u.id, u.code, u.name, u.kind, u.path, "  \
    "COALESCE(r.period, ''), COALESCE(r.narrative, ''), COALESCE(r.state, ''), "              \
    "COALESCE(r.snapshot, ''), COALESCE(r.comment, ''), COALESCE(r.submitted_at, ''), "      \
    "COALESCE(r.submitted_by, ''), COALESCE(r.decided_at, ''), COALESCE(r.decided_by, ''), "  \
    "COALESCE(r.updated_at, '') "
/* An initiative with its field and proposing unit (current name). */
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

enum q {
    Q_BEGIN, Q_COMMIT, Q_ROLLBACK, Q_PING,
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
    Q_PART_HISTORIES, Q_PART_EVENTS, Q_PART_HISTORIES_RANGE, Q_PART_EVENTS_RANGE,
    Q_PART_EVENTS_ALL, Q_SCOPE_UNITS, Q_TASK_PART_SET, Q_TASK_UPDATE_INSERT, Q_TASK_UPDATES,
    Q_EVIDENCE_INSERT, Q_EVIDENCE_GET, Q_EVIDENCE_LIST,
    Q_CHECKLIST_INSERT, Q_CRITERION_INSERT, Q_CHECKLIST_LIST, Q_CRITERIA_LIST, Q_ANSWER_INSERT,
    Q_CHECKLIST_UNITS,
    Q_INDICATOR_INSERT, Q_INDICATOR_UPDATE, Q_INDICATOR_LIST, Q_INDICATOR_ID, Q_TARGETS_CLEAR,
    Q_TARGET_INSERT, Q_TARGETS_LIST, Q_VALUE_GET, Q_VALUE_PUT, Q_VALUE_DELETE, Q_VALUE_LIST, Q_VALUE_LIST_UNIT, Q_VALUE_LIST_PERIOD,
    Q_ROLLUP_ADD, Q_ROLLUP_EXTREMES, Q_ROLLUP_GET, Q_ROLLUP_SERIES, Q_ROLLUPS_CLEAR,
    Q_REPORTING_UNITS, Q_VALUE_PERIOD_GET, Q_VALUE_PERIOD_SET,
    Q_FB_INSERT, Q_FB_CONTACT_INSERT, Q_FB_FIRST_KEY, Q_FB_GET_CODE, Q_FB_GET_ID, Q_FB_CONTACT,
    Q_FB_LIST_URGENT, Q_FB_LIST_RECENT, Q_FB_SET, Q_FB_RATE, Q_FB_EVENT_INSERT, Q_FB_EVENTS,
    Q_FB_FILE_INSERT, Q_FB_FILE_GET, Q_FB_FILES, Q_FB_ROUTES, Q_FB_ROUTE_INSERT,
    Q_FB_ROUTE_DELETE, Q_FB_KINDS, Q_FB_KIND_SET, Q_FB_SETTING_GET, Q_FB_SETTING_SET,
    Q_CAL_DAYS, Q_CAL_DAY_PUT, Q_CAL_DAY_DELETE,
    Q_SCHEDULE_INSERT, Q_SCHEDULE_LIST, Q_REPORT_GET, Q_REPORT_PUT, Q_REPORT_OWED,
    Q_FIELD_LIST, Q_FIELD_INSERT, Q_FIELD_UPDATE, Q_INITIATIVE_INSERT, Q_INITIATIVE_GET,
    Q_INITIATIVE_BY_CODE, Q_INITIATIVE_LIST, Q_INITIATIVE_UPDATE, Q_INITIATIVE_EVENT_INSERT,
    Q_INITIATIVE_EVENTS, Q_INITIATIVE_MEMBER_INSERT, Q_INITIATIVE_MEMBERS,
    Q_INITIATIVE_CONFLICT_INSERT, Q_INITIATIVE_CONFLICTS, Q_INITIATIVE_SCORE_INSERT,
    Q_INITIATIVE_SCORES, Q_INITIATIVE_EVIDENCE,
    Q_COUNT
};

static const char *const SQL[Q_COUNT] = {
    [Q_FB_INSERT] =
        "INSERT INTO feedback (code, kind, field, title, content, concerns_id, unit_id, status, "
        "received_at, received_on, due, duplicate_of, dup_key, search_folded, updated_at) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, 'received', ?8, ?9, ?10, ?11, ?12, ?13, ?8)",
    [Q_FB_CONTACT_INSERT] =
        "INSERT INTO feedback_contacts (feedback_id, name, phone, email, address, address_ip) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_FB_FIRST_KEY] = "SELECT id FROM feedback WHERE dup_key = ?1 ORDER BY id LIMIT 1",
    [Q_FB_GET_CODE] = "SELECT " FB_COLS FB_FROM "WHERE f.code = ?1",
    [Q_FB_GET_ID] = "SELECT " FB_COLS FB_FROM "WHERE f.id = ?1",
    [Q_FB_CONTACT] =
        "SELECT name, phone, email, address, address_ip FROM feedback_contacts WHERE "
        "feedback_id = ?1",
    [Q_FB_LIST_URGENT] =
        "SELECT " FB_COLS FB_FROM FB_FILTER "AND (?9 IS NULL OR f.due > ?9 OR (f.due = ?9 AND "
        "f.id > ?10)) ORDER BY f.due, f.id LIMIT ?11",
    [Q_FB_LIST_RECENT] =
        "SELECT " FB_COLS FB_FROM FB_FILTER "AND (?9 IS NULL OR ?9 IS NOT NULL) AND (?10 = 0 OR "
        "f.id < ?10) ORDER BY f.id DESC LIMIT ?11",
    [Q_FB_SET] =
        "UPDATE feedback SET status = ?2, unit_id = ?3, answered_on = ?4, answer = ?5, "
        "reason = ?6, updated_at = ?7 WHERE id = ?1",
    [Q_FB_RATE] =
        "UPDATE feedback SET rating = ?2, rating_comment = ?3, updated_at = ?4 WHERE id = ?1",
    [Q_FB_EVENT_INSERT] =
        "INSERT INTO feedback_events (feedback_id, at, actor, action, from_status, to_status, "
        "unit_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_FB_EVENTS] =
        "SELECT e.id, e.feedback_id, COALESCE(e.unit_id, 0), e.at, e.actor, e.action, "
        "COALESCE(e.from_status, ''), COALESCE(e.to_status, ''), e.note, COALESCE(u.code, ''), "
        "COALESCE(u.name, '') FROM feedback_events e LEFT JOIN units u ON u.id = e.unit_id "
        "WHERE e.feedback_id = ?1 ORDER BY e.id",
    [Q_FB_FILE_INSERT] =
        "INSERT INTO feedback_files (feedback_id, name, type, size, sha256, content, at) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [Q_FB_FILE_GET] =
        "SELECT id, feedback_id, name, type, size, sha256, at, content FROM feedback_files "
        "WHERE feedback_id = ?1 AND id = ?2",
    [Q_FB_FILES] =
        "SELECT id, feedback_id, name, type, size, sha256, at, NULL FROM feedback_files WHERE "
        "feedback_id = ?1 ORDER BY id",
    [Q_FB_ROUTES] =
        "SELECT r.id, r.position, COALESCE(r.kind, ''), COALESCE(r.field, ''), "
        "COALESCE(c.code, ''), COALESCE(c.name, ''), COALESCE(c.path, ''), t.code, t.name, "
        "r.target_id, r.created_at, r.created_by FROM feedback_routes r JOIN units t ON t.id = "
        "r.target_id LEFT JOIN units c ON c.id = r.concerns_id ORDER BY r.position, r.id",
    [Q_FB_ROUTE_INSERT] =
        "INSERT INTO feedback_routes (position, kind, field, concerns_id, target_id, "
        "created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [Q_FB_ROUTE_DELETE] = "DELETE FROM feedback_routes WHERE id = ?1",
    [Q_FB_KINDS] =
        "SELECT code, name, days, contact_required FROM feedback_kinds ORDER BY CASE code WHEN "
        "'phan_anh' THEN 1 WHEN 'kien_nghi' THEN 2 WHEN 'sang_kien' THEN 3 ELSE 4 END",
    [Q_FB_KIND_SET] = "UPDATE feedback_kinds SET days = ?2 WHERE code = ?1",
    [Q_FB_SETTING_GET] = "SELECT value FROM feedback_settings WHERE name = ?1",
    [Q_FB_SETTING_SET] =
        "INSERT INTO feedback_settings (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO "
        "UPDATE SET value = excluded.value",
    [Q_CAL_DAYS] =
        "SELECT date, name, working, created_at, created_by FROM calendar_days ORDER BY date",
    [Q_CAL_DAY_PUT] =
        "INSERT INTO calendar_days (date, name, working, created_at, created_by) VALUES (?1, "
        "?2, ?3, ?4, ?5) ON CONFLICT (date) DO UPDATE SET name = excluded.name, working = "
        "excluded.working, created_at = excluded.created_at, created_by = excluded.created_by",
    [Q_CAL_DAY_DELETE] = "DELETE FROM calendar_days WHERE date = ?1",

    /* ?2..?4 name the programme, document and whole by code; NULL leaves the column NULL. */
    [Q_INDICATOR_INSERT] =
        "INSERT INTO indicators (code, programme_id, document_id, part_of_id, goal, name, "
        "search_folded, unit_of_measure, direction, value_type, aggregation, period_type, "
        "reporters, baseline_year, baseline_value, near_tolerance, ratio_scale, due_days, "
        "required, quote, created_at, updated_at) VALUES (?1, (SELECT id FROM programmes WHERE "
        "code = ?2), (SELECT id FROM documents WHERE key = ?3), (SELECT id FROM indicators WHERE "
        "code = ?4), ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
        "?21, ?21)",
    [Q_INDICATOR_UPDATE] =
        "UPDATE indicators SET programme_id = (SELECT id FROM programmes WHERE code = ?2), "
        "document_id = (SELECT id FROM documents WHERE key = ?3), part_of_id = (SELECT id FROM "
        "indicators WHERE code = ?4), goal = ?5, name = ?6, search_folded = ?7, "
        "unit_of_measure = ?8, direction = ?9, value_type = ?10, aggregation = ?11, "
        "period_type = ?12, reporters = ?13, baseline_year = ?14, baseline_value = ?15, "
        "near_tolerance = ?16, ratio_scale = ?17, due_days = ?18, required = ?19, quote = ?20, "
        "updated_at = ?21 WHERE code = ?1",
    [Q_INDICATOR_LIST] =
        "SELECT " INDICATOR_COLS "FROM indicators i LEFT JOIN programmes pr ON pr.id = "
        "i.programme_id LEFT JOIN documents d ON d.id = i.document_id LEFT JOIN indicators po "
        "ON po.id = i.part_of_id WHERE (?1 = 0 OR i.id = ?1) AND (?2 IS NULL OR "
        "i.search_folded LIKE ?2 ESCAPE '\\') AND (?3 IS NULL OR pr.code = ?3) ORDER BY i.code",
    [Q_INDICATOR_ID] = "SELECT id FROM indicators WHERE code = ?1",
    [Q_TARGETS_CLEAR] = "DELETE FROM indicator_targets WHERE indicator_id = ?1",
    [Q_TARGET_INSERT] =
        "INSERT INTO indicator_targets (indicator_id, year, comparator, value, value_high, "
        "text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_TARGETS_LIST] =
        "SELECT year, comparator, value, value_high, text FROM indicator_targets "
        "WHERE indicator_id = ?1 ORDER BY year",
    [Q_VALUE_GET] =
        "SELECT " VALUE_COLS "FROM indicator_values v JOIN indicators i ON i.id = "
        "v.indicator_id JOIN units u ON u.id = v.unit_id WHERE v.indicator_id = ?1 AND "
        "v.unit_id = ?2 AND v.period = ?3",
    /* Insert or replace, keeping the first day and the late flag of the first entry. */
    [Q_VALUE_PUT] =
        "INSERT INTO indicator_values (indicator_id, unit_id, period, value, numerator, "
        "denominator, source, late, flags, first_day, updated_at, updated_by) VALUES (?1, ?2, "
        "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (indicator_id, period, unit_id) "
        "DO UPDATE SET value = excluded.value, numerator = excluded.numerator, denominator = "
        "excluded.denominator, source = excluded.source, flags = excluded.flags, updated_at = "
        "excluded.updated_at, updated_by = excluded.updated_by, version = version + 1",
    [Q_VALUE_DELETE] =
        "DELETE FROM indicator_values WHERE indicator_id = ?1 AND unit_id = ?2 AND period = ?3",
    /* Three plans for one list (the same parameters): the generic scan by id, and the two that
     * value entry runs on every write, each on an index: one unit's history, and one
     * indicator's period (the units beside it). */
    [Q_VALUE_LIST] = "SELECT " VALUE_COLS VALUE_FROM "WHERE " VALUE_FILTER,
    [Q_VALUE_LIST_UNIT] = "SELECT " VALUE_COLS VALUE_FROM "WHERE v.unit_id = ?2 AND " VALUE_FILTER,
    [Q_VALUE_LIST_PERIOD] =
        "SELECT " VALUE_COLS VALUE_FROM "WHERE v.indicator_id = ?1 AND v.period = ?4 AND "
        VALUE_FILTER,
    [Q_ROLLUP_ADD] =
        "INSERT INTO indicator_rollups (indicator_id, unit_id, period, n, late, total, num, den, "
        "lo, hi) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (indicator_id, "
        "unit_id, period) DO UPDATE SET n = n + excluded.n, late = late + excluded.late, "
        "total = total + excluded.total, num = num + excluded.num, den = den + excluded.den, "
        "lo = CASE WHEN lo IS NULL THEN excluded.lo WHEN excluded.lo IS NULL THEN lo "
        "ELSE min(lo, excluded.lo) END, hi = CASE WHEN hi IS NULL THEN excluded.hi "
        "WHEN excluded.hi IS NULL THEN hi ELSE max(hi, excluded.hi) END",
    [Q_ROLLUP_EXTREMES] =
        "UPDATE indicator_rollups SET (lo, hi) = (SELECT min(v.value), max(v.value) FROM "
        "indicator_values v JOIN units u ON u.id = v.unit_id WHERE v.indicator_id = ?1 AND "
        "v.period = ?2 AND u.id <> ?3 AND substr(u.path, 1, length(p.path)) = p.path) "
        "FROM units p WHERE p.id = ?3 AND indicator_rollups.indicator_id = ?1 AND "
        "indicator_rollups.period = ?2 AND indicator_rollups.unit_id = ?3",
    [Q_ROLLUP_GET] =
        "SELECT n, late, total, num, den, lo, hi FROM indicator_rollups WHERE indicator_id = ?1 "
        "AND unit_id = ?2 AND period = ?3",
    /* Own values and roll-ups of a unit, merged by period. The unit's own periods come from
     * the index on (unit, period): "+indicator_id" (plain SQL, a no-op in value) keeps the
     * planner off the unique index, whose (indicator) prefix would scan every value of the
     * indicator, so the read costs the same however many values are stored below the unit. */
    [Q_ROLLUP_SERIES] =
        "SELECT p.period, r.n, r.late, r.total, r.num, r.den, r.lo, r.hi, " VALUE_COLS
        "FROM (SELECT period FROM indicator_rollups WHERE indicator_id = ?1 AND unit_id = ?2 "
        "AND n > 0 UNION SELECT period FROM indicator_values WHERE +indicator_id = ?1 AND "
        "unit_id = ?2) p LEFT JOIN indicator_rollups r ON r.indicator_id = ?1 AND r.unit_id = "
        "?2 AND r.period = p.period LEFT JOIN indicator_values v ON v.indicator_id = ?1 AND "
        "v.unit_id = ?2 AND v.period = p.period LEFT JOIN indicators i ON i.id = v.indicator_id "
        "LEFT JOIN units u ON u.id = v.unit_id ORDER BY p.period",
    [Q_ROLLUPS_CLEAR] = "DELETE FROM indicator_rollups",
    [Q_REPORTING_UNITS] =
        "SELECT u.id, u.code, u.name, u.kind, u.path, v.id IS NOT NULL, COALESCE(v.late, 0), "
        "COALESCE(v.first_day, '') FROM units u LEFT JOIN indicator_values v ON "
        "v.indicator_id = ?1 AND v.period = ?2 AND v.unit_id = u.id WHERE "
        "substr(u.path, 1, length(?4)) = ?4 AND u.valid_from <= ?6 AND (u.valid_to IS NULL OR "
        "u.valid_to >= ?5) AND (instr(';' || ?3 || ';', ';' || u.kind || ';') > 0 OR "
        "instr(';' || ?3 || ';', ';' || u.code || ';') > 0 OR (u.kind = 'former_province' AND "
        "instr(';' || ?3 || ';', ';province;') > 0)) ORDER BY u.path",
    [Q_VALUE_PERIOD_GET] =
        "SELECT state, comment, at, actor FROM value_periods WHERE unit_id = ?1 AND period = ?2",
    [Q_VALUE_PERIOD_SET] =
        "INSERT INTO value_periods (unit_id, period, state, comment, at, actor) VALUES (?1, ?2, "
        "?3, ?4, ?5, ?6) ON CONFLICT (unit_id, period) DO UPDATE SET state = excluded.state, "
        "comment = excluded.comment, at = excluded.at, actor = excluded.actor",
    [Q_SCHEDULE_INSERT] =
        "INSERT INTO report_schedules (code, name, kind, due_day, due_date, period_from, "
        "period_to, reporters, to_unit, quote, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
        "?8, ?9, ?10, ?11)",
    [Q_SCHEDULE_LIST] =
        "SELECT id, code, name, kind, due_day, COALESCE(due_date, ''), COALESCE(period_from, ''), "
        "COALESCE(period_to, ''), reporters, to_unit, quote, created_at FROM report_schedules "
        "WHERE ?1 = 0 OR id = ?1 ORDER BY code",
    [Q_REPORT_GET] =
        "SELECT " REPORT_COLS "FROM units u JOIN reports r ON r.unit_id = u.id WHERE "
        "r.schedule_id = ?1 AND r.unit_id = ?2 AND r.period = ?3",
    [Q_REPORT_PUT] =
        "INSERT INTO reports (schedule_id, unit_id, period, narrative, state, snapshot, comment, "
        "submitted_at, submitted_by, decided_at, decided_by, updated_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (schedule_id, unit_id, period) DO UPDATE "
        "SET narrative = excluded.narrative, state = excluded.state, snapshot = "
        "excluded.snapshot, comment = excluded.comment, submitted_at = excluded.submitted_at, "
        "submitted_by = excluded.submitted_by, decided_at = excluded.decided_at, decided_by = "
        "excluded.decided_by, updated_at = excluded.updated_at",
    /* The units owing a report, as Q_REPORTING_UNITS finds the units owing a value. */
    [Q_REPORT_OWED] =
        "SELECT " REPORT_COLS "FROM units u LEFT JOIN reports r ON r.schedule_id = ?1 AND "
        "r.period = ?2 AND r.unit_id = u.id WHERE substr(u.path, 1, length(?4)) = ?4 AND "
        "u.valid_from <= ?6 AND (u.valid_to IS NULL OR u.valid_to >= ?5) AND "
        "(instr(';' || ?3 || ';', ';' || u.kind || ';') > 0 OR "
        "instr(';' || ?3 || ';', ';' || u.code || ';') > 0 OR (u.kind = 'former_province' AND "
        "instr(';' || ?3 || ';', ';province;') > 0)) ORDER BY u.path",
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_PING] = "SELECT 1",

    [Q_UNIT_GET] =
        "SELECT " UNIT_COLS("?1") "FROM units u JOIN unit_versions v ON v.unit_id = u.id AND "
        AT("v", "?1") " LEFT JOIN units p ON p.id = v.parent_id WHERE u.code = ?2",
    /* By id: the latest version, whatever the date (identity lookups, audit snapshots). */
    [Q_UNIT_GET_BY_ID] =
        "SELECT " UNIT_COLS("?1") "FROM units u JOIN unit_versions v ON v.unit_id = u.id "
        "AND (v.valid_to IS NULL OR v.valid_to = u.valid_to) "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE u.id = ?2 "
        "ORDER BY v.valid_from DESC LIMIT 1",
    [Q_UNIT_GET_LATEST] =
        "SELECT " UNIT_COLS("?1") "FROM units u JOIN unit_versions v ON v.unit_id = u.id "
        "AND (v.valid_to IS NULL OR v.valid_to = u.valid_to) "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE u.code = ?2 "
        "ORDER BY v.valid_from DESC LIMIT 1",
    [Q_UNIT_CHILDREN] =
        "SELECT " UNIT_COLS("?1") "FROM unit_versions v JOIN units u ON u.id = v.unit_id "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE v.parent_id = ?2 AND " AT("v", "?1")
        " ORDER BY " SIBLING_ORDER("v"),
    /* Children including closed ones: each child's latest version under this parent. */
    [Q_UNIT_CHILDREN_ALL] =
        "SELECT " UNIT_COLS("?1") "FROM unit_versions v JOIN units u ON u.id = v.unit_id "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE v.parent_id = ?2 "
        "AND (v.valid_to IS NULL OR v.valid_to = u.valid_to) ORDER BY " SIBLING_ORDER("v"),
    [Q_UNIT_SUBTREE] =
        "WITH RECURSIVE t(id, depth) AS (SELECT ?2, 0 UNION ALL "
        "SELECT c.unit_id, t.depth + 1 FROM t JOIN unit_versions c ON c.parent_id = t.id "
        "WHERE " AT("c", "?1") " AND (?3 < 0 OR t.depth < ?3)) "
        "SELECT " UNIT_COLS("?1") "FROM t JOIN units u ON u.id = t.id "
        "JOIN unit_versions v ON v.unit_id = u.id AND " AT("v", "?1")
        " LEFT JOIN units p ON p.id = v.parent_id ORDER BY t.depth, " SIBLING_ORDER("v"),
    [Q_UNIT_SEARCH] =
        "SELECT " UNIT_COLS("?1") "FROM unit_versions v JOIN units u ON u.id = v.unit_id "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE "
        "(CASE WHEN ?7 THEN (v.valid_to IS NULL OR v.valid_to = u.valid_to) ELSE " AT("v", "?1")
        " END) AND (?2 IS NULL OR v.name_folded LIKE ?2 ESCAPE '\\' OR lower(u.code) LIKE ?2 "
        "ESCAPE '\\') AND (?3 IS NULL OR v.kind = ?3) AND (?4 = 0 OR v.parent_id = ?4) "
        "AND (?5 IS NULL OR substr(u.path, 1, length(?5)) = ?5) "
        "AND (?6 IS NULL OR u.code > ?6) ORDER BY u.code LIMIT ?8",
    [Q_UNIT_VERSIONS] =
        "SELECT v.valid_from, v.valid_to, v.name, v.kind, p.code, p.name FROM unit_versions v "
        "LEFT JOIN units p ON p.id = v.parent_id WHERE v.unit_id = ?1 ORDER BY v.valid_from",
    [Q_UNIT_PREDECESSORS] =
        "SELECT u.code, u.name, l.event, l.date FROM unit_links l JOIN units u ON u.id = "
        "l.from_id WHERE l.to_id = ?1 ORDER BY u.code",
    [Q_UNIT_SUCCESSORS] =
        "SELECT u.code, u.name, l.event, l.date FROM unit_links l JOIN units u ON u.id = "
        "l.to_id WHERE l.from_id = ?1 ORDER BY u.code",
    [Q_UNIT_INSERT] =
        "INSERT INTO units (code, kind, name, name_folded, parent_id, path, valid_from, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, '', ?6, ?7)",
    [Q_UNIT_SET_PATH] = "UPDATE units SET path = ?2 WHERE id = ?1",
    [Q_VERSION_INSERT] =
        "INSERT INTO unit_versions (unit_id, valid_from, valid_to, name, name_folded, kind, "
        "parent_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [Q_VERSION_AT] =
        "SELECT valid_from, valid_to, parent_id FROM unit_versions WHERE unit_id = ?1 AND "
        "valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2)",
    [Q_VERSION_UPDATE] =
        "UPDATE unit_versions SET name = ?3, name_folded = ?4, kind = ?5, parent_id = ?6 "
        "WHERE unit_id = ?1 AND valid_from = ?2",
    [Q_VERSION_CLOSE] =
        "UPDATE unit_versions SET valid_to = ?3 WHERE unit_id = ?1 AND valid_from = ?2",
    [Q_UNIT_SET_CURRENT] =
        "UPDATE units SET name = ?2, name_folded = ?3, kind = ?4, parent_id = ?5 WHERE id = ?1",
    [Q_UNIT_REPATH] =
        "UPDATE units SET path = ?2 || substr(path, length(?1) + 1) "
        "WHERE substr(path, 1, length(?1)) = ?1",
    [Q_UNIT_CLOSE] = "UPDATE units SET valid_to = ?2 WHERE id = ?1",
    [Q_VERSION_END] =
        "UPDATE unit_versions SET valid_to = ?2 WHERE unit_id = ?1 AND valid_to IS NULL",
    [Q_LINK_INSERT] =
        "INSERT INTO unit_links (from_id, to_id, event, date) VALUES (?1, ?2, ?3, ?4)",
    [Q_UNIT_ACTIVE_CHILDREN] =
        "SELECT count(DISTINCT c.unit_id) FROM unit_versions c WHERE c.parent_id = ?1 AND "
        "(c.valid_to IS NULL OR c.valid_to > ?2)",

    [Q_USER_GET] =
        "SELECT " USER_COLS "FROM users us JOIN units un ON un.id = us.unit_id "
        "WHERE us.username = ?1",
    [Q_USER_BY_ID] =
        "SELECT " USER_COLS "FROM users us JOIN units un ON un.id = us.unit_id WHERE us.id = ?1",
    [Q_USER_INSERT] =
        "INSERT INTO users (username, display_name, password_hash, unit_id, role, active, "
        "created_at, search_folded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [Q_USER_UPDATE] =
        "UPDATE users SET display_name = ?2, password_hash = ?3, unit_id = ?4, role = ?5, "
        "active = ?6, search_folded = ?7 WHERE id = ?1",
    [Q_USER_LIST] =
        "SELECT " USER_COLS "FROM users us JOIN units un ON un.id = us.unit_id WHERE "
        "(?1 IS NULL OR substr(un.path, 1, length(?1)) = ?1) AND (?2 IS NULL OR "
        "us.search_folded LIKE ?2 ESCAPE '\\') AND "
        "(?3 IS NULL OR us.username > ?3) ORDER BY us.username LIMIT ?4",

    [Q_SESSION_INSERT] =
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, "
        "last_seen_at, address) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?6)",
    [Q_SESSION_GET] =
        "SELECT s.csrf_token, s.expires_at, s.last_seen_at, " USER_COLS "FROM sessions s "
        "JOIN users us ON us.id = s.user_id JOIN units un ON un.id = us.unit_id "
        "WHERE s.token_hash = ?1",
    [Q_SESSION_TOUCH] = "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1",
    [Q_SESSION_DELETE] = "DELETE FROM sessions WHERE token_hash = ?1",
    [Q_SESSION_DELETE_USER] = "DELETE FROM sessions WHERE user_id = ?1",
    [Q_SESSION_PRUNE] = "DELETE FROM sessions WHERE expires_at < ?1",
    [Q_FAILURES] = "SELECT count(*), min(at) FROM login_failures WHERE key = ?1 AND at >= ?2",
    [Q_FAILURE_ADD] = "INSERT INTO login_failures (key, at) VALUES (?1, ?2)",
    [Q_FAILURES_CLEAR] = "DELETE FROM login_failures WHERE key = ?1",
    [Q_FAILURE_DELETE] = "DELETE FROM login_failures WHERE rowid = ?1",
    [Q_FAILURES_PRUNE] = "DELETE FROM login_failures WHERE at < ?1",

    [Q_TOKEN_INSERT] =
        "INSERT INTO api_tokens (token_hash, name, owner_id, unit_id, role, created_at, "
        "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    /* The token with its owner's account (ou, owner's unit oun): one read per request. */
    [Q_TOKEN_BY_HASH] =
        "SELECT " TOKEN_COLS ", ou.id, ou.username, ou.display_name, '', ou.unit_id, oun.code, "
        "oun.name, oun.path, ou.role, ou.active, ou.created_at FROM api_tokens t "
        "JOIN users us ON us.id = t.owner_id JOIN units un ON un.id = t.unit_id "
        "JOIN users ou ON ou.id = t.owner_id JOIN units oun ON oun.id = ou.unit_id "
        "WHERE t.token_hash = ?1",
    [Q_TOKEN_GET] =
        "SELECT " TOKEN_COLS "FROM api_tokens t JOIN users us ON us.id = t.owner_id "
        "JOIN units un ON un.id = t.unit_id WHERE t.id = ?1",
    [Q_TOKEN_LIST] =
        "SELECT " TOKEN_COLS "FROM api_tokens t JOIN users us ON us.id = t.owner_id "
        "JOIN units un ON un.id = t.unit_id WHERE ?1 = 0 OR t.owner_id = ?1 ORDER BY t.id",
    [Q_TOKEN_REVOKE] =
        "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
    [Q_TOKEN_REVOKE_OWNER] =
        "UPDATE api_tokens SET revoked_at = ?2 WHERE owner_id = ?1 AND revoked_at IS NULL",
    [Q_TOKEN_TOUCH] = "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1",

    [Q_AUDIT_LAST] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
    [Q_AUDIT_INSERT] =
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json, "
        "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [Q_AUDIT_LIST] =
        "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, "
        "hash FROM audit_log WHERE (?1 IS NULL OR entity = ?1) AND (?2 IS NULL OR entity_id = "
        "?2) AND (?3 IS NULL OR actor = ?3) AND (?4 = 0 OR id < ?4) ORDER BY id DESC LIMIT ?5",
    [Q_AUDIT_SCAN] =
        "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, "
        "hash FROM audit_log ORDER BY id",

    [Q_PROGRAMME_INSERT] = "INSERT INTO programmes (code, name) VALUES (?1, ?2)",
    [Q_PROGRAMME_ID] = "SELECT id FROM programmes WHERE code = ?1",
    [Q_TASK_GROUP_INSERT] =
        "INSERT INTO task_groups (programme_id, number, title) VALUES (?1, ?2, ?3)",
    [Q_DOCUMENT_INSERT] =
        "INSERT INTO documents (key, number, kind, title, date, issuer_id, implements_id, "
        "programme_id, restricted, text, search_folded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10, ?11)",
    [Q_DOCUMENT_ID] = "SELECT id FROM documents WHERE key = ?1",
    [Q_GENERATION] = "SELECT value FROM generations WHERE name = ?1",
    [Q_TASK_INSERT] =
        "INSERT INTO tasks (key, document_id, programme_id, section, task_group, title, text, "
        "expected_output, deadline_text, deadline_kind, due, period, on_demand, start_date, "
        "parent_id, assigner_id, block, criteria, search_folded, created_at, created_by, "
        "created_day) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
        "?16, ?17, ?18, ?19, ?20, ?21, ?22)",
    [Q_TASK_PART_INSERT] =
        "INSERT INTO task_parts (task_id, unit_id, role, updated_at) VALUES (?1, ?2, ?3, ?4)",
    [Q_TASK_GET] = "SELECT " TASK_COLS "FROM tasks t " TASK_JOINS "WHERE t.id = ?1",
    [Q_TASK_ID_BY_KEY] = "SELECT id FROM tasks WHERE key = ?1",
    [Q_CHECKLIST_INSERT] =
        "INSERT INTO checklists (code, name, unit_kinds, created_at) VALUES (?1, ?2, ?3, ?4)",
    [Q_CRITERION_INSERT] =
        "INSERT INTO checklist_criteria (checklist_id, position, text) VALUES (?1, ?2, ?3)",
    [Q_CHECKLIST_LIST] =
        "SELECT id, code, name, unit_kinds FROM checklists WHERE ?1 = 0 OR id = ?1 ORDER BY id",
    /* The answer in force on ?3: the latest dated on or before it. */
    [Q_CRITERIA_LIST] =
        "SELECT c.id, c.checklist_id, c.position, c.text, a.met, a.day, a.actor, a.note "
        "FROM checklist_criteria c LEFT JOIN checklist_answers a ON a.id = (SELECT x.id FROM "
        "checklist_answers x WHERE x.criterion_id = c.id AND x.unit_id = ?2 AND x.day <= ?3 "
        "ORDER BY x.day DESC, x.id DESC LIMIT 1) WHERE c.checklist_id = ?1 ORDER BY c.position",
    [Q_ANSWER_INSERT] =
        "INSERT INTO checklist_answers (criterion_id, unit_id, met, day, at, actor, note) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [Q_CHECKLIST_UNITS] =
        "SELECT u.id, u.code, v.name, u.path, (SELECT count(*) FROM checklist_criteria c "
        "WHERE c.checklist_id = ?1 AND (SELECT x.met FROM checklist_answers x WHERE "
        "x.criterion_id = c.id AND x.unit_id = u.id AND x.day <= ?4 ORDER BY x.day DESC, "
        "x.id DESC LIMIT 1) = 1) FROM units u JOIN unit_versions v ON v.unit_id = u.id AND "
        AT("v", "?4") " WHERE substr(u.path, 1, length(?3)) = ?3 AND instr(',' || ?2 || ',', "
        "',' || v.kind || ',') > 0 ORDER BY u.path",
    [Q_EVIDENCE_INSERT] =
        "INSERT INTO evidence (part_id, initiative_id, name, type, size, sha256, content, at, "
        "actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    /* A task part's file, or an initiative's (no part: the part columns are empty). */
    [Q_EVIDENCE_GET] =
        "SELECT e.id, e.part_id, p.task_id, e.name, e.type, e.sha256, e.at, e.actor, u.code, "
        "u.path, au.path, e.size, e.content, e.initiative_id FROM evidence e LEFT JOIN "
        "task_parts p ON p.id = e.part_id LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN "
        "tasks t ON t.id = p.task_id LEFT JOIN units au ON au.id = t.assigner_id WHERE e.id = ?1",
    [Q_EVIDENCE_LIST] =
        "SELECT e.id, e.part_id, p.task_id, e.name, e.type, e.sha256, e.at, e.actor, u.code, "
        "u.path, au.path, e.size, NULL, e.initiative_id FROM evidence e JOIN task_parts p ON "
        "p.id = e.part_id JOIN units u ON u.id = p.unit_id JOIN tasks t ON t.id = p.task_id "
        "LEFT JOIN units au ON au.id = t.assigner_id WHERE p.task_id = ?1 ORDER BY e.id",
    [Q_INITIATIVE_EVIDENCE] =
        "SELECT e.id, 0, 0, e.name, e.type, e.sha256, e.at, e.actor, '', '', '', e.size, NULL, "
        "e.initiative_id FROM evidence e WHERE e.initiative_id = ?1 ORDER BY e.id",
    [Q_FIELD_LIST] =
        "SELECT id, code, name, name_en, source, position, active FROM strategic_fields "
        "WHERE ?1 OR active = 1 ORDER BY position, code",
    [Q_FIELD_INSERT] =
        "INSERT INTO strategic_fields (code, name, name_en, source, position, active) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [Q_FIELD_UPDATE] =
        "UPDATE strategic_fields SET name = ?2, name_en = ?3, position = ?4, active = ?5 "
        "WHERE code = ?1",
    [Q_INITIATIVE_INSERT] =
        "INSERT INTO initiatives (code, source, feedback_id, title, field_id, problem, solution, "
        "impact, resources, team, proposer_kind, proposer_name, email, phone, unit_id, stage, "
        "received_at, received_day, search_folded) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    [Q_INITIATIVE_GET] = "SELECT " INITIATIVE_COLS INITIATIVE_FROM "WHERE i.id = ?1",
    [Q_INITIATIVE_BY_CODE] = "SELECT " INITIATIVE_COLS INITIATIVE_FROM "WHERE i.code = ?1",
    [Q_INITIATIVE_LIST] =
        "SELECT " INITIATIVE_COLS INITIATIVE_FROM "WHERE (?1 IS NULL OR i.stage = ?1) AND "
        "(?2 = 0 OR EXISTS (SELECT 1 FROM initiative_members m WHERE m.initiative_id = i.id AND "
        "m.user_id = ?2)) AND (?3 IS NULL OR instr(i.search_folded, ?3) > 0) AND "
        "(?4 = 0 OR i.id < ?4) ORDER BY i.id DESC LIMIT ?5",
    [Q_INITIATIVE_UPDATE] =
        "UPDATE initiatives SET unit_id = ?2, stage = ?3, screened_at = ?4, screened_by = ?5, "
        "screening_reason = ?6, assessment = ?7, council_due = ?8, council_at = ?9, "
        "council_by = ?10, round = ?11, decided_at = ?12, decided_by = ?13, "
        "decision_reason = ?14, task_id = ?15, screened_day = ?16, council_day = ?17 "
        "WHERE id = ?1",
    [Q_INITIATIVE_EVENT_INSERT] =
        "INSERT INTO initiative_events (initiative_id, at, actor, kind, note) "
        "VALUES (?1, ?2, ?3, ?4, ?5)",
    [Q_INITIATIVE_EVENTS] =
        "SELECT id, at, actor, kind, note FROM initiative_events WHERE initiative_id = ?1 "
        "ORDER BY id",
    [Q_INITIATIVE_MEMBER_INSERT] =
        "INSERT INTO initiative_members (initiative_id, user_id, appointed_at, appointed_by) "
        "VALUES (?1, ?2, ?3, ?4)",
    [Q_INITIATIVE_MEMBERS] =
        "SELECT m.user_id, us.username, us.display_name, un.code, un.name, un.path, un.kind, "
        "m.appointed_at, m.appointed_by FROM initiative_members m JOIN users us ON us.id = "
        "m.user_id JOIN units un ON un.id = us.unit_id WHERE m.initiative_id = ?1 ORDER BY "
        "m.appointed_at, us.username",
    [Q_INITIATIVE_CONFLICT_INSERT] =
        "INSERT INTO initiative_conflicts (initiative_id, user_id, reason, at) "
        "VALUES (?1, ?2, ?3, ?4)",
    [Q_INITIATIVE_CONFLICTS] =
        "SELECT c.user_id, us.username, c.reason, c.at FROM initiative_conflicts c JOIN users us "
        "ON us.id = c.user_id WHERE c.initiative_id = ?1 ORDER BY c.at, us.username",
    [Q_INITIATIVE_SCORE_INSERT] =
        "INSERT INTO initiative_scores (initiative_id, round, user_id, novelty, breakthrough, "
        "feasibility, impact, mobilisation, comment, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10)",
    [Q_INITIATIVE_SCORES] =
        "SELECT s.user_id, us.username, us.display_name, s.round, s.novelty, s.breakthrough, "
        "s.feasibility, s.impact, s.mobilisation, s.comment, s.at FROM initiative_scores s JOIN "
        "users us ON us.id = s.user_id WHERE s.initiative_id = ?1 AND (?2 = 0 OR s.round = ?2) "
        "ORDER BY s.round, s.at, us.username",
    /* Parts as of ?1 (?12: ?1 is today, so the stored current values are the answer). */
    [Q_TASK_ROWS] =
        "SELECT " TASK_COLS ", p.id, p.unit_id, u.code, u.name, u.path, p.role, "
        "CASE WHEN ?12 THEN p.progress ELSE COALESCE((SELECT x.progress FROM task_updates x "
        "WHERE x.part_id = p.id AND x.progress IS NOT NULL AND x.day <= ?1 "
        "ORDER BY x.id DESC LIMIT 1), 0) END, "
        "CASE WHEN ?12 THEN p.state WHEN p.accepted_on <= ?1 THEN 'accepted' "
        "WHEN p.reported_on <= ?1 THEN 'reported' ELSE 'open' END, "
        "CASE WHEN p.reported_on <= ?1 THEN p.reported_on END, "
        "CASE WHEN p.accepted_on <= ?1 THEN p.reported_on END, p.updated_at, "
        "CASE WHEN t.deadline_kind = 'recurring' THEN (SELECT group_concat(x.period || '@' || "
        "x.day, ';') FROM task_updates x WHERE x.part_id = p.id AND x.kind = 'period_report' "
        "AND x.day <= ?1) END, p.accepted_on "
        "FROM task_parts p JOIN tasks t ON t.id = p.task_id JOIN units u ON u.id = p.unit_id "
        TASK_JOINS "WHERE (t.start_date <= ?1 OR t.created_day <= ?1) "
        "AND (?2 IS NULL OR substr(u.path, 1, length(?2)) = ?2) AND (?3 = 0 OR p.unit_id = ?3) "
        "AND (?4 IS NULL OR p.role = ?4) AND (?5 = 0 OR t.document_id = ?5) "
        "AND (?6 = 0 OR t.task_group = ?6) "
        "AND (?7 IS NULL OR t.search_folded LIKE ?7 ESCAPE '\\') "
        "AND (?8 IS NULL OR t.due >= ?8) AND (?9 IS NULL OR t.due <= ?9) "
        "AND (?10 = 0 OR t.id = ?10) AND (?11 = 0 OR t.parent_id = ?11) "
        "ORDER BY t.id, p.role DESC, p.id",
    /* part_histories: the parts in scope, and beside them (merged in part order) the updates
     * task_rows reads as of a day: progress figures and period reports. Two ordered reads cost
     * about half of one joined read that repeats the part on every update row. The scope is
     * read by prefix over all parts (a large scope) or as a range of the path index (a small
     * one: paths under "/1/79/" are those from "/1/79/" up to "/1/790"); a scope that holds
     * every unit is not filtered at all. */
    [Q_PART_HISTORIES] = PART_HISTORIES_SQL(SCOPE_PREFIX),
    [Q_PART_EVENTS] = PART_EVENTS_SQL(SCOPE_PREFIX),
    [Q_PART_HISTORIES_RANGE] = PART_HISTORIES_SQL(SCOPE_RANGE),
    [Q_PART_EVENTS_RANGE] = PART_EVENTS_SQL(SCOPE_RANGE),
    [Q_PART_EVENTS_ALL] =
        "SELECT x.part_id, x.id, x.day, x.progress, x.kind = 'period_report' AND x.period IS "
        "NOT NULL, x.period FROM task_updates x WHERE x.progress IS NOT NULL OR x.kind = "
        "'period_report' ORDER BY x.part_id, x.id",
    [Q_SCOPE_UNITS] =
        "SELECT (SELECT count(*) FROM units u WHERE " SCOPE_RANGE "), (SELECT count(*) FROM "
        "units)",
    [Q_TASK_PART_SET] =
        "UPDATE task_parts SET progress = ?2, state = ?3, reported_on = ?4, accepted_on = ?5, "
        "updated_at = ?6 WHERE id = ?1",
    [Q_TASK_UPDATE_INSERT] =
        "INSERT INTO task_updates (part_id, at, day, actor, kind, progress, period, note, links) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [Q_TASK_UPDATES] =
        "SELECT x.id, x.part_id, u.code, x.at, x.day, x.actor, x.kind, x.progress, x.period, "
        "x.note, x.links FROM task_updates x JOIN task_parts p ON p.id = x.part_id "
        "JOIN units u ON u.id = p.unit_id WHERE p.task_id = ?1 AND (?2 = 0 OR x.part_id = ?2) "
        "AND x.day <= ?3 ORDER BY x.id",
    [Q_GENERATION_BUMP] = "UPDATE generations SET value = value + 1 WHERE name = ?1",
    [Q_DOCUMENT_GET] =
        "SELECT " DOC_COLS ", CASE WHEN ?2 THEN d.text ELSE '' END FROM documents d "
        "LEFT JOIN units iu ON iu.id = d.issuer_id LEFT JOIN programmes pr ON pr.id = "
        "d.programme_id WHERE d.id = ?1",
    [Q_DOCUMENT_LIST] =
        "SELECT " DOC_COLS ", '' FROM documents d LEFT JOIN units iu ON iu.id = d.issuer_id "
        "LEFT JOIN programmes pr ON pr.id = d.programme_id WHERE (?1 < 0 OR d.implements_id = "
        "?1) AND (?2 IS NULL OR d.search_folded LIKE ?2 ESCAPE '\\') AND (?3 IS NULL OR "
        "pr.code = ?3) ORDER BY d.date, d.id",
};

/* Rows per statement of value_insert_many: one multi-row INSERT opens its cursors and sets up
 * once for this many rows. OR ROLLBACK: a duplicate ends the whole transaction instead of the
 * statement, so SQLite keeps no statement journal (which copied every page a multi-row
 * statement touched and made it slower than one row at a time). */
#define INSERT_ROWS 64
#define VALUE_INSERT_COLS                                                                     \
    "INSERT OR ROLLBACK INTO indicator_values (indicator_id, unit_id, period, value, "        \
    "numerator, denominator, source, late, flags, first_day, updated_at, updated_by) VALUES "
#define VALUE_INSERT_PARAMS 12

struct sq {
    sqlite3 *db;
    sqlite3_stmt *stmt[Q_COUNT];
    sqlite3_stmt *insert_many;      /* VALUE_INSERT_COLS with INSERT_ROWS rows */
    double db_seconds;
    sqlite3_stmt *load;             /* the INSERT of the table being loaded (load_begin) */
    int load_ncols;
};

static struct sq *SQ(struct store *st) { return st->impl; }

static enum store_rc fail(struct store *st, const char *what)
{
    util_log("error", "msg=\"sqlite: %s\" detail=\"%s\"", what, sqlite3_errmsg(SQ(st)->db));
    return ST_ERROR;
}

/* Returns the prepared statement Q, reset and with bindings cleared, preparing it on first use.
 * FMT binds the variadic arguments in order: 's' text (NULL binds NULL), 'i' int64, 'n' int64
 * where 0 binds NULL, 'I' int64 where a negative value binds NULL, 'b' bool as 0/1, 'd' double
 * where NAN binds NULL. */
static sqlite3_stmt *prep(struct store *st, enum q q, const char *fmt, ...)
{
    struct sq *s = SQ(st);
    if (!s->stmt[q]) {
        if (sqlite3_prepare_v3(s->db, SQL[q], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[q], NULL)
            != SQLITE_OK) {
            fail(st, SQL[q]);
            return NULL;
        }
    }
    sqlite3_stmt *stmt = s->stmt[q];
    /* A format that does not match the statement's parameters would bind garbage: refuse. */
    if ((size_t)sqlite3_bind_parameter_count(stmt) != strlen(fmt)) {
        util_log("error", "msg=\"bind format does not match the statement\" format=%s "
                 "parameters=%d sql=\"%.60s\"", fmt, sqlite3_bind_parameter_count(stmt), SQL[q]);
        return NULL;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    va_list ap;
    va_start(ap, fmt);
    for (int i = 1; fmt[i - 1]; i++) {
        switch (fmt[i - 1]) {
        case 's': {
            const char *v = va_arg(ap, const char *);
            if (v) sqlite3_bind_text(stmt, i, v, -1, SQLITE_TRANSIENT);
            else sqlite3_bind_null(stmt, i);
            break;
        }
        case 'i': sqlite3_bind_int64(stmt, i, va_arg(ap, int64_t)); break;
        case 'n': {
            int64_t v = va_arg(ap, int64_t);
            if (v) sqlite3_bind_int64(stmt, i, v);
            else sqlite3_bind_null(stmt, i);
            break;
        }
        case 'I': {
            int64_t v = va_arg(ap, int64_t);
            if (v >= 0) sqlite3_bind_int64(stmt, i, v);
            else sqlite3_bind_null(stmt, i);
            break;
        }
        case 'b': sqlite3_bind_int(stmt, i, va_arg(ap, int) ? 1 : 0); break;
        case 'd': {
            double v = va_arg(ap, double);
            if (isnan(v)) sqlite3_bind_null(stmt, i);
            else sqlite3_bind_double(stmt, i, v);
            break;
        }
        }
    }
    va_end(ap);
    return stmt;
}

/* Steps STMT, accounting the time spent. */
static int step(struct store *st, sqlite3_stmt *stmt)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int rc = sqlite3_step(stmt);
    clock_gettime(CLOCK_MONOTONIC, &b);
    SQ(st)->db_seconds += (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    return rc;
}

static enum store_rc map_rc(struct store *st, int rc, const char *what)
{
    switch (rc) {
    case SQLITE_DONE: case SQLITE_ROW: case SQLITE_OK: return ST_OK;
    case SQLITE_BUSY: case SQLITE_LOCKED: return ST_BUSY;
    case SQLITE_CONSTRAINT:
        if (sqlite3_extended_errcode(SQ(st)->db) == SQLITE_CONSTRAINT_UNIQUE ||
            sqlite3_extended_errcode(SQ(st)->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
            return ST_CONFLICT;
        return fail(st, what);
    default: return fail(st, what);
    }
}

/* Runs a statement that returns no rows. */
static enum store_rc exec(struct store *st, sqlite3_stmt *stmt, const char *what)
{
    if (!stmt) return ST_ERROR;
    int rc = step(st, stmt);
    enum store_rc r = map_rc(st, rc, what);
    sqlite3_reset(stmt);
    return r;
}

static const char *text(sqlite3_stmt *s, int col)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? (const char *)t : "";
}
static const char *text_or_null(sqlite3_stmt *s, int col)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL ? NULL : text(s, col);
}
#define COPY(dst, s, col) util_copy((dst), sizeof(dst), text((s), (col)))

/* Runs STMT and calls ROW for every row; ROW_FN reads the columns. */
static enum store_rc each_row(struct store *st, sqlite3_stmt *stmt, const char *what,
                              void (*row)(sqlite3_stmt *s, void *fn, void *ctx), void *fn,
                              void *ctx)
{
    if (!stmt) return ST_ERROR;
    int rc;
    while ((rc = step(st, stmt)) == SQLITE_ROW) row(stmt, fn, ctx);
    enum store_rc r = map_rc(st, rc, what);
    sqlite3_reset(stmt);
    return r;
}

/* Like each_row for a statement of at most one row: ST_NOT_FOUND when there is none. */
static enum store_rc first_row(struct store *st, sqlite3_stmt *stmt, const char *what,
                               void (*row)(sqlite3_stmt *s, void *fn, void *ctx), void *fn,
                               void *ctx)
{
    if (!stmt) return ST_ERROR;
    int rc = step(st, stmt);
    enum store_rc r = rc == SQLITE_ROW    ? ST_OK
                    : rc == SQLITE_DONE   ? ST_NOT_FOUND
                                          : map_rc(st, rc, what);
    if (rc == SQLITE_ROW) row(stmt, fn, ctx);
    sqlite3_reset(stmt);
    return r;
}

/* Runs STMT expecting at most one row, read by READ. */
static enum store_rc one_row(struct store *st, sqlite3_stmt *stmt, const char *what,
                             void (*read)(sqlite3_stmt *s, void *out), void *out)
{
    if (!stmt) return ST_ERROR;
    int rc = step(st, stmt);
    enum store_rc r;
    if (rc == SQLITE_ROW) {
        read(stmt, out);
        r = ST_OK;
    } else if (rc == SQLITE_DONE) {
        r = ST_NOT_FOUND;
    } else {
        r = map_rc(st, rc, what);
    }
    sqlite3_reset(stmt);
    return r;
}

/* ---- transactions and meta ---- */

static enum store_rc sq_begin(struct store *st)
{
    return exec(st, prep(st, Q_BEGIN, ""), "begin");
}
static enum store_rc sq_commit(struct store *st)
{
    return exec(st, prep(st, Q_COMMIT, ""), "commit");
}
static void sq_rollback(struct store *st)
{
    if (!sqlite3_get_autocommit(SQ(st)->db)) exec(st, prep(st, Q_ROLLBACK, ""), "rollback");
}
static enum store_rc sq_ping(struct store *st)
{
    sqlite3_stmt *s = prep(st, Q_PING, "");
    if (!s) return ST_ERROR;
    int rc = step(st, s);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? ST_OK : fail(st, "ping");
}
static double sq_db_seconds(struct store *st) { return SQ(st)->db_seconds; }

static void sq_close(struct store *st)
{
    struct sq *s = SQ(st);
    for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->stmt[i]);
    sqlite3_finalize(s->load);
    sqlite3_finalize(s->insert_many);
    sqlite3_close(s->db);
    free(s);
    free(st);
}

/* Migrations are the embedded files sql/sqlite/NNNN_name.sql, applied in order, each in its own
 * transaction together with its row in schema_migrations. Re-running applies nothing. */
static enum store_rc sq_migrate(struct store *st, int *applied)
{
    sqlite3 *db = SQ(st)->db;
    *applied = 0;
    if (sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                         "PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                     NULL, NULL, NULL) != SQLITE_OK)
        return fail(st, "create schema_migrations");
    const char *prefix = "sql/sqlite/";
    for (const struct embedded_file *f = embedded_files; f->path; f++) {
        if (strncmp(f->path, prefix, strlen(prefix)) != 0) continue;
        const char *name = f->path + strlen(prefix);
        int version = atoi(name);
        if (version <= 0) continue;
        /* Checked under the write lock: two processes starting at once apply it once. */
        char *errmsg = NULL;
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &errmsg) != SQLITE_OK) {
            util_log("error", "msg=\"migration failed\" file=%s detail=\"%s\"", name,
                     errmsg ? errmsg : "");
            sqlite3_free(errmsg);
            return ST_BUSY;
        }
        sqlite3_stmt *chk;
        sqlite3_prepare_v2(db, "SELECT 1 FROM schema_migrations WHERE version = ?1", -1, &chk,
                           NULL);
        sqlite3_bind_int(chk, 1, version);
        int done = sqlite3_step(chk) == SQLITE_ROW;
        sqlite3_finalize(chk);
        if (done) {
            sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
            continue;
        }
        char now[ISO_TIME_LEN];
        util_now_iso(now);
        if (sqlite3_exec(db, (const char *)f->data, NULL, NULL, &errmsg) != SQLITE_OK) {
            util_log("error", "msg=\"migration failed\" file=%s detail=\"%s\"", name,
                     errmsg ? errmsg : "");
            sqlite3_free(errmsg);
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return ST_ERROR;
        }
        sqlite3_stmt *ins;
        sqlite3_prepare_v2(db, "INSERT INTO schema_migrations VALUES (?1, ?2, ?3)", -1, &ins,
                           NULL);
        sqlite3_bind_int(ins, 1, version);
        sqlite3_bind_text(ins, 2, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, now, -1, SQLITE_STATIC);
        int rc = sqlite3_step(ins);
        sqlite3_finalize(ins);
        if (rc != SQLITE_DONE || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            return fail(st, "record migration");
        }
        (*applied)++;
    }
    return ST_OK;
}

/* ---- generations ---- */

static void read_int64(sqlite3_stmt *s, void *out) { *(int64_t *)out = sqlite3_column_int64(s, 0); }

static enum store_rc sq_generation(struct store *st, const char *name, int64_t *value)
{
    return one_row(st, prep(st, Q_GENERATION, "s", name), "generation", read_int64, value);
}

/* Every write to the unit tree calls this inside its transaction. */
static enum store_rc bump(struct store *st, const char *name)
{
    return exec(st, prep(st, Q_GENERATION_BUMP, "s", name), "generation_bump");
}

/* ---- units ---- */

static void read_unit(sqlite3_stmt *s, void *out)
{
    struct unit *u = out;
    u->id = sqlite3_column_int64(s, 0);
    COPY(u->code, s, 1);
    COPY(u->name, s, 2);
    COPY(u->kind, s, 3);
    u->parent_id = sqlite3_column_int64(s, 4);
    COPY(u->parent_code, s, 5);
    COPY(u->path, s, 6);
    COPY(u->valid_from, s, 7);
    COPY(u->valid_to, s, 8);
    u->child_count = sqlite3_column_int(s, 9);
    u->active = sqlite3_column_int(s, 10) != 0;
}
static void unit_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct unit u;
    read_unit(s, &u);
    ((unit_fn)fn)(ctx, &u);
}

/* The date a read is asked at: AS_OF, or today. */
static const char *date_or_today(const char *as_of, char buf[ISO_DATE_LEN])
{
    if (as_of) return as_of;
    util_today(buf);
    return buf;
}

static enum store_rc sq_unit_get(struct store *st, const char *code, const char *as_of,
                                 struct unit *out)
{
    char today[ISO_DATE_LEN];
    const char *d = date_or_today(as_of, today);
    enum store_rc rc = one_row(st, prep(st, Q_UNIT_GET, "ss", d, code), "unit_get", read_unit,
                               out);
    /* Without a date, a unit that does not exist today (closed, or not yet open) is still
     * found by its code, with its latest version. */
    if (rc == ST_NOT_FOUND && !as_of)
        rc = one_row(st, prep(st, Q_UNIT_GET_LATEST, "ss", d, code), "unit_get_latest",
                     read_unit, out);
    return rc;
}

static enum store_rc sq_unit_get_by_id(struct store *st, int64_t id, struct unit *out)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    return one_row(st, prep(st, Q_UNIT_GET_BY_ID, "si", today, id), "unit_get_by_id",
                   read_unit, out);
}

static enum store_rc sq_unit_children(struct store *st, int64_t parent_id, const char *as_of,
                                      bool include_inactive, unit_fn each, void *ctx)
{
    char today[ISO_DATE_LEN];
    const char *d = date_or_today(as_of, today);
    enum q q = include_inactive && !as_of ? Q_UNIT_CHILDREN_ALL : Q_UNIT_CHILDREN;
    return each_row(st, prep(st, q, "si", d, parent_id), "unit_children", unit_row,
                    (void *)each, ctx);
}

static enum store_rc sq_unit_subtree(struct store *st, const struct unit *root,
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

static enum store_rc sq_unit_search(struct store *st, const struct unit_query *q, unit_fn each,
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

static void version_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct unit_version v;
    COPY(v.valid_from, s, 0);
    COPY(v.valid_to, s, 1);
    COPY(v.name, s, 2);
    COPY(v.kind, s, 3);
    COPY(v.parent_code, s, 4);
    COPY(v.parent_name, s, 5);
    ((unit_version_fn)fn)(ctx, &v);
}
static enum store_rc sq_unit_versions(struct store *st, int64_t unit_id, unit_version_fn each,
                                      void *ctx)
{
    return each_row(st, prep(st, Q_UNIT_VERSIONS, "i", unit_id), "unit_versions", version_row,
                    (void *)each, ctx);
}

static void link_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct unit_link l;
    COPY(l.code, s, 0);
    COPY(l.name, s, 1);
    COPY(l.event, s, 2);
    COPY(l.date, s, 3);
    ((unit_link_fn)fn)(ctx, &l);
}
static enum store_rc sq_unit_links(struct store *st, int64_t unit_id, bool predecessors,
                                   unit_link_fn each, void *ctx)
{
    return each_row(st,
                    prep(st, predecessors ? Q_UNIT_PREDECESSORS : Q_UNIT_SUCCESSORS, "i",
                         unit_id),
                    "unit_links", link_row, (void *)each, ctx);
}

static enum store_rc sq_unit_insert(struct store *st, struct unit *u)
{
    char *folded = text_fold(u->name);
    if (!folded) return ST_ERROR;
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    char parent_path[PATH_MAX_BYTES] = "/";
    if (u->parent_id) {
        struct unit p;
        enum store_rc rc = sq_unit_get_by_id(st, u->parent_id, &p);
        if (rc != ST_OK) { free(folded); return rc; }
        util_copy(parent_path, sizeof parent_path, p.path);
    }
    enum store_rc rc = exec(st,
                            prep(st, Q_UNIT_INSERT, "ssssnss", u->code, u->kind, u->name,
                                 folded, u->parent_id, u->valid_from, now),
                            "unit_insert");
    if (rc != ST_OK) { free(folded); return rc; }
    u->id = sqlite3_last_insert_rowid(SQ(st)->db);
    snprintf(u->path, sizeof u->path, "%s%lld/", parent_path, (long long)u->id);
    rc = exec(st, prep(st, Q_UNIT_SET_PATH, "is", u->id, u->path), "unit_set_path");
    if (rc == ST_OK)
        rc = exec(st, prep(st, Q_VERSION_INSERT, "isssssn", u->id, u->valid_from,
                           (const char *)NULL, u->name, folded, u->kind, u->parent_id),
                  "version_insert");
    free(folded);
    return rc == ST_OK ? bump(st, "units") : rc;
}

struct version_span { char from[DATE_LEN]; char to[DATE_LEN]; int64_t parent_id; bool to_null; };
static void read_span(sqlite3_stmt *s, void *out)
{
    struct version_span *v = out;
    COPY(v->from, s, 0);
    COPY(v->to, s, 1);
    v->to_null = sqlite3_column_type(s, 1) == SQLITE_NULL;
    v->parent_id = sqlite3_column_int64(s, 2);
}

static enum store_rc sq_unit_revise(struct store *st, int64_t unit_id, const char *effective,
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
            rc = exec(st, prep(st, Q_VERSION_INSERT, "isssssn", unit_id, effective,
                               cur.to_null ? NULL : cur.to, name, folded, kind, parent_id),
                      "version_insert");
    }
    if (rc == ST_OK)
        rc = exec(st, prep(st, Q_UNIT_SET_CURRENT, "isssn", unit_id, name, folded, kind,
                           parent_id),
                  "unit_set_current");
    free(folded);
    if (rc != ST_OK) return rc;
    struct unit u;
    if ((rc = sq_unit_get_by_id(st, unit_id, &u)) != ST_OK) return rc;
    char new_path[PATH_MAX_BYTES] = "/";
    if (parent_id) {
        struct unit p;
        if ((rc = sq_unit_get_by_id(st, parent_id, &p)) != ST_OK) return rc;
        util_copy(new_path, sizeof new_path, p.path);
    }
    size_t n = strlen(new_path);
    snprintf(new_path + n, sizeof new_path - n, "%lld/", (long long)unit_id);
    if (strcmp(new_path, u.path) != 0)
        rc = exec(st, prep(st, Q_UNIT_REPATH, "ss", u.path, new_path), "unit_repath");
    return rc == ST_OK ? bump(st, "units") : rc;
}

static enum store_rc sq_unit_close(struct store *st, int64_t unit_id, const char *date,
                                   const char *event, const int64_t *successors,
                                   int n_successors)
{
    char effective[ISO_DATE_LEN];
    util_date_add(date, 1, effective);
    enum store_rc rc = exec(st, prep(st, Q_UNIT_CLOSE, "is", unit_id, date), "unit_close");
    if (rc == ST_OK)
        rc = exec(st, prep(st, Q_VERSION_END, "is", unit_id, date), "version_end");
    for (int i = 0; rc == ST_OK && i < n_successors; i++)
        rc = exec(st, prep(st, Q_LINK_INSERT, "iiss", unit_id, successors[i], event, effective),
                  "link_insert");
    return rc == ST_OK ? bump(st, "units") : rc;
}

static void read_int(sqlite3_stmt *s, void *out) { *(int *)out = sqlite3_column_int(s, 0); }

static enum store_rc sq_unit_active_children(struct store *st, int64_t unit_id,
                                             const char *date, int *count)
{
    return one_row(st, prep(st, Q_UNIT_ACTIVE_CHILDREN, "is", unit_id, date),
                   "unit_active_children", read_int, count);
}

/* ---- users ---- */

static void read_user_at(sqlite3_stmt *s, int c, struct user *u)
{
    u->id = sqlite3_column_int64(s, c);
    COPY(u->username, s, c + 1);
    COPY(u->display_name, s, c + 2);
    COPY(u->password_hash, s, c + 3);
    u->unit_id = sqlite3_column_int64(s, c + 4);
    COPY(u->unit_code, s, c + 5);
    COPY(u->unit_name, s, c + 6);
    COPY(u->unit_path, s, c + 7);
    COPY(u->role, s, c + 8);
    u->active = sqlite3_column_int(s, c + 9) != 0;
    COPY(u->created_at, s, c + 10);
}
static void read_user(sqlite3_stmt *s, void *out) { read_user_at(s, 0, out); }
static void user_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct user u;
    read_user_at(s, 0, &u);
    ((user_fn)fn)(ctx, &u);
}

static enum store_rc sq_user_get(struct store *st, const char *username, struct user *out)
{
    return one_row(st, prep(st, Q_USER_GET, "s", username), "user_get", read_user, out);
}
static enum store_rc sq_user_by_id(struct store *st, int64_t id, struct user *out)
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

static enum store_rc sq_user_insert(struct store *st, struct user *u)
{
    char *search = user_search_text(u);
    enum store_rc rc = exec(st,
                            prep(st, Q_USER_INSERT, "sssisbss", u->username, u->display_name,
                                 u->password_hash, u->unit_id, u->role, (int)u->active,
                                 u->created_at, search),
                            "user_insert");
    free(search);
    if (rc == ST_OK) u->id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc;
}
static enum store_rc sq_user_update(struct store *st, const struct user *u)
{
    char *search = user_search_text(u);
    enum store_rc rc = exec(st,
                            prep(st, Q_USER_UPDATE, "issisbs", u->id, u->display_name,
                                 u->password_hash, u->unit_id, u->role, (int)u->active, search),
                            "user_update");
    free(search);
    return rc;
}
static enum store_rc sq_user_list(struct store *st, const char *scope_path, const char *folded,
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

static enum store_rc sq_session_insert(struct store *st, const char *token_hash,
                                       int64_t user_id, const char *csrf, int64_t now,
                                       int64_t expires, const char *address)
{
    return exec(st,
                prep(st, Q_SESSION_INSERT, "sisiis", token_hash, user_id, csrf, now, expires,
                     address),
                "session_insert");
}
static void read_session(sqlite3_stmt *s, void *out)
{
    struct session *se = out;
    COPY(se->csrf_token, s, 0);
    se->expires_at = sqlite3_column_int64(s, 1);
    se->last_seen_at = sqlite3_column_int64(s, 2);
    read_user_at(s, 3, &se->user);
}
static enum store_rc sq_session_get(struct store *st, const char *token_hash,
                                    struct session *out)
{
    return one_row(st, prep(st, Q_SESSION_GET, "s", token_hash), "session_get", read_session,
                   out);
}
static enum store_rc sq_session_touch(struct store *st, const char *token_hash, int64_t now)
{
    return exec(st, prep(st, Q_SESSION_TOUCH, "si", token_hash, now), "session_touch");
}
static enum store_rc sq_session_delete(struct store *st, const char *token_hash)
{
    return exec(st, prep(st, Q_SESSION_DELETE, "s", token_hash), "session_delete");
}
static enum store_rc sq_session_delete_user(struct store *st, int64_t user_id)
{
    return exec(st, prep(st, Q_SESSION_DELETE_USER, "i", user_id), "session_delete_user");
}
static enum store_rc sq_session_prune(struct store *st, int64_t now)
{
    enum store_rc rc = exec(st, prep(st, Q_SESSION_PRUNE, "i", now), "session_prune");
    if (rc == ST_OK)
        rc = exec(st, prep(st, Q_FAILURES_PRUNE, "i", now - 86400), "failures_prune");
    return rc;
}

struct failures { int count; int64_t oldest; };
static void read_failures(sqlite3_stmt *s, void *out)
{
    struct failures *f = out;
    f->count = sqlite3_column_int(s, 0);
    f->oldest = sqlite3_column_int64(s, 1);
}
static enum store_rc sq_login_failures(struct store *st, const char *key, int64_t since,
                                       int *count, int64_t *oldest)
{
    struct failures f = {0, 0};
    enum store_rc rc = one_row(st, prep(st, Q_FAILURES, "si", key, since), "failures",
                               read_failures, &f);
    *count = f.count;
    *oldest = f.oldest;
    return rc == ST_NOT_FOUND ? ST_OK : rc;
}
static enum store_rc sq_login_failure_add(struct store *st, const char *key, int64_t at,
                                          int64_t *id)
{
    enum store_rc rc = exec(st, prep(st, Q_FAILURE_ADD, "si", key, at), "failure_add");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc;
}
static enum store_rc sq_login_failure_delete(struct store *st, int64_t id)
{
    return exec(st, prep(st, Q_FAILURE_DELETE, "i", id), "failure_delete");
}
static enum store_rc sq_login_failures_clear(struct store *st, const char *key)
{
    return exec(st, prep(st, Q_FAILURES_CLEAR, "s", key), "failures_clear");
}

/* ---- API tokens ---- */

static void read_token(sqlite3_stmt *s, void *out)
{
    struct api_token *t = out;
    t->id = sqlite3_column_int64(s, 0);
    COPY(t->name, s, 1);
    COPY(t->owner, s, 2);
    t->owner_id = sqlite3_column_int64(s, 3);
    t->owner_active = sqlite3_column_int(s, 4) != 0;
    t->unit_id = sqlite3_column_int64(s, 5);
    COPY(t->unit_code, s, 6);
    COPY(t->unit_path, s, 7);
    COPY(t->role, s, 8);
    COPY(t->created_at, s, 9);
    COPY(t->expires_at, s, 10);
    COPY(t->revoked_at, s, 11);
    COPY(t->last_used_at, s, 12);
}
static void token_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct api_token t;
    read_token(s, &t);
    ((token_fn)fn)(ctx, &t);
}
static enum store_rc sq_token_insert(struct store *st, const char *token_hash,
                                     struct api_token *t)
{
    enum store_rc rc = exec(st,
                            prep(st, Q_TOKEN_INSERT, "ssiisss", token_hash, t->name,
                                 t->owner_id, t->unit_id, t->role, t->created_at,
                                 *t->expires_at ? t->expires_at : NULL),
                            "token_insert");
    if (rc == ST_OK) t->id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc;
}
struct token_and_owner { struct api_token *t; struct user *owner; };
static void read_token_owner(sqlite3_stmt *s, void *out)
{
    struct token_and_owner *to = out;
    read_token(s, to->t);
    read_user_at(s, 13, to->owner);
}
static enum store_rc sq_token_by_hash(struct store *st, const char *token_hash,
                                      struct api_token *out, struct user *owner)
{
    struct token_and_owner to = {out, owner};
    return one_row(st, prep(st, Q_TOKEN_BY_HASH, "s", token_hash), "token_by_hash",
                   read_token_owner, &to);
}
static enum store_rc sq_token_get(struct store *st, int64_t id, struct api_token *out)
{
    return one_row(st, prep(st, Q_TOKEN_GET, "i", id), "token_get", read_token, out);
}
static enum store_rc sq_token_list(struct store *st, int64_t owner_id, token_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_TOKEN_LIST, "i", owner_id), "token_list", token_row,
                    (void *)each, ctx);
}
static enum store_rc sq_token_revoke(struct store *st, int64_t id, const char *at)
{
    return exec(st, prep(st, Q_TOKEN_REVOKE, "is", id, at), "token_revoke");
}
static enum store_rc sq_token_revoke_owner(struct store *st, int64_t owner_id, const char *at)
{
    return exec(st, prep(st, Q_TOKEN_REVOKE_OWNER, "is", owner_id, at), "token_revoke_owner");
}
static enum store_rc sq_token_touch(struct store *st, int64_t id, const char *at)
{
    return exec(st, prep(st, Q_TOKEN_TOUCH, "is", id, at), "token_touch");
}

/* ---- audit ---- */

struct audit_last { int64_t id; char hash[HASH_HEX]; };
static void read_audit_last(sqlite3_stmt *s, void *out)
{
    struct audit_last *a = out;
    a->id = sqlite3_column_int64(s, 0);
    COPY(a->hash, s, 1);
}
static enum store_rc sq_audit_last(struct store *st, int64_t *id, char hash[HASH_HEX])
{
    struct audit_last a = {0, ""};
    enum store_rc rc = one_row(st, prep(st, Q_AUDIT_LAST, ""), "audit_last", read_audit_last,
                               &a);
    *id = a.id;
    memcpy(hash, a.hash, HASH_HEX);
    return rc;
}
static enum store_rc sq_audit_insert(struct store *st, struct audit_entry *e)
{
    enum store_rc rc = exec(st,
                            prep(st, Q_AUDIT_INSERT, "sssssssss", e->at, e->actor, e->action,
                                 e->entity, e->entity_id, e->before_json, e->after_json,
                                 e->prev_hash, e->hash),
                            "audit_insert");
    if (rc == ST_OK) e->id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc;
}
static enum store_rc audit_rows(struct store *st, sqlite3_stmt *s, audit_fn each, void *ctx)
{
    if (!s) return ST_ERROR;
    int rc;
    while ((rc = step(st, s)) == SQLITE_ROW) {
        struct audit_entry e;
        e.id = sqlite3_column_int64(s, 0);
        COPY(e.at, s, 1);
        e.actor = text(s, 2);
        e.action = text(s, 3);
        e.entity = text(s, 4);
        e.entity_id = text(s, 5);
        e.before_json = text_or_null(s, 6);
        e.after_json = text_or_null(s, 7);
        COPY(e.prev_hash, s, 8);
        COPY(e.hash, s, 9);
        if (each(ctx, &e)) { rc = SQLITE_DONE; break; }
    }
    enum store_rc r = map_rc(st, rc, "audit rows");
    sqlite3_reset(s);
    return r;
}
static enum store_rc sq_audit_list(struct store *st, const char *entity, const char *entity_id,
                                   const char *actor, int64_t before_id, int limit,
                                   audit_fn each, void *ctx)
{
    return audit_rows(st,
                      prep(st, Q_AUDIT_LIST, "sssii", entity, entity_id, actor, before_id,
                           (int64_t)limit),
                      each, ctx);
}
static enum store_rc sq_audit_scan(struct store *st, audit_fn each, void *ctx)
{
    return audit_rows(st, prep(st, Q_AUDIT_SCAN, ""), each, ctx);
}

/* ---- programmes and documents ---- */

static void read_id(sqlite3_stmt *s, void *out) { *(int64_t *)out = sqlite3_column_int64(s, 0); }

static enum store_rc sq_programme_insert(struct store *st, const char *code, const char *name,
                                         int64_t *id)
{
    enum store_rc rc = exec(st, prep(st, Q_PROGRAMME_INSERT, "ss", code, name),
                            "programme_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc;
}
static enum store_rc sq_programme_id(struct store *st, const char *code, int64_t *id)
{
    return one_row(st, prep(st, Q_PROGRAMME_ID, "s", code), "programme_id", read_id, id);
}
static enum store_rc sq_task_group_insert(struct store *st, int64_t programme_id, int number,
                                          const char *title)
{
    return exec(st, prep(st, Q_TASK_GROUP_INSERT, "iis", programme_id, (int64_t)number, title),
                "task_group_insert");
}
static enum store_rc sq_document_insert(struct store *st, const struct document *d,
                                        int64_t issuer_id, int64_t programme_id,
                                        const char *search_folded, int64_t *id)
{
    enum store_rc rc = exec(st,
                            prep(st, Q_DOCUMENT_INSERT, "sssssnnnbss", d->key, d->number,
                                 d->kind, d->title, d->date && *d->date ? d->date : NULL,
                                 issuer_id, d->implements_id, programme_id, (int)d->restricted,
                                 d->text ? d->text : "", search_folded),
                            "document_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, "documents") : rc;
}
static enum store_rc sq_document_id(struct store *st, const char *key, int64_t *id)
{
    return one_row(st, prep(st, Q_DOCUMENT_ID, "s", key), "document_id", read_id, id);
}
static void document_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct document d = {
        .id = sqlite3_column_int64(s, 0),
        .key = text(s, 1),
        .number = text(s, 2),
        .kind = text(s, 3),
        .title = text(s, 4),
        .date = text(s, 5),
        .issuer_code = text(s, 6),
        .issuer_name = text(s, 7),
        .programme_code = text(s, 8),
        .implements_id = sqlite3_column_int64(s, 9),
        .restricted = sqlite3_column_int(s, 10) != 0,
        .text = text(s, 11),
    };
    ((document_fn)fn)(ctx, &d);
}
static enum store_rc sq_document_get(struct store *st, int64_t id, bool with_text,
                                     document_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_DOCUMENT_GET, "ib", id, (int)with_text), "document_get",
                     document_row, (void *)each, ctx);
}
static enum store_rc sq_document_list(struct store *st, int64_t implements, const char *folded,
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

static void read_task_at(sqlite3_stmt *s, int c, struct task *t)
{
    *t = (struct task){
        .id = sqlite3_column_int64(s, c), .key = text(s, c + 1),
        .document_id = sqlite3_column_int64(s, c + 2), .document_number = text(s, c + 3),
        .document_key = text(s, c + 4), .programme_id = sqlite3_column_int64(s, c + 5),
        .section = text(s, c + 6), .task_group = sqlite3_column_int(s, c + 7),
        .title = text(s, c + 8), .text = text(s, c + 9), .expected_output = text(s, c + 10),
        .deadline_text = text(s, c + 11), .deadline_kind = text(s, c + 12),
        .due = text(s, c + 13), .period = text(s, c + 14),
        .on_demand = sqlite3_column_int(s, c + 15) != 0, .start_date = text(s, c + 16),
        .parent_id = sqlite3_column_int64(s, c + 17),
        .assigner_id = sqlite3_column_int64(s, c + 18), .assigner_code = text(s, c + 19),
        .block = text(s, c + 20), .criteria = text(s, c + 21), .created_at = text(s, c + 22),
        .created_by = text(s, c + 23),
    };
}
#define TASK_NCOLS 24

static void task_row_fn_(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct task t;
    read_task_at(s, 0, &t);
    ((task_fn)fn)(ctx, &t);
}

static enum store_rc sq_task_insert(struct store *st, const struct task *t,
                                    const char *search_folded, int64_t *id)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    enum store_rc rc = exec(st,
                            prep(st, Q_TASK_INSERT, "snnsisssssssbsnnssssss",
                                 null_if_empty(t->key), t->document_id, t->programme_id,
                                 t->section, (int64_t)t->task_group, t->title, t->text,
                                 t->expected_output, t->deadline_text, t->deadline_kind,
                                 null_if_empty(t->due), null_if_empty(t->period),
                                 (int)t->on_demand, t->start_date, t->parent_id, t->assigner_id,
                                 t->block, t->criteria, search_folded, t->created_at,
                                 t->created_by, today),
                            "task_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, "tasks") : rc;
}

static enum store_rc sq_task_part_insert(struct store *st, int64_t task_id, int64_t unit_id,
                                         const char *role, int64_t *part_id)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = exec(st, prep(st, Q_TASK_PART_INSERT, "iiss", task_id, unit_id, role, now),
                            "task_part_insert");
    if (rc == ST_OK) *part_id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, "tasks") : rc;
}

static enum store_rc sq_task_get(struct store *st, int64_t id, task_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_TASK_GET, "i", id), "task_get", task_row_fn_, (void *)each,
                     ctx);
}

static enum store_rc sq_task_id_by_key(struct store *st, const char *key, int64_t *id)
{
    return one_row(st, prep(st, Q_TASK_ID_BY_KEY, "s", key), "task_id_by_key", read_id, id);
}

static void read_part_at(sqlite3_stmt *s, int c, struct task_part *p)
{
    p->id = sqlite3_column_int64(s, c);
    p->unit_id = sqlite3_column_int64(s, c + 1);
    COPY(p->unit_code, s, c + 2);
    COPY(p->unit_name, s, c + 3);
    COPY(p->unit_path, s, c + 4);
    COPY(p->role, s, c + 5);
    p->progress = sqlite3_column_int(s, c + 6);
    COPY(p->state, s, c + 7);
    COPY(p->reported_on, s, c + 8);
    COPY(p->done_on, s, c + 9);
    COPY(p->updated_at, s, c + 10);
    p->period_reports = text(s, c + 11);
    COPY(p->accepted_on, s, c + 12);
}

static void task_row_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct task_row r;
    read_task_at(s, 0, &r.task);
    read_part_at(s, TASK_NCOLS, &r.part);
    r.part.task_id = r.task.id;
    ((task_row_fn)fn)(ctx, &r);
}

static enum store_rc sq_task_rows(struct store *st, const struct task_query *q, task_row_fn each,
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

static void read_history(sqlite3_stmt *s, struct part_history *h)
{
    memset(h, 0, sizeof *h);
    h->part_id = sqlite3_column_int64(s, 0);
    h->task_id = sqlite3_column_int64(s, 1);
    h->unit_id = sqlite3_column_int64(s, 2);
    h->task_group = sqlite3_column_int(s, 3);
    COPY(h->deadline_kind, s, 4);
    COPY(h->due, s, 5);
    COPY(h->period, s, 6);
    COPY(h->start_date, s, 7);
    COPY(h->created_day, s, 8);
    h->progress = sqlite3_column_int(s, 9);
    COPY(h->reported_on, s, 10);
    COPY(h->accepted_on, s, 11);
    COPY(h->unit_code, s, 12);
    COPY(h->unit_name, s, 13);
    COPY(h->unit_path, s, 14);
    COPY(h->role, s, 15);
    COPY(h->block, s, 16);
    COPY(h->criteria, s, 17);
}
static void read_event(sqlite3_stmt *s, struct part_event *e)
{
    e->id = sqlite3_column_int64(s, 1);
    COPY(e->day, s, 2);
    e->progress = sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 3);
    e->period_report = sqlite3_column_int(s, 4) != 0;
    COPY(e->period, s, 5);
}

/* Both statements run side by side in one read transaction (the parts' statement is open
 * while the events' starts), so they see the same data. */
static enum store_rc sq_part_histories(struct store *st, const char *scope_path,
                                       part_history_fn each, void *ctx)
{
    /* A range when the scope holds under half of the units, nothing when it holds them all. */
    char upper[PATH_MAX_BYTES] = "";
    size_t n = scope_path ? strlen(scope_path) : 0;
    if (n && n < sizeof upper && (unsigned char)scope_path[n - 1] < 0x7f) {
        memcpy(upper, scope_path, n + 1);
        upper[n - 1]++;
        int64_t counts[2] = {0, 0};
        sqlite3_stmt *c = prep(st, Q_SCOPE_UNITS, "ss", scope_path, upper);
        if (!c) return ST_ERROR;
        int rc = step(st, c);
        if (rc == SQLITE_ROW) {
            counts[0] = sqlite3_column_int64(c, 0);
            counts[1] = sqlite3_column_int64(c, 1);
        }
        sqlite3_reset(c);
        if (rc != SQLITE_ROW) return map_rc(st, rc, "scope_units");
        if (2 * counts[0] >= counts[1]) upper[0] = '\0';
        if (counts[0] == counts[1]) scope_path = NULL;
    }
    sqlite3_stmt *parts = *upper ? prep(st, Q_PART_HISTORIES_RANGE, "ss", scope_path, upper)
                                 : prep(st, Q_PART_HISTORIES, "s", scope_path);
    sqlite3_stmt *events = !parts      ? NULL
                         : *upper     ? prep(st, Q_PART_EVENTS_RANGE, "ss", scope_path, upper)
                         : scope_path ? prep(st, Q_PART_EVENTS, "s", scope_path)
                                      : prep(st, Q_PART_EVENTS_ALL, "");
    if (!events) {
        if (parts) sqlite3_reset(parts);
        return ST_ERROR;
    }
    struct part_event *list = NULL;
    size_t cap = 0;
    bool oom = false;
    struct part_history h;
    int erc = step(st, events), rc = SQLITE_DONE;
    while (!oom && (erc == SQLITE_ROW || erc == SQLITE_DONE) &&
           (rc = step(st, parts)) == SQLITE_ROW) {
        read_history(parts, &h);
        for (; erc == SQLITE_ROW && sqlite3_column_int64(events, 0) <= h.part_id;
             erc = step(st, events)) {
            if (sqlite3_column_int64(events, 0) < h.part_id) continue;
            if (h.n_events == cap) {
                size_t more = cap ? 2 * cap : 64;
                struct part_event *grown = realloc(list, more * sizeof *grown);
                if (!grown) { oom = true; break; }
                list = grown;
                cap = more;
            }
            read_event(events, &list[h.n_events++]);
        }
        h.events = list;
        if (!oom) each(ctx, &h);
    }
    enum store_rc r = oom                                           ? ST_ERROR
                    : erc != SQLITE_ROW && erc != SQLITE_DONE       ? map_rc(st, erc, "part_events")
                                                                    : map_rc(st, rc, "part_histories");
    sqlite3_reset(events);
    sqlite3_reset(parts);
    free(list);
    return r;
}

static enum store_rc sq_task_part_set(struct store *st, int64_t part_id, int progress,
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

static enum store_rc sq_task_update_insert(struct store *st, const struct task_update *u)
{
    enum store_rc rc = exec(st,
                            prep(st, Q_TASK_UPDATE_INSERT, "issssIsss", u->part_id, u->at,
                                 u->day, u->actor, u->kind, (int64_t)u->progress,
                                 null_if_empty(u->period), u->note ? u->note : "",
                                 u->links ? u->links : "[]"),
                            "task_update_insert");
    return rc == ST_OK ? bump(st, "tasks") : rc;
}

static void task_update_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct task_update u = {
        .id = sqlite3_column_int64(s, 0), .part_id = sqlite3_column_int64(s, 1),
        .unit_code = text(s, 2), .at = text(s, 3), .day = text(s, 4), .actor = text(s, 5),
        .kind = text(s, 6),
        .progress = sqlite3_column_type(s, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 7),
        .period = text(s, 8), .note = text(s, 9), .links = text(s, 10),
    };
    ((task_update_fn)fn)(ctx, &u);
}

static enum store_rc sq_task_updates(struct store *st, int64_t task_id, int64_t part_id,
                                     const char *as_of, task_update_fn each, void *ctx)
{
    char today[ISO_DATE_LEN];
    const char *d = date_or_today(as_of, today);
    return each_row(st, prep(st, Q_TASK_UPDATES, "iis", task_id, part_id, d), "task_updates",
                    task_update_row, (void *)each, ctx);
}

/* ---- evidence ---- */

static enum store_rc sq_evidence_insert(struct store *st, const struct evidence *e, int64_t *id)
{
    sqlite3_stmt *s = prep(st, Q_EVIDENCE_INSERT, "nnssssss" "s", e->part_id, e->initiative_id,
                           e->name, e->type, "0", e->sha256, "", e->at, e->actor);
    if (!s) return ST_ERROR;
    /* The size and the content are bound here: prep() binds text and integers only. */
    sqlite3_bind_int64(s, 5, e->size);
    sqlite3_bind_blob64(s, 7, e->content, (sqlite3_uint64)e->size, SQLITE_STATIC);
    enum store_rc rc = exec(st, s, "evidence_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, e->initiative_id ? "initiatives" : "tasks") : rc;
}

static void evidence_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct evidence e = {
        .id = sqlite3_column_int64(s, 0), .part_id = sqlite3_column_int64(s, 1),
        .task_id = sqlite3_column_int64(s, 2), .name = text(s, 3), .type = text(s, 4),
        .sha256 = text(s, 5), .at = text(s, 6), .actor = text(s, 7), .unit_code = text(s, 8),
        .unit_path = text(s, 9), .assigner_path = text(s, 10),
        .size = sqlite3_column_int64(s, 11), .content = sqlite3_column_blob(s, 12),
        .initiative_id = sqlite3_column_int64(s, 13),
    };
    ((evidence_fn)fn)(ctx, &e);
}

static enum store_rc sq_evidence_get(struct store *st, int64_t id, evidence_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_EVIDENCE_GET, "i", id), "evidence_get", evidence_row,
                     (void *)each, ctx);
}

static enum store_rc sq_evidence_list(struct store *st, int64_t task_id, evidence_fn each,
                                      void *ctx)
{
    return each_row(st, prep(st, Q_EVIDENCE_LIST, "i", task_id), "evidence_list", evidence_row,
                    (void *)each, ctx);
}

/* ---- breakthrough initiatives ---- */

static void field_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct strategic_field f = {
        .id = sqlite3_column_int64(s, 0), .code = text(s, 1), .name = text(s, 2),
        .name_en = text(s, 3), .source = text(s, 4), .position = sqlite3_column_int(s, 5),
        .active = sqlite3_column_int(s, 6) != 0,
    };
    ((strategic_field_fn)fn)(ctx, &f);
}

static enum store_rc sq_strategic_field_list(struct store *st, bool include_retired,
                                             strategic_field_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_FIELD_LIST, "b", (int)include_retired), "strategic_field_list",
                    field_row, (void *)each, ctx);
}

static enum store_rc sq_strategic_field_insert(struct store *st, const struct strategic_field *f,
                                               int64_t *id)
{
    enum store_rc rc = exec(st, prep(st, Q_FIELD_INSERT, "ssssib", f->code, f->name, f->name_en,
                                     f->source, (int64_t)f->position, (int)f->active),
                            "strategic_field_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static enum store_rc sq_strategic_field_update(struct store *st, const struct strategic_field *f)
{
    enum store_rc rc = exec(st, prep(st, Q_FIELD_UPDATE, "sssib", f->code, f->name, f->name_en,
                                     (int64_t)f->position, (int)f->active),
                            "strategic_field_update");
    if (rc == ST_OK && sqlite3_changes(SQ(st)->db) == 0) return ST_NOT_FOUND;
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static enum store_rc sq_initiative_insert(struct store *st, const struct initiative *i,
                                          const char *search_folded, int64_t *id)
{
    enum store_rc rc = exec(st, prep(st, Q_INITIATIVE_INSERT, "ssnsisssssssssnssss", i->code,
                                     i->source, i->feedback_id, i->title, i->field_id,
                                     i->problem, i->solution, i->impact, i->resources, i->team,
                                     i->proposer_kind, i->proposer_name, i->email, i->phone,
                                     i->unit_id, i->stage, i->received_at, i->received_day,
                                     search_folded),
                            "initiative_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static void initiative_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct initiative i = {
        .id = sqlite3_column_int64(s, 0), .code = text(s, 1), .source = text(s, 2),
        .feedback_id = sqlite3_column_int64(s, 3), .title = text(s, 4),
        .field_id = sqlite3_column_int64(s, 5), .field_code = text(s, 6),
        .field_name = text(s, 7), .problem = text(s, 8), .solution = text(s, 9),
        .impact = text(s, 10), .resources = text(s, 11), .team = text(s, 12),
        .proposer_kind = text(s, 13), .proposer_name = text(s, 14), .email = text(s, 15),
        .phone = text(s, 16), .unit_id = sqlite3_column_int64(s, 17), .unit_code = text(s, 18),
        .unit_name = text(s, 19), .unit_path = text(s, 20), .unit_kind = text(s, 21),
        .stage = text(s, 22), .received_at = text(s, 23), .received_day = text(s, 24),
        .screened_at = text(s, 25), .screened_by = text(s, 26),
        .screening_reason = text(s, 27), .assessment = text(s, 28),
        .council_due = text(s, 29), .council_at = text(s, 30), .council_by = text(s, 31),
        .round = sqlite3_column_int(s, 32), .decided_at = text(s, 33),
        .decided_by = text(s, 34), .decision_reason = text(s, 35),
        .task_id = sqlite3_column_int64(s, 36), .screened_day = text(s, 37),
        .council_day = text(s, 38),
    };
    ((initiative_fn)fn)(ctx, &i);
}

static enum store_rc sq_initiative_get(struct store *st, int64_t id, const char *code,
                                       initiative_fn each, void *ctx)
{
    sqlite3_stmt *s = id ? prep(st, Q_INITIATIVE_GET, "i", id)
                         : prep(st, Q_INITIATIVE_BY_CODE, "s", code);
    return first_row(st, s, "initiative_get", initiative_row, (void *)each, ctx);
}

static enum store_rc sq_initiative_list(struct store *st, const struct initiative_query *q,
                                        initiative_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_LIST, "sisii", q->stage, q->member_id, q->folded,
                             q->after_id, (int64_t)q->limit),
                    "initiative_list", initiative_row, (void *)each, ctx);
}

static enum store_rc sq_initiative_update(struct store *st, const struct initiative *i)
{
    enum store_rc rc = exec(st, prep(st, Q_INITIATIVE_UPDATE, "inssssssssisssnss", i->id,
                                     i->unit_id, i->stage, null_if_empty(i->screened_at),
                                     null_if_empty(i->screened_by), i->screening_reason,
                                     i->assessment, null_if_empty(i->council_due),
                                     null_if_empty(i->council_at), null_if_empty(i->council_by),
                                     (int64_t)i->round, null_if_empty(i->decided_at),
                                     null_if_empty(i->decided_by), i->decision_reason,
                                     i->task_id, null_if_empty(i->screened_day),
                                     null_if_empty(i->council_day)),
                            "initiative_update");
    if (rc == ST_OK && sqlite3_changes(SQ(st)->db) == 0) return ST_NOT_FOUND;
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static enum store_rc sq_initiative_event_insert(struct store *st, int64_t initiative_id,
                                                const char *at, const char *actor,
                                                const char *kind, const char *note)
{
    enum store_rc rc = exec(st, prep(st, Q_INITIATIVE_EVENT_INSERT, "issss", initiative_id, at,
                                     actor, kind, note ? note : ""),
                            "initiative_event_insert");
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static void initiative_event_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct initiative_event e = {.id = sqlite3_column_int64(s, 0), .at = text(s, 1),
                                 .actor = text(s, 2), .kind = text(s, 3), .note = text(s, 4)};
    ((initiative_event_fn)fn)(ctx, &e);
}

static enum store_rc sq_initiative_events(struct store *st, int64_t initiative_id,
                                          initiative_event_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_EVENTS, "i", initiative_id), "initiative_events",
                    initiative_event_row, (void *)each, ctx);
}

static enum store_rc sq_initiative_member_insert(struct store *st, int64_t initiative_id,
                                                 int64_t user_id, const char *at, const char *by)
{
    enum store_rc rc = exec(st, prep(st, Q_INITIATIVE_MEMBER_INSERT, "iiss", initiative_id,
                                     user_id, at, by),
                            "initiative_member_insert");
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static void initiative_member_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct initiative_member m = {
        .user_id = sqlite3_column_int64(s, 0), .username = text(s, 1),
        .display_name = text(s, 2), .unit_code = text(s, 3), .unit_name = text(s, 4),
        .unit_path = text(s, 5), .unit_kind = text(s, 6), .appointed_at = text(s, 7),
        .appointed_by = text(s, 8),
    };
    ((initiative_member_fn)fn)(ctx, &m);
}

static enum store_rc sq_initiative_members(struct store *st, int64_t initiative_id,
                                           initiative_member_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_MEMBERS, "i", initiative_id), "initiative_members",
                    initiative_member_row, (void *)each, ctx);
}

static enum store_rc sq_initiative_conflict_insert(struct store *st, int64_t initiative_id,
                                                   int64_t user_id, const char *reason,
                                                   const char *at)
{
    enum store_rc rc = exec(st, prep(st, Q_INITIATIVE_CONFLICT_INSERT, "iiss", initiative_id,
                                     user_id, reason, at),
                            "initiative_conflict_insert");
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static void initiative_conflict_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct initiative_conflict c = {.user_id = sqlite3_column_int64(s, 0),
                                    .username = text(s, 1), .reason = text(s, 2),
                                    .at = text(s, 3)};
    ((initiative_conflict_fn)fn)(ctx, &c);
}

static enum store_rc sq_initiative_conflicts(struct store *st, int64_t initiative_id,
                                             initiative_conflict_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_CONFLICTS, "i", initiative_id),
                    "initiative_conflicts", initiative_conflict_row, (void *)each, ctx);
}

static enum store_rc sq_initiative_score_insert(struct store *st, int64_t initiative_id,
                                                const struct initiative_score *x)
{
    enum store_rc rc = exec(st, prep(st, Q_INITIATIVE_SCORE_INSERT, "iiiiiiiiss", initiative_id,
                                     (int64_t)x->round, x->user_id, (int64_t)x->v[0],
                                     (int64_t)x->v[1], (int64_t)x->v[2], (int64_t)x->v[3],
                                     (int64_t)x->v[4], x->comment, x->at),
                            "initiative_score_insert");
    return rc == ST_OK ? bump(st, "initiatives") : rc;
}

static void initiative_score_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct initiative_score x = {
        .user_id = sqlite3_column_int64(s, 0), .username = text(s, 1),
        .display_name = text(s, 2), .round = sqlite3_column_int(s, 3),
        .comment = text(s, 9), .at = text(s, 10),
    };
    for (int i = 0; i < 5; i++) x.v[i] = sqlite3_column_int(s, 4 + i);
    ((initiative_score_fn)fn)(ctx, &x);
}

static enum store_rc sq_initiative_scores(struct store *st, int64_t initiative_id, int round,
                                          initiative_score_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_SCORES, "ii", initiative_id, (int64_t)round),
                    "initiative_scores", initiative_score_row, (void *)each, ctx);
}

static enum store_rc sq_initiative_evidence(struct store *st, int64_t initiative_id,
                                            evidence_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_INITIATIVE_EVIDENCE, "i", initiative_id),
                    "initiative_evidence", evidence_row, (void *)each, ctx);
}

/* ---- checklists ---- */

static enum store_rc sq_checklist_insert(struct store *st, const char *code, const char *name,
                                         const char *unit_kinds, int64_t *id)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = exec(st, prep(st, Q_CHECKLIST_INSERT, "ssss", code, name, unit_kinds, now),
                            "checklist_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, "checklists") : rc;
}
static enum store_rc sq_criterion_insert(struct store *st, int64_t checklist_id, int position,
                                         const char *text, int64_t *id)
{
    enum store_rc rc = exec(st, prep(st, Q_CRITERION_INSERT, "iis", checklist_id,
                                     (int64_t)position, text), "criterion_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, "checklists") : rc;
}
static void checklist_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct checklist c = {.id = sqlite3_column_int64(s, 0), .code = text(s, 1),
                          .name = text(s, 2), .unit_kinds = text(s, 3)};
    ((checklist_fn)fn)(ctx, &c);
}
static enum store_rc sq_checklist_list(struct store *st, int64_t id, checklist_fn each,
                                       void *ctx)
{
    return each_row(st, prep(st, Q_CHECKLIST_LIST, "i", id), "checklist_list", checklist_row,
                    (void *)each, ctx);
}
static void criterion_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct criterion c = {.id = sqlite3_column_int64(s, 0),
                          .checklist_id = sqlite3_column_int64(s, 1),
                          .position = sqlite3_column_int(s, 2), .text = text(s, 3),
                          .met = sqlite3_column_type(s, 4) == SQLITE_NULL ? -1
                                                                          : sqlite3_column_int(s, 4),
                          .day = text(s, 5), .actor = text(s, 6), .note = text(s, 7)};
    ((criterion_fn)fn)(ctx, &c);
}
static enum store_rc sq_criteria_list(struct store *st, int64_t checklist_id, int64_t unit_id,
                                      const char *as_of, criterion_fn each, void *ctx)
{
    char today[ISO_DATE_LEN];
    return each_row(st, prep(st, Q_CRITERIA_LIST, "iis", checklist_id, unit_id,
                             date_or_today(as_of, today)),
                    "criteria_list", criterion_row, (void *)each, ctx);
}
static enum store_rc sq_answer_insert(struct store *st, int64_t criterion_id, int64_t unit_id,
                                      bool met, const char *day, const char *at,
                                      const char *actor, const char *note)
{
    enum store_rc rc = exec(st, prep(st, Q_ANSWER_INSERT, "iibssss", criterion_id, unit_id,
                                     (int)met, day, at, actor, note ? note : ""),
                            "answer_insert");
    return rc == ST_OK ? bump(st, "checklists") : rc;
}
static void checklist_unit_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct checklist_unit u = {.id = sqlite3_column_int64(s, 0), .code = text(s, 1),
                               .name = text(s, 2), .path = text(s, 3),
                               .met = sqlite3_column_int(s, 4)};
    ((checklist_unit_fn)fn)(ctx, &u);
}
static enum store_rc sq_checklist_units(struct store *st, int64_t checklist_id, const char *kinds,
                                        const char *scope_path, const char *as_of,
                                        checklist_unit_fn each, void *ctx)
{
    char today[ISO_DATE_LEN];
    return each_row(st, prep(st, Q_CHECKLIST_UNITS, "isss", checklist_id, kinds, scope_path,
                             date_or_today(as_of, today)),
                    "checklist_units", checklist_unit_row, (void *)each, ctx);
}

/* ---- indicators ---- */

static double real_or_nan(sqlite3_stmt *s, int col)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL ? NAN : sqlite3_column_double(s, col);
}
/* Insert and update bind the same 21 parameters: the code, the definition and a time. */
static sqlite3_stmt *prep_indicator(struct store *st, enum q q, const struct indicator *i,
                                    const char *folded, const char *at)
{
    return prep(st, q, "sssssssssssssIdddibss", i->code, null_if_empty(i->programme_code),
                null_if_empty(i->document_key), null_if_empty(i->part_of_code), i->goal, i->name,
                folded, i->unit_of_measure, i->direction, i->value_type, i->aggregation,
                i->period_type, i->reporters, (int64_t)(i->baseline_year ? i->baseline_year : -1),
                i->baseline_value, i->near_tolerance, i->ratio_scale, (int64_t)i->due_days,
                (int)i->required, i->quote, at);
}
static enum store_rc sq_indicator_insert(struct store *st, const struct indicator *i,
                                         const char *folded, int64_t *id)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    const char *created = i->created_at && *i->created_at ? i->created_at : now;
    enum store_rc rc = exec(st, prep_indicator(st, Q_INDICATOR_INSERT, i, folded, created),
                            "indicator_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, "indicators") : rc;
}
/* By code (codes do not change). */
static enum store_rc sq_indicator_update(struct store *st, const struct indicator *i,
                                         const char *folded)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = exec(st, prep_indicator(st, Q_INDICATOR_UPDATE, i, folded, now),
                            "indicator_update");
    if (rc == ST_OK && sqlite3_changes(SQ(st)->db) == 0) rc = ST_NOT_FOUND;
    return rc == ST_OK ? bump(st, "indicators") : rc;
}
static void indicator_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct indicator i = {
        .id = sqlite3_column_int64(s, 0), .code = text(s, 1), .programme_code = text(s, 2),
        .document_key = text(s, 3), .goal = text(s, 4), .name = text(s, 5),
        .unit_of_measure = text(s, 6), .direction = text(s, 7), .value_type = text(s, 8),
        .aggregation = text(s, 9), .period_type = text(s, 10), .reporters = text(s, 11),
        .part_of_code = text(s, 12), .quote = text(s, 13),
        .baseline_year = sqlite3_column_int(s, 14), .baseline_value = real_or_nan(s, 15),
        .near_tolerance = real_or_nan(s, 16), .ratio_scale = sqlite3_column_double(s, 17),
        .due_days = sqlite3_column_int(s, 18), .required = sqlite3_column_int(s, 19) != 0,
        .created_at = text(s, 20), .updated_at = text(s, 21)};
    ((indicator_fn)fn)(ctx, &i);
}
static enum store_rc sq_indicator_list(struct store *st, int64_t id, const char *folded,
                                       const char *programme, indicator_fn each, void *ctx)
{
    char *pat = folded && *folded ? like_pattern(folded) : NULL;
    enum store_rc rc = each_row(st, prep(st, Q_INDICATOR_LIST, "iss", id, pat, programme),
                                "indicator_list", indicator_row, (void *)each, ctx);
    free(pat);
    return rc;
}
static enum store_rc sq_indicator_id(struct store *st, const char *code, int64_t *id)
{
    return one_row(st, prep(st, Q_INDICATOR_ID, "s", code), "indicator_id", read_id, id);
}
static enum store_rc sq_targets_set(struct store *st, int64_t indicator_id,
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
static void target_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct indicator_target t = {.year = sqlite3_column_int(s, 0), .comparator = text(s, 1),
                                 .value = sqlite3_column_double(s, 2),
                                 .value_high = real_or_nan(s, 3), .text = text(s, 4)};
    ((target_fn)fn)(ctx, &t);
}
static enum store_rc sq_targets_list(struct store *st, int64_t indicator_id, target_fn each,
                                     void *ctx)
{
    return each_row(st, prep(st, Q_TARGETS_LIST, "i", indicator_id), "targets_list",
                    target_row, (void *)each, ctx);
}
static void read_value_at(sqlite3_stmt *s, int c, struct ivalue *v)
{
    *v = (struct ivalue){
        .id = sqlite3_column_int64(s, c), .indicator_id = sqlite3_column_int64(s, c + 1),
        .unit_id = sqlite3_column_int64(s, c + 2), .indicator_code = text(s, c + 3),
        .unit_code = text(s, c + 4), .unit_name = text(s, c + 5), .unit_path = text(s, c + 6),
        .period = text(s, c + 7), .value = sqlite3_column_double(s, c + 8),
        .numerator = real_or_nan(s, c + 9), .denominator = real_or_nan(s, c + 10),
        .source = text(s, c + 11), .flags = text(s, c + 12), .first_day = text(s, c + 13),
        .updated_at = text(s, c + 14), .updated_by = text(s, c + 15),
        .late = sqlite3_column_int(s, c + 16) != 0, .version = sqlite3_column_int64(s, c + 17)};
}
static void value_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct ivalue v;
    read_value_at(s, 0, &v);
    ((ivalue_fn)fn)(ctx, &v);
}
static enum store_rc sq_value_get(struct store *st, int64_t indicator_id, int64_t unit_id,
                                  const char *period, ivalue_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_VALUE_GET, "iis", indicator_id, unit_id, period),
                     "value_get", value_row, (void *)each, ctx);
}
static enum store_rc sq_value_put(struct store *st, const struct ivalue *v)
{
    return exec(st, prep(st, Q_VALUE_PUT, "iisdddsbssss", v->indicator_id, v->unit_id,
                         v->period, v->value, v->numerator, v->denominator,
                         v->source ? v->source : "", (int)v->late, v->flags ? v->flags : "",
                         v->first_day, v->updated_at, v->updated_by),
                "value_put");
}
static enum store_rc sq_value_delete(struct store *st, int64_t indicator_id, int64_t unit_id,
                                     const char *period)
{
    enum store_rc rc = exec(st, prep(st, Q_VALUE_DELETE, "iis", indicator_id, unit_id, period),
                            "value_delete");
    if (rc == ST_OK && sqlite3_changes(SQ(st)->db) == 0) rc = ST_NOT_FOUND;
    return rc;
}
/* A multi-row INSERT of ROWS values, prepared. */
static sqlite3_stmt *insert_many_prepare(struct store *st, int rows, bool persistent)
{
    char sql[sizeof VALUE_INSERT_COLS + INSERT_ROWS * 64];
    size_t len = strlen(VALUE_INSERT_COLS);
    memcpy(sql, VALUE_INSERT_COLS, len + 1);
    for (int r = 0; r < rows; r++)
        len += (size_t)snprintf(sql + len, sizeof sql - len, "%s(?,?,?,?,?,?,?,?,?,?,?,?)",
                                r ? "," : "");
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v3(SQ(st)->db, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0,
                           &stmt, NULL) != SQLITE_OK) {
        fail(st, "value_insert_many prepare");
        return NULL;
    }
    return stmt;
}
static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC);
}
static void bind_real(sqlite3_stmt *s, int i, double v)
{
    if (isnan(v)) sqlite3_bind_null(s, i);
    else sqlite3_bind_double(s, i, v);
}
/* Runs STMT with the ROWS values from V bound (text bound without a copy: V outlives the call). */
static enum store_rc insert_rows(struct store *st, sqlite3_stmt *stmt, const struct ivalue *v,
                                 int rows)
{
    sqlite3_reset(stmt);
    for (int r = 0; r < rows; r++) {
        const struct ivalue *x = &v[r];
        int b = r * VALUE_INSERT_PARAMS;
        sqlite3_bind_int64(stmt, b + 1, x->indicator_id);
        sqlite3_bind_int64(stmt, b + 2, x->unit_id);
        bind_text(stmt, b + 3, x->period);
        bind_real(stmt, b + 4, x->value);
        bind_real(stmt, b + 5, x->numerator);
        bind_real(stmt, b + 6, x->denominator);
        bind_text(stmt, b + 7, x->source);
        sqlite3_bind_int(stmt, b + 8, x->late ? 1 : 0);
        bind_text(stmt, b + 9, x->flags);
        bind_text(stmt, b + 10, x->first_day);
        bind_text(stmt, b + 11, x->updated_at);
        bind_text(stmt, b + 12, x->updated_by);
    }
    return exec(st, stmt, "value_insert_many");
}
/* Bulk pragma: while loading, the page cache may hold the whole of what the load touches
 * (BULK_CACHE_KIB), so that each page of the value table and its indexes is written to the WAL
 * once, at commit, instead of being spilled and rewritten; synchronous stays FULL, so the
 * commit is as durable as any other. The connection's usual cache size comes back after. */
#define BULK_CACHE_KIB 262144
#define BULK_MIN_ROWS 20000
static enum store_rc sq_value_insert_many(struct store *st, const struct ivalue *v, size_t n)
{
    struct sq *s = SQ(st);
    int old_cache = 0;
    if (n >= BULK_MIN_ROWS) {
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(s->db, "PRAGMA cache_size", -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            old_cache = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", BULK_CACHE_KIB);
        if (old_cache && old_cache > -BULK_CACHE_KIB) sqlite3_exec(s->db, sql, NULL, NULL, NULL);
        else old_cache = 0;
    }
    /* Foreign keys are checked at the commit (this pragma ends with the transaction): an
     * immediate check would again need a statement journal. */
    sqlite3_exec(s->db, "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL);
    if (!s->insert_many) s->insert_many = insert_many_prepare(st, INSERT_ROWS, true);
    enum store_rc rc = s->insert_many ? ST_OK : ST_ERROR;
    size_t i = 0;
    for (; rc == ST_OK && i + INSERT_ROWS <= n; i += INSERT_ROWS)
        rc = insert_rows(st, s->insert_many, v + i, INSERT_ROWS);
    if (rc == ST_OK && i < n) {
        sqlite3_stmt *rest = insert_many_prepare(st, (int)(n - i), false);
        rc = rest ? insert_rows(st, rest, v + i, (int)(n - i)) : ST_ERROR;
        sqlite3_finalize(rest);
    }
    if (s->insert_many) sqlite3_clear_bindings(s->insert_many);
    if (old_cache) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", old_cache);
        sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    }
    return rc;
}
static enum store_rc sq_value_list(struct store *st, const struct value_query *q,
                                   ivalue_fn each, void *ctx)
{
    enum q plan = q->unit_id ? Q_VALUE_LIST_UNIT
                : q->indicator_id && q->period ? Q_VALUE_LIST_PERIOD : Q_VALUE_LIST;
    return each_row(st, prep(st, plan, "iissssii", q->indicator_id, q->unit_id,
                             q->scope_path, q->period, q->period_from, q->period_to,
                             q->after_id, (int64_t)(q->limit > 0 ? q->limit : -1)),
                    "value_list", value_row, (void *)each, ctx);
}
static enum store_rc sq_rollup_add(struct store *st, int64_t indicator_id, const char *period,
                                   const int64_t *unit_ids, int n, const struct rollup *d)
{
    enum store_rc rc = ST_OK;
    for (int k = 0; rc == ST_OK && k < n; k++)
        rc = exec(st, prep(st, Q_ROLLUP_ADD, "iisiiddddd", indicator_id, unit_ids[k], period,
                           d->n, d->late, d->total, d->num, d->den, d->lo, d->hi),
                  "rollup_add");
    return rc;
}
static enum store_rc sq_rollup_refresh_extremes(struct store *st, int64_t indicator_id,
                                                const char *period, int64_t unit_id)
{
    return exec(st, prep(st, Q_ROLLUP_EXTREMES, "isi", indicator_id, period, unit_id),
                "rollup_refresh_extremes");
}
static void read_rollup_at(sqlite3_stmt *s, int c, struct rollup *r)
{
    *r = (struct rollup){.n = sqlite3_column_int64(s, c), .late = sqlite3_column_int64(s, c + 1),
                         .total = sqlite3_column_double(s, c + 2),
                         .num = sqlite3_column_double(s, c + 3),
                         .den = sqlite3_column_double(s, c + 4), .lo = real_or_nan(s, c + 5),
                         .hi = real_or_nan(s, c + 6)};
}
static void read_rollup(sqlite3_stmt *s, void *out) { read_rollup_at(s, 0, out); }
static enum store_rc sq_rollup_get(struct store *st, int64_t indicator_id, int64_t unit_id,
                                   const char *period, struct rollup *out)
{
    return one_row(st, prep(st, Q_ROLLUP_GET, "iis", indicator_id, unit_id, period),
                   "rollup_get", read_rollup, out);
}
typedef void (*series_fn)(void *ctx, const char *period, const struct rollup *below,
                          const struct ivalue *own);
static void series_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct rollup r = {.lo = NAN, .hi = NAN};
    if (sqlite3_column_type(s, 1) != SQLITE_NULL) read_rollup_at(s, 1, &r);
    struct ivalue v;
    bool own = sqlite3_column_type(s, 8) != SQLITE_NULL;
    if (own) read_value_at(s, 8, &v);
    ((series_fn)fn)(ctx, text(s, 0), &r, own ? &v : NULL);
}
static enum store_rc sq_rollup_series(struct store *st, int64_t indicator_id, int64_t unit_id,
                                      series_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_ROLLUP_SERIES, "ii", indicator_id, unit_id), "rollup_series",
                    series_row, (void *)each, ctx);
}
static enum store_rc sq_rollups_clear(struct store *st)
{
    return exec(st, prep(st, Q_ROLLUPS_CLEAR, ""), "rollups_clear");
}
static void reporting_unit_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct reporting_unit u = {.id = sqlite3_column_int64(s, 0), .code = text(s, 1),
                               .name = text(s, 2), .kind = text(s, 3), .path = text(s, 4),
                               .reported = sqlite3_column_int(s, 5) != 0,
                               .late = sqlite3_column_int(s, 6) != 0, .first_day = text(s, 7)};
    ((reporting_unit_fn)fn)(ctx, &u);
}
static enum store_rc sq_reporting_units(struct store *st, int64_t indicator_id,
                                        const char *period, const char *reporters,
                                        const char *scope_path, const char *from,
                                        const char *to, reporting_unit_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_REPORTING_UNITS, "isssss", indicator_id, period, reporters,
                             scope_path ? scope_path : "/", from, to),
                    "reporting_units", reporting_unit_row, (void *)each, ctx);
}
static void value_period_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct value_period p = {.state = text(s, 0), .comment = text(s, 1), .at = text(s, 2),
                             .actor = text(s, 3)};
    ((value_period_fn)fn)(ctx, &p);
}
static enum store_rc sq_value_period_get(struct store *st, int64_t unit_id, const char *period,
                                         value_period_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_VALUE_PERIOD_GET, "is", unit_id, period), "value_period_get",
                     value_period_row, (void *)each, ctx);
}
static enum store_rc sq_value_period_set(struct store *st, int64_t unit_id, const char *period,
                                         const struct value_period *p)
{
    enum store_rc rc = exec(st, prep(st, Q_VALUE_PERIOD_SET, "isssss", unit_id, period,
                                     p->state, p->comment ? p->comment : "", p->at, p->actor),
                            "value_period_set");
    return rc == ST_OK ? bump(st, "indicators") : rc;
}
/* ---- feedback (system 2) ---- */

static enum store_rc sq_feedback_insert(struct store *st, const struct feedback_new *f,
                                        int64_t *id)
{
    enum store_rc rc = exec(st, prep(st, Q_FB_INSERT, "sssssnnsssnss", f->code, f->kind, f->field,
                                     f->title, f->content, f->concerns_id, f->unit_id,
                                     f->received_at, f->received_on, f->due, f->duplicate_of,
                                     f->dup_key, f->search_folded), "feedback_insert");
    if (rc != ST_OK) return rc;
    *id = sqlite3_last_insert_rowid(SQ(st)->db);
    const struct feedback_contact *c = &f->contact;
    rc = exec(st, prep(st, Q_FB_CONTACT_INSERT, "isssss", *id, c->name ? c->name : "",
                       c->phone ? c->phone : "", c->email ? c->email : "",
                       c->address ? c->address : "", c->address_ip ? c->address_ip : ""),
              "feedback_contact_insert");
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static enum store_rc sq_feedback_first_with_key(struct store *st, const char *dup_key,
                                                int64_t *id)
{
    return one_row(st, prep(st, Q_FB_FIRST_KEY, "s", dup_key), "feedback_first", read_int64, id);
}

static void feedback_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct feedback_item f = {
        .id = sqlite3_column_int64(s, 0), .code = text(s, 1), .kind = text(s, 2),
        .field = text(s, 3), .title = text(s, 4), .content = text(s, 5),
        .concerns_code = text(s, 6), .concerns_name = text(s, 7),
        .unit_id = sqlite3_column_int64(s, 8), .unit_code = text(s, 9), .unit_name = text(s, 10),
        .unit_path = text(s, 11), .parent_code = text(s, 12), .parent_name = text(s, 13),
        .status = text(s, 14), .received_at = text(s, 15), .received_on = text(s, 16),
        .due = text(s, 17), .answered_on = text(s, 18), .answer = text(s, 19),
        .reason = text(s, 20), .rating = sqlite3_column_int(s, 21),
        .rating_comment = text(s, 22), .duplicate_of = text(s, 23), .updated_at = text(s, 24),
    };
    ((feedback_fn)fn)(ctx, &f);
}

static enum store_rc sq_feedback_get(struct store *st, const char *code, int64_t id,
                                     feedback_fn each, void *ctx)
{
    sqlite3_stmt *s = code ? prep(st, Q_FB_GET_CODE, "s", code) : prep(st, Q_FB_GET_ID, "i", id);
    return first_row(st, s, "feedback_get", feedback_row, (void *)each, ctx);
}

static void contact_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct feedback_contact c = {.name = text(s, 0), .phone = text(s, 1), .email = text(s, 2),
                                 .address = text(s, 3), .address_ip = text(s, 4)};
    ((feedback_contact_fn)fn)(ctx, &c);
}

static enum store_rc sq_feedback_contact_get(struct store *st, int64_t id,
                                             feedback_contact_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_FB_CONTACT, "i", id), "feedback_contact", contact_row,
                     (void *)each, ctx);
}

static enum store_rc sq_feedback_list(struct store *st, const struct feedback_query *q,
                                      feedback_fn each, void *ctx)
{
    char *pat = q->folded && *q->folded ? like_pattern(q->folded) : NULL;
    enum store_rc rc = each_row(
        st, prep(st, q->by_urgency ? Q_FB_LIST_URGENT : Q_FB_LIST_RECENT, "sissbbsssiis",
                 q->scope_path, q->unit_id, q->kind, q->status, (int)q->open_only,
                 (int)q->public_only, q->overdue_on, pat, q->after_due, q->after_id,
                 (int64_t)(q->limit > 0 ? q->limit : -1), q->escalate_on),
        "feedback_list", feedback_row, (void *)each, ctx);
    free(pat);
    return rc;
}

static enum store_rc sq_feedback_set(struct store *st, int64_t id, const char *status,
                                     int64_t unit_id, const char *answered_on, const char *answer,
                                     const char *reason, const char *updated_at)
{
    enum store_rc rc = exec(st, prep(st, Q_FB_SET, "isissss", id, status, unit_id,
                                     null_if_empty(answered_on), null_if_empty(answer),
                                     null_if_empty(reason), updated_at), "feedback_set");
    if (rc == ST_OK && sqlite3_changes(SQ(st)->db) == 0) return ST_NOT_FOUND;
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static enum store_rc sq_feedback_rate(struct store *st, int64_t id, int rating,
                                      const char *comment, const char *updated_at)
{
    enum store_rc rc = exec(st, prep(st, Q_FB_RATE, "iiss", id, (int64_t)rating,
                                     null_if_empty(comment), updated_at), "feedback_rate");
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static enum store_rc sq_feedback_event_insert(struct store *st, const struct feedback_event *e)
{
    return exec(st, prep(st, Q_FB_EVENT_INSERT, "isssssns", e->feedback_id, e->at, e->actor,
                         e->action, null_if_empty(e->from_status), null_if_empty(e->to_status),
                         e->unit_id, e->note ? e->note : ""), "feedback_event_insert");
}

static void event_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct feedback_event e = {
        .id = sqlite3_column_int64(s, 0), .feedback_id = sqlite3_column_int64(s, 1),
        .unit_id = sqlite3_column_int64(s, 2), .at = text(s, 3), .actor = text(s, 4),
        .action = text(s, 5), .from_status = text(s, 6), .to_status = text(s, 7),
        .note = text(s, 8), .unit_code = text(s, 9), .unit_name = text(s, 10),
    };
    ((feedback_event_fn)fn)(ctx, &e);
}

static enum store_rc sq_feedback_events(struct store *st, int64_t feedback_id,
                                        feedback_event_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_FB_EVENTS, "i", feedback_id), "feedback_events", event_row,
                    (void *)each, ctx);
}

static enum store_rc sq_feedback_file_insert(struct store *st, const struct evidence *e,
                                             int64_t *id)
{
    sqlite3_stmt *s = prep(st, Q_FB_FILE_INSERT, "ississs", e->part_id, e->name, e->type,
                           e->size, e->sha256, "", e->at);
    if (!s) return ST_ERROR;
    sqlite3_bind_blob64(s, 6, e->content, (sqlite3_uint64)e->size, SQLITE_STATIC);
    enum store_rc rc = exec(st, s, "feedback_file_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static void fb_file_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct evidence e = {
        .id = sqlite3_column_int64(s, 0), .part_id = sqlite3_column_int64(s, 1),
        .name = text(s, 2), .type = text(s, 3), .size = sqlite3_column_int64(s, 4),
        .sha256 = text(s, 5), .at = text(s, 6), .actor = "", .unit_code = "", .unit_path = "",
        .assigner_path = "", .content = sqlite3_column_blob(s, 7),
    };
    ((evidence_fn)fn)(ctx, &e);
}

static enum store_rc sq_feedback_file_get(struct store *st, int64_t feedback_id, int64_t id,
                                          evidence_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_FB_FILE_GET, "ii", feedback_id, id), "feedback_file_get",
                     fb_file_row, (void *)each, ctx);
}

static enum store_rc sq_feedback_files(struct store *st, int64_t feedback_id, evidence_fn each,
                                       void *ctx)
{
    return each_row(st, prep(st, Q_FB_FILES, "i", feedback_id), "feedback_files", fb_file_row,
                    (void *)each, ctx);
}

static void route_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct feedback_route r = {
        .id = sqlite3_column_int64(s, 0), .position = sqlite3_column_int(s, 1),
        .kind = text(s, 2), .field = text(s, 3), .concerns_code = text(s, 4),
        .concerns_name = text(s, 5), .concerns_path = text(s, 6), .target_code = text(s, 7),
        .target_name = text(s, 8), .target_id = sqlite3_column_int64(s, 9),
        .created_at = text(s, 10), .created_by = text(s, 11),
    };
    ((feedback_route_fn)fn)(ctx, &r);
}

static enum store_rc sq_feedback_routes(struct store *st, feedback_route_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_FB_ROUTES, ""), "feedback_routes", route_row, (void *)each,
                    ctx);
}

static enum store_rc sq_feedback_route_insert(struct store *st, const struct feedback_route *r,
                                              int64_t concerns_id, int64_t *id)
{
    enum store_rc rc = exec(st, prep(st, Q_FB_ROUTE_INSERT, "issnnss", (int64_t)r->position,
                                     null_if_empty(r->kind), null_if_empty(r->field),
                                     concerns_id, r->target_id, r->created_at, r->created_by),
                            "feedback_route_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static enum store_rc sq_feedback_route_delete(struct store *st, int64_t id)
{
    enum store_rc rc = exec(st, prep(st, Q_FB_ROUTE_DELETE, "i", id), "feedback_route_delete");
    if (rc == ST_OK && sqlite3_changes(SQ(st)->db) == 0) return ST_NOT_FOUND;
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static void kind_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct feedback_kind k = {.code = text(s, 0), .name = text(s, 1),
                              .days = sqlite3_column_int(s, 2),
                              .contact_required = sqlite3_column_int(s, 3) != 0};
    ((feedback_kind_fn)fn)(ctx, &k);
}

static enum store_rc sq_feedback_kind_list(struct store *st, feedback_kind_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_FB_KINDS, ""), "feedback_kinds", kind_row, (void *)each, ctx);
}

static enum store_rc sq_feedback_kind_set(struct store *st, const char *code, int days)
{
    enum store_rc rc = exec(st, prep(st, Q_FB_KIND_SET, "si", code, (int64_t)days),
                            "feedback_kind_set");
    if (rc == ST_OK && sqlite3_changes(SQ(st)->db) == 0) return ST_NOT_FOUND;
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

struct text_out { char *out; size_t cap; };
static void read_text_out(sqlite3_stmt *s, void *out)
{
    struct text_out *t = out;
    util_copy(t->out, t->cap, text(s, 0));
}

static enum store_rc sq_feedback_setting_get(struct store *st, const char *name, char *out,
                                             size_t cap)
{
    struct text_out t = {out, cap};
    return one_row(st, prep(st, Q_FB_SETTING_GET, "s", name), "feedback_setting", read_text_out,
                   &t);
}

static enum store_rc sq_feedback_setting_set(struct store *st, const char *name,
                                             const char *value)
{
    enum store_rc rc = exec(st, prep(st, Q_FB_SETTING_SET, "ss", name, value),
                            "feedback_setting_set");
    return rc == ST_OK ? bump(st, "feedback") : rc;
}

static void calendar_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct calendar_day_row d = {.date = text(s, 0), .name = text(s, 1),
                                 .working = sqlite3_column_int(s, 2) != 0,
                                 .created_at = text(s, 3), .created_by = text(s, 4)};
    ((calendar_day_fn)fn)(ctx, &d);
}

static enum store_rc sq_calendar_days(struct store *st, calendar_day_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_CAL_DAYS, ""), "calendar_days", calendar_row, (void *)each,
                    ctx);
}

static enum store_rc sq_calendar_day_put(struct store *st, const struct calendar_day_row *d)
{
    enum store_rc rc = exec(st, prep(st, Q_CAL_DAY_PUT, "ssbss", d->date, d->name,
                                     (int)d->working, d->created_at, d->created_by),
                            "calendar_day_put");
    return rc == ST_OK ? bump(st, "calendar") : rc;
}

static enum store_rc sq_calendar_day_delete(struct store *st, const char *date)
{
    enum store_rc rc = exec(st, prep(st, Q_CAL_DAY_DELETE, "s", date), "calendar_day_delete");
    if (rc == ST_OK && sqlite3_changes(SQ(st)->db) == 0) return ST_NOT_FOUND;
    return rc == ST_OK ? bump(st, "calendar") : rc;
}

static enum store_rc sq_generation_bump(struct store *st, const char *name)
{
    return bump(st, name);
}

/* ---- periodic reports ---- */

static enum store_rc sq_report_schedule_insert(struct store *st, const struct report_schedule *r,
                                               int64_t *id)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = exec(st, prep(st, Q_SCHEDULE_INSERT, "sssisssssss", r->code, r->name,
                                     r->kind, (int64_t)r->due_day, null_if_empty(r->due_date),
                                     null_if_empty(r->period_from), null_if_empty(r->period_to),
                                     r->reporters, r->to_unit ? r->to_unit : "",
                                     r->quote ? r->quote : "",
                                     r->created_at && *r->created_at ? r->created_at : now),
                            "report_schedule_insert");
    if (rc == ST_OK) *id = sqlite3_last_insert_rowid(SQ(st)->db);
    return rc == ST_OK ? bump(st, "reports") : rc;
}
static void schedule_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct report_schedule r = {.id = sqlite3_column_int64(s, 0), .code = text(s, 1),
                                .name = text(s, 2), .kind = text(s, 3),
                                .due_day = sqlite3_column_int(s, 4), .due_date = text(s, 5),
                                .period_from = text(s, 6), .period_to = text(s, 7),
                                .reporters = text(s, 8), .to_unit = text(s, 9),
                                .quote = text(s, 10), .created_at = text(s, 11)};
    ((report_schedule_fn)fn)(ctx, &r);
}
static enum store_rc sq_report_schedule_list(struct store *st, int64_t id,
                                             report_schedule_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_SCHEDULE_LIST, "i", id), "report_schedule_list", schedule_row,
                    (void *)each, ctx);
}
static void report_row(sqlite3_stmt *s, void *fn, void *ctx)
{
    struct report r = {.id = sqlite3_column_int64(s, 0), .schedule_id = sqlite3_column_int64(s, 1),
                       .unit_id = sqlite3_column_int64(s, 2), .unit_code = text(s, 3),
                       .unit_name = text(s, 4), .unit_kind = text(s, 5), .unit_path = text(s, 6),
                       .period = text(s, 7), .narrative = text(s, 8), .state = text(s, 9),
                       .snapshot = text(s, 10), .comment = text(s, 11),
                       .submitted_at = text(s, 12), .submitted_by = text(s, 13),
                       .decided_at = text(s, 14), .decided_by = text(s, 15),
                       .updated_at = text(s, 16)};
    ((report_fn)fn)(ctx, &r);
}
static enum store_rc sq_report_get(struct store *st, int64_t schedule_id, int64_t unit_id,
                                   const char *period, report_fn each, void *ctx)
{
    return first_row(st, prep(st, Q_REPORT_GET, "iis", schedule_id, unit_id, period),
                     "report_get", report_row, (void *)each, ctx);
}
static enum store_rc sq_report_put(struct store *st, const struct report *r)
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
static enum store_rc sq_report_owed(struct store *st, int64_t schedule_id, const char *period,
                                    const char *reporters, const char *scope_path,
                                    const char *from, const char *to, report_fn each, void *ctx)
{
    return each_row(st, prep(st, Q_REPORT_OWED, "isssss", schedule_id, period, reporters,
                             scope_path ? scope_path : "/", from, to),
                    "report_owed", report_row, (void *)each, ctx);
}

/* ---- whole-database copies ---- */

#define COPY_COLS_MAX 64


/* The tables a dump holds, in creation order. */
static const char *const SQ_TABLES =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND "
    "name <> 'login_failures' ORDER BY rowid";

struct names { char (*v)[64]; int n; };
static enum store_rc sq_names(struct store *st, const char *sql, const char *arg,
                              struct names *out, int cap)
{
    sqlite3_stmt *s;
    out->n = 0;
    if (sqlite3_prepare_v2(SQ(st)->db, sql, -1, &s, NULL) != SQLITE_OK) return fail(st, sql);
    if (arg) sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && out->n < cap)
        util_copy(out->v[out->n++], 64, text(s, 0));
    sqlite3_finalize(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? ST_OK : fail(st, sql);
}

static enum store_rc dump_table(struct store *st, const char *table, dump_table_fn on_table,
                                dump_row_fn on_row, void *ctx)
{
    char cols[COPY_COLS_MAX][64];
    struct names c = {cols, 0};
    enum store_rc rc = sq_names(st, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", table,
                                &c, COPY_COLS_MAX);
    if (rc != ST_OK) return rc;
    const char *names[COPY_COLS_MAX];
    char sql[1024];
    int n = snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", table);
    for (int i = 0; i < c.n; i++) {
        names[i] = cols[i];
        if (i) n += snprintf(sql + n, sizeof sql - (size_t)n, ", %d", i + 1);
    }
    if (on_table(ctx, table, c.n, names)) return ST_ERROR;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(SQ(st)->db, sql, -1, &s, NULL) != SQLITE_OK) return fail(st, sql);
    struct db_cell cells[COPY_COLS_MAX];
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < c.n; i++) {
            struct db_cell *x = &cells[i];
            *x = (struct db_cell){.kind = CELL_NULL};
            switch (sqlite3_column_type(s, i)) {
            case SQLITE_INTEGER: x->kind = CELL_INT; x->i = sqlite3_column_int64(s, i); break;
            case SQLITE_FLOAT: x->kind = CELL_REAL; x->d = sqlite3_column_double(s, i); break;
            case SQLITE_TEXT:
                x->kind = CELL_TEXT;
                x->s = text(s, i);
                x->len = (size_t)sqlite3_column_bytes(s, i);
                break;
            case SQLITE_BLOB:
                x->kind = CELL_BLOB;
                x->s = sqlite3_column_blob(s, i);
                x->len = (size_t)sqlite3_column_bytes(s, i);
                break;
            default: break;
            }
        }
        if (on_row(ctx, cells)) { sqlite3_finalize(s); return ST_ERROR; }
    }
    sqlite3_finalize(s);
    return step == SQLITE_DONE ? ST_OK : fail(st, table);
}

static enum store_rc sq_dump(struct store *st, dump_table_fn on_table, dump_row_fn on_row,
                             void *ctx)
{
    char tables[128][64];
    struct names t = {tables, 0};
    /* One read transaction: every table as of the same moment, while servers write. */
    sqlite3 *db = SQ(st)->db;
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return fail(st, "begin dump");
    enum store_rc rc = sq_names(st, SQ_TABLES, NULL, &t, 128);
    for (int i = 0; rc == ST_OK && i < t.n; i++)
        rc = dump_table(st, tables[i], on_table, on_row, ctx);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    return rc;
}

static enum store_rc sq_load_begin(struct store *st, const char *table, int ncols,
                                   const char *const *columns)
{
    char tables[128][64];
    struct names t = {tables, 0};
    enum store_rc rc = sq_names(st, SQ_TABLES, NULL, &t, 128);
    bool known = false;
    for (int i = 0; i < t.n; i++) known |= strcmp(tables[i], table) == 0;
    if (rc != ST_OK) return rc;
    if (!known || ncols < 1 || ncols > COPY_COLS_MAX) return ST_NOT_FOUND;
    char sql[4096];
    int n = snprintf(sql, sizeof sql, "INSERT INTO \"%s\" (", table);
    for (int i = 0; i < ncols; i++) {
        if (!store_plain_name(columns[i])) return ST_NOT_FOUND;
        n += snprintf(sql + n, sizeof sql - (size_t)n, "%s\"%s\"", i ? ", " : "", columns[i]);
    }
    n += snprintf(sql + n, sizeof sql - (size_t)n, ") VALUES (");
    for (int i = 0; i < ncols; i++)
        n += snprintf(sql + n, sizeof sql - (size_t)n, "%s?%d", i ? ", " : "", i + 1);
    snprintf(sql + n, sizeof sql - (size_t)n, ")");
    char del[128];
    snprintf(del, sizeof del, "DELETE FROM \"%s\"", table);
    sqlite3 *db = SQ(st)->db;
    /* A row may name one loaded after it (a unit's parent created later): references are
     * checked at commit. */
    if (sqlite3_exec(db, "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, del, NULL, NULL, NULL) != SQLITE_OK)
        return fail(st, del);
    struct sq *q = SQ(st);
    sqlite3_finalize(q->load);
    q->load = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &q->load, NULL) != SQLITE_OK) return fail(st, sql);
    q->load_ncols = ncols;
    return ST_OK;
}

static enum store_rc sq_load_row(struct store *st, const struct db_cell *cells)
{
    sqlite3_stmt *load_stmt = SQ(st)->load;
    if (!load_stmt) return ST_ERROR;
    sqlite3_reset(load_stmt);
    for (int i = 0; i < SQ(st)->load_ncols; i++) {
        const struct db_cell *x = &cells[i];
        switch (x->kind) {
        case CELL_INT: sqlite3_bind_int64(load_stmt, i + 1, x->i); break;
        case CELL_REAL: sqlite3_bind_double(load_stmt, i + 1, x->d); break;
        case CELL_TEXT:
            sqlite3_bind_text(load_stmt, i + 1, x->s, (int)x->len, SQLITE_STATIC);
            break;
        case CELL_BLOB:
            sqlite3_bind_blob(load_stmt, i + 1, x->s, (int)x->len, SQLITE_STATIC);
            break;
        default: sqlite3_bind_null(load_stmt, i + 1); break;
        }
    }
    int rc = sqlite3_step(load_stmt);
    return rc == SQLITE_DONE ? ST_OK : fail(st, "load row");
}

static enum store_rc sq_load_end(struct store *st)
{
    sqlite3_finalize(SQ(st)->load);
    SQ(st)->load = NULL;
    return ST_OK;
}

/* ---- opening ---- */

struct store *store_sqlite_open(const char *path, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path,
                 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    const char *pragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                          "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; "
                          "PRAGMA cache_size = -16000;";
    char *msg = NULL;
    /* Switching a new file to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once
     * (without the busy handler) while another process opening the same new file holds its
     * shared lock: try again for up to 5 s (several `nq57 migrate` or servers started at once). */
    for (int tries = 0; (rc = sqlite3_exec(db, pragmas, NULL, NULL, &msg)) != SQLITE_OK &&
                        (rc & 0xff) == SQLITE_BUSY && tries < 250;
         tries++) {
        sqlite3_free(msg);
        msg = NULL;
        nanosleep(&(struct timespec){0, 20000000L}, NULL);
    }
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot configure database %s: %s", path, msg ? msg : "");
        sqlite3_free(msg);
        sqlite3_close(db);
        return NULL;
    }
    struct sq *s = calloc(1, sizeof *s);
    struct store *st = calloc(1, sizeof *st);
    s->db = db;
    *st = (struct store){
        .backend = "sqlite",
        .begin = sq_begin, .commit = sq_commit, .rollback = sq_rollback, .close = sq_close,
        .ping = sq_ping, .migrate = sq_migrate, .db_seconds = sq_db_seconds,
        .unit_get = sq_unit_get, .unit_get_by_id = sq_unit_get_by_id,
        .unit_children = sq_unit_children, .unit_subtree = sq_unit_subtree,
        .unit_search = sq_unit_search, .unit_versions = sq_unit_versions,
        .unit_links = sq_unit_links, .unit_insert = sq_unit_insert,
        .unit_revise = sq_unit_revise, .unit_close = sq_unit_close,
        .unit_active_children = sq_unit_active_children,
        .user_get = sq_user_get, .user_insert = sq_user_insert, .user_update = sq_user_update,
        .user_list = sq_user_list, .user_by_id = sq_user_by_id,
        .session_insert = sq_session_insert, .session_get = sq_session_get,
        .session_touch = sq_session_touch, .session_delete = sq_session_delete,
        .session_delete_user = sq_session_delete_user, .session_prune = sq_session_prune,
        .login_failures = sq_login_failures, .login_failure_add = sq_login_failure_add,
        .login_failure_delete = sq_login_failure_delete,
        .login_failures_clear = sq_login_failures_clear,
        .token_insert = sq_token_insert, .token_by_hash = sq_token_by_hash,
        .token_get = sq_token_get, .token_list = sq_token_list, .token_revoke = sq_token_revoke,
        .token_revoke_owner = sq_token_revoke_owner, .token_touch = sq_token_touch,
        .audit_last = sq_audit_last, .audit_insert = sq_audit_insert,
        .audit_list = sq_audit_list, .audit_scan = sq_audit_scan,
        .programme_insert = sq_programme_insert, .programme_id = sq_programme_id,
        .task_group_insert = sq_task_group_insert, .document_insert = sq_document_insert,
        .document_id = sq_document_id, .document_get = sq_document_get,
        .document_list = sq_document_list, .generation = sq_generation,
        .task_insert = sq_task_insert, .task_part_insert = sq_task_part_insert,
        .task_get = sq_task_get, .task_id_by_key = sq_task_id_by_key,
        .task_rows = sq_task_rows, .part_histories = sq_part_histories,
        .task_part_set = sq_task_part_set,
        .task_update_insert = sq_task_update_insert, .task_updates = sq_task_updates,
        .evidence_insert = sq_evidence_insert, .evidence_get = sq_evidence_get,
        .evidence_list = sq_evidence_list,
        .strategic_field_list = sq_strategic_field_list,
        .strategic_field_insert = sq_strategic_field_insert,
        .strategic_field_update = sq_strategic_field_update,
        .initiative_insert = sq_initiative_insert, .initiative_get = sq_initiative_get,
        .initiative_list = sq_initiative_list, .initiative_update = sq_initiative_update,
        .initiative_event_insert = sq_initiative_event_insert,
        .initiative_events = sq_initiative_events,
        .initiative_member_insert = sq_initiative_member_insert,
        .initiative_members = sq_initiative_members,
        .initiative_conflict_insert = sq_initiative_conflict_insert,
        .initiative_conflicts = sq_initiative_conflicts,
        .initiative_score_insert = sq_initiative_score_insert,
        .initiative_scores = sq_initiative_scores, .initiative_evidence = sq_initiative_evidence,
        .checklist_insert = sq_checklist_insert, .criterion_insert = sq_criterion_insert,
        .checklist_list = sq_checklist_list, .criteria_list = sq_criteria_list,
        .answer_insert = sq_answer_insert, .checklist_units = sq_checklist_units,
        .indicator_insert = sq_indicator_insert, .indicator_update = sq_indicator_update,
        .indicator_list = sq_indicator_list, .indicator_id = sq_indicator_id,
        .targets_set = sq_targets_set, .targets_list = sq_targets_list,
        .value_get = sq_value_get, .value_put = sq_value_put, .value_delete = sq_value_delete,
        .value_insert_many = sq_value_insert_many,
        .value_list = sq_value_list, .rollup_add = sq_rollup_add,
        .rollup_refresh_extremes = sq_rollup_refresh_extremes, .rollup_get = sq_rollup_get,
        .rollup_series = sq_rollup_series, .rollups_clear = sq_rollups_clear,
        .reporting_units = sq_reporting_units, .value_period_get = sq_value_period_get,
        .value_period_set = sq_value_period_set, .generation_bump = sq_generation_bump,
        .feedback_insert = sq_feedback_insert,
        .feedback_first_with_key = sq_feedback_first_with_key, .feedback_get = sq_feedback_get,
        .feedback_contact_get = sq_feedback_contact_get, .feedback_list = sq_feedback_list,
        .feedback_set = sq_feedback_set, .feedback_rate = sq_feedback_rate,
        .feedback_event_insert = sq_feedback_event_insert,
        .feedback_events = sq_feedback_events, .feedback_file_insert = sq_feedback_file_insert,
        .feedback_file_get = sq_feedback_file_get, .feedback_files = sq_feedback_files,
        .feedback_routes = sq_feedback_routes, .feedback_route_insert = sq_feedback_route_insert,
        .feedback_route_delete = sq_feedback_route_delete,
        .feedback_kind_list = sq_feedback_kind_list, .feedback_kind_set = sq_feedback_kind_set,
        .feedback_setting_get = sq_feedback_setting_get,
        .feedback_setting_set = sq_feedback_setting_set, .calendar_days = sq_calendar_days,
        .calendar_day_put = sq_calendar_day_put, .calendar_day_delete = sq_calendar_day_delete,
        .report_schedule_insert = sq_report_schedule_insert,
        .report_schedule_list = sq_report_schedule_list, .report_get = sq_report_get,
        .report_put = sq_report_put, .report_owed = sq_report_owed,
        .dump = sq_dump, .load_begin = sq_load_begin, .load_row = sq_load_row,
        .load_end = sq_load_end,
        .impl = s,
    };
    return st;
}

/* ---- backup ---- */

int store_sqlite_backup(const char *path, const char *dest, char *err, size_t errlen)
{
    sqlite3 *src = NULL, *dst = NULL;
    int rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open %s: %s", dst ? dest : path,
                 sqlite3_errmsg(dst ? dst : src));
        sqlite3_close(src);
        sqlite3_close(dst);
        return -1;
    }
    sqlite3_busy_timeout(src, 5000);
    /* Pages in steps, so writers are held up for short moments only; a write in between
     * restarts the copy, which still ends consistent. */
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (b) {
        do {
            rc = sqlite3_backup_step(b, 1024);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
    }
    rc = sqlite3_errcode(dst);
    if (rc != SQLITE_OK) snprintf(err, errlen, "backup to %s failed: %s", dest, sqlite3_errmsg(dst));
    sqlite3_close(src);
    sqlite3_close(dst);
    return rc == SQLITE_OK ? 0 : -1;
}
