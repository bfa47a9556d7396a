/* E-mail: people's e-mail settings, what a notification e-mail and the
 * daily digest say, the digest's one-click unsubscribe, and the job
 * handlers that send them (core/jobs runs them). SMTP is util/smtp's, the
 * message format util/mime's.
 *
 * Who gets what:
 *   - nobody without an address (users.email) or who is deactivated;
 *   - notification e-mails follow the in-app rules (a notification exists
 *     only for someone who should hear of it) and then the person's
 *     `notifications` setting: `off` sends nothing, `important` (the
 *     default) sends important announcements and their reminders and what
 *     reaches a person even from a group set to off (mentions, replies,
 *     invitations, approvals, join requests), `all` sends every one;
 *   - a notification already read in the app is not e-mailed (except an
 *     important announcement or reminder, which always is);
 *   - the daily digest (on by default, at 7:00 district time): unread
 *     notifications and new posts of the person's groups from the last 24
 *     hours, skipped when there is nothing; it carries a List-Unsubscribe
 *     link that turns the digest off without signing in;
 *   - everything is judged again when the e-mail is sent: settings, the
 *     address, and through core/perm whether the person may still read
 *     what it is about; otherwise the job ends as skipped.
 * With e-mail off (no smtp_url) no e-mail job is written, and jobs left
 * from before end as skipped. */
#ifndef CORE_MAIL_H
#define CORE_MAIL_H

#include "core/jobs.h"
#include "util/smtp.h"

enum mail_notify { MAIL_NOTIFY_OFF, MAIL_NOTIFY_IMPORTANT, MAIL_NOTIFY_ALL, MAIL_NOTIFY__MAX };

#define MAIL_NOTIFY_DEFAULT      MAIL_NOTIFY_IMPORTANT
#define MAIL_DIGEST_DEFAULT      true
#define MAIL_DIGEST_HOUR_DEFAULT 7
#define MAIL_DIGEST_NOTES_MAX    20
#define MAIL_DIGEST_POSTS_MAX    10
#define MAIL_EXCERPT_CHARS       1000
#define MAIL_UNSUB_TOKEN_MAX     64

const char *mail_notify_str(enum mail_notify n);
int mail_notify_parse(const char *s, enum mail_notify *out);

/* The process's e-mail configuration, set once at start-up (before any
 * thread reads it) and read-only afterwards. Strings are the caller's and
 * must outlive the process's use of them. */
struct mail_config {
    bool enabled; /* an smtp_url is configured */
    struct smtp_config smtp;
    const char *from;     /* envelope and From: address */
    const char *base_url; /* links: https://staffroom.district.org (no trailing slash) */
    const char *timezone; /* the district's time zone, for digests ("" = the system's) */
    const char *host;     /* Message-ID domain */
};
void mail_configure(const struct mail_config *c);
const struct mail_config *mail_config(void);
/* Records in the database whether this district sends e-mail (so that the
 * store's notification trigger writes e-mail jobs) and queues the next
 * digest sweep when it does. */
enum store_err mail_start(struct store *s, int64_t now);

/* ---- settings ---- */

struct mail_settings {
    const char *address; /* NULL: the person has none */
    enum mail_notify notify;
    bool digest;
    int digest_hour; /* 0-23 */
};
enum core_err mail_settings_get(struct store *s, struct arena *a, const struct viewer *v,
                                struct mail_settings *out, struct fail *f);
/* Changes what is given (NULL: unchanged); digest_hour must be 0-23. */
enum core_err mail_settings_set(struct store *s, struct arena *a, const struct viewer *v,
                                const enum mail_notify *notify, const bool *digest,
                                const int64_t *digest_hour, struct mail_settings *out,
                                struct fail *f);

/* The digest's unsubscribe token for user_id (no sign-in needed to use it):
 * "<id>.<base64url HMAC-SHA256 of the id under the district's key>". */
enum store_err mail_unsub_token(struct store *s, int64_t user_id, char out[MAIL_UNSUB_TOKEN_MAX]);
/* Turns the digest off for the token's person; NOTFOUND for a bad token. */
enum core_err mail_unsubscribe(struct store *s, struct arena *a, const char *token, struct fail *f);

/* ---- local time, for the digest ---- */

/* The start of the district-local hour holding t (ms), its hour (0-23)
 * and its day as YYYYMMDD. */
int64_t mail_hour_start(int64_t t, int *hour, int64_t *day);

/* ---- job handlers (core/jobs) ---- */

job_fn mail_job_notification;
job_fn mail_job_digest;
job_fn mail_job_sweep;
job_fn mail_job_publish_failed;

#endif
