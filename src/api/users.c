/* The staff directory and the organisation tree. Every active user of the
 * district may see every colleague's name, title and school. */
#include "api/api.h"

static void store_problem(struct http_req *r, enum store_err e)
{
    struct fail f = {0};
    core_store_fail(&f, e);
    api_fail(r, &f);
}

void h_users_list(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    const char *login = http_query_str(r, "login");
    if (login) { /* exact: where a mention's /people/LOGIN link leads */
        struct user u;
        enum store_err e = store_user_by_login(c->st, &r->arena, login, &u, NULL);
        if (e && e != STORE_NOTFOUND) {
            store_problem(r, e);
            return;
        }
        json_t *items = json_array();
        if (!e)
            json_array_append_new(items, api_user(&u));
        http_json(r, 200, api_page(items, 0));
        return;
    }
    size_t limit = api_limit(r);
    int64_t org = 0;
    http_query_int(r, "org_id", &org);
    struct user *u;
    size_t n;
    enum store_err e = store_user_list(c->st, &r->arena, http_query_str(r, "q"), org,
                                       http_query_str(r, "cursor"), limit + 1, &u, &n);
    if (e) {
        store_problem(r, e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n && i < limit; i++)
        json_array_append_new(items, api_user(&u[i]));
    json_t *page = api_page(items, 0);
    if (n > limit)
        json_object_set_new(page, "next_cursor", json_string(u[limit - 1].login));
    http_json(r, 200, page);
}

void h_users_get(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct user u;
    enum store_err e = store_user_get(c->st, &r->arena, http_path_id(r, "id"), &u);
    if (e) {
        store_problem(r, e);
        return;
    }
    http_json(r, 200, api_user(&u));
}

void h_orgs_list(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct org *o;
    size_t n;
    enum store_err e = store_org_list(c->st, &r->arena, &o, &n);
    if (e) {
        store_problem(r, e);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:I, s:o, s:s, s:s}", "id", (json_int_t)o[i].id, "parent_id",
                             o[i].parent_id ? json_integer(o[i].parent_id) : json_null(), "kind",
                             org_kind_str(o[i].kind), "name", o[i].name));
    http_json(r, 200, api_page(items, 0));
}
