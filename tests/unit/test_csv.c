/* Unit tests for the CSV reader (util/csv): RFC 4180 quoting, line ends,
 * the BOM, header mapping, positions and bounds. Input is written to a
 * temporary file, NUL bytes included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/csv.h"

struct mem {
    FILE *f;
    struct csv *c;
};

static struct mem open_text(const char *text, size_t len, const struct csv_limits *lim)
{
    struct mem m;
    m.f = tmpfile();
    assert_non_null(m.f);
    assert_int_equal(fwrite(text, 1, len, m.f), len);
    rewind(m.f);
    m.c = csv_open(m.f, lim);
    assert_non_null(m.c);
    return m;
}

#define OPEN(text) open_text((text), sizeof(text) - 1, NULL)

static void close_mem(struct mem *m)
{
    csv_close(m->c);
    fclose(m->f);
}

static void test_plain_fields_and_lf(void **state)
{
    (void)state;
    struct mem m = OPEN("a,b,c\n1,,3\n");
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_int_equal(csv_count(m.c), 3);
    assert_string_equal(csv_field(m.c, 2, NULL), "c");
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_string_equal(csv_field(m.c, 0, NULL), "1");
    assert_string_equal(csv_field(m.c, 1, NULL), "");
    assert_string_equal(csv_field(m.c, 2, NULL), "3");
    assert_int_equal(csv_line(m.c), 2);
    assert_int_equal(csv_next(m.c), CSV_EOF);
    close_mem(&m);
}

static void test_quotes_doubled_quotes_and_embedded_newlines(void **state)
{
    (void)state;
    struct mem m = OPEN("\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nnext,row,here\r\n");
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_string_equal(csv_field(m.c, 0, NULL), "x, y");
    assert_string_equal(csv_field(m.c, 1, NULL), "say \"hi\"");
    assert_string_equal(csv_field(m.c, 2, NULL), "two\nlines");
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_string_equal(csv_field(m.c, 0, NULL), "next");
    assert_int_equal(csv_line(m.c), 3); /* the quoted newline took a line */
    assert_int_equal(csv_next(m.c), CSV_EOF);
    close_mem(&m);
}

static void test_crlf_blank_lines_and_no_final_newline(void **state)
{
    (void)state;
    struct mem m = OPEN("a,b\r\n\r\n\nc,d");
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_string_equal(csv_field(m.c, 1, NULL), "b");
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_string_equal(csv_field(m.c, 0, NULL), "c");
    assert_string_equal(csv_field(m.c, 1, NULL), "d");
    assert_int_equal(csv_line(m.c), 4);
    assert_int_equal(csv_next(m.c), CSV_EOF);
    close_mem(&m);
}

static void test_bom_is_dropped_and_header_maps_by_name(void **state)
{
    (void)state;
    struct mem m = OPEN("\xEF\xBB\xBF"
                        "sourcedId, givenName ,familyName\nid1,Ann,Lee\n");
    assert_int_equal(csv_read_header(m.c), CSV_OK);
    assert_int_equal(csv_column(m.c, "sourcedId"), 0);
    assert_int_equal(csv_column(m.c, "GIVENNAME"), 1);
    assert_int_equal(csv_column(m.c, "familyName"), 2);
    assert_int_equal(csv_column(m.c, "missing"), -1);
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_string_equal(csv_field(m.c, csv_column(m.c, "familyName"), NULL), "Lee");
    assert_int_equal(csv_field_col(m.c, 1), 5);
    close_mem(&m);
}

static void test_a_file_that_only_starts_like_a_bom_is_kept(void **state)
{
    (void)state;
    struct mem m = OPEN("\xEF\xBBx,y\n");
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_string_equal(csv_field(m.c, 0, NULL), "\xEF\xBBx");
    close_mem(&m);
}

static void test_missing_fields_read_as_empty(void **state)
{
    (void)state;
    struct mem m = OPEN("a\n");
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_string_equal(csv_field(m.c, 5, NULL), "");
    assert_string_equal(csv_field(m.c, -1, NULL), "");
    close_mem(&m);
}

static void test_a_bare_quote_is_refused_where_it_is(void **state)
{
    (void)state;
    struct mem m = OPEN("a,b\nok,ba\"d\n");
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_int_equal(csv_next(m.c), CSV_EQUOTE);
    assert_int_equal(csv_err_line(m.c), 2);
    assert_int_equal(csv_err_col(m.c), 6);
    close_mem(&m);
}

static void test_text_after_a_closing_quote_is_refused(void **state)
{
    (void)state;
    struct mem m = OPEN("\"a\"b,c\n");
    assert_int_equal(csv_next(m.c), CSV_EAFTER_QUOTE);
    assert_int_equal(csv_err_line(m.c), 1);
    assert_int_equal(csv_err_col(m.c), 4);
    close_mem(&m);
}

static void test_an_unterminated_quote_points_at_its_start(void **state)
{
    (void)state;
    struct mem m = OPEN("a,b\nx,\"open\nstill open\n");
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_int_equal(csv_next(m.c), CSV_EUNTERMINATED);
    assert_int_equal(csv_err_line(m.c), 2);
    assert_int_equal(csv_err_col(m.c), 3);
    close_mem(&m);
}

static void test_nul_bytes_are_refused(void **state)
{
    (void)state;
    static const char text[] = "a,b\0"
                               "c\n";
    struct mem m = open_text(text, sizeof text - 1, NULL);
    assert_int_equal(csv_next(m.c), CSV_ENUL);
    assert_int_equal(csv_err_col(m.c), 4);
    close_mem(&m);
}

static void test_field_record_and_count_bounds(void **state)
{
    (void)state;
    struct csv_limits lim = {.max_field = 4, .max_record = 12, .max_fields = 3};
    static const char big_field[] = "abcd,abcde\n";
    struct mem m = open_text(big_field, sizeof big_field - 1, &lim);
    assert_int_equal(csv_next(m.c), CSV_EFIELD_TOO_BIG);
    assert_int_equal(csv_err_col(m.c), 6);
    close_mem(&m);

    static const char many[] = "a,b,c,d\n";
    m = open_text(many, sizeof many - 1, &lim);
    assert_int_equal(csv_next(m.c), CSV_ETOO_MANY_FIELDS);
    assert_int_equal(csv_err_col(m.c), 7);
    close_mem(&m);

    static const char long_rec[] = "abcd,abcd,abcd\n";
    m = open_text(long_rec, sizeof long_rec - 1, &lim);
    assert_int_equal(csv_next(m.c), CSV_ERECORD_TOO_BIG);
    close_mem(&m);
}

static void test_offset_counts_bytes_for_progress(void **state)
{
    (void)state;
    struct mem m = OPEN("ab,c\r\nd\n");
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_int_equal(csv_offset(m.c), 6);
    assert_int_equal(csv_next(m.c), CSV_OK);
    assert_int_equal(csv_offset(m.c), 8);
    close_mem(&m);
}

static void test_every_error_has_expected_text(void **state)
{
    (void)state;
    for (int e = CSV_EQUOTE; e < CSV_ERR__MAX; e++)
        assert_true(strlen(csv_err_str((enum csv_err)e)) > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_fields_and_lf),
        cmocka_unit_test(test_quotes_doubled_quotes_and_embedded_newlines),
        cmocka_unit_test(test_crlf_blank_lines_and_no_final_newline),
        cmocka_unit_test(test_bom_is_dropped_and_header_maps_by_name),
        cmocka_unit_test(test_a_file_that_only_starts_like_a_bom_is_kept),
        cmocka_unit_test(test_missing_fields_read_as_empty),
        cmocka_unit_test(test_a_bare_quote_is_refused_where_it_is),
        cmocka_unit_test(test_text_after_a_closing_quote_is_refused),
        cmocka_unit_test(test_an_unterminated_quote_points_at_its_start),
        cmocka_unit_test(test_nul_bytes_are_refused),
        cmocka_unit_test(test_field_record_and_count_bounds),
        cmocka_unit_test(test_offset_counts_bytes_for_progress),
        cmocka_unit_test(test_every_error_has_expected_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
