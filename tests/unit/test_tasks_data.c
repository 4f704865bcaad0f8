/* The bundled tasks (data/tasks.csv) against the documents they quote, read from the repository
 * without the server: every task's text and deadline are verbatim in its document, every dated
 * instruction of the scanned sections is bundled exactly once, the clause numbers agree with the
 * document's headings, the unit codes exist on the document's date, a single lead is the body
 * the clause names, and the tags come from their lists. Run from the repository root. */
#include "check.h"
#include "csvcheck.h"
#include "csvread.h"
#include "text.h"

#include <stdbool.h>
#include <stdlib.h>

#define MAX_DOCS 64
#define MAX_TASKS 512

/* The sections scanned for deadline phrases: from START to END in the document. */
static const struct {
    const char *doc, *start, *end;
} regions[] = {
    {"05-TB-BCDTW-2025-07-04", "\nII. ", "\nNơi nhận:"},
    {"71-KH-DUK-2025-02-07", "\nIII. TỔ CHỨC THỰC HIỆN", "\nNơi nhận:"},
};

/* Deadline phrases, lower case (matched ignoring the case of ASCII letters and of Đ). */
static const char *const patterns[] = {
    "hoàn thành",
    "trước ngày",
    "trong tháng",
    "hằng tháng",
    "định kỳ hằng tháng",
    "định kỳ và đột xuất",
    "trình thủ tướng trong tháng",
    "trong năm",
};

/* Occurrences of a pattern in a scanned section that are not deadlines, each found once and
 * each inside a bundled task's text (data/README.md, "Tasks"). */
static const struct {
    const char *doc, *phrase;
} not_deadlines[] = {
    /* II.1: "to complete the tasks assigned", the object of the instruction */
    {"05-TB-BCDTW-2025-07-04", "hoàn thành các nhiệm vụ được giao"},
    /* II.2: "on schedule, in step with the laws' entry into force": no date of its own */
    {"05-TB-BCDTW-2025-07-04", "bảo đảm hoàn thành đúng tiến độ"},
    /* II.4.b: "complete the building of the National Data Centre", on 71/NQ-CP's roadmap */
    {"05-TB-BCDTW-2025-07-04", "Hoàn thành xây dựng, đưa vào khai thác"},
};

/* Tasks whose single lead is not named in the clause, with the reason. */
static const struct {
    const char *key, *why;
} lead_unnamed[] = {
    {"71DUK-III", "the reporting grassroots party committees are not in units.csv"},
};

static const char *const blocks[] = {"Đảng", "Nhà nước", "HĐND", "UBND", "Mặt trận"};
static const char *const criteria[] = {"nền tảng", "thể chế", "tổ chức triển khai", "dữ liệu"};

struct doc {
    const char *key, *date;
    char *text, *folded; /* folded: same bytes, ASCII letters and Đ in lower case */
    size_t len;
};
static struct doc docs[MAX_DOCS];
static size_t ndocs;

struct span {
    size_t doc;
    const char *text; /* where the task's text is in the document */
    size_t text_len;
    const char *deadline; /* where its deadline_text is, or NULL */
    size_t deadline_len;
};
static struct span spans[MAX_TASKS];

static struct csv_table units, documents, tasks;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n + 1);
        if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    if (!buf) return NULL;
    buf[n] = '\0';
    if (len) *len = (size_t)n;
    return buf;
}

/* Reads a CSV file into T; checks the file's format on the way (CRLF everywhere, no BOM). */
static bool load_csv(const char *path, struct csv_table *t)
{
    size_t len;
    char *raw = slurp(path, &len);
    CHECK(raw != NULL, "%s readable (run from the repository root)", path);
    if (!raw) return false;
    bool ok = csv_check_parse(path, raw, len, t);
    free(raw);
    return ok;
}

static int unit_row(const char *code)
{
    int c = csv_col(&units, "code");
    for (size_t r = 0; r < units.rows; r++)
        if (!strcmp(csv_cell(&units, r, c), code)) return (int)r;
    return -1;
}

static int doc_index(const char *key)
{
    for (size_t i = 0; i < ndocs; i++)
        if (!strcmp(docs[i].key, key)) return (int)i;
    return -1;
}


static bool is_selector(const char *s)
{
    return !strcmp(s, "@ministries") || !strcmp(s, "@provinces");
}

/* Unit R exists on DATE (ISO dates compare as strings). */
static bool unit_active(int r, const char *date)
{
    const char *from = csv_cell(&units, (size_t)r, csv_col(&units, "valid_from"));
    const char *to = csv_cell(&units, (size_t)r, csv_col(&units, "valid_to"));
    return strcmp(from, date) <= 0 && (!*to || strcmp(date, to) <= 0);
}

/* The units a selector stands for on DATE: "@ministries" every ministry or agency under the
 * Government, "@provinces" the provincial units (province or city, directly under VN). */
static int selector_count(const char *sel, const char *date)
{
    int n = 0, kind = csv_col(&units, "kind"), parent = csv_col(&units, "parent");
    for (size_t r = 0; r < units.rows; r++) {
        const char *k = csv_cell(&units, r, kind), *p = csv_cell(&units, r, parent);
        if (!unit_active((int)r, date)) continue;
        if (!strcmp(sel, "@ministries") && !strcmp(p, "TW-CP") &&
            (!strcmp(k, "ministry") || !strcmp(k, "agency")))
            n++;
        if (!strcmp(sel, "@provinces") && !strcmp(p, "VN") &&
            (!strcmp(k, "province") || !strcmp(k, "city")))
            n++;
    }
    return n;
}

/* Copy of S (LEN bytes) with ASCII letters and Đ (C4 90) in lower case: byte offsets stay. */
static char *fold_case(const char *s, size_t len)
{
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

static size_t count_occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

static const char *line_start(const char *base, const char *p)
{
    while (p > base && p[-1] != '\n') p--;
    return p;
}

static const char *line_end(const char *p)
{
    const char *e = strchr(p, '\n');
    return e ? e : p + strlen(p);
}

enum heading { H_NONE, H_ROMAN, H_NUMBER, H_LETTER };

/* Classifies the line [L, E): "II. …" roman, "3. …" number, "a) …" or "đ) …" letter; the label
 * ("II", "3", "a", "đ") goes to LABEL. */
static enum heading heading_of(const char *l, const char *e, char *label, size_t cap)
{
    size_t n = 0;
    enum heading h = H_NONE;
    if (l < e && strchr("IVX", *l)) {
        while (l + n < e && strchr("IVX", l[n]) && l[n]) n++;
        if (e - l >= (long)n + 2 && l[n] == '.' && l[n + 1] == ' ') h = H_ROMAN;
    } else if (l < e && *l >= '0' && *l <= '9') {
        while (l + n < e && l[n] >= '0' && l[n] <= '9') n++;
        if (e - l >= (long)n + 2 && l[n] == '.' && l[n + 1] == ' ') h = H_NUMBER;
    } else if (l < e && *l >= 'a' && *l <= 'z') {
        n = 1;
        if (e - l >= 3 && l[1] == ')' && l[2] == ' ') h = H_LETTER;
    } else if (e - l >= 4 && !memcmp(l, "\xC4\x91) ", 4)) {
        n = 2;
        h = H_LETTER;
    }
    if (h != H_NONE && n < cap) {
        memcpy(label, l, n);
        label[n] = '\0';
    }
    return h;
}

/* The clause that P is in, from the headings above it (its own line included): "II.3.a",
 * "II.4", "III". The nearest heading line goes to *HEAD (or NULL). */
static void clause_of(const char *base, const char *p, char *out, size_t cap, const char **head)
{
    char roman[8] = "", number[8] = "", letter[8] = "", label[8];
    *head = NULL;
    for (const char *l = line_start(base, p);; l = line_start(base, l - 1)) {
        enum heading h = heading_of(l, line_end(l), label, sizeof label);
        if (h != H_NONE && !*head) *head = l;
        if (h == H_LETTER && !*letter && !*number) snprintf(letter, sizeof letter, "%s", label);
        if (h == H_NUMBER && !*number) snprintf(number, sizeof number, "%s", label);
        if (h == H_ROMAN) {
            snprintf(roman, sizeof roman, "%s", label);
            break;
        }
        if (l == base) break;
    }
    snprintf(out, cap, "%s%s%s%s%s", roman, *number ? "." : "", number, *letter ? "." : "", letter);
}

/* NAME or, for names with a subject clause ("Ban Chỉ đạo Trung ương về phát triển …"), the part
 * before " về ", the way the documents cite them, occurs in [FROM, TO). */
static bool names_in(const char *name, const char *from, const char *to)
{
    char shortname[400];
    snprintf(shortname, sizeof shortname, "%s", name);
    char *ve = strstr(shortname, " về ");
    if (ve) *ve = '\0';
    size_t n = strlen(shortname);
    for (const char *p = from; p + n <= to; p++)
        if (!memcmp(p, shortname, n)) return true;
    return false;
}

/* Splits a ';'-separated list into ITEMS (pointers into BUF); returns the count. */
static size_t split(const char *s, char *buf, size_t cap, const char **items, size_t max)
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


static bool ascii_key(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '-'))
            return false;
    return true;
}

static void check_units_of(size_t r, const char *column, const char *date, const char **items,
                           size_t *n, char *buf, size_t cap)
{
    const char *key = csv_cell(&tasks, r, csv_col(&tasks, "key"));
    *n = split(csv_cell(&tasks, r, csv_col(&tasks, column)), buf, cap, items, 64);
    for (size_t i = 0; i < *n; i++) {
        CHECK(*items[i], "%s: empty item in %s", key, column);
        if (is_selector(items[i])) continue;
        int u = unit_row(items[i]);
        CHECK(u >= 0, "%s: %s unit %s is in units.csv", key, column, items[i]);
        if (u >= 0)
            CHECK(unit_active(u, date), "%s: %s unit %s exists on %s", key, column, items[i], date);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(items[i], items[j]), "%s: %s twice in %s", key, items[i], column);
    }
}

static void check_rows(void)
{
    static const char *const columns[] = {
        "key",   "document", "section",      "task_group",    "title",
        "text",  "lead",     "coordinators", "deadline_text", "expected_output",
        "block", "criteria", "parent"};
    CHECK(tasks.cols == sizeof columns / sizeof *columns, "tasks.csv has %zu columns", tasks.cols);
    for (size_t i = 0; i < tasks.cols && i < sizeof columns / sizeof *columns; i++)
        CHECK_STR(tasks.header[i], columns[i]);
    CHECK(tasks.rows > 0 && tasks.rows <= MAX_TASKS, "tasks.csv has %zu rows", tasks.rows);
    if (tasks.rows > MAX_TASKS) tasks.rows = MAX_TASKS;

    int kkey = csv_col(&tasks, "key"), kdoc = csv_col(&tasks, "document");
    for (size_t r = 0; r < tasks.rows; r++) {
        const char *key = csv_cell(&tasks, r, kkey);
        for (size_t c = 0; c < tasks.cols; c++)
            CHECK(nfc(csv_cell(&tasks, r, (int)c)), "%s: %s is NFC", key, tasks.header[c]);
        CHECK(ascii_key(key), "%s: key is ASCII letters, digits, '.' and '-'", key);
        for (size_t q = 0; q < r; q++)
            CHECK(strcmp(key, csv_cell(&tasks, q, kkey)), "%s: key repeated", key);

        const char *section = csv_cell(&tasks, r, csv_col(&tasks, "section"));
        const char *group = csv_cell(&tasks, r, csv_col(&tasks, "task_group"));
        const char *title = csv_cell(&tasks, r, csv_col(&tasks, "title"));
        const char *text = csv_cell(&tasks, r, csv_col(&tasks, "text"));
        const char *deadline = csv_cell(&tasks, r, csv_col(&tasks, "deadline_text"));
        const char *output = csv_cell(&tasks, r, csv_col(&tasks, "expected_output"));
        const char *block = csv_cell(&tasks, r, csv_col(&tasks, "block"));
        const char *crit = csv_cell(&tasks, r, csv_col(&tasks, "criteria"));
        const char *parent = csv_cell(&tasks, r, csv_col(&tasks, "parent"));

        CHECK(*section, "%s: section given", key);
        CHECK(strlen(group) == 1 && group[0] >= '1' && group[0] <= '7',
              "%s: task_group \"%s\" is 1-7", key, group);
        CHECK(*title && text_length(title) <= 120, "%s: title of 1-120 characters", key);
        CHECK(*output, "%s: expected_output given", key);
        CHECK(in_list(block, blocks, sizeof blocks / sizeof *blocks),
              "%s: block \"%s\" from the list", key, block);
        CHECK(in_list(crit, criteria, sizeof criteria / sizeof *criteria),
              "%s: criteria \"%s\" from the list", key, crit);
        bool parent_ok = !*parent;
        for (size_t q = 0; q < r && !parent_ok; q++)
            parent_ok = !strcmp(parent, csv_cell(&tasks, q, kkey));
        CHECK(parent_ok, "%s: parent \"%s\" is an earlier task", key, parent);

        int d = doc_index(csv_cell(&tasks, r, kdoc));
        CHECK(d >= 0, "%s: document %s is in documents.csv", key, csv_cell(&tasks, r, kdoc));
        if (d < 0) continue;
        CHECK(docs[d].text != NULL, "%s: document %s has its text bundled", key, docs[d].key);

        char lbuf[1024], cbuf[1024];
        const char *leads[64], *coords[64];
        size_t nl, nc;
        check_units_of(r, "lead", docs[d].date, leads, &nl, lbuf, sizeof lbuf);
        check_units_of(r, "coordinators", docs[d].date, coords, &nc, cbuf, sizeof cbuf);
        CHECK(nl > 0, "%s: has a lead", key);
        for (size_t i = 0; i < nc; i++)
            for (size_t j = 0; j < nl; j++)
                CHECK(strcmp(coords[i], leads[j]), "%s: %s both lead and coordinator", key,
                      coords[i]);

        if (!docs[d].text) continue;
        /* The text, once in the document; the deadline inside it or right after it. */
        const char *at = *text ? strstr(docs[d].text, text) : NULL;
        CHECK(at != NULL, "%s: text is verbatim in %s", key, docs[d].key);
        if (!at) continue;
        CHECK(strstr(at + 1, text) == NULL, "%s: text occurs once in %s", key, docs[d].key);
        spans[r] = (struct span){(size_t)d, at, strlen(text), NULL, 0};
        if (*deadline) {
            const char *dl = strstr(at, deadline), *end = at + strlen(text);
            bool inside = dl && dl + strlen(deadline) <= end;
            bool after = dl && dl >= end;
            for (const char *p = end; after && p < dl; p++) after = *p == ' ' || *p == '\n';
            CHECK(inside || after, "%s: deadline_text \"%s\" is in the text or right after it", key,
                  deadline);
            if (inside || after) spans[r].deadline = dl, spans[r].deadline_len = strlen(deadline);
            char *folded = fold_case(deadline, strlen(deadline));
            bool phrase = false;
            for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++)
                phrase |= strstr(folded, patterns[i]) != NULL;
            free(folded);
            CHECK(phrase, "%s: deadline_text \"%s\" contains a deadline phrase", key, deadline);
        }

        /* The clause from the document's headings, and a single lead named there. */
        char clause[32];
        const char *head;
        clause_of(docs[d].text, at, clause, sizeof clause, &head);
        CHECK(!strcmp(clause, section), "%s: section \"%s\", the headings say \"%s\"", key, section,
              clause);
        const char *ls = line_start(docs[d].text, at), *le = line_end(at + strlen(text) - 1);
        bool unnamed_ok = false;
        for (size_t i = 0; i < sizeof lead_unnamed / sizeof *lead_unnamed; i++)
            unnamed_ok |= !strcmp(key, lead_unnamed[i].key);
        if (nl == 1 && !is_selector(leads[0]) && !unnamed_ok && unit_row(leads[0]) >= 0) {
            const char *name =
                csv_cell(&units, (size_t)unit_row(leads[0]), csv_col(&units, "name"));
            bool named = names_in(name, ls, le) || (head && names_in(name, head, line_end(head)));
            CHECK(named, "%s: lead \"%s\" is named in the clause", key, name);
        }
        for (size_t i = 0; i < nc; i++) {
            if (is_selector(coords[i]) || unit_row(coords[i]) < 0) continue;
            const char *name =
                csv_cell(&units, (size_t)unit_row(coords[i]), csv_col(&units, "name"));
            CHECK(names_in(name, ls, le), "%s: coordinator \"%s\" is named in the clause", key,
                  name);
        }
    }
    for (size_t i = 0; i < sizeof lead_unnamed / sizeof *lead_unnamed; i++) {
        bool found = false;
        for (size_t r = 0; r < tasks.rows; r++)
            found |= !strcmp(csv_cell(&tasks, r, kkey), lead_unnamed[i].key);
        CHECK(found, "task %s (lead not named: %s) is bundled", lead_unnamed[i].key,
              lead_unnamed[i].why);
    }
}

/* Every deadline phrase in a scanned section is the deadline of exactly one task, unless it is
 * one of the listed non-deadlines (which then belongs to none). */
static void check_coverage(void)
{
    for (size_t g = 0; g < sizeof regions / sizeof *regions; g++) {
        int d = doc_index(regions[g].doc);
        CHECK(d >= 0 && docs[d].text, "scanned document %s is bundled with its text",
              regions[g].doc);
        if (d < 0 || !docs[d].text) continue;
        const char *base = docs[d].text;
        const char *start = strstr(base, regions[g].start);
        const char *end = start ? strstr(start, regions[g].end) : NULL;
        CHECK(start && end, "%s: section bounds found", regions[g].doc);
        if (!start || !end) continue;
        size_t s0 = (size_t)(start - base), s1 = (size_t)(end - base);

        int tasks_here = 0;
        for (size_t r = 0; r < tasks.rows; r++) {
            if (!spans[r].text || spans[r].doc != (size_t)d) continue;
            tasks_here++;
            if (spans[r].deadline)
                CHECK(spans[r].deadline >= start && spans[r].deadline < end,
                      "%s: deadline inside the scanned section",
                      csv_cell(&tasks, r, csv_col(&tasks, "key")));
        }
        CHECK(tasks_here > 0, "%s: has bundled tasks", regions[g].doc);

        int excused_seen[sizeof not_deadlines / sizeof *not_deadlines] = {0};
        for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
            size_t plen = strlen(patterns[i]);
            for (const char *p = strstr(docs[d].folded + s0, patterns[i]);
                 p && (size_t)(p - docs[d].folded) < s1; p = strstr(p + 1, patterns[i])) {
                const char *o = base + (p - docs[d].folded);
                int owners = 0, excused = -1;
                for (size_t r = 0; r < tasks.rows; r++)
                    if (spans[r].deadline && spans[r].doc == (size_t)d && spans[r].deadline <= o &&
                        o + plen <= spans[r].deadline + spans[r].deadline_len)
                        owners++;
                for (size_t x = 0; x < sizeof not_deadlines / sizeof *not_deadlines; x++) {
                    if (strcmp(not_deadlines[x].doc, regions[g].doc)) continue;
                    const char *e = strstr(start, not_deadlines[x].phrase);
                    if (e && e < end && e <= o && o + plen <= e + strlen(not_deadlines[x].phrase))
                        excused = (int)x;
                }
                char ctx[160];
                const char *c0 = o - (o - start > 60 ? 60 : o - start);
                while ((*c0 & 0xC0) == 0x80) c0++; /* not inside a character */
                snprintf(ctx, sizeof ctx, "%.*s", (int)(o + plen - c0), c0);
                for (char *n = strchr(ctx, '\n'); n; n = strchr(n, '\n')) *n = ' ';
                if (excused >= 0) {
                    excused_seen[excused]++;
                    CHECK(owners == 0, "\"…%s\": a listed non-deadline is no task's deadline", ctx);
                } else {
                    CHECK(owners == 1, "\"…%s\" (%s): the deadline of exactly one task, not %d",
                          ctx, regions[g].doc, owners);
                }
            }
        }
        for (size_t x = 0; x < sizeof not_deadlines / sizeof *not_deadlines; x++) {
            if (strcmp(not_deadlines[x].doc, regions[g].doc)) continue;
            const char *e = strstr(start, not_deadlines[x].phrase);
            CHECK(e && e < end && count_occurrences(start, not_deadlines[x].phrase) == 1,
                  "non-deadline \"%s\" found once in the section", not_deadlines[x].phrase);
            CHECK(excused_seen[x] > 0, "non-deadline \"%s\" contains a pattern",
                  not_deadlines[x].phrase);
            bool in_task = false;
            for (size_t r = 0; r < tasks.rows && e; r++)
                in_task |= spans[r].text && spans[r].text <= e &&
                           e + strlen(not_deadlines[x].phrase) <= spans[r].text + spans[r].text_len;
            CHECK(in_task, "non-deadline \"%s\" is inside a bundled task's text",
                  not_deadlines[x].phrase);
        }
    }
}

int main(void)
{
    if (!load_csv("data/units.csv", &units) || !load_csv("data/documents.csv", &documents) ||
        !load_csv("data/tasks.csv", &tasks))
        return check_done("tasks data");

    int dk = csv_col(&documents, "key"), dd = csv_col(&documents, "date"),
        df = csv_col(&documents, "text_file");
    for (size_t r = 0; r < documents.rows && ndocs < MAX_DOCS; r++) {
        struct doc *d = &docs[ndocs++];
        d->key = csv_cell(&documents, r, dk);
        d->date = csv_cell(&documents, r, dd);
        if (!*csv_cell(&documents, r, df)) continue;
        char path[300];
        snprintf(path, sizeof path, "data/%s", csv_cell(&documents, r, df));
        d->text = slurp(path, &d->len);
        CHECK(d->text != NULL, "%s readable", path);
        if (d->text) d->folded = fold_case(d->text, d->len);
    }

    /* The selectors as the loader expands them, on the day of Notice 05-TB/BCĐTW. */
    CHECK(selector_count("@ministries", "2025-07-04") == 13, "@ministries: %d units",
          selector_count("@ministries", "2025-07-04"));
    CHECK(selector_count("@provinces", "2025-07-04") == 34, "@provinces: %d units",
          selector_count("@provinces", "2025-07-04"));

    check_rows();
    check_coverage();

    for (size_t i = 0; i < ndocs; i++) free(docs[i].text), free(docs[i].folded);
    csv_table_free(&units);
    csv_table_free(&documents);
    csv_table_free(&tasks);
    return check_done("tasks data");
}
