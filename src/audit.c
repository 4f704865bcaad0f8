#include "audit.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each field enters the hash as "<length>:<bytes>;" so that no two different rows can produce
 * the same input by moving text between fields. NULL is "-;". */
static void feed(crypto_hash_sha256_state *h, const char *s)
{
    if (!s) {
        crypto_hash_sha256_update(h, (const unsigned char *)"-;", 2);
        return;
    }
    char len[24];
    int n = snprintf(len, sizeof len, "%zu:", strlen(s));
    crypto_hash_sha256_update(h, (const unsigned char *)len, (unsigned long long)n);
    crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s));
    crypto_hash_sha256_update(h, (const unsigned char *)";", 1);
}

void audit_hash(const struct audit_entry *e, char out[HASH_HEX])
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)e->id);
    feed(&h, e->prev_hash);
    feed(&h, id);
    feed(&h, e->at);
    feed(&h, e->actor);
    feed(&h, e->action);
    feed(&h, e->entity);
    feed(&h, e->entity_id);
    feed(&h, e->before_json);
    feed(&h, e->after_json);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, digest);
    util_hex(digest, sizeof digest, out);
}

enum store_rc audit_append(struct store *st, const char *actor, const char *action,
                           const char *entity, const char *entity_id, json_t *before,
                           json_t *after)
{
    struct audit_entry e = {0};
    int64_t last_id;
    enum store_rc rc = st->audit_last(st, &last_id, e.prev_hash);
    if (rc == ST_NOT_FOUND) {
        memcpy(e.prev_hash, AUDIT_GENESIS, HASH_HEX);
        last_id = 0;
    } else if (rc != ST_OK) {
        return rc;
    }
    char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *a = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    /* Writers are serialised (one write transaction at a time), so the next id is known. */
    e.id = last_id + 1;
    util_now_iso(e.at);
    e.actor = actor;
    e.action = action;
    e.entity = entity;
    e.entity_id = entity_id;
    e.before_json = b;
    e.after_json = a;
    audit_hash(&e, e.hash);
    int64_t expected = e.id;
    rc = st->audit_insert(st, &e);
    if (rc == ST_OK && e.id != expected) {
        util_log("error", "msg=\"audit id mismatch\" expected=%lld got=%lld",
                 (long long)expected, (long long)e.id);
        rc = ST_ERROR;
    }
    free(b);
    free(a);
    return rc;
}

struct verify_ctx {
    struct audit_verdict *v;
    char prev[HASH_HEX];
    int64_t prev_id;
};

static int verify_row(void *ctx, const struct audit_entry *e)
{
    struct verify_ctx *c = ctx;
    c->v->checked++;
    char expect[HASH_HEX];
    if (e->id != c->prev_id + 1) {
        snprintf(c->v->reason, sizeof c->v->reason, "row %lld follows row %lld: rows missing",
                 (long long)e->id, (long long)c->prev_id);
    } else if (strcmp(e->prev_hash, c->prev) != 0) {
        snprintf(c->v->reason, sizeof c->v->reason,
                 "row %lld does not point at the hash of the row before it", (long long)e->id);
    } else {
        audit_hash(e, expect);
        if (strcmp(expect, e->hash) == 0) {
            memcpy(c->prev, e->hash, HASH_HEX);
            c->prev_id = e->id;
            return 0;
        }
        snprintf(c->v->reason, sizeof c->v->reason,
                 "row %lld was changed after it was written (its hash does not match)",
                 (long long)e->id);
    }
    c->v->ok = false;
    c->v->first_broken = e->id;
    return 1;
}

enum store_rc audit_verify(struct store *st, struct audit_verdict *v)
{
    *v = (struct audit_verdict){.ok = true};
    struct verify_ctx c = {.v = v, .prev_id = 0};
    memcpy(c.prev, AUDIT_GENESIS, HASH_HEX);
    return st->audit_scan(st, verify_row, &c);
}
