/*
 * qt_store_rank.c - qt_bm25(), the ranking function of `search`.
 *
 * FTS5's own bm25() computes, once per query, the IDF of every phrase by
 * counting the rows that contain it in the whole index.  For a common word
 * or a short prefix that is most of the cost of a search: `ka*` matches
 * 751,416 of a million quotes, and counting them took 20-30 ms, while
 * ranking the 2,000 most recent matches (SQL_SEARCH_TOP) took one.
 *
 * qt_bm25() computes the same Okapi BM25 as bm25() (k1 = 1.2, b = 0.75,
 * one column of weight 1, IDF = ln((N - n + 0.5) / (n + 0.5)) with FTS5's
 * floor of 1e-6), with two changes, neither of which changes the order of
 * the results:
 *
 *  - A query of one phrase (one word, one prefix or one "quoted phrase")
 *    gets no IDF factor: it would multiply every row's score by the same
 *    number.  Its score is the term-frequency part alone.
 *  - With several phrases, counting a phrase stops when it is in half the
 *    rows, the point from which the IDF is the floor anyway, so the scores
 *    are bm25()'s exactly (tests/unit/test_store.c checks both).
 *
 * Registered on every connection qt_store_open makes, through FTS5's
 * documented extension interface (declared in sqlite3.h itself; there is no
 * separate fts5.h to install).
 */
#include <math.h>
#include <string.h>

#include "qt_store_int.h"

#define BM25_K1 1.2
#define BM25_B 0.75

/* Per query (FTS5 keeps it with the cursor): the phrases' IDFs, the average
 * row length, and room for the per-row frequencies. */
typedef struct {
    int nphrase;
    double avgdl;
    double *idf;
    double *freq;
} rank_query;

typedef struct {
    sqlite3_int64 hits;
    sqlite3_int64 stop_at;  /* the count from which the IDF is the floor */
} phrase_count;

static int count_hit(const Fts5ExtensionApi *api, Fts5Context *fts, void *user)
{
    (void)api;
    (void)fts;
    phrase_count *c = user;
    /* SQLITE_DONE ends xQueryPhrase early and makes it return SQLITE_OK. */
    return ++c->hits >= c->stop_at ? SQLITE_DONE : SQLITE_OK;
}

static int query_data(const Fts5ExtensionApi *api, Fts5Context *fts, rank_query **out)
{
    rank_query *q = api->xGetAuxdata(fts, 0);
    if (q) {
        *out = q;
        return SQLITE_OK;
    }
    int nphrase = api->xPhraseCount(fts);
    size_t slots = nphrase > 0 ? (size_t)nphrase : 1;
    size_t bytes = sizeof *q + 2 * slots * sizeof(double);
    q = sqlite3_malloc64(bytes);
    if (!q) return SQLITE_NOMEM;
    memset(q, 0, bytes);
    q->nphrase = nphrase;
    q->idf = (double *)(q + 1);
    q->freq = q->idf + slots;
    sqlite3_int64 nrow = 0, ntoken = 0;
    int rc = api->xRowCount(fts, &nrow);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &ntoken);
    if (rc == SQLITE_OK) q->avgdl = nrow > 0 ? (double)ntoken / (double)nrow : 1.0;
    if (q->avgdl <= 0.0) q->avgdl = 1.0;
    if (nphrase == 1) q->idf[0] = 1.0;  /* the same for every row: no need to count */
    for (int i = 0; rc == SQLITE_OK && nphrase > 1 && i < nphrase; i++) {
        /* (N - n + 0.5) / (n + 0.5) <= 1, so the IDF is the floor, once
         * 2n >= N: no need to count further. */
        phrase_count c = {0, nrow / 2 + (nrow % 2)};
        if (c.stop_at < 1) c.stop_at = 1;
        rc = api->xQueryPhrase(fts, i, &c, count_hit);
        if (rc == SQLITE_OK) {
            double idf = log(((double)nrow - (double)c.hits + 0.5) / ((double)c.hits + 0.5));
            q->idf[i] = idf <= 0.0 ? 1e-6 : idf;
        }
    }
    if (rc != SQLITE_OK) {
        sqlite3_free(q);
        return rc;
    }
    /* On failure xSetAuxdata frees q itself. */
    rc = api->xSetAuxdata(fts, q, sqlite3_free);
    if (rc == SQLITE_OK) *out = q;
    return rc;
}

static void rank_row(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                     int nval, sqlite3_value **vals)
{
    (void)nval;
    (void)vals;
    rank_query *q = NULL;
    int rc = query_data(api, fts, &q);
    int ninst = 0, ntok = 0;
    if (rc == SQLITE_OK) {
        memset(q->freq, 0, (size_t)q->nphrase * sizeof *q->freq);
        rc = api->xInstCount(fts, &ninst);
    }
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int phrase = 0, col = 0, off = 0;
        rc = api->xInst(fts, i, &phrase, &col, &off);
        if (rc == SQLITE_OK && phrase >= 0 && phrase < q->nphrase) q->freq[phrase] += 1.0;
    }
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &ntok);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double score = 0.0, len = (double)ntok;
    for (int i = 0; i < q->nphrase; i++)
        score += q->idf[i] * ((q->freq[i] * (BM25_K1 + 1.0)) /
                              (q->freq[i] + BM25_K1 * (1 - BM25_B + BM25_B * len / q->avgdl)));
    sqlite3_result_double(ctx, -1.0 * score);
}

int qt_store_rank_register(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK) return rc;
    /* Version 2 of fts5_api has xCreateFunction where it is declared here
     * (every SQLite since 3.9). */
    if (!api || api->iVersion < 2) return SQLITE_ERROR;
    return api->xCreateFunction(api, "qt_bm25", NULL, rank_row, NULL);
}
