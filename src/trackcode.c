/* Tracking codes (trackcode.h). */
#include "trackcode.h"

#include <stdint.h>
#include <string.h>

static const char ALPHABET[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static bool prefix_ok(const char *p)
{
    return p && p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z' && !p[2];
}

bool trackcode_make(const char *prefix, const unsigned char random[TRACKCODE_RANDOM_BYTES],
                    char out[TRACKCODE_LEN])
{
    out[0] = '\0';
    if (!prefix_ok(prefix)) return false;
    uint64_t bits = 0;
    for (int i = 0; i < TRACKCODE_RANDOM_BYTES; i++) bits = (bits << 8) | random[i];
    char *o = out;
    *o++ = prefix[0];
    *o++ = prefix[1];
    for (int i = 0; i < 12; i++) {
        if (i % 4 == 0) *o++ = '-';
        *o++ = ALPHABET[bits & 31];
        bits >>= 5;
    }
    *o = '\0';
    return true;
}

/* The symbol a typed character stands for, or 0. */
static char symbol(char c)
{
    if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    if (c == 'O') return '0';
    if (c == 'I' || c == 'L') return '1';
    if (c == 'U') return 0;
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ? c : 0;
}

bool trackcode_normalise(const char *prefix, const char *in, char out[TRACKCODE_LEN])
{
    out[0] = '\0';
    if (!prefix_ok(prefix) || !in) return false;
    while (*in == ' ') in++;
    char p0 = in[0], p1 = p0 ? in[1] : 0;
    if (p0 >= 'a' && p0 <= 'z') p0 = (char)(p0 - 'a' + 'A');
    if (p1 >= 'a' && p1 <= 'z') p1 = (char)(p1 - 'a' + 'A');
    if (p0 != prefix[0] || p1 != prefix[1]) return false;
    char sym[12];
    int n = 0;
    for (const char *c = in + 2; *c; c++) {
        if (*c == '-' || *c == ' ') continue;
        char s = symbol(*c);
        if (!s || n == 12) return false;
        sym[n++] = s;
    }
    if (n != 12) return false;
    char *o = out;
    *o++ = prefix[0];
    *o++ = prefix[1];
    for (int i = 0; i < 12; i++) {
        if (i % 4 == 0) *o++ = '-';
        *o++ = sym[i];
    }
    *o = '\0';
    return true;
}
