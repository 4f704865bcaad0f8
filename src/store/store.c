/* Backend selection and the transaction runner shared by every backend. */
#include "store/store.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

struct store *store_open(const char *url, char *err, size_t errlen)
{
    if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0)
        return store_pg_open(url, err, errlen);
    return store_sqlite_open(url, err, errlen);
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
