/* The SQLite backend of store_jobs.h: the job queue, e-mail settings and
 * state, the digest's reads, and drafts. Statements are in sql_jobs.h. */
#include "store/sqlite_int.h"
#include "store/store_jobs.h"

/* ---- the job queue ---- */

static void read_job(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct job *j = elem;
    (void)a;
    j->id = col_i64(p, 0);
    j->kind = (int)col_i64(p, 1);
    j->user_id = col_i64(p, 2);
    j->ref_id = col_i64(p, 3);
    j->attempts = col_i64(p, 4);
}

static void read_job_info(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct job_info *j = elem;
    j->id = col_i64(p, 0);
    j->kind = (int)col_i64(p, 1);
    j->user_id = col_i64(p, 2);
    j->ref_id = col_i64(p, 3);
    j->state = (enum job_state)col_i64(p, 4);
    j->attempts = col_i64(p, 5);
    j->run_at = col_i64(p, 6);
    j->updated_at = col_i64(p, 7);
    j->last_error = col_text(p, 8, a);
}

static void read_job_count(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct job_count *c = elem;
    (void)a;
    c->kind = (int)col_i64(p, 0);
    c->state = (enum job_state)col_i64(p, 1);
    c->n = col_i64(p, 2);
    c->oldest_run_at = col_i64(p, 3);
}

enum store_err store_jobs_claim(struct store *s, struct arena *a, int64_t now, int64_t lease_until,
                                size_t limit, struct job **out, size_t *n)
{
    return get_rows(s, ST_JOB_CLAIM, PARAMS(P_INT(now), P_INT(lease_until), P_INT((int64_t)limit)),
                    a, read_job, sizeof **out, limit, (void **)out, n);
}

enum store_err store_job_done(struct store *s, int64_t id, const char *note, int64_t now)
{
    return run(s, ST_JOB_DONE, PARAMS(P_INT(id), P_TEXT(note), P_INT(now)));
}

enum store_err store_job_retry(struct store *s, int64_t id, int64_t run_at, const char *error,
                               int64_t now)
{
    return run(s, ST_JOB_RETRY, PARAMS(P_INT(id), P_INT(run_at), P_TEXT(error), P_INT(now)));
}

enum store_err store_job_dead(struct store *s, int64_t id, const char *error, int64_t now)
{
    return run(s, ST_JOB_DEAD, PARAMS(P_INT(id), P_TEXT(error), P_INT(now)));
}

enum store_err store_job_add(struct store *s, int kind, int64_t user_id, int64_t ref_id,
                             int64_t run_at, int64_t now)
{
    return run(s, ST_JOB_ADD,
               PARAMS(P_INT(kind), P_INT(user_id), P_INT(ref_id), P_INT(run_at), P_INT(now)));
}

enum store_err store_job_set(struct store *s, int kind, int64_t user_id, int64_t ref_id,
                             int64_t run_at, int64_t now)
{
    return run(s, ST_JOB_SET,
               PARAMS(P_INT(kind), P_INT(user_id), P_INT(ref_id), P_INT(run_at), P_INT(now)));
}

enum store_err store_job_cancel(struct store *s, int kind, int64_t user_id, int64_t ref_id,
                                const char *note, int64_t now)
{
    return run(s, ST_JOB_CANCEL,
               PARAMS(P_INT(kind), P_INT(user_id), P_INT(ref_id), P_TEXT(note), P_INT(now)));
}

enum store_err store_job_find(struct store *s, struct arena *a, int kind, int64_t user_id,
                              int64_t ref_id, struct job_info *out)
{
    return get_row(s, ST_JOB_FIND, PARAMS(P_INT(kind), P_INT(user_id), P_INT(ref_id)), a,
                   read_job_info, out);
}

enum store_err store_job_summary(struct store *s, struct arena *a, struct job_count **out,
                                 size_t *n)
{
    return get_rows(s, ST_JOB_SUMMARY, NULL, a, read_job_count, sizeof **out, NO_LIMIT,
                    (void **)out, n);
}

enum store_err store_job_problems(struct store *s, struct arena *a, size_t limit,
                                  struct job_info **out, size_t *n)
{
    return get_rows(s, ST_JOB_PROBLEMS, PARAMS(P_INT((int64_t)limit)), a, read_job_info,
                    sizeof **out, limit, (void **)out, n);
}

enum store_err store_jobs_prune(struct store *s, int64_t done_before, int64_t dead_before,
                                size_t limit)
{
    return run(s, ST_JOB_PRUNE,
               PARAMS(P_INT(done_before), P_INT(dead_before), P_INT((int64_t)limit)));
}

/* ---- e-mail ---- */

struct mail_state_row {
    bool *enabled;
    unsigned char *key;
    bool key_ok;
};

static void read_mail_state(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct mail_state_row *m = elem;
    (void)a;
    *m->enabled = col_i64(p, 0) != 0;
    const void *k = sqlite3_column_blob(p, 1);
    m->key_ok = k && sqlite3_column_bytes(p, 1) == MAIL_KEY_LEN;
    if (m->key_ok)
        memcpy(m->key, k, MAIL_KEY_LEN);
}

enum store_err store_mail_state(struct store *s, bool *enabled, unsigned char key[MAIL_KEY_LEN])
{
    struct mail_state_row m = {enabled, key, false};
    enum store_err e = get_row(s, ST_MAIL_STATE_GET, NULL, NULL, read_mail_state, &m);
    if (!e && !m.key_ok) {
        log_error("mail_state holds no key of %d bytes", MAIL_KEY_LEN);
        return STORE_ERROR;
    }
    return e;
}

enum store_err store_mail_enable(struct store *s, bool enabled)
{
    return run(s, ST_MAIL_STATE_SET, PARAMS(P_INT(enabled)));
}

static void read_email_settings(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct email_settings *e = elem;
    (void)a;
    e->notify = (int)col_i64(p, 0);
    e->digest = col_i64(p, 1) != 0;
    e->digest_hour = (int)col_i64(p, 2);
}

enum store_err store_email_settings_get(struct store *s, int64_t user_id,
                                        struct email_settings *out, bool *found)
{
    struct email_settings tmp;
    enum store_err e =
        get_row(s, ST_ESET_GET, PARAMS(P_INT(user_id)), NULL, read_email_settings, &tmp);
    *found = e == STORE_OK;
    if (e == STORE_NOTFOUND)
        return STORE_OK;
    if (!e)
        *out = tmp;
    return e;
}

enum store_err store_email_settings_set(struct store *s, int64_t user_id,
                                        const struct email_settings *in, int64_t now)
{
    return run(s, ST_ESET_SET,
               PARAMS(P_INT(user_id), P_INT(in->notify), P_INT(in->digest), P_INT(in->digest_hour),
                      P_INT(now)));
}

enum store_err store_mail_notification(struct store *s, struct arena *a,
                                       const struct notify_filter *f, int64_t id,
                                       struct notification *out)
{
    return get_row(s, ST_MAIL_NOTE_GET,
                   PARAMS(P_INT(f->viewer_id), P_INT(f->see_all_secret), P_INT(0), P_INT(id)), a,
                   read_notification, out);
}

enum store_err store_digest_notifications(struct store *s, struct arena *a,
                                          const struct notify_filter *f, int64_t since,
                                          size_t limit, struct notification **out, size_t *n)
{
    return get_rows(s, ST_DIGEST_NOTES,
                    PARAMS(P_INT(f->viewer_id), P_INT(f->see_all_secret), P_INT(1), P_INT(since),
                           P_INT((int64_t)limit)),
                    a, read_notification, sizeof **out, limit, (void **)out, n);
}

enum store_err store_digest_enqueue(struct store *s, int hour, int dflt_hour, int64_t day,
                                    int64_t run_at)
{
    return run(s, ST_DIGEST_ENQUEUE,
               PARAMS(P_INT(hour), P_INT(day), P_INT(run_at), P_INT(dflt_hour)));
}

enum store_err store_post_floor(struct store *s, int64_t since, int64_t *floor)
{
    int64_t max = 0;
    enum store_err e = get_row(s, ST_POST_MAX_ID, NULL, NULL, read_i64, &max);
    if (e)
        return e;
    /* The first id whose post was created at or after since, by bisection
     * over the ids that exist: about log2(max) index reads. */
    int64_t lo = 1, hi = max + 1;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2, v[2] = {0, 0};
        e = get_row(s, ST_POST_CREATED_AT, PARAMS(P_INT(mid)), NULL, read_i64_pair, v);
        if (e == STORE_NOTFOUND) {
            hi = mid;
            continue;
        }
        if (e)
            return e;
        if (v[1] >= since)
            hi = mid;
        else
            lo = v[0] + 1;
    }
    *floor = lo - 1;
    return STORE_OK;
}

static void read_digest_post(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct digest_post *d = elem;
    d->id = col_i64(p, 0);
    d->group_id = col_i64(p, 1);
    d->group_name = col_text0(p, 2, a);
    d->privacy = (enum privacy)col_i64(p, 3);
    d->archived_at = col_i64(p, 4);
    d->state = (enum member_state)col_i64(p, 5);
    d->role = (enum group_role)col_i64(p, 6);
    d->body = col_text0(p, 7, a);
    d->created_at = col_i64(p, 8);
    read_user_at(p, 9, a, &d->author);
}

enum store_err store_digest_posts(struct store *s, struct arena *a, int64_t user_id, int64_t floor,
                                  size_t limit, struct digest_post **out, size_t *n)
{
    return get_rows(s, ST_DIGEST_POSTS, PARAMS(P_INT(user_id), P_INT(floor), P_INT((int64_t)limit)),
                    a, read_digest_post, sizeof **out, limit, (void **)out, n);
}

/* ---- drafts ---- */

static void read_draft(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct draft *d = elem;
    d->id = col_i64(p, 0);
    d->author_id = col_i64(p, 1);
    d->group_id = col_i64(p, 2);
    d->body = col_text0(p, 3, a);
    d->state = (enum draft_state)col_i64(p, 4);
    d->publish_at = col_i64(p, 5);
    d->claimed_until = col_i64(p, 6);
    d->post_id = col_i64(p, 7);
    d->fail_code = col_text(p, 8, a);
    d->fail_detail = col_text(p, 9, a);
    d->created_at = col_i64(p, 10);
    d->updated_at = col_i64(p, 11);
    d->confirm_reason = col_text(p, 12, a);
}

enum store_err store_draft_create(struct store *s, struct draft *d, int64_t now)
{
    d->created_at = d->updated_at = now;
    return run_insert(s, ST_DRAFT_CREATE,
                      PARAMS(P_INT(d->author_id), P_ID(d->group_id), P_TEXT(d->body),
                             P_INT(d->state), P_ID(d->publish_at), P_INT(now),
                             P_TEXT(d->confirm_reason)),
                      &d->id);
}

enum store_err store_draft_get(struct store *s, struct arena *a, int64_t id, int64_t author_id,
                               struct draft *out)
{
    return get_row(s, ST_DRAFT_GET, PARAMS(P_INT(id), P_INT(author_id)), a, read_draft, out);
}

enum store_err store_draft_list(struct store *s, struct arena *a, int64_t author_id, int64_t before,
                                size_t limit, struct draft **out, size_t *n)
{
    return get_rows(
        s, ST_DRAFT_LIST,
        PARAMS(P_INT(author_id), P_INT(before > 0 ? before : INT64_MAX), P_INT((int64_t)limit)), a,
        read_draft, sizeof **out, limit, (void **)out, n);
}

enum store_err store_draft_count(struct store *s, int64_t author_id, int64_t *n)
{
    return get_row(s, ST_DRAFT_COUNT, PARAMS(P_INT(author_id)), NULL, read_i64, n);
}

enum store_err store_draft_update(struct store *s, const struct draft *d, int64_t now)
{
    return run_changed(s, ST_DRAFT_UPDATE,
                       PARAMS(P_INT(d->id), P_ID(d->group_id), P_TEXT(d->body), P_INT(d->state),
                              P_ID(d->publish_at), P_INT(d->claimed_until), P_TEXT(d->fail_code),
                              P_TEXT(d->fail_detail), P_INT(now), P_TEXT(d->confirm_reason)));
}

enum store_err store_draft_delete(struct store *s, int64_t id, int64_t now)
{
    return run_changed(s, ST_DRAFT_DELETE, PARAMS(P_INT(id), P_INT(now)));
}
