/* Unit test of the synthetic commune generator (src/demo.c).
 *
 * Build and run:
 *   gcc -std=c11 -Wall -Wextra -Werror -Isrc tests/unit/test_demo.c src/demo.c -o /tmp/test_demo
 *   /tmp/test_demo
 * The last line is "N passed, N failed"; the exit status is non-zero when anything failed. */
#include "demo.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOTAL 3321
#define MAX_UNITS 4000

static int passed, failed;

static void check(bool ok, const char *what)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL: %s\n", what);
    }
}

struct unit {
    char code[16];
    char name[128];
    char kind[16];
    char province[8];
};

struct run {
    struct unit units[MAX_UNITS];
    int count;
    bool overflow;
};

static struct run run_a, run_b, run_c;

static void collect(void *ctx, const struct demo_commune *c)
{
    struct run *r = ctx;
    if (r->count >= MAX_UNITS) {
        r->overflow = true;
        return;
    }
    struct unit *u = &r->units[r->count++];
    snprintf(u->code, sizeof u->code, "%s", c->code);
    snprintf(u->name, sizeof u->name, "%s", c->name);
    snprintf(u->kind, sizeof u->kind, "%s", c->kind ? c->kind : "(null)");
    snprintf(u->province, sizeof u->province, "%s", c->province ? c->province : "(null)");
}

/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF, no control characters. */
static bool valid_utf8(const char *s, bool *has_combining)
{
    const unsigned char *p = (const unsigned char *)s;
    *has_combining = false;
    while (*p) {
        uint32_t cp;
        int extra;
        if (*p < 0x80) {
            if (*p < 0x20 || *p == 0x7f)
                return false;
            p++;
            continue;
        } else if ((*p & 0xe0) == 0xc0) {
            cp = *p & 0x1f, extra = 1;
        } else if ((*p & 0xf0) == 0xe0) {
            cp = *p & 0x0f, extra = 2;
        } else if ((*p & 0xf8) == 0xf0) {
            cp = *p & 0x07, extra = 3;
        } else {
            return false;
        }
        p++;
        for (int i = 0; i < extra; i++, p++) {
            if ((*p & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (*p & 0x3f);
        }
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000))
            return false;
        if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return false;
        /* Vietnamese in NFC is all precomposed: a combining diacritic means NFD slipped in. */
        if (cp >= 0x0300 && cp <= 0x036f)
            *has_combining = true;
    }
    return true;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int count_province(const struct run *r, const char *province)
{
    int n = 0;
    for (int i = 0; i < r->count; i++)
        n += strcmp(r->units[i].province, province) == 0;
    return n;
}

static bool same_runs(const struct run *x, const struct run *y)
{
    if (x->count != y->count)
        return false;
    for (int i = 0; i < x->count; i++)
        if (memcmp(&x->units[i], &y->units[i], sizeof x->units[i]) != 0)
            return false;
    return true;
}

/* Number of pairs of units in the same province with the same name once the kind word
 * ("Xã", "Phường", "Đặc khu") is dropped. */
static int duplicate_names(const struct run *r, bool verbose)
{
    int dups = 0;
    for (int i = 0; i < r->count; i++) {
        const struct unit *u = &r->units[i];
        const char *base_i = starts_with(u->name, "Đặc khu ") ? u->name + strlen("Đặc khu")
                                                              : strchr(u->name, ' ');
        for (int j = i + 1; j < r->count && strcmp(r->units[j].province, u->province) == 0; j++) {
            const struct unit *v = &r->units[j];
            const char *base_j = starts_with(v->name, "Đặc khu ") ? v->name + strlen("Đặc khu")
                                                                  : strchr(v->name, ' ');
            if (base_i && base_j && strcmp(base_i, base_j) == 0) {
                if (verbose)
                    printf("  duplicate name in %s: %s / %s\n", u->province, u->name, v->name);
                dups++;
            }
        }
    }
    return dups;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    static const char *const zones[] = {
        "Đặc khu Phú Quốc", "Đặc khu Kiên Hải", "Đặc khu Thổ Châu", "Đặc khu Cát Hải",
        "Đặc khu Bạch Long Vĩ", "Đặc khu Vân Đồn", "Đặc khu Cô Tô", "Đặc khu Côn Đảo",
        "Đặc khu Lý Sơn", "Đặc khu Phú Quý", "Đặc khu Cồn Cỏ", "Đặc khu Hoàng Sa",
        "Đặc khu Trường Sa",
    };
    char buf[256];

    /* Totals. */
    int ret = demo_communes(UINT64_C(57), collect, &run_a);
    check(!run_a.overflow, "no more than MAX_UNITS emitted");
    check(ret == TOTAL, "demo_communes returns 3321");
    check(run_a.count == TOTAL, "3321 units emitted");
    check(demo_commune_total() == TOTAL, "demo_commune_total() is 3321");
    check(demo_communes(UINT64_C(57), NULL, NULL) == TOTAL, "a NULL emitter still counts 3321");

    /* Kinds. */
    int communes = 0, wards = 0, special = 0, other = 0, bad_prefix = 0;
    for (int i = 0; i < run_a.count; i++) {
        const struct unit *u = &run_a.units[i];
        if (strcmp(u->kind, "commune") == 0)
            communes++, bad_prefix += !starts_with(u->name, "Xã ");
        else if (strcmp(u->kind, "ward") == 0)
            wards++, bad_prefix += !starts_with(u->name, "Phường ");
        else if (strcmp(u->kind, "special_zone") == 0)
            special++, bad_prefix += !starts_with(u->name, "Đặc khu ");
        else
            other++;
    }
    snprintf(buf, sizeof buf, "2621 communes (got %d)", communes);
    check(communes == 2621, buf);
    snprintf(buf, sizeof buf, "687 wards (got %d)", wards);
    check(wards == 687, buf);
    snprintf(buf, sizeof buf, "13 special zones (got %d)", special);
    check(special == 13, buf);
    check(other == 0, "no other kind");
    check(bad_prefix == 0, "each name starts with its kind's word (Xã, Phường, Đặc khu)");

    /* The 13 real special zones are there by name. */
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        bool found = false;
        for (int i = 0; i < run_a.count && !found; i++)
            found = strcmp(run_a.units[i].name, zones[z]) == 0 &&
                    strcmp(run_a.units[i].kind, "special_zone") == 0;
        snprintf(buf, sizeof buf, "special zone %s present", zones[z]);
        check(found, buf);
    }

    /* Provinces: the published extremes and Hà Nội, 34 of them, emitted in order. */
    snprintf(buf, sizeof buf, "Thành phố Hồ Chí Minh (P79) has 168 (got %d)", count_province(&run_a, "P79"));
    check(count_province(&run_a, "P79") == 168, buf);
    snprintf(buf, sizeof buf, "Lai Châu (P12) has 38 (got %d)", count_province(&run_a, "P12"));
    check(count_province(&run_a, "P12") == 38, buf);
    snprintf(buf, sizeof buf, "Hà Nội (P01) has 126 (got %d)", count_province(&run_a, "P01"));
    check(count_province(&run_a, "P01") == 126, buf);
    int provinces = 0, max = 0, min = TOTAL;
    bool ordered = true;
    for (int i = 0; i < run_a.count; i++) {
        if (i > 0 && strcmp(run_a.units[i - 1].province, run_a.units[i].province) > 0)
            ordered = false;
        if (i == 0 || strcmp(run_a.units[i - 1].province, run_a.units[i].province) != 0) {
            int n = count_province(&run_a, run_a.units[i].province);
            provinces++;
            max = n > max ? n : max;
            min = n < min ? n : min;
        }
    }
    check(ordered, "units come in province order");
    snprintf(buf, sizeof buf, "34 provinces (got %d)", provinces);
    check(provinces == 34, buf);
    check(max == 168, "no province has more than Thành phố Hồ Chí Minh");
    check(min == 38, "no province has fewer than Lai Châu");

    /* Codes: well formed, prefixed by the province, unique nationally. */
    bool codes_ok = true;
    for (int i = 0; i < run_a.count; i++) {
        const struct unit *u = &run_a.units[i];
        const char *c = u->code;
        bool ok = strlen(c) == 9 && c[0] == 'P' && c[3] == '-' && strncmp(c, u->province, 3) == 0;
        for (int k = 1; ok && k < 9; k++)
            if (k != 3 && (c[k] < '0' || c[k] > '9'))
                ok = false;
        if (!ok) {
            printf("  bad code %s for %s\n", c, u->province);
            codes_ok = false;
        }
    }
    check(codes_ok, "codes look like P01-00001 and start with their province");
    char **sorted = malloc(sizeof *sorted * (size_t)run_a.count);
    for (int i = 0; i < run_a.count; i++)
        sorted[i] = run_a.units[i].code;
    qsort(sorted, (size_t)run_a.count, sizeof *sorted, cmp_str);
    bool unique = true;
    for (int i = 1; i < run_a.count; i++)
        if (strcmp(sorted[i - 1], sorted[i]) == 0) {
            printf("  duplicate code %s\n", sorted[i]);
            unique = false;
        }
    check(unique, "codes are unique nationally");

    /* Names: unique within a province (ignoring the kind word), valid UTF-8, NFC. */
    bool utf8_ok = true, nfc_ok = true;
    for (int i = 0; i < run_a.count; i++) {
        const struct unit *u = &run_a.units[i];
        bool combining;
        if (!valid_utf8(u->name, &combining)) {
            printf("  invalid UTF-8 in %s\n", u->code);
            utf8_ok = false;
        } else if (combining) {
            printf("  combining mark (not NFC) in %s %s\n", u->code, u->name);
            nfc_ok = false;
        }
        if (!valid_utf8(u->code, &combining) || !valid_utf8(u->province, &combining))
            utf8_ok = false;
    }
    check(duplicate_names(&run_a, true) == 0, "names are unique within each province");
    check(utf8_ok, "all strings are valid UTF-8");
    check(nfc_ok, "names are NFC (no combining marks)");

    /* Determinism: the same seed gives identical output; another seed gives other names. */
    demo_communes(UINT64_C(57), collect, &run_b);
    check(same_runs(&run_a, &run_b), "same seed gives identical output");
    demo_communes(UINT64_C(71), collect, &run_c);
    int differ = 0, same_layout = run_a.count == run_c.count;
    for (int i = 0; i < run_a.count && i < run_c.count; i++) {
        differ += strcmp(run_a.units[i].name, run_c.units[i].name) != 0;
        same_layout &= strcmp(run_a.units[i].code, run_c.units[i].code) == 0 &&
                       strcmp(run_a.units[i].kind, run_c.units[i].kind) == 0;
    }
    snprintf(buf, sizeof buf, "a different seed gives different names (%d of %d differ)", differ, run_a.count);
    check(differ > run_a.count / 2, buf);
    check(same_layout, "a different seed keeps codes, kinds and counts");

    /* Many seeds: the counts never move and names stay unique; the real Xã Vĩnh Hải that
     * data/units.csv bundles under Hải Phòng is never generated there. */
    bool seeds_ok = true, vinh_hai = false;
    for (uint64_t seed = 0; seed < 64; seed++) {
        run_c.count = 0;
        if (demo_communes(seed * UINT64_C(0x9E3779B97F4A7C15), collect, &run_c) != TOTAL ||
            duplicate_names(&run_c, true) != 0)
            seeds_ok = false;
        for (int i = 0; i < run_c.count; i++)
            if (strcmp(run_c.units[i].province, "P31") == 0 &&
                (strcmp(run_c.units[i].name, "Xã Vĩnh Hải") == 0 ||
                 strcmp(run_c.units[i].name, "Phường Vĩnh Hải") == 0))
                vinh_hai = true;
    }
    check(seeds_ok, "64 seeds: always 3321 units with names unique per province");
    check(!vinh_hai, "Vĩnh Hải (a real bundled commune) is never generated in Hải Phòng");

    printf("%d passed, %d failed\n", passed, failed);
    free(sorted);
    return failed ? 1 : 0;
}
