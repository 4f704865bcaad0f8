/* /open311/v2/: the Open311 GeoReport v2 API (JSON) over the feedback of system 2, so that
 * city apps and other systems that speak Open311 can submit and follow feedback.
 *
 * Services are the four kinds. A service request is a feedback item; its service_request_id
 * is the tracking code. Submissions are form-encoded as in GeoReport v2 (JSON bodies are
 * accepted too), go through the same validation, routing, deadline, duplicate and rate-limit
 * rules as POST /api/v1/feedback, and errors have the API's one shape. Extensions beyond
 * GeoReport: "title", "field" and "unit" (attribute[title], attribute[field], attribute[unit]
 * are read too). Personal data is never returned. */
#include "api.h"
#include "feedback.h"
#include "text.h"
#include "util.h"
#include "views.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* GET /open311/v2/services.json */
void api_open311_services(struct req *r)
{
    static const char *const about[] = {
        "Phản ánh một vấn đề, vướng mắc trong thực hiện Nghị quyết 57-NQ/TW",
        "Kiến nghị thay đổi cơ chế, chính sách, thủ tục",
        "Đề xuất sáng kiến (cần thông tin liên hệ)",
        "Đề xuất giải pháp (cần thông tin liên hệ)",
    };
    json_t *out = json_array();
    for (int i = 0; feedback_kinds[i]; i++)
        json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
                                             "service_code", feedback_kinds[i], "service_name",
                                             feedback_kind_name(feedback_kinds[i]),
                                             "description", about[i], "metadata", 0, "type",
                                             "realtime", "keywords", "nq57,pakn", "group",
                                             "Phản ánh, kiến nghị, sáng kiến, giải pháp"));
    reply_json(r, 200, out);
}

/* A feedback item as an Open311 service request. */
static json_t *request_json(const struct feedback_item *f, const char *today,
                            const struct calendar_extras *x)
{
    json_t *v = view_feedback(f, today, x->items, x->n);
    bool open = feedback_open(f->status);
    const char *notes = *f->answer ? f->answer : *f->reason ? f->reason : "";
    char expected[32], requested[TIME_LEN];
    snprintf(expected, sizeof expected, "%sT23:59:59+07:00", f->due);
    util_copy(requested, sizeof requested, f->received_at);
    json_t *o = json_pack("{s:O, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:n, "
                          "s:n, s:n, s:s}",
                          "service_request_id", json_object_get(v, "code"), "status",
                          open ? "open" : "closed", "status_notes", notes, "service_name",
                          feedback_kind_name(f->kind), "service_code", f->kind, "description",
                          f->content, "agency_responsible", f->unit_name, "service_notice",
                          f->status, "requested_datetime", requested, "updated_datetime",
                          f->updated_at, "expected_datetime", expected, "address",
                          *f->concerns_name ? json_string(f->concerns_name) : json_null(),
                          "lat", "long", "media_url", "title", f->title);
    json_decref(v);
    return o;
}

struct o311_ctx {
    json_t *items;
    const char *today, *status, *start, *end;
    const struct calendar_extras *x;
    int limit;
};
static void collect_request(void *ctx, const struct feedback_item *f)
{
    struct o311_ctx *c = ctx;
    if ((int)json_array_size(c->items) >= c->limit) return;
    if (c->status && !strcmp(c->status, "open") != feedback_open(f->status)) return;
    if (c->start && strncmp(f->received_at, c->start, 10) < 0) return;
    if (c->end && strncmp(f->received_at, c->end, 10) > 0) return;
    json_array_append_new(c->items, request_json(f, c->today, c->x));
}

/* A date or a date-time (GeoReport uses W3C date-times): its first 10 characters are a date. */
static bool date_prefix_ok(const char *s)
{
    char d[DATE_LEN];
    if (strlen(s) < 10 || strlen(s) > 40 || (s[10] && s[10] != 'T')) return false;
    util_copy(d, sizeof d, s);
    return util_date_valid(d);
}

/* GET /open311/v2/requests.json?service_request_id=A,B&service_code=&status=open|closed
 * &start_date=&end_date= (ISO dates or date-times): screened requests, newest first (at most
 * limit, default 50; the ids of service_request_id are looked up whatever their status). */
void api_open311_requests(struct req *r)
{
    int limit = req_limit(r);
    if (limit < 0) return;
    struct o311_ctx c = {.items = json_array(), .status = req_query(r, "status"),
                         .start = req_query(r, "start_date"), .end = req_query(r, "end_date"),
                         .limit = limit};
    const char *service = req_query(r, "service_code"), *ids = req_query(r, "service_request_id");
    const char *bad = NULL;
    if (service && !feedback_kind_name(service)) bad = "service_code";
    else if (c.status && strcmp(c.status, "open") && strcmp(c.status, "closed")) bad = "status";
    else if (c.start && !date_prefix_ok(c.start)) bad = "start_date";
    else if (c.end && !date_prefix_ok(c.end)) bad = "end_date";
    if (bad) {
        json_decref(c.items);
        reply_error(r, 400, "validation_failed", bad, "%s is not valid", bad);
        return;
    }
    struct calendar_extras x;
    enum store_rc rc = calendar_extras_load(r->st, &x);
    if (rc != ST_OK) { json_decref(c.items); reply_store_error(r, rc, "calendar"); return; }
    char today[DATE_LEN];
    util_today(today);
    c.today = today;
    c.x = &x;
    if (ids) {
        char *list = req_strdup(r, ids), *save = NULL;
        for (char *id = strtok_r(list, ",", &save); id && rc == ST_OK;
             id = strtok_r(NULL, ",", &save)) {
            char code[FEEDBACK_CODE_LEN];
            if (!feedback_code_parse(id, code)) continue;
            rc = r->st->feedback_get(r->st, code, 0, collect_request, &c);
            if (rc == ST_NOT_FOUND) rc = ST_OK;
        }
    } else {
        struct feedback_query q = {.public_only = true, .kind = service};
        rc = r->st->feedback_list(r->st, &q, collect_request, &c);
    }
    calendar_extras_free(&x);
    if (rc != ST_OK) {
        json_decref(c.items);
        reply_store_error(r, rc, "feedback");
        return;
    }
    reply_json(r, 200, c.items);
}

/* GET /open311/v2/requests/{id}.json: one request by tracking code, as an array of one. */
void api_open311_request(struct req *r)
{
    char code[FEEDBACK_CODE_LEN], today[DATE_LEN];
    if (!feedback_code_parse(r->param[0], code)) {
        reply_error(r, 404, "not_found", "service_request_id", "no request %s", r->param[0]);
        return;
    }
    struct calendar_extras x;
    enum store_rc rc = calendar_extras_load(r->st, &x);
    if (rc != ST_OK) { reply_store_error(r, rc, "calendar"); return; }
    util_today(today);
    struct o311_ctx c = {.items = json_array(), .today = today, .x = &x, .limit = 1};
    rc = r->st->feedback_get(r->st, code, 0, collect_request, &c);
    calendar_extras_free(&x);
    if (rc != ST_OK) {
        json_decref(c.items);
        if (rc == ST_NOT_FOUND)
            reply_error(r, 404, "not_found", "service_request_id", "no request %s", r->param[0]);
        else
            reply_store_error(r, rc, "feedback");
        return;
    }
    reply_json(r, 200, c.items);
}

/* Decodes application/x-www-form-urlencoded S in place ('+' is a space); false when a %
 * escape is malformed. */
static bool form_decode(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p == '+') {
            *o++ = ' ';
        } else if (*p == '%') {
            unsigned v;
            static const char hex[] = "0123456789abcdefABCDEF";
            if (!p[1] || !p[2] || !strchr(hex, p[1]) || !strchr(hex, p[2]) ||
                sscanf(p + 1, "%2x", &v) != 1)
                return false;
            *o++ = (char)v;
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return true;
}

/* The Open311 names of a submission's parameters, and where each goes. */
struct o311_param { const char *name, *alias; const char **target; };

/* Reads the body (form or JSON) into the targets; replies 400 naming the parameter. */
static bool read_params(struct req *r, struct o311_param *params)
{
    const char *ct = req_header(r, "Content-Type");
    bool json = ct && !strncmp(ct, "application/json", 16);
    if (json) {
        json_t *body = input_json(r);
        if (!body) return false;
        if (!json_is_object(body)) {
            reply_error(r, 400, "validation_failed", NULL, "the body must be a JSON object");
            return false;
        }
        const char *key;
        json_t *v;
        json_object_foreach(body, key, v) {
            bool known = false;
            for (struct o311_param *p = params; p->name; p++) {
                if (strcmp(key, p->name) && (!p->alias || strcmp(key, p->alias))) continue;
                known = true;
                if (!json_is_string(v)) {
                    reply_error(r, 400, "validation_failed", key, "%s must be a string", key);
                    return false;
                }
                *p->target = req_strdup(r, json_string_value(v));
            }
            if (!known) {
                reply_error(r, 400, "validation_failed", key, "unknown parameter %s", key);
                return false;
            }
        }
    } else {
        char *body = req_alloc(r, r->body_len + 1);
        memcpy(body, r->body ? r->body : "", r->body_len);
        body[r->body_len] = '\0';
        char *save = NULL;
        for (char *pair = strtok_r(body, "&", &save); pair; pair = strtok_r(NULL, "&", &save)) {
            char *eq = strchr(pair, '=');
            if (!eq) continue;
            *eq = '\0';
            char *key = pair, *val = eq + 1;
            if (!form_decode(key) || !form_decode(val)) {
                reply_error(r, 400, "validation_failed", NULL, "the form is not URL-encoded");
                return false;
            }
            for (struct o311_param *p = params; p->name; p++)
                if (!strcmp(key, p->name) || (p->alias && !strcmp(key, p->alias)))
                    *p->target = val;
        }
    }
    /* Every value: valid UTF-8 as NFC, within bounds. */
    for (struct o311_param *p = params; p->name; p++) {
        if (!*p->target) continue;
        size_t max = !strcmp(p->name, "description") ? 20000 : 500;
        if (!text_valid_utf8(*p->target, strlen(*p->target))) {
            reply_error(r, 400, "validation_failed", p->name, "%s is not valid text", p->name);
            return false;
        }
        char *nfc = text_nfc(*p->target);
        if (!nfc || text_length(nfc) > max) {
            free(nfc);
            reply_error(r, 400, "validation_failed", p->name, "%s is longer than %zu characters",
                        p->name, max);
            return false;
        }
        *p->target = req_strdup(r, nfc);
        free(nfc);
    }
    return true;
}

/* POST /open311/v2/requests.json */
void api_open311_submit(struct req *r)
{
    struct submission s = {0};
    const char *first = NULL, *last = NULL, *lat = NULL, *lon = NULL, *api_key = NULL,
               *jurisdiction = NULL, *device = NULL, *account = NULL, *media = NULL;
    struct o311_param params[] = {
        {"service_code", NULL, &s.kind},
        {"description", NULL, &s.content},
        {"title", "attribute[title]", &s.title},
        {"field", "attribute[field]", &s.field},
        {"unit", "attribute[unit]", &s.unit},
        {"first_name", NULL, &first},
        {"last_name", NULL, &last},
        {"phone", NULL, &s.contact.phone},
        {"email", NULL, &s.contact.email},
        {"address_string", NULL, &s.contact.address},
        {"lat", NULL, &lat},
        {"long", NULL, &lon},
        {"api_key", NULL, &api_key},
        {"jurisdiction_id", NULL, &jurisdiction},
        {"device_id", NULL, &device},
        {"account_id", NULL, &account},
        {"media_url", NULL, &media},
        {NULL, NULL, NULL},
    };
    if (!read_params(r, params)) return;
    if (!s.kind) {
        reply_error(r, 400, "validation_failed", "service_code", "service_code is required");
        return;
    }
    if (!s.content || text_length(s.content) < 10) {
        reply_error(r, 400, "validation_failed", "description",
                    "description is required (10 to 20000 characters)");
        return;
    }
    if (!s.field) s.field = "khac";
    if (!s.title) {
        /* The first line of the description, at most 100 characters. */
        char *t = req_strdup(r, s.content);
        t[strcspn(t, "\r\n")] = '\0';
        size_t bytes = 0, chars = 0;
        while (t[bytes] && chars < 100) {
            bytes++;
            while ((t[bytes] & 0xC0) == 0x80) bytes++;
            chars++;
        }
        t[bytes] = '\0';
        s.title = t;
    }
    if (first || last) {
        size_t n = (first ? strlen(first) : 0) + (last ? strlen(last) : 0) + 2;
        char *name = req_alloc(r, n);
        snprintf(name, n, "%s%s%s", last ? last : "", first && last ? " " : "",
                 first ? first : "");
        s.contact.name = name;
    }
    static const char *const names[FEEDBACK_NAMES] = {"service_code", "field", "unit",
                                                      "first_name", "phone", "email"};
    feedback_submit(r, &s, true, names);
}
