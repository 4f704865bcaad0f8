/* The working-day calendar (see calendar.h). Days are Julian day numbers inside; a year's
 * computed days off are built once (a few dozen new-moon computations) and reused while an
 * iteration stays in that year.
 *
 * The rule, and the choices the law leaves open (docs/rules.md says the same for users):
 *   - Labour Code 2019, art. 112(1) names the holidays and art. 112(3) lets the Prime Minister
 *     fix each year which 5 days of Tết and which day beside 2/9 are off. Our defaults:
 *       Tết: the last day of the lunar year (29 or 30 tháng Chạp) and mùng 1 to mùng 4. The
 *       yearly decisions usually take one or two days before Tết and the rest after, joined to
 *       a weekend; the administrator reproduces a year's decision with extra days.
 *       2/9: the day beside it is 1/9, or 3/9 when 2/9 is a Thursday (a Friday off joins the
 *       weekend). This is what the decisions of 2021-2025 chose: 2021 2-3/9, 2022 1-2/9,
 *       2023 1-2/9 (+4/9 in lieu of Saturday 2/9), 2024 2-3/9, 2025 1-2/9; in 2024, 1/9 was a
 *       Sunday, so 1/9 plus its compensatory day 3/9 gives the same days off.
 *   - Giỗ Tổ Hùng Vương is 10/3 of the regular third lunar month, never of a leap third month.
 *   - Art. 111(3): a holiday on a weekly rest day (Saturday or Sunday for state bodies) is
 *     compensated on the next working day. Holidays are compensated in date order, each on the
 *     first Monday-Friday after it that is neither a holiday nor already a compensatory day, so
 *     a Tết that spans a weekend pushes its compensatory days past its last day.
 *   - Two holidays on the same date (Giỗ Tổ can fall on 30/4, e.g. 1947) are one day off with
 *     both names, and the second is compensated like a weekend one. The Code does not say so;
 *     it is the reading that keeps the number of days off the Code grants.
 *   - Extra days from the administrator come last and override everything for their date; they
 *     never move the computed compensatory days.
 *   - Today's Code is applied to every year, also to years before it was in force. */
#include "calendar.h"

#include "lunar.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_YEAR 1900
#define LAST_YEAR 2199

struct year_off {
    int year;                                   /* 0: not built */
    int n;
    long jdn[CALENDAR_BUILTIN_MAX];
    char name[CALENDAR_BUILTIN_MAX][CALENDAR_NAME_LEN];
};

/* The Julian day number of the valid ISO date S, or -1. */
static long parse_date(const char *s)
{
    if (!util_date_valid(s)) return -1;
    return lunar_jdn(atoi(s), atoi(s + 5), atoi(s + 8));
}

static void format_date(long jdn, char out[CALENDAR_DATE_LEN])
{
    int y, m, d;
    lunar_jdn_to_solar(jdn, &y, &m, &d);
    snprintf(out, CALENDAR_DATE_LEN, "%04d-%02d-%02d", y, m, d);
}

static int year_of(long jdn)
{
    int y, m, d;
    lunar_jdn_to_solar(jdn, &y, &m, &d);
    return y;
}

static bool weekend(long jdn) { return jdn % 7 >= 5; }    /* JDN % 7: 0 Monday .. 6 Sunday */

static int find(const struct year_off *yo, long jdn)
{
    for (int i = 0; i < yo->n; i++)
        if (yo->jdn[i] == jdn) return i;
    return -1;
}

static void add(struct year_off *yo, long jdn, const char *name)
{
    yo->jdn[yo->n] = jdn;
    util_copy(yo->name[yo->n], CALENDAR_NAME_LEN, name);
    yo->n++;
}

/* The holidays of art. 112(1) in YEAR, unsorted, possibly two on one date. */
static void holidays(int year, struct year_off *yo)
{
    static const char *const tet_days[] = {"mùng 1", "mùng 2", "mùng 3", "mùng 4"};
    char name[CALENDAR_NAME_LEN];
    add(yo, lunar_jdn(year, 1, 1), "Tết Dương lịch");

    long tet = lunar_new_year_jdn(year);
    int y, m, d;
    struct lunar_date eve;
    lunar_jdn_to_solar(tet - 1, &y, &m, &d);
    lunar_from_solar(y, m, d, &eve);
    snprintf(name, sizeof name, "Tết Nguyên Đán (%d tháng Chạp)", eve.day);
    add(yo, tet - 1, name);
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "Tết Nguyên Đán (%s)", tet_days[i]);
        add(yo, tet + i, name);
    }

    add(yo, lunar_jdn(year, 4, 30), "Ngày Chiến thắng (30/4)");
    add(yo, lunar_jdn(year, 5, 1), "Ngày Quốc tế Lao động (1/5)");
    long national = lunar_jdn(year, 9, 2);
    add(yo, national, "Ngày Quốc khánh (2/9)");
    bool thursday = national % 7 == 3;
    add(yo, thursday ? national + 1 : national - 1,
        thursday ? "Quốc khánh (3/9, ngày liền kề)" : "Quốc khánh (1/9, ngày liền kề)");

    /* Last, so that on a shared date (30/4 in 1947) the fixed holiday comes first. */
    struct lunar_date hung = {year, 3, 10, false};
    if (lunar_to_solar(&hung, &y, &m, &d))
        add(yo, lunar_jdn(y, m, d), "Giỗ Tổ Hùng Vương (10/3 âm lịch)");
}

/* Builds YEAR's computed days off: the holidays, merged by date, then the compensatory days. */
static void year_build(int year, struct year_off *out)
{
    struct year_off all = {.year = year};
    holidays(year, &all);

    /* Sort by date, keeping the order of holidays on the same date (insertion sort: 11). */
    for (int i = 1; i < all.n; i++) {
        for (int j = i; j > 0 && all.jdn[j - 1] > all.jdn[j]; j--) {
            long t = all.jdn[j];
            all.jdn[j] = all.jdn[j - 1];
            all.jdn[j - 1] = t;
            char tmp[CALENDAR_NAME_LEN];
            memcpy(tmp, all.name[j], CALENDAR_NAME_LEN);
            memcpy(all.name[j], all.name[j - 1], CALENDAR_NAME_LEN);
            memcpy(all.name[j - 1], tmp, CALENDAR_NAME_LEN);
        }
    }

    /* Merge holidays that share a date; remember which ones need a compensatory day. */
    struct year_off merged = {.year = year};
    int owed[CALENDAR_BUILTIN_MAX];    /* indexes into ALL of the holidays to compensate */
    int n_owed = 0;
    for (int i = 0; i < all.n; i++) {
        int at = find(&merged, all.jdn[i]);
        if (at >= 0) {
            char *name = merged.name[at];
            size_t len = strlen(name);
            snprintf(name + len, CALENDAR_NAME_LEN - len, "; %s", all.name[i]);
            owed[n_owed++] = i;
        } else {
            add(&merged, all.jdn[i], all.name[i]);
            if (weekend(all.jdn[i])) owed[n_owed++] = i;
        }
    }

    /* Compensatory days, in the holidays' date order. */
    *out = merged;
    for (int k = 0; k < n_owed; k++) {
        int i = owed[k];
        long d = all.jdn[i] + 1;
        while (weekend(d) || find(out, d) >= 0) d++;
        char name[CALENDAR_NAME_LEN];
        snprintf(name, sizeof name, "Nghỉ bù %s", all.name[i]);
        add(out, d, name);
    }
}

/* The last entry of EXTRA for day JDN, or NULL. */
static const struct calendar_extra *extra_for(long jdn, const struct calendar_extra *extra,
                                              size_t n_extra)
{
    const struct calendar_extra *found = NULL;
    for (size_t i = 0; i < n_extra; i++)
        if (parse_date(extra[i].date) == jdn) found = &extra[i];
    return found;
}

static bool extras_valid(const struct calendar_extra *extra, size_t n_extra)
{
    if (n_extra && !extra) return false;
    for (size_t i = 0; i < n_extra; i++)
        if (parse_date(extra[i].date) < 0) return false;
    return true;
}

/* Whether day JDN is off; YO caches the computed days off of JDN's year. */
static bool day_off(long jdn, struct year_off *yo, const struct calendar_extra *extra,
                    size_t n_extra)
{
    const struct calendar_extra *x = extra_for(jdn, extra, n_extra);
    if (x) return !x->working;
    int year = year_of(jdn);
    if (yo->year != year) year_build(year, yo);
    return weekend(jdn) || find(yo, jdn) >= 0;
}

int calendar_days_off(int year, const struct calendar_extra *extra, size_t n_extra,
                      struct calendar_day *out, size_t cap)
{
    if (year < FIRST_YEAR || year > LAST_YEAR || !extras_valid(extra, n_extra) || !out)
        return -1;
    struct year_off yo;
    year_build(year, &yo);

    /* Computed days not made working, with the name of an extra day off on the same date. */
    size_t n = 0;
    for (int i = 0; i < yo.n; i++) {
        const struct calendar_extra *x = extra_for(yo.jdn[i], extra, n_extra);
        if (x && x->working) continue;
        if (n == cap) return -1;
        format_date(yo.jdn[i], out[n].date);
        util_copy(out[n].name, CALENDAR_NAME_LEN, x && x->name[0] ? x->name : yo.name[i]);
        n++;
    }
    /* Extra days off on other dates of YEAR, once each. */
    for (size_t i = 0; i < n_extra; i++) {
        long jdn = parse_date(extra[i].date);
        if (year_of(jdn) != year || find(&yo, jdn) >= 0) continue;
        if (extra_for(jdn, extra, n_extra) != &extra[i] || extra[i].working) continue;
        if (n == cap) return -1;
        format_date(jdn, out[n].date);
        util_copy(out[n].name, CALENDAR_NAME_LEN,
                  extra[i].name[0] ? extra[i].name : "Ngày nghỉ theo quyết định");
        n++;
    }
    /* Sort by date (ISO strings sort as dates). */
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0 && strcmp(out[j - 1].date, out[j].date) > 0; j--) {
            struct calendar_day t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    }
    return (int)n;
}

int calendar_is_working_day(const char *date, const struct calendar_extra *extra,
                            size_t n_extra)
{
    long jdn = parse_date(date);
    if (jdn < 0 || !extras_valid(extra, n_extra)) return -1;
    struct year_off yo = {.year = 0};
    return day_off(jdn, &yo, extra, n_extra) ? 0 : 1;
}

bool calendar_add_working_days(const char *from, int n, const struct calendar_extra *extra,
                               size_t n_extra, char out[CALENDAR_DATE_LEN])
{
    long day = parse_date(from);
    if (day < 0 || n < 0 || n > CALENDAR_MAX_WORKING_DAYS || !extras_valid(extra, n_extra) ||
        !out)
        return false;
    long last = lunar_jdn(LAST_YEAR, 12, 31);
    struct year_off yo = {.year = 0};
    for (int counted = 0; counted < n;) {
        if (++day > last) return false;
        if (!day_off(day, &yo, extra, n_extra)) counted++;
    }
    format_date(day, out);
    return true;
}

bool calendar_working_days_between(const char *from, const char *to,
                                   const struct calendar_extra *extra, size_t n_extra,
                                   int *out)
{
    long a = parse_date(from), b = parse_date(to);
    if (a < 0 || b < 0 || !extras_valid(extra, n_extra) || !out) return false;
    int sign = 1;
    if (b < a) {
        long t = a;
        a = b;
        b = t;
        sign = -1;
    }
    struct year_off yo = {.year = 0};
    int count = 0;
    for (long d = a + 1; d <= b; d++)
        if (!day_off(d, &yo, extra, n_extra)) count++;
    *out = sign * count;
    return true;
}

/* end of calendar.c */
