/* Shared core helpers: failures, time, text rules. */
#include "core/core.h"

#include <string.h>
#include <time.h>

#include "core/event.h"
#include "util/utf8.h"

enum core_err core_fail(struct fail *f, enum core_err e, const char *code, const char *detail,
                        const char *field)
{
    if (f) {
        f->err = e;
        f->code = code;
        f->detail = detail;
        f->field = field;
    }
    return e;
}

enum core_err core_store_fail(struct fail *f, enum store_err e)
{
    switch (e) {
    case STORE_OK:
        return CORE_OK;
    case STORE_NOTFOUND:
        return core_fail(f, CORE_NOTFOUND, "not_found", "There is nothing here.", NULL);
    case STORE_CONFLICT:
        return core_fail(f, CORE_CONFLICT, "conflict", "That already exists.", NULL);
    case STORE_BUSY:
        return core_fail(f, CORE_UNAVAILABLE, "busy",
                         "The server is busy. Please try again in a moment.", NULL);
    case STORE_ENOMEM:
        return core_fail(f, CORE_UNAVAILABLE, "no_memory",
                         "The server is out of memory. Please try again in a moment.", NULL);
    default:
        return core_fail(f, CORE_ERROR, "internal", "Something went wrong on the server.", NULL);
    }
}

enum core_err core_not_found(struct fail *f)
{
    return core_fail(f, CORE_NOTFOUND, "not_found", "There is nothing here.", NULL);
}

enum core_err core_archived(struct fail *f)
{
    return core_fail(f, CORE_CONFLICT, "group_archived",
                     "This group is archived: it can be read but not changed.", NULL);
}

enum core_err core_finish(struct store *s, enum core_err rc, struct fail *f)
{
    if (rc == CORE_OK) {
        enum store_err e = store_commit(s);
        event_committed(e == STORE_OK);
        return e ? core_store_fail(f, e) : CORE_OK;
    }
    store_rollback(s);
    event_committed(false);
    return rc;
}

int64_t core_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whitespace by Unicode's White_Space property, plus the zero-width space
 * and BOM, which render as nothing: text made only of these is empty. */
static bool is_space(unsigned cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || cp == 0x85 || cp == 0xa0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200b) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f ||
           cp == 0x205f || cp == 0x3000 || cp == 0xfeff;
}

enum core_err core_check_text(const char *s, size_t max_chars, bool multiline, const char *field,
                              struct fail *f)
{
    size_t len = s ? strlen(s) : 0;
    if (!s || !utf8_valid(s, len))
        return core_fail(f, CORE_INVALID, "invalid_utf8", "The text is not valid UTF-8.", field);
    bool blank = true;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            bool ok = multiline && (c == '\n' || c == '\r' || c == '\t');
            if (!ok)
                return core_fail(f, CORE_INVALID, "invalid_characters",
                                 "The text contains control characters.", field);
        }
        size_t n = 1;
        unsigned cp = utf8_decode(s + i, len - i, &n);
        if (!is_space(cp))
            blank = false;
        i += n;
    }
    if (blank)
        return core_fail(f, CORE_INVALID, "required", "This cannot be empty.", field);
    if (utf8_count(s, len) > max_chars)
        return core_fail(f, CORE_INVALID, "too_long", "The text is too long.", field);
    return CORE_OK;
}

bool core_login_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < LIMIT_LOGIN_MIN || n > LIMIT_LOGIN_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}
