/*
 * qt_quotes.c - pairing quotation marks into quoted spans.
 *
 * Real articles are untidy: curly and straight marks mixed in one quote
 * (“... ‘meat grinder’" he created), quotes left open, quotes that run over
 * several paragraphs, apostrophes everywhere.  So rather than matching
 * characters pairwise, each mark is judged by its shape and its neighbours
 * (qt_segment.c sets TK_QOPEN / TK_QCLOSE), and a small state machine per
 * paragraph keeps one outer quote and at most one nested quote of the other
 * family.  Everything is linear in the number of marks, so 100 000 marks in
 * a paragraph cost nothing special.
 */
#include <stdlib.h>
#include <string.h>

#include "qt_scan_int.h"
#include "qt_text.h"

static int add_span(qt_doc *d, int open_tok, int depth, int para)
{
    if (!qt_grow((void **)&d->spans, &d->cap_spans, d->nspans, sizeof *d->spans)) return -1;
    qt_qspan *s = &d->spans[d->nspans];
    memset(s, 0, sizeof *s);
    s->open_tok = open_tok;
    s->close_tok = -1;
    s->depth = depth;
    s->para_first = para;
    s->para_last = para;
    s->kind = -1;
    return d->nspans++;
}

/* Sets the content bounds of span s ending just before token end_tok
 * (exclusive), or at end_byte when end_tok < 0. */
static void finish_span(qt_doc *d, int s, int close_tok, size_t end_byte)
{
    qt_qspan *q = &d->spans[s];
    q->close_tok = close_tok;
    q->start = d->toks[q->open_tok].end;
    q->end = close_tok >= 0 ? d->toks[close_tok].start : end_byte;
    /* Trim white space so offsets hug the words. */
    while (q->start < q->end && (d->text[q->start] == ' ' || d->text[q->start] == '\n')) q->start++;
    while (q->end > q->start && (d->text[q->end - 1] == ' ' || d->text[q->end - 1] == '\n')) q->end--;
    int words = 0;
    int last = close_tok >= 0 ? close_tok : d->ntoks;
    for (int i = q->open_tok + 1; i < last && d->toks[i].start < q->end; i++) {
        if (d->toks[i].flags & TK_WORD) words++;
        if (d->toks[i].span < 0 || d->spans[d->toks[i].span].depth < q->depth) d->toks[i].span = s;
    }
    d->toks[q->open_tok].span = s;
    if (close_tok >= 0) d->toks[close_tok].span = s;
    q->word_count = words;
}

static int is_double(const qt_tok *t)
{
    return (t->flags & TK_QDOUBLE) != 0;
}

/* The first token of paragraph p opens a quotation of the given family. */
static int para_opens_with(const qt_doc *d, int p, int dbl)
{
    if (p >= d->nparas) return 0;
    const qt_para *para = &d->paras[p];
    if (para->tok_count == 0 || (para->kind != PARA_PROSE && para->kind != PARA_BULLET)) return 0;
    const qt_tok *t = &d->toks[para->tok_first];
    return (t->flags & TK_QMARK) && (t->flags & TK_QOPEN) && is_double(t) == dbl;
}

qt_status qt_find_quote_spans(qt_doc *d)
{
    int outer = -1, inner = -1;
    for (int p = 0; p < d->nparas; p++) {
        const qt_para *para = &d->paras[p];
        if (para->kind != PARA_PROSE && para->kind != PARA_BULLET) continue;
        int first = para->tok_first, last = first + para->tok_count - 1;
        int i = first;
        /* A quote carried over from the previous paragraph re-opens with a
         * mark at the start of this one: that mark is not a new quote. */
        if (outer >= 0) {
            d->spans[outer].para_last = p;
            i++;
        }
        for (; i <= last; i++) {
            qt_tok *t = &d->toks[i];
            if (!(t->flags & TK_QMARK)) continue;
            int dbl = is_double(t);
            if (outer < 0) {
                if (t->flags & TK_QOPEN) {
                    outer = add_span(d, i, 0, p);
                    if (outer < 0) return QT_ERR_NOMEM;
                }
                continue; /* a stray closing mark or an apostrophe */
            }
            int outer_dbl = is_double(&d->toks[d->spans[outer].open_tok]);
            if (dbl == outer_dbl) {
                if (t->flags & TK_QCLOSE) {
                    if (inner >= 0) { /* the nested quote was never closed */
                        finish_span(d, inner, -1, t->start);
                        d->spans[inner].unbalanced = 1;
                        inner = -1;
                    }
                    finish_span(d, outer, i, 0);
                    outer = -1;
                } else if (t->flags & TK_QOPEN) {
                    /* A new opening while one is open: the first was never closed. */
                    if (inner >= 0) {
                        finish_span(d, inner, -1, t->start);
                        d->spans[inner].unbalanced = 1;
                        inner = -1;
                    }
                    finish_span(d, outer, -1, t->start);
                    d->spans[outer].unbalanced = 1;
                    outer = add_span(d, i, 0, p);
                    if (outer < 0) return QT_ERR_NOMEM;
                }
            } else if (inner < 0) {
                if ((t->flags & TK_QOPEN) && !(t->flags & TK_QCLOSE)) {
                    inner = add_span(d, i, 1, p);
                    if (inner < 0) return QT_ERR_NOMEM;
                }
                /* else: an apostrophe such as soldiers’ inside the quote */
            } else if (t->flags & TK_QCLOSE) {
                finish_span(d, inner, i, 0);
                inner = -1;
            }
        }
        if (inner >= 0) {
            finish_span(d, inner, -1, para->end);
            d->spans[inner].unbalanced = 1;
            inner = -1;
        }
        if (outer >= 0) {
            int dbl = is_double(&d->toks[d->spans[outer].open_tok]);
            /* Continue into the next paragraph when it opens with the same mark. */
            int next = p + 1;
            while (next < d->nparas && d->paras[next].kind == PARA_BLANK) next++;
            if (!para_opens_with(d, next, dbl)) {
                finish_span(d, outer, -1, para->end);
                d->spans[outer].unbalanced = 1;
                outer = -1;
            }
        }
    }
    if (outer >= 0) {
        finish_span(d, outer, -1, d->len);
        d->spans[outer].unbalanced = 1;
    }
    /* Spans were appended in opening order; nested ones may close first but
     * keep their index, and every consumer looks them up by index. */
    return QT_OK;
}
