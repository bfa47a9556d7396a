/* Growing a heap array by doubling (build-time tables, scratch buffers). */
#ifndef UTIL_GROW_H
#define UTIL_GROW_H

#include <stdbool.h>
#include <stdlib.h>

/* Makes *p (of *cap elements of size bytes) hold at least need elements,
 * doubling from 16; false when out of memory (*p is then unchanged). */
static inline bool grow_array(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return false;
    *p = q;
    *cap = n;
    return true;
}

#endif
