#include "auth.h"
#include "audit.h"
#include "router.h"
#include "text.h"
#include "util.h"
#include "views.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name; unsigned bit; } role_names[] = {
    {"admin", ROLE_ADMIN},     {"standing_office", ROLE_STANDING_OFFICE},
    {"leader", ROLE_LEADER},   {"reporter", ROLE_REPORTER},
    {"handler", ROLE_HANDLER}, {"council", ROLE_COUNCIL},
};

int auth_init(void) { return sodium_init() < 0 ? -1 : 0; }

unsigned auth_role_bit(const char *name)
{
    for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
        if (strcmp(role_names[i].name, name) == 0) return role_names[i].bit;
    return 0;
}

const char *auth_role_list(void)
{
    return "admin, standing_office, leader, reporter, handler, council";
}

bool auth_hash_password(const char *password, char *out, size_t cap)
{
    if (cap < crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

bool auth_verify_password(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void auth_random(char *out, size_t cap, size_t bytes)
{
    unsigned char buf[64];
    if (bytes > sizeof buf) bytes = sizeof buf;
    randombytes_buf(buf, bytes);
    sodium_bin2base64(out, cap, buf, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void auth_sha256_hex(const char *s, char out[65])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, (const unsigned char *)s, strlen(s));
    util_hex(d, sizeof d, out);
}

bool auth_in_scope(const struct principal *who, const char *unit_path)
{
    if (who->national) return true;
    size_t n = strlen(who->unit_path);
    return n > 0 && strncmp(unit_path, who->unit_path, n) == 0;
}

bool auth_require_scope(struct req *r, const struct unit *u)
{
    if (auth_in_scope(&r->who, u->path)) return true;
    reply_error(r, 403, "forbidden", NULL, "unit %s is outside your scope (%s and below)",
                u->code, r->who.unit_code);
    return false;
}

const char *auth_actor(struct req *r)
{
    if (!r->who.known) return "anonymous";
    if (!r->who.via_token) return r->who.username;
    char buf[128];
    snprintf(buf, sizeof buf, "%s/token:%lld", r->who.username, (long long)r->who.token_id);
    return req_strdup(r, buf);
}

static void principal_from_user(struct principal *p, const struct user *u)
{
    p->known = true;
    p->user_id = u->id;
    util_copy(p->username, sizeof p->username, u->username);
    util_copy(p->display_name, sizeof p->display_name, u->display_name);
    util_copy(p->role_name, sizeof p->role_name, u->role);
    p->role = auth_role_bit(u->role);
    p->unit_id = u->unit_id;
    util_copy(p->unit_code, sizeof p->unit_code, u->unit_code);
    util_copy(p->unit_name, sizeof p->unit_name, u->unit_name);
    util_copy(p->unit_path, sizeof p->unit_path, u->unit_path);
    p->national = (p->role & ROLES_CENTRE) != 0;
}

/* The value of cookie NAME in the Cookie header, copied into OUT. */
static bool cookie_value(struct req *r, const char *name, char *out, size_t cap)
{
    const char *v = req_cookie(r, name);
    if (!v || !*v) return false;
    return util_copy(out, cap, v);
}

/* Fills r->who from the bearer token or the session cookie. Returns false with a reply when
 * credentials were presented but are not valid. */
static bool identify(struct req *r)
{
    struct store *st = r->st;
    int64_t now = util_now();
    const char *authz = req_header(r, "Authorization");
    if (authz && strncmp(authz, "Bearer ", 7) == 0) {
        char hash[65];
        auth_sha256_hex(authz + 7, hash);
        struct api_token t;
        struct user owner;
        enum store_rc rc = st->token_by_hash(st, hash, &t, &owner);
        char now_iso[ISO_TIME_LEN];
        util_iso_from_unix(now, now_iso);
        if (rc != ST_OK || *t.revoked_at || !t.owner_active ||
            (*t.expires_at && strcmp(t.expires_at, now_iso) < 0)) {
            if (rc != ST_OK && rc != ST_NOT_FOUND) reply_store_error(r, rc, "token");
            else reply_error(r, 401, "unauthenticated", NULL,
                             "the API token is unknown, revoked or expired");
            return false;
        }
        principal_from_user(&r->who, &owner);
        /* The token's own unit and role, not the owner's. */
        util_copy(r->who.role_name, sizeof r->who.role_name, t.role);
        r->who.role = auth_role_bit(t.role);
        r->who.national = (r->who.role & ROLES_CENTRE) != 0;
        r->who.unit_id = t.unit_id;
        util_copy(r->who.unit_code, sizeof r->who.unit_code, t.unit_code);
        util_copy(r->who.unit_path, sizeof r->who.unit_path, t.unit_path);
        r->who.via_token = true;
        r->who.token_id = t.id;
        /* Record use at most once a minute: a write per request would cost throughput. */
        if (strncmp(t.last_used_at, now_iso, 16) != 0) st->token_touch(st, t.id, now_iso);
        return true;
    }
    char secret[128];
    if (!cookie_value(r, SESSION_COOKIE, secret, sizeof secret)) return true;
    char hash[65];
    auth_sha256_hex(secret, hash);
    struct session s;
    enum store_rc rc = st->session_get(st, hash, &s);
    if (rc == ST_OK && s.user.active && s.expires_at > now &&
        s.last_seen_at + SESSION_IDLE > now) {
        principal_from_user(&r->who, &s.user);
        util_copy(r->who.session_hash, sizeof r->who.session_hash, hash);
        util_copy(r->who.csrf, sizeof r->who.csrf, s.csrf_token);
        if (now - s.last_seen_at > 60) st->session_touch(st, hash, now);
        return true;
    }
    if (rc != ST_OK && rc != ST_NOT_FOUND) {
        reply_store_error(r, rc, "session");
        return false;
    }
    /* An expired or unknown cookie: the caller is anonymous (public routes still work). */
    return true;
}

bool auth_gate(struct req *r)
{
    if (!identify(r)) return false;
    const struct route *rt = r->route;
    if (rt->access == ACCESS_PUBLIC) return true;
    if (!r->who.known) {
        reply_error(r, 401, "unauthenticated", NULL, "sign in or present an API token");
        return false;
    }
    bool write = strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
    if (write && !r->who.via_token) {
        const char *t = req_header(r, "X-CSRF-Token");
        if (!t || strlen(t) != strlen(r->who.csrf) ||
            sodium_memcmp(t, r->who.csrf, strlen(t)) != 0) {
            reply_error(r, 403, "csrf_failed", NULL,
                        "missing or wrong X-CSRF-Token header (get it from /api/v1/auth/me)");
            return false;
        }
    }
    if (rt->roles && !(rt->roles & r->who.role)) {
        reply_error(r, 403, "forbidden", NULL, "your role (%s) may not do this",
                    r->who.role_name);
        return false;
    }
    return true;
}

/* ---- handlers ---- */

static char dummy_hash[crypto_pwhash_STRBYTES];
static void make_dummy_hash(void)
{
    auth_hash_password("not a real password", dummy_hash, sizeof dummy_hash);
}
static const char *dummy_hash_value(void) { return dummy_hash; }

static json_t *me_json(const struct user *u, const char *csrf)
{
    json_t *o = json_object();
    json_object_set_new(o, "user", view_user(u));
    if (csrf) json_object_set_new(o, "csrf_token", json_string(csrf));
    return o;
}

/* Login is rate-limited without a race: before the (slow) password check, one write
 * transaction counts the recent failures of the account and of the address and, if both are
 * under their limits, records this attempt as a failure in advance. Concurrent guesses are
 * serialised by that transaction, so at most LOGIN_MAX_PER_ACCOUNT are ever checked. A
 * successful login then removes its provisional failures (and clears the account's). */
struct reserve_tx {
    const char *account_key, *address_key;
    int64_t now;
    bool limited;
    int64_t retry_after;
    int64_t account_row, address_row;
};

static enum store_rc reserve_attempt(struct store *st, void *ctx)
{
    struct reserve_tx *t = ctx;
    int n_acc, n_addr;
    int64_t oldest_acc, oldest_addr;
    enum store_rc rc = st->login_failures(st, t->account_key, t->now - LOGIN_WINDOW, &n_acc,
                                          &oldest_acc);
    if (rc == ST_OK)
        rc = st->login_failures(st, t->address_key, t->now - LOGIN_WINDOW, &n_addr,
                                &oldest_addr);
    if (rc != ST_OK) return rc;
    if (n_acc >= LOGIN_MAX_PER_ACCOUNT || n_addr >= LOGIN_MAX_PER_ADDRESS) {
        int64_t oldest = n_acc >= LOGIN_MAX_PER_ACCOUNT ? oldest_acc : oldest_addr;
        t->limited = true;
        t->retry_after = oldest + LOGIN_WINDOW - t->now;
        if (t->retry_after < 1) t->retry_after = 1;
        return ST_OK;
    }
    rc = st->login_failure_add(st, t->account_key, t->now, &t->account_row);
    if (rc == ST_OK) rc = st->login_failure_add(st, t->address_key, t->now, &t->address_row);
    return rc;
}

struct login_tx {
    const struct user *user;
    const char *hash, *csrf, *address, *account_key;
    int64_t now, address_row;
};

static enum store_rc login_write(struct store *st, void *ctx)
{
    struct login_tx *t = ctx;
    enum store_rc rc = st->login_failures_clear(st, t->account_key);
    if (rc == ST_OK) rc = st->login_failure_delete(st, t->address_row);
    if (rc == ST_OK)
        rc = st->session_insert(st, t->hash, t->user->id, t->csrf, t->now,
                                t->now + SESSION_LIFETIME, t->address);
    if (rc == ST_OK) {
        json_t *after = json_pack("{s:s}", "address", t->address);
        rc = audit_append(st, t->user->username, "login", "session", t->user->username, NULL,
                          after);
        json_decref(after);
    }
    return rc;
}

void api_auth_login(struct req *r)
{
    const char *username, *password;
    struct field_spec spec[] = {
        {"username", F_STRING, true, 64, &username},
        {"password", F_STRING, true, 1024, &password},
        {0},
    };
    if (!input_parse(r, spec)) return;
    struct store *st = r->st;
    int64_t now = util_now();
    char account_key[96], address_key[96];
    snprintf(account_key, sizeof account_key, "u:%s", username);
    snprintf(address_key, sizeof address_key, "a:%s", r->address);
    struct reserve_tx res = {.account_key = account_key, .address_key = address_key, .now = now};
    enum store_rc rc = store_tx(st, reserve_attempt, &res);
    if (rc != ST_OK) {
        reply_store_error(r, rc, "login");
        return;
    }
    if (res.limited) {
        char retry[24];
        snprintf(retry, sizeof retry, "%lld", (long long)res.retry_after);
        reply_header(r, "Retry-After", retry);
        reply_error(r, 429, "rate_limited", NULL,
                    "too many failed sign-ins; try again in %lld minutes",
                    (long long)(res.retry_after + 59) / 60);
        return;
    }
    struct user u;
    rc = st->user_get(st, username, &u);
    if (rc != ST_OK && rc != ST_NOT_FOUND) {
        reply_store_error(r, rc, "user");
        return;
    }
    /* Verify against a fixed hash when the user does not exist, so that timing does not tell
     * which usernames exist. */
    static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
    pthread_once(&dummy_once, make_dummy_hash);
    bool ok = auth_verify_password(rc == ST_OK ? u.password_hash : dummy_hash_value(), password)
              && rc == ST_OK && u.active;
    if (!ok) {
        /* The attempt was recorded as a failure before the check. */
        reply_error(r, 401, "unauthenticated", NULL, "wrong username or password");
        return;
    }
    char secret[64], csrf[64], hash[65];
    auth_random(secret, sizeof secret, 32);
    auth_random(csrf, sizeof csrf, 32);
    auth_sha256_hex(secret, hash);
    struct login_tx t = {.user = &u, .hash = hash, .csrf = csrf, .address = r->address,
                         .now = now, .account_key = account_key,
                         .address_row = res.address_row};
    rc = store_tx(st, login_write, &t);
    if (rc != ST_OK) {
        reply_store_error(r, rc, "login");
        return;
    }
    char cookie[160], expires[ISO_TIME_LEN];
    snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
             SESSION_COOKIE, secret, SESSION_LIFETIME,
             http_config && http_config->secure_cookies ? "; Secure" : "");
    reply_header(r, "Set-Cookie", cookie);
    util_iso_from_unix(now + SESSION_LIFETIME, expires);
    json_t *body = me_json(&u, csrf);
    json_object_set_new(body, "expires_at", json_string(expires));
    r->who.known = true;
    util_copy(r->who.username, sizeof r->who.username, u.username);
    reply_json(r, 200, body);
}

struct logout_tx { const char *hash; const char *username; };
static enum store_rc logout_write(struct store *st, void *ctx)
{
    struct logout_tx *t = ctx;
    enum store_rc rc = st->session_delete(st, t->hash);
    if (rc == ST_OK) rc = audit_append(st, t->username, "logout", "session", t->username, NULL,
                                       NULL);
    return rc;
}

void api_auth_logout(struct req *r)
{
    if (!r->who.via_token) {
        struct logout_tx t = {r->who.session_hash, r->who.username};
        enum store_rc rc = store_tx(r->st, logout_write, &t);
        if (rc != ST_OK) {
            reply_store_error(r, rc, "session");
            return;
        }
    }
    char cookie[128];
    snprintf(cookie, sizeof cookie, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
             SESSION_COOKIE);
    reply_header(r, "Set-Cookie", cookie);
    reply_empty(r, 204);
}

void api_auth_me(struct req *r)
{
    struct user u;
    enum store_rc rc = r->st->user_by_id(r->st, r->who.user_id, &u);
    if (rc != ST_OK) {
        reply_store_error(r, rc, "user");
        return;
    }
    json_t *body = me_json(&u, r->who.via_token ? NULL : r->who.csrf);
    /* With a token, the scope and role are the token's. */
    json_object_set_new(body, "role", json_string(r->who.role_name));
    struct unit scope;
    rc = r->st->unit_get(r->st, r->who.unit_code, NULL, &scope);
    if (rc != ST_OK) {
        json_decref(body);
        reply_store_error(r, rc, "unit");
        return;
    }
    json_t *sj = view_unit(&scope);
    json_object_set_new(sj, "national", json_boolean(r->who.national));
    json_object_set_new(body, "scope", sj);
    reply_json(r, 200, body);
}

struct password_tx { struct user *u; };
static enum store_rc password_write(struct store *st, void *ctx)
{
    struct password_tx *t = ctx;
    enum store_rc rc = st->user_update(st, t->u);
    /* End every session of this user, this one too: they sign in again with the new password. */
    if (rc == ST_OK) rc = st->session_delete_user(st, t->u->id);
    if (rc == ST_OK)
        rc = audit_append(st, t->u->username, "password_change", "user", t->u->username, NULL,
                          NULL);
    return rc;
}

void api_auth_password(struct req *r)
{
    const char *current, *fresh;
    struct field_spec spec[] = {
        {"current_password", F_STRING, true, 1024, &current},
        {"new_password", F_STRING, true, 1024, &fresh},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (text_length(fresh) < PASSWORD_MIN) {
        reply_error(r, 400, "validation_failed", "new_password",
                    "the new password must have at least %d characters", PASSWORD_MIN);
        return;
    }
    struct user u;
    enum store_rc rc = r->st->user_by_id(r->st, r->who.user_id, &u);
    if (rc != ST_OK) {
        reply_store_error(r, rc, "user");
        return;
    }
    if (!auth_verify_password(u.password_hash, current)) {
        reply_error(r, 403, "forbidden", "current_password", "the current password is wrong");
        return;
    }
    if (!auth_hash_password(fresh, u.password_hash, sizeof u.password_hash)) {
        reply_error(r, 500, "internal", NULL, "could not hash the password");
        return;
    }
    struct password_tx t = {&u};
    rc = store_tx(r->st, password_write, &t);
    if (rc != ST_OK) {
        reply_store_error(r, rc, "user");
        return;
    }
    reply_empty(r, 204);
}
