/* What the files of the SQLite backend share: the statement table (composed
 * from the per-area lists in sql_*.h), the connection and pool structures,
 * and the helpers that bind, run and read statements. Only src/store/sqlite*.c
 * include it; nothing above the store sees SQL. */
#ifndef STORE_SQLITE_INT_H
#define STORE_SQLITE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/sql_announce.h"
#include "store/sql_core.h"
#include "store/sql_guard.h"
#include "store/sql_jobs.h"
#include "store/sql_media.h"
#include "store/sql_roster.h"
#include "store/sql_stream.h"
#include "store/store.h"
#include "util/log.h"
#include "util/metrics.h"

#define STATEMENTS(X)                                                                              \
    CORE_STATEMENTS(X)                                                                             \
    ANNOUNCE_STATEMENTS(X)                                                                         \
    JOB_STATEMENTS(X)                                                                              \
    STREAM_STATEMENTS(X) ROSTER_STATEMENTS(X) GUARD_STATEMENTS(X) MEDIA_STATEMENTS(X)

#define AS_ENUM(name, sql) ST_##name,
enum stmt_id { STATEMENTS(AS_ENUM) ST__MAX };
extern const char *const stmt_sql[ST__MAX];
extern const char *const stmt_name[ST__MAX];

/* The transaction statements, prepared once per connection like the
 * table's: sqlite3_exec would parse "BEGIN" and "COMMIT" again on every
 * transaction. */
enum tx_stmt { TX_BEGIN, TX_BEGIN_IMMEDIATE, TX_COMMIT, TX_ROLLBACK, TX__MAX };

/* One SQLite connection and the statements prepared on it. */
struct conn {
    sqlite3 *db;
    sqlite3_stmt *stmt[ST__MAX];
    struct metrics_hist *hist[ST__MAX];
    sqlite3_stmt *tx[TX__MAX];
};

/* A handle: its own connection for reads, and inside a write transaction
 * the pool's one writer connection (c points at whichever is in use). */
struct store {
    struct conn *c;
    struct conn own;
    struct store_pool *pool;
    struct store *next_free;
    uint64_t t0[ST__MAX];
    bool writing;
    uint64_t tx_start;
};

/* The WAL's checkpointer: a thread with its own connection that copies the
 * WAL back into the database while writers go on (see sqlite.c). The
 * writer's WAL hook counts the WAL's pages into pages and wakes the thread
 * once they reach due_at; the thread sets due_at after each checkpoint. */
struct checkpointer {
    pthread_t thread;
    bool started;
    bool stop;            /* under lock */
    pthread_mutex_t lock; /* with wake: the thread's sleep */
    pthread_cond_t wake;
    struct conn conn;
    _Atomic int step;        /* pages written between passive checkpoints */
    _Atomic int cap;         /* WAL pages that force a restart */
    int last_pages;          /* the WAL's size at the writer's last commit */
    _Atomic int pages;       /* the same, for the thread */
    _Atomic int due_at;      /* pages at which the next checkpoint is due */
    _Atomic uint64_t passes; /* checkpoints run (passive and restart) */
    _Atomic uint64_t restarts;
    struct metrics_hist *passive_hist, *restart_hist;
};

/* Every write transaction runs on writer, under write_lock. SQLite drops
 * a connection's whole page cache when it begins a transaction after
 * another connection wrote; with one writer, the pages a write touches
 * (the tails and indexes of posts, comments, notifications, events) stay
 * cached from one write to the next. */
struct store_pool {
    char *path;
    pthread_mutex_t lock;       /* guards the free list */
    pthread_mutex_t write_lock; /* the one write path; guards writer */
    struct store *free;
    struct conn writer;
    struct metrics_hist *tx_hist;
    struct checkpointer ckpt;
};

/* ---- statements ---- */

static inline int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline enum store_err map_rc(struct store *s, int rc, const char *what)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return STORE_OK;
    case SQLITE_CONSTRAINT:
        if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
            return STORE_CONFLICT;
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        log_warn("database busy in %s", what);
        return STORE_BUSY;
    case SQLITE_NOMEM:
        return STORE_ENOMEM;
    default:
        break;
    }
    log_error("sqlite error in %s: %s (%d)", what, sqlite3_errmsg(s->c->db), rc);
    return STORE_ERROR;
}

/* The statement for id, reset and ready to bind; NULL (logged) on failure. */
static inline sqlite3_stmt *st(struct store *s, enum stmt_id id)
{
    struct conn *c = s->c;
    sqlite3_stmt *p = c->stmt[id];
    if (!p) {
        int rc = sqlite3_prepare_v3(c->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &p, NULL);
        if (rc != SQLITE_OK) {
            log_error("prepare %s: %s", stmt_name[id], sqlite3_errmsg(c->db));
            return NULL;
        }
        c->stmt[id] = p;
        char labels[96];
        snprintf(labels, sizeof labels, "statement=\"%s\"", stmt_name[id]);
        c->hist[id] = metrics_hist("staffroom_db_statement_duration_seconds", labels);
    }
    s->t0[id] = metrics_now_us();
    return p;
}

/* Ends a use of statement id: records its time, resets it, drops bindings. */
static inline void fin(struct store *s, enum stmt_id id)
{
    sqlite3_stmt *p = s->c->stmt[id];
    if (!p)
        return;
    metrics_observe_us(s->c->hist[id], metrics_now_us() - s->t0[id]);
    sqlite3_reset(p);
    sqlite3_clear_bindings(p);
}

static inline void bind_text(sqlite3_stmt *p, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(p, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(p, i);
}

/* Binds 0 as NULL: used for optional foreign keys. */
static inline void bind_id(sqlite3_stmt *p, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(p, i, v);
    else
        sqlite3_bind_null(p, i);
}

/* A statement's parameters, written in order as PARAMS(P_INT(id), P_TEXT(name))
 * and bound to ?1, ?2, ...: an integer, an optional foreign key (0 binds NULL)
 * or text (NULL binds NULL; the text must outlive the statement's use). */
enum param_kind { PARAM_END, PARAM_INT, PARAM_ID, PARAM_TEXT };
struct param {
    enum param_kind kind;
    int64_t i;
    const char *t;
};
#define P_INT(v)                                                                                   \
    {                                                                                              \
        .kind = PARAM_INT, .i = (v)                                                                \
    }
#define P_ID(v)                                                                                    \
    {                                                                                              \
        .kind = PARAM_ID, .i = (v)                                                                 \
    }
#define P_TEXT(v)                                                                                  \
    {                                                                                              \
        .kind = PARAM_TEXT, .t = (v)                                                               \
    }
#define PARAMS(...) ((const struct param[]){__VA_ARGS__, {.kind = PARAM_END}})

/* The statement for id with params (NULL for none) bound; NULL (logged) on
 * failure. Every use ends with fin(). */
static inline sqlite3_stmt *prep(struct store *s, enum stmt_id id, const struct param *params)
{
    sqlite3_stmt *p = st(s, id);
    for (int i = 0; p && params && params[i].kind != PARAM_END; i++) {
        if (params[i].kind == PARAM_TEXT)
            bind_text(p, i + 1, params[i].t);
        else if (params[i].kind == PARAM_ID)
            bind_id(p, i + 1, params[i].i);
        else
            sqlite3_bind_int64(p, i + 1, params[i].i);
    }
    return p;
}

/* Runs a statement that returns no rows. */
static inline enum store_err run(struct store *s, enum stmt_id id, const struct param *params)
{
    sqlite3_stmt *p = prep(s, id, params);
    if (!p)
        return STORE_ERROR;
    int rc = sqlite3_step(p);
    enum store_err e =
        rc == SQLITE_DONE ? STORE_OK : map_rc(s, sqlite3_extended_errcode(s->c->db), stmt_name[id]);
    fin(s, id);
    return e;
}

/* Runs an UPDATE or DELETE: STORE_NOTFOUND when it changed no row. */
static inline enum store_err run_changed(struct store *s, enum stmt_id id,
                                         const struct param *params)
{
    enum store_err e = run(s, id, params);
    if (e == STORE_OK && sqlite3_changes(s->c->db) == 0)
        return STORE_NOTFOUND;
    return e;
}

/* Runs an INSERT and sets *rowid, unless it is NULL, to the new row's id. */
static inline enum store_err run_insert(struct store *s, enum stmt_id id,
                                        const struct param *params, int64_t *rowid)
{
    enum store_err e = run(s, id, params);
    if (!e && rowid)
        *rowid = sqlite3_last_insert_rowid(s->c->db);
    return e;
}

/* ids[0..n) as a JSON array ("[3,2,1]") in a: the one parameter of the
 * statements that read the rows of many ids at once through json_each(?1).
 * NULL when out of memory. */
static inline const char *ids_json(struct arena *a, const int64_t *ids, size_t n)
{
    char *out = arena_alloc(a, n * 21 + 3), *p = out; /* "-9223372036854775808," */
    if (!out)
        return NULL;
    *p++ = '[';
    for (size_t i = 0; i < n; i++) {
        char d[20];
        size_t k = 0;
        uint64_t u = ids[i] < 0 ? 0 - (uint64_t)ids[i] : (uint64_t)ids[i];
        if (i)
            *p++ = ',';
        if (ids[i] < 0)
            *p++ = '-';
        do {
            d[k++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        while (k)
            *p++ = d[--k];
    }
    *p++ = ']';
    *p = '\0';
    return out;
}

/* ---- reading rows ---- */

/* Reads the current row of p into *elem, copying strings into a. */
typedef void row_fn(sqlite3_stmt *p, struct arena *a, void *elem);

#define NO_LIMIT SIZE_MAX

/* Grows *arr (arena-backed) to hold at least n+1 elements of size sz. */
static inline enum store_err grow(struct arena *a, void **arr, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return STORE_OK;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *p = arena_alloc(a, ncap * sz);
    if (!p)
        return STORE_ENOMEM;
    if (n)
        memcpy(p, *arr, n * sz);
    *arr = p;
    *cap = ncap;
    return STORE_OK;
}

/* Steps statement id, prepared and bound, reading at most limit rows with fn
 * into consecutive elements of size sz at *arr and counting them in *n. A
 * non-NULL *arr must hold limit elements; a NULL one is grown in a as rows
 * come. Ends the statement's use. */
static inline enum store_err read_rows(struct store *s, enum stmt_id id, struct arena *a,
                                       row_fn *fn, void **arr, size_t sz, size_t limit, size_t *n)
{
    sqlite3_stmt *p = s->c->stmt[id];
    size_t cap = *arr ? limit : 0;
    enum store_err e = STORE_OK;
    int rc;
    *n = 0;
    while ((rc = sqlite3_step(p)) == SQLITE_ROW && *n < limit) {
        if ((e = grow(a, arr, *n, &cap, sz)))
            break;
        fn(p, a, (char *)*arr + *n * sz);
        (*n)++;
    }
    if (!e && rc != SQLITE_ROW && rc != SQLITE_DONE)
        e = map_rc(s, rc, stmt_name[id]);
    fin(s, id);
    return e;
}

/* Runs statement id and reads its rows with fn into *out, an arena array of
 * *n elements of size sz. With a limit the array is allocated whole before
 * the first row and holds at most limit rows; with NO_LIMIT it grows as rows
 * come and stays NULL when there are none. */
static inline enum store_err get_rows(struct store *s, enum stmt_id id, const struct param *params,
                                      struct arena *a, row_fn *fn, size_t sz, size_t limit,
                                      void **out, size_t *n)
{
    if (!prep(s, id, params))
        return STORE_ERROR;
    *n = 0;
    *out = NULL;
    if (limit != NO_LIMIT && !(*out = arena_alloc(a, (limit ? limit : 1) * sz))) {
        fin(s, id);
        return STORE_ENOMEM;
    }
    return read_rows(s, id, a, fn, out, sz, limit, n);
}

/* Runs statement id, which returns at most one row, and reads that row into
 * out with fn; STORE_NOTFOUND when there is none. */
static inline enum store_err get_row(struct store *s, enum stmt_id id, const struct param *params,
                                     struct arena *a, row_fn *fn, void *out)
{
    sqlite3_stmt *p = prep(s, id, params);
    if (!p)
        return STORE_ERROR;
    int rc = sqlite3_step(p);
    enum store_err e = STORE_NOTFOUND;
    if (rc == SQLITE_ROW) {
        fn(p, a, out);
        e = STORE_OK;
    } else if (rc != SQLITE_DONE) {
        e = map_rc(s, rc, stmt_name[id]);
    }
    fin(s, id);
    return e;
}

static inline const char *col_text(sqlite3_stmt *p, int i, struct arena *a)
{
    const unsigned char *t = sqlite3_column_text(p, i);
    if (!t)
        return NULL;
    return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(p, i));
}

static inline const char *col_text0(sqlite3_stmt *p, int i, struct arena *a)
{
    const char *t = col_text(p, i, a);
    return t ? t : "";
}

static inline int64_t col_i64(sqlite3_stmt *p, int i)
{
    return sqlite3_column_int64(p, i);
}

/* The row readers. Each follows its statement's column list in the table. */

static inline void read_i64(sqlite3_stmt *p, struct arena *a, void *elem)
{
    *(int64_t *)elem = col_i64(p, 0);
}

static inline void read_i64_pair(sqlite3_stmt *p, struct arena *a, void *elem)
{
    int64_t *v = elem;
    v[0] = col_i64(p, 0);
    v[1] = col_i64(p, 1);
}

/* USER_COLS, from column c. */
static inline void read_user_at(sqlite3_stmt *p, int c, struct arena *a, struct user *u)
{
    u->id = col_i64(p, c);
    u->login = col_text0(p, c + 1, a);
    u->name = col_text0(p, c + 2, a);
    u->title = col_text0(p, c + 3, a);
    u->org_id = col_i64(p, c + 4);
    u->org_name = col_text(p, c + 5, a);
    u->manager_id = col_i64(p, c + 6);
    u->role = (enum user_role)col_i64(p, c + 7);
    u->status = (enum user_status)col_i64(p, c + 8);
    u->created_at = col_i64(p, c + 9);
    u->email = col_text(p, c + 10, a);
    u->comms = col_i64(p, c + 11) != 0;
    u->monitor = col_i64(p, c + 12) != 0;
}

static inline void read_user(sqlite3_stmt *p, struct arena *a, void *elem)
{
    read_user_at(p, 0, a, elem);
}

/* The columns of NOTE_LIST (a notification and its actor). */
static inline void read_notification(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct notification *n = elem;
    n->id = col_i64(p, 0);
    n->kind = (int)col_i64(p, 1);
    n->group_id = col_i64(p, 2);
    n->group_name = col_text0(p, 3, a);
    n->post_id = col_i64(p, 4);
    n->comment_id = col_i64(p, 5);
    n->count = col_i64(p, 6);
    n->created_at = col_i64(p, 7);
    n->updated_at = col_i64(p, 8);
    n->read_at = col_i64(p, 9);
    n->group_privacy = (enum privacy)col_i64(p, 10);
    n->group_archived_at = col_i64(p, 11);
    n->viewer_state = (enum member_state)col_i64(p, 12);
    n->viewer_role = (enum group_role)col_i64(p, 13);
    read_user_at(p, 14, a, &n->actor);
    n->review_id = col_i64(p, 14 + N_USER_COLS);
}

#endif
