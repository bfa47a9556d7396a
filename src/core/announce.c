/* Important announcements (see announce.h for the rules in words). */
#include "core/announce.h"

#include <string.h>

#include "core/event.h"
#include "core/notify.h"
#include "core/perm.h"
#include "core/post.h"

#define DAY_MS (24LL * 3600 * 1000)

static const char *const receipt_state_names[RECEIPT_STATE__MAX] = {
    "acknowledged", "not_acknowledged", "seen", "not_seen"};

const char *receipt_state_str(enum receipt_state st)
{
    return (unsigned)st < RECEIPT_STATE__MAX ? receipt_state_names[st] : "unknown";
}

int receipt_state_parse(const char *s, enum receipt_state *out)
{
    for (int i = 0; s && i < RECEIPT_STATE__MAX; i++)
        if (strcmp(s, receipt_state_names[i]) == 0) {
            *out = (enum receipt_state)i;
            return 0;
        }
    return -1;
}

static bool is_active(const struct post *p, int64_t now)
{
    return p->important_until > now;
}

static enum core_err not_important(struct fail *f)
{
    return core_fail(f, CORE_CONFLICT, "not_important",
                     "This post is not an important announcement.", NULL);
}

static enum core_err mark_forbidden(struct fail *f)
{
    return core_fail(f, CORE_FORBIDDEN, "important_forbidden",
                     "Only the group's admins and district communications staff can mark a post "
                     "important.",
                     NULL);
}

static enum core_err receipts_forbidden(struct fail *f)
{
    return core_fail(f, CORE_FORBIDDEN, "receipts_forbidden",
                     "Only the author, the group's admins and district communications staff see "
                     "who has read an announcement.",
                     NULL);
}

/* Loads the post for a change that needs `action`, in a write transaction. */
static enum core_err begin_change(struct store *s, struct arena *a, const struct viewer *v,
                                  int64_t post_id, enum perm_important_action action,
                                  struct post *p, struct group *g, struct fail *f)
{
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = post_load(s, a, v, post_id, p, g, f);
    if (!rc && action == IMPORTANT_MARK && g->archived_at)
        rc = core_archived(f);
    if (!rc && !perm_important(v, g, p->author.id, action))
        rc = action == IMPORTANT_MARK ? mark_forbidden(f) : receipts_forbidden(f);
    if (rc)
        store_rollback(s);
    return rc;
}

enum core_err announce_mark(struct store *s, struct arena *a, const struct viewer *v,
                            int64_t post_id, int64_t days, struct post *out, struct fail *f)
{
    if (days < IMPORTANT_DAYS_MIN || days > IMPORTANT_DAYS_MAX)
        return core_fail(f, CORE_INVALID, "days_out_of_range",
                         "A post can be important for 1 to 7 days.", "days");
    struct group g;
    enum core_err rc = begin_change(s, a, v, post_id, IMPORTANT_MARK, out, &g, f);
    if (rc)
        return rc;
    int64_t now = core_now_ms();
    bool renewed = !is_active(out, now);
    enum store_err e = store_post_set_important(s, post_id, now + days * DAY_MS, v->id,
                                                renewed ? now : out->important_at);
    if (!e && renewed) {
        /* Everyone hears of it, whatever their settings; those who already
         * acknowledged an earlier round are not asked again. */
        struct notify_row row = {.kind = NOTIFY_IMPORTANT,
                                 .actor_id = v->id,
                                 .group_id = out->group_id,
                                 .post_id = post_id,
                                 .now = now};
        e = store_notify_members(s, &row, true, 0, NULL);
        event_mark();
    }
    if (!e)
        e = event_add(s, EVENT_POST_EDITED, out->group_id, post_id, 0, v->id, now);
    rc = core_finish(s, core_store_fail(f, e), f);
    return rc ? rc : post_reload(s, a, v, post_id, out, f);
}

enum core_err announce_unmark(struct store *s, struct arena *a, const struct viewer *v,
                              int64_t post_id, struct post *out, struct fail *f)
{
    struct group g;
    enum core_err rc = begin_change(s, a, v, post_id, IMPORTANT_MARK, out, &g, f);
    if (rc)
        return rc;
    int64_t now = core_now_ms();
    if (!is_active(out, now))
        return core_finish(s, not_important(f), f);
    enum store_err e = store_post_set_important(s, post_id, 0, v->id, now);
    if (!e)
        e = event_add(s, EVENT_POST_EDITED, out->group_id, post_id, 0, v->id, now);
    rc = core_finish(s, core_store_fail(f, e), f);
    return rc ? rc : post_reload(s, a, v, post_id, out, f);
}

enum core_err announce_receipt(struct store *s, struct arena *a, const struct viewer *v,
                               int64_t post_id, bool ack, struct post *out, struct fail *f)
{
    struct group g;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = post_load(s, a, v, post_id, out, &g, f);
    if (!rc && !out->important_at)
        rc = not_important(f);
    if (!rc && out->author.id == v->id)
        rc = core_fail(f, CORE_CONFLICT, "own_announcement",
                       "You wrote this announcement: there is nothing to acknowledge.", NULL);
    if (!rc && !perm_important(v, &g, out->author.id, IMPORTANT_ACK))
        rc = core_fail(f, CORE_FORBIDDEN, "members_only",
                       "Only the group's members acknowledge its announcements. Join it first.",
                       NULL);
    if (rc)
        return core_finish(s, rc, f);
    bool changed;
    int64_t now = core_now_ms();
    e = store_receipt_mark(s, post_id, v->id, ack, now, &changed);
    /* A new acknowledgement moves the post out of the reader's pinned
     * posts in their other tabs, and changes its author's counts. */
    if (!e && changed && ack)
        e = event_add(s, EVENT_POST_EDITED, out->group_id, post_id, 0, v->id, now);
    rc = core_finish(s, core_store_fail(f, e), f);
    return rc ? rc : post_reload(s, a, v, post_id, out, f);
}

enum core_err announce_receipts(struct store *s, struct arena *a, const struct viewer *v,
                                int64_t post_id, enum receipt_state state, int64_t cursor,
                                size_t limit, struct receipt **out, size_t *n, int64_t *next,
                                struct receipt_counts *counts, struct fail *f)
{
    struct post p;
    struct group g;
    enum store_err e = store_begin_read(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = post_load(s, a, v, post_id, &p, &g, f);
    if (!rc && !p.important_at)
        rc = not_important(f);
    if (!rc && !perm_important(v, &g, p.author.id, IMPORTANT_RECEIPTS))
        rc = receipts_forbidden(f);
    if (!rc) {
        e = store_receipt_counts(s, post_id, p.group_id, p.author.id, counts);
        if (!e)
            e = store_receipt_list(s, a, post_id, p.group_id, p.author.id, state, cursor, limit + 1,
                                   out, n);
        rc = core_store_fail(f, e);
    }
    store_rollback(s);
    *next = 0;
    if (!rc && *n > limit) {
        *n = limit;
        *next = (*out)[limit - 1].user.id;
    }
    return rc;
}

enum core_err announce_nudge(struct store *s, struct arena *a, const struct viewer *v,
                             int64_t post_id, int64_t *nudged, struct fail *f)
{
    struct post p;
    struct group g;
    enum core_err rc = begin_change(s, a, v, post_id, IMPORTANT_RECEIPTS, &p, &g, f);
    if (rc)
        return rc;
    int64_t now = core_now_ms();
    if (!is_active(&p, now))
        return core_finish(s,
                           core_fail(f, CORE_CONFLICT, "not_important",
                                     "This announcement is no longer important: mark it "
                                     "important again to remind people.",
                                     NULL),
                           f);
    if (p.nudged_at && now - p.nudged_at < NUDGE_INTERVAL_MS) {
        rc =
            core_fail(f, CORE_THROTTLED, "nudge_too_soon",
                      "People were reminded less than an hour ago. Give them a little time.", NULL);
        f->retry_after_s = (p.nudged_at + NUDGE_INTERVAL_MS - now + 999) / 1000;
        return core_finish(s, rc, f);
    }
    struct notify_row row = {.kind = NOTIFY_NUDGE,
                             .actor_id = v->id,
                             .group_id = p.group_id,
                             .post_id = post_id,
                             .now = now};
    enum store_err e = store_notify_members(s, &row, true, p.author.id, nudged);
    if (!e)
        e = store_post_set_nudged(s, post_id, now);
    event_mark();
    return core_finish(s, core_store_fail(f, e), f);
}

enum store_err announce_pinned(struct store *s, const struct viewer *v, int64_t group_id,
                               int64_t *ids, size_t *n)
{
    return store_pinned_post_ids(s, v->id, group_id, core_now_ms(), LIMIT_PINNED, ids, n);
}

enum store_err announce_fill(struct store *s, const struct viewer *v, struct post *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct group g;
        post_group_of(&p[i], &g);
        p[i].has_receipts = false;
        if (!p[i].important_at || !perm_important(v, &g, p[i].author.id, IMPORTANT_RECEIPTS))
            continue;
        enum store_err e =
            store_receipt_counts(s, p[i].id, p[i].group_id, p[i].author.id, &p[i].receipts);
        if (e)
            return e;
        p[i].has_receipts = true;
    }
    return STORE_OK;
}
