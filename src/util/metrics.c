/* The metrics registry: fixed-size tables, registration under a mutex,
 * updates with relaxed atomics. Families and their help text live in one
 * table so /metrics describes every series it prints. */
#include "util/metrics.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX_HIST    512
#define MAX_COUNTER 512

static const uint64_t bucket_us[METRICS_BUCKETS] = {
    50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 1000000, 5000000};

static const struct {
    const char *family, *help;
} families[] = {
    {"staffroom_http_request_duration_seconds", "Time to answer a request, by route."},
    {"staffroom_http_responses_total", "Responses sent, by route and status class."},
    {"staffroom_db_statement_duration_seconds", "Time spent executing a prepared statement."},
    {"staffroom_db_transaction_duration_seconds", "Time a write transaction held the write lock."},
};

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct metrics_hist hists[MAX_HIST];
static _Atomic size_t n_hists;
static struct metrics_counter counters[MAX_COUNTER];
static _Atomic size_t n_counters;

uint64_t metrics_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void copy_labels(char *dst, const char *labels)
{
    snprintf(dst, 160, "%s", labels ? labels : "");
}

struct metrics_hist *metrics_hist(const char *family, const char *labels)
{
    struct metrics_hist *h = NULL;
    pthread_mutex_lock(&reg_lock);
    size_t n = atomic_load(&n_hists);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(hists[i].family, family) == 0 && strncmp(hists[i].labels, labels, 159) == 0) {
            h = &hists[i];
            goto out;
        }
    }
    if (n < MAX_HIST) {
        h = &hists[n];
        h->family = family;
        copy_labels(h->labels, labels);
        atomic_store(&n_hists, n + 1);
    }
out:
    pthread_mutex_unlock(&reg_lock);
    return h;
}

struct metrics_counter *metrics_counter(const char *family, const char *labels)
{
    struct metrics_counter *c = NULL;
    pthread_mutex_lock(&reg_lock);
    size_t n = atomic_load(&n_counters);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(counters[i].family, family) == 0 &&
            strncmp(counters[i].labels, labels, 159) == 0) {
            c = &counters[i];
            goto out;
        }
    }
    if (n < MAX_COUNTER) {
        c = &counters[n];
        c->family = family;
        copy_labels(c->labels, labels);
        atomic_store(&n_counters, n + 1);
    }
out:
    pthread_mutex_unlock(&reg_lock);
    return c;
}

void metrics_observe_us(struct metrics_hist *h, uint64_t us)
{
    if (!h)
        return;
    atomic_fetch_add_explicit(&h->count, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&h->sum_us, us, memory_order_relaxed);
    for (int i = 0; i < METRICS_BUCKETS; i++) {
        if (us <= bucket_us[i]) {
            atomic_fetch_add_explicit(&h->bucket[i], 1, memory_order_relaxed);
            break;
        }
    }
}

static const char *help_of(const char *family)
{
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        if (strcmp(families[i].family, family) == 0)
            return families[i].help;
    return "";
}

void metrics_render(struct buf *out)
{
    size_t nh = atomic_load(&n_hists), nc = atomic_load(&n_counters);
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++) {
        const char *fam = families[f].family;
        int header = 0;
        for (size_t i = 0; i < nh; i++) {
            struct metrics_hist *h = &hists[i];
            if (strcmp(h->family, fam) != 0)
                continue;
            if (!header++)
                buf_printf(out, "# HELP %s %s\n# TYPE %s histogram\n", fam, help_of(fam), fam);
            const char *sep = h->labels[0] ? "," : "";
            uint64_t cum = 0;
            for (int b = 0; b < METRICS_BUCKETS; b++) {
                cum += atomic_load_explicit(&h->bucket[b], memory_order_relaxed);
                buf_printf(out, "%s_bucket{%s%sle=\"%g\"} %llu\n", fam, h->labels, sep,
                           (double)bucket_us[b] / 1e6, (unsigned long long)cum);
            }
            uint64_t count = atomic_load_explicit(&h->count, memory_order_relaxed);
            buf_printf(out, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", fam, h->labels, sep,
                       (unsigned long long)count);
            buf_printf(out, "%s_sum{%s} %.6f\n", fam, h->labels,
                       (double)atomic_load_explicit(&h->sum_us, memory_order_relaxed) / 1e6);
            buf_printf(out, "%s_count{%s} %llu\n", fam, h->labels, (unsigned long long)count);
        }
        for (size_t i = 0; i < nc; i++) {
            struct metrics_counter *c = &counters[i];
            if (strcmp(c->family, fam) != 0)
                continue;
            if (!header++)
                buf_printf(out, "# HELP %s %s\n# TYPE %s counter\n", fam, help_of(fam), fam);
            buf_printf(out, "%s{%s} %llu\n", fam, c->labels,
                       (unsigned long long)atomic_load_explicit(&c->value, memory_order_relaxed));
        }
    }
}
