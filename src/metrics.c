#include "metrics.h"
#include "cache.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double buckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                 0.25, 0.5, 1, 2.5};
#define N_BUCKETS (sizeof buckets / sizeof buckets[0])
#define MAX_SERIES 512

struct series {
    const char *route;      /* static strings: route patterns or fixed labels */
    char method[8];
    int status;
    unsigned long count;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct series series[MAX_SERIES];
static int n_series;
static unsigned long hist[N_BUCKETS + 1];
static double hist_sum, db_sum;
static unsigned long hist_count;

void metrics_record(const char *route, const char *method, int status, double seconds,
                    double db_seconds)
{
    pthread_mutex_lock(&lock);
    int i;
    for (i = 0; i < n_series; i++)
        if (series[i].route == route && series[i].status == status &&
            strcmp(series[i].method, method) == 0)
            break;
    if (i == n_series && n_series < MAX_SERIES) {
        series[i].route = route;
        snprintf(series[i].method, sizeof series[i].method, "%s", method);
        series[i].status = status;
        n_series++;
    }
    if (i < n_series) series[i].count++;
    size_t b = 0;
    while (b < N_BUCKETS && seconds > buckets[b]) b++;
    hist[b]++;
    hist_sum += seconds;
    hist_count++;
    db_sum += db_seconds;
    pthread_mutex_unlock(&lock);
}

char *metrics_render(size_t *len)
{
    size_t cap = 4096 + (size_t)MAX_SERIES * 160, n = 0;
    char *out = malloc(cap);
#define EMIT(...) n += (size_t)snprintf(out + n, cap - n, __VA_ARGS__)
    pthread_mutex_lock(&lock);
    EMIT("# HELP nq57_http_requests_total HTTP requests by route, method and status.\n"
         "# TYPE nq57_http_requests_total counter\n");
    for (int i = 0; i < n_series && n < cap - 200; i++)
        EMIT("nq57_http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} %lu\n",
             series[i].route, series[i].method, series[i].status, series[i].count);
    EMIT("# HELP nq57_http_request_duration_seconds Time to handle a request.\n"
         "# TYPE nq57_http_request_duration_seconds histogram\n");
    unsigned long cum = 0;
    for (size_t b = 0; b < N_BUCKETS; b++) {
        cum += hist[b];
        EMIT("nq57_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n", buckets[b], cum);
    }
    cum += hist[N_BUCKETS];
    EMIT("nq57_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
    EMIT("nq57_http_request_duration_seconds_sum %.6f\n", hist_sum);
    EMIT("nq57_http_request_duration_seconds_count %lu\n", hist_count);
    EMIT("# HELP nq57_db_seconds_total Time spent in the database while handling requests.\n"
         "# TYPE nq57_db_seconds_total counter\nnq57_db_seconds_total %.6f\n", db_sum);
    pthread_mutex_unlock(&lock);
    unsigned long hits, misses;
    cache_stats(&hits, &misses);
    EMIT("# HELP nq57_cache_lookups_total Reply cache lookups by result.\n"
         "# TYPE nq57_cache_lookups_total counter\n"
         "nq57_cache_lookups_total{result=\"hit\"} %lu\n"
         "nq57_cache_lookups_total{result=\"miss\"} %lu\n", hits, misses);
#undef EMIT
    *len = n;
    return out;
}
