/* /api/v1/indicators: definitions with their targets, and what the values say at any unit:
 * evaluation against the path to target, the units below ranked, and completeness
 * (SPEC "Indicators"; the rules are in indicator.c and docs/rules.md). */
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- views ---- */

static void collect_target(void *ctx, const struct indicator_target *t)
{
    json_array_append_new(ctx, json_pack("{s:i, s:s, s:o, s:o, s:s}", "year", t->year,
                                         "comparator", t->comparator, "value",
                                         view_number(t->value), "value_high",
                                         view_number(t->value_high), "text", t->text));
}

json_t *indicator_json(struct store *st, const struct indicator *i)
{
    json_t *targets = json_array();
    st->targets_list(st, i->id, collect_target, targets);
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:f, s:f, s:i, s:o, s:b, "
        "s:s, s:o}",
        "code", i->code, "name", i->name, "unit_of_measure", i->unit_of_measure, "programme",
        i->programme_code, "document", i->document_key, "goal", i->goal, "direction",
        i->direction, "value_type", i->value_type, "aggregation", i->aggregation, "period_type",
        i->period_type, "reporters", view_list(i->reporters), "baseline",
        i->baseline_year && !isnan(i->baseline_value)
            ? json_pack("{s:i, s:o}", "year", i->baseline_year, "value",
                        view_number(i->baseline_value))
            : json_null(),
        "near_tolerance",
        isnan(i->near_tolerance) ? IND_NEAR_DEFAULT : i->near_tolerance, "ratio_scale",
        i->ratio_scale, "due_days", i->due_days, "part_of",
        *i->part_of_code ? json_string(i->part_of_code) : json_null(), "required", i->required,
        "quote", i->quote, "targets", targets);
    return o;
}

/* Loads the indicator with CODE into B; replies 404 and returns false when there is none. */
struct hold_ctx { struct indicator_buf *b; bool found; };
static void hold_one(void *ctx, const struct indicator *i)
{
    struct hold_ctx *h = ctx;
    indicator_hold(h->b, i);
    h->found = true;
}
enum store_rc indicator_find(struct store *st, const char *code, struct indicator_buf *b)
{
    int64_t id;
    enum store_rc rc = st->indicator_id(st, code, &id);
    struct hold_ctx h = {b, false};
    if (rc == ST_OK) rc = st->indicator_list(st, id, NULL, NULL, hold_one, &h);
    if (rc == ST_OK && !h.found) rc = ST_NOT_FOUND;
    return rc;
}
bool indicator_load(struct req *r, const char *code, struct indicator_buf *b)
{
    enum store_rc rc = code ? indicator_find(r->st, code, b) : ST_NOT_FOUND;
    if (rc == ST_NOT_FOUND) {
        reply_error(r, 404, "not_found", "indicator", "no indicator %s", code ? code : "");
        return false;
    }
    if (rc != ST_OK) {
        reply_store_error(r, rc, "indicator");
        return false;
    }
    return true;
}

/* The unit named by ?unit= (default: the caller's own), in scope; replies and returns false. */
bool unit_param(struct req *r, const char *name, struct unit *u)
{
    const char *code = req_query(r, name);
    if (!code) code = r->who.unit_code;
    if (r->st->unit_get(r->st, code, NULL, u) != ST_OK) {
        reply_error(r, 400, "validation_failed", name, "no unit %s", code);
        return false;
    }
    return auth_require_scope(r, u);
}

/* ---- list, create, update ---- */

struct list_ctx { struct store *st; json_t *items; };
static void list_one(void *ctx, const struct indicator *i)
{
    struct list_ctx *l = ctx;
    json_array_append_new(l->items, indicator_json(l->st, i));
}

/* GET /api/v1/indicators?q=&programme= */
void api_indicators_list(struct req *r)
{
    const char *q = req_query(r, "q");
    char *folded = q ? text_fold(q) : NULL;
    if (q && !folded) {
        reply_error(r, 400, "validation_failed", "q", "q is not valid text");
        return;
    }
    struct list_ctx l = {r->st, json_array()};
    enum store_rc rc = r->st->indicator_list(r->st, 0, folded, req_query(r, "programme"),
                                             list_one, &l);
    free(folded);
    if (rc != ST_OK) {
        json_decref(l.items);
        reply_store_error(r, rc, "indicators");
        return;
    }
    reply_json(r, 200, page_json(l.items, NULL));
}

/* GET /api/v1/indicators/{code} */
void api_indicator_get(struct req *r)
{
    struct indicator_buf b;
    if (!indicator_load(r, r->param[0], &b)) return;
    reply_json(r, 200, indicator_json(r->st, &b.i));
}

#define TARGETS_MAX 16
struct def_ctx {
    struct req *r;
    struct indicator_buf b;
    struct indicator_target targets[TARGETS_MAX];
    char target_text[TARGETS_MAX][400];
    int n_targets;              /* -1: unchanged */
    bool create;
    char old_type[12];
    int old_due_days;
    double old_scale;
};
static void count_value(void *ctx, const struct ivalue *v)
{
    (void)v;
    ++*(int *)ctx;
}

/* Reads "targets": [{year, comparator, value, value_high?, text?}]. */
static bool parse_targets(struct req *r, json_t *root, struct def_ctx *d)
{
    json_t *a = json_object_get(root, "targets");
    d->n_targets = -1;
    if (!a || json_is_null(a)) return true;
    if (!json_is_array(a) || json_array_size(a) > TARGETS_MAX) {
        reply_error(r, 400, "validation_failed", "targets",
                    "targets must be an array of at most %d objects", TARGETS_MAX);
        return false;
    }
    d->n_targets = 0;
    size_t i;
    json_t *item;
    json_array_foreach(a, i, item) {
        char prefix[40];
        snprintf(prefix, sizeof prefix, "targets[%zu]", i);
        long year;
        const char *cmp, *text;
        double value, high;
        struct field_spec spec[] = {
            {"year", F_INT, true, 2199, &year},
            {"comparator", F_STRING, true, 8, &cmp},
            {"value", F_NUMBER, true, 0, &value},
            {"value_high", F_NUMBER, false, 0, &high},
            {"text", F_STRING, false, 400, &text},
            {0},
        };
        if (!input_object(r, item, spec, req_strdup(r, prefix))) return false;
        if (year < 1990) {
            reply_error(r, 400, "validation_failed", req_strdup(r, prefix),
                        "%s.year must be 1990-2199", prefix);
            return false;
        }
        if (!ind_comparator_valid(cmp)) {
            reply_error(r, 400, "validation_failed", req_strdup(r, prefix),
                        "%s.comparator must be one of >= <= > < = between", prefix);
            return false;
        }
        if (strcmp(cmp, "between") == 0 && (isnan(high) || high < value)) {
            reply_error(r, 400, "validation_failed", req_strdup(r, prefix),
                        "%s: between needs value_high at or above value", prefix);
            return false;
        }
        for (int k = 0; k < d->n_targets; k++)
            if (d->targets[k].year == year) {
                reply_error(r, 400, "validation_failed", "targets", "two targets for %ld", year);
                return false;
            }
        int k = d->n_targets++;
        util_copy(d->target_text[k], sizeof d->target_text[k], text ? text : "");
        d->targets[k] = (struct indicator_target){
            .year = (int)year, .comparator = req_strdup(r, cmp), .value = value,
            .value_high = strcmp(cmp, "between") == 0 ? high : NAN, .text = d->target_text[k]};
    }
    return true;
}

static enum store_rc def_write(struct store *st, void *vctx)
{
    struct def_ctx *d = vctx;
    struct indicator *i = &d->b.i;
    char *search = ind_search_text(i->name, i->code);
    if (!search) return ST_ERROR;
    json_t *before = NULL;
    bool regroup = false;       /* the aggregation changes */
    if (!d->create) {
        struct indicator_buf *old = malloc(sizeof *old);
        enum store_rc found = old ? indicator_find(st, i->code, old) : ST_ERROR;
        if (found == ST_OK) {
            before = indicator_json(st, &old->i);
            regroup = strcmp(old->i.aggregation, i->aggregation) != 0;
        }
        free(old);
        if (found != ST_OK) { free(search); return found; }
    }
    enum store_rc rc = d->create ? st->indicator_insert(st, i, search, &i->id)
                                 : st->indicator_update(st, i, search);
    free(search);
    if (rc == ST_OK && d->n_targets >= 0) rc = st->targets_set(st, i->id, d->targets,
                                                               d->n_targets);
    /* The roll-ups hold what the old aggregation needed: recompute them. */
    if (rc == ST_OK && regroup) rc = rollup_rebuild(st);
    json_t *after = rc == ST_OK ? indicator_json(st, i) : NULL;
    if (rc == ST_OK)
        rc = audit_append(st, auth_actor(d->r), d->create ? "create" : "update", "indicator",
                          i->code, before, after);
    json_decref(before);
    json_decref(after);
    return rc;
}

/* Checks the definition in D->b.i as a whole (after defaults or the stored values merged). */
static bool check_definition(struct req *r, struct def_ctx *d)
{
    struct indicator *i = &d->b.i;
    const char *why;
    if (!ind_direction_valid(i->direction)) {
        reply_error(r, 400, "validation_failed", "direction", "direction must be up, down or range");
        return false;
    }
    if (!ind_value_type_valid(i->value_type)) {
        reply_error(r, 400, "validation_failed", "value_type",
                    "value_type must be number, percent, ratio, bool, count or rank");
        return false;
    }
    if (!ind_aggregation_valid(i->aggregation)) {
        reply_error(r, 400, "validation_failed", "aggregation",
                    "aggregation must be sum, avg, wratio, min, max, latest or none");
        return false;
    }
    if (!ind_aggregation_fits(i->aggregation, i->value_type, &why)) {
        reply_error(r, 400, "validation_failed", "aggregation", "%s", why);
        return false;
    }
    if (!ind_period_type_valid(i->period_type)) {
        reply_error(r, 400, "validation_failed", "period_type",
                    "period_type must be month, quarter, half or year");
        return false;
    }
    if (*i->part_of_code) {
        int64_t id;
        if (strcmp(i->part_of_code, i->code) == 0 ||
            r->st->indicator_id(r->st, i->part_of_code, &id) != ST_OK) {
            reply_error(r, 400, "validation_failed", "part_of", "no other indicator %s",
                        i->part_of_code);
            return false;
        }
    }
    if (*i->programme_code) {
        int64_t id;
        if (r->st->programme_id(r->st, i->programme_code, &id) != ST_OK) {
            reply_error(r, 400, "validation_failed", "programme", "no programme %s",
                        i->programme_code);
            return false;
        }
    }
    if (*i->document_key) {
        int64_t id;
        if (r->st->document_id(r->st, i->document_key, &id) != ST_OK) {
            reply_error(r, 400, "validation_failed", "document", "no document %s",
                        i->document_key);
            return false;
        }
    }
    return true;
}

/* Shared by POST and PATCH: every field optional on PATCH. */
static void api_indicator_write(struct req *r, bool create)
{
    struct def_ctx *d = req_alloc(r, sizeof *d);
    memset(d, 0, sizeof *d);
    d->r = r;
    d->create = create;
    if (!create) {
        if (!indicator_load(r, r->param[0], &d->b)) return;
        util_copy(d->old_type, sizeof d->old_type, d->b.value_type);
        d->old_due_days = d->b.i.due_days;
        d->old_scale = d->b.i.ratio_scale;
    }
    json_t *root = input_json(r);
    if (!root) return;
    const char *code = NULL, *name, *uom, *programme, *document, *goal, *direction, *type,
               *agg, *ptype, *part_of, *quote;
    struct string_array reporters;
    long byear, due_days;
    int required;
    double bvalue, tol, scale;
    struct field_spec spec[] = {
        {"code", F_STRING, create, 40, &code},
        {"name", F_STRING, create, 400, &name},
        {"unit_of_measure", F_STRING, false, 60, &uom},
        {"programme", F_STRING, false, 40, &programme},
        {"document", F_STRING, false, 80, &document},
        {"goal", F_STRING, false, 80, &goal},
        {"direction", F_STRING, create, 8, &direction},
        {"value_type", F_STRING, create, 10, &type},
        {"aggregation", F_STRING, create, 10, &agg},
        {"period_type", F_STRING, create, 10, &ptype},
        {"reporters", F_STRING_ARRAY, create, 40, &reporters},
        {"baseline_year", F_INT, false, 2199, &byear},
        {"baseline_value", F_NUMBER, false, 0, &bvalue},
        {"near_tolerance", F_NUMBER, false, 0, &tol},
        {"ratio_scale", F_NUMBER, false, 0, &scale},
        {"due_days", F_INT, false, 366, &due_days},
        {"part_of", F_STRING, false, 40, &part_of},
        {"required", F_BOOL, false, 0, &required},
        {"quote", F_STRING, false, 4000, &quote},
        {0},
    };
    /* The targets are an array of objects: read apart, then the other fields. */
    bool ok = parse_targets(r, root, d);
    if (ok) {
        json_object_del(root, "targets");
        ok = input_object(r, root, spec, NULL);
    }
    json_decref(root);
    if (!ok) return;
    struct indicator_buf *b = &d->b;
    if (create) {
        for (const char *p = code; *p; p++)
            if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                  (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')) {
                reply_error(r, 400, "validation_failed", "code",
                            "code takes letters, digits, - _ and . only");
                return;
            }
        struct indicator blank = {.code = code, .programme_code = "", .document_key = "",
                                  .goal = "", .name = name, .unit_of_measure = "",
                                  .direction = direction, .value_type = type,
                                  .aggregation = agg, .period_type = ptype, .reporters = "",
                                  .part_of_code = "", .quote = "", .baseline_value = NAN,
                                  .near_tolerance = NAN, .ratio_scale = 100, .due_days = 10};
        indicator_hold(b, &blank);
    }
#define SET(field, buf, v) if (v) util_copy(b->buf, sizeof b->buf, v), b->i.field = b->buf
    SET(name, name, name);
    SET(unit_of_measure, uom, uom);
    SET(programme_code, programme, programme);
    SET(document_key, document, document);
    SET(goal, goal, goal);
    SET(direction, direction, direction);
    SET(value_type, value_type, type);
    SET(aggregation, aggregation, agg);
    SET(period_type, period_type, ptype);
    SET(part_of_code, part_of, part_of);
    SET(quote, quote, quote);
#undef SET
    if (reporters.n >= 0) {
        b->reporters[0] = 0;
        for (int k = 0; k < reporters.n; k++) {
            if (!*reporters.items[k] || strchr(reporters.items[k], ';')) {
                reply_error(r, 400, "validation_failed", "reporters",
                            "reporters are unit codes or unit kinds");
                return;
            }
            size_t n = strlen(b->reporters);
            snprintf(b->reporters + n, sizeof b->reporters - n, "%s%s", n ? ";" : "",
                     reporters.items[k]);
        }
        b->i.reporters = b->reporters;
    }
    if (byear != F_INT_ABSENT) b->i.baseline_year = (int)byear;
    if (!isnan(bvalue)) b->i.baseline_value = bvalue;
    if (!isnan(tol)) b->i.near_tolerance = tol;
    if (!isnan(scale)) b->i.ratio_scale = scale;
    if (due_days != F_INT_ABSENT) b->i.due_days = (int)due_days;
    if (required >= 0) b->i.required = required;
    if ((b->i.baseline_year != 0) != !isnan(b->i.baseline_value)) {
        reply_error(r, 400, "validation_failed", b->i.baseline_year ? "baseline_value"
                                                                    : "baseline_year",
                    "a baseline needs both its year and its value");
        return;
    }
    if (!isnan(tol) && (tol < 0 || tol > 100)) {
        reply_error(r, 400, "validation_failed", "near_tolerance", "near_tolerance is 0-100 (%%)");
        return;
    }
    if (!isnan(scale) && scale <= 0) {
        reply_error(r, 400, "validation_failed", "ratio_scale", "ratio_scale must be above 0");
        return;
    }
    /* What the stored values were checked, scaled and judged late against stays fixed once
     * there are values: another type may not accept them, another scale would leave their
     * stored values wrong, another due day would make their late flags wrong. */
    const char *fixed = create ? NULL
                      : strcmp(b->i.value_type, d->old_type) ? "value_type"
                      : b->i.due_days != d->old_due_days     ? "due_days"
                      : b->i.ratio_scale != d->old_scale     ? "ratio_scale" : NULL;
    if (fixed) {
        struct value_query q = {.indicator_id = b->i.id, .limit = 1};
        int any = 0;
        enum store_rc rc = r->st->value_list(r->st, &q, count_value, &any);
        if (rc != ST_OK || any) {
            if (rc != ST_OK) reply_store_error(r, rc, "indicator");
            else reply_error(r, 409, "has_values", fixed, "indicator %s has values: its %s "
                             "cannot change", b->i.code, fixed);
            return;
        }
    }
    if (!check_definition(r, d)) return;
    enum store_rc rc = store_tx(r->st, def_write, d);
    if (rc == ST_CONFLICT) {
        reply_error(r, 409, "conflict", "code", "an indicator with code %s exists", b->i.code);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "indicator"); return; }
    reply_json(r, create ? 201 : 200, indicator_json(r->st, &b->i));
}

void api_indicators_create(struct req *r) { api_indicator_write(r, true); }
void api_indicator_update(struct req *r) { api_indicator_write(r, false); }

/* ---- a unit's series ---- */

struct point {
    char period[12];
    double t, value, num, den;
    int64_t n, late;            /* values counted, own included; of which late */
    bool has_own;
    double own;
    int year;
};
struct series {
    const struct indicator *ind;
    const char *as_of;          /* periods beginning after it are left out; NULL: none */
    struct point *pts;
    int n, cap;
    bool oom;
};
static void series_one(void *ctx, const char *period, const struct rollup *below,
                       const struct ivalue *own)
{
    struct series *s = ctx;
    struct period p;
    double total;
    if (!period_parse(period, s->ind->period_type, &p)) return;  /* a period of another type */
    if (s->as_of && strcmp(p.from, s->as_of) > 0) return;        /* not begun on the day asked */
    if (!ind_total(s->ind, own, below, &total)) return;
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 32;
        struct point *q = realloc(s->pts, (size_t)cap * sizeof *q);
        if (!q) { s->oom = true; return; }
        s->pts = q;
        s->cap = cap;
    }
    bool ratio = strcmp(s->ind->aggregation, "wratio") == 0;
    struct point *pt = &s->pts[s->n++];
    *pt = (struct point){.t = period_time(&p), .value = total, .year = p.year,
                         .n = below->n + (own != NULL),
                         .late = below->late + (own && own->late),
                         .has_own = own != NULL, .own = own ? own->value : NAN,
                         .num = ratio ? below->num + (own ? own->numerator : 0) : 0,
                         .den = ratio ? below->den + (own ? own->denominator : 0) : 0};
    util_copy(pt->period, sizeof pt->period, period);
}
static enum store_rc series_load(struct store *st, const struct indicator *ind, int64_t unit_id,
                                 const char *as_of, struct series *s)
{
    memset(s, 0, sizeof *s);
    s->ind = ind;
    s->as_of = as_of;
    enum store_rc rc = st->rollup_series(st, ind->id, unit_id, series_one, s);
    return rc == ST_OK && s->oom ? ST_ERROR : rc;
}

static int periods_per_year(const char *type)
{
    return !strcmp(type, "month") ? 12 : !strcmp(type, "quarter") ? 4 : !strcmp(type, "half") ? 2
                                                                                             : 1;
}

/* The annual figures from the series: each year's periods combined by the indicator's rule
 * over time; a year still under way counts up to its latest period (sums scaled up to a year). */
static int annual(const struct indicator *ind, const struct series *s, struct time_point *out,
                  bool *partial)
{
    int per = periods_per_year(ind->period_type), n = 0;
    for (int i = 0; i < s->n;) {
        int j = i;
        struct time_point tp[12];
        int k = 0;
        while (j < s->n && s->pts[j].year == s->pts[i].year) {
            if (k < 12) tp[k++] = (struct time_point){s->pts[j].t, s->pts[j].value,
                                                      s->pts[j].num, s->pts[j].den};
            j++;
        }
        double v;
        if (ind_over_time(ind, tp, k, &v)) {
            bool part = k < per;
            if (part && strcmp(ind->aggregation, "sum") == 0) v = v * per / k;
            out[n] = (struct time_point){.t = part ? tp[k - 1].t : s->pts[i].year, .value = v};
            partial[n++] = part;
        }
        i = j;
    }
    return n;
}

struct targets { struct indicator_target t[TARGETS_MAX]; char cmp[TARGETS_MAX][8]; int n; };
static void hold_target(void *ctx, const struct indicator_target *t)
{
    struct targets *ts = ctx;
    if (ts->n >= TARGETS_MAX) return;
    ts->t[ts->n] = *t;
    util_copy(ts->cmp[ts->n], sizeof ts->cmp[ts->n], t->comparator);
    ts->t[ts->n].comparator = ts->cmp[ts->n];
    ts->t[ts->n].text = "";
    ts->n++;
}

/* The evaluation of IND at UNIT as JSON (used by the evaluation endpoint, reports and the
 * dashboard), from the periods begun by AS_OF (NULL: all). */
json_t *indicator_evaluation_json(struct store *st, const struct indicator *ind,
                                  const struct unit *u, const char *as_of, bool with_series)
{
    struct series s;
    struct targets ts = {.n = 0};
    if (series_load(st, ind, u->id, as_of, &s) != ST_OK ||
        st->targets_list(st, ind->id, hold_target, &ts) != ST_OK) {
        free(s.pts);
        return NULL;
    }
    struct time_point *years = calloc((size_t)s.n + 1, sizeof *years);
    bool *partial = calloc((size_t)s.n + 1, sizeof *partial);
    int ny = years && partial ? annual(ind, &s, years, partial) : 0;
    /* With fewer than two years, the trend is fitted to the periods (sums scaled to a year). */
    struct time_point *trend = calloc((size_t)s.n + 1, sizeof *trend);
    int nt = 0, per = periods_per_year(ind->period_type);
    bool sum = strcmp(ind->aggregation, "sum") == 0;
    for (int i = 0; trend && ny < 2 && i < s.n; i++)
        trend[nt++] = (struct time_point){s.pts[i].t, s.pts[i].value * (sum ? per : 1), 0, 0};
    struct evaluation e;
    ind_evaluate(ind, ts.t, ts.n, years, ny, ny < 2 ? trend : NULL, ny < 2 ? nt : 0, &e);
    free(trend);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "status", ind_status_code(e.status), "colour",
                          ind_status_colour(e.status), "reason", e.reason ? e.reason : "",
                          "unit_code", u->code);
    json_object_set_new(o, "unit", json_pack("{s:s, s:s}", "code", u->code, "name", u->name));
    json_object_set_new(o, "latest", s.n ? json_pack("{s:s, s:o, s:I, s:I}", "period",
                                                     s.pts[s.n - 1].period, "value",
                                                     view_number(s.pts[s.n - 1].value),
                                                     "reporting", (json_int_t)s.pts[s.n - 1].n,
                                                     "late", (json_int_t)s.pts[s.n - 1].late)
                                         : json_null());
    json_object_set_new(o, "baseline", e.has_baseline
                                           ? json_pack("{s:f, s:o, s:b}", "t", e.baseline_t,
                                                       "value", view_number(e.baseline),
                                                       "stated", ind->baseline_year != 0)
                                           : json_null());
    json_object_set_new(o, "target", e.target_year ? json_pack("{s:i, s:o}", "year",
                                                               e.target_year, "value",
                                                               view_number(e.target_value))
                                                   : json_null());
    json_object_set_new(o, "expected", e.has_expected ? view_number(e.expected) : json_null());
    json_object_set_new(o, "tolerance", json_real(e.tolerance));
    json_object_set_new(o, "projection",
                        e.has_projection ? json_pack("{s:i, s:o, s:b}", "year", e.target_year,
                                                     "value", view_number(e.projected),
                                                     "meets_target", e.projected_meets)
                                         : json_null());
    if (with_series) {
        json_t *periods = json_array(), *ann = json_array(), *path = json_array();
        for (int i = 0; i < s.n; i++)
            json_array_append_new(periods, json_pack("{s:s, s:o, s:o, s:I, s:I}", "period",
                                                     s.pts[i].period, "value",
                                                     view_number(s.pts[i].value), "own",
                                                     view_number(s.pts[i].own), "reporting",
                                                     (json_int_t)s.pts[i].n, "late",
                                                     (json_int_t)s.pts[i].late));
        for (int i = 0; i < ny; i++)
            json_array_append_new(ann, json_pack("{s:f, s:o, s:b}", "t", years[i].t, "value",
                                                 view_number(years[i].value), "partial",
                                                 partial[i]));
        /* The path: baseline, then each target after it. */
        if (e.has_baseline) {
            json_array_append_new(path, json_pack("{s:f, s:o}", "t", e.baseline_t, "value",
                                                  view_number(e.baseline)));
            for (int i = 0; i < ts.n; i++)
                if (ts.t[i].year > e.baseline_t)
                    json_array_append_new(path, json_pack("{s:i, s:o}", "t", ts.t[i].year,
                                                          "value",
                                                          view_number(ts.t[i].value)));
        }
        json_object_set_new(o, "periods", periods);
        json_object_set_new(o, "years", ann);
        json_object_set_new(o, "path", path);
    }
    json_object_del(o, "unit_code");
    free(years);
    free(partial);
    free(s.pts);
    return o;
}

/* GET /api/v1/indicators/{code}/evaluation?unit=&as_of= */
void api_indicator_evaluation(struct req *r)
{
    struct indicator_buf b;
    struct unit u;
    const char *as_of;
    if (!req_date(r, "as_of", &as_of) || !indicator_load(r, r->param[0], &b) ||
        !unit_param(r, "unit", &u))
        return;
    json_t *e = indicator_evaluation_json(r->st, &b.i, &u, as_of, true);
    if (!e) { reply_store_error(r, ST_ERROR, "evaluation"); return; }
    json_object_set_new(e, "indicator", indicator_json(r->st, &b.i));
    reply_json(r, 200, e);
}

/* The total of IND at unit ID for PERIOD; false when there is none. */
static bool total_at(struct store *st, const struct indicator *ind, int64_t id,
                     const char *period, double *value, int64_t *n)
{
    struct rollup below = {.lo = NAN, .hi = NAN};
    if (st->rollup_get(st, ind->id, id, period, &below) != ST_OK)
        below = (struct rollup){.lo = NAN, .hi = NAN};
    struct ivalue own;
    bool has_own = st->value_get(st, ind->id, id, period, value_copy, &own) == ST_OK;
    *n = below.n + has_own;
    return ind_total(ind, has_own ? &own : NULL, &below, value);
}

/* The period asked (?period=, of the indicator's type) or, when absent, the latest period with
 * a value at or below the unit. "" when there is none. */
static bool period_param(struct req *r, const struct indicator *ind, const struct unit *u,
                         char out[12])
{
    const char *p = req_query(r, "period");
    struct period pp;
    if (p) {
        if (!period_parse(p, ind->period_type, &pp)) {
            reply_error(r, 400, "validation_failed", "period", "period must be a %s like %s",
                        ind->period_type, !strcmp(ind->period_type, "month") ? "2025-07"
                        : !strcmp(ind->period_type, "quarter") ? "2025Q3"
                        : !strcmp(ind->period_type, "half") ? "2025S2" : "2025");
            return false;
        }
        util_copy(out, 12, pp.code);
        return true;
    }
    struct series s;
    if (series_load(r->st, ind, u->id, NULL, &s) != ST_OK) {
        free(s.pts);
        reply_store_error(r, ST_ERROR, "series");
        return false;
    }
    util_copy(out, 12, s.n ? s.pts[s.n - 1].period : "");
    free(s.pts);
    return true;
}

struct ranked { double value; int64_t n; size_t kid; };
static int by_value_desc(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    return (x->value < y->value) - (x->value > y->value);
}

/* GET /api/v1/indicators/{code}/units?unit=&period=: the unit's total and those of the units
 * directly below it, ranked (best first: highest, or lowest for "down" indicators). */
void api_indicator_units(struct req *r)
{
    struct indicator_buf b;
    struct unit u;
    char period[12];
    if (!indicator_load(r, r->param[0], &b) || !unit_param(r, "unit", &u) ||
        !period_param(r, &b.i, &u, period))
        return;
    struct child_units kids;
    enum store_rc rc = child_units_load(r->st, &u, NULL, &kids);
    if (rc != ST_OK) { reply_store_error(r, rc, "units"); return; }
    struct ranked *rows = calloc(kids.n + 1, sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; *period && rows && i < kids.n; i++) {
        double v;
        int64_t cnt;
        if (total_at(r->st, &b.i, kids.items[i].id, period, &v, &cnt))
            rows[n++] = (struct ranked){v, cnt, i};
    }
    if (rows) qsort(rows, n, sizeof *rows, by_value_desc);
    bool down = strcmp(b.i.direction, "down") == 0;
    json_t *items = json_array();
    for (size_t k = 0; k < n; k++) {
        const struct ranked *x = &rows[down ? n - 1 - k : k];
        json_array_append_new(items, json_pack("{s:i, s:s, s:s, s:o, s:I}", "rank", (int)k + 1,
                                               "code", kids.items[x->kid].code, "name",
                                               kids.items[x->kid].name, "value",
                                               view_number(x->value), "reporting",
                                               (json_int_t)x->n));
    }
    double total = NAN;
    int64_t cnt = 0;
    bool has = *period && total_at(r->st, &b.i, u.id, period, &total, &cnt);
    free(rows);
    child_units_free(&kids);
    reply_json(r, 200, json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s}, s:o, s:o, s:I, s:o}",
                                 "indicator", "code", b.i.code, "name", b.i.name,
                                 "unit_of_measure", b.i.unit_of_measure, "unit", "code", u.code,
                                 "name", u.name, "period",
                                 *period ? json_string(period) : json_null(), "value",
                                 has ? view_number(total) : json_null(), "reporting",
                                 (json_int_t)cnt, "children", items));
}

/* The indicators a unit's summary evaluates: all of them for the nation; otherwise those the
 * unit reports and, for a province or city, those its communes, wards and special zones report
 * (their roll-up is the province's figure). */
static bool indicator_wanted(const struct indicator *i, const struct unit *u)
{
    if (!u->parent_id) return true;
    if (ind_reports(i->reporters, u->kind, u->code)) return true;
    bool province = !strcmp(u->kind, "province") || !strcmp(u->kind, "city");
    return province && (ind_reports(i->reporters, "commune", "") ||
                        ind_reports(i->reporters, "ward", "") ||
                        ind_reports(i->reporters, "special_zone", ""));
}
static void want_indicator(void *ctx, const struct indicator *i)
{
    struct wanted *w = ctx;
    if (w->n < INDICATORS_MAX && indicator_wanted(i, w->u)) indicator_hold(&w->items[w->n++], i);
}

enum store_rc indicators_for_unit(struct store *st, const struct unit *u, struct wanted *w)
{
    *w = (struct wanted){.u = u, .items = calloc(INDICATORS_MAX, sizeof *w->items)};
    return w->items ? st->indicator_list(st, 0, NULL, NULL, want_indicator, w) : ST_ERROR;
}

/* ---- completeness ---- */

struct chase {
    const char *filter;         /* on_time | late | missing | NULL */
    const char *as_of;          /* a past day: values first entered after it are missing */
    int limit;
    int expected, on_time, late, missing;
    json_t *units;
};
static void chase_one(void *ctx, const struct reporting_unit *u)
{
    struct chase *c = ctx;
    c->expected++;
    bool reported = u->reported &&
                    (!c->as_of || (*u->first_day && strcmp(u->first_day, c->as_of) <= 0));
    const char *status = !reported ? "missing" : u->late ? "late" : "on_time";
    if (!reported) c->missing++;
    else if (u->late) c->late++;
    else c->on_time++;
    if (!c->units || (c->filter && strcmp(c->filter, status) != 0)) return;
    if ((int)json_array_size(c->units) >= c->limit) return;
    json_array_append_new(c->units, json_pack("{s:s, s:s, s:s, s:s, s:o}", "code", u->code,
                                              "name", u->name, "kind", u->kind, "status", status,
                                              "first_day", *u->first_day
                                                               ? json_string(u->first_day)
                                                               : json_null()));
}

static json_t *rate(int part, int whole)
{
    return whole ? json_real(round(part * 1000.0 / whole) / 10.0) : json_null();
}

void indicator_due_period(const struct indicator *ind, const char *day, struct period *p)
{
    char due[ISO_DATE_LEN];
    period_containing(ind->period_type, day, p);
    for (int guard = 0; guard < 40; guard++) {
        period_due(p, ind->due_days, due);
        if (strcmp(due, day) < 0) break;
        struct period prev;
        period_prev(p, &prev);
        *p = prev;
    }
}

/* Completeness of IND for PERIOD under UNIT; UNITS NULL: counts only. */
json_t *indicator_completeness_json(struct store *st, const struct indicator *ind,
                                    const struct unit *u, const char *period, const char *as_of,
                                    const char *filter, int limit, bool with_units)
{
    struct period p;
    if (!period_parse(period, ind->period_type, &p)) return NULL;
    struct chase c = {.filter = filter, .as_of = as_of, .limit = limit,
                      .units = with_units ? json_array() : NULL};
    if (st->reporting_units(st, ind->id, p.code, ind->reporters, u->path, p.from, p.to,
                            chase_one, &c) != ST_OK) {
        json_decref(c.units);
        return NULL;
    }
    char due[ISO_DATE_LEN];
    period_due(&p, ind->due_days, due);
    json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:o, s:o}", "period", p.code,
                          "due", due, "expected", c.expected, "reported", c.on_time + c.late,
                          "on_time", c.on_time, "late", c.late, "missing", c.missing, "rate",
                          rate(c.on_time + c.late, c.expected), "timely_rate",
                          rate(c.on_time, c.expected));
    if (c.units) json_object_set_new(o, "units", c.units);
    return o;
}

/* GET /api/v1/indicators/{code}/completeness?unit=&period=&status=&limit= */
void api_indicator_completeness(struct req *r)
{
    struct indicator_buf b;
    struct unit u;
    if (!indicator_load(r, r->param[0], &b) || !unit_param(r, "unit", &u)) return;
    const char *period = req_query(r, "period");
    struct period p;
    if (!period) {
        char today[ISO_DATE_LEN];
        util_today(today);
        indicator_due_period(&b.i, today, &p);
        period = req_strdup(r, p.code);
    } else if (!period_parse(period, b.i.period_type, &p)) {
        reply_error(r, 400, "validation_failed", "period", "period must be a %s of indicator %s",
                    b.i.period_type, b.i.code);
        return;
    }
    const char *status = req_query(r, "status");
    if (status && strcmp(status, "missing") && strcmp(status, "late") &&
        strcmp(status, "on_time")) {
        reply_error(r, 400, "validation_failed", "status", "status is missing, late or on_time");
        return;
    }
    const char *ls = req_query(r, "limit");
    long limit = 1000;
    if (ls) {
        char *end;
        limit = strtol(ls, &end, 10);
        if (*end || limit < 1 || limit > 5000) {
            reply_error(r, 400, "validation_failed", "limit", "limit must be 1-5000");
            return;
        }
    }
    json_t *o = indicator_completeness_json(r->st, &b.i, &u, period, NULL, status, (int)limit,
                                            true);
    if (!o) { reply_store_error(r, ST_ERROR, "completeness"); return; }
    json_object_set_new(o, "indicator", json_pack("{s:s, s:s}", "code", b.i.code, "name",
                                                  b.i.name));
    json_object_set_new(o, "unit", json_pack("{s:s, s:s}", "code", u.code, "name", u.name));
    reply_json(r, 200, o);
}
