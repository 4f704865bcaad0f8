/* The rules of indicators (SPEC "Indicators", docs/rules.md "Indicators"): periods, value
 * validation, how values combine up the tree and over time, evaluation against the path from
 * baseline to target, and outlier flags. Pure functions, no database: src/rollup.c and the API
 * use them, tests/unit/test_indicator.c checks them. */
#ifndef NQ57_INDICATOR_H
#define NQ57_INDICATOR_H
#include "store/store.h"
#include "util.h"

#include <stdbool.h>

/* ---- enumerations ---- */
bool ind_direction_valid(const char *s);    /* up | down | range */
bool ind_value_type_valid(const char *s);   /* number | percent | ratio | bool | count | rank */
bool ind_aggregation_valid(const char *s);  /* sum | avg | wratio | min | max | latest | none */
bool ind_period_type_valid(const char *s);  /* month | quarter | half | year */
bool ind_comparator_valid(const char *s);   /* >= | <= | > | < | = | between */
/* Whether an aggregation suits a value type ("wratio" only for ratios, and only "wratio" or
 * "none" for them; "sum" not for percents or ranks). On false, *WHY says why. */
bool ind_aggregation_fits(const char *aggregation, const char *value_type, const char **why);

/* ---- periods ----
 * month "2025-01", quarter "2025Q1", half-year "2025S1", year "2025" (DHIS2's forms, with a
 * dash in months so that they sort and read as ISO dates). */
struct period {
    char type;                      /* 'm' 'q' 'h' 'y' */
    int year, index;                /* index: month 1-12, quarter 1-4, half 1-2, year 1 */
    char from[32], to[32];          /* first and last day (ISO) */
    char code[32];
};
/* Parses S as a period of TYPE ("month"... or NULL for any type). */
bool period_parse(const char *s, const char *type, struct period *p);
/* The period of TYPE that contains the valid date DATE. */
void period_containing(const char *type, const char *date, struct period *p);
void period_prev(const struct period *p, struct period *out);
void period_next(const struct period *p, struct period *out);
/* The day a value for P is due: DUE_DAYS after its last day. */
void period_due(const struct period *p, int due_days, char out[ISO_DATE_LEN]);
/* The period on a time axis where year Y's figure sits at Y: the end of P as a year fraction
 * minus one (December 2025 -> 2025.0, June 2025 -> 2024.5). */
double period_time(const struct period *p);
/* ISO 8601 "start/duration" form used by ADX ("2025-01-01/P1M"), and back. */
void period_iso(const struct period *p, char out[24]);
bool period_from_iso(const char *s, struct period *p);

/* ---- values ---- */
/* Checks a value against the indicator's type; fills V->value for ratios from the parts. On
 * false, *FIELD and *WHY say what is wrong. */
bool ind_value_check(const struct indicator *ind, struct ivalue *v, const char **field,
                     const char **why);

/* ---- roll-up ----
 * A value's contribution to the roll-ups above it. */
struct rollup ind_contribution(const struct indicator *ind, const struct ivalue *v);
/* A unit's total for one period from its own value (NULL if none) and the roll-up of what is
 * below it. False when there is nothing to show. "none" aggregates nothing: only the own value. */
bool ind_total(const struct indicator *ind, const struct ivalue *own, const struct rollup *below,
               double *value);
/* Combining period totals over time into a longer period (a year's figure from months):
 * sum -> sum; avg -> mean; wratio -> sum of parts; min/max -> min/max; latest, none -> last.
 * For wratio pass the summed parts in the rollups. */
struct time_point { double t; double value; double num, den; };
bool ind_over_time(const struct indicator *ind, const struct time_point *pts, int n,
                   double *value);

/* ---- evaluation ---- */
enum ind_status { IND_NONE, IND_ON, IND_NEAR, IND_OFF };
const char *ind_status_code(enum ind_status s);          /* none | on | near | off */
const char *ind_status_colour(enum ind_status s);        /* grey | green | yellow | red */
struct evaluation {
    enum ind_status status;
    const char *reason;             /* why, in a few words (English code) */
    bool has_latest, has_expected, has_projection, has_baseline;
    double latest, latest_t;        /* the latest value and when */
    double baseline, baseline_t;    /* as stated or the first value */
    double expected;                /* where the path stands at latest_t */
    int target_year;                /* the target the path heads for (0: none) */
    double target_value;
    double projected;               /* value at target_year on the recent trend */
    bool projected_meets;           /* whether it meets that target */
    double tolerance;               /* near band, % of the path's length */
};
#define IND_NEAR_DEFAULT 10.0
/* SERIES: the indicator's time points in time order (annual figures at t = year); TREND: the
 * points the projection's line is fitted to (the annual figures when there are two or more, else
 * the periods'), NULL for SERIES. */
void ind_evaluate(const struct indicator *ind, const struct indicator_target *targets,
                  int n_targets, const struct time_point *series, int n,
                  const struct time_point *trend, int n_trend, struct evaluation *e);
bool ind_target_met(const struct indicator_target *t, double v);

/* ---- data quality ---- */
/* Robust outlier test: V against SAMPLE (at least MIN values), with the median and the median
 * absolute deviation; true when |0.6745 (v - median) / MAD| > 3.5, or, when MAD is 0, when V
 * differs from the median by more than half of it. */
bool ind_outlier(double v, const double *sample, int n, int min);

/* An indicator copied out of a store callback, with its own storage. */
struct indicator_buf {
    struct indicator i;
    char code[64], programme[64], document[96], goal[96], name[NAME_MAX_BYTES], uom[96];
    char direction[8], value_type[12], aggregation[12], period_type[12], reporters[512];
    char part_of[64], quote[4096], created_at[32], updated_at[32];
};
void indicator_hold(struct indicator_buf *b, const struct indicator *src);
/* Whether a unit of KIND and CODE is among REPORTERS (';'-list of codes and kinds). */
/* What indicator search matches: the folded name, a space, the code in lower case (malloc'd;
 * NULL when out of memory or the name is not valid text). */
char *ind_search_text(const char *name, const char *code);
/* A unit of kind "former_province" matches "province" (it was one while it existed). */
bool ind_reports(const char *reporters, const char *kind, const char *code);

#endif
