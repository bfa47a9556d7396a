/* Tests of the student-privacy policy (core/policy): the shipped defaults of
 * its rule x audience table and how a finding's severity weighs; and of its
 * enforcement (core/privacy, core/post) against a small roster in a
 * temporary database: refusals, confirmations, records. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "core/policy.h"
#include "core/privacy.h"
#include "store/store_guard.h"
#include "store/store_roster.h"
#include "testutil.h"

static void test_policy_defaults(void **state)
{
    (void)state;
    static const struct {
        enum policy_rule r;
        enum policy_action secret, closed, open;
    } want[] = {
        {POLICY_STUDENT_NAME, POLICY_WARN, POLICY_WARN, POLICY_HOLD},
        {POLICY_STUDENT_ID, POLICY_WARN, POLICY_WARN, POLICY_HOLD},
        {POLICY_SSN, POLICY_BLOCK, POLICY_BLOCK, POLICY_BLOCK},
        {POLICY_DOB, POLICY_WARN, POLICY_WARN, POLICY_HOLD},
        {POLICY_SENSITIVE, POLICY_WARN, POLICY_HOLD, POLICY_BLOCK},
        {POLICY_MEDIA_CONSENT, POLICY_WARN, POLICY_WARN, POLICY_HOLD},
        {POLICY_PROFANITY, POLICY_WARN, POLICY_WARN, POLICY_WARN},
        {POLICY_SLUR, POLICY_WARN, POLICY_WARN, POLICY_WARN},
        {POLICY_HARASSMENT, POLICY_WARN, POLICY_WARN, POLICY_WARN},
        {POLICY_THREAT, POLICY_WARN, POLICY_WARN, POLICY_WARN},
    };
    assert_int_equal(sizeof want / sizeof want[0], POLICY_RULE__MAX);
    for (size_t i = 0; i < POLICY_RULE__MAX; i++) {
        assert_int_equal(policy_table(want[i].r, POLICY_SECRET), want[i].secret);
        assert_int_equal(policy_table(want[i].r, POLICY_CLOSED), want[i].closed);
        assert_int_equal(policy_table(want[i].r, POLICY_OPEN), want[i].open);
        assert_true(strstr(policy_explanation(want[i].r), "guidelines") != NULL);
    }
    assert_int_equal(policy_audience_of(PRIVACY_OPEN), POLICY_OPEN);
    assert_int_equal(policy_audience_of(PRIVACY_CLOSED), POLICY_CLOSED);
    assert_int_equal(policy_audience_of(PRIVACY_SECRET), POLICY_SECRET);
    assert_string_equal(policy_action_str(POLICY_BLOCK), "block");
    assert_string_equal(policy_rule_str(POLICY_SENSITIVE), "sensitive");
}

static void test_policy_severity_weighs(void **state)
{
    (void)state;
    struct guard_finding f = {.rule = GUARD_RULE_DOB, .severity = GUARD_SEV_INFO};
    assert_int_equal(policy_decide(&f, POLICY_OPEN), POLICY_ALLOW);
    f = (struct guard_finding){.rule = GUARD_RULE_STUDENT_NAME, .severity = GUARD_SEV_LOW};
    assert_int_equal(policy_decide(&f, POLICY_OPEN), POLICY_WARN);
    f.severity = GUARD_SEV_MEDIUM;
    assert_int_equal(policy_decide(&f, POLICY_OPEN), POLICY_HOLD);
    f.has_term = true;
    assert_int_equal(policy_rule_of(&f), POLICY_SENSITIVE);
    assert_int_equal(policy_decide(&f, POLICY_CLOSED), POLICY_HOLD);
    assert_int_equal(policy_decide(&f, POLICY_OPEN), POLICY_BLOCK);
    f.severity = GUARD_SEV_LOW; /* a name a colleague also has: at most a warning */
    assert_int_equal(policy_decide(&f, POLICY_OPEN), POLICY_WARN);
    f = (struct guard_finding){.rule = GUARD_RULE_SSN, .severity = GUARD_SEV_MEDIUM};
    assert_int_equal(policy_decide(&f, POLICY_SECRET), POLICY_BLOCK);
    f = (struct guard_finding){.rule = GUARD_RULE_ID_PATTERN, .severity = GUARD_SEV_HIGH};
    assert_int_equal(policy_rule_of(&f), POLICY_STUDENT_ID);
    /* a refused media consent is blocked wherever; one not on file is weighed */
    assert_int_equal(policy_weigh(POLICY_MEDIA_CONSENT, GUARD_SEV_HIGH, POLICY_SECRET),
                     POLICY_BLOCK);
    assert_int_equal(policy_weigh(POLICY_MEDIA_CONSENT, GUARD_SEV_MEDIUM, POLICY_SECRET),
                     POLICY_WARN);
    assert_int_equal(policy_weigh(POLICY_MEDIA_CONSENT, GUARD_SEV_MEDIUM, POLICY_OPEN),
                     POLICY_HOLD);
}

static void test_policy_configure(void **state)
{
    (void)state;
    char err[160];
    assert_int_equal(policy_configure(POLICY_STUDENT_NAME, "allow warn block", err, sizeof err), 0);
    assert_int_equal(policy_table(POLICY_STUDENT_NAME, POLICY_SECRET), POLICY_ALLOW);
    assert_int_equal(policy_table(POLICY_STUDENT_NAME, POLICY_CLOSED), POLICY_WARN);
    assert_int_equal(policy_table(POLICY_STUDENT_NAME, POLICY_OPEN), POLICY_BLOCK);
    /* other rules keep their defaults */
    assert_int_equal(policy_table(POLICY_DOB, POLICY_OPEN), POLICY_HOLD);
    assert_int_equal(policy_configure(POLICY_DOB, "hold", err, sizeof err), 0);
    assert_int_equal(policy_table(POLICY_DOB, POLICY_SECRET), POLICY_HOLD);
    assert_int_equal(policy_table(POLICY_DOB, POLICY_OPEN), POLICY_HOLD);
    /* refused: unknown words, two actions, too many, an SSN allowed */
    assert_int_equal(policy_configure(POLICY_DOB, "warn maybe block", err, sizeof err), -1);
    assert_non_null(strstr(err, "maybe"));
    assert_int_equal(policy_configure(POLICY_DOB, "warn block", err, sizeof err), -1);
    assert_int_equal(policy_configure(POLICY_DOB, "warn warn warn warn", err, sizeof err), -1);
    assert_int_equal(policy_configure(POLICY_DOB, "", err, sizeof err), -1);
    assert_int_equal(policy_configure(POLICY_SSN, "warn allow block", err, sizeof err), -1);
    assert_non_null(strstr(err, "Social Security"));
    assert_int_equal(policy_table(POLICY_DOB, POLICY_OPEN), POLICY_HOLD); /* unchanged */
    assert_int_equal(policy_rule_parse("sensitive"), POLICY_SENSITIVE);
    assert_int_equal(policy_rule_parse("nope"), -1);
    assert_int_equal(policy_action_parse("hold"), POLICY_HOLD);
    policy_reset();
    assert_int_equal(policy_table(POLICY_STUDENT_NAME, POLICY_OPEN), POLICY_HOLD);
}

static void test_language(void **state)
{
    (void)state;
    assert_int_equal(policy_rule_of_language(LEXICON_THREAT), POLICY_THREAT);
    assert_int_equal(policy_rule_of_language(LEXICON_SLUR), POLICY_SLUR);
    assert_true(policy_rule_is_language(POLICY_HARASSMENT));
    assert_false(policy_rule_is_language(POLICY_STUDENT_NAME));
    /* a usually innocent word is not asked about */
    assert_int_equal(policy_weigh(POLICY_PROFANITY, GUARD_SEV_LOW, POLICY_OPEN), POLICY_ALLOW);
    assert_int_equal(policy_weigh(POLICY_PROFANITY, GUARD_SEV_MEDIUM, POLICY_OPEN), POLICY_WARN);
    assert_true(strstr(policy_explanation(POLICY_THREAT), "Think before you post") != NULL);

    /* through core/privacy, with the lists built into the program */
    struct arena a;
    arena_init(&a, 0);
    struct privacy_report r;
    struct fail f = {0};
    const char *text = "Honestly this is bullsh!t. I will kill you.";
    assert_int_equal(privacy_check(&a, text, PRIVACY_SECRET, &r, &f), CORE_OK);
    assert_int_equal(r.outcome, POLICY_WARN);
    assert_true(r.n >= 2);
    assert_int_equal(r.finding[0].rule, POLICY_PROFANITY); /* in the order of the text */
    assert_int_equal(r.finding[r.n - 1].rule, POLICY_THREAT);
    assert_int_equal(privacy_enforce(&r, NULL, &f), CORE_INVALID);
    assert_string_equal(f.code, "confirmation_required");
    assert_non_null(strstr(f.detail, "Think before you post"));
    assert_int_equal(
        privacy_check(&a, "The class did a killer job on the assessment.", PRIVACY_OPEN, &r, &f),
        CORE_OK);
    assert_int_equal(r.n, 0);
    arena_free(&a);
    privacy_shutdown();
}

/* A roster of one student, Maria Quillonette, and the guard built on it. */
static void roster(struct store *s)
{
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
    size_t n = 0;
    assert_int_equal(privacy_reload(s, &n, &f), CORE_OK);
    assert_int_equal(n, 1);
}

static int64_t records(struct store *s, enum guard_outcome o)
{
    int64_t n = -1;
    assert_int_equal(store_guard_count(s, 0, o, &n), STORE_OK);
    return n;
}

static void test_enforcement_by_audience(void **state)
{
    struct tu_db *t = *state;
    struct store *s = t->s;
    roster(s);
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER);
    int64_t open = tu_group(s, &ann, "Open", PRIVACY_OPEN);
    int64_t closed = tu_group(s, &ann, "Closed", PRIVACY_CLOSED);
    struct arena a;
    arena_init(&a, 0);
    struct post p;
    struct fail f = {0};
    struct privacy_screen scr = {0};
    const char *body = "Well done Maria Quillonette";

    /* open: held for a monitor, nothing published */
    assert_int_equal(post_create_screened(s, &a, &ann, open, body, &scr, &p, &f), CORE_OK);
    assert_true(scr.review_id > 0);
    assert_int_equal(p.id, 0);
    assert_int_equal(scr.report.n, 1);
    assert_int_equal(scr.report.finding[0].start, 10);
    assert_int_equal(scr.report.finding[0].end, 27);
    assert_int_equal(records(s, GUARD_OUTCOME_HELD), 1);
    /* with a sensitive term, open: blocked */
    scr = (struct privacy_screen){0};
    assert_int_equal(post_create_screened(s, &a, &ann, open, "Maria Quillonette has an IEP meeting",
                                          &scr, &p, &f),
                     CORE_INVALID);
    assert_string_equal(f.code, "student_privacy");
    assert_int_equal(records(s, GUARD_OUTCOME_BLOCKED), 1);

    f = (struct fail){0};
    assert_int_equal(post_create(s, &a, &ann, closed, body, &p, &f), CORE_INVALID);
    assert_string_equal(f.code, "confirmation_required");
    assert_int_equal(records(s, GUARD_OUTCOME_UNCONFIRMED), 1);

    f = (struct fail){0};
    scr = (struct privacy_screen){.confirm_reason = "Grade team"};
    assert_int_equal(post_create_screened(s, &a, &ann, closed, body, &scr, &p, &f), CORE_OK);
    assert_int_equal(records(s, GUARD_OUTCOME_OVERRIDDEN), 1);

    f = (struct fail){0};
    struct comment c;
    assert_int_equal(comment_create(s, &a, &ann, p.id, 0, "Maria Quillonette again", &c, &f),
                     CORE_INVALID);
    assert_string_equal(f.code, "confirmation_required");

    f = (struct fail){0};
    assert_int_equal(post_create(s, &a, &ann, closed, "SSN 123-45-6789", &p, &f), CORE_INVALID);
    assert_string_equal(f.code, "student_privacy");

    f = (struct fail){0};
    assert_int_equal(post_create(s, &a, &ann, open, "Nothing private here", &p, &f), CORE_OK);
    assert_int_equal(post_update(s, &a, &ann, p.id, "Now: Maria Quillonette IEP", &p, &f),
                     CORE_INVALID);
    assert_string_equal(f.code, "student_privacy");
    arena_free(&a);
    privacy_shutdown();
}

static void test_no_roster_still_blocks_ssn(void **state)
{
    struct tu_db *t = *state;
    struct store *s = t->s;
    struct fail f = {0};
    assert_int_equal(privacy_reload(s, NULL, &f), CORE_OK);
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER);
    int64_t open = tu_group(s, &ann, "Open", PRIVACY_OPEN);
    struct arena a;
    arena_init(&a, 0);
    struct post p;
    assert_int_equal(post_create(s, &a, &ann, open, "Maria Quillonette", &p, &f), CORE_OK);
    assert_int_equal(post_create(s, &a, &ann, open, "ssn 123-45-6789", &p, &f), CORE_INVALID);
    assert_int_equal(privacy_reason_check("", &f), CORE_INVALID);
    assert_string_equal(f.code, "reason_required");
    arena_free(&a);
    privacy_shutdown();
}

/* The first load runs beside the server (cli/serve): a check made while it
 * runs waits for it and then sees the roster, never an empty one. */
struct late_load {
    struct store *s;
    enum core_err rc;
};

static void *load_late(void *arg)
{
    struct late_load *l = arg;
    struct timespec pause = {0, 200 * 1000 * 1000};
    nanosleep(&pause, NULL);
    roster(l->s);
    l->rc = CORE_OK;
    return NULL;
}

static void test_checks_wait_for_the_first_load(void **state)
{
    struct tu_db *t = *state;
    privacy_shutdown();
    privacy_expect_load();
    struct late_load l = {.s = t->s, .rc = CORE_UNAVAILABLE};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, load_late, &l), 0);
    struct arena a;
    arena_init(&a, 0);
    struct privacy_report r = {0};
    struct fail f = {0};
    /* Made before the roster is in; answered with it. */
    assert_int_equal(privacy_check(&a, "Maria Quillonette read aloud today.", PRIVACY_OPEN, &r, &f),
                     CORE_OK);
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_int_equal(l.rc, CORE_OK);
    assert_true(r.n >= 1);
    assert_int_equal(r.finding[0].rule, POLICY_STUDENT_NAME);
    arena_free(&a);
    privacy_shutdown();
}

static void test_checks_refuse_after_a_failed_first_load(void **state)
{
    (void)state;
    privacy_shutdown();
    privacy_expect_load();
    privacy_load_failed();
    struct arena a;
    arena_init(&a, 0);
    struct privacy_report r = {0};
    struct fail f = {0};
    assert_int_equal(privacy_check(&a, "Hello", PRIVACY_OPEN, &r, &f), CORE_UNAVAILABLE);
    assert_string_equal(f.code, "guard_unavailable");
    arena_free(&a);
    /* A later successful load (SIGHUP) serves again. */
    struct fail f2 = {0};
    assert_int_equal(privacy_reload(((struct tu_db *)*state)->s, NULL, &f2), CORE_OK);
    assert_int_equal(privacy_check(&a, "Hello", PRIVACY_OPEN, &r, &f2), CORE_OK);
    arena_free(&a);
    privacy_shutdown();
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
        cmocka_unit_test(test_policy_defaults),  cmocka_unit_test(test_policy_severity_weighs),
        cmocka_unit_test(test_policy_configure), cmocka_unit_test(test_language),
        T(test_enforcement_by_audience),         T(test_no_roster_still_blocks_ssn),
        T(test_checks_wait_for_the_first_load),  T(test_checks_refuse_after_a_failed_first_load),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
