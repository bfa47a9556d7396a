/* Renders untrusted markdown (posts, comments, chat) into HTML that is safe
 * to embed in a page, and reports which people it @mentions. It owns the
 * cmark-gfm configuration and our bare-URL and mention links; it does not
 * own post length limits (the caller's) or who may see a mention. */
#ifndef CORE_MARKDOWN_H
#define CORE_MARKDOWN_H

#include <stddef.h>

#define MARKDOWN_MAX_MENTIONS 50
#define MARKDOWN_MAX_INPUT    (64 * 1024) /* bytes; larger input is refused */

struct markdown_result {
    char *html; /* malloc'd, NUL-terminated safe HTML */
    size_t html_len;
    char *mentions[MARKDOWN_MAX_MENTIONS]; /* malloc'd lowercase logins, unique, in order of first
                                              appearance */
    size_t n_mentions;
};

enum markdown_err { MARKDOWN_OK = 0, MARKDOWN_ENOMEM, MARKDOWN_ETOOBIG };

/* Renders `src` (len bytes of UTF-8 without NUL; src may be NULL when len is
 * 0) into *out. Raw HTML is dropped, links with scripting schemes lose their
 * href, bare http(s):// and www. URLs become links, and @login becomes a link
 * to /people/login. On MARKDOWN_OK the caller frees *out with
 * markdown_result_free(); on any error *out is left empty and needs no free.
 * Allocation failures inside cmark-gfm abort the process (see markdown.c). */
enum markdown_err markdown_render(const char *src, size_t len, struct markdown_result *out);

/* Frees what markdown_render() put in *r and empties it; safe to call twice
 * and on NULL. */
void markdown_result_free(struct markdown_result *r);

const char *markdown_err_str(enum markdown_err e);

#endif
