/* The roster matcher (see matcher.h): a dictionary of folded words and a
 * breadth-first word trie in flat arrays. Building collects every pattern as
 * a sequence of word ids, sorts them, and lays the trie out one level at a
 * time, so the children of a state are contiguous and the trie needs no
 * pointers: state s's children are first_child[s] .. first_child[s + 1], and
 * a level-1 state's id is its word's id. */
#include "util/grow.h"
#include "guard/matcher.h"

#include <stdlib.h>
#include <string.h>

#define WORD_NONE  0u /* not in the dictionary, or a sentence stop */
#define WORD_COMMA 1u
#define FIRST_WORD 2u
#define FORM_BITS  4
#define MAX_INDEX  ((1u << (32 - FORM_BITS)) - 1)

static const struct {
    const char *name;
    double confidence;
} form_info[GUARD_FORM__MAX] = {
    [GUARD_FORM_FULL] = {"full", 0.95},        [GUARD_FORM_MIDDLE] = {"middle", 0.99},
    [GUARD_FORM_INITIAL] = {"initial", 0.95},  [GUARD_FORM_PREFERRED] = {"preferred", 0.9},
    [GUARD_FORM_COMMA] = {"comma", 0.95},      [GUARD_FORM_JOINED] = {"joined", 0.9},
    [GUARD_FORM_INVERTED] = {"inverted", 0.6}, [GUARD_FORM_PARTIAL] = {"partial", 0.6},
    [GUARD_FORM_NUMBER] = {"number", 0.99},    [GUARD_FORM_TERM] = {"term", 1.0},
    [GUARD_FORM_STAFF] = {"staff", 0.0},
};

const char *guard_form_str(enum guard_form f)
{
    return (unsigned)f < GUARD_FORM__MAX ? form_info[f].name : "?";
}

double guard_form_confidence(enum guard_form f)
{
    return (unsigned)f < GUARD_FORM__MAX ? form_info[f].confidence : 0.0;
}

const char *guard_err_str(enum guard_err e)
{
    switch (e) {
    case GUARD_OK:
        return "ok";
    case GUARD_ENOMEM:
        return "out of memory";
    case GUARD_EINVAL:
        return "invalid input";
    case GUARD_ETOOBIG:
        return "too big";
    }
    return "?";
}

/* ---- growable arrays (build time only) ---- */

/* ---- the dictionary: folded word -> id, open addressing over ids ---- */

struct dict {
    char *pool;
    size_t pool_len, pool_cap;
    uint32_t *off; /* off[id] .. off[id + 1] is the word; ids 0 and 1 are empty */
    size_t nwords, off_cap;
    uint32_t *slot; /* word ids, 0 = empty; nslot is a power of two */
    size_t nslot;
};

static uint32_t hash_word(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

static bool dict_same(const struct dict *d, uint32_t id, const char *p, size_t n)
{
    return d->off[id + 1] - d->off[id] == n && memcmp(d->pool + d->off[id], p, n) == 0;
}

static uint32_t dict_find(const struct dict *d, const char *p, size_t n)
{
    size_t mask = d->nslot - 1;
    for (size_t i = hash_word(p, n) & mask;; i = (i + 1) & mask) {
        uint32_t id = d->slot[i];
        if (id == 0 || dict_same(d, id, p, n))
            return id;
    }
}

static bool dict_rehash(struct dict *d, size_t nslot)
{
    uint32_t *slot = calloc(nslot, sizeof *slot);
    if (!slot)
        return false;
    for (uint32_t id = FIRST_WORD; id < d->nwords; id++) {
        size_t len = d->off[id + 1] - d->off[id];
        size_t i = hash_word(d->pool + d->off[id], len) & (nslot - 1);
        while (slot[i])
            i = (i + 1) & (nslot - 1);
        slot[i] = id;
    }
    free(d->slot);
    d->slot = slot;
    d->nslot = nslot;
    return true;
}

static bool dict_init(struct dict *d)
{
    memset(d, 0, sizeof *d);
    if (!grow_array((void **)&d->off, &d->off_cap, FIRST_WORD + 1, sizeof *d->off))
        return false;
    d->off[0] = d->off[1] = d->off[2] = 0;
    d->nwords = FIRST_WORD;
    return dict_rehash(d, 1024);
}

/* The id of word p[0..n), added if new; WORD_NONE on failure. */
static uint32_t dict_intern(struct dict *d, const char *p, size_t n)
{
    uint32_t id = dict_find(d, p, n);
    if (id)
        return id;
    if (d->nwords >= MAX_INDEX || d->pool_len + n >= UINT32_MAX)
        return WORD_NONE;
    if ((d->nwords + 1) * 2 > d->nslot && !dict_rehash(d, d->nslot * 2))
        return WORD_NONE;
    if (!grow_array((void **)&d->pool, &d->pool_cap, d->pool_len + n, 1) ||
        !grow_array((void **)&d->off, &d->off_cap, d->nwords + 2, sizeof *d->off))
        return WORD_NONE;
    memcpy(d->pool + d->pool_len, p, n);
    d->pool_len += n;
    id = (uint32_t)d->nwords++;
    d->off[id + 1] = (uint32_t)d->pool_len;
    size_t mask = d->nslot - 1;
    size_t i = hash_word(p, n) & mask;
    while (d->slot[i])
        i = (i + 1) & mask;
    d->slot[i] = id;
    return id;
}

static void dict_free(struct dict *d)
{
    free(d->pool);
    free(d->off);
    free(d->slot);
}

/* ---- the matcher ---- */

struct guard_matcher {
    struct dict dict;
    size_t nstates;
    uint32_t *first_child; /* nstates + 1 */
    uint32_t *label;       /* word id of the edge into each state */
    uint32_t *out_start;   /* nstates + 1: outputs of s are out[out_start[s] .. out_start[s + 1]] */
    uint32_t *out;         /* (index << FORM_BITS) | form */
    size_t nout;
    int64_t *student_id;
    size_t nstudents;
};

/* ---- patterns (build time) ---- */

struct pattern {
    uint32_t off; /* into builder.words */
    uint32_t len;
    uint32_t out;
};

struct builder {
    struct dict *dict;
    struct pattern *pat;
    size_t npat, pat_cap;
    uint32_t *words;
    size_t nwords, words_cap;
    struct guard_fold fold;
    enum guard_err err;
};

/* A folded name split into word ids (separators inside a name are spaces). */
struct name {
    uint32_t w[GUARD_MAX_WORDS];
    size_t n;
    bool too_long;
};

static void name_split(struct builder *b, const char *s, struct name *nm)
{
    nm->n = 0;
    nm->too_long = false;
    if (!s || !*s)
        return;
    if (!guard_fold_text(&b->fold, s, strlen(s))) {
        b->err = GUARD_ENOMEM;
        return;
    }
    const char *t = b->fold.text;
    size_t len = b->fold.len;
    for (size_t i = 0; i < len;) {
        if (!guard_fold_is_word((unsigned char)t[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && guard_fold_is_word((unsigned char)t[j]))
            j++;
        if (nm->n == GUARD_MAX_WORDS) {
            nm->too_long = true;
            return;
        }
        uint32_t id = dict_intern(b->dict, t + i, j - i);
        if (!id) {
            b->err = GUARD_ENOMEM;
            return;
        }
        nm->w[nm->n++] = id;
        i = j;
    }
}

/* Adds the pattern formed by the concatenation of parts (NULL-terminated). */
static void add_pattern(struct builder *b, const struct name *const *parts, enum guard_form form,
                        uint32_t index)
{
    size_t len = 0;
    for (size_t i = 0; parts[i]; i++) {
        if (parts[i]->n == 0 || parts[i]->too_long)
            return;
        len += parts[i]->n;
    }
    if (len == 0 || len > GUARD_MAX_WORDS || b->err)
        return;
    if (!grow_array((void **)&b->pat, &b->pat_cap, b->npat + 1, sizeof *b->pat) ||
        !grow_array((void **)&b->words, &b->words_cap, b->nwords + len, sizeof *b->words)) {
        b->err = GUARD_ENOMEM;
        return;
    }
    struct pattern *p = &b->pat[b->npat++];
    p->off = (uint32_t)b->nwords;
    p->len = (uint32_t)len;
    p->out = (index << FORM_BITS) | (uint32_t)form;
    for (size_t i = 0; parts[i]; i++) {
        memcpy(b->words + b->nwords, parts[i]->w, parts[i]->n * sizeof *b->words);
        b->nwords += parts[i]->n;
    }
}

#define PATTERN(b, form, index, ...)                                                               \
    add_pattern((b), (const struct name *const[]){__VA_ARGS__, NULL}, (form), (index))

static bool name_equal(const struct name *a, const struct name *b)
{
    return a->n == b->n && memcmp(a->w, b->w, a->n * sizeof a->w[0]) == 0;
}

/* A one-word name made of word k of nm (k < nm->n). */
static struct name name_word(const struct name *nm, size_t k)
{
    struct name one = {.n = 1};
    one.w[0] = nm->w[k];
    return one;
}

/* The first letter of nm's first word, as a word: "e" for "Elena". */
static struct name name_initial(struct builder *b, const struct name *nm)
{
    struct name one = {0};
    if (nm->n == 0)
        return one;
    const char *w = b->dict->pool + b->dict->off[nm->w[0]];
    size_t n = 1;
    while (n < 4 && ((unsigned char)w[n] & 0xC0) == 0x80)
        n++;
    one.w[0] = dict_intern(b->dict, w, n);
    one.n = one.w[0] ? 1 : 0;
    if (!one.n)
        b->err = GUARD_ENOMEM;
    return one;
}

/* All the words of nm run together: "delacruz" for "de la cruz". */
static struct name name_joined(struct builder *b, const struct name *nm)
{
    char tmp[256];
    size_t len = 0;
    struct name one = {0};
    for (size_t i = 0; i < nm->n; i++) {
        size_t n = b->dict->off[nm->w[i] + 1] - b->dict->off[nm->w[i]];
        if (len + n > sizeof tmp)
            return one;
        memcpy(tmp + len, b->dict->pool + b->dict->off[nm->w[i]], n);
        len += n;
    }
    one.w[0] = dict_intern(b->dict, tmp, len);
    one.n = one.w[0] ? 1 : 0;
    if (!one.n)
        b->err = GUARD_ENOMEM;
    return one;
}

/* Family-name particles that are not a family name on their own. */
static bool is_particle(const struct dict *d, uint32_t w)
{
    static const char *const particles[] = {"de", "del", "la", "las", "los", "da",  "das",
                                            "do", "dos", "di", "van", "von", "der", "den",
                                            "du", "le",  "y",  "e",   "st",  "bin", "ibn"};
    for (size_t i = 0; i < sizeof particles / sizeof particles[0]; i++)
        if (dict_same(d, w, particles[i], strlen(particles[i])))
            return true;
    return false;
}

/* "Maria Garcia" and "Maria Lopez" for "Maria Garcia-Lopez"; "Maria Cruz"
 * for "Maria de la Cruz". Only parts that are not particles. */
static void add_partials(struct builder *b, const struct name *g, const struct name *f, uint32_t i)
{
    if (f->n < 2)
        return;
    size_t first = f->n, last = f->n;
    for (size_t k = 0; k < f->n; k++) {
        if (is_particle(b->dict, f->w[k]))
            continue;
        if (first == f->n)
            first = k;
        last = k;
    }
    if (first == f->n)
        return;
    struct name one = name_word(f, first);
    PATTERN(b, GUARD_FORM_PARTIAL, i, g, &one);
    if (last != first) {
        one = name_word(f, last);
        PATTERN(b, GUARD_FORM_PARTIAL, i, g, &one);
    }
}

static const struct name comma_word = {.w = {WORD_COMMA}, .n = 1};

static void add_student(struct builder *b, const struct guard_student *st, uint32_t i)
{
    struct name g, m, f, p, num;
    name_split(b, st->given, &g);
    name_split(b, st->middle, &m);
    name_split(b, st->family, &f);
    name_split(b, st->preferred, &p);
    name_split(b, st->number, &num);
    PATTERN(b, GUARD_FORM_NUMBER, i, &num);
    if (g.n == 0 || f.n == 0 || b->err)
        return;
    PATTERN(b, GUARD_FORM_FULL, i, &g, &f);
    PATTERN(b, GUARD_FORM_COMMA, i, &f, &comma_word, &g);
    PATTERN(b, GUARD_FORM_INVERTED, i, &f, &g);
    if (m.n) {
        struct name ini = name_initial(b, &m);
        PATTERN(b, GUARD_FORM_MIDDLE, i, &g, &m, &f);
        PATTERN(b, GUARD_FORM_INITIAL, i, &g, &ini, &f);
    }
    bool has_pref = p.n && !name_equal(&p, &g);
    if (has_pref) {
        PATTERN(b, GUARD_FORM_PREFERRED, i, &p, &f);
        PATTERN(b, GUARD_FORM_COMMA, i, &f, &comma_word, &p);
    }
    if (f.n >= 2) {
        struct name joined = name_joined(b, &f);
        PATTERN(b, GUARD_FORM_JOINED, i, &g, &joined);
        if (has_pref)
            PATTERN(b, GUARD_FORM_JOINED, i, &p, &joined);
        add_partials(b, &g, &f, i);
    }
}

static void add_staff(struct builder *b, const struct guard_person *s)
{
    struct name g, f;
    name_split(b, s->given, &g);
    name_split(b, s->family, &f);
    PATTERN(b, GUARD_FORM_STAFF, 0, &g, &f);
    PATTERN(b, GUARD_FORM_STAFF, 0, &f, &comma_word, &g);
    PATTERN(b, GUARD_FORM_STAFF, 0, &f, &g);
}

static void add_term(struct builder *b, const char *term, uint32_t i)
{
    struct name t;
    name_split(b, term, &t);
    PATTERN(b, GUARD_FORM_TERM, i, &t);
}

/* ---- laying out the trie ---- */

static int pattern_cmp(const void *x, const void *y, void *ctx)
{
    const struct pattern *a = x, *b = y;
    const uint32_t *words = ctx;
    uint32_t n = a->len < b->len ? a->len : b->len;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t wa = words[a->off + i], wb = words[b->off + i];
        if (wa != wb)
            return wa < wb ? -1 : 1;
    }
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->out < b->out ? -1 : a->out > b->out;
}

struct layout {
    uint32_t *cur; /* per pattern: its state at the level being built */
    uint32_t *label;
    uint32_t *nchild;
    size_t nstates, cap, nchild_cap;
};

static bool push_state(struct layout *l, uint32_t word)
{
    if (l->nstates >= UINT32_MAX - 1 ||
        !grow_array((void **)&l->label, &l->cap, l->nstates + 1, sizeof *l->label) ||
        !grow_array((void **)&l->nchild, &l->nchild_cap, l->nstates + 1, sizeof *l->nchild))
        return false;
    l->label[l->nstates] = word;
    l->nchild[l->nstates] = 0;
    l->nstates++;
    return true;
}

/* Creates the states of level d + 1 (d words matched) from the sorted
 * patterns: one per distinct (parent, word), in order, so that each
 * parent's children are contiguous and sorted by word. */
static bool layout_level(struct layout *l, const struct builder *b, uint32_t d)
{
    uint32_t prev_parent = UINT32_MAX, prev_word = UINT32_MAX;
    for (size_t k = 0; k < b->npat; k++) {
        const struct pattern *p = &b->pat[k];
        if (p->len <= d)
            continue;
        uint32_t parent = l->cur[k], w = b->words[p->off + d];
        if (parent != prev_parent || w != prev_word) {
            if (!push_state(l, w))
                return false;
            l->nchild[parent]++;
            prev_parent = parent, prev_word = w;
        }
        l->cur[k] = (uint32_t)(l->nstates - 1);
    }
    return true;
}

/* Builds the states level by level; level 1 is the dictionary itself. */
static enum guard_err layout_states(struct guard_matcher *m, const struct builder *b,
                                    struct layout *l)
{
    l->cur = malloc((b->npat ? b->npat : 1) * sizeof *l->cur);
    if (!l->cur)
        return GUARD_ENOMEM;
    for (size_t w = 0; w < m->dict.nwords; w++)
        if (!push_state(l, (uint32_t)w))
            return GUARD_ENOMEM;
    uint32_t maxlen = 0;
    for (size_t k = 0; k < b->npat; k++) {
        l->cur[k] = b->words[b->pat[k].off];
        maxlen = b->pat[k].len > maxlen ? b->pat[k].len : maxlen;
    }
    for (uint32_t d = 1; d < maxlen; d++)
        if (!layout_level(l, b, d))
            return GUARD_ENOMEM;
    return GUARD_OK;
}

static enum guard_err layout_children(struct guard_matcher *m, struct layout *l)
{
    size_t n = l->nstates, nwords = m->dict.nwords;
    m->nstates = n;
    m->first_child = malloc((n + 1) * sizeof *m->first_child);
    m->label = realloc(l->label, (n ? n : 1) * sizeof *m->label);
    if (!m->first_child || !m->label)
        return GUARD_ENOMEM;
    l->label = NULL;
    /* The root's children are the level-1 states 1 .. nwords - 1. */
    m->first_child[0] = 1;
    m->first_child[1] = (uint32_t)nwords;
    for (size_t s = 1; s < n; s++) {
        m->first_child[s + 1] = m->first_child[s] + l->nchild[s];
    }
    return GUARD_OK;
}

static bool duplicate(const struct builder *b, const struct layout *l, size_t k)
{
    return k > 0 && l->cur[k - 1] == l->cur[k] && b->pat[k - 1].out == b->pat[k].out;
}

static enum guard_err layout_outputs(struct guard_matcher *m, const struct builder *b,
                                     const struct layout *l)
{
    size_t n = m->nstates;
    m->out_start = calloc(n + 1, sizeof *m->out_start);
    m->out = malloc((b->npat ? b->npat : 1) * sizeof *m->out);
    if (!m->out_start || !m->out)
        return GUARD_ENOMEM;
    /* A counting sort by state. Identical patterns are neighbours once
     * sorted, so duplicates are skipped by looking one back. */
    for (size_t k = 0; k < b->npat; k++)
        if (!duplicate(b, l, k))
            m->out_start[l->cur[k] + 1]++;
    for (size_t s = 0; s < n; s++)
        m->out_start[s + 1] += m->out_start[s];
    for (size_t k = 0; k < b->npat; k++)
        if (!duplicate(b, l, k))
            m->out[m->out_start[l->cur[k]]++] = b->pat[k].out;
    /* Each out_start[s] now holds the end of s's outputs: shift back. */
    for (size_t s = n; s > 0; s--)
        m->out_start[s] = m->out_start[s - 1];
    m->out_start[0] = 0;
    size_t nout = m->out_start[n];
    m->nout = nout;
    uint32_t *shrunk = realloc(m->out, (nout ? nout : 1) * sizeof *m->out);
    if (shrunk)
        m->out = shrunk;
    return GUARD_OK;
}

static enum guard_err layout(struct guard_matcher *m, struct builder *b)
{
    if (b->npat > 1)
        qsort_r(b->pat, b->npat, sizeof *b->pat, pattern_cmp, b->words);
    struct layout l = {0};
    enum guard_err e = layout_states(m, b, &l);
    if (e == GUARD_OK)
        e = layout_children(m, &l);
    if (e == GUARD_OK)
        e = layout_outputs(m, b, &l);
    free(l.cur);
    free(l.label);
    free(l.nchild);
    return e;
}

static enum guard_err collect(struct builder *b, const struct guard_student *students,
                              size_t nstudents, const struct guard_person *staff, size_t nstaff,
                              const char *const *terms, size_t nterms)
{
    if (nstudents > MAX_INDEX || nterms > MAX_INDEX)
        return GUARD_ETOOBIG;
    for (size_t i = 0; i < nstudents && !b->err; i++)
        add_student(b, &students[i], (uint32_t)i);
    for (size_t i = 0; i < nstaff && !b->err; i++)
        add_staff(b, &staff[i]);
    for (size_t i = 0; i < nterms && !b->err; i++)
        add_term(b, terms[i], (uint32_t)i);
    return b->err;
}

enum guard_err guard_matcher_build(const struct guard_student *students, size_t nstudents,
                                   const struct guard_person *staff, size_t nstaff,
                                   const char *const *terms, size_t nterms,
                                   struct guard_matcher **out)
{
    *out = NULL;
    if ((nstudents && !students) || (nstaff && !staff) || (nterms && !terms))
        return GUARD_EINVAL;
    struct guard_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return GUARD_ENOMEM;
    struct builder b = {.dict = &m->dict};
    enum guard_err e = dict_init(&m->dict) ? GUARD_OK : GUARD_ENOMEM;
    if (e == GUARD_OK)
        e = collect(&b, students, nstudents, staff, nstaff, terms, nterms);
    if (e == GUARD_OK)
        e = layout(m, &b);
    if (e == GUARD_OK) {
        m->student_id = malloc((nstudents ? nstudents : 1) * sizeof *m->student_id);
        e = m->student_id ? GUARD_OK : GUARD_ENOMEM;
    }
    if (e == GUARD_OK) {
        for (size_t i = 0; i < nstudents; i++)
            m->student_id[i] = students[i].id;
        m->nstudents = nstudents;
    }
    free(b.pat);
    free(b.words);
    guard_fold_free(&b.fold);
    if (e != GUARD_OK) {
        guard_matcher_free(m);
        return e;
    }
    *out = m;
    return GUARD_OK;
}

void guard_matcher_free(struct guard_matcher *m)
{
    if (!m)
        return;
    dict_free(&m->dict);
    free(m->first_child);
    free(m->label);
    free(m->out_start);
    free(m->out);
    free(m->student_id);
    free(m);
}

size_t guard_matcher_bytes(const struct guard_matcher *m)
{
    const struct dict *d = &m->dict;
    return sizeof *m + d->pool_cap + d->off_cap * sizeof *d->off + d->nslot * sizeof *d->slot +
           (2 * (m->nstates + 1) + m->nstates) * sizeof(uint32_t) + m->nout * sizeof *m->out +
           m->nstudents * sizeof *m->student_id;
}

size_t guard_matcher_words(const struct guard_matcher *m)
{
    return m->dict.nwords - FIRST_WORD;
}

size_t guard_matcher_states(const struct guard_matcher *m)
{
    return m->nstates;
}

int64_t guard_matcher_student_id(const struct guard_matcher *m, uint32_t index)
{
    return index < m->nstudents ? m->student_id[index] : 0;
}

/* ---- scanning ---- */

static bool add_token(struct guard_scan *sc, uint32_t word, size_t fs, size_t fe)
{
    if (!grow_array((void **)&sc->tok, &sc->tok_cap, sc->ntok + 1, sizeof *sc->tok))
        return false;
    sc->tok[sc->ntok++] =
        (struct guard_token){.word = word, .fstart = (uint32_t)fs, .fend = (uint32_t)fe};
    return true;
}

static bool tokenize(const struct guard_matcher *m, const struct guard_fold *f,
                     struct guard_scan *sc)
{
    const char *t = f->text;
    size_t len = f->len;
    sc->ntok = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)t[i];
        if (!guard_fold_is_word(c)) {
            if (c != GUARD_SEP_SPACE &&
                !add_token(sc, c == GUARD_SEP_COMMA ? WORD_COMMA : WORD_NONE, i, i + 1))
                return false;
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < len && guard_fold_is_word((unsigned char)t[j]))
            j++;
        if (!add_token(sc, dict_find(&m->dict, t + i, j - i), i, j))
            return false;
        i = j;
    }
    return true;
}

/* The child of s along word w, or 0. */
static uint32_t child(const struct guard_matcher *m, uint32_t s, uint32_t w)
{
    uint32_t lo = m->first_child[s], hi = m->first_child[s + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t l = m->label[mid];
        if (l == w)
            return mid;
        if (l < w)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static bool emit(const struct guard_matcher *m, const struct guard_fold *f, struct guard_scan *sc,
                 uint32_t s, uint32_t t0, uint32_t t1)
{
    uint32_t a = m->out_start[s], z = m->out_start[s + 1];
    bool staff = false;
    for (uint32_t k = a; k < z; k++)
        staff |= (m->out[k] & ((1u << FORM_BITS) - 1)) == GUARD_FORM_STAFF;
    for (uint32_t k = a; k < z; k++) {
        enum guard_form form = (enum guard_form)(m->out[k] & ((1u << FORM_BITS) - 1));
        if (form == GUARD_FORM_STAFF)
            continue;
        if (sc->nhit >= sc->max_hits) {
            sc->truncated = true;
            return true;
        }
        if (!grow_array((void **)&sc->hit, &sc->hit_cap, sc->nhit + 1, sizeof *sc->hit))
            return false;
        sc->hit[sc->nhit++] = (struct guard_hit){
            .form = form,
            .index = m->out[k] >> FORM_BITS,
            .staff = staff && form != GUARD_FORM_TERM && form != GUARD_FORM_NUMBER,
            .tok_start = t0,
            .tok_end = t1,
            .start = f->map[sc->tok[t0].fstart],
            .end = f->map[sc->tok[t1 - 1].fend],
        };
    }
    return true;
}

/* Walks the trie from token i, reporting every pattern that starts there. */
static bool walk(const struct guard_matcher *m, const struct guard_fold *f, struct guard_scan *sc,
                 uint32_t i)
{
    uint32_t s = sc->tok[i].word;
    if (s < FIRST_WORD)
        return true;
    for (uint32_t j = i + 1;; j++) {
        if (m->out_start[s] != m->out_start[s + 1] && !emit(m, f, sc, s, i, j))
            return false;
        if (j >= sc->ntok || j - i >= GUARD_MAX_WORDS || sc->tok[j].word == WORD_NONE)
            return true;
        s = child(m, s, sc->tok[j].word);
        if (s == 0)
            return true;
    }
}

enum guard_err guard_matcher_scan(const struct guard_matcher *m, const struct guard_fold *f,
                                  struct guard_scan *sc)
{
    sc->nhit = 0;
    sc->truncated = false;
    if (sc->max_hits == 0)
        sc->max_hits = 4096;
    if (f->len >= UINT32_MAX || !tokenize(m, f, sc))
        return GUARD_ENOMEM;
    for (uint32_t i = 0; i < sc->ntok; i++)
        if (!walk(m, f, sc, i))
            return GUARD_ENOMEM;
    return GUARD_OK;
}

void guard_scan_free(struct guard_scan *sc)
{
    free(sc->tok);
    free(sc->hit);
    memset(sc, 0, sizeof *sc);
}
