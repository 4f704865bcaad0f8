/* The rules of indicators: see indicator.h and docs/rules.md "Indicators". */
#include "indicator.h"
#include "text.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool one_of(const char *s, const char *const *list)
{
    for (; s && *list; list++)
        if (strcmp(s, *list) == 0) return true;
    return false;
}
static const char *const DIRECTIONS[] = {"up", "down", "range", NULL};
static const char *const VALUE_TYPES[] = {"number", "percent", "ratio", "bool", "count", "rank",
                                          NULL};
static const char *const AGGREGATIONS[] = {"sum", "avg", "wratio", "min", "max", "latest",
                                           "none", NULL};
static const char *const PERIOD_TYPES[] = {"month", "quarter", "half", "year", NULL};
static const char *const COMPARATORS[] = {">=", "<=", ">", "<", "=", "between", NULL};

bool ind_direction_valid(const char *s) { return one_of(s, DIRECTIONS); }
bool ind_value_type_valid(const char *s) { return one_of(s, VALUE_TYPES); }
bool ind_aggregation_valid(const char *s) { return one_of(s, AGGREGATIONS); }
bool ind_period_type_valid(const char *s) { return one_of(s, PERIOD_TYPES); }
bool ind_comparator_valid(const char *s) { return one_of(s, COMPARATORS); }

bool ind_aggregation_fits(const char *agg, const char *type, const char **why)
{
    bool ratio = strcmp(type, "ratio") == 0;
    if (ratio && strcmp(agg, "wratio") && strcmp(agg, "none")) {
        *why = "a ratio aggregates as wratio (sum of numerators over sum of denominators) or none";
        return false;
    }
    if (!ratio && strcmp(agg, "wratio") == 0) {
        *why = "wratio needs value_type ratio (a numerator and a denominator)";
        return false;
    }
    if (strcmp(agg, "sum") == 0 && (strcmp(type, "percent") == 0 || strcmp(type, "rank") == 0)) {
        *why = "percents and ranks do not add up: use avg, min, max, latest or none";
        return false;
    }
    return true;
}

/* ---- periods ---- */

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : d[m - 1];
}

/* Months a period spans, first and last. */
static int months_per(char type) { return type == 'm' ? 1 : type == 'q' ? 3 : type == 'h' ? 6 : 12; }

static void period_fill(struct period *p)
{
    int span = months_per(p->type);
    int m0 = (p->index - 1) * span + 1, m1 = m0 + span - 1;
    snprintf(p->from, sizeof p->from, "%04d-%02d-01", p->year, m0);
    snprintf(p->to, sizeof p->to, "%04d-%02d-%02d", p->year, m1, days_in_month(p->year, m1));
    switch (p->type) {
    case 'm': snprintf(p->code, sizeof p->code, "%04d-%02d", p->year, p->index); break;
    case 'q': snprintf(p->code, sizeof p->code, "%04dQ%d", p->year, p->index); break;
    case 'h': snprintf(p->code, sizeof p->code, "%04dS%d", p->year, p->index); break;
    default: snprintf(p->code, sizeof p->code, "%04d", p->year); break;
    }
}

static char type_letter(const char *type)
{
    if (!type) return 0;
    if (strcmp(type, "month") == 0) return 'm';
    if (strcmp(type, "quarter") == 0) return 'q';
    if (strcmp(type, "half") == 0) return 'h';
    if (strcmp(type, "year") == 0) return 'y';
    return '?';
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

bool period_parse(const char *s, const char *type, struct period *p)
{
    memset(p, 0, sizeof *p);
    if (!s || !digits(s, 4)) return false;
    p->year = atoi(s) ;
    if (p->year < 1900 || p->year > 2199) return false;
    size_t len = strlen(s);
    if (len == 4) {
        p->type = 'y';
        p->index = 1;
    } else if (len == 7 && s[4] == '-' && digits(s + 5, 2)) {
        p->type = 'm';
        p->index = atoi(s + 5);
        if (p->index < 1 || p->index > 12) return false;
    } else if (len == 6 && (s[4] == 'Q' || s[4] == 'S') && digits(s + 5, 1)) {
        p->type = s[4] == 'Q' ? 'q' : 'h';
        p->index = s[5] - '0';
        if (p->index < 1 || p->index > (p->type == 'q' ? 4 : 2)) return false;
    } else {
        return false;
    }
    char want = type_letter(type);
    if (want && want != p->type) return false;
    period_fill(p);
    return true;
}

void period_containing(const char *type, const char *date, struct period *p)
{
    memset(p, 0, sizeof *p);
    p->type = type_letter(type);
    if (p->type == '?' || !p->type) p->type = 'y';
    p->year = atoi(date);
    int month = atoi(date + 5);
    p->index = (month - 1) / months_per(p->type) + 1;
    period_fill(p);
}

static int per_year(char type) { return 12 / months_per(type); }

void period_prev(const struct period *p, struct period *out)
{
    *out = *p;
    if (--out->index < 1) {
        out->year--;
        out->index = per_year(p->type);
    }
    period_fill(out);
}

void period_next(const struct period *p, struct period *out)
{
    *out = *p;
    if (++out->index > per_year(p->type)) {
        out->year++;
        out->index = 1;
    }
    period_fill(out);
}

void period_due(const struct period *p, int due_days, char out[ISO_DATE_LEN])
{
    util_date_add(p->to, due_days, out);
}

double period_time(const struct period *p)
{
    return p->year - 1 + (double)p->index / per_year(p->type);
}

void period_iso(const struct period *p, char out[24])
{
    const char *d = p->type == 'm' ? "P1M" : p->type == 'q' ? "P3M" : p->type == 'h' ? "P6M"
                                                                                     : "P1Y";
    snprintf(out, 24, "%.10s/%s", p->from, d);
}

bool period_from_iso(const char *s, struct period *p)
{
    if (!s || strlen(s) < 14 || s[10] != '/' ) return false;
    char day[11];
    memcpy(day, s, 10);
    day[10] = 0;
    if (!util_date_valid(day)) return false;
    const char *d = s + 11;
    const char *type = strcmp(d, "P1M") == 0 ? "month" : strcmp(d, "P3M") == 0 ? "quarter"
                     : strcmp(d, "P6M") == 0 ? "half" : strcmp(d, "P1Y") == 0 ? "year" : NULL;
    if (!type) return false;
    period_containing(type, day, p);
    return strcmp(p->from, day) == 0;   /* must start where the period starts */
}

/* ---- values ---- */

bool ind_value_check(const struct indicator *ind, struct ivalue *v, const char **field,
                     const char **why)
{
    const char *t = ind->value_type;
    *field = "value";
    if (strcmp(t, "ratio") == 0) {
        if (isnan(v->numerator) || isnan(v->denominator)) {
            *field = isnan(v->numerator) ? "numerator" : "denominator";
            *why = "a ratio needs both its numerator and its denominator";
            return false;
        }
        if (v->denominator <= 0 || v->numerator < 0) {
            *field = v->denominator <= 0 ? "denominator" : "numerator";
            *why = v->denominator <= 0 ? "the denominator must be above 0"
                                       : "the numerator must not be negative";
            return false;
        }
        double scale = ind->ratio_scale > 0 ? ind->ratio_scale : 100;
        v->value = v->numerator / v->denominator * scale;
        return true;
    }
    if (!isnan(v->numerator) || !isnan(v->denominator)) {
        *field = !isnan(v->numerator) ? "numerator" : "denominator";
        *why = "only ratio indicators take a numerator and a denominator";
        return false;
    }
    if (isnan(v->value) || isinf(v->value)) {
        *why = "a number is required";
        return false;
    }
    double x = v->value;
    if (strcmp(t, "percent") == 0 && (x < 0 || x > 100)) {
        *why = "a percent is between 0 and 100";
        return false;
    }
    if (strcmp(t, "bool") == 0 && x != 0 && x != 1) {
        *why = "a yes/no value is 1 (yes) or 0 (no)";
        return false;
    }
    if (strcmp(t, "count") == 0 && (x < 0 || x != floor(x))) {
        *why = "a count is a whole number, 0 or more";
        return false;
    }
    if (strcmp(t, "rank") == 0 && (x < 1 || x != floor(x))) {
        *why = "a rank is a whole number, 1 or more";
        return false;
    }
    return true;
}

/* ---- roll-up ---- */

static bool uses_extremes(const char *agg)
{
    return strcmp(agg, "min") == 0 || strcmp(agg, "max") == 0;
}

struct rollup ind_contribution(const struct indicator *ind, const struct ivalue *v)
{
    struct rollup r = {.n = 1, .late = v->late ? 1 : 0, .total = v->value, .lo = NAN,
                       .hi = NAN};
    if (strcmp(ind->aggregation, "wratio") == 0) {
        r.num = v->numerator;
        r.den = v->denominator;
    }
    if (uses_extremes(ind->aggregation)) r.lo = r.hi = v->value;
    return r;
}

bool ind_total(const struct indicator *ind, const struct ivalue *own, const struct rollup *below,
               double *value)
{
    const char *a = ind->aggregation;
    int64_t n = below ? below->n : 0;
    if (strcmp(a, "none") == 0 || n <= 0) {
        if (!own) return false;
        *value = own->value;
        return true;
    }
    if (strcmp(a, "sum") == 0 || strcmp(a, "latest") == 0) {
        *value = below->total + (own ? own->value : 0);
    } else if (strcmp(a, "avg") == 0) {
        *value = (below->total + (own ? own->value : 0)) / (double)(n + (own ? 1 : 0));
    } else if (strcmp(a, "wratio") == 0) {
        double num = below->num + (own ? own->numerator : 0);
        double den = below->den + (own ? own->denominator : 0);
        if (den <= 0) return false;
        *value = num / den * (ind->ratio_scale > 0 ? ind->ratio_scale : 100);
    } else if (strcmp(a, "min") == 0) {
        *value = own && !(own->value >= below->lo) ? own->value : below->lo;
    } else if (strcmp(a, "max") == 0) {
        *value = own && !(own->value <= below->hi) ? own->value : below->hi;
    } else {
        return false;
    }
    return !isnan(*value);
}

bool ind_over_time(const struct indicator *ind, const struct time_point *pts, int n,
                   double *value)
{
    if (n <= 0) return false;
    const char *a = ind->aggregation;
    double acc = 0, num = 0, den = 0;
    if (strcmp(a, "sum") == 0) {
        for (int i = 0; i < n; i++) acc += pts[i].value;
        *value = acc;
    } else if (strcmp(a, "avg") == 0) {
        for (int i = 0; i < n; i++) acc += pts[i].value;
        *value = acc / n;
    } else if (strcmp(a, "wratio") == 0) {
        for (int i = 0; i < n; i++) num += pts[i].num, den += pts[i].den;
        if (den <= 0) return false;
        *value = num / den * (ind->ratio_scale > 0 ? ind->ratio_scale : 100);
    } else if (strcmp(a, "min") == 0 || strcmp(a, "max") == 0) {
        bool min = a[1] == 'i';
        acc = pts[0].value;
        for (int i = 1; i < n; i++)
            if (min ? pts[i].value < acc : pts[i].value > acc) acc = pts[i].value;
        *value = acc;
    } else {
        *value = pts[n - 1].value;    /* latest, none */
    }
    return true;
}

/* ---- evaluation ---- */

const char *ind_status_code(enum ind_status s)
{
    static const char *const c[] = {"none", "on", "near", "off"};
    return c[s];
}
const char *ind_status_colour(enum ind_status s)
{
    static const char *const c[] = {"grey", "green", "yellow", "red"};
    return c[s];
}

bool ind_target_met(const struct indicator_target *t, double v)
{
    const char *c = t->comparator;
    if (strcmp(c, ">=") == 0) return v >= t->value;
    if (strcmp(c, ">") == 0) return v > t->value;
    if (strcmp(c, "<=") == 0) return v <= t->value;
    if (strcmp(c, "<") == 0) return v < t->value;
    if (strcmp(c, "=") == 0) return fabs(v - t->value) < 1e-9;
    if (strcmp(c, "between") == 0)
        return v >= t->value && (isnan(t->value_high) || v <= t->value_high);
    return false;
}

/* Least-squares line through the last points (at most 8), evaluated at T. */
static bool trend_at(const struct time_point *pts, int n, double t, double *out)
{
    int first = n > 8 ? n - 8 : 0, k = n - first;
    if (k < 2) return false;
    double st = 0, sv = 0, stt = 0, stv = 0;
    for (int i = first; i < n; i++) {
        st += pts[i].t;
        sv += pts[i].value;
        stt += pts[i].t * pts[i].t;
        stv += pts[i].t * pts[i].value;
    }
    double d = k * stt - st * st;
    if (fabs(d) < 1e-12) return false;
    double slope = (k * stv - st * sv) / d, icpt = (sv - slope * st) / k;
    *out = icpt + slope * t;
    return true;
}

void ind_evaluate(const struct indicator *ind, const struct indicator_target *targets,
                  int n_targets, const struct time_point *series, int n,
                  const struct time_point *trend, int n_trend, struct evaluation *e)
{
    if (!trend) trend = series, n_trend = n;
    memset(e, 0, sizeof *e);
    e->status = IND_NONE;
    e->tolerance = isnan(ind->near_tolerance) || ind->near_tolerance < 0 ? IND_NEAR_DEFAULT
                                                                          : ind->near_tolerance;
    if (n <= 0) {
        e->reason = "no_value";
        return;
    }
    e->has_latest = true;
    e->latest = series[n - 1].value;
    e->latest_t = series[n - 1].t;
    if (ind->baseline_year && !isnan(ind->baseline_value)) {
        e->has_baseline = true;
        e->baseline = ind->baseline_value;
        e->baseline_t = ind->baseline_year;
    } else {
        e->has_baseline = true;     /* no stated baseline: the first value reported */
        e->baseline = series[0].value;
        e->baseline_t = series[0].t;
    }
    /* The target the path heads for: the first one at or after the latest value, else the last
     * one; the path starts at the previous target (or the baseline). */
    const struct indicator_target *tgt = NULL, *prev = NULL;
    for (int i = 0; i < n_targets; i++) {
        if (targets[i].year <= e->baseline_t) continue;
        tgt = &targets[i];
        if (targets[i].year >= e->latest_t) break;
        prev = tgt;
    }
    if (!tgt) {
        e->reason = n_targets ? "targets_before_baseline" : "no_target";
        return;
    }
    if (prev == tgt) prev = NULL;
    e->target_year = tgt->year;
    e->target_value = tgt->value;
    bool down = strcmp(ind->direction, "down") == 0;
    if (trend_at(trend, n_trend, tgt->year, &e->projected)) {
        e->has_projection = true;
        e->projected_meets = ind_target_met(tgt, e->projected);
    }
    if (strcmp(ind->direction, "range") == 0 || strcmp(ind->value_type, "bool") == 0 ||
        strcmp(tgt->comparator, "between") == 0 || strcmp(tgt->comparator, "=") == 0) {
        /* No path to walk: in the band or not. */
        if (ind_target_met(tgt, e->latest)) {
            e->status = IND_ON;
            e->reason = "target_met";
        } else {
            double width = !isnan(tgt->value_high) ? fabs(tgt->value_high - tgt->value)
                                                   : fabs(tgt->value);
            double miss = e->latest < tgt->value ? tgt->value - e->latest
                                                 : e->latest - (isnan(tgt->value_high)
                                                                    ? tgt->value
                                                                    : tgt->value_high);
            e->status = miss <= width * e->tolerance / 100 ? IND_NEAR : IND_OFF;
            e->reason = "outside_target";
        }
        return;
    }
    double from_t = prev ? prev->year : e->baseline_t;
    double from_v = prev ? prev->value : e->baseline;
    double span = tgt->year - from_t, length = fabs(tgt->value - from_v);
    double frac = span > 0 ? (e->latest_t - from_t) / span : 1;
    if (frac > 1) frac = 1;
    if (frac < 0) frac = 0;
    e->expected = from_v + (tgt->value - from_v) * frac;
    e->has_expected = true;
    double ahead = down ? e->expected - e->latest : e->latest - e->expected;
    if (ahead >= -1e-9 || ind_target_met(tgt, e->latest)) {
        e->status = IND_ON;
        e->reason = "on_path";
    } else if (-ahead <= (length > 0 ? length : fabs(tgt->value)) * e->tolerance / 100) {
        e->status = IND_NEAR;
        e->reason = "near_path";
    } else {
        e->status = IND_OFF;
        e->reason = "off_path";
    }
}

/* ---- data quality ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool ind_outlier(double v, const double *sample, int n, int min)
{
    if (n < min || n <= 0) return false;
    double *w = malloc((size_t)n * sizeof *w);
    if (!w) return false;
    memcpy(w, sample, (size_t)n * sizeof *w);
    double med = median(w, n);
    for (int i = 0; i < n; i++) w[i] = fabs(w[i] - med);
    double mad = median(w, n);
    free(w);
    if (mad == 0) return fabs(v - med) > fabs(med) / 2 && v != med;
    return fabs(0.6745 * (v - med) / mad) > 3.5;
}

/* ---- copies ---- */

void indicator_hold(struct indicator_buf *b, const struct indicator *src)
{
    b->i = *src;
#define HOLD(field, buf) util_copy(b->buf, sizeof b->buf, src->field ? src->field : ""), \
                         b->i.field = b->buf
    HOLD(code, code);
    HOLD(programme_code, programme);
    HOLD(document_key, document);
    HOLD(goal, goal);
    HOLD(name, name);
    HOLD(unit_of_measure, uom);
    HOLD(direction, direction);
    HOLD(value_type, value_type);
    HOLD(aggregation, aggregation);
    HOLD(period_type, period_type);
    HOLD(reporters, reporters);
    HOLD(part_of_code, part_of);
    HOLD(quote, quote);
    HOLD(created_at, created_at);
    HOLD(updated_at, updated_at);
#undef HOLD
}

bool ind_reports(const char *reporters, const char *kind, const char *code)
{
    /* A former province was a province while it existed: it reported what provinces report. */
    if (strcmp(kind, "former_province") == 0 && ind_reports(reporters, "province", code))
        return true;
    const char *p = reporters;
    while (p && *p) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if ((strlen(kind) == n && strncmp(p, kind, n) == 0) ||
            (strlen(code) == n && strncmp(p, code, n) == 0))
            return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

char *ind_search_text(const char *name, const char *code)
{
    char *folded = text_fold(name);
    size_t len = folded ? strlen(folded) + strlen(code) + 2 : 0;
    char *search = folded ? malloc(len) : NULL;
    if (search) {
        int at = snprintf(search, len, "%s ", folded);
        for (const char *c = code; *c; c++)
            search[at++] = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
        search[at] = '\0';
    }
    free(folded);
    return search;
}
