/* Request arenas: a bump allocator whose memory is released all at once.
 * Each HTTP request owns one; everything built for its response comes from it.
 * Allocation failure returns NULL (the caller answers 503), it never aborts. */
#ifndef UTIL_ARENA_H
#define UTIL_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head;
    size_t used; /* bytes handed out, for limits and metrics */
    size_t max;  /* 0 = unbounded */
};

void arena_init(struct arena *a, size_t max);
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena; NULL on failure. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);

#endif
