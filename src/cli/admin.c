/* Administration from the shell: `init`, `demo` and `user add|list|
 * deactivate|set-password`. Passwords are read from standard input, never
 * from arguments (which other users can see in the process list). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "core/account.h"
#include "util/log.h"
#include "util/secret.h"
#include "util/mime.h"

static struct store_pool *open_db(const char *path, struct store **s)
{
    struct store_pool *pool;
    enum store_err e = store_pool_open(path, &pool);
    if (e) {
        fprintf(stderr, "staffroom: cannot open database %s: %s\n", path, store_err_str(e));
        return NULL;
    }
    *s = store_acquire(pool);
    if (!*s) {
        store_pool_close(pool);
        return NULL;
    }
    return pool;
}

static void close_db(struct store_pool *pool, struct store *s)
{
    store_release(pool, s);
    store_pool_close(pool);
}

static const char init_usage[] = "usage: staffroom init --db FILE [--district NAME]\n"
                                 "\n"
                                 "Creates an empty district database (or brings an existing\n"
                                 "one's schema up to date).\n";

int cmd_init(int argc, char **argv)
{
    static const char *const opts[] = {"--db", "--district", NULL};
    static const char *const flags[] = {NULL};
    if (cli_flag(argc, argv, "--help")) {
        fputs(init_usage, stdout);
        return 0;
    }
    const char *db = cli_opt(argc, argv, "--db");
    if (cli_check_args(argc, argv, opts, flags, init_usage))
        return 2;
    if (!db) {
        fputs(init_usage, stderr);
        return 2;
    }
    struct store *s;
    struct store_pool *pool = open_db(db, &s);
    if (!pool)
        return 1;
    const char *district = cli_opt(argc, argv, "--district");
    struct arena a;
    arena_init(&a, 0);
    struct org *orgs;
    size_t n = 0;
    enum store_err e = store_org_list(s, &a, &orgs, &n);
    if (!e && n == 0) {
        e = store_begin_write(s);
        if (!e) {
            e = store_org_create(s, 0, ORG_DISTRICT, district ? district : "District Office", NULL);
            e = e ? e : store_commit(s);
            if (e)
                store_rollback(s);
        }
    }
    arena_free(&a);
    int version = store_schema_version(s);
    close_db(pool, s);
    if (e) {
        fprintf(stderr, "staffroom: init failed: %s\n", store_err_str(e));
        return 1;
    }
    printf("Database %s is ready (schema version %d).\n", db, version);
    return 0;
}

static const char demo_usage[] = "usage: staffroom demo --db FILE [--seed N]\n"
                                 "\n"
                                 "Fills an empty database with Riverside USD, a demo district\n"
                                 "of a few hundred staff, and prints how to sign in.\n";

int cmd_demo(int argc, char **argv)
{
    static const char *const opts[] = {"--db", "--seed", NULL};
    static const char *const flags[] = {NULL};
    if (cli_flag(argc, argv, "--help")) {
        fputs(demo_usage, stdout);
        return 0;
    }
    const char *db = cli_opt(argc, argv, "--db");
    if (cli_check_args(argc, argv, opts, flags, demo_usage))
        return 2;
    if (!db) {
        fputs(demo_usage, stderr);
        return 2;
    }
    const char *seed_s = cli_opt(argc, argv, "--seed");
    unsigned seed = seed_s ? (unsigned)strtoul(seed_s, NULL, 10) : 2026;
    if (secret_init())
        return 1;
    struct store *s;
    struct store_pool *pool = open_db(db, &s);
    if (!pool)
        return 1;
    struct arena a;
    arena_init(&a, 0);
    struct user *u;
    size_t n = 0;
    enum store_err e = store_user_list(s, &a, NULL, 0, NULL, 1, &u, &n);
    arena_free(&a);
    int rc = 1;
    if (e)
        fprintf(stderr, "staffroom: cannot read %s: %s\n", db, store_err_str(e));
    else if (n)
        fprintf(stderr,
                "staffroom: %s already has people in it; the demo needs an empty "
                "database\n",
                db);
    else
        rc = demo_generate(s, seed, DEMO_PASSWORD, stdout) ? 1 : 0;
    close_db(pool, s);
    return rc;
}

static const char user_usage[] =
    "usage: staffroom user add --db FILE --login LOGIN --name NAME [--title TITLE]\n"
    "                          [--role member|admin] [--org ORG_NAME] [--email ADDRESS]\n"
    "       staffroom user list --db FILE [--query TEXT]\n"
    "       staffroom user deactivate --db FILE --login LOGIN\n"
    "       staffroom user set-password --db FILE --login LOGIN\n"
    "       staffroom user comms --db FILE --login LOGIN --set on|off\n"
    "       staffroom user monitor --db FILE --login LOGIN --set on|off\n"
    "       staffroom user set-email --db FILE --login LOGIN --email ADDRESS|none\n"
    "\n"
    "`comms` gives or takes the district communications role: its holders may\n"
    "mark posts important in every group whose posts they read.\n"
    "`monitor` gives or takes the monitor role: its holders review what the\n"
    "student-privacy guard held, and release or reject it.\n"
    "`add` and `set-password` read the password from standard input.\n";

/* Reads one line (the password) from stdin without its newline. */
static char *read_password(void)
{
    static char buf[LIMIT_PASSWORD_MAX + 2];
    if (!fgets(buf, sizeof buf, stdin))
        return NULL;
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return buf;
}

static int report(const struct fail *f)
{
    fprintf(stderr, "staffroom: %s%s%s (%s)\n", f->field ? f->field : "", f->field ? ": " : "",
            f->detail ? f->detail : "failed", f->code ? f->code : "error");
    return 1;
}

static int user_add(int argc, char **argv, struct store *s)
{
    struct user u = {
        .login = cli_opt(argc, argv, "--login"),
        .name = cli_opt(argc, argv, "--name"),
        .title = cli_opt(argc, argv, "--title"),
        .role = ROLE_MEMBER,
        .email = cli_opt(argc, argv, "--email"),
    };
    if (u.email && !mime_address_valid(u.email)) {
        fprintf(stderr, "staffroom: --email is an address like name@district.org\n");
        return 2;
    }
    if (!u.login || !u.name) {
        fputs(user_usage, stderr);
        return 2;
    }
    const char *role = cli_opt(argc, argv, "--role");
    if (role && user_role_parse(role, &u.role)) {
        fprintf(stderr, "staffroom: --role is member or admin\n");
        return 2;
    }
    const char *org = cli_opt(argc, argv, "--org");
    struct arena a;
    arena_init(&a, 0);
    if (org) {
        struct org o;
        if (store_org_by_name(s, &a, org, &o)) {
            fprintf(stderr, "staffroom: no school or department is named '%s'\n", org);
            arena_free(&a);
            return 1;
        }
        u.org_id = o.id;
    }
    char *pw = read_password();
    struct fail f = {0};
    int rc = 0;
    if (!pw) {
        fprintf(stderr, "staffroom: give the password on standard input\n");
        rc = 1;
    } else if (account_create(s, &u, pw, &f)) {
        rc = report(&f);
    } else {
        printf("Added %s (id %lld).\n", u.login, (long long)u.id);
    }
    if (pw)
        memset(pw, 0, strlen(pw));
    arena_free(&a);
    return rc;
}

static int user_list(int argc, char **argv, struct store *s)
{
    struct arena a;
    arena_init(&a, 0);
    const char *after = "";
    const char *q = cli_opt(argc, argv, "--query");
    for (;;) {
        struct user *u;
        size_t n;
        enum store_err e = store_user_list(s, &a, q, 0, after, 500, &u, &n);
        if (e) {
            fprintf(stderr, "staffroom: %s\n", store_err_str(e));
            arena_free(&a);
            return 1;
        }
        for (size_t i = 0; i < n; i++)
            printf("%-24s %-30s %-12s %-6s %s\n", u[i].login, u[i].name,
                   user_status_str(u[i].status), user_role_str(u[i].role),
                   u[i].title ? u[i].title : "");
        if (n < 500)
            break;
        after = u[n - 1].login;
    }
    arena_free(&a);
    return 0;
}

/* Gives or takes a district role: communications, or monitor. */
static int user_role(int argc, char **argv, struct store *s, const char *login, bool monitor)
{
    const char *set = cli_opt(argc, argv, "--set");
    bool on = set && strcmp(set, "on") == 0;
    if (!set || (!on && strcmp(set, "off") != 0)) {
        fprintf(stderr, "staffroom: --set is on or off\n");
        return 2;
    }
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    enum store_err e = store_user_by_login(s, &a, login, &u, NULL);
    if (!e)
        e = monitor ? store_user_set_monitor(s, u.id, on) : store_user_set_comms(s, u.id, on);
    arena_free(&a);
    if (e == STORE_NOTFOUND) {
        fprintf(stderr, "staffroom: no one has the login '%s'\n", login);
        return 1;
    }
    if (e) {
        fprintf(stderr, "staffroom: %s\n", store_err_str(e));
        return 1;
    }
    printf("%s %s the %s role.\n", login, on ? "now has" : "no longer has",
           monitor ? "monitor" : "district communications");
    return 0;
}

/* Sets or ("none") removes the address e-mails go to. */
static int user_set_email(int argc, char **argv, struct store *s, const char *login)
{
    const char *email = cli_opt(argc, argv, "--email");
    bool none = email && strcmp(email, "none") == 0;
    if (!email || (!none && !mime_address_valid(email))) {
        fprintf(stderr, "staffroom: --email is an address like name@district.org, or none\n");
        return 2;
    }
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    enum store_err e = store_user_by_login(s, &a, login, &u, NULL);
    if (!e)
        e = store_user_set_email(s, u.id, none ? NULL : email);
    arena_free(&a);
    if (e == STORE_NOTFOUND) {
        fprintf(stderr, "staffroom: no one has the login '%s'\n", login);
        return 1;
    }
    if (e) {
        fprintf(stderr, "staffroom: %s\n", store_err_str(e));
        return 1;
    }
    printf(none ? "%s has no e-mail address now.\n" : "%s gets e-mail at %s.\n", login, email);
    return 0;
}

int cmd_user(int argc, char **argv)
{
    static const char *const opts[] = {"--db",  "--login", "--name", "--title", "--role",
                                       "--org", "--query", "--set",  "--email", NULL};
    static const char *const flags[] = {NULL};
    if (argc < 2 || cli_flag(argc, argv, "--help")) {
        fputs(user_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    const char *db = cli_opt(argc - 1, argv + 1, "--db");
    if (cli_check_args(argc - 1, argv + 1, opts, flags, user_usage))
        return 2;
    if (!db) {
        fputs(user_usage, stderr);
        return 2;
    }
    if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "deactivate") &&
        strcmp(sub, "set-password") && strcmp(sub, "comms") && strcmp(sub, "monitor") &&
        strcmp(sub, "set-email")) {
        fprintf(stderr, "staffroom: unknown user command '%s'\n", sub);
        fputs(user_usage, stderr);
        return 2;
    }
    if (secret_init())
        return 1;
    log_min_level = LOG_WARN;
    struct store *s;
    struct store_pool *pool = open_db(db, &s);
    if (!pool)
        return 1;
    int rc;
    struct fail f = {0};
    const char *login = cli_opt(argc - 1, argv + 1, "--login");
    if (strcmp(sub, "add") == 0) {
        rc = user_add(argc - 1, argv + 1, s);
    } else if (strcmp(sub, "list") == 0) {
        rc = user_list(argc - 1, argv + 1, s);
    } else if (!login) {
        fputs(user_usage, stderr);
        rc = 2;
    } else if (strcmp(sub, "comms") == 0 || strcmp(sub, "monitor") == 0) {
        rc = user_role(argc - 1, argv + 1, s, login, strcmp(sub, "monitor") == 0);
    } else if (strcmp(sub, "set-email") == 0) {
        rc = user_set_email(argc - 1, argv + 1, s, login);
    } else if (strcmp(sub, "deactivate") == 0) {
        rc = account_deactivate(s, login, &f) ? report(&f) : 0;
        if (!rc)
            printf("Deactivated %s; their posts and comments stay.\n", login);
    } else {
        char *pw = read_password();
        rc = !pw ? 1 : account_set_password(s, login, pw, &f) ? report(&f) : 0;
        if (pw)
            memset(pw, 0, strlen(pw));
        if (!rc)
            printf("Password changed for %s; their sessions were ended.\n", login);
    }
    close_db(pool, s);
    return rc;
}
