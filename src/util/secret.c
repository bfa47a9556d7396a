/* libsodium wrappers for password hashing and token handling. Holds no
 * state; nothing here logs or keeps a secret. */
#include "util/secret.h"

#include <sodium.h>
#include <string.h>

int secret_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

int secret_password_hash(const char *pw, size_t len, char out[SECRET_HASH_LEN])
{
    return crypto_pwhash_str_alg(out, pw, len, SECRET_PW_OPSLIMIT, SECRET_PW_MEMLIMIT,
                                 crypto_pwhash_ALG_ARGON2ID13);
}

bool secret_password_verify(const char *hash, const char *pw, size_t len)
{
    if (!hash || strncmp(hash, "$argon2id$", 10) != 0)
        return false;
    return crypto_pwhash_str_verify(hash, pw, len) == 0;
}

void secret_token_new(char out[SECRET_TOKEN_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, SECRET_TOKEN_LEN + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void secret_token_digest(const char *token, size_t len, char out[SECRET_DIGEST_LEN + 1])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, (const unsigned char *)token, len);
    sodium_bin2hex(out, SECRET_DIGEST_LEN + 1, d, sizeof d);
}

bool secret_equal(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return false;
    return sodium_memcmp(a, b, la) == 0;
}
