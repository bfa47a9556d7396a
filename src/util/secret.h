/* Passwords and tokens: Argon2id hashes, random bearer tokens, and the
 * hashes under which tokens are stored. Built on libsodium; call
 * secret_init() once before anything else. */
#ifndef UTIL_SECRET_H
#define UTIL_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define SECRET_HASH_LEN   128 /* crypto_pwhash_STRBYTES */
#define SECRET_TOKEN_LEN  43  /* 32 random bytes, base64url without padding */
#define SECRET_DIGEST_LEN 64  /* SHA-256 in hex */
/* OWASP's Argon2id recommendation: 19 MiB, 2 passes, 1 lane. */
#define SECRET_PW_OPSLIMIT 2
#define SECRET_PW_MEMLIMIT (19u * 1024u * 1024u)

int secret_init(void);
/* Writes a NUL-terminated encoded Argon2id hash into out. 0 on success. */
int secret_password_hash(const char *pw, size_t len, char out[SECRET_HASH_LEN]);
bool secret_password_verify(const char *hash, const char *pw, size_t len);
/* Fresh random token, NUL-terminated, URL and cookie safe. */
void secret_token_new(char out[SECRET_TOKEN_LEN + 1]);
/* Hex SHA-256 of a token: what the database stores, never the token. */
void secret_token_digest(const char *token, size_t len, char out[SECRET_DIGEST_LEN + 1]);
/* Constant-time comparison of two NUL-terminated strings. */
bool secret_equal(const char *a, const char *b);

#endif
