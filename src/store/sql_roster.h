/* The SQL of the student roster and its import log (store/sqlite_roster.c).
 * Composed into the statement table by sqlite_int.h. */
#ifndef STORE_SQL_ROSTER_H
#define STORE_SQL_ROSTER_H

#define STUDENT_COLS                                                                               \
    "id, source_id, given, family, preferred, middle, number, school_source_id, school_name, "     \
    "grade, consent, removed_at"

#define ROSTER_STATEMENTS(X)                                                                       \
    X(ROSTER_IMPORT_ADD, "INSERT INTO roster_imports(started_at, source, format, mode, files, "    \
                         "run_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")                                \
    X(ROSTER_IMPORT_END,                                                                           \
      "UPDATE roster_imports SET finished_at = ?2, students = ?3, "                                \
      "schools = ?4, added = ?5, updated = ?6, removed = ?7, unchanged = ?8, files = ?9 "          \
      "WHERE id = ?1")                                                                             \
    X(ROSTER_IMPORT_LAST, "SELECT id, started_at, finished_at, source, format, mode, files, "      \
                          "run_by, students, schools, added, updated, removed, unchanged "         \
                          "FROM roster_imports ORDER BY id DESC LIMIT 1")                          \
    X(STUDENT_FIND, "SELECT " STUDENT_COLS " FROM students WHERE source_id = ?1")                  \
    X(STUDENT_ADD, "INSERT INTO students(source_id, given, family, preferred, middle, number, "    \
                   "school_source_id, school_name, grade, consent, created_at, updated_at, "       \
                   "seen_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)")     \
    X(STUDENT_UPDATE, "UPDATE students SET given = ?2, family = ?3, preferred = ?4, middle = ?5, " \
                      "number = ?6, school_source_id = ?7, school_name = ?8, grade = ?9, "         \
                      "consent = ?10, updated_at = ?11, seen_by = ?12, removed_at = NULL "         \
                      "WHERE id = ?1")                                                             \
    X(STUDENT_SEEN, "UPDATE students SET seen_by = ?2 WHERE id = ?1")                              \
    X(STUDENT_REMOVE, "UPDATE students SET removed_at = ?2, updated_at = ?2, seen_by = ?3 "        \
                      "WHERE source_id = ?1 AND removed_at IS NULL")                               \
    X(STUDENT_REMOVE_UNSEEN, "UPDATE students SET removed_at = ?2, updated_at = ?2 "               \
                             "WHERE removed_at IS NULL AND seen_by IS NOT ?1")                     \
    X(STUDENT_COUNT, "SELECT count(*) FROM students WHERE removed_at IS NULL")                     \
    X(STUDENT_CONSENT, "SELECT consent FROM students WHERE id = ?1 AND removed_at IS NULL")        \
    X(STUDENT_EACH, "SELECT " STUDENT_COLS " FROM students WHERE removed_at IS NULL ORDER BY id")

#endif
