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
 * viewer's own personal events (notifications), never anyone else's. A
 * stream reads the live window (below), a view of the newest events shared
 * by every stream of the process, and the log itself only when it is behind
 * the window (a replay from Last-Event-ID). */
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

/* Whether a stream may go on: the credential it was opened with (the
 * digest of a session cookie, or of a bearer token when token is set) still
 * names user_id, active. CORE_UNAUTH when it does not (signed out, expired,
 * revoked, deactivated): the stream must end. */
enum core_err event_reader_check(struct store *s, int64_t user_id, bool token, const char *digest,
                                 struct fail *f);

/* ---- the live window ----
 * The newest events (at most EVENT_WINDOW_MAX), read from the log once for
 * every stream of this process (event_window_sync), each with its audience
 * (core/perm: everyone for an open group's event, else the group's active
 * members as they were when the window read it), so that a stream decides
 * what it may see through perm_event_visible without a query. The window
 * holds every event with an id in (floor, high]; a stream whose position is
 * below floor reads the log with event_list until it catches up. */
#define EVENT_WINDOW_MAX     1024
#define EVENT_WINDOW_MEMBERS (1u << 20) /* member ids held at most (8 MiB) */
#define EVENT_WINDOW_POLL_MS 1000       /* see event_window_stale */

/* Whether the window may be behind the log: events were committed here since
 * it was read (event_notify), or, with poll, it was read longer ago than
 * EVENT_WINDOW_POLL_MS (events another process wrote are found that way). */
bool event_window_stale(bool poll);
/* Reads the events after the window's end (one caller at a time reads;
 * the others wait for it and then find the window current). */
enum core_err event_window_sync(struct store *s, bool poll, struct fail *f);
/* The window's high id (0 before the first sync). */
int64_t event_window_high(void);
/* Copies to out (at most max) the window's events after `after` that v may
 * see, oldest first, and sets *next to the id to continue after (the last
 * event looked at, seen or not; `after` when none). false when the window
 * does not reach back to `after`: then the caller reads the log. */
bool event_window_read(const struct viewer *v, int64_t after, struct event *out, size_t max,
                       size_t *n, int64_t *next);
/* Empties the window (a new database in tests; the server's stop). */
void event_window_reset(void);

#endif
