/* A streaming JSON writer: objects, arrays, strings, integers, booleans and
 * null written straight into a struct buf, with the commas and the string
 * escaping done here (kcgi's kjson_*). For responses built in one pass, where
 * a tree of jansson values would cost an allocation per value. It does not
 * parse, and it does not check that keys are unique.
 *
 * Errors stick: once the buffer fails (out of memory, over its maximum) or
 * the writer is misused (nested too deep, a close without an open, a value
 * where a key belongs), every later call does nothing and jsonw_end says so.
 * A caller writes everything and checks once. */
#ifndef UTIL_JSONW_H
#define UTIL_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define JSONW_MAX_DEPTH 31 /* levels of nesting */

struct jsonw {
    struct buf *out;
    unsigned depth;
    uint32_t started; /* bit d: the container at depth d has a member already */
    uint32_t object;  /* bit d: the container at depth d is an object */
    bool keyed;       /* a key was written and its value is due */
    bool misused;
};

/* Starts writing at the end of out, which the caller owns. */
void jsonw_init(struct jsonw *w, struct buf *out);
/* BUF_OK when everything was written and every container closed; the
 * buffer's error, or BUF_ETOOBIG for a misuse, otherwise. */
enum buf_err jsonw_end(const struct jsonw *w);

void jsonw_object(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);
/* A member's name, inside an object; its value is the next call. */
void jsonw_key(struct jsonw *w, const char *key);

/* A string (NULL writes null). Quotes, backslashes and control characters
 * are escaped; valid UTF-8 passes through as it is, and each byte that is
 * not part of a valid UTF-8 sequence becomes U+FFFD, so the output is
 * always valid JSON. */
void jsonw_string(struct jsonw *w, const char *s);
void jsonw_string_len(struct jsonw *w, const char *s, size_t len);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

/* A member: jsonw_key then the value. */
void jsonw_kstring(struct jsonw *w, const char *key, const char *s);
void jsonw_kint(struct jsonw *w, const char *key, int64_t v);
void jsonw_kbool(struct jsonw *w, const char *key, bool v);
void jsonw_knull(struct jsonw *w, const char *key);
void jsonw_kobject(struct jsonw *w, const char *key);
void jsonw_karray(struct jsonw *w, const char *key);

#endif
