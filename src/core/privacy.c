/* Student privacy at the moment of writing (see privacy.h). The current
 * guard sits behind a mutex with a reference count: a reader takes a
 * reference for the length of one check, a rebuild swaps the pointer and
 * drops the old guard's last reference when its readers are done. The
 * dry-run limit is a small table of per-person one-minute windows. */
#include "core/privacy.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/perm.h"
#include "store/store_roster.h"
#include "util/log.h"

/* ---- the current guard ---- */

struct guard_ref {
    struct guard *g;
    unsigned refs; /* under lock */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct guard_ref *current;

static void unref(struct guard_ref *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&lock);
    bool last = --r->refs == 0;
    pthread_mutex_unlock(&lock);
    if (last) {
        guard_close(r->g);
        free(r);
    }
}

/* Swaps in r (may be NULL), dropping the old guard's reference. */
static void install(struct guard_ref *r)
{
    pthread_mutex_lock(&lock);
    struct guard_ref *old = current;
    current = r;
    pthread_mutex_unlock(&lock);
    unref(old);
}

static struct guard_ref *build(const struct guard_student *st, size_t nst,
                               const struct guard_person *staff, size_t nstaff)
{
    struct guard_ref *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    enum guard_err e = guard_open(NULL, st, nst, staff, nstaff, &r->g);
    if (e) {
        log_error("privacy guard: cannot build: %s", guard_err_str(e));
        free(r);
        return NULL;
    }
    r->refs = 1;
    return r;
}

/* A reference to the current guard; without one yet, a guard of patterns
 * alone (no roster) is made current, so SSNs are refused everywhere. */
static struct guard_ref *acquire(void)
{
    pthread_mutex_lock(&lock);
    struct guard_ref *r = current;
    if (r)
        r->refs++;
    pthread_mutex_unlock(&lock);
    if (r)
        return r;
    struct guard_ref *fresh = build(NULL, 0, NULL, 0);
    if (!fresh)
        return NULL;
    pthread_mutex_lock(&lock);
    if (!current) {
        current = fresh;
        fresh = NULL;
    }
    r = current;
    r->refs++;
    pthread_mutex_unlock(&lock);
    if (fresh) { /* another thread was first */
        guard_close(fresh->g);
        free(fresh);
    }
    return r;
}

/* The roster and staff copied out of the store for the build. */
struct load {
    struct arena a;
    struct guard_student *st;
    size_t nst, cap_st;
    struct guard_person *staff;
    size_t nstaff, cap_staff;
    bool nomem;
};

static bool grow(void **v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 256;
    void *p = realloc(*v, c * sz);
    if (!p)
        return false;
    *v = p;
    *cap = c;
    return true;
}

static const char *keep(struct load *l, const char *s)
{
    if (!s || !*s)
        return NULL;
    const char *d = arena_strdup(&l->a, s);
    if (!d)
        l->nomem = true;
    return d;
}

static int on_student(void *ctx, const struct student *st)
{
    struct load *l = ctx;
    if (!grow((void **)&l->st, &l->cap_st, l->nst, sizeof *l->st)) {
        l->nomem = true;
        return 1;
    }
    l->st[l->nst++] = (struct guard_student){.id = st->id,
                                             .given = keep(l, st->given),
                                             .middle = keep(l, st->middle),
                                             .family = keep(l, st->family),
                                             .preferred = keep(l, st->preferred),
                                             .number = keep(l, st->number)};
    return l->nomem;
}

/* A display name as given and family name: its first and last words. */
static int on_staff(void *ctx, const char *name)
{
    struct load *l = ctx;
    while (*name == ' ')
        name++;
    const char *sp = strchr(name, ' '), *last = strrchr(name, ' ');
    if (!sp || !last[1])
        return 0;
    if (!grow((void **)&l->staff, &l->cap_staff, l->nstaff, sizeof *l->staff)) {
        l->nomem = true;
        return 1;
    }
    const char *given = arena_strndup(&l->a, name, (size_t)(sp - name));
    const char *family = keep(l, last + 1);
    if (!given)
        l->nomem = true;
    l->staff[l->nstaff++] = (struct guard_person){.given = given, .family = family};
    return l->nomem;
}

enum core_err privacy_reload(struct store *s, size_t *students, struct fail *f)
{
    struct load l = {0};
    arena_init(&l.a, 0);
    enum core_err rc = CORE_OK;
    enum store_err e = store_students_each(s, on_student, &l, NULL);
    /* Staff names matter only when there are students to tell them from. */
    if (!e && !l.nomem && l.nst)
        e = store_staff_names_each(s, on_staff, &l);
    if (e || l.nomem) {
        rc = e ? core_store_fail(f, e)
               : core_fail(f, CORE_UNAVAILABLE, "no_memory", "The server is out of memory.", NULL);
        goto out;
    }
    struct guard_ref *r = build(l.st, l.nst, l.staff, l.nstaff);
    if (!r) {
        rc = core_fail(f, CORE_UNAVAILABLE, "guard_build", "The privacy guard could not be built.",
                       NULL);
        goto out;
    }
    install(r);
    log_info("privacy guard: %zu students on the roster, %zu staff names", l.nst, l.nstaff);
    if (students)
        *students = l.nst;
out:
    free(l.st);
    free(l.staff);
    arena_free(&l.a);
    return rc;
}

void privacy_shutdown(void)
{
    install(NULL);
}

/* ---- checking ---- */

static void raise_outcome(struct privacy_report *r)
{
    r->outcome = POLICY_ALLOW;
    for (size_t i = 0; i < r->n; i++)
        if (r->finding[i].action > r->outcome)
            r->outcome = r->finding[i].action;
}

enum core_err privacy_check(struct arena *a, const char *text, enum privacy p,
                            struct privacy_report *out, struct fail *f)
{
    *out = (struct privacy_report){0};
    struct guard_ref *ref = acquire();
    if (!ref)
        return core_fail(f, CORE_UNAVAILABLE, "no_memory", "The server is out of memory.", NULL);
    struct guard_result gr;
    memset(&gr, 0, sizeof gr);
    enum guard_err ge = guard_check(ref->g, text, strlen(text), &gr);
    unref(ref);
    enum core_err rc = CORE_OK;
    if (ge) {
        rc = core_fail(f, CORE_UNAVAILABLE, "no_memory", "The server is out of memory.", NULL);
        goto out;
    }
    enum policy_audience aud = policy_audience_of(p);
    size_t keepn = 0;
    for (size_t i = 0; i < gr.n; i++)
        keepn += policy_decide(&gr.finding[i], aud) != POLICY_ALLOW;
    if (!keepn)
        goto out;
    out->finding = arena_alloc(a, keepn * sizeof *out->finding);
    if (!out->finding) {
        rc = core_fail(f, CORE_UNAVAILABLE, "no_memory", "The server is out of memory.", NULL);
        goto out;
    }
    for (size_t i = 0; i < gr.n; i++) {
        const struct guard_finding *g = &gr.finding[i];
        enum policy_action act = policy_decide(g, aud);
        if (act == POLICY_ALLOW)
            continue;
        out->finding[out->n++] = (struct privacy_finding){.rule = policy_rule_of(g),
                                                          .severity = g->severity,
                                                          .action = act,
                                                          .start = g->start,
                                                          .end = g->end,
                                                          .student_id = g->student_id};
    }
    raise_outcome(out);
out:
    guard_result_free(&gr);
    return rc;
}

void privacy_decide(struct privacy_report *r, enum privacy p)
{
    enum policy_audience aud = policy_audience_of(p);
    for (size_t i = 0; i < r->n; i++) /* an allowed finding stays listed: it was not before */
        r->finding[i].action = policy_weigh(r->finding[i].rule, r->finding[i].severity, aud);
    raise_outcome(r);
}

enum core_err privacy_reason_check(const char *reason, struct fail *f)
{
    if (!reason || !*reason)
        return core_fail(f, CORE_INVALID, "reason_required",
                         "Say why this must be posted as it is.", "confirm.reason");
    return core_check_text(reason, PRIVACY_REASON_MAX, false, "confirm.reason", f);
}

enum core_err privacy_enforce(const struct privacy_report *r, const char *reason, struct fail *f)
{
    if (r->outcome == POLICY_BLOCK)
        return core_fail(f, CORE_INVALID, "student_privacy",
                         "This can't be posted here: it holds student information that the "
                         "district's social media guidelines say must not be posted. Remove "
                         "what is marked and try again.",
                         "body");
    if (r->outcome == POLICY_WARN && !reason)
        return core_fail(f, CORE_INVALID, "confirmation_required",
                         "This may hold student information. Check what is marked; to post it "
                         "anyway, confirm with a reason (it is recorded for the district's "
                         "monitors).",
                         "body");
    return CORE_OK;
}

/* ---- records ---- */

static enum store_err record(struct store *s, const struct viewer *v, enum guard_content c,
                             int64_t group_id, int64_t post_id, int64_t comment_id,
                             const struct privacy_report *r, const char *reason,
                             enum guard_outcome o, int64_t now)
{
    struct guard_record_finding *fs = calloc(r->n ? r->n : 1, sizeof *fs);
    if (!fs)
        return STORE_ENOMEM;
    for (size_t i = 0; i < r->n; i++)
        fs[i] =
            (struct guard_record_finding){.rule = policy_rule_str(r->finding[i].rule),
                                          .severity = guard_severity_str(r->finding[i].severity),
                                          .action = policy_action_str(r->finding[i].action),
                                          .start = r->finding[i].start,
                                          .end = r->finding[i].end,
                                          .student_id = r->finding[i].student_id};
    struct guard_record rec = {.at = now,
                               .user_id = v->id,
                               .content = c,
                               .group_id = group_id,
                               .post_id = post_id,
                               .comment_id = comment_id,
                               .outcome = o,
                               .reason = o == GUARD_OUTCOME_OVERRIDDEN ? reason : NULL};
    enum store_err e = store_guard_record(s, &rec, fs, r->n);
    free(fs);
    if (!e)
        log_info("privacy guard: user %lld %s %s in group %lld: %zu findings", (long long)v->id,
                 guard_outcome_str(o), guard_content_str(c), (long long)group_id, r->n);
    return e;
}

enum store_err privacy_record(struct store *s, const struct viewer *v, enum guard_content c,
                              int64_t group_id, int64_t post_id, int64_t comment_id,
                              const struct privacy_report *r, const char *reason, int64_t now)
{
    if (!r->n)
        return STORE_OK;
    enum guard_outcome o =
        r->outcome == POLICY_WARN && reason ? GUARD_OUTCOME_OVERRIDDEN : GUARD_OUTCOME_PUBLISHED;
    return record(s, v, c, group_id, post_id, comment_id, r, reason, o, now);
}

void privacy_record_refusal(struct store *s, const struct viewer *v, enum guard_content c,
                            int64_t group_id, int64_t post_id, const struct privacy_report *r,
                            int64_t now)
{
    enum guard_outcome o =
        r->outcome == POLICY_BLOCK ? GUARD_OUTCOME_BLOCKED : GUARD_OUTCOME_UNCONFIRMED;
    enum store_err e = store_begin_write(s);
    if (!e) {
        e = record(s, v, c, group_id, post_id, 0, r, NULL, o, now);
        if (e)
            store_rollback(s);
        else
            e = store_commit(s);
    }
    if (e)
        log_error("privacy guard: cannot record a refusal: %s", store_err_str(e));
}

/* ---- the dry run ---- */

#define WINDOWS 512

static struct {
    int64_t user_id, minute;
    unsigned count;
} windows[WINDOWS];
static pthread_mutex_t windows_lock = PTHREAD_MUTEX_INITIALIZER;

/* Counts one check for user at now; false (and *retry_s) past the limit.
 * *count is the person's checks this minute. Two people whose ids share a
 * slot reset each other's count: the limit is a guard rail, not a quota. */
static bool take_check(int64_t user, int64_t now, unsigned *count, int64_t *retry_s)
{
    int64_t minute = now / 60000;
    size_t slot = (size_t)(((uint64_t)user * 0x9E3779B97F4A7C15ull) >> 40) % WINDOWS;
    pthread_mutex_lock(&windows_lock);
    if (windows[slot].user_id != user || windows[slot].minute != minute) {
        windows[slot].user_id = user;
        windows[slot].minute = minute;
        windows[slot].count = 0;
    }
    bool ok = windows[slot].count < PRIVACY_CHECKS_PER_MIN;
    if (ok)
        windows[slot].count++;
    *count = windows[slot].count;
    pthread_mutex_unlock(&windows_lock);
    *retry_s = (minute + 1) * 60 - now / 1000;
    if (*retry_s < 1)
        *retry_s = 1;
    return ok;
}

enum core_err privacy_dry_run(struct store *s, struct arena *a, const struct viewer *v,
                              int64_t group_id, const char *body, struct privacy_report *out,
                              struct fail *f)
{
    *out = (struct privacy_report){0};
    unsigned count;
    int64_t retry;
    if (!take_check(v->id, core_now_ms(), &count, &retry)) {
        core_fail(f, CORE_THROTTLED, "too_many_checks",
                  "Too many checks in a minute. Wait a moment and try again.", NULL);
        f->retry_after_s = retry;
        return f->err;
    }
    log_info("privacy guard: dry run by user %lld (%u this minute)", (long long)v->id, count);
    struct group g;
    enum store_err e = store_group_get(s, a, group_id, v->id, &g);
    if (e)
        return core_store_fail(f, e);
    if (!perm_group(v, &g, PERM_SEE_GROUP))
        return core_not_found(f);
    if (!body)
        return core_fail(f, CORE_INVALID, "required", "Write something first.", "body");
    if (strlen(body) > LIMIT_POST_BODY)
        return core_fail(f, CORE_INVALID, "too_long", "A post can be at most 32 KiB long.", "body");
    if (core_check_text(body, LIMIT_POST_BODY, true, "body", f))
        return f->err;
    return privacy_check(a, body, g.privacy, out, f);
}
