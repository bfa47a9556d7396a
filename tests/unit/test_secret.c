/* Unit tests for util/secret.c: Argon2id password hashes with the OWASP
 * parameters, bearer tokens, their stored digests, constant-time equality. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "testutil.h"
#include "util/secret.h"

#define PW_PREFIX "$argon2id$v=19$m=19456,t=2,p=1$"

static int group_setup(void **state)
{
    return tu_init();
}

static void test_password_hash_has_owasp_parameters(void **state)
{
    char hash[SECRET_HASH_LEN];
    const char *pw = "correct horse battery staple";
    assert_int_equal(secret_password_hash(pw, strlen(pw), hash), 0);
    assert_true(strlen(hash) < SECRET_HASH_LEN);
    assert_memory_equal(hash, PW_PREFIX, strlen(PW_PREFIX));
    assert_null(strstr(hash, pw)); /* the password itself is not in the hash */
}

static void test_password_verify_right_password(void **state)
{
    char hash[SECRET_HASH_LEN];
    const char *pw = "s3cret-pa55";
    assert_int_equal(secret_password_hash(pw, strlen(pw), hash), 0);
    assert_true(secret_password_verify(hash, pw, strlen(pw)));
}

static void test_password_verify_wrong_password_fails(void **state)
{
    char hash[SECRET_HASH_LEN];
    const char *pw = "s3cret-pa55";
    assert_int_equal(secret_password_hash(pw, strlen(pw), hash), 0);
    assert_false(secret_password_verify(hash, "s3cret-pa56", 11));
    assert_false(secret_password_verify(hash, "S3cret-pa55", 11));
    assert_false(secret_password_verify(hash, pw, strlen(pw) - 1)); /* a prefix */
    assert_false(secret_password_verify(hash, "", 0));
}

static void test_password_verify_rejects_missing_or_foreign_hash(void **state)
{
    assert_false(secret_password_verify(NULL, "whatever", 8));
    assert_false(secret_password_verify("", "whatever", 8));
    assert_false(secret_password_verify("$2y$10$abcdefghijklmnopqrstuv", "whatever", 8));
}

static void test_password_hashes_are_salted(void **state)
{
    char h1[SECRET_HASH_LEN], h2[SECRET_HASH_LEN];
    assert_int_equal(secret_password_hash("same password", 13, h1), 0);
    assert_int_equal(secret_password_hash("same password", 13, h2), 0);
    assert_string_not_equal(h1, h2);
    assert_true(secret_password_verify(h1, "same password", 13));
    assert_true(secret_password_verify(h2, "same password", 13));
}

static bool is_base64url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

static void test_token_is_43_base64url_chars(void **state)
{
    for (int i = 0; i < 50; i++) {
        char t[SECRET_TOKEN_LEN + 1];
        memset(t, '!', sizeof t);
        secret_token_new(t);
        assert_int_equal(strlen(t), SECRET_TOKEN_LEN);
        assert_int_equal(SECRET_TOKEN_LEN, 43);
        for (size_t k = 0; k < SECRET_TOKEN_LEN; k++)
            assert_true(is_base64url(t[k]));
    }
}

static void test_two_tokens_differ(void **state)
{
    char a[SECRET_TOKEN_LEN + 1], b[SECRET_TOKEN_LEN + 1];
    secret_token_new(a);
    secret_token_new(b);
    assert_string_not_equal(a, b);
}

static void test_digest_is_64_hex_and_deterministic(void **state)
{
    char t[SECRET_TOKEN_LEN + 1];
    secret_token_new(t);
    char d1[SECRET_DIGEST_LEN + 1], d2[SECRET_DIGEST_LEN + 1];
    secret_token_digest(t, strlen(t), d1);
    secret_token_digest(t, strlen(t), d2);
    assert_int_equal(strlen(d1), 64);
    for (size_t k = 0; k < SECRET_DIGEST_LEN; k++)
        assert_non_null(strchr("0123456789abcdef", d1[k]));
    assert_string_equal(d1, d2);
    assert_null(strstr(d1, t));
}

static void test_digest_is_sha256(void **state)
{
    char d[SECRET_DIGEST_LEN + 1];
    secret_token_digest("abc", 3, d);
    assert_string_equal(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    char e[SECRET_DIGEST_LEN + 1];
    secret_token_digest("abd", 3, e);
    assert_string_not_equal(d, e);
}

static void test_secret_equal(void **state)
{
    assert_true(secret_equal("", ""));
    assert_true(secret_equal("abcdef", "abcdef"));
    assert_false(secret_equal("abcdef", "abcdeg"));
    assert_false(secret_equal("abcdef", "Abcdef"));
    assert_false(secret_equal("abc", "abcdef")); /* a prefix is not equal */
    assert_false(secret_equal("abcdef", "abc"));
    assert_false(secret_equal("", "a"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_hash_has_owasp_parameters),
        cmocka_unit_test(test_password_verify_right_password),
        cmocka_unit_test(test_password_verify_wrong_password_fails),
        cmocka_unit_test(test_password_verify_rejects_missing_or_foreign_hash),
        cmocka_unit_test(test_password_hashes_are_salted),
        cmocka_unit_test(test_token_is_43_base64url_chars),
        cmocka_unit_test(test_two_tokens_differ),
        cmocka_unit_test(test_digest_is_64_hex_and_deterministic),
        cmocka_unit_test(test_digest_is_sha256),
        cmocka_unit_test(test_secret_equal),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
