/* Notifications: the kinds table, delivery under settings, follows and
 * perm, and the notification centre. The rules in words are in notify.h. */
#include "core/notify.h"

#include <string.h>

#include "core/event.h"
#include "core/perm.h"

/* One row per kind: its name in the API, the highest level at which it
 * still arrives, whether it is about a post (then the recipient must read
 * the post) or only a group (then they must see the group), whether an
 * unfollow of the post silences it, and whether it batches. */
struct kind_def {
    const char *name;
    enum notify_level max_level;
    bool about_post;
    bool follow_gated;
    bool batched;
};

static const struct kind_def kinds[NOTIFY_KIND__MAX] = {
    [NOTIFY_MENTION] = {"mention", NOTIFY_OFF, true, false, false},
    [NOTIFY_COMMENT] = {"comment", NOTIFY_HIGHLIGHTS, true, true, false},
    [NOTIFY_REPLY] = {"reply", NOTIFY_OFF, true, false, false},
    [NOTIFY_FOLLOWED_COMMENT] = {"followed_comment", NOTIFY_HIGHLIGHTS, true, true, false},
    [NOTIFY_REACTION] = {"reaction", NOTIFY_HIGHLIGHTS, true, true, true},
    [NOTIFY_JOIN_REQUEST] = {"join_request", NOTIFY_OFF, false, false, false},
    [NOTIFY_REQUEST_APPROVED] = {"request_approved", NOTIFY_OFF, false, false, false},
    [NOTIFY_INVITATION] = {"invitation", NOTIFY_OFF, false, false, false},
    [NOTIFY_NEW_POST] = {"new_post", NOTIFY_ALL, true, false, false},
    [NOTIFY_IMPORTANT] = {"important", NOTIFY_OFF, true, false, false},
    [NOTIFY_NUDGE] = {"important_reminder", NOTIFY_OFF, true, false, false},
    [NOTIFY_REVIEW_RELEASED] = {"review_released", NOTIFY_OFF, true, false, false},
    [NOTIFY_REVIEW_REJECTED] = {"review_rejected", NOTIFY_OFF, false, false, false},
};

/* new_post reads only people with a settings row (store_notify_level). */
_Static_assert(NOTIFY_LEVEL_DEFAULT != NOTIFY_ALL, "level all must be chosen, never the default");

static const char *const level_names[NOTIFY_LEVEL__MAX] = {"all", "highlights", "off"};

const char *notify_kind_str(int kind)
{
    return kind >= 0 && kind < NOTIFY_KIND__MAX ? kinds[kind].name : "unknown";
}

const char *notify_level_str(enum notify_level l)
{
    return (unsigned)l < NOTIFY_LEVEL__MAX ? level_names[l] : "unknown";
}

int notify_level_parse(const char *s, enum notify_level *out)
{
    for (int i = 0; s && i < NOTIFY_LEVEL__MAX; i++) {
        if (strcmp(level_names[i], s) == 0) {
            *out = (enum notify_level)i;
            return 0;
        }
    }
    return -1;
}

/* ---- writing ---- */

/* Writes n for its one recipient when the rules let it through. */
static enum store_err deliver(struct store *s, struct arena *a, const struct notify_row *n)
{
    const struct kind_def *k = &kinds[n->kind];
    if (n->user_id <= 0 || n->user_id == n->actor_id)
        return STORE_OK;
    struct user u;
    enum store_err e = store_user_get(s, a, n->user_id, &u);
    if (e == STORE_NOTFOUND || (!e && u.status != USER_ACTIVE))
        return STORE_OK;
    if (e)
        return e;
    struct viewer to = {.id = u.id, .role = u.role, .login = u.login};
    struct group g;
    if ((e = store_group_get(s, a, n->group_id, u.id, &g)))
        return e;
    if (!perm_group(&to, &g, k->about_post ? PERM_READ_CONTENT : PERM_SEE_GROUP))
        return STORE_OK;
    enum notify_level level = NOTIFY_LEVEL_DEFAULT;
    bool muted = false, found;
    if ((e = store_notify_setting_get(s, u.id, n->group_id, &level, &muted, &found)))
        return e;
    if (muted || level > k->max_level)
        return STORE_OK;
    if (k->follow_gated) {
        int st;
        if ((e = store_post_follow_get(s, n->post_id, u.id, &st)))
            return e;
        if (st == 0)
            return STORE_OK;
    }
    if (k->batched && (e = store_notification_bump(s, n)) != STORE_NOTFOUND)
        return e;
    return store_notification_add(s, n);
}

static bool listed(const struct user *users, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (users[i].id == id)
            return true;
    return false;
}

/* Mentions of the source (stored just before) and who they were. */
static enum store_err mentions(struct store *s, struct arena *a, struct notify_row *row,
                               bool is_comment, int64_t source, struct user **users, size_t *n)
{
    enum store_err e = store_mentions_list(s, a, is_comment, source, users, n);
    int kind = row->kind;
    row->kind = NOTIFY_MENTION;
    for (size_t i = 0; !e && i < *n; i++) {
        row->user_id = (*users)[i].id;
        e = deliver(s, a, row);
    }
    row->kind = kind;
    return e;
}

enum store_err notify_post_created(struct store *s, struct arena *a, const struct viewer *actor,
                                   int64_t group_id, int64_t post_id, int64_t now)
{
    event_mark(); /* its notifications write events (a store trigger) */
    struct notify_row row = {.kind = NOTIFY_NEW_POST,
                             .actor_id = actor->id,
                             .group_id = group_id,
                             .post_id = post_id,
                             .now = now};
    struct user *m;
    size_t n;
    enum store_err e = mentions(s, a, &row, false, post_id, &m, &n);
    if (!e)
        e = store_notify_level(s, &row, NOTIFY_ALL);
    if (!e)
        e = store_post_follow_set(s, post_id, actor->id, true, true, now);
    return e;
}

enum store_err notify_post_edited(struct store *s, struct arena *a, const struct viewer *actor,
                                  int64_t group_id, int64_t post_id, const struct user *before,
                                  size_t n_before, int64_t now)
{
    struct notify_row row = {.kind = NOTIFY_MENTION,
                             .actor_id = actor->id,
                             .group_id = group_id,
                             .post_id = post_id,
                             .now = now};
    struct user *m;
    size_t n;
    enum store_err e = store_mentions_list(s, a, false, post_id, &m, &n);
    for (size_t i = 0; !e && i < n; i++) {
        if (listed(before, n_before, m[i].id))
            continue;
        event_mark(); /* its notifications write events (a store trigger) */
        row.user_id = m[i].id;
        e = deliver(s, a, &row);
    }
    return e;
}

enum store_err notify_comment_created(struct store *s, struct arena *a, const struct viewer *actor,
                                      const struct post *p, int64_t comment_id,
                                      int64_t replied_author, int64_t now)
{
    event_mark(); /* its notifications write events (a store trigger) */
    struct notify_row row = {.actor_id = actor->id,
                             .group_id = p->group_id,
                             .post_id = p->id,
                             .comment_id = comment_id,
                             .now = now};
    struct user *m;
    size_t n;
    enum store_err e = mentions(s, a, &row, true, comment_id, &m, &n);
    if (!e && replied_author && !listed(m, n, replied_author)) {
        row.kind = NOTIFY_REPLY;
        row.user_id = replied_author;
        e = deliver(s, a, &row);
    }
    int64_t author = p->author.id;
    if (!e && author != replied_author && !listed(m, n, author)) {
        row.kind = NOTIFY_COMMENT;
        row.user_id = author;
        e = deliver(s, a, &row);
    }
    if (!e) {
        row.kind = NOTIFY_FOLLOWED_COMMENT;
        e = store_notify_followers(s, &row, author, replied_author, NOTIFY_LEVEL_DEFAULT,
                                   kinds[NOTIFY_FOLLOWED_COMMENT].max_level);
    }
    if (!e)
        e = store_post_follow_set(s, p->id, actor->id, true, true, now);
    return e;
}

enum store_err notify_reaction_added(struct store *s, struct arena *a, const struct viewer *actor,
                                     const struct post *p, int64_t now)
{
    event_mark(); /* its notifications write events (a store trigger) */
    struct notify_row row = {.user_id = p->author.id,
                             .kind = NOTIFY_REACTION,
                             .actor_id = actor->id,
                             .group_id = p->group_id,
                             .post_id = p->id,
                             .now = now};
    return deliver(s, a, &row);
}

enum store_err notify_join_requested(struct store *s, const struct viewer *actor, int64_t group_id,
                                     int64_t now)
{
    event_mark(); /* its notifications write events (a store trigger) */
    struct notify_row row = {
        .kind = NOTIFY_JOIN_REQUEST, .actor_id = actor->id, .group_id = group_id, .now = now};
    return store_notify_admins(s, &row, NOTIFY_LEVEL_DEFAULT, kinds[NOTIFY_JOIN_REQUEST].max_level);
}

enum store_err notify_member(struct store *s, struct arena *a, const struct viewer *actor,
                             int64_t group_id, int64_t target, enum notify_kind kind, int64_t now)
{
    event_mark(); /* its notifications write events (a store trigger) */
    struct notify_row row = {
        .user_id = target, .kind = kind, .actor_id = actor->id, .group_id = group_id, .now = now};
    return deliver(s, a, &row);
}

/* ---- the notification centre ---- */

enum core_err notify_list(struct store *s, struct arena *a, const struct viewer *v,
                          bool unread_only, int64_t cursor, size_t limit, struct notification **out,
                          size_t *n, int64_t *next, int64_t *unread, struct fail *f)
{
    struct notify_filter flt;
    perm_notify_filter(v, &flt);
    enum store_err e = store_begin_read(s);
    if (e)
        return core_store_fail(f, e);
    e = store_notification_list(s, a, &flt, unread_only, cursor, limit + 1, out, n);
    if (!e)
        e = store_notification_unread(s, &flt, unread);
    store_rollback(s); /* ends the read transaction */
    if (e)
        return core_store_fail(f, e);
    *next = 0;
    if (*n > limit) {
        *n = limit;
        *next = (*out)[limit - 1].id;
    }
    size_t k = 0;
    for (size_t i = 0; i < *n; i++)
        if (perm_notification(v, &(*out)[i]))
            (*out)[k++] = (*out)[i];
    *n = k;
    return CORE_OK;
}

enum core_err notify_mark_read(struct store *s, const struct viewer *v, const int64_t *ids,
                               size_t n, bool all, int64_t *unread, struct fail *f)
{
    struct notify_filter flt;
    perm_notify_filter(v, &flt);
    int64_t now = core_now_ms();
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    if (all)
        e = store_notification_mark_all(s, v->id, now);
    for (size_t i = 0; !all && !e && i < n; i++)
        e = store_notification_mark(s, v->id, ids[i], now);
    if (!e)
        e = store_notification_unread(s, &flt, unread);
    return core_finish(s, core_store_fail(f, e), f);
}

enum core_err notify_settings_list(struct store *s, struct arena *a, const struct viewer *v,
                                   int64_t cursor, size_t limit, struct notify_setting **out,
                                   size_t *n, int64_t *next, struct fail *f)
{
    enum store_err e =
        store_notify_settings_list(s, a, v->id, NOTIFY_LEVEL_DEFAULT, cursor, limit + 1, out, n);
    if (e)
        return core_store_fail(f, e);
    *next = 0;
    if (*n > limit) {
        *n = limit;
        *next = (*out)[limit - 1].group_id;
    }
    return CORE_OK;
}

/* The viewer's setting for a group they are an active member of (the
 * default when they never chose), inside the caller's transaction. */
static enum core_err setting_load(struct store *s, struct arena *a, const struct viewer *v,
                                  int64_t group_id, struct notify_setting *out, struct fail *f)
{
    struct group g;
    enum store_err e = store_group_get(s, a, group_id, v->id, &g);
    if (e)
        return core_store_fail(f, e);
    if (!perm_group(v, &g, PERM_SEE_GROUP))
        return core_not_found(f);
    if (g.viewer_state != MEMBER_ACTIVE)
        return core_fail(f, CORE_FORBIDDEN, "members_only",
                         "Only members have notification settings for a group.", NULL);
    bool found;
    out->group_id = g.id;
    out->group_name = g.name;
    out->level = NOTIFY_LEVEL_DEFAULT;
    out->muted = false;
    return core_store_fail(
        f, store_notify_setting_get(s, v->id, group_id, &out->level, &out->muted, &found));
}

enum core_err notify_settings_get(struct store *s, struct arena *a, const struct viewer *v,
                                  int64_t group_id, struct notify_setting *out, struct fail *f)
{
    enum store_err e = store_begin_read(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = setting_load(s, a, v, group_id, out, f);
    store_rollback(s); /* ends the read transaction */
    return rc;
}

enum core_err notify_settings_set(struct store *s, struct arena *a, const struct viewer *v,
                                  int64_t group_id, const enum notify_level *level,
                                  const bool *muted, struct notify_setting *out, struct fail *f)
{
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = setting_load(s, a, v, group_id, out, f);
    if (rc)
        return core_finish(s, rc, f);
    if (level)
        out->level = *level;
    if (muted)
        out->muted = *muted;
    e = store_notify_setting_set(s, v->id, group_id, out->level, out->muted);
    return core_finish(s, core_store_fail(f, e), f);
}

enum core_err notify_follow(struct store *s, struct arena *a, const struct viewer *v,
                            int64_t post_id, bool follow, struct fail *f)
{
    struct post p;
    struct group g;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    e = store_post_get(s, a, post_id, v->id, &p);
    if (!e && p.deleted_at)
        e = STORE_NOTFOUND;
    if (!e)
        e = store_group_get(s, a, p.group_id, v->id, &g);
    if (e)
        return core_finish(s, core_store_fail(f, e), f);
    if (!perm_group(v, &g, PERM_READ_CONTENT))
        return core_finish(s, core_not_found(f), f);
    e = store_post_follow_set(s, post_id, v->id, follow, false, core_now_ms());
    return core_finish(s, core_store_fail(f, e), f);
}
