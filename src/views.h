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

#endif
