/* Sniffing with libmagic and cleaning with libvips (what and why in
 * image.h). libmagic's handle is not thread-safe, so one handle serves
 * every thread under a mutex: a sniff reads at most SNIFF_BYTES. libvips
 * is thread-safe; its operation cache is off, so nothing of one person's
 * image outlives the call that processed it. */
#include "util/image.h"

#include <magic.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <vips/vips.h>

#include "util/log.h"

#define SNIFF_BYTES (64 * 1024)
#define JPEG_Q      85
#define WEBP_Q      82
#define PNG_LEVEL   6

static const struct {
    const char *mime, *ext;
    const char *loader; /* the libvips loader that must claim the bytes */
} types[IMAGE_TYPE__MAX] = {
    [IMAGE_JPEG] = {"image/jpeg", "jpg", "VipsForeignLoadJpegBuffer"},
    [IMAGE_PNG] = {"image/png", "png", "VipsForeignLoadPngBuffer"},
    [IMAGE_WEBP] = {"image/webp", "webp", "VipsForeignLoadWebpBuffer"},
};

static const char *const err_names[IMAGE_ERR__MAX] = {
    "ok", "unsupported", "invalid", "too big", "error",
};

static magic_t magic_cookie;
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static bool vips_started;

const char *image_err_str(enum image_err e)
{
    return (unsigned)e < IMAGE_ERR__MAX ? err_names[e] : "unknown";
}

const char *image_type_mime(enum image_type t)
{
    return t > IMAGE_UNKNOWN && t < IMAGE_TYPE__MAX ? types[t].mime : NULL;
}

const char *image_type_ext(enum image_type t)
{
    return t > IMAGE_UNKNOWN && t < IMAGE_TYPE__MAX ? types[t].ext : NULL;
}

/* libvips' warnings (a damaged file, a missing profile) go to our log
 * rather than raw onto standard error among the JSON lines. */
static void glib_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
    (void)data;
    if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
        log_warn("%s: %s", domain ? domain : "glib", msg);
    else
        log_debug("%s: %s", domain ? domain : "glib", msg);
}

int image_init(void)
{
    if (vips_started)
        return 0;
    magic_cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |
                              MAGIC_NO_CHECK_ELF | MAGIC_NO_CHECK_CDF | MAGIC_NO_CHECK_ENCODING);
    if (!magic_cookie || magic_load(magic_cookie, NULL) != 0) {
        log_error("libmagic: cannot load its database: %s",
                  magic_cookie ? magic_error(magic_cookie) : "out of memory");
        goto fail;
    }
    size_t bytes_max = SNIFF_BYTES;
    magic_setparam(magic_cookie, MAGIC_PARAM_BYTES_MAX, &bytes_max);
    if (VIPS_INIT("staffroom")) {
        log_error("libvips failed to start: %s", vips_error_buffer());
        goto fail;
    }
    vips_started = true;
    g_log_set_handler("VIPS", G_LOG_LEVEL_MASK, glib_log, NULL);
    vips_cache_set_max(0);
    vips_concurrency_set(1);
    vips_leak_set(FALSE);
    /* Only the three loaders we accept may ever run, whatever the bytes say. */
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    vips_operation_block_set("VipsForeignLoadJpeg", FALSE);
    vips_operation_block_set("VipsForeignLoadPng", FALSE);
    vips_operation_block_set("VipsForeignLoadWebp", FALSE);
    return 0;
fail:
    image_shutdown();
    return -1;
}

void image_shutdown(void)
{
    if (magic_cookie)
        magic_close(magic_cookie);
    magic_cookie = NULL;
    if (vips_started)
        vips_shutdown();
    vips_started = false;
}

enum image_type image_sniff(const void *bytes, size_t len)
{
    char mime[64] = "";
    if (!bytes || !len)
        return IMAGE_UNKNOWN;
    pthread_mutex_lock(&magic_lock);
    const char *m = magic_cookie ? magic_buffer(magic_cookie, bytes, len) : NULL;
    if (m)
        snprintf(mime, sizeof mime, "%s", m);
    pthread_mutex_unlock(&magic_lock);
    for (int t = IMAGE_UNKNOWN + 1; t < IMAGE_TYPE__MAX; t++)
        if (strcmp(mime, types[t].mime) == 0)
            return (enum image_type)t;
    return IMAGE_UNKNOWN;
}

/* Drops every metadata item of img (EXIF and its GPS block, XMP, IPTC,
 * the ICC profile, comments, text chunks, orientation, resolution...):
 * the savers strip too, this makes sure nothing is there to copy. */
static void drop_metadata(VipsImage *img)
{
    gchar **names = vips_image_get_fields(img);
    for (size_t i = 0; names && names[i]; i++)
        vips_image_remove(img, names[i]);
    g_strfreev(names);
}

/* ---- scrubbing what the encoder wrote ----
 *
 * The savers are told to strip, yet libvips 8.14's WebP saver writes an
 * EXIF chunk of its own making. So every encoded file passes one more
 * filter that keeps only what draws pixels, in place (a file only shrinks):
 * whatever a future libvips writes, no metadata block reaches the disk. */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* JPEG: drops APP1-APP15 (EXIF, XMP, ICC, Photoshop/IPTC...) and COM
 * segments before the first scan; the scan and what follows are kept as
 * they are (our JPEGs are baseline: one scan). */
static size_t scrub_jpeg(unsigned char *b, size_t n)
{
    size_t r = 2, w = 2;
    if (n < 4 || b[0] != 0xFF || b[1] != 0xD8)
        return 0;
    while (r + 4 <= n) {
        if (b[r] != 0xFF)
            return 0;
        unsigned m = b[r + 1];
        if (m == 0xFF) { /* fill byte */
            r++;
            continue;
        }
        if (m == 0xDA) { /* start of scan: the rest is image data */
            memmove(b + w, b + r, n - r);
            return w + (n - r);
        }
        size_t seg = 2 + ((size_t)b[r + 2] << 8 | b[r + 3]);
        if (seg < 4 || r + seg > n)
            return 0;
        bool drop = (m >= 0xE1 && m <= 0xEF) || m == 0xFE;
        if (!drop) {
            memmove(b + w, b + r, seg);
            w += seg;
        }
        r += seg;
    }
    return 0;
}

/* PNG: keeps the critical chunks and those ancillary ones that say how to
 * draw the pixels; drops text (tEXt, zTXt, iTXt, XMP), eXIf, iCCP, tIME
 * and anything unknown. */
static size_t scrub_png(unsigned char *b, size_t n)
{
    static const char *const keep[] = {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA",
                                       "cHRM", "sRGB", "pHYs", "sBIT", "bKGD"};
    size_t r = 8, w = 8;
    if (n < 8 || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0)
        return 0;
    while (r + 12 <= n) {
        size_t len = be32(b + r);
        if (len > n - r - 12)
            return 0;
        size_t chunk = 12 + len;
        bool kept = false;
        for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
            kept = kept || memcmp(b + r + 4, keep[i], 4) == 0;
        bool end = memcmp(b + r + 4, "IEND", 4) == 0;
        if (kept) {
            memmove(b + w, b + r, chunk);
            w += chunk;
        }
        r += chunk;
        if (end)
            return w;
    }
    return 0;
}

/* WebP: keeps the image chunks (VP8X, VP8, VP8L, ALPH, ANIM, ANMF), drops
 * EXIF, XMP, ICCP and unknown ones, clears VP8X's flags for what was
 * dropped and sets the RIFF size again. */
static size_t scrub_webp(unsigned char *b, size_t n)
{
    static const char *const keep[] = {"VP8X", "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF"};
    size_t r = 12, w = 12;
    if (n < 20 || memcmp(b, "RIFF", 4) != 0 || memcmp(b + 8, "WEBP", 4) != 0 ||
        le32(b + 4) != n - 8)
        return 0;
    while (r + 8 <= n) {
        size_t len = le32(b + r + 4);
        if (len > n - r - 8)
            return 0;
        size_t chunk = 8 + len + (len & 1);
        if (chunk > n - r)
            return 0;
        bool kept = false;
        for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
            kept = kept || memcmp(b + r, keep[i], 4) == 0;
        if (kept) {
            memmove(b + w, b + r, chunk);
            if (memcmp(b + w, "VP8X", 4) == 0 && len >= 1)
                b[w + 8] &= (unsigned char)~(0x20 | 0x08 | 0x04); /* ICC, EXIF, XMP */
            w += chunk;
        }
        r += chunk;
    }
    if (r != n)
        return 0;
    uint32_t size = (uint32_t)(w - 8);
    b[4] = (unsigned char)size;
    b[5] = (unsigned char)(size >> 8);
    b[6] = (unsigned char)(size >> 16);
    b[7] = (unsigned char)(size >> 24);
    return w;
}

/* Encodes img as type t into *buf (g_malloc'd), scrubbed. 0 on success. */
static int save(VipsImage *img, enum image_type t, void **buf, size_t *len)
{
    int rc = -1;
    switch (t) {
    case IMAGE_JPEG:
        rc = vips_jpegsave_buffer(img, buf, len, "Q", JPEG_Q, "strip", TRUE, "optimize_coding",
                                  TRUE, "interlace", FALSE, NULL);
        break;
    case IMAGE_PNG:
        rc = vips_pngsave_buffer(img, buf, len, "compression", PNG_LEVEL, "strip", TRUE, NULL);
        break;
    case IMAGE_WEBP:
        rc = vips_webpsave_buffer(img, buf, len, "Q", WEBP_Q, "strip", TRUE, NULL);
        break;
    default:
        break;
    }
    if (rc)
        return -1;
    size_t (*scrub)(unsigned char *, size_t) = t == IMAGE_JPEG  ? scrub_jpeg
                                               : t == IMAGE_PNG ? scrub_png
                                                                : scrub_webp;
    size_t n = scrub(*buf, *len);
    if (!n) {
        log_error("image: the encoder's %s output does not parse", types[t].ext);
        g_free(*buf);
        *buf = NULL;
        return -1;
    }
    *len = n;
    return 0;
}

/* Logs and clears libvips' error message (shared by every thread). */
static void vips_failed(const char *what)
{
    log_info("image: %s: %s", what, vips_error_buffer());
    vips_error_clear();
}

/* Checks the header only: nothing is decoded yet. */
static enum image_err check_header(const void *bytes, size_t len, enum image_type t,
                                   const struct image_limits *lim)
{
    const char *loader = vips_foreign_find_load_buffer(bytes, len);
    if (!loader || strcmp(loader, types[t].loader) != 0) {
        vips_error_clear();
        return IMAGE_INVALID;
    }
    VipsImage *head = vips_image_new_from_buffer(bytes, len, "", "access", VIPS_ACCESS_SEQUENTIAL,
                                                 "fail_on", VIPS_FAIL_ON_ERROR, NULL);
    if (!head) {
        vips_failed("cannot read the header");
        return IMAGE_INVALID;
    }
    uint64_t w = (uint64_t)vips_image_get_width(head), h = (uint64_t)vips_image_get_height(head);
    g_object_unref(head);
    uint64_t max_pixels = lim->max_pixels ? lim->max_pixels : IMAGE_MAX_PIXELS;
    uint64_t max_side = (uint64_t)(lim->max_side > 0 ? lim->max_side : IMAGE_MAX_SIDE);
    if (w == 0 || h == 0)
        return IMAGE_INVALID;
    if (w > max_side || h > max_side || w * h > max_pixels)
        return IMAGE_TOO_BIG;
    return IMAGE_OK;
}

enum image_err image_process(const void *bytes, size_t len, const struct image_limits *lim,
                             struct image_out *out)
{
    static const struct image_limits defaults;
    VipsImage *full = NULL, *clean = NULL, *thumb = NULL;
    enum image_err rc;
    memset(out, 0, sizeof *out);
    if (!lim)
        lim = &defaults;
    enum image_type t = image_sniff(bytes, len);
    if (t == IMAGE_UNKNOWN)
        return IMAGE_UNSUPPORTED;
    if (!vips_started)
        return IMAGE_ERROR;
    if ((rc = check_header(bytes, len, t, lim)))
        return rc;
    int store = lim->store_side > 0 ? lim->store_side : IMAGE_STORE_SIDE;
    int side = lim->thumb_side > 0 ? lim->thumb_side : IMAGE_THUMB_SIDE;
    /* thumbnail_buffer reads sequentially, turns the image upright and,
     * when it has a profile, converts it to sRGB; it scales only down. Its
     * own fail_on does not reach the PNG loader in 8.14: the loader's
     * option string does. */
    if (vips_thumbnail_buffer((void *)bytes, len, &full, store, "height", store, "size",
                              VIPS_SIZE_DOWN, "export_profile", "srgb", "fail_on",
                              VIPS_FAIL_ON_ERROR, "option_string", "fail_on=error", NULL)) {
        vips_failed("cannot decode");
        rc = IMAGE_INVALID;
        goto fail;
    }
    if (!(clean = vips_image_copy_memory(full))) {
        vips_failed("cannot decode");
        rc = IMAGE_INVALID;
        goto fail;
    }
    drop_metadata(clean);
    rc = IMAGE_ERROR;
    if (save(clean, t, &out->data, &out->len)) {
        vips_failed("cannot encode the image");
        goto fail;
    }
    if (vips_thumbnail_image(clean, &thumb, side, "height", side, "size", VIPS_SIZE_DOWN, NULL)) {
        vips_failed("cannot make a thumbnail");
        goto fail;
    }
    drop_metadata(thumb);
    if (save(thumb, t, &out->thumb, &out->thumb_len)) {
        vips_failed("cannot encode the thumbnail");
        goto fail;
    }
    out->type = t;
    out->width = vips_image_get_width(clean);
    out->height = vips_image_get_height(clean);
    out->thumb_width = vips_image_get_width(thumb);
    out->thumb_height = vips_image_get_height(thumb);
    rc = IMAGE_OK;
fail:
    if (thumb)
        g_object_unref(thumb);
    if (clean)
        g_object_unref(clean);
    if (full)
        g_object_unref(full);
    if (rc)
        image_out_free(out);
    return rc;
}

void image_out_free(struct image_out *out)
{
    g_free(out->data);
    g_free(out->thumb);
    memset(out, 0, sizeof *out);
}
