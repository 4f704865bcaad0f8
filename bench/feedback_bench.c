/* The raw side of the feedback benchmark (bench/feedback.sh): inserts submissions straight
 * through the store, each in its own transaction with the server's durability (WAL,
 * synchronous=FULL), writing the same rows a POST /api/v1/feedback writes with the same
 * function (feedback_write: the rate-limit row, the duplicate lookup, the item, its contact, its
 * first history step and the audit row) but without HTTP, JSON, validation or routing. Prints "raw_per_second N" for the script.
 *
 * usage: bench-feedback DB SECONDS UNIT_CODE */
#include "api.h"
#include "feedback.h"
#include "store/store.h"
#include "text.h"
#include "util.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum store_rc write_row(struct store *st, void *ctx)
{
    return feedback_write(st, ctx);
}

int main(int argc, char **argv)
{
    if (argc != 4 || sodium_init() < 0) {
        fprintf(stderr, "usage: bench-feedback DB SECONDS UNIT_CODE\n");
        return 2;
    }
    char err[300];
    struct store *st = store_open(argv[1], err, sizeof err);
    if (!st) { fprintf(stderr, "%s\n", err); return 1; }
    int applied;
    struct unit u;
    if (st->migrate(st, &applied) != ST_OK || st->unit_get(st, argv[3], NULL, &u) != ST_OK) {
        fprintf(stderr, "bench-feedback: no unit %s in %s\n", argv[3], argv[1]);
        return 1;
    }
    double seconds = atof(argv[2]);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    long n = 0, failed = 0;
    char today[DATE_LEN], due[DATE_LEN];
    util_today(today);
    feedback_due(today, 10, NULL, 0, due);
    for (;;) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        double elapsed = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
        if (elapsed >= seconds) {
            printf("raw_rows %ld\nraw_failed %ld\nraw_seconds %.3f\nraw_per_second %.1f\n", n,
                   failed, elapsed, (double)n / elapsed);
            break;
        }
        char code[FEEDBACK_CODE_LEN], title[128], content[256], key[65], now[TIME_LEN];
        feedback_code_new(code);
        util_now_iso(now);
        snprintf(title, sizeof title, "Phản ánh thử tải trực tiếp số %ld", n);
        snprintf(content, sizeof content, "Nội dung phản ánh thử tải trực tiếp số %ld: cổng "
                 "dịch vụ công báo lỗi khi tải tệp.", n);
        char *folded = text_fold(content);
        feedback_dup_key(content, key);
        struct feedback_write w = {.rate_key = "feedback:bench-raw", .max_per_address = 1000000};
        w.f = (struct feedback_new){.code = code, .kind = "phan_anh", .field = "dvc",
                                    .title = title, .content = content, .concerns_id = u.id,
                                    .unit_id = u.id, .received_at = now, .received_on = today,
                                    .due = due, .dup_key = key, .search_folded = folded,
                                    .contact = {"Người dân", "0912345678", "", "", "bench"}};
        if (store_tx(st, write_row, &w) == ST_OK) n++;
        else failed++;
        free(folded);
    }
    st->close(st);
    return failed ? 1 : 0;
}
