/* The SQL of the job queue, e-mail settings and state, the digest's
 * reads, and drafts (store/sqlite_jobs.c). Composed into the statement
 * table by sqlite_int.h; NOTE_FROM and USER_COLS come from sql_core.h. */
#ifndef STORE_SQL_JOB_H
#define STORE_SQL_JOB_H

#define DRAFT_COLS                                                                                 \
    "d.id, d.author_id, d.group_id, d.body, d.state, d.publish_at, d.claimed_until, d.post_id, "   \
    "d.fail_code, d.fail_detail, d.created_at, d.updated_at, d.confirm_reason"

#define JOB_STATEMENTS(X)                                                                          \
    X(JOB_CLAIM, "UPDATE jobs SET run_at = ?2, attempts = attempts + 1, updated_at = ?1 "          \
                 "WHERE id IN (SELECT id FROM jobs WHERE state = 0 AND run_at <= ?1 "              \
                 "ORDER BY run_at, id LIMIT ?3) RETURNING id, kind, user_id, ref_id, attempts")    \
    X(JOB_DONE, "UPDATE jobs SET state = 1, last_error = ?2, updated_at = ?3 WHERE id = ?1")       \
    X(JOB_RETRY, "UPDATE jobs SET run_at = ?2, last_error = ?3, updated_at = ?4 "                  \
                 "WHERE id = ?1 AND state = 0")                                                    \
    X(JOB_DEAD, "UPDATE jobs SET state = 2, last_error = ?2, updated_at = ?3 WHERE id = ?1")       \
    X(JOB_ADD, "INSERT OR IGNORE INTO jobs(kind, user_id, ref_id, run_at, created_at, "            \
               "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)")                                      \
    X(JOB_SET, "INSERT INTO jobs(kind, user_id, ref_id, run_at, created_at, updated_at) "          \
               "VALUES (?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT(kind, user_id, ref_id) DO UPDATE "     \
               "SET state = 0, run_at = excluded.run_at, attempts = 0, last_error = NULL, "        \
               "updated_at = excluded.updated_at")                                                 \
    X(JOB_CANCEL, "UPDATE jobs SET state = 1, last_error = ?4, updated_at = ?5 "                   \
                  "WHERE kind = ?1 AND user_id = ?2 AND ref_id = ?3 AND state = 0")                \
    X(JOB_FIND, "SELECT id, kind, user_id, ref_id, state, attempts, run_at, updated_at, "          \
                "last_error FROM jobs WHERE kind = ?1 AND user_id = ?2 AND ref_id = ?3")           \
    X(JOB_SUMMARY, "SELECT kind, state, count(*), COALESCE(min(run_at), 0) FROM jobs "             \
                   "GROUP BY kind, state ORDER BY kind, state")                                    \
    X(JOB_PROBLEMS, "SELECT id, kind, user_id, ref_id, state, attempts, run_at, updated_at, "      \
                    "last_error FROM jobs WHERE state = 2 OR (state = 0 AND last_error IS NOT "    \
                    "NULL) ORDER BY updated_at DESC, id DESC LIMIT ?1")                            \
    X(JOB_PRUNE, "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE (state = 1 AND "         \
                 "updated_at < ?1) OR (state = 2 AND updated_at < ?2) LIMIT ?3)")                  \
    X(MAIL_STATE_GET, "SELECT enabled, unsub_key FROM mail_state WHERE id = 1")                    \
    X(MAIL_STATE_SET, "UPDATE mail_state SET enabled = ?1 WHERE id = 1")                           \
    X(ESET_GET, "SELECT notify, digest, digest_hour FROM email_settings WHERE user_id = ?1")       \
    X(ESET_SET, "INSERT INTO email_settings(user_id, notify, digest, digest_hour, updated_at) "    \
                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(user_id) DO UPDATE SET "                  \
                "notify = excluded.notify, digest = excluded.digest, "                             \
                "digest_hour = excluded.digest_hour, updated_at = excluded.updated_at")            \
    X(MAIL_NOTE_GET, "SELECT n.id, n.kind, n.group_id, g.name, n.post_id, n.comment_id, "          \
                     "n.count, n.created_at, n.updated_at, n.read_at, g.privacy, g.archived_at, "  \
                     "m.state, m.role, " USER_COLS ", n.review_id " NOTE_FROM " AND n.id = ?4")    \
    X(DIGEST_NOTES,                                                                                \
      "SELECT n.id, n.kind, n.group_id, g.name, n.post_id, n.comment_id, "                         \
      "n.count, n.created_at, n.updated_at, n.read_at, g.privacy, g.archived_at, "                 \
      "m.state, m.role, " USER_COLS ", n.review_id " NOTE_FROM " AND n.updated_at >= ?4 "          \
      "ORDER BY n.id DESC LIMIT ?5")                                                               \
    X(DIGEST_ENQUEUE,                                                                              \
      "INSERT OR IGNORE INTO jobs(kind, user_id, ref_id, run_at, created_at, updated_at) "         \
      "SELECT 1, u.id, ?2, ?3, ?3, ?3 FROM users u LEFT JOIN email_settings es "                   \
      "ON es.user_id = u.id WHERE u.email IS NOT NULL AND u.status = 0 "                           \
      "AND COALESCE(es.digest, 1) = 1 AND COALESCE(es.digest_hour, ?4) = ?1")                      \
    X(POST_CREATED_AT, "SELECT id, created_at FROM posts WHERE id >= ?1 ORDER BY id LIMIT 1")      \
    X(POST_MAX_ID, "SELECT COALESCE(max(id), 0) FROM posts")                                       \
    X(DIGEST_POSTS,                                                                                \
      "SELECT p.id, p.group_id, g.name, g.privacy, g.archived_at, m.state, m.role, p.body, "       \
      "p.created_at, " USER_COLS " FROM memberships m JOIN groups g ON g.id = m.group_id "         \
      "JOIN posts p ON p.group_id = m.group_id AND p.id > ?2 AND p.deleted_at IS NULL "            \
      "JOIN users u ON u.id = p.author_id LEFT JOIN orgs o ON o.id = u.org_id "                    \
      "WHERE m.user_id = ?1 AND m.state = 1 AND p.author_id <> ?1 "                                \
      "ORDER BY p.id DESC LIMIT ?3")                                                               \
    X(DRAFT_CREATE, "INSERT INTO drafts(author_id, group_id, body, state, publish_at, "            \
                    "created_at, updated_at, confirm_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, " \
                    "?7)")                                                                         \
    X(DRAFT_GET, "SELECT " DRAFT_COLS " FROM drafts d WHERE d.id = ?1 AND d.deleted_at IS NULL "   \
                 "AND (?2 = 0 OR d.author_id = ?2)")                                               \
    X(DRAFT_LIST, "SELECT " DRAFT_COLS " FROM drafts d WHERE d.author_id = ?1 "                    \
                  "AND d.deleted_at IS NULL AND d.state <> 3 AND d.id < ?2 "                       \
                  "ORDER BY d.id DESC LIMIT ?3")                                                   \
    X(DRAFT_COUNT, "SELECT count(*) FROM drafts WHERE author_id = ?1 AND deleted_at IS NULL "      \
                   "AND state <> 3")                                                               \
    X(DRAFT_UPDATE, "UPDATE drafts SET group_id = ?2, body = ?3, state = ?4, publish_at = ?5, "    \
                    "claimed_until = ?6, fail_code = ?7, fail_detail = ?8, updated_at = ?9, "      \
                    "confirm_reason = ?10 "                                                        \
                    "WHERE id = ?1 AND deleted_at IS NULL AND state <> 3")                         \
    X(DRAFT_DELETE, "UPDATE drafts SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1 "            \
                    "AND deleted_at IS NULL")

#endif
