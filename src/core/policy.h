/* The student-privacy policy: what staffroom does with each kind of finding
 * of the privacy guard (guard/guard.h) in each kind of group. A table of
 * rule x audience -> allow | warn | block, with the district's defaults in
 * code, drawn from its social-media guidelines: personally identifiable
 * student information must not be posted (FERPA; OKCPS guidelines B.3.i),
 * and "before sharing something sensitive, consider the group's permissions
 * and members". Holding a post for a monitor's review is not an action yet:
 * it needs the monitor queue. It owns the decision, not the findings (guard)
 * nor what is stored (core/privacy). */
#ifndef CORE_POLICY_H
#define CORE_POLICY_H

#include "guard/guard.h"
#include "store/store.h"

enum policy_rule {
    POLICY_STUDENT_NAME, /* a student's name */
    POLICY_STUDENT_ID,   /* a roster student number, or a number shaped like one */
    POLICY_SSN,          /* a Social Security number */
    POLICY_DOB,          /* a date that may be a date of birth */
    POLICY_SENSITIVE,    /* a student's name with a sensitive term near it (IEP, discipline...) */
    POLICY_RULE__MAX
};

enum policy_audience { POLICY_SECRET, POLICY_CLOSED, POLICY_OPEN, POLICY_AUDIENCE__MAX };

/* Ordered: the strongest action of a text's findings is its outcome. */
enum policy_action { POLICY_ALLOW, POLICY_WARN, POLICY_BLOCK, POLICY_ACTION__MAX };

const char *policy_rule_str(enum policy_rule r);
const char *policy_audience_str(enum policy_audience a);
const char *policy_action_str(enum policy_action a);

/* The audience of a group of this privacy. */
enum policy_audience policy_audience_of(enum privacy p);
/* The policy rule a guard finding falls under. */
enum policy_rule policy_rule_of(const struct guard_finding *f);
/* The table's action, before the finding's severity is weighed. */
enum policy_action policy_table(enum policy_rule r, enum policy_audience a);
/* The action for a finding of rule r and severity sev in audience a: the
 * table's, except that an informational finding (a date that is probably
 * not a birthday) is allowed and a low-severity one (a name a staff member
 * also has, a rarely written form) is at most a warning. SSNs are blocked
 * at any severity. */
enum policy_action policy_weigh(enum policy_rule r, enum guard_severity sev,
                                enum policy_audience a);
/* The action for one finding in one audience (policy_weigh of its rule). */
enum policy_action policy_decide(const struct guard_finding *f, enum policy_audience a);
/* A sentence for the author citing the guideline behind a finding's rule. */
const char *policy_explanation(enum policy_rule r);

#endif
