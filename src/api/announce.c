/* Important announcements: marking, receipts, acknowledgements and nudges
 * (core/announce). */
#include "api/api.h"
#include "core/announce.h"
#include "core/post.h"

static void post_answer(struct http_req *r, enum core_err rc, const struct post *p,
                        const struct fail *f)
{
    if (rc)
        api_fail(r, f);
    else
        http_json(r, 200, api_post(&api_ctx(r)->viewer, p));
}

void h_important_put(struct http_req *r)
{
    static const struct body_field fields[] = {{"days", JSON_INTEGER, true, IMPORTANT_DAYS_MAX}};
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 1);
    if (!b)
        return;
    struct post p;
    struct fail f = {0};
    enum core_err rc = announce_mark(c->st, &r->arena, &c->viewer, http_path_id(r, "id"),
                                     api_int(b, "days"), &p, &f);
    post_answer(r, rc, &p, &f);
    json_decref(b);
}

void h_important_delete(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct post p;
    struct fail f = {0};
    enum core_err rc = announce_unmark(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &p, &f);
    post_answer(r, rc, &p, &f);
}

static void receipt(struct http_req *r, bool ack)
{
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, NULL, 0);
    if (!b)
        return;
    json_decref(b);
    struct post p;
    struct fail f = {0};
    enum core_err rc =
        announce_receipt(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), ack, &p, &f);
    post_answer(r, rc, &p, &f);
}

void h_post_seen(struct http_req *r)
{
    receipt(r, false);
}

void h_post_acknowledge(struct http_req *r)
{
    receipt(r, true);
}

void h_post_receipts(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    enum receipt_state state = RECEIPT_NOT_ACKNOWLEDGED;
    const char *q = http_query_str(r, "state");
    if (q && receipt_state_parse(q, &state)) {
        struct fail f = {0};
        core_fail(&f, CORE_INVALID, "unknown_state",
                  "state is one of acknowledged, not_acknowledged, seen and not_seen.", "state");
        api_fail(r, &f);
        return;
    }
    int64_t cursor = 0, next;
    http_query_int(r, "cursor", &cursor);
    struct receipt *items;
    struct receipt_counts counts;
    size_t n;
    struct fail f = {0};
    if (announce_receipts(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), state, cursor,
                          api_limit(r), &items, &n, &next, &counts, &f)) {
        api_fail(r, &f);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr,
                              json_pack("{s:o, s:o, s:o}", "user", api_user_brief(&items[i].user),
                                        "seen_at", api_time(items[i].seen_at), "acknowledged_at",
                                        api_time(items[i].acked_at)));
    json_t *o = api_page(arr, next);
    if (o) {
        json_object_set_new(o, "state", json_string(receipt_state_str(state)));
        json_object_set_new(o, "counts", api_receipt_counts(&counts));
    }
    http_json(r, 200, o);
}

void h_post_nudge(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, NULL, 0);
    if (!b)
        return;
    json_decref(b);
    int64_t nudged = 0;
    struct fail f = {0};
    if (announce_nudge(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &nudged, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, json_pack("{s:I}", "nudged", (json_int_t)nudged));
}
