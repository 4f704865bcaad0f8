#include "cache.h"
#include "util.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096                 /* direct-mapped by key hash */
#define STRIPES 64                 /* locks, each guarding SLOTS/STRIPES slots */
#define MAX_BODY (2u << 20)
#define BUDGET ((size_t)256 << 20) /* bytes of bodies kept at most */

struct slot {
    char *key;
    int64_t generation;
    char *body;
    size_t len;
    char etag[CACHE_ETAG_LEN];
};

static struct slot slots[SLOTS];
static pthread_mutex_t locks[STRIPES];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_size_t used;
static atomic_ulong hits, misses;

static void init(void)
{
    for (int i = 0; i < STRIPES; i++) pthread_mutex_init(&locks[i], NULL);
}

static size_t slot_of(const char *key)
{
    uint64_t h = 1469598103934665603ull;           /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return (size_t)(h % SLOTS);
}

bool cache_get(const char *key, int64_t generation, char **body, size_t *len,
               char etag[CACHE_ETAG_LEN])
{
    pthread_once(&once, init);
    size_t i = slot_of(key);
    pthread_mutex_t *lock = &locks[i % STRIPES];
    bool hit = false;
    pthread_mutex_lock(lock);
    struct slot *s = &slots[i];
    if (s->key && s->generation == generation && strcmp(s->key, key) == 0) {
        *body = malloc(s->len + 1);
        if (*body) {
            memcpy(*body, s->body, s->len);
            *len = s->len;
            memcpy(etag, s->etag, CACHE_ETAG_LEN);
            hit = true;
        }
    }
    pthread_mutex_unlock(lock);
    atomic_fetch_add(hit ? &hits : &misses, 1);
    return hit;
}

void cache_put(const char *key, int64_t generation, const char *body, size_t len,
               char etag[CACHE_ETAG_LEN])
{
    pthread_once(&once, init);
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)body, len, NULL, 0);
    etag[0] = '"';
    util_hex(h, sizeof h, etag + 1);
    etag[33] = '"';
    etag[34] = '\0';
    if (len > MAX_BODY || atomic_load(&used) + len > BUDGET) return;
    char *kcopy = strdup(key), *bcopy = malloc(len);
    if (!kcopy || !bcopy) { free(kcopy); free(bcopy); return; }
    memcpy(bcopy, body, len);
    size_t i = slot_of(key);
    pthread_mutex_t *lock = &locks[i % STRIPES];
    pthread_mutex_lock(lock);
    struct slot *s = &slots[i];
    atomic_fetch_sub(&used, s->len);
    free(s->key);
    free(s->body);
    *s = (struct slot){.key = kcopy, .generation = generation, .body = bcopy, .len = len};
    memcpy(s->etag, etag, CACHE_ETAG_LEN);
    atomic_fetch_add(&used, len);
    pthread_mutex_unlock(lock);
}

void cache_stats(unsigned long *h, unsigned long *m)
{
    *h = atomic_load(&hits);
    *m = atomic_load(&misses);
}
