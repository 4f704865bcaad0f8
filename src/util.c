#include "util.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int64_t util_now(void) { return (int64_t)time(NULL); }

void util_iso_from_unix(int64_t t, char out[ISO_TIME_LEN])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, ISO_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void util_now_iso(char out[ISO_TIME_LEN]) { util_iso_from_unix(util_now(), out); }

void util_today(char out[ISO_DATE_LEN])
{
    const char *pinned = getenv("NQ57_TODAY");
    if (pinned && util_date_valid(pinned)) {
        memcpy(out, pinned, ISO_DATE_LEN);
        return;
    }
    char iso[ISO_TIME_LEN];
    util_now_iso(iso);
    memcpy(out, iso, 10);
    out[10] = '\0';
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int month_days(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

bool util_date_valid(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

void util_date_add(const char *in, int days, char out[ISO_DATE_LEN])
{
    struct tm tm = {0};
    tm.tm_year = atoi(in) - 1900;
    tm.tm_mon = atoi(in + 5) - 1;
    tm.tm_mday = atoi(in + 8) + days;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    strftime(out, ISO_DATE_LEN, "%Y-%m-%d", &tm);
}

bool util_copy(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(s);
    bool fits = n < cap;
    if (!fits) n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
    return fits;
}

/* Log lines are gathered in one buffer and written to standard error when it fills, every
 * second (util_log_flush from the server's main loop), on warnings and errors, and at exit:
 * a write per line cost a fifth of a cached request's CPU. */
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char log_buf[16384];
static size_t log_len;
static bool log_buffered;

static void flush_locked(void)
{
    size_t off = 0;
    while (off < log_len) {
        ssize_t w = write(STDERR_FILENO, log_buf + off, log_len - off);
        if (w <= 0) break;
        off += (size_t)w;
    }
    log_len = 0;
}

void util_log_buffered(bool on) { log_buffered = on; util_log_flush(); }

void util_log_flush(void)
{
    pthread_mutex_lock(&log_lock);
    flush_locked();
    pthread_mutex_unlock(&log_lock);
}

void util_log(const char *level, const char *fmt, ...)
{
    char ts[ISO_TIME_LEN];
    util_now_iso(ts);
    char line[2048];
    int n = snprintf(line, sizeof line, "ts=%s level=%s ", ts, level);
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && (size_t)n < sizeof line) vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    size_t len = strlen(line);
    if (len > sizeof line - 2) len = sizeof line - 2;
    line[len++] = '\n';
    bool urgent = !log_buffered || strcmp(level, "info") != 0;
    pthread_mutex_lock(&log_lock);
    if (log_len + len > sizeof log_buf) flush_locked();
    memcpy(log_buf + log_len, line, len);
    log_len += len;
    if (urgent) flush_locked();
    pthread_mutex_unlock(&log_lock);
}

void util_hex(const unsigned char *in, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * len] = '\0';
}
