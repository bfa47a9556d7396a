/* What the privacy guard held for a monitor's review: the queue, one held
 * text with its findings, release, reject and withdraw (core/review), and
 * the 202 a held write answers. Who may see and decide is core/perm's. */
#include <string.h>

#include "api/api.h"
#include "core/perm.h"
#include "core/policy.h"
#include "core/post.h"
#include "core/review.h"

static json_t *id_or_null(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

static json_t *findings_json(const struct review_view *rv)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < rv->n; i++) {
        const struct guard_record_finding *x = &rv->finding[i];
        int rule = policy_rule_parse(x->rule);
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:o}", "rule", x->rule, "severity",
                             x->severity, "action", x->action, "start", (json_int_t)x->start, "end",
                             (json_int_t)x->end, "explanation",
                             rule < 0 ? "" : policy_explanation((enum policy_rule)rule), "image_id",
                             x->image_id ? json_integer(x->image_id) : json_null()));
    }
    return items;
}

static json_t *images_json(const struct media *m, size_t n)
{
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(items, api_image(&m[i]));
    return items;
}

static json_t *review_json(const struct viewer *v, const struct review_view *rv)
{
    const struct review *x = &rv->r;
    struct markdown_result md = {0};
    struct fail ignore = {0};
    json_t *html = post_preview(x->body, &md, &ignore) ? json_null() : json_string(md.html);
    markdown_result_free(&md);
    /* Who decided is for monitors; the author hears "a monitor". */
    json_t *by =
        x->decided_by && v->monitor && x->decided_by_name
            ? json_pack("{s:I, s:s}", "id", (json_int_t)x->decided_by, "name", x->decided_by_name)
            : json_null();
    return json_pack(
        "{s:I, s:s, s:s, s:o, s:{s:I, s:s, s:s}, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, "
        "s:o, s:o, s:b, s:o}",
        "id", (json_int_t)x->id, "kind", guard_content_str(x->kind), "state",
        review_state_str(x->state), "author", api_user_brief(&x->author), "group", "id",
        (json_int_t)x->group_id, "name", x->group_name, "privacy", privacy_str(x->group_privacy),
        "post_id", id_or_null(x->post_id), "parent_id", id_or_null(x->parent_id), "comment_id",
        id_or_null(x->comment_id), "body", x->body, "body_html", html, "reason",
        x->reason ? json_string(x->reason) : json_null(), "findings", findings_json(rv),
        "created_at", api_time(x->created_at), "decided_at", api_time(x->decided_at), "decided_by",
        by, "note", x->note ? json_string(x->note) : json_null(), "can_decide",
        x->state == REVIEW_PENDING && perm_review(v, x->author.id, REVIEW_DECIDE), "images",
        images_json(rv->images, rv->n_images));
}

bool api_screen_held(struct http_req *r, const struct privacy_screen *scr)
{
    if (!scr->review_id)
        return false;
    struct api_ctx *c = api_ctx(r);
    struct review_view rv;
    struct fail f = {0};
    if (review_get(c->st, &r->arena, &c->viewer, scr->review_id, &rv, &f))
        api_fail(r, &f);
    else
        http_json(
            r, 202,
            json_pack("{s:s, s:o}", "status", "held", "review", review_json(&c->viewer, &rv)));
    return true;
}

static int state_parse(const char *s, enum review_state *out)
{
    if (!s || strcmp(s, "all") == 0) {
        *out = REVIEW_STATE__MAX;
        return s ? 0 : -1;
    }
    for (int i = 0; i < REVIEW_STATE__MAX; i++)
        if (strcmp(review_state_str((enum review_state)i), s) == 0) {
            *out = (enum review_state)i;
            return 0;
        }
    return -1;
}

void h_reviews_list(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    enum review_state st = REVIEW_PENDING;
    const char *q = http_query_str(r, "state");
    struct fail f = {0};
    if (q && state_parse(q, &st)) {
        core_fail(&f, CORE_INVALID, "unknown_state",
                  "state is one of pending, released, rejected, withdrawn and all.", "state");
        api_fail(r, &f);
        return;
    }
    int64_t cursor = 0, mine = 0, next = 0, pending = -1;
    http_query_int(r, "cursor", &cursor);
    http_query_int(r, "mine", &mine);
    struct review_view *rv;
    size_t n;
    if (review_list(c->st, &r->arena, &c->viewer, st, mine != 0, cursor, api_limit(r), &rv, &n,
                    &next, &f) ||
        (c->viewer.monitor && review_pending_count(c->st, &c->viewer, &pending, &f))) {
        api_fail(r, &f);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, review_json(&c->viewer, &rv[i]));
    json_t *page = api_page(items, next);
    json_object_set_new(page, "pending_count", pending >= 0 ? json_integer(pending) : json_null());
    http_json(r, 200, page);
}

void h_reviews_get(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct review_view rv;
    struct fail f = {0};
    if (review_get(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &rv, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, review_json(&c->viewer, &rv));
}

static void decide(struct http_req *r, bool release)
{
    static const struct body_field fields[] = {
        {"reason", JSON_STRING, false, 4 * REVIEW_NOTE_MAX},
    };
    struct api_ctx *c = api_ctx(r);
    json_t *b = api_body(r, fields, 1);
    if (!b)
        return;
    struct review_view rv;
    struct fail f = {0};
    int64_t id = http_path_id(r, "id");
    const char *note = api_str(b, "reason");
    if (release ? review_release(c->st, &r->arena, &c->viewer, id, note, &rv, &f)
                : review_reject(c->st, &r->arena, &c->viewer, id, note, &rv, &f))
        api_fail(r, &f);
    else
        http_json(r, 200, review_json(&c->viewer, &rv));
    json_decref(b);
}

void h_reviews_release(struct http_req *r)
{
    decide(r, true);
}

void h_reviews_reject(struct http_req *r)
{
    decide(r, false);
}

void h_reviews_withdraw(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct fail f = {0};
    if (review_withdraw(c->st, &r->arena, &c->viewer, http_path_id(r, "id"), &f))
        api_fail(r, &f);
    else
        http_respond(r, 204, NULL, "", 0);
}

static json_t *record_json(const struct record_view *x)
{
    const struct guard_record *r = &x->v.r;
    json_t *findings = json_array();
    for (size_t i = 0; findings && i < x->n; i++)
        json_array_append_new(findings,
                              json_pack("{s:s, s:s, s:s}", "rule", x->finding[i].rule, "severity",
                                        x->finding[i].severity, "action", x->finding[i].action));
    json_t *group = r->group_id && x->v.group_name
                        ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)r->group_id, "name",
                                    x->v.group_name, "privacy", privacy_str(x->v.group_privacy))
                        : json_null();
    return json_pack(
        "{s:I, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)r->id, "at",
        api_time(r->at), "kind", guard_content_str(r->content), "outcome",
        guard_outcome_str(r->outcome), "reason", r->reason ? json_string(r->reason) : json_null(),
        "author", api_user_brief(&x->v.author), "group", group, "post_id", id_or_null(r->post_id),
        "comment_id", id_or_null(r->comment_id), "findings", findings);
}

void h_guard_records(struct http_req *r)
{
    struct api_ctx *c = api_ctx(r);
    struct fail f = {0};
    enum guard_outcome o = GUARD_OUTCOME__MAX;
    const char *q = http_query_str(r, "outcome");
    if (q && strcmp(q, "all") != 0) {
        int i = 0;
        while (i < GUARD_OUTCOME__MAX && strcmp(guard_outcome_str((enum guard_outcome)i), q) != 0)
            i++;
        if (i == GUARD_OUTCOME__MAX) {
            core_fail(&f, CORE_INVALID, "unknown_outcome",
                      "outcome is one of published, overridden, unconfirmed, blocked, held "
                      "and all.",
                      "outcome");
            api_fail(r, &f);
            return;
        }
        o = (enum guard_outcome)i;
    }
    int64_t cursor = 0, next = 0;
    http_query_int(r, "cursor", &cursor);
    struct record_view *rv;
    size_t n;
    if (review_records(c->st, &r->arena, &c->viewer, o, cursor, api_limit(r), &rv, &n, &next, &f)) {
        api_fail(r, &f);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, record_json(&rv[i]));
    http_json(r, 200, api_page(items, next));
}
