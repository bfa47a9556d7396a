/* Accounts and authentication. Sign-in is throttled per account and per
 * address from a table of recent failures, so the limit holds across
 * threads and restarts. An unknown login still costs one Argon2id check,
 * so timing does not reveal which logins exist. */
#include "core/account.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static char dummy[SECRET_HASH_LEN];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
    if (secret_password_hash("no one signs in with this", 25, dummy))
        dummy[0] = '\0';
}

/* A real hash at the real cost, checked when the login is unknown. */
static const char *dummy_hash(void)
{
    pthread_once(&dummy_once, dummy_init);
    return dummy;
}

static enum core_err check_password(const char *pw, struct fail *f)
{
    size_t n = pw ? strlen(pw) : 0;
    if (n < LIMIT_PASSWORD_MIN)
        return core_fail(f, CORE_INVALID, "password_too_short",
                         "A password needs at least 8 characters.", "password");
    if (n > LIMIT_PASSWORD_MAX)
        return core_fail(f, CORE_INVALID, "password_too_long",
                         "A password can be at most 1024 bytes.", "password");
    return CORE_OK;
}

enum core_err account_create(struct store *s, struct user *u, const char *password, struct fail *f)
{
    if (!u->login || !core_login_valid(u->login))
        return core_fail(f, CORE_INVALID, "invalid_login",
                         "A login is 2 to 32 lowercase letters, digits, dots, dashes or "
                         "underscores, starting with a letter or digit.",
                         "login");
    if (core_check_text(u->name, LIMIT_NAME_MAX, false, "name", f))
        return f->err;
    if (u->title && *u->title && core_check_text(u->title, LIMIT_TITLE_MAX, false, "title", f))
        return f->err;
    char hash[SECRET_HASH_LEN];
    if (password) {
        if (check_password(password, f))
            return f->err;
        if (secret_password_hash(password, strlen(password), hash))
            return core_fail(f, CORE_UNAVAILABLE, "no_memory",
                             "The server could not hash the password.", NULL);
    }
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    e = store_user_create(s, u, password ? hash : NULL);
    if (e == STORE_CONFLICT) {
        store_rollback(s);
        return core_fail(f, CORE_CONFLICT, "login_taken", "That login is already in use.", "login");
    }
    if (e || (e = store_commit(s))) {
        store_rollback(s);
        return core_store_fail(f, e);
    }
    return CORE_OK;
}

/* Runs fn on the user with this login inside one write transaction. */
static enum core_err with_user(struct store *s, const char *login, struct fail *f,
                               enum store_err (*fn)(struct store *, int64_t, const void *),
                               const void *arg)
{
    struct arena a;
    arena_init(&a, 0);
    struct user u;
    enum store_err e = store_begin_write(s);
    if (e) {
        arena_free(&a);
        return core_store_fail(f, e);
    }
    e = store_user_by_login(s, &a, login, &u, NULL);
    if (!e)
        e = fn(s, u.id, arg);
    if (!e)
        e = store_commit(s);
    if (e)
        store_rollback(s);
    arena_free(&a);
    if (e == STORE_NOTFOUND)
        return core_fail(f, CORE_NOTFOUND, "no_such_user", "No one has that login.", "login");
    return core_store_fail(f, e);
}

static enum store_err set_password(struct store *s, int64_t id, const void *hash)
{
    enum store_err e = store_user_set_password(s, id, hash);
    return e ? e : store_sessions_delete_user(s, id);
}

enum core_err account_set_password(struct store *s, const char *login, const char *password,
                                   struct fail *f)
{
    if (check_password(password, f))
        return f->err;
    char hash[SECRET_HASH_LEN];
    if (secret_password_hash(password, strlen(password), hash))
        return core_fail(f, CORE_UNAVAILABLE, "no_memory",
                         "The server could not hash the password.", NULL);
    return with_user(s, login, f, set_password, hash);
}

static enum store_err deactivate(struct store *s, int64_t id, const void *unused)
{
    (void)unused;
    enum store_err e = store_user_set_status(s, id, USER_DEACTIVATED);
    return e ? e : store_sessions_delete_user(s, id);
}

enum core_err account_deactivate(struct store *s, const char *login, struct fail *f)
{
    return with_user(s, login, f, deactivate, NULL);
}

static void throttle_key(char *out, size_t n, const char *kind, const char *v)
{
    snprintf(out, n, "%s:%s", kind, v);
}

/* 0 when sign-in may proceed; fills f with a retry time otherwise. */
static enum core_err throttled(struct store *s, const char *key, int64_t max, int64_t now,
                               struct fail *f)
{
    int64_t count = 0, oldest = 0;
    enum store_err e = store_login_failure_count(s, key, now - THROTTLE_WINDOW_MS, &count, &oldest);
    if (e)
        return core_store_fail(f, e);
    if (count < max)
        return CORE_OK;
    core_fail(f, CORE_THROTTLED, "too_many_attempts",
              "Too many failed sign-ins. Wait a few minutes and try again.", NULL);
    f->retry_after_s = (oldest + THROTTLE_WINDOW_MS - now) / 1000 + 1;
    return CORE_THROTTLED;
}

static enum core_err bad_credentials(struct store *s, const char *akey, const char *ikey,
                                     int64_t now, struct fail *f)
{
    enum store_err e = store_begin_write(s);
    if (!e) {
        e = store_login_failure_add(s, akey, now);
        if (!e)
            e = store_login_failure_add(s, ikey, now);
        e = e ? e : store_commit(s);
        if (e)
            store_rollback(s);
    }
    if (e)
        return core_store_fail(f, e);
    return core_fail(f, CORE_UNAUTH, "invalid_credentials",
                     "That login and password do not match an active account.", NULL);
}

enum core_err account_login(struct store *s, struct arena *a, const char *login,
                            const char *password, const char *ip, const char *old_session,
                            int64_t ttl_ms, struct login_result *out, struct fail *f)
{
    int64_t now = core_now_ms();
    /* Logins are stored in lowercase; people type them as they like. A login
     * longer than any valid one is refused below, after the same hashing cost. */
    char lower[LIMIT_LOGIN_MAX + 1];
    bool too_long = strlen(login) > LIMIT_LOGIN_MAX;
    size_t ln = too_long ? LIMIT_LOGIN_MAX : strlen(login);
    for (size_t i = 0; i < ln; i++)
        lower[i] = (login[i] >= 'A' && login[i] <= 'Z') ? (char)(login[i] + 32) : login[i];
    lower[ln] = '\0';
    login = lower;
    char akey[64], ikey[96];
    throttle_key(akey, sizeof akey, "login", login);
    throttle_key(ikey, sizeof ikey, "ip", ip ? ip : "unknown");
    if (throttled(s, akey, THROTTLE_PER_ACCOUNT, now, f) ||
        throttled(s, ikey, THROTTLE_PER_ADDRESS, now, f))
        return f->err;

    const char *hash = NULL;
    enum store_err e = !too_long && core_login_valid(login)
                           ? store_user_by_login(s, a, login, &out->user, &hash)
                           : STORE_NOTFOUND;
    if (e && e != STORE_NOTFOUND)
        return core_store_fail(f, e);
    size_t pwlen = strlen(password);
    bool ok = secret_password_verify(e || !hash ? dummy_hash() : hash, password, pwlen);
    if (e || !hash || !ok || out->user.status != USER_ACTIVE)
        return bad_credentials(s, akey, ikey, now, f);

    secret_token_new(out->session);
    secret_token_new(out->csrf);
    char digest[SECRET_DIGEST_LEN + 1];
    secret_token_digest(out->session, strlen(out->session), digest);
    e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    if (old_session) {
        char old[SECRET_DIGEST_LEN + 1];
        secret_token_digest(old_session, strlen(old_session), old);
        e = store_session_delete(s, old);
    }
    if (!e)
        e = store_session_create(s, digest, out->user.id, out->csrf, now, now + ttl_ms);
    if (!e)
        e = store_login_failure_clear(s, akey);
    if (!e)
        e = store_commit(s);
    if (e) {
        store_rollback(s);
        return core_store_fail(f, e);
    }
    return CORE_OK;
}

enum core_err account_logout(struct store *s, const char *session)
{
    char digest[SECRET_DIGEST_LEN + 1];
    secret_token_digest(session, strlen(session), digest);
    enum store_err e = store_begin_write(s);
    if (!e) {
        e = store_session_delete(s, digest);
        e = e ? e : store_commit(s);
        if (e)
            store_rollback(s);
    }
    return core_store_fail(NULL, e);
}

static enum core_err unauth(struct fail *f)
{
    return core_fail(f, CORE_UNAUTH, "unauthenticated", "Sign in to continue.", NULL);
}

enum core_err account_session_user(struct store *s, struct arena *a, const char *session,
                                   struct user *u, const char **csrf, struct fail *f)
{
    if (strlen(session) != SECRET_TOKEN_LEN)
        return unauth(f);
    char digest[SECRET_DIGEST_LEN + 1];
    secret_token_digest(session, SECRET_TOKEN_LEN, digest);
    enum store_err e = store_session_lookup(s, a, digest, core_now_ms(), u, csrf);
    if (e == STORE_NOTFOUND || (!e && u->status != USER_ACTIVE))
        return unauth(f);
    return core_store_fail(f, e);
}

enum core_err account_token_user(struct store *s, struct arena *a, const char *token,
                                 struct user *u, struct fail *f)
{
    if (strlen(token) != SECRET_TOKEN_LEN)
        return unauth(f);
    char digest[SECRET_DIGEST_LEN + 1];
    secret_token_digest(token, SECRET_TOKEN_LEN, digest);
    enum store_err e = store_token_lookup(s, a, digest, u);
    if (e == STORE_NOTFOUND || (!e && u->status != USER_ACTIVE))
        return unauth(f);
    return core_store_fail(f, e);
}

enum core_err account_token_create(struct store *s, const struct viewer *v, const char *name,
                                   char token[SECRET_TOKEN_LEN + 1], int64_t *id, struct fail *f)
{
    if (core_check_text(name, LIMIT_TOKEN_NAME, false, "name", f))
        return f->err;
    secret_token_new(token);
    char digest[SECRET_DIGEST_LEN + 1];
    secret_token_digest(token, SECRET_TOKEN_LEN, digest);
    enum store_err e = store_begin_write(s);
    if (e)
        return core_store_fail(f, e);
    e = store_token_create(s, digest, v->id, name, core_now_ms(), id);
    e = e ? e : store_commit(s);
    if (e)
        store_rollback(s);
    return core_store_fail(f, e);
}
