/* Posts, their revisions, comments and reactions, and the feeds. */
#include "api/api.h"
#include "core/post.h"

static const struct body_field body_only[] = {{"body", JSON_STRING, true, 0}};
/* A post's body and the author's confirmation of the guard's warning. */
/* posts and comments: the first two; a new post: all three */
static const struct body_field body_confirm[] = {{"body", JSON_STRING, true, 0},
                                                 {"confirm", JSON_OBJECT, false, 0},
                                                 {"image_ids", JSON_ARRAY, false, 10}};

static void post_answer(struct http_req *r, int status, const struct post *p)
{
    http_json(r, status, api_post(&api_ctx(r)->viewer, p));
}

static void posts_write(struct jsonw *w, const struct viewer *v, const struct post *p, size_t n)
{
    jsonw_array(w);
    for (size_t i = 0; i < n; i++)
        api_post_write(w, v, &p[i]);
    jsonw_array_end(w);
}

/* A page of posts: {"items": [...], "next_cursor": ...}, and on a feed
 * (pins not NULL) "pinned": the posts pinned above it, on its first page. */
static void posts_page(struct http_req *r, const struct post *p, size_t n, int64_t next,
                       const struct feed_pinned *pins)
{
    const struct viewer *v = &api_ctx(r)->viewer;
    struct api_json j;
    api_json_start(&j);
    jsonw_object(&j.w);
    jsonw_key(&j.w, "items");
    posts_write(&j.w, v, p, n);
    jsonw_key(&j.w, "next_cursor");
    api_cursor_write(&j.w, next);
    if (pins) {
        jsonw_key(&j.w, "pinned");
        posts_write(&j.w, v, pins->posts, pins->n);
    }
    jsonw_object_end(&j.w);
    api_json_send(r, 200, &j);
}

static int64_t cursor_of(struct http_req *r)
{
    int64_t c = 0;
    http_query_int(r, "cursor", &c);
    return c;
}

/* Renders a draft exactly as publishing would, and stores nothing. */
void h_preview(struct http_req *r)
{
    json_t *b = api_body(r, body_only, 1);
    if (!b)
        return;
    struct markdown_result md = {0};
    struct fail f = {0};
    if (post_preview(api_str(b, "body"), &md, &f)) {
        api_fail(r, &f);
    } else {
        json_t *mentions = json_array();
        for (size_t i = 0; i < md.n_mentions; i++)
            json_array_append_new(mentions, json_string(md.mentions[i]));
        http_json(r, 200, json_pack("{s:s, s:o}", "body_html", md.html, "mentions", mentions));
        markdown_result_free(&md);
    }
    json_decref(b);
}

void h_feed(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct post *p;
    size_t n;
    int64_t next;
    struct fail f = {0};
    struct feed_pinned pins = {0};
    if (feed_home(c->st, &r->arena, &c->viewer, cursor_of(r), api_limit(r), &p, &n, &next, &pins,
                  &f))
        api_fail(r, &f);
    else
        posts_page(r, p, n, next, &pins);
}

void h_user_posts(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct post *p;
    size_t n;
    int64_t next;
    struct fail f = {0};
    if (feed_author(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), cursor_of(r), api_limit(r),
                    &p, &n, &next, &f))
        api_fail(r, &f);
    else
        posts_page(r, p, n, next, NULL);
}

void h_group_posts_list(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct post *p;
    size_t n;
    int64_t next;
    struct fail f = {0};
    struct feed_pinned pins = {0};
    if (feed_group(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), cursor_of(r), api_limit(r),
                   &p, &n, &next, &pins, &f))
        api_fail(r, &f);
    else
        posts_page(r, p, n, next, &pins);
}

void h_group_posts_create(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, body_confirm, 3);
    if (!b)
        return;
    struct post p;
    struct fail f = {0};
    struct privacy_screen scr;
    size_t n_images;
    bool failed;
    int64_t *image_ids = api_ids(r, b, "image_ids", &n_images, &failed);
    if (failed || !api_confirm(r, b, &scr)) { /* the problem is set */
    } else if (post_create_media(c->st, &r->arena, &c->viewer, http_path_id(r, "id"),
                                 api_str(b, "body"), image_ids, n_images, &scr, &p, &f))
        api_screen_fail(r, &f, &scr);
    else if (!api_screen_held(r, &scr))
        post_answer(r, 201, &p);
    json_decref(b);
}

void h_posts_get(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct post p;
    struct fail f = {0};
    if (post_get(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &p, &f))
        api_fail(r, &f);
    else
        post_answer(r, 200, &p);
}

void h_posts_update(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, body_confirm, 2);
    if (!b)
        return;
    struct post p;
    struct fail f = {0};
    struct privacy_screen scr;
    if (!api_confirm(r, b, &scr)) { /* the problem is set */
    } else if (post_update_screened(c->st, &r->arena, &c->viewer, http_path_id(r, "id"),
                                    api_str(b, "body"), &scr, &p, &f))
        api_screen_fail(r, &f, &scr);
    else if (!api_screen_held(r, &scr))
        post_answer(r, 200, &p);
    json_decref(b);
}

void h_posts_delete(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct fail f = {0};
    if (post_delete(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &f))
        api_fail(r, &f);
    else
        http_respond(r, 204, NULL, "", 0);
}

void h_posts_revisions(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct revision *rv;
    size_t n;
    struct fail f = {0};
    if (post_revisions(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &rv, &n, &f)) {
        api_fail(r, &f);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:I, s:I, s:s, s:s, s:o}", "id", (json_int_t)rv[i].id, "editor_id",
                             (json_int_t)rv[i].editor_id, "body", rv[i].body, "body_html",
                             rv[i].body_html, "created_at", api_time(rv[i].created_at)));
    http_json(r, 200, api_page(items, 0));
}

void h_comments_list(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct comment *cm;
    size_t n;
    int64_t next;
    struct post_rights rights;
    struct fail f = {0};
    if (comment_list(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), cursor_of(r),
                     api_limit(r), &cm, &n, &next, &rights, &f)) {
        api_fail(r, &f);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, api_comment(&c->viewer, &cm[i], rights.can_moderate));
    http_json(r, 200, api_page(items, next));
}

void h_comments_create(struct http_req *r)
{
    static const struct body_field fields[] = {
        {"body", JSON_STRING, true, 0},
        {"parent_id", JSON_INTEGER, false, 0},
        {"confirm", JSON_OBJECT, false, 0},
    };
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 3);
    if (!b)
        return;
    struct comment cm;
    struct fail f = {0};
    struct privacy_screen scr;
    if (!api_confirm(r, b, &scr)) { /* the problem is set */
    } else if (comment_create_screened(c->st, &r->arena, &c->viewer, http_path_id(r, "id"),
                                       api_int(b, "parent_id"), api_str(b, "body"), &scr, &cm, &f))
        api_screen_fail(r, &f, &scr);
    else if (!api_screen_held(r, &scr))
        http_json(r, 201, api_comment(&c->viewer, &cm, false));
    json_decref(b);
}

void h_comments_delete(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct fail f = {0};
    if (comment_delete(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &f))
        api_fail(r, &f);
    else
        http_respond(r, 204, NULL, "", 0);
}

static void reaction(struct http_req *r, bool put)
{
    struct api_ctx *c = api_ctx(r);
    struct post p;
    struct fail f = {0};
    int64_t id = http_path_id(r, "id");
    const char *kind = http_path_str(r, "kind");
    enum core_err e = put ? reaction_put(c->st, &r->arena, &c->viewer, id, kind, &p, &f)
                          : reaction_delete(c->st, &r->arena, &c->viewer, id, kind, &p, &f);
    if (e)
        api_fail(r, &f);
    else
        post_answer(r, 200, &p);
}

void h_reactions_put(struct http_req *r)
{
    reaction(r, true);
}

void h_reactions_delete(struct http_req *r)
{
    reaction(r, false);
}
