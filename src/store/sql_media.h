/* The SQL of uploaded images (store/sqlite_media.c). Composed into the
 * statement table by sqlite_int.h. */
#ifndef STORE_SQL_MEDIA_H
#define STORE_SQL_MEDIA_H

#define MEDIA_COLS                                                                                 \
    "i.id, i.uploader_id, i.post_id, i.position, i.mime, i.width, i.height, i.bytes, i.file, "     \
    "i.sha256, i.thumb_file, i.thumb_width, i.thumb_height, i.thumb_bytes, i.shows_students, "     \
    "i.alt, i.created_at, i.attached_at, i.removed_at, i.review_id"

/* An image with, when it is attached to a live post, that post's group as
 * viewer ?2 stands in it (all NULL otherwise). */
#define MEDIA_VIEW_FROM                                                                            \
    "FROM images i LEFT JOIN posts p ON p.id = i.post_id AND p.deleted_at IS NULL "                \
    "LEFT JOIN groups g ON g.id = p.group_id "                                                     \
    "LEFT JOIN memberships gm ON gm.group_id = g.id AND gm.user_id = ?2 "

#define MEDIA_STATEMENTS(X)                                                                        \
    X(MEDIA_CREATE, "INSERT INTO images(uploader_id, mime, width, height, bytes, file, sha256, "   \
                    "thumb_file, thumb_width, thumb_height, thumb_bytes, created_at) "             \
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")                  \
    X(MEDIA_GET,                                                                                   \
      "SELECT " MEDIA_COLS ", g.id, g.privacy, g.archived_at, gm.state, gm.role " MEDIA_VIEW_FROM  \
      "WHERE i.id = ?1 AND i.removed_at IS NULL")                                                  \
    X(MEDIA_PENDING, "SELECT count(*) FROM images WHERE uploader_id = ?1 AND post_id IS NULL "     \
                     "AND removed_at IS NULL")                                                     \
    X(MEDIA_REMOVE, "UPDATE images SET removed_at = ?2 WHERE id = ?1 AND post_id IS NULL "         \
                    "AND review_id IS NULL AND removed_at IS NULL")                                \
    X(MEDIA_PRUNE, "DELETE FROM images WHERE id IN (SELECT id FROM images WHERE post_id IS NULL "  \
                   "AND review_id IS NULL AND (removed_at IS NOT NULL OR created_at < ?1) "        \
                   "ORDER BY created_at LIMIT ?2) "                                                \
                   "RETURNING file, thumb_file")                                                   \
    X(MEDIA_ATTACH, "UPDATE images SET post_id = ?3, position = ?4, attached_at = ?5, "            \
                    "review_id = NULL WHERE id = ?1 AND uploader_id = ?2 AND post_id IS NULL "     \
                    "AND removed_at IS NULL AND (review_id IS NULL OR review_id = ?6)")            \
    X(MEDIA_DESCRIBE, "UPDATE images SET alt = ?3, shows_students = ?4 WHERE id = ?1 "             \
                      "AND uploader_id = ?2 AND post_id IS NULL AND review_id IS NULL "            \
                      "AND removed_at IS NULL")                                                    \
    X(MEDIA_HOLD, "UPDATE images SET review_id = ?3, position = ?4 WHERE id = ?1 "                 \
                  "AND uploader_id = ?2 AND post_id IS NULL AND review_id IS NULL "                \
                  "AND removed_at IS NULL")                                                        \
    X(MEDIA_UNHOLD, "UPDATE images SET review_id = NULL WHERE review_id = ?1 AND post_id IS NULL") \
    X(MEDIA_OF_REVIEW, "SELECT " MEDIA_COLS ", NULL, NULL, NULL, NULL, NULL FROM images i "        \
                       "WHERE i.review_id = ?1 AND i.removed_at IS NULL ORDER BY i.position")      \
    X(MEDIA_OF_POST, "SELECT " MEDIA_COLS ", NULL, NULL, NULL, NULL, NULL FROM images i "          \
                     "WHERE i.post_id = ?1 AND i.removed_at IS NULL ORDER BY i.position, i.id")    \
    X(MEDIA_OF_POSTS, "SELECT " MEDIA_COLS ", NULL, NULL, NULL, NULL, NULL FROM images i "         \
                      "WHERE i.post_id IN (SELECT value FROM json_each(?1)) "                      \
                      "AND i.removed_at IS NULL ORDER BY i.post_id, i.position, i.id")

#endif
