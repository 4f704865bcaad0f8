/* Whole-database copies between backends (nq57 export, nq57 import db): a dump is a text file
 * of JSON lines, one header, then for each table a line {"table", "columns"} followed by one
 * JSON array per row (text as strings, integers and flags as integers, reals as numbers, blobs
 * as {"hex": ...}), rows in the order of every column. Two databases holding the same rows
 * dump to the same bytes, whatever their backend. */
#ifndef NQ57_DBCOPY_H
#define NQ57_DBCOPY_H
#include "store/store.h"

#include <stdio.h>

#define DBCOPY_HASH_HEX 65

/* Writes ST's dump to OUT (NULL: only hashes it); prints "TABLE ROWS" per table to REPORT
 * (NULL: none); HASH receives the SHA-256 of the dump in hex. 0, or -1 with a message. */
int dbcopy_export(struct store *st, FILE *out, FILE *report, char hash[DBCOPY_HASH_HEX],
                  char *err, size_t errlen);

/* Loads the dump IN into ST (migrated, holding no units yet, with the same migrations as the
 * dump records) in one transaction, prints the row counts to REPORT, then dumps ST again and
 * checks that it gives the same bytes: 0, or -1 with a message (nothing loaded when the load
 * failed). HASH receives the dump's SHA-256. */
int dbcopy_import(struct store *st, FILE *in, FILE *report, char hash[DBCOPY_HASH_HEX],
                  char *err, size_t errlen);

#endif
