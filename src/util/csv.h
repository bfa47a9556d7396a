/* An RFC 4180 CSV reader for untrusted files: quoted fields with doubled
 * quotes, CRLF or LF line ends, newlines inside quotes, a leading UTF-8 BOM,
 * a header row mapped by name, and bounds on field, record and field-count
 * sizes. It tracks the physical line and column of every field so that a
 * caller can say exactly where a file is wrong. It knows nothing of what the
 * columns mean; core/roster does. */
#ifndef UTIL_CSV_H
#define UTIL_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum csv_err {
    CSV_OK = 0,
    CSV_EOF, /* no more records (not an error) */
    CSV_ENOMEM,
    CSV_EIO,             /* reading the file failed */
    CSV_EQUOTE,          /* a quote inside an unquoted field */
    CSV_EAFTER_QUOTE,    /* something other than , or a line end after a closing quote */
    CSV_EUNTERMINATED,   /* the file ended inside a quoted field */
    CSV_ENUL,            /* a NUL byte */
    CSV_EFIELD_TOO_BIG,  /* a field longer than max_field bytes */
    CSV_ERECORD_TOO_BIG, /* a record longer than max_record bytes */
    CSV_ETOO_MANY_FIELDS,
    CSV_ERR__MAX
};
/* What went wrong, as "expected ..." text for an error message. */
const char *csv_err_str(enum csv_err e);

struct csv_limits {
    size_t max_field;  /* bytes; 0 = 4 KiB */
    size_t max_record; /* bytes; 0 = 64 KiB */
    size_t max_fields; /* per record; 0 = 256 */
};

struct csv;

/* Reads from f, which stays the caller's. NULL when out of memory. */
struct csv *csv_open(FILE *f, const struct csv_limits *lim);
void csv_close(struct csv *c);

/* Reads the next record. Blank lines are skipped. On an error the position
 * (csv_err_line, csv_err_col) says where. */
enum csv_err csv_next(struct csv *c);

/* Reads the first record as the header row (a UTF-8 BOM before it dropped). */
enum csv_err csv_read_header(struct csv *c);
/* The index of the header column named name (ASCII case-insensitive,
 * surrounding blanks ignored), or -1. */
int csv_column(const struct csv *c, const char *name);
size_t csv_header_count(const struct csv *c);
const char *csv_header_name(const struct csv *c, size_t i);

/* The current record's fields: NUL-terminated, valid until the next call. */
size_t csv_count(const struct csv *c);
/* Field i ("" when the record has fewer fields); *len (if non-NULL) its length. */
const char *csv_field(const struct csv *c, int i, size_t *len);
/* Where the current record starts, and where field i starts (1-based). */
uint64_t csv_line(const struct csv *c);
uint64_t csv_field_line(const struct csv *c, int i);
uint64_t csv_field_col(const struct csv *c, int i);
/* Where the last error was found (1-based line and byte column). */
uint64_t csv_err_line(const struct csv *c);
uint64_t csv_err_col(const struct csv *c);
/* Bytes consumed so far, for progress. */
uint64_t csv_offset(const struct csv *c);

#endif
