/* The SQLite backend of store.h. Owns the connections, the one write path
 * (a process-wide mutex around BEGIN IMMEDIATE) and the thread that
 * checkpoints its WAL, the prepared statements
 * (one table of SQL indexed by an enum, prepared once per connection and
 * reused), and the migrations. Every statement binds its parameters; no SQL
 * is ever built from strings. The statement lists live in sql_*.h, and the
 * helpers shared with the other sqlite_*.c files in sqlite_int.h. */
#include "store/sqlite_int.h"

#include "store/schema.h"

#define AS_SQL(name, sql)  sql,
#define AS_NAME(name, sql) #name,
const char *const stmt_sql[ST__MAX] = {STATEMENTS(AS_SQL)};
const char *const stmt_name[ST__MAX] = {STATEMENTS(AS_NAME)};

const char *const store_reaction_kinds[REACTION_KINDS] = {"like",    "love",       "celebrate",
                                                          "support", "insightful", "curious"};

/* ---- enum names ---- */

static const char *const org_kind_names[ORG_KIND__MAX] = {"district", "school", "department"};
static const char *const role_names[ROLE__MAX] = {"member", "admin"};
static const char *const status_names[USER_STATUS__MAX] = {"active", "deactivated"};
static const char *const privacy_names[PRIVACY__MAX] = {"open", "closed", "secret"};
static const char *const state_names[MEMBER_STATE__MAX] = {"none", "active", "pending", "invited"};
static const char *const group_role_names[GROUP_ROLE__MAX] = {"member", "admin"};

static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

#define ENUM_STR(type, prefix, names, max)                                                         \
    const char *prefix##_str(enum type v)                                                          \
    {                                                                                              \
        return (unsigned)v < (max) ? names[v] : "unknown";                                         \
    }

/* Names below `first` print but do not parse (member_state's "none"). */
#define ENUM_PARSE(type, prefix, names, max, first)                                                \
    int prefix##_parse(const char *s, enum type *out)                                              \
    {                                                                                              \
        int i = name_index(names, max, s);                                                         \
        if (i < (first))                                                                           \
            return -1;                                                                             \
        *out = (enum type)i;                                                                       \
        return 0;                                                                                  \
    }

ENUM_STR(org_kind, org_kind, org_kind_names, ORG_KIND__MAX)
ENUM_STR(user_role, user_role, role_names, ROLE__MAX)
ENUM_STR(user_status, user_status, status_names, USER_STATUS__MAX)
ENUM_STR(privacy, privacy, privacy_names, PRIVACY__MAX)
ENUM_STR(member_state, member_state, state_names, MEMBER_STATE__MAX)
ENUM_STR(group_role, group_role, group_role_names, GROUP_ROLE__MAX)

ENUM_PARSE(org_kind, org_kind, org_kind_names, ORG_KIND__MAX, 0)
ENUM_PARSE(user_role, user_role, role_names, ROLE__MAX, 0)
ENUM_PARSE(privacy, privacy, privacy_names, PRIVACY__MAX, 0)
ENUM_PARSE(group_role, group_role, group_role_names, GROUP_ROLE__MAX, 0)
ENUM_PARSE(member_state, member_state, state_names, MEMBER_STATE__MAX, 1)

int reaction_kind_index(const char *s)
{
    return name_index(store_reaction_kinds, REACTION_KINDS, s);
}

const char *store_err_str(enum store_err e)
{
    static const char *const names[] = {"ok",   "not found",     "conflict",
                                        "busy", "out of memory", "database error"};
    return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "unknown";
}

/* A user and one text column after USER_COLS (a password hash, a CSRF
 * token), read into *extra unless extra is NULL. */
struct user_extra {
    struct user *user;
    const char **extra;
};

static void read_user_extra(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct user_extra *x = elem;
    read_user_at(p, 0, a, x->user);
    if (x->extra)
        *x->extra = col_text(p, N_USER_COLS, a);
}

static void read_org(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct org *o = elem;
    o->id = col_i64(p, 0);
    o->parent_id = col_i64(p, 1);
    o->kind = (enum org_kind)col_i64(p, 2);
    o->name = col_text0(p, 3, a);
}

static void read_token(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct api_token *t = elem;
    t->id = col_i64(p, 0);
    t->name = col_text0(p, 1, a);
    t->created_at = col_i64(p, 2);
    t->last_used_at = col_i64(p, 3);
}

static void read_group(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct group *g = elem;
    g->id = col_i64(p, 0);
    g->name = col_text0(p, 1, a);
    g->purpose = col_text0(p, 2, a);
    g->privacy = (enum privacy)col_i64(p, 3);
    g->created_by = col_i64(p, 4);
    g->created_at = col_i64(p, 5);
    g->updated_at = col_i64(p, 6);
    g->archived_at = col_i64(p, 7);
    g->member_count = col_i64(p, 8);
    g->viewer_state = (enum member_state)col_i64(p, 9);
    g->viewer_role = (enum group_role)col_i64(p, 10);
}

static void read_member(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct member *m = elem;
    read_user_at(p, 0, a, &m->user);
    m->state = (enum member_state)col_i64(p, N_USER_COLS);
    m->role = (enum group_role)col_i64(p, N_USER_COLS + 1);
    m->since = col_i64(p, N_USER_COLS + 2);
}

static void read_post(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct post *o = elem;
    o->id = col_i64(p, 0);
    o->group_id = col_i64(p, 1);
    o->group_name = col_text0(p, 2, a);
    o->group_privacy = (enum privacy)col_i64(p, 3);
    o->body = col_text0(p, 4, a);
    o->body_html = col_text0(p, 5, a);
    o->created_at = col_i64(p, 6);
    o->edited_at = col_i64(p, 7);
    o->deleted_at = col_i64(p, 8);
    o->comment_count = col_i64(p, 9);
    o->reaction_count = col_i64(p, 10);
    o->viewer_reaction = sqlite3_column_type(p, 11) == SQLITE_NULL ? -1 : (int)col_i64(p, 11);
    read_user_at(p, 12, a, &o->author);
    o->group_archived_at = col_i64(p, 12 + N_USER_COLS);
    o->viewer_state = (enum member_state)col_i64(p, 13 + N_USER_COLS);
    o->viewer_role = (enum group_role)col_i64(p, 14 + N_USER_COLS);
    o->viewer_following = col_i64(p, 15 + N_USER_COLS) != 0;
    o->important_until = col_i64(p, 16 + N_USER_COLS);
    o->important_at = col_i64(p, 17 + N_USER_COLS);
    o->important_by = col_i64(p, 18 + N_USER_COLS);
    o->nudged_at = col_i64(p, 19 + N_USER_COLS);
    o->viewer_seen_at = col_i64(p, 20 + N_USER_COLS);
    o->viewer_acked_at = col_i64(p, 21 + N_USER_COLS);
    o->has_receipts = false;
    o->receipts = (struct receipt_counts){0};
    o->images = NULL; /* core fills them (post.c) */
    o->n_images = 0;
}

static void read_revision(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct revision *r = elem;
    r->id = col_i64(p, 0);
    r->editor_id = col_i64(p, 1);
    r->body = col_text0(p, 2, a);
    r->body_html = col_text0(p, 3, a);
    r->created_at = col_i64(p, 4);
}

/* COMMENT_COLS. */
static void read_comment(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct comment *c = elem;
    c->id = col_i64(p, 0);
    c->post_id = col_i64(p, 1);
    c->parent_id = col_i64(p, 2);
    c->body = col_text0(p, 3, a);
    c->body_html = col_text0(p, 4, a);
    c->created_at = col_i64(p, 5);
    c->edited_at = col_i64(p, 6);
    c->reply_count = col_i64(p, 7);
    read_user_at(p, 8, a, &c->author);
}

/* COMMENT_COLS and deleted_at: a hidden comment is left unread and not found. */
struct live_comment {
    struct comment *comment;
    bool found;
};

static void read_live_comment(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct live_comment *l = elem;
    l->found = sqlite3_column_type(p, 8 + N_USER_COLS) == SQLITE_NULL;
    if (l->found)
        read_comment(p, a, l->comment);
}

/* ---- connections, transactions, migrations ---- */

static enum store_err exec_sql(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        log_error("sqlite: %s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return (rc & 0xff) == SQLITE_BUSY ? STORE_BUSY : STORE_ERROR;
    }
    return STORE_OK;
}

#define CKPT_CAP_PAGES 16384 /* the WAL's hard limit: 64 MB of 4 KB pages */

static enum store_err conn_open(const char *path, struct conn *c)
{
    *c = (struct conn){0};
    int rc = sqlite3_open_v2(
        path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        log_error("cannot open database %s: %s", path,
                  c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(c->db, 5000);
    sqlite3_extended_result_codes(c->db, 1);
    if (exec_sql(c->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                        "PRAGMA cache_size=-32000;"))
        goto fail;
    /* The pool's checkpointer thread keeps the WAL under CKPT_CAP_PAGES
     * (see below), and the writer's WAL hook replaces this; a write made
     * outside a write transaction, on a handle's own connection, still
     * checkpoints if it finds the WAL past the cap. */
    sqlite3_wal_autocheckpoint(c->db, CKPT_CAP_PAGES);
    return STORE_OK;
fail:
    sqlite3_close(c->db);
    c->db = NULL;
    return STORE_ERROR;
}

static void conn_close(struct conn *c)
{
    for (int i = 0; i < ST__MAX; i++)
        sqlite3_finalize(c->stmt[i]);
    for (int i = 0; i < TX__MAX; i++)
        sqlite3_finalize(c->tx[i]);
    sqlite3_close(c->db);
}

static struct store *handle_open(struct store_pool *pool)
{
    struct store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (conn_open(pool->path, &s->own)) {
        free(s);
        return NULL;
    }
    s->pool = pool;
    s->c = &s->own;
    return s;
}

static void handle_close(struct store *s)
{
    conn_close(&s->own);
    free(s);
}

int store_schema_version(struct store *s)
{
    sqlite3_stmt *p;
    int v = -1;
    if (sqlite3_prepare_v2(s->c->db, "PRAGMA user_version", -1, &p, NULL) == SQLITE_OK) {
        if (sqlite3_step(p) == SQLITE_ROW)
            v = sqlite3_column_int(p, 0);
        sqlite3_finalize(p);
    }
    return v;
}

static enum store_err migrate(struct store *s)
{
    enum store_err e = store_begin_write(s);
    if (e)
        return e;
    int v = store_schema_version(s);
    if (v < 0 || (size_t)v > schema_migrations_count) {
        log_error("database schema version %d is newer than this program (%zu)", v,
                  schema_migrations_count);
        e = STORE_ERROR;
        goto fail;
    }
    for (size_t i = (size_t)v; i < schema_migrations_count; i++) {
        e = exec_sql(s->c->db, schema_migrations[i]);
        if (e)
            goto fail;
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%zu", i + 1);
        e = exec_sql(s->c->db, pragma);
        if (e)
            goto fail;
        log_info("database migrated to schema version %zu", i + 1);
    }
    return store_commit(s);
fail:
    store_rollback(s);
    return e;
}

/* ---- the WAL's checkpointer ----
 *
 * A checkpoint copies the pages the WAL holds back into the database file
 * and fdatasyncs it; left to SQLite (wal_autocheckpoint), the committing
 * writer runs it inside its commit, so inside the write lock, and every
 * write queued behind it waits for the write-back of up to the whole WAL.
 * Here the writer does not checkpoint on commit. Its WAL hook notes the
 * WAL's size after each commit and, every step pages, wakes a thread with
 * its own connection that runs a PASSIVE checkpoint: it copies what no
 * reader still needs while writers go on appending, and never waits.
 *
 * A passive checkpoint alone rarely lets the WAL start over: SQLite rewinds
 * it only when a write begins with every frame copied back and no reader
 * inside it, and under a steady write load a commit lands during every
 * checkpoint. So once the WAL holds cap pages the thread takes the write
 * lock and runs a RESTART checkpoint, which copies the few frames written
 * since its passive one and waits (at most CKPT_WAIT_MS, then gives up
 * until the next step) for the readers to leave the WAL; the next write
 * then starts it from the beginning and truncates the file to cap pages
 * (journal_size_limit). So the file stays at about 64 MB, and outgrows it
 * only while a reader holds on to the WAL for longer than CKPT_WAIT_MS.
 * Writers wait for that short tail alone, once per cap pages. */

#define CKPT_WAIT_MS   100  /* how long a restart waits for readers */
#define CKPT_PAGE_SIZE 4096 /* SQLite's default page size */

/* The writer's WAL hook, after each commit, under the write lock. */
static int ckpt_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
    struct checkpointer *k = arg;
    (void)db;
    (void)name;
    if (pages < k->last_pages) /* the WAL started over */
        atomic_store(&k->due_at, atomic_load(&k->step));
    k->last_pages = pages;
    atomic_store(&k->pages, pages);
    if (pages >= atomic_load(&k->due_at)) {
        pthread_mutex_lock(&k->lock);
        pthread_cond_signal(&k->wake);
        pthread_mutex_unlock(&k->lock);
    }
    return SQLITE_OK;
}

/* Sets the writer's journal_size_limit to the cap; under the write lock. */
static void ckpt_size_limit(struct store_pool *p)
{
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA journal_size_limit=%lld",
             (long long)atomic_load(&p->ckpt.cap) * CKPT_PAGE_SIZE);
    exec_sql(p->writer.db, pragma);
}

/* One checkpoint, passive, then a restart if the WAL has reached the cap. */
static void ckpt_run(struct store_pool *p)
{
    struct checkpointer *k = &p->ckpt;
    int log = -1, done = -1;
    uint64_t t0 = metrics_now_us();
    int rc = sqlite3_wal_checkpoint_v2(k->conn.db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
    metrics_observe_us(k->passive_hist, metrics_now_us() - t0);
    atomic_fetch_add(&k->passes, 1);
    if (rc == SQLITE_OK && log >= atomic_load(&k->cap)) {
        pthread_mutex_lock(&p->write_lock);
        t0 = metrics_now_us();
        rc = sqlite3_wal_checkpoint_v2(k->conn.db, NULL, SQLITE_CHECKPOINT_RESTART, &log, &done);
        metrics_observe_us(k->restart_hist, metrics_now_us() - t0);
        pthread_mutex_unlock(&p->write_lock);
        atomic_fetch_add(&k->passes, 1);
        if (rc == SQLITE_OK)
            atomic_fetch_add(&k->restarts, 1);
        else if ((rc & 0xff) == SQLITE_BUSY)
            log_warn("WAL checkpoint: readers kept the log (%d pages) for %d ms", log,
                     CKPT_WAIT_MS);
    }
    if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
        log_error("WAL checkpoint: %s (%d)", sqlite3_errmsg(k->conn.db), rc);
    log_debug("WAL checkpoint: %d of %d pages copied back", done, log);
    /* Due again step pages on, from the WAL's size now if it has started
     * over meanwhile. */
    int now = atomic_load(&k->pages);
    atomic_store(&k->due_at, (log >= 0 && log < now ? log : now) + atomic_load(&k->step));
}

static void *ckpt_main(void *arg)
{
    struct store_pool *p = arg;
    struct checkpointer *k = &p->ckpt;
    pthread_mutex_lock(&k->lock);
    for (;;) {
        while (!k->stop && atomic_load(&k->pages) < atomic_load(&k->due_at))
            pthread_cond_wait(&k->wake, &k->lock);
        if (k->stop)
            break;
        pthread_mutex_unlock(&k->lock);
        ckpt_run(p);
        pthread_mutex_lock(&k->lock);
    }
    pthread_mutex_unlock(&k->lock);
    return NULL;
}

/* Opens the checkpointer's connection, hooks the writer and starts the thread. */
static enum store_err ckpt_start(struct store_pool *p)
{
    struct checkpointer *k = &p->ckpt;
    if (conn_open(p->path, &k->conn))
        return STORE_ERROR;
    sqlite3_wal_autocheckpoint(k->conn.db, 0);
    sqlite3_busy_timeout(k->conn.db, CKPT_WAIT_MS);
    k->passive_hist = metrics_hist("staffroom_db_checkpoint_duration_seconds", "mode=\"passive\"");
    k->restart_hist = metrics_hist("staffroom_db_checkpoint_duration_seconds", "mode=\"restart\"");
    pthread_mutex_lock(&p->write_lock);
    ckpt_size_limit(p);
    sqlite3_wal_hook(p->writer.db, ckpt_hook, k);
    pthread_mutex_unlock(&p->write_lock);
    if (pthread_create(&k->thread, NULL, ckpt_main, p)) {
        log_error("cannot start the WAL checkpointer thread");
        return STORE_ERROR;
    }
    k->started = true;
    return STORE_OK;
}

static void ckpt_stop(struct store_pool *p)
{
    struct checkpointer *k = &p->ckpt;
    if (k->started) {
        pthread_mutex_lock(&k->lock);
        k->stop = true;
        pthread_cond_signal(&k->wake);
        pthread_mutex_unlock(&k->lock);
        pthread_join(k->thread, NULL);
        k->started = false;
    }
    if (p->writer.db)
        sqlite3_wal_hook(p->writer.db, NULL, NULL);
    conn_close(&k->conn);
    k->conn = (struct conn){0};
}

void store_pool_wal_stats(struct store_pool *p, struct store_wal_stats *out)
{
    out->checkpoints = atomic_load(&p->ckpt.passes);
    out->restarts = atomic_load(&p->ckpt.restarts);
    out->pages = atomic_load(&p->ckpt.pages);
}

void store_pool_wal_limit(struct store_pool *p, int cap)
{
    struct checkpointer *k = &p->ckpt;
    pthread_mutex_lock(&p->write_lock);
    atomic_store(&k->cap, cap);
    atomic_store(&k->step, cap / 4 > 0 ? cap / 4 : 1);
    atomic_store(&k->due_at, atomic_load(&k->pages) + atomic_load(&k->step));
    ckpt_size_limit(p);
    pthread_mutex_unlock(&p->write_lock);
}

/* Process-wide SQLite settings, before its first use. Memory statistics
 * off: with them on, every allocation SQLite makes takes one global mutex,
 * which the server's threads then fight over on every query. Refused
 * (SQLITE_MISUSE) when SQLite is already initialised, by a test that opened
 * a database another way first: it then keeps its defaults. */
static void sqlite_configure_once(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void sqlite_configure(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_configure_once);
}

enum store_err store_pool_open(const char *path, struct store_pool **out)
{
    sqlite_configure();
    struct store_pool *p = calloc(1, sizeof *p);
    if (!p)
        return STORE_ENOMEM;
    p->path = strdup(path);
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->write_lock, NULL);
    pthread_mutex_init(&p->ckpt.lock, NULL);
    pthread_cond_init(&p->ckpt.wake, NULL);
    p->ckpt.cap = CKPT_CAP_PAGES;
    p->ckpt.step = p->ckpt.due_at = CKPT_CAP_PAGES / 4;
    p->tx_hist = metrics_hist("staffroom_db_transaction_duration_seconds", "");
    struct store *s = NULL;
    if (!p->path || conn_open(p->path, &p->writer) || ckpt_start(p) || !(s = handle_open(p))) {
        store_pool_close(p);
        return STORE_ERROR;
    }
    enum store_err e = migrate(s);
    if (e) {
        handle_close(s);
        store_pool_close(p);
        return e;
    }
    store_release(p, s);
    *out = p;
    return STORE_OK;
}

void store_pool_close(struct store_pool *p)
{
    if (!p)
        return;
    ckpt_stop(p);
    struct store *s = p->free;
    while (s) {
        struct store *n = s->next_free;
        handle_close(s);
        s = n;
    }
    conn_close(&p->writer);
    pthread_mutex_destroy(&p->lock);
    pthread_mutex_destroy(&p->write_lock);
    pthread_mutex_destroy(&p->ckpt.lock);
    pthread_cond_destroy(&p->ckpt.wake);
    free(p->path);
    free(p);
}

struct store *store_acquire(struct store_pool *p)
{
    pthread_mutex_lock(&p->lock);
    struct store *s = p->free;
    if (s)
        p->free = s->next_free;
    pthread_mutex_unlock(&p->lock);
    return s ? s : handle_open(p);
}

void store_release(struct store_pool *p, struct store *s)
{
    if (!s)
        return;
    if (!sqlite3_get_autocommit(s->c->db)) {
        log_error("connection released inside a transaction; rolling back");
        store_rollback(s);
    }
    pthread_mutex_lock(&p->lock);
    s->next_free = p->free;
    p->free = s;
    pthread_mutex_unlock(&p->lock);
}

/* Runs transaction statement id on the handle's current connection. */
static enum store_err tx_run(struct store *s, enum tx_stmt id)
{
    static const char *const sql[TX__MAX] = {"BEGIN", "BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};
    struct conn *c = s->c;
    if (!c->tx[id] && sqlite3_prepare_v3(c->db, sql[id], -1, SQLITE_PREPARE_PERSISTENT, &c->tx[id],
                                         NULL) != SQLITE_OK) {
        log_error("prepare %s: %s", sql[id], sqlite3_errmsg(c->db));
        return STORE_ERROR;
    }
    int rc = sqlite3_step(c->tx[id]);
    enum store_err e = rc == SQLITE_DONE ? STORE_OK : map_rc(s, rc, sql[id]);
    sqlite3_reset(c->tx[id]);
    return e;
}

enum store_err store_begin_read(struct store *s)
{
    return tx_run(s, TX_BEGIN);
}

enum store_err store_begin_write(struct store *s)
{
    pthread_mutex_lock(&s->pool->write_lock);
    s->c = &s->pool->writer;
    enum store_err e = tx_run(s, TX_BEGIN_IMMEDIATE);
    if (e) {
        s->c = &s->own;
        pthread_mutex_unlock(&s->pool->write_lock);
        return e;
    }
    s->writing = true;
    s->tx_start = metrics_now_us();
    return STORE_OK;
}

static void end_write(struct store *s)
{
    if (!s->writing)
        return;
    s->writing = false;
    s->c = &s->own;
    metrics_observe_us(s->pool->tx_hist, metrics_now_us() - s->tx_start);
    pthread_mutex_unlock(&s->pool->write_lock);
}

enum store_err store_commit(struct store *s)
{
    enum store_err e = tx_run(s, TX_COMMIT);
    if (e)
        store_rollback(s);
    else
        end_write(s);
    return e;
}

void store_rollback(struct store *s)
{
    if (!sqlite3_get_autocommit(s->c->db))
        tx_run(s, TX_ROLLBACK);
    end_write(s);
}

/* ---- organisation ---- */

enum store_err store_org_create(struct store *s, int64_t parent_id, enum org_kind kind,
                                const char *name, int64_t *id)
{
    return run_insert(s, ST_ORG_CREATE,
                      PARAMS(P_ID(parent_id), P_INT(kind), P_TEXT(name), P_INT(wall_ms())), id);
}

enum store_err store_org_get(struct store *s, struct arena *a, int64_t id, struct org *out)
{
    return get_row(s, ST_ORG_GET, PARAMS(P_INT(id)), a, read_org, out);
}

enum store_err store_org_by_name(struct store *s, struct arena *a, const char *name,
                                 struct org *out)
{
    return get_row(s, ST_ORG_BY_NAME, PARAMS(P_TEXT(name)), a, read_org, out);
}

enum store_err store_org_list(struct store *s, struct arena *a, struct org **out, size_t *n)
{
    return get_rows(s, ST_ORG_LIST, NULL, a, read_org, sizeof **out, NO_LIMIT, (void **)out, n);
}

/* ---- people ---- */

enum store_err store_user_create(struct store *s, struct user *u, const char *password_hash)
{
    u->created_at = wall_ms();
    return run_insert(s, ST_USER_CREATE,
                      PARAMS(P_TEXT(u->login), P_TEXT(u->name), P_TEXT(u->title ? u->title : ""),
                             P_ID(u->org_id), P_ID(u->manager_id), P_INT(u->role), P_INT(u->status),
                             P_TEXT(password_hash), P_INT(u->created_at), P_TEXT(u->email),
                             P_INT(u->comms)),
                      &u->id);
}

enum store_err store_user_set_email(struct store *s, int64_t id, const char *email)
{
    return run_changed(s, ST_USER_SET_EMAIL, PARAMS(P_INT(id), P_TEXT(email), P_INT(wall_ms())));
}

enum store_err store_user_set_comms(struct store *s, int64_t id, bool comms)
{
    return run_changed(s, ST_USER_SET_COMMS, PARAMS(P_INT(id), P_INT(comms), P_INT(wall_ms())));
}

enum store_err store_user_set_monitor(struct store *s, int64_t id, bool monitor)
{
    return run_changed(s, ST_USER_SET_MONITOR, PARAMS(P_INT(id), P_INT(monitor), P_INT(wall_ms())));
}

enum store_err store_user_get(struct store *s, struct arena *a, int64_t id, struct user *out)
{
    return get_row(s, ST_USER_GET, PARAMS(P_INT(id)), a, read_user, out);
}

enum store_err store_user_by_login(struct store *s, struct arena *a, const char *login,
                                   struct user *out, const char **password_hash)
{
    return get_row(s, ST_USER_BY_LOGIN, PARAMS(P_TEXT(login)), a, read_user_extra,
                   &(struct user_extra){out, password_hash});
}

enum store_err store_user_set_password(struct store *s, int64_t id, const char *password_hash)
{
    return run_changed(s, ST_USER_SET_PASSWORD,
                       PARAMS(P_INT(id), P_TEXT(password_hash), P_INT(wall_ms())));
}

enum store_err store_user_set_status(struct store *s, int64_t id, enum user_status status)
{
    return run_changed(s, ST_USER_SET_STATUS, PARAMS(P_INT(id), P_INT(status), P_INT(wall_ms())));
}

enum store_err store_user_set_manager(struct store *s, int64_t id, int64_t manager_id)
{
    return run_changed(s, ST_USER_SET_MANAGER,
                       PARAMS(P_INT(id), P_ID(manager_id), P_INT(wall_ms())));
}

/* "%term%" for LIKE, with LIKE's metacharacters escaped by '\'. */
static const char *like_pattern(struct arena *a, const char *q)
{
    if (!q || !*q)
        return NULL;
    size_t n = strlen(q);
    char *p = arena_alloc(a, 2 * n + 3);
    if (!p)
        return NULL;
    size_t k = 0;
    p[k++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
            p[k++] = '\\';
        p[k++] = q[i];
    }
    p[k++] = '%';
    p[k] = '\0';
    return p;
}

enum store_err store_user_list(struct store *s, struct arena *a, const char *query, int64_t org_id,
                               const char *after_login, size_t limit, struct user **out, size_t *n)
{
    return get_rows(s, ST_USER_LIST,
                    PARAMS(P_TEXT(like_pattern(a, query)), P_INT(org_id),
                           P_TEXT(after_login ? after_login : ""), P_INT((int64_t)limit)),
                    a, read_user, sizeof **out, limit, (void **)out, n);
}

/* ---- sessions, tokens, throttling ---- */

enum store_err store_session_create(struct store *s, const char *digest, int64_t user_id,
                                    const char *csrf, int64_t now, int64_t expires_at)
{
    enum store_err e = run(s, ST_SESSION_DELETE_EXPIRED, PARAMS(P_INT(now)));
    if (e)
        return e;
    return run(s, ST_SESSION_CREATE,
               PARAMS(P_TEXT(digest), P_INT(user_id), P_TEXT(csrf), P_INT(now), P_INT(expires_at)));
}

enum store_err store_session_lookup(struct store *s, struct arena *a, const char *digest,
                                    int64_t now, struct user *user, const char **csrf)
{
    return get_row(s, ST_SESSION_LOOKUP, PARAMS(P_TEXT(digest), P_INT(now)), a, read_user_extra,
                   &(struct user_extra){user, csrf});
}

enum store_err store_session_delete(struct store *s, const char *digest)
{
    return run(s, ST_SESSION_DELETE, PARAMS(P_TEXT(digest)));
}

enum store_err store_sessions_delete_user(struct store *s, int64_t user_id)
{
    return run(s, ST_SESSIONS_DELETE_USER, PARAMS(P_INT(user_id)));
}

enum store_err store_token_create(struct store *s, const char *digest, int64_t user_id,
                                  const char *name, int64_t now, int64_t *id)
{
    return run_insert(s, ST_TOKEN_CREATE,
                      PARAMS(P_TEXT(digest), P_INT(user_id), P_TEXT(name), P_INT(now)), id);
}

enum store_err store_token_lookup(struct store *s, struct arena *a, const char *digest,
                                  struct user *user)
{
    return get_row(s, ST_TOKEN_LOOKUP, PARAMS(P_TEXT(digest)), a, read_user, user);
}

enum store_err store_token_list(struct store *s, struct arena *a, int64_t user_id,
                                struct api_token **out, size_t *n)
{
    return get_rows(s, ST_TOKEN_LIST, PARAMS(P_INT(user_id)), a, read_token, sizeof **out, NO_LIMIT,
                    (void **)out, n);
}

enum store_err store_token_revoke(struct store *s, int64_t id, int64_t user_id, int64_t now)
{
    return run_changed(s, ST_TOKEN_REVOKE, PARAMS(P_INT(id), P_INT(user_id), P_INT(now)));
}

enum store_err store_login_failure_add(struct store *s, const char *key, int64_t now)
{
    /* Failures older than a day never matter to the throttle: prune them here. */
    enum store_err e = run(s, ST_FAILURE_PRUNE, PARAMS(P_INT(now - 86400000)));
    if (e)
        return e;
    return run(s, ST_FAILURE_ADD, PARAMS(P_TEXT(key), P_INT(now)));
}

enum store_err store_login_failure_count(struct store *s, const char *key, int64_t since,
                                         int64_t *count, int64_t *oldest)
{
    int64_t v[2] = {0, 0};
    enum store_err e =
        get_row(s, ST_FAILURE_COUNT, PARAMS(P_TEXT(key), P_INT(since)), NULL, read_i64_pair, v);
    if (!e) {
        *count = v[0];
        *oldest = v[1];
    }
    return e;
}

enum store_err store_login_failure_clear(struct store *s, const char *key)
{
    return run(s, ST_FAILURE_CLEAR, PARAMS(P_TEXT(key)));
}

/* ---- groups and memberships ---- */

enum store_err store_group_create(struct store *s, struct group *g)
{
    g->created_at = g->updated_at = wall_ms();
    return run_insert(s, ST_GROUP_CREATE,
                      PARAMS(P_TEXT(g->name), P_TEXT(g->purpose), P_INT(g->privacy),
                             P_INT(g->created_by), P_INT(g->created_at)),
                      &g->id);
}

enum store_err store_group_get(struct store *s, struct arena *a, int64_t id, int64_t viewer_id,
                               struct group *out)
{
    return get_row(s, ST_GROUP_GET, PARAMS(P_INT(id), P_INT(viewer_id)), a, read_group, out);
}

enum store_err store_group_update(struct store *s, const struct group *g)
{
    return run_changed(s, ST_GROUP_UPDATE,
                       PARAMS(P_INT(g->id), P_TEXT(g->name), P_TEXT(g->purpose), P_INT(g->privacy),
                              P_ID(g->archived_at), P_INT(wall_ms())));
}

enum store_err store_group_suggest(struct store *s, struct arena *a, int64_t viewer_id,
                                   size_t limit, struct group **out, size_t *n)
{
    return get_rows(s, ST_GROUP_SUGGEST, PARAMS(P_INT(viewer_id), P_INT((int64_t)limit)), a,
                    read_group, sizeof **out, limit, (void **)out, n);
}

enum store_err store_group_list(struct store *s, struct arena *a, const struct group_filter *f,
                                const char *after_name, int64_t after_id, size_t limit,
                                struct group **out, size_t *n)
{
    return get_rows(s, ST_GROUP_LIST,
                    PARAMS(P_INT(f->viewer_id), P_INT(f->see_all_secret), P_INT(f->only_state),
                           P_TEXT(like_pattern(a, f->query)), P_TEXT(after_name ? after_name : ""),
                           P_INT(after_id), P_INT((int64_t)limit)),
                    a, read_group, sizeof **out, limit, (void **)out, n);
}

enum store_err store_member_get(struct store *s, int64_t group_id, int64_t user_id,
                                enum member_state *state, enum group_role *role)
{
    int64_t v[2] = {MEMBER_NONE, GROUP_MEMBER}; /* no row: no membership */
    enum store_err e =
        get_row(s, ST_MEMBER_GET, PARAMS(P_INT(group_id), P_INT(user_id)), NULL, read_i64_pair, v);
    if (e == STORE_NOTFOUND)
        e = STORE_OK;
    if (!e) {
        *state = (enum member_state)v[0];
        *role = (enum group_role)v[1];
    }
    return e;
}

enum store_err store_member_set(struct store *s, int64_t group_id, int64_t user_id,
                                enum member_state state, enum group_role role, int64_t by,
                                int64_t now)
{
    return run(
        s, ST_MEMBER_SET,
        PARAMS(P_INT(group_id), P_INT(user_id), P_INT(state), P_INT(role), P_ID(by), P_INT(now)));
}

enum store_err store_member_delete(struct store *s, int64_t group_id, int64_t user_id)
{
    return run_changed(s, ST_MEMBER_DELETE, PARAMS(P_INT(group_id), P_INT(user_id)));
}

enum store_err store_member_list(struct store *s, struct arena *a, int64_t group_id,
                                 enum member_state state, int64_t after_user_id, size_t limit,
                                 struct member **out, size_t *n)
{
    return get_rows(
        s, ST_MEMBER_LIST,
        PARAMS(P_INT(group_id), P_INT(state), P_INT(after_user_id), P_INT((int64_t)limit)), a,
        read_member, sizeof **out, limit, (void **)out, n);
}

/* count(*) always yields its one row. */
enum store_err store_group_admin_count(struct store *s, int64_t group_id, int64_t *n)
{
    return get_row(s, ST_ADMIN_COUNT, PARAMS(P_INT(group_id)), NULL, read_i64, n);
}

enum store_err store_user_feed_groups(struct store *s, struct arena *a, int64_t user_id,
                                      int64_t **ids, size_t *n)
{
    return get_rows(s, ST_FEED_GROUPS, PARAMS(P_INT(user_id)), a, read_i64, sizeof **ids, NO_LIMIT,
                    (void **)ids, n);
}

/* ---- posts ---- */

static enum store_err revision_add(struct store *s, int64_t post_id, int64_t editor,
                                   const char *body, const char *html, int64_t now)
{
    return run(s, ST_REVISION_ADD,
               PARAMS(P_INT(post_id), P_INT(editor), P_TEXT(body), P_TEXT(html), P_INT(now)));
}

enum store_err store_post_create(struct store *s, int64_t group_id, int64_t author_id,
                                 const char *body, const char *html, int64_t now, int64_t *id)
{
    enum store_err e = run_insert(
        s, ST_POST_CREATE,
        PARAMS(P_INT(group_id), P_INT(author_id), P_TEXT(body), P_TEXT(html), P_INT(now)), id);
    if (e)
        return e;
    return revision_add(s, *id, author_id, body, html, now);
}

/* The post among p[0..n) whose id is id, or NULL. */
static struct post *post_with_id(struct post *p, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (p[i].id == id)
            return &p[i];
    return NULL;
}

/* Fills in what POST_GET and POSTS_HYDRATE do not read, for the posts
 * p[0..n) at once: counts by reaction kind (one query) and the latest two
 * live comments of each post that has comments (one query, an index range
 * of at most two entries per post). */
static enum store_err post_extras(struct store *s, struct arena *a, struct post *p, size_t n)
{
    int64_t *ids = arena_alloc(a, (n ? n : 1) * sizeof *ids);
    if (!ids)
        return STORE_ENOMEM;
    size_t n_commented = 0;
    for (size_t i = 0; i < n; i++) {
        memset(p[i].reaction_by_kind, 0, sizeof p[i].reaction_by_kind);
        p[i].n_latest = 0;
        ids[i] = p[i].id;
    }
    const char *all = ids_json(a, ids, n);
    if (!all)
        return STORE_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (p[i].comment_count > 0)
            ids[n_commented++] = p[i].id;
    const char *commented = ids_json(a, ids, n_commented);
    if (!commented)
        return STORE_ENOMEM;

    sqlite3_stmt *q = prep(s, ST_REACTION_COUNTS, PARAMS(P_TEXT(all)));
    if (!q)
        return STORE_ERROR;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct post *o = post_with_id(p, n, col_i64(q, 0));
        int64_t k = col_i64(q, 1);
        if (o && k >= 0 && k < REACTION_KINDS)
            o->reaction_by_kind[k] = col_i64(q, 2);
    }
    fin(s, ST_REACTION_COUNTS);
    if (rc != SQLITE_DONE)
        return map_rc(s, rc, "REACTION_COUNTS");
    if (!n_commented)
        return STORE_OK;

    q = prep(s, ST_COMMENT_LATEST, PARAMS(P_TEXT(commented)));
    if (!q)
        return STORE_ERROR;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct post *o = post_with_id(p, n, col_i64(q, 1));
        if (!o || o->n_latest == 2)
            continue;
        /* Oldest first, as a reader reads them, whatever order rows come in. */
        struct comment c;
        read_comment(q, a, &c);
        size_t at = o->n_latest++;
        if (at == 1 && o->latest[0].id > c.id) {
            o->latest[1] = o->latest[0];
            at = 0;
        }
        o->latest[at] = c;
    }
    fin(s, ST_COMMENT_LATEST);
    return rc == SQLITE_DONE ? STORE_OK : map_rc(s, rc, "COMMENT_LATEST");
}

enum store_err store_post_head(struct store *s, struct arena *a, int64_t id, int64_t viewer_id,
                               struct post *o)
{
    enum store_err e =
        get_row(s, ST_POST_GET, PARAMS(P_INT(id), P_INT(viewer_id)), a, read_post, o);
    if (!e) {
        memset(o->reaction_by_kind, 0, sizeof o->reaction_by_kind);
        o->n_latest = 0;
    }
    return e;
}

enum store_err store_post_get(struct store *s, struct arena *a, int64_t id, int64_t viewer_id,
                              struct post *o)
{
    enum store_err e = store_post_head(s, a, id, viewer_id, o);
    return e ? e : post_extras(s, a, o, 1);
}

enum store_err store_post_update(struct store *s, int64_t id, int64_t editor_id, const char *body,
                                 const char *html, int64_t now)
{
    enum store_err e =
        run_changed(s, ST_POST_UPDATE, PARAMS(P_INT(id), P_TEXT(body), P_TEXT(html), P_INT(now)));
    if (e)
        return e;
    return revision_add(s, id, editor_id, body, html, now);
}

enum store_err store_post_delete(struct store *s, int64_t id, int64_t by, int64_t now)
{
    return run_changed(s, ST_POST_DELETE, PARAMS(P_INT(id), P_INT(by), P_INT(now)));
}

enum store_err store_post_revisions(struct store *s, struct arena *a, int64_t post_id,
                                    struct revision **out, size_t *n)
{
    return get_rows(s, ST_REVISION_LIST, PARAMS(P_INT(post_id)), a, read_revision, sizeof **out,
                    NO_LIMIT, (void **)out, n);
}

enum store_err store_author_post_ids(struct store *s, const struct content_filter *f,
                                     int64_t author_id, int64_t before, size_t limit, int64_t *ids,
                                     size_t *n)
{
    if (!prep(s, ST_AUTHOR_POST_IDS,
              PARAMS(P_INT(author_id), P_INT(before > 0 ? before : INT64_MAX), P_INT(f->viewer_id),
                     P_INT((int64_t)limit))))
        return STORE_ERROR;
    void *buf = ids;
    return read_rows(s, ST_AUTHOR_POST_IDS, NULL, read_i64, &buf, sizeof *ids, limit, n);
}

enum store_err store_group_post_ids(struct store *s, int64_t group_id, int64_t before,
                                    int64_t floor, size_t limit, int64_t *ids, size_t *n)
{
    if (!prep(s, ST_GROUP_POST_IDS,
              PARAMS(P_INT(group_id), P_INT(before > 0 ? before : INT64_MAX), P_INT(floor),
                     P_INT((int64_t)limit))))
        return STORE_ERROR;
    void *buf = ids;
    return read_rows(s, ST_GROUP_POST_IDS, NULL, read_i64, &buf, sizeof *ids, limit, n);
}

enum store_err store_posts_hydrate(struct store *s, struct arena *a, int64_t viewer_id,
                                   const int64_t *ids, size_t n_ids, struct post *out, size_t *n)
{
    *n = 0;
    if (!n_ids)
        return STORE_OK;
    /* One query for the posts, in whatever order they come; then each
     * into its place in the order of ids. */
    const char *list = ids_json(a, ids, n_ids);
    struct post *rows = arena_alloc(a, n_ids * sizeof *rows);
    if (!list || !rows)
        return STORE_ENOMEM;
    if (!prep(s, ST_POSTS_HYDRATE, PARAMS(P_TEXT(list), P_INT(viewer_id))))
        return STORE_ERROR;
    void *buf = rows;
    size_t got;
    enum store_err e =
        read_rows(s, ST_POSTS_HYDRATE, a, read_post, &buf, sizeof *rows, n_ids, &got);
    if (e)
        return e;
    for (size_t i = 0; i < n_ids; i++) {
        struct post *o = post_with_id(rows, got, ids[i]);
        if (o && !o->deleted_at)
            out[(*n)++] = *o;
    }
    return post_extras(s, a, out, *n);
}

/* ---- comments, reactions, mentions ---- */

enum store_err store_comment_create(struct store *s, int64_t post_id, int64_t parent_id,
                                    int64_t author_id, const char *body, const char *html,
                                    int64_t now, int64_t *id)
{
    return run_insert(s, ST_COMMENT_CREATE,
                      PARAMS(P_INT(post_id), P_ID(parent_id), P_INT(author_id), P_TEXT(body),
                             P_TEXT(html), P_INT(now)),
                      id);
}

/* A hidden comment reads as absent to every caller. */
enum store_err store_comment_get(struct store *s, struct arena *a, int64_t id, struct comment *out)
{
    struct live_comment l = {out, false};
    enum store_err e = get_row(s, ST_COMMENT_GET, PARAMS(P_INT(id)), a, read_live_comment, &l);
    return !e && !l.found ? STORE_NOTFOUND : e;
}

enum store_err store_comment_list(struct store *s, struct arena *a, int64_t post_id,
                                  int64_t after_id, size_t limit, struct comment **out, size_t *n)
{
    return get_rows(s, ST_COMMENT_LIST,
                    PARAMS(P_INT(post_id), P_INT(after_id), P_INT((int64_t)limit)), a, read_comment,
                    sizeof **out, limit, (void **)out, n);
}

enum store_err store_comment_delete(struct store *s, int64_t id, int64_t by, int64_t now)
{
    return run_changed(s, ST_COMMENT_DELETE, PARAMS(P_INT(id), P_INT(by), P_INT(now)));
}

enum store_err store_reaction_set(struct store *s, int64_t post_id, int64_t user_id, int kind,
                                  int64_t now)
{
    return run(s, ST_REACTION_SET, PARAMS(P_INT(post_id), P_INT(user_id), P_INT(kind), P_INT(now)));
}

enum store_err store_reaction_delete(struct store *s, int64_t post_id, int64_t user_id, int kind)
{
    return run_changed(s, ST_REACTION_DELETE, PARAMS(P_INT(post_id), P_INT(user_id), P_INT(kind)));
}

enum store_err store_mentions_set(struct store *s, bool is_comment, int64_t source_id,
                                  char *const *logins, size_t n, int64_t now)
{
    enum store_err e = run(s, ST_MENTIONS_CLEAR, PARAMS(P_INT(is_comment), P_INT(source_id)));
    for (size_t i = 0; !e && i < n; i++)
        e = run(s, ST_MENTION_ADD,
                PARAMS(P_INT(is_comment), P_INT(source_id), P_TEXT(logins[i]), P_INT(now)));
    return e;
}

enum store_err store_mentions_list(struct store *s, struct arena *a, bool is_comment,
                                   int64_t source_id, struct user **out, size_t *n)
{
    return get_rows(s, ST_MENTION_LIST, PARAMS(P_INT(is_comment), P_INT(source_id)), a, read_user,
                    sizeof **out, NO_LIMIT, (void **)out, n);
}

/* ---- notifications, their settings, post follows ---- */

enum store_err store_notification_add(struct store *s, const struct notify_row *n)
{
    return run(s, ST_NOTE_ADD,
               PARAMS(P_INT(n->user_id), P_INT(n->kind), P_ID(n->actor_id), P_ID(n->group_id),
                      P_ID(n->post_id), P_ID(n->comment_id), P_INT(n->now), P_ID(n->review_id)));
}

enum store_err store_notification_bump(struct store *s, const struct notify_row *n)
{
    return run_changed(s, ST_NOTE_BUMP,
                       PARAMS(P_INT(n->user_id), P_INT(n->kind), P_INT(n->actor_id), P_INT(n->now),
                              P_INT(n->post_id)));
}

enum store_err store_notify_admins(struct store *s, const struct notify_row *n,
                                   enum notify_level dflt, enum notify_level max_level)
{
    return run(s, ST_NOTE_ADMINS,
               PARAMS(P_INT(n->group_id), P_INT(n->kind), P_INT(n->actor_id), P_INT(n->now),
                      P_INT(dflt), P_INT(max_level)));
}

enum store_err store_notify_level(struct store *s, const struct notify_row *n,
                                  enum notify_level level)
{
    return run(s, ST_NOTE_LEVEL,
               PARAMS(P_INT(n->group_id), P_INT(n->kind), P_INT(n->actor_id), P_INT(n->post_id),
                      P_INT(n->now), P_INT(level)));
}

enum store_err store_notify_followers(struct store *s, const struct notify_row *n, int64_t skip1,
                                      int64_t skip2, enum notify_level dflt,
                                      enum notify_level max_level)
{
    return run(s, ST_NOTE_FOLLOWERS,
               PARAMS(P_INT(n->group_id), P_INT(n->kind), P_INT(n->actor_id), P_INT(n->post_id),
                      P_INT(n->comment_id), P_INT(n->now), P_INT(skip1), P_INT(skip2), P_INT(dflt),
                      P_INT(max_level)));
}

enum store_err store_notification_list(struct store *s, struct arena *a,
                                       const struct notify_filter *f, bool unread_only,
                                       int64_t before, size_t limit, struct notification **out,
                                       size_t *n)
{
    return get_rows(s, ST_NOTE_LIST,
                    PARAMS(P_INT(f->viewer_id), P_INT(f->see_all_secret), P_INT(unread_only),
                           P_INT(before > 0 ? before : INT64_MAX), P_INT((int64_t)limit)),
                    a, read_notification, sizeof **out, limit, (void **)out, n);
}

/* count(*) always yields its one row. */
enum store_err store_notification_unread(struct store *s, const struct notify_filter *f,
                                         int64_t *count)
{
    return get_row(s, ST_NOTE_UNREAD,
                   PARAMS(P_INT(f->viewer_id), P_INT(f->see_all_secret), P_INT(1)), NULL, read_i64,
                   count);
}

enum store_err store_notification_mark(struct store *s, int64_t user_id, int64_t id, int64_t now)
{
    return run(s, ST_NOTE_MARK, PARAMS(P_INT(user_id), P_INT(id), P_INT(now)));
}

enum store_err store_notification_mark_all(struct store *s, int64_t user_id, int64_t now)
{
    return run(s, ST_NOTE_MARK_ALL, PARAMS(P_INT(user_id), P_INT(now)));
}

enum store_err store_notification_prune(struct store *s, int64_t read_before, size_t limit,
                                        int64_t *deleted)
{
    enum store_err e = run(s, ST_NOTE_PRUNE, PARAMS(P_INT(read_before), P_INT((int64_t)limit)));
    if (!e && deleted)
        *deleted = sqlite3_changes(s->c->db);
    return e;
}

enum store_err store_notify_setting_get(struct store *s, int64_t user_id, int64_t group_id,
                                        enum notify_level *level, bool *muted, bool *found)
{
    int64_t v[2] = {0, 0};
    enum store_err e =
        get_row(s, ST_NSET_GET, PARAMS(P_INT(user_id), P_INT(group_id)), NULL, read_i64_pair, v);
    *found = e == STORE_OK;
    if (e == STORE_NOTFOUND)
        return STORE_OK;
    if (!e) {
        *level = (enum notify_level)v[0];
        *muted = v[1] != 0;
    }
    return e;
}

enum store_err store_notify_setting_set(struct store *s, int64_t user_id, int64_t group_id,
                                        enum notify_level level, bool muted)
{
    return run(s, ST_NSET_SET, PARAMS(P_INT(user_id), P_INT(group_id), P_INT(level), P_INT(muted)));
}

static void read_notify_setting(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct notify_setting *o = elem;
    o->group_id = col_i64(p, 0);
    o->group_name = col_text0(p, 1, a);
    o->level = (enum notify_level)col_i64(p, 2);
    o->muted = col_i64(p, 3) != 0;
}

enum store_err store_notify_settings_list(struct store *s, struct arena *a, int64_t user_id,
                                          enum notify_level dflt, int64_t after_group_id,
                                          size_t limit, struct notify_setting **out, size_t *n)
{
    return get_rows(
        s, ST_NSET_LIST,
        PARAMS(P_INT(user_id), P_INT(dflt), P_INT(after_group_id), P_INT((int64_t)limit)), a,
        read_notify_setting, sizeof **out, limit, (void **)out, n);
}

enum store_err store_post_follow_get(struct store *s, int64_t post_id, int64_t user_id, int *state)
{
    int64_t v = -1;
    enum store_err e =
        get_row(s, ST_FOLLOW_GET, PARAMS(P_INT(post_id), P_INT(user_id)), NULL, read_i64, &v);
    if (e == STORE_NOTFOUND)
        e = STORE_OK;
    *state = (int)v;
    return e;
}

enum store_err store_post_follow_set(struct store *s, int64_t post_id, int64_t user_id,
                                     bool following, bool keep, int64_t now)
{
    return run(s, ST_FOLLOW_SET,
               PARAMS(P_INT(post_id), P_INT(user_id), P_INT(following), P_INT(now), P_INT(keep)));
}

/* ---- the event log ---- */

enum store_err store_event_add(struct store *s, struct event *e)
{
    return run_insert(s, ST_EVENT_ADD,
                      PARAMS(P_INT(e->kind), P_ID(e->group_id), P_ID(e->post_id),
                             P_ID(e->comment_id), P_ID(e->actor_id), P_ID(e->user_id),
                             P_ID(e->notification_id), P_INT(e->created_at)),
                      &e->id);
}

static void read_event(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct event *e = elem;
    (void)a;
    e->id = col_i64(p, 0);
    e->kind = (int)col_i64(p, 1);
    e->group_id = col_i64(p, 2);
    e->post_id = col_i64(p, 3);
    e->comment_id = col_i64(p, 4);
    e->actor_id = col_i64(p, 5);
    e->user_id = col_i64(p, 6);
    e->notification_id = col_i64(p, 7);
    e->created_at = col_i64(p, 8);
}

enum store_err store_event_list(struct store *s, struct arena *a, const struct event_filter *f,
                                int64_t after, size_t limit, struct event **out, size_t *n)
{
    return get_rows(s, ST_EVENT_LIST,
                    PARAMS(P_INT(f->viewer_id), P_INT(after), P_INT((int64_t)limit)), a, read_event,
                    sizeof **out, limit, (void **)out, n);
}

enum store_err store_event_bounds(struct store *s, int64_t *first, int64_t *last)
{
    int64_t v[2] = {0, 0};
    enum store_err e = get_row(s, ST_EVENT_BOUNDS, NULL, NULL, read_i64_pair, v);
    if (!e) {
        *first = v[0];
        *last = v[1];
    }
    return e;
}

enum store_err store_event_prune(struct store *s, int64_t keep, int64_t before)
{
    return run(s, ST_EVENT_PRUNE, PARAMS(P_INT(keep), P_INT(before)));
}
