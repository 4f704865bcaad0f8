/* Roll-up on write (SPEC "Indicators"): saving, changing or deleting a value updates, in the same
 * transaction, the roll-up rows of every unit above it (indicator_rollups: count, late count,
 * sum, numerator and denominator sums, min and max of the values strictly below the unit). A
 * unit's total is its own value combined with its row (ind_total), so reads never scan values.
 *
 * Sums move by the difference between the new and the old contribution; min and max merge the
 * new value and are recomputed from the values below only when the value that left was the
 * extreme. Updates are increments ("n = n + 1"), so concurrent writers to one aggregate do not
 * lose each other's changes. */
#ifndef NQ57_ROLLUP_H
#define NQ57_ROLLUP_H
#include "store/store.h"

/* Saves V for IND at the unit with PATH ("/1/5/77/") replacing OLD (NULL if new), and brings
 * the roll-ups above it up to date. Runs inside the caller's transaction. */
enum store_rc rollup_put(struct store *st, const struct indicator *ind, const char *path,
                         const struct ivalue *old, const struct ivalue *v);
/* Deletes OLD (of the unit with PATH) and takes it out of the roll-ups above it. */
enum store_rc rollup_delete(struct store *st, const struct indicator *ind, const char *path,
                            const struct ivalue *old);

/* Bulk loading of values that do not exist yet (demo data, benchmarks, imports into empty
 * periods): rollup_batch_add keeps the value in memory and sums its roll-up changes per
 * (indicator, unit above, period); rollup_batch_flush, in the caller's transaction, writes the
 * values in index order through store->value_insert_many (ST_CONFLICT if one already exists),
 * then each roll-up row once, and bumps the "indicators" generation. */
struct rollup_batch;
struct rollup_batch *rollup_batch_new(void);
enum store_rc rollup_batch_add(struct store *st, struct rollup_batch *b,
                               const struct indicator *ind, const char *path,
                               const struct ivalue *v);
enum store_rc rollup_batch_flush(struct store *st, struct rollup_batch *b);
/* How many roll-up rows the next flush writes. */
size_t rollup_batch_pending(const struct rollup_batch *b);
void rollup_batch_free(struct rollup_batch *b);

/* Recomputes every roll-up from the values (after the tree changes shape: a unit moved). */
enum store_rc rollup_rebuild(struct store *st);

/* The ids of the units strictly above the unit with PATH, nearest last; returns how many (at
 * most CAP). */
int rollup_ancestors(const char *path, int64_t *ids, int cap);
#endif
