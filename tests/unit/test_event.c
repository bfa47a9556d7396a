/* Unit tests for core/event against a real temporary database: actions
 * write their events in their own transaction, the after-commit callback
 * runs only for committed events, and reading goes through core/perm: a
 * secret group's events reach active members only, a notification event
 * only its recipient, and a deactivated viewer reads nothing. Also where a
 * stream starts (end of log, replay, reset after pruning), the checks of a
 * stream's credential, and the live window shared by every stream: it
 * decides as the log does, through core/perm, as members come and go. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/event.h"
#include "core/group.h"
#include "core/notify.h"
#include "core/post.h"
#include "testutil.h"

static struct store *st_of(void **state)
{
    return ((struct tu_db *)*state)->s;
}

static int commits;
static void count_commit(void)
{
    commits++;
}

/* The viewer's events after `after`, as kinds and post ids; returns how many. */
static size_t events(struct store *s, const struct viewer *v, int64_t after, struct event *out,
                     size_t cap)
{
    struct arena a;
    arena_init(&a, 0);
    struct event *ev;
    size_t n = 0;
    struct fail f = {0};
    assert_int_equal(event_list(s, &a, v, after, EVENT_PAGE_MAX, &ev, &n, &f), CORE_OK);
    assert_true(n <= cap);
    memcpy(out, ev, n * sizeof *ev);
    arena_free(&a);
    return n;
}

static size_t count_kind(const struct event *e, size_t n, int kind)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += e[i].kind == kind;
    return k;
}

static void test_actions_write_events_in_order(void **state)
{
    struct store *s = st_of(state);
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER), ben = tu_person(s, "ben", ROLE_MEMBER);
    int64_t g = tu_group(s, &ann, "Lounge", PRIVACY_OPEN);
    tu_join(s, &ben, g, 0);
    int64_t p = tu_post(s, &ann, g, "Hello");
    struct arena a;
    arena_init(&a, 0);
    struct comment c;
    struct post out;
    struct fail f = {0};
    assert_int_equal(comment_create(s, &a, &ben, p, 0, "Hi", &c, &f), CORE_OK);
    assert_int_equal(reaction_put(s, &a, &ben, p, "like", &out, &f), CORE_OK);
    assert_int_equal(reaction_put(s, &a, &ben, p, "like", &out, &f), CORE_OK); /* no change */
    assert_int_equal(reaction_delete(s, &a, &ben, p, "like", &out, &f), CORE_OK);
    assert_int_equal(post_update(s, &a, &ann, p, "Hello all", &out, &f), CORE_OK);
    assert_int_equal(comment_delete(s, &a, &ben, c.id, &f), CORE_OK);
    assert_int_equal(post_delete(s, &a, &ann, p, &f), CORE_OK);
    arena_free(&a);

    struct event e[32];
    size_t n = events(s, &ben, 0, e, 32);
    static const int want[] = {EVENT_POST_CREATED,  EVENT_COMMENT_CREATED, EVENT_POST_REACTION,
                               EVENT_POST_REACTION, EVENT_POST_EDITED,     EVENT_COMMENT_DELETED,
                               EVENT_POST_DELETED};
    assert_int_equal(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(e[i].kind, want[i]);
        assert_int_equal(e[i].group_id, g);
        assert_int_equal(e[i].post_id, p);
        assert_int_equal(e[i].user_id, 0);
        if (i)
            assert_true(e[i].id > e[i - 1].id);
    }
    assert_int_equal(e[1].comment_id, c.id);
    assert_int_equal(e[1].actor_id, ben.id);
    /* ann gets the same group events plus her notifications (comment, reaction) */
    struct event ea[32];
    size_t na = events(s, &ann, 0, ea, 32);
    assert_int_equal(na - count_kind(ea, na, EVENT_NOTIFICATION), n);
    assert_true(count_kind(ea, na, EVENT_NOTIFICATION) >= 2);
    /* after an id: only what follows */
    assert_int_equal(events(s, &ben, e[4].id, e, 32), 2);
}

static void test_secret_group_events_reach_members_only(void **state)
{
    struct store *s = st_of(state);
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER), ben = tu_person(s, "ben", ROLE_MEMBER),
                  eve = tu_person(s, "eve", ROLE_MEMBER), root = tu_person(s, "root", ROLE_ADMIN);
    int64_t g = tu_group(s, &ann, "Hush", PRIVACY_SECRET);
    int64_t closed = tu_group(s, &ann, "Shut", PRIVACY_CLOSED);
    tu_join(s, &ann, g, ben.id);
    tu_join(s, &ben, g, 0);
    tu_post(s, &ann, g, "secret one");
    tu_post(s, &ann, closed, "closed one");
    struct event e[16];
    size_t n = events(s, &ben, 0, e, 16);
    assert_int_equal(n, 2); /* his invitation (a notification), then the post */
    assert_int_equal(e[0].kind, EVENT_NOTIFICATION);
    assert_int_equal(e[0].user_id, ben.id);
    assert_int_equal(e[1].kind, EVENT_POST_CREATED);
    assert_int_equal(e[1].group_id, g);
    assert_int_equal(events(s, &eve, 0, e, 16), 0);
    assert_int_equal(events(s, &root, 0, e, 16), 0); /* admins read content only as members */
    /* once ben leaves, the group's events stop reaching him, old ones too */
    struct arena a;
    arena_init(&a, 0);
    struct fail f = {0};
    assert_int_equal(member_remove(s, &a, &ben, g, ben.id, &f), CORE_OK);
    arena_free(&a);
    tu_post(s, &ann, g, "secret two");
    n = events(s, &ben, 0, e, 16);
    for (size_t i = 0; i < n; i++)
        assert_true(e[i].kind == EVENT_NOTIFICATION || e[i].group_id != g);
}

static void test_notification_events_reach_their_recipient_only(void **state)
{
    struct store *s = st_of(state);
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER), ben = tu_person(s, "ben", ROLE_MEMBER),
                  cat = tu_person(s, "cat", ROLE_MEMBER);
    int64_t g = tu_group(s, &ann, "Lounge", PRIVACY_OPEN);
    tu_join(s, &ben, g, 0);
    tu_join(s, &cat, g, 0);
    int64_t p = tu_post(s, &ann, g, "Lunch, @ben?");
    struct event e[16];
    size_t n = events(s, &ben, 0, e, 16);
    assert_int_equal(count_kind(e, n, EVENT_NOTIFICATION), 1);
    for (size_t i = 0; i < n; i++) {
        if (e[i].kind != EVENT_NOTIFICATION)
            continue;
        assert_int_equal(e[i].user_id, ben.id);
        assert_int_equal(e[i].post_id, p);
        assert_true(e[i].notification_id > 0);
    }
    n = events(s, &cat, 0, e, 16);
    assert_int_equal(count_kind(e, n, EVENT_NOTIFICATION), 0);
    assert_int_equal(n, 1); /* the post itself */
    n = events(s, &ann, 0, e, 16);
    assert_int_equal(count_kind(e, n, EVENT_NOTIFICATION), 0);
}

static void test_deactivated_viewer_reads_nothing(void **state)
{
    struct store *s = st_of(state);
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER), ben = tu_person(s, "ben", ROLE_MEMBER);
    int64_t g = tu_group(s, &ann, "Lounge", PRIVACY_OPEN);
    tu_post(s, &ann, g, "Hello");
    assert_int_equal(store_user_set_status(s, ben.id, USER_DEACTIVATED), STORE_OK);
    struct arena a;
    arena_init(&a, 0);
    struct event *ev;
    size_t n;
    struct fail f = {0};
    assert_int_equal(event_list(s, &a, &ben, 0, 10, &ev, &n, &f), CORE_UNAUTH);
    arena_free(&a);
}

static void test_callback_runs_after_commit_only(void **state)
{
    struct store *s = st_of(state);
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER), eve = tu_person(s, "eve", ROLE_MEMBER);
    int64_t g = tu_group(s, &ann, "Hush", PRIVACY_SECRET);
    commits = 0;
    event_on_commit(count_commit);
    tu_post(s, &ann, g, "one");
    assert_int_equal(commits, 1);
    struct arena a;
    arena_init(&a, 0);
    struct post p;
    struct fail f = {0};
    assert_int_not_equal(post_create(s, &a, &eve, g, "refused", &p, &f), CORE_OK);
    assert_int_equal(commits, 1);
    arena_free(&a);
    event_on_commit(NULL);
    tu_post(s, &ann, g, "two");
    assert_int_equal(commits, 1);
    struct event e[8];
    assert_int_equal(events(s, &ann, 0, e, 8), 2); /* nothing of the refused post */
}

static void test_start_position_and_reset(void **state)
{
    struct store *s = st_of(state);
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER);
    int64_t g = tu_group(s, &ann, "Lounge", PRIVACY_OPEN);
    int64_t start;
    bool reset;
    struct fail f = {0};
    assert_int_equal(event_start(s, -1, &start, &reset, &f), CORE_OK);
    assert_int_equal(start, 0);
    assert_false(reset);
    for (int i = 0; i < 5; i++)
        tu_post(s, &ann, g, "post");
    struct event e[8];
    assert_int_equal(events(s, &ann, 0, e, 8), 5);
    assert_int_equal(event_start(s, -1, &start, &reset, &f), CORE_OK);
    assert_int_equal(start, e[4].id); /* no backlog */
    assert_false(reset);
    assert_int_equal(event_start(s, e[1].id, &start, &reset, &f), CORE_OK);
    assert_int_equal(start, e[1].id);
    assert_false(reset);
    assert_int_equal(event_start(s, 0, &start, &reset, &f), CORE_OK);
    assert_false(reset);
    assert_int_equal(event_start(s, e[4].id + 10, &start, &reset, &f), CORE_OK);
    assert_true(reset);
    assert_int_equal(start, e[4].id);
    /* prune to the newest two: ids up to e[2] are gone */
    assert_int_equal(store_begin_write(s), STORE_OK);
    assert_int_equal(store_event_prune(s, 2, 0), STORE_OK);
    assert_int_equal(store_commit(s), STORE_OK);
    assert_int_equal(events(s, &ann, 0, e + 5, 3), 2);
    assert_int_equal(event_start(s, e[1].id, &start, &reset, &f), CORE_OK);
    assert_true(reset);
    assert_int_equal(start, e[4].id);
    assert_int_equal(event_start(s, e[2].id, &start, &reset, &f), CORE_OK);
    assert_false(reset); /* e[3] and e[4] are still there */
    assert_int_equal(start, e[2].id);
    /* prune by age empties the log; ids are never reused */
    assert_int_equal(store_begin_write(s), STORE_OK);
    assert_int_equal(store_event_prune(s, 100, INT64_MAX), STORE_OK);
    assert_int_equal(store_commit(s), STORE_OK);
    assert_int_equal(event_start(s, e[2].id, &start, &reset, &f), CORE_OK);
    assert_true(reset);
    assert_int_equal(event_start(s, e[4].id, &start, &reset, &f), CORE_OK);
    assert_false(reset);
    tu_post(s, &ann, g, "after");
    assert_int_equal(events(s, &ann, e[4].id, e, 8), 1);
    assert_true(e[0].id > e[4].id);
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(event_kind_str(EVENT_POST_CREATED), "post_created");
    assert_string_equal(event_kind_str(EVENT_POST_REACTION), "post_reaction");
    assert_string_equal(event_kind_str(EVENT_NOTIFICATION), "notification");
    assert_string_equal(event_kind_str(EVENT_KIND__MAX), "unknown");
    assert_string_equal(event_kind_str(-1), "unknown");
}

/* ---- the live window ---- */

/* Syncs the window with s and reads v's events after `after` from it;
 * returns how many (out holds them), -1 when the window does not cover it. */
static long window(struct store *s, const struct viewer *v, int64_t after, struct event *out,
                   size_t cap, int64_t *next)
{
    struct fail f = {0};
    if (event_window_stale(false))
        assert_int_equal(event_window_sync(s, false, &f), CORE_OK);
    assert_false(event_window_stale(false));
    size_t n = 0;
    int64_t nx;
    if (!event_window_read(v, after, out, cap, &n, &nx))
        return -1;
    if (next)
        *next = nx;
    return (long)n;
}

static void test_window_decides_like_the_log(void **state)
{
    struct store *s = st_of(state);
    event_window_reset();
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER), ben = tu_person(s, "ben", ROLE_MEMBER),
                  eve = tu_person(s, "eve", ROLE_MEMBER), root = tu_person(s, "root", ROLE_ADMIN);
    int64_t open = tu_group(s, &ann, "Lounge", PRIVACY_OPEN);
    int64_t hush = tu_group(s, &ann, "Hush", PRIVACY_SECRET);
    int64_t shut = tu_group(s, &ann, "Shut", PRIVACY_CLOSED);
    tu_join(s, &ann, hush, ben.id);
    tu_join(s, &ben, hush, 0);
    tu_join(s, &ben, open, 0);
    tu_post(s, &ann, open, "open one");
    tu_post(s, &ann, hush, "secret one");
    tu_post(s, &ann, shut, "closed one");
    tu_post(s, &ann, open, "Lunch, @ben?");
    struct viewer who[] = {ann, ben, eve, root};
    for (size_t k = 0; k < sizeof who / sizeof who[0]; k++) {
        struct event w[32], l[32];
        long nw = window(s, &who[k], 0, w, 32, NULL);
        size_t nl = events(s, &who[k], 0, l, 32);
        assert_int_equal(nw, (long)nl);
        for (size_t i = 0; i < nl; i++) {
            assert_int_equal(w[i].id, l[i].id);
            assert_int_equal(w[i].kind, l[i].kind);
        }
    }
    event_window_reset();
}

static void test_window_follows_membership(void **state)
{
    struct store *s = st_of(state);
    event_window_reset();
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER), ben = tu_person(s, "ben", ROLE_MEMBER);
    int64_t hush = tu_group(s, &ann, "Hush", PRIVACY_SECRET);
    struct event e[16];
    int64_t pos = 0, next = 0;
    assert_int_equal(window(s, &ben, pos, e, 16, &next), 0);
    pos = next;
    int64_t p1 = tu_post(s, &ann, hush, "before ben");
    assert_int_equal(window(s, &ben, pos, e, 16, &next), 0); /* not a member */
    assert_true(next > pos);                                 /* but past it */
    pos = next;
    tu_join(s, &ann, hush, ben.id);
    tu_join(s, &ben, hush, 0);
    int64_t p2 = tu_post(s, &ann, hush, "with ben");
    long n = window(s, &ben, pos, e, 16, &next);
    assert_true(n >= 1);
    assert_int_equal(e[n - 1].post_id, p2); /* after his invitation (a notification) */
    pos = next;
    struct arena a;
    arena_init(&a, 0);
    struct fail f = {0};
    assert_int_equal(member_remove(s, &a, &ann, hush, ben.id, &f), CORE_OK);
    arena_free(&a);
    int64_t p3 = tu_post(s, &ann, hush, "after ben");
    n = window(s, &ben, pos, e, 16, &next);
    for (long i = 0; i < n; i++)
        assert_true(e[i].post_id != p3 && e[i].post_id != p1);
    /* ann, a member throughout, has all three */
    n = window(s, &ann, 0, e, 16, NULL);
    size_t posts = 0;
    for (long i = 0; i < n; i++)
        posts += e[i].kind == EVENT_POST_CREATED;
    assert_int_equal(posts, 3);
    event_window_reset();
}

static void test_window_bounds_and_paging(void **state)
{
    struct store *s = st_of(state);
    event_window_reset();
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER);
    int64_t open = tu_group(s, &ann, "Lounge", PRIVACY_OPEN);
    int64_t first = tu_post(s, &ann, open, "first");
    struct event e[8];
    int64_t next = 0;
    /* a new window starts EVENT_WINDOW_MAX events back: it covers them all here */
    assert_int_equal(window(s, &ann, 0, e, 8, &next), 1);
    assert_int_equal(e[0].post_id, first);
    /* paging: at most max at a time, next continues without a gap */
    for (int i = 0; i < 5; i++)
        tu_post(s, &ann, open, "more");
    int64_t pos = next;
    long n1 = window(s, &ann, pos, e, 3, &next);
    assert_int_equal(n1, 3);
    assert_int_equal(next, e[2].id);
    long n2 = window(s, &ann, next, e, 8, &next);
    assert_int_equal(n2, 2);
    assert_int_equal(next, event_window_high());
    /* past the ring: the oldest go, and a position before them is not covered */
    for (int i = 0; i < EVENT_WINDOW_MAX; i++)
        tu_post(s, &ann, open, "flood");
    assert_int_equal(window(s, &ann, pos, e, 8, &next), -1);
    assert_true(window(s, &ann, event_window_high() - 3, e, 8, &next) == 3);
    event_window_reset();
}

static void test_reader_check(void **state)
{
    struct store *s = st_of(state);
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER);
    struct arena a;
    arena_init(&a, 0);
    struct login_result lr;
    struct fail f = {0};
    static const char pw[] = "a long enough passphrase";
    assert_int_equal(account_set_password(s, "ann", pw, &f), CORE_OK);
    assert_int_equal(account_login(s, &a, "ann", pw, "127.0.0.1", NULL, 60000, &lr, &f), CORE_OK);
    char digest[SECRET_DIGEST_LEN + 1];
    secret_token_digest(lr.session, strlen(lr.session), digest);
    assert_int_equal(event_reader_check(s, ann.id, false, digest, &f), CORE_OK);
    assert_int_equal(event_reader_check(s, ann.id + 1, false, digest, &f), CORE_UNAUTH);
    assert_int_equal(event_reader_check(s, ann.id, true, digest, &f),
                     CORE_UNAUTH); /* not a token */
    assert_int_equal(account_logout(s, lr.session), CORE_OK);
    assert_int_equal(event_reader_check(s, ann.id, false, digest, &f), CORE_UNAUTH);
    char tok[SECRET_TOKEN_LEN + 1];
    int64_t tid;
    assert_int_equal(account_token_create(s, &ann, "t", tok, &tid, &f), CORE_OK);
    secret_token_digest(tok, strlen(tok), digest);
    assert_int_equal(event_reader_check(s, ann.id, true, digest, &f), CORE_OK);
    assert_int_equal(account_deactivate(s, "ann", &f), CORE_OK);
    assert_int_equal(event_reader_check(s, ann.id, true, digest, &f), CORE_UNAUTH);
    arena_free(&a);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tu_setup_db, tu_teardown_db)

static int group_setup(void **state)
{
    (void)state;
    return tu_init();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_actions_write_events_in_order),
        T(test_secret_group_events_reach_members_only),
        T(test_notification_events_reach_their_recipient_only),
        T(test_deactivated_viewer_reads_nothing),
        T(test_callback_runs_after_commit_only),
        T(test_start_position_and_reset),
        T(test_window_decides_like_the_log),
        T(test_window_follows_membership),
        T(test_window_bounds_and_paging),
        T(test_reader_check),
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
