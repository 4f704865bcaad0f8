/* Matching a path against the route table, segment by segment. Routes are tried in table order,
 * so a literal segment listed before a parameter wins ("/units/tree" before "/units/{code}"). */
#include "router.h"
#include "http.h"

#include <string.h>

/* Does PATH match PATTERN? Copies parameter values into BUF and points PARAMS at them. */
static bool match(const char *pattern, const char *path, const char **params, char *buf,
                  size_t buflen)
{
    const char *p = pattern, *s = path;
    size_t used = 0;
    int n = 0;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t len = strcspn(s, "/");
            /* A literal after the parameter in the same segment ("{id}.json") ends it. */
            size_t suffix = close ? strcspn(close + 1, "/") : 0;
            if (suffix) {
                if (len <= suffix || memcmp(s + len - suffix, close + 1, suffix) != 0)
                    return false;
                len -= suffix;
            }
            if (!close || len == 0 || n >= MAX_PARAMS || used + len + 1 > buflen) return false;
            memcpy(buf + used, s, len);
            buf[used + len] = '\0';
            params[n++] = buf + used;
            used += len + 1;
            p = close + 1;
            s += len;
        } else {
            if (*p != *s) return false;
            p++;
            s++;
        }
    }
    return *p == '\0' && *s == '\0';
}

const struct route *router_match(const char *method, const char *path, const char **params,
                                 char *buf, size_t buflen, char *allow, size_t allowlen)
{
    allow[0] = '\0';
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *rt = &routes[i];
        for (int k = 0; k < MAX_PARAMS; k++) params[k] = NULL;   /* no leftovers of a near miss */
        if (!match(rt->pattern, path, params, buf, buflen)) continue;
        if (strcmp(rt->method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
            return rt;
        if (!strstr(allow, rt->method)) {
            size_t n = strlen(allow);
            if (n + strlen(rt->method) + 3 < allowlen) {
                if (n) { strcat(allow, ", "); }
                strcat(allow, rt->method);
            }
        }
    }
    return NULL;
}
