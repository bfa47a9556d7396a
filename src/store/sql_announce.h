/* The SQL of important announcements: marking, receipts, the pinned posts
 * of a feed and the fan-outs that reach every member. The audience of an
 * important post is its group's active members with active accounts, other
 * than its author (?3 below). */
#ifndef STORE_SQL_ANNOUNCE_H
#define STORE_SQL_ANNOUNCE_H

#define AUDIENCE                                                                                   \
    "FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN orgs o ON o.id = u.org_id "     \
    "LEFT JOIN post_receipts r ON r.post_id = ?1 AND r.user_id = m.user_id "                       \
    "WHERE m.group_id = ?2 AND m.state = 1 AND u.status = 0 AND m.user_id <> ?3 "

#define ANNOUNCE_STATEMENTS(X)                                                                     \
    X(IMPORTANT_SET, "UPDATE posts SET important_until = ?2, important_by = ?3, "                  \
                     "important_at = ?4 WHERE id = ?1 AND deleted_at IS NULL")                     \
    X(IMPORTANT_END, "UPDATE posts SET important_until = ?2 WHERE id = ?1 "                        \
                     "AND deleted_at IS NULL AND important_until > ?2")                            \
    X(NUDGED_SET, "UPDATE posts SET nudged_at = ?2 WHERE id = ?1")                                 \
    X(RECEIPT_SEEN, "INSERT INTO post_receipts(post_id, user_id, seen_at) VALUES (?1, ?2, ?3) "    \
                    "ON CONFLICT(post_id, user_id) DO NOTHING")                                    \
    X(RECEIPT_ACK, "INSERT INTO post_receipts(post_id, user_id, seen_at, acked_at) "               \
                   "VALUES (?1, ?2, ?3, ?3) ON CONFLICT(post_id, user_id) DO UPDATE "              \
                   "SET seen_at = COALESCE(seen_at, excluded.seen_at), acked_at = "                \
                   "excluded.acked_at WHERE acked_at IS NULL")                                     \
    X(RECEIPT_COUNTS, "SELECT count(*), count(r.seen_at), count(r.acked_at) " AUDIENCE)            \
    X(RECEIPT_LIST, "SELECT " USER_COLS ", r.seen_at, r.acked_at " AUDIENCE                        \
                    "AND m.user_id > ?5 AND CASE ?4 WHEN 0 THEN r.acked_at IS NOT NULL "           \
                    "WHEN 1 THEN r.acked_at IS NULL WHEN 2 THEN r.seen_at IS NOT NULL "            \
                    "ELSE r.seen_at IS NULL END ORDER BY m.user_id LIMIT ?6")                      \
    X(PINNED_HOME,                                                                                 \
      "SELECT p.id FROM memberships m JOIN posts p ON p.group_id = m.group_id "                    \
      "AND p.important_until > ?2 AND p.deleted_at IS NULL WHERE m.user_id = ?1 "                  \
      "AND m.state = 1 AND p.author_id <> ?1 AND NOT EXISTS (SELECT 1 FROM post_receipts r "       \
      "WHERE r.post_id = p.id AND r.user_id = ?1 AND r.acked_at IS NOT NULL) "                     \
      "ORDER BY p.id DESC LIMIT ?3")                                                               \
    X(PINNED_GROUP,                                                                                \
      "SELECT p.id FROM posts p WHERE p.group_id = ?4 AND p.important_until > ?2 "                 \
      "AND p.deleted_at IS NULL AND p.author_id <> ?1 AND NOT EXISTS (SELECT 1 FROM "              \
      "post_receipts r WHERE r.post_id = p.id AND r.user_id = ?1 AND r.acked_at IS NOT NULL) "     \
      "ORDER BY p.id DESC LIMIT ?3")                                                               \
    X(NOTE_MEMBERS,                                                                                \
      "INSERT INTO notifications(user_id, kind, actor_id, group_id, post_id, comment_id, count, "  \
      "created_at, updated_at) SELECT m.user_id, ?2, ?3, ?1, ?4, NULL, 1, ?5, ?5 "                 \
      "FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.group_id = ?1 "                 \
      "AND m.state = 1 AND u.status = 0 AND m.user_id NOT IN (?3, ?7) AND (?6 = 0 OR NOT EXISTS "  \
      "(SELECT 1 FROM post_receipts r WHERE r.post_id = ?4 AND r.user_id = m.user_id "             \
      "AND r.acked_at IS NOT NULL))")

#endif
