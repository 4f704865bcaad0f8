/* Rules of system 2; the contract of each function is in feedback.h. */
#include "feedback.h"
#include "text.h"
#include "util.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void feedback_code_new(char out[FEEDBACK_CODE_LEN])
{
    const size_t n = sizeof FEEDBACK_CODE_ALPHABET - 1;
    for (int i = 0; i < FEEDBACK_CODE_CHARS; i++)
        out[i] = FEEDBACK_CODE_ALPHABET[randombytes_uniform((uint32_t)n)];
    out[FEEDBACK_CODE_CHARS] = '\0';
}

bool feedback_code_parse(const char *in, char out[FEEDBACK_CODE_LEN])
{
    int n = 0;
    if (!in) return false;
    for (const char *p = in; *p; p++) {
        if (*p == '-' || *p == ' ') continue;
        char c = (char)toupper((unsigned char)*p);
        if (!strchr(FEEDBACK_CODE_ALPHABET, c) || n >= FEEDBACK_CODE_CHARS) return false;
        out[n++] = c;
    }
    out[n] = '\0';
    return n == FEEDBACK_CODE_CHARS;
}

void feedback_code_show(const char *code, char out[FEEDBACK_CODE_SHOWN])
{
    size_t len = strlen(code), o = 0;
    for (size_t i = 0; i < len && o < FEEDBACK_CODE_SHOWN - 1; i++) {
        if (i && i % 3 == 0 && o < FEEDBACK_CODE_SHOWN - 2) out[o++] = '-';
        out[o++] = code[i];
    }
    out[o] = '\0';
}

const char *const feedback_kinds[] = {"phan_anh", "kien_nghi", "sang_kien", "giai_phap", NULL};
static const char *const kind_names[] = {"Phản ánh", "Kiến nghị", "Sáng kiến", "Giải pháp"};

const char *feedback_kind_name(const char *code)
{
    for (int i = 0; code && feedback_kinds[i]; i++)
        if (!strcmp(code, feedback_kinds[i])) return kind_names[i];
    return NULL;
}

/* The fields of Resolution 57's scope, plus the public services people most often write about
 * and "other" so that nothing is refused for want of a field. */
const char *const feedback_fields[][2] = {
    {"khcn", "Khoa học, công nghệ"},
    {"dmst", "Đổi mới sáng tạo, khởi nghiệp"},
    {"cds", "Chuyển đổi số"},
    {"dvc", "Dịch vụ công, thủ tục hành chính"},
    {"hatang", "Hạ tầng số, viễn thông"},
    {"dulieu", "Dữ liệu, an toàn thông tin"},
    {"the_che", "Thể chế, chính sách"},
    {"nhan_luc", "Nhân lực, giáo dục, đào tạo"},
    {"doanh_nghiep", "Doanh nghiệp, đầu tư"},
    {"khac", "Khác"},
    {NULL, NULL},
};

const char *feedback_field_name(const char *code)
{
    for (int i = 0; code && feedback_fields[i][0]; i++)
        if (!strcmp(code, feedback_fields[i][0])) return feedback_fields[i][1];
    return NULL;
}

static const struct { const char *from, *to; enum feedback_need need; } steps[] = {
    {"received", "accepted", NEED_NOTHING},
    {"received", "rejected", NEED_REASON},
    {"accepted", "in_progress", NEED_NOTHING},
    {"accepted", "answered", NEED_ANSWER},
    {"in_progress", "answered", NEED_ANSWER},
    {"answered", "closed", NEED_NOTHING},
    {"rejected", "closed", NEED_NOTHING},
};

bool feedback_transition(const char *from, const char *to, enum feedback_need *need)
{
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (!strcmp(from, steps[i].from) && !strcmp(to, steps[i].to)) {
            if (need) *need = steps[i].need;
            return true;
        }
    return false;
}

bool feedback_status_known(const char *s)
{
    static const char *const all[] = {"received", "accepted", "rejected", "in_progress",
                                      "answered", "closed"};
    for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
        if (!strcmp(s, all[i])) return true;
    return false;
}

bool feedback_open(const char *s)
{
    return !strcmp(s, "received") || !strcmp(s, "accepted") || !strcmp(s, "in_progress");
}

bool feedback_due(const char *received_on, int days, const struct calendar_extra *extra,
                  size_t n_extra, char out[CALENDAR_DATE_LEN])
{
    return calendar_add_working_days(received_on, days, extra, n_extra, out);
}

/* Days between two valid ISO dates (B - A). */
static int date_diff(const char *a, const char *b)
{
    struct tm ta = {0}, tb = {0};
    sscanf(a, "%d-%d-%d", &ta.tm_year, &ta.tm_mon, &ta.tm_mday);
    sscanf(b, "%d-%d-%d", &tb.tm_year, &tb.tm_mon, &tb.tm_mday);
    ta.tm_year -= 1900; tb.tm_year -= 1900;
    ta.tm_mon -= 1; tb.tm_mon -= 1;
    ta.tm_hour = tb.tm_hour = 12;
    return (int)((timegm(&tb) - timegm(&ta)) / 86400);
}

int feedback_days_overdue(const char *status, const char *due, const char *today)
{
    if (!feedback_open(status) || !util_date_valid(due) || !util_date_valid(today)) return 0;
    int d = date_diff(due, today);
    return d > 0 ? d : 0;
}

int feedback_days_taken(const char *received_on, const char *answered_on, const char *today,
                        const struct calendar_extra *extra, size_t n_extra)
{
    const char *end = answered_on && *answered_on ? answered_on : today;
    int n;
    if (!calendar_working_days_between(received_on, end, extra, n_extra, &n)) return -1;
    return n < 0 ? 0 : n;
}

int feedback_urgency_cmp(const char *due_a, int64_t id_a, const char *due_b, int64_t id_b)
{
    int c = strcmp(due_a, due_b);     /* ISO dates: the earlier due is more urgent */
    if (c) return c;
    return id_a < id_b ? -1 : id_a > id_b;
}

static bool any(const char *s) { return !s || !*s; }

int feedback_route_pick(const struct feedback_rule *rules, size_t n, const char *kind,
                        const char *field, const char *concerns_path)
{
    int best = -1, best_score = -1;
    size_t best_depth = 0;
    for (size_t i = 0; i < n; i++) {
        const struct feedback_rule *r = &rules[i];
        if (!any(r->kind) && (!kind || strcmp(r->kind, kind))) continue;
        if (!any(r->field) && (!field || strcmp(r->field, field))) continue;
        size_t depth = any(r->concerns_path) ? 0 : strlen(r->concerns_path);
        if (depth && (!concerns_path || strncmp(concerns_path, r->concerns_path, depth)))
            continue;
        int score = !any(r->kind) + !any(r->field) + (depth > 0);
        bool better = best < 0 || score > best_score ||
                      (score == best_score && depth > best_depth) ||
                      (score == best_score && depth == best_depth &&
                       (r->position < rules[best].position ||
                        (r->position == rules[best].position && r->id < rules[best].id)));
        if (better) {
            best = (int)i;
            best_score = score;
            best_depth = depth;
        }
    }
    return best;
}

bool feedback_dup_key(const char *content, char out[65])
{
    char *folded = text_fold(content);
    if (!folded) return false;
    unsigned char digest[32];
    crypto_hash_sha256(digest, (const unsigned char *)folded, strlen(folded));
    free(folded);
    util_hex(digest, sizeof digest, out);
    return true;
}
