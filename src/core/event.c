/* The event log: the kinds table, writing with its occasional pruning, the
 * after-commit callback, and reading through core/perm. */
#include "core/event.h"

#include <stdatomic.h>
#include <stddef.h>

#include "core/perm.h"

static const char *const kind_names[EVENT_KIND__MAX] = {
    [EVENT_POST_CREATED] = "post_created",       [EVENT_POST_EDITED] = "post_edited",
    [EVENT_POST_DELETED] = "post_deleted",       [EVENT_COMMENT_CREATED] = "comment_created",
    [EVENT_COMMENT_DELETED] = "comment_deleted", [EVENT_POST_REACTION] = "post_reaction",
    [EVENT_NOTIFICATION] = "notification",
};

/* The store's notification trigger (schema migration 3) writes kind 6. */
_Static_assert(EVENT_NOTIFICATION == 6, "schema.c's notification trigger writes kind 6");

static _Thread_local bool pending;
static _Atomic uint64_t inserts;
static void (*_Atomic on_commit)(void);

const char *event_kind_str(int kind)
{
    return kind >= 0 && kind < EVENT_KIND__MAX ? kind_names[kind] : "unknown";
}

void event_mark(void)
{
    pending = true;
}

enum store_err event_add(struct store *s, enum event_kind kind, int64_t group_id, int64_t post_id,
                         int64_t comment_id, int64_t actor_id, int64_t now)
{
    struct event e = {.kind = kind,
                      .group_id = group_id,
                      .post_id = post_id,
                      .comment_id = comment_id,
                      .actor_id = actor_id,
                      .created_at = now};
    enum store_err err = store_event_add(s, &e);
    if (err)
        return err;
    pending = true;
    if ((atomic_fetch_add(&inserts, 1) + 1) % EVENT_PRUNE_EVERY == 0)
        err = store_event_prune(s, EVENT_KEEP, now - EVENT_KEEP_MS);
    return err;
}

void event_on_commit(void (*fn)(void))
{
    atomic_store(&on_commit, fn);
}

void event_notify(void)
{
    void (*fn)(void) = atomic_load(&on_commit);
    if (fn)
        fn();
}

void event_committed(bool committed)
{
    bool was = pending;
    pending = false;
    if (committed && was)
        event_notify();
}

enum core_err event_start(struct store *s, int64_t last_seen, int64_t *start, bool *reset,
                          struct fail *f)
{
    int64_t first, last;
    enum store_err e = store_event_bounds(s, &first, &last);
    if (e)
        return core_store_fail(f, e);
    *reset = false;
    *start = last;
    if (last_seen < 0)
        return CORE_OK;
    /* Events last_seen+1 .. first-1 were pruned (or, with an empty log,
     * everything up to last); an id beyond the log's end is not ours. */
    bool lost = first ? last_seen + 1 < first : last_seen < last;
    if (lost || last_seen > last) {
        *reset = true;
        return CORE_OK;
    }
    *start = last_seen;
    return CORE_OK;
}

enum core_err event_list(struct store *s, struct arena *a, const struct viewer *v, int64_t after,
                         size_t limit, struct event **out, size_t *n, struct fail *f)
{
    struct user u;
    enum store_err e = store_user_get(s, a, v->id, &u);
    if (e == STORE_NOTFOUND || (!e && u.status != USER_ACTIVE))
        return core_fail(f, CORE_UNAUTH, "unauthenticated", "Sign in to continue.", NULL);
    if (e)
        return core_store_fail(f, e);
    struct event_filter flt;
    perm_event_filter(v, &flt);
    if (limit < 1 || limit > EVENT_PAGE_MAX)
        limit = EVENT_PAGE_MAX;
    return core_store_fail(f, store_event_list(s, a, &flt, after, limit, out, n));
}
