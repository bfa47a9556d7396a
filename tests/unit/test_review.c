/* Tests of holding for review (core/review, with core/post and core/perm):
 * a held post, comment and edit publish nothing until a monitor releases
 * them; a rejection needs a reason and publishes nothing; the author is
 * told either way; only monitors see the queue and none decides on their
 * own; a release the author can no longer make is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/group.h"
#include "core/notify.h"
#include "core/perm.h"
#include "core/policy.h"
#include "core/post.h"
#include "core/review.h"
#include "store/store_roster.h"
#include "testutil.h"

struct world {
    struct store *s;
    struct arena a;
    struct viewer ann, bob, mon;
    int64_t open;
};

/* A roster of one student, Maria Quillonette; ann and bob in an open group;
 * mon a monitor. */
static void world(struct tu_db *t, struct world *w)
{
    struct store *s = w->s = t->s;
    struct roster_import imp = {.started_at = 1,
                                .source = "t",
                                .format = "simple",
                                .mode = "bulk",
                                .files = "students.csv",
                                .run_by = "t"};
    assert_int_equal(store_roster_import_add(s, &imp), STORE_OK);
    struct student st = {.source_id = "1", .given = "Maria", .family = "Quillonette"};
    assert_int_equal(store_student_add(s, &st, imp.id, 1), STORE_OK);
    struct fail f = {0};
    assert_int_equal(privacy_reload(s, NULL, &f), CORE_OK);
    w->ann = tu_person(s, "ann", ROLE_MEMBER);
    w->bob = tu_person(s, "bob", ROLE_MEMBER);
    w->mon = tu_person(s, "mon", ROLE_MEMBER);
    assert_int_equal(store_user_set_monitor(s, w->mon.id, true), STORE_OK);
    w->mon.monitor = true;
    w->open = tu_group(s, &w->ann, "Open", PRIVACY_OPEN);
    tu_join(s, &w->bob, w->open, w->bob.id);
    arena_init(&w->a, 0);
}

static void done(struct world *w)
{
    arena_free(&w->a);
    privacy_shutdown();
}

static int64_t held_post(struct world *w, const struct viewer *v, const char *body)
{
    struct privacy_screen scr = {0};
    struct post p;
    struct fail f = {0};
    assert_int_equal(post_create_screened(w->s, &w->a, v, w->open, body, &scr, &p, &f), CORE_OK);
    assert_true(scr.review_id > 0);
    return scr.review_id;
}

static size_t feed_len(struct world *w, const struct viewer *v)
{
    struct post *items;
    size_t n;
    int64_t next;
    struct fail f = {0};
    assert_int_equal(feed_group(w->s, &w->a, v, w->open, 0, 20, &items, &n, &next, NULL, &f),
                     CORE_OK);
    return n;
}

/* The last notification of v, or kind -1. */
static struct notification last_note(struct world *w, const struct viewer *v)
{
    struct notification *n;
    size_t k;
    int64_t next, unread;
    struct fail f = {0};
    assert_int_equal(notify_list(w->s, &w->a, v, false, 0, 1, &n, &k, &next, &unread, &f), CORE_OK);
    if (!k)
        return (struct notification){.kind = -1};
    return n[0];
}

static void test_held_post_released(void **state)
{
    struct world w;
    world(*state, &w);
    int64_t rid = held_post(&w, &w.ann, "Congratulations @bob and Maria Quillonette!");
    assert_int_equal(feed_len(&w, &w.bob), 0); /* nothing published, nobody told */
    assert_int_equal(last_note(&w, &w.bob).kind, -1);

    struct review_view rv;
    struct fail f = {0};
    /* the author and monitors see it; bob does not */
    assert_int_equal(review_get(w.s, &w.a, &w.ann, rid, &rv, &f), CORE_OK);
    assert_int_equal(rv.r.state, REVIEW_PENDING);
    assert_int_equal(rv.n, 1);
    assert_string_equal(rv.finding[0].rule, "student_name");
    assert_string_equal(rv.finding[0].action, "hold");
    assert_int_equal(review_get(w.s, &w.a, &w.bob, rid, &rv, &f), CORE_NOTFOUND);
    struct review_view *list;
    size_t n;
    int64_t next;
    assert_int_equal(
        review_list(w.s, &w.a, &w.mon, REVIEW_PENDING, false, 0, 20, &list, &n, &next, &f),
        CORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(
        review_list(w.s, &w.a, &w.bob, REVIEW_PENDING, false, 0, 20, &list, &n, &next, &f),
        CORE_OK);
    assert_int_equal(n, 0); /* only their own */
    int64_t pending = 0;
    assert_int_equal(review_pending_count(w.s, &w.mon, &pending, &f), CORE_OK);
    assert_int_equal(pending, 1);
    assert_int_equal(review_pending_count(w.s, &w.bob, &pending, &f), CORE_FORBIDDEN);

    /* only a monitor releases */
    assert_int_equal(review_release(w.s, &w.a, &w.ann, rid, NULL, &rv, &f), CORE_FORBIDDEN);
    assert_string_equal(f.code, "monitors_only");
    assert_int_equal(review_release(w.s, &w.a, &w.mon, rid, NULL, &rv, &f), CORE_OK);
    assert_int_equal(rv.r.state, REVIEW_RELEASED);
    assert_true(rv.r.post_id > 0);
    assert_int_equal(rv.r.decided_by, w.mon.id);
    assert_int_equal(feed_len(&w, &w.bob), 1);
    struct post p;
    assert_int_equal(post_get(w.s, &w.a, &w.bob, rv.r.post_id, &p, &f), CORE_OK);
    assert_int_equal(p.author.id, w.ann.id);
    /* bob is told of the mention now, ann of the release */
    assert_int_equal(last_note(&w, &w.bob).kind, NOTIFY_MENTION);
    struct notification told = last_note(&w, &w.ann);
    assert_int_equal(told.kind, NOTIFY_REVIEW_RELEASED);
    assert_int_equal(told.review_id, rid);
    assert_int_equal(told.post_id, rv.r.post_id);
    assert_int_equal(told.actor.id, 0); /* the monitor is not named to the author */
    /* decided once */
    assert_int_equal(review_reject(w.s, &w.a, &w.mon, rid, "no", &rv, &f), CORE_CONFLICT);
    assert_string_equal(f.code, "already_decided");
    done(&w);
}

static void test_held_post_rejected(void **state)
{
    struct world w;
    world(*state, &w);
    int64_t rid = held_post(&w, &w.ann, "Maria Quillonette won the spelling bee");
    struct review_view rv;
    struct fail f = {0};
    assert_int_equal(review_reject(w.s, &w.a, &w.mon, rid, NULL, &rv, &f), CORE_INVALID);
    assert_string_equal(f.code, "reason_required");
    assert_int_equal(review_reject(w.s, &w.a, &w.mon, rid, "Line one\nline two", &rv, &f),
                     CORE_OK); /* a reason may have several lines */
    assert_int_equal(rv.r.state, REVIEW_REJECTED);
    assert_string_equal(rv.r.note, "Line one\nline two");
    assert_int_equal(rv.r.post_id, 0);
    assert_int_equal(feed_len(&w, &w.bob), 0);
    struct notification told = last_note(&w, &w.ann);
    assert_int_equal(told.kind, NOTIFY_REVIEW_REJECTED);
    assert_int_equal(told.review_id, rid);
    assert_int_equal(told.group_id, w.open);
    /* the author reads the reason */
    assert_int_equal(review_get(w.s, &w.a, &w.ann, rid, &rv, &f), CORE_OK);
    assert_string_equal(rv.r.note, "Line one\nline two");
    done(&w);
}

static void test_monitor_not_on_own(void **state)
{
    struct world w;
    world(*state, &w);
    tu_join(w.s, &w.mon, w.open, w.mon.id);
    int64_t rid = held_post(&w, &w.mon, "Maria Quillonette");
    struct review_view rv;
    struct fail f = {0};
    assert_int_equal(review_release(w.s, &w.a, &w.mon, rid, NULL, &rv, &f), CORE_FORBIDDEN);
    assert_string_equal(f.code, "own_review");
    /* the author withdraws; then no one can decide */
    assert_int_equal(review_withdraw(w.s, &w.a, &w.ann, rid, &f), CORE_NOTFOUND);
    assert_int_equal(review_withdraw(w.s, &w.a, &w.mon, rid, &f), CORE_OK);
    assert_int_equal(review_get(w.s, &w.a, &w.mon, rid, &rv, &f), CORE_OK);
    assert_int_equal(rv.r.state, REVIEW_WITHDRAWN);
    assert_int_equal(review_withdraw(w.s, &w.a, &w.mon, rid, &f), CORE_CONFLICT);
    done(&w);
}

static void test_held_comment_and_edit(void **state)
{
    struct world w;
    world(*state, &w);
    struct fail f = {0};
    int64_t pid = tu_post(w.s, &w.ann, w.open, "Field trip on Friday");
    struct privacy_screen scr = {0};
    struct comment c;
    assert_int_equal(comment_create_screened(w.s, &w.a, &w.bob, pid, 0,
                                             "Maria Quillonette needs a permission slip", &scr, &c,
                                             &f),
                     CORE_OK);
    int64_t crid = scr.review_id;
    assert_true(crid > 0);
    struct comment *cs;
    size_t n;
    int64_t next;
    struct post_rights rights;
    assert_int_equal(comment_list(w.s, &w.a, &w.ann, pid, 0, 20, &cs, &n, &next, &rights, &f),
                     CORE_OK);
    assert_int_equal(n, 0);

    scr = (struct privacy_screen){0};
    struct post p;
    assert_int_equal(post_update_screened(w.s, &w.a, &w.ann, pid,
                                          "Field trip on Friday with Maria Quillonette", &scr, &p,
                                          &f),
                     CORE_OK);
    int64_t erid = scr.review_id;
    assert_true(erid > 0);
    assert_int_equal(post_get(w.s, &w.a, &w.bob, pid, &p, &f), CORE_OK);
    assert_string_equal(p.body, "Field trip on Friday"); /* unchanged meanwhile */

    struct review_view rv;
    assert_int_equal(review_release(w.s, &w.a, &w.mon, crid, "fine", &rv, &f), CORE_OK);
    assert_true(rv.r.comment_id > 0);
    assert_int_equal(rv.r.post_id, pid);
    assert_int_equal(comment_list(w.s, &w.a, &w.ann, pid, 0, 20, &cs, &n, &next, &rights, &f),
                     CORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(cs[0].author.id, w.bob.id);

    assert_int_equal(review_release(w.s, &w.a, &w.mon, erid, NULL, &rv, &f), CORE_OK);
    assert_int_equal(post_get(w.s, &w.a, &w.bob, pid, &p, &f), CORE_OK);
    assert_string_equal(p.body, "Field trip on Friday with Maria Quillonette");
    struct revision *revs;
    assert_int_equal(post_revisions(w.s, &w.a, &w.bob, pid, &revs, &n, &f), CORE_OK);
    assert_int_equal(n, 2);
    done(&w);
}

static void test_release_refused_when_author_left(void **state)
{
    struct world w;
    world(*state, &w);
    int64_t rid = held_post(&w, &w.bob, "Maria Quillonette");
    struct fail f = {0};
    assert_int_equal(member_remove(w.s, &w.a, &w.bob, w.open, w.bob.id, &f), CORE_OK);
    struct review_view rv;
    assert_int_equal(review_release(w.s, &w.a, &w.mon, rid, NULL, &rv, &f), CORE_CONFLICT);
    assert_string_equal(f.code, "cannot_release");
    assert_int_equal(review_get(w.s, &w.a, &w.mon, rid, &rv, &f), CORE_OK);
    assert_int_equal(rv.r.state, REVIEW_PENDING); /* nothing changed */
    assert_int_equal(review_reject(w.s, &w.a, &w.mon, rid, "Left the group", &rv, &f), CORE_OK);
    done(&w);
}

static void test_perm_review(void **state)
{
    (void)state;
    struct viewer mon = {.id = 1, .monitor = true}, ann = {.id = 2},
                  admin = {.id = 3, .role = ROLE_ADMIN};
    assert_true(perm_review(&mon, 2, REVIEW_QUEUE));
    assert_false(perm_review(&ann, 2, REVIEW_QUEUE));
    assert_false(perm_review(&admin, 2, REVIEW_QUEUE)); /* a role of its own, not admin's */
    assert_true(perm_review(&mon, 2, REVIEW_SEE));
    assert_true(perm_review(&ann, 2, REVIEW_SEE));
    assert_false(perm_review(&admin, 2, REVIEW_SEE));
    assert_true(perm_review(&mon, 2, REVIEW_DECIDE));
    assert_false(perm_review(&mon, 1, REVIEW_DECIDE));
    assert_false(perm_review(&ann, 2, REVIEW_DECIDE));
    assert_true(perm_review(&ann, 2, REVIEW_WITHDRAW));
    assert_false(perm_review(&mon, 2, REVIEW_WITHDRAW));
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
        T(test_held_post_released),
        T(test_held_post_rejected),
        T(test_monitor_not_on_own),
        T(test_held_comment_and_edit),
        T(test_release_refused_when_author_left),
        cmocka_unit_test(test_perm_review),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
