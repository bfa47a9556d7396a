/* Visibility and permission rules (see perm.h for the rules in words). */
#include "core/perm.h"

#include "store/store_media.h"

static bool is_member(const struct group *g)
{
    return g->viewer_state == MEMBER_ACTIVE;
}

static bool is_group_admin(const struct viewer *v, const struct group *g)
{
    return v->role == ROLE_ADMIN || (is_member(g) && g->viewer_role == GROUP_ADMIN);
}

bool perm_group(const struct viewer *v, const struct group *g, enum perm_action a)
{
    if (!v || v->id <= 0)
        return false;
    bool live = g->archived_at == 0;
    switch (a) {
    case PERM_SEE_GROUP:
        if (g->privacy != PRIVACY_SECRET || v->role == ROLE_ADMIN)
            return true;
        return is_member(g) || g->viewer_state == MEMBER_INVITED;
    case PERM_READ_CONTENT:
        return g->privacy == PRIVACY_OPEN || is_member(g);
    case PERM_POST:
        return live && is_member(g);
    case PERM_INTERACT:
        return live && (g->privacy == PRIVACY_OPEN || is_member(g));
    case PERM_INVITE:
        return is_group_admin(v, g) || (g->privacy == PRIVACY_OPEN && is_member(g));
    case PERM_MANAGE:
    case PERM_SEE_REQUESTS:
        return is_group_admin(v, g);
    default:
        return false;
    }
}

bool perm_edit(const struct viewer *v, int64_t author_id)
{
    return v && v->id > 0 && v->id == author_id;
}

bool perm_remove(const struct viewer *v, const struct group *g, int64_t author_id)
{
    return perm_edit(v, author_id) || (v && is_group_admin(v, g));
}

bool perm_important(const struct viewer *v, const struct group *g, int64_t author_id,
                    enum perm_important_action a)
{
    if (!perm_group(v, g, PERM_READ_CONTENT))
        return false;
    switch (a) {
    case IMPORTANT_MARK:
        return g->archived_at == 0 && (is_group_admin(v, g) || v->comms);
    case IMPORTANT_RECEIPTS:
        return v->id == author_id || is_group_admin(v, g) || v->comms;
    case IMPORTANT_ACK:
        return is_member(g) && v->id != author_id;
    default:
        return false;
    }
}

void perm_content_filter(const struct viewer *v, struct content_filter *f)
{
    f->viewer_id = v->id;
}

void perm_group_filter(const struct viewer *v, struct group_filter *f)
{
    f->viewer_id = v->id;
    f->see_all_secret = v->role == ROLE_ADMIN;
}

bool perm_notification(const struct viewer *v, const struct notification *n)
{
    if (!n->group_id)
        return v && v->id > 0;
    struct group g = {.id = n->group_id,
                      .privacy = n->group_privacy,
                      .archived_at = n->group_archived_at,
                      .viewer_state = n->viewer_state,
                      .viewer_role = n->viewer_role};
    return perm_group(v, &g, n->post_id ? PERM_READ_CONTENT : PERM_SEE_GROUP);
}

void perm_notify_filter(const struct viewer *v, struct notify_filter *f)
{
    f->viewer_id = v->id;
    f->see_all_secret = v->role == ROLE_ADMIN;
}

void perm_event_filter(const struct viewer *v, struct event_filter *f)
{
    f->viewer_id = v->id;
}

/* ---- live events ---- */

bool perm_audience_members(enum privacy p)
{
    return p != PRIVACY_OPEN;
}

bool perm_event_visible(const struct viewer *v, const struct event *e,
                        const struct perm_audience *a)
{
    if (!v || v->id <= 0)
        return false;
    if (e->user_id)
        return e->user_id == v->id;
    if (!e->group_id || !a)
        return false;
    if (a->everyone)
        return true;
    size_t lo = 0, hi = a->n_members;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->members[mid] == v->id)
            return true;
        if (a->members[mid] < v->id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

bool perm_review(const struct viewer *v, int64_t author_id, enum perm_review_action a)
{
    switch (a) {
    case REVIEW_QUEUE:
        return v->monitor;
    case REVIEW_SEE:
        return v->monitor || v->id == author_id;
    case REVIEW_DECIDE:
        return v->monitor && v->id != author_id;
    case REVIEW_WITHDRAW:
        return v->id == author_id;
    }
    return false;
}

/* ---- uploaded images ---- */

bool perm_media(const struct viewer *v, const struct media *m, const struct group *g)
{
    if (!v || v->id <= 0 || m->removed_at)
        return false;
    if (!m->post_id) /* its uploader's alone, and monitors' while held for review */
        return v->id == m->uploader_id || (m->review_id && v->monitor);
    return g && perm_group(v, g, PERM_READ_CONTENT);
}
