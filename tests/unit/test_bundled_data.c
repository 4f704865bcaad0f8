/* The bundled data as `nq57 init --demo` loads it, through the real loader: the central bodies
 * the seeds name (spelled as written), the 34 provincial units and the 63 former ones linked to
 * what they became, the demo communes with the published totals, and the document cascade. */
#include "check.h"
#include "seed.h"
#include "store/store.h"
#include "text.h"

#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

static struct store *st;

static const char *name_of(const char *code, const char *date)
{
    static struct unit u;
    return st->unit_get(st, code, date, &u) == ST_OK ? u.name : "(missing)";
}

struct tally { int n, kind[4], former; };
static void count_children(void *ctx, const struct unit *u)
{
    struct tally *t = ctx;
    t->n++;
    if (!strcmp(u->kind, "former_province")) t->former++;
    if (!strcmp(u->kind, "commune")) t->kind[0]++;
    else if (!strcmp(u->kind, "ward")) t->kind[1]++;
    else if (!strcmp(u->kind, "special_zone")) t->kind[2]++;
    else if (!strcmp(u->kind, "province") || !strcmp(u->kind, "city")) t->kind[3]++;
}

/* Links to or from former provinces ("OLD-Pnn"), leaving out districts and party bodies. */
static void count_province_link(void *ctx, const struct unit_link *l)
{
    if (strlen(l->code) == 7 && !strncmp(l->code, "OLD-P", 5)) (*(int *)ctx)++;
    else if (l->code[0] == 'P' && strlen(l->code) == 3) (*(int *)ctx)++;
}
static int count_links(int64_t id, bool predecessors)
{
    int n = 0;
    st->unit_links(st, id, predecessors, count_province_link, &n);
    return n;
}

struct docs { int n; int64_t nq57; };
static void count_doc(void *ctx, const struct document *d)
{
    struct docs *c = ctx;
    c->n++;
    if (!strcmp(d->number, "57-NQ/TW")) c->nq57 = d->id;
}

/* The strategic technology list of the initiative form: the eight 05-TB/BCĐTW names, spelled
 * as there, are all offered. */
struct field_tally { int n; bool ai, y_sinh, an_ninh; };
static void count_field(void *ctx, const struct strategic_field *f)
{
    struct field_tally *t = ctx;
    t->n++;
    if (!strcmp(f->name, "Trí tuệ nhân tạo") && f->active) t->ai = true;
    if (!strcmp(f->name, "Công nghệ y - sinh học")) t->y_sinh = true;
    if (!strcmp(f->name, "An ninh mạng")) t->an_ninh = true;
}

int main(void)
{
    if (sodium_init() < 0) return 2;
    char path[] = "/tmp/nq57-data-XXXXXX";
    close(mkstemp(path));
    char err[300];
    st = store_open(path, err, sizeof err);
    int applied;
    if (!st || st->migrate(st, &applied) != ST_OK) return 2;
    CHECK(seed_bundled(st, err, sizeof err) == 0, "bundled data loads: %s", err);
    CHECK(seed_demo(st, 57, err, sizeof err) == 0, "demo data loads: %s", err);
    struct field_tally ft = {0};
    CHECK(st->strategic_field_list(st, true, count_field, &ft) == ST_OK, "strategic fields");
    CHECK(ft.n == 11 && ft.ai && ft.y_sinh && ft.an_ninh, "strategic fields: %d", ft.n);

    /* Central bodies named by the issue and the seeds, spelled as written there. */
    static const struct { const char *code, *name; } centre[] = {
        {"TW-BCT", "Bộ Chính trị"},
        {"TW-VPTW", "Văn phòng Trung ương Đảng"},
        {"TW-BTGDV", "Ban Tuyên giáo và Dân vận Trung ương"},
        {"BO-KHCN", "Bộ Khoa học và Công nghệ"},
        {"BO-TC", "Bộ Tài chính"},
        {"BO-NV", "Bộ Nội vụ"},
        {"BO-GDDT", "Bộ Giáo dục và Đào tạo"},
        {"BO-CA", "Bộ Công an"},
        {"BO-QP", "Bộ Quốc phòng"},
        {"BO-NG", "Bộ Ngoại giao"},
        {"BO-CT", "Bộ Công Thương"},
        {"BO-NNMT", "Bộ Nông nghiệp và Môi trường"},
        {"BO-XD", "Bộ Xây dựng"},
        {"BO-YT", "Bộ Y tế"},
        {"BO-TP", "Bộ Tư pháp"},
        {"TW-VPCP", "Văn phòng Chính phủ"},
        {"TW-NHNN", "Ngân hàng Nhà nước Việt Nam"},
    };
    for (size_t i = 0; i < sizeof centre / sizeof centre[0]; i++)
        CHECK_STR(name_of(centre[i].code, "2025-07-04"), centre[i].name);
    CHECK(strstr(name_of("TW-BCD", "2025-07-04"), "Ban Chỉ đạo Trung ương") != NULL,
          "the steering committee exists on 4/7/2025");

    /* 34 provincial units today, 63 + the centre as of 1/6/2025 (Huế became a city on 1/1/2025,
     * so Thừa Thiên Huế was already closed then). */
    struct unit vn;
    st->unit_get(st, "VN", NULL, &vn);
    struct tally today = {0}, before = {0};
    st->unit_children(st, vn.id, "2025-07-01", false, count_children, &today);
    st->unit_children(st, vn.id, "2024-12-01", false, count_children, &before);
    CHECK(today.kind[3] == 34, "34 provincial units on 1/7/2025, got %d", today.kind[3]);
    CHECK(before.former == 63, "63 provinces on 1/12/2024, got %d", before.former);
    CHECK(today.former == 0, "no former province on 1/7/2025, got %d", today.former);
    CHECK_STR(name_of("P01", NULL), "Thành phố Hà Nội");
    CHECK_STR(name_of("P79", NULL), "Thành phố Hồ Chí Minh");
    CHECK_STR(name_of("P66", NULL), "Tỉnh Đắk Lắk");
    CHECK_STR(name_of("P46", NULL), "Thành phố Huế");
    CHECK_STR(name_of("OLD-P80", "2025-06-30"), "Tỉnh Long An");
    CHECK_STR(name_of("OLD-P77", "2025-06-30"), "Tỉnh Bà Rịa - Vũng Tàu");
    /* Every former province is closed and linked to exactly one successor; the merged provinces
     * have all their predecessors (REFERENCE.md). */
    int former = 0, linked = 0;
    for (int code = 1; code <= 96; code++) {
        char c[16];
        snprintf(c, sizeof c, "OLD-P%02d", code);
        struct unit u;
        if (st->unit_get(st, c, NULL, &u) != ST_OK) continue;
        former++;
        CHECK(*u.valid_to, "%s is closed", c);
        if (count_links(u.id, false) == 1) linked++;
    }
    CHECK(former == 63, "63 former provinces, got %d", former);
    CHECK(linked == 63, "each with one successor, got %d", linked);
    static const struct { const char *code; int predecessors; } merged[] = {
        {"P79", 3}, {"P25", 3}, {"P37", 3}, {"P92", 3}, {"P86", 3}, {"P68", 3}, {"P80", 2},
        {"P24", 2}, {"P01", 1}, {"P46", 1},
    };
    for (size_t i = 0; i < sizeof merged / sizeof merged[0]; i++) {
        struct unit u;
        st->unit_get(st, merged[i].code, NULL, &u);
        CHECK(count_links(u.id, true) == merged[i].predecessors, "%s has %d predecessors, got %d",
              merged[i].code, merged[i].predecessors, count_links(u.id, true));
    }

    /* The demo communes: 3,321 = 2,621 communes + 687 wards + 13 special zones. */
    struct tally all = {0};
    for (int code = 1; code <= 96; code++) {
        char c[8];
        snprintf(c, sizeof c, "P%02d", code);
        struct unit p;
        if (st->unit_get(st, c, NULL, &p) != ST_OK) continue;
        struct tally t = {0};
        st->unit_children(st, p.id, NULL, false, count_children, &t);
        for (int k = 0; k < 3; k++) all.kind[k] += t.kind[k];
        if (!strcmp(c, "P01")) CHECK(t.kind[0] + t.kind[1] + t.kind[2] == 126, "Hà Nội 126");
        if (!strcmp(c, "P79")) CHECK(t.kind[0] + t.kind[1] + t.kind[2] == 168, "HCMC 168");
        if (!strcmp(c, "P12")) CHECK(t.kind[0] + t.kind[1] + t.kind[2] == 38, "Lai Châu 38");
    }
    CHECK(all.kind[0] == 2621 && all.kind[1] == 687 && all.kind[2] == 13,
          "communes %d, wards %d, special zones %d", all.kind[0], all.kind[1], all.kind[2]);

    /* Documents: the cascade from 57-NQ/TW both ways. */
    struct docs d = {0, 0};
    st->document_list(st, -1, NULL, NULL, count_doc, &d);
    CHECK(d.n >= 9 && d.nq57 > 0, "documents loaded (%d), 57-NQ/TW among them", d.n);
    struct docs below = {0, 0};
    st->document_list(st, d.nq57, NULL, NULL, count_doc, &below);
    CHECK(below.n >= 5, "57-NQ/TW is implemented or relayed by >= 5 documents, got %d",
          below.n);
    char *f = text_fold("xanh hoá");
    struct docs found = {0, 0};
    st->document_list(st, -1, f, NULL, count_doc, &found);
    free(f);
    CHECK(found.n >= 1, "\"xanh hoá\" (05-TB/BCĐTW) is found without diacritics");

    st->close(st);
    unlink(path);
    return check_done("bundled data");
}
