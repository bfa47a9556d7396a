/* Operational endpoints: /healthz for load balancers and /metrics for
 * Prometheus. Neither reveals any district data. */
#include "api/api.h"
#include "util/buf.h"
#include "util/metrics.h"

void h_healthz(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    int v = store_schema_version(c->st);
    if (v <= 0) {
        http_problem(r, 503, "database_unavailable", "The database cannot be read.", NULL);
        return;
    }
    http_json(r, 200, json_pack("{s:s, s:i}", "status", "ok", "schema_version", v));
}

void h_metrics(struct http_req *r)
{
    struct buf b;
    buf_init(&b, 8u * 1024u * 1024u);
    metrics_render(&b);
    if (b.err) {
        buf_free(&b);
        http_problem(r, 503, "no_memory", "The metrics could not be rendered.", NULL);
        return;
    }
    http_respond(r, 200, "text/plain; version=0.0.4; charset=utf-8", b.data ? b.data : "", b.len);
    buf_free(&b);
}
