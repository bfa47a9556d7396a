/* A growable byte buffer that knows its length and its maximum size
 * (like curl's dynbuf). Once an append fails the buffer stays failed, so a
 * caller can append many times and check once at the end. */
#ifndef UTIL_BUF_H
#define UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

enum buf_err { BUF_OK = 0, BUF_ENOMEM, BUF_ETOOBIG };

struct buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len, cap, max;
    enum buf_err err;
};

void buf_init(struct buf *b, size_t max);
enum buf_err buf_append(struct buf *b, const void *p, size_t n);
enum buf_err buf_puts(struct buf *b, const char *s);
enum buf_err buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the bytes to the caller (free with free()) and resets the buffer. */
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

#endif
