/* /api/v1/audit: the audit log (admin and standing office), newest first, and its check. */
#include "api.h"
#include "audit.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

struct audit_page { json_t *items; int64_t last; int n; };

static json_t *json_or_null(const char *s)
{
    if (!s) return json_null();
    json_t *v = json_loads(s, 0, NULL);
    return v ? v : json_string(s);
}

static int collect(void *ctx, const struct audit_entry *e)
{
    struct audit_page *p = ctx;
    json_array_append_new(p->items,
                          json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s}", "id",
                                    (json_int_t)e->id, "at", e->at, "actor", e->actor, "action",
                                    e->action, "entity", e->entity, "entity_id", e->entity_id,
                                    "before", json_or_null(e->before_json), "after",
                                    json_or_null(e->after_json), "hash", e->hash));
    p->last = e->id;
    p->n++;
    return 0;
}

void api_audit_list(struct req *r)
{
    int limit = req_limit(r);
    if (limit < 0) return;
    const char *cursor = cursor_decode(r);
    if (req_query(r, "cursor") && !cursor) return;
    int64_t before = cursor ? strtoll(cursor, NULL, 10) : 0;
    struct audit_page p = {json_array(), 0, 0};
    enum store_rc rc = r->st->audit_list(r->st, req_query(r, "entity"),
                                         req_query(r, "entity_id"), req_query(r, "actor"),
                                         before, limit, collect, &p);
    if (rc != ST_OK) {
        json_decref(p.items);
        reply_store_error(r, rc, "audit");
        return;
    }
    char next[24];
    snprintf(next, sizeof next, "%lld", (long long)p.last);
    reply_json(r, 200, page_json(p.items, p.n == limit ? next : NULL));
}

void api_audit_verify(struct req *r)
{
    struct audit_verdict v;
    enum store_rc rc = audit_verify(r->st, &v);
    if (rc != ST_OK) { reply_store_error(r, rc, "audit"); return; }
    reply_json(r, 200, json_pack("{s:b, s:I, s:o, s:o}", "ok", v.ok, "checked",
                                 (json_int_t)v.checked, "first_broken",
                                 v.ok ? json_null() : json_integer(v.first_broken), "reason",
                                 v.ok ? json_null() : json_string(v.reason)));
}
