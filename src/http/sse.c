/* The SSE hub (see sse.h): one process-wide registry of open streams under
 * one mutex: a list of them all, for waking, and the same streams chained
 * by key in buckets, for the per-key cap and for ending a key's streams. A
 * stream's connection is suspended only by its own content reader, with the
 * mutex held and its `suspended` flag set, and resumed only by the hub with
 * the mutex held and the flag cleared, so a connection is never resumed
 * twice or when it is not suspended; a stream is unlinked (by
 * libmicrohttpd's free callback of its response) under the same mutex, so
 * the hub never touches a freed connection. Wake-ups that race with a
 * reader finding nothing are caught by generation counters: a reader
 * suspends only if no wake or heartbeat came since it looked. */
#include "http/sse.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/log.h"

#define KEEPALIVE      ": keep-alive\n\n"
#define STOP_WAIT_MS   3000
#define HEARTBEAT_DFLT 25000u
#define PER_KEY_DFLT   8u
#define KEY_BUCKETS    4096u /* a power of two */
/* The response's own buffer. libmicrohttpd writes a chunked body (HTTP/1.1)
 * straight into the connection's write buffer and uses this one only for an
 * HTTP/1.0 client; it is allocated (zeroed) with every stream, so small. */
#define BLOCK_SIZE 256

struct sse_stream {
    struct MHD_Connection *conn;
    int64_t key;
    uint64_t tag;
    http_stream_reader reader;
    void *cls;
    void (*free_fn)(void *);
    uint64_t seen_beat;
    struct sse_stream *prev, *next;   /* every stream */
    struct sse_stream *kprev, *knext; /* the streams of one key bucket, newest first */
    unsigned char ending;             /* 0, or the enum http_stream_why it ends for */
    bool suspended;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t tick;
    struct sse_stream *head;
    struct sse_stream *bucket[KEY_BUCKETS];
    unsigned count;
    uint64_t wake_gen, beat_gen;
    bool closing, running, stopping;
    unsigned heartbeat_ms, max_per_key;
    pthread_t thread;
} hub = {.lock = PTHREAD_MUTEX_INITIALIZER, .tick = PTHREAD_COND_INITIALIZER};

static unsigned bucket_of(int64_t key)
{
    uint64_t h = (uint64_t)key * 0x9E3779B97F4A7C15u;
    return (unsigned)(h >> 32) & (KEY_BUCKETS - 1);
}

/* With hub.lock held. */
static void resume(struct sse_stream *s)
{
    if (s->suspended) {
        s->suspended = false;
        MHD_resume_connection(s->conn);
    }
}

/* With hub.lock held. */
static void resume_all(void)
{
    for (struct sse_stream *s = hub.head; s; s = s->next)
        resume(s);
}

/* With hub.lock held: s says its last word at its next read, then ends. */
static void end_stream(struct sse_stream *s, enum http_stream_why why)
{
    if (!s->ending) {
        s->ending = (unsigned char)why;
        resume(s);
    }
}

void sse_wake(void)
{
    pthread_mutex_lock(&hub.lock);
    hub.wake_gen++;
    resume_all();
    pthread_mutex_unlock(&hub.lock);
}

unsigned sse_count(void)
{
    pthread_mutex_lock(&hub.lock);
    unsigned n = hub.count;
    pthread_mutex_unlock(&hub.lock);
    return n;
}

void sse_end(int64_t key, uint64_t tag)
{
    pthread_mutex_lock(&hub.lock);
    for (struct sse_stream *s = hub.bucket[bucket_of(key)]; s; s = s->knext)
        if (s->key == key && (!tag || s->tag == tag))
            end_stream(s, HTTP_STREAM_SIGNED_OUT);
    pthread_mutex_unlock(&hub.lock);
}

static void *heartbeat(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&hub.lock);
    while (!hub.stopping) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t ns = (uint64_t)ts.tv_nsec + (uint64_t)hub.heartbeat_ms * 1000000u;
        ts.tv_sec += (time_t)(ns / 1000000000u);
        ts.tv_nsec = (long)(ns % 1000000000u);
        int rc = 0;
        while (!hub.stopping && rc == 0)
            rc = pthread_cond_timedwait(&hub.tick, &hub.lock, &ts);
        if (hub.stopping)
            break;
        hub.beat_gen++;
        resume_all();
    }
    pthread_mutex_unlock(&hub.lock);
    return NULL;
}

int sse_start(unsigned heartbeat_ms, unsigned max_per_key)
{
    pthread_mutex_lock(&hub.lock);
    hub.closing = false;
    hub.stopping = false;
    hub.heartbeat_ms = heartbeat_ms ? heartbeat_ms : HEARTBEAT_DFLT;
    hub.max_per_key = max_per_key ? max_per_key : PER_KEY_DFLT;
    int rc = hub.running ? 0 : pthread_create(&hub.thread, NULL, heartbeat, NULL);
    if (rc == 0)
        hub.running = true;
    pthread_mutex_unlock(&hub.lock);
    if (rc)
        log_error("cannot start the SSE heartbeat thread");
    return rc ? -1 : 0;
}

void sse_stop(void)
{
    pthread_mutex_lock(&hub.lock);
    hub.closing = true;
    resume_all();
    pthread_mutex_unlock(&hub.lock);
    /* Resumed streams end at their next read; wait for libmicrohttpd to
     * free them, but never forever. */
    for (int waited = 0; waited < STOP_WAIT_MS; waited += 10) {
        pthread_mutex_lock(&hub.lock);
        resume_all(); /* any that suspended just before closing was set */
        bool gone = hub.count == 0;
        pthread_mutex_unlock(&hub.lock);
        if (gone)
            break;
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    pthread_mutex_lock(&hub.lock);
    bool running = hub.running;
    hub.stopping = true;
    hub.running = false;
    pthread_cond_broadcast(&hub.tick);
    pthread_mutex_unlock(&hub.lock);
    if (running)
        pthread_join(hub.thread, NULL);
}

struct sse_stream *sse_stream_new(struct MHD_Connection *c, int64_t key, uint64_t tag,
                                  http_stream_reader reader, void *cls, void (*free_fn)(void *))
{
    struct sse_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->conn = c;
    s->key = key;
    s->tag = tag;
    s->reader = reader;
    s->cls = cls;
    s->free_fn = free_fn;
    pthread_mutex_lock(&hub.lock);
    if (hub.closing) {
        pthread_mutex_unlock(&hub.lock);
        free(s);
        return NULL;
    }
    /* The cap: the key's streams that are not already ending, newest first
     * in the bucket, so the last one met is the oldest. */
    unsigned b = bucket_of(key), same = 0;
    struct sse_stream *oldest = NULL;
    for (struct sse_stream *o = hub.bucket[b]; o; o = o->knext) {
        if (o->key == key && !o->ending) {
            same++;
            oldest = o;
        }
    }
    unsigned cap = hub.max_per_key ? hub.max_per_key : PER_KEY_DFLT;
    if (same >= cap && oldest)
        end_stream(oldest, HTTP_STREAM_REPLACED);
    s->seen_beat = hub.beat_gen;
    s->next = hub.head;
    if (hub.head)
        hub.head->prev = s;
    hub.head = s;
    s->knext = hub.bucket[b];
    if (s->knext)
        s->knext->kprev = s;
    hub.bucket[b] = s;
    hub.count++;
    pthread_mutex_unlock(&hub.lock);
    return s;
}

static void stream_free(void *cls)
{
    struct sse_stream *s = cls;
    pthread_mutex_lock(&hub.lock);
    if (s->prev)
        s->prev->next = s->next;
    else
        hub.head = s->next;
    if (s->next)
        s->next->prev = s->prev;
    if (s->kprev)
        s->kprev->knext = s->knext;
    else
        hub.bucket[bucket_of(s->key)] = s->knext;
    if (s->knext)
        s->knext->kprev = s->kprev;
    hub.count--;
    pthread_mutex_unlock(&hub.lock);
    if (s->free_fn)
        s->free_fn(s->cls);
    free(s);
}

void sse_stream_discard(struct sse_stream *s)
{
    if (s)
        stream_free(s);
}

static ssize_t on_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    struct sse_stream *s = cls;
    (void)pos;
    for (;;) {
        pthread_mutex_lock(&hub.lock);
        bool closing = hub.closing;
        enum http_stream_why ending = (enum http_stream_why)s->ending;
        uint64_t wake = hub.wake_gen, beat = hub.beat_gen;
        pthread_mutex_unlock(&hub.lock);
        if (closing)
            return MHD_CONTENT_READER_END_OF_STREAM;
        if (ending) {
            ssize_t n = s->reader(s->cls, buf, max, ending);
            return n > 0 ? n : MHD_CONTENT_READER_END_OF_STREAM;
        }
        /* A heartbeat is passed to the producer once; a stream that has
         * nothing to say then sends the keep-alive comment. */
        bool beat_due = beat != s->seen_beat;
        s->seen_beat = beat;
        ssize_t n = s->reader(s->cls, buf, max, beat_due ? HTTP_STREAM_BEAT : HTTP_STREAM_WAKE);
        if (n < 0)
            return MHD_CONTENT_READER_END_OF_STREAM;
        if (n > 0)
            return n;
        if (beat_due && max >= sizeof KEEPALIVE - 1) {
            memcpy(buf, KEEPALIVE, sizeof KEEPALIVE - 1);
            return (ssize_t)(sizeof KEEPALIVE - 1);
        }
        pthread_mutex_lock(&hub.lock);
        if (!hub.closing && !s->ending && hub.wake_gen == wake && hub.beat_gen == beat) {
            s->suspended = true;
            MHD_suspend_connection(s->conn);
            pthread_mutex_unlock(&hub.lock);
            return 0;
        }
        pthread_mutex_unlock(&hub.lock);
        /* a wake, heartbeat or end came while the producer looked: look again */
    }
}

struct MHD_Response *sse_stream_response(struct sse_stream *s)
{
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, BLOCK_SIZE, on_read, s, stream_free);
    if (!r)
        stream_free(s);
    return r;
}
