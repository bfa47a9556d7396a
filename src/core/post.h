/* Posts, comments, reactions and feeds. Markdown is rendered once, on
 * write, outside the write lock; every edit adds a revision; a delete hides
 * and never erases. Reads go through core/perm: what the viewer may not read
 * is NOTFOUND, exactly as if it did not exist. */
#ifndef CORE_POST_H
#define CORE_POST_H

#include "core/core.h"
#include "core/markdown.h"
#include "core/privacy.h"

enum core_err post_create(struct store *s, struct arena *a, const struct viewer *v,
                          int64_t group_id, const char *body, struct post *out, struct fail *f);
/* Every post, comment and edit is checked against the student roster
 * (core/privacy) before it is stored. The _screened forms take the author's
 * confirmation in scr->confirm_reason (NULL: none) and hand back what was
 * found in scr->report (in a), for the refusal's body; the plain forms are
 * the same with no confirmation. A refusal is CORE_INVALID with code
 * student_privacy or confirmation_required. */
enum core_err post_create_screened(struct store *s, struct arena *a, const struct viewer *v,
                                   int64_t group_id, const char *body, struct privacy_screen *scr,
                                   struct post *out, struct fail *f);
/* A new post with the viewer's uploaded images image_ids[0..n_images), in
 * that order (core/media: at most 10, each theirs and not yet posted):
 * their captions and the media consent of the students named or shown are
 * screened with the text. */
enum core_err post_create_media(struct store *s, struct arena *a, const struct viewer *v,
                                int64_t group_id, const char *body, const int64_t *image_ids,
                                size_t n_images, struct privacy_screen *scr, struct post *out,
                                struct fail *f);
enum core_err post_update_screened(struct store *s, struct arena *a, const struct viewer *v,
                                   int64_t id, const char *body, struct privacy_screen *scr,
                                   struct post *out, struct fail *f);
enum core_err comment_create_screened(struct store *s, struct arena *a, const struct viewer *v,
                                      int64_t post_id, int64_t parent_id, const char *body,
                                      struct privacy_screen *scr, struct comment *out,
                                      struct fail *f);
enum core_err post_get(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                       struct post *out, struct fail *f);
/* Inside core/review's write transaction: publishes a held text as its
 * author, as if just written (mentions, notifications, the live event), if
 * the author may still publish it there (else CONFLICT cannot_release).
 * *post_id is the post made or changed, *comment_id the comment made. */
enum core_err post_publish_review(struct store *s, struct arena *a, const struct review *r,
                                  int64_t now, int64_t *post_id, int64_t *comment_id,
                                  struct fail *f);
enum core_err post_update(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                          const char *body, struct post *out, struct fail *f);
enum core_err post_delete(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                          struct fail *f);
/* Every version, the original first and the current one last. */
enum core_err post_revisions(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                             struct revision **out, size_t *n, struct fail *f);
/* The people a post mentions (that the store knows). */
enum core_err post_mentions(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                            struct user **out, size_t *n, struct fail *f);

/* What the viewer may do with a post, for clients to offer only what works. */
struct post_rights {
    bool can_edit;     /* the author, in a live group */
    bool can_delete;   /* the author, the group's admins, system admins */
    bool can_comment;  /* comment and react */
    bool can_moderate; /* remove anyone's comment on it */
    /* important announcements (core/announce) */
    bool can_mark_important, can_see_receipts, can_acknowledge;
};
void post_rights(const struct viewer *v, const struct post *p, struct post_rights *r);
/* The post's group as the viewer stands in it (what post_get loaded), for core/perm. */
void post_group_of(const struct post *p, struct group *g);
/* Loads a live post and its group for the viewer, inside the caller's
 * transaction; NOTFOUND unless the viewer reads it. */
/* The post as it is now, with its receipt counts, after a committed write. */
enum core_err post_reload(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                          struct post *out, struct fail *f);
enum core_err post_load(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                        struct post *p, struct group *g, struct fail *f);

/* Renders a draft as publishing it would, under the same checks. On success
 * the caller frees md with markdown_result_free(). */
enum core_err post_preview(const char *body, struct markdown_result *md, struct fail *f);

/* A reply to a reply is attached to the top-level comment: one level of replies. */
enum core_err comment_create(struct store *s, struct arena *a, const struct viewer *v,
                             int64_t post_id, int64_t parent_id, const char *body,
                             struct comment *out, struct fail *f);
/* Comments of a post, oldest first; *rights are the viewer's on that post. */
enum core_err comment_list(struct store *s, struct arena *a, const struct viewer *v,
                           int64_t post_id, int64_t cursor, size_t limit, struct comment **out,
                           size_t *n, int64_t *next, struct post_rights *rights, struct fail *f);
enum core_err comment_delete(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                             struct fail *f);

/* kind names one of store_reaction_kinds. out is the post afterwards. */
enum core_err reaction_put(struct store *s, struct arena *a, const struct viewer *v,
                           int64_t post_id, const char *kind, struct post *out, struct fail *f);
enum core_err reaction_delete(struct store *s, struct arena *a, const struct viewer *v,
                              int64_t post_id, const char *kind, struct post *out, struct fail *f);

/* The important posts pinned above a feed for the viewer (core/announce),
 * filled on its first page only (cursor 0); they are left out of the feed
 * itself on every page. */
struct feed_pinned {
    struct post *posts;
    size_t n;
};

/* The home feed: posts from every group the viewer is an active member of,
 * newest first, before the cursor (a post id; 0 = from the newest). Each
 * group's index is read for at most limit+1 rows, so the cost grows with
 * the number of groups, never with their history. */
enum core_err feed_home(struct store *s, struct arena *a, const struct viewer *v, int64_t cursor,
                        size_t limit, struct post **out, size_t *n, int64_t *next,
                        struct feed_pinned *pinned, struct fail *f);
/* One person's posts that the viewer may read, newest first. */
enum core_err feed_author(struct store *s, struct arena *a, const struct viewer *v,
                          int64_t author_id, int64_t cursor, size_t limit, struct post **out,
                          size_t *n, int64_t *next, struct fail *f);
enum core_err feed_group(struct store *s, struct arena *a, const struct viewer *v, int64_t group_id,
                         int64_t cursor, size_t limit, struct post **out, size_t *n, int64_t *next,
                         struct feed_pinned *pinned, struct fail *f);

#endif
