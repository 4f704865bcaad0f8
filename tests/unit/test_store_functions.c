/* Every function of struct store (store.h) is filled by both backends: a NULL entry would
 * crash the first request that needs it, on that backend only. The names come from store.h
 * itself, so a failure names the missing function. */
#include "check.h"
#include "store/store.h"

#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#define NAMES_MAX 256

/* The member names of struct store's function pointers, in declaration order. */
static int store_names(char names[][64], int cap)
{
    FILE *f = fopen("src/store/store.h", "r");
    if (!f) return -1;
    static char buf[65536];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    char *p = strstr(buf, "\nstruct store {");
    char *end = p ? strstr(p, "void *impl;") : NULL;
    if (!end) return -1;
    /* A member starts a line indented by four spaces; deeper lines continue one (and may
     * hold a function pointer parameter, like rollup_series's). */
    int n = 0;
    for (char *line = strchr(p + 1, '\n'); line && line < end; line = strchr(line + 1, '\n')) {
        char *q = line + 1;
        if (strncmp(q, "    ", 4) != 0 || q[4] == ' ' || q[4] == '/') continue;
        char *eol = strchr(q, '\n');
        char *star = strstr(q, "(*");
        if (!star || (eol && star > eol)) continue;
        star += 2;
        size_t k = strcspn(star, ")");
        if (n < cap && k < 64) {
            memcpy(names[n], star, k);
            names[n][k] = '\0';
        }
        n++;
    }
    return n;
}

static const char *name_at(char names[][64], int n, int i)
{
    return i >= 0 && i < n ? names[i] : "?";
}

int main(void)
{
    static char names[NAMES_MAX][64];
    int n = store_names(names, NAMES_MAX);
    int slots = (int)((offsetof(struct store, impl) - offsetof(struct store, begin)) /
                      sizeof(void (*)(void)));
    CHECK(n == slots, "store.h names %d functions, struct store holds %d", n, slots);
    CHECK(n > 0 && strcmp(names[0], "begin") == 0, "the first function is %s",
          n > 0 ? names[0] : "none");

    /* SQLite: a real store on a new file. */
    char path[] = "/tmp/nq57-store-functions-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd >= 0) close(fd);
    char err[256] = "";
    struct store *sq = store_sqlite_open(path, err, sizeof err);
    CHECK(sq != NULL, "%s", err);
    if (sq) {
        int missing = store_missing_function(sq);
        CHECK(missing < 0, "the SQLite backend lacks %s", name_at(names, n, missing));
        sq->close(sq);
    }
    unlink(path);

    /* PostgreSQL: the table store_pg_open() copies (no server needed). */
    const struct store *pg = store_pg_functions();
    int missing = store_missing_function(pg);
    CHECK(missing < 0, "the PostgreSQL backend lacks %s", name_at(names, n, missing));
    CHECK_STR(pg->backend, "postgres");

    /* The check finds a hole, and names it right: the last function and the first. */
    struct store copy = *pg;
    copy.report_owed = NULL;
    missing = store_missing_function(&copy);
    CHECK_STR(name_at(names, n, missing), "report_owed");
    copy = *pg;
    copy.begin = NULL;
    CHECK_STR(name_at(names, n, store_missing_function(&copy)), "begin");
    copy = *pg;
    copy.generation = NULL;
    CHECK_STR(name_at(names, n, store_missing_function(&copy)), "generation");
    return check_done("store_functions");
}
