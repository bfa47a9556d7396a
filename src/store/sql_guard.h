/* The SQL of the privacy guard's records (store/sqlite_guard.c). Composed
 * into the statement table by sqlite_int.h. */
#ifndef STORE_SQL_GUARD_H
#define STORE_SQL_GUARD_H

/* A review with its group, author (USER_COLS from column 16) and decider. */
#define REVIEW_COLS                                                                                \
    "r.id, r.record_id, r.kind, r.state, r.group_id, g.name, g.privacy, r.post_id, r.parent_id, "  \
    "r.comment_id, r.body, r.reason, r.created_at, r.decided_at, r.decided_by, d.name, " USER_COLS \
    ", r.note"
#define REVIEW_FROM                                                                                \
    "FROM reviews r JOIN groups g ON g.id = r.group_id LEFT JOIN users d ON d.id = "               \
    "r.decided_by " USER_JOIN("r.author_id")

#define GUARD_STATEMENTS(X)                                                                        \
    X(GUARD_RECORD_ADD, "INSERT INTO guard_records(at, user_id, content, group_id, post_id, "      \
                        "comment_id, outcome, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")    \
    X(GUARD_FINDING_ADD, "INSERT INTO guard_findings(record_id, rule, severity, action, "          \
                         "span_start, span_end, student_id, image_id) "                            \
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")                                \
    X(GUARD_COUNT, "SELECT count(*) FROM guard_records WHERE (?1 = 0 OR user_id = ?1) "            \
                   "AND (?2 < 0 OR outcome = ?2)")                                                 \
    X(GUARD_STAFF_NAMES, "SELECT name FROM users WHERE status = 0 ORDER BY id")                    \
    X(GUARD_FINDINGS, "SELECT rule, severity, action, span_start, span_end, student_id, image_id " \
                      "FROM guard_findings WHERE record_id = ?1 ORDER BY span_start, id")          \
    X(REVIEW_ADD, "INSERT INTO reviews(record_id, kind, author_id, group_id, post_id, parent_id, " \
                  "body, reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")         \
    X(REVIEW_GET, "SELECT " REVIEW_COLS " " REVIEW_FROM " WHERE r.id = ?1")                        \
    X(REVIEW_LIST_UP, "SELECT " REVIEW_COLS " " REVIEW_FROM " WHERE r.state = ?1 "                 \
                      "AND (?2 = 0 OR r.author_id = ?2) AND r.id > ?3 ORDER BY r.id LIMIT ?4")     \
    X(REVIEW_LIST_DOWN, "SELECT " REVIEW_COLS " " REVIEW_FROM " WHERE (?1 < 0 OR r.state = ?1) "   \
                        "AND (?2 = 0 OR r.author_id = ?2) AND r.id < ?3 "                          \
                        "ORDER BY r.id DESC LIMIT ?4")                                             \
    X(REVIEW_DECIDE,                                                                               \
      "UPDATE reviews SET state = ?2, decided_at = ?3, decided_by = ?4, note = ?5, "               \
      "post_id = COALESCE(?6, post_id), comment_id = ?7 WHERE id = ?1 "                            \
      "AND state = 0")                                                                             \
    X(REVIEW_COUNT, "SELECT count(*) FROM reviews WHERE state = ?1")                               \
    X(GUARD_RECORD_LIST,                                                                           \
      "SELECT r.id, r.at, r.content, r.group_id, g.name, g.privacy, r.post_id, r.comment_id, "     \
      "r.outcome, r.reason, " USER_COLS " FROM guard_records r LEFT JOIN groups g "                \
      "ON g.id = r.group_id " USER_JOIN("r.user_id") " WHERE (?1 < 0 OR r.outcome = ?1) "          \
                                                     "AND r.id < ?2 ORDER BY r.id DESC LIMIT ?3")

#endif
