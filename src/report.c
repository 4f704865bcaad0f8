/* Periods, due dates and colours of periodic reports (report.h). */
#include "report.h"

#include "indicator.h"

#include <stdio.h>
#include <string.h>

bool report_schedule_check(const struct report_schedule *s, const char **field, const char **why)
{
    *field = NULL;
    *why = NULL;
    bool monthly = !strcmp(s->kind, "monthly"), half = !strcmp(s->kind, "half_yearly"),
         once = !strcmp(s->kind, "one_off");
    if (!monthly && !half && !once) {
        *field = "kind";
        *why = "kind is monthly, half_yearly or one_off";
    } else if (monthly && (s->due_day < 1 || s->due_day > 28)) {
        *field = "due_day";
        *why = "a monthly report is due on a day 1-28 of the month after its period";
    } else if (half && (s->due_day < 0 || s->due_day > 180)) {
        *field = "due_day";
        *why = "a half-yearly report is due 0-180 days after its half-year ends";
    } else if (once && !util_date_valid(s->due_date ? s->due_date : "")) {
        *field = "due_date";
        *why = "a one-off report needs a due_date YYYY-MM-DD";
    } else if (once && !util_date_valid(s->period_from ? s->period_from : "")) {
        *field = "period_from";
        *why = "a one-off report needs the first day it reports on, period_from YYYY-MM-DD";
    } else if (once && (!util_date_valid(s->period_to ? s->period_to : "") ||
                        strcmp(s->period_to, s->period_from) < 0)) {
        *field = "period_to";
        *why = "period_to is a date YYYY-MM-DD not before period_from";
    } else if (!once && ((s->due_date && *s->due_date) || (s->period_from && *s->period_from) ||
                         (s->period_to && *s->period_to))) {
        *field = "due_date";
        *why = "only one-off reports have a due_date, period_from and period_to";
    } else if (!s->reporters || !*s->reporters) {
        *field = "reporters";
        *why = "name the unit kinds or codes that owe the report";
    }
    return *field == NULL;
}

/* Fills OUT from an indicator period P of schedule S. */
static void from_period(const struct report_schedule *s, const struct period *p,
                        struct report_period *out)
{
    util_copy(out->code, sizeof out->code, p->code);
    util_copy(out->from, sizeof out->from, p->from);
    util_copy(out->to, sizeof out->to, p->to);
    if (p->type == 'm') {
        struct period next;
        period_next(p, &next);
        snprintf(out->due, sizeof out->due, "%.8s%02d", next.from, s->due_day);
    } else {
        util_date_add(p->to, s->due_day, out->due);
    }
}

bool report_period_of(const struct report_schedule *s, const char *code, struct report_period *out)
{
    memset(out, 0, sizeof *out);
    if (!strcmp(s->kind, "one_off")) {
        if (strcmp(code, s->code) != 0) return false;
        util_copy(out->code, sizeof out->code, s->code);
        util_copy(out->from, sizeof out->from, s->period_from);
        util_copy(out->to, sizeof out->to, s->period_to);
        util_copy(out->due, sizeof out->due, s->due_date);
        return true;
    }
    struct period p;
    if (!period_parse(code, !strcmp(s->kind, "monthly") ? "month" : "half", &p)) return false;
    from_period(s, &p, out);
    return true;
}

void report_period_current(const struct report_schedule *s, const char *today,
                           struct report_period *out)
{
    if (!strcmp(s->kind, "one_off")) {
        report_period_of(s, s->code, out);
        return;
    }
    struct period now, prev;
    period_containing(!strcmp(s->kind, "monthly") ? "month" : "half", today, &now);
    period_prev(&now, &prev);
    from_period(s, &prev, out);
}

bool report_period_next(const struct report_schedule *s, const struct report_period *p,
                        struct report_period *out)
{
    if (!strcmp(s->kind, "one_off")) return false;
    struct period cur, next;
    if (!period_parse(p->code, !strcmp(s->kind, "monthly") ? "month" : "half", &cur)) return false;
    period_next(&cur, &next);
    from_period(s, &next, out);
    return true;
}

enum colour report_colour(const char *state, const char *due, const char *today, bool *overdue)
{
    *overdue = false;
    if (!strcmp(state, "approved")) return COLOUR_GREEN;
    if (!strcmp(state, "submitted")) return COLOUR_BLUE;
    if (strcmp(today, due) > 0) {
        *overdue = true;
        return COLOUR_RED;
    }
    return !strcmp(state, "returned") ? COLOUR_YELLOW : COLOUR_GREY;
}

/* end of report.c */
