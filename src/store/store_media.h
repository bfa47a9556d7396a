/* The storage interface of uploaded images (the SQLite backend is
 * store/sqlite_media.c): one row per image, naming its two files in the
 * media folder (core/media writes and removes the files). Like store.h it
 * holds no rules: core/media decides and core/perm judges who may see an
 * image. Strings in returned records come from the caller's arena. */
#ifndef STORE_STORE_MEDIA_H
#define STORE_STORE_MEDIA_H

#include "store/store.h"

struct media {
    int64_t id, uploader_id;
    int64_t post_id;  /* 0 until it is attached to a post */
    int64_t position; /* its place among its post's images, from 0 */
    const char *mime; /* image/jpeg, image/png or image/webp: sniffed, never the client's word */
    int64_t width, height, bytes;
    const char *file;   /* the cleaned image's name in the media folder */
    const char *sha256; /* hex SHA-256 of that file */
    const char *thumb_file;
    int64_t thumb_width, thumb_height, thumb_bytes;
    bool shows_students; /* the uploader says students can be recognised in it */
    const char *alt;     /* the text alternative; NULL when none */
    int64_t created_at, attached_at, removed_at; /* 0: not (yet) */
    int64_t review_id; /* held with a post waiting for a monitor (core/review), or 0 */
    /* Read for a viewer (store_media_get): while it is attached to a post
     * that is not deleted, the post's group as the viewer stands in it, for
     * core/perm; group.id is 0 otherwise. */
    struct group group;
};

/* Inserts m (unattached; id set) from its mime, sizes, files and created_at. */
enum store_err store_media_create(struct store *s, struct media *m);
/* An image that is not removed, with its post's group as viewer_id stands in it. */
enum store_err store_media_get(struct store *s, struct arena *a, int64_t id, int64_t viewer_id,
                               struct media *out);
/* How many images uploader_id has that are neither attached nor removed. */
enum store_err store_media_pending(struct store *s, int64_t uploader_id, int64_t *n);
/* Marks an unattached image removed; STORE_NOTFOUND when it is attached, removed or gone. */
enum store_err store_media_remove(struct store *s, int64_t id, int64_t now);
/* Attaches uploader_id's image id to post_id at position; STORE_NOTFOUND
 * unless the image is theirs and neither attached nor removed, nor held
 * with another review than review_id (0: none). */
enum store_err store_media_attach(struct store *s, int64_t id, int64_t uploader_id, int64_t post_id,
                                  int64_t position, int64_t review_id, int64_t now);
/* Sets the text alternative and whether students can be recognised in it,
 * while the image is its uploader's alone (NOTFOUND otherwise). */
enum store_err store_media_describe(struct store *s, int64_t id, int64_t uploader_id,
                                    const char *alt, bool shows_students);
/* Keeps an unattached image with a held post's review, at position
 * (NOTFOUND unless it is the uploader's and free); unhold lets them go. */
enum store_err store_media_hold(struct store *s, int64_t id, int64_t uploader_id, int64_t review_id,
                                int64_t position);
enum store_err store_media_unhold(struct store *s, int64_t review_id);
/* The images held with a review, in order. */
enum store_err store_media_of_review(struct store *s, struct arena *a, int64_t review_id,
                                     struct media **out, size_t *n);
/* The images of a post that are not removed, in their order. */
enum store_err store_media_of_post(struct store *s, struct arena *a, int64_t post_id,
                                   struct media **out, size_t *n);
/* The images of the posts post_ids[0..n_posts) that are not removed, in one
 * query: grouped by post (ascending post id), each post's in their order. */
enum store_err store_media_of_posts(struct store *s, struct arena *a, const int64_t *post_ids,
                                    size_t n_posts, struct media **out, size_t *n);

/* The files of a purged image. */
struct media_files {
    const char *file, *thumb_file;
};
/* Deletes at most limit unattached images, those removed and those created
 * before `before`, oldest first, and returns their files (*out NULL when
 * none) for the caller to remove once this transaction commits. */
enum store_err store_media_prune(struct store *s, struct arena *a, int64_t before, size_t limit,
                                 struct media_files **out, size_t *n);

#endif
