/* JSON views of stored records: one place decides what a unit or a user looks like on the wire
 * (and in the audit log's before/after). */
#ifndef NQ57_VIEWS_H
#define NQ57_VIEWS_H
#include <jansson.h>

#include "store/store.h"

json_t *view_unit(const struct unit *u);
json_t *view_user(const struct user *u);          /* never includes the password hash */
json_t *view_token(const struct api_token *t);

#endif
