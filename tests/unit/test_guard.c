/* Unit tests for the student-privacy guard (src/guard): folding, every name
 * form, word boundaries, Unicode, overlapping matches, staff collisions,
 * student numbers and their patterns, SSNs, dates of birth and the
 * sensitive-term proximity rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard/guard.h"

static const struct guard_student roster[] = {
    {.id = 101, .given = "Maria", .middle = "Elena", .family = "Lopez", .number = "S1234567"},
    {.id = 102, .given = "José", .family = "García-Pérez", .preferred = "Pepe"},
    {.id = 103, .given = "Ana", .family = "de la Cruz"},
    {.id = 104, .given = "Liam", .family = "O'Brien"},
    {.id = 105, .given = "Nguyễn", .family = "Trần"},
    {.id = 106, .given = "Katherine", .family = "Smith", .preferred = "Kate"},
    {.id = 107, .given = "Ana", .family = "Lopez"},
    {.id = 108, .given = "Lopez", .family = "Maria"},
    {.id = 109, .given = "John", .family = "Brown"},
    {.id = 110, .given = "Maria", .family = "Chen"},
};

static const struct guard_person staff[] = {
    {.given = "John", .family = "Brown"},
    {.given = "Robert", .family = "Lee"},
};

static const char *const id_patterns[] = {"S#{7}", "ST-#{4,6}"};

static int setup(void **state)
{
    struct guard_config cfg = {.id_patterns = id_patterns, .n_id_patterns = 2, .ref_year = 2026};
    struct guard *g = NULL;
    if (guard_open(&cfg, roster, sizeof roster / sizeof roster[0], staff, 2, &g) != GUARD_OK)
        return -1;
    *state = g;
    return 0;
}

static int teardown(void **state)
{
    guard_close(*state);
    return 0;
}

/* Checks text and returns a copy of its findings (n in *n); free() it. */
static struct guard_finding *check(void **state, const char *text, size_t *n)
{
    struct guard_result r = {0};
    assert_int_equal(guard_check(*state, text, strlen(text), &r), GUARD_OK);
    *n = r.n;
    struct guard_finding *copy = calloc(r.n + 1, sizeof *copy);
    assert_non_null(copy);
    if (r.n)
        memcpy(copy, r.finding, r.n * sizeof *copy);
    guard_result_free(&r);
    return copy;
}

/* The finding of this rule for this student (0 = any), or NULL. */
static const struct guard_finding *find(const struct guard_finding *f, size_t n,
                                        enum guard_rule rule, int64_t student)
{
    for (size_t i = 0; i < n; i++)
        if (f[i].rule == rule && (student == 0 || f[i].student_id == student))
            return &f[i];
    return NULL;
}

/* Asserts that text names the student, with the span covering exactly `span`. */
static void expect_name(void **state, const char *text, int64_t student, const char *span,
                        enum guard_form form)
{
    size_t n;
    struct guard_finding *f = check(state, text, &n);
    const struct guard_finding *x = find(f, n, GUARD_RULE_STUDENT_NAME, student);
    if (!x)
        fail_msg("no name finding for %lld in \"%s\"", (long long)student, text);
    const char *at = strstr(text, span);
    assert_non_null(at);
    assert_int_equal(x->start, at - text);
    assert_int_equal(x->end, at - text + strlen(span));
    assert_int_equal(x->form, form);
    free(f);
}

static void expect_no_name(void **state, const char *text)
{
    size_t n;
    struct guard_finding *f = check(state, text, &n);
    const struct guard_finding *x = find(f, n, GUARD_RULE_STUDENT_NAME, 0);
    if (x)
        fail_msg("unexpected name finding %lld in \"%s\"", (long long)x->student_id, text);
    free(f);
}

static size_t count_rule(void **state, const char *text, enum guard_rule rule)
{
    size_t n, c = 0;
    struct guard_finding *f = check(state, text, &n);
    for (size_t i = 0; i < n; i++)
        c += f[i].rule == rule;
    free(f);
    return c;
}

/* ---- folding ---- */

static void fold_expect(const char *in, const char *want)
{
    struct guard_fold f = {0};
    assert_true(guard_fold_text(&f, in, strlen(in)));
    assert_string_equal(f.text, want);
    assert_int_equal(f.map[f.len], strlen(in));
    guard_fold_free(&f);
}

static void test_fold_case_diacritics_and_separators(void **state)
{
    (void)state;
    fold_expect("María LÓPEZ", "maria lopez");
    fold_expect("  Nguyễn   Trần  ", "nguyen tran ");
    fold_expect("Ma\xc2\xadria Lo\xcc\x81pez", "maria lopez"); /* soft hyphen, combining acute */
    fold_expect("Straße Øster Łódź Æsir", "strasse oster lodz aesir");
    fold_expect("García-Pérez", "garcia perez");
    fold_expect("O'Brien O\xe2\x80\x99"
                "Brien",
                "obrien obrien");
    fold_expect("Lopez's book", "lopez s book");
    fold_expect("Lopez , Maria. Next", "lopez,maria.next");
    fold_expect("Maria E. Lopez", "maria e lopez");
    fold_expect("Liz St. Clair. Next", "liz st clair.next");
    fold_expect("\xef\xbc\xad\xef\xbd\x81ria", "maria"); /* fullwidth */
    fold_expect("Дмитрий 😀 x", "Дмитрий x");
}

static void test_fold_map_points_at_original_bytes(void **state)
{
    (void)state;
    const char *in = "Sí, Peña";
    struct guard_fold f = {0};
    assert_true(guard_fold_text(&f, in, strlen(in)));
    assert_string_equal(f.text, "si,pena");
    assert_int_equal(f.map[0], 0);
    assert_int_equal(f.map[1], 1); /* i from the two-byte í */
    assert_int_equal(f.map[2], 3); /* the comma */
    assert_int_equal(f.map[5], 7); /* n from ñ */
    assert_int_equal(f.map[6], 9);
    guard_fold_free(&f);
}

static void test_fold_tolerates_invalid_utf8(void **state)
{
    (void)state;
    fold_expect("a\xff"
                "b\xc3",
                "a b ");
    fold_expect("\xe2\x82", "");
}

/* ---- name forms ---- */

static void test_full_name(void **state)
{
    expect_name(state, "I talked with Maria Lopez today.", 101, "Maria Lopez", GUARD_FORM_FULL);
}

static void test_name_case_and_diacritics(void **state)
{
    expect_name(state, "maria lopez was late", 101, "maria lopez", GUARD_FORM_FULL);
    expect_name(state, "MARÍA LÓPEZ was late", 101, "MARÍA LÓPEZ", GUARD_FORM_FULL);
    expect_name(state, "Jose Garcia-Perez helped", 102, "Jose Garcia-Perez", GUARD_FORM_FULL);
    expect_name(state, "nguyen tran won", 105, "nguyen tran", GUARD_FORM_FULL);
}

static void test_comma_and_inverted_forms(void **state)
{
    expect_name(state, "Roster: Lopez, Maria (gr 5)", 101, "Lopez, Maria", GUARD_FORM_COMMA);
    expect_name(state, "Smith Katherine is absent", 106, "Smith Katherine", GUARD_FORM_INVERTED);
    /* A student whose roster name is "Lopez Maria" outranks Maria Lopez inverted. */
    expect_name(state, "Lopez Maria is absent", 108, "Lopez Maria", GUARD_FORM_FULL);
    expect_name(state, "Smith, Kate again", 106, "Smith, Kate", GUARD_FORM_COMMA);
}

static void test_middle_name_and_initial(void **state)
{
    expect_name(state, "Maria Elena Lopez won", 101, "Maria Elena Lopez", GUARD_FORM_MIDDLE);
    expect_name(state, "Maria E. Lopez won", 101, "Maria E. Lopez", GUARD_FORM_INITIAL);
}

static void test_preferred_name(void **state)
{
    expect_name(state, "Kate Smith did well", 106, "Kate Smith", GUARD_FORM_PREFERRED);
    expect_name(state, "ask Pepe García-Pérez", 102, "Pepe García-Pérez", GUARD_FORM_PREFERRED);
}

static void test_hyphenated_and_multipart_family(void **state)
{
    expect_name(state, "José García Pérez", 102, "José García Pérez", GUARD_FORM_FULL);
    expect_name(state, "José Garcia", 102, "José Garcia", GUARD_FORM_PARTIAL);
    expect_name(state, "Ana de la Cruz sings", 103, "Ana de la Cruz", GUARD_FORM_FULL);
    expect_name(state, "Ana De La Cruz sings", 103, "Ana De La Cruz", GUARD_FORM_FULL);
    expect_name(state, "Ana DeLaCruz sings", 103, "Ana DeLaCruz", GUARD_FORM_JOINED);
    expect_name(state, "Ana Cruz sings", 103, "Ana Cruz", GUARD_FORM_PARTIAL);
    expect_name(state, "de la Cruz, Ana", 103, "de la Cruz, Ana", GUARD_FORM_COMMA);
}

static void test_apostrophe_names(void **state)
{
    expect_name(state, "Liam O'Brien", 104, "Liam O'Brien", GUARD_FORM_FULL);
    expect_name(state, "Liam OBrien", 104, "Liam OBrien", GUARD_FORM_FULL);
    expect_name(state, "Liam O’Brien", 104, "Liam O’Brien", GUARD_FORM_FULL);
}

/* ---- boundaries ---- */

static void test_word_boundaries(void **state)
{
    expect_no_name(state, "Maria Lopezville is a town");
    expect_no_name(state, "AnnaMaria Lopez");
    expect_no_name(state, "Maria Lopez2");
    expect_name(state, "Maria Lopez's mother called", 101, "Maria Lopez", GUARD_FORM_FULL);
    expect_name(state, "(Maria Lopez)", 101, "Maria Lopez", GUARD_FORM_FULL);
    expect_name(state, "Maria Lopez", 101, "Maria Lopez", GUARD_FORM_FULL);
    expect_name(state, "Maria\n  Lopez!", 101, "Maria\n  Lopez", GUARD_FORM_FULL);
}

static void test_names_do_not_cross_sentences(void **state)
{
    expect_no_name(state, "Ask Maria. Lopez will know.");
}

static void test_first_name_alone_is_not_a_finding(void **state)
{
    expect_no_name(state, "Maria did a great job.");
    expect_no_name(state, "Lopez is a common name.");
    expect_no_name(state, "The brown folder is on the desk.");
}

/* ---- overlaps and confidence ---- */

static void test_overlapping_matches(void **state)
{
    size_t n;
    /* "Ana Lopez" (107) and "Maria Chen" (110) overlap "Lopez Maria" (108, 101 inverted). */
    struct guard_finding *f = check(state, "Ana Lopez Maria Chen", &n);
    assert_non_null(find(f, n, GUARD_RULE_STUDENT_NAME, 107));
    assert_non_null(find(f, n, GUARD_RULE_STUDENT_NAME, 110));
    assert_non_null(find(f, n, GUARD_RULE_STUDENT_NAME, 108)); /* a full name: kept */
    assert_null(find(f, n, GUARD_RULE_STUDENT_NAME, 101));     /* inverted: yields */
    free(f);
    /* The matcher itself reports every match, overlapping ones included. */
    struct guard_result r = {0};
    const char *t = "Ana Lopez Maria Chen";
    assert_int_equal(guard_check(*state, t, strlen(t), &r), GUARD_OK);
    assert_true(r.scan.nhit >= 4);
    guard_result_free(&r);
}

static void test_same_student_reported_once(void **state)
{
    size_t n;
    struct guard_finding *f = check(state, "Maria Elena Lopez", &n);
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += f[i].student_id == 101;
    assert_int_equal(c, 1);
    free(f);
}

static void test_staff_collision_lowers_confidence(void **state)
{
    size_t n;
    struct guard_finding *f = check(state, "John Brown will cover the class", &n);
    const struct guard_finding *x = find(f, n, GUARD_RULE_STUDENT_NAME, 109);
    assert_non_null(x);
    assert_true(x->confidence < 0.5);
    assert_int_equal(x->severity, GUARD_SEV_LOW);
    assert_string_equal(x->key, "student_name_staff");
    free(f);
    f = check(state, "Maria Lopez will cover the class", &n);
    x = find(f, n, GUARD_RULE_STUDENT_NAME, 101);
    assert_true(x->confidence > 0.9);
    free(f);
}

/* ---- numbers and ID patterns ---- */

static void test_roster_number(void **state)
{
    size_t n;
    struct guard_finding *f = check(state, "Student s1234567 needs a laptop", &n);
    const struct guard_finding *x = find(f, n, GUARD_RULE_STUDENT_NUMBER, 101);
    assert_non_null(x);
    assert_int_equal(x->severity, GUARD_SEV_HIGH);
    assert_null(find(f, n, GUARD_RULE_ID_PATTERN, 0)); /* not reported twice */
    free(f);
}

static void test_id_patterns(void **state)
{
    assert_int_equal(count_rule(state, "id S7654321 here", GUARD_RULE_ID_PATTERN), 1);
    assert_int_equal(count_rule(state, "id ST-12345 here", GUARD_RULE_ID_PATTERN), 1);
    assert_int_equal(count_rule(state, "id st-1234 and ST-123456", GUARD_RULE_ID_PATTERN), 2);
    assert_int_equal(count_rule(state, "S76543210 XS7654321 ST-123 S765432", GUARD_RULE_ID_PATTERN),
                     0);
}

static void test_idpat_language(void **state)
{
    (void)state;
    struct guard_idpat p;
    assert_true(guard_idpat_compile("@@#{2,3}\\#", &p));
    assert_true(guard_idpat_match(&p, "ab12#", 5));
    assert_true(guard_idpat_match(&p, "AB123#", 6));
    assert_false(guard_idpat_match(&p, "ab1#", 4));
    assert_false(guard_idpat_match(&p, "ab1234#", 7));
    assert_false(guard_idpat_compile("", &p));
    assert_false(guard_idpat_compile("{3}", &p));
    assert_false(guard_idpat_compile("#{3,2}", &p));
    assert_false(guard_idpat_compile("#{40}#{40}", &p));
    assert_false(guard_idpat_compile("a b", &p));
}

static void test_invalid_id_pattern_fails_open(void **state)
{
    (void)state;
    const char *bad[] = {"S{"};
    struct guard_config cfg = {.id_patterns = bad, .n_id_patterns = 1};
    struct guard *g = NULL;
    assert_int_equal(guard_open(&cfg, roster, 1, NULL, 0, &g), GUARD_EINVAL);
    assert_null(g);
}

/* ---- SSNs ---- */

static void test_ssn_valid(void **state)
{
    assert_int_equal(count_rule(state, "his number is 123-45-6789.", GUARD_RULE_SSN), 1);
    assert_int_equal(count_rule(state, "SSN: 123 45 6789", GUARD_RULE_SSN), 1);
    assert_int_equal(count_rule(state, "ssn 123456789", GUARD_RULE_SSN), 1);
}

static void test_ssn_invalid(void **state)
{
    assert_int_equal(count_rule(state, "000-12-3456 666-12-3456 900-12-3456", GUARD_RULE_SSN), 0);
    assert_int_equal(count_rule(state, "123-00-4567 123-45-0000", GUARD_RULE_SSN), 0);
    assert_int_equal(count_rule(state, "order 123456789 shipped", GUARD_RULE_SSN), 0);
    assert_int_equal(count_rule(state, "1123-45-6789 123-45-67890 123-45-6789-1", GUARD_RULE_SSN),
                     0);
    assert_int_equal(count_rule(state, "123-45 6789", GUARD_RULE_SSN), 0);
}

/* ---- dates of birth ---- */

static void test_dob_formats(void **state)
{
    const char *dates[] = {"DOB 03/05/2014",         "born 3/5/14",       "dob: 2014-03-05",
                           "birthday March 5, 2014", "DOB Mar. 5th 2014", "born 5 March 2014",
                           "D.O.B. 03-05-2014"};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        size_t n;
        struct guard_finding *f = check(state, dates[i], &n);
        const struct guard_finding *x = find(f, n, GUARD_RULE_DOB, 0);
        if (!x)
            fail_msg("no DOB in \"%s\"", dates[i]);
        assert_int_equal(x->severity, GUARD_SEV_HIGH);
        free(f);
    }
}

static void test_dob_plausibility(void **state)
{
    size_t n;
    struct guard_finding *f = check(state, "the field trip is 11/30/2026", &n);
    assert_null(find(f, n, GUARD_RULE_DOB, 0)); /* no student is born this year */
    free(f);
    f = check(state, "on 4/2/2015 something", &n);
    const struct guard_finding *x = find(f, n, GUARD_RULE_DOB, 0);
    assert_non_null(x);
    assert_int_equal(x->severity, GUARD_SEV_INFO);
    free(f);
    f = check(state, "Maria Lopez 4/2/2015", &n);
    x = find(f, n, GUARD_RULE_DOB, 0);
    assert_int_equal(x->severity, GUARD_SEV_MEDIUM);
    free(f);
    assert_int_equal(count_rule(state, "DOB 02/30/2014 or 13/01/2014", GUARD_RULE_DOB), 0);
    assert_int_equal(count_rule(state, "born 02/29/2016, not 02/29/2015", GUARD_RULE_DOB), 1);
}

/* ---- sensitive terms ---- */

static void test_sensitive_term_near_name_raises_severity(void **state)
{
    size_t n;
    const char *t = "Maria Lopez has an IEP meeting on Monday";
    struct guard_finding *f = check(state, t, &n);
    const struct guard_finding *x = find(f, n, GUARD_RULE_STUDENT_NAME, 101);
    assert_non_null(x);
    assert_int_equal(x->severity, GUARD_SEV_HIGH);
    assert_string_equal(x->key, "student_name_sensitive");
    assert_true(x->has_term);
    assert_int_equal(x->term_start, strstr(t, "IEP") - t);
    assert_int_equal(x->term_end, strstr(t, "IEP") - t + 3);
    free(f);
    f = check(state, "The 504 plan for Lopez, Maria", &n);
    assert_int_equal(find(f, n, GUARD_RULE_STUDENT_NAME, 101)->severity, GUARD_SEV_HIGH);
    free(f);
}

static void test_sensitive_term_far_away_does_not(void **state)
{
    size_t n;
    struct guard_finding *f = check(state,
                                    "Maria Lopez won the spelling bee and the whole "
                                    "class cheered for a long time before the "
                                    "suspension of play",
                                    &n);
    const struct guard_finding *x = find(f, n, GUARD_RULE_STUDENT_NAME, 101);
    assert_int_equal(x->severity, GUARD_SEV_MEDIUM);
    assert_false(x->has_term);
    free(f);
    assert_int_equal(count_rule(state, "IEP meetings are on Monday", GUARD_RULE_STUDENT_NAME), 0);
}

/* ---- the matcher's shape ---- */

static void test_empty_roster_and_empty_text(void **state)
{
    (void)state;
    struct guard *g = NULL;
    assert_int_equal(guard_open(NULL, NULL, 0, NULL, 0, &g), GUARD_OK);
    struct guard_result r = {0};
    assert_int_equal(guard_check(g, "", 0, &r), GUARD_OK);
    assert_int_equal(r.n, 0);
    assert_int_equal(guard_check(g, "Maria Lopez", 11, &r), GUARD_OK);
    assert_int_equal(r.n, 0);
    guard_result_free(&r);
    guard_close(g);
}

static void test_many_findings_are_bounded(void **state)
{
    size_t len = 0;
    char *t = malloc(200000);
    assert_non_null(t);
    while (len + 13 < 200000) {
        memcpy(t + len, "Maria Lopez. ", 13);
        len += 13;
    }
    struct guard_result r = {0};
    assert_int_equal(guard_check(*state, t, len, &r), GUARD_OK);
    assert_int_equal(r.n, 1000);
    assert_true(r.truncated || r.scan.truncated);
    guard_result_free(&r);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_case_diacritics_and_separators),
        cmocka_unit_test(test_fold_map_points_at_original_bytes),
        cmocka_unit_test(test_fold_tolerates_invalid_utf8),
        cmocka_unit_test(test_full_name),
        cmocka_unit_test(test_name_case_and_diacritics),
        cmocka_unit_test(test_comma_and_inverted_forms),
        cmocka_unit_test(test_middle_name_and_initial),
        cmocka_unit_test(test_preferred_name),
        cmocka_unit_test(test_hyphenated_and_multipart_family),
        cmocka_unit_test(test_apostrophe_names),
        cmocka_unit_test(test_word_boundaries),
        cmocka_unit_test(test_names_do_not_cross_sentences),
        cmocka_unit_test(test_first_name_alone_is_not_a_finding),
        cmocka_unit_test(test_overlapping_matches),
        cmocka_unit_test(test_same_student_reported_once),
        cmocka_unit_test(test_staff_collision_lowers_confidence),
        cmocka_unit_test(test_roster_number),
        cmocka_unit_test(test_id_patterns),
        cmocka_unit_test(test_idpat_language),
        cmocka_unit_test(test_invalid_id_pattern_fails_open),
        cmocka_unit_test(test_ssn_valid),
        cmocka_unit_test(test_ssn_invalid),
        cmocka_unit_test(test_dob_formats),
        cmocka_unit_test(test_dob_plausibility),
        cmocka_unit_test(test_sensitive_term_near_name_raises_severity),
        cmocka_unit_test(test_sensitive_term_far_away_does_not),
        cmocka_unit_test(test_empty_roster_and_empty_text),
        cmocka_unit_test(test_many_findings_are_bounded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
