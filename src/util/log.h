/* Leveled logging as JSON lines on standard error. A call below the level
 * costs one comparison. Never pass passwords, tokens, session ids or message
 * bodies to these functions. */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

#include <jansson.h>

enum log_level { LOG_DEBUG = 0, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };

extern enum log_level log_min_level;

int log_level_parse(const char *s, enum log_level *out);
const char *log_level_str(enum log_level l);

void log_write(enum log_level l, const char *file, int line, const char *req_id, const char *fmt,
               ...) __attribute__((format(printf, 5, 6)));
/* Writes `fields` (an object, reference stolen) with ts and level added. */
void log_fields(enum log_level l, json_t *fields);

#define log_at(l, req, ...)                                                                        \
    do {                                                                                           \
        if ((l) >= log_min_level)                                                                  \
            log_write((l), __FILE__, __LINE__, (req), __VA_ARGS__);                                \
    } while (0)
#define log_debug(...) log_at(LOG_DEBUG, NULL, __VA_ARGS__)
#define log_info(...)  log_at(LOG_INFO, NULL, __VA_ARGS__)
#define log_warn(...)  log_at(LOG_WARN, NULL, __VA_ARGS__)
#define log_error(...) log_at(LOG_ERROR, NULL, __VA_ARGS__)

#endif
