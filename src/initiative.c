/* The rules of breakthrough initiatives (initiative.h). */
#include "initiative.h"
#include "calendar.h"

#include <string.h>

static const char *const STAGES[STAGE_COUNT] = {
    "submitted", "invalid", "screened", "review", "selected", "not_selected",
};

const char *const initiative_criteria[INITIATIVE_CRITERIA] = {
    "novelty", "breakthrough", "feasibility", "impact", "mobilisation",
};

const char *initiative_stage_name(enum initiative_stage s)
{
    return s >= 0 && s < STAGE_COUNT ? STAGES[s] : "";
}

int initiative_stage_parse(const char *name)
{
    for (int i = 0; name && i < STAGE_COUNT; i++)
        if (!strcmp(name, STAGES[i])) return i;
    return -1;
}

/* The stage machine as a table: the stages each action is allowed in (bits of the stage).
 * Screening, forming and deciding move the stage; the others happen within one. */
#define B(s) (1u << (s))
static const unsigned ALLOWED[] = {
    [ACTION_ATTACH] = B(STAGE_SUBMITTED),
    [ACTION_SCREEN] = B(STAGE_SUBMITTED),
    [ACTION_FORM_COUNCIL] = B(STAGE_SCREENED) | B(STAGE_REVIEW),
    [ACTION_DECLARE_CONFLICT] = B(STAGE_SCREENED) | B(STAGE_REVIEW),
    [ACTION_SCORE] = B(STAGE_REVIEW),
    [ACTION_NEW_ROUND] = B(STAGE_REVIEW),
    [ACTION_DECIDE] = B(STAGE_REVIEW),
};

bool initiative_allows(enum initiative_stage s, enum initiative_action action)
{
    if (s < 0 || s >= STAGE_COUNT || (size_t)action >= sizeof ALLOWED / sizeof ALLOWED[0])
        return false;
    return ALLOWED[action] & B(s);
}

const char *initiative_action_stages(enum initiative_action action)
{
    switch (action) {
    case ACTION_ATTACH: case ACTION_SCREEN: return "submitted";
    case ACTION_FORM_COUNCIL: case ACTION_DECLARE_CONFLICT: return "screened or review";
    default: return "review";
    }
}

int initiative_scores_invalid(const struct initiative_scores *s)
{
    for (int i = 0; i < INITIATIVE_CRITERIA; i++)
        if (s->v[i] < INITIATIVE_SCORE_MIN || s->v[i] > INITIATIVE_SCORE_MAX) return i;
    return -1;
}

void initiative_aggregate(const struct initiative_scores *s, int n,
                          struct initiative_aggregate *out)
{
    memset(out, 0, sizeof *out);
    if (n <= 0) return;
    long sum[INITIATIVE_CRITERIA] = {0}, totals = 0;
    for (int m = 0; m < n; m++) {
        int total = 0;
        for (int i = 0; i < INITIATIVE_CRITERIA; i++) {
            sum[i] += s[m].v[i];
            total += s[m].v[i];
        }
        totals += total;
        if (m == 0 || total < out->total_min) out->total_min = total;
        if (m == 0 || total > out->total_max) out->total_max = total;
    }
    out->n = n;
    for (int i = 0; i < INITIATIVE_CRITERIA; i++) out->mean[i] = (double)sum[i] / n;
    out->total_mean = (double)totals / n;
}

/* Whether PATH lies at or below ANCESTOR ("/1/2/" is below "/1/"). */
static bool at_or_below(const char *path, const char *ancestor)
{
    size_t n = strlen(ancestor);
    return n && !strncmp(path, ancestor, n);
}

static bool everyones(const char *kind)
{
    return kind && (!strcmp(kind, "nation") || !strcmp(kind, "centre"));
}

bool initiative_own_unit(const char *member_path, const char *member_kind,
                         const char *unit_path, const char *unit_kind)
{
    if (!member_path || !unit_path || !*member_path || !*unit_path) return false;
    if (at_or_below(unit_path, member_path)) return !everyones(member_kind) ||
                                                    !strcmp(unit_path, member_path);
    if (at_or_below(member_path, unit_path)) return !everyones(unit_kind);
    return false;
}

bool initiative_scores_visible(bool centre, bool member, bool member_done)
{
    return centre || (member && member_done);
}

bool initiative_round_complete(int eligible_members, int scored)
{
    return scored >= INITIATIVE_COUNCIL_MIN && scored >= eligible_members;
}

bool initiative_council_dates(const char *screened_day, const struct calendar_extra *extra,
                              size_t n_extra, char target[11], char due[11])
{
    return calendar_add_working_days(screened_day, INITIATIVE_COUNCIL_TARGET_DAYS, extra,
                                     n_extra, target) &&
           calendar_add_working_days(screened_day, INITIATIVE_COUNCIL_DUE_DAYS, extra, n_extra,
                                     due);
}

enum colour initiative_council_colour(const char *target, const char *due,
                                      const char *formed_day, const char *today)
{
    if (formed_day && *formed_day)
        return strcmp(formed_day, due) <= 0 ? COLOUR_GREEN : COLOUR_DONE_LATE;
    if (strcmp(today, due) > 0) return COLOUR_RED;
    if (strcmp(today, target) > 0) return COLOUR_YELLOW;
    return COLOUR_BLUE;
}
