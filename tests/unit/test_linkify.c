/* Unit tests for core/linkify.c: where bare URLs and @mentions start and end
 * in plain text, what is rejected, and that hostile text is scanned in
 * linear time. Markdown context (code, existing links) is tested in
 * test_markdown.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/linkify.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* malloc'd string of `unit` repeated until it is `len` bytes long. */
static char *repeat_to(const char *unit, size_t len)
{
    size_t ul = strlen(unit);
    char *s = malloc(len + 1);
    assert_non_null(s);
    for (size_t i = 0; i < len; i++)
        s[i] = unit[i % ul];
    s[len] = '\0';
    return s;
}

static void expect_url(const char *s, const char *want, enum linkify_url kind)
{
    size_t start = 0, end = 0;
    enum linkify_url got = linkify_find_url(s, strlen(s), 0, &start, &end);
    assert_int_equal(got, kind);
    assert_int_equal(end - start, strlen(want));
    assert_memory_equal(s + start, want, strlen(want));
}

static void expect_no_url(const char *s)
{
    size_t start = 0, end = 0;
    assert_int_equal(linkify_find_url(s, strlen(s), 0, &start, &end), LINKIFY_URL_NONE);
}

static void expect_mention(const char *s, const char *login)
{
    size_t at = 0, end = 0;
    assert_true(linkify_find_mention(s, strlen(s), 0, &at, &end));
    assert_int_equal(s[at], '@');
    assert_int_equal(end - at - 1, strlen(login));
    assert_memory_equal(s + at + 1, login, strlen(login));
}

static void expect_no_mention(const char *s)
{
    size_t at = 0, end = 0;
    assert_false(linkify_find_mention(s, strlen(s), 0, &at, &end));
}

/* ---- URLs ---- */

static void test_url_http_in_sentence(void **state)
{
    (void)state;
    const char *s = "see http://example.com now";
    size_t start = 0, end = 0;
    assert_int_equal(linkify_find_url(s, strlen(s), 0, &start, &end), LINKIFY_URL_HTTP);
    assert_int_equal(start, 4);
    assert_int_equal(end, 22);
}

static void test_url_https_keeps_path_query_fragment(void **state)
{
    (void)state;
    expect_url("go https://example.com/a/b?x=1&y=(2)#frag ok",
               "https://example.com/a/b?x=1&y=(2)#frag", LINKIFY_URL_HTTP);
}

static void test_url_scheme_is_case_insensitive(void **state)
{
    (void)state;
    expect_url("HTTPS://Example.COM/x", "HTTPS://Example.COM/x", LINKIFY_URL_HTTP);
    expect_url("Http://a.org", "Http://a.org", LINKIFY_URL_HTTP);
}

static void test_url_www_has_own_kind(void **state)
{
    (void)state;
    expect_url("visit www.example.com today", "www.example.com", LINKIFY_URL_WWW);
    expect_url("WWW.Example.com/x", "WWW.Example.com/x", LINKIFY_URL_WWW);
}

static void test_url_trailing_punctuation_is_stripped(void **state)
{
    (void)state;
    static const char *const suffixes[] = {".",  ",",   ";",  ":",   "!", "?", "'",
                                           "\"", "...", "?!", ".\"", "*", "_", "~"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char s[64];
        int n = snprintf(s, sizeof s, "at https://x.org/a%s", suffixes[i]);
        assert_true(n > 0 && (size_t)n < sizeof s);
        expect_url(s, "https://x.org/a", LINKIFY_URL_HTTP);
    }
}

static void test_url_in_quotes(void **state)
{
    (void)state;
    expect_url("'https://x.org/a'", "https://x.org/a", LINKIFY_URL_HTTP);
    expect_url("\"www.x.org\"", "www.x.org", LINKIFY_URL_WWW);
}

static void test_url_interior_punctuation_is_kept(void **state)
{
    (void)state;
    expect_url("https://x.org/a.b,c;d:e!f?g'h", "https://x.org/a.b,c;d:e!f?g'h", LINKIFY_URL_HTTP);
}

static void test_url_balanced_parens_are_kept(void **state)
{
    (void)state;
    expect_url("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)",
               LINKIFY_URL_HTTP);
    expect_url("https://en.wikipedia.org/wiki/Foo_(bar).",
               "https://en.wikipedia.org/wiki/Foo_(bar)", LINKIFY_URL_HTTP);
}

static void test_url_unbalanced_close_paren_is_stripped(void **state)
{
    (void)state;
    expect_url("(see https://x.org/a)", "https://x.org/a", LINKIFY_URL_HTTP);
    expect_url("(https://en.wikipedia.org/wiki/Foo_(bar))",
               "https://en.wikipedia.org/wiki/Foo_(bar)", LINKIFY_URL_HTTP);
    expect_url("(www.x.org/a).", "www.x.org/a", LINKIFY_URL_WWW);
}

static void test_url_ends_at_space_control_and_lt(void **state)
{
    (void)state;
    expect_url("https://x.org/a<b", "https://x.org/a", LINKIFY_URL_HTTP);
    expect_url("https://x.org/a\tb", "https://x.org/a", LINKIFY_URL_HTTP);
    expect_url("https://x.org/a\nb", "https://x.org/a", LINKIFY_URL_HTTP);
}

static void test_url_short_host_port_and_idn(void **state)
{
    (void)state;
    expect_url("http://localhost:8080/x", "http://localhost:8080/x", LINKIFY_URL_HTTP);
    expect_url("https://b\xc3\xbc"
               "cher.de/x y",
               "https://b\xc3\xbc"
               "cher.de/x",
               LINKIFY_URL_HTTP);
}

static void test_url_needs_a_valid_host(void **state)
{
    (void)state;
    expect_no_url("http://");
    expect_no_url("http:// x.org");
    expect_no_url("https://.x.org");
    expect_no_url("https://-x.org");
    expect_no_url("https://x..org");
    expect_no_url("www.");
    expect_no_url("www. x");
    expect_no_url("www..x.org");
    expect_no_url("ftp://x.org");
    expect_no_url("javascript://x.org/%0aalert(1)");
}

static void test_url_underscore_in_last_two_labels_rejected(void **state)
{
    (void)state;
    expect_no_url("http://a_b.com");
    expect_no_url("www.x.a_b.com");
    expect_no_url("https://x.org_/path");
    expect_url("http://a_b.x.com", "http://a_b.x.com", LINKIFY_URL_HTTP);
}

static void test_url_not_inside_a_word(void **state)
{
    (void)state;
    expect_no_url("xhttp://a.com");
    expect_no_url("foo.www.bar.com");
    expect_no_url("a/http://b.com");
    expect_no_url("caf\xc3\xa9https://x.org"); /* "é" is a letter */
}

static void test_url_after_unicode_punctuation(void **state)
{
    (void)state;
    /* U+2014 EM DASH */
    expect_url("\xe2\x80\x94https://x.org \xe2\x80\x94", "https://x.org", LINKIFY_URL_HTTP);
}

static void test_url_from_offset(void **state)
{
    (void)state;
    const char *s = "http://a.com http://b.com";
    size_t start = 0, end = 0;
    assert_int_equal(linkify_find_url(s, strlen(s), 1, &start, &end), LINKIFY_URL_HTTP);
    assert_int_equal(start, 13);
    assert_int_equal(end, strlen(s));
    /* Starting mid-word still looks at the byte before `from`. */
    const char *t = "xhttp://a.com";
    assert_int_equal(linkify_find_url(t, strlen(t), 1, &start, &end), LINKIFY_URL_NONE);
}

static void test_url_length_is_bounded(void **state)
{
    (void)state;
    const char *head = "https://x.org/";
    size_t hl = strlen(head);
    char *s = malloc(LINKIFY_MAX_URL + 64);
    assert_non_null(s);

    memcpy(s, head, hl);
    memset(s + hl, 'a', LINKIFY_MAX_URL - hl);
    s[LINKIFY_MAX_URL] = '\0';
    size_t start = 0, end = 0;
    assert_int_equal(linkify_find_url(s, strlen(s), 0, &start, &end), LINKIFY_URL_HTTP);
    assert_int_equal(end - start, LINKIFY_MAX_URL);

    /* One byte more is too long, and a URL after it is still found. */
    memset(s + hl, 'a', LINKIFY_MAX_URL + 1 - hl);
    memcpy(s + LINKIFY_MAX_URL + 1, " http://b.org", 14);
    assert_int_equal(linkify_find_url(s, strlen(s), 0, &start, &end), LINKIFY_URL_HTTP);
    assert_int_equal(start, LINKIFY_MAX_URL + 2);
    assert_memory_equal(s + start, "http://b.org", 12);
    free(s);
}

static void test_url_scan_is_linear_on_hostile_text(void **state)
{
    (void)state;
    static const char *const units[] = {"http://a_(", "_www.",         "www.a(",
                                        "(http://x",  "https://a.b_/", "www.x_"};
    const size_t len = 64 * 1024;
    double t0 = now_s();
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        char *s = repeat_to(units[u], len);
        size_t pos = 0, start, end, hits = 0;
        while (linkify_find_url(s, len, pos, &start, &end) != LINKIFY_URL_NONE) {
            assert_true(end > pos);
            pos = end;
            hits++;
        }
        assert_true(hits <= len);
        free(s);
    }
    /* A quadratic scan of these takes seconds; linear takes microseconds. */
    assert_true(now_s() - t0 < 0.5);
}

/* ---- mentions ---- */

static void test_mention_at_start_of_text(void **state)
{
    (void)state;
    const char *s = "@maria hi";
    size_t at = 9, end = 0;
    assert_true(linkify_find_mention(s, strlen(s), 0, &at, &end));
    assert_int_equal(at, 0);
    assert_int_equal(end, 6);
}

static void test_mention_after_space_and_punctuation(void **state)
{
    (void)state;
    expect_mention("hi @bob", "bob");
    expect_mention("(@bob)", "bob");
    expect_mention("hi,@bob", "bob");
    expect_mention("\"@bob\"", "bob");
    expect_mention("cc:@bob", "bob");
    expect_mention("\xe2\x80\x94@bob", "bob"); /* EM DASH */
}

static void test_mention_not_in_email_or_word(void **state)
{
    (void)state;
    expect_no_mention("a@b.com");
    expect_no_mention("mail maria@school.org");
    expect_no_mention("x_@bob");
    expect_no_mention("x.@bob");
    expect_no_mention("9@bob");
    expect_no_mention("jos\xc3\xa9@bob.org"); /* "é" is a letter */
}

static void test_mention_trailing_dot_and_dash_dropped(void **state)
{
    (void)state;
    expect_mention("thanks @maria.", "maria");
    expect_mention("@maria-", "maria");
    expect_mention("@maria.lopez.", "maria.lopez");
    expect_mention("@maria...--", "maria");
    expect_mention("@m_", "m_");
    expect_mention("@ann-marie's", "ann-marie");
}

static void test_mention_login_length(void **state)
{
    (void)state;
    char s[64];
    expect_no_mention("@a");
    expect_no_mention("@a. @b-");
    expect_mention("@ab", "ab");

    s[0] = '@';
    memset(s + 1, 'x', LINKIFY_LOGIN_MAX);
    s[1 + LINKIFY_LOGIN_MAX] = '\0';
    expect_mention(s, s + 1);

    memset(s + 1, 'x', LINKIFY_LOGIN_MAX + 1);
    s[2 + LINKIFY_LOGIN_MAX] = '\0';
    expect_no_mention(s);
}

static void test_mention_first_char_alnum(void **state)
{
    (void)state;
    expect_no_mention("@_bob");
    expect_no_mention("@.bob");
    expect_no_mention("@-bob");
    expect_mention("@9bob", "9bob");
}

static void test_mention_double_at_and_address(void **state)
{
    (void)state;
    expect_no_mention("@@bob");
    expect_no_mention("@bob@x.com");
    expect_no_mention("@ alone");
}

static void test_mention_iterates_with_from(void **state)
{
    (void)state;
    const char *s = "a@b @ann and @bob.";
    size_t at, end, pos = 0;
    assert_true(linkify_find_mention(s, strlen(s), pos, &at, &end));
    assert_int_equal(at, 4);
    assert_int_equal(end, 8);
    pos = end;
    assert_true(linkify_find_mention(s, strlen(s), pos, &at, &end));
    assert_int_equal(at, 13);
    assert_int_equal(end, 17);
    pos = end;
    assert_false(linkify_find_mention(s, strlen(s), pos, &at, &end));
}

static void test_mention_scan_is_linear_on_hostile_text(void **state)
{
    (void)state;
    static const char *const units[] = {"@", "@a", "x@", "@abc@", ".@"};
    const size_t len = 64 * 1024;
    double t0 = now_s();
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        char *s = repeat_to(units[u], len);
        size_t pos = 0, at, end;
        while (linkify_find_mention(s, len, pos, &at, &end)) {
            assert_true(end > pos);
            pos = end;
        }
        free(s);
    }
    assert_true(now_s() - t0 < 0.5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_url_http_in_sentence),
        cmocka_unit_test(test_url_https_keeps_path_query_fragment),
        cmocka_unit_test(test_url_scheme_is_case_insensitive),
        cmocka_unit_test(test_url_www_has_own_kind),
        cmocka_unit_test(test_url_trailing_punctuation_is_stripped),
        cmocka_unit_test(test_url_in_quotes),
        cmocka_unit_test(test_url_interior_punctuation_is_kept),
        cmocka_unit_test(test_url_balanced_parens_are_kept),
        cmocka_unit_test(test_url_unbalanced_close_paren_is_stripped),
        cmocka_unit_test(test_url_ends_at_space_control_and_lt),
        cmocka_unit_test(test_url_short_host_port_and_idn),
        cmocka_unit_test(test_url_needs_a_valid_host),
        cmocka_unit_test(test_url_underscore_in_last_two_labels_rejected),
        cmocka_unit_test(test_url_not_inside_a_word),
        cmocka_unit_test(test_url_after_unicode_punctuation),
        cmocka_unit_test(test_url_from_offset),
        cmocka_unit_test(test_url_length_is_bounded),
        cmocka_unit_test(test_url_scan_is_linear_on_hostile_text),
        cmocka_unit_test(test_mention_at_start_of_text),
        cmocka_unit_test(test_mention_after_space_and_punctuation),
        cmocka_unit_test(test_mention_not_in_email_or_word),
        cmocka_unit_test(test_mention_trailing_dot_and_dash_dropped),
        cmocka_unit_test(test_mention_login_length),
        cmocka_unit_test(test_mention_first_char_alnum),
        cmocka_unit_test(test_mention_double_at_and_address),
        cmocka_unit_test(test_mention_iterates_with_from),
        cmocka_unit_test(test_mention_scan_is_linear_on_hostile_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
