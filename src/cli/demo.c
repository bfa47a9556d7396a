/* The demo district generator. It combines the tables of cli/demo_data.c
 * with a seeded PRNG into Riverside USD and writes it straight through the
 * store, with times chosen over the past two months. It owns the logins,
 * the dates, who belongs where and every allocation of a run (one arena and
 * one text buffer). It does not own the words (demo_data.c), nor any rule
 * about who may do what: core/ is bypassed on purpose, because its write
 * paths stamp the current time and the demo needs a past. */
#include "cli/demo.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/demo_data.h"
#include "core/core.h"
#include "core/markdown.h"
#include "core/notify.h"
#include "store/store_roster.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/rng.h"
#include "util/secret.h"

#define DEMO_STAFF          350 /* people, the two fixed accounts included */
#define DEMO_POSTS          3000
#define DEMO_DAYS           60  /* how far back the posts go */
#define DEMO_REACTION_MEAN  5.6 /* reactions per post before small groups cap it */
#define DEMO_REPLY_PERCENT  28  /* chance that a later comment answers an earlier one */
#define DEMO_EDITS          24  /* posts edited, half of them where the demo teacher reads */
#define DEMO_DELETES        10
#define DEMO_PENDING_GROUPS 4    /* closed groups with join requests waiting */
#define DEMO_MARIA_INTEREST 4    /* interest groups the demo teacher is in, at least */
#define DEMO_LOGIN_PART     14   /* bytes of a first or last name kept in a login */
#define DEMO_STUDENTS       2000 /* the synthetic roster, the fixed student included */
#define DEMO_NO_CONSENT     5    /* percent of students without media consent */
/* The one student tests and demonstrations can name. */
#define DEMO_STUDENT_GIVEN  "Sofia"
#define DEMO_STUDENT_FAMILY "Ramirez"
#define DEMO_STUDENT_SCHOOL "Mission Hills Elementary"
#define DEMO_TEXT_MAX       (64 * 1024)
#define DEMO_MIN_MS         (60LL * 1000)
#define DEMO_HOUR_MS        (60 * DEMO_MIN_MS)
#define DEMO_DAY_MS         (24 * DEMO_HOUR_MS)
/* The district keeps Pacific time: weekdays and school hours are counted there. */
#define DEMO_TZ_MS (-8 * DEMO_HOUR_MS)
#define DEMO_NONE  SIZE_MAX

/* The PRNG is util/rng.h. Each phase draws from its own stream, and every
 * draw that depends on today's date comes from the time stream, so the
 * people, groups and words of a seed never depend on when the demo is built. */

/* ---- the run's state ---- */

enum demo_stream {
    S_PEOPLE,
    S_GROUPS,
    S_POSTS,
    S_COMMENTS,
    S_REACTIONS,
    S_HISTORY,
    S_TIME,
    S_STUDENTS, /* last, so that adding it changed no other stream */
    S__MAX
};

/* A person's relation to a group while the district is planned. */
enum { M_NONE, M_MEMBER, M_ADMIN, M_PENDING, M_INVITED };

struct demo_person {
    const char *login, *name, *title;
    size_t org; /* index into demo_orgs */
    int64_t id;
    bool teacher, leader;
    bool quiet; /* the system admin: reads, never writes */
};

struct demo_grp {
    const struct demo_group *row;
    const char *name, *purpose;
    enum privacy privacy;
    size_t school; /* org index for a per-school group, else DEMO_NONE */
    size_t creator;
    int64_t id;
    size_t *voices; /* active members who post, comment, react and are mentioned */
    size_t n_voices;
    size_t *admins; /* the voices who are group admins */
    size_t n_admins;
};

struct demo_post {
    int64_t id, t;
    size_t group, author;
    const char *body;
    bool edited, deleted;
};

struct demo {
    struct store *s;
    struct arena a;
    struct buf text; /* the body being composed */
    struct rng rng[S__MAX];
    int64_t now;
    bool in_tx;
    const char *hash;
    int64_t *org_ids; /* by demo_orgs index */
    size_t *org_head; /* the person heading each org, or DEMO_NONE */
    size_t district;  /* demo_orgs index of the district office */
    size_t *schools;  /* demo_orgs indices of the schools */
    size_t n_schools;
    struct demo_person *people;
    size_t n_people;
    size_t maria, admin;
    struct demo_grp *groups;
    size_t n_groups;
    unsigned char *mem;    /* n_groups x n_people, M_* */
    size_t maria_admin_of; /* a closed group the demo teacher runs, or DEMO_NONE */
    struct demo_post *posts;
    size_t n_posts;
    size_t *scratch; /* n_people entries */
    size_t n_members, n_pending, n_invited, n_comments, n_replies, n_reactions, n_mentions;
    size_t n_edited, n_revisions, n_deleted;
    size_t n_students, n_no_consent;
};

static int demo_fail(const char *what, const char *why)
{
    fprintf(stderr, "staffroom: demo: %s: %s\n", what, why);
    return -1;
}

#define DEMO_TRY(call, what)                                                                       \
    do {                                                                                           \
        enum store_err e_ = (call);                                                                \
        if (e_ != STORE_OK)                                                                        \
            return demo_fail((what), store_err_str(e_));                                           \
    } while (0)

/* Zeroed memory from the run's arena, or NULL. */
static void *demo_alloc(struct demo *d, size_t n, size_t size)
{
    if (n && size > SIZE_MAX / n)
        return NULL;
    size_t bytes = n * size;
    void *p = arena_alloc(&d->a, bytes ? bytes : 1);
    if (p)
        memset(p, 0, bytes);
    return p;
}

static int demo_begin(struct demo *d)
{
    DEMO_TRY(store_begin_write(d->s), "starting a transaction");
    d->in_tx = true;
    return 0;
}

static int demo_commit(struct demo *d)
{
    d->in_tx = false; /* a failed commit has already rolled back */
    DEMO_TRY(store_commit(d->s), "committing");
    return 0;
}

static unsigned char *demo_mem(struct demo *d, size_t group, size_t person)
{
    return &d->mem[group * d->n_people + person];
}

static bool demo_active(struct demo *d, size_t group, size_t person)
{
    unsigned char m = *demo_mem(d, group, person);
    return m == M_MEMBER || m == M_ADMIN;
}

static double demo_seconds(const struct timespec *since)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - since->tv_sec) + (double)(t.tv_nsec - since->tv_nsec) / 1e9;
}

/* ---- organisations ---- */

static bool demo_is_school(size_t org)
{
    return !strcmp(demo_orgs[org].kind, "school");
}

static size_t demo_org_named(const char *name)
{
    for (size_t i = 0; i < demo_orgs_count; i++)
        if (!strcmp(demo_orgs[i].name, name))
            return i;
    return DEMO_NONE;
}

/* The department (or district office) a `where` key names, or DEMO_NONE. */
static size_t demo_dept_org(const char *where)
{
    for (size_t i = 0; i < demo_depts_count; i++)
        if (!strcmp(demo_depts[i].where, where))
            return demo_org_named(demo_depts[i].org);
    return DEMO_NONE;
}

/* The organisations a title's `where` means, into out (room for every org);
 * returns how many, 0 for an unknown key. */
static size_t demo_where_orgs(const char *where, size_t *out)
{
    size_t n = 0;
    bool any = !strcmp(where, "school");
    for (size_t i = 0; i < demo_orgs_count; i++)
        if (demo_is_school(i) && (any || !strcmp(demo_orgs[i].level, where)))
            out[n++] = i;
    if (n)
        return n;
    size_t o = demo_dept_org(where);
    if (o == DEMO_NONE)
        return 0;
    out[0] = o;
    return 1;
}

static int demo_write_orgs(struct demo *d)
{
    d->org_ids = demo_alloc(d, demo_orgs_count, sizeof *d->org_ids);
    d->org_head = demo_alloc(d, demo_orgs_count, sizeof *d->org_head);
    d->schools = demo_alloc(d, demo_orgs_count, sizeof *d->schools);
    if (!d->org_ids || !d->org_head || !d->schools)
        return demo_fail("organisations", "out of memory");
    d->district = DEMO_NONE;
    for (size_t i = 0; i < demo_orgs_count; i++) {
        d->org_head[i] = DEMO_NONE;
        enum org_kind k;
        if (org_kind_parse(demo_orgs[i].kind, &k))
            return demo_fail(demo_orgs[i].name, "unknown organisation kind");
        if (k == ORG_DISTRICT && d->district == DEMO_NONE)
            d->district = i;
        if (k == ORG_SCHOOL)
            d->schools[d->n_schools++] = i;
    }
    if (d->district == DEMO_NONE || !d->n_schools)
        return demo_fail("organisations", "the demo data has no district or no school");
    DEMO_TRY(store_org_create(d->s, 0, ORG_DISTRICT, demo_orgs[d->district].name,
                              &d->org_ids[d->district]),
             "creating the district");
    for (size_t i = 0; i < demo_orgs_count; i++) {
        if (i == d->district)
            continue;
        enum org_kind k = ORG_DEPARTMENT;
        org_kind_parse(demo_orgs[i].kind, &k);
        DEMO_TRY(
            store_org_create(d->s, d->org_ids[d->district], k, demo_orgs[i].name, &d->org_ids[i]),
            "creating an organisation");
    }
    return 0;
}

/* ---- people and logins ---- */

/* ASCII for U+00C0..U+00FF; "" for the two signs among them. */
static const char *const demo_latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",
};

/* The base letter of each of U+0100..U+017F (Latin Extended-A). */
static const char demo_latin_ext_a[] = "aaaaaa"
                                       "cccccccc"
                                       "dddd"
                                       "eeeeeeeeee"
                                       "gggggggg"
                                       "hhhh"
                                       "iiiiiiiiii"
                                       "ii"
                                       "jj"
                                       "kkk"
                                       "llllllllll"
                                       "nnnnnnn"
                                       "nn"
                                       "oooooo"
                                       "oo"
                                       "rrrrrr"
                                       "ssssssss"
                                       "tttttt"
                                       "uuuuuuuuuuuu"
                                       "ww"
                                       "yyy"
                                       "zzzzzz"
                                       "s";
_Static_assert(sizeof demo_latin_ext_a == 0x80 + 1, "one letter per code point of U+0100..017F");

/* Vietnamese letters with tone marks, U+1EA0..U+1EF9, by base letter. */
static const struct {
    uint32_t lo, hi;
    char c;
} demo_viet[] = {
    {0x1EA0, 0x1EB7, 'a'}, {0x1EB8, 0x1EC7, 'e'}, {0x1EC8, 0x1ECB, 'i'},
    {0x1ECC, 0x1EE3, 'o'}, {0x1EE4, 0x1EF1, 'u'}, {0x1EF2, 0x1EF9, 'y'},
};

/* Decodes one UTF-8 character and advances *p; a malformed byte reads as
 * U+FFFD, which nothing maps. */
static uint32_t demo_utf8_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = s[0];
    size_t n = c < 0x80 ? 0 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (c >= 0x80 && !n) {
        *p = s + 1;
        return 0xFFFD;
    }
    c = n == 3 ? c & 0x07 : n == 2 ? c & 0x0F : n == 1 ? c & 0x1F : c;
    for (size_t i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p = s + i;
            return 0xFFFD;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    *p = s + n + 1;
    return c;
}

/* The lowercase ASCII letters a login keeps for character c (at most 2,
 * written to out); 0 when c leaves nothing. */
static size_t demo_translit(uint32_t c, char out[2])
{
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out[0] = (char)c;
        return 1;
    }
    if (c >= 'A' && c <= 'Z') {
        out[0] = (char)(c - 'A' + 'a');
        return 1;
    }
    const char *t = NULL;
    char one[2] = {0, 0};
    if (c >= 0xC0 && c <= 0xFF) {
        t = demo_latin1[c - 0xC0];
    } else if (c >= 0x100 && c <= 0x17F) {
        one[0] = demo_latin_ext_a[c - 0x100];
        t = one;
    } else if (c == 0x1A0 || c == 0x1A1) { /* Vietnamese o with horn */
        t = "o";
    } else if (c == 0x1AF || c == 0x1B0) { /* Vietnamese u with horn */
        t = "u";
    } else {
        for (size_t i = 0; i < sizeof demo_viet / sizeof demo_viet[0]; i++)
            if (c >= demo_viet[i].lo && c <= demo_viet[i].hi) {
                one[0] = demo_viet[i].c;
                t = one;
            }
    }
    if (!t)
        return 0;
    size_t n = strlen(t);
    memcpy(out, t, n);
    return n;
}

/* One half of a login from a name: transliterated, lowercase, apostrophes
 * dropped, spaces, dots and hyphens joined into single '-' between letters,
 * at most cap bytes. out has room for cap + 1. Returns the length. */
static size_t demo_login_part(const char *name, char *out, size_t cap)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t n = 0;
    bool sep = false;
    while (*p) {
        uint32_t c = demo_utf8_next(&p);
        if (c == ' ' || c == '-' || c == '.' || c == '_' || (c >= 0x2010 && c <= 0x2015)) {
            sep = n > 0;
            continue;
        }
        char t[2];
        size_t k = demo_translit(c, t); /* apostrophes and the unknown give 0 */
        if (!k)
            continue;
        if (n + (sep ? 1 : 0) + k > cap)
            break;
        if (sep)
            out[n++] = '-';
        sep = false;
        memcpy(out + n, t, k);
        n += k;
    }
    out[n] = '\0';
    return n;
}

static bool demo_login_taken(const struct demo *d, const char *login)
{
    for (size_t i = 0; i < d->n_people; i++)
        if (!strcmp(d->people[i].login, login))
            return true;
    return false;
}

/* Draws a name and a login that no one has; the login of the demo teacher
 * is never drawn, so she exists exactly once. */
static int demo_draw_name(struct demo *d, const char **name, const char **login)
{
    struct rng *r = &d->rng[S_PEOPLE];
    /* Two parts, a dot and room for a suffix: 14 + 1 + 14 + 3 fits LIMIT_LOGIN_MAX. */
    char first[DEMO_LOGIN_PART + 1], last[DEMO_LOGIN_PART + 1], base[2 * DEMO_LOGIN_PART + 2];
    const char *fn, *ln;
    for (;;) {
        fn = demo_first_names[rng_below(r, demo_first_names_count)];
        ln = demo_last_names[rng_below(r, demo_last_names_count)];
        if (!demo_login_part(fn, first, sizeof first - 1))
            memcpy(first, "staff", 6);
        if (!demo_login_part(ln, last, sizeof last - 1))
            memcpy(last, "member", 7);
        snprintf(base, sizeof base, "%s.%s", first, last);
        if (strcmp(base, DEMO_LOGIN) && strcmp(base, DEMO_ADMIN_LOGIN))
            break;
    }
    char buf[sizeof base + 12];
    snprintf(buf, sizeof buf, "%s", base);
    for (unsigned k = 2; demo_login_taken(d, buf); k++)
        snprintf(buf, sizeof buf, "%s%u", base, k);
    if (!core_login_valid(buf))
        return demo_fail(buf, "a generated login breaks the login rules");
    *name = arena_printf(&d->a, "%s %s", fn, ln);
    *login = arena_strdup(&d->a, buf);
    return *name && *login ? 0 : demo_fail("people", "out of memory");
}

static bool demo_is_leader_title(const char *title)
{
    for (size_t i = 0; i < demo_leader_titles_count; i++)
        if (!strcmp(demo_leader_titles[i], title))
            return true;
    return false;
}

/* Adds a person to the plan; login and name NULL draw them at random. */
static int demo_add_person(struct demo *d, const char *title, size_t org, const char *login,
                           const char *name)
{
    if (d->n_people == DEMO_STAFF)
        return 0;
    struct demo_person *p = &d->people[d->n_people];
    if (!login && demo_draw_name(d, &name, &login))
        return -1;
    p->login = login;
    p->name = name;
    p->title = title;
    p->org = org;
    p->teacher = strstr(title, "Teacher") != NULL;
    p->leader = demo_is_leader_title(title);
    d->n_people++;
    return 0;
}

/* A title's holder goes to one organisation its `where` allows. */
static int demo_add_titled(struct demo *d, const struct demo_title *t)
{
    size_t n = demo_where_orgs(t->where, d->scratch);
    if (!n)
        return demo_fail(t->title, "a title works nowhere the demo knows");
    return demo_add_person(d, t->title, d->scratch[rng_below(&d->rng[S_PEOPLE], n)], NULL, NULL);
}

/* True for a title each school has one of (a school leader: the principal). */
static bool demo_per_school(const struct demo_title *t)
{
    if (t->weight <= 1 || !demo_is_leader_title(t->title))
        return false;
    for (size_t i = 0; i < demo_orgs_count; i++)
        if (demo_is_school(i) &&
            (!strcmp(t->where, "school") || !strcmp(t->where, demo_orgs[i].level)))
            return true;
    return false;
}

/* Plans the staff: the two fixed accounts, one leader per school, one holder
 * of every weight-1 title, and the rest drawn by weight. */
static int demo_plan_people(struct demo *d)
{
    struct rng *r = &d->rng[S_PEOPLE];
    d->people = demo_alloc(d, DEMO_STAFF, sizeof *d->people);
    d->scratch = demo_alloc(d, DEMO_STAFF > demo_orgs_count ? DEMO_STAFF : demo_orgs_count,
                            sizeof *d->scratch);
    if (!d->people || !d->scratch)
        return demo_fail("people", "out of memory");

    size_t tech = demo_dept_org("technology");
    if (tech == DEMO_NONE)
        return demo_fail("people", "the demo data has no Technology Services");
    d->admin = d->n_people;
    if (demo_add_person(d, "Systems Administrator", tech, DEMO_ADMIN_LOGIN, "District IT Admin"))
        return -1;
    d->people[d->admin].quiet = true;
    size_t n = demo_where_orgs("elementary", d->scratch);
    if (!n)
        return demo_fail("people", "the demo data has no elementary school");
    d->maria = d->n_people;
    if (demo_add_person(d, "5th Grade Teacher", d->scratch[rng_below(r, n)], DEMO_LOGIN,
                        "Maria Lopez"))
        return -1;

    for (size_t i = 0; i < demo_titles_count; i++) {
        const struct demo_title *t = &demo_titles[i];
        if (!demo_per_school(t))
            continue;
        n = demo_where_orgs(t->where, d->scratch);
        for (size_t k = 0; k < n; k++)
            if (demo_add_person(d, t->title, d->scratch[k], NULL, NULL))
                return -1;
    }
    for (size_t i = 0; i < demo_titles_count; i++)
        if (demo_titles[i].weight == 1 && demo_add_titled(d, &demo_titles[i]))
            return -1;

    unsigned *w = demo_alloc(d, demo_titles_count, sizeof *w);
    if (!w)
        return demo_fail("people", "out of memory");
    for (size_t i = 0; i < demo_titles_count; i++)
        w[i] = demo_titles[i].weight > 1 && !demo_per_school(&demo_titles[i])
                   ? demo_titles[i].weight
                   : 0;
    while (d->n_people < DEMO_STAFF)
        if (demo_add_titled(d, &demo_titles[rng_weighted(r, w, demo_titles_count)]))
            return -1;

    /* An organisation's head is its first leader: the principal of a
     * school, the director of a department, the superintendent. */
    for (size_t i = 0; i < d->n_people; i++)
        if (d->people[i].leader && d->org_head[d->people[i].org] == DEMO_NONE)
            d->org_head[d->people[i].org] = i;
    return 0;
}

static int demo_write_people(struct demo *d)
{
    for (size_t i = 0; i < d->n_people; i++) {
        struct demo_person *p = &d->people[i];
        struct user u;
        memset(&u, 0, sizeof u);
        u.login = p->login;
        u.name = p->name;
        u.title = p->title;
        u.org_id = d->org_ids[p->org];
        u.role = i == d->admin ? ROLE_ADMIN : ROLE_MEMBER;
        u.status = USER_ACTIVE;
        /* District communications staff mark announcements important. */
        u.comms = strstr(p->title, "Communications") != NULL;
        /* Everyone has a district address but frontline staff (buses,
         * kitchens, custodians), who sign in with access codes. */
        char email[96];
        bool frontline = strstr(p->title, "Bus") || strstr(p->title, "Food") ||
                         strstr(p->title, "Cafeteria") || strstr(p->title, "Custod");
        snprintf(email, sizeof email, "%s@riversideusd.example", p->login);
        u.email = frontline ? NULL : email;
        DEMO_TRY(store_user_create(d->s, &u, d->hash), "creating a person");
        p->id = u.id;
        /* Communications specialists and the IT admin monitor what the
         * privacy guard holds for review. */
        if (i == d->admin || strstr(p->title, "Communications Specialist"))
            DEMO_TRY(store_user_set_monitor(d->s, u.id, true), "giving the monitor role");
    }
    /* Everyone reports to the head of their organisation; heads report to
     * the head of the district. */
    size_t top = d->org_head[d->district];
    for (size_t i = 0; i < d->n_people; i++) {
        size_t h = d->org_head[d->people[i].org];
        size_t m = h != DEMO_NONE && h != i ? h : top != i ? top : DEMO_NONE;
        if (m != DEMO_NONE)
            DEMO_TRY(store_user_set_manager(d->s, d->people[i].id, d->people[m].id),
                     "setting a manager");
    }
    return 0;
}

/* ---- groups and memberships ---- */

/* A copy of tmpl with its one "%s" replaced by s (no format string from data). */
static const char *demo_subst(struct demo *d, const char *tmpl, const char *s)
{
    const char *at = strstr(tmpl, "%s");
    if (!at)
        return tmpl;
    return arena_printf(&d->a, "%.*s%s%s", (int)(at - tmpl), tmpl, s, at + 2);
}

static int demo_fill_audience(struct demo *d, size_t gi)
{
    struct demo_grp *g = &d->groups[gi];
    const char *aud = g->row->audience;
    struct rng *r = &d->rng[S_GROUPS];
    if (!strcmp(aud, "interest")) {
        unsigned pct = 10 + (unsigned)rng_below(r, 21);
        for (size_t p = 0; p < d->n_people; p++)
            if (!d->people[p].quiet && rng_percent(r, pct))
                *demo_mem(d, gi, p) = M_MEMBER;
        return 0;
    }
    enum { A_ALL, A_TEACHERS, A_LEADERS, A_ORG, A_LEVEL } kind;
    size_t org = DEMO_NONE;
    const char *level = NULL;
    if (!strcmp(aud, "all")) {
        kind = A_ALL;
    } else if (!strcmp(aud, "teachers")) {
        kind = A_TEACHERS;
    } else if (!strcmp(aud, "leaders")) {
        kind = A_LEADERS;
    } else if (!strncmp(aud, "dept:", 5) && (org = demo_dept_org(aud + 5)) != DEMO_NONE) {
        kind = A_ORG;
    } else if (!strcmp(aud, "school:each") && g->school != DEMO_NONE) {
        kind = A_ORG;
        org = g->school;
    } else if (!strncmp(aud, "school:", 7)) {
        kind = A_LEVEL;
        level = aud + 7;
    } else {
        return demo_fail(g->name, "unknown group audience");
    }
    for (size_t i = 0; i < d->n_people; i++) {
        const struct demo_person *p = &d->people[i];
        bool in =
            kind == A_ALL || (kind == A_TEACHERS && p->teacher) ||
            (kind == A_LEADERS && p->leader) || (kind == A_ORG && p->org == org) ||
            (kind == A_LEVEL && demo_is_school(p->org) && !strcmp(demo_orgs[p->org].level, level));
        if (in)
            *demo_mem(d, gi, i) = M_MEMBER;
    }
    return 0;
}

/* Who started the group: the head of the school or department it serves, a
 * district leader for district-wide groups, one of the members otherwise. */
static size_t demo_choose_creator(struct demo *d, size_t gi)
{
    const struct demo_grp *g = &d->groups[gi];
    const char *aud = g->row->audience;
    struct rng *r = &d->rng[S_GROUPS];
    size_t *c = d->scratch, n = 0, o = DEMO_NONE, h = DEMO_NONE;
    if (g->school != DEMO_NONE)
        o = g->school;
    else if (!strncmp(aud, "dept:", 5))
        o = demo_dept_org(aud + 5);
    else if (!strcmp(aud, "leaders"))
        o = d->district;
    else if (!strcmp(aud, "teachers"))
        o = demo_dept_org("curriculum");
    if (o != DEMO_NONE)
        h = d->org_head[o];
    if (h != DEMO_NONE)
        return h;
    if (!strncmp(aud, "school:", 7)) {
        for (size_t k = 0; k < d->n_schools; k++) {
            size_t school = d->schools[k], head = d->org_head[school];
            if (head != DEMO_NONE && !strcmp(demo_orgs[school].level, aud + 7))
                c[n++] = head;
        }
    } else if (strcmp(aud, "interest")) {
        for (size_t p = 0; p < d->n_people; p++)
            if (d->people[p].leader && !demo_is_school(d->people[p].org))
                c[n++] = p;
    }
    if (!n)
        for (size_t p = 0; p < d->n_people; p++)
            if (*demo_mem(d, gi, p) == M_MEMBER && !d->people[p].quiet)
                c[n++] = p;
    if (!n)
        for (size_t p = 0; p < d->n_people; p++)
            if (!d->people[p].quiet)
                c[n++] = p;
    return c[rng_below(r, n)];
}

/* Shuffles the first k of c[0..n) into a uniform sample (partial Fisher-Yates). */
static void demo_sample(struct rng *r, size_t *c, size_t n, size_t k)
{
    for (size_t i = 0; i < k && i < n; i++) {
        size_t j = i + rng_below(r, n - i);
        size_t t = c[i];
        c[i] = c[j];
        c[j] = t;
    }
}

static size_t demo_group_named(struct demo *d, const char *name, enum privacy privacy)
{
    for (size_t i = 0; i < d->n_groups; i++)
        if (d->groups[i].privacy == privacy && !strcmp(d->groups[i].name, name))
            return i;
    return DEMO_NONE;
}

/* The demo teacher's home feed should look lived-in: a few interest groups
 * (one closed, which she runs), a secret team she is on, an invitation to
 * another and a join request of her own. */
static void demo_plan_maria(struct demo *d)
{
    struct rng *r = &d->rng[S_GROUPS];
    size_t m = d->maria, *c = d->scratch, n = 0;
    for (size_t i = 0; i < d->n_groups; i++)
        if (!strcmp(d->groups[i].row->audience, "interest"))
            c[n++] = i;
    demo_sample(r, c, n, n);
    size_t count = 0;
    bool closed = false;
    for (size_t k = 0; k < n; k++)
        if (demo_active(d, c[k], m)) {
            count++;
            closed |= d->groups[c[k]].privacy == PRIVACY_CLOSED;
        }
    for (size_t k = 0; k < n && !closed; k++)
        if (d->groups[c[k]].privacy == PRIVACY_CLOSED) {
            *demo_mem(d, c[k], m) = M_MEMBER;
            count++;
            closed = true;
        }
    for (size_t k = 0; k < n && count < DEMO_MARIA_INTEREST; k++)
        if (!demo_active(d, c[k], m)) {
            *demo_mem(d, c[k], m) = M_MEMBER;
            count++;
        }
    d->maria_admin_of = DEMO_NONE;
    for (size_t k = 0; k < n && d->maria_admin_of == DEMO_NONE; k++)
        if (d->groups[c[k]].privacy == PRIVACY_CLOSED && demo_active(d, c[k], m)) {
            *demo_mem(d, c[k], m) = M_ADMIN;
            d->maria_admin_of = c[k];
        }

    size_t on = demo_group_named(d, "Crisis Response Team", PRIVACY_SECRET);
    size_t asked = demo_group_named(d, "Budget Planning Working Group", PRIVACY_SECRET);
    for (size_t i = 0; i < d->n_groups && (on == DEMO_NONE || asked == DEMO_NONE); i++) {
        if (d->groups[i].privacy != PRIVACY_SECRET || demo_active(d, i, m) || i == on || i == asked)
            continue;
        if (on == DEMO_NONE)
            on = i;
        else
            asked = i;
    }
    if (on != DEMO_NONE && !demo_active(d, on, m))
        *demo_mem(d, on, m) = M_MEMBER;
    if (asked != DEMO_NONE && !demo_active(d, asked, m))
        *demo_mem(d, asked, m) = M_INVITED;

    n = 0;
    for (size_t i = 0; i < d->n_groups; i++)
        if (d->groups[i].privacy == PRIVACY_CLOSED && *demo_mem(d, i, m) == M_NONE)
            c[n++] = i;
    if (n)
        *demo_mem(d, c[rng_below(r, n)], m) = M_PENDING;
}

/* A few closed groups, the one the demo teacher runs first, get join
 * requests from people outside them. */
static int demo_plan_pending(struct demo *d)
{
    struct rng *r = &d->rng[S_GROUPS];
    size_t *closed = demo_alloc(d, d->n_groups, sizeof *closed), n = 0;
    if (!closed)
        return demo_fail("groups", "out of memory");
    if (d->maria_admin_of != DEMO_NONE)
        closed[n++] = d->maria_admin_of;
    size_t first = n;
    for (size_t i = 0; i < d->n_groups; i++)
        if (d->groups[i].privacy == PRIVACY_CLOSED && i != d->maria_admin_of)
            closed[n++] = i;
    demo_sample(r, closed + first, n - first, n - first);
    for (size_t k = 0; k < n && k < DEMO_PENDING_GROUPS; k++) {
        size_t gi = closed[k], *c = d->scratch, m = 0;
        for (size_t p = 0; p < d->n_people; p++)
            if (*demo_mem(d, gi, p) == M_NONE && !d->people[p].quiet && p != d->maria)
                c[m++] = p;
        size_t want = 1 + rng_below(r, 3);
        demo_sample(r, c, m, want);
        for (size_t j = 0; j < want && j < m; j++)
            *demo_mem(d, gi, c[j]) = M_PENDING;
    }
    return 0;
}

static int demo_plan_groups(struct demo *d)
{
    struct rng *r = &d->rng[S_GROUPS];
    size_t n = 0;
    for (size_t i = 0; i < demo_groups_count; i++)
        n += !strcmp(demo_groups[i].audience, "school:each") ? d->n_schools : 1;
    d->groups = demo_alloc(d, n, sizeof *d->groups);
    d->mem = demo_alloc(d, n * d->n_people, 1);
    if (!d->groups || !d->mem)
        return demo_fail("groups", "out of memory");
    for (size_t i = 0; i < demo_groups_count; i++) {
        const struct demo_group *row = &demo_groups[i];
        bool each = !strcmp(row->audience, "school:each");
        for (size_t k = 0; k < (each ? d->n_schools : 1); k++) {
            size_t gi = d->n_groups++;
            struct demo_grp *g = &d->groups[gi];
            g->row = row;
            g->school = each ? d->schools[k] : DEMO_NONE;
            g->name = each ? demo_subst(d, row->name, demo_orgs[g->school].name) : row->name;
            g->purpose =
                each ? demo_subst(d, row->purpose, demo_orgs[g->school].name) : row->purpose;
            if (!g->name || !g->purpose)
                return demo_fail("groups", "out of memory");
            if (privacy_parse(row->privacy, &g->privacy))
                return demo_fail(g->name, "unknown group privacy");
            if (demo_fill_audience(d, gi))
                return -1;
            g->creator = demo_choose_creator(d, gi);
            *demo_mem(d, gi, g->creator) = M_ADMIN;
            /* One or two more admins, so the group outlives its founder. */
            size_t *c = d->scratch, m = 0, want = 1 + rng_below(r, 2);
            for (size_t p = 0; p < d->n_people; p++)
                if (*demo_mem(d, gi, p) == M_MEMBER && !d->people[p].quiet)
                    c[m++] = p;
            demo_sample(r, c, m, want);
            for (size_t j = 0; j < want && j < m; j++)
                *demo_mem(d, gi, c[j]) = M_ADMIN;
        }
    }
    demo_plan_maria(d);
    if (demo_plan_pending(d))
        return -1;

    for (size_t gi = 0; gi < d->n_groups; gi++) {
        struct demo_grp *g = &d->groups[gi];
        size_t nv = 0, na = 0;
        for (size_t p = 0; p < d->n_people; p++)
            if (demo_active(d, gi, p) && !d->people[p].quiet) {
                nv++;
                na += *demo_mem(d, gi, p) == M_ADMIN;
            }
        g->voices = demo_alloc(d, nv, sizeof *g->voices);
        g->admins = demo_alloc(d, na, sizeof *g->admins);
        if (!g->voices || !g->admins)
            return demo_fail("groups", "out of memory");
        for (size_t p = 0; p < d->n_people; p++)
            if (demo_active(d, gi, p) && !d->people[p].quiet) {
                g->voices[g->n_voices++] = p;
                if (*demo_mem(d, gi, p) == M_ADMIN)
                    g->admins[g->n_admins++] = p;
            }
    }
    return 0;
}

static int demo_write_groups(struct demo *d)
{
    struct rng *t = &d->rng[S_TIME];
    for (size_t gi = 0; gi < d->n_groups; gi++) {
        struct demo_grp *g = &d->groups[gi];
        struct group row;
        memset(&row, 0, sizeof row);
        row.name = g->name;
        row.purpose = g->purpose;
        row.privacy = g->privacy;
        row.created_by = d->people[g->creator].id;
        DEMO_TRY(store_group_create(d->s, &row), "creating a group");
        g->id = row.id;
        /* Everyone joined before the first post of the demo's two months. */
        int64_t founded =
            d->now - (DEMO_DAYS + 30) * DEMO_DAY_MS + rng_range(t, 0, 10 * DEMO_DAY_MS);
        int64_t by = d->people[g->creator].id;
        DEMO_TRY(store_member_set(d->s, g->id, by, MEMBER_ACTIVE, GROUP_ADMIN, by, founded),
                 "adding a group's founder");
        d->n_members++;
        for (size_t p = 0; p < d->n_people; p++) {
            int64_t uid = d->people[p].id;
            enum store_err e = STORE_OK;
            switch (p == g->creator ? M_NONE : *demo_mem(d, gi, p)) {
            case M_MEMBER:
            case M_ADMIN:
                e = store_member_set(d->s, g->id, uid, MEMBER_ACTIVE,
                                     *demo_mem(d, gi, p) == M_ADMIN ? GROUP_ADMIN : GROUP_MEMBER,
                                     by, founded + rng_range(t, DEMO_HOUR_MS, 14 * DEMO_DAY_MS));
                d->n_members++;
                break;
            case M_PENDING:
                e = store_member_set(d->s, g->id, uid, MEMBER_PENDING, GROUP_MEMBER, uid,
                                     d->now - rng_range(t, 2 * DEMO_HOUR_MS, 6 * DEMO_DAY_MS));
                d->n_pending++;
                break;
            case M_INVITED:
                e = store_member_set(d->s, g->id, uid, MEMBER_INVITED, GROUP_MEMBER, by,
                                     d->now - rng_range(t, DEMO_DAY_MS, 3 * DEMO_DAY_MS));
                d->n_invited++;
                break;
            default:
                break;
            }
            DEMO_TRY(e, "adding a membership");
        }
    }
    return 0;
}

/* ---- texts: placeholders, markdown, mentions ---- */

/* Whom a text's {mention}s name: colleagues in the group other than the
 * author, a different one each time where possible. */
struct demo_fill {
    size_t group, author;
    size_t prefer; /* mention this person first (the comment a reply answers), or DEMO_NONE */
    size_t used[8];
    size_t n_used;
};

static bool demo_fill_used(const struct demo_fill *f, size_t p)
{
    for (size_t i = 0; i < f->n_used; i++)
        if (f->used[i] == p)
            return true;
    return false;
}

static size_t demo_pick_mention(struct demo *d, struct rng *r, struct demo_fill *f)
{
    const struct demo_grp *g = &d->groups[f->group];
    size_t p = DEMO_NONE;
    if (f->prefer != DEMO_NONE && f->prefer != f->author && !demo_fill_used(f, f->prefer))
        p = f->prefer;
    /* The demo teacher is mentioned a little more often than chance, so that
     * her mentions are not empty. */
    if (p == DEMO_NONE && rng_percent(r, 5) && d->maria != f->author &&
        demo_active(d, f->group, d->maria) && !demo_fill_used(f, d->maria))
        p = d->maria;
    for (int tries = 0; p == DEMO_NONE && tries < 16 && g->n_voices; tries++) {
        size_t q = g->voices[rng_below(r, g->n_voices)];
        if (q != f->author && !demo_fill_used(f, q))
            p = q;
    }
    while (p == DEMO_NONE) { /* a tiny group: any colleague will do */
        size_t q = rng_below(r, d->n_people);
        if (q != f->author && !d->people[q].quiet)
            p = q;
    }
    if (f->n_used < sizeof f->used / sizeof f->used[0])
        f->used[f->n_used++] = p;
    return p;
}

/* Expands tmpl's {group} and {mention} into d->text. */
static int demo_expand(struct demo *d, struct rng *r, const char *tmpl, struct demo_fill *f)
{
    buf_reset(&d->text);
    const char *p = tmpl;
    while (*p) {
        const char *b = strchr(p, '{');
        if (!b) {
            buf_puts(&d->text, p);
            break;
        }
        buf_append(&d->text, p, (size_t)(b - p));
        if (!strncmp(b, "{group}", 7)) {
            buf_puts(&d->text, d->groups[f->group].name);
            p = b + 7;
        } else if (!strncmp(b, "{mention}", 9)) {
            buf_puts(&d->text, "@");
            buf_puts(&d->text, d->people[demo_pick_mention(d, r, f)].login);
            p = b + 9;
        } else {
            buf_append(&d->text, b, 1);
            p = b + 1;
        }
    }
    if (d->text.err || !d->text.len)
        return demo_fail("composing a text", "out of memory or an empty template");
    return 0;
}

enum demo_write { W_POST, W_COMMENT, W_EDIT };

/* Renders d->text and writes it as a new post (in group `to`), a comment
 * (on post `to`, under `parent`) or a new version of post `to`, with the
 * mentions it makes. *id is set to the post or comment written. */
static int demo_write_text(struct demo *d, enum demo_write w, int64_t to, int64_t parent,
                           int64_t author, int64_t t, int64_t *id)
{
    struct markdown_result md;
    memset(&md, 0, sizeof md);
    enum markdown_err me = markdown_render(d->text.data, d->text.len, &md);
    if (me)
        return demo_fail("rendering markdown", markdown_err_str(me));
    const char *what = "writing a post";
    enum store_err e;
    if (w == W_POST) {
        e = store_post_create(d->s, to, author, d->text.data, md.html, t, id);
    } else if (w == W_COMMENT) {
        what = "writing a comment";
        e = store_comment_create(d->s, to, parent, author, d->text.data, md.html, t, id);
    } else {
        what = "editing a post";
        *id = to;
        e = store_post_update(d->s, to, author, d->text.data, md.html, t);
    }
    if (!e) {
        e = store_mentions_set(d->s, w == W_COMMENT, *id, md.mentions, md.n_mentions, t);
        what = "recording mentions";
    }
    if (!e && w != W_EDIT)
        d->n_mentions += md.n_mentions;
    markdown_result_free(&md);
    if (e)
        return demo_fail(what, store_err_str(e));
    return 0;
}

/* ---- posts, comments, reactions, history ---- */

static int demo_cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* A moment in the last DEMO_DAYS days, mostly on school days and in school
 * hours, and at least five minutes ago. */
static int64_t demo_post_time(struct demo *d)
{
    struct rng *r = &d->rng[S_TIME];
    int64_t local_now = d->now + DEMO_TZ_MS;
    int64_t today = local_now - local_now % DEMO_DAY_MS;
    for (;;) {
        int64_t midnight = today - (int64_t)rng_below(r, DEMO_DAYS) * DEMO_DAY_MS;
        int weekday = (int)((midnight / DEMO_DAY_MS + 4) % 7); /* 1 Jan 1970 was a Thursday */
        if ((weekday == 0 || weekday == 6) && !rng_percent(r, 15))
            continue;
        double hours = rng_percent(r, 85) ? 6.5 + 11.0 * (rng_unit(r) + rng_unit(r)) / 2
                                          : 17.5 + 4.5 * rng_unit(r);
        int64_t t = midnight + (int64_t)(hours * (double)DEMO_HOUR_MS) +
                    (int64_t)rng_below(r, 60000) - DEMO_TZ_MS;
        if (t < d->now - 5 * DEMO_MIN_MS)
            return t;
    }
}

/* How long after `since` something happens: minutes to a few days, skewed
 * early, and always before now. */
static int64_t demo_later(struct demo *d, int64_t since, int64_t within)
{
    struct rng *r = &d->rng[S_TIME];
    int64_t room = d->now - DEMO_MIN_MS - since;
    if (within > room)
        within = room;
    if (within < 2 * DEMO_MIN_MS)
        return since + within / 2;
    double u = rng_unit(r);
    return since + DEMO_MIN_MS + (int64_t)(u * u * (double)(within - DEMO_MIN_MS));
}

static int demo_write_posts(struct demo *d)
{
    struct rng *r = &d->rng[S_POSTS];
    int64_t *times = demo_alloc(d, DEMO_POSTS, sizeof *times);
    double *cum = demo_alloc(d, d->n_groups, sizeof *cum);
    d->posts = demo_alloc(d, DEMO_POSTS, sizeof *d->posts);
    if (!times || !cum || !d->posts)
        return demo_fail("posts", "out of memory");
    /* Feeds order by id, so ids must grow with time: the times come first. */
    for (size_t i = 0; i < DEMO_POSTS; i++)
        times[i] = demo_post_time(d);
    qsort(times, DEMO_POSTS, sizeof *times, demo_cmp_i64);
    /* Bigger groups are busier, and some groups are chattier than others. */
    double total = 0;
    for (size_t gi = 0; gi < d->n_groups; gi++) {
        size_t nv = d->groups[gi].n_voices;
        double activity = 0.6 + rng_unit(r);
        total += nv ? (2.0 + sqrt((double)nv)) * activity : 0;
        cum[gi] = total;
    }
    for (size_t i = 0; i < DEMO_POSTS; i++) {
        double x = rng_unit(r) * total;
        size_t gi = DEMO_NONE;
        for (size_t k = 0; k < d->n_groups; k++)
            if (d->groups[k].n_voices && (gi == DEMO_NONE || cum[gi] <= x))
                gi = k; /* the first busy group past x, or the last one at worst */
        if (gi == DEMO_NONE)
            return demo_fail("posts", "no group has anyone in it");
        const struct demo_grp *g = &d->groups[gi];
        size_t author = g->n_admins && rng_percent(r, 30) ? g->admins[rng_below(r, g->n_admins)]
                                                          : g->voices[rng_below(r, g->n_voices)];
        struct demo_fill f = {.group = gi, .author = author, .prefer = DEMO_NONE};
        if (demo_expand(d, r, demo_post_bodies[rng_below(r, demo_post_bodies_count)], &f))
            return -1;
        struct demo_post *p = &d->posts[d->n_posts];
        p->t = times[i];
        p->group = gi;
        p->author = author;
        p->body = arena_strndup(&d->a, d->text.data, d->text.len);
        if (!p->body)
            return demo_fail("posts", "out of memory");
        if (demo_write_text(d, W_POST, g->id, 0, d->people[author].id, p->t, &p->id))
            return -1;
        d->n_posts++;
    }
    return 0;
}

/* A voice of group g other than `except`, if a few draws find one. */
static size_t demo_other_voice(struct rng *r, const struct demo_grp *g, size_t except)
{
    size_t p = g->voices[rng_below(r, g->n_voices)];
    for (int tries = 0; p == except && tries < 8; tries++)
        p = g->voices[rng_below(r, g->n_voices)];
    return p;
}

#define DEMO_MAX_COMMENTS 8

static int demo_write_comments(struct demo *d)
{
    static const unsigned weights[DEMO_MAX_COMMENTS + 1] = {22, 17, 15, 13, 10, 8, 6, 5, 4};
    struct rng *r = &d->rng[S_COMMENTS];
    for (size_t i = 0; i < d->n_posts; i++) {
        const struct demo_post *post = &d->posts[i];
        const struct demo_grp *g = &d->groups[post->group];
        size_t k = rng_weighted(r, weights, DEMO_MAX_COMMENTS + 1);
        size_t cap = g->n_voices < 2 ? 0 : 2 * (g->n_voices - 1);
        if (k > cap)
            k = cap;
        int64_t when[DEMO_MAX_COMMENTS];
        for (size_t j = 0; j < k; j++)
            when[j] = demo_later(d, post->t, 3 * DEMO_DAY_MS);
        qsort(when, k, sizeof when[0], demo_cmp_i64); /* ids grow with time within a post */
        int64_t top_id[DEMO_MAX_COMMENTS];
        size_t top_author[DEMO_MAX_COMMENTS], n_top = 0;
        for (size_t j = 0; j < k; j++) {
            bool reply = n_top && rng_percent(r, DEMO_REPLY_PERCENT);
            size_t parent = reply ? rng_below(r, n_top) : 0, author;
            if (reply) {
                size_t pa = top_author[parent];
                author = post->author != pa && rng_percent(r, 40) ? post->author
                                                                  : demo_other_voice(r, g, pa);
            } else {
                author = demo_other_voice(r, g, post->author);
            }
            struct demo_fill f = {.group = post->group,
                                  .author = author,
                                  .prefer = reply ? top_author[parent] : DEMO_NONE};
            const char *tmpl = reply ? demo_reply_bodies[rng_below(r, demo_reply_bodies_count)]
                                     : demo_comment_bodies[rng_below(r, demo_comment_bodies_count)];
            if (demo_expand(d, r, tmpl, &f))
                return -1;
            int64_t id;
            if (demo_write_text(d, W_COMMENT, post->id, reply ? top_id[parent] : 0,
                                d->people[author].id, when[j], &id))
                return -1;
            d->n_comments++;
            if (reply) {
                d->n_replies++;
            } else {
                top_id[n_top] = id;
                top_author[n_top++] = author;
            }
        }
    }
    return 0;
}

static int demo_write_reactions(struct demo *d)
{
    /* like, love, celebrate, support, insightful, curious */
    static const unsigned weights[REACTION_KINDS] = {58, 16, 11, 7, 5, 3};
    struct rng *r = &d->rng[S_REACTIONS];
    for (size_t i = 0; i < d->n_posts; i++) {
        const struct demo_post *post = &d->posts[i];
        const struct demo_grp *g = &d->groups[post->group];
        size_t *c = d->scratch, n = 0;
        for (size_t v = 0; v < g->n_voices; v++)
            if (g->voices[v] != post->author)
                c[n++] = g->voices[v];
        size_t k = (size_t)(-DEMO_REACTION_MEAN * log(1.0 - rng_unit(r)));
        if (k > n)
            k = n;
        demo_sample(r, c, n, k);
        for (size_t j = 0; j < k; j++) {
            int kind = (int)rng_weighted(r, weights, REACTION_KINDS);
            DEMO_TRY(store_reaction_set(d->s, post->id, d->people[c[j]].id, kind,
                                        demo_later(d, post->t, 2 * DEMO_DAY_MS)),
                     "adding a reaction");
            d->n_reactions++;
        }
    }
    return 0;
}

/* Notes an author adds when editing; the edit history shows both versions. */
static const char *const demo_edit_notes[] = {
    "*Edit: fixed a typo.*",
    "*Edit: clarified the wording above.*",
    "*Edit: fixed the formatting.*",
    "*Update: thanks, everyone. Questions are answered in the comments.*",
    "*Update: this still applies next week.*",
};

/* Marks `want` more random posts for editing (or deletion, if del), only
 * posts the demo teacher can read if marias. */
static void demo_mark(struct demo *d, size_t want, bool del, bool marias)
{
    struct rng *r = &d->rng[S_HISTORY];
    for (size_t tries = 0; want && tries < 50 * d->n_posts; tries++) {
        struct demo_post *p = &d->posts[rng_below(r, d->n_posts)];
        if (p->edited || p->deleted || (marias && !demo_active(d, p->group, d->maria)))
            continue;
        if (del)
            p->deleted = true;
        else
            p->edited = true;
        want--;
    }
}

/* Some posts are edited (once or twice) and some deleted, so that edit
 * history and removal are there to look at. */
static int demo_write_history(struct demo *d)
{
    struct rng *r = &d->rng[S_HISTORY];
    if (!d->n_posts)
        return 0;
    demo_mark(d, DEMO_EDITS / 2, false, true);
    demo_mark(d, DEMO_EDITS - DEMO_EDITS / 2, false, false);
    demo_mark(d, DEMO_DELETES, true, false);
    for (size_t i = 0; i < d->n_posts; i++) {
        struct demo_post *p = &d->posts[i];
        if (p->edited) {
            size_t times = rng_percent(r, 33) ? 2 : 1;
            int64_t t = p->t;
            const char *body = p->body;
            const size_t n_notes = sizeof demo_edit_notes / sizeof *demo_edit_notes;
            size_t note = rng_below(r, n_notes);
            for (size_t k = 0; k < times; k++) {
                t = demo_later(d, t, 6 * DEMO_HOUR_MS);
                if (k) /* a second edit says something new */
                    note = (note + 1 + rng_below(r, n_notes - 1)) % n_notes;
                buf_reset(&d->text);
                buf_puts(&d->text, body);
                buf_puts(&d->text, "\n\n");
                buf_puts(&d->text, demo_edit_notes[note]);
                if (d->text.err)
                    return demo_fail("editing a post", "out of memory");
                int64_t id;
                if (demo_write_text(d, W_EDIT, p->id, 0, d->people[p->author].id, t, &id))
                    return -1;
                body = arena_strndup(&d->a, d->text.data, d->text.len);
                if (!body)
                    return demo_fail("editing a post", "out of memory");
                d->n_revisions++;
            }
            p->body = body;
            d->n_edited++;
        } else if (p->deleted) {
            /* Mostly the author; sometimes a group admin tidying up. */
            size_t by = rng_percent(r, 75) ? p->author : d->groups[p->group].creator;
            DEMO_TRY(store_post_delete(d->s, p->id, d->people[by].id,
                                       demo_later(d, p->t, 2 * DEMO_DAY_MS)),
                     "deleting a post");
            d->n_deleted++;
        }
    }
    return 0;
}

/* An important announcement in the district-wide group, marked by the
 * Communications Director the day before: everyone was notified, and about
 * half of the staff have acknowledged it, so that its pin, the "Mark as
 * read" button and the receipts have something to show. */
static int demo_write_announcement(struct demo *d)
{
    size_t author = DEMO_NONE;
    for (size_t i = 0; i < d->n_people && author == DEMO_NONE; i++)
        if (strcmp(d->people[i].title, "Communications Director") == 0)
            author = i;
    if (author == DEMO_NONE || !d->n_groups)
        return 0;
    struct demo_grp *g = &d->groups[0]; /* District Announcements: everyone */
    struct rng *r = &d->rng[S_HISTORY];
    int64_t t = d->now - DEMO_DAY_MS, id;
    buf_reset(&d->text);
    buf_puts(&d->text,
             "**Action needed by Friday:** every employee must complete the annual mandated "
             "reporter training in the Learning Center before the end of the week. It takes "
             "about 45 minutes. Principals and supervisors will receive a completion report on "
             "Monday.\n\nPlease press **Mark as read** once you have seen this.");
    if (d->text.err)
        return demo_fail("writing the announcement", "out of memory");
    if (demo_write_text(d, W_POST, g->id, 0, d->people[author].id, t, &id))
        return -1;
    d->n_posts++;
    DEMO_TRY(store_post_set_important(d->s, id, d->now + 5 * DEMO_DAY_MS, d->people[author].id, t),
             "marking the announcement important");
    struct notify_row row = {.kind = NOTIFY_IMPORTANT,
                             .actor_id = d->people[author].id,
                             .group_id = g->id,
                             .post_id = id,
                             .now = t};
    DEMO_TRY(store_notify_members(d->s, &row, false, 0, NULL), "notifying the district");
    for (size_t i = 0; i < d->n_people; i++) {
        /* The demo's own teacher has not read it yet: her feed shows the pin. */
        if (i == author || !demo_active(d, 0, i) || strcmp(d->people[i].login, DEMO_LOGIN) == 0 ||
            !rng_percent(r, 60))
            continue;
        bool changed;
        bool ack = rng_percent(r, 80);
        DEMO_TRY(store_receipt_mark(d->s, id, d->people[i].id, ack,
                                    t + rng_range(r, 10 * 60 * 1000, 20 * DEMO_HOUR_MS), &changed),
                 "recording a receipt");
    }
    return 0;
}

/* ---- the whole run ---- */

/* ---- the synthetic roster ----
 * Students for the privacy guard, written as one import would write them
 * (with an import log row), spread over the schools with grades by level.
 * Names come from their own tables, never a staff member's full name. */

static const char *demo_grade(struct rng *r, const char *level)
{
    static const char *const elem[] = {"KG", "01", "02", "03", "04", "05"};
    static const char *const mid[] = {"06", "07", "08"};
    static const char *const high[] = {"09", "10", "11", "12"};
    if (!strcmp(level, "middle"))
        return mid[rng_below(r, 3)];
    if (!strcmp(level, "high"))
        return high[rng_below(r, 4)];
    return elem[rng_below(r, 6)];
}

static int demo_add_student(struct demo *d, int64_t import_id, const char *given,
                            const char *family, size_t school, const char *grade,
                            enum media_consent consent)
{
    struct student st = {
        .source_id = arena_printf(&d->a, "demo-student-%05zu", d->n_students + 1),
        .given = given,
        .family = family,
        .number = arena_printf(&d->a, "S26%05zu", d->n_students + 1),
        .school_source_id = arena_printf(&d->a, "demo-org-%lld", (long long)d->org_ids[school]),
        .school_name = demo_orgs[school].name,
        .grade = grade,
        .consent = consent,
    };
    if (!st.source_id || !st.number || !st.school_source_id)
        return demo_fail("students", "out of memory");
    DEMO_TRY(store_student_add(d->s, &st, import_id, d->now), "adding a student");
    d->n_students++;
    if (consent == CONSENT_REFUSED)
        d->n_no_consent++;
    return 0;
}

static int demo_write_students(struct demo *d)
{
    struct rng *r = &d->rng[S_STUDENTS];
    size_t fixed = demo_org_named(DEMO_STUDENT_SCHOOL);
    if (fixed == DEMO_NONE)
        return demo_fail("students", "the demo data has no " DEMO_STUDENT_SCHOOL);
    struct roster_import log = {.started_at = d->now,
                                .source = "staffroom demo",
                                .format = "simple",
                                .mode = "bulk",
                                .files = "",
                                .run_by = "staffroom demo"};
    DEMO_TRY(store_roster_import_add(d->s, &log), "recording the roster import");
    if (demo_add_student(d, log.id, DEMO_STUDENT_GIVEN, DEMO_STUDENT_FAMILY, fixed, "04",
                         CONSENT_GRANTED))
        return -1;
    while (d->n_students < DEMO_STUDENTS) {
        size_t school = d->schools[rng_below(r, d->n_schools)];
        const char *given = demo_student_given[rng_below(r, demo_student_given_count)];
        const char *family = demo_student_family[rng_below(r, demo_student_family_count)];
        const char *grade = demo_grade(r, demo_orgs[school].level);
        enum media_consent c = rng_percent(r, DEMO_NO_CONSENT) ? CONSENT_REFUSED : CONSENT_GRANTED;
        if (demo_add_student(d, log.id, given, family, school, grade, c))
            return -1;
    }
    log.finished_at = d->now;
    log.students = log.added = (int64_t)d->n_students;
    log.schools = (int64_t)d->n_schools;
    DEMO_TRY(store_roster_import_end(d->s, &log), "recording the roster import");
    return 0;
}

static const char *demo_s(size_t n)
{
    return n == 1 ? "" : "s";
}

static int demo_check_empty(struct demo *d)
{
    struct org *orgs;
    size_t n = 0;
    DEMO_TRY(store_org_list(d->s, &d->a, &orgs, &n), "reading the organisations");
    if (n)
        return demo_fail("the database", "it is not empty; the demo needs an empty database");
    return 0;
}

static int demo_run(struct demo *d, unsigned seed, const char *password, FILE *out)
{
    struct timespec start, t0;
    clock_gettime(CLOCK_MONOTONIC, &start);
    fprintf(out, "Building the demo district (seed %u):\n", seed);

    char hash[SECRET_HASH_LEN];
    if (secret_password_hash(password, strlen(password), hash))
        return demo_fail("hashing the password", "failed");
    d->hash = hash;

    t0 = start;
    if (demo_begin(d) || demo_check_empty(d) || demo_write_orgs(d) || demo_plan_people(d) ||
        demo_write_people(d) || demo_commit(d))
        return -1;
    fprintf(out, "  organisations and staff: %zu organisations, %zu people (%.2f s)\n",
            demo_orgs_count, d->n_people, demo_seconds(&t0));

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (demo_begin(d) || demo_write_students(d) || demo_commit(d))
        return -1;
    fprintf(out,
            "  student roster (synthetic, for the privacy guard): %zu students at %zu schools, "
            "%zu without media consent; \"%s %s\" (%s) is one (%.2f s)\n",
            d->n_students, d->n_schools, d->n_no_consent, DEMO_STUDENT_GIVEN, DEMO_STUDENT_FAMILY,
            DEMO_STUDENT_SCHOOL, demo_seconds(&t0));

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (demo_plan_groups(d) || demo_begin(d) || demo_write_groups(d) || demo_commit(d))
        return -1;
    fprintf(out,
            "  groups: %zu groups, %zu memberships, %zu pending join request%s, %zu pending "
            "invitation%s (%.2f s)\n",
            d->n_groups, d->n_members, d->n_pending, demo_s(d->n_pending), d->n_invited,
            demo_s(d->n_invited), demo_seconds(&t0));

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (demo_begin(d) || demo_write_posts(d) || demo_commit(d))
        return -1;
    fprintf(out, "  posts: %zu posts over the last %d days (%.2f s)\n", d->n_posts, DEMO_DAYS,
            demo_seconds(&t0));

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (demo_begin(d) || demo_write_comments(d) || demo_commit(d))
        return -1;
    fprintf(out, "  comments: %zu comments, %zu of them replies (%.2f s)\n", d->n_comments,
            d->n_replies, demo_seconds(&t0));

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (demo_begin(d) || demo_write_reactions(d) || demo_commit(d))
        return -1;
    fprintf(out, "  reactions: %zu reactions (%.2f s)\n", d->n_reactions, demo_seconds(&t0));

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (demo_begin(d) || demo_write_history(d) || demo_write_announcement(d) || demo_commit(d))
        return -1;
    fprintf(out, "  history: %zu posts edited (%zu new versions), %zu posts deleted (%.2f s)\n",
            d->n_edited, d->n_revisions, d->n_deleted, demo_seconds(&t0));

    fprintf(out,
            "Done in %.1f s: %zu people, %zu groups, %zu posts, %zu comments, %zu reactions, "
            "%zu mentions.\n",
            demo_seconds(&start), d->n_people, d->n_groups, d->n_posts, d->n_comments,
            d->n_reactions, d->n_mentions);
    fprintf(out, "Sign in as %s (a teacher) or %s (system admin) with password %s\n", DEMO_LOGIN,
            DEMO_ADMIN_LOGIN, password);
    return 0;
}

int demo_generate(struct store *s, unsigned seed, const char *password, FILE *out)
{
    struct demo *d = calloc(1, sizeof *d);
    if (!d)
        return demo_fail("starting", "out of memory");
    d->s = s;
    arena_init(&d->a, 0);
    buf_init(&d->text, DEMO_TEXT_MAX);
    for (unsigned k = 0; k < S__MAX; k++)
        d->rng[k] = rng_stream(seed, k);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    d->now = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;

    int rc = demo_run(d, seed, password, out);
    if (d->in_tx)
        store_rollback(s);
    fflush(out);
    buf_free(&d->text);
    arena_free(&d->a);
    free(d);
    return rc;
}
