/* The working-day calendar: the days off of whole years (checked against the Government's
 * decisions where our defaults match them), working days one by one, deadlines across Tết,
 * weekends and year ends, counting between dates, the administrator's extra days, invariants
 * over every year of 1900-2199, and bad input. The rule is in src/calendar.h and docs/rules.md. */
#include "calendar.h"
#include "check.h"
#include "lunar.h"
#include "util.h"

#include <stdlib.h>

struct listed {
    const char *date, *name;
};

static void check_year(int year, const struct listed *want, size_t n_want)
{
    struct calendar_day days[CALENDAR_BUILTIN_MAX];
    int n = calendar_days_off(year, NULL, 0, days, CALENDAR_BUILTIN_MAX);
    CHECK(n == (int)n_want, "%d: %d days off, want %zu", year, n, n_want);
    for (size_t i = 0; i < n_want && (int)i < n; i++) {
        CHECK(strcmp(days[i].date, want[i].date) == 0 && strcmp(days[i].name, want[i].name) == 0,
              "%d, day %zu: got %s \"%s\", want %s \"%s\"", year, i, days[i].date, days[i].name,
              want[i].date, want[i].name);
    }
}

static void whole_years(void)
{
    /* As decided for 2023 except Tết: 1/1 (Sunday) compensated on 2/1; Giỗ Tổ on Saturday 29/4
     * and 30/4 on Sunday give 29/4-3/5 off; 2/9 on Saturday: 1/9, 2/9 and 4/9 off. The decision
     * took 20-26/1 for Tết; our default is 21-25/1 plus 26 and 27/1 in lieu of the weekend. */
    static const struct listed y2023[] = {
        {"2023-01-01", "Tết Dương lịch"},
        {"2023-01-02", "Nghỉ bù Tết Dương lịch"},
        {"2023-01-21", "Tết Nguyên Đán (30 tháng Chạp)"},
        {"2023-01-22", "Tết Nguyên Đán (mùng 1)"},
        {"2023-01-23", "Tết Nguyên Đán (mùng 2)"},
        {"2023-01-24", "Tết Nguyên Đán (mùng 3)"},
        {"2023-01-25", "Tết Nguyên Đán (mùng 4)"},
        {"2023-01-26", "Nghỉ bù Tết Nguyên Đán (30 tháng Chạp)"},
        {"2023-01-27", "Nghỉ bù Tết Nguyên Đán (mùng 1)"},
        {"2023-04-29", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
        {"2023-04-30", "Ngày Chiến thắng (30/4)"},
        {"2023-05-01", "Ngày Quốc tế Lao động (1/5)"},
        {"2023-05-02", "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
        {"2023-05-03", "Nghỉ bù Ngày Chiến thắng (30/4)"},
        {"2023-09-01", "Quốc khánh (1/9, ngày liền kề)"},
        {"2023-09-02", "Ngày Quốc khánh (2/9)"},
        {"2023-09-04", "Nghỉ bù Ngày Quốc khánh (2/9)"},
    };
    /* 2024: 1/9 is a Sunday, so its compensatory day is 3/9: 2/9 and 3/9 off, as decided. */
    static const struct listed y2024[] = {
        {"2024-01-01", "Tết Dương lịch"},
        {"2024-02-09", "Tết Nguyên Đán (30 tháng Chạp)"},
        {"2024-02-10", "Tết Nguyên Đán (mùng 1)"},
        {"2024-02-11", "Tết Nguyên Đán (mùng 2)"},
        {"2024-02-12", "Tết Nguyên Đán (mùng 3)"},
        {"2024-02-13", "Tết Nguyên Đán (mùng 4)"},
        {"2024-02-14", "Nghỉ bù Tết Nguyên Đán (mùng 1)"},
        {"2024-02-15", "Nghỉ bù Tết Nguyên Đán (mùng 2)"},
        {"2024-04-18", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
        {"2024-04-30", "Ngày Chiến thắng (30/4)"},
        {"2024-05-01", "Ngày Quốc tế Lao động (1/5)"},
        {"2024-09-01", "Quốc khánh (1/9, ngày liền kề)"},
        {"2024-09-02", "Ngày Quốc khánh (2/9)"},
        {"2024-09-03", "Nghỉ bù Quốc khánh (1/9, ngày liền kề)"},
    };
    /* 2026: Giỗ Tổ on Sunday 26/4, compensated on Monday 27/4; 2/9 a Wednesday: 1/9 and 2/9;
     * lunar 2025 ends on 29 tháng Chạp. */
    static const struct listed y2026[] = {
        {"2026-01-01", "Tết Dương lịch"},
        {"2026-02-16", "Tết Nguyên Đán (29 tháng Chạp)"},
        {"2026-02-17", "Tết Nguyên Đán (mùng 1)"},
        {"2026-02-18", "Tết Nguyên Đán (mùng 2)"},
        {"2026-02-19", "Tết Nguyên Đán (mùng 3)"},
        {"2026-02-20", "Tết Nguyên Đán (mùng 4)"},
        {"2026-04-26", "Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
        {"2026-04-27", "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
        {"2026-04-30", "Ngày Chiến thắng (30/4)"},
        {"2026-05-01", "Ngày Quốc tế Lao động (1/5)"},
        {"2026-09-01", "Quốc khánh (1/9, ngày liền kề)"},
        {"2026-09-02", "Ngày Quốc khánh (2/9)"},
    };
    /* 1947: Giỗ Tổ fell on 30/4: one day with both names, the second compensated. */
    static const struct listed y1947_spring[] = {
        {"1947-04-30", "Ngày Chiến thắng (30/4); Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
        {"1947-05-01", "Ngày Quốc tế Lao động (1/5)"},
        {"1947-05-02", "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)"},
    };
    check_year(2023, y2023, sizeof y2023 / sizeof y2023[0]);
    check_year(2024, y2024, sizeof y2024 / sizeof y2024[0]);
    check_year(2026, y2026, sizeof y2026 / sizeof y2026[0]);

    struct calendar_day days[CALENDAR_BUILTIN_MAX];
    int n = calendar_days_off(1947, NULL, 0, days, CALENDAR_BUILTIN_MAX);
    int at = -1;
    for (int i = 0; i < n; i++)
        if (strcmp(days[i].date, "1947-04-30") == 0) at = i;
    CHECK(at >= 0 && at + 3 <= n, "1947: no 30/4");
    for (int i = 0; at >= 0 && i < 3 && at + i < n; i++)
        CHECK(strcmp(days[at + i].date, y1947_spring[i].date) == 0 &&
                  strcmp(days[at + i].name, y1947_spring[i].name) == 0,
              "1947: got %s \"%s\"", days[at + i].date, days[at + i].name);
}

static void working_day_cases(void)
{
    static const struct {
        const char *date;
        int want;
        const char *why;
    } cases[] = {
        {"2025-09-01", 0, "1/9, the day beside Tuesday 2/9"},
        {"2025-09-02", 0, "Quốc khánh"},
        {"2025-09-03", 1, "a Wednesday"},
        {"2025-08-30", 0, "a Saturday"},
        {"2025-08-31", 0, "a Sunday"},
        {"2021-09-03", 0, "3/9 beside Thursday 2/9"},
        {"2021-09-01", 1, "1/9 is worked when 2/9 is a Thursday"},
        {"2022-09-01", 0, "1/9 beside Friday 2/9"},
        {"2024-09-03", 0, "in lieu of Sunday 1/9"},
        {"2023-05-02", 0, "in lieu of Giỗ Tổ on Saturday"},
        {"2023-05-03", 0, "in lieu of 30/4 on Sunday"},
        {"2023-05-04", 1, "after the block"},
        {"2025-01-28", 0, "29 Tết"},
        {"2025-01-27", 1, "the Monday before Tết (the decision made it off: an extra day)"},
        {"2025-02-01", 0, "mùng 4, a Saturday"},
        {"2025-02-03", 0, "in lieu of mùng 4 on Saturday"},
        {"2025-02-04", 1, "back to work"},
        {"2025-04-07", 0, "Giỗ Tổ 2025"},
        {"2024-04-18", 0, "Giỗ Tổ 2024"},
        {"2026-04-27", 0, "in lieu of Giỗ Tổ 2026 on Sunday"},
        {"2030-02-02", 0, "Tết 2030, Vietnamese date"},
        {"2030-02-07", 0, "in lieu of mùng 2 on Sunday 2030-02-03"},
        {"2030-02-08", 1, "back to work"},
        {"2025-12-31", 1, "a Wednesday"},
        {"2026-01-01", 0, "New Year"},
        {"1900-01-01", 0, "New Year 1900, the first day of the range"},
        {"2199-12-31", 1, "a Tuesday, the last day of the range"},
        {"2025-02-29", -1, "not a date"},
        {"2025-13-01", -1, "not a date"},
        {"2200-01-01", -1, "out of range"},
        {"1899-12-31", -1, "out of range"},
        {"2025-1-1", -1, "not ISO"},
        {"2025-01-01x", -1, "trailing garbage"},
        {"", -1, "empty"},
        {NULL, -1, "NULL"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = calendar_is_working_day(cases[i].date, NULL, 0);
        CHECK(got == cases[i].want, "%s (%s): got %d, want %d", check_str_or_null(cases[i].date),
              cases[i].why, got, cases[i].want);
    }
}

static void add_cases(void)
{
    static const struct {
        const char *from;
        int n;
        const char *want;    /* NULL: refused */
        const char *why;
    } cases[] = {
        {"2025-01-24", 5, "2025-02-07", "Friday before Tết 2025: Mon 27/1, then 4-7/2"},
        {"2025-01-24", 1, "2025-01-27", "the Monday before 29 Tết"},
        {"2025-01-24", 2, "2025-02-04", "over Tết and its compensatory day"},
        {"2026-02-13", 5, "2026-02-27", "Friday before Tết 2026: the whole week after is off"},
        {"2026-02-13", 1, "2026-02-23", "first working day after Tết 2026"},
        {"2025-03-07", 1, "2025-03-10", "Friday + 1 is Monday"},
        {"2025-03-01", 1, "2025-03-03", "from a Saturday: Monday is the first"},
        {"2025-03-02", 0, "2025-03-02", "N = 0 is FROM itself, even a Sunday"},
        {"2025-03-03", 5, "2025-03-10", "a plain week"},
        {"2025-12-30", 3, "2026-01-05", "across the year end and 1/1"},
        {"2025-08-29", 1, "2025-09-03", "over the 2/9 weekend"},
        {"2023-04-28", 1, "2023-05-04", "over the Giỗ Tổ - 30/4 - 1/5 block of 2023"},
        {"2021-09-01", 1, "2021-09-06", "2-3/9/2021 off"},
        {"2025-01-01", 250, "2025-12-31", "2025 has 250 working days, all after 1/1"},
        {"2025-01-01", 251, "2026-01-02", "the 251st is after New Year 2026"},
        {"2199-12-30", 1, "2199-12-31", "the last day of the range"},
        {"2199-12-31", 1, NULL, "past 2199"},
        {"2199-12-31", 0, "2199-12-31", "N = 0 at the end"},
        {"2025-01-01", -1, NULL, "negative N"},
        {"2025-01-01", CALENDAR_MAX_WORKING_DAYS + 1, NULL, "N too large"},
        {"2025-02-29", 1, NULL, "not a date"},
        {"", 1, NULL, "empty"},
        {NULL, 1, NULL, "NULL"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[CALENDAR_DATE_LEN] = "untouched";
        bool ok = calendar_add_working_days(cases[i].from, cases[i].n, NULL, 0, got);
        if (cases[i].want)
            CHECK(ok && strcmp(got, cases[i].want) == 0, "%s + %d (%s): got %s, want %s",
                  cases[i].from, cases[i].n, cases[i].why, ok ? got : "refused", cases[i].want);
        else
            CHECK(!ok && strcmp(got, "untouched") == 0, "%s + %d (%s) accepted: %s",
                  check_str_or_null(cases[i].from), cases[i].n, cases[i].why, got);
    }
}

static void between_cases(void)
{
    static const struct {
        const char *from, *to;
        int want;
    } cases[] = {
        {"2025-01-24", "2025-02-07", 5},
        {"2025-02-07", "2025-01-24", -5},
        {"2025-03-07", "2025-03-07", 0},
        {"2025-03-07", "2025-03-09", 0},    /* Friday to Sunday */
        {"2025-03-07", "2025-03-10", 1},
        {"2025-12-31", "2026-12-31", 250},  /* 365 - 104 weekend days - 11 weekday holidays */
        {"2024-12-31", "2025-12-31", 250},
        {"2025-01-01", "2025-01-02", 1},    /* from a holiday: FROM never counts */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = -999;
        CHECK(calendar_working_days_between(cases[i].from, cases[i].to, NULL, 0, &got) &&
                  got == cases[i].want,
              "%s .. %s: got %d, want %d", cases[i].from, cases[i].to, got, cases[i].want);
    }
    int got = 42;
    CHECK(!calendar_working_days_between("2025-01-01", "2025-02-30", NULL, 0, &got) && got == 42,
          "bad TO accepted");
    CHECK(!calendar_working_days_between(NULL, "2025-02-01", NULL, 0, &got) && got == 42,
          "NULL FROM accepted");
}

/* add_working_days and working_days_between agree, from seeded random days over the whole
 * range, and the deadline is a working day with exactly N working days after FROM. */
static void add_between_agree(void)
{
    unsigned seed = 57;
    int bad = 0;
    for (int i = 0; i < 2000; i++) {
        seed = seed * 1103515245u + 12345u;
        int days = (int)((seed >> 8) % 109000);
        seed = seed * 1103515245u + 12345u;
        int n = (int)((seed >> 8) % 400);
        char from[CALENDAR_DATE_LEN], due[CALENDAR_DATE_LEN], before[CALENDAR_DATE_LEN];
        util_date_add("1900-01-01", days, from);
        if (!calendar_add_working_days(from, n, NULL, 0, due)) {
            bad++;
            continue;
        }
        int count = -1, back = 1;
        calendar_working_days_between(from, due, NULL, 0, &count);
        calendar_working_days_between(due, from, NULL, 0, &back);
        bool ok = count == n && back == -n;
        if (n > 0) {
            util_date_add(due, -1, before);
            int count_before = -1;
            calendar_working_days_between(from, before, NULL, 0, &count_before);
            ok = ok && calendar_is_working_day(due, NULL, 0) == 1 && count_before == n - 1;
        }
        if (!ok && bad++ < 5)
            fprintf(stderr, "disagree: %s + %d = %s, count %d\n", from, n, due, count);
    }
    CHECK(bad == 0, "%d of 2000 random deadlines disagree", bad);
}

static void extra_cases(void)
{
    /* Tết 2025 as the Government decided it: 25/1 (Saturday) to 2/2 (Sunday) off, the
     * Monday 27/1 a day off by decision, no compensatory day on 3/2 (the Saturday 1/2 was part
     * of the break), and a working Saturday to show the other kind. */
    static const struct calendar_extra extra[] = {
        {"2025-01-27", "Nghỉ Tết theo quyết định", false},
        {"2025-02-03", "", true},
        {"2025-02-08", "Làm bù", true},
        {"2025-09-01", "first entry", false},
        {"2025-09-01", "", true},    /* the last entry for a date wins */
        {"2025-04-07", "Giỗ Tổ (tên do quản trị đặt)", false},
        {"2025-06-16", "Ngày nghỉ thêm", false},
        {"2026-01-02", "next year's extra", false},
    };
    size_t n_extra = sizeof extra / sizeof extra[0];
    static const struct {
        const char *date;
        int want;
    } days[] = {
        {"2025-01-27", 0}, {"2025-02-03", 1}, {"2025-02-08", 1}, {"2025-09-01", 1},
        {"2025-06-16", 0}, {"2025-01-28", 0}, {"2025-02-09", 0}, {"2026-01-02", 0},
    };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
        CHECK(calendar_is_working_day(days[i].date, extra, n_extra) == days[i].want,
              "with extras, %s: want %d", days[i].date, days[i].want);

    char due[CALENDAR_DATE_LEN];
    CHECK(calendar_add_working_days("2025-01-24", 5, extra, n_extra, due) &&
              strcmp(due, "2025-02-07") == 0,
          "with extras, 2025-01-24 + 5: got %s", due);
    CHECK(calendar_add_working_days("2025-02-06", 2, extra, n_extra, due) &&
              strcmp(due, "2025-02-08") == 0,
          "with extras, the worked Saturday counts: got %s", due);

    struct calendar_day list[CALENDAR_BUILTIN_MAX + 8];
    int n = calendar_days_off(2025, extra, n_extra, list, sizeof list / sizeof list[0]);
    static const struct listed want[] = {
        {"2025-01-01", "Tết Dương lịch"},
        {"2025-01-27", "Nghỉ Tết theo quyết định"},
        {"2025-01-28", "Tết Nguyên Đán (29 tháng Chạp)"},
        {"2025-01-29", "Tết Nguyên Đán (mùng 1)"},
        {"2025-01-30", "Tết Nguyên Đán (mùng 2)"},
        {"2025-01-31", "Tết Nguyên Đán (mùng 3)"},
        {"2025-02-01", "Tết Nguyên Đán (mùng 4)"},
        {"2025-04-07", "Giỗ Tổ (tên do quản trị đặt)"},
        {"2025-04-30", "Ngày Chiến thắng (30/4)"},
        {"2025-05-01", "Ngày Quốc tế Lao động (1/5)"},
        {"2025-06-16", "Ngày nghỉ thêm"},
        {"2025-09-02", "Ngày Quốc khánh (2/9)"},
    };
    size_t n_want = sizeof want / sizeof want[0];
    CHECK(n == (int)n_want, "with extras, 2025: %d days off, want %zu", n, n_want);
    for (size_t i = 0; i < n_want && (int)i < n; i++)
        CHECK(strcmp(list[i].date, want[i].date) == 0 && strcmp(list[i].name, want[i].name) == 0,
              "with extras, 2025 day %zu: got %s \"%s\", want %s \"%s\"", i, list[i].date,
              list[i].name, want[i].date, want[i].name);

    /* A list too small, a bad year, a bad extra. */
    CHECK(calendar_days_off(2025, NULL, 0, list, 5) == -1, "a 5-day list was enough");
    CHECK(calendar_days_off(1899, NULL, 0, list, CALENDAR_BUILTIN_MAX) == -1, "1899 listed");
    CHECK(calendar_days_off(2200, NULL, 0, list, CALENDAR_BUILTIN_MAX) == -1, "2200 listed");
    CHECK(calendar_days_off(2025, NULL, 0, NULL, 0) == -1, "NULL list");
    static const struct calendar_extra bad[] = {{"2025-02-30", "bad", false}};
    CHECK(calendar_days_off(2025, bad, 1, list, CALENDAR_BUILTIN_MAX + 1) == -1,
          "bad extra listed");
    CHECK(calendar_is_working_day("2025-03-03", bad, 1) == -1, "bad extra accepted");
    CHECK(!calendar_add_working_days("2025-03-03", 1, bad, 1, due), "bad extra accepted");
    int count;
    CHECK(!calendar_working_days_between("2025-03-03", "2025-03-04", bad, 1, &count),
          "bad extra accepted");
    CHECK(calendar_is_working_day("2025-03-03", NULL, 3) == -1, "NULL extras with a count");
}

/* Every year of the range: 11 holidays on 10 or 11 dates, 5 days of Tết, the list sorted
 * without duplicates and inside the year, every listed day off, every compensatory day a
 * weekday. */
static void every_year(void)
{
    int bad_years = 0;
    for (int year = 1900; year <= 2199; year++) {
        struct calendar_day days[CALENDAR_BUILTIN_MAX];
        int n = calendar_days_off(year, NULL, 0, days, CALENDAR_BUILTIN_MAX);
        int tet = 0, comp = 0;
        bool ok = n >= 10 && n <= 22;
        char prefix[6];
        snprintf(prefix, sizeof prefix, "%04d-", year);
        for (int i = 0; ok && i < n; i++) {
            ok = strncmp(days[i].date, prefix, 5) == 0 && util_date_valid(days[i].date) &&
                 (i == 0 || strcmp(days[i - 1].date, days[i].date) < 0) &&
                 calendar_is_working_day(days[i].date, NULL, 0) == 0;
            if (strncmp(days[i].name, "Tết Nguyên Đán", strlen("Tết Nguyên Đán")) == 0) tet++;
            if (strncmp(days[i].name, "Nghỉ bù", strlen("Nghỉ bù")) == 0) {
                comp++;
                const char *s = days[i].date;
                ok = ok && lunar_jdn(atoi(s), atoi(s + 5), atoi(s + 8)) % 7 < 5;  /* Mon-Fri */
            }
        }
        ok = ok && tet == 5 && n - comp >= 10 && n - comp <= 11;
        if (!ok && bad_years++ < 5)
            fprintf(stderr, "year %d: n %d, Tết %d, compensatory %d\n", year, n, tet, comp);
    }
    CHECK(bad_years == 0, "%d years break the invariants", bad_years);
}

int main(void)
{
    whole_years();
    working_day_cases();
    add_cases();
    between_cases();
    add_between_agree();
    extra_cases();
    every_year();
    return check_done("calendar");
}
