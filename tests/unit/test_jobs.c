/* Unit tests for the durable job queue (core/jobs), e-mail rules that
 * live in the store and core/mail, drafts and scheduled publishing
 * (core/draft), and message building (util/mime), against a real temporary
 * database. What is sent over SMTP is tested black-box in
 * tests/api/mail.test.mjs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/draft.h"
#include "core/jobs.h"
#include "core/mail.h"
#include "core/notify.h"
#include "testutil.h"
#include "util/mime.h"

static struct store *st_of(void **state)
{
    return ((struct tu_db *)*state)->s;
}

static const struct jobs_config test_cfg = {.poll_ms = 10,
                                            .retry_base_ms = 1000,
                                            .retry_max_ms = 8000,
                                            .lease_ms = 60000,
                                            .max_attempts = 3,
                                            .batch = 20};

/* Turns e-mail on or off for the database, as `serve` does at start-up. */
static void mail_on(struct store *s, bool on)
{
    struct mail_config mc = {.enabled = on,
                             .smtp = {.url = "smtp://127.0.0.1:1", .timeout_ms = 1000},
                             .from = "staffroom@district.test",
                             .base_url = "https://staffroom.test",
                             .host = "staffroom.test"};
    mail_configure(&mc);
    assert_int_equal(mail_start(s, core_now_ms()), STORE_OK);
}

static int64_t person_with_email(struct store *s, const char *login, const char *email)
{
    int64_t id = tu_user(s, login);
    if (email)
        assert_int_equal(store_user_set_email(s, id, email), STORE_OK);
    return id;
}

/* Strings of the viewers the tests make live here until the binary ends. */
static struct arena people;

static struct viewer viewer_of(struct store *s, int64_t id)
{
    struct user u;
    assert_int_equal(store_user_get(s, &people, id, &u), STORE_OK);
    return tu_viewer(&u);
}

/* The job (kind, user, ref), or state -1 when there is none. */
static int job_state(struct store *s, int kind, int64_t user, int64_t ref)
{
    struct arena a;
    arena_init(&a, 0);
    struct job_info j;
    enum store_err e = store_job_find(s, &a, kind, user, ref, &j);
    arena_free(&a);
    return e == STORE_NOTFOUND ? -1 : (int)j.state;
}

static int64_t count_pending(struct store *s, int kind)
{
    struct arena a;
    arena_init(&a, 0);
    struct job_count *c;
    size_t n;
    assert_int_equal(store_job_summary(s, &a, &c, &n), STORE_OK);
    int64_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (c[i].kind == kind && c[i].state == JOB_PENDING)
            k += c[i].n;
    arena_free(&a);
    return k;
}

/* ---- the queue ---- */

static void test_backoff_doubles_and_is_capped(void **state)
{
    (void)state;
    assert_int_equal(jobs_backoff(&test_cfg, 1, 0), 1000);
    assert_int_equal(jobs_backoff(&test_cfg, 2, 0), 2000);
    assert_int_equal(jobs_backoff(&test_cfg, 3, 0), 4000);
    assert_int_equal(jobs_backoff(&test_cfg, 4, 0), 8000);
    assert_int_equal(jobs_backoff(&test_cfg, 40, 0), 8000);
}

static void test_a_claim_is_a_lease_that_expires(void **state)
{
    struct store *s = st_of(state);
    struct arena a;
    arena_init(&a, 0);
    int64_t now = 1000000;
    assert_int_equal(store_job_add(s, JOB_PUBLISH, 7, 42, now, now), STORE_OK);
    assert_int_equal(store_job_add(s, JOB_PUBLISH, 7, 42, now, now), STORE_OK); /* once */
    struct job *j;
    size_t n;
    assert_int_equal(store_jobs_claim(s, &a, now - 1, now + 500, 10, &j, &n), STORE_OK);
    assert_int_equal(n, 0); /* not due yet */
    assert_int_equal(store_jobs_claim(s, &a, now, now + 500, 10, &j, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(j[0].ref_id, 42);
    assert_int_equal(j[0].attempts, 1);
    /* claimed: nobody else gets it while the lease runs */
    assert_int_equal(store_jobs_claim(s, &a, now + 499, now + 1000, 10, &j, &n), STORE_OK);
    assert_int_equal(n, 0);
    /* whoever claimed it died: after the lease it runs again */
    assert_int_equal(store_jobs_claim(s, &a, now + 500, now + 1000, 10, &j, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(j[0].attempts, 2);
    assert_int_equal(store_job_done(s, j[0].id, NULL, now + 600), STORE_OK);
    assert_int_equal(store_jobs_claim(s, &a, now + 5000, now + 6000, 10, &j, &n), STORE_OK);
    assert_int_equal(n, 0);
    assert_int_equal(job_state(s, JOB_PUBLISH, 7, 42), JOB_DONE);
    arena_free(&a);
}

static void test_failing_jobs_retry_then_die_with_their_error(void **state)
{
    struct store *s = st_of(state);
    mail_on(s, true); /* an SMTP server at port 1: nothing listens there */
    int64_t ann = person_with_email(s, "ann", "ann@district.test");
    int64_t ben = person_with_email(s, "ben", "ben@district.test");
    struct viewer va = viewer_of(s, ann), vb = viewer_of(s, ben);
    int64_t g = tu_group(s, &va, "Lounge", PRIVACY_OPEN);
    tu_join(s, &vb, g, ben);
    tu_post(s, &va, g, "hello @ben");
    assert_int_equal(count_pending(s, JOB_MAIL_NOTIFICATION), 1);
    struct jobs_config c = test_cfg;
    c.retry_base_ms = 1; /* due again at once */
    c.retry_max_ms = 1;
    size_t ran;
    for (int i = 0; i < 3; i++) {
        struct timespec ts = {0, 5 * 1000000};
        nanosleep(&ts, NULL);
        assert_int_equal(jobs_run_pass(s, &c, NULL, &ran), STORE_OK);
    }
    struct arena a;
    arena_init(&a, 0);
    struct job_info *p;
    size_t n;
    assert_int_equal(store_job_problems(s, &a, 10, &p, &n), STORE_OK);
    size_t k = 0; /* (a digest due this hour may fail too) */
    for (size_t i = 0; i < n; i++)
        if (p[i].kind == JOB_MAIL_NOTIFICATION)
            p[k++] = p[i];
    assert_int_equal(k, 1);
    assert_int_equal(p[0].state, JOB_DEAD);
    assert_int_equal(p[0].attempts, 3);
    assert_non_null(strstr(p[0].last_error, "smtp: "));
    arena_free(&a);
    mail_on(s, false);
}

/* ---- who gets e-mail jobs ---- */

static void test_notification_jobs_follow_address_and_settings(void **state)
{
    struct store *s = st_of(state);
    int64_t ann = person_with_email(s, "ann", "ann@district.test");
    int64_t ben = person_with_email(s, "ben", "ben@district.test");
    int64_t cat = person_with_email(s, "cat", "cat@district.test");
    int64_t dan = person_with_email(s, "dan", NULL);
    struct viewer va = viewer_of(s, ann);
    int64_t g = tu_group(s, &va, "Lounge", PRIVACY_OPEN);
    for (int64_t u = ben; u <= dan; u++) {
        struct viewer v = viewer_of(s, u);
        tu_join(s, &v, g, u);
    }
    /* e-mail off: no job at all */
    mail_on(s, false);
    tu_post(s, &va, g, "@ben one");
    assert_int_equal(count_pending(s, JOB_MAIL_NOTIFICATION), 0);
    mail_on(s, true);
    struct email_settings off = {MAIL_NOTIFY_OFF, true, 7};
    assert_int_equal(store_email_settings_set(s, cat, &off, 1), STORE_OK);
    tu_post(s, &va, g, "@ben @cat @dan two");
    /* ben (default: important, and a mention is): yes; cat (off), dan (no address): no */
    assert_int_equal(count_pending(s, JOB_MAIL_NOTIFICATION), 1);
    /* new posts are not "important"; with `all` they are e-mailed */
    struct viewer vb = viewer_of(s, ben);
    enum notify_level all = NOTIFY_ALL;
    struct arena a;
    arena_init(&a, 0);
    struct notify_setting ns;
    struct fail f = {0};
    assert_int_equal(notify_settings_set(s, &a, &vb, g, &all, NULL, &ns, &f), CORE_OK);
    tu_post(s, &va, g, "three");
    assert_int_equal(count_pending(s, JOB_MAIL_NOTIFICATION), 1);
    enum mail_notify every = MAIL_NOTIFY_ALL;
    struct mail_settings ms;
    assert_int_equal(mail_settings_set(s, &a, &vb, &every, NULL, NULL, &ms, &f), CORE_OK);
    assert_int_equal(ms.notify, MAIL_NOTIFY_ALL);
    tu_post(s, &va, g, "four");
    assert_int_equal(count_pending(s, JOB_MAIL_NOTIFICATION), 2);
    arena_free(&a);
    mail_on(s, false);
}

static void test_settings_are_bounded(void **state)
{
    struct store *s = st_of(state);
    struct viewer v = viewer_of(s, person_with_email(s, "ann", "ann@district.test"));
    struct arena a;
    arena_init(&a, 0);
    struct mail_settings ms;
    struct fail f = {0};
    assert_int_equal(mail_settings_get(s, &a, &v, &ms, &f), CORE_OK);
    assert_int_equal(ms.notify, MAIL_NOTIFY_IMPORTANT);
    assert_true(ms.digest);
    assert_int_equal(ms.digest_hour, 7);
    int64_t bad = 24;
    assert_int_equal(mail_settings_set(s, &a, &v, NULL, NULL, &bad, &ms, &f), CORE_INVALID);
    assert_string_equal(f.code, "invalid_hour");
    enum mail_notify n = MAIL_NOTIFY__MAX;
    assert_int_equal(mail_settings_set(s, &a, &v, &n, NULL, NULL, &ms, &f), CORE_INVALID);
    assert_string_equal(f.code, "invalid_notifications");
    assert_int_equal(mail_settings_get(s, &a, &v, &ms, &f), CORE_OK);
    assert_int_equal(ms.digest_hour, 7);
    arena_free(&a);
}

static void test_unsubscribe_token_turns_only_the_digest_off(void **state)
{
    struct store *s = st_of(state);
    int64_t ann = person_with_email(s, "ann", "ann@district.test");
    int64_t ben = person_with_email(s, "ben", "ben@district.test");
    char tok[MAIL_UNSUB_TOKEN_MAX], other[MAIL_UNSUB_TOKEN_MAX];
    assert_int_equal(mail_unsub_token(s, ann, tok), STORE_OK);
    assert_int_equal(mail_unsub_token(s, ben, other), STORE_OK);
    assert_string_not_equal(tok, other);
    struct arena a;
    arena_init(&a, 0);
    struct fail f = {0};
    /* ben's MAC with ann's id, a cut token, garbage */
    char forged[MAIL_UNSUB_TOKEN_MAX];
    snprintf(forged, sizeof forged, "%lld%s", (long long)ann, strchr(other, '.'));
    assert_int_equal(mail_unsubscribe(s, &a, forged, &f), CORE_NOTFOUND);
    assert_string_equal(f.code, "invalid_token");
    tok[strlen(tok) - 1] ^= 1;
    assert_int_equal(mail_unsubscribe(s, &a, tok, &f), CORE_NOTFOUND);
    tok[strlen(tok) - 1] ^= 1;
    assert_int_equal(mail_unsubscribe(s, &a, "1.", &f), CORE_NOTFOUND);
    assert_int_equal(mail_unsubscribe(s, &a, NULL, &f), CORE_NOTFOUND);
    struct viewer v = viewer_of(s, ann);
    struct mail_settings ms;
    assert_int_equal(mail_settings_get(s, &a, &v, &ms, &f), CORE_OK);
    assert_true(ms.digest);
    assert_int_equal(mail_unsubscribe(s, &a, tok, &f), CORE_OK);
    assert_int_equal(mail_settings_get(s, &a, &v, &ms, &f), CORE_OK);
    assert_false(ms.digest);
    assert_int_equal(ms.notify, MAIL_NOTIFY_IMPORTANT);
    arena_free(&a);
}

/* ---- drafts and scheduled publishing ---- */

struct stage {
    struct viewer ann, ben;
    int64_t group;
};

static void stage(struct store *s, struct stage *t)
{
    t->ann = tu_person(s, "ann", ROLE_MEMBER);
    t->ben = tu_person(s, "ben", ROLE_MEMBER);
    t->group = tu_group(s, &t->ann, "Lounge", PRIVACY_OPEN);
}

/* A draft of ann's, scheduled and already due (as if its time came). */
static int64_t due_draft(struct store *s, struct stage *t, const char *body)
{
    struct arena a;
    arena_init(&a, 0);
    int64_t at = core_now_ms() + 60000;
    struct draft_input in = {.body = body, .group_id = &t->group, .publish_at = &at};
    struct draft_view d;
    struct fail f = {0};
    assert_int_equal(draft_create(s, &a, &t->ann, &in, &d, &f), CORE_OK);
    assert_int_equal(d.d.state, DRAFT_SCHEDULED);
    d.d.publish_at = core_now_ms() - 1;
    assert_int_equal(store_draft_update(s, &d.d, core_now_ms()), STORE_OK);
    assert_int_equal(store_job_set(s, JOB_PUBLISH, t->ann.id, d.d.id, d.d.publish_at, 0), STORE_OK);
    arena_free(&a);
    return d.d.id;
}

static struct draft get_draft(struct store *s, struct arena *a, int64_t id)
{
    struct draft d;
    assert_int_equal(store_draft_get(s, a, id, 0, &d), STORE_OK);
    return d;
}

static size_t posts_in(struct store *s, int64_t group)
{
    int64_t ids[50];
    size_t n;
    assert_int_equal(store_group_post_ids(s, group, 0, 0, 50, ids, &n), STORE_OK);
    return n;
}

static void test_a_due_draft_is_published_once(void **state)
{
    struct store *s = st_of(state);
    struct stage t;
    stage(s, &t);
    int64_t id = due_draft(s, &t, "Picnic at noon");
    size_t ran;
    assert_int_equal(jobs_run_pass(s, &test_cfg, NULL, &ran), STORE_OK);
    assert_int_equal(ran, 1);
    struct arena a;
    arena_init(&a, 0);
    struct draft d = get_draft(s, &a, id);
    assert_int_equal(d.state, DRAFT_PUBLISHED);
    assert_true(d.post_id > 0);
    struct post p;
    assert_int_equal(store_post_get(s, &a, d.post_id, t.ben.id, &p), STORE_OK);
    assert_int_equal(p.author.id, t.ann.id);
    assert_string_equal(p.body, "Picnic at noon");
    /* the job again (a retry after a crash): nothing more */
    assert_int_equal(store_job_set(s, JOB_PUBLISH, t.ann.id, id, 0, 0), STORE_OK);
    assert_int_equal(jobs_run_pass(s, &test_cfg, NULL, &ran), STORE_OK);
    assert_int_equal(ran, 1);
    assert_int_equal(posts_in(s, t.group), 1);
    arena_free(&a);
}

static void test_a_publish_that_died_midway_is_finished_once(void **state)
{
    struct store *s = st_of(state);
    struct stage t;
    stage(s, &t);
    struct arena a;
    arena_init(&a, 0);
    /* died before posting: `publishing` with a lease that ended, no post */
    int64_t id = due_draft(s, &t, "Died before posting");
    struct draft d = get_draft(s, &a, id);
    d.state = DRAFT_PUBLISHING;
    d.claimed_until = core_now_ms() - 1;
    assert_int_equal(store_draft_update(s, &d, core_now_ms()), STORE_OK);
    /* died after posting: the post's own transaction marked the draft */
    int64_t id2 = due_draft(s, &t, "Died after posting");
    struct draft d2 = get_draft(s, &a, id2);
    d2.state = DRAFT_PUBLISHING;
    d2.claimed_until = core_now_ms() + 60000;
    assert_int_equal(store_draft_update(s, &d2, core_now_ms()), STORE_OK);
    tu_post(s, &t.ann, t.group, "Died after posting");
    assert_int_equal(get_draft(s, &a, id2).state, DRAFT_PUBLISHED);
    size_t ran;
    assert_int_equal(jobs_run_pass(s, &test_cfg, NULL, &ran), STORE_OK);
    assert_int_equal(ran, 2);
    assert_int_equal(get_draft(s, &a, id).state, DRAFT_PUBLISHED);
    assert_int_equal(posts_in(s, t.group), 2);
    assert_int_equal(job_state(s, JOB_PUBLISH, t.ann.id, id2), JOB_DONE);
    arena_free(&a);
}

static void test_refused_at_its_time_the_draft_fails_with_the_reason(void **state)
{
    struct store *s = st_of(state);
    struct stage t;
    stage(s, &t);
    struct arena a;
    arena_init(&a, 0);
    struct fail f = {0};
    int64_t id = due_draft(s, &t, "Archived by then");
    /* the group is archived before the time comes */
    struct group g;
    assert_int_equal(store_group_get(s, &a, t.group, t.ann.id, &g), STORE_OK);
    g.archived_at = core_now_ms();
    assert_int_equal(store_group_update(s, &g), STORE_OK);
    size_t ran;
    assert_int_equal(jobs_run_pass(s, &test_cfg, NULL, &ran), STORE_OK);
    struct draft d = get_draft(s, &a, id);
    assert_int_equal(d.state, DRAFT_FAILED);
    assert_string_equal(d.fail_code, "group_archived");
    assert_int_equal(posts_in(s, t.group), 0);
    assert_int_equal(job_state(s, JOB_PUBLISH, t.ann.id, id), JOB_DONE);
    /* someone else never sees it; deleting it is the author's */
    struct draft_view v;
    assert_int_equal(draft_get(s, &a, &t.ben, id, &v, &f), CORE_NOTFOUND);
    assert_int_equal(draft_delete(s, &a, &t.ben, id, &f), CORE_NOTFOUND);
    assert_int_equal(draft_delete(s, &a, &t.ann, id, &f), CORE_OK);
    assert_int_equal(draft_get(s, &a, &t.ann, id, &v, &f), CORE_NOTFOUND);
    arena_free(&a);
}

static void test_unscheduled_drafts_are_not_published(void **state)
{
    struct store *s = st_of(state);
    struct stage t;
    stage(s, &t);
    struct arena a;
    arena_init(&a, 0);
    int64_t id = due_draft(s, &t, "Never mind");
    int64_t none = 0;
    struct draft_input in = {.publish_at = &none};
    struct draft_view v;
    struct fail f = {0};
    assert_int_equal(draft_update(s, &a, &t.ann, id, &in, &v, &f), CORE_OK);
    assert_int_equal(v.d.state, DRAFT_DRAFT);
    assert_int_equal(job_state(s, JOB_PUBLISH, t.ann.id, id), JOB_DONE);
    size_t ran;
    assert_int_equal(jobs_run_pass(s, &test_cfg, NULL, &ran), STORE_OK);
    assert_int_equal(ran, 0);
    assert_int_equal(posts_in(s, t.group), 0);
    arena_free(&a);
}

static void test_times_parse_as_rfc3339(void **state)
{
    (void)state;
    assert_int_equal(draft_parse_time("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(draft_parse_time("2026-11-23T15:30:00Z"), 1795447800000LL);
    assert_int_equal(draft_parse_time("2026-11-23T10:30:00-05:00"), 1795447800000LL);
    assert_int_equal(draft_parse_time("2026-11-23T15:30:00.25Z"), 1795447800250LL);
    assert_int_equal(draft_parse_time("2024-02-29T00:00:00Z"), 1709164800000LL);
    const char *bad[] = {"2026-11-23",
                         "2026-11-23T15:30:00",
                         "2026-02-29T00:00:00Z",
                         "2026-13-01T00:00:00Z",
                         "2026-11-23T24:00:00Z",
                         "2026-11-23T15:30:00+5",
                         "2026-11-23T15:30:00Zjunk",
                         "tomorrow",
                         ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(draft_parse_time(bad[i]), -1);
}

/* ---- message building ---- */

static void test_messages_are_encoded_and_refuse_injection(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1 << 20);
    char long_line[300];
    memset(long_line, 'x', sizeof long_line - 1);
    long_line[sizeof long_line - 1] = '\0';
    char text[400];
    snprintf(text, sizeof text, "a=b ü\n%s \n", long_line);
    struct mime_msg m = {.from_name = "Ann Ávila via staffroom",
                         .from = "staffroom@district.test",
                         .to_name = "Ben \"B\" Brown",
                         .to = "ben@district.test",
                         .subject = "Ann Ávila mentioned you in Lounge",
                         .message_id = "x.1@district.test",
                         .date_ms = 0,
                         .text = text,
                         .html = "<p>hi</p>"};
    assert_int_equal(mime_build(&b, &m), 0);
    assert_non_null(strstr(b.data, "From: =?UTF-8?B?"));
    assert_non_null(strstr(b.data, "To: \"Ben \\\"B\\\" Brown\" <ben@district.test>\r\n"));
    assert_non_null(strstr(b.data, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
    assert_non_null(strstr(b.data, "a=3Db =C3=BC\r\n"));
    assert_non_null(strstr(b.data, "=20\r\n")); /* a trailing space is encoded */
    assert_null(strstr(b.data, " \r\n"));
    for (char *line = b.data, *end; (end = strstr(line, "\r\n")); line = end + 2)
        assert_true(end - line <= 76);
    buf_free(&b);
    buf_init(&b, 1 << 20);
    m.subject = "Hi\r\nBcc: everyone@district.test";
    assert_int_equal(mime_build(&b, &m), -1);
    m.subject = "ok";
    m.to = "ben@district.test>\r\nBcc: x@y.org";
    assert_int_equal(mime_build(&b, &m), -1);
    buf_free(&b);
    assert_true(mime_address_valid("maria.lopez@riverside.k12.ca.us"));
    assert_false(mime_address_valid("maria lopez@district.org"));
    assert_false(mime_address_valid("maria@localhost"));
    assert_false(mime_address_valid("@district.org"));
    assert_false(mime_address_valid("a@b@district.org"));
    assert_false(mime_address_valid("<a@district.org>"));
    buf_init(&b, 1024);
    mime_html_escape(&b, "<a href=\"x\">'&'</a>");
    assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    buf_free(&b);
}

static void test_local_hours_and_days(void **state)
{
    (void)state;
    setenv("TZ", "America/Chicago", 1);
    tzset();
    int hour;
    int64_t day;
    /* 2026-11-23T15:30:00Z is 09:30 in Chicago (CST, UTC-6) */
    int64_t hs = mail_hour_start(1795447800000LL, &hour, &day);
    assert_int_equal(hour, 9);
    assert_int_equal(day, 20261123);
    assert_int_equal(hs, 1795446000000LL);
    /* 2026-11-24T05:59:59Z is still the 23rd in Chicago */
    mail_hour_start(1795499999000LL, &hour, &day);
    assert_int_equal(hour, 23);
    assert_int_equal(day, 20261123);
    setenv("TZ", "UTC", 1);
    tzset();
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tu_setup_db, tu_teardown_db)

static int group_setup(void **state)
{
    (void)state;
    arena_init(&people, 0);
    return tu_init();
}

static int group_teardown(void **state)
{
    (void)state;
    arena_free(&people);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backoff_doubles_and_is_capped),
        T(test_a_claim_is_a_lease_that_expires),
        T(test_failing_jobs_retry_then_die_with_their_error),
        T(test_notification_jobs_follow_address_and_settings),
        T(test_settings_are_bounded),
        T(test_unsubscribe_token_turns_only_the_digest_off),
        T(test_a_due_draft_is_published_once),
        T(test_a_publish_that_died_midway_is_finished_once),
        T(test_refused_at_its_time_the_draft_fails_with_the_reason),
        T(test_unscheduled_drafts_are_not_published),
        cmocka_unit_test(test_times_parse_as_rfc3339),
        cmocka_unit_test(test_messages_are_encoded_and_refuse_injection),
        cmocka_unit_test(test_local_hours_and_days),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
