/* Unit tests for store/sqlite.c against a real database in a temporary
 * directory: migrations, people, sessions, tokens, login throttling records,
 * groups and memberships (with the member_count trigger), posts and their
 * revisions, comments, reactions and mentions with their counters, feed id
 * reads, hydration, the group listing filter, and the WAL's checkpointer
 * (the log starts over under a cap, and a reader pinning it does not stop
 * writes). Rules about who may do what are core/perm's and are tested in
 * test_perm.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/schema.h"
#include "store/store.h"
#include "testutil.h"

#define NOW 1700000000000LL

static struct store *st_of(void **state)
{
    return ((struct tu_db *)*state)->s;
}

/* A group made directly in the store: no membership rows. */
static int64_t mk_group(struct store *s, int64_t creator, const char *name, const char *purpose,
                        enum privacy privacy)
{
    struct group g = {.name = name, .purpose = purpose, .privacy = privacy, .created_by = creator};
    assert_int_equal(store_group_create(s, &g), STORE_OK);
    assert_true(g.id > 0);
    return g.id;
}

static int64_t mk_post(struct store *s, int64_t group, int64_t author, const char *body,
                       int64_t now)
{
    int64_t id = 0;
    assert_int_equal(store_post_create(s, group, author, body, "<p>html</p>", now, &id), STORE_OK);
    assert_true(id > 0);
    return id;
}

static int64_t mk_comment(struct store *s, int64_t post, int64_t parent, int64_t author,
                          const char *body)
{
    int64_t id = 0;
    assert_int_equal(store_comment_create(s, post, parent, author, body, "<p>c</p>", NOW, &id),
                     STORE_OK);
    assert_true(id > 0);
    return id;
}

static int64_t member_count(struct store *s, int64_t group)
{
    struct arena a;
    arena_init(&a, 0);
    struct group g;
    assert_int_equal(store_group_get(s, &a, group, 0, &g), STORE_OK);
    arena_free(&a);
    return g.member_count;
}

/* The post as the store hydrates it for viewer; strings live in a. */
static struct post get_post(struct store *s, struct arena *a, int64_t id, int64_t viewer)
{
    struct post p;
    memset(&p, 0, sizeof p);
    assert_int_equal(store_post_get(s, a, id, viewer, &p), STORE_OK);
    return p;
}

/* ---- migrations ---- */

static void test_migrations_applied(void **state)
{
    struct store *s = st_of(state);
    assert_true(schema_migrations_count > 0);
    assert_int_equal(store_schema_version(s), (int)schema_migrations_count);
}

static void test_reopen_is_idempotent(void **state)
{
    struct tu_db *t = *state;
    int64_t id = tu_user(t->s, "keeper");
    tu_db_close_pool(t);
    assert_int_equal(store_pool_open(t->path, &t->pool), STORE_OK);
    t->s = store_acquire(t->pool);
    assert_non_null(t->s);
    assert_int_equal(store_schema_version(t->s), (int)schema_migrations_count);
    /* The data survived, and the schema still accepts writes. */
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    assert_int_equal(store_user_get(t->s, &a, id, &u), STORE_OK);
    assert_string_equal(u.login, "keeper");
    arena_free(&a);
    assert_true(tu_user(t->s, "second") > id);
    /* A third open finds nothing to migrate either. */
    tu_db_close_pool(t);
    assert_int_equal(store_pool_open(t->path, &t->pool), STORE_OK);
    t->s = store_acquire(t->pool);
    assert_int_equal(store_schema_version(t->s), (int)schema_migrations_count);
}

/* ---- people ---- */

static void test_user_create_get_by_login(void **state)
{
    struct store *s = st_of(state);
    int64_t org = 0;
    assert_int_equal(store_org_create(s, 0, ORG_SCHOOL, "North High", &org), STORE_OK);
    struct user u = {.login = "ada",
                     .name = "Ada Lovelace",
                     .title = "Maths teacher",
                     .org_id = org,
                     .role = ROLE_ADMIN,
                     .status = USER_ACTIVE};
    assert_int_equal(store_user_create(s, &u, "$argon2id$fake"), STORE_OK);
    assert_true(u.id > 0);
    assert_true(u.created_at > 0);

    struct arena a;
    arena_init(&a, 0);
    struct user got;
    assert_int_equal(store_user_get(s, &a, u.id, &got), STORE_OK);
    assert_int_equal(got.id, u.id);
    assert_string_equal(got.login, "ada");
    assert_string_equal(got.name, "Ada Lovelace");
    assert_string_equal(got.title, "Maths teacher");
    assert_int_equal(got.org_id, org);
    assert_string_equal(got.org_name, "North High");
    assert_int_equal(got.manager_id, 0);
    assert_int_equal(got.role, ROLE_ADMIN);
    assert_int_equal(got.status, USER_ACTIVE);
    assert_int_equal(got.created_at, u.created_at);

    const char *hash = NULL;
    struct user by;
    assert_int_equal(store_user_by_login(s, &a, "ada", &by, &hash), STORE_OK);
    assert_int_equal(by.id, u.id);
    assert_string_equal(hash, "$argon2id$fake");

    int64_t plain = tu_user(s, "nohash");
    assert_int_equal(store_user_by_login(s, &a, "nohash", &by, &hash), STORE_OK);
    assert_int_equal(by.id, plain);
    assert_null(hash);
    assert_null(by.org_name);
    assert_string_equal(by.title, "");

    assert_int_equal(store_user_get(s, &a, u.id + 1000, &got), STORE_NOTFOUND);
    assert_int_equal(store_user_by_login(s, &a, "nobody", &by, NULL), STORE_NOTFOUND);
    assert_int_equal(store_user_by_login(s, &a, "ADA", &by, NULL), STORE_NOTFOUND);
    arena_free(&a);
}

static void test_user_duplicate_login_conflict(void **state)
{
    struct store *s = st_of(state);
    tu_user(s, "grace");
    struct user dup = {.login = "grace", .name = "Another Grace"};
    assert_int_equal(store_user_create(s, &dup, NULL), STORE_CONFLICT);
    struct user other = {.login = "grace2", .name = "Grace Two"};
    assert_int_equal(store_user_create(s, &other, NULL), STORE_OK);
}

static void test_user_set_status(void **state)
{
    struct store *s = st_of(state);
    int64_t id = tu_user(s, "leaver");
    assert_int_equal(store_user_set_status(s, id, USER_DEACTIVATED), STORE_OK);
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    assert_int_equal(store_user_get(s, &a, id, &u), STORE_OK);
    assert_int_equal(u.status, USER_DEACTIVATED);
    assert_int_equal(store_user_set_status(s, id + 99, USER_DEACTIVATED), STORE_NOTFOUND);
    arena_free(&a);
}

/* ---- sessions, tokens, throttling ---- */

static void test_session_create_lookup(void **state)
{
    struct store *s = st_of(state);
    int64_t uid = tu_user(s, "sess");
    assert_int_equal(store_session_create(s, "digest-1", uid, "csrf-1", NOW, NOW + 1000), STORE_OK);
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    const char *csrf = NULL;
    assert_int_equal(store_session_lookup(s, &a, "digest-1", NOW, &u, &csrf), STORE_OK);
    assert_int_equal(u.id, uid);
    assert_string_equal(u.login, "sess");
    assert_string_equal(csrf, "csrf-1");
    assert_int_equal(store_session_lookup(s, &a, "digest-2", NOW, &u, &csrf), STORE_NOTFOUND);
    assert_int_equal(store_session_create(s, "digest-1", uid, "csrf-x", NOW, NOW + 1000),
                     STORE_CONFLICT);
    arena_free(&a);
}

static void test_session_expiry(void **state)
{
    struct store *s = st_of(state);
    int64_t uid = tu_user(s, "sess");
    assert_int_equal(store_session_create(s, "d", uid, "c", NOW, NOW + 1000), STORE_OK);
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    assert_int_equal(store_session_lookup(s, &a, "d", NOW + 999, &u, NULL), STORE_OK);
    assert_int_equal(store_session_lookup(s, &a, "d", NOW + 1000, &u, NULL), STORE_NOTFOUND);
    assert_int_equal(store_session_lookup(s, &a, "d", NOW + 5000, &u, NULL), STORE_NOTFOUND);
    /* Creating a session later purges the expired one for good. */
    assert_int_equal(store_session_create(s, "e", uid, "c", NOW + 2000, NOW + 9000), STORE_OK);
    assert_int_equal(store_session_lookup(s, &a, "d", NOW, &u, NULL), STORE_NOTFOUND);
    assert_int_equal(store_session_lookup(s, &a, "e", NOW + 2000, &u, NULL), STORE_OK);
    arena_free(&a);
}

static void test_session_delete(void **state)
{
    struct store *s = st_of(state);
    int64_t uid = tu_user(s, "sess");
    int64_t other = tu_user(s, "other");
    assert_int_equal(store_session_create(s, "a", uid, "c", NOW, NOW + 1000), STORE_OK);
    assert_int_equal(store_session_create(s, "b", uid, "c", NOW, NOW + 1000), STORE_OK);
    assert_int_equal(store_session_create(s, "o", other, "c", NOW, NOW + 1000), STORE_OK);
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    assert_int_equal(store_session_delete(s, "a"), STORE_OK);
    assert_int_equal(store_session_lookup(s, &a, "a", NOW, &u, NULL), STORE_NOTFOUND);
    assert_int_equal(store_session_lookup(s, &a, "b", NOW, &u, NULL), STORE_OK);
    assert_int_equal(store_sessions_delete_user(s, uid), STORE_OK);
    assert_int_equal(store_session_lookup(s, &a, "b", NOW, &u, NULL), STORE_NOTFOUND);
    assert_int_equal(store_session_lookup(s, &a, "o", NOW, &u, NULL), STORE_OK);
    assert_int_equal(u.id, other);
    arena_free(&a);
}

static void test_token_create_lookup_revoke(void **state)
{
    struct store *s = st_of(state);
    int64_t uid = tu_user(s, "owner");
    int64_t other = tu_user(s, "other");
    int64_t id = 0;
    assert_int_equal(store_token_create(s, "tok-digest", uid, "CI bot", NOW, &id), STORE_OK);
    assert_true(id > 0);
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    assert_int_equal(store_token_lookup(s, &a, "tok-digest", &u), STORE_OK);
    assert_int_equal(u.id, uid);
    assert_int_equal(store_token_lookup(s, &a, "other-digest", &u), STORE_NOTFOUND);

    struct api_token *list;
    size_t n;
    assert_int_equal(store_token_list(s, &a, uid, &list, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id);
    assert_string_equal(list[0].name, "CI bot");
    assert_int_equal(list[0].created_at, NOW);

    /* Only the owner revokes, and only once. */
    assert_int_equal(store_token_revoke(s, id, other, NOW + 1), STORE_NOTFOUND);
    assert_int_equal(store_token_lookup(s, &a, "tok-digest", &u), STORE_OK);
    assert_int_equal(store_token_revoke(s, id, uid, NOW + 1), STORE_OK);
    assert_int_equal(store_token_lookup(s, &a, "tok-digest", &u), STORE_NOTFOUND);
    assert_int_equal(store_token_revoke(s, id, uid, NOW + 2), STORE_NOTFOUND);
    assert_int_equal(store_token_list(s, &a, uid, &list, &n), STORE_OK);
    assert_int_equal(n, 0);
    arena_free(&a);
}

static void test_login_failure_count_and_clear(void **state)
{
    struct store *s = st_of(state);
    assert_int_equal(store_login_failure_add(s, "login:a", NOW + 100), STORE_OK);
    assert_int_equal(store_login_failure_add(s, "login:a", NOW + 200), STORE_OK);
    assert_int_equal(store_login_failure_add(s, "login:a", NOW + 300), STORE_OK);
    assert_int_equal(store_login_failure_add(s, "login:b", NOW + 150), STORE_OK);
    int64_t count = -1, oldest = -1;
    assert_int_equal(store_login_failure_count(s, "login:a", NOW, &count, &oldest), STORE_OK);
    assert_int_equal(count, 3);
    assert_int_equal(oldest, NOW + 100);
    assert_int_equal(store_login_failure_count(s, "login:a", NOW + 150, &count, &oldest), STORE_OK);
    assert_int_equal(count, 2);
    assert_int_equal(oldest, NOW + 200);
    assert_int_equal(store_login_failure_clear(s, "login:a"), STORE_OK);
    assert_int_equal(store_login_failure_count(s, "login:a", NOW, &count, &oldest), STORE_OK);
    assert_int_equal(count, 0);
    assert_int_equal(store_login_failure_count(s, "login:b", NOW, &count, &oldest), STORE_OK);
    assert_int_equal(count, 1);
    assert_int_equal(oldest, NOW + 150);
}

static void test_login_failures_older_than_a_day_are_pruned(void **state)
{
    struct store *s = st_of(state);
    assert_int_equal(store_login_failure_add(s, "login:old", NOW), STORE_OK);
    assert_int_equal(store_login_failure_add(s, "login:new", NOW + 86400000LL + 1), STORE_OK);
    int64_t count = -1, oldest = -1;
    /* Counted from the beginning of time: the old failure is gone, not just out of the window. */
    assert_int_equal(store_login_failure_count(s, "login:old", 0, &count, &oldest), STORE_OK);
    assert_int_equal(count, 0);
    assert_int_equal(store_login_failure_count(s, "login:new", 0, &count, &oldest), STORE_OK);
    assert_int_equal(count, 1);
}

/* ---- groups and memberships ---- */

static void test_group_create_get_with_viewer_state(void **state)
{
    struct store *s = st_of(state);
    int64_t owner = tu_user(s, "owner");
    int64_t other = tu_user(s, "other");
    int64_t gid = mk_group(s, owner, "Science", "For science teachers.", PRIVACY_CLOSED);
    assert_int_equal(store_member_set(s, gid, owner, MEMBER_ACTIVE, GROUP_ADMIN, owner, NOW),
                     STORE_OK);
    assert_int_equal(store_member_set(s, gid, other, MEMBER_PENDING, GROUP_MEMBER, other, NOW),
                     STORE_OK);

    struct arena a;
    arena_init(&a, 0);
    struct group g;
    assert_int_equal(store_group_get(s, &a, gid, owner, &g), STORE_OK);
    assert_int_equal(g.id, gid);
    assert_string_equal(g.name, "Science");
    assert_string_equal(g.purpose, "For science teachers.");
    assert_int_equal(g.privacy, PRIVACY_CLOSED);
    assert_int_equal(g.created_by, owner);
    assert_true(g.created_at > 0);
    assert_int_equal(g.archived_at, 0);
    assert_int_equal(g.member_count, 1);
    assert_int_equal(g.viewer_state, MEMBER_ACTIVE);
    assert_int_equal(g.viewer_role, GROUP_ADMIN);

    assert_int_equal(store_group_get(s, &a, gid, other, &g), STORE_OK);
    assert_int_equal(g.viewer_state, MEMBER_PENDING);
    assert_int_equal(g.viewer_role, GROUP_MEMBER);

    assert_int_equal(store_group_get(s, &a, gid, 0, &g), STORE_OK);
    assert_int_equal(g.viewer_state, MEMBER_NONE);
    assert_int_equal(g.viewer_role, GROUP_MEMBER);

    assert_int_equal(store_group_get(s, &a, gid + 1, owner, &g), STORE_NOTFOUND);
    arena_free(&a);
}

static void test_group_update_archives(void **state)
{
    struct store *s = st_of(state);
    int64_t owner = tu_user(s, "owner");
    int64_t gid = mk_group(s, owner, "Old", "Old purpose.", PRIVACY_OPEN);
    struct arena a;
    arena_init(&a, 0);
    struct group g;
    assert_int_equal(store_group_get(s, &a, gid, owner, &g), STORE_OK);
    g.name = "New";
    g.privacy = PRIVACY_SECRET;
    g.archived_at = NOW;
    assert_int_equal(store_group_update(s, &g), STORE_OK);
    struct group back;
    assert_int_equal(store_group_get(s, &a, gid, owner, &back), STORE_OK);
    assert_string_equal(back.name, "New");
    assert_int_equal(back.privacy, PRIVACY_SECRET);
    assert_int_equal(back.archived_at, NOW);
    g.id = gid + 50;
    assert_int_equal(store_group_update(s, &g), STORE_NOTFOUND);
    arena_free(&a);
}

static void test_membership_set_get_delete(void **state)
{
    struct store *s = st_of(state);
    int64_t owner = tu_user(s, "owner");
    int64_t u = tu_user(s, "u");
    int64_t gid = mk_group(s, owner, "G", "P.", PRIVACY_OPEN);
    enum member_state st;
    enum group_role role;
    assert_int_equal(store_member_get(s, gid, u, &st, &role), STORE_OK);
    assert_int_equal(st, MEMBER_NONE);
    assert_int_equal(store_member_set(s, gid, u, MEMBER_INVITED, GROUP_MEMBER, owner, NOW),
                     STORE_OK);
    assert_int_equal(store_member_get(s, gid, u, &st, &role), STORE_OK);
    assert_int_equal(st, MEMBER_INVITED);
    assert_int_equal(role, GROUP_MEMBER);
    assert_int_equal(store_member_set(s, gid, u, MEMBER_ACTIVE, GROUP_ADMIN, owner, NOW + 1),
                     STORE_OK);
    assert_int_equal(store_member_get(s, gid, u, &st, &role), STORE_OK);
    assert_int_equal(st, MEMBER_ACTIVE);
    assert_int_equal(role, GROUP_ADMIN);
    int64_t admins = -1;
    assert_int_equal(store_group_admin_count(s, gid, &admins), STORE_OK);
    assert_int_equal(admins, 1);

    struct arena a;
    arena_init(&a, 0);
    struct member *m;
    size_t n;
    assert_int_equal(store_member_list(s, &a, gid, MEMBER_ACTIVE, 0, 10, &m, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(m[0].user.id, u);
    assert_int_equal(m[0].role, GROUP_ADMIN);
    assert_int_equal(m[0].since, NOW + 1); /* a state change restarts "since" */
    arena_free(&a);

    assert_int_equal(store_member_delete(s, gid, u), STORE_OK);
    assert_int_equal(store_member_get(s, gid, u, &st, &role), STORE_OK);
    assert_int_equal(st, MEMBER_NONE);
    assert_int_equal(store_member_delete(s, gid, u), STORE_NOTFOUND);
}

static void test_member_count_trigger(void **state)
{
    struct store *s = st_of(state);
    int64_t a = tu_user(s, "a"), b = tu_user(s, "b"), c = tu_user(s, "c");
    int64_t gid = mk_group(s, a, "G", "P.", PRIVACY_CLOSED);
    assert_int_equal(member_count(s, gid), 0);
    assert_int_equal(store_member_set(s, gid, a, MEMBER_ACTIVE, GROUP_ADMIN, a, NOW), STORE_OK);
    assert_int_equal(member_count(s, gid), 1);
    /* Pending and invited rows do not count. */
    assert_int_equal(store_member_set(s, gid, b, MEMBER_PENDING, GROUP_MEMBER, b, NOW), STORE_OK);
    assert_int_equal(store_member_set(s, gid, c, MEMBER_INVITED, GROUP_MEMBER, a, NOW), STORE_OK);
    assert_int_equal(member_count(s, gid), 1);
    /* Becoming active counts once. */
    assert_int_equal(store_member_set(s, gid, b, MEMBER_ACTIVE, GROUP_MEMBER, a, NOW), STORE_OK);
    assert_int_equal(member_count(s, gid), 2);
    /* Setting the same active state again (a role change) does not count twice. */
    assert_int_equal(store_member_set(s, gid, b, MEMBER_ACTIVE, GROUP_ADMIN, a, NOW), STORE_OK);
    assert_int_equal(store_member_set(s, gid, b, MEMBER_ACTIVE, GROUP_ADMIN, a, NOW), STORE_OK);
    assert_int_equal(member_count(s, gid), 2);
    assert_int_equal(store_member_set(s, gid, c, MEMBER_ACTIVE, GROUP_MEMBER, a, NOW), STORE_OK);
    assert_int_equal(member_count(s, gid), 3);
    /* Leaving the active state uncounts. */
    assert_int_equal(store_member_set(s, gid, c, MEMBER_INVITED, GROUP_MEMBER, a, NOW), STORE_OK);
    assert_int_equal(member_count(s, gid), 2);
    /* Deleting an active row uncounts; deleting another row does not. */
    assert_int_equal(store_member_delete(s, gid, b), STORE_OK);
    assert_int_equal(member_count(s, gid), 1);
    assert_int_equal(store_member_delete(s, gid, c), STORE_OK);
    assert_int_equal(member_count(s, gid), 1);
    /* Another group's count is its own. */
    int64_t other = mk_group(s, a, "H", "P.", PRIVACY_OPEN);
    assert_int_equal(store_member_set(s, other, b, MEMBER_ACTIVE, GROUP_MEMBER, b, NOW), STORE_OK);
    assert_int_equal(member_count(s, other), 1);
    assert_int_equal(member_count(s, gid), 1);
}

static void test_user_feed_groups_are_active_memberships(void **state)
{
    struct store *s = st_of(state);
    int64_t u = tu_user(s, "u");
    int64_t g1 = mk_group(s, u, "G1", "P.", PRIVACY_OPEN);
    int64_t g2 = mk_group(s, u, "G2", "P.", PRIVACY_CLOSED);
    int64_t g3 = mk_group(s, u, "G3", "P.", PRIVACY_SECRET);
    mk_group(s, u, "G4", "P.", PRIVACY_OPEN);
    assert_int_equal(store_member_set(s, g1, u, MEMBER_ACTIVE, GROUP_MEMBER, u, NOW), STORE_OK);
    assert_int_equal(store_member_set(s, g2, u, MEMBER_PENDING, GROUP_MEMBER, u, NOW), STORE_OK);
    assert_int_equal(store_member_set(s, g3, u, MEMBER_ACTIVE, GROUP_MEMBER, u, NOW), STORE_OK);
    struct arena a;
    arena_init(&a, 0);
    int64_t *ids;
    size_t n;
    assert_int_equal(store_user_feed_groups(s, &a, u, &ids, &n), STORE_OK);
    assert_int_equal(n, 2);
    assert_true((ids[0] == g1 && ids[1] == g3) || (ids[0] == g3 && ids[1] == g1));
    arena_free(&a);
}

/* ---- posts ---- */

static void test_post_create_adds_revision_1(void **state)
{
    struct store *s = st_of(state);
    int64_t u = tu_user(s, "author");
    int64_t gid = mk_group(s, u, "G", "P.", PRIVACY_OPEN);
    int64_t pid = mk_post(s, gid, u, "first version", NOW);
    struct arena a;
    arena_init(&a, 0);
    struct post p = get_post(s, &a, pid, u);
    assert_int_equal(p.id, pid);
    assert_int_equal(p.group_id, gid);
    assert_string_equal(p.group_name, "G");
    assert_int_equal(p.group_privacy, PRIVACY_OPEN);
    assert_int_equal(p.author.id, u);
    assert_string_equal(p.author.login, "author");
    assert_string_equal(p.body, "first version");
    assert_string_equal(p.body_html, "<p>html</p>");
    assert_int_equal(p.created_at, NOW);
    assert_int_equal(p.edited_at, 0);
    assert_int_equal(p.deleted_at, 0);
    assert_int_equal(p.comment_count, 0);
    assert_int_equal(p.reaction_count, 0);
    assert_int_equal(p.viewer_reaction, -1);
    assert_int_equal(p.n_latest, 0);

    struct revision *r;
    size_t n;
    assert_int_equal(store_post_revisions(s, &a, pid, &r, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].body, "first version");
    assert_int_equal(r[0].editor_id, u);
    assert_int_equal(r[0].created_at, NOW);
    assert_int_equal(store_post_get(s, &a, pid + 100, u, &p), STORE_NOTFOUND);
    arena_free(&a);
}

static void test_post_update_adds_revision_and_sets_edited_at(void **state)
{
    struct store *s = st_of(state);
    int64_t u = tu_user(s, "author");
    int64_t gid = mk_group(s, u, "G", "P.", PRIVACY_OPEN);
    int64_t pid = mk_post(s, gid, u, "v1", NOW);
    assert_int_equal(store_post_update(s, pid, u, "v2", "<p>v2</p>", NOW + 10), STORE_OK);
    assert_int_equal(store_post_update(s, pid, u, "v3", "<p>v3</p>", NOW + 20), STORE_OK);
    struct arena a;
    arena_init(&a, 0);
    struct post p = get_post(s, &a, pid, u);
    assert_string_equal(p.body, "v3");
    assert_string_equal(p.body_html, "<p>v3</p>");
    assert_int_equal(p.created_at, NOW);
    assert_int_equal(p.edited_at, NOW + 20);
    struct revision *r;
    size_t n;
    assert_int_equal(store_post_revisions(s, &a, pid, &r, &n), STORE_OK);
    assert_int_equal(n, 3);
    assert_string_equal(r[0].body, "v1");
    assert_string_equal(r[1].body, "v2");
    assert_string_equal(r[2].body, "v3");
    assert_int_equal(r[2].created_at, NOW + 20);
    assert_true(r[0].id < r[1].id && r[1].id < r[2].id);
    assert_int_equal(store_post_update(s, pid + 100, u, "x", "x", NOW), STORE_NOTFOUND);
    arena_free(&a);
}

static void test_post_delete_hides_from_group_post_ids(void **state)
{
    struct store *s = st_of(state);
    int64_t u = tu_user(s, "author");
    int64_t gid = mk_group(s, u, "G", "P.", PRIVACY_OPEN);
    int64_t p1 = mk_post(s, gid, u, "one", NOW);
    int64_t p2 = mk_post(s, gid, u, "two", NOW + 1);
    int64_t p3 = mk_post(s, gid, u, "three", NOW + 2);
    assert_int_equal(store_post_delete(s, p2, u, NOW + 5), STORE_OK);
    int64_t ids[10];
    size_t n;
    assert_int_equal(store_group_post_ids(s, gid, 0, 0, 10, ids, &n), STORE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], p3);
    assert_int_equal(ids[1], p1);
    /* Hidden, not erased: the row and its text remain. */
    struct arena a;
    arena_init(&a, 0);
    struct post p = get_post(s, &a, p2, u);
    assert_int_equal(p.deleted_at, NOW + 5);
    assert_string_equal(p.body, "two");
    arena_free(&a);
    /* A deleted post can be neither deleted again nor edited. */
    assert_int_equal(store_post_delete(s, p2, u, NOW + 6), STORE_NOTFOUND);
    assert_int_equal(store_post_update(s, p2, u, "x", "x", NOW + 6), STORE_NOTFOUND);
}

static void test_group_post_ids_order_before_floor_limit(void **state)
{
    struct store *s = st_of(state);
    int64_t u = tu_user(s, "author");
    int64_t g = mk_group(s, u, "G", "P.", PRIVACY_OPEN);
    int64_t h = mk_group(s, u, "H", "P.", PRIVACY_OPEN);
    int64_t mine[10];
    for (int i = 0; i < 10; i++) {
        mine[i] = mk_post(s, g, u, "in g", NOW + i);
        mk_post(s, h, u, "in h", NOW + i); /* interleaved ids in another group */
    }
    int64_t ids[20];
    size_t n;
    /* Newest first, only this group. */
    assert_int_equal(store_group_post_ids(s, g, 0, 0, 20, ids, &n), STORE_OK);
    assert_int_equal(n, 10);
    for (int i = 0; i < 10; i++)
        assert_int_equal(ids[i], mine[9 - i]);
    /* Limit. */
    assert_int_equal(store_group_post_ids(s, g, 0, 0, 3, ids, &n), STORE_OK);
    assert_int_equal(n, 3);
    assert_int_equal(ids[0], mine[9]);
    assert_int_equal(ids[2], mine[7]);
    /* before is exclusive. */
    assert_int_equal(store_group_post_ids(s, g, mine[5], 0, 3, ids, &n), STORE_OK);
    assert_int_equal(n, 3);
    assert_int_equal(ids[0], mine[4]);
    assert_int_equal(ids[1], mine[3]);
    assert_int_equal(ids[2], mine[2]);
    /* floor is exclusive. */
    assert_int_equal(store_group_post_ids(s, g, 0, mine[6], 20, ids, &n), STORE_OK);
    assert_int_equal(n, 3);
    assert_int_equal(ids[0], mine[9]);
    assert_int_equal(ids[2], mine[7]);
    /* Both bounds together. */
    assert_int_equal(store_group_post_ids(s, g, mine[8], mine[5], 20, ids, &n), STORE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], mine[7]);
    assert_int_equal(ids[1], mine[6]);
    /* Before the oldest: nothing. */
    assert_int_equal(store_group_post_ids(s, g, mine[0], 0, 20, ids, &n), STORE_OK);
    assert_int_equal(n, 0);
    /* A group without posts. */
    int64_t empty = mk_group(s, u, "E", "P.", PRIVACY_OPEN);
    assert_int_equal(store_group_post_ids(s, empty, 0, 0, 20, ids, &n), STORE_OK);
    assert_int_equal(n, 0);
}

/* ---- comments, reactions, mentions ---- */

static void test_comment_counts(void **state)
{
    struct store *s = st_of(state);
    int64_t u = tu_user(s, "author");
    int64_t gid = mk_group(s, u, "G", "P.", PRIVACY_OPEN);
    int64_t pid = mk_post(s, gid, u, "post", NOW);
    int64_t c1 = mk_comment(s, pid, 0, u, "top");
    int64_t c2 = mk_comment(s, pid, c1, u, "reply 1");
    int64_t c3 = mk_comment(s, pid, c1, u, "reply 2");
    int64_t c4 = mk_comment(s, pid, 0, u, "another top");

    struct arena a;
    arena_init(&a, 0);
    struct post p = get_post(s, &a, pid, u);
    assert_int_equal(p.comment_count, 4);
    struct comment c;
    assert_int_equal(store_comment_get(s, &a, c1, &c), STORE_OK);
    assert_int_equal(c.reply_count, 2);
    assert_int_equal(c.parent_id, 0);
    assert_int_equal(c.post_id, pid);
    assert_string_equal(c.body, "top");
    assert_string_equal(c.author.login, "author");
    assert_int_equal(store_comment_get(s, &a, c2, &c), STORE_OK);
    assert_int_equal(c.parent_id, c1);
    assert_int_equal(c.reply_count, 0);

    assert_int_equal(store_comment_delete(s, c2, u, NOW + 1), STORE_OK);
    p = get_post(s, &a, pid, u);
    assert_int_equal(p.comment_count, 3);
    assert_int_equal(store_comment_get(s, &a, c1, &c), STORE_OK);
    assert_int_equal(c.reply_count, 1);
    assert_int_equal(store_comment_get(s, &a, c2, &c), STORE_NOTFOUND);
    assert_int_equal(store_comment_delete(s, c2, u, NOW + 2), STORE_NOTFOUND);
    p = get_post(s, &a, pid, u);
    assert_int_equal(p.comment_count, 3); /* a second delete changes nothing */

    assert_int_equal(store_comment_delete(s, c4, u, NOW + 3), STORE_OK);
    p = get_post(s, &a, pid, u);
    assert_int_equal(p.comment_count, 2);

    struct comment *list;
    size_t n;
    assert_int_equal(store_comment_list(s, &a, pid, 0, 10, &list, &n), STORE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, c1);
    assert_int_equal(list[1].id, c3);
    assert_int_equal(store_comment_list(s, &a, pid, c1, 10, &list, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, c3);
    arena_free(&a);
}

static void test_reaction_set_replace_delete_counts(void **state)
{
    struct store *s = st_of(state);
    int64_t a1 = tu_user(s, "a1"), b1 = tu_user(s, "b1"), c1 = tu_user(s, "c1");
    int64_t gid = mk_group(s, a1, "G", "P.", PRIVACY_OPEN);
    int64_t pid = mk_post(s, gid, a1, "post", NOW);
    int like = reaction_kind_index("like"), love = reaction_kind_index("love");
    int celebrate = reaction_kind_index("celebrate");
    assert_true(like >= 0 && love >= 0 && celebrate >= 0);

    assert_int_equal(store_reaction_set(s, pid, a1, like, NOW), STORE_OK);
    assert_int_equal(store_reaction_set(s, pid, b1, like, NOW), STORE_OK);
    assert_int_equal(store_reaction_set(s, pid, c1, love, NOW), STORE_OK);
    struct arena a;
    arena_init(&a, 0);
    struct post p = get_post(s, &a, pid, a1);
    assert_int_equal(p.reaction_count, 3);
    assert_int_equal(p.reaction_by_kind[like], 2);
    assert_int_equal(p.reaction_by_kind[love], 1);
    assert_int_equal(p.reaction_by_kind[celebrate], 0);
    assert_int_equal(p.viewer_reaction, like);

    /* The same reaction again changes nothing. */
    assert_int_equal(store_reaction_set(s, pid, a1, like, NOW + 1), STORE_OK);
    p = get_post(s, &a, pid, a1);
    assert_int_equal(p.reaction_count, 3);
    assert_int_equal(p.reaction_by_kind[like], 2);

    /* Another kind replaces: one reaction per person. */
    assert_int_equal(store_reaction_set(s, pid, a1, celebrate, NOW + 2), STORE_OK);
    p = get_post(s, &a, pid, a1);
    assert_int_equal(p.reaction_count, 3);
    assert_int_equal(p.reaction_by_kind[like], 1);
    assert_int_equal(p.reaction_by_kind[celebrate], 1);
    assert_int_equal(p.reaction_by_kind[love], 1);
    assert_int_equal(p.viewer_reaction, celebrate);

    /* Deleting needs the right kind. */
    assert_int_equal(store_reaction_delete(s, pid, b1, love), STORE_NOTFOUND);
    p = get_post(s, &a, pid, a1);
    assert_int_equal(p.reaction_count, 3);
    assert_int_equal(store_reaction_delete(s, pid, b1, like), STORE_OK);
    p = get_post(s, &a, pid, b1);
    assert_int_equal(p.reaction_count, 2);
    assert_int_equal(p.reaction_by_kind[like], 0);
    assert_int_equal(p.viewer_reaction, -1);
    assert_int_equal(store_reaction_delete(s, pid, b1, like), STORE_NOTFOUND);
    int64_t sum = 0;
    for (int k = 0; k < REACTION_KINDS; k++)
        sum += p.reaction_by_kind[k];
    assert_int_equal(sum, p.reaction_count);
    arena_free(&a);
}

static void test_mentions_set_resolves_known_ignores_unknown(void **state)
{
    struct store *s = st_of(state);
    int64_t alice = tu_user(s, "alice");
    int64_t bob = tu_user(s, "bob");
    int64_t gid = mk_group(s, alice, "G", "P.", PRIVACY_OPEN);
    int64_t pid = mk_post(s, gid, alice, "hi @bob @ghost @alice", NOW);
    char *logins[] = {"bob", "ghost", "alice", "bob"};
    assert_int_equal(store_mentions_set(s, false, pid, logins, 4, NOW), STORE_OK);
    struct arena a;
    arena_init(&a, 0);
    struct user *u;
    size_t n;
    assert_int_equal(store_mentions_list(s, &a, false, pid, &u, &n), STORE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(u[0].id, alice); /* ordered by login */
    assert_int_equal(u[1].id, bob);

    /* Comments are a separate namespace of sources. */
    assert_int_equal(store_mentions_list(s, &a, true, pid, &u, &n), STORE_OK);
    assert_int_equal(n, 0);

    /* A new set replaces the old one. */
    char *again[] = {"bob"};
    assert_int_equal(store_mentions_set(s, false, pid, again, 1, NOW + 1), STORE_OK);
    assert_int_equal(store_mentions_list(s, &a, false, pid, &u, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(u[0].id, bob);
    assert_int_equal(store_mentions_set(s, false, pid, NULL, 0, NOW + 2), STORE_OK);
    assert_int_equal(store_mentions_list(s, &a, false, pid, &u, &n), STORE_OK);
    assert_int_equal(n, 0);
    arena_free(&a);
}

static void test_posts_hydrate_latest_comments_and_viewer_reaction(void **state)
{
    struct store *s = st_of(state);
    int64_t u = tu_user(s, "author");
    int64_t v = tu_user(s, "viewer");
    int64_t gid = mk_group(s, u, "G", "P.", PRIVACY_OPEN);
    int64_t p1 = mk_post(s, gid, u, "with comments", NOW);
    int64_t p2 = mk_post(s, gid, u, "quiet", NOW + 1);
    mk_comment(s, p1, 0, u, "first");
    int64_t c2 = mk_comment(s, p1, 0, v, "second");
    int64_t c3 = mk_comment(s, p1, 0, u, "third");
    int love = reaction_kind_index("love");
    assert_int_equal(store_reaction_set(s, p1, v, love, NOW), STORE_OK);

    struct arena a;
    arena_init(&a, 0);
    int64_t ids[] = {p2, p1, p2 + 1000};
    struct post out[3];
    size_t n = 99;
    assert_int_equal(store_posts_hydrate(s, &a, v, ids, 3, out, &n), STORE_OK);
    assert_int_equal(n, 2); /* the unknown id is skipped */
    assert_int_equal(out[0].id, p2);
    assert_int_equal(out[0].n_latest, 0);
    assert_int_equal(out[0].viewer_reaction, -1);
    assert_int_equal(out[1].id, p1);
    assert_int_equal(out[1].comment_count, 3);
    assert_int_equal(out[1].n_latest, 2);
    assert_int_equal(out[1].latest[0].id, c2); /* the latest two, oldest first */
    assert_string_equal(out[1].latest[0].body, "second");
    assert_string_equal(out[1].latest[0].author.login, "viewer");
    assert_int_equal(out[1].latest[1].id, c3);
    assert_string_equal(out[1].latest[1].body, "third");
    assert_int_equal(out[1].viewer_reaction, love);

    /* Another viewer sees the same post without a reaction of their own. */
    assert_int_equal(store_posts_hydrate(s, &a, u, &ids[1], 1, out, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(out[0].viewer_reaction, -1);
    assert_int_equal(out[0].reaction_by_kind[love], 1);

    /* A hidden comment drops out of the latest two. */
    assert_int_equal(store_comment_delete(s, c3, u, NOW + 5), STORE_OK);
    assert_int_equal(store_posts_hydrate(s, &a, v, &ids[1], 1, out, &n), STORE_OK);
    assert_int_equal(out[0].n_latest, 2);
    assert_string_equal(out[0].latest[0].body, "first");
    assert_int_equal(out[0].latest[1].id, c2);
    arena_free(&a);
}

/* ---- group listing ---- */

/* Whether a group of this name is in the list the filter yields. */
static bool listed(struct store *s, const struct group_filter *f, const char *name)
{
    struct arena a;
    arena_init(&a, 0);
    struct group *g;
    size_t n;
    assert_int_equal(store_group_list(s, &a, f, NULL, 0, 100, &g, &n), STORE_OK);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(g[i].name, name) == 0)
            found = true;
    arena_free(&a);
    return found;
}

static size_t list_count(struct store *s, const struct group_filter *f)
{
    struct arena a;
    arena_init(&a, 0);
    struct group *g;
    size_t n;
    assert_int_equal(store_group_list(s, &a, f, NULL, 0, 100, &g, &n), STORE_OK);
    arena_free(&a);
    return n;
}

static void test_group_list_hides_secret_groups(void **state)
{
    struct store *s = st_of(state);
    int64_t owner = tu_user(s, "owner"), invitee = tu_user(s, "invitee");
    int64_t pending = tu_user(s, "pending"), outsider = tu_user(s, "outsider");
    int64_t sysadmin = tu_user_role(s, "sysadmin", ROLE_ADMIN);
    mk_group(s, owner, "Open", "P.", PRIVACY_OPEN);
    mk_group(s, owner, "Closed", "P.", PRIVACY_CLOSED);
    int64_t sec = mk_group(s, owner, "Secret", "P.", PRIVACY_SECRET);
    assert_int_equal(store_member_set(s, sec, owner, MEMBER_ACTIVE, GROUP_ADMIN, owner, NOW),
                     STORE_OK);
    assert_int_equal(store_member_set(s, sec, invitee, MEMBER_INVITED, GROUP_MEMBER, owner, NOW),
                     STORE_OK);
    assert_int_equal(store_member_set(s, sec, pending, MEMBER_PENDING, GROUP_MEMBER, pending, NOW),
                     STORE_OK);

    struct group_filter f = {.viewer_id = outsider};
    assert_true(listed(s, &f, "Open"));
    assert_true(listed(s, &f, "Closed"));
    assert_false(listed(s, &f, "Secret"));
    assert_int_equal(list_count(s, &f), 2);
    f.viewer_id = owner;
    assert_true(listed(s, &f, "Secret"));
    f.viewer_id = invitee;
    assert_true(listed(s, &f, "Secret"));
    f.viewer_id = pending;
    assert_false(listed(s, &f, "Secret"));
    f.viewer_id = sysadmin;
    assert_false(listed(s, &f, "Secret")); /* the role alone does nothing: the filter decides */
    f.see_all_secret = true;
    assert_true(listed(s, &f, "Secret"));
    assert_int_equal(list_count(s, &f), 3);
}

static void test_group_list_only_mine(void **state)
{
    struct store *s = st_of(state);
    int64_t u = tu_user(s, "u"), other = tu_user(s, "other");
    int64_t g1 = mk_group(s, other, "Active here", "P.", PRIVACY_OPEN);
    int64_t g2 = mk_group(s, other, "Pending here", "P.", PRIVACY_CLOSED);
    int64_t g3 = mk_group(s, other, "Invited here", "P.", PRIVACY_SECRET);
    mk_group(s, other, "Not mine", "P.", PRIVACY_OPEN);
    int64_t g5 = mk_group(s, other, "Secret and mine", "P.", PRIVACY_SECRET);
    assert_int_equal(store_member_set(s, g1, u, MEMBER_ACTIVE, GROUP_MEMBER, u, NOW), STORE_OK);
    assert_int_equal(store_member_set(s, g2, u, MEMBER_PENDING, GROUP_MEMBER, u, NOW), STORE_OK);
    assert_int_equal(store_member_set(s, g3, u, MEMBER_INVITED, GROUP_MEMBER, other, NOW),
                     STORE_OK);
    assert_int_equal(store_member_set(s, g5, u, MEMBER_ACTIVE, GROUP_MEMBER, other, NOW), STORE_OK);
    struct group_filter f = {.viewer_id = u, .only_state = MEMBER_ACTIVE};
    assert_int_equal(list_count(s, &f), 2);
    assert_true(listed(s, &f, "Active here"));
    assert_true(listed(s, &f, "Secret and mine"));
    assert_false(listed(s, &f, "Invited here"));
    assert_false(listed(s, &f, "Pending here"));
    f.only_state = MEMBER_NONE;
    assert_int_equal(list_count(s, &f), 5);
}

static void test_group_list_query_treats_like_metacharacters_literally(void **state)
{
    struct store *s = st_of(state);
    int64_t u = tu_user(s, "u");
    mk_group(s, u, "100% attendance", "Attendance.", PRIVACY_OPEN);
    mk_group(s, u, "1000 attendees", "Attendance.", PRIVACY_OPEN);
    mk_group(s, u, "a_b team", "Team.", PRIVACY_OPEN);
    mk_group(s, u, "axb team", "Team.", PRIVACY_OPEN);
    mk_group(s, u, "Back\\slash", "Odd.", PRIVACY_OPEN);
    mk_group(s, u, "Plain", "Discuss 50% of the budget.", PRIVACY_OPEN);
    struct group_filter f = {.viewer_id = u, .query = "%"};
    assert_int_equal(list_count(s, &f), 2); /* name or purpose contains a '%' */
    assert_true(listed(s, &f, "100% attendance"));
    assert_true(listed(s, &f, "Plain"));
    f.query = "0%";
    assert_int_equal(list_count(s, &f), 2);
    assert_false(listed(s, &f, "1000 attendees"));
    f.query = "_";
    assert_int_equal(list_count(s, &f), 1);
    assert_true(listed(s, &f, "a_b team"));
    f.query = "a_b";
    assert_int_equal(list_count(s, &f), 1);
    f.query = "\\";
    assert_int_equal(list_count(s, &f), 1);
    assert_true(listed(s, &f, "Back\\slash"));
    /* A plain substring of name or purpose, case-insensitive for ASCII. */
    f.query = "TEAM";
    assert_int_equal(list_count(s, &f), 2);
    f.query = "attend";
    assert_int_equal(list_count(s, &f), 2);
    f.query = "budget";
    assert_int_equal(list_count(s, &f), 1);
    f.query = "nothing like it";
    assert_int_equal(list_count(s, &f), 0);
    f.query = ""; /* an empty query filters nothing */
    assert_int_equal(list_count(s, &f), 6);
}

static void test_group_list_cursor_pagination(void **state)
{
    struct store *s = st_of(state);
    int64_t u = tu_user(s, "u");
    int64_t charlie = mk_group(s, u, "charlie", "P.", PRIVACY_OPEN);
    int64_t alpha1 = mk_group(s, u, "alpha", "P.", PRIVACY_OPEN);
    int64_t bravo = mk_group(s, u, "Bravo", "P.", PRIVACY_OPEN);
    int64_t alpha2 = mk_group(s, u, "ALPHA", "P.", PRIVACY_OPEN);
    int64_t delta = mk_group(s, u, "delta", "P.", PRIVACY_OPEN);
    /* Name without regard to ASCII case, then id. */
    int64_t want[] = {alpha1, alpha2, bravo, charlie, delta};
    struct group_filter f = {.viewer_id = u};
    struct arena a;
    arena_init(&a, 0);
    const char *after_name = NULL;
    int64_t after_id = 0;
    size_t seen = 0;
    for (int page = 0; page < 5; page++) {
        struct group *g;
        size_t n;
        assert_int_equal(store_group_list(s, &a, &f, after_name, after_id, 2, &g, &n), STORE_OK);
        assert_true(n <= 2);
        for (size_t i = 0; i < n; i++) {
            assert_true(seen < 5);
            assert_int_equal(g[i].id, want[seen]);
            seen++;
        }
        if (n < 2)
            break;
        after_name = g[n - 1].name;
        after_id = g[n - 1].id;
    }
    assert_int_equal(seen, 5);
    arena_free(&a);
}

/* ---- text is data ---- */

static void test_sql_metacharacters_round_trip(void **state)
{
    struct store *s = st_of(state);
    const char *name = "Robert'); DROP TABLE users;--";
    const char *title = "50%_off \\ \"quoted\" `tick` ;";
    struct user u = {.login = "bobby", .name = name, .title = title};
    assert_int_equal(store_user_create(s, &u, "x' OR '1'='1"), STORE_OK);
    const char *gname = "G'; DELETE FROM groups; --";
    int64_t gid = mk_group(s, u.id, gname, "' OR 1=1 --", PRIVACY_OPEN);
    const char *body = "'; UPDATE posts SET body = 'pwned'; -- \xE2\x82\xAC";
    int64_t pid = mk_post(s, gid, u.id, body, NOW);
    int64_t pid2 = mk_post(s, gid, u.id, "untouched", NOW);

    struct arena a;
    arena_init(&a, 0);
    struct user back;
    const char *hash = NULL;
    assert_int_equal(store_user_by_login(s, &a, "bobby", &back, &hash), STORE_OK);
    assert_string_equal(back.name, name);
    assert_string_equal(back.title, title);
    assert_string_equal(hash, "x' OR '1'='1");
    assert_int_equal(store_user_by_login(s, &a, "' OR '1'='1", &back, NULL), STORE_NOTFOUND);
    struct group g;
    assert_int_equal(store_group_get(s, &a, gid, u.id, &g), STORE_OK);
    assert_string_equal(g.name, gname);
    assert_string_equal(g.purpose, "' OR 1=1 --");
    struct post p = get_post(s, &a, pid, u.id);
    assert_string_equal(p.body, body);
    p = get_post(s, &a, pid2, u.id);
    assert_string_equal(p.body, "untouched");
    /* The tables are all still there. */
    assert_true(tu_user(s, "after") > u.id);
    struct group_filter f = {.viewer_id = u.id, .query = "'; DELETE"};
    assert_true(listed(s, &f, gname));
    arena_free(&a);
}

/* ---- the WAL's checkpointer ---- */

#define WAL_CAP 64 /* pages: small, so a few hundred writes cross it */

/* A post written the way core writes one: in a write transaction, on the
 * pool's writer connection, whose commits the checkpointer follows. */
static int64_t wal_post(struct tu_db *t, int64_t group, int64_t author, const char *body)
{
    assert_int_equal(store_begin_write(t->s), STORE_OK);
    int64_t id = mk_post(t->s, group, author, body, NOW);
    assert_int_equal(store_commit(t->s), STORE_OK);
    return id;
}

static long wal_file_size(struct tu_db *t)
{
    char wal[sizeof t->path + 8];
    snprintf(wal, sizeof wal, "%s-wal", t->path);
    struct stat st;
    return stat(wal, &st) == 0 ? (long)st.st_size : 0;
}

/* Writes a small post every 10 ms (the WAL starts over only when a write
 * begins) until the checkpointer has restarted the log more than `after`
 * times and the log is back under the cap; at most 5 s. */
static void wal_settle(struct tu_db *t, int64_t group, int64_t author, uint64_t after)
{
    struct store_wal_stats w;
    for (int i = 0; i < 500; i++) {
        store_pool_wal_stats(t->pool, &w);
        if (w.restarts > after && w.pages < WAL_CAP)
            break;
        wal_post(t, group, author, "settle");
        usleep(10000);
    }
    store_pool_wal_stats(t->pool, &w);
    assert_true(w.restarts > after);
    assert_true(w.pages < WAL_CAP);
}

static void test_wal_stays_under_cap_after_many_writes(void **state)
{
    struct tu_db *t = *state;
    store_pool_wal_limit(t->pool, WAL_CAP);
    int64_t u = tu_user(t->s, "writer");
    int64_t g = mk_group(t->s, u, "busy", "", PRIVACY_OPEN);
    char body[3001];
    memset(body, 'x', sizeof body - 1);
    body[sizeof body - 1] = '\0';
    /* Some 800 posts of 3 KB: dozens of times the cap in WAL pages. */
    for (int i = 0; i < 800; i++)
        wal_post(t, g, u, body);
    wal_settle(t, g, u, 0);
    struct store_wal_stats w;
    store_pool_wal_stats(t->pool, &w);
    assert_true(w.checkpoints > w.restarts);
    /* The write that started the log over cut the file back to the cap. */
    assert_true(wal_file_size(t) <= WAL_CAP * 4096L);
}

static void test_wal_reader_pinning_the_log_does_not_stop_writes(void **state)
{
    struct tu_db *t = *state;
    store_pool_wal_limit(t->pool, WAL_CAP);
    int64_t u = tu_user(t->s, "writer");
    int64_t g = mk_group(t->s, u, "busy", "", PRIVACY_OPEN);
    int64_t before = wal_post(t, g, u, "before the reader");

    struct store *r = store_acquire(t->pool);
    assert_non_null(r);
    struct arena a;
    arena_init(&a, 0);
    assert_int_equal(store_begin_read(r), STORE_OK);
    struct post p;
    assert_int_equal(store_post_get(r, &a, before, u, &p), STORE_OK);

    /* The reader's snapshot keeps the WAL from being copied back or started
     * over: it grows past the cap, and every write still goes through (each
     * restart attempt gives up after its wait for the reader). */
    char body[3001];
    memset(body, 'y', sizeof body - 1);
    body[sizeof body - 1] = '\0';
    struct store_wal_stats w = {0};
    int64_t during = 0;
    for (int i = 0; i < 2000 && w.pages < 2 * WAL_CAP; i++) {
        during = wal_post(t, g, u, body);
        store_pool_wal_stats(t->pool, &w);
    }
    assert_true(w.pages >= 2 * WAL_CAP);
    uint64_t restarts = w.restarts;
    /* The reader still reads its snapshot. */
    assert_int_equal(store_post_get(r, &a, before, u, &p), STORE_OK);
    assert_int_equal(store_post_get(r, &a, during, u, &p), STORE_NOTFOUND);
    assert_int_equal(store_commit(r), STORE_OK);
    store_release(t->pool, r);
    arena_free(&a);

    /* Once it has gone, the log starts over and shrinks back to the cap. */
    wal_settle(t, g, u, restarts);
    assert_true(wal_file_size(t) <= WAL_CAP * 4096L);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tu_setup_db, tu_teardown_db)

static int group_setup(void **state)
{
    return tu_init();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_migrations_applied),
        T(test_reopen_is_idempotent),
        T(test_user_create_get_by_login),
        T(test_user_duplicate_login_conflict),
        T(test_user_set_status),
        T(test_session_create_lookup),
        T(test_session_expiry),
        T(test_session_delete),
        T(test_token_create_lookup_revoke),
        T(test_login_failure_count_and_clear),
        T(test_login_failures_older_than_a_day_are_pruned),
        T(test_group_create_get_with_viewer_state),
        T(test_group_update_archives),
        T(test_membership_set_get_delete),
        T(test_member_count_trigger),
        T(test_user_feed_groups_are_active_memberships),
        T(test_post_create_adds_revision_1),
        T(test_post_update_adds_revision_and_sets_edited_at),
        T(test_post_delete_hides_from_group_post_ids),
        T(test_group_post_ids_order_before_floor_limit),
        T(test_comment_counts),
        T(test_reaction_set_replace_delete_counts),
        T(test_mentions_set_resolves_known_ignores_unknown),
        T(test_posts_hydrate_latest_comments_and_viewer_reaction),
        T(test_group_list_hides_secret_groups),
        T(test_group_list_only_mine),
        T(test_group_list_query_treats_like_metacharacters_literally),
        T(test_group_list_cursor_pagination),
        T(test_sql_metacharacters_round_trip),
        T(test_wal_stays_under_cap_after_many_writes),
        T(test_wal_reader_pinning_the_log_does_not_stop_writes),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
