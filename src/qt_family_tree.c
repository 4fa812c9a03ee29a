/*
 * qt_family_tree.c - the shape of a family: its origin (the earliest
 * instance), each other instance's parent (the earlier instance it is most
 * similar to), the relation and diff to that parent, and the altered-quote
 * conflicts that follow from them.
 *
 * The result is a function of the family's members and their dates only,
 * which is what makes ingest order irrelevant.  Instances with the same
 * wording compare the same, so comparisons are made once per pair of
 * distinct wordings (a quote carried word for word by 300 outlets costs one
 * wording), and only rows whose parent changed are rewritten.
 */
#include "qt_family_int.h"

#include <stdlib.h>
#include <string.h>

/* Wordings considered as parents (the earliest ones); later wordings still
 * get a parent among these. */
#define MAX_PARENT_WORDINGS 32

typedef struct {
    int64_t quote_id, parent, text_id, speaker_id;
    uint64_t wording;
    char key[FAM_KEY_MAX];   /* its place in the family (fam_key) */
    int key_stale;           /* the stored sort_key differs */
    char relation[16];
    size_t w;           /* index of its wording */
} member;

typedef struct {
    uint64_t wording;
    size_t first;       /* earliest member with it */
    fam_quote q;        /* loaded on first need */
    int loaded;
} wording;

static int cmp_member(const void *pa, const void *pb)
{
    const member *a = pa, *b = pb;
    return strcmp(a->key, b->key);
}

static qt_status load_members(qt_store *s, int64_t family_id, member **out, size_t *n_out,
                              qt_error *err)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = fam_stmt(s, FS_MEMBERS, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, family_id);
    member *m = NULL;
    size_t n = 0, cap = 0;
    qt_status status = QT_OK;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            member *more = realloc(m, cap * sizeof *m);
            if (!more) {
                status = qt_error_set(err, QT_ERR_NOMEM, "out of memory reading a family");
                break;
            }
            m = more;
        }
        member *x = &m[n++];
        memset(x, 0, sizeof *x);
        x->quote_id = sqlite3_column_int64(st, 0);
        x->wording = (uint64_t)sqlite3_column_int64(st, 1);
        x->parent = sqlite3_column_int64(st, 2);
        const char *rel = qt_store_col_text(st, 3), *pub = qt_store_col_text(st, 4);
        snprintf(x->relation, sizeof x->relation, "%s", rel ? rel : "");
        /* The key from the article as it is now (a retired revision may
         * have moved the quote's home), refreshed when it differs. */
        fam_key(x->key, pub != NULL, pub, sqlite3_column_int64(st, 5), sqlite3_column_int(st, 6),
                x->quote_id);
        x->text_id = sqlite3_column_int64(st, 8);
        x->speaker_id = sqlite3_column_int64(st, 9);
        const char *stored = qt_store_col_text(st, 10);
        x->key_stale = !stored || strcmp(stored, x->key) != 0;
    }
    if (status == QT_OK && rc != SQLITE_DONE) status = qt_store_fail(s, rc, "reading a family", err);
    sqlite3_reset(st);
    if (status != QT_OK) {
        free(m);
        return status;
    }
    qsort(m, n, sizeof *m, cmp_member);
    *out = m;
    *n_out = n;
    return QT_OK;
}

/* Numbers the distinct wordings in order of first appearance. */
static qt_status number_wordings(member *m, size_t n, wording **out, size_t *nw_out,
                                 qt_error *err)
{
    size_t size = 16;
    while (size < 2 * n) size *= 2;
    size_t *slot = malloc(size * sizeof *slot);
    wording *w = calloc(n ? n : 1, sizeof *w);
    if (!slot || !w) {
        free(slot);
        free(w);
        return qt_error_set(err, QT_ERR_NOMEM, "out of memory reading a family");
    }
    for (size_t i = 0; i < size; i++) slot[i] = SIZE_MAX;
    size_t nw = 0;
    for (size_t i = 0; i < n; i++) {
        size_t h = (size_t)(m[i].wording * 0x9E3779B97F4A7C15ull) & (size - 1);
        while (slot[h] != SIZE_MAX && w[slot[h]].wording != m[i].wording) h = (h + 1) & (size - 1);
        if (slot[h] == SIZE_MAX) {
            slot[h] = nw;
            w[nw].wording = m[i].wording;
            w[nw].first = i;
            nw++;
        }
        m[i].w = slot[h];
    }
    free(slot);
    *out = w;
    *nw_out = nw;
    return QT_OK;
}

static qt_status wording_quote(qt_store *s, wording *w, const member *m, fam_quote **q,
                               qt_error *err)
{
    if (!w->loaded) {
        int found;
        QT_TRY(fam_quote_load(s, m[w->first].quote_id, &w->q, &found, err));
        if (!found)
            return qt_error_set(err, QT_ERR_DB, "family member #%lld has no quote",
                                (long long)m[w->first].quote_id);
        w->loaded = 1;
    }
    *q = &w->q;
    return QT_OK;
}

/* Writes member mq's parent (pq, NULL for the origin), relation,
 * similarity and diff, and its altered-quote conflict. */
static qt_status place(qt_store *s, int64_t family_id, const fam_quote *mq, const fam_quote *pq,
                       qt_error *err)
{
    sqlite3_stmt *st;
    qt_status status = QT_OK;
    char *json = NULL;
    qt_relation rel = QT_REL_ORIGIN;
    double similarity = 1.0;
    qt_qdiff d = {0};
    size_t dropped = 0, added = 0;
    if (pq) {
        qt_qsim sim;
        qt_qcompare(&pq->qt, &mq->qt, &sim);
        similarity = qt_qsim_score(&sim, &pq->qt, &mq->qt);
        QT_CHECK(status, qt_qdiff_compute(&pq->qt, &mq->qt, &d, err), done);
        rel = qt_qrelation(&pq->qt, &mq->qt, &d);
        if (rel == QT_REL_VERBATIM || rel == QT_REL_NEAR_VERBATIM) similarity = 1.0;
        if (!(json = qt_qdiff_json(&pq->qt, &mq->qt, &d))) {
            status = qt_error_set(err, QT_ERR_NOMEM, "out of memory writing a diff");
            goto done;
        }
        for (size_t k = 0; k < d.count; k++) {
            if (d.ops[k].op == '-') dropped += d.ops[k].words;
            if (d.ops[k].op == '+') added += d.ops[k].words;
        }
    }
    if (!(st = fam_stmt(s, FS_SET_MEMBER, err))) {
        status = err ? err->code : QT_ERR_DB;
        goto done;
    }
    sqlite3_bind_int64(st, 1, mq->quote_id);
    if (pq) sqlite3_bind_int64(st, 2, pq->quote_id);
    qt_store_bind_text(st, 3, qt_relation_name(rel));
    sqlite3_bind_double(st, 4, similarity);
    qt_store_bind_text(st, 5, json);
    QT_CHECK(status, qt_store_exec_stmt(s, st, "placing a family member", err), done);
    if (!(st = fam_stmt(s, FS_CLEAR_ALTERED, err))) {
        status = err ? err->code : QT_ERR_DB;
        goto done;
    }
    sqlite3_bind_int64(st, 1, mq->quote_id);
    QT_CHECK(status, qt_store_exec_stmt(s, st, "updating conflicts", err), done);
    /* Fidelity: a direct quote whose words depart from the direct quote it
     * descends from, in another article. */
    if (rel == QT_REL_ALTERED && !strcmp(mq->kind, "direct") && !strcmp(pq->kind, "direct") &&
        mq->text_id != pq->text_id) {
        char detail[512];
        snprintf(detail, sizeof detail,
                 "direct quote differs from quote #%lld in %s: %zu word%s dropped, %zu added; "
                 "similarity %.2f",
                 (long long)pq->quote_id, pq->doc ? pq->doc : "?", dropped,
                 dropped == 1 ? "" : "s", added, similarity);
        sqlite3_stmt *c = fam_stmt(s, FS_ADD_CONFLICT, err);
        if (!c) {
            status = err ? err->code : QT_ERR_DB;
            goto done;
        }
        char now[32];
        qt_store_now(now);
        qt_store_bind_text(c, 1, "altered");
        sqlite3_bind_int64(c, 2, mq->quote_id);
        sqlite3_bind_int64(c, 3, pq->quote_id);
        sqlite3_bind_int64(c, 4, family_id);
        qt_store_bind_text(c, 5, detail);
        qt_store_bind_text(c, 6, now);
        status = qt_store_exec_stmt(s, c, "recording a conflict", err);
    }
done:
    free(json);
    qt_qdiff_clear(&d);
    return status;
}

/* The family row: origin, its text as the label, and a speaker (the
 * origin's, else the first instance's that has one). */
static qt_status set_family(qt_store *s, int64_t family_id, const member *m, size_t n,
                            const fam_quote *origin, qt_error *err)
{
    int64_t speaker = 0;
    for (size_t i = 0; i < n && !speaker; i++) speaker = m[i].speaker_id;
    sqlite3_stmt *st = fam_stmt(s, FS_SET_FAMILY, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, family_id);
    sqlite3_bind_int64(st, 2, m[0].quote_id);
    if (speaker) sqlite3_bind_int64(st, 3, speaker);
    qt_store_bind_text(st, 4, origin->text);
    return qt_store_exec_stmt(s, st, "updating a family", err);
}

static qt_status stored_origin(qt_store *s, int64_t family_id, int64_t *origin, qt_error *err)
{
    sqlite3_stmt *st = fam_stmt(s, FS_FAMILY_INFO, err);
    if (!st) return err ? err->code : QT_ERR_DB;
    sqlite3_bind_int64(st, 1, family_id);
    int rc = sqlite3_step(st);
    *origin = rc == SQLITE_ROW ? sqlite3_column_int64(st, 2) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? QT_OK
                                                 : qt_store_fail(s, rc, "reading a family", err);
}

qt_status fam_recompute(qt_store *s, int64_t family_id, qt_error *err)
{
    member *m = NULL;
    wording *w = NULL;
    double *score = NULL;
    size_t n = 0, nw = 0;
    qt_status status;
    QT_CHECK(status, load_members(s, family_id, &m, &n, err), done);
    if (n == 0) goto done;
    QT_CHECK(status, number_wordings(m, n, &w, &nw, err), done);
    size_t np = nw < MAX_PARENT_WORDINGS ? nw : MAX_PARENT_WORDINGS;
    /* score[a * nw + b]: wording a as the parent of wording b; < 0 unknown. */
    score = malloc(np * nw * sizeof *score);
    if (!score) {
        status = qt_error_set(err, QT_ERR_NOMEM, "out of memory placing a family");
        goto done;
    }
    for (size_t i = 0; i < np * nw; i++) score[i] = -1.0;
    int64_t origin_was;
    QT_CHECK(status, stored_origin(s, family_id, &origin_was, err), done);
    size_t seen = 0; /* wordings whose first member precedes the current one */
    for (size_t i = 0; i < n; i++) {
        member *x = &m[i];
        size_t best = SIZE_MAX;
        double best_score = -1.0;
        for (size_t a = 0; a < seen && a < np; a++) {
            double sc = score[a * nw + x->w];
            if (sc < 0) {
                fam_quote *pa, *pb;
                QT_CHECK(status, wording_quote(s, &w[a], m, &pa, err), done);
                QT_CHECK(status, wording_quote(s, &w[x->w], m, &pb, err), done);
                qt_qsim sim;
                qt_qcompare(&pa->qt, &pb->qt, &sim);
                sc = score[a * nw + x->w] = qt_qsim_score(&sim, &pa->qt, &pb->qt);
            }
            /* Ties go to the same wording (the faithful parent), then to
             * the earlier instance. */
            if (sc > best_score || (sc == best_score && a == x->w)) {
                best = a;
                best_score = sc;
            }
        }
        if (w[x->w].first == i) seen++;
        if (x->key_stale) {
            sqlite3_stmt *st = fam_stmt(s, FS_SET_SORT, err);
            if (!st) {
                status = err ? err->code : QT_ERR_DB;
                goto done;
            }
            sqlite3_bind_int64(st, 1, x->quote_id);
            qt_store_bind_text(st, 2, x->key);
            QT_CHECK(status, qt_store_exec_stmt(s, st, "ordering a family", err), done);
        }
        const member *p = best == SIZE_MAX ? NULL : &m[w[best].first];
        int64_t want_parent = p ? p->quote_id : 0;
        int is_origin = strcmp(x->relation, "origin") == 0;
        if (want_parent == x->parent && (p != NULL) != is_origin &&
            strcmp(x->relation, "pending") != 0)
            continue;
        fam_quote *mq, *pq = NULL, own;
        int own_loaded = 0;
        if (w[x->w].first == i) {
            QT_CHECK(status, wording_quote(s, &w[x->w], m, &mq, err), done);
        } else {
            int found;
            QT_CHECK(status, fam_quote_load(s, x->quote_id, &own, &found, err), done);
            if (!found) continue;
            own_loaded = 1;
            mq = &own;
        }
        if (p) status = wording_quote(s, &w[best], m, &pq, err);
        if (status == QT_OK) status = place(s, family_id, mq, pq, err);
        if (own_loaded) fam_quote_clear(&own);
        if (status != QT_OK) goto done;
    }
    if (origin_was != m[0].quote_id || strcmp(m[0].relation, "origin") != 0) {
        fam_quote *oq;
        QT_CHECK(status, wording_quote(s, &w[m[0].w], m, &oq, err), done);
        status = set_family(s, family_id, m, n, oq, err);
    }
done:
    for (size_t i = 0; i < nw; i++)
        if (w[i].loaded) fam_quote_clear(&w[i].q);
    free(w);
    free(score);
    free(m);
    return status;
}

/* The earliest member of each wording of family_id, in wording order (at
 * most MAX_PARENT_WORDINGS + 1: more means "recompute"). */
typedef struct {
    uint64_t wording;
    char key[FAM_KEY_MAX];
    int64_t quote_id;
} rep;

static qt_status wording_reps(qt_store *s, int64_t family_id, rep *out, size_t cap, size_t *n,
                              qt_error *err)
{
    *n = 0;
    int64_t from = INT64_MIN;
    while (*n < cap) {
        sqlite3_stmt *st = fam_stmt(s, FS_NEXT_WORDING, err);
        if (!st) return err ? err->code : QT_ERR_DB;
        sqlite3_bind_int64(st, 1, family_id);
        sqlite3_bind_int64(st, 2, from);
        int rc = sqlite3_step(st);
        int64_t got = 0;
        if (rc == SQLITE_ROW) {
            rep *r = &out[(*n)++];
            got = sqlite3_column_int64(st, 0);
            r->wording = (uint64_t)got;
            const char *key = qt_store_col_text(st, 1);
            snprintf(r->key, sizeof r->key, "%s", key ? key : "");
            r->quote_id = sqlite3_column_int64(st, 2);
        }
        sqlite3_reset(st);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return qt_store_fail(s, rc, "reading a family", err);
        if (got == INT64_MAX) break;
        from = got + 1;
    }
    return QT_OK;
}

qt_status fam_place_new(qt_store *s, int64_t family_id, const fam_quote *q,
                        const fam_quote *loaded, size_t nloaded, qt_error *err)
{
    char key[FAM_KEY_MAX];
    fam_key(key, q->dated, q->published, q->article_id, q->seq, q->quote_id);
    rep *reps = malloc((MAX_PARENT_WORDINGS + 1) * sizeof *reps);
    if (!reps) return qt_error_set(err, QT_ERR_NOMEM, "out of memory placing a quote");
    size_t n = 0;
    qt_status status = wording_reps(s, family_id, reps, MAX_PARENT_WORDINGS + 1, &n, err);
    /* A family with more wordings than that is compared on its first
     * MAX_PARENT_WORDINGS only, as fam_recompute does: placing one quote must
     * cost the same in a family of 40 wordings and of 4,000 (a much-quoted
     * line paraphrased by every outlet), never a recomputation of it all. */
    if (n > MAX_PARENT_WORDINGS) n = MAX_PARENT_WORDINGS;
    int fast = status == QT_OK;
    int is_rep = 0;
    for (size_t i = 0; fast && i < n; i++)
        if (reps[i].wording == q->qt.wording) is_rep = reps[i].quote_id == q->quote_id;
    if (fast && is_rep) {
        /* The earliest of its wording: fine only when nothing comes after. */
        sqlite3_stmt *st = fam_stmt(s, FS_LATER, err);
        if (!st) status = err ? err->code : QT_ERR_DB;
        else {
            sqlite3_bind_int64(st, 1, family_id);
            qt_store_bind_text(st, 2, key);
            int rc = sqlite3_step(st);
            sqlite3_reset(st);
            if (rc == SQLITE_ROW) fast = 0;
            else if (rc != SQLITE_DONE) status = qt_store_fail(s, rc, "reading a family", err);
        }
    }
    if (status != QT_OK || !fast) {
        free(reps);
        return status == QT_OK ? fam_recompute(s, family_id, err) : status;
    }
    /* The parent: the earlier wording q is most like (ties: its own wording,
     * then the earliest), as fam_recompute would choose. */
    size_t best = SIZE_MAX;
    double best_score = -1.0;
    int best_same = 0;
    /* An earlier instance with the same words scores 1, which nothing
     * beats, and wins ties: it is the parent (a verbatim copy's case). */
    for (size_t i = 0; i < n && q->qt.ncontent > 0; i++)
        if (reps[i].wording == q->qt.wording && strcmp(reps[i].key, key) < 0) {
            best = i;
            n = 0;
        }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(reps[i].key, key) >= 0) continue;
        int same = reps[i].wording == q->qt.wording;
        double sc = 1.0;
        if (!same) {
            /* Same wording scores 1 without comparing; others are compared
             * with a copy already in memory when there is one. */
            const fam_quote *c = NULL;
            fam_quote own;
            int found = 0, own_loaded = 0;
            for (size_t k = 0; k < nloaded && !c; k++)
                if (loaded[k].qt.wording == reps[i].wording) c = &loaded[k];
            if (!c) {
                if ((status = fam_quote_load(s, reps[i].quote_id, &own, &found, err)) != QT_OK)
                    break;
                if (!found) continue;
                own_loaded = 1;
                c = &own;
            }
            qt_qsim sim;
            qt_qcompare(&c->qt, &q->qt, &sim);
            sc = qt_qsim_score(&sim, &c->qt, &q->qt);
            if (own_loaded) fam_quote_clear(&own);
        } else if (q->qt.ncontent == 0) {
            sc = 0.0; /* as qt_qsim_score has it for texts without content words */
        }
        int take = sc > best_score || (sc == best_score && same && !best_same) ||
                   (sc == best_score && same == best_same && strcmp(reps[i].key, reps[best].key) < 0);
        if (take) {
            best = i;
            best_score = sc;
            best_same = same;
        }
    }
    /* The parent itself is read: the diff and the conflict need its text,
     * document and kind. */
    fam_quote parent = {0};
    const fam_quote *pq = NULL;
    int have_parent = 0;
    for (size_t k = 0; best != SIZE_MAX && k < nloaded && !pq; k++)
        if (loaded[k].quote_id == reps[best].quote_id) pq = &loaded[k];
    if (status == QT_OK && best != SIZE_MAX && !pq) {
        status = fam_quote_load(s, reps[best].quote_id, &parent, &have_parent, err);
        if (have_parent) pq = &parent;
    }
    free(reps);
    if (status == QT_OK) status = place(s, family_id, q, pq, err);
    fam_quote_clear(&parent);
    return status;
}
