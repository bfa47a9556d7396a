/* The /api/v1 layer: the route table, authentication and CSRF, request
 * bodies checked against declared fields, and the JSON shapes of staffroom's
 * objects. Handlers parse and validate, call core, and write JSON; they
 * decide nothing about visibility (core/perm does). */
#ifndef API_API_H
#define API_API_H

#include <jansson.h>

#include "core/core.h"
#include "core/privacy.h"
#include "http/http.h"
#include "store/store.h"
#include "util/jsonw.h"

#define SESSION_COOKIE "staffroom_session"

struct api_app {
    struct store_pool *pool;
    int64_t session_ttl_ms;
    bool secure_cookies; /* set the Secure attribute (behind an HTTPS proxy) */
};

/* Route flags. */
#define API_PUBLIC   1u /* no sign-in needed */
#define API_NO_STORE 2u /* needs no database connection */

/* Per-request state the dispatcher prepares for a handler. */
struct api_ctx {
    struct store *st;
    struct user user; /* the signed-in person (when the route is not public) */
    struct viewer viewer;
    bool cookie_auth;
    const char *session; /* the session cookie's value, when there is one */
    const char *csrf;    /* the session's CSRF token, when cookie-authenticated */
};

extern const struct http_route api_routes[];
extern const size_t api_routes_count;
void api_dispatch(struct http_req *r);

static inline struct api_ctx *api_ctx(struct http_req *r)
{
    return r->ctx;
}

/* ---- request bodies ---- */

struct body_field {
    const char *name;
    json_type type; /* JSON_STRING, JSON_INTEGER, JSON_TRUE (any boolean),
                       JSON_ARRAY (of ids: positive integers up to 2^53) */
    bool required;
    size_t max; /* strings: bytes; integers: 0 = any positive id; arrays: elements */
};

/* Parses the body as a JSON object holding only the declared fields with
 * their types and bounds. NULL when it is not (the problem is already set).
 * An empty body is an empty object. */
json_t *api_body(struct http_req *r, const struct body_field *fields, size_t n);
/* Convenience getters: NULL / 0 / false when the member is absent. */
const char *api_str(json_t *o, const char *name);
int64_t api_int(json_t *o, const char *name);
bool api_has(json_t *o, const char *name);

/* ---- responses ---- */

/* Answers a core failure with its status, code, detail and field. */
void api_fail(struct http_req *r, const struct fail *f);
size_t api_limit(struct http_req *r);
json_t *api_time(int64_t ms);     /* RFC 3339 UTC string, or null for 0 */
json_t *api_cursor(int64_t next); /* string or null */
json_t *api_user(const struct user *u);
json_t *api_user_brief(const struct user *u);
json_t *api_group(const struct viewer *v, const struct group *g);
/* A post with what the viewer may do with it. */
json_t *api_post(const struct viewer *v, const struct post *p);
json_t *api_receipt_counts(const struct receipt_counts *c);
/* A comment; moderate: the viewer may remove anyone's comment there. */
json_t *api_comment(const struct viewer *v, const struct comment *c, bool moderate);
/* The ids of an array member that api_body checked (JSON_ARRAY), in r's
 * arena; NULL with *n 0 when it is absent, NULL with the problem set (503)
 * when out of memory. */
int64_t *api_ids(struct http_req *r, json_t *o, const char *name, size_t *n, bool *failed);
/* {"items": items, "next_cursor": ...} */
json_t *api_page(json_t *items, int64_t next);

/* ---- responses written as they go (util/jsonw) ----
 * The same shapes as the jansson encoders above, for the large answers
 * (feeds): api_json_start, write one value with the api_*_write functions
 * and jsonw_*, then api_json_send, which answers 503 if writing failed. */

#define API_JSON_MAX (64u * 1024u * 1024u) /* the largest answer written */

struct api_json {
    struct buf buf;
    struct jsonw w;
};

void api_json_start(struct api_json *j);
/* Answers with what was written (copied) and frees the buffer. */
void api_json_send(struct http_req *r, int status, struct api_json *j);
void api_post_write(struct jsonw *w, const struct viewer *v, const struct post *p);
void api_comment_write(struct jsonw *w, const struct viewer *v, const struct comment *c,
                       bool moderate);
void api_user_brief_write(struct jsonw *w, const struct user *u);
void api_cursor_write(struct jsonw *w, int64_t next); /* string or null */
struct media;
void api_image_write(struct jsonw *w, const struct media *m);

/* ---- the student-privacy guard (api/guard.c) ---- */

/* The findings of a report as the API shows them. */
json_t *api_findings(const struct privacy_report *rep);
/* Reads the body's optional "confirm": {"reason": "..."} into scr; false
 * (the problem set) when it is malformed. */
bool api_confirm(struct http_req *r, json_t *body, struct privacy_screen *scr);
/* Answers a failure; a privacy refusal as a 422 with its findings. */
void api_screen_fail(struct http_req *r, const struct fail *f, const struct privacy_screen *scr);
/* Answers a write the policy held for review: 202 {"status": "held",
 * "review": {...}}. False (nothing answered) when scr held nothing. */
bool api_screen_held(struct http_req *r, const struct privacy_screen *scr);

/* ---- handlers (one file per resource) ---- */

void h_healthz(struct http_req *r);
void h_metrics(struct http_req *r);
void h_session_create(struct http_req *r);
void h_session_delete(struct http_req *r);
void h_session_get(struct http_req *r);
void h_preview(struct http_req *r);
void h_me(struct http_req *r);
void h_tokens_create(struct http_req *r);
void h_tokens_list(struct http_req *r);
void h_tokens_delete(struct http_req *r);
void h_users_list(struct http_req *r);
void h_users_get(struct http_req *r);
void h_user_posts(struct http_req *r);
void h_orgs_list(struct http_req *r);
void h_groups_list(struct http_req *r);
void h_groups_create(struct http_req *r);
void h_groups_get(struct http_req *r);
void h_groups_update(struct http_req *r);
void h_members_list(struct http_req *r);
void h_members_add(struct http_req *r);
void h_members_update(struct http_req *r);
void h_members_remove(struct http_req *r);
void h_group_posts_list(struct http_req *r);
void h_group_posts_create(struct http_req *r);
void h_posts_get(struct http_req *r);
void h_posts_update(struct http_req *r);
void h_posts_delete(struct http_req *r);
void h_posts_revisions(struct http_req *r);
void h_comments_list(struct http_req *r);
void h_comments_create(struct http_req *r);
void h_comments_delete(struct http_req *r);
void h_reactions_put(struct http_req *r);
void h_reactions_delete(struct http_req *r);
void h_feed(struct http_req *r);
void h_notifications_list(struct http_req *r);
void h_notifications_read(struct http_req *r);
void h_notification_settings_list(struct http_req *r);
void h_notification_settings_get(struct http_req *r);
void h_notification_settings_put(struct http_req *r);
void h_post_follow_put(struct http_req *r);
void h_post_follow_delete(struct http_req *r);
void h_stream(struct http_req *r);
void h_guard_check(struct http_req *r);
void h_reviews_list(struct http_req *r);
void h_reviews_get(struct http_req *r);
void h_reviews_release(struct http_req *r);
void h_reviews_reject(struct http_req *r);
void h_reviews_withdraw(struct http_req *r);
void h_guard_records(struct http_req *r);

/* ---- important announcements ---- */
void h_important_put(struct http_req *r);
void h_important_delete(struct http_req *r);
void h_post_seen(struct http_req *r);
void h_post_acknowledge(struct http_req *r);
void h_post_receipts(struct http_req *r);
void h_post_nudge(struct http_req *r);

/* ---- drafts, scheduled posts, e-mail ---- */
void h_drafts_list(struct http_req *r);
void h_drafts_create(struct http_req *r);
void h_drafts_get(struct http_req *r);
void h_drafts_update(struct http_req *r);
void h_drafts_delete(struct http_req *r);
void h_drafts_schedule_put(struct http_req *r);
void h_drafts_schedule_delete(struct http_req *r);
void h_drafts_publish(struct http_req *r);
void h_email_settings_get(struct http_req *r);
void h_email_settings_put(struct http_req *r);
void h_email_unsubscribe(struct http_req *r);
void h_admin_jobs(struct http_req *r);

/* ---- images (api/media.c) ---- */
struct media;
/* An image as the API shows it: {id, mime, width, height, bytes, url,
 * thumbnail: {url, width, height}}. */
json_t *api_image(const struct media *m);
void h_images_create(struct http_req *r);
void h_images_get(struct http_req *r);
void h_images_thumbnail(struct http_req *r);
void h_images_update(struct http_req *r);
void h_images_delete(struct http_req *r);

#endif
