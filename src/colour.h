/* The colour of a task (or of one period of a recurring task) on a given day, the greening rate
 * and the phase verdict: the rule of SPEC "Status and colour" in one place. Every rating can be
 * explained later from its inputs, the parameters and COLOUR_RULE_VERSION, which changes
 * whenever the rule gives a different colour for some input. docs/rules.md states the same rule
 * for users; keep the two in step. Pure functions, no I/O, no allocation. */
#ifndef NQ57_COLOUR_H
#define NQ57_COLOUR_H
#include <stdbool.h>

#define COLOUR_RULE_VERSION 1

enum colour { COLOUR_GREY, COLOUR_BLUE, COLOUR_YELLOW, COLOUR_RED, COLOUR_GREEN, COLOUR_DONE_LATE };

/* When a deadline is "close": within NEAR_DAYS days of it (due - today <= near_days), or in
 * the last NEAR_SHARE_PCT percent of the time from start to due. Out-of-range values are
 * clamped (near_days to >= 0, near_share_pct to 0..100). */
struct colour_params {
    int near_days;
    int near_share_pct;
};
extern const struct colour_params colour_defaults;    /* 7 days, 15 % */

struct colour_input {
    const char *start;     /* the day the task (or the obligation's period) began, YYYY-MM-DD;
                              NULL, "" or invalid: unknown */
    const char *due;       /* NULL or "": no deadline / continuous */
    int progress;          /* 0-100 (clamped) */
    const char *done_on;   /* the day the completion was reported, once it was accepted;
                              NULL or "": not done */
    const char *today;     /* the day asked (as_of) */
};

struct colour_result {
    enum colour colour;
    int days_overdue;      /* red: today - due; done late: done_on - due; otherwise 0 */
    bool late;             /* done after the due date (colour COLOUR_DONE_LATE) */
    const char *reason;    /* a short English explanation, a static string */
};

/* The colour of IN on IN->today under P (NULL: colour_defaults). In order:
 *   - due NULL or "": grey, done or not (no deadline, nothing to be late for);
 *   - due or today not a date: grey with a reason naming the bad input;
 *   - done_on set, a date, and not after today: green when done_on <= due, else done late
 *     (late, days_overdue = days late). A done_on after today means not yet done as of today;
 *     a done_on that is not a date is treated as not done;
 *   - not done and today > due: red, days_overdue = today - due;
 *   - today before start: blue (nothing is expected yet);
 *   - yellow when the deadline is close AND progress is behind the share of the span
 *     [start, due] elapsed: progress * span < elapsed * 100, where span = due - start and
 *     elapsed = today - start in days (equal is on track). Close: due - today <= near_days, or
 *     elapsed * 100 >= span * (100 - near_share_pct) (the 85 % point of a 100-day span is
 *     close). Without a span (start unknown, or start on or after due) only the near_days test
 *     applies and the whole time counts as elapsed: behind means progress < 100;
 *   - otherwise blue. */
struct colour_result colour_of(const struct colour_input *in, const struct colour_params *p);

/* "grey", "blue", "yellow", "red", "green", "done_late"; "unknown" for any other value. */
const char *colour_name(enum colour c);

struct colour_counts {
    int grey, blue, yellow, red, green, done_late;
};

/* Adds one task of colour COL to C (values outside the enum are ignored). */
void colour_count(struct colour_counts *c, enum colour col);

/* The greening rate (tỉ lệ xanh hoá): the share of tasks due so far that are green, in percent
 * rounded half up to one decimal; 0 when none are due. Due so far = green + done late + red:
 * the tasks done (on time, early or late) and those past their deadline undone. Blue and yellow
 * tasks are not yet due; grey tasks have no deadline. */
double colour_greening_rate(const struct colour_counts *c);

/* The phase verdict of a unit from the colours of its tasks due before the cut-off: red when
 * any is red or done late, else yellow when any is yellow, else blue when any is blue (not due
 * yet, on track), else green when at least one is green; grey when there is none (grey tasks,
 * which have no deadline, are ignored). */
enum colour colour_phase(const struct colour_counts *due_before_cutoff);

#endif
