/* Benchmark of the student-privacy guard on a 350,000-student synthetic
 * roster: build time, memory (the matcher's own bytes and the RSS it adds),
 * latency of checking a 2 KB post (p50, p99) and the scan rate in MB/s.
 * Usage: guard-bench [students] [posts] */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "roster.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double rss_mb(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return (double)resident * (double)sysconf(_SC_PAGESIZE) / 1048576.0;
}

static const char *const filler[] = {
    "the",     "students", "will",    "meet",    "in",      "room",       "204",      "after",
    "lunch",   "to",       "review",  "their",   "science", "projects",   "and",      "please",
    "bring",   "brown",    "folders", "for",     "the",     "field",      "trip",     "on",
    "Friday.", "Parents",  "asked",   "about",   "the",     "spring",     "concert,", "so",
    "I",       "sent",     "a",       "note",    "home.",   "Great",      "work",     "by",
    "Maria",   "today",    "in",      "reading", "group.",  "Mr.",        "Long",     "is",
    "out",     "sick",     "young",   "readers", "love",    "the",        "new",      "library",
    "books.",  "Schedule", "changes", "start",   "Monday",  "11/30/2026."};

/* A post of about len bytes: ordinary staff prose, one in eight with a student named. */
static size_t make_post(char *p, size_t len, const struct roster *r, int with_name)
{
    size_t n = 0;
    while (n + 40 < len) {
        const char *w = filler[pick(sizeof filler / sizeof filler[0])];
        n += (size_t)snprintf(p + n, len - n, "%s ", w);
        if (with_name && pick(60) == 0) {
            const struct guard_student *s = &r->st[pick(r->n)];
            n += (size_t)snprintf(p + n, len - n, "%s %s ", s->given, s->family);
        }
    }
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    size_t nstudents = argc > 1 ? strtoul(argv[1], NULL, 10) : 350000;
    size_t nposts = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000;
    struct roster r;
    roster_make(&r, nstudents, 50000, 42);

    malloc_trim(0);
    double rss0 = rss_mb(), t0 = now();
    struct guard_config cfg = {.ref_year = 2026};
    static const char *const ids[] = {"S#{7}"};
    cfg.id_patterns = ids;
    cfg.n_id_patterns = 1;
    struct guard *g;
    enum guard_err e = guard_open(&cfg, r.st, r.n, r.staff, r.nstaff, &g);
    double build = now() - t0;
    if (e != GUARD_OK) {
        fprintf(stderr, "build: %s\n", guard_err_str(e));
        return 1;
    }
    malloc_trim(0);
    double rss1 = rss_mb();
    const struct guard_matcher *m = guard_matcher(g);
    printf("students            %zu (+%zu staff)\n", r.n, r.nstaff);
    printf("dictionary words    %zu\n", guard_matcher_words(m));
    printf("trie states         %zu\n", guard_matcher_states(m));
    printf("build time          %.2f s\n", build);
    printf("matcher bytes       %.1f MB\n", (double)guard_matcher_bytes(m) / 1048576.0);
    printf("RSS delta           %.1f MB\n", rss1 - rss0);

    /* Latency of one 2 KB post, through the whole guard. */
    char post[2048];
    double *lat = malloc(nposts * sizeof *lat);
    struct guard_result res = {0};
    size_t findings = 0;
    for (size_t i = 0; i < nposts; i++) {
        size_t n = make_post(post, sizeof post, &r, 1);
        double a = now();
        if (guard_check(g, post, n, &res) != GUARD_OK)
            return 1;
        lat[i] = now() - a;
        findings += res.n;
    }
    qsort(lat, nposts, sizeof *lat, cmp_double);
    printf("check 2 KB post     p50 %.1f us, p99 %.1f us, max %.1f us (%zu posts, %zu findings)\n",
           lat[nposts / 2] * 1e6, lat[nposts * 99 / 100] * 1e6, lat[nposts - 1] * 1e6, nposts,
           findings);

    /* Scan rate: 32 MB of posts checked 64 KB at a time with reused buffers,
     * as a server thread would (one big allocation would time page faults). */
    size_t big_len = 32u << 20, n = 0, chunk = 64u << 10;
    char *big = malloc(big_len + 2048);
    while (n + 2048 < big_len)
        n += make_post(big + n, 2048, &r, 1);
    double a = now();
    for (size_t at = 0; at < n; at += chunk)
        if (guard_check(g, big + at, at + chunk < n ? chunk : n - at, &res) != GUARD_OK)
            return 1;
    double full = now() - a;
    struct guard_fold f = {0};
    struct guard_scan sc = {0};
    size_t hits = 0;
    a = now();
    for (size_t at = 0; at < n; at += chunk) {
        guard_fold_text(&f, big + at, at + chunk < n ? chunk : n - at);
        guard_matcher_scan(m, &f, &sc);
        hits += sc.nhit;
    }
    double matcher = now() - a;
    printf("scan rate           %.0f MB/s full guard, %.0f MB/s fold+match (%.0f MB, %zu hits)\n",
           (double)n / 1048576.0 / full, (double)n / 1048576.0 / matcher, (double)n / 1048576.0,
           hits);
    guard_fold_free(&f);
    guard_scan_free(&sc);
    guard_result_free(&res);
    free(big);
    free(lat);
    guard_close(g);
    roster_free(&r);
    return 0;
}
