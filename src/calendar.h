/* The working-day calendar of Vietnamese state bodies, for deadlines counted in working days
 * (a feedback must be handled within N working days). A day is off when it is:
 *   - a Saturday or a Sunday (the 40-hour week of state bodies, Decision 188/1999/QĐ-TTg);
 *   - a public holiday of the Labour Code 2019, art. 112(1), computed for any year:
 *       1/1 Tết Dương lịch; Tết Nguyên Đán, 5 days; 30/4 Ngày Chiến thắng; 1/5 Ngày Quốc tế
 *       Lao động; 2/9 Quốc khánh and one day beside it; Giỗ Tổ Hùng Vương, 10/3 lunar;
 *   - a compensatory day (nghỉ bù): a holiday on a Saturday or Sunday gives the next working
 *     day off (art. 111(3));
 *   - an extra day off the administrator added (struct calendar_extra, working = false);
 * unless the administrator made it a working day (working = true, e.g. a Saturday worked in
 * exchange for a bridging day off). The defaults where the Code leaves the choice to the Prime
 * Minister each year (art. 112(3)) are stated in calendar.c and docs/rules.md: the 5 days of Tết
 * are the last day of the lunar year and the first four of the new one; the day beside 2/9 is
 * 1/9, or 3/9 when 2/9 is a Thursday. The administrator adjusts a year's actual decision with
 * extra days.
 *
 * Dates are ISO strings "YYYY-MM-DD" in 1900-01-01 .. 2199-12-31; anything else is an error,
 * never a crash. Pure functions, no I/O, no allocation, no globals: the caller passes the extra
 * days (today a CLI passes none; the database will supply the administrator's list). */
#ifndef NQ57_CALENDAR_H
#define NQ57_CALENDAR_H
#include <stdbool.h>
#include <stddef.h>

#define CALENDAR_DATE_LEN 11      /* "YYYY-MM-DD" + NUL, the same as ISO_DATE_LEN */
#define CALENDAR_NAME_LEN 128     /* a day's name, UTF-8, NUL included */
#define CALENDAR_BUILTIN_MAX 24   /* computed days off of one year, at most (11 holidays, each
                                     compensated at most once, in practice far fewer) */
#define CALENDAR_MAX_WORKING_DAYS 100000    /* the largest N calendar_add_working_days takes */

/* A day an administrator changed. Entries override the computed calendar and, for the same
 * date, the last entry wins. */
struct calendar_extra {
    char date[CALENDAR_DATE_LEN];
    char name[CALENDAR_NAME_LEN];   /* e.g. "Nghỉ bù Tết (Quyết định ...)"; "" allowed */
    bool working;                   /* true: a working day even if a weekend or holiday;
                                       false: a day off */
};

/* One day off, as listed by calendar_days_off. */
struct calendar_day {
    char date[CALENDAR_DATE_LEN];
    char name[CALENDAR_NAME_LEN];   /* Vietnamese, e.g. "Tết Nguyên Đán (mùng 1)" */
};

/* The days off of YEAR other than plain weekends, sorted by date, into OUT (CAP entries):
 * the holidays (also those falling on a weekend), the compensatory days and the extra days
 * off of EXTRA in YEAR; a day made working by EXTRA is left out, and an extra day off on a
 * computed date replaces the computed name (an empty name keeps it). Returns the number of
 * days, or -1 when YEAR is outside 1900..2199, an entry of EXTRA has an invalid date, or CAP
 * is too small (CALENDAR_BUILTIN_MAX + N_EXTRA always suffices). */
int calendar_days_off(int year, const struct calendar_extra *extra, size_t n_extra,
                      struct calendar_day *out, size_t cap);

/* 1 when DATE is a working day, 0 when it is a day off, -1 when DATE or an entry of EXTRA is
 * not a valid date. */
int calendar_is_working_day(const char *date, const struct calendar_extra *extra,
                            size_t n_extra);

/* The deadline N working days after FROM, into OUT. FROM itself never counts, whether or not
 * it is a working day: as in the Civil Code 2015, art. 147(2), a period counted in days starts
 * the day after the day it is counted from, so a feedback received on FROM with 5 working days
 * to answer is due on the 5th working day after FROM, by the end of that day. N = 0 gives FROM.
 * The result is always a working day when N > 0. Returns false, OUT untouched, when FROM or an
 * extra is not a valid date, N is outside 0..CALENDAR_MAX_WORKING_DAYS, or the result would
 * be after 2199-12-31. */
bool calendar_add_working_days(const char *from, int n, const struct calendar_extra *extra,
                               size_t n_extra, char out[CALENDAR_DATE_LEN]);

/* The number of working days after FROM up to and including TO (FROM excluded, TO included),
 * negative when TO is before FROM (then minus the working days after TO up to and including
 * FROM), 0 when equal. So calendar_add_working_days(FROM, n) = TO gives n back. (Whether a
 * deadline has passed is a plain date comparison, not this count: it ends with its day.)
 * Returns false, *OUT untouched, when a date is invalid. */
bool calendar_working_days_between(const char *from, const char *to,
                                   const struct calendar_extra *extra, size_t n_extra,
                                   int *out);

#endif
