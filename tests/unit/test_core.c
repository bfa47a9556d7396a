/* Unit tests for core's flows against a real temporary database: account
 * creation and sign-in (validation, throttling, deactivation), groups and
 * memberships (joining, requests, invitations, the last admin), posts and
 * their revisions, reply threading, and the home and group feeds. The rule
 * table itself is in test_perm.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/core.h"
#include "core/group.h"
#include "core/post.h"
#include "testutil.h"

#define PASSWORD "correct horse battery"

static struct store *st_of(void **state)
{
    return ((struct tu_db *)*state)->s;
}

static void expect_fail(enum core_err got, const struct fail *f, enum core_err want,
                        const char *code, const char *field)
{
    assert_int_equal(got, want);
    assert_int_equal(f->err, want);
    if (code) {
        assert_non_null(f->code);
        assert_string_equal(f->code, code);
    }
    if (field) {
        assert_non_null(f->field);
        assert_string_equal(f->field, field);
    }
    assert_non_null(f->detail);
}

/* Creates an account with PASSWORD through core; returns its id. */
static int64_t mk_account(struct store *s, const char *login)
{
    struct user u = {.login = login, .name = "Test Person"};
    struct fail f = {0};
    assert_int_equal(account_create(s, &u, PASSWORD, &f), CORE_OK);
    assert_true(u.id > 0);
    return u.id;
}

static enum core_err join(struct store *s, const struct viewer *v, int64_t gid, int64_t target,
                          enum member_state *st, struct fail *f)
{
    struct arena a;
    arena_init(&a, 0);
    enum group_role role;
    enum core_err rc = member_add(s, &a, v, gid, target, st, &role, f);
    arena_free(&a);
    return rc;
}

/* Joins (or accepts, or approves) and asserts the resulting state. */
static void join_ok(struct store *s, const struct viewer *v, int64_t gid, int64_t target,
                    enum member_state want)
{
    struct fail f = {0};
    enum member_state st = MEMBER_NONE;
    assert_int_equal(join(s, v, gid, target, &st, &f), CORE_OK);
    assert_int_equal(st, want);
}

static enum member_state state_of(struct store *s, int64_t gid, int64_t uid)
{
    enum member_state st;
    enum group_role role;
    assert_int_equal(store_member_get(s, gid, uid, &st, &role), STORE_OK);
    return st;
}

static int64_t count_of(struct store *s, int64_t gid)
{
    struct arena a;
    arena_init(&a, 0);
    struct group g;
    assert_int_equal(store_group_get(s, &a, gid, 0, &g), STORE_OK);
    arena_free(&a);
    return g.member_count;
}

static int64_t mk_post(struct store *s, const struct viewer *v, int64_t gid, const char *body)
{
    struct arena a;
    arena_init(&a, 0);
    struct post p;
    struct fail f = {0};
    assert_int_equal(post_create(s, &a, v, gid, body, &p, &f), CORE_OK);
    assert_true(p.id > 0);
    arena_free(&a);
    return p.id;
}

/* ---- accounts ---- */

static void test_account_create_rejects_bad_login(void **state)
{
    struct store *s = st_of(state);
    const char *bad[] = {
        "",
        "a",
        "Upper",
        "-lead",
        ".lead",
        "_lead",
        "has space",
        "semi;colon",
        "é",
        "x@example",
        "abcdefghijklmnopqrstuvwxyz0123456", /* 33 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct user u = {.login = bad[i], .name = "Name"};
        struct fail f = {0};
        expect_fail(account_create(s, &u, PASSWORD, &f), &f, CORE_INVALID, "invalid_login",
                    "login");
    }
    struct user none = {.login = NULL, .name = "Name"};
    struct fail f = {0};
    expect_fail(account_create(s, &none, NULL, &f), &f, CORE_INVALID, "invalid_login", "login");
    /* The edges of the rule are accepted. */
    const char *good[] = {"ab", "a.b-c_d", "9lives", "abcdefghijklmnopqrstuvwxyz012345"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct user u = {.login = good[i], .name = "Name"};
        struct fail g = {0};
        assert_int_equal(account_create(s, &u, NULL, &g), CORE_OK);
    }
}

static void test_account_create_rejects_empty_name(void **state)
{
    struct store *s = st_of(state);
    struct fail f = {0};
    struct user u = {.login = "nameless", .name = ""};
    expect_fail(account_create(s, &u, NULL, &f), &f, CORE_INVALID, "required", "name");
    u.name = "  \t ";
    memset(&f, 0, sizeof f);
    expect_fail(account_create(s, &u, NULL, &f), &f, CORE_INVALID, NULL, "name");
    u.name = NULL;
    memset(&f, 0, sizeof f);
    expect_fail(account_create(s, &u, NULL, &f), &f, CORE_INVALID, NULL, "name");
    u.name = "Bell\x07";
    memset(&f, 0, sizeof f);
    expect_fail(account_create(s, &u, NULL, &f), &f, CORE_INVALID, "invalid_characters", "name");
    char long_name[LIMIT_NAME_MAX + 2];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    u.name = long_name;
    memset(&f, 0, sizeof f);
    expect_fail(account_create(s, &u, NULL, &f), &f, CORE_INVALID, "too_long", "name");
    /* Nothing was stored. */
    struct arena a;
    arena_init(&a, 0);
    struct user back;
    assert_int_equal(store_user_by_login(s, &a, "nameless", &back, NULL), STORE_NOTFOUND);
    arena_free(&a);
}

static void test_account_create_rejects_short_password(void **state)
{
    struct store *s = st_of(state);
    struct user u = {.login = "shorty", .name = "Shorty"};
    struct fail f = {0};
    expect_fail(account_create(s, &u, "1234567", &f), &f, CORE_INVALID, "password_too_short",
                "password");
    memset(&f, 0, sizeof f);
    expect_fail(account_create(s, &u, "", &f), &f, CORE_INVALID, "password_too_short", "password");
    struct arena a;
    arena_init(&a, 0);
    struct user back;
    assert_int_equal(store_user_by_login(s, &a, "shorty", &back, NULL), STORE_NOTFOUND);
    arena_free(&a);
    memset(&f, 0, sizeof f);
    assert_int_equal(account_create(s, &u, "12345678", &f), CORE_OK); /* 8 is enough */
}

static void test_account_create_duplicate_login(void **state)
{
    struct store *s = st_of(state);
    mk_account(s, "twin");
    struct user u = {.login = "twin", .name = "The Other Twin"};
    struct fail f = {0};
    expect_fail(account_create(s, &u, PASSWORD, &f), &f, CORE_CONFLICT, "login_taken", "login");
    /* The failed attempt left the store usable (no transaction left open). */
    mk_account(s, "triplet");
}

static void test_account_login_success(void **state)
{
    struct store *s = st_of(state);
    int64_t id = mk_account(s, "signer");
    struct arena a;
    arena_init(&a, 0);
    struct login_result r;
    struct fail f = {0};
    assert_int_equal(
        account_login(s, &a, "signer", PASSWORD, "10.0.0.1", NULL, SESSION_TTL_MS_DEFAULT, &r, &f),
        CORE_OK);
    assert_int_equal(r.user.id, id);
    assert_int_equal(strlen(r.session), SECRET_TOKEN_LEN);
    assert_int_equal(strlen(r.session), 43);
    assert_int_equal(strlen(r.csrf), 43);
    assert_string_not_equal(r.session, r.csrf);

    struct user u;
    const char *csrf = NULL;
    assert_int_equal(account_session_user(s, &a, r.session, &u, &csrf, &f), CORE_OK);
    assert_int_equal(u.id, id);
    assert_string_equal(csrf, r.csrf);
    /* Only the digest is stored: the token itself is not a key. */
    assert_int_equal(store_session_lookup(s, &a, r.session, core_now_ms(), &u, NULL),
                     STORE_NOTFOUND);
    arena_free(&a);
}

static void test_account_login_rotates_old_session(void **state)
{
    struct store *s = st_of(state);
    mk_account(s, "rotor");
    struct arena a;
    arena_init(&a, 0);
    struct login_result r1, r2;
    struct fail f = {0};
    assert_int_equal(account_login(s, &a, "rotor", PASSWORD, "ip", NULL, 60000, &r1, &f), CORE_OK);
    assert_int_equal(account_login(s, &a, "rotor", PASSWORD, "ip", r1.session, 60000, &r2, &f),
                     CORE_OK);
    assert_string_not_equal(r1.session, r2.session);
    struct user u;
    memset(&f, 0, sizeof f);
    expect_fail(account_session_user(s, &a, r1.session, &u, NULL, &f), &f, CORE_UNAUTH, NULL, NULL);
    assert_int_equal(account_session_user(s, &a, r2.session, &u, NULL, &f), CORE_OK);
    /* And logout ends the new one. */
    assert_int_equal(account_logout(s, r2.session), CORE_OK);
    assert_int_equal(account_session_user(s, &a, r2.session, &u, NULL, &f), CORE_UNAUTH);
    arena_free(&a);
}

static void test_account_login_wrong_password(void **state)
{
    struct store *s = st_of(state);
    mk_account(s, "victim");
    struct arena a;
    arena_init(&a, 0);
    struct login_result r;
    struct fail f = {0};
    expect_fail(account_login(s, &a, "victim", "wrong password", "ip", NULL, 60000, &r, &f), &f,
                CORE_UNAUTH, "invalid_credentials", NULL);
    /* An unknown login fails the same way: no hint of which logins exist. */
    struct fail g = {0};
    expect_fail(account_login(s, &a, "nosuchuser", PASSWORD, "ip", NULL, 60000, &r, &g), &g,
                CORE_UNAUTH, "invalid_credentials", NULL);
    assert_string_equal(f.detail, g.detail);
    struct fail h = {0};
    expect_fail(account_login(s, &a, "Not A Login!", PASSWORD, "ip", NULL, 60000, &r, &h), &h,
                CORE_UNAUTH, "invalid_credentials", NULL);
    arena_free(&a);
}

static void test_account_login_throttled_after_5_failures(void **state)
{
    struct store *s = st_of(state);
    mk_account(s, "target");
    mk_account(s, "bystander");
    struct arena a;
    arena_init(&a, 0);
    struct login_result r;
    for (int i = 0; i < THROTTLE_PER_ACCOUNT; i++) {
        struct fail f = {0};
        assert_int_equal(
            account_login(s, &a, "target", "guess-guess", "203.0.113.9", NULL, 60000, &r, &f),
            CORE_UNAUTH);
    }
    /* Now even the right password is refused for a while. */
    struct fail f = {0};
    expect_fail(account_login(s, &a, "target", PASSWORD, "203.0.113.9", NULL, 60000, &r, &f), &f,
                CORE_THROTTLED, "too_many_attempts", NULL);
    assert_true(f.retry_after_s > 0);
    assert_true(f.retry_after_s <= THROTTLE_WINDOW_MS / 1000 + 1);
    /* From another address too: the limit is per account. */
    struct fail g = {0};
    expect_fail(account_login(s, &a, "target", PASSWORD, "198.51.100.1", NULL, 60000, &r, &g), &g,
                CORE_THROTTLED, "too_many_attempts", NULL);
    /* Another account is not affected. */
    struct fail h = {0};
    assert_int_equal(
        account_login(s, &a, "bystander", PASSWORD, "203.0.113.9", NULL, 60000, &r, &h), CORE_OK);
    arena_free(&a);
}

static void test_deactivated_user_cannot_log_in_and_session_stops(void **state)
{
    struct store *s = st_of(state);
    int64_t id = mk_account(s, "leaver");
    struct arena a;
    arena_init(&a, 0);
    struct login_result r;
    struct fail f = {0};
    assert_int_equal(account_login(s, &a, "leaver", PASSWORD, "ip", NULL, 60000, &r, &f), CORE_OK);
    struct viewer v = {.id = id, .role = ROLE_MEMBER, .login = "leaver"};
    char token[SECRET_TOKEN_LEN + 1];
    int64_t token_id = 0;
    assert_int_equal(account_token_create(s, &v, "script", token, &token_id, &f), CORE_OK);
    struct user u;
    assert_int_equal(account_token_user(s, &a, token, &u, &f), CORE_OK);
    assert_int_equal(u.id, id);

    assert_int_equal(account_deactivate(s, "leaver", &f), CORE_OK);

    memset(&f, 0, sizeof f);
    expect_fail(account_session_user(s, &a, r.session, &u, NULL, &f), &f, CORE_UNAUTH, NULL, NULL);
    memset(&f, 0, sizeof f);
    expect_fail(account_token_user(s, &a, token, &u, &f), &f, CORE_UNAUTH, NULL, NULL);
    memset(&f, 0, sizeof f);
    expect_fail(account_login(s, &a, "leaver", PASSWORD, "ip", NULL, 60000, &r, &f), &f,
                CORE_UNAUTH, "invalid_credentials", NULL);
    memset(&f, 0, sizeof f);
    expect_fail(account_deactivate(s, "nobody", &f), &f, CORE_NOTFOUND, "no_such_user", "login");
    arena_free(&a);
}

static void test_account_set_password_ends_sessions(void **state)
{
    struct store *s = st_of(state);
    mk_account(s, "changer");
    struct arena a;
    arena_init(&a, 0);
    struct login_result r;
    struct fail f = {0};
    assert_int_equal(account_login(s, &a, "changer", PASSWORD, "ip", NULL, 60000, &r, &f), CORE_OK);
    memset(&f, 0, sizeof f);
    expect_fail(account_set_password(s, "changer", "short", &f), &f, CORE_INVALID,
                "password_too_short", "password");
    assert_int_equal(account_set_password(s, "changer", "a brand new password", &f), CORE_OK);
    struct user u;
    assert_int_equal(account_session_user(s, &a, r.session, &u, NULL, &f), CORE_UNAUTH);
    assert_int_equal(account_login(s, &a, "changer", PASSWORD, "ip", NULL, 60000, &r, &f),
                     CORE_UNAUTH);
    memset(&f, 0, sizeof f);
    assert_int_equal(
        account_login(s, &a, "changer", "a brand new password", "ip", NULL, 60000, &r, &f),
        CORE_OK);
    arena_free(&a);
}

static void test_account_session_user_rejects_garbage(void **state)
{
    struct store *s = st_of(state);
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    struct fail f = {0};
    assert_int_equal(account_session_user(s, &a, "", &u, NULL, &f), CORE_UNAUTH);
    assert_int_equal(account_session_user(s, &a, "short", &u, NULL, &f), CORE_UNAUTH);
    char fake[SECRET_TOKEN_LEN + 1];
    secret_token_new(fake);
    assert_int_equal(account_session_user(s, &a, fake, &u, NULL, &f), CORE_UNAUTH);
    assert_int_equal(account_token_user(s, &a, fake, &u, &f), CORE_UNAUTH);
    arena_free(&a);
}

/* ---- groups and memberships ---- */

static void test_group_create_requires_purpose(void **state)
{
    struct store *s = st_of(state);
    struct viewer v = tu_person(s, "founder", ROLE_MEMBER);
    struct group g = {.name = "No purpose", .purpose = NULL, .privacy = PRIVACY_OPEN};
    struct fail f = {0};
    expect_fail(group_create(s, &v, &g, &f), &f, CORE_INVALID, "required", "purpose");
    g.purpose = " \n\t ";
    memset(&f, 0, sizeof f);
    expect_fail(group_create(s, &v, &g, &f), &f, CORE_INVALID, "required", "purpose");
    g.purpose = "";
    memset(&f, 0, sizeof f);
    expect_fail(group_create(s, &v, &g, &f), &f, CORE_INVALID, "required", "purpose");
    g.purpose = "A purpose.";
    g.name = NULL;
    memset(&f, 0, sizeof f);
    expect_fail(group_create(s, &v, &g, &f), &f, CORE_INVALID, "required", "name");

    /* None of those made a group. */
    struct arena a;
    arena_init(&a, 0);
    struct group *list;
    size_t n;
    int64_t next;
    assert_int_equal(group_list(s, &a, &v, MEMBER_NONE, NULL, 0, 10, &list, &n, &next, &f),
                     CORE_OK);
    assert_int_equal(n, 0);

    g.name = "With purpose";
    g.purpose = "For people who state their purpose.\nTwo lines are fine.";
    assert_int_equal(group_create(s, &v, &g, &f), CORE_OK);
    assert_true(g.id > 0);
    assert_int_equal(g.created_by, v.id);
    assert_int_equal(g.member_count, 1);
    assert_int_equal(g.viewer_state, MEMBER_ACTIVE);
    assert_int_equal(g.viewer_role, GROUP_ADMIN);
    struct group back;
    assert_int_equal(group_get(s, &a, &v, g.id, &back, &f), CORE_OK);
    assert_string_equal(back.purpose, g.purpose);
    assert_int_equal(back.member_count, 1);
    assert_int_equal(back.viewer_role, GROUP_ADMIN);
    arena_free(&a);
}

static void test_member_add_open_join_is_active(void **state)
{
    struct store *s = st_of(state);
    struct viewer owner = tu_person(s, "owner", ROLE_MEMBER);
    struct viewer joiner = tu_person(s, "joiner", ROLE_MEMBER);
    int64_t gid = tu_group(s, &owner, "Open", PRIVACY_OPEN);
    join_ok(s, &joiner, gid, 0, MEMBER_ACTIVE);
    assert_int_equal(state_of(s, gid, joiner.id), MEMBER_ACTIVE);
    assert_int_equal(count_of(s, gid), 2);
    /* Joining again changes nothing. */
    join_ok(s, &joiner, gid, joiner.id, MEMBER_ACTIVE);
    assert_int_equal(count_of(s, gid), 2);
}

static void test_member_add_closed_join_is_pending_until_approved(void **state)
{
    struct store *s = st_of(state);
    struct viewer owner = tu_person(s, "owner", ROLE_MEMBER);
    struct viewer asker = tu_person(s, "asker", ROLE_MEMBER);
    struct viewer member = tu_person(s, "member", ROLE_MEMBER);
    int64_t gid = tu_group(s, &owner, "Closed", PRIVACY_CLOSED);

    join_ok(s, &asker, gid, 0, MEMBER_PENDING);
    assert_int_equal(state_of(s, gid, asker.id), MEMBER_PENDING);
    assert_int_equal(count_of(s, gid), 1);
    join_ok(s, &asker, gid, 0, MEMBER_PENDING); /* asking twice is one request */

    /* An ordinary member cannot approve. */
    join_ok(s, &owner, gid, member.id, MEMBER_INVITED);
    join_ok(s, &member, gid, 0, MEMBER_ACTIVE);
    struct fail f = {0};
    enum member_state st;
    expect_fail(join(s, &member, gid, asker.id, &st, &f), &f, CORE_FORBIDDEN, NULL, NULL);
    assert_int_equal(state_of(s, gid, asker.id), MEMBER_PENDING);

    /* The group's admin approves. */
    join_ok(s, &owner, gid, asker.id, MEMBER_ACTIVE);
    assert_int_equal(state_of(s, gid, asker.id), MEMBER_ACTIVE);
    assert_int_equal(count_of(s, gid), 3);
}

static void test_member_add_secret_not_invited_is_not_found(void **state)
{
    struct store *s = st_of(state);
    struct viewer owner = tu_person(s, "owner", ROLE_MEMBER);
    struct viewer stranger = tu_person(s, "stranger", ROLE_MEMBER);
    int64_t gid = tu_group(s, &owner, "Secret", PRIVACY_SECRET);
    struct fail f = {0};
    enum member_state st;
    expect_fail(join(s, &stranger, gid, 0, &st, &f), &f, CORE_NOTFOUND, "not_found", NULL);
    assert_int_equal(state_of(s, gid, stranger.id), MEMBER_NONE);
    /* Exactly as for a group that does not exist. */
    struct fail g = {0};
    expect_fail(join(s, &stranger, gid + 100, 0, &st, &g), &g, CORE_NOTFOUND, "not_found", NULL);
    assert_string_equal(f.detail, g.detail);
    struct arena a;
    arena_init(&a, 0);
    struct group out;
    memset(&f, 0, sizeof f);
    expect_fail(group_get(s, &a, &stranger, gid, &out, &f), &f, CORE_NOTFOUND, NULL, NULL);
    arena_free(&a);
}

static void test_member_add_invite_then_accept(void **state)
{
    struct store *s = st_of(state);
    struct viewer owner = tu_person(s, "owner", ROLE_MEMBER);
    struct viewer guest = tu_person(s, "guest", ROLE_MEMBER);
    int64_t gid = tu_group(s, &owner, "Secret", PRIVACY_SECRET);
    join_ok(s, &owner, gid, guest.id, MEMBER_INVITED);
    assert_int_equal(count_of(s, gid), 1);
    /* The invitee now knows the group exists, but cannot read it yet. */
    struct arena a;
    arena_init(&a, 0);
    struct group g;
    struct fail f = {0};
    assert_int_equal(group_get(s, &a, &guest, gid, &g, &f), CORE_OK);
    assert_int_equal(g.viewer_state, MEMBER_INVITED);
    struct post *posts;
    size_t n;
    int64_t next;
    expect_fail(feed_group(s, &a, &guest, gid, 0, 10, &posts, &n, &next, NULL, &f), &f, CORE_NOTFOUND,
                NULL, NULL);
    /* Accepting makes them an active member. */
    join_ok(s, &guest, gid, 0, MEMBER_ACTIVE);
    assert_int_equal(state_of(s, gid, guest.id), MEMBER_ACTIVE);
    assert_int_equal(count_of(s, gid), 2);
    memset(&f, 0, sizeof f);
    assert_int_equal(feed_group(s, &a, &guest, gid, 0, 10, &posts, &n, &next, NULL, &f), CORE_OK);
    arena_free(&a);
}

static void test_member_add_unknown_target_is_invalid(void **state)
{
    struct store *s = st_of(state);
    struct viewer owner = tu_person(s, "owner", ROLE_MEMBER);
    int64_t gid = tu_group(s, &owner, "Open", PRIVACY_OPEN);
    struct fail f = {0};
    enum member_state st;
    expect_fail(join(s, &owner, gid, owner.id + 1000, &st, &f), &f, CORE_INVALID, "unknown_user",
                "user_id");
}

static void test_last_admin_cannot_leave(void **state)
{
    struct store *s = st_of(state);
    struct viewer owner = tu_person(s, "owner", ROLE_MEMBER);
    struct viewer other = tu_person(s, "other", ROLE_MEMBER);
    int64_t gid = tu_group(s, &owner, "Team", PRIVACY_OPEN);
    join_ok(s, &other, gid, 0, MEMBER_ACTIVE);

    struct arena a;
    arena_init(&a, 0);
    struct fail f = {0};
    expect_fail(member_remove(s, &a, &owner, gid, owner.id, &f), &f, CORE_CONFLICT, "last_admin",
                NULL);
    assert_int_equal(state_of(s, gid, owner.id), MEMBER_ACTIVE);
    /* Nor step down to member. */
    memset(&f, 0, sizeof f);
    expect_fail(member_set_role(s, &a, &owner, gid, owner.id, GROUP_MEMBER, &f), &f, CORE_CONFLICT,
                "last_admin", NULL);

    /* With another admin, leaving is fine. */
    memset(&f, 0, sizeof f);
    assert_int_equal(member_set_role(s, &a, &owner, gid, other.id, GROUP_ADMIN, &f), CORE_OK);
    assert_int_equal(member_remove(s, &a, &owner, gid, owner.id, &f), CORE_OK);
    assert_int_equal(state_of(s, gid, owner.id), MEMBER_NONE);
    assert_int_equal(count_of(s, gid), 1);
    /* The sole member, an admin, may leave an otherwise empty group. */
    assert_int_equal(member_remove(s, &a, &other, gid, other.id, &f), CORE_OK);
    assert_int_equal(count_of(s, gid), 0);
    arena_free(&a);
}

/* ---- posts and comments ---- */

static void test_post_create_by_non_member(void **state)
{
    struct store *s = st_of(state);
    struct viewer owner = tu_person(s, "owner", ROLE_MEMBER);
    struct viewer outsider = tu_person(s, "outsider", ROLE_MEMBER);
    int64_t open = tu_group(s, &owner, "Open", PRIVACY_OPEN);
    int64_t closed = tu_group(s, &owner, "Closed", PRIVACY_CLOSED);
    int64_t secret = tu_group(s, &owner, "Secret", PRIVACY_SECRET);
    int64_t all[] = {open, closed, secret};
    struct arena a;
    arena_init(&a, 0);
    struct post p;
    struct fail f = {0};
    expect_fail(post_create(s, &a, &outsider, open, "hello", &p, &f), &f, CORE_FORBIDDEN,
                "members_only", NULL);
    memset(&f, 0, sizeof f);
    expect_fail(post_create(s, &a, &outsider, closed, "hello", &p, &f), &f, CORE_FORBIDDEN,
                "members_only", NULL);
    memset(&f, 0, sizeof f);
    expect_fail(post_create(s, &a, &outsider, secret, "hello", &p, &f), &f, CORE_NOTFOUND,
                "not_found", NULL);
    /* Nothing was written. */
    int64_t ids[4];
    size_t n;
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(store_group_post_ids(s, all[i], 0, 0, 4, ids, &n), STORE_OK);
        assert_int_equal(n, 0);
    }
    /* The member can. */
    memset(&f, 0, sizeof f);
    assert_int_equal(post_create(s, &a, &owner, secret, "**hello**", &p, &f), CORE_OK);
    assert_int_equal(p.group_id, secret);
    assert_int_equal(p.author.id, owner.id);
    assert_string_equal(p.body, "**hello**");
    assert_non_null(strstr(p.body_html, "<strong>hello</strong>"));
    arena_free(&a);
}

static void test_post_update_by_non_author_is_forbidden(void **state)
{
    struct store *s = st_of(state);
    struct viewer author = tu_person(s, "author", ROLE_MEMBER);
    struct viewer other = tu_person(s, "other", ROLE_MEMBER);
    struct viewer root = tu_person(s, "root", ROLE_ADMIN);
    int64_t gid = tu_group(s, &author, "Open", PRIVACY_OPEN);
    join_ok(s, &other, gid, 0, MEMBER_ACTIVE);
    int64_t pid = mk_post(s, &author, gid, "original");
    struct arena a;
    arena_init(&a, 0);
    struct post p;
    struct fail f = {0};
    expect_fail(post_update(s, &a, &other, pid, "hijacked", &p, &f), &f, CORE_FORBIDDEN,
                "not_author", NULL);
    memset(&f, 0, sizeof f);
    expect_fail(post_update(s, &a, &root, pid, "hijacked", &p, &f), &f, CORE_FORBIDDEN,
                "not_author", NULL);
    struct post now;
    assert_int_equal(post_get(s, &a, &author, pid, &now, &f), CORE_OK);
    assert_string_equal(now.body, "original");
    assert_int_equal(now.edited_at, 0);
    memset(&f, 0, sizeof f);
    assert_int_equal(post_update(s, &a, &author, pid, "edited", &p, &f), CORE_OK);
    assert_string_equal(p.body, "edited");
    assert_true(p.edited_at > 0);
    arena_free(&a);
}

static void test_post_revisions_order(void **state)
{
    struct store *s = st_of(state);
    struct viewer author = tu_person(s, "author", ROLE_MEMBER);
    int64_t gid = tu_group(s, &author, "Open", PRIVACY_OPEN);
    int64_t pid = mk_post(s, &author, gid, "version one");
    struct arena a;
    arena_init(&a, 0);
    struct post p;
    struct fail f = {0};
    assert_int_equal(post_update(s, &a, &author, pid, "version two", &p, &f), CORE_OK);
    assert_int_equal(post_update(s, &a, &author, pid, "version three", &p, &f), CORE_OK);
    assert_int_equal(post_update(s, &a, &author, pid, "version three", &p, &f), CORE_OK);
    struct revision *r;
    size_t n;
    assert_int_equal(post_revisions(s, &a, &author, pid, &r, &n, &f), CORE_OK);
    assert_int_equal(n, 3); /* an edit that changes nothing adds no revision */
    assert_string_equal(r[0].body, "version one");
    assert_string_equal(r[1].body, "version two");
    assert_string_equal(r[2].body, "version three");
    assert_true(r[0].created_at <= r[1].created_at && r[1].created_at <= r[2].created_at);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(r[i].editor_id, author.id);
    arena_free(&a);
}

static void test_comment_reply_to_reply_attaches_to_top_level(void **state)
{
    struct store *s = st_of(state);
    struct viewer author = tu_person(s, "author", ROLE_MEMBER);
    struct viewer other = tu_person(s, "other", ROLE_MEMBER);
    int64_t gid = tu_group(s, &author, "Open", PRIVACY_OPEN);
    int64_t pid = mk_post(s, &author, gid, "post");
    int64_t pid2 = mk_post(s, &author, gid, "another post");
    struct arena a;
    arena_init(&a, 0);
    struct fail f = {0};
    struct comment top, reply, deep;
    assert_int_equal(comment_create(s, &a, &author, pid, 0, "top", &top, &f), CORE_OK);
    assert_int_equal(top.parent_id, 0);
    assert_int_equal(comment_create(s, &a, &other, pid, top.id, "reply", &reply, &f), CORE_OK);
    assert_int_equal(reply.parent_id, top.id);
    assert_int_equal(comment_create(s, &a, &author, pid, reply.id, "deeper", &deep, &f), CORE_OK);
    assert_int_equal(deep.parent_id, top.id); /* one level of replies */
    struct comment back;
    assert_int_equal(store_comment_get(s, &a, top.id, &back), STORE_OK);
    assert_int_equal(back.reply_count, 2);
    assert_int_equal(store_comment_get(s, &a, reply.id, &back), STORE_OK);
    assert_int_equal(back.reply_count, 0);

    /* A parent on another post is refused. */
    struct comment x;
    memset(&f, 0, sizeof f);
    expect_fail(comment_create(s, &a, &author, pid2, top.id, "misplaced", &x, &f), &f, CORE_INVALID,
                "invalid_parent", "parent_id");
    arena_free(&a);
}

/* ---- feeds ---- */

static bool contains(const int64_t *ids, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

static void test_feed_home_merges_and_paginates(void **state)
{
    struct store *s = st_of(state);
    struct viewer reader = tu_person(s, "reader", ROLE_MEMBER);
    struct viewer owner = tu_person(s, "owner", ROLE_MEMBER);
    int64_t g[3];
    g[0] = tu_group(s, &owner, "Open one", PRIVACY_OPEN);
    g[1] = tu_group(s, &owner, "Closed one", PRIVACY_CLOSED);
    g[2] = tu_group(s, &owner, "Secret one", PRIVACY_SECRET);
    join_ok(s, &reader, g[0], 0, MEMBER_ACTIVE);
    join_ok(s, &reader, g[1], 0, MEMBER_PENDING);
    join_ok(s, &owner, g[1], reader.id, MEMBER_ACTIVE);
    join_ok(s, &owner, g[2], reader.id, MEMBER_INVITED);
    join_ok(s, &reader, g[2], 0, MEMBER_ACTIVE);
    /* A group the reader is not in at all. */
    int64_t elsewhere = tu_group(s, &owner, "Elsewhere", PRIVACY_OPEN);

    enum { PER_GROUP = 15, TOTAL = 3 * PER_GROUP, PAGE = 7 };
    int64_t want[TOTAL];
    size_t n_want = 0;
    char body[64];
    for (int i = 0; i < PER_GROUP; i++) {
        for (int k = 0; k < 3; k++) {
            /* Uneven interleaving: group k's posts bunch up differently. */
            int gi = (i % 2) ? 2 - k : k;
            snprintf(body, sizeof body, "post %d in group %d", i, gi);
            want[n_want++] = mk_post(s, &owner, g[gi], body);
        }
        if (i % 5 == 0)
            mk_post(s, &owner, elsewhere, "not for the reader");
    }
    assert_int_equal(n_want, TOTAL);

    int64_t got[TOTAL + PAGE];
    size_t n_got = 0;
    int64_t cursor = 0;
    int pages = 0;
    struct arena a;
    arena_init(&a, 0);
    do {
        struct post *p;
        size_t n;
        int64_t next = -1;
        struct fail f = {0};
        assert_int_equal(feed_home(s, &a, &reader, cursor, PAGE, &p, &n, &next, NULL, &f), CORE_OK);
        assert_true(n <= PAGE);
        for (size_t i = 0; i < n; i++) {
            assert_true(n_got < TOTAL); /* no more posts than exist: no duplicates */
            assert_false(contains(got, n_got, p[i].id));
            if (n_got > 0)
                assert_true(p[i].id < got[n_got - 1]); /* newest first, across pages */
            assert_true(contains(want, TOTAL, p[i].id));
            assert_true(p[i].group_id == g[0] || p[i].group_id == g[1] || p[i].group_id == g[2]);
            got[n_got++] = p[i].id;
        }
        if (next) {
            assert_int_equal(n, PAGE);
            assert_int_equal(next, p[n - 1].id);
        }
        cursor = next;
        pages++;
        assert_true(pages <= TOTAL);
    } while (cursor);
    assert_int_equal(n_got, TOTAL); /* no gaps */
    assert_int_equal(pages, (TOTAL + PAGE - 1) / PAGE);
    /* The first item is the newest post of all the reader's groups. */
    int64_t newest = 0;
    for (size_t i = 0; i < TOTAL; i++)
        if (want[i] > newest)
            newest = want[i];
    assert_int_equal(got[0], newest);
    arena_free(&a);
}

static void test_feed_home_excludes_pending_groups(void **state)
{
    struct store *s = st_of(state);
    struct viewer reader = tu_person(s, "reader", ROLE_MEMBER);
    struct viewer owner = tu_person(s, "owner", ROLE_MEMBER);
    int64_t mine = tu_group(s, &owner, "Mine", PRIVACY_OPEN);
    int64_t waiting = tu_group(s, &owner, "Waiting", PRIVACY_CLOSED);
    int64_t invited = tu_group(s, &owner, "Invited", PRIVACY_SECRET);
    join_ok(s, &reader, mine, 0, MEMBER_ACTIVE);
    join_ok(s, &reader, waiting, 0, MEMBER_PENDING);
    join_ok(s, &owner, invited, reader.id, MEMBER_INVITED);
    int64_t visible = mk_post(s, &owner, mine, "visible");
    mk_post(s, &owner, waiting, "not yet");
    mk_post(s, &owner, invited, "not yet either");
    struct arena a;
    arena_init(&a, 0);
    struct post *p;
    size_t n;
    int64_t next;
    struct fail f = {0};
    assert_int_equal(feed_home(s, &a, &reader, 0, 20, &p, &n, &next, NULL, &f), CORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].id, visible);
    assert_int_equal(next, 0);
    /* Once approved, the group's posts appear. */
    join_ok(s, &owner, waiting, reader.id, MEMBER_ACTIVE);
    assert_int_equal(feed_home(s, &a, &reader, 0, 20, &p, &n, &next, NULL, &f), CORE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(p[0].group_id, waiting);
    arena_free(&a);
}

static void test_feed_group_closed_non_member_not_found(void **state)
{
    struct store *s = st_of(state);
    struct viewer owner = tu_person(s, "owner", ROLE_MEMBER);
    struct viewer outsider = tu_person(s, "outsider", ROLE_MEMBER);
    struct viewer root = tu_person(s, "root", ROLE_ADMIN);
    int64_t closed = tu_group(s, &owner, "Closed", PRIVACY_CLOSED);
    int64_t open = tu_group(s, &owner, "Open", PRIVACY_OPEN);
    int64_t pid = mk_post(s, &owner, closed, "members only");
    mk_post(s, &owner, open, "for everyone");
    struct arena a;
    arena_init(&a, 0);
    struct post *p;
    size_t n;
    int64_t next;
    struct fail f = {0};
    expect_fail(feed_group(s, &a, &outsider, closed, 0, 10, &p, &n, &next, NULL, &f), &f, CORE_NOTFOUND,
                "not_found", NULL);
    /* A system admin reads closed content only as a member. */
    memset(&f, 0, sizeof f);
    expect_fail(feed_group(s, &a, &root, closed, 0, 10, &p, &n, &next, NULL, &f), &f, CORE_NOTFOUND,
                "not_found", NULL);
    memset(&f, 0, sizeof f);
    struct post one;
    expect_fail(post_get(s, &a, &outsider, pid, &one, &f), &f, CORE_NOTFOUND, NULL, NULL);
    /* An open group reads for everyone; the member reads the closed one. */
    memset(&f, 0, sizeof f);
    assert_int_equal(feed_group(s, &a, &outsider, open, 0, 10, &p, &n, &next, NULL, &f), CORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(feed_group(s, &a, &owner, closed, 0, 10, &p, &n, &next, NULL, &f), CORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].id, pid);
    arena_free(&a);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tu_setup_db, tu_teardown_db)

static int group_setup(void **state)
{
    return tu_init();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_account_create_rejects_bad_login),
        T(test_account_create_rejects_empty_name),
        T(test_account_create_rejects_short_password),
        T(test_account_create_duplicate_login),
        T(test_account_login_success),
        T(test_account_login_rotates_old_session),
        T(test_account_login_wrong_password),
        T(test_account_login_throttled_after_5_failures),
        T(test_deactivated_user_cannot_log_in_and_session_stops),
        T(test_account_set_password_ends_sessions),
        T(test_account_session_user_rejects_garbage),
        T(test_group_create_requires_purpose),
        T(test_member_add_open_join_is_active),
        T(test_member_add_closed_join_is_pending_until_approved),
        T(test_member_add_secret_not_invited_is_not_found),
        T(test_member_add_invite_then_accept),
        T(test_member_add_unknown_target_is_invalid),
        T(test_last_admin_cannot_leave),
        T(test_post_create_by_non_member),
        T(test_post_update_by_non_author_is_forbidden),
        T(test_post_revisions_order),
        T(test_comment_reply_to_reply_attaches_to_top_level),
        T(test_feed_home_merges_and_paginates),
        T(test_feed_home_excludes_pending_groups),
        T(test_feed_group_closed_non_member_not_found),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
