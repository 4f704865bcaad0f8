/* The Vietnamese lunisolar calendar (âm lịch): conversion between solar (Gregorian) and lunar
 * dates, by Hồ Ngọc Đức's method, which is how Vietnamese calendars are computed:
 *   - a lunar month begins on the local day (UTC+7) of a new moon, the new moons and the sun's
 *     longitude coming from the series in Jean Meeus, "Astronomical Algorithms" (1998);
 *   - month 11 is the month that contains the winter solstice;
 *   - when 13 new moons begin between one month 11 and the next, that lunar year has a leap
 *     month (tháng nhuận): the first month after month 11 in which the sun enters no new
 *     30-degree sector of longitude (no major solar term, trung khí). It takes the number of
 *     the month before it.
 * The meridian matters: Vietnam computes at UTC+7, China at UTC+8, so some years differ (Tết
 * 1985 fell on 21 January in Vietnam and 20 February in China; Tết 2007 on 17 and 18 February).
 * Vietnam has used UTC+7 for its calendar since 1968; earlier dates computed here are the UTC+7
 * calendar, which is not always the one printed at the time.
 *
 * Valid for solar dates 1900-01-01 .. 2199-12-31. Pure functions, no I/O, no globals. */
#ifndef NQ57_LUNAR_H
#define NQ57_LUNAR_H
#include <stdbool.h>

#define LUNAR_FIRST_YEAR 1900
#define LUNAR_LAST_YEAR 2199

struct lunar_date {
    int year;     /* the lunar year: the solar year in which its Tết (1/1 lunar) falls */
    int month;    /* 1-12; the leap month carries the number of the month before it */
    int day;      /* 1-30 */
    bool leap;    /* this is the leap month (tháng nhuận) numbered MONTH */
};

/* The Julian day number of a Gregorian date (JDN 2451545 is 2000-01-01). No range check:
 * callers pass a valid date. JDN % 7 is the weekday, 0 Monday .. 6 Sunday. */
long lunar_jdn(int year, int month, int day);

/* The Gregorian date of a Julian day number. */
void lunar_jdn_to_solar(long jdn, int *year, int *month, int *day);

/* The lunar date of the solar date YEAR-MONTH-DAY. Returns false, leaving OUT untouched, when
 * the solar date is not a real date in 1900..2199. */
bool lunar_from_solar(int year, int month, int day, struct lunar_date *out);

/* The solar date of the lunar date IN, into *YEAR, *MONTH, *DAY. Returns false when IN is not a
 * real lunar date (month outside 1-12, day past the month's 29 or 30 days, leap set on a month
 * that is not that year's leap month) or its solar date is outside 1900..2199. */
bool lunar_to_solar(const struct lunar_date *in, int *year, int *month, int *day);

/* The leap month of lunar year YEAR: 1-12, 0 when the year has none, -1 when YEAR is outside
 * 1900..2199. */
int lunar_leap_month(int year);

/* The Julian day number of Tết Nguyên Đán (1/1 lunar) of YEAR, or -1 when YEAR is outside
 * 1900..2199. */
long lunar_new_year_jdn(int year);

#endif
