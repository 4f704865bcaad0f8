/* /api/v1/initiatives: breakthrough initiatives (system 3, "Đăng ký và quản lý sáng kiến đột
 * phá"). The public registers without an account and follows the initiative by its tracking
 * code; the standing office screens it, forms the evaluation council and records the decision;
 * council members score it on the five criteria, round by round. A selected initiative becomes
 * a task of system 1 whose progress the public page shows. The rules themselves (stages,
 * scale, aggregation, own-unit conflicts, who sees scores, the council's due date) live in
 * initiative.c; this file applies them to requests.
 *
 * Who reads what: the standing office and the administrator everything; a council member the
 * initiatives from screening on, without the proposer's personal data, and the scores of a
 * round once they have scored it; the public the tracking page (no personal data, no names of
 * members, the aggregated scores once decided). */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "files.h"
#include "initiative.h"
#include "taskeval.h"
#include "text.h"
#include "trackcode.h"
#include "util.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRACK_PREFIX "SK"
#define ROUNDS_MAX 20
#define REGISTER_WINDOW 3600          /* seconds */
#define REGISTER_MAX 20               /* registrations per address per window */
#define MEMBERS_CAP (INITIATIVE_COUNCIL_MAX + 1)
#define CONFLICTS_CAP 64
#define SCORES_CAP (INITIATIVE_COUNCIL_MAX * ROUNDS_MAX)
#define ATTACHMENTS_MAX 10            /* files per initiative */

static const char *const PROPOSER_KINDS[] = {
    "person", "organisation", "enterprise", "institute", "university", NULL,
};

bool initiative_proposer_kind_ok(const char *kind)
{
    for (int k = 0; PROPOSER_KINDS[k]; k++)
        if (!strcmp(kind, PROPOSER_KINDS[k])) return true;
    return false;
}

static bool is_centre(const struct req *r) { return (r->who.role & ROLES_CENTRE) != 0; }
static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }
static json_t *round2(double v) { return json_real(round(v * 100.0) / 100.0); }

/* ---- reading an initiative and what hangs off it, copied into the request's memory ---- */

struct member_rec {
    int64_t user_id;
    const char *username, *display_name, *unit_code, *unit_name, *unit_path, *unit_kind;
    const char *appointed_at, *appointed_by;
    bool conflict;
};
struct conflict_rec { int64_t user_id; const char *username, *reason, *at; };
struct score_rec {
    int64_t user_id;
    const char *username, *display_name, *comment, *at;
    int round, v[INITIATIVE_CRITERIA];
};

struct ini {
    struct req *r;
    bool found;
    struct initiative i;
    struct member_rec members[MEMBERS_CAP];
    int n_members;
    struct conflict_rec conflicts[CONFLICTS_CAP];
    int n_conflicts;
    struct score_rec scores[SCORES_CAP];
    int n_scores;
};

#define DUP(field) c->i.field = req_strdup(c->r, i->field ? i->field : "")
static void copy_initiative(void *ctx, const struct initiative *i)
{
    struct ini *c = ctx;
    c->found = true;
    c->i = *i;
    DUP(code); DUP(source); DUP(title); DUP(field_code); DUP(field_name); DUP(problem);
    DUP(solution); DUP(impact); DUP(resources); DUP(team); DUP(proposer_kind);
    DUP(proposer_name); DUP(email); DUP(phone); DUP(unit_code); DUP(unit_name); DUP(unit_path);
    DUP(unit_kind); DUP(stage); DUP(received_at); DUP(received_day); DUP(screened_at);
    DUP(screened_by); DUP(screened_day); DUP(council_day); DUP(screening_reason); DUP(assessment); DUP(council_due); DUP(council_at);
    DUP(council_by); DUP(decided_at); DUP(decided_by); DUP(decision_reason);
}
#undef DUP

static void copy_member(void *ctx, const struct initiative_member *m)
{
    struct ini *c = ctx;
    if (c->n_members == MEMBERS_CAP) return;
    struct req *r = c->r;
    c->members[c->n_members++] = (struct member_rec){
        .user_id = m->user_id, .username = req_strdup(r, m->username),
        .display_name = req_strdup(r, m->display_name), .unit_code = req_strdup(r, m->unit_code),
        .unit_name = req_strdup(r, m->unit_name), .unit_path = req_strdup(r, m->unit_path),
        .unit_kind = req_strdup(r, m->unit_kind), .appointed_at = req_strdup(r, m->appointed_at),
        .appointed_by = req_strdup(r, m->appointed_by),
    };
}

static void copy_conflict(void *ctx, const struct initiative_conflict *x)
{
    struct ini *c = ctx;
    if (c->n_conflicts == CONFLICTS_CAP) return;
    c->conflicts[c->n_conflicts++] = (struct conflict_rec){
        .user_id = x->user_id, .username = req_strdup(c->r, x->username),
        .reason = req_strdup(c->r, x->reason), .at = req_strdup(c->r, x->at),
    };
}

static void copy_score(void *ctx, const struct initiative_score *s)
{
    struct ini *c = ctx;
    if (c->n_scores == SCORES_CAP) return;
    struct score_rec *o = &c->scores[c->n_scores++];
    *o = (struct score_rec){.user_id = s->user_id, .username = req_strdup(c->r, s->username),
                            .display_name = req_strdup(c->r, s->display_name),
                            .comment = req_strdup(c->r, s->comment),
                            .at = req_strdup(c->r, s->at), .round = s->round};
    memcpy(o->v, s->v, sizeof o->v);
}

static bool declared_conflict(const struct ini *c, int64_t user_id)
{
    for (int k = 0; k < c->n_conflicts; k++)
        if (c->conflicts[k].user_id == user_id) return true;
    return false;
}

static const struct member_rec *member_of(const struct ini *c, int64_t user_id)
{
    for (int k = 0; k < c->n_members; k++)
        if (c->members[k].user_id == user_id) return &c->members[k];
    return NULL;
}

static const struct score_rec *score_of(const struct ini *c, int round, int64_t user_id)
{
    for (int k = 0; k < c->n_scores; k++)
        if (c->scores[k].round == round && c->scores[k].user_id == user_id) return &c->scores[k];
    return NULL;
}

/* Loads initiative ID (or CODE when ID is 0) with its council, conflicts and scores. Replies
 * 404 / 5xx and returns NULL. The result lives as long as the request. */
static struct ini *load(struct req *r, int64_t id, const char *code)
{
    struct ini *c = req_alloc(r, sizeof *c);
    memset(c, 0, sizeof *c);
    c->r = r;
    enum store_rc rc = r->st->initiative_get(r->st, id, code, copy_initiative, c);
    if (rc == ST_NOT_FOUND) {
        if (id) reply_error(r, 404, "not_found", NULL, "no initiative %lld", (long long)id);
        else reply_error(r, 404, "not_found", "code", "no initiative has tracking code %s", code);
        return NULL;
    }
    if (rc == ST_OK) rc = r->st->initiative_members(r->st, c->i.id, copy_member, c);
    if (rc == ST_OK) rc = r->st->initiative_conflicts(r->st, c->i.id, copy_conflict, c);
    if (rc == ST_OK) rc = r->st->initiative_scores(r->st, c->i.id, 0, copy_score, c);
    if (rc != ST_OK) { reply_store_error(r, rc, "initiative"); return NULL; }
    for (int k = 0; k < c->n_members; k++)
        c->members[k].conflict = declared_conflict(c, c->members[k].user_id);
    return c;
}

static bool id_param(struct req *r, int64_t *id)
{
    char *end;
    long long v = strtoll(r->param[0], &end, 10);
    if (!*r->param[0] || *end || v < 1) {
        reply_error(r, 404, "not_found", NULL, "no initiative %s", r->param[0]);
        return false;
    }
    *id = v;
    return true;
}

/* A council member reads initiatives from screening on; the centre reads all. */
static bool staff_may_read(const struct req *r, const struct initiative *i)
{
    if (is_centre(r)) return true;
    if (!(r->who.role & ROLE_COUNCIL)) return false;
    int s = initiative_stage_parse(i->stage);
    return s != STAGE_SUBMITTED && s != STAGE_INVALID;
}

/* Loads the initiative of the path for a staff reader, or replies and returns NULL. */
static struct ini *load_for_staff(struct req *r)
{
    int64_t id;
    if (!id_param(r, &id)) return NULL;
    struct ini *c = load(r, id, NULL);
    if (c && !staff_may_read(r, &c->i)) {
        reply_error(r, 403, "forbidden", NULL, "initiative %lld is not open to your role yet",
                    (long long)id);
        return NULL;
    }
    return c;
}

struct stage_probe { char stage[16]; int round; };
static void probe_stage(void *ctx, const struct initiative *i)
{
    struct stage_probe *p = ctx;
    util_copy(p->stage, sizeof p->stage, i->stage);
    p->round = i->round;
}

bool initiative_file_visible(struct req *r, int64_t initiative_id)
{
    struct stage_probe p = {0};
    if (r->st->initiative_get(r->st, initiative_id, NULL, probe_stage, &p) != ST_OK) return false;
    struct initiative i = {.stage = p.stage};
    return staff_may_read(r, &i);
}

/* ---- aggregation of a round ---- */

/* The scores of ROUND that count: members without a declared conflict. */
static int round_scores(const struct ini *c, int round, struct initiative_scores *out,
                        int cap)
{
    int n = 0;
    for (int k = 0; k < c->n_scores && n < cap; k++)
        if (c->scores[k].round == round && !declared_conflict(c, c->scores[k].user_id))
            memcpy(out[n++].v, c->scores[k].v, sizeof out[0].v);
    return n;
}

static int eligible_members(const struct ini *c)
{
    int n = 0;
    for (int k = 0; k < c->n_members; k++) n += !c->members[k].conflict;
    return n;
}

static json_t *view_aggregate(const struct ini *c, int round)
{
    struct initiative_scores s[MEMBERS_CAP];
    int n = round_scores(c, round, s, MEMBERS_CAP);
    struct initiative_aggregate a;
    initiative_aggregate(s, n, &a);
    json_t *means = json_object();
    for (int k = 0; k < INITIATIVE_CRITERIA; k++)
        json_object_set_new(means, initiative_criteria[k], n ? round2(a.mean[k]) : json_null());
    return json_pack("{s:i, s:i, s:o, s:o, s:o, s:o, s:i}", "round", round, "scored", n,
                     "criteria", means, "total_mean", n ? round2(a.total_mean) : json_null(),
                     "total_min", n ? json_integer(a.total_min) : json_null(), "total_max",
                     n ? json_integer(a.total_max) : json_null(), "scale_max",
                     INITIATIVE_CRITERIA * INITIATIVE_SCORE_MAX);
}

static json_t *view_score(const struct score_rec *s)
{
    json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:s}", "round", s->round, "member", s->username,
                          "member_name", s->display_name, "comment", s->comment, "at", s->at);
    int total = 0;
    for (int k = 0; k < INITIATIVE_CRITERIA; k++) {
        json_object_set_new(o, initiative_criteria[k], json_integer(s->v[k]));
        total += s->v[k];
    }
    json_object_set_new(o, "total", json_integer(total));
    return o;
}

/* ---- views ---- */

static json_t *view_field(const struct strategic_field *f)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:i, s:b}", "code", f->code, "name", f->name,
                     "name_en", f->name_en, "source", f->source, "position", f->position,
                     "active", f->active);
}

/* The council's target and due days count working days with the administrator's calendar days
 * X (api_calendar.c). */
static json_t *view_council_deadline(const struct initiative *i, const struct calendar_extras *x)
{
    if (!*i->council_due) return json_null();
    char target[11], due[11], today[ISO_DATE_LEN];
    util_today(today);
    if (!initiative_council_dates(i->screened_day, x->items, x->n, target, due))
        return json_null();
    enum colour col = initiative_council_colour(target, i->council_due, i->council_day, today);
    return json_pack("{s:s, s:s, s:s, s:o, s:b}", "target", target, "due", i->council_due,
                     "colour", colour_name(col), "formed_on", str_or_null(i->council_day),
                     "late", col == COLOUR_RED || col == COLOUR_DONE_LATE);
}

static json_t *view_summary(const struct initiative *i, const struct calendar_extras *x)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:i}", "id",
                          (json_int_t)i->id, "code", i->code, "title", i->title, "field", "code",
                          i->field_code, "name", i->field_name, "proposer_kind",
                          i->proposer_kind, "stage", i->stage, "received_at", i->received_at,
                          "round", i->round);
    json_object_set_new(o, "council_deadline", view_council_deadline(i, x));
    json_object_set_new(o, "task", i->task_id ? json_integer(i->task_id) : json_null());
    return o;
}

struct progress_ctx {
    struct req *r;
    const char *today;
    struct task_combiner k;
    struct task t;                 /* the fields the combination reads, in request memory */
    bool any;
};
static void add_part(void *ctx, const struct task_row *row)
{
    struct progress_ctx *p = ctx;
    struct part_verdict v;
    taskeval_part(&row->task, &row->part, p->today, &colour_defaults, &v);
    taskeval_combine_add(&p->k, &row->part, &v);
    if (!p->any) {
        p->any = true;
        p->t.deadline_kind = req_strdup(p->r, row->task.deadline_kind);
        p->t.due = req_strdup(p->r, row->task.due ? row->task.due : "");
        p->t.start_date = req_strdup(p->r, row->task.start_date);
    }
}

/* The public progress of a selected initiative's task: combined progress and colour, by the
 * rule of system 1 (taskeval.c). */
static json_t *view_task_progress(struct req *r, int64_t task_id)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    struct progress_ctx p = {.r = r, .today = today};
    taskeval_combine_begin(&p.k);
    struct task_query q = {.task_id = task_id};
    if (r->st->task_rows(r->st, &q, add_part, &p) != ST_OK || !p.any) return json_null();
    struct task_combined out;
    taskeval_combine_end(&p.k, &p.t, today, &colour_defaults, &out);
    return json_pack("{s:I, s:i, s:b, s:s, s:o, s:o}", "id", (json_int_t)task_id, "progress",
                     out.progress, "done", out.done, "colour", colour_name(out.result.colour),
                     "done_on", str_or_null(out.done_on), "due", str_or_null(p.t.due));
}

static json_t *view_events(struct req *r, int64_t id, bool with_actor);

/* view_summary with the calendar days read for this one view (NULL when they cannot be read). */
static json_t *view_summary_read(struct req *r, const struct initiative *i)
{
    struct calendar_extras x;
    if (calendar_extras_load(r->st, &x) != ST_OK) return NULL;
    json_t *o = view_summary(i, &x);
    calendar_extras_free(&x);
    return o;
}

/* The public tracking page: no personal data, no member names. */
static json_t *view_public(struct req *r, const struct ini *c)
{
    const struct initiative *i = &c->i;
    json_t *o = view_summary_read(r, i);
    if (!o) return NULL;
    json_object_del(o, "id");
    json_object_set_new(o, "screening_reason",
                        !strcmp(i->stage, "invalid") ? json_string(i->screening_reason)
                                                     : json_null());
    bool decided = !strcmp(i->stage, "selected") || !strcmp(i->stage, "not_selected");
    json_object_set_new(o, "decision",
                        decided ? json_pack("{s:s, s:s, s:o}", "outcome", i->stage, "reason",
                                            i->decision_reason, "scores",
                                            view_aggregate(c, i->round))
                                : json_null());
    json_object_set_new(o, "task_progress",
                        i->task_id ? view_task_progress(r, i->task_id) : json_null());
    json_object_set_new(o, "history", view_events(r, i->id, false));
    return o;
}

struct events_ctx { json_t *items; bool with_actor; };
static void add_event(void *ctx, const struct initiative_event *e)
{
    struct events_ctx *x = ctx;
    /* The public sees the steps and the reasons given publicly, not who or what was noted. */
    bool public_note = !strcmp(e->kind, "invalid") || !strcmp(e->kind, "selected") ||
                       !strcmp(e->kind, "not_selected") || !strcmp(e->kind, "attachment");
    json_t *o = json_pack("{s:s, s:s}", "at", e->at, "kind", e->kind);
    if (x->with_actor) {
        json_object_set_new(o, "actor", json_string(e->actor));
        json_object_set_new(o, "note", json_string(e->note));
    } else {
        json_object_set_new(o, "note", public_note ? json_string(e->note) : json_string(""));
    }
    json_array_append_new(x->items, o);
}

static json_t *view_events(struct req *r, int64_t id, bool with_actor)
{
    struct events_ctx x = {json_array(), with_actor};
    r->st->initiative_events(r->st, id, add_event, &x);
    return x.items;
}

static void add_attachment(void *ctx, const struct evidence *e)
{
    json_array_append_new(ctx, view_evidence(e));
}

/* The staff view: everything, personal data for the centre only, scores as visible. */
static json_t *view_staff(struct req *r, const struct ini *c)
{
    const struct initiative *i = &c->i;
    json_t *o = view_summary_read(r, i);
    if (!o) return NULL;
    json_object_set_new(o, "source", json_string(i->source));
    json_object_set_new(o, "feedback_id", i->feedback_id ? json_integer(i->feedback_id)
                                                         : json_null());
    json_object_set_new(o, "problem", json_string(i->problem));
    json_object_set_new(o, "solution", json_string(i->solution));
    json_object_set_new(o, "impact", json_string(i->impact));
    json_object_set_new(o, "resources", json_string(i->resources));
    json_object_set_new(o, "team", json_string(i->team));
    json_object_set_new(o, "unit", *i->unit_code ? json_pack("{s:s, s:s}", "code", i->unit_code,
                                                              "name", i->unit_name)
                                                 : json_null());
    json_object_set_new(o, "proposer",
                        is_centre(r) ? json_pack("{s:s, s:s, s:s}", "name", i->proposer_name,
                                                 "email", i->email, "phone", i->phone)
                                     : json_null());
    json_object_set_new(o, "screening",
                        *i->screened_at
                            ? json_pack("{s:b, s:s, s:s, s:s, s:s}", "valid",
                                        strcmp(i->stage, "invalid") != 0, "reason",
                                        i->screening_reason, "assessment", i->assessment, "at",
                                        i->screened_at, "by", i->screened_by)
                            : json_null());
    json_t *members = json_array();
    for (int k = 0; k < c->n_members; k++) {
        const struct member_rec *m = &c->members[k];
        json_array_append_new(
            members, json_pack("{s:s, s:s, s:{s:s, s:s}, s:s, s:b, s:b}", "username",
                               m->username, "display_name", m->display_name, "unit", "code",
                               m->unit_code, "name", m->unit_name, "appointed_at",
                               m->appointed_at, "conflict", m->conflict, "scored",
                               i->round && score_of(c, i->round, m->user_id) != NULL));
    }
    json_object_set_new(o, "council", json_pack("{s:o, s:o, s:o}", "formed_at",
                                                str_or_null(i->council_at), "formed_by",
                                                str_or_null(i->council_by), "members", members));
    json_t *conflicts = json_array();
    for (int k = 0; k < c->n_conflicts; k++)
        json_array_append_new(conflicts, json_pack("{s:s, s:s, s:s}", "member",
                                                   c->conflicts[k].username, "reason",
                                                   is_centre(r) || c->conflicts[k].user_id ==
                                                                       r->who.user_id
                                                       ? c->conflicts[k].reason : "",
                                                   "at", c->conflicts[k].at));
    json_object_set_new(o, "conflicts", conflicts);
    bool decided = !strcmp(i->stage, "selected") || !strcmp(i->stage, "not_selected");
    json_object_set_new(o, "decision",
                        decided ? json_pack("{s:s, s:s, s:s, s:s}", "outcome", i->stage,
                                            "reason", i->decision_reason, "at", i->decided_at,
                                            "by", i->decided_by)
                                : json_null());
    json_object_set_new(o, "task_progress",
                        i->task_id ? view_task_progress(r, i->task_id) : json_null());
    json_t *files = json_array();
    r->st->initiative_evidence(r->st, i->id, add_attachment, files);
    json_object_set_new(o, "attachments", files);
    json_object_set_new(o, "history", view_events(r, i->id, true));
    return o;
}

/* ---- writes: one transition, re-checked inside the transaction ---- */

struct transition {
    struct req *r;
    struct ini *c;                 /* as read before the transaction */
    struct initiative after;
    const char *action, *event, *note;
    enum store_rc (*extra)(struct store *st, struct transition *t);
    void *data;
    json_t *detail;                /* what the step added (members, a score), for the audit */
};

static json_t *audit_view(const struct initiative *i)
{
    return json_pack("{s:s, s:i, s:o, s:s, s:s, s:o, s:o, s:s, s:o}", "stage", i->stage,
                     "round", i->round, "unit", i->unit_id ? json_integer(i->unit_id)
                                                           : json_null(),
                     "screening_reason", i->screening_reason, "assessment", i->assessment,
                     "council_due", str_or_null(i->council_due), "council_at",
                     str_or_null(i->council_at), "decision_reason", i->decision_reason, "task",
                     i->task_id ? json_integer(i->task_id) : json_null());
}

static enum store_rc transition_write(struct store *st, void *vctx)
{
    struct transition *t = vctx;
    const struct initiative *before = &t->c->i;
    struct stage_probe now = {0};
    enum store_rc rc = st->initiative_get(st, before->id, NULL, probe_stage, &now);
    if (rc != ST_OK) return rc;
    /* Someone else moved it since it was read: refuse rather than act on a stale stage. */
    if (strcmp(now.stage, before->stage) || now.round != before->round) return ST_CONFLICT;
    rc = st->initiative_update(st, &t->after);
    char at[ISO_TIME_LEN];
    util_now_iso(at);
    const char *actor = auth_actor(t->r);
    if (rc == ST_OK && t->event)
        rc = st->initiative_event_insert(st, before->id, at, actor, t->event, t->note);
    if (rc == ST_OK && t->extra) rc = t->extra(st, t);
    if (rc != ST_OK) return rc;
    char idbuf[24];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)before->id);
    json_t *b = audit_view(before), *a = audit_view(&t->after);
    if (t->detail) json_object_set(a, "detail", t->detail);
    rc = audit_append(st, actor, t->action, "initiative", idbuf, b, a);
    json_decref(b);
    json_decref(a);
    return rc;
}

/* Runs the transition and replies with the staff view (STATUS), or the error. */
static void run_transition(struct req *r, struct transition *t, int status)
{
    enum store_rc rc = store_tx(r->st, transition_write, t);
    json_decref(t->detail);
    t->detail = NULL;
    if (rc == ST_CONFLICT) {
        reply_error(r, 409, "conflict", NULL, "initiative %lld changed meanwhile: reload it",
                    (long long)t->c->i.id);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "initiative"); return; }
    struct ini *c = load(r, t->c->i.id, NULL);
    if (c) reply_json(r, status, view_staff(r, c));
}

/* Replies 409 naming the stage when ACTION is not allowed now. */
static bool require_stage(struct req *r, const struct initiative *i,
                          enum initiative_action action, const char *what)
{
    if (initiative_allows(initiative_stage_parse(i->stage), action)) return true;
    reply_error(r, 409, "invalid_state", "stage", "%s needs the initiative in stage %s; it is %s",
                what, initiative_action_stages(action), i->stage);
    return false;
}

/* ---- strategic fields ---- */

struct fields_ctx { json_t *items; const char *code; bool found; };
static void add_field(void *ctx, const struct strategic_field *f)
{
    struct fields_ctx *x = ctx;
    if (x->code && strcmp(x->code, f->code)) return;
    x->found = true;
    json_array_append_new(x->items, view_field(f));
}

/* GET /api/v1/initiatives/fields[?all=true]: the list the form offers (all: retired too). */
void api_initiative_fields_list(struct req *r)
{
    const char *all = req_query(r, "all");
    if (all && strcmp(all, "true") && strcmp(all, "false")) {
        reply_error(r, 400, "validation_failed", "all", "all must be true or false");
        return;
    }
    struct fields_ctx x = {json_array(), NULL, false};
    enum store_rc rc = r->st->strategic_field_list(r->st, all && !strcmp(all, "true"),
                                                   add_field, &x);
    if (rc != ST_OK) { json_decref(x.items); reply_store_error(r, rc, "fields"); return; }
    reply_json(r, 200, json_pack("{s:o}", "items", x.items));
}

struct field_write { struct req *r; struct strategic_field f; bool create; int64_t id; };
static enum store_rc field_write(struct store *st, void *vctx)
{
    struct field_write *w = vctx;
    enum store_rc rc = w->create ? st->strategic_field_insert(st, &w->f, &w->id)
                                 : st->strategic_field_update(st, &w->f);
    if (rc != ST_OK) return rc;
    json_t *after = view_field(&w->f);
    rc = audit_append(st, auth_actor(w->r), w->create ? "create" : "update", "strategic_field",
                      w->f.code, NULL, after);
    json_decref(after);
    return rc;
}

static bool field_code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 40) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return false;
    return true;
}

/* POST /api/v1/initiatives/fields (administrator). */
void api_initiative_fields_create(struct req *r)
{
    const char *code, *name, *name_en, *source;
    long position;
    struct field_spec spec[] = {
        {"code", F_STRING, true, 40, &code},
        {"name", F_STRING, true, 200, &name},
        {"name_en", F_STRING, false, 200, &name_en},
        {"source", F_STRING, false, 300, &source},
        {"position", F_INT, false, 100000, &position},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (!field_code_ok(code)) {
        reply_error(r, 400, "validation_failed", "code",
                    "code is 2-40 characters of a-z, 0-9 and '-'");
        return;
    }
    struct field_write w = {.r = r, .create = true};
    w.f = (struct strategic_field){.code = code, .name = name, .name_en = name_en ? name_en : "",
                                   .source = source ? source : "",
                                   .position = position == F_INT_ABSENT ? 1000 : (int)position,
                                   .active = true};
    enum store_rc rc = store_tx(r->st, field_write, &w);
    if (rc == ST_CONFLICT) {
        reply_error(r, 409, "conflict", "code", "a field with code %s exists", code);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "field"); return; }
    reply_json(r, 201, view_field(&w.f));
}

/* PATCH /api/v1/initiatives/fields/{code} (administrator): rename, reorder, retire. */
void api_initiative_field_update(struct req *r)
{
    struct fields_ctx x = {json_array(), r->param[0], false};
    enum store_rc rc = r->st->strategic_field_list(r->st, true, add_field, &x);
    if (rc != ST_OK || !x.found) {
        json_decref(x.items);
        if (rc != ST_OK) reply_store_error(r, rc, "fields");
        else reply_error(r, 404, "not_found", NULL, "no strategic field %s", r->param[0]);
        return;
    }
    json_t *cur = json_array_get(x.items, 0);
    const char *name, *name_en;
    long position;
    int active;
    struct field_spec spec[] = {
        {"name", F_STRING, false, 200, &name},
        {"name_en", F_STRING, false, 200, &name_en},
        {"position", F_INT, false, 100000, &position},
        {"active", F_BOOL, false, 0, &active},
        {0},
    };
    if (!input_parse(r, spec)) { json_decref(x.items); return; }
    struct field_write w = {.r = r};
    w.f = (struct strategic_field){
        .code = r->param[0],
        .name = name ? name : req_strdup(r, json_string_value(json_object_get(cur, "name"))),
        .name_en = name_en ? name_en
                           : req_strdup(r, json_string_value(json_object_get(cur, "name_en"))),
        .source = req_strdup(r, json_string_value(json_object_get(cur, "source"))),
        .position = position != F_INT_ABSENT
                        ? (int)position
                        : (int)json_integer_value(json_object_get(cur, "position")),
        .active = active >= 0 ? active == 1 : json_is_true(json_object_get(cur, "active")),
    };
    json_decref(x.items);
    rc = store_tx(r->st, field_write, &w);
    if (rc != ST_OK) { reply_store_error(r, rc, "field"); return; }
    reply_json(r, 200, view_field(&w.f));
}

/* ---- registration (public) ---- */

struct register_ctx {
    struct req *r;
    struct initiative i;
    int64_t id;
    bool limited;
};

static enum store_rc register_write(struct store *st, void *vctx)
{
    struct register_ctx *c = vctx;
    /* A flood from one address is refused: at most REGISTER_MAX in REGISTER_WINDOW, counted in
     * the same table and transaction as login attempts (so concurrent requests serialise). */
    char key[96];
    snprintf(key, sizeof key, "initiative:%s", c->r->address);
    int64_t now = util_now(), oldest, row;
    int n = 0;
    enum store_rc rc = st->login_failures(st, key, now - REGISTER_WINDOW, &n, &oldest);
    if (rc != ST_OK) return rc;
    if (n >= REGISTER_MAX) { c->limited = true; return ST_CONFLICT; }
    rc = st->login_failure_add(st, key, now, &row);
    return rc == ST_OK ? initiative_record(st, &c->i, "public", &c->id) : rc;
}

enum store_rc initiative_record(struct store *st, const struct initiative *i, const char *actor,
                                int64_t *id)
{
    size_t n = strlen(i->title) + strlen(i->problem) + strlen(i->solution) + strlen(i->code) + 4;
    char *search = malloc(n);
    if (!search) return ST_ERROR;
    snprintf(search, n, "%s %s %s %s", i->code, i->title, i->problem, i->solution);
    char *folded = text_fold(search);
    free(search);
    if (!folded) return ST_ERROR;
    enum store_rc rc = st->initiative_insert(st, i, folded, id);
    free(folded);
    if (rc == ST_OK)
        rc = st->initiative_event_insert(st, *id, i->received_at, actor, "submitted",
                                         i->feedback_id ? "feedback" : "");
    if (rc != ST_OK) return rc;
    char idbuf[24];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)*id);
    /* The audit keeps the record without the proposer's contact details. */
    json_t *after = json_pack("{s:s, s:s, s:s, s:I, s:s}", "code", i->code, "source", i->source,
                              "title", i->title, "field", (json_int_t)i->field_id, "stage",
                              i->stage);
    if (i->feedback_id) json_object_set_new(after, "feedback_id", json_integer(i->feedback_id));
    rc = audit_append(st, actor, "create", "initiative", idbuf, NULL, after);
    json_decref(after);
    return rc;
}

bool initiative_new_code(char *out)
{
    unsigned char rnd[TRACKCODE_RANDOM_BYTES];
    randombytes_buf(rnd, sizeof rnd);
    return trackcode_make(TRACK_PREFIX, rnd, out);
}

struct field_find { const char *code; int64_t id; bool active; };
static void find_field(void *ctx, const struct strategic_field *f)
{
    struct field_find *x = ctx;
    if (!strcmp(f->code, x->code)) { x->id = f->id; x->active = f->active; }
}

bool initiative_field_param(struct req *r, const char *code, int64_t *id)
{
    struct field_find ff = {.code = code};
    if (r->st->strategic_field_list(r->st, true, find_field, &ff) != ST_OK || !ff.id ||
        !ff.active) {
        reply_error(r, 400, "validation_failed", "field",
                    "field must be the code of a strategic technology field in the list "
                    "(GET /api/v1/initiatives/fields)");
        return false;
    }
    *id = ff.id;
    return true;
}

static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at != s && !strchr(at + 1, '@') && strchr(at + 1, '.') && !strpbrk(s, " \t<>,;");
}

static bool phone_ok(const char *s)
{
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') digits++;
        else if (!strchr("+ .-()", *p)) return false;
    }
    return digits >= 8 && digits <= 15;
}

/* POST /api/v1/initiatives: anyone registers; the reply carries the tracking code. */
void api_initiatives_register(struct req *r)
{
    const char *title, *field, *problem, *solution, *impact, *resources, *team, *kind, *name,
        *email, *phone, *unit;
    struct field_spec spec[] = {
        {"title", F_STRING, true, 300, &title},
        {"field", F_STRING, true, 40, &field},
        {"problem", F_STRING, true, 10000, &problem},
        {"solution", F_STRING, true, 10000, &solution},
        {"impact", F_STRING, true, 10000, &impact},
        {"resources", F_STRING, false, 5000, &resources},
        {"team", F_STRING, false, 5000, &team},
        {"proposer_kind", F_STRING, true, 20, &kind},
        {"proposer_name", F_STRING, true, 300, &name},
        {"email", F_STRING, false, 200, &email},
        {"phone", F_STRING, false, 30, &phone},
        {"unit", F_STRING, false, CODE_MAX - 1, &unit},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (!initiative_proposer_kind_ok(kind)) {
        reply_error(r, 400, "validation_failed", "proposer_kind",
                    "proposer_kind is person, organisation, enterprise, institute or university");
        return;
    }
    if ((!email || !*email) && (!phone || !*phone)) {
        reply_error(r, 400, "validation_failed", "email",
                    "give an email address or a phone number to be contacted");
        return;
    }
    if (email && *email && !email_ok(email)) {
        reply_error(r, 400, "validation_failed", "email", "email is not an email address");
        return;
    }
    if (phone && *phone && !phone_ok(phone)) {
        reply_error(r, 400, "validation_failed", "phone",
                    "phone is 8-15 digits (spaces, dots, dashes, brackets and + allowed)");
        return;
    }
    struct register_ctx c = {.r = r};
    if (!initiative_field_param(r, field, &c.i.field_id)) return;
    if (unit && *unit) {
        struct unit u;
        if (r->st->unit_get(r->st, unit, NULL, &u) != ST_OK || !u.active) {
            reply_error(r, 400, "validation_failed", "unit", "no unit %s", unit);
            return;
        }
        c.i.unit_id = u.id;
    }
    char code[TRACKCODE_LEN], now[ISO_TIME_LEN], today[ISO_DATE_LEN];
    initiative_new_code(code);
    util_now_iso(now);
    util_today(today);
    c.i.code = code;
    c.i.source = "public";
    c.i.title = title;
    c.i.problem = problem;
    c.i.solution = solution;
    c.i.impact = impact;
    c.i.resources = resources ? resources : "";
    c.i.team = team ? team : "";
    c.i.proposer_kind = kind;
    c.i.proposer_name = name;
    c.i.email = email ? email : "";
    c.i.phone = phone ? phone : "";
    c.i.stage = "submitted";
    c.i.received_at = now;
    c.i.received_day = today;
    enum store_rc rc = store_tx(r->st, register_write, &c);
    if (c.limited) {
        reply_header(r, "Retry-After", "3600");
        reply_error(r, 429, "rate_limited", NULL,
                    "too many registrations from this address: try again in an hour");
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "initiative"); return; }
    /* The page the proposer follows it on. */
    char url[64];
    snprintf(url, sizeof url, "/sang-kien/theo-doi/%s", code);
    reply_json(r, 201, json_pack("{s:s, s:s, s:s, s:s}", "code", code, "received_at", now,
                                 "stage", "submitted", "tracking_url", url));
}

/* Reads the tracking code of the path (as a person typed it). */
static struct ini *load_by_code(struct req *r)
{
    char code[TRACKCODE_LEN];
    if (!trackcode_normalise(TRACK_PREFIX, r->param[0], code)) {
        reply_error(r, 404, "not_found", "code", "%s is not a tracking code (SK-XXXX-XXXX-XXXX)",
                    r->param[0]);
        return NULL;
    }
    return load(r, 0, req_strdup(r, code));
}

/* GET /api/v1/initiatives/track/{code}: the public page of an initiative. */
void api_initiative_track(struct req *r)
{
    struct ini *c = load_by_code(r);
    if (c) reply_json(r, 200, view_public(r, c));
}

struct attach_write { struct req *r; struct ini *c; struct evidence e; int64_t id; bool full; };
static void count_file(void *ctx, const struct evidence *e) { (void)e; (*(int *)ctx)++; }
static enum store_rc attach_write(struct store *st, void *vctx)
{
    struct attach_write *w = vctx;
    struct stage_probe now = {0};
    enum store_rc rc = st->initiative_get(st, w->c->i.id, NULL, probe_stage, &now);
    if (rc != ST_OK) return rc;
    if (strcmp(now.stage, "submitted")) return ST_CONFLICT;
    int files = 0;
    rc = st->initiative_evidence(st, w->c->i.id, count_file, &files);
    if (rc != ST_OK) return rc;
    if (files >= ATTACHMENTS_MAX) { w->full = true; return ST_CONFLICT; }
    rc = st->evidence_insert(st, &w->e, &w->id);
    if (rc == ST_OK)
        rc = st->initiative_event_insert(st, w->c->i.id, w->e.at, "public", "attachment",
                                         w->e.name);
    if (rc != ST_OK) return rc;
    json_t *after = json_pack("{s:s, s:s, s:I, s:s}", "name", w->e.name, "type", w->e.type,
                              "size", (json_int_t)w->e.size, "sha256", w->e.sha256);
    char idbuf[24];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)w->c->i.id);
    rc = audit_append(st, "public", "attachment", "initiative", idbuf, NULL, after);
    json_decref(after);
    return rc;
}

/* POST /api/v1/initiatives/track/{code}/attachments?name=FILE, the file as the body: the
 * proposer adds files until the initiative is screened. The tracking code is the permission. */
void api_initiative_attach(struct req *r)
{
    struct attach_write w = {.r = r};
    if (!files_receive(r, "an attachment", &w.e)) return;
    w.c = load_by_code(r);
    if (!w.c || !require_stage(r, &w.c->i, ACTION_ATTACH, "adding a file")) return;

    w.e.initiative_id = w.c->i.id;
    w.e.actor = "public";
    enum store_rc rc = store_tx(r->st, attach_write, &w);
    if (w.full) {
        reply_error(r, 409, "conflict", "file", "an initiative has at most %d files",
                    ATTACHMENTS_MAX);
        return;
    }
    if (rc == ST_CONFLICT) {
        reply_error(r, 409, "invalid_state", "stage", "the initiative has been screened meanwhile");
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "attachment"); return; }
    w.e.id = w.id;
    reply_json(r, 201, view_evidence(&w.e));
}

/* ---- staff: list and detail ---- */

struct list_ctx { struct req *r; json_t *items; int64_t last; int n; struct calendar_extras cal; };
static void add_summary(void *ctx, const struct initiative *i)
{
    struct list_ctx *x = ctx;
    x->n++;
    x->last = i->id;
    if (!staff_may_read(x->r, i)) return;
    json_array_append_new(x->items, view_summary(i, &x->cal));
}

/* GET /api/v1/initiatives?stage=&mine=&q=&limit=&cursor=: newest first. */
void api_initiatives_list(struct req *r)
{
    int limit = req_limit(r);
    if (limit < 0) return;
    const char *after = cursor_decode(r);
    if (req_query(r, "cursor") && !after) return;
    struct initiative_query q = {.limit = limit};
    if (after) {
        char *end;
        long long v = strtoll(after, &end, 10);
        if (*end || v < 1) {
            reply_error(r, 400, "validation_failed", "cursor", "cursor is not one this server gave out");
            return;
        }
        q.after_id = v;
    }
    const char *stage = req_query(r, "stage"), *mine = req_query(r, "mine"),
               *text = req_query(r, "q");
    if (stage && initiative_stage_parse(stage) < 0) {
        reply_error(r, 400, "validation_failed", "stage",
                    "stage is submitted, invalid, screened, review, selected or not_selected");
        return;
    }
    q.stage = stage;
    if (mine && strcmp(mine, "true") && strcmp(mine, "false")) {
        reply_error(r, 400, "validation_failed", "mine", "mine must be true or false");
        return;
    }
    if (mine && !strcmp(mine, "true")) q.member_id = r->who.user_id;
    char *folded = NULL;
    if (text) {
        if (strlen(text) > 200 || !text_valid_utf8(text, strlen(text))) {
            reply_error(r, 400, "validation_failed", "q", "q is at most 200 bytes of text");
            return;
        }
        folded = text_fold(text);
        q.folded = folded;
    }
    struct list_ctx x = {r, json_array(), 0, 0, {0}};
    enum store_rc rc = calendar_extras_load(r->st, &x.cal);
    if (rc == ST_OK) rc = r->st->initiative_list(r->st, &q, add_summary, &x);
    calendar_extras_free(&x.cal);
    free(folded);
    if (rc != ST_OK) { json_decref(x.items); reply_store_error(r, rc, "initiatives"); return; }
    char next[24];
    snprintf(next, sizeof next, "%lld", (long long)x.last);
    reply_json(r, 200, page_json(x.items, x.n == limit ? next : NULL));
}

/* GET /api/v1/initiatives/{id} */
void api_initiative_get(struct req *r)
{
    struct ini *c = load_for_staff(r);
    if (c) reply_json(r, 200, view_staff(r, c));
}

/* ---- screening ---- */

/* POST /api/v1/initiatives/{id}/screening {valid, reason, assessment, unit}. */
void api_initiative_screen(struct req *r)
{
    struct ini *c = load_for_staff(r);
    if (!c) return;
    int valid;
    const char *reason, *assessment, *unit;
    struct field_spec spec[] = {
        {"valid", F_BOOL, true, 0, &valid},
        {"reason", F_STRING, false, 4000, &reason},
        {"assessment", F_STRING, false, 10000, &assessment},
        {"unit", F_STRING, false, CODE_MAX - 1, &unit},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (!valid && (!reason || !*reason)) {
        reply_error(r, 400, "validation_failed", "reason",
                    "give the reason the initiative is not valid");
        return;
    }
    if (valid && (!assessment || !*assessment)) {
        reply_error(r, 400, "validation_failed", "assessment",
                    "a valid initiative needs its preliminary assessment");
        return;
    }
    if (!require_stage(r, &c->i, ACTION_SCREEN, "screening")) return;
    struct transition t = {.r = r, .c = c, .after = c->i, .action = "screen"};
    if (unit) {
        struct unit u;
        if (!*unit) t.after.unit_id = 0;
        else if (r->st->unit_get(r->st, unit, NULL, &u) != ST_OK) {
            reply_error(r, 400, "validation_failed", "unit", "no unit %s", unit);
            return;
        } else t.after.unit_id = u.id;
    }
    char now[ISO_TIME_LEN], today[ISO_DATE_LEN], target[11], due[11];
    util_now_iso(now);
    util_today(today);
    t.after.screened_at = now;
    t.after.screened_day = today;
    t.after.screened_by = auth_actor(r);
    t.after.screening_reason = reason ? reason : "";
    t.after.assessment = assessment ? assessment : "";
    if (valid) {
        struct calendar_extras x;
        if (calendar_extras_load(r->st, &x) != ST_OK) {
            reply_store_error(r, ST_ERROR, "calendar days");
            return;
        }
        bool dated = initiative_council_dates(today, x.items, x.n, target, due);
        calendar_extras_free(&x);
        if (!dated) {
            reply_error(r, 500, "internal", NULL, "the working-day calendar failed for %s", today);
            return;
        }
        t.after.stage = "screened";
        t.after.council_due = due;
        t.event = "screened";
        t.note = t.after.assessment;
    } else {
        t.after.stage = "invalid";
        t.event = "invalid";
        t.note = t.after.screening_reason;
    }
    run_transition(r, &t, 200);
}

/* ---- the council ---- */

struct council_data {
    int64_t ids[INITIATIVE_COUNCIL_MAX];
    int n;
    char at[ISO_TIME_LEN];         /* the members' appointment */
    char note[1200];
};
static enum store_rc council_extra(struct store *st, struct transition *t)
{
    struct council_data *d = t->data;
    enum store_rc rc = ST_OK;
    for (int k = 0; rc == ST_OK && k < d->n; k++)
        rc = st->initiative_member_insert(st, t->c->i.id, d->ids[k], d->at, auth_actor(t->r));
    return rc;
}

/* POST /api/v1/initiatives/{id}/council {members: [username, ...]}: forms the council (at
 * least INITIATIVE_COUNCIL_MIN members; the first review round opens) or, during review, adds
 * members. Nobody from the proposing unit, nobody who declared a conflict. */
void api_initiative_council(struct req *r)
{
    struct ini *c = load_for_staff(r);
    if (!c) return;
    struct string_array names;
    struct field_spec spec[] = {
        {"members", F_STRING_ARRAY, true, 71, &names},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (!require_stage(r, &c->i, ACTION_FORM_COUNCIL, "forming the council")) return;
    bool forming = !strcmp(c->i.stage, "screened");
    if (names.n < 1 || c->n_members + names.n > INITIATIVE_COUNCIL_MAX ||
        (forming && names.n < INITIATIVE_COUNCIL_MIN)) {
        reply_error(r, 400, "validation_failed", "members",
                    "a council has %d to %d members (%d now, %d named)", INITIATIVE_COUNCIL_MIN,
                    INITIATIVE_COUNCIL_MAX, c->n_members, names.n);
        return;
    }
    struct council_data *d = req_alloc(r, sizeof *d);
    memset(d, 0, sizeof *d);
    size_t used = 0;
    for (int k = 0; k < names.n; k++) {
        struct user u;
        if (r->st->user_get(r->st, names.items[k], &u) != ST_OK || !u.active ||
            strcmp(u.role, "council")) {
            reply_error(r, 400, "validation_failed", "members",
                        "%s is not an active council member account", names.items[k]);
            return;
        }
        for (int j = 0; j < d->n; j++)
            if (d->ids[j] == u.id) {
                reply_error(r, 400, "validation_failed", "members", "%s is named twice",
                            u.username);
                return;
            }
        if (member_of(c, u.id)) {
            reply_error(r, 409, "conflict", "members", "%s is already on the council",
                        u.username);
            return;
        }
        struct unit mu;
        if (r->st->unit_get_by_id(r->st, u.unit_id, &mu) != ST_OK) {
            reply_error(r, 500, "internal", NULL, "the unit of %s is missing", u.username);
            return;
        }
        if (initiative_own_unit(u.unit_path, mu.kind, c->i.unit_path, c->i.unit_kind)) {
            reply_error(r, 409, "conflict_of_interest", "members",
                        "%s works in %s and the initiative comes from %s: nobody reviews an "
                        "initiative from their own unit", u.username, u.unit_code,
                        c->i.unit_code);
            return;
        }
        if (declared_conflict(c, u.id)) {
            reply_error(r, 409, "conflict_of_interest", "members",
                        "%s declared a conflict of interest in this initiative", u.username);
            return;
        }
        d->ids[d->n++] = u.id;
        used += (size_t)snprintf(d->note + used, used < sizeof d->note ? sizeof d->note - used : 0,
                                 "%s%s", k ? ", " : "", u.username);
        if (used >= sizeof d->note) used = sizeof d->note - 1;
    }
    util_now_iso(d->at);
    json_t *named = json_array();
    for (int k = 0; k < names.n; k++) json_array_append_new(named, json_string(names.items[k]));
    struct transition t = {.r = r, .c = c, .after = c->i, .action = "council", .data = d,
                           .extra = council_extra, .event = forming ? "council" : "members",
                           .note = d->note, .detail = json_pack("{s:o}", "members", named)};
    if (forming) {
        t.after.stage = "review";
        t.after.council_at = d->at;
        t.after.council_day = req_alloc(r, ISO_DATE_LEN);
        util_today((char *)t.after.council_day);
        t.after.council_by = auth_actor(r);
        t.after.round = 1;
    }
    run_transition(r, &t, 200);
}

/* POST /api/v1/initiatives/{id}/conflicts {reason}: a council member declares a conflict of
 * interest; from then on they do not score it, and any score they gave does not count. */
static enum store_rc conflict_extra(struct store *st, struct transition *t)
{
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = st->initiative_conflict_insert(st, t->c->i.id, t->r->who.user_id,
                                                      t->data, now);
    return rc;
}

void api_initiative_conflict(struct req *r)
{
    struct ini *c = load_for_staff(r);
    if (!c) return;
    const char *reason;
    struct field_spec spec[] = {{"reason", F_STRING, true, 2000, &reason}, {0}};
    if (!input_parse(r, spec)) return;
    if (!require_stage(r, &c->i, ACTION_DECLARE_CONFLICT, "declaring a conflict")) return;
    if (declared_conflict(c, r->who.user_id)) {
        reply_error(r, 409, "conflict", "reason", "you already declared a conflict of interest");
        return;
    }
    struct transition t = {.r = r, .c = c, .after = c->i, .action = "conflict",
                           .event = "conflict", .note = r->who.username,
                           .extra = conflict_extra, .data = (void *)reason,
                           .detail = json_pack("{s:s, s:s}", "member", r->who.username,
                                               "reason", reason)};
    run_transition(r, &t, 201);
}

/* ---- council candidates ---- */

struct candidates_ctx {
    struct req *r;
    const struct ini *c;
    json_t *items;
    char last[72];
    int n;
};
static void add_candidate(void *vctx, const struct user *u)
{
    struct candidates_ctx *x = vctx;
    x->n++;
    util_copy(x->last, sizeof x->last, u->username);
    if (!u->active || strcmp(u->role, "council")) return;
    struct unit mu;
    const char *kind = x->r->st->unit_get_by_id(x->r->st, u->unit_id, &mu) == ST_OK ? mu.kind : "";
    const char *why = member_of(x->c, u->id)                ? "member"
                      : declared_conflict(x->c, u->id)      ? "declared_conflict"
                      : initiative_own_unit(u->unit_path, kind, x->c->i.unit_path,
                                            x->c->i.unit_kind) ? "own_unit"
                                                               : NULL;
    json_t *o = json_pack("{s:s, s:s, s:{s:s, s:s}, s:b}", "username", u->username,
                          "display_name", u->display_name, "unit", "code", u->unit_code, "name",
                          u->unit_name, "eligible", why == NULL);
    json_object_set_new(o, "reason", why ? json_string(why) : json_null());
    json_array_append_new(x->items, o);
}

/* GET /api/v1/initiatives/{id}/candidates: the council member accounts, each eligible or not
 * for this initiative's council, and why not (already a member, a declared conflict, the own
 * unit), so the standing office picks from the list instead of typing names. */
void api_initiative_candidates(struct req *r)
{
    struct ini *c = load_for_staff(r);
    if (!c) return;
    struct candidates_ctx x = {.r = r, .c = c, .items = json_array()};
    enum store_rc rc;
    do {
        x.n = 0;
        rc = r->st->user_list(r->st, NULL, NULL, *x.last ? x.last : NULL, 500, add_candidate, &x);
    } while (rc == ST_OK && x.n == 500);
    if (rc != ST_OK) { json_decref(x.items); reply_store_error(r, rc, "users"); return; }
    reply_json(r, 200, json_pack("{s:o}", "items", x.items));
}

/* ---- scoring ---- */

static enum store_rc score_extra(struct store *st, struct transition *t)
{
    return st->initiative_score_insert(st, t->c->i.id, t->data);
}

/* POST /api/v1/initiatives/{id}/scores {novelty, breakthrough, feasibility, impact,
 * mobilisation, comment}: a member's scores for the round in progress, once per round. */
void api_initiative_score(struct req *r)
{
    struct ini *c = load_for_staff(r);
    if (!c) return;
    long v[INITIATIVE_CRITERIA];
    const char *comment;
    struct field_spec spec[] = {
        {"novelty", F_INT, true, INITIATIVE_SCORE_MAX, &v[0]},
        {"breakthrough", F_INT, true, INITIATIVE_SCORE_MAX, &v[1]},
        {"feasibility", F_INT, true, INITIATIVE_SCORE_MAX, &v[2]},
        {"impact", F_INT, true, INITIATIVE_SCORE_MAX, &v[3]},
        {"mobilisation", F_INT, true, INITIATIVE_SCORE_MAX, &v[4]},
        {"comment", F_STRING, false, 4000, &comment},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (!require_stage(r, &c->i, ACTION_SCORE, "scoring")) return;
    const struct member_rec *m = member_of(c, r->who.user_id);
    if (!m) {
        reply_error(r, 403, "forbidden", NULL, "you are not on the council of initiative %lld",
                    (long long)c->i.id);
        return;
    }
    if (m->conflict) {
        reply_error(r, 409, "conflict_of_interest", "conflict",
                    "you declared a conflict of interest in this initiative");
        return;
    }
    if (initiative_own_unit(r->who.unit_path, m->unit_kind, c->i.unit_path, c->i.unit_kind)) {
        reply_error(r, 409, "conflict_of_interest", "unit",
                    "the initiative comes from %s, your own unit", c->i.unit_code);
        return;
    }
    if (score_of(c, c->i.round, r->who.user_id)) {
        reply_error(r, 409, "already_scored", "round",
                    "you scored round %d already; the council can open a new round",
                    c->i.round);
        return;
    }
    char now[ISO_TIME_LEN], note[64];
    util_now_iso(now);
    struct initiative_score *s = req_alloc(r, sizeof *s);
    *s = (struct initiative_score){.user_id = r->who.user_id, .round = c->i.round,
                                   .comment = comment ? comment : "", .at = req_strdup(r, now)};
    for (int k = 0; k < INITIATIVE_CRITERIA; k++) s->v[k] = (int)v[k];
    snprintf(note, sizeof note, "%d", c->i.round);      /* the round scored */
    struct score_rec shown = {.user_id = s->user_id, .username = r->who.username,
                              .display_name = r->who.display_name, .comment = s->comment,
                              .at = s->at, .round = s->round};
    memcpy(shown.v, s->v, sizeof shown.v);
    struct transition t = {.r = r, .c = c, .after = c->i, .action = "score", .event = "scored",
                           .note = req_strdup(r, note), .extra = score_extra, .data = s,
                           .detail = view_score(&shown)};
    enum store_rc rc = store_tx(r->st, transition_write, &t);
    json_decref(t.detail);
    if (rc == ST_CONFLICT) {
        reply_error(r, 409, "already_scored", "round", "you scored round %d already, or the "
                    "round changed meanwhile", c->i.round);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "scores"); return; }
    reply_json(r, 201, view_score(&shown));
}

/* GET /api/v1/initiatives/{id}/scores?round=N (default: the round in progress). */
void api_initiative_scores(struct req *r)
{
    struct ini *c = load_for_staff(r);
    if (!c) return;
    int round = c->i.round;
    const char *q = req_query(r, "round");
    if (q) {
        char *end;
        long v = strtol(q, &end, 10);
        if (!*q || *end || v < 1 || v > c->i.round) {
            reply_error(r, 400, "validation_failed", "round", "round is 1 to %d", c->i.round);
            return;
        }
        round = (int)v;
    }
    const struct member_rec *m = member_of(c, r->who.user_id);
    bool done = m && (m->conflict || score_of(c, round, r->who.user_id));
    bool visible = initiative_scores_visible(is_centre(r), m != NULL, done);
    struct initiative_scores tmp[MEMBERS_CAP];
    int scored = round ? round_scores(c, round, tmp, MEMBERS_CAP) : 0;
    int eligible = eligible_members(c);
    json_t *o = json_pack("{s:i, s:i, s:i, s:i, s:b, s:b}", "round", round, "rounds",
                          c->i.round, "scored", scored, "eligible", eligible, "complete",
                          initiative_round_complete(eligible, scored), "visible", visible);
    json_t *items = json_array();
    const struct score_rec *mine = NULL;
    for (int k = 0; k < c->n_scores; k++) {
        const struct score_rec *s = &c->scores[k];
        if (s->round != round) continue;
        if (s->user_id == r->who.user_id) mine = s;
        if (visible) json_array_append_new(items, view_score(s));
    }
    json_object_set_new(o, "scores", items);
    json_object_set_new(o, "mine", mine ? view_score(mine) : json_null());
    json_object_set_new(o, "aggregate", visible && round ? view_aggregate(c, round)
                                                         : json_null());
    reply_json(r, 200, o);
}

/* POST /api/v1/initiatives/{id}/rounds {reason}: the council asks to score again. */
void api_initiative_new_round(struct req *r)
{
    struct ini *c = load_for_staff(r);
    if (!c) return;
    const char *reason;
    struct field_spec spec[] = {{"reason", F_STRING, true, 2000, &reason}, {0}};
    if (!input_parse(r, spec)) return;
    if (!require_stage(r, &c->i, ACTION_NEW_ROUND, "a new round")) return;
    if (c->i.round >= ROUNDS_MAX) {
        reply_error(r, 409, "conflict", "round", "at most %d review rounds", ROUNDS_MAX);
        return;
    }
    struct transition t = {.r = r, .c = c, .after = c->i, .action = "round", .event = "round",
                           .note = reason};
    t.after.round = c->i.round + 1;
    run_transition(r, &t, 201);
}

/* ---- the decision ---- */

struct decision_data { struct task task; char *folded; int64_t lead; };
static enum store_rc decision_extra(struct store *st, struct transition *t)
{
    struct decision_data *d = t->data;
    if (!d) return ST_OK;
    int64_t id;
    enum store_rc rc = task_insert_assigned(st, auth_actor(t->r), &d->task, d->folded, &d->lead,
                                            1, NULL, 0, &id);
    if (rc != ST_OK) return rc;
    t->after.task_id = id;
    rc = st->initiative_update(st, &t->after);
    char note[48], at[ISO_TIME_LEN];
    snprintf(note, sizeof note, "%lld", (long long)id);       /* the task's id */
    util_now_iso(at);
    if (rc == ST_OK) rc = st->initiative_event_insert(st, t->c->i.id, at, auth_actor(t->r),
                                                      "task", note);
    return rc;
}

/* POST /api/v1/initiatives/{id}/decision {outcome, reason, lead, due}: after a complete round;
 * a selected initiative becomes a task led by LEAD (due DUE, if given). */
void api_initiative_decide(struct req *r)
{
    struct ini *c = load_for_staff(r);
    if (!c) return;
    const char *outcome, *reason, *lead, *due;
    struct field_spec spec[] = {
        {"outcome", F_STRING, true, 20, &outcome},
        {"reason", F_STRING, true, 4000, &reason},
        {"lead", F_STRING, false, CODE_MAX - 1, &lead},
        {"due", F_DATE, false, 10, &due},
        {0},
    };
    if (!input_parse(r, spec)) return;
    bool selected = !strcmp(outcome, "selected");
    if (!selected && strcmp(outcome, "not_selected")) {
        reply_error(r, 400, "validation_failed", "outcome", "outcome is selected or not_selected");
        return;
    }
    if (selected && (!lead || !*lead)) {
        reply_error(r, 400, "validation_failed", "lead",
                    "a selected initiative needs the unit that leads its implementation");
        return;
    }
    if (!require_stage(r, &c->i, ACTION_DECIDE, "the decision")) return;
    struct initiative_scores tmp[MEMBERS_CAP];
    int scored = round_scores(c, c->i.round, tmp, MEMBERS_CAP), eligible = eligible_members(c);
    if (!initiative_round_complete(eligible, scored)) {
        reply_error(r, 409, "round_incomplete", "scores",
                    "round %d has %d of %d members' scores (at least %d needed): every member "
                    "without a conflict scores before the decision", c->i.round, scored,
                    eligible, INITIATIVE_COUNCIL_MIN);
        return;
    }
    char now[ISO_TIME_LEN], today[ISO_DATE_LEN];
    util_now_iso(now);
    util_today(today);
    struct transition t = {.r = r, .c = c, .after = c->i, .action = "decide",
                           .event = outcome, .note = reason, .extra = decision_extra};
    t.after.stage = outcome;
    t.after.decided_at = now;
    t.after.decided_by = auth_actor(r);
    t.after.decision_reason = reason;
    struct decision_data d = {0};
    if (selected) {
        struct unit u, office;
        if (r->st->unit_get(r->st, lead, NULL, &u) != ST_OK || !u.active) {
            reply_error(r, 400, "validation_failed", "lead", "no unit %s", lead);
            return;
        }
        if (due && strcmp(due, today) < 0) {
            reply_error(r, 400, "validation_failed", "due", "due (%s) is before today (%s)",
                        due, today);
            return;
        }
        d.lead = u.id;
        struct task *k = &d.task;
        size_t n = strlen(c->i.code) + strlen(c->i.solution) + 64;
        char *text = req_alloc(r, n);
        snprintf(text, n, "Sáng kiến đột phá %s: %s", c->i.code, c->i.solution);
        k->key = c->i.code;
        k->title = c->i.title;
        k->text = text;
        k->section = "";
        k->expected_output = c->i.impact;
        k->deadline_text = "";
        k->deadline_kind = due ? "date" : "none";
        k->due = due ? due : "";
        k->period = "";
        k->start_date = today;
        k->block = "";
        k->criteria = "";
        k->created_at = now;
        k->created_by = auth_actor(r);
        if (r->st->unit_get(r->st, "TW-VPTW", NULL, &office) == ST_OK)
            k->assigner_id = office.id;
        d.folded = task_search_folded(k);
        t.data = &d;
    }
    run_transition(r, &t, 200);
    free(d.folded);
}
