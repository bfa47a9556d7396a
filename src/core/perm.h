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
/* The filter every group listing applies. */
void perm_group_filter(const struct viewer *v, struct group_filter *f);
/* The filter for reading posts across groups (PERM_READ_CONTENT as a query). */
void perm_content_filter(const struct viewer *v, struct content_filter *f);
/* The filter for reading one's own notifications (see struct notify_filter). */
void perm_notify_filter(const struct viewer *v, struct notify_filter *f);
/* The filter for reading the event log (see struct event_filter). */
void perm_event_filter(const struct viewer *v, struct event_filter *f);

#endif
