/* JSON views of stored records: one place decides what a unit or a user looks like on the wire
 * (and in the audit log's before/after). */
#ifndef NQ57_VIEWS_H
#define NQ57_VIEWS_H
#include <jansson.h>

#include "store/store.h"

json_t *view_unit(const struct unit *u);
json_t *view_user(const struct user *u);          /* never includes the password hash */
json_t *view_token(const struct api_token *t);
json_t *view_value(const struct ivalue *v);         /* an indicator value */
/* A number rounded to 6 decimals, null for NAN; a ';'-list as an array of strings. */
json_t *view_number(double v);
json_t *view_list(const char *list);

/* A feedback item as anyone may read it (never personal data): kind, field, title, content,
 * the unit concerned and the handling unit, status, the deadline with days overdue and the unit
 * it escalated to, the working days taken (EXTRA: the administrator's calendar days), the
 * answer or the reason of a rejection, the rating and the first item when a duplicate. */
#include "calendar.h"
json_t *view_feedback(const struct feedback_item *f, const char *today,
                      const struct calendar_extra *extra, size_t n_extra);

#endif
