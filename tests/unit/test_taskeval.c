/* Judging parts and tasks (taskeval.c): recurring tasks obligation by obligation, dated tasks
 * through the colour rule, the greening counts, and the rule that combines lead and
 * coordinating parts (docs/rules.md). */
#include "check.h"
#include "taskeval.h"

static struct task recurring(const char *start)
{
    return (struct task){.deadline_kind = "recurring", .period = "month", .start_date = start,
                         .due = "", .title = "t"};
}
static struct task dated(const char *start, const char *due)
{
    return (struct task){.deadline_kind = "date", .period = "", .start_date = start, .due = due,
                         .title = "t"};
}
static struct task_part part(const char *role, int progress, const char *done_on,
                             const char *reports)
{
    struct task_part p = {.progress = progress, .period_reports = reports};
    snprintf(p.role, sizeof p.role, "%s", role);
    snprintf(p.done_on, sizeof p.done_on, "%s", done_on ? done_on : "");
    return p;
}

int main(void)
{
    /* Recurring monthly from 4/7/2025: each month is its own obligation, due on its last day. */
    static const struct {
        const char *today, *reports;
        enum colour colour;
        int days, due_n, green_n, late_n;
        const char *due;
    } rec[] = {
        {"2025-07-20", "", COLOUR_BLUE, 0, 0, 0, 0, "2025-07-31"},
        {"2025-07-28", "", COLOUR_YELLOW, 0, 0, 0, 0, "2025-07-31"},       /* 3 days left, 0 % */
        {"2025-07-28", "2025-07@2025-07-27", COLOUR_GREEN, 0, 0, 0, 0, "2025-07-31"},
        {"2025-07-31", "", COLOUR_YELLOW, 0, 0, 0, 0, "2025-07-31"},       /* the due day itself */
        {"2025-08-01", "", COLOUR_RED, 1, 1, 0, 0, "2025-08-31"},          /* July missed */
        {"2025-08-05", "", COLOUR_RED, 5, 1, 0, 0, "2025-08-31"},
        {"2025-08-05", "2025-07@2025-07-28", COLOUR_BLUE, 0, 1, 1, 0, "2025-08-31"},
        {"2025-08-05", "2025-07@2025-08-02", COLOUR_BLUE, 0, 1, 0, 1, "2025-08-31"},
        {"2025-10-10", "2025-07@2025-07-28;2025-09@2025-09-30", COLOUR_BLUE, 0, 3, 2, 0,
         "2025-10-31"},                                                      /* August missed, but
                                                                               September met */
        {"2025-10-10", "2025-07@2025-07-28;2025-08@2025-08-30", COLOUR_RED, 10, 3, 2, 0,
         "2025-10-31"},                                                      /* September missed */
    };
    for (size_t i = 0; i < sizeof rec / sizeof rec[0]; i++) {
        struct task t = recurring("2025-07-04");
        struct task_part p = part("lead", 0, NULL, rec[i].reports);
        struct part_verdict v;
        taskeval_part(&t, &p, rec[i].today, &colour_defaults, &v);
        CHECK(v.result.colour == rec[i].colour, "case %zu: colour %s, want %s", i,
              colour_name(v.result.colour), colour_name(rec[i].colour));
        CHECK(v.result.days_overdue == rec[i].days, "case %zu: days %d, want %d", i,
              v.result.days_overdue, rec[i].days);
        CHECK(v.obligations_due == rec[i].due_n && v.obligations_green == rec[i].green_n &&
                  v.obligations_late == rec[i].late_n,
              "case %zu: obligations %d/%d/%d", i, v.obligations_due, v.obligations_green,
              v.obligations_late);
        CHECK_STR(v.due, rec[i].due);
    }
    /* Greening counts: each obligation due so far counts; the open period counts if blue or
     * yellow. 2 met + 1 missed + current blue: green 2, red 1, blue 1 -> 66.7 %. */
    {
        struct task t = recurring("2025-07-04");
        struct task_part p = part("lead", 0, NULL, "2025-07@2025-07-28;2025-09@2025-09-30");
        struct part_verdict v;
        taskeval_part(&t, &p, "2025-10-10", &colour_defaults, &v);
        struct colour_counts c = {0};
        taskeval_count(&c, &v, true);
        CHECK(c.green == 2 && c.red == 1 && c.blue == 1, "counts %d %d %d", c.green, c.red,
              c.blue);
        CHECK(colour_greening_rate(&c) > 66.69 && colour_greening_rate(&c) < 66.71, "rate %.2f",
              colour_greening_rate(&c));
    }
    /* An unstated period ("định kỳ và đột xuất"): no scheduled obligation, grey. */
    {
        struct task t = recurring("2025-07-04");
        t.period = "";
        struct task_part p = part("lead", 0, NULL, "");
        struct part_verdict v;
        taskeval_part(&t, &p, "2025-12-01", &colour_defaults, &v);
        CHECK(v.result.colour == COLOUR_GREY && v.obligations_due == 0, "unstated period grey");
    }
    /* Dated parts go through the colour rule; done as of a day only once accepted. */
    {
        struct task t = dated("2025-07-04", "2025-07-15");
        struct part_verdict v;
        struct task_part open = part("lead", 30, NULL, "");
        taskeval_part(&t, &open, "2025-07-16", &colour_defaults, &v);
        CHECK(v.result.colour == COLOUR_RED && v.result.days_overdue == 1, "overdue by 1");
        struct task_part done = part("lead", 100, "2025-07-15", "");
        taskeval_part(&t, &done, "2025-08-01", &colour_defaults, &v);
        CHECK(v.result.colour == COLOUR_GREEN, "done on the due day is green");
        struct task_part late = part("lead", 100, "2025-07-16", "");
        taskeval_part(&t, &late, "2025-08-01", &colour_defaults, &v);
        CHECK(v.result.colour == COLOUR_DONE_LATE && v.result.late, "done a day late");
    }
    /* Combining: 0.7 x mean(lead) + 0.3 x mean(coordinators); done when every lead is done. */
    static const struct {
        int lead[2], n_lead, coord[2], n_coord;
        const char *lead_done[2];
        int progress;
        bool done;
        const char *done_on;
    } comb[] = {
        {{60, 0}, 1, {20, 0}, 1, {NULL, NULL}, 48, false, ""},
        {{60, 0}, 1, {0, 0}, 0, {NULL, NULL}, 60, false, ""},       /* no coordinators */
        {{50, 100}, 2, {0, 0}, 0, {NULL, "2025-07-10"}, 75, false, ""},
        {{100, 100}, 2, {10, 30}, 2, {"2025-07-10", "2025-07-12"}, 100, true, "2025-07-12"},
    };
    for (size_t i = 0; i < sizeof comb / sizeof comb[0]; i++) {
        struct task t = dated("2025-07-04", "2025-07-15");
        struct task_combiner k;
        taskeval_combine_begin(&k);
        for (int j = 0; j < comb[i].n_lead; j++) {
            struct task_part p = part("lead", comb[i].lead[j], comb[i].lead_done[j], "");
            struct part_verdict v;
            taskeval_part(&t, &p, "2025-07-14", &colour_defaults, &v);
            taskeval_combine_add(&k, &p, &v);
        }
        for (int j = 0; j < comb[i].n_coord; j++) {
            struct task_part p = part("coordinator", comb[i].coord[j], NULL, "");
            struct part_verdict v;
            taskeval_part(&t, &p, "2025-07-14", &colour_defaults, &v);
            taskeval_combine_add(&k, &p, &v);
        }
        struct task_combined out;
        taskeval_combine_end(&k, &t, "2025-07-14", &colour_defaults, &out);
        CHECK(out.progress == comb[i].progress, "combine %zu: progress %d, want %d", i,
              out.progress, comb[i].progress);
        CHECK(out.done == comb[i].done, "combine %zu: done", i);
        CHECK_STR(out.done_on, comb[i].done_on);
    }
    /* Severity order used for "worst of". */
    CHECK(taskeval_severity(COLOUR_RED) > taskeval_severity(COLOUR_DONE_LATE) &&
              taskeval_severity(COLOUR_DONE_LATE) > taskeval_severity(COLOUR_YELLOW) &&
              taskeval_severity(COLOUR_YELLOW) > taskeval_severity(COLOUR_BLUE) &&
              taskeval_severity(COLOUR_BLUE) > taskeval_severity(COLOUR_GREEN),
          "severity order");
    return check_done("task evaluation");
}
