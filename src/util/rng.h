/* A seeded PRNG: splitmix64, tiny and the same on every platform, so that a
 * seed means the same data everywhere. The demo district and the benchmark
 * district draw from it, each phase from its own stream, so that adding a
 * phase changes no other phase's draws. Not for secrets: util/secret is. */
#ifndef UTIL_RNG_H
#define UTIL_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rng {
    uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline struct rng rng_stream(unsigned seed, unsigned stream)
{
    struct rng r = {((uint64_t)seed << 32 | stream) ^ 0x2545F4914F6CDD1DULL};
    rng_next(&r);
    return r;
}

/* Uniform in [0, n); n > 0. */
static inline size_t rng_below(struct rng *r, size_t n)
{
    return (size_t)(rng_next(r) % n);
}

/* Uniform in [0, 1). */
static inline double rng_unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static inline bool rng_percent(struct rng *r, unsigned p)
{
    return rng_below(r, 100) < p;
}

/* Uniform in [lo, hi); hi > lo. */
static inline int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)rng_below(r, (size_t)(hi - lo));
}

static inline size_t rng_weighted(struct rng *r, const unsigned *w, size_t n)
{
    unsigned total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    size_t x = rng_below(r, total);
    for (size_t i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

#endif
