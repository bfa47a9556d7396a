/* The durable event log behind the live stream: what core writes when
 * something happens that a reader should see at once, in the action's own
 * write transaction, and what a stream reads back through core/perm. The
 * kinds live in one table (event.c) indexed by enum event_kind.
 *
 * Writing: core/post calls event_add beside its store writes; notification
 * events are written by the store itself (a trigger on notifications), and
 * core/notify marks the transaction with event_mark so that it is announced.
 * After a successful commit core_finish calls event_committed, which calls
 * the process-wide callback that cli connects to the SSE hub (core knows no
 * HTTP). The log is bounded: every EVENT_PRUNE_EVERY-th insert by this
 * process prunes it to its newest EVENT_KEEP rows and EVENT_KEEP_MS.
 *
 * Reading: group events of groups whose content the viewer reads, and the
 * viewer's own personal events (notifications), never anyone else's. */
#ifndef CORE_EVENT_H
#define CORE_EVENT_H

#include "core/core.h"

enum event_kind {
    EVENT_POST_CREATED,
    EVENT_POST_EDITED,
    EVENT_POST_DELETED,
    EVENT_COMMENT_CREATED,
    EVENT_COMMENT_DELETED,
    EVENT_POST_REACTION, /* a reaction set, changed or removed */
    EVENT_NOTIFICATION,  /* a notification for user_id (written by a store trigger) */
    EVENT_KIND__MAX
};

#define EVENT_KEEP        100000
#define EVENT_KEEP_MS     (7LL * 24 * 3600 * 1000)
#define EVENT_PRUNE_EVERY 1000
#define EVENT_PAGE_MAX    100

const char *event_kind_str(int kind);

/* Appends a group event inside the caller's write transaction. */
enum store_err event_add(struct store *s, enum event_kind kind, int64_t group_id, int64_t post_id,
                         int64_t comment_id, int64_t actor_id, int64_t now);
/* Marks the calling thread's current write transaction as having written
 * events (event_add does so itself). */
void event_mark(void);
/* Called by core_finish when the transaction ends: after a commit that
 * wrote events, calls the callback; either way clears the mark. */
void event_committed(bool committed);
/* The process-wide callback run after such a commit (NULL: none). */
void event_on_commit(void (*fn)(void));
/* Runs the callback now. */
void event_notify(void);

/* Where a new stream starts. last_seen is the client's Last-Event-ID, or -1
 * for none (then the stream starts at the log's current end). *reset is set
 * when events after last_seen are no longer in the log (pruned, or the id
 * is unknown): the client must reload, and the stream starts at the end. */
enum core_err event_start(struct store *s, int64_t last_seen, int64_t *start, bool *reset,
                          struct fail *f);
/* The events after `after` that the viewer may see, oldest first, at most
 * limit (1..EVENT_PAGE_MAX). CORE_UNAUTH when the viewer is no longer an
 * active user: the stream must end. */
enum core_err event_list(struct store *s, struct arena *a, const struct viewer *v, int64_t after,
                         size_t limit, struct event **out, size_t *n, struct fail *f);

#endif
