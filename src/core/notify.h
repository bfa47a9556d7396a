/* Notifications: what is written when something happens that a person
 * should hear about, the notification centre (list, unread count, mark
 * read), per-group settings and per-post follows. The kinds live in one
 * table (notify.c) indexed by enum notify_kind.
 *
 * Writing: every notify_*_created/added/... function is called by core/post
 * and core/group inside the action's own write transaction, before commit,
 * so an action and its notifications are stored together or not at all.
 * They return store errors, which fail (and roll back) the action.
 *
 * Who hears what:
 *   - nobody is ever notified of their own action, and deactivated people
 *     are never notified;
 *   - a notification about a post goes only to people who may read the
 *     post (core/perm, PERM_READ_CONTENT): mentioning a non-member in a
 *     closed or secret group notifies no one; one about a group alone (join
 *     request, approval, invitation) only to people who may see the group;
 *   - per-group settings: level `all`, `highlights` (the default) or `off`,
 *     and `muted`. Muted: nothing at all from the group. Otherwise each kind
 *     has the highest level at which it still arrives:
 *       personal (mention, reply to my comment, join request to an admin,
 *         request approved, invitation): every level, even `off`;
 *       highlights (comment on my post, comment on a post I follow,
 *         reactions on my post): `highlights` and `all`;
 *       new_post (every new post in the group): `all` only;
 *   - follows: authors follow their posts and commenters the posts they
 *     comment on, unless they unfollowed it (an unfollow is remembered).
 *     Unfollowing a post stops comments-on-it and reactions about it;
 *     mentions and replies to one's comment still arrive;
 *   - one event, one notification per person: a mention wins over a reply,
 *     a reply over a comment on my post, that over a comment on a followed
 *     post; a person mentioned in a new post gets the mention, not new_post;
 *   - reactions are batched: while a person's reaction notification about a
 *     post is unread, each new reactor counts one more on it and becomes its
 *     actor; once it is read, the next reaction starts a new one;
 *   - fan-outs are bounded: mentions by the markdown renderer's cap (50);
 *     new_post, followers and admins are one INSERT ... SELECT each.
 *
 * Reading: one's own notifications only, each filtered through core/perm
 * at read time, so a notification about a group one has left (or a post
 * since removed) is neither listed nor counted. */
#ifndef CORE_NOTIFY_H
#define CORE_NOTIFY_H

#include "core/core.h"

enum notify_kind {
    NOTIFY_MENTION,          /* mentioned in a post or a comment */
    NOTIFY_COMMENT,          /* a comment on my post */
    NOTIFY_REPLY,            /* a reply to my comment */
    NOTIFY_FOLLOWED_COMMENT, /* a comment on a post I follow */
    NOTIFY_REACTION,         /* reactions on my post (batched) */
    NOTIFY_JOIN_REQUEST,     /* someone asks to join a group I manage */
    NOTIFY_REQUEST_APPROVED, /* my request to join was approved */
    NOTIFY_INVITATION,       /* I was invited to a group */
    NOTIFY_NEW_POST,         /* a new post in a group whose level is `all` */
    NOTIFY_IMPORTANT,       /* a post was marked important: every member, whatever their settings */
    NOTIFY_NUDGE,           /* a reminder to acknowledge an important post */
    NOTIFY_REVIEW_RELEASED, /* a monitor published my held post, comment or edit */
    NOTIFY_REVIEW_REJECTED, /* a monitor did not publish it, with the reason */
    NOTIFY_KIND__MAX
};

#define NOTIFY_LEVEL_DEFAULT NOTIFY_HIGHLIGHTS
#define LIMIT_MARK_READ_IDS  100
/* Read notifications are kept this long, then pruned by the job worker;
 * unread ones stay until read. */
#define NOTIFY_KEEP_READ_MS (90LL * 24 * 3600 * 1000)

const char *notify_kind_str(int kind);
const char *notify_level_str(enum notify_level l);
/* 0 and *out set when s names a level, -1 otherwise. */
int notify_level_parse(const char *s, enum notify_level *out);

/* ---- writing, inside the caller's write transaction ---- */

/* A new post: mentions, new_post to members at level `all`; the author follows it. */
enum store_err notify_post_created(struct store *s, struct arena *a, const struct viewer *actor,
                                   int64_t group_id, int64_t post_id, int64_t now);
/* An edited post: people its new text mentions who were not mentioned
 * before (before[0..n_before), read before the mentions were replaced) are
 * notified; nobody hears of the same mention twice. */
enum store_err notify_post_edited(struct store *s, struct arena *a, const struct viewer *actor,
                                  int64_t group_id, int64_t post_id, const struct user *before,
                                  size_t n_before, int64_t now);
/* A new comment on p; replied_author is the author of the comment it
 * answers (0 for a top-level comment). The commenter follows p. */
enum store_err notify_comment_created(struct store *s, struct arena *a, const struct viewer *actor,
                                      const struct post *p, int64_t comment_id,
                                      int64_t replied_author, int64_t now);
/* A new reaction (not a change of kind) on p. */
enum store_err notify_reaction_added(struct store *s, struct arena *a, const struct viewer *actor,
                                     const struct post *p, int64_t now);
/* The actor asked to join group_id: its admins hear of it. */
enum store_err notify_join_requested(struct store *s, const struct viewer *actor, int64_t group_id,
                                     int64_t now);
/* The actor approved target's request (NOTIFY_REQUEST_APPROVED) or invited
 * target (NOTIFY_INVITATION). Call after the membership is written. */
enum store_err notify_member(struct store *s, struct arena *a, const struct viewer *actor,
                             int64_t group_id, int64_t target, enum notify_kind kind, int64_t now);

/* ---- the notification centre ---- */

/* The viewer's notifications, newest first, before the cursor (a
 * notification id; 0 from the newest); *unread is the viewer's unread count
 * under the same visibility rules. */
enum core_err notify_list(struct store *s, struct arena *a, const struct viewer *v,
                          bool unread_only, int64_t cursor, size_t limit, struct notification **out,
                          size_t *n, int64_t *next, int64_t *unread, struct fail *f);
/* Marks the viewer's notifications among ids[0..n) read (ids of other
 * people's notifications change nothing), or all of them; *unread is the
 * count afterwards. */
enum core_err notify_mark_read(struct store *s, const struct viewer *v, const int64_t *ids,
                               size_t n, bool all, int64_t *unread, struct fail *f);

/* The viewer's settings for each group they are an active member of, by
 * group id, after the cursor (a group id). */
enum core_err notify_settings_list(struct store *s, struct arena *a, const struct viewer *v,
                                   int64_t cursor, size_t limit, struct notify_setting **out,
                                   size_t *n, int64_t *next, struct fail *f);
/* Changes the viewer's settings for a group: level and muted may be NULL
 * (unchanged). NOTFOUND unless the viewer may see the group; FORBIDDEN
 * unless they are an active member. out is the setting afterwards. */
/* One group's setting for the viewer (NOTFOUND unless they may see the
 * group, FORBIDDEN unless they are an active member). */
enum core_err notify_settings_get(struct store *s, struct arena *a, const struct viewer *v,
                                  int64_t group_id, struct notify_setting *out, struct fail *f);
enum core_err notify_settings_set(struct store *s, struct arena *a, const struct viewer *v,
                                  int64_t group_id, const enum notify_level *level,
                                  const bool *muted, struct notify_setting *out, struct fail *f);
/* Follows or unfollows a post the viewer may read (NOTFOUND otherwise). */
enum core_err notify_follow(struct store *s, struct arena *a, const struct viewer *v,
                            int64_t post_id, bool follow, struct fail *f);

#endif
