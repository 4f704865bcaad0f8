/* /api/v1/checklists: yes/no criteria that every unit of some kinds must meet (SPEC
 * "Checklists"): the real system turned a commune green when it met every basic criterion for
 * running its public-service centre, and showed each province by the share of its communes that
 * were green (over 50 %, over 70 %, 100 %). Answers are a history; any date can be asked. */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "text.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_ROLES (ROLE_ADMIN | ROLE_STANDING_OFFICE | ROLE_LEADER | ROLE_REPORTER)

struct checklist_copy { bool found; int64_t id; char code[64]; char name[NAME_MAX_BYTES];
                        char kinds[200]; int n_criteria; };
static void copy_checklist(void *ctx, const struct checklist *c)
{
    struct checklist_copy *k = ctx;
    k->found = true;
    k->id = c->id;
    util_copy(k->code, sizeof k->code, c->code);
    util_copy(k->name, sizeof k->name, c->name);
    util_copy(k->kinds, sizeof k->kinds, c->unit_kinds);
}
static void count_criterion(void *ctx, const struct criterion *c)
{
    (void)c;
    ((struct checklist_copy *)ctx)->n_criteria++;
}

/* Loads the checklist named by path parameter 0; replies 404 and returns false if none. */
static bool load_checklist(struct req *r, struct checklist_copy *k)
{
    memset(k, 0, sizeof *k);
    char *end;
    long long id = strtoll(r->param[0], &end, 10);
    enum store_rc rc = *end || id <= 0 ? ST_NOT_FOUND
                                       : r->st->checklist_list(r->st, id, copy_checklist, k);
    if (rc == ST_OK && !k->found) rc = ST_NOT_FOUND;
    if (rc == ST_OK) rc = r->st->criteria_list(r->st, k->id, 0, NULL, count_criterion, k);
    if (rc != ST_OK) {
        if (rc == ST_NOT_FOUND) reply_error(r, 404, "not_found", NULL, "no checklist %s",
                                            r->param[0]);
        else reply_store_error(r, rc, "checklist");
        return false;
    }
    return true;
}

static json_t *kinds_json(const char *kinds)
{
    json_t *a = json_array();
    char buf[200];
    util_copy(buf, sizeof buf, kinds);
    for (char *save, *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save))
        json_array_append_new(a, json_string(k));
    return a;
}

static json_t *view_criterion(const struct criterion *c, bool with_answer)
{
    json_t *o = json_pack("{s:I, s:i, s:s}", "id", (json_int_t)c->id, "position", c->position,
                          "text", c->text);
    if (with_answer) {
        json_object_set_new(o, "met", c->met < 0 ? json_null() : json_boolean(c->met));
        json_object_set_new(o, "day", *c->day ? json_string(c->day) : json_null());
        json_object_set_new(o, "actor", *c->actor ? json_string(c->actor) : json_null());
        json_object_set_new(o, "note", json_string(c->note));
    }
    return o;
}
static void collect_criterion(void *ctx, const struct criterion *c)
{
    json_array_append_new(ctx, view_criterion(c, false));
}
static void collect_answer(void *ctx, const struct criterion *c)
{
    json_array_append_new(ctx, view_criterion(c, true));
}

struct list_ctx { struct req *r; json_t *items; enum store_rc rc; };
static void list_one(void *ctx, const struct checklist *c)
{
    struct list_ctx *l = ctx;
    json_t *criteria = json_array();
    if (l->rc == ST_OK) l->rc = l->r->st->criteria_list(l->r->st, c->id, 0, NULL,
                                                        collect_criterion, criteria);
    json_array_append_new(l->items, json_pack("{s:I, s:s, s:s, s:o, s:o}", "id",
                                              (json_int_t)c->id, "code", c->code, "name",
                                              c->name, "unit_kinds", kinds_json(c->unit_kinds),
                                              "criteria", criteria));
}

void api_checklists_list(struct req *r)
{
    struct list_ctx l = {r, json_array(), ST_OK};
    enum store_rc rc = r->st->checklist_list(r->st, 0, list_one, &l);
    if (rc == ST_OK) rc = l.rc;
    if (rc != ST_OK) {
        json_decref(l.items);
        reply_store_error(r, rc, "checklists");
        return;
    }
    reply_json(r, 200, page_json(l.items, NULL));
}

struct create_ctx { struct req *r; const char *code, *name; char kinds[200];
                    struct string_array criteria; int64_t id; };
static enum store_rc create_write(struct store *st, void *vctx)
{
    struct create_ctx *c = vctx;
    enum store_rc rc = st->checklist_insert(st, c->code, c->name, c->kinds, &c->id);
    for (int i = 0; rc == ST_OK && i < c->criteria.n; i++) {
        int64_t cid;
        rc = st->criterion_insert(st, c->id, i + 1, c->criteria.items[i], &cid);
    }
    if (rc != ST_OK) return rc;
    json_t *after = json_pack("{s:s, s:s, s:s, s:i}", "code", c->code, "name", c->name,
                              "unit_kinds", c->kinds, "criteria", c->criteria.n);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)c->id);
    rc = audit_append(st, auth_actor(c->r), "create", "checklist", id, NULL, after);
    json_decref(after);
    return rc;
}

void api_checklists_create(struct req *r)
{
    struct create_ctx c = {.r = r};
    struct string_array kinds;
    struct field_spec spec[] = {
        {"code", F_STRING, true, 40, &c.code},
        {"name", F_STRING, true, 300, &c.name},
        {"unit_kinds", F_STRING_ARRAY, true, 24, &kinds},
        {"criteria", F_STRING_ARRAY, true, 500, &c.criteria},
        {0},
    };
    if (!input_parse(r, spec)) return;
    static const char *const allowed[] = {"province", "city", "commune", "ward", "special_zone",
                                          "ministry", "agency", "party_committee", "party_cell",
                                          "school", "enterprise", "other"};
    if (kinds.n < 1) {
        reply_error(r, 400, "validation_failed", "unit_kinds", "name at least one unit kind");
        return;
    }
    for (int i = 0; i < kinds.n; i++) {
        bool ok = false;
        for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
            if (!strcmp(kinds.items[i], allowed[k])) ok = true;
        if (!ok) {
            reply_error(r, 400, "validation_failed", "unit_kinds", "unknown unit kind %s",
                        kinds.items[i]);
            return;
        }
        size_t n = strlen(c.kinds);
        snprintf(c.kinds + n, sizeof c.kinds - n, "%s%s", n ? "," : "", kinds.items[i]);
    }
    if (c.criteria.n < 1) {
        reply_error(r, 400, "validation_failed", "criteria", "a checklist needs criteria");
        return;
    }
    for (int i = 0; i < c.criteria.n; i++)
        if (!*c.criteria.items[i]) {
            reply_error(r, 400, "validation_failed", "criteria", "criterion %d is empty", i + 1);
            return;
        }
    enum store_rc rc = store_tx(r->st, create_write, &c);
    if (rc == ST_CONFLICT) {
        reply_error(r, 409, "conflict", "code", "a checklist with code %s exists", c.code);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "checklist"); return; }
    json_t *criteria = json_array();
    r->st->criteria_list(r->st, c.id, 0, NULL, collect_criterion, criteria);
    reply_json(r, 201, json_pack("{s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)c.id, "code",
                                 c.code, "name", c.name, "unit_kinds", kinds_json(c.kinds),
                                 "criteria", criteria));
}

/* Where a share of green units falls against the published thresholds. */
static const char *band(int green, int units)
{
    if (units == 0) return "none";
    if (green == units) return "all";
    if (green * 100 > units * 70) return "over_70";
    if (green * 100 > units * 50) return "over_50";
    return "under_50";
}

static json_t *share_json(int green, int units)
{
    double share = units ? (double)((green * 1000 + units / 2) / units) / 10.0 : 0.0;
    return json_pack("{s:i, s:i, s:f, s:s}", "units", units, "green", green, "share", share,
                     "band", band(green, units));
}

struct summary_ctx {
    const struct unit *root;
    int n_criteria;
    int units, green;
    struct child_units kids;
    struct share { int units, green; } *shares;   /* one per kid */
};
static void tally_unit(void *ctx, const struct checklist_unit *u)
{
    struct summary_ctx *s = ctx;
    bool green = s->n_criteria > 0 && u->met >= s->n_criteria;
    s->units++;
    s->green += green;
    long i = child_units_find(&s->kids, u->path);
    if (i >= 0) {
        s->shares[i].units++;
        s->shares[i].green += green;
    }
}

/* GET /api/v1/checklists/{id}/summary?unit=&as_of= */
void api_checklist_summary(struct req *r)
{
    const char *as_of;
    if (!req_date(r, "as_of", &as_of)) return;
    struct checklist_copy k;
    if (!load_checklist(r, &k)) return;
    struct unit root;
    const char *code = req_query(r, "unit");
    if (r->st->unit_get(r->st, code ? code : r->who.unit_code, NULL, &root) != ST_OK) {
        reply_error(r, 400, "validation_failed", "unit", "no unit %s", code ? code : "");
        return;
    }
    if (!auth_require_scope(r, &root)) return;
    struct summary_ctx s = {.root = &root, .n_criteria = k.n_criteria};
    enum store_rc rc = child_units_load(r->st, &root, as_of, &s.kids);
    s.shares = calloc(s.kids.n ? s.kids.n : 1, sizeof *s.shares);
    if (rc == ST_OK)
        rc = r->st->checklist_units(r->st, k.id, k.kinds, root.path, as_of, tally_unit, &s);
    if (rc != ST_OK) {
        child_units_free(&s.kids);
        free(s.shares);
        reply_store_error(r, rc, "checklist");
        return;
    }
    json_t *children = json_array();
    for (size_t i = 0; i < s.kids.n; i++) {
        if (!s.shares[i].units) continue;   /* no unit of the checklist's kinds below it */
        json_t *row = share_json(s.shares[i].green, s.shares[i].units);
        json_object_set_new(row, "unit", json_pack("{s:s, s:s}", "code", s.kids.items[i].code,
                                                   "name", s.kids.items[i].name));
        json_array_append_new(children, row);
    }
    child_units_free(&s.kids);
    free(s.shares);
    char today[ISO_DATE_LEN];
    util_today(today);
    json_t *body = json_pack("{s:{s:I, s:s, s:s, s:i}, s:{s:s, s:s}, s:s, s:o, s:o}",
                             "checklist", "id", (json_int_t)k.id, "code", k.code, "name", k.name,
                             "criteria", k.n_criteria, "unit", "code", root.code, "name",
                             root.name, "as_of", as_of ? as_of : today, "total",
                             share_json(s.green, s.units), "children", children);
    reply_json(r, 200, body);
}

/* GET /api/v1/checklists/{id}/units/{code}?as_of= */
void api_checklist_unit_get(struct req *r)
{
    const char *as_of;
    if (!req_date(r, "as_of", &as_of)) return;
    struct checklist_copy k;
    if (!load_checklist(r, &k)) return;
    struct unit u;
    if (r->st->unit_get(r->st, r->param[1], NULL, &u) != ST_OK) {
        reply_error(r, 404, "not_found", NULL, "no unit %s", r->param[1]);
        return;
    }
    if (!auth_require_scope(r, &u)) return;
    json_t *criteria = json_array();
    enum store_rc rc = r->st->criteria_list(r->st, k.id, u.id, as_of, collect_answer, criteria);
    if (rc != ST_OK) {
        json_decref(criteria);
        reply_store_error(r, rc, "checklist");
        return;
    }
    int met = 0;
    size_t i;
    json_t *c;
    json_array_foreach(criteria, i, c) met += json_is_true(json_object_get(c, "met"));
    reply_json(r, 200, json_pack("{s:{s:I, s:s, s:s}, s:{s:s, s:s}, s:o, s:i, s:b}", "checklist",
                                 "id", (json_int_t)k.id, "code", k.code, "name", k.name, "unit",
                                 "code", u.code, "name", u.name, "criteria", criteria, "met",
                                 met, "green", k.n_criteria > 0 && met == k.n_criteria));
}

struct answer_ctx { struct req *r; struct unit u; int64_t ids[64]; int met[64]; const char *notes[64];
                    int n; const char *day; json_t *after; };
static enum store_rc answer_write(struct store *st, void *vctx)
{
    struct answer_ctx *a = vctx;
    char now[ISO_TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = ST_OK;
    for (int i = 0; rc == ST_OK && i < a->n; i++)
        rc = st->answer_insert(st, a->ids[i], a->u.id, a->met[i], a->day, now, auth_actor(a->r),
                               a->notes[i]);
    if (rc != ST_OK) return rc;
    char id[64];
    snprintf(id, sizeof id, "%s/%s", a->r->param[0], a->u.code);
    return audit_append(st, auth_actor(a->r), "answer", "checklist", id, NULL, a->after);
}

struct criterion_ids { int64_t ids[64]; int n; };
static void note_id(void *ctx, const struct criterion *c)
{
    struct criterion_ids *k = ctx;
    if (k->n < 64) k->ids[k->n++] = c->id;
}

/* POST /api/v1/checklists/{id}/units/{code} {"answers":[{"criterion":ID,"met":bool,"note"?}]} */
void api_checklist_unit_answer(struct req *r)
{
    struct checklist_copy k;
    if (!load_checklist(r, &k)) return;
    if (!(r->who.role & ANSWER_ROLES)) {
        reply_error(r, 403, "forbidden", NULL, "your role does not answer checklists");
        return;
    }
    struct answer_ctx a = {.r = r};
    if (r->st->unit_get(r->st, r->param[1], NULL, &a.u) != ST_OK) {
        reply_error(r, 404, "not_found", NULL, "no unit %s", r->param[1]);
        return;
    }
    if (!auth_require_scope(r, &a.u)) return;
    char kinds[210];
    snprintf(kinds, sizeof kinds, ",%s,", k.kinds);
    char mine[40];
    snprintf(mine, sizeof mine, ",%s,", a.u.kind);
    if (!strstr(kinds, mine)) {
        reply_error(r, 400, "validation_failed", NULL, "checklist %s is for units of kind %s, "
                    "not %s", k.code, k.kinds, a.u.kind);
        return;
    }
    /* The body is an object with an array of objects: walk it by hand, naming the field. */
    json_error_t jerr;
    json_t *root = r->body_len ? json_loadb(r->body, r->body_len, 0, &jerr) : NULL;
    json_t *answers = root ? json_object_get(root, "answers") : NULL;
    if (!json_is_object(root) || !json_is_array(answers) || json_array_size(answers) == 0 ||
        json_array_size(answers) > 64) {
        json_decref(root);
        reply_error(r, 400, root ? "validation_failed" : "invalid_json", "answers",
                    "send {\"answers\": [{\"criterion\": id, \"met\": true|false}]}");
        return;
    }
    struct criterion_ids known = {.n = 0};
    r->st->criteria_list(r->st, k.id, 0, NULL, note_id, &known);
    size_t i;
    json_t *item;
    json_array_foreach(answers, i, item) {
        json_t *cid = json_object_get(item, "criterion"), *met = json_object_get(item, "met");
        json_t *note = json_object_get(item, "note");
        bool ok = json_is_integer(cid) && json_is_boolean(met) && (!note || json_is_string(note));
        bool belongs = false;
        for (int j = 0; ok && j < known.n; j++) belongs |= known.ids[j] == json_integer_value(cid);
        if (!ok || !belongs) {
            json_decref(root);
            reply_error(r, 400, "validation_failed", "answers",
                        "answer %zu: criterion must be an id of this checklist, met true or "
                        "false", i + 1);
            return;
        }
        a.ids[a.n] = json_integer_value(cid);
        a.met[a.n] = json_is_true(met);
        const char *n = note ? json_string_value(note) : "";
        char *clean = text_nfc(n);
        a.notes[a.n] = req_strdup(r, clean ? clean : "");
        free(clean);
        a.n++;
    }
    char today[ISO_DATE_LEN];
    util_today(today);
    a.day = today;
    a.after = json_incref(answers);
    enum store_rc rc = store_tx(r->st, answer_write, &a);
    json_decref(a.after);
    json_decref(root);
    if (rc != ST_OK) { reply_store_error(r, rc, "checklist"); return; }
    api_checklist_unit_get(r);
}
