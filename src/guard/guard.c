/* The privacy guard's findings (see guard.h): runs the roster matcher and
 * the pattern scanners over one text, then weighs what they found. The
 * weighing rules: a name of a form people rarely write, or that a staff
 * member also has, is less certain; a sensitive term within a few words of
 * a student's name raises that finding's severity; a date or ID shape near
 * a student's name is more severe than one alone. */
#include "guard/guard.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct guard {
    struct guard_matcher *m;
    struct guard_idpat *idpat;
    size_t nidpat;
    struct guard_dob_rule dob;
    unsigned proximity;
    size_t max_findings;
};

const char *const guard_default_terms[] = {"iep",
                                           "individualized education program",
                                           "individualized education plan",
                                           "504 plan",
                                           "section 504",
                                           "special ed",
                                           "special education",
                                           "behavior plan",
                                           "behavior intervention plan",
                                           "suspension",
                                           "suspended",
                                           "expulsion",
                                           "expelled",
                                           "detention",
                                           "grades",
                                           "failing",
                                           "gpa",
                                           "report card",
                                           "test scores",
                                           "diagnosis",
                                           "diagnosed",
                                           "adhd",
                                           "autism",
                                           "autistic",
                                           "disability",
                                           "medication",
                                           "therapy",
                                           "counseling",
                                           "custody",
                                           "restraining order",
                                           "abuse",
                                           "abuse report",
                                           "abused",
                                           "neglect",
                                           "cps",
                                           "dcfs",
                                           "foster care",
                                           "homeless",
                                           "free lunch",
                                           "reduced lunch",
                                           "truancy",
                                           "truant",
                                           "discipline",
                                           "disciplinary",
                                           "referral",
                                           "self harm",
                                           "suicidal",
                                           "pregnant",
                                           "arrested",
                                           "probation",
                                           "bullying",
                                           "bullied"};
const size_t guard_default_nterms = sizeof guard_default_terms / sizeof guard_default_terms[0];

static const char *const rule_names[GUARD_RULE__MAX] = {
    [GUARD_RULE_STUDENT_NAME] = "student_name",
    [GUARD_RULE_STUDENT_NUMBER] = "student_number",
    [GUARD_RULE_ID_PATTERN] = "id_pattern",
    [GUARD_RULE_SSN] = "ssn",
    [GUARD_RULE_DOB] = "dob",
};

const char *guard_rule_str(enum guard_rule r)
{
    return (unsigned)r < GUARD_RULE__MAX ? rule_names[r] : "?";
}

const char *guard_severity_str(enum guard_severity s)
{
    static const char *const names[] = {"info", "low", "medium", "high"};
    return (unsigned)s <= GUARD_SEV_HIGH ? names[s] : "?";
}

static int this_year(void)
{
    time_t t = time(NULL);
    struct tm tm;
    return gmtime_r(&t, &tm) ? tm.tm_year + 1900 : 2026;
}

static enum guard_err compile_ids(struct guard *g, const struct guard_config *cfg)
{
    if (cfg->n_id_patterns == 0)
        return GUARD_OK;
    g->idpat = calloc(cfg->n_id_patterns, sizeof *g->idpat);
    if (!g->idpat)
        return GUARD_ENOMEM;
    for (size_t i = 0; i < cfg->n_id_patterns; i++)
        if (!guard_idpat_compile(cfg->id_patterns[i], &g->idpat[i]))
            return GUARD_EINVAL;
    g->nidpat = cfg->n_id_patterns;
    return GUARD_OK;
}

enum guard_err guard_open(const struct guard_config *cfg, const struct guard_student *students,
                          size_t nstudents, const struct guard_person *staff, size_t nstaff,
                          struct guard **out)
{
    static const struct guard_config none;
    cfg = cfg ? cfg : &none;
    *out = NULL;
    struct guard *g = calloc(1, sizeof *g);
    if (!g)
        return GUARD_ENOMEM;
    g->dob.ref_year = cfg->ref_year ? cfg->ref_year : this_year();
    g->dob.min_age = cfg->min_age ? cfg->min_age : 2;
    g->dob.max_age = cfg->max_age ? cfg->max_age : 25;
    g->proximity = cfg->proximity ? cfg->proximity : 10;
    g->max_findings = cfg->max_findings ? cfg->max_findings : 1000;
    const char *const *terms = cfg->terms ? cfg->terms : guard_default_terms;
    size_t nterms = cfg->terms ? cfg->n_terms : guard_default_nterms;
    enum guard_err e = compile_ids(g, cfg);
    if (e == GUARD_OK)
        e = guard_matcher_build(students, nstudents, staff, nstaff, terms, nterms, &g->m);
    if (e != GUARD_OK) {
        guard_close(g);
        return e;
    }
    *out = g;
    return GUARD_OK;
}

void guard_close(struct guard *g)
{
    if (!g)
        return;
    guard_matcher_free(g->m);
    free(g->idpat);
    free(g);
}

const struct guard_matcher *guard_matcher(const struct guard *g)
{
    return g->m;
}

/* ---- spans and proximity ---- */

static bool push_span(struct guard_span **v, size_t *cap, size_t n, const struct guard_hit *h)
{
    if (n >= *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        struct guard_span *p = realloc(*v, c * sizeof *p);
        if (!p)
            return false;
        *v = p;
        *cap = c;
    }
    (*v)[n] = (struct guard_span){h->tok_start, h->tok_end, h->index};
    return true;
}

/* The nearest span of v (sorted by t0, none longer than GUARD_MAX_WORDS)
 * within dist tokens of [t0, t1), or NULL. */
static const struct guard_span *near(const struct guard_span *v, size_t n, uint32_t t0, uint32_t t1,
                                     unsigned dist)
{
    uint64_t lo_t =
        (uint64_t)t0 > (uint64_t)dist + GUARD_MAX_WORDS ? t0 - dist - GUARD_MAX_WORDS : 0;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].t0 < lo_t)
            lo = mid + 1;
        else
            hi = mid;
    }
    const struct guard_span *best = NULL;
    uint64_t best_gap = UINT64_MAX;
    for (size_t k = lo; k < n && (uint64_t)v[k].t0 <= (uint64_t)t1 + dist; k++) {
        uint64_t gap = v[k].t0 >= t1 ? v[k].t0 - t1 : t0 >= v[k].t1 ? t0 - v[k].t1 : 0;
        if (gap <= dist && gap < best_gap)
            best = &v[k], best_gap = gap;
    }
    return best;
}

/* The token at or after original offset off. */
static uint32_t token_at(const struct guard_result *r, uint32_t off)
{
    size_t lo = 0, hi = r->scan.ntok;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->fold.map[r->scan.tok[mid].fstart] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

static enum guard_severity raise(enum guard_severity s)
{
    return s < GUARD_SEV_HIGH ? s + 1 : GUARD_SEV_HIGH;
}

/* ---- findings ---- */

/* A new finding; NULL when out of memory or past max (then truncated is set). */
static struct guard_finding *add_finding(struct guard_result *r, size_t max)
{
    if (r->n >= max) {
        r->truncated = true;
        return NULL;
    }
    if (r->n >= r->cap) {
        size_t c = r->cap ? r->cap * 2 : 32;
        struct guard_finding *p = realloc(r->finding, c * sizeof *p);
        if (!p)
            return NULL;
        r->finding = p;
        r->cap = c;
    }
    struct guard_finding *f = &r->finding[r->n++];
    memset(f, 0, sizeof *f);
    return f;
}

static void weigh_name(const struct guard *g, struct guard_result *r, const struct guard_hit *h,
                       struct guard_finding *f, size_t nterms)
{
    f->rule = GUARD_RULE_STUDENT_NAME;
    f->confidence = guard_form_confidence(h->form) * (h->staff ? 0.4 : 1.0);
    f->severity = f->confidence >= 0.8 ? GUARD_SEV_MEDIUM : GUARD_SEV_LOW;
    f->key = h->staff               ? "student_name_staff"
             : f->confidence >= 0.8 ? "student_name"
                                    : "student_name_uncertain";
    const struct guard_span *t = near(r->terms, nterms, h->tok_start, h->tok_end, g->proximity);
    if (t) {
        const struct guard_token *tok = r->scan.tok;
        f->severity = raise(f->severity);
        f->key = "student_name_sensitive";
        f->has_term = true;
        f->term_index = t->index;
        f->term_start = r->fold.map[tok[t->t0].fstart];
        f->term_end = r->fold.map[tok[t->t1 - 1].fend];
    }
}

static bool roster_findings(const struct guard *g, struct guard_result *r, size_t nterms)
{
    for (size_t k = 0; k < r->scan.nhit; k++) {
        const struct guard_hit *h = &r->scan.hit[k];
        if (h->form == GUARD_FORM_TERM)
            continue;
        /* Bounded by the scan's own limit; max_findings applies after pruning. */
        struct guard_finding *f = add_finding(r, SIZE_MAX);
        if (!f)
            return false;
        f->start = h->start;
        f->end = h->end;
        f->form = h->form;
        f->student_id = guard_matcher_student_id(g->m, h->index);
        if (h->form == GUARD_FORM_NUMBER) {
            f->rule = GUARD_RULE_STUDENT_NUMBER;
            f->severity = GUARD_SEV_HIGH;
            f->confidence = guard_form_confidence(h->form);
            f->key = "student_number";
        } else {
            weigh_name(g, r, h, f, nterms);
        }
    }
    return true;
}

static bool overlaps(const struct guard_finding *a, const struct guard_finding *b)
{
    return a->start < b->end && b->start < a->end;
}

/* Whether name finding a should give way to b: the same student found twice
 * over the same words, or a rarely written form ("Lopez Maria") overlapping
 * a surer name ("Ana Lopez", "Maria Chen"). */
static bool yields(const struct guard_finding *a, const struct guard_finding *b)
{
    if ((b->rule != GUARD_RULE_STUDENT_NAME && b->rule != GUARD_RULE__MAX) || !overlaps(a, b))
        return false;
    bool weaker = a->confidence < b->confidence;
    if (a->student_id == b->student_id)
        return weaker || (a->confidence == b->confidence && a > b);
    bool rare = a->form == GUARD_FORM_INVERTED || a->form == GUARD_FORM_PARTIAL;
    return rare && weaker;
}

/* Drops the name findings that yield to a neighbour (findings are in token
 * order, so a neighbour is never far). Marks first, then compacts. */
static void prune_names(struct guard_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        struct guard_finding *a = &r->finding[i];
        size_t lo = i > 32 ? i - 32 : 0, hi = i + 32 < r->n ? i + 32 : r->n;
        for (size_t j = lo; j < hi && a->rule == GUARD_RULE_STUDENT_NAME; j++) {
            if (j != i && yields(a, &r->finding[j])) {
                a->rule = GUARD_RULE__MAX; /* dropped below */
                break;
            }
        }
    }
    size_t out = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->finding[i].rule != GUARD_RULE__MAX)
            r->finding[out++] = r->finding[i];
    r->n = out;
}

static bool near_name(const struct guard *g, const struct guard_result *r, size_t nnames,
                      const struct guard_pat_match *m)
{
    uint32_t t0 = token_at(r, m->start), t1 = token_at(r, m->end);
    return near(r->names, nnames, t0, t1 > t0 ? t1 : t0 + 1, g->proximity) != NULL;
}

static bool pattern_finding(const struct guard *g, struct guard_result *r, size_t nnames,
                            const struct guard_pat_match *m)
{
    struct guard_finding *f = add_finding(r, g->max_findings);
    if (!f)
        return r->truncated;
    bool by_name = near_name(g, r, nnames, m);
    f->start = m->start;
    f->end = m->end;
    f->confidence = m->confidence;
    f->form = GUARD_FORM__MAX;
    switch (m->kind) {
    case GUARD_PAT_SSN:
        f->rule = GUARD_RULE_SSN;
        f->severity = m->confidence >= 0.9 || by_name ? GUARD_SEV_HIGH : GUARD_SEV_MEDIUM;
        f->key = "ssn";
        break;
    case GUARD_PAT_DOB:
        f->rule = GUARD_RULE_DOB;
        f->severity = m->keyword ? GUARD_SEV_HIGH : by_name ? GUARD_SEV_MEDIUM : GUARD_SEV_INFO;
        f->key = m->keyword ? "dob_keyword" : by_name ? "date_near_student" : "date_possible_dob";
        break;
    case GUARD_PAT_ID:
        f->rule = GUARD_RULE_ID_PATTERN;
        f->severity = by_name ? GUARD_SEV_HIGH : GUARD_SEV_MEDIUM;
        f->key = "id_pattern";
        break;
    }
    return true;
}

/* True if a roster number finding already covers this span. */
static bool is_roster_number(const struct guard_result *r, size_t nroster, uint32_t s, uint32_t e)
{
    for (size_t k = 0; k < nroster; k++)
        if (r->finding[k].rule == GUARD_RULE_STUDENT_NUMBER && r->finding[k].start <= s &&
            r->finding[k].end >= e)
            return true;
    return false;
}

static bool pattern_findings(const struct guard *g, struct guard_result *r, const char *text,
                             size_t len, size_t nnames)
{
    struct guard_pat_match m;
    size_t nroster = r->n;
    for (size_t at = 0; guard_find_ssn(text, len, at, &m); at = m.end)
        if (!pattern_finding(g, r, nnames, &m))
            return false;
    for (size_t at = 0; guard_find_dob(text, len, at, &g->dob, &m); at = m.end)
        if (!pattern_finding(g, r, nnames, &m))
            return false;
    for (size_t at = 0; guard_find_id(g->idpat, g->nidpat, text, len, at, &m); at = m.end)
        if (!is_roster_number(r, nroster, m.start, m.end) && !pattern_finding(g, r, nnames, &m))
            return false;
    return true;
}

static int finding_cmp(const void *x, const void *y)
{
    const struct guard_finding *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    return a->student_id < b->student_id ? -1 : a->student_id > b->student_id;
}

/* Splits the hits into name spans and term spans, for proximity. */
static bool collect_spans(struct guard_result *r, size_t *nnames, size_t *nterms)
{
    *nnames = *nterms = 0;
    for (size_t k = 0; k < r->scan.nhit; k++) {
        const struct guard_hit *h = &r->scan.hit[k];
        bool ok = h->form == GUARD_FORM_TERM ? push_span(&r->terms, &r->terms_cap, (*nterms)++, h)
                                             : push_span(&r->names, &r->names_cap, (*nnames)++, h);
        if (!ok)
            return false;
    }
    return true;
}

enum guard_err guard_check(const struct guard *g, const char *text, size_t len,
                           struct guard_result *r)
{
    r->n = 0;
    r->truncated = false;
    if (len >= UINT32_MAX)
        return GUARD_ETOOBIG;
    if (!guard_fold_text(&r->fold, text, len))
        return GUARD_ENOMEM;
    enum guard_err e = guard_matcher_scan(g->m, &r->fold, &r->scan);
    if (e != GUARD_OK)
        return e;
    size_t nnames, nterms;
    if (!collect_spans(r, &nnames, &nterms) || !roster_findings(g, r, nterms))
        return GUARD_ENOMEM;
    prune_names(r);
    if (r->n > g->max_findings) {
        r->n = g->max_findings;
        r->truncated = true;
    }
    if (!pattern_findings(g, r, text, len, nnames))
        return GUARD_ENOMEM;
    if (r->n > 1)
        qsort(r->finding, r->n, sizeof *r->finding, finding_cmp);
    return GUARD_OK;
}

void guard_result_free(struct guard_result *r)
{
    free(r->finding);
    free(r->names);
    free(r->terms);
    guard_fold_free(&r->fold);
    guard_scan_free(&r->scan);
    memset(r, 0, sizeof *r);
}
