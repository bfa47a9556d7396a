/* Drafts and scheduled posts: /api/v1/drafts. A draft is its author's
 * alone; what a draft is and when it is published is core/draft's. */
#include "api/api.h"
#include "core/draft.h"
#include "core/post.h"

static json_t *draft_json(const struct draft_view *v)
{
    const struct draft *d = &v->d;
    json_t *group = d->group_id
                        ? json_pack("{s:I, s:o}", "id", (json_int_t)d->group_id, "name",
                                    v->group_name ? json_string(v->group_name) : json_null())
                        : json_null();
    json_t *failure = d->state == DRAFT_FAILED && d->fail_code
                          ? json_pack("{s:s, s:s}", "code", d->fail_code, "detail",
                                      d->fail_detail ? d->fail_detail : "")
                          : json_null();
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)d->id,
                     "state", draft_state_str(d->state), "body", d->body, "group", group,
                     "publish_at", api_time(d->publish_at), "post_id",
                     d->post_id ? json_integer(d->post_id) : json_null(), "failure", failure,
                     "created_at", api_time(d->created_at), "updated_at", api_time(d->updated_at),
                     "confirm_reason",
                     d->confirm_reason ? json_string(d->confirm_reason) : json_null());
}

/* Reads publish_at from b into *at; false (problem set) when it is no time. */
static bool publish_time(struct http_req *r, json_t *b, int64_t *at)
{
    const char *s = api_str(b, "publish_at");
    *at = draft_parse_time(s);
    if (*at < 0) {
        http_problem(r, 422, "invalid_time",
                     "publish_at is a date and time like 2026-11-23T15:30:00-05:00.", "publish_at");
        return false;
    }
    return true;
}

void h_drafts_list(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    int64_t cursor = 0, next;
    http_query_int(r, "cursor", &cursor);
    struct draft_view *d;
    size_t n;
    struct fail f = {0};
    if (draft_list(c->st, &r->arena, &c->viewer, cursor, api_limit(r), &d, &n, &next, &f)) {
        api_fail(r, &f);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, draft_json(&d[i]));
    http_json(r, 200, api_page(items, next));
}

void h_drafts_create(struct http_req *r)
{
    static const struct body_field fields[] = {
        {"body", JSON_STRING, true, 0},
        {"group_id", JSON_INTEGER, false, 0},
        {"publish_at", JSON_STRING, false, 64},
        {"confirm", JSON_OBJECT, false, 0},
    };
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 4);
    if (!b)
        return;
    int64_t gid = api_int(b, "group_id"), at = 0;
    struct privacy_screen scr;
    struct draft_input in = {.body = api_str(b, "body"),
                             .group_id = api_has(b, "group_id") ? &gid : NULL,
                             .publish_at = api_has(b, "publish_at") ? &at : NULL};
    struct draft_view d;
    struct fail f = {0};
    if ((!in.publish_at || publish_time(r, b, &at)) && api_confirm(r, b, &scr)) {
        in.confirm_reason = scr.confirm_reason;
        if (draft_create(c->st, &r->arena, &c->viewer, &in, &d, &f))
            api_fail(r, &f);
        else
            http_json(r, 201, draft_json(&d));
    } /* else the problem is set */
    json_decref(b);
}

void h_drafts_get(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct draft_view d;
    struct fail f = {0};
    if (draft_get(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &d, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, draft_json(&d));
}

void h_drafts_update(struct http_req *r)
{
    static const struct body_field fields[] = {
        {"body", JSON_STRING, false, 0},
        {"group_id", JSON_INTEGER, false, 0},
    };
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 2);
    if (!b)
        return;
    int64_t gid = api_int(b, "group_id");
    struct draft_input in = {.body = api_str(b, "body"),
                             .group_id = api_has(b, "group_id") ? &gid : NULL};
    struct draft_view d;
    struct fail f = {0};
    if (draft_update(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &in, &d, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, draft_json(&d));
    json_decref(b);
}

void h_drafts_delete(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct fail f = {0};
    if (draft_delete(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &f))
        api_fail(r, &f);
    else
        http_respond(r, 204, NULL, "", 0);
}

void h_drafts_schedule_put(struct http_req *r)
{
    static const struct body_field fields[] = {{"publish_at", JSON_STRING, true, 64},
                                               {"confirm", JSON_OBJECT, false, 0}};
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 2);
    if (!b)
        return;
    int64_t at;
    struct privacy_screen scr;
    struct draft_input in = {.publish_at = &at};
    struct draft_view d;
    struct fail f = {0};
    if (publish_time(r, b, &at) && api_confirm(r, b, &scr)) {
        in.confirm_reason = scr.confirm_reason;
        if (draft_update(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &in, &d, &f))
            api_fail(r, &f);
        else
            http_json(r, 200, draft_json(&d));
    } /* else the problem is set */
    json_decref(b);
}

void h_drafts_schedule_delete(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    int64_t none = 0;
    struct draft_input in = {.publish_at = &none};
    struct draft_view d;
    struct fail f = {0};
    if (draft_update(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &in, &d, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, draft_json(&d));
}

void h_drafts_publish(struct http_req *r)
{
    static const struct body_field fields[] = {{"confirm", JSON_OBJECT, false, 0}};
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 1);
    if (!b)
        return;
    struct post p;
    struct fail f = {0};
    struct privacy_screen scr;
    if (!api_confirm(r, b, &scr)) { /* the problem is set */
    } else if (draft_publish_screened(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &scr, &p,
                                      &f))
        api_screen_fail(r, &f, &scr);
    else if (!api_screen_held(r, &scr))
        http_json(r, 201, api_post(&c->viewer, &p));
    json_decref(b);
}
