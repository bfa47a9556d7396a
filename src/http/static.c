/* Serving the built web client (web/dist) from one folder: files by path,
 * index.html for the client's own routes, caching headers (content-hashed
 * assets forever, everything else revalidated by ETag), precompressed .gz
 * twins when the client accepts gzip, and the Content-Security-Policy that
 * forbids inline scripts. It never serves anything outside the folder: no
 * "..", no hidden files, no symlink as the last component, regular files only. */
#include "http/static.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/log.h"

struct http_static {
    int dirfd;
    char *dir;
};

const char http_static_csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

static const struct {
    const char *ext, *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
    {".woff2", "font/woff2"},
    {".map", "application/json"},
};

struct http_static *http_static_open(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct http_static *s = calloc(1, sizeof *s);
    if (!s || !(s->dir = strdup(dir))) {
        free(s);
        close(fd);
        return NULL;
    }
    s->dirfd = fd;
    return s;
}

void http_static_close(struct http_static *s)
{
    if (!s)
        return;
    close(s->dirfd);
    free(s->dir);
    free(s);
}

/* The content type by extension; NULL for an extension we do not serve
 * (and for none). */
static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return NULL;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcasecmp(dot, types[i].ext) == 0)
            return types[i].type;
    return NULL;
}

/* The path relative to the folder, or NULL when it could escape it. */
static const char *safe_relative(const char *path)
{
    if (path[0] != '/')
        return NULL;
    const char *rel = path + 1;
    for (const char *seg = rel; *seg;) {
        const char *end = strchr(seg, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        if (n == 0 || seg[0] == '.') /* empty, ".", "..", hidden files */
            return NULL;
        for (size_t i = 0; i < n; i++)
            if (seg[i] == '\\' || (unsigned char)seg[i] < 0x20)
                return NULL;
        seg += n + (end ? 1 : 0);
    }
    return rel;
}

/* Files live at the top level (index.html, sw.js, manifest.webmanifest) or
 * under assets/ and icons/; every other path is one of the client's own
 * pages, whatever it ends with: /people/jo.js is a person's profile. */
static bool is_file_path(const char *rel)
{
    if (!type_of(rel))
        return false;
    return !strchr(rel, '/') || strncmp(rel, "assets/", 7) == 0 || strncmp(rel, "icons/", 6) == 0;
}

static bool accepts_gzip(struct http_req *r)
{
    const char *ae = http_header(r, "Accept-Encoding");
    return ae && strstr(ae, "gzip");
}

/* Opens rel (or its .gz twin when wanted and present) as a regular file. */
static int open_file(struct http_static *s, struct http_req *r, const char *rel, struct stat *st,
                     bool *gz)
{
    *gz = false;
    if (accepts_gzip(r)) {
        char *gzname = arena_printf(&r->arena, "%s.gz", rel);
        int fd = gzname ? openat(s->dirfd, gzname, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
        if (fd >= 0) {
            if (fstat(fd, st) == 0 && S_ISREG(st->st_mode)) {
                *gz = true;
                return fd;
            }
            close(fd);
        }
    }
    int fd = openat(s->dirfd, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

static bool serve_file(struct http_static *s, struct http_req *r, const char *rel)
{
    const char *type = type_of(rel);
    if (!type)
        return false;
    struct stat st;
    bool gz;
    int fd = open_file(s, r, rel, &st, &gz);
    if (fd < 0)
        return false;
    char *etag = arena_printf(&r->arena, "\"%llx-%llx%s\"", (unsigned long long)st.st_size,
                              (unsigned long long)st.st_mtime, gz ? "-gz" : "");
    bool immutable = strncmp(rel, "assets/", 7) == 0;
    http_add_header(r, "Cache-Control",
                    immutable ? "public, max-age=31536000, immutable" : "no-cache");
    if (etag)
        http_add_header(r, "ETag", etag);
    http_add_header(r, "Vary", "Accept-Encoding");
    http_add_header(r, "Content-Security-Policy", http_static_csp);
    if (gz)
        http_add_header(r, "Content-Encoding", "gzip");
    const char *inm = http_header(r, "If-None-Match");
    if (etag && inm && strcmp(inm, etag) == 0) {
        close(fd);
        http_respond(r, 304, NULL, "", 0);
        return true;
    }
    http_respond_fd(r, 200, type, fd, (uint64_t)st.st_size);
    return true;
}

bool http_static_serve(struct http_static *s, struct http_req *r)
{
    const char *rel = safe_relative(r->path);
    if (r->path[0] == '/' && r->path[1] == '\0')
        rel = "index.html";
    if (!rel)
        return false;
    if (is_file_path(rel))
        return serve_file(s, r, rel);
    return serve_file(s, r, "index.html");
}
