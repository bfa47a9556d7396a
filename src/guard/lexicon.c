/* The professional-language lexicon (see lexicon.h): parsing the lists,
 * compiling them, and matching a text against them. Reading the files of a
 * district is here too; choosing the directory and reloading it is cli's.
 *
 * Two tries. A byte trie over the folded words of the entries (guard/fold.h)
 * gives each word an id; a word written with a trailing '*' ("fuck*") is a
 * prefix word, matched by any word that starts with it. A phrase trie over
 * word ids, its edges in one hash table keyed by (node, word), gives the
 * entries. A check folds the text, cuts it into tokens, finds for every
 * token the words it can be read as, and walks the phrase trie from each.
 *
 * The fold makes case, diacritics, zero-width characters and full-width
 * letters disappear. The obfuscations it does not see are read here, on the
 * fold's tokens and on the original bytes between them:
 * - Repeated letters: the byte-trie walk may stay on a node while the text
 *   repeats the node's letter two or more times, so "fuuuck" matches
 *   "fuck" (but "assess" does not match "asses": see walk_letter). An
 *   entry's own double letters must still be there: "as" is not "ass".
 * - Digits: 0 1 3 4 5 7 8 9 may stand for o i/l e a s t b g where they are
 *   mixed in with letters ("sh1t", "5h1t", "1d10t"), but room "A55", "K12"
 *   or "10am" keep their digits (token_leet).
 * - Symbols: a "chunk" is a run of tokens joined without whitespace
 *   ("f.u.c.k", "sh!t", "a$$hole", "f**k", "a-hole"), with '@' '$' or '|'
 *   just before it and '$' just after it ("@ss", "|oser", "a$$"). A chunk
 *   of up to CHUNK_MAX bytes is also read as one word: '@' '$' '!' '|'
 *   stand for a s i l or join, '*' and '#' for any one letter (or join, in
 *   "s*h*i*t"), other punctuation joins. A chunk of punctuation alone is
 *   read so only when it joins single letters or the two halves of a
 *   hyphenated word, not "white_y" or "file.gyp" (read_chunk).
 * - Spelled out: three or more one-letter tokens a few spaces apart
 *   ("f u c k", "s. h. i. t.") are also read as one word, the whole run.
 * Matching is by whole word, never inside one ("class", "Scunthorpe",
 * "therapist" are not matched by "ass", "cunt", "rapist"). Phrases do not
 * cross a sentence end or a line break. */
#include "util/grow.h"
#include "guard/lexicon.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const struct {
    const char *str, *file;
    enum guard_severity severity; /* of an entry that names none */
} category_info[LEXICON_CATEGORY__MAX] = {
    [LEXICON_PROFANITY] = {"profanity", "profanity.txt", GUARD_SEV_MEDIUM},
    [LEXICON_SLUR] = {"slur", "slurs.txt", GUARD_SEV_HIGH},
    [LEXICON_HARASSMENT] = {"harassment", "harassment.txt", GUARD_SEV_MEDIUM},
    [LEXICON_THREAT] = {"threat", "threats.txt", GUARD_SEV_HIGH},
};

const char *lexicon_category_str(enum lexicon_category c)
{
    return (unsigned)c < LEXICON_CATEGORY__MAX ? category_info[c].str : "?";
}

const char *lexicon_category_file(enum lexicon_category c)
{
    return (unsigned)c < LEXICON_CATEGORY__MAX ? category_info[c].file : "?";
}

#define MIN_PREFIX 3       /* bytes of a prefix word: "ass*" would match "assembly" */
#define MAX_FILE   4194304 /* bytes of one list file */
#define WALK_MAX   64      /* states of one byte-trie walk; more are dropped */
#define HITS_MAX   16      /* words one token can be read as */
#define RUN_MAX    64      /* one-letter tokens in a spelled-out word */
#define RUN_GAP    4       /* bytes between the letters of a spelled-out word */
#define CHUNK_MAX  128     /* bytes of a chunk read as one word */

/* A node of the byte trie as it is built; node 0 is the root. */
struct bnode {
    uint32_t first, next; /* first child, next sibling; 0 = none */
    uint32_t exact;       /* 1 + id of the word that ends here; 0 = none */
    uint32_t prefix;      /* 1 + id of the prefix word that ends here; 0 = none */
    unsigned char label;  /* the byte on the edge into this node */
};

/* A node of the built byte trie: breadth-first order, so that the children
 * of a node are consecutive, sorted by label. Node 0 is the root, whose
 * children are also in root[] by byte. */
struct cnode {
    uint32_t kids;   /* the first child */
    uint32_t exact;  /* as in bnode */
    uint32_t prefix; /* as in bnode */
    uint16_t nkids;
    unsigned char label;
};

/* An edge of the phrase trie: (node, word) -> child. */
struct pslot {
    uint64_t key;
    uint32_t child; /* 0 = empty slot (the root is never a child) */
};

struct lx_entry {
    enum lexicon_category category;
    enum guard_severity severity;
    uint32_t text; /* offset in strings */
};

struct lexicon {
    struct cnode *cnode;
    size_t ncnode;
    uint32_t root[256];
    struct pslot *pslot; /* open addressing, a power of two, at most half full */
    size_t pslot_cap, npslot;
    uint32_t *pentry; /* per phrase node: 1 + the entry that ends here; 0 = none */
    size_t npnode, pentry_cap;
    struct lx_entry *entry;
    size_t nentry, entry_cap;
    char *strings;
    size_t strings_len, strings_cap;
};

/* ---- the byte trie ---- */

static uint32_t cchild(const struct lexicon *lx, uint32_t node, unsigned char c)
{
    if (node == 0)
        return lx->root[c];
    const struct cnode *p = &lx->cnode[node];
    for (uint32_t i = 0; i < p->nkids && lx->cnode[p->kids + i].label <= c; i++)
        if (lx->cnode[p->kids + i].label == c)
            return p->kids + i;
    return 0;
}

/* The byte trie while it is built. */
struct btrie {
    struct bnode *node;
    size_t n, cap;
    uint32_t root[256];
    uint32_t nwords;
};

static uint32_t bchild(const struct btrie *t, uint32_t node, unsigned char c)
{
    if (node == 0)
        return t->root[c];
    for (uint32_t k = t->node[node].first; k; k = t->node[k].next)
        if (t->node[k].label == c)
            return k;
    return 0;
}

/* The id of word w[0..n) (a prefix word if prefix), added if new; -1 on
 * out of memory. */
static int64_t word_id(struct btrie *t, const char *w, size_t n, bool prefix)
{
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        uint32_t k = bchild(t, node, c);
        if (!k) {
            if (!grow_array((void **)&t->node, &t->cap, t->n + 1, sizeof *t->node))
                return -1;
            k = (uint32_t)t->n++;
            t->node[k] = (struct bnode){.label = c};
            if (node == 0) {
                t->root[c] = k;
            } else {
                t->node[k].next = t->node[node].first;
                t->node[node].first = k;
            }
        }
        node = k;
    }
    uint32_t *slot = prefix ? &t->node[node].prefix : &t->node[node].exact;
    if (!*slot)
        *slot = ++t->nwords;
    return *slot - 1;
}

/* Lays the built trie out in breadth-first order into lx. */
static bool freeze(const struct btrie *t, struct lexicon *lx)
{
    lx->cnode = calloc(t->n, sizeof *lx->cnode);
    uint32_t *from = malloc(t->n * sizeof *from); /* new index -> bnode */
    if (!lx->cnode || !from) {
        free(from);
        return false;
    }
    size_t tail = 1;
    from[0] = 0;
    for (size_t head = 0; head < tail; head++) {
        const struct bnode *b = &t->node[from[head]];
        struct cnode *c = &lx->cnode[head];
        *c = (struct cnode){
            .kids = (uint32_t)tail, .exact = b->exact, .prefix = b->prefix, .label = b->label};
        if (head == 0) {
            for (unsigned k = 0; k < 256; k++)
                if (t->root[k])
                    from[tail++] = t->root[k];
        } else {
            for (uint32_t k = b->first; k; k = t->node[k].next) {
                size_t at = tail++; /* insertion sort by label: kids are few */
                for (; at > c->kids && t->node[from[at - 1]].label > t->node[k].label; at--)
                    from[at] = from[at - 1];
                from[at] = k;
            }
        }
        c->nkids = (uint16_t)(tail - c->kids);
    }
    for (uint32_t i = 0; i < lx->cnode[0].nkids; i++)
        lx->root[lx->cnode[1 + i].label] = 1 + i;
    lx->ncnode = t->n;
    free(from);
    return true;
}

/* ---- the phrase trie ---- */

static size_t pslot_at(uint64_t key, size_t mask)
{
    return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 29) & mask;
}

static uint32_t pchild(const struct lexicon *lx, uint32_t node, uint32_t word)
{
    uint64_t key = (uint64_t)node << 32 | word;
    size_t mask = lx->pslot_cap - 1;
    for (size_t i = pslot_at(key, mask);; i = (i + 1) & mask) {
        if (lx->pslot[i].child == 0)
            return 0;
        if (lx->pslot[i].key == key)
            return lx->pslot[i].child;
    }
}

static bool pslot_rehash(struct lexicon *lx, size_t cap)
{
    struct pslot *s = calloc(cap, sizeof *s);
    if (!s)
        return false;
    for (size_t i = 0; i < lx->pslot_cap; i++) {
        if (!lx->pslot[i].child)
            continue;
        size_t j = pslot_at(lx->pslot[i].key, cap - 1);
        while (s[j].child)
            j = (j + 1) & (cap - 1);
        s[j] = lx->pslot[i];
    }
    free(lx->pslot);
    lx->pslot = s;
    lx->pslot_cap = cap;
    return true;
}

/* The child of node by word, added if new; 0 on out of memory. */
static uint32_t padd(struct lexicon *lx, uint32_t node, uint32_t word)
{
    uint32_t k = pchild(lx, node, word);
    if (k)
        return k;
    if (2 * (lx->npslot + 1) > lx->pslot_cap && !pslot_rehash(lx, 2 * lx->pslot_cap))
        return 0;
    if (!grow_array((void **)&lx->pentry, &lx->pentry_cap, lx->npnode + 1, sizeof *lx->pentry))
        return 0;
    k = (uint32_t)lx->npnode++;
    lx->pentry[k] = 0;
    uint64_t key = (uint64_t)node << 32 | word;
    size_t i = pslot_at(key, lx->pslot_cap - 1);
    while (lx->pslot[i].child)
        i = (i + 1) & (lx->pslot_cap - 1);
    lx->pslot[i] = (struct pslot){.key = key, .child = k};
    lx->npslot++;
    return k;
}

/* ---- parsing ---- */

struct builder {
    struct lexicon *lx;
    struct btrie trie;
    struct guard_fold fold; /* scratch: one entry, folded */
    const char *name;       /* of the source being read, for errors */
    size_t line;
    char *err;
    size_t errlen;
};

static bool fail(struct builder *b, const char *why)
{
    if (b->errlen)
        snprintf(b->err, b->errlen, "%s:%zu: %s", b->name, b->line, why);
    return false;
}

static bool out_of_memory(struct builder *b)
{
    if (b->errlen)
        snprintf(b->err, b->errlen, "out of memory");
    return false;
}

static bool utf8_valid(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        size_t k;
        if (c < 0x80)
            k = 0;
        else if (c >= 0xC2 && c <= 0xDF)
            k = 1;
        else if ((c & 0xF0) == 0xE0)
            k = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3;
        else
            return false;
        if (n - i <= k)
            return false;
        for (size_t j = 1; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return false;
        i += k + 1;
    }
    return true;
}

static void trim(const char **s, size_t *n)
{
    while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

static bool parse_severity(const char *s, size_t n, enum guard_severity *out)
{
    static const char *const names[] = {"info", "low", "medium", "high"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i]) == n && strncasecmp(s, names[i], n) == 0) {
            *out = (enum guard_severity)i;
            return true;
        }
    }
    return false;
}

/* Checks the characters of an entry (without its trailing '*'): letters,
 * digits, spaces, apostrophes and hyphens; why says what is wrong. */
static bool entry_chars_ok(const char *s, size_t n, char *why, size_t whylen)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || c == ' ' || c == '\'' || c == '-' || (c >= '0' && c <= '9') ||
            ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            continue;
        if (c == '*')
            snprintf(why, whylen, "'*' may only end an entry");
        else
            snprintf(why, whylen, "unexpected character '%c' (entries are words)", c);
        return false;
    }
    return true;
}

static bool add_entry(struct builder *b, const struct lexicon_source *src, const char *s, size_t n,
                      bool prefix, enum guard_severity severity)
{
    struct lexicon *lx = b->lx;
    if (lx->nentry >= LEXICON_MAX_ENTRIES)
        return fail(b, "more than 100000 entries");
    if (!guard_fold_text(&b->fold, s, n))
        return out_of_memory(b);
    const char *f = b->fold.text;
    size_t flen = b->fold.len, nwords = 0;
    uint32_t span[LEXICON_MAX_WORDS][2], words[LEXICON_MAX_WORDS];
    for (size_t i = 0; i < flen;) {
        if (!guard_fold_is_word((unsigned char)f[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < flen && guard_fold_is_word((unsigned char)f[j]))
            j++;
        if (nwords == LEXICON_MAX_WORDS)
            return fail(b, "more than 8 words");
        span[nwords][0] = (uint32_t)i;
        span[nwords++][1] = (uint32_t)j;
        i = j;
    }
    if (nwords == 0)
        return fail(b, "no letters in the entry");
    if (prefix && span[nwords - 1][1] - span[nwords - 1][0] < MIN_PREFIX)
        return fail(b, "a word ending in '*' needs at least 3 letters");
    for (size_t k = 0; k < nwords; k++) {
        int64_t id =
            word_id(&b->trie, f + span[k][0], span[k][1] - span[k][0], prefix && k == nwords - 1);
        if (id < 0)
            return out_of_memory(b);
        words[k] = (uint32_t)id;
    }
    uint32_t node = 0;
    for (size_t k = 0; k < nwords; k++)
        if ((node = padd(lx, node, words[k])) == 0)
            return out_of_memory(b);
    if (!grow_array((void **)&lx->entry, &lx->entry_cap, lx->nentry + 1, sizeof *lx->entry) ||
        !grow_array((void **)&lx->strings, &lx->strings_cap, lx->strings_len + n + 2, 1))
        return out_of_memory(b);
    uint32_t e = (uint32_t)lx->nentry++;
    lx->entry[e] = (struct lx_entry){
        .category = src->category, .severity = severity, .text = (uint32_t)lx->strings_len};
    memcpy(lx->strings + lx->strings_len, s, n);
    lx->strings_len += n;
    if (prefix)
        lx->strings[lx->strings_len++] = '*';
    lx->strings[lx->strings_len++] = '\0';
    /* The same phrase twice (in two lists, say): the more severe one counts. */
    uint32_t old = lx->pentry[node];
    if (!old || lx->entry[old - 1].severity < severity)
        lx->pentry[node] = e + 1;
    return true;
}

/* One line: "entry", "entry<TAB>severity" or "entry | severity", and a
 * comment from '#'. */
static bool parse_line(struct builder *b, const struct lexicon_source *src, const char *s, size_t n)
{
    const char *hash = memchr(s, '#', n);
    if (hash)
        n = (size_t)(hash - s);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return fail(b, "control character");
    }
    if (!utf8_valid((const unsigned char *)s, n))
        return fail(b, "invalid UTF-8");
    const char *sev = NULL;
    size_t en = n, sevn = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\t' || s[i] == '|') {
            en = i;
            sev = s + i + 1;
            sevn = n - i - 1;
            break;
        }
    }
    enum guard_severity severity = category_info[src->category].severity;
    if (sev) {
        trim(&sev, &sevn);
        if (sevn && sev[0] == '|') {
            sev++;
            sevn--;
            trim(&sev, &sevn);
        }
        if (!parse_severity(sev, sevn, &severity))
            return fail(b, "the severity must be info, low, medium or high");
    }
    trim(&s, &en);
    if (en == 0)
        return sev ? fail(b, "a severity without an entry") : true;
    if (en > LEXICON_MAX_BYTES)
        return fail(b, "an entry longer than 64 bytes");
    bool prefix = s[en - 1] == '*';
    if (prefix) {
        en--;
        if (en == 0 || s[en - 1] == ' ' || s[en - 1] == '-' || s[en - 1] == '\'')
            return fail(b, "'*' must end a word");
    }
    char why[80];
    if (!entry_chars_ok(s, en, why, sizeof why))
        return fail(b, why);
    return add_entry(b, src, s, en, prefix, severity);
}

static bool parse_source(struct builder *b, const struct lexicon_source *src)
{
    b->name = src->name ? src->name : category_info[src->category].file;
    const char *s = src->text, *end = src->text ? src->text + src->len : NULL;
    for (b->line = 1; s < end; b->line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        size_t n = (size_t)(e - s);
        if (n && s[n - 1] == '\r')
            n--;
        if (!parse_line(b, src, s, n))
            return false;
        s = nl ? nl + 1 : end;
    }
    return true;
}

bool lexicon_open(const struct lexicon_source *src, size_t n, struct lexicon **out, char *err,
                  size_t errlen)
{
    *out = NULL;
    if (errlen)
        err[0] = '\0';
    struct builder b = {.err = err, .errlen = errlen};
    struct lexicon *lx = calloc(1, sizeof *lx);
    if (!lx)
        return out_of_memory(&b);
    b.lx = lx;
    lx->pslot_cap = 256;
    lx->pslot = calloc(lx->pslot_cap, sizeof *lx->pslot);
    if (!lx->pslot || !grow_array((void **)&b.trie.node, &b.trie.cap, 1, sizeof *b.trie.node) ||
        !grow_array((void **)&lx->pentry, &lx->pentry_cap, 1, sizeof *lx->pentry)) {
        free(b.trie.node);
        lexicon_close(lx);
        return out_of_memory(&b);
    }
    b.trie.node[0] = (struct bnode){0};
    b.trie.n = 1;
    lx->pentry[0] = 0;
    lx->npnode = 1;
    /* In category order, so that entry numbers do not depend on the order
     * the sources come in (the Makefile embeds them alphabetically). */
    for (size_t i = 0; i < n; i++) {
        if ((unsigned)src[i].category >= LEXICON_CATEGORY__MAX) {
            b.name = src[i].name ? src[i].name : "?";
            fail(&b, "unknown category");
            free(b.trie.node);
            lexicon_close(lx);
            return false;
        }
    }
    for (int c = 0; c < LEXICON_CATEGORY__MAX; c++) {
        for (size_t i = 0; i < n; i++) {
            if ((int)src[i].category == c && !parse_source(&b, &src[i])) {
                guard_fold_free(&b.fold);
                free(b.trie.node);
                lexicon_close(lx);
                return false;
            }
        }
    }
    guard_fold_free(&b.fold);
    bool ok = freeze(&b.trie, lx);
    free(b.trie.node);
    if (!ok) {
        lexicon_close(lx);
        return out_of_memory(&b);
    }
    *out = lx;
    return true;
}

/* Reads path whole into *text; false with err set if it cannot. A missing
 * file is an empty text. */
static bool read_file(const char *path, char **text, size_t *len, char *err, size_t errlen)
{
    *text = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (errno == ENOENT)
            return true;
        if (errlen)
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return false;
    }
    size_t cap = 0, n = 0;
    char *buf = NULL;
    bool ok = true;
    for (;;) {
        if (!grow_array((void **)&buf, &cap, n + 65536, 1)) {
            if (errlen)
                snprintf(err, errlen, "out of memory");
            ok = false;
            break;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (n > MAX_FILE) {
            if (errlen)
                snprintf(err, errlen, "%s: larger than 4 MB", path);
            ok = false;
            break;
        }
        if (got == 0) {
            if (ferror(fp)) {
                if (errlen)
                    snprintf(err, errlen, "%s: %s", path, strerror(errno));
                ok = false;
            }
            break;
        }
    }
    fclose(fp);
    if (!ok) {
        free(buf);
        return false;
    }
    *text = buf;
    *len = n;
    return true;
}

bool lexicon_load_dir(const char *dir, struct lexicon **out, char *err, size_t errlen)
{
    *out = NULL;
    struct lexicon_source src[LEXICON_CATEGORY__MAX];
    char *text[LEXICON_CATEGORY__MAX] = {0};
    char path[LEXICON_CATEGORY__MAX][4096];
    size_t n = 0;
    bool ok = true;
    struct stat st;
    int rc = stat(dir, &st);
    if (rc != 0 || !S_ISDIR(st.st_mode)) {
        if (errlen)
            snprintf(err, errlen, "%s: %s", dir, rc != 0 ? strerror(errno) : "not a directory");
        return false;
    }
    for (int c = 0; c < LEXICON_CATEGORY__MAX && ok; c++) {
        int w = snprintf(path[c], sizeof path[c], "%s/%s", dir, category_info[c].file);
        if (w < 0 || (size_t)w >= sizeof path[c]) {
            if (errlen)
                snprintf(err, errlen, "%s: path too long", dir);
            ok = false;
            break;
        }
        size_t len;
        ok = read_file(path[c], &text[c], &len, err, errlen);
        if (ok && text[c])
            src[n++] = (struct lexicon_source){
                .category = (enum lexicon_category)c, .name = path[c], .text = text[c], .len = len};
    }
    if (ok)
        ok = lexicon_open(src, n, out, err, errlen);
    for (int c = 0; c < LEXICON_CATEGORY__MAX; c++)
        free(text[c]);
    return ok;
}

void lexicon_close(struct lexicon *lx)
{
    if (!lx)
        return;
    free(lx->cnode);
    free(lx->pslot);
    free(lx->pentry);
    free(lx->entry);
    free(lx->strings);
    free(lx);
}

size_t lexicon_size(const struct lexicon *lx)
{
    return lx ? lx->nentry : 0;
}

const char *lexicon_entry_text(const struct lexicon *lx, uint32_t entry)
{
    return lx && entry < lx->nentry ? lx->strings + lx->entry[entry].text : "";
}

/* ---- matching: the byte-trie walk ---- */

/* What one unit of the text may be read as. */
enum unit {
    UNIT_LETTER, /* itself */
    UNIT_DIGIT,  /* itself or the letters it stands for */
    UNIT_SYMBOL, /* the letters it stands for, or nothing */
    UNIT_MASK,   /* any one letter */
};

/* The letters a digit or symbol may stand for ("sh1t", "$hit", "b!tch"). */
static const char *stand_ins(unsigned char c)
{
    switch (c) {
    case '0':
        return "o";
    case '1':
        return "il";
    case '3':
        return "e";
    case '4':
    case '@':
        return "a";
    case '5':
    case '$':
        return "s";
    case '7':
        return "t";
    case '8':
        return "b";
    case '9':
        return "g";
    case '!':
        return "i";
    case '|':
        return "li";
    default:
        return NULL;
    }
}

static bool is_mask(unsigned char c)
{
    return c == '*' || c == '#';
}

/* The states of a walk and the words read so far. A state is a byte-trie
 * node and how many times the text has repeated the node's letter beyond
 * the entry: node << 2 | extra, extra 0, 1 or 2 (two or more). */
struct walk {
    uint32_t st[WALK_MAX];
    unsigned n;
    uint32_t hit[HITS_MAX];
    unsigned nhit;
};

#define ST_NODE(s)  ((s) >> 2)
#define ST_EXTRA(s) ((s)&3u)

static void walk_add(struct walk *w, uint32_t s)
{
    for (unsigned i = 0; i < w->n; i++)
        if (w->st[i] == s)
            return;
    if (w->n < WALK_MAX)
        w->st[w->n++] = s;
}

static void walk_hit(struct walk *w, uint32_t word)
{
    for (unsigned i = 0; i < w->nhit; i++)
        if (w->hit[i] == word)
            return;
    if (w->nhit < HITS_MAX)
        w->hit[w->nhit++] = word;
}

/* Moves every state in[] by letter c into w: to the child, or staying on a
 * node whose own letter c repeats. A letter stretched by exactly one is
 * refused, since that is how ordinary words differ from listed ones
 * ("assess" and "asses", "woop" and "wop"); by two or more it is read as
 * emphasis ("fuuuck", "shiiit"). */
static void walk_letter(const struct lexicon *lx, const uint32_t *in, unsigned n, unsigned char c,
                        struct walk *w)
{
    for (unsigned i = 0; i < n; i++) {
        uint32_t node = ST_NODE(in[i]), extra = ST_EXTRA(in[i]);
        uint32_t k = extra != 1 ? cchild(lx, node, c) : 0;
        if (k)
            walk_add(w, k << 2);
        if (node && lx->cnode[node].label == c)
            walk_add(w, node << 2 | (extra < 2 ? extra + 1 : 2));
    }
}

/* Moves every state in[] by any one letter (a star in "f*ck"). */
static void walk_any(const struct lexicon *lx, const uint32_t *in, unsigned n, struct walk *w)
{
    for (unsigned i = 0; i < n; i++) {
        uint32_t node = ST_NODE(in[i]);
        if (ST_EXTRA(in[i]) == 1)
            continue;
        if (node == 0) {
            for (unsigned c = 0; c < 256; c++)
                if (lx->root[c])
                    walk_add(w, lx->root[c] << 2);
            continue;
        }
        const struct cnode *p = &lx->cnode[node];
        for (uint32_t k = p->kids; k < p->kids + p->nkids; k++)
            walk_add(w, k << 2);
    }
}

/* One unit of the text; a prefix word reached is read at once. */
static void walk_step(const struct lexicon *lx, struct walk *w, unsigned char c, enum unit u)
{
    /* The common case: one state, a letter that does not repeat the last. */
    if (u == UNIT_LETTER && w->n == 1 && lx->cnode[ST_NODE(w->st[0])].label != c) {
        uint32_t k = ST_EXTRA(w->st[0]) != 1 ? cchild(lx, ST_NODE(w->st[0]), c) : 0;
        w->n = k != 0;
        w->st[0] = k << 2;
        if (k && lx->cnode[k].prefix)
            walk_hit(w, lx->cnode[k].prefix - 1);
        return;
    }
    uint32_t in[WALK_MAX];
    unsigned n = w->n;
    memcpy(in, w->st, n * sizeof in[0]);
    w->n = 0;
    if (u == UNIT_SYMBOL)
        for (unsigned i = 0; i < n; i++)
            walk_add(w, in[i]);
    if (u == UNIT_MASK) {
        walk_any(lx, in, n, w);
    } else {
        if (u != UNIT_SYMBOL)
            walk_letter(lx, in, n, c, w);
        for (const char *alt = u == UNIT_LETTER ? NULL : stand_ins(c); alt && *alt; alt++)
            walk_letter(lx, in, n, (unsigned char)*alt, w);
    }
    for (unsigned i = 0; i < w->n; i++) {
        const struct cnode *k = &lx->cnode[ST_NODE(w->st[i])];
        if (k->prefix && ST_EXTRA(w->st[i]) == 0)
            walk_hit(w, k->prefix - 1);
    }
}

static void walk_start(struct walk *w)
{
    w->st[0] = 0;
    w->n = 1;
    w->nhit = 0;
}

static void walk_finish(const struct lexicon *lx, struct walk *w)
{
    for (unsigned i = 0; i < w->n; i++) {
        const struct cnode *k = &lx->cnode[ST_NODE(w->st[i])];
        if (k->exact && ST_EXTRA(w->st[i]) != 1)
            walk_hit(w, k->exact - 1);
    }
}

/* ---- matching: tokens and the lattice of words ---- */

enum {
    TOK_SOFT = 1,    /* joined to the next token by symbols only ("f.u", "sh!t") */
    TOK_BARRIER = 2, /* a sentence end or a line break follows: phrases stop */
    TOK_NEWLINE = 4, /* a line break follows */
    TOK_DIGITS = 8,  /* has a digit */
};

/* A word of the fold, with where it came from. */
struct lexicon_token {
    uint32_t fs, fe;       /* folded span */
    uint32_t ostart, oend; /* original span */
    uint32_t lead, trail;  /* with symbols just before and '$' just after ("@ss", "a$$") */
    uint32_t gap;          /* bytes to the next token */
    unsigned flags;
};

/* A word the text can be read as, over tokens [from, to). */
struct lexicon_edge {
    uint32_t from, to, word;
    uint32_t ostart, oend;
};

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static uint32_t cp_end(const char *s, size_t len, uint32_t at)
{
    unsigned char c = (unsigned char)s[at];
    size_t n = c < 0x80             ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 1;
    return at + n <= len ? (uint32_t)(at + n) : (uint32_t)len;
}

/* Length of the whitespace character at s[i], 0 if it is not one. */
static size_t space_len(const unsigned char *s, size_t len, size_t i)
{
    unsigned c = s[i];
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return 1;
    if (c == 0xC2 && i + 1 < len && s[i + 1] == 0xA0)
        return 2;
    if (i + 2 >= len)
        return 0;
    unsigned c1 = s[i + 1], c2 = s[i + 2];
    if (c == 0xE2 && c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF))
        return 3;
    if ((c == 0xE2 && c1 == 0x81 && c2 == 0x9F) || (c == 0xE3 && c1 == 0x80 && c2 == 0x80) ||
        (c == 0xE1 && c1 == 0x9A && c2 == 0x80))
        return 3;
    return 0;
}

/* A symbol that may stand for the first letter of a word ("@ss", "$hit"). */
static bool lead_symbol(unsigned char c)
{
    return c == '@' || c == '$' || c == '|';
}

/* Cuts the folded text into tokens and looks at the bytes between them. */
static bool tokenize(struct lexicon_result *r, const char *text, size_t len)
{
    const struct guard_fold *f = &r->fold;
    const unsigned char *s = (const unsigned char *)text;
    r->ntok = 0;
    /* Words and separators alternate: at most (len + 1) / 2 words. */
    if (!grow_array((void **)&r->tok, &r->tok_cap, f->len / 2 + 1, sizeof *r->tok))
        return false;
    for (size_t i = 0; i < f->len;) {
        if (!guard_fold_is_word((unsigned char)f->text[i])) {
            i++;
            continue;
        }
        size_t j = i;
        unsigned flags = 0;
        for (; j < f->len && guard_fold_is_word((unsigned char)f->text[j]); j++)
            if (is_digit((unsigned char)f->text[j]))
                flags = TOK_DIGITS;
        uint32_t os = f->map[i], oe = cp_end(text, len, f->map[j - 1]);
        r->tok[r->ntok++] = (struct lexicon_token){.fs = (uint32_t)i,
                                                   .fe = (uint32_t)j,
                                                   .ostart = os,
                                                   .oend = oe,
                                                   .lead = os,
                                                   .trail = oe,
                                                   .flags = flags};
        i = j;
    }
    for (size_t t = 0; t < r->ntok; t++) {
        struct lexicon_token *k = &r->tok[t];
        size_t gs = k->oend, ge = t + 1 < r->ntok ? r->tok[t + 1].ostart : len;
        bool space = false;
        for (size_t i = gs; i < ge; i++) {
            if (s[i] == '\n')
                k->flags |= TOK_NEWLINE | TOK_BARRIER;
            if (space_len(s, len, i))
                space = true;
        }
        if (k->fe < f->len && f->text[k->fe] == GUARD_SEP_STOP)
            k->flags |= TOK_BARRIER;
        k->gap = (uint32_t)(ge - gs);
        if (t + 1 < r->ntok && !space) {
            k->flags |= TOK_SOFT;
            continue;
        }
        while (k->trail < ge && s[k->trail] == '$')
            k->trail++;
        if (t + 1 < r->ntok) {
            struct lexicon_token *next = &r->tok[t + 1];
            while (next->lead > k->trail && lead_symbol(s[next->lead - 1]))
                next->lead--;
        }
    }
    if (r->ntok) {
        struct lexicon_token *k = &r->tok[0];
        while (k->lead > 0 && lead_symbol(s[k->lead - 1]))
            k->lead--;
    }
    return true;
}

static bool add_edges(struct lexicon_result *r, const struct walk *w, uint32_t from, uint32_t to,
                      uint32_t ostart, uint32_t oend)
{
    if (w->nhit == 0)
        return true;
    if (!grow_array((void **)&r->edge, &r->edge_cap, r->nedge + w->nhit, sizeof *r->edge))
        return false;
    for (unsigned i = 0; i < w->nhit; i++)
        r->edge[r->nedge++] = (struct lexicon_edge){
            .from = from, .to = to, .word = w->hit[i], .ostart = ostart, .oend = oend};
    return true;
}

/* True if the digits of a token may stand for letters: they are mixed in
 * with its letters ("sh1t", "5h1t", "1d10t"), or there is one beside two or
 * more letters ("5hit"). A code or a number with a unit ("A55", "K12",
 * "10am", "S1234567") keeps its digits. */
static bool token_leet(const unsigned char *f, uint32_t fs, uint32_t fe)
{
    size_t digits = 0, runs = 0, n = fe - fs;
    for (uint32_t i = fs; i < fe; i++) {
        digits += is_digit(f[i]);
        runs += i == fs || is_digit(f[i]) != is_digit(f[i - 1]);
    }
    if (digits == 0 || digits == n)
        return false;
    return runs >= 3 ? digits <= n - digits + 1 : digits == 1 && n >= 3;
}

/* Token t read as it is (see token_leet for its digits). */
static bool read_token(const struct lexicon *lx, struct lexicon_result *r, uint32_t t)
{
    const struct lexicon_token *k = &r->tok[t];
    const unsigned char *f = (const unsigned char *)r->fold.text;
    bool leet = (k->flags & TOK_DIGITS) && token_leet(f, k->fs, k->fe);
    struct walk w;
    walk_start(&w);
    uint32_t i = k->fs;
    if (!leet) {
        /* Most words: one state until a letter repeats, if the word lives
         * that long. */
        uint32_t node = 0;
        for (; i < k->fe && lx->cnode[node].label != f[i]; i++) {
            if ((node = cchild(lx, node, f[i])) == 0) {
                if (w.nhit == 0)
                    return true;
                w.n = 0;
                break;
            }
            if (lx->cnode[node].prefix)
                walk_hit(&w, lx->cnode[node].prefix - 1);
        }
        w.st[0] = node << 2;
    }
    for (; i < k->fe && w.n; i++)
        walk_step(lx, &w, f[i], leet && is_digit(f[i]) ? UNIT_DIGIT : UNIT_LETTER);
    walk_finish(lx, &w);
    return add_edges(r, &w, t, t + 1, k->ostart, k->oend);
}

/* The chunk of tokens [t0, t1] read as one word, symbols between and around
 * them standing for letters or joining ("f.u.c.k", "sh!t", "@ss", "f**k"). */
static bool read_chunk(const struct lexicon *lx, struct lexicon_result *r, const char *text,
                       uint32_t t0, uint32_t t1)
{
    const unsigned char *s = (const unsigned char *)text;
    const unsigned char *f = (const unsigned char *)r->fold.text;
    const struct lexicon_token *a = &r->tok[t0], *b = &r->tok[t1];
    size_t letters = 0, digits = 0, subs = b->trail - b->oend + a->ostart - a->lead, masks = 0;
    bool singles = true, star_gaps = true;
    if (b->trail - a->lead > CHUNK_MAX)
        return true;
    for (uint32_t t = t0; t <= t1; t++) {
        for (uint32_t i = r->tok[t].fs; i < r->tok[t].fe; i++)
            digits += is_digit(f[i]);
        letters += r->tok[t].fe - r->tok[t].fs;
        singles &= r->tok[t].fe - r->tok[t].fs == 1;
        for (uint32_t i = r->tok[t].oend; t < t1 && i < r->tok[t + 1].ostart; i++) {
            masks += is_mask(s[i]);
            subs += stand_ins(s[i]) != NULL;
        }
        star_gaps &= t == t1 || (r->tok[t].gap == 1 && is_mask(s[r->tok[t].oend]));
    }
    letters -= digits;
    if (letters == 0)
        return true;
    /* Joined by punctuation alone, words are only read as one when they are
     * letters ("f.u.c.k") or two halves of a hyphenated word ("a-hole"):
     * "white_y", "G(ook" and "file.gyp" are not obfuscation. */
    bool hyphen = t1 == t0 + 1 && a->gap == 1 && s[a->oend] == '-';
    if (!subs && !masks && !digits && !singles && !hyphen)
        return true;
    /* Stars stand for letters ("f*ck", "f**k") unless they only separate
     * letters ("s*h*i*t"), and not where they outnumber the letters. */
    bool leet = digits <= letters + subs;
    bool masked = letters >= 2 && masks <= letters && !(singles && star_gaps);
    struct walk w;
    walk_start(&w);
    for (uint32_t i = a->lead; i < a->ostart; i++)
        walk_step(lx, &w, s[i], UNIT_SYMBOL);
    for (uint32_t t = t0; t <= t1 && w.n; t++) {
        const struct lexicon_token *k = &r->tok[t];
        for (uint32_t i = k->fs; i < k->fe && w.n; i++)
            walk_step(lx, &w, f[i], leet && is_digit(f[i]) ? UNIT_DIGIT : UNIT_LETTER);
        for (uint32_t i = k->oend; t < t1 && i < r->tok[t + 1].ostart && w.n; i++) {
            if (is_mask(s[i]) && masked)
                walk_step(lx, &w, s[i], UNIT_MASK);
            else if (stand_ins(s[i]))
                walk_step(lx, &w, s[i], UNIT_SYMBOL);
        }
    }
    for (uint32_t i = b->oend; i < b->trail && w.n; i++)
        walk_step(lx, &w, s[i], UNIT_SYMBOL);
    walk_finish(lx, &w);
    return add_edges(r, &w, t0, t1 + 1, a->lead, b->trail);
}

/* A token that is a whole chunk of one letter or digit: "f" of "f u c k". */
static bool is_single(const struct lexicon_result *r, uint32_t t)
{
    const struct lexicon_token *k = &r->tok[t];
    return k->fe - k->fs == 1 && !(k->flags & TOK_SOFT) &&
           !(t > 0 && (r->tok[t - 1].flags & TOK_SOFT)) && k->lead == k->ostart &&
           k->trail == k->oend;
}

static bool run_link(const struct lexicon_result *r, uint32_t t)
{
    return !(r->tok[t].flags & TOK_NEWLINE) && r->tok[t].gap <= RUN_GAP;
}

/* The one-letter tokens [t0, t1] read as one word. */
static bool read_letters(const struct lexicon *lx, struct lexicon_result *r, uint32_t t0,
                         uint32_t t1)
{
    const unsigned char *f = (const unsigned char *)r->fold.text;
    size_t digits = 0;
    for (uint32_t t = t0; t <= t1; t++)
        digits += is_digit(f[r->tok[t].fs]);
    bool leet = 2 * digits <= t1 - t0 + 1;
    struct walk w;
    walk_start(&w);
    for (uint32_t t = t0; t <= t1 && w.n; t++) {
        unsigned char c = f[r->tok[t].fs];
        walk_step(lx, &w, c, leet && is_digit(c) ? UNIT_DIGIT : UNIT_LETTER);
    }
    walk_finish(lx, &w);
    return add_edges(r, &w, t0, t1 + 1, r->tok[t0].ostart, r->tok[t1].oend);
}

/* A run of three or more one-letter tokens from t0 ("f u c k"), read as one
 * word; only the whole run, so that "p a s s" is not "ass", but also
 * without a first "a" or "I" ("what a f u c k"). */
static bool read_run(const struct lexicon *lx, struct lexicon_result *r, uint32_t t0)
{
    const unsigned char *f = (const unsigned char *)r->fold.text;
    uint32_t t1 = t0;
    while (t1 + 1 < r->ntok && t1 - t0 + 1 < RUN_MAX && run_link(r, t1) && is_single(r, t1 + 1))
        t1++;
    if (t1 - t0 < 2)
        return true;
    unsigned char first = f[r->tok[t0].fs];
    if ((first == 'a' || first == 'i') && t1 - t0 >= 3 && !read_letters(lx, r, t0 + 1, t1))
        return false;
    return read_letters(lx, r, t0, t1);
}

static int edge_cmp(const void *pa, const void *pb)
{
    const struct lexicon_edge *a = pa, *b = pb;
    return a->from < b->from ? -1 : a->from > b->from;
}

/* Every reading of every token, ordered by first token, and first_edge[t]
 * the first of those that start at token t. */
static bool read_all(const struct lexicon *lx, struct lexicon_result *r, const char *text)
{
    r->nedge = 0;
    if (!grow_array((void **)&r->first_edge, &r->first_cap, r->ntok + 1, sizeof *r->first_edge))
        return false;
    bool sorted = true;
    for (uint32_t t = 0; t < r->ntok; t++) {
        bool chunk_start = t == 0 || !(r->tok[t - 1].flags & TOK_SOFT);
        if (chunk_start) {
            uint32_t t1 = t;
            while (r->tok[t1].flags & TOK_SOFT)
                t1++;
            const struct lexicon_token *a = &r->tok[t], *b = &r->tok[t1];
            if ((t1 > t || a->lead < a->ostart || b->trail > b->oend) &&
                !read_chunk(lx, r, text, t, t1))
                return false;
            bool run_start = !(t > 0 && is_single(r, t - 1) && run_link(r, t - 1));
            size_t before = r->nedge;
            if (is_single(r, t) && run_start && !read_run(lx, r, t))
                return false;
            for (size_t i = before; i < r->nedge; i++)
                sorted &= r->edge[i].from == t;
        }
        if (!read_token(lx, r, t))
            return false;
    }
    if (!sorted) /* a run read without its first letter ("a f u c k") */
        qsort(r->edge, r->nedge, sizeof *r->edge, edge_cmp);
    size_t e = 0;
    for (uint32_t t = 0; t <= r->ntok; t++) {
        r->first_edge[t] = (uint32_t)e;
        while (e < r->nedge && r->edge[e].from == t)
            e++;
    }
    return true;
}

/* ---- matching: phrases and findings ---- */

static bool add_finding(const struct lexicon *lx, struct lexicon_result *r, uint32_t entry,
                        uint32_t start, uint32_t end)
{
    if (r->n >= LEXICON_MAX_FINDINGS) {
        r->truncated = true;
        return false;
    }
    if (!grow_array((void **)&r->finding, &r->cap, r->n + 1, sizeof *r->finding))
        return false;
    const struct lx_entry *e = &lx->entry[entry];
    r->finding[r->n++] = (struct lexicon_finding){.category = e->category,
                                                  .severity = e->severity,
                                                  .start = start,
                                                  .end = end,
                                                  .entry = entry};
    return true;
}

/* Walks the phrase trie from node over the edges that start at token pos;
 * start is the original offset of the phrase (UINT32_MAX: the edge's). False
 * when the findings are full or memory ran out. */
static bool walk_phrases(const struct lexicon *lx, struct lexicon_result *r, uint32_t node,
                         uint32_t pos, uint32_t start, unsigned depth)
{
    for (uint32_t i = r->first_edge[pos]; i < r->first_edge[pos + 1]; i++) {
        const struct lexicon_edge *e = &r->edge[i];
        uint32_t child = pchild(lx, node, e->word);
        if (!child)
            continue;
        uint32_t s = start == UINT32_MAX ? e->ostart : start;
        if (lx->pentry[child] && !add_finding(lx, r, lx->pentry[child] - 1, s, e->oend))
            return false;
        if (depth + 1 < LEXICON_MAX_WORDS && e->to < r->ntok &&
            !(r->tok[e->to - 1].flags & TOK_BARRIER) &&
            !walk_phrases(lx, r, child, e->to, s, depth + 1))
            return false;
    }
    return true;
}

static int finding_cmp(const void *pa, const void *pb)
{
    const struct lexicon_finding *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    return a->entry < b->entry ? -1 : a->entry > b->entry;
}

/* Sorts the findings and leaves out those inside another of the same
 * category and at least the same severity (the word "fuck" inside the
 * chunk "fuck-you", "kill you" inside "I will kill you"). */
static void prune(struct lexicon_result *r)
{
    if (r->n == 0)
        return;
    qsort(r->finding, r->n, sizeof *r->finding, finding_cmp);
    uint32_t reach[LEXICON_CATEGORY__MAX][GUARD_SEV_HIGH + 1] = {{0}};
    size_t kept = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct lexicon_finding *f = &r->finding[i];
        bool inside = false;
        for (int s = f->severity; s <= GUARD_SEV_HIGH; s++)
            inside |= reach[f->category][s] >= f->end;
        if (inside)
            continue;
        if (reach[f->category][f->severity] < f->end)
            reach[f->category][f->severity] = f->end;
        r->finding[kept++] = *f;
    }
    r->n = kept;
}

bool lexicon_check(const struct lexicon *lx, const char *text, size_t len, struct lexicon_result *r)
{
    r->n = 0;
    r->truncated = false;
    r->ntok = r->nedge = 0;
    if (!lx || len == 0)
        return true;
    if (len >= UINT32_MAX || !guard_fold_text(&r->fold, text, len) || !tokenize(r, text, len) ||
        !read_all(lx, r, text))
        return false;
    for (uint32_t t = 0; t < r->ntok; t++) {
        if (r->first_edge[t] == r->first_edge[t + 1])
            continue;
        if (!walk_phrases(lx, r, 0, t, UINT32_MAX, 0)) {
            if (!r->truncated)
                return false;
            break;
        }
    }
    prune(r);
    return true;
}

void lexicon_result_free(struct lexicon_result *r)
{
    free(r->finding);
    free(r->tok);
    free(r->edge);
    free(r->first_edge);
    guard_fold_free(&r->fold);
    memset(r, 0, sizeof *r);
}
