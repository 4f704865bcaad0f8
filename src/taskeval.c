#include "taskeval.h"
#include "deadline.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int taskeval_severity(enum colour c)
{
    switch (c) {
    case COLOUR_GREEN: return 0;
    case COLOUR_GREY: return 1;
    case COLOUR_BLUE: return 2;
    case COLOUR_YELLOW: return 3;
    case COLOUR_DONE_LATE: return 4;
    case COLOUR_RED: return 5;
    }
    return 0;
}

static enum deadline_period period_of(const char *name)
{
    if (!strcmp(name, "quarter")) return PERIOD_QUARTER;
    if (!strcmp(name, "half_year")) return PERIOD_HALF_YEAR;
    if (!strcmp(name, "year")) return PERIOD_YEAR;
    if (!strcmp(name, "month")) return PERIOD_MONTH;
    return PERIOD_UNSPECIFIED;     /* "định kỳ và đột xuất": no scheduled obligations */
}

/* The day period LABEL was reported, from "label@day;label@day", or NULL. */
static const char *reported_day(const char *reports, const char *label, char day[11])
{
    size_t n = strlen(label);
    for (const char *p = reports; p && *p;) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > n + 1 && strncmp(p, label, n) == 0 && p[n] == '@' && len - n - 1 == 10) {
            memcpy(day, p + n + 1, 10);
            day[10] = '\0';
            return day;
        }
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

/* Recurring parts: each obligation (one per period, due on the period's last day) is met or
 * missed on its own. The part is red while the latest obligation that fell due was missed;
 * otherwise the current period decides, judged like a dated task due at the period's end. */
static void judge_recurring(const struct task *t, const struct task_part *p, const char *today,
                            const struct colour_params *params, struct part_verdict *out)
{
    struct deadline d = {.kind = DEADLINE_RECURRING, .period = period_of(t->period)};
    char dues[400][11];
    char horizon[11];
    util_date_add(today, 400, horizon);          /* reach into the current period */
    int n = deadline_obligations(&d, t->start_date, horizon, dues, 400);
    char prev_end[11];
    util_date_add(t->start_date, -1, prev_end);
    bool last_missed = false;
    int last_missed_days = 0;
    for (int i = 0; i < n; i++) {
        char label[16], day[11];
        deadline_period_label(&d, dues[i], label, sizeof label);
        const char *rep = reported_day(p->period_reports, label, day);
        if (strcmp(dues[i], today) < 0) {          /* this obligation has fallen due */
            out->obligations_due++;
            if (rep && strcmp(rep, dues[i]) <= 0) {
                out->obligations_green++;
                last_missed = false;
            } else if (rep) {
                out->obligations_late++;
                last_missed = false;
            } else {
                last_missed = true;
                struct colour_input ci = {.start = t->start_date, .due = dues[i], .progress = 0,
                                          .today = today};
                last_missed_days = colour_of(&ci, params).days_overdue;
            }
            util_copy(prev_end, sizeof prev_end, dues[i]);
            continue;
        }
        /* The current period: from the day after the previous due date to this one. */
        char start[11];
        util_date_add(prev_end, 1, start);
        if (strcmp(start, t->start_date) < 0) util_copy(start, sizeof start, t->start_date);
        util_copy(out->due, sizeof out->due, dues[i]);
        struct colour_input ci = {.start = start, .due = dues[i], .progress = rep ? 100 : 0,
                                  .done_on = rep, .today = today};
        out->result = colour_of(&ci, params);
        break;
    }
    if (last_missed) {
        out->result.colour = COLOUR_RED;
        out->result.days_overdue = last_missed_days;
        out->result.late = false;
        out->result.reason = "the report for the last period that fell due is missing";
    }
}

void taskeval_part(const struct task *t, const struct task_part *p, const char *today,
                   const struct colour_params *params, struct part_verdict *out)
{
    memset(out, 0, sizeof *out);
    if (!strcmp(t->deadline_kind, "recurring")) {
        judge_recurring(t, p, today, params, out);
        return;
    }
    const char *due = !strcmp(t->deadline_kind, "date") && *t->due ? t->due : NULL;
    if (due) util_copy(out->due, sizeof out->due, due);
    struct colour_input ci = {.start = t->start_date, .due = due, .progress = p->progress,
                              .done_on = *p->done_on ? p->done_on : NULL, .today = today};
    out->result = colour_of(&ci, params);
    enum colour c = out->result.colour;
    out->obligations_due = (c == COLOUR_GREEN || c == COLOUR_DONE_LATE || c == COLOUR_RED);
    out->obligations_green = c == COLOUR_GREEN;
    out->obligations_late = c == COLOUR_DONE_LATE;
}

void taskeval_count(struct colour_counts *c, const struct part_verdict *v, bool recurring)
{
    if (!recurring) {
        colour_count(c, v->result.colour);
        return;
    }
    for (int i = 0; i < v->obligations_green; i++) colour_count(c, COLOUR_GREEN);
    for (int i = 0; i < v->obligations_late; i++) colour_count(c, COLOUR_DONE_LATE);
    int missed = v->obligations_due - v->obligations_green - v->obligations_late;
    for (int i = 0; i < missed; i++) colour_count(c, COLOUR_RED);
    enum colour now = v->result.colour;
    if (now == COLOUR_BLUE || now == COLOUR_YELLOW || now == COLOUR_GREY ||
        (now == COLOUR_GREEN && v->obligations_due == 0))
        colour_count(c, now);
}

void taskeval_combine_begin(struct task_combiner *k)
{
    memset(k, 0, sizeof *k);
    k->all_lead_done = true;
    k->worst_lead = COLOUR_GREEN;
}

void taskeval_combine_add(struct task_combiner *k, const struct task_part *p,
                          const struct part_verdict *v)
{
    if (!strcmp(p->role, "lead")) {
        k->lead_n++;
        k->lead_sum += p->progress;
        if (!*p->done_on) k->all_lead_done = false;
        else if (strcmp(p->done_on, k->last_done) > 0)
            util_copy(k->last_done, sizeof k->last_done, p->done_on);
        if (taskeval_severity(v->result.colour) > taskeval_severity(k->worst_lead))
            k->worst_lead = v->result.colour;
    } else {
        k->coord_n++;
        k->coord_sum += p->progress;
    }
}

void taskeval_combine_end(struct task_combiner *k, const struct task *t, const char *today,
                          const struct colour_params *params, struct task_combined *out)
{
    memset(out, 0, sizeof *out);
    double lead = k->lead_n ? (double)k->lead_sum / k->lead_n : 0;
    double coord = k->coord_n ? (double)k->coord_sum / k->coord_n : lead;
    out->progress = (int)(0.7 * lead + 0.3 * coord + 0.5);
    out->done = k->lead_n > 0 && k->all_lead_done;
    if (out->done) {
        out->progress = 100;
        util_copy(out->done_on, sizeof out->done_on, k->last_done);
    }
    if (!strcmp(t->deadline_kind, "recurring")) {
        out->result.colour = k->lead_n ? k->worst_lead : COLOUR_GREY;
        out->result.reason = "the worst of the lead units' parts";
        return;
    }
    const char *due = !strcmp(t->deadline_kind, "date") && *t->due ? t->due : NULL;
    struct colour_input ci = {.start = t->start_date, .due = due, .progress = out->progress,
                              .done_on = out->done ? out->done_on : NULL, .today = today};
    out->result = colour_of(&ci, params);
}

void taskeval_row_of(const struct part_history *h, struct task_row *out)
{
    memset(out, 0, sizeof *out);
    struct task *t = &out->task;
    t->id = h->task_id;
    t->task_group = h->task_group;
    t->deadline_kind = h->deadline_kind;
    t->due = h->due;
    t->period = h->period;
    t->start_date = h->start_date;
    t->key = t->document_number = t->document_key = t->section = t->title = t->text = "";
    t->expected_output = t->deadline_text = t->assigner_code = t->created_at = "";
    t->created_by = "";
    t->block = h->block;
    t->criteria = h->criteria;
    struct task_part *p = &out->part;
    p->id = h->part_id;
    p->task_id = h->task_id;
    p->unit_id = h->unit_id;
    util_copy(p->unit_code, sizeof p->unit_code, h->unit_code);
    util_copy(p->unit_name, sizeof p->unit_name, h->unit_name);
    util_copy(p->unit_path, sizeof p->unit_path, h->unit_path);
    util_copy(p->role, sizeof p->role, h->role);
    p->period_reports = "";
}

int taskeval_row_on(const struct part_history *h, const char *day, bool current,
                    struct task_row *out, char **reports, size_t *cap)
{
    if (strcmp(h->start_date, day) > 0 && strcmp(h->created_day, day) > 0) return 0;
    struct task_part *p = &out->part;
    p->period_reports = "";
    /* Both are char[DATE_LEN] like the history's days: whole copies, no length to find. */
    if (*h->reported_on && strcmp(h->reported_on, day) <= 0)
        memcpy(p->reported_on, h->reported_on, sizeof p->reported_on);
    else
        p->reported_on[0] = '\0';
    if (*h->accepted_on && strcmp(h->accepted_on, day) <= 0)
        memcpy(p->done_on, h->reported_on, sizeof p->done_on);
    else
        p->done_on[0] = '\0';
    p->progress = current ? h->progress : 0;
    size_t need = 1;
    for (size_t i = 0; i < h->n_events; i++) {
        const struct part_event *e = &h->events[i];
        if (strcmp(e->day, day) > 0) continue;
        if (!current && e->progress >= 0) p->progress = e->progress;     /* the latest by id */
        if (e->period_report) need += strlen(e->period) + 1 + strlen(e->day) + 1;
    }
    if (strcmp(h->deadline_kind, "recurring") != 0 || need == 1) return 1;
    if (need > *cap) {
        char *b = realloc(*reports, need);
        if (!b) return -1;
        *reports = b;
        *cap = need;
    }
    size_t len = 0;
    for (size_t i = 0; i < h->n_events; i++) {
        const struct part_event *e = &h->events[i];
        if (!e->period_report || strcmp(e->day, day) > 0) continue;
        len += (size_t)snprintf(*reports + len, need - len, "%s%s@%s", len ? ";" : "", e->period,
                                e->day);
    }
    p->period_reports = *reports;
    return 1;
}
