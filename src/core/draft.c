/* Drafts and scheduled posts (the rules in words are in draft.h). */
#include "core/draft.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/mail.h"
#include "core/markdown.h"
#include "core/perm.h"
#include "core/post.h"
#include "util/log.h"

static const char *const state_names[DRAFT_STATE__MAX] = {"draft", "scheduled", "publishing",
                                                          "published", "failed"};

const char *draft_state_str(enum draft_state s)
{
    return (unsigned)s < DRAFT_STATE__MAX ? state_names[s] : "unknown";
}

/* ---- checks ---- */

/* A body is checked exactly as publishing it would check it. */
static enum core_err check_body(const char *body, struct fail *f)
{
    struct markdown_result md = {0};
    enum core_err rc = post_preview(body, &md, f);
    markdown_result_free(&md);
    return rc;
}

static enum core_err check_time(int64_t at, int64_t now, struct fail *f)
{
    if (at <= now)
        return core_fail(f, CORE_INVALID, "publish_at_past",
                         "Choose a time in the future to publish at.", "publish_at");
    if (at > now + (int64_t)LIMIT_SCHEDULE_DAYS * 24 * 3600 * 1000)
        return core_fail(f, CORE_INVALID, "publish_at_too_far",
                         "A post can be scheduled at most 90 days ahead.", "publish_at");
    return CORE_OK;
}

/* The draft's group: one the author may see (else it is unknown to
 * them), and with to_publish one they may post in now. */
static enum core_err check_group(struct store *s, struct arena *a, const struct viewer *v,
                                 int64_t group_id, bool to_publish, struct fail *f)
{
    struct group g;
    enum store_err e = store_group_get(s, a, group_id, v->id, &g);
    if (e == STORE_NOTFOUND || (!e && !perm_group(v, &g, PERM_SEE_GROUP)))
        return core_fail(f, CORE_INVALID, "unknown_group", "There is no such group.", "group_id");
    if (e)
        return core_store_fail(f, e);
    if (!to_publish)
        return CORE_OK;
    if (g.archived_at)
        return core_archived(f);
    if (!perm_group(v, &g, PERM_POST))
        return core_fail(f, CORE_FORBIDDEN, "members_only",
                         "Only members can post in this group. Join it first.", "group_id");
    return CORE_OK;
}

/* Keeps the draft's publishing job in step with its state, inside the
 * caller's write transaction. */
static enum store_err sync_job(struct store *s, const struct draft *d, int64_t now)
{
    if (d->state == DRAFT_SCHEDULED)
        return store_job_set(s, JOB_PUBLISH, d->author_id, d->id, d->publish_at, now);
    if (d->state == DRAFT_PUBLISHING)
        return store_job_set(s, JOB_PUBLISH, d->author_id, d->id, d->claimed_until, now);
    return store_job_cancel(s, JOB_PUBLISH, d->author_id, d->id, "skipped: not scheduled", now);
}

static void view_of(struct store *s, struct arena *a, const struct viewer *v, const struct draft *d,
                    struct draft_view *out)
{
    out->d = *d;
    out->group_name = NULL;
    struct group g;
    if (d->group_id && !store_group_get(s, a, d->group_id, v->id, &g) &&
        perm_group(v, &g, PERM_SEE_GROUP))
        out->group_name = g.name;
}

static bool publishing_now(const struct draft *d, int64_t now)
{
    return d->state == DRAFT_PUBLISHING && d->claimed_until > now;
}

/* Refuses a change to a draft that is published or being published. */
static enum core_err check_changeable(const struct draft *d, int64_t now, struct fail *f)
{
    if (d->state == DRAFT_PUBLISHED)
        return core_fail(f, CORE_CONFLICT, "draft_published", "This draft is already published.",
                         NULL);
    if (publishing_now(d, now))
        return core_fail(f, CORE_CONFLICT, "draft_publishing",
                         "This draft is being published right now.", NULL);
    return CORE_OK;
}

/* Applies in to d and decides its state (see draft.h), checking what changed. */
static enum core_err apply(struct store *s, struct arena *a, const struct viewer *v,
                           const struct draft_input *in, struct draft *d, int64_t now,
                           struct fail *f)
{
    if (in->confirm_reason && privacy_reason_check(in->confirm_reason, f))
        return f->err;
    if (in->body && (!d->body || strcmp(d->body, in->body) != 0))
        d->confirm_reason = NULL; /* it was given for the old text */
    if (in->body)
        d->body = in->body;
    if (in->confirm_reason)
        d->confirm_reason = in->confirm_reason;
    if (in->group_id)
        d->group_id = *in->group_id;
    if (in->publish_at) {
        d->publish_at = *in->publish_at;
        if (d->publish_at && check_time(d->publish_at, now, f))
            return f->err;
        d->state = d->publish_at ? DRAFT_SCHEDULED : DRAFT_DRAFT;
    } else if (d->state != DRAFT_SCHEDULED) {
        d->state = DRAFT_DRAFT;
        d->publish_at = 0;
    }
    d->claimed_until = 0;
    d->fail_code = d->fail_detail = NULL;
    if (d->state == DRAFT_SCHEDULED && !d->group_id)
        return core_fail(f, CORE_INVALID, "group_required",
                         "Choose the group to publish in before scheduling.", "group_id");
    if (d->group_id && (in->group_id || d->state == DRAFT_SCHEDULED))
        return check_group(s, a, v, d->group_id, d->state == DRAFT_SCHEDULED, f);
    return CORE_OK;
}

/* ---- reading and writing drafts ---- */

enum core_err draft_create(struct store *s, struct arena *a, const struct viewer *v,
                           const struct draft_input *in, struct draft_view *out, struct fail *f)
{
    if (check_body(in->body, f))
        return f->err;
    int64_t now = core_now_ms(), count = 0;
    struct draft d = {.author_id = v->id, .state = DRAFT_DRAFT};
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    e = store_draft_count(s, v->id, &count);
    if (e)
        return core_finish(s, core_store_fail(f, e), f);
    if (count >= LIMIT_DRAFTS)
        return core_finish(s,
                           core_fail(f, CORE_CONFLICT, "too_many_drafts",
                                     "You have 500 drafts. Publish or delete some first.", NULL),
                           f);
    if (apply(s, a, v, in, &d, now, f))
        return core_finish(s, f->err, f);
    e = store_draft_create(s, &d, now);
    if (!e && d.state == DRAFT_SCHEDULED)
        e = sync_job(s, &d, now);
    enum core_err rc = core_finish(s, core_store_fail(f, e), f);
    if (!rc)
        view_of(s, a, v, &d, out);
    return rc;
}

enum core_err draft_get(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                        struct draft_view *out, struct fail *f)
{
    struct draft d;
    enum store_err e = store_draft_get(s, a, id, v->id, &d);
    if (e)
        return core_store_fail(f, e);
    view_of(s, a, v, &d, out);
    return CORE_OK;
}

enum core_err draft_list(struct store *s, struct arena *a, const struct viewer *v, int64_t cursor,
                         size_t limit, struct draft_view **out, size_t *n, int64_t *next,
                         struct fail *f)
{
    struct draft *d;
    enum store_err e = store_begin_read(s);
    if (e)
        return core_store_fail(f, e);
    e = store_draft_list(s, a, v->id, cursor, limit + 1, &d, n);
    *next = 0;
    if (!e && *n > limit) {
        *n = limit;
        *next = d[limit - 1].id;
    }
    if (!e && !(*out = arena_alloc(a, (*n ? *n : 1) * sizeof **out)))
        e = STORE_ENOMEM;
    for (size_t i = 0; !e && i < *n; i++)
        view_of(s, a, v, &d[i], &(*out)[i]);
    store_rollback(s); /* ends the read transaction */
    return core_store_fail(f, e);
}

enum core_err draft_update(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                           const struct draft_input *in, struct draft_view *out, struct fail *f)
{
    if (in->body && check_body(in->body, f))
        return f->err;
    int64_t now = core_now_ms();
    struct draft d;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    e = store_draft_get(s, a, id, v->id, &d);
    if (e)
        return core_finish(s, core_store_fail(f, e), f);
    if (check_changeable(&d, now, f) || apply(s, a, v, in, &d, now, f))
        return core_finish(s, f->err, f);
    e = store_draft_update(s, &d, now);
    if (!e)
        e = sync_job(s, &d, now);
    enum core_err rc = core_finish(s, core_store_fail(f, e), f);
    if (!rc) {
        d.updated_at = now;
        view_of(s, a, v, &d, out);
    }
    return rc;
}

enum core_err draft_delete(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                           struct fail *f)
{
    int64_t now = core_now_ms();
    struct draft d;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    e = store_draft_get(s, a, id, v->id, &d);
    if (e)
        return core_finish(s, core_store_fail(f, e), f);
    if (check_changeable(&d, now, f))
        return core_finish(s, f->err, f);
    e = store_draft_delete(s, id, now);
    if (!e)
        e = store_job_cancel(s, JOB_PUBLISH, d.author_id, d.id, "skipped: draft deleted", now);
    return core_finish(s, core_store_fail(f, e), f);
}

/* ---- publishing ---- */

/* How a claim for publishing ended. */
enum claim {
    CLAIM_OK,
    CLAIM_GONE,       /* deleted, or never the viewer's: NOTFOUND */
    CLAIM_DONE,       /* published already */
    CLAIM_BUSY,       /* another attempt holds it until claimed_until */
    CLAIM_NOT_DUE,    /* (job) not scheduled, or scheduled later */
    CLAIM_REFUSED,    /* f says why */
    CLAIM_STORE_FAIL, /* f says why */
};

/* Marks the draft publishing under a lease, in its own transaction. From
 * the job (author_id 0) only a due scheduled draft, or one whose earlier
 * attempt died, is claimed; from a person, any of theirs not published. */
static enum claim claim(struct store *s, struct arena *a, int64_t author_id, int64_t id,
                        struct draft *d, enum draft_state *prev, int64_t now, struct fail *f)
{
    bool from_job = author_id == 0;
    enum store_err e = store_begin_write(s);
    if (e) {
        core_store_fail(f, e);
        return CLAIM_STORE_FAIL;
    }
    enum claim c = CLAIM_OK;
    e = store_draft_get(s, a, id, author_id, d);
    if (e == STORE_NOTFOUND)
        c = CLAIM_GONE;
    else if (e)
        c = CLAIM_STORE_FAIL;
    else if (d->state == DRAFT_PUBLISHED)
        c = CLAIM_DONE;
    else if (publishing_now(d, now))
        c = CLAIM_BUSY;
    else if (from_job && d->state != DRAFT_PUBLISHING &&
             (d->state != DRAFT_SCHEDULED || d->publish_at > now))
        c = CLAIM_NOT_DUE;
    else if (!d->group_id) {
        core_fail(f, CORE_INVALID, "group_required", "Choose the group to publish in first.",
                  "group_id");
        c = CLAIM_REFUSED;
    }
    if (c != CLAIM_OK) {
        if (c == CLAIM_STORE_FAIL)
            core_store_fail(f, e);
        store_rollback(s);
        return c;
    }
    /* An attempt that died mid-way left `publishing`: it goes back to
     * scheduled if it came from the job, else to a plain draft. */
    *prev =
        d->state == DRAFT_PUBLISHING ? (d->publish_at ? DRAFT_SCHEDULED : DRAFT_DRAFT) : d->state;
    d->state = DRAFT_PUBLISHING;
    d->claimed_until = now + DRAFT_LEASE_MS;
    e = store_draft_update(s, d, now);
    /* A person's "publish now" leaves the job as a safety net: should this
     * process die before posting, the job finishes the publishing. */
    if (!e && !from_job)
        e = sync_job(s, d, now);
    if (!e)
        e = store_commit(s);
    else
        store_rollback(s);
    if (e) {
        core_store_fail(f, e);
        return CLAIM_STORE_FAIL;
    }
    return CLAIM_OK;
}

/* After post_create: the draft back to state (a transient failure or a
 * person's refused publish) or marked failed with pf's reason (failed). */
static enum store_err settle(struct store *s, struct arena *a, struct draft *d,
                             enum draft_state state, const struct fail *pf, bool from_job)
{
    int64_t now = core_now_ms();
    enum store_err e = store_begin_write(s);
    if (e)
        return e;
    struct draft cur;
    e = store_draft_get(s, a, d->id, 0, &cur);
    if (e || cur.state != DRAFT_PUBLISHING) { /* deleted, or published after all */
        store_rollback(s);
        return e == STORE_NOTFOUND ? STORE_OK : e;
    }
    cur.state = state;
    cur.claimed_until = 0;
    if (state == DRAFT_FAILED) {
        cur.fail_code = pf->code;
        cur.fail_detail = pf->detail;
    }
    /* Restored, the draft is as it was, its time of change included. */
    e = store_draft_update(s, &cur, state == DRAFT_FAILED ? now : d->updated_at);
    if (!e && !from_job)
        e = sync_job(s, &cur, now);
    if (!e && state == DRAFT_FAILED && mail_config()->enabled)
        e = store_job_add(s, JOB_PUBLISH_FAILED, cur.author_id, cur.id, now, now);
    if (!e)
        e = store_commit(s);
    else
        store_rollback(s);
    return e;
}

/* The trigger marks the draft published with its post; this covers the
 * case where it could not match the post (it never should). */
static enum store_err confirm(struct store *s, struct arena *a, const struct draft *d,
                              int64_t post_id)
{
    struct draft cur;
    enum store_err e = store_draft_get(s, a, d->id, 0, &cur);
    if (e || cur.state == DRAFT_PUBLISHED)
        return e == STORE_NOTFOUND ? STORE_OK : e;
    log_warn("draft %lld: its post %lld was not matched by the store; marking it published",
             (long long)d->id, (long long)post_id);
    if ((e = store_begin_write(s)))
        return e;
    cur.state = DRAFT_PUBLISHED;
    cur.claimed_until = 0;
    e = store_draft_update(s, &cur, core_now_ms());
    return e ? (store_rollback(s), e) : store_commit(s);
}

/* The author as a viewer, if they are still an active person. */
static enum core_err author_viewer(struct store *s, struct arena *a, int64_t id, struct viewer *v,
                                   struct fail *f)
{
    struct user u;
    enum store_err e = store_user_get(s, a, id, &u);
    if (e && e != STORE_NOTFOUND)
        return core_store_fail(f, e);
    if (e || u.status != USER_ACTIVE)
        return core_fail(f, CORE_FORBIDDEN, "author_deactivated",
                         "The author's account is deactivated.", NULL);
    *v = (struct viewer){.id = u.id, .role = u.role, .login = u.login, .comms = u.comms};
    return CORE_OK;
}

static bool transient(enum core_err rc)
{
    return rc == CORE_UNAVAILABLE || rc == CORE_ERROR;
}

enum core_err draft_publish(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                            struct post *out, struct fail *f)
{
    struct privacy_screen scr = {0};
    return draft_publish_screened(s, a, v, id, &scr, out, f);
}

enum core_err draft_publish_screened(struct store *s, struct arena *a, const struct viewer *v,
                                     int64_t id, struct privacy_screen *scr, struct post *out,
                                     struct fail *f)
{
    struct draft d;
    enum draft_state prev = DRAFT_DRAFT;
    switch (claim(s, a, v->id, id, &d, &prev, core_now_ms(), f)) {
    case CLAIM_OK:
        break;
    case CLAIM_GONE:
        return core_not_found(f);
    case CLAIM_DONE:
        return core_fail(f, CORE_CONFLICT, "draft_published", "This draft is already published.",
                         NULL);
    case CLAIM_BUSY:
        return core_fail(f, CORE_CONFLICT, "draft_publishing",
                         "This draft is being published right now.", NULL);
    default:
        return f->err;
    }
    if (!scr->confirm_reason)
        scr->confirm_reason = d.confirm_reason;
    enum core_err rc = post_create_screened(s, a, v, d.group_id, d.body, scr, out, f);
    if (!rc) {
        confirm(s, a, &d, out->id);
        return CORE_OK;
    }
    struct fail keep = *f;
    enum store_err e = settle(s, a, &d, prev, &keep, false);
    if (e)
        log_error("draft %lld: could not restore after a refused publish: %s", (long long)id,
                  store_err_str(e));
    *f = keep;
    return rc;
}

enum job_outcome draft_job_publish(struct store *s, struct arena *a, struct job_run *r)
{
    struct draft d;
    struct fail f = {0};
    enum draft_state prev = DRAFT_SCHEDULED;
    int64_t now = core_now_ms();
    switch (claim(s, a, 0, r->job->ref_id, &d, &prev, now, &f)) {
    case CLAIM_OK:
        break;
    case CLAIM_GONE:
        snprintf(r->note, sizeof r->note, "skipped: the draft was deleted");
        return JOB_OUT_SKIPPED;
    case CLAIM_DONE:
        snprintf(r->note, sizeof r->note, "skipped: already published");
        return JOB_OUT_SKIPPED;
    case CLAIM_NOT_DUE:
        snprintf(r->note, sizeof r->note, "skipped: no longer scheduled for now");
        return JOB_OUT_SKIPPED;
    case CLAIM_BUSY:
        r->retry_at = d.claimed_until;
        snprintf(r->note, sizeof r->note, "another attempt is publishing it");
        return JOB_OUT_RETRY;
    case CLAIM_REFUSED: /* a scheduled draft always has a group: never expected */
        snprintf(r->note, sizeof r->note, "refused: %s", f.code ? f.code : "?");
        return JOB_OUT_DONE;
    default:
        snprintf(r->note, sizeof r->note, "database: %s", f.code ? f.code : "?");
        return JOB_OUT_RETRY;
    }
    struct viewer author;
    struct post p;
    enum core_err rc = author_viewer(s, a, d.author_id, &author, &f);
    struct privacy_screen scr = {.confirm_reason = d.confirm_reason};
    if (!rc)
        rc = post_create_screened(s, a, &author, d.group_id, d.body, &scr, &p, &f);
    if (!rc) {
        confirm(s, a, &d, p.id);
        return JOB_OUT_DONE;
    }
    bool again = transient(rc);
    enum store_err e = settle(s, a, &d, again ? prev : DRAFT_FAILED, &f, true);
    snprintf(r->note, sizeof r->note, "%s: %s", again ? "could not publish" : "refused",
             f.code ? f.code : "?");
    if (e)
        return JOB_OUT_RETRY; /* the draft is still `publishing`: its lease brings it back */
    return again ? JOB_OUT_RETRY : JOB_OUT_DONE;
}

/* ---- time ---- */

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int64_t draft_parse_time(const char *s)
{
    int y, mo, d, h, mi, se;
    if (!s || strlen(s) < 20 || strlen(s) > 40 || digits(s, 4, &y) || s[4] != '-' ||
        digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d) ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || digits(s + 11, 2, &h) || s[13] != ':' ||
        digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &se))
        return -1;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
        mi > 59 || se > 59)
        return -1;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo == 2 && d == 29 && !leap)
        return -1;
    const char *p = s + 19;
    int64_t ms = 0;
    if (*p == '.') {
        int k = 0;
        for (p++; *p >= '0' && *p <= '9'; p++, k++)
            if (k < 3)
                ms = ms * 10 + (*p - '0');
        if (k == 0)
            return -1;
        for (; k < 3; k++)
            ms *= 10;
    }
    int64_t offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om;
        if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om) || oh > 23 || om > 59)
            return -1;
        offset = (int64_t)(oh * 60 + om) * 60 * (*p == '+' ? 1 : -1);
        p += 6;
    } else {
        return -1;
    }
    if (*p)
        return -1;
    /* Days since the epoch (Howard Hinnant's days_from_civil). */
    int yy = y - (mo <= 2);
    int era = yy / 400;
    int yoe = yy - era * 400;
    int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = (int64_t)era * 146097 + doe - 719468;
    int64_t secs = days * 86400 + h * 3600 + mi * 60 + se - offset;
    return secs * 1000 + ms;
}
