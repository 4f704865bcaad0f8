/* Feedback in the store (SQLite): an item and its contact are written together; reading by
 * code or id never carries the contact, which only its own query returns; the history keeps
 * every step in order; lists filter by scope, openness, overdue and escalation, in urgency
 * order with a keyset cursor; the first item with a duplicate key is found; and
 * feedback_read() (for promoting an item to a breakthrough initiative, system 3) returns the
 * item with its history, with the contact only when asked. */
#include "api.h"
#include "check.h"
#include "feedback.h"

#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

static struct store *st;

static int64_t add_unit(const char *code, const char *parent)
{
    struct unit u = {0};
    snprintf(u.code, sizeof u.code, "%s", code);
    snprintf(u.name, sizeof u.name, "Đơn vị %s", code);
    snprintf(u.kind, sizeof u.kind, "other");
    snprintf(u.valid_from, sizeof u.valid_from, "2000-01-01");
    if (parent) {
        struct unit p;
        if (st->unit_get(st, parent, NULL, &p) != ST_OK) exit(2);
        u.parent_id = p.id;
    }
    if (st->unit_insert(st, &u) != ST_OK) exit(2);
    return u.id;
}

static int64_t add_item(const char *code, int64_t unit, const char *due, const char *content,
                        const char *phone)
{
    char key[65];
    feedback_dup_key(content, key);
    struct feedback_new f = {.code = code, .kind = "phan_anh", .field = "dvc",
                             .title = "Tiêu đề thử", .content = content, .unit_id = unit,
                             .received_at = "2026-01-05T01:00:00Z", .received_on = "2026-01-05",
                             .due = due, .dup_key = key, .search_folded = "tieu de thu",
                             .contact = {"Nguyễn Văn A", phone, "a@example.vn", "1 Lê Lợi",
                                         "127.0.0.1"}};
    int64_t first;
    if (st->feedback_first_with_key(st, key, &first) == ST_OK) f.duplicate_of = first;
    int64_t id = 0;
    CHECK(st->feedback_insert(st, &f, &id) == ST_OK, "insert %s", code);
    struct feedback_event e = {.feedback_id = id, .at = f.received_at, .actor = "submitter",
                               .action = "received", .to_status = "received", .unit_id = unit};
    CHECK(st->feedback_event_insert(st, &e) == ST_OK, "event");
    return id;
}

struct seen { int n; char codes[8][16]; bool leaked; char dup[16]; };
static void collect(void *ctx, const struct feedback_item *f)
{
    struct seen *s = ctx;
    if (s->n < 8) snprintf(s->codes[s->n], sizeof s->codes[0], "%s", f->code);
    s->n++;
    /* No field of the public row holds the phone or the e-mail. */
    const char *fields[] = {f->title, f->content, f->answer, f->reason, f->rating_comment,
                            f->concerns_name, f->unit_name};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strstr(fields[i], "0912") || strstr(fields[i], "a@example.vn")) s->leaked = true;
    snprintf(s->dup, sizeof s->dup, "%s", f->duplicate_of);
}
static void contact(void *ctx, const struct feedback_contact *c)
{
    snprintf(ctx, 64, "%s|%s", c->name, c->phone);
}
static void count_events(void *ctx, const struct feedback_event *e)
{
    (void)e;
    (*(int *)ctx)++;
}

int main(void)
{
    if (sodium_init() < 0) return 2;
    char path[] = "/tmp/nq57-feedback-XXXXXX";
    close(mkstemp(path));
    char err[200];
    st = store_open(path, err, sizeof err);
    int applied;
    if (!st || st->migrate(st, &applied) != ST_OK) return 2;
    st->begin(st);
    add_unit("VN", NULL);
    int64_t p = add_unit("P1", "VN");
    int64_t x = add_unit("P1-X", "P1");
    int64_t q = add_unit("P2", "VN");
    add_item("AAAAAAAA2", p, "2026-01-20", "Đường hỏng ở xã A", "0912000001");
    add_item("AAAAAAAA3", x, "2026-01-10", "Đèn đường không sáng", "0912000002");
    add_item("AAAAAAAA4", x, "2026-02-10", "duong hong o xa a", "0912000003");
    add_item("AAAAAAAA5", q, "2026-01-01", "Mạng chậm ở phường", "0912000004");
    st->commit(st);

    /* By code: the public row, never the contact; the duplicate points at the first. */
    struct seen s = {0};
    CHECK(st->feedback_get(st, "AAAAAAAA4", 0, collect, &s) == ST_OK && s.n == 1, "get");
    CHECK(!strcmp(s.dup, "AAAAAAAA2"), "duplicate of the first: %s", s.dup);
    CHECK(st->feedback_get(st, "ZZZZZZZZZ", 0, collect, &s) == ST_NOT_FOUND, "unknown code");
    char c[64] = "";
    struct seen one = {0};
    st->feedback_get(st, "AAAAAAAA2", 0, collect, &one);
    CHECK(!one.leaked, "the public row holds no contact");
    int64_t id2 = 0;
    st->feedback_first_with_key(st, "nope", &id2);
    CHECK(st->feedback_first_with_key(st, "nope", &id2) == ST_NOT_FOUND, "no such key");

    /* Lists: the whole scope of P1 by urgency; P1 with the overdue of its children escalated
     * (on 2026-01-15 the ward's item due 10/1 is overdue, the one due 10/2 is not). */
    struct seen all = {0};
    struct unit p1;
    st->unit_get(st, "P1", NULL, &p1);
    struct feedback_query qa = {.scope_path = p1.path, .by_urgency = true, .open_only = true};
    CHECK(st->feedback_list(st, &qa, collect, &all) == ST_OK && all.n == 3, "scope: %d", all.n);
    CHECK(!strcmp(all.codes[0], "AAAAAAAA3") && !strcmp(all.codes[1], "AAAAAAAA2") &&
          !strcmp(all.codes[2], "AAAAAAAA4"), "urgency order %s %s %s", all.codes[0],
          all.codes[1], all.codes[2]);
    CHECK(!all.leaked, "lists hold no contact");
    struct seen esc = {0};
    struct feedback_query qe = {.unit_id = p, .escalate_on = "2026-01-15", .by_urgency = true,
                                .open_only = true};
    st->feedback_list(st, &qe, collect, &esc);
    CHECK(esc.n == 2 && !strcmp(esc.codes[0], "AAAAAAAA3") && !strcmp(esc.codes[1], "AAAAAAAA2"),
          "own + escalated: %d", esc.n);
    struct seen over = {0};
    struct feedback_query qo = {.overdue_on = "2026-01-15", .by_urgency = true};
    st->feedback_list(st, &qo, collect, &over);
    CHECK(over.n == 2, "overdue anywhere: %d", over.n);   /* A3 (10/1) and A5 (1/1) */
    /* The keyset cursor: after (2026-01-10, A3's id) comes A2. */
    struct seen page = {0};
    struct feedback_query qc = {.scope_path = p1.path, .by_urgency = true, .after_due =
                                "2026-01-10", .after_id = 2, .limit = 1};
    st->feedback_list(st, &qc, collect, &page);
    CHECK(page.n == 1 && !strcmp(page.codes[0], "AAAAAAAA2"), "cursor: %s", page.codes[0]);
    /* Public: nothing before it is accepted. */
    struct seen pub = {0};
    struct feedback_query qp = {.public_only = true};
    st->feedback_list(st, &qp, collect, &pub);
    CHECK(pub.n == 0, "received items are not public: %d", pub.n);

    /* A step, then the history in order. */
    st->begin(st);
    CHECK(st->feedback_set(st, 1, "accepted", p, "", "", "", "2026-01-06T02:00:00Z") == ST_OK,
          "set");
    struct feedback_event e = {.feedback_id = 1, .at = "2026-01-06T02:00:00Z", .actor = "xl",
                               .action = "accepted", .from_status = "received",
                               .to_status = "accepted", .unit_id = p};
    st->feedback_event_insert(st, &e);
    CHECK(st->feedback_set(st, 999, "accepted", p, "", "", "", "x") == ST_NOT_FOUND, "no item");
    st->commit(st);
    int events = 0;
    st->feedback_events(st, 1, count_events, &events);
    CHECK(events == 2, "history: %d steps", events);
    pub.n = 0;
    st->feedback_list(st, &qp, collect, &pub);
    CHECK(pub.n == 1, "accepted is public: %d", pub.n);

    /* The contact has its own query. */
    CHECK(st->feedback_contact_get(st, 1, contact, c) == ST_OK, "contact");
    CHECK_STR(c, "Nguyễn Văn A|0912000001");

    /* For system 3: the item with its history, the contact only when asked. */
    json_t *item = NULL;
    CHECK(feedback_read(st, "aaa-aaa-aa2", false, &item) == ST_OK && item, "feedback_read");
    if (item) {
        CHECK(json_array_size(json_object_get(item, "history")) == 2, "with its history");
        CHECK(json_object_get(item, "contact") == NULL, "no contact unless asked");
        CHECK_STR(json_string_value(json_object_get(item, "status")), "accepted");
        CHECK(json_integer_value(json_object_get(item, "id")) == 1, "with its id");
        json_decref(item);
    }
    CHECK(feedback_read(st, "AAAAAAAA2", true, &item) == ST_OK && item, "with contact");
    if (item) {
        CHECK_STR(json_string_value(json_object_get(json_object_get(item, "contact"), "phone")),
                  "0912000001");
        json_decref(item);
    }
    CHECK(feedback_read(st, "not a code", false, &item) == ST_NOT_FOUND && !item, "bad code");

    /* Calendar days. */
    st->begin(st);
    struct calendar_day_row d = {.date = "2026-01-02", .name = "Nghỉ bù", .working = false,
                                 .created_at = "x", .created_by = "admin"};
    CHECK(st->calendar_day_put(st, &d) == ST_OK, "day put");
    d.name = "Nghỉ bù Tết Dương lịch";
    CHECK(st->calendar_day_put(st, &d) == ST_OK, "day replaced");
    st->commit(st);
    struct calendar_extras xs;
    CHECK(calendar_extras_load(st, &xs) == ST_OK && xs.n == 1, "one day");
    if (xs.n == 1) CHECK_STR(xs.items[0].name, "Nghỉ bù Tết Dương lịch");
    char due[CALENDAR_DATE_LEN];
    CHECK(feedback_due("2025-12-31", 1, xs.items, xs.n, due) && !strcmp(due, "2026-01-05"),
          "1/1 holiday, 2/1 compensatory, then the weekend: %s", due);
    calendar_extras_free(&xs);
    CHECK(st->calendar_day_delete(st, "2026-01-02") == ST_OK, "day deleted");
    CHECK(st->calendar_day_delete(st, "2026-01-02") == ST_NOT_FOUND, "deleted already");

    st->close(st);
    unlink(path);
    char wal[64];
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
    return check_done("feedback store");
}
