/* The roster import of roster.h. It finds the format in the directory,
 * reads the side files first (manifest.csv, orgs.csv, roles.csv for 1.2,
 * consent.csv), then streams the students' file row by row into the store
 * inside one write transaction: any refused row rolls everything back. A
 * bulk import then takes off the roster everyone it did not list; a delta
 * only changes the students it names. Names are checked and stored but
 * never logged or put into an error message: errors quote ids and columns. */
#include "core/roster.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "util/csv.h"
#include "util/log.h"
#include "util/utf8.h"

#define NAME_MAX_CHARS 100
#define ID_MAX_BYTES   255
#define PROGRESS_EVERY 2000

static const char *const format_names[ROSTER_FORMAT__MAX] = {"oneroster-1.1", "oneroster-1.2",
                                                             "simple"};
static const char *const err_names[ROSTER_ERR__MAX] = {"ok", "the input was refused",
                                                       "database error", "out of memory"};

const char *roster_format_str(enum roster_format f)
{
    return (unsigned)f < ROSTER_FORMAT__MAX ? format_names[f] : "unknown";
}

const char *roster_err_str(enum roster_err e)
{
    return (unsigned)e < ROSTER_ERR__MAX ? err_names[e] : "unknown error";
}

static const char *const default_granted[] = {"yes", "y", "true", "1", "granted", NULL};
static const char *const default_refused[] = {"no", "n", "false", "0", "refused", NULL};

/* ---- a string map for ids (open addressing, keys in an arena) ---- */

struct smap {
    const char **keys;
    const void **vals;
    size_t cap, n;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static size_t slot(const struct smap *m, const char *key)
{
    size_t i = (size_t)hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static const void *smap_get(const struct smap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    size_t i = slot(m, key);
    return m->keys[i] ? m->vals[i] : NULL;
}

static void smap_free(struct smap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* Sets key to val (non-NULL), copying key into a. *had tells whether key was
 * there before. -1 when out of memory. */
static int smap_put(struct smap *m, struct arena *a, const char *key, const void *val, bool *had)
{
    if ((m->n + 1) * 2 > m->cap) {
        struct smap g = {.cap = m->cap ? m->cap * 2 : 64};
        g.keys = calloc(g.cap, sizeof *g.keys);
        g.vals = calloc(g.cap, sizeof *g.vals);
        if (!g.keys || !g.vals) {
            smap_free(&g);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i])
                continue;
            size_t j = slot(&g, m->keys[i]);
            g.keys[j] = m->keys[i];
            g.vals[j] = m->vals[i];
        }
        g.n = m->n;
        smap_free(m);
        *m = g;
    }
    size_t i = slot(m, key);
    if (had)
        *had = m->keys[i] != NULL;
    if (!m->keys[i]) {
        if (!(m->keys[i] = arena_strdup(a, key)))
            return -1;
        m->n++;
    }
    m->vals[i] = val;
    return 0;
}

/* ---- the import's state ---- */

struct org_info {
    const char *name;
    bool school;
};

struct role_info {
    const char *org;
    bool primary;
};

struct ctx {
    struct store *s;
    const struct roster_options *o;
    struct roster_summary *sum;
    struct roster_error *err;
    struct arena a;   /* maps' keys and values, for the whole import */
    struct arena row; /* one row's copies, reset between rows */
    struct smap orgs, roles, consent, ids, schools;
    bool have_orgs, have_roles, have_consent_file;
    const char *const *granted, *const *refused;
    const char *file; /* being read */
    struct csv *csv;
    uint64_t done, total; /* bytes, for progress */
    int64_t now, import_id;
    int64_t rows;
};

static void set_file(struct ctx *x, const char *file)
{
    x->file = file;
}

/* Refuses the input at line:col of the current file; column names the
 * header at fault (or NULL). Returns ROSTER_EINPUT. */
static enum roster_err refuse_at(struct ctx *x, uint64_t line, uint64_t col, const char *column,
                                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static enum roster_err refuse_at(struct ctx *x, uint64_t line, uint64_t col, const char *column,
                                 const char *fmt, ...)
{
    struct roster_error *e = x->err;
    snprintf(e->file, sizeof e->file, "%s", x->file ? x->file : "");
    e->line = line;
    e->col = col;
    snprintf(e->column, sizeof e->column, "%s", column ? column : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return ROSTER_EINPUT;
}

/* Refuses field i of the current record (its header name as the column). */
#define refuse_field(x, i, ...)                                                                    \
    refuse_at((x), csv_field_line((x)->csv, (i)), csv_field_col((x)->csv, (i)),                    \
              csv_header_name((x)->csv, (size_t)(i)), __VA_ARGS__)

void roster_error_format(const struct roster_error *e, char *dst, size_t size)
{
    if (e->line)
        snprintf(dst, size, "%s:%llu:%llu: %s%s%s", e->file, (unsigned long long)e->line,
                 (unsigned long long)e->col, e->column, e->column[0] ? ": " : "", e->msg);
    else
        snprintf(dst, size, "%s: %s", e->file[0] ? e->file : "roster", e->msg);
}

/* ---- checks of single values ---- */

bool roster_grade_valid(const char *g)
{
    static const char *const set[] = {"IT", "PR", "PK", "TK", "KG", "PS", "UG", "Other", NULL};
    for (size_t i = 0; set[i]; i++)
        if (strcmp(g, set[i]) == 0)
            return true;
    if (isdigit((unsigned char)g[0]) && isdigit((unsigned char)g[1]) && !g[2]) {
        int n = (g[0] - '0') * 10 + (g[1] - '0');
        return n >= 1 && n <= 13;
    }
    return false;
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

bool roster_date_valid(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
        return false;
    int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return false;
    s += 10;
    if (!*s)
        return true;
    if (*s != 'T' && *s != 't' && *s != ' ')
        return false;
    s++;
    if (!digits(s, 2) || s[2] != ':' || !digits(s + 3, 2) || num(s, 2) > 23 || num(s + 3, 2) > 59)
        return false;
    s += 5;
    if (*s == ':') {
        if (!digits(s + 1, 2) || num(s + 1, 2) > 60)
            return false;
        s += 3;
        if (*s == '.') {
            s++;
            if (!isdigit((unsigned char)*s))
                return false;
            while (isdigit((unsigned char)*s))
                s++;
        }
    }
    if (*s == 'Z' || *s == 'z')
        return s[1] == '\0';
    if (*s == '+' || *s == '-')
        return digits(s + 1, 2) && s[3] == ':' && digits(s + 4, 2) && s[6] == '\0';
    return *s == '\0';
}

/* Trims ASCII blanks around field i into the row arena; NULL when out of memory. */
static const char *field(struct ctx *x, int i)
{
    size_t len;
    const char *s = csv_field(x->csv, i, &len);
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return arena_strndup(&x->row, s, len);
}

/* Text that may be stored: valid UTF-8, no control characters, at most max
 * characters. Returns NULL when fine, else what was expected. */
static const char *text_problem(const char *s, size_t max)
{
    size_t len = strlen(s);
    if (!utf8_valid(s, len))
        return "valid UTF-8 text";
    size_t chars = 0;
    for (size_t i = 0; i < len;) {
        size_t n;
        unsigned cp = utf8_decode(s + i, len - i, &n);
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029)
            return "text without control characters";
        i += n;
        chars++;
    }
    if (chars > max)
        return max == NAME_MAX_CHARS ? "a name of at most 100 characters"
                                     : "text of at most 255 characters";
    return NULL;
}

/* Reads field i as stored text into *out (NULL when empty and not required). */
static enum roster_err text_field(struct ctx *x, int i, bool required, size_t max, const char **out)
{
    *out = NULL;
    if (i < 0) {
        if (required)
            return refuse_at(x, csv_line(x->csv), 1, NULL, "expected a required column");
        return ROSTER_OK;
    }
    const char *v = field(x, i);
    if (!v)
        return ROSTER_ENOMEM;
    if (!*v) {
        if (required)
            return refuse_field(x, i, "expected a value, found an empty field");
        return ROSTER_OK;
    }
    const char *p = text_problem(v, max);
    if (p)
        return refuse_field(x, i, "expected %s", p);
    *out = v;
    return ROSTER_OK;
}

static bool listed(const char *const *list, const char *v)
{
    for (size_t i = 0; list[i]; i++)
        if (strcasecmp(list[i], v) == 0)
            return true;
    return false;
}

/* Maps a consent value; -1 when it is neither granted, refused nor empty. */
static int consent_value(const struct ctx *x, const char *v, enum media_consent *out)
{
    if (!*v || strcasecmp(v, "unknown") == 0)
        *out = CONSENT_UNKNOWN;
    else if (listed(x->granted, v))
        *out = CONSENT_GRANTED;
    else if (listed(x->refused, v))
        *out = CONSENT_REFUSED;
    else
        return -1;
    return 0;
}

static const char *join(struct ctx *x, const char *const *list)
{
    char buf[256];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; list[i] && n < sizeof buf; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", i ? "," : "", list[i]);
    return arena_strdup(&x->row, buf);
}

static enum roster_err consent_field(struct ctx *x, int i, enum media_consent *out)
{
    const char *v = field(x, i);
    if (!v)
        return ROSTER_ENOMEM;
    if (consent_value(x, v, out))
        return refuse_field(x, i,
                            "expected consent given as one of %s, refused as one of %s, "
                            "or empty for unknown",
                            join(x, x->granted), join(x, x->refused));
    return ROSTER_OK;
}

/* ---- files ---- */

static bool exists(const char *dir, const char *name)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static uint64_t file_size(const char *dir, const char *name)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0 ? (uint64_t)st.st_size : 0;
}

static void add_file(struct ctx *x, const char *name)
{
    size_t n = strlen(x->sum->files);
    snprintf(x->sum->files + n, sizeof x->sum->files - n, "%s%s", n ? "," : "", name);
}

static void progress(struct ctx *x, bool force)
{
    if (x->o->progress && (force || ++x->rows % PROGRESS_EVERY == 0))
        x->o->progress(x->o->progress_ctx, x->done + (x->csv ? csv_offset(x->csv) : 0), x->total);
}

/* Opens name in the import directory and reads its header; FILE in *f. */
static enum roster_err open_csv(struct ctx *x, const char *name, FILE **f)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", x->o->dir, name);
    set_file(x, name);
    *f = fopen(p, "rb");
    if (!*f)
        return refuse_at(x, 0, 0, NULL, "cannot open %s: %s", p, strerror(errno));
    static const struct csv_limits lim = {
        .max_field = 4096, .max_record = 65536, .max_fields = 512};
    x->csv = csv_open(*f, &lim);
    if (!x->csv) {
        fclose(*f);
        *f = NULL;
        return ROSTER_ENOMEM;
    }
    add_file(x, name);
    enum csv_err e = csv_read_header(x->csv);
    if (e == CSV_EOF)
        return refuse_at(x, 1, 1, NULL, "expected a header row, found an empty file");
    if (e == CSV_ENOMEM)
        return ROSTER_ENOMEM;
    if (e)
        return refuse_at(x, csv_err_line(x->csv), csv_err_col(x->csv), NULL, "expected %s",
                         csv_err_str(e));
    return ROSTER_OK;
}

static void close_csv(struct ctx *x, FILE *f)
{
    if (x->csv)
        x->done += csv_offset(x->csv);
    csv_close(x->csv);
    x->csv = NULL;
    if (f)
        fclose(f);
}

/* The next record; ROSTER_OK with *eof at the end. */
static enum roster_err next_row(struct ctx *x, bool *eof)
{
    arena_free(&x->row);
    arena_init(&x->row, 0);
    *eof = false;
    enum csv_err e = csv_next(x->csv);
    if (e == CSV_EOF) {
        *eof = true;
        return ROSTER_OK;
    }
    if (e == CSV_ENOMEM)
        return ROSTER_ENOMEM;
    if (e)
        return refuse_at(x, csv_err_line(x->csv), csv_err_col(x->csv), NULL, "expected %s",
                         csv_err_str(e));
    if (csv_count(x->csv) > csv_header_count(x->csv))
        return refuse_field(x, (int)csv_header_count(x->csv),
                            "expected %zu fields as in the header, found %zu",
                            csv_header_count(x->csv), csv_count(x->csv));
    progress(x, false);
    return ROSTER_OK;
}

/* Finds the columns named in names (NULL-terminated) into idx; the first
 * `required` of them must be present. */
static enum roster_err columns(struct ctx *x, const char *const *names, size_t required, int *idx)
{
    for (size_t i = 0; names[i]; i++) {
        idx[i] = csv_column(x->csv, names[i]);
        if (idx[i] < 0 && i < required)
            return refuse_at(x, 1, 1, names[i], "expected a column named %s in the header",
                             names[i]);
    }
    return ROSTER_OK;
}

/* Status of a OneRoster row: 0 active, 1 to be deleted. */
static enum roster_err status_field(struct ctx *x, int i, int *removed)
{
    *removed = 0;
    if (i < 0)
        return ROSTER_OK;
    const char *v = field(x, i);
    if (!v)
        return ROSTER_ENOMEM;
    if (!*v || strcasecmp(v, "active") == 0)
        return ROSTER_OK;
    if (strcasecmp(v, "tobedeleted") == 0 || strcasecmp(v, "inactive") == 0) {
        *removed = 1;
        return ROSTER_OK;
    }
    return refuse_field(x, i, "expected active or tobedeleted, found '%.40s'", v);
}

static enum roster_err date_field(struct ctx *x, int i)
{
    if (i < 0)
        return ROSTER_OK;
    const char *v = field(x, i);
    if (!v)
        return ROSTER_ENOMEM;
    if (*v && !roster_date_valid(v))
        return refuse_field(x, i,
                            "expected a date like 2026-11-23 or 2026-11-23T04:00:00Z, "
                            "found '%.40s'",
                            v);
    return ROSTER_OK;
}

/* The sourcedId of field i, non-empty, bounded and not yet in seen (the
 * ids of this file so far). */
static enum roster_err unique_id(struct ctx *x, struct smap *seen, int i, const char **out)
{
    enum roster_err r = text_field(x, i, true, ID_MAX_BYTES, out);
    if (r)
        return r;
    bool had;
    if (smap_put(seen, &x->a, *out, "", &had))
        return ROSTER_ENOMEM;
    if (had)
        return refuse_field(x, i, "expected ids unique within the file, found '%.80s' again", *out);
    return ROSTER_OK;
}

static enum roster_err id_field(struct ctx *x, int i, const char **out)
{
    return unique_id(x, &x->ids, i, out);
}

/* ---- side files ---- */

static enum roster_err read_manifest(struct ctx *x, char *version, size_t vsize, bool *delta)
{
    static const char *const names[] = {"propertyName", "value", NULL};
    FILE *f;
    int idx[2];
    enum roster_err r = open_csv(x, "manifest.csv", &f);
    if (!r)
        r = columns(x, names, 2, idx);
    bool eof = false;
    while (!r && !(r = next_row(x, &eof)) && !eof) {
        const char *k = field(x, idx[0]), *v = field(x, idx[1]);
        if (!k || !v) {
            r = ROSTER_ENOMEM;
            break;
        }
        if (strcmp(k, "oneroster.version") == 0) {
            if (strcmp(v, "1.1") != 0 && strcmp(v, "1.2") != 0)
                r = refuse_field(x, idx[1],
                                 "expected OneRoster version 1.1 or 1.2, found "
                                 "'%.20s'",
                                 v);
            else
                snprintf(version, vsize, "%s", v);
        } else if (strcmp(k, "file.users") == 0) {
            if (strcmp(v, "delta") == 0)
                *delta = true;
            else if (strcmp(v, "bulk") == 0)
                *delta = false;
            else
                r = refuse_field(x, idx[1],
                                 "expected bulk or delta for file.users (the "
                                 "students are in users.csv), found '%.20s'",
                                 v);
        }
    }
    close_csv(x, f);
    return r;
}

static enum roster_err read_orgs(struct ctx *x)
{
    static const char *const names[] = {"sourcedId",        "name", "type", "status",
                                        "dateLastModified", NULL};
    FILE *f;
    int idx[5];
    enum roster_err r = open_csv(x, "orgs.csv", &f);
    if (!r)
        r = columns(x, names, 3, idx);
    struct smap seen = {0};
    bool eof = false;
    while (!r && !(r = next_row(x, &eof)) && !eof) {
        const char *id, *name;
        int removed;
        if ((r = unique_id(x, &seen, idx[0], &id)) ||
            (r = text_field(x, idx[1], true, 255, &name)) ||
            (r = status_field(x, idx[3], &removed)) || (r = date_field(x, idx[4])))
            break;
        struct org_info *o = arena_alloc(&x->a, sizeof *o);
        const char *type = field(x, idx[2]);
        if (!o || !type || !(o->name = arena_strdup(&x->a, name))) {
            r = ROSTER_ENOMEM;
            break;
        }
        o->school = strcasecmp(type, "school") == 0;
        if (smap_put(&x->orgs, &x->a, id, o, NULL))
            r = ROSTER_ENOMEM;
    }
    smap_free(&seen);
    close_csv(x, f);
    x->have_orgs = !r;
    return r;
}

/* 1.2's roles.csv: which users are students, and at which org. */
static enum roster_err read_roles(struct ctx *x)
{
    static const char *const names[] = {"sourcedId", "role",   "orgSourcedId",     "userSourcedId",
                                        "roleType",  "status", "dateLastModified", NULL};
    FILE *f;
    int idx[7];
    enum roster_err r = open_csv(x, "roles.csv", &f);
    if (!r)
        r = columns(x, names, 4, idx);
    struct smap seen = {0};
    bool eof = false;
    while (!r && !(r = next_row(x, &eof)) && !eof) {
        const char *id, *org, *user;
        int removed;
        if ((r = unique_id(x, &seen, idx[0], &id)) ||
            (r = text_field(x, idx[2], true, ID_MAX_BYTES, &org)) ||
            (r = text_field(x, idx[3], true, ID_MAX_BYTES, &user)) ||
            (r = status_field(x, idx[5], &removed)) || (r = date_field(x, idx[6])))
            break;
        const char *role = field(x, idx[1]), *type = field(x, idx[4]);
        if (!role || !type) {
            r = ROSTER_ENOMEM;
            break;
        }
        if (removed || strcasecmp(role, "student") != 0)
            continue;
        bool primary = !*type || strcasecmp(type, "primary") == 0;
        const struct role_info *old = smap_get(&x->roles, user);
        if (old && old->primary && !primary)
            continue;
        struct role_info *ri = arena_alloc(&x->a, sizeof *ri);
        if (!ri || !(ri->org = arena_strdup(&x->a, org))) {
            r = ROSTER_ENOMEM;
            break;
        }
        ri->primary = primary;
        if (smap_put(&x->roles, &x->a, user, ri, NULL))
            r = ROSTER_ENOMEM;
    }
    smap_free(&seen);
    close_csv(x, f);
    x->have_roles = !r;
    return r;
}

static enum roster_err read_consent(struct ctx *x)
{
    static const enum media_consent values[CONSENT__MAX] = {CONSENT_UNKNOWN, CONSENT_GRANTED,
                                                            CONSENT_REFUSED};
    FILE *f;
    int idx[2];
    enum roster_err r = open_csv(x, "consent.csv", &f);
    if (!r) {
        idx[0] = csv_column(x->csv, "student_id");
        if (idx[0] < 0)
            idx[0] = csv_column(x->csv, "sourcedId");
        idx[1] = csv_column(x->csv, "consent");
        if (idx[1] < 0)
            idx[1] = csv_column(x->csv, "media_consent");
        if (idx[0] < 0)
            r = refuse_at(x, 1, 1, "student_id", "expected a column named student_id");
        else if (idx[1] < 0)
            r = refuse_at(x, 1, 1, "consent", "expected a column named consent");
    }
    bool eof = false;
    while (!r && !(r = next_row(x, &eof)) && !eof) {
        const char *id;
        enum media_consent c;
        if ((r = text_field(x, idx[0], true, ID_MAX_BYTES, &id)) ||
            (r = consent_field(x, idx[1], &c)))
            break;
        bool had;
        if (smap_put(&x->consent, &x->a, id, &values[c], &had)) {
            r = ROSTER_ENOMEM;
            break;
        }
        if (had)
            r = refuse_field(x, idx[0], "expected one line per student, found '%.80s' again", id);
    }
    close_csv(x, f);
    x->have_consent_file = !r;
    return r;
}

/* ---- students ---- */

static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool student_equal(const struct student *a, const struct student *b)
{
    return same(a->given, b->given) && same(a->family, b->family) &&
           same(a->preferred, b->preferred) && same(a->middle, b->middle) &&
           same(a->number, b->number) && same(a->school_source_id, b->school_source_id) &&
           same(a->school_name, b->school_name) && same(a->grade, b->grade) &&
           a->consent == b->consent;
}

static enum roster_err store_fail(enum store_err e)
{
    return e == STORE_ENOMEM ? ROSTER_ENOMEM : ROSTER_ESTORE;
}

/* Takes a student off the roster (a delta's tobedeleted row). */
static enum roster_err remove_student(struct ctx *x, const char *source_id)
{
    enum store_err e = store_student_remove(x->s, source_id, x->import_id, x->now);
    if (e == STORE_NOTFOUND)
        return ROSTER_OK;
    if (e)
        return store_fail(e);
    x->sum->removed++;
    return ROSTER_OK;
}

/* Adds or updates in (its consent only when has_consent). old is the stored
 * record when found is true. */
static enum roster_err put_student(struct ctx *x, struct student *in, bool has_consent,
                                   const struct student *old, bool found)
{
    if (!has_consent)
        in->consent = found ? old->consent : CONSENT_UNKNOWN;
    const char *school = in->school_source_id ? in->school_source_id : in->school_name;
    if (school && smap_put(&x->schools, &x->a, school, "", NULL))
        return ROSTER_ENOMEM;
    x->sum->students++;
    enum store_err e;
    if (!found) {
        if ((e = store_student_add(x->s, in, x->import_id, x->now)))
            return store_fail(e);
        x->sum->added++;
        return ROSTER_OK;
    }
    in->id = old->id;
    if (!old->removed_at && student_equal(in, old)) {
        if ((e = store_student_seen(x->s, old->id, x->import_id)))
            return store_fail(e);
        x->sum->unchanged++;
        return ROSTER_OK;
    }
    if ((e = store_student_update(x->s, in, x->import_id, x->now)))
        return store_fail(e);
    if (old->removed_at)
        x->sum->added++;
    else
        x->sum->updated++;
    return ROSTER_OK;
}

/* The consent of the current row: from consent.csv if it lists the student,
 * else from the mapped column if there is one. */
static enum roster_err row_consent(struct ctx *x, int col, const char *id, struct student *st,
                                   bool *has)
{
    *has = false;
    if (col >= 0) {
        enum roster_err r = consent_field(x, col, &st->consent);
        if (r)
            return r;
        *has = true;
    }
    const enum media_consent *c = x->have_consent_file ? smap_get(&x->consent, id) : NULL;
    if (c) {
        st->consent = *c;
        *has = true;
    }
    return ROSTER_OK;
}

/* The grades field: one grade or a comma-separated list of them, all from
 * the OneRoster set; stored as written. */
static enum roster_err grade_field(struct ctx *x, int i, bool lenient, const char **out)
{
    *out = NULL;
    if (i < 0)
        return ROSTER_OK;
    const char *v = field(x, i);
    if (!v)
        return ROSTER_ENOMEM;
    if (!*v)
        return ROSTER_OK;
    if (lenient && isdigit((unsigned char)v[0]) && !v[1])
        v = arena_printf(&x->row, "0%c", v[0]);
    else if (lenient && strcasecmp(v, "K") == 0)
        v = "KG";
    if (!v)
        return ROSTER_ENOMEM;
    char *copy = arena_strdup(&x->row, v);
    if (!copy)
        return ROSTER_ENOMEM;
    for (char *save = NULL, *g = strtok_r(copy, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
        while (*g == ' ')
            g++;
        size_t n = strlen(g);
        while (n && g[n - 1] == ' ')
            g[--n] = '\0';
        if (!roster_grade_valid(g))
            return refuse_field(x, i,
                                "expected a OneRoster grade (IT, PR, PK, TK, KG, 01-13, "
                                "PS, UG, Other), found '%.20s'",
                                g);
    }
    *out = v;
    return ROSTER_OK;
}

enum {
    U_ID,
    U_GIVEN,
    U_FAMILY,
    U_ROLE, /* required in 1.1 only */
    U_STATUS,
    U_DATE,
    U_MIDDLE,
    U_IDENT,
    U_GRADES,
    U_ORGS,
    U_PRIMARY_ORG,
    U_PREF,
    U_PREF2,
    U__MAX
};

/* The school of a OneRoster student: the org of their student role (1.2),
 * else the first school among orgSourcedIds, else the first org. */
static enum roster_err school_of(struct ctx *x, const int *idx, const char *id,
                                 const struct student *old, bool found, struct student *st)
{
    const char *org = NULL;
    int col = idx[U_ORGS];
    const struct role_info *ri = x->have_roles ? smap_get(&x->roles, id) : NULL;
    if (ri) {
        org = ri->org;
        col = -1;
    } else if (idx[U_PRIMARY_ORG] >= 0 && *csv_field(x->csv, idx[U_PRIMARY_ORG], NULL)) {
        col = idx[U_PRIMARY_ORG];
    }
    if (!org && col >= 0) {
        char *list = arena_strdup(&x->row, csv_field(x->csv, col, NULL));
        if (!list)
            return ROSTER_ENOMEM;
        for (char *save = NULL, *o = strtok_r(list, ",", &save); o;
             o = strtok_r(NULL, ",", &save)) {
            while (*o == ' ')
                o++;
            size_t n = strlen(o);
            while (n && o[n - 1] == ' ')
                o[--n] = '\0';
            if (!*o)
                continue;
            const struct org_info *oi = smap_get(&x->orgs, o);
            if (!org || (oi && oi->school)) {
                org = o;
                if (oi && oi->school)
                    break;
            }
        }
    }
    if (!org) {
        if (found) {
            st->school_source_id = old->school_source_id;
            st->school_name = old->school_name;
        }
        return ROSTER_OK;
    }
    if (text_problem(org, ID_MAX_BYTES))
        return refuse_field(x, col >= 0 ? col : idx[U_ID], "expected org ids as text");
    st->school_source_id = org;
    const struct org_info *oi = smap_get(&x->orgs, org);
    if (oi)
        st->school_name = oi->name;
    else if (found && same(old->school_source_id, org))
        st->school_name = old->school_name;
    else if (x->have_orgs && !x->sum->delta)
        return refuse_field(x, col >= 0 ? col : idx[U_ID],
                            "expected an org listed in orgs.csv, found '%.80s'", org);
    return ROSTER_OK;
}

static enum roster_err read_users(struct ctx *x, bool v11)
{
    static const char *const names[U__MAX + 1] = {"sourcedId",
                                                  "givenName",
                                                  "familyName",
                                                  "role",
                                                  "status",
                                                  "dateLastModified",
                                                  "middleName",
                                                  "identifier",
                                                  "grades",
                                                  "orgSourcedIds",
                                                  "primaryOrgSourcedId",
                                                  "preferredFirstName",
                                                  "preferredGivenName",
                                                  NULL};
    FILE *f;
    int idx[U__MAX];
    enum roster_err r = open_csv(x, "users.csv", &f);
    if (!r)
        r = columns(x, names, 3, idx);
    if (!r && v11 && idx[U_ROLE] < 0)
        r = refuse_at(x, 1, 1, "role",
                      "expected a column named role in the header (OneRoster 1.1), or a "
                      "roles.csv beside users.csv (OneRoster 1.2)");
    int ccol = -1;
    if (!r && x->o->consent_column) {
        ccol = csv_column(x->csv, x->o->consent_column);
        if (ccol < 0)
            r = refuse_at(x, 1, 1, x->o->consent_column,
                          "expected a column named %s (from --consent-column) in the header",
                          x->o->consent_column);
    }
    if (!r && idx[U_PREF] < 0)
        idx[U_PREF] = idx[U_PREF2];
    bool eof = false;
    while (!r && !(r = next_row(x, &eof)) && !eof) {
        const char *id;
        int removed;
        if ((r = id_field(x, idx[U_ID], &id)) || (r = status_field(x, idx[U_STATUS], &removed)) ||
            (r = date_field(x, idx[U_DATE])))
            break;
        struct student old;
        bool found = false;
        bool student;
        if (idx[U_ROLE] >= 0) {
            const char *role = field(x, idx[U_ROLE]);
            if (!role) {
                r = ROSTER_ENOMEM;
                break;
            }
            student = strcasecmp(role, "student") == 0;
        } else {
            student = smap_get(&x->roles, id) != NULL;
        }
        if (student || idx[U_ROLE] < 0) {
            enum store_err e = store_student_find(x->s, &x->row, id, &old);
            if (e && e != STORE_NOTFOUND) {
                r = store_fail(e);
                break;
            }
            found = !e;
            /* A 1.2 delta need not repeat a student's role. */
            if (!student && found && x->sum->delta)
                student = true;
        }
        if (!student)
            continue;
        if (removed) {
            if (x->sum->delta)
                r = remove_student(x, id);
            continue;
        }
        struct student st = {.source_id = id};
        bool has_consent;
        if ((r = text_field(x, idx[U_GIVEN], true, NAME_MAX_CHARS, &st.given)) ||
            (r = text_field(x, idx[U_FAMILY], true, NAME_MAX_CHARS, &st.family)) ||
            (r = text_field(x, idx[U_MIDDLE], false, NAME_MAX_CHARS, &st.middle)) ||
            (r = text_field(x, idx[U_PREF], false, NAME_MAX_CHARS, &st.preferred)) ||
            (r = text_field(x, idx[U_IDENT], false, ID_MAX_BYTES, &st.number)) ||
            (r = grade_field(x, idx[U_GRADES], false, &st.grade)) ||
            (r = school_of(x, idx, id, &old, found, &st)) ||
            (r = row_consent(x, ccol, id, &st, &has_consent)))
            break;
        r = put_student(x, &st, has_consent, &old, found);
    }
    close_csv(x, f);
    return r;
}

enum { S_ID, S_GIVEN, S_FAMILY, S_PREF, S_SCHOOL, S_GRADE, S_CONSENT, S__MAX };

static enum roster_err read_simple(struct ctx *x)
{
    static const char *const names[S__MAX + 1] = {"id",     "given", "family",        "preferred",
                                                  "school", "grade", "media_consent", NULL};
    FILE *f;
    int idx[S__MAX];
    enum roster_err r = open_csv(x, "students.csv", &f);
    if (!r)
        r = columns(x, names, 3, idx);
    if (!r && x->o->consent_column) {
        idx[S_CONSENT] = csv_column(x->csv, x->o->consent_column);
        if (idx[S_CONSENT] < 0)
            r = refuse_at(x, 1, 1, x->o->consent_column,
                          "expected a column named %s (from --consent-column) in the header",
                          x->o->consent_column);
    }
    bool eof = false;
    while (!r && !(r = next_row(x, &eof)) && !eof) {
        struct student st = {0}, old;
        bool has_consent;
        if ((r = id_field(x, idx[S_ID], &st.source_id)) ||
            (r = text_field(x, idx[S_GIVEN], true, NAME_MAX_CHARS, &st.given)) ||
            (r = text_field(x, idx[S_FAMILY], true, NAME_MAX_CHARS, &st.family)) ||
            (r = text_field(x, idx[S_PREF], false, NAME_MAX_CHARS, &st.preferred)) ||
            (r = text_field(x, idx[S_SCHOOL], false, 255, &st.school_name)) ||
            (r = grade_field(x, idx[S_GRADE], true, &st.grade)) ||
            (r = row_consent(x, idx[S_CONSENT], st.source_id, &st, &has_consent)))
            break;
        enum store_err e = store_student_find(x->s, &x->row, st.source_id, &old);
        if (e && e != STORE_NOTFOUND) {
            r = store_fail(e);
            break;
        }
        r = put_student(x, &st, has_consent, &old, !e);
    }
    close_csv(x, f);
    return r;
}

/* ---- the import ---- */

static void audit(const struct ctx *x, const struct roster_options *o)
{
    const struct roster_summary *s = x->sum;
    json_t *j = json_pack(
        "{s:s, s:s, s:s, s:I, s:b, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "msg", "roster import",
        "event", "roster.import", "format", roster_format_str(s->format), "import_id",
        (json_int_t)s->import_id, "dry_run", o->dry_run, "mode", s->delta ? "delta" : "bulk",
        "students", (json_int_t)s->students, "schools", (json_int_t)s->schools, "added",
        (json_int_t)s->added, "updated", (json_int_t)s->updated, "removed", (json_int_t)s->removed,
        "unchanged", (json_int_t)s->unchanged, "on_roster", (json_int_t)s->on_roster);
    if (!j)
        return;
    json_object_set_new(j, "files", json_string(s->files));
    json_object_set_new(j, "run_by", json_string(o->run_by ? o->run_by : ""));
    log_fields(LOG_INFO, j);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Finds the format and mode; reads manifest.csv when there is one. */
static enum roster_err detect(struct ctx *x, bool *oneroster, bool *v11)
{
    const char *dir = x->o->dir;
    char version[8] = "";
    bool delta = false;
    enum roster_err r;
    *oneroster = exists(dir, "users.csv");
    if (!*oneroster) {
        if (!exists(dir, "students.csv")) {
            set_file(x, dir);
            return refuse_at(x, 0, 0, NULL,
                             "expected a OneRoster export (users.csv, orgs.csv, manifest.csv) "
                             "or a students.csv in the directory");
        }
        x->sum->format = ROSTER_SIMPLE;
        return ROSTER_OK;
    }
    if (exists(dir, "manifest.csv") && (r = read_manifest(x, version, sizeof version, &delta)))
        return r;
    x->sum->delta = delta;
    if (version[0])
        *v11 = strcmp(version, "1.1") == 0;
    else
        *v11 = !exists(dir, "roles.csv");
    x->sum->format = *v11 ? ROSTER_ONEROSTER_11 : ROSTER_ONEROSTER_12;
    if (!*v11 && !exists(dir, "roles.csv") && !delta) {
        set_file(x, "roles.csv");
        return refuse_at(x, 0, 0, NULL,
                         "expected roles.csv: in OneRoster 1.2 it says who is a student");
    }
    return ROSTER_OK;
}

static enum roster_err import(struct ctx *x)
{
    const char *dir = x->o->dir;
    bool oneroster = false, v11 = true;
    enum roster_err r = detect(x, &oneroster, &v11);
    if (r)
        return r;
    static const char *const all[] = {"manifest.csv", "orgs.csv",  "roles.csv",
                                      "consent.csv",  "users.csv", "students.csv"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        x->total += file_size(dir, all[i]);

    struct roster_import log = {.started_at = x->now,
                                .source = dir,
                                .format = roster_format_str(x->sum->format),
                                .mode = x->sum->delta ? "delta" : "bulk",
                                .files = "",
                                .run_by = x->o->run_by ? x->o->run_by : ""};
    enum store_err e = store_roster_import_add(x->s, &log);
    if (e)
        return store_fail(e);
    x->import_id = x->sum->import_id = log.id;

    if (oneroster && exists(dir, "orgs.csv") && (r = read_orgs(x)))
        return r;
    if (oneroster && !v11 && exists(dir, "roles.csv") && (r = read_roles(x)))
        return r;
    if (exists(dir, "consent.csv") && (r = read_consent(x)))
        return r;
    if ((r = oneroster ? read_users(x, v11) : read_simple(x)))
        return r;
    set_file(x, oneroster ? "users.csv" : "students.csv");

    if (!x->sum->delta) {
        int64_t before = 0;
        if ((e = store_student_count(x->s, &before)))
            return store_fail(e);
        if (x->sum->students == 0 && before > 0)
            return refuse_at(x, 0, 0, NULL,
                             "expected students in a bulk import, found none: it would take "
                             "all %lld students off the roster",
                             (long long)before);
        int64_t n;
        if ((e = store_students_remove_unseen(x->s, x->import_id, x->now, &n)))
            return store_fail(e);
        x->sum->removed += n;
    }
    x->sum->schools = (int64_t)x->schools.n;
    if ((e = store_student_count(x->s, &x->sum->on_roster)))
        return store_fail(e);
    log.id = x->import_id;
    log.finished_at = now_ms();
    log.students = x->sum->students;
    log.schools = x->sum->schools;
    log.added = x->sum->added;
    log.updated = x->sum->updated;
    log.removed = x->sum->removed;
    log.unchanged = x->sum->unchanged;
    log.files = x->sum->files;
    if ((e = store_roster_import_end(x->s, &log)))
        return store_fail(e);
    progress(x, true);
    return ROSTER_OK;
}

enum roster_err roster_import(struct store *s, const struct roster_options *o,
                              struct roster_summary *out, struct roster_error *err)
{
    struct ctx x = {.s = s, .o = o, .sum = out, .err = err, .now = now_ms()};
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    x.granted = o->granted ? o->granted : default_granted;
    x.refused = o->refused ? o->refused : default_refused;
    arena_init(&x.a, 0);
    arena_init(&x.row, 0);
    enum roster_err r;
    enum store_err e = store_begin_write(s);
    if (e) {
        r = store_fail(e);
        goto done;
    }
    r = import(&x);
    if (r || o->dry_run) {
        store_rollback(s);
    } else if ((e = store_commit(s))) {
        r = store_fail(e);
    }
    if (!r)
        audit(&x, o);
    else if (r == ROSTER_EINPUT)
        log_warn("roster import refused: %s:%llu:%llu", err->file, (unsigned long long)err->line,
                 (unsigned long long)err->col);
done:
    if (x.csv)
        csv_close(x.csv);
    arena_free(&x.a);
    arena_free(&x.row);
    smap_free(&x.orgs);
    smap_free(&x.roles);
    smap_free(&x.consent);
    smap_free(&x.ids);
    smap_free(&x.schools);
    return r;
}
