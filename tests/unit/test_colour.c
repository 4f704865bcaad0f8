/* The colour rule at every boundary day, the greening rate and the phase verdict. The rule is
 * stated in src/colour.h and docs/rules.md; each case names the boundary it holds. */
#include "check.h"
#include "colour.h"
#include "util.h"

#include <math.h>

/* The spans used below:
 *   A: 2025-04-01 .. 2025-07-10, 100 days. The last 15 % begins at day 85 (2025-06-25); due - 7
 *      (2025-07-03) and due - 8 (2025-07-02) are inside it already.
 *   B: 2025-06-10 .. 2025-07-10, 30 days. The last 15 % begins at day 25.5, i.e. day 26
 *      (2025-07-06); due - 7 (2025-07-03, day 23) is close by days alone, due - 8 (day 22) is
 *      not close. */
#define A_START "2025-04-01"
#define B_START "2025-06-10"
#define DUE "2025-07-10"

struct colour_case {
    const char *label;
    const char *start, *due;
    int progress;
    const char *done_on, *today;
    enum colour colour;
    int days_overdue;
    bool late;
};

static void run(const struct colour_case *cases, size_t n, const struct colour_params *p)
{
    for (size_t i = 0; i < n; i++) {
        const struct colour_case *c = &cases[i];
        struct colour_input in = {c->start, c->due, c->progress, c->done_on, c->today};
        struct colour_result r = colour_of(&in, p);
        CHECK(r.colour == c->colour && r.days_overdue == c->days_overdue && r.late == c->late,
              "%s: got %s/%d/%d (%s), want %s/%d/%d", c->label, colour_name(r.colour),
              r.days_overdue, r.late, r.reason ? r.reason : "(null)", colour_name(c->colour),
              c->days_overdue, c->late);
        CHECK(r.reason && r.reason[0], "%s: no reason", c->label);
    }
}

static void default_cases(void)
{
    static const struct colour_case cases[] = {
        /* span A, the share boundary */
        {"A day 84, nothing done", A_START, DUE, 0, NULL, "2025-06-24", COLOUR_BLUE, 0, false},
        {"A day 85 (the 85 % point), 84 %", A_START, DUE, 84, NULL, "2025-06-25", COLOUR_YELLOW, 0, false},
        {"A day 85, 85 % = elapsed", A_START, DUE, 85, NULL, "2025-06-25", COLOUR_BLUE, 0, false},
        {"A day 85, 86 %", A_START, DUE, 86, NULL, "2025-06-25", COLOUR_BLUE, 0, false},
        {"A day 92 (due - 8), 91 %", A_START, DUE, 91, NULL, "2025-07-02", COLOUR_YELLOW, 0, false},
        {"A day 92, 92 %", A_START, DUE, 92, NULL, "2025-07-02", COLOUR_BLUE, 0, false},
        {"A day 99 (due - 1), 98 %", A_START, DUE, 98, NULL, "2025-07-09", COLOUR_YELLOW, 0, false},
        {"A day 1, nothing done", A_START, DUE, 0, NULL, "2025-04-02", COLOUR_BLUE, 0, false},
        {"A on the start day", A_START, DUE, 0, NULL, A_START, COLOUR_BLUE, 0, false},
        {"A day 84, behind but far", A_START, DUE, 10, NULL, "2025-06-24", COLOUR_BLUE, 0, false},
        /* span B, the days boundary */
        {"B due - 8, nothing done", B_START, DUE, 0, NULL, "2025-07-02", COLOUR_BLUE, 0, false},
        {"B due - 7, 76 % < 23/30", B_START, DUE, 76, NULL, "2025-07-03", COLOUR_YELLOW, 0, false},
        {"B due - 7, 77 % >= 23/30", B_START, DUE, 77, NULL, "2025-07-03", COLOUR_BLUE, 0, false},
        {"B day 25 (due - 5), 83 %", B_START, DUE, 83, NULL, "2025-07-05", COLOUR_YELLOW, 0, false},
        {"B day 26, the share point", B_START, DUE, 87, NULL, "2025-07-06", COLOUR_BLUE, 0, false},
        /* the due day and after */
        {"today == due, 99 %", A_START, DUE, 99, NULL, DUE, COLOUR_YELLOW, 0, false},
        {"today == due, 100 % not reported", A_START, DUE, 100, NULL, DUE, COLOUR_BLUE, 0, false},
        {"today == due + 1", A_START, DUE, 99, NULL, "2025-07-11", COLOUR_RED, 1, false},
        {"today == due + 30", A_START, DUE, 100, NULL, "2025-08-09", COLOUR_RED, 30, false},
        {"overdue across a year end", "2024-12-01", "2024-12-31", 50, NULL, "2025-03-01", COLOUR_RED,
         60, false},
        /* done */
        {"done on due", A_START, DUE, 100, DUE, "2025-07-20", COLOUR_GREEN, 0, false},
        {"done on due + 1", A_START, DUE, 100, "2025-07-11", "2025-07-20", COLOUR_DONE_LATE, 1, true},
        {"done 21 days late", A_START, DUE, 100, "2025-07-31", "2025-08-01", COLOUR_DONE_LATE, 21, true},
        {"done early, asked before due", A_START, DUE, 40, "2025-06-01", "2025-06-02", COLOUR_GREEN,
         0, false},
        {"done today", A_START, DUE, 100, "2025-07-05", "2025-07-05", COLOUR_GREEN, 0, false},
        {"done late, asked the same day", A_START, DUE, 100, "2025-07-12", "2025-07-12",
         COLOUR_DONE_LATE, 2, true},
        /* as of a day before the completion: not done yet */
        {"done later, asked when overdue", A_START, DUE, 100, "2025-07-15", "2025-07-12", COLOUR_RED,
         2, false},
        {"done later, asked when close", A_START, DUE, 50, "2025-07-05", "2025-07-01", COLOUR_YELLOW,
         0, false},
        {"done later, asked when far", A_START, DUE, 0, "2025-07-05", "2025-05-01", COLOUR_BLUE, 0,
         false},
        {"done_on not a date: not done", A_START, DUE, 100, "2025-02-30", "2025-07-11", COLOUR_RED, 1,
         false},
        {"done_on empty: not done", A_START, DUE, 0, "", "2025-07-11", COLOUR_RED, 1, false},
        /* no deadline */
        {"no deadline", A_START, NULL, 0, NULL, "2025-07-11", COLOUR_GREY, 0, false},
        {"empty deadline", A_START, "", 50, NULL, "2025-07-11", COLOUR_GREY, 0, false},
        {"no deadline, done", A_START, NULL, 100, "2025-07-01", "2025-07-11", COLOUR_GREY, 0, false},
        {"deadline not a date", A_START, "2025-07-32", 0, NULL, "2025-07-11", COLOUR_GREY, 0, false},
        {"today not a date", A_START, DUE, 0, NULL, "11/7/2025", COLOUR_GREY, 0, false},
        {"today NULL", A_START, DUE, 0, NULL, NULL, COLOUR_GREY, 0, false},
        /* today before start: nothing expected yet */
        {"before start, close by days", "2025-07-05", DUE, 0, NULL, "2025-07-04", COLOUR_BLUE, 0,
         false},
        {"on start, nothing elapsed", "2025-07-05", DUE, 0, NULL, "2025-07-05", COLOUR_BLUE, 0, false},
        {"start + 1, close by days", "2025-07-05", DUE, 19, NULL, "2025-07-06", COLOUR_YELLOW, 0,
         false},
        {"start + 1, 20 % = 1/5", "2025-07-05", DUE, 20, NULL, "2025-07-06", COLOUR_BLUE, 0, false},
        /* start == due: no span, the due day is close, behind unless 100 % */
        {"start == due, 0 %", DUE, DUE, 0, NULL, DUE, COLOUR_YELLOW, 0, false},
        {"start == due, 100 %", DUE, DUE, 100, NULL, DUE, COLOUR_BLUE, 0, false},
        {"start == due, asked before", DUE, DUE, 0, NULL, "2025-07-09", COLOUR_BLUE, 0, false},
        /* start after due: nothing expected before start, red once due has passed */
        {"start after due, asked on due", "2025-07-15", DUE, 0, NULL, DUE, COLOUR_BLUE, 0, false},
        {"start after due, asked on start", "2025-07-15", DUE, 0, NULL, "2025-07-15", COLOUR_RED, 5,
         false},
        /* start unknown: only the days test, behind unless 100 % */
        {"no start, due - 8", NULL, DUE, 0, NULL, "2025-07-02", COLOUR_BLUE, 0, false},
        {"no start, due - 7, 99 %", NULL, DUE, 99, NULL, "2025-07-03", COLOUR_YELLOW, 0, false},
        {"no start, due - 7, 100 %", NULL, DUE, 100, NULL, "2025-07-03", COLOUR_BLUE, 0, false},
        {"bad start, due - 7", "2025-02-29", DUE, 50, NULL, "2025-07-03", COLOUR_YELLOW, 0, false},
        {"empty start, far", "", DUE, 0, NULL, "2025-06-01", COLOUR_BLUE, 0, false},
        /* progress clamped to 0..100 */
        {"progress -5 counts as 0", A_START, DUE, -5, NULL, "2025-06-25", COLOUR_YELLOW, 0, false},
        {"progress 150 counts as 100", A_START, DUE, 150, NULL, DUE, COLOUR_BLUE, 0, false},
        /* a leap day inside the span: 2024-02-01 .. 2024-03-01 is 29 days */
        {"leap span, day 28, 96 %", "2024-02-01", "2024-03-01", 96, NULL, "2024-02-29", COLOUR_YELLOW,
         0, false},
        {"leap span, day 28, 97 %", "2024-02-01", "2024-03-01", 97, NULL, "2024-02-29", COLOUR_BLUE, 0,
         false},
        {"leap span, the day after", "2024-02-01", "2024-03-01", 97, NULL, "2024-03-02", COLOUR_RED, 1,
         false},
        /* a monthly obligation: the period's first to last day */
        {"July report, 24 July, none yet", "2025-07-01", "2025-07-31", 0, NULL, "2025-07-24",
         COLOUR_YELLOW, 0, false},
        {"July report, 23 July, none yet", "2025-07-01", "2025-07-31", 0, NULL, "2025-07-23",
         COLOUR_BLUE, 0, false},
        {"July report missed", "2025-07-01", "2025-07-31", 0, NULL, "2025-08-01", COLOUR_RED, 1, false},
        {"July report on 31 July", "2025-07-01", "2025-07-31", 100, "2025-07-31", "2025-08-01",
         COLOUR_GREEN, 0, false},
    };
    run(cases, sizeof cases / sizeof cases[0], &colour_defaults);
    run(cases, sizeof cases / sizeof cases[0], NULL);      /* NULL params mean the defaults */
}

static void param_cases(void)
{
    /* days only (share 0): span A's due - 8 is no longer close */
    static const struct colour_params days_only = {7, 0};
    static const struct colour_case days[] = {
        {"days only, A due - 8", A_START, DUE, 0, NULL, "2025-07-02", COLOUR_BLUE, 0, false},
        {"days only, A due - 7", A_START, DUE, 0, NULL, "2025-07-03", COLOUR_YELLOW, 0, false},
    };
    run(days, sizeof days / sizeof days[0], &days_only);

    /* nothing close but the due day itself */
    static const struct colour_params zero = {0, 0};
    static const struct colour_case zeros[] = {
        {"zero, due - 1", A_START, DUE, 0, NULL, "2025-07-09", COLOUR_BLUE, 0, false},
        {"zero, due", A_START, DUE, 99, NULL, DUE, COLOUR_YELLOW, 0, false},
    };
    run(zeros, sizeof zeros / sizeof zeros[0], &zero);

    /* half the span: the 50 % point of A is day 50 (2025-05-21) */
    static const struct colour_params half = {0, 50};
    static const struct colour_case halves[] = {
        {"half, day 49", A_START, DUE, 0, NULL, "2025-05-20", COLOUR_BLUE, 0, false},
        {"half, day 50, 49 %", A_START, DUE, 49, NULL, "2025-05-21", COLOUR_YELLOW, 0, false},
        {"half, day 50, 50 %", A_START, DUE, 50, NULL, "2025-05-21", COLOUR_BLUE, 0, false},
    };
    run(halves, sizeof halves / sizeof halves[0], &half);

    /* out of range parameters are clamped: -3 days is 0, 150 % is 100 % (always close) */
    static const struct colour_params wild = {-3, 150};
    static const struct colour_case wilds[] = {
        {"clamped, A day 1, 0 %", A_START, DUE, 0, NULL, "2025-04-02", COLOUR_YELLOW, 0, false},
        {"clamped, A day 1, 1 %", A_START, DUE, 1, NULL, "2025-04-02", COLOUR_BLUE, 0, false},
        {"clamped, no start, due - 1", NULL, DUE, 0, NULL, "2025-07-09", COLOUR_BLUE, 0, false},
    };
    run(wilds, sizeof wilds / sizeof wilds[0], &wild);
    static const struct colour_params negative_share = {7, -10};
    static const struct colour_case negatives[] = {
        {"share -10 is 0, A due - 8", A_START, DUE, 0, NULL, "2025-07-02", COLOUR_BLUE, 0, false},
    };
    run(negatives, sizeof negatives / sizeof negatives[0], &negative_share);
    CHECK(colour_defaults.near_days == 7 && colour_defaults.near_share_pct == 15, "defaults");
    CHECK(COLOUR_RULE_VERSION == 1, "rule version");
}

/* Every day from 10 days before the start to 10 days after the due date, every progress, every
 * completion day: the properties the SPEC states, whatever the boundaries. */
static void properties(void)
{
    const char *start = "2025-06-01", *due = "2025-07-10";   /* 39 days */
    char today[ISO_DATE_LEN], done[ISO_DATE_LEN];
    for (int t = -10; t <= 49; t++) {
        util_date_add(start, t, today);
        bool overdue = strcmp(today, due) > 0;
        for (int progress = 0; progress <= 100; progress += 1) {
            struct colour_input in = {start, due, progress, NULL, today};
            struct colour_result r = colour_of(&in, NULL);
            CHECK(overdue == (r.colour == COLOUR_RED), "red iff overdue: %s %d", today, progress);
            if (r.colour == COLOUR_RED) {
                long want = t - 39;
                CHECK(r.days_overdue == want, "days overdue %d, want %ld", r.days_overdue, want);
            }
            CHECK(r.colour != COLOUR_GREEN && r.colour != COLOUR_DONE_LATE && !r.late,
                  "not done is never done");
            /* less progress is never a better colour */
            if (r.colour == COLOUR_YELLOW && progress > 0) {
                struct colour_input less = {start, due, progress - 1, NULL, today};
                CHECK(colour_of(&less, NULL).colour == COLOUR_YELLOW, "monotone in progress");
            }
            CHECK(progress < 100 || r.colour != COLOUR_YELLOW, "100 %% is never behind");
        }
        for (int d = -10; d <= 49; d += 3) {
            util_date_add(start, d, done);
            struct colour_input in = {start, due, 100, done, today};
            struct colour_result r = colour_of(&in, NULL);
            if (d > t) {
                CHECK(r.colour != COLOUR_GREEN && r.colour != COLOUR_DONE_LATE,
                      "done after today is not done");
            } else if (d <= 39) {
                CHECK(r.colour == COLOUR_GREEN && !r.late, "done on time is green");
            } else {
                CHECK(r.colour == COLOUR_DONE_LATE && r.late && r.days_overdue == d - 39,
                      "done late: %d days", r.days_overdue);
            }
        }
    }
}

static void count_cases(void)
{
    struct colour_counts c = {0, 0, 0, 0, 0, 0};
    static const enum colour all[] = {COLOUR_GREY, COLOUR_BLUE, COLOUR_YELLOW, COLOUR_RED,
                                      COLOUR_GREEN, COLOUR_DONE_LATE, COLOUR_GREEN};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) colour_count(&c, all[i]);
    colour_count(&c, (enum colour)99);              /* ignored */
    colour_count(NULL, COLOUR_RED);                 /* ignored */
    CHECK(c.grey == 1 && c.blue == 1 && c.yellow == 1 && c.red == 1 && c.green == 2 &&
              c.done_late == 1,
          "counts %d %d %d %d %d %d", c.grey, c.blue, c.yellow, c.red, c.green, c.done_late);

    static const struct { enum colour c; const char *name; } names[] = {
        {COLOUR_GREY, "grey"},   {COLOUR_BLUE, "blue"},   {COLOUR_YELLOW, "yellow"},
        {COLOUR_RED, "red"},     {COLOUR_GREEN, "green"}, {COLOUR_DONE_LATE, "done_late"},
        {(enum colour)42, "unknown"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK_STR(colour_name(names[i].c), names[i].name);
}

static void greening_cases(void)
{
    /* grey, blue, yellow, red, green, done_late -> rate */
    static const struct { struct colour_counts c; double rate; } cases[] = {
        {{0, 0, 0, 0, 0, 0}, 0.0},                 /* none due */
        {{10, 5, 3, 0, 0, 0}, 0.0},                /* none due yet: blue, yellow, grey */
        {{0, 0, 0, 0, 1, 0}, 100.0},
        {{10, 5, 3, 0, 1, 0}, 100.0},              /* only the due ones count */
        {{0, 0, 0, 1, 2, 0}, 66.7},
        {{0, 0, 0, 2, 1, 0}, 33.3},
        {{0, 0, 0, 1, 1, 1}, 33.3},                /* done late is due, not green */
        {{0, 0, 0, 0, 0, 3}, 0.0},
        {{0, 0, 0, 3, 0, 0}, 0.0},
        {{0, 0, 0, 7, 1, 0}, 12.5},
        {{0, 0, 0, 199, 1, 0}, 0.5},
        {{0, 0, 0, 1999, 1, 0}, 0.1},              /* 0.05 rounds half up */
        {{0, 0, 0, 2000, 1, 0}, 0.0},              /* 0.04998 rounds down */
        {{0, 0, 0, 1, 1999, 0}, 100.0},            /* 99.95 rounds half up */
        {{0, 0, 0, 1, 2000, 0}, 100.0},            /* 99.95002 */
        {{0, 0, 0, 2, 1998, 0}, 99.9},
        {{0, 0, 0, -4, 1, 0}, 100.0},              /* negative counts count as 0 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = colour_greening_rate(&cases[i].c);
        CHECK(fabs(got - cases[i].rate) < 1e-9, "case %zu: rate %.4f, want %.1f", i, got,
              cases[i].rate);
    }
    CHECK(colour_greening_rate(NULL) == 0.0, "NULL counts");
}

static void phase_cases(void)
{
    static const struct { struct colour_counts c; enum colour verdict; } cases[] = {
        /* grey, blue, yellow, red, green, done_late */
        {{0, 0, 0, 0, 0, 0}, COLOUR_GREY},          /* nothing due before the cut-off */
        {{4, 0, 0, 0, 0, 0}, COLOUR_GREY},          /* only tasks without deadline */
        {{0, 0, 0, 0, 5, 0}, COLOUR_GREEN},
        {{3, 0, 0, 0, 5, 0}, COLOUR_GREEN},
        {{0, 1, 0, 0, 5, 0}, COLOUR_BLUE},
        {{0, 1, 1, 0, 5, 0}, COLOUR_YELLOW},
        {{0, 1, 1, 1, 5, 0}, COLOUR_RED},
        {{0, 0, 0, 0, 5, 1}, COLOUR_RED},           /* done late counts as late */
        {{0, 0, 2, 0, 0, 1}, COLOUR_RED},
        {{0, 0, 0, 1, 0, 0}, COLOUR_RED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum colour got = colour_phase(&cases[i].c);
        CHECK(got == cases[i].verdict, "case %zu: %s, want %s", i, colour_name(got),
              colour_name(cases[i].verdict));
    }
    CHECK(colour_phase(NULL) == COLOUR_GREY, "NULL counts");
}

int main(void)
{
    default_cases();
    param_cases();
    properties();
    count_cases();
    greening_cases();
    phase_cases();
    return check_done("colour");
}
