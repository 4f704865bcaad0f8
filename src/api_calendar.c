/* /api/v1/calendar/days: the days the administrator changed in the working-day calendar
 * (compensatory days off, working Saturdays), and the days off of a year with them applied.
 * Feedback deadlines (api_feedback.c) and the CLI (`nq57 holidays`, `nq57 workdays`) read the
 * same list through calendar_extras_load(). */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "calendar.h"
#include "text.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_extra(void *ctx, const struct calendar_day_row *d)
{
    struct calendar_extras *x = ctx;
    struct calendar_extra *grown = realloc(x->items, (x->n + 1) * sizeof *grown);
    if (!grown) { x->failed = true; return; }
    x->items = grown;
    struct calendar_extra *e = &x->items[x->n++];
    memset(e, 0, sizeof *e);
    util_copy(e->date, sizeof e->date, d->date);
    util_copy(e->name, sizeof e->name, d->name);
    e->working = d->working;
}

enum store_rc calendar_extras_load(struct store *st, struct calendar_extras *out)
{
    memset(out, 0, sizeof *out);
    enum store_rc rc = st->calendar_days(st, add_extra, out);
    if (rc == ST_OK && out->failed) rc = ST_ERROR;
    if (rc != ST_OK) calendar_extras_free(out);
    return rc;
}

void calendar_extras_free(struct calendar_extras *x)
{
    free(x->items);
    memset(x, 0, sizeof *x);
}

static json_t *view_calendar_day(const struct calendar_day_row *d)
{
    return json_pack("{s:s, s:s, s:b, s:s, s:s}", "date", d->date, "name", d->name, "working",
                     d->working, "created_at", d->created_at, "created_by", d->created_by);
}

struct days_ctx { json_t *items; int year; };
static void collect_day(void *ctx, const struct calendar_day_row *d)
{
    struct days_ctx *c = ctx;
    if (c->year && atoi(d->date) != c->year) return;
    json_array_append_new(c->items, view_calendar_day(d));
}

/* GET /api/v1/calendar/days?year=YYYY: the days off of the year other than plain weekends
 * (holidays, compensatory days, the administrator's days off) and the administrator's changes. */
void api_calendar_days(struct req *r)
{
    const char *y = req_query(r, "year");
    char today[ISO_DATE_LEN];
    util_today(today);
    int year = y ? atoi(y) : atoi(today);
    if (y && (strlen(y) != 4 || year < 1900 || year > 2199 || strspn(y, "0123456789") != 4)) {
        reply_error(r, 400, "validation_failed", "year", "year must be 1900 to 2199");
        return;
    }
    struct calendar_extras x;
    enum store_rc rc = calendar_extras_load(r->st, &x);
    if (rc != ST_OK) { reply_store_error(r, rc, "calendar"); return; }
    size_t cap = CALENDAR_BUILTIN_MAX + x.n;
    struct calendar_day *days = malloc(cap * sizeof *days);
    int n = days ? calendar_days_off(year, x.items, x.n, days, cap) : -1;
    calendar_extras_free(&x);
    if (n < 0) {
        free(days);
        reply_error(r, 500, "internal", NULL, "cannot compute the days off of %d", year);
        return;
    }
    json_t *off = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(off, json_pack("{s:s, s:s}", "date", days[i].date, "name",
                                             days[i].name));
    free(days);
    struct days_ctx c = {json_array(), year};
    rc = r->st->calendar_days(r->st, collect_day, &c);
    if (rc != ST_OK) {
        json_decref(off);
        json_decref(c.items);
        reply_store_error(r, rc, "calendar");
        return;
    }
    reply_json(r, 200, json_pack("{s:i, s:o, s:o}", "year", year, "days_off", off, "changes",
                                 c.items));
}

struct day_write { struct req *r; struct calendar_day_row d; bool remove; };
static enum store_rc day_write(struct store *st, void *vctx)
{
    struct day_write *w = vctx;
    enum store_rc rc = w->remove ? st->calendar_day_delete(st, w->d.date)
                                 : st->calendar_day_put(st, &w->d);
    if (rc != ST_OK) return rc;
    json_t *after = w->remove ? NULL : json_pack("{s:s, s:b}", "name", w->d.name, "working",
                                                 w->d.working);
    rc = audit_append(st, auth_actor(w->r), w->remove ? "delete" : "put", "calendar_day",
                      w->d.date, NULL, after);
    json_decref(after);
    return rc;
}

static bool date_param(struct req *r, struct day_write *w)
{
    if (!util_date_valid(r->param[0])) {
        reply_error(r, 400, "validation_failed", "date",
                    "the date must be YYYY-MM-DD from 1900-01-01 to 2199-12-31");
        return false;
    }
    w->r = r;
    w->d.date = r->param[0];
    return true;
}

/* PUT /api/v1/calendar/days/{date} {"name", "working"}: a compensatory day off (working false)
 * or a day worked (working true), replacing what that date had. */
void api_calendar_day_put(struct req *r)
{
    struct day_write w = {0};
    if (!date_param(r, &w)) return;
    const char *name;
    int working;
    struct field_spec spec[] = {
        {"name", F_STRING, true, 120, &name},
        {"working", F_BOOL, true, 0, &working},
        {0},
    };
    if (!input_parse(r, spec)) return;
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    w.d.name = name;
    w.d.working = working == 1;
    w.d.created_at = now;
    w.d.created_by = auth_actor(r);
    enum store_rc rc = store_tx(r->st, day_write, &w);
    if (rc != ST_OK) { reply_store_error(r, rc, "calendar day"); return; }
    reply_json(r, 200, view_calendar_day(&w.d));
}

void api_calendar_day_delete(struct req *r)
{
    struct day_write w = {.remove = true};
    if (!date_param(r, &w)) return;
    enum store_rc rc = store_tx(r->st, day_write, &w);
    if (rc == ST_NOT_FOUND) {
        reply_error(r, 404, "not_found", "date", "%s is not a changed day", w.d.date);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "calendar day"); return; }
    reply_empty(r, 204);
}
