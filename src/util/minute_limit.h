/* Per-person counts within the current minute, for limits that are guard
 * rails rather than quotas (uploads, the composer's dry runs): a fixed
 * table of slots, no allocation, one lock. Two people whose ids share a
 * slot in the same minute reset each other's count, so a limit may let a
 * few more through; it never refuses someone early. */
#ifndef UTIL_MINUTE_LIMIT_H
#define UTIL_MINUTE_LIMIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define MINUTE_LIMIT_SLOTS 512

struct minute_limit {
    pthread_mutex_t lock;
    struct {
        int64_t user_id, minute;
        unsigned count;
    } slot[MINUTE_LIMIT_SLOTS];
};

#define MINUTE_LIMIT_INIT                                                                          \
    {                                                                                              \
        .lock = PTHREAD_MUTEX_INITIALIZER                                                          \
    }

/* Counts one more for user at now_ms unless max are counted this minute
 * already: then false, with *retry_s the seconds to the next minute (at
 * least 1). *count (unless NULL) is the user's count afterwards. */
bool minute_limit_take(struct minute_limit *l, int64_t user, int64_t now_ms, unsigned max,
                       unsigned *count, int64_t *retry_s);
/* Forgets every count. */
void minute_limit_reset(struct minute_limit *l);

#endif
