/* /api/v1/tasks: tasks from the documents, each unit's part of them, progress, completion and
 * its acceptance, and the greening rate. Colours come from one rule (colour.c) applied by
 * taskeval.c; lists and summaries judge every part as of the date asked (?as_of=, default
 * today), so anyone can ask what the picture was on a past day. */
#include "api.h"
#include "files.h"
#include "audit.h"
#include "auth.h"
#include "deadline.h"
#include "csvread.h"
#include "taskeval.h"
#include "text.h"
#include "util.h"
#include "xlsx.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <unistd.h>

#define REPORT_ROLES (ROLE_ADMIN | ROLE_STANDING_OFFICE | ROLE_LEADER | ROLE_REPORTER)

/* ---- JSON views ---- */

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *view_task(const struct task *t)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:s, s:s}",
                          "id", (json_int_t)t->id, "title", t->title, "section", t->section,
                          "task_group", t->task_group ? json_integer(t->task_group) : json_null(),
                          "deadline_text", t->deadline_text, "deadline_kind", t->deadline_kind,
                          "expected_output", t->expected_output, "start_date", t->start_date,
                          "due", str_or_null(t->due), "period", str_or_null(t->period),
                          "on_demand", t->on_demand, "block", t->block, "criteria", t->criteria,
                          "created_by", t->created_by);
    json_object_set_new(o, "key", str_or_null(t->key));
    json_object_set_new(o, "document",
                        t->document_id ? json_pack("{s:I, s:s, s:s}", "id",
                                                   (json_int_t)t->document_id, "number",
                                                   t->document_number, "key", t->document_key)
                                       : json_null());
    json_object_set_new(o, "parent", t->parent_id ? json_integer(t->parent_id) : json_null());
    json_object_set_new(o, "assigner", str_or_null(t->assigner_code));
    return o;
}

static json_t *view_verdict(const struct colour_result *r, const char *due)
{
    return json_pack("{s:s, s:i, s:b, s:s, s:o}", "colour", colour_name(r->colour),
                     "days_overdue", r->days_overdue, "late", r->late, "reason",
                     r->reason ? r->reason : "", "due", str_or_null(due));
}

static json_t *view_part(const struct task_part *p, const struct part_verdict *v)
{
    json_t *o = json_pack("{s:{s:s, s:s}, s:s, s:i, s:s, s:o, s:o}", "unit", "code", p->unit_code,
                          "name", p->unit_name, "role", p->role, "progress", p->progress,
                          "state", p->state, "reported_on", str_or_null(p->reported_on),
                          "done_on", str_or_null(p->done_on));
    json_object_set_new(o, "verdict", view_verdict(&v->result, v->due));
    return o;
}

static bool parse_int(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s) return false;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

/* ---- the list ---- */

struct list_row {
    json_t *json;
    char due[11];
    int days_overdue, severity;
    int64_t task_id;
    char title[128];
};

struct list_ctx {
    const char *today;         /* points at day below */
    char day[ISO_DATE_LEN];
    unsigned colours;          /* bit per enum colour; 0: any */
    bool overdue_only;
    struct list_row *rows;
    size_t n, cap;
    struct colour_counts counts;
};

static void list_add(void *vctx, const struct task_row *r)
{
    struct list_ctx *c = vctx;
    struct part_verdict v;
    taskeval_part(&r->task, &r->part, c->today, &colour_defaults, &v);
    colour_count(&c->counts, v.result.colour);
    if (c->colours && !(c->colours & (1u << v.result.colour))) return;
    if (c->overdue_only && v.result.colour != COLOUR_RED) return;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->rows = realloc(c->rows, c->cap * sizeof *c->rows);
    }
    struct list_row *row = &c->rows[c->n++];
    row->json = json_pack("{s:o, s:o}", "task", view_task(&r->task), "part",
                          view_part(&r->part, &v));
    util_copy(row->due, sizeof row->due, v.due);
    row->days_overdue = v.result.days_overdue;
    row->severity = taskeval_severity(v.result.colour);
    row->task_id = r->task.id;
    util_copy(row->title, sizeof row->title, r->task.title);
}

static int by_due(const void *a, const void *b)
{
    const struct list_row *x = a, *y = b;
    /* No due date sorts last. */
    if (!*x->due != !*y->due) return *x->due ? -1 : 1;
    int c = strcmp(x->due, y->due);
    return c ? c : (x->task_id > y->task_id) - (x->task_id < y->task_id);
}
static int by_overdue(const void *a, const void *b)
{
    const struct list_row *x = a, *y = b;
    if (x->severity != y->severity) return y->severity - x->severity;
    if (x->days_overdue != y->days_overdue) return y->days_overdue - x->days_overdue;
    return by_due(a, b);
}
static int by_title(const void *a, const void *b)
{
    const struct list_row *x = a, *y = b;
    int c = strcmp(x->title, y->title);
    return c ? c : (x->task_id > y->task_id) - (x->task_id < y->task_id);
}

static json_t *counts_json(const struct colour_counts *c)
{
    return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "green", c->green, "blue", c->blue,
                     "yellow", c->yellow, "red", c->red, "grey", c->grey, "done_late",
                     c->done_late);
}

/* Reads the list filters shared by the list and the export. Replies 400 and returns false. */
struct list_filters {
    struct task_query q;
    struct unit unit;
    unsigned colours;
    bool overdue;
    int (*order)(const void *, const void *);
    char *folded;
};

static bool read_filters(struct req *r, struct list_filters *f)
{
    memset(f, 0, sizeof *f);
    const char *as_of, *due_from, *due_to;
    if (!req_date(r, "as_of", &as_of) || !req_date(r, "due_from", &due_from) ||
        !req_date(r, "due_to", &due_to))
        return false;
    f->q.as_of = as_of;
    f->q.due_from = due_from;
    f->q.due_to = due_to;
    const char *unit = req_query(r, "unit");
    if (unit) {
        if (r->st->unit_get(r->st, unit, NULL, &f->unit) != ST_OK) {
            reply_error(r, 400, "validation_failed", "unit", "no unit %s", unit);
            return false;
        }
        if (!auth_require_scope(r, &f->unit)) return false;
    } else if (r->st->unit_get(r->st, r->who.unit_code, NULL, &f->unit) != ST_OK) {
        reply_error(r, 500, "internal", NULL, "your unit is missing");
        return false;
    }
    const char *subtree = req_query(r, "subtree");
    if (subtree && strcmp(subtree, "true") && strcmp(subtree, "false")) {
        reply_error(r, 400, "validation_failed", "subtree", "subtree must be true or false");
        return false;
    }
    bool whole = !subtree || !strcmp(subtree, "true");
    /* The national view of a national reader needs no path filter. */
    if (whole) f->q.scope_path = (unit || !r->who.national) ? f->unit.path : NULL;
    else f->q.unit_id = f->unit.id;
    const char *role = req_query(r, "role");
    if (role && strcmp(role, "lead") && strcmp(role, "coordinator")) {
        reply_error(r, 400, "validation_failed", "role", "role must be lead or coordinator");
        return false;
    }
    f->q.role = role;
    long v;
    const char *doc = req_query(r, "document"), *group = req_query(r, "group");
    if (doc) {
        if (!parse_int(doc, 1, 1L << 40, &v)) {
            reply_error(r, 400, "validation_failed", "document", "document must be an id");
            return false;
        }
        f->q.document_id = v;
    }
    if (group) {
        if (!parse_int(group, 1, 100, &v)) {
            reply_error(r, 400, "validation_failed", "group", "group must be a number 1-100");
            return false;
        }
        f->q.task_group = (int)v;
    }
    const char *colour = req_query(r, "colour");
    if (colour) {
        char list[128];
        util_copy(list, sizeof list, colour);
        for (char *save, *c = strtok_r(list, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
            bool known = false;
            for (int k = COLOUR_GREY; k <= COLOUR_DONE_LATE; k++)
                if (!strcmp(c, colour_name((enum colour)k))) {
                    f->colours |= 1u << k;
                    known = true;
                }
            if (!known) {
                reply_error(r, 400, "validation_failed", "colour",
                            "colour must be green, blue, yellow, red, grey or done_late");
                return false;
            }
        }
    }
    const char *overdue = req_query(r, "overdue");
    if (overdue && strcmp(overdue, "true") && strcmp(overdue, "false")) {
        reply_error(r, 400, "validation_failed", "overdue", "overdue must be true or false");
        return false;
    }
    f->overdue = overdue && !strcmp(overdue, "true");
    const char *q = req_query(r, "q");
    if (q) {
        if (strlen(q) > 200 || !(f->folded = text_fold(q))) {
            reply_error(r, 400, "validation_failed", "q", "q must be text of at most 200 bytes");
            return false;
        }
        f->q.folded = f->folded;
    }
    const char *sort = req_query(r, "sort");
    f->order = by_due;
    if (sort && !strcmp(sort, "overdue")) f->order = by_overdue;
    else if (sort && !strcmp(sort, "title")) f->order = by_title;
    else if (sort && strcmp(sort, "due")) {
        reply_error(r, 400, "validation_failed", "sort", "sort must be due, overdue or title");
        return false;
    }
    return true;
}

/* Runs the query and judges every part; the caller frees the rows. */
static bool collect(struct req *r, struct list_filters *f, struct list_ctx *c, char *today)
{
    util_today(today);
    memset(c, 0, sizeof *c);
    util_copy(c->day, sizeof c->day, f->q.as_of ? f->q.as_of : today);
    c->today = c->day;
    c->colours = f->colours;
    c->overdue_only = f->overdue;
    enum store_rc rc = r->st->task_rows(r->st, &f->q, list_add, c);
    if (rc != ST_OK) {
        for (size_t i = 0; i < c->n; i++) json_decref(c->rows[i].json);
        free(c->rows);
        reply_store_error(r, rc, "tasks");
        return false;
    }
    if (c->n > 1) qsort(c->rows, c->n, sizeof *c->rows, f->order);
    return true;
}

/* The rows of the list, the CSV and the workbook: the request's filters applied, every part
 * judged, sorted. Replies and returns false on bad input or a storage error. */
static bool filtered_rows(struct req *r, struct list_ctx *c)
{
    struct list_filters f;
    if (!read_filters(r, &f)) { free(f.folded); return false; }
    char today[ISO_DATE_LEN];
    bool ok = collect(r, &f, c, today);
    free(f.folded);
    return ok;
}

void api_tasks_list(struct req *r)
{
    int limit = req_limit(r);
    if (limit < 0) return;
    long offset = 0;
    const char *cursor = cursor_decode(r);
    if (req_query(r, "cursor") && !cursor) return;
    if (cursor && !parse_int(cursor, 0, 1L << 30, &offset)) {
        reply_error(r, 400, "validation_failed", "cursor", "cursor is not one this server gave out");
        return;
    }
    struct list_ctx c;
    if (!filtered_rows(r, &c)) return;
    json_t *items = json_array();
    for (size_t i = 0; i < c.n; i++) {
        if ((long)i >= offset && (long)i < offset + limit) json_array_append(items, c.rows[i].json);
        json_decref(c.rows[i].json);
    }
    char next[24];
    snprintf(next, sizeof next, "%ld", offset + limit);
    json_t *body = page_json(items, offset + limit < (long)c.n ? next : NULL);
    json_object_set_new(body, "total", json_integer((json_int_t)c.n));
    json_object_set_new(body, "counts", counts_json(&c.counts));
    json_object_set_new(body, "as_of", json_string(c.today));
    json_object_set_new(body, "rule_version", json_integer(COLOUR_RULE_VERSION));
    free(c.rows);
    reply_json(r, 200, body);
}

/* CSV export of the filtered list, the same columns as the import (docs/api.md). */
static void csv_field(char **buf, size_t *len, size_t *cap, const char *s, bool last)
{
    size_t need = *len + 2 * strlen(s) + 5;
    if (need > *cap) {
        *cap = 2 * need;
        *buf = realloc(*buf, *cap);
    }
    char *w = *buf + *len;
    *w++ = '"';
    for (; *s; s++) {
        if (*s == '"') *w++ = '"';
        *w++ = *s;
    }
    *w++ = '"';
    if (last) *w++ = '\r';
    *w++ = last ? '\n' : ',';
    *len = (size_t)(w - *buf);
}

void api_tasks_export(struct req *r)
{
    struct list_ctx c;
    if (!filtered_rows(r, &c)) return;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    static const char *const head[] = {"id", "document", "section", "task_group", "title",
                                       "unit", "role", "deadline_text", "due", "progress",
                                       "state", "colour", "days_overdue", "done_on"};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        csv_field(&buf, &len, &cap, head[i], i + 1 == sizeof head / sizeof head[0]);
    for (size_t i = 0; i < c.n; i++) {
        json_t *t = json_object_get(c.rows[i].json, "task");
        json_t *p = json_object_get(c.rows[i].json, "part");
        json_t *v = json_object_get(p, "verdict");
        char id[24], group[8], prog[8], days[16];
        snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(t, "id")));
        json_t *g = json_object_get(t, "task_group");
        group[0] = '\0';
        if (json_is_integer(g)) snprintf(group, sizeof group, "%d", (int)json_integer_value(g));
        snprintf(prog, sizeof prog, "%d", (int)json_integer_value(json_object_get(p, "progress")));
        snprintf(days, sizeof days, "%d",
                 (int)json_integer_value(json_object_get(v, "days_overdue")));
        json_t *doc = json_object_get(t, "document");
        const char *cols[] = {
            id, doc ? json_string_value(json_object_get(doc, "number")) : "",
            json_string_value(json_object_get(t, "section")), group,
            json_string_value(json_object_get(t, "title")),
            json_string_value(json_object_get(json_object_get(p, "unit"), "code")),
            json_string_value(json_object_get(p, "role")),
            json_string_value(json_object_get(t, "deadline_text")),
            json_string_value(json_object_get(v, "due")), prog,
            json_string_value(json_object_get(p, "state")),
            json_string_value(json_object_get(v, "colour")), days,
            json_string_value(json_object_get(p, "done_on")),
        };
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
            csv_field(&buf, &len, &cap, cols[k] ? cols[k] : "", k + 1 == sizeof cols / sizeof cols[0]);
        json_decref(c.rows[i].json);
    }
    free(c.rows);
    reply_raw(r, 200, "text/csv; charset=utf-8", buf, len, true);
    reply_attachment(r, "nq57-tasks.csv");
}

/* The same list as an Excel workbook: one sheet, a header row with a filter, the colour also as
 * a cell fill so a printed sheet reads like the screen. */
static lxw_error tasks_sheet(lxw_workbook *wb, void *ctx)
{
    const struct list_ctx *c = ctx;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Nhiệm vụ");
    if (!ws) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    static const struct { const char *name; uint32_t rgb; } fills[] = {
        {"green", 0xC6EFCE}, {"blue", 0xDDEBF7}, {"yellow", 0xFFEB9C}, {"red", 0xFFC7CE},
        {"grey", 0xEDEDED}, {"done_late", 0xF8CBAD},
    };
    lxw_format *fill[6];
    for (int k = 0; k < 6; k++) {
        fill[k] = workbook_add_format(wb);
        format_set_bg_color(fill[k], fills[k].rgb);
    }
    static const char *const head[] = {"Mã", "Văn bản", "Mục", "Nhóm nhiệm vụ", "Nhiệm vụ",
                                       "Đơn vị", "Vai trò", "Thời hạn (nguyên văn)", "Hạn",
                                       "Tiến độ (%)", "Trạng thái", "Màu", "Số ngày quá hạn",
                                       "Ngày hoàn thành"};
    for (int k = 0; k < 14; k++) worksheet_write_string(ws, 0, (lxw_col_t)k, head[k], bold);
    for (size_t i = 0; i < c->n; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        json_t *t = json_object_get(c->rows[i].json, "task");
        json_t *p = json_object_get(c->rows[i].json, "part");
        json_t *v = json_object_get(p, "verdict");
        json_t *doc = json_object_get(t, "document");
        json_t *g = json_object_get(t, "task_group");
        const char *colour = json_string_value(json_object_get(v, "colour"));
        lxw_format *cf = NULL;
        for (int k = 0; k < 6; k++)
            if (colour && !strcmp(colour, fills[k].name)) cf = fill[k];
        worksheet_write_number(ws, row, 0, (double)json_integer_value(json_object_get(t, "id")), NULL);
        worksheet_write_string(ws, row, 1, doc ? json_string_value(json_object_get(doc, "number")) : "", NULL);
        worksheet_write_string(ws, row, 2, json_string_value(json_object_get(t, "section")), NULL);
        if (json_is_integer(g)) worksheet_write_number(ws, row, 3, (double)json_integer_value(g), NULL);
        worksheet_write_string(ws, row, 4, json_string_value(json_object_get(t, "title")), NULL);
        worksheet_write_string(ws, row, 5, json_string_value(json_object_get(json_object_get(p, "unit"), "name")), NULL);
        worksheet_write_string(ws, row, 6, json_string_value(json_object_get(p, "role")), NULL);
        worksheet_write_string(ws, row, 7, json_string_value(json_object_get(t, "deadline_text")), NULL);
        const char *due = json_string_value(json_object_get(v, "due"));
        worksheet_write_string(ws, row, 8, due ? due : "", NULL);
        worksheet_write_number(ws, row, 9, (double)json_integer_value(json_object_get(p, "progress")), NULL);
        worksheet_write_string(ws, row, 10, json_string_value(json_object_get(p, "state")), NULL);
        worksheet_write_string(ws, row, 11, colour ? colour : "", cf);
        worksheet_write_number(ws, row, 12, (double)json_integer_value(json_object_get(v, "days_overdue")), NULL);
        const char *done = json_string_value(json_object_get(p, "done_on"));
        worksheet_write_string(ws, row, 13, done ? done : "", NULL);
    }
    worksheet_set_column(ws, 4, 4, 60, NULL);
    worksheet_set_column(ws, 5, 5, 30, NULL);
    worksheet_set_column(ws, 7, 7, 30, NULL);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)c->n, 13);
    worksheet_freeze_panes(ws, 1, 0);
    return LXW_NO_ERROR;
}

void api_tasks_export_xlsx(struct req *r)
{
    struct list_ctx c;
    if (!filtered_rows(r, &c)) return;
    reply_xlsx(r, "nq57-tasks.xlsx", tasks_sheet, &c);
    for (size_t i = 0; i < c.n; i++) json_decref(c.rows[i].json);
    free(c.rows);
}

/* ---- the summary: counts by colour, greening rate, ranking of the units below ---- */

static json_t *rate_json(const struct colour_counts *c)
{
    int due = c->green + c->done_late + c->red;
    return json_pack("{s:o, s:f, s:i}", "counts", counts_json(c), "greening_rate",
                     colour_greening_rate(c), "due", due);
}

/* Breakdowns (SPEC "Breakdowns"): tasks carry a political block and a criteria group tag; rates
 * and ranks are shown per tag, as the real system publishes them for each province. */
static const char *const blocks[] = {"Đảng", "Nhà nước", "HĐND", "UBND", "Mặt trận"};
static const char *const criteria_groups[] = {"nền tảng", "thể chế", "tổ chức triển khai",
                                              "dữ liệu"};
#define N_BLOCKS 5
#define N_CRITERIA 4

static int tag_index(const char *const *list, int n, const char *tag)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(list[i], tag)) return i;
    return -1;
}

struct tally {
    struct colour_counts all, block[N_BLOCKS], criteria[N_CRITERIA];
    struct colour_counts phase;   /* parts due before the phase cut-off */
};

struct summary_ctx {
    const char *today;
    const char *cutoff;           /* phase cut-off date or NULL */
    const struct unit *root;
    struct colour_counts alone;
    struct tally total;
    struct child_units kids;      /* the units directly below the root */
    struct tally *tallies;        /* one per kid */
};

static void tally_add(struct tally *t, const struct task_row *r, const struct part_verdict *v,
                      bool recurring, const char *cutoff)
{
    taskeval_count(&t->all, v, recurring);
    int b = tag_index(blocks, N_BLOCKS, r->task.block);
    if (b >= 0) taskeval_count(&t->block[b], v, recurring);
    int c = tag_index(criteria_groups, N_CRITERIA, r->task.criteria);
    if (c >= 0) taskeval_count(&t->criteria[c], v, recurring);
    /* The phase: dated parts due before the cut-off (SPEC "Phases"). */
    if (cutoff && !recurring && *r->task.due && strcmp(r->task.due, cutoff) < 0)
        colour_count(&t->phase, v->result.colour);
}

static void summary_add(void *ctx, const struct task_row *r)
{
    struct summary_ctx *s = ctx;
    struct part_verdict v;
    taskeval_part(&r->task, &r->part, s->today, &colour_defaults, &v);
    bool recurring = !strcmp(r->task.deadline_kind, "recurring");
    tally_add(&s->total, r, &v, recurring, s->cutoff);
    if (r->part.unit_id == s->root->id) {
        taskeval_count(&s->alone, &v, recurring);
        return;
    }
    long i = child_units_find(&s->kids, r->part.unit_path);
    if (i >= 0) tally_add(&s->tallies[i], r, &v, recurring, s->cutoff);
}

/* Ranking order: greening rate, best first, then code. */
static int by_rate(const void *a, const void *b, void *ctx)
{
    const struct summary_ctx *s = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    double rx = colour_greening_rate(&s->tallies[x].all), ry = colour_greening_rate(&s->tallies[y].all);
    if (rx != ry) return rx < ry ? 1 : -1;
    return strcmp(s->kids.items[x].code, s->kids.items[y].code);
}

/* The rank of kid I among all kids by the counts SELECT picks (ties share a rank). */
static int rank_among(const struct summary_ctx *s, size_t i,
                      const struct colour_counts *(*select)(const struct tally *, int), int k)
{
    double mine = colour_greening_rate(select(&s->tallies[i], k));
    int better = 0;
    for (size_t j = 0; j < s->kids.n; j++)
        if (colour_greening_rate(select(&s->tallies[j], k)) > mine) better++;
    return better + 1;
}
static const struct colour_counts *block_of(const struct tally *t, int k) { return &t->block[k]; }
static const struct colour_counts *criteria_of(const struct tally *t, int k)
{
    return &t->criteria[k];
}

/* {"Đảng": {"counts","greening_rate","due"[,"rank"]}, ...} for one tally; with RANKS, the rank
 * of kid I among the kids in each tag. */
static json_t *breakdown_json(const struct tally *t, const struct summary_ctx *s, size_t i,
                              bool ranks)
{
    json_t *o = json_object(), *b = json_object(), *c = json_object();
    for (int k = 0; k < N_BLOCKS; k++) {
        json_t *row = rate_json(&t->block[k]);
        if (ranks) json_object_set_new(row, "rank", json_integer(rank_among(s, i, block_of, k)));
        json_object_set_new(b, blocks[k], row);
    }
    for (int k = 0; k < N_CRITERIA; k++) {
        json_t *row = rate_json(&t->criteria[k]);
        if (ranks)
            json_object_set_new(row, "rank", json_integer(rank_among(s, i, criteria_of, k)));
        json_object_set_new(c, criteria_groups[k], row);
    }
    json_object_set_new(o, "block", b);
    json_object_set_new(o, "criteria", c);
    return o;
}

/* The summary of the tasks of ROOT's subtree on AS_OF (NULL: today) with the phase verdict
 * for CUTOFF (NULL: none); NULL after a storage error (*RC says which). */
json_t *tasks_summary_json(struct store *st, const struct unit *root, const char *as_of,
                           const char *cutoff, enum store_rc *rc_out)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    struct summary_ctx s = {.today = as_of ? as_of : today, .root = root, .cutoff = cutoff};
    enum store_rc rc = child_units_load(st, root, as_of, &s.kids);
    s.tallies = calloc(s.kids.n ? s.kids.n : 1, sizeof *s.tallies);
    size_t *order = calloc(s.kids.n ? s.kids.n : 1, sizeof *order);
    struct task_query q = {.scope_path = root->path, .as_of = as_of};
    if (rc == ST_OK) rc = st->task_rows(st, &q, summary_add, &s);
    *rc_out = rc;
    if (rc != ST_OK) {
        child_units_free(&s.kids);
        free(s.tallies);
        free(order);
        return NULL;
    }
    for (size_t i = 0; i < s.kids.n; i++) order[i] = i;
    if (s.kids.n > 1) qsort_r(order, s.kids.n, sizeof *order, by_rate, &s);
    json_t *ranking = json_array();
    int rank = 0;
    double last = -1;
    struct colour_counts phase_units = {0};
    for (size_t n = 0; n < s.kids.n; n++) {
        size_t i = order[n];
        const struct tally *t = &s.tallies[i];
        double rate = colour_greening_rate(&t->all);
        if (rate != last) rank = (int)n + 1;   /* ties share a rank */
        last = rate;
        json_t *row = rate_json(&t->all);
        json_object_set_new(row, "unit", json_pack("{s:s, s:s}", "code", s.kids.items[i].code,
                                                   "name", s.kids.items[i].name));
        json_object_set_new(row, "rank", json_integer(rank));
        json_object_set_new(row, "breakdown", breakdown_json(t, &s, i, true));
        if (cutoff) {
            enum colour p = colour_phase(&t->phase);
            colour_count(&phase_units, p);
            json_object_set_new(row, "phase", json_string(colour_name(p)));
        }
        json_array_append_new(ranking, row);
    }
    json_t *body = json_pack("{s:{s:s, s:s}, s:s, s:i, s:o, s:o, s:o}", "unit", "code", root->code,
                             "name", root->name, "as_of", s.today, "rule_version",
                             COLOUR_RULE_VERSION, "alone", rate_json(&s.alone), "subtree",
                             rate_json(&s.total.all), "ranking", ranking);
    json_object_set_new(body, "breakdown", breakdown_json(&s.total, &s, 0, false));
    if (cutoff) {
        json_t *phase = json_pack("{s:s, s:s, s:o}", "cutoff", cutoff, "verdict",
                                  colour_name(colour_phase(&s.total.phase)), "counts",
                                  counts_json(&s.total.phase));
        /* How many units below are green, yellow, red for the phase (the heat map). */
        json_object_set_new(phase, "units", counts_json(&phase_units));
        json_object_set_new(body, "phase", phase);
    }
    child_units_free(&s.kids);
    free(s.tallies);
    free(order);
    return body;
}

/* The units directly below from a summary's ranking, without their breakdowns (for the
 * reports' summary and the dashboard, which show only the overall rates). */
json_t *tasks_ranking_brief(const json_t *summary)
{
    json_t *below = json_array(), *row;
    size_t i;
    json_array_foreach(json_object_get(summary, "ranking"), i, row) {
        json_t *copy = json_copy(row);
        json_object_del(copy, "breakdown");
        json_array_append_new(below, copy);
    }
    return below;
}

/* Counting only: the subtree's colours on one day, in total and by task group. */
struct count_ctx {
    const char *today;
    struct colour_counts *total, *by_group;
    int n_groups;
};
static void count_add(void *vctx, const struct task_row *r)
{
    struct count_ctx *c = vctx;
    struct part_verdict v;
    taskeval_part(&r->task, &r->part, c->today, &colour_defaults, &v);
    bool recurring = !strcmp(r->task.deadline_kind, "recurring");
    taskeval_count(c->total, &v, recurring);
    if (c->by_group && r->task.task_group >= 1 && r->task.task_group <= c->n_groups)
        taskeval_count(&c->by_group[r->task.task_group - 1], &v, recurring);
}

enum store_rc tasks_count_at(struct store *st, const struct unit *root, const char *as_of,
                             struct colour_counts *total, struct colour_counts *by_group,
                             int n_groups)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    memset(total, 0, sizeof *total);
    if (by_group) memset(by_group, 0, (size_t)n_groups * sizeof *by_group);
    struct count_ctx c = {.today = as_of ? as_of : today, .total = total, .by_group = by_group,
                          .n_groups = n_groups};
    struct task_query q = {.scope_path = root->path, .as_of = as_of};
    return st->task_rows(st, &q, count_add, &c);
}

json_t *tasks_rate_json(const struct colour_counts *c) { return rate_json(c); }

void api_tasks_summary(struct req *r)
{
    const char *as_of, *cutoff;
    if (!req_date(r, "as_of", &as_of) || !req_date(r, "cutoff", &cutoff)) return;
    struct unit root;
    const char *code = req_query(r, "unit");
    enum store_rc rc = r->st->unit_get(r->st, code ? code : r->who.unit_code, NULL, &root);
    if (rc != ST_OK) {
        reply_error(r, code ? 400 : 500, code ? "validation_failed" : "internal",
                    code ? "unit" : NULL, "no unit %s", code ? code : r->who.unit_code);
        return;
    }
    if (!auth_require_scope(r, &root)) return;
    json_t *body = tasks_summary_json(r->st, &root, as_of, cutoff, &rc);
    if (!body) { reply_store_error(r, rc, "tasks"); return; }
    reply_json(r, 200, body);
}

/* The red parts of ROOT's subtree on AS_OF (NULL: today), worst first: {"total", "items"} with
 * at most LIMIT items, each the task, the unit, its role, the due day and the days overdue. */
json_t *tasks_overdue_json(struct store *st, const struct unit *root, const char *as_of,
                           int limit, enum store_rc *rc_out)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    struct list_ctx c;
    memset(&c, 0, sizeof c);
    util_copy(c.day, sizeof c.day, as_of ? as_of : today);
    c.today = c.day;
    c.overdue_only = true;
    struct task_query q = {.scope_path = root->path, .as_of = as_of};
    enum store_rc rc = st->task_rows(st, &q, list_add, &c);
    *rc_out = rc;
    if (rc == ST_OK && c.n > 1) qsort(c.rows, c.n, sizeof *c.rows, by_overdue);
    json_t *items = json_array();
    for (size_t i = 0; i < c.n; i++) {
        if (rc == ST_OK && (int)i < limit) {
            json_t *t = json_object_get(c.rows[i].json, "task");
            json_t *p = json_object_get(c.rows[i].json, "part");
            json_t *v = json_object_get(p, "verdict");
            json_array_append_new(items, json_pack("{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}",
                                                   "task_id", json_object_get(t, "id"),
                                                   "key", json_object_get(t, "key"),
                                                   "title", json_object_get(t, "title"),
                                                   "document", json_object_get(t, "document"),
                                                   "unit", json_object_get(p, "unit"),
                                                   "role", json_object_get(p, "role"),
                                                   "due", json_object_get(v, "due"),
                                                   "days_overdue",
                                                   json_object_get(v, "days_overdue")));
        }
        json_decref(c.rows[i].json);
    }
    size_t n = c.n;
    free(c.rows);
    if (rc != ST_OK) { json_decref(items); return NULL; }
    return json_pack("{s:I, s:o}", "total", (json_int_t)n, "items", items);
}

/* ---- one task ---- */

struct evidence_ctx { json_t *items; json_t *visible_parts; bool sees_all; };
static void collect_evidence(void *ctx, const struct evidence *e);

static bool task_id_param(struct req *r, int64_t *id)
{
    long v;
    if (!parse_int(r->param[0], 1, 1L << 40, &v)) {
        reply_error(r, 404, "not_found", NULL, "no task %s", r->param[0]);
        return false;
    }
    *id = v;
    return true;
}

struct task_copy {
    bool found;
    struct task t;
    char *strings[16];
    int n;
};
static const char *keep(struct task_copy *c, const char *s)
{
    return c->strings[c->n++] = strdup(s ? s : "");
}
static void copy_task(void *ctx, const struct task *t)
{
    struct task_copy *c = ctx;
    c->found = true;
    c->t = *t;
    c->t.key = keep(c, t->key);
    c->t.document_number = keep(c, t->document_number);
    c->t.document_key = keep(c, t->document_key);
    c->t.section = keep(c, t->section);
    c->t.title = keep(c, t->title);
    c->t.text = keep(c, t->text);
    c->t.expected_output = keep(c, t->expected_output);
    c->t.deadline_text = keep(c, t->deadline_text);
    c->t.deadline_kind = keep(c, t->deadline_kind);
    c->t.due = keep(c, t->due);
    c->t.period = keep(c, t->period);
    c->t.start_date = keep(c, t->start_date);
    c->t.assigner_code = keep(c, t->assigner_code);
    c->t.block = keep(c, t->block);
    c->t.criteria = keep(c, t->criteria);
    c->t.created_by = keep(c, t->created_by);
}
static void free_task_copy(struct task_copy *c)
{
    for (int i = 0; i < c->n; i++) free(c->strings[i]);
    c->n = 0;
}

/* Loads the task; replies 404 and returns false if there is none. */
static bool load_task(struct req *r, int64_t id, struct task_copy *c)
{
    memset(c, 0, sizeof *c);
    enum store_rc rc = r->st->task_get(r->st, id, copy_task, c);
    if (rc != ST_OK) {
        free_task_copy(c);
        if (rc == ST_NOT_FOUND) reply_error(r, 404, "not_found", NULL, "no task %lld", (long long)id);
        else reply_store_error(r, rc, "task");
        return false;
    }
    return true;
}

struct detail_ctx {
    const char *today;
    json_t *parts;
    struct task_combiner k;
    bool any_in_scope;
    bool sees_all;               /* the centre, or the unit that assigned the task */
    const struct principal *who;
};
/* Every part counts in the combined verdict; a reader sees the parts in their scope (all of
 * them when they assigned the task or are the centre). */
static void detail_part(void *ctx, const struct task_row *r)
{
    struct detail_ctx *d = ctx;
    struct part_verdict v;
    taskeval_part(&r->task, &r->part, d->today, &colour_defaults, &v);
    bool mine = auth_in_scope(d->who, r->part.unit_path);
    if (mine || d->sees_all) json_array_append_new(d->parts, view_part(&r->part, &v));
    taskeval_combine_add(&d->k, &r->part, &v);
    if (mine) d->any_in_scope = true;
}

/* Sub-tasks: each child's combined verdict; the parent shows their mean progress. */
struct children_ctx {
    const char *today;
    json_t *items;
    int64_t current;
    struct task current_task;
    struct task_combiner k;
    char title[512];
    long progress_sum;
    int n;
};
static void flush_child(struct children_ctx *c)
{
    if (!c->current) return;
    struct task_combined comb;
    c->current_task.title = c->title;
    taskeval_combine_end(&c->k, &c->current_task, c->today, &colour_defaults, &comb);
    json_array_append_new(c->items,
                          json_pack("{s:I, s:s, s:i, s:o}", "id", (json_int_t)c->current,
                                    "title", c->title, "progress", comb.progress, "verdict",
                                    view_verdict(&comb.result, c->current_task.due)));
    c->progress_sum += comb.progress;
    c->n++;
    c->current = 0;
}
static void child_part(void *ctx, const struct task_row *r)
{
    struct children_ctx *c = ctx;
    if (r->task.id != c->current) {
        flush_child(c);
        c->current = r->task.id;
        c->current_task = r->task;
        /* Only the fields the combiner reads stay valid: copy the strings it needs. */
        util_copy(c->title, sizeof c->title, r->task.title);
        static _Thread_local char kind[16], due[11], start[11];
        util_copy(kind, sizeof kind, r->task.deadline_kind);
        util_copy(due, sizeof due, r->task.due);
        util_copy(start, sizeof start, r->task.start_date);
        c->current_task.deadline_kind = kind;
        c->current_task.due = due;
        c->current_task.start_date = start;
        taskeval_combine_begin(&c->k);
    }
    struct part_verdict v;
    taskeval_part(&r->task, &r->part, c->today, &colour_defaults, &v);
    taskeval_combine_add(&c->k, &r->part, &v);
}

struct history_ctx { json_t *items; json_t *visible_parts; bool sees_all; };
static bool unit_visible(json_t *parts, const char *code)
{
    size_t i;
    json_t *p;
    json_array_foreach(parts, i, p)
        if (!strcmp(json_string_value(json_object_get(json_object_get(p, "unit"), "code")), code))
            return true;
    return false;
}
static void add_update(void *vctx, const struct task_update *u)
{
    struct history_ctx *h = vctx;
    if (!h->sees_all && !unit_visible(h->visible_parts, u->unit_code)) return;
    json_t *ctx = h->items;
    json_t *links = json_loads(u->links, 0, NULL);
    json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:o}",
                                         "id", (json_int_t)u->id, "unit", u->unit_code, "at",
                                         u->at, "day", u->day, "actor", u->actor, "kind", u->kind,
                                         "progress", u->progress >= 0 ? json_integer(u->progress)
                                                                      : json_null(),
                                         "period", str_or_null(u->period), "note", u->note,
                                         "links", links ? links : json_array()));
}

static const char *assigner_name_of(struct req *r, const struct task *t)
{
    struct unit u;
    if (!*t->assigner_code || r->st->unit_get(r->st, t->assigner_code, NULL, &u) != ST_OK)
        return NULL;
    return req_strdup(r, u.name);
}

void api_task_get(struct req *r)
{
    int64_t id;
    const char *as_of;
    if (!task_id_param(r, &id) || !req_date(r, "as_of", &as_of)) return;
    struct task_copy c;
    if (!load_task(r, id, &c)) return;
    char today[ISO_DATE_LEN];
    util_today(today);
    /* A task is visible to whoever has one of its parts, or assigned it, in scope. */
    struct unit assigner;
    bool assigner_in_scope = *c.t.assigner_code &&
                             r->st->unit_get(r->st, c.t.assigner_code, NULL, &assigner) == ST_OK &&
                             auth_in_scope(&r->who, assigner.path);
    struct detail_ctx d = {.today = as_of ? as_of : today, .parts = json_array(), .who = &r->who,
                           .sees_all = r->who.national || assigner_in_scope};
    taskeval_combine_begin(&d.k);
    struct task_query q = {.task_id = id, .as_of = as_of};
    enum store_rc rc = r->st->task_rows(r->st, &q, detail_part, &d);
    if (rc == ST_OK && !d.any_in_scope && !assigner_in_scope && !r->who.national) {
        json_decref(d.parts);
        free_task_copy(&c);
        reply_error(r, 403, "forbidden", NULL, "task %lld has no part in your scope",
                    (long long)id);
        return;
    }
    struct task_combined comb;
    taskeval_combine_end(&d.k, &c.t, d.today, &colour_defaults, &comb);
    struct children_ctx ch = {.today = d.today, .items = json_array()};
    struct task_query cq = {.parent_id = id, .as_of = as_of};
    if (rc == ST_OK) rc = r->st->task_rows(r->st, &cq, child_part, &ch);
    flush_child(&ch);
    json_t *history = json_array(), *evidence = json_array();
    struct history_ctx hc = {history, d.parts, d.sees_all};
    if (rc == ST_OK) rc = r->st->task_updates(r->st, id, 0, as_of, add_update, &hc);
    struct evidence_ctx ec = {evidence, d.parts, d.sees_all};
    if (rc == ST_OK) rc = r->st->evidence_list(r->st, id, collect_evidence, &ec);
    if (rc != ST_OK) {
        json_decref(d.parts);
        json_decref(ch.items);
        json_decref(history);
        json_decref(evidence);
        free_task_copy(&c);
        reply_store_error(r, rc, "task");
        return;
    }
    json_t *body = view_task(&c.t);
    json_object_set_new(body, "text", json_string(c.t.text));
    json_object_set_new(body, "parts", d.parts);
    json_t *combined = json_pack("{s:i, s:b, s:o}", "progress", comb.progress, "done", comb.done,
                                 "done_on", str_or_null(comb.done_on));
    json_object_set_new(combined, "verdict", view_verdict(&comb.result, c.t.due));
    json_object_set_new(body, "combined", combined);
    json_object_set_new(body, "children", ch.items);
    json_object_set_new(body, "rollup_progress",
                        ch.n ? json_integer((ch.progress_sum + ch.n / 2) / ch.n) : json_null());
    json_object_set_new(body, "history", history);
    json_object_set_new(body, "evidence", evidence);
    json_object_set_new(body, "as_of", json_string(d.today));
    json_object_set_new(body, "rule_version", json_integer(COLOUR_RULE_VERSION));
    /* What the caller may do here, so a client need not re-derive the rules. */
    json_t *may_report = json_array();
    size_t i;
    json_t *p;
    bool reports = (r->who.role & REPORT_ROLES) != 0;
    json_array_foreach(d.parts, i, p) {
        const char *code = json_string_value(json_object_get(json_object_get(p, "unit"), "code"));
        struct unit pu;
        if (reports && r->st->unit_get(r->st, code, NULL, &pu) == ST_OK &&
            auth_in_scope(&r->who, pu.path))
            json_array_append_new(may_report, json_string(code));
    }
    bool decides = r->who.national || (assigner_in_scope && (r->who.role & ROLE_LEADER));
    json_object_set_new(body, "actions", json_pack("{s:o, s:b, s:b}", "report", may_report,
                                                   "decide", decides, "break_down",
                                                   r->who.national || d.any_in_scope));
    json_object_set_new(body, "assigner_name", str_or_null(assigner_in_scope || *c.t.assigner_code
                                                               ? assigner_name_of(r, &c.t)
                                                               : NULL));
    free_task_copy(&c);
    reply_json(r, 200, body);
}

/* ---- creating tasks ---- */

struct lead_probe { const struct principal *who; bool found; };
static void probe_lead(void *ctx, const struct task_row *r)
{
    struct lead_probe *p = ctx;
    if (auth_in_scope(p->who, r->part.unit_path)) p->found = true;
}

static void ignore_document(void *ctx, const struct document *d) { (void)ctx; (void)d; }

struct create_ctx {
    struct req *r;
    struct task t;
    char *folded;
    int64_t lead[200], coord[200];
    int n_lead, n_coord;
    int64_t id;
};

enum store_rc task_insert_assigned(struct store *st, const char *actor, const struct task *t,
                                   const char *folded, const int64_t *lead, int n_lead,
                                   const int64_t *coord, int n_coord, int64_t *id)
{
    enum store_rc rc = st->task_insert(st, t, folded, id);
    for (int i = 0; rc == ST_OK && i < n_lead; i++) {
        int64_t part;
        rc = st->task_part_insert(st, *id, lead[i], "lead", &part);
    }
    for (int i = 0; rc == ST_OK && i < n_coord; i++) {
        int64_t part;
        rc = st->task_part_insert(st, *id, coord[i], "coordinator", &part);
        if (rc == ST_CONFLICT) rc = ST_OK;     /* already a lead: one part per unit */
    }
    if (rc != ST_OK) return rc;
    json_t *after = view_task(t);
    char idbuf[24];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)*id);
    json_object_set_new(after, "id", json_integer(*id));
    rc = audit_append(st, actor, "create", "task", idbuf, NULL, after);
    json_decref(after);
    return rc;
}

char *task_search_folded(const struct task *t)
{
    size_t sl = strlen(t->title) + strlen(t->text) + strlen(t->section) +
                strlen(t->expected_output) + 4;
    char *search = malloc(sl);
    snprintf(search, sl, "%s %s %s %s", t->section, t->title, t->text, t->expected_output);
    char *folded = text_fold(search);
    free(search);
    return folded;
}

static enum store_rc create_write(struct store *st, void *vctx)
{
    struct create_ctx *c = vctx;
    return task_insert_assigned(st, auth_actor(c->r), &c->t, c->folded, c->lead, c->n_lead,
                                c->coord, c->n_coord, &c->id);
}

/* Resolves unit codes into ids, each in the caller's scope and existing on DATE. */
static bool resolve_units(struct req *r, const struct string_array *codes, const char *field,
                          const char *date, int64_t *ids, int *n)
{
    *n = 0;
    for (int i = 0; i < codes->n && i < 200; i++) {
        struct unit u;
        if (r->st->unit_get(r->st, codes->items[i], date, &u) != ST_OK) {
            reply_error(r, 400, "validation_failed", field, "no unit %s on %s", codes->items[i],
                        date);
            return false;
        }
        if (!auth_require_scope(r, &u)) return false;
        ids[(*n)++] = u.id;
    }
    return true;
}

void api_tasks_create(struct req *r)
{
    const char *title, *text, *section, *deadline_text, *due, *output, *block, *criteria,
        *start;
    long document, parent, group;
    struct string_array lead, coord;
    struct field_spec spec[] = {
        {"title", F_STRING, true, 300, &title},
        {"text", F_STRING, false, 20000, &text},
        {"section", F_STRING, false, 32, &section},
        {"task_group", F_INT, false, 100, &group},
        {"document", F_INT, false, 1L << 40, &document},
        {"deadline_text", F_STRING, false, 500, &deadline_text},
        {"due", F_DATE, false, 10, &due},
        {"expected_output", F_STRING, false, 1000, &output},
        {"block", F_STRING, false, 40, &block},
        {"criteria", F_STRING, false, 40, &criteria},
        {"start_date", F_DATE, false, 10, &start},
        {"parent", F_INT, false, 1L << 40, &parent},
        {"lead", F_STRING_ARRAY, true, CODE_MAX - 1, &lead},
        {"coordinators", F_STRING_ARRAY, false, CODE_MAX - 1, &coord},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (lead.n < 1) {
        reply_error(r, 400, "validation_failed", "lead", "name at least one lead unit");
        return;
    }
    char today[ISO_DATE_LEN];
    util_today(today);
    struct create_ctx c = {.r = r};
    struct task *t = &c.t;
    t->title = title;
    t->text = text ? text : "";
    t->section = section ? section : "";
    t->expected_output = output ? output : "";
    t->block = block ? block : "";
    t->criteria = criteria ? criteria : "";
    t->start_date = start ? start : today;
    t->deadline_text = deadline_text ? deadline_text : "";
    t->key = "";
    if (group != F_INT_ABSENT) t->task_group = (int)group;
    if (document != F_INT_ABSENT) {
        if (r->st->document_get(r->st, document, false, ignore_document, NULL) != ST_OK) {
            reply_error(r, 400, "validation_failed", "document", "no document %ld", document);
            return;
        }
        t->document_id = document;
    }
    /* The deadline: read from the words, unless an explicit date is given. */
    struct deadline dl;
    deadline_parse(t->deadline_text, &dl);
    char due_buf[11] = "";
    if (due) {
        t->deadline_kind = "date";
        util_copy(due_buf, sizeof due_buf, due);
    } else if (dl.kind == DEADLINE_UNREADABLE && *t->deadline_text) {
        reply_error(r, 400, "validation_failed", "deadline_text",
                    "the deadline could not be read (%s): give the date in due", dl.reason);
        return;
    } else if (dl.kind == DEADLINE_DATE) {
        t->deadline_kind = "date";
        util_copy(due_buf, sizeof due_buf, dl.due);
    } else if (dl.kind == DEADLINE_RECURRING) {
        t->deadline_kind = "recurring";
        t->period = deadline_period_code(dl.period);
        t->on_demand = dl.on_demand;
    } else {
        t->deadline_kind = "none";
    }
    t->due = due_buf;
    if (!t->period) t->period = "";
    if (*t->due && strcmp(t->due, t->start_date) < 0) {
        reply_error(r, 400, "validation_failed", due ? "due" : "deadline_text",
                    "the task is due (%s) before it starts (%s)", t->due, t->start_date);
        return;
    }
    /* Sub-tasks: only a lead unit of the parent (or the centre) breaks a task down, and only
     * for units below it; the parent's lead unit then accepts their completion. */
    struct task_copy pc = {0};
    struct unit assigner;
    if (parent != F_INT_ABSENT) {
        if (r->st->task_get(r->st, parent, copy_task, &pc) != ST_OK) {
            free_task_copy(&pc);
            reply_error(r, 400, "validation_failed", "parent", "no task %ld", parent);
            return;
        }
        if (!r->who.national) {
            struct lead_probe probe = {.who = &r->who};
            struct task_query lq = {.task_id = parent, .role = "lead"};
            r->st->task_rows(r->st, &lq, probe_lead, &probe);
            if (!probe.found) {
                free_task_copy(&pc);
                reply_error(r, 403, "forbidden", "parent", "only a lead unit of task %ld (or a "
                            "unit above it) breaks it down", parent);
                return;
            }
        }
        t->parent_id = parent;
        t->document_id = t->document_id ? t->document_id : pc.t.document_id;
        t->task_group = t->task_group ? t->task_group : pc.t.task_group;
        free_task_copy(&pc);
        if (r->st->unit_get(r->st, r->who.unit_code, NULL, &assigner) != ST_OK) {
            reply_error(r, 500, "internal", NULL, "your unit is missing");
            return;
        }
        t->assigner_id = assigner.id;
    } else {
        if (!r->who.national) {
            reply_error(r, 403, "forbidden", NULL, "only the standing office creates top-level "
                        "tasks; leaders break an existing task down (give parent)");
            return;
        }
        t->assigner_id = 0;
        if (r->st->unit_get(r->st, "TW-VPTW", NULL, &assigner) == ST_OK)
            t->assigner_id = assigner.id;
    }
    if (!resolve_units(r, &lead, "lead", t->start_date, c.lead, &c.n_lead)) return;
    if (coord.n > 0 &&
        !resolve_units(r, &coord, "coordinators", t->start_date, c.coord, &c.n_coord))
        return;
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    t->created_at = now;
    t->created_by = auth_actor(r);
    c.folded = task_search_folded(t);
    enum store_rc rc = store_tx(r->st, create_write, &c);
    free(c.folded);
    if (rc != ST_OK) { reply_store_error(r, rc, "task"); return; }
    /* Reply with the task as it now reads. */
    char idbuf[24];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)c.id);
    r->param[0] = req_strdup(r, idbuf);
    api_task_get(r);
    if (r->status == 200) r->status = 201;
}

/* ---- reporting: progress, completion, acceptance, return ---- */

struct part_find { const char *code; struct task_part p; bool found; struct task t; };
static void find_part(void *ctx, const struct task_row *r)
{
    struct part_find *f = ctx;
    if (strcmp(r->part.unit_code, f->code) == 0) {
        f->p = r->part;
        f->found = true;
    }
}

struct report_ctx {
    struct req *r;
    struct task_part part;
    int progress;
    const char *state, *reported_on, *accepted_on;
    struct task_update u;
    json_t *before, *after;
    int64_t task_id;
};

static enum store_rc report_write(struct store *st, void *vctx)
{
    struct report_ctx *c = vctx;
    enum store_rc rc = st->task_part_set(st, c->part.id, c->progress, c->state, c->reported_on,
                                         c->accepted_on);
    if (rc == ST_OK) rc = st->task_update_insert(st, &c->u);
    if (rc != ST_OK) return rc;
    char id[48];
    snprintf(id, sizeof id, "%lld/%s", (long long)c->task_id, c->part.unit_code);
    return audit_append(st, auth_actor(c->r), c->u.kind, "task_part", id, c->before, c->after);
}

static json_t *part_state_json(int progress, const char *state, const char *reported,
                               const char *accepted, const char *period)
{
    json_t *o = json_pack("{s:i, s:s, s:o, s:o}", "progress", progress, "state", state,
                          "reported_on", str_or_null(reported), "accepted_on",
                          str_or_null(accepted));
    if (period) json_object_set_new(o, "period_reported", json_string(period));
    return o;
}

enum report_kind { REPORT_PROGRESS, REPORT_DONE, REPORT_ACCEPT, REPORT_RETURN };

static void report(struct req *r, enum report_kind kind)
{
    int64_t id;
    if (!task_id_param(r, &id)) return;
    const char *unit, *note, *period, *reason;
    long progress = 0;
    struct string_array links = {NULL, -1};
    struct field_spec progress_spec[] = {
        {"unit", F_STRING, true, CODE_MAX - 1, &unit},
        {"progress", F_INT, true, 100, &progress},
        {"note", F_STRING, false, 4000, &note},
        {"links", F_STRING_ARRAY, false, 500, &links},
        {0},
    };
    struct field_spec done_spec[] = {
        {"unit", F_STRING, true, CODE_MAX - 1, &unit},
        {"period", F_STRING, false, 10, &period},
        {"note", F_STRING, false, 4000, &note},
        {"links", F_STRING_ARRAY, false, 500, &links},
        {0},
    };
    struct field_spec decide_spec[] = {
        {"unit", F_STRING, true, CODE_MAX - 1, &unit},
        {"reason", F_STRING, kind == REPORT_RETURN, 4000, &reason},
        {0},
    };
    note = period = reason = NULL;
    const struct field_spec *spec = kind == REPORT_PROGRESS ? progress_spec
                                  : kind == REPORT_DONE     ? done_spec
                                                            : decide_spec;
    if (!input_parse(r, spec)) return;
    for (int i = 0; i < links.n; i++)
        if (strncmp(links.items[i], "https://", 8) && strncmp(links.items[i], "http://", 7)) {
            reply_error(r, 400, "validation_failed", "links", "evidence links must be http(s) URLs");
            return;
        }
    struct task_copy c;
    if (!load_task(r, id, &c)) return;
    struct part_find f = {.code = unit};
    struct task_query q = {.task_id = id};
    enum store_rc rc = r->st->task_rows(r->st, &q, find_part, &f);
    if (rc != ST_OK || !f.found) {
        free_task_copy(&c);
        if (rc != ST_OK) reply_store_error(r, rc, "task");
        else reply_error(r, 400, "validation_failed", "unit", "unit %s has no part in task %lld",
                         unit, (long long)id);
        return;
    }
    if (!auth_in_scope(&r->who, f.p.unit_path)) {
        free_task_copy(&c);
        reply_error(r, 403, "forbidden", NULL, "unit %s is outside your scope", unit);
        return;
    }
    char today[ISO_DATE_LEN];
    util_today(today);
    bool recurring = !strcmp(c.t.deadline_kind, "recurring");
    struct report_ctx x = {.r = r, .part = f.p, .task_id = id, .progress = f.p.progress,
                           .state = f.p.state, .reported_on = f.p.reported_on};
    x.accepted_on = f.p.accepted_on;
    const char *err = NULL, *err_field = NULL;
    int err_status = 409;           /* a state conflict, unless the caller may not act at all */
    switch (kind) {
    case REPORT_PROGRESS:
        if (!(r->who.role & REPORT_ROLES)) err = "your role does not report progress", err_status = 403;
        else if (!strcmp(f.p.state, "accepted")) err = "this part is done and accepted";
        else if (recurring) { err = "a recurring task is reported period by period (POST report)"; }
        x.progress = (int)progress;
        if (!strcmp(f.p.state, "returned")) x.state = "open";
        x.u.kind = "progress";
        break;
    case REPORT_DONE:
        if (!(r->who.role & REPORT_ROLES)) err = "your role does not report", err_status = 403;
        if (recurring) {
            struct deadline d = {.kind = DEADLINE_RECURRING};
            d.period = !strcmp(c.t.period, "quarter") ? PERIOD_QUARTER
                     : !strcmp(c.t.period, "half_year") ? PERIOD_HALF_YEAR
                     : !strcmp(c.t.period, "year") ? PERIOD_YEAR
                     : !strcmp(c.t.period, "month") ? PERIOD_MONTH : PERIOD_UNSPECIFIED;
            char label[16], dues[2][11];
            if (d.period == PERIOD_UNSPECIFIED) {
                err = "this task's period is not stated: nothing is scheduled to report";
                break;
            }
            if (!period) {
                deadline_obligations(&d, today, today, dues, 1);
                deadline_period_label(&d, dues[0], label, sizeof label);
                period = req_strdup(r, label);
            } else {
                /* It must be one of the task's periods, from its start to the current one. */
                static _Thread_local char all[400][11];
                int n = deadline_obligations(&d, c.t.start_date, today, all, 400);
                bool known = false;
                for (int i = 0; i < n && !known; i++) {
                    deadline_period_label(&d, all[i], label, sizeof label);
                    known = !strcmp(label, period);
                }
                if (!known) {
                    free_task_copy(&c);
                    reply_error(r, 400, "validation_failed", "period",
                                "period must be one of this task's periods up to now, written "
                                "like 2025-07 (monthly), 2025-Q3, 2025-H2 or 2025");
                    return;
                }
            }
            x.u.period = period;
            x.u.kind = "period_report";
        } else {
            if (!strcmp(f.p.state, "accepted") || !strcmp(f.p.state, "reported"))
                err = "completion was already reported";
            x.progress = 100;
            x.state = "reported";
            x.reported_on = today;
            x.u.kind = "report_done";
        }
        break;
    case REPORT_ACCEPT:
    case REPORT_RETURN: {
        /* The standing office, or a leader of the unit that assigned the task. */
        struct unit a;
        bool assigner = *c.t.assigner_code &&
                        r->st->unit_get(r->st, c.t.assigner_code, NULL, &a) == ST_OK &&
                        auth_in_scope(&r->who, a.path) && (r->who.role & ROLE_LEADER);
        if (!r->who.national && !assigner)
            err = "only the standing office or the assigning unit decides on completion",
            err_status = 403;
        else if (strcmp(f.p.state, "reported"))
            err = "there is no completion report waiting for a decision", err_field = "unit";
        else if (f.p.unit_id == r->who.unit_id)
            err = "a unit does not accept its own completion", err_status = 403;
        if (kind == REPORT_ACCEPT) {
            x.state = "accepted";
            x.accepted_on = today;
            x.u.kind = "accept";
        } else {
            x.state = "returned";
            x.reported_on = "";
            x.progress = f.p.progress;
            x.u.kind = "return";
        }
        break;
    }
    }
    if (err) {
        free_task_copy(&c);
        reply_error(r, err_status, err_status == 403 ? "forbidden" : "conflict", err_field, "%s",
                    err);
        return;
    }
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    char *links_text = NULL;
    json_t *la = json_array();
    for (int i = 0; i < links.n; i++) json_array_append_new(la, json_string(links.items[i]));
    links_text = json_dumps(la, JSON_COMPACT);
    json_decref(la);
    x.u.part_id = f.p.id;
    x.u.at = now;
    x.u.day = today;
    x.u.actor = auth_actor(r);
    x.u.progress = kind == REPORT_PROGRESS || kind == REPORT_DONE ? x.progress : -1;
    if (recurring && kind == REPORT_DONE) x.u.progress = -1;
    x.u.note = note ? note : (reason ? reason : "");
    x.u.links = links_text;
    x.before = part_state_json(f.p.progress, f.p.state, f.p.reported_on, x.accepted_on, NULL);
    x.after = part_state_json(x.progress, x.state, x.reported_on, x.accepted_on, x.u.period);
    rc = store_tx(r->st, report_write, &x);
    json_decref(x.before);
    json_decref(x.after);
    free(links_text);
    free_task_copy(&c);
    if (rc != ST_OK) { reply_store_error(r, rc, "task"); return; }
    api_task_get(r);
}

void api_task_progress(struct req *r) { report(r, REPORT_PROGRESS); }
void api_task_report(struct req *r) { report(r, REPORT_DONE); }
void api_task_accept(struct req *r) { report(r, REPORT_ACCEPT); }
void api_task_return(struct req *r) { report(r, REPORT_RETURN); }

/* ---- import: new tasks from the export's CSV ---- */

/* POST /api/v1/tasks/import with a text/csv body in the export's columns (id, document,
 * section, task_group, title, unit, role, deadline_text, due; the computed columns progress,
 * state, colour, days_overdue, done_on are ignored: progress comes from reports). Rows with an
 * id are existing parts and are skipped; consecutive rows without an id and with the same
 * document, section, title, deadline and due date are one new task, one part per row. The
 * whole file is one transaction: any bad row rejects it, naming the line and the column. */
struct import_doc { const char *number; int64_t id; int matches; };
static void match_document(void *ctx, const struct document *d)
{
    struct import_doc *m = ctx;
    if (!strcmp(d->number, m->number)) {
        m->id = d->id;
        m->matches++;
    }
}

struct import_ctx {
    struct req *r;
    struct csv_table t;
    int created, skipped;
    char err[300];
    const char *err_field;
};

static bool same_task(const struct csv_table *t, size_t a, size_t b)
{
    static const char *const cols[] = {"document", "section", "title", "deadline_text", "due"};
    for (size_t k = 0; k < 5; k++)
        if (strcmp(csv_cell(t, a, csv_col(t, cols[k])), csv_cell(t, b, csv_col(t, cols[k]))))
            return false;
    return true;
}

static enum store_rc import_tx(struct store *st, void *vctx)
{
    struct import_ctx *c = vctx;
    struct csv_table *t = &c->t;
    char today[ISO_DATE_LEN], now[ISO_TIME_LEN];
    util_today(today);
    util_now_iso(now);
    struct unit vptw;
    int64_t assigner = st->unit_get(st, "TW-VPTW", NULL, &vptw) == ST_OK ? vptw.id : 0;
    for (size_t i = 0; i < t->rows;) {
        size_t line = i + 2;
#define COLV(row, name) csv_cell(t, (row), csv_col(t, name))
        if (*COLV(i, "id")) { c->skipped++; i++; continue; }
        size_t end = i + 1;
        while (end < t->rows && !*COLV(end, "id") && same_task(t, i, end)) end++;
        char *title = text_nfc(COLV(i, "title"));
        if (!title || !*title || text_length(title) > 300) {
            free(title);
            snprintf(c->err, sizeof c->err, "line %zu: a title of 1-300 characters is needed", line);
            c->err_field = "title";
            return ST_ERROR;
        }
        char *deadline_text = text_nfc(COLV(i, "deadline_text"));
        struct task k = {.key = "", .title = title, .text = "", .expected_output = "",
                         .section = COLV(i, "section"), .deadline_text = deadline_text ? deadline_text : "",
                         .block = "", .criteria = "", .period = "", .start_date = today,
                         .created_at = now, .created_by = auth_actor(c->r),
                         .assigner_id = assigner, .task_group = atoi(COLV(i, "task_group"))};
        char due[11] = "";
        const char *explicit_due = COLV(i, "due");
        struct deadline dl;
        deadline_parse(k.deadline_text, &dl);
        enum store_rc rc = ST_OK;
        if (*explicit_due) {
            if (!util_date_valid(explicit_due)) {
                snprintf(c->err, sizeof c->err, "line %zu: due %s is not a date YYYY-MM-DD", line,
                         explicit_due);
                c->err_field = "due";
                rc = ST_ERROR;
            }
            k.deadline_kind = "date";
            util_copy(due, sizeof due, explicit_due);
        } else if (dl.kind == DEADLINE_UNREADABLE) {
            snprintf(c->err, sizeof c->err, "line %zu: the deadline cannot be read (%s); give the "
                     "date in the due column", line, dl.reason);
            c->err_field = "deadline_text";
            rc = ST_ERROR;
        } else if (dl.kind == DEADLINE_DATE) {
            k.deadline_kind = "date";
            util_copy(due, sizeof due, dl.due);
        } else if (dl.kind == DEADLINE_RECURRING) {
            k.deadline_kind = "recurring";
            k.period = deadline_period_code(dl.period);
            k.on_demand = dl.on_demand;
        } else {
            k.deadline_kind = "none";
        }
        k.due = due;
        if (rc == ST_OK && *COLV(i, "document")) {
            struct import_doc m = {.number = COLV(i, "document")};
            st->document_list(st, -1, NULL, NULL, match_document, &m);
            if (m.matches != 1) {
                snprintf(c->err, sizeof c->err, "line %zu: document %s %s", line, m.number,
                         m.matches ? "names several documents; create the task in the UI"
                                   : "is not registered");
                c->err_field = "document";
                rc = ST_ERROR;
            }
            k.document_id = m.id;
        }
        int64_t id = 0;
        if (rc == ST_OK) {
            char *folded = text_fold(title);
            rc = st->task_insert(st, &k, folded ? folded : "", &id);
            free(folded);
        }
        for (size_t j = i; rc == ST_OK && j < end; j++) {
            const char *role = COLV(j, "role"), *code = COLV(j, "unit");
            struct unit u;
            if (strcmp(role, "lead") && strcmp(role, "coordinator")) {
                snprintf(c->err, sizeof c->err, "line %zu: role must be lead or coordinator", j + 2);
                c->err_field = "role";
                rc = ST_ERROR;
            } else if (st->unit_get(st, code, today, &u) != ST_OK) {
                snprintf(c->err, sizeof c->err, "line %zu: no active unit %s", j + 2, code);
                c->err_field = "unit";
                rc = ST_ERROR;
            } else {
                int64_t part;
                rc = st->task_part_insert(st, id, u.id, role, &part);
                if (rc == ST_CONFLICT) {
                    snprintf(c->err, sizeof c->err, "line %zu: unit %s is listed twice for one "
                             "task", j + 2, code);
                    c->err_field = "unit";
                    rc = ST_ERROR;
                }
            }
        }
        if (rc == ST_OK) {
            json_t *after = view_task(&k);
            char idbuf[24];
            snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
            json_object_set_new(after, "id", json_integer(id));
            json_object_set_new(after, "parts", json_integer((json_int_t)(end - i)));
            rc = audit_append(st, auth_actor(c->r), "import", "task", idbuf, NULL, after);
            json_decref(after);
        }
        free(title);
        free(deadline_text);
        if (rc != ST_OK) return rc;
        c->created++;
        i = end;
#undef COLV
    }
    return ST_OK;
}

void api_tasks_import(struct req *r)
{
    const char *type = req_header(r, "Content-Type");
    if (!type || strncmp(type, "text/csv", 8) != 0) {
        reply_error(r, 400, "validation_failed", NULL,
                    "send the CSV itself with Content-Type: text/csv");
        return;
    }
    struct import_ctx c = {.r = r};
    if (!r->body_len || !text_valid_utf8(r->body, r->body_len)) {
        reply_error(r, 400, "validation_failed", NULL, "the body must be UTF-8 CSV text");
        return;
    }
    if (!csv_table_parse(r->body, r->body_len, &c.t, c.err, sizeof c.err)) {
        reply_error(r, 400, "validation_failed", NULL, "%s", c.err);
        return;
    }
    static const char *const needed[] = {"title", "unit", "role"};
    for (size_t k = 0; k < 3; k++)
        if (csv_col(&c.t, needed[k]) < 0) {
            csv_table_free(&c.t);
            reply_error(r, 400, "validation_failed", needed[k],
                        "the header must have the columns of the export (missing %s)", needed[k]);
            return;
        }
    enum store_rc rc = store_tx(r->st, import_tx, &c);
    csv_table_free(&c.t);
    if (rc != ST_OK) {
        if (c.err[0]) reply_error(r, 400, "validation_failed", c.err_field, "%s (nothing was "
                                  "imported)", c.err);
        else reply_store_error(r, rc, "tasks");
        return;
    }
    reply_json(r, 200, json_pack("{s:i, s:i}", "created", c.created, "skipped", c.skipped));
}

/* ---- evidence files ---- */

json_t *view_evidence(const struct evidence *e)
{
    char url[64];
    snprintf(url, sizeof url, "/api/v1/evidence/%lld", (long long)e->id);
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)e->id,
                     "unit", e->unit_code ? e->unit_code : "", "name", e->name, "type", e->type, "size",
                     (json_int_t)e->size, "sha256", e->sha256, "at", e->at, "actor", e->actor,
                     "url", url);
}

struct evidence_write {
    struct req *r;
    struct evidence e;
    int64_t task_id, id;
    char *links;
};
static enum store_rc evidence_write(struct store *st, void *vctx)
{
    struct evidence_write *w = vctx;
    enum store_rc rc = st->evidence_insert(st, &w->e, &w->id);
    if (rc != ST_OK) return rc;
    char url[64], today[ISO_DATE_LEN];
    util_today(today);
    snprintf(url, sizeof url, "[\"/api/v1/evidence/%lld\"]", (long long)w->id);
    struct task_update u = {.part_id = w->e.part_id, .at = w->e.at, .day = today,
                            .actor = w->e.actor, .kind = "evidence", .progress = -1,
                            .note = w->e.name, .links = url};
    rc = st->task_update_insert(st, &u);
    if (rc != ST_OK) return rc;
    json_t *after = json_pack("{s:s, s:s, s:I, s:s}", "name", w->e.name, "type", w->e.type,
                              "size", (json_int_t)w->e.size, "sha256", w->e.sha256);
    char id[48];
    snprintf(id, sizeof id, "%lld/%s", (long long)w->task_id, w->e.unit_code);
    rc = audit_append(st, w->e.actor, "evidence", "task_part", id, NULL, after);
    json_decref(after);
    return rc;
}

/* POST /api/v1/tasks/{id}/evidence?unit=CODE&name=FILE with the file itself as the body. */
void api_task_evidence_upload(struct req *r)
{
    int64_t id;
    if (!task_id_param(r, &id)) return;
    const char *unit = req_query(r, "unit");
    if (!unit) { reply_error(r, 400, "validation_failed", "unit", "unit is required"); return; }
    struct evidence_write w = {.r = r, .task_id = id};
    if (!files_receive(r, "evidence", &w.e)) return;
    if (!(r->who.role & REPORT_ROLES)) {
        reply_error(r, 403, "forbidden", NULL, "your role does not report evidence");
        return;
    }
    struct part_find f = {.code = unit};
    struct task_query q = {.task_id = id};
    enum store_rc rc = r->st->task_rows(r->st, &q, find_part, &f);
    if (rc != ST_OK) { reply_store_error(r, rc, "task"); return; }
    if (!f.found) {
        reply_error(r, 404, "not_found", "unit", "task %lld has no part for unit %s",
                    (long long)id, unit);
        return;
    }
    if (!auth_in_scope(&r->who, f.p.unit_path)) {
        reply_error(r, 403, "forbidden", NULL, "unit %s is outside your scope", unit);
        return;
    }
    w.e.part_id = f.p.id;
    w.e.actor = auth_actor(r);
    w.e.unit_code = f.p.unit_code;
    rc = store_tx(r->st, evidence_write, &w);
    if (rc != ST_OK) { reply_store_error(r, rc, "evidence"); return; }
    struct evidence shown = w.e;
    shown.id = w.id;
    reply_json(r, 201, view_evidence(&shown));
}

struct evidence_copy { bool found; struct evidence e; char *content, *name, *type, *unit_path,
                       *assigner_path; };
static void copy_evidence(void *ctx, const struct evidence *e)
{
    struct evidence_copy *c = ctx;
    c->found = true;
    c->e = *e;
    c->content = malloc(e->size > 0 ? (size_t)e->size : 1);
    if (c->content && e->content) memcpy(c->content, e->content, (size_t)e->size);
    c->name = strdup(e->name);
    c->type = strdup(e->type);
    c->unit_path = strdup(e->unit_path ? e->unit_path : "");
    c->assigner_path = strdup(e->assigner_path ? e->assigner_path : "");
}

/* GET /api/v1/evidence/{id}: the file, to those who may see the part it belongs to. */
void api_evidence_get(struct req *r)
{
    long v;
    if (!parse_int(r->param[0], 1, 1L << 40, &v)) {
        reply_error(r, 404, "not_found", NULL, "no evidence %s", r->param[0]);
        return;
    }
    struct evidence_copy c = {0};
    enum store_rc rc = r->st->evidence_get(r->st, v, copy_evidence, &c);
    if (rc != ST_OK) { reply_store_error(r, rc, "evidence"); return; }
    /* An initiative's attachment: to those who handle the initiative. A task part's: to the
     * part's unit and the unit that assigned the task, and above them. */
    bool visible = c.e.initiative_id
                       ? initiative_file_visible(r, c.e.initiative_id)
                       : auth_in_scope(&r->who, c.unit_path) ||
                             (*c.assigner_path && auth_in_scope(&r->who, c.assigner_path));
    if (!visible) {
        reply_error(r, 403, "forbidden", NULL, "evidence %ld is outside your scope", v);
    } else {
        files_reply(r, c.type, c.name, c.content, (size_t)c.e.size);
        c.content = NULL;
    }
    free(c.content);
    free(c.name);
    free(c.type);
    free(c.unit_path);
    free(c.assigner_path);
}

static void collect_evidence(void *vctx, const struct evidence *e)
{
    struct evidence_ctx *c = vctx;
    if (!c->sees_all && !unit_visible(c->visible_parts, e->unit_code)) return;
    json_array_append_new(c->items, view_evidence(e));
}

/* GET /api/v1/deadlines/read?text=...: how the deadline reader understands a text, so a form
 * can show the reading (or why it cannot be read) before the task is saved. */
void api_deadline_read(struct req *r)
{
    const char *text = req_query(r, "text");
    if (!text || strlen(text) > 2000 || !text_valid_utf8(text, strlen(text))) {
        reply_error(r, 400, "validation_failed", "text", "text is required (at most 2000 bytes)");
        return;
    }
    struct deadline d;
    deadline_parse(text, &d);
    char line[256];
    deadline_describe(&d, line, sizeof line);
    json_t *o = json_pack("{s:s, s:s, s:b}", "kind", deadline_kind_code(d.kind), "description",
                          line, "on_demand", d.on_demand);
    json_object_set_new(o, "due", d.kind == DEADLINE_DATE ? json_string(d.due) : json_null());
    json_object_set_new(o, "period", d.kind == DEADLINE_RECURRING && *deadline_period_code(d.period)
                                         ? json_string(deadline_period_code(d.period))
                                         : json_null());
    json_object_set_new(o, "reason", d.kind == DEADLINE_UNREADABLE ? json_string(d.reason)
                                                                    : json_null());
    reply_json(r, 200, o);
}
