/*
 * store_fake.h - building articles and hand-made scan results for the store
 * tests (test_store.c, test_totals.c), so that they do not depend on the
 * scanner.
 */
#ifndef QT_TEST_STORE_FAKE_H
#define QT_TEST_STORE_FAKE_H

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

/* A fresh temporary directory in *dir and the path of a database file in
 * it in *dbpath (not created); sf_db_remove deletes both and frees them. */
void sf_db_temp(char **dir, char **dbpath);
void sf_db_remove(char *dir, char *dbpath);

#endif
