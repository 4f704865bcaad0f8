/* Roll-up on write: see rollup.h and docs/design.md "Indicators and roll-up". */
#include "rollup.h"
#include "indicator.h"
#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH_MAX 32

int rollup_ancestors(const char *path, int64_t *ids, int cap)
{
    int n = 0;
    const char *p = path;
    while (p && *p == '/' && p[1]) {
        char *end;
        long long id = strtoll(p + 1, &end, 10);
        if (end == p + 1 || *end != '/') break;
        if (n < cap) ids[n++] = id;
        p = end;
    }
    return n > 0 ? n - 1 : 0;   /* the last id is the unit itself */
}

static bool aggregates(const struct indicator *ind)
{
    return strcmp(ind->aggregation, "none") != 0;
}
static bool extremes(const struct indicator *ind)
{
    return strcmp(ind->aggregation, "min") == 0 || strcmp(ind->aggregation, "max") == 0;
}

static struct rollup difference(const struct rollup *a, const struct rollup *b)
{
    return (struct rollup){.n = a->n - b->n, .late = a->late - b->late,
                           .total = a->total - b->total, .num = a->num - b->num,
                           .den = a->den - b->den, .lo = a->lo, .hi = a->hi};
}

enum store_rc rollup_put(struct store *st, const struct indicator *ind, const char *path,
                         const struct ivalue *old, const struct ivalue *v)
{
    enum store_rc rc = st->value_put(st, v);
    if (rc != ST_OK || !aggregates(ind)) return rc;
    int64_t up[DEPTH_MAX];
    int n = rollup_ancestors(path, up, DEPTH_MAX);
    if (n == 0) return ST_OK;
    struct rollup add = ind_contribution(ind, v);
    struct rollup none = {.lo = NAN, .hi = NAN};
    struct rollup was = old ? ind_contribution(ind, old) : none;
    struct rollup d = difference(&add, &was);
    /* Which rows held the old value as their extreme: those must be recomputed after. */
    bool refresh[DEPTH_MAX] = {false};
    if (old && extremes(ind) && old->value != v->value)
        for (int i = 0; i < n && rc == ST_OK; i++) {
            struct rollup r;
            rc = st->rollup_get(st, ind->id, up[i], v->period, &r);
            if (rc == ST_NOT_FOUND) { rc = ST_OK; continue; }
            refresh[i] = r.lo == old->value || r.hi == old->value;
        }
    if (rc == ST_OK) rc = st->rollup_add(st, ind->id, v->period, up, n, &d);
    for (int i = 0; i < n && rc == ST_OK; i++)
        if (refresh[i]) rc = st->rollup_refresh_extremes(st, ind->id, v->period, up[i]);
    return rc;
}

enum store_rc rollup_delete(struct store *st, const struct indicator *ind, const char *path,
                            const struct ivalue *old)
{
    enum store_rc rc = st->value_delete(st, old->indicator_id, old->unit_id, old->period);
    if (rc != ST_OK || !aggregates(ind)) return rc;
    int64_t up[DEPTH_MAX];
    int n = rollup_ancestors(path, up, DEPTH_MAX);
    struct rollup was = ind_contribution(ind, old);
    struct rollup zero = {.lo = NAN, .hi = NAN};
    struct rollup d = difference(&zero, &was);
    d.lo = d.hi = NAN;
    rc = n ? st->rollup_add(st, ind->id, old->period, up, n, &d) : ST_OK;
    for (int i = 0; i < n && rc == ST_OK && extremes(ind); i++)
        rc = st->rollup_refresh_extremes(st, ind->id, old->period, up[i]);
    return rc;
}

/* ---- batches: an open-addressing table of summed changes ---- */

struct slot {
    bool used;
    int64_t indicator_id, unit_id;
    char period[10];
    struct rollup sum;
};
/* Values waiting for the flush, their text interned (a load repeats a few periods, sources
 * and dates a million times). */
struct rollup_batch {
    struct slot *slots;
    size_t cap, used;
    struct ivalue *vals;
    size_t n_vals, cap_vals;
    char **strs;                    /* open addressing set of interned strings */
    size_t str_cap, str_used;
    const char *last[6];            /* per text field, the string interned last */
};

struct rollup_batch *rollup_batch_new(void)
{
    struct rollup_batch *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->cap = 1024;
    b->slots = calloc(b->cap, sizeof *b->slots);
    b->str_cap = 64;
    b->strs = calloc(b->str_cap, sizeof *b->strs);
    if (!b->slots || !b->strs) { rollup_batch_free(b); return NULL; }
    return b;
}

void rollup_batch_free(struct rollup_batch *b)
{
    if (!b) return;
    for (size_t i = 0; b->strs && i < b->str_cap; i++) free(b->strs[i]);
    free(b->strs);
    free(b->vals);
    free(b->slots);
    free(b);
}

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}
static char **str_slot(char **set, size_t cap, const char *s)
{
    size_t i = str_hash(s) & (cap - 1);
    while (set[i] && strcmp(set[i], s) != 0) i = (i + 1) & (cap - 1);
    return &set[i];
}
/* The batch's copy of S (NULL stays NULL); NULL with *OOM set when out of memory. FIELD
 * (0-5) names the value's text field: a load mostly repeats the previous value's text there,
 * which a comparison finds without hashing. */
static const char *intern(struct rollup_batch *b, int field, const char *s, bool *oom)
{
    if (!s) return NULL;
    if (b->last[field] && strcmp(b->last[field], s) == 0) return b->last[field];
    if ((b->str_used + 1) * 2 > b->str_cap) {
        size_t cap = b->str_cap * 2;
        char **set = calloc(cap, sizeof *set);
        if (!set) { *oom = true; return NULL; }
        for (size_t i = 0; i < b->str_cap; i++)
            if (b->strs[i]) *str_slot(set, cap, b->strs[i]) = b->strs[i];
        free(b->strs);
        b->strs = set;
        b->str_cap = cap;
    }
    char **slot = str_slot(b->strs, b->str_cap, s);
    if (!*slot) {
        if (!(*slot = strdup(s))) { *oom = true; return NULL; }
        b->str_used++;
    }
    return b->last[field] = *slot;
}

static uint64_t slot_hash(int64_t ind, int64_t unit, const char *period)
{
    uint64_t h = 1469598103934665603ULL;
    h = (h ^ (uint64_t)ind) * 1099511628211ULL;
    h = (h ^ (uint64_t)unit) * 1099511628211ULL;
    for (const char *p = period; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static struct slot *slot_find(struct slot *slots, size_t cap, int64_t ind, int64_t unit,
                              const char *period)
{
    size_t i = slot_hash(ind, unit, period) & (cap - 1);
    while (slots[i].used && !(slots[i].indicator_id == ind && slots[i].unit_id == unit &&
                              strcmp(slots[i].period, period) == 0))
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static bool batch_grow(struct rollup_batch *b)
{
    size_t cap = b->cap * 2;
    struct slot *s = calloc(cap, sizeof *s);
    if (!s) return false;
    for (size_t i = 0; i < b->cap; i++)
        if (b->slots[i].used)
            *slot_find(s, cap, b->slots[i].indicator_id, b->slots[i].unit_id,
                       b->slots[i].period) = b->slots[i];
    free(b->slots);
    b->slots = s;
    b->cap = cap;
    return true;
}

static double nan_min(double a, double b) { return isnan(a) ? b : isnan(b) ? a : a < b ? a : b; }
static double nan_max(double a, double b) { return isnan(a) ? b : isnan(b) ? a : a > b ? a : b; }

/* Adds the contribution of V to the slots of the units above PATH. */
static bool batch_accumulate(struct rollup_batch *b, const struct indicator *ind,
                             const char *path, const struct ivalue *v)
{
    if (!aggregates(ind) || strlen(v->period) >= sizeof b->slots->period) return true;
    int64_t up[DEPTH_MAX];
    int n = rollup_ancestors(path, up, DEPTH_MAX);
    struct rollup c = ind_contribution(ind, v);
    for (int i = 0; i < n; i++) {
        if ((b->used + 1) * 10 > b->cap * 7 && !batch_grow(b)) return false;
        struct slot *s = slot_find(b->slots, b->cap, ind->id, up[i], v->period);
        if (!s->used) {
            *s = (struct slot){.used = true, .indicator_id = ind->id, .unit_id = up[i],
                               .sum = {.lo = NAN, .hi = NAN}};
            util_copy(s->period, sizeof s->period, v->period);
            b->used++;
        }
        s->sum.n += c.n;
        s->sum.late += c.late;
        s->sum.total += c.total;
        s->sum.num += c.num;
        s->sum.den += c.den;
        s->sum.lo = nan_min(s->sum.lo, c.lo);
        s->sum.hi = nan_max(s->sum.hi, c.hi);
    }
    return true;
}

enum store_rc rollup_batch_add(struct store *st, struct rollup_batch *b,
                               const struct indicator *ind, const char *path,
                               const struct ivalue *v)
{
    (void)st;
    if (b->n_vals == b->cap_vals) {
        size_t cap = b->cap_vals ? b->cap_vals * 2 : 4096;
        struct ivalue *p = realloc(b->vals, cap * sizeof *p);
        if (!p) return ST_ERROR;
        b->vals = p;
        b->cap_vals = cap;
    }
    bool oom = false;
    struct ivalue *x = &b->vals[b->n_vals];
    *x = (struct ivalue){.indicator_id = v->indicator_id, .unit_id = v->unit_id,
                         .period = intern(b, 0, v->period, &oom), .value = v->value,
                         .numerator = v->numerator, .denominator = v->denominator,
                         .source = intern(b, 1, v->source, &oom),
                         .flags = intern(b, 2, v->flags, &oom),
                         .first_day = intern(b, 3, v->first_day, &oom),
                         .updated_at = intern(b, 4, v->updated_at, &oom),
                         .updated_by = intern(b, 5, v->updated_by, &oom), .late = v->late};
    if (oom || !x->period || !batch_accumulate(b, ind, path, v)) return ST_ERROR;
    b->n_vals++;
    return ST_OK;
}

/* Insertion order of the values: by period, then unit, then indicator. Per period that is one
 * pass over the index on (unit, period) and, in the unique index on (indicator, period, unit),
 * one run per indicator advancing together, so both B-trees are written front to back. */
static int by_period_unit(const void *pa, const void *pb)
{
    const struct ivalue *a = pa, *b = pb;
    int c = a->period == b->period ? 0 : strcmp(a->period, b->period);
    if (c) return c;
    if (a->unit_id != b->unit_id) return a->unit_id < b->unit_id ? -1 : 1;
    return (a->indicator_id > b->indicator_id) - (a->indicator_id < b->indicator_id);
}

size_t rollup_batch_pending(const struct rollup_batch *b) { return b->used; }

enum store_rc rollup_batch_flush(struct store *st, struct rollup_batch *b)
{
    enum store_rc rc = ST_OK;
    if (b->n_vals) {
        qsort(b->vals, b->n_vals, sizeof *b->vals, by_period_unit);
        rc = st->value_insert_many(st, b->vals, b->n_vals);
    }
    b->n_vals = 0;
    for (size_t i = 0; i < b->cap && rc == ST_OK; i++) {
        struct slot *s = &b->slots[i];
        if (s->used) rc = st->rollup_add(st, s->indicator_id, s->period, &s->unit_id, 1, &s->sum);
    }
    memset(b->slots, 0, b->cap * sizeof *b->slots);
    b->used = 0;
    if (rc == ST_OK) rc = st->generation_bump(st, "indicators");
    return rc;
}

/* ---- rebuild ---- */

struct ind_copy { int64_t id; char aggregation[12]; };
struct rebuild {
    struct ind_copy *inds;
    size_t n, cap;
    struct rollup_batch *batch;
    int64_t last_id;
    int rows;
    bool oom;
};
static void collect_indicator(void *ctx, const struct indicator *i)
{
    struct rebuild *r = ctx;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        struct ind_copy *p = realloc(r->inds, cap * sizeof *p);
        if (!p) { r->oom = true; return; }
        r->inds = p;
        r->cap = cap;
    }
    r->inds[r->n].id = i->id;
    util_copy(r->inds[r->n].aggregation, sizeof r->inds[r->n].aggregation, i->aggregation);
    r->n++;
}
static void rebuild_value(void *ctx, const struct ivalue *v)
{
    struct rebuild *r = ctx;
    r->last_id = v->id;
    r->rows++;
    for (size_t i = 0; i < r->n; i++)
        if (r->inds[i].id == v->indicator_id) {
            struct indicator ind = {.id = r->inds[i].id, .aggregation = r->inds[i].aggregation};
            if (!batch_accumulate(r->batch, &ind, v->unit_path, v)) r->oom = true;
            return;
        }
}

enum store_rc rollup_rebuild(struct store *st)
{
    struct rebuild r = {.batch = rollup_batch_new()};
    enum store_rc rc = r.batch ? st->rollups_clear(st) : ST_ERROR;
    if (rc == ST_OK) rc = st->indicator_list(st, 0, NULL, NULL, collect_indicator, &r);
    while (rc == ST_OK && !r.oom) {
        r.rows = 0;
        struct value_query q = {.after_id = r.last_id, .limit = 10000};
        rc = st->value_list(st, &q, rebuild_value, &r);
        if (r.rows == 0) break;
    }
    if (rc == ST_OK && r.oom) rc = ST_ERROR;
    if (rc == ST_OK) rc = rollup_batch_flush(st, r.batch);
    rollup_batch_free(r.batch);
    free(r.inds);
    return rc;
}
