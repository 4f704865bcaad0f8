/* The route table: matching, parameters, 405 detection, and the table's own consistency. */
#include "check.h"
#include "http.h"
#include "router.h"

int main(void)
{
    static const struct {
        const char *method, *path, *pattern, *param, *allow;
    } cases[] = {
        {"GET", "/healthz", "/healthz", NULL, ""},
        {"GET", "/api/v1/units", "/api/v1/units", NULL, ""},
        {"POST", "/api/v1/units", "/api/v1/units", NULL, ""},
        {"GET", "/api/v1/units/tree", "/api/v1/units/tree", NULL, ""},
        {"GET", "/api/v1/units/P01", "/api/v1/units/{code}", "P01", ""},
        {"PATCH", "/api/v1/units/OLD-P80", "/api/v1/units/{code}", "OLD-P80", ""},
        {"GET", "/api/v1/units/P79/subtree", "/api/v1/units/{code}/subtree", "P79", ""},
        {"HEAD", "/api/v1/units/P79", "/api/v1/units/{code}", "P79", ""},
        {"DELETE", "/api/v1/tokens/12", "/api/v1/tokens/{id}", "12", ""},
        {"GET", "/api/v1/audit/verify", "/api/v1/audit/verify", NULL, ""},
        /* a parameter followed by a literal in its segment */
        {"GET", "/open311/v2/requests/K7M-4QX-9TP.json", "/open311/v2/requests/{id}.json",
         "K7M-4QX-9TP", ""},
        {"GET", "/api/v1/feedback/backlog", "/api/v1/feedback/backlog", NULL, ""},
        {"GET", "/api/v1/feedback/K7M4QX9TP", "/api/v1/feedback/{code}", "K7M4QX9TP", ""},
        /* no match */
        {"GET", "/open311/v2/requests/.json", NULL, NULL, ""},
        {"GET", "/open311/v2/requests/K7M.xml", NULL, NULL, ""},
        {"GET", "/api/v1/unknown", NULL, NULL, ""},
        {"GET", "/api/v1/units/", NULL, NULL, ""},
        {"GET", "/api/v1/units/P01/extra/more", NULL, NULL, ""},
        /* path known, method not */
        {"DELETE", "/healthz", NULL, NULL, "GET"},
        {"PUT", "/api/v1/users", NULL, NULL, "GET, POST"},
        {"DELETE", "/api/v1/units/P01", NULL, NULL, "GET, PATCH"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *params[MAX_PARAMS] = {0};
        char buf[256], allow[64];
        const struct route *rt = router_match(cases[i].method, cases[i].path, params, buf,
                                              sizeof buf, allow, sizeof allow);
        if (cases[i].pattern) {
            CHECK(rt && strcmp(rt->pattern, cases[i].pattern) == 0, "%s %s -> %s",
                  cases[i].method, cases[i].path, rt ? rt->pattern : "(none)");
            if (cases[i].param) CHECK_STR(params[0], cases[i].param);
        } else {
            CHECK(rt == NULL, "%s %s should not match", cases[i].method, cases[i].path);
            CHECK_STR(allow, cases[i].allow);
        }
    }
    /* Every route: a known method, an absolute path, a handler; no duplicate method+pattern. */
    for (size_t i = 0; i < routes_count; i++) {
        const struct route *a = &routes[i];
        CHECK(a->handler != NULL, "%s %s has a handler", a->method, a->pattern);
        CHECK(a->pattern[0] == '/', "%s is absolute", a->pattern);
        CHECK(!strcmp(a->method, "GET") || !strcmp(a->method, "POST") ||
                  !strcmp(a->method, "PATCH") || !strcmp(a->method, "PUT") ||
                  !strcmp(a->method, "DELETE"),
              "%s has a known method %s", a->pattern, a->method);
        for (size_t j = i + 1; j < routes_count; j++)
            CHECK(strcmp(a->method, routes[j].method) || strcmp(a->pattern, routes[j].pattern),
                  "duplicate route %s %s", a->method, a->pattern);
    }
    return check_done("router");
}
