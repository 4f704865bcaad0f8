/* Indicator values in and out of nq57 as files: CSV, Excel (XLSX) and ADX, the aggregate data
 * exchange format of IHE QRPH that DHIS2 reads and writes (docs/api.md "Import and export").
 *
 * The exports page through the values of a unit and everything below it and write them in one
 * order (unit, period, indicator). The import reads any of the three formats into rows, checks
 * every row with value_prepare() before anything is written, then applies them all with
 * value_apply() in one transaction: the file is saved whole or not at all. Rows are prepared a
 * second time inside the transaction instead of being kept prepared, because a prepared value
 * holds its indicator (several kilobytes) and a file may have 100,000 rows.
 *
 * XML is read with libxml2's streaming reader, never with network access or entity
 * substitution, and a document type declaration is refused outright. An XLSX file is a zip
 * (libzip) of XML parts: the first sheet and the shared strings are all that is read. */
#include "api.h"
#include "api_values.h"
#include "auth.h"
#include "csvread.h"
#include "indicator.h"
#include "text.h"
#include "util.h"
#include "xlsx.h"

#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define IO_ROWS_MAX 100000              /* rows of one export or import */
#define IO_CONFLICTS_LISTED 20
#define XLSX_PART_MAX (64u << 20)       /* uncompressed bytes of one part of a workbook */
#define XLSX_COLS_MAX 64
#define SOURCE_MAX 500
#define ADX_NS "urn:ihe:qrph:adx:2015"
#define ADX_DATASET "NQ57"
#define OOXML_REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char *const columns[] = {"indicator", "unit", "period", "value", "numerator",
                                      "denominator", "source", "late", "flags", "version",
                                      "updated_at", "updated_by"};
#define N_COLUMNS (sizeof columns / sizeof columns[0])

/* The shortest text that reads back as V ("" for NAN). */
static void number_text(double v, char out[32])
{
    if (isnan(v)) { out[0] = 0; return; }
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(out, 32, "%.*g", digits, v);
        if (strtod(out, NULL) == v) return;
    }
}

/* ---- export ---- */

struct export_row {
    char *indicator, *unit, *period, *source, *flags, *updated_at, *updated_by;
    double value, numerator, denominator;
    bool late;
    int64_t version;
};
struct export_set {
    struct export_row *items;
    size_t n, cap;
    int page;                           /* rows seen in the current page */
    int64_t last;
    bool failed;                        /* out of memory */
};

static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

static void export_take(void *ctx, const struct ivalue *v)
{
    struct export_set *s = ctx;
    s->page++;
    s->last = v->id;
    if (s->failed || s->n > IO_ROWS_MAX) return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 256;
        struct export_row *items = realloc(s->items, cap * sizeof *items);
        if (!items) { s->failed = true; return; }
        s->items = items;
        s->cap = cap;
    }
    struct export_row *e = &s->items[s->n++];
    *e = (struct export_row){
        .indicator = dup_or_empty(v->indicator_code), .unit = dup_or_empty(v->unit_code),
        .period = dup_or_empty(v->period), .source = dup_or_empty(v->source),
        .flags = dup_or_empty(v->flags), .updated_at = dup_or_empty(v->updated_at),
        .updated_by = dup_or_empty(v->updated_by), .value = v->value,
        .numerator = v->numerator, .denominator = v->denominator, .late = v->late,
        .version = v->version};
    if (!e->indicator || !e->unit || !e->period || !e->source || !e->flags || !e->updated_at ||
        !e->updated_by)
        s->failed = true;
}

static void export_free(struct export_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct export_row *e = &s->items[i];
        free(e->indicator), free(e->unit), free(e->period), free(e->source), free(e->flags);
        free(e->updated_at), free(e->updated_by);
    }
    free(s->items);
    memset(s, 0, sizeof *s);
}

static int export_order(const void *a, const void *b)
{
    const struct export_row *x = a, *y = b;
    int c = strcmp(x->unit, y->unit);
    if (!c) c = strcmp(x->period, y->period);
    return c ? c : strcmp(x->indicator, y->indicator);
}

/* A period query parameter, NULL when absent; replies 400 and returns false when malformed. */
static bool period_query(struct req *r, const char *name, const char **out)
{
    struct period p;
    *out = req_query(r, name);
    if (*out && !period_parse(*out, NULL, &p)) {
        reply_error(r, 400, "validation_failed", name,
                    "%s is a period: a month 2025-07, a quarter 2025Q3, a half-year 2025S2 or "
                    "a year 2025", name);
        return false;
    }
    return true;
}

/* The values the export asks for (?unit= and below, ?indicator=, ?from=, ?to=), in unit,
 * period, indicator order. Replies and returns false on a bad filter, a store failure or more
 * than IO_ROWS_MAX rows. */
static bool export_collect(struct req *r, struct export_set *s)
{
    memset(s, 0, sizeof *s);
    struct unit u;
    if (!unit_param(r, "unit", &u)) return false;
    struct value_query q = {.scope_path = u.path, .limit = 1000};
    if (!period_query(r, "from", &q.period_from) || !period_query(r, "to", &q.period_to))
        return false;
    const char *code = req_query(r, "indicator");
    if (code) {
        struct indicator_buf b;
        if (!indicator_load(r, code, &b)) return false;
        q.indicator_id = b.i.id;
    }
    enum store_rc rc;
    do {
        s->page = 0;
        rc = r->st->value_list(r->st, &q, export_take, s);
        q.after_id = s->last;
    } while (rc == ST_OK && !s->failed && s->n <= IO_ROWS_MAX && s->page == q.limit);
    if (rc == ST_OK && s->failed) rc = ST_ERROR;
    if (rc != ST_OK) {
        export_free(s);
        reply_store_error(r, rc, "values");
        return false;
    }
    if (s->n > IO_ROWS_MAX) {
        export_free(s);
        reply_error(r, 400, "validation_failed", NULL,
                    "more than %d values: narrow the export with indicator, from and to",
                    IO_ROWS_MAX);
        return false;
    }
    if (s->n) qsort(s->items, s->n, sizeof *s->items, export_order);
    return true;
}

/* Appends S as one RFC 4180 field, quoted, then a comma or CRLF. */
static bool csv_put(char **buf, size_t *len, size_t *cap, const char *s, bool last)
{
    size_t need = *len + 2 * strlen(s) + 5;
    if (need > *cap) {
        size_t ncap = 2 * need;
        char *nbuf = realloc(*buf, ncap);
        if (!nbuf) return false;
        *buf = nbuf;
        *cap = ncap;
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
    return true;
}

/* GET /api/v1/values/export.csv?unit=&indicator=&from=&to= */
void api_values_export_csv(struct req *r)
{
    struct export_set s;
    if (!export_collect(r, &s)) return;
    size_t cap = 4096 + 128 * s.n, len = 0;
    char *buf = malloc(cap);
    bool ok = buf != NULL;
    for (size_t k = 0; ok && k < N_COLUMNS; k++)
        ok = csv_put(&buf, &len, &cap, columns[k], k + 1 == N_COLUMNS);
    for (size_t i = 0; ok && i < s.n; i++) {
        const struct export_row *e = &s.items[i];
        char value[32], num[32], den[32], version[24];
        number_text(e->value, value);
        number_text(e->numerator, num);
        number_text(e->denominator, den);
        snprintf(version, sizeof version, "%lld", (long long)e->version);
        const char *cells[N_COLUMNS] = {e->indicator, e->unit, e->period, value, num, den,
                                        e->source, e->late ? "true" : "false", e->flags,
                                        version, e->updated_at, e->updated_by};
        for (size_t k = 0; ok && k < N_COLUMNS; k++)
            ok = csv_put(&buf, &len, &cap, cells[k], k + 1 == N_COLUMNS);
    }
    export_free(&s);
    if (!ok) {
        free(buf);
        reply_store_error(r, ST_ERROR, "values");
        return;
    }
    reply_raw(r, 200, "text/csv; charset=utf-8", buf, len, true);
    reply_attachment(r, "nq57-values.csv");
}

/* The CSV's columns and rows in one sheet, the header bold and frozen, numbers as numbers. */
static lxw_error values_sheet(lxw_workbook *wb, void *ctx)
{
    const struct export_set *s = ctx;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "values");
    if (!ws) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (size_t k = 0; k < N_COLUMNS; k++)
        worksheet_write_string(ws, 0, (lxw_col_t)k, columns[k], bold);
    for (size_t i = 0; i < s->n; i++) {
        const struct export_row *e = &s->items[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        worksheet_write_string(ws, row, 0, e->indicator, NULL);
        worksheet_write_string(ws, row, 1, e->unit, NULL);
        worksheet_write_string(ws, row, 2, e->period, NULL);
        const double nums[3] = {e->value, e->numerator, e->denominator};
        for (int k = 0; k < 3; k++)
            if (!isnan(nums[k])) worksheet_write_number(ws, row, (lxw_col_t)(3 + k), nums[k], NULL);
        if (*e->source) worksheet_write_string(ws, row, 6, e->source, NULL);
        worksheet_write_boolean(ws, row, 7, e->late, NULL);
        if (*e->flags) worksheet_write_string(ws, row, 8, e->flags, NULL);
        worksheet_write_number(ws, row, 9, (double)e->version, NULL);
        worksheet_write_string(ws, row, 10, e->updated_at, NULL);
        worksheet_write_string(ws, row, 11, e->updated_by, NULL);
    }
    worksheet_set_column(ws, 0, 2, 14, NULL);
    worksheet_set_column(ws, 6, 6, 30, NULL);
    worksheet_set_column(ws, 10, 10, 22, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    return LXW_NO_ERROR;
}

/* GET /api/v1/values/export.xlsx */
void api_values_export_xlsx(struct req *r)
{
    struct export_set s;
    if (!export_collect(r, &s)) return;
    reply_xlsx(r, "nq57-values.xlsx", values_sheet, &s);
    export_free(&s);
}

/* Writes one ADX dataValue, with a part="numerator" or "denominator" disaggregation for the
 * parts of a ratio, and the value's source as its annotation. */
static int adx_value(xmlTextWriterPtr w, const struct export_row *e, const char *part, double v)
{
    char text[32];
    number_text(v, text);
    int rc = xmlTextWriterStartElement(w, BAD_CAST "dataValue");
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, BAD_CAST "dataElement", BAD_CAST e->indicator);
    if (rc >= 0 && part) rc = xmlTextWriterWriteAttribute(w, BAD_CAST "part", BAD_CAST part);
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, BAD_CAST "value", BAD_CAST text);
    if (rc >= 0 && *e->source && (!part || !strcmp(part, "numerator")))
        rc = xmlTextWriterWriteElement(w, BAD_CAST "annotation", BAD_CAST e->source);
    if (rc >= 0) rc = xmlTextWriterEndElement(w);
    return rc;
}

/* GET /api/v1/values/export.adx: one group per unit and period, periods in ISO 8601
 * ("2025-01-01/P1M"), a ratio as its two parts (docs/api.md). */
void api_values_export_adx(struct req *r)
{
    struct export_set s;
    if (!export_collect(r, &s)) return;
    xmlBufferPtr xbuf = xmlBufferCreate();
    xmlTextWriterPtr w = xbuf ? xmlNewTextWriterMemory(xbuf, 0) : NULL;
    int rc = w ? 0 : -1;
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    if (rc >= 0) rc = xmlTextWriterSetIndent(w, 1);
    if (rc >= 0) rc = xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    if (rc >= 0) rc = xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    if (rc >= 0) rc = xmlTextWriterStartElementNS(w, NULL, BAD_CAST "adx", BAD_CAST ADX_NS);
    if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, BAD_CAST "exported", BAD_CAST now);
    for (size_t i = 0; rc >= 0 && i < s.n; i++) {
        const struct export_row *e = &s.items[i];
        if (i == 0 || strcmp(e->unit, s.items[i - 1].unit) ||
            strcmp(e->period, s.items[i - 1].period)) {
            struct period p;
            char iso[24] = "";
            if (period_parse(e->period, NULL, &p)) period_iso(&p, iso);
            if (i) rc = xmlTextWriterEndElement(w);
            if (rc >= 0) rc = xmlTextWriterStartElement(w, BAD_CAST "group");
            if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, BAD_CAST "orgUnit", BAD_CAST e->unit);
            if (rc >= 0) rc = xmlTextWriterWriteAttribute(w, BAD_CAST "period", BAD_CAST iso);
            if (rc >= 0)
                rc = xmlTextWriterWriteAttribute(w, BAD_CAST "dataSet", BAD_CAST ADX_DATASET);
        }
        if (rc < 0) break;
        if (!isnan(e->numerator)) {
            rc = adx_value(w, e, "numerator", e->numerator);
            if (rc >= 0) rc = adx_value(w, e, "denominator", e->denominator);
        } else {
            rc = adx_value(w, e, NULL, e->value);
        }
    }
    if (rc >= 0) rc = xmlTextWriterEndDocument(w);   /* closes the open group and adx */
    if (w) xmlFreeTextWriter(w);                     /* flushes into XBUF */
    export_free(&s);
    if (rc < 0 || !xbuf) {
        if (xbuf) xmlBufferFree(xbuf);
        reply_error(r, 500, "internal", NULL, "could not write the ADX document");
        return;
    }
    size_t len = (size_t)xmlBufferLength(xbuf);
    char *out = malloc(len + 1);
    if (out) memcpy(out, xmlBufferContent(xbuf), len);
    xmlBufferFree(xbuf);
    if (!out) { reply_store_error(r, ST_ERROR, "values"); return; }
    reply_raw(r, 200, "application/adx+xml; charset=utf-8", out, len, true);
    reply_attachment(r, "nq57-values.adx.xml");
}

/* ---- import: reading a file into rows ---- */

struct import_row {
    const char *indicator, *unit, *period, *source;
    double value, numerator, denominator;       /* NAN when absent */
    long line;                                  /* line (CSV, ADX) or sheet row (XLSX) */
    bool parts;                                 /* ADX: made of part="..." dataValues */
    int64_t indicator_id, unit_id;              /* set by the first check */
    char period_code[16];
    bool existed;
    char flags[128];
};

struct import {
    struct req *r;
    struct import_row *rows;
    size_t n, cap;
    /* The failure to reply with: STATUS 0 while there is none. */
    int status;
    const char *code;
    char field[64];
    char message[2000];
    /* The outcome of the transaction. */
    int created, updated, conflicts;
};

static bool import_fail(struct import *im, int status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool import_fail(struct import *im, int status, const char *field, const char *fmt, ...)
{
    im->status = status;
    im->code = status == 403 ? "forbidden" : status == 409 ? "conflict"
             : status == 415 ? "unsupported_media_type" : status == 503 ? "unavailable"
             : status >= 500 ? "internal" : "validation_failed";
    util_copy(im->field, sizeof im->field, field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(im->message, sizeof im->message, fmt, ap);
    va_end(ap);
    return false;
}

/* A new row at LINE, or NULL (and the failure set) past IO_ROWS_MAX rows. */
static struct import_row *import_add(struct import *im, long line)
{
    if (im->n == IO_ROWS_MAX) {
        import_fail(im, 400, "rows", "more than %d rows: split the file", IO_ROWS_MAX);
        return NULL;
    }
    if (im->n == im->cap) {
        size_t cap = im->cap ? 2 * im->cap : 256;
        struct import_row *rows = realloc(im->rows, cap * sizeof *rows);
        if (!rows) {
            import_fail(im, 500, NULL, "out of memory reading the file");
            return NULL;
        }
        im->rows = rows;
        im->cap = cap;
    }
    struct import_row *row = &im->rows[im->n++];
    *row = (struct import_row){.value = NAN, .numerator = NAN, .denominator = NAN, .line = line,
                               .source = ""};
    return row;
}

/* S without leading and trailing blanks, in place. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = 0;
    return s;
}

/* A number cell: "" is absent (NAN). False when it is not a finite number. */
static bool number_cell(const char *s, double *out)
{
    char *end;
    while (*s == ' ') s++;
    if (!*s) { *out = NAN; return true; }
    *out = strtod(s, &end);
    while (*end == ' ') end++;
    return !*end && isfinite(*out);
}

/* The period code for S: ISO 8601 "2025-01-01/P1M" becomes "2025-01"; anything else is kept
 * for value_prepare() to judge. */
static const char *period_cell(struct req *r, const char *s)
{
    struct period p;
    if (strchr(s, '/') && period_from_iso(s, &p)) return req_strdup(r, p.code);
    return s;
}

/* Rows from a table with a header line (CSV, or the first sheet of a workbook): LINES gives
 * each data row's line or sheet row (NULL: the line after the header, one per row). */
static bool table_rows(struct import *im, struct csv_table *t, const long *lines, bool sheet)
{
    static const char *const needed[] = {"indicator", "unit", "period"};
    for (size_t k = 0; k < 3; k++)
        if (csv_col(t, needed[k]) < 0)
            return import_fail(im, 400, needed[k], "the header needs the column %s (the "
                               "columns are those of the export)", needed[k]);
    int c_value = csv_col(t, "value"), c_num = csv_col(t, "numerator"),
        c_den = csv_col(t, "denominator"), c_source = csv_col(t, "source");
    if (c_value < 0 && (c_num < 0 || c_den < 0))
        return import_fail(im, 400, "value", "the header needs the column value, or numerator "
                           "and denominator");
    const char *word = sheet ? "row" : "line";
    for (size_t i = 0; i < t->rows; i++) {
        long line = lines ? lines[i] : (long)i + 2;
        struct import_row *row = import_add(im, line);
        if (!row) return false;
        char *cell[3];
        for (size_t k = 0; k < 3; k++)
            cell[k] = trim(t->cells[i * t->cols + (size_t)csv_col(t, needed[k])]);
        row->indicator = cell[0];
        row->unit = cell[1];
        row->period = cell[2];
        /* Excel turns "2025-01" typed into a cell into the date 1 January 2025, a serial number
         * of days since 1899-12-30: read it back as that month. */
        char *end;
        double serial = strtod(cell[2], &end);
        if (sheet && *cell[2] && !*end && serial >= 20000 && serial < 80000) {
            char date[ISO_TIME_LEN];
            util_iso_from_unix(((int64_t)serial - 25569) * 86400, date);
            date[7] = 0;
            row->period = req_strdup(im->r, date);
        }
        row->period = period_cell(im->r, row->period);
        const struct { int col; const char *name; double *out; } nums[] = {
            {c_value, "value", &row->value},
            {c_num, "numerator", &row->numerator},
            {c_den, "denominator", &row->denominator},
        };
        for (size_t k = 0; k < 3; k++) {
            const char *s = csv_cell(t, i, nums[k].col);
            if (!number_cell(s, nums[k].out)) {
                char field[48];
                snprintf(field, sizeof field, "rows[%zu].%s", im->n - 1, nums[k].name);
                return import_fail(im, 400, field, "%s %ld: %s \"%.40s\" is not a number "
                                   "(write it like 1234.5)", word, line, nums[k].name, s);
            }
        }
        if (c_source >= 0) row->source = trim(t->cells[i * t->cols + (size_t)c_source]);
    }
    return true;
}

static bool csv_read(struct import *im, struct csv_table *t)
{
    struct req *r = im->r;
    if (!r->body_len || !text_valid_utf8(r->body, r->body_len))
        return import_fail(im, 400, NULL, "the body must be UTF-8 CSV text");
    char err[300];
    if (!csv_table_parse(r->body, r->body_len, t, err, sizeof err))
        return import_fail(im, 400, NULL, "%s", err);
    if (t->rows > IO_ROWS_MAX)
        return import_fail(im, 400, "rows", "more than %d rows: split the file", IO_ROWS_MAX);
    return table_rows(im, t, NULL, false);
}

/* ---- import: XML with libxml2's reader ---- */

struct xml_errors { char message[300]; int line; };
static void xml_error(void *ctx, xmlErrorPtr e)
{
    struct xml_errors *x = ctx;
    if (x->message[0] || !e || e->level < XML_ERR_ERROR) return;
    util_copy(x->message, sizeof x->message, e->message ? e->message : "malformed XML");
    size_t n = strlen(x->message);
    while (n && x->message[n - 1] == '\n') x->message[--n] = 0;
    x->line = e->line;
}

/* A reader of LEN bytes at XML: no network, no entity substitution, no DTD loading. */
static xmlTextReaderPtr xml_open(const char *xml, size_t len, const char *name,
                                 struct xml_errors *errors)
{
    if (len > INT32_MAX) return NULL;
    xmlTextReaderPtr x = xmlReaderForMemory(xml, (int)len, name, NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (x) xmlTextReaderSetStructuredErrorHandler(x, xml_error, errors);
    return x;
}

/* Steps to the next node; 1 at a node, 0 at the end, -1 on malformed XML or a DOCTYPE. */
static int xml_next(xmlTextReaderPtr x, struct xml_errors *errors)
{
    int rc = xmlTextReaderRead(x);
    if (rc == 1 && xmlTextReaderNodeType(x) == XML_READER_TYPE_DOCUMENT_TYPE) {
        util_copy(errors->message, sizeof errors->message,
                  "a document type declaration (DOCTYPE) is not accepted");
        errors->line = xmlTextReaderGetParserLineNumber(x);
        return -1;
    }
    if (rc < 0 && !errors->message[0])
        util_copy(errors->message, sizeof errors->message, "malformed XML");
    return rc;
}

static bool is_element(xmlTextReaderPtr x, const char *local)
{
    const xmlChar *name = xmlTextReaderConstLocalName(x);
    return xmlTextReaderNodeType(x) == XML_READER_TYPE_ELEMENT && name &&
           !strcmp((const char *)name, local);
}

/* The attribute NAME of the current element, as a string of the request ("" if absent). */
static const char *xml_attr(struct req *r, xmlTextReaderPtr x, const char *name, const char *ns)
{
    xmlChar *v = ns ? xmlTextReaderGetAttributeNs(x, BAD_CAST name, BAD_CAST ns)
                    : xmlTextReaderGetAttribute(x, BAD_CAST name);
    const char *s = req_strdup(r, v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

/* The text inside the current element (its descendants' text, concatenated); the reader is
 * left on its end. Returns a request string, or NULL on malformed XML. */
static const char *xml_text(struct req *r, xmlTextReaderPtr x, struct xml_errors *errors,
                            const char *skip)
{
    if (xmlTextReaderIsEmptyElement(x)) return "";
    int depth = xmlTextReaderDepth(x), skip_depth = -1;
    size_t len = 0, cap = 64;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    buf[0] = 0;
    int rc = 0;
    while ((rc = xml_next(x, errors)) == 1 && xmlTextReaderDepth(x) > depth) {
        int type = xmlTextReaderNodeType(x);
        if (skip && is_element(x, skip) && !xmlTextReaderIsEmptyElement(x) && skip_depth < 0)
            skip_depth = xmlTextReaderDepth(x);
        else if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x) == skip_depth)
            skip_depth = -1;
        if (skip_depth >= 0 || (type != XML_READER_TYPE_TEXT &&
                                type != XML_READER_TYPE_SIGNIFICANT_WHITESPACE &&
                                type != XML_READER_TYPE_WHITESPACE))
            continue;
        const char *t = (const char *)xmlTextReaderConstValue(x);
        size_t n = t ? strlen(t) : 0;
        if (len + n + 1 > cap) {
            cap = 2 * (len + n + 1);
            char *nbuf = realloc(buf, cap);
            if (!nbuf) { free(buf); return NULL; }
            buf = nbuf;
        }
        memcpy(buf + len, t, n);
        len += n;
        buf[len] = 0;
    }
    const char *out = rc == 1 ? req_strdup(r, buf) : NULL;
    free(buf);
    return out;
}

/* ADX (IHE QRPH, as DHIS2 exchanges it): <adx xmlns="urn:ihe:qrph:adx:2015"> holding
 * <group orgUnit= period= dataSet=?> elements holding <dataValue dataElement= value=
 * part=?>, with an optional <annotation> read as the value's source. Other disaggregations
 * are refused: nq57 keeps one figure per indicator, unit and period. */
static bool adx_read(struct import *im)
{
    struct req *r = im->r;
    struct xml_errors errors = {"", 0};
    xmlTextReaderPtr x = xml_open(r->body, r->body_len, "import.adx", &errors);
    if (!x) return import_fail(im, 400, NULL, "the body is not an ADX document");
    bool ok = true, seen_root = false;
    const char *unit = NULL, *period = NULL;
    size_t group_start = 0;
    int rc = 0;
    while (ok && (rc = xml_next(x, &errors)) == 1) {
        if (xmlTextReaderNodeType(x) != XML_READER_TYPE_ELEMENT) continue;
        /* The reader parses ahead: the node knows its own line. */
        long line = xmlGetLineNo(xmlTextReaderCurrentNode(x));
        const xmlChar *uri = xmlTextReaderConstNamespaceUri(x);
        int depth = xmlTextReaderDepth(x);
        if (depth == 0) {
            if (!is_element(x, "adx") || !uri || strcmp((const char *)uri, ADX_NS)) {
                ok = import_fail(im, 400, NULL, "the root element must be <adx xmlns=\"%s\">",
                                 ADX_NS);
            }
            seen_root = true;
        } else if (depth == 1 && is_element(x, "group")) {
            unit = xml_attr(r, x, "orgUnit", NULL);
            const char *iso = xml_attr(r, x, "period", NULL);
            group_start = im->n;
            struct period p;
            if (!*unit)
                ok = import_fail(im, 400, "orgUnit", "line %ld: the group has no orgUnit", line);
            else if (!period_from_iso(iso, &p))
                ok = import_fail(im, 400, "period", "line %ld: period \"%.40s\" is not an ISO "
                                 "8601 period nq57 keeps: a month 2025-01-01/P1M, a quarter "
                                 "2025-04-01/P3M, a half-year 2025-07-01/P6M or a year "
                                 "2025-01-01/P1Y", line, iso);
            else
                period = req_strdup(r, p.code);
            for (int more = ok ? xmlTextReaderMoveToFirstAttribute(x) : 0; ok && more == 1;
                 more = xmlTextReaderMoveToNextAttribute(x)) {
                const char *name = (const char *)xmlTextReaderConstLocalName(x);
                if (xmlTextReaderConstNamespaceUri(x)) continue;   /* xmlns, xsi:... */
                if (strcmp(name, "orgUnit") && strcmp(name, "period") &&
                    strcmp(name, "dataSet") && strcmp(name, "completeDate"))
                    ok = import_fail(im, 400, name, "line %ld: the group attribute %s is a "
                                     "disaggregation nq57 does not keep", line, name);
            }
            xmlTextReaderMoveToElement(x);
        } else if (depth == 2 && is_element(x, "dataValue")) {
            const char *element = xml_attr(r, x, "dataElement", NULL);
            const char *value = xml_attr(r, x, "value", NULL);
            const char *part = xml_attr(r, x, "part", NULL);
            const char *bad = NULL;
            for (int more = xmlTextReaderMoveToFirstAttribute(x); more == 1 && !bad;
                 more = xmlTextReaderMoveToNextAttribute(x)) {
                const char *name = (const char *)xmlTextReaderConstLocalName(x);
                if (!xmlTextReaderConstNamespaceUri(x) && strcmp(name, "dataElement") &&
                    strcmp(name, "value") && strcmp(name, "part"))
                    bad = req_strdup(r, name);
            }
            xmlTextReaderMoveToElement(x);
            double v;
            struct import_row *row = NULL;
            char field[48];
            snprintf(field, sizeof field, "rows[%zu]", im->n);
            if (bad) {
                ok = import_fail(im, 400, field, "line %ld: the dataValue attribute %s is a "
                                 "disaggregation nq57 does not keep", line, bad);
            } else if (!*element) {
                ok = import_fail(im, 400, field, "line %ld: the dataValue has no dataElement",
                                 line);
            } else if (!*value || !number_cell(value, &v)) {
                ok = import_fail(im, 400, field, "line %ld: value \"%.40s\" of %s is not a "
                                 "number", line, value, element);
            } else if (*part && strcmp(part, "numerator") && strcmp(part, "denominator")) {
                ok = import_fail(im, 400, field, "line %ld: part is numerator or denominator, "
                                 "not %.40s", line, part);
            } else {
                /* The other part of a ratio already read in this group? */
                for (size_t i = group_start; *part && i < im->n; i++)
                    if (im->rows[i].parts && !strcmp(im->rows[i].indicator, element) &&
                        isnan(*part == 'n' ? im->rows[i].numerator : im->rows[i].denominator))
                        row = &im->rows[i];
                if (!row && (row = import_add(im, line))) {
                    row->indicator = element;
                    row->unit = unit;
                    row->period = period;
                    row->parts = *part != 0;
                }
                ok = row != NULL;
                if (ok) *(!*part ? &row->value : *part == 'n' ? &row->numerator
                                                              : &row->denominator) = v;
            }
            if (ok && !xmlTextReaderIsEmptyElement(x)) {
                /* <annotation> inside: the source. */
                int d = xmlTextReaderDepth(x);
                while ((rc = xml_next(x, &errors)) == 1 && xmlTextReaderDepth(x) > d)
                    if (is_element(x, "annotation")) {
                        const char *text = xml_text(r, x, &errors, NULL);
                        if (!text) { rc = -1; break; }
                        if (!*row->source) row->source = trim((char *)text);
                    }
                if (rc != 1) break;
            }
        } else if (depth == 2 || (depth == 1 && !is_element(x, "group"))) {
            ok = import_fail(im, 400, NULL, "line %ld: <%s> is not an ADX element nq57 reads "
                             "(adx > group > dataValue)", line,
                             (const char *)xmlTextReaderConstLocalName(x));
        }
    }
    if (ok && rc != 0)
        ok = import_fail(im, 400, NULL, "line %d: %s", errors.line, errors.message);
    if (ok && !seen_root) ok = import_fail(im, 400, NULL, "the body is not an ADX document");
    xmlFreeTextReader(x);
    return ok;
}

/* ---- import: the first sheet of an XLSX workbook ---- */

/* The part NAME of the zip, NUL-terminated, at most XLSX_PART_MAX bytes; NULL if absent or
 * unreadable (*TOO_BIG set when it is larger). */
static char *zip_part(zip_t *z, const char *name, size_t *len, bool *too_big)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) return NULL;
    if (st.size > XLSX_PART_MAX) { *too_big = true; return NULL; }
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f) return NULL;
    char *buf = malloc((size_t)st.size + 1);
    zip_int64_t got = buf ? zip_fread(f, buf, st.size) : -1;
    zip_fclose(f);
    if (got < 0 || (zip_uint64_t)got != st.size) { free(buf); return NULL; }
    buf[got] = 0;
    *len = (size_t)got;
    return buf;
}

/* In XML, the attribute WANT of the first element LOCAL whose attribute KEY is VALUE (KEY
 * NULL: the first such element); a request string or NULL. */
static const char *xml_find_attr(struct req *r, const char *xml, size_t len, const char *local,
                                 const char *key, const char *value, const char *want,
                                 const char *want_ns)
{
    struct xml_errors errors = {"", 0};
    xmlTextReaderPtr x = xml_open(xml, len, local, &errors);
    const char *found = NULL;
    while (x && !found && xml_next(x, &errors) == 1) {
        if (!is_element(x, local)) continue;
        if (key && strcmp(xml_attr(r, x, key, NULL), value)) continue;
        found = xml_attr(r, x, want, want_ns);
    }
    if (x) xmlFreeTextReader(x);
    return found && *found ? found : NULL;
}

struct strings { const char **items; size_t n, cap; };

/* xl/sharedStrings.xml: each <si>'s text (runs concatenated, phonetic hints skipped). */
static bool shared_strings(struct import *im, const char *xml, size_t len, struct strings *s)
{
    struct xml_errors errors = {"", 0};
    xmlTextReaderPtr x = xml_open(xml, len, "sharedStrings.xml", &errors);
    if (!x) return import_fail(im, 400, NULL, "the workbook's shared strings cannot be read");
    int rc = 0;
    bool ok = true;
    while (ok && (rc = xml_next(x, &errors)) == 1) {
        if (!is_element(x, "si")) continue;
        const char *text = xml_text(im->r, x, &errors, "rPh");
        if (!text) { rc = -1; break; }
        if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 256;
            const char **items = realloc(s->items, s->cap * sizeof *items);
            if (!items) { ok = import_fail(im, 500, NULL, "out of memory"); break; }
            s->items = items;
        }
        s->items[s->n++] = text;
    }
    if (ok && rc != 0)
        ok = import_fail(im, 400, NULL, "the workbook's shared strings are malformed: %s",
                         errors.message);
    xmlFreeTextReader(x);
    return ok;
}

/* Column index of a cell reference "BC12" (0 for A), or -1. */
static int cell_column(const char *ref)
{
    int col = 0, letters = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++, letters++) col = col * 26 + (*ref - 'A' + 1);
    return letters && letters <= 3 ? col - 1 : -1;
}

/* The sheet's cells as a table: the first non-empty row is the header; empty rows are
 * skipped; LINES gets each data row's sheet row number. */
struct grid { char **cells; long *lines; size_t rows, cap; };

static bool grid_row(struct import *im, struct grid *g, char **row, long line)
{
    bool empty = true;
    for (size_t k = 0; k < XLSX_COLS_MAX; k++) empty &= !row[k] || !*trim(row[k]);
    if (empty) {
        for (size_t k = 0; k < XLSX_COLS_MAX; k++) free(row[k]), row[k] = NULL;
        return true;
    }
    if (g->rows > IO_ROWS_MAX)
        return import_fail(im, 400, "rows", "more than %d rows: split the file", IO_ROWS_MAX);
    if (g->rows == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 256;
        char **cells = realloc(g->cells, cap * XLSX_COLS_MAX * sizeof *cells);
        if (cells) g->cells = cells;
        long *lines = cells ? realloc(g->lines, cap * sizeof *lines) : NULL;
        if (lines) g->lines = lines;
        if (!cells || !lines) return import_fail(im, 500, NULL, "out of memory");
        g->cap = cap;
    }
    for (size_t k = 0; k < XLSX_COLS_MAX; k++) {
        g->cells[g->rows * XLSX_COLS_MAX + k] = row[k] ? row[k] : strdup("");
        row[k] = NULL;
    }
    g->lines[g->rows++] = line;
    return true;
}

static bool sheet_read(struct import *im, const char *xml, size_t len, const struct strings *ss,
                       struct grid *g)
{
    struct xml_errors errors = {"", 0};
    xmlTextReaderPtr x = xml_open(xml, len, "sheet.xml", &errors);
    if (!x) return import_fail(im, 400, NULL, "the workbook's first sheet cannot be read");
    char *row[XLSX_COLS_MAX] = {0};
    long line = 0;
    int col = 0, rc;
    bool ok = true, in_row = false;
    while (ok && (rc = xml_next(x, &errors)) == 1) {
        int type = xmlTextReaderNodeType(x);
        if (is_element(x, "row")) {
            const char *n = xml_attr(im->r, x, "r", NULL);
            line = *n ? atol(n) : line + 1;
            col = 0;
            in_row = !xmlTextReaderIsEmptyElement(x);
        } else if (type == XML_READER_TYPE_END_ELEMENT && in_row &&
                   !strcmp((const char *)xmlTextReaderConstLocalName(x), "row")) {
            ok = grid_row(im, g, row, line);
            in_row = false;
        } else if (is_element(x, "c") && in_row) {
            const char *ref = xml_attr(im->r, x, "r", NULL), *t = xml_attr(im->r, x, "t", NULL);
            if (*ref) col = cell_column(ref);
            if (col < 0 || col >= XLSX_COLS_MAX) {
                ok = import_fail(im, 400, NULL, "row %ld: cell %.12s is past column %d", line,
                                 ref, XLSX_COLS_MAX);
                break;
            }
            const char *text = "";
            if (!xmlTextReaderIsEmptyElement(x)) {
                /* <v> holds the value or the shared string's index; <is> an inline string. */
                const char *v = xml_text(im->r, x, &errors, "f");   /* not the formula */
                if (!v) { rc = -1; break; }
                text = v;
                if (!strcmp(t, "s")) {
                    char *end;
                    long i = strtol(v, &end, 10);
                    if (end == v || *end || i < 0 || (size_t)i >= ss->n) {
                        ok = import_fail(im, 400, NULL, "row %ld: cell %.12s names no shared "
                                         "string", line, ref);
                        break;
                    }
                    text = ss->items[i];
                } else if (!strcmp(t, "b")) {
                    text = !strcmp(v, "1") ? "true" : "false";
                }
            }
            free(row[col]);
            row[col] = strdup(text);
            if (!row[col]) { ok = import_fail(im, 500, NULL, "out of memory"); break; }
            col++;
        }
    }
    if (ok && rc != 0)
        ok = import_fail(im, 400, NULL, "the workbook's first sheet is malformed (line %d: %s)",
                         errors.line, errors.message);
    for (size_t k = 0; k < XLSX_COLS_MAX; k++) free(row[k]);
    xmlFreeTextReader(x);
    return ok;
}

/* Reads the workbook's first sheet into T (a table like a parsed CSV) and LINES. */
static bool xlsx_read(struct import *im, struct csv_table *t, long **lines)
{
    struct req *r = im->r;
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(r->body, r->body_len, 0, &zerr);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
    if (!z) {
        if (src) zip_source_free(src);
        zip_error_fini(&zerr);
        return import_fail(im, 400, NULL, "the body is not an XLSX workbook (not a zip file)");
    }
    zip_error_fini(&zerr);
    bool too_big = false, ok = true;
    size_t len = 0;
    /* The first sheet: workbook.xml names it, workbook.xml.rels says which part it is. */
    char *sheet_path = NULL;
    char *wbxml = zip_part(z, "xl/workbook.xml", &len, &too_big);
    const char *rid = wbxml ? xml_find_attr(r, wbxml, len, "sheet", NULL, NULL, "id",
                                            OOXML_REL_NS) : NULL;
    free(wbxml);
    char *rels = rid ? zip_part(z, "xl/_rels/workbook.xml.rels", &len, &too_big) : NULL;
    const char *target = rels ? xml_find_attr(r, rels, len, "Relationship", "Id", rid, "Target",
                                              NULL) : NULL;
    free(rels);
    if (target && asprintf(&sheet_path, "%s%s", *target == '/' ? "" : "xl/",
                           *target == '/' ? target + 1 : target) < 0)
        sheet_path = NULL;
    struct strings ss = {0};
    char *ssxml = zip_part(z, "xl/sharedStrings.xml", &len, &too_big);
    if (ssxml) ok = shared_strings(im, ssxml, len, &ss);
    free(ssxml);
    char *sheet = ok ? zip_part(z, sheet_path ? sheet_path : "xl/worksheets/sheet1.xml", &len,
                                &too_big) : NULL;
    free(sheet_path);
    struct grid g = {0};
    if (ok && !sheet && too_big)
        ok = import_fail(im, 400, NULL, "a part of the workbook is larger than %u MiB",
                         XLSX_PART_MAX >> 20);
    else if (ok && !sheet)
        ok = import_fail(im, 400, NULL, "the workbook has no first sheet");
    if (ok) ok = sheet_read(im, sheet, len, &ss, &g);
    free(sheet);
    free(ss.items);
    zip_close(z);
    if (ok && g.rows == 0) ok = import_fail(im, 400, NULL, "the first sheet is empty");
    /* Columns up to the header's last named one. */
    size_t cols = 0;
    for (size_t k = 0; ok && k < XLSX_COLS_MAX; k++)
        if (*g.cells[k]) cols = k + 1;
    if (ok) {
        memset(t, 0, sizeof *t);
        t->header = malloc(g.rows * cols * sizeof *t->header);
        *lines = malloc(g.rows * sizeof **lines);
        if (!t->header || !*lines) ok = import_fail(im, 500, NULL, "out of memory");
    }
    for (size_t i = 0; i < g.rows; i++)
        for (size_t k = 0; k < XLSX_COLS_MAX; k++) {
            char **cell = &g.cells[i * XLSX_COLS_MAX + k];
            if (ok && k < cols) t->header[i * cols + k] = *cell;
            else free(*cell);
        }
    if (ok) {
        t->cols = cols;
        t->rows = g.rows - 1;
        t->cells = t->header + cols;
        memcpy(*lines, g.lines + 1, t->rows * sizeof **lines);
    }
    free(g.cells);
    free(g.lines);
    return ok && table_rows(im, t, *lines, true);
}

/* ---- import: checking and applying ---- */

static void fill_input(struct value_job *j, const struct import_row *row)
{
    memset(j, 0, sizeof *j);
    j->in = (struct value_input){.indicator = row->indicator, .unit = row->unit,
                                 .period = row->period, .source = row->source,
                                 .value = row->value, .numerator = row->numerator,
                                 .denominator = row->denominator, .base_version = -1};
}

/* Sets the import's failure from J's, naming row I. */
static bool row_fail(struct import *im, size_t i, const struct value_job *j, const char *word)
{
    char field[64];
    if (j->field) snprintf(field, sizeof field, "rows[%zu].%s", i, j->field);
    else snprintf(field, sizeof field, "rows[%zu]", i);
    import_fail(im, j->status, field, "%s %ld: %s", word,
                im->rows[i].line, j->message);
    return false;
}

static int same_key(const void *a, const void *b)
{
    const struct import_row *x = *(const struct import_row *const *)a,
                            *y = *(const struct import_row *const *)b;
    if (x->indicator_id != y->indicator_id) return x->indicator_id < y->indicator_id ? -1 : 1;
    if (x->unit_id != y->unit_id) return x->unit_id < y->unit_id ? -1 : 1;
    int c = strcmp(x->period_code, y->period_code);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Every row through value_prepare(), and no indicator, unit and period twice. */
static bool import_check(struct import *im, const char *word)
{
    struct req *r = im->r;
    struct value_job *j = malloc(sizeof *j);
    if (!j) return import_fail(im, 500, NULL, "out of memory");
    bool ok = true;
    for (size_t i = 0; ok && i < im->n; i++) {
        struct import_row *row = &im->rows[i];
        char *source = text_nfc(row->source);
        if (!source || text_length(source) > SOURCE_MAX) {
            free(source);
            char field[48];
            snprintf(field, sizeof field, "rows[%zu].source", i);
            ok = import_fail(im, 400, field, "%s %ld: the source is at most %d characters",
                             word, row->line, SOURCE_MAX);
            break;
        }
        row->source = req_strdup(r, source);
        free(source);
        fill_input(j, row);
        if (!value_prepare(r->st, &r->who, j)) { ok = row_fail(im, i, j, word); break; }
        row->indicator_id = j->ind.i.id;
        row->unit_id = j->unit.id;
        util_copy(row->period_code, sizeof row->period_code, j->period.code);
    }
    free(j);
    if (!ok || im->n < 2) return ok;
    struct import_row **order = malloc(im->n * sizeof *order);
    if (!order) return import_fail(im, 500, NULL, "out of memory");
    for (size_t i = 0; i < im->n; i++) order[i] = &im->rows[i];
    qsort(order, im->n, sizeof *order, same_key);
    for (size_t i = 1; ok && i < im->n; i++) {
        const struct import_row *a = order[i - 1], *b = order[i];
        if (a->indicator_id == b->indicator_id && a->unit_id == b->unit_id &&
            !strcmp(a->period_code, b->period_code)) {
            char field[32];
            snprintf(field, sizeof field, "rows[%zu]", (size_t)(b - im->rows));
            ok = import_fail(im, 400, field, "%s %ld repeats %s of %s for %s from %s %ld", word,
                             b->line, b->indicator, b->unit, b->period_code, word, a->line);
        }
    }
    free(order);
    return ok;
}

static void found_value(void *ctx, const struct ivalue *v)
{
    (void)v;
    *(bool *)ctx = true;
}

struct import_tx { struct import *im; const char *word; struct value_job *j; };

/* Applies every row; conflicts (an approved form) are collected into the message and fail the
 * transaction after all rows have been tried. */
static enum store_rc import_write(struct store *st, void *ctx)
{
    struct import_tx *t = ctx;
    struct import *im = t->im;
    im->created = im->updated = im->conflicts = 0;
    im->status = 0;
    size_t used = 0;
    enum store_rc result = ST_OK;
    for (size_t i = 0; i < im->n; i++) {
        struct import_row *row = &im->rows[i];
        fill_input(t->j, row);
        if (!value_prepare(st, &im->r->who, t->j)) {
            row_fail(im, i, t->j, t->word);
            return ST_ERROR;
        }
        bool had = false;
        enum store_rc rc = st->value_get(st, row->indicator_id, row->unit_id, row->period_code,
                                         found_value, &had);
        if (rc != ST_OK && rc != ST_NOT_FOUND) return rc;
        rc = value_apply(st, auth_actor(im->r), t->j);
        json_decref(t->j->current);
        t->j->current = NULL;
        if (rc == ST_CONFLICT && t->j->status) {
            if (++im->conflicts == 1) {
                snprintf(im->field, sizeof im->field, "rows[%zu].%s", i,
                         t->j->field ? t->j->field : "period");
                used = (size_t)snprintf(im->message, sizeof im->message,
                                        "nothing was imported:");
            }
            if (im->conflicts <= IO_CONFLICTS_LISTED && used < sizeof im->message)
                used += (size_t)snprintf(im->message + used, sizeof im->message - used,
                                         " %s %ld: %s;", t->word, row->line, t->j->message);
            result = ST_CONFLICT;
            continue;
        }
        if (rc != ST_OK) return rc;
        row->existed = had;
        util_copy(row->flags, sizeof row->flags, t->j->flags);
        had ? im->updated++ : im->created++;
    }
    if (im->conflicts) {
        if (im->conflicts > IO_CONFLICTS_LISTED && used < sizeof im->message)
            snprintf(im->message + used, sizeof im->message - used, " and %d more rows",
                     im->conflicts - IO_CONFLICTS_LISTED);
        size_t n = strlen(im->message);
        if (n && im->message[n - 1] == ';') im->message[n - 1] = 0;
        im->status = 409;
        im->code = "conflict";
    }
    return result;
}

/* The media type without parameters, lower case. */
static void media_type(const char *header, char out[96])
{
    size_t n = 0;
    for (; header && *header && *header != ';' && n < 95; header++)
        if (*header != ' ') out[n++] = (char)(*header >= 'A' && *header <= 'Z' ? *header + 32
                                                                             : *header);
    out[n] = 0;
}

/* POST /api/v1/values/import: CSV, ADX or XLSX by Content-Type; all rows or none. */
void api_values_import(struct req *r)
{
    char type[96];
    media_type(req_header(r, "Content-Type"), type);
    enum { CSV, ADX, XLSX } format;
    if (!strcmp(type, "text/csv")) format = CSV;
    else if (!strcmp(type, "application/xml") || !strcmp(type, "text/xml") ||
             !strcmp(type, "application/adx+xml"))
        format = ADX;
    else if (!strcmp(type, XLSX_TYPE)) format = XLSX;
    else {
        reply_error(r, 415, "unsupported_media_type", NULL,
                    "send the file itself as text/csv, application/adx+xml (or application/xml) "
                    "or %s", XLSX_TYPE);
        return;
    }
    const char *word = format == XLSX ? "row" : "line";
    struct import im = {.r = r};
    struct csv_table t = {0};
    long *lines = NULL;
    bool ok = format == CSV ? csv_read(&im, &t) : format == ADX ? adx_read(&im)
                                                               : xlsx_read(&im, &t, &lines);
    if (ok && im.n == 0) ok = import_fail(&im, 400, "rows", "the file has no values");
    if (ok) ok = import_check(&im, word);
    struct import_tx tx = {.im = &im, .word = word, .j = ok ? malloc(sizeof *tx.j) : NULL};
    if (ok && !tx.j) ok = import_fail(&im, 500, NULL, "out of memory");
    enum store_rc rc = ok ? store_tx(r->st, import_write, &tx) : ST_OK;
    free(tx.j);
    if (!ok || (rc != ST_OK && im.status)) {
        reply_error(r, im.status, im.code, *im.field ? im.field : NULL, "%s", im.message);
    } else if (rc != ST_OK) {
        reply_store_error(r, rc, "values");
    } else {
        json_t *warnings = json_array();
        for (size_t i = 0; i < im.n; i++) {
            const struct import_row *row = &im.rows[i];
            if (!row->flags[0]) continue;
            json_array_append_new(warnings, json_pack("{s:I, s:s, s:s, s:s, s:o}", "line",
                                                      (json_int_t)row->line, "indicator",
                                                      row->indicator, "unit", row->unit,
                                                      "period", row->period_code, "warnings",
                                                      value_warnings(row->flags)));
        }
        reply_json(r, 200, json_pack("{s:i, s:i, s:i, s:o}", "imported", im.created + im.updated,
                                     "created", im.created, "updated", im.updated, "warnings",
                                     warnings));
    }
    free(im.rows);
    free(lines);
    if (t.header) csv_table_free(&t);
}

/* end of api_values_io.c */
