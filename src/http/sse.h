/* The SSE hub: the long-lived streamed responses (Server-Sent Events) of
 * this process. It owns each stream's life: the libmicrohttpd connection it
 * runs on, suspending it while its producer has nothing to send and
 * resuming it on sse_wake (new events were committed) or on the heartbeat,
 * the per-key cap (a key is the api layer's business: the person; a new
 * stream beyond the cap ends the key's oldest), ending the streams of a key
 * and tag on request (a sign-out), and an orderly end of every stream when
 * the server stops. What a stream says is its producer's business (the api
 * layer's); the hub adds only the heartbeat comment `: keep-alive`. */
#ifndef HTTP_SSE_H
#define HTTP_SSE_H

#include <stdbool.h>
#include <stdint.h>

/* Wakes every sleeping stream so that its producer runs again. Safe from
 * any thread, at any time (also before the hub is started or after it
 * stopped: then it does nothing). */
void sse_wake(void);
/* How many streams are open now. */
unsigned sse_count(void);

/* ---- the adapter's side (http/server.c only) ---- */

struct sse_stream;
struct MHD_Connection;
struct MHD_Response;
#include "http/http.h"

/* Starts the hub's heartbeat; 0, or -1 when the thread cannot start. */
int sse_start(unsigned heartbeat_ms, unsigned max_per_key);
/* Ends every stream (each producer is told no more and its connection is
 * resumed so that libmicrohttpd can finish it), waits a bounded time for
 * them to go, and stops the heartbeat. Call before MHD_stop_daemon: a
 * suspended connection must not outlive its daemon. */
void sse_stop(void);
/* A stream for key (opened with tag) on connection c; when key already has
 * its cap of streams, its oldest is told to end (HTTP_STREAM_REPLACED).
 * NULL when the hub is stopping or out of memory. The stream owns cls from
 * here on. */
struct sse_stream *sse_stream_new(struct MHD_Connection *c, int64_t key, uint64_t tag,
                                  http_stream_reader reader, void *cls, void (*free_fn)(void *));
/* Ends key's streams opened with tag (0: all of them): http_streams_end. */
void sse_end(int64_t key, uint64_t tag);
/* The response that runs s (which it then owns); NULL (s freed) on failure. */
struct MHD_Response *sse_stream_response(struct sse_stream *s);
/* Frees a stream that never became a response. */
void sse_stream_discard(struct sse_stream *s);

#endif
