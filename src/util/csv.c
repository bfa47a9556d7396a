/* The CSV reader of csv.h: one record at a time from a FILE, a byte at a
 * time through a small state machine, into one bounded record buffer whose
 * fields are NUL-terminated in place. Positions are physical: a quoted field
 * with newlines in it spans lines, and its record is reported at the line
 * where it starts. */
#include "util/csv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct csv_pos {
    uint64_t line, col;
};

struct csv {
    FILE *f;
    struct csv_limits lim;
    bool started; /* the BOM check is done */
    int pend[4];  /* bytes read ahead, the next one last */
    size_t npend;
    struct csv_pos next; /* where the next byte read is */
    struct csv_pos at;   /* where the byte last read was */
    struct csv_pos err;
    uint64_t offset;
    /* the current record */
    char *rec;
    size_t len, cap;
    size_t *start;
    struct csv_pos *fpos;
    size_t n;
    /* the header */
    char **names;
    size_t nnames;
};

static const char *const err_text[CSV_ERR__MAX] = {
    [CSV_OK] = "ok",
    [CSV_EOF] = "end of file",
    [CSV_ENOMEM] = "out of memory",
    [CSV_EIO] = "a readable file",
    [CSV_EQUOTE] = "a field with a quote in it to be quoted, with the quote doubled",
    [CSV_EAFTER_QUOTE] = "a comma or a line end after a closing quote",
    [CSV_EUNTERMINATED] = "a closing quote before the end of the file",
    [CSV_ENUL] = "text without NUL bytes",
    [CSV_EFIELD_TOO_BIG] = "a shorter field",
    [CSV_ERECORD_TOO_BIG] = "a shorter line",
    [CSV_ETOO_MANY_FIELDS] = "fewer fields in a line",
};

const char *csv_err_str(enum csv_err e)
{
    return (unsigned)e < CSV_ERR__MAX ? err_text[e] : "a valid CSV file";
}

struct csv *csv_open(FILE *f, const struct csv_limits *lim)
{
    struct csv *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->f = f;
    if (lim)
        c->lim = *lim;
    if (!c->lim.max_field)
        c->lim.max_field = 4096;
    if (!c->lim.max_record)
        c->lim.max_record = 65536;
    if (!c->lim.max_fields)
        c->lim.max_fields = 256;
    c->next.line = c->next.col = 1;
    c->cap = c->lim.max_record + 1;
    c->rec = malloc(c->cap);
    c->start = calloc(c->lim.max_fields, sizeof *c->start);
    c->fpos = calloc(c->lim.max_fields, sizeof *c->fpos);
    if (!c->rec || !c->start || !c->fpos) {
        csv_close(c);
        return NULL;
    }
    return c;
}

void csv_close(struct csv *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nnames; i++)
        free(c->names[i]);
    free(c->names);
    free(c->rec);
    free(c->start);
    free(c->fpos);
    free(c);
}

static int raw(struct csv *c)
{
    if (c->npend)
        return c->pend[--c->npend];
    return getc_unlocked(c->f);
}

static int peek(struct csv *c)
{
    if (!c->npend)
        c->pend[c->npend++] = getc_unlocked(c->f);
    return c->pend[c->npend - 1];
}

/* The next byte, with its position in c->at; a CR LF pair reads as one '\n'
 * and a lone CR as '\n' too (outside quotes the caller cannot tell them apart,
 * inside quotes the caller wants the line end kept as LF). */
static int get(struct csv *c)
{
    int ch = raw(c);
    c->at = c->next;
    if (ch == EOF)
        return EOF;
    c->offset++;
    if (ch == '\r') {
        if (peek(c) == '\n') {
            raw(c);
            c->offset++;
        }
        ch = '\n';
    }
    if (ch == '\n') {
        c->next.line++;
        c->next.col = 1;
    } else {
        c->next.col++;
    }
    return ch;
}

static enum csv_err fail(struct csv *c, enum csv_err e, struct csv_pos where)
{
    c->err = where;
    return e;
}

static enum csv_err put(struct csv *c, int ch)
{
    if (ch == 0)
        return fail(c, CSV_ENUL, c->at);
    if (c->len - c->start[c->n] >= c->lim.max_field)
        return fail(c, CSV_EFIELD_TOO_BIG, c->fpos[c->n]);
    if (c->len >= c->lim.max_record)
        return fail(c, CSV_ERECORD_TOO_BIG, c->fpos[0]);
    c->rec[c->len++] = (char)ch;
    return CSV_OK;
}

/* Ends the current field and, unless the record is full, starts another. */
static enum csv_err end_field(struct csv *c)
{
    if (c->len >= c->cap)
        return fail(c, CSV_ERECORD_TOO_BIG, c->fpos[0]);
    c->rec[c->len++] = '\0';
    c->n++;
    return CSV_OK;
}

static enum csv_err begin_field(struct csv *c, struct csv_pos where)
{
    if (c->n >= c->lim.max_fields)
        return fail(c, CSV_ETOO_MANY_FIELDS, where);
    c->start[c->n] = c->len;
    c->fpos[c->n] = where;
    return CSV_OK;
}

/* Drops a UTF-8 byte order mark at the very start of the file. */
static void skip_bom(struct csv *c)
{
    static const int bom[3] = {0xEF, 0xBB, 0xBF};
    int got[3];
    size_t n = 0;
    c->started = true;
    while (n < 3 && (got[n] = getc_unlocked(c->f)) == bom[n])
        n++;
    if (n == 3) {
        c->offset = 3;
        return;
    }
    /* Not a BOM: push back what was read, the last byte read first out last. */
    c->npend = 0;
    c->pend[c->npend++] = got[n];
    while (n > 0)
        c->pend[c->npend++] = got[--n];
}

enum csv_err csv_next(struct csv *c)
{
    if (!c->started)
        skip_bom(c);
    c->len = 0;
    c->n = 0;
    int ch;
    do {
        ch = get(c);
        if (ch == EOF)
            return ferror(c->f) ? fail(c, CSV_EIO, c->at) : CSV_EOF;
    } while (ch == '\n');

    enum csv_err e;
    for (;;) {
        if ((e = begin_field(c, c->at)))
            return e;
        if (ch == '"') {
            struct csv_pos open = c->at;
            for (;;) {
                ch = get(c);
                if (ch == EOF)
                    return fail(c, ferror(c->f) ? CSV_EIO : CSV_EUNTERMINATED, open);
                if (ch == '"') {
                    if (peek(c) != '"')
                        break;
                    get(c);
                }
                if ((e = put(c, ch)))
                    return e;
            }
            ch = get(c);
            if (ch != ',' && ch != '\n' && ch != EOF)
                return fail(c, CSV_EAFTER_QUOTE, c->at);
        } else {
            while (ch != ',' && ch != '\n' && ch != EOF) {
                if (ch == '"')
                    return fail(c, CSV_EQUOTE, c->at);
                if ((e = put(c, ch)))
                    return e;
                ch = get(c);
            }
        }
        if ((e = end_field(c)))
            return e;
        if (ch != ',')
            break;
        ch = get(c);
    }
    if (ch == EOF && ferror(c->f))
        return fail(c, CSV_EIO, c->at);
    return CSV_OK;
}

enum csv_err csv_read_header(struct csv *c)
{
    enum csv_err e = csv_next(c);
    if (e)
        return e;
    c->names = calloc(c->n, sizeof *c->names);
    if (!c->names)
        return CSV_ENOMEM;
    for (size_t i = 0; i < c->n; i++) {
        const char *s = c->rec + c->start[i];
        size_t len = strlen(s);
        while (len && (*s == ' ' || *s == '\t'))
            s++, len--;
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        if (!(c->names[i] = strndup(s, len)))
            return CSV_ENOMEM;
        c->nnames = i + 1;
    }
    return CSV_OK;
}

int csv_column(const struct csv *c, const char *name)
{
    for (size_t i = 0; i < c->nnames; i++)
        if (strcasecmp(c->names[i], name) == 0)
            return (int)i;
    return -1;
}

size_t csv_header_count(const struct csv *c)
{
    return c->nnames;
}

const char *csv_header_name(const struct csv *c, size_t i)
{
    return i < c->nnames ? c->names[i] : "";
}

size_t csv_count(const struct csv *c)
{
    return c->n;
}

const char *csv_field(const struct csv *c, int i, size_t *len)
{
    if (i < 0 || (size_t)i >= c->n) {
        if (len)
            *len = 0;
        return "";
    }
    const char *s = c->rec + c->start[i];
    if (len)
        *len = strlen(s);
    return s;
}

uint64_t csv_line(const struct csv *c)
{
    return c->n ? c->fpos[0].line : c->at.line;
}

uint64_t csv_field_line(const struct csv *c, int i)
{
    if (i < 0 || (size_t)i >= c->n)
        return csv_line(c);
    return c->fpos[i].line;
}

uint64_t csv_field_col(const struct csv *c, int i)
{
    if (i < 0 || (size_t)i >= c->n)
        return c->n ? c->fpos[c->n - 1].col : 1;
    return c->fpos[i].col;
}

uint64_t csv_err_line(const struct csv *c)
{
    return c->err.line;
}

uint64_t csv_err_col(const struct csv *c)
{
    return c->err.col;
}

uint64_t csv_offset(const struct csv *c)
{
    return c->offset;
}
