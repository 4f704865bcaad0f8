/* Text folding, NFC and UTF-8 validation: the rules behind diacritic-insensitive search. */
#include "check.h"
#include "text.h"
#include "util.h"

#include <stdlib.h>

int main(void)
{
    static const struct { const char *in, *folded; } fold_cases[] = {
        {"Thành phố Hà Nội", "thanh pho ha noi"},
        {"Tỉnh Đắk Lắk", "tinh dak lak"},
        {"ĐẢNG ỦY", "dang uy"},
        {"xanh hoá", "xanh hoa"},
        {"xanh hóa", "xanh hoa"},            /* both tone-mark placements */
        {"  Huế \t  Cần\nThơ  ", "hue can tho"},
        {"Bà Rịa–Vũng Tàu", "ba ria–vung tau"},
        {"Quảng Ngãi", "quang ngai"},
        {"đặc khu Phú Quốc", "dac khu phu quoc"},
        {"ABC-123", "abc-123"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof fold_cases / sizeof fold_cases[0]; i++) {
        char *f = text_fold(fold_cases[i].in);
        CHECK_STR(f, fold_cases[i].folded);
        free(f);
    }
    /* Decomposed input (NFD, as some keyboards send) folds the same way and normalises to NFC. */
    const char *nfd = "Ha\xcc\x80 No\xcc\x82\xcc\xa3i";   /* "Hà Nội" decomposed */
    char *f = text_fold(nfd);
    CHECK_STR(f, "ha noi");
    free(f);
    char *nfc = text_nfc(nfd);
    CHECK_STR(nfc, "Hà Nội");
    free(nfc);

    CHECK(text_valid_utf8("Hà Nội", strlen("Hà Nội")), "valid text");
    CHECK(!text_valid_utf8("\xff\xfe", 2), "invalid bytes");
    CHECK(!text_valid_utf8("a\x01" "b", 3), "control character");
    CHECK(!text_valid_utf8("a\0b", 3), "NUL inside");
    CHECK(text_fold("\xc3\x28") == NULL, "fold rejects invalid UTF-8");
    CHECK(text_length("Hà Nội") == 6, "length counts characters, got %zu", text_length("Hà Nội"));

    static const struct { const char *s; int valid; } dates[] = {
        {"2025-07-01", 1}, {"2024-02-29", 1}, {"2025-02-29", 0}, {"2100-02-29", 0},
        {"2000-02-29", 1}, {"2025-13-01", 0}, {"2025-00-10", 0}, {"2025-04-31", 0},
        {"25-07-01", 0},   {"2025/07/01", 0}, {"2025-7-1", 0},   {"", 0},
        {"1899-12-31", 0}, {"2025-12-31", 1}, {"2025-07-0a", 0},
    };
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
        CHECK(util_date_valid(dates[i].s) == dates[i].valid, "date %s", dates[i].s);
    static const struct { const char *from; int days; const char *to; } adds[] = {
        {"2025-07-01", -1, "2025-06-30"}, {"2024-12-31", 1, "2025-01-01"},
        {"2024-02-28", 1, "2024-02-29"},  {"2025-03-01", -1, "2025-02-28"},
        {"2025-01-01", 365, "2026-01-01"},
    };
    for (size_t i = 0; i < sizeof adds / sizeof adds[0]; i++) {
        char out[ISO_DATE_LEN];
        util_date_add(adds[i].from, adds[i].days, out);
        CHECK_STR(out, adds[i].to);
    }
    return check_done("text and dates");
}
