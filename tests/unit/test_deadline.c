/* The deadline reader: every written form of the seeds and its variants, every reason for
 * "unreadable", obligations and labels of recurring deadlines, and a robustness loop of 10,000
 * rounds of random bytes, random characters of the phrases and random mixes of the phrases
 * (run it under `make SAN=1 test-unit`). */
#include "check.h"
#include "deadline.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>

/* The invariants every result keeps, whatever the input. */
static void check_invariants(const char *text, const struct deadline *d)
{
    char line[256];
    deadline_describe(d, line, sizeof line);
    CHECK(line[0] != '\0', "describe is empty for \"%.60s\"", text);
    switch (d->kind) {
    case DEADLINE_DATE:
        CHECK(util_date_valid(d->due), "due \"%s\" is not a date for \"%.60s\"", d->due, text);
        CHECK(d->period == PERIOD_UNSPECIFIED && !d->reason[0], "stray fields for \"%.60s\"", text);
        break;
    case DEADLINE_RECURRING:
        CHECK(!d->due[0] && !d->reason[0], "stray fields for \"%.60s\"", text);
        CHECK(d->period >= PERIOD_MONTH && d->period <= PERIOD_UNSPECIFIED, "period %d",
              (int)d->period);
        break;
    case DEADLINE_NONE:
        CHECK(!d->due[0] && !d->reason[0] && d->period == PERIOD_UNSPECIFIED,
              "stray fields for \"%.60s\"", text);
        break;
    case DEADLINE_UNREADABLE:
        CHECK(d->reason[0] && !d->due[0] && !d->on_demand, "unreadable without a reason for "
              "\"%.60s\"", text);
        CHECK(strlen(d->reason) < sizeof d->reason, "reason not terminated");
        break;
    default: CHECK(0, "kind %d out of range for \"%.60s\"", (int)d->kind, text);
    }
}

static void parse_cases(void)
{
    /* Each case: the text as written and the one-line description of what it means. */
    static const struct { const char *text, *want; } cases[] = {
        /* a day: the SPEC's "trước ngày 15/7/2025" is due 15/7/2025 */
        {"trước ngày 15/7/2025", "due 2025-07-15"},
        {"Hoàn thành trước ngày 15/7/2025", "due 2025-07-15"},
        {"trước ngày 05/4/2025", "due 2025-04-05"},
        {"ngày 15/7/2025", "due 2025-07-15"},
        {"trước 15/7/2025", "due 2025-07-15"},
        {"15/7/2025", "due 2025-07-15"},
        {"1/7/2025", "due 2025-07-01"},
        {"01/07/2025", "due 2025-07-01"},
        {"trước ngày 9/12/2025", "due 2025-12-09"},
        {"15-7-2025", "due 2025-07-15"},
        {"15.7.2025", "due 2025-07-15"},
        {"2025-07-15", "due 2025-07-15"},
        {"ngày 15 tháng 7 năm 2025", "due 2025-07-15"},
        {"trước ngày 15 tháng 7/2025", "due 2025-07-15"},
        {"Hạn: 30/9/2025", "due 2025-09-30"},
        {"chậm nhất ngày 30/9/2025", "due 2025-09-30"},
        {"đến hết ngày 31/12/2025", "due 2025-12-31"},
        {"29/2/2024", "due 2024-02-29"},
        {"trước ngày 29/02/2000", "due 2000-02-29"},
        {"31/12/2025", "due 2025-12-31"},
        {"30/6/2025", "due 2025-06-30"},
        {"1/1/1900", "due 1900-01-01"},
        {"31/12/2199", "due 2199-12-31"},
        /* case and diacritics do not matter */
        {"TRƯỚC NGÀY 15/7/2025", "due 2025-07-15"},
        {"truoc ngay 15/7/2025", "due 2025-07-15"},
        {"Tru\xcc\x9bo\xcc\x9b\xcc\x81" "c nga\xcc\x80y 15/7/2025", "due 2025-07-15"},  /* NFD */
        /* inside longer sentences: the seeds' own */
        {"Văn phòng Trung ương Đảng - Cơ quan Thường trực Ban Chỉ đạo ban hành hướng dẫn chi tiết "
         "và đề xuất phương án tổ chức thực hiện Kế hoạch số 01-KH/BCĐTW. Hoàn thành trước ngày "
         "15/7/2025, trong đó làm rõ vai trò, trách nhiệm của từng chủ thể",
         "due 2025-07-15"},
        {"Gửi báo cáo kết quả việc quán triệt, tuyên truyền và triển khai thực hiện Nghị quyết "
         "**trước ngày 05/4/2025** về Ban Thường vụ Đảng ủy Khối",
         "due 2025-04-05"},
        /* a month: its last day */
        {"Hoàn thành trong tháng 8/2025", "due 2025-08-31"},
        {"trong tháng 7/2025", "due 2025-07-31"},
        {"Hoàn thành tháng 8/2025.", "due 2025-08-31"},
        {"Trình Thủ tướng trong tháng 10/2025.", "due 2025-10-31"},
        {"Nhiệm vụ này cần được hoàn thành và báo cáo Thường trực Ban Chỉ đạo trong tháng 7/2025.",
         "due 2025-07-31"},
        {"Báo cáo Thường trực Ban Chỉ đạo Trung ương cho ý kiến trước khi trình Thủ tướng Chính "
         "phủ xem xét, quyết định trong tháng 7/2025.",
         "due 2025-07-31"},
        {"Hoàn thành trong tháng 9/2025.", "due 2025-09-30"},
        {"trong tháng 11/2025", "due 2025-11-30"},
        {"trong tháng 12/2025", "due 2025-12-31"},
        {"trong tháng 9 năm 2025", "due 2025-09-30"},
        {"trong tháng 2/2024", "due 2024-02-29"},
        {"trong tháng 2/2025", "due 2025-02-28"},
        {"trong tháng 2/2100", "due 2100-02-28"},
        {"tháng 4/2025", "due 2025-04-30"},
        {"trước tháng 8/2025", "due 2025-07-31"},       /* before August: by the end of July */
        {"trước tháng 1/2026", "due 2025-12-31"},
        {"theo lộ trình giai đoạn từ 01/7/2025 đến hết tháng 12/2025", "due 2025-12-31"},
        /* a quarter, a half-year, a year: their last day */
        {"Quý I/2025", "due 2025-03-31"},
        {"Quý II/2025", "due 2025-06-30"},
        {"Quý III/2025", "due 2025-09-30"},
        {"Quý IV/2025", "due 2025-12-31"},
        {"quý 1/2025", "due 2025-03-31"},
        {"quý 2/2025", "due 2025-06-30"},
        {"quý 3/2025", "due 2025-09-30"},
        {"quý 4/2025", "due 2025-12-31"},
        {"quý III năm 2025", "due 2025-09-30"},
        {"Quí II/2025", "due 2025-06-30"},
        {"- Thời gian: Hoàn thành trong Quý I/2025.", "due 2025-03-31"},
        {"trước Quý III/2025", "due 2025-06-30"},
        {"trước quý I/2026", "due 2025-12-31"},
        {"6 tháng đầu năm 2025", "due 2025-06-30"},
        {"6 tháng cuối năm 2025", "due 2025-12-31"},
        {"sáu tháng đầu năm 2025", "due 2025-06-30"},
        {"Hoàn thành trong 6 tháng cuối năm 2025", "due 2025-12-31"},
        {"trước 6 tháng cuối năm 2025", "due 2025-06-30"},
        {"trong năm 2025", "due 2025-12-31"},
        {"năm 2025", "due 2025-12-31"},
        {"Hoàn thành năm 2026", "due 2026-12-31"},
        {"trước năm 2026", "due 2025-12-31"},
        {"bảo đảm mục tiêu trong năm 2025 tháo gỡ những khó khăn", "due 2025-12-31"},
        /* marked phrases outrank bare dates; the same date twice is one date */
        {"triển khai Chiến lược thu hút nhân tài đến năm 2030, tầm nhìn 2050. Hoàn thành trong "
         "tháng 9/2025.",
         "due 2025-09-30"},
        {"Kế hoạch số 02-KH/BCĐTW, ngày 19/6/2025; hoàn thành trước ngày 15/7/2025",
         "due 2025-07-15"},
        {"trước ngày 15/7/2025; hoàn thành trước ngày 15/7/2025", "due 2025-07-15"},
        {"trong tháng 7/2025, trước ngày 31/7/2025", "due 2025-07-31"},
        {"Thường xuyên rà soát; hoàn thành trước ngày 15/7/2025", "due 2025-07-15"},
        {"Hội nghị 6 tháng đầu năm và 6 tháng cuối năm 2025", "due 2025-12-31"},
        {"Thành phố Hà Nội, ngày 04 tháng 7 năm 2025", "due 2025-07-04"},
        {"mỗi năm 2025", "due 2025-12-31"},            /* "mỗi năm" + a number: not a schedule */
        /* on demand with a date */
        {"Báo cáo đột xuất, hoàn thành trước ngày 15/7/2025", "due 2025-07-15 and on demand"},

        /* recurring */
        {"Hằng tháng báo cáo Thường trực Ban Chỉ đạo kết quả thực hiện.", "recurring monthly"},
        {"Định kỳ hằng tháng báo cáo Thường trực Ban Chỉ đạo.", "recurring monthly"},
        {"hàng tháng", "recurring monthly"},
        {"mỗi tháng một lần", "recurring monthly"},
        {"HẰNG THÁNG", "recurring monthly"},
        {"hằng quý", "recurring quarterly"},
        {"Định kỳ hằng quý báo cáo", "recurring quarterly"},
        {"hàng quý", "recurring quarterly"},
        {"mỗi quý", "recurring quarterly"},
        {"hằng quí", "recurring quarterly"},
        {"định kỳ 6 tháng", "recurring six-monthly"},
        {"định kì 6 tháng", "recurring six-monthly"},
        {"Định kỳ sáu tháng báo cáo", "recurring six-monthly"},
        {"6 tháng một lần", "recurring six-monthly"},
        {"mỗi 6 tháng", "recurring six-monthly"},
        {"hằng năm", "recurring yearly"},
        {"Định kỳ hằng năm", "recurring yearly"},
        {"mỗi năm", "recurring yearly"},
        {"định kỳ và đột xuất", "recurring (period not stated) and on demand"},
        {"Báo cáo Thường trực Ban Chỉ đạo định kỳ và đột xuất.",
         "recurring (period not stated) and on demand"},
        {"định kỳ", "recurring (period not stated)"},
        {"Định kỳ hằng tháng và đột xuất", "recurring monthly and on demand"},
        {"định kỳ 6 tháng và khi có yêu cầu", "recurring six-monthly and on demand"},
        {"Thường xuyên; hằng tháng báo cáo", "recurring monthly"},
        {"Hằng tháng báo cáo theo Nghị quyết số 71/NQ-CP ngày 01/4/2025", "recurring monthly"},
        {"Hằng tháng báo cáo, ngày 04/7/2025", "recurring monthly"},   /* bare date ignored */

        /* no deadline */
        {"thường xuyên", "none"},
        {"Thường xuyên", "none"},
        {"liên tục", "none"},
        {"", "none"},
        {"   ", "none"},
        {" \t\n ", "none"},
        {"Thường xuyên; theo Nghị quyết 57-NQ/TW ngày 22/12/2024", "none"},
        {"Thực hiện thường xuyên, ngày 04/7/2025", "none"},
        {"báo cáo đột xuất", "on demand only"},
        {"khi có yêu cầu", "on demand only"},

        /* unreadable, with the reason */
        {"31/2/2025", "unreadable: 31/2/2025 is not a date"},
        {"15/13/2025", "unreadable: 15/13/2025 is not a date"},
        {"0/7/2025", "unreadable: 0/7/2025 is not a date"},
        {"31/4/2025", "unreadable: 31/4/2025 is not a date"},
        {"29/2/2025", "unreadable: 29/2/2025 is not a date"},
        {"trước ngày 29/02/2100", "unreadable: 29/02/2100 is not a date"},
        {"2025-02-30", "unreadable: 2025-02-30 is not a date"},
        {"2025-13-01", "unreadable: 2025-13-01 is not a date"},
        {"trước ngày 31 tháng 2 năm 2025", "unreadable: 31/2/2025 is not a date"},
        {"Hoàn thành trước ngày 31/2/2025; trong tháng 8/2025",
         "unreadable: 31/2/2025 is not a date"},
        {"15/7/1899", "unreadable: 15/7/1899 is outside the years 1900-2199"},
        {"năm 2200", "unreadable: year 2200 is outside the years 1900-2199"},
        {"trước năm 1900", "unreadable: before year 1900 is outside the years 1900-2199"},
        {"trong tháng 13/2025", "unreadable: month 13/2025 does not exist"},
        {"tháng 0/2025", "unreadable: month 0/2025 does not exist"},
        {"quý V/2025", "unreadable: quarter V/2025 does not exist"},
        {"quý 5/2025", "unreadable: quarter 5/2025 does not exist"},
        {"Quý IIII/2025", "unreadable: quarter IIII/2025 does not exist"},
        {"trong tháng 8", "unreadable: month 8 has no year"},
        {"Hoàn thành trong tháng 8.", "unreadable: month 8 has no year"},
        {"trước ngày 15/7", "unreadable: 15/7 has no year"},
        {"trước ngày 15 tháng 7", "unreadable: 15/7 has no year"},
        {"trong quý I", "unreadable: quarter I has no year"},
        {"trong 6 tháng đầu năm", "unreadable: the first half of the year has no year"},
        {"trong 6 tháng cuối năm", "unreadable: the second half of the year has no year"},
        {"trong tháng 8; trước ngày 15/7/2025", "unreadable: month 8 has no year"},
        {"trước ngày 15/7/2025 và trước ngày 20/7/2025",
         "unreadable: two different dates: 15/7/2025 and 20/7/2025"},
        {"ngày 15/7/2025 hoặc ngày 20/7/2025",
         "unreadable: two different dates: 15/7/2025 and 20/7/2025"},
        {"trong tháng 7/2025 hoặc trong Quý III/2025",
         "unreadable: two different dates: month 7/2025 and quarter III/2025"},
        {"năm 2025, ngày 15/7/2025", "unreadable: two different dates: year 2025 and 15/7/2025"},
        {"Hằng tháng báo cáo, hoàn thành trước ngày 15/7/2025",
         "unreadable: both a date (15/7/2025) and a recurring schedule"},
        {"định kỳ 6 tháng đầu năm 2025",
         "unreadable: both a date (first half of 2025) and a recurring schedule"},
        {"hằng tuần", "unreadable: weekly reporting is not a supported period (monthly, "
                      "quarterly, six-monthly, yearly)"},
        {"báo cáo hằng ngày", "unreadable: daily reporting is not a supported period (monthly, "
                              "quarterly, six-monthly, yearly)"},
        {"định kỳ 6 tháng, hằng năm", "unreadable: two different periods: six-monthly and yearly"},
        {"hằng tháng và hằng quý", "unreadable: two different periods: monthly and quarterly"},
        {"abc", "unreadable: no deadline phrase found"},
        {"Nhiệm vụ trọng tâm", "unreadable: no deadline phrase found"},
        {"ngày 15/7", "unreadable: no deadline phrase found"},
        {"Hội nghị tháng 8", "unreadable: no deadline phrase found"},
        {"15/7/20251", "unreadable: no deadline phrase found"},
        {"Việt Nam 2025", "unreadable: no deadline phrase found"},
        {"Quỹ phát triển khoa học", "unreadable: no deadline phrase found"},
        {"quy chế hoạt động", "unreadable: no deadline phrase found"},
        {"Nghị quyết số 71/NQ-CP ngày 01/4/2025", "unreadable: no deadline phrase found"},
        {"Kế hoạch số 01-KH/BCĐTW, ngày 02/6/2025", "unreadable: no deadline phrase found"},
        {"từ ngày 01/7/2025", "unreadable: no deadline phrase found"},
        {"\xff\xfe", "unreadable: the text is not valid UTF-8 or holds control characters"},
        {"trước ngày 15/7/2025\x01", "unreadable: the text is not valid UTF-8 or holds control "
                                      "characters"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct deadline d;
        char line[256];
        deadline_parse(cases[i].text, &d);
        deadline_describe(&d, line, sizeof line);
        CHECK(strcmp(line, cases[i].want) == 0, "\"%s\": got \"%s\", want \"%s\"", cases[i].text,
              line, cases[i].want);
        check_invariants(cases[i].text, &d);
    }

    /* The fields behind the descriptions. */
    struct deadline d;
    deadline_parse("Hoàn thành trong tháng 8/2025", &d);
    CHECK(d.kind == DEADLINE_DATE && !strcmp(d.due, "2025-08-31") && !d.on_demand, "fields of a date");
    deadline_parse("định kỳ và đột xuất", &d);
    CHECK(d.kind == DEADLINE_RECURRING && d.period == PERIOD_UNSPECIFIED && d.on_demand,
          "fields of định kỳ và đột xuất");
    deadline_parse("định kỳ 6 tháng", &d);
    CHECK(d.kind == DEADLINE_RECURRING && d.period == PERIOD_HALF_YEAR && !d.on_demand,
          "fields of định kỳ 6 tháng");
    deadline_parse(NULL, &d);
    CHECK(d.kind == DEADLINE_NONE, "NULL text is no deadline");
    deadline_parse("31/2/2025", &d);
    CHECK(d.kind == DEADLINE_UNREADABLE, "impossible date");
    CHECK_STR(d.reason, "31/2/2025 is not a date");

    /* A text longer than the cap is refused whole; one at the cap is read. */
    size_t cap = DEADLINE_MAX_TEXT;
    char *big = malloc(cap + 2);
    memset(big, ' ', cap + 1);
    memcpy(big + cap - 20, "trong tháng 8/2025", strlen("trong tháng 8/2025"));
    big[cap] = '\0';
    deadline_parse(big, &d);
    CHECK(d.kind == DEADLINE_DATE && !strcmp(d.due, "2025-08-31"), "text at the cap");
    big[cap] = ' ';
    big[cap + 1] = '\0';
    deadline_parse(big, &d);
    CHECK(d.kind == DEADLINE_UNREADABLE, "text over the cap");
    CHECK_STR(d.reason, "the text is longer than 65536 bytes");
    free(big);
}

static void describe_cases(void)
{
    struct deadline d = {.kind = DEADLINE_RECURRING, .period = PERIOD_HALF_YEAR, .on_demand = true};
    char buf[64];
    deadline_describe(&d, buf, sizeof buf);
    CHECK_STR(buf, "recurring six-monthly and on demand");
    deadline_describe(&d, buf, 10);                  /* truncated, still terminated */
    CHECK_STR(buf, "recurring");
    buf[0] = 'x';
    deadline_describe(&d, buf, 0);                   /* nothing written */
    CHECK(buf[0] == 'x', "cap 0 writes nothing");
    d.period = PERIOD_QUARTER;
    d.on_demand = false;
    deadline_describe(&d, buf, sizeof buf);
    CHECK_STR(buf, "recurring quarterly");
    d.period = PERIOD_YEAR;
    deadline_describe(&d, buf, sizeof buf);
    CHECK_STR(buf, "recurring yearly");

    static const struct { enum deadline_period p; const char *name, *code; } periods[] = {
        {PERIOD_MONTH, "monthly", "month"},          {PERIOD_QUARTER, "quarterly", "quarter"},
        {PERIOD_HALF_YEAR, "six-monthly", "half_year"}, {PERIOD_YEAR, "yearly", "year"},
        {PERIOD_UNSPECIFIED, "unspecified", ""},
    };
    for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
        CHECK_STR(deadline_period_name(periods[i].p), periods[i].name);
        CHECK_STR(deadline_period_code(periods[i].p), periods[i].code);
    }
    static const struct { enum deadline_kind k; const char *code; } kinds[] = {
        {DEADLINE_DATE, "date"}, {DEADLINE_RECURRING, "recurring"}, {DEADLINE_NONE, "none"},
        {DEADLINE_UNREADABLE, "unreadable"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        CHECK_STR(deadline_kind_code(kinds[i].k), kinds[i].code);
}

static void obligation_cases(void)
{
    static const struct {
        enum deadline_period period;
        const char *from, *to;
        int max, count;
        const char *dues[8];
    } cases[] = {
        /* a monthly report owed from the notice of 4/7/2025 to the end of the year */
        {PERIOD_MONTH, "2025-07-04", "2025-12-31", 12, 6,
         {"2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31"}},
        {PERIOD_MONTH, "2025-07-04", "2025-12-15", 12, 6,   /* up to the period containing TO */
         {"2025-07-31", "2025-08-31", "2025-09-30", "2025-10-31", "2025-11-30", "2025-12-31"}},
        {PERIOD_MONTH, "2024-01-15", "2024-03-01", 12, 3, {"2024-01-31", "2024-02-29", "2024-03-31"}},
        {PERIOD_MONTH, "2025-12-01", "2026-02-10", 12, 3, {"2025-12-31", "2026-01-31", "2026-02-28"}},
        {PERIOD_MONTH, "2025-07-31", "2025-07-31", 12, 1, {"2025-07-31"}},
        {PERIOD_MONTH, "2025-01-01", "2025-12-31", 3, 3, {"2025-01-31", "2025-02-28", "2025-03-31"}},
        {PERIOD_QUARTER, "2025-07-04", "2026-03-31", 12, 3, {"2025-09-30", "2025-12-31", "2026-03-31"}},
        {PERIOD_QUARTER, "2025-02-15", "2025-02-15", 12, 1, {"2025-03-31"}},
        {PERIOD_QUARTER, "2025-01-01", "2025-12-31", 12, 4,
         {"2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"}},
        {PERIOD_HALF_YEAR, "2025-07-04", "2026-12-31", 12, 3, {"2025-12-31", "2026-06-30", "2026-12-31"}},
        {PERIOD_HALF_YEAR, "2025-03-01", "2025-07-01", 12, 2, {"2025-06-30", "2025-12-31"}},
        {PERIOD_YEAR, "2025-07-04", "2027-01-01", 12, 3, {"2025-12-31", "2026-12-31", "2027-12-31"}},
        {PERIOD_YEAR, "2199-01-01", "2199-12-31", 12, 1, {"2199-12-31"}},
        /* nothing owed */
        {PERIOD_MONTH, "2025-12-31", "2025-07-04", 12, 0, {NULL}},     /* FROM after TO */
        {PERIOD_MONTH, "2025-02-30", "2025-07-04", 12, 0, {NULL}},     /* invalid FROM */
        {PERIOD_MONTH, "2025-07-04", "", 12, 0, {NULL}},               /* invalid TO */
        {PERIOD_MONTH, "2025-07-04", "2025-12-31", 0, 0, {NULL}},      /* MAX 0 */
        {PERIOD_UNSPECIFIED, "2025-07-04", "2025-12-31", 12, 0, {NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct deadline d = {.kind = DEADLINE_RECURRING, .period = cases[i].period};
        char out[12][DEADLINE_DATE_LEN];
        int n = deadline_obligations(&d, cases[i].from, cases[i].to, out, cases[i].max);
        CHECK(n == cases[i].count, "case %zu: %d obligations, want %d", i, n, cases[i].count);
        for (int k = 0; k < n && k < cases[i].count; k++) CHECK_STR(out[k], cases[i].dues[k]);
    }
    struct deadline date = {.kind = DEADLINE_DATE, .due = "2025-07-15"};
    char out[4][DEADLINE_DATE_LEN];
    CHECK(deadline_obligations(&date, "2025-01-01", "2025-12-31", out, 4) == 0, "a date owes none");
    struct deadline monthly = {.kind = DEADLINE_RECURRING, .period = PERIOD_MONTH};
    CHECK(deadline_obligations(&monthly, "2025-01-01", "2025-12-31", NULL, 4) == 0, "NULL out");
    CHECK(deadline_obligations(NULL, "2025-01-01", "2025-12-31", out, 4) == 0, "NULL deadline");

    /* The parsed seeds' monthly report, end to end. */
    struct deadline parsed;
    deadline_parse("Hằng tháng báo cáo Thường trực Ban Chỉ đạo kết quả thực hiện.", &parsed);
    CHECK(deadline_obligations(&parsed, "2025-07-04", "2025-12-31", out, 4) == 4, "capped at 4");
    CHECK_STR(out[3], "2025-10-31");
}

static void label_cases(void)
{
    static const struct {
        enum deadline_kind kind;
        enum deadline_period period;
        const char *due, *label, *start;
    } cases[] = {
        {DEADLINE_RECURRING, PERIOD_MONTH, "2025-07-31", "2025-07", "2025-07-01"},
        {DEADLINE_RECURRING, PERIOD_MONTH, "2024-02-29", "2024-02", "2024-02-01"},
        {DEADLINE_RECURRING, PERIOD_QUARTER, "2025-03-31", "2025-Q1", "2025-01-01"},
        {DEADLINE_RECURRING, PERIOD_QUARTER, "2025-06-30", "2025-Q2", "2025-04-01"},
        {DEADLINE_RECURRING, PERIOD_QUARTER, "2025-09-30", "2025-Q3", "2025-07-01"},
        {DEADLINE_RECURRING, PERIOD_QUARTER, "2025-12-31", "2025-Q4", "2025-10-01"},
        {DEADLINE_RECURRING, PERIOD_HALF_YEAR, "2025-06-30", "2025-H1", "2025-01-01"},
        {DEADLINE_RECURRING, PERIOD_HALF_YEAR, "2025-12-31", "2025-H2", "2025-07-01"},
        {DEADLINE_RECURRING, PERIOD_YEAR, "2025-12-31", "2025", "2025-01-01"},
        {DEADLINE_RECURRING, PERIOD_UNSPECIFIED, "2025-12-31", "", ""},
        {DEADLINE_RECURRING, PERIOD_MONTH, "2025-02-30", "", ""},
        {DEADLINE_RECURRING, PERIOD_MONTH, NULL, "", ""},
        {DEADLINE_DATE, PERIOD_UNSPECIFIED, "2025-07-15", "", ""},
        {DEADLINE_NONE, PERIOD_MONTH, "2025-07-15", "", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct deadline d = {.kind = cases[i].kind, .period = cases[i].period};
        char label[16], start[DEADLINE_DATE_LEN];
        deadline_period_label(&d, cases[i].due, label, sizeof label);
        CHECK_STR(label, cases[i].label);
        deadline_period_start(&d, cases[i].due, start);
        CHECK_STR(start, cases[i].start);
    }
    struct deadline q = {.kind = DEADLINE_RECURRING, .period = PERIOD_QUARTER};
    char small[5];
    deadline_period_label(&q, "2025-09-30", small, sizeof small);
    CHECK_STR(small, "2025");                        /* truncated to the cap */
}

/* xorshift64: a fixed seed, so that a failure is reproducible. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void robustness(void)
{
    static const char *pieces[] = {
        "trước ngày ", "ngày ", "trong tháng ", "tháng ", "Hoàn thành ", "Quý ", "quý ", "năm ",
        "trong năm ", "6 tháng đầu năm ", "6 tháng cuối năm ", "Hằng tháng", "hằng quý",
        "định kỳ", "Định kỳ 6 tháng", "và đột xuất", "thường xuyên", "liên tục", "hằng tuần",
        "I", "II", "III", "IV", "V", "/", "-", ".", " ", ",", ":", "15", "7", "2025", "31", "2",
        "29", "13", "0", "2024", "1899", "2200", "99999", "Việt Nam", "số 71/NQ-CP", "từ ",
        "đến hết ", "trước ", "chậm nhất ", "Hạn: ", "đ", "Đ", "\xcc\x81", "\xe2\x80\x93", "ạ",
        "sáu tháng", "mỗi", "hàng năm", "khi có yêu cầu", "**", "(", ")", "\n", "\t",
    };
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    char text[512];
    int kinds[4] = {0, 0, 0, 0};
    for (int round = 0; round < 10000; round++) {
        /* random bytes, any value but NUL */
        size_t len = rng() % 80;
        for (size_t i = 0; i < len; i++) text[i] = (char)(1 + rng() % 255);
        text[len] = '\0';
        struct deadline d;
        deadline_parse(text, &d);
        check_invariants("(random bytes)", &d);

        /* random characters of the phrases (valid UTF-8, so the scanner runs on them) */
        static const char alphabet[] = "0123456789/-.: ,thangmquyivdkcxoe";
        len = rng() % 80;
        for (size_t i = 0; i < len; i++) text[i] = alphabet[rng() % (sizeof alphabet - 1)];
        text[len] = '\0';
        deadline_parse(text, &d);
        check_invariants(text, &d);

        /* a random mix of the phrases */
        size_t n = 0, count = 1 + rng() % 12;
        for (size_t k = 0; k < count; k++) {
            const char *p = pieces[rng() % npieces];
            size_t pl = strlen(p);
            if (n + pl >= sizeof text) break;
            memcpy(text + n, p, pl);
            n += pl;
        }
        text[n] = '\0';
        deadline_parse(text, &d);
        check_invariants(text, &d);
        if (d.kind >= DEADLINE_DATE && d.kind <= DEADLINE_UNREADABLE) kinds[d.kind]++;
        char dues[8][DEADLINE_DATE_LEN], label[16];
        int k = deadline_obligations(&d, "2025-01-01", "2026-12-31", dues, 8);
        CHECK(k >= 0 && k <= 8, "obligations %d", k);
        for (int j = 0; j < k; j++) {
            CHECK(util_date_valid(dues[j]), "obligation %s", dues[j]);
            deadline_period_label(&d, dues[j], label, sizeof label);
            CHECK(label[0] != '\0', "label of %s", dues[j]);
        }
    }
    /* The mixes reach every kind, so the loop exercises every outcome. */
    for (int k = 0; k < 4; k++) CHECK(kinds[k] > 0, "kind %d never produced", k);
}

int main(void)
{
    parse_cases();
    describe_cases();
    obligation_cases();
    label_cases();
    robustness();
    return check_done("deadline");
}
