/* Unit tests for the roster import (core/roster) and its store: OneRoster
 * 1.1 and 1.2, the simple students.csv, bulk and delta, consent mapping,
 * every refusal with its file, line and column, and that a refused or dry
 * run changes nothing. Each test writes its files into a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/roster.h"
#include "store/store_roster.h"
#include "testutil.h"

/* The import folder lives inside the test database's folder, so that
 * tu_teardown_db removes it too. */
struct fx {
    struct tu_db *t;
    char dir[200];
};

static struct fx fx_of(void **state, const char *sub)
{
    struct fx f = {.t = *state};
    snprintf(f.dir, sizeof f.dir, "%s/%s", f.t->dir, sub);
    mkdir(f.dir, 0700);
    return f;
}

static void put_file(const struct fx *f, const char *name, const char *text)
{
    char p[300];
    snprintf(p, sizeof p, "%s/%s", f->dir, name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void rm_file(const struct fx *f, const char *name)
{
    char p[300];
    snprintf(p, sizeof p, "%s/%s", f->dir, name);
    unlink(p);
}

/* Removes the files of an import folder (the folder itself stays). */
static void clear_dir(const struct fx *f)
{
    static const char *const names[] = {"manifest.csv", "orgs.csv",  "roles.csv",
                                        "consent.csv",  "users.csv", "students.csv"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        rm_file(f, names[i]);
}

static enum roster_err import_with(const struct fx *f, const struct roster_options *base,
                                   struct roster_summary *sum, struct roster_error *err)
{
    struct roster_options o = base ? *base : (struct roster_options){0};
    o.dir = f->dir;
    o.run_by = "tester";
    return roster_import(f->t->s, &o, sum, err);
}

static struct roster_summary ok_import(const struct fx *f, const struct roster_options *o)
{
    struct roster_summary sum;
    struct roster_error err;
    enum roster_err r = import_with(f, o, &sum, &err);
    if (r) {
        char msg[512];
        roster_error_format(&err, msg, sizeof msg);
        fail_msg("import failed: %s (%s)", roster_err_str(r), msg);
    }
    return sum;
}

static struct student find(const struct fx *f, struct arena *a, const char *id)
{
    struct student st;
    assert_int_equal(store_student_find(f->t->s, a, id, &st), STORE_OK);
    return st;
}

static int64_t on_roster(const struct fx *f)
{
    int64_t n;
    assert_int_equal(store_student_count(f->t->s, &n), STORE_OK);
    return n;
}

#define ORGS_11                                                                                    \
    "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"                   \
    "dist,active,2026-11-01,Riverside USD,district,,\r\n"                                          \
    "org1,active,2026-11-01T04:00:00Z,Lincoln Elementary,school,LE,dist\r\n"                       \
    "org2,active,2026-11-01T04:00:00.123+00:00,Adams Middle,school,AM,dist\r\n"

#define USERS_11_HEAD                                                                              \
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"           \
    "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,"  \
    "metadata.media_consent\r\n"

static const struct roster_options consent_opts = {
    .consent_column = "metadata.media_consent",
    .granted = (const char *const[]){"Y", "yes", NULL},
    .refused = (const char *const[]){"N", "no", NULL},
};

static void test_oneroster_11_bulk_with_bom_quotes_and_consent_column(void **state)
{
    struct fx f = fx_of(state, "in");
    put_file(&f, "orgs.csv", "\xEF\xBB\xBF" ORGS_11);
    put_file(
        &f, "users.csv",
        "\xEF\xBB\xBF" USERS_11_HEAD
        "s1,active,2026-11-01,true,\"dist,org1\",student,,,Maria,Lopez,Elena,S1001,,,,,03,,Y\r\n"
        "s2,,2026-11-01,true,org2,student,,,\"Jean \"\"JJ\"\"\",\"O'Brien, Jr\",,S1002,,,,,"
        "07,,n\r\n"
        "s3,active,,true,org2,student,,,Sam,Ng,,S1003,,,,,07,,\r\n"
        "t1,active,2026-11-01,true,org1,teacher,,,Ann,Teacher,,,,,,,,,\r\n");
    struct roster_summary sum = ok_import(&f, &consent_opts);
    assert_int_equal(sum.format, ROSTER_ONEROSTER_11);
    assert_false(sum.delta);
    assert_int_equal(sum.students, 3);
    assert_int_equal(sum.schools, 2);
    assert_int_equal(sum.added, 3);
    assert_int_equal(on_roster(&f), 3);

    struct arena a;
    arena_init(&a, 0);
    struct student st = find(&f, &a, "s1");
    assert_string_equal(st.given, "Maria");
    assert_string_equal(st.middle, "Elena");
    assert_string_equal(st.number, "S1001");
    assert_string_equal(st.school_source_id, "org1"); /* the school, not the district */
    assert_string_equal(st.school_name, "Lincoln Elementary");
    assert_string_equal(st.grade, "03");
    assert_int_equal(st.consent, CONSENT_GRANTED);
    st = find(&f, &a, "s2");
    assert_string_equal(st.given, "Jean \"JJ\"");
    assert_string_equal(st.family, "O'Brien, Jr");
    assert_int_equal(st.consent, CONSENT_REFUSED);
    assert_int_equal(find(&f, &a, "s3").consent, CONSENT_UNKNOWN);
    struct student none;
    assert_int_equal(store_student_find(f.t->s, &a, "t1", &none), STORE_NOTFOUND);

    struct roster_import log;
    assert_int_equal(store_roster_import_last(f.t->s, &a, &log), STORE_OK);
    assert_int_equal(log.id, sum.import_id);
    assert_string_equal(log.format, "oneroster-1.1");
    assert_string_equal(log.mode, "bulk");
    assert_string_equal(log.files, "orgs.csv,users.csv");
    assert_string_equal(log.run_by, "tester");
    assert_int_equal(log.added, 3);
    assert_true(log.finished_at >= log.started_at);
    arena_free(&a);
}

static void test_oneroster_12_roles_decide_who_is_a_student(void **state)
{
    struct fx f = fx_of(state, "in");
    put_file(&f, "manifest.csv",
             "propertyName,value\nmanifest.version,1.0\n"
             "oneroster.version,1.2\nfile.users,bulk\nfile.orgs,bulk\n"
             "file.roles,bulk\n");
    put_file(&f, "orgs.csv", ORGS_11);
    put_file(&f, "users.csv",
             "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,"
             "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,"
             "preferredFirstName,preferredMiddleName,preferredLastName\n"
             "u1,active,2026-11-01,true,,,Katherine,Smith,,S2001,,,,,KG,,Kate,,\n"
             "u2,active,2026-11-01,true,,,Tom,Teach,,,,,,,,,,,\n");
    put_file(&f, "roles.csv",
             "sourcedId,status,dateLastModified,roleType,role,beginDate,endDate,orgSourcedId,"
             "userProfileSourcedId,userSourcedId\n"
             "r1,active,2026-11-01,secondary,student,,,org1,,u1\n"
             "r2,active,2026-11-01,primary,student,,,org2,,u1\n"
             "r3,active,2026-11-01,primary,teacher,,,org1,,u2\n");
    struct roster_summary sum = ok_import(&f, NULL);
    assert_int_equal(sum.format, ROSTER_ONEROSTER_12);
    assert_int_equal(sum.students, 1);
    struct arena a;
    arena_init(&a, 0);
    struct student st = find(&f, &a, "u1");
    assert_string_equal(st.preferred, "Kate");
    assert_string_equal(st.school_source_id, "org2"); /* the primary role's */
    assert_string_equal(st.school_name, "Adams Middle");
    struct student none;
    assert_int_equal(store_student_find(f.t->s, &a, "u2", &none), STORE_NOTFOUND);
    arena_free(&a);
}

static void test_simple_csv_with_default_consent_values(void **state)
{
    struct fx f = fx_of(state, "in");
    put_file(&f, "students.csv",
             "id,given,family,preferred,school,grade,media_consent\n"
             "1001,Ava,Brown,,Lincoln Elementary,K,yes\n"
             "1002,Ben,Cruz,Benny,Lincoln Elementary,4,No\n"
             "1003,Cy,Diaz,,Adams Middle,08,\n");
    struct roster_summary sum = ok_import(&f, NULL);
    assert_int_equal(sum.format, ROSTER_SIMPLE);
    assert_int_equal(sum.students, 3);
    assert_int_equal(sum.schools, 2);
    struct arena a;
    arena_init(&a, 0);
    struct student st = find(&f, &a, "1001");
    assert_string_equal(st.grade, "KG");
    assert_int_equal(st.consent, CONSENT_GRANTED);
    assert_null(st.preferred);
    st = find(&f, &a, "1002");
    assert_string_equal(st.grade, "04");
    assert_string_equal(st.preferred, "Benny");
    assert_int_equal(st.consent, CONSENT_REFUSED);
    assert_int_equal(find(&f, &a, "1003").consent, CONSENT_UNKNOWN);
    arena_free(&a);
}

static void test_bulk_removes_the_unlisted_and_readds_the_returning(void **state)
{
    struct fx f = fx_of(state, "in");
    const char *head = "id,given,family\n";
    char text[256];
    snprintf(text, sizeof text, "%s1,A,One\n2,B,Two\n3,C,Three\n", head);
    put_file(&f, "students.csv", text);
    ok_import(&f, NULL);
    snprintf(text, sizeof text, "%s1,A,One\n2,Bea,Two\n", head);
    put_file(&f, "students.csv", text);
    struct roster_summary sum = ok_import(&f, NULL);
    assert_int_equal(sum.unchanged, 1);
    assert_int_equal(sum.updated, 1);
    assert_int_equal(sum.removed, 1);
    assert_int_equal(on_roster(&f), 2);
    struct arena a;
    arena_init(&a, 0);
    assert_true(find(&f, &a, "3").removed_at > 0);
    snprintf(text, sizeof text, "%s1,A,One\n2,Bea,Two\n3,C,Three\n", head);
    put_file(&f, "students.csv", text);
    sum = ok_import(&f, NULL);
    assert_int_equal(sum.added, 1);
    assert_int_equal(sum.unchanged, 2);
    assert_int_equal(find(&f, &a, "3").removed_at, 0);
    arena_free(&a);
}

static void test_delta_updates_and_removes_only_what_it_lists(void **state)
{
    struct fx f = fx_of(state, "in");
    put_file(&f, "orgs.csv", ORGS_11);
    put_file(&f, "users.csv",
             USERS_11_HEAD "s1,active,2026-11-01,true,org1,student,,,Maria,Lopez,,,,,,,03,,Y\r\n"
                           "s2,active,2026-11-01,true,org1,student,,,Jean,Obi,,,,,,,03,,N\r\n"
                           "s3,active,2026-11-01,true,org1,student,,,Sam,Ng,,,,,,,03,,\r\n");
    ok_import(&f, &consent_opts);
    clear_dir(&f);
    put_file(&f, "manifest.csv", "propertyName,value\noneroster.version,1.1\nfile.users,delta\n");
    put_file(&f, "users.csv",
             "sourcedId,status,dateLastModified,orgSourcedIds,role,givenName,"
             "familyName,grades\n"
             "s1,active,2026-11-02,org2,student,Maria,Lopez,04\n"
             "s2,tobedeleted,2026-11-02,,student,,,\n"
             "s4,active,2026-11-02,org1,student,New,Kid,03\n");
    struct roster_summary sum = ok_import(&f, NULL);
    assert_true(sum.delta);
    assert_int_equal(sum.updated, 1);
    assert_int_equal(sum.removed, 1);
    assert_int_equal(sum.added, 1);
    assert_int_equal(on_roster(&f), 3); /* s1, s3, s4: s3 was not in the delta */
    struct arena a;
    arena_init(&a, 0);
    struct student st = find(&f, &a, "s1");
    assert_string_equal(st.grade, "04");
    assert_string_equal(st.school_source_id, "org2");
    assert_null(st.school_name);                   /* org2 was not in this delta */
    assert_int_equal(st.consent, CONSENT_GRANTED); /* kept: no consent source */
    assert_true(find(&f, &a, "s2").removed_at > 0);
    assert_int_equal(find(&f, &a, "s3").removed_at, 0);
    arena_free(&a);
}

static void test_consent_csv_sets_consent(void **state)
{
    struct fx f = fx_of(state, "in");
    put_file(&f, "students.csv", "id,given,family\n1,A,One\n2,B,Two\n3,C,Three\n");
    put_file(&f, "consent.csv", "student_id,consent\n1,granted\n2,REFUSED\n");
    ok_import(&f, NULL);
    struct arena a;
    arena_init(&a, 0);
    assert_int_equal(find(&f, &a, "1").consent, CONSENT_GRANTED);
    assert_int_equal(find(&f, &a, "2").consent, CONSENT_REFUSED);
    assert_int_equal(find(&f, &a, "3").consent, CONSENT_UNKNOWN);
    arena_free(&a);
}

struct bad_case {
    const char *name;        /* what is wrong */
    const char *file, *text; /* written before the import (users.csv or students.csv) */
    const char *efile;       /* expected in the error */
    uint64_t line, col;
    const char *column, *msg_part;
};

#define SIMPLE_HEAD "id,given,family,preferred,school,grade,media_consent\n"

static const struct bad_case bad_cases[] = {
    {"missing column", "students.csv", "id,given\n1,A\n", "students.csv", 1, 1, "family",
     "expected a column named family"},
    {"empty id", "students.csv", SIMPLE_HEAD "1,A,B,,,,\n,C,D,,,,\n", "students.csv", 3, 1, "id",
     "expected a value"},
    {"duplicate id", "students.csv", SIMPLE_HEAD "7,A,B,,,,\n7,C,D,,,,\n", "students.csv", 3, 1,
     "id", "unique"},
    {"control character", "students.csv", SIMPLE_HEAD "1,A\tx,B,,,,\n", "students.csv", 2, 3,
     "given", "control characters"},
    {"invalid UTF-8", "students.csv", SIMPLE_HEAD "1,A,B\xC3(,,,,\n", "students.csv", 2, 5,
     "family", "UTF-8"},
    {"bad grade", "students.csv", SIMPLE_HEAD "1,A,B,,,14,\n", "students.csv", 2, 9, "grade",
     "OneRoster grade"},
    {"bad consent", "students.csv", SIMPLE_HEAD "1,A,B,,,01,maybe\n", "students.csv", 2, 12,
     "media_consent", "expected consent"},
    {"bare quote", "students.csv", SIMPLE_HEAD "1,A,B\"c,,,,\n", "students.csv", 2, 6, "", "quote"},
    {"too many fields", "students.csv", "id,given,family\n1,A,B,extra\n", "students.csv", 2, 7, "",
     "3 fields"},
    {"empty given name", "students.csv", SIMPLE_HEAD "1, ,B,,,,\n", "students.csv", 2, 3, "given",
     "expected a value"},
    {"bad date", "users.csv",
     "sourcedId,status,dateLastModified,role,givenName,familyName\n"
     "s1,active,2026-02-30,student,A,B\n",
     "users.csv", 2, 11, "dateLastModified", "expected a date"},
    {"bad status", "users.csv",
     "sourcedId,status,dateLastModified,role,givenName,familyName\n"
     "s1,gone,2026-02-03,student,A,B\n",
     "users.csv", 2, 4, "status", "active or tobedeleted"},
    {"1.1 without a role column", "users.csv", "sourcedId,givenName,familyName\ns1,A,B\n",
     "users.csv", 1, 1, "role", "roles.csv beside"},
    {"bad name length", "students.csv",
     SIMPLE_HEAD
     "1,A,BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
     "BBBBBBBBBBBBBBBBBBBBB,,,,\n",
     "students.csv", 2, 5, "family", "at most 100"},
};

static void test_every_refusal_names_file_line_and_column(void **state)
{
    struct fx f = fx_of(state, "in");
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        clear_dir(&f);
        put_file(&f, c->file, c->text);
        struct roster_summary sum;
        struct roster_error err;
        enum roster_err r = import_with(&f, NULL, &sum, &err);
        char msg[512];
        roster_error_format(&err, msg, sizeof msg);
        print_message("%s: %s\n", c->name, msg);
        assert_int_equal(r, ROSTER_EINPUT);
        assert_string_equal(err.file, c->efile);
        assert_int_equal(err.line, c->line);
        assert_int_equal(err.col, c->col);
        assert_string_equal(err.column, c->column);
        assert_non_null(strstr(err.msg, c->msg_part));
    }
    assert_int_equal(on_roster(&f), 0);
}

static void test_side_file_errors_are_placed_too(void **state)
{
    struct fx f = fx_of(state, "in");
    struct roster_summary sum;
    struct roster_error err;
    put_file(&f, "users.csv",
             USERS_11_HEAD "s1,active,2026-11-01,true,org9,student,,,A,B,,,,,,,03,,\r\n");
    put_file(&f, "orgs.csv", ORGS_11);
    assert_int_equal(import_with(&f, NULL, &sum, &err), ROSTER_EINPUT);
    assert_string_equal(err.file, "users.csv");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 27);
    assert_string_equal(err.column, "orgSourcedIds");
    assert_non_null(strstr(err.msg, "orgs.csv"));

    put_file(&f, "manifest.csv", "propertyName,value\nfile.users,sometimes\n");
    assert_int_equal(import_with(&f, NULL, &sum, &err), ROSTER_EINPUT);
    assert_string_equal(err.file, "manifest.csv");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 12);
    rm_file(&f, "manifest.csv");

    put_file(&f, "orgs.csv", "sourcedId,name,type\norg9,\"Lincoln\n");
    assert_int_equal(import_with(&f, NULL, &sum, &err), ROSTER_EINPUT);
    assert_string_equal(err.file, "orgs.csv");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 6);
    assert_non_null(strstr(err.msg, "closing quote"));

    put_file(&f, "orgs.csv", ORGS_11);
    struct roster_options o = {.consent_column = "metadata.photo"};
    assert_int_equal(import_with(&f, &o, &sum, &err), ROSTER_EINPUT);
    assert_string_equal(err.file, "users.csv");
    assert_string_equal(err.column, "metadata.photo");

    clear_dir(&f);
    assert_int_equal(import_with(&f, NULL, &sum, &err), ROSTER_EINPUT);
    assert_non_null(strstr(err.msg, "students.csv"));
}

static void test_a_refused_import_changes_nothing(void **state)
{
    struct fx f = fx_of(state, "in");
    put_file(&f, "students.csv", "id,given,family,grade\n1,A,One,01\n2,B,Two,01\n");
    struct roster_summary first = ok_import(&f, NULL);
    /* Row 2 changes a student and row 3 adds one before row 4 is refused. */
    put_file(&f, "students.csv",
             "id,given,family,grade\n1,Zed,One,02\n3,C,Three,01\n"
             "4,D,Four,99\n");
    struct roster_summary sum;
    struct roster_error err;
    assert_int_equal(import_with(&f, NULL, &sum, &err), ROSTER_EINPUT);
    assert_int_equal(err.line, 4);
    struct arena a;
    arena_init(&a, 0);
    struct student st = find(&f, &a, "1");
    assert_string_equal(st.given, "A");
    assert_string_equal(st.grade, "01");
    struct student none;
    assert_int_equal(store_student_find(f.t->s, &a, "3", &none), STORE_NOTFOUND);
    assert_int_equal(find(&f, &a, "2").removed_at, 0);
    struct roster_import log;
    assert_int_equal(store_roster_import_last(f.t->s, &a, &log), STORE_OK);
    assert_int_equal(log.id, first.import_id);
    arena_free(&a);
}

static void test_a_dry_run_counts_but_changes_nothing(void **state)
{
    struct fx f = fx_of(state, "in");
    put_file(&f, "students.csv", "id,given,family\n1,A,One\n2,B,Two\n");
    struct roster_options o = {.dry_run = true};
    struct roster_summary sum = ok_import(&f, &o);
    assert_int_equal(sum.added, 2);
    assert_int_equal(on_roster(&f), 0);
    struct arena a;
    arena_init(&a, 0);
    struct roster_import log;
    assert_int_equal(store_roster_import_last(f.t->s, &a, &log), STORE_NOTFOUND);
    arena_free(&a);
}

static void test_an_empty_bulk_does_not_empty_the_roster(void **state)
{
    struct fx f = fx_of(state, "in");
    put_file(&f, "students.csv", "id,given,family\n1,A,One\n");
    ok_import(&f, NULL);
    put_file(&f, "students.csv", "id,given,family\n");
    struct roster_summary sum;
    struct roster_error err;
    assert_int_equal(import_with(&f, NULL, &sum, &err), ROSTER_EINPUT);
    assert_non_null(strstr(err.msg, "found none"));
    assert_int_equal(on_roster(&f), 1);
}

struct each_ctx {
    int n;
    char ids[8][16];
};

static int collect(void *ctx, const struct student *st)
{
    struct each_ctx *c = ctx;
    snprintf(c->ids[c->n++], sizeof c->ids[0], "%s", st->source_id);
    return c->n == 8;
}

static void test_streaming_gives_only_students_on_the_roster(void **state)
{
    struct fx f = fx_of(state, "in");
    put_file(&f, "students.csv", "id,given,family\n1,A,One\n2,B,Two\n3,C,Three\n");
    ok_import(&f, NULL);
    put_file(&f, "students.csv", "id,given,family\n1,A,One\n3,C,Three\n");
    ok_import(&f, NULL);
    struct each_ctx c = {0};
    int stopped = -1;
    assert_int_equal(store_students_each(f.t->s, collect, &c, &stopped), STORE_OK);
    assert_int_equal(stopped, 0);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.ids[0], "1");
    assert_string_equal(c.ids[1], "3");
}

static void test_grades_and_dates(void **state)
{
    (void)state;
    static const char *const good[] = {"IT", "PR", "PK", "TK", "KG",   "01",
                                       "09", "13", "PS", "UG", "Other"};
    static const char *const bad[] = {"", "K", "1", "00", "14", "kg", "other", "1a", "012"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(roster_grade_valid(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(roster_grade_valid(bad[i]));
    assert_true(roster_date_valid("2026-11-23"));
    assert_true(roster_date_valid("2024-02-29"));
    assert_true(roster_date_valid("2026-11-23T04:05:06Z"));
    assert_true(roster_date_valid("2026-11-23T04:05:06.789-05:00"));
    assert_true(roster_date_valid("2026-11-23T04:05"));
    assert_false(roster_date_valid("2025-02-29"));
    assert_false(roster_date_valid("2026-11-31"));
    assert_false(roster_date_valid("11/23/2026"));
    assert_false(roster_date_valid("2026-11-23T25:00:00Z"));
    assert_false(roster_date_valid("2026-11-23Tnoon"));
    assert_false(roster_date_valid("2026-11-23T04:05:06Zx"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, tu_setup_db, tu_teardown_db)

static int group_setup(void **state)
{
    (void)state;
    return tu_init();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_oneroster_11_bulk_with_bom_quotes_and_consent_column),
        T(test_oneroster_12_roles_decide_who_is_a_student),
        T(test_simple_csv_with_default_consent_values),
        T(test_bulk_removes_the_unlisted_and_readds_the_returning),
        T(test_delta_updates_and_removes_only_what_it_lists),
        T(test_consent_csv_sets_consent),
        T(test_every_refusal_names_file_line_and_column),
        T(test_side_file_errors_are_placed_too),
        T(test_a_refused_import_changes_nothing),
        T(test_a_dry_run_counts_but_changes_nothing),
        T(test_an_empty_bulk_does_not_empty_the_roster),
        T(test_streaming_gives_only_students_on_the_roster),
        cmocka_unit_test(test_grades_and_dates),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
