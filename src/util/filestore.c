/* The media folder's files (what and why in filestore.h). Everything is
 * relative to directory descriptors opened at start, so a name can never
 * reach outside the folder, and no symbolic link is followed. Files are
 * written in the folder's tmp/ subfolder and renamed into the folder (the
 * same file system), so that sweeping what a crash left reads tmp/ alone. */
#include "util/filestore.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"

#define TMP_DIR "tmp"

struct filestore {
    int dirfd, tmpfd;
};

struct filestore *filestore_open(const char *dir)
{
    if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
        log_error("cannot create the media folder %s: %s", dir, strerror(errno));
        return NULL;
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        log_error("cannot open the media folder %s: %s", dir, strerror(errno));
        return NULL;
    }
    if (mkdirat(fd, TMP_DIR, 0750) != 0 && errno != EEXIST) {
        log_error("cannot create %s/" TMP_DIR ": %s", dir, strerror(errno));
        close(fd);
        return NULL;
    }
    int tmp = openat(fd, TMP_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct filestore *fs = tmp >= 0 ? malloc(sizeof *fs) : NULL;
    if (!fs) {
        log_error("cannot open %s/" TMP_DIR ": %s", dir, strerror(errno));
        if (tmp >= 0)
            close(tmp);
        close(fd);
        return NULL;
    }
    fs->dirfd = fd;
    fs->tmpfd = tmp;
    return fs;
}

void filestore_close(struct filestore *fs)
{
    if (!fs)
        return;
    close(fs->tmpfd);
    close(fs->dirfd);
    free(fs);
}

/* Ours: 32 lowercase hex digits, a dot, 1-5 lowercase letters. */
static bool valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n < 34 || n >= FILESTORE_NAME_MAX || name[32] != '.' || n - 33 > 5)
        return false;
    for (size_t i = 0; i < 32; i++)
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
            return false;
    for (size_t i = 33; i < n; i++)
        if (name[i] < 'a' || name[i] > 'z')
            return false;
    return true;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
    while (len) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

int filestore_put(struct filestore *fs, const void *data, size_t len, const char *ext,
                  char name[FILESTORE_NAME_MAX])
{
    unsigned char raw[16];
    char hex[33];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    snprintf(name, FILESTORE_NAME_MAX, "%s.%s", hex, ext);
    if (!valid_name(name)) {
        log_error("filestore: bad extension '%s'", ext);
        return -1;
    }
    int fd = openat(fs->tmpfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
    if (fd < 0) {
        log_error("filestore: cannot create " TMP_DIR "/%s: %s", name, strerror(errno));
        return -1;
    }
    if (write_all(fd, data, len) || fsync(fd)) {
        log_error("filestore: cannot write " TMP_DIR "/%s: %s", name, strerror(errno));
        close(fd);
        unlinkat(fs->tmpfd, name, 0);
        return -1;
    }
    close(fd);
    if (renameat(fs->tmpfd, name, fs->dirfd, name) || fsync(fs->dirfd)) {
        log_error("filestore: cannot store %s: %s", name, strerror(errno));
        unlinkat(fs->tmpfd, name, 0);
        unlinkat(fs->dirfd, name, 0);
        return -1;
    }
    return 0;
}

int filestore_open_file(struct filestore *fs, const char *name, uint64_t *size)
{
    if (!valid_name(name))
        return -1;
    int fd = openat(fs->dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    *size = (uint64_t)st.st_size;
    return fd;
}

int filestore_remove(struct filestore *fs, const char *name)
{
    if (!valid_name(name))
        return -1;
    if (unlinkat(fs->dirfd, name, 0) != 0 && errno != ENOENT) {
        log_error("filestore: cannot remove %s: %s", name, strerror(errno));
        return -1;
    }
    return 0;
}

void filestore_sweep(struct filestore *fs, int64_t age_s)
{
    int fd = dup(fs->tmpfd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    rewinddir(d);
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (e->d_name[0] == '.' || fstatat(fs->tmpfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode))
            continue;
        if (now - st.st_mtime > age_s)
            unlinkat(fs->tmpfd, e->d_name, 0);
    }
    closedir(d);
}
