/*
 * qt_reuse_int.h - internals shared by qt_reuse.c (detection at ingest) and
 * qt_reuse_query.c (look-ups): the per-store reuse state, hung off the
 * store handle, with its own prepared statements.
 */
#ifndef QT_REUSE_INT_H
#define QT_REUSE_INT_H

#include "qt_fingerprint.h"
#include "qt_reuse.h"
#include "qt_store_int.h"
#include "qt_words.h"

typedef enum {
    R_FP_INSERT,
    R_FP_INSERT_MANY,
    R_FP_INSERT_16,
    R_FP_INSERT_4,
    R_FP_TEXTS,
    R_TEXT_WORDS,
    R_ARTICLE,
    R_TEXT_ARTICLE,
    R_TEXT_BODY,
    R_REUSE_DELETE,
    R_REUSE_INSERT,
    R_PASSAGE_INSERT,
    R_PRIMARY_CLEAR,
    R_PRIMARY_BEST,
    R_PRIMARY_SET,
    R_LIST_ALL,
    R_LIST_ARTICLE,
    R_BY_OUTLET,
    R_PASSAGES,
    R_REF,
    R_PRIMARY_OF,
    R_ARTICLE_BODY,
    R_COUNT
} qt_reuse_sql;

/* Texts recently aligned or ingested, with their words: a wire story is the
 * candidate of every copy that follows it, so its words are kept rather
 * than split again (1,024 news articles take about 15 MB; 256 left 60% of
 * the candidate texts of bbc-2225 to be split again, 1,024 cut ingest's
 * instructions by 3%).  Entries are
 * checked against texts.hash, so a text id reused after a rolled-back batch
 * is never confused with the old text. */
#define QT_REUSE_CACHE 1024
/* Longer texts are split again when needed rather than kept. */
#define QT_REUSE_CACHE_TEXT_MAX ((size_t)1 << 20)

/* A fingerprint of the new text found in another text, with its weight. */
typedef struct {
    int64_t text_id;
    double weight;
} qt_reuse_hit;

typedef struct {
    int64_t text_id;     /* 0: empty slot */
    char hash[33];
    char *body;
    size_t len;
    qt_word_list words;
    uint64_t used;       /* LRU clock */
} qt_reuse_cached;

struct qt_reuse {
    sqlite3_stmt *st[R_COUNT];
    qt_wordizer *wz;              /* created at the first ingest or by setup */
    qt_reuse_params p;
    qt_reuse_cached cache[QT_REUSE_CACHE];
    uint64_t clock;
    qt_fp_list fps;               /* scratch: the new text's fingerprints */
    uint64_t *uniq;               /* scratch: its distinct hashes, ascending */
    size_t nuniq, uniq_cap;
    qt_reuse_hit *hits;           /* scratch: one per fingerprint shared with a text */
    size_t nhits, hits_cap;
};

/* The store's reuse state, created on first use; NULL with err set when out
 * of memory. */
struct qt_reuse *qt_reuse_state(qt_store *s, qt_error *err);

/* Prepared statement id of the reuse state, reset with bindings cleared;
 * NULL with err set when it cannot be prepared. */
sqlite3_stmt *qt_reuse_stmt(qt_store *s, qt_reuse_sql id, qt_error *err);

#endif
