/* A folder of immutable files under random names (the media folder of
 * data_dir): a file is written whole in the folder's tmp/, flushed to disk
 * and renamed into the folder, so a name either holds its complete bytes
 * or does not exist. Names are 32 random hex digits (libsodium) and an extension: they
 * cannot be guessed. It decides nothing about who may read a file. */
#ifndef UTIL_FILESTORE_H
#define UTIL_FILESTORE_H

#include <stddef.h>
#include <stdint.h>

#define FILESTORE_NAME_MAX 48 /* with the NUL */

struct filestore;

/* Opens dir, creating it and its tmp/ (0750, not its parents) when
 * missing; NULL (logged) on failure. */
struct filestore *filestore_open(const char *dir);
void filestore_close(struct filestore *fs);
/* Writes len bytes under a new name "<32 hex>.<ext>" (ext: a few lowercase
 * letters) copied into name. 0, or -1 (logged; nothing is left behind). */
int filestore_put(struct filestore *fs, const void *data, size_t len, const char *ext,
                  char name[FILESTORE_NAME_MAX]);
/* Opens name for reading (close it, or hand it to http_respond_fd); -1 when
 * name is not one of ours or is missing. *size is its length. */
int filestore_open_file(struct filestore *fs, const char *name, uint64_t *size);
/* Removes name; 0 also when it was already gone, -1 (logged) otherwise. */
int filestore_remove(struct filestore *fs, const char *name);
/* Removes the temporary files that a crash mid-write left behind, when
 * older than age_s seconds. */
void filestore_sweep(struct filestore *fs, int64_t age_s);

#endif
