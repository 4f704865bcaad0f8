/* Periodic reports' rules (src/report.h): periods and due dates of each kind of schedule, the
 * current period, schedule checks and the colour of a report at the boundary days. */
#include "check.h"
#include "report.h"

static const struct report_schedule MONTHLY = {.code = "M", .name = "m", .kind = "monthly",
                                               .due_day = 5, .reporters = "commune"};
static const struct report_schedule HALF = {.code = "H", .name = "h", .kind = "half_yearly",
                                            .due_day = 10, .reporters = "province"};
static const struct report_schedule ONCE = {.code = "BC-71DUK-2025", .name = "o",
                                            .kind = "one_off", .due_date = "2025-04-05",
                                            .period_from = "2025-02-07",
                                            .period_to = "2025-04-05", .reporters = "UNK-DUK"};

static void period_cases(void)
{
    static const struct {
        const struct report_schedule *s;
        const char *code;
        bool ok;
        const char *from, *to, *due;
    } cases[] = {
        {&MONTHLY, "2025-07", true, "2025-07-01", "2025-07-31", "2025-08-05"},
        {&MONTHLY, "2025-12", true, "2025-12-01", "2025-12-31", "2026-01-05"},
        {&MONTHLY, "2025S1", false, "", "", ""},
        {&HALF, "2025S1", true, "2025-01-01", "2025-06-30", "2025-07-10"},
        {&HALF, "2025S2", true, "2025-07-01", "2025-12-31", "2026-01-10"},
        {&HALF, "2025-07", false, "", "", ""},
        {&ONCE, "BC-71DUK-2025", true, "2025-02-07", "2025-04-05", "2025-04-05"},
        {&ONCE, "2025-04", false, "", "", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct report_period p;
        bool ok = report_period_of(cases[i].s, cases[i].code, &p);
        CHECK(ok == cases[i].ok, "%s %s", cases[i].s->kind, cases[i].code);
        if (!ok || !cases[i].ok) continue;
        CHECK_STR(p.from, cases[i].from);
        CHECK_STR(p.to, cases[i].to);
        CHECK_STR(p.due, cases[i].due);
    }
    struct report_period p, n;
    report_period_current(&MONTHLY, "2025-07-20", &p);
    CHECK_STR(p.code, "2025-06");
    CHECK_STR(p.due, "2025-07-05");
    report_period_current(&MONTHLY, "2025-01-01", &p);
    CHECK_STR(p.code, "2024-12");
    report_period_current(&HALF, "2025-07-20", &p);
    CHECK_STR(p.code, "2025S1");
    report_period_current(&HALF, "2025-06-30", &p);
    CHECK_STR(p.code, "2024S2");
    report_period_current(&ONCE, "2026-01-01", &p);
    CHECK_STR(p.code, "BC-71DUK-2025");
    report_period_of(&HALF, "2025S2", &p);
    CHECK(report_period_next(&HALF, &p, &n), "half-year after 2025S2");
    CHECK_STR(n.code, "2026S1");
    report_period_of(&ONCE, "BC-71DUK-2025", &p);
    CHECK(!report_period_next(&ONCE, &p, &n), "a one-off has one period");
}

static void check_cases(void)
{
    const char *field, *why;
    CHECK(report_schedule_check(&MONTHLY, &field, &why), "monthly ok");
    CHECK(report_schedule_check(&HALF, &field, &why), "half ok");
    CHECK(report_schedule_check(&ONCE, &field, &why), "one-off ok");
    struct report_schedule s = MONTHLY;
    s.due_day = 31;
    CHECK(!report_schedule_check(&s, &field, &why) && !strcmp(field, "due_day"), "day 31");
    s = MONTHLY;
    s.kind = "weekly";
    CHECK(!report_schedule_check(&s, &field, &why) && !strcmp(field, "kind"), "weekly");
    s = ONCE;
    s.due_date = "2025-02-30";
    CHECK(!report_schedule_check(&s, &field, &why) && !strcmp(field, "due_date"), "bad date");
    s = ONCE;
    s.period_to = "2025-01-01";
    CHECK(!report_schedule_check(&s, &field, &why) && !strcmp(field, "period_to"), "backwards");
    s = HALF;
    s.due_date = "2025-07-10";
    CHECK(!report_schedule_check(&s, &field, &why) && !strcmp(field, "due_date"), "half + date");
    s = HALF;
    s.reporters = "";
    CHECK(!report_schedule_check(&s, &field, &why) && !strcmp(field, "reporters"), "nobody");
}

static void colour_cases(void)
{
    static const struct {
        const char *state, *today;
        enum colour colour;
        bool overdue;
    } cases[] = {
        {"", "2025-07-10", COLOUR_GREY, false},          /* on the due day: not late yet */
        {"", "2025-07-11", COLOUR_RED, true},
        {"draft", "2025-07-11", COLOUR_RED, true},
        {"returned", "2025-07-09", COLOUR_YELLOW, false},
        {"returned", "2025-07-11", COLOUR_RED, true},
        {"submitted", "2025-07-30", COLOUR_BLUE, false},
        {"approved", "2025-07-30", COLOUR_GREEN, false},
        {"approved", "2025-07-01", COLOUR_GREEN, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool overdue;
        enum colour c = report_colour(cases[i].state, "2025-07-10", cases[i].today, &overdue);
        CHECK(c == cases[i].colour && overdue == cases[i].overdue, "%s on %s: got %s/%d",
              cases[i].state, cases[i].today, colour_name(c), overdue);
    }
}

int main(void)
{
    period_cases();
    check_cases();
    colour_cases();
    return check_done("report");
}
