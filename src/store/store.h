/* The storage interface: every read and write of staffroom's data goes
 * through these functions, and nothing above this layer sees SQL. The data
 * model's types live here too. The store holds no rules: who may see what is
 * decided in core/perm, which hands the store a filter to apply.
 *
 * A `struct store` is one connection, used by one thread at a time; a
 * `struct store_pool` owns the connections of a process and the single write
 * path (one writer at a time, in BEGIN IMMEDIATE transactions). Strings in
 * returned records are allocated from the arena the caller passes. The
 * SQLite backend lives in store/sqlite.c; a PostgreSQL backend implements
 * this same header. */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum store_err {
    STORE_OK = 0,
    STORE_NOTFOUND,
    STORE_CONFLICT, /* a uniqueness rule was violated */
    STORE_BUSY,     /* the database stayed locked past the busy timeout */
    STORE_ENOMEM,
    STORE_ERROR, /* anything else: logged by the store with its cause */
};
const char *store_err_str(enum store_err e);

/* ---- the data model ---- */

enum org_kind { ORG_DISTRICT, ORG_SCHOOL, ORG_DEPARTMENT, ORG_KIND__MAX };
enum user_role { ROLE_MEMBER, ROLE_ADMIN, ROLE__MAX };
enum user_status { USER_ACTIVE, USER_DEACTIVATED, USER_STATUS__MAX };
enum privacy { PRIVACY_OPEN, PRIVACY_CLOSED, PRIVACY_SECRET, PRIVACY__MAX };
enum member_state { MEMBER_NONE, MEMBER_ACTIVE, MEMBER_PENDING, MEMBER_INVITED, MEMBER_STATE__MAX };
enum group_role { GROUP_MEMBER, GROUP_ADMIN, GROUP_ROLE__MAX };

#define REACTION_KINDS 6
extern const char *const store_reaction_kinds[REACTION_KINDS];

const char *org_kind_str(enum org_kind k);
const char *user_role_str(enum user_role r);
const char *user_status_str(enum user_status s);
const char *privacy_str(enum privacy p);
const char *member_state_str(enum member_state s);
const char *group_role_str(enum group_role r);
/* Each returns 0 and sets *out when s names a value, -1 otherwise. */
int org_kind_parse(const char *s, enum org_kind *out);
int user_role_parse(const char *s, enum user_role *out);
int privacy_parse(const char *s, enum privacy *out);
int group_role_parse(const char *s, enum group_role *out);
int member_state_parse(const char *s, enum member_state *out);
/* Index into store_reaction_kinds, or -1. */
int reaction_kind_index(const char *s);

struct org {
    int64_t id, parent_id; /* parent_id 0 for the district */
    enum org_kind kind;
    const char *name;
};

struct user {
    int64_t id;
    const char *login, *name, *title;
    int64_t org_id; /* 0 when none */
    const char *org_name;
    int64_t manager_id; /* 0 when none */
    enum user_role role;
    enum user_status status;
    int64_t created_at; /* ms since the epoch, like every time here */
    const char *email;  /* NULL when the person has none */
    bool comms;         /* the district communications role */
    bool monitor;       /* the monitor role: reviews held posts (core/review) */
};

struct group {
    int64_t id;
    const char *name, *purpose;
    enum privacy privacy;
    int64_t created_by, created_at, updated_at, archived_at; /* archived_at 0 = live */
    int64_t member_count;
    /* the viewer's relation to the group */
    enum member_state viewer_state;
    enum group_role viewer_role;
};

struct member {
    struct user user;
    enum member_state state;
    enum group_role role;
    int64_t since;
};

struct comment {
    int64_t id, post_id, parent_id; /* parent_id 0 for a top-level comment */
    struct user author;
    const char *body, *body_html;
    int64_t created_at, edited_at;
    int64_t reply_count;
};

struct media; /* store_media.h */

struct post {
    int64_t id, group_id;
    const char *group_name;
    enum privacy group_privacy;
    struct user author;
    const char *body, *body_html;
    int64_t created_at, edited_at, deleted_at;
    int64_t comment_count, reaction_count;
    int64_t reaction_by_kind[REACTION_KINDS];
    int viewer_reaction; /* index into store_reaction_kinds, -1 for none */
    /* the group as the viewer stands in it, for core/perm to judge the post */
    int64_t group_archived_at;
    enum member_state viewer_state;
    enum group_role viewer_role;
    bool viewer_following; /* the viewer follows the post (core/notify) */
    struct comment latest[2];
    size_t n_latest;
    /* important announcements: important_at 0 when never marked; the post
     * is important while important_until is in the future */
    int64_t important_until, important_at, important_by, nudged_at;
    int64_t viewer_seen_at, viewer_acked_at; /* the viewer's receipt, 0 for none */
    /* filled by core only for viewers who may see receipts (core/perm) */
    bool has_receipts;
    struct receipt_counts {
        int64_t audience, seen, acknowledged;
    } receipts;
    /* its images, in order (filled by core) */
    struct media *images;
    size_t n_images;
};

/* One member's receipt of an important post (seen_at/acked_at 0: not yet). */
struct receipt {
    struct user user;
    int64_t seen_at, acked_at;
};

/* Which members a receipt listing returns. */
enum receipt_state {
    RECEIPT_ACKNOWLEDGED,
    RECEIPT_NOT_ACKNOWLEDGED,
    RECEIPT_SEEN,
    RECEIPT_NOT_SEEN,
    RECEIPT_STATE__MAX
};

struct revision {
    int64_t id, editor_id;
    const char *body, *body_html;
    int64_t created_at;
};

struct api_token {
    int64_t id;
    const char *name;
    int64_t created_at, last_used_at;
};

/* The visibility filter core/perm computes for list queries over groups:
 * secret groups are included only where the viewer has a membership row in
 * one of the listed states, unless see_all_secret is set. */
struct group_filter {
    int64_t viewer_id;
    bool see_all_secret;
    enum member_state only_state; /* only groups where the viewer has this state; NONE: all */
    const char *query;            /* substring of name or purpose, or NULL */
};

/* The filter core/perm computes for reading posts across groups: a post is
 * readable when its group is open or the viewer is an active member of it. */
struct content_filter {
    int64_t viewer_id;
};

/* How much a person hears from a group (notification_settings.level). */
enum notify_level { NOTIFY_ALL, NOTIFY_HIGHLIGHTS, NOTIFY_OFF, NOTIFY_LEVEL__MAX };

/* A notification as its recipient reads it. */
struct notification {
    int64_t id;
    int kind;          /* enum notify_kind of core/notify.h */
    struct user actor; /* actor.id 0: none */
    int64_t group_id;  /* 0: none */
    const char *group_name;
    int64_t post_id, comment_id; /* 0: none */
    int64_t review_id;           /* a held post's review (core/review), 0: none */
    int64_t count, created_at, updated_at, read_at;
    /* the group as the recipient stands in it, for core/perm to judge it */
    enum privacy group_privacy;
    int64_t group_archived_at;
    enum member_state viewer_state;
    enum group_role viewer_role;
};

/* A notification to write: to user_id (or to a computed set), about group,
 * post and comment (0: none), by actor. */
struct notify_row {
    int64_t user_id;
    int kind;
    int64_t actor_id, group_id, post_id, comment_id;
    int64_t review_id; /* store_notification_add only */
    int64_t now;
};

/* The filter core/perm computes for reading one's notifications: one about
 * a post needs the post's content to be readable (open group, or an active
 * membership); one about a group alone needs the group to be visible (not
 * secret, or active or invited, or see_all_secret). Removed posts and
 * comments take their notifications with them. */
struct notify_filter {
    int64_t viewer_id;
    bool see_all_secret;
};

/* An entry of the durable event log (what GET /api/v1/stream sends). */
struct event {
    int64_t id;
    int kind; /* enum event_kind of core/event.h */
    int64_t group_id, post_id, comment_id, actor_id, user_id, notification_id; /* 0: none */
    int64_t created_at;
};

/* The filter core/perm computes for reading the event log: group events
 * (user_id NULL) of groups whose content the viewer reads (open, or an
 * active membership), and personal events addressed to the viewer. */
struct event_filter {
    int64_t viewer_id;
};

/* One person's settings for one group they are an active member of. */
struct notify_setting {
    int64_t group_id;
    const char *group_name;
    enum notify_level level;
    bool muted;
};

/* ---- connections and transactions ---- */

struct store;
struct store_pool;

/* Opens (creating if needed) the database and applies pending migrations. */
enum store_err store_pool_open(const char *path, struct store_pool **out);
void store_pool_close(struct store_pool *p);
/* A connection for the calling thread's current unit of work; NULL on failure. */
struct store *store_acquire(struct store_pool *p);
void store_release(struct store_pool *p, struct store *s);
int store_schema_version(struct store *s);

/* The WAL's checkpoints (sqlite.c): how many have run, how many of them
 * restarted the log, and the log's size in pages at the last commit. */
struct store_wal_stats {
    uint64_t checkpoints;
    uint64_t restarts;
    int pages;
};
void store_pool_wal_stats(struct store_pool *p, struct store_wal_stats *out);
/* Sets the WAL's hard limit to cap pages (passive checkpoints every cap/4);
 * the default is 16,384 pages, 64 MB. Tests use small ones. */
void store_pool_wal_limit(struct store_pool *p, int cap);

enum store_err store_begin_read(struct store *s);
/* Takes the process-wide write lock, then BEGIN IMMEDIATE. */
enum store_err store_begin_write(struct store *s);
enum store_err store_commit(struct store *s);
void store_rollback(struct store *s);

/* ---- organisation ---- */

enum store_err store_org_create(struct store *s, int64_t parent_id, enum org_kind kind,
                                const char *name, int64_t *id);
enum store_err store_org_get(struct store *s, struct arena *a, int64_t id, struct org *out);
enum store_err store_org_list(struct store *s, struct arena *a, struct org **out, size_t *n);
enum store_err store_org_by_name(struct store *s, struct arena *a, const char *name,
                                 struct org *out);

/* ---- people ---- */

/* Creates u (id and created_at are set). password_hash may be NULL. */
enum store_err store_user_create(struct store *s, struct user *u, const char *password_hash);
enum store_err store_user_get(struct store *s, struct arena *a, int64_t id, struct user *out);
enum store_err store_user_by_login(struct store *s, struct arena *a, const char *login,
                                   struct user *out, const char **password_hash);
enum store_err store_user_set_password(struct store *s, int64_t id, const char *password_hash);
enum store_err store_user_set_status(struct store *s, int64_t id, enum user_status st);
/* email NULL removes the address. */
enum store_err store_user_set_email(struct store *s, int64_t id, const char *email);
enum store_err store_user_set_comms(struct store *s, int64_t id, bool comms);
enum store_err store_user_set_monitor(struct store *s, int64_t id, bool monitor);
enum store_err store_user_set_manager(struct store *s, int64_t id, int64_t manager_id);
/* Directory listing by name or login prefix/substring, org, after a login cursor. */
enum store_err store_user_list(struct store *s, struct arena *a, const char *query, int64_t org_id,
                               const char *after_login, size_t limit, struct user **out, size_t *n);

/* ---- sessions, tokens, login throttling ---- */

enum store_err store_session_create(struct store *s, const char *digest, int64_t user_id,
                                    const char *csrf, int64_t now, int64_t expires_at);
/* Finds a live session and its user (any status; the caller checks). */
enum store_err store_session_lookup(struct store *s, struct arena *a, const char *digest,
                                    int64_t now, struct user *user, const char **csrf);
enum store_err store_session_delete(struct store *s, const char *digest);
enum store_err store_sessions_delete_user(struct store *s, int64_t user_id);
enum store_err store_token_create(struct store *s, const char *digest, int64_t user_id,
                                  const char *name, int64_t now, int64_t *id);
enum store_err store_token_lookup(struct store *s, struct arena *a, const char *digest,
                                  struct user *user);
enum store_err store_token_list(struct store *s, struct arena *a, int64_t user_id,
                                struct api_token **out, size_t *n);
enum store_err store_token_revoke(struct store *s, int64_t id, int64_t user_id, int64_t now);
enum store_err store_login_failure_add(struct store *s, const char *key, int64_t now);
enum store_err store_login_failure_count(struct store *s, const char *key, int64_t since,
                                         int64_t *count, int64_t *oldest);
enum store_err store_login_failure_clear(struct store *s, const char *key);

/* ---- groups and memberships ---- */

enum store_err store_group_create(struct store *s, struct group *g);
enum store_err store_group_get(struct store *s, struct arena *a, int64_t id, int64_t viewer_id,
                               struct group *out);
enum store_err store_group_update(struct store *s, const struct group *g);
/* Groups passing the filter, ordered by name then id, after the cursor. */
enum store_err store_group_list(struct store *s, struct arena *a, const struct group_filter *f,
                                const char *after_name, int64_t after_id, size_t limit,
                                struct group **out, size_t *n);
/* Open and closed live groups the viewer has no membership row in (neither
 * member, nor asked, nor invited), most members first. Never secret ones. */
enum store_err store_group_suggest(struct store *s, struct arena *a, int64_t viewer_id,
                                   size_t limit, struct group **out, size_t *n);
enum store_err store_member_get(struct store *s, int64_t group_id, int64_t user_id,
                                enum member_state *state, enum group_role *role);
/* Inserts or replaces the membership row; keeps member_count current. */
enum store_err store_member_set(struct store *s, int64_t group_id, int64_t user_id,
                                enum member_state state, enum group_role role, int64_t by,
                                int64_t now);
enum store_err store_member_delete(struct store *s, int64_t group_id, int64_t user_id);
enum store_err store_member_list(struct store *s, struct arena *a, int64_t group_id,
                                 enum member_state state, int64_t after_user_id, size_t limit,
                                 struct member **out, size_t *n);
enum store_err store_group_admin_count(struct store *s, int64_t group_id, int64_t *n);
/* The groups whose content the user reads in the home feed (active memberships). */
enum store_err store_user_feed_groups(struct store *s, struct arena *a, int64_t user_id,
                                      int64_t **ids, size_t *n);

/* ---- posts ---- */

enum store_err store_post_create(struct store *s, int64_t group_id, int64_t author_id,
                                 const char *body, const char *html, int64_t now, int64_t *id);
/* Hydrated post (author, group, counts, the viewer's reaction, latest comments). */
enum store_err store_post_get(struct store *s, struct arena *a, int64_t id, int64_t viewer_id,
                              struct post *out);
/* The post as store_post_get reads it, without the latest comments and the
 * counts by reaction kind (left empty): what a write checks it against. */
enum store_err store_post_head(struct store *s, struct arena *a, int64_t id, int64_t viewer_id,
                               struct post *out);
enum store_err store_post_update(struct store *s, int64_t id, int64_t editor_id, const char *body,
                                 const char *html, int64_t now);
enum store_err store_post_delete(struct store *s, int64_t id, int64_t by, int64_t now);
enum store_err store_post_revisions(struct store *s, struct arena *a, int64_t post_id,
                                    struct revision **out, size_t *n);
/* Ids of a group's live posts with id < before (0 = newest) and id > floor,
 * newest first, written to ids[0..*n), at most limit. One index
 * range read: the cost does not depend on how long the group's history is. */
enum store_err store_group_post_ids(struct store *s, int64_t group_id, int64_t before,
                                    int64_t floor, size_t limit, int64_t *ids, size_t *n);
/* Ids of one author's live posts that pass the filter, newest first, below
 * before (0 = newest), at most limit, into ids[0..*n). */
enum store_err store_author_post_ids(struct store *s, const struct content_filter *f,
                                     int64_t author_id, int64_t before, size_t limit, int64_t *ids,
                                     size_t *n);
/* Fills out[] for each ids[i] in order; a post that is gone or hidden is skipped. */
enum store_err store_posts_hydrate(struct store *s, struct arena *a, int64_t viewer_id,
                                   const int64_t *ids, size_t n_ids, struct post *out, size_t *n);

/* ---- important announcements ---- */

/* Marks a live post important until `until` (by, at now), or, with until
 * 0, ends its importance now (important_at and the receipts stay). */
enum store_err store_post_set_important(struct store *s, int64_t post_id, int64_t until, int64_t by,
                                        int64_t now);
enum store_err store_post_set_nudged(struct store *s, int64_t post_id, int64_t now);
/* Records that user_id saw (ack false) or acknowledged (ack true, which is
 * also seeing) the post. Earlier times are kept; *changed tells whether
 * anything was new. */
enum store_err store_receipt_mark(struct store *s, int64_t post_id, int64_t user_id, bool ack,
                                  int64_t now, bool *changed);
/* The audience of post_id in group_id is its active, active-account members
 * other than author_id; counts among them. */
enum store_err store_receipt_counts(struct store *s, int64_t post_id, int64_t group_id,
                                    int64_t author_id, struct receipt_counts *out);
/* Members of the audience in `state`, by user id after after_user_id. */
enum store_err store_receipt_list(struct store *s, struct arena *a, int64_t post_id,
                                  int64_t group_id, int64_t author_id, enum receipt_state state,
                                  int64_t after_user_id, size_t limit, struct receipt **out,
                                  size_t *n);
/* Ids of posts important at `now` that are pinned for viewer_id: in group_id
 * (0: every group the viewer is an active member of), not written by the
 * viewer and not yet acknowledged by them; newest first, at most limit. */
enum store_err store_pinned_post_ids(struct store *s, int64_t viewer_id, int64_t group_id,
                                     int64_t now, size_t limit, int64_t *ids, size_t *n);

/* ---- comments, reactions, mentions ---- */

enum store_err store_comment_create(struct store *s, int64_t post_id, int64_t parent_id,
                                    int64_t author_id, const char *body, const char *html,
                                    int64_t now, int64_t *id);
enum store_err store_comment_get(struct store *s, struct arena *a, int64_t id, struct comment *out);
/* Comments of a post, oldest first, after the cursor id. */
enum store_err store_comment_list(struct store *s, struct arena *a, int64_t post_id,
                                  int64_t after_id, size_t limit, struct comment **out, size_t *n);
enum store_err store_comment_delete(struct store *s, int64_t id, int64_t by, int64_t now);
/* Sets the user's one reaction on a post (replacing another kind). */
enum store_err store_reaction_set(struct store *s, int64_t post_id, int64_t user_id, int kind,
                                  int64_t now);
/* Removes the reaction if it is of this kind; STORE_NOTFOUND otherwise. */
enum store_err store_reaction_delete(struct store *s, int64_t post_id, int64_t user_id, int kind);
/* Records who a post (is_comment false) or comment mentions, by login;
 * unknown logins are ignored. Replaces earlier mentions of the source. */
enum store_err store_mentions_set(struct store *s, bool is_comment, int64_t source_id,
                                  char *const *logins, size_t n, int64_t now);
enum store_err store_mentions_list(struct store *s, struct arena *a, bool is_comment,
                                   int64_t source_id, struct user **out, size_t *n);

/* ---- notifications, their settings, post follows ---- */

enum store_err store_notification_add(struct store *s, const struct notify_row *n);
/* Counts one more on the recipient's unread notification of this kind about
 * this post and makes n->actor_id its latest actor; NOTFOUND when there is
 * no such unread notification. */
enum store_err store_notification_bump(struct store *s, const struct notify_row *n);
/* Set-based fan-outs (one INSERT ... SELECT each). Recipients are active
 * people other than the actor, and never one whose setting for the group is
 * muted or whose level (dflt when they have none) is above max_level. */
/* To the group's active admins. */
enum store_err store_notify_admins(struct store *s, const struct notify_row *n,
                                   enum notify_level dflt, enum notify_level max_level);
/* To the group's active members who chose `level` (which must not be the
 * default: only people with a settings row are read), except those the
 * post n->post_id mentions. */
enum store_err store_notify_level(struct store *s, const struct notify_row *n,
                                  enum notify_level level);
/* To the people following post n->post_id who may read it (the content
 * filter of core/perm), except skip1, skip2 and those comment n->comment_id
 * mentions. */
enum store_err store_notify_followers(struct store *s, const struct notify_row *n, int64_t skip1,
                                      int64_t skip2, enum notify_level dflt,
                                      enum notify_level max_level);
/* To every active member of n->group_id other than the actor, whatever
 * their settings (an important post). With unacked_only, only those who
 * have not acknowledged post n->post_id and are not skip (its author);
 * *count is how many were notified. */
enum store_err store_notify_members(struct store *s, const struct notify_row *n, bool unacked_only,
                                    int64_t skip, int64_t *count);
/* The viewer's notifications passing the filter, newest first, with id <
 * before (0: from the newest), only unread ones when unread_only. */
enum store_err store_notification_list(struct store *s, struct arena *a,
                                       const struct notify_filter *f, bool unread_only,
                                       int64_t before, size_t limit, struct notification **out,
                                       size_t *n);
enum store_err store_notification_unread(struct store *s, const struct notify_filter *f,
                                         int64_t *count);
/* Marks one of user_id's notifications read; other people's ids change nothing. */
enum store_err store_notification_mark(struct store *s, int64_t user_id, int64_t id, int64_t now);
enum store_err store_notification_mark_all(struct store *s, int64_t user_id, int64_t now);
/* Deletes at most limit notifications read before read_before; unread
 * ones are kept however old. *deleted (unless NULL) is how many went. */
enum store_err store_notification_prune(struct store *s, int64_t read_before, size_t limit,
                                        int64_t *deleted);
/* *found is false (and level and muted untouched) when the person has no row. */
enum store_err store_notify_setting_get(struct store *s, int64_t user_id, int64_t group_id,
                                        enum notify_level *level, bool *muted, bool *found);
enum store_err store_notify_setting_set(struct store *s, int64_t user_id, int64_t group_id,
                                        enum notify_level level, bool muted);
/* The groups user_id is an active member of, by id after after_group_id,
 * with their settings (dflt where they have none). */
enum store_err store_notify_settings_list(struct store *s, struct arena *a, int64_t user_id,
                                          enum notify_level dflt, int64_t after_group_id,
                                          size_t limit, struct notify_setting **out, size_t *n);
/* *state: -1 no row, 0 unfollowed, 1 following. */
enum store_err store_post_follow_get(struct store *s, int64_t post_id, int64_t user_id, int *state);
/* Sets the follow; with keep, an existing row (a follow or an unfollow) wins. */
enum store_err store_post_follow_set(struct store *s, int64_t post_id, int64_t user_id,
                                     bool following, bool keep, int64_t now);

/* ---- the event log ---- */

/* Appends e (its id is set) inside the caller's write transaction. */
enum store_err store_event_add(struct store *s, struct event *e);
/* Events passing the filter with id > after, oldest first, at most limit. */
enum store_err store_event_list(struct store *s, struct arena *a, const struct event_filter *f,
                                int64_t after, size_t limit, struct event **out, size_t *n);
/* The log's bounds: *last the highest id ever given (0 for none), *first
 * the lowest id still stored (0 when the log is empty). */
enum store_err store_event_bounds(struct store *s, int64_t *first, int64_t *last);
/* Deletes all but the newest keep events and those created before before. */
enum store_err store_event_prune(struct store *s, int64_t keep, int64_t before);

#endif
