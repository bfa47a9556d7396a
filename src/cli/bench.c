/* `staffroom bench`: tools for measuring staffroom. `bench gen` writes the
 * synthetic district of cli/benchgen; bench/run drives the load. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/benchgen.h"
#include "cli/cli.h"

static const char usage[] =
    "usage: staffroom bench gen --db FILE --seed N --password PW [--scale F]\n"
    "\n"
    "Writes a synthetic district into FILE, which must not exist: at scale 1,\n"
    "50,000 staff (logins staff00001 to staff50000, all with password PW) in\n"
    "about 400 schools and departments, about 2,000 groups, 1,000,000 posts,\n"
    "5,000,000 comments, 10,000,000 reactions and a 350,000-student roster.\n"
    "The same seed writes the same district. --scale F (0.0001 to 4, default\n"
    "1) multiplies the counts. For load tests only: it is not a demo.\n";

static int parse_uint(const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v > 0xffffffffUL || s[0] == '-')
        return -1;
    *out = (unsigned)v;
    return 0;
}

static int cmd_bench_gen(int argc, char **argv)
{
    static const char *const opts[] = {"--db", "--seed", "--password", "--scale", NULL};
    static const char *const flags[] = {"--help", NULL};
    if (cli_flag(argc, argv, "--help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (cli_check_args(argc, argv, opts, flags, usage))
        return 2;
    struct benchgen_opts o = {.db = cli_opt(argc, argv, "--db"),
                              .password = cli_opt(argc, argv, "--password"),
                              .scale = 1.0,
                              .progress = stderr};
    const char *seed = cli_opt(argc, argv, "--seed"), *scale = cli_opt(argc, argv, "--scale");
    if (!o.db || !seed || !o.password) {
        fprintf(stderr, "staffroom: bench gen needs --db, --seed and --password\n\n%s", usage);
        return 2;
    }
    if (parse_uint(seed, &o.seed)) {
        fprintf(stderr, "staffroom: bench gen: --seed must be a whole number below 2^32\n");
        return 2;
    }
    if (scale) {
        char *end;
        o.scale = strtod(scale, &end);
        if (end == scale || *end) {
            fprintf(stderr, "staffroom: bench gen: --scale must be a number, like 0.1\n");
            return 2;
        }
    }
    struct benchgen_counts c;
    if (benchgen_run(&o, &c))
        return 1;
    printf("Wrote %s in %.1f s: %zu organisations (%zu schools), %zu people, %zu groups, "
           "%zu memberships, %zu posts, %zu comments, %zu reactions, %zu mentions, %zu follows, "
           "%zu students.\n",
           o.db, c.seconds, c.orgs, c.schools, c.users, c.groups, c.memberships, c.posts,
           c.comments, c.reactions, c.mentions, c.follows, c.students);
    return 0;
}

int cmd_bench(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "gen"))
        return cmd_bench_gen(argc - 1, argv + 1);
    fputs(usage, argc >= 2 && !strcmp(argv[1], "--help") ? stdout : stderr);
    return argc >= 2 && !strcmp(argv[1], "--help") ? 0 : 2;
}
