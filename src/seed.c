#include "seed.h"
#include "audit.h"
#include "csvread.h"
#include "deadline.h"
#include "demo.h"
#include "embedded.h"
#include "indicator.h"
#include "report.h"
#include "rollup.h"
#include "text.h"
#include "util.h"

#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Records a bulk import in the audit log as one entry: the source, row count and content hash. */
static enum store_rc audit_import(struct store *st, const char *actor, const char *entity,
                                  const char *source, size_t rows, const char *data, size_t len)
{
    unsigned char d[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256(d, (const unsigned char *)data, len);
    util_hex(d, sizeof d, hex);
    json_t *after = json_pack("{s:s, s:I, s:s}", "source", source, "rows", (json_int_t)rows,
                              "sha256", hex);
    enum store_rc rc = audit_append(st, actor, "import", entity, source, NULL, after);
    json_decref(after);
    return rc;
}

struct units_import {
    const char *actor, *data, *source;
    size_t len;
    struct csv_table t;
    char *err;
    size_t cap;
};

static enum store_rc units_import_tx(struct store *st, void *ctx)
{
    struct units_import *im = ctx;
    struct csv_table *t = &im->t;
    int c_code = csv_col(t, "code"), c_name = csv_col(t, "name"), c_kind = csv_col(t, "kind"),
        c_parent = csv_col(t, "parent"), c_from = csv_col(t, "valid_from"),
        c_to = csv_col(t, "valid_to"), c_event = csv_col(t, "event"),
        c_succ = csv_col(t, "successors");
    if (c_code < 0 || c_name < 0 || c_kind < 0 || c_parent < 0 || c_from < 0) {
        snprintf(im->err, im->cap, "%s: the header needs code,name,kind,parent,valid_from",
                 im->source);
        return ST_ERROR;
    }
    enum store_rc rc;
    /* Pass 1: every unit with its first version. */
    for (size_t i = 0; i < t->rows; i++) {
        struct unit u = {0};
        const char *parent = csv_cell(t, i, c_parent), *from = csv_cell(t, i, c_from);
        char *name = text_nfc(csv_cell(t, i, c_name));
        if (!name || !*name || !util_date_valid(from) ||
            !util_copy(u.code, sizeof u.code, csv_cell(t, i, c_code)) || !*u.code) {
            snprintf(im->err, im->cap, "%s line %zu: needs a code, a name and a valid_from "
                     "date YYYY-MM-DD", im->source, i + 2);
            free(name);
            return ST_ERROR;
        }
        util_copy(u.name, sizeof u.name, name);
        free(name);
        util_copy(u.kind, sizeof u.kind, csv_cell(t, i, c_kind));
        util_copy(u.valid_from, sizeof u.valid_from, from);
        if (*parent) {
            struct unit p;
            if ((rc = st->unit_get(st, parent, NULL, &p)) != ST_OK) {
                snprintf(im->err, im->cap, "%s line %zu: parent %s is not defined above it",
                         im->source, i + 2, parent);
                return rc == ST_NOT_FOUND ? ST_ERROR : rc;
            }
            u.parent_id = p.id;
        }
        if ((rc = st->unit_insert(st, &u)) != ST_OK) {
            snprintf(im->err, im->cap, "%s line %zu: cannot insert unit %s%s", im->source,
                     i + 2, u.code, rc == ST_CONFLICT ? " (the code exists already)" : "");
            return rc == ST_CONFLICT ? ST_ERROR : rc;
        }
    }
    /* Pass 2: closures and their successors, which may be defined after the unit. */
    for (size_t i = 0; i < t->rows; i++) {
        const char *to = csv_cell(t, i, c_to);
        if (!*to) continue;
        if (!util_date_valid(to)) {
            snprintf(im->err, im->cap, "%s line %zu: valid_to must be YYYY-MM-DD", im->source,
                     i + 2);
            return ST_ERROR;
        }
        struct unit u;
        if ((rc = st->unit_get(st, csv_cell(t, i, c_code), NULL, &u)) != ST_OK) return rc;
        int64_t succ[16];
        int n = 0;
        char list[512];
        util_copy(list, sizeof list, csv_cell(t, i, c_succ));
        for (char *save, *code = strtok_r(list, ";", &save); code && n < 16;
             code = strtok_r(NULL, ";", &save)) {
            struct unit s;
            if (st->unit_get(st, code, NULL, &s) != ST_OK) {
                snprintf(im->err, im->cap, "%s line %zu: successor %s is not defined",
                         im->source, i + 2, code);
                return ST_ERROR;
            }
            succ[n++] = s.id;
        }
        const char *event = csv_cell(t, i, c_event);
        if (!*event) event = n > 1 ? "split" : n ? "merged" : "dissolved";
        if ((rc = st->unit_close(st, u.id, to, event, succ, n)) != ST_OK) return rc;
    }
    return audit_import(st, im->actor, "units", im->source, t->rows, im->data, im->len);
}

int seed_units_csv(struct store *st, const char *actor, const char *data, size_t len,
                   const char *source, char *err, size_t cap)
{
    struct units_import im = {.actor = actor, .data = data, .len = len, .source = source,
                              .err = err, .cap = cap};
    err[0] = '\0';
    if (!csv_table_parse(data, len, &im.t, err, cap)) return 1;
    enum store_rc rc = store_tx(st, units_import_tx, &im);
    csv_table_free(&im.t);
    if (rc != ST_OK && !err[0]) snprintf(err, cap, "%s: the database refused the import", source);
    return rc == ST_OK ? 0 : 1;
}

static const struct embedded_file *bundled(const char *path, char *err, size_t cap)
{
    const struct embedded_file *f = embedded_find(path);
    if (!f) snprintf(err, cap, "this build carries no %s", path);
    return f;
}

struct bundle_ctx { char *err; size_t cap; };

static enum store_rc programmes_tx(struct store *st, void *ctx)
{
    struct bundle_ctx *b = ctx;
    const struct embedded_file *pf = bundled("data/programmes.csv", b->err, b->cap);
    const struct embedded_file *gf = bundled("data/task_groups.csv", b->err, b->cap);
    const struct embedded_file *df = bundled("data/documents.csv", b->err, b->cap);
    if (!pf || !gf || !df) return ST_ERROR;
    struct csv_table p, g, d;
    if (!csv_table_parse((const char *)pf->data, pf->len, &p, b->err, b->cap)) return ST_ERROR;
    enum store_rc rc = ST_OK;
    for (size_t i = 0; rc == ST_OK && i < p.rows; i++) {
        int64_t id;
        rc = st->programme_insert(st, csv_cell(&p, i, csv_col(&p, "code")),
                                  csv_cell(&p, i, csv_col(&p, "name")), &id);
    }
    if (rc == ST_OK) rc = audit_import(st, "system", "programmes", "data/programmes.csv", p.rows,
                                       (const char *)pf->data, pf->len);
    csv_table_free(&p);
    if (rc != ST_OK) return rc;

    if (!csv_table_parse((const char *)gf->data, gf->len, &g, b->err, b->cap)) return ST_ERROR;
    for (size_t i = 0; rc == ST_OK && i < g.rows; i++) {
        int64_t pid;
        rc = st->programme_id(st, csv_cell(&g, i, csv_col(&g, "programme")), &pid);
        if (rc == ST_OK)
            rc = st->task_group_insert(st, pid, atoi(csv_cell(&g, i, csv_col(&g, "number"))),
                                       csv_cell(&g, i, csv_col(&g, "title")));
    }
    if (rc == ST_OK) rc = audit_import(st, "system", "task_groups", "data/task_groups.csv",
                                       g.rows, (const char *)gf->data, gf->len);
    csv_table_free(&g);
    if (rc != ST_OK) return rc;

    /* Documents: insert each once the document it implements is in (any order in the file). */
    if (!csv_table_parse((const char *)df->data, df->len, &d, b->err, b->cap)) return ST_ERROR;
    bool *done = calloc(d.rows, sizeof *done);
    size_t inserted = 0;
    int c_key = csv_col(&d, "key"), c_impl = csv_col(&d, "implements");
    for (bool progress = true; rc == ST_OK && progress && inserted < d.rows;) {
        progress = false;
        for (size_t i = 0; rc == ST_OK && i < d.rows; i++) {
            if (done[i]) continue;
            int64_t impl = 0, issuer = 0, prog = 0;
            const char *impl_key = csv_cell(&d, i, c_impl);
            if (*impl_key && st->document_id(st, impl_key, &impl) != ST_OK) continue;
            struct unit iu;
            const char *issuer_code = csv_cell(&d, i, csv_col(&d, "issuer"));
            if (*issuer_code) {
                if (st->unit_get(st, issuer_code, NULL, &iu) != ST_OK) {
                    snprintf(b->err, b->cap, "data/documents.csv line %zu: no issuer unit %s",
                             i + 2, issuer_code);
                    rc = ST_ERROR;
                    break;
                }
                issuer = iu.id;
            }
            const char *pcode = csv_cell(&d, i, csv_col(&d, "programme"));
            if (*pcode) st->programme_id(st, pcode, &prog);
            const char *tf = csv_cell(&d, i, csv_col(&d, "text_file"));
            const char *text = "";
            if (*tf) {
                char path[300];
                snprintf(path, sizeof path, "data/%s", tf);
                const struct embedded_file *f = bundled(path, b->err, b->cap);
                if (!f) { rc = ST_ERROR; break; }
                text = (const char *)f->data;
            }
            struct document doc = {
                .key = csv_cell(&d, i, c_key), .number = csv_cell(&d, i, csv_col(&d, "number")),
                .kind = csv_cell(&d, i, csv_col(&d, "kind")),
                .title = csv_cell(&d, i, csv_col(&d, "title")),
                .date = csv_cell(&d, i, csv_col(&d, "date")), .text = text,
                .implements_id = impl,
            };
            size_t sl = strlen(doc.number) + strlen(doc.title) + strlen(text) + 3;
            char *search = malloc(sl);
            snprintf(search, sl, "%s %s %s", doc.number, doc.title, text);
            char *folded = text_fold(search);
            free(search);
            int64_t id;
            rc = st->document_insert(st, &doc, issuer, prog, folded ? folded : "", &id);
            free(folded);
            done[i] = true;
            inserted++;
            progress = true;
        }
    }
    if (rc == ST_OK && inserted < d.rows) {
        snprintf(b->err, b->cap, "data/documents.csv: %zu documents implement a key that is "
                 "not in the file", d.rows - inserted);
        rc = ST_ERROR;
    }
    if (rc == ST_OK) rc = audit_import(st, "system", "documents", "data/documents.csv", d.rows,
                                       (const char *)df->data, df->len);
    free(done);
    csv_table_free(&d);
    return rc;
}

/* ---- tasks (data/tasks.csv) ---- */

/* Adds ID to IDS unless it is there already (a unit named and also inside a selector). */
static void add_id(int64_t *ids, int *n, int cap, int64_t id)
{
    for (int i = 0; i < *n; i++)
        if (ids[i] == id) return;
    if (*n < cap) ids[(*n)++] = id;
}

struct selector_ctx { int64_t *ids; int *n; int cap; const char *kinds[3]; };
static void select_unit(void *ctx, const struct unit *u)
{
    struct selector_ctx *s = ctx;
    for (int k = 0; k < 3 && s->kinds[k]; k++)
        if (!strcmp(u->kind, s->kinds[k])) {
            add_id(s->ids, s->n, s->cap, u->id);
            return;
        }
}

/* Expands "CODE;CODE;@ministries;@provinces" into unit ids existing on DATE. Returns false with
 * ERR naming the code that does not exist. */
static bool expand_units(struct store *st, const char *list, const char *date, int64_t *ids,
                         int *n, int cap, char *err, size_t errcap, size_t line)
{
    char buf[2048];
    util_copy(buf, sizeof buf, list);
    for (char *save, *code = strtok_r(buf, ";", &save); code; code = strtok_r(NULL, ";", &save)) {
        struct unit u;
        if (!strcmp(code, "@ministries") || !strcmp(code, "@provinces")) {
            bool ministries = !strcmp(code, "@ministries");
            struct selector_ctx s = {ids, n, cap, {NULL, NULL, NULL}};
            if (ministries) {
                s.kinds[0] = "ministry";
                s.kinds[1] = "agency";
            } else {
                s.kinds[0] = "province";
                s.kinds[1] = "city";
            }
            /* Ministries and agencies sit under the Government; provinces under the nation. */
            if (st->unit_get(st, ministries ? "TW-CP" : "VN", date, &u) != ST_OK ||
                st->unit_children(st, u.id, date, false, select_unit, &s) != ST_OK) {
                snprintf(err, errcap, "data/tasks.csv line %zu: cannot expand %s", line, code);
                return false;
            }
            if (ministries && st->unit_get(st, "TW-NHNN", date, &u) == ST_OK)
                add_id(ids, n, cap, u.id);   /* the State Bank ranks with the ministries */
            continue;
        }
        if (st->unit_get(st, code, date, &u) != ST_OK) {
            snprintf(err, errcap, "data/tasks.csv line %zu: no unit %s on %s", line, code, date);
            return false;
        }
        add_id(ids, n, cap, u.id);
    }
    return true;
}

struct doc_date { char date[11]; char issuer_code[CODE_MAX]; };
static void read_doc_date(void *ctx, const struct document *d)
{
    struct doc_date *dd = ctx;
    util_copy(dd->date, sizeof dd->date, d->date);
    util_copy(dd->issuer_code, sizeof dd->issuer_code, d->issuer_code);
}

static enum store_rc tasks_tx(struct store *st, void *ctx)
{
    struct bundle_ctx *b = ctx;
    const struct embedded_file *tf = bundled("data/tasks.csv", b->err, b->cap);
    if (!tf) return ST_ERROR;
    struct csv_table t;
    if (!csv_table_parse((const char *)tf->data, tf->len, &t, b->err, b->cap)) return ST_ERROR;
    enum store_rc rc = ST_OK;
    int64_t *lead = malloc(200 * sizeof *lead), *coord = malloc(200 * sizeof *coord);
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    for (size_t i = 0; rc == ST_OK && i < t.rows; i++) {
#define COL(name) csv_cell(&t, i, csv_col(&t, name))
        struct task k = {.key = COL("key"), .section = COL("section"), .title = COL("title"),
                         .text = COL("text"), .expected_output = COL("expected_output"),
                         .deadline_text = COL("deadline_text"), .block = COL("block"),
                         .criteria = COL("criteria"), .created_at = now, .created_by = "system",
                         .task_group = atoi(COL("task_group")), .period = "", .due = ""};
        int64_t doc = 0;
        struct doc_date dd = {"", ""};
        if (st->document_id(st, COL("document"), &doc) != ST_OK ||
            st->document_get(st, doc, false, read_doc_date, &dd) != ST_OK) {
            snprintf(b->err, b->cap, "data/tasks.csv line %zu: no document %s", i + 2,
                     COL("document"));
            rc = ST_ERROR;
            break;
        }
        k.document_id = doc;
        k.start_date = *dd.date ? dd.date : "2025-01-01";
        struct unit issuer;
        if (*dd.issuer_code && st->unit_get(st, dd.issuer_code, NULL, &issuer) == ST_OK)
            k.assigner_id = issuer.id;
        st->programme_id(st, "57-NQ/TW", &k.programme_id);
        struct deadline dl;
        deadline_parse(k.deadline_text, &dl);
        char due[11] = "";
        switch (dl.kind) {
        case DEADLINE_DATE:
            k.deadline_kind = "date";
            util_copy(due, sizeof due, dl.due);
            break;
        case DEADLINE_RECURRING:
            k.deadline_kind = "recurring";
            k.period = deadline_period_code(dl.period);
            k.on_demand = dl.on_demand;
            break;
        case DEADLINE_NONE: k.deadline_kind = "none"; break;
        case DEADLINE_UNREADABLE:
            snprintf(b->err, b->cap, "data/tasks.csv line %zu: deadline \"%s\" unreadable: %s",
                     i + 2, k.deadline_text, dl.reason);
            rc = ST_ERROR;
            continue;
        }
        k.due = due;
        if (*COL("parent") && st->task_id_by_key(st, COL("parent"), &k.parent_id) != ST_OK) {
            snprintf(b->err, b->cap, "data/tasks.csv line %zu: parent %s is not above it", i + 2,
                     COL("parent"));
            rc = ST_ERROR;
            break;
        }
        int n_lead = 0, n_coord = 0;
        if (!expand_units(st, COL("lead"), k.start_date, lead, &n_lead, 200, b->err, b->cap,
                          i + 2) ||
            !expand_units(st, COL("coordinators"), k.start_date, coord, &n_coord, 200, b->err,
                          b->cap, i + 2)) {
            rc = ST_ERROR;
            break;
        }
        size_t sl = strlen(k.section) + strlen(k.title) + strlen(k.text) +
                    strlen(k.expected_output) + 4;
        char *search = malloc(sl);
        snprintf(search, sl, "%s %s %s %s", k.section, k.title, k.text, k.expected_output);
        char *folded = text_fold(search);
        free(search);
        int64_t id, part;
        rc = st->task_insert(st, &k, folded ? folded : "", &id);
        free(folded);
        if (rc != ST_OK) {
            snprintf(b->err, b->cap, "data/tasks.csv line %zu: cannot insert task %s%s", i + 2,
                     k.key, rc == ST_CONFLICT ? " (the key is used twice)" : "");
            rc = ST_ERROR;
            break;
        }
        for (int j = 0; rc == ST_OK && j < n_lead; j++)
            rc = st->task_part_insert(st, id, lead[j], "lead", &part);
        for (int j = 0; rc == ST_OK && j < n_coord; j++) {
            rc = st->task_part_insert(st, id, coord[j], "coordinator", &part);
            if (rc == ST_CONFLICT) rc = ST_OK;   /* a unit already leading keeps one part */
        }
        if (rc != ST_OK) {
            snprintf(b->err, b->cap, "data/tasks.csv line %zu: cannot assign task %s", i + 2,
                     k.key);
            rc = ST_ERROR;
        }
#undef COL
    }
    free(lead);
    free(coord);
    if (rc == ST_OK) rc = audit_import(st, "system", "tasks", "data/tasks.csv", t.rows,
                                       (const char *)tf->data, tf->len);
    csv_table_free(&t);
    return rc;
}

/* ---- checklists (data/checklists.csv: one row per criterion) ---- */

static enum store_rc checklists_tx(struct store *st, void *ctx)
{
    struct bundle_ctx *b = ctx;
    const struct embedded_file *f = bundled("data/checklists.csv", b->err, b->cap);
    if (!f) return ST_ERROR;
    struct csv_table t;
    if (!csv_table_parse((const char *)f->data, f->len, &t, b->err, b->cap)) return ST_ERROR;
    enum store_rc rc = ST_OK;
    char current[64] = "";
    int64_t id = 0;
    for (size_t i = 0; rc == ST_OK && i < t.rows; i++) {
        const char *code = csv_cell(&t, i, csv_col(&t, "checklist"));
        if (strcmp(code, current)) {
            rc = st->checklist_insert(st, code, csv_cell(&t, i, csv_col(&t, "name")),
                                      csv_cell(&t, i, csv_col(&t, "unit_kinds")), &id);
            util_copy(current, sizeof current, code);
        }
        int64_t cid;
        if (rc == ST_OK)
            rc = st->criterion_insert(st, id, atoi(csv_cell(&t, i, csv_col(&t, "position"))),
                                      csv_cell(&t, i, csv_col(&t, "criterion")), &cid);
    }
    if (rc == ST_OK) rc = audit_import(st, "system", "checklists", "data/checklists.csv", t.rows,
                                       (const char *)f->data, f->len);
    csv_table_free(&t);
    return rc;
}

/* ---- indicators (data/indicators.csv, data/indicator_targets.csv) ---- */

/* How many days after a period ends its value is due, when the file does not say (it has no
 * column for it): a month by the 10th of the next (the schema's default), a quarter 15 days
 * and a half-year 20 days after; a year 90 days after, because the national yearly figures
 * (the statistics office's estimates, the international rankings) are known at the earliest
 * in the first quarter of the next year. */
static int default_due_days(const char *period_type)
{
    return !strcmp(period_type, "month") ? 10 : !strcmp(period_type, "quarter") ? 15
         : !strcmp(period_type, "half") ? 20 : 90;
}

/* A number with a dot decimal filling the whole cell; "" gives NAN when EMPTY_OK. */
static bool cell_number(const char *s, bool empty_ok, double *out)
{
    if (!*s) {
        *out = NAN;
        return empty_ok;
    }
    char *end;
    *out = strtod(s, &end);
    return *end == '\0' && isfinite(*out);
}

static bool cell_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    *out = strtol(s, &end, 10);
    return *s && *end == '\0' && *out >= lo && *out <= hi;
}

struct indicator_import {
    const char *actor, *ind_data, *tgt_data, *ind_source, *tgt_source;
    size_t ind_len, tgt_len;
    struct csv_table ind, tgt;
    char *err;
    size_t cap;
};

/* Reports a bad cell: file, line (the header is line 1), field, what is wrong. */
#define BAD_CELL(im, source, row, field, ...)                                                  \
    do {                                                                                      \
        int n_ = snprintf((im)->err, (im)->cap, "%s line %zu, field %s: ", source, (row) + 2,  \
                          field);                                                             \
        if (n_ > 0 && (size_t)n_ < (im)->cap)                                                 \
            snprintf((im)->err + n_, (im)->cap - (size_t)n_, __VA_ARGS__);                    \
    } while (0)

static bool has_columns(struct indicator_import *im, const struct csv_table *t, const char *source,
                        const char *const *cols, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (csv_col(t, cols[k]) < 0) {
            snprintf(im->err, im->cap, "%s: the header has no column %s", source, cols[k]);
            return false;
        }
    return true;
}

/* Reads row I of the indicators file into IND (pointing into the table), checking every field
 * against its list and the store (programme, document, the whole it is part of). */
static enum store_rc indicator_row(struct store *st, struct indicator_import *im, size_t i,
                                   struct indicator *ind)
{
    const struct csv_table *t = &im->ind;
    const char *src = im->ind_source, *why = NULL;
#define ICOL(name) csv_cell(t, i, csv_col(t, name))
    *ind = (struct indicator){
        .code = ICOL("code"), .programme_code = ICOL("programme"),
        .document_key = ICOL("document"), .goal = ICOL("goal"), .name = ICOL("name"),
        .unit_of_measure = ICOL("unit_of_measure"), .direction = ICOL("direction"),
        .value_type = ICOL("value_type"), .aggregation = ICOL("aggregation"),
        .period_type = ICOL("period_type"), .reporters = ICOL("reporters"),
        .part_of_code = ICOL("part_of"), .quote = ICOL("quote"), .ratio_scale = 100};
    int64_t id;
    long year = 0, required;
    if (!*ind->code || strlen(ind->code) >= 64) {
        BAD_CELL(im, src, i, "code", "a code of 1 to 63 characters is required");
    } else if (!*ind->name) {
        BAD_CELL(im, src, i, "name", "a name is required");
    } else if (*ind->programme_code && st->programme_id(st, ind->programme_code, &id) != ST_OK) {
        BAD_CELL(im, src, i, "programme", "no programme %s", ind->programme_code);
    } else if (*ind->document_key && st->document_id(st, ind->document_key, &id) != ST_OK) {
        BAD_CELL(im, src, i, "document", "no document %s", ind->document_key);
    } else if (!ind_direction_valid(ind->direction)) {
        BAD_CELL(im, src, i, "direction", "\"%s\" is not up, down or range", ind->direction);
    } else if (!ind_value_type_valid(ind->value_type)) {
        BAD_CELL(im, src, i, "value_type", "\"%s\" is not number, percent, ratio, bool, count "
                 "or rank", ind->value_type);
    } else if (!ind_aggregation_valid(ind->aggregation)) {
        BAD_CELL(im, src, i, "aggregation", "\"%s\" is not sum, avg, wratio, min, max, latest "
                 "or none", ind->aggregation);
    } else if (!ind_aggregation_fits(ind->aggregation, ind->value_type, &why)) {
        BAD_CELL(im, src, i, "aggregation", "%s", why);
    } else if (!ind_period_type_valid(ind->period_type)) {
        BAD_CELL(im, src, i, "period_type", "\"%s\" is not month, quarter, half or year",
                 ind->period_type);
    } else if (!*ind->reporters) {
        BAD_CELL(im, src, i, "reporters", "a ';'-list of unit codes or kinds is required");
    } else if (*ICOL("baseline_year") && !cell_int(ICOL("baseline_year"), 1900, 2200, &year)) {
        BAD_CELL(im, src, i, "baseline_year", "\"%s\" is not a year", ICOL("baseline_year"));
    } else if (!cell_number(ICOL("baseline_value"), true, &ind->baseline_value) ||
               (year != 0) != !isnan(ind->baseline_value)) {
        BAD_CELL(im, src, i, "baseline_value", "a number, given with baseline_year or not at all");
    } else if (!cell_number(ICOL("near_tolerance"), true, &ind->near_tolerance) ||
               ind->near_tolerance < 0) {
        BAD_CELL(im, src, i, "near_tolerance", "\"%s\" is not a number 0 or more",
                 ICOL("near_tolerance"));
    } else if (*ind->part_of_code && st->indicator_id(st, ind->part_of_code, &id) != ST_OK) {
        BAD_CELL(im, src, i, "part_of", "%s is not defined above this row", ind->part_of_code);
    } else if (!cell_int(ICOL("required"), 0, 1, &required)) {
        BAD_CELL(im, src, i, "required", "\"%s\" is not 0 or 1", ICOL("required"));
    } else {
        ind->baseline_year = (int)year;
        ind->required = required == 1;
        ind->due_days = default_due_days(ind->period_type);
        return ST_OK;
    }
#undef ICOL
    return ST_ERROR;
}

/* The targets of CODE from the targets file, checked, into T (at most CAP). */
static enum store_rc target_rows(struct indicator_import *im, const char *code,
                                 struct indicator_target *t, int cap, int *n)
{
    const struct csv_table *g = &im->tgt;
    const char *src = im->tgt_source;
    int c_ind = csv_col(g, "indicator");
    *n = 0;
    for (size_t r = 0; r < g->rows; r++) {
        if (strcmp(csv_cell(g, r, c_ind), code)) continue;
#define TCOL(name) csv_cell(g, r, csv_col(g, name))
        long year;
        struct indicator_target x = {.comparator = TCOL("comparator"), .text = TCOL("text")};
        bool between = !strcmp(x.comparator, "between");
        if (!cell_int(TCOL("year"), 1900, 2200, &year)) {
            BAD_CELL(im, src, r, "year", "\"%s\" is not a year", TCOL("year"));
        } else if (!ind_comparator_valid(x.comparator)) {
            BAD_CELL(im, src, r, "comparator", "\"%s\" is not >=, <=, >, <, = or between",
                     x.comparator);
        } else if (!cell_number(TCOL("value"), false, &x.value)) {
            BAD_CELL(im, src, r, "value", "\"%s\" is not a number", TCOL("value"));
        } else if (between ? !cell_number(TCOL("value_high"), false, &x.value_high) ||
                                 x.value_high < x.value
                           : *TCOL("value_high") != '\0') {
            BAD_CELL(im, src, r, "value_high", between ? "between needs an upper bound at least "
                     "value" : "only between takes an upper bound");
        } else if (*n == cap) {
            BAD_CELL(im, src, r, "indicator", "more than %d targets for %s", cap, code);
        } else {
            x.year = (int)year;
            if (!between) x.value_high = NAN;
            for (int k = 0; k < *n; k++)
                if (t[k].year == x.year) {
                    BAD_CELL(im, src, r, "year", "%s has a target for %d already", code,
                             x.year);
                    return ST_ERROR;
                }
            t[(*n)++] = x;
            continue;
        }
#undef TCOL
        return ST_ERROR;
    }
    return ST_OK;
}

static enum store_rc indicators_import_tx(struct store *st, void *ctx)
{
    struct indicator_import *im = ctx;
    static const char *const ind_cols[] = {
        "code", "programme", "document", "goal", "name", "unit_of_measure", "direction",
        "value_type", "aggregation", "period_type", "reporters", "baseline_year",
        "baseline_value", "near_tolerance", "part_of", "required", "quote"};
    static const char *const tgt_cols[] = {"indicator", "year", "comparator", "value",
                                           "value_high", "text"};
    if (!has_columns(im, &im->ind, im->ind_source, ind_cols, sizeof ind_cols / sizeof *ind_cols) ||
        !has_columns(im, &im->tgt, im->tgt_source, tgt_cols, sizeof tgt_cols / sizeof *tgt_cols))
        return ST_ERROR;
    enum store_rc rc = ST_OK;
    /* In file order: a row's part_of must name a row above it, which is then in the store. */
    for (size_t i = 0; rc == ST_OK && i < im->ind.rows; i++) {
        struct indicator ind;
        if ((rc = indicator_row(st, im, i, &ind)) != ST_OK) break;
        char *search = ind_search_text(ind.name, ind.code);
        if (!search) return ST_ERROR;
        int64_t id;
        rc = st->indicator_insert(st, &ind, search, &id);
        free(search);
        if (rc != ST_OK) {
            BAD_CELL(im, im->ind_source, i, "code", "cannot insert indicator %s%s", ind.code,
                     rc == ST_CONFLICT ? " (the code exists already)" : "");
            return rc == ST_CONFLICT ? ST_ERROR : rc;
        }
        struct indicator_target t[16];
        int n;
        if ((rc = target_rows(im, ind.code, t, 16, &n)) == ST_OK)
            rc = st->targets_set(st, id, t, n);
    }
    /* Every target belongs to an indicator of the file. */
    int c_ind = csv_col(&im->tgt, "indicator");
    for (size_t r = 0; rc == ST_OK && r < im->tgt.rows; r++) {
        const char *code = csv_cell(&im->tgt, r, c_ind);
        bool found = false;
        for (size_t i = 0; !found && i < im->ind.rows; i++)
            found = !strcmp(code, csv_cell(&im->ind, i, csv_col(&im->ind, "code")));
        if (!found) {
            BAD_CELL(im, im->tgt_source, r, "indicator", "%s is not in %s", code, im->ind_source);
            rc = ST_ERROR;
        }
    }
    if (rc == ST_OK)
        rc = audit_import(st, im->actor, "indicators", im->ind_source, im->ind.rows, im->ind_data,
                          im->ind_len);
    if (rc == ST_OK)
        rc = audit_import(st, im->actor, "indicator_targets", im->tgt_source, im->tgt.rows,
                          im->tgt_data, im->tgt_len);
    return rc;
}

int seed_indicators_csv(struct store *st, const char *actor, const char *ind_data,
                        size_t ind_len, const char *ind_source, const char *tgt_data,
                        size_t tgt_len, const char *tgt_source, char *err, size_t cap)
{
    struct indicator_import im = {.actor = actor, .ind_data = ind_data, .ind_len = ind_len,
                                  .ind_source = ind_source, .tgt_data = tgt_data,
                                  .tgt_len = tgt_len, .tgt_source = tgt_source, .err = err,
                                  .cap = cap};
    err[0] = '\0';
    if (!csv_table_parse(ind_data, ind_len, &im.ind, err, cap)) return 1;
    if (!csv_table_parse(tgt_data, tgt_len, &im.tgt, err, cap)) {
        csv_table_free(&im.ind);
        return 1;
    }
    enum store_rc rc = store_tx(st, indicators_import_tx, &im);
    csv_table_free(&im.ind);
    csv_table_free(&im.tgt);
    if (rc != ST_OK && !err[0])
        snprintf(err, cap, "%s: the database refused the import", ind_source);
    return rc == ST_OK ? 0 : 1;
}

/* Loads the indicator files at IND_PATH and TGT_PATH embedded in the binary. */
static int seed_indicator_files(struct store *st, const char *ind_path, const char *tgt_path,
                                char *err, size_t cap)
{
    const struct embedded_file *fi = bundled(ind_path, err, cap);
    const struct embedded_file *ft = fi ? bundled(tgt_path, err, cap) : NULL;
    if (!ft) return 1;
    return seed_indicators_csv(st, "system", (const char *)fi->data, fi->len, ind_path,
                               (const char *)ft->data, ft->len, tgt_path, err, cap);
}

/* ---- report schedules (data/report_schedules.csv: one row per schedule) ---- */

static enum store_rc report_schedules_tx(struct store *st, void *ctx)
{
    struct bundle_ctx *b = ctx;
    const struct embedded_file *f = bundled("data/report_schedules.csv", b->err, b->cap);
    if (!f) return ST_ERROR;
    struct csv_table t;
    if (!csv_table_parse((const char *)f->data, f->len, &t, b->err, b->cap)) return ST_ERROR;
    enum store_rc rc = ST_OK;
    for (size_t i = 0; rc == ST_OK && i < t.rows; i++) {
#define COL(name) csv_cell(&t, i, csv_col(&t, name))
        struct report_schedule s = {
            .code = COL("code"), .name = COL("name"), .kind = COL("kind"),
            .due_day = atoi(COL("due_day")), .due_date = COL("due_date"),
            .period_from = COL("period_from"), .period_to = COL("period_to"),
            .reporters = COL("reporters"), .to_unit = COL("to_unit"), .quote = COL("quote"),
        };
#undef COL
        const char *field, *why;
        if (!report_schedule_check(&s, &field, &why)) {
            snprintf(b->err, b->cap, "data/report_schedules.csv line %zu: %s: %s", i + 2, field,
                     why);
            rc = ST_ERROR;
            break;
        }
        int64_t id;
        rc = st->report_schedule_insert(st, &s, &id);
    }
    if (rc == ST_OK) rc = audit_import(st, "system", "report_schedules",
                                       "data/report_schedules.csv", t.rows,
                                       (const char *)f->data, f->len);
    csv_table_free(&t);
    return rc;
}

int seed_bundled(struct store *st, char *err, size_t cap)
{
    err[0] = '\0';
    const struct embedded_file *uf = bundled("data/units.csv", err, cap);
    if (!uf) return 1;
    if (seed_units_csv(st, "system", (const char *)uf->data, uf->len, "data/units.csv", err,
                       cap) != 0)
        return 1;
    struct bundle_ctx b = {err, cap};
    enum store_rc rc = store_tx(st, programmes_tx, &b);
    if (rc != ST_OK && !err[0]) snprintf(err, cap, "loading programmes and documents failed");
    if (rc == ST_OK && embedded_find("data/tasks.csv")) {
        rc = store_tx(st, tasks_tx, &b);
        if (rc != ST_OK && !err[0]) snprintf(err, cap, "loading the bundled tasks failed");
    }
    if (rc == ST_OK && embedded_find("data/checklists.csv")) {
        rc = store_tx(st, checklists_tx, &b);
        if (rc != ST_OK && !err[0]) snprintf(err, cap, "loading the bundled checklists failed");
    }
    if (rc == ST_OK && embedded_find("data/indicators.csv") &&
        seed_indicator_files(st, "data/indicators.csv", "data/indicator_targets.csv", err,
                             cap) != 0)
        return 1;
    if (rc == ST_OK && embedded_find("data/report_schedules.csv")) {
        rc = store_tx(st, report_schedules_tx, &b);
        if (rc != ST_OK && !err[0])
            snprintf(err, cap, "loading the bundled report schedules failed");
    }
    return rc == ST_OK ? 0 : 1;
}

struct demo_ctx {
    struct store *st;
    enum store_rc rc;
    int done, total;
    char province[CODE_MAX];
    int64_t province_id;
    int real[3];          /* real commune, ward, special zone units already in the province */
    char *err;
    size_t cap;
};

static int kind_index(const char *kind)
{
    return !strcmp(kind, "commune") ? 0 : !strcmp(kind, "ward") ? 1
         : !strcmp(kind, "special_zone") ? 2 : -1;
}

static void count_real(void *ctx, const struct unit *u)
{
    int k = kind_index(u->kind);
    if (k >= 0) ((int *)ctx)[k]++;
}

static void demo_emit(void *ctx, const struct demo_commune *c)
{
    struct demo_ctx *d = ctx;
    if (d->rc != ST_OK) return;
    if (strcmp(d->province, c->province) != 0) {
        struct unit p;
        d->rc = d->st->unit_get(d->st, c->province, NULL, &p);
        if (d->rc != ST_OK) {
            snprintf(d->err, d->cap, "demo: province %s is not in the bundled units",
                     c->province);
            return;
        }
        util_copy(d->province, sizeof d->province, c->province);
        d->province_id = p.id;
        /* The bundled data has a few real communes (those the seeds name): the province's
         * published total includes them, so generate that many fewer of their kind. */
        memset(d->real, 0, sizeof d->real);
        d->rc = d->st->unit_children(d->st, p.id, "2025-07-01", false, count_real, d->real);
        if (d->rc != ST_OK) return;
    }
    int k = kind_index(c->kind);
    if (k >= 0 && d->real[k] > 0) {
        d->real[k]--;
        d->total--;
        return;
    }
    struct unit u = {.parent_id = d->province_id};
    util_copy(u.code, sizeof u.code, c->code);
    util_copy(u.name, sizeof u.name, c->name);
    util_copy(u.kind, sizeof u.kind, c->kind);
    util_copy(u.valid_from, sizeof u.valid_from, "2025-07-01");
    d->rc = d->st->unit_insert(d->st, &u);
    if (++d->done % 250 == 0 || d->done == d->total)
        fprintf(stderr, "\r[demo] communes and wards: %d/%d", d->done, d->total);
}

struct demo_tx { struct demo_ctx *d; uint64_t seed; };
static enum store_rc demo_tx_fn(struct store *st, void *ctx)
{
    struct demo_tx *t = ctx;
    t->d->st = st;
    t->d->rc = ST_OK;
    t->d->done = 0;
    t->d->province[0] = '\0';
    demo_communes(t->seed, demo_emit, t->d);
    if (t->d->rc != ST_OK) return t->d->rc;
    json_t *after = json_pack("{s:I, s:i}", "seed", (json_int_t)t->seed, "communes", t->d->done);
    enum store_rc rc = audit_append(st, "system", "generate", "units", "demo-communes", NULL,
                                    after);
    json_decref(after);
    return rc;
}

int seed_demo(struct store *st, uint64_t seed, char *err, size_t cap)
{
    struct demo_ctx d = {.total = demo_commune_total(), .err = err, .cap = cap};
    struct demo_tx t = {&d, seed};
    err[0] = '\0';
    enum store_rc rc = store_tx(st, demo_tx_fn, &t);
    fprintf(stderr, "\n");
    if (rc != ST_OK && !err[0]) snprintf(err, cap, "demo generation failed");
    return rc == ST_OK ? 0 : 1;
}


/* ---- demo tasks: provinces' and communes' own tasks, with progress histories ---- */

/* What a commune had to do to run its public-service centre and to carry out Plan
 * 02-KH/BCĐTW (REFERENCE.md: the basic criteria that turned a commune green), and what a
 * province plans for itself. Each is (title, block, criteria). */
static const char *const commune_templates[][3] = {
    {"Công khai đầy đủ thủ tục hành chính tại Trung tâm phục vụ hành chính công xã", "UBND", "tổ chức triển khai"},
    {"Bảo đảm đường truyền mạng thông suốt đến Trung tâm phục vụ hành chính công", "UBND", "nền tảng"},
    {"Lắp đặt điểm cầu họp trực tuyến kết nối với tỉnh", "UBND", "nền tảng"},
    {"Trang bị thiết bị số hoá hồ sơ, giấy tờ", "UBND", "nền tảng"},
    {"Trang bị máy tính cho cán bộ tiếp nhận hồ sơ", "UBND", "nền tảng"},
    {"Cấp chữ ký số cho lãnh đạo và cán bộ, công chức xã", "UBND", "nền tảng"},
    {"Số hoá hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực", "UBND", "dữ liệu"},
    {"Làm sạch dữ liệu dân cư trên địa bàn theo nguyên tắc đúng, đủ, sạch, sống", "UBND", "dữ liệu"},
    {"Cập nhật dữ liệu đất đai, hộ tịch lên cơ sở dữ liệu chuyên ngành", "UBND", "dữ liệu"},
    {"Ban hành kế hoạch chuyển đổi số của xã năm 2025", "Đảng", "thể chế"},
    {"Ban hành quy chế vận hành Trung tâm phục vụ hành chính công xã", "UBND", "thể chế"},
    {"Tổ chức quán triệt Nghị quyết 57-NQ/TW đến chi bộ, đảng viên", "Đảng", "tổ chức triển khai"},
    {"Thành lập tổ công nghệ số cộng đồng ở thôn, tổ dân phố", "Mặt trận", "tổ chức triển khai"},
    {"Tuyên truyền người dân sử dụng dịch vụ công trực tuyến toàn trình", "Mặt trận", "tổ chức triển khai"},
    {"Hướng dẫn người dân kích hoạt tài khoản định danh điện tử mức 2", "UBND", "tổ chức triển khai"},
    {"Đạt tỉ lệ hồ sơ trực tuyến toàn trình theo chỉ tiêu của tỉnh", "UBND", "tổ chức triển khai"},
    {"Bồi dưỡng kỹ năng số cho cán bộ, công chức xã", "UBND", "tổ chức triển khai"},
    {"Triển khai phong trào Bình dân học vụ số trên địa bàn", "Mặt trận", "tổ chức triển khai"},
    {"Ứng dụng hệ thống quản lý văn bản và điều hành liên thông ba cấp", "UBND", "nền tảng"},
    {"Bảo đảm an toàn thông tin cho hệ thống thông tin của xã", "UBND", "nền tảng"},
    {"Báo cáo kết quả chuyển đổi số quý lên Ủy ban nhân dân tỉnh", "UBND", "tổ chức triển khai"},
    {"Rà soát, đề xuất cắt giảm thủ tục hành chính không cần thiết", "HĐND", "thể chế"},
    {"Giám sát việc thực hiện chuyển đổi số trên địa bàn", "HĐND", "tổ chức triển khai"},
    {"Phủ sóng di động 4G/5G đến các thôn lõm sóng", "UBND", "nền tảng"},
    {"Thanh toán không dùng tiền mặt tại chợ, trường học, trạm y tế", "UBND", "tổ chức triển khai"},
    {"Đưa sản phẩm OCOP của xã lên sàn thương mại điện tử", "UBND", "tổ chức triển khai"},
    {"Cập nhật hồ sơ sức khoẻ điện tử cho người dân", "UBND", "dữ liệu"},
    {"Số hoá sổ sách, học bạ tại các trường trên địa bàn", "UBND", "dữ liệu"},
    {"Kiểm tra, đánh giá kết quả thực hiện các tiêu chí cơ bản", "Đảng", "tổ chức triển khai"},
    {"Xây dựng bản đồ số các điểm phục vụ người dân", "UBND", "dữ liệu"},
};
static const char *const province_templates[][3] = {
    {"Ban hành Chương trình hành động thực hiện Nghị quyết 57-NQ/TW của Tỉnh uỷ", "Đảng", "thể chế"},
    {"Kết nối hệ thống giải quyết thủ tục hành chính với hệ thống điều hành tác nghiệp", "UBND", "nền tảng"},
    {"Xây dựng kho dữ liệu dùng chung của tỉnh", "UBND", "dữ liệu"},
    {"Bố trí kinh phí chuyển đổi số cho cấp xã năm 2025", "HĐND", "thể chế"},
    {"Bảo đảm đường truyền mạng thông suốt đến 100% xã, phường", "UBND", "nền tảng"},
    {"Triển khai nền tảng họp trực tuyến đến cấp xã", "UBND", "nền tảng"},
    {"Đào tạo kỹ năng số cho cán bộ cấp xã sau sắp xếp", "UBND", "tổ chức triển khai"},
    {"Đánh giá mức độ hoàn thành tiêu chí cơ bản của các xã, phường", "Đảng", "tổ chức triển khai"},
    {"Phát động phong trào Bình dân học vụ số toàn tỉnh", "Mặt trận", "tổ chức triển khai"},
    {"Báo cáo sơ kết 6 tháng thực hiện Nghị quyết 57-NQ/TW", "Đảng", "tổ chức triển khai"},
    {"Ban hành danh mục dữ liệu mở của tỉnh", "UBND", "dữ liệu"},
    {"Giám sát chuyên đề về chuyển đổi số tại các xã", "HĐND", "tổ chức triển khai"},
};

/* Whole days from A to B (ISO dates). */
static int days_between(const char *a, const char *b)
{
    struct tm ta = {0}, tb = {0};
    ta.tm_year = atoi(a) - 1900; ta.tm_mon = atoi(a + 5) - 1; ta.tm_mday = atoi(a + 8);
    tb.tm_year = atoi(b) - 1900; tb.tm_mon = atoi(b + 5) - 1; tb.tm_mday = atoi(b + 8);
    ta.tm_hour = tb.tm_hour = 12;
    return (int)((timegm(&tb) - timegm(&ta)) / 86400);
}

static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static int pick(uint64_t *s, int n) { return (int)(mix(s) % (uint64_t)n); }

struct demo_tasks {
    uint64_t rng;
    int target, made;
    const char *today;
    int64_t parent;           /* II.4.a, Plan 02-KH/BCĐTW */
    char now[ISO_TIME_LEN];
    enum store_rc rc;
    char *err;
    size_t cap;
    struct { int64_t id; char code[CODE_MAX]; char path[PATH_MAX_BYTES]; } *communes;
    size_t n_communes;
};

/* One task with one lead part and a plausible history up to TODAY: most are finished (some
 * late), many in progress, some untouched; completion is accepted a few days after it is
 * reported. Nothing is dated after TODAY. */
static enum store_rc demo_task(struct store *st, struct demo_tasks *d, const char *title,
                               const char *block, const char *criteria, int64_t unit,
                               int64_t assigner, int64_t parent, const char *start,
                               int span_days, int group, int64_t *id_out)
{
    char due[11];
    util_date_add(start, span_days, due);
    struct task t = {.key = "", .section = "", .title = title, .text = "", .expected_output = "",
                     .deadline_text = "", .deadline_kind = "date", .due = due, .period = "",
                     .start_date = start, .parent_id = parent, .assigner_id = assigner,
                     .block = block, .criteria = criteria, .created_at = d->now,
                     .created_by = "demo", .task_group = group};
    char dl[64];
    snprintf(dl, sizeof dl, "Hoàn thành trước ngày %d/%d/%.4s", atoi(due + 8), atoi(due + 5), due);
    t.deadline_text = dl;
    char *folded = text_fold(title);
    int64_t id, part;
    enum store_rc rc = st->task_insert(st, &t, folded ? folded : "", &id);
    free(folded);
    if (rc == ST_OK) rc = st->task_part_insert(st, id, unit, "lead", &part);
    if (rc != ST_OK) return rc;
    if (id_out) *id_out = id;
    d->made++;
    /* The history. */
    int profile = pick(&d->rng, 100);
    if (profile >= 85 || strcmp(start, d->today) > 0) return ST_OK;   /* untouched */
    bool finishes = profile < 55;
    int progress = 0, steps = 1 + pick(&d->rng, 3);
    char day[11];
    util_copy(day, sizeof day, start);
    for (int s = 0; s < steps; s++) {
        util_date_add(day, 5 + pick(&d->rng, span_days / (steps + 1) + 1), day);
        if (strcmp(day, d->today) > 0) break;
        progress += 10 + pick(&d->rng, 35);
        if (progress > 90) progress = 90;
        struct task_update u = {.part_id = part, .at = d->now, .day = day, .actor = "demo",
                                .kind = "progress", .progress = progress,
                                .note = "Cập nhật tiến độ", .links = "[]"};
        if ((rc = st->task_update_insert(st, &u)) != ST_OK) return rc;
    }
    char reported[11] = "", accepted[11] = "";
    const char *state = "open";
    if (finishes) {
        /* Four in five on time, the rest up to a month late. */
        int offset = pick(&d->rng, 5) ? -pick(&d->rng, span_days / 3 + 1) : 1 + pick(&d->rng, 30);
        util_date_add(due, offset, reported);
        if (strcmp(reported, day) < 0) util_copy(reported, sizeof reported, day);
        if (strcmp(reported, d->today) <= 0) {
            struct task_update u = {.part_id = part, .at = d->now, .day = reported,
                                    .actor = "demo", .kind = "report_done", .progress = 100,
                                    .note = "Báo cáo hoàn thành", .links = "[]"};
            if ((rc = st->task_update_insert(st, &u)) != ST_OK) return rc;
            progress = 100;
            state = "reported";
            util_date_add(reported, 1 + pick(&d->rng, 5), accepted);
            if (strcmp(accepted, d->today) <= 0) {
                struct task_update a = {.part_id = part, .at = d->now, .day = accepted,
                                        .actor = "demo", .kind = "accept", .progress = -1,
                                        .note = "", .links = "[]"};
                if ((rc = st->task_update_insert(st, &a)) != ST_OK) return rc;
                state = "accepted";
            } else {
                accepted[0] = '\0';
            }
        } else {
            reported[0] = '\0';
        }
    }
    return st->task_part_set(st, part, progress, state, reported, accepted);
}

static void add_commune(void *ctx, const struct unit *u)
{
    struct demo_tasks *d = ctx;
    if (strcmp(u->kind, "commune") && strcmp(u->kind, "ward") && strcmp(u->kind, "special_zone"))
        return;
    d->communes = realloc(d->communes, (d->n_communes + 1) * sizeof *d->communes);
    d->communes[d->n_communes].id = u->id;
    util_copy(d->communes[d->n_communes].code, CODE_MAX, u->code);
    d->n_communes++;
}

/* A province's own tasks and, under its plan for Plan 02-KH/BCĐTW, its communes' tasks. */
struct province_list { int64_t id[64]; char code[64][CODE_MAX]; int n; };
static void add_province(void *ctx, const struct unit *u)
{
    struct province_list *l = ctx;
    if ((!strcmp(u->kind, "province") || !strcmp(u->kind, "city")) && l->n < 64) {
        l->id[l->n] = u->id;
        util_copy(l->code[l->n], CODE_MAX, u->code);
        l->n++;
    }
}

static enum store_rc demo_tasks_tx(struct store *st, void *ctx)
{
    struct demo_tasks *d = ctx;
    struct unit vn, vptw;
    enum store_rc rc = st->unit_get(st, "VN", NULL, &vn);
    if (rc == ST_OK) rc = st->unit_get(st, "TW-VPTW", NULL, &vptw);
    if (rc == ST_OK && st->task_id_by_key(st, "05TB-II.4.a", &d->parent) != ST_OK) d->parent = 0;
    struct province_list provinces = {.n = 0};
    if (rc == ST_OK) rc = st->unit_children(st, vn.id, "2025-07-01", false, add_province,
                                            &provinces);
    if (rc != ST_OK) return rc;
    int per_commune = d->target / 3400;
    if (per_commune < 1) per_commune = 1;
    /* Tasks start between mid-July 2025 and today, so that as of today some are done, some
     * late, some running and some not yet due: the mix a dashboard shows on a real morning. */
    int days_since = days_between("2025-07-15", d->today);
    if (days_since < 30) days_since = 30;
    int n_commune_templates = (int)(sizeof commune_templates / sizeof commune_templates[0]);
    int n_province_templates = (int)(sizeof province_templates / sizeof province_templates[0]);
    for (int i = 0; rc == ST_OK && i < provinces.n; i++) {
        /* The province's plan for Plan 02-KH/BCĐTW, assigned by the centre. */
        char title[NAME_MAX_BYTES + 64];
        struct unit prov;
        st->unit_get(st, provinces.code[i], NULL, &prov);
        snprintf(title, sizeof title, "Triển khai Kế hoạch 02-KH/BCĐTW trên địa bàn %s",
                 prov.name);
        int64_t plan;
        rc = demo_task(st, d, title, "UBND", "tổ chức triển khai", prov.id, vptw.id, d->parent,
                       "2025-07-04", 180, 5, &plan);
        /* The province's own tasks. */
        for (int k = 0; rc == ST_OK && k < n_province_templates && k < per_commune; k++) {
            char start[11];
            util_date_add("2025-07-10", pick(&d->rng, days_since), start);
            rc = demo_task(st, d, province_templates[k][0], province_templates[k][1],
                           province_templates[k][2], prov.id, prov.id, 0, start,
                           30 + pick(&d->rng, 240), 1 + pick(&d->rng, 7), NULL);
        }
        /* Its communes' tasks, assigned by the province under its plan. */
        d->n_communes = 0;
        if (rc == ST_OK)
            rc = st->unit_children(st, prov.id, "2025-07-01", false, add_commune, d);
        for (size_t c = 0; rc == ST_OK && c < d->n_communes; c++) {
            int first = pick(&d->rng, n_commune_templates);
            /* Spread what is left of the target over the communes still to come. */
            int left = d->target - d->made - (provinces.n - i - 1) * 13;
            int communes_left = (int)(d->n_communes - c) + (provinces.n - i - 1) * 98;
            int this_one = communes_left > 0 ? (left + communes_left - 1) / communes_left : 1;
            if (this_one < 1) this_one = 1;
            if (this_one > 3 * per_commune + 3) this_one = 3 * per_commune + 3;
            for (int k = 0; rc == ST_OK && k < this_one; k++) {
                const char *const *tpl = commune_templates[(first + k) % n_commune_templates];
                char start[11];
                util_date_add("2025-07-15", pick(&d->rng, days_since), start);
                rc = demo_task(st, d, tpl[0], tpl[1], tpl[2], d->communes[c].id, prov.id, plan,
                               start, 20 + pick(&d->rng, 200), 5, NULL);
            }
        }
        fprintf(stderr, "\r[demo] tasks: %d (%d/%d provinces)", d->made, i + 1, provinces.n);
    }
    free(d->communes);
    d->communes = NULL;
    if (rc != ST_OK) return rc;
    json_t *after = json_pack("{s:I, s:i, s:s}", "seed", (json_int_t)d->rng, "tasks", d->made,
                              "as_of", d->today);
    rc = audit_append(st, "system", "generate", "tasks", "demo-tasks", NULL, after);
    json_decref(after);
    return rc;
}

int seed_demo_tasks(struct store *st, uint64_t seed, int target, char *err, size_t cap)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    struct demo_tasks d = {.rng = seed ^ 0x5eed57ull, .target = target, .today = today,
                           .err = err, .cap = cap};
    util_now_iso(d.now);
    err[0] = '\0';
    enum store_rc rc = store_tx(st, demo_tasks_tx, &d);
    fprintf(stderr, "\n");
    if (rc != ST_OK && !err[0]) snprintf(err, cap, "demo task generation failed");
    return rc == ST_OK ? 0 : 1;
}

/* ---- demo checklist answers ---- */

/* Answers to the communes' basic-criteria checklist during July-December 2025, shaped after the
 * published snapshot: on 31/7/2025, 1,981 of 3,321 communes (59.7 %) met every criterion. Each
 * commune meets most criteria in July; about 60 % meet the last one by 31 July, the others later
 * (or, for a few, not yet). Answers dated after today are not written. */
struct demo_checklist {
    struct store *st;
    uint64_t rng;
    const char *today;
    int64_t criteria[16];
    int n_criteria;
    char now[ISO_TIME_LEN];
    enum store_rc rc;
    int communes, total, quota;   /* quota: communes still to make green by 31/7/2025 */
};

static void count_unit(void *ctx, const struct checklist_unit *u)
{
    (void)u;
    ((struct demo_checklist *)ctx)->total++;
}

static void demo_answers(void *ctx, const struct checklist_unit *u)
{
    struct demo_checklist *d = ctx;
    if (d->rc != ST_OK) return;
    /* Sampling without replacement: exactly the published share overall, varying by province. */
    int left = d->total - d->communes++;
    bool all_in_july = left > 0 && pick(&d->rng, left) < d->quota;
    if (all_in_july) d->quota--;
    int late = all_in_july ? -1 : pick(&d->rng, d->n_criteria);
    for (int k = 0; k < d->n_criteria && d->rc == ST_OK; k++) {
        char day[11];
        if (k != late) {
            util_date_add("2025-07-01", pick(&d->rng, 31), day);
        } else {
            if (pick(&d->rng, 100) < 8) continue;          /* still not met */
            util_date_add("2025-08-01", pick(&d->rng, 150), day);
        }
        if (strcmp(day, d->today) > 0) continue;
        d->rc = d->st->answer_insert(d->st, d->criteria[k], u->id, true, day, d->now, "demo",
                                     "");
    }
}

static void note_criterion(void *ctx, const struct criterion *c)
{
    struct demo_checklist *d = ctx;
    if (d->n_criteria < 16) d->criteria[d->n_criteria++] = c->id;
}
static void first_checklist(void *ctx, const struct checklist *c)
{
    int64_t *id = ctx;
    if (!*id) *id = c->id;
}

static enum store_rc demo_checklist_tx(struct store *st, void *ctx)
{
    struct demo_checklist *d = ctx;
    d->st = st;
    int64_t id = 0;
    enum store_rc rc = st->checklist_list(st, 0, first_checklist, &id);
    if (rc != ST_OK || !id) return rc;
    if ((rc = st->criteria_list(st, id, 0, NULL, note_criterion, d)) != ST_OK) return rc;
    rc = st->checklist_units(st, id, "commune,ward,special_zone", "/", "2025-07-01",
                             count_unit, d);
    /* 1,981 of 3,321 on 31/7/2025 (REFERENCE.md), scaled if the tree differs. */
    d->quota = (int)((long)d->total * 1981 / 3321);
    if (rc == ST_OK)
        rc = st->checklist_units(st, id, "commune,ward,special_zone", "/", "2025-07-01",
                                 demo_answers, d);
    if (rc == ST_OK) rc = d->rc;
    if (rc != ST_OK) return rc;
    json_t *after = json_pack("{s:i}", "communes", d->communes);
    rc = audit_append(st, "system", "generate", "checklist_answers", "demo", NULL, after);
    json_decref(after);
    return rc;
}

int seed_demo_checklists(struct store *st, uint64_t seed, char *err, size_t cap)
{
    char today[ISO_DATE_LEN];
    util_today(today);
    struct demo_checklist d = {.rng = seed ^ 0xc4ec411577ull, .today = today};
    util_now_iso(d.now);
    err[0] = '\0';
    enum store_rc rc = store_tx(st, demo_checklist_tx, &d);
    if (rc != ST_OK && !err[0]) snprintf(err, cap, "demo checklist answers failed");
    return rc == ST_OK ? 0 : 1;
}

/* ---- demo indicators and their monthly values ---- */

/* A uniform draw in [0, 1) that depends only on the seed, the indicator, the unit, the month
 * and what it is for (SALT): values do not depend on the order they are generated in, and a
 * unit keeps its profile (where it starts, how fast it improves) from month to month. */
static double draw(uint64_t seed, const char *indicator, const char *unit, int month, int salt)
{
    uint64_t h = 1469598103934665603ull ^ seed;
    for (const char *p = indicator; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h = (h ^ '|') * 1099511628211ull;
    for (const char *p = unit; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h ^= (uint64_t)month << 40 ^ (uint64_t)salt << 52;
    return (double)(mix(&h) >> 11) / 9007199254740992.0;   /* 53 bits */
}
static double lerp(double lo, double hi, double u) { return lo + (hi - lo) * u; }
static double clamp(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

struct demo_indicator {
    struct indicator_buf b;
    double target;          /* the 2025 target for one reporting unit, NAN if none */
    int whole;              /* index of the indicator it is part of, -1 if none */
};

struct demo_values {
    uint64_t seed;
    const char *today;
    struct demo_indicator ind[32];
    int n_ind;
    struct { int64_t id; char code[CODE_MAX], kind[32], path[PATH_MAX_BYTES]; } *units;
    size_t n_units, cap_units;
    long written, missing, late;
    char *err;
    size_t cap;
};

/* The value of indicator K for the unit coded UNIT in MONTH (1-12) of 2025, before any rounding to
 * what a form accepts: a level moving over the year from where the unit starts towards or past
 * the 2025 target, plus noise. Ratios and percents start at 45-90 % of the target and end at
 * 80-125 % of it (capped at 100), so about half the units meet it in December; a number whose
 * direction is down (days of delay) starts above the target and falls; a count added up
 * (trainings) has a twelfth of the yearly target a month on average; a running total
 * ("latest") only grows; a yes/no switches to yes in a month drawn so that the target's share
 * of units has it by December. */
static double demo_level(const struct demo_values *d, int k, const char *unit, int month)
{
    const struct demo_indicator *di = &d->ind[k];
    const struct indicator *ind = &di->b.i;
    const char *code = ind->code;
    double f = (month - 1) / 11.0, u1 = draw(d->seed, code, unit, 0, 1),
           u2 = draw(d->seed, code, unit, 0, 2),
           noise = draw(d->seed, code, unit, month, 3) + draw(d->seed, code, unit, month, 4) - 1;
    bool down = !strcmp(ind->direction, "down");
    double t = isnan(di->target) ? 50 : di->target;
    const char *type = ind->value_type;
    if (!strcmp(type, "bool")) {
        double share = t > 0.05 ? t : 0.05;
        return month >= 1 + (int)(u1 * 12 / share) ? 1 : 0;
    }
    if (!strcmp(type, "count") && strcmp(ind->aggregation, "latest") == 0)
        return floor(t * (lerp(0.2, 0.8, u1) + lerp(0.6, 0.8, u2) * f));
    double a = down ? lerp(1.2, 3.0, u1) : lerp(0.45, 0.9, u1);
    double b = down ? lerp(0.1, 1.4, u2) : lerp(0.8, 1.25, u2);
    double level = t * (a + (b - a) * f);
    if (!strcmp(type, "count")) level /= 12;   /* the yearly target spread over the months */
    return level + noise * (t > 0 ? t : 1) * 0.06;
}

/* Fills V with unit U's value of indicator K in MONTH; ratios get their parts. */
static void demo_value(const struct demo_values *d, int k, size_t u, int month, struct ivalue *v)
{
    const struct demo_indicator *di = &d->ind[k];
    const char *type = di->b.i.value_type, *code = d->units[u].code;
    double level = demo_level(d, k, code, month);
    v->numerator = v->denominator = NAN;
    if (di->whole >= 0) {
        /* A breakdown ("of which"): a growing share of the whole's value. */
        struct ivalue w;
        demo_value(d, di->whole, u, month, &w);
        double share = lerp(0.05, 0.2, draw(d->seed, di->b.i.code, code, 0, 5)) +
                       0.15 * (month - 1) / 11.0;
        v->value = floor(w.value * share + draw(d->seed, di->b.i.code, code, month, 6));
        if (v->value > w.value) v->value = w.value;
        return;
    }
    if (!strcmp(type, "ratio")) {
        /* Dossiers or feedback a month for a commune, budget spending for a province. */
        bool province = !strcmp(d->units[u].kind, "province") || !strcmp(d->units[u].kind, "city");
        double size = draw(d->seed, "", code, 0, 7);
        double den = province ? round(lerp(2000, 30000, size))
                              : round(lerp(20, 400, size * size));
        den = round(den * lerp(0.85, 1.15, draw(d->seed, di->b.i.code, code, month, 8)));
        v->denominator = den < 1 ? 1 : den;
        v->numerator = round(v->denominator * clamp(level, 0, 100) / 100);
        v->value = NAN;                     /* ind_value_check computes it */
    } else if (!strcmp(type, "percent")) {
        v->value = round(clamp(level, 0, 100) * 10) / 10;
    } else if (!strcmp(type, "count") || !strcmp(type, "number")) {
        v->value = level < 0 ? 0 : round(level);
    } else if (!strcmp(type, "rank")) {
        v->value = level < 1 ? 1 : round(level);
    } else {
        v->value = level;                   /* bool: 0 or 1 already */
    }
}

static void note_target(void *ctx, const struct indicator_target *t)
{
    if (t->year == 2025) *(double *)ctx = t->value;
}
static void hold_indicator(void *ctx, const struct indicator *i)
{
    indicator_hold(&((struct demo_indicator *)ctx)->b, i);
}
static void collect_reporter(void *ctx, const struct reporting_unit *r)
{
    struct demo_values *d = ctx;
    if (d->n_units == d->cap_units) {
        size_t cap = d->cap_units ? d->cap_units * 2 : 4096;
        void *p = realloc(d->units, cap * sizeof *d->units);
        if (!p) return;                     /* the unit is left out; counted as missing */
        d->units = p;
        d->cap_units = cap;
    }
    d->units[d->n_units].id = r->id;
    util_copy(d->units[d->n_units].code, CODE_MAX, r->code);
    util_copy(d->units[d->n_units].kind, sizeof d->units->kind, r->kind);
    util_copy(d->units[d->n_units].path, PATH_MAX_BYTES, r->path);
    d->n_units++;
}

static void count_reporter(void *ctx, const struct reporting_unit *r)
{
    (void)r;
    (*(long *)ctx)++;
}

/* The demo indicators, in file order, with their 2025 targets and wholes. */
static enum store_rc demo_indicators_read(struct store *st, struct demo_values *d)
{
    const struct embedded_file *f = bundled("data/demo_indicators.csv", d->err, d->cap);
    struct csv_table t;
    if (!f || !csv_table_parse((const char *)f->data, f->len, &t, d->err, d->cap))
        return ST_ERROR;
    enum store_rc rc = ST_OK;
    for (size_t i = 0; rc == ST_OK && i < t.rows && d->n_ind < 32; i++) {
        struct demo_indicator *di = &d->ind[d->n_ind];
        int64_t id;
        rc = st->indicator_id(st, csv_cell(&t, i, csv_col(&t, "code")), &id);
        if (rc == ST_OK) rc = st->indicator_list(st, id, NULL, NULL, hold_indicator, di);
        di->target = NAN;
        if (rc == ST_OK) rc = st->targets_list(st, id, note_target, &di->target);
        di->whole = -1;
        for (int k = 0; k < d->n_ind; k++)
            if (*di->b.i.part_of_code && !strcmp(d->ind[k].b.i.code, di->b.i.part_of_code))
                di->whole = k;
        d->n_ind++;
    }
    csv_table_free(&t);
    return rc;
}

static enum store_rc demo_values_tx(struct store *st, void *ctx)
{
    struct demo_values *d = ctx;
    enum store_rc rc = demo_indicators_read(st, d);
    if (rc != ST_OK) return rc;
    /* The months already due today, in order. */
    int months = 0;
    for (int m = 1; m <= 12; m++) {
        char code[16], due[ISO_DATE_LEN];
        struct period p;
        snprintf(code, sizeof code, "2025-%02d", m);
        period_parse(code, "month", &p);
        period_due(&p, 10, due);
        if (strcmp(due, d->today) < 0) months = m;
    }
    /* How many unit-months there are, for the progress line. */
    long expected = 0;
    for (int m = 1; rc == ST_OK && m <= months; m++)
        for (int k = 0; rc == ST_OK && k < d->n_ind; k++) {
            const struct indicator *ind = &d->ind[k].b.i;
            char code[16];
            struct period p;
            snprintf(code, sizeof code, "2025-%02d", m);
            period_parse(code, ind->period_type, &p);
            rc = st->reporting_units(st, ind->id, p.code, ind->reporters, "/", p.from, p.to,
                                     count_reporter, &expected);
        }
    struct rollup_batch *b = rc == ST_OK ? rollup_batch_new() : NULL;
    if (!b) return ST_ERROR;
    int shown = 0;
    for (int m = 1; rc == ST_OK && m <= months; m++) {
        for (int k = 0; rc == ST_OK && k < d->n_ind; k++) {
            const struct indicator *ind = &d->ind[k].b.i;
            char code[16], due[ISO_DATE_LEN];
            struct period p;
            snprintf(code, sizeof code, "2025-%02d", m);
            period_parse(code, ind->period_type, &p);
            period_due(&p, ind->due_days, due);
            if (strcmp(due, d->today) >= 0) continue;   /* an indicator due later than others */
            d->n_units = 0;
            rc = st->reporting_units(st, ind->id, p.code, ind->reporters, "/", p.from, p.to,
                                     collect_reporter, d);
            for (size_t u = 0; rc == ST_OK && u < d->n_units; u++) {
                const char *unit = d->units[u].code;
                /* A unit-month is missing or late for every indicator of that month's report;
                 * optional indicators are skipped a quarter of the time on top. */
                if (draw(d->seed, "", unit, m, 10) < 0.05 ||
                    (!ind->required && draw(d->seed, ind->code, unit, m, 11) < 0.25)) {
                    d->missing++;
                    continue;
                }
                bool late = draw(d->seed, "", unit, m, 12) < 0.10;
                char first[ISO_DATE_LEN], at[ISO_TIME_LEN];
                int offset = late ? ind->due_days + 1 + (int)(draw(d->seed, "", unit, m, 13) * 20)
                                  : 1 + (int)(draw(d->seed, "", unit, m, 13) * ind->due_days);
                util_date_add(p.to, offset, first);
                if (strcmp(first, d->today) > 0) util_copy(first, sizeof first, d->today);
                snprintf(at, sizeof at, "%sT08:00:00Z", first);
                struct ivalue v = {.indicator_id = ind->id, .unit_id = d->units[u].id,
                                   .period = p.code, .source = "demo", .flags = "",
                                   .first_day = first, .updated_at = at, .updated_by = "demo",
                                   .late = strcmp(first, due) > 0};
                demo_value(d, k, u, m, &v);
                const char *field, *why;
                if (!ind_value_check(ind, &v, &field, &why)) {
                    snprintf(d->err, d->cap, "demo value of %s for %s in %s: %s: %s", ind->code,
                             unit, p.code, field, why);
                    rc = ST_ERROR;
                    break;
                }
                rc = rollup_batch_add(st, b, ind, d->units[u].path, &v);
                d->written++;
                d->late += v.late;
                if (expected > 0 && (d->written + d->missing) * 10 / expected > shown) {
                    shown = (int)((d->written + d->missing) * 10 / expected);
                    fprintf(stderr, "\r[demo] indicator values: %ld (%d0 %%, %s)", d->written,
                            shown, p.code);
                }
            }
        }
    }
    if (rc == ST_OK) rc = rollup_batch_flush(st, b);
    rollup_batch_free(b);
    if (rc != ST_OK) return rc;
    json_t *after = json_pack("{s:I, s:I, s:I, s:I, s:s}", "seed", (json_int_t)d->seed,
                              "values", (json_int_t)d->written, "missing",
                              (json_int_t)d->missing, "late", (json_int_t)d->late, "as_of",
                              d->today);
    rc = audit_append(st, "system", "generate", "indicator_values", "demo-values", NULL, after);
    json_decref(after);
    return rc;
}

int seed_demo_indicators(struct store *st, uint64_t seed, bool values, char *err, size_t cap)
{
    err[0] = '\0';
    if (seed_indicator_files(st, "data/demo_indicators.csv", "data/demo_indicator_targets.csv",
                             err, cap) != 0)
        return 1;
    if (!values) return 0;
    char today[ISO_DATE_LEN];
    util_today(today);
    struct demo_values *d = calloc(1, sizeof *d);
    if (!d) return 1;
    d->seed = seed ^ 0x1d1ca7025ull;
    d->today = today;
    d->err = err;
    d->cap = cap;
    enum store_rc rc = store_tx(st, demo_values_tx, d);
    fprintf(stderr, "\n");
    if (rc == ST_OK)
        fprintf(stderr, "[demo] indicator values: %ld written, %ld of them late, %ld not "
                "entered\n", d->written, d->late, d->missing);
    free(d->units);
    free(d);
    if (rc != ST_OK && !err[0]) snprintf(err, cap, "demo indicator values failed");
    return rc == ST_OK ? 0 : 1;
}
