/* Deterministic synthetic commune generator for demos and benchmarks.
 *
 * The real list of the 3,321 commune-level units created on 1/7/2025 is not shipped; this module
 * makes a realistic stand-in: the real number of wards, communes and special zones in each of the
 * 34 provinces (Resolution 202/2025/QH15 and the Standing Committee's resolutions on each
 * province's communes), the 13 real special zones by name, and made-up but plausible Vietnamese
 * names for the rest. Pure C11, no I/O, no global state, no rand(). */
#ifndef NQ57_DEMO_H
#define NQ57_DEMO_H
#include <stdint.h>

struct demo_commune {
    char code[16];          /* "P01-00001": province code, '-', 5 digits, unique nationally */
    char name[128];         /* "Xã Tân Phú", "Phường Hòa Bình", "Đặc khu Phú Quốc" (UTF-8, NFC) */
    const char *kind;       /* "commune", "ward" or "special_zone" */
    const char *province;   /* "P01" … */
};

/* Called once per generated unit. C and the strings it points to are valid only during the
 * call: copy what you keep. */
typedef void (*demo_emit_fn)(void *ctx, const struct demo_commune *c);

/* Emits the 3,321 commune-level units under the 34 provinces, deterministic for a given seed
 * (same seed → identical output), in province order. Returns the number emitted. */
int demo_communes(uint64_t seed, demo_emit_fn emit, void *ctx);

/* 3321, for progress bars. */
int demo_commune_total(void);

#endif
