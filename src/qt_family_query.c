/*
 * qt_family_query.c - look-ups over quote families: trace a quote (or a
 * piece of text) to its family as a tree, and list conflicts.
 */
#include "qt_family_int.h"

#include <stdlib.h>
#include <string.h>

/* trace --text: candidates read from each index. */
#define TEXT_CANDIDATES 200

/* A family member as read for display; strings owned. */
typedef struct {
    int64_t quote_id, parent, article_id;
    char *relation, *diff, *kind, *text, *doc, *outlet, *published, *speaker, *speaker_kind;
    double similarity;
    int seq;
    int matched;
    size_t first_child, next_sibling; /* SIZE_MAX: none */
    int placed;
} node;

static void nodes_free(node *n, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(n[i].relation);
        free(n[i].diff);
        free(n[i].kind);
        free(n[i].text);
        free(n[i].doc);
        free(n[i].outlet);
        free(n[i].published);
        free(n[i].speaker);
        free(n[i].speaker_kind);
    }
    free(n);
}

static char *col_dup(sqlite3_stmt *st, int col, int *oom)
{
    const char *v = qt_store_col_text(st, col);
    if (!v) return NULL;
    char *c = strdup(v);
    if (!c) *oom = 1;
    return c;
}

/* Family order: dated first by date, then ingest order. */
static int node_before(const node *a, const node *b)
{
    if ((a->published != NULL) != (b->published != NULL)) return a->published != NULL;
    if (a->published) {
        int c = strcmp(a->published, b->published);
        if (c) return c < 0;
    }
    if (a->article_id != b->article_id) return a->article_id < b->article_id;
    if (a->seq != b->seq) return a->seq < b->seq;
    return a->quote_id < b->quote_id;
}

static int cmp_node(const void *pa, const void *pb)
{
    const node *a = pa, *b = pb;
    return node_before(a, b) ? -1 : node_before(b, a) ? 1 : 0;
}

typedef struct {
    qt_family_fn fn;
    void *ctx;
    const int64_t *matched;   /* sorted quote ids that matched (trace --text) */
    size_t nmatched;
} emit_ctx;

static int is_matched(const emit_ctx *e, int64_t id)
{
    size_t lo = 0, hi = e->nmatched;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (e->matched[mid] < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < e->nmatched && e->matched[lo] == id;
}

static qt_status walk(node *n, size_t i, int depth, int last, qt_family_row *row,
                      const emit_ctx *e, qt_error *err)
{
    node *x = &n[i];
    x->placed = 1;
    row->quote_id = x->quote_id;
    row->article_id = x->article_id;
    row->doc = x->doc;
    row->outlet = x->outlet;
    row->published = x->published;
    row->speaker = x->speaker;
    row->speaker_kind = x->speaker_kind;
    row->kind = x->kind;
    row->text = x->text;
    row->parent_quote_id = depth ? x->parent : 0;
    row->depth = depth;
    row->last_child = last;
    row->relation = x->relation;
    row->similarity = x->similarity;
    row->diff = depth ? x->diff : NULL;
    row->matched = is_matched(e, x->quote_id);
    QT_TRY(e->fn(row, e->ctx, err));
    for (size_t c = x->first_child; c != SIZE_MAX; c = n[c].next_sibling)
        QT_TRY(walk(n, c, depth + 1, n[c].next_sibling == SIZE_MAX, row, e, err));
    return QT_OK;
}

/* Reads family_id and hands its members to e->fn, parents before children. */
static qt_status emit_family(qt_store *s, int64_t family_id, const emit_ctx *e, qt_error *err)
{
    sqlite3_stmt *st = fam_stmt(s, FS_FAMILY_INFO, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, family_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc == SQLITE_DONE)
            return qt_error_set(err, QT_ERR_NOTFOUND, "no family #%lld", (long long)family_id);
        return qt_store_fail(s, rc, "reading a family", err);
    }
    int oom = 0;
    char *label = col_dup(st, 0, &oom);
    sqlite3_reset(st);
    if (oom) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");

    node *n = NULL;
    size_t count = 0, cap = 0;
    qt_status status = QT_OK;
    if (!(st = fam_stmt(s, FS_TRACE_MEMBERS, err))) {
        free(label);
        return err ? err->code : QT_ERR_DB;
    }
    sqlite3_bind_int64(st, 1, family_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == cap) {
            cap = cap ? 2 * cap : 16;
            node *more = realloc(n, cap * sizeof *n);
            if (!more) {
                oom = 1;
                break;
            }
            n = more;
        }
        node *x = &n[count++];
        memset(x, 0, sizeof *x);
        x->quote_id = sqlite3_column_int64(st, 0);
        x->parent = sqlite3_column_int64(st, 1);
        x->relation = col_dup(st, 2, &oom);
        x->similarity = sqlite3_column_double(st, 3);
        x->diff = col_dup(st, 4, &oom);
        x->kind = col_dup(st, 5, &oom);
        x->text = col_dup(st, 6, &oom);
        x->article_id = sqlite3_column_int64(st, 7);
        x->doc = col_dup(st, 8, &oom);
        x->outlet = col_dup(st, 9, &oom);
        x->published = col_dup(st, 10, &oom);
        x->speaker = col_dup(st, 11, &oom);
        x->speaker_kind = col_dup(st, 12, &oom);
        x->seq = sqlite3_column_int(st, 13);
    }
    if (oom) status = qt_error_set(err, QT_ERR_NOMEM, "out of memory reading a family");
    else if (rc != SQLITE_DONE) status = qt_store_fail(s, rc, "reading a family", err);
    sqlite3_reset(st);
    if (status == QT_OK && count > 0) {
        qsort(n, count, sizeof *n, cmp_node);
        /* Children lists in family order: walk backwards, prepend. */
        for (size_t i = 0; i < count; i++) n[i].first_child = n[i].next_sibling = SIZE_MAX;
        for (size_t i = count; i-- > 1;) {
            size_t p = SIZE_MAX;
            for (size_t k = 0; k < count && p == SIZE_MAX; k++)
                if (k != i && n[k].quote_id == n[i].parent) p = k;
            if (p == SIZE_MAX) continue; /* an orphan: shown after the tree */
            n[i].next_sibling = n[p].first_child;
            n[p].first_child = i;
        }
        qt_family_row row = {0};
        row.family_id = family_id;
        row.label = label;
        row.family_size = count;
        status = walk(n, 0, 0, 1, &row, e, err);
        for (size_t i = 1; i < count && status == QT_OK; i++)
            if (!n[i].placed) status = walk(n, i, 1, 1, &row, e, err);
    }
    nodes_free(n, count);
    free(label);
    return status;
}

qt_status qt_store_trace_quote(qt_store *s, int64_t quote_id, qt_family_fn fn, void *ctx,
                               qt_error *err)
{
    sqlite3_stmt *st = fam_stmt(s, FS_FAMILY_OF, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, quote_id);
    int rc = sqlite3_step(st);
    int found = rc == SQLITE_ROW;
    int64_t family = found ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return qt_store_fail(s, rc, "reading a quote", err);
    if (!found) return qt_error_set(err, QT_ERR_NOTFOUND, "no quote #%lld", (long long)quote_id);
    if (!family)
        return qt_error_set(err, QT_ERR_NOTFOUND,
                            "quote #%lld has no family (its article was ingested before "
                            "families existed)",
                            (long long)quote_id);
    emit_ctx e = {fn, ctx, &quote_id, 1};
    return emit_family(s, family, &e, err);
}

typedef struct {
    int64_t family_id;
    double score;
} fam_hit;

static int cmp_fam_hit(const void *pa, const void *pb)
{
    const fam_hit *a = pa, *b = pb;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return a->family_id < b->family_id ? -1 : a->family_id > b->family_id;
}

static int cmp_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return a < b ? -1 : a > b;
}

/* Quote ids whose text has every word of the query (FTS5, best first). */
static qt_status fts_candidates(qt_store *s, const char *text, int64_t **ids, size_t *n,
                                qt_error *err)
{
    char *query = NULL;
    *ids = NULL;
    *n = 0;
    if (qt_store_fts_query(text, &query, NULL) != QT_OK) return QT_OK; /* nothing searchable */
    sqlite3_stmt *st = fam_stmt(s, FS_FTS, err);
    if (!st) {
        free(query);
        return err ? err->code : QT_ERR_DB;
    }
    int64_t *out = malloc(TEXT_CANDIDATES * sizeof *out);
    if (!out) {
        free(query);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    }
    qt_store_bind_text(st, 1, query);
    sqlite3_bind_int(st, 2, TEXT_CANDIDATES);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < TEXT_CANDIDATES)
        out[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    free(query);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        free(out);
        *n = 0;
        return qt_store_fail(s, rc, "searching quotes", err);
    }
    *ids = out;
    return QT_OK;
}

qt_status qt_store_trace_text(qt_store *s, const char *text, size_t max_families,
                              qt_family_fn fn, void *ctx, size_t *families, qt_error *err)
{
    if (families) *families = 0;
    if (max_families == 0) max_families = 10;
    qt_family_ctx *c = fam_ctx(s, err);
    if (!c) return err ? err->code : QT_ERR_NOMEM;
    qt_qtext t = {0};
    QT_TRY(qt_qtext_build(c->lex, text, strlen(text), &t, err));
    if (t.nwords == 0) {
        qt_qtext_clear(&t);
        return qt_error_set(err, QT_ERR_USAGE, "trace: no words in '%s'", text);
    }
    int64_t *a = NULL, *b = NULL, *ids = NULL, *matched = NULL;
    size_t na = 0, nb = 0, nids = 0, nmatched = 0, nhits = 0;
    fam_hit *hits = NULL;
    qt_status status = fam_candidates(s, &t, TEXT_CANDIDATES, t.ncontent < 3 ? 1 : 3, &a, &na,
                                      err);
    if (status == QT_OK) status = fts_candidates(s, text, &b, &nb, err);
    if (status == QT_OK) {
        ids = malloc((na + nb + 1) * sizeof *ids);
        matched = malloc((na + nb + 1) * sizeof *matched);
        hits = malloc((na + nb + 1) * sizeof *hits);
        if (!ids || !matched || !hits) status = qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    }
    if (status == QT_OK) {
        memcpy(ids, a, na * sizeof *ids);
        memcpy(ids + na, b, nb * sizeof *ids);
        nids = na + nb;
        qsort(ids, nids, sizeof *ids, cmp_i64);
    }
    /* A quote matches when the text and it are instances of one quote (the
     * strict rule), or when all of the text's content words are in it in
     * order (a fragment someone remembers). */
    for (size_t i = 0; i < nids && status == QT_OK; i++) {
        if (i > 0 && ids[i] == ids[i - 1]) continue;
        fam_quote q;
        int found;
        if ((status = fam_quote_load(s, ids[i], &q, &found, err)) != QT_OK) break;
        if (found && q.family_id) {
            qt_qsim sim;
            qt_qcompare(&t, &q.qt, &sim);
            int contained = t.ncontent > 0 && sim.lcs == t.ncontent;
            if (qt_family_strict(&sim) || contained) {
                matched[nmatched++] = q.quote_id;
                hits[nhits++] = (fam_hit){q.family_id, sim.dice > sim.cont ? sim.dice : sim.cont};
            }
        }
        fam_quote_clear(&q);
    }
    if (status == QT_OK) {
        qsort(matched, nmatched, sizeof *matched, cmp_i64);
        qsort(hits, nhits, sizeof *hits, cmp_fam_hit);
        emit_ctx e = {fn, ctx, matched, nmatched};
        size_t shown = 0;
        for (size_t i = 0; i < nhits && shown < max_families && status == QT_OK; i++) {
            int dup = 0;
            for (size_t k = 0; k < i; k++) dup |= hits[k].family_id == hits[i].family_id;
            if (dup) continue;
            status = emit_family(s, hits[i].family_id, &e, err);
            shown++;
        }
        if (families) *families = shown;
    }
    free(a);
    free(b);
    free(ids);
    free(matched);
    free(hits);
    qt_qtext_clear(&t);
    return status;
}

qt_status qt_store_conflicts(qt_store *s, const qt_conflict_filter *filter, qt_conflict_fn fn,
                             void *ctx, qt_error *err)
{
    static const qt_conflict_filter none = {0};
    const qt_conflict_filter *f = filter ? filter : &none;
    char since[QT_DATE_MAX], until[QT_DATE_MAX];
    const char *a, *b;
    QT_TRY(qt_store_filter_date(f->since, "--since", since, &a, err));
    QT_TRY(qt_store_filter_date(f->until, "--until", until, &b, err));
    /* An unknown speaker is an error, as in `who`, not an empty list. */
    size_t matched;
    if (f->speaker) QT_TRY(qt_store_speaker_count(s, f->speaker, &matched, err));
    char *key = f->speaker ? qt_store_key(f->speaker) : NULL;
    if (f->speaker && !key) return qt_error_set(err, QT_ERR_NOMEM, "out of memory");
    sqlite3_stmt *st = fam_stmt(s, FS_CONFLICTS, err);
    if (!st) {
        free(key);
        return err ? err->code : QT_ERR_DB;
    }
    qt_store_bind_text(st, 1, f->kind);
    sqlite3_bind_int64(st, 2, f->limit > 0 ? f->limit : -1);
    qt_store_bind_text(st, 3, f->speaker);
    qt_store_bind_text(st, 4, key);
    sqlite3_bind_int64(st, 5, f->speaker ? qt_store_speaker_ref(f->speaker) : -1);
    qt_store_bind_text(st, 6, f->outlet);
    qt_store_bind_text(st, 7, a);
    qt_store_bind_text(st, 8, b);
    qt_status status = QT_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        qt_conflict_row r = {0};
        r.conflict_id = sqlite3_column_int64(st, 0);
        r.kind = qt_store_col_text(st, 1);
        r.family_id = sqlite3_column_int64(st, 2);
        r.detail = qt_store_col_text(st, 3);
        r.detected_at = qt_store_col_text(st, 4);
        r.quote_id = sqlite3_column_int64(st, 5);
        r.doc = qt_store_col_text(st, 6);
        r.outlet = qt_store_col_text(st, 7);
        r.published = qt_store_col_text(st, 8);
        r.speaker = qt_store_col_text(st, 9);
        r.quote_kind = qt_store_col_text(st, 10);
        r.text = qt_store_col_text(st, 11);
        r.other_quote_id = sqlite3_column_int64(st, 12);
        r.other_doc = qt_store_col_text(st, 13);
        r.other_outlet = qt_store_col_text(st, 14);
        r.other_published = qt_store_col_text(st, 15);
        r.other_speaker = qt_store_col_text(st, 16);
        r.other_quote_kind = qt_store_col_text(st, 17);
        r.other_text = qt_store_col_text(st, 18);
        if ((status = fn(&r, ctx, err)) != QT_OK) break;
    }
    if (status == QT_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = qt_store_fail(s, rc, "reading conflicts", err);
    sqlite3_reset(st);
    /* The bound texts live in this frame (SQLITE_STATIC). */
    sqlite3_clear_bindings(st);
    free(key);
    return status;
}
