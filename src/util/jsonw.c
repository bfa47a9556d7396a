/* The streaming JSON writer (see jsonw.h). Owns nothing but its position in
 * the nesting; the bytes go to the caller's buffer. Escapes strings as
 * jansson does with its default flags, so a response reads byte for byte as
 * it did when jansson wrote it (member order aside). */
#include "util/jsonw.h"

#include <stdint.h>
#include <string.h>

void jsonw_init(struct jsonw *w, struct buf *out)
{
    *w = (struct jsonw){.out = out};
}

enum buf_err jsonw_end(const struct jsonw *w)
{
    if (w->out->err)
        return w->out->err;
    return w->misused || w->depth || w->keyed ? BUF_ETOOBIG : BUF_OK;
}

/* Appends n bytes: in place when they fit (the common case, a few bytes at
 * a time), through buf_append (growth, bounds, errors) when they do not. */
static inline void put(struct buf *b, const void *p, size_t n)
{
    if (!b->err && b->cap - b->len > n && b->max - b->len >= n) {
        memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = '\0';
    } else {
        buf_append(b, p, n);
    }
}

static bool failed(const struct jsonw *w)
{
    return w->misused || w->out->err;
}

static bool in_object(const struct jsonw *w)
{
    return w->depth && (w->object >> w->depth & 1u);
}

/* Before a value: the comma after the previous member, unless a key has
 * just been written. False (and the writer misused) when a value stands
 * where an object wants a key. */
static bool value_start(struct jsonw *w)
{
    if (failed(w))
        return false;
    if (w->keyed) {
        w->keyed = false;
        return true;
    }
    if (in_object(w)) {
        w->misused = true;
        return false;
    }
    if (w->depth) {
        if (w->started >> w->depth & 1u)
            put(w->out, ",", 1);
        w->started |= 1u << w->depth;
    }
    return true;
}

static void container_open(struct jsonw *w, char c, bool object)
{
    if (!value_start(w))
        return;
    if (w->depth == JSONW_MAX_DEPTH) {
        w->misused = true;
        return;
    }
    w->depth++;
    w->started &= ~(1u << w->depth);
    if (object)
        w->object |= 1u << w->depth;
    else
        w->object &= ~(1u << w->depth);
    put(w->out, &c, 1);
}

static void container_close(struct jsonw *w, char c, bool object)
{
    if (failed(w))
        return;
    if (!w->depth || w->keyed || in_object(w) != object) {
        w->misused = true;
        return;
    }
    w->depth--;
    put(w->out, &c, 1);
}

void jsonw_object(struct jsonw *w)
{
    container_open(w, '{', true);
}

void jsonw_object_end(struct jsonw *w)
{
    container_close(w, '}', true);
}

void jsonw_array(struct jsonw *w)
{
    container_open(w, '[', false);
}

void jsonw_array_end(struct jsonw *w)
{
    container_close(w, ']', false);
}

/* The length of the valid UTF-8 sequence at s[0..len) (s[0] >= 0x80), or 0
 * when it is not one: overlong, a surrogate, beyond U+10FFFF, cut short. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
    unsigned c = s[0], min;
    size_t n;
    if ((c & 0xE0) == 0xC0)
        n = 2, min = 0x80, c &= 0x1F;
    else if ((c & 0xF0) == 0xE0)
        n = 3, min = 0x800, c &= 0x0F;
    else if ((c & 0xF8) == 0xF0)
        n = 4, min = 0x10000, c &= 0x07;
    else
        return 0;
    if (len < n)
        return 0;
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[k] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    return n;
}

/* The bytes a JSON string holds as they are: printable ASCII but the quote
 * and the backslash. The others are escaped or, from 0x80, checked. */
static const unsigned char plain[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x30 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x40 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x60 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x70 */
};

/* The length of the run of plain bytes at the start of s[0..len). Eight
 * bytes at a time while none of them is a control character, a quote, a
 * backslash or from 0x80 (each test is exact for the word as a whole:
 * a byte that is zero after subtracting and not before is one that was
 * below the bound); the rest, and the word that has one, byte by byte. */
static size_t plain_run(const unsigned char *s, size_t len)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;
    for (; len - i >= 8; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t q = x ^ (ones * '"'), bs = x ^ (ones * '\\');
        uint64_t odd = ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((bs - ones) & ~bs) | x;
        if (odd & highs)
            break;
    }
    while (i < len && plain[s[i]])
        i++;
    return i;
}

/* Writes s[0..len) quoted: runs of bytes that need nothing are appended
 * whole, the rest one escape at a time. */
static void quoted(struct buf *b, const char *str, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s = (const unsigned char *)str;
    size_t run = 0, i = 0;
    put(b, "\"", 1);
    while (i < len) {
        i += plain_run(s + i, len - i);
        if (i == len)
            break;
        unsigned c = s[i];
        size_t n;
        if (c >= 0x80 && (n = utf8_seq(s + i, len - i)) != 0) {
            i += n;
            continue;
        }
        put(b, s + run, i - run);
        char esc[6] = {'\\', 0};
        size_t k = 2;
        switch (c) {
        case '"':
        case '\\':
            esc[1] = (char)c;
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            if (c < 0x20) {
                memcpy(esc + 1, "u00", 3);
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                k = 6;
            } else { /* a byte outside any valid sequence: U+FFFD */
                memcpy(esc, "\xEF\xBF\xBD", 3);
                k = 3;
            }
        }
        put(b, esc, k);
        i++;
        run = i;
    }
    put(b, s + run, i - run);
    put(b, "\"", 1);
}

void jsonw_key(struct jsonw *w, const char *key)
{
    if (failed(w))
        return;
    if (!in_object(w) || w->keyed) {
        w->misused = true;
        return;
    }
    bool comma = w->started >> w->depth & 1u;
    w->started |= 1u << w->depth;
    w->keyed = true;
    size_t len = strlen(key);
    struct buf *b = w->out;
    /* A key is nearly always plain and the buffer nearly always has room:
     * then ,"key": goes in with one copy. */
    size_t need = comma + len + 3;
    if (!b->err && b->cap - b->len > need && b->max - b->len >= need &&
        plain_run((const unsigned char *)key, len) == len) {
        char *d = b->data + b->len;
        if (comma)
            *d++ = ',';
        *d++ = '"';
        memcpy(d, key, len);
        d += len;
        *d++ = '"';
        *d++ = ':';
        *d = '\0';
        b->len += need;
        return;
    }
    if (comma)
        put(b, ",", 1);
    quoted(b, key, len);
    put(b, ":", 1);
}

void jsonw_string_len(struct jsonw *w, const char *s, size_t len)
{
    if (!s) {
        jsonw_null(w);
        return;
    }
    if (value_start(w))
        quoted(w->out, s, len);
}

void jsonw_string(struct jsonw *w, const char *s)
{
    jsonw_string_len(w, s, s ? strlen(s) : 0);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
    if (!value_start(w))
        return;
    char d[24];
    size_t i = sizeof d;
    /* Through the unsigned magnitude, so that INT64_MIN negates safely. */
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        d[--i] = '-';
    put(w->out, d + i, sizeof d - i);
}

void jsonw_bool(struct jsonw *w, bool v)
{
    if (value_start(w))
        put(w->out, v ? "true" : "false", v ? 4 : 5);
}

void jsonw_null(struct jsonw *w)
{
    if (value_start(w))
        put(w->out, "null", 4);
}

void jsonw_kstring(struct jsonw *w, const char *key, const char *s)
{
    jsonw_key(w, key);
    jsonw_string(w, s);
}

void jsonw_kint(struct jsonw *w, const char *key, int64_t v)
{
    jsonw_key(w, key);
    jsonw_int(w, v);
}

void jsonw_kbool(struct jsonw *w, const char *key, bool v)
{
    jsonw_key(w, key);
    jsonw_bool(w, v);
}

void jsonw_knull(struct jsonw *w, const char *key)
{
    jsonw_key(w, key);
    jsonw_null(w);
}

void jsonw_kobject(struct jsonw *w, const char *key)
{
    jsonw_key(w, key);
    jsonw_object(w);
}

void jsonw_karray(struct jsonw *w, const char *key)
{
    jsonw_key(w, key);
    jsonw_array(w);
}
