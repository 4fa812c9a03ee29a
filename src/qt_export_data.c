/*
 * qt_export_data.c - the in-memory set the graph formats (html, dot,
 * claimreview, prov) are written from: the selected quotes, the articles
 * carrying them, and around them the context a provenance report needs -
 * every member of the quote families involved, the partners of conflicts,
 * articles that reuse or are reused by the selected ones, the primary
 * sources up each chain, verbatim copies and earlier revisions.  Lookups
 * and orderings over the set are in qt_export_index.c.
 */
#include "qt_export_int.h"

#include <stdlib.h>
#include <string.h>

#include "qt_date.h"
#include "qt_reuse.h"


static int grow(void **v, size_t *cap, size_t n, size_t size)
{
    if (n < *cap) return 0;
    size_t ncap = *cap ? *cap * 2 : 32;
    void *nv = realloc(*v, ncap * size);
    if (!nv) return -1;
    *v = nv;
    *cap = ncap;
    return 0;
}

typedef struct {
    qt_ex_set *set;
    qt_store *s;
    size_t capq, capa, capf, capl, capc;
    int oom;
} loader;

#define DUP(L, field) ((field) = qt_ex_strdup((L)->set, (field)))

/* Adds article a (strings copied) unless present; returns its index. */
static size_t add_article(loader *L, const qt_ex_article *a, int in_scope)
{
    qt_ex_set *set = L->set;
    size_t i = qt_ex_map_get(&set->maps.articles, a->article_id);
    if (i != QT_EX_NONE) {
        if (in_scope) set->articles[i].in_scope = 1;
        return i;
    }
    if (grow((void **)&set->articles, &L->capa, set->narticles, sizeof *set->articles) ||
        qt_ex_map_put(&set->maps.articles, a->article_id, set->narticles)) {
        L->oom = 1;
        return QT_EX_NONE;
    }
    qt_ex_article *c = &set->articles[set->narticles];
    *c = *a;
    c->in_scope = in_scope;
    DUP(L, c->doc);
    DUP(L, c->url);
    DUP(L, c->title);
    DUP(L, c->outlet);
    DUP(L, c->byline);
    DUP(L, c->published);
    DUP(L, c->ingested_at);
    DUP(L, c->hash);
    char *iri = qt_ex_article_iri(a->doc, a->url);
    c->iri = iri ? qt_ex_strdup(set, iri) : NULL;
    free(iri);
    if (!c->iri || !c->doc) L->oom = 1;
    return set->narticles++;
}

/* Adds quote q of article index ai unless present; returns its index. */
static size_t add_quote(loader *L, const qt_ex_quote *q, size_t ai, int in_scope)
{
    qt_ex_set *set = L->set;
    size_t i = qt_ex_map_get(&set->maps.quotes, q->quote_id);
    if (i != QT_EX_NONE) return i;
    if (grow((void **)&set->quotes, &L->capq, set->nquotes, sizeof *set->quotes) ||
        qt_ex_map_put(&set->maps.quotes, q->quote_id, set->nquotes)) {
        L->oom = 1;
        return QT_EX_NONE;
    }
    qt_ex_quote *c = &set->quotes[set->nquotes];
    *c = *q;
    c->article = ai;
    c->in_scope = in_scope;
    DUP(L, c->kind);
    DUP(L, c->text);
    DUP(L, c->speaker);
    DUP(L, c->speaker_kind);
    DUP(L, c->speaker_title);
    DUP(L, c->mention_text);
    DUP(L, c->cue_text);
    DUP(L, c->rule);
    DUP(L, c->exact);
    DUP(L, c->prefix);
    DUP(L, c->suffix);
    DUP(L, c->relation);
    DUP(L, c->diff);
    DUP(L, c->iri);
    if (!c->kind || !c->text || !c->iri) L->oom = 1;
    if (in_scope) set->nselected++;
    return set->nquotes++;
}

/* ---- loading ------------------------------------------------------------- */

static qt_status on_article(const qt_ex_article *a, void *ctx, qt_error *err)
{
    loader *L = ctx;
    add_article(L, a, 1);
    return L->oom ? qt_ex_nomem(err) : QT_OK;
}

static qt_status on_quote(const qt_ex_quote *q, const qt_ex_article *a, void *ctx, qt_error *err)
{
    loader *L = ctx;
    size_t ai = add_article(L, a, 1);
    if (ai != QT_EX_NONE) add_quote(L, q, ai, 1);
    return L->oom ? qt_ex_nomem(err) : QT_OK;
}

/* Steps st (bound by the caller) over QT_EX_QUOTE_COLS + the home article's
 * QT_EX_ARTICLE_COLS, adding each as context. */
static qt_status add_context_quotes(loader *L, sqlite3_stmt *st, qt_error *err)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        qt_ex_quote q;
        qt_ex_article a;
        qt_ex_quote_from(st, &q);
        qt_ex_article_from(st, QT_EX_QUOTE_NCOLS, &a);
        char iri[96];
        qt_ex_quote_iri(q.iri, q.seq, iri, sizeof iri);
        q.iri = iri;
        q.copies = a.copies;
        size_t ai = add_article(L, &a, 0);
        if (ai != QT_EX_NONE) add_quote(L, &q, ai, 0);
        if (L->oom) return qt_ex_nomem(err);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? QT_OK : qt_store_fail(L->s, rc, "reading quotes", err);
}

#define CONTEXT_QUOTES                                                                     \
    "SELECT " QT_EX_QUOTE_COLS ", " QT_EX_ARTICLE_COLS QT_EX_QUOTE_FROM                     \
    " JOIN articles a ON a.article_id = t.home_article_id"

static qt_status load_families(loader *L, qt_error *err)
{
    qt_ex_set *set = L->set;
    sqlite3_stmt *fam = qt_ex_prepare(L->s, "SELECT family_id, origin_quote_id, speaker_id, label"
                                            " FROM families WHERE family_id = ?1", err);
    sqlite3_stmt *mem = fam ? qt_ex_prepare(L->s, CONTEXT_QUOTES " WHERE m.family_id = ?1"
                                                  " ORDER BY q.quote_id", err)
                            : NULL;
    qt_status st = mem ? QT_OK : (err ? err->code : QT_ERR_DB);
    /* Only the selected quotes' families (the loop bound is fixed first:
     * members added below are context and do not pull in more families). */
    size_t n = set->nquotes;
    for (size_t i = 0; st == QT_OK && i <= n; i++) {
        int64_t id = i < n ? set->quotes[i].family_id : set->filter->family;
        if (id <= 0 || qt_ex_map_get(&set->maps.families, id) != QT_EX_NONE) continue;
        sqlite3_reset(fam);
        sqlite3_bind_int64(fam, 1, id);
        int rc = sqlite3_step(fam);
        if (rc != SQLITE_ROW) {
            if (rc != SQLITE_DONE) st = qt_store_fail(L->s, rc, "reading families", err);
            continue;
        }
        if (grow((void **)&set->families, &L->capf, set->nfamilies, sizeof *set->families) ||
            qt_ex_map_put(&set->maps.families, id, set->nfamilies)) {
            st = qt_ex_nomem(err);
            break;
        }
        qt_ex_family *f = &set->families[set->nfamilies++];
        f->family_id = id;
        f->origin_quote_id = sqlite3_column_int64(fam, 1);
        f->speaker_id = sqlite3_column_int64(fam, 2);
        f->label = qt_ex_strdup(set, qt_store_col_text(fam, 3));
        sqlite3_reset(fam);
        sqlite3_bind_int64(mem, 1, id);
        st = add_context_quotes(L, mem, err);
    }
    sqlite3_finalize(fam);
    sqlite3_finalize(mem);
    return st;
}

static qt_status load_conflicts(loader *L, qt_error *err)
{
    qt_ex_set *set = L->set;
    sqlite3_stmt *st = qt_ex_prepare(L->s, "SELECT conflict_id, quote_id, other_quote_id,"
                                           " family_id, kind, detail, detected_at FROM conflicts"
                                           " ORDER BY detected_at DESC, conflict_id DESC", err);
    sqlite3_stmt *one = st ? qt_ex_prepare(L->s, CONTEXT_QUOTES " WHERE q.quote_id = ?1", err)
                           : NULL;
    qt_status status = one ? QT_OK : (err ? err->code : QT_ERR_DB);
    int rc = SQLITE_DONE;
    while (status == QT_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t a = sqlite3_column_int64(st, 1), b = sqlite3_column_int64(st, 2);
        size_t ia = qt_ex_map_get(&set->maps.quotes, a), ib = qt_ex_map_get(&set->maps.quotes, b);
        int sel = (ia != QT_EX_NONE && set->quotes[ia].in_scope) ||
                  (ib != QT_EX_NONE && set->quotes[ib].in_scope);
        if (!sel) continue;
        if (grow((void **)&set->conflicts, &L->capc, set->nconflicts, sizeof *set->conflicts)) {
            status = qt_ex_nomem(err);
            break;
        }
        qt_ex_conflict *c = &set->conflicts[set->nconflicts++];
        c->conflict_id = sqlite3_column_int64(st, 0);
        c->quote_id = a;
        c->other_quote_id = b;
        c->family_id = sqlite3_column_int64(st, 3);
        c->kind = qt_ex_strdup(set, qt_store_col_text(st, 4));
        c->detail = qt_ex_strdup(set, qt_store_col_text(st, 5));
        c->detected_at = qt_ex_strdup(set, qt_store_col_text(st, 6));
        /* The partner quote is shown too, so the conflict can be read. */
        int64_t missing = ia == QT_EX_NONE ? a : (b && ib == QT_EX_NONE ? b : 0);
        if (missing) {
            sqlite3_bind_int64(one, 1, missing);
            status = add_context_quotes(L, one, err);
        }
    }
    if (status == QT_OK && rc != SQLITE_DONE) status = qt_store_fail(L->s, rc, "reading conflicts", err);
    sqlite3_finalize(st);
    sqlite3_finalize(one);
    return status;
}

static qt_ex_link *new_link(loader *L, qt_ex_link_type type, size_t src, size_t der)
{
    qt_ex_set *set = L->set;
    if (grow((void **)&set->links, &L->capl, set->nlinks, sizeof *set->links)) {
        L->oom = 1;
        return NULL;
    }
    qt_ex_link *k = &set->links[set->nlinks++];
    memset(k, 0, sizeof *k);
    k->type = type;
    k->source = src;
    k->derived = der;
    return k;
}

/* Loads an article by id as context; its index or QT_EX_NONE. */
static size_t article_by_id(loader *L, sqlite3_stmt *by_id, int64_t id, qt_status *st,
                            qt_error *err)
{
    size_t i = qt_ex_map_get(&L->set->maps.articles, id);
    if (i != QT_EX_NONE) return i;
    sqlite3_reset(by_id);
    sqlite3_bind_int64(by_id, 1, id);
    int rc = sqlite3_step(by_id);
    if (rc == SQLITE_ROW) {
        qt_ex_article a;
        qt_ex_article_from(by_id, 0, &a);
        i = add_article(L, &a, 0);
        if (L->oom) *st = qt_ex_nomem(err);
    } else if (rc != SQLITE_DONE) {
        *st = qt_store_fail(L->s, rc, "reading articles", err);
    }
    sqlite3_reset(by_id);
    return i;
}

#define REUSE_COLS                                                                         \
    "reuse_id, source_article_id, derived_article_id, relation, coverage, source_coverage,"\
    " is_primary, dated, (SELECT count(*) FROM reuse_passages p WHERE p.reuse_id = r.reuse_id)"

static qt_status add_reuse_row(loader *L, sqlite3_stmt *st, sqlite3_stmt *by_id,
                               sqlite3_stmt *pas, size_t *queue, size_t *nqueue, qt_error *err)
{
    qt_ex_set *set = L->set;
    qt_status status = QT_OK;
    int64_t rid = sqlite3_column_int64(st, 0);
    if (qt_ex_map_get(&set->maps.reuse, rid) != QT_EX_NONE) return QT_OK;
    size_t src = article_by_id(L, by_id, sqlite3_column_int64(st, 1), &status, err);
    size_t der = article_by_id(L, by_id, sqlite3_column_int64(st, 2), &status, err);
    if (status != QT_OK || src == QT_EX_NONE || der == QT_EX_NONE) return status;
    if (qt_ex_map_put(&set->maps.reuse, rid, set->nlinks)) return qt_ex_nomem(err);
    qt_ex_link *k = new_link(L, QT_LINK_REUSE, src, der);
    if (!k) return qt_ex_nomem(err);
    k->reuse_id = rid;
    k->relation = qt_ex_strdup(set, qt_store_col_text(st, 3));
    k->coverage = sqlite3_column_double(st, 4);
    k->source_coverage = sqlite3_column_double(st, 5);
    k->primary = sqlite3_column_int(st, 6);
    k->dated = sqlite3_column_int(st, 7);
    k->passages = (long)sqlite3_column_int64(st, 8);
    /* Walk up from a derived article to its primary source, and on from there. */
    if (k->primary && queue) queue[(*nqueue)++] = src;
    sqlite3_reset(pas);
    sqlite3_bind_int64(pas, 1, rid);
    int rc;
    while (k->shown < QT_EX_PASSAGES_SHOWN && (rc = sqlite3_step(pas)) == SQLITE_ROW) {
        qt_ex_passage *p = &k->passage[k->shown++];
        p->source_start = (size_t)sqlite3_column_int64(pas, 0);
        p->source_end = (size_t)sqlite3_column_int64(pas, 1);
        p->derived_start = (size_t)sqlite3_column_int64(pas, 2);
        p->derived_end = (size_t)sqlite3_column_int64(pas, 3);
        p->source_char_start = (size_t)sqlite3_column_int64(pas, 4);
        p->source_char_end = (size_t)sqlite3_column_int64(pas, 5);
        p->derived_char_start = (size_t)sqlite3_column_int64(pas, 6);
        p->derived_char_end = (size_t)sqlite3_column_int64(pas, 7);
        p->words = (long)sqlite3_column_int64(pas, 8);
        p->source_text = qt_ex_strdup(set, qt_store_col_text(pas, 9));
        p->derived_text = qt_ex_strdup(set, qt_store_col_text(pas, 10));
        p->diff = NULL;
        const char *st_src = qt_store_col_text(pas, 11), *st_der = qt_store_col_text(pas, 12);
        if (st_src && st_der) {
            char *json = NULL;
            status = qt_reuse_diff_json(L->s, st_src, strlen(st_src), st_der, strlen(st_der),
                                        &json, err);
            if (status != QT_OK) break;
            p->diff = qt_ex_strdup(set, json);
            free(json);
        }
    }
    sqlite3_reset(pas);
    if (status != QT_OK) return status;
    return L->oom ? qt_ex_nomem(err) : QT_OK;
}

/* Passage excerpts: at most 240 code points of each side; then both whole,
 * for the word diff. */
#define PASSAGES                                                                           \
    "SELECT p.source_start, p.source_end, p.derived_start, p.derived_end,"                 \
    " p.source_char_start, p.source_char_end, p.derived_char_start, p.derived_char_end,"   \
    " p.words,"                                                                            \
    " substr(ts.body, p.source_char_start + 1, min(p.source_char_end - p.source_char_start, 240)),"\
    " substr(td.body, p.derived_char_start + 1, min(p.derived_char_end - p.derived_char_start, 240)),"\
    " substr(ts.body, p.source_char_start + 1, p.source_char_end - p.source_char_start),"   \
    " substr(td.body, p.derived_char_start + 1, p.derived_char_end - p.derived_char_start)"\
    " FROM reuse_passages p JOIN reuse r ON r.reuse_id = p.reuse_id"                       \
    " JOIN articles s ON s.article_id = r.source_article_id JOIN texts ts ON ts.text_id = s.text_id"\
    " JOIN articles d ON d.article_id = r.derived_article_id JOIN texts td ON td.text_id = d.text_id"\
    " WHERE p.reuse_id = ?1 ORDER BY p.seq"

static qt_status load_links(loader *L, qt_error *err)
{
    qt_ex_set *set = L->set;
    sqlite3_stmt *touch = qt_ex_prepare(L->s, "SELECT " REUSE_COLS " FROM reuse r"
                                              " WHERE r.source_article_id = ?1"
                                              " UNION ALL SELECT " REUSE_COLS " FROM reuse r"
                                              " WHERE r.derived_article_id = ?1", err);
    sqlite3_stmt *up = touch ? qt_ex_prepare(L->s, "SELECT " REUSE_COLS " FROM reuse r WHERE"
                                                   " r.derived_article_id = ?1 AND r.is_primary = 1",
                                             err)
                             : NULL;
    sqlite3_stmt *by_id = up ? qt_ex_prepare(L->s, "SELECT " QT_EX_ARTICLE_COLS " FROM articles a"
                                                   " JOIN texts t ON t.text_id = a.text_id"
                                                   " WHERE a.article_id = ?1", err)
                             : NULL;
    sqlite3_stmt *pas = by_id ? qt_ex_prepare(L->s, PASSAGES, err) : NULL;
    sqlite3_stmt *prev = pas ? qt_ex_prepare(L->s, "SELECT " QT_EX_ARTICLE_COLS " FROM articles a"
                                                   " JOIN texts t ON t.text_id = a.text_id"
                                                   " WHERE (a.doc = ?1 OR a.url = ?2)"
                                                   " AND a.revision < ?3"
                                                   " ORDER BY a.revision DESC LIMIT 1", err)
                             : NULL;
    qt_status st = prev ? QT_OK : (err ? err->code : QT_ERR_DB);
    size_t *queue = NULL, nqueue = 0, qcap = 0;
    size_t n = set->narticles;
    /* Every reuse link of the articles in scope ... */
    for (size_t i = 0; st == QT_OK && i < n; i++) {
        if (!set->articles[i].in_scope) continue;
        sqlite3_reset(touch);
        sqlite3_bind_int64(touch, 1, set->articles[i].article_id);
        int rc;
        while (st == QT_OK && (rc = sqlite3_step(touch)) == SQLITE_ROW) {
            if (grow((void **)&queue, &qcap, nqueue + 1, sizeof *queue)) {
                st = qt_ex_nomem(err);
                break;
            }
            st = add_reuse_row(L, touch, by_id, pas, queue, &nqueue, err);
        }
        if (st == QT_OK && rc != SQLITE_DONE) st = qt_store_fail(L->s, rc, "reading reuse", err);
        sqlite3_reset(touch);
    }
    /* ... then up each chain through primary sources (a visited article is
     * not walked twice, so a cycle in bad data ends). */
    qt_ex_map walked = {0};
    while (st == QT_OK && nqueue > 0) {
        size_t ai = queue[--nqueue];
        int64_t id = set->articles[ai].article_id;
        if (qt_ex_map_get(&walked, id) != QT_EX_NONE) continue;
        if (qt_ex_map_put(&walked, id, ai)) {
            st = qt_ex_nomem(err);
            break;
        }
        sqlite3_reset(up);
        sqlite3_bind_int64(up, 1, id);
        int rc;
        while (st == QT_OK && (rc = sqlite3_step(up)) == SQLITE_ROW) {
            if (grow((void **)&queue, &qcap, nqueue + 1, sizeof *queue)) {
                st = qt_ex_nomem(err);
                break;
            }
            st = add_reuse_row(L, up, by_id, pas, queue, &nqueue, err);
        }
        if (st == QT_OK && rc != SQLITE_DONE) st = qt_store_fail(L->s, rc, "reading reuse", err);
        sqlite3_reset(up);
    }
    qt_ex_map_free(&walked);
    free(queue);
    /* Verbatim copies recorded at ingest, and earlier revisions. */
    for (size_t i = 0; st == QT_OK && i < set->narticles; i++) {
        qt_ex_article *a = &set->articles[i];
        if (a->copy_of) {
            size_t src = article_by_id(L, by_id, a->copy_of, &st, err);
            /* A reuse row between the two already says it. */
            for (size_t j = 0; src != QT_EX_NONE && j < set->nlinks; j++)
                if (set->links[j].source == src && set->links[j].derived == i) src = QT_EX_NONE;
            qt_ex_link *k = st == QT_OK && src != QT_EX_NONE ? new_link(L, QT_LINK_COPY, src, i)
                                                              : NULL;
            if (k) {
                k->relation = "copy";
                k->coverage = k->source_coverage = 1.0;
                k->dated = set->articles[src].published && set->articles[i].published;
            }
            a = &set->articles[i]; /* add_article may have moved the array */
        }
        if (st == QT_OK && a->revision > 1 && (a->in_scope || !a->is_current)) {
            sqlite3_reset(prev);
            qt_store_bind_text(prev, 1, a->doc);
            qt_store_bind_text(prev, 2, a->url);
            sqlite3_bind_int(prev, 3, a->revision);
            int rc = sqlite3_step(prev);
            if (rc == SQLITE_ROW) {
                qt_ex_article p;
                qt_ex_article_from(prev, 0, &p);
                size_t pi = add_article(L, &p, 0);
                qt_ex_link *k = pi != QT_EX_NONE ? new_link(L, QT_LINK_REVISION, pi, i) : NULL;
                if (k) {
                    k->relation = "revision";
                    k->dated = 1;
                }
            } else if (rc != SQLITE_DONE) {
                st = qt_store_fail(L->s, rc, "reading revisions", err);
            }
            sqlite3_reset(prev);
        }
        if (st == QT_OK && L->oom) st = qt_ex_nomem(err);
    }
    sqlite3_finalize(touch);
    sqlite3_finalize(up);
    sqlite3_finalize(by_id);
    sqlite3_finalize(pas);
    sqlite3_finalize(prev);
    return st;
}

/* Every current article carrying the text of a selected quote, so the
 * report can name all the outlets that printed it. */
static qt_status load_carriers(loader *L, qt_error *err)
{
    qt_ex_set *set = L->set;
    sqlite3_stmt *st = qt_ex_prepare(L->s, "SELECT " QT_EX_ARTICLE_COLS " FROM articles a"
                                           " JOIN texts t ON t.text_id = a.text_id"
                                           " WHERE a.text_id = ?1 AND a.is_current = 1", err);
    if (!st) return err ? err->code : QT_ERR_DB;
    qt_status status = QT_OK;
    qt_ex_map done = {0};
    for (size_t i = 0; status == QT_OK && i < set->nquotes; i++) {
        int64_t text = set->quotes[i].text_id;
        if (qt_ex_map_get(&done, text) != QT_EX_NONE) continue;
        if (qt_ex_map_put(&done, text, i)) {
            status = qt_ex_nomem(err);
            break;
        }
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, text);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            qt_ex_article a;
            qt_ex_article_from(st, 0, &a);
            add_article(L, &a, 0);
            if (L->oom) break;
        }
        if (L->oom) status = qt_ex_nomem(err);
        else if (rc != SQLITE_DONE) status = qt_store_fail(L->s, rc, "reading articles", err);
    }
    qt_ex_map_free(&done);
    sqlite3_finalize(st);
    return status;
}

/* Ratings of the selected quotes (few: one per fact-check). */
static qt_status load_ratings(loader *L, qt_error *err)
{
    qt_ex_set *set = L->set;
    sqlite3_stmt *st = qt_ex_prepare(L->s, "SELECT rating_id, quote_id, rating, value, best, worst,"
                                           " reviewer, url, note, rated_at FROM ratings"
                                           " ORDER BY quote_id, rated_at, rating_id", err);
    if (!st) return err ? err->code : QT_ERR_DB;
    qt_status status = QT_OK;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t qi = qt_ex_map_get(&set->maps.quotes, sqlite3_column_int64(st, 1));
        if (qi == QT_EX_NONE || !set->quotes[qi].in_scope) continue;
        if (grow((void **)&set->ratings, &cap, set->nratings, sizeof *set->ratings)) {
            status = qt_ex_nomem(err);
            break;
        }
        qt_ex_rating *r = &set->ratings[set->nratings++];
        memset(r, 0, sizeof *r);
        r->rating_id = sqlite3_column_int64(st, 0);
        r->quote_id = sqlite3_column_int64(st, 1);
        r->rating = qt_ex_strdup(set, qt_store_col_text(st, 2));
        r->has_value = sqlite3_column_type(st, 3) != SQLITE_NULL;
        r->value = (long)sqlite3_column_int64(st, 3);
        r->has_best = sqlite3_column_type(st, 4) != SQLITE_NULL;
        r->best = (long)sqlite3_column_int64(st, 4);
        r->has_worst = sqlite3_column_type(st, 5) != SQLITE_NULL;
        r->worst = (long)sqlite3_column_int64(st, 5);
        r->reviewer = qt_ex_strdup(set, qt_store_col_text(st, 6));
        r->url = qt_ex_strdup(set, qt_store_col_text(st, 7));
        r->note = qt_ex_strdup(set, qt_store_col_text(st, 8));
        r->rated_at = qt_ex_strdup(set, qt_store_col_text(st, 9));
        if (!r->rating) r->rating = "";
    }
    if (status == QT_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = qt_store_fail(L->s, rc, "reading ratings", err);
    sqlite3_finalize(st);
    return status;
}


qt_status qt_ex_set_load(qt_store *s, const qt_ex_query *q, const qt_export_options *opt,
                         qt_ex_set **out, qt_error *err)
{
    *out = NULL;
    qt_ex_set *set = calloc(1, sizeof *set);
    if (!set) return qt_ex_nomem(err);
    set->store = s;
    set->filter = q->f;
    set->title = opt->title ? opt->title : "quotetrack report";
    if (opt->generated_at) snprintf(set->generated_at, sizeof set->generated_at, "%s", opt->generated_at);
    else qt_date_now(set->generated_at);
    loader L = {.set = set, .s = s};
    qt_status st = qt_ex_select(s, q, on_quote, on_article, &L, err);
    if (st == QT_OK) st = load_families(&L, err);
    if (st == QT_OK) st = load_conflicts(&L, err);
    if (st == QT_OK) st = load_carriers(&L, err);
    if (st == QT_OK) st = load_links(&L, err);
    if (st == QT_OK) st = load_ratings(&L, err);
    if (st == QT_OK && (L.oom || set->oom)) st = qt_ex_nomem(err);
    if (st == QT_OK) st = qt_ex_set_index(set, err);
    if (st != QT_OK) {
        qt_ex_set_free(set);
        return st;
    }
    *out = set;
    return QT_OK;
}
