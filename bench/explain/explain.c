/* Prints the query plan (EXPLAIN QUERY PLAN) of each statement on the hot
 * paths, the home feed, a post page and writing a post or comment, against a
 * district database, from the very SQL the server prepares (the store's
 * statement tables). docs/PERFORMANCE.md quotes its output.
 *
 * usage: build/bench/explain DB [NAME...]   (no NAME: the hot paths) */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "store/sql_announce.h"
#include "store/sql_core.h"
#include "store/sql_media.h"

struct stmt {
    const char *name, *sql;
};

#define ROW(name, sql) {#name, sql},
static const struct stmt all[] = {CORE_STATEMENTS(ROW) ANNOUNCE_STATEMENTS(ROW)
                                      MEDIA_STATEMENTS(ROW)};

static const char *const hot[] = {
    /* every request with a token */
    "TOKEN_LOOKUP",
    /* the home feed */
    "FEED_GROUPS", "GROUP_POST_IDS", "PINNED_HOME", "POSTS_HYDRATE", "REACTION_COUNTS",
    "COMMENT_LATEST", "MEDIA_OF_POSTS",
    /* writing a post or a comment, and its fan-out */
    "POST_CREATE", "COMMENT_CREATE", "NOTE_LEVEL", "NOTE_FOLLOWERS", "FOLLOW_SET", "EVENT_ADD",
    NULL};

static int explain(sqlite3 *db, const struct stmt *s)
{
    char q[16384];
    snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", s->sql);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "explain: %s: %s\n", s->name, sqlite3_errmsg(db));
        return 1;
    }
    printf("%s:\n", s->name);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int parent = sqlite3_column_int(st, 1);
        printf("  %s%s\n", parent ? "  " : "", (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DB [STATEMENT...]\n", argv[0]);
        return 2;
    }
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "explain: %s: %s\n", argv[1], sqlite3_errmsg(db));
        return 1;
    }
    int rc = 0;
    const char *const *names = argc > 2 ? (const char *const *)argv + 2 : hot;
    for (size_t i = 0; names[i]; i++) {
        const struct stmt *s = NULL;
        for (size_t k = 0; k < sizeof all / sizeof *all && !s; k++)
            if (!strcmp(all[k].name, names[i]))
                s = &all[k];
        if (!s) {
            fprintf(stderr, "explain: no statement %s\n", names[i]);
            rc = 1;
            continue;
        }
        rc |= explain(db, s);
    }
    sqlite3_close(db);
    return rc;
}
