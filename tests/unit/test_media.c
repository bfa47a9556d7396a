/* Unit tests for core/media (and store/sqlite_media.c, util/filestore.c)
 * against a real temporary database and media folder: uploading writes two
 * files and a row, an unattached image is its uploader's alone, deleting
 * and purging remove the files, the bounds answer their codes, and the
 * helpers for posts attach images in order with the post's visibility. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/media.h"
#include "testutil.h"
#include "util/image.h"

#define FIXTURES "tests/fixtures/images/"

struct fx {
    struct tu_db db;
    char media[128];
    struct arena a;
};

static struct bytes {
    unsigned char *p;
    size_t n;
} jpg, png, webp;

static struct bytes load(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, FIXTURES "%s", name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s (run the tests from the repository root)", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    struct bytes b = {.p = malloc((size_t)n), .n = (size_t)n};
    assert_non_null(b.p);
    assert_int_equal(fread(b.p, 1, b.n, fp), b.n);
    fclose(fp);
    return b;
}

/* How many files a folder holds. */
static int count(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += e->d_type == DT_REG;
    closedir(d);
    return n;
}

/* How many files the media folder holds; none may be left in its tmp/. */
static int files_in(const char *dir)
{
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s/tmp", dir);
    assert_int_equal(count(tmp), 0);
    return count(dir);
}

static bool file_exists(const char *dir, const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    struct stat st;
    return stat(p, &st) == 0;
}

static int start(struct fx *x, unsigned per_min)
{
    struct media_config mc = {.dir = x->media, .max_bytes = 64 * 1024, .uploads_per_min = per_min};
    return media_start(&mc);
}

static int setup(void **state)
{
    struct fx *x = calloc(1, sizeof *x);
    if (!x)
        return -1;
    tu_db_open(&x->db);
    snprintf(x->media, sizeof x->media, "%s/media", x->db.dir);
    arena_init(&x->a, 0);
    *state = x;
    return start(x, 1000);
}

static int teardown(void **state)
{
    struct fx *x = *state;
    media_stop();
    DIR *d = opendir(x->media);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", x->media, e->d_name);
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            unlink(p);
    }
    if (d)
        closedir(d);
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s/tmp", x->media);
    rmdir(tmp);
    rmdir(x->media);
    arena_free(&x->a);
    tu_db_close(&x->db);
    free(x);
    return 0;
}

static struct media upload_ok(struct fx *x, const struct viewer *v, const struct bytes *b)
{
    struct media m;
    struct fail f = {0};
    assert_int_equal(media_upload(x->db.s, &x->a, v, b->p, b->n, &m, &f), CORE_OK);
    assert_true(m.id > 0);
    return m;
}

static void test_upload_stores_two_clean_files_and_a_row(void **state)
{
    struct fx *x = *state;
    struct store *s = x->db.s;
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER);
    struct media m = upload_ok(x, &ann, &jpg);
    assert_string_equal(m.mime, "image/jpeg");
    assert_int_equal(m.width, 40); /* upright */
    assert_int_equal(m.height, 64);
    assert_int_equal(strlen(m.sha256), 64);
    assert_true(file_exists(x->media, m.file));
    assert_true(file_exists(x->media, m.thumb_file));
    assert_string_not_equal(m.file, m.thumb_file);
    assert_int_equal(files_in(x->media), 2);

    struct media got;
    struct fail f = {0};
    assert_int_equal(media_get(s, &x->a, &ann, m.id, &got, &f), CORE_OK);
    assert_string_equal(got.file, m.file);
    assert_int_equal(got.bytes, m.bytes);
    assert_int_equal(got.post_id, 0);
    int fd;
    uint64_t size;
    assert_int_equal(media_open(&got, false, &fd, &size, &f), CORE_OK);
    assert_int_equal(size, (uint64_t)m.bytes);
    unsigned char *buf = malloc(size);
    assert_int_equal(read(fd, buf, size), (ssize_t)size);
    assert_null(memmem(buf, size, "LEAK", 4));
    assert_null(memmem(buf, size, "Exif", 4));
    free(buf);
    close(fd);
    assert_int_equal(media_open(&got, true, &fd, &size, &f), CORE_OK);
    assert_int_equal(size, (uint64_t)m.thumb_bytes);
    close(fd);
}

static void test_an_unattached_image_is_its_uploaders_alone(void **state)
{
    struct fx *x = *state;
    struct store *s = x->db.s;
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER), bob = tu_person(s, "bob", ROLE_MEMBER),
                  root = tu_person(s, "root", ROLE_ADMIN);
    struct media m = upload_ok(x, &ann, &png), got;
    struct fail f = {0};
    assert_int_equal(media_get(s, &x->a, &bob, m.id, &got, &f), CORE_NOTFOUND);
    assert_string_equal(f.code, "not_found");
    assert_int_equal(media_get(s, &x->a, &root, m.id, &got, &f), CORE_NOTFOUND);
    assert_int_equal(media_get(s, &x->a, &ann, m.id + 1000, &got, &f), CORE_NOTFOUND);
    /* and only they may delete it, which to anyone else is as if it did not exist */
    assert_int_equal(media_delete(s, &x->a, &bob, m.id, &f), CORE_NOTFOUND);
    assert_int_equal(media_get(s, &x->a, &ann, m.id, &got, &f), CORE_OK);
}

static void test_delete_removes_the_files_at_once_and_the_row_on_prune(void **state)
{
    struct fx *x = *state;
    struct store *s = x->db.s;
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER);
    struct media m = upload_ok(x, &ann, &webp), keep = upload_ok(x, &ann, &jpg), got;
    struct fail f = {0};
    assert_int_equal(files_in(x->media), 4);
    assert_int_equal(media_delete(s, &x->a, &ann, m.id, &f), CORE_OK);
    assert_false(file_exists(x->media, m.file));
    assert_false(file_exists(x->media, m.thumb_file));
    assert_int_equal(media_get(s, &x->a, &ann, m.id, &got, &f), CORE_NOTFOUND);
    assert_int_equal(media_delete(s, &x->a, &ann, m.id, &f), CORE_NOTFOUND);
    int64_t pending;
    assert_int_equal(store_media_pending(s, ann.id, &pending), STORE_OK);
    assert_int_equal(pending, 1);
    /* a prune now takes the removed row and leaves the fresh image */
    assert_int_equal(media_prune(s, core_now_ms(), 100), STORE_OK);
    assert_int_equal(media_get(s, &x->a, &ann, keep.id, &got, &f), CORE_OK);
    assert_int_equal(files_in(x->media), 2);
    /* a day later the unposted image goes too, files and all */
    assert_int_equal(media_prune(s, core_now_ms() + MEDIA_PENDING_MS + 1000, 100), STORE_OK);
    assert_int_equal(media_get(s, &x->a, &ann, keep.id, &got, &f), CORE_NOTFOUND);
    assert_int_equal(files_in(x->media), 0);
}

/* What a crash mid-write leaves in tmp/ goes with a prune, once an hour old. */
static void test_prune_sweeps_stale_temporary_files(void **state)
{
    struct fx *x = *state;
    char fresh[256], stale[256];
    snprintf(fresh, sizeof fresh, "%s/tmp/0123456789abcdef0123456789abcdef.jpg", x->media);
    snprintf(stale, sizeof stale, "%s/tmp/fedcba9876543210fedcba9876543210.png", x->media);
    FILE *fp = fopen(fresh, "w");
    assert_non_null(fp);
    fclose(fp);
    fp = fopen(stale, "w");
    assert_non_null(fp);
    fclose(fp);
    struct timespec old[2] = {{.tv_sec = time(NULL) - 7200}, {.tv_sec = time(NULL) - 7200}};
    assert_int_equal(utimensat(AT_FDCWD, stale, old, 0), 0);
    assert_int_equal(media_prune(x->db.s, core_now_ms(), 100), STORE_OK);
    assert_true(access(fresh, F_OK) == 0);
    assert_true(access(stale, F_OK) != 0);
    unlink(fresh);
}

static void test_refusals_have_their_codes_and_store_nothing(void **state)
{
    struct fx *x = *state;
    struct store *s = x->db.s;
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER);
    struct media m;
    struct fail f = {0};
    static const char html[] = "<html><body>not an image</body></html>";
    assert_int_equal(media_upload(s, &x->a, &ann, html, sizeof html - 1, &m, &f), CORE_INVALID);
    assert_string_equal(f.code, "unsupported_image");
    assert_int_equal(media_upload(s, &x->a, &ann, jpg.p, jpg.n - 300, &m, &f), CORE_INVALID);
    assert_string_equal(f.code, "invalid_image");
    assert_int_equal(media_upload(s, &x->a, &ann, "", 0, &m, &f), CORE_INVALID);
    assert_string_equal(f.code, "invalid_image");
    struct bytes bomb = load("bomb.png");
    assert_int_equal(media_upload(s, &x->a, &ann, bomb.p, bomb.n, &m, &f), CORE_INVALID);
    assert_string_equal(f.code, "image_dimensions");
    free(bomb.p);
    static unsigned char big[64 * 1024 + 1];
    assert_int_equal(media_upload(s, &x->a, &ann, big, sizeof big, &m, &f), CORE_INVALID);
    assert_string_equal(f.code, "image_too_large");
    assert_string_equal(f.detail, "An image can be at most 0.0625 MiB.");
    assert_int_equal(files_in(x->media), 0);
    int64_t pending;
    assert_int_equal(store_media_pending(s, ann.id, &pending), STORE_OK);
    assert_int_equal(pending, 0);
}

static void test_uploads_per_minute_are_bounded_per_person(void **state)
{
    struct fx *x = *state;
    struct store *s = x->db.s;
    assert_int_equal(start(x, 3), 0);
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER), bob = tu_person(s, "bob", ROLE_MEMBER);
    struct media m;
    struct fail f = {0};
    for (int i = 0; i < 3; i++)
        upload_ok(x, &ann, &png);
    assert_int_equal(media_upload(s, &x->a, &ann, png.p, png.n, &m, &f), CORE_THROTTLED);
    assert_string_equal(f.code, "too_many_uploads");
    assert_true(f.retry_after_s >= 1 && f.retry_after_s <= 60);
    upload_ok(x, &bob, &png); /* others are not held back */
    assert_int_equal(start(x, 1000), 0);
}

static void test_unattached_images_per_person_are_bounded(void **state)
{
    struct fx *x = *state;
    struct store *s = x->db.s;
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER);
    struct media m;
    struct fail f = {0};
    for (int i = 0; i < MEDIA_MAX_PENDING; i++)
        upload_ok(x, &ann, &png);
    assert_int_equal(media_upload(s, &x->a, &ann, png.p, png.n, &m, &f), CORE_CONFLICT);
    assert_string_equal(f.code, "too_many_pending_images");
    assert_int_equal(files_in(x->media), 2 * MEDIA_MAX_PENDING);
}

/* Phase 2's helpers: attached images follow their post's visibility. */
static void test_attached_images_follow_their_post(void **state)
{
    struct fx *x = *state;
    struct store *s = x->db.s;
    struct viewer ann = tu_person(s, "ann", ROLE_MEMBER), bob = tu_person(s, "bob", ROLE_MEMBER),
                  cal = tu_person(s, "cal", ROLE_MEMBER);
    int64_t g = tu_group(s, &ann, "Council", PRIVACY_CLOSED);
    tu_join(s, &ann, g, bob.id); /* an invitation */
    tu_join(s, &bob, g, bob.id); /* accepted */
    int64_t post = tu_post(s, &ann, g, "Photos from the science fair.");
    struct media a = upload_ok(x, &ann, &jpg), b = upload_ok(x, &ann, &png),
                 theirs = upload_ok(x, &bob, &webp), got;
    struct fail f = {0};
    int64_t ids[] = {b.id, a.id};
    assert_int_equal(store_begin_write(s), STORE_OK);
    assert_int_equal(media_attach(s, &ann, post, ids, 2, &f), CORE_OK);
    assert_int_equal(store_commit(s), STORE_OK);
    struct media *list;
    size_t n;
    assert_int_equal(media_of_post(s, &x->a, post, &list, &n, &f), CORE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, b.id);
    assert_int_equal(list[1].id, a.id);
    assert_int_equal(list[1].position, 1);

    assert_int_equal(media_get(s, &x->a, &bob, a.id, &got, &f), CORE_OK); /* a member */
    assert_int_equal(got.post_id, post);
    assert_int_equal(media_get(s, &x->a, &cal, a.id, &got, &f), CORE_NOTFOUND);
    assert_int_equal(media_delete(s, &x->a, &ann, a.id, &f), CORE_CONFLICT);
    assert_string_equal(f.code, "image_attached");

    /* another's image, one attached already, too many: refused */
    int64_t other[] = {theirs.id};
    assert_int_equal(store_begin_write(s), STORE_OK);
    assert_int_equal(media_attach(s, &ann, post, other, 1, &f), CORE_INVALID);
    assert_string_equal(f.code, "unknown_image");
    assert_string_equal(f.field, "image_ids");
    assert_int_equal(media_attach(s, &ann, post, ids, 1, &f), CORE_INVALID);
    int64_t many[MEDIA_MAX_PER_POST + 1] = {0};
    assert_int_equal(media_attach(s, &ann, post, many, MEDIA_MAX_PER_POST + 1, &f), CORE_INVALID);
    assert_string_equal(f.code, "too_many_images");
    store_rollback(s);

    /* a day later attached images stay; the unposted one goes */
    assert_int_equal(media_prune(s, core_now_ms() + MEDIA_PENDING_MS + 1000, 100), STORE_OK);
    assert_int_equal(media_get(s, &x->a, &ann, a.id, &got, &f), CORE_OK);
    assert_int_equal(media_get(s, &x->a, &bob, theirs.id, &got, &f), CORE_NOTFOUND);
    assert_true(file_exists(x->media, a.file));

    /* once the post is deleted its images are no one's to see */
    assert_int_equal(store_post_delete(s, post, ann.id, core_now_ms()), STORE_OK);
    assert_int_equal(media_get(s, &x->a, &bob, a.id, &got, &f), CORE_NOTFOUND);
    assert_int_equal(media_get(s, &x->a, &ann, a.id, &got, &f), CORE_NOTFOUND);
}

static int group_setup(void **state)
{
    (void)state;
    if (tu_init() || image_init())
        return -1;
    jpg = load("exif.jpg");
    png = load("meta.png");
    webp = load("meta.webp");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    free(jpg.p);
    free(png.p);
    free(webp.p);
    image_shutdown();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_upload_stores_two_clean_files_and_a_row, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_an_unattached_image_is_its_uploaders_alone, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_delete_removes_the_files_at_once_and_the_row_on_prune,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_prune_sweeps_stale_temporary_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals_have_their_codes_and_store_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_uploads_per_minute_are_bounded_per_person, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_unattached_images_per_person_are_bounded, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_attached_images_follow_their_post, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
