#include "csvread.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct builder {
    char **fields;
    size_t n, cap;
    size_t row_len, first_row_len, rows;
    bool ragged;
};

static void on_field(void *s, size_t len, void *ctx)
{
    struct builder *b = ctx;
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 256;
        b->fields = realloc(b->fields, b->cap * sizeof *b->fields);
    }
    char *f = malloc(len + 1);
    memcpy(f, s, len);
    f[len] = '\0';
    b->fields[b->n++] = f;
    b->row_len++;
}

static void on_row(int c, void *ctx)
{
    (void)c;
    struct builder *b = ctx;
    if (b->rows == 0) b->first_row_len = b->row_len;
    else if (b->row_len != b->first_row_len) b->ragged = true;
    b->rows++;
    b->row_len = 0;
}

bool csv_table_parse(const char *data, size_t len, struct csv_table *t, char *err, size_t cap)
{
    struct csv_parser p;
    struct builder b = {0};
    memset(t, 0, sizeof *t);
    csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
    /* A UTF-8 byte order mark is not part of the first column's name. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { data += 3; len -= 3; }
    if (csv_parse(&p, data, len, on_field, on_row, &b) != len ||
        csv_fini(&p, on_field, on_row, &b) != 0) {
        snprintf(err, cap, "malformed CSV: %s", csv_strerror(csv_error(&p)));
        goto fail;
    }
    if (b.rows == 0) {
        snprintf(err, cap, "empty CSV: a header line is required");
        goto fail;
    }
    if (b.ragged) {
        snprintf(err, cap, "every CSV row must have %zu fields like the header",
                 b.first_row_len);
        goto fail;
    }
    csv_free(&p);
    t->cols = b.first_row_len;
    t->rows = b.rows - 1;
    t->header = b.fields;
    t->cells = b.fields + t->cols;
    return true;
fail:
    csv_free(&p);
    for (size_t i = 0; i < b.n; i++) free(b.fields[i]);
    free(b.fields);
    return false;
}

int csv_col(const struct csv_table *t, const char *name)
{
    for (size_t i = 0; i < t->cols; i++)
        if (strcmp(t->header[i], name) == 0) return (int)i;
    return -1;
}

const char *csv_cell(const struct csv_table *t, size_t row, int col)
{
    return col < 0 ? "" : t->cells[row * t->cols + (size_t)col];
}

void csv_table_free(struct csv_table *t)
{
    for (size_t i = 0; i < (t->rows + 1) * t->cols; i++) free(t->header[i]);
    free(t->header);
    memset(t, 0, sizeof *t);
}
