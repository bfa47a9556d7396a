/* The labelled evaluation of the student-privacy guard: generates, from a
 * fixed seed, sentences that name roster students in every form people
 * write them and sentences that do not (staff names, first names alone,
 * common words that are also surnames), writes them to a TSV file (text,
 * label, span) and reports recall and precision of the name findings.
 * Every name finding counts, whatever its confidence; names that are also a
 * staff member's are counted apart, to show they come out below 0.5.
 * Usage: guard-eval [students] [sentences] [out.tsv] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster.h"

static const char *const pos_templates[] = {"Can someone check on %s during lunch?",
                                            "%s did great on the reading test today.",
                                            "I spoke with %s this morning about the field trip.",
                                            "Reminder: %s has a meeting Thursday.",
                                            "Please send %s to the front office after 2nd period.",
                                            "Congrats to %s for the science fair!",
                                            "%s was absent again, can you share the notes?",
                                            "Has anyone seen %s? Bus 14 is waiting.",
                                            "Shout-out to %s, who helped clean the gym.",
                                            "Parent called re: %s and the after-school pickup."};

static const char *const staff_given[] = {"Gertrude",  "Mildred",  "Bartholomew", "Eugenia",
                                          "Cornelius", "Winifred", "Thaddeus",    "Agatha",
                                          "Ignatius",  "Philippa", "Reginald",    "Constance"};
static const char *const staff_family[] = {"Pennington",    "Whitaker", "Ashworth", "Fairbanks",
                                           "Hollingsworth", "Kingsley", "Thornton", "Blackwood",
                                           "Winslow",       "Prescott", "Langley",  "Radcliffe"};

static const char *const neg_templates[] = {
    "%s will cover room 12 while I am out.", "Thanks to %s for organizing the book fair.",
    "Please welcome %s, our new counselor.", "Ask %s about the Chromebook cart."};

static const char *const neg_fixed[] = {
    "Please bring the brown folders and the long ruler to the meeting.",
    "The young readers loved the rose garden on the field trip.",
    "We need more rice, green paint and white paper for the art room.",
    "King of the hill is banned at recess until further notice.",
    "Will the white board in room 3 be fixed by Monday?",
    "The bell schedule changes in May; see the price list for the book fair.",
    "Our hunter green banners arrived; mason jars are in the closet.",
    "Frank feedback from the parent survey is attached.",
    "The spring concert is on March 5 in the gym.",
    "Great work by everyone on the IEP paperwork training.",
    "Maria did a great job leading the reading group.",
    "The Lopez family donated books to the library.",
    "Ask Maria. Brown paper is in the supply closet.", "James and Olivia will run the bake sale.",
    /* Places and famous people whose names are also students': real false positives. */
    "Jordan Hill Park is closed for the field day.",
    "Our 5th graders are reading about George Washington this week.",
    "The bus leaves from Washington Park at 8.", "Meet at the corner of King Street and Hill Road.",
    "Grant Park hosts the district band concert."};

struct tally {
    size_t pos, found, tp, fp, neg, staff_collisions, staff_low;
};

/* Counts flagged name findings in text against the label span [ls, le) (ls == le: negative). */
static void score(struct guard *g, struct guard_result *res, const char *text, size_t ls, size_t le,
                  struct tally *t, FILE *out)
{
    if (guard_check(g, text, strlen(text), res) != GUARD_OK)
        exit(1);
    bool hit = false;
    for (size_t i = 0; i < res->n; i++) {
        const struct guard_finding *f = &res->finding[i];
        if (f->rule != GUARD_RULE_STUDENT_NAME)
            continue;
        bool overlap = ls < le && f->start < le && ls < f->end;
        if (overlap)
            t->tp++, hit = true;
        else
            t->fp++;
    }
    if (ls < le) {
        t->pos++;
        t->found += hit;
        if (!hit && out)
            fprintf(stderr, "missed: %s\n", text);
    } else {
        t->neg++;
    }
    if (out)
        fprintf(out, "%s\t%s\t%zu\t%zu\n", text, ls < le ? "student" : "none", ls, le);
}

/* text = template with its "%s" replaced by name. */
static void fill(char *text, size_t n, const char *tmpl, const char *name)
{
    const char *at = strstr(tmpl, "%s");
    snprintf(text, n, "%.*s%s%s", (int)(at - tmpl), tmpl, name, at + 2);
}

/* Writes the name of s in form k into buf; false if s has no such form. */
static bool name_form(const struct guard_student *s, int k, char *buf, size_t n)
{
    switch (k) {
    case 0:
        snprintf(buf, n, "%s %s", s->given, s->family);
        return true;
    case 1:
    case 2:
        snprintf(buf, n, "%s %s", s->given, s->family);
        for (char *p = buf; *p; p++)
            if ((unsigned char)*p < 0x80)
                *p = k == 1 ? (char)(*p | (*p >= 'A' && *p <= 'Z' ? 0x20 : 0))
                            : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        return true;
    case 3:
        snprintf(buf, n, "%s, %s", s->family, s->given);
        return true;
    case 4:
        if (!s->preferred)
            return false;
        snprintf(buf, n, "%s %s", s->preferred, s->family);
        return true;
    case 5:
        if (!s->middle)
            return false;
        snprintf(buf, n, "%s %s %s", s->given, s->middle, s->family);
        return true;
    case 6:
        if (!s->middle)
            return false;
        size_t ini = 1; /* the whole first character, even if it is "Á" */
        while (((unsigned char)s->middle[ini] & 0xC0) == 0x80)
            ini++;
        snprintf(buf, n, "%s %.*s. %s", s->given, (int)ini, s->middle, s->family);
        return true;
    case 7:
        snprintf(buf, n, "%s %s's", s->given, s->family);
        return true;
    default: {
        if (!strchr(s->family, '-'))
            return false;
        snprintf(buf, n, "%s %s", s->given, s->family);
        *strchr(buf + strlen(s->given) + 1, '-') = ' ';
        return true;
    }
    }
}

/* The name with its diacritics removed, as a writer without accents would type it. */
static void strip_accents(char *buf)
{
    struct guard_fold f = {0};
    if (!guard_fold_text(&f, buf, strlen(buf)))
        exit(1);
    size_t j = 0;
    for (size_t i = 0; i < f.len; i++) {
        unsigned char c = (unsigned char)f.text[i];
        bool first = i == 0 || f.text[i - 1] == ' ' || f.text[i - 1] == ',';
        buf[j++] = (char)(first && c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    buf[j] = '\0';
    guard_fold_free(&f);
}

int main(int argc, char **argv)
{
    size_t nstudents = argc > 1 ? strtoul(argv[1], NULL, 10) : 350000;
    size_t nsent = argc > 2 ? strtoul(argv[2], NULL, 10) : 20000;
    FILE *out = fopen(argc > 3 ? argv[3] : "build/bench/guard-eval.tsv", "w");
    struct roster r;
    roster_make(&r, nstudents, 2000, 7);
    /* Staff: the generated ones (many share a student's name) and ones that do not. */
    size_t nstaff = r.nstaff + 144;
    struct guard_person *staff = calloc(nstaff, sizeof *staff);
    memcpy(staff, r.staff, r.nstaff * sizeof *staff);
    for (size_t i = 0; i < 144; i++)
        staff[r.nstaff + i] = (struct guard_person){staff_given[i % 12], staff_family[i / 12]};
    struct guard_config cfg = {.ref_year = 2026};
    struct guard *g;
    if (guard_open(&cfg, r.st, r.n, staff, nstaff, &g) != GUARD_OK)
        return 1;
    struct guard_result res = {0};
    struct tally t = {0};
    char name[256], text[512];
    for (size_t i = 0; i < nsent; i++) {
        int kind = (int)pick(10);
        if (kind < 7) { /* a student, in one of the forms */
            const struct guard_student *s = &r.st[pick(r.n)];
            int form = (int)pick(10);
            if (!name_form(s, form == 9 ? 0 : form, name, sizeof name))
                name_form(s, 0, name, sizeof name);
            if (form == 9)
                strip_accents(name);
            fill(text, sizeof text, pos_templates[pick(10)], name);
            size_t at = (size_t)(strstr(text, name) - text);
            score(g, &res, text, at, at + strlen(name), &t, out);
        } else if (kind < 9) { /* a staff member who is no student */
            snprintf(name, sizeof name, "%s %s", staff_given[pick(12)], staff_family[pick(12)]);
            fill(text, sizeof text, neg_templates[pick(4)], name);
            score(g, &res, text, 0, 0, &t, out);
        } else {
            score(g, &res, neg_fixed[pick(sizeof neg_fixed / sizeof neg_fixed[0])], 0, 0, &t, out);
        }
    }
    /* Staff who share a student's name: reported, but below 0.5. */
    for (size_t i = 0; i < r.nstaff; i++) {
        snprintf(text, sizeof text, "%s %s will cover room 12.", r.staff[i].given,
                 r.staff[i].family);
        if (guard_check(g, text, strlen(text), &res) != GUARD_OK)
            return 1;
        for (size_t k = 0; k < res.n; k++) {
            if (res.finding[k].rule == GUARD_RULE_STUDENT_NAME && res.finding[k].start == 0) {
                t.staff_collisions++;
                t.staff_low += res.finding[k].confidence < 0.5;
                break;
            }
        }
    }
    double recall = t.pos ? (double)t.found / (double)t.pos : 1.0;
    double precision = t.tp + t.fp ? (double)t.tp / (double)(t.tp + t.fp) : 1.0;
    printf("sentences           %zu naming a student, %zu not\n", t.pos, t.neg);
    printf("recall              %.2f%% (%zu of %zu)   target >= 99%%\n", recall * 100, t.found,
           t.pos);
    printf("precision           %.2f%% (%zu true, %zu false)   target >= 95%%\n", precision * 100,
           t.tp, t.fp);
    printf("staff collisions    %zu staff names are also students'; %zu reported below 0.5\n",
           t.staff_collisions, t.staff_low);
    if (out)
        fclose(out);
    guard_result_free(&res);
    guard_close(g);
    free(staff);
    roster_free(&r);
    return recall >= 0.99 && precision >= 0.95 ? 0 : 1;
}
