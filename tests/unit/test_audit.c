/* The audit hash chain: an intact chain verifies; editing, deleting or inserting a row is found
 * at that row. Runs against a real SQLite file through the storage interface, and tampers with
 * it behind the program's back with plain SQL. */
#include "audit.h"
#include "check.h"
#include "store/store.h"

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

static char path[] = "/tmp/nq57-audit-XXXXXX";

static struct store *open_fresh(void)
{
    char err[200];
    struct store *st = store_open(path, err, sizeof err);
    if (!st) { fprintf(stderr, "%s\n", err); exit(2); }
    int applied;
    if (st->migrate(st, &applied) != ST_OK) exit(2);
    return st;
}

struct append_ctx { int i; };
static enum store_rc append(struct store *st, void *ctx)
{
    struct append_ctx *c = ctx;
    json_t *before = c->i ? json_pack("{s:i}", "n", c->i - 1) : NULL;
    json_t *after = json_pack("{s:i, s:s}", "n", c->i, "name", "Hà Nội");
    char id[16];
    snprintf(id, sizeof id, "%d", c->i);
    enum store_rc rc = audit_append(st, "tester", "update", "unit", id, before, after);
    json_decref(before);
    json_decref(after);
    return rc;
}

static void sql(const char *stmt)
{
    sqlite3 *db;
    sqlite3_open(path, &db);
    char *msg = NULL;
    if (sqlite3_exec(db, stmt, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "sql: %s\n", msg);
        exit(2);
    }
    sqlite3_close(db);
}

static struct audit_verdict verify(void)
{
    struct store *st = open_fresh();
    struct audit_verdict v;
    CHECK(audit_verify(st, &v) == ST_OK, "verify runs");
    st->close(st);
    return v;
}

int main(void)
{
    if (sodium_init() < 0) return 2;
    int fd = mkstemp(path);
    close(fd);
    struct store *st = open_fresh();
    for (int i = 0; i < 10; i++) {
        struct append_ctx c = {i};
        CHECK(store_tx(st, append, &c) == ST_OK, "append %d", i);
    }
    st->close(st);

    struct audit_verdict v = verify();
    CHECK(v.ok && v.checked == 10, "intact chain of 10 verifies (checked %ld)", v.checked);

    /* Edit a value in row 4: found at row 4. */
    sql("UPDATE audit_log SET after_json = '{\"n\":400}' WHERE id = 4");
    v = verify();
    CHECK(!v.ok && v.first_broken == 4, "edited row 4 found at %lld", (long long)v.first_broken);

    /* Recomputing the edited row's own hash does not help: row 5 no longer links to it. */
    sql("UPDATE audit_log SET hash = 'x' WHERE id = 4");
    v = verify();
    CHECK(!v.ok && v.first_broken == 4, "rehashed row still found (%lld)",
          (long long)v.first_broken);

    /* A fresh chain, then delete a middle row: found where the gap is. */
    unlink(path);
    st = open_fresh();
    for (int i = 0; i < 6; i++) {
        struct append_ctx c = {i};
        store_tx(st, append, &c);
    }
    st->close(st);
    sql("DELETE FROM audit_log WHERE id = 3");
    v = verify();
    CHECK(!v.ok && v.first_broken == 4, "deleted row 3 found at %lld",
          (long long)v.first_broken);

    /* Change who did it: found. */
    unlink(path);
    st = open_fresh();
    for (int i = 0; i < 3; i++) {
        struct append_ctx c = {i};
        store_tx(st, append, &c);
    }
    st->close(st);
    sql("UPDATE audit_log SET actor = 'someone-else' WHERE id = 2");
    v = verify();
    CHECK(!v.ok && v.first_broken == 2, "changed actor found at %lld",
          (long long)v.first_broken);
    CHECK(strstr(v.reason, "changed") != NULL, "reason says the row changed: %s", v.reason);

    /* The hash covers every field: the same row with one field moved hashes differently. */
    struct audit_entry a = {.id = 1, .at = "2025-01-01T00:00:00Z", .actor = "ab", .action = "c",
                            .entity = "unit", .entity_id = "1", .before_json = NULL,
                            .after_json = "{}", .prev_hash = AUDIT_GENESIS};
    struct audit_entry b = a;
    b.actor = "a";
    b.action = "bc";
    char ha[HASH_HEX], hb[HASH_HEX];
    audit_hash(&a, ha);
    audit_hash(&b, hb);
    CHECK(strcmp(ha, hb) != 0, "moving text between fields changes the hash");

    unlink(path);
    return check_done("audit chain");
}
