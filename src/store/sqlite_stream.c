/* The SQLite backend of the live streams' window on the event log
 * (store_stream.h): the statements are in sql_stream.h. */
#include "store/sqlite_int.h"
#include "store/store_stream.h"

static void read_stream_event(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct stream_event *x = elem;
    (void)a;
    x->e.id = col_i64(p, 0);
    x->e.kind = (int)col_i64(p, 1);
    x->e.group_id = col_i64(p, 2);
    x->e.post_id = col_i64(p, 3);
    x->e.comment_id = col_i64(p, 4);
    x->e.actor_id = col_i64(p, 5);
    x->e.user_id = col_i64(p, 6);
    x->e.notification_id = col_i64(p, 7);
    x->e.created_at = col_i64(p, 8);
    int64_t priv = col_i64(p, 9);
    x->privacy = priv >= 0 && priv < PRIVACY__MAX ? (enum privacy)priv : PRIVACY__MAX;
}

enum store_err store_stream_events(struct store *s, struct arena *a, int64_t after, size_t limit,
                                   struct stream_event **out, size_t *n)
{
    return get_rows(s, ST_STREAM_EVENTS, PARAMS(P_INT(after), P_INT((int64_t)limit)), a,
                    read_stream_event, sizeof **out, limit, (void **)out, n);
}

enum store_err store_stream_members(struct store *s, struct arena *a, int64_t group_id,
                                    int64_t **out, size_t *n)
{
    return get_rows(s, ST_STREAM_MEMBERS, PARAMS(P_INT(group_id)), a, read_i64, sizeof **out,
                    NO_LIMIT, (void **)out, n);
}
