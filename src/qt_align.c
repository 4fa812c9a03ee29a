/* qt_align.c - anchor chaining between a derived and a source text (see qt_align.h). */
#include "qt_align.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void qt_align_params_default(qt_align_params *p)
{
    p->max_gap = 5;
    p->min_anchors = 2;
    p->max_occ = 8;
}

void qt_alignment_clear(qt_alignment *a)
{
    free(a->items);
    memset(a, 0, sizeof *a);
}

/* The source's content words by key: an open-addressing table of keys,
 * each with its occurrences chained in text order through next[]. */
typedef struct {
    uint64_t key;
    size_t first, last, count;  /* content indices; count 0 marks an empty slot */
} slot;

typedef struct {
    size_t i, j;         /* content indices in derived and source */
    size_t score;        /* anchors in the best chain ending here */
    size_t prev;         /* previous anchor of that chain, SIZE_MAX at its start */
    int used;
} anchor;

static int cmp_passage(const void *a, const void *b)
{
    const qt_passage *x = a, *y = b;
    return x->d_first < y->d_first ? -1 : x->d_first > y->d_first;
}

typedef struct {
    size_t *dc, *sc;     /* content index -> word index */
    slot *table;         /* source content words by key */
    size_t mask;         /* table size - 1 (a power of two) */
    size_t *next;        /* next occurrence of the same key, SIZE_MAX at the last */
    anchor *an;
    size_t nan, cap;
    size_t *order;
    unsigned char *dcov, *scov;  /* per content word: inside a passage */
} work;

static void work_free(work *w)
{
    free(w->dc);
    free(w->sc);
    free(w->table);
    free(w->next);
    free(w->an);
    free(w->order);
    free(w->dcov);
    free(w->scov);
}

static int add_anchor(work *w, size_t i, size_t j)
{
    if (w->nan == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 256;
        anchor *an = realloc(w->an, cap * sizeof *an);
        if (!an) return -1;
        w->an = an;
        w->cap = cap;
    }
    w->an[w->nan++] = (anchor){i, j, 1, SIZE_MAX, 0};
    return 0;
}

static slot *find_slot(const work *w, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & w->mask;
    while (w->table[i].count && w->table[i].key != key) i = (i + 1) & w->mask;
    return &w->table[i];
}

static size_t absdiff(size_t a, size_t b)
{
    return a > b ? a - b : b - a;
}

/* Chaining: the best predecessor of each anchor among those at most max_gap
 * content words before it on both sides.  Anchors are sorted by (i, j), so
 * the candidates are a short run just before it. */
static void chain(work *w, const qt_align_params *p)
{
    for (size_t a = 0; a < w->nan; a++) {
        anchor *x = &w->an[a];
        size_t best_gap = SIZE_MAX;
        for (size_t b = a; b-- > 0;) {
            const anchor *y = &w->an[b];
            if (x->i - y->i > p->max_gap) break;
            if (y->i >= x->i || y->j >= x->j || x->j - y->j > p->max_gap) continue;
            /* Longer chain first; then the predecessor closest to the
             * diagonal (an edit moves both sides alike). */
            size_t gap = absdiff(x->i - y->i, x->j - y->j);
            if (y->score + 1 > x->score || (y->score + 1 == x->score && gap < best_gap)) {
                x->score = y->score + 1;
                x->prev = b;
                best_gap = gap;
            }
        }
    }
}

static qt_status push_passage(qt_alignment *out, size_t *cap, const qt_passage *ps, qt_error *err)
{
    if (out->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        qt_passage *items = realloc(out->items, ncap * sizeof *items);
        if (!items) return qt_error_set(err, QT_ERR_NOMEM, "out of memory aligning texts");
        out->items = items;
        *cap = ncap;
    }
    out->items[out->count++] = *ps;
    return QT_OK;
}

/* Takes chains best first; each derived content word joins one passage. */
static qt_status extract(work *w, const qt_align_params *p, qt_alignment *out, qt_error *err)
{
    size_t cap = 0, top = 0;
    /* Best chains first, earlier in the derived text on ties: a counting
     * sort on the score (at most the number of anchors). */
    for (size_t k = 0; k < w->nan; k++)
        if (w->an[k].score > top) top = w->an[k].score;
    size_t *bucket = calloc(top + 2, sizeof *bucket);
    if (!bucket) return qt_error_set(err, QT_ERR_NOMEM, "out of memory aligning texts");
    for (size_t k = 0; k < w->nan; k++) bucket[top - w->an[k].score + 1]++;
    for (size_t b = 1; b <= top + 1; b++) bucket[b] += bucket[b - 1];
    for (size_t k = 0; k < w->nan; k++) w->order[bucket[top - w->an[k].score]++] = k;
    free(bucket);
    for (size_t k = 0; k < w->nan; k++) {
        size_t a = w->order[k];
        if (w->an[a].used || w->an[a].score < p->min_anchors) continue;
        /* Walk back to the chain's start or to an anchor already taken. */
        size_t first = a, n = 0;
        for (size_t c = a; c != SIZE_MAX && !w->an[c].used; c = w->an[c].prev) {
            first = c;
            n++;
        }
        size_t i0 = w->an[first].i, i1 = w->an[a].i;
        int overlaps = 0;
        for (size_t i = i0; i <= i1 && !overlaps; i++) overlaps = w->dcov[i];
        for (size_t c = a; c != SIZE_MAX && !w->an[c].used; c = w->an[c].prev) w->an[c].used = 1;
        if (n < p->min_anchors || overlaps) continue;
        memset(w->dcov + i0, 1, i1 - i0 + 1);
        size_t j0 = w->an[first].j, j1 = w->an[a].j;
        qt_passage ps = {.d_first = w->dc[i0], .d_last = w->dc[i1], .s_first = w->sc[j0],
                         .s_last = w->sc[j1], .anchors = n, .d_content = i1 - i0 + 1};
        QT_TRY(push_passage(out, &cap, &ps, err));
    }
    /* No passage: items is NULL, which qsort must not be given (UBSan). */
    if (out->count > 1) qsort(out->items, out->count, sizeof *out->items, cmp_passage);
    return QT_OK;
}

/* Extends each passage over identical neighbouring words (stop words, or
 * words too frequent to anchor), never into the next or previous passage. */
static void extend(qt_alignment *out, const qt_word *d, size_t nd, const qt_word *s, size_t ns)
{
    for (size_t k = 0; k < out->count; k++) {
        qt_passage *ps = &out->items[k];
        size_t dmin = k ? out->items[k - 1].d_last + 1 : 0;
        size_t dmax = k + 1 < out->count ? out->items[k + 1].d_first : nd;
        while (ps->d_first > dmin && ps->s_first > 0 &&
               d[ps->d_first - 1].key == s[ps->s_first - 1].key) {
            ps->d_first--;
            ps->s_first--;
        }
        while (ps->d_last + 1 < dmax && ps->s_last + 1 < ns &&
               d[ps->d_last + 1].key == s[ps->s_last + 1].key) {
            ps->d_last++;
            ps->s_last++;
        }
        ps->d_start = d[ps->d_first].start;
        ps->d_end = d[ps->d_last].end;
        ps->s_start = s[ps->s_first].start;
        ps->s_end = s[ps->s_last].end;
    }
}

/* Content words of each side inside the passages (a source word used by two
 * passages counts once). */
static void measure(qt_alignment *out, const qt_word *d, const qt_word *s, unsigned char *smark)
{
    for (size_t k = 0; k < out->count; k++) {
        qt_passage *ps = &out->items[k];
        size_t n = 0;
        for (size_t i = ps->d_first; i <= ps->d_last; i++) n += !d[i].stop;
        ps->d_content = n;
        out->d_covered += n;
        for (size_t j = ps->s_first; j <= ps->s_last; j++)
            if (!s[j].stop && !smark[j]) {
                smark[j] = 1;
                out->s_covered++;
            }
    }
    out->coverage = out->d_content ? (double)out->d_covered / (double)out->d_content : 0.0;
    out->source_coverage = out->s_content ? (double)out->s_covered / (double)out->s_content : 0.0;
}

qt_status qt_align(const qt_word *d, size_t nd, const qt_word *s, size_t ns,
                   const qt_align_params *p_in, qt_alignment *out, qt_error *err)
{
    qt_align_params p;
    if (p_in) p = *p_in;
    else qt_align_params_default(&p);
    if (p.min_anchors == 0) p.min_anchors = 1;
    qt_alignment_clear(out);
    out->identical = nd == ns;
    for (size_t i = 0; i < nd && out->identical; i++) out->identical = d[i].key == s[i].key;

    work w = {0};
    qt_status st = QT_OK;
    size_t ndc = 0, nsc = 0;
    for (size_t i = 0; i < nd; i++) ndc += !d[i].stop;
    for (size_t j = 0; j < ns; j++) nsc += !s[j].stop;
    out->d_content = ndc;
    out->s_content = nsc;
    if (ndc == 0 || nsc == 0) return QT_OK;
    w.dc = malloc(ndc * sizeof *w.dc);
    w.sc = malloc(nsc * sizeof *w.sc);
    w.next = malloc(nsc * sizeof *w.next);
    size_t tsize = 16;
    while (tsize < 2 * nsc) tsize *= 2;
    w.mask = tsize - 1;
    w.table = calloc(tsize, sizeof *w.table);
    w.dcov = calloc(ndc, 1);
    w.scov = calloc(ns, 1);
    if (!w.dc || !w.sc || !w.next || !w.table || !w.dcov || !w.scov) goto nomem;
    for (size_t i = 0, c = 0; i < nd; i++)
        if (!d[i].stop) w.dc[c++] = i;
    for (size_t j = 0, c = 0; j < ns; j++) {
        if (s[j].stop) continue;
        slot *t = find_slot(&w, s[j].key);
        if (t->count) w.next[t->last] = c;
        else {
            t->key = s[j].key;
            t->first = c;
        }
        t->last = c;
        t->count++;
        w.next[c] = SIZE_MAX;
        w.sc[c++] = j;
    }

    /* Anchors in (i, j) order: derived content words in order, each with
     * its source occurrences in order. */
    for (size_t i = 0; i < ndc; i++) {
        const slot *t = find_slot(&w, d[w.dc[i]].key);
        if (!t->count || t->count > p.max_occ) continue;
        for (size_t j = t->first; j != SIZE_MAX; j = w.next[j])
            if (add_anchor(&w, i, j) != 0) goto nomem;
    }
    if (w.nan == 0) goto done;
    chain(&w, &p);
    w.order = malloc(w.nan * sizeof *w.order);
    if (!w.order) goto nomem;
    if ((st = extract(&w, &p, out, err)) != QT_OK) goto done;
    extend(out, d, nd, s, ns);
    measure(out, d, s, w.scov);
    goto done;
nomem:
    st = qt_error_set(err, QT_ERR_NOMEM, "out of memory aligning texts");
done:
    work_free(&w);
    return st;
}
