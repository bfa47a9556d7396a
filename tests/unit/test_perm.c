/* Unit tests for core/perm.c: the full rule table of perm_group (privacy x
 * the viewer's relation x archived x action), written from the rules in
 * words in core/perm.h, then perm_edit, perm_remove and the listing filter.
 * No database: a group here is what the store would load for the viewer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>

#include "core/perm.h"
#include "store/store_media.h"

enum relation {
    REL_NONE,     /* no membership row */
    REL_PENDING,  /* asked to join */
    REL_INVITED,  /* invited, not yet accepted */
    REL_MEMBER,   /* active member */
    REL_GADMIN,   /* active member and group admin */
    REL_SYSADMIN, /* system admin, not a member */
    REL__MAX
};

static const char *const rel_names[REL__MAX] = {"none",   "pending",     "invited",
                                                "member", "group admin", "system admin"};
static const char *const action_names[PERM_ACTION__MAX] = {
    "SEE_GROUP", "READ_CONTENT", "POST", "INTERACT", "INVITE", "MANAGE", "SEE_REQUESTS"};

struct rule {
    enum privacy privacy;
    enum relation rel;
    bool archived;
    /* indexed by enum perm_action: SEE, READ, POST, INTERACT, INVITE, MANAGE, SEE_REQUESTS */
    bool allow[PERM_ACTION__MAX];
};

/* The rules of perm.h, row by row. Archived groups stay readable (SEE,
 * READ unchanged) and accept no new content (POST, INTERACT refused);
 * managing stays possible so that an admin can unarchive. Commenting and
 * reacting in an open group are open to every active user, like reading;
 * any member of an open group may invite, admins anywhere. */
static const struct rule rules[] = {
    /*                                  SEE READ POST INTR INVT MNGE REQS */
    {PRIVACY_OPEN, REL_NONE, false, {1, 1, 0, 1, 0, 0, 0}},
    {PRIVACY_OPEN, REL_PENDING, false, {1, 1, 0, 1, 0, 0, 0}},
    {PRIVACY_OPEN, REL_INVITED, false, {1, 1, 0, 1, 0, 0, 0}},
    {PRIVACY_OPEN, REL_MEMBER, false, {1, 1, 1, 1, 1, 0, 0}},
    {PRIVACY_OPEN, REL_GADMIN, false, {1, 1, 1, 1, 1, 1, 1}},
    {PRIVACY_OPEN, REL_SYSADMIN, false, {1, 1, 0, 1, 1, 1, 1}},
    {PRIVACY_OPEN, REL_NONE, true, {1, 1, 0, 0, 0, 0, 0}},
    {PRIVACY_OPEN, REL_PENDING, true, {1, 1, 0, 0, 0, 0, 0}},
    {PRIVACY_OPEN, REL_INVITED, true, {1, 1, 0, 0, 0, 0, 0}},
    {PRIVACY_OPEN, REL_MEMBER, true, {1, 1, 0, 0, 1, 0, 0}},
    {PRIVACY_OPEN, REL_GADMIN, true, {1, 1, 0, 0, 1, 1, 1}},
    {PRIVACY_OPEN, REL_SYSADMIN, true, {1, 1, 0, 0, 1, 1, 1}},

    {PRIVACY_CLOSED, REL_NONE, false, {1, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_CLOSED, REL_PENDING, false, {1, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_CLOSED, REL_INVITED, false, {1, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_CLOSED, REL_MEMBER, false, {1, 1, 1, 1, 0, 0, 0}},
    {PRIVACY_CLOSED, REL_GADMIN, false, {1, 1, 1, 1, 1, 1, 1}},
    {PRIVACY_CLOSED, REL_SYSADMIN, false, {1, 0, 0, 0, 1, 1, 1}},
    {PRIVACY_CLOSED, REL_NONE, true, {1, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_CLOSED, REL_PENDING, true, {1, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_CLOSED, REL_INVITED, true, {1, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_CLOSED, REL_MEMBER, true, {1, 1, 0, 0, 0, 0, 0}},
    {PRIVACY_CLOSED, REL_GADMIN, true, {1, 1, 0, 0, 1, 1, 1}},
    {PRIVACY_CLOSED, REL_SYSADMIN, true, {1, 0, 0, 0, 1, 1, 1}},

    {PRIVACY_SECRET, REL_NONE, false, {0, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_SECRET, REL_PENDING, false, {0, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_SECRET, REL_INVITED, false, {1, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_SECRET, REL_MEMBER, false, {1, 1, 1, 1, 0, 0, 0}},
    {PRIVACY_SECRET, REL_GADMIN, false, {1, 1, 1, 1, 1, 1, 1}},
    {PRIVACY_SECRET, REL_SYSADMIN, false, {1, 0, 0, 0, 1, 1, 1}},
    {PRIVACY_SECRET, REL_NONE, true, {0, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_SECRET, REL_PENDING, true, {0, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_SECRET, REL_INVITED, true, {1, 0, 0, 0, 0, 0, 0}},
    {PRIVACY_SECRET, REL_MEMBER, true, {1, 1, 0, 0, 0, 0, 0}},
    {PRIVACY_SECRET, REL_GADMIN, true, {1, 1, 0, 0, 1, 1, 1}},
    {PRIVACY_SECRET, REL_SYSADMIN, true, {1, 0, 0, 0, 1, 1, 1}},
};

/* The viewer and the group as the store would load them for that viewer. */
static void setup_case(enum privacy privacy, enum relation rel, bool archived, struct viewer *v,
                       struct group *g)
{
    *v = (struct viewer){.id = 42, .role = ROLE_MEMBER, .login = "viewer"};
    *g = (struct group){.id = 7,
                        .name = "G",
                        .purpose = "P",
                        .privacy = privacy,
                        .created_by = 1,
                        .archived_at = archived ? 1700000000000LL : 0,
                        .member_count = 3,
                        .viewer_state = MEMBER_NONE,
                        .viewer_role = GROUP_MEMBER};
    switch (rel) {
    case REL_NONE:
        break;
    case REL_PENDING:
        g->viewer_state = MEMBER_PENDING;
        break;
    case REL_INVITED:
        g->viewer_state = MEMBER_INVITED;
        break;
    case REL_MEMBER:
        g->viewer_state = MEMBER_ACTIVE;
        break;
    case REL_GADMIN:
        g->viewer_state = MEMBER_ACTIVE;
        g->viewer_role = GROUP_ADMIN;
        break;
    case REL_SYSADMIN:
        v->role = ROLE_ADMIN;
        break;
    default:
        fail();
    }
}

static void test_perm_table_is_complete(void **state)
{
    /* Every privacy x relation x archived combination has exactly one row. */
    int seen[PRIVACY__MAX][REL__MAX][2] = {{{0}}};
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        seen[rules[i].privacy][rules[i].rel][rules[i].archived]++;
    for (int p = 0; p < PRIVACY__MAX; p++)
        for (int r = 0; r < REL__MAX; r++)
            for (int a = 0; a < 2; a++)
                assert_int_equal(seen[p][r][a], 1);
}

static void test_perm_group_rule_table(void **state)
{
    int mismatches = 0;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        const struct rule *r = &rules[i];
        for (int a = 0; a < PERM_ACTION__MAX; a++) {
            struct viewer v;
            struct group g;
            setup_case(r->privacy, r->rel, r->archived, &v, &g);
            bool got = perm_group(&v, &g, (enum perm_action)a);
            if (got != r->allow[a]) {
                print_error("perm_group(%s group%s, %s, %s) = %d, want %d\n",
                            privacy_str(r->privacy), r->archived ? " (archived)" : "",
                            rel_names[r->rel], action_names[a], got, r->allow[a]);
                mismatches++;
            }
        }
    }
    assert_int_equal(mismatches, 0);
}

static void test_perm_group_needs_a_viewer(void **state)
{
    struct viewer v;
    struct group g;
    setup_case(PRIVACY_OPEN, REL_GADMIN, false, &v, &g);
    for (int a = 0; a < PERM_ACTION__MAX; a++) {
        assert_false(perm_group(NULL, &g, (enum perm_action)a));
        v.id = 0;
        assert_false(perm_group(&v, &g, (enum perm_action)a));
        v.id = -5;
        assert_false(perm_group(&v, &g, (enum perm_action)a));
        v.id = 42;
    }
}

static void test_perm_group_unknown_action_is_refused(void **state)
{
    struct viewer v;
    struct group g;
    setup_case(PRIVACY_OPEN, REL_SYSADMIN, false, &v, &g);
    assert_false(perm_group(&v, &g, PERM_ACTION__MAX));
}

static void test_perm_group_admin_role_counts_only_when_active(void **state)
{
    /* An admin role on a row that is not active grants nothing. */
    enum member_state states[] = {MEMBER_PENDING, MEMBER_INVITED};
    for (size_t i = 0; i < 2; i++) {
        struct viewer v;
        struct group g;
        setup_case(PRIVACY_CLOSED, REL_NONE, false, &v, &g);
        g.viewer_state = states[i];
        g.viewer_role = GROUP_ADMIN;
        assert_false(perm_group(&v, &g, PERM_MANAGE));
        assert_false(perm_group(&v, &g, PERM_SEE_REQUESTS));
        assert_false(perm_group(&v, &g, PERM_READ_CONTENT));
        assert_false(perm_group(&v, &g, PERM_POST));
    }
}

static void test_perm_edit_is_for_the_author(void **state)
{
    struct viewer v = {.id = 42, .role = ROLE_MEMBER, .login = "author"};
    assert_true(perm_edit(&v, 42));
    assert_false(perm_edit(&v, 43));
    struct viewer admin = {.id = 1, .role = ROLE_ADMIN, .login = "admin"};
    assert_false(perm_edit(&admin, 42)); /* not even a system admin */
    assert_false(perm_edit(NULL, 42));
    struct viewer nobody = {.id = 0};
    assert_false(perm_edit(&nobody, 0));
}

static void test_perm_remove(void **state)
{
    struct viewer v;
    struct group g;
    /* The author, even after leaving the group. */
    setup_case(PRIVACY_CLOSED, REL_NONE, false, &v, &g);
    assert_true(perm_remove(&v, &g, v.id));
    /* A member who is not the author may not. */
    setup_case(PRIVACY_OPEN, REL_MEMBER, false, &v, &g);
    assert_false(perm_remove(&v, &g, 99));
    assert_true(perm_remove(&v, &g, v.id));
    /* Nor may an outsider or an invitee. */
    setup_case(PRIVACY_OPEN, REL_NONE, false, &v, &g);
    assert_false(perm_remove(&v, &g, 99));
    setup_case(PRIVACY_SECRET, REL_INVITED, false, &v, &g);
    assert_false(perm_remove(&v, &g, 99));
    /* The group's admins may, also in an archived group. */
    setup_case(PRIVACY_SECRET, REL_GADMIN, false, &v, &g);
    assert_true(perm_remove(&v, &g, 99));
    setup_case(PRIVACY_SECRET, REL_GADMIN, true, &v, &g);
    assert_true(perm_remove(&v, &g, 99));
    /* System admins may, without being members. */
    setup_case(PRIVACY_SECRET, REL_SYSADMIN, false, &v, &g);
    assert_true(perm_remove(&v, &g, 99));
    /* A group admin role on an inactive row is no admin. */
    setup_case(PRIVACY_CLOSED, REL_PENDING, false, &v, &g);
    g.viewer_role = GROUP_ADMIN;
    assert_false(perm_remove(&v, &g, 99));
    /* No viewer, no removal. */
    assert_false(perm_remove(NULL, &g, 99));
}

/* perm_important: mark (group admins and communications, live groups they
 * read), receipts (also the author), acknowledge (active members, not the
 * author). The author is id 99 unless the viewer is the author. */
static void test_perm_important(void **state)
{
    struct {
        enum privacy privacy;
        enum relation rel;
        bool archived, comms, author;
        bool mark, receipts, ack;
    } cases[] = {
        {PRIVACY_CLOSED, REL_MEMBER, false, false, false, 0, 0, 1},
        {PRIVACY_CLOSED, REL_MEMBER, false, false, true, 0, 1, 0},
        {PRIVACY_CLOSED, REL_GADMIN, false, false, false, 1, 1, 1},
        {PRIVACY_CLOSED, REL_GADMIN, true, false, false, 0, 1, 1},
        {PRIVACY_CLOSED, REL_MEMBER, false, true, false, 1, 1, 1},
        {PRIVACY_CLOSED, REL_NONE, false, true, false, 0, 0, 0}, /* cannot read it */
        {PRIVACY_SECRET, REL_NONE, false, true, false, 0, 0, 0}, /* nor this */
        {PRIVACY_SECRET, REL_SYSADMIN, false, false, false, 0, 0, 0},
        {PRIVACY_OPEN, REL_NONE, false, true, false, 1, 1, 0}, /* reads it, not in the audience */
        {PRIVACY_OPEN, REL_NONE, false, false, false, 0, 0, 0},
        {PRIVACY_OPEN, REL_SYSADMIN, false, false, false, 1, 1, 0},
        {PRIVACY_OPEN, REL_INVITED, false, false, false, 0, 0, 0},
        {PRIVACY_CLOSED, REL_PENDING, false, true, false, 0, 0, 0},
        {PRIVACY_OPEN, REL_MEMBER, true, true, false, 0, 1, 1}, /* archived: no marking */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct viewer v;
        struct group g;
        setup_case(cases[i].privacy, cases[i].rel, cases[i].archived, &v, &g);
        v.comms = cases[i].comms;
        int64_t author = cases[i].author ? v.id : 99;
        if (perm_important(&v, &g, author, IMPORTANT_MARK) != cases[i].mark ||
            perm_important(&v, &g, author, IMPORTANT_RECEIPTS) != cases[i].receipts ||
            perm_important(&v, &g, author, IMPORTANT_ACK) != cases[i].ack)
            fail_msg("case %zu (%s, %s)", i, privacy_str(cases[i].privacy),
                     rel_names[cases[i].rel]);
    }
    struct viewer v;
    struct group g;
    setup_case(PRIVACY_OPEN, REL_GADMIN, false, &v, &g);
    assert_false(perm_important(NULL, &g, 99, IMPORTANT_MARK));
    assert_false(perm_important(&v, &g, 99, (enum perm_important_action)42));
}

static void test_perm_notification(void **state)
{
    struct viewer v = {.id = 42, .role = ROLE_MEMBER, .login = "v"};
    struct notification n = {.id = 1, .group_id = 0};
    assert_true(perm_notification(&v, &n)); /* about no group: one's own */
    n.group_id = 7;
    n.group_privacy = PRIVACY_CLOSED;
    n.viewer_state = MEMBER_NONE;
    assert_true(perm_notification(&v, &n)); /* a closed group's name is public */
    n.post_id = 5;
    assert_false(perm_notification(&v, &n)); /* its posts are not */
    n.viewer_state = MEMBER_ACTIVE;
    assert_true(perm_notification(&v, &n));
    n.group_privacy = PRIVACY_SECRET;
    n.viewer_state = MEMBER_NONE;
    n.post_id = 0;
    assert_false(perm_notification(&v, &n)); /* a secret group one left */
    n.viewer_state = MEMBER_INVITED;
    assert_true(perm_notification(&v, &n)); /* an invitation to it */
    struct viewer nobody = {.id = 0};
    n.group_id = 0;
    assert_false(perm_notification(&nobody, &n));
}

static void test_perm_group_filter(void **state)
{
    struct viewer v = {.id = 42, .role = ROLE_MEMBER, .login = "u"};
    struct group_filter f = {
        .viewer_id = 999, .see_all_secret = true, .only_state = MEMBER_ACTIVE, .query = "q"};
    perm_group_filter(&v, &f);
    assert_int_equal(f.viewer_id, 42);
    assert_false(f.see_all_secret);
    /* The caller's own choices are kept. */
    assert_int_equal(f.only_state, MEMBER_ACTIVE);
    assert_string_equal(f.query, "q");

    struct viewer admin = {.id = 7, .role = ROLE_ADMIN, .login = "root"};
    struct group_filter g = {0};
    perm_group_filter(&admin, &g);
    assert_int_equal(g.viewer_id, 7);
    assert_true(g.see_all_secret);
    assert_int_equal(g.only_state, MEMBER_NONE);
    assert_null(g.query);
}

/* A live event's visibility: personal events for their addressee alone,
 * group events for everyone when open, else for the listed members. */
static void test_perm_event_visible(void **state)
{
    (void)state;
    struct viewer ann = {.id = 5, .role = ROLE_MEMBER}, root = {.id = 9, .role = ROLE_ADMIN},
                  nobody = {.id = 0};
    const int64_t members[] = {2, 5, 7};
    struct perm_audience everyone = {.everyone = true};
    struct perm_audience some = {.members = members, .n_members = 3};
    struct perm_audience none = {0};
    struct event group_ev = {.id = 1, .group_id = 3}, mine = {.id = 2, .user_id = 5},
                 theirs = {.id = 3, .user_id = 7, .group_id = 3}, orphan = {.id = 4};
    assert_false(perm_audience_members(PRIVACY_OPEN));
    assert_true(perm_audience_members(PRIVACY_CLOSED));
    assert_true(perm_audience_members(PRIVACY_SECRET));
    assert_true(perm_audience_members(PRIVACY__MAX));
    assert_true(perm_event_visible(&ann, &group_ev, &everyone));
    assert_true(perm_event_visible(&ann, &group_ev, &some));
    assert_false(perm_event_visible(&root, &group_ev, &some)); /* admins read content as members */
    assert_false(perm_event_visible(&ann, &group_ev, &none));
    assert_false(perm_event_visible(&ann, &group_ev, NULL));
    assert_false(perm_event_visible(&nobody, &group_ev, &everyone));
    assert_false(perm_event_visible(NULL, &group_ev, &everyone));
    assert_true(perm_event_visible(&ann, &mine, NULL));
    assert_false(perm_event_visible(&ann, &theirs, &everyone)); /* personal wins over the group */
    assert_false(perm_event_visible(&ann, &orphan, &everyone));
    const int64_t one[] = {6};
    struct perm_audience single = {.members = one, .n_members = 1};
    assert_false(perm_event_visible(&ann, &group_ev, &single));
}

/* An image: unattached, its uploader's alone (not even a system admin's);
 * attached, for whoever reads its post's group's content; with no group
 * (the post deleted or gone), or removed, no one's. */
static void test_perm_media(void **state)
{
    (void)state;
    struct viewer ann = {.id = 5, .role = ROLE_MEMBER}, bob = {.id = 6, .role = ROLE_MEMBER},
                  root = {.id = 9, .role = ROLE_ADMIN}, nobody = {.id = 0};
    struct media pending = {.id = 1, .uploader_id = 5};
    assert_true(perm_media(&ann, &pending, NULL));
    assert_false(perm_media(&bob, &pending, NULL));
    assert_false(perm_media(&root, &pending, NULL));
    assert_false(perm_media(&nobody, &pending, NULL));
    assert_false(perm_media(NULL, &pending, NULL));
    struct group open = {.id = 3, .privacy = PRIVACY_OPEN};
    assert_false(perm_media(&bob, &pending, &open)); /* a group does not unlock it */
    struct media removed = {.id = 2, .uploader_id = 5, .removed_at = 1000};
    assert_false(perm_media(&ann, &removed, NULL));
    /* held with a post for review: monitors see it too, no one else */
    struct viewer mon = {.id = 7, .role = ROLE_MEMBER, .monitor = true};
    struct media held = {.id = 3, .uploader_id = 5, .review_id = 40};
    assert_true(perm_media(&ann, &held, NULL));
    assert_true(perm_media(&mon, &held, NULL));
    assert_false(perm_media(&bob, &held, NULL));
    assert_false(perm_media(&root, &held, NULL));
    assert_false(perm_media(&mon, &pending, NULL)); /* not held: the uploader's alone */

    struct media posted = {.id = 4, .uploader_id = 5, .post_id = 11};
    struct group closed_member = {
        .id = 3, .privacy = PRIVACY_CLOSED, .viewer_state = MEMBER_ACTIVE};
    struct group closed_pending = {
        .id = 3, .privacy = PRIVACY_CLOSED, .viewer_state = MEMBER_PENDING};
    struct group secret_none = {.id = 3, .privacy = PRIVACY_SECRET};
    struct group secret_invited = {
        .id = 3, .privacy = PRIVACY_SECRET, .viewer_state = MEMBER_INVITED};
    struct group archived = {.id = 3, .privacy = PRIVACY_OPEN, .archived_at = 500};
    assert_true(perm_media(&bob, &posted, &open));
    assert_true(perm_media(&bob, &posted, &archived)); /* archived groups stay readable */
    assert_true(perm_media(&bob, &posted, &closed_member));
    assert_false(perm_media(&bob, &posted, &closed_pending));
    assert_false(perm_media(&bob, &posted, &secret_none));
    assert_false(perm_media(&bob, &posted, &secret_invited));
    assert_false(perm_media(&root, &posted, &secret_none)); /* admins read content as members */
    assert_false(perm_media(&ann, &posted, &secret_none));  /* the uploader too: it is the post's */
    assert_false(perm_media(&ann, &posted, NULL));          /* the post is deleted */
    assert_false(perm_media(&nobody, &posted, &open));
    posted.removed_at = 1000;
    assert_false(perm_media(&bob, &posted, &open));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perm_table_is_complete),
        cmocka_unit_test(test_perm_group_rule_table),
        cmocka_unit_test(test_perm_group_needs_a_viewer),
        cmocka_unit_test(test_perm_group_unknown_action_is_refused),
        cmocka_unit_test(test_perm_group_admin_role_counts_only_when_active),
        cmocka_unit_test(test_perm_edit_is_for_the_author),
        cmocka_unit_test(test_perm_remove),
        cmocka_unit_test(test_perm_group_filter),
        cmocka_unit_test(test_perm_important),
        cmocka_unit_test(test_perm_notification),
        cmocka_unit_test(test_perm_event_visible),
        cmocka_unit_test(test_perm_media),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
