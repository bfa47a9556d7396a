/* Unit tests for core/markdown.c: GFM rendering, that untrusted markdown
 * cannot produce script (raw HTML, dangerous URL schemes), that hostile
 * nesting and table shapes render quickly, and how bare URLs and @mentions
 * become links. The URL and mention grammar itself is in test_linkify.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/markdown.h"

/* Generous for sanitizer builds on a busy machine; the slow paths these
 * tests guard against take seconds even in optimised builds. */
#define HOSTILE_SECONDS 2.0

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* malloc'd concatenation of `head`, `unit` repeated `times`, then `tail`. */
static char *build(const char *head, const char *unit, size_t times, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * times + tl + 1);
    assert_non_null(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < times; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + ul * times, tail, tl + 1);
    return s;
}

/* Non-overlapping occurrences of needle. A plain loop: the sanitizer's
 * strstr re-measures the haystack on every call, which is quadratic on the
 * megabyte outputs of the nesting tests. */
static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, nl = strlen(needle), hl = strlen(hay);
    for (size_t i = 0; i + nl <= hl;) {
        size_t k = 0;
        while (k < nl && hay[i + k] == needle[k])
            k++;
        if (k == nl) {
            n++;
            i += nl;
        } else {
            i++;
        }
    }
    return n;
}

/* Renders `md`, checks the result is well formed and returns the HTML. */
static const char *render(const char *md, struct markdown_result *r)
{
    assert_int_equal(markdown_render(md, strlen(md), r), MARKDOWN_OK);
    assert_non_null(r->html);
    assert_int_equal(r->html_len, strlen(r->html));
    return r->html;
}

/* Renders `md` and returns the time it took, failing on any error. */
static double render_timed(const char *md, struct markdown_result *r)
{
    double t0 = now_s();
    enum markdown_err e = markdown_render(md, strlen(md), r);
    double dt = now_s() - t0;
    assert_int_equal(e, MARKDOWN_OK);
    assert_non_null(r->html);
    return dt;
}

/* ---- GFM rendering ---- */

static void test_render_paragraph(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("hello world", &r), "<p>hello world</p>\n");
    assert_int_equal(r.n_mentions, 0);
    markdown_result_free(&r);
}

static void test_render_emphasis(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("*a* **b** _c_", &r),
                        "<p><em>a</em> <strong>b</strong> <em>c</em></p>\n");
    markdown_result_free(&r);
}

static void test_render_lists(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("- a\n- b\n\n1. c\n2. d\n", &r);
    assert_non_null(strstr(h, "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"));
    assert_non_null(strstr(h, "<ol>\n<li>c</li>\n<li>d</li>\n</ol>"));
    markdown_result_free(&r);
}

static void test_render_table(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("| a | b |\n|:--|--:|\n| 1 | 2 |\n", &r);
    assert_non_null(strstr(h, "<table>"));
    assert_non_null(strstr(h, "<th align=\"left\">a</th>"));
    assert_non_null(strstr(h, "<td align=\"right\">2</td>"));
    markdown_result_free(&r);
}

static void test_render_table_after_long_ordinary_post(void **state)
{
    (void)state;
    /* The table slow-path guard must not disable tables in a normal post:
     * 40 paragraphs of prose, then a table. */
    struct markdown_result r;
    char *md = build("",
                     "Some prose about the staff meeting, with several words in it.\n"
                     "And a second line of the same paragraph.\n\n",
                     40, "| day | room |\n|-----|------|\n| Mon | 12 |\n| Tue | 14 |\n");
    const char *h = render(md, &r);
    assert_non_null(strstr(h, "<td>Tue</td>"));
    markdown_result_free(&r);
    free(md);
}

static void test_render_strikethrough(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("~~gone~~", &r), "<p><del>gone</del></p>\n");
    markdown_result_free(&r);
}

static void test_render_code_block_escapes_html(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("```\n<script>alert(1)</script>\n```\n", &r);
    assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_null(strstr(h, "<script"));
    markdown_result_free(&r);
}

/* ---- raw HTML ---- */

static void test_raw_html_script_block_omitted(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("<script>alert(1)</script>\n\nafter", &r);
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "alert"));
    assert_non_null(strstr(h, "raw HTML omitted"));
    assert_non_null(strstr(h, "<p>after</p>"));
    markdown_result_free(&r);
}

static void test_raw_html_img_onerror_omitted(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h =
        render("look <img src=x onerror=alert(1)> here\n\n<img src=x onerror=alert(2)>", &r);
    assert_null(strstr(h, "<img"));
    assert_null(strstr(h, "onerror"));
    assert_non_null(strstr(h, "look "));
    markdown_result_free(&r);
}

static void test_raw_html_inline_b_omitted(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("a <b>bold</b> c", &r),
                        "<p>a <!-- raw HTML omitted -->bold<!-- raw HTML omitted --> c</p>\n");
    markdown_result_free(&r);
}

static void test_tagfilter_tags_never_emitted(void **state)
{
    (void)state;
    static const char *const tags[] = {"title",   "textarea", "style",  "xmp",      "iframe",
                                       "noembed", "noframes", "script", "plaintext"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        char md[256], open[32];
        snprintf(md, sizeof md, "x <%s>y</%s> z\n\n<%s>\nblock\n\n<%s attr=1>", tags[i], tags[i],
                 tags[i], tags[i]);
        snprintf(open, sizeof open, "<%s", tags[i]);
        struct markdown_result r;
        const char *h = render(md, &r);
        assert_null(strcasestr(h, open));
        markdown_result_free(&r);
    }
}

/* ---- dangerous URLs ---- */

static void expect_empty_href(const char *md, const char *html)
{
    struct markdown_result r;
    assert_string_equal(render(md, &r), html);
    markdown_result_free(&r);
}

static void test_link_javascript_href_emptied(void **state)
{
    (void)state;
    expect_empty_href("[x](javascript:alert(1))", "<p><a href=\"\">x</a></p>\n");
}

static void test_link_javascript_uppercase_emptied(void **state)
{
    (void)state;
    expect_empty_href("[x](JAVASCRIPT:alert(1))", "<p><a href=\"\">x</a></p>\n");
    expect_empty_href("[x](JavaScript:alert(1))", "<p><a href=\"\">x</a></p>\n");
}

static void test_link_javascript_leading_space_emptied(void **state)
{
    (void)state;
    expect_empty_href("[x](  javascript:alert(1))", "<p><a href=\"\">x</a></p>\n");
    expect_empty_href("[x](< javascript:alert(1)>)", "<p><a href=\"\">x</a></p>\n");
}

static void test_link_javascript_entity_obfuscated_emptied(void **state)
{
    (void)state;
    expect_empty_href("[x](&#106;avascript:alert(1))", "<p><a href=\"\">x</a></p>\n");
    expect_empty_href("[x](javascript&colon;alert(1))", "<p><a href=\"\">x</a></p>\n");
}

static void test_link_reference_javascript_emptied(void **state)
{
    (void)state;
    expect_empty_href("[x]\n\n[x]: javascript:alert(1)", "<p><a href=\"\">x</a></p>\n");
}

static void test_autolink_javascript_emptied(void **state)
{
    (void)state;
    expect_empty_href("<javascript:alert(1)>", "<p><a href=\"\">javascript:alert(1)</a></p>\n");
}

static void test_link_other_dangerous_schemes_emptied(void **state)
{
    (void)state;
    expect_empty_href("[x](vbscript:msgbox(1))", "<p><a href=\"\">x</a></p>\n");
    expect_empty_href("[x](file:///etc/passwd)", "<p><a href=\"\">x</a></p>\n");
    expect_empty_href("[x](data:text/html;base64,PHNjcmlwdD4=)", "<p><a href=\"\">x</a></p>\n");
}

static void test_link_data_image_allowed(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("[x](data:image/png;base64,iVBORw0KGgo=)", &r),
                        "<p><a href=\"data:image/png;base64,iVBORw0KGgo=\">x</a></p>\n");
    markdown_result_free(&r);
}

static void test_image_javascript_src_emptied(void **state)
{
    (void)state;
    expect_empty_href("![x](javascript:alert(1))", "<p><img src=\"\" alt=\"x\" /></p>\n");
}

static void test_link_cannot_break_out_of_attribute(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("[x](https://a.com/\"><script>) ![a\"onerror=alert(1)](p.png)", &r);
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "\"onerror"));
    assert_non_null(strstr(h, "href=\"https://a.com/%22%3E%3Cscript%3E\""));
    markdown_result_free(&r);
}

/* ---- hostile nesting and slow paths ---- */

static void test_nested_blockquotes_50k(void **state)
{
    (void)state;
    struct markdown_result r;
    char *md = build("", ">", 50000, " deep");
    assert_true(render_timed(md, &r) < HOSTILE_SECONDS);
    assert_int_equal(count(r.html, "<blockquote>"), 50000);
    assert_non_null(strstr(r.html, "<p>deep</p>"));
    markdown_result_free(&r);
    free(md);
}

static void test_nested_brackets_50k(void **state)
{
    (void)state;
    struct markdown_result r;
    char *md = build("", "[", 50000, "a");
    assert_true(render_timed(md, &r) < HOSTILE_SECONDS);
    assert_int_equal(count(r.html, "["), 50000);
    markdown_result_free(&r);
    free(md);

    md = build("", "![[]()", 8000, "");
    assert_true(render_timed(md, &r) < HOSTILE_SECONDS);
    assert_int_equal(count(r.html, "<a href=\"\">"), 8000);
    markdown_result_free(&r);
    free(md);
}

static void test_nested_emphasis_50k(void **state)
{
    (void)state;
    struct markdown_result r;
    char *md = build("", "*", 25000, "a");
    char *full = build(md, "*", 25000, "");
    assert_true(render_timed(full, &r) < HOSTILE_SECONDS);
    assert_non_null(strstr(r.html, "a"));
    markdown_result_free(&r);
    free(full);
    free(md);

    /* "*a **a " x N, b, " a** a*" x N nests N emphasis and N strong. */
    md = build("", "*a **a ", 3000, "b");
    full = build(md, " a** a*", 3000, "");
    assert_true(render_timed(full, &r) < HOSTILE_SECONDS);
    assert_int_equal(count(r.html, "<em>"), 3000);
    assert_int_equal(count(r.html, "<strong>"), 3000);
    markdown_result_free(&r);
    free(full);
    free(md);
}

static void test_nested_lists_deep(void **state)
{
    (void)state;
    enum { DEPTH = 150 };
    size_t len = 0;
    char *md = malloc(DEPTH * (2 * DEPTH + 4) + 1);
    assert_non_null(md);
    for (size_t d = 0; d < DEPTH; d++) {
        memset(md + len, ' ', 2 * d);
        len += 2 * d;
        memcpy(md + len, "* a\n", 4);
        len += 4;
    }
    md[len] = '\0';
    struct markdown_result r;
    assert_true(render_timed(md, &r) < HOSTILE_SECONDS);
    assert_int_equal(count(r.html, "<ul>"), DEPTH);
    markdown_result_free(&r);
    free(md);
}

static void test_table_slow_paths_are_avoided(void **state)
{
    (void)state;
    /* Each of these takes 0.3 to 8 seconds in cmark-gfm 0.29.0.gfm.6's
     * table extension when it is left on. */
    char *cases[4];
    cases[0] = build("", "|\n|-|\n", 10000, "");
    cases[1] = build("a|b\n-|-\n", "|", 60000, "");
    cases[2] = build("", "|", 30000, "\n");
    char *wide = cases[2];
    cases[2] = build(wide, "|-", 15000, "\n");
    free(wide);
    cases[3] = build("", "a\n", 30000, "-|-\n");

    double total = 0;
    for (size_t i = 0; i < 4; i++) {
        struct markdown_result r;
        total += render_timed(cases[i], &r);
        assert_true(r.html_len > 0);
        markdown_result_free(&r);
        free(cases[i]);
    }
    assert_true(total < HOSTILE_SECONDS);
}

static void test_many_mentions_and_urls_fast(void **state)
{
    (void)state;
    struct markdown_result r;
    char *md = build("", "@ab https://x.org/(a) ", 2900, "");
    assert_true(render_timed(md, &r) < HOSTILE_SECONDS);
    assert_int_equal(r.n_mentions, 1);
    assert_int_equal(count(r.html, "href=\"/people/ab\""), 2900);
    markdown_result_free(&r);
    free(md);
}

/* ---- bare URLs ---- */

static void test_linkify_url_in_text(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("see https://example.com.", &r),
                        "<p>see <a href=\"https://example.com\">https://example.com</a>.</p>\n");
    markdown_result_free(&r);
}

static void test_linkify_www_gets_https(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("www.example.com/x", &r),
                        "<p><a href=\"https://www.example.com/x\">www.example.com/x</a></p>\n");
    markdown_result_free(&r);
}

static void test_linkify_wikipedia_parens(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("(see https://en.wikipedia.org/wiki/Foo_(bar))", &r),
                        "<p>(see <a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\">"
                        "https://en.wikipedia.org/wiki/Foo_(bar)</a>)</p>\n");
    markdown_result_free(&r);
}

static void test_linkify_url_with_markup_chars_and_entity(void **state)
{
    (void)state;
    /* '_' and "&amp;" are where a parser may split text; the URL stays whole
     * and the decoded '&' is escaped again in both href and text. */
    struct markdown_result r;
    assert_string_equal(render("https://x.org/a_b&amp;c_d", &r),
                        "<p><a href=\"https://x.org/a_b&amp;c_d\">https://x.org/a_b&amp;c_d</a>"
                        "</p>\n");
    markdown_result_free(&r);
}

static void test_linkify_not_inside_links(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("[https://a.com](https://b.com) <https://c.com>", &r);
    assert_int_equal(count(h, "<a "), 2);
    assert_null(strstr(h, "href=\"https://a.com\""));
    markdown_result_free(&r);
}

static void test_linkify_not_in_code(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("`https://a.com` and\n\n```\nhttps://b.com www.c.com\n```\n\n"
                           "    https://d.com\n",
                           &r);
    assert_null(strstr(h, "<a"));
    markdown_result_free(&r);
}

static void test_linkify_not_in_image_alt(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("![https://a.com @bob](p.png)", &r);
    assert_null(strstr(h, "<a"));
    assert_int_equal(r.n_mentions, 0);
    markdown_result_free(&r);
}

static void test_linkify_href_is_escaped(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("https://x.com/a?b=1&c=2 https://x.com/a\"onmouseover=\"alert(1)", &r);
    assert_non_null(strstr(h, "href=\"https://x.com/a?b=1&amp;c=2\""));
    assert_null(strstr(h, "\"onmouseover"));
    assert_non_null(strstr(h, "href=\"https://x.com/a%22onmouseover=%22alert(1)\""));
    markdown_result_free(&r);
}

static void test_linkify_only_http_schemes(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("javascript://x.com/%0aalert(1) ftp://x.com data://x.com", &r);
    assert_null(strstr(h, "<a"));
    markdown_result_free(&r);
}

/* ---- mentions ---- */

static void test_mention_linked_and_collected(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("@maria hi", &r),
                        "<p><a href=\"/people/maria\">@maria</a> hi</p>\n");
    assert_int_equal(r.n_mentions, 1);
    assert_string_equal(r.mentions[0], "maria");
    markdown_result_free(&r);
}

static void test_mention_after_punctuation(void **state)
{
    (void)state;
    struct markdown_result r;
    render("(@bob), hi:@carl", &r);
    assert_int_equal(r.n_mentions, 2);
    assert_string_equal(r.mentions[0], "bob");
    assert_string_equal(r.mentions[1], "carl");
    markdown_result_free(&r);
}

static void test_mention_email_is_not(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("mail a@b.com or maria@school.org", &r);
    assert_int_equal(r.n_mentions, 0);
    assert_null(strstr(h, "/people/"));
    markdown_result_free(&r);
}

static void test_mention_trailing_dot(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("thanks @maria.", &r),
                        "<p>thanks <a href=\"/people/maria\">@maria</a>.</p>\n");
    assert_string_equal(r.mentions[0], "maria");
    markdown_result_free(&r);
}

static void test_mention_duplicates_collected_once(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("@bob @Bob\n\n@BOB", &r);
    assert_int_equal(r.n_mentions, 1);
    assert_string_equal(r.mentions[0], "bob");
    assert_int_equal(count(h, "href=\"/people/bob\""), 3);
    markdown_result_free(&r);
}

static void test_mention_case_folded_in_href_only(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("@MaRia", &r), "<p><a href=\"/people/maria\">@MaRia</a></p>\n");
    assert_string_equal(r.mentions[0], "maria");
    markdown_result_free(&r);
}

static void test_mention_in_code_not_collected(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("`@bob`\n\n```\n@carl\n```\n\n    @dave\n", &r);
    assert_int_equal(r.n_mentions, 0);
    assert_null(strstr(h, "<a"));
    markdown_result_free(&r);
}

static void test_mention_in_link_not_collected(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h = render("[@bob](https://x.com) and https://x.com/@carl", &r);
    assert_int_equal(r.n_mentions, 0);
    assert_null(strstr(h, "/people/"));
    markdown_result_free(&r);
}

static void test_mention_order_of_first_appearance(void **state)
{
    (void)state;
    struct markdown_result r;
    render("@carl @ann @bob @ann @carl", &r);
    assert_int_equal(r.n_mentions, 3);
    assert_string_equal(r.mentions[0], "carl");
    assert_string_equal(r.mentions[1], "ann");
    assert_string_equal(r.mentions[2], "bob");
    markdown_result_free(&r);
}

static void test_mention_in_headings_tables_emphasis(void **state)
{
    (void)state;
    struct markdown_result r;
    const char *h =
        render("# @ann\n\n*@bob* ~~@carl~~\n\n| @dave |\n|---|\n| @erin |\n\n> - @finn\n", &r);
    static const char *const want[] = {"ann", "bob", "carl", "dave", "erin", "finn"};
    assert_int_equal(r.n_mentions, 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(r.mentions[i], want[i]);
    assert_non_null(strstr(h, "<td><a href=\"/people/erin\">@erin</a></td>"));
    assert_non_null(strstr(h, "<del><a href=\"/people/carl\">@carl</a></del>"));
    markdown_result_free(&r);
}

static void test_mention_next_to_url(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("@bob: https://x.com/a", &r),
                        "<p><a href=\"/people/bob\">@bob</a>: "
                        "<a href=\"https://x.com/a\">https://x.com/a</a></p>\n");
    assert_int_equal(r.n_mentions, 1);
    markdown_result_free(&r);
}

static void test_mention_cap(void **state)
{
    (void)state;
    char md[1024];
    size_t len = 0;
    for (int i = 0; i < 60; i++)
        len += (size_t)snprintf(md + len, sizeof md - len, "@u%02d ", i);
    snprintf(md + len, sizeof md - len, "@u00");

    struct markdown_result r;
    const char *h = render(md, &r);
    assert_int_equal(r.n_mentions, MARKDOWN_MAX_MENTIONS);
    assert_string_equal(r.mentions[0], "u00");
    assert_string_equal(r.mentions[49], "u49");
    assert_non_null(strstr(h, "href=\"/people/u49\""));
    /* Past the cap new logins read as plain text; known ones still link. */
    assert_null(strstr(h, "/people/u50"));
    assert_non_null(strstr(h, " @u50 "));
    assert_int_equal(count(h, "href=\"/people/u00\""), 2);
    markdown_result_free(&r);
}

/* ---- limits and API ---- */

static void test_input_too_big(void **state)
{
    (void)state;
    char *md = malloc(MARKDOWN_MAX_INPUT + 2);
    assert_non_null(md);
    memset(md, 'a', MARKDOWN_MAX_INPUT + 1);
    md[MARKDOWN_MAX_INPUT + 1] = '\0';

    struct markdown_result r;
    assert_int_equal(markdown_render(md, MARKDOWN_MAX_INPUT + 1, &r), MARKDOWN_ETOOBIG);
    assert_null(r.html);
    assert_int_equal(r.n_mentions, 0);

    assert_int_equal(markdown_render(md, MARKDOWN_MAX_INPUT, &r), MARKDOWN_OK);
    assert_int_equal(r.html_len, MARKDOWN_MAX_INPUT + strlen("<p></p>\n"));
    markdown_result_free(&r);
    free(md);
}

static void test_empty_input(void **state)
{
    (void)state;
    struct markdown_result r;
    assert_string_equal(render("", &r), "");
    markdown_result_free(&r);
    assert_int_equal(markdown_render(NULL, 0, &r), MARKDOWN_OK);
    assert_string_equal(r.html, "");
    markdown_result_free(&r);
}

static void test_result_free_empties_and_is_idempotent(void **state)
{
    (void)state;
    struct markdown_result r;
    render("@ann @bob", &r);
    assert_int_equal(r.n_mentions, 2);
    markdown_result_free(&r);
    assert_null(r.html);
    assert_int_equal(r.html_len, 0);
    assert_int_equal(r.n_mentions, 0);
    markdown_result_free(&r);
    markdown_result_free(NULL);
}

static void test_err_str(void **state)
{
    (void)state;
    const char *ok = markdown_err_str(MARKDOWN_OK);
    const char *nomem = markdown_err_str(MARKDOWN_ENOMEM);
    const char *big = markdown_err_str(MARKDOWN_ETOOBIG);
    assert_string_not_equal(ok, nomem);
    assert_string_not_equal(nomem, big);
    assert_string_not_equal(ok, big);
    assert_non_null(strstr(big, "too large"));
    assert_string_equal(markdown_err_str((enum markdown_err)99), "unknown markdown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render_paragraph),
        cmocka_unit_test(test_render_emphasis),
        cmocka_unit_test(test_render_lists),
        cmocka_unit_test(test_render_table),
        cmocka_unit_test(test_render_table_after_long_ordinary_post),
        cmocka_unit_test(test_render_strikethrough),
        cmocka_unit_test(test_render_code_block_escapes_html),
        cmocka_unit_test(test_raw_html_script_block_omitted),
        cmocka_unit_test(test_raw_html_img_onerror_omitted),
        cmocka_unit_test(test_raw_html_inline_b_omitted),
        cmocka_unit_test(test_tagfilter_tags_never_emitted),
        cmocka_unit_test(test_link_javascript_href_emptied),
        cmocka_unit_test(test_link_javascript_uppercase_emptied),
        cmocka_unit_test(test_link_javascript_leading_space_emptied),
        cmocka_unit_test(test_link_javascript_entity_obfuscated_emptied),
        cmocka_unit_test(test_link_reference_javascript_emptied),
        cmocka_unit_test(test_autolink_javascript_emptied),
        cmocka_unit_test(test_link_other_dangerous_schemes_emptied),
        cmocka_unit_test(test_link_data_image_allowed),
        cmocka_unit_test(test_image_javascript_src_emptied),
        cmocka_unit_test(test_link_cannot_break_out_of_attribute),
        cmocka_unit_test(test_nested_blockquotes_50k),
        cmocka_unit_test(test_nested_brackets_50k),
        cmocka_unit_test(test_nested_emphasis_50k),
        cmocka_unit_test(test_nested_lists_deep),
        cmocka_unit_test(test_table_slow_paths_are_avoided),
        cmocka_unit_test(test_many_mentions_and_urls_fast),
        cmocka_unit_test(test_linkify_url_in_text),
        cmocka_unit_test(test_linkify_www_gets_https),
        cmocka_unit_test(test_linkify_wikipedia_parens),
        cmocka_unit_test(test_linkify_url_with_markup_chars_and_entity),
        cmocka_unit_test(test_linkify_not_inside_links),
        cmocka_unit_test(test_linkify_not_in_code),
        cmocka_unit_test(test_linkify_not_in_image_alt),
        cmocka_unit_test(test_linkify_href_is_escaped),
        cmocka_unit_test(test_linkify_only_http_schemes),
        cmocka_unit_test(test_mention_linked_and_collected),
        cmocka_unit_test(test_mention_after_punctuation),
        cmocka_unit_test(test_mention_email_is_not),
        cmocka_unit_test(test_mention_trailing_dot),
        cmocka_unit_test(test_mention_duplicates_collected_once),
        cmocka_unit_test(test_mention_case_folded_in_href_only),
        cmocka_unit_test(test_mention_in_code_not_collected),
        cmocka_unit_test(test_mention_in_link_not_collected),
        cmocka_unit_test(test_mention_order_of_first_appearance),
        cmocka_unit_test(test_mention_in_headings_tables_emphasis),
        cmocka_unit_test(test_mention_next_to_url),
        cmocka_unit_test(test_mention_cap),
        cmocka_unit_test(test_input_too_big),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_result_free_empties_and_is_idempotent),
        cmocka_unit_test(test_err_str),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
