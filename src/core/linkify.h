/* Finds bare URLs (http://, https://, www.) and @mentions in plain byte
 * strings. It owns the grammar of both: word boundaries, domain checks,
 * trailing punctuation, login syntax. It knows nothing of markdown or HTML;
 * core/markdown.c applies it to the text nodes of a parsed document. */
#ifndef CORE_LINKIFY_H
#define CORE_LINKIFY_H

#include <stdbool.h>
#include <stddef.h>

#define LINKIFY_MAX_URL   2048 /* longer URLs stay plain text */
#define LINKIFY_LOGIN_MIN 2
#define LINKIFY_LOGIN_MAX 32

enum linkify_url {
    LINKIFY_URL_NONE = 0,
    LINKIFY_URL_HTTP, /* starts with http:// or https://; the href is the text itself */
    LINKIFY_URL_WWW,  /* starts with www.; the href is "https://" + the text */
};

/* Finds the first bare URL that starts at or after `from` in s[0..len). The
 * bytes before `from` are only read to tell whether a URL may start there.
 * On a hit sets s[*start..*end) to the URL, trailing punctuation and an
 * unbalanced ')' already removed, and returns its kind. Runs in time linear
 * in len - from. */
enum linkify_url linkify_find_url(const char *s, size_t len, size_t from, size_t *start,
                                  size_t *end);

/* Finds the first @mention that starts at or after `from` in s[0..len).
 * On a hit sets *at to the index of the '@' and *end one past the login, so
 * the login is s[*at + 1 .. *end), and returns true. The login is returned
 * as written; callers fold case themselves. Runs in time linear in
 * len - from. */
bool linkify_find_mention(const char *s, size_t len, size_t from, size_t *at, size_t *end);

#endif
