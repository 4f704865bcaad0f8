/* /api/v1/reports: periodic reports (SPEC "Periodic reports"). Units owe reports on schedules
 * (monthly, half-yearly, one-off); a report holds a narrative, is submitted by a reporter or the
 * leader of the unit, which freezes the unit's standard summary for the period into it, and is
 * approved or returned by the unit's leader (or the centre). The standard summary of any unit
 * and period (tasks by colour, the red list, indicators against targets, completeness, reports
 * owed) is built here from the functions the task and indicator endpoints use, never judged a
 * second way, and served as JSON and as an Excel workbook. Colours and due days: report.h and
 * docs/rules.md. */
#include "api.h"
#include "api_values.h"
#include "audit.h"
#include "auth.h"
#include "report.h"
#include "util.h"
#include "views.h"
#include "xlsx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WRITERS (ROLE_REPORTER | ROLE_LEADER)
#define SCHEDULES_MAX 64
#define OVERDUE_MAX 200

/* ---- schedules ---- */

struct schedule_buf {
    struct report_schedule s;
    char code[CODE_MAX], name[NAME_MAX_BYTES], kind[16], due_date[ISO_DATE_LEN];
    char from[ISO_DATE_LEN], to[ISO_DATE_LEN], reporters[512], to_unit[CODE_MAX];
    char quote[2048], created_at[TIME_LEN];
};
struct schedules { struct schedule_buf *items; int n; };

static void hold_schedule(void *ctx, const struct report_schedule *s)
{
    struct schedules *all = ctx;
    if (all->n >= SCHEDULES_MAX) return;
    struct schedule_buf *b = &all->items[all->n++];
    util_copy(b->code, sizeof b->code, s->code);
    util_copy(b->name, sizeof b->name, s->name);
    util_copy(b->kind, sizeof b->kind, s->kind);
    util_copy(b->due_date, sizeof b->due_date, s->due_date);
    util_copy(b->from, sizeof b->from, s->period_from);
    util_copy(b->to, sizeof b->to, s->period_to);
    util_copy(b->reporters, sizeof b->reporters, s->reporters);
    util_copy(b->to_unit, sizeof b->to_unit, s->to_unit);
    util_copy(b->quote, sizeof b->quote, s->quote);
    util_copy(b->created_at, sizeof b->created_at, s->created_at);
    b->s = (struct report_schedule){.id = s->id, .code = b->code, .name = b->name,
                                    .kind = b->kind, .due_day = s->due_day,
                                    .due_date = b->due_date, .period_from = b->from,
                                    .period_to = b->to, .reporters = b->reporters,
                                    .to_unit = b->to_unit, .quote = b->quote,
                                    .created_at = b->created_at};
}

/* Every schedule, by code; the caller frees ALL->items. */
static enum store_rc schedules_load(struct store *st, struct schedules *all)
{
    all->n = 0;
    all->items = calloc(SCHEDULES_MAX, sizeof *all->items);
    if (!all->items) return ST_ERROR;
    return st->report_schedule_list(st, 0, hold_schedule, all);
}

static const struct schedule_buf *schedule_find(const struct schedules *all, const char *code)
{
    for (int i = 0; code && i < all->n; i++)
        if (!strcmp(all->items[i].code, code)) return &all->items[i];
    return NULL;
}

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *period_json(const struct report_period *p)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "code", p->code, "from", p->from, "to", p->to,
                     "due", p->due);
}

static json_t *schedule_json(struct store *st, const struct report_schedule *s, const char *today)
{
    struct report_period cur;
    report_period_current(s, today, &cur);
    json_t *to = json_null();
    struct unit u;
    if (*s->to_unit && st->unit_get(st, s->to_unit, NULL, &u) == ST_OK)
        to = json_pack("{s:s, s:s}", "code", u.code, "name", u.name);
    return json_pack("{s:I, s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:s, s:o}", "id",
                     (json_int_t)s->id, "code", s->code, "name", s->name, "kind", s->kind,
                     "due_day", s->due_day, "due_date", str_or_null(s->due_date), "period_from",
                     str_or_null(s->period_from), "period_to", str_or_null(s->period_to),
                     "reporters", view_list(s->reporters), "to_unit", to, "quote", s->quote,
                     "current_period", period_json(&cur));
}

/* GET /api/v1/reports/schedules */
void api_report_schedules_list(struct req *r)
{
    struct schedules all;
    enum store_rc rc = schedules_load(r->st, &all);
    if (rc != ST_OK) { free(all.items); reply_store_error(r, rc, "report schedules"); return; }
    char today[ISO_DATE_LEN];
    util_today(today);
    json_t *items = json_array();
    for (int i = 0; i < all.n; i++)
        json_array_append_new(items, schedule_json(r->st, &all.items[i].s, today));
    free(all.items);
    reply_json(r, 200, page_json(items, NULL));
}

struct schedule_tx { struct req *r; struct report_schedule s; int64_t id; };
static enum store_rc schedule_write(struct store *st, void *ctx)
{
    struct schedule_tx *c = ctx;
    enum store_rc rc = st->report_schedule_insert(st, &c->s, &c->id);
    if (rc != ST_OK) return rc;
    json_t *after = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s}", "code", c->s.code,
                              "name", c->s.name, "kind", c->s.kind, "due_day", c->s.due_day,
                              "due_date", c->s.due_date, "period_from", c->s.period_from,
                              "period_to", c->s.period_to, "reporters", c->s.reporters,
                              "to_unit", c->s.to_unit);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)c->id);
    rc = audit_append(st, auth_actor(c->r), "create", "report_schedule", id, NULL, after);
    json_decref(after);
    return rc;
}

/* POST /api/v1/reports/schedules {code, name, kind, due_day?, due_date?, period_from?,
 * period_to?, reporters: [kinds and codes], to_unit?, quote?} */
void api_report_schedules_create(struct req *r)
{
    struct schedule_tx c = {.r = r};
    const char *code = NULL, *name = NULL, *kind = NULL, *due_date = NULL, *from = NULL,
               *to = NULL, *to_unit = NULL, *quote = NULL;
    long due_day = F_INT_ABSENT;
    struct string_array reporters;
    struct field_spec spec[] = {
        {"code", F_STRING, true, 40, &code},
        {"name", F_STRING, true, 300, &name},
        {"kind", F_STRING, true, 16, &kind},
        {"due_day", F_INT, false, 180, &due_day},
        {"due_date", F_DATE, false, 0, &due_date},
        {"period_from", F_DATE, false, 0, &from},
        {"period_to", F_DATE, false, 0, &to},
        {"reporters", F_STRING_ARRAY, true, 40, &reporters},
        {"to_unit", F_STRING, false, 40, &to_unit},
        {"quote", F_STRING, false, 2000, &quote},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (!*code || strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen(code)) {
        reply_error(r, 400, "validation_failed", "code", "code is A-Z, 0-9 and -");
        return;
    }
    char list[512] = "";
    for (int i = 0; i < reporters.n; i++) {
        if (!*reporters.items[i] || strchr(reporters.items[i], ';')) {
            reply_error(r, 400, "validation_failed", "reporters",
                        "reporters are unit codes or unit kinds");
            return;
        }
        size_t n = strlen(list);
        snprintf(list + n, sizeof list - n, "%s%s", n ? ";" : "", reporters.items[i]);
    }
    struct unit u;
    if (to_unit && *to_unit && r->st->unit_get(r->st, to_unit, NULL, &u) != ST_OK) {
        reply_error(r, 400, "validation_failed", "to_unit", "no unit %s", to_unit);
        return;
    }
    c.s = (struct report_schedule){.code = code, .name = name, .kind = kind,
                                   .due_day = due_day == F_INT_ABSENT ? 0 : (int)due_day,
                                   .due_date = due_date ? due_date : "",
                                   .period_from = from ? from : "", .period_to = to ? to : "",
                                   .reporters = list, .to_unit = to_unit ? to_unit : "",
                                   .quote = quote ? quote : ""};
    const char *field, *why;
    if (!report_schedule_check(&c.s, &field, &why)) {
        reply_error(r, 400, "validation_failed", field, "%s", why);
        return;
    }
    enum store_rc rc = store_tx(r->st, schedule_write, &c);
    if (rc == ST_CONFLICT) {
        reply_error(r, 409, "conflict", "code", "a report schedule with code %s exists", code);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "report schedule"); return; }
    c.s.id = c.id;
    char today[ISO_DATE_LEN];
    util_today(today);
    reply_json(r, 201, schedule_json(r->st, &c.s, today));
}

/* ---- one report as JSON ---- */

static json_t *report_json(const struct report_schedule *s, const struct report_period *p,
                           const struct report *rep, const char *today)
{
    const char *state = *rep->state ? rep->state : "none";
    bool overdue;
    enum colour c = report_colour(rep->state, p->due, today, &overdue);
    bool late = *rep->submitted_at && strncmp(rep->submitted_at, p->due, 10) > 0;
    return json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:s, s:b, "
                     "s:b, s:s, s:s, s:o, s:o, s:o, s:o, s:o}",
                     "schedule", "code", s->code, "name", s->name, "kind", s->kind, "unit",
                     "code", rep->unit_code, "name", rep->unit_name, "kind", rep->unit_kind,
                     "period", p->code, "from", p->from, "to", p->to, "due", p->due, "state",
                     state, "colour", colour_name(c), "overdue", overdue, "late", late,
                     "narrative", rep->narrative, "comment", rep->comment, "submitted_at",
                     str_or_null(rep->submitted_at), "submitted_by",
                     str_or_null(rep->submitted_by), "decided_at", str_or_null(rep->decided_at),
                     "decided_by", str_or_null(rep->decided_by), "updated_at",
                     str_or_null(rep->updated_at));
}

/* ---- the list of reports owed ---- */

struct owed_ctx {
    const struct report_schedule *s;
    const struct report_period *p;
    const char *today;
    unsigned colours;          /* bit per enum colour; 0: any */
    struct colour_counts counts;
    json_t *items;             /* NULL: count only */
    long skip, limit, seen;
};
static void owed_one(void *ctx, const struct report *rep)
{
    struct owed_ctx *o = ctx;
    bool overdue;
    enum colour c = report_colour(rep->state, o->p->due, o->today, &overdue);
    colour_count(&o->counts, c);
    if (!o->items || (o->colours && !(o->colours & (1u << c)))) return;
    long i = o->seen++;
    if (i < o->skip || i >= o->skip + o->limit) return;
    json_array_append_new(o->items, report_json(o->s, o->p, rep, o->today));
}

static json_t *counts_json(const struct colour_counts *c)
{
    return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "owed",
                     c->grey + c->blue + c->yellow + c->red + c->green, "approved", c->green,
                     "submitted", c->blue, "returned", c->yellow, "overdue", c->red, "not_due",
                     c->grey);
}

static bool parse_colours(struct req *r, unsigned *out)
{
    *out = 0;
    const char *colour = req_query(r, "colour");
    if (!colour) return true;
    char list[128];
    util_copy(list, sizeof list, colour);
    for (char *save, *c = strtok_r(list, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
        bool known = false;
        for (int k = COLOUR_GREY; k <= COLOUR_GREEN; k++)
            if (!strcmp(c, colour_name((enum colour)k))) {
                *out |= 1u << k;
                known = true;
            }
        if (!known) {
            reply_error(r, 400, "validation_failed", "colour",
                        "colour must be green, blue, yellow, red or grey");
            return false;
        }
    }
    return true;
}

/* A report is owed by the units of the schedule's reporters that exist on its due day: those
 * that write it (the provinces formed on 1/7/2025 report on the first half of 2025, not the
 * provinces merged into them). */

/* GET /api/v1/reports?unit=&schedule=&period=&colour=&limit=&cursor=: the reports owed by the
 * units at and under UNIT for each schedule (or the one named) and its current period (or the
 * period named), with their state and colour; counts by colour over all of them. */
void api_reports_list(struct req *r)
{
    struct unit u;
    unsigned colours;
    int limit = req_limit(r);
    if (limit < 0 || !unit_param(r, "unit", &u) || !parse_colours(r, &colours)) return;
    long offset = 0;
    const char *cursor = cursor_decode(r);
    if (req_query(r, "cursor") && !cursor) return;
    if (cursor) {
        char *end;
        offset = strtol(cursor, &end, 10);
        if (*end || offset < 0) {
            reply_error(r, 400, "validation_failed", "cursor", "cursor is not one this server "
                        "gave out");
            return;
        }
    }
    struct schedules all;
    enum store_rc rc = schedules_load(r->st, &all);
    if (rc != ST_OK) { free(all.items); reply_store_error(r, rc, "reports"); return; }
    const char *code = req_query(r, "schedule"), *period = req_query(r, "period");
    if (code && !schedule_find(&all, code)) {
        free(all.items);
        reply_error(r, 400, "validation_failed", "schedule", "no report schedule %s", code);
        return;
    }
    char today[ISO_DATE_LEN];
    util_today(today);
    json_t *items = json_array(), *periods = json_array();
    struct colour_counts total = {0};
    long seen = 0;
    bool any_period = false;
    for (int i = 0; rc == ST_OK && i < all.n; i++) {
        const struct report_schedule *s = &all.items[i].s;
        if (code && strcmp(code, s->code)) continue;
        struct report_period p;
        if (period) {
            if (!report_period_of(s, period, &p)) continue;
        } else {
            report_period_current(s, today, &p);
        }
        any_period = true;
        struct owed_ctx o = {.s = s, .p = &p, .today = today, .colours = colours,
                             .items = items, .skip = offset, .limit = limit, .seen = seen};
        rc = r->st->report_owed(r->st, s->id, p.code, s->reporters, u.path, p.due, p.due,
                                owed_one, &o);
        seen = o.seen;
        total.grey += o.counts.grey;
        total.blue += o.counts.blue;
        total.yellow += o.counts.yellow;
        total.red += o.counts.red;
        total.green += o.counts.green;
        json_t *row = counts_json(&o.counts);
        json_object_set_new(row, "schedule", json_pack("{s:s, s:s}", "code", s->code, "name",
                                                       s->name));
        json_object_set_new(row, "period", period_json(&p));
        json_array_append_new(periods, row);
    }
    free(all.items);
    if (rc != ST_OK) {
        json_decref(items);
        json_decref(periods);
        reply_store_error(r, rc, "reports");
        return;
    }
    if (period && !any_period) {
        json_decref(items);
        json_decref(periods);
        reply_error(r, 400, "validation_failed", "period", "no schedule%s%s has a period %s: "
                    "months are 2025-07, half-years 2025S1, a one-off report's period is its "
                    "schedule's code", code ? " " : "", code ? code : "", period);
        return;
    }
    char next[24];
    snprintf(next, sizeof next, "%ld", offset + limit);
    json_t *body = page_json(items, offset + limit < seen ? next : NULL);
    json_object_set_new(body, "total", json_integer(seen));
    json_object_set_new(body, "counts", counts_json(&total));
    json_object_set_new(body, "schedules", periods);
    json_object_set_new(body, "unit", json_pack("{s:s, s:s}", "code", u.code, "name", u.name));
    json_object_set_new(body, "as_of", json_string(today));
    reply_json(r, 200, body);
}

/* ---- the standard summary ---- */

struct span { char code[CODE_MAX], from[ISO_DATE_LEN], to[ISO_DATE_LEN]; };

/* The period named by ?period= (a month, quarter, half-year or year, or a one-off schedule's
 * code; default: the current month). Replies and returns false when it is none of them. */
static bool span_param(struct req *r, struct span *sp)
{
    const char *code = req_query(r, "period");
    char today[ISO_DATE_LEN];
    util_today(today);
    struct period p;
    if (!code) {
        period_containing("month", today, &p);
        code = req_strdup(r, p.code);
    }
    if (period_parse(code, NULL, &p)) {
        util_copy(sp->code, sizeof sp->code, p.code);
        util_copy(sp->from, sizeof sp->from, p.from);
        util_copy(sp->to, sizeof sp->to, p.to);
        return true;
    }
    struct schedules all;
    enum store_rc rc = schedules_load(r->st, &all);
    const struct schedule_buf *s = rc == ST_OK ? schedule_find(&all, code) : NULL;
    bool ok = s && !strcmp(s->kind, "one_off");
    if (ok) {
        util_copy(sp->code, sizeof sp->code, s->code);
        util_copy(sp->from, sizeof sp->from, s->from);
        util_copy(sp->to, sizeof sp->to, s->to);
    }
    free(all.items);
    if (rc != ST_OK) reply_store_error(r, rc, "report schedules");
    else if (!ok)
        reply_error(r, 400, "validation_failed", "period", "period is a month 2025-07, a "
                    "quarter 2025Q3, a half-year 2025S1, a year 2025 or a one-off report's "
                    "code");
    return ok;
}

static void add_int(json_t *o, const char *key, json_int_t v)
{
    json_object_set_new(o, key, json_integer(json_integer_value(json_object_get(o, key)) + v));
}
static json_t *rate(json_int_t part, json_int_t whole)
{
    return whole ? json_real(round((double)part * 1000.0 / (double)whole) / 10.0) : json_null();
}

/* Indicators against targets and completeness over the span: {"items": [...], "completeness":
 * {...}}. An indicator's completeness adds up its periods that lie inside the span. */
static json_t *indicators_json(struct store *st, const struct unit *u, const struct span *sp,
                               enum store_rc *rc)
{
    struct wanted w;
    *rc = indicators_for_unit(st, u, &w);
    json_t *items = json_array();
    json_t *all = json_pack("{s:i, s:i, s:i, s:i, s:i}", "expected", 0, "reported", 0,
                            "on_time", 0, "late", 0, "missing", 0);
    for (int i = 0; *rc == ST_OK && i < w.n; i++) {
        const struct indicator *ind = &w.items[i].i;
        json_t *e = indicator_evaluation_json(st, ind, u, NULL, false);
        if (!e) { *rc = ST_ERROR; break; }
        json_object_set_new(e, "indicator", json_pack("{s:s, s:s, s:s, s:s, s:s}", "code",
                                                      ind->code, "name", ind->name,
                                                      "unit_of_measure", ind->unit_of_measure,
                                                      "direction", ind->direction,
                                                      "period_type", ind->period_type));
        json_t *c = json_pack("{s:i, s:i, s:i, s:i, s:i, s:o}", "expected", 0, "reported", 0,
                              "on_time", 0, "late", 0, "missing", 0, "periods", json_array());
        struct period p;
        period_containing(ind->period_type, sp->from, &p);
        for (int guard = 0; *ind->reporters && guard < 400 && strcmp(p.to, sp->to) <= 0;
             guard++) {
            if (strcmp(p.from, sp->from) >= 0) {
                json_t *one = indicator_completeness_json(st, ind, u, p.code, NULL, NULL, 0, false);
                if (!one) { *rc = ST_ERROR; break; }
                static const char *const keys[] = {"expected", "reported", "on_time", "late",
                                                   "missing"};
                for (int k = 0; k < 5; k++)
                    add_int(c, keys[k], json_integer_value(json_object_get(one, keys[k])));
                json_array_append_new(json_object_get(c, "periods"), json_string(p.code));
                json_decref(one);
            }
            struct period next;
            period_next(&p, &next);
            p = next;
        }
        json_int_t expected = json_integer_value(json_object_get(c, "expected"));
        json_int_t reported = json_integer_value(json_object_get(c, "reported"));
        json_object_set_new(c, "rate", rate(reported, expected));
        static const char *const keys[] = {"expected", "reported", "on_time", "late", "missing"};
        for (int k = 0; k < 5; k++)
            add_int(all, keys[k], json_integer_value(json_object_get(c, keys[k])));
        json_object_set_new(e, "completeness", c);
        json_array_append_new(items, e);
    }
    free(w.items);
    json_object_set_new(all, "rate", rate(json_integer_value(json_object_get(all, "reported")),
                                          json_integer_value(json_object_get(all, "expected"))));
    json_object_set_new(all, "timely_rate",
                        rate(json_integer_value(json_object_get(all, "on_time")),
                             json_integer_value(json_object_get(all, "expected"))));
    if (*rc != ST_OK) { json_decref(items); json_decref(all); return NULL; }
    return json_pack("{s:o, s:o}", "items", items, "completeness", all);
}

/* Reports owed by the units at and under U for every period of every schedule that ends inside
 * the span, counted by state. */
static json_t *reports_owed_json(struct store *st, const struct unit *u, const struct span *sp,
                                 const char *today, enum store_rc *rc)
{
    struct schedules all;
    *rc = schedules_load(st, &all);
    json_t *items = json_array();
    struct colour_counts total = {0};
    for (int i = 0; *rc == ST_OK && i < all.n; i++) {
        const struct report_schedule *s = &all.items[i].s;
        struct report_period p;
        if (!strcmp(s->kind, "one_off")) {
            report_period_of(s, s->code, &p);
        } else {
            struct period first;
            period_containing(!strcmp(s->kind, "monthly") ? "month" : "half", sp->from, &first);
            report_period_of(s, first.code, &p);
        }
        for (int guard = 0; *rc == ST_OK && guard < 400 && strcmp(p.to, sp->to) <= 0; guard++) {
            if (strcmp(p.to, sp->from) >= 0) {
                struct owed_ctx o = {.s = s, .p = &p, .today = today};
                *rc = st->report_owed(st, s->id, p.code, s->reporters, u->path, p.due, p.due,
                                      owed_one, &o);
                int owed = o.counts.grey + o.counts.blue + o.counts.yellow + o.counts.red +
                           o.counts.green;
                if (owed) {
                    json_t *row = counts_json(&o.counts);
                    json_object_set_new(row, "schedule", json_pack("{s:s, s:s}", "code", s->code,
                                                                   "name", s->name));
                    json_object_set_new(row, "period", period_json(&p));
                    json_array_append_new(items, row);
                }
                total.grey += o.counts.grey;
                total.blue += o.counts.blue;
                total.yellow += o.counts.yellow;
                total.red += o.counts.red;
                total.green += o.counts.green;
            }
            struct report_period next;
            if (!report_period_next(s, &p, &next)) break;
            p = next;
        }
    }
    free(all.items);
    if (*rc != ST_OK) { json_decref(items); return NULL; }
    json_t *o = counts_json(&total);
    json_object_set_new(o, "items", items);
    return o;
}

/* The standard summary of U for the span, judged on min(span end, today); WITH_REPORTS adds
 * the reports owed (left out of a report's own snapshot). NULL after a storage error. */
static json_t *summary_json(struct store *st, const struct unit *u, const struct span *sp,
                            bool with_reports, enum store_rc *rc)
{
    char today[ISO_DATE_LEN], now[ISO_TIME_LEN];
    util_today(today);
    util_now_iso(now);
    const char *as_of = strcmp(sp->to, today) < 0 ? sp->to : today;
    json_t *tasks = tasks_summary_json(st, u, as_of, NULL, rc);
    json_t *overdue = tasks ? tasks_overdue_json(st, u, as_of, OVERDUE_MAX, rc) : NULL;
    json_t *indicators = overdue ? indicators_json(st, u, sp, rc) : NULL;
    json_t *reports = indicators && with_reports ? reports_owed_json(st, u, sp, today, rc) : NULL;
    if (!indicators || (with_reports && !reports)) {
        json_decref(tasks);
        json_decref(overdue);
        json_decref(indicators);
        return NULL;
    }
    /* The units directly below, ranked by greening rate, without their breakdowns. */
    json_t *below = tasks_ranking_brief(tasks);
    json_t *o = json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}, s:s, s:s, s:O, s:O, s:o, s:o, "
                          "s:O, s:O}",
                          "unit", "code", u->code, "name", u->name, "kind", u->kind, "period",
                          "code", sp->code, "from", sp->from, "to", sp->to, "as_of", as_of,
                          "generated_at", now, "tasks", json_object_get(tasks, "subtree"),
                          "tasks_alone", json_object_get(tasks, "alone"), "units_below", below,
                          "overdue", overdue, "indicators",
                          json_object_get(indicators, "items"), "completeness",
                          json_object_get(indicators, "completeness"));
    if (reports) json_object_set_new(o, "reports", reports);
    json_decref(tasks);
    json_decref(indicators);
    return o;
}

/* GET /api/v1/reports/summary?unit=&period= */
void api_reports_summary(struct req *r)
{
    struct unit u;
    struct span sp;
    if (!unit_param(r, "unit", &u) || !span_param(r, &sp)) return;
    enum store_rc rc;
    json_t *o = summary_json(r->st, &u, &sp, true, &rc);
    if (!o) { reply_store_error(r, rc == ST_OK ? ST_ERROR : rc, "summary"); return; }
    reply_json(r, 200, o);
}

/* ---- the summary as an Excel workbook ---- */

static const char *str_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}
static double num_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : 0;
}

static void write_pair(lxw_worksheet *ws, lxw_row_t *row, const char *label, json_t *v,
                       lxw_format *bold)
{
    worksheet_write_string(ws, *row, 0, label, bold);
    if (json_is_string(v)) worksheet_write_string(ws, *row, 1, json_string_value(v), NULL);
    else if (json_is_number(v)) worksheet_write_number(ws, *row, 1, json_number_value(v), NULL);
    (*row)++;
}

/* Writes the summary CTX (a json_t) as sheets: Tóm tắt, Nhiệm vụ quá hạn, Chỉ tiêu, Báo cáo. */
static lxw_error summary_workbook(lxw_workbook *wb, void *ctx)
{
    json_t *o = ctx;
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);

    lxw_worksheet *ws = workbook_add_worksheet(wb, "Tóm tắt");
    json_t *unit = json_object_get(o, "unit"), *period = json_object_get(o, "period");
    json_t *tasks = json_object_get(o, "tasks"), *counts = json_object_get(tasks, "counts");
    json_t *comp = json_object_get(o, "completeness"), *reps = json_object_get(o, "reports");
    char heading[NAME_MAX_BYTES + 64];
    snprintf(heading, sizeof heading, "Báo cáo tổng hợp: %s, kỳ %s", str_of(unit, "name"),
             str_of(period, "code"));
    worksheet_write_string(ws, 0, 0, heading, title);
    lxw_row_t row = 2;
    write_pair(ws, &row, "Đơn vị", json_object_get(unit, "name"), bold);
    write_pair(ws, &row, "Mã đơn vị", json_object_get(unit, "code"), bold);
    write_pair(ws, &row, "Kỳ báo cáo", json_object_get(period, "code"), bold);
    write_pair(ws, &row, "Từ ngày", json_object_get(period, "from"), bold);
    write_pair(ws, &row, "Đến ngày", json_object_get(period, "to"), bold);
    write_pair(ws, &row, "Số liệu tính đến ngày", json_object_get(o, "as_of"), bold);
    row++;
    worksheet_write_string(ws, row++, 0, "Nhiệm vụ theo màu", title);
    static const struct { const char *key, *label; } colours[] = {
        {"green", "Hoàn thành đúng hạn (xanh lá)"}, {"done_late", "Hoàn thành muộn"},
        {"blue", "Đang thực hiện, đúng tiến độ (xanh dương)"},
        {"yellow", "Sắp đến hạn, chậm tiến độ (vàng)"}, {"red", "Quá hạn (đỏ)"},
        {"grey", "Chưa có thời hạn (xám)"},
    };
    for (size_t k = 0; k < sizeof colours / sizeof colours[0]; k++)
        write_pair(ws, &row, colours[k].label, json_object_get(counts, colours[k].key), bold);
    write_pair(ws, &row, "Số nhiệm vụ đã đến hạn", json_object_get(tasks, "due"), bold);
    write_pair(ws, &row, "Tỉ lệ xanh hoá (%)", json_object_get(tasks, "greening_rate"), bold);
    row++;
    worksheet_write_string(ws, row++, 0, "Mức độ đầy đủ số liệu chỉ tiêu", title);
    write_pair(ws, &row, "Số liệu phải báo cáo", json_object_get(comp, "expected"), bold);
    write_pair(ws, &row, "Đã báo cáo", json_object_get(comp, "reported"), bold);
    write_pair(ws, &row, "Báo cáo muộn", json_object_get(comp, "late"), bold);
    write_pair(ws, &row, "Chưa báo cáo", json_object_get(comp, "missing"), bold);
    write_pair(ws, &row, "Tỉ lệ đầy đủ (%)", json_object_get(comp, "rate"), bold);
    row++;
    worksheet_write_string(ws, row++, 0, "Báo cáo định kỳ", title);
    write_pair(ws, &row, "Phải nộp", json_object_get(reps, "owed"), bold);
    write_pair(ws, &row, "Đã phê duyệt", json_object_get(reps, "approved"), bold);
    write_pair(ws, &row, "Đã nộp, chờ duyệt", json_object_get(reps, "submitted"), bold);
    write_pair(ws, &row, "Bị trả lại", json_object_get(reps, "returned"), bold);
    write_pair(ws, &row, "Quá hạn", json_object_get(reps, "overdue"), bold);
    write_pair(ws, &row, "Chưa đến hạn", json_object_get(reps, "not_due"), bold);
    worksheet_set_column(ws, 0, 0, 45, NULL);
    worksheet_set_column(ws, 1, 1, 30, NULL);

    ws = workbook_add_worksheet(wb, "Nhiệm vụ quá hạn");
    static const char *const head[] = {"Mã nhiệm vụ", "Nhiệm vụ", "Văn bản", "Đơn vị",
                                       "Vai trò", "Hạn", "Số ngày quá hạn"};
    for (int k = 0; k < 7; k++) worksheet_write_string(ws, 0, (lxw_col_t)k, head[k], bold);
    json_t *it;
    size_t i;
    json_array_foreach(json_object_get(json_object_get(o, "overdue"), "items"), i, it) {
        lxw_row_t rw = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, rw, 0, str_of(it, "key"), NULL);
        worksheet_write_string(ws, rw, 1, str_of(it, "title"), NULL);
        worksheet_write_string(ws, rw, 2, str_of(json_object_get(it, "document"), "number"), NULL);
        worksheet_write_string(ws, rw, 3, str_of(json_object_get(it, "unit"), "name"), NULL);
        worksheet_write_string(ws, rw, 4, !strcmp(str_of(it, "role"), "lead") ? "Chủ trì"
                                                                          : "Phối hợp", NULL);
        worksheet_write_string(ws, rw, 5, str_of(it, "due"), NULL);
        worksheet_write_number(ws, rw, 6, num_of(it, "days_overdue"), NULL);
    }
    worksheet_set_column(ws, 1, 1, 60, NULL);
    worksheet_set_column(ws, 3, 3, 30, NULL);
    worksheet_freeze_panes(ws, 1, 0);

    ws = workbook_add_worksheet(wb, "Chỉ tiêu");
    static const char *const ihead[] = {"Mã", "Chỉ tiêu", "Đơn vị tính", "Kỳ gần nhất",
                                        "Giá trị gần nhất", "Năm mục tiêu", "Mục tiêu",
                                        "Đánh giá", "Phải báo cáo", "Đã báo cáo",
                                        "Tỉ lệ đầy đủ (%)"};
    for (int k = 0; k < 11; k++) worksheet_write_string(ws, 0, (lxw_col_t)k, ihead[k], bold);
    static const struct { const char *status, *label; } verdicts[] = {
        {"on", "Đạt lộ trình"}, {"near", "Gần đạt"}, {"off", "Chậm so với lộ trình"},
        {"none", "Chưa đủ số liệu"},
    };
    json_array_foreach(json_object_get(o, "indicators"), i, it) {
        lxw_row_t rw = (lxw_row_t)(i + 1);
        json_t *ind = json_object_get(it, "indicator"), *latest = json_object_get(it, "latest");
        json_t *target = json_object_get(it, "target"), *c = json_object_get(it, "completeness");
        worksheet_write_string(ws, rw, 0, str_of(ind, "code"), NULL);
        worksheet_write_string(ws, rw, 1, str_of(ind, "name"), NULL);
        worksheet_write_string(ws, rw, 2, str_of(ind, "unit_of_measure"), NULL);
        if (json_is_object(latest)) {
            worksheet_write_string(ws, rw, 3, str_of(latest, "period"), NULL);
            if (json_is_number(json_object_get(latest, "value")))
                worksheet_write_number(ws, rw, 4, num_of(latest, "value"), NULL);
        }
        if (json_is_object(target)) {
            worksheet_write_number(ws, rw, 5, num_of(target, "year"), NULL);
            if (json_is_number(json_object_get(target, "value")))
                worksheet_write_number(ws, rw, 6, num_of(target, "value"), NULL);
        }
        const char *status = str_of(it, "status");
        for (size_t k = 0; k < sizeof verdicts / sizeof verdicts[0]; k++)
            if (!strcmp(status, verdicts[k].status))
                worksheet_write_string(ws, rw, 7, verdicts[k].label, NULL);
        worksheet_write_number(ws, rw, 8, num_of(c, "expected"), NULL);
        worksheet_write_number(ws, rw, 9, num_of(c, "reported"), NULL);
        if (json_is_number(json_object_get(c, "rate")))
            worksheet_write_number(ws, rw, 10, num_of(c, "rate"), NULL);
    }
    worksheet_set_column(ws, 1, 1, 60, NULL);
    worksheet_freeze_panes(ws, 1, 0);

    ws = workbook_add_worksheet(wb, "Báo cáo");
    static const char *const rhead[] = {"Mẫu báo cáo", "Kỳ", "Hạn nộp", "Phải nộp",
                                        "Đã phê duyệt", "Chờ duyệt", "Bị trả lại", "Quá hạn",
                                        "Chưa đến hạn"};
    for (int k = 0; k < 9; k++) worksheet_write_string(ws, 0, (lxw_col_t)k, rhead[k], bold);
    json_array_foreach(json_object_get(reps, "items"), i, it) {
        lxw_row_t rw = (lxw_row_t)(i + 1);
        json_t *p = json_object_get(it, "period");
        worksheet_write_string(ws, rw, 0, str_of(json_object_get(it, "schedule"), "name"), NULL);
        worksheet_write_string(ws, rw, 1, str_of(p, "code"), NULL);
        worksheet_write_string(ws, rw, 2, str_of(p, "due"), NULL);
        static const char *const keys[] = {"owed", "approved", "submitted", "returned",
                                           "overdue", "not_due"};
        for (int k = 0; k < 6; k++)
            worksheet_write_number(ws, rw, (lxw_col_t)(3 + k), num_of(it, keys[k]), NULL);
    }
    worksheet_set_column(ws, 0, 0, 60, NULL);
    return LXW_NO_ERROR;
}

/* GET /api/v1/reports/summary.xlsx?unit=&period=: the summary as a workbook. */
void api_reports_summary_xlsx(struct req *r)
{
    struct unit u;
    struct span sp;
    if (!unit_param(r, "unit", &u) || !span_param(r, &sp)) return;
    enum store_rc rc;
    json_t *o = summary_json(r->st, &u, &sp, true, &rc);
    if (!o) { reply_store_error(r, rc == ST_OK ? ST_ERROR : rc, "summary"); return; }
    char name[160];
    snprintf(name, sizeof name, "nq57-bao-cao-%s-%s.xlsx", u.code, sp.code);
    reply_xlsx(r, name, summary_workbook, o);
    json_decref(o);
}

/* ---- one report: read, save, submit, approve, return ---- */

struct report_copy {
    bool found;
    struct report rep;
    char *narrative, *snapshot, *comment;
    char state[16], submitted_at[TIME_LEN], submitted_by[72], decided_at[TIME_LEN],
        decided_by[72], updated_at[TIME_LEN];
};
static void copy_report(void *ctx, const struct report *src)
{
    struct report_copy *c = ctx;
    c->found = true;
    c->narrative = strdup(src->narrative);
    c->snapshot = strdup(src->snapshot);
    c->comment = strdup(src->comment);
    util_copy(c->state, sizeof c->state, src->state);
    util_copy(c->submitted_at, sizeof c->submitted_at, src->submitted_at);
    util_copy(c->submitted_by, sizeof c->submitted_by, src->submitted_by);
    util_copy(c->decided_at, sizeof c->decided_at, src->decided_at);
    util_copy(c->decided_by, sizeof c->decided_by, src->decided_by);
    util_copy(c->updated_at, sizeof c->updated_at, src->updated_at);
}
static void free_report_copy(struct report_copy *c)
{
    free(c->narrative);
    free(c->snapshot);
    free(c->comment);
}

/* The report named by the path /reports/{schedule}/{unit}/{period}, checked: the schedule
 * exists, the unit exists, is in the caller's scope and owes that schedule, the period is one of
 * the schedule's. */
struct target {
    struct schedules all;
    const struct report_schedule *s;
    struct unit u;
    struct report_period p;
    struct report_copy cur;
    char today[ISO_DATE_LEN];
};
static void target_free(struct target *t)
{
    free(t->all.items);
    free_report_copy(&t->cur);
}
static bool target_load(struct req *r, struct target *t)
{
    memset(t, 0, sizeof *t);
    util_today(t->today);
    enum store_rc rc = schedules_load(r->st, &t->all);
    if (rc != ST_OK) { reply_store_error(r, rc, "report"); return false; }
    const struct schedule_buf *b = schedule_find(&t->all, r->param[0]);
    if (!b) {
        reply_error(r, 404, "not_found", "schedule", "no report schedule %s", r->param[0]);
        return false;
    }
    t->s = &b->s;
    if (r->st->unit_get(r->st, r->param[1], NULL, &t->u) != ST_OK) {
        reply_error(r, 404, "not_found", "unit", "no unit %s", r->param[1]);
        return false;
    }
    if (!auth_require_scope(r, &t->u)) return false;
    if (!ind_reports(t->s->reporters, t->u.kind, t->u.code)) {
        reply_error(r, 400, "validation_failed", "unit", "%s does not owe report %s (owed by %s)",
                    t->u.code, t->s->code, t->s->reporters);
        return false;
    }
    if (!report_period_of(t->s, r->param[2], &t->p)) {
        reply_error(r, 400, "validation_failed", "period", "%s is not a period of %s: %s",
                    r->param[2], t->s->code, !strcmp(t->s->kind, "monthly") ? "a month like 2025-07"
                    : !strcmp(t->s->kind, "half_yearly") ? "a half-year like 2025S1"
                    : "its only period is its code");
        return false;
    }
    /* As in the list: the units existing on the due day owe the report. */
    if (strcmp(t->u.valid_from, t->p.due) > 0 ||
        (*t->u.valid_to && strcmp(t->u.valid_to, t->p.due) < 0)) {
        reply_error(r, 400, "validation_failed", "unit", "%s did not exist on %s, when report %s "
                    "for %s was due", t->u.code, t->p.due, t->s->code, t->p.code);
        return false;
    }
    rc = r->st->report_get(r->st, t->s->id, t->u.id, t->p.code, copy_report, &t->cur);
    if (rc != ST_OK && rc != ST_NOT_FOUND) { reply_store_error(r, rc, "report"); return false; }
    return true;
}

static struct report view_of(const struct target *t)
{
    const struct report_copy *c = &t->cur;
    return (struct report){.unit_code = t->u.code, .unit_name = t->u.name,
                           .unit_kind = t->u.kind, .period = t->p.code,
                           .narrative = c->found ? c->narrative : "", .state = c->state,
                           .snapshot = c->found ? c->snapshot : "",
                           .comment = c->found ? c->comment : "",
                           .submitted_at = c->submitted_at, .submitted_by = c->submitted_by,
                           .decided_at = c->decided_at, .decided_by = c->decided_by,
                           .updated_at = c->updated_at};
}

static json_t *target_json(const struct target *t)
{
    struct report v = view_of(t);
    json_t *o = report_json(t->s, &t->p, &v, t->today);
    json_error_t err;
    json_t *snap = *v.snapshot ? json_loads(v.snapshot, 0, &err) : NULL;
    json_object_set_new(o, "snapshot", snap ? snap : json_null());
    json_object_set_new(o, "to_unit", str_or_null(t->s->to_unit));
    return o;
}

/* GET /api/v1/reports/{schedule}/{unit}/{period} */
void api_report_get(struct req *r)
{
    struct target t;
    if (target_load(r, &t)) reply_json(r, 200, target_json(&t));
    target_free(&t);
}

enum action { SAVE, SUBMIT, APPROVE, RETURN };
static const char *const action_names[] = {"save", "submit", "approve", "return"};

struct write_tx { struct req *r; struct target *t; struct report next; const char *was, *verb; };
static enum store_rc report_write(struct store *st, void *ctx)
{
    struct write_tx *w = ctx;
    enum store_rc rc = st->report_put(st, &w->next);
    if (rc != ST_OK) return rc;
    char id[CODE_MAX * 3 + 4];
    snprintf(id, sizeof id, "%s/%s/%s", w->t->s->code, w->t->u.code, w->t->p.code);
    json_t *before = json_pack("{s:s}", "state", w->was);
    json_t *after = json_pack("{s:s, s:s, s:s}", "state", w->next.state, "narrative",
                              w->next.narrative, "comment", w->next.comment);
    rc = audit_append(st, auth_actor(w->r), w->verb, "report", id, before, after);
    json_decref(before);
    json_decref(after);
    return rc;
}

/* Who may do what (docs/api.md): a reporter or the leader of the unit itself saves and submits;
 * the leader of the unit, or the centre (admin, standing office), approves and returns. */
static bool may(const struct req *r, const struct unit *u, enum action a)
{
    bool own = r->who.unit_id == u->id;
    if (a == SAVE || a == SUBMIT) return own && (r->who.role & WRITERS);
    return (own && (r->who.role & ROLE_LEADER)) || (r->who.role & ROLES_CENTRE);
}

static void report_action(struct req *r, enum action a)
{
    const char *narrative = NULL, *comment = NULL;
    struct field_spec save_spec[] = {{"narrative", F_STRING, a == SAVE, 20000, &narrative}, {0}};
    struct field_spec decide_spec[] = {{"comment", F_STRING, a == RETURN, 2000, &comment}, {0}};
    bool has_body = r->body_len > 0 || a == SAVE || a == RETURN;
    if (has_body && !input_parse(r, a == SAVE || a == SUBMIT ? save_spec : decide_spec)) return;
    struct target t;
    if (!target_load(r, &t)) { target_free(&t); return; }
    if (!may(r, &t.u, a)) {
        reply_error(r, 403, "forbidden", NULL, a == SAVE || a == SUBMIT
                    ? "only a reporter or the leader of %s may %s its report"
                    : "only the leader of %s or the centre may %s its report", t.u.code,
                    action_names[a]);
        target_free(&t);
        return;
    }
    const char *state = t.cur.found ? t.cur.state : "none";
    static const char *const from[] = {"|none|draft|returned|", "|none|draft|returned|",
                                       "|submitted|", "|submitted|approved|"};
    char me[24];
    snprintf(me, sizeof me, "|%s|", state);
    if (!strstr(from[a], me)) {
        reply_error(r, 409, "conflict", "state", "the report of %s for %s is %s: it cannot "
                    "be %s", t.u.code, t.p.code, state, a == SAVE ? "edited" : a == SUBMIT
                    ? "submitted" : a == APPROVE ? "approved" : "returned");
        target_free(&t);
        return;
    }
    if ((a == SAVE || a == SUBMIT) && strcmp(t.p.from, t.today) > 0) {
        reply_error(r, 400, "validation_failed", "period", "period %s begins on %s: its report "
                    "cannot be written yet", t.p.code, t.p.from);
        target_free(&t);
        return;
    }
    if (a == RETURN && (!comment || !*comment)) {
        reply_error(r, 400, "validation_failed", "comment", "say why the report is returned");
        target_free(&t);
        return;
    }
    const char *text = narrative ? narrative : t.cur.found ? t.cur.narrative : "";
    if (a == SUBMIT && !*text) {
        reply_error(r, 400, "validation_failed", "narrative", "write the narrative before "
                    "submitting the report");
        target_free(&t);
        return;
    }
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    struct report v = view_of(&t);
    struct write_tx w = {.r = r, .t = &t, .next = v, .was = state, .verb = action_names[a]};
    w.next.schedule_id = t.s->id;
    w.next.unit_id = t.u.id;
    w.next.narrative = text;
    w.next.updated_at = now;
    char *snapshot = NULL;
    if (a == SAVE) {
        w.next.state = !strcmp(state, "returned") ? "returned" : "draft";
    } else if (a == SUBMIT) {
        /* The bundle frozen at submission: the standard summary of the unit for the period. */
        struct span sp;
        util_copy(sp.code, sizeof sp.code, t.p.code);
        util_copy(sp.from, sizeof sp.from, t.p.from);
        util_copy(sp.to, sizeof sp.to, t.p.to);
        enum store_rc rc;
        json_t *snap = summary_json(r->st, &t.u, &sp, false, &rc);
        if (!snap) {
            reply_store_error(r, rc == ST_OK ? ST_ERROR : rc, "report");
            target_free(&t);
            return;
        }
        snapshot = json_dumps(snap, JSON_COMPACT);
        json_decref(snap);
        w.next.state = "submitted";
        w.next.snapshot = snapshot;
        w.next.submitted_at = now;
        w.next.submitted_by = auth_actor(r);
        w.next.decided_at = w.next.decided_by = "";
        w.next.comment = "";
    } else {
        w.next.state = a == APPROVE ? "approved" : "returned";
        w.next.decided_at = now;
        w.next.decided_by = auth_actor(r);
        w.next.comment = comment ? comment : "";
    }
    enum store_rc rc = store_tx(r->st, report_write, &w);
    free(snapshot);
    if (rc != ST_OK) { reply_store_error(r, rc, "report"); target_free(&t); return; }
    free_report_copy(&t.cur);
    memset(&t.cur, 0, sizeof t.cur);
    rc = r->st->report_get(r->st, t.s->id, t.u.id, t.p.code, copy_report, &t.cur);
    if (rc != ST_OK) reply_store_error(r, rc, "report");
    else reply_json(r, a == SAVE && !strcmp(state, "none") ? 201 : 200, target_json(&t));
    target_free(&t);
}

/* PUT /api/v1/reports/{schedule}/{unit}/{period} {narrative}: saves the draft. */
void api_report_save(struct req *r) { report_action(r, SAVE); }
/* POST .../submit {narrative?}: submits it and freezes the summary into it. */
void api_report_submit(struct req *r) { report_action(r, SUBMIT); }
/* POST .../approve {comment?} */
void api_report_approve(struct req *r) { report_action(r, APPROVE); }
/* POST .../return {comment} */
void api_report_return(struct req *r) { report_action(r, RETURN); }

/* end of api_reports.c */
