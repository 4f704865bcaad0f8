/* /api/v1/users: accounts, managed by administrators (the route table allows only admin). */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "text.h"
#include "util.h"
#include "views.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool username_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 64) return false;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '.' &&
            *s != '_' && *s != '-')
            return false;
    return true;
}

struct page { json_t *items; char last[72]; int n; };
static void collect_user(void *ctx, const struct user *u)
{
    struct page *p = ctx;
    json_array_append_new(p->items, view_user(u));
    util_copy(p->last, sizeof p->last, u->username);
    p->n++;
}

void api_users_list(struct req *r)
{
    int limit = req_limit(r);
    if (limit < 0) return;
    const char *after = cursor_decode(r);
    if (req_query(r, "cursor") && !after) return;
    const char *unit = req_query(r, "unit"), *q = req_query(r, "q");
    const char *scope = r->who.national ? NULL : r->who.unit_path;
    struct unit u;
    if (unit) {
        enum store_rc rc = r->st->unit_get(r->st, unit, NULL, &u);
        if (rc != ST_OK) {
            reply_error(r, 400, "validation_failed", "unit", "no unit %s", unit);
            return;
        }
        if (!auth_require_scope(r, &u)) return;
        scope = u.path;
    }
    char *folded = q ? text_fold(q) : NULL;
    struct page p = {json_array(), "", 0};
    enum store_rc rc = r->st->user_list(r->st, scope, folded, after, limit, collect_user, &p);
    free(folded);
    if (rc != ST_OK) {
        json_decref(p.items);
        reply_store_error(r, rc, "users");
        return;
    }
    reply_json(r, 200, page_json(p.items, p.n == limit ? p.last : NULL));
}

/* Shared by the API and `nq57 user add`. */
struct user_write {
    struct req *r;
    const char *actor;
    struct user u;
    json_t *before;
    bool ends_sessions;          /* deactivation, new password */
    bool revokes_tokens;         /* deactivation, new role or unit: tokens would outlive them */
};

static enum store_rc user_insert_write(struct store *st, void *ctx)
{
    struct user_write *w = ctx;
    enum store_rc rc = st->user_insert(st, &w->u);
    if (rc != ST_OK) return rc;
    json_t *after = view_user(&w->u);
    rc = audit_append(st, w->actor, "create", "user", w->u.username, NULL, after);
    json_decref(after);
    return rc;
}

static enum store_rc user_update_write(struct store *st, void *ctx)
{
    struct user_write *w = ctx;
    enum store_rc rc = st->user_update(st, &w->u);
    if (rc == ST_OK && w->ends_sessions) rc = st->session_delete_user(st, w->u.id);
    if (rc == ST_OK && w->revokes_tokens) {
        char now[ISO_TIME_LEN];
        util_now_iso(now);
        rc = st->token_revoke_owner(st, w->u.id, now);
    }
    if (rc != ST_OK) return rc;
    struct user fresh;
    if ((rc = st->user_by_id(st, w->u.id, &fresh)) != ST_OK) return rc;
    w->u = fresh;
    json_t *after = view_user(&w->u);
    rc = audit_append(st, w->actor, "update", "user", w->u.username, w->before, after);
    json_decref(after);
    return rc;
}

/* Checks role and unit for a new or changed account; replies and returns false if invalid. */
static bool resolve_unit_role(struct req *r, const char *unit, const char *role,
                              struct user *u)
{
    if (role) {
        if (!auth_role_bit(role)) {
            reply_error(r, 400, "validation_failed", "role", "role must be one of: %s",
                        auth_role_list());
            return false;
        }
        util_copy(u->role, sizeof u->role, role);
    }
    if (unit) {
        struct unit un;
        enum store_rc rc = r->st->unit_get(r->st, unit, NULL, &un);
        if (rc != ST_OK || *un.valid_to) {
            reply_error(r, 400, "validation_failed", "unit", "no active unit %s", unit);
            return false;
        }
        u->unit_id = un.id;
        util_copy(u->unit_code, sizeof u->unit_code, un.code);
        util_copy(u->unit_name, sizeof u->unit_name, un.name);
    }
    return true;
}

void api_users_create(struct req *r)
{
    const char *username, *password, *display_name, *unit, *role;
    struct field_spec spec[] = {
        {"username", F_STRING, true, 64, &username},
        {"password", F_STRING, true, 1024, &password},
        {"display_name", F_STRING, false, 200, &display_name},
        {"unit", F_STRING, true, CODE_MAX - 1, &unit},
        {"role", F_STRING, true, 24, &role},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (!username_valid(username)) {
        reply_error(r, 400, "validation_failed", "username",
                    "username must be 3-64 characters of a-z, 0-9, '.', '_' or '-'");
        return;
    }
    if (text_length(password) < PASSWORD_MIN) {
        reply_error(r, 400, "validation_failed", "password",
                    "password must have at least %d characters", PASSWORD_MIN);
        return;
    }
    struct user_write w = {.r = r, .actor = auth_actor(r)};
    if (!resolve_unit_role(r, unit, role, &w.u)) return;
    util_copy(w.u.username, sizeof w.u.username, username);
    util_copy(w.u.display_name, sizeof w.u.display_name, display_name ? display_name : username);
    w.u.active = true;
    util_now_iso(w.u.created_at);
    if (!auth_hash_password(password, w.u.password_hash, sizeof w.u.password_hash)) {
        reply_error(r, 500, "internal", NULL, "could not hash the password");
        return;
    }
    enum store_rc rc = store_tx(r->st, user_insert_write, &w);
    if (rc == ST_CONFLICT) {
        reply_error(r, 409, "conflict", "username", "username %s is taken", username);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "user"); return; }
    reply_json(r, 201, view_user(&w.u));
}

void api_user_get(struct req *r)
{
    struct user u;
    enum store_rc rc = r->st->user_get(r->st, r->param[0], &u);
    if (rc != ST_OK) { reply_store_error(r, rc, "user"); return; }
    if (!auth_in_scope(&r->who, u.unit_path)) {
        reply_error(r, 403, "forbidden", NULL, "user %s is outside your scope", u.username);
        return;
    }
    reply_json(r, 200, view_user(&u));
}

void api_user_update(struct req *r)
{
    const char *display_name, *unit, *role, *password;
    int active;
    struct field_spec spec[] = {
        {"display_name", F_STRING, false, 200, &display_name},
        {"unit", F_STRING, false, CODE_MAX - 1, &unit},
        {"role", F_STRING, false, 24, &role},
        {"active", F_BOOL, false, 0, &active},
        {"password", F_STRING, false, 1024, &password},
        {0},
    };
    if (!input_parse(r, spec)) return;
    struct user_write w = {.r = r, .actor = auth_actor(r)};
    enum store_rc rc = r->st->user_get(r->st, r->param[0], &w.u);
    if (rc != ST_OK) { reply_store_error(r, rc, "user"); return; }
    if (!auth_in_scope(&r->who, w.u.unit_path)) {
        reply_error(r, 403, "forbidden", NULL, "user %s is outside your scope", w.u.username);
        return;
    }
    if (password && text_length(password) < PASSWORD_MIN) {
        reply_error(r, 400, "validation_failed", "password",
                    "password must have at least %d characters", PASSWORD_MIN);
        return;
    }
    /* An administrator cannot lock themselves out, nor leave the system without one. */
    if (w.u.id == r->who.user_id && active == 0) {
        reply_error(r, 400, "validation_failed", "active", "you cannot deactivate yourself");
        return;
    }
    if (w.u.id == r->who.user_id && role && strcmp(role, w.u.role) != 0) {
        reply_error(r, 400, "validation_failed", "role",
                    "you cannot change your own role; ask another administrator");
        return;
    }
    w.before = view_user(&w.u);
    if (!resolve_unit_role(r, unit, role, &w.u)) { json_decref(w.before); return; }
    if (display_name) util_copy(w.u.display_name, sizeof w.u.display_name, display_name);
    if (active >= 0) {
        w.ends_sessions = w.revokes_tokens = w.u.active && !active;
        w.u.active = active;
    }
    if (password) {
        if (!auth_hash_password(password, w.u.password_hash, sizeof w.u.password_hash)) {
            json_decref(w.before);
            reply_error(r, 500, "internal", NULL, "could not hash the password");
            return;
        }
        w.ends_sessions = true;
    }
    /* Sessions read the user's role and unit on every request, so a change applies at once;
     * tokens carry their own role and unit, so they are revoked rather than left stronger than
     * their owner. */
    const char *old_role = json_string_value(json_object_get(w.before, "role"));
    const char *old_unit =
        json_string_value(json_object_get(json_object_get(w.before, "unit"), "code"));
    if ((role && strcmp(role, old_role)) || (unit && strcmp(unit, old_unit)))
        w.revokes_tokens = true;
    rc = store_tx(r->st, user_update_write, &w);
    json_decref(w.before);
    if (rc != ST_OK) { reply_store_error(r, rc, "user"); return; }
    reply_json(r, 200, view_user(&w.u));
}
