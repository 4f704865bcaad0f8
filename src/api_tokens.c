/* /api/v1/tokens: API tokens for machine clients, each scoped to a unit and a role. */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "util.h"
#include "views.h"

#include <stdlib.h>
#include <string.h>

/* A caller sees and manages tokens it owns whose unit is inside its own scope: a token
 * restricted to a unit cannot reach its owner's tokens for other units. Admins see all. */
static bool may_manage(const struct principal *who, const struct api_token *t)
{
    if (who->role & ROLE_ADMIN) return true;
    return t->owner_id == who->user_id && auth_in_scope(who, t->unit_path);
}

struct token_list_ctx { const struct principal *who; json_t *items; };
static void collect_token(void *ctx, const struct api_token *t)
{
    struct token_list_ctx *c = ctx;
    if (may_manage(c->who, t)) json_array_append_new(c->items, view_token(t));
}

void api_tokens_list(struct req *r)
{
    struct token_list_ctx c = {&r->who, json_array()};
    json_t *items = c.items;
    int64_t owner = (r->who.role & ROLE_ADMIN) ? 0 : r->who.user_id;
    enum store_rc rc = r->st->token_list(r->st, owner, collect_token, &c);
    if (rc != ST_OK) {
        json_decref(items);
        reply_store_error(r, rc, "tokens");
        return;
    }
    reply_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

struct token_write { const char *actor, *hash; struct api_token t; bool revoke; };
static enum store_rc token_write(struct store *st, void *ctx)
{
    struct token_write *w = ctx;
    enum store_rc rc;
    if (w->revoke) {
        char now[ISO_TIME_LEN];
        util_now_iso(now);
        json_t *before = view_token(&w->t);
        rc = st->token_revoke(st, w->t.id, now);
        if (rc == ST_OK) rc = st->token_get(st, w->t.id, &w->t);
        json_t *after = view_token(&w->t);
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)w->t.id);
        if (rc == ST_OK) rc = audit_append(st, w->actor, "revoke", "token", id, before, after);
        json_decref(before);
        json_decref(after);
        return rc;
    }
    rc = st->token_insert(st, w->hash, &w->t);
    if (rc == ST_OK) rc = st->token_get(st, w->t.id, &w->t);
    if (rc != ST_OK) return rc;
    json_t *after = view_token(&w->t);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)w->t.id);
    rc = audit_append(st, w->actor, "create", "token", id, NULL, after);
    json_decref(after);
    return rc;
}

/* Creates a token for OWNER; shared with `nq57 token add`. Writes the secret into SECRET. */
enum store_rc token_create(struct store *st, const char *actor, int64_t owner_id,
                           const struct unit *unit, const char *role, const char *name,
                           const char *expires_at, char *secret, size_t cap,
                           struct api_token *out)
{
    char random[64];
    auth_random(random, sizeof random, 32);
    snprintf(secret, cap, "nq57_%s", random);
    char hash[65];
    auth_sha256_hex(secret, hash);
    struct token_write w = {.actor = actor, .hash = hash};
    util_copy(w.t.name, sizeof w.t.name, name);
    w.t.owner_id = owner_id;
    w.t.unit_id = unit->id;
    util_copy(w.t.role, sizeof w.t.role, role);
    util_now_iso(w.t.created_at);
    util_copy(w.t.expires_at, sizeof w.t.expires_at, expires_at ? expires_at : "");
    enum store_rc rc = store_tx(st, token_write, &w);
    if (rc == ST_OK) *out = w.t;
    return rc;
}

void api_tokens_create(struct req *r)
{
    const char *name, *unit, *role, *expires;
    struct field_spec spec[] = {
        {"name", F_STRING, true, 200, &name},
        {"unit", F_STRING, true, CODE_MAX - 1, &unit},
        {"role", F_STRING, true, 24, &role},
        {"expires_at", F_DATE, false, 10, &expires},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (!auth_role_bit(role)) {
        reply_error(r, 400, "validation_failed", "role", "role must be one of: %s",
                    auth_role_list());
        return;
    }
    if (!(r->who.role & ROLE_ADMIN) && strcmp(role, r->who.role_name) != 0) {
        reply_error(r, 403, "forbidden", "role", "a token can only carry your own role (%s)",
                    r->who.role_name);
        return;
    }
    struct unit u;
    enum store_rc rc = r->st->unit_get(r->st, unit, NULL, &u);
    if (rc != ST_OK) {
        reply_error(r, 400, "validation_failed", "unit", "no unit %s", unit);
        return;
    }
    if (!auth_require_scope(r, &u)) return;
    char expires_at[ISO_TIME_LEN] = "";
    if (expires) {
        char today[ISO_DATE_LEN];
        util_today(today);
        if (strcmp(expires, today) <= 0) {
            reply_error(r, 400, "validation_failed", "expires_at",
                        "expires_at must be a future date");
            return;
        }
        snprintf(expires_at, sizeof expires_at, "%sT00:00:00Z", expires);
    }
    char secret[96];
    struct api_token t;
    rc = token_create(r->st, auth_actor(r), r->who.user_id, &u, role, name,
                      expires ? expires_at : NULL, secret, sizeof secret, &t);
    if (rc != ST_OK) { reply_store_error(r, rc, "token"); return; }
    json_t *body = view_token(&t);
    json_object_set_new(body, "token", json_string(secret));
    reply_json(r, 201, body);
}

void api_token_revoke(struct req *r)
{
    char *end;
    long long id = strtoll(r->param[0], &end, 10);
    if (*end || id <= 0) {
        reply_error(r, 404, "not_found", NULL, "no token %s", r->param[0]);
        return;
    }
    struct token_write w = {.actor = auth_actor(r), .revoke = true};
    enum store_rc rc = r->st->token_get(r->st, id, &w.t);
    if (rc != ST_OK) { reply_store_error(r, rc, "token"); return; }
    if (!may_manage(&r->who, &w.t)) {
        reply_error(r, 403, "forbidden", NULL, "token %lld is not yours to revoke, or is for a "
                    "unit outside your scope", id);
        return;
    }
    rc = store_tx(r->st, token_write, &w);
    if (rc != ST_OK) { reply_store_error(r, rc, "token"); return; }
    reply_empty(r, 204);
}
