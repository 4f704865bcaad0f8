/* What `nq57 init` makes of the indicator files: after seed_bundled() every indicator of
 * data/indicators.csv is in the store with its targets and the loader's defaults; a bad file is
 * refused with its file, line and field named; after the demo the synthetic values exist only
 * for months already due, the roll-ups at the root equal a recomputation from the values, and
 * some values are late and some unit-months missing. Today is pinned to 2025-09-15: July
 * (due 10 August) and August (due 10 September) are due, September is not. */
#include "check.h"
#include "csvread.h"
#include "embedded.h"
#include "indicator.h"
#include "seed.h"
#include "store/store.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

static struct store *st;

static bool near(double a, double b)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    return fabs(a - b) <= 1e-9 * (1 + fabs(a) + fabs(b));
}

static void count_one(void *ctx, const struct indicator *i)
{
    (void)i;
    (*(int *)ctx)++;
}
static void hold(void *ctx, const struct indicator *i) { indicator_hold(ctx, i); }
static bool load(const char *code, struct indicator_buf *b)
{
    int64_t id;
    return st->indicator_id(st, code, &id) == ST_OK &&
           st->indicator_list(st, id, NULL, NULL, hold, b) == ST_OK;
}

struct targets { int n; struct { int year; char cmp[8]; double value, high; } t[8]; };
static void note_target(void *ctx, const struct indicator_target *t)
{
    struct targets *s = ctx;
    if (s->n == 8) return;
    s->t[s->n].year = t->year;
    snprintf(s->t[s->n].cmp, sizeof s->t[s->n].cmp, "%s", t->comparator);
    s->t[s->n].value = t->value;
    s->t[s->n].high = t->value_high;
    s->n++;
}
static struct targets targets_of(int64_t id)
{
    struct targets s = {0};
    st->targets_list(st, id, note_target, &s);
    return s;
}

/* Every row of the bundled files is in the store; the targets per indicator as many as rows. */
static void check_bundled(void)
{
    const struct embedded_file *fi = embedded_find("data/indicators.csv");
    const struct embedded_file *ft = embedded_find("data/indicator_targets.csv");
    char err[256];
    struct csv_table ti, tt;
    CHECK(fi && ft && csv_table_parse((const char *)fi->data, fi->len, &ti, err, sizeof err) &&
              csv_table_parse((const char *)ft->data, ft->len, &tt, err, sizeof err),
          "embedded indicator files");
    if (!fi || !ft) return;
    int missing = 0, wrong_targets = 0;
    for (size_t i = 0; i < ti.rows; i++) {
        const char *code = csv_cell(&ti, i, csv_col(&ti, "code"));
        struct indicator_buf b;
        if (!load(code, &b)) {
            CHECK(missing++ < 0, "%s is not in the store", code);
            continue;
        }
        int want = 0;
        for (size_t r = 0; r < tt.rows; r++)
            want += !strcmp(csv_cell(&tt, r, csv_col(&tt, "indicator")), code);
        struct targets s = targets_of(b.i.id);
        if (s.n != want) CHECK(wrong_targets++ < 0, "%s: %d targets, want %d", code, s.n, want);
        /* The columns as written, the loader's defaults for the rest. */
        CHECK_STR(b.i.name, csv_cell(&ti, i, csv_col(&ti, "name")));
        CHECK_STR(b.i.reporters, csv_cell(&ti, i, csv_col(&ti, "reporters")));
        CHECK_STR(b.i.part_of_code, csv_cell(&ti, i, csv_col(&ti, "part_of")));
        CHECK(b.i.due_days == 90 && b.i.ratio_scale == 100 && b.i.required &&
                  b.i.baseline_year == 0 && isnan(b.i.baseline_value) &&
                  isnan(b.i.near_tolerance),
              "%s: due %d scale %g required %d baseline %d %g tolerance %g", code, b.i.due_days,
              b.i.ratio_scale, b.i.required, b.i.baseline_year, b.i.baseline_value,
              b.i.near_tolerance);
    }
    CHECK(missing == 0 && wrong_targets == 0, "%d missing, %d with other targets", missing,
          wrong_targets);
    CHECK(ti.rows == 28, "28 national indicators, got %zu", ti.rows);
    csv_table_free(&ti);
    csv_table_free(&tt);

    /* The digital economy: >= 30 % of GDP by 2030, >= 50 % by 2045. */
    struct indicator_buf b;
    CHECK(load("NQ57-II-KTS-GDP", &b), "digital economy");
    struct targets s = targets_of(b.i.id);
    CHECK(s.n == 2 && s.t[0].year == 2030 && !strcmp(s.t[0].cmp, ">=") && s.t[0].value == 30 &&
              isnan(s.t[0].high) && s.t[1].year == 2045 && !strcmp(s.t[1].cmp, ">=") &&
              s.t[1].value == 50,
          "digital economy targets: %d, %d %s %g, %d %s %g", s.n, s.t[0].year, s.t[0].cmp,
          s.t[0].value, s.t[1].year, s.t[1].cmp, s.t[1].value);
    CHECK_STR(b.i.unit_of_measure, "% GDP");
    CHECK_STR(b.i.programme_code, "57-NQ/TW");
    /* A band, and a part of a whole resolved by code. */
    CHECK(load("NQ57-II-DKSC", &b), "patents");
    s = targets_of(b.i.id);
    CHECK(s.n == 1 && !strcmp(s.t[0].cmp, "between") && s.t[0].value == 16 && s.t[0].high == 18,
          "patents 16-18");
    CHECK(load("NQ57-III-KTS-NGANH", &b), "sectors' digital economy");
    CHECK_STR(b.i.part_of_code, "NQ57-II-KTS-GDP");
    /* Found by its folded name and by its code in lower case. */
    int by_name = 0, by_code = 0;
    st->indicator_list(st, 0, "quy mo kinh te so", NULL, count_one, &by_name);
    st->indicator_list(st, 0, "nq57-ii-kts-gdp", NULL, count_one, &by_code);
    CHECK(by_name >= 1 && by_code == 1, "search: %d by name, %d by code", by_name, by_code);
}

static int n_listed;

/* A bad row is refused with the file, its line and the field. */
static void check_errors(void)
{
    static const char head[] = "code,programme,document,goal,name,unit_of_measure,direction,"
                               "value_type,aggregation,period_type,reporters,baseline_year,"
                               "baseline_value,near_tolerance,part_of,required,quote\n";
    static const char good[] = "T-A,,,,A,%,up,percent,avg,month,commune,,,,,1,\n";
    static const char thead[] = "indicator,year,comparator,value,value_high,text\n";
    static const struct {
        const char *rows, *targets, *want;
    } cases[] = {
        {"T-A,,,,A,%,upward,percent,avg,month,commune,,,,,1,\n", "",
         "i.csv line 2, field direction"},
        {"T-A,,,,A,%,up,percent,sum,month,commune,,,,,1,\n", "", "i.csv line 2, field aggregation"},
        {"T-A,,,,A,%,up,percent,avg,week,commune,,,,,1,\n", "", "i.csv line 2, field period_type"},
        {"T-A,,,,A,%,up,percent,avg,month,commune,2024,,,,1,\n", "",
         "i.csv line 2, field baseline_value"},
        {"T-A,,,,A,%,up,percent,avg,month,commune,,,x,,1,\n", "",
         "i.csv line 2, field near_tolerance"},
        {"T-A,,,,A,%,up,percent,avg,month,commune,,,,,yes,\n", "", "i.csv line 2, field required"},
        {"T-A,NOPE,,,A,%,up,percent,avg,month,commune,,,,,1,\n", "",
         "i.csv line 2, field programme"},
        {"T-B,,,,B,%,up,percent,avg,month,commune,,,,T-A,1,\n"
         "T-A,,,,A,%,up,percent,avg,month,commune,,,,,1,\n", "", "i.csv line 2, field part_of"},
        {"T-A,,,,A,%,up,percent,avg,month,commune,,,,,1,\nT-A,,,,A,%,up,percent,avg,month,"
         "commune,,,,,1,\n", "", "i.csv line 3, field code"},
        {good, "T-A,2030,>=,x,,\n", "t.csv line 2, field value"},
        {good, "T-A,2030,~,1,,\n", "t.csv line 2, field comparator"},
        {good, "T-A,2030,between,1,,\n", "t.csv line 2, field value_high"},
        {good, "T-A,2030,>=,1,2,\n", "t.csv line 2, field value_high"},
        {good, "T-A,2030,>=,1,,\nT-A,2030,>=,2,,\n", "t.csv line 3, field year"},
        {good, "T-A,2030,>=,1,,\nT-Z,2030,>=,2,,\n", "t.csv line 3, field indicator"},
    };
    int before = 0, after = 0;
    st->indicator_list(st, 0, NULL, NULL, count_one, &before);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char ind[1024], tgt[512], err[300];
        snprintf(ind, sizeof ind, "%s%s", head, cases[k].rows);
        snprintf(tgt, sizeof tgt, "%s%s", thead, cases[k].targets);
        int rc = seed_indicators_csv(st, "test", ind, strlen(ind), "i.csv", tgt, strlen(tgt),
                                     "t.csv", err, sizeof err);
        CHECK(rc != 0 && strstr(err, cases[k].want), "case %zu: rc %d, \"%s\", want \"%s\"", k,
              rc, err, cases[k].want);
    }
    st->indicator_list(st, 0, NULL, NULL, count_one, &after);
    CHECK(before == after, "a refused file leaves nothing behind: %d then %d", before, after);
    n_listed = after;
}

/* ---- the demo ---- */

struct brute {
    const struct indicator *ind;
    int64_t root;
    struct rollup r;
    long values, late, invalid;
};
static void add_value(void *ctx, const struct ivalue *v)
{
    struct brute *b = ctx;
    b->values++;
    b->late += v->late;
    struct ivalue copy = *v;
    const char *field, *why;
    if (!ind_value_check(b->ind, &copy, &field, &why) || !near(copy.value, v->value))
        b->invalid++;
    if (v->unit_id == b->root) return;      /* the root's own value is not below it */
    struct rollup c = ind_contribution(b->ind, v);
    b->r.n += c.n;
    b->r.late += c.late;
    b->r.total += c.total;
    b->r.num += c.num;
    b->r.den += c.den;
    if (isnan(b->r.lo) || v->value < b->r.lo) b->r.lo = v->value;
    if (isnan(b->r.hi) || v->value > b->r.hi) b->r.hi = v->value;
}

/* The total a unit shows from N values, the brute-force way. */
static double total_of(const struct indicator *ind, const struct rollup *r)
{
    const char *a = ind->aggregation;
    return !strcmp(a, "sum") || !strcmp(a, "latest") ? r->total
         : !strcmp(a, "avg")                         ? r->total / (double)r->n
         : !strcmp(a, "wratio")                      ? r->num / r->den * 100
         : !strcmp(a, "min")                         ? r->lo
                                                     : r->hi;
}

struct completeness { long expected, reported, late, wrong_late; const char *due; };
static void count_reporter(void *ctx, const struct reporting_unit *u)
{
    struct completeness *c = ctx;
    c->expected++;
    c->reported += u->reported;
    c->late += u->late;
    if (u->reported && u->late != (strcmp(u->first_day, c->due) > 0)) c->wrong_late++;
}

static void check_demo(void)
{
    struct unit vn;
    CHECK(st->unit_get(st, "VN", NULL, &vn) == ST_OK, "VN");
    static const char *const codes[] = {"DEMO-DVC-TOANTRINH", "DEMO-CB-KYNANGSO",
                                        "DEMO-CB-KYNANGSO-AI", "DEMO-BANGRONG-HO",
                                        "DEMO-PHUSONG-THON", "DEMO-TTHC-TREHAN",
                                        "DEMO-CONG-DULIEU", "DEMO-CSDL-KETNOI", "DEMO-NS-CDS"};
    static const char *const periods[] = {"2025-07", "2025-08"};
    long all = 0, late = 0;
    for (size_t k = 0; k < sizeof codes / sizeof codes[0]; k++) {
        struct indicator_buf b;
        if (!load(codes[k], &b)) {
            CHECK(false, "%s not loaded", codes[k]);
            continue;
        }
        CHECK(b.i.due_days == 10, "%s: monthly values due after 10 days", codes[k]);
        for (size_t p = 0; p < 2; p++) {
            struct brute br = {.ind = &b.i, .root = vn.id, .r = {.lo = NAN, .hi = NAN}};
            struct value_query q = {.indicator_id = b.i.id, .period = periods[p]};
            CHECK(st->value_list(st, &q, add_value, &br) == ST_OK, "value_list");
            CHECK(br.values > 0 && br.invalid == 0, "%s %s: %ld values, %ld invalid", codes[k],
                  periods[p], br.values, br.invalid);
            all += br.values;
            late += br.late;
            struct rollup got;
            CHECK(st->rollup_get(st, b.i.id, vn.id, periods[p], &got) == ST_OK, "rollup %s %s",
                  codes[k], periods[p]);
            bool ext = !strcmp(b.i.aggregation, "min") || !strcmp(b.i.aggregation, "max");
            CHECK(got.n == br.r.n && got.late == br.r.late && near(got.total, br.r.total) &&
                      near(got.num, br.r.num) && near(got.den, br.r.den) &&
                      (!ext || (near(got.lo, br.r.lo) && near(got.hi, br.r.hi))),
                  "%s %s: n %lld/%lld late %lld/%lld total %g/%g", codes[k], periods[p],
                  (long long)got.n, (long long)br.r.n, (long long)got.late,
                  (long long)br.r.late, got.total, br.r.total);
            double total;
            CHECK(ind_total(&b.i, NULL, &got, &total) && near(total, total_of(&b.i, &br.r)),
                  "%s %s: total %g, brute force %g", codes[k], periods[p], total,
                  total_of(&b.i, &br.r));
            /* Completeness: units expected, most reported, a few missing. */
            struct period per;
            char due[ISO_DATE_LEN];
            period_parse(periods[p], "month", &per);
            period_due(&per, b.i.due_days, due);
            struct completeness c = {.due = due};
            CHECK(st->reporting_units(st, b.i.id, per.code, b.i.reporters, "/", per.from,
                                      per.to, count_reporter, &c) == ST_OK, "reporting_units");
            CHECK(c.reported == br.values && c.wrong_late == 0 &&
                      (c.expected < 1000 || c.reported < c.expected),
                  "%s %s: %ld of %ld reported (%ld values), %ld late flags wrong", codes[k],
                  periods[p], c.reported, c.expected, br.values, c.wrong_late);
            if (b.i.required && c.expected > 1000)
                CHECK(c.expected - c.reported > c.expected / 50 &&
                          c.expected - c.reported < c.expected / 10,
                      "%s %s: about 5 %% missing: %ld of %ld", codes[k], periods[p],
                      c.expected - c.reported, c.expected);
        }
        /* Nothing for a month not yet due. */
        long later = 0;
        struct value_query q = {.indicator_id = b.i.id, .period_from = "2025-09"};
        struct brute br = {.ind = &b.i, .r = {.lo = NAN, .hi = NAN}};
        st->value_list(st, &q, add_value, &br);
        later = br.values;
        CHECK(later == 0, "%s: %ld values for September or later", codes[k], later);
    }
    CHECK(late * 20 > all && late * 20 < all * 3, "about 10 %% late: %ld of %ld", late, all);

    /* The trend: the share of dossiers settled online rises from July to August at the root. */
    struct indicator_buf b;
    struct rollup jul, aug;
    double t7, t8;
    CHECK(load("DEMO-DVC-TOANTRINH", &b) &&
              st->rollup_get(st, b.i.id, vn.id, "2025-07", &jul) == ST_OK &&
              st->rollup_get(st, b.i.id, vn.id, "2025-08", &aug) == ST_OK &&
              ind_total(&b.i, NULL, &jul, &t7) && ind_total(&b.i, NULL, &aug, &t8) && t8 > t7,
          "a rising share");
}

int main(void)
{
    setenv("NQ57_TODAY", "2025-09-15", 1);
    char path[] = "/tmp/nq57-indseed-XXXXXX", err[400];
    close(mkstemp(path));
    st = store_open(path, err, sizeof err);
    int applied;
    if (!st || st->migrate(st, &applied) != ST_OK) return 2;
    CHECK(seed_bundled(st, err, sizeof err) == 0, "seed_bundled: %s", err);
    check_bundled();
    check_errors();
    CHECK(seed_demo(st, 57, err, sizeof err) == 0, "seed_demo: %s", err);
    CHECK(seed_demo_indicators(st, 57, true, err, sizeof err) == 0, "demo indicators: %s", err);
    int n = 0;
    st->indicator_list(st, 0, NULL, NULL, count_one, &n);
    CHECK(n == n_listed + 11, "11 demo indicators: %d then %d", n_listed, n);
    check_demo();
    st->close(st);
    unlink(path);
    char side[64];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    return check_done("indicators_seed");
}
