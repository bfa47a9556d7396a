/* Uploaded images (the rules in words are in media.h). The media folder and
 * the limits are process-wide, set once by media_start before the server's
 * threads start; the upload counters and the decoding gate are guarded by
 * their mutex. */
#include "core/media.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/perm.h"
#include "util/filestore.h"
#include "util/image.h"
#include "util/log.h"
#include "util/minute_limit.h"
#include "util/secret.h"

static struct {
    struct filestore *fs;
    size_t max_bytes;
    unsigned per_min;
    char too_large[64]; /* the detail of image_too_large */
} cfg = {.too_large = "The image is too large."};

static struct minute_limit uploads = MINUTE_LIMIT_INIT;

int media_start(const struct media_config *c)
{
    media_stop();
    minute_limit_reset(&uploads);
    cfg.fs = filestore_open(c->dir);
    if (!cfg.fs)
        return -1;
    cfg.max_bytes = c->max_bytes ? c->max_bytes : MEDIA_MAX_BYTES_DEFAULT;
    cfg.per_min = c->uploads_per_min ? c->uploads_per_min : MEDIA_UPLOADS_PER_MIN;
    snprintf(cfg.too_large, sizeof cfg.too_large, "An image can be at most %.3g MiB.",
             (double)cfg.max_bytes / (1024 * 1024));
    return 0;
}

void media_stop(void)
{
    filestore_close(cfg.fs);
    cfg.fs = NULL;
}

size_t media_max_bytes(void)
{
    return cfg.max_bytes ? cfg.max_bytes : MEDIA_MAX_BYTES_DEFAULT;
}

static enum core_err unavailable(struct fail *f)
{
    return core_fail(f, CORE_UNAVAILABLE, "media_unavailable",
                     "Images cannot be stored or read right now.", NULL);
}

enum core_err media_too_large(struct fail *f)
{
    return core_fail(f, CORE_INVALID, "image_too_large", cfg.too_large, NULL);
}

/* ---- bounds: uploads per person per minute, images decoded at once ---- */

/* Counts one upload for user at now; false (and *retry_s) past the limit,
 * a guard rail: the quota is MEDIA_MAX_PENDING. */
static bool take_upload(int64_t user, int64_t now, int64_t *retry_s)
{
    return minute_limit_take(&uploads, user, now, cfg.per_min, NULL, retry_s);
}

/* Decoding a large image takes tens of megabytes: at most MEDIA_CONCURRENT
 * at once, whatever the number of server threads; the others wait. */
static pthread_mutex_t gate_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_free = PTHREAD_COND_INITIALIZER;
static unsigned gate_busy;

static enum image_err process(const void *bytes, size_t len, struct image_out *out)
{
    pthread_mutex_lock(&gate_lock);
    while (gate_busy >= MEDIA_CONCURRENT)
        pthread_cond_wait(&gate_free, &gate_lock);
    gate_busy++;
    pthread_mutex_unlock(&gate_lock);
    enum image_err e = image_process(bytes, len, NULL, out);
    pthread_mutex_lock(&gate_lock);
    gate_busy--;
    pthread_cond_signal(&gate_free);
    pthread_mutex_unlock(&gate_lock);
    return e;
}

static enum core_err image_fail(enum image_err e, struct fail *f)
{
    switch (e) {
    case IMAGE_UNSUPPORTED:
        return core_fail(f, CORE_INVALID, "unsupported_image", "Upload a JPEG, PNG or WebP image.",
                         NULL);
    case IMAGE_INVALID:
        return core_fail(f, CORE_INVALID, "invalid_image",
                         "This image is damaged or incomplete and cannot be read.", NULL);
    case IMAGE_TOO_BIG:
        return core_fail(f, CORE_INVALID, "image_dimensions",
                         "An image can have at most 40 megapixels and 16384 pixels a side.", NULL);
    default:
        return core_fail(f, CORE_ERROR, "image_failed", "The image could not be processed.", NULL);
    }
}

/* ---- uploading ---- */

/* Writes the two files of img into m (names from a); removes what it wrote
 * when it fails. */
static enum core_err put_files(struct arena *a, const struct image_out *img, struct media *m,
                               struct fail *f)
{
    char name[FILESTORE_NAME_MAX], thumb[FILESTORE_NAME_MAX];
    const char *ext = image_type_ext(img->type);
    if (filestore_put(cfg.fs, img->data, img->len, ext, name))
        return unavailable(f);
    if (filestore_put(cfg.fs, img->thumb, img->thumb_len, ext, thumb)) {
        filestore_remove(cfg.fs, name);
        return unavailable(f);
    }
    m->file = arena_strdup(a, name);
    m->thumb_file = arena_strdup(a, thumb);
    if (!m->file || !m->thumb_file) {
        filestore_remove(cfg.fs, name);
        filestore_remove(cfg.fs, thumb);
        return core_store_fail(f, STORE_ENOMEM);
    }
    return CORE_OK;
}

static void remove_files(const char *file, const char *thumb)
{
    if (file)
        filestore_remove(cfg.fs, file);
    if (thumb)
        filestore_remove(cfg.fs, thumb);
}

enum core_err media_upload(struct store *s, struct arena *a, const struct viewer *v,
                           const void *bytes, size_t len, struct media *out, struct fail *f)
{
    if (!cfg.fs)
        return unavailable(f);
    if (len == 0)
        return core_fail(f, CORE_INVALID, "invalid_image",
                         "Send the image itself as the request body.", NULL);
    if (len > media_max_bytes())
        return media_too_large(f);
    int64_t now = core_now_ms(), retry, pending = 0;
    if (!take_upload(v->id, now, &retry)) {
        core_fail(f, CORE_THROTTLED, "too_many_uploads",
                  "Too many images in a minute. Wait a moment and try again.", NULL);
        f->retry_after_s = retry;
        return f->err;
    }
    enum store_err e = store_media_pending(s, v->id, &pending);
    if (e)
        return core_store_fail(f, e);
    if (pending >= MEDIA_MAX_PENDING)
        return core_fail(f, CORE_CONFLICT, "too_many_pending_images",
                         "You have many images that are in no post yet. Post or delete some "
                         "first.",
                         NULL);

    struct image_out img;
    enum image_err ie = process(bytes, len, &img);
    if (ie)
        return image_fail(ie, f);
    char sha[SECRET_DIGEST_LEN + 1];
    secret_token_digest(img.data, img.len, sha);
    *out = (struct media){
        .uploader_id = v->id,
        .mime = image_type_mime(img.type),
        .width = img.width,
        .height = img.height,
        .bytes = (int64_t)img.len,
        .sha256 = arena_strdup(a, sha),
        .thumb_width = img.thumb_width,
        .thumb_height = img.thumb_height,
        .thumb_bytes = (int64_t)img.thumb_len,
        .created_at = now,
    };
    enum core_err rc = out->sha256 ? put_files(a, &img, out, f) : core_store_fail(f, STORE_ENOMEM);
    image_out_free(&img);
    if (rc)
        return rc;
    e = store_begin_write(s);
    if (e) {
        remove_files(out->file, out->thumb_file);
        return core_store_fail(f, e);
    }
    rc = core_store_fail(f, store_media_create(s, out));
    rc = core_finish(s, rc, f);
    if (rc) {
        remove_files(out->file, out->thumb_file);
        return rc;
    }
    log_info("image %lld uploaded by user %lld: %s %lldx%lld, %lld bytes", (long long)out->id,
             (long long)v->id, out->mime, (long long)out->width, (long long)out->height,
             (long long)out->bytes);
    return CORE_OK;
}

/* ---- reading and deleting ---- */

enum core_err media_get(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                        struct media *out, struct fail *f)
{
    enum store_err e = store_media_get(s, a, id, v->id, out);
    if (e)
        return core_store_fail(f, e);
    if (!perm_media(v, out, out->group.id ? &out->group : NULL))
        return core_not_found(f);
    return CORE_OK;
}

enum core_err media_open(const struct media *m, bool thumb, int *fd, uint64_t *size, struct fail *f)
{
    if (!cfg.fs)
        return unavailable(f);
    const char *name = thumb ? m->thumb_file : m->file;
    *fd = filestore_open_file(cfg.fs, name, size);
    if (*fd < 0) {
        log_error("image %lld: its file %s cannot be opened", (long long)m->id, name);
        return core_fail(f, CORE_ERROR, "image_missing", "The image's file is missing.", NULL);
    }
    return CORE_OK;
}

enum core_err media_delete(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                           struct fail *f)
{
    if (!cfg.fs)
        return unavailable(f);
    struct media m;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = media_get(s, a, v, id, &m, f);
    if (!rc && m.post_id)
        rc = core_fail(f, CORE_CONFLICT, "image_attached",
                       "This image is in a post: delete the post instead.", NULL);
    if (!rc && m.uploader_id != v->id) /* a monitor looking at a held one */
        rc = core_fail(f, CORE_FORBIDDEN, "not_uploader", "Only its uploader can delete an image.",
                       NULL);
    if (!rc && m.review_id)
        rc = core_fail(f, CORE_CONFLICT, "image_held",
                       "This image waits with a post for a monitor's review: withdraw the post "
                       "first.",
                       NULL);
    if (!rc)
        rc = core_store_fail(f, store_media_remove(s, id, core_now_ms()));
    rc = core_finish(s, rc, f);
    if (!rc)
        remove_files(m.file, m.thumb_file);
    return rc;
}

/* ---- posts ---- */

enum core_err media_attach(struct store *s, const struct viewer *v, int64_t post_id,
                           const int64_t *ids, size_t n, struct fail *f)
{
    if (n > MEDIA_MAX_PER_POST)
        return core_fail(f, CORE_INVALID, "too_many_images", "A post can have at most 10 images.",
                         "image_ids");
    int64_t now = core_now_ms();
    for (size_t i = 0; i < n; i++) {
        enum store_err e = store_media_attach(s, ids[i], v->id, post_id, (int64_t)i, 0, now);
        if (e == STORE_NOTFOUND)
            return core_fail(f, CORE_INVALID, "unknown_image",
                             "One of the images is not yours to add, or is in a post already.",
                             "image_ids");
        if (e)
            return core_store_fail(f, e);
    }
    return CORE_OK;
}

/* ---- describing, holding, releasing ---- */

static enum core_err unknown_image(struct fail *f)
{
    return core_fail(f, CORE_INVALID, "unknown_image",
                     "One of the images is not yours to add, or is in a post already.",
                     "image_ids");
}

enum core_err media_for_post(struct store *s, struct arena *a, const struct viewer *v,
                             const int64_t *ids, size_t n, struct media **out, struct fail *f)
{
    *out = NULL;
    if (n > MEDIA_MAX_PER_POST)
        return core_fail(f, CORE_INVALID, "too_many_images", "A post can have at most 10 images.",
                         "image_ids");
    if (!n)
        return CORE_OK;
    *out = arena_alloc(a, n * sizeof **out);
    if (!*out)
        return core_fail(f, CORE_UNAVAILABLE, "no_memory", "The server is out of memory.", NULL);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < i; j++)
            if (ids[j] == ids[i])
                return core_fail(f, CORE_INVALID, "duplicate_image",
                                 "The same image is listed twice.", "image_ids");
        struct fail ignore = {0};
        struct media *m = &(*out)[i];
        if (media_get(s, a, v, ids[i], m, &ignore))
            return ignore.err == CORE_NOTFOUND ? unknown_image(f) : (*f = ignore, f->err);
        if (m->uploader_id != v->id || m->post_id || m->review_id)
            return unknown_image(f);
    }
    return CORE_OK;
}

enum core_err media_describe(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                             const char *alt, const bool *shows_students, struct media *out,
                             struct fail *f)
{
    if (alt && *alt && core_check_text(alt, MEDIA_ALT_MAX, false, "alt", f))
        return f->err;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = media_get(s, a, v, id, out, f);
    if (!rc && (out->uploader_id != v->id || out->post_id || out->review_id))
        rc = core_fail(f, CORE_CONFLICT, "image_attached",
                       "This image is in a post already: edit the post instead.", NULL);
    if (!rc) {
        const char *now_alt = alt ? (*alt ? alt : NULL) : out->alt;
        bool now_shows = shows_students ? *shows_students : out->shows_students;
        e = store_media_describe(s, id, v->id, now_alt, now_shows);
        rc = core_store_fail(f, e);
    }
    rc = core_finish(s, rc, f);
    return rc ? rc : media_get(s, a, v, id, out, f);
}

enum core_err media_hold(struct store *s, const struct viewer *v, int64_t review_id,
                         const struct media *imgs, size_t n, struct fail *f)
{
    for (size_t i = 0; i < n; i++) {
        enum store_err e = store_media_hold(s, imgs[i].id, v->id, review_id, (int64_t)i);
        if (e == STORE_NOTFOUND)
            return unknown_image(f);
        if (e)
            return core_store_fail(f, e);
    }
    return CORE_OK;
}

enum core_err media_release_held(struct store *s, struct arena *a, int64_t author_id,
                                 int64_t review_id, int64_t post_id, struct fail *f)
{
    struct media *imgs;
    size_t n;
    enum store_err e = store_media_of_review(s, a, review_id, &imgs, &n);
    int64_t now = core_now_ms();
    for (size_t i = 0; !e && i < n; i++)
        e = store_media_attach(s, imgs[i].id, author_id, post_id, imgs[i].position, review_id, now);
    return core_store_fail(f, e);
}

enum core_err media_of_review(struct store *s, struct arena *a, int64_t review_id,
                              struct media **out, size_t *n, struct fail *f)
{
    return core_store_fail(f, store_media_of_review(s, a, review_id, out, n));
}

enum core_err media_of_post(struct store *s, struct arena *a, int64_t post_id, struct media **out,
                            size_t *n, struct fail *f)
{
    return core_store_fail(f, store_media_of_post(s, a, post_id, out, n));
}

/* ---- purging ---- */

enum store_err media_prune(struct store *s, int64_t now, size_t limit)
{
    if (!cfg.fs)
        return STORE_OK;
    struct arena a;
    arena_init(&a, 0);
    struct media_files *files = NULL;
    size_t n = 0;
    enum store_err e = store_begin_write(s);
    if (!e) {
        e = store_media_prune(s, &a, now - MEDIA_PENDING_MS, limit, &files, &n);
        if (e)
            store_rollback(s);
        else
            e = store_commit(s);
    }
    for (size_t i = 0; !e && i < n; i++)
        remove_files(files[i].file, files[i].thumb_file);
    if (!e && n)
        log_info("purged %zu images that were never posted", n);
    filestore_sweep(cfg.fs, 3600);
    arena_free(&a);
    return e;
}
