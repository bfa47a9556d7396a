/* E-mail message building (see mime.h). */
#include "util/mime.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

bool mime_address_valid(const char *addr)
{
    if (!addr)
        return false;
    size_t n = strlen(addr);
    const char *at = strrchr(addr, '@');
    if (n < 3 || n > 254 || !at || at == addr || !at[1] || strchr(addr, '@') != at)
        return false;
    for (const char *p = addr; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c >= 0x7f || strchr("\"<>(),;:[]\\", c))
            return false;
    }
    return strchr(at, '.') != NULL && at[1] != '.' && addr[n - 1] != '.';
}

void mime_html_escape(struct buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            buf_puts(out, "&amp;");
            break;
        case '<':
            buf_puts(out, "&lt;");
            break;
        case '>':
            buf_puts(out, "&gt;");
            break;
        case '"':
            buf_puts(out, "&quot;");
            break;
        case '\'':
            buf_puts(out, "&#39;");
            break;
        default:
            buf_append(out, s, 1);
        }
    }
}

void mime_qp(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (*p == '\r' && p[1] == '\n')
            continue;
        if (*p == '\n') {
            buf_puts(out, "\r\n");
            col = 0;
            continue;
        }
        bool at_eol = p[1] == '\0' || p[1] == '\n' || (p[1] == '\r' && p[2] == '\n');
        bool plain = (*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !at_eol);
        size_t w = plain ? 1 : 3;
        if (col + w > 75) { /* soft line break: lines stay within 76 */
            buf_puts(out, "=\r\n");
            col = 0;
        }
        if (plain) {
            buf_append(out, p, 1);
        } else {
            char e[3] = {'=', hex[*p >> 4], hex[*p & 15]};
            buf_append(out, e, 3);
        }
        col += w;
    }
}

static bool printable_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
            return false;
    return true;
}

void mime_header_text(struct buf *out, const char *s)
{
    if (printable_ascii(s)) {
        buf_puts(out, s);
        return;
    }
    /* Encoded words of at most 45 bytes of text (60 of base64), never
     * splitting a UTF-8 sequence, folded onto continuation lines. */
    size_t len = strlen(s), i = 0;
    bool first = true;
    while (i < len) {
        size_t n = len - i < 45 ? len - i : 45;
        while (n > 0 && i + n < len && ((unsigned char)s[i + n] & 0xc0) == 0x80)
            n--;
        if (n == 0)
            n = len - i < 45 ? len - i : 45;
        char b64[64];
        sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + i, n,
                          sodium_base64_VARIANT_ORIGINAL);
        if (!first)
            buf_puts(out, "\r\n ");
        buf_printf(out, "=?UTF-8?B?%s?=", b64);
        first = false;
        i += n;
    }
}

/* A display name and address: "Name" <addr>, or an encoded word for a
 * name that is not plain ASCII. */
static void mailbox(struct buf *out, const char *name, const char *addr)
{
    if (name && *name) {
        if (printable_ascii(name)) {
            buf_puts(out, "\"");
            for (const char *p = name; *p; p++) {
                if (*p == '"' || *p == '\\')
                    buf_puts(out, "\\");
                buf_append(out, p, 1);
            }
            buf_puts(out, "\"");
        } else {
            mime_header_text(out, name);
        }
        buf_puts(out, " ");
    }
    buf_printf(out, "<%s>", addr);
}

static bool one_line(const char *s)
{
    return !s || (!strchr(s, '\r') && !strchr(s, '\n'));
}

int mime_build(struct buf *out, const struct mime_msg *m)
{
    if (!mime_address_valid(m->from) || !mime_address_valid(m->to) || !one_line(m->from_name) ||
        !one_line(m->to_name) || !one_line(m->subject) || !one_line(m->message_id) ||
        !one_line(m->list_unsubscribe) || !m->subject || !m->message_id)
        return -1;
    char date[64];
    time_t t = (time_t)(m->date_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mo[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    snprintf(date, sizeof date, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[tm.tm_wday], tm.tm_mday,
             mo[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    unsigned char rnd[12];
    char boundary[40];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(boundary, sizeof boundary, rnd, sizeof rnd);

    buf_puts(out, "From: ");
    mailbox(out, m->from_name, m->from);
    buf_puts(out, "\r\nTo: ");
    mailbox(out, m->to_name, m->to);
    buf_printf(out, "\r\nDate: %s\r\nMessage-ID: <%s>\r\nSubject: ", date, m->message_id);
    mime_header_text(out, m->subject);
    buf_puts(out, "\r\n");
    if (m->list_unsubscribe)
        buf_printf(
            out, "List-Unsubscribe: <%s>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
            m->list_unsubscribe);
    buf_printf(out,
               "Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n"
               "Content-Type: multipart/alternative; boundary=\"b%s\"\r\n\r\n"
               "This is a message in MIME format.\r\n\r\n--b%s\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n"
               "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
               boundary, boundary);
    mime_qp(out, m->text ? m->text : "");
    buf_printf(out,
               "\r\n--b%s\r\nContent-Type: text/html; charset=utf-8\r\n"
               "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
               boundary);
    mime_qp(out, m->html ? m->html : "");
    buf_printf(out, "\r\n--b%s--\r\n", boundary);
    return out->err ? -1 : 0;
}
