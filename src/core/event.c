/* The event log: the kinds table, writing with its occasional pruning, the
 * after-commit callback, reading through core/perm, and the live window
 * shared by every stream. */
#include "core/event.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/perm.h"
#include "store/store_stream.h"

static void window_want(void);

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
    window_want(); /* before the wake: a woken stream must find the window stale */
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

enum core_err event_reader_check(struct store *s, int64_t user_id, bool token, const char *digest,
                                 struct fail *f)
{
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    const char *csrf;
    enum store_err e = token ? store_token_lookup(s, &a, digest, &u)
                             : store_session_lookup(s, &a, digest, core_now_ms(), &u, &csrf);
    bool gone = e == STORE_NOTFOUND || (!e && (u.status != USER_ACTIVE || u.id != user_id));
    arena_free(&a);
    if (gone)
        return core_fail(f, CORE_UNAUTH, "unauthenticated", "Sign in to continue.", NULL);
    return core_store_fail(f, e);
}

/* ---- the live window ----
 * A ring of entries under a read-write lock: streams read it under the read
 * lock; a sync reads the log with no lock held but its own mutex (so one
 * reader of the log at a time), then appends under the write lock. An
 * audience's member list is shared by the entries of one group read in the
 * same sync (reference counted). */

#define SYNC_PAGE 256

struct members {
    unsigned refs;
    size_t n;
    int64_t ids[];
};

struct wentry {
    struct event e;
    bool everyone;
    struct members *m; /* NULL: no member can see it (or everyone) */
};

static struct {
    pthread_rwlock_t rw;
    pthread_mutex_t sync;
    struct wentry ring[EVENT_WINDOW_MAX];
    size_t head, n;      /* the oldest entry's slot, how many */
    int64_t floor, high; /* holds every event in (floor, high] */
    bool ready;
    size_t members_held;
    _Atomic uint64_t want, have; /* stale while they differ */
    _Atomic int64_t synced_ms;   /* CLOCK_MONOTONIC, of the last sync */
} win = {.rw = PTHREAD_RWLOCK_INITIALIZER, .sync = PTHREAD_MUTEX_INITIALIZER, .have = UINT64_MAX};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void window_want(void)
{
    atomic_fetch_add(&win.want, 1);
}

static void members_drop(struct members *m)
{
    if (m && --m->refs == 0)
        free(m);
}

/* With the write lock held. A shared member list counts once per entry:
 * the bound errs on the side of holding less. */
static void drop_oldest(void)
{
    struct wentry *w = &win.ring[win.head];
    win.floor = w->e.id;
    if (w->m) {
        win.members_held -= w->m->n;
        members_drop(w->m);
    }
    memset(w, 0, sizeof *w);
    win.head = (win.head + 1) % EVENT_WINDOW_MAX;
    win.n--;
}

bool event_window_stale(bool poll)
{
    if (atomic_load(&win.want) != atomic_load(&win.have))
        return true;
    return poll && mono_ms() - atomic_load(&win.synced_ms) >= EVENT_WINDOW_POLL_MS;
}

int64_t event_window_high(void)
{
    pthread_rwlock_rdlock(&win.rw);
    int64_t h = win.ready ? win.high : 0;
    pthread_rwlock_unlock(&win.rw);
    return h;
}

/* A sync's member lists, one per group read in it (the sync holds one
 * reference to each, each entry using it another). */
struct mcache {
    size_t n;
    int64_t group[16];
    struct members *m[16];
};

/* Group g's member list for this sync, read once: a new reference, NULL
 * with *e set on failure, NULL and no error for a group without active
 * members. */
static struct members *members_of(struct store *s, struct mcache *c, int64_t g, enum store_err *e)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->group[i] == g) {
            if (c->m[i])
                c->m[i]->refs++;
            return c->m[i];
        }
    struct arena a;
    arena_init(&a, 0);
    int64_t *ids;
    size_t n = 0;
    *e = store_stream_members(s, &a, g, &ids, &n);
    struct members *m = NULL;
    if (!*e && n) {
        m = malloc(sizeof *m + n * sizeof m->ids[0]);
        if (m) {
            m->refs = 1;
            m->n = n;
            memcpy(m->ids, ids, n * sizeof ids[0]);
        } else {
            *e = STORE_ENOMEM;
        }
    }
    arena_free(&a);
    if (!*e && c->n < sizeof c->group / sizeof c->group[0]) {
        if (m)
            m->refs++;
        c->group[c->n] = g;
        c->m[c->n++] = m;
    }
    return m;
}

/* Appends the entries read (n of them) under the write lock. */
static void window_append(struct wentry *fresh, size_t n, int64_t high, bool first, int64_t floor)
{
    pthread_rwlock_wrlock(&win.rw);
    if (first) {
        win.floor = floor;
        win.ready = true;
    }
    for (size_t i = 0; i < n; i++) {
        if (win.n == EVENT_WINDOW_MAX)
            drop_oldest();
        win.members_held += fresh[i].m ? fresh[i].m->n : 0;
        win.ring[(win.head + win.n++) % EVENT_WINDOW_MAX] = fresh[i];
        while (win.members_held > EVENT_WINDOW_MEMBERS && win.n > 1)
            drop_oldest();
    }
    if (high > win.high)
        win.high = high;
    pthread_rwlock_unlock(&win.rw);
}

enum core_err event_window_sync(struct store *s, bool poll, struct fail *f)
{
    pthread_mutex_lock(&win.sync);
    if (!event_window_stale(poll)) {
        pthread_mutex_unlock(&win.sync);
        return CORE_OK;
    }
    uint64_t want = atomic_load(&win.want);
    bool first = !win.ready; /* only this function sets ready, under win.sync */
    int64_t after = win.high, high = win.high, floor = 0;
    enum store_err e = STORE_OK;
    if (first) {
        int64_t lo, hi;
        e = store_event_bounds(s, &lo, &hi);
        floor = after = hi > EVENT_WINDOW_MAX ? hi - EVENT_WINDOW_MAX : 0;
        high = hi;
    }
    struct mcache cache = {0};
    struct wentry *fresh = NULL;
    size_t n_fresh = 0, cap = 0;
    for (bool more = !e; more && !e;) {
        struct arena a;
        arena_init(&a, 0);
        struct stream_event *ev;
        size_t n = 0;
        e = store_stream_events(s, &a, after, SYNC_PAGE, &ev, &n);
        more = n == SYNC_PAGE;
        for (size_t i = 0; !e && i < n; i++) {
            if (n_fresh == cap) {
                size_t ncap = cap ? cap * 2 : 16;
                struct wentry *nf = realloc(fresh, ncap * sizeof *nf);
                if (!nf) {
                    e = STORE_ENOMEM;
                    break;
                }
                fresh = nf;
                cap = ncap;
            }
            struct wentry *w = &fresh[n_fresh];
            memset(w, 0, sizeof *w);
            w->e = ev[i].e;
            if (!w->e.user_id && w->e.group_id) {
                w->everyone = !perm_audience_members(ev[i].privacy);
                if (!w->everyone)
                    w->m = members_of(s, &cache, w->e.group_id, &e);
            }
            if (!e) {
                n_fresh++;
                after = w->e.id;
                if (after > high)
                    high = after;
            }
        }
        arena_free(&a);
    }
    if (!e) {
        window_append(fresh, n_fresh, high, first, floor);
        atomic_store(&win.have, want);
        atomic_store(&win.synced_ms, mono_ms());
    } else {
        for (size_t i = 0; i < n_fresh; i++)
            members_drop(fresh[i].m);
    }
    pthread_rwlock_wrlock(&win.rw); /* entries in the window share the lists */
    for (size_t i = 0; i < cache.n; i++)
        members_drop(cache.m[i]);
    pthread_rwlock_unlock(&win.rw);
    free(fresh);
    pthread_mutex_unlock(&win.sync);
    return core_store_fail(f, e);
}

bool event_window_read(const struct viewer *v, int64_t after, struct event *out, size_t max,
                       size_t *n, int64_t *next)
{
    *n = 0;
    *next = after;
    pthread_rwlock_rdlock(&win.rw);
    if (!win.ready || after < win.floor) {
        pthread_rwlock_unlock(&win.rw);
        return false;
    }
    /* the first entry after `after`: ids increase along the ring */
    size_t lo = 0, hi = win.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (win.ring[(win.head + mid) % EVENT_WINDOW_MAX].e.id <= after)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < win.n && *n < max; i++) {
        const struct wentry *w = &win.ring[(win.head + i) % EVENT_WINDOW_MAX];
        struct perm_audience aud = {.everyone = w->everyone,
                                    .members = w->m ? w->m->ids : NULL,
                                    .n_members = w->m ? w->m->n : 0};
        if (perm_event_visible(v, &w->e, &aud))
            out[(*n)++] = w->e;
        *next = w->e.id;
    }
    pthread_rwlock_unlock(&win.rw);
    return true;
}

void event_window_reset(void)
{
    pthread_mutex_lock(&win.sync);
    pthread_rwlock_wrlock(&win.rw);
    while (win.n)
        drop_oldest();
    win.head = 0;
    win.floor = win.high = 0;
    win.ready = false;
    win.members_held = 0;
    atomic_store(&win.have, UINT64_MAX); /* stale */
    pthread_rwlock_unlock(&win.rw);
    pthread_mutex_unlock(&win.sync);
}
