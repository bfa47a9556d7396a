/* Images people upload for their posts. An upload is sniffed, checked,
 * cleaned of every metadata block and thumbnailed by util/image, its two
 * files written to the media folder (data_dir/media) under random names,
 * and a row recorded (store/store_media.h). Until it is attached to a post
 * an image is its uploader's alone; attached, it is for whoever may read
 * the post (core/perm's perm_media decides, and everyone else gets
 * NOTFOUND, as if it did not exist).
 *
 * Refusals, each with a stable code:
 *   image_too_large    INVALID  more bytes than image_max_bytes (413 at the API)
 *   unsupported_image  INVALID  not a JPEG, PNG or WebP by its content,
 *                               whatever the client called it (415 at the API)
 *   invalid_image      INVALID  empty, truncated or undecodable
 *   image_dimensions   INVALID  more than 40 megapixels or a side over 16384
 *   too_many_uploads   THROTTLED more than uploads_per_min uploads (tried)
 *                               by one person in a minute
 *   too_many_pending_images CONFLICT MEDIA_MAX_PENDING unattached images
 *   image_attached     CONFLICT deleting an image that is in a post
 *
 * Purging: an image never attached within MEDIA_PENDING_MS of its upload,
 * or removed by its uploader before that, is deleted with its files by
 * media_prune, which the job worker runs with its own prune (core/jobs).
 * A crash between writing the files and recording the row leaves two
 * files no row names: rare, harmless, and not swept. */
#ifndef CORE_MEDIA_H
#define CORE_MEDIA_H

#include "core/core.h"
#include "store/store_media.h"

#define MEDIA_MAX_BYTES_DEFAULT (10u * 1024 * 1024)
#define MEDIA_UPLOADS_PER_MIN   60
#define MEDIA_MAX_PENDING       100
#define MEDIA_MAX_PER_POST      10
#define MEDIA_PENDING_MS        (24LL * 3600 * 1000)
#define MEDIA_ALT_MAX           1000 /* characters of a text alternative (a caption) */
#define MEDIA_CONCURRENT        2    /* images decoded at once in the process */

struct media_config {
    const char *dir;          /* the media folder, created when missing */
    size_t max_bytes;         /* 0: MEDIA_MAX_BYTES_DEFAULT */
    unsigned uploads_per_min; /* per person; 0: MEDIA_UPLOADS_PER_MIN */
};

/* Opens the media folder; util/image must be started (image_init). 0, or
 * -1 (logged). Until then every upload and read answers UNAVAILABLE. */
int media_start(const struct media_config *c);
void media_stop(void);
size_t media_max_bytes(void);

/* Uploads bytes as the viewer's new, unattached image. Strings in out come
 * from a. */
enum core_err media_upload(struct store *s, struct arena *a, const struct viewer *v,
                           const void *bytes, size_t len, struct media *out, struct fail *f);
/* Fills f with image_too_large (for a body the server stopped reading). */
enum core_err media_too_large(struct fail *f);
/* An image the viewer may see; NOTFOUND otherwise. */
enum core_err media_get(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                        struct media *out, struct fail *f);
/* Opens m's file (its thumbnail's with thumb) for sending: *fd is the
 * caller's to close (http_respond_fd does). */
enum core_err media_open(const struct media *m, bool thumb, int *fd, uint64_t *size,
                         struct fail *f);
/* Deletes the viewer's unattached image: it is marked removed and its files
 * are removed at once; the row goes with the next prune. */
enum core_err media_delete(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                           struct fail *f);

/* ---- for posts (phase 2) ---- */

/* Attaches the viewer's images ids[0..n) to post_id, in that order, inside
 * the caller's write transaction (the one that writes the post). INVALID
 * unknown_image (field image_ids) when one is not the viewer's unattached
 * image; INVALID too_many_images over MEDIA_MAX_PER_POST. */
enum core_err media_attach(struct store *s, const struct viewer *v, int64_t post_id,
                           const int64_t *ids, size_t n, struct fail *f);
/* The viewer's images ids[0..n) that a new post may carry (*out in a, in
 * that order): each theirs, not in a post, not held with another. INVALID
 * unknown_image, duplicate_image or too_many_images (field image_ids). */
enum core_err media_for_post(struct store *s, struct arena *a, const struct viewer *v,
                             const int64_t *ids, size_t n, struct media **out, struct fail *f);
/* Sets an image's text alternative (its caption; "" removes it) and
 * whether students can be recognised in it (NULL: unchanged), while it is
 * its uploader's alone (CONFLICT image_attached once posted or held). */
enum core_err media_describe(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                             const char *alt, const bool *shows_students, struct media *out,
                             struct fail *f);
/* Inside the write that holds a post for review (core/review): keeps its
 * images with the review (monitors may see them; the purge leaves them). */
enum core_err media_hold(struct store *s, const struct viewer *v, int64_t review_id,
                         const struct media *imgs, size_t n, struct fail *f);
/* Inside the write that releases the review: attaches its images to the
 * post now published, in their order. */
enum core_err media_release_held(struct store *s, struct arena *a, int64_t author_id,
                                 int64_t review_id, int64_t post_id, struct fail *f);
/* The images held with a review, in order (the caller decided who sees). */
enum core_err media_of_review(struct store *s, struct arena *a, int64_t review_id,
                              struct media **out, size_t *n, struct fail *f);
/* The images of a post, in order. The caller has decided that the viewer
 * may read the post. */
enum core_err media_of_post(struct store *s, struct arena *a, int64_t post_id, struct media **out,
                            size_t *n, struct fail *f);

/* Purges at most limit images that were never attached (see above), in its
 * own write transaction, then removes their files. */
enum store_err media_prune(struct store *s, int64_t now, size_t limit);

#endif
