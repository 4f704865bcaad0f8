/* A response cache for read-mostly endpoints (the unit tree, documents).
 *
 * An entry is a reply body built for one request (path, query, the reader's scope, today's
 * date) from data at one *generation*: a counter in the database that every write of that data
 * bumps in the same transaction. A lookup checks the generation first (one indexed read), so
 * an entry is never served after the data changed, whichever process changed it: another
 * server, or the CLI importing units. Bounded: a fixed number of slots and a byte budget. */
#ifndef NQ57_CACHE_H
#define NQ57_CACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CACHE_ETAG_LEN 36

/* On a hit, *BODY is a malloc'd copy (caller frees) and ETAG is filled. */
bool cache_get(const char *key, int64_t generation, char **body, size_t *len,
               char etag[CACHE_ETAG_LEN]);
/* Stores a copy of BODY; fills ETAG. Bodies over 2 MiB are not kept. */
void cache_put(const char *key, int64_t generation, const char *body, size_t len,
               char etag[CACHE_ETAG_LEN]);
/* Hits and misses since start, for /metrics. */
void cache_stats(unsigned long *hits, unsigned long *misses);

#endif
