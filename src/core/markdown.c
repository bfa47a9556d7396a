/* Markdown to safe HTML for everything people type into staffroom. This file
 * owns the cmark-gfm setup (safe mode, which GFM extensions run, a guard
 * against the table extension's slow paths) and one pass over the parsed
 * document that turns bare URLs and @mentions in plain text into links. The
 * grammar of URLs and mentions lives in core/linkify.c; HTML escaping and
 * URL scheme filtering are cmark-gfm's safe-mode renderer.
 *
 * Out of memory: our own allocations return MARKDOWN_ENOMEM. cmark-gfm
 * cannot survive a failed allocation (it uses results unchecked), so the
 * allocator we hand it aborts, as cmark's default one does. */
#include "core/markdown.h"

#include "core/linkify.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Safe mode is cmark-gfm's default: raw HTML becomes a comment and
 * javascript:, vbscript:, file: and data: (other than data:image/png, gif,
 * jpeg, webp) URLs render as href="". Nothing here may ever add
 * CMARK_OPT_UNSAFE. VALIDATE_UTF8 is defence in depth: callers promise
 * UTF-8, and cmark then never emits a broken sequence either way. */
#define MD_OPTIONS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8)

#define MD_PEOPLE_PREFIX "/people/"

/* cmark-gfm 0.29.0.gfm.6 (the Debian 12 package) has quadratic paths in its
 * table extension, fixed upstream later: every line that could be a table
 * delimiter row re-parses the whole paragraph above it, and parsing a row
 * costs the square of its '|' count. 64 KiB of "|\n|-|\n" takes seconds.
 * Before parsing we estimate that work from the raw lines and leave the
 * table extension off when it is over budget, so such a post renders its
 * pipes as text. The estimate over-counts (container markers, escaped
 * pipes, code blocks all count) so it can only err towards fewer tables.
 * Each budget is about 20 ms of cmark time on one 2020s core. */
#define MD_TABLE_PARA_BUDGET 100000000ULL
#define MD_TABLE_PIPE_BUDGET (1ULL << 23)

static void *md_calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p == NULL) {
        fputs("markdown: out of memory inside cmark-gfm, aborting\n", stderr);
        abort();
    }
    return p;
}

static void *md_realloc(void *old, size_t size)
{
    void *p = realloc(old, size);
    if (p == NULL) {
        fputs("markdown: out of memory inside cmark-gfm, aborting\n", stderr);
        abort();
    }
    return p;
}

/* Our own allocator rather than cmark's default, so that the HTML string
 * cmark hands back is known to come from malloc and callers may free() it. */
static cmark_mem md_mem = {md_calloc, md_realloc, free};

static pthread_once_t md_ext_once = PTHREAD_ONCE_INIT;

/* cmark_gfm_core_extensions_ensure_registered() is not safe to race. */
static void md_ext_register(void)
{
    cmark_gfm_core_extensions_ensure_registered();
}

/* A missing extension cannot happen once they are registered; if it did,
 * the output would only lose tables or strikethrough, not safety, which
 * comes from safe mode and not from tagfilter. */
static void md_attach(cmark_parser *parser, const char *name)
{
    cmark_syntax_extension *ext = cmark_find_syntax_extension(name);
    if (ext != NULL)
        cmark_parser_attach_syntax_extension(parser, ext);
}

static bool md_is_blank_line(const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        if (s[k] != ' ' && s[k] != '\t' && s[k] != '\v' && s[k] != '\f')
            return false;
    }
    return true;
}

/* True when the line could be a table delimiter row such as "|:--|--:|",
 * allowing for blockquote and list markers in front of it. */
static bool md_is_delimiter_like(const char *s, size_t n)
{
    static const char allowed[] = "|: \t\v\f>*+.)0123456789";
    bool dash = false;
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '-')
            dash = true;
        else if (memchr(allowed, s[k], sizeof allowed - 1) == NULL)
            return false;
    }
    return dash;
}

/* See MD_TABLE_PARA_BUDGET. A paragraph is approximated by the run of
 * non-blank lines above the candidate delimiter row. */
static bool md_tables_are_cheap(const char *s, size_t len)
{
    unsigned long long para_cost = 0, pipe_cost = 0, run_lines = 0, run_bytes = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        unsigned long long pipes = 0;
        while (j < len && s[j] != '\n' && s[j] != '\r') {
            if (s[j] == '|')
                pipes++;
            j++;
        }
        if (md_is_blank_line(s + i, j - i)) {
            run_lines = 0;
            run_bytes = 0;
        } else {
            if (run_lines > 0 && md_is_delimiter_like(s + i, j - i))
                para_cost += run_lines * run_bytes;
            run_lines++;
            run_bytes += j - i + 1;
            pipe_cost += pipes * pipes;
        }
        if (para_cost > MD_TABLE_PARA_BUDGET || pipe_cost > MD_TABLE_PIPE_BUDGET)
            return false;
        /* "\r\n" is one line end; counting it as two would insert blank
         * lines and hide long paragraphs from the estimate. */
        i = j + ((j + 1 < len && s[j] == '\r' && s[j + 1] == '\n') ? 2 : 1);
    }
    return true;
}

/* State of the linkify pass: where mentions go and a scratch buffer for the
 * NUL-terminated strings cmark's setters want. */
struct md_pass {
    struct markdown_result *out;
    char *scratch;
    size_t scratch_cap;
};

/* Writes prefix + s[0..n) into the scratch buffer as a C string, folding
 * ASCII to lowercase in the s part when `fold`. NULL when out of memory. */
static const char *md_cstr(struct md_pass *p, const char *prefix, const char *s, size_t n,
                           bool fold)
{
    size_t plen = strlen(prefix);
    size_t need = plen + n + 1;
    if (need > p->scratch_cap) {
        size_t cap = need < 256 ? 256 : need;
        char *grown = realloc(p->scratch, cap);
        if (grown == NULL)
            return NULL;
        p->scratch = grown;
        p->scratch_cap = cap;
    }
    memcpy(p->scratch, prefix, plen);
    for (size_t k = 0; k < n; k++) {
        char c = s[k];
        if (fold && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        p->scratch[plen + k] = c;
    }
    p->scratch[plen + n] = '\0';
    return p->scratch;
}

static cmark_node *md_new_text(struct md_pass *p, const char *s, size_t n)
{
    const char *lit = md_cstr(p, "", s, n, false);
    if (lit == NULL)
        return NULL;
    cmark_node *t = cmark_node_new_with_mem(CMARK_NODE_TEXT, &md_mem);
    cmark_node_set_literal(t, lit);
    return t;
}

/* A link to href_prefix + href (folded when `fold`) showing text[0..tn). */
static cmark_node *md_new_link(struct md_pass *p, const char *href_prefix, const char *href,
                               size_t hn, bool fold, const char *text, size_t tn)
{
    const char *url = md_cstr(p, href_prefix, href, hn, fold);
    if (url == NULL)
        return NULL;
    cmark_node *link = cmark_node_new_with_mem(CMARK_NODE_LINK, &md_mem);
    cmark_node_set_url(link, url);
    cmark_node *t = md_new_text(p, text, tn);
    if (t == NULL) {
        cmark_node_free(link);
        return NULL;
    }
    cmark_node_append_child(link, t);
    return link;
}

static bool md_login_eq(const char *lower, const char *login, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        char c = login[k];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (lower[k] != c)
            return false;
    }
    return lower[n] == '\0';
}

/* Records login[0..n) in out->mentions unless it is there already. Sets
 * *linkable when the login is (now) in the list; past MARKDOWN_MAX_MENTIONS
 * new logins are neither recorded nor linked, so the text reads as typed. */
static enum markdown_err md_collect_mention(struct markdown_result *out, const char *login,
                                            size_t n, bool *linkable)
{
    *linkable = true;
    for (size_t k = 0; k < out->n_mentions; k++) {
        if (md_login_eq(out->mentions[k], login, n))
            return MARKDOWN_OK;
    }
    if (out->n_mentions == MARKDOWN_MAX_MENTIONS) {
        *linkable = false;
        return MARKDOWN_OK;
    }
    char *copy = malloc(n + 1);
    if (copy == NULL)
        return MARKDOWN_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        char c = login[k];
        copy[k] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    copy[n] = '\0';
    out->mentions[out->n_mentions++] = copy;
    return MARKDOWN_OK;
}

/* Puts `node` (NULL meaning out of memory) before `anchor`. Returns
 * MARKDOWN_OK, MARKDOWN_ENOMEM, or MARKDOWN_OK with *refused set when the
 * parent cannot hold the node; the node is then freed. */
static enum markdown_err md_insert(cmark_node *anchor, cmark_node *node, size_t *inserted,
                                   bool *refused)
{
    if (node == NULL)
        return MARKDOWN_ENOMEM;
    if (!cmark_node_insert_before(anchor, node)) {
        cmark_node_free(node);
        *refused = true;
        return MARKDOWN_OK;
    }
    (*inserted)++;
    return MARKDOWN_OK;
}

/* Replaces one TEXT node by text and link nodes for the URLs and mentions in
 * it. The node's literal stays valid throughout because the node itself is
 * only unlinked at the end. Each search resumes where the previous hit
 * ended and a pending hit of the other kind is reused, so the work is linear
 * in the length of the text. */
static enum markdown_err md_linkify_text(struct md_pass *p, cmark_node *text)
{
    const char *lit = cmark_node_get_literal(text);
    if (lit == NULL)
        return MARKDOWN_OK;
    size_t len = strlen(lit);
    size_t pos = 0, done = 0, inserted = 0;
    size_t us = 0, ue = 0, ms = 0, me = 0;
    enum linkify_url kind = LINKIFY_URL_NONE;
    bool url_stale = true, url_gone = false, m_stale = true, m_gone = false;
    bool refused = false;
    enum markdown_err err = MARKDOWN_OK;

    while (!refused) {
        if (!url_gone && (url_stale || us < pos)) {
            kind = linkify_find_url(lit, len, pos, &us, &ue);
            url_gone = kind == LINKIFY_URL_NONE;
            url_stale = false;
        }
        if (!m_gone && (m_stale || ms < pos)) {
            m_gone = !linkify_find_mention(lit, len, pos, &ms, &me);
            m_stale = false;
        }
        if (url_gone && m_gone)
            break;

        if (!url_gone && (m_gone || us < ms)) {
            if (us > done)
                err = md_insert(text, md_new_text(p, lit + done, us - done), &inserted, &refused);
            if (err == MARKDOWN_OK && !refused) {
                const char *prefix = kind == LINKIFY_URL_WWW ? "https://" : "";
                cmark_node *link =
                    md_new_link(p, prefix, lit + us, ue - us, false, lit + us, ue - us);
                err = md_insert(text, link, &inserted, &refused);
            }
            done = pos = ue;
        } else {
            bool linkable;
            err = md_collect_mention(p->out, lit + ms + 1, me - ms - 1, &linkable);
            if (err == MARKDOWN_OK && linkable) {
                if (ms > done)
                    err =
                        md_insert(text, md_new_text(p, lit + done, ms - done), &inserted, &refused);
                if (err == MARKDOWN_OK && !refused) {
                    cmark_node *link = md_new_link(p, MD_PEOPLE_PREFIX, lit + ms + 1, me - ms - 1,
                                                   true, lit + ms, me - ms);
                    err = md_insert(text, link, &inserted, &refused);
                }
                done = me;
            }
            pos = me;
        }
        if (err != MARKDOWN_OK)
            return err;
    }

    if (!refused && done > 0 && done < len)
        err = md_insert(text, md_new_text(p, lit + done, len - done), &inserted, &refused);
    if (err != MARKDOWN_OK)
        return err;
    if (refused) {
        /* Cannot happen for the inline containers cmark builds, but if it
         * did, leave this text exactly as it was. */
        while (inserted-- > 0)
            cmark_node_free(cmark_node_previous(text));
        return MARKDOWN_OK;
    }
    if (done > 0)
        cmark_node_free(text); /* unlinks it first */
    return MARKDOWN_OK;
}

/* Lists the TEXT nodes that are not inside a link or image (an image's text
 * is its alt attribute). Code spans and blocks hold no TEXT nodes. The list
 * is built first because the tree must not change under a live iterator. */
static enum markdown_err md_collect_texts(cmark_node *doc, cmark_node ***list, size_t *n)
{
    size_t cap = 0;
    int in_link = 0;
    enum markdown_err err = MARKDOWN_OK;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;

    *list = NULL;
    *n = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(node);
        if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
            in_link += ev == CMARK_EVENT_ENTER ? 1 : -1;
            continue;
        }
        if (type != CMARK_NODE_TEXT || in_link > 0)
            continue;
        if (*n == cap) {
            size_t ncap = cap == 0 ? 64 : cap * 2;
            cmark_node **grown = realloc(*list, ncap * sizeof **list);
            if (grown == NULL) {
                err = MARKDOWN_ENOMEM;
                goto fail;
            }
            *list = grown;
            cap = ncap;
        }
        (*list)[(*n)++] = node;
    }
    cmark_iter_free(it);
    return MARKDOWN_OK;

fail:
    cmark_iter_free(it);
    free(*list);
    *list = NULL;
    *n = 0;
    return err;
}

static enum markdown_err md_linkify(struct md_pass *p, cmark_node *doc)
{
    cmark_node **texts;
    size_t n;
    enum markdown_err err = md_collect_texts(doc, &texts, &n);
    if (err != MARKDOWN_OK)
        return err;
    for (size_t k = 0; k < n && err == MARKDOWN_OK; k++)
        err = md_linkify_text(p, texts[k]);
    free(texts);
    return err;
}

enum markdown_err markdown_render(const char *src, size_t len, struct markdown_result *out)
{
    struct md_pass pass = {.out = out};
    cmark_parser *parser;
    cmark_node *doc;
    enum markdown_err err;

    memset(out, 0, sizeof *out);
    if (len > MARKDOWN_MAX_INPUT)
        return MARKDOWN_ETOOBIG;
    if (src == NULL) {
        src = "";
        len = 0;
    }

    pthread_once(&md_ext_once, md_ext_register);
    parser = cmark_parser_new_with_mem(MD_OPTIONS, &md_mem);
    md_attach(parser, "strikethrough");
    md_attach(parser, "tagfilter");
    if (md_tables_are_cheap(src, len))
        md_attach(parser, "table");
    cmark_parser_feed(parser, src, len);
    doc = cmark_parser_finish(parser);

    /* A URL or mention must be seen whole, not cut where the parser split
     * text at a character that might have been markup ('_', '[', '&').
     * cmark-gfm 0.29 merges such pieces itself, but does not promise to;
     * this is linear and a no-op when they are merged already. */
    cmark_consolidate_text_nodes(doc);
    err = md_linkify(&pass, doc);
    if (err != MARKDOWN_OK)
        goto fail;

    /* The extension list is the parser's: render before freeing it. */
    out->html = cmark_render_html_with_mem(doc, MD_OPTIONS,
                                           cmark_parser_get_syntax_extensions(parser), &md_mem);
    out->html_len = strlen(out->html);

fail:
    free(pass.scratch);
    cmark_node_free(doc);
    cmark_parser_free(parser);
    if (err != MARKDOWN_OK)
        markdown_result_free(out);
    return err;
}

void markdown_result_free(struct markdown_result *r)
{
    if (r == NULL)
        return;
    free(r->html);
    for (size_t k = 0; k < r->n_mentions; k++)
        free(r->mentions[k]);
    memset(r, 0, sizeof *r);
}

static const char *const md_err_strs[] = {
    [MARKDOWN_OK] = "ok",
    [MARKDOWN_ENOMEM] = "out of memory",
    [MARKDOWN_ETOOBIG] = "markdown input too large",
};

const char *markdown_err_str(enum markdown_err e)
{
    if ((size_t)e >= sizeof md_err_strs / sizeof md_err_strs[0] || md_err_strs[e] == NULL)
        return "unknown markdown error";
    return md_err_strs[e];
}
