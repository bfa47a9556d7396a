/* The SQLite backend of store_guard.h: the privacy guard's records and the
 * staff names its matcher is built with. Statements are in sql_guard.h. */
#include "store/sqlite_int.h"
#include "store/store_guard.h"

static const char *const content_names[GUARD_CONTENT__MAX] = {"post", "comment", "edit", "group"};
static const char *const outcome_names[GUARD_OUTCOME__MAX] = {"published", "overridden",
                                                              "unconfirmed", "blocked", "held"};
static const char *const review_state_names[REVIEW_STATE__MAX] = {"pending", "released", "rejected",
                                                                  "withdrawn"};

const char *review_state_str(enum review_state st)
{
    return (unsigned)st < REVIEW_STATE__MAX ? review_state_names[st] : "?";
}

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
                       P_ID(fs[i].student_id), P_ID(fs[i].image_id)));
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

static void read_finding(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct guard_record_finding *f = elem;
    f->rule = col_text0(p, 0, a);
    f->severity = col_text0(p, 1, a);
    f->action = col_text0(p, 2, a);
    f->start = col_i64(p, 3);
    f->end = col_i64(p, 4);
    f->student_id = col_i64(p, 5);
    f->image_id = col_i64(p, 6);
}

enum store_err store_guard_findings(struct store *s, struct arena *a, int64_t record_id,
                                    struct guard_record_finding **out, size_t *n)
{
    return get_rows(s, ST_GUARD_FINDINGS, PARAMS(P_INT(record_id)), a, read_finding, sizeof **out,
                    NO_LIMIT, (void **)out, n);
}

/* ---- reviews ---- */

/* REVIEW_COLS. */
static void read_review(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct review *r = elem;
    r->id = col_i64(p, 0);
    r->record_id = col_i64(p, 1);
    r->kind = (enum guard_content)col_i64(p, 2);
    r->state = (enum review_state)col_i64(p, 3);
    r->group_id = col_i64(p, 4);
    r->group_name = col_text0(p, 5, a);
    r->group_privacy = (enum privacy)col_i64(p, 6);
    r->post_id = col_i64(p, 7);
    r->parent_id = col_i64(p, 8);
    r->comment_id = col_i64(p, 9);
    r->body = col_text0(p, 10, a);
    r->reason = col_text(p, 11, a);
    r->created_at = col_i64(p, 12);
    r->decided_at = col_i64(p, 13);
    r->decided_by = col_i64(p, 14);
    r->decided_by_name = col_text(p, 15, a);
    read_user_at(p, 16, a, &r->author);
    r->note = col_text(p, 16 + N_USER_COLS, a);
}

enum store_err store_review_add(struct store *s, struct review *r)
{
    return run_insert(s, ST_REVIEW_ADD,
                      PARAMS(P_INT(r->record_id), P_INT(r->kind), P_INT(r->author.id),
                             P_INT(r->group_id), P_ID(r->post_id), P_ID(r->parent_id),
                             P_TEXT(r->body), P_TEXT(r->reason), P_INT(r->created_at)),
                      &r->id);
}

enum store_err store_review_get(struct store *s, struct arena *a, int64_t id, struct review *out)
{
    return get_row(s, ST_REVIEW_GET, PARAMS(P_INT(id)), a, read_review, out);
}

enum store_err store_review_list(struct store *s, struct arena *a, enum review_state st,
                                 int64_t author_id, int64_t cursor, size_t limit,
                                 struct review **out, size_t *n)
{
    if (st == REVIEW_PENDING)
        return get_rows(s, ST_REVIEW_LIST_UP,
                        PARAMS(P_INT(st), P_INT(author_id), P_INT(cursor), P_INT((int64_t)limit)),
                        a, read_review, sizeof **out, limit, (void **)out, n);
    int64_t which = (unsigned)st < REVIEW_STATE__MAX ? (int64_t)st : -1;
    return get_rows(s, ST_REVIEW_LIST_DOWN,
                    PARAMS(P_INT(which), P_INT(author_id), P_INT(cursor > 0 ? cursor : INT64_MAX),
                           P_INT((int64_t)limit)),
                    a, read_review, sizeof **out, limit, (void **)out, n);
}

enum store_err store_review_decide(struct store *s, int64_t id, enum review_state st, int64_t by,
                                   const char *note, int64_t post_id, int64_t comment_id,
                                   int64_t now)
{
    return run_changed(s, ST_REVIEW_DECIDE,
                       PARAMS(P_INT(id), P_INT(st), P_INT(now), P_ID(by), P_TEXT(note),
                              P_ID(post_id), P_ID(comment_id)));
}

enum store_err store_review_count(struct store *s, enum review_state st, int64_t *n)
{
    *n = 0;
    return get_row(s, ST_REVIEW_COUNT, PARAMS(P_INT(st)), NULL, read_i64, n);
}

static void read_record(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct guard_record_view *v = elem;
    v->r.id = col_i64(p, 0);
    v->r.at = col_i64(p, 1);
    v->r.content = (enum guard_content)col_i64(p, 2);
    v->r.group_id = col_i64(p, 3);
    v->group_name = col_text(p, 4, a);
    v->group_privacy = (enum privacy)col_i64(p, 5);
    v->r.post_id = col_i64(p, 6);
    v->r.comment_id = col_i64(p, 7);
    v->r.outcome = (enum guard_outcome)col_i64(p, 8);
    v->r.reason = col_text(p, 9, a);
    read_user_at(p, 10, a, &v->author);
    v->r.user_id = v->author.id;
}

enum store_err store_guard_records(struct store *s, struct arena *a, enum guard_outcome o,
                                   int64_t cursor, size_t limit, struct guard_record_view **out,
                                   size_t *n)
{
    int64_t which = (unsigned)o < GUARD_OUTCOME__MAX ? (int64_t)o : -1;
    return get_rows(
        s, ST_GUARD_RECORD_LIST,
        PARAMS(P_INT(which), P_INT(cursor > 0 ? cursor : INT64_MAX), P_INT((int64_t)limit)), a,
        read_record, sizeof **out, limit, (void **)out, n);
}
