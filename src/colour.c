/* The colour rule, version COLOUR_RULE_VERSION. Dates are compared as day numbers so that the
 * boundaries (due - 7, today == due, the 85 % point) are exact integers; shares are compared by
 * cross-multiplication, never in floating point, so that "progress equal to the time elapsed"
 * is exactly on track. */
#include "colour.h"

#include <stddef.h>
#include <string.h>

const struct colour_params colour_defaults = {.near_days = 7, .near_share_pct = 15};

/* Days since 1970-01-01 of a valid ISO date (proleptic Gregorian, Howard Hinnant's
 * days_from_civil). False for NULL, "" or anything that is not a real date in 1900-2199, the
 * range util_date_valid accepts. Kept here rather than in util so that the rule depends on
 * nothing but itself. */
static bool day_number(const char *s, long *out)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
    long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > (m == 2 && leap ? 29 : mdays[m - 1]))
        return false;
    y -= m <= 2;
    long era = y / 400;                           /* y >= 1899: no negative division */
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *out = era * 146097 + doe - 719468;
    return true;
}

static bool is_set(const char *s) { return s && s[0]; }

static struct colour_result result(enum colour c, int days, bool late, const char *reason)
{
    struct colour_result r = {c, days, late, reason};
    return r;
}

struct colour_result colour_of(const struct colour_input *in, const struct colour_params *p)
{
    if (!p) p = &colour_defaults;
    int near_days = p->near_days < 0 ? 0 : p->near_days;
    int share = p->near_share_pct < 0 ? 0 : p->near_share_pct > 100 ? 100 : p->near_share_pct;
    long progress = in->progress < 0 ? 0 : in->progress > 100 ? 100 : in->progress;

    if (!is_set(in->due)) return result(COLOUR_GREY, 0, false, "no deadline (continuous)");
    long due, today, done, start;
    if (!day_number(in->due, &due))
        return result(COLOUR_GREY, 0, false, "the deadline is not a valid date");
    if (!day_number(in->today, &today))
        return result(COLOUR_GREY, 0, false, "the day asked is not a valid date");

    /* Judged as of today: a completion reported later had not happened yet. */
    if (is_set(in->done_on) && day_number(in->done_on, &done) && done <= today) {
        if (done <= due) return result(COLOUR_GREEN, 0, false, "done on or before the deadline");
        return result(COLOUR_DONE_LATE, (int)(done - due), true, "done after the deadline");
    }
    if (today > due)
        return result(COLOUR_RED, (int)(today - due), false, "not done and past the deadline");

    bool known_start = day_number(in->start, &start);
    if (known_start && today < start) return result(COLOUR_BLUE, 0, false, "not begun yet");

    long days_left = due - today;
    long span = known_start && start < due ? due - start : 0;
    long elapsed = span ? today - start : 0;       /* 0..span: start <= today <= due */
    bool behind = span ? progress * span < elapsed * 100 : progress < 100;
    bool close = days_left <= near_days || (span && elapsed * 100 >= span * (100 - share));
    if (!close) return result(COLOUR_BLUE, 0, false, "deadline not close");
    if (behind)
        return result(COLOUR_YELLOW, 0, false, "deadline close and progress behind the time elapsed");
    return result(COLOUR_BLUE, 0, false, "deadline close, progress keeps pace with the time elapsed");
}

const char *colour_name(enum colour c)
{
    switch (c) {
    case COLOUR_GREY: return "grey";
    case COLOUR_BLUE: return "blue";
    case COLOUR_YELLOW: return "yellow";
    case COLOUR_RED: return "red";
    case COLOUR_GREEN: return "green";
    case COLOUR_DONE_LATE: return "done_late";
    }
    return "unknown";
}

void colour_count(struct colour_counts *c, enum colour col)
{
    if (!c) return;
    switch (col) {
    case COLOUR_GREY: c->grey++; break;
    case COLOUR_BLUE: c->blue++; break;
    case COLOUR_YELLOW: c->yellow++; break;
    case COLOUR_RED: c->red++; break;
    case COLOUR_GREEN: c->green++; break;
    case COLOUR_DONE_LATE: c->done_late++; break;
    }
}

/* Rounded half up in integers: tenths = floor((green * 1000 * 2 + due) / (2 * due)). */
double colour_greening_rate(const struct colour_counts *c)
{
    if (!c) return 0.0;
    long long green = c->green > 0 ? c->green : 0;
    long long due = green + (c->done_late > 0 ? c->done_late : 0) + (c->red > 0 ? c->red : 0);
    if (due == 0) return 0.0;
    long long tenths = (green * 2000 + due) / (2 * due);
    return (double)tenths / 10.0;
}

enum colour colour_phase(const struct colour_counts *c)
{
    if (!c) return COLOUR_GREY;
    if (c->red > 0 || c->done_late > 0) return COLOUR_RED;
    if (c->yellow > 0) return COLOUR_YELLOW;
    if (c->blue > 0) return COLOUR_BLUE;
    if (c->green > 0) return COLOUR_GREEN;
    return COLOUR_GREY;
}

/* end of colour.c */
