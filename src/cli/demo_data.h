/* Static tables for the demo district, "Riverside Unified School District"
 * (Riverside USD): organisations, staff names, job titles, groups and the
 * text of posts, comments and replies. This file owns only data; the demo
 * generator combines it with a seeded PRNG, and owns every allocation,
 * login, date and database write. No table holds a student's name or any
 * other student information: posts speak of students only generically. The
 * synthetic roster's name tables (below) are for the privacy guard only and
 * never appear in any text. */
#ifndef CLI_DEMO_DATA_H
#define CLI_DEMO_DATA_H

#include <stddef.h>

/* Every string below is NUL-terminated, valid UTF-8 and at most 2000 bytes.
 * No string contains '%' except the "%s" of a per-school group template
 * (see demo_groups), so none of them needs escaping before formatting. */

/* --- Organisations ------------------------------------------------------
 * demo_orgs[0] is the district office (kind "district", level ""). Then the
 * schools (kind "school", level "elementary", "middle" or "high"), then the
 * central departments (kind "department", level ""). */
struct demo_org {
    const char *name;
    const char *kind;  /* "district", "school", "department" */
    const char *level; /* "elementary", "middle", "high", or "" */
};
extern const struct demo_org demo_orgs[];
extern const size_t demo_orgs_count;

/* Maps a title's or group audience's `where` key to the name of the one
 * organisation in demo_orgs that key means: "district" -> the district
 * office, "transportation" -> "Transportation", "food" -> "Food & Nutrition
 * Services", "technology", "hr", "sped", "curriculum", "communications"
 * likewise. The school keys ("school", "elementary", "middle", "high") are
 * not here: they mean any school (of that level). */
struct demo_dept {
    const char *where;
    const char *org; /* exactly a demo_orgs[i].name */
};
extern const struct demo_dept demo_depts[];
extern const size_t demo_depts_count;

/* --- People -------------------------------------------------------------
 * Adult first and last names, combined at random. Some carry diacritics
 * ("José", "Zoë", "Müller"), apostrophes ("O'Brien"), hyphens
 * ("García-López") or spaces ("Van der Berg"); a login derived from them
 * must be transliterated and stripped to whatever the login rules allow.
 * None of these names appears as a word in any post, comment, reply or
 * group text below. */
extern const char *const demo_first_names[];
extern const size_t demo_first_names_count;
extern const char *const demo_last_names[];
extern const size_t demo_last_names_count;

/* --- Students -----------------------------------------------------------
 * Given and family names of the synthetic roster, combined at random. No
 * given name here is a staff first name and no family name a staff last
 * name (folded: "Zoë" = "Zoe"), so no student shares a staff member's full
 * name; none is an English word, and none appears in any post, comment,
 * reply or group text above or below. The one fixed student, "Sofia
 * Ramirez" at Mission Hills Elementary, is the generator's, not a pair of
 * these tables. */
extern const char *const demo_student_given[];
extern const size_t demo_student_given_count;
extern const char *const demo_student_family[];
extern const size_t demo_student_family_count;

/* --- Job titles ---------------------------------------------------------
 * `where` says which organisation a holder of the title works in:
 *   "school"      any school, whatever its level;
 *   "elementary", "middle", "high"  a school of that level;
 *   any other key the organisation demo_depts maps it to.
 * `weight` is the relative frequency of the title among staff (pick a title
 * with probability weight / sum of weights). The weights sum to about 600,
 * so in a district of about 600 staff a weight is the expected headcount:
 * about half are teachers, 14 are principals (one per school), one is the
 * Superintendent. A generator that wants exactly one principal per school,
 * or exactly one holder of a weight-1 title, should assign those first.
 * Every title with the word "Teacher" in it is a teacher (audience
 * "teachers"); no other title contains that word. */
struct demo_title {
    const char *title;
    const char *where;
    unsigned weight;
};
extern const struct demo_title demo_titles[];
extern const size_t demo_titles_count;

/* The titles (each exactly a demo_titles[i].title) whose holders make up
 * the audience "leaders": principals and district leaders. */
extern const char *const demo_leader_titles[];
extern const size_t demo_leader_titles_count;

/* --- Groups -------------------------------------------------------------
 * `audience` says who the members are, and for "school:each" how many
 * groups the row stands for:
 *   "all"               every staff member;
 *   "teachers"          every staff member whose title contains "Teacher";
 *   "leaders"           every holder of a demo_leader_titles title;
 *   "interest"          a random 10-30 percent of all staff;
 *   "dept:<where>"      everyone working in the organisation demo_depts
 *                       maps <where> to (e.g. "dept:transportation",
 *                       "dept:district" for the district office);
 *   "school:elementary", "school:middle", "school:high"
 *                       one group: everyone working at any school of that
 *                       level;
 *   "school:each"       a template: one group per demo_orgs entry of kind
 *                       "school". Both `name` and `purpose` contain exactly
 *                       one "%s" and no other '%'; expand each with
 *                       snprintf(buf, size, row->name, school->name) (and
 *                       likewise for purpose). Members: everyone working at
 *                       that school.
 * Any other row has no "%s" and stands for exactly one group. */
struct demo_group {
    const char *name;
    const char *purpose;
    const char *privacy; /* "open", "closed", "secret" */
    const char *audience;
};
extern const struct demo_group demo_groups[];
extern const size_t demo_groups_count;

/* --- Posts, comments, replies -------------------------------------------
 * Markdown bodies (GitHub-flavoured: bold, lists, links, tables), 1-8
 * lines each, lines separated by '\n' with no trailing newline. Two
 * placeholders may occur, each any number of times:
 *   {group}    replace with the name of the group the post is in;
 *   {mention}  replace with '@' followed by the login of a colleague other
 *              than the author (a different colleague for each occurrence
 *              where possible).
 * Nothing else in the bodies is a placeholder; braces occur only in these
 * two. Links point at https://www.riversideusd.example/ (a reserved
 * domain). Comments and replies are single short lines; replies answer a
 * comment and read sensibly under most comments. */
extern const char *const demo_post_bodies[];
extern const size_t demo_post_bodies_count;
extern const char *const demo_comment_bodies[];
extern const size_t demo_comment_bodies_count;
extern const char *const demo_reply_bodies[];
extern const size_t demo_reply_bodies_count;

#endif
