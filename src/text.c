/* Vietnamese text folding with utf8proc. SQLite's lower() and LIKE are ASCII-only and FTS5's
 * remove_diacritics does not fold đ, so search compares strings folded here, in C, and stored in
 * shadow columns (*_folded). */
#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

bool text_valid_utf8(const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n < 0 || cp == 0) return false;
        if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') return false;
        p += n;
        left -= n;
    }
    return true;
}

char *text_nfc(const char *s)
{
    if (!text_valid_utf8(s, strlen(s))) return NULL;
    return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

/* utf8proc's custom mapping hook: đ and Đ have no decomposition, so map them by hand. */
static utf8proc_int32_t fold_d(utf8proc_int32_t cp, void *unused)
{
    (void)unused;
    if (cp == 0x0111 || cp == 0x0110) return 'd';
    return cp;
}

char *text_fold(const char *s)
{
    if (!text_valid_utf8(s, strlen(s))) return NULL;
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = utf8proc_map_custom(
        (const utf8proc_uint8_t *)s, 0, &folded,
        UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
            UTF8PROC_CASEFOLD | UTF8PROC_COMPAT,
        fold_d, NULL);
    if (n < 0) return NULL;
    /* Collapse white space in place. */
    char *out = (char *)folded, *w = out;
    bool space = true;  /* drops leading space */
    for (const char *r = out; *r; r++) {
        bool is_space = (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r');
        if (is_space) {
            if (!space) *w++ = ' ';
            space = true;
        } else {
            *w++ = *r;
            space = false;
        }
    }
    if (w > out && w[-1] == ' ') w--;
    *w = '\0';
    return out;
}

size_t text_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}
