/* Unit tests for util/jsonw.c, the streaming JSON writer: nesting and
 * commas, string escaping (the same bytes jansson writes), UTF-8 passed
 * through or replaced, integers at their limits, sticky errors and misuse.
 * And the api layer's written shapes against their jansson forms: a user,
 * an image and a timestamp read the same either way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/media.h"
#include "util/jsonw.h"

/* A buffer and a writer on it. */
struct out {
    struct buf b;
    struct jsonw w;
};

static void out_start(struct out *o, size_t max)
{
    buf_init(&o->b, max);
    jsonw_init(&o->w, &o->b);
}

/* Asserts that the writer finished cleanly with exactly want. */
static void assert_written(struct out *o, const char *want)
{
    assert_int_equal(jsonw_end(&o->w), BUF_OK);
    assert_non_null(o->b.data);
    assert_string_equal(o->b.data, want);
    buf_free(&o->b);
}

/* What jsonw writes for s[0..len) as a lone string value. */
static char *written_string(const char *s, size_t len)
{
    struct out o;
    out_start(&o, 1 << 20);
    jsonw_string_len(&o.w, s, len);
    assert_int_equal(jsonw_end(&o.w), BUF_OK);
    return o.b.data;
}

/* ---- structure ---- */

static void test_nested_objects_and_arrays_get_their_commas(void **state)
{
    struct out o;
    out_start(&o, 1024);
    jsonw_object(&o.w);
    jsonw_kint(&o.w, "id", 7);
    jsonw_karray(&o.w, "items");
    jsonw_int(&o.w, 1);
    jsonw_object(&o.w);
    jsonw_kbool(&o.w, "a", true);
    jsonw_kbool(&o.w, "b", false);
    jsonw_object_end(&o.w);
    jsonw_array(&o.w);
    jsonw_array_end(&o.w);
    jsonw_null(&o.w);
    jsonw_array_end(&o.w);
    jsonw_kobject(&o.w, "empty");
    jsonw_object_end(&o.w);
    jsonw_knull(&o.w, "none");
    jsonw_kstring(&o.w, "s", "x");
    jsonw_object_end(&o.w);
    assert_written(&o, "{\"id\":7,\"items\":[1,{\"a\":true,\"b\":false},[],null],\"empty\":{},"
                       "\"none\":null,\"s\":\"x\"}");
}

static void test_null_string_writes_null(void **state)
{
    struct out o;
    out_start(&o, 64);
    jsonw_array(&o.w);
    jsonw_string(&o.w, NULL);
    jsonw_string(&o.w, "");
    jsonw_array_end(&o.w);
    assert_written(&o, "[null,\"\"]");
}

static void test_integers_at_their_limits(void **state)
{
    struct out o;
    out_start(&o, 128);
    jsonw_array(&o.w);
    jsonw_int(&o.w, 0);
    jsonw_int(&o.w, -1);
    jsonw_int(&o.w, 1234567890123LL);
    jsonw_int(&o.w, INT64_MAX);
    jsonw_int(&o.w, INT64_MIN);
    jsonw_array_end(&o.w);
    assert_written(&o, "[0,-1,1234567890123,9223372036854775807,-9223372036854775808]");
}

/* ---- strings ---- */

static void test_quotes_backslashes_and_controls_are_escaped(void **state)
{
    const char s[] = "a\"b\\c/d\b\f\n\r\t\x01\x1f\x7f";
    char *got = written_string(s, sizeof s - 1);
    assert_string_equal(got, "\"a\\\"b\\\\c/d\\b\\f\\n\\r\\t\\u0001\\u001F\x7f\"");
    free(got);
}

static void test_nul_inside_a_counted_string_is_escaped(void **state)
{
    char *got = written_string("a\0b", 3);
    assert_string_equal(got, "\"a\\u0000b\"");
    free(got);
}

static void test_valid_utf8_passes_through(void **state)
{
    /* é (2 bytes), € (3), 𝄞 (4), U+FFFF and U+10FFFF. */
    const char *s = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E \xEF\xBF\xBF \xF4\x8F\xBF\xBF";
    char *got = written_string(s, strlen(s));
    size_t n = strlen(got);
    assert_int_equal(n, strlen(s) + 2);
    assert_memory_equal(got + 1, s, strlen(s));
    free(got);
}

static void test_invalid_utf8_bytes_become_replacement_characters(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"a\x80z", "\"a\xEF\xBF\xBDz\""},                             /* lone continuation */
        {"\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\""},                 /* overlong '/' */
        {"\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""}, /* a surrogate */
        {"x\xE2\x82", "\"x\xEF\xBF\xBD\xEF\xBF\xBD\""},               /* cut short */
        {"\xF5\x80\x80\x80",
         "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""}, /* > U+10FFFF */
        {"\xFF", "\"\xEF\xBF\xBD\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = written_string(cases[i].in, strlen(cases[i].in));
        assert_string_equal(got, cases[i].want);
        free(got);
    }
}

/* Every byte pair and a sample of longer strings: jsonw writes what
 * jansson writes for the same valid text, and what it writes parses back
 * to the text. */
static void test_strings_read_as_jansson_writes_them(void **state)
{
    const char *samples[] = {
        "plain",
        "<p>a &amp; \"b\"</p>\n",
        "tab\there",
        "\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E",
        "back\\slash / slash",
        "\x1b[31m",
    };
    char pair[3] = {0};
    for (int c = 1; c < 128 + (int)(sizeof samples / sizeof samples[0]); c++) {
        const char *s = pair;
        if (c < 128) {
            pair[0] = (char)c;
            pair[1] = 'x';
        } else {
            s = samples[c - 128];
        }
        json_t *j = json_string(s);
        assert_non_null(j);
        char *want = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
        char *got = written_string(s, strlen(s));
        assert_string_equal(got, want);
        json_t *back = json_loads(got, JSON_DECODE_ANY, NULL);
        assert_non_null(back);
        assert_string_equal(json_string_value(back), s);
        json_decref(back);
        json_decref(j);
        free(want);
        free(got);
    }
}

/* Every byte from 1 to 0x7F and some that start or break UTF-8, at every
 * position of a 40-byte plain string: the escape lands where jansson puts
 * it whether the byte falls in the words scanned eight at a time or in the
 * tail scanned byte by byte. */
static void test_every_byte_at_every_position_reads_as_jansson_writes_it(void **state)
{
    static const char *const odd[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9D\x84\x9E"};
    char s[48];
    for (int c = 1; c < 128 + 3; c++) {
        for (size_t at = 0; at < 40; at++) {
            memset(s, 'a', 40);
            s[40] = '\0';
            const char *ins = c < 128 ? (char[]){(char)c, 0} : odd[c - 128];
            size_t n = strlen(ins);
            if (at + n > 40)
                continue;
            memcpy(s + at, ins, n);
            json_t *j = json_string(s);
            assert_non_null(j);
            char *want = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
            char *got = written_string(s, strlen(s));
            assert_string_equal(got, want);
            json_decref(j);
            free(want);
            free(got);
        }
    }
}

/* Keys are escaped like values, and each after the first gets its comma,
 * whether or not the buffer has room for it in advance (a key longer than
 * the buffer's first allocation makes it grow). */
static void test_keys_are_escaped_and_separated(void **state)
{
    char long_key[301];
    memset(long_key, 'k', 300);
    long_key[300] = '\0';
    struct out o;
    out_start(&o, 1 << 16);
    jsonw_object(&o.w);
    jsonw_kint(&o.w, "a\"b\n", 1);
    jsonw_kint(&o.w, "plain_key_longer_than_eight_bytes", 2);
    jsonw_kint(&o.w, long_key, 3);
    jsonw_kint(&o.w, "\xC3\xA9", 4);
    jsonw_object_end(&o.w);
    char want[512];
    snprintf(want, sizeof want,
             "{\"a\\\"b\\n\":1,\"plain_key_longer_than_eight_bytes\":2,\"%s\":3,"
             "\"\xC3\xA9\":4}",
             long_key);
    assert_written(&o, want);
}

/* ---- errors ---- */

static void test_buffer_limit_fails_and_stays_failed(void **state)
{
    struct out o;
    out_start(&o, 16);
    jsonw_array(&o.w);
    jsonw_string(&o.w, "this string is longer than sixteen bytes");
    jsonw_int(&o.w, 1);
    jsonw_array_end(&o.w);
    assert_int_equal(jsonw_end(&o.w), BUF_ETOOBIG);
    assert_true(o.b.len <= 16);
    buf_free(&o.b);
}

static void test_value_where_a_key_belongs_is_misuse(void **state)
{
    struct out o;
    out_start(&o, 64);
    jsonw_object(&o.w);
    jsonw_int(&o.w, 1);
    jsonw_object_end(&o.w);
    assert_int_equal(jsonw_end(&o.w), BUF_ETOOBIG);
    buf_free(&o.b);
}

static void test_key_outside_an_object_is_misuse(void **state)
{
    struct out o;
    out_start(&o, 64);
    jsonw_array(&o.w);
    jsonw_key(&o.w, "k");
    jsonw_array_end(&o.w);
    assert_int_equal(jsonw_end(&o.w), BUF_ETOOBIG);
    buf_free(&o.b);
}

static void test_unbalanced_containers_are_misuse(void **state)
{
    struct out o;
    out_start(&o, 64);
    jsonw_object(&o.w);
    assert_int_equal(jsonw_end(&o.w), BUF_ETOOBIG); /* left open */
    buf_free(&o.b);

    out_start(&o, 64);
    jsonw_array(&o.w);
    jsonw_object_end(&o.w); /* the wrong close */
    assert_int_equal(jsonw_end(&o.w), BUF_ETOOBIG);
    buf_free(&o.b);

    out_start(&o, 64);
    jsonw_array_end(&o.w); /* nothing open */
    assert_int_equal(jsonw_end(&o.w), BUF_ETOOBIG);
    buf_free(&o.b);

    out_start(&o, 64);
    jsonw_object(&o.w);
    jsonw_key(&o.w, "dangling");
    jsonw_object_end(&o.w); /* a key without its value */
    assert_int_equal(jsonw_end(&o.w), BUF_ETOOBIG);
    buf_free(&o.b);
}

static void test_nesting_beyond_the_maximum_is_misuse(void **state)
{
    struct out o;
    out_start(&o, 1024);
    for (int i = 0; i < JSONW_MAX_DEPTH + 1; i++) /* one too many */
        jsonw_array(&o.w);
    assert_int_equal(jsonw_end(&o.w), BUF_ETOOBIG);
    buf_free(&o.b);

    out_start(&o, 1024);
    for (int i = 0; i < JSONW_MAX_DEPTH; i++)
        jsonw_array(&o.w);
    for (int i = 0; i < JSONW_MAX_DEPTH; i++)
        jsonw_array_end(&o.w);
    assert_int_equal(jsonw_end(&o.w), BUF_OK);
    buf_free(&o.b);
}

/* ---- the api layer's written shapes ---- */

/* Asserts that what was written parses to a value equal to want. */
static void assert_same_json(struct out *o, json_t *want)
{
    assert_int_equal(jsonw_end(&o->w), BUF_OK);
    json_t *got = json_loadb(o->b.data, o->b.len, 0, NULL);
    assert_non_null(got);
    assert_non_null(want);
    if (!json_equal(got, want)) {
        char *a = json_dumps(got, 0), *b = json_dumps(want, 0);
        fail_msg("written %s\nexpected %s", a, b);
    }
    json_decref(got);
    json_decref(want);
    buf_free(&o->b);
}

static void test_written_user_brief_matches_jansson(void **state)
{
    struct user u = {.id = 42, .login = "maria.lopez", .name = "María \"M\" López", .title = NULL};
    struct out o;
    out_start(&o, 1024);
    api_user_brief_write(&o.w, &u);
    assert_same_json(&o, api_user_brief(&u));
}

static void test_written_image_matches_jansson(void **state)
{
    struct media m = {.id = 9,
                      .mime = "image/png",
                      .width = 640,
                      .height = 480,
                      .bytes = 12345,
                      .thumb_width = 320,
                      .thumb_height = 240,
                      .alt = "The science fair",
                      .shows_students = true};
    struct out o;
    out_start(&o, 1024);
    api_image_write(&o.w, &m);
    assert_same_json(&o, api_image(&m));
    m.alt = NULL;
    out_start(&o, 1024);
    api_image_write(&o.w, &m);
    assert_same_json(&o, api_image(&m));
}

static void test_timestamps_read_as_gmtime_gives_them(void **state)
{
    const int64_t samples[] = {1,
                               999,
                               86399999,
                               951782400000LL,  /* 2000-02-29 */
                               1709251199123LL, /* 2024-02-29T23:59:59.123 */
                               1795427400042LL, /* 2026-11-23 */
                               2147483648000LL, /* past 2038 */
                               253402300799999LL /* 9999-12-31T23:59:59.999 */};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        time_t sec = (time_t)(samples[i] / 1000);
        struct tm tm;
        gmtime_r(&sec, &tm);
        char want[40];
        size_t k = strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%S", &tm);
        snprintf(want + k, sizeof want - k, ".%03dZ", (int)(samples[i] % 1000));
        json_t *got = api_time(samples[i]);
        assert_string_equal(json_string_value(got), want);
        json_decref(got);
    }
    json_t *zero = api_time(0);
    assert_true(json_is_null(zero));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_objects_and_arrays_get_their_commas),
        cmocka_unit_test(test_null_string_writes_null),
        cmocka_unit_test(test_integers_at_their_limits),
        cmocka_unit_test(test_quotes_backslashes_and_controls_are_escaped),
        cmocka_unit_test(test_nul_inside_a_counted_string_is_escaped),
        cmocka_unit_test(test_valid_utf8_passes_through),
        cmocka_unit_test(test_invalid_utf8_bytes_become_replacement_characters),
        cmocka_unit_test(test_strings_read_as_jansson_writes_them),
        cmocka_unit_test(test_every_byte_at_every_position_reads_as_jansson_writes_it),
        cmocka_unit_test(test_keys_are_escaped_and_separated),
        cmocka_unit_test(test_buffer_limit_fails_and_stays_failed),
        cmocka_unit_test(test_value_where_a_key_belongs_is_misuse),
        cmocka_unit_test(test_key_outside_an_object_is_misuse),
        cmocka_unit_test(test_unbalanced_containers_are_misuse),
        cmocka_unit_test(test_nesting_beyond_the_maximum_is_misuse),
        cmocka_unit_test(test_written_user_brief_matches_jansson),
        cmocka_unit_test(test_written_image_matches_jansson),
        cmocka_unit_test(test_timestamps_read_as_gmtime_gives_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
