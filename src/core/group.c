/* Group and membership rules. Membership states: active, pending (asked to
 * join a closed group), invited (asked by a member or admin). A group must
 * keep an admin while it has members. */
#include "core/group.h"

#include <string.h>

#include "core/notify.h"
#include "core/perm.h"
#include "core/privacy.h"

static enum core_err forbidden(struct fail *f, const char *detail)
{
    return core_fail(f, CORE_FORBIDDEN, "forbidden", detail, NULL);
}

static enum core_err check_group_text(const char *name, const char *purpose, struct fail *f)
{
    if (name && core_check_text(name, LIMIT_GROUP_NAME, false, "name", f))
        return f->err;
    if (purpose && core_check_text(purpose, LIMIT_PURPOSE, true, "purpose", f)) {
        if (strcmp(f->code, "required") == 0)
            f->detail = "Every group states its purpose: say who it is for and what it is for.";
        return f->err;
    }
    return CORE_OK;
}

/* ---- student privacy: a group's name and purpose ----
 * An open or closed group's name and purpose are seen by everyone in the
 * district, a secret group's by its members: they are screened for that
 * audience, and can't be held for review (they are seen once saved). */

static enum privacy description_audience(enum privacy p)
{
    return p == PRIVACY_SECRET ? PRIVACY_SECRET : PRIVACY_OPEN;
}

/* Screens name and purpose (NULL: not checked) for a group of privacy p:
 * the findings of both go to reports[0] and [1]; a refusal names the field
 * (scr->report is then that field's findings) and is recorded. */
static enum core_err screen_group(struct store *s, struct arena *a, const struct viewer *v,
                                  int64_t group_id, const char *name, const char *purpose,
                                  enum privacy p, struct privacy_screen *scr,
                                  struct privacy_report reports[2], struct fail *f)
{
    const char *texts[2] = {name, purpose}, *fields[2] = {"name", "purpose"};
    for (int i = 0; i < 2; i++) {
        reports[i] = (struct privacy_report){0};
        if (!texts[i])
            continue;
        if (privacy_check(a, texts[i], description_audience(p), &reports[i], f))
            return f->err;
        if (privacy_enforce_now(&reports[i], scr->confirm_reason, f)) {
            f->field = fields[i];
            scr->report = reports[i];
            privacy_record_refusal(s, v, GUARD_CONTENT_GROUP, group_id, 0, &reports[i],
                                   core_now_ms());
            return f->err;
        }
    }
    return CORE_OK;
}

static enum store_err record_group(struct store *s, const struct viewer *v, int64_t group_id,
                                   const struct privacy_report reports[2], const char *reason,
                                   int64_t now)
{
    enum store_err e = STORE_OK;
    for (int i = 0; !e && i < 2; i++)
        e = privacy_record(s, v, GUARD_CONTENT_GROUP, group_id, 0, 0, &reports[i], reason, now);
    return e;
}

/* Loads the group for the viewer; NOTFOUND unless the viewer may know it. */
static enum core_err load(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                          struct group *g, struct fail *f)
{
    enum store_err e = store_group_get(s, a, id, v->id, g);
    if (e)
        return core_store_fail(f, e);
    if (!perm_group(v, g, PERM_SEE_GROUP))
        return core_not_found(f);
    return CORE_OK;
}

enum core_err group_create(struct store *s, const struct viewer *v, struct group *g, struct fail *f)
{
    struct privacy_screen scr = {0};
    struct arena a;
    arena_init(&a, 0);
    enum core_err rc = group_create_screened(s, &a, v, g, &scr, f);
    arena_free(&a);
    return rc;
}

enum core_err group_create_screened(struct store *s, struct arena *a, const struct viewer *v,
                                    struct group *g, struct privacy_screen *scr, struct fail *f)
{
    if (!g->purpose) {
        return core_fail(f, CORE_INVALID, "required",
                         "Every group states its purpose: say who it is for and what it is for.",
                         "purpose");
    }
    if (!g->name)
        return core_fail(f, CORE_INVALID, "required", "A group needs a name.", "name");
    if (check_group_text(g->name, g->purpose, f))
        return f->err;
    if (scr->confirm_reason && privacy_reason_check(scr->confirm_reason, f))
        return f->err;
    struct privacy_report reports[2];
    if (screen_group(s, a, v, 0, g->name, g->purpose, g->privacy, scr, reports, f))
        return f->err;
    g->created_by = v->id;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    e = store_group_create(s, g);
    if (!e)
        e = store_member_set(s, g->id, v->id, MEMBER_ACTIVE, GROUP_ADMIN, v->id, g->created_at);
    if (!e)
        e = record_group(s, v, g->id, reports, scr->confirm_reason, g->created_at);
    if (e) {
        store_rollback(s);
        return core_store_fail(f, e);
    }
    g->member_count = 1;
    g->archived_at = 0;
    g->viewer_state = MEMBER_ACTIVE;
    g->viewer_role = GROUP_ADMIN;
    return core_finish(s, CORE_OK, f);
}

enum core_err group_get(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                        struct group *out, struct fail *f)
{
    return load(s, a, v, id, out, f);
}

enum core_err group_update(struct store *s, struct arena *a, const struct viewer *v, int64_t id,
                           const struct group_patch *p, struct group *out, struct fail *f)
{
    struct privacy_screen scr = {0};
    return group_update_screened(s, a, v, id, p, &scr, out, f);
}

/* The checks of a settings change, in or out of the write. */
static enum core_err may_update(const struct viewer *v, const struct group *g,
                                const struct group_patch *p, struct fail *f)
{
    if (!perm_group(v, g, PERM_MANAGE))
        return forbidden(f, "Only the group's admins can change its settings.");
    if (g->archived_at && !(p->set_archived && !p->archived))
        return core_archived(f);
    return CORE_OK;
}

enum core_err group_update_screened(struct store *s, struct arena *a, const struct viewer *v,
                                    int64_t id, const struct group_patch *p,
                                    struct privacy_screen *scr, struct group *out, struct fail *f)
{
    if (check_group_text(p->name, p->purpose, f))
        return f->err;
    if (scr->confirm_reason && privacy_reason_check(scr->confirm_reason, f))
        return f->err;
    /* Screened before the write lock: what the audience after the change
     * will see, the changed texts, or both when a secret group opens up. */
    struct group g0;
    struct privacy_report reports[2] = {{0}, {0}};
    struct fail ignore = {0};
    bool screened = !load(s, a, v, id, &g0, &ignore) && !may_update(v, &g0, p, &ignore);
    enum privacy was = screened ? g0.privacy : PRIVACY_SECRET;
    if (screened) {
        enum privacy now = p->set_privacy ? p->privacy : g0.privacy;
        bool widened = description_audience(now) != description_audience(g0.privacy);
        const char *name = p->name ? p->name : widened ? g0.name : NULL;
        const char *purpose = p->purpose ? p->purpose : widened ? g0.purpose : NULL;
        if (screen_group(s, a, v, id, name, purpose, now, scr, reports, f))
            return f->err;
    }
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = load(s, a, v, id, out, f);
    if (!rc)
        rc = may_update(v, out, p, f);
    if (!rc && (!screened || out->privacy != was))
        rc = core_fail(f, CORE_CONFLICT, "conflict", "The group changed meanwhile. Try again.",
                       NULL);
    if (rc)
        return core_finish(s, rc, f);
    if (p->name)
        out->name = p->name;
    if (p->purpose)
        out->purpose = p->purpose;
    if (p->set_privacy)
        out->privacy = p->privacy;
    if (p->set_archived)
        out->archived_at = p->archived ? (out->archived_at ? out->archived_at : core_now_ms()) : 0;
    e = store_group_update(s, out);
    if (!e)
        e = record_group(s, v, out->id, reports, scr->confirm_reason, core_now_ms());
    if (e)
        return core_finish(s, core_store_fail(f, e), f);
    out->updated_at = core_now_ms();
    return core_finish(s, CORE_OK, f);
}

enum core_err group_list(struct store *s, struct arena *a, const struct viewer *v,
                         enum member_state only, const char *query, int64_t cursor, size_t limit,
                         struct group **out, size_t *n, int64_t *next, struct fail *f)
{
    struct group_filter flt = {.only_state = only, .query = query};
    perm_group_filter(v, &flt);
    const char *after_name = "";
    int64_t after_id = 0;
    if (cursor) {
        struct group c;
        enum store_err e = store_group_get(s, a, cursor, v->id, &c);
        if (e == STORE_NOTFOUND || (!e && !perm_group(v, &c, PERM_SEE_GROUP)))
            return core_fail(f, CORE_INVALID, "invalid_cursor", "The cursor is not valid.",
                             "cursor");
        if (e)
            return core_store_fail(f, e);
        after_name = c.name;
        after_id = c.id;
    }
    enum store_err e = store_group_list(s, a, &flt, after_name, after_id, limit + 1, out, n);
    if (e)
        return core_store_fail(f, e);
    *next = 0;
    if (*n > limit) {
        *n = limit;
        *next = (*out)[limit - 1].id;
    }
    return CORE_OK;
}

enum core_err group_suggest(struct store *s, struct arena *a, const struct viewer *v, size_t limit,
                            struct group **out, size_t *n, struct fail *f)
{
    enum store_err e = store_group_suggest(s, a, v->id, limit, out, n);
    if (e)
        return core_store_fail(f, e);
    size_t k = 0; /* the store never suggests what the viewer may not see; perm has the last word */
    for (size_t i = 0; i < *n; i++)
        if (perm_group(v, &(*out)[i], PERM_SEE_GROUP))
            (*out)[k++] = (*out)[i];
    *n = k;
    return CORE_OK;
}

static enum core_err no_such_user(struct fail *f)
{
    return core_fail(f, CORE_INVALID, "unknown_user", "There is no active person with that id.",
                     "user_id");
}

enum core_err member_add(struct store *s, struct arena *a, const struct viewer *v, int64_t group_id,
                         int64_t target, enum member_state *state, enum group_role *role,
                         struct fail *f)
{
    struct group g;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = load(s, a, v, group_id, &g, f);
    if (rc)
        return core_finish(s, rc, f);
    if (g.archived_at)
        return core_finish(s, core_archived(f), f);
    int64_t now = core_now_ms();
    bool self = target == 0 || target == v->id;
    if (self) {
        *role = g.viewer_role;
        *state = g.viewer_state;
        if (g.viewer_state == MEMBER_ACTIVE || g.viewer_state == MEMBER_PENDING)
            return core_finish(s, CORE_OK, f); /* already there: nothing changes */
        if (g.viewer_state == MEMBER_INVITED || g.privacy == PRIVACY_OPEN ||
            perm_group(v, &g, PERM_MANAGE))
            *state = MEMBER_ACTIVE;
        else if (g.privacy == PRIVACY_CLOSED)
            *state = MEMBER_PENDING;
        else
            return core_finish(
                s, forbidden(f, "This group is secret: you can join only when invited."), f);
        *role = GROUP_MEMBER;
        e = store_member_set(s, group_id, v->id, *state, *role, v->id, now);
        if (!e && *state == MEMBER_PENDING)
            e = notify_join_requested(s, v, group_id, now);
        return core_finish(s, core_store_fail(f, e), f);
    }
    if (!perm_group(v, &g, PERM_INVITE))
        return core_finish(s, forbidden(f, "Only the group's admins can add people to it."), f);
    struct user u;
    e = store_user_get(s, a, target, &u);
    if (e == STORE_NOTFOUND || (!e && u.status != USER_ACTIVE))
        return core_finish(s, no_such_user(f), f);
    if (e)
        return core_finish(s, core_store_fail(f, e), f);
    e = store_member_get(s, group_id, target, state, role);
    if (e)
        return core_finish(s, core_store_fail(f, e), f);
    if (*state == MEMBER_ACTIVE || *state == MEMBER_INVITED)
        return core_finish(s, CORE_OK, f);
    if (*state == MEMBER_PENDING && !perm_group(v, &g, PERM_MANAGE))
        return core_finish(
            s, forbidden(f, "Only the group's admins can approve a request to join."), f);
    *state = *state == MEMBER_PENDING ? MEMBER_ACTIVE : MEMBER_INVITED;
    *role = GROUP_MEMBER;
    e = store_member_set(s, group_id, target, *state, *role, v->id, now);
    if (!e)
        e = notify_member(s, a, v, group_id, target,
                          *state == MEMBER_ACTIVE ? NOTIFY_REQUEST_APPROVED : NOTIFY_INVITATION,
                          now);
    return core_finish(s, core_store_fail(f, e), f);
}

/* Refuses to leave a group with members but no admin. */
static enum core_err keeps_an_admin(struct store *s, const struct group *g, enum member_state st,
                                    enum group_role role, struct fail *f)
{
    if (st != MEMBER_ACTIVE || role != GROUP_ADMIN)
        return CORE_OK;
    int64_t admins = 0;
    enum store_err e = store_group_admin_count(s, g->id, &admins);
    if (e)
        return core_store_fail(f, e);
    if (admins <= 1 && g->member_count > 1)
        return core_fail(f, CORE_CONFLICT, "last_admin",
                         "A group with members needs an admin: make someone else an admin first.",
                         NULL);
    return CORE_OK;
}

enum core_err member_remove(struct store *s, struct arena *a, const struct viewer *v,
                            int64_t group_id, int64_t target, struct fail *f)
{
    struct group g;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = load(s, a, v, group_id, &g, f);
    if (rc)
        return core_finish(s, rc, f);
    bool self = target == v->id;
    if (!self && !perm_group(v, &g, PERM_MANAGE)) {
        /* Only those who may read the member list learn whether target is in it. */
        if (!perm_group(v, &g, PERM_READ_CONTENT))
            return core_finish(s, core_not_found(f), f);
        return core_finish(s, forbidden(f, "Only the group's admins can remove people from it."),
                           f);
    }
    enum member_state st;
    enum group_role role;
    e = store_member_get(s, group_id, target, &st, &role);
    if (e)
        return core_finish(s, core_store_fail(f, e), f);
    if (st == MEMBER_NONE)
        return core_finish(
            s,
            core_fail(f, CORE_NOTFOUND, "not_a_member", "That person is not in this group.", NULL),
            f);
    if ((rc = keeps_an_admin(s, &g, st, role, f)))
        return core_finish(s, rc, f);
    e = store_member_delete(s, group_id, target);
    return core_finish(s, core_store_fail(f, e), f);
}

enum core_err member_set_role(struct store *s, struct arena *a, const struct viewer *v,
                              int64_t group_id, int64_t target, enum group_role role,
                              struct fail *f)
{
    struct group g;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    enum core_err rc = load(s, a, v, group_id, &g, f);
    if (rc)
        return core_finish(s, rc, f);
    if (!perm_group(v, &g, PERM_MANAGE)) {
        if (!perm_group(v, &g, PERM_READ_CONTENT))
            return core_finish(s, core_not_found(f), f);
        return core_finish(s, forbidden(f, "Only the group's admins can change roles."), f);
    }
    if (g.archived_at)
        return core_finish(s, core_archived(f), f);
    enum member_state st;
    enum group_role old;
    e = store_member_get(s, group_id, target, &st, &old);
    if (e)
        return core_finish(s, core_store_fail(f, e), f);
    if (st != MEMBER_ACTIVE)
        return core_finish(s,
                           core_fail(f, CORE_NOTFOUND, "not_a_member",
                                     "That person is not a member of this group.", NULL),
                           f);
    if (old == role)
        return core_finish(s, CORE_OK, f);
    if (role == GROUP_MEMBER && (rc = keeps_an_admin(s, &g, st, old, f)))
        return core_finish(s, rc, f);
    e = store_member_set(s, group_id, target, st, role, v->id, core_now_ms());
    return core_finish(s, core_store_fail(f, e), f);
}

enum core_err member_list(struct store *s, struct arena *a, const struct viewer *v,
                          int64_t group_id, enum member_state state, int64_t cursor, size_t limit,
                          struct member **out, size_t *n, int64_t *next, struct fail *f)
{
    struct group g;
    enum core_err rc = load(s, a, v, group_id, &g, f);
    if (rc)
        return rc;
    /* Those who manage a group see its members even when its posts are closed to them. */
    bool may = perm_group(v, &g, PERM_SEE_REQUESTS) ||
               (state == MEMBER_ACTIVE && perm_group(v, &g, PERM_READ_CONTENT));
    if (!may) /* a read the viewer may not make: as if absent */
        return core_not_found(f);
    enum store_err e = store_member_list(s, a, group_id, state, cursor, limit + 1, out, n);
    if (e)
        return core_store_fail(f, e);
    *next = 0;
    if (*n > limit) {
        *n = limit;
        *next = (*out)[limit - 1].user.id;
    }
    return CORE_OK;
}
