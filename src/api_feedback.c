/* /api/v1/feedback: feedback, petitions, initiatives and solutions from the public (system 2).
 *
 * Anyone submits without an account and gets a tracking code; the submission is routed to a
 * unit by the administrators' rules, gets a deadline in working days, and moves through the
 * workflow of feedback.h, every step timed, attributed and audited. The public reads every
 * item by its code and the screened ones in the public list, never the submitter's personal
 * data: that is read only for a handler of the handling unit (feedback_may_see_contact). The
 * rules themselves are pure functions in feedback.c; this file is input, scope and storage. */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "feedback.h"
#include "files.h"
#include "text.h"
#include "util.h"
#include "views.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FEEDBACK_WINDOW LOGIN_WINDOW     /* the rate-limit window (rows are pruned with the
                                            login failures they share a table with) */
#define FEEDBACK_FILES_MAX 5             /* attachments per submission */
#define STAFF_ROLES (ROLE_ADMIN | ROLE_STANDING_OFFICE | ROLE_LEADER | ROLE_HANDLER)

/* ---- reading one item ---- */

/* An item as read: its public view, and the fields the handlers' logic needs. */
struct fb_copy {
    bool found;
    json_t *view;
    int64_t id, unit_id;
    char code[FEEDBACK_CODE_LEN], status[16], kind[16], due[DATE_LEN], received_at[TIME_LEN];
    char unit_code[CODE_MAX], unit_path[PATH_MAX_BYTES], answered_on[DATE_LEN];
    char rating_comment[2048];
    int rating;
    const struct calendar_extras *extras;
    char today[DATE_LEN];
};

static void copy_item(void *ctx, const struct feedback_item *f)
{
    struct fb_copy *c = ctx;
    c->found = true;
    c->view = view_feedback(f, c->today, c->extras->items, c->extras->n);
    c->id = f->id;
    c->unit_id = f->unit_id;
    c->rating = f->rating;
    util_copy(c->code, sizeof c->code, f->code);
    util_copy(c->status, sizeof c->status, f->status);
    util_copy(c->kind, sizeof c->kind, f->kind);
    util_copy(c->due, sizeof c->due, f->due);
    util_copy(c->received_at, sizeof c->received_at, f->received_at);
    util_copy(c->unit_code, sizeof c->unit_code, f->unit_code);
    util_copy(c->unit_path, sizeof c->unit_path, f->unit_path);
    util_copy(c->answered_on, sizeof c->answered_on, f->answered_on);
    util_copy(c->rating_comment, sizeof c->rating_comment, f->rating_comment);
}

/* Reads the item of the {code} path parameter into C, replying 404 when there is none. */
static bool load_item(struct req *r, const struct calendar_extras *x, struct fb_copy *c)
{
    memset(c, 0, sizeof *c);
    c->extras = x;
    util_today(c->today);
    char code[FEEDBACK_CODE_LEN];
    if (!feedback_code_parse(r->param[0], code)) {
        reply_error(r, 404, "not_found", "code", "no feedback with tracking code %s",
                    r->param[0]);
        return false;
    }
    enum store_rc rc = r->st->feedback_get(r->st, code, 0, copy_item, c);
    if (rc == ST_NOT_FOUND) {
        reply_error(r, 404, "not_found", "code", "no feedback with tracking code %s",
                    r->param[0]);
        return false;
    }
    if (rc != ST_OK) {
        json_decref(c->view);
        reply_store_error(r, rc, "feedback");
        return false;
    }
    return true;
}

/* The item of the {code} parameter for a write: its fields without the public view. */
static bool load_for_write(struct req *r, struct fb_copy *c)
{
    static const struct calendar_extras none = {0};
    if (!load_item(r, &none, c)) return false;
    json_decref(c->view);
    c->view = NULL;
    return true;
}

/* Personal data of the submitter: only a handler whose own unit handles the item (SPEC
 * "Security": visible only to handlers of the unit concerned). */
static bool may_see_contact(const struct principal *who, int64_t unit_id)
{
    return who->known && who->role == ROLE_HANDLER && who->unit_id == unit_id;
}
/* Staff of the handling unit or above it read the full history and the files. */
static bool is_staff_for(const struct principal *who, const char *unit_path)
{
    return who->known && (who->role & STAFF_ROLES) && auth_in_scope(who, unit_path);
}
/* Replies 403 and returns false unless the caller is staff of the item's unit or above. */
static bool require_staff(struct req *r, const struct fb_copy *c)
{
    if (is_staff_for(&r->who, c->unit_path)) return true;
    reply_error(r, 403, "forbidden", NULL, "feedback %s is handled by %s, outside your scope",
                r->param[0], c->unit_code);
    return false;
}

struct history_ctx { json_t *items; bool staff; };
static void collect_event(void *ctx, const struct feedback_event *e)
{
    struct history_ctx *h = ctx;
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:s}", "at", e->at, "action", e->action,
                          "from", *e->from_status ? json_string(e->from_status) : json_null(),
                          "to", *e->to_status ? json_string(e->to_status) : json_null(),
                          "unit", *e->unit_code ? json_pack("{s:s, s:s}", "code", e->unit_code,
                                                            "name", e->unit_name)
                                                : json_null(),
                          "note", e->note);
    /* The public sees which unit did what and when; the names of officials are for staff. */
    if (h->staff) json_object_set_new(o, "actor", json_string(e->actor));
    json_array_append_new(h->items, o);
}

static json_t *view_file(const struct evidence *e, const char *code)
{
    char url[96];
    snprintf(url, sizeof url, "/api/v1/feedback/%s/files/%lld", code, (long long)e->id);
    return json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)e->id, "name",
                     e->name, "type", e->type, "size", (json_int_t)e->size, "sha256", e->sha256,
                     "at", e->at, "url", url);
}
struct files_ctx { json_t *items; const char *code; };
static void collect_file(void *ctx, const struct evidence *e)
{
    struct files_ctx *c = ctx;
    json_array_append_new(c->items, view_file(e, c->code));
}

static void put_contact(void *ctx, const struct feedback_contact *c)
{
    json_object_set_new(ctx, "contact", json_pack("{s:s, s:s, s:s, s:s}", "name", c->name,
                                                  "phone", c->phone, "email", c->email,
                                                  "address", c->address));
}

/* Adds the history, and for staff the files and the rating comment, and the contact when
 * WITH_CONTACT, to C->view. */
static enum store_rc add_details(struct store *st, struct fb_copy *c, bool staff,
                                 bool with_contact)
{
    struct history_ctx h = {json_array(), staff};
    enum store_rc rc = st->feedback_events(st, c->id, collect_event, &h);
    json_object_set_new(c->view, "history", h.items);
    if (rc != ST_OK || !staff) return rc;
    struct files_ctx fc = {json_array(), json_string_value(json_object_get(c->view, "code"))};
    rc = st->feedback_files(st, c->id, collect_file, &fc);
    json_object_set_new(c->view, "files", fc.items);
    json_object_set_new(c->view, "rating_comment", json_string(c->rating_comment));
    if (rc == ST_OK && with_contact) {
        rc = st->feedback_contact_get(st, c->id, put_contact, c->view);
        if (rc == ST_NOT_FOUND) rc = ST_OK;
    }
    return rc;
}

enum store_rc feedback_read(struct store *st, const char *code, bool with_contact, json_t **out)
{
    *out = NULL;
    char stored[FEEDBACK_CODE_LEN];
    if (!feedback_code_parse(code, stored)) return ST_NOT_FOUND;
    struct calendar_extras x;
    enum store_rc rc = calendar_extras_load(st, &x);
    if (rc != ST_OK) return rc;
    struct fb_copy c = {.extras = &x};
    util_today(c.today);
    rc = st->feedback_get(st, stored, 0, copy_item, &c);
    if (rc == ST_OK) rc = add_details(st, &c, true, with_contact);
    calendar_extras_free(&x);
    if (rc != ST_OK) {
        json_decref(c.view);
        return rc;
    }
    json_object_set_new(c.view, "id", json_integer(c.id));
    *out = c.view;
    return ST_OK;
}

/* GET /api/v1/feedback/{code}: anyone with the code follows every step; staff in scope read
 * the officials' names and the files; the handlers of the unit also the contact. */
void api_feedback_get(struct req *r)
{
    struct calendar_extras x;
    enum store_rc rc = calendar_extras_load(r->st, &x);
    if (rc != ST_OK) { reply_store_error(r, rc, "calendar"); return; }
    struct fb_copy c;
    if (!load_item(r, &x, &c)) { calendar_extras_free(&x); return; }
    rc = add_details(r->st, &c, is_staff_for(&r->who, c.unit_path),
                     may_see_contact(&r->who, c.unit_id));
    calendar_extras_free(&x);
    if (rc != ST_OK) {
        json_decref(c.view);
        reply_store_error(r, rc, "feedback");
        return;
    }
    reply_json(r, 200, c.view);
}

/* ---- submitting ---- */


/* A phone number: digits with optional +, spaces, dots and dashes, 8 to 15 digits. */
static bool phone_ok(const char *s)
{
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') digits++;
        else if (!strchr("+ .-()", *p)) return false;
    }
    return digits >= 8 && digits <= 15;
}
static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at > s && !strchr(at + 1, '@') && strchr(at + 1, '.') &&
           at[strlen(at) - 1] != '.' && !strpbrk(s, " \t<>,;\"");
}

/* Validates a submission (JSON or Open311), naming the field at fault with FIELD_NAMES (the
 * caller's names for: kind, field, unit, name, phone, email). */
static bool submission_check(struct req *r, const struct submission *s, bool contact_required,
                             const char *const names[FEEDBACK_NAMES])
{
    if (!feedback_kind_name(s->kind)) {
        reply_error(r, 400, "validation_failed", names[0],
                    "%s must be one of phan_anh (phản ánh), kien_nghi (kiến nghị), sang_kien "
                    "(sáng kiến), giai_phap (giải pháp)", names[0]);
        return false;
    }
    if (!feedback_field_name(s->field)) {
        reply_error(r, 400, "validation_failed", names[1],
                    "%s is not a known field (GET /api/v1/feedback/kinds lists them)", names[1]);
        return false;
    }
    const struct submission_contact *c = &s->contact;
    if (c->phone && *c->phone && !phone_ok(c->phone)) {
        reply_error(r, 400, "validation_failed", names[4],
                    "%s must be a phone number of 8 to 15 digits", names[4]);
        return false;
    }
    if (c->email && *c->email && !email_ok(c->email)) {
        reply_error(r, 400, "validation_failed", names[5], "%s is not an e-mail address",
                    names[5]);
        return false;
    }
    if (contact_required) {
        if (!c->name || !*c->name) {
            reply_error(r, 400, "validation_failed", names[3],
                        "%s is required for an initiative or a solution: the unit must be "
                        "able to reach its author", names[3]);
            return false;
        }
        if ((!c->phone || !*c->phone) && (!c->email || !*c->email)) {
            reply_error(r, 400, "validation_failed", names[4],
                        "a phone number or an e-mail address is required for an initiative "
                        "or a solution");
            return false;
        }
    }
    return true;
}

enum store_rc feedback_write(struct store *st, struct feedback_write *w)
{
    int64_t now = util_now(), oldest, row;
    int count;
    /* The counter is in the database, in the same transaction as the insert, so several
     * servers on one database share it and two submissions cannot both pass the last slot. */
    enum store_rc rc = st->login_failures(st, w->rate_key, now - FEEDBACK_WINDOW, &count,
                                          &oldest);
    if (rc != ST_OK) return rc;
    w->retry_after = 0;
    if (count >= w->max_per_address) {
        w->retry_after = oldest + FEEDBACK_WINDOW - now;
        if (w->retry_after < 1) w->retry_after = 1;
        return ST_CONFLICT;
    }
    rc = st->login_failure_add(st, w->rate_key, now, &row);
    if (rc != ST_OK) return rc;
    int64_t first;
    w->f.duplicate_of = 0;
    rc = st->feedback_first_with_key(st, w->f.dup_key, &first);
    if (rc == ST_OK) w->f.duplicate_of = first;
    else if (rc != ST_NOT_FOUND) return rc;
    rc = st->feedback_insert(st, &w->f, &w->id);
    if (rc != ST_OK) return rc;
    struct feedback_event e = {.feedback_id = w->id, .at = w->f.received_at,
                               .actor = "submitter", .action = "received",
                               .to_status = "received", .unit_id = w->f.unit_id,
                               .note = w->f.duplicate_of ? "duplicate" : ""};
    rc = st->feedback_event_insert(st, &e);
    if (rc != ST_OK) return rc;
    /* The audit row records what the public may read, never the personal data. */
    json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "kind", w->f.kind, "field",
                              w->f.field, "title", w->f.title, "due", w->f.due, "unit_id",
                              (json_int_t)w->f.unit_id, "status", "received");
    rc = audit_append(st, "submitter", "create", "feedback", w->f.code, NULL, after);
    json_decref(after);
    return rc;
}

static enum store_rc submit_write(struct store *st, void *vctx)
{
    return feedback_write(st, vctx);
}

struct rules_ctx { struct feedback_rule *rules; int64_t *targets; size_t n, cap; bool failed; };
static char *keep(struct rules_ctx *c, const char *s)
{
    char *d = strdup(s);
    if (!d) c->failed = true;
    return d;
}
static void collect_rule(void *ctx, const struct feedback_route *rt)
{
    struct rules_ctx *c = ctx;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        struct feedback_rule *r = realloc(c->rules, cap * sizeof *r);
        if (r) c->rules = r;
        int64_t *t = realloc(c->targets, cap * sizeof *t);
        if (t) c->targets = t;
        if (!r || !t) { c->failed = true; return; }
        c->cap = cap;
    }
    struct feedback_rule *r = &c->rules[c->n];
    r->id = rt->id;
    r->position = rt->position;
    r->kind = keep(c, rt->kind);
    r->field = keep(c, rt->field);
    r->concerns_path = keep(c, rt->concerns_path);
    c->targets[c->n++] = rt->target_id;
}
static void rules_free(struct rules_ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free((char *)c->rules[i].kind);
        free((char *)c->rules[i].field);
        free((char *)c->rules[i].concerns_path);
    }
    free(c->rules);
    free(c->targets);
}

/* The unit a submission goes to: the most specific routing rule, else the unit it names, else
 * the default unit of the settings (the standing office), else the root. */
static enum store_rc route_submission(struct store *st, const char *kind, const char *field,
                                      const struct unit *concerns, int64_t *unit_id)
{
    struct rules_ctx c = {0};
    enum store_rc rc = st->feedback_routes(st, collect_rule, &c);
    if (rc == ST_OK && c.failed) rc = ST_ERROR;
    if (rc == ST_OK) {
        int i = feedback_route_pick(c.rules, c.n, kind, field, concerns ? concerns->path : "");
        if (i >= 0) *unit_id = c.targets[i];
        else if (concerns) *unit_id = concerns->id;
        else {
            char code[CODE_MAX];
            struct unit u;
            if (st->feedback_setting_get(st, "default_unit", code, sizeof code) == ST_OK &&
                st->unit_get(st, code, NULL, &u) == ST_OK)
                *unit_id = u.id;
            else if (st->unit_get(st, "VN", NULL, &u) == ST_OK)
                *unit_id = u.id;
            else
                rc = ST_ERROR;
        }
    }
    rules_free(&c);
    return rc;
}

struct kind_find { const char *code; struct feedback_kind k; bool found; };
static void find_kind(void *ctx, const struct feedback_kind *k)
{
    struct kind_find *f = ctx;
    if (strcmp(k->code, f->code)) return;
    f->found = true;
    f->k.days = k->days;
    f->k.contact_required = k->contact_required;
}

static int setting_int(struct store *st, const char *name, int dflt)
{
    char v[32];
    if (st->feedback_setting_get(st, name, v, sizeof v) != ST_OK) return dflt;
    return atoi(v);
}

/* Stores a validated submission and replies 201 with its public view and tracking code (or
 * 429 when the address has sent too many). Shared by the JSON API and Open311 (OPEN311 true:
 * the reply is Open311's). */
void feedback_submit(struct req *r, const struct submission *s, bool open311,
                     const char *const names[FEEDBACK_NAMES])
{
    struct kind_find kf = {.code = s->kind};
    if (feedback_kind_name(s->kind)) r->st->feedback_kind_list(r->st, find_kind, &kf);
    if (!submission_check(r, s, kf.found && kf.k.contact_required, names)) return;
    struct unit concerns;
    if (s->unit && *s->unit && r->st->unit_get(r->st, s->unit, NULL, &concerns) != ST_OK) {
        reply_error(r, 400, "validation_failed", names[2], "no unit %s", s->unit);
        return;
    }
    bool has_unit = s->unit && *s->unit;
    struct feedback_write t = {0};
    t.max_per_address = setting_int(r->st, "max_per_address", 5);
    snprintf(t.rate_key, sizeof t.rate_key, "feedback:%s", r->address);
    enum store_rc rc = route_submission(r->st, s->kind, s->field, has_unit ? &concerns : NULL,
                                        &t.f.unit_id);
    if (rc != ST_OK) { reply_store_error(r, rc, "routing"); return; }
    struct calendar_extras x;
    rc = calendar_extras_load(r->st, &x);
    if (rc != ST_OK) { reply_store_error(r, rc, "calendar"); return; }
    char today[DATE_LEN], now[TIME_LEN], due[DATE_LEN], key[65], code[FEEDBACK_CODE_LEN];
    util_today(today);
    util_now_iso(now);
    bool due_ok = feedback_due(today, kf.k.days, x.items, x.n, due);
    calendar_extras_free(&x);
    if (!due_ok) { reply_error(r, 500, "internal", NULL, "cannot compute the deadline"); return; }
    size_t sl = strlen(s->title) + strlen(s->content) + 2;
    char *search = malloc(sl);
    if (!search) { reply_error(r, 503, "unavailable", NULL, "out of memory"); return; }
    snprintf(search, sl, "%s %s", s->title, s->content);
    char *folded = text_fold(search);
    free(search);
    if (!folded || !feedback_dup_key(s->content, key)) {
        free(folded);
        reply_error(r, 400, "validation_failed", "content", "content is not valid text");
        return;
    }
    t.f = (struct feedback_new){
        .code = code, .kind = s->kind, .field = s->field, .title = s->title,
        .content = s->content, .concerns_id = has_unit ? concerns.id : 0,
        .unit_id = t.f.unit_id, .received_at = now, .received_on = today, .due = due,
        .dup_key = key, .search_folded = folded,
        .contact = {s->contact.name, s->contact.phone, s->contact.email, s->contact.address,
                    r->address},
    };
    /* A new code on the (rare) collision with a stored one. */
    for (int attempt = 0; attempt < 5; attempt++) {
        feedback_code_new(code);
        rc = store_tx(r->st, submit_write, &t);
        if (rc != ST_CONFLICT || t.retry_after) break;
    }
    free(folded);
    if (t.retry_after) {
        char retry[24];
        snprintf(retry, sizeof retry, "%lld", (long long)t.retry_after);
        reply_error(r, 429, "rate_limited", NULL,
                    "too many submissions from this address: at most %d in %d minutes; try "
                    "again in %lld minutes (Quá nhiều ý kiến gửi từ địa chỉ này, vui lòng thử "
                    "lại sau %lld phút)", t.max_per_address, FEEDBACK_WINDOW / 60,
                    (long long)(t.retry_after + 59) / 60, (long long)(t.retry_after + 59) / 60);
        reply_header(r, "Retry-After", retry);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "feedback"); return; }
    if (open311) {
        char shown[FEEDBACK_CODE_SHOWN];
        feedback_code_show(code, shown);
        reply_json(r, 201, json_pack("[{s:s, s:s, s:n}]", "service_request_id", shown,
                                     "service_notice", "Đã tiếp nhận; hạn xử lý theo ngày làm việc",
                                     "account_id"));
        return;
    }
    json_t *item = NULL;
    rc = feedback_read(r->st, code, false, &item);
    if (rc != ST_OK) { reply_store_error(r, rc, "feedback"); return; }
    /* The reply to the submitter: the public view (no history of officials, no files). */
    json_object_del(item, "files");
    json_object_del(item, "rating_comment");
    json_object_del(item, "id");
    json_t *hist = json_object_get(item, "history");
    for (size_t i = 0; i < json_array_size(hist); i++)
        json_object_del(json_array_get(hist, i), "actor");
    reply_json(r, 201, item);
}

static const char *const json_names[FEEDBACK_NAMES] = {"kind", "field", "unit", "contact_name",
                                          "contact_phone", "contact_email"};

/* POST /api/v1/feedback: anyone, no account. */
void api_feedback_submit(struct req *r)
{
    struct submission s = {0};
    struct field_spec spec[] = {
        {"kind", F_STRING, true, 20, &s.kind},
        {"field", F_STRING, true, 40, &s.field},
        {"title", F_STRING, true, 300, &s.title},
        {"content", F_STRING, true, 20000, &s.content},
        {"unit", F_STRING, false, CODE_MAX - 1, &s.unit},
        {"contact_name", F_STRING, false, 200, &s.contact.name},
        {"contact_phone", F_STRING, false, 30, &s.contact.phone},
        {"contact_email", F_STRING, false, 200, &s.contact.email},
        {"contact_address", F_STRING, false, 500, &s.contact.address},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (text_length(s.title) < 5) {
        reply_error(r, 400, "validation_failed", "title", "title must have 5 to 300 characters");
        return;
    }
    if (text_length(s.content) < 10) {
        reply_error(r, 400, "validation_failed", "content",
                    "content must have 10 to 20000 characters");
        return;
    }
    feedback_submit(r, &s, false, json_names);
}

/* ---- lists and statistics ---- */

struct list_ctx {
    json_t *items;
    const char *today;
    const struct calendar_extras *x;
    int n, limit;
    char last_due[DATE_LEN];
    int64_t last_id;
    bool staff;
};
static void collect_item(void *ctx, const struct feedback_item *f)
{
    struct list_ctx *c = ctx;
    c->n++;
    if (c->n > c->limit) return;    /* the probe row that says another page exists */
    json_t *v = view_feedback(f, c->today, c->x->items, c->x->n);
    json_array_append_new(c->items, v);
    util_copy(c->last_due, sizeof c->last_due, f->due);
    c->last_id = f->id;
}

/* Lists with Q, paging by LIMIT and the cursor ("due|id" by urgency, "id" otherwise). */
static void list_reply(struct req *r, struct feedback_query *q)
{
    int limit = req_limit(r);
    if (limit < 0) return;
    const char *cursor = cursor_decode(r);
    if (req_query(r, "cursor") && !cursor) return;
    char due[DATE_LEN] = "";
    if (cursor) {
        long long id = 0;
        bool ok = q->by_urgency ? sscanf(cursor, "%10[0-9-]|%lld", due, &id) == 2
                                : sscanf(cursor, "%lld", &id) == 1;
        if (!ok || id <= 0) {
            reply_error(r, 400, "validation_failed", "cursor", "cursor is not valid");
            return;
        }
        q->after_id = id;
        if (q->by_urgency) q->after_due = due;
    }
    const char *text = req_query(r, "q");
    char *folded = text ? text_fold(text) : NULL;
    if (text && !folded) {
        reply_error(r, 400, "validation_failed", "q", "q is not valid text");
        return;
    }
    q->folded = folded;
    q->limit = limit + 1;
    struct calendar_extras x;
    enum store_rc rc = calendar_extras_load(r->st, &x);
    char today[DATE_LEN];
    util_today(today);
    struct list_ctx c = {.items = json_array(), .today = today, .x = &x, .limit = limit};
    if (rc == ST_OK) rc = r->st->feedback_list(r->st, q, collect_item, &c);
    calendar_extras_free(&x);
    free(folded);
    if (rc != ST_OK) {
        json_decref(c.items);
        reply_store_error(r, rc, "feedback");
        return;
    }
    char next[64];
    if (q->by_urgency) snprintf(next, sizeof next, "%s|%lld", c.last_due, (long long)c.last_id);
    else snprintf(next, sizeof next, "%lld", (long long)c.last_id);
    reply_json(r, 200, page_json(c.items, c.n > limit ? next : NULL));
}

/* Common filters: kind and status must be known; unit is a unit code. */
static bool list_filters(struct req *r, struct feedback_query *q, struct unit *u, bool *has_unit)
{
    q->kind = req_query(r, "kind");
    q->status = req_query(r, "status");
    if (q->kind && !feedback_kind_name(q->kind)) {
        reply_error(r, 400, "validation_failed", "kind",
                    "kind must be phan_anh, kien_nghi, sang_kien or giai_phap");
        return false;
    }
    if (q->status && !feedback_status_known(q->status)) {
        reply_error(r, 400, "validation_failed", "status", "status must be received, accepted, "
                    "rejected, in_progress, answered or closed");
        return false;
    }
    const char *unit = req_query(r, "unit");
    *has_unit = unit != NULL;
    if (unit && r->st->unit_get(r->st, unit, NULL, u) != ST_OK) {
        reply_error(r, 400, "validation_failed", "unit", "no unit %s", unit);
        return false;
    }
    return true;
}

/* GET /api/v1/feedback: the public list (screened items, newest first), by unit (and below),
 * kind, status and text. */
void api_feedback_list(struct req *r)
{
    struct feedback_query q = {.public_only = true};
    struct unit u;
    bool has_unit;
    if (!list_filters(r, &q, &u, &has_unit)) return;
    if (has_unit) q.scope_path = u.path;
    list_reply(r, &q);
}

/* GET /api/v1/feedback/backlog: a unit's items to handle, most urgent first: its own open
 * items and the overdue ones of the units directly below (escalated to it). unit= another unit
 * in scope; scope=subtree everything open below the unit; overdue=1 only the overdue (the
 * leaders' list). */
void api_feedback_backlog(struct req *r)
{
    struct feedback_query q = {.by_urgency = true, .open_only = true};
    struct unit u;
    bool has_unit;
    if (!list_filters(r, &q, &u, &has_unit)) return;
    if (!has_unit && r->st->unit_get_by_id(r->st, r->who.unit_id, &u) != ST_OK) {
        reply_error(r, 404, "not_found", "unit", "your unit no longer exists");
        return;
    }
    if (!auth_require_scope(r, &u)) return;
    const char *scope = req_query(r, "scope"), *overdue = req_query(r, "overdue");
    if (scope && strcmp(scope, "unit") && strcmp(scope, "subtree")) {
        reply_error(r, 400, "validation_failed", "scope", "scope must be unit or subtree");
        return;
    }
    if (overdue && strcmp(overdue, "0") && strcmp(overdue, "1")) {
        reply_error(r, 400, "validation_failed", "overdue", "overdue must be 0 or 1");
        return;
    }
    char today[DATE_LEN];
    util_today(today);
    if (scope && !strcmp(scope, "subtree")) {
        q.scope_path = u.path;
    } else {
        q.unit_id = u.id;
        q.escalate_on = today;
    }
    if (overdue && !strcmp(overdue, "1")) q.overdue_on = today;
    if (q.status && !feedback_open(q.status)) q.open_only = false;
    list_reply(r, &q);
}

struct unit_stats {
    char code[CODE_MAX], name[NAME_MAX_BYTES];
    long received, answered, on_time, overdue, open, days_total;
};
struct stats_ctx {
    struct unit_stats *u;
    size_t n, cap;
    const char *today;
    const struct calendar_extras *x;
    bool past;                      /* TODAY is a past day (the dashboard as of a date) */
    bool failed;
};
static void count_item(void *ctx, const struct feedback_item *f)
{
    struct stats_ctx *c = ctx;
    if (strcmp(f->received_on, c->today) > 0) return;   /* not yet received on that day */
    size_t i = 0;
    while (i < c->n && strcmp(c->u[i].code, f->unit_code)) i++;
    if (i == c->n) {
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 32;
            struct unit_stats *g = realloc(c->u, cap * sizeof *g);
            if (!g) { c->failed = true; return; }
            c->u = g;
            c->cap = cap;
        }
        memset(&c->u[i], 0, sizeof c->u[i]);
        util_copy(c->u[i].code, sizeof c->u[i].code, f->unit_code);
        util_copy(c->u[i].name, sizeof c->u[i].name, f->unit_name);
        c->n++;
    }
    struct unit_stats *s = &c->u[i];
    s->received++;
    bool answered = *f->answered_on && strcmp(f->answered_on, c->today) <= 0;
    if (answered) {
        s->answered++;
        if (strcmp(f->answered_on, f->due) <= 0) s->on_time++;
        int d = feedback_days_taken(f->received_on, f->answered_on, c->today, c->x->items,
                                    c->x->n);
        if (d > 0) s->days_total += d;
    }
    /* Open on C->TODAY: not answered by then, and not rejected or closed by then (an item that
     * is rejected or closed without an answer ended on its last change). For today this is the
     * item's status. */
    bool ended = answered || (!feedback_open(f->status) &&
                              (!c->past || strncmp(f->updated_at, c->today, DATE_LEN - 1) <= 0));
    if (!ended) {
        s->open++;
        if (feedback_days_overdue("received", f->due, c->today) > 0) s->overdue++;
    }
}

static json_t *stats_json(const struct unit_stats *s)
{
    return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o}", "code", s->code, "name",
                     s->name, "received", (json_int_t)s->received, "answered",
                     (json_int_t)s->answered, "answered_on_time", (json_int_t)s->on_time,
                     "overdue", (json_int_t)s->overdue, "open", (json_int_t)s->open,
                     "average_days", s->answered ? json_real((double)s->days_total /
                                                             (double)s->answered)
                                                 : json_null());
}

/* The sum over every unit counted in C, without code and name. */
static json_t *stats_total_json(const struct stats_ctx *c)
{
    struct unit_stats all = {.code = "", .name = ""};
    for (size_t i = 0; i < c->n; i++) {
        all.received += c->u[i].received;
        all.answered += c->u[i].answered;
        all.on_time += c->u[i].on_time;
        all.overdue += c->u[i].overdue;
        all.open += c->u[i].open;
        all.days_total += c->u[i].days_total;
    }
    json_t *o = stats_json(&all);
    json_object_del(o, "code");
    json_object_del(o, "name");
    return o;
}

/* GET /api/v1/feedback/stats: per handling unit (under unit= when given): received, answered,
 * answered on time, overdue now, open, average handling time in working days. */
void api_feedback_stats(struct req *r)
{
    struct feedback_query q = {0};
    struct unit u;
    bool has_unit;
    if (!list_filters(r, &q, &u, &has_unit)) return;
    if (has_unit) q.scope_path = u.path;
    struct calendar_extras x;
    enum store_rc rc = calendar_extras_load(r->st, &x);
    if (rc != ST_OK) { reply_store_error(r, rc, "calendar"); return; }
    char today[DATE_LEN];
    util_today(today);
    struct stats_ctx c = {.today = today, .x = &x};
    rc = r->st->feedback_list(r->st, &q, count_item, &c);
    calendar_extras_free(&x);
    if (rc == ST_OK && c.failed) rc = ST_ERROR;
    if (rc != ST_OK) {
        free(c.u);
        reply_store_error(r, rc, "feedback");
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < c.n; i++) json_array_append_new(items, stats_json(&c.u[i]));
    json_t *total = stats_total_json(&c);
    free(c.u);
    reply_json(r, 200, json_pack("{s:o, s:o, s:s}", "items", items, "total", total, "as_of",
                                 today));
}

/* For the dashboards: the feedback handled in the unit with PATH and below, as of the day
 * AS_OF (NULL: today): received by then, answered by then, open and overdue then. */
json_t *feedback_summary_json(struct store *st, const char *path, const char *as_of)
{
    struct calendar_extras x;
    if (calendar_extras_load(st, &x) != ST_OK) return json_null();
    char today[DATE_LEN], day[DATE_LEN];
    util_today(today);
    util_copy(day, sizeof day, as_of ? as_of : today);
    struct stats_ctx c = {.today = day, .x = &x, .past = strcmp(day, today) < 0};
    struct feedback_query q = {.scope_path = path};
    enum store_rc rc = st->feedback_list(st, &q, count_item, &c);
    calendar_extras_free(&x);
    json_t *o = rc == ST_OK && !c.failed ? stats_total_json(&c) : json_null();
    free(c.u);
    if (json_is_null(o)) return o;
    json_object_set(o, "backlog", json_object_get(o, "open"));
    json_object_set_new(o, "as_of", json_string(day));
    return o;
}

/* ---- the workflow ---- */

struct step_tx {
    struct req *r;
    struct fb_copy *c;
    const char *to, *answer, *reason, *note, *action;
    int64_t unit_id;
    char answered_on[DATE_LEN];
};
static enum store_rc step_write(struct store *st, void *vctx)
{
    struct step_tx *t = vctx;
    char now[TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = st->feedback_set(st, t->c->id, t->to, t->unit_id, t->answered_on,
                                        t->answer, t->reason, now);
    if (rc != ST_OK) return rc;
    struct feedback_event e = {.feedback_id = t->c->id, .at = now, .actor = auth_actor(t->r),
                               .action = t->action, .from_status = t->c->status,
                               .to_status = t->to, .unit_id = t->unit_id,
                               .note = t->note ? t->note : ""};
    rc = st->feedback_event_insert(st, &e);
    if (rc != ST_OK) return rc;
    json_t *before = json_pack("{s:s, s:s}", "status", t->c->status, "unit", t->c->unit_code);
    json_t *after = json_pack("{s:s, s:I, s:s, s:s}", "status", t->to, "unit_id",
                              (json_int_t)t->unit_id, "note", t->note ? t->note : "",
                              "answer_or_reason", t->answer ? t->answer : t->reason ? t->reason
                                                                                   : "");
    rc = audit_append(st, auth_actor(t->r), t->action, "feedback", t->c->code, before, after);
    json_decref(before);
    json_decref(after);
    return rc;
}

static void reply_item(struct req *r, const char *code, int status)
{
    json_t *item = NULL;
    enum store_rc rc = feedback_read(r->st, code, false, &item);
    if (rc != ST_OK) { reply_store_error(r, rc, "feedback"); return; }
    json_object_del(item, "id");
    reply_json(r, status, item);
}

/* POST /api/v1/feedback/{code}/transition {"to", "reason", "answer", "note"}: staff of the
 * handling unit (or above it) move the item one step. */
void api_feedback_transition(struct req *r)
{
    const char *to, *reason = NULL, *answer = NULL, *note = NULL;
    struct field_spec spec[] = {
        {"to", F_STRING, true, 20, &to},
        {"reason", F_STRING, false, 5000, &reason},
        {"answer", F_STRING, false, 20000, &answer},
        {"note", F_STRING, false, 2000, &note},
        {0},
    };
    if (!input_parse(r, spec)) return;
    struct fb_copy c;
    if (!load_for_write(r, &c)) return;
    if (!require_staff(r, &c)) return;
    enum feedback_need need;
    if (!feedback_status_known(to)) {
        reply_error(r, 400, "validation_failed", "to", "to must be accepted, rejected, "
                    "in_progress, answered or closed");
        return;
    }
    if (!feedback_transition(c.status, to, &need)) {
        reply_error(r, 409, "invalid_state", "to", "feedback %s is %s: it cannot move to %s",
                    r->param[0], c.status, to);
        return;
    }
    if (need == NEED_REASON && (!reason || text_length(reason) < 5)) {
        reply_error(r, 400, "validation_failed", "reason",
                    "a rejection needs the reason (at least 5 characters), shown to the public");
        return;
    }
    if (need == NEED_ANSWER && (!answer || text_length(answer) < 5)) {
        reply_error(r, 400, "validation_failed", "answer",
                    "an answer needs its text (at least 5 characters), published with the item");
        return;
    }
    struct step_tx t = {.r = r, .c = &c, .to = to, .note = note, .action = to,
                        .unit_id = c.unit_id};
    t.reason = need == NEED_REASON ? reason : NULL;
    t.answer = need == NEED_ANSWER ? answer : NULL;
    /* Answer and reason stay once given: closing keeps them. */
    if (need != NEED_ANSWER && need != NEED_REASON) {
        json_t *item = NULL;
        if (feedback_read(r->st, c.code, false, &item) == ST_OK) {
            const char *a = json_string_value(json_object_get(item, "answer"));
            const char *re = json_string_value(json_object_get(item, "reason"));
            t.answer = a ? req_strdup(r, a) : NULL;
            t.reason = re ? req_strdup(r, re) : NULL;
        }
        json_decref(item);
    }
    if (need == NEED_ANSWER) util_today(t.answered_on);
    else util_copy(t.answered_on, sizeof t.answered_on, c.answered_on);
    enum store_rc rc = store_tx(r->st, step_write, &t);
    if (rc != ST_OK) { reply_store_error(r, rc, "feedback"); return; }
    reply_item(r, c.code, 200);
}

/* POST /api/v1/feedback/{code}/route {"unit", "note"}: the standing office (and the
 * administrator) re-route an open item to any unit; staff of the handling unit hand it to a
 * unit below it. The deadline stays. */
void api_feedback_route(struct req *r)
{
    const char *unit, *note = NULL;
    struct field_spec spec[] = {
        {"unit", F_STRING, true, CODE_MAX - 1, &unit},
        {"note", F_STRING, false, 2000, &note},
        {0},
    };
    if (!input_parse(r, spec)) return;
    struct fb_copy c;
    if (!load_for_write(r, &c)) return;
    struct unit target;
    if (r->st->unit_get(r->st, unit, NULL, &target) != ST_OK || !target.active) {
        reply_error(r, 400, "validation_failed", "unit", "no unit %s", unit);
        return;
    }
    bool centre = r->who.role & ROLES_CENTRE;
    if (!centre) {
        if (!require_staff(r, &c)) return;
        size_t n = strlen(c.unit_path);
        if (strlen(target.path) <= n || strncmp(target.path, c.unit_path, n)) {
            reply_error(r, 403, "forbidden", "unit", "a unit hands feedback only to a unit below "
                        "it; re-routing elsewhere is the standing office's");
            return;
        }
    }
    if (!feedback_open(c.status)) {
        reply_error(r, 409, "invalid_state", "unit", "feedback %s is %s: only open feedback is "
                    "routed", r->param[0], c.status);
        return;
    }
    if (target.id == c.unit_id) {
        reply_error(r, 409, "invalid_state", "unit", "feedback %s is handled by %s already",
                    r->param[0], unit);
        return;
    }
    struct step_tx t = {.r = r, .c = &c, .to = c.status, .note = note, .action = "routed",
                        .unit_id = target.id};
    util_copy(t.answered_on, sizeof t.answered_on, c.answered_on);
    enum store_rc rc = store_tx(r->st, step_write, &t);
    if (rc != ST_OK) { reply_store_error(r, rc, "feedback"); return; }
    reply_item(r, c.code, 200);
}

/* ---- promotion to a breakthrough initiative (system 3) ---- */

struct promote_tx {
    struct step_tx step;
    struct initiative i;
    int64_t initiative_id;
};
static enum store_rc promote_write(struct store *st, void *vctx)
{
    struct promote_tx *t = vctx;
    enum store_rc rc = initiative_record(st, &t->i, auth_actor(t->step.r), &t->initiative_id);
    return rc == ST_OK ? step_write(st, &t->step) : rc;
}

static const char *json_text(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* POST /api/v1/feedback/{code}/promote {"field", "proposer_kind"?, "problem"?, "solution"?,
 * "impact"?, "resources"?, "team"?}: the standing office (or the administrator) turns an open
 * sáng kiến or giải pháp into a breakthrough initiative. In one transaction the initiative is
 * recorded (source "feedback", the feedback's id, its reception time and the submitter as the
 * proposer) and the feedback is answered with the initiative's tracking code; both histories
 * keep the step. */
void api_feedback_promote(struct req *r)
{
    const char *field, *kind = NULL, *problem = NULL, *solution = NULL, *impact = NULL,
               *resources = NULL, *team = NULL;
    struct field_spec spec[] = {
        {"field", F_STRING, true, 40, &field},
        {"proposer_kind", F_STRING, false, 20, &kind},
        {"problem", F_STRING, false, 10000, &problem},
        {"solution", F_STRING, false, 10000, &solution},
        {"impact", F_STRING, false, 10000, &impact},
        {"resources", F_STRING, false, 5000, &resources},
        {"team", F_STRING, false, 5000, &team},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (kind && !initiative_proposer_kind_ok(kind)) {
        reply_error(r, 400, "validation_failed", "proposer_kind",
                    "proposer_kind is person, organisation, enterprise, institute or university");
        return;
    }
    struct promote_tx t = {0};
    if (!initiative_field_param(r, field, &t.i.field_id)) return;
    struct fb_copy c;
    if (!load_for_write(r, &c)) return;
    if (strcmp(c.kind, "sang_kien") && strcmp(c.kind, "giai_phap")) {
        reply_error(r, 409, "invalid_state", "code", "feedback %s is a %s: only a sáng kiến or a "
                    "giải pháp becomes a breakthrough initiative", r->param[0],
                    feedback_kind_name(c.kind));
        return;
    }
    if (!feedback_open(c.status)) {
        reply_error(r, 409, "invalid_state", "code", "feedback %s is %s: only open feedback is "
                    "promoted", r->param[0], c.status);
        return;
    }
    json_t *item = NULL;
    enum store_rc rc = feedback_read(r->st, c.code, true, &item);
    if (rc != ST_OK) { reply_store_error(r, rc, "feedback"); return; }
    json_t *contact = json_object_get(item, "contact");
    const char *content = req_strdup(r, json_text(item, "content"));
    char code[24], answer[200], today[DATE_LEN];
    initiative_new_code(code);
    util_today(today);
    t.i.code = code;
    t.i.source = "feedback";
    t.i.feedback_id = c.id;
    t.i.title = req_strdup(r, json_text(item, "title"));
    t.i.problem = problem ? problem : content;
    t.i.solution = solution ? solution : content;
    t.i.impact = impact ? impact : "";
    t.i.resources = resources ? resources : "";
    t.i.team = team ? team : "";
    t.i.proposer_kind = kind ? kind : "person";
    t.i.proposer_name = req_strdup(r, json_text(contact, "name"));
    t.i.email = req_strdup(r, json_text(contact, "email"));
    t.i.phone = req_strdup(r, json_text(contact, "phone"));
    t.i.stage = "submitted";
    t.i.received_at = c.received_at;
    char received_day[DATE_LEN];
    util_copy(received_day, sizeof received_day, c.received_at);
    received_day[10] = '\0';
    t.i.received_day = received_day;
    json_decref(item);
    snprintf(answer, sizeof answer, "Đã chuyển thành sáng kiến đột phá %s để xét chọn; theo dõi "
             "tại /sang-kien/theo-doi/%s.", code, code);
    t.step = (struct step_tx){.r = r, .c = &c, .to = "answered", .answer = answer,
                              .note = code, .action = "promoted", .unit_id = c.unit_id};
    util_copy(t.step.answered_on, sizeof t.step.answered_on, today);
    rc = store_tx(r->st, promote_write, &t);
    if (rc != ST_OK) { reply_store_error(r, rc, "feedback"); return; }
    char shown[FEEDBACK_CODE_SHOWN];
    feedback_code_show(c.code, shown);
    reply_json(r, 201, json_pack("{s:s, s:I, s:s}", "initiative", code, "initiative_id",
                                 (json_int_t)t.initiative_id, "feedback", shown));
}

/* ---- the submitter's rating and attachments ---- */

struct rate_tx { struct fb_copy *c; long rating; const char *comment; };
static enum store_rc rate_write(struct store *st, void *vctx)
{
    struct rate_tx *t = vctx;
    char now[TIME_LEN];
    util_now_iso(now);
    enum store_rc rc = st->feedback_rate(st, t->c->id, (int)t->rating, t->comment, now);
    if (rc != ST_OK) return rc;
    char note[16];
    snprintf(note, sizeof note, "%ld/5", t->rating);
    struct feedback_event e = {.feedback_id = t->c->id, .at = now, .actor = "submitter",
                               .action = "rated", .unit_id = t->c->unit_id, .note = note};
    rc = st->feedback_event_insert(st, &e);
    if (rc != ST_OK) return rc;
    json_t *after = json_pack("{s:i}", "rating", (int)t->rating);
    rc = audit_append(st, "submitter", "rate", "feedback", t->c->code, NULL, after);
    json_decref(after);
    return rc;
}

/* POST /api/v1/feedback/{code}/rating {"rating": 1..5, "comment"}: once, after the answer. */
void api_feedback_rate(struct req *r)
{
    long rating;
    const char *comment = NULL;
    struct field_spec spec[] = {
        {"rating", F_INT, true, 5, &rating},
        {"comment", F_STRING, false, 2000, &comment},
        {0},
    };
    if (!input_parse(r, spec)) return;
    if (rating < 1) {
        reply_error(r, 400, "validation_failed", "rating", "rating must be 1 to 5");
        return;
    }
    struct fb_copy c;
    if (!load_for_write(r, &c)) return;
    if (strcmp(c.status, "answered") && strcmp(c.status, "closed")) {
        reply_error(r, 409, "invalid_state", "rating", "feedback %s has no answer to rate yet",
                    r->param[0]);
        return;
    }
    if (c.rating) {
        reply_error(r, 409, "conflict", "rating", "feedback %s is rated already", r->param[0]);
        return;
    }
    struct rate_tx t = {&c, rating, comment};
    enum store_rc rc = store_tx(r->st, rate_write, &t);
    if (rc != ST_OK) { reply_store_error(r, rc, "feedback"); return; }
    reply_item(r, c.code, 200);
}

struct file_tx { struct evidence e; struct fb_copy *c; int64_t id; };
static enum store_rc file_write(struct store *st, void *vctx)
{
    struct file_tx *t = vctx;
    enum store_rc rc = st->feedback_file_insert(st, &t->e, &t->id);
    if (rc != ST_OK) return rc;
    struct feedback_event ev = {.feedback_id = t->c->id, .at = t->e.at, .actor = "submitter",
                                .action = "file", .unit_id = t->c->unit_id, .note = t->e.name};
    rc = st->feedback_event_insert(st, &ev);
    if (rc != ST_OK) return rc;
    json_t *after = json_pack("{s:s, s:s, s:I, s:s}", "name", t->e.name, "type", t->e.type,
                              "size", (json_int_t)t->e.size, "sha256", t->e.sha256);
    rc = audit_append(st, "submitter", "file", "feedback", t->c->code, NULL, after);
    json_decref(after);
    return rc;
}

static void count_file(void *ctx, const struct evidence *e)
{
    (void)e;
    (*(int *)ctx)++;
}

/* POST /api/v1/feedback/{code}/files?name=FILE with the file as the body: the submitter adds
 * attachments (at most 5, each at most 5 MiB, of the accepted types) while it is received. */
void api_feedback_file_upload(struct req *r)
{
    const char *name = files_name_param(r);
    const char *type = name ? files_body_type(r, name, "an attachment") : NULL;
    if (!type) return;
    struct fb_copy c;
    if (!load_for_write(r, &c)) return;
    if (strcmp(c.status, "received")) {
        reply_error(r, 409, "invalid_state", "file", "feedback %s is %s: attachments are added "
                    "before it is accepted", r->param[0], c.status);
        return;
    }
    int n = 0;
    enum store_rc rc = r->st->feedback_files(r->st, c.id, count_file, &n);
    if (rc != ST_OK) { reply_store_error(r, rc, "feedback"); return; }
    if (n >= FEEDBACK_FILES_MAX) {
        reply_error(r, 409, "too_many_files", "file", "a submission has at most %d attachments",
                    FEEDBACK_FILES_MAX);
        return;
    }
    struct files_digest d;
    struct file_tx t = {.c = &c, .e = files_evidence(r, name, type, &d)};
    t.e.part_id = c.id;
    rc = store_tx(r->st, file_write, &t);
    if (rc != ST_OK) { reply_store_error(r, rc, "feedback"); return; }
    t.e.id = t.id;
    reply_json(r, 201, view_file(&t.e, c.code));
}

struct file_copy { char *content, *name, *type; size_t size; };
static void copy_file(void *ctx, const struct evidence *e)
{
    struct file_copy *c = ctx;
    c->size = (size_t)e->size;
    c->content = malloc(c->size ? c->size : 1);
    if (c->content && e->content) memcpy(c->content, e->content, c->size);
    c->name = strdup(e->name);
    c->type = strdup(e->type);
}

/* GET /api/v1/feedback/{code}/files/{id}: staff of the handling unit (or above). */
void api_feedback_file_get(struct req *r)
{
    struct fb_copy c;
    if (!load_for_write(r, &c)) return;
    if (!require_staff(r, &c)) return;
    char *end;
    long long id = strtoll(r->param[1], &end, 10);
    struct file_copy f = {0};
    enum store_rc rc = *end || id <= 0 ? ST_NOT_FOUND
                                       : r->st->feedback_file_get(r->st, c.id, id, copy_file, &f);
    if (rc == ST_OK && f.content && f.name && f.type) {
        files_reply(r, f.type, f.name, f.content, f.size);
        f.content = NULL;
    } else if (rc == ST_NOT_FOUND) {
        reply_error(r, 404, "not_found", NULL, "feedback %s has no file %s", r->param[0],
                    r->param[1]);
    } else {
        reply_store_error(r, rc == ST_OK ? ST_ERROR : rc, "file");
    }
    free(f.content);
    free(f.name);
    free(f.type);
}
