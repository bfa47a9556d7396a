/* The one place that decides who may see and do what. Every read path asks
 * here (or applies the filter built here), so a secret group's content is
 * unreachable by every route for anyone outside it. A group passed in must
 * have been loaded for this viewer (its viewer_state and viewer_role are the
 * viewer's). Rules:
 *   - open groups: every active user sees them and their content;
 *   - closed groups: every active user sees the name, purpose and member
 *     count; content and the member list are for active members;
 *   - secret groups: only active members and invitees know they exist;
 *     content is for active members;
 *   - system admins see every group's existence and settings and manage
 *     every group, but read closed and secret content only as members;
 *   - any member of an open group may invite colleagues (they could join
 *     anyway); in closed and secret groups only admins invite;
 *   - archived groups stay readable and accept no new content. */
#ifndef CORE_PERM_H
#define CORE_PERM_H

#include <stdbool.h>

#include "core/core.h"

enum perm_action {
    PERM_SEE_GROUP,    /* know it exists: name, purpose, privacy, member count */
    PERM_READ_CONTENT, /* posts, comments, reactions, revisions, member list */
    PERM_POST,         /* write a post */
    PERM_INTERACT,     /* comment and react */
    PERM_INVITE,       /* invite a colleague */
    PERM_MANAGE,       /* settings, approvals, roles, removals */
    PERM_SEE_REQUESTS, /* pending requests and open invitations */
    PERM_ACTION__MAX
};

bool perm_group(const struct viewer *v, const struct group *g, enum perm_action a);
/* Editing a post or comment is for its author alone. */
bool perm_edit(const struct viewer *v, int64_t author_id);
/* Removing a post or comment: its author, the group's admins, system admins. */
bool perm_remove(const struct viewer *v, const struct group *g, int64_t author_id);
/* Important announcements. A post is important for 1 to 7 days; its
 * audience is the group's active members other than its author. */
enum perm_important_action {
    IMPORTANT_MARK,     /* mark or unmark: group admins and the district
                           communications role, in a live group whose
                           content they read */
    IMPORTANT_RECEIPTS, /* counts, who has and has not, nudge: the author,
                           group admins and the communications role */
    IMPORTANT_ACK,      /* see and acknowledge: the audience */
};
bool perm_important(const struct viewer *v, const struct group *g, int64_t author_id,
                    enum perm_important_action a);
/* What the privacy guard held for review (core/review). A held text has
 * reached no one: its author sees it and may withdraw it while it waits;
 * monitors see every held text, whatever its group (the queue shows the
 * held text alone, never the group's other content), and decide on it,
 * except on their own. */
enum perm_review_action {
    REVIEW_QUEUE,    /* list everyone's held texts: monitors */
    REVIEW_SEE,      /* one held text, its findings and the decision: monitors, its author */
    REVIEW_DECIDE,   /* release or reject: monitors, not on their own texts */
    REVIEW_WITHDRAW, /* take back while pending: its author */
};
bool perm_review(const struct viewer *v, int64_t author_id, enum perm_review_action a);
/* The filter every group listing applies. */
void perm_group_filter(const struct viewer *v, struct group_filter *f);
/* The filter for reading posts across groups (PERM_READ_CONTENT as a query). */
void perm_content_filter(const struct viewer *v, struct content_filter *f);
/* Whether the recipient v may still see notification n (loaded for v): one
 * about a post needs its content readable, one about a group alone the
 * group visible. The last word after the store's notify_filter. */
bool perm_notification(const struct viewer *v, const struct notification *n);
/* The filter for reading one's own notifications (see struct notify_filter). */
void perm_notify_filter(const struct viewer *v, struct notify_filter *f);
/* The filter for reading the event log (see struct event_filter). */
void perm_event_filter(const struct viewer *v, struct event_filter *f);

/* ---- live events: one event's visibility worked out once for every
 * stream (core/event's live window) ---- */
/* Who may read one group event: everyone when the group's content is for
 * every active user (open), else the group's active members (ascending
 * user ids, loaded by the caller when perm_audience_members says so). */
struct perm_audience {
    bool everyone;
    const int64_t *members;
    size_t n_members;
};
/* Whether the audience of an event in a group of privacy p is a member list
 * (false: everyone). An event whose group is gone passes PRIVACY__MAX. */
bool perm_audience_members(enum privacy p);
/* May v read e? a is e's audience when e is a group event (user_id 0) and
 * is not read for a personal one (a notification: for e->user_id alone).
 * The same rule as the query that perm_event_filter builds. */
bool perm_event_visible(const struct viewer *v, const struct event *e,
                        const struct perm_audience *a);

/* ---- uploaded images (core/media) ---- */
struct media;
/* May v see image m? One not yet attached to a post is its uploader's
 * alone; an attached one is for whoever may read its post's content: g is
 * that post's group as loaded for v, NULL when the post is deleted or gone
 * (then no one may). A removed image is no one's. */
bool perm_media(const struct viewer *v, const struct media *m, const struct group *g);

#endif
