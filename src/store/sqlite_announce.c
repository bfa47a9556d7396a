/* The SQLite backend of important announcements (store.h, "important
 * announcements"): the statements are in sql_announce.h. */
#include "store/sqlite_int.h"

enum store_err store_post_set_important(struct store *s, int64_t post_id, int64_t until, int64_t by,
                                        int64_t now)
{
    if (!until)
        return run_changed(s, ST_IMPORTANT_END, PARAMS(P_INT(post_id), P_INT(now)));
    return run_changed(s, ST_IMPORTANT_SET,
                       PARAMS(P_INT(post_id), P_INT(until), P_ID(by), P_INT(now)));
}

enum store_err store_post_set_nudged(struct store *s, int64_t post_id, int64_t now)
{
    return run_changed(s, ST_NUDGED_SET, PARAMS(P_INT(post_id), P_INT(now)));
}

enum store_err store_receipt_mark(struct store *s, int64_t post_id, int64_t user_id, bool ack,
                                  int64_t now, bool *changed)
{
    enum store_err e = run(s, ack ? ST_RECEIPT_ACK : ST_RECEIPT_SEEN,
                           PARAMS(P_INT(post_id), P_INT(user_id), P_INT(now)));
    *changed = !e && sqlite3_changes(s->c->db) > 0;
    return e;
}

static void read_counts(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct receipt_counts *c = elem;
    c->audience = col_i64(p, 0);
    c->seen = col_i64(p, 1);
    c->acknowledged = col_i64(p, 2);
}

enum store_err store_receipt_counts(struct store *s, int64_t post_id, int64_t group_id,
                                    int64_t author_id, struct receipt_counts *out)
{
    return get_row(s, ST_RECEIPT_COUNTS, PARAMS(P_INT(post_id), P_INT(group_id), P_INT(author_id)),
                   NULL, read_counts, out);
}

static void read_receipt(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct receipt *r = elem;
    read_user_at(p, 0, a, &r->user);
    r->seen_at = col_i64(p, N_USER_COLS);
    r->acked_at = col_i64(p, N_USER_COLS + 1);
}

enum store_err store_receipt_list(struct store *s, struct arena *a, int64_t post_id,
                                  int64_t group_id, int64_t author_id, enum receipt_state state,
                                  int64_t after_user_id, size_t limit, struct receipt **out,
                                  size_t *n)
{
    return get_rows(s, ST_RECEIPT_LIST,
                    PARAMS(P_INT(post_id), P_INT(group_id), P_INT(author_id), P_INT(state),
                           P_INT(after_user_id), P_INT((int64_t)limit)),
                    a, read_receipt, sizeof **out, limit, (void **)out, n);
}

enum store_err store_pinned_post_ids(struct store *s, int64_t viewer_id, int64_t group_id,
                                     int64_t now, size_t limit, int64_t *ids, size_t *n)
{
    enum stmt_id id = group_id ? ST_PINNED_GROUP : ST_PINNED_HOME;
    if (!prep(s, id,
              group_id
                  ? PARAMS(P_INT(viewer_id), P_INT(now), P_INT((int64_t)limit), P_INT(group_id))
                  : PARAMS(P_INT(viewer_id), P_INT(now), P_INT((int64_t)limit))))
        return STORE_ERROR;
    void *arr = ids;
    return read_rows(s, id, NULL, read_i64, &arr, sizeof *ids, limit, n);
}

enum store_err store_notify_members(struct store *s, const struct notify_row *n, bool unacked_only,
                                    int64_t skip, int64_t *count)
{
    enum store_err e =
        run(s, ST_NOTE_MEMBERS,
            PARAMS(P_INT(n->group_id), P_INT(n->kind), P_INT(n->actor_id), P_INT(n->post_id),
                   P_INT(n->now), P_INT(unacked_only), P_INT(skip)));
    if (!e && count)
        *count = sqlite3_changes(s->c->db);
    return e;
}
