/* Per-person counts within the current minute (see minute_limit.h). */
#include "util/minute_limit.h"

#include <string.h>

bool minute_limit_take(struct minute_limit *l, int64_t user, int64_t now_ms, unsigned max,
                       unsigned *count, int64_t *retry_s)
{
    int64_t minute = now_ms / 60000;
    size_t i = (size_t)(((uint64_t)user * 0x9E3779B97F4A7C15ull) >> 40) % MINUTE_LIMIT_SLOTS;
    pthread_mutex_lock(&l->lock);
    if (l->slot[i].user_id != user || l->slot[i].minute != minute) {
        l->slot[i].user_id = user;
        l->slot[i].minute = minute;
        l->slot[i].count = 0;
    }
    bool ok = l->slot[i].count < max;
    if (ok)
        l->slot[i].count++;
    if (count)
        *count = l->slot[i].count;
    pthread_mutex_unlock(&l->lock);
    *retry_s = (minute + 1) * 60 - now_ms / 1000;
    if (*retry_s < 1)
        *retry_s = 1;
    return ok;
}

void minute_limit_reset(struct minute_limit *l)
{
    pthread_mutex_lock(&l->lock);
    memset(l->slot, 0, sizeof l->slot);
    pthread_mutex_unlock(&l->lock);
}
