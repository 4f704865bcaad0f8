/* /api/v1/feedback/kinds, /routing, /settings: what administrators set for system 2 — the
 * handling time of each kind in working days, the routing rules, the default unit and the
 * submission rate limit. Every change is audited and bumps the "feedback" generation. */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "feedback.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DAYS 365

static void collect_kind(void *ctx, const struct feedback_kind *k)
{
    json_array_append_new(ctx, json_pack("{s:s, s:s, s:i, s:b}", "code", k->code, "name",
                                         k->name, "days", k->days, "contact_required",
                                         k->contact_required));
}

/* GET /api/v1/feedback/kinds: the kinds with their handling time, and the fields. */
void api_feedback_kinds(struct req *r)
{
    json_t *items = json_array(), *fields = json_array();
    enum store_rc rc = r->st->feedback_kind_list(r->st, collect_kind, items);
    for (int i = 0; feedback_fields[i][0]; i++)
        json_array_append_new(fields, json_pack("{s:s, s:s}", "code", feedback_fields[i][0],
                                                "name", feedback_fields[i][1]));
    if (rc != ST_OK) {
        json_decref(items);
        json_decref(fields);
        reply_store_error(r, rc, "kinds");
        return;
    }
    reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "fields", fields));
}

struct kind_tx { struct req *r; const char *code; long days; };
static enum store_rc kind_write(struct store *st, void *vctx)
{
    struct kind_tx *t = vctx;
    enum store_rc rc = st->feedback_kind_set(st, t->code, (int)t->days);
    if (rc != ST_OK) return rc;
    json_t *after = json_pack("{s:i}", "days", (int)t->days);
    rc = audit_append(st, auth_actor(t->r), "update", "feedback_kind", t->code, NULL, after);
    json_decref(after);
    return rc;
}

/* PATCH /api/v1/feedback/kinds/{kind} {"days"}: applies to submissions received from now on. */
void api_feedback_kind_update(struct req *r)
{
    if (!feedback_kind_name(r->param[0])) {
        reply_error(r, 404, "not_found", "kind", "no kind %s", r->param[0]);
        return;
    }
    long days;
    struct field_spec spec[] = {{"days", F_INT, true, MAX_DAYS, &days}, {0}};
    if (!input_parse(r, spec)) return;
    if (days < 1) {
        reply_error(r, 400, "validation_failed", "days", "days must be 1 to %d", MAX_DAYS);
        return;
    }
    struct kind_tx t = {r, r->param[0], days};
    enum store_rc rc = store_tx(r->st, kind_write, &t);
    if (rc != ST_OK) { reply_store_error(r, rc, "kind"); return; }
    api_feedback_kinds(r);
}

static json_t *view_route(const struct feedback_route *rt)
{
    return json_pack("{s:I, s:i, s:o, s:o, s:o, s:{s:s, s:s}, s:s, s:s}", "id",
                     (json_int_t)rt->id, "position", rt->position, "kind",
                     *rt->kind ? json_string(rt->kind) : json_null(), "field",
                     *rt->field ? json_string(rt->field) : json_null(), "concerns",
                     *rt->concerns_code ? json_pack("{s:s, s:s}", "code", rt->concerns_code,
                                                    "name", rt->concerns_name)
                                        : json_null(),
                     "target", "code", rt->target_code, "name", rt->target_name, "created_at",
                     rt->created_at, "created_by", rt->created_by);
}
static void collect_route(void *ctx, const struct feedback_route *rt)
{
    json_array_append_new(ctx, view_route(rt));
}

/* GET /api/v1/feedback/routing: the rules, in position order. */
void api_feedback_routing_list(struct req *r)
{
    json_t *items = json_array();
    enum store_rc rc = r->st->feedback_routes(r->st, collect_route, items);
    if (rc != ST_OK) {
        json_decref(items);
        reply_store_error(r, rc, "routing");
        return;
    }
    reply_json(r, 200, page_json(items, NULL));
}

struct route_tx { struct req *r; struct feedback_route rt; int64_t concerns_id, id; bool remove; };
static enum store_rc route_write(struct store *st, void *vctx)
{
    struct route_tx *t = vctx;
    enum store_rc rc = t->remove ? st->feedback_route_delete(st, t->id)
                                 : st->feedback_route_insert(st, &t->rt, t->concerns_id, &t->id);
    if (rc != ST_OK) return rc;
    json_t *after = t->remove ? NULL
                              : json_pack("{s:i, s:s, s:s, s:s, s:s}", "position",
                                          t->rt.position, "kind", t->rt.kind, "field",
                                          t->rt.field, "concerns", t->rt.concerns_code,
                                          "target", t->rt.target_code);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)t->id);
    rc = audit_append(st, auth_actor(t->r), t->remove ? "delete" : "create", "feedback_route",
                      id, NULL, after);
    json_decref(after);
    return rc;
}

struct route_find { int64_t id; json_t *found; };
static void find_route(void *ctx, const struct feedback_route *rt)
{
    struct route_find *f = ctx;
    if (rt->id == f->id) f->found = view_route(rt);
}

/* POST /api/v1/feedback/routing {"kind", "field", "concerns", "target", "position"}: a rule. */
void api_feedback_routing_create(struct req *r)
{
    const char *kind = NULL, *field = NULL, *concerns = NULL, *target;
    long position;
    struct field_spec spec[] = {
        {"kind", F_STRING, false, 20, &kind},
        {"field", F_STRING, false, 40, &field},
        {"concerns", F_STRING, false, CODE_MAX - 1, &concerns},
        {"target", F_STRING, true, CODE_MAX - 1, &target},
        {"position", F_INT, false, 100000, &position},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (kind && !feedback_kind_name(kind)) {
        reply_error(r, 400, "validation_failed", "kind",
                    "kind must be phan_anh, kien_nghi, sang_kien or giai_phap");
        return;
    }
    if (field && !feedback_field_name(field)) {
        reply_error(r, 400, "validation_failed", "field", "no field %s", field);
        return;
    }
    struct route_tx t = {.r = r};
    struct unit u;
    if (concerns) {
        if (r->st->unit_get(r->st, concerns, NULL, &u) != ST_OK) {
            reply_error(r, 400, "validation_failed", "concerns", "no unit %s", concerns);
            return;
        }
        t.concerns_id = u.id;
    }
    if (r->st->unit_get(r->st, target, NULL, &u) != ST_OK || !u.active) {
        reply_error(r, 400, "validation_failed", "target", "no unit %s", target);
        return;
    }
    char now[TIME_LEN];
    util_now_iso(now);
    t.rt = (struct feedback_route){.position = position == F_INT_ABSENT ? 100 : (int)position,
                                   .kind = kind ? kind : "", .field = field ? field : "",
                                   .concerns_code = concerns ? concerns : "",
                                   .target_code = target, .target_id = u.id, .created_at = now,
                                   .created_by = auth_actor(r)};
    enum store_rc rc = store_tx(r->st, route_write, &t);
    if (rc != ST_OK) { reply_store_error(r, rc, "routing rule"); return; }
    struct route_find f = {t.id, NULL};
    rc = r->st->feedback_routes(r->st, find_route, &f);
    if (rc != ST_OK || !f.found) {
        json_decref(f.found);
        reply_store_error(r, rc == ST_OK ? ST_ERROR : rc, "routing rule");
        return;
    }
    reply_json(r, 201, f.found);
}

/* DELETE /api/v1/feedback/routing/{id} */
void api_feedback_routing_delete(struct req *r)
{
    char *end;
    long long id = strtoll(r->param[0], &end, 10);
    struct route_tx t = {.r = r, .id = id, .remove = true};
    enum store_rc rc = *end || id <= 0 ? ST_NOT_FOUND : store_tx(r->st, route_write, &t);
    if (rc == ST_NOT_FOUND) {
        reply_error(r, 404, "not_found", NULL, "no routing rule %s", r->param[0]);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "routing rule"); return; }
    reply_empty(r, 204);
}

/* GET /api/v1/feedback/settings: the default unit and the submissions allowed per address in
 * 15 minutes. */
void api_feedback_settings_get(struct req *r)
{
    char unit[CODE_MAX] = "", max[16] = "5";
    enum store_rc rc = r->st->feedback_setting_get(r->st, "default_unit", unit, sizeof unit);
    if (rc == ST_OK || rc == ST_NOT_FOUND)
        rc = r->st->feedback_setting_get(r->st, "max_per_address", max, sizeof max);
    if (rc != ST_OK && rc != ST_NOT_FOUND) { reply_store_error(r, rc, "settings"); return; }
    reply_json(r, 200, json_pack("{s:s, s:i}", "default_unit", unit, "max_per_address",
                                 atoi(max)));
}

struct settings_tx { struct req *r; const char *unit; long max; };
static enum store_rc settings_write(struct store *st, void *vctx)
{
    struct settings_tx *t = vctx;
    enum store_rc rc = ST_OK;
    json_t *after = json_object();
    if (t->unit) {
        rc = st->feedback_setting_set(st, "default_unit", t->unit);
        json_object_set_new(after, "default_unit", json_string(t->unit));
    }
    if (rc == ST_OK && t->max != F_INT_ABSENT) {
        char v[24];
        snprintf(v, sizeof v, "%ld", t->max);
        rc = st->feedback_setting_set(st, "max_per_address", v);
        json_object_set_new(after, "max_per_address", json_integer(t->max));
    }
    if (rc == ST_OK)
        rc = audit_append(st, auth_actor(t->r), "update", "feedback_settings", "feedback", NULL,
                          after);
    json_decref(after);
    return rc;
}

/* PATCH /api/v1/feedback/settings {"default_unit", "max_per_address"} */
void api_feedback_settings_update(struct req *r)
{
    struct settings_tx t = {.r = r};
    struct field_spec spec[] = {
        {"default_unit", F_STRING, false, CODE_MAX - 1, &t.unit},
        {"max_per_address", F_INT, false, 100000, &t.max},
        {0},
    };
    if (!input_parse(r, spec)) return;
    struct unit u;
    if (t.unit && r->st->unit_get(r->st, t.unit, NULL, &u) != ST_OK) {
        reply_error(r, 400, "validation_failed", "default_unit", "no unit %s", t.unit);
        return;
    }
    if (t.max != F_INT_ABSENT && t.max < 1) {
        reply_error(r, 400, "validation_failed", "max_per_address",
                    "max_per_address must be at least 1");
        return;
    }
    enum store_rc rc = store_tx(r->st, settings_write, &t);
    if (rc != ST_OK) { reply_store_error(r, rc, "settings"); return; }
    api_feedback_settings_get(r);
}
