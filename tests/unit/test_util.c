/* Unit tests for util/arena.c, util/buf.c and util/utf8.c: alignment and
 * limits of the request arena, the bounded buffer's sticky failure, and
 * strict UTF-8 validation of untrusted input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/utf8.h"

/* ---- arena ---- */

static void test_arena_alloc_is_max_aligned(void **state)
{
    struct arena a;
    arena_init(&a, 0);
    const size_t align = _Alignof(max_align_t);
    size_t sizes[] = {1, 3, 7, 16, 17, 33, 100, 1};
    char *prev = NULL;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char *p = arena_alloc(&a, sizes[i]);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % align, 0);
        memset(p, 0xAB, sizes[i]); /* the whole allocation is writable */
        assert_true(p != prev);
        prev = p;
    }
    arena_free(&a);
}

static void test_arena_used_counts_rounded_bytes(void **state)
{
    struct arena a;
    arena_init(&a, 0);
    const size_t align = _Alignof(max_align_t);
    assert_non_null(arena_alloc(&a, 1));
    assert_int_equal(a.used, align);
    assert_non_null(arena_alloc(&a, align + 1));
    assert_int_equal(a.used, 3 * align);
    arena_free(&a);
    assert_int_equal(a.used, 0);
    assert_null(a.head);
}

static void test_arena_allocations_do_not_overlap(void **state)
{
    struct arena a;
    arena_init(&a, 0);
    char *p[200];
    for (int i = 0; i < 200; i++) { /* several blocks' worth */
        p[i] = arena_alloc(&a, 100);
        assert_non_null(p[i]);
        memset(p[i], i, 100);
    }
    for (int i = 0; i < 200; i++)
        for (int k = 0; k < 100; k++)
            assert_int_equal((unsigned char)p[i][k], (unsigned char)i);
    arena_free(&a);
}

static void test_arena_strndup_copies_and_terminates(void **state)
{
    struct arena a;
    arena_init(&a, 0);
    const char *src = "hello, world";
    char *s = arena_strndup(&a, src, 5);
    assert_non_null(s);
    assert_string_equal(s, "hello");
    assert_true(s != src);
    char *d = arena_strdup(&a, src);
    assert_string_equal(d, src);
    assert_null(arena_strdup(&a, NULL));
    char *e = arena_strndup(&a, "", 0);
    assert_non_null(e);
    assert_string_equal(e, "");
    arena_free(&a);
}

static void test_arena_printf_formats(void **state)
{
    struct arena a;
    arena_init(&a, 0);
    char *s = arena_printf(&a, "%s-%d-%05.1f", "id", 42, 3.14159);
    assert_non_null(s);
    assert_string_equal(s, "id-42-003.1");
    /* Longer than one block: the size is measured, not guessed. */
    char *big = arena_printf(&a, "%20000d", 7);
    assert_non_null(big);
    assert_int_equal(strlen(big), 20000);
    assert_int_equal(big[19999], '7');
    arena_free(&a);
}

static void test_arena_big_allocation_beyond_block(void **state)
{
    struct arena a;
    arena_init(&a, 0);
    char *small = arena_alloc(&a, 10);
    assert_non_null(small);
    memcpy(small, "before", 7);
    size_t n = 100000; /* far beyond the 8 KiB block */
    char *big = arena_alloc(&a, n);
    assert_non_null(big);
    assert_int_equal((uintptr_t)big % _Alignof(max_align_t), 0);
    memset(big, 'x', n);
    /* The current block keeps serving small allocations after a big one. */
    char *after = arena_alloc(&a, 10);
    assert_non_null(after);
    assert_true(after == small + _Alignof(max_align_t));
    assert_string_equal(small, "before");
    assert_int_equal(big[n - 1], 'x');
    arena_free(&a);
}

static void test_arena_max_limit_returns_null(void **state)
{
    struct arena a;
    arena_init(&a, 256);
    assert_non_null(arena_alloc(&a, 200));
    size_t used = a.used;
    assert_null(arena_alloc(&a, 100)); /* 200 + 112 > 256 */
    assert_int_equal(a.used, used);    /* a refusal costs nothing */
    assert_null(arena_printf(&a, "%300d", 1));
    assert_non_null(arena_alloc(&a, 40)); /* what still fits is served */
    assert_null(arena_alloc(&a, SIZE_MAX / 2));
    arena_free(&a);
}

static void test_arena_size_overflow_returns_null(void **state)
{
    struct arena a;
    arena_init(&a, 0);
    assert_null(arena_alloc(&a, SIZE_MAX));     /* rounding up wraps */
    assert_null(arena_alloc(&a, SIZE_MAX - 8)); /* rounding up wraps */
    assert_int_equal(a.used, 0);
    arena_free(&a);
}

/* ---- buf ---- */

static void test_buf_append_and_puts(void **state)
{
    struct buf b;
    buf_init(&b, 1024);
    assert_int_equal(buf_append(&b, "abc", 3), BUF_OK);
    assert_int_equal(buf_puts(&b, "def"), BUF_OK);
    assert_int_equal(buf_append(&b, "\0g", 2), BUF_OK); /* bytes, not strings */
    assert_int_equal(b.len, 8);
    assert_memory_equal(b.data, "abcdef\0g", 8);
    assert_int_equal(b.data[b.len], '\0');
    buf_free(&b);
}

static void test_buf_grows_past_initial_capacity(void **state)
{
    struct buf b;
    buf_init(&b, 1 << 20);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(buf_puts(&b, "0123456789"), BUF_OK);
    assert_int_equal(b.len, 10000);
    assert_true(b.cap > b.len);
    assert_memory_equal(b.data + 9990, "0123456789", 10);
    assert_int_equal(b.data[10000], '\0');
    buf_free(&b);
}

static void test_buf_printf_appends(void **state)
{
    struct buf b;
    buf_init(&b, 1024);
    assert_int_equal(buf_puts(&b, "x="), BUF_OK);
    assert_int_equal(buf_printf(&b, "%d,%s", 12, "y"), BUF_OK);
    assert_string_equal(b.data, "x=12,y");
    assert_int_equal(b.len, 6);
    buf_free(&b);
}

static void test_buf_max_is_too_big_and_stays_failed(void **state)
{
    struct buf b;
    buf_init(&b, 10);
    assert_int_equal(buf_append(&b, "0123456789", 10), BUF_OK); /* exactly max fits */
    assert_int_equal(buf_append(&b, "x", 1), BUF_ETOOBIG);
    assert_int_equal(b.err, BUF_ETOOBIG);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "0123456789"); /* the refused bytes are not there */
    /* Sticky: even an append of nothing fails now. */
    assert_int_equal(buf_append(&b, "", 0), BUF_ETOOBIG);
    assert_int_equal(buf_printf(&b, "%s", ""), BUF_ETOOBIG);
    assert_int_equal(b.len, 10);
    buf_free(&b);

    buf_init(&b, 8);
    assert_int_equal(buf_printf(&b, "%d", 123456789), BUF_ETOOBIG);
    assert_int_equal(b.len, 0);
    assert_int_equal(buf_puts(&b, "ok"), BUF_ETOOBIG);
    buf_reset(&b); /* reset clears the failure */
    assert_int_equal(buf_puts(&b, "ok"), BUF_OK);
    assert_string_equal(b.data, "ok");
    buf_free(&b);
}

static void test_buf_huge_append_is_too_big(void **state)
{
    struct buf b;
    buf_init(&b, 100);
    assert_int_equal(buf_puts(&b, "abc"), BUF_OK);
    /* len + n would wrap: must be refused before any arithmetic overflows. */
    assert_int_equal(buf_append(&b, "x", SIZE_MAX - 1), BUF_ETOOBIG);
    assert_int_equal(b.len, 3);
    buf_free(&b);
}

static void test_buf_detach_hands_over_and_resets(void **state)
{
    struct buf b;
    buf_init(&b, 64);
    assert_int_equal(buf_puts(&b, "payload"), BUF_OK);
    size_t len = 0;
    char *p = buf_detach(&b, &len);
    assert_non_null(p);
    assert_int_equal(len, 7);
    assert_string_equal(p, "payload");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    free(p);
    /* The buffer is reusable after a detach. */
    assert_int_equal(buf_puts(&b, "again"), BUF_OK);
    assert_string_equal(b.data, "again");
    buf_free(&b);
    /* An empty buffer detaches as an empty string, never NULL. */
    buf_init(&b, 64);
    p = buf_detach(&b, &len);
    assert_non_null(p);
    assert_int_equal(len, 0);
    assert_string_equal(p, "");
    free(p);
    buf_free(&b);
}

/* ---- utf8 ---- */

static bool valid(const char *s)
{
    return utf8_valid(s, strlen(s));
}

static void test_utf8_valid_ascii_and_multibyte(void **state)
{
    assert_true(utf8_valid("", 0));
    assert_true(valid("plain ASCII ~"));
    assert_true(valid("caf\xC3\xA9"));                /* U+00E9, 2 bytes */
    assert_true(valid("\xE2\x82\xAC"));               /* U+20AC, 3 bytes */
    assert_true(valid("\xF0\x9F\x98\x80"));           /* U+1F600, 4 bytes */
    assert_true(valid("\xC2\x80"));                   /* U+0080, smallest 2-byte */
    assert_true(valid("\xE0\xA0\x80"));               /* U+0800, smallest 3-byte */
    assert_true(valid("\xF0\x90\x80\x80"));           /* U+10000, smallest 4-byte */
    assert_true(valid("\xED\x9F\xBF"));               /* U+D7FF, just below surrogates */
    assert_true(valid("\xEE\x80\x80"));               /* U+E000, just above */
    assert_true(valid("\xEF\xBF\xBF"));               /* U+FFFF */
    assert_true(valid("\xF4\x8F\xBF\xBF"));           /* U+10FFFF, the last */
    assert_true(valid("a\xC3\xA9z\xF0\x9F\x98\x80")); /* mixed */
}

static void test_utf8_rejects_overlong(void **state)
{
    assert_false(valid("\xC0\xAF"));         /* '/' in 2 bytes */
    assert_false(valid("\xC1\xBF"));         /* U+007F in 2 bytes */
    assert_false(valid("\xE0\x80\xAF"));     /* '/' in 3 bytes */
    assert_false(valid("\xE0\x9F\xBF"));     /* U+07FF in 3 bytes */
    assert_false(valid("\xF0\x80\x80\xAF")); /* '/' in 4 bytes */
    assert_false(valid("\xF0\x8F\xBF\xBF")); /* U+FFFF in 4 bytes */
}

static void test_utf8_rejects_surrogates(void **state)
{
    assert_false(valid("\xED\xA0\x80")); /* U+D800 */
    assert_false(valid("\xED\xAF\xBF")); /* U+DBFF */
    assert_false(valid("\xED\xB0\x80")); /* U+DC00 */
    assert_false(valid("\xED\xBF\xBF")); /* U+DFFF */
    assert_false(valid("a\xED\xA0\x80\xED\xB0\x80"
                       "b")); /* a CESU-8 pair */
}

static void test_utf8_rejects_beyond_u10ffff(void **state)
{
    assert_false(valid("\xF4\x90\x80\x80")); /* U+110000 */
    assert_false(valid("\xF5\x80\x80\x80"));
    assert_false(valid("\xF7\xBF\xBF\xBF"));
    assert_false(valid("\xF8\x88\x80\x80\x80")); /* 5-byte form */
    assert_false(valid("\xFC\x84\x80\x80\x80\x80"));
    assert_false(valid("\xFE"));
    assert_false(valid("\xFF"));
}

static void test_utf8_rejects_truncated_and_stray_bytes(void **state)
{
    assert_false(valid("\xC3"));         /* 2-byte lead alone */
    assert_false(valid("\xE2\x82"));     /* 3-byte, one short */
    assert_false(valid("\xF0\x9F\x98")); /* 4-byte, one short */
    assert_false(valid("abc\xE2\x82"));  /* truncated at the end */
    assert_false(valid("\xE2\x82z"));    /* continuation replaced by ASCII */
    assert_false(valid("\x80"));         /* lone continuation */
    assert_false(valid("a\xBFz"));
    /* The length is respected: a valid sequence cut by len is invalid. */
    assert_false(utf8_valid("\xE2\x82\xAC", 2));
    assert_true(utf8_valid("ab\xE2\x82\xAC", 2));
}

static void test_utf8_rejects_embedded_nul(void **state)
{
    assert_false(utf8_valid("a\0b", 3));
    assert_false(utf8_valid("\0", 1));
    assert_true(utf8_valid("a\0b", 1)); /* the NUL beyond len is not read */
}

static void test_utf8_decode_each_length(void **state)
{
    (void)state;
    size_t n = 0;
    assert_int_equal(utf8_decode("A", 1, &n), 0x41);
    assert_int_equal(n, 1);
    assert_int_equal(utf8_decode("\xC2\xA0", 2, &n), 0xA0); /* no-break space */
    assert_int_equal(n, 2);
    assert_int_equal(utf8_decode("\xE3\x80\x80x", 4, &n), 0x3000); /* ideographic space */
    assert_int_equal(n, 3);
    assert_int_equal(utf8_decode("\xF0\x9F\x98\x80", 4, &n), 0x1F600);
    assert_int_equal(n, 4);
}

static void test_utf8_count_code_points(void **state)
{
    assert_int_equal(utf8_count("", 0), 0);
    assert_int_equal(utf8_count("abc", 3), 3);
    assert_int_equal(utf8_count("caf\xC3\xA9", 5), 4);
    assert_int_equal(utf8_count("\xE2\x82\xAC\xF0\x9F\x98\x80", 7), 2);
    assert_int_equal(utf8_count("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z", 11), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena_alloc_is_max_aligned),
        cmocka_unit_test(test_arena_used_counts_rounded_bytes),
        cmocka_unit_test(test_arena_allocations_do_not_overlap),
        cmocka_unit_test(test_arena_strndup_copies_and_terminates),
        cmocka_unit_test(test_arena_printf_formats),
        cmocka_unit_test(test_arena_big_allocation_beyond_block),
        cmocka_unit_test(test_arena_max_limit_returns_null),
        cmocka_unit_test(test_arena_size_overflow_returns_null),
        cmocka_unit_test(test_buf_append_and_puts),
        cmocka_unit_test(test_buf_grows_past_initial_capacity),
        cmocka_unit_test(test_buf_printf_appends),
        cmocka_unit_test(test_buf_max_is_too_big_and_stays_failed),
        cmocka_unit_test(test_buf_huge_append_is_too_big),
        cmocka_unit_test(test_buf_detach_hands_over_and_resets),
        cmocka_unit_test(test_utf8_valid_ascii_and_multibyte),
        cmocka_unit_test(test_utf8_decode_each_length),
        cmocka_unit_test(test_utf8_rejects_overlong),
        cmocka_unit_test(test_utf8_rejects_surrogates),
        cmocka_unit_test(test_utf8_rejects_beyond_u10ffff),
        cmocka_unit_test(test_utf8_rejects_truncated_and_stray_bytes),
        cmocka_unit_test(test_utf8_rejects_embedded_nul),
        cmocka_unit_test(test_utf8_count_code_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
