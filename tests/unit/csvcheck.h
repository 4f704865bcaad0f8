/* Checks shared by the tests of the bundled data files (test_*_data.c): the CSV format the
 * loaders expect, list membership, NFC text. Include after check.h. */
#ifndef NQ57_CSVCHECK_H
#define NQ57_CSVCHECK_H
#include "csvread.h"
#include "text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Parses RAW (LEN bytes, named PATH in messages) into T, checking the format on the way: no
 * BOM, CRLF at the end of every line, valid UTF-8. */
static bool csv_check_parse(const char *path, const char *raw, size_t len, struct csv_table *t)
{
    CHECK(len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) != 0, "%s has no BOM", path);
    CHECK(len >= 2 && raw[len - 2] == '\r' && raw[len - 1] == '\n', "%s ends with CRLF", path);
    size_t bare = 0;
    for (size_t i = 0; i < len; i++)
        if (raw[i] == '\n' && (i == 0 || raw[i - 1] != '\r')) bare++;
    CHECK(bare == 0, "%s: %zu lines end in LF without CR", path, bare);
    CHECK(text_valid_utf8(raw, len), "%s is valid UTF-8", path);
    char err[200] = "";
    bool ok = csv_table_parse(raw, len, t, err, sizeof err);
    CHECK(ok, "%s parses: %s", path, err);
    return ok;
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(s, list[i])) return true;
    return false;
}
#define IN(s, list) in_list((s), (list), sizeof(list) / sizeof *(list))

/* Whether S is already in Unicode normal form C. */
static bool nfc(const char *s)
{
    char *n = text_nfc(s);
    bool same = n && !strcmp(n, s);
    free(n);
    return same;
}
#endif
