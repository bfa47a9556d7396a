/* Signing in and out, the signed-in person, and API tokens. */
#include <string.h>

#include "api/api.h"
#include "api/stream.h"
#include "core/account.h"

static void set_cookie(struct http_req *r, const char *value, int64_t max_age_s)
{
    struct api_app *app = r->app;
    char *c = arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%lld%s",
                           SESSION_COOKIE, value, (long long)max_age_s,
                           app->secure_cookies ? "; Secure" : "");
    if (c)
        http_add_header(r, "Set-Cookie", c);
}

void h_session_create(struct http_req *r)
{
    static const struct body_field fields[] = {
        {"login", JSON_STRING, true, 256},
        {"password", JSON_STRING, true, 1024},
    };
    struct api_ctx *c = api_ctx(r);
    struct api_app *app = r->app;
    json_t *b = api_body(r, fields, 2);
    if (!b)
        return;
    struct login_result res;
    struct fail f = {0};
    const char *old = http_cookie(r, SESSION_COOKIE);
    if (account_login(c->st, &r->arena, api_str(b, "login"), api_str(b, "password"), r->ip, old,
                      app->session_ttl_ms, &res, &f)) {
        json_decref(b);
        api_fail(r, &f);
        return;
    }
    json_decref(b);
    r->log_user = res.user.id;
    set_cookie(r, res.session, app->session_ttl_ms / 1000);
    http_json(r, 200,
              json_pack("{s:o, s:s, s:o}", "user", api_user(&res.user), "csrf_token", res.csrf,
                        "expires_at", api_time(core_now_ms() + app->session_ttl_ms)));
}

void h_session_delete(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    if (c->session) {
        account_logout(c->st, c->session);
        stream_end_session(c->viewer.id, c->session); /* its live streams end now */
    }
    set_cookie(r, "", 0);
    http_respond(r, 204, NULL, "", 0);
}

/* The signed-in person and, for a cookie session, its CSRF token: what a
 * web client needs after a reload, since the cookie itself is HttpOnly. */
void h_session_get(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    http_json(r, 200,
              json_pack("{s:o, s:o}", "user", api_user(&c->user), "csrf_token",
                        c->csrf ? json_string(c->csrf) : json_null()));
}

void h_me(struct http_req *r)
{
    http_json(r, 200, api_user(&api_ctx(r)->user));
}

void h_tokens_create(struct http_req *r)
{
    static const struct body_field fields[] = {{"name", JSON_STRING, false, 400}};
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 1);
    if (!b)
        return;
    const char *name = api_has(b, "name") ? api_str(b, "name") : "API token";
    char token[SECRET_TOKEN_LEN + 1];
    int64_t id = 0;
    struct fail f = {0};
    if (account_token_create(c->st, &c->viewer, name, token, &id, &f)) {
        json_decref(b);
        api_fail(r, &f);
        return;
    }
    http_json(r, 201,
              json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "name", name, "token", token));
    json_decref(b);
}

void h_tokens_list(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct api_token *t;
    size_t n;
    enum store_err e = store_token_list(c->st, &r->arena, c->viewer.id, &t, &n);
    if (e) {
        struct fail f = {0};
        core_store_fail(&f, e);
        api_fail(r, &f);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)t[i].id, "name",
                                               t[i].name, "created_at", api_time(t[i].created_at)));
    http_json(r, 200, api_page(items, 0));
}

void h_tokens_delete(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct fail f = {0};
    enum store_err e = store_begin_write(c->st);
    if (!e) {
        e = store_token_revoke(c->st, http_path_id(r, "id"), c->viewer.id, core_now_ms());
        if (!e)
            e = store_commit(c->st);
        else
            store_rollback(c->st);
    }
    if (e) {
        core_store_fail(&f, e);
        api_fail(r, &f);
        return;
    }
    http_respond(r, 204, NULL, "", 0);
}
