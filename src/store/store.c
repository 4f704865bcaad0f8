/* Backend selection and the transaction runner shared by every backend. */
#include "store/store.h"
#include "util.h"

#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef void (*any_fn)(void);
static_assert((offsetof(struct store, impl) - offsetof(struct store, begin)) % sizeof(any_fn) == 0,
              "struct store holds only function pointers between begin and impl");

int store_missing_function(const struct store *st)
{
    size_t first = offsetof(struct store, begin), end = offsetof(struct store, impl);
    for (size_t off = first; off < end; off += sizeof(any_fn)) {
        any_fn f;
        memcpy(&f, (const char *)st + off, sizeof f);
        if (!f) return (int)((off - first) / sizeof(any_fn));
    }
    return -1;
}

/* A backend missing a function would crash the first request that needs it: refuse it here. */
struct store *store_open(const char *url, char *err, size_t errlen)
{
    struct store *st = strncmp(url, "postgres://", 11) == 0 ||
                               strncmp(url, "postgresql://", 13) == 0
                           ? store_pg_open(url, err, errlen)
                           : store_sqlite_open(url, err, errlen);
    int missing = st ? store_missing_function(st) : -1;
    if (missing >= 0) {
        snprintf(err, errlen, "the %s backend lacks store function %d of store.h", st->backend,
                 missing);
        st->close(st);
        return NULL;
    }
    return st;
}

enum store_rc store_tx(struct store *st, enum store_rc (*fn)(struct store *st, void *ctx),
                       void *ctx)
{
    enum store_rc rc = ST_BUSY;
    for (int attempt = 0; attempt < 5 && rc == ST_BUSY; attempt++) {
        if (attempt) {
            struct timespec pause = {0, 2000000L << attempt};  /* 4, 8, 16, 32 ms */
            nanosleep(&pause, NULL);
        }
        rc = st->begin(st);
        if (rc != ST_OK) continue;
        rc = fn(st, ctx);
        if (rc == ST_OK) rc = st->commit(st);
        if (rc != ST_OK) st->rollback(st);
    }
    if (rc == ST_BUSY) util_log("warn", "msg=\"transaction gave up after retries\"");
    return rc;
}

bool store_plain_name(const char *s)
{
    if (!*s || strlen(s) > 63) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_' || (p > s && *p >= '0' && *p <= '9')))
            return false;
    return true;
}
