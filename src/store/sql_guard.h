/* The SQL of the privacy guard's records (store/sqlite_guard.c). Composed
 * into the statement table by sqlite_int.h. */
#ifndef STORE_SQL_GUARD_H
#define STORE_SQL_GUARD_H

#define GUARD_STATEMENTS(X)                                                                        \
    X(GUARD_RECORD_ADD, "INSERT INTO guard_records(at, user_id, content, group_id, post_id, "      \
                        "comment_id, outcome, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")    \
    X(GUARD_FINDING_ADD, "INSERT INTO guard_findings(record_id, rule, severity, action, "          \
                         "span_start, span_end, student_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")  \
    X(GUARD_COUNT, "SELECT count(*) FROM guard_records WHERE (?1 = 0 OR user_id = ?1) "            \
                   "AND (?2 < 0 OR outcome = ?2)")                                                 \
    X(GUARD_STAFF_NAMES, "SELECT name FROM users WHERE status = 0 ORDER BY id")

#endif
