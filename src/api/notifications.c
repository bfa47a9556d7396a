/* The notification centre, per-group notification settings and post
 * follows. What a notification is and who gets one is core/notify's. */
#include "api/api.h"
#include "core/notify.h"

static json_t *note_json(const struct notification *n)
{
    json_t *group =
        n->group_id ? json_pack("{s:I, s:s}", "id", (json_int_t)n->group_id, "name", n->group_name)
                    : json_null();
    return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:b}", "id",
                     (json_int_t)n->id, "kind", notify_kind_str(n->kind), "actor",
                     n->actor.id ? api_user_brief(&n->actor) : json_null(), "group", group,
                     "post_id", n->post_id ? json_integer(n->post_id) : json_null(), "comment_id",
                     n->comment_id ? json_integer(n->comment_id) : json_null(), "review_id",
                     n->review_id ? json_integer(n->review_id) : json_null(), "count",
                     (json_int_t)n->count, "created_at", api_time(n->created_at), "updated_at",
                     api_time(n->updated_at), "read", n->read_at != 0);
}

void h_notifications_list(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    int64_t cursor = 0, unread_only = 0, next, unread;
    http_query_int(r, "cursor", &cursor);
    http_query_int(r, "unread", &unread_only);
    struct notification *n;
    size_t k;
    struct fail f = {0};
    if (notify_list(c->st, &r->arena, &c->viewer, unread_only != 0, cursor, api_limit(r), &n, &k,
                    &next, &unread, &f)) {
        api_fail(r, &f);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < k; i++)
        json_array_append_new(items, note_json(&n[i]));
    json_t *page = api_page(items, next);
    json_object_set_new(page, "unread_count", json_integer(unread));
    http_json(r, 200, page);
}

void h_notifications_read(struct http_req *r)
{
    static const struct body_field fields[] = {
        {"ids", JSON_ARRAY, false, LIMIT_MARK_READ_IDS},
        {"all", JSON_TRUE, false, 0},
    };
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 2);
    if (!b)
        return;
    json_t *ids = json_object_get(b, "ids");
    bool all = json_is_true(json_object_get(b, "all"));
    if (ids && api_has(b, "all")) {
        json_decref(b);
        http_problem(r, 422, "ids_or_all", "Send either 'ids' or 'all', not both.", "all");
        return;
    }
    if (!ids && !all) {
        json_decref(b);
        http_problem(r, 422, "required",
                     "Send 'ids' (the notifications to mark read) or \"all\": true.", "ids");
        return;
    }
    size_t n;
    bool failed;
    int64_t *v = api_ids(r, b, "ids", &n, &failed);
    json_decref(b);
    if (failed) /* the problem is set */
        return;
    int64_t unread;
    struct fail f = {0};
    if (notify_mark_read(c->st, &c->viewer, v, n, all, &unread, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, json_pack("{s:I}", "unread_count", (json_int_t)unread));
}

static json_t *setting_json(const struct notify_setting *s)
{
    return json_pack("{s:{s:I, s:s}, s:s, s:b}", "group", "id", (json_int_t)s->group_id, "name",
                     s->group_name, "level", notify_level_str(s->level), "muted", s->muted);
}

void h_notification_settings_list(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    int64_t cursor = 0, next;
    http_query_int(r, "cursor", &cursor);
    struct notify_setting *s;
    size_t n;
    struct fail f = {0};
    if (notify_settings_list(c->st, &r->arena, &c->viewer, cursor, api_limit(r), &s, &n, &next,
                             &f)) {
        api_fail(r, &f);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, setting_json(&s[i]));
    http_json(r, 200, api_page(items, next));
}

void h_notification_settings_get(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct notify_setting s;
    struct fail f = {0};
    if (notify_settings_get(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &s, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, setting_json(&s));
}

void h_notification_settings_put(struct http_req *r)
{
    static const struct body_field fields[] = {
        {"level", JSON_STRING, false, 16},
        {"muted", JSON_TRUE, false, 0},
    };
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 2);
    if (!b)
        return;
    enum notify_level level;
    bool has_level = api_has(b, "level");
    if (has_level && notify_level_parse(api_str(b, "level"), &level)) {
        json_decref(b);
        http_problem(r, 422, "invalid_level", "level is all, highlights or off.", "level");
        return;
    }
    bool has_muted = api_has(b, "muted");
    bool muted = json_is_true(json_object_get(b, "muted"));
    json_decref(b);
    struct notify_setting s;
    struct fail f = {0};
    if (notify_settings_set(c->st, &r->arena, &c->viewer, http_path_id(r, "id"),
                            has_level ? &level : NULL, has_muted ? &muted : NULL, &s, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, setting_json(&s));
}

static void follow(struct http_req *r, bool on)
{
    struct api_ctx *c = api_ctx(r);
    int64_t id = http_path_id(r, "id");
    struct fail f = {0};
    if (notify_follow(c->st, &r->arena, &c->viewer, id, on, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, json_pack("{s:I, s:b}", "post_id", (json_int_t)id, "following", on));
}

void h_post_follow_put(struct http_req *r)
{
    follow(r, true);
}

void h_post_follow_delete(struct http_req *r)
{
    follow(r, false);
}
