/* JSON-lines logger. One write(2) per line so lines from different threads
 * never interleave. */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum log_level log_min_level = LOG_INFO;

static const char *const level_names[] = {"debug", "info", "warn", "error", "off"};

int log_level_parse(const char *s, enum log_level *out)
{
    for (int i = 0; i <= LOG_OFF; i++) {
        if (strcmp(s, level_names[i]) == 0) {
            *out = (enum log_level)i;
            return 0;
        }
    }
    return -1;
}

const char *log_level_str(enum log_level l)
{
    return l <= LOG_OFF ? level_names[l] : "?";
}

static void stamp(char *out, size_t n)
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t k = strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + k, n - k, ".%03ldZ", ts.tv_nsec / 1000000);
}

void log_fields(enum log_level l, json_t *fields)
{
    if (!fields)
        return;
    if (l < log_min_level) {
        json_decref(fields);
        return;
    }
    char ts[40];
    stamp(ts, sizeof ts);
    json_object_set_new(fields, "ts", json_string(ts));
    json_object_set_new(fields, "level", json_string(log_level_str(l)));
    char *line = json_dumps(fields, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(fields);
    if (!line)
        return;
    size_t n = strlen(line);
    line[n] = '\n'; /* jansson's terminator becomes the newline */
    ssize_t w = write(STDERR_FILENO, line, n + 1);
    (void)w;
    free(line);
}

void log_write(enum log_level l, const char *file, int line, const char *req_id, const char *fmt,
               ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *o = json_object();
    if (!o)
        return;
    json_t *m = json_string(msg);
    json_object_set_new(o, "msg", m ? m : json_string("(message not valid UTF-8)"));
    if (l >= LOG_WARN) {
        const char *base = strrchr(file, '/');
        json_object_set_new(o, "src", json_sprintf("%s:%d", base ? base + 1 : file, line));
    }
    if (req_id)
        json_object_set_new(o, "req", json_string(req_id));
    log_fields(l, o);
}
