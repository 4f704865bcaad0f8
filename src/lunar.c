/* The Vietnamese lunar calendar by Hồ Ngọc Đức's method (see lunar.h). The astronomy is the
 * short series from Meeus: good to a few minutes for new moons in 1900-2200, which decides the
 * day of a month's start except when a new moon falls within minutes of local midnight. */
#include "lunar.h"

#include <math.h>

#define TIME_ZONE 7.0                      /* hours east of UTC: the Vietnamese meridian */
#define SYNODIC_MONTH 29.530588853         /* mean days from one new moon to the next */
#define NEW_MOON_0 2415021.076998695       /* JD of the new moon of 1900-01-01, 13:52 UTC */

static const double PI = 3.14159265358979323846;

long lunar_jdn(int year, int month, int day)
{
    long a = (14 - month) / 12;
    long y = year + 4800 - a;
    long m = month + 12 * a - 3;
    return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045;
}

void lunar_jdn_to_solar(long jdn, int *year, int *month, int *day)
{
    long a = jdn + 32044;
    long b = (4 * a + 3) / 146097;
    long c = a - b * 146097 / 4;
    long d = (4 * c + 3) / 1461;
    long e = c - 1461 * d / 4;
    long m = (5 * e + 2) / 153;
    *day = (int)(e - (153 * m + 2) / 5 + 1);
    *month = (int)(m + 3 - 12 * (m / 10));
    *year = (int)(b * 100 + d - 4800 + m / 10);
}

/* The moment (Julian date, UTC) of the K-th new moon after that of 1900-01-01 (Meeus ch. 49,
 * abridged), corrected from dynamical to universal time. */
static double new_moon(long k)
{
    double t = k / 1236.85;    /* Julian centuries from 1900 January 0.5 */
    double t2 = t * t, t3 = t2 * t;
    double dr = PI / 180;
    double jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
    double m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;     /* sun */
    double mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;  /* moon */
    double f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;     /* latitude */
    double c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m);
    c1 += -0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr);
    c1 += -0.0004 * sin(dr * 3 * mpr);
    c1 += 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr));
    c1 += -0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m));
    c1 += -0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr));
    c1 += 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m));
    double delta_t = t < -11
        ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
        : -0.000278 + 0.000265 * t + 0.000262 * t2;
    return jd + c1 - delta_t;
}

/* The sun's apparent longitude in radians, 0 .. 2π, at Julian date JD (Meeus ch. 25, low
 * precision). */
static double sun_longitude(double jd)
{
    double t = (jd - 2451545.0) / 36525;    /* Julian centuries from J2000.0 */
    double t2 = t * t;
    double dr = PI / 180;
    double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m);
    dl += (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m);
    double l = (l0 + dl) * dr;
    return l - 2 * PI * floor(l / (2 * PI));
}

/* The local day (JDN) on which the K-th new moon falls. */
static long new_moon_day(long k, double tz)
{
    return (long)floor(new_moon(k) + 0.5 + tz / 24);
}

/* The 30-degree sector (0-11, 0 from the March equinox) the sun is in at the local midnight
 * that begins day JDN. A month whose first day and the next month's first day give the same
 * sector contains no major solar term. */
static int sun_sector(long jdn, double tz)
{
    return (int)floor(sun_longitude(jdn - 0.5 - tz / 24) / PI * 6);
}

/* The first day of the lunar month 11 that begins in solar year YEAR (the month of the
 * winter solstice): the last new moon before 31 December, or the one before that when the sun
 * has already passed 270° (sector 9) at its start. */
static long month11_start(int year, double tz)
{
    double off = lunar_jdn(year, 12, 31) - 2415021;
    long k = (long)floor(off / SYNODIC_MONTH);
    long nm = new_moon_day(k, tz);
    if (sun_sector(nm, tz) >= 9) nm = new_moon_day(k - 1, tz);
    return nm;
}

/* Index of the new moon that starts the month beginning on day A11. */
static long lunation_of(long a11) { return (long)floor((a11 - NEW_MOON_0) / SYNODIC_MONTH + 0.5); }

/* In a leap sui (13 months from the month 11 starting on A11), the position after month 11 of
 * the first month without a major solar term: 1 is the month right after month 11. */
static int leap_month_offset(long a11, double tz)
{
    long k = lunation_of(a11);
    int i = 1;
    int arc = sun_sector(new_moon_day(k + i, tz), tz);
    int last;
    do {
        last = arc;
        i++;
        arc = sun_sector(new_moon_day(k + i, tz), tz);
    } while (arc != last && i < 14);
    return i - 1;
}

static bool solar_valid(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < LUNAR_FIRST_YEAR || y > LUNAR_LAST_YEAR || m < 1 || m > 12 || d < 1) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= (m == 2 && leap ? 29 : mdays[m - 1]);
}

bool lunar_from_solar(int year, int month, int day, struct lunar_date *out)
{
    if (!solar_valid(year, month, day)) return false;
    double tz = TIME_ZONE;
    long jdn = lunar_jdn(year, month, day);
    /* The mean lunation is only an estimate: a true new moon can be more than half a day
     * from it, so step to the last new moon on or before JDN (Hồ Ngọc Đức's code tried only
     * k and k + 1, and gave day 0 for 2054-05-07 and 2062-04-09). */
    long k = (long)floor((jdn - NEW_MOON_0) / SYNODIC_MONTH);
    while (new_moon_day(k, tz) > jdn) k--;
    while (new_moon_day(k + 1, tz) <= jdn) k++;
    long month_start = new_moon_day(k, tz);
    long a11 = month11_start(year, tz), b11 = a11;
    int lunar_year;
    if (a11 >= month_start) {
        lunar_year = year;
        a11 = month11_start(year - 1, tz);
    } else {
        lunar_year = year + 1;
        b11 = month11_start(year + 1, tz);
    }
    int diff = (int)((month_start - a11) / 29);    /* months since month 11 */
    int lunar_month = diff + 11;
    bool leap = false;
    if (b11 - a11 > 365) {    /* 13 months in this sui */
        int leap_off = leap_month_offset(a11, tz);
        if (diff >= leap_off) {
            lunar_month = diff + 10;
            leap = diff == leap_off;
        }
    }
    if (lunar_month > 12) lunar_month -= 12;
    if (lunar_month >= 11 && diff < 4) lunar_year--;
    out->year = lunar_year;
    out->month = lunar_month;
    out->day = (int)(jdn - month_start + 1);
    out->leap = leap;
    return true;
}

/* The JDN of the first day of lunar month MONTH (LEAP: its leap twin) of lunar year YEAR, or
 * -1 when that month does not exist. */
static long month_start_jdn(int year, int month, bool leap, double tz)
{
    long a11, b11;
    if (month < 11) {
        a11 = month11_start(year - 1, tz);
        b11 = month11_start(year, tz);
    } else {
        a11 = month11_start(year, tz);
        b11 = month11_start(year + 1, tz);
    }
    int off = month - 11;
    if (off < 0) off += 12;
    if (b11 - a11 > 365) {
        int leap_off = leap_month_offset(a11, tz);
        int leap_month = leap_off - 2;
        if (leap_month < 0) leap_month += 12;
        if (leap && month != leap_month) return -1;
        if (leap || off >= leap_off) off++;
    } else if (leap) {
        return -1;
    }
    return new_moon_day(lunation_of(a11) + off, tz);
}

bool lunar_to_solar(const struct lunar_date *in, int *year, int *month, int *day)
{
    if (!in || in->year < LUNAR_FIRST_YEAR - 1 || in->year > LUNAR_LAST_YEAR || in->month < 1 ||
        in->month > 12 || in->day < 1 || in->day > 30)
        return false;
    double tz = TIME_ZONE;
    long start = month_start_jdn(in->year, in->month, in->leap, tz);
    if (start < 0) return false;
    /* The month ends the day before the next new moon: 29 or 30 days. */
    long next = new_moon_day(lunation_of(start) + 1, tz);
    if (in->day > next - start) return false;
    int y, m, d;
    lunar_jdn_to_solar(start + in->day - 1, &y, &m, &d);
    if (y < LUNAR_FIRST_YEAR || y > LUNAR_LAST_YEAR) return false;
    *year = y;
    *month = m;
    *day = d;
    return true;
}

int lunar_leap_month(int year)
{
    if (year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR) return -1;
    double tz = TIME_ZONE;
    /* Months 1-10 of YEAR lie in the sui that begins with month 11 of YEAR - 1; months 11 and
     * 12 in the one that begins with month 11 of YEAR. */
    long a11 = month11_start(year - 1, tz);
    if (month11_start(year, tz) - a11 > 365) {
        int off = leap_month_offset(a11, tz);
        if (off >= 3) return off - 2;
    }
    a11 = month11_start(year, tz);
    if (month11_start(year + 1, tz) - a11 > 365) {
        int off = leap_month_offset(a11, tz);
        if (off <= 2) return off + 10;
    }
    return 0;
}

long lunar_new_year_jdn(int year)
{
    if (year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR) return -1;
    return month_start_jdn(year, 1, false, TIME_ZONE);
}

/* end of lunar.c */
