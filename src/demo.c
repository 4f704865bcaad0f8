/* Synthetic commune generator (see demo.h for the contract).
 *
 * Counts. The per-province numbers of wards (phường), communes (xã) and special zones (đặc khu)
 * are the published ones as we know them: they add up to the national totals of 687 wards,
 * 2,621 communes and 13 special zones (3,321 units), with Thành phố Hồ Chí Minh the largest (168),
 * Lai Châu the smallest (38) and Hà Nội at 126. data/README.md says which of them were checked
 * against the press and which are from memory.
 *
 * Names. Special zones keep their real names. Every other unit gets a two-syllable name built
 * from common Sino-Vietnamese place-name syllables ("Tân Phú", "Hòa Bình", "Long Thạnh"), with a
 * few regional syllables so that northern provinces lean to "Phúc"/"Thịnh" and southern ones to
 * "Phước"/"Thạnh" as real names do. A name is never used twice within a province (whatever the
 * unit's kind), never repeats a special zone's name, and avoids the few real communes that
 * data/units.csv bundles (Xã Vĩnh Hải in Hải Phòng). The choice of names depends only on the
 * seed and the province, so one province's names do not shift when another's counts change.
 *
 * Codes. "P" + the province's two-digit code + "-" + a five-digit number that runs 00001…03321
 * across the whole country in emission order, like the real statistics-office commune codes,
 * which are nationally unique five-digit numbers. */
#include "demo.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum region { NORTH, CENTRAL, SOUTH };

struct province_spec {
    const char *code;         /* "P01" */
    enum region region;
    int wards;
    int communes;
    const char *zones[4];     /* real special-zone names, NULL-terminated */
    const char *reserved[2];  /* names of real units bundled in data/units.csv, NULL-terminated */
};

/* In province-code order, as the provinces are emitted. */
static const struct province_spec PROVINCES[] = {
    {"P01", NORTH, 51, 75, {NULL}, {NULL}},                            /* Hà Nội */
    {"P04", NORTH, 3, 53, {NULL}, {NULL}},                             /* Cao Bằng */
    {"P08", NORTH, 7, 117, {NULL}, {NULL}},                            /* Tuyên Quang */
    {"P11", NORTH, 3, 42, {NULL}, {NULL}},                             /* Điện Biên */
    {"P12", NORTH, 2, 36, {NULL}, {NULL}},                             /* Lai Châu */
    {"P14", NORTH, 8, 67, {NULL}, {NULL}},                             /* Sơn La */
    {"P15", NORTH, 10, 89, {NULL}, {NULL}},                            /* Lào Cai */
    {"P19", NORTH, 15, 77, {NULL}, {NULL}},                            /* Thái Nguyên */
    {"P20", NORTH, 4, 61, {NULL}, {NULL}},                             /* Lạng Sơn */
    {"P22", NORTH, 30, 22, {"Vân Đồn", "Cô Tô", NULL}, {NULL}},        /* Quảng Ninh */
    {"P24", NORTH, 33, 66, {NULL}, {NULL}},                            /* Bắc Ninh */
    {"P25", NORTH, 15, 133, {NULL}, {NULL}},                           /* Phú Thọ */
    {"P31", NORTH, 45, 67, {"Cát Hải", "Bạch Long Vĩ", NULL}, {"Vĩnh Hải", NULL}}, /* Hải Phòng */
    {"P33", NORTH, 11, 93, {NULL}, {NULL}},                            /* Hưng Yên */
    {"P37", NORTH, 32, 97, {NULL}, {NULL}},                            /* Ninh Bình */
    {"P38", NORTH, 19, 147, {NULL}, {NULL}},                           /* Thanh Hóa */
    {"P40", NORTH, 11, 119, {NULL}, {NULL}},                           /* Nghệ An */
    {"P42", NORTH, 9, 60, {NULL}, {NULL}},                             /* Hà Tĩnh */
    {"P44", CENTRAL, 8, 69, {"Cồn Cỏ", NULL}, {NULL}},                 /* Quảng Trị */
    {"P46", CENTRAL, 21, 19, {NULL}, {NULL}},                          /* Huế */
    {"P48", CENTRAL, 23, 70, {"Hoàng Sa", NULL}, {NULL}},              /* Đà Nẵng */
    {"P51", CENTRAL, 9, 86, {"Lý Sơn", NULL}, {NULL}},                 /* Quảng Ngãi */
    {"P52", CENTRAL, 25, 110, {NULL}, {NULL}},                         /* Gia Lai */
    {"P56", CENTRAL, 16, 48, {"Trường Sa", NULL}, {NULL}},             /* Khánh Hòa */
    {"P66", CENTRAL, 14, 88, {NULL}, {NULL}},                          /* Đắk Lắk */
    {"P68", CENTRAL, 20, 103, {"Phú Quý", NULL}, {NULL}},              /* Lâm Đồng */
    {"P75", SOUTH, 23, 72, {NULL}, {NULL}},                            /* Đồng Nai */
    {"P79", SOUTH, 113, 54, {"Côn Đảo", NULL}, {NULL}},                /* Thành phố Hồ Chí Minh */
    {"P80", SOUTH, 14, 82, {NULL}, {NULL}},                            /* Tây Ninh */
    {"P82", SOUTH, 20, 82, {NULL}, {NULL}},                            /* Đồng Tháp */
    {"P86", SOUTH, 19, 105, {NULL}, {NULL}},                           /* Vĩnh Long */
    {"P91", SOUTH, 14, 85, {"Phú Quốc", "Kiên Hải", "Thổ Châu", NULL}, {NULL}}, /* An Giang */
    {"P92", SOUTH, 31, 72, {NULL}, {NULL}},                            /* Cần Thơ */
    {"P96", SOUTH, 9, 55, {NULL}, {NULL}},                             /* Cà Mau */
};
#define PROVINCE_COUNT (sizeof PROVINCES / sizeof PROVINCES[0])

/* Name syllables. All literals are NFC (precomposed), with the modern accent placement used in
 * official names ("Hòa", "Thủy"). */
static const char *const FIRST_COMMON[] = {
    "An", "Bình", "Tân", "Phú", "Hòa", "Long", "Mỹ", "Đông", "Tây", "Nam", "Bắc", "Hưng",
    "Đức", "Quang", "Trung", "Nghĩa", "Vĩnh", "Thái", "Hải", "Hồng", "Kim", "Ngọc", "Thanh",
    "Minh", "Xuân", "Hiệp", "Thuận", "Lộc", "Cẩm", "Gia", "Yên", "Đại", "Lạc", "Phong",
    "Tiên", "Thiện", "Quảng", "Hương", "Thạch", "Vạn",
};
static const char *const SECOND_COMMON[] = {
    "An", "Bình", "Phú", "Hòa", "Long", "Mỹ", "Hưng", "Lợi", "Đức", "Quang", "Trung",
    "Nghĩa", "Sơn", "Hải", "Lâm", "Thủy", "Hiệp", "Thành", "Lộc", "Tiến", "Phong",
    "Khánh", "Điền", "Định", "Xuân", "Thuận", "Tân", "Lạc", "Hà", "Giang", "Châu", "Đông",
    "Tây", "Nam", "Bắc", "Vinh", "Thọ", "Hội", "Lập", "Quý",
};
static const char *const FIRST_NORTH[] = {"Phúc", "Đồng", "Thượng", "Hạ", "Liên", "Tràng"};
static const char *const SECOND_NORTH[] = {"Phúc", "Thịnh", "Yên", "Cường", "Lương", "Khê"};
static const char *const FIRST_CENTRAL[] = {"Phước", "Điện", "Duy", "Tam", "Cam", "Ninh"};
static const char *const SECOND_CENTRAL[] = {"Phước", "Ninh", "Kỳ", "Thắng", "Trà", "Mỹ"};
static const char *const FIRST_SOUTH[] = {"Phước", "Thạnh", "Thới", "Mỹ", "Vĩnh", "Tân"};
static const char *const SECOND_SOUTH[] = {"Phước", "Thạnh", "Thới", "Hậu", "Hữu", "Tường"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_SYLLABLES 48

static const char *const DIRECTIONS[] = {"Đông", "Tây", "Nam", "Bắc"};

static bool is_direction(const char *s)
{
    for (size_t i = 0; i < COUNT(DIRECTIONS); i++)
        if (strcmp(s, DIRECTIONS[i]) == 0)
            return true;
    return false;
}

/* splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough to pick names. */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Appends the common list and then the region's list to OUT, skipping syllables already there
 * ("Mỹ" is both common and southern). Returns the number of syllables. */
static size_t syllables(const char *const *common, size_t ncommon, const char *const *regional,
                        size_t nregional, const char *out[MAX_SYLLABLES])
{
    size_t n = 0;
    for (size_t i = 0; i < ncommon + nregional && n < MAX_SYLLABLES; i++) {
        const char *s = i < ncommon ? common[i] : regional[i - ncommon];
        bool dup = false;
        for (size_t j = 0; j < n && !dup; j++)
            dup = strcmp(out[j], s) == 0;
        if (!dup)
            out[n++] = s;
    }
    return n;
}

/* Per-province name picker: which first/second syllable pairs are taken. */
struct namer {
    const char *first[MAX_SYLLABLES];
    const char *second[MAX_SYLLABLES];
    size_t nfirst, nsecond;
    bool used[MAX_SYLLABLES][MAX_SYLLABLES];
    uint64_t rng;
};

/* True when NAME is exactly the two syllables X and Y separated by one space. */
static bool is_pair(const char *name, const char *x, const char *y)
{
    size_t lx = strlen(x);
    return strncmp(name, x, lx) == 0 && name[lx] == ' ' && strcmp(name + lx + 1, y) == 0;
}

/* A pair is acceptable when it reads like a place name: two different syllables, not two
 * compass points ("Đông Tây"), not yet used in the province, and not the name of one of the
 * province's special zones or of a real commune that data/units.csv bundles (so that loading
 * both never gives a province two units of the same name). */
static bool pair_ok(const struct namer *nm, const struct province_spec *p, size_t a, size_t b)
{
    const char *x = nm->first[a], *y = nm->second[b];
    if (nm->used[a][b] || strcmp(x, y) == 0 || (is_direction(x) && is_direction(y)))
        return false;
    for (size_t z = 0; p->zones[z]; z++)
        if (is_pair(p->zones[z], x, y))
            return false;
    for (size_t r = 0; p->reserved[r]; r++)
        if (is_pair(p->reserved[r], x, y))
            return false;
    return true;
}

static void namer_init(struct namer *nm, const struct province_spec *p, size_t index, uint64_t seed)
{
    const char *const *f = FIRST_NORTH, *const *s = SECOND_NORTH;
    size_t nf = COUNT(FIRST_NORTH), ns = COUNT(SECOND_NORTH);
    if (p->region == CENTRAL) {
        f = FIRST_CENTRAL, nf = COUNT(FIRST_CENTRAL);
        s = SECOND_CENTRAL, ns = COUNT(SECOND_CENTRAL);
    } else if (p->region == SOUTH) {
        f = FIRST_SOUTH, nf = COUNT(FIRST_SOUTH);
        s = SECOND_SOUTH, ns = COUNT(SECOND_SOUTH);
    }
    memset(nm, 0, sizeof *nm);
    nm->nfirst = syllables(FIRST_COMMON, COUNT(FIRST_COMMON), f, nf, nm->first);
    nm->nsecond = syllables(SECOND_COMMON, COUNT(SECOND_COMMON), s, ns, nm->second);
    /* Mix the province into the seed so each province draws its own sequence. */
    nm->rng = seed ^ ((uint64_t)(index + 1) * UINT64_C(0xD1B54A32D192ED03));
    (void)splitmix64(&nm->rng);
}

/* Picks an unused pair: a few random draws, then (if unlucky) a scan onward from the last draw,
 * which always succeeds because a province needs at most 168 of the ~2,000 pairs. */
static void namer_next(struct namer *nm, const struct province_spec *p, const char **x,
                       const char **y)
{
    size_t total = nm->nfirst * nm->nsecond, k = 0;
    for (int attempt = 0; attempt < 64; attempt++) {
        k = (size_t)(splitmix64(&nm->rng) % total);
        if (pair_ok(nm, p, k / nm->nsecond, k % nm->nsecond))
            goto found;
    }
    for (size_t step = 1; step <= total; step++) {
        size_t j = (k + step) % total;
        if (pair_ok(nm, p, j / nm->nsecond, j % nm->nsecond)) {
            k = j;
            goto found;
        }
    }
    /* Unreachable with the tables above; keep the output well-formed regardless. */
    *x = "Tân", *y = "Lập";
    return;
found:
    nm->used[k / nm->nsecond][k % nm->nsecond] = true;
    *x = nm->first[k / nm->nsecond];
    *y = nm->second[k % nm->nsecond];
}

int demo_commune_total(void)
{
    int total = 0;
    for (size_t i = 0; i < PROVINCE_COUNT; i++) {
        total += PROVINCES[i].wards + PROVINCES[i].communes;
        for (size_t z = 0; PROVINCES[i].zones[z]; z++)
            total++;
    }
    return total;
}

int demo_communes(uint64_t seed, demo_emit_fn emit, void *ctx)
{
    int emitted = 0;
    struct namer nm;
    for (size_t i = 0; i < PROVINCE_COUNT; i++) {
        const struct province_spec *p = &PROVINCES[i];
        namer_init(&nm, p, i, seed);
        int plain = p->wards + p->communes;
        int nzones = 0;
        while (p->zones[nzones])
            nzones++;
        for (int n = 0; n < plain + nzones; n++) {
            struct demo_commune c;
            memset(&c, 0, sizeof c);
            c.province = p->code;
            snprintf(c.code, sizeof c.code, "%s-%05d", p->code, emitted + 1);
            if (n < plain) {
                const char *x, *y;
                bool ward = n < p->wards;
                namer_next(&nm, p, &x, &y);
                c.kind = ward ? "ward" : "commune";
                snprintf(c.name, sizeof c.name, "%s %s %s", ward ? "Phường" : "Xã", x, y);
            } else {
                c.kind = "special_zone";
                snprintf(c.name, sizeof c.name, "Đặc khu %s", p->zones[n - plain]);
            }
            if (emit)
                emit(ctx, &c);
            emitted++;
        }
    }
    return emitted;
}

/* end of demo.c */
