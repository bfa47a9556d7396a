/* The SSE hub (see sse.h): one process-wide registry of open streams under
 * one mutex. A stream's connection is suspended only by its own content
 * reader, with the mutex held and its `suspended` flag set, and resumed only
 * by the hub with the mutex held and the flag cleared, so a connection is
 * never resumed twice or when it is not suspended; a stream is unlinked (by
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
#define BLOCK_SIZE     4096
#define STOP_WAIT_MS   3000
#define HEARTBEAT_DFLT 25000u
#define PER_KEY_DFLT   8u

struct sse_stream {
    struct MHD_Connection *conn;
    int64_t key;
    http_stream_reader reader;
    void *cls;
    void (*free_fn)(void *);
    bool suspended;
    uint64_t seen_beat;
    struct sse_stream *prev, *next;
};

static struct {
    pthread_mutex_t lock;
    pthread_cond_t tick;
    struct sse_stream *head;
    unsigned count;
    uint64_t wake_gen, beat_gen;
    bool closing, running, stopping;
    unsigned heartbeat_ms, max_per_key;
    pthread_t thread;
} hub = {.lock = PTHREAD_MUTEX_INITIALIZER, .tick = PTHREAD_COND_INITIALIZER};

/* With hub.lock held. */
static void resume_all(void)
{
    for (struct sse_stream *s = hub.head; s; s = s->next) {
        if (s->suspended) {
            s->suspended = false;
            MHD_resume_connection(s->conn);
        }
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

struct sse_stream *sse_stream_new(struct MHD_Connection *c, int64_t key, http_stream_reader reader,
                                  void *cls, void (*free_fn)(void *), bool *full)
{
    *full = false;
    struct sse_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->conn = c;
    s->key = key;
    s->reader = reader;
    s->cls = cls;
    s->free_fn = free_fn;
    pthread_mutex_lock(&hub.lock);
    unsigned same = 0;
    for (struct sse_stream *o = hub.head; o; o = o->next)
        same += o->key == key;
    unsigned cap = hub.max_per_key ? hub.max_per_key : PER_KEY_DFLT;
    if (same >= cap || hub.closing) {
        pthread_mutex_unlock(&hub.lock);
        free(s);
        *full = true;
        return NULL;
    }
    s->seen_beat = hub.beat_gen;
    s->next = hub.head;
    if (hub.head)
        hub.head->prev = s;
    hub.head = s;
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
        uint64_t wake = hub.wake_gen, beat = hub.beat_gen;
        pthread_mutex_unlock(&hub.lock);
        if (closing)
            return MHD_CONTENT_READER_END_OF_STREAM;
        ssize_t n = s->reader(s->cls, buf, max);
        if (n < 0)
            return MHD_CONTENT_READER_END_OF_STREAM;
        if (n > 0)
            return n;
        if (beat != s->seen_beat && max >= sizeof KEEPALIVE - 1) {
            s->seen_beat = beat;
            memcpy(buf, KEEPALIVE, sizeof KEEPALIVE - 1);
            return (ssize_t)(sizeof KEEPALIVE - 1);
        }
        pthread_mutex_lock(&hub.lock);
        if (!hub.closing && hub.wake_gen == wake && hub.beat_gen == beat) {
            s->suspended = true;
            MHD_suspend_connection(s->conn);
            pthread_mutex_unlock(&hub.lock);
            return 0;
        }
        pthread_mutex_unlock(&hub.lock);
        /* a wake or heartbeat came while the producer looked: look again */
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
