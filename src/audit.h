/* The audit log: every write appends who, when, what, and the record before and after, in the
 * same transaction as the write. Rows form a hash chain: each row's hash covers the previous
 * row's hash and all of its own columns, so editing, inserting or deleting a row breaks the
 * chain at that row, and `nq57 audit verify` finds it. */
#ifndef NQ57_AUDIT_H
#define NQ57_AUDIT_H
#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The hash of E given E->prev_hash (hex SHA-256 into OUT). */
void audit_hash(const struct audit_entry *e, char out[HASH_HEX]);

/* Appends an entry inside the caller's transaction. BEFORE and AFTER may be NULL; they are not
 * stolen. */
enum store_rc audit_append(struct store *st, const char *actor, const char *action,
                           const char *entity, const char *entity_id, json_t *before,
                           json_t *after);

struct audit_verdict {
    bool ok;
    long checked;
    int64_t first_broken;            /* 0 when ok */
    char reason[160];
};
enum store_rc audit_verify(struct store *st, struct audit_verdict *v);

#endif
