/* The benchmark district (`staffroom bench gen`): a synthetic district of
 * Miami-Dade's size, written deterministically from a seed straight into a
 * new SQLite database, for the load harness (bench/run) and the growth
 * figures of docs/PERFORMANCE.md. At scale 1: 50,000 staff in about 400
 * schools and departments, about 2,000 groups, 1,000,000 posts, 5,000,000
 * comments, 10,000,000 reactions over the school years 2024-25 and 2025-26,
 * and a 350,000-student roster. Logins are staff00001, staff00002, ...; all
 * share one password (hashed once: this is test data). It owns no rule of
 * the product: core/ is bypassed on purpose, as in the demo, and the text
 * is the demo's (cli/demo_data), so nothing written names a student. */
#ifndef CLI_BENCHGEN_H
#define CLI_BENCHGEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BENCHGEN_SCALE_MIN 0.0001
#define BENCHGEN_SCALE_MAX 4.0

struct benchgen_opts {
    const char *db;       /* a path that must not exist yet */
    unsigned seed;        /* the same seed, the same district (but for the password's salt) */
    const char *password; /* every person's */
    double scale;         /* 1 = 50,000 staff and 1,000,000 posts */
    FILE *progress;       /* a line per phase, or NULL */
};

struct benchgen_counts {
    size_t orgs, schools, users, groups, memberships, notify_all;
    size_t posts, comments, reactions, mentions, follows, students;
    double seconds;
};

/* Writes the district into o->db. Returns 0, or -1 with the reason on
 * stderr; on failure the half-written file is removed. */
int benchgen_run(const struct benchgen_opts *o, struct benchgen_counts *out);

#endif
