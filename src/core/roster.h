/* The student roster import: reads a district's export from its student
 * information system (OneRoster 1.1 or 1.2 CSV, bulk or delta, or a simple
 * students.csv), checks every row, and brings the roster in the store up to
 * date in one write transaction, so that a bad file changes nothing. It owns
 * the formats and their rules; the CSV syntax is util/csv's, the storage
 * store/store_roster.h's. Students are for the privacy guard; nothing here
 * logs or returns a student's name. */
#ifndef CORE_ROSTER_H
#define CORE_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "store/store_roster.h"

enum roster_format { ROSTER_ONEROSTER_11, ROSTER_ONEROSTER_12, ROSTER_SIMPLE, ROSTER_FORMAT__MAX };
const char *roster_format_str(enum roster_format f);

enum roster_err {
    ROSTER_OK = 0,
    ROSTER_EINPUT, /* a file is missing or wrong: see struct roster_error */
    ROSTER_ESTORE, /* the database failed (logged) */
    ROSTER_ENOMEM,
    ROSTER_ERR__MAX
};
const char *roster_err_str(enum roster_err e);

/* Called now and then while files are read: bytes read of all of them. */
typedef void roster_progress_fn(void *ctx, uint64_t done, uint64_t total);

#define ROSTER_MAX_VALUES 16

struct roster_options {
    const char *dir;
    /* Media consent from a column of users.csv (e.g. "metadata.media_consent");
     * NULL: none for OneRoster, "media_consent" for students.csv. */
    const char *consent_column;
    /* The values (ASCII case-insensitive) meaning granted and refused, each
     * list NULL-terminated; NULL: yes,y,true,1,granted and no,n,false,0,refused. */
    const char *const *granted;
    const char *const *refused;
    bool dry_run;       /* check and count, then roll back */
    const char *run_by; /* who ran it, for the import log */
    roster_progress_fn *progress;
    void *progress_ctx;
};

struct roster_summary {
    enum roster_format format;
    bool delta;
    char files[256]; /* the files read, comma-separated */
    int64_t import_id;
    int64_t students; /* students listed, not removed */
    int64_t schools;  /* their schools */
    int64_t added, updated, removed, unchanged;
    int64_t on_roster; /* students on the roster afterwards */
};

/* Where and why an input was refused. line and col are 1-based; 0 when the
 * problem is the file as a whole. */
struct roster_error {
    char file[64];
    uint64_t line, col;
    char column[64]; /* the header name at fault, or "" */
    char msg[320];
};

/* Imports o->dir into the roster. On ROSTER_EINPUT err says what is wrong;
 * on any error nothing is changed. s must not be in a transaction. */
enum roster_err roster_import(struct store *s, const struct roster_options *o,
                              struct roster_summary *out, struct roster_error *err);

/* err as "file:line:col: column: message". */
void roster_error_format(const struct roster_error *err, char *dst, size_t size);

/* Whether g is a grade of the OneRoster set (IT, PR, PK, TK, KG, 01-13, PS, UG, Other). */
bool roster_grade_valid(const char *g);
/* Whether s is an ISO 8601 date (YYYY-MM-DD) or date-time as OneRoster writes them. */
bool roster_date_valid(const char *s);

#endif
