/* SMTP delivery through libcurl's smtp:// and smtps:// (see smtp.h). */
#include "util/smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

int smtp_global_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void smtp_global_cleanup(void)
{
    curl_global_cleanup();
}

bool smtp_url_valid(const char *url)
{
    const char *host;
    if (!url)
        return false;
    if (strncmp(url, "smtp://", 7) == 0)
        host = url + 7;
    else if (strncmp(url, "smtps://", 8) == 0)
        host = url + 8;
    else
        return false;
    if (!*host || *host == ':' || *host == '/')
        return false;
    for (const char *p = host; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c >= 0x7f || c == '@' || c == '?' || c == '#')
            return false;
        if (c == '/' && p[1]) /* a trailing slash at most */
            return false;
    }
    return strlen(url) < 512;
}

struct upload {
    const char *data;
    size_t len, off;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *cls)
{
    struct upload *u = cls;
    size_t room = size * nmemb, left = u->len - u->off;
    size_t n = left < room ? left : room;
    memcpy(buf, u->data + u->off, n);
    u->off += n;
    return n;
}

static int progress_cb(void *cls, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    const atomic_bool *stop = cls;
    return stop && atomic_load(stop) ? 1 : 0;
}

/* The address inside angle brackets, as libcurl wants it. */
static void bracket(char *out, size_t n, const char *addr)
{
    snprintf(out, n, "<%s>", addr);
}

enum smtp_result smtp_send(const struct smtp_config *c, const char *from, const char *to,
                           const char *msg, size_t len, const atomic_bool *stop, char *err,
                           size_t errlen)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    char from_b[400], to_b[400];
    struct upload up = {msg, len, 0};
    enum smtp_result res = SMTP_TEMPORARY;
    struct curl_slist *rcpt = NULL;
    CURL *h = curl_easy_init();
    if (!h) {
        snprintf(err, errlen, "libcurl could not start a transfer");
        return SMTP_TEMPORARY;
    }
    bracket(from_b, sizeof from_b, from);
    bracket(to_b, sizeof to_b, to);
    rcpt = curl_slist_append(NULL, to_b);
    if (!rcpt) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    long timeout = c->timeout_ms > 0 ? c->timeout_ms : 30000;
    curl_easy_setopt(h, CURLOPT_URL, c->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from_b);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &up);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout / 3 > 1000 ? timeout / 3 : 1000);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)stop);
    if (c->starttls)
        curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (c->user && *c->user) {
        curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, c->password ? c->password : "");
    }
    CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK) {
        res = SMTP_OK;
        goto out;
    }
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    res = code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED ? SMTP_PERMANENT : SMTP_TEMPORARY;
    snprintf(err, errlen, "%s%s%s (reply %ld)", curl_easy_strerror(rc), errbuf[0] ? ": " : "",
             errbuf, code);
out:
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(h);
    return res;
}
