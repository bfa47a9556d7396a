/* Unit tests for the professional-language check (src/guard/lexicon.c): the
 * list format and its errors, loading a district's directory, whole-word and
 * phrase matching, the obfuscations it sees through (case, accents, repeated
 * letters, separators, stars, digits and symbols), original byte spans, and
 * a corpus of ordinary school sentences that must pass. Run from the
 * repository root (share/lexicon is read once, to compare with the lists
 * embedded in the binary). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guard/lexicon.h"

static int setup(void **state)
{
    char err[256];
    struct lexicon *lx = NULL;
    if (!lexicon_open(lexicon_default, lexicon_default_count, &lx, err, sizeof err)) {
        fprintf(stderr, "default lexicon: %s\n", err);
        return -1;
    }
    *state = lx;
    return 0;
}

static int teardown(void **state)
{
    lexicon_close(*state);
    return 0;
}

/* Checks text and returns a copy of its findings (n in *n); free() it. */
static struct lexicon_finding *check(const struct lexicon *lx, const char *text, size_t *n)
{
    struct lexicon_result r = {0};
    assert_true(lexicon_check(lx, text, strlen(text), &r));
    *n = r.n;
    struct lexicon_finding *copy = calloc(r.n + 1, sizeof *copy);
    assert_non_null(copy);
    if (r.n)
        memcpy(copy, r.finding, r.n * sizeof *copy);
    lexicon_result_free(&r);
    return copy;
}

/* The first finding of category c in text (severity at least min), or
 * NULL; the finding is copied to *out. */
static bool find(const struct lexicon *lx, const char *text, enum lexicon_category c,
                 enum guard_severity min, struct lexicon_finding *out)
{
    size_t n;
    struct lexicon_finding *f = check(lx, text, &n);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++) {
        if (f[i].category == c && f[i].severity >= min) {
            *out = f[i];
            found = true;
        }
    }
    free(f);
    return found;
}

/* Asserts that text has a finding of category c covering exactly span. */
static void expect_span(const struct lexicon *lx, const char *text, enum lexicon_category c,
                        const char *span)
{
    struct lexicon_finding f;
    if (!find(lx, text, c, GUARD_SEV_INFO, &f))
        fail_msg("no %s found in \"%s\"", lexicon_category_str(c), text);
    const char *at = strstr(text, span);
    assert_non_null(at);
    if (f.start != (uint32_t)(at - text) || f.end != f.start + strlen(span))
        fail_msg("\"%s\": span [%u, %u), expected \"%s\"", text, f.start, f.end, span);
}

static void expect_none(const struct lexicon *lx, const char *text)
{
    size_t n;
    struct lexicon_finding *f = check(lx, text, &n);
    if (n)
        fail_msg("\"%s\": unexpected %s \"%s\" at [%u, %u)", text,
                 lexicon_category_str(f[0].category), lexicon_entry_text(lx, f[0].entry),
                 f[0].start, f[0].end);
    free(f);
}

/* A lexicon of one category from a literal list. */
static struct lexicon *open_list(enum lexicon_category c, const char *text)
{
    struct lexicon_source src = {
        .category = c, .name = "test.txt", .text = text, .len = strlen(text)};
    struct lexicon *lx = NULL;
    char err[256];
    if (!lexicon_open(&src, 1, &lx, err, sizeof err))
        fail_msg("test.txt: %s", err);
    return lx;
}

/* The error building from text gives, "" if it builds. */
static void expect_error(const char *text, const char *error)
{
    struct lexicon_source src = {
        .category = LEXICON_PROFANITY, .name = "bad.txt", .text = text, .len = strlen(text)};
    struct lexicon *lx = NULL;
    char err[256];
    assert_false(lexicon_open(&src, 1, &lx, err, sizeof err));
    assert_null(lx);
    assert_string_equal(err, error);
}

/* ---- the format ---- */

static void test_category_names(void **state)
{
    assert_string_equal(lexicon_category_str(LEXICON_PROFANITY), "profanity");
    assert_string_equal(lexicon_category_str(LEXICON_SLUR), "slur");
    assert_string_equal(lexicon_category_str(LEXICON_HARASSMENT), "harassment");
    assert_string_equal(lexicon_category_str(LEXICON_THREAT), "threat");
    assert_string_equal(lexicon_category_str(LEXICON_CATEGORY__MAX), "?");
    assert_string_equal(lexicon_category_file(LEXICON_SLUR), "slurs.txt");
    assert_string_equal(lexicon_category_file(LEXICON_THREAT), "threats.txt");
}

static void test_default_lists_are_embedded(void **state)
{
    assert_int_equal(lexicon_default_count, LEXICON_CATEGORY__MAX);
    bool seen[LEXICON_CATEGORY__MAX] = {0};
    for (size_t i = 0; i < lexicon_default_count; i++) {
        seen[lexicon_default[i].category] = true;
        assert_true(lexicon_default[i].len > 500);
        assert_int_equal(lexicon_default[i].text[0], '#'); /* each file opens with its header */
    }
    for (int c = 0; c < LEXICON_CATEGORY__MAX; c++)
        assert_true(seen[c]);
    assert_true(lexicon_size(*state) > 400);
    assert_true(lexicon_size(*state) < 1000);
}

static void test_embedded_lists_match_share_lexicon(void **state)
{
    struct lexicon *lx = NULL;
    char err[256];
    assert_true(lexicon_load_dir("share/lexicon", &lx, err, sizeof err));
    assert_int_equal(lexicon_size(lx), lexicon_size(*state));
    for (uint32_t i = 0; i < lexicon_size(lx); i++)
        assert_string_equal(lexicon_entry_text(lx, i), lexicon_entry_text(*state, i));
    lexicon_close(lx);
}

static void test_comments_blank_lines_and_severity(void **state)
{
    struct lexicon *lx = open_list(LEXICON_HARASSMENT, "# a header\n"
                                                       "\n"
                                                       "   \n"
                                                       "dolt # an insult\n"
                                                       "oaf | low\n"
                                                       "lout\thigh\r\n"
                                                       "churl\t| INFO\n"
                                                       "you twit*|medium");
    assert_int_equal(lexicon_size(lx), 5);
    assert_string_equal(lexicon_entry_text(lx, 0), "dolt");
    assert_string_equal(lexicon_entry_text(lx, 4), "you twit*");
    struct lexicon_finding f;
    assert_true(find(lx, "what a dolt", LEXICON_HARASSMENT, GUARD_SEV_INFO, &f));
    assert_int_equal(f.severity, GUARD_SEV_MEDIUM); /* harassment's default */
    assert_true(find(lx, "an oaf", LEXICON_HARASSMENT, GUARD_SEV_INFO, &f));
    assert_int_equal(f.severity, GUARD_SEV_LOW);
    assert_true(find(lx, "a lout", LEXICON_HARASSMENT, GUARD_SEV_INFO, &f));
    assert_int_equal(f.severity, GUARD_SEV_HIGH);
    assert_true(find(lx, "a churl", LEXICON_HARASSMENT, GUARD_SEV_INFO, &f));
    assert_int_equal(f.severity, GUARD_SEV_INFO);
    assert_true(find(lx, "you twits", LEXICON_HARASSMENT, GUARD_SEV_INFO, &f));
    assert_int_equal(f.entry, 4);
    lexicon_close(lx);
}

static void test_default_severity_by_category(void **state)
{
    static const struct {
        enum lexicon_category c;
        enum guard_severity sev;
    } want[] = {{LEXICON_PROFANITY, GUARD_SEV_MEDIUM},
                {LEXICON_SLUR, GUARD_SEV_HIGH},
                {LEXICON_HARASSMENT, GUARD_SEV_MEDIUM},
                {LEXICON_THREAT, GUARD_SEV_HIGH}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct lexicon *lx = open_list(want[i].c, "zorp");
        struct lexicon_finding f;
        assert_true(find(lx, "zorp", want[i].c, GUARD_SEV_INFO, &f));
        assert_int_equal(f.severity, want[i].sev);
        lexicon_close(lx);
    }
}

static void test_malformed_lines_name_file_and_line(void **state)
{
    expect_error("ok\nfu*ck\n", "bad.txt:2: '*' may only end an entry");
    expect_error("ok\n\nkill | severe\n",
                 "bad.txt:3: the severity must be info, low, medium or high");
    expect_error("a b c d e f g h i\n", "bad.txt:1: more than 8 words");
    expect_error("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
                 "bad.txt:1: an entry longer than 64 bytes");
    expect_error("sh!t\n", "bad.txt:1: unexpected character '!' (entries are words)");
    expect_error("bad \xff word\n", "bad.txt:1: invalid UTF-8");
    expect_error("ab*\n", "bad.txt:1: a word ending in '*' needs at least 3 letters");
    expect_error("word *\n", "bad.txt:1: '*' must end a word");
    expect_error("| high\n", "bad.txt:1: a severity without an entry");
    expect_error("-- ''\n", "bad.txt:1: no letters in the entry");
    expect_error("ok\x01\n", "bad.txt:1: control character");
}

static void test_eight_words_and_64_bytes_are_allowed(void **state)
{
    struct lexicon *lx = open_list(
        LEXICON_THREAT, "one two three four five six seven eight\n"
                        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_int_equal(lexicon_size(lx), 2);
    struct lexicon_finding f;
    assert_true(find(lx, "so: one two three four five six seven eight!", LEXICON_THREAT,
                     GUARD_SEV_INFO, &f));
    lexicon_close(lx);
}

static void test_duplicate_entry_keeps_the_higher_severity(void **state)
{
    struct lexicon_source src[] = {
        {.category = LEXICON_HARASSMENT, .name = "h", .text = "kill you | low", .len = 14},
        {.category = LEXICON_THREAT, .name = "t", .text = "kill you", .len = 8},
    };
    struct lexicon *lx = NULL;
    char err[256];
    assert_true(lexicon_open(src, 2, &lx, err, sizeof err));
    size_t n;
    struct lexicon_finding *f = check(lx, "I will kill you", &n);
    assert_int_equal(n, 1);
    assert_int_equal(f[0].category, LEXICON_THREAT);
    assert_int_equal(f[0].severity, GUARD_SEV_HIGH);
    free(f);
    lexicon_close(lx);
}

/* ---- loading a district's directory ---- */

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

static void test_load_dir_missing_files_are_empty_categories(void **state)
{
    char dir[] = "/tmp/staffroom-lexicon-XXXXXX", path[128];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/threats.txt", dir);
    write_file(path, "# ours\nmeet me in the parking lot\n");
    struct lexicon *lx = NULL;
    char err[256];
    assert_true(lexicon_load_dir(dir, &lx, err, sizeof err));
    assert_int_equal(lexicon_size(lx), 1);
    struct lexicon_finding f;
    assert_true(find(lx, "Meet me in the parking lot.", LEXICON_THREAT, GUARD_SEV_HIGH, &f));
    assert_false(find(lx, "what the fuck", LEXICON_PROFANITY, GUARD_SEV_INFO, &f));
    lexicon_close(lx);
    unlink(path);
    rmdir(dir);
}

static void test_load_dir_bad_line_names_the_path(void **state)
{
    char dir[] = "/tmp/staffroom-lexicon-XXXXXX", path[128], want[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/slurs.txt", dir);
    write_file(path, "# header\nfine\nno*good\n");
    struct lexicon *lx = NULL;
    char err[256];
    assert_false(lexicon_load_dir(dir, &lx, err, sizeof err));
    assert_null(lx);
    snprintf(want, sizeof want, "%s:3: '*' may only end an entry", path);
    assert_string_equal(err, want);
    unlink(path);
    rmdir(dir);
}

static void test_load_dir_missing_directory_is_an_error(void **state)
{
    struct lexicon *lx = NULL;
    char err[256];
    assert_false(lexicon_load_dir("/nonexistent/lexicon", &lx, err, sizeof err));
    assert_null(lx);
    assert_string_equal(err, "/nonexistent/lexicon: No such file or directory");
}

static void test_load_dir_unreadable_file_is_an_error(void **state)
{
    char dir[] = "/tmp/staffroom-lexicon-XXXXXX", path[128];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/profanity.txt", dir);
    assert_int_equal(mkdir(path, 0700), 0); /* a directory where the file should be */
    struct lexicon *lx = NULL;
    char err[256];
    assert_false(lexicon_load_dir(dir, &lx, err, sizeof err));
    assert_null(lx);
    assert_non_null(strstr(err, "profanity.txt"));
    rmdir(path);
    rmdir(dir);
}

/* ---- matching ---- */

static void test_whole_words_case_and_prefixes(void **state)
{
    expect_span(*state, "Oh FUCK, the copier", LEXICON_PROFANITY, "FUCK");
    expect_span(*state, "this fucking copier", LEXICON_PROFANITY, "fucking");
    expect_span(*state, "Motherfucker.", LEXICON_PROFANITY, "Motherfucker");
    expect_span(*state, "what a shitshow", LEXICON_PROFANITY, "shitshow");
    struct lexicon_finding f;
    assert_true(find(*state, "what a shitshow", LEXICON_PROFANITY, GUARD_SEV_MEDIUM, &f));
    assert_string_equal(lexicon_entry_text(*state, f.entry), "shitshow*");
}

static void test_entry_double_letters_must_be_present(void **state)
{
    struct lexicon *lx = open_list(LEXICON_PROFANITY, "ass\nboob\n");
    struct lexicon_finding f;
    assert_false(find(lx, "as far as I know", LEXICON_PROFANITY, GUARD_SEV_INFO, &f));
    assert_false(find(lx, "Bob is out today", LEXICON_PROFANITY, GUARD_SEV_INFO, &f));
    assert_true(find(lx, "what an aaassss", LEXICON_PROFANITY, GUARD_SEV_INFO, &f));
    assert_true(find(lx, "boooob", LEXICON_PROFANITY, GUARD_SEV_INFO, &f));
    lexicon_close(lx);
}

static void test_repeated_letters(void **state)
{
    expect_span(*state, "fuuuuuck this", LEXICON_PROFANITY, "fuuuuuck");
    expect_span(*state, "oh shiiiiit", LEXICON_PROFANITY, "shiiiiit");
    expect_span(*state, "FUUUCKKKK", LEXICON_PROFANITY, "FUUUCKKKK");
    expect_span(*state, "shuuuut uppppp", LEXICON_HARASSMENT, "shuuuut uppppp");
}

static void test_separators_inside_a_word(void **state)
{
    expect_span(*state, "well f.u.c.k this", LEXICON_PROFANITY, "f.u.c.k");
    expect_span(*state, "well f-u-c-k this", LEXICON_PROFANITY, "f-u-c-k");
    expect_span(*state, "well f_u_c_k this", LEXICON_PROFANITY, "f_u_c_k");
    expect_span(*state, "well F U C K this", LEXICON_PROFANITY, "F U C K");
    expect_span(*state, "s. h. i. t. happens", LEXICON_PROFANITY, "s. h. i. t");
    expect_span(*state, "a f-u-c-k-i-n-g mess", LEXICON_PROFANITY, "f-u-c-k-i-n-g");
    expect_span(*state, "what a b.i.t.c.h", LEXICON_PROFANITY, "b.i.t.c.h");
    expect_span(*state, "what a f u c k i n g mess", LEXICON_PROFANITY, "f u c k i n g");
    expect_span(*state, "I f u c k i n g give up", LEXICON_PROFANITY, "f u c k i n g");
}

static void test_stars_for_letters(void **state)
{
    expect_span(*state, "what the f*ck", LEXICON_PROFANITY, "f*ck");
    expect_span(*state, "what the f**k", LEXICON_PROFANITY, "f**k");
    expect_span(*state, "what a sh*tshow", LEXICON_PROFANITY, "sh*tshow");
    expect_span(*state, "a**hole", LEXICON_PROFANITY, "a**hole");
    expect_span(*state, "f*u*c*k", LEXICON_PROFANITY, "f*u*c*k");
    /* Markdown emphasis is not a mask, and a row of stars is not a word. */
    expect_none(*state, "**Reminder:** the *field trip* form is due **Friday**");
    expect_none(*state, "rated ****, would read again");
}

static void test_digits_and_symbols_for_letters(void **state)
{
    expect_span(*state, "this is sh1t", LEXICON_PROFANITY, "sh1t");
    expect_span(*state, "5h1t", LEXICON_PROFANITY, "5h1t");
    expect_span(*state, "$hit happens", LEXICON_PROFANITY, "$hit");
    expect_span(*state, "sh!t happens", LEXICON_PROFANITY, "sh!t");
    expect_span(*state, "such a b!tch", LEXICON_PROFANITY, "b!tch");
    expect_span(*state, "a$$hole", LEXICON_PROFANITY, "a$$hole");
    expect_span(*state, "you @sshole", LEXICON_PROFANITY, "@sshole");
    expect_span(*state, "kiss my a$$", LEXICON_PROFANITY, "kiss my a$$");
    expect_span(*state, "you 1d10t", LEXICON_HARASSMENT, "you 1d10t");
    expect_span(*state, "he is a n1gg3r", LEXICON_SLUR, "n1gg3r");
    expect_span(*state, "a total f@g", LEXICON_SLUR, "f@g");
    expect_span(*state, "such a r3tard", LEXICON_SLUR, "r3tard");
    expect_span(*state, "and you |oser", LEXICON_HARASSMENT, "you |oser");
}

static void test_room_numbers_and_codes_stay_digits(void **state)
{
    expect_none(*state, "Meet in room A55 or B12 at 10am, K12 staff only, 1st and 3rd period.");
    expect_none(*state, "Tickets are $5 @ the door, $10 after 7pm.");
    expect_none(*state, "Email j.smith@district.org or call 555-0134.");
}

static void test_accents_full_width_and_invisible_characters(void **state)
{
    expect_span(*state, "what the fück", LEXICON_PROFANITY, "fück");
    expect_span(*state, "what the \xEF\xBD\x86\xEF\xBD\x95\xEF\xBD\x83\xEF\xBD\x8B",
                LEXICON_PROFANITY, "\xEF\xBD\x86\xEF\xBD\x95\xEF\xBD\x83\xEF\xBD\x8B");
    expect_span(*state, "what the fu\xE2\x80\x8B\x63k", LEXICON_PROFANITY,
                "fu\xE2\x80\x8B\x63k"); /* a zero-width space inside */
    expect_span(*state, "SH\xC3\x8FT", LEXICON_PROFANITY, "SH\xC3\x8FT"); /* SHÏT */
}

static void test_phrases(void **state)
{
    expect_span(*state, "Honestly? You are an idiot.", LEXICON_HARASSMENT, "You are an idiot");
    expect_span(*state, "You're pathetic", LEXICON_HARASSMENT, "You're pathetic");
    expect_span(*state, "oh just shut up already", LEXICON_HARASSMENT, "shut up");
    expect_span(*state, "shut-up!", LEXICON_HARASSMENT, "shut-up");
    expect_span(*state, "kys", LEXICON_HARASSMENT, "kys");
    expect_span(*state, "I will kill you.", LEXICON_THREAT, "I will kill you");
    expect_span(*state, "I'll kill you", LEXICON_THREAT, "I'll kill you");
    expect_span(*state, "I'm   going to   kill you", LEXICON_THREAT, "I'm   going to   kill you");
    expect_span(*state, "i'm gonna hurt you", LEXICON_THREAT, "i'm gonna hurt you");
    expect_span(*state, "and gonna hurt you", LEXICON_THREAT, "gonna hurt you");
    expect_span(*state, "I will k1ll y0u", LEXICON_THREAT, "I will k1ll y0u");
    expect_span(*state, "im g0nna k.i.l.l you", LEXICON_THREAT, "im g0nna k.i.l.l you");
    expect_span(*state, "Gonna bring a gun to school tomorrow", LEXICON_THREAT,
                "bring a gun to school");
    expect_span(*state, "I know where you live", LEXICON_THREAT, "I know where you live");
    expect_span(*state, "we should shoot up the school", LEXICON_THREAT, "shoot up the school");
}

static void test_phrases_stop_at_sentence_ends_and_line_breaks(void **state)
{
    struct lexicon_finding f;
    assert_false(
        find(*state, "We had to kill. You know how it is.", LEXICON_THREAT, GUARD_SEV_INFO, &f));
    assert_false(
        find(*state, "Please shut\nup the windows", LEXICON_HARASSMENT, GUARD_SEV_INFO, &f));
    assert_true(find(*state, "I will kill you, I swear", LEXICON_THREAT, GUARD_SEV_HIGH, &f));
}

static void test_finding_inside_another_is_left_out(void **state)
{
    struct lexicon *lx = open_list(LEXICON_THREAT, "kill you\ni will kill you\nfight\n");
    size_t n;
    struct lexicon_finding *f = check(lx, "I will kill you", &n);
    assert_int_equal(n, 1);
    assert_string_equal(lexicon_entry_text(lx, f[0].entry), "i will kill you");
    free(f);
    lexicon_close(lx);
    /* Different categories are all kept: profanity and harassment here. */
    f = check(*state, "fuck you", &n);
    assert_int_equal(n, 2);
    assert_int_equal(f[0].start, 0);
    assert_int_equal(f[1].start, 0);
    assert_true(f[0].category != f[1].category);
    free(f);
}

static void test_findings_ordered_by_start(void **state)
{
    size_t n;
    struct lexicon_finding *f = check(*state, "shit. damn. you moron. I'll kill you.", &n);
    assert_int_equal(n, 4);
    for (size_t i = 1; i < n; i++)
        assert_true(f[i - 1].start <= f[i].start);
    assert_int_equal(f[0].category, LEXICON_PROFANITY);
    assert_int_equal(f[1].severity, GUARD_SEV_LOW); /* damn */
    assert_int_equal(f[2].category, LEXICON_HARASSMENT);
    assert_int_equal(f[3].category, LEXICON_THREAT);
    free(f);
}

/* The Scunthorpe problem: words that contain or resemble a listed word. */
static void test_innocent_words(void **state)
{
    static const char *const words[] = {
        "class",      "assess",          "passage",    "Scunthorpe", "cocktail",  "Dickens",
        "Dickinson",  "shiitake",        "shitake",    "analysis",   "therapist", "hello",
        "assignment", "grass",           "Essex",      "Middlesex",  "butterfly", "title",
        "document",   "spice",           "niggardly",  "Niger",      "Nigeria",   "Japan",
        "Pakistan",   "cockpit",         "Hancock",    "peacock",    "bass",      "assistant",
        "compass",    "embarrass",       "harassment", "Matsushita", "scrap",     "shell",
        "cumulative", "magna cum laude", "retardant",  "gypsum",     "prickly",   "spick-and-span",
        "Titusville", "constitution",    "arsenal",    "he/she",     "and/or",    "e-mail",
        "U.S.A.",     "Ph.D.",           "as",         "pass",       "p a s s",   "A, B, C, D or F",
        "shuttle",    "sassy",
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        expect_none(*state, words[i]);
}

/* Ordinary staff writing; nothing at medium or above. Some of these carry a
 * low finding on purpose ("Moby Dick", "Uncle Tom's Cabin", "idiot"). */
static const char *const school_corpus[] = {
    "The field trip to the science museum leaves at 8:15 from the front loop.",
    "Please grade the unit 4 assessments by Friday so we can enter them before the deadline.",
    "Assembly is moved to the gym because of the rain; classes report at 10:30.",
    "The test was a killer, but most of my class passed it.",
    "Break a leg at tonight's spring concert, choir!",
    "I'm dying to know how the robotics team did at regionals.",
    "Shoot me an email if you need a sub for Thursday.",
    "I'll shoot you an email with the rubric tonight.",
    "Can someone kill the lights for the projector in room 114?",
    "We kill them with kindness and it works every time.",
    "The fire drill is at 9:45; please review the evacuation map with your students.",
    "Our lockdown drill went smoothly; thanks to the SRO for walking us through it.",
    "Reminder: the active shooter training for staff is on the PD day.",
    "We had a bomb threat scare last spring, so the district updated the procedure.",
    "Let's beat Lincoln High on Friday night, go Tigers!",
    "The kids went wild for the butterfly garden project.",
    "My fourth graders are reading Moby Dick abridged, believe it or not.",
    "Eleventh grade history is reading Uncle Tom's Cabin this unit.",
    "The Dickens essay is due Monday; please assess the thesis statements first.",
    "Our exchange partners from Scunthorpe arrive next week.",
    "The retirement party has a cocktail hour at 5 and dinner at 6.",
    "Shiitake mushrooms are on the cafeteria menu this week.",
    "The therapist from the district office will visit on Tuesday.",
    "Passage analysis is the focus of the English department meeting.",
    "Hello team, the assignment tracker is updated.",
    "The grass on the soccer field was just cut, so watch for allergies.",
    "Great job on the Essex County math league results!",
    "Please document every parent contact in the log.",
    "Add some spice to your lessons with the new lab kits.",
    "Students mapped the Niger River in geography today.",
    "The Homo sapiens timeline is up in the hallway.",
    "Our staff volleyball team will crush the district office team.",
    "This heat is killing me, can we get the AC checked in room 210?",
    "The suspense is killing my students; they want the next chapter.",
    "I could kill for a coffee right now.",
    "We need to hit the ground running after break.",
    "Don't let the kids get lost on the way to the auditorium.",
    "Please shut the door quietly during testing.",
    "Sign up for parent conferences closes Wednesday.",
    "The balloons will blow up the hallway decorations nicely.",
    "Hit me up if you want to co-plan the unit.",
    "The lesson totally bombed, so I'm trying a new approach tomorrow.",
    "I felt like an idiot when I forgot my keys again.",
    "The stupid printer jammed again on the second floor.",
    "What the heck happened to the laminator?",
    "Oh my gosh, the kids loved the pumpkin drop.",
    "Grades A, B, C, D or F are entered in the portal.",
    "Room A55 is the new makerspace; K-12 staff are welcome.",
    "Tickets are $5 at the door and the proceeds go to the PTA.",
    "Mr. Cox will cover 3rd period while I'm at the IEP meeting.",
    "He/she will bring the signed permission slip on Monday.",
    "Please e-mail the U.S. history packet to the front office.",
    "Our Ph.D. candidate intern starts in the counseling office.",
    "The class pet hamster escaped again, please check under the radiators.",
    "The spelling words this week are c a t, d o g and s u n.",
    "Knock 'em dead at the science fair, everyone!",
    "The band will blow the judges away at state.",
    "That student is a killer at chess.",
    "Bring a jacket to school for the outdoor assembly.",
    "Please bring a pencil to the exam; calculators are allowed.",
    "We're going to hurry to finish the unit before spring break.",
    "If you're going to the game, you'll need a ticket.",
    "I know where you left the markers, they're in the blue bin.",
    "We lost the match, but I'm proud of them, no one gave up.",
    "The bus for the band trip leaves from the back lot.",
    "Will you watch my class during lunch? I'll return the favor.",
    "The new title I funding arrives in March.",
    "Our shooting guard scored 20 points last night.",
    "The photography club will shoot the yearbook portraits on Friday.",
    "The counselor will beat the rush by sending schedules early.",
    "Drop-dead gorgeous sunset on the bus ride home today.",
    "Our class is studying the Constitution and the Bill of Rights.",
    "The arsenal of resources on the shared drive keeps growing.",
    "Magna cum laude graduates will wear gold cords.",
    "Please pass the attendance sheets to the office by 9.",
    "The kids think the lunch is crap, to be honest.",
    "Damn, I forgot the sign-in sheet.",
};

static void test_school_corpus_passes(void **state)
{
    assert_true(sizeof school_corpus / sizeof school_corpus[0] >= 60);
    for (size_t i = 0; i < sizeof school_corpus / sizeof school_corpus[0]; i++) {
        size_t n;
        struct lexicon_finding *f = check(*state, school_corpus[i], &n);
        for (size_t k = 0; k < n; k++)
            if (f[k].severity >= GUARD_SEV_MEDIUM)
                fail_msg("\"%s\": %s \"%s\" (%s) at [%u, %u)", school_corpus[i],
                         lexicon_category_str(f[k].category),
                         lexicon_entry_text(*state, f[k].entry), guard_severity_str(f[k].severity),
                         f[k].start, f[k].end);
        free(f);
    }
}

/* Obfuscated writing that must be found, with its category. */
static const struct {
    const char *text;
    enum lexicon_category category;
} positives[] = {
    {"f.u.c.k this meeting", LEXICON_PROFANITY},
    {"F U C K", LEXICON_PROFANITY},
    {"what the f*ck", LEXICON_PROFANITY},
    {"what the fuuuuuck", LEXICON_PROFANITY},
    {"Ffffuck", LEXICON_PROFANITY},
    {"sh!t", LEXICON_PROFANITY},
    {"$hit", LEXICON_PROFANITY},
    {"5h1tty", LEXICON_PROFANITY},
    {"bull$hit", LEXICON_PROFANITY},
    {"b1tch", LEXICON_PROFANITY},
    {"d!ckhead", LEXICON_PROFANITY},
    {"c*nt", LEXICON_PROFANITY},
    {"ph-uck", LEXICON_PROFANITY},
    {"a-hole", LEXICON_PROFANITY},
    {"N!GG3R", LEXICON_SLUR},
    {"n i g g e r", LEXICON_SLUR},
    {"f.a.g.g.o.t", LEXICON_SLUR},
    {"sp1c", LEXICON_SLUR},
    {"k1ke", LEXICON_SLUR},
    {"r e t a r d", LEXICON_SLUR},
    {"tr@nny", LEXICON_SLUR},
    {"you 1d10t", LEXICON_HARASSMENT},
    {"y0u m0r0n", LEXICON_HARASSMENT},
    {"SHUT UP!!!", LEXICON_HARASSMENT},
    {"shut the hell up", LEXICON_HARASSMENT},
    {"nobody likes you", LEXICON_HARASSMENT},
    {"k.y.s", LEXICON_HARASSMENT},
    {"go k!ll yourself", LEXICON_HARASSMENT},
    {"I will k1ll you", LEXICON_THREAT},
    {"i'll kill u", LEXICON_THREAT},
    {"Im going to hurt you", LEXICON_THREAT},
    {"i'm g0nna stab you", LEXICON_THREAT},
    {"I'm bringing a gun to school", LEXICON_THREAT},
    {"gonna bl0w up the school", LEXICON_THREAT},
    {"I'll slit your throat", LEXICON_THREAT},
    {"you're dead meat", LEXICON_THREAT},
};

static void test_obfuscated_corpus_is_found(void **state)
{
    for (size_t i = 0; i < sizeof positives / sizeof positives[0]; i++) {
        struct lexicon_finding f;
        if (!find(*state, positives[i].text, positives[i].category, GUARD_SEV_MEDIUM, &f))
            fail_msg("\"%s\": no %s at medium or above", positives[i].text,
                     lexicon_category_str(positives[i].category));
    }
}

/* ---- results ---- */

static void test_empty_text_and_no_lexicon(void **state)
{
    struct lexicon_result r = {0};
    assert_true(lexicon_check(*state, "", 0, &r));
    assert_int_equal(r.n, 0);
    assert_true(lexicon_check(NULL, "fuck", 4, &r));
    assert_int_equal(r.n, 0);
    struct lexicon *lx = open_list(LEXICON_PROFANITY, "# nothing yet\n");
    assert_int_equal(lexicon_size(lx), 0);
    assert_true(lexicon_check(lx, "fuck", 4, &r));
    assert_int_equal(r.n, 0);
    lexicon_close(lx);
    lexicon_result_free(&r);
}

static void test_result_is_reusable(void **state)
{
    struct lexicon_result r = {0};
    assert_true(lexicon_check(*state, "oh shit", 7, &r));
    assert_int_equal(r.n, 1);
    assert_true(lexicon_check(*state, "all good here", 13, &r));
    assert_int_equal(r.n, 0);
    assert_true(lexicon_check(*state, "f.u.c.k and sh!t", 16, &r));
    assert_int_equal(r.n, 2);
    lexicon_result_free(&r);
    assert_null(r.finding);
}

static void test_findings_are_bounded(void **state)
{
    size_t len = 0;
    char *t = malloc(200000);
    assert_non_null(t);
    while (len + 5 < 200000) {
        memcpy(t + len, "shit ", 5);
        len += 5;
    }
    struct lexicon_result r = {0};
    assert_true(lexicon_check(*state, t, len, &r));
    assert_int_equal(r.n, LEXICON_MAX_FINDINGS);
    assert_true(r.truncated);
    assert_true(lexicon_check(*state, "shit", 4, &r));
    assert_false(r.truncated);
    lexicon_result_free(&r);
    free(t);
}

static void test_hostile_input_is_bounded(void **state)
{
    /* Long runs of stars, symbols, one-letter words and invalid UTF-8. */
    size_t len = 0;
    char *t = malloc(100000);
    assert_non_null(t);
    static const char *const parts[] = {"f*******************ck ",
                                        "a a a a a a a a a a a ",
                                        "$@!|*#$@!|*#-.-.-.-",
                                        "\xff\xfe\xc3",
                                        "1111111111 ",
                                        "s.s.s.s.s.s.s.s.s.s.s.s.s.s.s.s "};
    for (size_t i = 0; len + 64 < 100000; i++) {
        const char *p = parts[i % (sizeof parts / sizeof parts[0])];
        memcpy(t + len, p, strlen(p));
        len += strlen(p);
    }
    struct lexicon_result r = {0};
    assert_true(lexicon_check(*state, t, len, &r));
    assert_true(r.n <= LEXICON_MAX_FINDINGS);
    lexicon_result_free(&r);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_category_names),
        cmocka_unit_test(test_default_lists_are_embedded),
        cmocka_unit_test(test_embedded_lists_match_share_lexicon),
        cmocka_unit_test(test_comments_blank_lines_and_severity),
        cmocka_unit_test(test_default_severity_by_category),
        cmocka_unit_test(test_malformed_lines_name_file_and_line),
        cmocka_unit_test(test_eight_words_and_64_bytes_are_allowed),
        cmocka_unit_test(test_duplicate_entry_keeps_the_higher_severity),
        cmocka_unit_test(test_load_dir_missing_files_are_empty_categories),
        cmocka_unit_test(test_load_dir_bad_line_names_the_path),
        cmocka_unit_test(test_load_dir_missing_directory_is_an_error),
        cmocka_unit_test(test_load_dir_unreadable_file_is_an_error),
        cmocka_unit_test(test_whole_words_case_and_prefixes),
        cmocka_unit_test(test_entry_double_letters_must_be_present),
        cmocka_unit_test(test_repeated_letters),
        cmocka_unit_test(test_separators_inside_a_word),
        cmocka_unit_test(test_stars_for_letters),
        cmocka_unit_test(test_digits_and_symbols_for_letters),
        cmocka_unit_test(test_room_numbers_and_codes_stay_digits),
        cmocka_unit_test(test_accents_full_width_and_invisible_characters),
        cmocka_unit_test(test_phrases),
        cmocka_unit_test(test_phrases_stop_at_sentence_ends_and_line_breaks),
        cmocka_unit_test(test_finding_inside_another_is_left_out),
        cmocka_unit_test(test_findings_ordered_by_start),
        cmocka_unit_test(test_innocent_words),
        cmocka_unit_test(test_school_corpus_passes),
        cmocka_unit_test(test_obfuscated_corpus_is_found),
        cmocka_unit_test(test_empty_text_and_no_lexicon),
        cmocka_unit_test(test_result_is_reusable),
        cmocka_unit_test(test_findings_are_bounded),
        cmocka_unit_test(test_hostile_input_is_bounded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
