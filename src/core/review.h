/* Held for review: what the privacy guard's policy (core/policy, action
 * hold) keeps from everyone until a monitor has looked at it. A held new
 * post, comment or edit is not written to posts or comments at all: its
 * text waits in a review, so no read path can show it. Its author sees it
 * (the write answers "status": "held") and may withdraw it; monitors see
 * the queue, and release (the text is published then, as its author, as if
 * just written) or reject it with a reason. The author is told either way
 * (notifications review_released / review_rejected, also by e-mail). Every
 * decision is kept: who decided, when, and the reason. The rules of who may
 * do what are core/perm's (perm_review). */
#ifndef CORE_REVIEW_H
#define CORE_REVIEW_H

#include "core/core.h"
#include "core/privacy.h"
#include "store/store_guard.h"

#define REVIEW_NOTE_MAX 500 /* characters of a monitor's note to the author */

/* Inside the caller's write transaction (core/post): records the findings
 * (outcome held) and keeps the text for review; sets scr->review_id. kind
 * is what the text would have been: a new post in group_id, a comment on
 * post_id (a reply to parent_id), or an edit of post_id. */
enum store_err review_hold(struct store *s, const struct viewer *v, enum guard_content kind,
                           int64_t group_id, int64_t post_id, int64_t parent_id, const char *body,
                           struct privacy_screen *scr, int64_t now);

/* A review as its reader may see it, with the findings of its record. */
struct review_view {
    struct review r;
    struct guard_record_finding *finding;
    size_t n;
    struct media *images; /* a held post's images, in order */
    size_t n_images;
};

/* One review: NOTFOUND unless perm_review lets the viewer see it. */
enum core_err review_get(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                         struct review_view *out, struct fail *f);
/* Reviews in state st (REVIEW_STATE__MAX: any): everyone's for a monitor
 * unless mine, else the viewer's own. Pending ones oldest first, after the
 * cursor; the others newest first, before it. *next is 0 at the end. */
enum core_err review_list(struct store *s, struct arena *a, const struct viewer *v,
                          enum review_state st, bool mine, int64_t cursor, size_t limit,
                          struct review_view **out, size_t *n, int64_t *next, struct fail *f);
/* How many wait (monitors only). */
enum core_err review_pending_count(struct store *s, const struct viewer *v, int64_t *n,
                                   struct fail *f);
/* Releases a pending review: publishes the text as its author (CONFLICT
 * cannot_release when the author may no longer publish it there: the group
 * archived, the author gone from it, the post removed) and tells the
 * author. note is optional. */
enum core_err review_release(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                             const char *note, struct review_view *out, struct fail *f);
/* Rejects a pending review with a reason the author is told (required). */
enum core_err review_reject(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                            const char *note, struct review_view *out, struct fail *f);
/* What the privacy guard recorded, for monitors (FORBIDDEN monitors_only
 * for anyone else): every check that found something, newest first, of
 * outcome o (GUARD_OUTCOME__MAX: any) — who, where, what was decided, the
 * author's reason for an override — with each finding's rule, severity
 * and action. Never the text, nor a student's name or number. */
struct record_view {
    struct guard_record_view v;
    struct guard_record_finding *finding;
    size_t n;
};
enum core_err review_records(struct store *s, struct arena *a, const struct viewer *v,
                             enum guard_outcome o, int64_t cursor, size_t limit,
                             struct record_view **out, size_t *n, int64_t *next, struct fail *f);
/* The author takes back a pending review. */
enum core_err review_withdraw(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                              struct fail *f);

#endif
