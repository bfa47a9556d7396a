/* Regular patterns of the privacy guard (see patterns.h). Every scanner
 * tries a bounded parse at each word start, so a scan is linear in the
 * text; student-number patterns run as a bit-parallel NFA over one token. */
#include "guard/patterns.h"

#include <string.h>
#include <strings.h>

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool is_alnum(unsigned char c)
{
    return is_digit(c) || is_alpha(c);
}

/* True if s[i] starts a word: it follows no letter or digit. Bytes >= 0x80
 * count as letters (an "é" before a number joins it to a word). */
static bool word_start(const unsigned char *s, size_t i)
{
    return i == 0 || !(is_alnum(s[i - 1]) || s[i - 1] >= 0x80);
}

static bool word_end(const unsigned char *s, size_t len, size_t i)
{
    return i >= len || !(is_alnum(s[i]) || s[i] >= 0x80);
}

/* Reads exactly n digits at s[*i]; their value, or -1. */
static int digits(const unsigned char *s, size_t len, size_t *i, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || !is_digit(s[*i]))
            return -1;
        v = v * 10 + (s[(*i)++] - '0');
    }
    return v;
}

/* Reads 1 to max digits; their value, or -1. */
static int some_digits(const unsigned char *s, size_t len, size_t *i, int max)
{
    int v = 0, k = 0;
    while (k < max && *i < len && is_digit(s[*i]))
        v = v * 10 + (s[(*i)++] - '0'), k++;
    return k ? v : -1;
}

/* True if one of the keywords appears, as a word, in the window bytes before at. */
static bool keyword_before(const unsigned char *s, size_t at, size_t window, const char *const *kw)
{
    size_t from = at > window ? at - window : 0;
    for (size_t i = from; i < at; i++) {
        if (!word_start(s, i))
            continue;
        for (size_t k = 0; kw[k]; k++) {
            size_t n = strlen(kw[k]);
            if (i + n > at || strncasecmp((const char *)s + i, kw[k], n) != 0)
                continue;
            if (!is_alnum((unsigned char)kw[k][n - 1]) || !is_alnum(s[i + n]))
                return true;
        }
    }
    return false;
}

/* ---- SSNs ---- */

static const char *const ssn_words[] = {"ssn",   "ss#", "social security", "soc sec", "soc. sec",
                                        "ss no", NULL};

static bool ssn_valid(int area, int group, int serial)
{
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
}

/* Parses DDD-DD-DDDD (separator '-', ' ', '.' or none, the same twice) at i. */
static bool ssn_at(const unsigned char *s, size_t len, size_t i, struct guard_pat_match *m)
{
    size_t j = i;
    int area = digits(s, len, &j, 3);
    if (area < 0 || j >= len)
        return false;
    unsigned char sep = s[j];
    bool has_sep = sep == '-' || sep == ' ' || sep == '.';
    j += has_sep;
    int group = digits(s, len, &j, 2);
    if (group < 0 || (has_sep && (j >= len || s[j] != sep)))
        return false;
    j += has_sep;
    int serial = digits(s, len, &j, 4);
    if (serial < 0 || !word_end(s, len, j) || !ssn_valid(area, group, serial))
        return false;
    if (j + 1 < len && (s[j] == '-' || s[j] == '.') && is_digit(s[j + 1]))
        return false; /* part of a longer number */
    bool kw = keyword_before(s, i, 24, ssn_words);
    if (!has_sep && !kw)
        return false; /* nine bare digits are too often something else */
    *m = (struct guard_pat_match){
        .kind = GUARD_PAT_SSN, .start = (uint32_t)i, .end = (uint32_t)j, .keyword = kw};
    m->confidence = kw ? 0.99 : sep == '-' ? 0.9 : 0.7;
    return true;
}

bool guard_find_ssn(const char *str, size_t len, size_t from, struct guard_pat_match *m)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = from; i + 9 <= len; i++)
        if (is_digit(s[i]) && word_start(s, i) && ssn_at(s, len, i, m))
            return true;
    return false;
}

/* ---- dates of birth ---- */

static const char *const dob_words[] = {
    "dob",           "d.o.b", "born",  "birthday", "birthdate", "birth date",
    "date of birth", "bday",  "b-day", "birth",    NULL};

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};

static const char *const month_names[] = {"january",   "february", "march",    "april",
                                          "may",       "june",     "july",     "august",
                                          "september", "october",  "november", "december"};

static bool date_valid(int y, int mo, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(mo == 2 && d == 29 && !leap);
}

/* The month named at s[*i] ("Mar", "Mar.", "March", "Sept"), 1-12, or 0. */
static int month_at(const unsigned char *s, size_t len, size_t *i)
{
    size_t j = *i;
    while (j < len && is_alpha(s[j]) && j - *i < 10)
        j++;
    size_t n = j - *i;
    if (n < 3 || n > 9 || !strchr("adfjmnos", s[*i] | 0x20))
        return 0;
    for (int k = 0; k < 12; k++) {
        bool full = n == strlen(month_names[k]) &&
                    strncasecmp((const char *)s + *i, month_names[k], n) == 0;
        bool abbr =
            (n == 3 || (k == 8 && n == 4)) &&
            strncasecmp((const char *)s + *i, k == 8 && n == 4 ? "sept" : months[k], n) == 0;
        if (full || abbr) {
            *i = j + (j < len && s[j] == '.' && !full);
            return k + 1;
        }
    }
    return 0;
}

static void skip_spaces(const unsigned char *s, size_t len, size_t *i)
{
    while (*i < len && s[*i] == ' ')
        (*i)++;
}

/* "5th", "1st": the suffix after a day number. */
static void skip_ordinal(const unsigned char *s, size_t len, size_t *i)
{
    if (*i + 1 < len && is_alpha(s[*i]) && is_alpha(s[*i + 1]) &&
        (*i + 2 >= len || !is_alpha(s[*i + 2])))
        *i += 2;
}

struct ymd {
    int y, m, d;
};

/* M/D/Y or Y-M-D at i, with '/', '-' or '.' used twice; two-digit years
 * are placed in the century that makes them not in the future. */
static bool numeric_date(const unsigned char *s, size_t len, size_t *i, int ref_year,
                         struct ymd *out)
{
    size_t j = *i;
    int a = some_digits(s, len, &j, 4);
    if (a < 0 || j >= len || (s[j] != '/' && s[j] != '-' && s[j] != '.'))
        return false;
    unsigned char sep = s[j++];
    bool iso = j - *i == 5;
    int b = some_digits(s, len, &j, 2);
    if (b < 0 || j >= len || s[j] != sep)
        return false;
    j++;
    size_t ystart = j;
    int c = some_digits(s, len, &j, iso ? 2 : 4);
    size_t ylen = j - ystart;
    if (c < 0 || (!iso && ylen != 2 && ylen != 4) || (!iso && j - *i - ylen > 6))
        return false;
    if (iso)
        *out = (struct ymd){a, b, c};
    else
        *out = (struct ymd){ylen == 2 ? (c <= ref_year % 100 ? 2000 + c : 1900 + c) : c, a, b};
    *i = j;
    return true;
}

/* "March 5, 2012" at i. */
static bool month_first_date(const unsigned char *s, size_t len, size_t *i, struct ymd *out)
{
    size_t j = *i;
    int mo = month_at(s, len, &j);
    if (!mo)
        return false;
    skip_spaces(s, len, &j);
    int d = some_digits(s, len, &j, 2);
    if (d < 0)
        return false;
    skip_ordinal(s, len, &j);
    j += j < len && s[j] == ',';
    skip_spaces(s, len, &j);
    int y = digits(s, len, &j, 4);
    if (y < 0)
        return false;
    *out = (struct ymd){y, mo, d};
    *i = j;
    return true;
}

/* "5 March 2012" at i. */
static bool day_first_date(const unsigned char *s, size_t len, size_t *i, struct ymd *out)
{
    size_t j = *i;
    int d = some_digits(s, len, &j, 2);
    if (d < 0)
        return false;
    skip_ordinal(s, len, &j);
    if (j >= len || s[j] != ' ')
        return false;
    skip_spaces(s, len, &j);
    int mo = month_at(s, len, &j);
    if (!mo)
        return false;
    j += j < len && s[j] == ',';
    skip_spaces(s, len, &j);
    int y = digits(s, len, &j, 4);
    if (y < 0)
        return false;
    *out = (struct ymd){y, mo, d};
    *i = j;
    return true;
}

static bool dob_at(const unsigned char *s, size_t len, size_t i, const struct guard_dob_rule *r,
                   struct guard_pat_match *m)
{
    struct ymd t;
    size_t j = i;
    bool ok;
    if (is_digit(s[i])) {
        ok = numeric_date(s, len, &j, r->ref_year, &t);
        if (!ok) {
            j = i;
            ok = day_first_date(s, len, &j, &t);
        }
    } else {
        ok = month_first_date(s, len, &j, &t);
    }
    if (!ok || !word_end(s, len, j) || !date_valid(t.y, t.m, t.d))
        return false;
    bool kw = keyword_before(s, i, 32, dob_words);
    bool plausible = t.y >= r->ref_year - r->max_age && t.y <= r->ref_year - r->min_age;
    if (!plausible && !(kw && t.y <= r->ref_year))
        return false;
    *m = (struct guard_pat_match){
        .kind = GUARD_PAT_DOB, .start = (uint32_t)i, .end = (uint32_t)j, .keyword = kw};
    m->confidence = kw ? 0.95 : 0.4;
    return true;
}

bool guard_find_dob(const char *str, size_t len, size_t from, const struct guard_dob_rule *r,
                    struct guard_pat_match *m)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = from; i < len; i++)
        if (is_alnum(s[i]) && word_start(s, i) && dob_at(s, len, i, r, m))
            return true;
    return false;
}

/* ---- student-number patterns ---- */

static bool add_unit(struct guard_idpat *p, unsigned char cls, unsigned char ch, bool optional)
{
    if (p->n >= GUARD_IDPAT_MAX)
        return false;
    p->unit[p->n].cls = cls;
    p->unit[p->n].ch = ch;
    p->unit[p->n].optional = optional;
    p->n++;
    return true;
}

/* Applies "{n}" or "{n,m}" at src[*i] to the unit just added. */
static bool quantify(struct guard_idpat *p, const char *src, size_t *i)
{
    size_t j = *i + 1;
    int lo = some_digits((const unsigned char *)src, strlen(src), &j, 2), hi = lo;
    if (lo < 1 || src[j] == '\0')
        return false;
    if (src[j] == ',') {
        j++;
        hi = some_digits((const unsigned char *)src, strlen(src), &j, 2);
    }
    if (hi < lo || src[j] != '}')
        return false;
    unsigned char cls = p->unit[p->n - 1].cls, ch = p->unit[p->n - 1].ch;
    for (int k = 1; k < hi; k++)
        if (!add_unit(p, cls, ch, k >= lo))
            return false;
    *i = j + 1;
    return true;
}

bool guard_idpat_compile(const char *src, struct guard_idpat *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; src[i];) {
        unsigned char c = (unsigned char)src[i];
        bool ok;
        if (c == '{') {
            ok = p->n > 0 && quantify(p, src, &i);
            if (!ok)
                return false;
            continue;
        }
        if (c == '\\' && src[i + 1])
            c = (unsigned char)src[++i], ok = add_unit(p, 0, c | (is_alpha(c) ? 0x20 : 0), false);
        else if (c == '#' || c == '@' || c == '*')
            ok = add_unit(p, c == '#' ? 1 : c == '@' ? 2 : 3, 0, false);
        else if (is_alnum(c) || c == '-' || c == '_')
            ok = add_unit(p, 0, is_alpha(c) ? c | 0x20 : c, false);
        else
            ok = false;
        if (!ok)
            return false;
        i++;
    }
    for (unsigned k = 0; k < p->n; k++)
        p->min += !p->unit[k].optional;
    return p->n > 0;
}

static bool unit_matches(const struct guard_idpat *p, unsigned k, unsigned char c)
{
    switch (p->unit[k].cls) {
    case 1:
        return is_digit(c);
    case 2:
        return is_alpha(c);
    case 3:
        return is_alnum(c);
    default:
        return p->unit[k].ch == (is_alpha(c) ? (c | 0x20) : c);
    }
}

/* Adds, for every reachable position before an optional unit, the one after it. */
static uint64_t closure(const struct guard_idpat *p, uint64_t set)
{
    for (unsigned k = 0; k < p->n; k++)
        if ((set >> k & 1) && p->unit[k].optional)
            set |= 1ull << (k + 1);
    return set;
}

bool guard_idpat_match(const struct guard_idpat *p, const char *s, size_t n)
{
    uint64_t set = closure(p, 1);
    for (size_t i = 0; i < n && set; i++) {
        uint64_t next = 0;
        for (unsigned k = 0; k < p->n; k++)
            if ((set >> k & 1) && unit_matches(p, k, (unsigned char)s[i]))
                next |= 1ull << (k + 1);
        set = closure(p, next);
    }
    return set >> p->n & 1;
}

/* The end of the ID-like token at i: letters and digits with single inner '-' or '_'. */
static size_t id_token_end(const unsigned char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len) {
        if (is_alnum(s[j]))
            j++;
        else if ((s[j] == '-' || s[j] == '_') && j + 1 < len && is_alnum(s[j + 1]))
            j++;
        else
            break;
    }
    return j;
}

bool guard_find_id(const struct guard_idpat *pats, size_t npats, const char *str, size_t len,
                   size_t from, struct guard_pat_match *m)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = from; i < len && npats; i++) {
        if (!is_alnum(s[i]) || !word_start(s, i))
            continue;
        size_t j = id_token_end(s, len, i);
        if (word_end(s, len, j) && j - i <= GUARD_IDPAT_MAX) {
            for (size_t k = 0; k < npats; k++) {
                if (j - i < pats[k].min || j - i > pats[k].n ||
                    !guard_idpat_match(&pats[k], str + i, j - i))
                    continue;
                *m = (struct guard_pat_match){.kind = GUARD_PAT_ID,
                                              .start = (uint32_t)i,
                                              .end = (uint32_t)j,
                                              .confidence = 0.8,
                                              .index = (uint32_t)k};
                return true;
            }
        }
        i = j - 1; /* the next candidate starts after this token */
    }
    return false;
}
