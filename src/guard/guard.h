/* The student-privacy guard: checks a text against the district's roster
 * and patterns and returns findings (what, where, how sure, how severe).
 * It decides severity and confidence; what to do with a finding (refuse,
 * hold for review, warn) is policy's, in core. Built once per roster, then
 * read-only: many threads may check at once, each with its own result. */
#ifndef GUARD_GUARD_H
#define GUARD_GUARD_H

#include "guard/matcher.h"
#include "guard/patterns.h"

enum guard_rule {
    GUARD_RULE_STUDENT_NAME,
    GUARD_RULE_STUDENT_NUMBER, /* a roster student number */
    GUARD_RULE_ID_PATTERN,     /* shaped like a student number, not on the roster */
    GUARD_RULE_SSN,
    GUARD_RULE_DOB,
    GUARD_RULE__MAX
};

enum guard_severity { GUARD_SEV_INFO, GUARD_SEV_LOW, GUARD_SEV_MEDIUM, GUARD_SEV_HIGH };

const char *guard_rule_str(enum guard_rule r);
const char *guard_severity_str(enum guard_severity s);

struct guard_finding {
    enum guard_rule rule;
    enum guard_severity severity;
    uint32_t start, end; /* original byte span */
    double confidence;   /* 0..1 */
    int64_t student_id;  /* names and numbers; 0 otherwise */
    enum guard_form form;
    const char *key; /* a stable explanation key, e.g. "student_name_sensitive" */
    bool has_term;   /* a sensitive term stands near: its span and index */
    uint32_t term_start, term_end, term_index;
};

struct guard_config {
    const char *const *id_patterns; /* student-number shapes, see patterns.h */
    size_t n_id_patterns;
    const char *const *terms; /* sensitive terms; NULL = guard_default_terms */
    size_t n_terms;
    int ref_year;         /* for date-of-birth plausibility; 0 = this year */
    int min_age, max_age; /* 0 = 2 and 25 */
    unsigned proximity;   /* words between a name and a term; 0 = 10 */
    size_t max_findings;  /* 0 = 1000 */
};

extern const char *const guard_default_terms[];
extern const size_t guard_default_nterms;

struct guard;

/* Builds the guard. Fails with GUARD_EINVAL on an invalid ID pattern. */
enum guard_err guard_open(const struct guard_config *cfg, const struct guard_student *students,
                          size_t nstudents, const struct guard_person *staff, size_t nstaff,
                          struct guard **out);
void guard_close(struct guard *g);
const struct guard_matcher *guard_matcher(const struct guard *g);

struct guard_span {
    uint32_t t0, t1, index;
};

/* Reusable per-caller state and the findings of the last check (zero it
 * before first use, free with guard_result_free). */
struct guard_result {
    struct guard_finding *finding;
    size_t n, cap;
    bool truncated; /* more findings than max_findings */
    struct guard_fold fold;
    struct guard_scan scan;
    struct guard_span *names, *terms; /* scratch: token spans */
    size_t names_cap, terms_cap;
};

/* Checks text[0..len) (UTF-8). Findings are ordered by start offset. */
enum guard_err guard_check(const struct guard *g, const char *text, size_t len,
                           struct guard_result *r);
void guard_result_free(struct guard_result *r);

#endif
