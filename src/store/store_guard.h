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
    GUARD_CONTENT__MAX
};
const char *guard_content_str(enum guard_content c);

enum guard_outcome {
    GUARD_OUTCOME_PUBLISHED,   /* findings, none that needed a confirmation */
    GUARD_OUTCOME_OVERRIDDEN,  /* warned, and the author confirmed with a reason */
    GUARD_OUTCOME_UNCONFIRMED, /* warned, refused until the author confirms */
    GUARD_OUTCOME_BLOCKED,     /* refused */
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
};

/* Adds r (sets r->id) and its n findings. Must be inside a write transaction. */
enum store_err store_guard_record(struct store *s, struct guard_record *r,
                                  const struct guard_record_finding *fs, size_t n);
/* How many records of this outcome (GUARD_OUTCOME__MAX: any) a person has (0: anyone). */
enum store_err store_guard_count(struct store *s, int64_t user_id, enum guard_outcome o,
                                 int64_t *n);

/* Calls fn with the display name of every active person, until it returns
 * non-zero. The name lives until fn returns. */
typedef int store_staff_name_fn(void *ctx, const char *name);
enum store_err store_staff_names_each(struct store *s, store_staff_name_fn *fn, void *ctx);

#endif
