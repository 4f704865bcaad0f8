/* The rules of indicators (indicator.c): periods, value checks, totals, evaluation against the
 * path from baseline to target, and the outlier test. */
#include "check.h"
#include "indicator.h"

#include <math.h>

static struct indicator ind(const char *type, const char *agg, const char *dir)
{
    return (struct indicator){.code = "T", .name = "T", .direction = dir, .value_type = type,
                              .aggregation = agg, .period_type = "month", .reporters = "",
                              .part_of_code = "", .quote = "", .baseline_value = NAN,
                              .near_tolerance = NAN, .ratio_scale = 100, .due_days = 10};
}

static void periods(void)
{
    static const struct { const char *in, *type; bool ok; const char *from, *to, *code; } T[] = {
        {"2025-01", "month", true, "2025-01-01", "2025-01-31", "2025-01"},
        {"2024-02", NULL, true, "2024-02-01", "2024-02-29", "2024-02"},
        {"2025-02", NULL, true, "2025-02-01", "2025-02-28", "2025-02"},
        {"2025Q3", "quarter", true, "2025-07-01", "2025-09-30", "2025Q3"},
        {"2025S2", "half", true, "2025-07-01", "2025-12-31", "2025S2"},
        {"2025", "year", true, "2025-01-01", "2025-12-31", "2025"},
        {"2025-13", NULL, false, "", "", ""},
        {"2025-00", NULL, false, "", "", ""},
        {"2025Q5", NULL, false, "", "", ""},
        {"2025S3", NULL, false, "", "", ""},
        {"2025-1", NULL, false, "", "", ""},
        {"25-01", NULL, false, "", "", ""},
        {"2025-01", "year", false, "", "", ""},
        {"2025", "month", false, "", "", ""},
        {"1899", NULL, false, "", "", ""},
        {"", NULL, false, "", "", ""},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        struct period p;
        bool ok = period_parse(T[i].in, T[i].type, &p);
        CHECK(ok == T[i].ok, "period %s (%s)", T[i].in, T[i].type ? T[i].type : "any");
        if (ok && T[i].ok) {
            CHECK_STR(p.from, T[i].from);
            CHECK_STR(p.to, T[i].to);
            CHECK_STR(p.code, T[i].code);
        }
    }
    struct period p, q;
    period_parse("2025-01", NULL, &p);
    period_prev(&p, &q);
    CHECK_STR(q.code, "2024-12");
    period_parse("2025Q4", NULL, &p);
    period_next(&p, &q);
    CHECK_STR(q.code, "2026Q1");
    char due[ISO_DATE_LEN];
    period_parse("2025-12", NULL, &p);
    period_due(&p, 10, due);
    CHECK_STR(due, "2026-01-10");
    period_containing("quarter", "2025-08-17", &p);
    CHECK_STR(p.code, "2025Q3");
    period_parse("2025", NULL, &p);
    CHECK(period_time(&p) == 2025.0, "a year sits at its number");
    period_parse("2025-06", NULL, &p);
    CHECK(fabs(period_time(&p) - 2024.5) < 1e-9, "June is half a year before");
    /* ISO 8601 periods for ADX, both ways. */
    static const char *const ISO[][2] = {{"2025-01", "2025-01-01/P1M"}, {"2025Q2", "2025-04-01/P3M"},
                                         {"2025S2", "2025-07-01/P6M"}, {"2025", "2025-01-01/P1Y"}};
    for (size_t i = 0; i < 4; i++) {
        char iso[24];
        period_parse(ISO[i][0], NULL, &p);
        period_iso(&p, iso);
        CHECK_STR(iso, ISO[i][1]);
        CHECK(period_from_iso(ISO[i][1], &q) && strcmp(q.code, ISO[i][0]) == 0, "%s back", ISO[i][1]);
    }
    CHECK(!period_from_iso("2025-02-01/P3M", &q), "a quarter starts in Jan, Apr, Jul or Oct");
    CHECK(!period_from_iso("2025-01-01/P2W", &q), "weeks are not periods here");
}

static void values(void)
{
    static const struct { const char *type; double v, num, den; bool ok; const char *field; } T[] = {
        {"percent", 0, NAN, NAN, true, ""},         {"percent", 100, NAN, NAN, true, ""},
        {"percent", 100.5, NAN, NAN, false, "value"}, {"percent", -0.1, NAN, NAN, false, "value"},
        {"count", 3, NAN, NAN, true, ""},           {"count", 3.5, NAN, NAN, false, "value"},
        {"count", -1, NAN, NAN, false, "value"},    {"bool", 1, NAN, NAN, true, ""},
        {"bool", 0.5, NAN, NAN, false, "value"},    {"rank", 0, NAN, NAN, false, "value"},
        {"rank", 3, NAN, NAN, true, ""},            {"number", -5.5, NAN, NAN, true, ""},
        {"number", NAN, NAN, NAN, false, "value"},  {"number", 1, 2, NAN, false, "numerator"},
        {"ratio", NAN, 1, 4, true, ""},             {"ratio", NAN, 1, NAN, false, "denominator"},
        {"ratio", NAN, NAN, 4, false, "numerator"}, {"ratio", NAN, 1, 0, false, "denominator"},
        {"ratio", NAN, -1, 4, false, "numerator"},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        struct indicator d = ind(T[i].type, "avg", "up");
        struct ivalue v = {.value = T[i].v, .numerator = T[i].num, .denominator = T[i].den};
        const char *field = "", *why = "";
        bool ok = ind_value_check(&d, &v, &field, &why);
        CHECK(ok == T[i].ok, "%s %g %g/%g: %s", T[i].type, T[i].v, T[i].num, T[i].den, why);
        if (!ok) CHECK_STR(field, T[i].field);
        if (ok && !strcmp(T[i].type, "ratio")) CHECK(v.value == 25, "1/4 is 25 %%");
    }
    const char *why;
    CHECK(!ind_aggregation_fits("sum", "percent", &why), "percents do not add");
    CHECK(!ind_aggregation_fits("avg", "ratio", &why), "ratios aggregate as wratio");
    CHECK(ind_aggregation_fits("wratio", "ratio", &why), "wratio for ratios");
    CHECK(!ind_aggregation_fits("wratio", "count", &why), "wratio needs parts");
}

static void totals(void)
{
    struct rollup below = {.n = 3, .total = 30, .num = 3, .den = 12, .lo = 2, .hi = 20};
    struct ivalue own = {.value = 10, .numerator = 1, .denominator = 4};
    static const struct { const char *agg; double with_own, without; } T[] = {
        {"sum", 40, 30}, {"latest", 40, 30}, {"avg", 10, 10}, {"wratio", 25, 25},
        {"min", 2, 2}, {"max", 20, 20}, {"none", 10, NAN},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        struct indicator d = ind(!strcmp(T[i].agg, "wratio") ? "ratio" : "number", T[i].agg, "up");
        double v = NAN;
        CHECK(ind_total(&d, &own, &below, &v) && fabs(v - T[i].with_own) < 1e-9, "%s with own: %g",
              T[i].agg, v);
        bool has = ind_total(&d, NULL, &below, &v);
        CHECK(has == !isnan(T[i].without) && (!has || fabs(v - T[i].without) < 1e-9),
              "%s without own: %g", T[i].agg, v);
    }
    /* Over time: a year of months. */
    struct time_point m[3] = {{2024.1, 5, 1, 10}, {2024.2, 7, 3, 10}, {2024.3, 6, 6, 20}};
    static const struct { const char *agg; double want; } Y[] = {
        {"sum", 18}, {"avg", 6}, {"min", 5}, {"max", 7}, {"latest", 6}, {"wratio", 25}};
    for (size_t i = 0; i < sizeof Y / sizeof Y[0]; i++) {
        struct indicator d = ind(!strcmp(Y[i].agg, "wratio") ? "ratio" : "number", Y[i].agg, "up");
        double v;
        CHECK(ind_over_time(&d, m, 3, &v) && fabs(v - Y[i].want) < 1e-9, "%s over time: %g",
              Y[i].agg, v);
    }
}

static void evaluation(void)
{
    struct indicator d = ind("percent", "none", "up");
    d.baseline_year = 2024;
    d.baseline_value = 20;
    struct indicator_target t[2] = {{2030, ">=", 80, NAN, ""}, {2045, ">=", 95, NAN, ""}};
    /* The path: 20 in 2024 to 80 in 2030, 10 a year; in 2026 it stands at 40. Tolerance 10 % of
     * the 60-point journey: 6 points. */
    static const struct { double v; enum ind_status want; } T[] = {
        {45, IND_ON}, {40, IND_ON}, {35, IND_NEAR}, {34, IND_NEAR}, {33.9, IND_OFF}, {10, IND_OFF},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        struct time_point s[1] = {{2026, T[i].v, 0, 0}};
        struct evaluation e;
        ind_evaluate(&d, t, 2, s, 1, NULL, 0, &e);
        CHECK(e.status == T[i].want, "2026 at %g: %s", T[i].v, ind_status_code(e.status));
        CHECK(fabs(e.expected - 40) < 1e-9, "expected %g", e.expected);
        CHECK(e.target_year == 2030, "heads for 2030");
    }
    /* After 2030 the path heads for 2045, starting at the 2030 target. */
    struct time_point late[1] = {{2035, 85, 0, 0}};
    struct evaluation e;
    ind_evaluate(&d, t, 2, late, 1, NULL, 0, &e);
    CHECK(e.target_year == 2045 && fabs(e.expected - 85) < 1e-9 && e.status == IND_ON,
          "2035: %d %g", e.target_year, e.expected);
    /* Lower is better: a rank going from 80th to the top 50. */
    struct indicator r = ind("rank", "none", "down");
    r.baseline_year = 2024;
    r.baseline_value = 80;
    struct indicator_target top[1] = {{2030, "<=", 50, NAN, ""}};
    struct time_point rs[1] = {{2027, 66, 0, 0}};   /* path: 65 in 2027 */
    ind_evaluate(&r, top, 1, rs, 1, NULL, 0, &e);
    CHECK(e.status == IND_NEAR, "66th when the path says 65: near (%s)", ind_status_code(e.status));
    rs[0].value = 60;
    ind_evaluate(&r, top, 1, rs, 1, NULL, 0, &e);
    CHECK(e.status == IND_ON, "60th: on");
    /* Projection on the trend: +5 a year from 30 in 2025 reaches 55 in 2030, short of 80. */
    struct time_point tr[3] = {{2023, 20, 0, 0}, {2024, 25, 0, 0}, {2025, 30, 0, 0}};
    d.baseline_year = 0;
    d.baseline_value = NAN;
    ind_evaluate(&d, t, 2, tr, 3, NULL, 0, &e);
    CHECK(e.has_projection && fabs(e.projected - 55) < 1e-9 && !e.projected_meets,
          "projection %g", e.projected);
    CHECK(e.baseline == 20 && e.baseline_t == 2023, "no stated baseline: the first value");
    /* No values, no target. */
    ind_evaluate(&d, t, 2, tr, 0, NULL, 0, &e);
    CHECK(e.status == IND_NONE, "no value: none");
    ind_evaluate(&d, NULL, 0, tr, 3, NULL, 0, &e);
    CHECK(e.status == IND_NONE && !strcmp(e.reason, "no_target"), "no target: none");
    /* A band: between 16 and 18. */
    struct indicator g = ind("percent", "none", "range");
    struct indicator_target band[1] = {{2030, "between", 16, 18, ""}};
    static const struct { double v; enum ind_status want; } B[] = {
        {17, IND_ON}, {16, IND_ON}, {18.1, IND_NEAR}, {15.9, IND_NEAR}, {12, IND_OFF}};
    for (size_t i = 0; i < sizeof B / sizeof B[0]; i++) {
        struct time_point s[1] = {{2026, B[i].v, 0, 0}};
        ind_evaluate(&g, band, 1, s, 1, NULL, 0, &e);
        CHECK(e.status == B[i].want, "band at %g: %s", B[i].v, ind_status_code(e.status));
    }
}

static void outliers(void)
{
    double hist[] = {10, 11, 10, 12, 11, 10};
    CHECK(!ind_outlier(12, hist, 6, 4), "12 is ordinary");
    CHECK(ind_outlier(40, hist, 6, 4), "40 is far");
    CHECK(!ind_outlier(40, hist, 3, 4), "too little history to judge");
    double flat[] = {5, 5, 5, 5};
    CHECK(!ind_outlier(5, flat, 4, 4), "the same value");
    CHECK(ind_outlier(9, flat, 4, 4), "flat history: more than half away");
    CHECK(!ind_outlier(6, flat, 4, 4), "flat history: close");
}

static void reporters(void)
{
    CHECK(ind_reports("commune;ward", "ward", "P01-00001"), "by kind");
    CHECK(ind_reports("VN", "nation", "VN"), "by code");
    CHECK(!ind_reports("commune;ward", "province", "P01"), "other kind");
    CHECK(!ind_reports("commune", "commune2", "X"), "whole words only");
    CHECK(ind_reports("province;city", "former_province", "OLD-P01"), "former provinces were provinces");
    CHECK(!ind_reports("", "commune", "X"), "nobody");
}

int main(void)
{
    periods();
    values();
    totals();
    evaluation();
    outliers();
    reporters();
    return check_done("indicator");
}
