/* GET /api/v1/stream: the signed-in person's live events as Server-Sent
 * Events. The handler finds where the stream starts (Last-Event-ID or
 * ?last_event_id=, else the log's current end) and hands a producer to the
 * http layer's hub; the producer, run on a server thread whenever the hub
 * wakes the stream, takes the events after the last one it looked at that
 * this person may see and writes them in the SSE wire format:
 *   id: <event id>\nevent: <kind>\ndata: <json>\n\n
 * Which events a person may see is core/perm's, through core/event: from the
 * live window that every stream shares (no query per stream), or from the
 * log when the stream is behind the window (a replay).
 *
 * A stream ends, after a last event `end` ({"kind":"end","reason":...}) that
 * tells the client not to reconnect at once, when its session is signed out
 * (reason "signed_out", at once for DELETE /api/v1/session and at the next
 * heartbeat for an expired or revoked credential or a deactivated person)
 * or when the same person opens a stream beyond the cap (reason "replaced":
 * the oldest gives way). */
#include "api/stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/event.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/secret.h"

#define STREAM_PAGE    50
#define STREAM_BUF_MAX (1024 * 1024)
#define STREAM_ARENA   (1024 * 1024)
#define RETRY_MS       3000

/* One open stream: what it needs between wakes, kept small (an idle stream
 * holds no buffer). */
struct stream {
    struct store_pool *pool;
    struct viewer viewer;
    int64_t last; /* the last event looked at, or where the stream started */
    struct buf out;
    size_t off;                         /* bytes of out already handed to the hub */
    bool ended;                         /* send what is left in out, then end */
    bool token;                         /* opened with a bearer token (else a session cookie) */
    char digest[SECRET_DIGEST_LEN + 1]; /* of that credential */
};

static void stream_free(void *cls)
{
    struct stream *s = cls;
    buf_free(&s->out);
    free(s);
}

/* The hub's tag for a credential: its digest's first 64 bits. */
static uint64_t tag_of(const char *digest)
{
    char hex[17];
    memcpy(hex, digest, 16);
    hex[16] = '\0';
    uint64_t t = strtoull(hex, NULL, 16);
    return t ? t : 1;
}

void stream_end_session(int64_t user_id, const char *session)
{
    if (!session || !*session)
        return;
    char digest[SECRET_DIGEST_LEN + 1];
    secret_token_digest(session, strlen(session), digest);
    http_streams_end(user_id, tag_of(digest));
}

static void put_id(struct buf *b, const char *name, int64_t v)
{
    if (v)
        buf_printf(b, ",\"%s\":%lld", name, (long long)v);
    else
        buf_printf(b, ",\"%s\":null", name);
}

/* The same JSON the API writes elsewhere for these fields (api_time's
 * format), without building a tree: this runs once per event per stream. */
static void put_event(struct buf *b, const struct event *e)
{
    const char *kind = event_kind_str(e->kind);
    buf_printf(b, "id: %lld\nevent: %s\ndata: {\"kind\":\"%s\"", (long long)e->id, kind, kind);
    put_id(b, "group_id", e->group_id);
    put_id(b, "post_id", e->post_id);
    put_id(b, "comment_id", e->comment_id);
    put_id(b, "actor_id", e->actor_id);
    if (e->created_at) {
        time_t sec = (time_t)(e->created_at / 1000);
        struct tm tm;
        gmtime_r(&sec, &tm);
        char t[40];
        size_t k = strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%S", &tm);
        snprintf(t + k, sizeof t - k, ".%03dZ", (int)(e->created_at % 1000));
        buf_printf(b, ",\"created_at\":\"%s\"", t);
    } else {
        buf_puts(b, ",\"created_at\":null");
    }
    if (e->kind == EVENT_NOTIFICATION)
        buf_printf(b, ",\"notification_id\":%lld", (long long)e->notification_id);
    buf_puts(b, "}\n\n");
}

static void put_end(struct stream *s, const char *reason)
{
    if (s->ended)
        return;
    s->ended = true;
    buf_printf(&s->out, "event: end\ndata: {\"kind\":\"end\",\"reason\":\"%s\"}\n\n", reason);
}

/* Reads the stream's next events into s->out: from the live window (synced
 * first when it may be behind; poll on a heartbeat), or from the log when
 * the stream is behind the window. -1 when the stream must end. */
static int fill(struct stream *s, bool poll)
{
    struct event ev[STREAM_PAGE];
    size_t n = 0;
    int64_t next;
    struct fail f = {0};
    if (event_window_stale(poll)) {
        struct store *st = store_acquire(s->pool);
        if (!st) /* try again at the next wake or heartbeat */
            return 0;
        if (event_window_sync(st, poll, &f))
            log_warn("the live window cannot read events: %s", f.code ? f.code : "?");
        store_release(s->pool, st);
    }
    if (event_window_read(&s->viewer, s->last, ev, STREAM_PAGE, &n, &next)) {
        for (size_t i = 0; i < n; i++)
            put_event(&s->out, &ev[i]);
        s->last = next;
    } else {
        /* Behind the window: the log, through the same rule as a query.
         * Once it has nothing more, the stream has seen everything up to
         * the window's end as it was before the query. */
        int64_t high = event_window_high();
        struct store *st = store_acquire(s->pool);
        if (!st)
            return 0;
        struct arena a;
        arena_init(&a, STREAM_ARENA);
        struct event *page;
        enum core_err rc = event_list(st, &a, &s->viewer, s->last, STREAM_PAGE, &page, &n, &f);
        store_release(s->pool, st);
        if (rc == CORE_UNAUTH) {
            put_end(s, "signed_out");
        } else if (rc) {
            log_warn("stream for user %lld cannot read events: %s", (long long)s->viewer.id,
                     f.code ? f.code : "?");
        }
        for (size_t i = 0; !rc && i < n; i++) {
            put_event(&s->out, &page[i]);
            s->last = page[i].id;
        }
        if (!rc && n < STREAM_PAGE && high > s->last)
            s->last = high;
        arena_free(&a);
    }
    if (s->out.err) {
        log_warn("stream for user %lld ran out of memory", (long long)s->viewer.id);
        return -1;
    }
    return 0;
}

/* On a heartbeat: does the credential the stream was opened with still
 * hold? false when the stream must end. */
static bool still_signed_in(struct stream *s)
{
    struct store *st = store_acquire(s->pool);
    if (!st)
        return true; /* ask again at the next heartbeat */
    struct fail f = {0};
    enum core_err rc = event_reader_check(st, s->viewer.id, s->token, s->digest, &f);
    store_release(s->pool, st);
    return rc != CORE_UNAUTH;
}

static ssize_t stream_read(void *cls, char *buf, size_t max, enum http_stream_why why)
{
    struct stream *s = cls;
    if (why == HTTP_STREAM_REPLACED || why == HTTP_STREAM_SIGNED_OUT) {
        put_end(s, why == HTTP_STREAM_REPLACED ? "replaced" : "signed_out");
        if (s->out.err)
            return -1;
    } else if (s->off == s->out.len) {
        buf_free(&s->out); /* an idle stream holds no buffer */
        s->off = 0;
        if (s->ended)
            return -1;
        if (why == HTTP_STREAM_BEAT && !still_signed_in(s))
            put_end(s, "signed_out");
        else if (fill(s, why == HTTP_STREAM_BEAT))
            return -1;
        if (s->out.len == 0)
            return 0;
    }
    size_t n = s->out.len - s->off;
    if (n > max)
        n = max;
    if (n)
        memcpy(buf, s->out.data + s->off, n);
    s->off += n;
    return (ssize_t)n;
}

/* Last-Event-ID: digits, at most 2^53. -1 when absent or empty, -2 when bad. */
static int64_t header_id(const char *h)
{
    if (!h || !*h)
        return -1;
    size_t n = strlen(h);
    if (n > 16)
        return -2;
    for (size_t i = 0; i < n; i++)
        if (h[i] < '0' || h[i] > '9')
            return -2;
    long long x = strtoll(h, NULL, 10);
    return x <= (1LL << 53) ? x : -2;
}

void h_stream(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct api_app *app = r->app;
    /* A reconnecting EventSource sends the header and the original URL: the
     * header is the newer position. */
    int64_t last = header_id(http_header(r, "Last-Event-ID")), q;
    if (last == -2) {
        http_problem(r, 400, "invalid_header", "Last-Event-ID must be an event id.",
                     "Last-Event-ID");
        return;
    }
    if (last == -1 && http_query_int(r, "last_event_id", &q))
        last = q;
    int64_t start;
    bool reset;
    struct fail f = {0};
    if (event_start(c->st, last, &start, &reset, &f)) {
        api_fail(r, &f);
        return;
    }
    /* What the stream was opened with, to end it when that ends. */
    const char *cred = c->cookie_auth ? c->session : http_header(r, "Authorization");
    if (!c->cookie_auth && cred)
        cred += 7; /* "Bearer ", checked by authentication */
    if (!cred) {
        http_problem(r, 401, "unauthenticated", "Sign in to continue.", NULL);
        return;
    }
    struct stream *s = calloc(1, sizeof *s);
    if (!s) {
        http_problem(r, 503, "no_memory", "The server is out of memory.", NULL);
        return;
    }
    s->pool = app->pool;
    s->viewer.id = c->viewer.id;
    s->viewer.role = c->viewer.role;
    s->last = start;
    s->token = !c->cookie_auth;
    secret_token_digest(cred, strlen(cred), s->digest);
    buf_init(&s->out, STREAM_BUF_MAX);
    buf_printf(&s->out, "retry: %d\n\n", RETRY_MS);
    if (reset)
        buf_printf(&s->out,
                   "id: %lld\nevent: reset\ndata: {\"kind\":\"reset\",\"last_event_id\":%lld}\n\n",
                   (long long)start, (long long)start);
    if (s->out.err) {
        stream_free(s);
        http_problem(r, 503, "no_memory", "The server is out of memory.", NULL);
        return;
    }
    http_add_header(r, "X-Accel-Buffering", "no");
    if (http_respond_stream(r, c->viewer.id, tag_of(s->digest), "text/event-stream", stream_read, s,
                            stream_free) == 0)
        return;
    stream_free(s);
    http_problem(r, 503, "unavailable", "The server cannot open a stream now. Try again shortly.",
                 NULL);
}
