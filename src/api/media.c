/* Images: /api/v1/images. An upload's body is the image itself, whatever
 * its Content-Type says (core/media sniffs it); reading serves the cleaned
 * file or its thumbnail with its sniffed type. Who may see an image is
 * core/perm's: everyone else gets 404, as if it did not exist. */
#include "api/api.h"

#include <stdio.h>
#include <string.h>

#include "core/media.h"

/* How long a browser may reuse an image without asking: the bytes behind
 * an id never change, but who may see them can. */
#define IMAGE_MAX_AGE "private, max-age=3600"

json_t *api_image(const struct media *m)
{
    char url[64], thumb[80];
    snprintf(url, sizeof url, "/api/v1/images/%lld", (long long)m->id);
    snprintf(thumb, sizeof thumb, "%s/thumbnail", url);
    return json_pack("{s:I, s:s, s:I, s:I, s:I, s:s, s:{s:s, s:I, s:I}, s:o, s:b}", "id",
                     (json_int_t)m->id, "mime", m->mime, "width", (json_int_t)m->width, "height",
                     (json_int_t)m->height, "bytes", (json_int_t)m->bytes, "url", url, "thumbnail",
                     "url", thumb, "width", (json_int_t)m->thumb_width, "height",
                     (json_int_t)m->thumb_height, "alt", m->alt ? json_string(m->alt) : json_null(),
                     "shows_students", m->shows_students);
}

/* Answers a failure; the media codes that are not 422s get their own status. */
static void media_fail(struct http_req *r, const struct fail *f)
{
    static const struct {
        const char *code;
        int status;
    } statuses[] = {{"image_too_large", 413}, {"unsupported_image", 415}};
    for (size_t i = 0; f->code && i < sizeof statuses / sizeof statuses[0]; i++) {
        if (strcmp(f->code, statuses[i].code) == 0) {
            http_problem(r, statuses[i].status, f->code, f->detail, f->field);
            return;
        }
    }
    api_fail(r, f);
}

void h_images_create(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct media m;
    struct fail f = {0};
    if (r->body_too_big)
        media_too_large(&f);
    else
        media_upload(c->st, &r->arena, &c->viewer, r->body, r->body_len, &m, &f);
    if (f.err) {
        media_fail(r, &f);
        return;
    }
    char *loc = arena_printf(&r->arena, "/api/v1/images/%lld", (long long)m.id);
    if (loc)
        http_add_header(r, "Location", loc);
    http_json(r, 201, api_image(&m));
}

/* Sends the image (or its thumbnail) the viewer may see, or 304 when the
 * client holds it already. */
static void serve(struct http_req *r, bool thumb)
{
    struct api_ctx *c = api_ctx(r);
    struct media m;
    struct fail f = {0};
    if (media_get(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &m, &f)) {
        api_fail(r, &f);
        return;
    }
    /* The bytes behind an id never change: the stored hash is the tag. */
    char *etag = arena_printf(&r->arena, "\"%s%s\"", m.sha256, thumb ? "-t" : "");
    char *disp = arena_printf(&r->arena, "inline; filename=\"image-%lld%s.%s\"", (long long)m.id,
                              thumb ? "-thumbnail" : "", strchr(m.mime, '/') + 1);
    if (!etag || !disp) {
        http_problem(r, 503, "no_memory", "The server is out of memory.", NULL);
        return;
    }
    http_add_header(r, "Cache-Control", IMAGE_MAX_AGE);
    http_add_header(r, "ETag", etag);
    const char *inm = http_header(r, "If-None-Match");
    if (inm && (strstr(inm, etag) || strcmp(inm, "*") == 0)) {
        http_respond(r, 304, NULL, "", 0);
        return;
    }
    int fd;
    uint64_t size;
    if (media_open(&m, thumb, &fd, &size, &f)) {
        api_fail(r, &f);
        return;
    }
    http_add_header(r, "Content-Disposition", disp);
    http_add_header(r, "Content-Security-Policy", "default-src 'none'; sandbox");
    http_respond_fd(r, 200, m.mime, fd, size);
}

void h_images_get(struct http_req *r)
{
    serve(r, false);
}

void h_images_thumbnail(struct http_req *r)
{
    serve(r, true);
}

void h_images_update(struct http_req *r)
{
    static const struct body_field fields[] = {
        {"alt", JSON_STRING, false, 4 * MEDIA_ALT_MAX},
        {"shows_students", JSON_TRUE, false, 0},
    };
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 2);
    if (!b)
        return;
    bool shows = json_is_true(json_object_get(b, "shows_students"));
    struct media m;
    struct fail f = {0};
    if (media_describe(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), api_str(b, "alt"),
                       api_has(b, "shows_students") ? &shows : NULL, &m, &f))
        media_fail(r, &f);
    else
        http_json(r, 200, api_image(&m));
    json_decref(b);
}

void h_images_delete(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct fail f = {0};
    if (media_delete(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &f))
        api_fail(r, &f);
    else
        http_respond(r, 204, NULL, "", 0);
}
