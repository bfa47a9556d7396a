/* Held for review: the queue, the decisions and what they tell the author
 * (see review.h). */
#include "core/review.h"

#include "core/media.h"
#include "core/notify.h"
#include "core/perm.h"
#include "core/post.h"
#include "util/log.h"

enum store_err review_hold(struct store *s, const struct viewer *v, enum guard_content kind,
                           int64_t group_id, int64_t post_id, int64_t parent_id, const char *body,
                           struct privacy_screen *scr, int64_t now)
{
    struct review r = {.kind = kind,
                       .author = {.id = v->id},
                       .group_id = group_id,
                       .post_id = post_id,
                       .parent_id = parent_id,
                       .body = body,
                       .reason = scr->confirm_reason,
                       .created_at = now};
    enum store_err e = privacy_record_held(s, v, kind, group_id, post_id, &scr->report,
                                           scr->confirm_reason, now, &r.record_id);
    if (!e)
        e = store_review_add(s, &r);
    if (!e)
        scr->review_id = r.id;
    return e;
}

static enum core_err view_of(struct store *s, struct arena *a, struct review_view *out,
                             struct fail *f)
{
    out->finding = NULL;
    out->n = 0;
    out->images = NULL;
    out->n_images = 0;
    enum store_err e = store_guard_findings(s, a, out->r.record_id, &out->finding, &out->n);
    if (!e && out->r.kind == GUARD_CONTENT_POST)
        e = out->r.state == REVIEW_RELEASED && out->r.post_id
                ? store_media_of_post(s, a, out->r.post_id, &out->images, &out->n_images)
                : store_media_of_review(s, a, out->r.id, &out->images, &out->n_images);
    return core_store_fail(f, e);
}

enum core_err review_get(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                         struct review_view *out, struct fail *f)
{
    enum store_err e = store_review_get(s, a, id, &out->r);
    if (e)
        return core_store_fail(f, e);
    if (!perm_review(v, out->r.author.id, REVIEW_SEE))
        return core_not_found(f);
    return view_of(s, a, out, f);
}

enum core_err review_list(struct store *s, struct arena *a, const struct viewer *v,
                          enum review_state st, bool mine, int64_t cursor, size_t limit,
                          struct review_view **out, size_t *n, int64_t *next, struct fail *f)
{
    int64_t author = mine || !perm_review(v, 0, REVIEW_QUEUE) ? v->id : 0;
    struct review *rs;
    size_t k;
    enum store_err e = store_review_list(s, a, st, author, cursor, limit + 1, &rs, &k);
    if (e)
        return core_store_fail(f, e);
    *next = 0;
    if (k > limit) {
        k = limit;
        *next = rs[limit - 1].id;
    }
    *out = arena_alloc(a, (k ? k : 1) * sizeof **out);
    if (!*out)
        return core_fail(f, CORE_UNAVAILABLE, "no_memory", "The server is out of memory.", NULL);
    for (size_t i = 0; i < k; i++) {
        (*out)[i].r = rs[i];
        if (view_of(s, a, &(*out)[i], f))
            return f->err;
    }
    *n = k;
    return CORE_OK;
}

enum core_err review_pending_count(struct store *s, const struct viewer *v, int64_t *n,
                                   struct fail *f)
{
    if (!perm_review(v, 0, REVIEW_QUEUE))
        return core_fail(f, CORE_FORBIDDEN, "monitors_only",
                         "Only the district's monitors review held posts.", NULL);
    return core_store_fail(f, store_review_count(s, REVIEW_PENDING, n));
}

static enum core_err note_check(const char *note, bool required, struct fail *f)
{
    if (!note || !*note) {
        if (!required)
            return CORE_OK;
        return core_fail(f, CORE_INVALID, "reason_required",
                         "Say why this can't be published: its author is told.", "reason");
    }
    return core_check_text(note, REVIEW_NOTE_MAX, true, "reason", f);
}

/* Loads a pending review the viewer may decide on, inside the write. */
static enum core_err decidable(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                               struct review *r, struct fail *f)
{
    enum store_err e = store_review_get(s, a, id, r);
    if (e)
        return core_store_fail(f, e);
    if (!perm_review(v, r->author.id, REVIEW_SEE))
        return core_not_found(f);
    if (!perm_review(v, r->author.id, REVIEW_DECIDE))
        return core_fail(f, CORE_FORBIDDEN, v->monitor ? "own_review" : "monitors_only",
                         v->monitor ? "Another monitor must review your own post."
                                    : "Only the district's monitors review held posts.",
                         NULL);
    if (r->state != REVIEW_PENDING)
        return core_fail(f, CORE_CONFLICT, "already_decided",
                         "This has already been reviewed, or its author withdrew it.", NULL);
    return CORE_OK;
}

/* Tells the author of r how it was decided. The monitor stays unnamed to
 * the author (the review keeps who decided, for the district). */
static enum store_err tell_author(struct store *s, const struct review *r, enum notify_kind kind,
                                  int64_t post_id, int64_t comment_id, int64_t now)
{
    struct notify_row n = {.user_id = r->author.id,
                           .kind = kind,
                           .group_id = r->group_id,
                           .post_id = post_id,
                           .comment_id = comment_id,
                           .review_id = r->id,
                           .now = now};
    return store_notification_add(s, &n);
}

static enum core_err decide(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                            bool release, const char *note, struct review_view *out, struct fail *f)
{
    if (note_check(note, !release, f))
        return f->err;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    struct review r;
    int64_t now = core_now_ms(), post_id = 0, comment_id = 0;
    enum core_err rc = decidable(s, a, v, id, &r, f);
    if (!rc && release)
        rc = post_publish_review(s, a, &r, now, &post_id, &comment_id, f);
    if (rc)
        return core_finish(s, rc, f);
    e = store_review_decide(s, id, release ? REVIEW_RELEASED : REVIEW_REJECTED, v->id,
                            note && *note ? note : NULL, post_id, comment_id, now);
    if (!e && !release) /* its images are the author's again, and purged in time */
        e = store_media_unhold(s, id);
    if (!e)
        e = tell_author(s, &r, release ? NOTIFY_REVIEW_RELEASED : NOTIFY_REVIEW_REJECTED,
                        release ? post_id : (r.kind == GUARD_CONTENT_POST ? 0 : r.post_id),
                        comment_id, now);
    rc = core_finish(s, core_store_fail(f, e), f);
    if (rc)
        return rc;
    log_info("review %lld %s by monitor %lld", (long long)id, release ? "released" : "rejected",
             (long long)v->id);
    return review_get(s, a, v, id, out, f);
}

enum core_err review_release(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                             const char *note, struct review_view *out, struct fail *f)
{
    return decide(s, a, v, id, true, note, out, f);
}

enum core_err review_reject(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                            const char *note, struct review_view *out, struct fail *f)
{
    return decide(s, a, v, id, false, note, out, f);
}

enum core_err review_withdraw(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                              struct fail *f)
{
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    struct review r;
    enum core_err rc = CORE_OK;
    e = store_review_get(s, a, id, &r);
    if (e)
        rc = core_store_fail(f, e);
    else if (!perm_review(v, r.author.id, REVIEW_SEE))
        rc = core_not_found(f);
    else if (!perm_review(v, r.author.id, REVIEW_WITHDRAW))
        rc = core_fail(f, CORE_FORBIDDEN, "not_author", "Only its author can withdraw it.", NULL);
    else if (r.state != REVIEW_PENDING)
        rc = core_fail(f, CORE_CONFLICT, "already_decided",
                       "This has already been reviewed, or withdrawn.", NULL);
    else if ((e = store_review_decide(s, id, REVIEW_WITHDRAWN, v->id, NULL, 0, 0, core_now_ms())) ==
             0)
        e = store_media_unhold(s, id);
    if (!rc)
        rc = core_store_fail(f, e);
    return core_finish(s, rc, f);
}

enum core_err review_records(struct store *s, struct arena *a, const struct viewer *v,
                             enum guard_outcome o, int64_t cursor, size_t limit,
                             struct record_view **out, size_t *n, int64_t *next, struct fail *f)
{
    if (!perm_review(v, 0, REVIEW_QUEUE))
        return core_fail(f, CORE_FORBIDDEN, "monitors_only",
                         "Only the district's monitors read the privacy guard's records.", NULL);
    struct guard_record_view *rs;
    size_t k;
    enum store_err e = store_guard_records(s, a, o, cursor, limit + 1, &rs, &k);
    if (e)
        return core_store_fail(f, e);
    *next = 0;
    if (k > limit) {
        k = limit;
        *next = rs[limit - 1].r.id;
    }
    *out = arena_alloc(a, (k ? k : 1) * sizeof **out);
    if (!*out)
        return core_fail(f, CORE_UNAVAILABLE, "no_memory", "The server is out of memory.", NULL);
    for (size_t i = 0; !e && i < k; i++) {
        (*out)[i].v = rs[i];
        e = store_guard_findings(s, a, rs[i].r.id, &(*out)[i].finding, &(*out)[i].n);
    }
    *n = k;
    return core_store_fail(f, e);
}
