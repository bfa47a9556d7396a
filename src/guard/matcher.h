/* The roster matcher: finds, in folded text (guard/fold.h), every student
 * name in the forms people write them, every roster student number, staff
 * names that collide with student names, and the sensitive terms the guard
 * weighs. It owns the automaton and the scan; what a match means (severity,
 * proximity) is decided in guard/guard.c, and the regular patterns (SSNs,
 * dates, ID shapes) are in guard/patterns.c.
 *
 * The automaton works on words, not bytes: a dictionary maps each folded word
 * of the roster to a word id, and a trie over word-id sequences, laid out in
 * breadth-first order in flat 32-bit arrays, holds the patterns. Every
 * pattern is at most GUARD_MAX_WORDS words long, so walking the trie from
 * each word of the text finds all matches, overlapping ones included, in at
 * most GUARD_MAX_WORDS steps per word, without failure links. */
#ifndef GUARD_MATCHER_H
#define GUARD_MATCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guard/fold.h"

#define GUARD_MAX_WORDS 8 /* longest pattern, in words (a comma counts as one) */

enum guard_err { GUARD_OK = 0, GUARD_ENOMEM, GUARD_EINVAL, GUARD_ETOOBIG };
const char *guard_err_str(enum guard_err e);

/* One student of the roster. Strings are UTF-8; NULL or "" when absent. */
struct guard_student {
    int64_t id; /* opaque, handed back in matches */
    const char *given, *middle, *family, *preferred;
    const char *number; /* the district's student number, e.g. "S1234567" */
};

/* A staff member whose name may also be a student's. */
struct guard_person {
    const char *given, *family;
};

/* The forms a match can take; a row of form_info in matcher.c each. */
enum guard_form {
    GUARD_FORM_FULL,      /* "Maria Lopez" */
    GUARD_FORM_MIDDLE,    /* "Maria Elena Lopez" */
    GUARD_FORM_INITIAL,   /* "Maria E. Lopez" */
    GUARD_FORM_PREFERRED, /* "Mia Lopez" for Maria, preferred name Mia */
    GUARD_FORM_COMMA,     /* "Lopez, Maria" (also with the preferred name) */
    GUARD_FORM_JOINED,    /* "Maria Delacruz" for "de la Cruz", "GarciaLopez" */
    GUARD_FORM_INVERTED,  /* "Lopez Maria": roster order without the comma */
    GUARD_FORM_PARTIAL,   /* "Maria Garcia" for "Maria Garcia-Lopez" */
    GUARD_FORM_NUMBER,    /* the student number */
    GUARD_FORM_TERM,      /* a sensitive term; index is the term's */
    GUARD_FORM_STAFF,     /* internal: a staff name; never reported */
    GUARD_FORM__MAX
};

const char *guard_form_str(enum guard_form f);
/* The confidence a match of this form has before any adjustment, in [0, 1]. */
double guard_form_confidence(enum guard_form f);

/* One match, in token and in original-byte coordinates. */
struct guard_hit {
    enum guard_form form;
    uint32_t index;      /* student index in the roster given to build, or term index */
    bool staff;          /* a staff member has this name too */
    uint32_t tok_start;  /* first token of the match */
    uint32_t tok_end;    /* one past the last token */
    uint32_t start, end; /* original byte span */
};

/* A word or separator token of the scanned text. */
struct guard_token {
    uint32_t word;         /* dictionary word id; 0 = not in the dictionary */
    uint32_t fstart, fend; /* folded byte span */
};

/* Scratch and results of one scan; reuse it between scans (zero it first,
 * free with guard_scan_free). max_hits bounds the hits kept (0 = 4096). */
struct guard_scan {
    struct guard_token *tok;
    size_t ntok, tok_cap;
    struct guard_hit *hit;
    size_t nhit, hit_cap, max_hits;
    bool truncated; /* more hits than max_hits */
};

struct guard_matcher;

/* Builds the matcher over the roster, the staff list and the sensitive terms
 * (each a word or phrase, e.g. "504 plan"). The inputs are not kept. */
enum guard_err guard_matcher_build(const struct guard_student *students, size_t nstudents,
                                   const struct guard_person *staff, size_t nstaff,
                                   const char *const *terms, size_t nterms,
                                   struct guard_matcher **out);
void guard_matcher_free(struct guard_matcher *m);

/* Bytes held by the matcher, and its shape, for benchmarks and metrics. */
size_t guard_matcher_bytes(const struct guard_matcher *m);
size_t guard_matcher_words(const struct guard_matcher *m);
size_t guard_matcher_states(const struct guard_matcher *m);
int64_t guard_matcher_student_id(const struct guard_matcher *m, uint32_t index);

/* Tokenizes folded text f and finds every match (in order of tok_start,
 * overlapping matches included) into sc. GUARD_ENOMEM on allocation failure. */
enum guard_err guard_matcher_scan(const struct guard_matcher *m, const struct guard_fold *f,
                                  struct guard_scan *sc);
void guard_scan_free(struct guard_scan *sc);

#endif
