/* Small shared helpers: clocks, ISO dates, logging. */
#ifndef NQ57_UTIL_H
#define NQ57_UTIL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ISO_DATE_LEN 11      /* "YYYY-MM-DD" + NUL */
#define ISO_TIME_LEN 21      /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/* Unix seconds now. Tests may pin "today" with the NQ57_TODAY environment variable (ISO date),
 * which moves util_today() only, never the clock used for sessions. */
int64_t util_now(void);
void util_today(char out[ISO_DATE_LEN]);
void util_now_iso(char out[ISO_TIME_LEN]);
void util_iso_from_unix(int64_t t, char out[ISO_TIME_LEN]);

/* True when S is a real calendar date written YYYY-MM-DD (years 1900-2199). */
bool util_date_valid(const char *s);
/* Adds DAYS (may be negative) to the valid ISO date IN. */
void util_date_add(const char *in, int days, char out[ISO_DATE_LEN]);

/* Copies at most CAP-1 bytes and terminates; returns false when S was truncated. */
bool util_copy(char *dst, size_t cap, const char *s);

/* Structured log line to stderr: "ts=... level=... msg=..." followed by FMT's fields. */
void util_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* With buffering on (the server), info lines are written in batches; warnings and errors at
 * once. util_log_flush writes what is pending. */
void util_log_buffered(bool on);
void util_log_flush(void);

/* Lower-case hex of LEN bytes into OUT (2*LEN+1 bytes). */
void util_hex(const unsigned char *in, size_t len, char *out);

#endif
