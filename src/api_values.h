/* Entering indicator values, shared by the values API (api_values.c) and the importers
 * (api_values_io.c): value_prepare() checks one value outside any transaction (who may enter it,
 * the indicator, the unit, the period, the type); value_apply() writes it inside the caller's
 * transaction (approval lock, version conflict, flags, roll-up, audit). */
#ifndef NQ57_API_VALUES_H
#define NQ57_API_VALUES_H
#include "http.h"
#include "indicator.h"

struct value_input {
    const char *indicator, *unit, *period, *source;
    double value, numerator, denominator;   /* NAN when absent */
    int64_t base_version;                   /* -1: overwrite whatever is there */
};
struct value_job {
    struct value_input in;
    struct indicator_buf ind;
    struct unit unit;
    struct period period;
    struct ivalue v;
    char flags[128];
    /* A failure: HTTP status, error code, field and message; CURRENT the value in the way of a
     * version conflict (owned by the job's user, may be NULL). */
    int status;
    const char *code, *field;
    char message[400];
    json_t *current;
};
bool value_prepare(struct store *st, const struct principal *who, struct value_job *j);
/* ST_CONFLICT with J->status set: the form is approved or the version moved on. */
enum store_rc value_apply(struct store *st, const char *actor, struct value_job *j);
/* A store callback copying the numbers of a value into CTX (a struct ivalue); its strings are
 * cleared (they do not outlive the callback). */
void value_copy(void *ctx, const struct ivalue *v);
json_t *value_warnings(const char *flags);
json_t *value_warnings_from_array(json_t *flags);

/* api_indicators.c */
enum store_rc indicator_find(struct store *st, const char *code, struct indicator_buf *b);
bool indicator_load(struct req *r, const char *code, struct indicator_buf *b);
bool unit_param(struct req *r, const char *name, struct unit *u);
json_t *indicator_json(struct store *st, const struct indicator *i);
/* The evaluation of IND at U from the periods begun by AS_OF (NULL: all); caller owns it. */
json_t *indicator_evaluation_json(struct store *st, const struct indicator *ind,
                                  const struct unit *u, const char *as_of, bool with_series);
/* The latest period of IND already due before DAY (what completeness is asked for by default). */
void indicator_due_period(const struct indicator *ind, const char *day, struct period *p);
/* The indicators a unit's summary and dashboard evaluate (at most INDICATORS_MAX): all of them
 * for the nation; otherwise those the unit reports and, for a province or city, those its
 * communes report. W->items is calloc'd: the caller frees it. */
#define INDICATORS_MAX 200
struct wanted { const struct unit *u; struct indicator_buf *items; int n; };
enum store_rc indicators_for_unit(struct store *st, const struct unit *u, struct wanted *w);
/* Completeness of IND for PERIOD at U: due, on time, late, missing (and the units, filtered by
 * FILTER, at most LIMIT). With AS_OF (a past day; NULL: now) a value first entered after that
 * day counts as missing, so the dashboard as of a day shows what was there then. */
json_t *indicator_completeness_json(struct store *st, const struct indicator *ind,
                                    const struct unit *u, const char *period, const char *as_of,
                                    const char *filter, int limit, bool with_units);
#endif
