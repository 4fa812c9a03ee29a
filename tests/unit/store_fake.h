/*
 * store_fake.h - building articles and hand-made scan results for the store
 * tests (test_store.c, test_search.c, test_totals.c), so that they do not
 * depend on the scanner, and the helpers they share for reading results.
 */
#ifndef QT_TEST_STORE_FAKE_H
#define QT_TEST_STORE_FAKE_H

#include <sqlite3.h>

#include "qt_article.h"
#include "qt_scan.h"
#include "qt_store.h"

typedef struct {
    const char *name;
    qt_speaker_kind kind;
    const char *aliases[4];
} sp_spec;

typedef struct {
    const char *text;  /* must occur in the article text */
    int speaker;       /* index into the speakers, or -1 */
    qt_quote_kind kind;
} q_spec;

typedef struct {
    qt_scan_result res;
    qt_speaker sp[8];
    qt_quote q[8];
} fake_scan;

/* Fills f with a scan result of a: speakers sps, quotes qs (each text must
 * occur in a's text).  f points into sps and qs: keep them alive. */
void sf_fake(fake_scan *f, const qt_article *a, const sp_spec *sps, size_t nsp, const q_spec *qs,
          size_t nq);

/* A new article (free with qt_article_free); url, outlet, published may be NULL. */
qt_article *sf_article(const char *id, const char *text, const char *url, const char *outlet,
                    const char *published);

/* Ingests a fake scan of a; titles[i] is speaker i's title (titles may be
 * NULL).  Fails the test when ingest fails; returns the outcome. */
qt_ingest_outcome sf_put_titled(qt_store *s, qt_article *a, const sp_spec *sps,
                             const char *const *titles, size_t nsp, const q_spec *qs, size_t nq);

/* put_titled without titles. */
qt_ingest_outcome sf_put(qt_store *s, qt_article *a, const sp_spec *sps, size_t nsp,
                      const q_spec *qs, size_t nq);

/* Up to 8 look-up rows collected by sf_collect (a qt_quote_fn; ctx is an
 * sf_rows, zeroed by the caller); n counts them all. */
typedef struct {
    int n;
    char speakers[8][64];
    char outlets[8][32];
    char texts[8][128];
} sf_rows;
qt_status sf_collect(const qt_quote_row *r, void *ctx, qt_error *err);

/* qt_store_search of text without filters; fails the test unless it
 * returns want.  Returns the number of rows. */
int sf_search(qt_store *s, const char *text, qt_status want);

/* The integer the one-row query sql gives (a count); fails the test otherwise. */
int sf_count_rows(sqlite3 *db, const char *sql);

/* Opens the database at dbpath for writing; fails the test when it cannot. */
qt_store *sf_open(const char *dbpath);

/* Steps a bound statement: the ids in the first column of its rows, in
 * order (at most cap, else the test fails); resets it and clears its
 * bindings. */
size_t sf_step_ids(sqlite3_stmt *st, long long *ids, size_t cap);

/* The plan of SQL statement id (EXPLAIN QUERY PLAN) in out, one step per line. */
void sf_query_plan(sqlite3 *db, int id, char *out, size_t cap);

/* A fresh temporary directory in *dir and the path of a database file in
 * it in *dbpath (not created); sf_db_remove deletes both and frees them. */
void sf_db_temp(char **dir, char **dbpath);
void sf_db_remove(char *dir, char *dbpath);

#endif
