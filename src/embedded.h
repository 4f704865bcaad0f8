/* Files compiled into the binary (migrations, web UI, OpenAPI document), see tools/embed.c. */
#ifndef NQ57_EMBEDDED_H
#define NQ57_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
    const char *path;            /* relative path, e.g. "sql/sqlite/0001_init.sql" */
    const unsigned char *data;   /* NUL-terminated for convenience; len excludes the NUL */
    size_t len;
};

/* Terminated by an entry whose path is NULL. */
extern const struct embedded_file embedded_files[];

/* Returns the file stored under PATH, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif
