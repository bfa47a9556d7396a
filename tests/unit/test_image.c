/* Unit tests for util/image.c: sniffing by content, and cleaning. The
 * fixtures (tests/fixtures/images, made by make.sh there) carry every kind
 * of metadata that must never be stored: EXIF with GPS, XMP, IPTC, ICC
 * profiles, JPEG comments, PNG text and eXIf chunks, WebP EXIF and XMP
 * chunks; each of their texts contains "LEAK". The output is checked byte
 * by byte (segment by segment, chunk by chunk), and decoded again to see
 * that it is upright. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

#include "util/image.h"
#include "util/log.h"

#define FIXTURES "tests/fixtures/images/"

struct bytes {
    unsigned char *p;
    size_t n;
};

static struct bytes load(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, FIXTURES "%s", name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s (run the tests from the repository root)", path);
    struct bytes b = {0};
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    assert_true(n > 0);
    b.p = malloc((size_t)n);
    assert_non_null(b.p);
    assert_int_equal(fread(b.p, 1, (size_t)n, fp), (size_t)n);
    b.n = (size_t)n;
    fclose(fp);
    return b;
}

static bool contains(const void *hay, size_t n, const void *needle, size_t m)
{
    return m <= n && memmem(hay, n, needle, m) != NULL;
}

#define CONTAINS(h, n, lit) contains((h), (n), (lit), sizeof(lit) - 1)

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Texts of the fixtures' metadata, and the signatures of its blocks, that
 * must appear nowhere in what is stored. */
static void assert_no_metadata_text(const void *p, size_t n)
{
    assert_false(CONTAINS(p, n, "LEAK"));
    assert_false(CONTAINS(p, n, "Exif\0\0"));
    assert_false(CONTAINS(p, n, "http://ns.adobe.com/xap"));
    assert_false(CONTAINS(p, n, "<x:xmpmeta"));
    assert_false(CONTAINS(p, n, "Photoshop 3.0"));
    assert_false(CONTAINS(p, n, "8BIM"));
    assert_false(CONTAINS(p, n, "ICC_PROFILE"));
    assert_false(CONTAINS(p, n, "acsp")); /* every ICC profile's signature */
}

/* A JPEG's segments before its scan: only those that draw pixels. */
static void assert_clean_jpeg(const unsigned char *p, size_t n)
{
    assert_true(n > 4);
    assert_true(p[0] == 0xFF && p[1] == 0xD8);
    size_t i = 2;
    for (;;) {
        assert_true(i + 4 <= n);
        assert_int_equal(p[i], 0xFF);
        unsigned m = p[i + 1];
        if (m == 0xDA)
            break;
        /* APP0 (JFIF), DQT, SOF0-2, DHT, DRI; never APP1-15 (EXIF, XMP,
         * ICC, IPTC...) nor COM */
        bool ok = m == 0xE0 || m == 0xDB || (m >= 0xC0 && m <= 0xC2) || m == 0xC4 || m == 0xDD;
        if (!ok)
            fail_msg("JPEG segment 0x%02X before the scan", m);
        i += 2 + ((size_t)p[i + 2] << 8 | p[i + 3]);
    }
    /* No comment or application segment anywhere: a baseline JPEG has one
     * scan and ends with EOI. */
    assert_true(p[n - 2] == 0xFF && p[n - 1] == 0xD9);
    assert_no_metadata_text(p, n);
}

static void assert_clean_png(const unsigned char *p, size_t n)
{
    static const char *const allowed[] = {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA",
                                          "cHRM", "sRGB", "pHYs", "sBIT", "bKGD"};
    assert_true(n > 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0);
    size_t i = 8;
    bool end = false;
    while (!end) {
        assert_true(i + 12 <= n);
        size_t len = be32(p + i);
        char type[5] = {0};
        memcpy(type, p + i + 4, 4);
        bool ok = false;
        for (size_t k = 0; k < sizeof allowed / sizeof allowed[0]; k++)
            ok = ok || strcmp(type, allowed[k]) == 0;
        if (!ok)
            fail_msg("PNG chunk %s", type);
        end = strcmp(type, "IEND") == 0;
        i += 12 + len;
    }
    assert_int_equal(i, n);
    assert_false(CONTAINS(p, n, "tEXt"));
    assert_false(CONTAINS(p, n, "iTXt"));
    assert_false(CONTAINS(p, n, "zTXt"));
    assert_false(CONTAINS(p, n, "eXIf"));
    assert_false(CONTAINS(p, n, "iCCP"));
    assert_no_metadata_text(p, n);
}

static void assert_clean_webp(const unsigned char *p, size_t n)
{
    assert_true(n > 20 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0);
    assert_int_equal(le32(p + 4), n - 8);
    size_t i = 12;
    while (i < n) {
        assert_true(i + 8 <= n);
        size_t len = le32(p + i + 4);
        char type[5] = {0};
        memcpy(type, p + i, 4);
        bool ok = !strcmp(type, "VP8X") || !strcmp(type, "VP8 ") || !strcmp(type, "VP8L") ||
                  !strcmp(type, "ALPH");
        if (!ok)
            fail_msg("WebP chunk %s", type);
        if (!strcmp(type, "VP8X"))
            assert_int_equal(p[i + 8] & (0x20 | 0x08 | 0x04), 0); /* no ICC, EXIF, XMP */
        i += 8 + len + (len & 1);
    }
    assert_int_equal(i, n);
    assert_false(CONTAINS(p, n, "EXIF"));
    assert_false(CONTAINS(p, n, "XMP "));
    assert_false(CONTAINS(p, n, "ICCP"));
    assert_no_metadata_text(p, n);
}

static void assert_clean(enum image_type t, const void *p, size_t n)
{
    if (t == IMAGE_JPEG)
        assert_clean_jpeg(p, n);
    else if (t == IMAGE_PNG)
        assert_clean_png(p, n);
    else if (t == IMAGE_WEBP)
        assert_clean_webp(p, n);
    else
        fail_msg("unexpected type %d", (int)t);
}

/* Decodes p again: its size, bands and the colour at (x, y). */
static void decoded(const void *p, size_t n, int *w, int *h, int *bands, int x, int y,
                    double rgb[3])
{
    VipsImage *img = vips_image_new_from_buffer(p, n, "", NULL);
    if (!img)
        fail_msg("our output does not decode: %s", vips_error_buffer());
    *w = vips_image_get_width(img);
    *h = vips_image_get_height(img);
    *bands = vips_image_get_bands(img);
    double *v = NULL;
    int nv = 0;
    assert_int_equal(vips_getpoint(img, &v, &nv, x, y, NULL), 0);
    assert_true(nv >= 3);
    for (int i = 0; i < 3; i++)
        rgb[i] = v[i];
    g_free(v);
    g_object_unref(img);
}

static bool is_red(const double c[3])
{
    return c[0] > 150 && c[1] < 90 && c[2] < 90;
}

static bool is_grey(const double c[3])
{
    return c[0] > 90 && c[0] < 170 && c[1] > 90 && c[1] < 170 && c[2] > 90 && c[2] < 170;
}

/* ---- sniffing ---- */

static void test_sniff_by_content(void **state)
{
    (void)state;
    struct bytes jpg = load("exif.jpg"), png = load("meta.png"), webp = load("meta.webp");
    assert_int_equal(image_sniff(jpg.p, jpg.n), IMAGE_JPEG);
    assert_int_equal(image_sniff(png.p, png.n), IMAGE_PNG);
    assert_int_equal(image_sniff(webp.p, webp.n), IMAGE_WEBP);
    static const char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9"
                              "\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00"
                              "\x02\x02D\x01\x00;";
    assert_int_equal(image_sniff(gif, sizeof gif - 1), IMAGE_UNKNOWN);
    static const char html[] = "<!DOCTYPE html><html><script>alert(1)</script></html>";
    assert_int_equal(image_sniff(html, sizeof html - 1), IMAGE_UNKNOWN);
    static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script>"
                              "</svg>";
    assert_int_equal(image_sniff(svg, sizeof svg - 1), IMAGE_UNKNOWN);
    assert_int_equal(image_sniff("hello, world\n", 13), IMAGE_UNKNOWN);
    /* truncated headers */
    assert_int_equal(image_sniff("\xff\xd8", 2), IMAGE_UNKNOWN);
    assert_int_equal(image_sniff("\x89PNG", 4), IMAGE_UNKNOWN);
    assert_int_equal(image_sniff(png.p, 8), IMAGE_UNKNOWN); /* the signature, no IHDR */
    assert_int_equal(image_sniff("", 0), IMAGE_UNKNOWN);
    assert_int_equal(image_sniff(NULL, 0), IMAGE_UNKNOWN);
    assert_string_equal(image_type_mime(IMAGE_WEBP), "image/webp");
    assert_string_equal(image_type_ext(IMAGE_JPEG), "jpg");
    assert_null(image_type_mime(IMAGE_UNKNOWN));
    free(jpg.p);
    free(png.p);
    free(webp.p);
}

/* ---- cleaning ---- */

/* The JPEG's EXIF (with GPS and Orientation 6), XMP, IPTC, ICC profile and
 * comment are all gone, and the picture was turned upright: 64x40 turned
 * 90 degrees clockwise is 40x64 with the red corner top right. */
static void test_jpeg_loses_every_metadata_block_and_stands_upright(void **state)
{
    (void)state;
    struct bytes in = load("exif.jpg");
    /* the fixture does carry what must go */
    assert_true(CONTAINS(in.p, in.n, "Exif\0\0"));
    assert_true(CONTAINS(in.p, in.n, "http://ns.adobe.com/xap"));
    assert_true(CONTAINS(in.p, in.n, "Photoshop 3.0"));
    assert_true(CONTAINS(in.p, in.n, "ICC_PROFILE"));
    assert_true(CONTAINS(in.p, in.n, "COM comment LEAK"));
    struct image_out out;
    assert_int_equal(image_process(in.p, in.n, NULL, &out), IMAGE_OK);
    assert_int_equal(out.type, IMAGE_JPEG);
    assert_int_equal(out.width, 40);
    assert_int_equal(out.height, 64);
    assert_clean(out.type, out.data, out.len);
    assert_non_null(out.thumb);
    assert_clean(out.type, out.thumb, out.thumb_len);
    assert_int_equal(out.thumb_width, 40); /* small images are not enlarged */
    assert_int_equal(out.thumb_height, 64);
    int w, h, bands;
    double c[3];
    decoded(out.data, out.len, &w, &h, &bands, 36, 3, c);
    assert_int_equal(w, 40);
    assert_int_equal(h, 64);
    assert_true(is_red(c));
    decoded(out.data, out.len, &w, &h, &bands, 3, 3, c);
    assert_true(is_grey(c));
    image_out_free(&out);
    assert_null(out.data);
    free(in.p);
}

static void test_png_loses_text_exif_xmp_and_icc_chunks(void **state)
{
    (void)state;
    struct bytes in = load("meta.png");
    assert_true(CONTAINS(in.p, in.n, "tEXt"));
    assert_true(CONTAINS(in.p, in.n, "iTXt"));
    assert_true(CONTAINS(in.p, in.n, "zTXt"));
    assert_true(CONTAINS(in.p, in.n, "eXIf"));
    assert_true(CONTAINS(in.p, in.n, "iCCP"));
    struct image_out out;
    assert_int_equal(image_process(in.p, in.n, NULL, &out), IMAGE_OK);
    assert_int_equal(out.type, IMAGE_PNG);
    assert_int_equal(out.width, 48);
    assert_int_equal(out.height, 32);
    assert_clean(out.type, out.data, out.len);
    assert_clean(out.type, out.thumb, out.thumb_len);
    int w, h, bands;
    double c[3];
    decoded(out.data, out.len, &w, &h, &bands, 2, 2, c);
    assert_int_equal(bands, 4); /* transparency is kept */
    assert_true(is_red(c));
    image_out_free(&out);
    free(in.p);
}

static void test_webp_loses_exif_xmp_and_icc_chunks_and_stands_upright(void **state)
{
    (void)state;
    struct bytes in = load("meta.webp");
    assert_true(CONTAINS(in.p, in.n, "EXIF"));
    assert_true(CONTAINS(in.p, in.n, "XMP "));
    assert_true(CONTAINS(in.p, in.n, "ICCP"));
    struct image_out out;
    assert_int_equal(image_process(in.p, in.n, NULL, &out), IMAGE_OK);
    assert_int_equal(out.type, IMAGE_WEBP);
    assert_int_equal(out.width, 40);
    assert_int_equal(out.height, 64);
    assert_clean(out.type, out.data, out.len);
    assert_clean(out.type, out.thumb, out.thumb_len);
    int w, h, bands;
    double c[3];
    decoded(out.data, out.len, &w, &h, &bands, 36, 3, c);
    assert_true(is_red(c));
    image_out_free(&out);
    free(in.p);
}

/* An image made here, width x height, encoded as format (".jpg"...). */
static struct bytes made(int width, int height, const char *format)
{
    VipsImage *black, *img;
    assert_int_equal(vips_black(&black, width, height, "bands", 3, NULL), 0);
    assert_int_equal(vips_linear1(black, &img, 1.0, 90.0, NULL), 0);
    g_object_unref(black);
    VipsImage *u;
    assert_int_equal(vips_cast_uchar(img, &u, NULL), 0);
    g_object_unref(img);
    void *buf;
    size_t len;
    assert_int_equal(vips_image_write_to_buffer(u, format, &buf, &len, NULL), 0);
    g_object_unref(u);
    struct bytes b = {.p = malloc(len), .n = len};
    assert_non_null(b.p);
    memcpy(b.p, buf, len);
    g_free(buf);
    return b;
}

static void test_thumbnail_fits_the_box_and_large_images_are_scaled_down(void **state)
{
    (void)state;
    struct bytes in = made(1200, 800, ".jpg");
    struct image_out out;
    assert_int_equal(image_process(in.p, in.n, NULL, &out), IMAGE_OK);
    assert_int_equal(out.width, 1200);
    assert_int_equal(out.height, 800);
    assert_int_equal(out.thumb_width, IMAGE_THUMB_SIDE);
    assert_int_equal(out.thumb_height, 320);
    assert_true(out.thumb_len > 0 && out.thumb_len < out.len);
    assert_clean(out.type, out.thumb, out.thumb_len);
    image_out_free(&out);
    free(in.p);

    in = made(300, 2000, ".png");
    struct image_limits lim = {.store_side = 1000, .thumb_side = 100};
    assert_int_equal(image_process(in.p, in.n, &lim, &out), IMAGE_OK);
    assert_int_equal(out.height, 1000);
    assert_int_equal(out.width, 150);
    assert_int_equal(out.thumb_height, 100);
    assert_int_equal(out.thumb_width, 15);
    image_out_free(&out);
    free(in.p);
}

static void test_damaged_images_fail_cleanly(void **state)
{
    (void)state;
    struct bytes jpg = load("exif.jpg"), png = load("meta.png");
    struct image_out out;
    /* cut inside the scan, inside the header, and an empty body */
    assert_int_equal(image_process(jpg.p, jpg.n - 200, NULL, &out), IMAGE_INVALID);
    assert_null(out.data);
    assert_null(out.thumb);
    assert_int_equal(image_process(jpg.p, 9000, NULL, &out), IMAGE_INVALID);
    assert_int_equal(image_process(jpg.p, 0, NULL, &out), IMAGE_UNSUPPORTED);
    /* a PNG whose image data was overwritten */
    unsigned char *bad = malloc(png.n);
    assert_non_null(bad);
    memcpy(bad, png.p, png.n);
    unsigned char *idat = memmem(bad, png.n, "IDAT", 4);
    assert_non_null(idat);
    memset(idat + 4, 0x55, 40);
    assert_int_equal(image_process(bad, png.n, NULL, &out), IMAGE_INVALID);
    /* a PNG cut before its end */
    assert_int_equal(image_process(png.p, png.n - 30, NULL, &out), IMAGE_INVALID);
    /* not an image at all, whatever a client said */
    static const char html[] = "<html><body><img src=x onerror=alert(1)></body></html>";
    assert_int_equal(image_process(html, sizeof html - 1, NULL, &out), IMAGE_UNSUPPORTED);
    free(bad);
    free(jpg.p);
    free(png.p);
}

/* A few hundred bytes that declare 30000x30000 pixels are refused from the
 * header, before anything is decoded; so are images past the limits. */
static void test_pixel_bombs_and_oversized_images_are_refused(void **state)
{
    (void)state;
    struct bytes bomb = load("bomb.png");
    assert_true(bomb.n < 4096);
    struct image_out out;
    assert_int_equal(image_process(bomb.p, bomb.n, NULL, &out), IMAGE_TOO_BIG);
    assert_null(out.data);
    free(bomb.p);

    struct bytes in = made(200, 100, ".webp");
    struct image_limits pixels = {.max_pixels = 19999};
    assert_int_equal(image_process(in.p, in.n, &pixels, &out), IMAGE_TOO_BIG);
    struct image_limits side = {.max_side = 199};
    assert_int_equal(image_process(in.p, in.n, &side, &out), IMAGE_TOO_BIG);
    struct image_limits fits = {.max_pixels = 20000, .max_side = 200};
    assert_int_equal(image_process(in.p, in.n, &fits, &out), IMAGE_OK);
    assert_int_equal(out.type, IMAGE_WEBP);
    image_out_free(&out);
    free(in.p);
    assert_string_equal(image_err_str(IMAGE_TOO_BIG), "too big");
}

/* Several threads clean images at once (the server's threads do). */
static void *clean_in_a_thread(void *arg)
{
    const struct bytes *in = arg;
    for (int i = 0; i < 5; i++) {
        struct image_out out;
        if (image_process(in->p, in->n, NULL, &out) != IMAGE_OK)
            return (void *)1;
        bool leak = contains(out.data, out.len, "LEAK", 4);
        image_out_free(&out);
        if (leak)
            return (void *)1;
    }
    return NULL;
}

static void test_several_threads_at_once(void **state)
{
    (void)state;
    struct bytes in[4] = {load("exif.jpg"), load("meta.png"), load("meta.webp"),
                          made(640, 480, ".jpg")};
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, clean_in_a_thread, &in[i]), 0);
    for (int i = 0; i < 4; i++) {
        void *rc;
        pthread_join(t[i], &rc);
        assert_null(rc);
        free(in[i].p);
    }
}

static int setup(void **state)
{
    (void)state;
    log_min_level = LOG_ERROR;
    return image_init();
}

static int teardown(void **state)
{
    (void)state;
    image_shutdown();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff_by_content),
        cmocka_unit_test(test_jpeg_loses_every_metadata_block_and_stands_upright),
        cmocka_unit_test(test_png_loses_text_exif_xmp_and_icc_chunks),
        cmocka_unit_test(test_webp_loses_exif_xmp_and_icc_chunks_and_stands_upright),
        cmocka_unit_test(test_thumbnail_fits_the_box_and_large_images_are_scaled_down),
        cmocka_unit_test(test_damaged_images_fail_cleanly),
        cmocka_unit_test(test_pixel_bombs_and_oversized_images_are_refused),
        cmocka_unit_test(test_several_threads_at_once),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
