/* The SQLite backend of store_guard.h: the privacy guard's records and the
 * staff names its matcher is built with. Statements are in sql_guard.h. */
#include "store/sqlite_int.h"
#include "store/store_guard.h"

static const char *const content_names[GUARD_CONTENT__MAX] = {"post", "comment", "edit"};
static const char *const outcome_names[GUARD_OUTCOME__MAX] = {"published", "overridden",
                                                              "unconfirmed", "blocked"};

const char *guard_content_str(enum guard_content c)
{
    return (unsigned)c < GUARD_CONTENT__MAX ? content_names[c] : "?";
}

const char *guard_outcome_str(enum guard_outcome o)
{
    return (unsigned)o < GUARD_OUTCOME__MAX ? outcome_names[o] : "?";
}

enum store_err store_guard_record(struct store *s, struct guard_record *r,
                                  const struct guard_record_finding *fs, size_t n)
{
    enum store_err e = run_insert(s, ST_GUARD_RECORD_ADD,
                                  PARAMS(P_INT(r->at), P_INT(r->user_id), P_INT(r->content),
                                         P_ID(r->group_id), P_ID(r->post_id), P_ID(r->comment_id),
                                         P_INT(r->outcome), P_TEXT(r->reason)),
                                  &r->id);
    for (size_t i = 0; !e && i < n; i++)
        e = run(s, ST_GUARD_FINDING_ADD,
                PARAMS(P_INT(r->id), P_TEXT(fs[i].rule), P_TEXT(fs[i].severity),
                       P_TEXT(fs[i].action), P_INT(fs[i].start), P_INT(fs[i].end),
                       P_ID(fs[i].student_id)));
    return e;
}

enum store_err store_guard_count(struct store *s, int64_t user_id, enum guard_outcome o, int64_t *n)
{
    int64_t which = (unsigned)o < GUARD_OUTCOME__MAX ? (int64_t)o : -1;
    *n = 0;
    return get_row(s, ST_GUARD_COUNT, PARAMS(P_INT(user_id), P_INT(which)), NULL, read_i64, n);
}

enum store_err store_staff_names_each(struct store *s, store_staff_name_fn *fn, void *ctx)
{
    sqlite3_stmt *p = prep(s, ST_GUARD_STAFF_NAMES, NULL);
    if (!p)
        return STORE_ERROR;
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(p)) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(p, 0);
        stop = fn(ctx, t ? (const char *)t : "");
    }
    enum store_err e =
        stop || rc == SQLITE_DONE ? STORE_OK : map_rc(s, rc, stmt_name[ST_GUARD_STAFF_NAMES]);
    fin(s, ST_GUARD_STAFF_NAMES);
    return e;
}
