/* staffroom: a school district's own collaboration network for its staff.
 * This file only finds the subcommand; src/cli/ holds them. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: staffroom COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  serve   serve the district over HTTP\n"
    "  init    create an empty district database\n"
    "  demo    fill a database with a demo district\n"
    "  user    add, list, deactivate people or set their password\n"
    "  import  import the student roster (import roster --help)\n"
    "  bench   write a synthetic district for load tests (bench gen --help)\n"
    "\n"
    "Run 'staffroom COMMAND --help' for a command's options.\n";

static const struct {
    const char *name;
    int (*fn)(int, char **);
} commands[] = {
    {"serve", cmd_serve},
    {"init", cmd_init},
    {"demo", cmd_demo},
    {"user", cmd_user},
    {"import", cmd_import},
    {"bench", cmd_bench},
};

const char *cli_opt(int argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], name, n) != 0)
            continue;
        if (argv[i][n] == '=')
            return argv[i] + n + 1;
        if (argv[i][n] == '\0' && i + 1 < argc)
            return argv[i + 1];
    }
    return NULL;
}

bool cli_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return true;
    return false;
}

static bool listed(const char *const *names, const char *arg, size_t len)
{
    for (size_t k = 0; names[k]; k++)
        if (strlen(names[k]) == len && strncmp(names[k], arg, len) == 0)
            return true;
    return false;
}

int cli_check_args(int argc, char **argv, const char *const *opts, const char *const *flags,
                   const char *use)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        if (listed(opts, a, len)) {
            if (!eq && ++i >= argc) {
                fprintf(stderr, "staffroom: %s needs a value\n", a);
                return -1;
            }
            continue;
        }
        if (!eq && listed(flags, a, len))
            continue;
        if (i == 1 && a[0] != '-') /* a sub-subcommand such as `user add` */
            continue;
        fprintf(stderr, "staffroom: unexpected argument '%s'\n\n%s", a, use);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "staffroom: unknown command '%s'\n\n%s", argv[1], usage);
    return 2;
}
