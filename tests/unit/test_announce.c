/* Unit tests for core/announce against a real temporary database: marking
 * (bounds, rights, extension without a second notification), pinning in the
 * home and group feeds (acknowledged, own, expired and deleted posts are not
 * pinned, and pinned posts are left out of the feed), receipts and their
 * counts over the audience, and nudges (only those who have not
 * acknowledged, at most once an hour). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "core/announce.h"
#include "core/notify.h"
#include "core/post.h"
#include "testutil.h"

static struct store *st_of(void **state)
{
    return ((struct tu_db *)*state)->s;
}

/* principal admins a closed group; teacher writes; amy and bo read. */
struct cast {
    struct viewer principal, teacher, amy, bo;
    int64_t group;
};

static void cast(struct store *s, struct cast *c)
{
    c->principal = tu_person(s, "principal", ROLE_MEMBER);
    c->teacher = tu_person(s, "teacher", ROLE_MEMBER);
    c->amy = tu_person(s, "amy", ROLE_MEMBER);
    c->bo = tu_person(s, "bo", ROLE_MEMBER);
    c->group = tu_group(s, &c->principal, "School", PRIVACY_CLOSED);
    const struct viewer *m[] = {&c->teacher, &c->amy, &c->bo};
    for (size_t i = 0; i < 3; i++) {
        tu_join(s, &c->principal, c->group, m[i]->id); /* invite */
        tu_join(s, m[i], c->group, m[i]->id);          /* accept */
    }
}

static int64_t count_kind(struct store *s, const struct viewer *v, int kind)
{
    struct arena a;
    arena_init(&a, 0);
    struct notification *n;
    size_t len;
    int64_t next, unread, found = 0;
    struct fail f = {0};
    assert_int_equal(notify_list(s, &a, v, false, 0, 100, &n, &len, &next, &unread, &f), CORE_OK);
    for (size_t i = 0; i < len; i++)
        found += n[i].kind == kind;
    arena_free(&a);
    return found;
}

static size_t pinned_home(struct store *s, const struct viewer *v, int64_t *first)
{
    struct arena a;
    arena_init(&a, 0);
    struct post *p;
    size_t n;
    int64_t next;
    struct feed_pinned pins;
    struct fail f = {0};
    assert_int_equal(feed_home(s, &a, v, 0, 20, &p, &n, &next, &pins, &f), CORE_OK);
    *first = pins.n ? pins.posts[0].id : 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < pins.n; k++)
            assert_int_not_equal(p[i].id, pins.posts[k].id); /* never twice */
    size_t got = pins.n;
    arena_free(&a);
    return got;
}

static void test_mark_bounds_and_rights(void **state)
{
    struct store *s = st_of(state);
    struct cast c;
    cast(s, &c);
    int64_t pid = tu_post(s, &c.teacher, c.group, "Fire drill at ten.");
    struct arena a;
    arena_init(&a, 0);
    struct post p;
    struct fail f = {0};
    assert_int_equal(announce_mark(s, &a, &c.principal, pid, 0, &p, &f), CORE_INVALID);
    assert_string_equal(f.code, "days_out_of_range");
    assert_int_equal(announce_mark(s, &a, &c.principal, pid, 8, &p, &f), CORE_INVALID);
    assert_int_equal(announce_mark(s, &a, &c.teacher, pid, 2, &p, &f), CORE_FORBIDDEN);
    assert_string_equal(f.code, "important_forbidden");
    struct viewer comms = c.amy;
    comms.comms = true;
    assert_int_equal(announce_mark(s, &a, &comms, pid, 2, &p, &f), CORE_OK);
    assert_true(p.important_until > core_now_ms() + 86400000LL);
    assert_int_equal(p.important_by, comms.id);
    assert_true(p.has_receipts);
    assert_int_equal(p.receipts.audience, 3); /* principal, amy, bo */
    /* Everyone but the marker hears of it once; extending tells no one again. */
    assert_int_equal(count_kind(s, &c.bo, NOTIFY_IMPORTANT), 1);
    assert_int_equal(count_kind(s, &c.teacher, NOTIFY_IMPORTANT), 1);
    assert_int_equal(count_kind(s, &c.amy, NOTIFY_IMPORTANT), 0);
    assert_int_equal(announce_mark(s, &a, &c.principal, pid, 7, &p, &f), CORE_OK);
    assert_int_equal(count_kind(s, &c.bo, NOTIFY_IMPORTANT), 1);
    arena_free(&a);
}

static void test_pins_and_acknowledgements(void **state)
{
    struct store *s = st_of(state);
    struct cast c;
    cast(s, &c);
    int64_t pid = tu_post(s, &c.teacher, c.group, "Picture day is Friday.");
    tu_post(s, &c.amy, c.group, "Newer post.");
    struct arena a;
    arena_init(&a, 0);
    struct post p;
    struct fail f = {0};
    int64_t first;
    assert_int_equal(pinned_home(s, &c.bo, &first), 0);
    assert_int_equal(announce_mark(s, &a, &c.principal, pid, 1, &p, &f), CORE_OK);
    assert_int_equal(pinned_home(s, &c.bo, &first), 1);
    assert_int_equal(first, pid);
    assert_int_equal(pinned_home(s, &c.teacher, &first), 0); /* not for its author */

    /* Seeing counts, acknowledging counts and unpins for that reader only. */
    assert_int_equal(announce_receipt(s, &a, &c.bo, pid, false, &p, &f), CORE_OK);
    assert_true(p.viewer_seen_at > 0);
    assert_int_equal(p.viewer_acked_at, 0);
    assert_int_equal(pinned_home(s, &c.bo, &first), 1);
    assert_int_equal(announce_receipt(s, &a, &c.bo, pid, true, &p, &f), CORE_OK);
    assert_true(p.viewer_acked_at > 0);
    assert_int_equal(pinned_home(s, &c.bo, &first), 0);
    assert_int_equal(pinned_home(s, &c.amy, &first), 1);
    assert_int_equal(announce_receipt(s, &a, &c.teacher, pid, true, &p, &f), CORE_CONFLICT);
    assert_string_equal(f.code, "own_announcement");

    struct receipt *r;
    size_t n;
    int64_t next;
    struct receipt_counts counts;
    assert_int_equal(announce_receipts(s, &a, &c.teacher, pid, RECEIPT_NOT_ACKNOWLEDGED, 0, 10, &r,
                                       &n, &next, &counts, &f),
                     CORE_OK);
    assert_int_equal(counts.audience, 3);
    assert_int_equal(counts.seen, 1);
    assert_int_equal(counts.acknowledged, 1);
    assert_int_equal(n, 2);
    assert_int_equal(next, 0);
    assert_int_equal(
        announce_receipts(s, &a, &c.amy, pid, RECEIPT_SEEN, 0, 10, &r, &n, &next, &counts, &f),
        CORE_FORBIDDEN);

    /* Ending it unpins it for everyone. */
    assert_int_equal(announce_unmark(s, &a, &c.principal, pid, &p, &f), CORE_OK);
    assert_int_equal(pinned_home(s, &c.amy, &first), 0);
    assert_int_equal(announce_unmark(s, &a, &c.principal, pid, &p, &f), CORE_CONFLICT);
    arena_free(&a);
}

static void test_group_feed_pins_members_only(void **state)
{
    struct store *s = st_of(state);
    struct cast c;
    cast(s, &c);
    struct viewer outsider = tu_person(s, "outsider", ROLE_MEMBER);
    int64_t open = tu_group(s, &c.principal, "Open", PRIVACY_OPEN);
    tu_join(s, &c.amy, open, c.amy.id);
    int64_t pid = tu_post(s, &c.principal, open, "Open house.");
    struct arena a;
    arena_init(&a, 0);
    struct post p, *items;
    struct fail f = {0};
    size_t n;
    int64_t next;
    struct feed_pinned pins;
    assert_int_equal(announce_mark(s, &a, &c.principal, pid, 1, &p, &f), CORE_OK);
    assert_int_equal(feed_group(s, &a, &c.amy, open, 0, 20, &items, &n, &next, &pins, &f), CORE_OK);
    assert_int_equal(pins.n, 1);
    assert_int_equal(n, 0); /* the only post is pinned, not listed */
    /* An outsider reads an open group but is no audience: nothing pinned. */
    assert_int_equal(feed_group(s, &a, &outsider, open, 0, 20, &items, &n, &next, &pins, &f),
                     CORE_OK);
    assert_int_equal(pins.n, 0);
    assert_int_equal(n, 1);
    assert_int_equal(announce_receipt(s, &a, &outsider, pid, true, &p, &f), CORE_FORBIDDEN);
    arena_free(&a);
}

static void test_nudge(void **state)
{
    struct store *s = st_of(state);
    struct cast c;
    cast(s, &c);
    int64_t pid = tu_post(s, &c.teacher, c.group, "Sign the safety form.");
    struct arena a;
    arena_init(&a, 0);
    struct post p;
    struct fail f = {0};
    int64_t nudged = -1;
    assert_int_equal(announce_nudge(s, &a, &c.teacher, pid, &nudged, &f), CORE_CONFLICT);
    assert_int_equal(announce_mark(s, &a, &c.principal, pid, 3, &p, &f), CORE_OK);
    assert_int_equal(announce_receipt(s, &a, &c.amy, pid, true, &p, &f), CORE_OK);
    assert_int_equal(announce_nudge(s, &a, &c.bo, pid, &nudged, &f), CORE_FORBIDDEN);
    assert_int_equal(announce_nudge(s, &a, &c.teacher, pid, &nudged, &f), CORE_OK);
    assert_int_equal(nudged, 2); /* principal and bo; not amy, not the author */
    assert_int_equal(count_kind(s, &c.bo, NOTIFY_NUDGE), 1);
    assert_int_equal(count_kind(s, &c.amy, NOTIFY_NUDGE), 0);
    assert_int_equal(count_kind(s, &c.teacher, NOTIFY_NUDGE), 0);
    assert_int_equal(announce_nudge(s, &a, &c.principal, pid, &nudged, &f), CORE_THROTTLED);
    assert_string_equal(f.code, "nudge_too_soon");
    assert_true(f.retry_after_s > 3500 && f.retry_after_s <= 3600);
    arena_free(&a);
}

static void test_receipt_states_parse(void **state)
{
    enum receipt_state st;
    for (int i = 0; i < RECEIPT_STATE__MAX; i++) {
        assert_int_equal(receipt_state_parse(receipt_state_str((enum receipt_state)i), &st), 0);
        assert_int_equal(st, i);
    }
    assert_int_equal(receipt_state_parse("maybe", &st), -1);
    assert_int_equal(receipt_state_parse(NULL, &st), -1);
}

int main(void)
{
    if (tu_init())
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_mark_bounds_and_rights, tu_setup_db, tu_teardown_db),
        cmocka_unit_test_setup_teardown(test_pins_and_acknowledgements, tu_setup_db,
                                        tu_teardown_db),
        cmocka_unit_test_setup_teardown(test_group_feed_pins_members_only, tu_setup_db,
                                        tu_teardown_db),
        cmocka_unit_test_setup_teardown(test_nudge, tu_setup_db, tu_teardown_db),
        cmocka_unit_test(test_receipt_states_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
