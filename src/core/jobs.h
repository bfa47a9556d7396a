/* The durable job queue's worker: what staffroom owes later (notification
 * e-mails, daily digests, scheduled posts) is a row in `jobs`, written in
 * the same transaction as what caused it, and one worker thread per
 * process runs the rows that are due. The kinds live in one table (jobs.c)
 * indexed by enum job_kind; each kind's handler lives with its subject
 * (core/mail, core/draft).
 *
 * Running: a pass claims at most `batch` due jobs in one short write
 * transaction (each claim moves run_at to the end of a lease and counts an
 * attempt), runs each outside any transaction, then records the outcome:
 * done, retried with exponential backoff (retry_base_ms doubling, capped at
 * retry_max_ms), or dead after max_attempts with its last error kept. A
 * process that dies mid-job leaves the job pending: it runs again when its
 * lease ends. Delivery is therefore at least once; an e-mail's Message-ID
 * stays the same on every attempt. */
#ifndef CORE_JOBS_H
#define CORE_JOBS_H

#include <stdatomic.h>

#include "core/core.h"
#include "store/store_jobs.h"

enum job_kind {
    JOB_MAIL_NOTIFICATION, /* user_id: recipient, ref_id: notification */
    JOB_DIGEST,            /* user_id: recipient, ref_id: local day YYYYMMDD */
    JOB_DIGEST_SWEEP,      /* ref_id: the start of the local hour, ms */
    JOB_PUBLISH,           /* user_id: author, ref_id: draft */
    JOB_PUBLISH_FAILED,    /* user_id: author, ref_id: draft (an e-mail) */
    JOB_KIND__MAX
};

/* How a run ended. */
enum job_outcome {
    JOB_OUT_DONE,
    JOB_OUT_SKIPPED, /* done without doing anything; note says why */
    JOB_OUT_RETRY,   /* try again: at retry_at, or after the backoff when 0 */
    JOB_OUT_DEAD,    /* will never work: note says why */
};

/* One run of a job, as its handler sees it. */
struct job_run {
    const struct job *job;
    const atomic_bool *stop; /* true when the process is stopping */
    char note[300];          /* the error or the reason to skip; never secrets */
    int64_t retry_at;
};

typedef enum job_outcome job_fn(struct store *s, struct arena *a, struct job_run *r);

struct jobs_config {
    unsigned poll_ms;      /* how often an idle worker looks for due jobs */
    int64_t retry_base_ms; /* first backoff; doubles per attempt */
    int64_t retry_max_ms;  /* backoff cap */
    int64_t lease_ms;      /* a claimed job runs again after this if not finished */
    int max_attempts;      /* then dead */
    size_t batch;          /* jobs per pass */
};

#define JOBS_MAX_ATTEMPTS_DEFAULT 12
#define JOBS_KEEP_DONE_MS         (7LL * 24 * 3600 * 1000)
#define JOBS_KEEP_DEAD_MS         (30LL * 24 * 3600 * 1000)

const char *job_kind_str(int kind);
const char *job_state_str(enum job_state s);
/* When a job that failed on its attempts-th attempt runs again. */
int64_t jobs_backoff(const struct jobs_config *c, int64_t attempts, int64_t now);

/* Runs one pass over the queue with connection s: claims, runs and
 * records at most c->batch due jobs. *ran is how many ran. */
enum store_err jobs_run_pass(struct store *s, const struct jobs_config *c, const atomic_bool *stop,
                             size_t *ran);

/* Starts the worker thread on pool (0 on success); jobs_stop ends it after
 * the job in hand and waits for it. */
int jobs_start(struct store_pool *pool, const struct jobs_config *c);
void jobs_stop(void);

/* The queue at a glance, for the admin view: counts per kind and state and
 * the latest failures. Admins only (FORBIDDEN otherwise). */
enum core_err jobs_summary(struct store *s, struct arena *a, const struct viewer *v,
                           struct job_count **counts, size_t *n_counts, struct job_info **problems,
                           size_t *n_problems, struct fail *f);

#endif
