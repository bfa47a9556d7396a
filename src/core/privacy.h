/* Student privacy at the moment of writing: the process-wide privacy guard
 * (built from the store's roster and staff, swapped whole when rebuilt),
 * the check of a text against it under core/policy, the refusal the author
 * sees, and the records every finding and override leave in the store. It
 * owns the guard's lifetime and the enforcement; the findings are
 * guard/guard's, the table core/policy's, the storage store_guard.h's.
 * Nothing here logs a text, a student's name or a student's number. */
#ifndef CORE_PRIVACY_H
#define CORE_PRIVACY_H

#include "core/core.h"
#include "core/policy.h"
#include "store/store_guard.h"
#include "store/store_media.h"

#define PRIVACY_REASON_MAX     500 /* characters of an override's reason */
#define PRIVACY_CHECKS_PER_MIN 60  /* dry-run checks per person per minute */

/* Builds a new guard from the store's active students and active staff and
 * makes it the current one; readers still using the old one finish with
 * it. With an empty roster only the patterns (SSN, dates) apply. On failure
 * the current guard stays. *students (unless NULL) is the roster's size.
 * s must not be in a transaction. */
enum core_err privacy_reload(struct store *s, size_t *students, struct fail *f);
/* Where privacy_reload reads the professional-language lists (lexicon
 * files, see share/lexicon/README.md); NULL or "" for the lists built into
 * the program. Set before the first reload. */
void privacy_set_lexicon_dir(const char *dir);
/* The first load at start-up runs while the server already answers:
 * privacy_expect_load() (before the server starts) makes every check wait
 * for it, up to PRIVACY_LOAD_WAIT_S seconds, then refuse with
 * guard_unavailable; privacy_load_failed() makes them refuse at once. A
 * check never runs against a roster that is not loaded yet. */
#define PRIVACY_LOAD_WAIT_S 30
void privacy_expect_load(void);
void privacy_load_failed(void);
/* Drops the current guard (at shutdown). */
void privacy_shutdown(void);

struct privacy_finding {
    enum policy_rule rule;
    enum guard_severity severity;
    enum policy_action action;
    uint32_t start, end; /* byte span in the checked text */
    int64_t student_id;  /* the roster row, or 0: for the record, never for the author */
    int64_t image_id;    /* 0: the span is in the body; else in that image's caption, or
                            (media_consent, empty span) about that photo */
};

/* What a check found: the findings that are not allowed (action warn or
 * block), and the strongest action, in a's memory. */
struct privacy_report {
    struct privacy_finding *finding;
    size_t n;
    enum policy_action outcome;
};

/* Checks text for a group of privacy p. */
enum core_err privacy_check(struct arena *a, const char *text, enum privacy p,
                            struct privacy_report *out, struct fail *f);
/* Checks a post with its images: the text, each image's caption (findings
 * carry the image's id), and media consent (OKCPS guidelines i.): with an
 * image attached, a named student whose consent is refused (high) or not
 * on file (medium); an image its author says shows students (medium: the
 * author confirms every child shown has a form on file, or in an open group
 * a monitor looks first). */
enum core_err privacy_check_media(struct store *s, struct arena *a, const char *text,
                                  const struct media *imgs, size_t n_imgs, enum privacy p,
                                  struct privacy_report *out, struct fail *f);
/* Decides r's findings again for another audience (the group changed). */
void privacy_decide(struct privacy_report *r, enum privacy p);

/* A write's screening: the author's confirmation in (NULL: none), what was
 * found out, for the refusal's body, and, when the policy held the text for
 * a monitor's review instead of publishing it, the review (core/review). */
struct privacy_screen {
    const char *confirm_reason;
    const struct media *images; /* in: the post's images (core/post loads them) */
    size_t n_images;
    struct privacy_report report;
    int64_t review_id; /* out: held, nothing was published */
};

/* Checks an override's reason: 1 to PRIVACY_REASON_MAX characters, one line. */
enum core_err privacy_reason_check(const char *reason, struct fail *f);
/* Whether the report lets the text be published with this confirmation (NULL:
 * none): CORE_OK, or CORE_INVALID with code student_privacy (blocked) or
 * confirmation_required (a warning the author has not confirmed). */
enum core_err privacy_enforce(const struct privacy_report *r, const char *reason, struct fail *f);

/* privacy_enforce for a text that can't wait for a monitor (a group's name
 * or purpose, seen the moment it is saved): hold refuses as block does,
 * saying why. */
enum core_err privacy_enforce_now(const struct privacy_report *r, const char *reason,
                                  struct fail *f);

/* Records a published text's findings (nothing when there are none), inside
 * the caller's write transaction: an override when the report warned and a
 * reason was given. */
enum store_err privacy_record(struct store *s, const struct viewer *v, enum guard_content c,
                              int64_t group_id, int64_t post_id, int64_t comment_id,
                              const struct privacy_report *r, const char *reason, int64_t now);
/* Records the findings of a text held for review (outcome held), inside the
 * caller's write transaction; *record_id is the record. */
enum store_err privacy_record_held(struct store *s, const struct viewer *v, enum guard_content c,
                                   int64_t group_id, int64_t post_id,
                                   const struct privacy_report *r, const char *reason, int64_t now,
                                   int64_t *record_id);
/* Records a refused text's findings in a transaction of its own (s must not
 * be in one); failures are logged. */
void privacy_record_refusal(struct store *s, const struct viewer *v, enum guard_content c,
                            int64_t group_id, int64_t post_id, const struct privacy_report *r,
                            int64_t now);

/* The composer's dry run: checks body for the group as publishing would,
 * stores nothing. NOTFOUND for a group the viewer cannot see; THROTTLED
 * past PRIVACY_CHECKS_PER_MIN a minute (retry_after_s set). */
enum core_err privacy_dry_run(struct store *s, struct arena *a, const struct viewer *v,
                              int64_t group_id, const char *body, struct privacy_report *out,
                              struct fail *f);
/* The same with the viewer's not yet posted images (captions, consent). */
enum core_err privacy_dry_run_media(struct store *s, struct arena *a, const struct viewer *v,
                                    int64_t group_id, const char *body, const int64_t *image_ids,
                                    size_t n_images, struct privacy_report *out, struct fail *f);

#endif
