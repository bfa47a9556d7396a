/* The SQLite backend of store_roster.h: the student roster and the log of
 * its imports. Statements are in sql_roster.h. */
#include "store/sqlite_int.h"
#include "store/store_roster.h"

static const char *const consent_names[CONSENT__MAX] = {"unknown", "granted", "refused"};

const char *media_consent_str(enum media_consent c)
{
    return (unsigned)c < CONSENT__MAX ? consent_names[c] : "unknown";
}

enum store_err store_roster_import_add(struct store *s, struct roster_import *r)
{
    return run_insert(s, ST_ROSTER_IMPORT_ADD,
                      PARAMS(P_INT(r->started_at), P_TEXT(r->source), P_TEXT(r->format),
                             P_TEXT(r->mode), P_TEXT(r->files), P_TEXT(r->run_by)),
                      &r->id);
}

enum store_err store_roster_import_end(struct store *s, const struct roster_import *r)
{
    return run_changed(s, ST_ROSTER_IMPORT_END,
                       PARAMS(P_INT(r->id), P_INT(r->finished_at), P_INT(r->students),
                              P_INT(r->schools), P_INT(r->added), P_INT(r->updated),
                              P_INT(r->removed), P_INT(r->unchanged), P_TEXT(r->files)));
}

static void read_import(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct roster_import *r = elem;
    r->id = col_i64(p, 0);
    r->started_at = col_i64(p, 1);
    r->finished_at = col_i64(p, 2);
    r->source = col_text0(p, 3, a);
    r->format = col_text0(p, 4, a);
    r->mode = col_text0(p, 5, a);
    r->files = col_text0(p, 6, a);
    r->run_by = col_text0(p, 7, a);
    r->students = col_i64(p, 8);
    r->schools = col_i64(p, 9);
    r->added = col_i64(p, 10);
    r->updated = col_i64(p, 11);
    r->removed = col_i64(p, 12);
    r->unchanged = col_i64(p, 13);
}

enum store_err store_roster_import_last(struct store *s, struct arena *a, struct roster_import *out)
{
    return get_row(s, ST_ROSTER_IMPORT_LAST, NULL, a, read_import, out);
}

/* STUDENT_COLS; with a NULL arena the strings point into the statement. */
static void read_student(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct student *st = elem;
    st->id = col_i64(p, 0);
    st->source_id = col_text0(p, 1, a);
    st->given = col_text0(p, 2, a);
    st->family = col_text0(p, 3, a);
    st->preferred = col_text(p, 4, a);
    st->middle = col_text(p, 5, a);
    st->number = col_text(p, 6, a);
    st->school_source_id = col_text(p, 7, a);
    st->school_name = col_text(p, 8, a);
    st->grade = col_text(p, 9, a);
    st->consent = (enum media_consent)col_i64(p, 10);
    st->removed_at = col_i64(p, 11);
}

enum store_err store_student_find(struct store *s, struct arena *a, const char *source_id,
                                  struct student *out)
{
    return get_row(s, ST_STUDENT_FIND, PARAMS(P_TEXT(source_id)), a, read_student, out);
}

enum store_err store_student_add(struct store *s, struct student *st, int64_t import_id,
                                 int64_t now)
{
    return run_insert(s, ST_STUDENT_ADD,
                      PARAMS(P_TEXT(st->source_id), P_TEXT(st->given), P_TEXT(st->family),
                             P_TEXT(st->preferred), P_TEXT(st->middle), P_TEXT(st->number),
                             P_TEXT(st->school_source_id), P_TEXT(st->school_name),
                             P_TEXT(st->grade), P_INT(st->consent), P_INT(now), P_ID(import_id)),
                      &st->id);
}

enum store_err store_student_update(struct store *s, const struct student *st, int64_t import_id,
                                    int64_t now)
{
    return run_changed(s, ST_STUDENT_UPDATE,
                       PARAMS(P_INT(st->id), P_TEXT(st->given), P_TEXT(st->family),
                              P_TEXT(st->preferred), P_TEXT(st->middle), P_TEXT(st->number),
                              P_TEXT(st->school_source_id), P_TEXT(st->school_name),
                              P_TEXT(st->grade), P_INT(st->consent), P_INT(now), P_ID(import_id)));
}

enum store_err store_student_seen(struct store *s, int64_t id, int64_t import_id)
{
    return run_changed(s, ST_STUDENT_SEEN, PARAMS(P_INT(id), P_ID(import_id)));
}

enum store_err store_student_remove(struct store *s, const char *source_id, int64_t import_id,
                                    int64_t now)
{
    return run_changed(s, ST_STUDENT_REMOVE,
                       PARAMS(P_TEXT(source_id), P_INT(now), P_ID(import_id)));
}

enum store_err store_students_remove_unseen(struct store *s, int64_t import_id, int64_t now,
                                            int64_t *n)
{
    enum store_err e = run(s, ST_STUDENT_REMOVE_UNSEEN, PARAMS(P_ID(import_id), P_INT(now)));
    *n = e ? 0 : sqlite3_changes(s->c->db);
    return e;
}

enum store_err store_student_consent(struct store *s, int64_t id, enum media_consent *out)
{
    int64_t c = CONSENT_UNKNOWN;
    enum store_err e = get_row(s, ST_STUDENT_CONSENT, PARAMS(P_INT(id)), NULL, read_i64, &c);
    *out = (unsigned)c < CONSENT__MAX ? (enum media_consent)c : CONSENT_UNKNOWN;
    return e;
}

enum store_err store_student_count(struct store *s, int64_t *n)
{
    *n = 0;
    enum store_err e = get_row(s, ST_STUDENT_COUNT, NULL, NULL, read_i64, n);
    return e == STORE_NOTFOUND ? STORE_OK : e;
}

enum store_err store_students_each(struct store *s, store_student_fn *fn, void *ctx, int *stopped)
{
    sqlite3_stmt *p = prep(s, ST_STUDENT_EACH, NULL);
    if (!p)
        return STORE_ERROR;
    struct arena a;
    arena_init(&a, 0);
    enum store_err e = STORE_OK;
    int rc = SQLITE_DONE, stop = 0;
    while (!stop && (rc = sqlite3_step(p)) == SQLITE_ROW) {
        struct student st;
        read_student(p, &a, &st);
        stop = fn(ctx, &st);
        arena_free(&a);
        arena_init(&a, 0);
    }
    if (!stop && rc != SQLITE_DONE)
        e = map_rc(s, rc, stmt_name[ST_STUDENT_EACH]);
    arena_free(&a);
    fin(s, ST_STUDENT_EACH);
    if (stopped)
        *stopped = stop;
    return e;
}
