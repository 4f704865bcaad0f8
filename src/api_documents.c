/* /api/v1/documents: the programme documents and their cascade (read side). */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *view_document(const struct document *d)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id",
                          (json_int_t)d->id, "key", d->key, "number", d->number, "kind", d->kind,
                          "title", d->title, "date", *d->date ? json_string(d->date) : json_null(),
                          "issuer", *d->issuer_code ? json_pack("{s:s, s:s}", "code",
                                                                d->issuer_code, "name",
                                                                d->issuer_name)
                                                    : json_null(),
                          "programme", *d->programme_code ? json_string(d->programme_code)
                                                          : json_null(),
                          "implements", d->implements_id ? json_integer(d->implements_id)
                                                         : json_null());
    return o;
}

static void collect(void *ctx, const struct document *d)
{
    json_array_append_new(ctx, view_document(d));
}

void api_documents_list(struct req *r)
{
    const char *q = req_query(r, "q");
    char *folded = q ? text_fold(q) : NULL;
    if (q && !folded) {
        reply_error(r, 400, "validation_failed", "q", "q is not valid text");
        return;
    }
    json_t *items = json_array();
    enum store_rc rc = r->st->document_list(r->st, -1, folded, req_query(r, "programme"),
                                            collect, items);
    free(folded);
    if (rc != ST_OK) {
        json_decref(items);
        reply_store_error(r, rc, "documents");
        return;
    }
    reply_json(r, 200, page_json(items, NULL));
}

static void one(void *ctx, const struct document *d)
{
    json_t **out = ctx;
    *out = view_document(d);
    json_object_set_new(*out, "text", json_string(d->text));
}

void api_document_get(struct req *r)
{
    char *end;
    long long id = strtoll(r->param[0], &end, 10);
    if (*end || id <= 0) {
        reply_error(r, 404, "not_found", NULL, "no document %s", r->param[0]);
        return;
    }
    json_t *doc = NULL;
    enum store_rc rc = r->st->document_get(r->st, id, true, one, &doc);
    if (rc != ST_OK) { reply_store_error(r, rc, "document"); return; }
    /* The document it implements, as a summary, so the cascade reads both ways. */
    json_int_t parent = json_integer_value(json_object_get(doc, "implements"));
    if (parent) {
        json_t *up = json_array();
        r->st->document_get(r->st, parent, false, collect, up);
        if (json_array_size(up))
            json_object_set(doc, "implements", json_array_get(up, 0));
        json_decref(up);
    }
    json_t *below = json_array();
    r->st->document_list(r->st, id, NULL, NULL, collect, below);
    json_object_set_new(doc, "implemented_by", below);
    reply_json(r, 200, doc);
}

/* ---- registering documents (the standing office) ---- */

static const char *const document_kinds[] = {"nghị quyết", "kết luận", "thông báo", "kế hoạch",
                                             "chương trình hành động", "công văn", "hướng dẫn",
                                             "quyết định", "chỉ thị", "quy chế", NULL};

struct register_ctx {
    struct req *r;
    struct document d;
    int64_t issuer_id, programme_id, id;
    char *folded;
};

static enum store_rc register_write(struct store *st, void *vctx)
{
    struct register_ctx *c = vctx;
    enum store_rc rc = st->document_insert(st, &c->d, c->issuer_id, c->programme_id, c->folded,
                                           &c->id);
    if (rc != ST_OK) return rc;
    json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", c->d.key, "number", c->d.number,
                              "kind", c->d.kind, "title", c->d.title, "date",
                              c->d.date ? c->d.date : "");
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)c->id);
    rc = audit_append(st, auth_actor(c->r), "create", "document", id, NULL, after);
    json_decref(after);
    return rc;
}

/* POST /api/v1/documents: a document is identified by its number and date together (two plans
 * were both numbered 01-KH/BCĐTW in 2025), so registering the same pair twice is a conflict. */
void api_documents_create(struct req *r)
{
    const char *number, *kind, *title, *date, *issuer, *programme, *text;
    long implements;
    int restricted;
    struct field_spec spec[] = {
        {"number", F_STRING, false, 60, &number},
        {"kind", F_STRING, true, 40, &kind},
        {"title", F_STRING, true, 1000, &title},
        {"date", F_DATE, true, 10, &date},
        {"issuer", F_STRING, true, CODE_MAX - 1, &issuer},
        {"implements", F_INT, false, 1L << 40, &implements},
        {"programme", F_STRING, false, 40, &programme},
        {"restricted", F_BOOL, false, 0, &restricted},
        {"text", F_STRING, false, 500000, &text},
        {0},
    };
    if (!input_parse(r, spec)) return;
    bool known = false;
    for (int i = 0; document_kinds[i]; i++) known |= !strcmp(kind, document_kinds[i]);
    if (!known) {
        reply_error(r, 400, "validation_failed", "kind", "kind must be one of: nghị quyết, kết "
                    "luận, thông báo, kế hoạch, chương trình hành động, công văn, hướng dẫn, "
                    "quyết định, chỉ thị, quy chế");
        return;
    }
    struct register_ctx c = {.r = r};
    struct unit u;
    if (r->st->unit_get(r->st, issuer, NULL, &u) != ST_OK) {
        reply_error(r, 400, "validation_failed", "issuer", "no unit %s", issuer);
        return;
    }
    c.issuer_id = u.id;
    if (programme && r->st->programme_id(r->st, programme, &c.programme_id) != ST_OK) {
        reply_error(r, 400, "validation_failed", "programme", "no programme %s", programme);
        return;
    }
    if (implements != F_INT_ABSENT) {
        json_t *probe = json_array();
        enum store_rc rc = r->st->document_get(r->st, implements, false, collect, probe);
        json_decref(probe);
        if (rc != ST_OK) {
            reply_error(r, 400, "validation_failed", "implements", "no document %ld", implements);
            return;
        }
        c.d.implements_id = implements;
    }
    /* The key: the number (ASCII-folded) and the date. */
    char key[128];
    char *fnum = text_fold(number ? number : "");
    snprintf(key, sizeof key, "%s@%s", fnum && *fnum ? fnum : "khong-so", date);
    free(fnum);
    for (char *p = key; *p; p++)
        if (*p == '/' || *p == ' ') *p = '-';
    c.d.key = key;
    c.d.number = number ? number : "";
    c.d.kind = kind;
    c.d.title = title;
    c.d.date = date;
    c.d.text = text ? text : "";
    c.d.restricted = restricted == 1;
    size_t sl = strlen(c.d.number) + strlen(title) + strlen(c.d.text) + 3;
    char *search = malloc(sl);
    snprintf(search, sl, "%s %s %s", c.d.number, title, c.d.text);
    c.folded = text_fold(search);
    free(search);
    enum store_rc rc = store_tx(r->st, register_write, &c);
    free(c.folded);
    if (rc == ST_CONFLICT) {
        reply_error(r, 409, "conflict", "number", "document %s of %s is registered already",
                    c.d.number, date);
        return;
    }
    if (rc != ST_OK) { reply_store_error(r, rc, "document"); return; }
    char idbuf[24];
    snprintf(idbuf, sizeof idbuf, "%lld", (long long)c.id);
    r->param[0] = req_strdup(r, idbuf);
    api_document_get(r);
    if (r->status == 200) r->status = 201;
}
