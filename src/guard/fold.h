/* Folding of UTF-8 text into the byte stream the privacy guard matches on:
 * lowercase ASCII letters and digits, Latin letters with their diacritics
 * removed, words separated by exactly one separator byte, and a map from
 * every folded byte back to the original text so findings can be shown
 * where the author wrote them. Matching itself lives in guard/matcher.c. */
#ifndef GUARD_FOLD_H
#define GUARD_FOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The separators the folded stream can contain between words. A word is a
 * run of any other bytes: [a-z0-9] or bytes >= 0x80 (letters of scripts the
 * fold table does not cover, kept verbatim). */
#define GUARD_SEP_SPACE ' ' /* whitespace, hyphens, slashes, most punctuation */
#define GUARD_SEP_COMMA ',' /* "Lopez, Maria" */
#define GUARD_SEP_STOP  '.' /* end of a sentence or clause: names never span one */

struct guard_fold {
    char *text;    /* folded bytes, NUL-terminated */
    uint32_t *map; /* map[i]: original byte offset of the character that gave text[i];
                      map[len] is the original length */
    size_t len;
    size_t cap; /* capacity of text and map, reused between calls */
};

/* Folds s[0..len) into f, reusing f's buffers (f zeroed before first use).
 * Invalid UTF-8 is tolerated: a stray byte is a separator. Returns false on
 * out of memory or if len does not fit in 32 bits. Free with guard_fold_free. */
bool guard_fold_text(struct guard_fold *f, const char *s, size_t len);
void guard_fold_free(struct guard_fold *f);

/* True for a byte that belongs to a word of the folded stream. */
static inline bool guard_fold_is_word(unsigned char c)
{
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

#endif
