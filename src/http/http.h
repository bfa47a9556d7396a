/* The HTTP adapter: libmicrohttpd underneath, a route table on top. It owns
 * connections, request bodies and their bounds, declared parameter checking,
 * request ids, access logs, per-route metrics and problem+json for errors it
 * finds itself. It knows no handler: the api layer hands it the route table
 * and a dispatch function. */
#ifndef HTTP_HTTP_H
#define HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/arena.h"

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_METHOD__MAX };
const char *http_method_str(enum http_method m);

enum param_type {
    PARAM_ID,     /* positive decimal integer up to 2^53 */
    PARAM_INT,    /* decimal integer within [min, max] */
    PARAM_STRING, /* UTF-8 text of at most max bytes */
    PARAM_BOOL,   /* "true" or "false" */
};

/* A declared query parameter. Anything not declared is refused. */
struct http_param {
    const char *name;
    enum param_type type;
    int64_t min, max; /* PARAM_INT bounds; PARAM_STRING: min/max bytes */
};

#define HTTP_MAX_PARAMS 8
#define HTTP_MAX_SEGS   10

struct http_req;
struct http_route;
typedef void (*http_handler)(struct http_req *r);

/* Route flags from bit 24 up are the adapter's; the others are the api
 * layer's business (authentication and the like). HTTP_ROUTE_UPLOAD marks a
 * raw upload: its body may be up to max_upload bytes, and a larger one
 * reaches the handler with body_too_big set (and no body) for it to answer. */
#define HTTP_ROUTE_UPLOAD (1u << 24)

struct http_route {
    enum http_method method;
    const char *pattern; /* "/api/v1/groups/{id}/members/{user_id}"; {name:word} for a word */
    http_handler fn;
    unsigned flags; /* HTTP_ROUTE_* and the api layer's flags */
    const struct http_param *params;
    size_t n_params;
};

struct http_req {
    struct arena arena;
    enum http_method method;
    const char *path;
    bool path_owned; /* path is malloc'd (a stream's, see req_shrink) */
    const struct http_route *route;
    char id[40]; /* request id, echoed in X-Request-Id and every log line */
    char ip[64];
    void *app;        /* what http_server_start was given */
    void *ctx;        /* the api layer's per-request state */
    int64_t log_user; /* the signed-in user for the access log, 0 if none */
    /* body */
    char *body;
    size_t body_len;
    size_t body_max, body_cap; /* the bound for this request's route; bytes allocated */
    bool body_too_big;
    /* path parameters, in pattern order */
    size_t n_path;
    const char *path_name[HTTP_MAX_SEGS];
    const char *path_val[HTTP_MAX_SEGS];
    /* query parameters, in the route's declared order */
    bool q_set[HTTP_MAX_PARAMS];
    const char *q_str[HTTP_MAX_PARAMS];
    int64_t q_int[HTTP_MAX_PARAMS];
    /* response */
    int status;
    const char *content_type;
    char *resp;
    size_t resp_len;
    bool resp_owned;   /* resp is malloc'd and freed by the server */
    int resp_fd;       /* a file to send instead of resp, or -1 */
    void *resp_stream; /* a stream to send instead (http/sse.c), or NULL */
    uint64_t resp_fd_size;
    size_t n_headers;
    const char *hname[8], *hval[8];
    void *conn; /* struct MHD_Connection *, private to the adapter */
    uint64_t t0;
};

struct http_config {
    const char *listen; /* "127.0.0.1:8080" or "[::1]:8080" */
    unsigned threads;   /* 0 = one per core */
    size_t max_body;
    size_t max_upload; /* bodies of HTTP_ROUTE_UPLOAD routes; 0 = max_body */
    unsigned max_connections;
    unsigned timeout_s;
    const char *static_dir;    /* the built web client, served at /; NULL for none */
    unsigned sse_heartbeat_ms; /* `: keep-alive` on idle streams; 0 = 25 s */
    unsigned sse_max_per_key;  /* open streams per key (person); 0 = 8 */
    size_t conn_memory;        /* libmicrohttpd's pool per connection (request and response heads,
                                  about half of it for the request's); 0 = 16 KiB */
};

struct http_server;

/* Starts serving; dispatch is called for every matched, validated request
 * and must set a response (http_json, http_problem...). NULL on failure. */
struct http_server *http_server_start(const struct http_config *cfg,
                                      const struct http_route *routes, size_t n_routes,
                                      void (*dispatch)(struct http_req *r), void *app);
uint16_t http_server_port(struct http_server *s);
void http_server_stop(struct http_server *s);

/* Request accessors. Header and cookie values live as long as the request. */
const char *http_header(struct http_req *r, const char *name);
const char *http_cookie(struct http_req *r, const char *name);
/* The path parameter's id, or 0 when absent (patterns guarantee validity). */
int64_t http_path_id(struct http_req *r, const char *name);
const char *http_path_str(struct http_req *r, const char *name);
/* The declared query parameter by name: set? and its value. */
bool http_query_int(struct http_req *r, const char *name, int64_t *out);
const char *http_query_str(struct http_req *r, const char *name);

/* Responses. The body is copied unless noted. */
void http_add_header(struct http_req *r, const char *name, const char *value);
void http_respond(struct http_req *r, int status, const char *content_type, const char *body,
                  size_t len);
/* Sends len bytes of body, a malloc'd buffer the server frees: no copy
 * (large JSON pages). A NULL body answers 503. */
void http_respond_take(struct http_req *r, int status, const char *content_type, char *body,
                       size_t len);
/* Sends size bytes of the open file fd (the server closes it). */
void http_respond_fd(struct http_req *r, int status, const char *content_type, int fd,
                     uint64_t size);
/* Why a stream's producer is called. */
enum http_stream_why {
    HTTP_STREAM_WAKE,       /* it may have something to send (sse_wake, or its first call) */
    HTTP_STREAM_BEAT,       /* a heartbeat is due: also the time to check it may go on */
    HTTP_STREAM_REPLACED,   /* it ends: its key opened a stream beyond the cap */
    HTTP_STREAM_SIGNED_OUT, /* it ends: http_streams_end named its key and tag */
};
/* A stream's producer, called on a server thread whenever the stream may
 * send: writes at most max bytes into buf and returns how many, 0 when it
 * has nothing to send now (the stream then sleeps until sse_wake or the
 * next heartbeat), or -1 to end the stream. Once why says the stream ends,
 * the producer is called until it returns 0 or -1 (a last word, such as an
 * event that tells the client why), and then the stream ends. */
typedef ssize_t (*http_stream_reader)(void *cls, char *buf, size_t max, enum http_stream_why why);
/* Answers 200 with an endless body from reader (Server-Sent Events when
 * content_type is text/event-stream). key is whose stream it is (a person)
 * and tag what it was opened with (a session), for http_streams_end. A key
 * has at most the configured number of streams: one more ends its oldest
 * (HTTP_STREAM_REPLACED), so that a new one always gets through. -1 when
 * the server is stopping or out of memory (nothing is set and cls stays the
 * caller's); 0 otherwise, and from then on the server owns cls and calls
 * free_fn(cls) when the stream ends. */
int http_respond_stream(struct http_req *r, int64_t key, uint64_t tag, const char *content_type,
                        http_stream_reader reader, void *cls, void (*free_fn)(void *));
/* Ends the open streams of key opened with tag (tag 0: all of key's), each
 * after its producer's last word (HTTP_STREAM_SIGNED_OUT). Safe from any
 * thread. */
void http_streams_end(int64_t key, uint64_t tag);
/* Serialises j (reference stolen) as the response body. */
void http_json(struct http_req *r, int status, json_t *j);
/* An RFC 9457 problem with a stable code; field may be NULL. */
void http_problem(struct http_req *r, int status, const char *code, const char *detail,
                  const char *field);
/* Like http_problem, with extra members merged into the problem (reference stolen). */
void http_problem_ext(struct http_req *r, int status, const char *code, const char *detail,
                      const char *field, json_t *extra);

#endif
