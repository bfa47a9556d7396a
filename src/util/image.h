/* Images that people upload, checked and cleaned: the type is sniffed from
 * the bytes (libmagic), never taken from the client; the image is decoded
 * (libvips, only its JPEG, PNG and WebP loaders), refused when it is
 * broken or too big to decode safely, turned upright (EXIF orientation),
 * converted to sRGB, and encoded again without a single metadata block: no
 * EXIF (so no GPS), XMP, IPTC, ICC profile, comment or text chunk survives.
 * A thumbnail is made from the cleaned image. This is pure processing: it
 * stores nothing and knows no person.
 *
 * Choices: the cleaned image keeps its type (JPEG quality 85 baseline,
 * lossy WebP quality 82, PNG) and so does its thumbnail; an animated WebP
 * or PNG keeps its first frame only; an image larger than the storage box
 * (IMAGE_STORE_SIDE) is scaled down to fit it, never up. Safe to call from
 * several threads at once once image_init() has run. */
#ifndef UTIL_IMAGE_H
#define UTIL_IMAGE_H

#include <stddef.h>
#include <stdint.h>

enum image_type { IMAGE_UNKNOWN, IMAGE_JPEG, IMAGE_PNG, IMAGE_WEBP, IMAGE_TYPE__MAX };

enum image_err {
    IMAGE_OK = 0,
    IMAGE_UNSUPPORTED, /* not a JPEG, PNG or WebP by its content */
    IMAGE_INVALID,     /* it claims to be one but cannot be decoded */
    IMAGE_TOO_BIG,     /* more pixels, or a longer side, than the limits allow */
    IMAGE_ERROR,       /* libvips failed to encode: logged */
    IMAGE_ERR__MAX
};

#define IMAGE_MAX_PIXELS 40000000 /* 40 megapixels: a decompression bomb stops here */
#define IMAGE_MAX_SIDE   16384
#define IMAGE_STORE_SIDE 4096 /* the cleaned image fits a box this big */
#define IMAGE_THUMB_SIDE 480

/* 0 in any member means the default above. */
struct image_limits {
    uint64_t max_pixels; /* width x height, upright */
    int max_side;        /* the longer side */
    int store_side;
    int thumb_side;
};

/* What image_process made. data and thumb belong to the caller: free them
 * with image_out_free(). */
struct image_out {
    enum image_type type;
    int width, height;
    void *data;
    size_t len;
    int thumb_width, thumb_height;
    void *thumb;
    size_t thumb_len;
};

/* Starts libvips (no operation cache, one worker thread per image, every
 * loader but JPEG, PNG and WebP blocked) and loads libmagic's database.
 * Call once, before any thread uses this module. 0 on success. */
int image_init(void);
/* Ends both; call once, after every thread has stopped using them. */
void image_shutdown(void);

const char *image_err_str(enum image_err e);
/* "image/jpeg", "image/png", "image/webp"; NULL for IMAGE_UNKNOWN. */
const char *image_type_mime(enum image_type t);
/* "jpg", "png", "webp"; NULL for IMAGE_UNKNOWN. */
const char *image_type_ext(enum image_type t);

/* The type of bytes by their content; IMAGE_UNKNOWN for anything else
 * (GIF, text, HTML, an empty or truncated header). */
enum image_type image_sniff(const void *bytes, size_t len);

/* Sniffs, checks, decodes and cleans bytes into out (zeroed first). lim
 * may be NULL for the defaults. On failure out holds nothing to free. */
enum image_err image_process(const void *bytes, size_t len, const struct image_limits *lim,
                             struct image_out *out);
void image_out_free(struct image_out *out);

#endif
