/* The grammar of bare URLs and @mentions in plain text, modelled on GitHub's
 * extended autolinks (GFM spec, section 6.9) and its mention rules. Every
 * function here only reads bytes and returns offsets: building links, HTML
 * escaping and deciding which URL schemes are safe to emit belong to the
 * caller (core/markdown.c). Inputs are untrusted, so each search is linear
 * in the length of the text: a failed candidate never makes us rescan bytes
 * we have already walked over. */
#include "core/linkify.h"

#include <stdint.h>
#include <string.h>

/* Characters that, written right before a URL, make it part of a bigger
 * word: "foo.www.x.com" or "a/http://b" are not links. */
#define LK_URL_WORD_PUNCT "@./-+=&%#?"
/* Characters that, written right before '@', make it part of a word: this is
 * what keeps "a@b.com" or "x_@y" from being mentions. */
#define LK_MENTION_WORD_PUNCT "@._"
/* Trailing characters that end a sentence rather than a URL. */
#define LK_URL_TRAILING_PUNCT ".,;:!?'\"*_~"

static bool lk_isalnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static bool lk_in_set(unsigned char c, const char *set)
{
    return memchr(set, c, strlen(set)) != NULL;
}

/* Unicode ranges of spaces and punctuation that separate words even though
 * they are not ASCII: no-break space and Latin-1 signs, general punctuation
 * (dashes, curly quotes), CJK punctuation, fullwidth ASCII punctuation. Every
 * other non-ASCII character counts as a letter, so "josé@x.org" is not a
 * mention. */
static const struct {
    uint32_t lo, hi;
} lk_unicode_separators[] = {
    {0x00A0, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x2000, 0x206F},
    {0x3000, 0x303F}, {0xFEFF, 0xFEFF}, {0xFF01, 0xFF0F}, {0xFF1A, 0xFF20},
};

/* Decodes the UTF-8 character that ends just before s[i] (i > 0). Returns
 * false for malformed sequences, which are then treated as letters. */
static bool lk_decode_before(const char *s, size_t i, uint32_t *cp)
{
    size_t k = 0;
    while (k < 3 && i - k > 1 && ((unsigned char)s[i - 1 - k] & 0xC0) == 0x80)
        k++;
    const unsigned char *p = (const unsigned char *)s + (i - 1 - k);
    size_t need;
    uint32_t v;
    if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        need = 3;
        v = p[0] & 0x07;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        need = 2;
        v = p[0] & 0x0F;
    } else if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        need = 1;
        v = p[0] & 0x1F;
    } else {
        return false;
    }
    if (need != k)
        return false;
    for (size_t j = 1; j <= need; j++)
        v = (v << 6) | (p[j] & 0x3F);
    *cp = v;
    return true;
}

/* True when a URL or mention may start at s[i]: at the start of the text or
 * right after a character that separates words. ASCII letters, digits and
 * the characters in `word_punct` join words. */
static bool lk_boundary_before(const char *s, size_t i, const char *word_punct)
{
    if (i == 0)
        return true;
    unsigned char c = (unsigned char)s[i - 1];
    if (c < 0x80)
        return !lk_isalnum(c) && !lk_in_set(c, word_punct);
    uint32_t cp;
    if (!lk_decode_before(s, i, &cp))
        return false;
    for (size_t r = 0; r < sizeof lk_unicode_separators / sizeof lk_unicode_separators[0]; r++) {
        if (cp >= lk_unicode_separators[r].lo && cp <= lk_unicode_separators[r].hi)
            return true;
    }
    return false;
}

static bool lk_has_prefix_ci(const char *s, size_t len, size_t i, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len - i < n)
        return false;
    for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)s[i + k];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c | 0x20);
        if (c != (unsigned char)prefix[k])
            return false;
    }
    return true;
}

/* Bytes >= 0x80 are allowed so that internationalised domains link. */
static bool lk_is_domain_char(unsigned char c)
{
    return lk_isalnum(c) || c == '-' || c == '_' || c == '.' || c >= 0x80;
}

/* A URL runs until whitespace, a control character or '<' (GFM). */
static bool lk_ends_url(unsigned char c)
{
    return c <= ' ' || c == 0x7F || c == '<';
}

/* Checks the host s[ds..de): dot-separated labels, none empty, each starting
 * with a letter or digit, no '_' in the last two labels (GFM), a trailing
 * root dot ignored. A www. host needs a label after "www". */
static bool lk_domain_ok(const char *s, size_t ds, size_t de, enum linkify_url kind)
{
    while (de > ds && s[de - 1] == '.')
        de--;
    if (de == ds)
        return false;
    size_t labels = 0, label_len = 0;
    bool us_label = false, us_last = false, us_prev = false;
    for (size_t k = ds; k <= de; k++) {
        if (k == de || s[k] == '.') {
            if (label_len == 0)
                return false;
            us_prev = us_last;
            us_last = us_label;
            us_label = false;
            label_len = 0;
            labels++;
            continue;
        }
        unsigned char c = (unsigned char)s[k];
        if (label_len == 0 && !lk_isalnum(c) && c < 0x80)
            return false;
        if (c == '_')
            us_label = true;
        label_len++;
    }
    if (us_last || us_prev)
        return false;
    return kind != LINKIFY_URL_WWW || labels >= 2;
}

/* Drops trailing punctuation and unbalanced closing parens from s[lo..e),
 * so "(see https://x.org/a)." links "https://x.org/a" while
 * "https://en.wikipedia.org/wiki/Foo_(bar)" keeps its ')'. */
static size_t lk_trim_url(const char *s, size_t lo, size_t e)
{
    size_t opens = 0, closes = 0;
    for (size_t k = lo; k < e; k++) {
        if (s[k] == '(')
            opens++;
        else if (s[k] == ')')
            closes++;
    }
    while (e > lo) {
        unsigned char c = (unsigned char)s[e - 1];
        if (lk_in_set(c, LK_URL_TRAILING_PUNCT)) {
            e--;
        } else if (c == ')' && closes > opens) {
            closes--;
            e--;
        } else {
            break;
        }
    }
    return e;
}

enum linkify_url linkify_find_url(const char *s, size_t len, size_t from, size_t *start,
                                  size_t *end)
{
    size_t i = from;
    while (i < len) {
        unsigned char c = (unsigned char)(s[i] | 0x20);
        enum linkify_url kind;
        size_t ds;
        if (c == 'h' && lk_has_prefix_ci(s, len, i, "https://")) {
            kind = LINKIFY_URL_HTTP;
            ds = i + 8;
        } else if (c == 'h' && lk_has_prefix_ci(s, len, i, "http://")) {
            kind = LINKIFY_URL_HTTP;
            ds = i + 7;
        } else if (c == 'w' && lk_has_prefix_ci(s, len, i, "www.")) {
            kind = LINKIFY_URL_WWW;
            ds = i; /* "www." is part of the host */
        } else {
            i++;
            continue;
        }
        if (!lk_boundary_before(s, i, LK_URL_WORD_PUNCT)) {
            i++;
            continue;
        }

        size_t de = ds;
        while (de < len && lk_is_domain_char((unsigned char)s[de]))
            de++;
        /* Check the host before walking the path: the path may be long and a
         * rejected candidate must not cost more than the bytes it covers.
         * Trailing '.' and '_' may yet be trimmed as punctuation, so the
         * first check ignores them and the final one below is exact. */
        size_t de_loose = de;
        while (de_loose > ds && (s[de_loose - 1] == '.' || s[de_loose - 1] == '_'))
            de_loose--;
        if (!lk_domain_ok(s, ds, de_loose, kind)) {
            i = de > i ? de : i + 1;
            continue;
        }

        size_t pe = de;
        while (pe < len && !lk_ends_url((unsigned char)s[pe]))
            pe++;
        size_t e = lk_trim_url(s, ds, pe);
        if (e - i > LINKIFY_MAX_URL || !lk_domain_ok(s, ds, e < de ? e : de, kind)) {
            i = pe; /* pe > i: the host check above saw at least one byte */
            continue;
        }
        *start = i;
        *end = e;
        return kind;
    }
    return LINKIFY_URL_NONE;
}

static bool lk_is_login_char(unsigned char c)
{
    return lk_isalnum(c) || c == '.' || c == '_' || c == '-';
}

bool linkify_find_mention(const char *s, size_t len, size_t from, size_t *at, size_t *end)
{
    size_t i = from;
    while (i < len) {
        const char *p = memchr(s + i, '@', len - i);
        if (p == NULL)
            return false;
        size_t a = (size_t)(p - s);
        size_t j = a + 1;
        while (j < len && lk_is_login_char((unsigned char)s[j]))
            j++;
        /* "@ann@school.org" is an address, not a mention of ann. */
        bool address = j < len && s[j] == '@';
        if (!address && lk_boundary_before(s, a, LK_MENTION_WORD_PUNCT)) {
            size_t e = j;
            while (e > a + 1 && (s[e - 1] == '.' || s[e - 1] == '-'))
                e--;
            size_t n = e - (a + 1);
            if (n >= LINKIFY_LOGIN_MIN && n <= LINKIFY_LOGIN_MAX &&
                lk_isalnum((unsigned char)s[a + 1])) {
                *at = a;
                *end = e;
                return true;
            }
        }
        i = j; /* the login run holds no '@', so nothing in it can start a mention */
    }
    return false;
}
