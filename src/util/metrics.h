/* Process-wide counters and latency histograms, rendered in Prometheus text
 * format. Series are registered once (at start-up or first use) and then
 * updated lock-free from any thread. */
#ifndef UTIL_METRICS_H
#define UTIL_METRICS_H

#include <stdatomic.h>
#include <stdint.h>

#include "util/buf.h"

#define METRICS_BUCKETS 14

struct metrics_hist {
    const char *family; /* e.g. "staffroom_http_request_duration_seconds" */
    char labels[160];   /* e.g. route="/api/v1/feed",method="GET" */
    _Atomic uint64_t count, sum_us;
    _Atomic uint64_t bucket[METRICS_BUCKETS];
};

struct metrics_counter {
    const char *family;
    char labels[160];
    _Atomic uint64_t value;
};

/* Returns the series for family+labels, creating it; NULL if the registry is full. */
struct metrics_hist *metrics_hist(const char *family, const char *labels);
struct metrics_counter *metrics_counter(const char *family, const char *labels);
void metrics_observe_us(struct metrics_hist *h, uint64_t us);
static inline void metrics_inc(struct metrics_counter *c)
{
    if (c)
        atomic_fetch_add_explicit(&c->value, 1, memory_order_relaxed);
}
/* Appends the whole registry in Prometheus text exposition format. */
void metrics_render(struct buf *out);
uint64_t metrics_now_us(void);

#endif
