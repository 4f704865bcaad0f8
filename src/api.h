/* Handlers of the JSON API, one file per resource (api_<resource>.c). Each is listed once in
 * the route table (routes.c). */
#ifndef NQ57_API_H
#define NQ57_API_H
#include "calendar.h"
#include "colour.h"
#include "http.h"

/* api_meta.c */
void api_healthz(struct req *r);
void api_metrics(struct req *r);
void api_openapi(struct req *r);

/* api_units.c */
void api_units_list(struct req *r);
void api_units_tree(struct req *r);
void api_units_create(struct req *r);
void api_unit_get(struct req *r);
void api_unit_children(struct req *r);
void api_unit_subtree(struct req *r);
void api_unit_update(struct req *r);
void api_unit_deactivate(struct req *r);

/* api_users.c */
void api_users_list(struct req *r);
void api_users_create(struct req *r);
void api_user_get(struct req *r);
void api_user_update(struct req *r);

/* api_tokens.c */
void api_tokens_list(struct req *r);
void api_tokens_create(struct req *r);
void api_token_revoke(struct req *r);

/* api_audit.c */
void api_audit_list(struct req *r);
void api_audit_verify(struct req *r);

/* api_tasks.c */
void api_tasks_list(struct req *r);
void api_tasks_export(struct req *r);
void api_tasks_export_xlsx(struct req *r);
void api_tasks_import(struct req *r);
void api_tasks_summary(struct req *r);
void api_tasks_create(struct req *r);
void api_task_get(struct req *r);
void api_task_progress(struct req *r);
void api_task_report(struct req *r);
void api_task_accept(struct req *r);
void api_task_return(struct req *r);
void api_task_evidence_upload(struct req *r);
void api_evidence_get(struct req *r);
void api_deadline_read(struct req *r);

/* For the periodic reports' standard summary (api_reports.c), which reuses them rather than
 * judging tasks a second way: the body of GET /tasks/summary for ROOT, and the red parts of
 * ROOT's subtree, worst first ({"total", "items"}, at most LIMIT items). NULL after a storage
 * error, *RC saying which; the caller owns the JSON. */
json_t *tasks_summary_json(struct store *st, const struct unit *root, const char *as_of,
                           const char *cutoff, enum store_rc *rc);
json_t *tasks_overdue_json(struct store *st, const struct unit *root, const char *as_of,
                           int limit, enum store_rc *rc);

/* The ranking of a tasks_summary_json() body without breakdowns (caller owns it). */
json_t *tasks_ranking_brief(const json_t *summary);
/* Counts only, in one pass: the colours of ROOT's subtree on AS_OF (NULL: today) into TOTAL
 * and, when BY_GROUP is given, by task group 1..N_GROUPS into BY_GROUP[0..N_GROUPS-1]. The
 * same rule as the summary (taskeval), so the subtree totals agree with it. */
enum store_rc tasks_count_at(struct store *st, const struct unit *root, const char *as_of,
                             struct colour_counts *total, struct colour_counts *by_group,
                             int n_groups);
/* The dashboard's task figures from one read of ROOT's subtree's parts with their histories
 * (store part_histories) instead of a scan a day: *SUMMARY as tasks_summary_json(st, root,
 * as_of, NULL), *RED as tasks_overdue_json(st, root, as_of, RED_LIMIT), and COUNTS[i] as
 * tasks_count_at's total on DAYS[i] (i < N_DAYS). Each day's rows are task_rows' as of that
 * day (taskeval_row_on), judged by the same rule, so the figures are the same. The caller owns
 * both replies; both NULL after an error. */
enum store_rc tasks_overview(struct store *st, const struct unit *root, const char *as_of,
                             int red_limit, const char *const *days, int n_days,
                             struct colour_counts *counts, json_t **summary, json_t **red);
/* {"counts", "greening_rate", "due"} as the summary writes them. */
json_t *tasks_rate_json(const struct colour_counts *c);

/* api_dashboard.c */
void api_dashboard(struct req *r);
void api_public_programme(struct req *r);

/* api_reports.c */
void api_report_schedules_list(struct req *r);
void api_report_schedules_create(struct req *r);
void api_reports_list(struct req *r);
void api_reports_summary(struct req *r);
void api_reports_summary_xlsx(struct req *r);
void api_report_get(struct req *r);
void api_report_save(struct req *r);
void api_report_submit(struct req *r);
void api_report_approve(struct req *r);
void api_report_return(struct req *r);

/* api_checklists.c */
void api_checklists_list(struct req *r);
void api_checklists_create(struct req *r);
void api_checklist_summary(struct req *r);
void api_checklist_unit_get(struct req *r);
void api_checklist_unit_answer(struct req *r);

/* api_indicators.c */
void api_indicators_list(struct req *r);
void api_indicators_create(struct req *r);
void api_indicator_get(struct req *r);
void api_indicator_update(struct req *r);
void api_indicator_evaluation(struct req *r);
void api_indicator_units(struct req *r);
void api_indicator_completeness(struct req *r);

/* api_values.c */
void api_values_list(struct req *r);
void api_values_put(struct req *r);
void api_value_delete(struct req *r);
void api_values_form_get(struct req *r);
void api_values_form_post(struct req *r);
void api_values_approval(struct req *r);
void api_values_flags(struct req *r);
void api_values_completeness(struct req *r);

/* api_values_io.c */
void api_values_export_csv(struct req *r);
void api_values_export_xlsx(struct req *r);
void api_values_export_adx(struct req *r);
void api_values_import(struct req *r);

/* api_documents.c */
void api_documents_list(struct req *r);
void api_document_get(struct req *r);
void api_documents_create(struct req *r);

/* api_tasks.c, shared with initiatives: evidence files and tasks created elsewhere. */
json_t *view_evidence(const struct evidence *e);
/* Inserts T with its lead and coordinating parts and the audit entry, in the caller's
 * transaction. */
enum store_rc task_insert_assigned(struct store *st, const char *actor, const struct task *t,
                                   const char *folded, const int64_t *lead, int n_lead,
                                   const int64_t *coord, int n_coord, int64_t *id);
/* The folded search text of a task (malloc'd). */
char *task_search_folded(const struct task *t);

/* api_initiatives.c */
void api_initiative_fields_list(struct req *r);
void api_initiative_fields_create(struct req *r);
void api_initiative_field_update(struct req *r);
void api_initiatives_register(struct req *r);
void api_initiative_track(struct req *r);
void api_initiative_attach(struct req *r);
void api_initiatives_list(struct req *r);
void api_initiative_get(struct req *r);
void api_initiative_screen(struct req *r);
void api_initiative_council(struct req *r);
void api_initiative_candidates(struct req *r);
void api_initiative_conflict(struct req *r);
void api_initiative_score(struct req *r);
void api_initiative_scores(struct req *r);
void api_initiative_new_round(struct req *r);
void api_initiative_decide(struct req *r);
/* Records a new initiative I (stage "submitted", every field set, code from
 * initiative_new_code) with its first event and audit entry, in the caller's transaction; sets
 * *ID. Public registration uses it, and so will the promotion of a system 2 feedback of kind
 * sáng kiến / giải pháp (source "feedback", feedback_id set, its received_at kept). */
enum store_rc initiative_record(struct store *st, const struct initiative *i, const char *actor,
                                int64_t *id);
/* Whether KIND is person, organisation, enterprise, institute or university. */
bool initiative_proposer_kind_ok(const char *kind);
/* The id of the strategic technology field CODE (in use) into *ID; replies 400 naming "field"
 * and returns false otherwise. */
bool initiative_field_param(struct req *r, const char *code, int64_t *id);
/* A fresh tracking code "SK-XXXX-XXXX-XXXX" (trackcode.h) into OUT (18 bytes). */
bool initiative_new_code(char *out);
/* Whether the caller may read the attachments of an initiative (GET /evidence/{id}). */
bool initiative_file_visible(struct req *r, int64_t initiative_id);

/* api_calendar.c: the administrator's calendar days (calendar.h), for every deadline counted
 * in working days and the CLI. */
struct calendar_extras { struct calendar_extra *items; size_t n; bool failed; };
enum store_rc calendar_extras_load(struct store *st, struct calendar_extras *out);
void calendar_extras_free(struct calendar_extras *x);
void api_calendar_days(struct req *r);
void api_calendar_day_put(struct req *r);
void api_calendar_day_delete(struct req *r);

/* api_feedback.c: system 2. */
void api_feedback_submit(struct req *r);
void api_feedback_list(struct req *r);
void api_feedback_backlog(struct req *r);
void api_feedback_stats(struct req *r);
void api_feedback_get(struct req *r);
void api_feedback_promote(struct req *r);
void api_feedback_transition(struct req *r);
void api_feedback_route(struct req *r);
void api_feedback_rate(struct req *r);
void api_feedback_file_upload(struct req *r);
void api_feedback_file_get(struct req *r);
/* api_feedback_admin.c */
void api_feedback_kinds(struct req *r);
void api_feedback_kind_update(struct req *r);
void api_feedback_routing_list(struct req *r);
void api_feedback_routing_create(struct req *r);
void api_feedback_routing_delete(struct req *r);
void api_feedback_settings_get(struct req *r);
void api_feedback_settings_update(struct req *r);
/* api_open311.c: Open311 GeoReport v2 over the same data. */
void api_open311_services(struct req *r);
void api_open311_requests(struct req *r);
void api_open311_submit(struct req *r);
void api_open311_request(struct req *r);

/* A submission as both APIs read it (strings live as long as the request). */
struct submission_contact { const char *name, *phone, *email, *address; };
struct submission {
    const char *kind, *field, *title, *content, *unit;
    struct submission_contact contact;
};
/* Validates and stores S, replying 201 (or the error naming the field: NAMES are the caller's
 * names for kind, field, unit, contact name, phone and e-mail). OPEN311: reply as Open311. */
#define FEEDBACK_NAMES 6
void feedback_submit(struct req *r, const struct submission *s, bool open311,
                     const char *const names[FEEDBACK_NAMES]);
/* Writes a submission in the caller's transaction: the rate-limit row (at most
 * MAX_PER_ADDRESS under RATE_KEY in 15 minutes: else ST_CONFLICT with RETRY_AFTER seconds set),
 * the link to the first item with the same duplicate key, the item and its contact, its first
 * history step and the audit row (without personal data). Sets ID. */
struct feedback_write {
    struct feedback_new f;
    char rate_key[96];
    int max_per_address;
    int64_t retry_after, id;
};
enum store_rc feedback_write(struct store *st, struct feedback_write *w);
/* The feedback handled in the unit with PATH and below, today, for the dashboards: {"received",
 * "answered","answered_on_time","overdue","open","backlog","average_days","as_of"}; JSON null
 * when it cannot be read. */
json_t *feedback_summary_json(struct store *st, const char *path, const char *as_of);
/* A feedback item with its whole history, files and (WITH_CONTACT) the submitter's contact,
 * as JSON (*OUT owned by the caller), by tracking code in any typed form: for promoting an
 * initiative or a solution to a breakthrough initiative (system 3) keeping its history. */
enum store_rc feedback_read(struct store *st, const char *code, bool with_contact, json_t **out);

/* children.c: the units directly below a root, and which of them a descendant's path is under
 * (for rankings of the units below). Callers keep their own data in arrays of N. */
struct child_units {
    size_t root_len, n;
    struct child_unit { int64_t id; char code[CODE_MAX]; char name[NAME_MAX_BYTES]; } *items;
};
enum store_rc child_units_load(struct store *st, const struct unit *root, const char *as_of,
                               struct child_units *c);
/* Index of the child whose subtree holds PATH; -1 for the root itself or a path not below it. */
long child_units_find(const struct child_units *c, const char *path);
void child_units_free(struct child_units *c);

/* Opaque list cursors: base64url of a key. decode replies 400 and returns NULL if malformed. */
char *cursor_encode(const char *key);               /* malloc'd */
const char *cursor_decode(struct req *r);           /* from ?cursor=; NULL when absent */
/* {"items": ITEMS, "next_cursor": ...}: NEXT_KEY NULL when this is the last page. */
json_t *page_json(json_t *items, const char *next_key);



/* api_tokens.c: creates a token (shared with `nq57 token add`); SECRET receives "nq57_...". */
enum store_rc token_create(struct store *st, const char *actor, int64_t owner_id,
                           const struct unit *unit, const char *role, const char *name,
                           const char *expires_at, char *secret, size_t cap,
                           struct api_token *out);
#endif
