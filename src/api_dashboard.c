/* The leader's dashboard (GET /api/v1/dashboard) and the public programme page
 * (GET /api/v1/public/programme), SPEC "Dashboards".
 *
 * The dashboard answers in one reply everything the page draws, so that a leader on a slow
 * line waits for one round trip after the page itself: tasks by colour and the greening rate
 * with its monthly history, the red list, the ranking of the units below, the indicators
 * against their targets, reporting completeness and feedback. Nothing is
 * judged here: every number comes from the functions behind /tasks/summary, /tasks,
 * /indicators/{code}/evaluation and /indicators/{code}/completeness, so the dashboard and those
 * pages cannot disagree. Both routes go through the reply cache keyed by the data generations
 * (routes.c), so a repeat view costs one generation read.
 *
 * "As of" a past day: task colours and units as they stood that day (the task and unit stores
 * keep their history), indicator series cut to the periods begun by then, completeness for the
 * period that was last due that day counting only values first entered by then, and feedback
 * received, answered, open and overdue then. */
#include "api.h"
#include "api_values.h"
#include "auth.h"
#include "colour.h"
#include "indicator.h"
#include "util.h"
#include "views.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RED_LIST_MAX 10    /* the red list shows the worst ten; its total links to the rest */
#define TREND_MONTHS 12    /* greening-rate points: the day asked and the 11 months before */
#define SERIES_POINTS 12   /* the latest periods of an indicator, for its sparkline and chart */
#define GROUPS_MAX 16      /* task groups of a programme (57-NQ/TW has seven) */
#define NATION_CODE "VN"   /* the nation in the bundled unit tree (data/units.csv) */
#define PROGRAMME "57-NQ/TW"

/* DATE moved back K months, the day kept or clamped to the end of the shorter month. */
static void months_back(const char *date, int k, char out[ISO_DATE_LEN])
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 0, m = 1, d = 1;
    sscanf(date, "%d-%d-%d", &y, &m, &d);
    int index = y * 12 + (m - 1) - k;
    y = index / 12;
    m = index % 12 + 1;
    int last = days[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d > last) d = last;
    if (d < 1) d = 1;
    snprintf(out, ISO_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

static json_t *rate_or_null(const struct colour_counts *c)
{
    return c->green + c->done_late + c->red ? json_real(colour_greening_rate(c)) : json_null();
}

/* The way from the top of the reader's scope down to U: [{code, name}, ...], U last. */
static json_t *trail_json(struct req *r, const struct unit *u, const char *as_of)
{
    json_t *trail = json_array();
    json_array_append_new(trail, json_pack("{s:s, s:s}", "code", u->code, "name", u->name));
    char parent[CODE_MAX];
    util_copy(parent, sizeof parent, u->parent_code);
    for (int guard = 0; guard < 16 && *parent; guard++) {
        struct unit up;
        if (r->st->unit_get(r->st, parent, as_of, &up) != ST_OK || !auth_in_scope(&r->who, up.path))
            break;
        json_array_insert_new(trail, 0, json_pack("{s:s, s:s}", "code", up.code, "name", up.name));
        util_copy(parent, sizeof parent, up.parent_code);
    }
    return trail;
}

/* The days of the greening-rate trend: the same day of each of the TREND_MONTHS - 1 months
 * before DAY, then DAY itself. */
static void trend_days(const char *day, char days[TREND_MONTHS][DATE_LEN])
{
    for (int i = 0; i < TREND_MONTHS - 1; i++) months_back(day, TREND_MONTHS - 1 - i, days[i]);
    util_copy(days[TREND_MONTHS - 1], DATE_LEN, day);
}

/* The trend's points from the counts on each of its days (the last: the summary's day). */
static json_t *trend_json(char days[TREND_MONTHS][DATE_LEN],
                          const struct colour_counts counts[TREND_MONTHS])
{
    json_t *points = json_array();
    for (int i = 0; i < TREND_MONTHS; i++) {
        const struct colour_counts *c = &counts[i];
        json_array_append_new(points, json_pack("{s:s, s:o, s:i}", "as_of", days[i],
                                                "greening_rate", rate_or_null(c), "due",
                                                c->green + c->done_late + c->red));
    }
    return points;
}

/* The parts of an indicator's evaluation a card and its chart draw: status and colour, the
 * latest value, the target and where the path expects the unit to be, the last periods and
 * the path to the target. */
static json_t *indicator_card(const struct indicator *ind, json_t *e)
{
    json_t *series = json_array(), *p;
    json_t *periods = json_object_get(e, "periods");
    size_t n = json_array_size(periods), i;
    json_array_foreach(periods, i, p) {
        if (i + SERIES_POINTS < n) continue;
        json_array_append_new(series, json_pack("{s:O, s:O}", "period",
                                                json_object_get(p, "period"), "value",
                                                json_object_get(p, "value")));
    }
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:o, s:O}",
                     "code", ind->code, "name", ind->name, "unit_of_measure",
                     ind->unit_of_measure, "direction", ind->direction, "period_type",
                     ind->period_type, "status", json_object_get(e, "status"), "colour",
                     json_object_get(e, "colour"), "reason", json_object_get(e, "reason"),
                     "latest", json_object_get(e, "latest"), "target",
                     json_object_get(e, "target"), "expected", json_object_get(e, "expected"),
                     "projection", json_object_get(e, "projection"), "series", series, "path",
                     json_object_get(e, "path"));
}

static void add_count(json_t *o, const char *key, json_t *from)
{
    json_object_set_new(o, key, json_integer(json_integer_value(json_object_get(o, key)) +
                                             json_integer_value(json_object_get(from, key))));
}
static json_t *percent(json_int_t part, json_int_t whole)
{
    return whole ? json_real(round((double)part * 1000.0 / (double)whole) / 10.0) : json_null();
}

/* Indicator cards and reporting completeness for U: each indicator's latest period already due
 * on DAY, as /indicators/{code}/completeness gives it, and their sum. */
static json_t *indicators_part(struct store *st, const struct unit *u, const char *as_of,
                               const char *day, json_t **completeness, enum store_rc *rc)
{
    struct wanted w;
    *rc = indicators_for_unit(st, u, &w);
    json_t *cards = json_array(), *items = json_array();
    json_t *all = json_pack("{s:i, s:i, s:i, s:i, s:i}", "expected", 0, "reported", 0,
                            "on_time", 0, "late", 0, "missing", 0);
    static const char *const keys[] = {"expected", "reported", "on_time", "late", "missing"};
    for (int i = 0; *rc == ST_OK && i < w.n; i++) {
        const struct indicator *ind = &w.items[i].i;
        json_t *e = indicator_evaluation_json(st, ind, u, as_of, true);
        if (!e) { *rc = ST_ERROR; break; }
        json_array_append_new(cards, indicator_card(ind, e));
        json_decref(e);
        if (!*ind->reporters) continue;
        struct period p;
        indicator_due_period(ind, day, &p);
        json_t *one = indicator_completeness_json(st, ind, u, p.code, as_of, NULL, 0, false);
        if (!one) { *rc = ST_ERROR; break; }
        if (json_integer_value(json_object_get(one, "expected")) > 0) {
            for (int k = 0; k < 5; k++) add_count(all, keys[k], one);
            json_object_set_new(one, "indicator", json_string(ind->code));
            json_object_del(one, "timely_rate");
            json_array_append(items, one);
        }
        json_decref(one);
    }
    free(w.items);
    if (*rc != ST_OK) {
        json_decref(cards);
        json_decref(items);
        json_decref(all);
        return NULL;
    }
    json_int_t expected = json_integer_value(json_object_get(all, "expected"));
    json_object_set_new(all, "rate",
                        percent(json_integer_value(json_object_get(all, "reported")), expected));
    json_object_set_new(all, "timely_rate",
                        percent(json_integer_value(json_object_get(all, "on_time")), expected));
    json_object_set_new(all, "items", items);
    *completeness = all;
    return cards;
}

/* GET /api/v1/dashboard?unit=&as_of= */
void api_dashboard(struct req *r)
{
    const char *as_of;
    if (!req_date(r, "as_of", &as_of)) return;
    char today[ISO_DATE_LEN];
    util_today(today);
    if (as_of && strcmp(as_of, today) > 0) {
        reply_error(r, 400, "validation_failed", "as_of", "as_of must not be after today (%s)",
                    today);
        return;
    }
    const char *day = as_of ? as_of : today;
    const char *code = req_query(r, "unit");
    if (code && !*code) {
        reply_error(r, 400, "validation_failed", "unit", "unit must be a unit code");
        return;
    }
    struct unit u;
    if (r->st->unit_get(r->st, code ? code : r->who.unit_code, as_of, &u) != ST_OK) {
        reply_error(r, code ? 400 : 500, code ? "validation_failed" : "internal",
                    code ? "unit" : NULL, "no unit %s%s%s", code ? code : r->who.unit_code,
                    as_of ? " on " : "", as_of ? as_of : "");
        return;
    }
    if (!auth_require_scope(r, &u)) return;

    /* The summary, the red list and the trend in one read of the subtree's tasks. */
    char days[TREND_MONTHS][DATE_LEN];
    trend_days(day, days);
    const char *trend_day[TREND_MONTHS];
    for (int i = 0; i < TREND_MONTHS; i++) trend_day[i] = days[i];
    struct colour_counts counts[TREND_MONTHS];
    json_t *summary, *red, *trend = NULL, *cards = NULL, *completeness = NULL;
    enum store_rc rc = tasks_overview(r->st, &u, as_of, RED_LIST_MAX, trend_day, TREND_MONTHS,
                                      counts, &summary, &red);
    if (rc == ST_OK) trend = trend_json(days, counts);
    if (trend) cards = indicators_part(r->st, &u, as_of, day, &completeness, &rc);
    if (!cards) {
        json_decref(summary);
        json_decref(red);
        json_decref(trend);
        reply_store_error(r, rc == ST_OK ? ST_ERROR : rc, "dashboard");
        return;
    }
    /* The greening rate a month before (the trend's second last point) and the change since. */
    json_t *tasks = json_deep_copy(json_object_get(summary, "subtree"));
    size_t nt = json_array_size(trend);
    json_t *before = json_array_get(trend, nt - 2);
    json_t *prev_rate = json_object_get(before, "greening_rate");
    json_t *now_rate = json_object_get(json_array_get(trend, nt - 1), "greening_rate");
    json_object_set_new(tasks, "previous", json_pack("{s:O, s:O}", "as_of",
                                                     json_object_get(before, "as_of"),
                                                     "greening_rate", prev_rate));
    json_object_set_new(tasks, "change",
                        json_is_number(prev_rate) && json_is_number(now_rate)
                            ? json_real(round((json_number_value(now_rate) -
                                               json_number_value(prev_rate)) * 10.0) / 10.0)
                            : json_null());
    json_t *body = json_pack(
        "{s:{s:s, s:s, s:s, s:s}, s:o, s:s, s:s, s:i, s:o, s:O, s:o, s:o, s:o, s:o, s:o, s:o}",
        "unit", "code", u.code, "name", u.name, "kind", u.kind, "parent_code", u.parent_code,
        "trail", trail_json(r, &u, as_of), "as_of", day, "today", today, "rule_version",
        COLOUR_RULE_VERSION, "tasks", tasks, "tasks_alone", json_object_get(summary, "alone"),
        "trend", trend, "red", red, "ranking", tasks_ranking_brief(summary), "indicators", cards,
        "completeness", completeness, "feedback", feedback_summary_json(r->st, u.path, day));
    json_decref(summary);
    reply_json(r, 200, body);
}

/* GET /api/v1/public/programme: the programme-level picture for anyone, signed in or not: the
 * resolution's own indicators (those tied to its document, not the demo ones) with their
 * targets and where the nation stands, and the nation's tasks by colour by task group. Counts
 * and national figures only: no task, unit below the nation, person or value detail. */
void api_public_programme(struct req *r)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    struct unit nation;
    enum store_rc rc = r->st->unit_get(r->st, NATION_CODE, NULL, &nation);
    if (rc != ST_OK) { reply_store_error(r, rc, "units"); return; }
    struct colour_counts total, groups[GROUPS_MAX];
    rc = tasks_count_at(r->st, &nation, NULL, &total, groups, GROUPS_MAX);
    struct wanted w;
    if (rc == ST_OK) rc = indicators_for_unit(r->st, &nation, &w);
    else w.items = NULL;
    json_t *indicators = json_array();
    for (int i = 0; rc == ST_OK && i < w.n; i++) {
        const struct indicator *ind = &w.items[i].i;
        if (strcmp(ind->programme_code, PROGRAMME) != 0 || !*ind->document_key) continue;
        json_t *def = indicator_json(r->st, ind);
        json_t *e = indicator_evaluation_json(r->st, ind, &nation, NULL, false);
        if (!e) { json_decref(def); rc = ST_ERROR; break; }
        json_t *targets = json_array(), *t;
        size_t k;
        json_array_foreach(json_object_get(def, "targets"), k, t)
            json_array_append_new(targets, json_pack("{s:O, s:O, s:O, s:O, s:O}", "year",
                                                     json_object_get(t, "year"), "comparator",
                                                     json_object_get(t, "comparator"), "value",
                                                     json_object_get(t, "value"), "value_high",
                                                     json_object_get(t, "value_high"), "text",
                                                     json_object_get(t, "text")));
        json_array_append_new(
            indicators,
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:O, s:O, s:O, s:O, s:O}", "code",
                      ind->code, "name", ind->name, "goal", ind->goal, "unit_of_measure",
                      ind->unit_of_measure, "direction", ind->direction, "targets", targets,
                      "status", json_object_get(e, "status"), "colour",
                      json_object_get(e, "colour"), "latest", json_object_get(e, "latest"),
                      "target", json_object_get(e, "target"), "expected",
                      json_object_get(e, "expected")));
        /* "latest" says how many units reported: not restricted, but not the public's concern */
        json_t *latest = json_object_get(json_array_get(indicators,
                                                        json_array_size(indicators) - 1),
                                         "latest");
        if (json_is_object(latest)) {
            json_object_del(latest, "reporting");
            json_object_del(latest, "late");
        }
        json_decref(def);
        json_decref(e);
    }
    free(w.items);
    if (rc != ST_OK) {
        json_decref(indicators);
        reply_store_error(r, rc, "programme");
        return;
    }
    json_t *by_group = json_array();
    for (int g = 0; g < GROUPS_MAX; g++) {
        if (!groups[g].grey && !groups[g].blue && !groups[g].yellow && !groups[g].red &&
            !groups[g].green && !groups[g].done_late)
            continue;
        json_t *row = tasks_rate_json(&groups[g]);
        json_object_set_new(row, "group", json_integer(g + 1));
        json_array_append_new(by_group, row);
    }
    json_t *tasks = tasks_rate_json(&total);
    json_object_set_new(tasks, "groups", by_group);
    reply_json(r, 200, json_pack("{s:s, s:s, s:i, s:{s:s, s:s}, s:o, s:o, s:o}", "programme",
                                 PROGRAMME, "as_of", today, "rule_version", COLOUR_RULE_VERSION,
                                 "unit", "code", nation.code, "name", nation.name, "indicators",
                                 indicators, "tasks", tasks, "feedback",
                                 feedback_summary_json(r->st, nation.path, NULL)));
}

/* end of api_dashboard.c */
