/* Posts, comments, reactions and the feeds. */
#include "core/post.h"

#include <stdlib.h>
#include <string.h>

#include "core/announce.h"
#include "core/event.h"
#include "core/markdown.h"
#include "core/media.h"
#include "core/notify.h"
#include "core/perm.h"
#include "core/privacy.h"
#include "core/review.h"

/* Checks a body and renders it. On success the caller frees md. */
static enum core_err render(const char *body, size_t max, struct markdown_result *md,
                            struct fail *f)
{
    if (!body)
        return core_fail(f, CORE_INVALID, "required", "Write something first.", "body");
    if (strlen(body) > max)
        return core_fail(f, CORE_INVALID, "too_long",
                         max == LIMIT_POST_BODY ? "A post can be at most 32 KiB long."
                                                : "A comment can be at most 8 KiB long.",
                         "body");
    if (core_check_text(body, max, true, "body", f))
        return f->err;
    enum markdown_err me = markdown_render(body, strlen(body), md);
    if (me == MARKDOWN_ETOOBIG)
        return core_fail(f, CORE_INVALID, "too_long", "The text is too long.", "body");
    if (me)
        return core_fail(f, CORE_UNAVAILABLE, "no_memory", "The server is out of memory.", NULL);
    return CORE_OK;
}

void post_group_of(const struct post *p, struct group *g)
{
    *g = (struct group){.id = p->group_id,
                        .name = p->group_name,
                        .privacy = p->group_privacy,
                        .archived_at = p->group_archived_at,
                        .viewer_state = p->viewer_state,
                        .viewer_role = p->viewer_role};
}

void post_rights(const struct viewer *v, const struct post *p, struct post_rights *r)
{
    struct group g;
    post_group_of(p, &g);
    bool live = p->group_archived_at == 0;
    r->can_edit = live && perm_edit(v, p->author.id);
    r->can_delete = perm_remove(v, &g, p->author.id);
    r->can_comment = perm_group(v, &g, PERM_INTERACT);
    r->can_moderate = perm_remove(v, &g, 0);
    r->can_mark_important = perm_important(v, &g, p->author.id, IMPORTANT_MARK);
    r->can_see_receipts =
        p->important_at && perm_important(v, &g, p->author.id, IMPORTANT_RECEIPTS);
    r->can_acknowledge = p->important_at && perm_important(v, &g, p->author.id, IMPORTANT_ACK);
}

enum core_err post_preview(const char *body, struct markdown_result *md, struct fail *f)
{
    return render(body, LIMIT_POST_BODY, md, f);
}

/* post_load; with extras false, without what only a reader is shown (the
 * latest comments, the counts by reaction kind): a write's check. */
static enum core_err load(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                          bool extras, struct post *p, struct group *g, struct fail *f)
{
    enum store_err e =
        extras ? store_post_get(s, a, id, v->id, p) : store_post_head(s, a, id, v->id, p);
    if (!e && p->deleted_at)
        e = STORE_NOTFOUND;
    if (!e)
        e = store_group_get(s, a, p->group_id, v->id, g);
    if (e)
        return core_store_fail(f, e);
    if (!perm_group(v, g, PERM_READ_CONTENT))
        return core_not_found(f);
    return CORE_OK;
}

enum core_err post_load(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                        struct post *p, struct group *g, struct fail *f)
{
    return load(s, a, v, id, true, p, g, f);
}

/* The images of the posts p[0..n), read in one query and handed out: each
 * post points at its own run of the result. */
static enum store_err fill_images(struct store *s, struct arena *a, struct post *p, size_t n)
{
    int64_t *ids = arena_alloc(a, (n ? n : 1) * sizeof *ids);
    if (!ids)
        return STORE_ENOMEM;
    for (size_t i = 0; i < n; i++)
        ids[i] = p[i].id;
    struct media *m;
    size_t k;
    enum store_err e = store_media_of_posts(s, a, ids, n, &m, &k);
    for (size_t i = 0; !e && i < n; i++) {
        size_t j = 0;
        while (j < k && m[j].post_id != p[i].id)
            j++;
        p[i].images = j < k ? &m[j] : NULL;
        p[i].n_images = 0;
        while (j < k && m[j].post_id == p[i].id) {
            j++;
            p[i].n_images++;
        }
    }
    return e;
}

/* What a post shows beyond its row: importance and receipts, images. */
static enum store_err fill(struct store *s, struct arena *a, const struct viewer *v, struct post *p,
                           size_t n)
{
    enum store_err e = announce_fill(s, v, p, n);
    return e ? e : fill_images(s, a, p, n);
}

enum core_err post_reload(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                          struct post *out, struct fail *f)
{
    enum store_err e = store_post_get(s, a, id, v->id, out);
    if (!e)
        e = fill(s, a, v, out, 1);
    return core_store_fail(f, e);
}

/* Loads a group whose content the viewer reads; NOTFOUND otherwise. */
static enum core_err load_group(struct store *s, struct arena *a, const struct viewer *v,
                                int64_t id, struct group *g, struct fail *f)
{
    enum store_err e = store_group_get(s, a, id, v->id, g);
    if (e)
        return core_store_fail(f, e);
    if (!perm_group(v, g, PERM_READ_CONTENT))
        return core_not_found(f);
    return CORE_OK;
}

/* ---- student privacy (core/privacy) ---- */

/* Screens body for a group of privacy p before the write lock is taken:
 * refuses (and records the refusal) what the policy blocks or what needs a
 * confirmation the author has not given. */
static enum core_err prescreen(struct store *s, struct arena *a, const struct viewer *v,
                               enum guard_content c, int64_t group_id, int64_t post_id,
                               const char *body, enum privacy p, struct privacy_screen *scr,
                               struct fail *f)
{
    if (privacy_check_media(s, a, body, scr->images, scr->n_images, p, &scr->report, f))
        return f->err;
    if (privacy_enforce(&scr->report, scr->confirm_reason, f)) {
        privacy_record_refusal(s, v, c, group_id, post_id, &scr->report, core_now_ms());
        return f->err;
    }
    return CORE_OK;
}

/* Inside the write: screens now if the text was not screened before (the
 * group became writable meanwhile), or decides again if the group's privacy
 * changed since. */
static enum core_err rescreen(struct store *s, struct arena *a, const char *body, bool screened,
                              enum privacy was, enum privacy now, struct privacy_screen *scr,
                              struct fail *f)
{
    if (!screened) {
        if (privacy_check_media(s, a, body, scr->images, scr->n_images, now, &scr->report, f))
            return f->err;
    } else if (was != now) {
        privacy_decide(&scr->report, now);
    }
    return privacy_enforce(&scr->report, scr->confirm_reason, f);
}

/* The screening of a write: the caller's, or none (no confirmation). */
static enum core_err screen_start(struct privacy_screen **scr, struct privacy_screen *local,
                                  struct fail *f)
{
    *local = (struct privacy_screen){0};
    if (!*scr)
        *scr = local;
    (*scr)->report = (struct privacy_report){0};
    if ((*scr)->confirm_reason && privacy_reason_check((*scr)->confirm_reason, f))
        return f->err;
    return CORE_OK;
}

/* ---- writing, inside the write transaction, once every rule passed ----
 * scr is the screening whose findings are recorded with the text, or NULL
 * when they were recorded before (a release from review). */

static enum store_err write_post(struct store *s, struct arena *a, const struct viewer *v,
                                 int64_t group_id, const char *body,
                                 const struct markdown_result *md, const struct privacy_screen *scr,
                                 int64_t now, int64_t *id)
{
    enum store_err e = store_post_create(s, group_id, v->id, body, md->html, now, id);
    if (!e && scr)
        e = privacy_record(s, v, GUARD_CONTENT_POST, group_id, *id, 0, &scr->report,
                           scr->confirm_reason, now);
    if (!e)
        e = store_mentions_set(s, false, *id, md->mentions, md->n_mentions, now);
    if (!e)
        e = notify_post_created(s, a, v, group_id, *id, now);
    if (!e)
        e = event_add(s, EVENT_POST_CREATED, group_id, *id, 0, v->id, now);
    return e;
}

static enum store_err write_edit(struct store *s, struct arena *a, const struct viewer *v,
                                 int64_t group_id, int64_t id, const char *body,
                                 const struct markdown_result *md, const struct privacy_screen *scr,
                                 int64_t now)
{
    struct user *before = NULL;
    size_t n_before = 0;
    enum store_err e = store_mentions_list(s, a, false, id, &before, &n_before);
    if (!e)
        e = store_post_update(s, id, v->id, body, md->html, now);
    if (!e && scr)
        e = privacy_record(s, v, GUARD_CONTENT_EDIT, group_id, id, 0, &scr->report,
                           scr->confirm_reason, now);
    if (!e)
        e = store_mentions_set(s, false, id, md->mentions, md->n_mentions, now);
    if (!e)
        e = notify_post_edited(s, a, v, group_id, id, before, n_before, now);
    if (!e)
        e = event_add(s, EVENT_POST_EDITED, group_id, id, 0, v->id, now);
    return e;
}

static enum store_err write_comment(struct store *s, struct arena *a, const struct viewer *v,
                                    const struct post *p, int64_t parent_id, int64_t replied_author,
                                    const char *body, const struct markdown_result *md,
                                    const struct privacy_screen *scr, int64_t now, int64_t *id)
{
    enum store_err e = store_comment_create(s, p->id, parent_id, v->id, body, md->html, now, id);
    if (!e && scr)
        e = privacy_record(s, v, GUARD_CONTENT_COMMENT, p->group_id, p->id, *id, &scr->report,
                           scr->confirm_reason, now);
    if (!e)
        e = store_mentions_set(s, true, *id, md->mentions, md->n_mentions, now);
    if (!e)
        e = notify_comment_created(s, a, v, p, *id, replied_author, now);
    if (!e)
        e = event_add(s, EVENT_COMMENT_CREATED, p->group_id, p->id, *id, v->id, now);
    return e;
}

/* The comment a reply answers: checks it is on the post and gives its
 * author and the thread's top comment (replies are one level deep). */
static enum core_err reply_to(struct store *s, struct arena *a, int64_t post_id, int64_t *parent_id,
                              int64_t *replied_author, struct fail *f)
{
    *replied_author = 0;
    if (!*parent_id)
        return CORE_OK;
    struct comment parent;
    enum store_err e = store_comment_get(s, a, *parent_id, &parent);
    if (e == STORE_NOTFOUND || (!e && parent.post_id != post_id))
        return core_fail(f, CORE_INVALID, "invalid_parent",
                         "The comment being replied to is not on this post.", "parent_id");
    if (e)
        return core_store_fail(f, e);
    *replied_author = parent.author.id;
    if (parent.parent_id)
        *parent_id = parent.parent_id;
    return CORE_OK;
}

enum core_err post_create(struct store *s, struct arena *a, const struct viewer *v,
                          int64_t group_id, const char *body, struct post *out, struct fail *f)
{
    return post_create_screened(s, a, v, group_id, body, NULL, out, f);
}

enum core_err post_create_screened(struct store *s, struct arena *a, const struct viewer *v,
                                   int64_t group_id, const char *body, struct privacy_screen *scr,
                                   struct post *out, struct fail *f)
{
    return post_create_media(s, a, v, group_id, body, NULL, 0, scr, out, f);
}

enum core_err post_create_media(struct store *s, struct arena *a, const struct viewer *v,
                                int64_t group_id, const char *body, const int64_t *image_ids,
                                size_t n_images, struct privacy_screen *scr, struct post *out,
                                struct fail *f)
{
    struct privacy_screen local;
    if (screen_start(&scr, &local, f))
        return f->err;
    struct media *imgs = NULL;
    if (media_for_post(s, a, v, image_ids, n_images, &imgs, f))
        return f->err;
    scr->images = imgs;
    scr->n_images = n_images;
    struct markdown_result md = {0};
    if (render(body, LIMIT_POST_BODY, &md, f))
        return f->err;
    struct group g, g0 = {0};
    int64_t id = 0, now = core_now_ms();
    enum core_err rc;
    /* Screened outside the write lock, in a group the author may post in;
     * the write below refuses the rest exactly as before. */
    bool screened = !store_group_get(s, a, group_id, v->id, &g0) && !g0.archived_at &&
                    perm_group(v, &g0, PERM_POST);
    if (screened &&
        (rc = prescreen(s, a, v, GUARD_CONTENT_POST, group_id, 0, body, g0.privacy, scr, f)))
        goto out;
    enum store_err e = store_begin_write(s);
    if (e) {
        rc = core_store_fail(f, e);
        goto out;
    }
    e = store_group_get(s, a, group_id, v->id, &g);
    if (e) {
        rc = core_finish(s, core_store_fail(f, e), f);
        goto out;
    }
    if (!perm_group(v, &g, PERM_SEE_GROUP)) {
        rc = core_finish(s, core_not_found(f), f);
        goto out;
    }
    if (g.archived_at) {
        rc = core_finish(s, core_archived(f), f);
        goto out;
    }
    if (!perm_group(v, &g, PERM_POST)) {
        rc = core_finish(s,
                         core_fail(f, CORE_FORBIDDEN, "members_only",
                                   "Only members can post in this group. Join it first.", NULL),
                         f);
        goto out;
    }
    if (rescreen(s, a, body, screened, g0.privacy, g.privacy, scr, f)) {
        rc = core_finish(s, f->err, f);
        goto out;
    }
    if (scr->report.outcome == POLICY_HOLD) {
        e = review_hold(s, v, GUARD_CONTENT_POST, group_id, 0, 0, body, scr, now);
        rc = core_store_fail(f, e);
        if (!rc)
            rc = media_hold(s, v, scr->review_id, imgs, n_images, f);
        rc = core_finish(s, rc, f);
        *out = (struct post){0};
        goto out;
    }
    e = write_post(s, a, v, group_id, body, &md, scr, now, &id);
    rc = core_store_fail(f, e);
    if (!rc)
        rc = media_attach(s, v, id, image_ids, n_images, f);
    rc = core_finish(s, rc, f);
    if (!rc)
        rc = post_reload(s, a, v, id, out, f);
out:
    markdown_result_free(&md);
    return rc;
}

enum core_err post_get(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                       struct post *out, struct fail *f)
{
    struct group g;
    enum core_err rc = post_load(s, a, v, id, out, &g, f);
    return rc ? rc : core_store_fail(f, fill(s, a, v, out, 1));
}

enum core_err post_update(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                          const char *body, struct post *out, struct fail *f)
{
    return post_update_screened(s, a, v, id, body, NULL, out, f);
}

enum core_err post_update_screened(struct store *s, struct arena *a, const struct viewer *v,
                                   int64_t id, const char *body, struct privacy_screen *scr,
                                   struct post *out, struct fail *f)
{
    struct privacy_screen local;
    if (screen_start(&scr, &local, f))
        return f->err;
    struct markdown_result md = {0};
    if (render(body, LIMIT_POST_BODY, &md, f))
        return f->err;
    struct group g, g0 = {0};
    struct post p0;
    struct fail ignore = {0};
    int64_t now = core_now_ms();
    enum core_err rc;
    bool screened = !post_load(s, a, v, id, &p0, &g0, &ignore) && !g0.archived_at &&
                    perm_edit(v, p0.author.id) && strcmp(p0.body, body) != 0;
    if (screened &&
        (rc = prescreen(s, a, v, GUARD_CONTENT_EDIT, p0.group_id, id, body, g0.privacy, scr, f)))
        goto out;
    enum store_err e = store_begin_write(s);
    if (e) {
        rc = core_store_fail(f, e);
        goto out;
    }
    rc = post_load(s, a, v, id, out, &g, f);
    if (!rc && g.archived_at)
        rc = core_archived(f);
    if (!rc && !perm_edit(v, out->author.id))
        rc = core_fail(f, CORE_FORBIDDEN, "not_author", "Only the author can edit a post.", NULL);
    if (rc) {
        rc = core_finish(s, rc, f);
        goto out;
    }
    if (strcmp(out->body, body) == 0) { /* nothing changed: no new revision */
        rc = core_finish(s, CORE_OK, f);
        goto out;
    }
    if (rescreen(s, a, body, screened, g0.privacy, g.privacy, scr, f)) {
        rc = core_finish(s, f->err, f);
        goto out;
    }
    if (scr->report.outcome == POLICY_HOLD) { /* the post stays as it was meanwhile */
        e = review_hold(s, v, GUARD_CONTENT_EDIT, out->group_id, id, 0, body, scr, now);
        rc = core_finish(s, core_store_fail(f, e), f);
        goto out;
    }
    e = write_edit(s, a, v, out->group_id, id, body, &md, scr, now);
    rc = core_finish(s, core_store_fail(f, e), f);
    if (!rc)
        rc = post_reload(s, a, v, id, out, f);
out:
    markdown_result_free(&md);
    return rc;
}

enum core_err post_delete(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                          struct fail *f)
{
    struct post p;
    struct group g;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = post_load(s, a, v, id, &p, &g, f);
    if (!rc && !perm_remove(v, &g, p.author.id))
        rc = core_fail(f, CORE_FORBIDDEN, "forbidden",
                       "Only the author or the group's admins can delete a post.", NULL);
    if (rc)
        return core_finish(s, rc, f);
    int64_t now = core_now_ms();
    e = store_post_delete(s, id, v->id, now);
    if (!e)
        e = event_add(s, EVENT_POST_DELETED, p.group_id, id, 0, v->id, now);
    return core_finish(s, core_store_fail(f, e), f);
}

enum core_err post_revisions(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                             struct revision **out, size_t *n, struct fail *f)
{
    struct post p;
    struct group g;
    enum core_err rc = post_load(s, a, v, id, &p, &g, f);
    if (rc)
        return rc;
    return core_store_fail(f, store_post_revisions(s, a, id, out, n));
}

enum core_err post_mentions(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                            struct user **out, size_t *n, struct fail *f)
{
    struct post p;
    struct group g;
    enum core_err rc = post_load(s, a, v, id, &p, &g, f);
    if (rc)
        return rc;
    return core_store_fail(f, store_mentions_list(s, a, false, id, out, n));
}

enum core_err comment_create(struct store *s, struct arena *a, const struct viewer *v,
                             int64_t post_id, int64_t parent_id, const char *body,
                             struct comment *out, struct fail *f)
{
    return comment_create_screened(s, a, v, post_id, parent_id, body, NULL, out, f);
}

enum core_err comment_create_screened(struct store *s, struct arena *a, const struct viewer *v,
                                      int64_t post_id, int64_t parent_id, const char *body,
                                      struct privacy_screen *scr, struct comment *out,
                                      struct fail *f)
{
    struct privacy_screen local;
    if (screen_start(&scr, &local, f))
        return f->err;
    struct markdown_result md = {0};
    if (render(body, LIMIT_COMMENT_BODY, &md, f))
        return f->err;
    struct post p, p0;
    struct group g, g0 = {0};
    struct fail ignore = {0};
    int64_t id = 0, now = core_now_ms(), replied_author = 0;
    enum core_err rc;
    bool screened = !load(s, a, v, post_id, false, &p0, &g0, &ignore) && !g0.archived_at &&
                    perm_group(v, &g0, PERM_INTERACT);
    if (screened && (rc = prescreen(s, a, v, GUARD_CONTENT_COMMENT, p0.group_id, post_id, body,
                                    g0.privacy, scr, f)))
        goto out;
    enum store_err e = store_begin_write(s);
    if (e) {
        rc = core_store_fail(f, e);
        goto out;
    }
    rc = load(s, a, v, post_id, false, &p, &g, f);
    if (!rc && g.archived_at)
        rc = core_archived(f);
    if (!rc && !perm_group(v, &g, PERM_INTERACT))
        rc = core_fail(f, CORE_FORBIDDEN, "members_only", "Only members can comment here.", NULL);
    int64_t asked_parent = parent_id;
    if (!rc)
        rc = reply_to(s, a, post_id, &parent_id, &replied_author, f);
    if (!rc)
        rc = rescreen(s, a, body, screened, g0.privacy, g.privacy, scr, f);
    if (rc) {
        rc = core_finish(s, rc, f);
        goto out;
    }
    if (scr->report.outcome == POLICY_HOLD) {
        e = review_hold(s, v, GUARD_CONTENT_COMMENT, p.group_id, post_id, asked_parent, body, scr,
                        now);
        rc = core_finish(s, core_store_fail(f, e), f);
        *out = (struct comment){0};
        goto out;
    }
    e = write_comment(s, a, v, &p, parent_id, replied_author, body, &md, scr, now, &id);
    rc = core_finish(s, core_store_fail(f, e), f);
    if (!rc)
        rc = core_store_fail(f, store_comment_get(s, a, id, out));
out:
    markdown_result_free(&md);
    return rc;
}

/* ---- a release from review (core/review) ---- */

static enum core_err cannot_release(struct fail *f, const char *detail)
{
    return core_fail(f, CORE_CONFLICT, "cannot_release", detail, NULL);
}

enum core_err post_publish_review(struct store *s, struct arena *a, const struct review *r,
                                  int64_t now, int64_t *post_id, int64_t *comment_id,
                                  struct fail *f)
{
    *post_id = *comment_id = 0;
    const struct user *u = &r->author;
    if (u->status != USER_ACTIVE)
        return cannot_release(f, "Its author's account is no longer active.");
    struct viewer v = {
        .id = u->id, .role = u->role, .login = u->login, .comms = u->comms, .monitor = u->monitor};
    struct markdown_result md = {0};
    enum core_err rc = render(
        r->body, r->kind == GUARD_CONTENT_COMMENT ? LIMIT_COMMENT_BODY : LIMIT_POST_BODY, &md, f);
    if (rc)
        return rc;
    struct group g;
    struct post p;
    struct fail ignore = {0};
    enum store_err e = STORE_OK;
    if (r->kind == GUARD_CONTENT_POST) {
        e = store_group_get(s, a, r->group_id, v.id, &g);
        if (e && e != STORE_NOTFOUND)
            rc = core_store_fail(f, e);
        else if (e || g.archived_at || !perm_group(&v, &g, PERM_POST))
            rc = cannot_release(f, "Its author can no longer post in this group.");
        else if ((e = write_post(s, a, &v, r->group_id, r->body, &md, NULL, now, post_id)) == 0)
            rc = media_release_held(s, a, v.id, r->id, *post_id, f);
    } else if (load(s, a, &v, r->post_id, false, &p, &g, &ignore) || g.archived_at) {
        rc = cannot_release(f, "The post is gone, or its group is archived.");
    } else if (r->kind == GUARD_CONTENT_EDIT) {
        if (!perm_edit(&v, p.author.id))
            rc = cannot_release(f, "Only the post's author can edit it.");
        else if ((e = write_edit(s, a, &v, p.group_id, p.id, r->body, &md, NULL, now)) == 0)
            *post_id = p.id;
    } else if (!perm_group(&v, &g, PERM_INTERACT)) {
        rc = cannot_release(f, "Its author can no longer comment in this group.");
    } else {
        int64_t parent_id = r->parent_id, replied_author;
        if (reply_to(s, a, p.id, &parent_id, &replied_author, &ignore))
            rc = cannot_release(f, "The comment it answers is gone.");
        else if ((e = write_comment(s, a, &v, &p, parent_id, replied_author, r->body, &md, NULL,
                                    now, comment_id)) == 0)
            *post_id = p.id;
    }
    if (!rc && e)
        rc = core_store_fail(f, e);
    markdown_result_free(&md);
    return rc;
}

enum core_err comment_list(struct store *s, struct arena *a, const struct viewer *v,
                           int64_t post_id, int64_t cursor, size_t limit, struct comment **out,
                           size_t *n, int64_t *next, struct post_rights *rights, struct fail *f)
{
    struct post p;
    struct group g;
    enum core_err rc = post_load(s, a, v, post_id, &p, &g, f);
    if (rc)
        return rc;
    post_rights(v, &p, rights);
    enum store_err e = store_comment_list(s, a, post_id, cursor, limit + 1, out, n);
    if (e)
        return core_store_fail(f, e);
    *next = 0;
    if (*n > limit) {
        *n = limit;
        *next = (*out)[limit - 1].id;
    }
    return CORE_OK;
}

enum core_err comment_delete(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                             struct fail *f)
{
    struct comment c;
    struct post p;
    struct group g;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    e = store_comment_get(s, a, id, &c);
    enum core_err rc = e ? core_store_fail(f, e) : post_load(s, a, v, c.post_id, &p, &g, f);
    if (!rc && !perm_remove(v, &g, c.author.id))
        rc = core_fail(f, CORE_FORBIDDEN, "forbidden",
                       "Only the author or the group's admins can delete a comment.", NULL);
    if (rc)
        return core_finish(s, rc, f);
    int64_t now = core_now_ms();
    e = store_comment_delete(s, id, v->id, now);
    if (!e)
        e = event_add(s, EVENT_COMMENT_DELETED, p.group_id, c.post_id, id, v->id, now);
    return core_finish(s, core_store_fail(f, e), f);
}

static enum core_err reaction_change(struct store *s, struct arena *a, const struct viewer *v,
                                     int64_t post_id, const char *kind, bool put, struct post *out,
                                     struct fail *f)
{
    int k = reaction_kind_index(kind);
    if (k < 0)
        return core_fail(f, CORE_NOTFOUND, "unknown_reaction",
                         "Reactions are like, love, celebrate, support, insightful and curious.",
                         "kind");
    struct group g;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = post_load(s, a, v, post_id, out, &g, f);
    if (!rc && g.archived_at)
        rc = core_archived(f);
    if (!rc && !perm_group(v, &g, PERM_INTERACT))
        rc = core_fail(f, CORE_FORBIDDEN, "members_only", "Only members can react here.", NULL);
    if (rc)
        return core_finish(s, rc, f);
    int64_t now = core_now_ms();
    bool changed = true;
    if (put) {
        changed = out->viewer_reaction != k;
        e = store_reaction_set(s, post_id, v->id, k, now);
        if (!e && out->viewer_reaction < 0) /* a new reactor, not a change of kind */
            e = notify_reaction_added(s, a, v, out, now);
    } else {
        e = store_reaction_delete(s, post_id, v->id, k);
        if (e == STORE_NOTFOUND) { /* already gone: deleting is idempotent */
            e = STORE_OK;
            changed = false;
        }
    }
    if (!e && changed)
        e = event_add(s, EVENT_POST_REACTION, out->group_id, post_id, 0, v->id, now);
    rc = core_finish(s, core_store_fail(f, e), f);
    if (!rc)
        rc = post_reload(s, a, v, post_id, out, f);
    return rc;
}

enum core_err reaction_put(struct store *s, struct arena *a, const struct viewer *v,
                           int64_t post_id, const char *kind, struct post *out, struct fail *f)
{
    return reaction_change(s, a, v, post_id, kind, true, out, f);
}

enum core_err reaction_delete(struct store *s, struct arena *a, const struct viewer *v,
                              int64_t post_id, const char *kind, struct post *out, struct fail *f)
{
    return reaction_change(s, a, v, post_id, kind, false, out, f);
}

/* Inserts id into cand (descending, at most cap entries). */
static void keep_top(int64_t *cand, size_t *n, size_t cap, int64_t id)
{
    size_t i = *n;
    if (i == cap) {
        if (id <= cand[cap - 1])
            return;
        i = cap - 1;
    } else {
        (*n)++;
    }
    while (i > 0 && cand[i - 1] < id) {
        cand[i] = cand[i - 1];
        i--;
    }
    cand[i] = id;
}

static enum core_err hydrate_page(struct store *s, struct arena *a, const struct viewer *v,
                                  int64_t *ids, size_t n_ids, size_t limit, struct post **out,
                                  size_t *n, int64_t *next, struct fail *f)
{
    *next = 0;
    if (n_ids > limit) {
        n_ids = limit;
        *next = ids[limit - 1];
    }
    *out = arena_alloc(a, (n_ids ? n_ids : 1) * sizeof **out);
    if (!*out)
        return core_store_fail(f, STORE_ENOMEM);
    enum store_err e = store_posts_hydrate(s, a, v->id, ids, n_ids, *out, n);
    if (!e)
        e = fill(s, a, v, *out, *n);
    return core_store_fail(f, e);
}

/* Whether id is among pins[0..n). */
static bool pinned(const int64_t *pins, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (pins[i] == id)
            return true;
    return false;
}

/* The posts pinned for the viewer (see core/announce): their ids into
 * pins (LIMIT_PINNED of them), and, on a feed's first page when out is
 * not NULL, the posts themselves. */
static enum core_err feed_pins(struct store *s, struct arena *a, const struct viewer *v,
                               int64_t group_id, int64_t cursor, int64_t *pins, size_t *n_pins,
                               struct feed_pinned *out, struct fail *f)
{
    enum store_err e = announce_pinned(s, v, group_id, pins, n_pins);
    if (!e && out) {
        out->n = 0;
        out->posts = NULL;
        if (cursor == 0 && *n_pins) {
            out->posts = arena_alloc(a, *n_pins * sizeof *out->posts);
            e = out->posts ? store_posts_hydrate(s, a, v->id, pins, *n_pins, out->posts, &out->n)
                           : STORE_ENOMEM;
            if (!e)
                e = fill(s, a, v, out->posts, out->n);
        }
    }
    return core_store_fail(f, e);
}

enum core_err feed_home(struct store *s, struct arena *a, const struct viewer *v, int64_t cursor,
                        size_t limit, struct post **out, size_t *n, int64_t *next,
                        struct feed_pinned *pins_out, struct fail *f)
{
    size_t cap = limit + 1;
    int64_t *cand = arena_alloc(a, cap * sizeof *cand);
    int64_t *batch = arena_alloc(a, (cap + LIMIT_PINNED) * sizeof *batch);
    int64_t pins[LIMIT_PINNED];
    size_t n_pins = 0;
    if (!cand || !batch)
        return core_store_fail(f, STORE_ENOMEM);
    enum store_err e = store_begin_read(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = feed_pins(s, a, v, 0, cursor, pins, &n_pins, pins_out, f);
    int64_t *groups;
    size_t n_groups, n_cand = 0;
    if (!rc)
        e = store_user_feed_groups(s, a, v->id, &groups, &n_groups);
    for (size_t i = 0; !rc && !e && i < n_groups; i++) {
        /* Once cap candidates are in hand, a group need only beat the
         * smallest; pinned posts are shown above the feed, not in it. */
        int64_t floor = n_cand == cap ? cand[cap - 1] : 0;
        size_t got;
        e = store_group_post_ids(s, groups[i], cursor, floor, cap + n_pins, batch, &got);
        for (size_t k = 0; !e && k < got; k++)
            if (!pinned(pins, n_pins, batch[k]))
                keep_top(cand, &n_cand, cap, batch[k]);
    }
    if (!rc)
        rc =
            e ? core_store_fail(f, e) : hydrate_page(s, a, v, cand, n_cand, limit, out, n, next, f);
    store_rollback(s); /* ends the read transaction */
    return rc;
}

enum core_err feed_author(struct store *s, struct arena *a, const struct viewer *v,
                          int64_t author_id, int64_t cursor, size_t limit, struct post **out,
                          size_t *n, int64_t *next, struct fail *f)
{
    size_t cap = limit + 1;
    int64_t *ids = arena_alloc(a, cap * sizeof *ids);
    if (!ids)
        return core_store_fail(f, STORE_ENOMEM);
    struct user u;
    enum store_err e = store_begin_read(s);
    if (e)
        return core_store_fail(f, e);
    struct content_filter flt;
    perm_content_filter(v, &flt);
    size_t got = 0;
    e = store_user_get(s, a, author_id, &u);
    if (!e)
        e = store_author_post_ids(s, &flt, author_id, cursor, cap, ids, &got);
    enum core_err rc =
        e ? core_store_fail(f, e) : hydrate_page(s, a, v, ids, got, limit, out, n, next, f);
    store_rollback(s);
    return rc;
}

enum core_err feed_group(struct store *s, struct arena *a, const struct viewer *v, int64_t group_id,
                         int64_t cursor, size_t limit, struct post **out, size_t *n, int64_t *next,
                         struct feed_pinned *pins_out, struct fail *f)
{
    size_t cap = limit + 1 + LIMIT_PINNED;
    int64_t *ids = arena_alloc(a, cap * sizeof *ids);
    int64_t pins[LIMIT_PINNED];
    size_t n_pins = 0;
    if (!ids)
        return core_store_fail(f, STORE_ENOMEM);
    if (pins_out)
        *pins_out = (struct feed_pinned){0};
    enum store_err e = store_begin_read(s);
    if (e)
        return core_store_fail(f, e);
    struct group g;
    size_t got = 0;
    enum core_err rc = load_group(s, a, v, group_id, &g, f);
    /* Posts are pinned only for their audience, who acknowledge them (the
     * author id 0: the viewer's own posts are left out by the store). */
    if (!rc && perm_important(v, &g, 0, IMPORTANT_ACK))
        rc = feed_pins(s, a, v, group_id, cursor, pins, &n_pins, pins_out, f);
    if (!rc) {
        e = store_group_post_ids(s, group_id, cursor, 0, limit + 1 + n_pins, ids, &got);
        size_t kept = 0;
        for (size_t k = 0; !e && k < got; k++)
            if (!pinned(pins, n_pins, ids[k]))
                ids[kept++] = ids[k];
        rc = e ? core_store_fail(f, e) : hydrate_page(s, a, v, ids, kept, limit, out, n, next, f);
    }
    store_rollback(s);
    return rc;
}
