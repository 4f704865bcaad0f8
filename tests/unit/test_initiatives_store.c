/* The storage of breakthrough initiatives (store_sqlite.c and, when NQ57_PG_URL names a
 * server, store_pg.c; schema 0008): an initiative and its
 * council, conflicts, scores per round and events; the list's cursor and filters; attachments
 * in the evidence store beside task evidence; generations bumped by every write. */
#include "check.h"
#include "embedded.h"
#include "store/store.h"

#include <libpq-fe.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

static struct store *st;

static int64_t unit(const char *code, const char *kind, int64_t parent)
{
    struct unit u = {.parent_id = parent};
    snprintf(u.code, sizeof u.code, "%s", code);
    snprintf(u.name, sizeof u.name, "Đơn vị %s", code);
    snprintf(u.kind, sizeof u.kind, "%s", kind);
    snprintf(u.valid_from, sizeof u.valid_from, "2025-01-01");
    CHECK(st->unit_insert(st, &u) == ST_OK, "unit %s", code);
    return u.id;
}

static int64_t user(const char *name, int64_t unit_id)
{
    struct user u = {.unit_id = unit_id, .active = true};
    snprintf(u.username, sizeof u.username, "%s", name);
    snprintf(u.display_name, sizeof u.display_name, "Thành viên %s", name);
    snprintf(u.password_hash, sizeof u.password_hash, "x");
    snprintf(u.role, sizeof u.role, "council");
    CHECK(st->user_insert(st, &u) == ST_OK, "user %s", name);
    return u.id;
}

struct got { int n; char code[24], stage[16], unit[CODE_MAX], field[40], names[200]; int round;
             int64_t ids[8], task, initiative; };
static void got_initiative(void *ctx, const struct initiative *i)
{
    struct got *g = ctx;
    if (g->n < 8) g->ids[g->n] = i->id;
    g->n++;
    snprintf(g->code, sizeof g->code, "%s", i->code);
    snprintf(g->stage, sizeof g->stage, "%s", i->stage);
    snprintf(g->unit, sizeof g->unit, "%s", i->unit_code);
    snprintf(g->field, sizeof g->field, "%s", i->field_code);
    g->round = i->round;
    g->task = i->task_id;
}
static void got_member(void *ctx, const struct initiative_member *m)
{
    struct got *g = ctx;
    g->n++;
    strncat(g->names, m->username, sizeof g->names - strlen(g->names) - 2);
    strcat(g->names, ",");
}
static void got_score(void *ctx, const struct initiative_score *s)
{
    struct got *g = ctx;
    g->n++;
    g->round = s->round;
    g->ids[0] += s->v[0] + s->v[1] + s->v[2] + s->v[3] + s->v[4];
}
static void got_event(void *ctx, const struct initiative_event *e)
{
    struct got *g = ctx;
    g->n++;
    strncat(g->names, e->kind, sizeof g->names - strlen(g->names) - 2);
    strcat(g->names, ",");
}
static void got_conflict(void *ctx, const struct initiative_conflict *c)
{
    struct got *g = ctx;
    g->n++;
    snprintf(g->names, sizeof g->names, "%s:%s", c->username, c->reason);
}
static void got_evidence(void *ctx, const struct evidence *e)
{
    struct got *g = ctx;
    g->n++;
    g->initiative = e->initiative_id;
    snprintf(g->names, sizeof g->names, "%s", e->name);
    /* A task part's file keeps its part and its bytes. */
    if (!e->initiative_id && (e->part_id != 1 || !e->content || memcmp(e->content, "%PDF-", 5)))
        g->n = -100;
}

static void remove_db(const char *path)
{
    char side[64];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* A database at schema 5 with one task evidence file, brought to schema 8: the evidence table
 * is rebuilt (a file now belongs to a part or an initiative) and the file must survive. */
static void test_migration_keeps_evidence(void)
{
    char path[] = "/tmp/nq57-mig-XXXXXX";
    close(mkstemp(path));
    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK, "open");
    sqlite3_exec(db, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
                     "NULL, applied_at TEXT NOT NULL)", NULL, NULL, NULL);
    static const char *const old[] = {"0001_init.sql", "0002_tasks.sql", "0003_evidence.sql",
                                      "0004_checklists.sql", "0005_indicators.sql"};
    for (int k = 0; k < 5; k++) {
        char name[64], sql[160];
        snprintf(name, sizeof name, "sql/sqlite/%s", old[k]);
        const struct embedded_file *f = embedded_find(name);
        CHECK(f && sqlite3_exec(db, (const char *)f->data, NULL, NULL, NULL) == SQLITE_OK,
              "%s: %s", old[k], sqlite3_errmsg(db));
        snprintf(sql, sizeof sql, "INSERT INTO schema_migrations VALUES (%d, '%s', 'x')", k + 1,
                 old[k]);
        sqlite3_exec(db, sql, NULL, NULL, NULL);
    }
    CHECK(sqlite3_exec(db,
        "INSERT INTO units (id, code, kind, name, name_folded, path, valid_from, created_at) "
        "VALUES (1, 'VN', 'nation', 'Cả nước', 'ca nuoc', '/1/', '2025-01-01', 'x');"
        "INSERT INTO tasks (id, title, deadline_kind, start_date, created_at, created_day, "
        "created_by) VALUES (1, 'Nhiệm vụ', 'none', '2025-01-01', 'x', '2025-01-01', 'x');"
        "INSERT INTO task_parts (id, task_id, unit_id, role, updated_at) VALUES (1, 1, 1, "
        "'lead', 'x');"
        "INSERT INTO evidence (id, part_id, name, type, size, sha256, content, at, actor) VALUES "
        "(7, 1, 'bao-cao.pdf', 'application/pdf', 5, 'ab', X'255044462D', 't', 'a');",
        NULL, NULL, NULL) == SQLITE_OK, "old rows: %s", sqlite3_errmsg(db));
    sqlite3_close(db);

    char err[300];
    struct store *s = store_open(path, err, sizeof err);
    int applied = 0;
    CHECK(s && s->migrate(s, &applied) == ST_OK, "migrate");
    CHECK(applied >= 1, "0008 applied (%d)", applied);
    struct got g = {0};
    CHECK(s && s->evidence_get(s, 7, got_evidence, &g) == ST_OK, "the old file is there");
    CHECK(g.n == 1 && g.initiative == 0 && !strcmp(g.names, "bao-cao.pdf"), "as it was");
    if (s) s->close(s);
    remove_db(path);
}

/* The URL of database NAME on the server of URL SERVER (its path replaced). */
static bool database_url(const char *server, const char *name, char *out, size_t cap)
{
    const char *host = strstr(server, "://");
    const char *slash = host ? strchr(host + 3, '/') : NULL;
    const char *query = strchr(server, '?');
    int prefix = slash ? (int)(slash - server) : query ? (int)(query - server) : (int)strlen(server);
    int n = snprintf(out, cap, "%.*s/%s%s", prefix, server, name, query ? query : "");
    return host && n > 0 && (size_t)n < cap;
}

/* Creates (or drops) database NAME on the server of URL SERVER. */
static bool pg_database(const char *server, const char *name, bool create)
{
    PGconn *c = PQconnectdb(server);
    char sql[128];
    snprintf(sql, sizeof sql, create ? "CREATE DATABASE %s" : "DROP DATABASE IF EXISTS %s", name);
    PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
    bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    PQfinish(c);
    return ok;
}

/* Every store function of initiatives on the store ST (a migrated, empty database). */
static void exercise(void)
{
    int64_t vn = unit("VN", "nation", 0), tw = unit("TW", "centre", vn),
            khcn = unit("BO-KHCN", "ministry", tw);
    int64_t a = user("hd.a", tw), b = user("hd.b", khcn);

    struct strategic_field f = {.code = "ai", .name = "Trí tuệ nhân tạo", .name_en = "AI",
                                .source = "test", .position = 10, .active = true};
    int64_t fid, fid2;
    CHECK(st->strategic_field_insert(st, &f, &fid) == ST_OK, "field");
    CHECK(st->strategic_field_insert(st, &f, &fid2) == ST_CONFLICT, "a field code is unique");
    f.active = false;
    f.code = "none";
    CHECK(st->strategic_field_update(st, &f) == ST_NOT_FOUND, "update of a missing field");

    int64_t g0, g1;
    st->generation(st, "initiatives", &g0);
    int64_t ids[3];
    for (int k = 0; k < 3; k++) {
        char code[24];
        snprintf(code, sizeof code, "SK-0000-0000-000%d", k);
        struct initiative i = {
            .code = code, .source = k == 2 ? "feedback" : "public", .feedback_id = k == 2 ? 77 : 0,
            .title = k == 1 ? "Chip bán dẫn" : "Nền tảng AI", .field_id = fid, .problem = "p",
            .solution = "s", .impact = "i", .resources = "", .team = "", .proposer_kind = "person",
            .proposer_name = "Nguyễn Văn A", .email = "a@b.vn", .phone = "", .unit_id = k ? 0 : khcn,
            .stage = "submitted", .received_at = "2025-11-21T01:00:00Z", .received_day = "2025-11-21",
        };
        CHECK(st->initiative_insert(st, &i, k == 1 ? "chip ban dan" : "nen tang ai", &ids[k]) ==
                  ST_OK, "insert %d", k);
    }
    st->generation(st, "initiatives", &g1);
    CHECK(g1 > g0, "insert bumps the generation");
    struct initiative dup = {.code = "SK-0000-0000-0000", .source = "public", .title = "x",
                             .field_id = fid, .problem = "", .solution = "", .impact = "",
                             .resources = "", .team = "", .proposer_kind = "person",
                             .proposer_name = "", .email = "", .phone = "", .stage = "submitted",
                             .received_at = "t", .received_day = "d"};
    int64_t dupid;
    CHECK(st->initiative_insert(st, &dup, "", &dupid) == ST_CONFLICT, "tracking codes are unique");

    struct got g = {0};
    CHECK(st->initiative_get(st, 0, "SK-0000-0000-0000", got_initiative, &g) == ST_OK, "by code");
    CHECK(g.n == 1 && !strcmp(g.unit, "BO-KHCN") && !strcmp(g.field, "ai"), "unit %s", g.unit);
    CHECK(st->initiative_get(st, 0, "SK-XXXX", got_initiative, &g) == ST_NOT_FOUND, "no code");

    /* Newest first, paged by id. */
    struct initiative_query q = {.limit = 2};
    memset(&g, 0, sizeof g);
    st->initiative_list(st, &q, got_initiative, &g);
    CHECK(g.n == 2 && g.ids[0] == ids[2] && g.ids[1] == ids[1], "first page");
    q.after_id = g.ids[1];
    memset(&g, 0, sizeof g);
    st->initiative_list(st, &q, got_initiative, &g);
    CHECK(g.n == 1 && g.ids[0] == ids[0], "second page");
    struct initiative_query qf = {.limit = 10, .folded = "ban dan"};
    memset(&g, 0, sizeof g);
    st->initiative_list(st, &qf, got_initiative, &g);
    CHECK(g.n == 1 && g.ids[0] == ids[1], "search");

    /* Screening and council. */
    struct got cur = {0};
    st->initiative_get(st, ids[0], NULL, got_initiative, &cur);
    struct initiative up = {.id = ids[0], .unit_id = khcn, .stage = "review",
                            .screened_at = "2025-11-21T02:00:00Z", .screened_day = "2025-11-21",
                            .screened_by = "tt", .screening_reason = "", .assessment = "tốt",
                            .council_due = "2025-11-28", .council_at = "2025-11-24T02:00:00Z",
                            .council_day = "2025-11-24", .council_by = "tt", .round = 1,
                            .decision_reason = ""};
    CHECK(st->initiative_update(st, &up) == ST_OK, "update");
    up.id = 999;
    CHECK(st->initiative_update(st, &up) == ST_NOT_FOUND, "update of a missing initiative");
    memset(&g, 0, sizeof g);
    st->initiative_get(st, ids[0], NULL, got_initiative, &g);
    CHECK(!strcmp(g.stage, "review") && g.round == 1, "stage %s round %d", g.stage, g.round);
    struct initiative_query qs = {.limit = 10, .stage = "review"};
    memset(&g, 0, sizeof g);
    st->initiative_list(st, &qs, got_initiative, &g);
    CHECK(g.n == 1, "stage filter %d", g.n);

    CHECK(st->initiative_member_insert(st, ids[0], a, "t1", "tt") == ST_OK, "member a");
    CHECK(st->initiative_member_insert(st, ids[0], b, "t1", "tt") == ST_OK, "member b");
    CHECK(st->initiative_member_insert(st, ids[0], a, "t2", "tt") == ST_CONFLICT, "once");
    memset(&g, 0, sizeof g);
    st->initiative_members(st, ids[0], got_member, &g);
    CHECK(g.n == 2 && !strcmp(g.names, "hd.a,hd.b,"), "members %s", g.names);
    struct initiative_query qm = {.limit = 10, .member_id = b};
    memset(&g, 0, sizeof g);
    st->initiative_list(st, &qm, got_initiative, &g);
    CHECK(g.n == 1 && g.ids[0] == ids[0], "mine");

    CHECK(st->initiative_conflict_insert(st, ids[0], b, "người thân", "t3") == ST_OK, "conflict");
    CHECK(st->initiative_conflict_insert(st, ids[0], b, "lại", "t4") == ST_CONFLICT, "once");
    memset(&g, 0, sizeof g);
    st->initiative_conflicts(st, ids[0], got_conflict, &g);
    CHECK(g.n == 1 && !strcmp(g.names, "hd.b:người thân"), "%s", g.names);

    /* Scores: once per member per round. */
    struct initiative_score s1 = {.user_id = a, .round = 1, .v = {8, 9, 6, 7, 5}, .comment = "",
                                  .at = "t5"};
    CHECK(st->initiative_score_insert(st, ids[0], &s1) == ST_OK, "score");
    CHECK(st->initiative_score_insert(st, ids[0], &s1) == ST_CONFLICT, "twice in a round");
    s1.round = 2;
    CHECK(st->initiative_score_insert(st, ids[0], &s1) == ST_OK, "round 2");
    memset(&g, 0, sizeof g);
    st->initiative_scores(st, ids[0], 1, got_score, &g);
    CHECK(g.n == 1 && g.round == 1 && g.ids[0] == 35, "round 1: %d rows, total %lld", g.n,
          (long long)g.ids[0]);
    memset(&g, 0, sizeof g);
    st->initiative_scores(st, ids[0], 0, got_score, &g);
    CHECK(g.n == 2 && g.round == 2, "every round, in order");

    /* The timeline, in order. */
    st->initiative_event_insert(st, ids[0], "t1", "public", "submitted", "");
    st->initiative_event_insert(st, ids[0], "t2", "tt", "screened", "tốt");
    st->initiative_event_insert(st, ids[0], "t3", "tt", "council", "hd.a, hd.b");
    memset(&g, 0, sizeof g);
    st->initiative_events(st, ids[0], got_event, &g);
    CHECK(!strcmp(g.names, "submitted,screened,council,"), "%s", g.names);

    /* An attachment is an evidence row without a part. */
    struct evidence e = {.initiative_id = ids[0], .name = "thuyết minh.pdf",
                         .type = "application/pdf", .size = 5, .sha256 = "00", .content = "%PDF-",
                         .at = "t6", .actor = "public"};
    int64_t eid;
    st->generation(st, "initiatives", &g0);
    CHECK(st->evidence_insert(st, &e, &eid) == ST_OK, "attachment");
    st->generation(st, "initiatives", &g1);
    CHECK(g1 > g0, "an attachment bumps the initiatives generation");
    memset(&g, 0, sizeof g);
    CHECK(st->evidence_get(st, eid, got_evidence, &g) == ST_OK, "get the attachment");
    CHECK(g.n == 1 && g.initiative == ids[0], "its initiative");
    memset(&g, 0, sizeof g);
    st->initiative_evidence(st, ids[0], got_evidence, &g);
    CHECK(g.n == 1 && !strcmp(g.names, "thuyết minh.pdf"), "listed");
    struct evidence orphan = e;
    orphan.initiative_id = 0;
    CHECK(st->evidence_insert(st, &orphan, &eid) != ST_OK, "a file belongs to a part or an initiative");

}

int main(void)
{
    if (sodium_init() < 0) return 2;
    char path[] = "/tmp/nq57-ini-XXXXXX";
    close(mkstemp(path));
    char err[300];
    st = store_open(path, err, sizeof err);
    int applied;
    if (!st || st->migrate(st, &applied) != ST_OK) return 2;
    exercise();
    st->close(st);
    remove_db(path);
    test_migration_keeps_evidence();

    /* The same on PostgreSQL, in a database of its own, when NQ57_PG_URL names a server. */
    const char *server = getenv("NQ57_PG_URL");
    if (server && *server) {
        char name[40], url[512];
        snprintf(name, sizeof name, "nq57_unit_ini_%ld", (long)getpid());
        CHECK(pg_database(server, name, true), "create database %s", name);
        CHECK(database_url(server, name, url, sizeof url), "the URL of %s", name);
        st = store_open(url, err, sizeof err);
        CHECK(st && st->migrate(st, &applied) == ST_OK, "PostgreSQL: %s", st ? "migrate" : err);
        if (st) {
            exercise();
            st->close(st);
        }
        CHECK(pg_database(server, name, false), "drop database %s", name);
    }
    return check_done("initiatives store");
}
