/* GET /api/v1/stream: the signed-in person's live events as Server-Sent
 * Events. The handler finds where the stream starts (Last-Event-ID or
 * ?last_event_id=, else the log's current end) and hands a producer to the
 * http layer's hub; the producer, run on a server thread whenever the hub
 * wakes the stream, asks core for the events after the last one sent that
 * this person may see and writes them in the SSE wire format:
 *   id: <event id>\nevent: <kind>\ndata: <json>\n\n
 * What a person may see is core/perm's, through core/event. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "core/event.h"
#include "util/buf.h"
#include "util/log.h"

#define STREAM_PAGE    50
#define STREAM_BUF_MAX (1024 * 1024)
#define STREAM_ARENA   (1024 * 1024)
#define RETRY_MS       3000

struct stream {
    struct store_pool *pool;
    struct viewer viewer;
    int64_t last; /* the id of the last event sent, or where the stream started */
    struct buf out;
    size_t off; /* bytes of out already handed to the hub */
    bool ended; /* send what is left in out, then end */
};

static void stream_free(void *cls)
{
    struct stream *s = cls;
    buf_free(&s->out);
    free(s);
}

static void put_event(struct buf *b, const struct event *e)
{
    const char *kind = event_kind_str(e->kind);
    json_t *d = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "kind", kind, "group_id",
                          e->group_id ? json_integer(e->group_id) : json_null(), "post_id",
                          e->post_id ? json_integer(e->post_id) : json_null(), "comment_id",
                          e->comment_id ? json_integer(e->comment_id) : json_null(), "actor_id",
                          e->actor_id ? json_integer(e->actor_id) : json_null(), "created_at",
                          api_time(e->created_at));
    if (d && e->kind == EVENT_NOTIFICATION)
        json_object_set_new(d, "notification_id", json_integer(e->notification_id));
    char *js = d ? json_dumps(d, JSON_COMPACT) : NULL;
    json_decref(d);
    if (!js) {
        b->err = BUF_ENOMEM;
        return;
    }
    buf_printf(b, "id: %lld\nevent: %s\ndata: %s\n\n", (long long)e->id, kind, js);
    free(js);
}

/* Reads the next page of events into s->out. -1 when the stream must end. */
static int fill(struct stream *s)
{
    struct store *st = store_acquire(s->pool);
    if (!st) /* try again at the next wake or heartbeat */
        return 0;
    struct arena a;
    arena_init(&a, STREAM_ARENA);
    struct event *ev;
    size_t n = 0;
    struct fail f = {0};
    enum core_err rc = event_list(st, &a, &s->viewer, s->last, STREAM_PAGE, &ev, &n, &f);
    store_release(s->pool, st);
    if (rc == CORE_UNAUTH) {
        s->ended = true;
    } else if (rc) {
        log_warn("stream for user %lld cannot read events: %s", (long long)s->viewer.id,
                 f.code ? f.code : "?");
    }
    for (size_t i = 0; !rc && i < n; i++) {
        put_event(&s->out, &ev[i]);
        s->last = ev[i].id;
    }
    arena_free(&a);
    if (s->out.err) {
        log_warn("stream for user %lld ran out of memory", (long long)s->viewer.id);
        return -1;
    }
    return 0;
}

static ssize_t stream_read(void *cls, char *buf, size_t max)
{
    struct stream *s = cls;
    if (s->off == s->out.len) {
        buf_free(&s->out); /* an idle stream holds no buffer */
        s->off = 0;
        if (s->ended || fill(s))
            return -1;
        if (s->out.len == 0)
            return s->ended ? -1 : 0;
    }
    size_t n = s->out.len - s->off;
    if (n > max)
        n = max;
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
    struct stream *s = calloc(1, sizeof *s);
    if (!s) {
        http_problem(r, 503, "no_memory", "The server is out of memory.", NULL);
        return;
    }
    s->pool = app->pool;
    s->viewer.id = c->viewer.id;
    s->viewer.role = c->viewer.role;
    s->last = start;
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
    int rc = http_respond_stream(r, c->viewer.id, "text/event-stream", stream_read, s, stream_free);
    if (rc == 0)
        return;
    stream_free(s);
    if (rc == -1)
        http_problem(r, 429, "too_many_streams",
                     "You have too many live streams open. Close a tab or window and try again.",
                     NULL);
    else
        http_problem(r, 503, "no_memory", "The server is out of memory.", NULL);
}
