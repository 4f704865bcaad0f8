/* nq57: the command line. Every subcommand is one function; `nq57 help` lists them. */
#include "api.h"
#include "audit.h"
#include "auth.h"
#include "calendar.h"
#include "dbcopy.h"
#include "deadline.h"
#include "embedded.h"
#include "http.h"
#include "router.h"
#include "seed.h"
#include "text.h"
#include "util.h"
#include "views.h"

#include <libxml/parser.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "nq57 — monitoring and evaluation of Resolution 57-NQ/TW\n"
    "\n"
    "usage:\n"
    "  nq57 init    --db FILE [--demo] [--seed N] [--demo-tasks N] [--demo-values 0|1]\n"
    "                                               create the database, load the bundled data\n"
    "                                               (--demo: 3,321 synthetic communes, about\n"
    "                                               N tasks with histories, default 100000, and\n"
    "                                               the demo indicators with their 2025 monthly\n"
    "                                               values unless --demo-values 0)\n"
    "  nq57 migrate --db FILE                       apply pending schema migrations\n"
    "  nq57 serve   --db FILE [--listen ADDR:PORT] [--threads N] [--web DIR] [--quiet]\n"
    "               [--read-db URL]                 (PostgreSQL: GET requests read the replica\n"
    "                                               URL, sessions and writes use --db)\n"
    "  nq57 user add --db FILE --username U --unit CODE --role ROLE [--display-name NAME]\n"
    "                                               (the password is read from standard input)\n"
    "  nq57 token add --db FILE --username U --name NAME [--unit CODE] [--role ROLE]\n"
    "  nq57 import units --db FILE CSV              import a unit tree from CSV\n"
    "  nq57 export  --db FILE --to DUMP             the whole database as a dump (JSON lines)\n"
    "                                               that any backend can load; prints row\n"
    "                                               counts and its SHA-256\n"
    "  nq57 import db --db FILE DUMP                load a dump into a new database (SQLite\n"
    "                                               file or postgres:// URL) and check that it\n"
    "                                               dumps back identical\n"
    "  nq57 audit verify --db FILE                  check the audit log's hash chain\n"
    "  nq57 backup  --db FILE --to COPY             copy a live SQLite database (online backup)\n"
    "                                               and check the copy's audit chain; with a\n"
    "                                               postgres:// URL, prints the pg_dump command\n"
    "  nq57 routes                                  print every API route\n"
    "  nq57 deadline \"TEXT\"                         how the program reads a deadline: one line,\n"
    "                                               exit 1 when it cannot be read\n"
    "  nq57 holidays YEAR [--db FILE]               the days off of YEAR other than weekends\n"
    "                                               (holidays, compensatory days), one a line:\n"
    "                                               YYYY-MM-DD<TAB>name\n"
    "  nq57 workdays FROM N [--db FILE]             the date N working days after FROM\n"
    "                                               (YYYY-MM-DD; FROM itself does not count)\n"
    "                                               With a database, both include the days the\n"
    "                                               administrator changed (nghỉ bù, days worked)\n"
    "\n"
    "FILE is a SQLite file or a PostgreSQL URL (postgres://user@host:port/database); it may\n"
    "also come from the NQ57_DB environment variable (default: nq57.db).\n";

/* Looks up "--NAME VALUE" in ARGV; returns VALUE or DFLT. */
static const char *opt(int argc, char **argv, const char *name, const char *dflt)
{
    for (int i = 0; i < argc - 1; i++)
        if (strcmp(argv[i], name) == 0) return argv[i + 1];
    return dflt;
}
static bool flag(int argc, char **argv, const char *name)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], name) == 0) return true;
    return false;
}

static const char *db_path(int argc, char **argv)
{
    const char *env = getenv("NQ57_DB");
    return opt(argc, argv, "--db", env ? env : "nq57.db");
}

static struct store *open_db(int argc, char **argv)
{
    char err[300];
    struct store *st = store_open(db_path(argc, argv), err, sizeof err);
    if (!st) fprintf(stderr, "nq57: %s\n", err);
    return st;
}

static int migrate(struct store *st)
{
    int applied;
    if (st->migrate(st, &applied) != ST_OK) {
        fprintf(stderr, "nq57: migration failed (see the error above); the database is "
                        "unchanged past the last migration that succeeded\n");
        return -1;
    }
    return applied;
}

static int cmd_migrate(int argc, char **argv)
{
    struct store *st = open_db(argc, argv);
    if (!st) return 1;
    int n = migrate(st);
    st->close(st);
    if (n < 0) return 1;
    printf("migrations applied: %d\n", n);
    return 0;
}

/* Does the database hold the bundled data already? */
static bool initialised(struct store *st)
{
    struct unit u;
    return st->unit_get(st, "VN", NULL, &u) == ST_OK;
}

static enum store_rc add_user_tx(struct store *st, void *ctx)
{
    struct user *u = ctx;
    enum store_rc rc = st->user_insert(st, u);
    if (rc != ST_OK) return rc;
    json_t *after = view_user(u);
    rc = audit_append(st, "system", "create", "user", u->username, NULL, after);
    json_decref(after);
    return rc;
}

static int create_user(struct store *st, const char *username, const char *display,
                       const char *unit_code, const char *role, const char *password)
{
    struct user u = {.active = true};
    struct unit unit;
    if (st->unit_get(st, unit_code, NULL, &unit) != ST_OK || *unit.valid_to) {
        fprintf(stderr, "nq57: no active unit %s (list them with GET /api/v1/units)\n",
                unit_code);
        return 1;
    }
    if (!auth_role_bit(role)) {
        fprintf(stderr, "nq57: unknown role %s; roles: %s\n", role, auth_role_list());
        return 1;
    }
    if (text_length(password) < PASSWORD_MIN) {
        fprintf(stderr, "nq57: the password needs at least %d characters\n", PASSWORD_MIN);
        return 1;
    }
    util_copy(u.username, sizeof u.username, username);
    util_copy(u.display_name, sizeof u.display_name, display ? display : username);
    util_copy(u.role, sizeof u.role, role);
    util_copy(u.unit_code, sizeof u.unit_code, unit.code);
    util_copy(u.unit_name, sizeof u.unit_name, unit.name);
    u.unit_id = unit.id;
    util_now_iso(u.created_at);
    if (!auth_hash_password(password, u.password_hash, sizeof u.password_hash)) {
        fprintf(stderr, "nq57: could not hash the password (out of memory?)\n");
        return 1;
    }
    enum store_rc rc = store_tx(st, add_user_tx, &u);
    if (rc == ST_CONFLICT) {
        fprintf(stderr, "nq57: user %s exists already\n", username);
        return 1;
    }
    return rc == ST_OK ? 0 : 1;
}

static int cmd_init(int argc, char **argv)
{
    struct store *st = open_db(argc, argv);
    if (!st) return 1;
    int rc = 1, applied = migrate(st);
    char err[400];
    if (applied < 0) goto out;
    fprintf(stderr, "[init] schema: %d migrations applied\n", applied);
    if (initialised(st)) {
        fprintf(stderr, "[init] %s already holds the bundled data; nothing more to do\n",
                db_path(argc, argv));
        rc = 0;
        goto out;
    }
    fprintf(stderr, "[init] loading the bundled data (units, programmes, documents)...\n");
    if (seed_bundled(st, err, sizeof err) != 0) {
        fprintf(stderr, "nq57: %s\n", err);
        goto out;
    }
    if (flag(argc, argv, "--demo")) {
        uint64_t seed = strtoull(opt(argc, argv, "--seed", "57"), NULL, 10);
        fprintf(stderr, "[init] generating demo communes (seed %llu)...\n",
                (unsigned long long)seed);
        if (seed_demo(st, seed, err, sizeof err) != 0) {
            fprintf(stderr, "nq57: %s\n", err);
            goto out;
        }
        if (seed_demo_checklists(st, seed, err, sizeof err) != 0) {
            fprintf(stderr, "nq57: %s\n", err);
            goto out;
        }
        bool values = atoi(opt(argc, argv, "--demo-values", "1")) != 0;
        fprintf(stderr, "[init] loading the demo indicators%s...\n",
                values ? " and generating their 2025 monthly values" : "");
        if (seed_demo_indicators(st, seed, values, err, sizeof err) != 0) {
            fprintf(stderr, "nq57: %s\n", err);
            goto out;
        }
        int tasks = atoi(opt(argc, argv, "--demo-tasks", "100000"));
        if (tasks > 0) {
            fprintf(stderr, "[init] generating about %d demo tasks with their histories...\n",
                    tasks);
            if (seed_demo_tasks(st, seed, tasks, err, sizeof err) != 0) {
                fprintf(stderr, "nq57: %s\n", err);
                goto out;
            }
        }
    }
    char password[32];
    auth_random(password, sizeof password, 12);
    if (create_user(st, "admin", "Quản trị hệ thống", "VN", "admin", password) != 0) goto out;
    printf("admin password: %s\n", password);
    fprintf(stderr, "[init] done. Sign in as admin with the password above (shown once), "
                    "then change it.\n");
    rc = 0;
out:
    st->close(st);
    return rc;
}

static int cmd_serve(int argc, char **argv)
{
    static struct server_config cfg;
    cfg.db_url = db_path(argc, argv);
    cfg.read_db_url = opt(argc, argv, "--read-db", getenv("NQ57_READ_DB"));
    cfg.listen = opt(argc, argv, "--listen", "127.0.0.1:8057");
    cfg.web_dir = opt(argc, argv, "--web", NULL);
    cfg.threads = (unsigned)atoi(opt(argc, argv, "--threads", "4"));
    cfg.connection_limit = (unsigned)atoi(opt(argc, argv, "--max-connections", "1000"));
    cfg.timeout_seconds = (unsigned)atoi(opt(argc, argv, "--timeout", "30"));
    cfg.log_requests = !flag(argc, argv, "--quiet");
    cfg.secure_cookies = flag(argc, argv, "--secure-cookies");
    if (cfg.read_db_url && strncmp(cfg.read_db_url, "postgres://", 11) != 0 &&
        strncmp(cfg.read_db_url, "postgresql://", 13) != 0) {
        fprintf(stderr, "nq57: --read-db takes a PostgreSQL URL (a replica of --db)\n");
        return 2;
    }
    if (cfg.read_db_url && strncmp(cfg.db_url, "postgres", 8) != 0) {
        fprintf(stderr, "nq57: --read-db goes with a PostgreSQL --db\n");
        return 2;
    }
    if (cfg.threads < 2 || cfg.threads > 64) {
        fprintf(stderr, "nq57: --threads must be 2-64\n");
        return 2;
    }
    struct store *st = open_db(argc, argv);
    if (!st) return 1;
    int applied = migrate(st);
    bool ready = applied >= 0 && initialised(st);
    st->close(st);
    if (!ready) {
        fprintf(stderr, "nq57: %s holds no data; run `nq57 init --db %s` first\n", cfg.db_url,
                cfg.db_url);
        return 1;
    }
    return http_serve(&cfg);
}

static int cmd_user(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "add") != 0) {
        fputs(usage, stderr);
        return 2;
    }
    const char *username = opt(argc, argv, "--username", NULL);
    const char *unit = opt(argc, argv, "--unit", NULL), *role = opt(argc, argv, "--role", NULL);
    if (!username || !unit || !role) {
        fprintf(stderr, "nq57 user add: --username, --unit and --role are required\n");
        return 2;
    }
    if (isatty(STDIN_FILENO)) fprintf(stderr, "password: ");
    char password[1100];
    if (!fgets(password, sizeof password, stdin)) {
        fprintf(stderr, "nq57 user add: give the password on standard input\n");
        return 2;
    }
    password[strcspn(password, "\r\n")] = '\0';
    struct store *st = open_db(argc, argv);
    if (!st) return 1;
    int rc = create_user(st, username, opt(argc, argv, "--display-name", NULL), unit, role,
                         password);
    sodium_memzero(password, sizeof password);
    st->close(st);
    if (rc == 0) fprintf(stderr, "user %s created\n", username);
    return rc;
}

static int cmd_token(int argc, char **argv)
{
    const char *username = opt(argc, argv, "--username", NULL);
    const char *name = opt(argc, argv, "--name", NULL);
    if (argc < 1 || strcmp(argv[0], "add") != 0 || !username || !name) {
        fprintf(stderr, "usage: nq57 token add --db FILE --username U --name NAME "
                        "[--unit CODE] [--role ROLE]\n");
        return 2;
    }
    struct store *st = open_db(argc, argv);
    if (!st) return 1;
    int rc = 1;
    struct user u;
    struct unit unit;
    if (st->user_get(st, username, &u) != ST_OK) {
        fprintf(stderr, "nq57: no user %s\n", username);
        goto out;
    }
    const char *role = opt(argc, argv, "--role", u.role);
    if (!auth_role_bit(role)) {
        fprintf(stderr, "nq57: unknown role %s; roles: %s\n", role, auth_role_list());
        goto out;
    }
    if (st->unit_get(st, opt(argc, argv, "--unit", u.unit_code), NULL, &unit) != ST_OK) {
        fprintf(stderr, "nq57: no such unit\n");
        goto out;
    }
    char secret[96];
    struct api_token t;
    if (token_create(st, "system", u.id, &unit, role, name, NULL, secret, sizeof secret, &t)
        != ST_OK)
        goto out;
    printf("%s\n", secret);
    rc = 0;
out:
    st->close(st);
    return rc;
}

/* nq57 export --db URL --to FILE: the whole database as a dump (dbcopy.h), row counts and
 * its SHA-256 on standard output. */
static int cmd_export(int argc, char **argv)
{
    const char *to = opt(argc, argv, "--to", NULL);
    if (!to) {
        fprintf(stderr, "usage: nq57 export --db FILE|URL --to DUMP\n");
        return 2;
    }
    if (access(to, F_OK) == 0) {
        fprintf(stderr, "nq57: %s exists; give a new file\n", to);
        return 1;
    }
    struct store *st = open_db(argc, argv);
    if (!st) return 1;
    FILE *out = fopen(to, "wx");
    if (!out) {
        perror(to);
        st->close(st);
        return 1;
    }
    char hash[DBCOPY_HASH_HEX], err[400];
    int rc = dbcopy_export(st, out, stdout, hash, err, sizeof err);
    st->close(st);
    if (fclose(out) != 0 && rc == 0) {
        snprintf(err, sizeof err, "cannot write %s", to);
        rc = -1;
    }
    if (rc != 0) {
        fprintf(stderr, "nq57: export failed: %s\n", err);
        remove(to);
        return 1;
    }
    printf("sha256 %s\n", hash);
    return 0;
}

/* nq57 import db --db URL DUMP: loads a dump into a new database (migrated here first). */
static int import_db(int argc, char **argv)
{
    const char *file = argv[argc - 1];
    FILE *in = fopen(file, "rb");
    if (!in) {
        perror(file);
        return 1;
    }
    struct store *st = open_db(argc, argv);
    int rc = 1;
    if (!st) goto out;
    if (migrate(st) < 0) goto out;
    if (initialised(st)) {
        fprintf(stderr, "nq57: the database holds data already; import into a new one\n");
        goto out;
    }
    char hash[DBCOPY_HASH_HEX], err[400];
    if (dbcopy_import(st, in, stdout, hash, err, sizeof err) != 0) {
        fprintf(stderr, "nq57: import failed: %s\n", err);
        goto out;
    }
    struct audit_verdict v;
    if (audit_verify(st, &v) != ST_OK || !v.ok) {
        fprintf(stderr, "nq57: the rows are in, but the audit chain does not verify\n");
        rc = 3;
        goto out;
    }
    printf("sha256 %s: the database dumps identical to the file; %ld audit rows, hash chain "
           "intact\n", hash, v.checked);
    rc = 0;
out:
    if (st) st->close(st);
    fclose(in);
    return rc;
}

static int cmd_import(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[0], "db") == 0) return import_db(argc, argv);
    if (argc < 2 || strcmp(argv[0], "units") != 0) {
        fprintf(stderr, "usage: nq57 import units --db FILE FILE.csv\n"
                        "       nq57 import db --db FILE|URL DUMP\n");
        return 2;
    }
    const char *file = argv[argc - 1];
    FILE *f = fopen(file, "rb");
    if (!f) {
        perror(file);
        return 1;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[65536];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n > cap) buf = realloc(buf, cap = 2 * (len + n));
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(f);
    struct store *st = open_db(argc, argv);
    if (!st) { free(buf); return 1; }
    char err[400];
    int rc = migrate(st) < 0 ? 1 : seed_units_csv(st, "cli", buf ? buf : "", len, file, err,
                                                  sizeof err);
    if (rc) fprintf(stderr, "nq57: %s (nothing was imported)\n", err);
    else fprintf(stderr, "imported %s\n", file);
    st->close(st);
    free(buf);
    return rc;
}

static int cmd_audit(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "verify") != 0) {
        fprintf(stderr, "usage: nq57 audit verify --db FILE\n");
        return 2;
    }
    struct store *st = open_db(argc, argv);
    if (!st) return 1;
    struct audit_verdict v;
    enum store_rc rc = audit_verify(st, &v);
    st->close(st);
    if (rc != ST_OK) {
        fprintf(stderr, "nq57: cannot read the audit log\n");
        return 1;
    }
    if (v.ok) {
        printf("ok: %ld audit rows, hash chain intact\n", v.checked);
        return 0;
    }
    printf("BROKEN at row %lld: %s (%ld rows checked)\n", (long long)v.first_broken, v.reason,
           v.checked);
    return 3;
}

static bool is_postgres_url(const char *url)
{
    return strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0;
}

/* SQLite: an online backup to a new file, then the copy's audit chain is verified. PostgreSQL
 * has its own tools: the command is printed (without the URL's password, if it has one: give
 * it in ~/.pgpass or PGPASSWORD). */
static int cmd_backup(int argc, char **argv)
{
    const char *db = db_path(argc, argv), *to = opt(argc, argv, "--to", NULL);
    if (is_postgres_url(db)) {
        /* postgres://user:password@host/...: the password is left out, for pg_dump to take it
         * from ~/.pgpass or PGPASSWORD (a password in the URL would win over both). */
        char url[1024];
        const char *user = strstr(db, "://") + 3, *at = strchr(user, '@');
        const char *colon = at ? memchr(user, ':', (size_t)(at - user)) : NULL;
        if (colon) snprintf(url, sizeof url, "%.*s%s", (int)(colon - db), db, at);
        else util_copy(url, sizeof url, db);
        printf("pg_dump --format=custom --file=%s '%s'\n", to ? to : "nq57-$(date +%F).dump",
               url);
        fprintf(stderr, "nq57: PostgreSQL is backed up with pg_dump (above; restore with "
                        "pg_restore --dbname=URL), or with base backups and WAL archiving; "
                        "see docs/operations.md\n");
        return 0;
    }
    if (!to) {
        fprintf(stderr, "usage: nq57 backup --db FILE --to COPY\n");
        return 2;
    }
    if (access(to, F_OK) == 0) {
        fprintf(stderr, "nq57: %s exists; give a new file\n", to);
        return 1;
    }
    char err[400];
    if (store_sqlite_backup(db, to, err, sizeof err) != 0) {
        fprintf(stderr, "nq57: %s\n", err);
        return 1;
    }
    struct store *st = store_open(to, err, sizeof err);
    if (!st) {
        fprintf(stderr, "nq57: %s\n", err);
        return 1;
    }
    struct audit_verdict v;
    enum store_rc rc = audit_verify(st, &v);
    st->close(st);
    if (rc != ST_OK || !v.ok) {
        fprintf(stderr, "nq57: the copy %s was written but its audit chain does not verify\n", to);
        return 3;
    }
    printf("backup %s written: %ld audit rows, hash chain intact\n", to, v.checked);
    return 0;
}

/* Prints what the deadline reader understood: "due YYYY-MM-DD", "recurring monthly", "none", or
 * "unreadable: REASON" with exit status 1, so an operator can check data before importing. */
static int cmd_deadline(int argc, char **argv)
{
    if (argc != 1) {
        fprintf(stderr, "usage: nq57 deadline \"TEXT\"   (e.g. nq57 deadline \"Hoàn thành trong "
                        "tháng 8/2025\")\n");
        return 2;
    }
    struct deadline d;
    deadline_parse(argv[0], &d);
    char line[256];
    deadline_describe(&d, line, sizeof line);
    printf("%s\n", line);
    return d.kind == DEADLINE_UNREADABLE ? 1 : 0;
}

/* A whole number written in digits only, 0..MAX, or -1. */
static long parse_count(const char *s, long max)
{
    if (!s || !*s || strlen(s) > 9) return -1;
    long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (*p - '0');
    }
    return v <= max ? v : -1;
}

/* The administrator's calendar days, when a database is given with --db FILE (NQ57_DB is not
 * read here, so that the plain commands never create a database file): the
 * calendar commands then show the calendar the server uses. ARGV without "--db FILE" is left
 * in POS (the positional arguments). Returns false when the database cannot be read. */
static bool calendar_args(int argc, char **argv, struct calendar_extras *x, char **pos,
                          int *npos)
{
    memset(x, 0, sizeof *x);
    *npos = 0;
    bool db = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) { db = true; i++; continue; }
        if (*npos < 2) pos[*npos] = argv[i];
        (*npos)++;
    }
    if (!db) return true;
    struct store *st = open_db(argc, argv);
    if (!st) return false;
    int applied;
    enum store_rc rc = st->migrate(st, &applied);
    if (rc == ST_OK) rc = calendar_extras_load(st, x);
    st->close(st);
    if (rc != ST_OK) fprintf(stderr, "nq57: cannot read the calendar days of the database\n");
    return rc == ST_OK;
}

static int cmd_holidays(int argc, char **argv)
{
    char *pos[2];
    int npos;
    struct calendar_extras x;
    long year = -1;
    if (!calendar_args(argc, argv, &x, pos, &npos)) return 1;
    if (npos == 1) year = parse_count(pos[0], 9999);
    if (year < 1900 || year > 2199) {
        calendar_extras_free(&x);
        fprintf(stderr, "usage: nq57 holidays YEAR [--db FILE]   (YEAR from 1900 to 2199, e.g. "
                        "nq57 holidays 2026)\n");
        return 2;
    }
    size_t cap = CALENDAR_BUILTIN_MAX + x.n;
    struct calendar_day *days = malloc(cap * sizeof *days);
    int n = days ? calendar_days_off((int)year, x.items, x.n, days, cap) : -1;
    calendar_extras_free(&x);
    if (n < 0) {
        free(days);
        fprintf(stderr, "nq57: cannot compute the days off of %ld\n", year);
        return 1;
    }
    for (int i = 0; i < n; i++) printf("%s\t%s\n", days[i].date, days[i].name);
    free(days);
    return 0;
}

static int cmd_workdays(int argc, char **argv)
{
    char *pos[2];
    int npos;
    struct calendar_extras x;
    if (!calendar_args(argc, argv, &x, pos, &npos)) return 1;
    int rc = 2;
    long n = -1;
    char due[CALENDAR_DATE_LEN];
    if (npos != 2) {
        fprintf(stderr, "usage: nq57 workdays FROM N [--db FILE]   (e.g. nq57 workdays "
                        "2026-02-13 5: the date 5 working days after 2026-02-13)\n");
    } else if (!util_date_valid(pos[0])) {
        fprintf(stderr, "nq57: FROM must be a date YYYY-MM-DD from 1900-01-01 to 2199-12-31, "
                        "not \"%s\"\n", pos[0]);
    } else if ((n = parse_count(pos[1], CALENDAR_MAX_WORKING_DAYS)) < 0) {
        fprintf(stderr, "nq57: N must be a whole number of working days from 0 to %d, not "
                        "\"%s\"\n", CALENDAR_MAX_WORKING_DAYS, pos[1]);
    } else if (!calendar_add_working_days(pos[0], (int)n, x.items, x.n, due)) {
        fprintf(stderr, "nq57: %ld working days after %s is past 2199-12-31\n", n, pos[0]);
    } else {
        printf("%s\n", due);
        rc = 0;
    }
    calendar_extras_free(&x);
    return rc;
}

static int cmd_routes(void)
{
    for (size_t i = 0; i < routes_count; i++)
        printf("%s %s\n", routes[i].method, routes[i].pattern);
    return 0;
}

int main(int argc, char **argv)
{
    if (auth_init() != 0) {
        fprintf(stderr, "nq57: libsodium failed to initialise\n");
        return 1;
    }
    /* libxml2 sets up its global state here, once, before any server thread uses it. */
    xmlInitParser();
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    argc -= 2;
    argv += 2;
    if (strcmp(cmd, "init") == 0) return cmd_init(argc, argv);
    if (strcmp(cmd, "migrate") == 0) return cmd_migrate(argc, argv);
    if (strcmp(cmd, "serve") == 0) return cmd_serve(argc, argv);
    if (strcmp(cmd, "user") == 0) return cmd_user(argc, argv);
    if (strcmp(cmd, "token") == 0) return cmd_token(argc, argv);
    if (strcmp(cmd, "import") == 0) return cmd_import(argc, argv);
    if (strcmp(cmd, "audit") == 0) return cmd_audit(argc, argv);
    if (strcmp(cmd, "backup") == 0) return cmd_backup(argc, argv);
    if (strcmp(cmd, "export") == 0) return cmd_export(argc, argv);
    if (strcmp(cmd, "routes") == 0) return cmd_routes();
    if (strcmp(cmd, "deadline") == 0) return cmd_deadline(argc, argv);
    if (strcmp(cmd, "holidays") == 0) return cmd_holidays(argc, argv);
    if (strcmp(cmd, "workdays") == 0) return cmd_workdays(argc, argv);
    fprintf(stderr, "nq57: unknown command %s\n\n%s", cmd, usage);
    return 2;
}
