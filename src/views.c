#include "views.h"
#include "feedback.h"

#include <math.h>
#include <string.h>

static json_t *str_or_null(const char *s) { return *s ? json_string(s) : json_null(); }

json_t *view_unit(const struct unit *u)
{
    return json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:b, s:i}", "code", u->code, "name",
                     u->name, "kind", u->kind, "parent", str_or_null(u->parent_code),
                     "valid_from", u->valid_from, "valid_to", str_or_null(u->valid_to),
                     "active", u->active, "child_count", u->child_count);
}

json_t *view_user(const struct user *u)
{
    return json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:b, s:s}", "username", u->username,
                     "display_name", u->display_name, "role", u->role, "unit", "code",
                     u->unit_code, "name", u->unit_name, "active", u->active, "created_at",
                     u->created_at);
}

json_t *view_token(const struct api_token *t)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s}", "id", (json_int_t)t->id,
                     "name", t->name, "unit", t->unit_code, "role", t->role, "created_at",
                     t->created_at, "expires_at", str_or_null(t->expires_at), "revoked_at",
                     str_or_null(t->revoked_at), "last_used_at", str_or_null(t->last_used_at),
                     "owner", t->owner);
}

json_t *view_number(double v)
{
    return isnan(v) ? json_null() : json_real(round(v * 1e6) / 1e6);
}

json_t *view_list(const char *list)
{
    json_t *a = json_array();
    const char *p = list;
    while (p && *p) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n) json_array_append_new(a, json_stringn(p, n));
        p = end ? end + 1 : NULL;
    }
    return a;
}

json_t *view_value(const struct ivalue *v)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:s, s:b, s:o, s:I, s:s, s:s, s:s}",
                     "id", (json_int_t)v->id, "indicator", v->indicator_code, "unit",
                     v->unit_code, "period", v->period, "value", view_number(v->value),
                     "numerator", view_number(v->numerator), "denominator",
                     view_number(v->denominator), "source", v->source, "late", v->late, "flags",
                     view_list(v->flags), "version", (json_int_t)v->version, "first_day",
                     v->first_day, "updated_at", v->updated_at, "updated_by", v->updated_by);
}

json_t *view_feedback(const struct feedback_item *f, const char *today,
                      const struct calendar_extra *extra, size_t n_extra)
{
    char shown[FEEDBACK_CODE_SHOWN], dup[FEEDBACK_CODE_SHOWN];
    feedback_code_show(f->code, shown);
    feedback_code_show(f->duplicate_of, dup);
    int overdue = feedback_days_overdue(f->status, f->due, today);
    int taken = feedback_days_taken(f->received_on, f->answered_on, today, extra, n_extra);
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:o, s:i, "
        "s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
        "code", shown, "kind", f->kind, "kind_name", feedback_kind_name(f->kind), "field",
        f->field, "field_name", feedback_field_name(f->field) ? feedback_field_name(f->field) : "",
        "title", f->title, "content", f->content, "concerns",
        *f->concerns_code ? json_pack("{s:s, s:s}", "code", f->concerns_code, "name",
                                      f->concerns_name)
                          : json_null(),
        "unit", "code", f->unit_code, "name", f->unit_name, "status", f->status, "received_at",
        f->received_at, "received_on", f->received_on, "due", f->due, "answered_on",
        str_or_null(f->answered_on), "days_overdue", overdue, "overdue", overdue > 0,
        "escalated_to", overdue > 0 && *f->parent_code
                            ? json_pack("{s:s, s:s}", "code", f->parent_code, "name",
                                        f->parent_name)
                            : json_null(),
        "days_taken", taken >= 0 ? json_integer(taken) : json_null(),
        "on_time", *f->answered_on ? json_boolean(strcmp(f->answered_on, f->due) <= 0)
                                   : json_null(),
        "answer", str_or_null(f->answer), "reason", str_or_null(f->reason), "rating",
        f->rating ? json_integer(f->rating) : json_null(), "duplicate_of", "");
    json_object_set_new(o, "duplicate_of", *f->duplicate_of ? json_string(dup) : json_null());
    return o;
}
