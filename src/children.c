/* The units directly below a root, for every "ranking of the units below" (task summaries,
 * checklist summaries): loaded once as of a date, then each descendant is attributed to the
 * child whose subtree holds it, by the path segment after the root's. */
#include "api.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void add_child(void *ctx, const struct unit *u)
{
    struct child_units *c = ctx;
    struct child_unit *grown = realloc(c->items, (c->n + 1) * sizeof *c->items);
    if (!grown) return;
    c->items = grown;
    struct child_unit *k = &c->items[c->n++];
    k->id = u->id;
    util_copy(k->code, sizeof k->code, u->code);
    util_copy(k->name, sizeof k->name, u->name);
}

enum store_rc child_units_load(struct store *st, const struct unit *root, const char *as_of,
                               struct child_units *c)
{
    memset(c, 0, sizeof *c);
    c->root_len = strlen(root->path);
    return st->unit_children(st, root->id, as_of, false, add_child, c);
}

long child_units_find(const struct child_units *c, const char *path)
{
    if (strlen(path) <= c->root_len) return -1;          /* the root itself */
    int64_t id = strtoll(path + c->root_len, NULL, 10);
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].id == id) return (long)i;
    return -1;
}

void child_units_free(struct child_units *c)
{
    free(c->items);
    memset(c, 0, sizeof *c);
}
