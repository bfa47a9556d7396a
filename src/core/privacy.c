/* Student privacy at the moment of writing (see privacy.h). The current
 * guard sits behind a mutex with a reference count: a reader takes a
 * reference for the length of one check, a rebuild swaps the pointer and
 * drops the old guard's last reference when its readers are done. The
 * dry-run limit is a small table of per-person one-minute windows. */
#include "core/privacy.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/media.h"
#include "core/perm.h"
#include "guard/lexicon.h"
#include "store/store_roster.h"
#include "util/grow.h"
#include "util/log.h"
#include "util/minute_limit.h"

/* ---- the current guard ---- */

struct guard_ref {
    struct guard *g;
    struct lexicon *lex; /* the professional-language lists */
    unsigned refs;       /* under lock */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct guard_ref *current;
/* While the first roster load runs (privacy_expect_load), checks wait for
 * it rather than screen against no roster; after it failed they refuse. */
static pthread_cond_t installed = PTHREAD_COND_INITIALIZER;
static bool pending, broken;
static char lexicon_dir[1024]; /* "" = the lists built into the program */

void privacy_set_lexicon_dir(const char *dir)
{
    snprintf(lexicon_dir, sizeof lexicon_dir, "%s", dir ? dir : "");
}

static void unref(struct guard_ref *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&lock);
    bool last = --r->refs == 0;
    pthread_mutex_unlock(&lock);
    if (last) {
        guard_close(r->g);
        lexicon_close(r->lex);
        free(r);
    }
}

/* Swaps in r (may be NULL), dropping the old guard's reference. */
static void install(struct guard_ref *r)
{
    pthread_mutex_lock(&lock);
    struct guard_ref *old = current;
    current = r;
    pending = false;
    pthread_cond_broadcast(&installed);
    pthread_mutex_unlock(&lock);
    unref(old);
}

void privacy_expect_load(void)
{
    pthread_mutex_lock(&lock);
    pending = !current;
    broken = false;
    pthread_mutex_unlock(&lock);
}

void privacy_load_failed(void)
{
    pthread_mutex_lock(&lock);
    if (pending) {
        pending = false;
        broken = true;
        pthread_cond_broadcast(&installed);
    }
    pthread_mutex_unlock(&lock);
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
    char err[256];
    bool ok = lexicon_dir[0]
                  ? lexicon_load_dir(lexicon_dir, &r->lex, err, sizeof err)
                  : lexicon_open(lexicon_default, lexicon_default_count, &r->lex, err, sizeof err);
    if (!ok) {
        log_error("privacy guard: cannot load the professional-language lists%s%s: %s",
                  lexicon_dir[0] ? " from " : "", lexicon_dir, err);
        guard_close(r->g);
        free(r);
        return NULL;
    }
    r->refs = 1;
    return r;
}

/* A reference to the current guard. While the first roster load runs it
 * waits for it (at most PRIVACY_LOAD_WAIT_S), and gives none when that
 * load failed or is late. Without a load expected, a guard of patterns
 * alone (no roster) is made current, so SSNs are refused everywhere. */
static struct guard_ref *acquire(void)
{
    pthread_mutex_lock(&lock);
    if (!current && pending) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += PRIVACY_LOAD_WAIT_S;
        while (!current && pending)
            if (pthread_cond_timedwait(&installed, &lock, &until))
                break;
    }
    struct guard_ref *r = current;
    if (r)
        r->refs++;
    bool wait_failed = !r && (pending || broken);
    pthread_mutex_unlock(&lock);
    if (r || wait_failed)
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
    if (!grow_array((void **)&l->st, &l->cap_st, l->nst + 1, sizeof *l->st)) {
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
    if (!grow_array((void **)&l->staff, &l->cap_staff, l->nstaff + 1, sizeof *l->staff)) {
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
    log_info("privacy guard: %zu students on the roster, %zu staff names, %zu lexicon entries",
             l.nst, l.nstaff, lexicon_size(r->lex));
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

/* Findings in the order the author reads them: the text's, then each
 * caption's, by place (insertion sort: a report is short). */
static bool before(const struct privacy_finding *a, const struct privacy_finding *b)
{
    if (a->image_id != b->image_id)
        return a->image_id == 0 || (b->image_id != 0 && a->image_id < b->image_id);
    return a->start < b->start || (a->start == b->start && a->end < b->end);
}

static void sort_findings(struct privacy_report *r)
{
    for (size_t i = 1; i < r->n; i++) {
        struct privacy_finding x = r->finding[i];
        size_t j = i;
        for (; j > 0 && before(&x, &r->finding[j - 1]); j--)
            r->finding[j] = r->finding[j - 1];
        r->finding[j] = x;
    }
}

static enum core_err no_memory(struct fail *f)
{
    return core_fail(f, CORE_UNAVAILABLE, "no_memory", "The server is out of memory.", NULL);
}

/* The texts of one check: the body, then each image's caption. */
#define TEXTS_MAX (1 + MEDIA_MAX_PER_POST)

/* Whether the post's images need the media consent of a student it names:
 * a named student's consent refused is a high-severity finding, unknown a
 * medium one (the school may not have the form). */
static enum core_err consent_finding(struct store *s, const struct guard_finding *g,
                                     int64_t image_id, struct privacy_finding *out, bool *found,
                                     struct fail *f)
{
    *found = false;
    enum media_consent c = CONSENT_UNKNOWN;
    enum store_err e = store_student_consent(s, g->student_id, &c);
    if (e == STORE_NOTFOUND || c == CONSENT_GRANTED)
        return CORE_OK;
    if (e)
        return core_store_fail(f, e);
    *out = (struct privacy_finding){.rule = POLICY_MEDIA_CONSENT,
                                    .severity =
                                        c == CONSENT_REFUSED ? GUARD_SEV_HIGH : GUARD_SEV_MEDIUM,
                                    .start = g->start,
                                    .end = g->end,
                                    .student_id = g->student_id,
                                    .image_id = image_id};
    *found = true;
    return CORE_OK;
}

enum core_err privacy_check_media(struct store *s, struct arena *a, const char *text,
                                  const struct media *imgs, size_t n_imgs, enum privacy p,
                                  struct privacy_report *out, struct fail *f)
{
    *out = (struct privacy_report){0};
    if (n_imgs > MEDIA_MAX_PER_POST)
        n_imgs = MEDIA_MAX_PER_POST;
    const char *texts[TEXTS_MAX];
    int64_t image_ids[TEXTS_MAX];
    size_t nt = 0;
    texts[nt] = text;
    image_ids[nt++] = 0;
    for (size_t i = 0; i < n_imgs; i++)
        if (imgs[i].alt && *imgs[i].alt) {
            texts[nt] = imgs[i].alt;
            image_ids[nt++] = imgs[i].id;
        }
    struct guard_ref *ref = acquire();
    if (!ref)
        return core_fail(f, CORE_UNAVAILABLE, "guard_unavailable",
                         "The privacy guard is still loading the student roster, so nothing can be "
                         "checked or posted yet. Try again in a moment.",
                         NULL);
    struct guard_result gr[TEXTS_MAX];
    struct lexicon_result lr[TEXTS_MAX];
    memset(gr, 0, sizeof gr);
    memset(lr, 0, sizeof lr);
    enum core_err rc = CORE_OK;
    size_t cap = n_imgs; /* one consent finding per image marked as showing students */
    for (size_t t = 0; t < nt && !rc; t++) {
        size_t len = strlen(texts[t]);
        if (guard_check(ref->g, texts[t], len, &gr[t]) ||
            !lexicon_check(ref->lex, texts[t], len, &lr[t]))
            rc = no_memory(f);
        cap += 2 * gr[t].n + lr[t].n; /* a name may bring a consent finding too */
    }
    unref(ref);
    if (rc)
        goto out;
    out->finding = arena_alloc(a, (cap ? cap : 1) * sizeof *out->finding);
    if (!out->finding) {
        rc = no_memory(f);
        goto out;
    }
    enum policy_audience aud = policy_audience_of(p);
    for (size_t t = 0; t < nt && !rc; t++) {
        for (size_t i = 0; i < gr[t].n && !rc; i++) {
            const struct guard_finding *g = &gr[t].finding[i];
            enum policy_action act = policy_decide(g, aud);
            if (act != POLICY_ALLOW)
                out->finding[out->n++] = (struct privacy_finding){.rule = policy_rule_of(g),
                                                                  .severity = g->severity,
                                                                  .action = act,
                                                                  .start = g->start,
                                                                  .end = g->end,
                                                                  .student_id = g->student_id,
                                                                  .image_id = image_ids[t]};
            if (!n_imgs || g->rule != GUARD_RULE_STUDENT_NAME || !g->student_id ||
                g->severity <= GUARD_SEV_LOW)
                continue;
            bool found;
            struct privacy_finding *c = &out->finding[out->n];
            rc = consent_finding(s, g, image_ids[t], c, &found, f);
            if (!rc && found) {
                c->action = policy_weigh(c->rule, c->severity, aud);
                out->n += c->action != POLICY_ALLOW;
            }
        }
    }
    /* Think before you post: professional language (lexicon), in the text
     * and the captions. */
    for (size_t t = 0; t < nt && !rc; t++) {
        for (size_t i = 0; i < lr[t].n; i++) {
            const struct lexicon_finding *x = &lr[t].finding[i];
            struct privacy_finding *c = &out->finding[out->n];
            *c = (struct privacy_finding){.rule = policy_rule_of_language(x->category),
                                          .severity = x->severity,
                                          .start = x->start,
                                          .end = x->end,
                                          .image_id = image_ids[t]};
            c->action = policy_weigh(c->rule, c->severity, aud);
            out->n += c->action != POLICY_ALLOW;
        }
    }
    /* A photo its author says shows students: each child needs a form on
     * file, which staffroom can't see in a picture; the author confirms. */
    for (size_t i = 0; i < n_imgs && !rc; i++) {
        if (!imgs[i].shows_students)
            continue;
        struct privacy_finding *c = &out->finding[out->n];
        *c = (struct privacy_finding){
            .rule = POLICY_MEDIA_CONSENT, .severity = GUARD_SEV_MEDIUM, .image_id = imgs[i].id};
        c->action = policy_weigh(c->rule, c->severity, aud);
        out->n += c->action != POLICY_ALLOW;
    }
    raise_outcome(out);
out:
    for (size_t t = 0; t < nt; t++) {
        guard_result_free(&gr[t]);
        lexicon_result_free(&lr[t]);
    }
    if (!rc)
        sort_findings(out);
    return rc;
}

enum core_err privacy_check(struct arena *a, const char *text, enum privacy p,
                            struct privacy_report *out, struct fail *f)
{
    return privacy_check_media(NULL, a, text, NULL, 0, p, out, f);
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
    if (r->outcome == POLICY_WARN && !reason) {
        bool students = false;
        for (size_t i = 0; i < r->n; i++)
            students |=
                r->finding[i].action == POLICY_WARN && !policy_rule_is_language(r->finding[i].rule);
        return core_fail(f, CORE_INVALID, "confirmation_required",
                         students ? "This may hold student information. Check what is marked; to "
                                    "post it anyway, confirm with a reason (it is recorded for the "
                                    "district's monitors)."
                                  : "Think before you post: what is marked may read as "
                                    "unprofessional. Reconsider it; to post it anyway, confirm "
                                    "with a reason (it is recorded for the district's monitors).",
                         "body");
    }
    return CORE_OK;
}

enum core_err privacy_enforce_now(const struct privacy_report *r, const char *reason,
                                  struct fail *f)
{
    if (r->outcome == POLICY_HOLD)
        return core_fail(f, CORE_INVALID, "student_privacy",
                         "This seems to hold student information, and a group's name and "
                         "purpose are seen as soon as they are saved, so they can't wait for a "
                         "monitor's review. Remove what is marked and try again.",
                         NULL);
    return privacy_enforce(r, reason, f);
}

/* ---- records ---- */

static enum store_err record(struct store *s, const struct viewer *v, enum guard_content c,
                             int64_t group_id, int64_t post_id, int64_t comment_id,
                             const struct privacy_report *r, const char *reason,
                             enum guard_outcome o, int64_t now, int64_t *record_id)
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
                                          .student_id = r->finding[i].student_id,
                                          .image_id = r->finding[i].image_id};
    struct guard_record rec = {
        .at = now,
        .user_id = v->id,
        .content = c,
        .group_id = group_id,
        .post_id = post_id,
        .comment_id = comment_id,
        .outcome = o,
        .reason = o == GUARD_OUTCOME_OVERRIDDEN || o == GUARD_OUTCOME_HELD ? reason : NULL};
    enum store_err e = store_guard_record(s, &rec, fs, r->n);
    free(fs);
    if (record_id)
        *record_id = rec.id;
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
    return record(s, v, c, group_id, post_id, comment_id, r, reason, o, now, NULL);
}

enum store_err privacy_record_held(struct store *s, const struct viewer *v, enum guard_content c,
                                   int64_t group_id, int64_t post_id,
                                   const struct privacy_report *r, const char *reason, int64_t now,
                                   int64_t *record_id)
{
    return record(s, v, c, group_id, post_id, 0, r, reason, GUARD_OUTCOME_HELD, now, record_id);
}

void privacy_record_refusal(struct store *s, const struct viewer *v, enum guard_content c,
                            int64_t group_id, int64_t post_id, const struct privacy_report *r,
                            int64_t now)
{
    enum guard_outcome o =
        r->outcome == POLICY_BLOCK ? GUARD_OUTCOME_BLOCKED : GUARD_OUTCOME_UNCONFIRMED;
    enum store_err e = store_begin_write(s);
    if (!e) {
        e = record(s, v, c, group_id, post_id, 0, r, NULL, o, now, NULL);
        if (e)
            store_rollback(s);
        else
            e = store_commit(s);
    }
    if (e)
        log_error("privacy guard: cannot record a refusal: %s", store_err_str(e));
}

/* ---- the dry run ---- */

static struct minute_limit checks = MINUTE_LIMIT_INIT;

enum core_err privacy_dry_run(struct store *s, struct arena *a, const struct viewer *v,
                              int64_t group_id, const char *body, struct privacy_report *out,
                              struct fail *f)
{
    return privacy_dry_run_media(s, a, v, group_id, body, NULL, 0, out, f);
}

enum core_err privacy_dry_run_media(struct store *s, struct arena *a, const struct viewer *v,
                                    int64_t group_id, const char *body, const int64_t *image_ids,
                                    size_t n_images, struct privacy_report *out, struct fail *f)
{
    *out = (struct privacy_report){0};
    unsigned count;
    int64_t retry;
    if (!minute_limit_take(&checks, v->id, core_now_ms(), PRIVACY_CHECKS_PER_MIN, &count, &retry)) {
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
    struct media *imgs = NULL;
    if (media_for_post(s, a, v, image_ids, n_images, &imgs, f))
        return f->err;
    return privacy_check_media(s, a, body, imgs, n_images, g.privacy, out, f);
}
