/* E-mail: settings, the notification e-mail and the daily digest, the
 * unsubscribe token, and their job handlers (the rules in words are in
 * mail.h). Text put into the HTML part goes through mime_html_escape. */
#include "core/mail.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/draft.h"
#include "core/notify.h"
#include "core/perm.h"
#include "util/log.h"
#include "util/mime.h"
#include "util/utf8.h"

/* schema.c's notifications_mail trigger sends these kinds at level
 * `important`: (0, 2, 5, 6, 7, 9, 10). */
_Static_assert(NOTIFY_MENTION == 0 && NOTIFY_REPLY == 2 && NOTIFY_JOIN_REQUEST == 5 &&
                   NOTIFY_REQUEST_APPROVED == 6 && NOTIFY_INVITATION == 7 &&
                   NOTIFY_IMPORTANT == 9 && NOTIFY_NUDGE == 10 && NOTIFY_REVIEW_RELEASED == 11 &&
                   NOTIFY_REVIEW_REJECTED == 12,
               "schema.c's notifications_mail trigger lists these kinds");
_Static_assert(MAIL_NOTIFY_DEFAULT == 1 && MAIL_DIGEST_DEFAULT,
               "schema.c's trigger and DIGEST_ENQUEUE assume these defaults");

#define DAY_MS     (24LL * 3600 * 1000)
#define HOUR_MS    (3600LL * 1000)
#define MAIL_MAX   (1024 * 1024)
#define SWEEP_LATE (6 * HOUR_MS) /* an hour's digests older than this are not sent */

static struct mail_config cfg = {
    .from = "staffroom@localhost", .base_url = "", .host = "localhost"};

void mail_configure(const struct mail_config *c)
{
    cfg = *c;
}

const struct mail_config *mail_config(void)
{
    return &cfg;
}

static const char *const notify_names[MAIL_NOTIFY__MAX] = {"off", "important", "all"};

const char *mail_notify_str(enum mail_notify n)
{
    return (unsigned)n < MAIL_NOTIFY__MAX ? notify_names[n] : "unknown";
}

int mail_notify_parse(const char *s, enum mail_notify *out)
{
    for (int i = 0; s && i < MAIL_NOTIFY__MAX; i++) {
        if (strcmp(notify_names[i], s) == 0) {
            *out = (enum mail_notify)i;
            return 0;
        }
    }
    return -1;
}

/* Whether level `important` e-mails this kind (the trigger's list). */
static bool kind_important(int kind)
{
    switch (kind) {
    case NOTIFY_MENTION:
    case NOTIFY_REPLY:
    case NOTIFY_JOIN_REQUEST:
    case NOTIFY_REQUEST_APPROVED:
    case NOTIFY_INVITATION:
    case NOTIFY_IMPORTANT:
    case NOTIFY_NUDGE:
    case NOTIFY_REVIEW_RELEASED:
    case NOTIFY_REVIEW_REJECTED:
        return true;
    default:
        return false;
    }
}

static bool kind_announcement(int kind)
{
    return kind == NOTIFY_IMPORTANT || kind == NOTIFY_NUDGE;
}

int64_t mail_hour_start(int64_t t, int *hour, int64_t *day)
{
    time_t sec = (time_t)(t / 1000);
    struct tm tm;
    localtime_r(&sec, &tm);
    if (hour)
        *hour = tm.tm_hour;
    if (day)
        *day = (int64_t)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    return (int64_t)(sec - tm.tm_min * 60 - tm.tm_sec) * 1000;
}

enum store_err mail_start(struct store *s, int64_t now)
{
    enum store_err e = store_begin_write(s);
    if (e)
        return e;
    e = store_mail_enable(s, cfg.enabled);
    if (!e && cfg.enabled) {
        int64_t hs = mail_hour_start(now, NULL, NULL);
        e = store_job_add(s, JOB_DIGEST_SWEEP, 0, hs, now, now);
    }
    if (e) {
        store_rollback(s);
        return e;
    }
    return store_commit(s);
}

/* ---- settings ---- */

static enum store_err settings_load(struct store *s, struct arena *a, int64_t user_id,
                                    struct user *u, struct mail_settings *out)
{
    enum store_err e = store_user_get(s, a, user_id, u);
    if (e)
        return e;
    struct email_settings es = {MAIL_NOTIFY_DEFAULT, MAIL_DIGEST_DEFAULT, MAIL_DIGEST_HOUR_DEFAULT};
    bool found;
    e = store_email_settings_get(s, user_id, &es, &found);
    out->address = u->email;
    out->notify =
        (unsigned)es.notify < MAIL_NOTIFY__MAX ? (enum mail_notify)es.notify : MAIL_NOTIFY_DEFAULT;
    out->digest = es.digest;
    out->digest_hour = es.digest_hour;
    return e;
}

enum core_err mail_settings_get(struct store *s, struct arena *a, const struct viewer *v,
                                struct mail_settings *out, struct fail *f)
{
    struct user u;
    return core_store_fail(f, settings_load(s, a, v->id, &u, out));
}

enum core_err mail_settings_set(struct store *s, struct arena *a, const struct viewer *v,
                                const enum mail_notify *notify, const bool *digest,
                                const int64_t *digest_hour, struct mail_settings *out,
                                struct fail *f)
{
    if (notify && (unsigned)*notify >= MAIL_NOTIFY__MAX)
        return core_fail(f, CORE_INVALID, "invalid_notifications",
                         "notifications is off, important or all.", "notifications");
    if (digest_hour && (*digest_hour < 0 || *digest_hour > 23))
        return core_fail(f, CORE_INVALID, "invalid_hour",
                         "digest_hour is an hour of the day, 0 to 23.", "digest_hour");
    int64_t now = core_now_ms();
    struct user u;
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    e = settings_load(s, a, v->id, &u, out);
    if (e)
        return core_finish(s, core_store_fail(f, e), f);
    if (notify)
        out->notify = *notify;
    if (digest)
        out->digest = *digest;
    if (digest_hour)
        out->digest_hour = (int)*digest_hour;
    struct email_settings es = {out->notify, out->digest, out->digest_hour};
    e = store_email_settings_set(s, v->id, &es, now);
    /* A digest set to this very hour starts today, not tomorrow (once a
     * day at most: a digest job is unique per person and day). */
    int hour;
    int64_t day;
    mail_hour_start(now, &hour, &day);
    if (!e && cfg.enabled && out->digest && out->digest_hour == hour && u.email)
        e = store_job_add(s, JOB_DIGEST, v->id, day, now, now);
    return core_finish(s, core_store_fail(f, e), f);
}

/* ---- the unsubscribe token ---- */

static void token_mac(const unsigned char key[MAIL_KEY_LEN], int64_t user_id, char *out, size_t n)
{
    char msg[64];
    int len = snprintf(msg, sizeof msg, "digest-unsubscribe:%lld", (long long)user_id);
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, key, MAIL_KEY_LEN);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, (unsigned long long)len);
    crypto_auth_hmacsha256_final(&st, mac);
    /* 18 bytes (144 bits) of the MAC: 24 base64url characters. */
    sodium_bin2base64(out, n, mac, 18, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(mac, sizeof mac);
}

enum store_err mail_unsub_token(struct store *s, int64_t user_id, char out[MAIL_UNSUB_TOKEN_MAX])
{
    bool enabled;
    unsigned char key[MAIL_KEY_LEN];
    enum store_err e = store_mail_state(s, &enabled, key);
    if (e)
        return e;
    char mac[40];
    token_mac(key, user_id, mac, sizeof mac);
    sodium_memzero(key, sizeof key);
    snprintf(out, MAIL_UNSUB_TOKEN_MAX, "%lld.%s", (long long)user_id, mac);
    return STORE_OK;
}

enum core_err mail_unsubscribe(struct store *s, struct arena *a, const char *token, struct fail *f)
{
    char *end;
    const char *dot = token ? strchr(token, '.') : NULL;
    long long id = token ? strtoll(token, &end, 10) : 0;
    if (!dot || end != dot || id <= 0 || token[0] == '+' || strlen(token) >= MAIL_UNSUB_TOKEN_MAX)
        return core_fail(f, CORE_NOTFOUND, "invalid_token",
                         "This unsubscribe link is not valid. Change your e-mail settings in "
                         "staffroom instead.",
                         "token");
    int64_t now = core_now_ms();
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    char want[MAIL_UNSUB_TOKEN_MAX];
    e = mail_unsub_token(s, id, want);
    if (e)
        return core_finish(s, core_store_fail(f, e), f);
    if (strlen(want) != strlen(token) || sodium_memcmp(want, token, strlen(want)) != 0)
        return core_finish(s,
                           core_fail(f, CORE_NOTFOUND, "invalid_token",
                                     "This unsubscribe link is not valid. Change your e-mail "
                                     "settings in staffroom instead.",
                                     "token"),
                           f);
    struct email_settings es = {MAIL_NOTIFY_DEFAULT, MAIL_DIGEST_DEFAULT, MAIL_DIGEST_HOUR_DEFAULT};
    struct user u;
    bool found;
    e = store_user_get(s, a, id, &u);
    if (!e)
        e = store_email_settings_get(s, id, &es, &found);
    es.digest = false;
    if (!e)
        e = store_email_settings_set(s, id, &es, now);
    return core_finish(s, core_store_fail(f, e), f);
}

/* ---- composing ---- */

/* The first max characters of s (valid UTF-8), with an ellipsis when cut. */
static const char *excerpt(struct arena *a, const char *s, size_t max)
{
    size_t len = strlen(s), i = 0, chars = 0;
    while (i < len && chars < max) {
        size_t n = 1;
        utf8_decode(s + i, len - i, &n);
        i += n;
        chars++;
    }
    if (i >= len)
        return s;
    char *o = arena_printf(a, "%.*s…", (int)i, s);
    return o ? o : s;
}

/* The text on one line (newlines become spaces), cut to max characters. */
static const char *one_line(struct arena *a, const char *s, size_t max)
{
    char *c = arena_strdup(a, excerpt(a, s, max));
    if (!c)
        return s;
    for (char *p = c; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    return c;
}

static void html_head(struct buf *h, const char *title)
{
    buf_puts(h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width\"><title>");
    mime_html_escape(h, title);
    buf_puts(h, "</title></head>\n<body style=\"font-family:Helvetica,Arial,sans-serif;"
                "line-height:1.5;color:#1b1b1b;max-width:40em\">\n");
}

static void html_link(struct buf *h, const char *href, const char *label)
{
    buf_puts(h, "<a href=\"");
    mime_html_escape(h, href);
    buf_puts(h, "\">");
    mime_html_escape(h, label);
    buf_puts(h, "</a>");
}

static void html_foot(struct buf *h, const char *why, const char *settings, const char *unsub)
{
    buf_puts(h, "<hr>\n<p style=\"font-size:small;color:#555\">");
    mime_html_escape(h, why);
    buf_puts(h, " ");
    html_link(h, settings, "Change your e-mail settings");
    if (unsub) {
        buf_puts(h, " or ");
        html_link(h, unsub, "turn off this daily digest");
    }
    buf_puts(h, ".</p>\n</body></html>\n");
}

/* Builds and sends one message to u; maps SMTP's answer to an outcome. */
static enum job_outcome deliver(struct job_run *r, struct arena *a, const struct user *u,
                                const char *from_name, const char *subject, struct buf *text,
                                struct buf *html, const char *unsub_post)
{
    if (text->err || html->err) {
        snprintf(r->note, sizeof r->note, "out of memory composing the e-mail");
        return JOB_OUT_RETRY;
    }
    struct mime_msg m = {
        .from_name = from_name,
        .from = cfg.from,
        .to_name = u->name,
        .to = u->email,
        .subject = subject,
        .message_id = arena_printf(a, "staffroom.%s.%lld.%lld@%s", job_kind_str(r->job->kind),
                                   (long long)r->job->id, (long long)r->job->ref_id, cfg.host),
        .date_ms = core_now_ms(),
        .list_unsubscribe = unsub_post,
        .text = text->data,
        .html = html->data,
    };
    struct buf msg;
    buf_init(&msg, MAIL_MAX);
    if (!m.message_id || mime_build(&msg, &m)) {
        buf_free(&msg);
        snprintf(r->note, sizeof r->note, "the message could not be built (address or header)");
        return msg.err ? JOB_OUT_RETRY : JOB_OUT_DEAD;
    }
    char err[256] = "";
    enum smtp_result sr =
        smtp_send(&cfg.smtp, cfg.from, u->email, msg.data, msg.len, r->stop, err, sizeof err);
    buf_free(&msg);
    if (sr == SMTP_OK)
        return JOB_OUT_DONE;
    snprintf(r->note, sizeof r->note, "smtp: %s", err);
    return sr == SMTP_PERMANENT ? JOB_OUT_DEAD : JOB_OUT_RETRY;
}

static enum job_outcome skip(struct job_run *r, const char *why)
{
    snprintf(r->note, sizeof r->note, "skipped: %s", why);
    return JOB_OUT_SKIPPED;
}

/* The recipient of a job: active, with a valid address. NULL reason on success. */
static const char *recipient(struct store *s, struct arena *a, int64_t id, struct user *u,
                             struct mail_settings *ms, enum store_err *e)
{
    *e = settings_load(s, a, id, u, ms);
    if (*e == STORE_NOTFOUND) {
        *e = STORE_OK;
        return "no such person";
    }
    if (*e)
        return "database";
    if (u->status != USER_ACTIVE)
        return "the person is deactivated";
    if (!u->email)
        return "the person has no e-mail address";
    if (!mime_address_valid(u->email))
        return "the person's e-mail address is not valid";
    return NULL;
}

static struct viewer viewer_of(const struct user *u)
{
    return (struct viewer){.id = u->id, .role = u->role, .login = u->login, .comms = u->comms};
}

/* One line saying what happened, for the subject and the first sentence. */
static const char *note_sentence(struct arena *a, const struct notification *n)
{
    const char *who = n->actor.id ? n->actor.name : "Someone";
    const char *g = n->group_name ? n->group_name : "a group";
    switch (n->kind) {
    case NOTIFY_MENTION:
        return arena_printf(a, "%s mentioned you in %s", who, g);
    case NOTIFY_COMMENT:
        return arena_printf(a, "%s commented on your post in %s", who, g);
    case NOTIFY_REPLY:
        return arena_printf(a, "%s replied to your comment in %s", who, g);
    case NOTIFY_FOLLOWED_COMMENT:
        return arena_printf(a, "%s commented on a post you follow in %s", who, g);
    case NOTIFY_REACTION:
        return n->count > 1 ? arena_printf(a, "%s and %lld others reacted to your post in %s", who,
                                           (long long)(n->count - 1), g)
                            : arena_printf(a, "%s reacted to your post in %s", who, g);
    case NOTIFY_JOIN_REQUEST:
        return arena_printf(a, "%s asked to join %s", who, g);
    case NOTIFY_REQUEST_APPROVED:
        return arena_printf(a, "You can now read and post in %s", g);
    case NOTIFY_INVITATION:
        return arena_printf(a, "%s invited you to join %s", who, g);
    case NOTIFY_NEW_POST:
        return arena_printf(a, "New post by %s in %s", who, g);
    case NOTIFY_IMPORTANT:
        return arena_printf(a, "Important announcement from %s in %s", who, g);
    case NOTIFY_NUDGE:
        return arena_printf(a, "Reminder: please read and acknowledge the announcement in %s", g);
    case NOTIFY_REVIEW_RELEASED:
        return arena_printf(a, "A monitor published what you wrote in %s", g);
    case NOTIFY_REVIEW_REJECTED:
        return arena_printf(a, "A monitor did not publish what you wrote in %s", g);
    default:
        return arena_printf(a, "New activity in %s", g);
    }
}

static const char *link_to(struct arena *a, const struct notification *n)
{
    if (n->kind == NOTIFY_REVIEW_REJECTED && n->review_id)
        return arena_printf(a, "%s/reviews/%lld", cfg.base_url, (long long)n->review_id);
    if (n->post_id)
        return arena_printf(a, "%s/posts/%lld", cfg.base_url, (long long)n->post_id);
    if (n->group_id)
        return arena_printf(a, "%s/groups/%lld", cfg.base_url, (long long)n->group_id);
    return arena_printf(a, "%s/notifications", cfg.base_url);
}

enum job_outcome mail_job_notification(struct store *s, struct arena *a, struct job_run *r)
{
    if (!cfg.enabled)
        return skip(r, "e-mail is off");
    struct user u;
    struct mail_settings ms;
    enum store_err e;
    struct notification n;
    const char *body = NULL;
    enum job_outcome out = JOB_OUT_DONE;
    if ((e = store_begin_read(s)))
        goto store_fail;
    const char *no = recipient(s, a, r->job->user_id, &u, &ms, &e);
    if (e)
        goto read_fail;
    if (no) {
        store_rollback(s);
        return skip(r, no);
    }
    struct viewer to = viewer_of(&u);
    struct notify_filter flt;
    perm_notify_filter(&to, &flt);
    e = store_mail_notification(s, a, &flt, r->job->ref_id, &n);
    if (e == STORE_NOTFOUND || (!e && !perm_notification(&to, &n))) {
        store_rollback(s);
        return skip(r, "the recipient may no longer read it");
    }
    if (e)
        goto read_fail;
    bool wanted = ms.notify == MAIL_NOTIFY_ALL ||
                  (ms.notify == MAIL_NOTIFY_IMPORTANT && kind_important(n.kind));
    if (!wanted) {
        store_rollback(s);
        return skip(r, "the recipient's e-mail settings");
    }
    if (n.read_at && !kind_announcement(n.kind)) {
        store_rollback(s);
        return skip(r, "already read in staffroom");
    }
    if (n.comment_id) {
        struct comment c;
        if (!store_comment_get(s, a, n.comment_id, &c))
            body = c.body;
    } else if (n.post_id) {
        struct post p;
        if (!store_post_get(s, a, n.post_id, u.id, &p) && !p.deleted_at)
            body = p.body;
    }
    store_rollback(s); /* ends the read transaction */

    const char *sentence = note_sentence(a, &n);
    const char *link = link_to(a, &n);
    const char *settings = arena_printf(a, "%s/notifications", cfg.base_url);
    const char *from_name =
        n.actor.id ? arena_printf(a, "%s via staffroom", n.actor.name) : "staffroom";
    if (!sentence || !link || !settings || !from_name) {
        snprintf(r->note, sizeof r->note, "out of memory composing the e-mail");
        return JOB_OUT_RETRY;
    }
    const char *subject = one_line(a, sentence, 150);
    const char *why = kind_announcement(n.kind)
                          ? "Important announcements are e-mailed to every member unless they "
                            "turn e-mail off."
                          : "You get this e-mail because of your staffroom e-mail settings.";
    struct buf text, html;
    buf_init(&text, MAIL_MAX);
    buf_init(&html, MAIL_MAX);
    buf_printf(&text, "%s.\n\n", sentence);
    if (body)
        buf_printf(&text, "%s\n\n", excerpt(a, body, MAIL_EXCERPT_CHARS));
    buf_printf(&text, "Open it in staffroom: %s\n\n-- \n%s\nChange your e-mail settings: %s\n",
               link, why, settings);
    html_head(&html, subject);
    buf_puts(&html, "<p>");
    mime_html_escape(&html, sentence);
    buf_puts(&html, ".</p>\n");
    if (body) {
        buf_puts(&html, "<blockquote style=\"margin:0 0 1em;padding:0 1em;border-left:3px solid "
                        "#ccc;white-space:pre-wrap\">");
        mime_html_escape(&html, excerpt(a, body, MAIL_EXCERPT_CHARS));
        buf_puts(&html, "</blockquote>\n");
    }
    buf_puts(&html, "<p>");
    html_link(&html, link,
              kind_announcement(n.kind) ? "Read and acknowledge it in staffroom"
                                        : "Open it in staffroom");
    buf_puts(&html, "</p>\n");
    html_foot(&html, why, settings, NULL);
    out = deliver(r, a, &u, from_name, subject, &text, &html, NULL);
    buf_free(&text);
    buf_free(&html);
    return out;
read_fail:
    store_rollback(s);
store_fail:
    snprintf(r->note, sizeof r->note, "database: %s", store_err_str(e));
    return JOB_OUT_RETRY;
}

enum job_outcome mail_job_digest(struct store *s, struct arena *a, struct job_run *r)
{
    if (!cfg.enabled)
        return skip(r, "e-mail is off");
    int64_t now = core_now_ms(), since = now - DAY_MS, floor = 0;
    struct user u;
    struct mail_settings ms;
    struct notification *notes = NULL;
    struct digest_post *posts = NULL;
    size_t n_notes = 0, n_posts = 0;
    char token[MAIL_UNSUB_TOKEN_MAX];
    enum store_err e = store_begin_read(s);
    if (e)
        goto store_fail;
    const char *no = recipient(s, a, r->job->user_id, &u, &ms, &e);
    if (e)
        goto read_fail;
    if (!no && !ms.digest)
        no = "the recipient turned the digest off";
    if (no) {
        store_rollback(s);
        return skip(r, no);
    }
    struct viewer to = viewer_of(&u);
    struct notify_filter flt;
    perm_notify_filter(&to, &flt);
    e = store_digest_notifications(s, a, &flt, since, MAIL_DIGEST_NOTES_MAX, &notes, &n_notes);
    if (!e)
        e = store_post_floor(s, since, &floor);
    if (!e)
        e = store_digest_posts(s, a, u.id, floor, MAIL_DIGEST_POSTS_MAX, &posts, &n_posts);
    if (!e)
        e = mail_unsub_token(s, u.id, token);
    store_rollback(s); /* ends the read transaction */
    if (e)
        goto store_fail;
    size_t k = 0;
    for (size_t i = 0; i < n_notes; i++)
        if (perm_notification(&to, &notes[i]))
            notes[k++] = notes[i];
    n_notes = k;
    k = 0;
    for (size_t i = 0; i < n_posts; i++) {
        struct group g = {.id = posts[i].group_id,
                          .privacy = posts[i].privacy,
                          .archived_at = posts[i].archived_at,
                          .viewer_state = posts[i].state,
                          .viewer_role = posts[i].role};
        if (perm_group(&to, &g, PERM_READ_CONTENT))
            posts[k++] = posts[i];
    }
    n_posts = k;
    if (n_notes == 0 && n_posts == 0)
        return skip(r, "nothing new for the digest");

    const char *settings = arena_printf(a, "%s/notifications", cfg.base_url);
    const char *unsub_page = arena_printf(a, "%s/unsubscribe?token=%s", cfg.base_url, token);
    const char *unsub_post =
        arena_printf(a, "%s/api/v1/email/unsubscribe?token=%s", cfg.base_url, token);
    const char *subject =
        arena_printf(a, "Your staffroom digest: %zu notification%s, %zu new post%s", n_notes,
                     n_notes == 1 ? "" : "s", n_posts, n_posts == 1 ? "" : "s");
    if (!settings || !unsub_page || !unsub_post || !subject) {
        snprintf(r->note, sizeof r->note, "out of memory composing the e-mail");
        return JOB_OUT_RETRY;
    }
    struct buf text, html;
    buf_init(&text, MAIL_MAX);
    buf_init(&html, MAIL_MAX);
    html_head(&html, subject);
    buf_printf(&text, "Hello %s, here is what happened in staffroom in the last day.\n", u.name);
    buf_puts(&html, "<p>Hello ");
    mime_html_escape(&html, u.name);
    buf_puts(&html, ", here is what happened in staffroom in the last day.</p>\n");
    if (n_notes) {
        buf_printf(&text, "\nUnread notifications (%zu):\n", n_notes);
        buf_printf(&html, "<h2 style=\"font-size:1.1em\">Unread notifications (%zu)</h2>\n<ul>\n",
                   n_notes);
        for (size_t i = 0; i < n_notes; i++) {
            const char *line = note_sentence(a, &notes[i]), *link = link_to(a, &notes[i]);
            if (!line || !link)
                continue;
            buf_printf(&text, "- %s: %s\n", line, link);
            buf_puts(&html, "<li>");
            html_link(&html, link, line);
            buf_puts(&html, "</li>\n");
        }
        buf_puts(&html, "</ul>\n");
    }
    if (n_posts) {
        buf_printf(&text, "\nNew posts in your groups (%zu):\n", n_posts);
        buf_printf(&html,
                   "<h2 style=\"font-size:1.1em\">New posts in your groups (%zu)</h2>\n<ul>\n",
                   n_posts);
        for (size_t i = 0; i < n_posts; i++) {
            const struct digest_post *p = &posts[i];
            const char *link = arena_printf(a, "%s/posts/%lld", cfg.base_url, (long long)p->id);
            const char *what = one_line(a, p->body, 140);
            if (!link)
                continue;
            buf_printf(&text, "- %s, %s: \"%s\" %s\n", p->group_name, p->author.name, what, link);
            buf_puts(&html, "<li><strong>");
            mime_html_escape(&html, p->group_name);
            buf_puts(&html, "</strong>, ");
            mime_html_escape(&html, p->author.name);
            buf_puts(&html, ": ");
            html_link(&html, link, what);
            buf_puts(&html, "</li>\n");
        }
        buf_puts(&html, "</ul>\n");
    }
    const char *why = "You get this daily digest because of your staffroom e-mail settings.";
    buf_printf(&text,
               "\n-- \n%s\nTurn off this daily digest: %s\nChange your e-mail settings: %s\n", why,
               unsub_page, settings);
    html_foot(&html, why, settings, unsub_page);
    enum job_outcome out = deliver(r, a, &u, "staffroom", subject, &text, &html, unsub_post);
    buf_free(&text);
    buf_free(&html);
    return out;
read_fail:
    store_rollback(s);
store_fail:
    snprintf(r->note, sizeof r->note, "database: %s", store_err_str(e));
    return JOB_OUT_RETRY;
}

enum job_outcome mail_job_sweep(struct store *s, struct arena *a, struct job_run *r)
{
    (void)a;
    if (!cfg.enabled)
        return skip(r, "e-mail is off");
    int64_t ref = r->job->ref_id, now = core_now_ms(), day;
    int hour;
    mail_hour_start(ref, &hour, &day);
    enum store_err e = store_begin_write(s);
    if (e)
        goto fail;
    if (now - ref <= SWEEP_LATE)
        e = store_digest_enqueue(s, hour, MAIL_DIGEST_HOUR_DEFAULT, day, now);
    /* Local hours are an hour apart in real time, across DST changes too. */
    if (!e)
        e = store_job_add(s, JOB_DIGEST_SWEEP, 0, ref + HOUR_MS, ref + HOUR_MS, now);
    if (e) {
        store_rollback(s);
        goto fail;
    }
    if ((e = store_commit(s)))
        goto fail;
    if (now - ref > SWEEP_LATE)
        return skip(r, "too late for this hour's digests");
    return JOB_OUT_DONE;
fail:
    snprintf(r->note, sizeof r->note, "database: %s", store_err_str(e));
    return JOB_OUT_RETRY;
}

enum job_outcome mail_job_publish_failed(struct store *s, struct arena *a, struct job_run *r)
{
    if (!cfg.enabled)
        return skip(r, "e-mail is off");
    struct user u;
    struct mail_settings ms;
    struct draft d;
    enum store_err e = store_begin_read(s);
    if (e)
        goto store_fail;
    const char *no = recipient(s, a, r->job->user_id, &u, &ms, &e);
    if (!e && !no) {
        e = store_draft_get(s, a, r->job->ref_id, u.id, &d);
        if (e == STORE_NOTFOUND || (!e && d.state != DRAFT_FAILED)) {
            e = STORE_OK;
            no = "the draft is no longer failed";
        }
    }
    store_rollback(s); /* ends the read transaction */
    if (e)
        goto store_fail;
    if (no)
        return skip(r, no);
    const char *link = arena_printf(a, "%s/drafts", cfg.base_url);
    const char *settings = arena_printf(a, "%s/notifications", cfg.base_url);
    const char *reason = d.fail_detail ? d.fail_detail : "It was refused.";
    const char *start = one_line(a, d.body, 80);
    if (!link || !settings) {
        snprintf(r->note, sizeof r->note, "out of memory composing the e-mail");
        return JOB_OUT_RETRY;
    }
    const char *subject = "Your scheduled post could not be published";
    struct buf text, html;
    buf_init(&text, MAIL_MAX);
    buf_init(&html, MAIL_MAX);
    buf_printf(&text,
               "Your scheduled post \"%s\" could not be published: %s\n\nIt is kept in your "
               "drafts: %s\n",
               start, reason, link);
    html_head(&html, subject);
    buf_puts(&html, "<p>Your scheduled post &ldquo;");
    mime_html_escape(&html, start);
    buf_puts(&html, "&rdquo; could not be published: ");
    mime_html_escape(&html, reason);
    buf_puts(&html, "</p>\n<p>");
    html_link(&html, link, "It is kept in your drafts");
    buf_puts(&html, ".</p>\n");
    html_foot(&html, "staffroom tells authors when a scheduled post fails.", settings, NULL);
    enum job_outcome out = deliver(r, a, &u, "staffroom", subject, &text, &html, NULL);
    buf_free(&text);
    buf_free(&html);
    return out;
store_fail:
    snprintf(r->note, sizeof r->note, "database: %s", store_err_str(e));
    return JOB_OUT_RETRY;
}
