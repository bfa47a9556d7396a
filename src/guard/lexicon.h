/* The professional-language check ("think before you post"): finds
 * profanity, slurs, harassment and threats in a text, from word lists the
 * district can replace (share/lexicon/README.md gives the file format). It
 * owns the lists, their compiled form and the matching, which sees through
 * case, diacritics, repeated letters, separators inside a word and letters
 * written as digits or symbols. What to do with a finding (warn, hold,
 * refuse) is policy's, in core. Built once, then read-only: many threads may
 * check at once, each with its own result. */
#ifndef GUARD_LEXICON_H
#define GUARD_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guard/fold.h"
#include "guard/guard.h"

#define LEXICON_MAX_WORDS    8      /* words in one entry */
#define LEXICON_MAX_BYTES    64     /* bytes in one entry, as written */
#define LEXICON_MAX_ENTRIES  100000 /* entries in a lexicon */
#define LEXICON_MAX_FINDINGS 1000   /* findings kept by one check */

/* One row each in the category table of lexicon.c. */
enum lexicon_category {
    LEXICON_PROFANITY,
    LEXICON_SLUR,
    LEXICON_HARASSMENT,
    LEXICON_THREAT,
    LEXICON_CATEGORY__MAX
};

/* "profanity", "slur", "harassment", "threat". */
const char *lexicon_category_str(enum lexicon_category c);
/* The file a category is read from: "profanity.txt", "slurs.txt"... */
const char *lexicon_category_file(enum lexicon_category c);

/* The text of one list: UTF-8, one entry a line (see the README). name is
 * only used in error messages ("slurs.txt:12: ..."). */
struct lexicon_source {
    enum lexicon_category category;
    const char *name;
    const char *text;
    size_t len;
};

/* The lists shipped in share/lexicon, embedded in the binary by the Makefile
 * (build/gen/lexicon_default.c), one source per category file. */
extern const struct lexicon_source lexicon_default[];
extern const size_t lexicon_default_count;

struct lexicon;

/* Builds a lexicon from n sources. On a malformed line returns false with
 * "name:line: why" in err (always NUL-terminated when errlen > 0); on out of
 * memory returns false with "out of memory". The sources are not kept. */
bool lexicon_open(const struct lexicon_source *src, size_t n, struct lexicon **out, char *err,
                  size_t errlen);

/* Builds a lexicon from the category files in dir (profanity.txt, slurs.txt,
 * harassment.txt, threats.txt). A missing file is an empty category; a
 * missing directory, an unreadable file, one over 4 MB or a malformed line
 * is an error. */
bool lexicon_load_dir(const char *dir, struct lexicon **out, char *err, size_t errlen);

void lexicon_close(struct lexicon *lx);

/* Entries in the lexicon, and one entry as its file wrote it (without
 * severity or comment), for explanations to the author and to monitors. */
size_t lexicon_size(const struct lexicon *lx);
const char *lexicon_entry_text(const struct lexicon *lx, uint32_t entry);

struct lexicon_finding {
    enum lexicon_category category;
    enum guard_severity severity;
    uint32_t start, end; /* original byte span */
    uint32_t entry;      /* index for lexicon_entry_text */
};

/* The token lattice of one check; internal, kept here so that a result can
 * be reused without allocating. */
struct lexicon_token;
struct lexicon_edge;

/* Reusable per-caller state and the findings of the last check (zero it
 * before first use, free with lexicon_result_free). */
struct lexicon_result {
    struct lexicon_finding *finding;
    size_t n, cap;
    bool truncated; /* more than LEXICON_MAX_FINDINGS findings */
    struct guard_fold fold;
    struct lexicon_token *tok;
    size_t ntok, tok_cap;
    struct lexicon_edge *edge;
    size_t nedge, edge_cap;
    uint32_t *first_edge; /* per token: index of its first edge */
    size_t first_cap;
};

/* Checks text[0..len) (UTF-8). Findings are ordered by start offset; a
 * finding inside another of the same category and at least its severity is
 * left out. Returns false on out of memory or a text of 4 GB or more. */
bool lexicon_check(const struct lexicon *lx, const char *text, size_t len,
                   struct lexicon_result *r);
void lexicon_result_free(struct lexicon_result *r);

#endif
