/* Health, metrics, the OpenAPI document, and list paging helpers. */
#include "api.h"
#include "embedded.h"
#include "metrics.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#ifndef NQ57_VERSION
#define NQ57_VERSION "0.1.0"
#endif

void api_healthz(struct req *r)
{
    bool ok = r->st->ping(r->st) == ST_OK;
    reply_json(r, ok ? 200 : 503,
               json_pack("{s:s, s:s, s:s, s:s}", "status", ok ? "ok" : "degraded", "db",
                         ok ? "ok" : "unreachable", "backend", r->st->backend, "version",
                         NQ57_VERSION));
}

void api_metrics(struct req *r)
{
    size_t len;
    char *text = metrics_render(&len);
    reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, len, true);
}

void api_openapi(struct req *r)
{
    const struct embedded_file *f = embedded_find("docs/openapi.json");
    if (!f) {
        reply_error(r, 404, "not_found", NULL, "this build carries no OpenAPI document");
        return;
    }
    reply_raw(r, 200, "application/json; charset=utf-8", (char *)f->data, f->len, false);
}

char *cursor_encode(const char *key)
{
    size_t n = strlen(key);
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = malloc(cap);
    sodium_bin2base64(out, cap, (const unsigned char *)key, n,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

const char *cursor_decode(struct req *r)
{
    const char *c = req_query(r, "cursor");
    if (!c) return NULL;
    size_t n = strlen(c);
    char *out = req_alloc(r, n + 1);
    size_t len = 0;
    if (n > 200 || sodium_base642bin((unsigned char *)out, n, c, n, NULL, &len, NULL,
                                     sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
        reply_error(r, 400, "validation_failed", "cursor",
                    "cursor is not one this server gave out");
        return NULL;
    }
    out[len] = '\0';
    bool printable = len > 0;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)out[i] < 0x21 || (unsigned char)out[i] > 0x7e) printable = false;
    if (!printable) {
        reply_error(r, 400, "validation_failed", "cursor",
                    "cursor is not one this server gave out");
        return NULL;
    }
    return out;
}

json_t *page_json(json_t *items, const char *next_key)
{
    json_t *o = json_object();
    json_object_set_new(o, "items", items);
    if (next_key) {
        char *c = cursor_encode(next_key);
        json_object_set_new(o, "next_cursor", json_string(c));
        free(c);
    } else {
        json_object_set_new(o, "next_cursor", json_null());
    }
    return o;
}
