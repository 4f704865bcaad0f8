/* Deadlines as the documents write them: "trước ngày 15/7/2025", "trong tháng 8/2025",
 * "Quý I/2025", "Hằng tháng báo cáo…", "định kỳ và đột xuất", "thường xuyên". The reader turns
 * them into a due date, a recurring schedule, no deadline, or an explicit "unreadable" with the
 * reason, so that a person fixes what the program could not read instead of the program
 * guessing. docs/rules.md is the user-facing statement of these rules; keep the two in step.
 * Pure functions, no I/O. */
#ifndef NQ57_DEADLINE_H
#define NQ57_DEADLINE_H
#include <stdbool.h>
#include <stddef.h>

#define DEADLINE_DATE_LEN 11          /* "YYYY-MM-DD" + NUL, the same as ISO_DATE_LEN */
#define DEADLINE_REASON_LEN 160
#define DEADLINE_MAX_TEXT 65536       /* longer texts are unreadable ("text too long") */

enum deadline_kind { DEADLINE_DATE, DEADLINE_RECURRING, DEADLINE_NONE, DEADLINE_UNREADABLE };

/* PERIOD_UNSPECIFIED: "định kỳ" or "định kỳ và đột xuất" without a period word. The document
 * does not say how often, so the program does not invent a period: the deadline is recurring,
 * owes no scheduled obligations (deadline_obligations returns 0) and the period must be set by
 * a person. */
enum deadline_period {
    PERIOD_MONTH,
    PERIOD_QUARTER,
    PERIOD_HALF_YEAR,
    PERIOD_YEAR,
    PERIOD_UNSPECIFIED
};

struct deadline {
    enum deadline_kind kind;
    char due[DEADLINE_DATE_LEN];       /* DEADLINE_DATE: the date it must be done by (inclusive) */
    enum deadline_period period;       /* DEADLINE_RECURRING */
    bool on_demand;                    /* "đột xuất": reports also on demand. Set with any kind
                                          it accompanies; alone it gives DEADLINE_NONE */
    char reason[DEADLINE_REASON_LEN];  /* DEADLINE_UNREADABLE: what could not be read (English) */
};

/* Reads TEXT, a deadline as written, possibly inside a longer sentence, case- and
 * diacritic-insensitively. Always fills OUT completely: fields that do not apply are empty,
 * false, or PERIOD_UNSPECIFIED. TEXT may be NULL (read as empty: DEADLINE_NONE). */
void deadline_parse(const char *text, struct deadline *out);

/* One line for logs and the UI: "due 2025-07-15", "recurring monthly", "recurring six-monthly
 * and on demand", "recurring (period not stated)", "on demand only", "none",
 * "unreadable: REASON". Truncated to CAP (always terminated when CAP > 0). */
void deadline_describe(const struct deadline *d, char *buf, size_t cap);

/* The due dates of a recurring deadline's obligations, one per period, each the period's last
 * day, from the period containing FROM up to the period containing TO (both ISO dates), at most
 * MAX of them, in order. Returns the number written: 0 when D is not recurring, its period is
 * unspecified, a date is invalid or FROM is after TO. */
int deadline_obligations(const struct deadline *d, const char *from, const char *to,
                         char (*out)[DEADLINE_DATE_LEN], int max);

/* The first day of the period that contains DUE ("2025-07-01" for a monthly obligation due
 * 2025-07-31): the start to judge an obligation's colour from (the caller takes the later of
 * this and the task's own start). Empty string when D is not recurring with a known period or
 * DUE is not a date. */
void deadline_period_start(const struct deadline *d, const char *due,
                           char out[DEADLINE_DATE_LEN]);

/* The period label of an obligation due on DUE: "2025-07" (month), "2025-Q3", "2025-H2",
 * "2025" (year). Empty string when D is not recurring with a known period or DUE is not a
 * date. */
void deadline_period_label(const struct deadline *d, const char *due, char *buf, size_t cap);

/* "monthly", "quarterly", "six-monthly", "yearly", "unspecified" (the words of describe). */
const char *deadline_period_name(enum deadline_period p);

/* The stored codes of the tasks table (sql/sqlite/0002_tasks.sql): kind "date", "recurring",
 * "none", "unreadable"; period "month", "quarter", "half_year", "year", and "" for
 * PERIOD_UNSPECIFIED (stored as NULL). */
const char *deadline_kind_code(enum deadline_kind k);
const char *deadline_period_code(enum deadline_period p);

#endif
