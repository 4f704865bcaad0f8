/* Text rules for Vietnamese: NFC normalisation at the API boundary and the folded form used
 * for diacritic-insensitive search. Pure functions, no I/O. */
#ifndef NQ57_TEXT_H
#define NQ57_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* True when S (LEN bytes) is valid UTF-8 without NUL bytes or C0 control characters other than
 * tab, CR and LF. */
bool text_valid_utf8(const char *s, size_t len);

/* Returns a malloc'd NFC copy of S, or NULL if S is not valid UTF-8. Caller frees. */
char *text_nfc(const char *s);

/* Returns the malloc'd search form of S: decomposed, combining marks removed, case folded,
 * đ/Đ mapped to d, runs of white space collapsed to one space and trimmed. "Thành phố Hà Nội"
 * becomes "thanh pho ha noi". NULL if S is not valid UTF-8. Caller frees. */
char *text_fold(const char *s);

/* Number of code points in valid UTF-8 S. */
size_t text_length(const char *s);

#endif
