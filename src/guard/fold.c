/* Folding for the privacy guard (see fold.h). One pass over the input, one
 * output byte at most per input byte, so the output and the offset map are
 * sized once. Latin letters with diacritics fold through two small tables
 * generated from Unicode's canonical decompositions (plus the letters that
 * have none: ø, ł, đ, ß, æ, œ, þ...); other scripts are kept verbatim, so
 * they still form words and word boundaries, but are not case-folded. */
#include "guard/fold.h"

#include <stdlib.h>
#include <string.h>

/* Two bytes per code point: the folded letter(s), space-padded; ".." means
 * "a letter with no fold", kept verbatim. */
static const char latin_fold[] = "a a a a a a aec e e e e i i i i " /* U+00C0 */
                                 "d n o o o o o ..o u u u u y thss" /* U+00D0 */
                                 "a a a a a a aec e e e e i i i i " /* U+00E0 */
                                 "d n o o o o o ..o u u u u y thy " /* U+00F0 */
                                 "a a a a a a c c c c c c c c d d " /* U+0100 */
                                 "d d e e e e e e e e e e g g g g " /* U+0110 */
                                 "g g g g h h h h i i i i i i i i " /* U+0120 */
                                 "i i ijijj j k k k l l l l l l l " /* U+0130 */
                                 "l l l n n n n n n n n n o o o o " /* U+0140 */
                                 "o o oeoer r r r r r s s s s s s " /* U+0150 */
                                 "s s t t t t t t u u u u u u u u " /* U+0160 */
                                 "u u u u w w y y y z z z z z z s " /* U+0170 */
                                 "b b ..........c c d d d d ..e .." /* U+0180 */
                                 "e f f g g ..i i k k l ..m n n o " /* U+0190 */
                                 "o o ....p p r ....s ..t t t t u " /* U+01A0 */
                                 "u u v y y z z z z z ............" /* U+01B0 */
                                 "........dzdzdzljljljnjnjnja a i " /* U+01C0 */
                                 "i o o u u u u u u u u u u ..a a " /* U+01D0 */
                                 "a a ....g g g g k k o o o o z z " /* U+01E0 */
                                 "j dzdzdzg g ....n n a a ........" /* U+01F0 */
                                 "a a a a e e e e i i i i o o o o " /* U+0200 */
                                 "r r r r u u u u s s t t y y h h " /* U+0210 */
                                 "..d ououz z a a e e o o o o o o " /* U+0220 */
                                 "o o y y l n t j dbqpa c c l t .." /* U+0230 */
                                 "......b ....e e j j ....r r y y " /* U+0240 */;

/* Latin Extended Additional: Vietnamese (Nguyễn, Trần, Phạm) lives here. */
static const char latin_ext_add_fold[] = "a a b b b b b b c c d d d d d d " /* U+1E00 */
                                         "d d d d e e e e e e e e e e f f " /* U+1E10 */
                                         "g g h h h h h h h h h h i i i i " /* U+1E20 */
                                         "k k k k k k l l l l l l l l m m " /* U+1E30 */
                                         "m m m m n n n n n n n n o o o o " /* U+1E40 */
                                         "o o o o p p p p r r r r r r r r " /* U+1E50 */
                                         "s s s s s s s s s s t t t t t t " /* U+1E60 */
                                         "t t u u u u u u u u u u v v v v " /* U+1E70 */
                                         "w w w w w w w w w w x x x x y y " /* U+1E80 */
                                         "z z z z z z h t w y ........ss.." /* U+1E90 */
                                         "a a a a a a a a a a a a a a a a " /* U+1EA0 */
                                         "a a a a a a a a e e e e e e e e " /* U+1EB0 */
                                         "e e e e e e e e i i i i o o o o " /* U+1EC0 */
                                         "o o o o o o o o o o o o o o o o " /* U+1ED0 */
                                         "o o o o u u u u u u u u u u u u " /* U+1EE0 */
                                         "u u y y y y y y y y ............" /* U+1EF0 */;

enum fold_class {
    FC_WORD,  /* copy verbatim */
    FC_FOLD,  /* replace by the folded letters in out[] */
    FC_DROP,  /* invisible: combining marks, soft hyphen, zero-width characters */
    FC_SPACE, /* a word separator */
    FC_COMMA,
    FC_STOP,
    FC_APOS, /* apostrophe: joins "O'Brien", splits "Lopez's" */
};

struct folder {
    const unsigned char *s;
    size_t len;
    struct guard_fold *f;
    size_t n;        /* bytes written */
    char sep;        /* pending separator, 0 if none */
    uint32_t sep_at; /* its original offset */
    size_t word_len; /* length of the word being written (for initials) */
    char out[2];     /* folded letters of the current code point */
    size_t out_len;
};

#define BAD_CP 0xFFFFFFFFu

/* Decodes the code point at s[i]; *n is its length. A malformed sequence is
 * BAD_CP of length 1. */
static uint32_t decode(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    unsigned c = s[i];
    size_t k = c < 0x80             ? 0
               : (c & 0xE0) == 0xC0 ? 1
               : (c & 0xF0) == 0xE0 ? 2
               : (c & 0xF8) == 0xF0 ? 3
                                    : 4;
    *n = 1;
    if (k == 0)
        return c;
    if (k == 4 || len - i <= k)
        return BAD_CP;
    uint32_t cp = c & (0x3F >> k);
    for (size_t j = 1; j <= k; j++) {
        if ((s[i + j] & 0xC0) != 0x80)
            return BAD_CP;
        cp = (cp << 6) | (s[i + j] & 0x3F);
    }
    *n = k + 1;
    return cp;
}

static enum fold_class from_table(struct folder *w, const char *table, uint32_t index)
{
    const char *e = table + 2 * index;
    if (e[0] == '.')
        return FC_WORD;
    w->out[0] = e[0];
    w->out[1] = e[1];
    w->out_len = e[1] == ' ' ? 1 : 2;
    return FC_FOLD;
}

static enum fold_class fold_one_letter(struct folder *w, char c)
{
    w->out[0] = c;
    w->out_len = 1;
    return FC_FOLD;
}

static enum fold_class classify_ascii(struct folder *w, uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return fold_one_letter(w, (char)(cp + 32));
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
        return FC_WORD;
    switch (cp) {
    case '\'':
    case '`':
        return FC_APOS;
    case ',':
        return FC_COMMA;
    case '.':
    case '!':
    case '?':
    case ';':
    case ':':
        return FC_STOP;
    default:
        return FC_SPACE;
    }
}

static enum fold_class classify_punct(uint32_t cp)
{
    if (cp >= 0x200B && cp <= 0x200D)
        return FC_DROP;
    if (cp == 0x2060)
        return FC_DROP;
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032)
        return FC_APOS;
    if (cp == 0x2026)
        return FC_STOP;
    return FC_SPACE;
}

/* Class of one code point; for FC_FOLD the letters are left in w->out. */
static enum fold_class classify(struct folder *w, uint32_t cp)
{
    if (cp < 0x80)
        return classify_ascii(w, cp);
    if (cp == BAD_CP)
        return FC_SPACE;
    if (cp < 0xC0) {
        if (cp == 0xAD)
            return FC_DROP;
        if (cp == 0xB4)
            return FC_APOS;
        if (cp == 0xAA || cp == 0xBA)
            return fold_one_letter(w, cp == 0xAA ? 'a' : 'o');
        return FC_SPACE;
    }
    if (cp == 0xD7 || cp == 0xF7)
        return FC_SPACE;
    if (cp < 0x250)
        return from_table(w, latin_fold, cp - 0xC0);
    if (cp == 0x2B9 || (cp >= 0x2BB && cp <= 0x2BD))
        return FC_APOS;
    if ((cp >= 0x2C6 && cp <= 0x2DF) || (cp >= 0x300 && cp <= 0x36F))
        return FC_DROP;
    if (cp >= 0x1AB0 && cp <= 0x1AFF)
        return FC_DROP;
    if (cp >= 0x1E00 && cp <= 0x1EFF)
        return from_table(w, latin_ext_add_fold, cp - 0x1E00);
    if (cp >= 0x2000 && cp <= 0x206F)
        return classify_punct(cp);
    if (cp >= 0x20D0 && cp <= 0x20FF)
        return FC_DROP;
    if (cp >= 0x2190 && cp <= 0x2BFF)
        return FC_SPACE;
    if (cp >= 0x3000 && cp <= 0x303F)
        return cp == 0x3002 ? FC_STOP : FC_SPACE;
    if ((cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF)
        return FC_DROP;
    if (cp >= 0xFF21 && cp <= 0xFF3A)
        return fold_one_letter(w, (char)('a' + (cp - 0xFF21)));
    if (cp >= 0xFF41 && cp <= 0xFF5A)
        return fold_one_letter(w, (char)('a' + (cp - 0xFF41)));
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return fold_one_letter(w, (char)('0' + (cp - 0xFF10)));
    if (cp >= 0xFF00 && cp <= 0xFFEF)
        return FC_SPACE;
    if (cp >= 0x1F000 && cp <= 0x1FAFF)
        return FC_SPACE;
    return FC_WORD;
}

static void put(struct folder *w, char c, uint32_t at)
{
    w->f->text[w->n] = c;
    w->f->map[w->n] = at;
    w->n++;
}

/* Writes word bytes, first flushing a pending separator (never a leading one). */
static void put_word(struct folder *w, const char *p, size_t n, uint32_t at)
{
    if (w->sep) {
        if (w->n > 0)
            put(w, w->sep, w->sep_at);
        w->sep = 0;
        w->word_len = 0;
    }
    for (size_t i = 0; i < n; i++)
        put(w, p[i], at);
    w->word_len += n;
}

static int sep_rank(char c)
{
    return c == GUARD_SEP_STOP ? 3 : c == GUARD_SEP_COMMA ? 2 : c == GUARD_SEP_SPACE ? 1 : 0;
}

/* A run of separators becomes one: the strongest of them, at the first's offset. */
static void put_sep(struct folder *w, char c, uint32_t at)
{
    if (!w->sep)
        w->sep_at = at;
    if (sep_rank(c) > sep_rank(w->sep))
        w->sep = c;
}

static bool orig_is_word(const unsigned char *s, size_t len, size_t i)
{
    if (i >= len)
        return false;
    unsigned c = s[i];
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* An apostrophe after a word: "Lopez's" splits (possessive), "O'Brien" joins,
 * anything else separates. i is the offset just after the apostrophe. */
static void put_apostrophe(struct folder *w, size_t at, size_t i)
{
    bool after_word = w->sep == 0 && w->word_len > 0;
    bool possessive = i < w->len && (w->s[i] | 0x20) == 's' && !orig_is_word(w->s, w->len, i + 1);
    if (after_word && !possessive && orig_is_word(w->s, w->len, i))
        return;
    put_sep(w, GUARD_SEP_SPACE, (uint32_t)at);
}

static bool reserve(struct guard_fold *f, size_t need)
{
    if (need <= f->cap)
        return true;
    char *t = realloc(f->text, need);
    if (!t)
        return false;
    f->text = t;
    uint32_t *m = realloc(f->map, need * sizeof *m);
    if (!m)
        return false;
    f->map = m;
    f->cap = need;
    return true;
}

/* A period that does not end a sentence: after an initial ("J. Lopez") or
 * an abbreviation written in names ("St. Clair", "Mrs. Lopez", "Jr."). */
static bool period_in_name(const struct folder *w, uint32_t cp)
{
    static const char *const abbr[] = {"st", "mr", "mrs", "ms", "dr", "jr", "sr"};
    if (cp != '.' || w->sep != 0 || w->word_len == 0 || w->word_len > 3)
        return false;
    if (w->word_len == 1)
        return true;
    const char *end = w->f->text + w->n;
    for (size_t k = 0; k < sizeof abbr / sizeof abbr[0]; k++) {
        size_t n = strlen(abbr[k]);
        if (n == w->word_len && memcmp(end - n, abbr[k], n) == 0)
            return true;
    }
    return false;
}

static bool ascii_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

/* The common case, a run of ASCII letters and digits, copied in one loop;
 * returns the offset after the run. */
static size_t put_ascii_run(struct folder *w, size_t i)
{
    put_word(w, "", 0, (uint32_t)i); /* flushes a pending separator */
    char *t = w->f->text;
    uint32_t *map = w->f->map;
    size_t n = w->n, start = i;
    for (; i < w->len && ascii_word(w->s[i]); i++, n++) {
        unsigned char c = w->s[i];
        t[n] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
        map[n] = (uint32_t)i;
    }
    w->n = n;
    w->word_len += i - start;
    return i;
}

bool guard_fold_text(struct guard_fold *f, const char *s, size_t len)
{
    if (len >= UINT32_MAX || !reserve(f, len + 1))
        return false;
    struct folder w = {.s = (const unsigned char *)s, .len = len, .f = f};
    size_t i = 0;
    while (i < len) {
        if (ascii_word(w.s[i])) {
            i = put_ascii_run(&w, i);
            continue;
        }
        size_t n;
        uint32_t cp = decode(w.s, len, i, &n);
        switch (classify(&w, cp)) {
        case FC_WORD:
            put_word(&w, s + i, n, (uint32_t)i);
            break;
        case FC_FOLD:
            put_word(&w, w.out, w.out_len, (uint32_t)i);
            break;
        case FC_DROP:
            break;
        case FC_SPACE:
            put_sep(&w, GUARD_SEP_SPACE, (uint32_t)i);
            break;
        case FC_COMMA:
            put_sep(&w, GUARD_SEP_COMMA, (uint32_t)i);
            break;
        case FC_STOP:
            put_sep(&w, period_in_name(&w, cp) ? GUARD_SEP_SPACE : GUARD_SEP_STOP, (uint32_t)i);
            break;
        case FC_APOS:
            put_apostrophe(&w, i, i + n);
            break;
        }
        i += n;
    }
    if (w.sep && w.n > 0)
        put(&w, w.sep, w.sep_at); /* so a span ending the text stops before it */
    f->len = w.n;
    f->text[w.n] = '\0';
    f->map[w.n] = (uint32_t)len;
    return true;
}

void guard_fold_free(struct guard_fold *f)
{
    free(f->text);
    free(f->map);
    f->text = NULL;
    f->map = NULL;
    f->len = f->cap = 0;
}
