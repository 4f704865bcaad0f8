/* The bundled indicators as `nq57 init` finds them in the binary (data/indicators.csv and
 * data/indicator_targets.csv, data/demo_indicators.csv and data/demo_indicator_targets.csv):
 * the format, every field from its list, every quote verbatim (white space normalised) in the
 * seed document it names and inside the clause its goal names, every target's wording inside
 * the quote or the document with the same figure and comparator as the columns, the goals the
 * issue lists all there with their numbers, and the synthetic demo set covering every kind of
 * aggregation the roll-up has. See data/README.md, "Indicators". */
#include "check.h"
#include "csvcheck.h"
#include "csvread.h"
#include "embedded.h"
#include "text.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

static const char *const indicator_columns[] = {
    "code",          "programme",   "document",      "goal",           "name",
    "unit_of_measure", "direction", "value_type",    "aggregation",    "period_type",
    "reporters",     "baseline_year", "baseline_value", "near_tolerance", "part_of",
    "required",      "quote"};
static const char *const target_columns[] = {"indicator", "year",      "comparator",
                                             "value",     "value_high", "text"};

static const char *const directions[] = {"up", "down", "range"};
static const char *const value_types[] = {"number", "percent", "ratio", "bool", "count", "rank"};
static const char *const aggregations[] = {"sum", "avg", "wratio", "min", "max", "latest", "none"};
static const char *const period_types[] = {"month", "quarter", "half", "year"};
static const char *const comparators[] = {">=", "<=", ">", "<", "=", "between"};
static const char *const unit_kinds[] = {
    "nation",   "centre",          "party_body", "steering_committee", "office",
    "ministry", "agency",          "province",   "city",               "former_province",
    "district", "commune",         "ward",       "special_zone",       "party_committee",
    "party_cell", "school",        "enterprise", "other"};

/* Every goal of 57-NQ/TW section II with a figure or a numbered rank, the two figures of its
 * section III and the one of Notice 05-TB/BCĐTW, in file order: a dropped row fails. */
static const char *const expected_codes[] = {
    "NQ57-II-NLCTS-DNA", "NQ57-II-NLCTS-TG",  "NQ57-II-EGDI-DNA",   "NQ57-II-EGDI-TG",
    "NQ57-II-AI-DNA",    "NQ57-II-DNCNS",     "NQ57-II-TFP",        "NQ57-II-XKCNC",
    "NQ57-II-KTS-GDP",   "NQ57-II-DVCTT",     "NQ57-II-KDTM",       "NQ57-II-DN-DMST",
    "NQ57-II-HDI",       "NQ57-II-RD-GDP",    "NQ57-II-RD-XH",      "NQ57-II-NS-KHCN",
    "NQ57-II-NLNC",      "NQ57-II-TCKHCN-XH", "NQ57-II-CBQT",       "NQ57-II-DKSC",
    "NQ57-II-VBSC",      "NQ57-II-KTTM",      "NQ57-II-THUHUT",     "NQ57-II-DMST-TG",
    "NQ57-II-CDS-TG",    "NQ57-III-NSKH-CNCL", "NQ57-III-KTS-NGANH", "TB05-II-CHUYENGIA",
};

/* The figures the issue names, each with its number (value_high only for "between"). */
static const struct {
    const char *code;
    int year;
    const char *cmp;
    double value, high;
    const char *unit;
} issue_figures[] = {
    {"NQ57-II-KTS-GDP", 2030, ">=", 30, 0, "% GDP"},      /* kinh tế số ≥ 30 % GDP */
    {"NQ57-II-KTS-GDP", 2045, ">=", 50, 0, "% GDP"},      /* … ≥ 50 % GDP */
    {"NQ57-II-RD-GDP", 2030, ">=", 2, 0, "% GDP"},        /* R&D 2 % GDP */
    {"NQ57-II-RD-XH", 2030, ">", 60, 0, NULL},            /* of which > 60 % from society */
    {"NQ57-II-DVCTT", 2030, ">", 80, 0, "%"},             /* online public services > 80 % */
    {"NQ57-II-NLNC", 2030, ">=", 12, 0, "người/10.000 dân"}, /* 12 researchers / 10,000 */
    {"NQ57-II-DKSC", 2030, "between", 16, 18, "%/năm"},   /* patent applications +16–18 %/yr */
    {"NQ57-II-NLCTS-DNA", 2030, "<=", 3, 0, "hạng"},      /* top 3 in South-East Asia */
    {"NQ57-II-EGDI-DNA", 2030, "<=", 3, 0, "hạng"},
    {"NQ57-II-AI-DNA", 2030, "<=", 3, 0, "hạng"},
    {"NQ57-II-NLCTS-TG", 2030, "<=", 50, 0, "hạng"},      /* top 50 in the world */
    {"NQ57-II-EGDI-TG", 2030, "<=", 50, 0, "hạng"},
    {"NQ57-III-NSKH-CNCL", 2030, ">=", 15, 0, NULL},      /* ≥ 15 % of the science budget */
    {"NQ57-II-NS-KHCN", 2030, ">=", 3, 0, NULL},          /* ≥ 3 % of the budget */
    {"NQ57-III-KTS-NGANH", 2030, ">=", 70, 0, NULL},      /* sectors ≥ 70 % of digital economy */
    {"TB05-II-CHUYENGIA", 2030, ">=", 100, 0, "chuyên gia"}, /* ≥ 100 leading experts */
};

/* Shares within a whole, as the issue reads them. */
static const struct {
    const char *code, *whole;
} expected_parts[] = {
    {"NQ57-II-RD-XH", "NQ57-II-RD-GDP"},
    {"NQ57-III-KTS-NGANH", "NQ57-II-KTS-GDP"},
    {"NQ57-III-NSKH-CNCL", "NQ57-II-NS-KHCN"},
};

/* Where each goal clause is written: from START to END in the document (each marker once). */
static const struct {
    const char *doc, *clause, *start, *end;
} clauses[] = {
    {"57-NQ-TW-2024-12-22", "II.1", "\n1. Đến năm 2030\n", "\n2. Tầm nhìn đến năm 2045\n"},
    {"57-NQ-TW-2024-12-22", "II.2", "\n2. Tầm nhìn đến năm 2045\n", "\nIII- NHIỆM VỤ, GIẢI PHÁP\n"},
    {"57-NQ-TW-2024-12-22", "III.3", "\n3. Tăng cường đầu tư, hoàn thiện hạ tầng",
     "\n4. Phát triển, trọng dụng nhân lực"},
    {"57-NQ-TW-2024-12-22", "III.6", "\n6. Thúc đẩy mạnh mẽ hoạt động",
     "\n7. Tăng cường hợp tác quốc tế"},
    {"05-TB-BCDTW-2025-07-04", "II.5.a", "\n5. Về bảo đảm nguồn nhân lực\na) ", "\nb) "},
};
/* The year given to a target whose clause states none (section III, 05-TB/BCĐTW). */
#define UNDATED_YEAR 2030

static struct csv_table units, documents, programmes, ind, tgt, dind, dtgt;

/* Reads an embedded CSV file into T; checks its format (no BOM, CRLF everywhere). */
static bool load_csv(const char *path, struct csv_table *t)
{
    const struct embedded_file *f = embedded_find(path);
    CHECK(f != NULL, "%s is embedded", path);
    if (!f) return false;
    return csv_check_parse(path, (const char *)f->data, f->len, t);
}

static void check_header(const struct csv_table *t, const char *path, const char *const *cols,
                         size_t n)
{
    CHECK(t->cols == n, "%s has %zu columns, want %zu", path, t->cols, n);
    for (size_t i = 0; i < t->cols && i < n; i++)
        CHECK(!strcmp(t->header[i], cols[i]), "%s column %zu is \"%s\", want \"%s\"", path, i + 1,
              t->header[i], cols[i]);
}

static const char *cell(const struct csv_table *t, size_t r, const char *col)
{
    return csv_cell(t, r, csv_col(t, col));
}

static int row_of(const struct csv_table *t, const char *col, const char *value)
{
    int c = csv_col(t, col);
    for (size_t r = 0; r < t->rows; r++)
        if (!strcmp(csv_cell(t, r, c), value)) return (int)r;
    return -1;
}

/* Malloc'd copy of S with every run of white space turned into one space. */
static char *ws_norm(const char *s)
{
    char *o = malloc(strlen(s) + 1), *w = o;
    bool space = false;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
            space = true;
            continue;
        }
        if (space && w > o) *w++ = ' ';
        space = false;
        *w++ = *s;
    }
    *w = '\0';
    return o;
}

/* Where NEEDLE occurs in HAY once white space is normalised in both (NULL if it does not). The
 * answer points into HAY's normalised copy NORM_HAY. */
static const char *find_norm(const char *norm_hay, const char *needle)
{
    char *n = ws_norm(needle);
    const char *at = *n ? strstr(norm_hay, n) : NULL;
    free(n);
    return at;
}

/* Copy of S with ASCII letters and Đ (C4 90) in lower case; byte offsets stay. */
static char *fold_case(const char *s)
{
    size_t len = strlen(s);
    char *o = malloc(len + 1);
    memcpy(o, s, len + 1);
    for (size_t i = 0; i < len; i++) {
        if (o[i] >= 'A' && o[i] <= 'Z')
            o[i] = (char)(o[i] - 'A' + 'a');
        else if ((unsigned char)o[i] == 0xC4 && (unsigned char)o[i + 1] == 0x90)
            o[i + 1] = (char)0x91;
    }
    return o;
}

static bool code_ok(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-')) return false;
    return true;
}

/* A number in the CSV: optional minus, digits, optional dot and digits; nothing else. */
static bool parse_number(const char *s, double *out)
{
    const char *p = s;
    if (*p == '-') p++;
    if (!(*p >= '0' && *p <= '9')) return false;
    while (*p >= '0' && *p <= '9') p++;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) return false;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p) return false;
    *out = strtod(s, NULL);
    return true;
}

static bool parse_year(const char *s, int *out)
{
    if (strlen(s) != 4) return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return false;
    *out = atoi(s);
    return true;
}

/* The numbers written in a Vietnamese TEXT ("0,7" is 0.7, "10.000" is 10000), at most MAX;
 * BEFORE[i] gets the offset where the i-th number starts. Returns how many. */
static size_t numbers_in(const char *text, double *nums, size_t *before, size_t max)
{
    size_t n = 0;
    for (const char *p = text; *p && n < max;) {
        if (!(*p >= '0' && *p <= '9')) {
            p++;
            continue;
        }
        const char *start = p;
        double v = 0;
        for (;;) {
            while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
            if (p[0] == '.' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
                p[3] >= '0' && p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9'))
                p++; /* thousands separator */
            else
                break;
        }
        if (p[0] == ',' && p[1] >= '0' && p[1] <= '9') { /* decimal comma: read as "N.frac" */
            char dec[64];
            int k = snprintf(dec, sizeof dec, "%.0f.", v);
            for (p++; *p >= '0' && *p <= '9'; p++)
                if (k < (int)sizeof dec - 1) dec[k++] = *p;
            dec[k] = '\0';
            v = strtod(dec, NULL);
        }
        before[n] = (size_t)(start - text);
        nums[n++] = v;
    }
    return n;
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && !memcmp(s + len - n, suffix, n);
}

/* The comparator a target's wording states: "tối thiểu", "ít nhất" ≥; "nhóm N" (a rank) ≤;
 * two numbers ("16 - 18%") a band; "trên N", "hơn N" >; otherwise ("đạt N", "tăng N") ≥. */
static const char *comparator_of(const char *text)
{
    char *f = fold_case(text);
    double nums[4];
    size_t at[4];
    size_t n = numbers_in(f, nums, at, 4);
    const char *cmp = ">=";
    if (strstr(f, "tối thiểu") || strstr(f, "ít nhất"))
        cmp = ">=";
    else if (strstr(f, "nhóm "))
        cmp = "<=";
    else if (n == 2)
        cmp = "between";
    else if (n >= 1 && (ends_with(f, at[0], "trên ") || ends_with(f, at[0], "hơn ")))
        cmp = ">";
    free(f);
    return cmp;
}

struct doc {
    const char *key;
    char *norm; /* the text with white space normalised, or NULL when not bundled */
    char *raw;
};
#define MAX_DOCS 64
static struct doc docs[MAX_DOCS];
static size_t ndocs;

static const struct doc *doc_of(const char *key)
{
    for (size_t i = 0; i < ndocs; i++)
        if (!strcmp(docs[i].key, key)) return &docs[i];
    return NULL;
}

/* The clause region [*FROM, *TO) of DOC's normalised text, or false. */
static bool clause_region(const struct doc *d, const char *clause, const char **from,
                          const char **to)
{
    for (size_t i = 0; i < sizeof clauses / sizeof *clauses; i++) {
        if (strcmp(clauses[i].doc, d->key) || strcmp(clauses[i].clause, clause)) continue;
        /* The markers are located in the raw text (they contain line breaks), then the
         * region is mapped into the normalised text by the surrounding content. */
        const char *s = strstr(d->raw, clauses[i].start);
        const char *e = s ? strstr(s + 1, clauses[i].end) : NULL;
        if (!s || !e) return false;
        char *head = strndup(s, (size_t)(e - s));
        char *nh = ws_norm(head);
        free(head);
        const char *at = strstr(d->norm, nh);
        bool ok = at != NULL;
        if (ok) *from = at, *to = at + strlen(nh);
        free(nh);
        return ok;
    }
    return false;
}

/* Splits GOAL ("II.1 (2030); II.2 (2045)", "III.3") into clauses and years (0 if none). */
static size_t goal_parts(const char *goal, char clause[][64], int *year, size_t max)
{
    size_t n = 0;
    const char *p = goal;
    while (*p && n < max) {
        const char *semi = strstr(p, "; ");
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        char part[64];
        snprintf(part, sizeof part, "%.*s", (int)len, p);
        char *paren = strstr(part, " (");
        year[n] = 0;
        if (paren) {
            int y;
            char ybuf[8];
            snprintf(ybuf, sizeof ybuf, "%.4s", paren + 2);
            if (strlen(paren) == 7 && paren[6] == ')' && parse_year(ybuf, &y)) year[n] = y;
            else year[n] = -1;
            *paren = '\0';
        }
        snprintf(clause[n], 64, "%s", part);
        n++;
        p = semi ? semi + 2 : p + len;
    }
    return n;
}

static size_t split_list(const char *s, char *buf, size_t cap, const char **items, size_t max)
{
    snprintf(buf, cap, "%s", s);
    size_t n = 0;
    if (!*buf) return 0;
    for (char *tok = buf; tok && n < max;) {
        char *semi = strchr(tok, ';');
        if (semi) *semi = '\0';
        items[n++] = tok;
        tok = semi ? semi + 1 : NULL;
    }
    return n;
}

/* The rows of one indicators file. DEMO: the synthetic set (no document, no quote). */
static void check_indicators(const struct csv_table *t, const char *path, bool demo)
{
    check_header(t, path, indicator_columns, sizeof indicator_columns / sizeof *indicator_columns);
    CHECK(t->rows > 0, "%s has rows", path);
    for (size_t r = 0; r < t->rows; r++) {
        const char *code = cell(t, r, "code");
        for (size_t c = 0; c < t->cols; c++)
            CHECK(nfc(csv_cell(t, r, (int)c)), "%s: %s is NFC", code, t->header[c]);
        CHECK(code_ok(code), "%s: code is A-Z, 0-9 and '-'", code);
        CHECK(!strncmp(code, "DEMO-", 5) == demo, "%s: a DEMO- code exactly in the demo file",
              code);
        for (size_t q = 0; q < r; q++)
            CHECK(strcmp(code, cell(t, q, "code")), "%s: code repeated", code);
        CHECK(row_of(demo ? &ind : &dind, "code", code) < 0, "%s: code in both files", code);

        CHECK(row_of(&programmes, "code", cell(t, r, "programme")) >= 0,
              "%s: programme \"%s\" is in programmes.csv", code, cell(t, r, "programme"));
        CHECK(*cell(t, r, "name"), "%s: has a name", code);
        CHECK(*cell(t, r, "unit_of_measure"), "%s: has a unit of measure", code);

        const char *dir = cell(t, r, "direction"), *vt = cell(t, r, "value_type");
        const char *agg = cell(t, r, "aggregation"), *per = cell(t, r, "period_type");
        CHECK(IN(dir, directions), "%s: direction \"%s\" from the list", code, dir);
        CHECK(IN(vt, value_types), "%s: value_type \"%s\" from the list", code, vt);
        CHECK(IN(agg, aggregations), "%s: aggregation \"%s\" from the list", code, agg);
        CHECK(IN(per, period_types), "%s: period_type \"%s\" from the list", code, per);
        if (!strcmp(vt, "rank")) {
            CHECK(!strcmp(dir, "down"), "%s: a rank goes down", code);
            CHECK(!strcmp(cell(t, r, "unit_of_measure"), "hạng"), "%s: a rank's unit is hạng",
                  code);
        }
        if (!strcmp(vt, "percent"))
            CHECK(cell(t, r, "unit_of_measure")[0] == '%', "%s: a percent's unit starts with %%",
                  code);

        char buf[512];
        const char *items[32];
        size_t n = split_list(cell(t, r, "reporters"), buf, sizeof buf, items, 32);
        CHECK(n > 0, "%s: has reporters", code);
        for (size_t i = 0; i < n; i++) {
            bool kind = IN(items[i], unit_kinds), unit = row_of(&units, "code", items[i]) >= 0;
            CHECK(kind || unit, "%s: reporter \"%s\" is a unit kind or a unit of units.csv", code,
                  items[i]);
            for (size_t j = 0; j < i; j++)
                CHECK(strcmp(items[i], items[j]), "%s: reporter %s twice", code, items[i]);
        }

        const char *by = cell(t, r, "baseline_year"), *bv = cell(t, r, "baseline_value");
        int y;
        double v;
        CHECK(!*by == !*bv, "%s: baseline year and value given together", code);
        if (*by) CHECK(parse_year(by, &y), "%s: baseline_year \"%s\"", code, by);
        if (*bv) CHECK(parse_number(bv, &v), "%s: baseline_value \"%s\"", code, bv);
        const char *tol = cell(t, r, "near_tolerance");
        if (*tol) CHECK(parse_number(tol, &v) && v >= 0, "%s: near_tolerance \"%s\"", code, tol);

        const char *part = cell(t, r, "part_of");
        if (*part) {
            int w = row_of(t, "code", part);
            CHECK(w >= 0 && (size_t)w < r, "%s: part_of \"%s\" is an earlier row", code, part);
        }
        const char *req = cell(t, r, "required");
        CHECK(!strcmp(req, "0") || !strcmp(req, "1"), "%s: required \"%s\" is 0 or 1", code, req);

        const char *docname = cell(t, r, "document"), *quote = cell(t, r, "quote");
        const char *goal = cell(t, r, "goal");
        if (demo) {
            CHECK(!*docname && !*quote && !*goal, "%s: demo rows have no document, goal, quote",
                  code);
            CHECK(!strcmp(per, "month"), "%s: demo rows are monthly", code);
            for (size_t i = 0; i < n; i++)
                CHECK(IN(items[i], unit_kinds), "%s: demo reporters are kinds", code);
            continue;
        }
        /* National goals: figures for the whole country, reported by the root once a year. */
        CHECK(!strcmp(agg, "none") && !strcmp(per, "year") && !strcmp(cell(t, r, "reporters"), "VN"),
              "%s: a national figure (none, year, VN)", code);
        const struct doc *d = doc_of(docname);
        CHECK(d && d->norm, "%s: document \"%s\" is bundled with its text", code, docname);
        if (!d || !d->norm) continue;
        const char *at = find_norm(d->norm, quote);
        CHECK(at != NULL, "%s: quote is verbatim in %s: \"%s\"", code, docname, quote);

        char cl[4][64];
        int yr[4];
        size_t np = goal_parts(goal, cl, yr, 4);
        CHECK(np > 0, "%s: has a goal", code);
        for (size_t i = 0; i < np; i++) {
            const char *from, *to;
            CHECK(yr[i] >= 0, "%s: goal \"%s\": \"CLAUSE\" or \"CLAUSE (YEAR)\"", code, goal);
            bool known = clause_region(d, cl[i], &from, &to);
            CHECK(known, "%s: goal clause %s is found in %s", code, cl[i], docname);
            if (known && i == 0 && at) {
                char *nq = ws_norm(quote);
                CHECK(at >= from && at + strlen(nq) <= to, "%s: quote is inside clause %s", code,
                      cl[i]);
                free(nq);
            }
        }
    }
}

/* The targets of one file against its indicators. */
static void check_targets(const struct csv_table *t, const struct csv_table *it, const char *path,
                          bool demo)
{
    check_header(t, path, target_columns, sizeof target_columns / sizeof *target_columns);
    for (size_t r = 0; r < t->rows; r++) {
        const char *code = cell(t, r, "indicator");
        for (size_t c = 0; c < t->cols; c++)
            CHECK(nfc(csv_cell(t, r, (int)c)), "%s target: %s is NFC", code, t->header[c]);
        int ir = row_of(it, "code", code);
        CHECK(ir >= 0, "%s: target's indicator is in the indicators file", code);
        if (ir < 0) continue;
        int year = 0;
        bool yok = parse_year(cell(t, r, "year"), &year);
        CHECK(yok && year >= 2025 && year <= 2050, "%s: year \"%s\"", code, cell(t, r, "year"));
        for (size_t q = 0; q < r; q++)
            CHECK(strcmp(code, cell(t, q, "indicator")) ||
                      strcmp(cell(t, r, "year"), cell(t, q, "year")),
                  "%s: two targets for %s", code, cell(t, r, "year"));

        const char *cmp = cell(t, r, "comparator"), *vs = cell(t, r, "value");
        const char *hs = cell(t, r, "value_high"), *text = cell(t, r, "text");
        const char *dir = cell(it, (size_t)ir, "direction"), *vt = cell(it, (size_t)ir, "value_type");
        double v = 0, h = 0;
        CHECK(IN(cmp, comparators), "%s %d: comparator \"%s\" from the list", code, year, cmp);
        CHECK(parse_number(vs, &v), "%s %d: value \"%s\" is a number", code, year, vs);
        if (!strcmp(cmp, "between"))
            CHECK(parse_number(hs, &h) && h > v, "%s %d: value_high \"%s\" above value", code,
                  year, hs);
        else
            CHECK(!*hs, "%s %d: value_high only for between", code, year);
        if (!strcmp(dir, "up"))
            CHECK(strcmp(cmp, "<=") && strcmp(cmp, "<"), "%s %d: %s for a rising indicator", code,
                  year, cmp);
        if (!strcmp(dir, "down"))
            CHECK(strcmp(cmp, ">=") && strcmp(cmp, ">") && strcmp(cmp, "between"),
                  "%s %d: %s for a falling indicator", code, year, cmp);
        if (!strcmp(dir, "range"))
            CHECK(!strcmp(cmp, "between"), "%s %d: a range indicator has a band", code, year);
        if (!strcmp(vt, "rank"))
            CHECK(!strcmp(cmp, "<=") && v >= 1 && v == floor(v), "%s %d: a rank target is <= N",
                  code, year);
        if (!strcmp(vt, "count"))
            CHECK(v >= 0 && v == floor(v) && h == floor(h), "%s %d: a count is whole", code, year);
        if (!strcmp(vt, "percent") || !strcmp(vt, "ratio"))
            CHECK(v >= 0 && v <= 100 && h <= 100, "%s %d: a share within 0-100", code, year);
        if (!strcmp(vt, "bool"))
            CHECK(v >= 0 && v <= 1, "%s %d: a yes/no target is a share 0-1", code, year);

        if (demo) continue;
        /* As written: the wording inside the quote or the document, with the same figures. */
        CHECK(*text, "%s %d: target text given", code, year);
        const struct doc *d = doc_of(cell(it, (size_t)ir, "document"));
        if (!d || !d->norm || !*text) continue;
        char *nquote = ws_norm(cell(it, (size_t)ir, "quote"));
        const char *in_doc = find_norm(d->norm, text);
        bool in_quote = find_norm(nquote, text) != NULL;
        free(nquote);
        CHECK(in_quote || in_doc, "%s %d: text \"%s\" is in the quote or %s", code, year, text,
              d->key);
        double nums[4];
        size_t at[4];
        size_t n = numbers_in(text, nums, at, 4);
        if (!strcmp(cmp, "between"))
            CHECK(n == 2 && nums[0] == v && nums[1] == h, "%s %d: \"%s\" says %g - %g", code, year,
                  text, v, h);
        else
            CHECK(n == 1 && nums[0] == v, "%s %d: \"%s\" says %g", code, year, text, v);
        CHECK(!strcmp(comparator_of(text), cmp), "%s %d: \"%s\" reads as %s, not %s", code, year,
              text, comparator_of(text), cmp);

        /* The year: the one the goal gives the clause where the text is written; a clause
         * without a year (section III, the notice) gets the documented UNDATED_YEAR. */
        char cl[4][64];
        int yr[4];
        size_t np = goal_parts(cell(it, (size_t)ir, "goal"), cl, yr, 4);
        bool placed = false, undated = true;
        for (size_t i = 0; i < np; i++) {
            const char *from, *to;
            if (yr[i] > 0) undated = false;
            if (yr[i] != year || !clause_region(d, cl[i], &from, &to)) continue;
            char *nt = ws_norm(text);
            for (const char *p = strstr(from, nt); p && p + strlen(nt) <= to; p = strstr(p + 1, nt))
                placed = true;
            free(nt);
        }
        CHECK(placed || (undated && year == UNDATED_YEAR),
              "%s %d: \"%s\" is written in the goal's clause for %d", code, year, text, year);
    }
    /* Every indicator has a target; every dated clause of its goal has one for its year. */
    for (size_t r = 0; r < it->rows; r++) {
        const char *code = cell(it, r, "code");
        int count = 0;
        bool y2025 = false, y2030 = false;
        for (size_t q = 0; q < t->rows; q++) {
            if (strcmp(cell(t, q, "indicator"), code)) continue;
            count++;
            y2025 |= !strcmp(cell(t, q, "year"), "2025");
            y2030 |= !strcmp(cell(t, q, "year"), "2030");
        }
        CHECK(count > 0, "%s: has a target", code);
        if (demo) CHECK(y2025 && y2030, "%s: demo targets for 2025 and 2030", code);
        char cl[4][64];
        int yr[4];
        size_t np = goal_parts(cell(it, r, "goal"), cl, yr, 4);
        for (size_t i = 0; i < np; i++) {
            if (yr[i] <= 0) continue;
            char ybuf[16];
            snprintf(ybuf, sizeof ybuf, "%d", yr[i]);
            bool found = false;
            for (size_t q = 0; q < t->rows; q++)
                found |= !strcmp(cell(t, q, "indicator"), code) && !strcmp(cell(t, q, "year"), ybuf);
            CHECK(found, "%s: a target for %s, the year of its goal %s", code, ybuf, cl[i]);
        }
    }
}

static void check_expected(void)
{
    size_t n = sizeof expected_codes / sizeof *expected_codes;
    CHECK(ind.rows == n, "indicators.csv has %zu rows, the test expects %zu", ind.rows, n);
    for (size_t i = 0; i < n; i++) {
        int r = row_of(&ind, "code", expected_codes[i]);
        CHECK(r >= 0, "expected indicator %s is bundled", expected_codes[i]);
        CHECK(r < 0 || (size_t)r == i, "%s is row %zu, expected row %zu", expected_codes[i],
              (size_t)r + 1, i + 1);
    }
    for (size_t i = 0; i < sizeof issue_figures / sizeof *issue_figures; i++) {
        const char *code = issue_figures[i].code;
        int r = row_of(&ind, "code", code);
        CHECK(r >= 0, "%s (named in the issue) is bundled", code);
        if (r < 0) continue;
        if (issue_figures[i].unit)
            CHECK(!strcmp(cell(&ind, (size_t)r, "unit_of_measure"), issue_figures[i].unit),
                  "%s: unit \"%s\", want \"%s\"", code, cell(&ind, (size_t)r, "unit_of_measure"),
                  issue_figures[i].unit);
        char ybuf[8];
        snprintf(ybuf, sizeof ybuf, "%d", issue_figures[i].year);
        bool found = false;
        for (size_t q = 0; q < tgt.rows; q++) {
            if (strcmp(cell(&tgt, q, "indicator"), code) || strcmp(cell(&tgt, q, "year"), ybuf))
                continue;
            found = true;
            double v = -1, h = 0;
            parse_number(cell(&tgt, q, "value"), &v);
            if (*cell(&tgt, q, "value_high")) parse_number(cell(&tgt, q, "value_high"), &h);
            CHECK(!strcmp(cell(&tgt, q, "comparator"), issue_figures[i].cmp) &&
                      v == issue_figures[i].value && h == issue_figures[i].high,
                  "%s %s: %s %g (%g), want %s %g (%g)", code, ybuf, cell(&tgt, q, "comparator"), v,
                  h, issue_figures[i].cmp, issue_figures[i].value, issue_figures[i].high);
        }
        CHECK(found, "%s: a target for %s", code, ybuf);
    }
    for (size_t i = 0; i < sizeof expected_parts / sizeof *expected_parts; i++) {
        int r = row_of(&ind, "code", expected_parts[i].code);
        CHECK(r >= 0 && !strcmp(cell(&ind, (size_t)r, "part_of"), expected_parts[i].whole),
              "%s is part of %s", expected_parts[i].code, expected_parts[i].whole);
    }
}

/* The demo set exercises every roll-up: each aggregation but none, yes/no, shares and counts,
 * a part of a whole, commune-level and provincial reporters. */
static void check_demo_coverage(void)
{
    static const char *const aggs[] = {"sum", "avg", "wratio", "min", "max", "latest"};
    static const char *const types[] = {"ratio", "percent", "count", "bool", "number"};
    for (size_t i = 0; i < sizeof aggs / sizeof *aggs; i++)
        CHECK(row_of(&dind, "aggregation", aggs[i]) >= 0, "a demo indicator aggregates by %s",
              aggs[i]);
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        CHECK(row_of(&dind, "value_type", types[i]) >= 0, "a demo indicator of type %s", types[i]);
    bool part = false, commune = false, province = false;
    for (size_t r = 0; r < dind.rows; r++) {
        part |= *cell(&dind, r, "part_of") != '\0';
        commune |= strstr(cell(&dind, r, "reporters"), "commune") != NULL;
        province |= strstr(cell(&dind, r, "reporters"), "province") != NULL;
        CHECK(strcmp(cell(&dind, r, "aggregation"), "none"), "%s: a local figure rolls up",
              cell(&dind, r, "code"));
    }
    CHECK(part, "a demo indicator is part of another");
    CHECK(commune && province, "demo indicators for communes and for provinces");
}

int main(void)
{
    if (!load_csv("data/units.csv", &units) || !load_csv("data/documents.csv", &documents) ||
        !load_csv("data/programmes.csv", &programmes) ||
        !load_csv("data/indicators.csv", &ind) ||
        !load_csv("data/indicator_targets.csv", &tgt) ||
        !load_csv("data/demo_indicators.csv", &dind) ||
        !load_csv("data/demo_indicator_targets.csv", &dtgt))
        return check_done("indicators data");

    for (size_t r = 0; r < documents.rows && ndocs < MAX_DOCS; r++) {
        struct doc *d = &docs[ndocs++];
        d->key = cell(&documents, r, "key");
        const char *file = cell(&documents, r, "text_file");
        if (!*file) continue;
        char path[300];
        snprintf(path, sizeof path, "data/%s", file);
        const struct embedded_file *f = embedded_find(path);
        CHECK(f != NULL, "%s is embedded", path);
        if (!f) continue;
        d->raw = strndup((const char *)f->data, f->len);
        d->norm = ws_norm(d->raw);
    }
    for (size_t i = 0; i < sizeof clauses / sizeof *clauses; i++) {
        const struct doc *d = doc_of(clauses[i].doc);
        CHECK(d && d->raw, "%s is bundled with its text", clauses[i].doc);
        if (!d || !d->raw) continue;
        const char *s = strstr(d->raw, clauses[i].start);
        CHECK(s && !strstr(s + 1, clauses[i].start), "%s: clause %s starts once", clauses[i].doc,
              clauses[i].clause);
        CHECK(s && strstr(s + 1, clauses[i].end), "%s: clause %s ends", clauses[i].doc,
              clauses[i].clause);
    }

    check_indicators(&ind, "data/indicators.csv", false);
    check_targets(&tgt, &ind, "data/indicator_targets.csv", false);
    check_indicators(&dind, "data/demo_indicators.csv", true);
    check_targets(&dtgt, &dind, "data/demo_indicator_targets.csv", true);
    check_expected();
    check_demo_coverage();

    for (size_t i = 0; i < ndocs; i++) free(docs[i].raw), free(docs[i].norm);
    csv_table_free(&units);
    csv_table_free(&documents);
    csv_table_free(&programmes);
    csv_table_free(&ind);
    csv_table_free(&tgt);
    csv_table_free(&dind);
    csv_table_free(&dtgt);
    return check_done("indicators data");
}
