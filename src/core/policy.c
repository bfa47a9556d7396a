/* The student-privacy policy table and its defaults (see policy.h). */
#include "core/policy.h"

#include <stdio.h>
#include <string.h>

static const char *const rule_names[POLICY_RULE__MAX] = {
    [POLICY_STUDENT_NAME] = "student_name",
    [POLICY_STUDENT_ID] = "student_id",
    [POLICY_SSN] = "ssn",
    [POLICY_DOB] = "dob",
    [POLICY_SENSITIVE] = "sensitive",
    [POLICY_MEDIA_CONSENT] = "media_consent",
    [POLICY_PROFANITY] = "profanity",
    [POLICY_SLUR] = "slur",
    [POLICY_HARASSMENT] = "harassment",
    [POLICY_THREAT] = "threat",
};

static const char *const audience_names[POLICY_AUDIENCE__MAX] = {
    [POLICY_SECRET] = "secret", [POLICY_CLOSED] = "closed", [POLICY_OPEN] = "open"};

static const char *const action_names[POLICY_ACTION__MAX] = {[POLICY_ALLOW] = "allow",
                                                             [POLICY_WARN] = "warn",
                                                             [POLICY_HOLD] = "hold",
                                                             [POLICY_BLOCK] = "block"};

/* The district's defaults. Student PII in an open group reaches every
 * member of the district: held until a monitor has looked at it (a name may
 * be a coincidence the guard can't rule out; a monitor can). In a closed or
 * secret group it reaches the members only, and staff there may have a
 * reason (a grade team planning support): a warning the author must confirm
 * with a reason, which is recorded. A student's name next to a sensitive
 * term (an IEP, a discipline matter) is an education record: held in a
 * closed group, blocked in an open one. An SSN is never posted. A photo
 * needs every child's media consent on file: a student whose family
 * refused it is never posted with a photo (policy_weigh); one whose form
 * is not on file, or a photo its author says shows students, is treated as
 * a student's name is. */
#define W POLICY_WARN
#define H POLICY_HOLD
#define B POLICY_BLOCK
static const enum policy_action defaults[POLICY_RULE__MAX][POLICY_AUDIENCE__MAX] = {
    /*                      secret closed open */
    [POLICY_STUDENT_NAME] = {W, W, H},
    [POLICY_STUDENT_ID] = {W, W, H},
    [POLICY_SSN] = {B, B, B},
    [POLICY_DOB] = {W, W, H},
    [POLICY_SENSITIVE] = {W, H, B},
    [POLICY_MEDIA_CONSENT] = {W, W, H},
    /* think before you post: the author is asked to reconsider */
    [POLICY_PROFANITY] = {W, W, W},
    [POLICY_SLUR] = {W, W, W},
    [POLICY_HARASSMENT] = {W, W, W},
    [POLICY_THREAT] = {W, W, W},
};
#undef W
#undef H
#undef B

static enum policy_action table[POLICY_RULE__MAX][POLICY_AUDIENCE__MAX];
static bool table_set;

static const enum policy_action (*current(void))[POLICY_AUDIENCE__MAX]
{
    return table_set ? (const enum policy_action(*)[POLICY_AUDIENCE__MAX])table : defaults;
}

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
    [POLICY_MEDIA_CONSENT] =
        "This post has a photo, and a student it names or shows may not have a media consent "
        "form on file. The district's social media guidelines say that if images of students "
        "are posted there must be a photo/media consent form on file at the school for each "
        "child featured; a family that refused consent is never posted with a photo.",
    [POLICY_PROFANITY] =
        "This may read as profanity. The district's social media guidelines ask staff to "
        "communicate professionally and prohibit obscene language (OKCPS guidelines h.). "
        "Think before you post.",
    [POLICY_SLUR] = "This is a slur. The district's social media guidelines prohibit "
                    "discriminatory language; offensive language and discrimination should have "
                    "no place anywhere (OUSD guidelines). Think before you post.",
    [POLICY_HARASSMENT] =
        "This may read as harassing or demeaning someone. The district's social media "
        "guidelines prohibit harassing language and ask staff to treat colleagues with "
        "respect (OKCPS guidelines h.). Think before you post.",
    [POLICY_THREAT] = "This may read as a threat. The district's social media guidelines "
                      "prohibit threatening language; threats of violence should have no place "
                      "anywhere (OUSD guidelines). Think before you post.",
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

enum policy_rule policy_rule_of_language(enum lexicon_category c)
{
    switch (c) {
    case LEXICON_SLUR:
        return POLICY_SLUR;
    case LEXICON_HARASSMENT:
        return POLICY_HARASSMENT;
    case LEXICON_THREAT:
        return POLICY_THREAT;
    default:
        return POLICY_PROFANITY;
    }
}

bool policy_rule_is_language(enum policy_rule r)
{
    return r == POLICY_PROFANITY || r == POLICY_SLUR || r == POLICY_HARASSMENT ||
           r == POLICY_THREAT;
}

enum policy_action policy_table(enum policy_rule r, enum policy_audience a)
{
    if ((unsigned)r >= POLICY_RULE__MAX || (unsigned)a >= POLICY_AUDIENCE__MAX)
        return POLICY_BLOCK;
    return current()[r][a];
}

static int parse(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (names[i] && strcmp(names[i], s) == 0)
            return i;
    return -1;
}

int policy_rule_parse(const char *s)
{
    return parse(rule_names, POLICY_RULE__MAX, s);
}

int policy_action_parse(const char *s)
{
    return parse(action_names, POLICY_ACTION__MAX, s);
}

int policy_configure(enum policy_rule r, const char *actions, char *err, size_t errlen)
{
    if ((unsigned)r >= POLICY_RULE__MAX) {
        snprintf(err, errlen, "unknown policy rule");
        return -1;
    }
    enum policy_action got[POLICY_AUDIENCE__MAX];
    size_t n = 0;
    const char *p = actions;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (!*p)
            break;
        size_t len = strcspn(p, " \t,");
        char word[16];
        int act = -1;
        if (len < sizeof word) {
            memcpy(word, p, len);
            word[len] = 0;
            act = policy_action_parse(word);
        }
        if (act < 0 || n == POLICY_AUDIENCE__MAX) {
            snprintf(err, errlen,
                     act < 0 ? "policy_%s: \"%.*s\" is not allow, warn, hold or block"
                             : "policy_%s: at most one action for each of secret, closed, open",
                     rule_names[r], (int)(len > 32 ? 32 : len), p);
            return -1;
        }
        got[n++] = (enum policy_action)act;
        p += len;
    }
    if (n != 1 && n != POLICY_AUDIENCE__MAX) {
        snprintf(err, errlen,
                 "policy_%s: give one action, or three (secret, closed and open groups)",
                 rule_names[r]);
        return -1;
    }
    for (size_t i = 1; n == 1 && i < POLICY_AUDIENCE__MAX; i++)
        got[i] = got[0];
    for (size_t i = 0; r == POLICY_SSN && i < POLICY_AUDIENCE__MAX; i++)
        if (got[i] == POLICY_ALLOW) {
            snprintf(err, errlen, "policy_ssn: a Social Security number can't be allowed");
            return -1;
        }
    if (!table_set) {
        memcpy(table, defaults, sizeof table);
        table_set = true;
    }
    memcpy(table[r], got, sizeof got);
    return 0;
}

void policy_reset(void)
{
    table_set = false;
}

enum policy_action policy_weigh(enum policy_rule r, enum guard_severity sev, enum policy_audience a)
{
    enum policy_action act = policy_table(r, a);
    if (r == POLICY_SSN)
        return act;
    if (r == POLICY_MEDIA_CONSENT && sev >= GUARD_SEV_HIGH) /* consent refused */
        return POLICY_BLOCK;
    /* a word that is usually innocent ("hell", "Moby Dick") is not worth asking about */
    if (policy_rule_is_language(r) && sev <= GUARD_SEV_LOW)
        return POLICY_ALLOW;
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
