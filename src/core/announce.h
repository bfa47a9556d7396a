/* Important announcements. A group admin, or someone with the district
 * communications role, marks a post important for 1 to 7 days. While it
 * is important it is pinned at the top of its audience's feeds (the home
 * feed and the group's) until each reader acknowledges it ("Mark as
 * read"); marking it notifies every member of the group whatever their
 * notification settings (NOTIFY_IMPORTANT). Its author, the group's admins
 * and communications see how many of the audience have seen and
 * acknowledged it, who has and who has not, and may nudge those who have
 * not (NOTIFY_NUDGE), at most once an hour. The audience is the group's
 * active members other than the author. The rules of who may do what are
 * in core/perm (perm_important). */
#ifndef CORE_ANNOUNCE_H
#define CORE_ANNOUNCE_H

#include "core/core.h"

#define IMPORTANT_DAYS_MIN 1
#define IMPORTANT_DAYS_MAX 7
#define LIMIT_PINNED       10 /* pinned posts shown at the top of one feed */
#define NUDGE_INTERVAL_MS  (60LL * 60 * 1000)

/* Marks the post important for `days` from now (a post still important is
 * extended, without notifying again). out is the post afterwards. */
enum core_err announce_mark(struct store *s, struct arena *a, const struct viewer *v,
                            int64_t post_id, int64_t days, struct post *out, struct fail *f);
/* Ends the post's importance now; receipts are kept. */
enum core_err announce_unmark(struct store *s, struct arena *a, const struct viewer *v,
                              int64_t post_id, struct post *out, struct fail *f);
/* The viewer saw (ack false) or acknowledged (ack true) an important post. */
enum core_err announce_receipt(struct store *s, struct arena *a, const struct viewer *v,
                               int64_t post_id, bool ack, struct post *out, struct fail *f);
/* The counts and the members of the audience in `state`, by user id after
 * the cursor (a user id). */
enum core_err announce_receipts(struct store *s, struct arena *a, const struct viewer *v,
                                int64_t post_id, enum receipt_state state, int64_t cursor,
                                size_t limit, struct receipt **out, size_t *n, int64_t *next,
                                struct receipt_counts *counts, struct fail *f);
/* Reminds the audience members who have not acknowledged; *nudged is how many. */
enum core_err announce_nudge(struct store *s, struct arena *a, const struct viewer *v,
                             int64_t post_id, int64_t *nudged, struct fail *f);

/* ---- for core/post, inside its read or write transaction ---- */

/* The posts pinned for the viewer: in group_id (0: all the viewer's
 * groups), at most LIMIT_PINNED, into ids (which holds LIMIT_PINNED). */
enum store_err announce_pinned(struct store *s, const struct viewer *v, int64_t group_id,
                               int64_t *ids, size_t *n);
/* Fills the receipt counts of each important post the viewer may see them for. */
enum store_err announce_fill(struct store *s, const struct viewer *v, struct post *p, size_t n);

const char *receipt_state_str(enum receipt_state st);
int receipt_state_parse(const char *s, enum receipt_state *out);

#endif
