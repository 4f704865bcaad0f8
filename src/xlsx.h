/* Excel workbooks as replies (libxlsxwriter). */
#ifndef NQ57_XLSX_H
#define NQ57_XLSX_H

#include "http.h"

#include <xlsxwriter.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Writes the sheets of a new workbook; returns LXW_NO_ERROR or what failed. */
typedef lxw_error (*xlsx_fill_fn)(lxw_workbook *wb, void *ctx);

/* Replies 200 with the workbook FILL writes, as an attachment named FILENAME (ASCII); 503 when
 * no temporary file can be made, 500 when libxlsxwriter fails. libxlsxwriter writes to files
 * only, so the workbook goes through a private temporary file, removed before the reply. */
void reply_xlsx(struct req *r, const char *filename, xlsx_fill_fn fill, void *ctx);

#endif
