/* /api/v1/values: indicator values entered by units, one at a time or as a whole form for a
 * period, with the period's approval (DHIS2-style: an approved form is locked until
 * un-approved), data-quality flags, and completeness across indicators. Every write goes through
 * value_apply(), which checks the lock and the version the client started from (offline entry
 * sends it, so a value changed meanwhile is reported as a conflict, never overwritten), flags
 * outliers, rolls the value up the tree in the same transaction and audits it. */
#include "api.h"
#include "api_values.h"
#include "audit.h"
#include "auth.h"
#include "indicator.h"
#include "rollup.h"
#include "text.h"
#include "util.h"
#include "views.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WRITERS (ROLE_ADMIN | ROLE_STANDING_OFFICE | ROLE_LEADER | ROLE_REPORTER)
#define APPROVERS (ROLE_ADMIN | ROLE_STANDING_OFFICE | ROLE_LEADER)
#define FORM_MAX 100

/* ---- preparing and applying one value ---- */

static bool fail(struct value_job *j, int status, const char *code, const char *field,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static bool fail(struct value_job *j, int status, const char *code, const char *field,
                 const char *fmt, ...)
{
    j->status = status;
    j->code = code;
    j->field = field;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(j->message, sizeof j->message, fmt, ap);
    va_end(ap);
    return false;
}

bool value_prepare(struct store *st, const struct principal *who, struct value_job *j)
{
    if (!(who->role & WRITERS))
        return fail(j, 403, "forbidden", NULL, "your role does not enter indicator values");
    enum store_rc rc = indicator_find(st, j->in.indicator, &j->ind);
    if (rc != ST_OK)
        return rc == ST_NOT_FOUND ? fail(j, 400, "validation_failed", "indicator",
                                         "no indicator %s", j->in.indicator)
                                  : fail(j, 503, "unavailable", NULL, "database busy");
    if (st->unit_get(st, j->in.unit, NULL, &j->unit) != ST_OK)
        return fail(j, 400, "validation_failed", "unit", "no unit %s", j->in.unit);
    if (!auth_in_scope(who, j->unit.path))
        return fail(j, 403, "forbidden", "unit", "unit %s is outside your scope", j->unit.code);
    if (!period_parse(j->in.period, j->ind.i.period_type, &j->period))
        return fail(j, 400, "validation_failed", "period",
                    "indicator %s is reported by %s: write the period like %s",
                    j->ind.i.code, j->ind.i.period_type,
                    !strcmp(j->ind.i.period_type, "month")     ? "2025-07"
                    : !strcmp(j->ind.i.period_type, "quarter") ? "2025Q3"
                    : !strcmp(j->ind.i.period_type, "half")    ? "2025S2"
                                                               : "2025");
    if (!ind_reports(j->ind.i.reporters, j->unit.kind, j->unit.code))
        return fail(j, 400, "validation_failed", "unit",
                    "unit %s (%s) does not report indicator %s (reported by %s)", j->unit.code,
                    j->unit.kind, j->ind.i.code, j->ind.i.reporters);
    /* The unit must have existed during the period. */
    if (strcmp(j->unit.valid_from, j->period.to) > 0 ||
        (*j->unit.valid_to && strcmp(j->unit.valid_to, j->period.from) < 0))
        return fail(j, 400, "validation_failed", "period",
                    "unit %s did not exist in %s", j->unit.code, j->period.code);
    char today[ISO_DATE_LEN];
    util_today(today);
    if (strcmp(j->period.from, today) > 0)
        return fail(j, 400, "validation_failed", "period", "period %s has not started",
                    j->period.code);
    j->v = (struct ivalue){.indicator_id = j->ind.i.id, .unit_id = j->unit.id,
                           .period = j->period.code, .value = j->in.value,
                           .numerator = j->in.numerator, .denominator = j->in.denominator,
                           .source = j->in.source ? j->in.source : ""};
    const char *field, *why;
    if (!ind_value_check(&j->ind.i, &j->v, &field, &why))
        return fail(j, 400, "validation_failed", field, "%s: %s", j->ind.i.code, why);
    return true;
}

/* ---- flags ---- */

struct sample { double v[64]; int n; const char *self_path; size_t depth; };
static size_t depth_of(const char *path)
{
    size_t d = 0;
    for (; *path; path++) d += *path == '/';
    return d;
}
static void take_history(void *ctx, const struct ivalue *v)
{
    struct sample *s = ctx;
    if (s->n < 64) s->v[s->n++] = v->value;
}
static void take_peer(void *ctx, const struct ivalue *v)
{
    struct sample *s = ctx;
    if (s->n < 64 && strcmp(v->unit_path, s->self_path) != 0 && depth_of(v->unit_path) == s->depth)
        s->v[s->n++] = v->value;
}
/* A store callback: *CTX (a json_t *) becomes the value's view. */
static void take_saved(void *ctx, const struct ivalue *v)
{
    *(json_t **)ctx = view_value(v);
}

void value_copy(void *ctx, const struct ivalue *v)
{
    struct ivalue *o = ctx;
    *o = *v;
    o->indicator_code = o->unit_code = o->unit_name = o->unit_path = o->period = "";
    o->source = o->flags = o->first_day = o->updated_at = o->updated_by = "";
}

/* Flags V: far from the unit's own last 12 periods or from its peers (units under the same
 * parent) this period, or above the whole it is a part of. */
static enum store_rc flag(struct store *st, struct value_job *j)
{
    j->flags[0] = 0;
    struct period from = j->period, prev;
    for (int i = 0; i < 12; i++) {
        period_prev(&from, &prev);
        from = prev;
    }
    period_prev(&j->period, &prev);
    struct sample hist = {.n = 0};
    struct value_query q = {.indicator_id = j->ind.i.id, .unit_id = j->unit.id,
                            .period_from = from.code, .period_to = prev.code};
    enum store_rc rc = st->value_list(st, &q, take_history, &hist);
    if (rc == ST_OK && ind_outlier(j->v.value, hist.v, hist.n, 4))
        strcat(j->flags, "history_outlier;");
    if (rc == ST_OK && j->unit.parent_id) {
        struct unit parent;
        rc = st->unit_get_by_id(st, j->unit.parent_id, &parent);
        struct sample peers = {.n = 0, .self_path = j->unit.path, .depth = depth_of(j->unit.path)};
        struct value_query pq = {.indicator_id = j->ind.i.id, .scope_path = parent.path,
                                 .period = j->period.code};
        if (rc == ST_OK) rc = st->value_list(st, &pq, take_peer, &peers);
        if (rc == ST_OK && ind_outlier(j->v.value, peers.v, peers.n, 5))
            strcat(j->flags, "peer_outlier;");
    }
    if (rc == ST_OK && *j->ind.i.part_of_code) {
        int64_t whole_id;
        struct ivalue whole;
        rc = st->indicator_id(st, j->ind.i.part_of_code, &whole_id);
        if (rc == ST_OK) {
            rc = st->value_get(st, whole_id, j->unit.id, j->period.code, value_copy, &whole);
            if (rc == ST_OK && j->v.value > whole.value) strcat(j->flags, "exceeds_whole;");
            if (rc == ST_NOT_FOUND) rc = ST_OK;
        }
    }
    size_t n = strlen(j->flags);
    if (n) j->flags[n - 1] = 0;
    return rc;
}

static const char *flag_message(const char *code)
{
    if (!strcmp(code, "history_outlier")) return "far from this unit's own recent values";
    if (!strcmp(code, "peer_outlier")) return "far from the values of the units beside it";
    if (!strcmp(code, "exceeds_whole")) return "above the whole it is a part of";
    return code;
}
json_t *value_warnings(const char *flags)
{
    json_t *codes = view_list(flags), *w = value_warnings_from_array(codes);
    json_decref(codes);
    return w;
}

struct state_copy { bool found; char state[16]; char comment[512]; };
static void copy_state(void *ctx, const struct value_period *p)
{
    struct state_copy *s = ctx;
    s->found = true;
    util_copy(s->state, sizeof s->state, p->state);
    util_copy(s->comment, sizeof s->comment, p->comment);
}

static json_t *audit_view(const struct ivalue *v)
{
    return json_pack("{s:o, s:o, s:o, s:s}", "value", view_number(v->value), "numerator",
                     view_number(v->numerator), "denominator", view_number(v->denominator), "source",
                     v->source ? v->source : "");
}

enum store_rc value_apply(struct store *st, const char *actor, struct value_job *j)
{
    struct state_copy s = {false, "", ""};
    enum store_rc rc = st->value_period_get(st, j->unit.id, j->period.code, copy_state, &s);
    if (rc == ST_NOT_FOUND) rc = ST_OK;
    if (rc != ST_OK) return rc;
    if (s.found && strcmp(s.state, "approved") == 0) {
        fail(j, 409, "locked", "period", "the %s form of %s is approved: un-approve it to change "
             "it", j->period.code, j->unit.code);
        return ST_CONFLICT;
    }
    struct ivalue old;
    bool had = false;
    j->current = NULL;
    rc = st->value_get(st, j->ind.i.id, j->unit.id, j->period.code, value_copy, &old);
    if (rc == ST_OK) had = true;
    else if (rc != ST_NOT_FOUND) return rc;
    if (j->in.base_version >= 0 && (had ? old.version : 0) != j->in.base_version) {
        fail(j, 409, "version_conflict", "base_version",
             "%s of %s for %s was changed by someone else (version %lld, you started from %lld)",
             j->ind.i.code, j->unit.code, j->period.code, (long long)(had ? old.version : 0),
             (long long)j->in.base_version);
        if (had) st->value_get(st, j->ind.i.id, j->unit.id, j->period.code, take_saved,
                               &j->current);
        return ST_CONFLICT;
    }
    char today[ISO_DATE_LEN], due[ISO_DATE_LEN], now[ISO_TIME_LEN];
    util_today(today);
    util_now_iso(now);
    period_due(&j->period, j->ind.i.due_days, due);
    rc = flag(st, j);
    if (rc != ST_OK) return rc;
    j->v.flags = j->flags;
    j->v.late = had ? old.late : strcmp(today, due) > 0;
    j->v.first_day = today;     /* kept from the first entry by the store */
    j->v.updated_at = now;
    j->v.updated_by = actor;
    rc = rollup_put(st, &j->ind.i, j->unit.path, had ? &old : NULL, &j->v);
    if (rc != ST_OK) return rc;
    char id[160];
    snprintf(id, sizeof id, "%s/%s/%s", j->ind.i.code, j->unit.code, j->period.code);
    json_t *before = had ? audit_view(&old) : NULL, *after = audit_view(&j->v);
    rc = audit_append(st, actor, had ? "update" : "create", "value", id, before, after);
    json_decref(before);
    json_decref(after);
    return rc == ST_OK ? st->generation_bump(st, "indicators") : rc;
}

/* Replies with J's failure. */
static void reply_job(struct req *r, struct value_job *j)
{
    if (j->status == 503) { reply_store_error(r, ST_BUSY, "value"); return; }
    reply_error(r, j->status, j->code, j->field, "%s", j->message);
}

static json_t *saved_json(struct store *st, const struct value_job *j)
{
    json_t *saved = NULL;
    st->value_get(st, j->ind.i.id, j->unit.id, j->period.code, take_saved, &saved);
    if (!saved) return json_null();
    json_object_set_new(saved, "warnings", value_warnings(j->flags));
    return saved;
}

/* Reads one value object (PUT body or a form item) into J->in. */
static bool parse_value(struct req *r, json_t *obj, const char *prefix, struct value_job *j,
                        bool need_keys)
{
    long base;
    struct field_spec spec[] = {
        {"indicator", F_STRING, need_keys, 40, &j->in.indicator},
        {"unit", F_STRING, need_keys, 40, &j->in.unit},
        {"period", F_STRING, need_keys, 8, &j->in.period},
        {"value", F_NUMBER, false, 0, &j->in.value},
        {"numerator", F_NUMBER, false, 0, &j->in.numerator},
        {"denominator", F_NUMBER, false, 0, &j->in.denominator},
        {"source", F_STRING, false, 500, &j->in.source},
        {"base_version", F_INT, false, 1000000000, &base},
        {0},
    };
    if (!input_object(r, obj, spec, prefix)) return false;
    j->in.base_version = base == F_INT_ABSENT ? -1 : base;
    return true;
}

struct one_tx { struct req *r; struct value_job *j; };
static enum store_rc one_write(struct store *st, void *ctx)
{
    struct one_tx *t = ctx;
    return value_apply(st, auth_actor(t->r), t->j);
}

/* PUT /api/v1/values {indicator, unit, period, value | numerator+denominator, source?,
 * base_version?} */
void api_values_put(struct req *r)
{
    struct value_job *j = calloc(1, sizeof *j);
    if (!j) { reply_store_error(r, ST_ERROR, "value"); return; }
    json_t *root = input_json(r);
    bool ok = root && parse_value(r, root, NULL, j, true);
    json_decref(root);
    if (!ok) { free(j); return; }
    if (!value_prepare(r->st, &r->who, j)) { reply_job(r, j); free(j); return; }
    struct one_tx t = {r, j};
    enum store_rc rc = store_tx(r->st, one_write, &t);
    if (rc == ST_CONFLICT && j->status) {
        json_t *err = json_pack("{s:{s:s, s:s, s:s, s:o}}", "error", "code", j->code, "message",
                                j->message, "field", j->field ? j->field : "", "current",
                                j->current ? j->current : json_null());
        if (!j->field) json_object_set_new(json_object_get(err, "error"), "field", json_null());
        reply_json(r, 409, err);
    } else if (rc != ST_OK) {
        reply_store_error(r, rc, "value");
    } else {
        reply_json(r, 200, saved_json(r->st, j));
    }
    free(j);
}

/* ---- delete ---- */

struct del_ctx { struct req *r; struct indicator_buf ind; struct ivalue v; char path[PATH_MAX_BYTES];
                 char unit[CODE_MAX], period[12], code[64]; bool locked; };
static void copy_for_delete(void *ctx, const struct ivalue *v)
{
    struct del_ctx *d = ctx;
    d->v = *v;
    util_copy(d->path, sizeof d->path, v->unit_path);
    util_copy(d->unit, sizeof d->unit, v->unit_code);
    util_copy(d->period, sizeof d->period, v->period);
    util_copy(d->code, sizeof d->code, v->indicator_code);
    d->v.unit_path = d->path;
    d->v.unit_code = d->unit;
    d->v.period = d->period;
    d->v.indicator_code = d->code;
    d->v.source = d->v.flags = d->v.first_day = d->v.updated_at = d->v.updated_by = "";
    d->v.unit_name = "";
}
static enum store_rc delete_write(struct store *st, void *ctx)
{
    struct del_ctx *d = ctx;
    struct state_copy s = {false, "", ""};
    enum store_rc rc = st->value_period_get(st, d->v.unit_id, d->period, copy_state, &s);
    if (rc == ST_NOT_FOUND) rc = ST_OK;
    if (rc == ST_OK && s.found && !strcmp(s.state, "approved")) {
        d->locked = true;
        return ST_CONFLICT;
    }
    /* Read again under the transaction: the value found before it may have been changed
     * since (by another server on the same database), and the roll-ups must lose what is
     * stored now. */
    if (rc == ST_OK)
        rc = st->value_get(st, d->v.indicator_id, d->v.unit_id, d->period, copy_for_delete, d);
    if (rc == ST_OK) rc = rollup_delete(st, &d->ind.i, d->path, &d->v);
    if (rc != ST_OK) return rc;
    char id[160];
    snprintf(id, sizeof id, "%s/%s/%s", d->code, d->unit, d->period);
    json_t *before = audit_view(&d->v);
    rc = audit_append(st, auth_actor(d->r), "delete", "value", id, before, NULL);
    json_decref(before);
    return rc == ST_OK ? st->generation_bump(st, "indicators") : rc;
}

/* DELETE /api/v1/values/{id} */
void api_value_delete(struct req *r)
{
    if (!(r->who.role & WRITERS)) {
        reply_error(r, 403, "forbidden", NULL, "your role does not enter indicator values");
        return;
    }
    struct del_ctx *d = calloc(1, sizeof *d);
    if (!d) { reply_store_error(r, ST_ERROR, "value"); return; }
    d->r = r;
    char *end;
    long long id = strtoll(r->param[0], &end, 10);
    bool found = false;
    if (!*end && id > 0) {
        struct value_query q = {.after_id = id - 1, .limit = 1};
        r->st->value_list(r->st, &q, copy_for_delete, d);
        found = d->v.id == id;
    }
    if (!found || !auth_in_scope(&r->who, d->path)) {
        reply_error(r, 404, "not_found", NULL, "no value %s", r->param[0]);
        free(d);
        return;
    }
    enum store_rc rc = indicator_find(r->st, d->code, &d->ind);
    if (rc == ST_OK) rc = store_tx(r->st, delete_write, d);
    if (d->locked)
        reply_error(r, 409, "locked", "period", "the %s form of %s is approved: un-approve it to "
                    "change it", d->period, d->unit);
    else if (rc != ST_OK) reply_store_error(r, rc, "value");
    else reply_empty(r, 204);
    free(d);
}

/* ---- list ---- */

struct list_ctx { json_t *items; int n; int64_t last; bool flagged; };
static void list_one(void *ctx, const struct ivalue *v)
{
    struct list_ctx *l = ctx;
    l->n++;
    l->last = v->id;
    if (l->flagged && !*v->flags) return;
    json_array_append_new(l->items, view_value(v));
}

/* GET /api/v1/values?indicator=&unit=&period=&from=&to=&cursor=&limit=: values of the unit and
 * everything below it. */
void api_values_list(struct req *r)
{
    int limit = req_limit(r);
    if (limit < 0) return;
    const char *after = cursor_decode(r);
    if (req_query(r, "cursor") && !after) return;
    struct unit u;
    if (!unit_param(r, "unit", &u)) return;
    struct value_query q = {.scope_path = u.path, .limit = limit,
                            .period = req_query(r, "period"), .period_from = req_query(r, "from"),
                            .period_to = req_query(r, "to")};
    if (after) q.after_id = strtoll(after, NULL, 10);
    const char *code = req_query(r, "indicator");
    if (code) {
        struct indicator_buf b;
        if (!indicator_load(r, code, &b)) return;
        q.indicator_id = b.i.id;
    }
    struct list_ctx l = {.items = json_array()};
    enum store_rc rc = r->st->value_list(r->st, &q, list_one, &l);
    if (rc != ST_OK) { json_decref(l.items); reply_store_error(r, rc, "values"); return; }
    char next[24];
    snprintf(next, sizeof next, "%lld", (long long)l.last);
    reply_json(r, 200, page_json(l.items, l.n == limit ? next : NULL));
}

/* GET /api/v1/values/flags?unit=&period=: flagged values to follow up, newest first pages. */
void api_values_flags(struct req *r)
{
    int limit = req_limit(r);
    if (limit < 0) return;
    const char *after = cursor_decode(r);
    if (req_query(r, "cursor") && !after) return;
    struct unit u;
    if (!unit_param(r, "unit", &u)) return;
    struct value_query q = {.scope_path = u.path, .limit = 2000,
                            .period = req_query(r, "period")};
    if (after) q.after_id = strtoll(after, NULL, 10);
    struct list_ctx l = {.items = json_array(), .flagged = true};
    enum store_rc rc = ST_OK;
    /* Scan in pages until LIMIT flagged values or the end. */
    for (;;) {
        l.n = 0;
        rc = r->st->value_list(r->st, &q, list_one, &l);
        if (rc != ST_OK || l.n < q.limit || (int)json_array_size(l.items) >= limit) break;
        q.after_id = l.last;
    }
    if (rc != ST_OK) { json_decref(l.items); reply_store_error(r, rc, "values"); return; }
    bool more = (int)json_array_size(l.items) >= limit;
    while ((int)json_array_size(l.items) > limit)
        json_array_remove(l.items, json_array_size(l.items) - 1);
    char next[24] = "";
    if (more) {
        json_t *lastv = json_array_get(l.items, json_array_size(l.items) - 1);
        snprintf(next, sizeof next, "%lld",
                 (long long)json_integer_value(json_object_get(lastv, "id")));
    }
    json_t *page = page_json(l.items, more ? next : NULL);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(page, "items"), i, v)
        json_object_set_new(v, "warnings",
                            value_warnings_from_array(json_object_get(v, "flags")));
    reply_json(r, 200, page);
}

json_t *value_warnings_from_array(json_t *flags)
{
    json_t *a = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(flags, i, c)
        json_array_append_new(a, json_pack("{s:s, s:s}", "code", json_string_value(c),
                                           "message", flag_message(json_string_value(c))));
    return a;
}

/* ---- forms: every indicator a unit reports for a period ---- */

struct due_list { const struct unit *u; char type; struct indicator_buf *items; int n, cap; };
static void due_one(void *ctx, const struct indicator *i)
{
    struct due_list *d = ctx;
    if (!ind_reports(i->reporters, d->u->kind, d->u->code)) return;
    const char *t = i->period_type;
    char letter = !strcmp(t, "month") ? 'm' : !strcmp(t, "quarter") ? 'q' : !strcmp(t, "half")
                                                                              ? 'h' : 'y';
    if (letter != d->type || d->n == d->cap) return;
    indicator_hold(&d->items[d->n++], i);
}
/* The indicators UNIT reports for periods of P's type (at most FORM_MAX). */
static enum store_rc due_indicators(struct store *st, const struct unit *u,
                                    const struct period *p, struct due_list *d)
{
    d->u = u;
    d->type = p->type;
    d->cap = FORM_MAX;
    d->n = 0;
    d->items = calloc(FORM_MAX, sizeof *d->items);
    if (!d->items) return ST_ERROR;
    return st->indicator_list(st, 0, NULL, NULL, due_one, d);
}

static bool form_params(struct req *r, const char *unit, const char *period, struct unit *u,
                        struct period *p)
{
    if (!unit || r->st->unit_get(r->st, unit, NULL, u) != ST_OK) {
        reply_error(r, 400, "validation_failed", "unit", "no unit %s", unit ? unit : "");
        return false;
    }
    if (!auth_require_scope(r, u)) return false;
    if (!period || !period_parse(period, NULL, p)) {
        reply_error(r, 400, "validation_failed", "period",
                    "period is a month 2025-07, a quarter 2025Q3, a half-year 2025S2 or a year "
                    "2025");
        return false;
    }
    return true;
}

static json_t *state_json(struct store *st, const struct unit *u, const struct period *p)
{
    json_t *o = NULL;
    struct state_copy s = {false, "", ""};
    st->value_period_get(st, u->id, p->code, copy_state, &s);
    o = json_pack("{s:s, s:s}", "state", s.found ? s.state : "draft", "comment", s.comment);
    json_object_set_new(o, "locked", json_boolean(s.found && !strcmp(s.state, "approved")));
    return o;
}

/* GET /api/v1/values/form?unit=&period= */
void api_values_form_get(struct req *r)
{
    struct unit u;
    struct period p;
    if (!form_params(r, req_query(r, "unit"), req_query(r, "period"), &u, &p)) return;
    struct due_list d;
    enum store_rc rc = due_indicators(r->st, &u, &p, &d);
    json_t *items = json_array();
    for (int i = 0; rc == ST_OK && i < d.n; i++) {
        json_t *saved = NULL;
        rc = r->st->value_get(r->st, d.items[i].i.id, u.id, p.code, take_saved, &saved);
        if (rc == ST_NOT_FOUND) rc = ST_OK;
        json_t *ind = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:o, s:f}", "code",
                                d.items[i].i.code, "name", d.items[i].i.name, "unit_of_measure",
                                d.items[i].i.unit_of_measure, "value_type",
                                d.items[i].i.value_type, "direction", d.items[i].i.direction,
                                "required", d.items[i].i.required, "part_of",
                                *d.items[i].i.part_of_code ? json_string(d.items[i].i.part_of_code)
                                                           : json_null(),
                                "ratio_scale", d.items[i].i.ratio_scale);
        if (saved)
            json_object_set_new(saved, "warnings",
                                value_warnings_from_array(json_object_get(saved, "flags")));
        char due[ISO_DATE_LEN];
        period_due(&p, d.items[i].i.due_days, due);
        json_array_append_new(items, json_pack("{s:o, s:o, s:s}", "indicator", ind, "value",
                                               saved ? saved : json_null(), "due", due));
    }
    free(d.items);
    if (rc != ST_OK) { json_decref(items); reply_store_error(r, rc, "form"); return; }
    reply_json(r, 200, json_pack("{s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:o, s:o}", "unit", "code",
                                 u.code, "name", u.name, "kind", u.kind, "period", p.code, "from",
                                 p.from, "to", p.to, "state", state_json(r->st, &u, &p), "items",
                                 items));
}

struct form_tx { struct req *r; struct value_job *jobs; int n; json_t *conflicts; };
static enum store_rc form_write(struct store *st, void *ctx)
{
    struct form_tx *f = ctx;
    json_decref(f->conflicts);
    f->conflicts = json_array();
    enum store_rc rc = ST_OK;
    for (int i = 0; i < f->n; i++) {
        f->jobs[i].status = 0;
        enum store_rc one = value_apply(st, auth_actor(f->r), &f->jobs[i]);
        if (one == ST_CONFLICT && f->jobs[i].status) {
            json_array_append_new(f->conflicts,
                                  json_pack("{s:s, s:s, s:s, s:o}", "indicator",
                                            f->jobs[i].ind.i.code, "code", f->jobs[i].code,
                                            "message", f->jobs[i].message, "current",
                                            f->jobs[i].current ? f->jobs[i].current
                                                               : json_null()));
            f->jobs[i].current = NULL;
            rc = ST_CONFLICT;
            continue;
        }
        if (one != ST_OK) return one;
    }
    return rc;
}

/* POST /api/v1/values/form {unit, period, values: [{indicator, value | numerator+denominator,
 * source?, base_version?}]}: all saved or none; conflicts listed with the values in the way. */
void api_values_form_post(struct req *r)
{
    json_t *root = input_json(r);
    if (!root) return;
    const char *unit = NULL, *period = NULL;
    json_t *values = json_object_get(root, "values");
    if (values) json_incref(values), json_object_del(root, "values");
    struct field_spec spec[] = {
        {"unit", F_STRING, true, 40, &unit},
        {"period", F_STRING, true, 8, &period},
        {0},
    };
    bool ok = input_object(r, root, spec, NULL);
    json_decref(root);
    if (ok && (!json_is_array(values) || json_array_size(values) == 0 ||
               json_array_size(values) > FORM_MAX)) {
        reply_error(r, 400, "validation_failed", "values",
                    "values is an array of 1-%d values", FORM_MAX);
        ok = false;
    }
    struct form_tx f = {.r = r, .n = ok ? (int)json_array_size(values) : 0};
    f.jobs = ok ? calloc((size_t)f.n, sizeof *f.jobs) : NULL;
    for (int i = 0; ok && i < f.n; i++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "values[%d]", i);
        struct value_job *j = &f.jobs[i];
        ok = parse_value(r, json_array_get(values, (size_t)i), req_strdup(r, prefix), j, false);
        if (!ok) break;
        if (!j->in.indicator) {
            reply_error(r, 400, "validation_failed", req_strdup(r, prefix),
                        "%s.indicator is required", prefix);
            ok = false;
            break;
        }
        for (int k = 0; k < i; k++)
            if (!strcmp(f.jobs[k].in.indicator, j->in.indicator)) {
                reply_error(r, 400, "validation_failed", req_strdup(r, prefix),
                            "indicator %s appears twice", j->in.indicator);
                ok = false;
            }
        if (!ok) break;
        j->in.unit = unit;
        j->in.period = period;
        if (!value_prepare(r->st, &r->who, j)) {
            char field[64];
            snprintf(field, sizeof field, "%s.%s", prefix, j->field ? j->field : "value");
            reply_error(r, j->status, j->code, req_strdup(r, field), "%s", j->message);
            ok = false;
        }
    }
    json_decref(values);
    if (!ok) { free(f.jobs); return; }
    enum store_rc rc = store_tx(r->st, form_write, &f);
    if (rc == ST_CONFLICT && json_array_size(f.conflicts)) {
        reply_json(r, 409, json_pack("{s:{s:s, s:s, s:s, s:O}}", "error", "code", "conflict",
                                     "message", "nothing was saved: some values changed since "
                                     "you started, or the form is approved", "field", "values",
                                     "conflicts", f.conflicts));
    } else if (rc != ST_OK) {
        reply_store_error(r, rc, "form");
    } else {
        json_t *items = json_array();
        for (int i = 0; i < f.n; i++) json_array_append_new(items, saved_json(r->st, &f.jobs[i]));
        reply_json(r, 200, json_pack("{s:o}", "items", items));
    }
    json_decref(f.conflicts);
    free(f.jobs);
}

/* ---- approval ---- */

struct approval_tx { struct req *r; struct unit u; struct period p; const char *action,
                     *comment; struct state_copy was; char next[16]; };
static enum store_rc approval_write(struct store *st, void *ctx)
{
    struct approval_tx *a = ctx;
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    struct value_period vp = {.state = a->next, .comment = a->comment ? a->comment : "",
                              .at = now, .actor = auth_actor(a->r)};
    enum store_rc rc = st->value_period_set(st, a->u.id, a->p.code, &vp);
    if (rc != ST_OK) return rc;
    char id[80];
    snprintf(id, sizeof id, "%s/%s", a->u.code, a->p.code);
    json_t *before = json_pack("{s:s}", "state", a->was.found ? a->was.state : "draft");
    json_t *after = json_pack("{s:s, s:s}", "state", a->next, "comment", vp.comment);
    rc = audit_append(st, auth_actor(a->r), a->action, "value_period", id, before, after);
    json_decref(before);
    json_decref(after);
    return rc;
}

/* POST /api/v1/values/approval {unit, period, action: submit|approve|return|unapprove,
 * comment?} */
void api_values_approval(struct req *r)
{
    struct approval_tx *a = calloc(1, sizeof *a);
    if (!a) { reply_store_error(r, ST_ERROR, "approval"); return; }
    a->r = r;
    const char *unit, *period;
    struct field_spec spec[] = {
        {"unit", F_STRING, true, 40, &unit},
        {"period", F_STRING, true, 8, &period},
        {"action", F_STRING, true, 12, &a->action},
        {"comment", F_STRING, false, 1000, &a->comment},
        {0},
    };
    if (!input_parse(r, spec) || !form_params(r, unit, period, &a->u, &a->p)) { free(a); return; }
    const char *act = a->action;
    bool submit = !strcmp(act, "submit"), approve = !strcmp(act, "approve"),
         ret = !strcmp(act, "return"), unapprove = !strcmp(act, "unapprove");
    if (!submit && !approve && !ret && !unapprove) {
        reply_error(r, 400, "validation_failed", "action",
                    "action is submit, approve, return or unapprove");
        free(a);
        return;
    }
    unsigned roles = submit ? WRITERS : APPROVERS;
    if (!(r->who.role & roles)) {
        reply_error(r, 403, "forbidden", "action", "your role cannot %s a form", act);
        free(a);
        return;
    }
    if (ret && (!a->comment || !*a->comment)) {
        reply_error(r, 400, "validation_failed", "comment", "say why the form is returned");
        free(a);
        return;
    }
    enum store_rc rc = r->st->value_period_get(r->st, a->u.id, a->p.code, copy_state, &a->was);
    if (rc != ST_OK && rc != ST_NOT_FOUND) { reply_store_error(r, rc, "approval"); free(a); return; }
    const char *state = a->was.found ? a->was.state : "draft";
    const char *want = submit ? "draft|returned" : approve ? "submitted" : ret ? "submitted|approved"
                                                                             : "approved";
    char pat[32];
    snprintf(pat, sizeof pat, "|%s|", want);
    char me[24];
    snprintf(me, sizeof me, "|%s|", state);
    if (!strstr(pat, me)) {
        reply_error(r, 409, "invalid_state", "action", "the %s form of %s is %s: it cannot be "
                    "%s", a->p.code, a->u.code, state, submit ? "submitted" : approve ? "approved"
                    : ret ? "returned" : "un-approved");
        free(a);
        return;
    }
    if (submit) {
        /* Every required value must be there. */
        struct due_list d;
        rc = due_indicators(r->st, &a->u, &a->p, &d);
        char missing[600] = "";
        for (int i = 0; rc == ST_OK && i < d.n; i++) {
            if (!d.items[i].i.required) continue;
            json_t *saved = NULL;
            enum store_rc g = r->st->value_get(r->st, d.items[i].i.id, a->u.id, a->p.code,
                                               take_saved, &saved);
            if (g == ST_NOT_FOUND) {
                size_t n = strlen(missing);
                snprintf(missing + n, sizeof missing - n, "%s%s", n ? ", " : "", d.items[i].i.code);
            } else if (g != ST_OK) {
                rc = g;
            }
            json_decref(saved);
        }
        free(d.items);
        if (rc == ST_OK && *missing) {
            reply_error(r, 400, "validation_failed", "values", "required values are missing: %s",
                        missing);
            free(a);
            return;
        }
    }
    util_copy(a->next, sizeof a->next, submit ? "submitted" : approve ? "approved"
                                               : ret ? "returned" : "submitted");
    if (rc == ST_OK) rc = store_tx(r->st, approval_write, a);
    if (rc != ST_OK) reply_store_error(r, rc, "approval");
    else reply_json(r, 200, json_pack("{s:{s:s, s:s}, s:s, s:o}", "unit", "code", a->u.code,
                                      "name", a->u.name, "period", a->p.code, "state",
                                      state_json(r->st, &a->u, &a->p)));
    free(a);
}

/* ---- completeness across indicators ---- */

struct all_ctx { const struct period *p; struct indicator_buf *items; int n, cap; };
static void all_one(void *ctx, const struct indicator *i)
{
    struct all_ctx *a = ctx;
    struct period pp;
    if (a->n < a->cap && period_parse(a->p->code, i->period_type, &pp) && *i->reporters)
        indicator_hold(&a->items[a->n++], i);
}

/* GET /api/v1/values/completeness?unit=&period=: for each indicator reported by periods of that
 * type, how many units below were due, reported, late, missing. */
void api_values_completeness(struct req *r)
{
    struct unit u;
    if (!unit_param(r, "unit", &u)) return;
    struct period p;
    const char *period = req_query(r, "period");
    if (!period || !period_parse(period, NULL, &p)) {
        reply_error(r, 400, "validation_failed", "period",
                    "period is a month 2025-07, a quarter 2025Q3, a half-year 2025S2 or a year");
        return;
    }
    struct all_ctx a = {.p = &p, .cap = FORM_MAX};
    a.items = calloc(FORM_MAX, sizeof *a.items);
    enum store_rc rc = a.items ? r->st->indicator_list(r->st, 0, NULL, NULL, all_one, &a)
                               : ST_ERROR;
    json_t *items = json_array();
    int expected = 0, reported = 0, late = 0;
    for (int i = 0; rc == ST_OK && i < a.n; i++) {
        json_t *c = indicator_completeness_json(r->st, &a.items[i].i, &u, p.code, NULL, NULL, 0,
                                                false);
        if (!c) { rc = ST_ERROR; break; }
        if (json_integer_value(json_object_get(c, "expected")) == 0) { json_decref(c); continue; }
        expected += (int)json_integer_value(json_object_get(c, "expected"));
        reported += (int)json_integer_value(json_object_get(c, "reported"));
        late += (int)json_integer_value(json_object_get(c, "late"));
        json_object_set_new(c, "indicator", json_pack("{s:s, s:s}", "code", a.items[i].i.code,
                                                      "name", a.items[i].i.name));
        json_array_append_new(items, c);
    }
    free(a.items);
    if (rc != ST_OK) { json_decref(items); reply_store_error(r, rc, "completeness"); return; }
    reply_json(r, 200, json_pack("{s:{s:s, s:s}, s:s, s:i, s:i, s:i, s:i, s:o, s:o}", "unit",
                                 "code", u.code, "name", u.name, "period", p.code, "expected",
                                 expected, "reported", reported, "late", late, "missing",
                                 expected - reported, "rate",
                                 expected ? json_real(round(reported * 1000.0 / expected) / 10)
                                          : json_null(),
                                 "indicators", items));
}
