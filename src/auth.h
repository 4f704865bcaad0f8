/* Accounts, sessions, API tokens, CSRF, login rate limits and scope.
 *
 * Passwords are Argon2id hashes (libsodium crypto_pwhash_str, interactive limits). A session is
 * a random 256-bit secret in an HttpOnly SameSite=Strict cookie; the server stores only its
 * SHA-256, so a stolen database does not yield live sessions. Each session has its own CSRF
 * token that cookie-authenticated writes must echo in X-CSRF-Token. API tokens ("nq57_" + 256
 * random bits) are stored hashed too, carry their own unit and role, and need no CSRF header. */
#ifndef NQ57_AUTH_H
#define NQ57_AUTH_H
#include <stdbool.h>
#include <stddef.h>

#include "http.h"

#define SESSION_COOKIE "nq57_session"
#define SESSION_LIFETIME (12 * 3600)     /* absolute */
#define SESSION_IDLE (2 * 3600)          /* idle timeout */
#define LOGIN_WINDOW (15 * 60)
#define LOGIN_MAX_PER_ACCOUNT 5
#define LOGIN_MAX_PER_ADDRESS 20
#define PASSWORD_MIN 10

int auth_init(void);                     /* sodium_init(); non-zero on failure */
/* OUT receives the encoded hash (crypto_pwhash_STRBYTES). Returns false if out of memory. */
bool auth_hash_password(const char *password, char *out, size_t cap);
bool auth_verify_password(const char *hash, const char *password);
/* A random secret of BYTES bytes, base64url without padding, into OUT. */
void auth_random(char *out, size_t cap, size_t bytes);
void auth_sha256_hex(const char *s, char out[65]);

/* Role names <-> bits ("admin", "standing_office", "leader", "reporter", "handler",
 * "council"). auth_role_bit returns 0 for an unknown name. */
unsigned auth_role_bit(const char *name);
const char *auth_role_list(void);        /* for error messages */

/* Identifies the caller, then enforces the route's access rule, roles and CSRF. Replies (401,
 * 403) and returns false when the request must stop. */
bool auth_gate(struct req *r);

/* Is the unit with materialised PATH inside the caller's scope? */
bool auth_in_scope(const struct principal *who, const char *unit_path);
/* Replies 403 naming the unit and returns false when it is out of scope. */
bool auth_require_scope(struct req *r, const struct unit *u);

/* Audit actor label of the caller: "username" or "username/token:ID". */
const char *auth_actor(struct req *r);

/* Handlers of /api/v1/auth/... */
void api_auth_login(struct req *r);
void api_auth_logout(struct req *r);
void api_auth_me(struct req *r);
void api_auth_password(struct req *r);

#endif
