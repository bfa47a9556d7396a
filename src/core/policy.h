/* The student-privacy policy: what staffroom does with each kind of finding
 * of the privacy guard (guard/guard.h) in each kind of group. A table of
 * rule x audience -> allow | warn | block, with the district's defaults in
 * code, drawn from its social-media guidelines: personally identifiable
 * student information must not be posted (FERPA; OKCPS guidelines B.3.i),
 * and "before sharing something sensitive, consider the group's permissions
 * and members". Its defaults can be changed per rule and audience by the
 * district (config keys policy_<rule>). It owns the decision, not the
 * findings (guard) nor what is stored (core/privacy), nor the queue of what
 * is held for review (core/review). */
#ifndef CORE_POLICY_H
#define CORE_POLICY_H

#include "guard/guard.h"
#include "guard/lexicon.h"
#include "store/store.h"

enum policy_rule {
    POLICY_STUDENT_NAME,  /* a student's name */
    POLICY_STUDENT_ID,    /* a roster student number, or a number shaped like one */
    POLICY_SSN,           /* a Social Security number */
    POLICY_DOB,           /* a date that may be a date of birth */
    POLICY_SENSITIVE,     /* a student's name with a sensitive term near it (IEP, discipline...) */
    POLICY_MEDIA_CONSENT, /* a photo with students in it, or naming one, without consent on file */
    /* think before you post: the professional-language lists (guard/lexicon) */
    POLICY_PROFANITY,
    POLICY_SLUR,
    POLICY_HARASSMENT,
    POLICY_THREAT,
    POLICY_RULE__MAX
};

enum policy_audience { POLICY_SECRET, POLICY_CLOSED, POLICY_OPEN, POLICY_AUDIENCE__MAX };

/* Ordered: the strongest action of a text's findings is its outcome.
 * allow: published; warn: published once the author confirms with a
 * reason; hold: kept from everyone but its author until a monitor releases
 * it (core/review); block: refused. */
enum policy_action { POLICY_ALLOW, POLICY_WARN, POLICY_HOLD, POLICY_BLOCK, POLICY_ACTION__MAX };

const char *policy_rule_str(enum policy_rule r);
const char *policy_audience_str(enum policy_audience a);
const char *policy_action_str(enum policy_action a);

/* The audience of a group of this privacy. */
enum policy_audience policy_audience_of(enum privacy p);
/* The policy rule a guard finding falls under. */
enum policy_rule policy_rule_of(const struct guard_finding *f);
/* The rule of a professional-language finding of category c. */
enum policy_rule policy_rule_of_language(enum lexicon_category c);
bool policy_rule_is_language(enum policy_rule r);
/* The table's action, before the finding's severity is weighed. */
enum policy_action policy_table(enum policy_rule r, enum policy_audience a);
/* Parses a rule, an audience or an action name; -1 when s names none. */
int policy_rule_parse(const char *s);
int policy_action_parse(const char *s);
/* Sets one rule's actions from "SECRET CLOSED OPEN" (e.g. "warn warn hold")
 * or one action for every audience ("block"). An SSN can't be allowed.
 * Returns 0, or -1 with a message in err. Called at start-up, before any
 * check (the table is read without a lock). */
int policy_configure(enum policy_rule r, const char *actions, char *err, size_t errlen);
/* Puts the district's defaults back (tests). */
void policy_reset(void);
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
