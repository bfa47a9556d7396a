/* Accounts: creating people, signing in and out, sessions, API tokens and
 * login throttling. Tokens and session ids are never stored, only their
 * SHA-256 digests; passwords only as Argon2id hashes. */
#ifndef CORE_ACCOUNT_H
#define CORE_ACCOUNT_H

#include "core/core.h"
#include "util/secret.h"

#define SESSION_TTL_MS_DEFAULT (12LL * 3600 * 1000)

/* Failures allowed in the window before sign-in is refused for a while. */
#define THROTTLE_WINDOW_MS   (15LL * 60 * 1000)
#define THROTTLE_PER_ACCOUNT 5
#define THROTTLE_PER_ADDRESS 20

struct login_result {
    struct user user;
    char session[SECRET_TOKEN_LEN + 1]; /* for the cookie; never logged */
    char csrf[SECRET_TOKEN_LEN + 1];
};

/* Validates and creates a person (u->id is set). password may be NULL for a
 * person who signs in only through single sign-on later. */
enum core_err account_create(struct store *s, struct user *u, const char *password, struct fail *f);
enum core_err account_set_password(struct store *s, const char *login, const char *password,
                                   struct fail *f);
/* Deactivates a person and ends their sessions; their content stays. */
enum core_err account_deactivate(struct store *s, const char *login, struct fail *f);

/* Checks the password and opens a session. old_session (may be NULL) is
 * ended: a sign-in always rotates the session id. */
enum core_err account_login(struct store *s, struct arena *a, const char *login,
                            const char *password, const char *ip, const char *old_session,
                            int64_t ttl_ms, struct login_result *out, struct fail *f);
enum core_err account_logout(struct store *s, const char *session);
/* Resolves a session cookie or a bearer token to an active user. */
enum core_err account_session_user(struct store *s, struct arena *a, const char *session,
                                   struct user *u, const char **csrf, struct fail *f);
enum core_err account_token_user(struct store *s, struct arena *a, const char *token,
                                 struct user *u, struct fail *f);
enum core_err account_token_create(struct store *s, const struct viewer *v, const char *name,
                                   char token[SECRET_TOKEN_LEN + 1], int64_t *id, struct fail *f);

#endif
