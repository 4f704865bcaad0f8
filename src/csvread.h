/* Reading CSV (RFC 4180) with libcsv into rows addressed by column name. */
#ifndef NQ57_CSVREAD_H
#define NQ57_CSVREAD_H
#include <stdbool.h>
#include <stddef.h>

struct csv_table {
    char **cells;        /* rows * cols cells, each a NUL-terminated string */
    size_t rows, cols;   /* rows excludes the header */
    char **header;
};

/* Parses DATA; returns false with a message in ERR on malformed input or ragged rows. */
bool csv_table_parse(const char *data, size_t len, struct csv_table *t, char *err, size_t cap);
/* Column index of NAME, or -1. */
int csv_col(const struct csv_table *t, const char *name);
/* Cell of ROW and column COL ("" when COL is -1). */
const char *csv_cell(const struct csv_table *t, size_t row, int col);
void csv_table_free(struct csv_table *t);

#endif
