/* The student-privacy policy table and its defaults (see policy.h). */
#include "core/policy.h"

static const char *const rule_names[POLICY_RULE__MAX] = {
    [POLICY_STUDENT_NAME] = "student_name",
    [POLICY_STUDENT_ID] = "student_id",
    [POLICY_SSN] = "ssn",
    [POLICY_DOB] = "dob",
    [POLICY_SENSITIVE] = "sensitive",
};

static const char *const audience_names[POLICY_AUDIENCE__MAX] = {
    [POLICY_SECRET] = "secret", [POLICY_CLOSED] = "closed", [POLICY_OPEN] = "open"};

static const char *const action_names[POLICY_ACTION__MAX] = {
    [POLICY_ALLOW] = "allow", [POLICY_WARN] = "warn", [POLICY_BLOCK] = "block"};

/* The district's defaults. Student PII reaches every member of the district
 * in an open group: blocked. In a closed or secret group it reaches the
 * members only, and staff there may have a reason (a grade team planning
 * support): a warning the author must confirm with a reason, which is
 * recorded. A student's name next to a sensitive term (an IEP, a discipline
 * matter) is an education record: blocked outside a secret group. An SSN is
 * never posted. */
#define A POLICY_ALLOW
#define W POLICY_WARN
#define B POLICY_BLOCK
static const enum policy_action table[POLICY_RULE__MAX][POLICY_AUDIENCE__MAX] = {
    /*                      secret closed open */
    [POLICY_STUDENT_NAME] = {W, W, B}, [POLICY_STUDENT_ID] = {W, W, B}, [POLICY_SSN] = {B, B, B},
    [POLICY_DOB] = {W, W, B},          [POLICY_SENSITIVE] = {W, B, B},
};
#undef A
#undef W
#undef B

static const char *const explanations[POLICY_RULE__MAX] = {
    [POLICY_STUDENT_NAME] =
        "This looks like a student's name. The district's social media guidelines say "
        "personally identifiable student information must not be posted (FERPA); consider "
        "the group's permissions and members before sharing anything about a student.",
    [POLICY_STUDENT_ID] =
        "This looks like a student number. The district's social media guidelines say "
        "personally identifiable student information must not be posted (FERPA).",
    [POLICY_SSN] = "This looks like a Social Security number. The district's social media "
                   "guidelines forbid disclosing confidential information; an SSN is never "
                   "posted.",
    [POLICY_DOB] = "This looks like a date of birth. The district's social media guidelines say "
                   "personally identifiable student information must not be posted (FERPA).",
    [POLICY_SENSITIVE] =
        "A student's name appears next to sensitive information (for example an IEP, "
        "discipline or health). The district's social media guidelines say confidential "
        "student information and education records must not be posted (FERPA).",
};

const char *policy_rule_str(enum policy_rule r)
{
    return (unsigned)r < POLICY_RULE__MAX ? rule_names[r] : "?";
}

const char *policy_audience_str(enum policy_audience a)
{
    return (unsigned)a < POLICY_AUDIENCE__MAX ? audience_names[a] : "?";
}

const char *policy_action_str(enum policy_action a)
{
    return (unsigned)a < POLICY_ACTION__MAX ? action_names[a] : "?";
}

enum policy_audience policy_audience_of(enum privacy p)
{
    switch (p) {
    case PRIVACY_SECRET:
        return POLICY_SECRET;
    case PRIVACY_CLOSED:
        return POLICY_CLOSED;
    default: /* open, or unknown: the widest audience */
        return POLICY_OPEN;
    }
}

enum policy_rule policy_rule_of(const struct guard_finding *f)
{
    switch (f->rule) {
    case GUARD_RULE_STUDENT_NAME:
        return f->has_term ? POLICY_SENSITIVE : POLICY_STUDENT_NAME;
    case GUARD_RULE_SSN:
        return POLICY_SSN;
    case GUARD_RULE_DOB:
        return POLICY_DOB;
    default:
        return POLICY_STUDENT_ID;
    }
}

enum policy_action policy_table(enum policy_rule r, enum policy_audience a)
{
    if ((unsigned)r >= POLICY_RULE__MAX || (unsigned)a >= POLICY_AUDIENCE__MAX)
        return POLICY_BLOCK;
    return table[r][a];
}

enum policy_action policy_weigh(enum policy_rule r, enum guard_severity sev, enum policy_audience a)
{
    enum policy_action act = policy_table(r, a);
    if (r == POLICY_SSN)
        return act;
    if (sev <= GUARD_SEV_INFO)
        return POLICY_ALLOW;
    if (sev == GUARD_SEV_LOW && act > POLICY_WARN)
        return POLICY_WARN;
    return act;
}

enum policy_action policy_decide(const struct guard_finding *f, enum policy_audience a)
{
    return policy_weigh(policy_rule_of(f), f->severity, a);
}

const char *policy_explanation(enum policy_rule r)
{
    return (unsigned)r < POLICY_RULE__MAX ? explanations[r] : "";
}
