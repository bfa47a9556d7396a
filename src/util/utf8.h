/* UTF-8 validation and character counting for untrusted input. */
#ifndef UTIL_UTF8_H
#define UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, no NUL). */
bool utf8_valid(const char *s, size_t len);
/* The code point starting s (valid UTF-8, len > 0); *n is its length in bytes. */
unsigned utf8_decode(const char *s, size_t len, size_t *n);
/* Number of code points in valid UTF-8. */
size_t utf8_count(const char *s, size_t len);

#endif
