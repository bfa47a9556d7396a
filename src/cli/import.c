/* `staffroom import roster`: brings the student roster up to date from the
 * district's student information system export (core/roster does the work).
 * A terminal gets a progress bar on standard error; otherwise, as under
 * cron, only the summary lines are written. Student names never appear in
 * what this prints or logs. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/roster.h"
#include "util/log.h"

static const char import_usage[] =
    "usage: staffroom import roster --db FILE [--dry-run]\n"
    "                               [--consent-column COLUMN]\n"
    "                               [--consent-granted V,V,...] [--consent-refused V,V,...] DIR\n"
    "\n"
    "Imports the student roster from DIR, an export of the student information\n"
    "system: OneRoster 1.1 or 1.2 CSV (users.csv, orgs.csv, roles.csv for 1.2,\n"
    "manifest.csv saying bulk or delta) or a students.csv with the columns\n"
    "id,given,family,preferred,school,grade,media_consent.\n"
    "\n"
    "A bulk export replaces the roster: students it does not list are removed.\n"
    "A delta (manifest.csv: file.users,delta) adds, changes and removes\n"
    "(status tobedeleted) only the students it lists. Everything is one\n"
    "transaction: a file with an error changes nothing.\n"
    "\n"
    "Media consent comes from a users.csv column (--consent-column, e.g.\n"
    "metadata.media_consent) or from DIR/consent.csv (student_id,consent).\n"
    "--consent-granted and --consent-refused list the values meaning each\n"
    "(default yes,y,true,1,granted and no,n,false,0,refused); an empty value\n"
    "means unknown.\n"
    "\n"
    "  --dry-run   check everything and count, but change nothing\n";

/* Splits a comma list into at most ROSTER_MAX_VALUES values (NULL-terminated,
 * pointing into buf). -1 when there are too many or none. */
static int split(char *buf, const char **out)
{
    size_t n = 0;
    for (char *save = NULL, *v = strtok_r(buf, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
        while (*v == ' ')
            v++;
        if (!*v)
            continue;
        if (n >= ROSTER_MAX_VALUES)
            return -1;
        out[n++] = v;
    }
    out[n] = NULL;
    return n ? 0 : -1;
}

/* "1234567" as "1,234,567". */
static const char *thousands(char *dst, size_t size, int64_t v)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%lld", (long long)(v < 0 ? -v : v));
    size_t len = strlen(raw), o = 0;
    if (v < 0 && o + 1 < size)
        dst[o++] = '-';
    for (size_t i = 0; i < len && o + 2 < size; i++) {
        if (i && (len - i) % 3 == 0)
            dst[o++] = ',';
        dst[o++] = raw[i];
    }
    dst[o] = '\0';
    return dst;
}

struct bar {
    int last; /* per mille drawn, -1 for none */
};

static void draw(void *ctx, uint64_t done, uint64_t total)
{
    struct bar *b = ctx;
    int pm = total ? (int)(done * 1000 / total) : 1000;
    if (pm > 1000)
        pm = 1000;
    if (pm == b->last)
        return;
    b->last = pm;
    if (pm == 1000) { /* done: leave the line clean for what follows */
        fputs("\r\033[K", stderr);
        fflush(stderr);
        return;
    }
    char cells[41];
    int full = pm * 40 / 1000;
    for (int i = 0; i < 40; i++)
        cells[i] = i < full ? '#' : '.';
    cells[40] = '\0';
    fprintf(stderr, "\r[%s] %3d%%", cells, pm / 10);
    fflush(stderr);
}

static const char *who(void)
{
    const char *sudo = getenv("SUDO_USER");
    if (sudo && *sudo)
        return sudo;
    struct passwd *pw = getpwuid(geteuid());
    return pw ? pw->pw_name : "unknown";
}

static int roster(int argc, char **argv)
{
    static const char *const opts[] = {"--db", "--consent-column", "--consent-granted",
                                       "--consent-refused", NULL};
    const char *db = NULL, *dir = NULL;
    struct roster_options o = {0};
    char gbuf[512], rbuf[512];
    const char *granted[ROSTER_MAX_VALUES + 1], *refused[ROSTER_MAX_VALUES + 1];
    /* argv[0] is "roster". */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(import_usage, stdout);
            return 0;
        }
        if (strcmp(a, "--dry-run") == 0) {
            o.dry_run = true;
            continue;
        }
        if (a[0] != '-') {
            if (dir) {
                fprintf(stderr, "staffroom: one directory only, not also '%s'\n\n%s", a,
                        import_usage);
                return 2;
            }
            dir = a;
            continue;
        }
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        const char *name = NULL;
        for (size_t k = 0; opts[k]; k++)
            if (strlen(opts[k]) == len && strncmp(opts[k], a, len) == 0)
                name = opts[k];
        if (!name) {
            fprintf(stderr, "staffroom: unexpected argument '%s'\n\n%s", a, import_usage);
            return 2;
        }
        const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!v) {
            fprintf(stderr, "staffroom: %s needs a value\n", name);
            return 2;
        }
        if (strcmp(name, "--db") == 0) {
            db = v;
        } else if (strcmp(name, "--consent-column") == 0) {
            if (!*v) {
                fprintf(stderr, "staffroom: --consent-column names a column\n");
                return 2;
            }
            o.consent_column = v;
        } else {
            bool g = strcmp(name, "--consent-granted") == 0;
            char *buf = g ? gbuf : rbuf;
            snprintf(buf, sizeof gbuf, "%s", v);
            if (split(buf, g ? granted : refused)) {
                fprintf(stderr, "staffroom: %s is a comma-separated list of 1 to %d values\n", name,
                        ROSTER_MAX_VALUES);
                return 2;
            }
            if (g)
                o.granted = granted;
            else
                o.refused = refused;
        }
    }
    if (!db || !dir) {
        fputs(import_usage, stderr);
        return 2;
    }
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "staffroom: %s is not a directory\n", dir);
        return 2;
    }
    struct store_pool *pool;
    enum store_err e = store_pool_open(db, &pool);
    if (e) {
        fprintf(stderr, "staffroom: cannot open database %s: %s\n", db, store_err_str(e));
        return 1;
    }
    struct store *s = store_acquire(pool);
    if (!s) {
        store_pool_close(pool);
        return 1;
    }
    struct bar bar = {.last = -1};
    bool tty = isatty(STDERR_FILENO);
    o.dir = dir;
    o.run_by = who();
    if (tty) {
        o.progress = draw;
        o.progress_ctx = &bar;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct roster_summary sum;
    struct roster_error err;
    enum roster_err r = roster_import(s, &o, &sum, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    store_release(pool, s);
    store_pool_close(pool);
    if (tty && bar.last >= 0)
        fputs("\r\033[K", stderr);
    if (r) {
        char msg[512];
        if (r == ROSTER_EINPUT) {
            roster_error_format(&err, msg, sizeof msg);
            fprintf(stderr, "staffroom: %s\n", msg);
        } else {
            fprintf(stderr, "staffroom: import failed: %s\n", roster_err_str(r));
        }
        fprintf(stderr, "staffroom: nothing was imported; the roster is unchanged\n");
        return 1;
    }
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    char n[5][32];
    printf("%s %s student%s from %s school%s: %s added, %s updated, %s removed (%.1f s)\n",
           o.dry_run ? "Dry run: would import" : "Imported",
           thousands(n[0], sizeof n[0], sum.students), sum.students == 1 ? "" : "s",
           thousands(n[1], sizeof n[1], sum.schools), sum.schools == 1 ? "" : "s",
           thousands(n[2], sizeof n[2], sum.added), thousands(n[3], sizeof n[3], sum.updated),
           thousands(n[4], sizeof n[4], sum.removed), secs);
    printf("%s %s, %s; %s unchanged; %s students %s on the roster%s.\n",
           roster_format_str(sum.format), sum.delta ? "delta" : "bulk", sum.files,
           thousands(n[0], sizeof n[0], sum.unchanged), thousands(n[1], sizeof n[1], sum.on_roster),
           o.dry_run ? "would be" : "are", o.dry_run ? " (nothing was changed)" : "");
    return 0;
}

int cmd_import(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "roster") == 0)
        return roster(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(import_usage, stdout);
        return 0;
    }
    fputs(import_usage, stderr);
    return 2;
}
