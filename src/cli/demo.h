/* The demo district generator: `staffroom demo` fills an empty database
 * with Riverside USD (organisations, a few hundred staff, their groups and
 * two months of posts, comments and reactions) so that a newcomer can sign
 * in and find a lived-in network. The words come from cli/demo_data.c; this
 * module owns the PRNG, the logins, the dates and the writes. */
#ifndef CLI_DEMO_H
#define CLI_DEMO_H

#include <stdio.h>

#include "store/store.h"

#define DEMO_PASSWORD    "staffroom-demo"
#define DEMO_LOGIN       "maria.lopez" /* a teacher the README tells people to sign in as */
#define DEMO_ADMIN_LOGIN "admin"

/* Fills an opened, migrated, empty database with the demo district. Prints
 * progress and how to sign in to `out`. Returns 0 on success. The same seed
 * gives the same people, groups and words; times are relative to now. Every
 * account gets `password`. On failure the phase being written is rolled
 * back (earlier phases stay), the cause goes to stderr and -1 is returned. */
int demo_generate(struct store *s, unsigned seed, const char *password, FILE *out);

#endif
