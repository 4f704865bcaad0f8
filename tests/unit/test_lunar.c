/* The Vietnamese lunar calendar: Tết against the published dates, the years where Vietnam and
 * China differ, leap months, known lunar dates, every day of 1900-2199 converted both ways and
 * in sequence, and bad input. */
#include "check.h"
#include "lunar.h"

#include <stdio.h>

static void iso(long jdn, char out[11])
{
    int y, m, d;
    lunar_jdn_to_solar(jdn, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* Mùng 1 tháng Giêng. 2020-2035 as published, with one correction: the table handed to us said
 * 2030-02-03, which is China's date. The new moon is at 16:07 UTC on 2 February 2030, 23:07 in
 * Vietnam (UTC+7) but 00:07 on 3 February in China (UTC+8), so Tết Canh Tuất is 2030-02-02 in
 * Vietnam and 2030-02-03 in China, as with 2007 (17 and 18 February) and 2053 (18 and 19). */
static void tet_cases(void)
{
    static const struct {
        int year;
        const char *tet;
    } cases[] = {
        {2020, "2020-01-25"}, {2021, "2021-02-12"}, {2022, "2022-02-01"}, {2023, "2023-01-22"},
        {2024, "2024-02-10"}, {2025, "2025-01-29"}, {2026, "2026-02-17"}, {2027, "2027-02-06"},
        {2028, "2028-01-26"}, {2029, "2029-02-13"}, {2030, "2030-02-02"}, {2031, "2031-01-23"},
        {2032, "2032-02-11"}, {2033, "2033-01-31"}, {2034, "2034-02-19"}, {2035, "2035-02-08"},
        /* Vietnam apart from China: UTC+7 against UTC+8 */
        {1968, "1968-01-29"},    /* Tết Mậu Thân; China 1968-01-30 */
        {1985, "1985-01-21"},    /* a month earlier than China's 1985-02-20 */
        {2007, "2007-02-17"},    /* China 2007-02-18 */
        {2053, "2053-02-18"},    /* China 2053-02-19 */
        /* the first of the range (Tết Canh Tý 1900) */
        {1900, "1900-01-31"},
    };
    char got[11];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        long jdn = lunar_new_year_jdn(cases[i].year);
        iso(jdn, got);
        CHECK(strcmp(got, cases[i].tet) == 0, "Tết %d: got %s, want %s", cases[i].year, got,
              cases[i].tet);
        struct lunar_date l;
        int y, m, d;
        lunar_jdn_to_solar(jdn, &y, &m, &d);
        CHECK(lunar_from_solar(y, m, d, &l) && l.year == cases[i].year && l.month == 1 &&
                  l.day == 1 && !l.leap,
              "Tết %d does not read back as 1/1/%d", cases[i].year, cases[i].year);
    }
}

static void leap_month_cases(void)
{
    static const struct {
        int year, leap;
    } cases[] = {
        {2001, 4}, {2004, 2}, {2006, 7}, {2009, 5}, {2012, 4}, {2014, 9}, {2017, 6},
        {2020, 4}, {2023, 2}, {2025, 6}, {2028, 5}, {2031, 3},
        {2033, 11},    /* the leap month after month 11 ("the 2033 problem") */
        {2021, 0}, {2022, 0}, {2024, 0}, {2026, 0}, {2027, 0}, {2030, 0},
        {1899, -1}, {2200, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK(lunar_leap_month(cases[i].year) == cases[i].leap, "leap month of %d: got %d, want %d",
              cases[i].year, lunar_leap_month(cases[i].year), cases[i].leap);
}

/* Solar date <-> lunar date, both ways. */
static void known_date_cases(void)
{
    static const struct {
        const char *label;
        int y, m, d;
        struct lunar_date lunar;
    } cases[] = {
        {"Giỗ Tổ 2024", 2024, 4, 18, {2024, 3, 10, false}},
        {"Giỗ Tổ 2025", 2025, 4, 7, {2025, 3, 10, false}},
        {"Giỗ Tổ 2026", 2026, 4, 26, {2026, 3, 10, false}},
        {"Giỗ Tổ 2023, after leap month 2", 2023, 4, 29, {2023, 3, 10, false}},
        {"Giỗ Tổ 2022", 2022, 4, 10, {2022, 3, 10, false}},
        {"regular month 2 of 2023", 2023, 2, 20, {2023, 2, 1, false}},
        {"leap month 2 of 2023", 2023, 3, 22, {2023, 2, 1, true}},
        {"regular month 6 of 2025", 2025, 6, 25, {2025, 6, 1, false}},
        {"leap month 6 of 2025", 2025, 7, 25, {2025, 6, 1, true}},
        {"Trung thu 2025", 2025, 10, 6, {2025, 8, 15, false}},
        {"30 Tết Quý Mão (month 12 of 30 days)", 2024, 2, 9, {2023, 12, 30, false}},
        {"29 Tết Giáp Thìn (month 12 of 29 days)", 2025, 1, 28, {2024, 12, 29, false}},
        {"New Year's day 2025 is still lunar 2024", 2025, 1, 1, {2024, 12, 2, false}},
        {"1900-01-01 is lunar 1899", 1900, 1, 1, {1899, 12, 1, false}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct lunar_date *want = &cases[i].lunar;
        struct lunar_date l = {0};
        CHECK(lunar_from_solar(cases[i].y, cases[i].m, cases[i].d, &l) && l.year == want->year &&
                  l.month == want->month && l.day == want->day && l.leap == want->leap,
              "%s: got %d/%d%s/%d, want %d/%d%s/%d", cases[i].label, l.day, l.month,
              l.leap ? " (leap)" : "", l.year, want->day, want->month, want->leap ? " (leap)" : "",
              want->year);
        int y = 0, m = 0, d = 0;
        CHECK(lunar_to_solar(want, &y, &m, &d) && y == cases[i].y && m == cases[i].m &&
                  d == cases[i].d,
              "%s back to solar: got %04d-%02d-%02d", cases[i].label, y, m, d);
    }
}

/* Every day from 1900-01-01 to 2199-12-31: the lunar date converts back to the same day, and
 * consecutive days follow each other (next day of the month, or day 1 of the next month after
 * a 29- or 30-day month; the lunar year changes exactly at 1/1). One check per year. */
static void every_day(void)
{
    long first = lunar_jdn(1900, 1, 1), last = lunar_jdn(2199, 12, 31);
    struct lunar_date prev = {0};
    int year_failures = 0, bad_year = 0;
    char where[64] = "";
    for (long j = first; j <= last; j++) {
        int y, m, d;
        lunar_jdn_to_solar(j, &y, &m, &d);
        struct lunar_date l;
        bool ok = lunar_from_solar(y, m, d, &l);
        int y2 = 0, m2 = 0, d2 = 0;
        ok = ok && lunar_to_solar(&l, &y2, &m2, &d2) && y2 == y && m2 == m && d2 == d;
        if (ok && j > first) {
            bool next_day = l.year == prev.year && l.month == prev.month && l.leap == prev.leap &&
                            l.day == prev.day + 1 && l.day <= 30;
            bool next_month = l.day == 1 && (prev.day == 29 || prev.day == 30) &&
                              ((l.year == prev.year && !l.leap && l.month == prev.month + 1) ||
                               (l.year == prev.year && l.leap && l.month == prev.month) ||
                               (l.year == prev.year + 1 && l.month == 1 && !l.leap &&
                                prev.month == 12));
            ok = next_day || next_month;
            if (ok && next_month && l.month == 1 && !l.leap)
                ok = lunar_new_year_jdn(l.year) == j;
        }
        if (!ok && !year_failures++) snprintf(where, sizeof where, "%04d-%02d-%02d", y, m, d);
        prev = l;
        if ((m == 12 && d == 31) || j == last) {
            if (year_failures) bad_year++;
            CHECK(year_failures == 0, "%d: %d days fail, the first %s", y, year_failures, where);
            year_failures = 0;
        }
    }
    CHECK(bad_year == 0, "%d years with failures", bad_year);
}

static void bad_input(void)
{
    struct lunar_date l = {1, 2, 3, true};
    static const int bad_solar[][3] = {
        {2025, 2, 29}, {2024, 2, 30}, {2025, 4, 31}, {2025, 13, 1}, {2025, 0, 1}, {2025, 1, 0},
        {2025, 1, 32}, {1899, 12, 31}, {2200, 1, 1}, {-1, 1, 1}, {0, 0, 0},
    };
    for (size_t i = 0; i < sizeof bad_solar / sizeof bad_solar[0]; i++) {
        CHECK(!lunar_from_solar(bad_solar[i][0], bad_solar[i][1], bad_solar[i][2], &l),
              "%d-%d-%d accepted", bad_solar[i][0], bad_solar[i][1], bad_solar[i][2]);
    }
    CHECK(l.year == 1 && l.month == 2 && l.day == 3 && l.leap, "OUT changed on bad input");

    static const struct {
        const char *label;
        struct lunar_date l;
    } bad_lunar[] = {
        {"month 0", {2025, 0, 1, false}},
        {"month 13", {2025, 13, 1, false}},
        {"day 0", {2025, 1, 0, false}},
        {"day 31", {2025, 1, 31, false}},
        {"day 30 of a 29-day month (12/2024)", {2024, 12, 30, false}},
        {"leap in a year without one", {2024, 3, 1, true}},
        {"leap month 3 in 2023 (its leap month is 2)", {2023, 3, 1, true}},
        {"lunar 1898", {1898, 6, 1, false}},
        {"month 12 of 2199 falls in 2200", {2199, 12, 1, false}},
        {"lunar 2200", {2200, 1, 1, false}},
        {"before 1900-01-01", {1899, 11, 1, false}},
    };
    for (size_t i = 0; i < sizeof bad_lunar / sizeof bad_lunar[0]; i++) {
        int y = -7, m = -7, d = -7;
        CHECK(!lunar_to_solar(&bad_lunar[i].l, &y, &m, &d) && y == -7 && m == -7 && d == -7,
              "%s accepted: %d-%d-%d", bad_lunar[i].label, y, m, d);
    }
    int y, m, d;
    CHECK(!lunar_to_solar(NULL, &y, &m, &d), "NULL accepted");
    CHECK(lunar_new_year_jdn(1899) == -1 && lunar_new_year_jdn(2200) == -1,
          "Tết outside the range");
}

static void jdn_cases(void)
{
    CHECK(lunar_jdn(2000, 1, 1) == 2451545, "JDN of 2000-01-01: %ld", lunar_jdn(2000, 1, 1));
    CHECK(lunar_jdn(1900, 1, 1) == 2415021, "JDN of 1900-01-01: %ld", lunar_jdn(1900, 1, 1));
    CHECK(lunar_jdn(2025, 9, 2) % 7 == 1, "2025-09-02 is a Tuesday");
    char got[11];
    iso(2460311, got);
    CHECK_STR(got, "2024-01-01");
}

int main(void)
{
    tet_cases();
    leap_month_cases();
    known_date_cases();
    every_day();
    bad_input();
    jdn_cases();
    return check_done("lunar");
}
