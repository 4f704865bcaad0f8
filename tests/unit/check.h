/* A minimal test harness: CHECK records a pass or a failure with its line, check_done() prints
 * "N passed, N failed" (the line CI reads) and returns the exit status. Tests are tables where
 * the rule is a table of cases. */
#ifndef NQ57_CHECK_H
#define NQ57_CHECK_H
#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (cond) {                                                          \
            check_passed++;                                                  \
        } else {                                                             \
            check_failed++;                                                  \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);  \
            fprintf(stderr, __VA_ARGS__);                                    \
            fputc('\n', stderr);                                             \
        }                                                                    \
    } while (0)

static inline const char *check_str_or_null(const char *s) { return s ? s : "(null)"; }
#define CHECK_STR(got, want)                                                      \
    CHECK(strcmp(check_str_or_null(got), (want)) == 0, "got \"%s\", want \"%s\"", \
          check_str_or_null(got), (want))

static int check_done(const char *suite)
{
    printf("%s: %d passed, %d failed\n", suite, check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
