/* Rules of system 2 (src/feedback.h): tracking codes, the workflow table, deadlines in working
 * days with the administrator's days, overdue and urgency, the routing rule that applies, and
 * the duplicate key. The rules are stated for people in docs/rules.md. */
#include "check.h"
#include "feedback.h"

#include <sodium.h>
#include <stdlib.h>

static void codes(void)
{
    char code[FEEDBACK_CODE_LEN], again[FEEDBACK_CODE_LEN], shown[FEEDBACK_CODE_SHOWN];
    /* Random codes use only the alphabet, never 0 O 1 I L, and do not repeat in 10,000. */
    static char seen[10000][FEEDBACK_CODE_LEN];
    int repeats = 0, bad = 0;
    int counts[256] = {0};
    for (int i = 0; i < 10000; i++) {
        feedback_code_new(seen[i]);
        for (int k = 0; k < FEEDBACK_CODE_CHARS; k++) {
            counts[(unsigned char)seen[i][k]]++;
            if (strchr("0O1IL", seen[i][k]) || !strchr(FEEDBACK_CODE_ALPHABET, seen[i][k])) bad++;
        }
        if (strlen(seen[i]) != FEEDBACK_CODE_CHARS) bad++;
    }
    for (int i = 0; i < 10000; i++)
        for (int j = i + 1; j < 10000; j++)
            if (!strcmp(seen[i], seen[j])) repeats++;
    CHECK(bad == 0, "%d characters outside the alphabet", bad);
    CHECK(repeats == 0, "%d repeated codes in 10,000", repeats);
    /* Every character of the alphabet is drawn (90,000 draws over 31: about 2,900 each). */
    for (const char *a = FEEDBACK_CODE_ALPHABET; *a; a++)
        CHECK(counts[(unsigned char)*a] > 2000 && counts[(unsigned char)*a] < 3800,
              "%c drawn %d times", *a, counts[(unsigned char)*a]);

    feedback_code_show("K7M4QX9TP", shown);
    CHECK_STR(shown, "K7M-4QX-9TP");
    static const struct { const char *in; const char *want; } parse[] = {
        {"K7M-4QX-9TP", "K7M4QX9TP"}, {"k7m 4qx 9tp", "K7M4QX9TP"}, {"K7M4QX9TP", "K7M4QX9TP"},
        {"K7M-4QX-9T", NULL}, {"K7M-4QX-9TPP", NULL}, {"K7M-4QX-9T0", NULL},
        {"K7M-4QX-9TO", NULL}, {"K7M-4QX-9T1", NULL}, {"K7M-4QX-9TI", NULL},
        {"K7M-4QX-9TL", NULL}, {"", NULL}, {"K7M/4QX/9TP", NULL}, {"K7M-4QX-9TP;--", NULL},
    };
    for (size_t i = 0; i < sizeof parse / sizeof parse[0]; i++) {
        bool ok = feedback_code_parse(parse[i].in, again);
        CHECK(ok == (parse[i].want != NULL), "parse \"%s\": %d", parse[i].in, ok);
        if (ok && parse[i].want) CHECK_STR(again, parse[i].want);
    }
    CHECK(!feedback_code_parse(NULL, again), "NULL is no code");
    feedback_code_new(code);
    feedback_code_show(code, shown);
    CHECK(feedback_code_parse(shown, again) && !strcmp(again, code), "shown form reads back");
}

static void kinds_and_fields(void)
{
    CHECK_STR(feedback_kind_name("phan_anh"), "Phản ánh");
    CHECK_STR(feedback_kind_name("kien_nghi"), "Kiến nghị");
    CHECK_STR(feedback_kind_name("sang_kien"), "Sáng kiến");
    CHECK_STR(feedback_kind_name("giai_phap"), "Giải pháp");
    CHECK(feedback_kind_name("khieu_nai") == NULL, "unknown kind");
    CHECK(feedback_kind_name(NULL) == NULL, "NULL kind");
    CHECK_STR(feedback_field_name("cds"), "Chuyển đổi số");
    CHECK(feedback_field_name("xyz") == NULL, "unknown field");
}

static void workflow(void)
{
    static const struct { const char *from, *to; bool ok; enum feedback_need need; } t[] = {
        {"received", "accepted", true, NEED_NOTHING},
        {"received", "rejected", true, NEED_REASON},
        {"accepted", "in_progress", true, NEED_NOTHING},
        {"accepted", "answered", true, NEED_ANSWER},
        {"in_progress", "answered", true, NEED_ANSWER},
        {"answered", "closed", true, NEED_NOTHING},
        {"rejected", "closed", true, NEED_NOTHING},
        {"received", "answered", false, NEED_NOTHING},
        {"received", "in_progress", false, NEED_NOTHING},
        {"received", "closed", false, NEED_NOTHING},
        {"accepted", "rejected", false, NEED_NOTHING},
        {"in_progress", "accepted", false, NEED_NOTHING},
        {"answered", "in_progress", false, NEED_NOTHING},
        {"closed", "received", false, NEED_NOTHING},
        {"closed", "answered", false, NEED_NOTHING},
        {"rejected", "accepted", false, NEED_NOTHING},
        {"received", "received", false, NEED_NOTHING},
        {"received", "bogus", false, NEED_NOTHING},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        enum feedback_need need = NEED_NOTHING;
        bool ok = feedback_transition(t[i].from, t[i].to, &need);
        CHECK(ok == t[i].ok, "%s -> %s: %d", t[i].from, t[i].to, ok);
        if (ok) CHECK(need == t[i].need, "%s -> %s needs %d, want %d", t[i].from, t[i].to, need,
                      t[i].need);
    }
    CHECK(feedback_open("received") && feedback_open("accepted") && feedback_open("in_progress"),
          "open statuses");
    CHECK(!feedback_open("answered") && !feedback_open("rejected") && !feedback_open("closed"),
          "closed statuses");
    CHECK(feedback_status_known("in_progress") && !feedback_status_known("done") &&
          !feedback_status_known(NULL), "known statuses");
}

static void deadlines(void)
{
    char due[CALENDAR_DATE_LEN];
    /* The calendar's own reading is tested in test_calendar.c; here the deadline of a
     * submission across weekends and holidays. */
    static const struct { const char *from; int days; const char *want; } t[] = {
        {"2026-11-24", 10, "2026-12-08"},   /* Tuesday + 10 working days: two weekends */
        {"2026-11-27", 1, "2026-11-30"},    /* Friday + 1: Monday */
        {"2026-11-28", 1, "2026-11-30"},    /* received on a Saturday: Monday is day 1 */
        {"2025-08-29", 1, "2025-09-03"},    /* Friday before 2/9: 1/9 and 2/9 are off */
        {"2026-04-24", 3, "2026-05-04"},    /* Giỗ Tổ 26/4 (Sunday, made up 27/4), 30/4, 1/5 */
        {"2026-11-24", 0, "2026-11-24"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        bool ok = feedback_due(t[i].from, t[i].days, NULL, 0, due);
        CHECK(ok, "due from %s + %d", t[i].from, t[i].days);
        if (ok) CHECK(!strcmp(due, t[i].want), "%s + %d: got %s, want %s", t[i].from, t[i].days,
                      due, t[i].want);
    }
    /* A compensatory day off the administrator added pushes the deadline by one day; a
     * Saturday made a working day pulls it in. */
    struct calendar_extra off = {.date = "2026-12-01", .name = "Nghỉ bù", .working = false};
    CHECK(feedback_due("2026-11-24", 10, &off, 1, due) && !strcmp(due, "2026-12-09"),
          "with a day off: %s", due);
    struct calendar_extra sat = {.date = "2026-11-28", .name = "Làm bù", .working = true};
    CHECK(feedback_due("2026-11-24", 10, &sat, 1, due) && !strcmp(due, "2026-12-07"),
          "with a working Saturday: %s", due);
    CHECK(!feedback_due("2026-02-30", 5, NULL, 0, due), "invalid date refused");
    CHECK(!feedback_due("2026-11-24", -1, NULL, 0, due), "negative days refused");

    /* Overdue: calendar days past the due day, for open items only. */
    CHECK(feedback_days_overdue("accepted", "2026-12-08", "2026-12-08") == 0, "due today");
    CHECK(feedback_days_overdue("accepted", "2026-12-08", "2026-12-09") == 1, "one day");
    CHECK(feedback_days_overdue("received", "2026-12-08", "2027-01-08") == 31, "a month");
    CHECK(feedback_days_overdue("answered", "2026-12-08", "2027-01-08") == 0, "answered");
    CHECK(feedback_days_overdue("closed", "2026-12-08", "2027-01-08") == 0, "closed");
    CHECK(feedback_days_overdue("accepted", "bad", "2027-01-08") == 0, "bad date");

    /* Working days taken: received Tuesday, answered the next Tuesday = 5. */
    CHECK(feedback_days_taken("2026-11-24", "2026-12-01", "2027-01-01", NULL, 0) == 5,
          "answered in 5 working days");
    CHECK(feedback_days_taken("2026-11-24", "", "2026-11-27", NULL, 0) == 3,
          "open: counted to today");
    CHECK(feedback_days_taken("2026-11-24", "2026-11-24", "2027-01-01", NULL, 0) == 0,
          "same day");
    CHECK(feedback_days_taken("2026-11-24", "", "2026-11-24", &off, 1) == 0, "today");
    CHECK(feedback_days_taken("bad", "", "2026-11-24", NULL, 0) == -1, "bad date");

    /* Urgency: the earlier due first, then the older item. */
    CHECK(feedback_urgency_cmp("2026-12-01", 9, "2026-12-02", 1) < 0, "earlier due first");
    CHECK(feedback_urgency_cmp("2026-12-01", 1, "2026-12-01", 2) < 0, "older first");
    CHECK(feedback_urgency_cmp("2026-12-03", 1, "2026-12-01", 2) > 0, "later due after");
    CHECK(feedback_urgency_cmp("2026-12-01", 2, "2026-12-01", 2) == 0, "same");
}

static void routing(void)
{
    /* Paths: /1/ nation, /1/40/ a province, /1/40/41/ a commune of it, /1/50/ another. */
    struct feedback_rule rules[] = {
        {.id = 1, .position = 100, .kind = "", .field = "", .concerns_path = "/1/40/"},
        {.id = 2, .position = 100, .kind = "", .field = "cds", .concerns_path = "/1/40/"},
        {.id = 3, .position = 100, .kind = "sang_kien", .field = "", .concerns_path = ""},
        {.id = 4, .position = 100, .kind = "", .field = "", .concerns_path = "/1/40/41/"},
        {.id = 5, .position = 50, .kind = "", .field = "khcn", .concerns_path = ""},
        {.id = 6, .position = 10, .kind = "", .field = "khcn", .concerns_path = NULL},
        {.id = 7, .position = 100, .kind = "giai_phap", .field = "cds", .concerns_path = "/1/50/"},
    };
    size_t n = sizeof rules / sizeof rules[0];
    static const struct { const char *kind, *field, *path; long want_id; } t[] = {
        {"phan_anh", "dvc", "/1/40/", 1},            /* the province's rule */
        {"phan_anh", "dvc", "/1/40/41/", 4},         /* the commune's own rule is deeper */
        {"phan_anh", "cds", "/1/40/41/", 2},         /* two criteria beat one, however deep */
        {"phan_anh", "cds", "/1/40/", 2},
        {"sang_kien", "dvc", "/1/50/", 3},           /* kind alone */
        {"sang_kien", "dvc", "/1/40/", 1},           /* ties of one criterion: the deeper */
        {"phan_anh", "khcn", "", 6},                 /* same criteria: the lower position */
        {"giai_phap", "cds", "/1/50/", 7},           /* three criteria */
        {"giai_phap", "cds", "/1/50/77/", 7},        /* below the concerns unit */
        {"giai_phap", "cds", "/1/5/", -1},           /* "/1/5/" is not under "/1/50/" */
        {"phan_anh", "dvc", "", -1},                 /* nothing matches: the caller decides */
        {"phan_anh", "dvc", "/1/500/", -1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int got = feedback_route_pick(rules, n, t[i].kind, t[i].field, t[i].path);
        long id = got < 0 ? -1 : rules[got].id;
        CHECK(id == t[i].want_id, "%s/%s/%s: rule %ld, want %ld", t[i].kind, t[i].field,
              t[i].path, id, t[i].want_id);
    }
    CHECK(feedback_route_pick(rules, 0, "phan_anh", "cds", "/1/") == -1, "no rules");
    /* Same criteria and position: the lower id (the older rule). */
    struct feedback_rule twins[] = {
        {.id = 9, .position = 1, .kind = "phan_anh"}, {.id = 8, .position = 1, .kind = "phan_anh"},
    };
    CHECK(feedback_route_pick(twins, 2, "phan_anh", "cds", "") == 1, "lower id wins");
}

static void duplicates(void)
{
    char a[65], b[65], c[65];
    CHECK(feedback_dup_key("Đường  ở xã   Hòa Bình hỏng nặng", a), "key a");
    CHECK(feedback_dup_key("duong o xa hoa binh hong nang ", b), "key b");
    CHECK(feedback_dup_key("Đường ở xã Hòa Bình hỏng nhẹ", c), "key c");
    CHECK(!strcmp(a, b), "folding and white space do not matter");
    CHECK(strcmp(a, c) != 0, "other words differ");
    CHECK(strlen(a) == 64, "hex SHA-256");
    CHECK(!feedback_dup_key("\xff\xfe", a), "invalid UTF-8 refused");
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    codes();
    kinds_and_fields();
    workflow();
    deadlines();
    routing();
    duplicates();
    return check_done("feedback");
}
