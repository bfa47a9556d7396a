/* `staffroom serve`: configuration, the database pool, the HTTP server, and
 * the live streams' wake-up on committed events, and an orderly stop on
 * SIGINT or SIGTERM. The privacy guard is built from the roster at start
 * and rebuilt on SIGHUP (after `staffroom import roster`). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "cli/cli.h"
#include "core/event.h"
#include "core/jobs.h"
#include "core/mail.h"
#include "core/media.h"
#include "core/privacy.h"
#include "http/sse.h"
#include "util/image.h"
#include "util/log.h"
#include "util/secret.h"

static const char usage[] =
    "usage: staffroom serve [--config FILE] [--db FILE] [--listen HOST:PORT] [--data-dir DIR]\n"
    "                       [--web-dir DIR] [--log-level debug|info|warn|error] [--threads N]\n"
    "\n"
    "Serves the district on HOST:PORT. Settings come from the config file, then\n"
    "STAFFROOM_* environment variables, then these flags (see README).\n";

/* mkdir -p: the data folder and any missing parents. */
static int make_dir(const char *path)
{
    char p[sizeof((struct config *)0)->data_dir];
    snprintf(p, sizeof p, "%s", path);
    for (char *slash = p + 1;; slash++) {
        slash = strchr(slash, '/');
        if (slash)
            *slash = '\0';
        if (mkdir(p, 0750) != 0 && errno != EEXIST) {
            fprintf(stderr, "staffroom: cannot create data directory %s: %s\n", p, strerror(errno));
            return -1;
        }
        if (!slash)
            return 0;
        *slash = '/';
    }
}

/* E-mail and the job queue: the district's time zone (before any thread
 * starts: digests follow its hours), SMTP, whether this district sends
 * e-mail, and the worker thread. */
static int mail_setup(const struct config *cfg, struct store_pool *pool)
{
    static char base_url[sizeof cfg->base_url], host[256];
    if (cfg->timezone[0]) {
        setenv("TZ", cfg->timezone, 1);
        tzset();
    }
    if (smtp_global_init()) {
        fprintf(stderr, "staffroom: libcurl failed to start\n");
        return -1;
    }
    if (cfg->smtp_url[0] && !cfg->smtp_from[0]) {
        fprintf(stderr, "staffroom: smtp_url is set but smtp_from is not: set the address "
                        "e-mails come from\n");
        return -1;
    }
    if (cfg->base_url[0])
        snprintf(base_url, sizeof base_url, "%s", cfg->base_url);
    else
        snprintf(base_url, sizeof base_url, "http://%s", cfg->listen);
    const char *h = strstr(base_url, "://") + 3;
    size_t hl = strcspn(h, ":/");
    snprintf(host, sizeof host, "%.*s", (int)(hl < sizeof host ? hl : sizeof host - 1), h);
    if (host[0] == '[' || !host[0]) /* an IPv6 literal: no domain for a Message-ID */
        snprintf(host, sizeof host, "staffroom.invalid");
    struct mail_config mc = {
        .enabled = cfg->smtp_url[0] != '\0',
        .smtp = {.url = cfg->smtp_url,
                 .user = cfg->smtp_user,
                 .password = cfg->smtp_password,
                 .starttls = cfg->smtp_starttls,
                 .timeout_ms = cfg->smtp_timeout_ms},
        .from = cfg->smtp_from,
        .base_url = base_url,
        .timezone = cfg->timezone,
        .host = host,
    };
    mail_configure(&mc);
    struct store *s = store_acquire(pool);
    enum store_err e = s ? mail_start(s, core_now_ms()) : STORE_ERROR;
    store_release(pool, s);
    if (e) {
        fprintf(stderr, "staffroom: cannot prepare the job queue: %s\n", store_err_str(e));
        return -1;
    }
    struct jobs_config jc = {
        .poll_ms = cfg->jobs_poll_ms,
        .retry_base_ms = cfg->mail_retry_base_ms,
        .retry_max_ms = 3600 * 1000,
        .lease_ms = 2 * (int64_t)cfg->smtp_timeout_ms + 1000,
        .max_attempts = JOBS_MAX_ATTEMPTS_DEFAULT,
        .batch = 20,
    };
    if (jobs_start(pool, &jc)) {
        fprintf(stderr, "staffroom: cannot start the job queue\n");
        return -1;
    }
    if (mc.enabled)
        log_info("e-mail on: sending through %s as %s, links to %s", cfg->smtp_url, cfg->smtp_from,
                 base_url);
    else
        log_info("e-mail off: no smtp_url is set");
    return 0;
}

/* The district's privacy policy, set before any check. */
static int policy_setup(const struct config *cfg)
{
    privacy_set_lexicon_dir(cfg->lexicon_dir);
    for (int r = 0; r < POLICY_RULE__MAX; r++) {
        char err[160];
        if (cfg->policy[r][0] &&
            policy_configure((enum policy_rule)r, cfg->policy[r], err, sizeof err)) {
            fprintf(stderr, "staffroom: config: %s\n", err);
            return -1;
        }
    }
    return 0;
}

/* Images: libvips and libmagic, and the media folder in the data folder.
 * Before any thread starts: the job worker purges images. */
static int media_setup(const struct config *cfg)
{
    char dir[sizeof cfg->data_dir + 8];
    snprintf(dir, sizeof dir, "%s/media", cfg->data_dir);
    if (image_init()) {
        fprintf(stderr, "staffroom: libvips or libmagic failed to start\n");
        return -1;
    }
    struct media_config mc = {.dir = dir,
                              .max_bytes = cfg->image_max_bytes,
                              .uploads_per_min = cfg->image_uploads_per_minute};
    if (media_start(&mc)) {
        fprintf(stderr, "staffroom: cannot open the media folder %s\n", dir);
        image_shutdown();
        return -1;
    }
    return 0;
}

/* (Re)builds the privacy guard from the roster and the staff list. */
static int guard_setup(struct store_pool *pool)
{
    struct fail f = {0};
    struct store *s = store_acquire(pool);
    enum core_err rc = s ? privacy_reload(s, NULL, &f) : CORE_UNAVAILABLE;
    store_release(pool, s);
    if (rc)
        log_error("privacy guard: cannot build it from the roster: %s",
                  f.detail ? f.detail : "no database connection");
    return rc ? -1 : 0;
}

/* The first build of the guard runs beside the server, so that a large
 * roster (350,000 students take seconds) does not delay the first answer;
 * checks wait for it (core/privacy). If it fails, the server stops, as it
 * would have before starting. */
static bool guard_failed;

static void *guard_first_load(void *pool)
{
    if (guard_setup(pool)) {
        guard_failed = true;
        privacy_load_failed();
        kill(getpid(), SIGTERM);
    }
    return NULL;
}

int cmd_serve(int argc, char **argv)
{
    static const char *const opts[] = {"--config",    "--db",      "--listen",  "--data-dir",
                                       "--log-level", "--threads", "--web-dir", NULL};
    static const char *const flags[] = {NULL};
    if (cli_flag(argc, argv, "--help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (cli_check_args(argc, argv, opts, flags, usage))
        return 2;
    struct config cfg;
    config_defaults(&cfg);
    const char *file = cli_opt(argc, argv, "--config");
    if (!file)
        file = getenv("STAFFROOM_CONFIG");
    if (file && config_load_file(&cfg, file))
        return 1;
    if (config_load_env(&cfg))
        return 1;
    static const struct {
        const char *flag, *key;
    } map[] = {{"--db", "db"},           {"--listen", "listen"},       {"--data-dir", "data_dir"},
               {"--web-dir", "web_dir"}, {"--log-level", "log_level"}, {"--threads", "threads"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        const char *v = cli_opt(argc, argv, map[i].flag);
        if (v && config_set(&cfg, map[i].key, v)) {
            fprintf(stderr, "staffroom: bad value for %s\n", map[i].flag);
            return 2;
        }
    }
    log_level_parse(cfg.log_level, &log_min_level);
    if (secret_init()) {
        fprintf(stderr, "staffroom: libsodium failed to start\n");
        return 1;
    }
    if (make_dir(cfg.data_dir))
        return 1;

    /* Signals are taken synchronously by this thread; the server's threads
     * inherit the blocked mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct store_pool *pool;
    enum store_err e = store_pool_open(cfg.db, &pool);
    if (e) {
        fprintf(stderr, "staffroom: cannot open database %s: %s\n", cfg.db, store_err_str(e));
        return 1;
    }
    privacy_expect_load();
    pthread_t loader;
    if (policy_setup(&cfg) || media_setup(&cfg) || mail_setup(&cfg, pool) ||
        pthread_create(&loader, NULL, guard_first_load, pool)) {
        media_stop();
        image_shutdown();
        privacy_shutdown();
        store_pool_close(pool);
        return 1;
    }
    struct api_app app = {
        .pool = pool,
        .session_ttl_ms = (int64_t)cfg.session_ttl_hours * 3600 * 1000,
        .secure_cookies = cfg.secure_cookies,
    };
    struct http_config hc = {
        .listen = cfg.listen,
        .threads = cfg.threads,
        .max_body = cfg.max_body,
        .max_upload = cfg.image_max_bytes,
        .max_connections = cfg.max_connections,
        .timeout_s = cfg.timeout_s,
        .static_dir = cfg.web_dir,
        .sse_heartbeat_ms = cfg.sse_heartbeat_ms,
        .sse_max_per_key = cfg.sse_max_streams,
        .conn_memory = cfg.connection_memory,
    };
    /* Committed events wake the live streams (core reaches the hub only
     * through this callback). */
    event_on_commit(sse_wake);
    struct http_server *srv =
        http_server_start(&hc, api_routes, api_routes_count, api_dispatch, &app);
    if (!srv) {
        pthread_join(loader, NULL);
        jobs_stop();
        media_stop();
        image_shutdown();
        store_pool_close(pool);
        return 1;
    }
    log_info("staffroom serving on %s (database %s)", cfg.listen, cfg.db);
    int sig = 0;
    while (sigwait(&set, &sig) == 0 && sig == SIGHUP)
        guard_setup(pool); /* on failure the current guard stays (logged) */
    log_info("stopping on signal %d", sig);
    pthread_join(loader, NULL);
    event_on_commit(NULL);
    http_server_stop(srv);
    jobs_stop();
    media_stop();
    image_shutdown();
    privacy_shutdown();
    store_pool_close(pool);
    smtp_global_cleanup();
    return guard_failed ? 1 : 0;
}
