/* Helpers shared by the unit tests: a fresh SQLite database in its own
 * temporary directory (removed afterwards), quick users, groups and viewers.
 * Everything is static inline so each test file stays one translation unit.
 * Include after <cmocka.h>: failures here are cmocka assertion failures. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "core/group.h"
#include "core/post.h"
#include "store/store.h"
#include "util/log.h"
#include "util/secret.h"

/* One test database: its directory, its file, its pool, one connection. */
struct tu_db {
    char dir[64];
    char path[128];
    struct store_pool *pool;
    struct store *s;
};

/* Quiets logging and initialises libsodium; call once per test binary (a
 * cmocka group setup can return it). 0 on success. */
static inline int tu_init(void)
{
    log_min_level = LOG_ERROR;
    return secret_init();
}

/* Creates a fresh database under /tmp and opens a pool and a connection on it. */
static inline void tu_db_open(struct tu_db *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "/tmp/staffroom-test-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/test.db", t->dir);
    assert_int_equal(store_pool_open(t->path, &t->pool), STORE_OK);
    t->s = store_acquire(t->pool);
    assert_non_null(t->s);
}

/* Closes the pool (keeping the files). */
static inline void tu_db_close_pool(struct tu_db *t)
{
    if (t->s)
        store_release(t->pool, t->s);
    t->s = NULL;
    store_pool_close(t->pool);
    t->pool = NULL;
}

/* Closes the pool and removes the database directory with everything in it
 * (the database, its -wal and -shm files). */
static inline void tu_db_close(struct tu_db *t)
{
    tu_db_close_pool(t);
    DIR *d = opendir(t->dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[sizeof t->dir + 300];
            snprintf(p, sizeof p, "%s/%s", t->dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(t->dir);
}

/* cmocka per-test setup and teardown: *state becomes a struct tu_db *. */
static inline int tu_setup_db(void **state)
{
    struct tu_db *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    tu_db_open(t);
    *state = t;
    return 0;
}

static inline int tu_teardown_db(void **state)
{
    struct tu_db *t = *state;
    if (t) {
        tu_db_close(t);
        free(t);
    }
    return 0;
}

/* Creates a user with this login (and name), no password; returns its id. */
static inline int64_t tu_user_role(struct store *s, const char *login, enum user_role role)
{
    struct user u = {.login = login, .name = login, .role = role, .status = USER_ACTIVE};
    assert_int_equal(store_user_create(s, &u, NULL), STORE_OK);
    assert_true(u.id > 0);
    return u.id;
}

static inline int64_t tu_user(struct store *s, const char *login)
{
    return tu_user_role(s, login, ROLE_MEMBER);
}

/* The viewer for a user record. */
static inline struct viewer tu_viewer(const struct user *u)
{
    struct viewer v = {.id = u->id, .role = u->role, .login = u->login};
    return v;
}

/* Creates a user and returns its viewer; login must outlive the viewer. */
static inline struct viewer tu_person(struct store *s, const char *login, enum user_role role)
{
    struct viewer v = {.id = tu_user_role(s, login, role), .role = role, .login = login};
    return v;
}

/* Creates a group through core (the creator becomes its admin); returns its id. */
static inline int64_t tu_group(struct store *s, const struct viewer *creator, const char *name,
                               enum privacy privacy)
{
    struct group g = {.name = name, .purpose = "For testing.", .privacy = privacy};
    struct fail f = {0};
    assert_int_equal(group_create(s, creator, &g, &f), CORE_OK);
    assert_true(g.id > 0);
    return g.id;
}

/* Adds target to the group as v (joining, requesting, inviting or approving). */
static inline void tu_join(struct store *s, const struct viewer *v, int64_t gid, int64_t target)
{
    struct arena a;
    arena_init(&a, 0);
    enum member_state st;
    enum group_role role;
    struct fail f = {0};
    assert_int_equal(member_add(s, &a, v, gid, target, &st, &role, &f), CORE_OK);
    arena_free(&a);
}

/* A post by v in the group; its id. */
static inline int64_t tu_post(struct store *s, const struct viewer *v, int64_t gid,
                              const char *body)
{
    struct arena a;
    arena_init(&a, 0);
    struct post p;
    struct fail f = {0};
    assert_int_equal(post_create(s, &a, v, gid, body, &p, &f), CORE_OK);
    arena_free(&a);
    return p.id;
}

#endif
