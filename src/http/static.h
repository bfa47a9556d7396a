/* Serving the web client's built files; see static.c. */
#ifndef HTTP_STATIC_H
#define HTTP_STATIC_H

#include <stdbool.h>

#include "http/http.h"

struct http_static;

extern const char http_static_csp[];

/* Opens the folder to serve; NULL when it does not exist. */
struct http_static *http_static_open(const char *dir);
void http_static_close(struct http_static *s);
/* Answers a GET for r->path from the folder; false when there is no such file. */
bool http_static_serve(struct http_static *s, struct http_req *r);

#endif
