#include "views.h"

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
