/* The rules of breakthrough initiatives (system 3), as pure functions: the stage machine, the
 * five criteria and their scale, the aggregation of a council's scores, the own-unit conflict
 * rule, who sees scores when, and the council's due date in working days. docs/rules.md states
 * the same rules for people; tests/unit/test_initiative.c checks them as tables.
 *
 * The procedure is Decision 2266/QĐ-TTg (14/10/2025): proposal (reception time stamped) ->
 * validity check and preliminary assessment -> an evaluation council formed within 3-5 working
 * days -> review on the five published criteria -> decision -> assignment and implementation. */
#ifndef NQ57_INITIATIVE_H
#define NQ57_INITIATIVE_H
#include <stdbool.h>
#include <stddef.h>

#include "calendar.h"
#include "colour.h"

enum initiative_stage {
    STAGE_SUBMITTED,        /* received, reception time stamped */
    STAGE_INVALID,          /* screened out: not valid, with the reason (final) */
    STAGE_SCREENED,         /* valid, with a preliminary assessment: a council is due */
    STAGE_REVIEW,           /* the council is formed and scoring, round by round */
    STAGE_SELECTED,         /* final: becomes a task in system 1 */
    STAGE_NOT_SELECTED,     /* final */
    STAGE_COUNT
};

enum initiative_action {
    ACTION_ATTACH,          /* the proposer adds a file */
    ACTION_SCREEN,          /* valid or not, with reason and assessment */
    ACTION_FORM_COUNCIL,    /* appoint members (again while reviewing: add members) */
    ACTION_DECLARE_CONFLICT,
    ACTION_SCORE,
    ACTION_NEW_ROUND,
    ACTION_DECIDE,
};

const char *initiative_stage_name(enum initiative_stage s);
/* -1 when NAME is not a stage. */
int initiative_stage_parse(const char *name);
/* Whether ACTION may happen at stage S. */
bool initiative_allows(enum initiative_stage s, enum initiative_action action);
/* The stages in which ACTION is allowed, for error messages ("screened or review"). */
const char *initiative_action_stages(enum initiative_action action);

/* The five published criteria, in the order of the procedure, each scored SCORE_MIN..SCORE_MAX
 * (whole points), all of equal weight. */
#define INITIATIVE_CRITERIA 5
#define INITIATIVE_SCORE_MIN 0
#define INITIATIVE_SCORE_MAX 10
#define INITIATIVE_COUNCIL_MIN 3      /* members of a council, at least */
#define INITIATIVE_COUNCIL_MAX 15
/* "novelty", "breakthrough", "feasibility", "impact", "mobilisation". */
extern const char *const initiative_criteria[INITIATIVE_CRITERIA];

struct initiative_scores { int v[INITIATIVE_CRITERIA]; };

/* One round's aggregate: per criterion the mean over the members who scored, the mean of the
 * members' totals (0..50), and the lowest and highest total. N 0: nothing scored (means 0). */
struct initiative_aggregate {
    int n;
    double mean[INITIATIVE_CRITERIA];
    double total_mean;
    int total_min, total_max;
};
void initiative_aggregate(const struct initiative_scores *s, int n,
                          struct initiative_aggregate *out);
/* -1 when every score is within the scale, else the index of the first criterion outside it. */
int initiative_scores_invalid(const struct initiative_scores *s);

/* The own-unit rule: a member may not review an initiative from their own unit. True when the
 * member's unit and the proposing unit are the same or one lies below the other (the member
 * works in the proposing organisation, or the proposer is part of the member's), judged on the
 * materialised paths ("/1/2/17/"). The nation and the centre (kinds "nation", "centre") are
 * nobody's own unit: an enclosing unit of those kinds does not count. No proposing unit (a
 * person, an enterprise outside the tree): false. */
bool initiative_own_unit(const char *member_path, const char *member_kind,
                         const char *unit_path, const char *unit_kind);

/* Who sees the members' scores of a round: the standing office and the administrator always;
 * a council member only once they have scored that round themselves (or declared a conflict,
 * which ends their part in it); nobody else. */
bool initiative_scores_visible(bool centre, bool member, bool member_done);

/* A decision needs the round in progress complete: every member without a conflict scored it,
 * and at least INITIATIVE_COUNCIL_MIN of them did. */
bool initiative_round_complete(int eligible_members, int scored);

/* The council is due within 3-5 working days of screening (calendar.c, the day of screening not
 * counted): TARGET the 3rd working day, DUE the 5th. False when SCREENED_DAY is not a date. */
#define INITIATIVE_COUNCIL_TARGET_DAYS 3
#define INITIATIVE_COUNCIL_DUE_DAYS 5
bool initiative_council_dates(const char *screened_day, const struct calendar_extra *extra,
                              size_t n_extra, char target[11], char due[11]);

/* The colour of the council's deadline: formed by DUE green, formed after DUE done late; not
 * formed: red after DUE, yellow after TARGET, blue before. FORMED_DAY "" when not formed. */
enum colour initiative_council_colour(const char *target, const char *due,
                                      const char *formed_day, const char *today);

#endif
