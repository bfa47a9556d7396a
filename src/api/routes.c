/* The route table of /api/v1, /healthz and /metrics: method, path, handler,
 * flags and declared query parameters. docs/openapi.yaml describes each
 * row; tests/api/openapi.test.mjs checks the two agree. */
#include "api/api.h"

#define PARAMS(p) p, sizeof p / sizeof p[0]

static const struct http_param page[] = {
    {"limit", PARAM_INT, 1, LIMIT_PAGE_MAX},
    {"cursor", PARAM_ID, 0, 0},
};
static const struct http_param users_q[] = {
    {"limit", PARAM_INT, 1, LIMIT_PAGE_MAX},     {"cursor", PARAM_STRING, 1, LIMIT_LOGIN_MAX},
    {"q", PARAM_STRING, 1, LIMIT_QUERY},         {"org_id", PARAM_ID, 0, 0},
    {"login", PARAM_STRING, 1, LIMIT_LOGIN_MAX},
};
static const struct http_param groups_q[] = {
    {"limit", PARAM_INT, 1, LIMIT_PAGE_MAX},
    {"cursor", PARAM_ID, 0, 0},
    {"q", PARAM_STRING, 1, LIMIT_QUERY},
    {"filter", PARAM_STRING, 1, 9},
};
static const struct http_param members_q[] = {
    {"limit", PARAM_INT, 1, LIMIT_PAGE_MAX},
    {"cursor", PARAM_ID, 0, 0},
    {"state", PARAM_STRING, 1, 16},
};

static const struct http_param notes_q[] = {
    {"limit", PARAM_INT, 1, LIMIT_PAGE_MAX},
    {"cursor", PARAM_ID, 0, 0},
    {"unread", PARAM_BOOL, 0, 0},
};

static const struct http_param receipts_q[] = {
    {"limit", PARAM_INT, 1, LIMIT_PAGE_MAX},
    {"cursor", PARAM_ID, 0, 0},
    {"state", PARAM_STRING, 1, 16},
};

static const struct http_param reviews_q[] = {
    {"limit", PARAM_INT, 1, LIMIT_PAGE_MAX},
    {"cursor", PARAM_ID, 0, 0},
    {"state", PARAM_STRING, 1, 16},
    {"mine", PARAM_BOOL, 0, 0},
};

static const struct http_param records_q[] = {
    {"limit", PARAM_INT, 1, LIMIT_PAGE_MAX},
    {"cursor", PARAM_ID, 0, 0},
    {"outcome", PARAM_STRING, 1, 16},
};

static const struct http_param unsub_q[] = {
    {"token", PARAM_STRING, 1, 64},
};

static const struct http_param stream_q[] = {
    {"last_event_id", PARAM_INT, 0, LIMIT_ID_MAX},
};

#define V1 "/api/v1"

const struct http_route api_routes[] = {
    {HTTP_GET, "/healthz", h_healthz, API_PUBLIC, NULL, 0},
    {HTTP_GET, "/metrics", h_metrics, API_PUBLIC | API_NO_STORE, NULL, 0},
    {HTTP_POST, V1 "/session", h_session_create, API_PUBLIC, NULL, 0},
    {HTTP_GET, V1 "/session", h_session_get, 0, NULL, 0},
    {HTTP_DELETE, V1 "/session", h_session_delete, 0, NULL, 0},
    {HTTP_POST, V1 "/preview", h_preview, 0, NULL, 0},
    {HTTP_POST, V1 "/guard/check", h_guard_check, 0, NULL, 0},
    {HTTP_GET, V1 "/guard/records", h_guard_records, 0, PARAMS(records_q)},
    {HTTP_GET, V1 "/reviews", h_reviews_list, 0, PARAMS(reviews_q)},
    {HTTP_GET, V1 "/reviews/{id}", h_reviews_get, 0, NULL, 0},
    {HTTP_DELETE, V1 "/reviews/{id}", h_reviews_withdraw, 0, NULL, 0},
    {HTTP_POST, V1 "/reviews/{id}/release", h_reviews_release, 0, NULL, 0},
    {HTTP_POST, V1 "/reviews/{id}/reject", h_reviews_reject, 0, NULL, 0},
    {HTTP_GET, V1 "/me", h_me, 0, NULL, 0},
    {HTTP_POST, V1 "/tokens", h_tokens_create, 0, NULL, 0},
    {HTTP_GET, V1 "/tokens", h_tokens_list, 0, NULL, 0},
    {HTTP_DELETE, V1 "/tokens/{id}", h_tokens_delete, 0, NULL, 0},
    {HTTP_GET, V1 "/users", h_users_list, 0, PARAMS(users_q)},
    {HTTP_GET, V1 "/users/{id}", h_users_get, 0, NULL, 0},
    {HTTP_GET, V1 "/users/{id}/posts", h_user_posts, 0, PARAMS(page)},
    {HTTP_GET, V1 "/orgs", h_orgs_list, 0, NULL, 0},
    {HTTP_GET, V1 "/groups", h_groups_list, 0, PARAMS(groups_q)},
    {HTTP_POST, V1 "/groups", h_groups_create, 0, NULL, 0},
    {HTTP_GET, V1 "/groups/{id}", h_groups_get, 0, NULL, 0},
    {HTTP_PATCH, V1 "/groups/{id}", h_groups_update, 0, NULL, 0},
    {HTTP_GET, V1 "/groups/{id}/members", h_members_list, 0, PARAMS(members_q)},
    {HTTP_POST, V1 "/groups/{id}/members", h_members_add, 0, NULL, 0},
    {HTTP_PATCH, V1 "/groups/{id}/members/{user_id}", h_members_update, 0, NULL, 0},
    {HTTP_DELETE, V1 "/groups/{id}/members/{user_id}", h_members_remove, 0, NULL, 0},
    {HTTP_GET, V1 "/groups/{id}/posts", h_group_posts_list, 0, PARAMS(page)},
    {HTTP_POST, V1 "/groups/{id}/posts", h_group_posts_create, 0, NULL, 0},
    {HTTP_GET, V1 "/posts/{id}", h_posts_get, 0, NULL, 0},
    {HTTP_PATCH, V1 "/posts/{id}", h_posts_update, 0, NULL, 0},
    {HTTP_DELETE, V1 "/posts/{id}", h_posts_delete, 0, NULL, 0},
    {HTTP_GET, V1 "/posts/{id}/revisions", h_posts_revisions, 0, NULL, 0},
    {HTTP_GET, V1 "/posts/{id}/comments", h_comments_list, 0, PARAMS(page)},
    {HTTP_POST, V1 "/posts/{id}/comments", h_comments_create, 0, NULL, 0},
    {HTTP_DELETE, V1 "/comments/{id}", h_comments_delete, 0, NULL, 0},
    {HTTP_PUT, V1 "/posts/{id}/reactions/{kind:word}", h_reactions_put, 0, NULL, 0},
    {HTTP_DELETE, V1 "/posts/{id}/reactions/{kind:word}", h_reactions_delete, 0, NULL, 0},
    {HTTP_GET, V1 "/feed", h_feed, 0, PARAMS(page)},
    {HTTP_GET, V1 "/notifications", h_notifications_list, 0, PARAMS(notes_q)},
    {HTTP_POST, V1 "/notifications/read", h_notifications_read, 0, NULL, 0},
    {HTTP_GET, V1 "/notifications/settings", h_notification_settings_list, 0, PARAMS(page)},
    {HTTP_GET, V1 "/groups/{id}/notification-settings", h_notification_settings_get, 0, NULL, 0},
    {HTTP_PUT, V1 "/groups/{id}/notification-settings", h_notification_settings_put, 0, NULL, 0},
    {HTTP_PUT, V1 "/posts/{id}/follow", h_post_follow_put, 0, NULL, 0},
    {HTTP_DELETE, V1 "/posts/{id}/follow", h_post_follow_delete, 0, NULL, 0},
    {HTTP_GET, V1 "/stream", h_stream, 0, PARAMS(stream_q)},
    {HTTP_PUT, V1 "/posts/{id}/important", h_important_put, 0, NULL, 0},
    {HTTP_DELETE, V1 "/posts/{id}/important", h_important_delete, 0, NULL, 0},
    {HTTP_POST, V1 "/posts/{id}/seen", h_post_seen, 0, NULL, 0},
    {HTTP_POST, V1 "/posts/{id}/acknowledge", h_post_acknowledge, 0, NULL, 0},
    {HTTP_GET, V1 "/posts/{id}/receipts", h_post_receipts, 0, PARAMS(receipts_q)},
    {HTTP_POST, V1 "/posts/{id}/nudge", h_post_nudge, 0, NULL, 0},
    {HTTP_GET, V1 "/drafts", h_drafts_list, 0, PARAMS(page)},
    {HTTP_POST, V1 "/drafts", h_drafts_create, 0, NULL, 0},
    {HTTP_GET, V1 "/drafts/{id}", h_drafts_get, 0, NULL, 0},
    {HTTP_PATCH, V1 "/drafts/{id}", h_drafts_update, 0, NULL, 0},
    {HTTP_DELETE, V1 "/drafts/{id}", h_drafts_delete, 0, NULL, 0},
    {HTTP_PUT, V1 "/drafts/{id}/schedule", h_drafts_schedule_put, 0, NULL, 0},
    {HTTP_DELETE, V1 "/drafts/{id}/schedule", h_drafts_schedule_delete, 0, NULL, 0},
    {HTTP_POST, V1 "/drafts/{id}/publish", h_drafts_publish, 0, NULL, 0},
    {HTTP_GET, V1 "/me/email-settings", h_email_settings_get, 0, NULL, 0},
    {HTTP_PUT, V1 "/me/email-settings", h_email_settings_put, 0, NULL, 0},
    {HTTP_POST, V1 "/email/unsubscribe", h_email_unsubscribe, API_PUBLIC, PARAMS(unsub_q)},
    {HTTP_GET, V1 "/admin/jobs", h_admin_jobs, 0, NULL, 0},
    {HTTP_POST, V1 "/images", h_images_create, HTTP_ROUTE_UPLOAD, NULL, 0},
    {HTTP_GET, V1 "/images/{id}", h_images_get, 0, NULL, 0},
    {HTTP_GET, V1 "/images/{id}/thumbnail", h_images_thumbnail, 0, NULL, 0},
    {HTTP_PATCH, V1 "/images/{id}", h_images_update, 0, NULL, 0},
    {HTTP_DELETE, V1 "/images/{id}", h_images_delete, 0, NULL, 0},
};

const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
