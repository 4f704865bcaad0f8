/* The rules of breakthrough initiatives (initiative.c) and tracking codes (trackcode.c), as
 * tables. */
#include "check.h"
#include "initiative.h"
#include "trackcode.h"

#include <math.h>

static void test_stages(void)
{
    /* Every action against every stage: the whole machine. */
    static const struct { enum initiative_action a; const char *allowed; } t[] = {
        {ACTION_ATTACH, "submitted"},
        {ACTION_SCREEN, "submitted"},
        {ACTION_FORM_COUNCIL, "screened review"},
        {ACTION_DECLARE_CONFLICT, "screened review"},
        {ACTION_SCORE, "review"},
        {ACTION_NEW_ROUND, "review"},
        {ACTION_DECIDE, "review"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        for (int s = 0; s < STAGE_COUNT; s++) {
            const char *name = initiative_stage_name(s);
            const char *hit = strstr(t[i].allowed, name);
            /* "review" must not match inside another word: stage names are distinct words. */
            bool want = hit && (hit == t[i].allowed || hit[-1] == ' ') &&
                        (hit[strlen(name)] == '\0' || hit[strlen(name)] == ' ');
            CHECK(initiative_allows(s, t[i].a) == want, "action %d at %s", (int)t[i].a, name);
        }
    for (int s = 0; s < STAGE_COUNT; s++)
        CHECK(initiative_stage_parse(initiative_stage_name(s)) == s, "stage %d round trip", s);
    CHECK(initiative_stage_parse("decided") == -1, "unknown stage");
    CHECK(initiative_stage_parse(NULL) == -1, "no stage");
    CHECK(!initiative_allows(STAGE_COUNT, ACTION_SCREEN), "out of range stage");
    CHECK_STR(initiative_action_stages(ACTION_FORM_COUNCIL), "screened or review");
    CHECK_STR(initiative_action_stages(ACTION_DECIDE), "review");
}

static void test_scores(void)
{
    struct initiative_scores ok = {{0, 10, 5, 7, 3}}, low = {{0, -1, 5, 7, 3}},
                             high = {{0, 1, 5, 7, 11}};
    CHECK(initiative_scores_invalid(&ok) == -1, "in scale");
    CHECK(initiative_scores_invalid(&low) == 1, "below the scale names breakthrough");
    CHECK(initiative_scores_invalid(&high) == 4, "above the scale names mobilisation");

    struct initiative_scores s[] = {{{8, 9, 6, 7, 5}}, {{6, 7, 8, 5, 4}}, {{10, 8, 7, 9, 6}}};
    struct initiative_aggregate a;
    initiative_aggregate(s, 3, &a);
    CHECK(a.n == 3, "n %d", a.n);
    CHECK(fabs(a.mean[0] - 8.0) < 1e-9, "novelty mean %g", a.mean[0]);
    CHECK(fabs(a.mean[4] - 5.0) < 1e-9, "mobilisation mean %g", a.mean[4]);
    CHECK(fabs(a.total_mean - (35 + 30 + 40) / 3.0) < 1e-9, "total mean %g", a.total_mean);
    CHECK(a.total_min == 30 && a.total_max == 40, "min %d max %d", a.total_min, a.total_max);
    initiative_aggregate(s, 0, &a);
    CHECK(a.n == 0 && a.total_mean == 0 && a.total_max == 0, "nothing scored");
    initiative_aggregate(s + 1, 1, &a);
    CHECK(a.total_min == 30 && a.total_max == 30 && a.total_mean == 30, "one member");

    CHECK(!initiative_round_complete(3, 2), "a member has not scored");
    CHECK(initiative_round_complete(3, 3), "all scored");
    CHECK(!initiative_round_complete(2, 2), "below the quorum of 3");
    CHECK(initiative_round_complete(4, 4), "four of four");
    CHECK(!initiative_round_complete(5, 4), "four of five");
}

static void test_own_unit(void)
{
    static const struct {
        const char *mp, *mk, *up, *uk;
        bool want;
        const char *why;
    } t[] = {
        {"/1/2/9/", "ministry", "/1/2/9/", "ministry", true, "same unit"},
        {"/1/2/9/", "ministry", "/1/2/9/40/", "agency", true, "proposer below the member's unit"},
        {"/1/2/9/40/", "agency", "/1/2/9/", "ministry", true, "member below the proposing unit"},
        {"/1/2/9/", "ministry", "/1/2/10/", "ministry", false, "sibling units"},
        {"/1/2/9/", "ministry", "/1/2/90/", "ministry", false, "a path prefix of digits only"},
        {"/1/2/", "centre", "/1/2/9/", "ministry", false, "the centre is nobody's own unit"},
        {"/1/", "nation", "/1/5/", "province", false, "the nation is nobody's own unit"},
        {"/1/2/9/", "ministry", "/1/2/", "centre", false, "a proposal of the centre"},
        {"/1/2/", "centre", "/1/2/", "centre", true, "the centre's own proposal"},
        {"/1/2/9/", "ministry", "", "", false, "no proposing unit"},
        {"", "", "/1/2/9/", "ministry", false, "member without unit path"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        CHECK(initiative_own_unit(t[i].mp, t[i].mk, t[i].up, t[i].uk) == t[i].want, "%s",
              t[i].why);
    CHECK(!initiative_own_unit(NULL, NULL, "/1/", "nation"), "NULL member");
}

static void test_visibility(void)
{
    CHECK(initiative_scores_visible(true, false, false), "the standing office sees all");
    CHECK(!initiative_scores_visible(false, true, false), "a member who has not scored");
    CHECK(initiative_scores_visible(false, true, true), "a member who scored");
    CHECK(!initiative_scores_visible(false, false, true), "not a member");
}

static void test_council_dates(void)
{
    static const struct { const char *screened, *target, *due; } t[] = {
        /* Monday before 30/4 and 1/5 (Wednesday, Thursday): both skipped. */
        {"2025-04-28", "2025-05-05", "2025-05-07"},
        /* Friday: the weekend does not count, nor the day itself. */
        {"2025-11-21", "2025-11-26", "2025-11-28"},
        /* Screened on a Saturday. */
        {"2025-11-22", "2025-11-26", "2025-11-28"},
        /* Thursday before Tết 2026 (16/2-20/2 off): Friday 13/2, then 23/2 on. */
        {"2026-02-12", "2026-02-24", "2026-02-26"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char target[11], due[11];
        CHECK(initiative_council_dates(t[i].screened, NULL, 0, target, due), "%s", t[i].screened);
        CHECK_STR(target, t[i].target);
        CHECK_STR(due, t[i].due);
    }
    char a[11], b[11];
    CHECK(!initiative_council_dates("2025-02-30", NULL, 0, a, b), "not a date");
    /* The administrator's calendar days count too: a compensatory day off on Wednesday 26/11
     * moves both days by one; with Saturday 22/11 made a working day, the third working day is
     * Tuesday 25/11 and the fifth Friday 28/11 (26/11 still off). */
    struct calendar_extra off = {.date = "2025-11-26", .name = "Nghỉ bù", .working = false};
    CHECK(initiative_council_dates("2025-11-21", &off, 1, a, b), "with a day off");
    CHECK_STR(a, "2025-11-27");
    CHECK_STR(b, "2025-12-01");
    struct calendar_extra both[2] = {off, {.date = "2025-11-22", .name = "Làm bù", .working = true}};
    CHECK(initiative_council_dates("2025-11-21", both, 2, a, b), "with a day off and a working Saturday");
    CHECK_STR(a, "2025-11-25");
    CHECK_STR(b, "2025-11-28");

    static const struct { const char *formed, *today; enum colour want; } c[] = {
        {"", "2025-11-24", COLOUR_BLUE},
        {"", "2025-11-26", COLOUR_BLUE},          /* the target day itself */
        {"", "2025-11-27", COLOUR_YELLOW},
        {"", "2025-11-28", COLOUR_YELLOW},        /* the due day itself */
        {"", "2025-12-01", COLOUR_RED},
        {"2025-11-28", "2025-12-10", COLOUR_GREEN},
        {"2025-12-01", "2025-12-10", COLOUR_DONE_LATE},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        CHECK(initiative_council_colour("2025-11-26", "2025-11-28", c[i].formed, c[i].today) ==
                  c[i].want, "formed \"%s\" today %s", c[i].formed, c[i].today);
}

static void test_trackcode(void)
{
    unsigned char zero[8] = {0}, ones[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    unsigned char r[8] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
    char code[TRACKCODE_LEN], back[TRACKCODE_LEN];
    CHECK(trackcode_make("SK", zero, code), "zero");
    CHECK_STR(code, "SK-0000-0000-0000");
    CHECK(trackcode_make("SK", ones, code), "ones");
    CHECK_STR(code, "SK-ZZZZ-ZZZZ-ZZZZ");
    CHECK(trackcode_make("SK", r, code), "random");
    CHECK(strlen(code) == 17, "length %zu", strlen(code));
    for (const char *c = code + 3; *c; c++)
        CHECK(*c == '-' || (strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", *c) && *c != 'I' &&
                            *c != 'L' && *c != 'O' && *c != 'U'), "symbol %c", *c);
    CHECK(trackcode_normalise("SK", code, back), "own code reads");
    CHECK_STR(back, code);
    CHECK(!trackcode_make("sk", r, code) && !*code, "lower-case prefix refused");
    CHECK(!trackcode_make("SKX", r, code), "three-letter prefix refused");

    static const struct { const char *in, *want; } ok[] = {
        {"SK-7KQ2-M9XD-4TRE", "SK-7KQ2-M9XD-4TRE"},
        {"sk-7kq2-m9xd-4tre", "SK-7KQ2-M9XD-4TRE"},
        {"SK7KQ2M9XD4TRE", "SK-7KQ2-M9XD-4TRE"},
        {"  SK 7KQ2 M9XD 4TRE", "SK-7KQ2-M9XD-4TRE"},
        {"SK-OOOO-IIII-LLLL", "SK-0000-1111-1111"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        CHECK(trackcode_normalise("SK", ok[i].in, back), "%s", ok[i].in);
        CHECK_STR(back, ok[i].want);
    }
    static const char *const bad[] = {
        "PA-7KQ2-M9XD-4TRE", "SK-7KQ2-M9XD-4TR", "SK-7KQ2-M9XD-4TREE", "SK-7KQ2-M9XD-4TRU",
        "SK-7KQ2-M9XD-4TR!", "", "S", "SK", "SK-ĐKQ2-M9XD-4TRE",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(!trackcode_normalise("SK", bad[i], back) && !*back, "refused: %s", bad[i]);
    CHECK(!trackcode_normalise("SK", NULL, back), "NULL");
}

int main(void)
{
    test_stages();
    test_scores();
    test_own_unit();
    test_visibility();
    test_council_dates();
    test_trackcode();
    return check_done("initiative");
}
