/* The api layer's machinery: dispatch (a database connection, the signed-in
 * person, CSRF), declared request bodies, failure mapping, and the JSON
 * encoders every handler shares so an object looks the same everywhere. */
#include "api/api.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/account.h"
#include "core/perm.h"
#include "core/post.h"
#include "util/log.h"
#include "util/secret.h"
#include "util/utf8.h"

/* ---- dispatch ---- */

static bool safe_method(enum http_method m)
{
    return m == HTTP_GET;
}

/* Resolves the caller from a bearer token or the session cookie. */
static bool authenticate(struct http_req *r, struct api_ctx *c)
{
    struct fail f = {0};
    const char *auth = http_header(r, "Authorization");
    if (auth) {
        if (strncasecmp(auth, "Bearer ", 7) != 0 ||
            account_token_user(c->st, &r->arena, auth + 7, &c->user, &f)) {
            if (!f.err)
                core_fail(&f, CORE_UNAUTH, "unauthenticated",
                          "Use 'Authorization: Bearer <token>'.", NULL);
            http_add_header(r, "WWW-Authenticate", "Bearer");
            api_fail(r, &f);
            return false;
        }
    } else {
        const char *cookie = http_cookie(r, SESSION_COOKIE);
        const char *csrf = NULL;
        if (!cookie || account_session_user(c->st, &r->arena, cookie, &c->user, &csrf, &f)) {
            if (!f.err)
                core_fail(&f, CORE_UNAUTH, "unauthenticated", "Sign in to continue.", NULL);
            api_fail(r, &f);
            return false;
        }
        c->cookie_auth = true;
        c->session = cookie;
        c->csrf = csrf;
        if (!safe_method(r->method)) {
            const char *given = http_header(r, "X-CSRF-Token");
            if (!given || !csrf || !secret_equal(given, csrf)) {
                http_problem(r, 403, "csrf_failed",
                             "This request is missing its CSRF token (X-CSRF-Token). Reload the "
                             "page and try again.",
                             NULL);
                return false;
            }
        }
    }
    c->viewer.id = c->user.id;
    c->viewer.role = c->user.role;
    c->viewer.login = c->user.login;
    c->viewer.comms = c->user.comms;
    c->viewer.monitor = c->user.monitor;
    r->log_user = c->user.id;
    return true;
}

void api_dispatch(struct http_req *r)
{
    struct api_app *app = r->app;
    struct api_ctx *c = arena_alloc(&r->arena, sizeof *c);
    if (!c) {
        http_problem(r, 503, "no_memory", "The server is out of memory.", NULL);
        return;
    }
    memset(c, 0, sizeof *c);
    r->ctx = c;
    if (r->route->flags & API_NO_STORE) {
        r->route->fn(r);
        return;
    }
    c->st = store_acquire(app->pool);
    if (!c->st) {
        http_problem(r, 503, "database_unavailable", "The database cannot be reached.", NULL);
        return;
    }
    if ((r->route->flags & API_PUBLIC) || authenticate(r, c))
        r->route->fn(r);
    store_release(app->pool, c->st);
    c->st = NULL;
}

/* ---- bodies ---- */

static const char *type_name(json_type t)
{
    switch (t) {
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_TRUE:
    case JSON_FALSE:
        return "true or false";
    case JSON_ARRAY:
        return "an array of ids";
    default:
        return "a value";
    }
}

static bool type_ok(json_t *v, json_type want)
{
    if (want == JSON_TRUE || want == JSON_FALSE)
        return json_is_boolean(v);
    return json_typeof(v) == want;
}

static bool is_id(json_t *v)
{
    return json_is_integer(v) && json_integer_value(v) > 0 && json_integer_value(v) <= (1LL << 53);
}

/* An array field: at most fd->max elements, each an id. Sets the problem. */
static bool array_ok(struct http_req *r, const struct body_field *fd, json_t *v)
{
    if (json_array_size(v) > fd->max) {
        char *d = arena_printf(&r->arena, "'%s' can hold at most %zu ids.", fd->name, fd->max);
        http_problem(r, 422, "too_many", d ? d : "A list is too long.", fd->name);
        return false;
    }
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x)
    {
        if (!json_is_integer(x)) {
            char *d = arena_printf(&r->arena, "'%s' must be %s.", fd->name, type_name(fd->type));
            http_problem(r, 400, "invalid_type", d ? d : "A field has the wrong type.", fd->name);
            return false;
        }
        if (!is_id(x)) {
            http_problem(r, 422, "invalid_id", "An id is a positive integer.", fd->name);
            return false;
        }
    }
    return true;
}

json_t *api_body(struct http_req *r, const struct body_field *fields, size_t n)
{
    if (r->body_len == 0)
        goto empty;
    const char *ct = http_header(r, "Content-Type");
    /* application/json, optionally with parameters; not application/jsonp. */
    if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
        (ct[16] && ct[16] != ';' && ct[16] != ' ' && ct[16] != '\t')) {
        http_problem(r, 415, "unsupported_media_type",
                     "Send the request body as JSON with 'Content-Type: application/json'.", NULL);
        return NULL;
    }
    if (!utf8_valid(r->body, r->body_len)) {
        http_problem(r, 400, "invalid_utf8", "The request body is not valid UTF-8.", NULL);
        return NULL;
    }
    json_error_t err;
    json_t *o = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
    if (!o) {
        char *d = arena_printf(&r->arena, "The body is not valid JSON (line %d, column %d: %s).",
                               err.line, err.column, err.text);
        http_problem(r, 400, "malformed_json", d ? d : "The body is not valid JSON.", NULL);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        http_problem(r, 400, "invalid_body", "The body must be a JSON object.", NULL);
        return NULL;
    }
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        const struct body_field *fd = NULL;
        for (size_t i = 0; i < n; i++)
            if (strcmp(fields[i].name, key) == 0)
                fd = &fields[i];
        if (!fd) {
            http_problem(r, 400, "unknown_field",
                         "The body has a field this endpoint does not take.",
                         arena_strdup(&r->arena, key));
            json_decref(o);
            return NULL;
        }
        if (!type_ok(v, fd->type)) {
            char *d = arena_printf(&r->arena, "'%s' must be %s.", fd->name, type_name(fd->type));
            http_problem(r, 400, "invalid_type", d ? d : "A field has the wrong type.", fd->name);
            json_decref(o);
            return NULL;
        }
        if (fd->type == JSON_STRING && fd->max && json_string_length(v) > fd->max) {
            char *d = arena_printf(&r->arena, "'%s' can be at most %zu bytes.", fd->name, fd->max);
            http_problem(r, 422, "too_long", d ? d : "A field is too long.", fd->name);
            json_decref(o);
            return NULL;
        }
        if (fd->type == JSON_ARRAY && !array_ok(r, fd, v)) {
            json_decref(o);
            return NULL;
        }
        if (fd->type == JSON_INTEGER && fd->max == 0 &&
            (json_integer_value(v) <= 0 || json_integer_value(v) > (1LL << 53))) {
            http_problem(r, 422, "invalid_id", "An id is a positive integer.", fd->name);
            json_decref(o);
            return NULL;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (fields[i].required && !json_object_get(o, fields[i].name)) {
            char *d = arena_printf(&r->arena, "'%s' is required.", fields[i].name);
            http_problem(r, 422, "required", d ? d : "A field is missing.", fields[i].name);
            json_decref(o);
            return NULL;
        }
    }
    return o;
empty:
    for (size_t i = 0; i < n; i++) {
        if (fields[i].required) {
            char *d = arena_printf(&r->arena, "'%s' is required.", fields[i].name);
            http_problem(r, 422, "required", d ? d : "A field is missing.", fields[i].name);
            return NULL;
        }
    }
    return json_object();
}

const char *api_str(json_t *o, const char *name)
{
    return json_string_value(json_object_get(o, name));
}

int64_t api_int(json_t *o, const char *name)
{
    return json_integer_value(json_object_get(o, name));
}

bool api_has(json_t *o, const char *name)
{
    return json_object_get(o, name) != NULL;
}

/* ---- responses ---- */

void api_fail(struct http_req *r, const struct fail *f)
{
    static const int status[] = {
        [CORE_OK] = 500,        [CORE_INVALID] = 422,     [CORE_UNAUTH] = 401,
        [CORE_FORBIDDEN] = 403, [CORE_NOTFOUND] = 404,    [CORE_CONFLICT] = 409,
        [CORE_THROTTLED] = 429, [CORE_UNAVAILABLE] = 503, [CORE_ERROR] = 500,
    };
    int st = (unsigned)f->err < sizeof status / sizeof status[0] ? status[f->err] : 500;
    if (f->err == CORE_THROTTLED && f->retry_after_s > 0) {
        char *ra = arena_printf(&r->arena, "%lld", (long long)f->retry_after_s);
        if (ra)
            http_add_header(r, "Retry-After", ra);
    }
    if (st == 500)
        log_at(LOG_ERROR, r->id, "internal error answering %s: %s", r->path,
               f->code ? f->code : "?");
    http_problem(r, st, f->code ? f->code : "internal",
                 f->detail ? f->detail : "Something went wrong on the server.", f->field);
}

size_t api_limit(struct http_req *r)
{
    int64_t l;
    return http_query_int(r, "limit", &l) ? (size_t)l : LIMIT_PAGE_DEFAULT;
}

json_t *api_time(int64_t ms)
{
    if (!ms)
        return json_null();
    time_t sec = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&sec, &tm);
    char buf[40];
    size_t k = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + k, sizeof buf - k, ".%03dZ", (int)(ms % 1000));
    return json_string(buf);
}

json_t *api_cursor(int64_t next)
{
    return next ? json_sprintf("%lld", (long long)next) : json_null();
}

json_t *api_page(json_t *items, int64_t next)
{
    return json_pack("{s:o, s:o}", "items", items, "next_cursor", api_cursor(next));
}

static json_t *id_or_null(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

json_t *api_user_brief(const struct user *u)
{
    return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)u->id, "login", u->login, "name",
                     u->name, "title", u->title ? u->title : "");
}

json_t *api_user(const struct user *u)
{
    json_t *o = api_user_brief(u);
    if (!o)
        return NULL;
    json_object_set_new(o, "org",
                        u->org_id ? json_pack("{s:I, s:s}", "id", (json_int_t)u->org_id, "name",
                                              u->org_name ? u->org_name : "")
                                  : json_null());
    json_object_set_new(o, "manager_id", id_or_null(u->manager_id));
    json_object_set_new(o, "role", json_string(user_role_str(u->role)));
    json_object_set_new(o, "status", json_string(user_status_str(u->status)));
    json_object_set_new(o, "communications", json_boolean(u->comms));
    json_object_set_new(o, "monitor", json_boolean(u->monitor));
    json_object_set_new(o, "created_at", api_time(u->created_at));
    return o;
}

json_t *api_group(const struct viewer *v, const struct group *g)
{
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:I, s:b, s:o, s:o, s:I}", "id", (json_int_t)g->id, "name",
                  g->name, "purpose", g->purpose, "privacy", privacy_str(g->privacy),
                  "member_count", (json_int_t)g->member_count, "archived", g->archived_at != 0,
                  "archived_at", api_time(g->archived_at), "created_at", api_time(g->created_at),
                  "created_by", (json_int_t)g->created_by);
    if (!o)
        return NULL;
    json_t *me =
        json_pack("{s:s, s:o, s:b, s:b, s:b}", "state", member_state_str(g->viewer_state), "role",
                  g->viewer_state == MEMBER_ACTIVE ? json_string(group_role_str(g->viewer_role))
                                                   : json_null(),
                  "can_read", perm_group(v, g, PERM_READ_CONTENT), "can_post",
                  perm_group(v, g, PERM_POST), "can_manage", perm_group(v, g, PERM_MANAGE));
    json_object_set_new(o, "viewer", me);
    return o;
}

json_t *api_comment(const struct viewer *v, const struct comment *c, bool moderate)
{
    json_t *o =
        json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:o, s:o, s:b, s:I}", "id", (json_int_t)c->id,
                  "post_id", (json_int_t)c->post_id, "parent_id", id_or_null(c->parent_id),
                  "author", api_user_brief(&c->author), "body", c->body, "body_html", c->body_html,
                  "created_at", api_time(c->created_at), "edited_at", api_time(c->edited_at),
                  "edited", c->edited_at != 0, "reply_count", (json_int_t)c->reply_count);
    if (o)
        json_object_set_new(o, "viewer",
                            json_pack("{s:b}", "can_delete", moderate || v->id == c->author.id));
    return o;
}

json_t *api_receipt_counts(const struct receipt_counts *c)
{
    return json_pack("{s:I, s:I, s:I}", "audience", (json_int_t)c->audience, "seen",
                     (json_int_t)c->seen, "acknowledged", (json_int_t)c->acknowledged);
}

/* null for a post never marked important. */
static json_t *api_important(const struct post *p, bool active)
{
    if (!p->important_at)
        return json_null();
    json_t *o =
        json_pack("{s:b, s:o, s:o, s:I, s:o}", "active", active, "until",
                  api_time(p->important_until), "marked_at", api_time(p->important_at), "marked_by",
                  (json_int_t)p->important_by, "nudged_at", api_time(p->nudged_at));
    if (o && p->has_receipts)
        json_object_set_new(o, "receipts", api_receipt_counts(&p->receipts));
    return o;
}

int64_t *api_ids(struct http_req *r, json_t *o, const char *name, size_t *n, bool *failed)
{
    json_t *ids = json_object_get(o, name);
    *n = ids ? json_array_size(ids) : 0;
    *failed = false;
    if (!*n)
        return NULL;
    int64_t *v = arena_alloc(&r->arena, *n * sizeof *v);
    if (!v) {
        http_problem(r, 503, "no_memory", "The server is out of memory.", NULL);
        *failed = true;
        return NULL;
    }
    for (size_t i = 0; i < *n; i++)
        v[i] = json_integer_value(json_array_get(ids, i));
    return v;
}

json_t *api_post(const struct viewer *v, const struct post *p)
{
    struct post_rights rights;
    post_rights(v, p, &rights);
    json_t *reactions = json_object();
    for (int k = 0; reactions && k < REACTION_KINDS; k++)
        if (p->reaction_by_kind[k] > 0)
            json_object_set_new(reactions, store_reaction_kinds[k],
                                json_integer(p->reaction_by_kind[k]));
    json_t *latest = json_array();
    for (size_t i = 0; latest && i < p->n_latest; i++)
        json_array_append_new(latest, api_comment(v, &p->latest[i], rights.can_moderate));
    json_t *o = json_pack(
        "{s:I, s:{s:I, s:s, s:s}, s:o, s:s, s:s, s:o, s:o, s:b, s:I, s:I, s:o, s:o, s:o}", "id",
        (json_int_t)p->id, "group", "id", (json_int_t)p->group_id, "name", p->group_name, "privacy",
        privacy_str(p->group_privacy), "author", api_user_brief(&p->author), "body", p->body,
        "body_html", p->body_html, "created_at", api_time(p->created_at), "edited_at",
        api_time(p->edited_at), "edited", p->edited_at != 0, "comment_count",
        (json_int_t)p->comment_count, "reaction_count", (json_int_t)p->reaction_count, "reactions",
        reactions, "viewer_reaction",
        p->viewer_reaction >= 0 ? json_string(store_reaction_kinds[p->viewer_reaction])
                                : json_null(),
        "latest_comments", latest);
    bool active = p->important_until > core_now_ms();
    if (o)
        json_object_set_new(o, "important", api_important(p, active));
    json_t *images = json_array();
    for (size_t i = 0; images && i < p->n_images; i++)
        json_array_append_new(images, api_image(&p->images[i]));
    if (o)
        json_object_set_new(o, "images", images);
    else
        json_decref(images);
    if (o)
        json_object_set_new(
            o, "viewer",
            json_pack("{s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:b, s:o, s:o}", "can_edit",
                      rights.can_edit, "can_delete", rights.can_delete, "can_comment",
                      rights.can_comment, "following", p->viewer_following, "can_mark_important",
                      rights.can_mark_important, "can_see_receipts", rights.can_see_receipts,
                      "can_acknowledge", rights.can_acknowledge, "must_acknowledge",
                      active && rights.can_acknowledge && !p->viewer_acked_at, "seen_at",
                      api_time(p->viewer_seen_at), "acknowledged_at",
                      api_time(p->viewer_acked_at)));
    return o;
}
