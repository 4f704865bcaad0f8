/* The storage interface. Handlers call these functions and never see SQL; each backend (SQLite,
 * PostgreSQL) fills a struct store with its implementations, one query per function,
 * statements prepared once per connection.
 *
 * A struct store is one database connection, used by one thread at a time (the server keeps one
 * per worker thread). Functions return enum store_rc. Writes happen inside store_tx(), which
 * runs a callback in one transaction and retries it when the database reports contention.
 *
 * Listing functions call EACH once per row with a pointer valid only during that call. */
#ifndef NQ57_STORE_H
#define NQ57_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum store_rc {
    ST_OK = 0,
    ST_NOT_FOUND,    /* no such row */
    ST_CONFLICT,     /* a unique key is taken */
    ST_BUSY,         /* contention: the transaction may be retried */
    ST_ERROR,        /* anything else: logged by the backend */
};

#define CODE_MAX 40
#define NAME_MAX_BYTES 512
#define PATH_MAX_BYTES 256
#define DATE_LEN 11
#define TIME_LEN 21
#define HASH_HEX 65

struct unit {
    int64_t id;
    char code[CODE_MAX];
    char name[NAME_MAX_BYTES];
    char kind[24];
    int64_t parent_id;              /* 0 for the root */
    char parent_code[CODE_MAX];     /* "" for the root */
    char path[PATH_MAX_BYTES];      /* current materialised path "/1/5/" */
    char valid_from[DATE_LEN];
    char valid_to[DATE_LEN];        /* "" while the unit exists */
    int child_count;                /* children existing on the date asked */
    bool active;                    /* the unit exists on the date asked */
};

struct unit_version {
    char valid_from[DATE_LEN];
    char valid_to[DATE_LEN];        /* "" for the current version */
    char name[NAME_MAX_BYTES];
    char kind[24];
    char parent_code[CODE_MAX];
    char parent_name[NAME_MAX_BYTES];   /* the parent's current name */
};

struct unit_link {
    char code[CODE_MAX];            /* the other unit */
    char name[NAME_MAX_BYTES];
    char event[16];
    char date[DATE_LEN];
};

struct user {
    int64_t id;
    char username[72];
    char display_name[NAME_MAX_BYTES];
    char password_hash[192];
    int64_t unit_id;
    char unit_code[CODE_MAX];
    char unit_name[NAME_MAX_BYTES];
    char unit_path[PATH_MAX_BYTES];
    char role[24];
    bool active;
    char created_at[TIME_LEN];
};

struct session {
    char csrf_token[64];
    int64_t expires_at;
    int64_t last_seen_at;
    struct user user;
};

struct api_token {
    int64_t id;
    char name[NAME_MAX_BYTES];
    char owner[72];
    int64_t owner_id;
    bool owner_active;
    int64_t unit_id;
    char unit_code[CODE_MAX];
    char unit_path[PATH_MAX_BYTES];
    char role[24];
    char created_at[TIME_LEN];
    char expires_at[TIME_LEN];      /* "" when it does not expire */
    char revoked_at[TIME_LEN];
    char last_used_at[TIME_LEN];
};

struct audit_entry {
    int64_t id;
    char at[TIME_LEN];
    const char *actor;
    const char *action;
    const char *entity;
    const char *entity_id;
    const char *before_json;        /* NULL when there was nothing before */
    const char *after_json;         /* NULL when there is nothing after */
    char prev_hash[HASH_HEX];
    char hash[HASH_HEX];
};

struct document {
    int64_t id;
    const char *key, *number, *kind, *title, *date, *text;
    const char *issuer_code, *issuer_name, *programme_code;
    int64_t implements_id;
    bool restricted;
};

/* A task as stored (pointers valid during the callback, or owned by the caller on insert). */
struct task {
    int64_t id;
    const char *key;                /* may be "" */
    int64_t document_id;
    const char *document_number, *document_key;
    int64_t programme_id;
    const char *section;
    int task_group;                 /* 0: none */
    const char *title, *text, *expected_output, *deadline_text;
    const char *deadline_kind;      /* date | recurring | none | unreadable */
    const char *due;                /* "" unless deadline_kind is date */
    const char *period;             /* "" unless recurring */
    bool on_demand;
    const char *start_date;
    int64_t parent_id;
    int64_t assigner_id;
    const char *assigner_code;
    const char *block, *criteria;
    const char *created_at, *created_by;
};

/* A unit's part of a task, as of the date asked. */
struct task_part {
    int64_t id, task_id, unit_id;
    char unit_code[CODE_MAX];
    char unit_name[NAME_MAX_BYTES];
    char unit_path[PATH_MAX_BYTES];
    char role[16];                  /* lead | coordinator */
    int progress;                   /* as of the date */
    char state[16];                 /* open | reported | accepted | returned (now) */
    char reported_on[DATE_LEN];     /* "" unless completion was reported (by the date) */
    char done_on[DATE_LEN];         /* "" unless the completion was accepted by the date */
    char accepted_on[DATE_LEN];     /* the day of that acceptance, as stored now ("" if none) */
    char updated_at[TIME_LEN];
    const char *period_reports;     /* recurring: "2025-07@2025-07-28;2025-08@2025-09-02" (the
                                       period and the day it was reported), by the date asked */
};

/* One row of a task list: the task and one part of it. */
struct task_row {
    struct task task;
    struct task_part part;
};

struct task_update {
    int64_t id, part_id;
    const char *unit_code, *at, *day, *actor, *kind, *period, *note, *links;
    int progress;                   /* -1: none */
};

struct task_query {
    const char *scope_path;         /* parts of units whose path starts with this; NULL: all */
    int64_t unit_id;                /* only this unit's parts (0: any) */
    const char *role;               /* lead | coordinator | NULL */
    int64_t document_id;            /* 0: any */
    int task_group;                 /* 0: any */
    const char *folded;             /* folded search text or NULL */
    const char *due_from, *due_to;  /* date tasks due within, NULL: open */
    const char *as_of;              /* NULL: today */
    int64_t task_id;                /* 0: any; else only this task's parts */
    int64_t parent_id;              /* 0: any; else only sub-tasks of this task */
};

/* One change in a part's history that as-of reads use: a progress figure, a period report. */
struct part_event {
    int64_t id;
    char day[DATE_LEN];             /* the day it counts for */
    int progress;                   /* -1: none */
    bool period_report;             /* a recurring task's report for PERIOD */
    char period[16];
};

/* A part with what judging it needs on any day, its whole history included: task_rows as of a
 * day, for many days from one read (taskeval_row_on rebuilds that day's row). */
struct part_history {
    int64_t task_id, part_id, unit_id;
    char unit_code[CODE_MAX];
    char unit_name[NAME_MAX_BYTES];
    char unit_path[PATH_MAX_BYTES];
    char role[16];                  /* lead | coordinator */
    int task_group;                 /* 0: none */
    char deadline_kind[16], due[DATE_LEN], period[16], start_date[DATE_LEN];
    char created_day[DATE_LEN];
    char block[64], criteria[64];   /* the task's tags (as struct task) */
    int progress;                   /* as stored now */
    char reported_on[DATE_LEN], accepted_on[DATE_LEN];   /* as stored now, "" if none */
    const struct part_event *events;/* oldest first (by id) */
    size_t n_events;
};

struct evidence {
    int64_t id, part_id, task_id;
    int64_t initiative_id;          /* an initiative's attachment (part_id 0) */
    const char *name, *type, *sha256, *at, *actor, *unit_code, *unit_path, *assigner_path;
    int64_t size;
    const void *content;            /* NULL in listings */
};
typedef void (*evidence_fn)(void *ctx, const struct evidence *e);

/* Breakthrough initiatives (system 3). Pointers valid during the callback, or owned by the
 * caller on insert and update. Optional text is "" (never NULL) when read. */
struct strategic_field {
    int64_t id;
    const char *code, *name, *name_en, *source;
    int position;
    bool active;
};
typedef void (*strategic_field_fn)(void *ctx, const struct strategic_field *f);

struct initiative {
    int64_t id;
    const char *code;               /* the tracking code */
    const char *source;             /* public | feedback */
    int64_t feedback_id;            /* 0: none */
    const char *title;
    int64_t field_id;
    const char *field_code, *field_name;        /* read only */
    const char *problem, *solution, *impact, *resources, *team;
    const char *proposer_kind, *proposer_name, *email, *phone;
    int64_t unit_id;                /* 0: none */
    const char *unit_code, *unit_name, *unit_path, *unit_kind;   /* read only */
    const char *stage, *received_at, *received_day;
    const char *screened_at, *screened_day, *screened_by, *screening_reason, *assessment;
    const char *council_due, *council_at, *council_day, *council_by;
    int round;
    const char *decided_at, *decided_by, *decision_reason;
    int64_t task_id;                /* 0: none */
};
typedef void (*initiative_fn)(void *ctx, const struct initiative *i);

struct initiative_query {
    const char *stage;              /* NULL: any */
    int64_t member_id;              /* 0: any; else only initiatives on this user's council */
    const char *folded;             /* folded search text or NULL */
    int64_t after_id;               /* the cursor: ids above this one (newest first: below) */
    int limit;
};

struct initiative_member {
    int64_t user_id;
    const char *username, *display_name, *unit_code, *unit_name, *unit_path, *unit_kind;
    const char *appointed_at, *appointed_by;
};
typedef void (*initiative_member_fn)(void *ctx, const struct initiative_member *m);

struct initiative_conflict {
    int64_t user_id;
    const char *username, *reason, *at;
};
typedef void (*initiative_conflict_fn)(void *ctx, const struct initiative_conflict *c);

struct initiative_score {
    int64_t user_id;
    const char *username, *display_name;    /* read only */
    int round;
    int v[5];                       /* the five criteria, in initiative_criteria order */
    const char *comment, *at;
};
typedef void (*initiative_score_fn)(void *ctx, const struct initiative_score *s);

struct initiative_event {
    int64_t id;
    const char *at, *actor, *kind, *note;
};
typedef void (*initiative_event_fn)(void *ctx, const struct initiative_event *e);

struct checklist {
    int64_t id;
    const char *code, *name, *unit_kinds;
};
struct criterion {
    int64_t id, checklist_id;
    int position;
    const char *text;
    int met;                        /* -1: never answered (by the date asked), 0, 1 */
    const char *day, *actor, *note; /* of the answer in force */
};
/* One unit's standing on a checklist: how many criteria it met by the date asked. */
struct checklist_unit {
    int64_t id;
    const char *code, *name, *path;
    int met;
};
typedef void (*checklist_fn)(void *ctx, const struct checklist *c);
typedef void (*criterion_fn)(void *ctx, const struct criterion *c);
typedef void (*checklist_unit_fn)(void *ctx, const struct checklist_unit *u);

/* An indicator (SPEC "Indicators"). Doubles are NAN when absent. */
struct indicator {
    int64_t id;
    const char *code, *programme_code, *document_key, *goal, *name, *unit_of_measure;
    const char *direction;          /* up | down | range */
    const char *value_type;         /* number | percent | ratio | bool | count | rank */
    const char *aggregation;        /* sum | avg | wratio | min | max | latest | none */
    const char *period_type;        /* month | quarter | half | year */
    const char *reporters;          /* ';'-list of unit codes and kinds */
    const char *part_of_code;       /* "" when none */
    const char *quote;
    int baseline_year;              /* 0: none */
    double baseline_value, near_tolerance, ratio_scale;
    int due_days;
    bool required;
    const char *created_at, *updated_at;
};
struct indicator_target {
    int year;
    const char *comparator;         /* >= | <= | > | < | = | between */
    double value, value_high;       /* value_high NAN unless between */
    const char *text;
};
/* A value entered by a unit for a period. */
struct ivalue {
    int64_t id, indicator_id, unit_id;
    const char *indicator_code, *unit_code, *unit_name, *unit_path;
    const char *period;
    double value, numerator, denominator;   /* NAN: absent */
    const char *source, *flags, *first_day, *updated_at, *updated_by;
    bool late;
    int64_t version;
};
/* What the values strictly below a unit add up to, for one indicator and period. */
struct rollup {
    int64_t n, late;
    double total, num, den, lo, hi;         /* lo, hi NAN when n is 0 */
};
struct value_query {
    int64_t indicator_id;           /* 0: any */
    int64_t unit_id;                /* 0: any */
    const char *scope_path;         /* units under it; NULL: all */
    const char *period;             /* NULL: any */
    const char *period_from, *period_to;   /* string bounds on the period; NULL: open */
    int64_t after_id;               /* keyset cursor */
    int limit;                      /* 0: no limit */
};
/* A unit expected to report: it matches the reporters and existed during the period. */
struct reporting_unit {
    int64_t id;
    const char *code, *name, *kind, *path;
    bool reported, late;
    const char *first_day;          /* "" when not reported */
};
struct value_period {
    const char *state, *comment, *at, *actor;
};
/* A report schedule (SPEC "Periodic reports"): who owes which report, and when. */
struct report_schedule {
    int64_t id;
    const char *code, *name;
    const char *kind;               /* monthly | half_yearly | one_off */
    int due_day;                    /* monthly: day of the month after the period; half_yearly:
                                       days after the period ends; one_off: 0 */
    const char *due_date;           /* one_off: the due day; "" otherwise */
    const char *period_from, *period_to;  /* one_off: the span reported on; "" otherwise */
    const char *reporters;          /* ';'-list of unit kinds and codes (like an indicator's) */
    const char *to_unit;            /* code of the receiving unit; "" = the unit above */
    const char *quote;              /* where the obligation is written */
    const char *created_at;
};
/* One unit's report for one period of a schedule. In report_owed rows with no report yet, id is
 * 0 and the strings are "". */
struct report {
    int64_t id, schedule_id, unit_id;
    const char *unit_code, *unit_name, *unit_kind, *unit_path;
    const char *period, *narrative;
    const char *state;              /* draft | submitted | approved | returned */
    const char *snapshot;           /* JSON frozen at submission; "" before */
    const char *comment;
    const char *submitted_at, *submitted_by, *decided_at, *decided_by, *updated_at;
};
typedef void (*report_schedule_fn)(void *ctx, const struct report_schedule *s);
typedef void (*report_fn)(void *ctx, const struct report *r);
typedef void (*indicator_fn)(void *ctx, const struct indicator *i);
typedef void (*target_fn)(void *ctx, const struct indicator_target *t);
typedef void (*ivalue_fn)(void *ctx, const struct ivalue *v);
typedef void (*rollup_fn)(void *ctx, const char *period, const struct rollup *r);
typedef void (*reporting_unit_fn)(void *ctx, const struct reporting_unit *u);
typedef void (*value_period_fn)(void *ctx, const struct value_period *p);

/* Whole-database copies (nq57 export, nq57 import db): one value of a row. */
enum db_cell_kind { CELL_NULL, CELL_INT, CELL_REAL, CELL_TEXT, CELL_BLOB };
struct db_cell {
    enum db_cell_kind kind;
    int64_t i;                      /* CELL_INT (flags are 0 and 1) */
    double d;                       /* CELL_REAL */
    const char *s;                  /* CELL_TEXT (NUL-terminated) and CELL_BLOB bytes */
    size_t len;                     /* of S */
};
/* Non-zero stops the dump (which then returns ST_ERROR). */
typedef int (*dump_table_fn)(void *ctx, const char *table, int ncols, const char *const *columns);
typedef int (*dump_row_fn)(void *ctx, const struct db_cell *cells);

typedef void (*task_fn)(void *ctx, const struct task *t);
typedef void (*task_row_fn)(void *ctx, const struct task_row *r);
typedef void (*task_update_fn)(void *ctx, const struct task_update *u);
typedef void (*part_history_fn)(void *ctx, const struct part_history *h);

struct unit_query {                 /* search and list filters */
    const char *folded;             /* folded search text or NULL */
    const char *kind;               /* or NULL */
    int64_t parent_id;              /* 0: any */
    const char *scope_path;         /* only units whose path starts with it; NULL: all */
    const char *as_of;              /* date; NULL: today, current names */
    bool include_inactive;
    const char *after_code;         /* keyset cursor: codes greater than this */
    int limit;
};


/* System 2: a feedback item as anyone may see it (no personal data: that is struct
 * feedback_contact, read separately and only for the handlers of the unit concerned). */
struct feedback_item {
    int64_t id;
    const char *code, *kind, *field, *title, *content;
    const char *concerns_code, *concerns_name;       /* "" when none named */
    int64_t unit_id;
    const char *unit_code, *unit_name, *unit_path;   /* the handling unit */
    const char *parent_code, *parent_name;           /* its parent ("" for the root) */
    const char *status, *received_at, *received_on, *due;
    const char *answered_on, *answer, *reason;       /* "" when none */
    int rating;                                      /* 0: not rated */
    const char *rating_comment;
    const char *duplicate_of;                        /* the first item's code, or "" */
    const char *updated_at;
};
struct feedback_contact {
    const char *name, *phone, *email, *address, *address_ip;
};
/* A new submission with its contact (strings owned by the caller). */
struct feedback_new {
    const char *code, *kind, *field, *title, *content;
    int64_t concerns_id, unit_id, duplicate_of;      /* 0: none */
    const char *received_at, *received_on, *due, *dup_key, *search_folded;
    struct feedback_contact contact;
};
/* One step of an item's history. */
struct feedback_event {
    int64_t id, feedback_id, unit_id;
    const char *at, *actor, *action, *from_status, *to_status, *note;
    const char *unit_code, *unit_name;               /* on reading */
};
struct feedback_query {
    const char *scope_path;         /* handling units under this path; NULL: all */
    int64_t unit_id;                /* only this handling unit (0: any) */
    const char *escalate_on;        /* with UNIT_ID: also open items of its children due before
                                       this day (escalated to it); NULL: no */
    const char *kind, *status;      /* NULL: any */
    bool open_only;                 /* received, accepted or in_progress */
    bool public_only;               /* what the public list shows: accepted and later, never
                                       received (not screened yet) nor rejected */
    const char *overdue_on;         /* open and due before this day; NULL: no filter */
    const char *folded;             /* search text, NULL: none */
    bool by_urgency;                /* order by (due, id) after (AFTER_DUE, AFTER_ID); else by id
                                       descending below AFTER_ID (0: from the newest) */
    const char *after_due;
    int64_t after_id;
    int limit;                      /* 0: no limit */
};
struct feedback_route {
    int64_t id;
    int position;
    const char *kind, *field;       /* "" any */
    const char *concerns_code, *concerns_name, *concerns_path;   /* "" any */
    const char *target_code, *target_name;
    int64_t target_id;
    const char *created_at, *created_by;
};
struct feedback_kind {
    const char *code, *name;
    int days;
    bool contact_required;
};
struct calendar_day_row {
    const char *date, *name, *created_at, *created_by;
    bool working;
};
typedef void (*feedback_fn)(void *ctx, const struct feedback_item *f);
typedef void (*feedback_contact_fn)(void *ctx, const struct feedback_contact *c);
typedef void (*feedback_event_fn)(void *ctx, const struct feedback_event *e);
typedef void (*feedback_route_fn)(void *ctx, const struct feedback_route *r);
typedef void (*feedback_kind_fn)(void *ctx, const struct feedback_kind *k);
typedef void (*calendar_day_fn)(void *ctx, const struct calendar_day_row *d);

typedef void (*unit_fn)(void *ctx, const struct unit *u);
typedef void (*unit_version_fn)(void *ctx, const struct unit_version *v);
typedef void (*unit_link_fn)(void *ctx, const struct unit_link *l);
typedef void (*user_fn)(void *ctx, const struct user *u);
typedef void (*token_fn)(void *ctx, const struct api_token *t);
typedef int (*audit_fn)(void *ctx, const struct audit_entry *e);   /* non-zero stops */
typedef void (*document_fn)(void *ctx, const struct document *d);

/* Every member between BEGIN and IMPL is a function pointer that each backend must fill:
 * store_open() refuses a backend with one left NULL (store_missing_function). */
struct store {
    const char *backend;            /* "sqlite" or "postgres" */

    /* Transactions: handlers use store_tx() instead. */
    enum store_rc (*begin)(struct store *st);
    enum store_rc (*commit)(struct store *st);
    void (*rollback)(struct store *st);
    void (*close)(struct store *st);
    enum store_rc (*ping)(struct store *st);
    /* Applies pending migrations; *applied counts them. */
    enum store_rc (*migrate)(struct store *st, int *applied);
    /* Milliseconds spent in the database by this connection so far (for /metrics). */
    double (*db_seconds)(struct store *st);

    /* Units. AS_OF NULL means today with current names. */
    enum store_rc (*unit_get)(struct store *st, const char *code, const char *as_of,
                              struct unit *out);
    enum store_rc (*unit_get_by_id)(struct store *st, int64_t id, struct unit *out);
    enum store_rc (*unit_children)(struct store *st, int64_t parent_id, const char *as_of,
                                   bool include_inactive, unit_fn each, void *ctx);
    /* The unit and everything below it existing on AS_OF, parents before children, at most
     * MAX_DEPTH levels below the root (0: the root alone; negative: unlimited). */
    enum store_rc (*unit_subtree)(struct store *st, const struct unit *root, const char *as_of,
                                  int max_depth, unit_fn each, void *ctx);
    enum store_rc (*unit_search)(struct store *st, const struct unit_query *q, unit_fn each,
                                 void *ctx);
    enum store_rc (*unit_versions)(struct store *st, int64_t unit_id, unit_version_fn each,
                                   void *ctx);
    /* PREDECESSORS true: units that became this one; false: units this one became. */
    enum store_rc (*unit_links)(struct store *st, int64_t unit_id, bool predecessors,
                                unit_link_fn each, void *ctx);
    /* Inserts U (code, name, kind, parent_id, valid_from) and its first version; sets id, path. */
    enum store_rc (*unit_insert)(struct store *st, struct unit *u);
    /* From EFFECTIVE on, the unit has NAME, KIND and PARENT_ID; earlier versions keep theirs.
     * Descendants' paths follow a move. */
    enum store_rc (*unit_revise)(struct store *st, int64_t unit_id, const char *effective,
                                 const char *name, const char *kind, int64_t parent_id);
    /* The unit ceased to exist at the end of DATE (its last day); links it to SUCCESSORS (may be
     * none), the links dated the day after, when the change took effect. */
    enum store_rc (*unit_close)(struct store *st, int64_t unit_id, const char *date,
                                const char *event, const int64_t *successors, int n_successors);
    /* Children existing on DATE. */
    enum store_rc (*unit_active_children)(struct store *st, int64_t unit_id, const char *date,
                                          int *count);

    /* Users. */
    enum store_rc (*user_get)(struct store *st, const char *username, struct user *out);
    enum store_rc (*user_insert)(struct store *st, struct user *u);      /* sets id */
    enum store_rc (*user_update)(struct store *st, const struct user *u); /* by id */
    enum store_rc (*user_list)(struct store *st, const char *scope_path, const char *folded,
                               const char *after_username, int limit, user_fn each, void *ctx);

    /* Sessions and login rate limiting. */
    enum store_rc (*session_insert)(struct store *st, const char *token_hash, int64_t user_id,
                                    const char *csrf, int64_t now, int64_t expires,
                                    const char *address);
    enum store_rc (*session_get)(struct store *st, const char *token_hash, struct session *out);
    enum store_rc (*session_touch)(struct store *st, const char *token_hash, int64_t now);
    enum store_rc (*session_delete)(struct store *st, const char *token_hash);
    enum store_rc (*session_delete_user)(struct store *st, int64_t user_id);
    enum store_rc (*session_prune)(struct store *st, int64_t now);
    enum store_rc (*login_failures)(struct store *st, const char *key, int64_t since,
                                    int *count, int64_t *oldest);
    enum store_rc (*login_failure_add)(struct store *st, const char *key, int64_t at,
                                       int64_t *id);
    enum store_rc (*login_failure_delete)(struct store *st, int64_t id);
    enum store_rc (*login_failures_clear)(struct store *st, const char *key);

    /* API tokens. */
    enum store_rc (*token_insert)(struct store *st, const char *token_hash, struct api_token *t);
    /* The token and its owner's account (without the password hash). */
    enum store_rc (*token_by_hash)(struct store *st, const char *token_hash,
                                   struct api_token *out, struct user *owner);
    enum store_rc (*token_get)(struct store *st, int64_t id, struct api_token *out);
    enum store_rc (*token_list)(struct store *st, int64_t owner_id /* 0: all */, token_fn each,
                                void *ctx);
    enum store_rc (*token_revoke)(struct store *st, int64_t id, const char *at);
    enum store_rc (*token_revoke_owner)(struct store *st, int64_t owner_id, const char *at);
    enum store_rc (*token_touch)(struct store *st, int64_t id, const char *at);
    enum store_rc (*user_by_id)(struct store *st, int64_t id, struct user *out);

    /* Audit log (a hash chain; see audit.c). */
    enum store_rc (*audit_last)(struct store *st, int64_t *id, char hash[HASH_HEX]);
    enum store_rc (*audit_insert)(struct store *st, struct audit_entry *e);  /* sets id */
    /* Newest first, filtered (NULL: any), ids below BEFORE_ID (0: no bound). */
    enum store_rc (*audit_list)(struct store *st, const char *entity, const char *entity_id,
                                const char *actor, int64_t before_id, int limit, audit_fn each,
                                void *ctx);
    /* Oldest first, every row. */
    enum store_rc (*audit_scan)(struct store *st, audit_fn each, void *ctx);

    /* Programmes and documents. */
    enum store_rc (*programme_insert)(struct store *st, const char *code, const char *name,
                                      int64_t *id);
    enum store_rc (*programme_id)(struct store *st, const char *code, int64_t *id);
    enum store_rc (*task_group_insert)(struct store *st, int64_t programme_id, int number,
                                       const char *title);
    enum store_rc (*document_insert)(struct store *st, const struct document *d,
                                     int64_t issuer_id, int64_t programme_id,
                                     const char *search_folded, int64_t *id);
    enum store_rc (*document_id)(struct store *st, const char *key, int64_t *id);
    enum store_rc (*document_get)(struct store *st, int64_t id, bool with_text, document_fn each,
                                  void *ctx);
    /* IMPLEMENTS >= 0: documents implementing that one; -1: all. FOLDED filters by text. */
    enum store_rc (*document_list)(struct store *st, int64_t implements, const char *folded,
                                   const char *programme, document_fn each, void *ctx);

    /* Tasks. */
    enum store_rc (*task_insert)(struct store *st, const struct task *t,
                                 const char *search_folded, int64_t *id);
    enum store_rc (*task_part_insert)(struct store *st, int64_t task_id, int64_t unit_id,
                                      const char *role, int64_t *part_id);
    enum store_rc (*task_get)(struct store *st, int64_t id, task_fn each, void *ctx);
    enum store_rc (*task_id_by_key)(struct store *st, const char *key, int64_t *id);
    /* Parts with their task, filtered, as of q->as_of; ordered by task, then lead first. */
    enum store_rc (*task_rows)(struct store *st, const struct task_query *q, task_row_fn each,
                               void *ctx);
    /* Every part of the units under SCOPE_PATH (NULL: all) with its task's dates and its
     * history (struct part_history), by part id, each row read once and in one snapshot,
     * whatever the day: the caller rebuilds any day's row (taskeval_row_on). H and its
     * events are valid during the call only. */
    enum store_rc (*part_histories)(struct store *st, const char *scope_path,
                                    part_history_fn each, void *ctx);
    /* Sets a part's current progress, state and completion days ("" clears). */
    enum store_rc (*task_part_set)(struct store *st, int64_t part_id, int progress,
                                   const char *state, const char *reported_on,
                                   const char *accepted_on);
    enum store_rc (*task_update_insert)(struct store *st, const struct task_update *u);
    /* Every update of a task's parts (PART_ID 0) or of one part, oldest first, up to AS_OF. */
    enum store_rc (*task_updates)(struct store *st, int64_t task_id, int64_t part_id,
                                  const char *as_of, task_update_fn each, void *ctx);

    /* Evidence files of task parts and attachments of initiatives (part_id 0, initiative_id
     * set). */
    enum store_rc (*evidence_insert)(struct store *st, const struct evidence *e, int64_t *id);
    /* One file with its content (EACH is called once) or NOT_FOUND. */
    enum store_rc (*evidence_get)(struct store *st, int64_t id, evidence_fn each, void *ctx);
    /* The files of a task's parts, without content, oldest first. */
    enum store_rc (*evidence_list)(struct store *st, int64_t task_id, evidence_fn each,
                                   void *ctx);

    /* Breakthrough initiatives. Every write bumps the "initiatives" generation. */
    enum store_rc (*strategic_field_list)(struct store *st, bool include_retired,
                                          strategic_field_fn each, void *ctx);
    enum store_rc (*strategic_field_insert)(struct store *st, const struct strategic_field *f,
                                            int64_t *id);
    /* Name, name_en, position and active of the field with F->code. */
    enum store_rc (*strategic_field_update)(struct store *st, const struct strategic_field *f);
    enum store_rc (*initiative_insert)(struct store *st, const struct initiative *i,
                                       const char *search_folded, int64_t *id);
    /* By ID, or by tracking CODE when ID is 0; EACH is called once, or NOT_FOUND. */
    enum store_rc (*initiative_get)(struct store *st, int64_t id, const char *code,
                                    initiative_fn each, void *ctx);
    /* Newest first, ids below Q->after_id (0: no bound), at most Q->limit. */
    enum store_rc (*initiative_list)(struct store *st, const struct initiative_query *q,
                                     initiative_fn each, void *ctx);
    /* Writes the workflow columns of I (by id): unit_id, stage, screening, council, round,
     * decision, task_id. */
    enum store_rc (*initiative_update)(struct store *st, const struct initiative *i);
    enum store_rc (*initiative_event_insert)(struct store *st, int64_t initiative_id,
                                             const char *at, const char *actor,
                                             const char *kind, const char *note);
    /* Oldest first. */
    enum store_rc (*initiative_events)(struct store *st, int64_t initiative_id,
                                       initiative_event_fn each, void *ctx);
    enum store_rc (*initiative_member_insert)(struct store *st, int64_t initiative_id,
                                              int64_t user_id, const char *at, const char *by);
    enum store_rc (*initiative_members)(struct store *st, int64_t initiative_id,
                                        initiative_member_fn each, void *ctx);
    enum store_rc (*initiative_conflict_insert)(struct store *st, int64_t initiative_id,
                                                int64_t user_id, const char *reason,
                                                const char *at);
    enum store_rc (*initiative_conflicts)(struct store *st, int64_t initiative_id,
                                          initiative_conflict_fn each, void *ctx);
    /* CONFLICT when the member already scored that round. */
    enum store_rc (*initiative_score_insert)(struct store *st, int64_t initiative_id,
                                             const struct initiative_score *s);
    /* The scores of ROUND (0: every round), by round then time. */
    enum store_rc (*initiative_scores)(struct store *st, int64_t initiative_id, int round,
                                       initiative_score_fn each, void *ctx);
    /* The attachments of an initiative, without content, oldest first. */
    enum store_rc (*initiative_evidence)(struct store *st, int64_t initiative_id,
                                         evidence_fn each, void *ctx);

    /* Checklists. */
    enum store_rc (*checklist_insert)(struct store *st, const char *code, const char *name,
                                      const char *unit_kinds, int64_t *id);
    enum store_rc (*criterion_insert)(struct store *st, int64_t checklist_id, int position,
                                      const char *text, int64_t *id);
    enum store_rc (*checklist_list)(struct store *st, int64_t id /* 0: all */, checklist_fn each,
                                    void *ctx);
    /* Criteria of a checklist with, for UNIT_ID (0: none), the answer in force on AS_OF. */
    enum store_rc (*criteria_list)(struct store *st, int64_t checklist_id, int64_t unit_id,
                                   const char *as_of, criterion_fn each, void *ctx);
    enum store_rc (*answer_insert)(struct store *st, int64_t criterion_id, int64_t unit_id,
                                   bool met, const char *day, const char *at, const char *actor,
                                   const char *note);
    /* Every unit of KINDS (comma list) under SCOPE_PATH existing on AS_OF, with the number of
     * the checklist's criteria it met by then. */
    enum store_rc (*checklist_units)(struct store *st, int64_t checklist_id, const char *kinds,
                                     const char *scope_path, const char *as_of,
                                     checklist_unit_fn each, void *ctx);

    /* Indicators. Insert and update resolve programme_code, document_key and part_of_code. */
    enum store_rc (*indicator_insert)(struct store *st, const struct indicator *i,
                                      const char *search_folded, int64_t *id);
    enum store_rc (*indicator_update)(struct store *st, const struct indicator *i,
                                      const char *search_folded);      /* by code */
    /* ID 0: all (FOLDED, PROGRAMME filter; NULL: any), by code; else that one. */
    enum store_rc (*indicator_list)(struct store *st, int64_t id, const char *folded,
                                    const char *programme, indicator_fn each, void *ctx);
    enum store_rc (*indicator_id)(struct store *st, const char *code, int64_t *id);
    /* Replaces the targets of an indicator. */
    enum store_rc (*targets_set)(struct store *st, int64_t indicator_id,
                                 const struct indicator_target *t, int n);
    enum store_rc (*targets_list)(struct store *st, int64_t indicator_id, target_fn each,
                                  void *ctx);
    /* Values. value_put inserts or replaces by (indicator, unit, period), bumping version;
     * neither touches roll-ups (rollup.c does). */
    enum store_rc (*value_get)(struct store *st, int64_t indicator_id, int64_t unit_id,
                               const char *period, ivalue_fn each, void *ctx);
    enum store_rc (*value_put)(struct store *st, const struct ivalue *v);
    enum store_rc (*value_delete)(struct store *st, int64_t indicator_id, int64_t unit_id,
                                  const char *period);
    /* Bulk load: inserts the N values V, none of which may exist yet (ST_CONFLICT if one
     * does), in the caller's transaction, with the backend's fastest way of loading rows;
     * durability is that of the commit. Callers pass them in (period, unit, indicator)
     * order, which keeps the index writes local. Does not touch roll-ups. */
    enum store_rc (*value_insert_many)(struct store *st, const struct ivalue *v, size_t n);
    /* Ordered by id. */
    enum store_rc (*value_list)(struct store *st, const struct value_query *q, ivalue_fn each,
                                void *ctx);
    /* Roll-ups: adds D to the row of each of UNIT_IDS (creating it); lo/hi take the min/max. */
    enum store_rc (*rollup_add)(struct store *st, int64_t indicator_id, const char *period,
                                const int64_t *unit_ids, int n, const struct rollup *d);
    /* Sets the row's lo and hi to the min and max of the values strictly below the unit. */
    enum store_rc (*rollup_refresh_extremes)(struct store *st, int64_t indicator_id,
                                             const char *period, int64_t unit_id);
    enum store_rc (*rollup_get)(struct store *st, int64_t indicator_id, int64_t unit_id,
                                const char *period, struct rollup *out);
    /* Every period of the unit's own values and roll-ups, in period order: EACH gets the
     * roll-up (n 0 when none) and OWN the unit's value or NULL. */
    enum store_rc (*rollup_series)(struct store *st, int64_t indicator_id, int64_t unit_id,
                                   void (*each)(void *ctx, const char *period,
                                                const struct rollup *below,
                                                const struct ivalue *own), void *ctx);
    enum store_rc (*rollups_clear)(struct store *st);
    /* Units under SCOPE_PATH matching REPORTERS that existed in [FROM, TO], with whether
     * they have a value for the indicator and period; ordered by path. */
    enum store_rc (*reporting_units)(struct store *st, int64_t indicator_id, const char *period,
                                     const char *reporters, const char *scope_path,
                                     const char *from, const char *to, reporting_unit_fn each,
                                     void *ctx);
    enum store_rc (*value_period_get)(struct store *st, int64_t unit_id, const char *period,
                                      value_period_fn each, void *ctx);
    enum store_rc (*value_period_set)(struct store *st, int64_t unit_id, const char *period,
                                      const struct value_period *p);

    /* System 2: feedback. Writes bump the "feedback" generation. */
    enum store_rc (*feedback_insert)(struct store *st, const struct feedback_new *f, int64_t *id);
    /* The first item (lowest id) with DUP_KEY, or NOT_FOUND. */
    enum store_rc (*feedback_first_with_key)(struct store *st, const char *dup_key, int64_t *id);
    /* By tracking code (stored form) or, CODE NULL, by ID; EACH once, or NOT_FOUND. */
    enum store_rc (*feedback_get)(struct store *st, const char *code, int64_t id, feedback_fn each,
                                  void *ctx);
    /* The submitter's personal data: callers check that the reader handles the item's unit. */
    enum store_rc (*feedback_contact_get)(struct store *st, int64_t id, feedback_contact_fn each,
                                          void *ctx);
    enum store_rc (*feedback_list)(struct store *st, const struct feedback_query *q,
                                   feedback_fn each, void *ctx);
    /* Sets status, handling unit, answer day, answer and reason ("" clears) of item ID. */
    enum store_rc (*feedback_set)(struct store *st, int64_t id, const char *status,
                                  int64_t unit_id, const char *answered_on, const char *answer,
                                  const char *reason, const char *updated_at);
    enum store_rc (*feedback_rate)(struct store *st, int64_t id, int rating, const char *comment,
                                   const char *updated_at);
    enum store_rc (*feedback_event_insert)(struct store *st, const struct feedback_event *e);
    /* Oldest first. */
    enum store_rc (*feedback_events)(struct store *st, int64_t feedback_id, feedback_event_fn each,
                                     void *ctx);
    /* Attachments, as struct evidence with PART_ID the feedback id (content NULL in lists). */
    enum store_rc (*feedback_file_insert)(struct store *st, const struct evidence *e, int64_t *id);
    enum store_rc (*feedback_file_get)(struct store *st, int64_t feedback_id, int64_t id,
                                       evidence_fn each, void *ctx);
    enum store_rc (*feedback_files)(struct store *st, int64_t feedback_id, evidence_fn each,
                                    void *ctx);
    enum store_rc (*feedback_routes)(struct store *st, feedback_route_fn each, void *ctx);
    enum store_rc (*feedback_route_insert)(struct store *st, const struct feedback_route *r,
                                           int64_t concerns_id, int64_t *id);
    enum store_rc (*feedback_route_delete)(struct store *st, int64_t id);
    enum store_rc (*feedback_kind_list)(struct store *st, feedback_kind_fn each, void *ctx);
    enum store_rc (*feedback_kind_set)(struct store *st, const char *code, int days);
    /* Settings of system 2 ("default_unit", "max_per_address"): NOT_FOUND when unset. */
    enum store_rc (*feedback_setting_get)(struct store *st, const char *name, char *out,
                                          size_t cap);
    enum store_rc (*feedback_setting_set)(struct store *st, const char *name, const char *value);

    /* The administrator's calendar days (calendar.h), by date. Writes bump "calendar". */
    enum store_rc (*calendar_days)(struct store *st, calendar_day_fn each, void *ctx);
    enum store_rc (*calendar_day_put)(struct store *st, const struct calendar_day_row *d);
    enum store_rc (*calendar_day_delete)(struct store *st, const char *date);

    /* Periodic reports. Writes bump the "reports" generation. */
    enum store_rc (*report_schedule_insert)(struct store *st, const struct report_schedule *s,
                                            int64_t *id);
    /* ID 0: every schedule, by code; else that one (none: ST_OK without a call). */
    enum store_rc (*report_schedule_list)(struct store *st, int64_t id, report_schedule_fn each,
                                          void *ctx);
    /* The report of a unit for a schedule and period (EACH once), or ST_NOT_FOUND. */
    enum store_rc (*report_get)(struct store *st, int64_t schedule_id, int64_t unit_id,
                                const char *period, report_fn each, void *ctx);
    /* Inserts or replaces the report of (schedule_id, unit_id, period): every other field is
     * set from R (NULL or "" timestamps are stored as NULL). */
    enum store_rc (*report_put)(struct store *st, const struct report *r);
    /* Every unit under SCOPE_PATH matching REPORTERS that existed during [FROM, TO], with its
     * report for the schedule and PERIOD if there is one; ordered by path. */
    enum store_rc (*report_owed)(struct store *st, int64_t schedule_id, const char *period,
                                 const char *reporters, const char *scope_path, const char *from,
                                 const char *to, report_fn each, void *ctx);
    /* Whole-database copies. dump: every table but login_failures (rate-limit counters, not
     * carried), in the order they were created (schema_migrations first): TABLE
     * with its column names, then ROW for each of its rows, ordered by every column in turn
     * (NULL first), so that two databases holding the same rows give the same dump. */
    enum store_rc (*dump)(struct store *st, dump_table_fn table, dump_row_fn row, void *ctx);
    /* Replaces the rows of TABLE (one of the database's own tables, else ST_NOT_FOUND):
     * load_begin empties it, load_row adds a row (cells in the order of COLUMNS), load_end
     * finishes it (id counters then follow the ids loaded). Inside a transaction; references
     * are checked when the table is complete (PostgreSQL) or at commit (SQLite). */
    enum store_rc (*load_begin)(struct store *st, const char *table, int ncols,
                                const char *const *columns);
    enum store_rc (*load_row)(struct store *st, const struct db_cell *cells);
    enum store_rc (*load_end)(struct store *st);
    /* Bumps a generation (writes that skip the per-row bump, like value batches). */
    enum store_rc (*generation_bump)(struct store *st, const char *name);

    /* The generation of a kind of data ("units", "documents"): bumped by every write of it in
     * the writing transaction; reply caches compare it (cache.h). */
    enum store_rc (*generation)(struct store *st, const char *name, int64_t *value);

    void *impl;                     /* backend state */
};

/* Opens the database named by URL: postgres://... or postgresql://... (PostgreSQL), anything
 * else a file path (SQLite). NULL with a message in ERR. */
struct store *store_open(const char *url, char *err, size_t errlen);

/* Runs FN(st, ctx) in one transaction. FN returns ST_OK to commit; anything else rolls back
 * and is returned (ST_BUSY is retried a few times with backoff first). */
enum store_rc store_tx(struct store *st, enum store_rc (*fn)(struct store *st, void *ctx),
                       void *ctx);

struct store *store_sqlite_open(const char *path, char *err, size_t errlen);
struct store *store_pg_open(const char *url, char *err, size_t errlen);

/* The position (0 for begin, in declaration order) of the first function of ST that is NULL,
 * or -1 when every one is set. */
int store_missing_function(const struct store *st);
/* Whether S may name a table or column in SQL text (load_begin: names cannot be parameters):
 * lower-case letters, digits and '_', not starting with a digit, at most 63 bytes. */
bool store_plain_name(const char *s);
/* The PostgreSQL backend's functions, without a connection (for the check above in tests). */
const struct store *store_pg_functions(void);

/* Copies the SQLite database PATH, live, to the new file DEST with SQLite's online backup
 * (a consistent copy even while servers write). 0, or -1 with a message in ERR. */
int store_sqlite_backup(const char *path, const char *dest, char *err, size_t errlen);

#endif
