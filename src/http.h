/* The HTTP layer: one struct req per request, replies, declared input, and the server.
 *
 * Request path: libmicrohttpd accepts the connection and parses headers -> http.c accumulates the
 * body up to the cap -> router.c finds the route -> auth.c identifies the caller and checks the
 * route's roles and CSRF -> the handler (api_*.c) validates input, calls the store, and sets the
 * reply -> http.c sends it, logs one line and updates the metrics. */
#ifndef NQ57_HTTP_H
#define NQ57_HTTP_H
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "embedded.h"
#include "store/store.h"

#define BODY_MAX (1u << 20)          /* 1 MiB JSON bodies */
#define UPLOAD_MAX (10u << 20)       /* 10 MiB evidence files (POST .../evidence) */
#define FEEDBACK_FILE_MAX (5u << 20) /* 5 MiB feedback attachments (POST .../files) */
#define UPLOAD_BUDGET (64u << 20)    /* bytes of uploads held in memory at once, all requests */
#define MAX_PARAMS 4

enum role {
    ROLE_ADMIN = 1 << 0,
    ROLE_STANDING_OFFICE = 1 << 1,
    ROLE_LEADER = 1 << 2,
    ROLE_REPORTER = 1 << 3,
    ROLE_HANDLER = 1 << 4,
    ROLE_COUNCIL = 1 << 5,
};
#define ROLES_ANY 0
#define ROLES_CENTRE (ROLE_ADMIN | ROLE_STANDING_OFFICE)

/* Who is calling: set by auth_identify() from the session cookie or the bearer token. */
struct principal {
    bool known;
    int64_t user_id;
    char username[72];
    char display_name[NAME_MAX_BYTES];
    char role_name[24];
    unsigned role;                   /* one enum role bit */
    int64_t unit_id;                 /* the scope: this unit and everything below it */
    char unit_code[CODE_MAX];
    char unit_name[NAME_MAX_BYTES];
    char unit_path[PATH_MAX_BYTES];
    bool national;                   /* admin and standing office see the whole tree */
    bool via_token;
    int64_t token_id;
    char session_hash[HASH_HEX];
    char csrf[64];
};

struct route;
struct arena_block;

struct req {
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    char address[64];
    char *body;
    size_t body_len;
    bool body_too_large;
    size_t body_cap;                 /* BODY_MAX, or UPLOAD_MAX for uploads */
    size_t upload_reserved;          /* bytes of UPLOAD_BUDGET this request holds */
    bool upload_refused;             /* no Content-Length, or the budget is spent */
    char allow[64];                  /* methods of the path when the method matched no route */
    const struct route *route;
    const char *param[MAX_PARAMS];   /* decoded path parameters, in pattern order */
    struct store *st;
    struct principal who;
    double started;                  /* monotonic seconds */
    double db_before;

    /* The reply. */
    int status;
    char *out;
    size_t out_len;
    const char *content_type;
    bool out_static;                 /* OUT points to memory the request does not own */
    const struct embedded_file *static_file;  /* OUT is this built-in file (gzip it once) */
    bool gzipped;
    char headers[6][2][160];
    int n_headers;

    struct arena_block *arena;       /* freed with the request */
};

/* Memory that lives as long as the request. */
void *req_alloc(struct req *r, size_t n);
char *req_strdup(struct req *r, const char *s);

/* Query and header values, or NULL. */
const char *req_query(struct req *r, const char *name);
const char *req_header(struct req *r, const char *name);
const char *req_cookie(struct req *r, const char *name);

/* Replies. reply_json steals BODY. */
void reply_json(struct req *r, int status, json_t *body);
void reply_error(struct req *r, int status, const char *code, const char *field,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void reply_empty(struct req *r, int status);
void reply_raw(struct req *r, int status, const char *content_type, char *data, size_t len,
               bool owned);
void reply_header(struct req *r, const char *name, const char *value);
/* Content-Disposition: attachment with FILENAME (ASCII, no quotes). */
void reply_attachment(struct req *r, const char *filename);
/* Maps a failed store call to a reply: NOT_FOUND 404, CONFLICT 409, otherwise 500/503. */
void reply_store_error(struct req *r, enum store_rc rc, const char *what);

/* Declared input. A spec lists the fields a JSON body may have; input_parse() rejects a body
 * that is not an object, has unknown fields, misses a required field or has a field of the
 * wrong type or length, replying 400 with the field named, and returns false. Strings are
 * valid UTF-8, normalised to NFC, and live as long as the request. */
enum field_type { F_STRING, F_DATE, F_BOOL, F_STRING_ARRAY, F_INT, F_NUMBER };
#define F_INT_ABSENT LONG_MIN
struct field_spec {
    const char *name;
    enum field_type type;
    bool required;
    size_t max_chars;                /* strings: maximum length in characters (0: 200);
                                        F_INT: the largest value allowed (the smallest is 0) */
    void *target;                    /* const char ** / const char ** / int * (-1 absent, 0, 1)
                                        / struct string_array * / long * (F_INT_ABSENT)
                                        / double * (F_NUMBER: NAN absent) */
};
struct string_array { const char **items; int n; };
bool input_parse(struct req *r, const struct field_spec *spec);
/* The body as JSON (replies 400 and returns NULL when it is not JSON), and the same checks on
 * an object inside it, fields named "PREFIX.name" (PREFIX NULL at the top). */
json_t *input_json(struct req *r);
bool input_object(struct req *r, json_t *obj, const struct field_spec *spec, const char *prefix);

/* Parses ?limit= (1..500, default 50) or replies 400 and returns -1. */
int req_limit(struct req *r);
/* Validates an optional date query parameter NAME; replies 400 and returns false if malformed.
 * *OUT is NULL when absent. */
bool req_date(struct req *r, const char *name, const char **out);

/* The server. */
struct server_config {
    const char *db_url;
    const char *read_db_url;         /* a replica for GET requests (PostgreSQL); NULL: none */
    const char *listen;              /* "127.0.0.1:8057" */
    const char *web_dir;             /* serve the UI from this directory instead of the binary */
    unsigned threads;
    unsigned connection_limit;
    unsigned timeout_seconds;
    bool log_requests;
    bool secure_cookies;
};
int http_serve(const struct server_config *cfg);
extern const struct server_config *http_config;

/* The store of the calling thread (one connection per server thread), or NULL on failure. */
struct store *http_thread_store(void);

#endif
