/* The api layer's machinery: dispatch (a database connection, the signed-in
 * person, CSRF), declared request bodies, failure mapping, and the JSON
 * encoders every handler shares so an object looks the same everywhere. */
#include "api/api.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/account.h"
#include "core/media.h"
#include "core/perm.h"
#include "core/post.h"
#include "util/log.h"
#include "util/secret.h"
#include "util/utf8.h"

/* The room a timestamp takes: "2026-11-23T09:30:00.000Z" and more for
 * years beyond 9999. */
#define API_TIME_SIZE 40

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

/* ms since the epoch as RFC 3339 UTC with milliseconds into out:
 * "2026-11-23T09:30:00.000Z". Civil date from the day count (H. Hinnant's
 * days_from_civil inverse) rather than gmtime_r, which takes glibc's
 * time-zone lock on every call and so serialises the server's threads. */
static size_t time_format(int64_t ms, char out[API_TIME_SIZE])
{
    int64_t sec = ms / 1000 - (ms % 1000 < 0), msec = ms - sec * 1000;
    int64_t days = sec / 86400 - (sec % 86400 < 0), tod = sec - days * 86400;
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = yoe + era * 400 + (m <= 2);
    if (y < 0 || y > 9999) { /* never stored; printed the slow way */
        int n = snprintf(out, API_TIME_SIZE, "%lld-%02d-%02dT%02d:%02d:%02d.%03dZ", (long long)y,
                         (int)m, (int)d, (int)(tod / 3600), (int)(tod / 60 % 60), (int)(tod % 60),
                         (int)msec);
        return n < 0 ? 0 : (size_t)n < API_TIME_SIZE ? (size_t)n : API_TIME_SIZE - 1;
    }
    /* Each field's digits into its place in the pattern. */
    static const char pattern[] = "0000-00-00T00:00:00.000Z";
    const struct {
        int at, width;
        int64_t v;
    } fields[] = {
        {0, 4, y},         {5, 2, m},    {8, 2, d}, {11, 2, tod / 3600}, {14, 2, tod / 60 % 60},
        {17, 2, tod % 60}, {20, 3, msec}};
    memcpy(out, pattern, sizeof pattern);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        int64_t v = fields[i].v;
        for (int k = fields[i].at + fields[i].width - 1; k >= fields[i].at; k--, v /= 10)
            out[k] = (char)('0' + v % 10);
    }
    return sizeof pattern - 1;
}

json_t *api_time(int64_t ms)
{
    if (!ms)
        return json_null();
    char buf[API_TIME_SIZE];
    size_t n = time_format(ms, buf);
    return json_stringn(buf, n);
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

json_t *api_receipt_counts(const struct receipt_counts *c)
{
    return json_pack("{s:I, s:I, s:I}", "audience", (json_int_t)c->audience, "seen",
                     (json_int_t)c->seen, "acknowledged", (json_int_t)c->acknowledged);
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

/* ---- the objects of posts, written with util/jsonw ----
 * A feed page is the server's largest and most frequent answer: its posts,
 * comments and images are written straight into the response's buffer. The
 * jansson forms of a post and a comment (api_post, api_comment) are read
 * back from these writers, so that each shape has one definition. */

/* key: the time as api_time writes it, or null for 0. */
static void w_time(struct jsonw *w, const char *key, int64_t ms)
{
    char buf[API_TIME_SIZE];
    jsonw_key(w, key);
    if (ms)
        jsonw_string_len(w, buf, time_format(ms, buf));
    else
        jsonw_null(w);
}

/* key: the id, or null for 0. */
static void w_id(struct jsonw *w, const char *key, int64_t id)
{
    if (id)
        jsonw_kint(w, key, id);
    else
        jsonw_knull(w, key);
}

void api_user_brief_write(struct jsonw *w, const struct user *u)
{
    jsonw_object(w);
    jsonw_kint(w, "id", u->id);
    jsonw_kstring(w, "login", u->login);
    jsonw_kstring(w, "name", u->name);
    jsonw_kstring(w, "title", u->title ? u->title : "");
    jsonw_object_end(w);
}

void api_cursor_write(struct jsonw *w, int64_t next)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)next);
    if (next && n > 0)
        jsonw_string_len(w, buf, (size_t)n);
    else
        jsonw_null(w);
}

void api_image_write(struct jsonw *w, const struct media *m)
{
    char url[64];
    int n = snprintf(url, sizeof url, "/api/v1/images/%lld", (long long)m->id);
    size_t len = n > 0 && (size_t)n < sizeof url ? (size_t)n : 0;
    jsonw_object(w);
    jsonw_kint(w, "id", m->id);
    jsonw_kstring(w, "mime", m->mime);
    jsonw_kint(w, "width", m->width);
    jsonw_kint(w, "height", m->height);
    jsonw_kint(w, "bytes", m->bytes);
    jsonw_key(w, "url");
    jsonw_string_len(w, url, len);
    jsonw_kobject(w, "thumbnail");
    char thumb[80];
    memcpy(thumb, url, len);
    memcpy(thumb + len, "/thumbnail", sizeof "/thumbnail");
    jsonw_kstring(w, "url", thumb);
    jsonw_kint(w, "width", m->thumb_width);
    jsonw_kint(w, "height", m->thumb_height);
    jsonw_object_end(w);
    jsonw_kstring(w, "alt", m->alt); /* null when there is none */
    jsonw_kbool(w, "shows_students", m->shows_students);
    jsonw_object_end(w);
}

void api_comment_write(struct jsonw *w, const struct viewer *v, const struct comment *c,
                       bool moderate)
{
    jsonw_object(w);
    jsonw_kint(w, "id", c->id);
    jsonw_kint(w, "post_id", c->post_id);
    w_id(w, "parent_id", c->parent_id);
    jsonw_key(w, "author");
    api_user_brief_write(w, &c->author);
    jsonw_kstring(w, "body", c->body);
    jsonw_kstring(w, "body_html", c->body_html);
    w_time(w, "created_at", c->created_at);
    w_time(w, "edited_at", c->edited_at);
    jsonw_kbool(w, "edited", c->edited_at != 0);
    jsonw_kint(w, "reply_count", c->reply_count);
    jsonw_kobject(w, "viewer");
    jsonw_kbool(w, "can_delete", moderate || v->id == c->author.id);
    jsonw_object_end(w);
    jsonw_object_end(w);
}

/* important: null for a post never marked important. */
static void w_important(struct jsonw *w, const struct post *p, bool active)
{
    jsonw_key(w, "important");
    if (!p->important_at) {
        jsonw_null(w);
        return;
    }
    jsonw_object(w);
    jsonw_kbool(w, "active", active);
    w_time(w, "until", p->important_until);
    w_time(w, "marked_at", p->important_at);
    jsonw_kint(w, "marked_by", p->important_by);
    w_time(w, "nudged_at", p->nudged_at);
    if (p->has_receipts) {
        jsonw_kobject(w, "receipts");
        jsonw_kint(w, "audience", p->receipts.audience);
        jsonw_kint(w, "seen", p->receipts.seen);
        jsonw_kint(w, "acknowledged", p->receipts.acknowledged);
        jsonw_object_end(w);
    }
    jsonw_object_end(w);
}

void api_post_write(struct jsonw *w, const struct viewer *v, const struct post *p)
{
    struct post_rights rights;
    post_rights(v, p, &rights);
    bool active = p->important_until > core_now_ms();
    jsonw_object(w);
    jsonw_kint(w, "id", p->id);
    jsonw_kobject(w, "group");
    jsonw_kint(w, "id", p->group_id);
    jsonw_kstring(w, "name", p->group_name);
    jsonw_kstring(w, "privacy", privacy_str(p->group_privacy));
    jsonw_object_end(w);
    jsonw_key(w, "author");
    api_user_brief_write(w, &p->author);
    jsonw_kstring(w, "body", p->body);
    jsonw_kstring(w, "body_html", p->body_html);
    w_time(w, "created_at", p->created_at);
    w_time(w, "edited_at", p->edited_at);
    jsonw_kbool(w, "edited", p->edited_at != 0);
    jsonw_kint(w, "comment_count", p->comment_count);
    jsonw_kint(w, "reaction_count", p->reaction_count);
    jsonw_kobject(w, "reactions");
    for (int k = 0; k < REACTION_KINDS; k++)
        if (p->reaction_by_kind[k] > 0)
            jsonw_kint(w, store_reaction_kinds[k], p->reaction_by_kind[k]);
    jsonw_object_end(w);
    jsonw_kstring(w, "viewer_reaction",
                  p->viewer_reaction >= 0 ? store_reaction_kinds[p->viewer_reaction] : NULL);
    jsonw_karray(w, "latest_comments");
    for (size_t i = 0; i < p->n_latest; i++)
        api_comment_write(w, v, &p->latest[i], rights.can_moderate);
    jsonw_array_end(w);
    w_important(w, p, active);
    jsonw_karray(w, "images");
    for (size_t i = 0; i < p->n_images; i++)
        api_image_write(w, &p->images[i]);
    jsonw_array_end(w);
    jsonw_kobject(w, "viewer");
    jsonw_kbool(w, "can_edit", rights.can_edit);
    jsonw_kbool(w, "can_delete", rights.can_delete);
    jsonw_kbool(w, "can_comment", rights.can_comment);
    jsonw_kbool(w, "following", p->viewer_following);
    jsonw_kbool(w, "can_mark_important", rights.can_mark_important);
    jsonw_kbool(w, "can_see_receipts", rights.can_see_receipts);
    jsonw_kbool(w, "can_acknowledge", rights.can_acknowledge);
    jsonw_kbool(w, "must_acknowledge", active && rights.can_acknowledge && !p->viewer_acked_at);
    w_time(w, "seen_at", p->viewer_seen_at);
    w_time(w, "acknowledged_at", p->viewer_acked_at);
    jsonw_object_end(w);
    jsonw_object_end(w);
}

/* The jansson value of what write wrote for one object; NULL when out of
 * memory. For handlers that put the object inside a jansson tree. */
static json_t *read_back(struct jsonw *w, struct buf *b)
{
    json_t *j = jsonw_end(w) ? NULL : json_loadb(b->data, b->len, 0, NULL);
    buf_free(b);
    return j;
}

json_t *api_post(const struct viewer *v, const struct post *p)
{
    struct buf b;
    struct jsonw w;
    buf_init(&b, API_JSON_MAX);
    jsonw_init(&w, &b);
    api_post_write(&w, v, p);
    return read_back(&w, &b);
}

json_t *api_comment(const struct viewer *v, const struct comment *c, bool moderate)
{
    struct buf b;
    struct jsonw w;
    buf_init(&b, API_JSON_MAX);
    jsonw_init(&w, &b);
    api_comment_write(&w, v, c, moderate);
    return read_back(&w, &b);
}

void api_json_start(struct api_json *j)
{
    buf_init(&j->buf, API_JSON_MAX);
    jsonw_init(&j->w, &j->buf);
}

void api_json_send(struct http_req *r, int status, struct api_json *j)
{
    if (jsonw_end(&j->w)) {
        http_problem(r, 503, "no_memory", "The server is out of memory.", NULL);
        buf_free(&j->buf);
        return;
    }
    size_t len;
    char *body = buf_detach(&j->buf, &len);
    http_respond_take(r, status, "application/json", body, len);
}
