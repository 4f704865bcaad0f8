/* The dashboard's one-read task figures (tasks_overview: store part_histories rebuilt for many
 * days by taskeval_row_of/taskeval_row_on) against the scans they replace, day by day: on a
 * random history of tasks (dated, recurring, without deadline; started and registered on
 * various days; progress figures, completions reported, accepted and returned, period reports,
 * all dated), for random days and month ends, the counts on each day equal tasks_count_at's,
 * the summary equals tasks_summary_json's and the red list tasks_overdue_json's, member by
 * member, for the nation, a province and a commune. */
#include "api.h"
#include "check.h"
#include "store/store.h"
#include "util.h"

#include <stdlib.h>
#include <unistd.h>

#define TASKS 400
#define DAYS 40

static struct store *st;
static unsigned seed = 57;

static int rnd(int n) { return (int)(rand_r(&seed) % (unsigned)n); }

/* A day of 2024-11-01 + N days. */
static void day_after(int n, char out[DATE_LEN]) { util_date_add("2024-11-01", n, out); }

static int64_t add_unit(const char *code, const char *parent)
{
    struct unit u = {0};
    snprintf(u.code, sizeof u.code, "%s", code);
    snprintf(u.name, sizeof u.name, "Đơn vị %s", code);
    snprintf(u.kind, sizeof u.kind, parent ? "commune" : "nation");
    snprintf(u.valid_from, sizeof u.valid_from, "2020-01-01");
    if (parent) {
        struct unit p;
        if (st->unit_get(st, parent, NULL, &p) != ST_OK) exit(2);
        u.parent_id = p.id;
    }
    if (st->unit_insert(st, &u) != ST_OK) exit(2);
    return u.id;
}

static void update(int64_t part, const char *day, const char *kind, int progress,
                   const char *period)
{
    struct task_update u = {.part_id = part, .at = "2025-01-01T00:00:00Z", .day = day,
                            .actor = "test", .kind = kind, .progress = progress,
                            .period = period};
    if (st->task_update_insert(st, &u) != ST_OK) exit(2);
}

/* One part's history: progress figures on random days, maybe a completion (reported, then
 * accepted or returned), period reports of a monthly task. */
static void history(int64_t part, bool recurring, int start)
{
    char day[DATE_LEN], rep[DATE_LEN] = "", acc[DATE_LEN] = "";
    int n = rnd(5), progress = 0;
    for (int i = 0; i < n; i++) {
        day_after(start + rnd(380), day);
        progress = rnd(4) ? rnd(101) : 0;
        update(part, day, "progress", progress, NULL);
    }
    if (recurring)
        for (int m = 0; m < 12; m++) {
            if (rnd(3) == 0) continue;
            char period[16];
            snprintf(period, sizeof period, "2025-%02d", m + 1);
            day_after(90 + 30 * m + rnd(45), day);   /* early, on time or late */
            update(part, day, "period_report", -1, period);
            if (rnd(8) == 0) update(part, day, "period_report", -1, period);  /* twice */
        }
    int fate = rnd(4);
    if (fate >= 1) {
        day_after(start + rnd(350), rep);
        update(part, rep, "report_done", 100, NULL);
        if (fate >= 2) {
            day_after(start + rnd(360), acc);
            if (strcmp(acc, rep) < 0) util_copy(acc, sizeof acc, rep);
            update(part, acc, fate == 2 ? "return" : "accept", -1, NULL);
            if (fate == 2) acc[0] = rep[0] = '\0';       /* returned: open again */
        }
    }
    if (st->task_part_set(st, part, progress, *acc ? "accepted" : *rep ? "reported" : "open",
                          rep, acc) != ST_OK)
        exit(2);
}

static void add_tasks(const int64_t *units, int n_units)
{
    static const char *const blocks[] = {"Đảng", "Nhà nước", "UBND", ""};
    for (int i = 0; i < TASKS; i++) {
        int kind = rnd(10);            /* 0: none, 1: recurring, else dated */
        char start[DATE_LEN], due[DATE_LEN], created[DATE_LEN], title[64];
        int s = rnd(380);
        day_after(s, start);
        day_after(s + 10 + rnd(300), due);
        day_after(rnd(385), created);
        snprintf(title, sizeof title, "Nhiệm vụ %d", i);
        struct task t = {.title = title, .section = "", .text = "", .expected_output = "",
                         .deadline_text = "", .deadline_kind = kind == 0   ? "none"
                                                               : kind == 1 ? "recurring"
                                                                           : "date",
                         .due = kind >= 2 ? due : "", .period = kind == 1 ? "month" : "",
                         .start_date = start, .task_group = 1 + rnd(7),
                         .block = blocks[rnd(4)], .criteria = rnd(2) ? "thể chế" : "",
                         .created_at = "2025-01-01T00:00:00Z", .created_by = "test"};
        setenv("NQ57_TODAY", created, 1);            /* the day it is registered */
        int64_t id, part;
        if (st->task_insert(st, &t, "", &id) != ST_OK) exit(2);
        setenv("NQ57_TODAY", "2025-11-20", 1);
        int parts = 1 + rnd(3), first = rnd(n_units);
        for (int k = 0; k < parts; k++) {
            if (st->task_part_insert(st, id, units[(first + 3 * k) % n_units],
                                     k == 0 || rnd(3) == 0 ? "lead" : "coordinator",
                                     &part) != ST_OK)
                exit(2);
            history(part, kind == 1, s);
        }
    }
}

static bool same_counts(const struct colour_counts *a, const struct colour_counts *b)
{
    return a->grey == b->grey && a->blue == b->blue && a->yellow == b->yellow &&
           a->red == b->red && a->green == b->green && a->done_late == b->done_late;
}

/* tasks_overview for ROOT as of AS_OF (NULL: today) against the scans, on DAYS. */
static void compare(const char *code, const char *as_of, const char *const *days, int n)
{
    struct unit root;
    if (st->unit_get(st, code, NULL, &root) != ST_OK) exit(2);
    struct colour_counts counts[DAYS + 2];
    json_t *summary, *red;
    enum store_rc rc = tasks_overview(st, &root, as_of, 1000, days, n, counts, &summary, &red);
    CHECK(rc == ST_OK, "%s as of %s", code, as_of ? as_of : "today");
    if (rc != ST_OK) return;
    json_t *want = tasks_summary_json(st, &root, as_of, NULL, &rc);
    CHECK(json_equal(summary, want), "%s: the summary as of %s", code, as_of ? as_of : "today");
    json_decref(want);
    want = tasks_overdue_json(st, &root, as_of, 1000, &rc);
    CHECK(json_equal(red, want), "%s: the red list as of %s", code, as_of ? as_of : "today");
    CHECK(json_integer_value(json_object_get(red, "total")) > 0 || strcmp(code, "VN"),
          "the nation has red parts as of %s", as_of ? as_of : "today");
    json_decref(want);
    for (int i = 0; i < n; i++) {
        struct colour_counts one;
        tasks_count_at(st, &root, days[i], &one, NULL, 0);
        CHECK(same_counts(&counts[i], &one),
              "%s on %s: red %d green %d late %d blue %d yellow %d grey %d, want %d %d %d %d "
              "%d %d", code, days[i], counts[i].red, counts[i].green, counts[i].done_late,
              counts[i].blue, counts[i].yellow, counts[i].grey, one.red, one.green,
              one.done_late, one.blue, one.yellow, one.grey);
    }
    json_decref(summary);
    json_decref(red);
}

int main(void)
{
    setenv("NQ57_TODAY", "2025-11-20", 1);
    char path[] = "/tmp/nq57-taskdays-XXXXXX";
    close(mkstemp(path));
    char err[200];
    st = store_open(path, err, sizeof err);
    int applied;
    if (!st || st->migrate(st, &applied) != ST_OK) return 2;
    st->begin(st);
    int64_t units[8];
    int n_units = 0;
    units[n_units++] = add_unit("VN", NULL);
    static const char *const codes[][2] = {{"T1", "VN"}, {"T2", "VN"}, {"T1-X1", "T1"},
                                           {"T1-X2", "T1"}, {"T2-X1", "T2"}, {"T2-X2", "T2"}};
    for (int i = 0; i < 6; i++) units[n_units++] = add_unit(codes[i][0], codes[i][1]);
    add_tasks(units, n_units);
    st->commit(st);

    /* Random days, month ends, the first and last days with anything, today, tomorrow. */
    char days[DAYS + 2][DATE_LEN];
    const char *day[DAYS + 2];
    int n = 0;
    static const char *const fixed[] = {"2024-11-01", "2025-01-31", "2025-02-28", "2025-06-30",
                                        "2025-10-31", "2025-11-19", "2025-11-20", "2025-11-21"};
    for (int i = 0; i < 8; i++) util_copy(days[n++], DATE_LEN, fixed[i]);
    while (n < DAYS) day_after(rnd(390), days[n++]);
    for (int i = 0; i < n; i++) day[i] = days[i];

    compare("VN", NULL, day, n);
    compare("T1", NULL, day, n);
    compare("T2-X1", NULL, day, n);
    for (int i = 0; i < 12; i++) compare(i % 3 ? "VN" : "T2", day[rnd(n - 1)], day, 3);
    compare("VN", "2025-11-20", day, n);
    st->close(st);
    unlink(path);
    return check_done("task figures on many days from one read");
}
