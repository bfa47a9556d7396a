/* The SQL of the SQLite backend's core: organisation, people, sessions,
 * groups, posts, comments, reactions, notifications and the event log. One
 * row per statement: its name (for metrics) and its SQL, always bound. */
#ifndef STORE_SQL_CORE_H
#define STORE_SQL_CORE_H

#define USER_COLS                                                                                  \
    "u.id, u.login, u.name, u.title, u.org_id, o.name, u.manager_id, u.role, u.status, "           \
    "u.created_at, u.email, u.comms, u.monitor"
#define USER_JOIN(alias_col)                                                                       \
    "JOIN users u ON u.id = " alias_col " LEFT JOIN orgs o ON o.id = u.org_id"
#define N_USER_COLS 13
#define GROUP_COLS                                                                                 \
    "g.id, g.name, g.purpose, g.privacy, g.created_by, g.created_at, g.updated_at, "               \
    "g.archived_at, g.member_count"
#define COMMENT_COLS                                                                               \
    "c.id, c.post_id, c.parent_id, c.body, c.body_html, c.created_at, c.edited_at, "               \
    "c.reply_count, " USER_COLS

/* The recipient's notifications that pass the notify_filter (?1 viewer,
 * ?2 see_all_secret, ?3 unread only). */
#define NOTE_FROM                                                                                  \
    "FROM notifications n LEFT JOIN groups g ON g.id = n.group_id "                                \
    "LEFT JOIN memberships m ON m.group_id = n.group_id AND m.user_id = n.user_id "                \
    "LEFT JOIN users u ON u.id = n.actor_id LEFT JOIN orgs o ON o.id = u.org_id "                  \
    "LEFT JOIN posts p ON p.id = n.post_id LEFT JOIN comments c ON c.id = n.comment_id "           \
    "WHERE n.user_id = ?1 AND (?3 = 0 OR n.read_at IS NULL) "                                      \
    "AND p.deleted_at IS NULL AND c.deleted_at IS NULL AND (n.group_id IS NULL OR "                \
    "(n.post_id IS NULL AND (g.privacy <> 2 OR ?2 OR m.state IN (1, 3))) OR "                      \
    "(n.post_id IS NOT NULL AND (g.privacy = 0 OR m.state = 1)))"

/* A post as read_post reads it, with the viewer (?2) as they stand in its
 * group: POST_SELECT, the table the posts come from, then POST_JOINS. */
#define POST_SELECT                                                                                \
    "SELECT p.id, p.group_id, g.name, g.privacy, p.body, p.body_html, p.created_at, "              \
    "p.edited_at, p.deleted_at, p.comment_count, p.reaction_count, "                               \
    "(SELECT kind FROM reactions r WHERE r.post_id = p.id AND r.user_id = ?2), " USER_COLS         \
    ", g.archived_at, gm.state, gm.role, (SELECT following FROM post_follows f "                   \
    "WHERE f.post_id = p.id AND f.user_id = ?2), p.important_until, p.important_at, "              \
    "p.important_by, p.nudged_at, pr.seen_at, pr.acked_at FROM "
#define POST_JOINS                                                                                 \
    "JOIN groups g ON g.id = p.group_id " USER_JOIN(                                               \
        "p.author_id") " LEFT JOIN memberships gm "                                                \
                       "ON gm.group_id = p.group_id AND gm.user_id = ?2 LEFT JOIN post_receipts "  \
                       "pr "                                                                       \
                       "ON pr.post_id = p.id AND pr.user_id = ?2 "

/* One row per statement: its name (for metrics) and its SQL. */
#define CORE_STATEMENTS(X)                                                                         \
    X(ORG_CREATE, "INSERT INTO orgs(parent_id, kind, name, created_at) VALUES (?1, ?2, ?3, ?4)")   \
    X(ORG_GET, "SELECT id, parent_id, kind, name FROM orgs WHERE id = ?1")                         \
    X(ORG_BY_NAME, "SELECT id, parent_id, kind, name FROM orgs WHERE name = ?1")                   \
    X(ORG_LIST, "SELECT id, parent_id, kind, name FROM orgs ORDER BY kind, name")                  \
    X(USER_CREATE, "INSERT INTO users(login, name, title, org_id, manager_id, role, status, "      \
                   "password_hash, created_at, updated_at, email, comms) "                         \
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11)")                    \
    X(USER_GET, "SELECT " USER_COLS " FROM users u LEFT JOIN orgs o ON o.id = u.org_id "           \
                "WHERE u.id = ?1")                                                                 \
    X(USER_BY_LOGIN, "SELECT " USER_COLS ", u.password_hash FROM users u "                         \
                     "LEFT JOIN orgs o ON o.id = u.org_id WHERE u.login = ?1")                     \
    X(USER_SET_PASSWORD, "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1")     \
    X(USER_SET_STATUS, "UPDATE users SET status = ?2, updated_at = ?3 WHERE id = ?1")              \
    X(USER_SET_EMAIL, "UPDATE users SET email = ?2, updated_at = ?3 WHERE id = ?1")                \
    X(USER_SET_COMMS, "UPDATE users SET comms = ?2, updated_at = ?3 WHERE id = ?1")                \
    X(USER_SET_MONITOR, "UPDATE users SET monitor = ?2, updated_at = ?3 WHERE id = ?1")            \
    X(USER_SET_MANAGER, "UPDATE users SET manager_id = ?2, updated_at = ?3 WHERE id = ?1")         \
    X(USER_LIST, "SELECT " USER_COLS " FROM users u LEFT JOIN orgs o ON o.id = u.org_id "          \
                 "WHERE (?1 IS NULL OR u.name LIKE ?1 ESCAPE '\\' OR u.login LIKE ?1 ESCAPE '\\' " \
                 "OR u.title LIKE ?1 ESCAPE '\\') AND (?2 = 0 OR u.org_id = ?2) "                  \
                 "AND u.login > ?3 ORDER BY u.login LIMIT ?4")                                     \
    X(SESSION_CREATE, "INSERT INTO sessions(digest, user_id, csrf, created_at, expires_at) "       \
                      "VALUES (?1, ?2, ?3, ?4, ?5)")                                               \
    X(SESSION_LOOKUP, "SELECT " USER_COLS ", s.csrf FROM sessions s " USER_JOIN(                   \
                          "s.user_id") " WHERE s.digest = ?1 AND s.expires_at > ?2")               \
    X(SESSION_DELETE, "DELETE FROM sessions WHERE digest = ?1")                                    \
    X(SESSION_DELETE_EXPIRED, "DELETE FROM sessions WHERE expires_at <= ?1")                       \
    X(SESSIONS_DELETE_USER, "DELETE FROM sessions WHERE user_id = ?1")                             \
    X(TOKEN_CREATE, "INSERT INTO api_tokens(digest, user_id, name, created_at) "                   \
                    "VALUES (?1, ?2, ?3, ?4)")                                                     \
    X(TOKEN_LOOKUP, "SELECT " USER_COLS " FROM api_tokens t " USER_JOIN(                           \
                        "t.user_id") " WHERE t.digest = ?1 AND t.revoked_at IS NULL")              \
    X(TOKEN_LIST, "SELECT id, name, created_at, last_used_at FROM api_tokens "                     \
                  "WHERE user_id = ?1 AND revoked_at IS NULL ORDER BY id")                         \
    X(TOKEN_REVOKE, "UPDATE api_tokens SET revoked_at = ?3 "                                       \
                    "WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL")                       \
    X(FAILURE_ADD, "INSERT INTO login_failures(key, at) VALUES (?1, ?2)")                          \
    X(FAILURE_PRUNE, "DELETE FROM login_failures WHERE at < ?1")                                   \
    X(FAILURE_COUNT, "SELECT count(*), min(at) FROM login_failures WHERE key = ?1 AND at >= ?2")   \
    X(FAILURE_CLEAR, "DELETE FROM login_failures WHERE key = ?1")                                  \
    X(GROUP_CREATE, "INSERT INTO groups(name, purpose, privacy, created_by, created_at, "          \
                    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)")                                 \
    X(GROUP_GET, "SELECT " GROUP_COLS ", m.state, m.role FROM groups g LEFT JOIN memberships m "   \
                 "ON m.group_id = g.id AND m.user_id = ?2 WHERE g.id = ?1")                        \
    X(GROUP_UPDATE, "UPDATE groups SET name = ?2, purpose = ?3, privacy = ?4, archived_at = ?5, "  \
                    "updated_at = ?6 WHERE id = ?1")                                               \
    X(GROUP_LIST,                                                                                  \
      "SELECT " GROUP_COLS ", m.state, m.role FROM groups g LEFT JOIN memberships m "              \
      "ON m.group_id = g.id AND m.user_id = ?1 "                                                   \
      "WHERE (g.privacy <> 2 OR ?2 OR m.state IN (1, 3)) AND (?3 = 0 OR m.state = ?3) "            \
      "AND (?4 IS NULL OR g.name LIKE ?4 ESCAPE '\\' OR g.purpose LIKE ?4 ESCAPE '\\') "           \
      "AND (g.name COLLATE NOCASE > ?5 OR (g.name COLLATE NOCASE = ?5 AND g.id > ?6)) "            \
      "ORDER BY g.name COLLATE NOCASE, g.id LIMIT ?7")                                             \
    X(GROUP_SUGGEST,                                                                               \
      "SELECT " GROUP_COLS ", m.state, m.role FROM groups g LEFT JOIN memberships m "              \
      "ON m.group_id = g.id AND m.user_id = ?1 "                                                   \
      "WHERE m.state IS NULL AND g.privacy <> 2 AND g.archived_at IS NULL "                        \
      "ORDER BY g.member_count DESC, g.id LIMIT ?2")                                               \
    X(MEMBER_GET, "SELECT state, role FROM memberships WHERE group_id = ?1 AND user_id = ?2")      \
    X(MEMBER_SET, "INSERT INTO memberships(group_id, user_id, state, role, added_by, created_at) " \
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(group_id, user_id) DO UPDATE "      \
                  "SET state = excluded.state, role = excluded.role, "                             \
                  "created_at = CASE WHEN state = excluded.state THEN created_at "                 \
                  "ELSE excluded.created_at END")                                                  \
    X(MEMBER_DELETE, "DELETE FROM memberships WHERE group_id = ?1 AND user_id = ?2")               \
    X(MEMBER_LIST,                                                                                 \
      "SELECT " USER_COLS ", m.state, m.role, m.created_at FROM memberships m " USER_JOIN(         \
          "m.user_id") " WHERE m.group_id = ?1 AND m.state = ?2 "                                  \
                       "AND m.user_id > ?3 ORDER BY m.user_id LIMIT ?4")                           \
    X(ADMIN_COUNT, "SELECT count(*) FROM memberships WHERE group_id = ?1 AND state = 1 "           \
                   "AND role = 1")                                                                 \
    X(FEED_GROUPS, "SELECT group_id FROM memberships WHERE user_id = ?1 AND state = 1")            \
    X(POST_CREATE, "INSERT INTO posts(group_id, author_id, body, body_html, created_at) "          \
                   "VALUES (?1, ?2, ?3, ?4, ?5)")                                                  \
    X(REVISION_ADD, "INSERT INTO post_revisions(post_id, editor_id, body, body_html, created_at) " \
                    "VALUES (?1, ?2, ?3, ?4, ?5)")                                                 \
    X(POST_GET, POST_SELECT "posts p " POST_JOINS "WHERE p.id = ?1")                               \
    X(POSTS_HYDRATE, POST_SELECT "json_each(?1) j JOIN posts p ON p.id = j.value " POST_JOINS)     \
    X(POST_UPDATE, "UPDATE posts SET body = ?2, body_html = ?3, edited_at = ?4 WHERE id = ?1 "     \
                   "AND deleted_at IS NULL")                                                       \
    X(POST_DELETE, "UPDATE posts SET deleted_at = ?3, deleted_by = ?2 WHERE id = ?1 "              \
                   "AND deleted_at IS NULL")                                                       \
    X(REVISION_LIST, "SELECT id, editor_id, body, body_html, created_at FROM post_revisions "      \
                     "WHERE post_id = ?1 ORDER BY id")                                             \
    X(AUTHOR_POST_IDS,                                                                             \
      "SELECT p.id FROM posts p JOIN groups g ON g.id = p.group_id "                               \
      "WHERE p.author_id = ?1 AND p.deleted_at IS NULL AND p.id < ?2 "                             \
      "AND (g.privacy = 0 OR EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = p.group_id "   \
      "AND m.user_id = ?3 AND m.state = 1)) ORDER BY p.id DESC LIMIT ?4")                          \
    X(GROUP_POST_IDS, "SELECT id FROM posts WHERE group_id = ?1 AND deleted_at IS NULL "           \
                      "AND id < ?2 AND id > ?3 ORDER BY id DESC LIMIT ?4")                         \
    X(REACTION_COUNTS, "SELECT r.post_id, r.kind, r.n FROM json_each(?1) j "                       \
                       "JOIN reaction_counts r ON r.post_id = j.value WHERE r.n > 0")              \
    X(COMMENT_LATEST,                                                                              \
      "SELECT " COMMENT_COLS " FROM json_each(?1) j JOIN comments c ON c.id IN "                   \
      "(SELECT x.id FROM comments x WHERE x.post_id = j.value "                                    \
      "AND x.deleted_at IS NULL ORDER BY x.id DESC LIMIT 2) " USER_JOIN("c.author_id"))            \
    X(COMMENT_CREATE, "INSERT INTO comments(post_id, parent_id, author_id, body, body_html, "      \
                      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")                               \
    X(COMMENT_GET, "SELECT " COMMENT_COLS                                                          \
                   ", c.deleted_at FROM comments c " USER_JOIN("c.author_id") " WHERE c.id = ?1")  \
    X(COMMENT_LIST,                                                                                \
      "SELECT " COMMENT_COLS " FROM comments c " USER_JOIN(                                        \
          "c.author_id") " WHERE c.post_id = ?1 AND c.deleted_at IS NULL AND c.id > ?2 "           \
                         "ORDER BY c.id LIMIT ?3")                                                 \
    X(COMMENT_DELETE, "UPDATE comments SET deleted_at = ?3, deleted_by = ?2 WHERE id = ?1 "        \
                      "AND deleted_at IS NULL")                                                    \
    X(REACTION_SET, "INSERT INTO reactions(post_id, user_id, kind, created_at) "                   \
                    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(post_id, user_id) DO UPDATE "             \
                    "SET kind = excluded.kind, created_at = excluded.created_at "                  \
                    "WHERE kind <> excluded.kind")                                                 \
    X(REACTION_DELETE, "DELETE FROM reactions WHERE post_id = ?1 AND user_id = ?2 AND kind = ?3")  \
    X(MENTIONS_CLEAR, "DELETE FROM mentions WHERE source_kind = ?1 AND source_id = ?2")            \
    X(MENTION_ADD, "INSERT OR IGNORE INTO mentions(source_kind, source_id, user_id, created_at) "  \
                   "SELECT ?1, ?2, id, ?4 FROM users WHERE login = ?3")                            \
    X(MENTION_LIST,                                                                                \
      "SELECT " USER_COLS " FROM mentions m " USER_JOIN(                                           \
          "m.user_id") " WHERE m.source_kind = ?1 AND m.source_id = ?2 ORDER BY u.login")          \
    X(NOTE_ADD, "INSERT INTO notifications(user_id, kind, actor_id, group_id, post_id, "           \
                "comment_id, count, created_at, updated_at, review_id) VALUES (?1, ?2, ?3, ?4, "   \
                "?5, ?6, 1, ?7, ?7, ?8)")                                                          \
    X(NOTE_BUMP, "UPDATE notifications SET count = count + 1, actor_id = ?3, updated_at = ?4 "     \
                 "WHERE post_id = ?5 AND user_id = ?1 AND kind = ?2 AND read_at IS NULL")          \
    X(NOTE_ADMINS, "INSERT INTO notifications(user_id, kind, actor_id, group_id, post_id, "        \
                   "comment_id, count, created_at, updated_at) "                                   \
                   "SELECT m.user_id, ?2, ?3, ?1, NULL, NULL, 1, ?4, ?4 FROM memberships m "       \
                   "JOIN users u ON u.id = m.user_id LEFT JOIN notification_settings ns "          \
                   "ON ns.user_id = m.user_id AND ns.group_id = m.group_id "                       \
                   "WHERE m.group_id = ?1 AND m.state = 1 AND m.role = 1 AND m.user_id <> ?3 "     \
                   "AND u.status = 0 AND COALESCE(ns.muted, 0) = 0 "                               \
                   "AND COALESCE(ns.level, ?5) <= ?6")                                             \
    X(NOTE_LEVEL,                                                                                  \
      "INSERT INTO notifications(user_id, kind, actor_id, group_id, post_id, comment_id, count, "  \
      "created_at, updated_at) SELECT ns.user_id, ?2, ?3, ?1, ?4, NULL, 1, ?5, ?5 "                \
      "FROM notification_settings ns JOIN memberships m ON m.group_id = ns.group_id "              \
      "AND m.user_id = ns.user_id JOIN users u ON u.id = ns.user_id "                              \
      "WHERE ns.group_id = ?1 AND ns.level = ?6 AND ns.muted = 0 AND m.state = 1 "                 \
      "AND u.status = 0 AND ns.user_id <> ?3 AND NOT EXISTS (SELECT 1 FROM mentions x "            \
      "WHERE x.source_kind = 0 AND x.source_id = ?4 AND x.user_id = ns.user_id)")                  \
    X(NOTE_FOLLOWERS,                                                                              \
      "INSERT INTO notifications(user_id, kind, actor_id, group_id, post_id, comment_id, count, "  \
      "created_at, updated_at) SELECT f.user_id, ?2, ?3, ?1, ?4, ?5, 1, ?6, ?6 "                   \
      "FROM post_follows f JOIN users u ON u.id = f.user_id JOIN groups g ON g.id = ?1 "           \
      "LEFT JOIN memberships m ON m.group_id = ?1 AND m.user_id = f.user_id "                      \
      "LEFT JOIN notification_settings ns ON ns.user_id = f.user_id AND ns.group_id = ?1 "         \
      "WHERE f.post_id = ?4 AND f.following = 1 AND f.user_id NOT IN (?3, ?7, ?8) "                \
      "AND u.status = 0 AND (g.privacy = 0 OR m.state = 1) AND COALESCE(ns.muted, 0) = 0 "         \
      "AND COALESCE(ns.level, ?9) <= ?10 AND NOT EXISTS (SELECT 1 FROM mentions x "                \
      "WHERE x.source_kind = 1 AND x.source_id = ?5 AND x.user_id = f.user_id)")                   \
    X(NOTE_LIST, "SELECT n.id, n.kind, n.group_id, g.name, n.post_id, n.comment_id, n.count, "     \
                 "n.created_at, n.updated_at, n.read_at, g.privacy, g.archived_at, m.state, "      \
                 "m.role, " USER_COLS ", n.review_id " NOTE_FROM " AND n.id < ?4 "                 \
                 "ORDER BY n.id DESC LIMIT ?5")                                                    \
    X(NOTE_UNREAD, "SELECT count(*) " NOTE_FROM " AND n.read_at IS NULL")                          \
    X(NOTE_MARK, "UPDATE notifications SET read_at = ?3 WHERE id = ?2 AND user_id = ?1 "           \
                 "AND read_at IS NULL")                                                            \
    X(NOTE_MARK_ALL, "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 "                   \
                     "AND read_at IS NULL")                                                        \
    X(NOTE_PRUNE, "DELETE FROM notifications WHERE id IN (SELECT id FROM notifications "           \
                  "WHERE read_at IS NOT NULL AND read_at < ?1 LIMIT ?2)")                          \
    X(NSET_GET, "SELECT level, muted FROM notification_settings WHERE user_id = ?1 "               \
                "AND group_id = ?2")                                                               \
    X(NSET_SET, "INSERT INTO notification_settings(user_id, group_id, level, muted) "              \
                "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(user_id, group_id) DO UPDATE "                \
                "SET level = excluded.level, muted = excluded.muted")                              \
    X(NSET_LIST, "SELECT g.id, g.name, COALESCE(ns.level, ?2), COALESCE(ns.muted, 0) "             \
                 "FROM memberships m JOIN groups g ON g.id = m.group_id "                          \
                 "LEFT JOIN notification_settings ns ON ns.user_id = m.user_id "                   \
                 "AND ns.group_id = m.group_id WHERE m.user_id = ?1 AND m.state = 1 "              \
                 "AND m.group_id > ?3 ORDER BY m.group_id LIMIT ?4")                               \
    X(FOLLOW_GET, "SELECT following FROM post_follows WHERE post_id = ?1 AND user_id = ?2")        \
    X(FOLLOW_SET, "INSERT INTO post_follows(post_id, user_id, following, created_at) "             \
                  "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(post_id, user_id) DO UPDATE "               \
                  "SET following = excluded.following WHERE NOT ?5")                               \
    X(EVENT_ADD, "INSERT INTO events(kind, group_id, post_id, comment_id, actor_id, user_id, "     \
                 "notification_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")           \
    X(EVENT_LIST,                                                                                  \
      "SELECT e.id, e.kind, e.group_id, e.post_id, e.comment_id, e.actor_id, e.user_id, "          \
      "e.notification_id, e.created_at FROM events e LEFT JOIN groups g ON g.id = e.group_id "     \
      "LEFT JOIN memberships m ON m.group_id = e.group_id AND m.user_id = ?1 WHERE e.id > ?2 "     \
      "AND ((e.user_id IS NULL AND e.group_id IS NOT NULL AND (g.privacy = 0 OR m.state = 1)) "    \
      "OR e.user_id = ?1) ORDER BY e.id LIMIT ?3")                                                 \
    X(EVENT_BOUNDS, "SELECT COALESCE((SELECT min(id) FROM events), 0), COALESCE((SELECT seq "      \
                    "FROM sqlite_sequence WHERE name = 'events'), 0)")                             \
    X(EVENT_PRUNE, "DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - ?1 "             \
                   "OR created_at < ?2")

#endif
