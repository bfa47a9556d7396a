/* Groups and their members. */
#include <string.h>

#include "api/api.h"
#include "core/group.h"

/* create: the first four; update: all five */
static const struct body_field group_fields[] = {
    {"name", JSON_STRING, false, 1024},  {"purpose", JSON_STRING, false, 8192},
    {"privacy", JSON_STRING, false, 16}, {"confirm", JSON_OBJECT, false, 0},
    {"archived", JSON_TRUE, false, 0},
};

static bool parse_privacy(struct http_req *r, json_t *b, bool *set, enum privacy *p)
{
    *set = api_has(b, "privacy");
    if (*set && privacy_parse(api_str(b, "privacy"), p)) {
        http_problem(r, 422, "invalid_privacy", "Privacy is one of open, closed or secret.",
                     "privacy");
        return false;
    }
    return true;
}

void h_groups_list(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    const char *filter = http_query_str(r, "filter");
    bool suggested = filter && strcmp(filter, "suggested") == 0;
    /* filter: all, mine (active), pending (asked to join), invited, suggested */
    enum member_state only = MEMBER_NONE;
    if (filter && !suggested && strcmp(filter, "all") != 0) {
        if (strcmp(filter, "mine") == 0)
            only = MEMBER_ACTIVE;
        else if (member_state_parse(filter, &only) || only == MEMBER_ACTIVE) {
            http_problem(r, 400, "invalid_parameter",
                         "filter is all, mine, pending, invited or suggested.", "filter");
            return;
        }
    }
    int64_t cursor = 0;
    bool has_cursor = http_query_int(r, "cursor", &cursor);
    if (suggested && (has_cursor || http_query_str(r, "q"))) {
        http_problem(r, 400, "invalid_parameter",
                     "Suggestions are one page: filter=suggested takes neither q nor cursor.",
                     has_cursor ? "cursor" : "q");
        return;
    }
    struct group *g;
    size_t n;
    int64_t next = 0;
    struct fail f = {0};
    enum core_err e = suggested
                          ? group_suggest(c->st, &r->arena, &c->viewer, api_limit(r), &g, &n, &f)
                          : group_list(c->st, &r->arena, &c->viewer, only, http_query_str(r, "q"),
                                       cursor, api_limit(r), &g, &n, &next, &f);
    if (e) {
        api_fail(r, &f);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, api_group(&c->viewer, &g[i]));
    http_json(r, 200, api_page(items, next));
}

void h_groups_create(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, group_fields, 4);
    if (!b)
        return;
    struct group g = {
        .name = api_str(b, "name"), .purpose = api_str(b, "purpose"), .privacy = PRIVACY_CLOSED};
    bool set;
    struct fail f = {0};
    struct privacy_screen scr;
    if (!parse_privacy(r, b, &set, &g.privacy) || !api_confirm(r, b, &scr)) {
        json_decref(b);
        return;
    }
    if (group_create_screened(c->st, &r->arena, &c->viewer, &g, &scr, &f))
        api_screen_fail(r, &f, &scr);
    else
        http_json(r, 201, api_group(&c->viewer, &g));
    json_decref(b);
}

void h_groups_get(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct group g;
    struct fail f = {0};
    if (group_get(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &g, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, api_group(&c->viewer, &g));
}

void h_groups_update(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, group_fields, 5);
    if (!b)
        return;
    struct group_patch p = {.name = api_str(b, "name"), .purpose = api_str(b, "purpose")};
    struct privacy_screen scr;
    if (!parse_privacy(r, b, &p.set_privacy, &p.privacy) || !api_confirm(r, b, &scr)) {
        json_decref(b);
        return;
    }
    p.set_archived = api_has(b, "archived");
    p.archived = json_is_true(json_object_get(b, "archived"));
    struct group g;
    struct fail f = {0};
    if (group_update_screened(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &p, &scr, &g,
                              &f))
        api_screen_fail(r, &f, &scr);
    else
        http_json(r, 200, api_group(&c->viewer, &g));
    json_decref(b);
}

static json_t *member_json(const struct member *m)
{
    json_t *o = api_user_brief(&m->user);
    json_object_set_new(o, "user_id", json_integer(m->user.id));
    json_object_set_new(o, "state", json_string(member_state_str(m->state)));
    json_object_set_new(o, "role", json_string(group_role_str(m->role)));
    json_object_set_new(o, "since", api_time(m->since));
    return o;
}

void h_members_list(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    enum member_state state = MEMBER_ACTIVE;
    const char *s = http_query_str(r, "state");
    if (s && member_state_parse(s, &state)) {
        http_problem(r, 400, "invalid_parameter", "state is active, pending or invited.", "state");
        return;
    }
    int64_t cursor = 0, next;
    http_query_int(r, "cursor", &cursor);
    struct member *m;
    size_t n;
    struct fail f = {0};
    if (member_list(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), state, cursor,
                    api_limit(r), &m, &n, &next, &f)) {
        api_fail(r, &f);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, member_json(&m[i]));
    http_json(r, 200, api_page(items, next));
}

static void membership_answer(struct http_req *r, int status, int64_t group_id, int64_t user_id,
                              enum member_state st, enum group_role role)
{
    http_json(r, status,
              json_pack("{s:I, s:I, s:s, s:s}", "group_id", (json_int_t)group_id, "user_id",
                        (json_int_t)user_id, "state", member_state_str(st), "role",
                        group_role_str(role)));
}

void h_members_add(struct http_req *r)
{
    static const struct body_field fields[] = {{"user_id", JSON_INTEGER, false, 0}};
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 1);
    if (!b)
        return;
    int64_t target = api_has(b, "user_id") ? api_int(b, "user_id") : c->viewer.id;
    json_decref(b);
    int64_t gid = http_path_id(r, "id");
    enum member_state st;
    enum group_role role;
    struct fail f = {0};
    if (member_add(c->st, &r->arena, &c->viewer, gid, target, &st, &role, &f))
        api_fail(r, &f);
    else
        membership_answer(r, 200, gid, target, st, role);
}

void h_members_update(struct http_req *r)
{
    static const struct body_field fields[] = {{"role", JSON_STRING, true, 16}};
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 1);
    if (!b)
        return;
    enum group_role role;
    if (group_role_parse(api_str(b, "role"), &role)) {
        json_decref(b);
        http_problem(r, 422, "invalid_role", "A member's role is member or admin.", "role");
        return;
    }
    json_decref(b);
    int64_t gid = http_path_id(r, "id"), uid = http_path_id(r, "user_id");
    struct fail f = {0};
    if (member_set_role(c->st, &r->arena, &c->viewer, gid, uid, role, &f))
        api_fail(r, &f);
    else
        membership_answer(r, 200, gid, uid, MEMBER_ACTIVE, role);
}

void h_members_remove(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct fail f = {0};
    if (member_remove(c->st, &r->arena, &c->viewer, http_path_id(r, "id"),
                      http_path_id(r, "user_id"), &f))
        api_fail(r, &f);
    else
        http_respond(r, 204, NULL, "", 0);
}
