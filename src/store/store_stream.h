/* The storage interface of the live streams' shared window on the event log
 * (core/event): what every stream needs read once, not once per stream. */
#ifndef STORE_STORE_STREAM_H
#define STORE_STORE_STREAM_H

#include "store/store.h"

/* An event of the log with its group's privacy as it is now (PRIVACY__MAX
 * when the event has no group or the group is gone). */
struct stream_event {
    struct event e;
    enum privacy privacy;
};

/* At most limit events after `after`, oldest first, whoever may see them. */
enum store_err store_stream_events(struct store *s, struct arena *a, int64_t after, size_t limit,
                                   struct stream_event **out, size_t *n);
/* The active members of a group, ascending user ids (*out NULL when none). */
enum store_err store_stream_members(struct store *s, struct arena *a, int64_t group_id,
                                    int64_t **out, size_t *n);

#endif
