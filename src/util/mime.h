/* Building an e-mail message (RFC 5322 with MIME): headers with non-ASCII
 * text as RFC 2047 encoded words, a multipart/alternative body with a
 * text/plain and a text/html part in UTF-8 quoted-printable, and the HTML
 * escaping that every piece of text put into the HTML part goes through.
 * It decides nothing about what a message says (core/mail does). */
#ifndef UTIL_MIME_H
#define UTIL_MIME_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

struct mime_msg {
    const char *from_name, *from; /* display name (may be NULL) and address */
    const char *to_name, *to;
    const char *subject;    /* UTF-8, one line */
    const char *message_id; /* without angle brackets: "local@domain" */
    int64_t date_ms;
    const char *list_unsubscribe; /* an https URL for List-Unsubscribe (RFC 8058), or NULL */
    const char *text;             /* the text/plain part, UTF-8, \n line ends */
    const char *html;             /* the text/html part, a whole document */
};

/* Appends the whole message with CRLF line ends to out. A header value
 * with a CR or LF in it is refused (-1) rather than sent: no injection. */
int mime_build(struct buf *out, const struct mime_msg *m);
/* True for an address we send to: local@domain, printable ASCII without
 * spaces, quotes, angle brackets or commas, at most 254 bytes. */
bool mime_address_valid(const char *addr);
/* Appends s with & < > " ' escaped. */
void mime_html_escape(struct buf *out, const char *s);
/* Appends s as quoted-printable (RFC 2045), \n and \r\n becoming CRLF. */
void mime_qp(struct buf *out, const char *s);
/* Appends a header value: as it is when it is printable ASCII, otherwise
 * as RFC 2047 "B" encoded words, folded. */
void mime_header_text(struct buf *out, const char *s);

#endif
