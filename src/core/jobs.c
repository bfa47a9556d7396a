/* The job queue's worker thread, its kinds table, backoff and the admin
 * summary (the rules in words are in jobs.h). */
#include "core/jobs.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "core/draft.h"
#include "core/mail.h"
#include "core/media.h"
#include "core/notify.h"
#include "util/log.h"
#include "util/metrics.h"

struct kind_def {
    const char *name;
    job_fn *run;
};

static const struct kind_def kinds[JOB_KIND__MAX] = {
    [JOB_MAIL_NOTIFICATION] = {"notification_email", mail_job_notification},
    [JOB_DIGEST] = {"digest_email", mail_job_digest},
    [JOB_DIGEST_SWEEP] = {"digest_sweep", mail_job_sweep},
    [JOB_PUBLISH] = {"publish_draft", draft_job_publish},
    [JOB_PUBLISH_FAILED] = {"publish_failed_email", mail_job_publish_failed},
};

/* schema.c's notifications_mail trigger writes kind 0, DIGEST_ENQUEUE kind 1. */
_Static_assert(JOB_MAIL_NOTIFICATION == 0 && JOB_DIGEST == 1,
               "schema.c and sql_jobs.h use 0 and 1");

static const char *const state_names[JOB_STATE__MAX] = {"pending", "done", "dead"};
static const char *const outcome_names[] = {"done", "skipped", "retry", "dead"};

const char *job_kind_str(int kind)
{
    return kind >= 0 && kind < JOB_KIND__MAX ? kinds[kind].name : "unknown";
}

const char *job_state_str(enum job_state s)
{
    return (unsigned)s < JOB_STATE__MAX ? state_names[s] : "unknown";
}

int64_t jobs_backoff(const struct jobs_config *c, int64_t attempts, int64_t now)
{
    int64_t d = c->retry_base_ms > 0 ? c->retry_base_ms : 30000;
    int64_t cap = c->retry_max_ms > 0 ? c->retry_max_ms : 3600 * 1000;
    for (int64_t i = 1; i < attempts && d < cap; i++)
        d *= 2;
    return now + (d < cap ? d : cap);
}

/* One counter per kind and outcome, registered on first use. */
static void count(int kind, enum job_outcome o)
{
    static struct metrics_counter *c[JOB_KIND__MAX][4];
    if ((unsigned)kind >= JOB_KIND__MAX || (unsigned)o >= 4)
        return;
    if (!c[kind][o]) {
        char labels[96];
        snprintf(labels, sizeof labels, "kind=\"%s\",outcome=\"%s\"", kinds[kind].name,
                 outcome_names[o]);
        c[kind][o] = metrics_counter("staffroom_jobs_total", labels);
    }
    metrics_inc(c[kind][o]);
}

/* Records how job j ended, in its own write transaction. */
static enum store_err record(struct store *s, const struct jobs_config *c, const struct job *j,
                             enum job_outcome o, const struct job_run *r)
{
    int64_t now = core_now_ms();
    int max = c->max_attempts > 0 ? c->max_attempts : JOBS_MAX_ATTEMPTS_DEFAULT;
    if (o == JOB_OUT_RETRY && j->attempts >= max && !r->retry_at)
        o = JOB_OUT_DEAD;
    count(j->kind, o);
    const char *note = r->note[0] ? r->note : NULL;
    enum store_err e = store_begin_write(s);
    if (e)
        return e;
    switch (o) {
    case JOB_OUT_DONE:
    case JOB_OUT_SKIPPED:
        e = store_job_done(s, j->id, note, now);
        break;
    case JOB_OUT_RETRY:
        e = store_job_retry(s, j->id, r->retry_at ? r->retry_at : jobs_backoff(c, j->attempts, now),
                            note, now);
        break;
    case JOB_OUT_DEAD:
        e = store_job_dead(s, j->id, note, now);
        break;
    }
    if (e) {
        store_rollback(s);
        return e;
    }
    if (o == JOB_OUT_DEAD)
        log_warn("job %lld (%s) gave up after %lld attempts: %s", (long long)j->id,
                 kinds[j->kind].name, (long long)j->attempts, note ? note : "?");
    else if (o == JOB_OUT_RETRY)
        log_info("job %lld (%s) attempt %lld failed, will retry: %s", (long long)j->id,
                 kinds[j->kind].name, (long long)j->attempts, note ? note : "?");
    return store_commit(s);
}

enum store_err jobs_run_pass(struct store *s, const struct jobs_config *c, const atomic_bool *stop,
                             size_t *ran)
{
    struct arena a;
    arena_init(&a, 0);
    struct job *jobs;
    size_t n = 0;
    int64_t now = core_now_ms();
    *ran = 0;
    enum store_err e = store_begin_write(s);
    if (!e) {
        size_t batch = c->batch ? c->batch : 20;
        e = store_jobs_claim(s, &a, now, now + (c->lease_ms > 0 ? c->lease_ms : 300000), batch,
                             &jobs, &n);
        if (e)
            store_rollback(s);
        else
            e = store_commit(s);
    }
    for (size_t i = 0; !e && i < n; i++) {
        const struct job *j = &jobs[i];
        struct job_run r = {.job = j, .stop = stop};
        enum job_outcome o;
        struct arena ja;
        arena_init(&ja, 0);
        if ((unsigned)j->kind >= JOB_KIND__MAX || !kinds[j->kind].run) {
            snprintf(r.note, sizeof r.note, "unknown job kind %d", j->kind);
            o = JOB_OUT_DEAD;
        } else if (stop && atomic_load(stop)) {
            /* Stopping: leave it pending, to run at once on the next start. */
            snprintf(r.note, sizeof r.note, "the server stopped first");
            r.retry_at = now;
            o = JOB_OUT_RETRY;
        } else {
            o = kinds[j->kind].run(s, &ja, &r);
        }
        arena_free(&ja);
        e = record(s, c, j, o, &r);
        (*ran)++;
    }
    /* Now and then finished jobs are pruned (they are kept a while for
     * the admin view and so that a digest is not sent twice in a day). */
    static _Atomic unsigned passes;
    if (!e && atomic_fetch_add(&passes, 1) % 600 == 0 && !(e = store_begin_write(s))) {
        e = store_jobs_prune(s, now - JOBS_KEEP_DONE_MS, now - JOBS_KEEP_DEAD_MS, 1000);
        if (!e) /* and notifications read long ago */
            e = store_notification_prune(s, now - NOTIFY_KEEP_READ_MS, 1000, NULL);
        if (e)
            store_rollback(s);
        else
            e = store_commit(s);
        if (!e) /* and images never posted, in their own transaction (core/media) */
            e = media_prune(s, now, 1000);
    }
    arena_free(&a);
    return e;
}

/* ---- the worker thread ---- */

static struct {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    atomic_bool stop;
    bool running;
    struct store_pool *pool;
    struct jobs_config cfg;
} w = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void *worker(void *arg)
{
    (void)arg;
    while (!atomic_load(&w.stop)) {
        size_t ran = 0;
        struct store *s = store_acquire(w.pool);
        enum store_err e = s ? jobs_run_pass(s, &w.cfg, &w.stop, &ran) : STORE_ERROR;
        store_release(w.pool, s);
        if (e)
            log_warn("job queue pass failed: %s", store_err_str(e));
        size_t batch = w.cfg.batch ? w.cfg.batch : 20;
        if (!e && ran >= batch)
            continue; /* more may be due: no pause */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        unsigned ms = w.cfg.poll_ms ? w.cfg.poll_ms : 1000;
        until.tv_sec += ms / 1000;
        until.tv_nsec += (long)(ms % 1000) * 1000000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        pthread_mutex_lock(&w.lock);
        while (!atomic_load(&w.stop)) {
            if (pthread_cond_timedwait(&w.wake, &w.lock, &until) == ETIMEDOUT)
                break;
        }
        pthread_mutex_unlock(&w.lock);
    }
    return NULL;
}

int jobs_start(struct store_pool *pool, const struct jobs_config *c)
{
    if (w.running)
        return -1;
    w.pool = pool;
    w.cfg = *c;
    atomic_store(&w.stop, false);
    pthread_cond_init(&w.wake, NULL);
    if (pthread_create(&w.thread, NULL, worker, NULL) != 0) {
        pthread_cond_destroy(&w.wake);
        return -1;
    }
    w.running = true;
    return 0;
}

void jobs_stop(void)
{
    if (!w.running)
        return;
    pthread_mutex_lock(&w.lock);
    atomic_store(&w.stop, true);
    pthread_cond_signal(&w.wake);
    pthread_mutex_unlock(&w.lock);
    pthread_join(w.thread, NULL);
    pthread_cond_destroy(&w.wake);
    w.running = false;
}

/* ---- the admin view ---- */

enum core_err jobs_summary(struct store *s, struct arena *a, const struct viewer *v,
                           struct job_count **counts, size_t *n_counts, struct job_info **problems,
                           size_t *n_problems, struct fail *f)
{
    if (v->role != ROLE_ADMIN)
        return core_fail(f, CORE_FORBIDDEN, "admins_only",
                         "Only system administrators can see the job queue.", NULL);
    enum store_err e = store_begin_read(s);
    if (e)
        return core_store_fail(f, e);
    e = store_job_summary(s, a, counts, n_counts);
    if (!e)
        e = store_job_problems(s, a, 20, problems, n_problems);
    store_rollback(s); /* ends the read transaction */
    return core_store_fail(f, e);
}
