#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Reads a whole file into memory; NULL on failure. */
static char *slurp(const char *path, size_t *len)
{
    FILE *in = fopen(path, "rb");
    if (!in) return NULL;
    char *buf = NULL;
    long size = fseek(in, 0, SEEK_END) == 0 ? ftell(in) : -1;
    if (size >= 0 && fseek(in, 0, SEEK_SET) == 0) buf = malloc((size_t)size + 1);
    if (buf && fread(buf, 1, (size_t)size, in) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(in);
    *len = buf ? (size_t)size : 0;
    return buf;
}

void reply_xlsx(struct req *r, const char *filename, xlsx_fill_fn fill, void *ctx)
{
    char path[] = "/tmp/nq57-xlsx-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        reply_error(r, 503, "unavailable", NULL, "cannot create a temporary file for the workbook");
        return;
    }
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    lxw_error err = wb ? fill(wb, ctx) : LXW_ERROR_CREATING_XLSX_FILE;
    if (wb) {
        lxw_error closed = workbook_close(wb);  /* frees the workbook whatever FILL did */
        if (err == LXW_NO_ERROR) err = closed;
    }
    size_t len = 0;
    char *buf = err == LXW_NO_ERROR ? slurp(path, &len) : NULL;
    unlink(path);
    if (!buf) {
        reply_error(r, 500, "internal", NULL, "could not write the workbook: %s",
                    err == LXW_NO_ERROR ? "it could not be read back" : lxw_strerror(err));
        return;
    }
    reply_raw(r, 200, XLSX_TYPE, buf, len, true);
    reply_attachment(r, filename);
}
