/* Unit tests for core/event against a real temporary database: actions
 * write their events in their own transaction, the after-commit callback
 * runs only for committed events, and reading goes through core/perm: a
 * secret group's events reach active members only, a notification event
 * only its recipient, and a deactivated viewer reads nothing. Also where a
 * stream starts (end of log, replay, reset after pruning). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/event.h"
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
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
