/*
 * qt_family_int.h - internals shared by qt_family*.c (not public API): the
 * family state hung on a store, its prepared statements, and a quote loaded
 * for comparison.
 */
#ifndef QT_FAMILY_INT_H
#define QT_FAMILY_INT_H

#include "qt_date.h"
#include "qt_family.h"
#include "qt_store_int.h"

typedef enum {
    FS_TEXT_QUOTES,
    FS_QUOTE,
    FS_TERMS,
    FS_NEW_FAMILY,
    FS_ADD_MEMBER,
    FS_NEXT_WORDING,
    FS_LATER,
    FS_SET_SORT,
    FS_MEMBERS,
    FS_SET_MEMBER,
    FS_SET_FAMILY,
    FS_MOVE_MEMBERS,
    FS_MOVE_CONFLICTS,
    FS_DELETE_FAMILY,
    FS_CLEAR_ALTERED,
    FS_ADD_CONFLICT,
    /* look-ups */
    FS_FAMILY_OF,
    FS_FAMILY_INFO,
    FS_TRACE_MEMBERS,
    FS_CONFLICTS,
    FS_FTS,
    FS_COUNT
} fam_sql;

/* Postings read per key of the term index (the newest first). */
#define FAM_TERM_POSTINGS 16

/* One posting of the term index: a quote and how many keys it is indexed
 * under. */
typedef struct {
    int64_t quote_id;
    int keys;
} fam_posting;

struct fam_term_cache; /* qt_family_terms.c */

/* Rows a quote adds to the term index at most: its wording and 32 keys. */
#define FAM_ADD_TERMS_MAX 33

struct qt_family_ctx {
    qt_qlex *lex;
    sqlite3_stmt *st[FS_COUNT];
    /* add_terms[m]: INSERT of m postings at once (prepared when first
     * needed): one statement per posting spent as much in SQLite's
     * per-statement work as in the B-tree. */
    sqlite3_stmt *add_terms[FAM_ADD_TERMS_MAX + 1];
    struct fam_term_cache *terms; /* NULL until a batch uses it */
};

/* The newest (at most FAM_TERM_POSTINGS) postings of key, newest first:
 * *out points at n of them, either in the batch's cache (owned by it, valid
 * until the next call or fam_term_added) or in buf.  Inside a batch the
 * answer is cached, and the cache kept current by fam_term_added(): the
 * batch holds the write lock, so no other connection changes the index;
 * the cache is emptied when the store's cache_epoch moves (another
 * connection committed, or a batch was rolled back).  Outside a batch
 * every call reads the database.  QT_OK, or an error with err set. */
qt_status fam_term_postings(qt_store *s, uint64_t key, fam_posting buf[FAM_TERM_POSTINGS],
                            const fam_posting **out, size_t *n, qt_error *err);

/* Tells the cache that (key, quote_id, keys) was just inserted into the
 * term index. */
void fam_term_added(qt_store *s, uint64_t key, int64_t quote_id, int keys);

/* Frees the cache; NULL is accepted. */
void fam_term_cache_free(struct fam_term_cache *c);

/* The store's family state, created on first use (with the embedded
 * patterns unless qt_family_use_patterns came first); NULL with err set. */
qt_family_ctx *fam_ctx(qt_store *s, qt_error *err);

/* Statement id of the family state, reset with bindings cleared; NULL with
 * err set when it cannot be prepared. */
sqlite3_stmt *fam_stmt(qt_store *s, fam_sql id, qt_error *err);

/* A quote loaded for comparison.  Strings are owned and freed by
 * fam_quote_clear. */
typedef struct {
    int64_t quote_id, text_id, article_id, family_id;
    int seq;
    char kind[12];            /* direct | partial | indirect */
    char *text;
    char *doc;
    qt_family_speaker speaker; /* name and kind owned */
    qt_family_speaker family_speaker;
    char published[QT_DATE_MAX];
    int dated;
    long day;                  /* days since 1970-01-01 when dated */
    qt_qtext qt;
} fam_quote;

/* Loads quote id (its text split with the context's lexicon) into q;
 * *found 0 when there is no such quote. */
qt_status fam_quote_load(qt_store *s, int64_t id, fam_quote *q, int *found, qt_error *err);

void fam_quote_clear(fam_quote *q);

/* Candidate quotes for t from the term index: up to max quote ids, the
 * ones sharing the most content words first (at least min_shared).  *ids
 * is malloc'ed (caller frees). */
qt_status fam_candidates(qt_store *s, const qt_qtext *t, size_t max, size_t min_shared,
                         int64_t **ids, size_t *n, qt_error *err);

/* Recomputes parents, relations, diffs and altered-quote conflicts of
 * family_id, writing only what changed, and its origin and label. */
qt_status fam_recompute(qt_store *s, int64_t family_id, qt_error *err);

/* Places q, just added to family_id (relation 'pending'): when nothing else
 * can change (q is neither the earliest of its wording nor, with a new
 * wording, earlier than another member) only q's row is written, after
 * comparing it with the earliest instance of each wording (taken from
 * loaded[0..nloaded) when there, else read); otherwise the family is
 * recomputed. */
qt_status fam_place_new(qt_store *s, int64_t family_id, const fam_quote *q,
                        const fam_quote *loaded, size_t nloaded, qt_error *err);

/* The order of instances in a family as a string that sorts the same way:
 * dated ones first by date, then ingest order (article, position, id). */
#define FAM_KEY_MAX 96
void fam_key(char out[FAM_KEY_MAX], int dated, const char *published, int64_t article_id,
             int seq, int64_t quote_id);

/* Days between two loaded quotes, or -1 when either is undated. */
long fam_days_apart(const fam_quote *a, const fam_quote *b);

#endif
