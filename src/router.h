/* The route table: every endpoint is one row (method, path pattern, handler, roles allowed),
 * kept in routes.c. Adding an endpoint means one row and one handler function. */
#ifndef NQ57_ROUTER_H
#define NQ57_ROUTER_H
#include <stdbool.h>
#include <stddef.h>

struct req;
typedef void (*handler_fn)(struct req *r);

enum route_access {
    ACCESS_PUBLIC,       /* no account needed */
    ACCESS_USER,         /* a signed-in user or an API token with one of ROLES (0: any role) */
};

struct route {
    const char *method;
    const char *pattern;         /* "/api/v1/units/{code}/children" */
    handler_fn handler;
    enum route_access access;
    unsigned roles;              /* enum role bits allowed; 0: any */
    const char *cache;           /* "units" or "documents,units": GET replies are a pure
                                    function of the request, the reader's
                                    scope, today and these data generations: cache them */
    size_t body_max;             /* largest request body accepted; 0: BODY_MAX (JSON). Uploads
                                    name their own, and count against the upload budget */
};

extern const struct route routes[];
extern const size_t routes_count;

/* Finds the route for METHOD and PATH, storing up to MAX_PARAMS path parameters in PARAMS
 * (pointers into BUF). When no route matches the method but some match the path, returns NULL
 * and writes the allowed methods ("GET, POST") into ALLOW; otherwise ALLOW is "". */
const struct route *router_match(const char *method, const char *path, const char **params,
                                 char *buf, size_t buflen, char *allow, size_t allowlen);

#endif
