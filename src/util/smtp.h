/* Sending one e-mail over SMTP with libcurl: smtp:// (optionally
 * requiring STARTTLS) or smtps://, optional AUTH, a timeout on every
 * transfer. It knows nothing of what the message says: core/mail builds
 * it. Call smtp_global_init() once, before any thread sends. */
#ifndef UTIL_SMTP_H
#define UTIL_SMTP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct smtp_config {
    const char *url;             /* smtp://host[:port] or smtps://host[:port] */
    const char *user, *password; /* NULL or "": no AUTH */
    bool starttls;               /* smtp:// must upgrade with STARTTLS */
    long timeout_ms;             /* whole transfer; connecting gets a third of it */
};

enum smtp_result {
    SMTP_OK,
    SMTP_TEMPORARY, /* try again later: no connection, a 4xx reply, a timeout */
    SMTP_PERMANENT, /* the server refused for good (a 5xx reply) */
};

int smtp_global_init(void);
void smtp_global_cleanup(void);
/* Checks a URL for smtp_config.url: smtp:// or smtps://, a host, no user
 * or password inside (those go in their own settings), no path. */
bool smtp_url_valid(const char *url);
/* Sends msg[0..len) (a whole RFC 5322 message with CRLF line ends) from
 * the envelope sender `from` to the one recipient `to`. When *stop becomes
 * true (another thread) the transfer ends early as SMTP_TEMPORARY. err
 * receives a short reason on failure; it never holds credentials. */
enum smtp_result smtp_send(const struct smtp_config *c, const char *from, const char *to,
                           const char *msg, size_t len, const atomic_bool *stop, char *err,
                           size_t errlen);

#endif
