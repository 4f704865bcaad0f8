/* The rules of periodic reports (SPEC "Periodic reports", docs/rules.md "Báo cáo định kỳ"):
 * the periods a schedule asks for, when each report is due, and a report's colour. Pure
 * functions, no I/O; src/api_reports.c uses them, tests/unit/test_report.c checks them. */
#ifndef NQ57_REPORT_H
#define NQ57_REPORT_H
#include <stdbool.h>

#include "colour.h"
#include "store/store.h"
#include "util.h"

/* One period of a schedule: its code ("2025-07", "2025S1", or a one-off schedule's own code),
 * the days it covers and the day its report is due. */
struct report_period {
    char code[CODE_MAX];
    char from[ISO_DATE_LEN], to[ISO_DATE_LEN], due[ISO_DATE_LEN];
};

/* Whether S is a consistent schedule: kind monthly (due_day 1-28), half_yearly (due_day
 * 0-180) or one_off (valid due_date, period_from <= period_to), reporters not empty. On false,
 * *FIELD names the field at fault and *WHY says why (static strings). */
bool report_schedule_check(const struct report_schedule *s, const char **field, const char **why);

/* The period of S called CODE; false when S has no such period (a month for a monthly
 * schedule, a half-year for a half-yearly one, the schedule's code for a one-off). Monthly
 * reports are due on day due_day of the following month; half-yearly ones due_day days after
 * the half-year ends; a one-off on its due_date. */
bool report_period_of(const struct report_schedule *s, const char *code, struct report_period *out);

/* The period whose report is the latest to fall due on TODAY: the last month or half-year that
 * ended before TODAY (its report may not be due yet); a one-off schedule's own period. */
void report_period_current(const struct report_schedule *s, const char *today,
                           struct report_period *out);

/* The period after P (false for a one-off schedule, which has one). */
bool report_period_next(const struct report_schedule *s, const struct report_period *p,
                        struct report_period *out);

/* The colour of a report in STATE ("" or "none" when nothing was saved, draft, submitted,
 * approved, returned) due on DUE, on TODAY: approved green; submitted blue (waiting for the
 * leader); otherwise red once TODAY is after DUE (*OVERDUE true), yellow when it was returned
 * and is not yet overdue, grey before the due day. */
enum colour report_colour(const char *state, const char *due, const char *today, bool *overdue);

#endif
