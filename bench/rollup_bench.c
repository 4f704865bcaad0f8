/* Roll-up on write, measured: loads communes × indicators × months of values into a fresh
 * SQLite database holding the bundled units and the 3,321 demo communes, through the storage
 * layer and src/rollup.c as the server would (rollup_batch for bulk loads, in one
 * transaction; rollup_put for one value at a time, on a sample), and prints values/s; then
 * times rollup_rebuild, and the national evaluation with 1× and 2× the values. With --pg it
 * copies the same rows into PostgreSQL, times the GROUP BY that computes the same aggregates
 * for every unit above a value in one query, checks that every row agrees with SQLite's
 * roll-up rows, and prints the ratios (bench/README.md, "Roll-up").
 *
 * A separate program rather than an `nq57` subcommand: it links libpq, which the server does
 * not need, and it is a measurement tool, not something an operator runs. bench/run.sh rollup
 * builds it, starts a throwaway PostgreSQL and runs it; bench/README.md reads the figures.
 *
 * usage: build/bench-rollup [--db FILE] [--pg CONNINFO] [--indicators N] [--months N]
 *                           [--sample N] [--seed N] */
#include "api_values.h"
#include "indicator.h"
#include "rollup.h"
#include "seed.h"
#include "store/store.h"
#include "util.h"

#include <libpq-fe.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define AGGS 6
static const char *const AGG[AGGS] = {"wratio", "sum", "avg", "min", "max", "latest"};
static const char *const TYPE[AGGS] = {"ratio", "count", "percent", "percent", "number", "count"};

struct commune { int64_t id; char path[PATH_MAX_BYTES]; };
static struct commune *communes;
static size_t n_communes, cap_communes;

struct load { double wall, cpu, add, flush, commit; size_t rollup_rows; };
static double rollup_cost;          /* seconds roll-up on write adds to the load, at most */
static double rebuild_rate;         /* values/s of rollup_rebuild */

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* CPU time of this process (user + system): less sensitive than wall time to what else runs on
 * a shared machine. SQLite runs in the process, so it is all of the load's work but the disk. */
static double cpu_seconds(void)
{
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return (double)r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + (double)r.ru_stime.tv_sec +
           r.ru_stime.tv_usec / 1e6;
}

static uint64_t hash3(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t z = a * 0x9e3779b97f4a7c15ull ^ b * 0xc2b2ae3d27d4eb4full ^ c * 0x165667b19e3779f9ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Value of indicator K (aggregation K % AGGS) for commune C in month M: plausible for its type
 * and the same in SQLite and PostgreSQL. */
static void make_value(const struct indicator *ind, int k, size_t c, int m, uint64_t seed,
                       struct ivalue *v)
{
    uint64_t h = hash3(seed ^ (uint64_t)k, (uint64_t)c, (uint64_t)m);
    v->numerator = v->denominator = NAN;
    v->late = h % 10 == 0;
    switch (k % AGGS) {
    case 0:
        v->denominator = (double)(20 + (h >> 8) % 380);
        v->numerator = floor(v->denominator * (double)((h >> 20) % 101) / 100);
        break;
    case 1: case 5: v->value = (double)((h >> 8) % 20); break;
    case 2: case 3: v->value = (double)((h >> 8) % 1001) / 10; break;
    default: v->value = (double)((h >> 8) % 31); break;
    }
    const char *field, *why;
    if (!ind_value_check(ind, v, &field, &why)) {
        fprintf(stderr, "bench-rollup: bad value for %s: %s\n", field, why);
        exit(2);
    }
}

static void add_commune(void *ctx, const struct reporting_unit *u)
{
    (void)ctx;
    if (n_communes == cap_communes) {
        cap_communes = cap_communes ? cap_communes * 2 : 4096;
        communes = realloc(communes, cap_communes * sizeof *communes);
        if (!communes) exit(2);
    }
    communes[n_communes].id = u->id;
    util_copy(communes[n_communes].path, PATH_MAX_BYTES, u->path);
    n_communes++;
}

static const char *opt(int argc, char **argv, const char *name, const char *dflt)
{
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], name)) return argv[i + 1];
    return dflt;
}

static void die_rc(const char *what, enum store_rc rc)
{
    fprintf(stderr, "bench-rollup: %s failed (store error %d)\n", what, (int)rc);
    exit(1);
}

/* ---- PostgreSQL ---- */

static PGresult *pg_exec(PGconn *pg, const char *sql, ExecStatusType want)
{
    PGresult *r = PQexec(pg, sql);
    if (PQresultStatus(r) != want) {
        fprintf(stderr, "bench-rollup: PostgreSQL: %s\n  in: %.200s\n", PQerrorMessage(pg), sql);
        exit(1);
    }
    return r;
}

/* COPY FROM STDIN of the text in BUF. */
static void pg_copy(PGconn *pg, const char *sql, const char *buf, size_t len)
{
    PQclear(pg_exec(pg, sql, PGRES_COPY_IN));
    if (PQputCopyData(pg, buf, (int)len) != 1 || PQputCopyEnd(pg, NULL) != 1) {
        fprintf(stderr, "bench-rollup: COPY: %s\n", PQerrorMessage(pg));
        exit(1);
    }
    PGresult *r;
    while ((r = PQgetResult(pg))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            fprintf(stderr, "bench-rollup: COPY: %s\n", PQerrorMessage(pg));
            exit(1);
        }
        PQclear(r);
    }
}

struct textbuf { char *p; size_t len, cap; };
static void tb_printf(struct textbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tb_printf(struct textbuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        b->cap = b->cap ? b->cap * 2 : 1 << 20;
        b->p = realloc(b->p, b->cap);
        if (!b->p) exit(2);
    }
}

/* One row of the GROUP BY result, to compare with the roll-up row in SQLite. */
struct check_row { int64_t ind, unit; char period[8]; };

static void postgres(const char *conninfo, struct store *st, const struct indicator *inds,
                     int n_ind, int months, uint64_t seed, long values, double our_rate)
{
    PGconn *pg = PQconnectdb(conninfo);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "bench-rollup: cannot connect to PostgreSQL: %s", PQerrorMessage(pg));
        exit(1);
    }
    PGresult *ver = pg_exec(pg, "SHOW server_version", PGRES_TUPLES_OK);
    printf("\nPostgreSQL %s (fsync on, shared_buffers and work_mem 256 MB): the same %ld "
           "values, aggregated for every unit above them by one GROUP BY\n", PQgetvalue(ver, 0, 0), values);
    PQclear(ver);
    PQclear(pg_exec(pg, "SET client_min_messages = warning", PGRES_COMMAND_OK));
    PQclear(pg_exec(pg, "DROP TABLE IF EXISTS bench_values, bench_units, bench_ancestors; "
                        "CREATE TABLE bench_units (id bigint PRIMARY KEY, path text NOT NULL); "
                        "CREATE TABLE bench_ancestors (unit_id bigint NOT NULL, ancestor_id "
                        "bigint NOT NULL); CREATE TABLE bench_values (indicator_id bigint NOT "
                        "NULL, unit_id bigint NOT NULL, period text NOT NULL, value float8 NOT "
                        "NULL, numerator float8, denominator float8, late boolean NOT NULL)",
                    PGRES_COMMAND_OK));
    /* Units with their materialised paths, and the ancestors table derived from them. */
    struct textbuf u = {0}, a = {0}, v = {0};
    for (size_t c = 0; c < n_communes; c++) {
        tb_printf(&u, "%lld\t%s\n", (long long)communes[c].id, communes[c].path);
        int64_t up[32];
        int n = rollup_ancestors(communes[c].path, up, 32);
        for (int i = 0; i < n; i++)
            tb_printf(&a, "%lld\t%lld\n", (long long)communes[c].id, (long long)up[i]);
    }
    pg_copy(pg, "COPY bench_units FROM STDIN", u.p, u.len);
    pg_copy(pg, "COPY bench_ancestors FROM STDIN", a.p, a.len);
    double t0 = seconds();
    for (int m = 1; m <= months; m++) {
        v.len = 0;
        for (int k = 0; k < n_ind; k++)
            for (size_t c = 0; c < n_communes; c++) {
                struct ivalue x;
                make_value(&inds[k], k, c, m, seed, &x);
                tb_printf(&v, "%lld\t%lld\t2026-%02d\t%.17g\t", (long long)inds[k].id,
                          (long long)communes[c].id, m, x.value);
                if (isnan(x.numerator)) tb_printf(&v, "\\N\t\\N\t%s\n", x.late ? "t" : "f");
                else tb_printf(&v, "%.17g\t%.17g\t%s\n", x.numerator, x.denominator,
                               x.late ? "t" : "f");
            }
        pg_copy(pg, "COPY bench_values FROM STDIN", v.p, v.len);
    }
    double t_copy = seconds() - t0;
    t0 = seconds();
    PQclear(pg_exec(pg, "ANALYZE bench_values; ANALYZE bench_units; ANALYZE bench_ancestors",
                    PGRES_COMMAND_OK));
    double t_analyze = seconds() - t0;
    printf("  COPY of the values       %8.2f s  %10.0f values/s (ANALYZE %.2f s after)\n",
           t_copy, values / t_copy, t_analyze);

    static const char *const queries[2][2] = {
        {"ancestors table",
         "SELECT v.indicator_id, a.ancestor_id, v.period, count(*), count(*) FILTER (WHERE "
         "v.late), sum(v.value), coalesce(sum(v.numerator), 0), coalesce(sum(v.denominator), 0), "
         "min(v.value), max(v.value) FROM bench_values v JOIN bench_ancestors a ON a.unit_id = "
         "v.unit_id GROUP BY 1, 2, 3"},
        {"materialised path",
         "SELECT v.indicator_id, p.id::bigint, v.period, count(*), count(*) FILTER (WHERE "
         "v.late), sum(v.value), coalesce(sum(v.numerator), 0), coalesce(sum(v.denominator), 0), "
         "min(v.value), max(v.value) FROM bench_values v JOIN bench_units u ON u.id = v.unit_id "
         "CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')) AS p(id) "
         "WHERE p.id::bigint <> u.id GROUP BY 1, 2, 3"},
    };
    double best = 0;
    for (int q = 0; q < 2; q++) {
        double tq[2];
        PGresult *r = NULL;
        for (int run = 0; run < 2; run++) {
            if (r) PQclear(r);
            t0 = seconds();
            r = pg_exec(pg, queries[q][1], PGRES_TUPLES_OK);
            tq[run] = seconds() - t0;
        }
        printf("  GROUP BY, %-17s %6.2f s (first run %.2f s)  %10.0f values/s, %d roll-up rows\n",
               queries[q][0], tq[1], tq[0], values / tq[1], PQntuples(r));
        if (q == 0) best = tq[1];
        /* The same aggregates as SQLite's roll-up rows, for every row of the result: every
         * unit above a value, every indicator and period (count, late, sum, numerator and
         * denominator sums, min, max). */
        int compared = 0, differ = 0;
        for (int i = 0; i < PQntuples(r); i++) {
            int64_t ind = strtoll(PQgetvalue(r, i, 0), NULL, 10);
            int64_t unit = strtoll(PQgetvalue(r, i, 1), NULL, 10);
            struct rollup got;
            compared++;
            if (st->rollup_get(st, ind, unit, PQgetvalue(r, i, 2), &got) != ST_OK) {
                differ++;
                continue;
            }
            double want[5];
            for (int c = 0; c < 5; c++) want[c] = strtod(PQgetvalue(r, i, 5 + c), NULL);
            double have[5] = {got.total, got.num, got.den, got.lo, got.hi};
            bool same = got.n == strtoll(PQgetvalue(r, i, 3), NULL, 10) &&
                        got.late == strtoll(PQgetvalue(r, i, 4), NULL, 10);
            /* Min and max are kept for the indicators aggregated by them (min, max). */
            const char *agg = "";
            for (int k = 0; k < n_ind; k++)
                if (inds[k].id == ind) agg = inds[k].aggregation;
            int checked = !strcmp(agg, "min") || !strcmp(agg, "max") ? 5 : 3;
            for (int c = 0; c < checked; c++)
                same = same && fabs(have[c] - want[c]) <= 1e-6 * (1 + fabs(want[c]));
            if (!same) differ++;
        }
        printf("    rows compared with SQLite's roll-up rows (all units): %d, differing: %d\n",
               compared, differ);
        if (differ) exit(1);
        PQclear(r);
    }
    double pg_rate = values / best;
    printf("\n  values/s  nq57 load with roll-up (values and roll-ups durable)  %10.0f\n",
           our_rate);
    printf("            PostgreSQL GROUP BY over rows already loaded            %10.0f\n",
           pg_rate);
    printf("            PostgreSQL COPY + GROUP BY (values stored, aggregates computed) %10.0f\n",
           values / (t_copy + best));
    printf("  ratio (issue 4): nq57 load with roll-up ÷ PostgreSQL GROUP BY = %.2f (goal >= 1: %s)\n",
           our_rate / pg_rate, our_rate >= pg_rate ? "met" : "NOT met");
    printf("  ratio, same work on both sides: nq57 load with roll-up ÷ PostgreSQL COPY + GROUP BY "
           "= %.2f\n", our_rate / (values / (t_copy + best)));
    printf("  ratio, the aggregation alone: roll-up's share of nq57's load (at most %.2f s, %.0f "
           "values/s) ÷ PostgreSQL GROUP BY = %.2f\n", rollup_cost, values / rollup_cost,
           values / rollup_cost / pg_rate);
    printf("  ratio, recomputing everything: nq57 rollup_rebuild ÷ PostgreSQL GROUP BY = %.2f\n",
           rebuild_rate / pg_rate);
    PQclear(pg_exec(pg, "DROP TABLE bench_values, bench_units, bench_ancestors",
                    PGRES_COMMAND_OK));
    free(u.p);
    free(a.p);
    free(v.p);
    PQfinish(pg);
}

/* ---- the measured steps ---- */


/* Loads MONTHS months of YEAR for every indicator and commune through rollup_batch, in one
 * transaction, with progress on stderr. */
static struct load load_year(struct store *st, const struct indicator *inds, int n_ind,
                             int months, int year, uint64_t seed, const char *now)
{
    struct load l = {0};
    struct rollup_batch *b = rollup_batch_new();
    char first_day[16];
    snprintf(first_day, sizeof first_day, "%d-12-31", year);
    double t0 = seconds(), c0 = cpu_seconds();
    enum store_rc rc = st->begin(st);
    if (!b || rc != ST_OK) die_rc("begin", rc);
    long done = 0;
    for (int m = 1; m <= months; m++) {
        char period[16];
        snprintf(period, sizeof period, "%d-%02d", year, m);
        for (int k = 0; k < n_ind && rc == ST_OK; k++)
            for (size_t c = 0; c < n_communes && rc == ST_OK; c++) {
                struct ivalue v = {.indicator_id = inds[k].id, .unit_id = communes[c].id,
                                   .period = period, .source = "bench", .flags = "",
                                   .first_day = first_day, .updated_at = now,
                                   .updated_by = "bench"};
                make_value(&inds[k], k, c, m, seed, &v);
                rc = rollup_batch_add(st, b, &inds[k], communes[c].path, &v);
            }
        if (rc != ST_OK) die_rc("the batch load", rc);
        done += (long)n_ind * (long)n_communes;
        fprintf(stderr, "  [batch] %s: %ld values held, %.1f s\n", period, done, seconds() - t0);
    }
    l.add = seconds() - t0;
    l.rollup_rows = rollup_batch_pending(b);
    fprintf(stderr, "  [batch] writing %ld values and %zu roll-up rows…\n", done, l.rollup_rows);
    if ((rc = rollup_batch_flush(st, b)) != ST_OK) die_rc("the batch load", rc);
    l.flush = seconds() - t0 - l.add;
    fprintf(stderr, "  [batch] written in %.1f s; committing…\n", l.flush);
    if ((rc = st->commit(st)) != ST_OK) die_rc("the batch load", rc);
    l.wall = seconds() - t0;
    l.commit = l.wall - l.add - l.flush;
    l.cpu = cpu_seconds() - c0;
    rollup_batch_free(b);
    return l;
}

/* Best time of the national evaluation of IND (what GET /api/v1/indicators/{code}/evaluation
 * builds on a reply-cache miss), over 101 calls. */
static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
static double evaluation_time(struct store *st, const struct indicator *ind,
                              const struct unit *nation)
{
    double t[101];
    for (int i = 0; i < 101; i++) {
        double t0 = seconds();
        json_t *e = indicator_evaluation_json(st, ind, nation, true);
        t[i] = seconds() - t0;
        if (!e) die_rc("the evaluation", ST_ERROR);
        json_decref(e);
    }
    qsort(t, 101, sizeof *t, by_double);
    return t[0];            /* the least disturbed by other work on the machine */
}

/* A new database at DB (removed first) with the bundled data, the demo communes and the
 * 2 × N_IND bench indicators, whose ids go to INDS. The same ids every time: the seeding is
 * deterministic. */
static struct store *fresh_store(const char *db, uint64_t seed, struct indicator *inds,
                                 char (*codes)[24], int n_ind)
{
    char path[600], err[400];
    static const char *const sides[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s%s", db, sides[i]);
        unlink(path);
    }
    struct store *st = store_open(db, err, sizeof err);
    int applied;
    if (!st || st->migrate(st, &applied) != ST_OK) {
        fprintf(stderr, "bench-rollup: %s\n", st ? "migration failed" : err);
        exit(1);
    }
    if (seed_bundled(st, err, sizeof err) || seed_demo(st, seed, err, sizeof err)) {
        fprintf(stderr, "bench-rollup: %s\n", err);
        exit(1);
    }
    enum store_rc rc = st->begin(st);
    if (rc != ST_OK) die_rc("begin", rc);
    for (int j = 0; j < 2 * n_ind; j++) {
        int k = j % n_ind;
        snprintf(codes[j], sizeof codes[j], "BENCH-%02d", j + 1);
        inds[j] = (struct indicator){
            .code = codes[j], .programme_code = "", .document_key = "", .goal = "",
            .name = codes[j], .unit_of_measure = "", .direction = "up", .value_type = TYPE[k % AGGS],
            .aggregation = AGG[k % AGGS], .period_type = "month",
            .reporters = "commune;ward;special_zone", .part_of_code = "", .quote = "",
            .baseline_value = NAN, .near_tolerance = NAN, .ratio_scale = 100, .due_days = 10};
        if ((rc = st->indicator_insert(st, &inds[j], codes[j], &inds[j].id)) != ST_OK)
            die_rc("indicator_insert", rc);
    }
    if ((rc = st->commit(st)) != ST_OK) die_rc("commit", rc);
    return st;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *db = opt(argc, argv, "--db", "/tmp/nq57-bench-rollup.db");
    const char *pg = opt(argc, argv, "--pg", NULL);
    int n_ind = atoi(opt(argc, argv, "--indicators", "25"));
    int months = atoi(opt(argc, argv, "--months", "12"));
    long sample = atol(opt(argc, argv, "--sample", "50000"));
    uint64_t seed = strtoull(opt(argc, argv, "--seed", "57"), NULL, 10);
    if (n_ind < 1 || n_ind > 200 || months < 1 || months > 12 || sample < 0) {
        fprintf(stderr, "bench-rollup: --indicators 1-200, --months 1-12, --sample 0 or more\n");
        return 2;
    }
    double t0 = seconds();
    /* Twice as many indicators as measured: the second half doubles the stored values for
     * the evaluation check, without touching the first half's periods. */
    struct indicator *inds = calloc(2 * (size_t)n_ind, sizeof *inds);
    char (*codes)[24] = calloc(2 * (size_t)n_ind, sizeof *codes);
    struct store *st = fresh_store(db, seed, inds, codes, n_ind);
    enum store_rc rc = st->reporting_units(st, 0, "", "commune;ward;special_zone", "/",
                                           "2026-01-01", "2026-12-31", add_commune, NULL);
    if (rc != ST_OK) die_rc("listing the communes", rc);
    struct unit vn;
    if (st->unit_get(st, "VN", NULL, &vn) != ST_OK) die_rc("unit VN", ST_NOT_FOUND);
    long values = (long)n_communes * n_ind * months;
    printf("nq57 roll-up benchmark: %zu communes × %d indicators × %d months = %ld values "
           "(setup: bundled data and demo communes in %.1f s)\n", n_communes, n_ind, months,
           values, seconds() - t0);
    printf("  SQLite %s, synchronous=FULL, WAL; aggregations cycle %s/%s/%s/%s/%s/%s\n",
           sqlite3_libversion(), AGG[0], AGG[1], AGG[2], AGG[3], AGG[4], AGG[5]);

    char now[ISO_TIME_LEN];
    util_now_iso(now);
    struct load l = load_year(st, inds, n_ind, months, 2026, seed, now);
    double batch_rate = values / l.wall;
    printf("  values with roll-up (rollup_batch)     %8.2f s  %10.0f values/s  (CPU %.2f s: %.0f "
           "values per CPU second)\n", l.wall, batch_rate, l.cpu, values / l.cpu);
    printf("    of which: values held and roll-ups summed in memory %.2f s, values and %zu "
           "roll-up rows written %.2f s, durable commit %.2f s\n", l.add, l.rollup_rows,
           l.flush, l.commit);
    /* What roll-up on write adds to the load, at most: the add phase holds each value in
     * memory and sums it into the rows of the units above; the roll-up rows are written in
     * the flush (10,500 next to a million value rows). */
    rollup_cost = l.add;
    printf("  roll-up's share of the load (values held and summed in memory; at most) %.2f s: "
           "%.0f values/s\n", rollup_cost, values / rollup_cost);
    double c0;
    double cpu;
    double eval1 = evaluation_time(st, &inds[0], &vn);

    /* One value at a time (what the API does), in one transaction, on new periods. */
    if (sample > 0) {
        if ((rc = st->begin(st)) != ST_OK) die_rc("begin", rc);
        t0 = seconds();
        c0 = cpu_seconds();
        long put = 0;
        for (int m = 1; put < sample && rc == ST_OK; m++) {
            char period[16];
            snprintf(period, sizeof period, "2027-%02d", m);
            for (int k = 0; k < n_ind && put < sample && rc == ST_OK; k++)
                for (size_t c = 0; c < n_communes && put < sample && rc == ST_OK; c++, put++) {
                    struct ivalue v = {.indicator_id = inds[k].id, .unit_id = communes[c].id,
                                       .period = period, .source = "bench", .flags = "",
                                       .first_day = "2027-12-31", .updated_at = now,
                                       .updated_by = "bench"};
                    make_value(&inds[k], k, c, m, seed, &v);
                    rc = rollup_put(st, &inds[k], communes[c].path, NULL, &v);
                }
        }
        if (rc != ST_OK || (rc = st->commit(st)) != ST_OK) die_rc("rollup_put", rc);
        double el = seconds() - t0;
        cpu = cpu_seconds() - c0;
        printf("  rollup_put, one by one, one tx       %8.2f s  %10.0f values/s  (CPU %.2f s: %.0f "
               "values per CPU second; %ld values)\n", el, put / el, cpu, put / cpu, put);
    }

    /* The same job as the GROUP BY: every roll-up row recomputed from the stored values in one
     * pass (rollup_rebuild: read the values, sum them in memory, write the rows). */
    {
        long stored = values + (sample > 0 ? sample : 0);
        fprintf(stderr, "  [rebuild] recomputing every roll-up row from %ld stored values…\n",
                stored);
        double r0 = seconds(), rc0 = cpu_seconds();
        if ((rc = st->begin(st)) != ST_OK || (rc = rollup_rebuild(st)) != ST_OK ||
            (rc = st->commit(st)) != ST_OK)
            die_rc("rollup_rebuild", rc);
        double el = seconds() - r0, rcpu = cpu_seconds() - rc0;
        rebuild_rate = stored / el;
        printf("  rollup_rebuild, all roll-ups from the stored values %6.2f s  %10.0f values/s  "
               "(CPU %.2f s: %.0f values per CPU second)\n", el, rebuild_rate, rcpu,
               stored / rcpu);
    }

    /* The national evaluation reads roll-up rows only: its time must not grow with the values. */
    fprintf(stderr, "  [eval] loading as many values again (indicators BENCH-%02d…%02d, same "
            "months)…\n", n_ind + 1, 2 * n_ind);
    struct load l2 = load_year(st, inds + n_ind, n_ind, months, 2026, seed + 1, now);
    double eval2 = evaluation_time(st, &inds[0], &vn);
    printf("  national evaluation of %s (GET …/evaluation, cold, no reply cache, best of 101): %.0f "
           "µs with "
           "%ld values, %.0f µs with %ld (2× loaded in %.1f s); ratio %.2f: %s\n", inds[0].code,
           eval1 * 1e6, values, eval2 * 1e6, 2 * values, l2.wall, eval2 / eval1,
           eval2 / eval1 < 1.5 ? "independent of the number of values" : "GROWS with the values");
    if (pg) postgres(pg, st, inds, n_ind, months, seed, values, batch_rate);
    st->close(st);
    free(inds);
    free(codes);
    free(communes);
    return 0;
}
