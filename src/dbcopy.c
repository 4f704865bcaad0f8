/* Whole-database copies: see dbcopy.h. */
#include "dbcopy.h"
#include "util.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define HEADER "{\"format\":\"nq57-dump\",\"version\":1}"
#define DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(17))
#define COLS_MAX 64

/* ---- writing ---- */

struct writer {
    FILE *out, *report;
    crypto_hash_sha256_state h;
    char table[64];
    int ncols;
    long rows;
    bool failed;
    char *err;
    size_t errlen;
};

static void put(struct writer *w, const char *s, size_t len)
{
    crypto_hash_sha256_update(&w->h, (const unsigned char *)s, len);
    if (w->out && fwrite(s, 1, len, w->out) != len) w->failed = true;
}
static int put_json(struct writer *w, json_t *j)
{
    char *s = j ? json_dumps(j, DUMP_FLAGS) : NULL;
    json_decref(j);
    if (!s) {
        snprintf(w->err, w->errlen, "table %s, row %ld: a value cannot be written (text that "
                 "is not UTF-8?)", w->table, w->rows);
        return -1;
    }
    put(w, s, strlen(s));
    put(w, "\n", 1);
    free(s);
    if (w->failed) snprintf(w->err, w->errlen, "cannot write the dump");
    return w->failed ? -1 : 0;
}
static void end_table(struct writer *w)
{
    if (w->report && w->table[0]) fprintf(w->report, "%s %ld\n", w->table, w->rows);
}
static int on_table(void *ctx, const char *table, int ncols, const char *const *columns)
{
    struct writer *w = ctx;
    end_table(w);
    util_copy(w->table, sizeof w->table, table);
    w->ncols = ncols;
    w->rows = 0;
    json_t *cols = json_array();
    for (int i = 0; i < ncols; i++) json_array_append_new(cols, json_string(columns[i]));
    return put_json(w, json_pack("{s:s, s:o}", "table", table, "columns", cols));
}
static json_t *cell_json(const struct db_cell *x)
{
    switch (x->kind) {
    case CELL_INT: return json_integer(x->i);
    case CELL_REAL: return json_real(x->d);
    case CELL_TEXT: return json_stringn(x->s, x->len);
    case CELL_BLOB: {
        char *hex = malloc(2 * x->len + 1);
        if (!hex) return NULL;
        sodium_bin2hex(hex, 2 * x->len + 1, (const unsigned char *)x->s, x->len);
        json_t *j = json_pack("{s:s}", "hex", hex);
        free(hex);
        return j;
    }
    default: return json_null();
    }
}
static int on_row(void *ctx, const struct db_cell *cells)
{
    struct writer *w = ctx;
    w->rows++;
    json_t *row = json_array();
    for (int i = 0; i < w->ncols; i++) {
        json_t *v = cell_json(&cells[i]);
        if (!v) { json_decref(row); return put_json(w, NULL); }
        json_array_append_new(row, v);
    }
    return put_json(w, row);
}
static void hash_hex(crypto_hash_sha256_state *h, char hex[DBCOPY_HASH_HEX])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(h, d);
    sodium_bin2hex(hex, DBCOPY_HASH_HEX, d, sizeof d);
}

int dbcopy_export(struct store *st, FILE *out, FILE *report, char hash[DBCOPY_HASH_HEX],
                  char *err, size_t errlen)
{
    struct writer w = {.out = out, .report = report, .err = err, .errlen = errlen};
    crypto_hash_sha256_init(&w.h);
    snprintf(err, errlen, "the database could not be read (see the log)");
    put(&w, HEADER "\n", strlen(HEADER) + 1);
    enum store_rc rc = st->dump(st, on_table, on_row, &w);
    if (rc != ST_OK || w.failed) return -1;
    end_table(&w);
    hash_hex(&w.h, hash);
    return 0;
}

/* ---- reading ---- */

struct reader {
    FILE *in, *report;
    long line_no, rows;
    char table[64];
    int ncols;
    char *err;
    size_t errlen;
};

/* One row's cells from its JSON array (strings point into ROW; blobs are decoded into
 * BLOBS[i], freed by the caller). */
static bool row_cells(struct reader *r, json_t *row, struct db_cell *cells, unsigned char **blobs)
{
    if (!json_is_array(row) || (int)json_array_size(row) != r->ncols) {
        snprintf(r->err, r->errlen, "line %ld: a row of %d values was expected", r->line_no,
                 r->ncols);
        return false;
    }
    for (int i = 0; i < r->ncols; i++) {
        json_t *v = json_array_get(row, (size_t)i);
        struct db_cell *x = &cells[i];
        *x = (struct db_cell){.kind = CELL_NULL};
        if (json_is_integer(v)) {
            x->kind = CELL_INT;
            x->i = json_integer_value(v);
        } else if (json_is_real(v)) {
            x->kind = CELL_REAL;
            x->d = json_real_value(v);
        } else if (json_is_string(v)) {
            x->kind = CELL_TEXT;
            x->s = json_string_value(v);
            x->len = json_string_length(v);
        } else if (json_is_object(v) && json_is_string(json_object_get(v, "hex"))) {
            const char *hex = json_string_value(json_object_get(v, "hex"));
            size_t n = strlen(hex) / 2;
            blobs[i] = malloc(n + 1);
            if (!blobs[i] || sodium_hex2bin(blobs[i], n + 1, hex, strlen(hex), NULL, &x->len,
                                            NULL) != 0) {
                snprintf(r->err, r->errlen, "line %ld: value %d is not hex", r->line_no, i + 1);
                return false;
            }
            x->kind = CELL_BLOB;
            x->s = (const char *)blobs[i];
        } else if (!json_is_null(v)) {
            snprintf(r->err, r->errlen, "line %ld: value %d is of no known kind", r->line_no,
                     i + 1);
            return false;
        }
    }
    return true;
}

static enum store_rc end_load(struct store *st, struct reader *r)
{
    if (!r->table[0]) return ST_OK;
    enum store_rc rc = st->load_end(st);
    if (rc == ST_OK && r->report) fprintf(r->report, "%s %ld\n", r->table, r->rows);
    return rc;
}

/* A table line: ends the table before, begins this one. */
static enum store_rc begin_load(struct store *st, struct reader *r, json_t *j)
{
    json_t *cols = json_object_get(j, "columns");
    const char *table = json_string_value(json_object_get(j, "table"));
    size_t n = json_array_size(cols);
    if (!table || !n || n > COLS_MAX) {
        snprintf(r->err, r->errlen, "line %ld: a table line needs table and columns", r->line_no);
        return ST_ERROR;
    }
    enum store_rc rc = end_load(st, r);
    if (rc != ST_OK) return rc;
    const char *names[COLS_MAX];
    for (size_t i = 0; i < n; i++) {
        names[i] = json_string_value(json_array_get(cols, i));
        if (!names[i]) {
            snprintf(r->err, r->errlen, "line %ld: column names are strings", r->line_no);
            return ST_ERROR;
        }
    }
    util_copy(r->table, sizeof r->table, table);
    r->ncols = (int)n;
    r->rows = 0;
    rc = st->load_begin(st, table, (int)n, names);
    if (rc == ST_NOT_FOUND)
        snprintf(r->err, r->errlen, "line %ld: table %s (or one of its columns) is not in this "
                 "database's schema", r->line_no, table);
    return rc;
}

static enum store_rc load_all(struct store *st, void *ctx)
{
    struct reader *r = ctx;
    rewind(r->in);                  /* store_tx() may run this again */
    r->line_no = 0;
    r->table[0] = '\0';
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    enum store_rc rc = ST_OK;
    snprintf(r->err, r->errlen, "the database refused the data (see the log)");
    while (rc == ST_OK && (len = getline(&line, &cap, r->in)) > 0) {
        r->line_no++;
        json_error_t je;
        json_t *j = json_loadb(line, (size_t)len, 0, &je);
        if (!j) {
            snprintf(r->err, r->errlen, "line %ld: %s", r->line_no, je.text);
            rc = ST_ERROR;
        } else if (r->line_no == 1) {
            const char *format = json_string_value(json_object_get(j, "format"));
            if (!format || strcmp(format, "nq57-dump") != 0 ||
                json_integer_value(json_object_get(j, "version")) != 1) {
                snprintf(r->err, r->errlen, "line 1: not an nq57 dump (version 1)");
                rc = ST_ERROR;
            }
        } else if (json_is_object(j)) {
            rc = begin_load(st, r, j);
        } else if (!r->table[0]) {
            snprintf(r->err, r->errlen, "line %ld: a row before any table line", r->line_no);
            rc = ST_ERROR;
        } else {
            struct db_cell cells[COLS_MAX];
            unsigned char *blobs[COLS_MAX] = {0};
            rc = row_cells(r, j, cells, blobs) ? st->load_row(st, cells) : ST_ERROR;
            for (int i = 0; i < r->ncols; i++) free(blobs[i]);
            r->rows++;
        }
        json_decref(j);
    }
    free(line);
    if (rc == ST_OK && r->line_no == 0) {
        snprintf(r->err, r->errlen, "the file is empty");
        rc = ST_ERROR;
    }
    if (rc == ST_OK) rc = end_load(st, r);
    return rc;
}

/* ---- schema versions ---- */

/* The migrations a dump or a database records (its schema_migrations rows), as a list
 * "1,2,3,". */
struct versions { char list[512]; bool in_table; };
static int versions_table(void *ctx, const char *table, int ncols, const char *const *columns)
{
    struct versions *v = ctx;
    v->in_table = strcmp(table, "schema_migrations") == 0 && ncols > 0 &&
                  strcmp(columns[0], "version") == 0;
    return 0;
}
static int versions_row(void *ctx, const struct db_cell *cells)
{
    struct versions *v = ctx;
    size_t n = strlen(v->list);
    if (v->in_table && cells[0].kind == CELL_INT && n + 24 < sizeof v->list)
        snprintf(v->list + n, sizeof v->list - n, "%lld,", (long long)cells[0].i);
    return 0;
}
/* Reads the schema_migrations rows of the dump IN (its first table). */
static void dump_versions(FILE *in, struct versions *v)
{
    rewind(in);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    for (long no = 1; (len = getline(&line, &cap, in)) > 0; no++) {
        json_t *j = json_loadb(line, (size_t)len, 0, NULL);
        bool table = json_is_object(j) && no > 1;
        if (table && v->in_table) { json_decref(j); break; }
        if (table) {
            const char *name = json_string_value(json_object_get(j, "table"));
            v->in_table = name && strcmp(name, "schema_migrations") == 0;
        } else if (v->in_table && json_is_array(j)) {
            json_t *version = json_array_get(j, 0);
            struct db_cell c = {.kind = json_is_integer(version) ? CELL_INT : CELL_NULL,
                                .i = json_integer_value(version)};
            versions_row(v, &c);
        }
        json_decref(j);
    }
    free(line);
}

int dbcopy_import(struct store *st, FILE *in, FILE *report, char hash[DBCOPY_HASH_HEX],
                  char *err, size_t errlen)
{
    struct reader r = {.in = in, .report = report, .err = err, .errlen = errlen};
    /* The dump and the database must be of the same schema: a dump of an older one would
     * leave the newer tables' rows as the migrations made them, beside rows that predate them. */
    struct versions mine = {"", false}, theirs = {"", false};
    if (st->dump(st, versions_table, versions_row, &mine) != ST_OK) {
        snprintf(err, errlen, "the database could not be read (see the log)");
        return -1;
    }
    dump_versions(in, &theirs);
    if (strcmp(mine.list, theirs.list) != 0) {
        snprintf(err, errlen, "the dump has the migrations %s this database %s: load it with "
                 "the nq57 release that wrote it, then upgrade", *theirs.list ? theirs.list
                 : "(none) ", mine.list);
        return -1;
    }
    if (store_tx(st, load_all, &r) != ST_OK) return -1;
    /* The file's hash, and the hash of what the database now dumps: the same bytes. */
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    rewind(in);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        crypto_hash_sha256_update(&h, (const unsigned char *)buf, n);
    hash_hex(&h, hash);
    char again[DBCOPY_HASH_HEX];
    if (dbcopy_export(st, NULL, NULL, again, err, errlen) != 0) return -1;
    if (strcmp(again, hash) != 0) {
        snprintf(err, errlen, "the database holds the rows now, but dumps otherwise than the "
                 "file (sha256 %s, the file's %s): a value changed on the way", again, hash);
        return -1;
    }
    return 0;
}
