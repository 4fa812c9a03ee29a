/*
 * qt_export_index.c - what the formats look things up with in the export
 * set: its string pool, id -> index maps, and the orderings built once it is
 * loaded (articles by text, family members, speakers by number of quotes,
 * ratings by quote).
 */
#include "qt_export_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- string pool -------------------------------------------------------- */

struct qt_ex_pool {
    struct qt_ex_pool *next;
    size_t used, cap;
    char data[];
};

#define POOL_BLOCK (64 * 1024)

char *qt_ex_strdup(qt_ex_set *set, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    qt_ex_pool *p = set->pool;
    if (!p || p->cap - p->used < n) {
        size_t cap = n > POOL_BLOCK ? n : POOL_BLOCK;
        qt_ex_pool *np = malloc(sizeof *np + cap);
        if (!np) {
            set->oom = 1;
            return NULL;
        }
        np->next = p;
        np->used = 0;
        np->cap = cap;
        set->pool = p = np;
    }
    char *out = p->data + p->used;
    memcpy(out, s, n);
    p->used += n;
    return out;
}

/* ---- id -> index maps --------------------------------------------------- */

/* ---- id -> index maps --------------------------------------------------- */

static size_t slot_of(const qt_ex_map *m, int64_t key)
{
    size_t h = (size_t)((uint64_t)key * 0x9E3779B97F4A7C15ull) & (m->cap - 1);
    while (m->keys[h] && m->keys[h] != key) h = (h + 1) & (m->cap - 1);
    return h;
}

size_t qt_ex_map_get(const qt_ex_map *m, int64_t key)
{
    if (!m->cap || !key) return QT_EX_NONE;
    size_t h = slot_of(m, key);
    return m->keys[h] ? m->vals[h] : QT_EX_NONE;
}

int qt_ex_map_put(qt_ex_map *m, int64_t key, size_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 64;
        qt_ex_map nm = {calloc(ncap, sizeof(int64_t)), calloc(ncap, sizeof(size_t)), ncap, 0};
        if (!nm.keys || !nm.vals) {
            free(nm.keys);
            free(nm.vals);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i]) continue;
            size_t h = slot_of(&nm, m->keys[i]);
            nm.keys[h] = m->keys[i];
            nm.vals[h] = m->vals[i];
            nm.n++;
        }
        free(m->keys);
        free(m->vals);
        *m = nm;
    }
    size_t h = slot_of(m, key);
    if (!m->keys[h]) m->n++;
    m->keys[h] = key;
    m->vals[h] = val;
    return 0;
}

void qt_ex_map_free(qt_ex_map *m)
{
    free(m->keys);
    free(m->vals);
}

size_t qt_ex_quote_index(const qt_ex_set *set, int64_t id)
{
    return qt_ex_map_get(&set->maps.quotes, id);
}

size_t qt_ex_article_index(const qt_ex_set *set, int64_t id)
{
    return qt_ex_map_get(&set->maps.articles, id);
}

size_t qt_ex_family_index(const qt_ex_set *set, int64_t id)
{
    return qt_ex_map_get(&set->maps.families, id);
}

/* ---- growing arrays ------------------------------------------------------ */

size_t qt_ex_rating_index(const qt_ex_set *set, int64_t quote_id)
{
    size_t lo = 0, hi = set->nratings;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (set->ratings[mid].quote_id < quote_id) lo = mid + 1;
        else hi = mid;
    }
    return lo < set->nratings && set->ratings[lo].quote_id == quote_id ? lo : QT_EX_NONE;
}

/* ---- ordering and indexes -------------------------------------------------- */


static const qt_ex_set *sort_set; /* qsort has no context argument */

static int article_cmp(const qt_ex_article *a, const qt_ex_article *b)
{
    const char *x = a->published ? a->published : (a->ingested_at ? a->ingested_at : "");
    const char *y = b->published ? b->published : (b->ingested_at ? b->ingested_at : "");
    int c = strcmp(x, y);
    if (c) return c;
    return (a->article_id > b->article_id) - (a->article_id < b->article_id);
}

static int by_text_cmp(const void *pa, const void *pb)
{
    const qt_ex_article *a = &sort_set->articles[*(const size_t *)pa];
    const qt_ex_article *b = &sort_set->articles[*(const size_t *)pb];
    if (a->text_id != b->text_id) return (a->text_id > b->text_id) - (a->text_id < b->text_id);
    return article_cmp(a, b);
}

static int by_family_cmp(const void *pa, const void *pb)
{
    const qt_ex_quote *a = &sort_set->quotes[*(const size_t *)pa];
    const qt_ex_quote *b = &sort_set->quotes[*(const size_t *)pb];
    if (a->family_id != b->family_id) return (a->family_id > b->family_id) - (a->family_id < b->family_id);
    int ao = a->parent_quote_id == 0, bo = b->parent_quote_id == 0;
    if (ao != bo) return bo - ao;
    int c = article_cmp(&sort_set->articles[a->article], &sort_set->articles[b->article]);
    if (c) return c;
    return (a->quote_id > b->quote_id) - (a->quote_id < b->quote_id);
}

static int speaker_cmp(const void *pa, const void *pb)
{
    const qt_ex_speaker *a = pa, *b = pb;
    if (a->quotes != b->quotes) return a->quotes < b->quotes ? 1 : -1;
    int c = strcasecmp(a->name ? a->name : "", b->name ? b->name : "");
    if (c) return c;
    return (a->speaker_id > b->speaker_id) - (a->speaker_id < b->speaker_id);
}

qt_status qt_ex_set_index(qt_ex_set *set, qt_error *err)
{
    /* Conflicts by quote, each under both of its quotes. */
    set->conf_quote = malloc((2 * set->nconflicts + 1) * sizeof *set->conf_quote);
    set->conf_index = malloc((2 * set->nconflicts + 1) * sizeof *set->conf_index);
    if (!set->conf_quote || !set->conf_index) return qt_ex_nomem(err);
    set->nconf = 0;
    for (size_t i = 0; i < set->nconflicts; i++) {
        set->conf_quote[set->nconf] = set->conflicts[i].quote_id;
        set->conf_index[set->nconf++] = i;
        if (set->conflicts[i].other_quote_id && set->conflicts[i].other_quote_id != set->conflicts[i].quote_id) {
            set->conf_quote[set->nconf] = set->conflicts[i].other_quote_id;
            set->conf_index[set->nconf++] = i;
        }
    }
    /* Insertion sort: conflicts are few. */
    for (size_t i = 1; i < set->nconf; i++) {
        int64_t k = set->conf_quote[i];
        size_t v = set->conf_index[i], j = i;
        while (j > 0 && (set->conf_quote[j - 1] > k ||
                         (set->conf_quote[j - 1] == k && set->conf_index[j - 1] > v))) {
            set->conf_quote[j] = set->conf_quote[j - 1];
            set->conf_index[j] = set->conf_index[j - 1];
            j--;
        }
        set->conf_quote[j] = k;
        set->conf_index[j] = v;
    }
    set->by_text = malloc((set->narticles + 1) * sizeof *set->by_text);
    set->by_family = malloc((set->nquotes + 1) * sizeof *set->by_family);
    set->speakers = calloc(set->nselected + 1, sizeof *set->speakers);
    if (!set->by_text || !set->by_family || !set->speakers) return qt_ex_nomem(err);
    for (size_t i = 0; i < set->narticles; i++) set->by_text[i] = i;
    set->nby_family = 0;
    for (size_t i = 0; i < set->nquotes; i++)
        if (set->quotes[i].family_id && qt_ex_family_index(set, set->quotes[i].family_id) != QT_EX_NONE)
            set->by_family[set->nby_family++] = i;
    sort_set = set;
    qsort(set->by_text, set->narticles, sizeof *set->by_text, by_text_cmp);
    qsort(set->by_family, set->nby_family, sizeof *set->by_family, by_family_cmp);
    sort_set = NULL;
    set->nshared = 0;
    for (size_t f = 0; f < set->nfamilies; f++) {
        size_t first;
        qt_ex_members(set, f, &first, &set->families[f].members);
        set->nshared += set->families[f].members >= 2;
    }
    /* Speakers of the selected quotes, most quoted first. */
    qt_ex_map seen = {0};
    for (size_t i = 0; i < set->nquotes; i++) {
        const qt_ex_quote *q = &set->quotes[i];
        if (!q->in_scope) continue;
        int64_t key = q->speaker_id ? q->speaker_id : -1; /* -1: unattributed */
        size_t k = qt_ex_map_get(&seen, key);
        if (k == QT_EX_NONE) {
            k = set->nspeakers++;
            if (qt_ex_map_put(&seen, key, k)) {
                qt_ex_map_free(&seen);
                return qt_ex_nomem(err);
            }
            set->speakers[k].speaker_id = q->speaker_id;
            set->speakers[k].name = q->speaker;
            set->speakers[k].kind = q->speaker_kind;
            set->speakers[k].title = q->speaker_title;
        }
        set->speakers[k].quotes++;
    }
    qt_ex_map_free(&seen);
    qsort(set->speakers, set->nspeakers, sizeof *set->speakers, speaker_cmp);
    return QT_OK;
}

void qt_ex_carriers(const qt_ex_set *set, int64_t text_id, size_t *first, size_t *n)
{
    size_t lo = 0, hi = set->narticles;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (set->articles[set->by_text[mid]].text_id < text_id) lo = mid + 1;
        else hi = mid;
    }
    size_t end = lo;
    while (end < set->narticles && set->articles[set->by_text[end]].text_id == text_id) end++;
    *first = lo;
    *n = end - lo;
}

int qt_ex_shared_family(const qt_ex_set *set, int64_t family_id)
{
    size_t f = family_id ? qt_ex_family_index(set, family_id) : QT_EX_NONE;
    return f != QT_EX_NONE && set->families[f].members >= 2;
}

void qt_ex_conflicts_of(const qt_ex_set *set, int64_t quote_id, size_t *first, size_t *n)
{
    size_t lo = 0, hi = set->nconf;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (set->conf_quote[mid] < quote_id) lo = mid + 1;
        else hi = mid;
    }
    size_t end = lo;
    while (end < set->nconf && set->conf_quote[end] == quote_id) end++;
    *first = lo;
    *n = end - lo;
}

void qt_ex_members(const qt_ex_set *set, size_t family, size_t *first, size_t *n)
{
    int64_t id = set->families[family].family_id;
    size_t lo = 0, hi = set->nby_family;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (set->quotes[set->by_family[mid]].family_id < id) lo = mid + 1;
        else hi = mid;
    }
    size_t end = lo;
    while (end < set->nby_family && set->quotes[set->by_family[end]].family_id == id) end++;
    *first = lo;
    *n = end - lo;
}

size_t qt_ex_first_appearance(const qt_ex_set *set, size_t qi)
{
    const qt_ex_quote *q = &set->quotes[qi];
    size_t f = q->family_id ? qt_ex_family_index(set, q->family_id) : QT_EX_NONE;
    if (f != QT_EX_NONE) {
        size_t o = qt_ex_quote_index(set, set->families[f].origin_quote_id);
        if (o != QT_EX_NONE) return set->quotes[o].article;
    }
    size_t first, n;
    qt_ex_carriers(set, q->text_id, &first, &n);
    for (size_t i = 0; i < n; i++)
        if (set->articles[set->by_text[first + i]].is_current) return set->by_text[first + i];
    return q->article;
}

/* ---- the set ----------------------------------------------------------- */


/* ---- the set ------------------------------------------------------------ */

void qt_ex_set_free(qt_ex_set *set)
{
    if (!set) return;
    qt_ex_pool *p = set->pool;
    while (p) {
        qt_ex_pool *next = p->next;
        free(p);
        p = next;
    }
    qt_ex_map_free(&set->maps.quotes);
    qt_ex_map_free(&set->maps.articles);
    qt_ex_map_free(&set->maps.families);
    qt_ex_map_free(&set->maps.reuse);
    free(set->quotes);
    free(set->articles);
    free(set->families);
    free(set->links);
    free(set->conflicts);
    free(set->speakers);
    free(set->ratings);
    free(set->by_text);
    free(set->by_family);
    free(set->conf_quote);
    free(set->conf_index);
    free(set);
}


/* ---- reuse by outlet ------------------------------------------------------ */

static int same_outlet(const char *a, const char *b)
{
    if (!a || !b) return a == b;
    return strcasecmp(a, b) == 0;
}

static int by_pairs(const void *a, const void *b)
{
    const qt_ex_outlet_pair *x = a, *y = b;
    if (x->pairs != y->pairs) return x->pairs > y->pairs ? -1 : 1;
    int c = strcmp(x->source_outlet ? x->source_outlet : "", y->source_outlet ? y->source_outlet : "");
    if (c) return c;
    return strcmp(x->derived_outlet ? x->derived_outlet : "",
                  y->derived_outlet ? y->derived_outlet : "");
}

int qt_ex_outlet_pairs(const qt_ex_set *set, qt_ex_outlet_pair **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    qt_ex_outlet_pair *p = NULL;
    size_t np = 0, cap = 0;
    for (size_t i = 0; i < set->nlinks; i++) {
        const qt_ex_link *k = &set->links[i];
        if (k->type == QT_LINK_REVISION) continue;
        const char *so = set->articles[k->source].outlet, *dout = set->articles[k->derived].outlet;
        /* A report holds a few dozen outlet pairs at most: a linear look-up. */
        size_t j = 0;
        while (j < np && !(same_outlet(p[j].source_outlet, so) && same_outlet(p[j].derived_outlet, dout)))
            j++;
        if (j == np) {
            if (np == cap) {
                cap = cap ? 2 * cap : 16;
                qt_ex_outlet_pair *q = realloc(p, cap * sizeof *q);
                if (!q) {
                    free(p);
                    return -1;
                }
                p = q;
            }
            p[np++] = (qt_ex_outlet_pair){.source_outlet = so, .derived_outlet = dout};
        }
        qt_ex_outlet_pair *e = &p[j];
        e->pairs++;
        int partial = k->type == QT_LINK_REUSE && k->relation && strcmp(k->relation, "partial") == 0;
        e->partial += partial;
        e->whole += !partial;
        e->primary += k->primary != 0;
        e->coverage_sum += k->type == QT_LINK_COPY ? 1.0 : k->coverage;
    }
    if (np) qsort(p, np, sizeof *p, by_pairs);
    *out = p;
    *n = np;
    return 0;
}
