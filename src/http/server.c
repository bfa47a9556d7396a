/* The libmicrohttpd adapter: epoll with one thread per core, request bodies
 * collected under a bound, routing by table, declared-parameter checking,
 * responses, access logs and per-route metrics. A response is queued only
 * on the final call of the access handler, never the first: in 0.9.75
 * queueing on the first call sends `Connection: close` and kills keep-alive. */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/sse.h"
#include "http/static.h"
#include "util/log.h"
#include "util/metrics.h"
#include "util/utf8.h"

#define ARENA_MAX (64u * 1024u * 1024u)

struct compiled_route {
    const struct http_route *route;
    size_t n_segs;
    const char *seg[HTTP_MAX_SEGS]; /* literal, or NULL for a parameter */
    char *pname[HTTP_MAX_SEGS];
    bool is_word[HTTP_MAX_SEGS];
    struct metrics_hist *hist;
    struct metrics_counter *by_class[6];
    char *storage;
};

struct http_server {
    struct MHD_Daemon *d;
    struct compiled_route *routes;
    size_t n_routes;
    void (*dispatch)(struct http_req *r);
    void *app;
    size_t max_body, max_upload;
    struct http_static *web;
    struct metrics_hist *unmatched_hist;
    struct metrics_counter *unmatched_by_class[6];
};

static const char *const method_names[HTTP_METHOD__MAX] = {"GET", "POST", "PUT", "PATCH", "DELETE"};

const char *http_method_str(enum http_method m)
{
    return (unsigned)m < HTTP_METHOD__MAX ? method_names[m] : "?";
}

static int method_parse(const char *s, enum http_method *out)
{
    for (int i = 0; i < HTTP_METHOD__MAX; i++) {
        if (strcmp(s, method_names[i]) == 0) {
            *out = (enum http_method)i;
            return 0;
        }
    }
    if (strcmp(s, "HEAD") == 0) { /* answered like GET; the body is dropped by MHD */
        *out = HTTP_GET;
        return 0;
    }
    return -1;
}

/* ---- routing ---- */

static int compile_route(const struct http_route *rt, struct compiled_route *c)
{
    memset(c, 0, sizeof *c);
    c->route = rt;
    c->storage = strdup(rt->pattern);
    if (!c->storage)
        return -1;
    char *save = NULL;
    for (char *tok = strtok_r(c->storage, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
        if (c->n_segs == HTTP_MAX_SEGS)
            return -1;
        size_t i = c->n_segs++;
        size_t n = strlen(tok);
        if (tok[0] == '{' && tok[n - 1] == '}') {
            tok[n - 1] = '\0';
            char *colon = strchr(tok + 1, ':');
            if (colon) {
                *colon = '\0';
                c->is_word[i] = strcmp(colon + 1, "word") == 0;
            }
            c->pname[i] = tok + 1;
        } else {
            c->seg[i] = tok;
        }
    }
    char labels[160];
    snprintf(labels, sizeof labels, "route=\"%s\",method=\"%s\"", rt->pattern,
             http_method_str(rt->method));
    c->hist = metrics_hist("staffroom_http_request_duration_seconds", labels);
    for (int k = 1; k <= 5; k++) {
        snprintf(labels, sizeof labels, "route=\"%s\",method=\"%s\",code=\"%dxx\"", rt->pattern,
                 http_method_str(rt->method), k);
        c->by_class[k] = metrics_counter("staffroom_http_responses_total", labels);
    }
    return 0;
}

static bool valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 16 || s[0] == '0')
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return strtoll(s, NULL, 10) <= (1LL << 53);
}

static bool valid_word(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
            return false;
    return true;
}

enum match { MATCH_NONE, MATCH_PATH, MATCH_FULL };

/* Splits path into segments (in the arena) and finds the route. A path that
 * matches a pattern but not its method reports MATCH_PATH, for 405. */
static enum match route_find(struct http_server *srv, struct http_req *r, const char *path,
                             unsigned *allowed)
{
    *allowed = 0;
    char *copy = arena_strdup(&r->arena, path);
    if (!copy)
        return MATCH_NONE;
    const char *segs[HTTP_MAX_SEGS + 1];
    size_t n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(copy, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
        if (n > HTTP_MAX_SEGS)
            return MATCH_NONE;
        segs[n++] = tok;
    }
    if (n > HTTP_MAX_SEGS)
        return MATCH_NONE;
    enum match best = MATCH_NONE;
    for (size_t i = 0; i < srv->n_routes; i++) {
        struct compiled_route *c = &srv->routes[i];
        if (c->n_segs != n)
            continue;
        bool ok = true;
        for (size_t k = 0; ok && k < n; k++) {
            if (c->seg[k])
                ok = strcmp(c->seg[k], segs[k]) == 0;
            else
                ok = c->is_word[k] ? valid_word(segs[k]) : valid_id(segs[k]);
        }
        if (!ok)
            continue;
        if (c->route->method != r->method) {
            best = MATCH_PATH;
            *allowed |= 1u << c->route->method;
            continue;
        }
        r->route = c->route;
        r->n_path = 0;
        for (size_t k = 0; k < n; k++) {
            if (!c->seg[k]) {
                r->path_name[r->n_path] = c->pname[k];
                r->path_val[r->n_path++] = segs[k];
            }
        }
        return MATCH_FULL;
    }
    return best;
}

static struct compiled_route *compiled_of(struct http_server *srv, const struct http_route *rt)
{
    for (size_t i = 0; i < srv->n_routes; i++)
        if (srv->routes[i].route == rt)
            return &srv->routes[i];
    return NULL;
}

/* ---- query parameters ---- */

struct qctx {
    struct http_req *r;
    const char *bad_code, *bad_name, *bad_detail;
};

static enum MHD_Result query_each(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    struct qctx *q = cls;
    struct http_req *r = q->r;
    const struct http_route *rt = r->route;
    const char *v = value ? value : "";
    (void)kind;
    for (size_t i = 0; i < rt->n_params; i++) {
        const struct http_param *p = &rt->params[i];
        if (strcmp(p->name, key) != 0)
            continue;
        if (r->q_set[i]) {
            q->bad_code = "duplicate_parameter";
            q->bad_detail = "This parameter appears more than once.";
            q->bad_name = p->name;
            return MHD_NO;
        }
        size_t len = strlen(v);
        if (!utf8_valid(v, len)) {
            q->bad_code = "invalid_utf8";
            q->bad_detail = "The parameter is not valid UTF-8.";
            q->bad_name = p->name;
            return MHD_NO;
        }
        char *end = NULL;
        switch (p->type) {
        case PARAM_ID:
        case PARAM_INT: {
            errno = 0;
            long long x = len ? strtoll(v, &end, 10) : 0;
            bool bad = !len || errno || *end || (p->type == PARAM_ID && !valid_id(v)) ||
                       (p->type == PARAM_INT && (x < p->min || x > p->max));
            if (bad) {
                q->bad_code = "invalid_parameter";
                q->bad_detail = p->type == PARAM_ID ? "The parameter must be an id."
                                                    : "The parameter is not a number in range.";
                q->bad_name = p->name;
                return MHD_NO;
            }
            r->q_int[i] = x;
            break;
        }
        case PARAM_BOOL:
            if (strcmp(v, "true") && strcmp(v, "false")) {
                q->bad_code = "invalid_parameter";
                q->bad_detail = "The parameter must be true or false.";
                q->bad_name = p->name;
                return MHD_NO;
            }
            r->q_int[i] = v[0] == 't';
            break;
        case PARAM_STRING:
            if ((int64_t)len < p->min || (int64_t)len > p->max) {
                q->bad_code = "invalid_parameter";
                q->bad_detail = "The parameter's length is out of range.";
                q->bad_name = p->name;
                return MHD_NO;
            }
            break;
        }
        r->q_set[i] = true;
        r->q_str[i] = arena_strdup(&r->arena, v);
        return MHD_YES;
    }
    q->bad_code = "unknown_parameter";
    q->bad_detail = "This endpoint does not take that parameter.";
    q->bad_name = arena_strdup(&r->arena, key);
    return MHD_NO;
}

/* ---- request lifecycle ---- */

static _Atomic uint64_t req_counter;
static unsigned req_prefix;

static void set_request_id(struct http_req *r, struct MHD_Connection *c)
{
    const char *given = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Request-Id");
    if (given) {
        size_t n = strlen(given);
        bool ok = n > 0 && n < sizeof r->id;
        for (size_t i = 0; ok && i < n; i++)
            ok = (given[i] >= 'a' && given[i] <= 'z') || (given[i] >= 'A' && given[i] <= 'Z') ||
                 (given[i] >= '0' && given[i] <= '9') || given[i] == '-' || given[i] == '_';
        if (ok) {
            memcpy(r->id, given, n + 1);
            return;
        }
    }
    snprintf(r->id, sizeof r->id, "%08x-%llx", req_prefix,
             (unsigned long long)atomic_fetch_add(&req_counter, 1));
}

static void set_ip(struct http_req *r, struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(r->ip, sizeof r->ip, "unknown");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->ip, sizeof r->ip);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->ip, sizeof r->ip);
}

static void req_free(struct http_req *r)
{
    if (r->path_owned)
        free((char *)r->path);
    if (r->resp_owned)
        free(r->resp);
    if (r->resp_fd >= 0)
        close(r->resp_fd);
    sse_stream_discard(r->resp_stream);
    free(r->body);
    arena_free(&r->arena);
    free(r);
}

/* A stream lives long and needs nothing of its request's arena once its
 * response is queued (the response has copied its headers) but the path,
 * for the access log: it keeps that alone. */
static void req_shrink(struct http_req *r)
{
    char *path = strdup(r->path ? r->path : "");
    if (!path)
        return;
    arena_free(&r->arena);
    arena_init(&r->arena, ARENA_MAX);
    r->path = path;
    r->path_owned = true;
    r->ctx = NULL;
    r->n_path = 0;
    memset(r->q_str, 0, sizeof r->q_str);
    r->n_headers = 0;
}

static enum MHD_Result send_response(struct http_req *r, struct MHD_Connection *c)
{
    if (!r->status)
        http_problem(r, 500, "internal", "The server did not produce a response.", NULL);
    struct MHD_Response *resp;
    bool stream = r->resp_stream != NULL;
    if (stream) {
        resp = sse_stream_response(r->resp_stream);
        r->resp_stream = NULL; /* the response owns it now, or it is freed */
    } else if (r->resp_fd >= 0) {
        resp = MHD_create_response_from_fd64(r->resp_fd_size, r->resp_fd);
        if (resp)
            r->resp_fd = -1; /* MHD closes it */
    } else if (r->resp_owned) {
        resp = MHD_create_response_from_buffer(r->resp_len, r->resp, MHD_RESPMEM_MUST_FREE);
        if (resp)
            r->resp_owned = false;
    } else {
        resp = MHD_create_response_from_buffer(r->resp_len, r->resp ? r->resp : (char *)"",
                                               MHD_RESPMEM_MUST_COPY);
    }
    if (!resp)
        return MHD_NO;
    if (r->content_type)
        MHD_add_response_header(resp, "Content-Type", r->content_type);
    MHD_add_response_header(resp, "X-Request-Id", r->id);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    bool cache_set = false;
    for (size_t i = 0; i < r->n_headers; i++) {
        MHD_add_response_header(resp, r->hname[i], r->hval[i]);
        if (strcasecmp(r->hname[i], "Cache-Control") == 0)
            cache_set = true;
    }
    if (!cache_set)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    if (stream)
        req_shrink(r);
    return ret;
}

static void dispatch(struct http_server *srv, struct http_req *r, struct MHD_Connection *c,
                     const char *url)
{
    unsigned allowed;
    enum match m = route_find(srv, r, url, &allowed);
    if (r->body_too_big && (m != MATCH_FULL || !(r->route->flags & HTTP_ROUTE_UPLOAD))) {
        http_problem(r, 413, "body_too_large", "The request body is larger than allowed.", NULL);
        return;
    }
    if (m == MATCH_PATH) {
        char list[64] = "";
        size_t k = 0;
        for (int i = 0; i < HTTP_METHOD__MAX; i++)
            if (allowed & (1u << i))
                k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", k ? ", " : "",
                                      method_names[i]);
        http_add_header(r, "Allow", arena_strdup(&r->arena, list));
        http_problem(r, 405, "method_not_allowed", "This resource does not support that method.",
                     NULL);
        return;
    }
    if (m == MATCH_NONE) {
        if (srv->web && r->method == HTTP_GET && strncmp(url, "/api/", 5) != 0 &&
            http_static_serve(srv->web, r))
            return;
        http_problem(r, 404, "not_found", "There is nothing here.", NULL);
        return;
    }
    struct qctx q = {.r = r};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_each, &q);
    if (q.bad_code) {
        http_problem(r, 400, q.bad_code, q.bad_detail, q.bad_name);
        return;
    }
    srv->dispatch(r);
}

/* The largest body the request's route takes: max_upload for an upload
 * route, max_body for the rest (and for no route). */
static size_t body_limit(struct http_server *srv, struct http_req *r, const char *url)
{
    unsigned allowed;
    size_t max = srv->max_body;
    if (route_find(srv, r, url, &allowed) == MATCH_FULL && (r->route->flags & HTTP_ROUTE_UPLOAD))
        max = srv->max_upload;
    r->route = NULL; /* found again, with its parameters, by dispatch */
    r->n_path = 0;
    return max;
}

/* Appends an upload chunk to the body, growing it by doubling (a 10 MiB
 * image arrives in thousands of chunks); past the route's bound the body
 * is dropped and only body_too_big remains. -1 when out of memory. */
static int body_append(struct http_req *r, const char *data, size_t n)
{
    if (r->body_too_big)
        return 0;
    if (n > r->body_max - r->body_len) {
        r->body_too_big = true;
        free(r->body);
        r->body = NULL;
        r->body_len = r->body_cap = 0;
        return 0;
    }
    size_t need = r->body_len + n + 1;
    if (need > r->body_cap) {
        size_t cap = r->body_cap ? r->body_cap : 4096;
        while (cap < need)
            cap *= 2;
        if (cap > r->body_max + 1)
            cap = r->body_max + 1;
        char *nb = realloc(r->body, cap);
        if (!nb)
            return -1;
        r->body = nb;
        r->body_cap = cap;
    }
    memcpy(r->body + r->body_len, data, n);
    r->body_len += n;
    r->body[r->body_len] = '\0';
    return 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    struct http_server *srv = cls;
    struct http_req *r = *con_cls;
    (void)version;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        arena_init(&r->arena, ARENA_MAX);
        r->t0 = metrics_now_us();
        r->resp_fd = -1;
        r->app = srv->app;
        r->conn = c;
        set_request_id(r, c);
        set_ip(r, c);
        r->path = arena_strdup(&r->arena, url);
        *con_cls = r;
        if (method_parse(method, &r->method)) {
            r->method = HTTP_METHOD__MAX;
        } else {
            r->body_max = body_limit(srv, r, url);
            const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
            if (cl && strtoull(cl, NULL, 10) > r->body_max)
                r->body_too_big = true;
        }
        return MHD_YES; /* never queue on the first call: see the file comment */
    }
    if (*upload_size) {
        if (body_append(r, upload, *upload_size))
            return MHD_NO;
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->status) /* already answered */
        return MHD_YES;
    if (r->method == HTTP_METHOD__MAX)
        http_problem(r, 405, "method_not_allowed", "This method is not supported.", NULL);
    else
        dispatch(srv, r, c, url);
    return send_response(r, c);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct http_server *srv = cls;
    struct http_req *r = *con_cls;
    (void)c;
    if (!r)
        return;
    uint64_t us = metrics_now_us() - r->t0;
    int cls_idx = r->status >= 100 && r->status < 600 ? r->status / 100 : 5;
    struct compiled_route *cr = r->route ? compiled_of(srv, r->route) : NULL;
    metrics_observe_us(cr ? cr->hist : srv->unmatched_hist, us);
    metrics_inc(cr ? cr->by_class[cls_idx] : srv->unmatched_by_class[cls_idx]);
    if (LOG_INFO >= log_min_level) {
        json_t *o = json_object();
        json_object_set_new(o, "type", json_string("access"));
        json_object_set_new(o, "req", json_string(r->id));
        json_object_set_new(o, "ip", json_string(r->ip));
        json_object_set_new(o, "method", json_string(http_method_str(r->method)));
        json_t *p = json_string(r->path ? r->path : "");
        json_object_set_new(o, "path", p ? p : json_string("(not UTF-8)"));
        if (r->route)
            json_object_set_new(o, "route", json_string(r->route->pattern));
        json_object_set_new(o, "status", json_integer(r->status));
        json_object_set_new(o, "ms", json_real((double)us / 1000.0));
        json_object_set_new(o, "bytes", json_integer((json_int_t)(r->resp_len + r->resp_fd_size)));
        if (r->log_user)
            json_object_set_new(o, "user", json_integer(r->log_user));
        if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
            json_object_set_new(o, "aborted", json_true());
        log_fields(LOG_INFO, o);
    }
    req_free(r);
    *con_cls = NULL;
}

/* ---- server ---- */

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host)
        return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535)
        return -1;
    memset(ss, 0, sizeof *ss);
    if (host[0] == '[') {
        size_t n = strlen(host);
        if (n < 3 || host[n - 1] != ']')
            return -1;
        host[n - 1] = '\0';
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
            return -1;
        *len = sizeof *s6;
        return 0;
    }
    struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
    s4->sin_family = AF_INET;
    s4->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
        return -1;
    *len = sizeof *s4;
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes %HH in paths and query values, except %00: a decoded NUL would end
 * the C string early and make "/posts/1%00x" read as "/posts/1". Left
 * encoded, it fails every id check and reads as text in a query value. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    char *w = s;
    for (const char *r = s; *r; r++) {
        int hi, lo;
        if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 && (hi || lo)) {
            *w++ = (char)(hi * 16 + lo);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    (void)cls;
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    log_warn("libmicrohttpd: %s", msg);
}

struct http_server *http_server_start(const struct http_config *cfg,
                                      const struct http_route *routes, size_t n_routes,
                                      void (*disp)(struct http_req *r), void *app)
{
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_listen(cfg->listen, &ss, &sslen)) {
        log_error("cannot parse listen address '%s' (want HOST:PORT)", cfg->listen);
        return NULL;
    }
    struct http_server *srv = calloc(1, sizeof *srv);
    if (!srv)
        return NULL;
    srv->routes = calloc(n_routes, sizeof *srv->routes);
    if (!srv->routes)
        goto fail;
    srv->n_routes = n_routes;
    for (size_t i = 0; i < n_routes; i++) {
        if (compile_route(&routes[i], &srv->routes[i])) {
            log_error("bad route pattern %s", routes[i].pattern);
            goto fail;
        }
    }
    srv->unmatched_hist = metrics_hist("staffroom_http_request_duration_seconds", "route=\"none\"");
    for (int k = 1; k <= 5; k++) {
        char labels[64];
        snprintf(labels, sizeof labels, "route=\"none\",code=\"%dxx\"", k);
        srv->unmatched_by_class[k] = metrics_counter("staffroom_http_responses_total", labels);
    }
    if (cfg->static_dir) {
        srv->web = http_static_open(cfg->static_dir);
        if (!srv->web)
            log_warn("no web client at %s (run `make web`); serving the API only", cfg->static_dir);
    }
    srv->dispatch = disp;
    srv->app = app;
    srv->max_body = cfg->max_body;
    srv->max_upload = cfg->max_upload ? cfg->max_upload : cfg->max_body;
    req_prefix = (unsigned)getpid() ^ (unsigned)metrics_now_us();
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = cfg->threads ? cfg->threads : (unsigned)(cores > 0 ? cores : 1);
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_TURBO |
                     MHD_ALLOW_SUSPEND_RESUME;
    if (sse_start(cfg->sse_heartbeat_ms, cfg->sse_max_per_key))
        goto fail;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    srv->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections ? cfg->max_connections : 4096u,
        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s ? cfg->timeout_s : 60u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, cfg->conn_memory ? cfg->conn_memory : (size_t)16 * 1024,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_UNESCAPE_CALLBACK, unescape,
        NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_END);
    if (!srv->d) {
        log_error("cannot listen on %s: %s", cfg->listen, strerror(errno));
        goto fail;
    }
    return srv;
fail:
    http_server_stop(srv);
    return NULL;
}

uint16_t http_server_port(struct http_server *s)
{
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    return di ? di->port : 0;
}

void http_server_stop(struct http_server *s)
{
    if (!s)
        return;
    sse_stop(); /* no suspended stream may outlive the daemon */
    if (s->d)
        MHD_stop_daemon(s->d);
    for (size_t i = 0; s->routes && i < s->n_routes; i++)
        free(s->routes[i].storage);
    free(s->routes);
    http_static_close(s->web);
    free(s);
}

/* ---- accessors and responses ---- */

const char *http_header(struct http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(struct http_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *http_path_str(struct http_req *r, const char *name)
{
    for (size_t i = 0; i < r->n_path; i++)
        if (strcmp(r->path_name[i], name) == 0)
            return r->path_val[i];
    return NULL;
}

int64_t http_path_id(struct http_req *r, const char *name)
{
    const char *v = http_path_str(r, name);
    return v ? strtoll(v, NULL, 10) : 0;
}

static int param_index(struct http_req *r, const char *name)
{
    for (size_t i = 0; r->route && i < r->route->n_params; i++)
        if (strcmp(r->route->params[i].name, name) == 0)
            return (int)i;
    return -1;
}

bool http_query_int(struct http_req *r, const char *name, int64_t *out)
{
    int i = param_index(r, name);
    if (i < 0 || !r->q_set[i])
        return false;
    *out = r->q_int[i];
    return true;
}

const char *http_query_str(struct http_req *r, const char *name)
{
    int i = param_index(r, name);
    return i >= 0 && r->q_set[i] ? r->q_str[i] : NULL;
}

void http_add_header(struct http_req *r, const char *name, const char *value)
{
    if (r->n_headers < sizeof r->hname / sizeof r->hname[0]) {
        r->hname[r->n_headers] = name;
        r->hval[r->n_headers++] = value;
    }
}

static void set_body(struct http_req *r, int status, const char *ctype, char *body, size_t len,
                     bool owned)
{
    if (r->resp_owned)
        free(r->resp);
    if (r->resp_fd >= 0) {
        close(r->resp_fd);
        r->resp_fd = -1;
    }
    sse_stream_discard(r->resp_stream);
    r->resp_stream = NULL;
    r->status = status;
    r->content_type = ctype;
    r->resp = body;
    r->resp_len = len;
    r->resp_owned = owned;
}

void http_respond_take(struct http_req *r, int status, const char *content_type, char *body,
                       size_t len)
{
    if (!body) {
        set_body(r, 503, "text/plain", (char *)"out of memory\n", 14, false);
        return;
    }
    set_body(r, status, content_type, body, len, true);
}

void http_respond(struct http_req *r, int status, const char *content_type, const char *body,
                  size_t len)
{
    char *copy = arena_alloc(&r->arena, len + 1);
    if (!copy) {
        set_body(r, 503, "text/plain", (char *)"out of memory\n", 14, false);
        return;
    }
    if (len)
        memcpy(copy, body, len);
    copy[len] = '\0';
    set_body(r, status, content_type, copy, len, false);
}

void http_respond_fd(struct http_req *r, int status, const char *content_type, int fd,
                     uint64_t size)
{
    set_body(r, status, content_type, NULL, 0, false);
    r->resp_fd = fd;
    r->resp_fd_size = size;
}

int http_respond_stream(struct http_req *r, int64_t key, uint64_t tag, const char *content_type,
                        http_stream_reader reader, void *cls, void (*free_fn)(void *))
{
    struct sse_stream *s = sse_stream_new(r->conn, key, tag, reader, cls, free_fn);
    if (!s)
        return -1;
    set_body(r, 200, content_type, NULL, 0, false);
    r->resp_stream = s;
    return 0;
}

void http_streams_end(int64_t key, uint64_t tag)
{
    sse_end(key, tag);
}

void http_json(struct http_req *r, int status, json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!s) {
        set_body(r, 503, "application/problem+json",
                 (char *)"{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":"
                         "503,\"detail\":\"The server is out of memory.\",\"code\":\"no_memory\"}",
                 125, false);
        return;
    }
    set_body(r, status, status >= 400 ? "application/problem+json" : "application/json", s,
             strlen(s), true);
}

static const char *status_title(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

void http_problem_ext(struct http_req *r, int status, const char *code, const char *detail,
                      const char *field, json_t *extra)
{
    json_t *o = json_object();
    if (o) {
        char type[128];
        snprintf(type, sizeof type, "https://staffroom.invalid/problems/%s", code);
        json_object_set_new(o, "type", json_string(type));
        json_object_set_new(o, "title", json_string(status_title(status)));
        json_object_set_new(o, "status", json_integer(status));
        json_object_set_new(o, "detail", json_string(detail));
        json_object_set_new(o, "code", json_string(code));
        if (field) {
            json_t *f = json_string(field);
            json_object_set_new(o, "field", f ? f : json_string("(not UTF-8)"));
        }
        json_object_set_new(o, "request_id", json_string(r->id));
        if (extra)
            json_object_update(o, extra);
    }
    json_decref(extra);
    http_json(r, status, o);
    if (r->status != status) /* out of memory replaced it */
        return;
    r->content_type = "application/problem+json";
}

void http_problem(struct http_req *r, int status, const char *code, const char *detail,
                  const char *field)
{
    http_problem_ext(r, status, code, detail, field, NULL);
}
