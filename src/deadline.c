/* The deadline reader. The text is folded first (text_fold: no diacritics, lower case, single
 * spaces), so "Hằng tháng", "hàng tháng" and "HẰNG THÁNG" are all "hang thang", then scanned
 * left to right once. Each phrase found is recorded as a finding:
 *
 *   - a date (a day, or the end of a month, quarter, half-year or year), in one of two tiers:
 *     "marked" when a deadline word stands right before it (trước, trong, hoàn thành, hạn,
 *     chậm nhất, hết, xong; "ngày" may sit between), "bare" otherwise. Bare dates are read only
 *     when the text has nothing marked at all, because in documents a bare date usually cites
 *     another document rather than sets a deadline. Dates right after a document symbol
 *     ("Nghị quyết số 71/NQ-CP ngày 01/4/2025") or after "từ" (a start) are skipped;
 *   - an impossible date ("31/2/2025"), always fatal;
 *   - a marked date without a year ("trong tháng 8"), fatal in the tier it is read from;
 *   - schedule words: a period ("hằng tháng", "hằng quý", "định kỳ 6 tháng", "hằng năm"),
 *     "định kỳ" (recurring), "đột xuất" (on demand), "thường xuyên"/"liên tục" (continuous),
 *     and the unsupported "hằng tuần"/"hằng ngày".
 *
 * Then one decision (resolve) turns the findings into the result, refusing to choose between
 * two readings: two different dates, a date and a schedule, or two periods are unreadable with
 * both named. No heap use besides text_fold's copy; no I/O. */
#include "deadline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define WRITTEN_LEN 48    /* a finding as the reason names it: "15/7/2025", "quarter I/2025" */
#define YEAR_MIN 1900     /* the years util_date_valid accepts */
#define YEAR_MAX 2199

/* ---- Calendar arithmetic on (year, month, day) ---- */

static bool leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

static bool year_in_range(int y) { return y >= YEAR_MIN && y <= YEAR_MAX; }

/* Writes a date known to be in range as "YYYY-MM-DD" without snprintf, so that the compiler
 * need not prove the width. */
static void iso_write(int y, int m, int d, char out[DEADLINE_DATE_LEN])
{
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

/* Parses a valid ISO date; false for anything else (including NULL). */
static bool iso_read(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return year_in_range(*y) && *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

/* ---- Findings ---- */

/* What stands before a date: nothing special (bare), a deadline word, "trước", or something
 * that makes it not a deadline at all (a start "từ 01/7/2025", or the date of a cited
 * document "Nghị quyết số 71/NQ-CP ngày 01/4/2025"), which is skipped. */
enum marker { MARK_NONE, MARK_BY, MARK_BEFORE, MARK_IGNORE };
enum { TIER_IGNORED = -1, TIER_BARE, TIER_MARKED };

static int tier_of(enum marker mark)
{
    return mark == MARK_IGNORE ? TIER_IGNORED : mark == MARK_NONE ? TIER_BARE : TIER_MARKED;
}

struct tier {
    bool has_date;
    char due[DEADLINE_DATE_LEN];
    char written[WRITTEN_LEN];
    bool conflict;                     /* a second, different date was found */
    char other[WRITTEN_LEN];
    char incomplete[DEADLINE_REASON_LEN];  /* first "has no year", empty if none */
};

struct scan {
    const char *s;                     /* the folded text */
    struct tier tier[2];
    char invalid[DEADLINE_REASON_LEN]; /* first impossible date, empty if none */
    unsigned periods;                  /* bit (1 << period) per period word found */
    bool periodic;                     /* "định kỳ" */
    const char *unsupported;           /* "weekly" or "daily" when such words were found */
    bool on_demand;
    bool continuous;
};

static void found_invalid(struct scan *sc, int tier, const char *reason)
{
    if (tier != TIER_IGNORED && !sc->invalid[0]) snprintf(sc->invalid, sizeof sc->invalid, "%s", reason);
}

static void found_incomplete(struct scan *sc, int tier, const char *reason)
{
    struct tier *t = &sc->tier[tier];
    if (!t->incomplete[0]) snprintf(t->incomplete, sizeof t->incomplete, "%s", reason);
}

/* Records a date, checking the year; WRITTEN names it in reasons. */
static void found_date(struct scan *sc, int tier, int y, int m, int d, const char *written)
{
    if (tier == TIER_IGNORED) return;
    if (!year_in_range(y)) {
        char reason[DEADLINE_REASON_LEN];
        snprintf(reason, sizeof reason, "%s is outside the years 1900-2199", written);
        found_invalid(sc, tier, reason);
        return;
    }
    struct tier *t = &sc->tier[tier];
    char due[DEADLINE_DATE_LEN];
    iso_write(y, m, d, due);
    if (!t->has_date) {
        t->has_date = true;
        memcpy(t->due, due, sizeof due);
        snprintf(t->written, sizeof t->written, "%s", written);
    } else if (strcmp(t->due, due) != 0 && !t->conflict) {
        t->conflict = true;
        snprintf(t->other, sizeof t->other, "%s", written);
    }
}

/* Records the end of a period: the month M of year Y ends a period of SPAN months (1, 3, 6, 12)
 * that began in month M - SPAN + 1. "Before" the period means the day before it begins. */
static void found_period_end(struct scan *sc, int tier, enum marker mark, int y, int m, int span,
                             const char *written)
{
    if (mark == MARK_BEFORE) {
        char before[WRITTEN_LEN + 8];
        snprintf(before, sizeof before, "before %s", written);
        int first = m - span + 1;      /* the period's first month, 1..12 */
        if (first == 1)
            found_date(sc, tier, y - 1, 12, 31, before);
        else
            found_date(sc, tier, y, first - 1, days_in_month(y, first - 1), before);
    } else {
        found_date(sc, tier, y, m, days_in_month(y, m), written);
    }
}

/* ---- Scanning helpers on the folded text ---- */

static bool is_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Length of WORDS when the text at I starts with it and a word ends there; 0 otherwise. */
static size_t match_words(const char *s, size_t i, const char *words)
{
    size_t n = strlen(words);
    if (strncmp(s + i, words, n) != 0 || is_word_char(s[i + n])) return 0;
    return n;
}

/* Like match_words but without requiring a word end (for "thang " followed by a number). */
static bool match_prefix(const char *s, size_t i, const char *prefix)
{
    return strncmp(s + i, prefix, strlen(prefix)) == 0;
}

/* Reads MIN..MAX digits at *I (and no more digits after them) into *VALUE, advancing *I. */
static bool read_number(const char *s, size_t *i, int min, int max, int *value)
{
    size_t j = *i;
    int v = 0, n = 0;
    while (is_digit(s[j]) && n <= max) {
        v = v * 10 + (s[j] - '0');
        j++;
        n++;
    }
    if (n < min || n > max) return false;
    *i = j;
    *value = v;
    return true;
}

/* True when the text before position Q ends with the whole word(s) W. */
static bool ends_with_words(const char *s, size_t q, const char *w)
{
    size_t n = strlen(w);
    return q >= n && memcmp(s + q - n, w, n) == 0 && (q == n || !is_word_char(s[q - n - 1]));
}

static size_t skip_back_blanks(const char *s, size_t q)
{
    while (q > 0 && (s[q - 1] == ' ' || s[q - 1] == ':' || s[q - 1] == ',')) q--;
    return q;
}

/* True when the word ending at Q is a document symbol: digits and letters joined by '/'
 * ("71/nq-cp", "01-kh/bcdtw", "57-nq/tw"). */
static bool symbol_before(const char *s, size_t q)
{
    size_t b = q;
    while (b > 0 && s[b - 1] != ' ') b--;
    bool digit = false, letter = false, slash = false;
    for (size_t k = b; k < q; k++) {
        if (is_digit(s[k])) digit = true;
        else if (is_word_char(s[k])) letter = true;
        else if (s[k] == '/') slash = true;
    }
    return digit && letter && slash;
}

/* The deadline word right before position I, if any, looking through one "ngay" ("trước
 * ngày 15/7/2025"), or MARK_IGNORE after "từ" or a document symbol. *AFTER_NGAY says whether
 * "ngày" stood right before I. */
static enum marker marker_before(const char *s, size_t i, bool *after_ngay)
{
    static const struct { const char *words; enum marker mark; } markers[] = {
        {"truoc", MARK_BEFORE}, {"trong", MARK_BY},  {"hoan thanh", MARK_BY},
        {"han", MARK_BY},       {"han chot", MARK_BY}, {"cham nhat", MARK_BY},
        {"muon nhat", MARK_BY}, {"het", MARK_BY},    {"xong", MARK_BY},
        /* a date right after "định kỳ" ("định kỳ 6 tháng đầu năm 2025") is marked, so that it
         * meets the schedule and the text is unreadable rather than half read */
        {"dinh ky", MARK_BY},   {"dinh ki", MARK_BY},
    };
    size_t q = skip_back_blanks(s, i);
    *after_ngay = false;
    if (ends_with_words(s, q, "ngay")) {
        *after_ngay = true;
        q = skip_back_blanks(s, q - 4);
    }
    for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++)
        if (ends_with_words(s, q, markers[k].words)) return markers[k].mark;
    if (ends_with_words(s, q, "tu") || symbol_before(s, q)) return MARK_IGNORE;
    return MARK_NONE;
}

/* A date ends where no word and no further "/digit" follows ("15/7/20251" is not a date). */
static bool date_ends(const char *s, size_t j)
{
    if (is_word_char(s[j])) return false;
    if ((s[j] == '/' || s[j] == '-' || s[j] == '.') && is_digit(s[j + 1])) return false;
    return true;
}

/* Reads a year after a month or quarter: "/2025" or " nam 2025". */
static bool read_year_suffix(const char *s, size_t *j, int *y)
{
    size_t k = *j;
    if (s[k] == '/')
        k++;
    else if (match_prefix(s, k, " nam "))
        k += 5;
    else
        return false;
    if (!read_number(s, &k, 4, 4, y) || !date_ends(s, k)) return false;
    *j = k;
    return true;
}

/* ---- The forms. Each try_* returns the length it consumed at I, or 0. ---- */

/* "15/7/2025", "05-04-2025", "15.7.2025", ISO "2025-07-15", and a marked "ngày 15/7" with no
 * year. */
static size_t try_numeric_date(struct scan *sc, size_t i)
{
    const char *s = sc->s;
    if (i > 0 && (s[i - 1] == '/' || s[i - 1] == '-' || s[i - 1] == '.')) return 0;
    bool after_ngay;
    enum marker mark = marker_before(s, i, &after_ngay);
    int tier = tier_of(mark);
    char written[WRITTEN_LEN];
    int y, m, d;
    size_t j = i;

    /* ISO */
    if (read_number(s, &j, 4, 4, &y) && s[j] == '-') {
        size_t k = j + 1;
        if (read_number(s, &k, 2, 2, &m) && s[k] == '-') {
            k++;
            if (read_number(s, &k, 2, 2, &d) && date_ends(s, k)) {
                snprintf(written, sizeof written, "%.10s", s + i);
                if (m < 1 || m > 12 || d < 1 || (year_in_range(y) && d > days_in_month(y, m))) {
                    char reason[DEADLINE_REASON_LEN];
                    snprintf(reason, sizeof reason, "%s is not a date", written);
                    found_invalid(sc, tier, reason);
                } else {
                    found_date(sc, tier, y, m, d, written);
                }
                return k - i;
            }
        }
    }

    j = i;
    if (!read_number(s, &j, 1, 2, &d)) return 0;
    char sep = s[j];
    if (sep != '/' && sep != '-' && sep != '.') return 0;
    j++;
    if (!read_number(s, &j, 1, 2, &m)) return 0;
    if (s[j] == sep && is_digit(s[j + 1])) {
        j++;
        if (!read_number(s, &j, 4, 4, &y) || !date_ends(s, j)) return 0;
        snprintf(written, sizeof written, "%.*s", (int)(j - i), s + i);
        if (m < 1 || m > 12 || d < 1 || (year_in_range(y) && d > days_in_month(y, m))) {
            char reason[DEADLINE_REASON_LEN];
            snprintf(reason, sizeof reason, "%s is not a date", written);
            found_invalid(sc, tier, reason);
        } else {
            found_date(sc, tier, y, m, d, written);
        }
        return j - i;
    }
    /* "trước ngày 15/7": a day without a year, reported only after "ngày" and a deadline word
     * (a bare "1/2" is more often a fraction or a document number). */
    if (sep == '/' && after_ngay && tier_of(mark) == TIER_MARKED && date_ends(s, j)) {
        char reason[DEADLINE_REASON_LEN];
        snprintf(reason, sizeof reason, "%d/%d has no year", d, m);
        found_incomplete(sc, TIER_MARKED, reason);
        return j - i;
    }
    return 0;
}

/* "15 tháng 7 năm 2025" and "15 tháng 7/2025"; a marked "ngày 15 tháng 7" has no year. */
static size_t try_day_in_words(struct scan *sc, size_t i)
{
    const char *s = sc->s;
    size_t j = i;
    int d, m, y;
    if (!read_number(s, &j, 1, 2, &d) || !match_prefix(s, j, " thang ")) return 0;
    j += 7;
    if (!read_number(s, &j, 1, 2, &m)) return 0;
    bool after_ngay;
    enum marker mark = marker_before(s, i, &after_ngay);
    int tier = tier_of(mark);
    char written[WRITTEN_LEN];
    if (read_year_suffix(s, &j, &y)) {
        snprintf(written, sizeof written, "%d/%d/%d", d, m, y);
        if (m < 1 || m > 12 || d < 1 || (year_in_range(y) && d > days_in_month(y, m))) {
            char reason[DEADLINE_REASON_LEN];
            snprintf(reason, sizeof reason, "%s is not a date", written);
            found_invalid(sc, tier, reason);
        } else {
            found_date(sc, tier, y, m, d, written);
        }
        return j - i;
    }
    if (after_ngay && tier_of(mark) == TIER_MARKED && date_ends(s, j)) {
        char reason[DEADLINE_REASON_LEN];
        snprintf(reason, sizeof reason, "%d/%d has no year", d, m);
        found_incomplete(sc, TIER_MARKED, reason);
        return j - i;
    }
    return 0;
}

/* "6 tháng đầu năm 2025" (ends 30/6) and "6 tháng cuối năm 2025" (ends 31/12); "sáu" for 6. */
static size_t try_half_year(struct scan *sc, size_t i)
{
    const char *s = sc->s;
    size_t j = i;
    if (match_prefix(s, j, "6 thang "))
        j += 8;
    else if (match_prefix(s, j, "sau thang "))
        j += 10;
    else
        return 0;
    int half;
    if (match_prefix(s, j, "dau nam"))
        half = 1;
    else if (match_prefix(s, j, "cuoi nam"))
        half = 2;
    else
        return 0;
    j += half == 1 ? 7 : 8;
    if (is_word_char(s[j])) return 0;
    bool after_ngay;
    enum marker mark = marker_before(s, i, &after_ngay);
    int tier = tier_of(mark);
    int y;
    size_t k = j + 1;
    if (s[j] == ' ' && read_number(s, &k, 4, 4, &y) && date_ends(s, k)) {
        char written[WRITTEN_LEN];
        snprintf(written, sizeof written, "%s half of %d", half == 1 ? "first" : "second", y);
        found_period_end(sc, tier, mark, y, half == 1 ? 6 : 12, 6, written);
        return k - i;
    }
    if (tier_of(mark) == TIER_MARKED)
        found_incomplete(sc, TIER_MARKED,
                         half == 1 ? "the first half of the year has no year"
                                   : "the second half of the year has no year");
    return j - i;
}

/* "tháng 8/2025", "tháng 8 năm 2025": the end of that month. A marked "tháng 8" has no year. */
static size_t try_month(struct scan *sc, size_t i)
{
    const char *s = sc->s;
    if (!match_prefix(s, i, "thang ")) return 0;
    size_t j = i + 6;
    int m, y;
    if (!read_number(s, &j, 1, 2, &m)) return 0;
    bool after_ngay;
    enum marker mark = marker_before(s, i, &after_ngay);
    int tier = tier_of(mark);
    char written[WRITTEN_LEN];
    if (read_year_suffix(s, &j, &y)) {
        snprintf(written, sizeof written, "month %d/%d", m, y);
        if (m < 1 || m > 12) {
            char reason[DEADLINE_REASON_LEN];
            snprintf(reason, sizeof reason, "%s does not exist", written);
            found_invalid(sc, tier, reason);
        } else {
            found_period_end(sc, tier, mark, y, m, 1, written);
        }
        return j - i;
    }
    if (tier_of(mark) == TIER_MARKED && date_ends(s, j)) {
        char reason[DEADLINE_REASON_LEN];
        snprintf(reason, sizeof reason, "month %d has no year", m);
        found_incomplete(sc, TIER_MARKED, reason);
        return j - i;
    }
    return 0;
}

/* The quarter number of "i".."iv" or "1".."4" (0 for another Roman or Arabic numeral); LEN is
 * set to the token's length, 0 when there is no numeral token at all. */
static int quarter_number(const char *s, size_t i, size_t *len)
{
    size_t n = 0;
    while (n < 8 && (s[i + n] == 'i' || s[i + n] == 'v' || s[i + n] == 'x')) n++;
    if (n > 0 && !is_word_char(s[i + n])) {
        *len = n;
        if (n == 1 && s[i] == 'i') return 1;
        if (n == 2 && !strncmp(s + i, "ii", 2)) return 2;
        if (n == 3 && !strncmp(s + i, "iii", 3)) return 3;
        if (n == 2 && !strncmp(s + i, "iv", 2)) return 4;
        return 0;
    }
    size_t j = i;
    int q;
    if (read_number(s, &j, 1, 2, &q) && !is_word_char(s[j])) {
        *len = j - i;
        return q >= 1 && q <= 4 ? q : 0;
    }
    *len = 0;
    return 0;
}

/* "Quý I/2025", "quý 3/2025", "quý IV năm 2025" ("quí" too): the end of that quarter. */
static size_t try_quarter(struct scan *sc, size_t i)
{
    const char *s = sc->s;
    if (!match_prefix(s, i, "quy ") && !match_prefix(s, i, "qui ")) return 0;
    size_t j = i + 4, len;
    int q = quarter_number(s, j, &len);
    if (!len) return 0;
    char numeral[12];
    snprintf(numeral, sizeof numeral, "%.*s", (int)(len < 8 ? len : 8), s + j);
    for (char *c = numeral; *c; c++)
        if (*c >= 'a' && *c <= 'z') *c = (char)(*c - 'a' + 'A');
    j += len;
    bool after_ngay;
    enum marker mark = marker_before(s, i, &after_ngay);
    int tier = tier_of(mark);
    char written[WRITTEN_LEN];
    int y;
    if (read_year_suffix(s, &j, &y)) {
        snprintf(written, sizeof written, "quarter %s/%d", numeral, y);
        if (!q) {
            char reason[DEADLINE_REASON_LEN];
            snprintf(reason, sizeof reason, "%s does not exist", written);
            found_invalid(sc, tier, reason);
        } else {
            found_period_end(sc, tier, mark, y, q * 3, 3, written);
        }
        return j - i;
    }
    if (tier_of(mark) == TIER_MARKED) {
        char reason[DEADLINE_REASON_LEN];
        snprintf(reason, sizeof reason, "quarter %s has no year", numeral);
        found_incomplete(sc, TIER_MARKED, reason);
        return j - i;
    }
    return 0;
}

/* "trong năm 2025", "năm 2025": the end of that year ("Việt Nam 2025" is not a year). */
static size_t try_year(struct scan *sc, size_t i)
{
    const char *s = sc->s;
    if (!match_prefix(s, i, "nam ")) return 0;
    if (ends_with_words(s, skip_back_blanks(s, i), "viet")) return 0;
    size_t j = i + 4;
    int y;
    if (!read_number(s, &j, 4, 4, &y) || !date_ends(s, j)) return 0;
    bool after_ngay;
    enum marker mark = marker_before(s, i, &after_ngay);
    char written[WRITTEN_LEN];
    snprintf(written, sizeof written, "year %d", y);
    found_period_end(sc, tier_of(mark), mark, y, 12, 12, written);
    return j - i;
}

enum schedule_what { SET_PERIOD, SET_PERIODIC, SET_ON_DEMAND, SET_CONTINUOUS, SET_UNSUPPORTED };

/* Schedule words. "hằng/hàng/mỗi + period" must not be followed by a number ("mỗi năm 2025"
 * is not a schedule); "định kỳ 6 tháng" must not be followed by "đầu/cuối năm" (a half-year). */
static size_t try_schedule(struct scan *sc, size_t i)
{
    static const struct {
        const char *words;
        enum schedule_what what;
        enum deadline_period period;
        const char *name;              /* SET_UNSUPPORTED: what is unsupported */
    } words[] = {
        {"dinh ky 6 thang", SET_PERIOD, PERIOD_HALF_YEAR, NULL},
        {"dinh ki 6 thang", SET_PERIOD, PERIOD_HALF_YEAR, NULL},
        {"dinh ky sau thang", SET_PERIOD, PERIOD_HALF_YEAR, NULL},
        {"dinh ki sau thang", SET_PERIOD, PERIOD_HALF_YEAR, NULL},
        {"dinh ky", SET_PERIODIC, PERIOD_UNSPECIFIED, NULL},
        {"dinh ki", SET_PERIODIC, PERIOD_UNSPECIFIED, NULL},
        {"6 thang mot lan", SET_PERIOD, PERIOD_HALF_YEAR, NULL},
        {"sau thang mot lan", SET_PERIOD, PERIOD_HALF_YEAR, NULL},
        {"6 thang/lan", SET_PERIOD, PERIOD_HALF_YEAR, NULL},
        {"moi 6 thang", SET_PERIOD, PERIOD_HALF_YEAR, NULL},
        {"hang 6 thang", SET_PERIOD, PERIOD_HALF_YEAR, NULL},
        {"hang thang", SET_PERIOD, PERIOD_MONTH, NULL},
        {"moi thang", SET_PERIOD, PERIOD_MONTH, NULL},
        {"hang quy", SET_PERIOD, PERIOD_QUARTER, NULL},
        {"hang qui", SET_PERIOD, PERIOD_QUARTER, NULL},
        {"moi quy", SET_PERIOD, PERIOD_QUARTER, NULL},
        {"hang nam", SET_PERIOD, PERIOD_YEAR, NULL},
        {"moi nam", SET_PERIOD, PERIOD_YEAR, NULL},
        {"hang tuan", SET_UNSUPPORTED, PERIOD_UNSPECIFIED, "weekly"},
        {"moi tuan", SET_UNSUPPORTED, PERIOD_UNSPECIFIED, "weekly"},
        {"hang ngay", SET_UNSUPPORTED, PERIOD_UNSPECIFIED, "daily"},
        {"moi ngay", SET_UNSUPPORTED, PERIOD_UNSPECIFIED, "daily"},
        {"dot xuat", SET_ON_DEMAND, PERIOD_UNSPECIFIED, NULL},
        {"khi co yeu cau", SET_ON_DEMAND, PERIOD_UNSPECIFIED, NULL},
        {"thuong xuyen", SET_CONTINUOUS, PERIOD_UNSPECIFIED, NULL},
        {"lien tuc", SET_CONTINUOUS, PERIOD_UNSPECIFIED, NULL},
    };
    const char *s = sc->s;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t n = match_words(s, i, words[k].words);
        if (!n) continue;
        bool hang_or_moi = !strncmp(words[k].words, "hang ", 5) || !strncmp(words[k].words, "moi ", 4);
        if (hang_or_moi && s[i + n] == ' ' && is_digit(s[i + n + 1])) continue;
        if (words[k].what == SET_PERIOD && !strncmp(words[k].words, "dinh k", 6) &&
            (match_prefix(s, i + n, " dau nam") || match_prefix(s, i + n, " cuoi nam")))
            continue;
        switch (words[k].what) {
        case SET_PERIOD:
            sc->periods |= 1u << words[k].period;
            sc->periodic = true;
            break;
        case SET_PERIODIC: sc->periodic = true; break;
        case SET_ON_DEMAND: sc->on_demand = true; break;
        case SET_CONTINUOUS: sc->continuous = true; break;
        case SET_UNSUPPORTED:
            if (!sc->unsupported) sc->unsupported = words[k].name;
            sc->periodic = true;
            break;
        }
        return n;
    }
    return 0;
}

static void scan_text(struct scan *sc)
{
    const char *s = sc->s;
    for (size_t i = 0; s[i];) {
        if (i > 0 && is_word_char(s[i - 1])) {
            i++;
            continue;
        }
        size_t n = try_numeric_date(sc, i);
        if (!n) n = try_day_in_words(sc, i);
        if (!n) n = try_half_year(sc, i);
        if (!n) n = try_schedule(sc, i);
        if (!n) n = try_month(sc, i);
        if (!n) n = try_quarter(sc, i);
        if (!n) n = try_year(sc, i);
        i += n ? n : 1;
    }
}

/* ---- The decision ---- */

static void unreadable(struct deadline *out, const char *reason)
{
    out->kind = DEADLINE_UNREADABLE;
    out->due[0] = '\0';
    out->on_demand = false;
    out->period = PERIOD_UNSPECIFIED;
    snprintf(out->reason, sizeof out->reason, "%s", reason);
}

static int count_bits(unsigned v)
{
    int n = 0;
    for (; v; v &= v - 1) n++;
    return n;
}

/* Precedence, from first to last:
 *   1. an impossible date anywhere: unreadable;
 *   2. anything marked (a marked date, a marked date without year, schedule words, "thường
 *      xuyên") means bare dates are ignored; otherwise bare dates are the candidates;
 *   3. among the candidate dates, a missing year or two different dates: unreadable;
 *   4. a date together with a schedule, a weekly/daily schedule, two periods: unreadable;
 *   5. a schedule: recurring; else a date: due; else "đột xuất" alone: on demand only;
 *      else "thường xuyên"/"liên tục" or empty text: none; else no deadline phrase found. */
static void resolve(const struct scan *sc, bool empty, struct deadline *out)
{
    if (sc->invalid[0]) {
        unreadable(out, sc->invalid);
        return;
    }
    const struct tier *marked = &sc->tier[TIER_MARKED];
    bool anything_marked = marked->has_date || marked->incomplete[0] || sc->periodic ||
                           sc->continuous;
    const struct tier *t = anything_marked ? marked : &sc->tier[TIER_BARE];
    char reason[DEADLINE_REASON_LEN];
    if (t->incomplete[0]) {
        unreadable(out, t->incomplete);
        return;
    }
    if (t->conflict) {
        snprintf(reason, sizeof reason, "two different dates: %s and %s", t->written, t->other);
        unreadable(out, reason);
        return;
    }
    if (t->has_date && sc->periodic) {
        snprintf(reason, sizeof reason, "both a date (%s) and a recurring schedule", t->written);
        unreadable(out, reason);
        return;
    }
    if (sc->unsupported) {
        snprintf(reason, sizeof reason,
                 "%s reporting is not a supported period (monthly, quarterly, six-monthly, "
                 "yearly)",
                 sc->unsupported);
        unreadable(out, reason);
        return;
    }
    if (count_bits(sc->periods) > 1) {
        const char *names[2] = {NULL, NULL};
        int n = 0;
        for (int p = PERIOD_MONTH; p <= PERIOD_YEAR && n < 2; p++)
            if (sc->periods & (1u << p)) names[n++] = deadline_period_name((enum deadline_period)p);
        snprintf(reason, sizeof reason, "two different periods: %s and %s", names[0], names[1]);
        unreadable(out, reason);
        return;
    }
    out->on_demand = sc->on_demand;
    if (sc->periodic) {
        out->kind = DEADLINE_RECURRING;
        out->period = PERIOD_UNSPECIFIED;
        for (int p = PERIOD_MONTH; p <= PERIOD_YEAR; p++)
            if (sc->periods & (1u << p)) out->period = (enum deadline_period)p;
        return;
    }
    if (t->has_date) {
        out->kind = DEADLINE_DATE;
        memcpy(out->due, t->due, sizeof out->due);
        return;
    }
    if (sc->on_demand || sc->continuous || empty) {
        out->kind = DEADLINE_NONE;
        return;
    }
    unreadable(out, "no deadline phrase found");
}

void deadline_parse(const char *text, struct deadline *out)
{
    memset(out, 0, sizeof *out);
    out->period = PERIOD_UNSPECIFIED;
    if (!text) text = "";
    size_t len = strnlen(text, DEADLINE_MAX_TEXT + 1);
    if (len > DEADLINE_MAX_TEXT) {
        unreadable(out, "the text is longer than 65536 bytes");
        return;
    }
    if (!text_valid_utf8(text, len)) {
        unreadable(out, "the text is not valid UTF-8 or holds control characters");
        return;
    }
    char *folded = text_fold(text);
    if (!folded) {
        unreadable(out, "out of memory while reading the text");
        return;
    }
    struct scan sc;
    memset(&sc, 0, sizeof sc);
    sc.s = folded;
    scan_text(&sc);
    resolve(&sc, folded[0] == '\0', out);
    free(folded);
}

/* ---- Description, obligations, labels ---- */

const char *deadline_period_name(enum deadline_period p)
{
    switch (p) {
    case PERIOD_MONTH: return "monthly";
    case PERIOD_QUARTER: return "quarterly";
    case PERIOD_HALF_YEAR: return "six-monthly";
    case PERIOD_YEAR: return "yearly";
    case PERIOD_UNSPECIFIED: break;
    }
    return "unspecified";
}

const char *deadline_kind_code(enum deadline_kind k)
{
    switch (k) {
    case DEADLINE_DATE: return "date";
    case DEADLINE_RECURRING: return "recurring";
    case DEADLINE_NONE: return "none";
    case DEADLINE_UNREADABLE: break;
    }
    return "unreadable";
}

const char *deadline_period_code(enum deadline_period p)
{
    switch (p) {
    case PERIOD_MONTH: return "month";
    case PERIOD_QUARTER: return "quarter";
    case PERIOD_HALF_YEAR: return "half_year";
    case PERIOD_YEAR: return "year";
    case PERIOD_UNSPECIFIED: break;
    }
    return "";
}

void deadline_describe(const struct deadline *d, char *buf, size_t cap)
{
    if (!buf || cap == 0) return;
    const char *demand = d->on_demand ? " and on demand" : "";
    switch (d->kind) {
    case DEADLINE_DATE: snprintf(buf, cap, "due %s%s", d->due, demand); return;
    case DEADLINE_RECURRING:
        if (d->period == PERIOD_UNSPECIFIED)
            snprintf(buf, cap, "recurring (period not stated)%s", demand);
        else
            snprintf(buf, cap, "recurring %s%s", deadline_period_name(d->period), demand);
        return;
    case DEADLINE_NONE: snprintf(buf, cap, "%s", d->on_demand ? "on demand only" : "none"); return;
    case DEADLINE_UNREADABLE: break;
    }
    snprintf(buf, cap, "unreadable: %s", d->reason);
}

/* Months in one period of D, or 0 when D has no scheduled periods. */
static int period_months(const struct deadline *d)
{
    if (!d || d->kind != DEADLINE_RECURRING) return 0;
    switch (d->period) {
    case PERIOD_MONTH: return 1;
    case PERIOD_QUARTER: return 3;
    case PERIOD_HALF_YEAR: return 6;
    case PERIOD_YEAR: return 12;
    case PERIOD_UNSPECIFIED: break;
    }
    return 0;
}

/* Periods are counted in months since year 0: the period containing (y, m) begins at month
 * index (y*12 + m-1) rounded down to a multiple of its length, because every period starts in
 * January, April, July or October as the length requires. */
int deadline_obligations(const struct deadline *d, const char *from, const char *to,
                         char (*out)[DEADLINE_DATE_LEN], int max)
{
    int step = period_months(d);
    int fy, fm, fd, ty, tm, td;
    if (!step || !out || max <= 0 || !iso_read(from, &fy, &fm, &fd) || !iso_read(to, &ty, &tm, &td))
        return 0;
    if (strcmp(from, to) > 0) return 0;
    int first = (fy * 12 + fm - 1) / step * step;
    int last = (ty * 12 + tm - 1) / step * step;
    int n = 0;
    for (int k = first; k <= last && n < max; k += step) {
        int end = k + step - 1, y = end / 12, m = end % 12 + 1;
        iso_write(y, m, days_in_month(y, m), out[n++]);
    }
    return n;
}

void deadline_period_start(const struct deadline *d, const char *due, char out[DEADLINE_DATE_LEN])
{
    int step = period_months(d), y, m, day;
    out[0] = '\0';
    if (!step || !iso_read(due, &y, &m, &day)) return;
    int k = (y * 12 + m - 1) / step * step;
    iso_write(k / 12, k % 12 + 1, 1, out);
}

void deadline_period_label(const struct deadline *d, const char *due, char *buf, size_t cap)
{
    int step = period_months(d), y, m, day;
    if (!buf || cap == 0) return;
    buf[0] = '\0';
    if (!step || !iso_read(due, &y, &m, &day)) return;
    switch (step) {
    case 1: snprintf(buf, cap, "%04d-%02d", y, m); break;
    case 3: snprintf(buf, cap, "%04d-Q%d", y, (m - 1) / 3 + 1); break;
    case 6: snprintf(buf, cap, "%04d-H%d", y, (m - 1) / 6 + 1); break;
    default: snprintf(buf, cap, "%04d", y); break;
    }
}

/* end of deadline.c */
