/* The SQLite backend of store_media.h: uploaded images. Statements are in
 * sql_media.h. */
#include "store/sqlite_int.h"
#include "store/store_media.h"

/* MEDIA_COLS, then the post's group: id, privacy, archived_at, and the
 * viewer's membership state and role (NULL when not attached). */
static void read_media(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct media *m = elem;
    m->id = col_i64(p, 0);
    m->uploader_id = col_i64(p, 1);
    m->post_id = col_i64(p, 2);
    m->position = col_i64(p, 3);
    m->mime = col_text0(p, 4, a);
    m->width = col_i64(p, 5);
    m->height = col_i64(p, 6);
    m->bytes = col_i64(p, 7);
    m->file = col_text0(p, 8, a);
    m->sha256 = col_text0(p, 9, a);
    m->thumb_file = col_text0(p, 10, a);
    m->thumb_width = col_i64(p, 11);
    m->thumb_height = col_i64(p, 12);
    m->thumb_bytes = col_i64(p, 13);
    m->shows_students = col_i64(p, 14) != 0;
    m->alt = col_text(p, 15, a);
    m->created_at = col_i64(p, 16);
    m->attached_at = col_i64(p, 17);
    m->removed_at = col_i64(p, 18);
    m->review_id = col_i64(p, 19);
    m->group = (struct group){
        .id = col_i64(p, 20),
        .privacy = (enum privacy)col_i64(p, 21),
        .archived_at = col_i64(p, 22),
        .viewer_state = (enum member_state)col_i64(p, 23),
        .viewer_role = (enum group_role)col_i64(p, 24),
    };
}

static void read_media_files(sqlite3_stmt *p, struct arena *a, void *elem)
{
    struct media_files *f = elem;
    f->file = col_text0(p, 0, a);
    f->thumb_file = col_text0(p, 1, a);
}

enum store_err store_media_create(struct store *s, struct media *m)
{
    return run_insert(s, ST_MEDIA_CREATE,
                      PARAMS(P_INT(m->uploader_id), P_TEXT(m->mime), P_INT(m->width),
                             P_INT(m->height), P_INT(m->bytes), P_TEXT(m->file), P_TEXT(m->sha256),
                             P_TEXT(m->thumb_file), P_INT(m->thumb_width), P_INT(m->thumb_height),
                             P_INT(m->thumb_bytes), P_INT(m->created_at)),
                      &m->id);
}

enum store_err store_media_get(struct store *s, struct arena *a, int64_t id, int64_t viewer_id,
                               struct media *out)
{
    return get_row(s, ST_MEDIA_GET, PARAMS(P_INT(id), P_INT(viewer_id)), a, read_media, out);
}

enum store_err store_media_pending(struct store *s, int64_t uploader_id, int64_t *n)
{
    return get_row(s, ST_MEDIA_PENDING, PARAMS(P_INT(uploader_id)), NULL, read_i64, n);
}

enum store_err store_media_remove(struct store *s, int64_t id, int64_t now)
{
    return run_changed(s, ST_MEDIA_REMOVE, PARAMS(P_INT(id), P_INT(now)));
}

enum store_err store_media_attach(struct store *s, int64_t id, int64_t uploader_id, int64_t post_id,
                                  int64_t position, int64_t review_id, int64_t now)
{
    return run_changed(s, ST_MEDIA_ATTACH,
                       PARAMS(P_INT(id), P_INT(uploader_id), P_INT(post_id), P_INT(position),
                              P_INT(now), P_INT(review_id)));
}

enum store_err store_media_describe(struct store *s, int64_t id, int64_t uploader_id,
                                    const char *alt, bool shows_students)
{
    return run_changed(s, ST_MEDIA_DESCRIBE,
                       PARAMS(P_INT(id), P_INT(uploader_id), P_TEXT(alt), P_INT(shows_students)));
}

enum store_err store_media_hold(struct store *s, int64_t id, int64_t uploader_id, int64_t review_id,
                                int64_t position)
{
    return run_changed(s, ST_MEDIA_HOLD,
                       PARAMS(P_INT(id), P_INT(uploader_id), P_INT(review_id), P_INT(position)));
}

enum store_err store_media_unhold(struct store *s, int64_t review_id)
{
    return run(s, ST_MEDIA_UNHOLD, PARAMS(P_INT(review_id)));
}

enum store_err store_media_of_review(struct store *s, struct arena *a, int64_t review_id,
                                     struct media **out, size_t *n)
{
    return get_rows(s, ST_MEDIA_OF_REVIEW, PARAMS(P_INT(review_id)), a, read_media, sizeof **out,
                    NO_LIMIT, (void **)out, n);
}

enum store_err store_media_of_post(struct store *s, struct arena *a, int64_t post_id,
                                   struct media **out, size_t *n)
{
    return get_rows(s, ST_MEDIA_OF_POST, PARAMS(P_INT(post_id)), a, read_media, sizeof **out,
                    NO_LIMIT, (void **)out, n);
}

enum store_err store_media_of_posts(struct store *s, struct arena *a, const int64_t *post_ids,
                                    size_t n_posts, struct media **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!n_posts)
        return STORE_OK;
    const char *ids = ids_json(a, post_ids, n_posts);
    if (!ids)
        return STORE_ENOMEM;
    return get_rows(s, ST_MEDIA_OF_POSTS, PARAMS(P_TEXT(ids)), a, read_media, sizeof **out,
                    NO_LIMIT, (void **)out, n);
}

enum store_err store_media_prune(struct store *s, struct arena *a, int64_t before, size_t limit,
                                 struct media_files **out, size_t *n)
{
    return get_rows(s, ST_MEDIA_PRUNE, PARAMS(P_INT(before), P_INT((int64_t)limit)), a,
                    read_media_files, sizeof **out, NO_LIMIT, (void **)out, n);
}
