/* The command line: subcommands, their options and the configuration that
 * `serve` reads (file, then environment, then flags). cli wires the layers
 * together and is the only place that knows them all. */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/policy.h"

struct config {
    char listen[128];
    char db[1024];
    char data_dir[1024];
    char web_dir[1024];
    char log_level[16];
    unsigned threads;
    size_t max_body;
    unsigned max_connections;
    unsigned timeout_s;
    unsigned session_ttl_hours;
    bool secure_cookies;
    unsigned sse_heartbeat_ms; /* `: keep-alive` on idle streams */
    unsigned sse_max_streams;  /* open streams per person */
    size_t connection_memory;  /* per connection: request head, response head */
    /* e-mail and the job queue (core/mail, core/jobs) */
    char smtp_url[512]; /* "" = e-mail off */
    char smtp_user[256];
    char smtp_password[256];
    char smtp_from[256];
    bool smtp_starttls;
    unsigned smtp_timeout_ms;
    char base_url[512]; /* links in e-mails; "" = http://LISTEN */
    char timezone[64];  /* the district's time zone; "" = the system's */
    unsigned jobs_poll_ms;
    unsigned mail_retry_base_ms;
    /* uploaded images (core/media): files in data_dir/media */
    size_t image_max_bytes;
    unsigned image_uploads_per_minute; /* per person */
    /* the student-privacy policy: policy_<rule> = "SECRET CLOSED OPEN"
     * actions, or one for all ("" = the district default; core/policy) */
    char policy[POLICY_RULE__MAX][64];
    char lexicon_dir[1024]; /* the professional-language lists; "" = built in */
};

void config_defaults(struct config *c);
/* Reads an INI file into c; returns 0, or -1 with a message on stderr. */
int config_load_file(struct config *c, const char *path);
/* Applies STAFFROOM_* environment variables; -1 with a message on a bad value. */
int config_load_env(struct config *c);
/* Sets one key ("listen", "db", ...) from text; -1 when key or value is bad. */
int config_set(struct config *c, const char *key, const char *value);

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_bench(int argc, char **argv);

/* Finds "--name VALUE" or "--name=VALUE" in argv; NULL when absent. */
const char *cli_opt(int argc, char **argv, const char *name);
bool cli_flag(int argc, char **argv, const char *name);
/* Checks that argv holds only the listed options (with values) and flags. */
int cli_check_args(int argc, char **argv, const char *const *opts, const char *const *flags,
                   const char *usage);

#endif
