/* Judging tasks as of a date: the verdict of one unit's part (colour, days overdue, whether it
 * counts in the greening rate) and of a whole task combining its parts. Built on the deadline
 * reader (deadline.h) and the one colour rule (colour.h); no I/O. The combination rule is
 * published in docs/rules.md. */
#ifndef NQ57_TASKEVAL_H
#define NQ57_TASKEVAL_H
#include <stdbool.h>

#include "colour.h"
#include "store/store.h"

struct part_verdict {
    struct colour_result result;
    char due[11];            /* the due date judged: the task's, or the current obligation's */
    int obligations_due;     /* recurring: obligations whose due date has passed (dated: 0/1) */
    int obligations_green;   /* of those, met on time */
    int obligations_late;    /* met after their due date */
};

/* The verdict of part P of task T on TODAY. */
void taskeval_part(const struct task *t, const struct task_part *p, const char *today,
                   const struct colour_params *params, struct part_verdict *out);

/* Adds a part's verdict to greening counts: a dated part counts once by its colour; a
 * recurring part counts each obligation due so far (green, done late or red) and, for the
 * current period, its colour if that is yellow or blue. */
void taskeval_count(struct colour_counts *c, const struct part_verdict *v, bool recurring);

/* Combining parts into the task (docs/rules.md): progress is the lead parts' mean, weighted
 * 0.7, plus the coordinating parts' mean, weighted 0.3 (the lead's alone when none coordinate);
 * the task is done when every lead part is done, on the last lead part's completion day; its
 * colour is the colour rule applied to that (recurring tasks: the worst lead part's colour). */
struct task_combined {
    int progress;
    bool done;
    char done_on[11];
    struct colour_result result;
};
struct task_combiner {
    int lead_n, coord_n;
    long lead_sum, coord_sum;
    bool all_lead_done;
    char last_done[11];
    enum colour worst_lead;
};
void taskeval_combine_begin(struct task_combiner *k);
void taskeval_combine_add(struct task_combiner *k, const struct task_part *p,
                          const struct part_verdict *v);
void taskeval_combine_end(struct task_combiner *k, const struct task *t, const char *today,
                          const struct colour_params *params, struct task_combined *out);

/* Rebuilding task_rows' rows from a part's history (store part_histories), for any day.
 * taskeval_row_of fills OUT with what does not depend on the day: the task's deadline fields,
 * dates, group and tags, the part's ids, unit and role (the task's texts are ""). Then
 * taskeval_row_on sets what does, as task_rows gives it as of DAY: CURRENT (DAY is today or
 * later) takes the stored progress, a past day the last progress figure dated on or before it
 * (0 if none); the completion reported and accepted by DAY; a recurring part's period reports
 * dated by DAY in *REPORTS (of *CAP bytes, grown with realloc; the caller frees it). It returns
 * 1, or 0 when the task was neither started nor registered by DAY (task_rows leaves it out),
 * -1 when out of memory. */
void taskeval_row_of(const struct part_history *h, struct task_row *out);
int taskeval_row_on(const struct part_history *h, const char *day, bool current,
                    struct task_row *out, char **reports, size_t *cap);

/* Orders colours from best to worst for "worst of": green, grey, blue, yellow, done late, red. */
int taskeval_severity(enum colour c);

#endif
