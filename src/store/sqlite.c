/* The SQLite backend of store.h. Owns the connections, the one write path
 * (a process-wide mutex around BEGIN IMMEDIATE), the prepared statements
 * (one table of SQL indexed by an enum, prepared once per connection and
 * reused), and the migrations. Every statement binds its parameters; no SQL
 * is ever built from strings. */
#include "store/store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/schema.h"
#include "util/log.h"
#include "util/metrics.h"

#define USER_COLS                                                                                  \
    "u.id, u.login, u.name, u.title, u.org_id, o.name, u.manager_id, u.role, u.status, "           \
    "u.created_at"
#define USER_JOIN(alias_col)                                                                       \
    "JOIN users u ON u.id = " alias_col " LEFT JOIN orgs o ON o.id = u.org_id"
#define N_USER_COLS 10
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

/* One row per statement: its name (for metrics) and its SQL. */
#define STATEMENTS(X)                                                                              \
    X(ORG_CREATE, "INSERT INTO orgs(parent_id, kind, name, created_at) VALUES (?1, ?2, ?3, ?4)")   \
    X(ORG_GET, "SELECT id, parent_id, kind, name FROM orgs WHERE id = ?1")                         \
    X(ORG_BY_NAME, "SELECT id, parent_id, kind, name FROM orgs WHERE name = ?1")                   \
    X(ORG_LIST, "SELECT id, parent_id, kind, name FROM orgs ORDER BY kind, name")                  \
    X(USER_CREATE, "INSERT INTO users(login, name, title, org_id, manager_id, role, status, "      \
                   "password_hash, created_at, updated_at) "                                       \
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)")                              \
    X(USER_GET, "SELECT " USER_COLS " FROM users u LEFT JOIN orgs o ON o.id = u.org_id "           \
                "WHERE u.id = ?1")                                                                 \
    X(USER_BY_LOGIN, "SELECT " USER_COLS ", u.password_hash FROM users u "                         \
                     "LEFT JOIN orgs o ON o.id = u.org_id WHERE u.login = ?1")                     \
    X(USER_SET_PASSWORD, "UPDATE users SET password_hash = ?2, updated_at = ?3 WHERE id = ?1")     \
    X(USER_SET_STATUS, "UPDATE users SET status = ?2, updated_at = ?3 WHERE id = ?1")              \
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
    X(POST_GET,                                                                                    \
      "SELECT p.id, p.group_id, g.name, g.privacy, p.body, p.body_html, p.created_at, "            \
      "p.edited_at, p.deleted_at, p.comment_count, p.reaction_count, "                             \
      "(SELECT kind FROM reactions r WHERE r.post_id = p.id AND r.user_id = ?2), " USER_COLS       \
      ", g.archived_at, gm.state, gm.role, (SELECT following FROM post_follows f "                 \
      "WHERE f.post_id = p.id AND f.user_id = ?2) FROM posts p JOIN groups g ON g.id = "           \
      "p.group_id " USER_JOIN(                                                                     \
          "p.author_id") " LEFT JOIN memberships gm ON gm.group_id = p.group_id "                  \
                         "AND gm.user_id = ?2 WHERE p.id = ?1")                                    \
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
    X(REACTION_COUNTS, "SELECT kind, n FROM reaction_counts WHERE post_id = ?1 AND n > 0")         \
    X(COMMENT_LATEST, "SELECT " COMMENT_COLS " FROM comments c " USER_JOIN(                        \
                          "c.author_id") " WHERE c.post_id = ?1 AND c.deleted_at IS NULL ORDER "   \
                                         "BY c.id DESC LIMIT 2")                                   \
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
                "comment_id, count, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, "   \
                "?7, ?7)")                                                                         \
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
                 "m.role, " USER_COLS " " NOTE_FROM " AND n.id < ?4 ORDER BY n.id DESC LIMIT ?5")  \
    X(NOTE_UNREAD, "SELECT count(*) " NOTE_FROM " AND n.read_at IS NULL")                          \
    X(NOTE_MARK, "UPDATE notifications SET read_at = ?3 WHERE id = ?2 AND user_id = ?1 "           \
                 "AND read_at IS NULL")                                                            \
    X(NOTE_MARK_ALL, "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 "                   \
                     "AND read_at IS NULL")                                                        \
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

#define AS_ENUM(name, sql) ST_##name,
#define AS_SQL(name, sql)  sql,
#define AS_NAME(name, sql) #name,
enum stmt_id { STATEMENTS(AS_ENUM) ST__MAX };
static const char *const stmt_sql[ST__MAX] = {STATEMENTS(AS_SQL)};
static const char *const stmt_name[ST__MAX] = {STATEMENTS(AS_NAME)};

struct store {
    sqlite3 *db;
    struct store_pool *pool;
    struct store *next_free;
    sqlite3_stmt *stmt[ST__MAX];
    struct metrics_hist *hist[ST__MAX];
    uint64_t t0[ST__MAX];
    bool writing;
    uint64_t tx_start;
};

struct store_pool {
    char *path;
    pthread_mutex_t lock;       /* guards the free list */
    pthread_mutex_t write_lock; /* the one write path */
    struct store *free;
    struct metrics_hist *tx_hist;
};

const char *const store_reaction_kinds[REACTION_KINDS] = {"like",    "love",       "celebrate",
                                                          "support", "insightful", "curious"};

/* ---- enum names ---- */

static const char *const org_kind_names[ORG_KIND__MAX] = {"district", "school", "department"};
static const char *const role_names[ROLE__MAX] = {"member", "admin"};
static const char *const status_names[USER_STATUS__MAX] = {"active", "deactivated"};
static const char *const privacy_names[PRIVACY__MAX] = {"open", "closed", "secret"};
static const char *const state_names[MEMBER_STATE__MAX] = {"none", "active", "pending", "invited"};
static const char *const group_role_names[GROUP_ROLE__MAX] = {"member", "admin"};

static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

#define ENUM_STR(type, prefix, names, max)                                                         \
    const char *prefix##_str(enum type v)                                                          \
    {                                                                                              \
        return (unsigned)v < (max) ? names[v] : "unknown";                                         \
    }

/* Names below `first` print but do not parse (member_state's "none"). */
#define ENUM_PARSE(type, prefix, names, max, first)                                                \
    int prefix##_parse(const char *s, enum type *out)                                              \
    {                                                                                              \
        int i = name_index(names, max, s);                                                         \
        if (i < (first))                                                                           \
            return -1;                                                                             \
        *out = (enum type)i;                                                                       \
        return 0;                                                                                  \
    }

ENUM_STR(org_kind, org_kind, org_kind_names, ORG_KIND__MAX)
ENUM_STR(user_role, user_role, role_names, ROLE__MAX)
ENUM_STR(user_status, user_status, status_names, USER_STATUS__MAX)
ENUM_STR(privacy, privacy, privacy_names, PRIVACY__MAX)
ENUM_STR(member_state, member_state, state_names, MEMBER_STATE__MAX)
ENUM_STR(group_role, group_role, group_role_names, GROUP_ROLE__MAX)

ENUM_PARSE(org_kind, org_kind, org_kind_names, ORG_KIND__MAX, 0)
ENUM_PARSE(user_role, user_role, role_names, ROLE__MAX, 0)
ENUM_PARSE(privacy, privacy, privacy_names, PRIVACY__MAX, 0)
ENUM_PARSE(group_role, group_role, group_role_names, GROUP_ROLE__MAX, 0)
ENUM_PARSE(member_state, member_state, state_names, MEMBER_STATE__MAX, 1)

int reaction_kind_index(const char *s)
{
    return name_index(store_reaction_kinds, REACTION_KINDS, s);
}

const char *store_err_str(enum store_err e)
{
    static const char *const names[] = {"ok",   "not found",     "conflict",
                                        "busy", "out of memory", "database error"};
    return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "unknown";
}

/* ---- statements ---- */

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum store_err map_rc(struct store *s, int rc, const char *what)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
        return STORE_OK;
    case SQLITE_CONSTRAINT:
        if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
            return STORE_CONFLICT;
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        log_warn("database busy in %s", what);
        return STORE_BUSY;
    case SQLITE_NOMEM:
        return STORE_ENOMEM;
    default:
        break;
    }
    log_error("sqlite error in %s: %s (%d)", what, sqlite3_errmsg(s->db), rc);
    return STORE_ERROR;
}

/* The statement for id, reset and ready to bind; NULL (logged) on failure. */
static sqlite3_stmt *st(struct store *s, enum stmt_id id)
{
    sqlite3_stmt *p = s->stmt[id];
    if (!p) {
        int rc = sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &p, NULL);
        if (rc != SQLITE_OK) {
            log_error("prepare %s: %s", stmt_name[id], sqlite3_errmsg(s->db));
            return NULL;
        }
        s->stmt[id] = p;
        char labels[96];
        snprintf(labels, sizeof labels, "statement=\"%s\"", stmt_name[id]);
        s->hist[id] = metrics_hist("staffroom_db_statement_duration_seconds", labels);
    }
    s->t0[id] = metrics_now_us();
    return p;
}

/* Ends a use of statement id: records its time, resets it, drops bindings. */
static void fin(struct store *s, enum stmt_id id)
{
    sqlite3_stmt *p = s->stmt[id];
    if (!p)
        return;
    metrics_observe_us(s->hist[id], metrics_now_us() - s->t0[id]);
    sqlite3_reset(p);
    sqlite3_clear_bindings(p);
}

static void bind_text(sqlite3_stmt *p, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(p, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(p, i);
}

/* Binds 0 as NULL: used for optional foreign keys. */
static void bind_id(sqlite3_stmt *p, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(p, i, v);
    else
        sqlite3_bind_null(p, i);
}

/* A statement's parameters, written in order as PARAMS(P_INT(id), P_TEXT(name))
 * and bound to ?1, ?2, ...: an integer, an optional foreign key (0 binds NULL)
 * or text (NULL binds NULL; the text must outlive the statement's use). */
enum param_kind { PARAM_END, PARAM_INT, PARAM_ID, PARAM_TEXT };
struct param {
    enum param_kind kind;
    int64_t i;
    const char *t;
};
#define P_INT(v)                                                                                   \
    {                                                                                              \
        .kind = PARAM_INT, .i = (v)                                                                \
    }
#define P_ID(v)                                                                                    \
    {                                                                                              \
        .kind = PARAM_ID, .i = (v)                                                                 \
    }
#define P_TEXT(v)                                                                                  \
    {                                                                                              \
        .kind = PARAM_TEXT, .t = (v)                                                               \
    }
#define PARAMS(...) ((const struct param[]){__VA_ARGS__, {.kind = PARAM_END}})

/* The statement for id with params (NULL for none) bound; NULL (logged) on
 * failure. Every use ends with fin(). */
static sqlite3_stmt *prep(struct store *s, enum stmt_id id, const struct param *params)
{
    sqlite3_stmt *p = st(s, id);
    for (int i = 0; p && params && params[i].kind != PARAM_END; i++) {
        if (params[i].kind == PARAM_TEXT)
            bind_text(p, i + 1, params[i].t);
        else if (params[i].kind == PARAM_ID)
            bind_id(p, i + 1, params[i].i);
        else
            sqlite3_bind_int64(p, i + 1, params[i].i);
    }
    return p;
}

/* Runs a statement that returns no rows. */
static enum store_err run(struct store *s, enum stmt_id id, const struct param *params)
{
    sqlite3_stmt *p = prep(s, id, params);
    if (!p)
        return STORE_ERROR;
    int rc = sqlite3_step(p);
    enum store_err e =
        rc == SQLITE_DONE ? STORE_OK : map_rc(s, sqlite3_extended_errcode(s->db), stmt_name[id]);
    fin(s, id);
    return e;
}

/* Runs an UPDATE or DELETE: STORE_NOTFOUND when it changed no row. */
static enum store_err run_changed(struct store *s, enum stmt_id id, const struct param *params)
{
    enum store_err e = run(s, id, params);
    if (e == STORE_OK && sqlite3_changes(s->db) == 0)
        return STORE_NOTFOUND;
    return e;
}

/* Runs an INSERT and sets *rowid, unless it is NULL, to the new row's id. */
static enum store_err run_insert(struct store *s, enum stmt_id id, const struct param *params,
                                 int64_t *rowid)
{
    enum store_err e = run(s, id, params);
    if (!e && rowid)
        *rowid = sqlite3_last_insert_rowid(s->db);
    return e;
}

/* ---- reading rows ---- */

/* Reads the current row of p into *elem, copying strings into a. */
typedef void row_fn(sqlite3_stmt *p, struct arena *a, void *elem);

#define NO_LIMIT SIZE_MAX

/* Grows *arr (arena-backed) to hold at least n+1 elements of size sz. */
static enum store_err grow(struct arena *a, void **arr, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return STORE_OK;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *p = arena_alloc(a, ncap * sz);
    if (!p)
        return STORE_ENOMEM;
    if (n)
        memcpy(p, *arr, n * sz);
    *arr = p;
    *cap = ncap;
    return STORE_OK;
}

/* Steps statement id, prepared and bound, reading at most limit rows with fn
 * into consecutive elements of size sz at *arr and counting them in *n. A
 * non-NULL *arr must hold limit elements; a NULL one is grown in a as rows
 * come. Ends the statement's use. */
static enum store_err read_rows(struct store *s, enum stmt_id id, struct arena *a, row_fn *fn,
                                void **arr, size_t sz, size_t limit, size_t *n)
{
    sqlite3_stmt *p = s->stmt[id];
    size_t cap = *arr ? limit : 0;
    enum store_err e = STORE_OK;
    int rc;
    *n = 0;
    while ((rc = sqlite3_step(p)) == SQLITE_ROW && *n < limit) {
        if ((e = grow(a, arr, *n, &cap, sz)))
            break;
        fn(p, a, (char *)*arr + *n * sz);
        (*n)++;
    }
    if (!e && rc != SQLITE_ROW && rc != SQLITE_DONE)
        e = map_rc(s, rc, stmt_name[id]);
    fin(s, id);
    return e;
}

/* Runs statement id and reads its rows with fn into *out, an arena array of
 * *n elements of size sz. With a limit the array is allocated whole before
 * the first row and holds at most limit rows; with NO_LIMIT it grows as rows
 * come and stays NULL when there are none. */
static enum store_err get_rows(struct store *s, enum stmt_id id, const struct param *params,
                               struct arena *a, row_fn *fn, size_t sz, size_t limit, void **out,
                               size_t *n)
{
    if (!prep(s, id, params))
        return STORE_ERROR;
    *n = 0;
    *out = NULL;
    if (limit != NO_LIMIT && !(*out = arena_alloc(a, (limit ? limit : 1) * sz))) {
        fin(s, id);
        return STORE_ENOMEM;
    }
    return read_rows(s, id, a, fn, out, sz, limit, n);
}

/* Runs statement id, which returns at most one row, and reads that row into
 * out with fn; STORE_NOTFOUND when there is none. */
static enum store_err get_row(struct store *s, enum stmt_id id, const struct param *params,
                              struct arena *a, row_fn *fn, void *out)
{
    sqlite3_stmt *p = prep(s, id, params);
    if (!p)
        return STORE_ERROR;
    int rc = sqlite3_step(p);
    enum store_err e = STORE_NOTFOUND;
    if (rc == SQLITE_ROW) {
        fn(p, a, out);
        e = STORE_OK;
    } else if (rc != SQLITE_DONE) {
        e = map_rc(s, rc, stmt_name[id]);
    }
    fin(s, id);
    return e;
}

static const char *col_text(sqlite3_stmt *p, int i, struct arena *a)
{
    const unsigned char *t = sqlite3_column_text(p, i);
    if (!t)
        return NULL;
    return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(p, i));
}

static const char *col_text0(sqlite3_stmt *p, int i, struct arena *a)
{
    const char *t = col_text(p, i, a);
    return t ? t : "";
}

static int64_t col_i64(sqlite3_stmt *p, int i)
{
    return sqlite3_column_int64(p, i);
}

/* The row readers. Each follows its statement's column list in the table. */

static void read_i64(sqlite3_stmt *p, struct arena *a, void *elem)
{
    *(int64_t *)elem = col_i64(p, 0);
}

static void read_i64_pair(sqlite3_stmt *p, struct arena *a, void *elem)
{
    int64_t *v = elem;
    v[0] = col_i64(p, 0);
    v[1] = col_i64(p, 1);
}

/* USER_COLS, from column c. */
static void read_user_at(sqlite3_stmt *p, int c, struct arena *a, struct user *u)
{
    u->id = col_i64(p, c);
    u->login = col_text0(p, c + 1, a);
    u->name = col_text0(p, c + 2, a);
    u->title = col_text0(p, c + 3, a);
    u->org_id = col_i64(p, c + 4);
    u->org_name = col_text(p, c + 5, a);
    u->manager_id = col_i64(p, c + 6);
    u->role = (enum user_role)col_i64(p, c + 7);
    u->status = (enum user_status)col_i64(p, c + 8);
    u->created_at = col_i64(p, c + 9);
}

static void read_user(sqlite3_stmt *p, struct arena *a, void *elem)
{
    read_user_at(p, 0, a, elem);
}

/* A user and one text column after USER_COLS (a password hash, a CSRF
 * token), read into *extra unless extra is NULL. */
struct user_extra {
    struct user *user;
    const char **extra;
};

static void read_user_extra(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct user_extra *x = elem;
    read_user_at(p, 0, a, x->user);
    if (x->extra)
        *x->extra = col_text(p, N_USER_COLS, a);
}

static void read_org(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct org *o = elem;
    o->id = col_i64(p, 0);
    o->parent_id = col_i64(p, 1);
    o->kind = (enum org_kind)col_i64(p, 2);
    o->name = col_text0(p, 3, a);
}

static void read_token(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct api_token *t = elem;
    t->id = col_i64(p, 0);
    t->name = col_text0(p, 1, a);
    t->created_at = col_i64(p, 2);
    t->last_used_at = col_i64(p, 3);
}

static void read_group(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct group *g = elem;
    g->id = col_i64(p, 0);
    g->name = col_text0(p, 1, a);
    g->purpose = col_text0(p, 2, a);
    g->privacy = (enum privacy)col_i64(p, 3);
    g->created_by = col_i64(p, 4);
    g->created_at = col_i64(p, 5);
    g->updated_at = col_i64(p, 6);
    g->archived_at = col_i64(p, 7);
    g->member_count = col_i64(p, 8);
    g->viewer_state = (enum member_state)col_i64(p, 9);
    g->viewer_role = (enum group_role)col_i64(p, 10);
}

static void read_member(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct member *m = elem;
    read_user_at(p, 0, a, &m->user);
    m->state = (enum member_state)col_i64(p, N_USER_COLS);
    m->role = (enum group_role)col_i64(p, N_USER_COLS + 1);
    m->since = col_i64(p, N_USER_COLS + 2);
}

static void read_post(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct post *o = elem;
    o->id = col_i64(p, 0);
    o->group_id = col_i64(p, 1);
    o->group_name = col_text0(p, 2, a);
    o->group_privacy = (enum privacy)col_i64(p, 3);
    o->body = col_text0(p, 4, a);
    o->body_html = col_text0(p, 5, a);
    o->created_at = col_i64(p, 6);
    o->edited_at = col_i64(p, 7);
    o->deleted_at = col_i64(p, 8);
    o->comment_count = col_i64(p, 9);
    o->reaction_count = col_i64(p, 10);
    o->viewer_reaction = sqlite3_column_type(p, 11) == SQLITE_NULL ? -1 : (int)col_i64(p, 11);
    read_user_at(p, 12, a, &o->author);
    o->group_archived_at = col_i64(p, 12 + N_USER_COLS);
    o->viewer_state = (enum member_state)col_i64(p, 13 + N_USER_COLS);
    o->viewer_role = (enum group_role)col_i64(p, 14 + N_USER_COLS);
    o->viewer_following = col_i64(p, 15 + N_USER_COLS) != 0;
}

static void read_revision(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct revision *r = elem;
    r->id = col_i64(p, 0);
    r->editor_id = col_i64(p, 1);
    r->body = col_text0(p, 2, a);
    r->body_html = col_text0(p, 3, a);
    r->created_at = col_i64(p, 4);
}

/* COMMENT_COLS. */
static void read_comment(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct comment *c = elem;
    c->id = col_i64(p, 0);
    c->post_id = col_i64(p, 1);
    c->parent_id = col_i64(p, 2);
    c->body = col_text0(p, 3, a);
    c->body_html = col_text0(p, 4, a);
    c->created_at = col_i64(p, 5);
    c->edited_at = col_i64(p, 6);
    c->reply_count = col_i64(p, 7);
    read_user_at(p, 8, a, &c->author);
}

/* COMMENT_COLS and deleted_at: a hidden comment is left unread and not found. */
struct live_comment {
    struct comment *comment;
    bool found;
};

static void read_live_comment(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct live_comment *l = elem;
    l->found = sqlite3_column_type(p, 8 + N_USER_COLS) == SQLITE_NULL;
    if (l->found)
        read_comment(p, a, l->comment);
}

/* ---- connections, transactions, migrations ---- */

static enum store_err exec_sql(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        log_error("sqlite: %s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return (rc & 0xff) == SQLITE_BUSY ? STORE_BUSY : STORE_ERROR;
    }
    return STORE_OK;
}

static struct store *conn_open(struct store_pool *pool)
{
    struct store *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->pool = pool;
    int rc = sqlite3_open_v2(
        pool->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        log_error("cannot open database %s: %s", pool->path,
                  s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_extended_result_codes(s->db, 1);
    if (exec_sql(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                        "PRAGMA cache_size=-32000;"))
        goto fail;
    return s;
fail:
    sqlite3_close(s->db);
    free(s);
    return NULL;
}

static void conn_close(struct store *s)
{
    for (int i = 0; i < ST__MAX; i++)
        sqlite3_finalize(s->stmt[i]);
    sqlite3_close(s->db);
    free(s);
}

int store_schema_version(struct store *s)
{
    sqlite3_stmt *p;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &p, NULL) == SQLITE_OK) {
        if (sqlite3_step(p) == SQLITE_ROW)
            v = sqlite3_column_int(p, 0);
        sqlite3_finalize(p);
    }
    return v;
}

static enum store_err migrate(struct store *s)
{
    enum store_err e = store_begin_write(s);
    if (e)
        return e;
    int v = store_schema_version(s);
    if (v < 0 || (size_t)v > schema_migrations_count) {
        log_error("database schema version %d is newer than this program (%zu)", v,
                  schema_migrations_count);
        e = STORE_ERROR;
        goto fail;
    }
    for (size_t i = (size_t)v; i < schema_migrations_count; i++) {
        e = exec_sql(s->db, schema_migrations[i]);
        if (e)
            goto fail;
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%zu", i + 1);
        e = exec_sql(s->db, pragma);
        if (e)
            goto fail;
        log_info("database migrated to schema version %zu", i + 1);
    }
    return store_commit(s);
fail:
    store_rollback(s);
    return e;
}

enum store_err store_pool_open(const char *path, struct store_pool **out)
{
    struct store_pool *p = calloc(1, sizeof *p);
    if (!p)
        return STORE_ENOMEM;
    p->path = strdup(path);
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->write_lock, NULL);
    p->tx_hist = metrics_hist("staffroom_db_transaction_duration_seconds", "");
    struct store *s = p->path ? conn_open(p) : NULL;
    if (!s) {
        store_pool_close(p);
        return STORE_ERROR;
    }
    enum store_err e = migrate(s);
    if (e) {
        conn_close(s);
        store_pool_close(p);
        return e;
    }
    store_release(p, s);
    *out = p;
    return STORE_OK;
}

void store_pool_close(struct store_pool *p)
{
    if (!p)
        return;
    struct store *s = p->free;
    while (s) {
        struct store *n = s->next_free;
        conn_close(s);
        s = n;
    }
    pthread_mutex_destroy(&p->lock);
    pthread_mutex_destroy(&p->write_lock);
    free(p->path);
    free(p);
}

struct store *store_acquire(struct store_pool *p)
{
    pthread_mutex_lock(&p->lock);
    struct store *s = p->free;
    if (s)
        p->free = s->next_free;
    pthread_mutex_unlock(&p->lock);
    return s ? s : conn_open(p);
}

void store_release(struct store_pool *p, struct store *s)
{
    if (!s)
        return;
    if (!sqlite3_get_autocommit(s->db)) {
        log_error("connection released inside a transaction; rolling back");
        store_rollback(s);
    }
    pthread_mutex_lock(&p->lock);
    s->next_free = p->free;
    p->free = s;
    pthread_mutex_unlock(&p->lock);
}

enum store_err store_begin_read(struct store *s)
{
    return exec_sql(s->db, "BEGIN");
}

enum store_err store_begin_write(struct store *s)
{
    pthread_mutex_lock(&s->pool->write_lock);
    enum store_err e = exec_sql(s->db, "BEGIN IMMEDIATE");
    if (e) {
        pthread_mutex_unlock(&s->pool->write_lock);
        return e;
    }
    s->writing = true;
    s->tx_start = metrics_now_us();
    return STORE_OK;
}

static void end_write(struct store *s)
{
    if (!s->writing)
        return;
    s->writing = false;
    metrics_observe_us(s->pool->tx_hist, metrics_now_us() - s->tx_start);
    pthread_mutex_unlock(&s->pool->write_lock);
}

enum store_err store_commit(struct store *s)
{
    enum store_err e = exec_sql(s->db, "COMMIT");
    if (e)
        store_rollback(s);
    else
        end_write(s);
    return e;
}

void store_rollback(struct store *s)
{
    if (!sqlite3_get_autocommit(s->db))
        exec_sql(s->db, "ROLLBACK");
    end_write(s);
}

/* ---- organisation ---- */

enum store_err store_org_create(struct store *s, int64_t parent_id, enum org_kind kind,
                                const char *name, int64_t *id)
{
    return run_insert(s, ST_ORG_CREATE,
                      PARAMS(P_ID(parent_id), P_INT(kind), P_TEXT(name), P_INT(wall_ms())), id);
}

enum store_err store_org_get(struct store *s, struct arena *a, int64_t id, struct org *out)
{
    return get_row(s, ST_ORG_GET, PARAMS(P_INT(id)), a, read_org, out);
}

enum store_err store_org_by_name(struct store *s, struct arena *a, const char *name,
                                 struct org *out)
{
    return get_row(s, ST_ORG_BY_NAME, PARAMS(P_TEXT(name)), a, read_org, out);
}

enum store_err store_org_list(struct store *s, struct arena *a, struct org **out, size_t *n)
{
    return get_rows(s, ST_ORG_LIST, NULL, a, read_org, sizeof **out, NO_LIMIT, (void **)out, n);
}

/* ---- people ---- */

enum store_err store_user_create(struct store *s, struct user *u, const char *password_hash)
{
    u->created_at = wall_ms();
    return run_insert(s, ST_USER_CREATE,
                      PARAMS(P_TEXT(u->login), P_TEXT(u->name), P_TEXT(u->title ? u->title : ""),
                             P_ID(u->org_id), P_ID(u->manager_id), P_INT(u->role), P_INT(u->status),
                             P_TEXT(password_hash), P_INT(u->created_at)),
                      &u->id);
}

enum store_err store_user_get(struct store *s, struct arena *a, int64_t id, struct user *out)
{
    return get_row(s, ST_USER_GET, PARAMS(P_INT(id)), a, read_user, out);
}

enum store_err store_user_by_login(struct store *s, struct arena *a, const char *login,
                                   struct user *out, const char **password_hash)
{
    return get_row(s, ST_USER_BY_LOGIN, PARAMS(P_TEXT(login)), a, read_user_extra,
                   &(struct user_extra){out, password_hash});
}

enum store_err store_user_set_password(struct store *s, int64_t id, const char *password_hash)
{
    return run_changed(s, ST_USER_SET_PASSWORD,
                       PARAMS(P_INT(id), P_TEXT(password_hash), P_INT(wall_ms())));
}

enum store_err store_user_set_status(struct store *s, int64_t id, enum user_status status)
{
    return run_changed(s, ST_USER_SET_STATUS, PARAMS(P_INT(id), P_INT(status), P_INT(wall_ms())));
}

enum store_err store_user_set_manager(struct store *s, int64_t id, int64_t manager_id)
{
    return run_changed(s, ST_USER_SET_MANAGER,
                       PARAMS(P_INT(id), P_ID(manager_id), P_INT(wall_ms())));
}

/* "%term%" for LIKE, with LIKE's metacharacters escaped by '\'. */
static const char *like_pattern(struct arena *a, const char *q)
{
    if (!q || !*q)
        return NULL;
    size_t n = strlen(q);
    char *p = arena_alloc(a, 2 * n + 3);
    if (!p)
        return NULL;
    size_t k = 0;
    p[k++] = '%';
    for (size_t i = 0; i < n; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
            p[k++] = '\\';
        p[k++] = q[i];
    }
    p[k++] = '%';
    p[k] = '\0';
    return p;
}

enum store_err store_user_list(struct store *s, struct arena *a, const char *query, int64_t org_id,
                               const char *after_login, size_t limit, struct user **out, size_t *n)
{
    return get_rows(s, ST_USER_LIST,
                    PARAMS(P_TEXT(like_pattern(a, query)), P_INT(org_id),
                           P_TEXT(after_login ? after_login : ""), P_INT((int64_t)limit)),
                    a, read_user, sizeof **out, limit, (void **)out, n);
}

/* ---- sessions, tokens, throttling ---- */

enum store_err store_session_create(struct store *s, const char *digest, int64_t user_id,
                                    const char *csrf, int64_t now, int64_t expires_at)
{
    enum store_err e = run(s, ST_SESSION_DELETE_EXPIRED, PARAMS(P_INT(now)));
    if (e)
        return e;
    return run(s, ST_SESSION_CREATE,
               PARAMS(P_TEXT(digest), P_INT(user_id), P_TEXT(csrf), P_INT(now), P_INT(expires_at)));
}

enum store_err store_session_lookup(struct store *s, struct arena *a, const char *digest,
                                    int64_t now, struct user *user, const char **csrf)
{
    return get_row(s, ST_SESSION_LOOKUP, PARAMS(P_TEXT(digest), P_INT(now)), a, read_user_extra,
                   &(struct user_extra){user, csrf});
}

enum store_err store_session_delete(struct store *s, const char *digest)
{
    return run(s, ST_SESSION_DELETE, PARAMS(P_TEXT(digest)));
}

enum store_err store_sessions_delete_user(struct store *s, int64_t user_id)
{
    return run(s, ST_SESSIONS_DELETE_USER, PARAMS(P_INT(user_id)));
}

enum store_err store_token_create(struct store *s, const char *digest, int64_t user_id,
                                  const char *name, int64_t now, int64_t *id)
{
    return run_insert(s, ST_TOKEN_CREATE,
                      PARAMS(P_TEXT(digest), P_INT(user_id), P_TEXT(name), P_INT(now)), id);
}

enum store_err store_token_lookup(struct store *s, struct arena *a, const char *digest,
                                  struct user *user)
{
    return get_row(s, ST_TOKEN_LOOKUP, PARAMS(P_TEXT(digest)), a, read_user, user);
}

enum store_err store_token_list(struct store *s, struct arena *a, int64_t user_id,
                                struct api_token **out, size_t *n)
{
    return get_rows(s, ST_TOKEN_LIST, PARAMS(P_INT(user_id)), a, read_token, sizeof **out, NO_LIMIT,
                    (void **)out, n);
}

enum store_err store_token_revoke(struct store *s, int64_t id, int64_t user_id, int64_t now)
{
    return run_changed(s, ST_TOKEN_REVOKE, PARAMS(P_INT(id), P_INT(user_id), P_INT(now)));
}

enum store_err store_login_failure_add(struct store *s, const char *key, int64_t now)
{
    /* Failures older than a day never matter to the throttle: prune them here. */
    enum store_err e = run(s, ST_FAILURE_PRUNE, PARAMS(P_INT(now - 86400000)));
    if (e)
        return e;
    return run(s, ST_FAILURE_ADD, PARAMS(P_TEXT(key), P_INT(now)));
}

enum store_err store_login_failure_count(struct store *s, const char *key, int64_t since,
                                         int64_t *count, int64_t *oldest)
{
    int64_t v[2];
    enum store_err e =
        get_row(s, ST_FAILURE_COUNT, PARAMS(P_TEXT(key), P_INT(since)), NULL, read_i64_pair, v);
    if (!e) {
        *count = v[0];
        *oldest = v[1];
    }
    return e;
}

enum store_err store_login_failure_clear(struct store *s, const char *key)
{
    return run(s, ST_FAILURE_CLEAR, PARAMS(P_TEXT(key)));
}

/* ---- groups and memberships ---- */

enum store_err store_group_create(struct store *s, struct group *g)
{
    g->created_at = g->updated_at = wall_ms();
    return run_insert(s, ST_GROUP_CREATE,
                      PARAMS(P_TEXT(g->name), P_TEXT(g->purpose), P_INT(g->privacy),
                             P_INT(g->created_by), P_INT(g->created_at)),
                      &g->id);
}

enum store_err store_group_get(struct store *s, struct arena *a, int64_t id, int64_t viewer_id,
                               struct group *out)
{
    return get_row(s, ST_GROUP_GET, PARAMS(P_INT(id), P_INT(viewer_id)), a, read_group, out);
}

enum store_err store_group_update(struct store *s, const struct group *g)
{
    return run_changed(s, ST_GROUP_UPDATE,
                       PARAMS(P_INT(g->id), P_TEXT(g->name), P_TEXT(g->purpose), P_INT(g->privacy),
                              P_ID(g->archived_at), P_INT(wall_ms())));
}

enum store_err store_group_suggest(struct store *s, struct arena *a, int64_t viewer_id,
                                   size_t limit, struct group **out, size_t *n)
{
    return get_rows(s, ST_GROUP_SUGGEST, PARAMS(P_INT(viewer_id), P_INT((int64_t)limit)), a,
                    read_group, sizeof **out, limit, (void **)out, n);
}

enum store_err store_group_list(struct store *s, struct arena *a, const struct group_filter *f,
                                const char *after_name, int64_t after_id, size_t limit,
                                struct group **out, size_t *n)
{
    return get_rows(s, ST_GROUP_LIST,
                    PARAMS(P_INT(f->viewer_id), P_INT(f->see_all_secret), P_INT(f->only_state),
                           P_TEXT(like_pattern(a, f->query)), P_TEXT(after_name ? after_name : ""),
                           P_INT(after_id), P_INT((int64_t)limit)),
                    a, read_group, sizeof **out, limit, (void **)out, n);
}

enum store_err store_member_get(struct store *s, int64_t group_id, int64_t user_id,
                                enum member_state *state, enum group_role *role)
{
    int64_t v[2] = {MEMBER_NONE, GROUP_MEMBER}; /* no row: no membership */
    enum store_err e =
        get_row(s, ST_MEMBER_GET, PARAMS(P_INT(group_id), P_INT(user_id)), NULL, read_i64_pair, v);
    if (e == STORE_NOTFOUND)
        e = STORE_OK;
    if (!e) {
        *state = (enum member_state)v[0];
        *role = (enum group_role)v[1];
    }
    return e;
}

enum store_err store_member_set(struct store *s, int64_t group_id, int64_t user_id,
                                enum member_state state, enum group_role role, int64_t by,
                                int64_t now)
{
    return run(
        s, ST_MEMBER_SET,
        PARAMS(P_INT(group_id), P_INT(user_id), P_INT(state), P_INT(role), P_ID(by), P_INT(now)));
}

enum store_err store_member_delete(struct store *s, int64_t group_id, int64_t user_id)
{
    return run_changed(s, ST_MEMBER_DELETE, PARAMS(P_INT(group_id), P_INT(user_id)));
}

enum store_err store_member_list(struct store *s, struct arena *a, int64_t group_id,
                                 enum member_state state, int64_t after_user_id, size_t limit,
                                 struct member **out, size_t *n)
{
    return get_rows(
        s, ST_MEMBER_LIST,
        PARAMS(P_INT(group_id), P_INT(state), P_INT(after_user_id), P_INT((int64_t)limit)), a,
        read_member, sizeof **out, limit, (void **)out, n);
}

/* count(*) always yields its one row. */
enum store_err store_group_admin_count(struct store *s, int64_t group_id, int64_t *n)
{
    return get_row(s, ST_ADMIN_COUNT, PARAMS(P_INT(group_id)), NULL, read_i64, n);
}

enum store_err store_user_feed_groups(struct store *s, struct arena *a, int64_t user_id,
                                      int64_t **ids, size_t *n)
{
    return get_rows(s, ST_FEED_GROUPS, PARAMS(P_INT(user_id)), a, read_i64, sizeof **ids, NO_LIMIT,
                    (void **)ids, n);
}

/* ---- posts ---- */

static enum store_err revision_add(struct store *s, int64_t post_id, int64_t editor,
                                   const char *body, const char *html, int64_t now)
{
    return run(s, ST_REVISION_ADD,
               PARAMS(P_INT(post_id), P_INT(editor), P_TEXT(body), P_TEXT(html), P_INT(now)));
}

enum store_err store_post_create(struct store *s, int64_t group_id, int64_t author_id,
                                 const char *body, const char *html, int64_t now, int64_t *id)
{
    enum store_err e = run_insert(
        s, ST_POST_CREATE,
        PARAMS(P_INT(group_id), P_INT(author_id), P_TEXT(body), P_TEXT(html), P_INT(now)), id);
    if (e)
        return e;
    return revision_add(s, *id, author_id, body, html, now);
}

/* Fills in what POST_GET does not read: counts by reaction kind and the
 * latest comments. */
static enum store_err post_extras(struct store *s, struct arena *a, struct post *o)
{
    sqlite3_stmt *p = prep(s, ST_REACTION_COUNTS, PARAMS(P_INT(o->id)));
    if (!p)
        return STORE_ERROR;
    memset(o->reaction_by_kind, 0, sizeof o->reaction_by_kind);
    int rc;
    while ((rc = sqlite3_step(p)) == SQLITE_ROW) {
        int64_t k = col_i64(p, 0);
        if (k >= 0 && k < REACTION_KINDS)
            o->reaction_by_kind[k] = col_i64(p, 1);
    }
    fin(s, ST_REACTION_COUNTS);
    if (rc != SQLITE_DONE)
        return map_rc(s, rc, "REACTION_COUNTS");
    o->n_latest = 0;
    if (o->comment_count == 0)
        return STORE_OK;
    if (!prep(s, ST_COMMENT_LATEST, PARAMS(P_INT(o->id))))
        return STORE_ERROR;
    struct comment tmp[2];
    void *buf = tmp;
    size_t k;
    enum store_err e = read_rows(s, ST_COMMENT_LATEST, a, read_comment, &buf, sizeof tmp[0], 2, &k);
    if (e)
        return e;
    for (size_t i = 0; i < k; i++) /* oldest first, as a reader reads them */
        o->latest[i] = tmp[k - 1 - i];
    o->n_latest = k;
    return STORE_OK;
}

enum store_err store_post_get(struct store *s, struct arena *a, int64_t id, int64_t viewer_id,
                              struct post *o)
{
    enum store_err e =
        get_row(s, ST_POST_GET, PARAMS(P_INT(id), P_INT(viewer_id)), a, read_post, o);
    return e ? e : post_extras(s, a, o);
}

enum store_err store_post_update(struct store *s, int64_t id, int64_t editor_id, const char *body,
                                 const char *html, int64_t now)
{
    enum store_err e =
        run_changed(s, ST_POST_UPDATE, PARAMS(P_INT(id), P_TEXT(body), P_TEXT(html), P_INT(now)));
    if (e)
        return e;
    return revision_add(s, id, editor_id, body, html, now);
}

enum store_err store_post_delete(struct store *s, int64_t id, int64_t by, int64_t now)
{
    return run_changed(s, ST_POST_DELETE, PARAMS(P_INT(id), P_INT(by), P_INT(now)));
}

enum store_err store_post_revisions(struct store *s, struct arena *a, int64_t post_id,
                                    struct revision **out, size_t *n)
{
    return get_rows(s, ST_REVISION_LIST, PARAMS(P_INT(post_id)), a, read_revision, sizeof **out,
                    NO_LIMIT, (void **)out, n);
}

enum store_err store_author_post_ids(struct store *s, const struct content_filter *f,
                                     int64_t author_id, int64_t before, size_t limit, int64_t *ids,
                                     size_t *n)
{
    if (!prep(s, ST_AUTHOR_POST_IDS,
              PARAMS(P_INT(author_id), P_INT(before > 0 ? before : INT64_MAX), P_INT(f->viewer_id),
                     P_INT((int64_t)limit))))
        return STORE_ERROR;
    void *buf = ids;
    return read_rows(s, ST_AUTHOR_POST_IDS, NULL, read_i64, &buf, sizeof *ids, limit, n);
}

enum store_err store_group_post_ids(struct store *s, int64_t group_id, int64_t before,
                                    int64_t floor, size_t limit, int64_t *ids, size_t *n)
{
    if (!prep(s, ST_GROUP_POST_IDS,
              PARAMS(P_INT(group_id), P_INT(before > 0 ? before : INT64_MAX), P_INT(floor),
                     P_INT((int64_t)limit))))
        return STORE_ERROR;
    void *buf = ids;
    return read_rows(s, ST_GROUP_POST_IDS, NULL, read_i64, &buf, sizeof *ids, limit, n);
}

enum store_err store_posts_hydrate(struct store *s, struct arena *a, int64_t viewer_id,
                                   const int64_t *ids, size_t n_ids, struct post *out, size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < n_ids; i++) {
        enum store_err e = store_post_get(s, a, ids[i], viewer_id, &out[*n]);
        if (e == STORE_NOTFOUND || (!e && out[*n].deleted_at))
            continue;
        if (e)
            return e;
        (*n)++;
    }
    return STORE_OK;
}

/* ---- comments, reactions, mentions ---- */

enum store_err store_comment_create(struct store *s, int64_t post_id, int64_t parent_id,
                                    int64_t author_id, const char *body, const char *html,
                                    int64_t now, int64_t *id)
{
    return run_insert(s, ST_COMMENT_CREATE,
                      PARAMS(P_INT(post_id), P_ID(parent_id), P_INT(author_id), P_TEXT(body),
                             P_TEXT(html), P_INT(now)),
                      id);
}

/* A hidden comment reads as absent to every caller. */
enum store_err store_comment_get(struct store *s, struct arena *a, int64_t id, struct comment *out)
{
    struct live_comment l = {out, false};
    enum store_err e = get_row(s, ST_COMMENT_GET, PARAMS(P_INT(id)), a, read_live_comment, &l);
    return !e && !l.found ? STORE_NOTFOUND : e;
}

enum store_err store_comment_list(struct store *s, struct arena *a, int64_t post_id,
                                  int64_t after_id, size_t limit, struct comment **out, size_t *n)
{
    return get_rows(s, ST_COMMENT_LIST,
                    PARAMS(P_INT(post_id), P_INT(after_id), P_INT((int64_t)limit)), a, read_comment,
                    sizeof **out, limit, (void **)out, n);
}

enum store_err store_comment_delete(struct store *s, int64_t id, int64_t by, int64_t now)
{
    return run_changed(s, ST_COMMENT_DELETE, PARAMS(P_INT(id), P_INT(by), P_INT(now)));
}

enum store_err store_reaction_set(struct store *s, int64_t post_id, int64_t user_id, int kind,
                                  int64_t now)
{
    return run(s, ST_REACTION_SET, PARAMS(P_INT(post_id), P_INT(user_id), P_INT(kind), P_INT(now)));
}

enum store_err store_reaction_delete(struct store *s, int64_t post_id, int64_t user_id, int kind)
{
    return run_changed(s, ST_REACTION_DELETE, PARAMS(P_INT(post_id), P_INT(user_id), P_INT(kind)));
}

enum store_err store_mentions_set(struct store *s, bool is_comment, int64_t source_id,
                                  char *const *logins, size_t n, int64_t now)
{
    enum store_err e = run(s, ST_MENTIONS_CLEAR, PARAMS(P_INT(is_comment), P_INT(source_id)));
    for (size_t i = 0; !e && i < n; i++)
        e = run(s, ST_MENTION_ADD,
                PARAMS(P_INT(is_comment), P_INT(source_id), P_TEXT(logins[i]), P_INT(now)));
    return e;
}

enum store_err store_mentions_list(struct store *s, struct arena *a, bool is_comment,
                                   int64_t source_id, struct user **out, size_t *n)
{
    return get_rows(s, ST_MENTION_LIST, PARAMS(P_INT(is_comment), P_INT(source_id)), a, read_user,
                    sizeof **out, NO_LIMIT, (void **)out, n);
}

/* ---- notifications, their settings, post follows ---- */

enum store_err store_notification_add(struct store *s, const struct notify_row *n)
{
    return run(s, ST_NOTE_ADD,
               PARAMS(P_INT(n->user_id), P_INT(n->kind), P_ID(n->actor_id), P_ID(n->group_id),
                      P_ID(n->post_id), P_ID(n->comment_id), P_INT(n->now)));
}

enum store_err store_notification_bump(struct store *s, const struct notify_row *n)
{
    return run_changed(s, ST_NOTE_BUMP,
                       PARAMS(P_INT(n->user_id), P_INT(n->kind), P_INT(n->actor_id), P_INT(n->now),
                              P_INT(n->post_id)));
}

enum store_err store_notify_admins(struct store *s, const struct notify_row *n,
                                   enum notify_level dflt, enum notify_level max_level)
{
    return run(s, ST_NOTE_ADMINS,
               PARAMS(P_INT(n->group_id), P_INT(n->kind), P_INT(n->actor_id), P_INT(n->now),
                      P_INT(dflt), P_INT(max_level)));
}

enum store_err store_notify_level(struct store *s, const struct notify_row *n,
                                  enum notify_level level)
{
    return run(s, ST_NOTE_LEVEL,
               PARAMS(P_INT(n->group_id), P_INT(n->kind), P_INT(n->actor_id), P_INT(n->post_id),
                      P_INT(n->now), P_INT(level)));
}

enum store_err store_notify_followers(struct store *s, const struct notify_row *n, int64_t skip1,
                                      int64_t skip2, enum notify_level dflt,
                                      enum notify_level max_level)
{
    return run(s, ST_NOTE_FOLLOWERS,
               PARAMS(P_INT(n->group_id), P_INT(n->kind), P_INT(n->actor_id), P_INT(n->post_id),
                      P_INT(n->comment_id), P_INT(n->now), P_INT(skip1), P_INT(skip2), P_INT(dflt),
                      P_INT(max_level)));
}

static void read_notification(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct notification *n = elem;
    n->id = col_i64(p, 0);
    n->kind = (int)col_i64(p, 1);
    n->group_id = col_i64(p, 2);
    n->group_name = col_text0(p, 3, a);
    n->post_id = col_i64(p, 4);
    n->comment_id = col_i64(p, 5);
    n->count = col_i64(p, 6);
    n->created_at = col_i64(p, 7);
    n->updated_at = col_i64(p, 8);
    n->read_at = col_i64(p, 9);
    n->group_privacy = (enum privacy)col_i64(p, 10);
    n->group_archived_at = col_i64(p, 11);
    n->viewer_state = (enum member_state)col_i64(p, 12);
    n->viewer_role = (enum group_role)col_i64(p, 13);
    read_user_at(p, 14, a, &n->actor);
}

enum store_err store_notification_list(struct store *s, struct arena *a,
                                       const struct notify_filter *f, bool unread_only,
                                       int64_t before, size_t limit, struct notification **out,
                                       size_t *n)
{
    return get_rows(s, ST_NOTE_LIST,
                    PARAMS(P_INT(f->viewer_id), P_INT(f->see_all_secret), P_INT(unread_only),
                           P_INT(before > 0 ? before : INT64_MAX), P_INT((int64_t)limit)),
                    a, read_notification, sizeof **out, limit, (void **)out, n);
}

/* count(*) always yields its one row. */
enum store_err store_notification_unread(struct store *s, const struct notify_filter *f,
                                         int64_t *count)
{
    return get_row(s, ST_NOTE_UNREAD,
                   PARAMS(P_INT(f->viewer_id), P_INT(f->see_all_secret), P_INT(1)), NULL, read_i64,
                   count);
}

enum store_err store_notification_mark(struct store *s, int64_t user_id, int64_t id, int64_t now)
{
    return run(s, ST_NOTE_MARK, PARAMS(P_INT(user_id), P_INT(id), P_INT(now)));
}

enum store_err store_notification_mark_all(struct store *s, int64_t user_id, int64_t now)
{
    return run(s, ST_NOTE_MARK_ALL, PARAMS(P_INT(user_id), P_INT(now)));
}

enum store_err store_notify_setting_get(struct store *s, int64_t user_id, int64_t group_id,
                                        enum notify_level *level, bool *muted, bool *found)
{
    int64_t v[2];
    enum store_err e =
        get_row(s, ST_NSET_GET, PARAMS(P_INT(user_id), P_INT(group_id)), NULL, read_i64_pair, v);
    *found = e == STORE_OK;
    if (e == STORE_NOTFOUND)
        return STORE_OK;
    if (!e) {
        *level = (enum notify_level)v[0];
        *muted = v[1] != 0;
    }
    return e;
}

enum store_err store_notify_setting_set(struct store *s, int64_t user_id, int64_t group_id,
                                        enum notify_level level, bool muted)
{
    return run(s, ST_NSET_SET, PARAMS(P_INT(user_id), P_INT(group_id), P_INT(level), P_INT(muted)));
}

static void read_notify_setting(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct notify_setting *o = elem;
    o->group_id = col_i64(p, 0);
    o->group_name = col_text0(p, 1, a);
    o->level = (enum notify_level)col_i64(p, 2);
    o->muted = col_i64(p, 3) != 0;
}

enum store_err store_notify_settings_list(struct store *s, struct arena *a, int64_t user_id,
                                          enum notify_level dflt, int64_t after_group_id,
                                          size_t limit, struct notify_setting **out, size_t *n)
{
    return get_rows(
        s, ST_NSET_LIST,
        PARAMS(P_INT(user_id), P_INT(dflt), P_INT(after_group_id), P_INT((int64_t)limit)), a,
        read_notify_setting, sizeof **out, limit, (void **)out, n);
}

enum store_err store_post_follow_get(struct store *s, int64_t post_id, int64_t user_id, int *state)
{
    int64_t v = -1;
    enum store_err e =
        get_row(s, ST_FOLLOW_GET, PARAMS(P_INT(post_id), P_INT(user_id)), NULL, read_i64, &v);
    if (e == STORE_NOTFOUND)
        e = STORE_OK;
    *state = (int)v;
    return e;
}

enum store_err store_post_follow_set(struct store *s, int64_t post_id, int64_t user_id,
                                     bool following, bool keep, int64_t now)
{
    return run(s, ST_FOLLOW_SET,
               PARAMS(P_INT(post_id), P_INT(user_id), P_INT(following), P_INT(now), P_INT(keep)));
}

/* ---- the event log ---- */

enum store_err store_event_add(struct store *s, struct event *e)
{
    return run_insert(s, ST_EVENT_ADD,
                      PARAMS(P_INT(e->kind), P_ID(e->group_id), P_ID(e->post_id),
                             P_ID(e->comment_id), P_ID(e->actor_id), P_ID(e->user_id),
                             P_ID(e->notification_id), P_INT(e->created_at)),
                      &e->id);
}

static void read_event(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct event *e = elem;
    (void)a;
    e->id = col_i64(p, 0);
    e->kind = (int)col_i64(p, 1);
    e->group_id = col_i64(p, 2);
    e->post_id = col_i64(p, 3);
    e->comment_id = col_i64(p, 4);
    e->actor_id = col_i64(p, 5);
    e->user_id = col_i64(p, 6);
    e->notification_id = col_i64(p, 7);
    e->created_at = col_i64(p, 8);
}

enum store_err store_event_list(struct store *s, struct arena *a, const struct event_filter *f,
                                int64_t after, size_t limit, struct event **out, size_t *n)
{
    return get_rows(s, ST_EVENT_LIST,
                    PARAMS(P_INT(f->viewer_id), P_INT(after), P_INT((int64_t)limit)), a, read_event,
                    sizeof **out, limit, (void **)out, n);
}

enum store_err store_event_bounds(struct store *s, int64_t *first, int64_t *last)
{
    int64_t v[2];
    enum store_err e = get_row(s, ST_EVENT_BOUNDS, NULL, NULL, read_i64_pair, v);
    if (!e) {
        *first = v[0];
        *last = v[1];
    }
    return e;
}

enum store_err store_event_prune(struct store *s, int64_t keep, int64_t before)
{
    return run(s, ST_EVENT_PRUNE, PARAMS(P_INT(keep), P_INT(before)));
}
