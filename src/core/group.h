/* Groups and memberships: creating and changing groups, joining, join
 * requests and their approval, invitations, roles, leaving and removal.
 * Each function is one transaction and asks core/perm before it acts. */
#ifndef CORE_GROUP_H
#define CORE_GROUP_H

#include "core/core.h"

struct group_patch {
    const char *name, *purpose; /* NULL = unchanged */
    bool set_privacy;
    enum privacy privacy;
    bool set_archived;
    bool archived;
};

/* g carries name, purpose and privacy in; comes back complete. The creator
 * becomes the group's first admin. */
/* The _screened forms check the name and purpose with the student-privacy
 * guard for the audience that sees them (everyone, or a secret group's
 * members) first, with the author's confirmation in scr; the others with
 * none. A refusal is CORE_INVALID student_privacy or confirmation_required
 * with the field, and scr->report holds that field's findings. */
struct privacy_screen;
enum core_err group_create_screened(struct store *s, struct arena *a, const struct viewer *v,
                                    struct group *g, struct privacy_screen *scr, struct fail *f);
enum core_err group_update_screened(struct store *s, struct arena *a, const struct viewer *v,
                                    int64_t id, const struct group_patch *p,
                                    struct privacy_screen *scr, struct group *out, struct fail *f);
enum core_err group_create(struct store *s, const struct viewer *v, struct group *g,
                           struct fail *f);
enum core_err group_get(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                        struct group *out, struct fail *f);
enum core_err group_update(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                           const struct group_patch *p, struct group *out, struct fail *f);
/* Visible groups by name, all of them or only those where the viewer's
 * membership is in state `only` (MEMBER_NONE: all); *next is the cursor for
 * the following page or 0. */
enum core_err group_list(struct store *s, struct arena *a, const struct viewer *v,
                         enum member_state only, const char *query, int64_t cursor, size_t limit,
                         struct group **out, size_t *n, int64_t *next, struct fail *f);

/* Groups to suggest to the viewer: ones they may see and are not in. */
enum core_err group_suggest(struct store *s, struct arena *a, const struct viewer *v, size_t limit,
                            struct group **out, size_t *n, struct fail *f);

/* Join, request, accept an invitation (target 0 or the viewer), or approve a
 * request / invite someone (another target). *state is the result. */
enum core_err member_add(struct store *s, struct arena *a, const struct viewer *v, int64_t group_id,
                         int64_t target, enum member_state *state, enum group_role *role,
                         struct fail *f);
/* Leave, withdraw a request, decline an invitation, or remove someone. */
enum core_err member_remove(struct store *s, struct arena *a, const struct viewer *v,
                            int64_t group_id, int64_t target, struct fail *f);
enum core_err member_set_role(struct store *s, struct arena *a, const struct viewer *v,
                              int64_t group_id, int64_t target, enum group_role role,
                              struct fail *f);
enum core_err member_list(struct store *s, struct arena *a, const struct viewer *v,
                          int64_t group_id, enum member_state state, int64_t cursor, size_t limit,
                          struct member **out, size_t *n, int64_t *next, struct fail *f);

#endif
