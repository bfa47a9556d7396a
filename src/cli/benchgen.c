/* The benchmark district generator (see benchgen.h). It plans the whole
 * district in memory (organisations, people, who belongs where), then writes
 * it in one transaction with the journal off, through prepared statements,
 * with the store's triggers and secondary indexes dropped while it writes:
 * counters are computed here, and each index is rebuilt once, sorted, at the
 * end. The text of each post and comment is a demo template rendered once
 * by core/markdown with placeholders, then filled in both its markdown and
 * its HTML, so a million posts cost no million renders; the unit test
 * renders them all again and compares. */
#include "cli/benchgen.h"

#include <math.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/demo_data.h"
#include "core/markdown.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/grow.h"
#include "util/rng.h"
#include "util/secret.h"

#define SEC_MS 1000LL
#define DAY_MS (86400 * SEC_MS)
/* The two school years the posts are spread over: 2024-08-01 to 2026-06-30. */
#define T_START (1722470400 * SEC_MS)
#define T_END   (1782777600 * SEC_MS)
#define T_HIRED (1719792000 * SEC_MS) /* when the accounts were made */

#define STAFF_PER_SCALE    50000
#define ORGS_PER_SCALE     400
#define GROUPS_PER_SCALE   2000
#define POSTS_PER_SCALE    1000000
#define STUDENTS_PER_SCALE 350000
#define COMMENT_MEAN       5.5  /* floor of an exponential: about 5 a post */
#define REACTION_MEAN      11.0 /* likewise about 10, before small groups cap it */
#define COMMENT_MAX        80
#define REPLY_PERCENT      28
#define MEMBERSHIPS_MIN    5
#define MEMBERSHIPS_MAX    40
#define MENTIONS_MAX       10 /* placeholders {mention} one template may hold */

enum stream { S_ORGS, S_PEOPLE, S_GROUPS, S_POSTS, S_STUDENTS, S__MAX };

/* What a group is, which decides who is in it and how much it is used. */
enum gkind {
    GK_ALL,
    GK_TEACHERS,
    GK_LEADERS,
    GK_DEPT,
    GK_LEVEL,
    GK_SCHOOL,
    GK_TEAM,
    GK_INTEREST,
    GK_CHAPTER
};

struct bg_org {
    char *name;
    enum org_kind kind;
    int level;                    /* schools: 0 elementary, 1 middle, 2 high; else -1 */
    size_t first_group, n_groups; /* its team and chapter groups */
};

struct person {
    uint32_t org;
    uint16_t title;
    bool teacher, leader, comms, no_email;
};

struct bg_group {
    char *name, *purpose, *name_html;
    enum privacy privacy;
    enum gkind kind;
    size_t org;        /* GK_DEPT, GK_SCHOOL, GK_TEAM, GK_CHAPTER */
    int level;         /* GK_LEVEL */
    uint32_t first, n; /* its members: gen.pairs[first .. first + n) */
};

/* A template rendered once, with the placeholders replaced by sentinels that
 * survive markdown: "zqgroupzq" for {group}, "@zqm<d>zq" for the d-th
 * {mention}. */
struct tmpl {
    const char *md;
    char *html;
    size_t n_mentions;
};

struct bg_comment {
    int64_t id, parent, at;
    uint32_t author, replies;
    bool deleted;
    size_t text;
};

struct gen {
    const struct benchgen_opts *o;
    struct benchgen_counts *c;
    sqlite3 *db;
    struct rng r[S__MAX];
    struct bg_org *orgs;
    size_t n_orgs, n_schools, first_school;
    struct person *people;
    size_t n_people;
    char (*logins)[32];
    struct bg_group *groups;
    size_t n_groups, cap_groups;
    uint64_t *pairs; /* group << 32 | person, sorted: the memberships */
    size_t n_pairs, cap_pairs;
    double *weights; /* cumulative post weights of the groups */
    struct tmpl *posts_t, *comments_t, *replies_t;
    struct buf md, html;
    sqlite3_stmt *st[16];
    struct timespec started;
};

enum {
    Q_ORG,
    Q_USER,
    Q_GROUP,
    Q_MEMBER,
    Q_NSET,
    Q_POST,
    Q_COMMENT,
    Q_REACTION,
    Q_RCOUNT,
    Q_MENTION,
    Q_FOLLOW,
    Q_STUDENT,
    Q__MAX
};

static const char *const queries[Q__MAX] = {
    [Q_ORG] = "INSERT INTO orgs(id, parent_id, kind, name, created_at) VALUES (?,?,?,?,?)",
    [Q_USER] = "INSERT INTO users(id, login, name, title, org_id, role, status, password_hash,"
               " created_at, updated_at, email, comms, monitor) VALUES (?,?,?,?,?,?,0,?,?,?,?,?,?)",
    [Q_GROUP] = "INSERT INTO groups(id, name, purpose, privacy, created_by, created_at, updated_at,"
                " member_count) VALUES (?,?,?,?,?,?,?,?)",
    [Q_MEMBER] = "INSERT INTO memberships(group_id, user_id, state, role, added_by, created_at)"
                 " VALUES (?,?,1,?,?,?)",
    [Q_NSET] =
        "INSERT INTO notification_settings(user_id, group_id, level, muted) VALUES (?,?,0,0)",
    [Q_POST] = "INSERT INTO posts(id, group_id, author_id, body, body_html, created_at, deleted_at,"
               " deleted_by, comment_count, reaction_count) VALUES (?,?,?,?,?,?,?,?,?,?)",
    [Q_COMMENT] = "INSERT INTO comments(id, post_id, parent_id, author_id, body, body_html,"
                  " created_at, deleted_at, deleted_by, reply_count) VALUES (?,?,?,?,?,?,?,?,?,?)",
    [Q_REACTION] = "INSERT INTO reactions(post_id, user_id, kind, created_at) VALUES (?,?,?,?)",
    [Q_RCOUNT] = "INSERT INTO reaction_counts(post_id, kind, n) VALUES (?,?,?)",
    [Q_MENTION] = "INSERT INTO mentions(source_kind, source_id, user_id, created_at)"
                  " VALUES (?,?,?,?)",
    [Q_FOLLOW] = "INSERT INTO post_follows(post_id, user_id, following, created_at)"
                 " VALUES (?,?,1,?)",
    [Q_STUDENT] = "INSERT INTO students(id, source_id, given, family, number, school_source_id,"
                  " school_name, grade, consent, created_at, updated_at, seen_by)"
                  " VALUES (?,?,?,?,?,?,?,?,?,?,?,1)",
};

/* The tables written here: their triggers and secondary indexes are dropped
 * while they fill, and made again from their saved SQL at the end. */
static const char bulk_tables[] =
    "('users','orgs','groups','memberships','notification_settings','posts','comments',"
    "'reactions','reaction_counts','mentions','post_follows','students')";

/* Team groups of each school, by level, and the committees ("chapters")
 * that make up the remaining groups. */
static const char *const elementary_teams[] = {"Primary Grades Team (K-2)",
                                               "Upper Grades Team (3-5)", "Grade-Level Leads"};
static const char *const secondary_teams[] = {
    "Math & Science Department", "English & Social Studies Department", "Electives & Athletics"};
static const char *const chapters[] = {"Social Committee", "Wellness Committee", "Safety Committee",
                                       "PBIS Team", "Family Engagement Team"};
static const char *const regions[] = {"North", "South", "East", "West", "Central"};
static const char *const levels[] = {"Elementary School", "Middle School", "High School"};
static const unsigned reaction_weights[REACTION_KINDS] = {60, 15, 10, 8, 4, 3};

#define GROW(p, need, cap) (!grow_array((void **)&(p), &(cap), (need), sizeof *(p)))

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int fail(struct gen *g, const char *what)
{
    fprintf(stderr, "staffroom: bench gen: %s: %s\n", what,
            g->db ? sqlite3_errmsg(g->db) : "out of memory");
    return -1;
}

static void progress(struct gen *g, const char *what)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (g->o->progress)
        fprintf(g->o->progress, "  %6.1f s  %s\n",
                (double)(now.tv_sec - g->started.tv_sec) +
                    (double)(now.tv_nsec - g->started.tv_nsec) / 1e9,
                what);
}

static size_t scaled(double scale, double per_scale, size_t min)
{
    double v = round(scale * per_scale);
    return v < (double)min ? min : (size_t)v;
}

/* Binds ?1.. from a format: i int64, z int64 with 0 for NULL (an optional
 * id or time), t text (NULL for a NULL pointer). */
static int step(struct gen *g, int q, const char *fmt, ...)
{
    sqlite3_stmt *st = g->st[q];
    va_list ap;
    va_start(ap, fmt);
    for (int i = 1; *fmt; fmt++, i++) {
        if (*fmt == 'i') {
            sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
        } else if (*fmt == 'z') {
            int64_t v = va_arg(ap, int64_t);
            if (v)
                sqlite3_bind_int64(st, i, v);
            else
                sqlite3_bind_null(st, i);
        } else if (*fmt == 't') {
            const char *s = va_arg(ap, const char *);
            if (s)
                sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(st, i);
        }
    }
    va_end(ap);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

/* ---- text ---- */

static void html_escape(struct buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&':
            buf_puts(b, "&amp;");
            break;
        case '<':
            buf_puts(b, "&lt;");
            break;
        case '>':
            buf_puts(b, "&gt;");
            break;
        case '"':
            buf_puts(b, "&quot;");
            break;
        default:
            buf_append(b, s, 1);
        }
    }
}

static int tmpl_prepare(const char *const *src, size_t n, struct tmpl **out)
{
    struct tmpl *t = calloc(n, sizeof *t);
    if (!t)
        return -1;
    struct buf b;
    buf_init(&b, 1 << 20);
    for (size_t i = 0; i < n; i++) {
        t[i].md = src[i];
        buf_reset(&b);
        size_t m = 0;
        for (const char *p = src[i]; *p;) {
            if (!strncmp(p, "{group}", 7)) {
                buf_puts(&b, "zqgroupzq");
                p += 7;
            } else if (!strncmp(p, "{mention}", 9) && m < MENTIONS_MAX) {
                buf_printf(&b, "@zqm%zuzq", m++);
                p += 9;
            } else {
                buf_append(&b, p++, 1);
            }
        }
        struct markdown_result r = {0};
        if (markdown_render(b.data ? b.data : "", b.len, &r) != MARKDOWN_OK) {
            buf_free(&b);
            free(t);
            return -1;
        }
        t[i].html = r.html;
        r.html = NULL;
        markdown_result_free(&r);
        t[i].n_mentions = m;
    }
    buf_free(&b);
    *out = t;
    return 0;
}

static void tmpl_free(struct tmpl *t, size_t n)
{
    for (size_t i = 0; t && i < n; i++)
        free(t[i].html);
    free(t);
}

/* Fills template t for group gi into g->md and g->html; who[] gets the
 * people its mentions name (colleagues in the group other than the author
 * where there are any), *n_who how many. */
static void fill(struct gen *g, const struct tmpl *t, size_t gi, uint32_t author, uint32_t *who,
                 size_t *n_who)
{
    const struct bg_group *gr = &g->groups[gi];
    struct rng *r = &g->r[S_POSTS];
    for (size_t m = 0; m < t->n_mentions; m++) {
        uint32_t p = author;
        for (int tries = 0; tries < 4 && p == author && gr->n > 1; tries++)
            p = (uint32_t)g->pairs[gr->first + rng_below(r, gr->n)];
        who[m] = p;
    }
    *n_who = t->n_mentions;
    buf_reset(&g->md);
    size_t m = 0;
    for (const char *p = t->md; *p;) {
        if (!strncmp(p, "{group}", 7)) {
            buf_puts(&g->md, gr->name);
            p += 7;
        } else if (!strncmp(p, "{mention}", 9) && m < t->n_mentions) {
            buf_printf(&g->md, "@%s", g->logins[who[m++]]);
            p += 9;
        } else {
            const char *q = strchr(p, '{');
            size_t len = q ? (size_t)(q - p) : strlen(p);
            buf_append(&g->md, p, len ? len : 1);
            p += len ? len : 1;
        }
    }
    buf_reset(&g->html);
    for (const char *p = t->html; *p;) {
        if (!strncmp(p, "zqgroupzq", 9)) {
            buf_puts(&g->html, gr->name_html);
            p += 9;
        } else if (!strncmp(p, "zqm", 3) && p[3] >= '0' && p[3] <= '9' &&
                   !strncmp(p + 4, "zq", 2)) {
            buf_puts(&g->html, g->logins[who[p[3] - '0']]);
            p += 6;
        } else {
            const char *q = strchr(p + 1, 'z');
            size_t len = q ? (size_t)(q - p) : strlen(p);
            buf_append(&g->html, p, len);
            p += len;
        }
    }
    buf_append(&g->md, "", 1);
    buf_append(&g->html, "", 1);
}

/* ---- the plan: organisations, people, groups ---- */

static bool is_leader_title(const char *t)
{
    for (size_t i = 0; i < demo_leader_titles_count; i++)
        if (!strcmp(demo_leader_titles[i], t))
            return true;
    return false;
}

static const char *dept_org(const char *where)
{
    for (size_t i = 0; i < demo_depts_count; i++)
        if (!strcmp(demo_depts[i].where, where))
            return demo_depts[i].org;
    return NULL;
}

/* Whether title t may be held at org o. */
static bool title_fits(const struct gen *g, size_t t, size_t o)
{
    const char *w = demo_titles[t].where;
    const struct bg_org *org = &g->orgs[o];
    if (org->kind == ORG_SCHOOL) {
        if (!strcmp(w, "school"))
            return strcmp(demo_titles[t].title, "Principal") != 0; /* one each, given first */
        return (org->level == 0 && !strcmp(w, "elementary")) ||
               (org->level == 1 && !strcmp(w, "middle")) || (org->level == 2 && !strcmp(w, "high"));
    }
    const char *name = dept_org(w);
    return name && !strcmp(name, org->name);
}

static int plan_orgs(struct gen *g)
{
    size_t n_depts = 0;
    for (size_t i = 0; i < demo_orgs_count; i++)
        n_depts += !strcmp(demo_orgs[i].kind, "department");
    size_t want = scaled(g->o->scale, ORGS_PER_SCALE, 0);
    g->n_schools = want > 1 + n_depts + 3 ? want - 1 - n_depts : 3;
    g->n_orgs = 1 + n_depts + g->n_schools;
    g->orgs = calloc(g->n_orgs, sizeof *g->orgs);
    if (!g->orgs)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < demo_orgs_count; i++) {
        if (!strcmp(demo_orgs[i].kind, "school"))
            continue;
        bool district = !strcmp(demo_orgs[i].kind, "district");
        g->orgs[k] = (struct bg_org){.name = strdup(demo_orgs[i].name),
                                     .kind = district ? ORG_DISTRICT : ORG_DEPARTMENT,
                                     .level = -1};
        if (!g->orgs[k++].name)
            return -1;
    }
    g->first_school = k;
    /* Schools are named after people: "Okafor Elementary School", then
     * "Grace Okafor Elementary School" once the family names run out; each
     * school's index gives a different name, so names never repeat. */
    for (size_t s = 0; s < g->n_schools; s++, k++) {
        int level = (int)(s % 5 < 3 ? 0 : s % 5 - 2); /* 3 elementary : 1 middle : 1 high */
        size_t last = s % demo_last_names_count, first = s / demo_last_names_count;
        char *name = first == 0 ? dup_printf("%s %s", demo_last_names[last], levels[level])
                                : dup_printf("%s %s %s",
                                             demo_first_names[(first - 1) % demo_first_names_count],
                                             demo_last_names[last], levels[level]);
        if (!name)
            return -1;
        g->orgs[k] = (struct bg_org){.name = name, .kind = ORG_SCHOOL, .level = level};
    }
    return 0;
}

static int plan_people(struct gen *g)
{
    struct rng *r = &g->r[S_PEOPLE];
    g->n_people = scaled(g->o->scale, STAFF_PER_SCALE, 20);
    g->people = calloc(g->n_people, sizeof *g->people);
    g->logins = calloc(g->n_people, sizeof *g->logins);
    if (!g->people || !g->logins)
        return -1;
    /* The titles each organisation may hold, with their weights. */
    unsigned *w = calloc(g->n_orgs * demo_titles_count, sizeof *w);
    if (!w)
        return -1;
    size_t principal = 0;
    for (size_t o = 0; o < g->n_orgs; o++)
        for (size_t t = 0; t < demo_titles_count; t++)
            w[o * demo_titles_count + t] = title_fits(g, t, o) ? demo_titles[t].weight : 0;
    for (size_t t = 0; t < demo_titles_count; t++)
        if (!strcmp(demo_titles[t].title, "Principal"))
            principal = t;
    /* Schools employ about 85% of staff, as in a real district. */
    for (size_t i = 0; i < g->n_people; i++) {
        struct person *p = &g->people[i];
        snprintf(g->logins[i], sizeof g->logins[i], "staff%05zu", i + 1);
        if (i > 0 && i <= g->n_schools) { /* one principal per school */
            p->org = (uint32_t)(g->first_school + i - 1);
            p->title = (uint16_t)principal;
        } else {
            if (i == 0)
                p->org = 0; /* staff00001, the system admin, at the district office */
            else if (rng_percent(r, 85))
                p->org = (uint32_t)(g->first_school + rng_below(r, g->n_schools));
            else
                p->org = (uint32_t)rng_below(r, g->first_school);
            p->title = (uint16_t)rng_weighted(r, w + p->org * demo_titles_count, demo_titles_count);
        }
        const char *title = demo_titles[p->title].title;
        const char *org = g->orgs[p->org].name;
        p->teacher = strstr(title, "Teacher") != NULL;
        p->leader = is_leader_title(title);
        p->comms = !strcmp(org, "Communications");
        /* Most bus drivers and food-service staff have no e-mail address. */
        p->no_email =
            (!strcmp(org, "Transportation") || !strcmp(org, "Food & Nutrition Services")) &&
            !p->leader && rng_percent(r, 70);
    }
    free(w);
    return 0;
}

static int add_pair(struct gen *g, size_t gi, size_t person)
{
    if (GROW(g->pairs, g->n_pairs + 1, g->cap_pairs))
        return -1;
    g->pairs[g->n_pairs++] = (uint64_t)gi << 32 | person;
    return 0;
}

static struct bg_group *add_group(struct gen *g, char *name, const char *purpose,
                                  enum privacy privacy, enum gkind kind)
{
    if (!name || GROW(g->groups, g->n_groups + 1, g->cap_groups))
        return NULL;
    struct bg_group *gr = &g->groups[g->n_groups++];
    *gr = (struct bg_group){
        .name = name, .purpose = strdup(purpose), .privacy = privacy, .kind = kind, .level = -1};
    struct buf b;
    buf_init(&b, 4096);
    html_escape(&b, name);
    buf_append(&b, "", 1);
    gr->name_html = buf_detach(&b, NULL);
    return gr->purpose && gr->name_html ? gr : NULL;
}

static bool in_group(const struct gen *g, const struct bg_group *gr, size_t i)
{
    const struct person *p = &g->people[i];
    switch (gr->kind) {
    case GK_ALL:
        return true;
    case GK_TEACHERS:
        return p->teacher;
    case GK_LEADERS:
        return p->leader;
    case GK_DEPT:
    case GK_SCHOOL:
        return p->org == gr->org;
    case GK_LEVEL:
        return g->orgs[p->org].level == gr->level;
    default:
        return false;
    }
}

static int plan_groups(struct gen *g)
{
    struct rng *r = &g->r[S_GROUPS];
    enum privacy privacy;
    /* The demo's district-wide, department and level groups, and one staff
     * group per school. */
    for (size_t i = 0; i < demo_groups_count; i++) {
        const struct demo_group *row = &demo_groups[i];
        const char *a = row->audience;
        if (privacy_parse(row->privacy, &privacy))
            privacy = PRIVACY_CLOSED;
        if (!strcmp(a, "school:each")) {
            for (size_t s = 0; s < g->n_schools; s++) {
                size_t o = g->first_school + s;
                /* The template holds exactly one %s (demo_data.h). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
                struct bg_group *gr =
                    add_group(g, dup_printf(row->name, g->orgs[o].name), "", privacy, GK_SCHOOL);
                if (!gr ||
                    !(gr->purpose = (free(gr->purpose), dup_printf(row->purpose, g->orgs[o].name))))
                    return -1;
#pragma GCC diagnostic pop
                gr->org = o;
            }
            continue;
        }
        enum gkind kind = GK_INTEREST;
        size_t org = 0;
        int level = -1;
        if (!strcmp(a, "all"))
            kind = GK_ALL;
        else if (!strcmp(a, "teachers"))
            kind = GK_TEACHERS;
        else if (!strcmp(a, "leaders"))
            kind = GK_LEADERS;
        else if (!strncmp(a, "school:", 7)) {
            kind = GK_LEVEL;
            level = !strcmp(a + 7, "elementary") ? 0 : !strcmp(a + 7, "middle") ? 1 : 2;
        } else if (!strncmp(a, "dept:", 5)) {
            kind = GK_DEPT;
            const char *name = dept_org(a + 5);
            for (size_t o = 0; name && o < g->first_school; o++)
                if (!strcmp(g->orgs[o].name, name))
                    org = o;
        }
        struct bg_group *gr = add_group(g, strdup(row->name), row->purpose, privacy, kind);
        if (!gr)
            return -1;
        gr->org = org;
        gr->level = level;
        /* A district of 400 schools has its interest groups in each region
         * too, so that none of them holds a third of the district. */
        for (size_t k = 0; kind == GK_INTEREST && k < sizeof regions / sizeof *regions; k++)
            if (!add_group(g, dup_printf("%s (%s Region)", row->name, regions[k]), row->purpose,
                           privacy, kind))
                return -1;
    }
    /* Three teams in every school, then committees until the district has
     * its number of groups. */
    for (size_t s = 0; s < g->n_schools; s++) {
        struct bg_org *o = &g->orgs[g->first_school + s];
        const char *const *teams = o->level == 0 ? elementary_teams : secondary_teams;
        o->first_group = g->n_groups;
        for (size_t t = 0; t < 3; t++) {
            struct bg_group *gr = add_group(g, dup_printf("%s: %s", o->name, teams[t]),
                                            "Planning, materials and schedules for the team.",
                                            PRIVACY_CLOSED, GK_TEAM);
            if (!gr)
                return -1;
            gr->org = g->first_school + s;
        }
        o->n_groups = 3;
    }
    size_t want = scaled(g->o->scale, GROUPS_PER_SCALE, 0);
    size_t n_chapters = want > g->n_groups ? want - g->n_groups : 0;
    if (n_chapters > g->n_schools * 5)
        n_chapters = g->n_schools * 5;
    for (size_t c = 0; c < n_chapters; c++) {
        size_t s = c % g->n_schools;
        struct bg_group *gr = add_group(
            g, dup_printf("%s: %s", g->orgs[g->first_school + s].name, chapters[c / g->n_schools]),
            "Staff of the school who volunteer for it; everyone is welcome.", PRIVACY_OPEN,
            GK_CHAPTER);
        if (!gr)
            return -1;
        gr->org = g->first_school + s;
        g->orgs[gr->org].n_groups++;
    }
    /* Members: by rule for most groups; each person's team; then interest
     * groups and committees until they are in 5 to 40 groups, fewer more
     * often. */
    size_t n_interest = 0, *interest = calloc(g->n_groups, sizeof *interest);
    if (!interest)
        return -1;
    for (size_t gi = 0; gi < g->n_groups; gi++)
        if (g->groups[gi].kind == GK_INTEREST)
            interest[n_interest++] = gi;
    size_t picked[MEMBERSHIPS_MAX];
    for (size_t i = 0; i < g->n_people; i++) {
        size_t n = 0;
        const struct person *p = &g->people[i];
        const struct bg_org *o = &g->orgs[p->org];
        for (size_t gi = 0; gi < g->n_groups && n < MEMBERSHIPS_MAX; gi++)
            if (in_group(g, &g->groups[gi], i))
                picked[n++] = gi;
        if (o->kind == ORG_SCHOOL && (p->teacher || p->leader)) {
            size_t team = rng_below(r, 3);
            for (size_t t = 0; t < 3 && n < MEMBERSHIPS_MAX; t++)
                if (p->leader || t == team)
                    picked[n++] = o->first_group + t;
        }
        double u = rng_unit(r);
        size_t target = MEMBERSHIPS_MIN + (size_t)(u * u * (MEMBERSHIPS_MAX - MEMBERSHIPS_MIN + 1));
        for (int tries = 0; n < target && tries < 200; tries++) {
            size_t gi;
            if (o->kind == ORG_SCHOOL && o->n_groups > 3 && rng_percent(r, 50))
                gi = o->first_group + 3 + rng_below(r, o->n_groups - 3);
            else if (n_interest)
                gi = interest[rng_below(r, n_interest)];
            else
                break;
            bool dup = false;
            for (size_t k = 0; k < n && !dup; k++)
                dup = picked[k] == gi;
            if (!dup)
                picked[n++] = gi;
        }
        for (size_t k = 0; k < n; k++)
            if (add_pair(g, picked[k], i)) {
                free(interest);
                return -1;
            }
    }
    free(interest);
    qsort(g->pairs, g->n_pairs, sizeof *g->pairs, cmp_u64);
    for (size_t k = 0; k < g->n_pairs; k++) {
        struct bg_group *gr = &g->groups[g->pairs[k] >> 32];
        if (gr->n++ == 0)
            gr->first = (uint32_t)k;
    }
    return 0;
}

/* ---- writing ---- */

static int write_orgs(struct gen *g)
{
    for (size_t o = 0; o < g->n_orgs; o++)
        if (step(g, Q_ORG, "iziti", (int64_t)o + 1, (int64_t)(o ? 1 : 0), (int64_t)g->orgs[o].kind,
                 g->orgs[o].name, T_HIRED))
            return fail(g, "writing organisations");
    g->c->orgs = g->n_orgs;
    g->c->schools = g->n_schools;
    return 0;
}

static int write_users(struct gen *g)
{
    char hash[SECRET_HASH_LEN];
    if (secret_password_hash(g->o->password, strlen(g->o->password), hash)) {
        fprintf(stderr, "staffroom: bench gen: hashing the password failed\n");
        return -1;
    }
    struct rng *r = &g->r[S_PEOPLE];
    char name[128], email[64];
    for (size_t i = 0; i < g->n_people; i++) {
        const struct person *p = &g->people[i];
        snprintf(name, sizeof name, "%s %s", demo_first_names[rng_below(r, demo_first_names_count)],
                 demo_last_names[rng_below(r, demo_last_names_count)]);
        snprintf(email, sizeof email, "%s@district.example", g->logins[i]);
        if (step(g, Q_USER, "itttiitiitii", (int64_t)i + 1, g->logins[i], name,
                 demo_titles[p->title].title, (int64_t)p->org + 1, (int64_t)(i == 0), hash, T_HIRED,
                 T_HIRED, p->no_email ? NULL : email, (int64_t)p->comms,
                 (int64_t)(i == 0 || p->comms)))
            return fail(g, "writing people");
    }
    g->c->users = g->n_people;
    return 0;
}

/* Who asks to hear of every post, by kind of group (percent of members). */
static unsigned notify_all_percent(enum gkind k)
{
    switch (k) {
    case GK_SCHOOL:
    case GK_TEAM:
    case GK_CHAPTER:
        return 10;
    case GK_DEPT:
    case GK_INTEREST:
        return 3;
    default:
        return 0; /* district-wide groups: 1 in 200, below */
    }
}

static int write_groups(struct gen *g)
{
    struct rng *r = &g->r[S_GROUPS];
    uint64_t *nset = NULL;
    size_t n_nset = 0, cap_nset = 0;
    for (size_t gi = 0; gi < g->n_groups; gi++) {
        const struct bg_group *gr = &g->groups[gi];
        /* The founder is the group's first member, its admin; the district
         * office's system admin founded the district-wide groups. */
        uint32_t founder = gr->kind == GK_ALL || !gr->n ? 0 : (uint32_t)g->pairs[gr->first];
        if (step(g, Q_GROUP, "ittiiiii", (int64_t)gi + 1, gr->name, gr->purpose,
                 (int64_t)gr->privacy, (int64_t)founder + 1, T_HIRED, T_HIRED, (int64_t)gr->n))
            return fail(g, "writing groups");
        unsigned pct = notify_all_percent(gr->kind);
        for (uint32_t k = 0; k < gr->n; k++) {
            uint32_t p = (uint32_t)g->pairs[gr->first + k];
            if (step(g, Q_MEMBER, "iiiii", (int64_t)gi + 1, (int64_t)p + 1, (int64_t)(p == founder),
                     (int64_t)founder + 1, T_HIRED))
                return fail(g, "writing memberships");
            bool all = pct ? rng_percent(r, pct) : rng_below(r, 200) == 0;
            if (all) {
                if (GROW(nset, n_nset + 1, cap_nset)) {
                    free(nset);
                    return -1;
                }
                nset[n_nset++] = (uint64_t)p << 32 | gi;
            }
        }
    }
    qsort(nset, n_nset, sizeof *nset, cmp_u64);
    for (size_t k = 0; k < n_nset; k++)
        if (step(g, Q_NSET, "ii", (int64_t)(nset[k] >> 32) + 1, (int64_t)(uint32_t)nset[k] + 1)) {
            free(nset);
            return fail(g, "writing notification settings");
        }
    free(nset);
    g->c->groups = g->n_groups;
    g->c->memberships = g->n_pairs;
    g->c->notify_all = n_nset;
    return 0;
}

/* Mention rows for one post or comment: the distinct people, in id order. */
static int write_mentions(struct gen *g, int64_t kind, int64_t id, uint32_t *who, size_t n,
                          int64_t at)
{
    qsort(who, n, sizeof *who, cmp_u32);
    for (size_t k = 0; k < n; k++) {
        if (k && who[k] == who[k - 1])
            continue;
        if (step(g, Q_MENTION, "iiii", kind, id, (int64_t)who[k] + 1, at))
            return fail(g, "writing mentions");
        g->c->mentions++;
    }
    return 0;
}

static int64_t exp_ms(struct rng *r, double mean_ms)
{
    return (int64_t)(-log(1.0 - rng_unit(r)) * mean_ms);
}

/* Draws k distinct members of group gr into pick (sorted). */
static void pick_members(struct gen *g, const struct bg_group *gr, uint32_t *pick, size_t k)
{
    struct rng *r = &g->r[S_POSTS];
    size_t have = 0;
    while (have < k) {
        for (size_t j = have; j < k; j++)
            pick[j] = (uint32_t)g->pairs[gr->first + rng_below(r, gr->n)];
        qsort(pick, k, sizeof *pick, cmp_u32);
        have = 0;
        for (size_t j = 0; j < k; j++)
            if (!have || pick[j] != pick[have - 1])
                pick[have++] = pick[j];
    }
}

static int write_posts(struct gen *g)
{
    struct rng *r = &g->r[S_POSTS];
    size_t n_posts = scaled(g->o->scale, POSTS_PER_SCALE, 100);
    /* How busy a group is: the square root of its size, more for the
     * school's own groups, less for the district-wide ones. */
    static const double busy[] = {[GK_ALL] = 0.2,  [GK_TEACHERS] = 0.4, [GK_LEADERS] = 0.6,
                                  [GK_DEPT] = 1.2, [GK_LEVEL] = 0.4,    [GK_SCHOOL] = 1.5,
                                  [GK_TEAM] = 1.2, [GK_INTEREST] = 0.5, [GK_CHAPTER] = 0.8};
    g->weights = calloc(g->n_groups, sizeof *g->weights);
    size_t max_n = 1;
    for (size_t gi = 0; gi < g->n_groups; gi++)
        if (g->groups[gi].n > max_n)
            max_n = g->groups[gi].n;
    uint32_t *pick = calloc(max_n, sizeof *pick);
    struct bg_comment *cm = calloc(COMMENT_MAX, sizeof *cm);
    uint32_t *follow = calloc(COMMENT_MAX + 1, sizeof *follow);
    if (!g->weights || !pick || !cm || !follow) {
        free(pick), free(cm), free(follow);
        return -1;
    }
    double total = 0;
    for (size_t gi = 0; gi < g->n_groups; gi++) {
        const struct bg_group *gr = &g->groups[gi];
        total += gr->n ? sqrt((double)gr->n) * busy[gr->kind] : 0;
        g->weights[gi] = total;
    }
    int64_t span = T_END - T_START, comment_id = 0;
    uint32_t who[MENTIONS_MAX];
    size_t n_who;
    int rc = -1;
    for (size_t i = 0; i < n_posts; i++) {
        int64_t post_id = (int64_t)i + 1;
        double x = rng_unit(r) * total;
        size_t lo = 0, hi = g->n_groups - 1;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (g->weights[mid] > x)
                hi = mid;
            else
                lo = mid + 1;
        }
        const struct bg_group *gr = &g->groups[lo];
        uint32_t author = (uint32_t)g->pairs[gr->first + rng_below(r, gr->n)];
        int64_t at = T_START + (int64_t)((double)span * (double)i / (double)n_posts) +
                     (int64_t)rng_below(r, (size_t)(span / (int64_t)n_posts) + 1);
        bool deleted = rng_below(r, 1000) < 3;
        /* Its comments, planned before the post is written for the counts. */
        size_t n_c = (size_t)(-log(1.0 - rng_unit(r)) * COMMENT_MEAN);
        if (n_c > COMMENT_MAX)
            n_c = COMMENT_MAX;
        int64_t t = at, live = 0;
        for (size_t j = 0; j < n_c; j++) {
            t += exp_ms(r, 2.0 * 3600 * SEC_MS);
            cm[j] =
                (struct bg_comment){.id = ++comment_id,
                                    .at = t,
                                    .author = (uint32_t)g->pairs[gr->first + rng_below(r, gr->n)],
                                    .deleted = rng_below(r, 200) == 0};
            if (j && rng_percent(r, REPLY_PERCENT)) {
                size_t k = rng_below(r, j);
                if (!cm[k].parent)
                    cm[j].parent = cm[k].id;
            }
            cm[j].text = cm[j].parent ? rng_below(r, demo_reply_bodies_count)
                                      : rng_below(r, demo_comment_bodies_count);
            if (!cm[j].deleted) {
                live++;
                if (cm[j].parent)
                    cm[j - (size_t)(cm[j].id - cm[j].parent)].replies++;
            }
        }
        size_t n_r = (size_t)(-log(1.0 - rng_unit(r)) * REACTION_MEAN);
        if (n_r > gr->n)
            n_r = gr->n;
        fill(g, &g->posts_t[rng_below(r, demo_post_bodies_count)], lo, author, who, &n_who);
        if (step(g, Q_POST, "iiittizzii", post_id, (int64_t)lo + 1, (int64_t)author + 1, g->md.data,
                 g->html.data, at, deleted ? at + DAY_MS : 0, deleted ? (int64_t)author + 1 : 0,
                 live, (int64_t)n_r))
            goto out;
        if (write_mentions(g, 0, post_id, who, n_who, at))
            goto out;
        size_t n_f = 0;
        follow[n_f++] = author;
        for (size_t j = 0; j < n_c; j++) {
            const struct tmpl *tp =
                cm[j].parent ? &g->replies_t[cm[j].text] : &g->comments_t[cm[j].text];
            fill(g, tp, lo, cm[j].author, who, &n_who);
            if (step(g, Q_COMMENT, "iizittizzi", cm[j].id, post_id, cm[j].parent,
                     (int64_t)cm[j].author + 1, g->md.data, g->html.data, cm[j].at,
                     cm[j].deleted ? cm[j].at + DAY_MS : 0,
                     cm[j].deleted ? (int64_t)cm[j].author + 1 : 0, (int64_t)cm[j].replies))
                goto out;
            if (write_mentions(g, 1, cm[j].id, who, n_who, cm[j].at))
                goto out;
            follow[n_f++] = cm[j].author;
        }
        qsort(follow, n_f, sizeof *follow, cmp_u32);
        for (size_t k = 0; k < n_f; k++) {
            if (k && follow[k] == follow[k - 1])
                continue;
            if (step(g, Q_FOLLOW, "iii", post_id, (int64_t)follow[k] + 1, at))
                goto out;
            g->c->follows++;
        }
        pick_members(g, gr, pick, n_r);
        int64_t by_kind[REACTION_KINDS] = {0};
        for (size_t k = 0; k < n_r; k++) {
            size_t kind = rng_weighted(r, reaction_weights, REACTION_KINDS);
            by_kind[kind]++;
            if (step(g, Q_REACTION, "iiii", post_id, (int64_t)pick[k] + 1, (int64_t)kind,
                     at + exp_ms(r, 6.0 * 3600 * SEC_MS)))
                goto out;
        }
        for (size_t kind = 0; kind < REACTION_KINDS; kind++)
            if (by_kind[kind] && step(g, Q_RCOUNT, "iii", post_id, (int64_t)kind, by_kind[kind]))
                goto out;
        g->c->comments += n_c;
        g->c->reactions += n_r;
        if (n_posts >= 10 && (i + 1) % (n_posts / 10) == 0 && g->o->progress) {
            char line[64];
            snprintf(line, sizeof line, "%zu posts", i + 1);
            progress(g, line);
        }
    }
    g->c->posts = n_posts;
    rc = 0;
out:
    if (rc)
        fail(g, "writing posts");
    free(pick), free(cm), free(follow);
    return rc;
}

static int write_students(struct gen *g)
{
    struct rng *r = &g->r[S_STUDENTS];
    size_t n = scaled(g->o->scale, STUDENTS_PER_SCALE, 10);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(
            g->db,
            "INSERT INTO roster_imports(id, started_at, finished_at, source, format,"
            " mode, files, run_by, students, schools, added) VALUES (1, ?1, ?1,"
            " 'staffroom bench gen', 'synthetic', 'bulk', '', 'bench gen', ?2, ?3, ?2)",
            -1, &st, NULL))
        return fail(g, "writing the roster");
    sqlite3_bind_int64(st, 1, T_HIRED);
    sqlite3_bind_int64(st, 2, (int64_t)n);
    sqlite3_bind_int64(st, 3, (int64_t)g->n_schools);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return fail(g, "writing the roster");
    static const char *const grades[3][4] = {
        {"KG", "01", "03", "05"}, {"06", "07", "08", "08"}, {"09", "10", "11", "12"}};
    char source[32], number[32], school[32];
    for (size_t i = 0; i < n; i++) {
        size_t s = rng_below(r, g->n_schools);
        const struct bg_org *o = &g->orgs[g->first_school + s];
        unsigned c = (unsigned)rng_below(r, 100);
        snprintf(source, sizeof source, "STU%07zu", i + 1);
        snprintf(number, sizeof number, "%07zu", 2000000 + i * 7 % 8000000);
        snprintf(school, sizeof school, "SCH%04zu", s + 1);
        if (step(g, Q_STUDENT, "itttttttiii", (int64_t)i + 1, source,
                 demo_student_given[rng_below(r, demo_student_given_count)],
                 demo_student_family[rng_below(r, demo_student_family_count)], number, school,
                 o->name, grades[o->level][rng_below(r, 4)],
                 (int64_t)(c < 92   ? 1
                           : c < 97 ? 0
                                    : 2),
                 T_HIRED, T_HIRED))
            return fail(g, "writing the roster");
    }
    g->c->students = n;
    return 0;
}

/* ---- the run ---- */

struct saved {
    char **sql;
    size_t n, cap;
};

/* Drops the triggers and secondary indexes of the bulk tables, keeping
 * their SQL in *sv to make them again. */
static int drop_derived(struct gen *g, struct saved *sv)
{
    sqlite3_stmt *st;
    char *q = sqlite3_mprintf("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index',"
                              " 'trigger') AND sql IS NOT NULL AND tbl_name IN %s"
                              " ORDER BY type = 'trigger', name",
                              bulk_tables);
    if (!q || sqlite3_prepare_v2(g->db, q, -1, &st, NULL)) {
        sqlite3_free(q);
        return fail(g, "reading the schema");
    }
    sqlite3_free(q);
    char **drops = NULL;
    size_t n_drops = 0, cap_drops = 0;
    int rc = 0;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(st, 0);
        const char *name = (const char *)sqlite3_column_text(st, 1);
        const char *sql = (const char *)sqlite3_column_text(st, 2);
        if (GROW(sv->sql, sv->n + 1, sv->cap) || GROW(drops, n_drops + 1, cap_drops))
            rc = -1;
        else if (!(sv->sql[sv->n] = strdup(sql)) ||
                 !(drops[n_drops] = sqlite3_mprintf("DROP %s \"%w\"", type, name)))
            rc = -1;
        else
            sv->n++, n_drops++;
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < n_drops; i++) {
        if (!rc && sqlite3_exec(g->db, drops[i], NULL, NULL, NULL))
            rc = fail(g, "dropping an index or trigger");
        sqlite3_free(drops[i]);
    }
    free(drops);
    return rc;
}

static int restore_derived(struct gen *g, struct saved *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        if (sqlite3_exec(g->db, sv->sql[i], NULL, NULL, NULL))
            return fail(g, "making an index or trigger again");
    return 0;
}

static int run(struct gen *g)
{
    static const char pragmas[] =
        "PRAGMA journal_mode=DELETE; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
        " PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY;"
        " PRAGMA foreign_keys=OFF;";
    struct saved sv = {0};
    int rc = -1;
    if (sqlite3_open_v2(g->o->db, &g->db, SQLITE_OPEN_READWRITE, NULL) ||
        sqlite3_exec(g->db, pragmas, NULL, NULL, NULL))
        return fail(g, "opening the database");
    for (int q = 0; q < Q__MAX; q++)
        if (sqlite3_prepare_v2(g->db, queries[q], -1, &g->st[q], NULL))
            return fail(g, queries[q]);
    if (tmpl_prepare(demo_post_bodies, demo_post_bodies_count, &g->posts_t) ||
        tmpl_prepare(demo_comment_bodies, demo_comment_bodies_count, &g->comments_t) ||
        tmpl_prepare(demo_reply_bodies, demo_reply_bodies_count, &g->replies_t))
        return fail(g, "rendering the texts");
    if (plan_orgs(g) || plan_people(g) || plan_groups(g))
        return fail(g, "planning the district");
    progress(g, "planned");
    if (drop_derived(g, &sv) || sqlite3_exec(g->db, "BEGIN", NULL, NULL, NULL))
        goto out;
    if (write_orgs(g) || write_users(g) || write_groups(g))
        goto out;
    progress(g, "people and groups written");
    if (write_posts(g) || write_students(g))
        goto out;
    progress(g, "posts, comments, reactions and roster written");
    if (restore_derived(g, &sv) || sqlite3_exec(g->db, "COMMIT", NULL, NULL, NULL))
        goto out;
    progress(g, "indexes made");
    if (sqlite3_exec(g->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL))
        goto out;
    rc = 0;
out:
    if (rc && g->db && sqlite3_errcode(g->db) != SQLITE_OK)
        fail(g, "writing the district");
    for (size_t i = 0; i < sv.n; i++)
        free(sv.sql[i]);
    free(sv.sql);
    return rc;
}

static void gen_free(struct gen *g)
{
    for (int q = 0; q < Q__MAX; q++)
        sqlite3_finalize(g->st[q]);
    if (g->db)
        sqlite3_close(g->db);
    tmpl_free(g->posts_t, demo_post_bodies_count);
    tmpl_free(g->comments_t, demo_comment_bodies_count);
    tmpl_free(g->replies_t, demo_reply_bodies_count);
    for (size_t o = 0; g->orgs && o < g->n_orgs; o++)
        free(g->orgs[o].name);
    for (size_t gi = 0; gi < g->n_groups; gi++) {
        free(g->groups[gi].name);
        free(g->groups[gi].purpose);
        free(g->groups[gi].name_html);
    }
    free(g->orgs), free(g->people), free(g->logins), free(g->groups), free(g->pairs);
    free(g->weights);
    buf_free(&g->md);
    buf_free(&g->html);
}

static void remove_db(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[4096];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

int benchgen_run(const struct benchgen_opts *o, struct benchgen_counts *out)
{
    *out = (struct benchgen_counts){0};
    if (!(o->scale >= BENCHGEN_SCALE_MIN && o->scale <= BENCHGEN_SCALE_MAX)) {
        fprintf(stderr, "staffroom: bench gen: --scale must be between %g and %g\n",
                BENCHGEN_SCALE_MIN, BENCHGEN_SCALE_MAX);
        return -1;
    }
    if (!o->password || !*o->password) {
        fprintf(stderr, "staffroom: bench gen: --password must not be empty\n");
        return -1;
    }
    if (access(o->db, F_OK) == 0) {
        fprintf(stderr, "staffroom: bench gen: %s exists; the generator writes a new database\n",
                o->db);
        return -1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct store_pool *pool;
    enum store_err e = store_pool_open(o->db, &pool);
    if (e) {
        fprintf(stderr, "staffroom: bench gen: %s: %s\n", o->db, store_err_str(e));
        remove_db(o->db);
        return -1;
    }
    store_pool_close(pool);
    struct gen g = {.o = o, .c = out, .started = t0};
    for (unsigned s = 0; s < S__MAX; s++)
        g.r[s] = rng_stream(o->seed, s);
    buf_init(&g.md, 1 << 20);
    buf_init(&g.html, 1 << 20);
    int rc = run(&g);
    gen_free(&g);
    if (rc) {
        remove_db(o->db);
        return -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return 0;
}
