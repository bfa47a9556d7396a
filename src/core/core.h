/* What every part of core shares: the viewer (who is asking), the failure
 * record a core function fills when it refuses, and the bounds of every
 * field a person can write. core knows nothing of HTTP: the api layer maps
 * a failure's kind to a status and passes its code and detail on. */
#ifndef CORE_CORE_H
#define CORE_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

enum core_err {
    CORE_OK = 0,
    CORE_INVALID,     /* the input breaks a rule: 422 (400 for malformed input) */
    CORE_UNAUTH,      /* not signed in, or bad credentials: 401 */
    CORE_FORBIDDEN,   /* visible, but the viewer may not do this: 403 */
    CORE_NOTFOUND,    /* absent or invisible to the viewer: 404, the same either way */
    CORE_CONFLICT,    /* the current state forbids it: 409 */
    CORE_THROTTLED,   /* too many attempts: 429 */
    CORE_UNAVAILABLE, /* busy or out of memory: 503 */
    CORE_ERROR,       /* a bug or a broken database: 500 */
};

struct fail {
    enum core_err err;
    const char *code;   /* stable machine code, e.g. "purpose_required" */
    const char *detail; /* a sentence for a person */
    const char *field;  /* the input at fault, or NULL */
    int64_t retry_after_s;
};

/* Fills f and returns e, so a refusal is one line: return core_fail(f, ...). */
enum core_err core_fail(struct fail *f, enum core_err e, const char *code, const char *detail,
                        const char *field);
/* The common refusals, each in one place so its words stay the same. */
enum core_err core_not_found(struct fail *f);
enum core_err core_archived(struct fail *f);
/* Ends a write transaction: commits when rc is CORE_OK, rolls back otherwise.
 * Returns rc, or the commit's failure. */
enum core_err core_finish(struct store *s, enum core_err rc, struct fail *f);
/* Maps a store error to a core failure (NOTFOUND becomes not_found). */
enum core_err core_store_fail(struct fail *f, enum store_err e);
int64_t core_now_ms(void);

/* The person making a request: an active user (authentication rejects the rest). */
struct viewer {
    int64_t id;
    enum user_role role;
    const char *login;
    bool comms;   /* the district communications role */
    bool monitor; /* the monitor role: reviews what the privacy guard holds */
};

/* Bounds, in bytes unless noted. */
#define LIMIT_LOGIN_MIN    2
#define LIMIT_LOGIN_MAX    32
#define LIMIT_NAME_MAX     100 /* characters */
#define LIMIT_TITLE_MAX    100 /* characters */
#define LIMIT_PASSWORD_MIN 8
#define LIMIT_PASSWORD_MAX 1024
#define LIMIT_GROUP_NAME   80   /* characters */
#define LIMIT_PURPOSE      1000 /* characters */
#define LIMIT_POST_BODY    32768
#define LIMIT_COMMENT_BODY 8192
#define LIMIT_TOKEN_NAME   100 /* characters */
/* Page sizes reaching core are 1..LIMIT_PAGE_MAX: the routes declare that bound. */
#define LIMIT_PAGE_DEFAULT 20
#define LIMIT_PAGE_MAX     100
#define LIMIT_QUERY        100
#define LIMIT_ID_MAX       9007199254740992LL /* 2^53: every id fits a JSON number */

/* Text checks shared by every writer of text: trimmed non-empty UTF-8
 * without control characters (tab and newline allowed when multiline) and
 * at most max characters. Returns 0 or fills f. */
enum core_err core_check_text(const char *s, size_t max_chars, bool multiline, const char *field,
                              struct fail *f);
/* A login: 2-32 of [a-z0-9._-], starting with a letter or digit. */
bool core_login_valid(const char *s);

#endif
