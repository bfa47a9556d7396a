/* Benchmark of the professional-language check (src/guard/lexicon.c): build
 * time of the shipped lists and of a lexicon at its 100,000-entry bound,
 * latency of checking a 2 KB post (ordinary prose, and prose dense with
 * obfuscated words), and the scan rate. Reads share/lexicon, so run it from
 * the repository root: build/bench/guard-lexicon-bench [posts] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guard/lexicon.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t seed = 42;

static size_t pick(size_t n)
{
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return (size_t)((seed >> 33) % n);
}

static const char *const prose[] = {
    "the",     "students", "will",    "meet",   "in",       "room",     "204",        "after",
    "lunch",   "to",       "review",  "their",  "science",  "projects", "and",        "please",
    "bring",   "brown",    "folders", "for",    "field",    "trip",     "on",         "Friday.",
    "Parents", "asked",    "about",   "spring", "concert,", "so",       "I",          "sent",
    "a",       "note",     "home.",   "Great",  "work",     "today",    "reading",    "group.",
    "Mr.",     "Long",     "is",      "out",    "sick",     "you",      "assess",     "class",
    "passage", "kill",     "the",     "lights", "shoot",    "me",       "an",         "email.",
    "going",   "hurt",     "I'm",     "dying",  "to",       "know",     "11/30/2026."};

static const char *const rough[] = {"f.u.c.k", "sh!t",    "a$$hole", "f**k",   "fuuuuck",
                                    "5h1t",    "F U C K", "@ss",     "b!tch",  "k1ll",
                                    "y0u",     "s.h.i.t", "$hit",    "ph.uck", "c*nt"};

/* A post of about len bytes; one word in `every` from the rough list. */
static size_t make_post(char *p, size_t len, size_t every)
{
    size_t n = 0;
    while (n + 40 < len) {
        const char *w = every && pick(every) == 0 ? rough[pick(sizeof rough / sizeof rough[0])]
                                                  : prose[pick(sizeof prose / sizeof prose[0])];
        n += (size_t)snprintf(p + n, len - n, "%s ", w);
    }
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void latency(const struct lexicon *lx, const char *label, size_t every, size_t nposts)
{
    char post[2048];
    double *lat = malloc(nposts * sizeof *lat);
    struct lexicon_result r = {0};
    size_t findings = 0;
    for (size_t i = 0; i < nposts; i++) {
        size_t n = make_post(post, sizeof post, every);
        double a = now();
        if (!lexicon_check(lx, post, n, &r))
            exit(1);
        lat[i] = now() - a;
        findings += r.n;
    }
    qsort(lat, nposts, sizeof *lat, cmp_double);
    printf("%-22s p50 %.1f us, p99 %.1f us, max %.1f us (%zu posts, %zu findings)\n", label,
           lat[nposts / 2] * 1e6, lat[nposts * 99 / 100] * 1e6, lat[nposts - 1] * 1e6, nposts,
           findings);
    lexicon_result_free(&r);
    free(lat);
}

/* A lexicon of LEXICON_MAX_ENTRIES random words and phrases. */
static struct lexicon *big_lexicon(void)
{
    size_t cap = (size_t)LEXICON_MAX_ENTRIES * 40, n = 0;
    char *text = malloc(cap);
    for (size_t e = 0; e < LEXICON_MAX_ENTRIES; e++) {
        size_t words = 1 + pick(3);
        for (size_t w = 0; w < words; w++) {
            size_t len = 3 + pick(7);
            for (size_t i = 0; i < len; i++)
                text[n++] = (char)('a' + pick(26));
            text[n++] = w + 1 < words ? ' ' : '\n';
        }
    }
    struct lexicon_source src = {
        .category = LEXICON_PROFANITY, .name = "big", .text = text, .len = n};
    struct lexicon *lx = NULL;
    char err[256];
    double a = now();
    if (!lexicon_open(&src, 1, &lx, err, sizeof err)) {
        fprintf(stderr, "big: %s\n", err);
        exit(1);
    }
    printf("build 100,000 entries  %.1f ms (%.1f MB of lists)\n", (now() - a) * 1e3,
           (double)n / 1048576.0);
    free(text);
    return lx;
}

int main(int argc, char **argv)
{
    size_t nposts = argc > 1 ? strtoul(argv[1], NULL, 10) : 20000;
    if (nposts < 100)
        nposts = 100;
    struct lexicon *lx = NULL;
    char err[256];
    double a = now();
    if (!lexicon_load_dir("share/lexicon", &lx, err, sizeof err)) {
        fprintf(stderr, "share/lexicon: %s\n", err);
        return 1;
    }
    printf("build share/lexicon    %.2f ms (%zu entries)\n", (now() - a) * 1e3, lexicon_size(lx));
    latency(lx, "check 2 KB prose", 0, nposts);
    latency(lx, "check 2 KB, 1 in 10", 10, nposts);

    size_t big_len = 32u << 20, n = 0, chunk = 64u << 10;
    char *big = malloc(big_len + 2048);
    while (n + 2048 < big_len)
        n += make_post(big + n, 2048, 50);
    struct lexicon_result r = {0};
    size_t findings = 0;
    a = now();
    for (size_t at = 0; at < n; at += chunk) {
        if (!lexicon_check(lx, big + at, at + chunk < n ? chunk : n - at, &r))
            return 1;
        findings += r.n;
    }
    printf("scan rate              %.0f MB/s (%.0f MB, %zu findings)\n",
           (double)n / 1048576.0 / (now() - a), (double)n / 1048576.0, findings);
    lexicon_result_free(&r);
    free(big);
    lexicon_close(lx);

    lx = big_lexicon();
    latency(lx, "check 2 KB, big lex", 10, nposts);
    lexicon_close(lx);
    return 0;
}
