/* Prometheus metrics of this process: requests by route, method and status, a latency
 * histogram, and time spent in the database. */
#ifndef NQ57_METRICS_H
#define NQ57_METRICS_H
#include <stddef.h>

void metrics_record(const char *route, const char *method, int status, double seconds,
                    double db_seconds);
/* Returns the malloc'd exposition text. */
char *metrics_render(size_t *len);

#endif
