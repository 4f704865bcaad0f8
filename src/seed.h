/* Loading data: the bundled programme data (the data directory's CSV files, compiled into the binary), unit trees
 * imported from CSV (the same path), and the synthetic demo communes. */
#ifndef NQ57_SEED_H
#define NQ57_SEED_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Imports a unit tree from CSV (columns code,name,kind,parent,valid_from,valid_to,event,
 * successors; parents before children) in one transaction. Returns 0, or non-zero with a
 * message naming the line in ERR. */
int seed_units_csv(struct store *st, const char *actor, const char *data, size_t len,
                   const char *source, char *err, size_t cap);

/* Imports indicators and their targets from CSV (the columns of data/indicators.csv and
 * data/indicator_targets.csv, data/README.md "Indicators") in one transaction: rows in file
 * order, a part_of naming a row above; due_days from the period type (a month 10 days after
 * it ends, a quarter 15, a half-year 20, a year 90), ratio_scale 100. Returns 0, or non-zero
 * with a message naming the file, the line and the field in ERR. */
int seed_indicators_csv(struct store *st, const char *actor, const char *ind_data,
                        size_t ind_len, const char *ind_source, const char *tgt_data,
                        size_t tgt_len, const char *tgt_source, char *err, size_t cap);

/* Loads every bundled file (units, programmes, documents, task groups, tasks, checklists,
 * indicators with their targets). */
int seed_bundled(struct store *st, char *err, size_t cap);

/* Generates the 3,321 synthetic communes under the 34 provinces, showing progress on stderr. */
int seed_demo(struct store *st, uint64_t seed, char *err, size_t cap);

/* Generates about TARGET synthetic tasks for the provinces and communes (their own tasks and
 * their part of Plan 02-KH/BCĐTW), each with a progress history up to today, deterministic
 * for a seed and a day. Needs the demo communes. */
int seed_demo_tasks(struct store *st, uint64_t seed, int target, char *err, size_t cap);

/* Answers of the demo communes to the basic-criteria checklist, shaped after the published
 * 31/7/2025 snapshot (59.7 % of communes met every criterion). */
int seed_demo_checklists(struct store *st, uint64_t seed, char *err, size_t cap);

/* Loads the synthetic demo indicators (data/demo_indicators.csv and their targets) and, when
 * VALUES, generates their monthly values for 2025: every unit of a reporting kind that existed
 * in the month enters a value for each month already due today (period end + due_days before
 * util_today()), with a trend over the year; about 5 % of unit-months are missing (a unit
 * skips every indicator of that month), optional indicators a further quarter of the time, and
 * 10 % of unit-months are entered late (first_day after the due day, the late flag set). Written through the roll-up batch in one transaction, progress on
 * stderr. Deterministic for a seed and a day. Needs the demo communes. */
int seed_demo_indicators(struct store *st, uint64_t seed, bool values, char *err, size_t cap);

#endif
