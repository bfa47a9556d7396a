/* The storage interface of the privacy guard's records (the SQLite backend
 * is store/sqlite_guard.c): every post, comment and edit that had findings,
 * what was decided, the author's override and its reason, and each finding's
 * rule, severity and byte span. A record never holds a student's name or
 * number: only the student's row id, for monitors later. It also lists the
 * names of active staff, which the guard needs to tell staff from students.
 * It holds no rules: core/privacy decides what is recorded. */
#ifndef STORE_STORE_GUARD_H
#define STORE_STORE_GUARD_H

#include "store/store.h"

enum guard_content {
    GUARD_CONTENT_POST,
    GUARD_CONTENT_COMMENT,
    GUARD_CONTENT_EDIT,
    GUARD_CONTENT_GROUP, /* a group's name or purpose */
    GUARD_CONTENT__MAX
};
const char *guard_content_str(enum guard_content c);

enum guard_outcome {
    GUARD_OUTCOME_PUBLISHED,   /* findings, none that needed a confirmation */
    GUARD_OUTCOME_OVERRIDDEN,  /* warned, and the author confirmed with a reason */
    GUARD_OUTCOME_UNCONFIRMED, /* warned, refused until the author confirms */
    GUARD_OUTCOME_BLOCKED,     /* refused */
    GUARD_OUTCOME_HELD,        /* kept for a monitor's review (a review row) */
    GUARD_OUTCOME__MAX
};
const char *guard_outcome_str(enum guard_outcome o);

/* One check of one text with findings. Ids that do not apply are 0. */
struct guard_record {
    int64_t id, at, user_id;
    enum guard_content content;
    int64_t group_id, post_id, comment_id;
    enum guard_outcome outcome;
    const char *reason; /* the override's reason, or NULL */
};

struct guard_record_finding {
    const char *rule, *severity, *action; /* policy rule, guard severity, policy action */
    int64_t start, end;                   /* byte span in the submitted text */
    int64_t student_id;                   /* the roster row, or 0 */
    int64_t image_id; /* the image whose caption holds the span, or the photo it is about; 0: the
                         text */
};

/* Adds r (sets r->id) and its n findings. Must be inside a write transaction. */
enum store_err store_guard_record(struct store *s, struct guard_record *r,
                                  const struct guard_record_finding *fs, size_t n);
/* How many records of this outcome (GUARD_OUTCOME__MAX: any) a person has (0: anyone). */
enum store_err store_guard_count(struct store *s, int64_t user_id, enum guard_outcome o,
                                 int64_t *n);

/* A record as monitors list it: with its author and group. */
struct guard_record_view {
    struct guard_record r;
    struct user author;
    const char *group_name; /* NULL when none */
    enum privacy group_privacy;
};
/* Records of outcome o (GUARD_OUTCOME__MAX: any), newest first, before the
 * cursor (a record id; 0: from the newest). */
enum store_err store_guard_records(struct store *s, struct arena *a, enum guard_outcome o,
                                   int64_t cursor, size_t limit, struct guard_record_view **out,
                                   size_t *n);
/* A record's findings, by their place in the text. */
enum store_err store_guard_findings(struct store *s, struct arena *a, int64_t record_id,
                                    struct guard_record_finding **out, size_t *n);

/* ---- held for review (core/review decides; see schema migration 8) ---- */

enum review_state {
    REVIEW_PENDING,
    REVIEW_RELEASED,
    REVIEW_REJECTED,
    REVIEW_WITHDRAWN,
    REVIEW_STATE__MAX
};
const char *review_state_str(enum review_state st);

struct review {
    int64_t id, record_id;
    enum guard_content kind; /* a new post, a comment, an edit */
    enum review_state state;
    struct user author;
    int64_t group_id;
    const char *group_name;
    enum privacy group_privacy;
    int64_t post_id;    /* comment and edit: their post; post: the post once released */
    int64_t parent_id;  /* a reply's comment, or 0 */
    int64_t comment_id; /* a released comment */
    const char *body;   /* as submitted, markdown */
    const char *reason; /* the author's confirmation, or NULL */
    int64_t created_at, decided_at, decided_by;
    const char *decided_by_name; /* NULL until decided */
    const char *note;            /* the monitor's words to the author, or NULL */
};

/* Adds r (record_id, kind, author.id, group_id, post_id, parent_id, body,
 * reason, created_at); sets r->id. Inside a write transaction. */
enum store_err store_review_add(struct store *s, struct review *r);
enum store_err store_review_get(struct store *s, struct arena *a, int64_t id, struct review *out);
/* Reviews in state st (REVIEW_STATE__MAX: any) by author_id (0: anyone):
 * pending ones oldest first after the cursor (an id), the others newest
 * first before it (0: from the newest). */
enum store_err store_review_list(struct store *s, struct arena *a, enum review_state st,
                                 int64_t author_id, int64_t cursor, size_t limit,
                                 struct review **out, size_t *n);
/* Decides a pending review (NOTFOUND when it is no longer pending): state,
 * by whom, the note, and what a release made (0: nothing). */
enum store_err store_review_decide(struct store *s, int64_t id, enum review_state st, int64_t by,
                                   const char *note, int64_t post_id, int64_t comment_id,
                                   int64_t now);
enum store_err store_review_count(struct store *s, enum review_state st, int64_t *n);

/* Calls fn with the display name of every active person, until it returns
 * non-zero. The name lives until fn returns. */
typedef int store_staff_name_fn(void *ctx, const char *name);
enum store_err store_staff_names_each(struct store *s, store_staff_name_fn *fn, void *ctx);

#endif
