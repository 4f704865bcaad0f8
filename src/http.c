/* libmicrohttpd glue. Notes from measurement (STYLE.md): the reply is queued on a later call of
 * the access handler, never the first, or keep-alive is lost; the daemon runs an internal epoll
 * thread with a thread pool; connection timeout, limit and memory are set explicitly. */
#include "http.h"
#include "auth.h"
#include "cache.h"
#include "embedded.h"
#include "metrics.h"
#include "router.h"
#include "text.h"
#include "util.h"

#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <unistd.h>
#include <zlib.h>

const struct server_config *http_config;

struct arena_block {
    struct arena_block *next;
    max_align_t align[];
};

void *req_alloc(struct req *r, size_t n)
{
    struct arena_block *b = malloc(sizeof *b + n);
    if (!b) abort();
    b->next = r->arena;
    r->arena = b;
    return b->align;
}

char *req_strdup(struct req *r, const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(req_alloc(r, n), s, n);
}

const char *req_query(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

static void set_out(struct req *r, int status, const char *type, char *data, size_t len,
                    bool owned)
{
    if (r->out && !r->out_static) free(r->out);
    r->status = status;
    r->content_type = type;
    r->out = data;
    r->out_len = len;
    r->out_static = !owned;
}

void reply_raw(struct req *r, int status, const char *content_type, char *data, size_t len,
               bool owned)
{
    set_out(r, status, content_type, data, len, owned);
}

void reply_json(struct req *r, int status, json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (!s) {
        reply_error(r, 500, "internal", NULL, "could not encode the reply");
        return;
    }
    set_out(r, status, "application/json; charset=utf-8", s, strlen(s), true);
}

/* Replaces what could break a JSON string or a log line (bytes of invalid UTF-8, control
 * characters, and with QUOTES also '"' and '\\') by '?', in place. */
static void sanitise(char *s, bool quotes)
{
    bool valid = text_valid_utf8(s, strlen(s));
    for (unsigned char *p = (unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (!valid && *p >= 0x80) ||
            (quotes && (*p == '"' || *p == '\\')))
            *p = '?';
}

void reply_error(struct req *r, int status, const char *code, const char *field,
                 const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* Messages quote what the client sent, which may be any bytes. */
    sanitise(msg, false);
    if (field && !text_valid_utf8(field, strlen(field))) field = "?";
    json_t *err = json_pack("{s:{s:s, s:s, s:s?}}", "error", "code", code, "message", msg,
                            "field", field);
    if (!field) json_object_set_new(json_object_get(err, "error"), "field", json_null());
    char *s = json_dumps(err, JSON_COMPACT);
    json_decref(err);
    set_out(r, status, "application/json; charset=utf-8", s, strlen(s), true);
}

void reply_empty(struct req *r, int status) { set_out(r, status, NULL, NULL, 0, false); }

void reply_header(struct req *r, const char *name, const char *value)
{
    if (r->n_headers >= 6) return;
    util_copy(r->headers[r->n_headers][0], 160, name);
    util_copy(r->headers[r->n_headers][1], 160, value);
    r->n_headers++;
}

void reply_attachment(struct req *r, const char *filename)
{
    char h[160 + 32];
    snprintf(h, sizeof h, "attachment; filename=\"%s\"", filename);
    reply_header(r, "Content-Disposition", h);
}

void reply_store_error(struct req *r, enum store_rc rc, const char *what)
{
    switch (rc) {
    case ST_NOT_FOUND: reply_error(r, 404, "not_found", NULL, "%s not found", what); break;
    case ST_CONFLICT: reply_error(r, 409, "conflict", NULL, "%s already exists", what); break;
    case ST_BUSY:
        reply_error(r, 503, "busy", NULL, "the database is busy; try again in a moment");
        reply_header(r, "Retry-After", "1");
        break;
    default: reply_error(r, 500, "internal", NULL, "storage error while handling %s", what);
    }
}

/* ---- declared input ---- */

static const char *type_name(enum field_type t)
{
    switch (t) {
    case F_STRING: return "a string";
    case F_DATE: return "a date YYYY-MM-DD";
    case F_BOOL: return "true or false";
    case F_STRING_ARRAY: return "an array of strings";
    case F_INT: return "a whole number";
    case F_NUMBER: return "a number";
    }
    return "?";
}

/* Validates and NFC-normalises one string; NULL after replying 400. */
static const char *take_string(struct req *r, const struct field_spec *f, json_t *v)
{
    size_t max = f->max_chars ? f->max_chars : 200;
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (strlen(s) != len || !text_valid_utf8(s, len)) {
        reply_error(r, 400, "validation_failed", f->name,
                    "%s contains control characters or invalid text", f->name);
        return NULL;
    }
    char *nfc = text_nfc(s);
    if (!nfc) {
        reply_error(r, 400, "validation_failed", f->name, "%s is not valid UTF-8", f->name);
        return NULL;
    }
    char *copy = req_strdup(r, nfc);
    free(nfc);
    if (text_length(copy) > max) {
        reply_error(r, 400, "validation_failed", f->name, "%s is longer than %zu characters",
                    f->name, max);
        return NULL;
    }
    return copy;
}

/* The name of field F for messages: "values[2].value" inside a list, else "value". */
static const char *field_name(struct req *r, const char *prefix, const char *name)
{
    if (!prefix) return name;
    size_t n = strlen(prefix) + strlen(name) + 2;
    char *s = req_alloc(r, n);
    snprintf(s, n, "%s.%s", prefix, name);
    return s;
}

bool input_object(struct req *r, json_t *root, const struct field_spec *spec, const char *prefix)
{
    if (!json_is_object(root)) {
        if (prefix) reply_error(r, 400, "validation_failed", prefix, "%s must be an object",
                                prefix);
        else reply_error(r, 400, "invalid_json", NULL, "the body must be a JSON object");
        return false;
    }
    const char *key;
    json_t *value;
    json_object_foreach(root, key, value) {
        const struct field_spec *f = spec;
        while (f->name && strcmp(f->name, key) != 0) f++;
        if (!f->name) {
            char *safe = text_nfc(key);
            reply_error(r, 400, "validation_failed",
                        safe ? field_name(r, prefix, req_strdup(r, safe)) : prefix,
                        "unknown field");
            free(safe);
            return false;
        }
    }
    for (const struct field_spec *f = spec; f->name; f++) {
        json_t *v = json_object_get(root, f->name);
        const char *name = field_name(r, prefix, f->name);
        if (!v || json_is_null(v)) {
            if (f->required) {
                reply_error(r, 400, "validation_failed", name, "%s is required", name);
                return false;
            }
            if (f->type == F_BOOL) *(int *)f->target = -1;
            else if (f->type == F_INT) *(long *)f->target = F_INT_ABSENT;
            else if (f->type == F_NUMBER) *(double *)f->target = NAN;
            else if (f->type == F_STRING_ARRAY) *(struct string_array *)f->target =
                (struct string_array){NULL, -1};
            else *(const char **)f->target = NULL;
            continue;
        }
        struct field_spec named = *f;
        named.name = name;
        switch (f->type) {
        case F_STRING:
        case F_DATE: {
            if (!json_is_string(v)) goto wrong_type;
            const char *s = take_string(r, &named, v);
            if (!s) return false;
            if (f->required && f->type == F_STRING && !*s) {
                reply_error(r, 400, "validation_failed", name, "%s must not be empty", name);
                return false;
            }
            if (f->type == F_DATE && !util_date_valid(s)) {
                reply_error(r, 400, "validation_failed", name,
                            "%s must be a real date written YYYY-MM-DD", name);
                return false;
            }
            *(const char **)f->target = s;
            break;
        }
        case F_INT: {
            if (!json_is_integer(v)) goto wrong_type;
            json_int_t n = json_integer_value(v);
            if (n < 0 || (json_int_t)f->max_chars < n) {
                reply_error(r, 400, "validation_failed", name, "%s must be 0-%zu", name,
                            f->max_chars);
                return false;
            }
            *(long *)f->target = (long)n;
            break;
        }
        case F_NUMBER: {
            if (!json_is_number(v)) goto wrong_type;
            double d = json_number_value(v);
            if (!isfinite(d) || fabs(d) > 1e15) {
                reply_error(r, 400, "validation_failed", name,
                            "%s must be a number between -1e15 and 1e15", name);
                return false;
            }
            *(double *)f->target = d;
            break;
        }
        case F_BOOL:
            if (!json_is_boolean(v)) goto wrong_type;
            *(int *)f->target = json_is_true(v);
            break;
        case F_STRING_ARRAY: {
            if (!json_is_array(v) || json_array_size(v) > 100) goto wrong_type;
            struct string_array *a = f->target;
            a->n = (int)json_array_size(v);
            a->items = req_alloc(r, sizeof(char *) * (size_t)(a->n + 1));
            for (int i = 0; i < a->n; i++) {
                json_t *item = json_array_get(v, (size_t)i);
                if (!json_is_string(item)) goto wrong_type;
                if (!(a->items[i] = take_string(r, &named, item))) return false;
            }
            break;
        }
        }
        continue;
    wrong_type:
        reply_error(r, 400, "validation_failed", name, "%s must be %s", name,
                    type_name(f->type));
        return false;
    }
    return true;
}

json_t *input_json(struct req *r)
{
    if (r->body_len == 0) {
        reply_error(r, 400, "invalid_json", NULL, "a JSON object body is required");
        return NULL;
    }
    json_error_t jerr;
    json_t *root = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        reply_error(r, 400, "invalid_json", NULL, "malformed JSON at line %d column %d: %s",
                    jerr.line, jerr.column, jerr.text);
    return root;
}

bool input_parse(struct req *r, const struct field_spec *spec)
{
    json_t *root = input_json(r);
    if (!root) return false;
    bool ok = input_object(r, root, spec, NULL);
    json_decref(root);
    return ok;
}

int req_limit(struct req *r)
{
    const char *s = req_query(r, "limit");
    if (!s) return 50;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 1 || v > 500) {
        reply_error(r, 400, "validation_failed", "limit", "limit must be a whole number 1-500");
        return -1;
    }
    return (int)v;
}

bool req_date(struct req *r, const char *name, const char **out)
{
    *out = req_query(r, name);
    if (*out && !util_date_valid(*out)) {
        reply_error(r, 400, "validation_failed", name, "%s must be a real date YYYY-MM-DD",
                    name);
        return false;
    }
    return true;
}

/* ---- per-thread database connections ---- */

static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *stores[256];
static int n_stores;
static _Thread_local struct store *thread_store, *thread_read_store;

/* Opens URL for this thread, registered to be closed when the server stops. */
static struct store *open_for_thread(const char *url)
{
    char err[256];
    struct store *st = store_open(url, err, sizeof err);
    if (!st) {
        util_log("error", "msg=\"%s\"", err);
        return NULL;
    }
    pthread_mutex_lock(&stores_lock);
    if (n_stores < 256) stores[n_stores++] = st;
    pthread_mutex_unlock(&stores_lock);
    return st;
}

struct store *http_thread_store(void)
{
    if (!thread_store) thread_store = open_for_thread(http_config->db_url);
    return thread_store;
}

/* The --read-db URL with every transaction of its sessions read-only (libpq's options
 * parameter), so that a handler writing through it fails loudly even when it names the primary
 * itself. Caller frees. */
static char *read_only_url(const char *url)
{
    const char *opt = "options=-c%20default_transaction_read_only%3Don";
    size_t n = strlen(url) + strlen(opt) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s%c%s", url, strchr(url, '?') ? '&' : '?', opt);
    return s;
}

static struct store *http_thread_read_store(void)
{
    if (!http_config->read_db_url) return http_thread_store();
    if (!thread_read_store) {
        char *url = read_only_url(http_config->read_db_url);
        if (url) thread_read_store = open_for_thread(url);
        free(url);
    }
    return thread_read_store;
}

/* ---- static files (the web UI) ---- */

static const char *mime_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot) return "application/octet-stream";
    static const char *const map[][2] = {
        {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".ico", "image/x-icon"},
        {".webmanifest", "application/manifest+json"}, {".txt", "text/plain; charset=utf-8"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(dot, map[i][0]) == 0) return map[i][1];
    return "application/octet-stream";
}

const struct embedded_file *embedded_find(const char *path)
{
    for (const struct embedded_file *f = embedded_files; f->path; f++)
        if (strcmp(f->path, path) == 0) return f;
    return NULL;
}

/* Reads DIR/REL from disk into a malloc'd buffer (development mode, --web). */
static char *read_disk(const char *dir, const char *rel, size_t *len)
{
    char full[1024];
    snprintf(full, sizeof full, "%s/%s", dir, rel);
    FILE *f = fopen(full, "rb");
    if (!f) return NULL;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) { fclose(f); return NULL; }
    char *buf = malloc((size_t)sb.st_size + 1);
    *len = fread(buf, 1, (size_t)sb.st_size, f);
    fclose(f);
    return buf;
}

/* Browser libraries from Debian packages, served from where the package installs them (never
 * copied into the repository; scripts/deps.sh installs them): URL path → file. Read once, then
 * served like the embedded files (ETag, gzip once). */
static const char *const vendor_files[][2] = {
    {"vendor/chart.js", "/usr/share/javascript/chart.js/chart.min.js"},   /* libjs-chart.js */
};
#define N_VENDOR (sizeof vendor_files / sizeof vendor_files[0])
static struct embedded_file vendor_loaded[N_VENDOR];
static pthread_mutex_t vendor_lock = PTHREAD_MUTEX_INITIALIZER;

/* The vendor file at REL, loaded on first use; NULL when REL is none or its package is absent. */
static const struct embedded_file *vendor_find(const char *rel)
{
    const struct embedded_file *res = NULL;
    for (size_t i = 0; i < N_VENDOR; i++) {
        if (strcmp(rel, vendor_files[i][0]) != 0) continue;
        pthread_mutex_lock(&vendor_lock);
        if (!vendor_loaded[i].data) {
            const char *file = vendor_files[i][1];
            const char *slash = strrchr(file, '/');
            char dir[512];
            snprintf(dir, sizeof dir, "%.*s", (int)(slash - file), file);
            size_t len;
            char *data = read_disk(dir, slash + 1, &len);
            if (data) vendor_loaded[i] = (struct embedded_file){rel, (unsigned char *)data, len};
        }
        res = vendor_loaded[i].data ? &vendor_loaded[i] : NULL;
        pthread_mutex_unlock(&vendor_lock);
        break;
    }
    return res;
}

/* Serves web/ files; paths without an extension that are not files get index.html so that the
 * UI's own routes (/units/P01) can be loaded and shared as links. */
static void serve_static(struct req *r)
{
    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
        reply_header(r, "Allow", "GET, HEAD");
        reply_error(r, 405, "method_not_allowed", NULL, "only GET is allowed here");
        return;
    }
    const char *rel = r->path + 1;
    if (!*rel) rel = "index.html";
    if (strstr(rel, "..") || strchr(rel, '\\')) {
        reply_error(r, 404, "not_found", NULL, "no such file");
        return;
    }
    const char *slash = strrchr(rel, '/');
    bool has_ext = strchr(slash ? slash : rel, '.') != NULL;
    char web_path[512];
    snprintf(web_path, sizeof web_path, "web/%s", rel);
    const char *type = mime_type(rel);
    const struct embedded_file *vendor = strncmp(rel, "vendor/", 7) == 0 ? vendor_find(rel) : NULL;
    if (!vendor && strncmp(rel, "vendor/", 7) == 0) {
        reply_error(r, 404, "not_found", NULL, "no such file (is its Debian package installed?)");
        return;
    }
    if (http_config->web_dir && !vendor) {
        size_t len;
        char *data = read_disk(http_config->web_dir, rel, &len);
        if (!data && !has_ext) {
            data = read_disk(http_config->web_dir, "index.html", &len);
            type = mime_type("index.html");
        }
        if (!data) {
            reply_error(r, 404, "not_found", NULL, "no such file");
            return;
        }
        reply_raw(r, 200, type, data, len, true);
        reply_header(r, "Cache-Control", "no-cache");
        return;
    }
    const struct embedded_file *f = vendor ? vendor : embedded_find(web_path);
    if (!f && !has_ext) {
        f = embedded_find("web/index.html");
        type = mime_type("index.html");
    }
    if (!f) {
        reply_error(r, 404, "not_found", NULL, "no such file");
        return;
    }
    /* The ETag is the content hash: a revisit on a slow line costs one small 304. */
    unsigned char h[16];
    crypto_generichash(h, sizeof h, f->data, f->len, NULL, 0);
    char etag[40];
    etag[0] = '"';
    util_hex(h, sizeof h, etag + 1);
    strcat(etag, "\"");
    reply_header(r, "ETag", etag);
    reply_header(r, "Cache-Control", "no-cache");
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strcmp(inm, etag) == 0) {
        reply_empty(r, 304);
        return;
    }
    reply_raw(r, 200, type, (char *)f->data, f->len, false);
    r->static_file = f;
}

/* ---- the request lifecycle ---- */

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void peer_address(struct MHD_Connection *c, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    out[0] = '\0';
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)cap);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)cap);
}

static bool is_api_path(const char *p)
{
    return strncmp(p, "/api/", 5) == 0 || strcmp(p, "/healthz") == 0 ||
           strcmp(p, "/metrics") == 0 || strncmp(p, "/open311/", 9) == 0;
}

/* Appends "name=value&" for each query argument to the key being built. */
struct key_buf { char s[1024]; size_t n; bool overflow; };
static void key_add(struct key_buf *k, const char *a, const char *b)
{
    int w = snprintf(k->s + k->n, sizeof k->s - k->n, "%s%s", a, b ? b : "");
    if (w < 0 || (size_t)w >= sizeof k->s - k->n) k->overflow = true;
    else k->n += (size_t)w;
}
static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    key_add(cls, key, "=");
    key_add(cls, value ? value : "", "&");
    return MHD_YES;
}

/* Runs a cacheable GET handler through the reply cache (cache.h). The key holds everything the
 * reply depends on: path, query, the reader's scope and role, today, and the data generations. */
static void run_cached(struct req *r)
{
    struct key_buf k = {.n = 0};
    char today[ISO_DATE_LEN];
    util_today(today);
    key_add(&k, r->path, "?");
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, key_arg, &k);
    key_add(&k, "|scope=", r->who.national ? "*" : r->who.unit_code);
    key_add(&k, "|role=", r->who.role_name);     /* replies may say what the role may do */
    key_add(&k, "|today=", today);
    char names[64];
    util_copy(names, sizeof names, r->route->cache);
    for (char *save, *name = strtok_r(names, ",", &save); name;
         name = strtok_r(NULL, ",", &save)) {
        int64_t gen;
        if (r->st->generation(r->st, name, &gen) != ST_OK) k.overflow = true;
        char g[48];
        snprintf(g, sizeof g, "|%s=%lld", name, (long long)gen);
        key_add(&k, g, NULL);
    }
    char *body, etag[CACHE_ETAG_LEN];
    size_t len;
    if (!k.overflow && cache_get(k.s, 0, &body, &len, etag)) {
        reply_raw(r, 200, "application/json; charset=utf-8", body, len, true);
    } else {
        r->route->handler(r);
        if (r->status != 200 || k.overflow || r->out_static) return;
        cache_put(k.s, 0, r->out, r->out_len, etag);
    }
    reply_header(r, "ETag", etag);
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strcmp(inm, etag) == 0) reply_empty(r, 304);
}

/* Finds the route once, when the headers arrive: its body limit applies to the upload that
 * follows. Parameters are copied into the request's arena. */
static void find_route(struct req *r)
{
    if (!is_api_path(r->path)) return;
    char buf[512];
    r->route = router_match(r->method, r->path, r->param, buf, sizeof buf, r->allow,
                            sizeof r->allow);
    for (int i = 0; i < MAX_PARAMS; i++)
        r->param[i] = r->route && r->param[i] ? req_strdup(r, r->param[i]) : NULL;
}

static void dispatch(struct req *r)
{
    if (!is_api_path(r->path)) {
        serve_static(r);
        return;
    }
    if (!r->route) {
        if (r->allow[0]) {
            reply_header(r, "Allow", r->allow);
            reply_error(r, 405, "method_not_allowed", NULL, "%s is not allowed here; use %s",
                        r->method, r->allow);
        } else {
            reply_error(r, 404, "not_found", NULL, "no such endpoint: %s", r->path);
        }
        return;
    }
    if (r->body_too_large) {
        reply_error(r, 413, "payload_too_large", NULL, "the body is larger than %zu bytes",
                    r->body_cap);
        return;
    }
    if (r->upload_refused) {
        if (!req_header(r, "Content-Length")) {
            reply_error(r, 411, "length_required", NULL,
                        "send the file with a Content-Length header");
        } else {
            reply_header(r, "Retry-After", "5");
            reply_error(r, 503, "busy", NULL, "too many uploads at once; try again shortly");
        }
        return;
    }
    r->st = http_thread_store();
    if (!r->st) {
        reply_error(r, 503, "unavailable", NULL, "the database cannot be opened");
        return;
    }
    r->db_before = r->st->db_seconds(r->st);
    if (!auth_gate(r)) return;
    /* Reads go to the replica (--read-db) once the session is checked on the primary; the
     * time spent on both counts in the request's database time. */
    if (http_config->read_db_url && strcmp(r->route->method, "GET") == 0) {
        struct store *ro = http_thread_read_store();
        if (!ro) {
            reply_error(r, 503, "unavailable", NULL, "the read database cannot be opened");
            return;
        }
        double spent = r->st->db_seconds(r->st) - r->db_before;
        r->st = ro;
        r->db_before = ro->db_seconds(ro) - spent;
    }
    if (r->route->cache && strcmp(r->route->method, "GET") == 0) run_cached(r);
    else r->route->handler(r);
}

/* gzip of IN (level 6 for static files compressed once, 1 for replies on the fly); NULL if it
 * would not be smaller. Caller frees. */
static char *gzip(const char *in, size_t len, int level, size_t *out_len)
{
    z_stream z = {0};
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    size_t cap = deflateBound(&z, len);
    char *out = malloc(cap);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    *out_len = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || *out_len >= len) {
        free(out);
        return NULL;
    }
    return out;
}

static bool accepts_gzip(struct req *r)
{
    const char *ae = req_header(r, "Accept-Encoding");
    return ae && strstr(ae, "gzip");
}

/* Replies worth compressing: JSON, HTML, CSS, JS over 2 KiB. Slow lines in commune offices
 * and phones on 3G are who this is for; a 28 KB province subtree becomes about 4 KB. */
#define GZIP_MIN 2048

/* The UI's files, compressed once on first use. */
static struct { const struct embedded_file *f; char *gz; size_t len; } gz_files[64];
static pthread_mutex_t gz_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *static_gzip(const struct embedded_file *f, size_t *len)
{
    pthread_mutex_lock(&gz_lock);
    const char *res = NULL;
    size_t i;
    for (i = 0; i < 64 && gz_files[i].f; i++)
        if (gz_files[i].f == f) break;
    if (i < 64) {
        if (!gz_files[i].f) {
            gz_files[i].f = f;
            gz_files[i].gz = gzip((const char *)f->data, f->len, 6, &gz_files[i].len);
        }
        res = gz_files[i].gz;
        *len = gz_files[i].len;
    }
    pthread_mutex_unlock(&gz_lock);
    return res;
}

static void maybe_compress(struct req *r)
{
    if (r->out_len < GZIP_MIN || !r->content_type || !accepts_gzip(r)) return;
    if (!strstr(r->content_type, "json") && !strstr(r->content_type, "text/")) return;
    if (r->out_static && r->static_file) {
        size_t len;
        const char *gz = static_gzip(r->static_file, &len);
        if (!gz) return;
        r->out = (char *)gz;
        r->out_len = len;
    } else {
        size_t len;
        char *gz = gzip(r->out, r->out_len, 1, &len);
        if (!gz) return;
        if (!r->out_static) free(r->out);
        r->out = gz;
        r->out_len = len;
        r->out_static = false;
    }
    r->gzipped = true;
}

static enum MHD_Result send_reply(struct req *r)
{
    maybe_compress(r);
    struct MHD_Response *resp;
    if (r->out_len == 0)
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    else if (r->out_static)
        resp = MHD_create_response_from_buffer(r->out_len, r->out, MHD_RESPMEM_PERSISTENT);
    else {
        resp = MHD_create_response_from_buffer(r->out_len, r->out, MHD_RESPMEM_MUST_FREE);
        r->out = NULL;  /* MHD owns it now */
    }
    if (!resp) return MHD_NO;
    if (r->content_type) MHD_add_response_header(resp, "Content-Type", r->content_type);
    if (r->gzipped) MHD_add_response_header(resp, "Content-Encoding", "gzip");
    if (r->out_len >= GZIP_MIN || r->gzipped) MHD_add_response_header(resp, "Vary", "Accept-Encoding");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    /* Cacheable API replies (the unit tree, documents) may be kept by the browser and
     * revalidated with their ETag; everything else (users, audit, tokens) is never stored. */
    if (is_api_path(r->path))
        MHD_add_response_header(resp, "Cache-Control", r->route && r->route->cache
                                                           ? "private, no-cache"
                                                           : "no-store");
    else
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; "
                                "frame-ancestors 'none'");
    for (int i = 0; i < r->n_headers; i++)
        MHD_add_response_header(resp, r->headers[i][0], r->headers[i][1]);
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static atomic_size_t upload_in_flight;

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* libmicrohttpd hands the handler the path and the query values as C strings after
 * %-decoding, so "%00" would cut "/api/v1/tasks/1%00x" to "/api/v1/tasks/1". This decodes every
 * escape but that one, which stays as its three characters and so fails every check of the
 * value it is in. ('+' in a query is turned into a space by libmicrohttpd before this.) */
static size_t unescape_keep_nul(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    char *w = s;
    for (const char *p = s; *p;) {
        int hi = p[0] == '%' ? hex_digit(p[1]) : -1, lo = hi >= 0 ? hex_digit(p[2]) : -1;
        if (lo >= 0 && (hi | lo)) {
            *w++ = (char)(hi * 16 + lo);
            p += 3;
        } else {
            *w++ = *p++;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **ctx)
{
    (void)cls;
    (void)version;
    struct req *r = *ctx;
    if (!r) {
        /* First call: headers only. Never reply here (keep-alive would be lost). */
        r = calloc(1, sizeof *r);
        if (!r) return MHD_NO;
        r->conn = conn;
        r->method = method;
        r->path = url;
        r->started = mono_now();
        r->status = 500;
        peer_address(conn, r->address, sizeof r->address);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
        find_route(r);
        r->body_cap = r->route && r->route->body_max ? r->route->body_max : BODY_MAX;
        if (r->body_cap > BODY_MAX) {
            /* An upload: hold the declared size against the budget for all uploads in flight,
             * so that many slow uploads cannot exhaust memory. */
            if (!cl || declared > r->body_cap) {
                r->upload_refused = !cl;
            } else if (atomic_fetch_add(&upload_in_flight, declared) + declared > UPLOAD_BUDGET) {
                atomic_fetch_sub(&upload_in_flight, declared);
                r->upload_refused = true;
            } else {
                r->upload_reserved = declared;
            }
        }
        if (declared > r->body_cap) r->body_too_large = true;
        *ctx = r;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!r->body_too_large && !r->upload_refused) {
            if (r->body_len + *upload_size > r->body_cap) {
                r->body_too_large = true;
                free(r->body);
                r->body = NULL;
                r->body_len = 0;
            } else {
                char *grown = realloc(r->body, r->body_len + *upload_size + 1);
                if (!grown) return MHD_NO;
                r->body = grown;
                memcpy(r->body + r->body_len, upload_data, *upload_size);
                r->body_len += *upload_size;
                r->body[r->body_len] = '\0';
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    dispatch(r);
    return send_reply(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **ctx,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct req *r = *ctx;
    if (!r) return;
    double elapsed = mono_now() - r->started;
    double db = r->st ? r->st->db_seconds(r->st) - r->db_before : 0;
    metrics_record(r->route ? r->route->pattern : (is_api_path(r->path) ? "unmatched" : "static"),
                   r->method, r->status, elapsed, db);
    if (http_config->log_requests) {
        char path[256];
        util_copy(path, sizeof path, r->path);
        sanitise(path, true);
        util_log("info", "method=%s path=\"%s\" status=%d ms=%.3f db_ms=%.3f user=%s addr=%s",
                 r->method, path, r->status, elapsed * 1000, db * 1000,
                 r->who.known ? r->who.username : "-", r->address);
    }
    if (r->out && !r->out_static) free(r->out);
    if (r->upload_reserved) atomic_fetch_sub(&upload_in_flight, r->upload_reserved);
    free(r->body);
    while (r->arena) {
        struct arena_block *next = r->arena->next;
        free(r->arena);
        r->arena = next;
    }
    free(r);
    *ctx = NULL;
}

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) { (void)sig; stop_requested = 1; }

int http_serve(const struct server_config *cfg)
{
    http_config = cfg;
    char host[64] = "127.0.0.1";
    unsigned port = 8057;
    const char *colon = strrchr(cfg->listen, ':');
    if (colon) {
        size_t hl = (size_t)(colon - cfg->listen);
        if (hl > 0 && hl < sizeof host) {
            memcpy(host, cfg->listen, hl);
            host[hl] = '\0';
        }
        port = (unsigned)atoi(colon + 1);
    } else {
        port = (unsigned)atoi(cfg->listen);
    }
    if (port == 0 || port > 65535) {
        fprintf(stderr, "nq57: --listen wants ADDR:PORT, e.g. 127.0.0.1:8057\n");
        return 2;
    }
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fprintf(stderr, "nq57: --listen address %s is not an IPv4 address\n", host);
        return 2;
    }
    /* Fail early, with a clear message, if the database cannot be opened. */
    struct store *probe = http_thread_store();
    if (!probe || probe->ping(probe) != ST_OK) {
        fprintf(stderr, "nq57: cannot use database %s; create it with `nq57 init --db %s`\n",
                cfg->db_url, cfg->db_url);
        return 1;
    }
    probe->session_prune(probe, util_now());
    struct store *read_probe = http_thread_read_store();
    if (!read_probe || read_probe->ping(read_probe) != ST_OK) {
        fprintf(stderr, "nq57: cannot use the read database %s\n", cfg->read_db_url);
        return 1;
    }

    struct sigaction act = {.sa_handler = on_signal};
    sigemptyset(&act.sa_mask);
    sigaction(SIGTERM, &act, NULL);
    sigaction(SIGINT, &act, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ERROR_LOG |
            MHD_USE_ITC,
        (uint16_t)port, NULL, NULL, on_request, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
        MHD_OPTION_CONNECTION_LIMIT, cfg->connection_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(8 * 1024),
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape_keep_nul, NULL,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "nq57: cannot listen on %s:%u (%s); is another server using the port?\n",
                host, port, strerror(errno));
        return 1;
    }
    util_log("info", "msg=\"nq57 serving\" listen=%s:%u db=%s threads=%u", host, port,
             cfg->db_url, cfg->threads);
    int64_t last_prune = util_now();
    util_log_buffered(true);
    while (!stop_requested) {
        sleep(1);
        util_log_flush();
        if (util_now() - last_prune > 600) {
            probe->session_prune(probe, util_now());
            last_prune = util_now();
        }
    }
    util_log("info", "msg=\"shutting down: finishing requests in flight\"");
    /* Stop accepting, let requests in flight finish, then stop the threads. */
    MHD_quiesce_daemon(d);
    MHD_stop_daemon(d);
    pthread_mutex_lock(&stores_lock);
    for (int i = 0; i < n_stores; i++) stores[i]->close(stores[i]);
    n_stores = 0;
    pthread_mutex_unlock(&stores_lock);
    util_log("info", "msg=\"stopped\"");
    util_log_buffered(false);
    return 0;
}
