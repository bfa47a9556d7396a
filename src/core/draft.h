/* Drafts and scheduled posts. A draft belongs to its author alone: every
 * other person (system admins included) gets NOTFOUND, as if it did not
 * exist. A draft with a publish time is scheduled: its JOB_PUBLISH job
 * (core/jobs) publishes it then through core/post's post_create, as its
 * author, so every rule of publishing applies at that moment. If
 * publishing is refused then (the author left the group, it was archived,
 * the author was deactivated), the draft stays, marked failed with the
 * reason, and the author is e-mailed when e-mail is on.
 *
 * Publishing happens once: the draft is marked `publishing` (with a lease)
 * in one transaction, then post_create runs, and the store marks the draft
 * published in the very transaction that inserts its post (a trigger). A
 * retry after a crash finds the draft published, or still publishing with
 * an expired lease (nothing was posted) and publishes it then. Editing,
 * unscheduling or deleting a draft that is being published answers
 * CONFLICT `draft_publishing`; a published draft answers CONFLICT
 * `draft_published`. Deleting marks the draft deleted; nothing is erased.
 *
 * Bounds: a body as a post's (LIMIT_POST_BODY, the same text rules); at
 * most LIMIT_DRAFTS open drafts per person; a publish time in the future
 * and at most LIMIT_SCHEDULE_DAYS ahead. */
#ifndef CORE_DRAFT_H
#define CORE_DRAFT_H

#include "core/jobs.h"
#include "core/privacy.h"

#define LIMIT_DRAFTS        500
#define LIMIT_SCHEDULE_DAYS 90
#define DRAFT_LEASE_MS      (5LL * 60 * 1000)

const char *draft_state_str(enum draft_state s);

/* A draft with its group as the author stands in it now. */
struct draft_view {
    struct draft d;
    const char *group_name; /* NULL when none, or the author may no longer see the group */
};

/* What to change; NULL members stay as they are. group_id 0 clears the
 * group; publish_at 0 unschedules. */
struct draft_input {
    const char *body;
    const int64_t *group_id;
    const int64_t *publish_at;
    /* the author's confirmation of the privacy guard's warning, used when
     * the draft is published (NULL: unchanged; a new body clears it) */
    const char *confirm_reason;
};

enum core_err draft_create(struct store *s, struct arena *a, const struct viewer *v,
                           const struct draft_input *in, struct draft_view *out, struct fail *f);
enum core_err draft_get(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                        struct draft_view *out, struct fail *f);
/* The viewer's open drafts (not published), newest first, below the cursor (a draft id). */
enum core_err draft_list(struct store *s, struct arena *a, const struct viewer *v, int64_t cursor,
                         size_t limit, struct draft_view **out, size_t *n, int64_t *next,
                         struct fail *f);
enum core_err draft_update(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                           const struct draft_input *in, struct draft_view *out, struct fail *f);
enum core_err draft_delete(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                           struct fail *f);
/* Publishes the draft now; out is the new post. A refusal by the rules of
 * publishing is answered as post_create answers it, and the draft stays as
 * it was. */
enum core_err draft_publish(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                            struct post *out, struct fail *f);
/* The same with a screening: the confirmation (else the draft's own), the
 * findings of a refusal, and a hold (scr->review_id: nothing published,
 * the draft is done). */
enum core_err draft_publish_screened(struct store *s, struct arena *a, const struct viewer *v,
                                     int64_t id, struct privacy_screen *scr, struct post *out,
                                     struct fail *f);
/* Parses an RFC 3339 time ("2026-11-23T15:30:00Z", "...-05:00", optional
 * fraction) into ms since the epoch; -1 when it is not one. */
int64_t draft_parse_time(const char *s);

/* The JOB_PUBLISH handler. */
job_fn draft_job_publish;

#endif
