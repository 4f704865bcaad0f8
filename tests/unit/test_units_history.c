/* The unit tree's history through the storage interface: as-of reads, renames, moves (with the
 * descendants' scope paths following), merges and splits, and search without diacritics. */
#include "check.h"
#include "store/store.h"
#include "text.h"

#include <stdlib.h>
#include <unistd.h>

static struct store *st;

static int64_t add(const char *code, const char *name, const char *parent, const char *from)
{
    struct unit u = {0};
    snprintf(u.code, sizeof u.code, "%s", code);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.kind, sizeof u.kind, "other");
    snprintf(u.valid_from, sizeof u.valid_from, "%s", from);
    if (parent) {
        struct unit p;
        if (st->unit_get(st, parent, NULL, &p) != ST_OK) exit(2);
        u.parent_id = p.id;
    }
    if (st->unit_insert(st, &u) != ST_OK) exit(2);
    return u.id;
}

static const char *name_on(const char *code, const char *date, struct unit *u)
{
    return st->unit_get(st, code, date, u) == ST_OK ? u->name : "(none)";
}

struct names { char buf[512]; int n; };
static void collect(void *ctx, const struct unit *u)
{
    struct names *n = ctx;
    size_t len = strlen(n->buf);
    snprintf(n->buf + len, sizeof n->buf - len, "%s%s", n->n++ ? "," : "", u->code);
}

static const char *children(const char *code, const char *date)
{
    static struct names n;
    memset(&n, 0, sizeof n);
    struct unit u;
    st->unit_get(st, code, NULL, &u);
    st->unit_children(st, u.id, date, false, collect, &n);
    return n.buf;
}

static const char *search(const char *q, const char *date)
{
    static struct names n;
    memset(&n, 0, sizeof n);
    char *folded = text_fold(q);
    struct unit_query uq = {.folded = folded, .as_of = date, .limit = 50};
    st->unit_search(st, &uq, collect, &n);
    free(folded);
    return n.buf;
}

int main(void)
{
    char path[] = "/tmp/nq57-units-XXXXXX";
    close(mkstemp(path));
    char err[200];
    st = store_open(path, err, sizeof err);
    int applied;
    if (!st || st->migrate(st, &applied) != ST_OK) return 2;
    st->begin(st);
    add("VN", "Cả nước", NULL, "1945-09-02");
    add("OLD-A", "Tỉnh Hà Giang", "VN", "1991-10-01");
    add("OLD-B", "Tỉnh Tuyên Quang", "VN", "1991-10-01");
    add("B-X", "Xã Đồng Tâm", "OLD-B", "2000-01-01");
    add("NEW", "Tỉnh Tuyên Quang", "VN", "2025-07-01");
    st->commit(st);
    struct unit u, a, b, n;
    st->unit_get(st, "OLD-A", NULL, &a);
    st->unit_get(st, "OLD-B", NULL, &b);
    st->unit_get(st, "NEW", NULL, &n);

    /* Move the commune to the new province from 1/7/2025, then merge the two old provinces. */
    st->begin(st);
    struct unit x;
    st->unit_get(st, "B-X", NULL, &x);
    CHECK(st->unit_revise(st, x.id, "2025-07-01", "Xã Đồng Tâm", "other", n.id) == ST_OK,
          "move");
    int64_t succ[] = {n.id};
    CHECK(st->unit_close(st, a.id, "2025-06-30", "merged", succ, 1) == ST_OK, "close A");
    CHECK(st->unit_close(st, b.id, "2025-06-30", "merged", succ, 1) == ST_OK, "close B");
    st->commit(st);

    CHECK_STR(children("VN", "2025-06-01"), "OLD-A,OLD-B");
    CHECK_STR(children("VN", "2025-07-01"), "NEW");
    CHECK_STR(children("OLD-B", "2025-06-30"), "B-X");
    CHECK_STR(children("OLD-B", "2025-07-01"), "");
    CHECK_STR(children("NEW", "2025-07-01"), "B-X");
    CHECK_STR(children("NEW", "2025-06-30"), "");
    CHECK(st->unit_get(st, "NEW", "2025-06-30", &u) == ST_NOT_FOUND, "new province not yet");
    CHECK(st->unit_get(st, "OLD-A", "2025-07-01", &u) == ST_NOT_FOUND, "old province gone");
    CHECK(st->unit_get(st, "OLD-A", NULL, &u) == ST_OK && strcmp(u.valid_to, "2025-06-30") == 0,
          "closed unit still found by code");
    /* Scope path follows the move: the commune is now below NEW. */
    st->unit_get(st, "B-X", NULL, &u);
    CHECK(strncmp(u.path, n.path, strlen(n.path)) == 0, "path %s under %s", u.path, n.path);

    /* Rename with an effective date: the old name stays visible before it. */
    st->begin(st);
    st->unit_get(st, "B-X", NULL, &u);
    CHECK(st->unit_revise(st, u.id, "2026-01-01", "Phường Đồng Tâm", "other", n.id) == ST_OK,
          "rename");
    st->commit(st);
    CHECK_STR(name_on("B-X", "2025-12-31", &u), "Xã Đồng Tâm");
    CHECK_STR(name_on("B-X", "2026-01-01", &u), "Phường Đồng Tâm");
    CHECK_STR(name_on("B-X", "2010-05-05", &u), "Xã Đồng Tâm");

    /* Search folds diacritics and đ, and respects the date. */
    CHECK_STR(search("ha giang", "2025-06-01"), "OLD-A");
    CHECK_STR(search("ha giang", "2025-07-01"), "");
    CHECK_STR(search("tuyen quang", "2025-06-01"), "OLD-B");
    CHECK_STR(search("tuyen quang", "2025-08-01"), "NEW");
    CHECK_STR(search("dong tam", "2025-12-01"), "B-X");
    CHECK_STR(search("PHUONG DONG", "2026-02-01"), "B-X");
    CHECK_STR(search("50%_", "2026-02-01"), "");

    int active;
    st->unit_active_children(st, n.id, "2025-07-01", &active);
    CHECK(active == 1, "NEW has 1 active child, got %d", active);

    st->close(st);
    unlink(path);
    return check_done("unit history");
}
