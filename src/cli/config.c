/* Configuration for `serve`: defaults, an INI file (inih), STAFFROOM_*
 * environment variables, then command-line flags, each overriding the last.
 * One table maps every key to its environment variable. */
#include "cli/cli.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"
#include "util/mime.h"
#include "util/smtp.h"

static const struct {
    const char *key, *env;
} keys[] = {
    {"listen", "STAFFROOM_LISTEN"},
    {"db", "STAFFROOM_DB"},
    {"data_dir", "STAFFROOM_DATA_DIR"},
    {"web_dir", "STAFFROOM_WEB_DIR"},
    {"log_level", "STAFFROOM_LOG_LEVEL"},
    {"threads", "STAFFROOM_THREADS"},
    {"max_body", "STAFFROOM_MAX_BODY"},
    {"max_connections", "STAFFROOM_MAX_CONNECTIONS"},
    {"timeout", "STAFFROOM_TIMEOUT"},
    {"session_ttl_hours", "STAFFROOM_SESSION_TTL_HOURS"},
    {"secure_cookies", "STAFFROOM_SECURE_COOKIES"},
    {"sse_heartbeat_ms", "STAFFROOM_SSE_HEARTBEAT_MS"},
    {"sse_max_streams", "STAFFROOM_SSE_MAX_STREAMS"},
    {"connection_memory", "STAFFROOM_CONNECTION_MEMORY"},
    {"smtp_url", "STAFFROOM_SMTP_URL"},
    {"smtp_user", "STAFFROOM_SMTP_USER"},
    {"smtp_password", "STAFFROOM_SMTP_PASSWORD"},
    {"smtp_from", "STAFFROOM_SMTP_FROM"},
    {"smtp_starttls", "STAFFROOM_SMTP_STARTTLS"},
    {"smtp_timeout_ms", "STAFFROOM_SMTP_TIMEOUT_MS"},
    {"base_url", "STAFFROOM_BASE_URL"},
    {"timezone", "STAFFROOM_TIMEZONE"},
    {"jobs_poll_ms", "STAFFROOM_JOBS_POLL_MS"},
    {"mail_retry_base_ms", "STAFFROOM_MAIL_RETRY_BASE_MS"},
    {"image_max_bytes", "STAFFROOM_IMAGE_MAX_BYTES"},
    {"image_uploads_per_minute", "STAFFROOM_IMAGE_UPLOADS_PER_MINUTE"},
    {"policy_student_name", "STAFFROOM_POLICY_STUDENT_NAME"},
    {"policy_student_id", "STAFFROOM_POLICY_STUDENT_ID"},
    {"policy_ssn", "STAFFROOM_POLICY_SSN"},
    {"policy_dob", "STAFFROOM_POLICY_DOB"},
    {"policy_sensitive", "STAFFROOM_POLICY_SENSITIVE"},
    {"policy_media_consent", "STAFFROOM_POLICY_MEDIA_CONSENT"},
    {"policy_profanity", "STAFFROOM_POLICY_PROFANITY"},
    {"policy_slur", "STAFFROOM_POLICY_SLUR"},
    {"policy_harassment", "STAFFROOM_POLICY_HARASSMENT"},
    {"policy_threat", "STAFFROOM_POLICY_THREAT"},
    {"lexicon_dir", "STAFFROOM_LEXICON_DIR"},
};

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->listen, sizeof c->listen, "127.0.0.1:8080");
    snprintf(c->db, sizeof c->db, "staffroom.db");
    snprintf(c->data_dir, sizeof c->data_dir, "data");
    snprintf(c->web_dir, sizeof c->web_dir, "web/dist");
    snprintf(c->log_level, sizeof c->log_level, "info");
    c->max_body = 1024 * 1024;
    c->max_connections = 4096;
    c->timeout_s = 60;
    c->session_ttl_hours = 12;
    c->sse_heartbeat_ms = 25000;
    c->sse_max_streams = 8;
    c->connection_memory = 16 * 1024;
    c->smtp_timeout_ms = 30000;
    c->jobs_poll_ms = 1000;
    c->mail_retry_base_ms = 30000;
    c->image_max_bytes = 10 * 1024 * 1024;
    c->image_uploads_per_minute = 60;
}

static int parse_uint(const char *v, unsigned long long lo, unsigned long long hi,
                      unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (errno || end == v || *end || v[0] == '-' || x < lo || x > hi)
        return -1;
    *out = x;
    return 0;
}

static int copy(char *dst, size_t n, const char *v)
{
    size_t len = strlen(v);
    if (len == 0 || len >= n)
        return -1;
    memcpy(dst, v, len + 1);
    return 0;
}

/* Printable ASCII without spaces or quotes: safe in a URL, a header, an
 * e-mail address. */
static bool plain_text(const char *v)
{
    for (; *v; v++)
        if ((unsigned char)*v <= 0x20 || (unsigned char)*v >= 0x7f || *v == '"' || *v == '\\' ||
            *v == '<' || *v == '>')
            return false;
    return true;
}

/* e-mail and job queue keys; 1 when key is not one of them */
static int config_set_mail(struct config *c, const char *key, const char *v)
{
    unsigned long long x;
    if (strcmp(key, "smtp_url") == 0)
        return smtp_url_valid(v) ? copy(c->smtp_url, sizeof c->smtp_url, v) : -1;
    if (strcmp(key, "smtp_user") == 0)
        return copy(c->smtp_user, sizeof c->smtp_user, v);
    if (strcmp(key, "smtp_password") == 0)
        return copy(c->smtp_password, sizeof c->smtp_password, v);
    if (strcmp(key, "smtp_from") == 0)
        return mime_address_valid(v) ? copy(c->smtp_from, sizeof c->smtp_from, v) : -1;
    if (strcmp(key, "smtp_starttls") == 0) {
        if (strcmp(v, "true") && strcmp(v, "false"))
            return -1;
        c->smtp_starttls = v[0] == 't';
        return 0;
    }
    if (strcmp(key, "smtp_timeout_ms") == 0) {
        if (parse_uint(v, 100, 300000, &x))
            return -1;
        c->smtp_timeout_ms = (unsigned)x;
        return 0;
    }
    if (strcmp(key, "base_url") == 0) {
        size_t n = strlen(v);
        if ((strncmp(v, "https://", 8) && strncmp(v, "http://", 7)) || !plain_text(v) ||
            strchr(v, '?') || strchr(v, '#') || n < 10)
            return -1;
        if (copy(c->base_url, sizeof c->base_url, v))
            return -1;
        while (n > 8 && c->base_url[n - 1] == '/') /* links append "/posts/1" */
            c->base_url[--n] = '\0';
        return 0;
    }
    if (strcmp(key, "timezone") == 0) {
        /* An IANA name (America/Chicago) that the system's zoneinfo knows. */
        if (!plain_text(v) || strstr(v, "..") || v[0] == '/' || strlen(v) >= sizeof c->timezone)
            return -1;
        char path[128];
        snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", v);
        if (access(path, R_OK) != 0)
            return -1;
        return copy(c->timezone, sizeof c->timezone, v);
    }
    if (strcmp(key, "jobs_poll_ms") == 0) {
        if (parse_uint(v, 10, 60000, &x))
            return -1;
        c->jobs_poll_ms = (unsigned)x;
        return 0;
    }
    if (strcmp(key, "mail_retry_base_ms") == 0) {
        if (parse_uint(v, 10, 3600000, &x))
            return -1;
        c->mail_retry_base_ms = (unsigned)x;
        return 0;
    }
    return 1;
}

int config_set(struct config *c, const char *key, const char *v)
{
    unsigned long long x;
    if (strcmp(key, "listen") == 0)
        return copy(c->listen, sizeof c->listen, v);
    if (strcmp(key, "db") == 0)
        return copy(c->db, sizeof c->db, v);
    if (strcmp(key, "data_dir") == 0)
        return copy(c->data_dir, sizeof c->data_dir, v);
    if (strcmp(key, "web_dir") == 0)
        return copy(c->web_dir, sizeof c->web_dir, v);
    if (strcmp(key, "log_level") == 0) {
        enum log_level l;
        return log_level_parse(v, &l) ? -1 : copy(c->log_level, sizeof c->log_level, v);
    }
    if (strcmp(key, "threads") == 0) {
        if (parse_uint(v, 0, 256, &x))
            return -1;
        c->threads = (unsigned)x;
        return 0;
    }
    if (strcmp(key, "max_body") == 0) {
        if (parse_uint(v, 1024, 64ull * 1024 * 1024, &x))
            return -1;
        c->max_body = (size_t)x;
        return 0;
    }
    if (strcmp(key, "max_connections") == 0) {
        if (parse_uint(v, 1, 100000, &x))
            return -1;
        c->max_connections = (unsigned)x;
        return 0;
    }
    if (strcmp(key, "timeout") == 0) {
        if (parse_uint(v, 1, 3600, &x))
            return -1;
        c->timeout_s = (unsigned)x;
        return 0;
    }
    if (strcmp(key, "session_ttl_hours") == 0) {
        if (parse_uint(v, 1, 24 * 90, &x))
            return -1;
        c->session_ttl_hours = (unsigned)x;
        return 0;
    }
    if (strcmp(key, "sse_heartbeat_ms") == 0) {
        if (parse_uint(v, 100, 600000, &x))
            return -1;
        c->sse_heartbeat_ms = (unsigned)x;
        return 0;
    }
    if (strcmp(key, "connection_memory") == 0) {
        if (parse_uint(v, 4096, 1024 * 1024, &x))
            return -1;
        c->connection_memory = (size_t)x;
        return 0;
    }
    if (strcmp(key, "image_max_bytes") == 0) {
        if (parse_uint(v, 64 * 1024, 100ull * 1024 * 1024, &x))
            return -1;
        c->image_max_bytes = (size_t)x;
        return 0;
    }
    if (strcmp(key, "image_uploads_per_minute") == 0) {
        if (parse_uint(v, 1, 10000, &x))
            return -1;
        c->image_uploads_per_minute = (unsigned)x;
        return 0;
    }
    if (strcmp(key, "sse_max_streams") == 0) {
        if (parse_uint(v, 1, 1000, &x))
            return -1;
        c->sse_max_streams = (unsigned)x;
        return 0;
    }
    if (strcmp(key, "lexicon_dir") == 0)
        return copy(c->lexicon_dir, sizeof c->lexicon_dir, v);
    if (strncmp(key, "policy_", 7) == 0) {
        int rule = policy_rule_parse(key + 7);
        return rule < 0 ? -1 : copy(c->policy[rule], sizeof c->policy[rule], v);
    }
    int m = config_set_mail(c, key, v);
    if (m <= 0)
        return m;
    if (strcmp(key, "secure_cookies") == 0) {
        if (strcmp(v, "true") && strcmp(v, "false"))
            return -1;
        c->secure_cookies = v[0] == 't';
        return 0;
    }
    return -1;
}

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
    (void)section; /* keys are unique across sections; sections only group them */
    if (config_set(user, name, value)) {
        fprintf(stderr, "staffroom: config: bad value or unknown key '%s'\n", name);
        return 0;
    }
    return 1;
}

int config_load_file(struct config *c, const char *path)
{
    int rc = ini_parse(path, on_ini, c);
    if (rc < 0) {
        fprintf(stderr, "staffroom: cannot read config file %s\n", path);
        return -1;
    }
    if (rc > 0) {
        fprintf(stderr, "staffroom: config file %s: error on line %d\n", path, rc);
        return -1;
    }
    return 0;
}

int config_load_env(struct config *c)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = getenv(keys[i].env);
        if (v && config_set(c, keys[i].key, v)) {
            fprintf(stderr, "staffroom: bad value in %s\n", keys[i].env);
            return -1;
        }
    }
    return 0;
}
