/* The storage interface of the student roster and its import log (the
 * SQLite backend is store/sqlite_roster.c). It holds no rules: core/roster
 * decides what an import adds, changes and removes. Student records are
 * for the privacy guard only; no API route reads them. Strings in returned
 * records come from the caller's arena. */
#ifndef STORE_STORE_ROSTER_H
#define STORE_STORE_ROSTER_H

#include "store/store.h"

enum media_consent { CONSENT_UNKNOWN, CONSENT_GRANTED, CONSENT_REFUSED, CONSENT__MAX };
const char *media_consent_str(enum media_consent c);

/* One student. Optional strings are NULL when absent. */
struct student {
    int64_t id;
    const char *source_id; /* the student information system's id (sourcedId) */
    const char *given, *family, *preferred, *middle;
    const char *number; /* the district's student number (OneRoster identifier) */
    const char *school_source_id, *school_name;
    const char *grade;
    enum media_consent consent;
    int64_t removed_at; /* 0 while on the roster */
};

/* One run of `staffroom import roster`. */
struct roster_import {
    int64_t id, started_at, finished_at;
    const char *source, *format, *mode, *files, *run_by;
    int64_t students, schools, added, updated, removed, unchanged;
};

/* Records an import starting (source, format, mode, files, run_by and
 * started_at of r); sets r->id. */
enum store_err store_roster_import_add(struct store *s, struct roster_import *r);
/* Records an import's counts and finished_at. */
enum store_err store_roster_import_end(struct store *s, const struct roster_import *r);
enum store_err store_roster_import_last(struct store *s, struct arena *a,
                                        struct roster_import *out);

/* The student with this source id, removed or not; STORE_NOTFOUND if none. */
enum store_err store_student_find(struct store *s, struct arena *a, const char *source_id,
                                  struct student *out);
/* Adds st (sets st->id), seen by import_id. */
enum store_err store_student_add(struct store *s, struct student *st, int64_t import_id,
                                 int64_t now);
/* Writes every field of st (by st->id), puts the student back on the roster
 * if they were removed, and marks them seen by import_id. */
enum store_err store_student_update(struct store *s, const struct student *st, int64_t import_id,
                                    int64_t now);
/* Marks an unchanged student seen by import_id. */
enum store_err store_student_seen(struct store *s, int64_t id, int64_t import_id);
/* Takes the student off the roster; STORE_NOTFOUND when not on it. */
enum store_err store_student_remove(struct store *s, const char *source_id, int64_t import_id,
                                    int64_t now);
/* Takes everyone on the roster that import_id did not see off it; *n is how many. */
enum store_err store_students_remove_unseen(struct store *s, int64_t import_id, int64_t now,
                                            int64_t *n);
enum store_err store_student_count(struct store *s, int64_t *n);
/* An active student's media consent (NOTFOUND when removed or unknown id). */
enum store_err store_student_consent(struct store *s, int64_t id, enum media_consent *out);

/* Calls fn for each student on the roster, in id order, until it returns
 * non-zero (which is then returned in *stopped, unless NULL). The record's
 * strings live until fn returns. For building the guard's matcher. */
typedef int store_student_fn(void *ctx, const struct student *st);
enum store_err store_students_each(struct store *s, store_student_fn *fn, void *ctx, int *stopped);

#endif
