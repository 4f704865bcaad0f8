/* /api/v1/units: the tree of organisations, with its history.
 *
 * Reads take ?as_of=YYYY-MM-DD and answer as of that day (names, parents and existence then);
 * without it they answer for today. Writes never erase history: a rename or move opens a new
 * version from its effective date, a deactivation closes the unit and links it to what it
 * became (merges and splits). Every write is audited in the same transaction. */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "rollup.h"
#include "text.h"
#include "util.h"
#include "views.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const unit_kinds[] = {
    "nation", "centre", "party_body", "steering_committee", "office", "ministry", "agency",
    "province", "city", "former_province", "district", "commune", "ward", "special_zone",
    "party_committee", "party_cell", "school", "enterprise", "other", NULL,
};

static bool kind_valid(const char *k)
{
    for (int i = 0; unit_kinds[i]; i++)
        if (strcmp(unit_kinds[i], k) == 0) return true;
    return false;
}

static bool code_valid(const char *c)
{
    size_t n = strlen(c);
    if (n == 0 || n >= CODE_MAX) return false;
    for (; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.') return false;
    return true;
}

/* Loads the unit named by path parameter 0 (as of AS_OF when given) and checks scope. Replies
 * and returns false on failure. */
static bool load_unit(struct req *r, const char *code, const char *as_of, struct unit *u)
{
    enum store_rc rc = r->st->unit_get(r->st, code, as_of, u);
    if (rc == ST_NOT_FOUND && as_of) {
        /* It exists, but not on that date? Say so rather than a bare 404. */
        struct unit now;
        if (r->st->unit_get(r->st, code, NULL, &now) == ST_OK) {
            if (!auth_require_scope(r, &now)) return false;
            reply_error(r, 404, "not_found", "as_of", "unit %s did not exist on %s (it existed "
                        "from %s%s%s)", code, as_of, now.valid_from, *now.valid_to ? " to " : "",
                        now.valid_to);
            return false;
        }
    }
    if (rc != ST_OK) {
        if (rc == ST_NOT_FOUND) reply_error(r, 404, "not_found", NULL, "no unit %s", code);
        else reply_store_error(r, rc, "unit");
        return false;
    }
    return auth_require_scope(r, u);
}

/* ---- reads ---- */

struct list_ctx { json_t *items; char last[CODE_MAX]; int n; };
static void collect_unit(void *ctx, const struct unit *u)
{
    struct list_ctx *c = ctx;
    json_array_append_new(c->items, view_unit(u));
    util_copy(c->last, sizeof c->last, u->code);
    c->n++;
}

void api_units_list(struct req *r)
{
    int limit = req_limit(r);
    if (limit < 0) return;
    const char *as_of, *after = cursor_decode(r);
    if (!req_date(r, "as_of", &as_of)) return;
    if (req_query(r, "cursor") && !after) return;
    const char *q = req_query(r, "q"), *kind = req_query(r, "kind");
    const char *parent = req_query(r, "parent");
    const char *inactive = req_query(r, "include_inactive");
    char *folded = NULL;
    if (q) {
        if (strlen(q) > 200 || !(folded = text_fold(q))) {
            reply_error(r, 400, "validation_failed", "q", "q must be text of at most 200 bytes");
            return;
        }
    }
    if (kind && !kind_valid(kind)) {
        free(folded);
        reply_error(r, 400, "validation_failed", "kind", "unknown unit kind %s", kind);
        return;
    }
    struct unit_query uq = {
        .folded = folded, .kind = kind, .scope_path = r->who.national ? NULL : r->who.unit_path,
        .as_of = as_of, .after_code = after, .limit = limit,
        .include_inactive = inactive && (strcmp(inactive, "true") == 0 || strcmp(inactive, "1") == 0),
    };
    if (parent) {
        struct unit p;
        if (!load_unit(r, parent, NULL, &p)) { free(folded); return; }
        uq.parent_id = p.id;
    }
    struct list_ctx c = {json_array(), "", 0};
    enum store_rc rc = r->st->unit_search(r->st, &uq, collect_unit, &c);
    free(folded);
    if (rc != ST_OK) {
        json_decref(c.items);
        reply_store_error(r, rc, "units");
        return;
    }
    reply_json(r, 200, page_json(c.items, c.n == limit ? c.last : NULL));
}

/* Builds nested JSON from rows that arrive parents first. */
struct tree_ctx {
    json_t *root;
    json_t *by_id;           /* id -> node */
};
static void tree_add(void *ctx, const struct unit *u)
{
    struct tree_ctx *t = ctx;
    json_t *node = view_unit(u);
    json_object_set_new(node, "children", json_array());
    char key[24];
    snprintf(key, sizeof key, "%lld", (long long)u->id);
    json_object_set(t->by_id, key, node);
    if (!t->root) {
        t->root = node;             /* borrowed from by_id, as every node until reply_tree */
        json_decref(node);
        return;
    }
    snprintf(key, sizeof key, "%lld", (long long)u->parent_id);
    json_t *parent = json_object_get(t->by_id, key);
    if (parent) json_array_append(json_object_get(parent, "children"), node);
    json_decref(node);
}

static void reply_tree(struct req *r, const struct unit *root, const char *as_of, int depth)
{
    struct tree_ctx t = {NULL, json_object()};
    enum store_rc rc = r->st->unit_subtree(r->st, root, as_of, depth, tree_add, &t);
    if (rc != ST_OK || !t.root) {
        json_decref(t.by_id);
        reply_store_error(r, rc == ST_OK ? ST_NOT_FOUND : rc, "unit");
        return;
    }
    json_incref(t.root);
    json_decref(t.by_id);
    json_t *body = json_object();
    json_object_set_new(body, "unit", t.root);
    json_object_set_new(body, "as_of", as_of ? json_string(as_of) : json_null());
    reply_json(r, 200, body);
}

static bool depth_param(struct req *r, int dflt, int *out)
{
    const char *s = req_query(r, "depth");
    *out = dflt;
    if (!s) return true;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 0 || v > 10) {
        reply_error(r, 400, "validation_failed", "depth", "depth must be a whole number 0-10");
        return false;
    }
    *out = (int)v;
    return true;
}

void api_units_tree(struct req *r)
{
    const char *as_of;
    int depth;
    if (!req_date(r, "as_of", &as_of) || !depth_param(r, 2, &depth)) return;
    const char *root_code = req_query(r, "root");
    struct unit root;
    if (!load_unit(r, root_code ? root_code : r->who.unit_code, as_of, &root)) return;
    reply_tree(r, &root, as_of, depth);
}

void api_unit_subtree(struct req *r)
{
    const char *as_of;
    int depth;
    if (!req_date(r, "as_of", &as_of) || !depth_param(r, -1, &depth)) return;
    struct unit root;
    if (!load_unit(r, r->param[0], as_of, &root)) return;
    reply_tree(r, &root, as_of, depth);
}

void api_unit_children(struct req *r)
{
    const char *as_of;
    if (!req_date(r, "as_of", &as_of)) return;
    const char *inactive = req_query(r, "include_inactive");
    struct unit u;
    if (!load_unit(r, r->param[0], as_of, &u)) return;
    struct list_ctx c = {json_array(), "", 0};
    enum store_rc rc = r->st->unit_children(r->st, u.id, as_of,
                                            inactive && strcmp(inactive, "true") == 0,
                                            collect_unit, &c);
    if (rc != ST_OK) {
        json_decref(c.items);
        reply_store_error(r, rc, "units");
        return;
    }
    reply_json(r, 200, json_pack("{s:o}", "items", c.items));
}

static void add_version(void *ctx, const struct unit_version *v)
{
    json_array_append_new(ctx, json_pack("{s:s, s:o, s:s, s:s, s:o, s:o}", "valid_from",
                                         v->valid_from, "valid_to",
                                         *v->valid_to ? json_string(v->valid_to) : json_null(),
                                         "name", v->name, "kind", v->kind, "parent",
                                         *v->parent_code ? json_string(v->parent_code)
                                                         : json_null(),
                                         "parent_name",
                                         *v->parent_code ? json_string(v->parent_name)
                                                         : json_null()));
}
static void add_link(void *ctx, const struct unit_link *l)
{
    json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:s}", "code", l->code, "name",
                                         l->name, "event", l->event, "date", l->date));
}

/* Detail: the unit, its ancestors (breadcrumbs, root first), its history and its links. */
static json_t *unit_detail(struct req *r, const struct unit *u, const char *as_of)
{
    struct store *st = r->st;
    json_t *o = view_unit(u);
    json_t *ancestors = json_array();
    struct unit a = *u;
    for (int guard = 0; a.parent_id && guard < 32; guard++) {
        struct unit p;
        if (st->unit_get(st, a.parent_code, as_of, &p) != ST_OK) break;
        json_array_insert_new(ancestors, 0, json_pack("{s:s, s:s}", "code", p.code, "name",
                                                      p.name));
        a = p;
    }
    json_object_set_new(o, "ancestors", ancestors);
    json_t *history = json_array(), *pred = json_array(), *succ = json_array();
    st->unit_versions(st, u->id, add_version, history);
    st->unit_links(st, u->id, true, add_link, pred);
    st->unit_links(st, u->id, false, add_link, succ);
    json_object_set_new(o, "history", history);
    json_object_set_new(o, "predecessors", pred);
    json_object_set_new(o, "successors", succ);
    return o;
}

void api_unit_get(struct req *r)
{
    const char *as_of;
    if (!req_date(r, "as_of", &as_of)) return;
    struct unit u;
    if (!load_unit(r, r->param[0], as_of, &u)) return;
    reply_json(r, 200, unit_detail(r, &u, as_of));
}

/* ---- writes ---- */

/* Leaders change units below their own, never their own unit or anything above it. */
static bool may_change(struct req *r, const struct unit *u)
{
    if (!auth_require_scope(r, u)) return false;
    if (!r->who.national && u->id == r->who.unit_id) {
        reply_error(r, 403, "forbidden", NULL, "you cannot change your own unit %s; ask the "
                    "unit above it", u->code);
        return false;
    }
    return true;
}

struct unit_write {
    struct req *r;
    struct unit u;                   /* the unit being written */
    json_t *before;
    const char *effective, *event;
    int64_t successors[100];
    int n_successors;
};

static enum store_rc audit_unit(struct store *st, struct unit_write *w, const char *action)
{
    struct unit now;
    enum store_rc rc = st->unit_get_by_id(st, w->u.id, &now);
    if (rc != ST_OK) return rc;
    json_t *after = view_unit(&now);
    rc = audit_append(st, auth_actor(w->r), action, "unit", now.code, w->before, after);
    json_decref(after);
    w->u = now;
    return rc;
}

static enum store_rc create_write(struct store *st, void *ctx)
{
    struct unit_write *w = ctx;
    enum store_rc rc = st->unit_insert(st, &w->u);
    return rc == ST_OK ? audit_unit(st, w, "create") : rc;
}

void api_units_create(struct req *r)
{
    const char *code, *name, *kind, *parent, *valid_from;
    struct field_spec spec[] = {
        {"code", F_STRING, true, CODE_MAX - 1, &code},
        {"name", F_STRING, true, 200, &name},
        {"kind", F_STRING, true, 24, &kind},
        {"parent", F_STRING, true, CODE_MAX - 1, &parent},
        {"valid_from", F_DATE, false, 10, &valid_from},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (!code_valid(code)) {
        reply_error(r, 400, "validation_failed", "code",
                    "code must be 1-39 letters, digits, '-', '_' or '.'");
        return;
    }
    if (!kind_valid(kind)) {
        reply_error(r, 400, "validation_failed", "kind", "unknown unit kind %s", kind);
        return;
    }
    char today[ISO_DATE_LEN];
    util_today(today);
    if (!valid_from) valid_from = today;
    struct unit p;
    enum store_rc rc = r->st->unit_get(r->st, parent, valid_from, &p);
    if (rc == ST_NOT_FOUND) {
        reply_error(r, 400, "validation_failed", "parent",
                    "parent %s does not exist on %s", parent, valid_from);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "unit"); return; }
    if (!auth_require_scope(r, &p)) return;
    struct unit_write w = {.r = r};
    util_copy(w.u.code, sizeof w.u.code, code);
    util_copy(w.u.name, sizeof w.u.name, name);
    util_copy(w.u.kind, sizeof w.u.kind, kind);
    util_copy(w.u.valid_from, sizeof w.u.valid_from, valid_from);
    w.u.parent_id = p.id;
    rc = store_tx(r->st, create_write, &w);
    if (rc == ST_CONFLICT) {
        reply_error(r, 409, "conflict", "code", "a unit with code %s already exists", code);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "unit"); return; }
    reply_json(r, 201, view_unit(&w.u));
}

struct revise_write {
    struct unit_write w;
    const char *name, *kind;
    int64_t parent_id;
};
static enum store_rc revise_write(struct store *st, void *ctx)
{
    struct revise_write *rw = ctx;
    char old_path[PATH_MAX_BYTES];
    util_copy(old_path, sizeof old_path, rw->w.u.path);
    enum store_rc rc = st->unit_revise(st, rw->w.u.id, rw->w.effective, rw->name, rw->kind,
                                       rw->parent_id);
    /* A move changes which units are above the unit's values: the roll-ups follow. */
    struct unit now;
    if (rc == ST_OK) rc = st->unit_get_by_id(st, rw->w.u.id, &now);
    if (rc == ST_OK && strcmp(now.path, old_path) != 0) rc = rollup_rebuild(st);
    return rc == ST_OK ? audit_unit(st, &rw->w, "update") : rc;
}

/* The latest version's start: changes may not be dated before it. */
static void latest_from(void *ctx, const struct unit_version *v)
{
    util_copy(ctx, ISO_DATE_LEN, v->valid_from);
}

void api_unit_update(struct req *r)
{
    const char *name, *kind, *parent, *effective;
    struct field_spec spec[] = {
        {"name", F_STRING, false, 200, &name},
        {"kind", F_STRING, false, 24, &kind},
        {"parent", F_STRING, false, CODE_MAX - 1, &parent},
        {"effective", F_DATE, false, 10, &effective},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (!name && !kind && !parent) {
        reply_error(r, 400, "validation_failed", "name", "give a new name, kind or parent");
        return;
    }
    if (name && !*name) {
        reply_error(r, 400, "validation_failed", "name", "name must not be empty");
        return;
    }
    if (kind && !kind_valid(kind)) {
        reply_error(r, 400, "validation_failed", "kind", "unknown unit kind %s", kind);
        return;
    }
    struct revise_write rw = {.w = {.r = r}};
    if (!load_unit(r, r->param[0], NULL, &rw.w.u) || !may_change(r, &rw.w.u)) return;
    if (*rw.w.u.valid_to) {
        reply_error(r, 409, "conflict", NULL, "unit %s was closed on %s and cannot change",
                    rw.w.u.code, rw.w.u.valid_to);
        return;
    }
    char today[ISO_DATE_LEN], last_from[ISO_DATE_LEN] = "";
    util_today(today);
    if (!effective) effective = today;
    r->st->unit_versions(r->st, rw.w.u.id, latest_from, last_from);
    if (strcmp(effective, last_from) < 0) {
        reply_error(r, 400, "validation_failed", "effective",
                    "effective must be on or after %s, when the current version began",
                    last_from);
        return;
    }
    rw.w.effective = effective;
    rw.name = name ? name : rw.w.u.name;
    rw.kind = kind ? kind : rw.w.u.kind;
    rw.parent_id = rw.w.u.parent_id;
    if (parent) {
        struct unit p;
        enum store_rc rc = r->st->unit_get(r->st, parent, effective, &p);
        if (rc == ST_NOT_FOUND) {
            reply_error(r, 400, "validation_failed", "parent", "parent %s does not exist on %s",
                        parent, effective);
            return;
        }
        if (rc != ST_OK) { reply_store_error(r, rc, "unit"); return; }
        if (!auth_require_scope(r, &p)) return;
        if (strncmp(p.path, rw.w.u.path, strlen(rw.w.u.path)) == 0) {
            reply_error(r, 400, "validation_failed", "parent",
                        "a unit cannot move under itself or its own descendant");
            return;
        }
        rw.parent_id = p.id;
    }
    rw.w.before = view_unit(&rw.w.u);
    enum store_rc rc = store_tx(r->st, revise_write, &rw);
    json_decref(rw.w.before);
    if (rc != ST_OK) { reply_store_error(r, rc, "unit"); return; }
    reply_json(r, 200, view_unit(&rw.w.u));
}

static enum store_rc close_write(struct store *st, void *ctx)
{
    struct unit_write *w = ctx;
    enum store_rc rc = st->unit_close(st, w->u.id, w->effective, w->event, w->successors,
                                      w->n_successors);
    return rc == ST_OK ? audit_unit(st, w, "deactivate") : rc;
}

void api_unit_deactivate(struct req *r)
{
    const char *date, *event;
    struct string_array succ;
    struct field_spec spec[] = {
        {"date", F_DATE, false, 10, &date},
        {"event", F_STRING, false, 16, &event},
        {"successors", F_STRING_ARRAY, false, CODE_MAX - 1, &succ},
        {0},
    };
    if (!input_parse(r, spec)) return;
    struct unit_write w = {.r = r};
    if (!load_unit(r, r->param[0], NULL, &w.u) || !may_change(r, &w.u)) return;
    if (*w.u.valid_to) {
        reply_error(r, 409, "conflict", NULL, "unit %s is already closed (on %s)", w.u.code,
                    w.u.valid_to);
        return;
    }
    char today[ISO_DATE_LEN], last_from[ISO_DATE_LEN] = "";
    util_today(today);
    if (!date) date = today;
    r->st->unit_versions(r->st, w.u.id, latest_from, last_from);
    /* On the day the current version began is allowed: a unit created by mistake today can be
     * closed today, and then never existed on any day. */
    if (strcmp(date, last_from) < 0) {
        reply_error(r, 400, "validation_failed", "date",
                    "date must be on or after %s, when the current version began", last_from);
        return;
    }
    /* DATE is when the change takes effect: the unit's last day is the day before. */
    char last_day[ISO_DATE_LEN];
    util_date_add(date, -1, last_day);
    int n = succ.n < 0 ? 0 : succ.n;
    if (!event) event = n > 1 ? "split" : n == 1 ? "merged" : "dissolved";
    if (strcmp(event, "merged") && strcmp(event, "split") && strcmp(event, "dissolved") &&
        strcmp(event, "continued")) {
        reply_error(r, 400, "validation_failed", "event",
                    "event must be merged, split, continued or dissolved");
        return;
    }
    if (strcmp(event, "dissolved") != 0 && n == 0) {
        reply_error(r, 400, "validation_failed", "successors",
                    "a %s unit needs the code of what it became", event);
        return;
    }
    for (int i = 0; i < n; i++) {
        struct unit s;
        enum store_rc rc = r->st->unit_get(r->st, succ.items[i], NULL, &s);
        if (rc != ST_OK || s.id == w.u.id) {
            reply_error(r, 400, "validation_failed", "successors", "no unit %s to succeed %s",
                        succ.items[i], w.u.code);
            return;
        }
        if (!auth_require_scope(r, &s)) return;
        w.successors[i] = s.id;
    }
    w.n_successors = n;
    int active;
    enum store_rc rc = r->st->unit_active_children(r->st, w.u.id, last_day, &active);
    if (rc != ST_OK) { reply_store_error(r, rc, "unit"); return; }
    if (active > 0) {
        reply_error(r, 409, "conflict", NULL, "unit %s still has %d units below it on %s: "
                    "move or close them first", w.u.code, active, date);
        return;
    }
    w.effective = req_strdup(r, last_day);
    w.event = event;
    w.before = view_unit(&w.u);
    rc = store_tx(r->st, close_write, &w);
    json_decref(w.before);
    if (rc != ST_OK) { reply_store_error(r, rc, "unit"); return; }
    reply_json(r, 200, view_unit(&w.u));
}
