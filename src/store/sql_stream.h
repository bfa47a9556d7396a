/* The SQL of the live streams' shared window on the event log (core/event):
 * the new events once for every stream, with the privacy of each one's
 * group, and the active members of a group whose events are for members
 * only. */
#ifndef STORE_SQL_STREAM_H
#define STORE_SQL_STREAM_H

#define STREAM_STATEMENTS(X)                                                                       \
    X(STREAM_EVENTS,                                                                               \
      "SELECT e.id, e.kind, e.group_id, e.post_id, e.comment_id, e.actor_id, e.user_id, "          \
      "e.notification_id, e.created_at, COALESCE(g.privacy, 3) FROM events e "                     \
      "LEFT JOIN groups g ON g.id = e.group_id WHERE e.id > ?1 ORDER BY e.id LIMIT ?2")            \
    X(STREAM_MEMBERS, "SELECT user_id FROM memberships WHERE group_id = ?1 AND state = 1 "         \
                      "ORDER BY user_id")

#endif
