/* The regular patterns of the privacy guard: US Social Security numbers,
 * dates that may be dates of birth, and the district's own student-number
 * shapes. Each scanner works on the original UTF-8 text, finds the next
 * match at or after an offset in constant work per byte, and never
 * allocates. Names and sensitive terms are guard/matcher.c's. */
#ifndef GUARD_PATTERNS_H
#define GUARD_PATTERNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum guard_pat_kind { GUARD_PAT_SSN, GUARD_PAT_DOB, GUARD_PAT_ID };

struct guard_pat_match {
    enum guard_pat_kind kind;
    uint32_t start, end; /* original byte span */
    bool keyword;        /* "SSN", "DOB", "born"... stands just before it */
    double confidence;
    uint32_t index; /* GUARD_PAT_ID: which pattern */
};

/* A student-number shape, compiled from a small pattern language:
 *   #  a digit          @  an ASCII letter     *  a letter or digit
 *   {n} or {n,m}        repeats the previous element n (to m) times
 *   \c                  the character c literally
 * Any other letter, digit, '-' or '_' matches itself, letters in either
 * case. The whole token must match: "S#{7}" finds "S1234567" and "s1234567"
 * but not "S12345678" or "XS1234567". */
#define GUARD_IDPAT_MAX 63

struct guard_idpat {
    struct {
        unsigned char cls; /* 0 literal, 1 digit, 2 letter, 3 alnum */
        unsigned char ch;  /* literal, lowercased */
        bool optional;
    } unit[GUARD_IDPAT_MAX];
    unsigned n;
    unsigned min; /* units that are not optional: the shortest match */
};

/* False if src is not a valid pattern (empty, too long, bad quantifier). */
bool guard_idpat_compile(const char *src, struct guard_idpat *p);
/* True if the whole of s[0..n) matches p. */
bool guard_idpat_match(const struct guard_idpat *p, const char *s, size_t n);

/* Each finds the first match starting at or after from; false if none. */
bool guard_find_ssn(const char *s, size_t len, size_t from, struct guard_pat_match *m);

/* Dates (M/D/YYYY, M-D-YY, YYYY-MM-DD, "March 5, 2012", "5 March 2012"...)
 * whose year makes the person between min_age and max_age years old in
 * ref_year, or any past date after a birth keyword. */
struct guard_dob_rule {
    int ref_year, min_age, max_age;
};
bool guard_find_dob(const char *s, size_t len, size_t from, const struct guard_dob_rule *r,
                    struct guard_pat_match *m);

/* Tokens of letters, digits and inner '-' or '_' that match one of pats. */
bool guard_find_id(const struct guard_idpat *pats, size_t npats, const char *s, size_t len,
                   size_t from, struct guard_pat_match *m);

#endif
