/* /api/v1/documents: the programme documents and their cascade (read side). */
#include "api.h"
#include "text.h"

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
