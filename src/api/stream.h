/* The live stream's hooks for other handlers: a sign-out ends the streams
 * that were opened with the session it ends. */
#ifndef API_STREAM_H
#define API_STREAM_H

#include <stdint.h>

/* Ends user_id's open streams that were opened with this session cookie. */
void stream_end_session(int64_t user_id, const char *session);

#endif
