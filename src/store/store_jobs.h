/* The storage interface of the durable job queue, e-mail settings and
 * state, the daily digest's reads, and drafts (the SQLite backend is
 * store/sqlite_jobs.c). Like store.h it holds no rules: core/jobs, core/mail
 * and core/draft decide, and reads that show content are judged by
 * core/perm. Strings in returned records come from the caller's arena. */
#ifndef STORE_STORE_JOBS_H
#define STORE_STORE_JOBS_H

#include "store/store.h"

/* ---- the job queue ---- */

enum job_state { JOB_PENDING, JOB_DONE, JOB_DEAD, JOB_STATE__MAX };

/* A claimed job. kind is enum job_kind of core/jobs.h. */
struct job {
    int64_t id;
    int kind;
    int64_t user_id, ref_id;
    int64_t attempts; /* this run included */
};

struct job_info {
    int64_t id;
    int kind;
    int64_t user_id, ref_id;
    enum job_state state;
    int64_t attempts, run_at, updated_at;
    const char *last_error; /* NULL when none */
};

/* Jobs of one kind in one state; oldest_run_at is the earliest run_at. */
struct job_count {
    int kind;
    enum job_state state;
    int64_t n, oldest_run_at;
};

/* Claims at most limit pending jobs due at now: each gets one more attempt
 * and run_at = lease_until, so that it runs again if whoever claimed it
 * never finishes it. Call inside a write transaction. */
enum store_err store_jobs_claim(struct store *s, struct arena *a, int64_t now, int64_t lease_until,
                                size_t limit, struct job **out, size_t *n);
/* note: why a job ended without doing anything (e.g. "skipped: ..."), or NULL. */
enum store_err store_job_done(struct store *s, int64_t id, const char *note, int64_t now);
enum store_err store_job_retry(struct store *s, int64_t id, int64_t run_at, const char *error,
                               int64_t now);
enum store_err store_job_dead(struct store *s, int64_t id, const char *error, int64_t now);
/* Adds a pending job unless one with the same kind, user and ref exists. */
enum store_err store_job_add(struct store *s, int kind, int64_t user_id, int64_t ref_id,
                             int64_t run_at, int64_t now);
/* Adds the job, or makes the existing one pending again at run_at with no attempts. */
enum store_err store_job_set(struct store *s, int kind, int64_t user_id, int64_t ref_id,
                             int64_t run_at, int64_t now);
/* Ends a pending job without running it (note says why). */
enum store_err store_job_cancel(struct store *s, int kind, int64_t user_id, int64_t ref_id,
                                const char *note, int64_t now);
enum store_err store_job_find(struct store *s, struct arena *a, int kind, int64_t user_id,
                              int64_t ref_id, struct job_info *out);
enum store_err store_job_summary(struct store *s, struct arena *a, struct job_count **out,
                                 size_t *n);
/* Dead jobs and pending ones that have failed, most recently changed first. */
enum store_err store_job_problems(struct store *s, struct arena *a, size_t limit,
                                  struct job_info **out, size_t *n);
/* Deletes at most limit finished jobs: done before done_before, dead before dead_before. */
enum store_err store_jobs_prune(struct store *s, int64_t done_before, int64_t dead_before,
                                size_t limit);

/* ---- e-mail ---- */

#define MAIL_KEY_LEN 32

/* Whether the district sends e-mail, and the unsubscribe links' key. */
enum store_err store_mail_state(struct store *s, bool *enabled, unsigned char key[MAIL_KEY_LEN]);
enum store_err store_mail_enable(struct store *s, bool enabled);

/* One person's e-mail settings. notify is enum mail_notify of core/mail.h. */
struct email_settings {
    int notify;
    bool digest;
    int digest_hour; /* 0-23, district time */
};
/* *found is false (out untouched) when the person never chose. */
enum store_err store_email_settings_get(struct store *s, int64_t user_id,
                                        struct email_settings *out, bool *found);
enum store_err store_email_settings_set(struct store *s, int64_t user_id,
                                        const struct email_settings *in, int64_t now);

/* One notification of user_id, if it passes the notify_filter f (the same
 * filter as store_notification_list); STORE_NOTFOUND otherwise. */
enum store_err store_mail_notification(struct store *s, struct arena *a,
                                       const struct notify_filter *f, int64_t id,
                                       struct notification *out);
/* The unread notifications passing f updated since since, newest first. */
enum store_err store_digest_notifications(struct store *s, struct arena *a,
                                          const struct notify_filter *f, int64_t since,
                                          size_t limit, struct notification **out, size_t *n);
/* Queues day's digest (ref day) at run_at for everyone with an address whose
 * digest is on at hour (people with no settings: dflt_hour). */
enum store_err store_digest_enqueue(struct store *s, int hour, int dflt_hour, int64_t day,
                                    int64_t run_at);
/* The highest post id created before since (0 if none): post ids grow
 * with time, so posts since then have greater ids. */
enum store_err store_post_floor(struct store *s, int64_t since, int64_t *floor);

/* A post of one of the reader's groups, with the group as the reader stands in it. */
struct digest_post {
    int64_t id, group_id;
    const char *group_name;
    enum privacy privacy;
    int64_t archived_at;
    enum member_state state;
    enum group_role role;
    const char *body;
    int64_t created_at;
    struct user author;
};
/* Live posts with id > floor in groups user_id is an active member of,
 * by others, newest first. */
enum store_err store_digest_posts(struct store *s, struct arena *a, int64_t user_id, int64_t floor,
                                  size_t limit, struct digest_post **out, size_t *n);

/* ---- drafts ---- */

enum draft_state {
    DRAFT_DRAFT,
    DRAFT_SCHEDULED,
    DRAFT_PUBLISHING,
    DRAFT_PUBLISHED,
    DRAFT_FAILED,
    DRAFT_STATE__MAX
};

struct draft {
    int64_t id, author_id, group_id; /* group_id 0: not chosen yet */
    const char *body;
    enum draft_state state;
    int64_t publish_at;    /* 0: not scheduled */
    int64_t claimed_until; /* while publishing: when the attempt is given up */
    int64_t post_id;       /* once published */
    const char *fail_code, *fail_detail;
    int64_t created_at, updated_at;
    const char *confirm_reason; /* the author's confirmation of a privacy warning, or NULL */
};

/* Creates d (id, created_at and updated_at set from now). */
enum store_err store_draft_create(struct store *s, struct draft *d, int64_t now);
/* A draft that is not deleted; author_id 0: whoever wrote it. */
enum store_err store_draft_get(struct store *s, struct arena *a, int64_t id, int64_t author_id,
                               struct draft *out);
/* The author's drafts that are not published or deleted, newest first, below before. */
enum store_err store_draft_list(struct store *s, struct arena *a, int64_t author_id, int64_t before,
                                size_t limit, struct draft **out, size_t *n);
enum store_err store_draft_count(struct store *s, int64_t author_id, int64_t *n);
/* Writes every field but the author and times (updated_at = now); a
 * published or deleted draft is STORE_NOTFOUND. */
enum store_err store_draft_update(struct store *s, const struct draft *d, int64_t now);
enum store_err store_draft_delete(struct store *s, int64_t id, int64_t now);

#endif
