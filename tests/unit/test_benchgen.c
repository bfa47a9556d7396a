/* Tests of the benchmark district generator (cli/benchgen) at a tiny scale:
 * the counts it reports are the rows written, every reference resolves and
 * every counter agrees with the rows it counts, the text it fills in is what
 * core/markdown renders, everyone can sign in, and a seed means one
 * district. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "cli/benchgen.h"
#include "core/markdown.h"
#include "testutil.h"

#define SCALE 0.002 /* 100 staff, 2,000 posts, 700 students */
#define PW    "bench-password"

struct gen_db {
    char dir[64];
    char a[128], b[128], c[128];
    struct benchgen_counts ca, cb, cc;
    sqlite3 *db; /* on a */
};

static int gen(const char *path, unsigned seed, struct benchgen_counts *c)
{
    struct benchgen_opts o = {.db = path, .seed = seed, .password = PW, .scale = SCALE};
    return benchgen_run(&o, c);
}

static int setup(void **state)
{
    if (tu_init())
        return -1;
    struct gen_db *g = calloc(1, sizeof *g);
    snprintf(g->dir, sizeof g->dir, "/tmp/staffroom-benchgen-XXXXXX");
    if (!g || !mkdtemp(g->dir))
        return -1;
    snprintf(g->a, sizeof g->a, "%s/a.db", g->dir);
    snprintf(g->b, sizeof g->b, "%s/b.db", g->dir);
    snprintf(g->c, sizeof g->c, "%s/c.db", g->dir);
    if (gen(g->a, 7, &g->ca) || gen(g->b, 7, &g->cb) || gen(g->c, 8, &g->cc))
        return -1;
    if (sqlite3_open_v2(g->a, &g->db, SQLITE_OPEN_READONLY, NULL))
        return -1;
    *state = g;
    return 0;
}

static int teardown(void **state)
{
    struct gen_db *g = *state;
    sqlite3_close(g->db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g->dir);
    int rc = system(cmd);
    free(g);
    return rc == 0 ? 0 : -1;
}

static int64_t q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_counts(void **state)
{
    struct gen_db *g = *state;
    const struct benchgen_counts *c = &g->ca;
    assert_int_equal(c->users, 100);
    assert_int_equal(c->posts, 2000);
    assert_int_equal(c->students, 700);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM users"), c->users);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM orgs"), c->orgs);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM orgs WHERE kind = 1"), c->schools);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM groups"), c->groups);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM memberships"), c->memberships);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM posts"), c->posts);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM comments"), c->comments);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM reactions"), c->reactions);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM mentions"), c->mentions);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM post_follows"), c->follows);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM students"), c->students);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM notification_settings"), c->notify_all);
    /* About 5 comments and 10 reactions a post (small groups cap reactions). */
    assert_in_range(c->comments, 4 * c->posts, 6 * c->posts);
    assert_in_range(c->reactions, 6 * c->posts, 12 * c->posts);
    /* Everyone is in 5 to 40 groups. */
    assert_true(q_int(g->db, "SELECT min(n) FROM (SELECT count(*) n FROM memberships"
                             " GROUP BY user_id)") >= 5);
    assert_true(q_int(g->db, "SELECT max(n) FROM (SELECT count(*) n FROM memberships"
                             " GROUP BY user_id)") <= 40);
    assert_int_equal(q_int(g->db, "SELECT count(DISTINCT user_id) FROM memberships"), c->users);
    /* The posts lie within the two school years, oldest first. */
    assert_true(q_int(g->db, "SELECT min(created_at) FROM posts") >= 1722470400000LL);
    assert_true(q_int(g->db, "SELECT max(created_at) FROM posts") <= 1782777600000LL);
    assert_int_equal(q_int(g->db, "SELECT count(*) FROM posts a JOIN posts b ON b.id = a.id + 1"
                                  " WHERE b.created_at < a.created_at"),
                     0);
}

static void test_integrity(void **state)
{
    struct gen_db *g = *state;
    sqlite3 *db = g->db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE); /* no row: every reference resolves */
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    /* Counters agree with the rows the store's triggers would count. */
    assert_int_equal(q_int(db, "SELECT count(*) FROM groups g WHERE member_count <>"
                               " (SELECT count(*) FROM memberships m WHERE m.group_id = g.id"
                               " AND m.state = 1)"),
                     0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM posts p WHERE comment_count <>"
                               " (SELECT count(*) FROM comments c WHERE c.post_id = p.id"
                               " AND c.deleted_at IS NULL)"),
                     0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM posts p WHERE reaction_count <>"
                               " (SELECT count(*) FROM reactions r WHERE r.post_id = p.id)"),
                     0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM reaction_counts rc WHERE n <>"
                               " (SELECT count(*) FROM reactions r WHERE r.post_id = rc.post_id"
                               " AND r.kind = rc.kind)"),
                     0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM comments c LEFT JOIN (SELECT parent_id,"
                               " count(*) n FROM comments WHERE parent_id IS NOT NULL AND"
                               " deleted_at IS NULL GROUP BY parent_id) x ON x.parent_id = c.id"
                               " WHERE c.reply_count <> COALESCE(x.n, 0)"),
                     0);
    /* Replies answer a comment on the same post; reactions and comments come
     * from members of the post's group. */
    assert_int_equal(q_int(db, "SELECT count(*) FROM comments c JOIN comments p"
                               " ON p.id = c.parent_id WHERE p.post_id <> c.post_id"),
                     0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM reactions r JOIN posts p ON p.id = r.post_id"
                               " LEFT JOIN memberships m ON m.group_id = p.group_id"
                               " AND m.user_id = r.user_id WHERE m.user_id IS NULL"),
                     0);
    assert_int_equal(q_int(db, "SELECT count(*) FROM posts p LEFT JOIN memberships m"
                               " ON m.group_id = p.group_id AND m.user_id = p.author_id"
                               " WHERE m.user_id IS NULL"),
                     0);
    /* The store's triggers and indexes are back. */
    assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                               " AND name IN ('comments_ins', 'reactions_ins', 'members_ins')"),
                     3);
    assert_int_equal(q_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                               " AND name IN ('posts_group_live', 'comments_post_live',"
                               " 'memberships_user', 'mentions_user')"),
                     4);
    /* Every text column holds text (a title once held a number). */
    assert_int_equal(q_int(db, "SELECT count(*) FROM users WHERE typeof(title) <> 'text'"
                               " OR typeof(name) <> 'text' OR typeof(login) <> 'text'"),
                     0);
    /* Exactly one system admin, and the student numbers are unique. */
    assert_int_equal(q_int(db, "SELECT count(*) FROM users WHERE role = 1"), 1);
    assert_int_equal(q_int(db, "SELECT count(DISTINCT number) FROM students"), g->ca.students);
}

/* Every post's and comment's HTML is what core/markdown makes of its text,
 * and its mentions are the people that text mentions. */
static void test_text_renders(void **state)
{
    struct gen_db *g = *state;
    static const char *const sql[] = {
        "SELECT t.body, t.body_html, (SELECT group_concat(u.login) FROM mentions m JOIN users u"
        " ON u.id = m.user_id WHERE m.source_kind = 0 AND m.source_id = t.id) FROM posts t",
        "SELECT t.body, t.body_html, (SELECT group_concat(u.login) FROM mentions m JOIN users u"
        " ON u.id = m.user_id WHERE m.source_kind = 1 AND m.source_id = t.id) FROM comments t"};
    size_t rows = 0, mentioned = 0;
    for (size_t k = 0; k < 2; k++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(g->db, sql[k], -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *body = (const char *)sqlite3_column_text(st, 0);
            const char *html = (const char *)sqlite3_column_text(st, 1);
            const char *who = (const char *)sqlite3_column_text(st, 2);
            struct markdown_result r = {0};
            assert_int_equal(markdown_render(body, strlen(body), &r), MARKDOWN_OK);
            assert_string_equal(r.html, html);
            size_t n = 0;
            for (const char *p = who; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : "")
                n++;
            assert_int_equal(n, r.n_mentions);
            for (size_t i = 0; i < r.n_mentions; i++)
                assert_non_null(strstr(who, r.mentions[i]));
            mentioned += r.n_mentions;
            markdown_result_free(&r);
            rows++;
        }
        sqlite3_finalize(st);
    }
    assert_int_equal(rows, g->ca.posts + g->ca.comments);
    assert_true(mentioned > 0);
}

static void test_everyone_signs_in(void **state)
{
    struct gen_db *g = *state;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(g->db,
                                        "SELECT login, password_hash FROM users WHERE id IN"
                                        " (1, 50, 100) ORDER BY id",
                                        -1, &st, NULL),
                     SQLITE_OK);
    static const char *const logins[] = {"staff00001", "staff00050", "staff00100"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), logins[i]);
        const char *hash = (const char *)sqlite3_column_text(st, 1);
        assert_true(secret_password_verify(hash, PW, strlen(PW)));
        assert_false(secret_password_verify(hash, "wrong", 5));
    }
    sqlite3_finalize(st);
    /* One hash for all: it was made once. */
    assert_int_equal(q_int(g->db, "SELECT count(DISTINCT password_hash) FROM users"), 1);
}

/* A digest of every generated table, all columns, in key order; the
 * password's hash is left out, because its salt is random. */
static uint64_t digest(const char *path)
{
    static const char *const sql[] = {
        "SELECT id, login, name, title, org_id, role, status, email, comms, monitor FROM users"
        " ORDER BY id",
        "SELECT * FROM orgs ORDER BY id",
        "SELECT * FROM groups ORDER BY id",
        "SELECT * FROM memberships ORDER BY group_id, user_id",
        "SELECT * FROM notification_settings ORDER BY user_id, group_id",
        "SELECT * FROM posts ORDER BY id",
        "SELECT * FROM comments ORDER BY id",
        "SELECT * FROM reactions ORDER BY post_id, user_id",
        "SELECT * FROM mentions ORDER BY source_kind, source_id, user_id",
        "SELECT * FROM post_follows ORDER BY post_id, user_id",
        "SELECT * FROM students ORDER BY id",
    };
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t k = 0; k < sizeof sql / sizeof *sql; k++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, sql[k], -1, &st, NULL), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const unsigned char *v = sqlite3_column_text(st, c);
                for (const unsigned char *p = v ? v : (const unsigned char *)"\\N"; *p; p++)
                    h = (h ^ *p) * 1099511628211ULL;
                h = (h ^ 0x1f) * 1099511628211ULL;
            }
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return h;
}

static void test_seed_means_one_district(void **state)
{
    struct gen_db *g = *state;
    assert_int_equal(g->ca.comments, g->cb.comments);
    assert_int_equal(g->ca.reactions, g->cb.reactions);
    assert_true(digest(g->a) == digest(g->b));
    assert_true(digest(g->a) != digest(g->c));
}

static void test_refuses_bad_runs(void **state)
{
    struct gen_db *g = *state;
    struct stat before, after;
    assert_int_equal(stat(g->a, &before), 0);
    struct benchgen_counts c;
    /* An existing file is never overwritten. */
    assert_int_equal(gen(g->a, 9, &c), -1);
    assert_int_equal(stat(g->a, &after), 0);
    assert_int_equal(before.st_size, after.st_size);
    assert_int_equal(before.st_mtime, after.st_mtime);
    char path[160];
    snprintf(path, sizeof path, "%s/bad.db", g->dir);
    struct benchgen_opts o = {.db = path, .seed = 1, .password = PW, .scale = 0};
    assert_int_equal(benchgen_run(&o, &c), -1);
    o.scale = 100;
    assert_int_equal(benchgen_run(&o, &c), -1);
    o.scale = SCALE;
    o.password = "";
    assert_int_equal(benchgen_run(&o, &c), -1);
    assert_int_equal(access(path, F_OK), -1); /* nothing left behind */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_integrity),
        cmocka_unit_test(test_text_renders),
        cmocka_unit_test(test_everyone_signs_in),
        cmocka_unit_test(test_seed_means_one_district),
        cmocka_unit_test(test_refuses_bad_runs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
