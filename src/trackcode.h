/* Tracking codes: what the public is given to follow a submission without an account, so they
 * must be unguessable (60 random bits: with the rate limit on public routes nobody finds one by
 * trying), short, and unambiguous when read aloud over the phone or copied by hand.
 *
 * Shape: a two-letter prefix naming the register ("SK" sáng kiến đột phá; system 2 can use its
 * own) and 12 symbols of Crockford's base32 in groups of four: "SK-7KQ2-M9XD-4TRE". The
 * alphabet 0-9 A-Z without I, L, O and U has no two symbols that sound or look alike; reading
 * a code back forgives what people do: lower case, missing or extra dashes and spaces, O typed
 * for 0, I or L for 1.
 *
 * Pure functions: the caller supplies the random bytes (libsodium in the server). */
#ifndef NQ57_TRACKCODE_H
#define NQ57_TRACKCODE_H
#include <stdbool.h>
#include <stddef.h>

#define TRACKCODE_LEN 18            /* "SK-XXXX-XXXX-XXXX" + NUL */
#define TRACKCODE_RANDOM_BYTES 8    /* 60 of the 64 bits are used */

/* Writes PREFIX-XXXX-XXXX-XXXX into OUT from RANDOM. PREFIX is two letters A-Z; returns false
 * (OUT empty) otherwise. */
bool trackcode_make(const char *prefix, const unsigned char random[TRACKCODE_RANDOM_BYTES],
                    char out[TRACKCODE_LEN]);

/* Reads a code as a person typed it into its canonical form in OUT. False when IN is not a code
 * with PREFIX (wrong prefix, wrong length, a symbol outside the alphabet). */
bool trackcode_normalise(const char *prefix, const char *in, char out[TRACKCODE_LEN]);

#endif
