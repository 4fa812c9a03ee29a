/*
 * qt_reuse.h - article reuse: which stored article took passages from which,
 * computed at ingest and kept in the store (tables fingerprints, text_words,
 * reuse, reuse_passages of db/002_reuse.sql).
 *
 * At ingest, a new text is split into words (qt_words.h), its winnowed
 * content-word fingerprints (qt_fingerprint.h) are looked up in the index
 * and stored.  The texts sharing the most fingerprints are the candidates (a
 * fingerprint found in more than max_texts texts is boilerplate and skipped,
 * and at most max_candidates texts are aligned), so the cost of adding an
 * article does not depend on how many are stored.  Each candidate is aligned
 * word by word with the new text (qt_align.h); the direction comes from the
 * published dates (the earlier text is the source), else from ingest order
 * (dated = 0); the relation from how much of the derived text the passages
 * cover.  Each derived article has one primary source: of its sources, one
 * that the dates show to be earlier before one only ingested earlier, one
 * from the last primary_days before an older one, then the best-covering
 * one, the earliest on ties, so chains (wire story -> syndicated copy ->
 * rewrite) can be followed.  A verbatim copy (the same text under another
 * id or URL) is a `verbatim` pair covering the whole text.  Only current
 * articles are compared, and never two revisions of one document.
 */
#ifndef QT_REUSE_H
#define QT_REUSE_H

#include <stddef.h>
#include <stdint.h>

#include "qt_align.h"
#include "qt_error.h"
#include "qt_qdiff.h"
#include "qt_patterns.h"
#include "qt_store.h"

typedef enum {
    QT_REUSE_NONE = 0,     /* not reuse: no pair is stored */
    QT_REUSE_PARTIAL,      /* some passages taken */
    QT_REUSE_WHOLLY,       /* the derived text is essentially all taken, maybe edited */
    QT_REUSE_VERBATIM      /* the same words (the same text, or punctuation and case only) */
} qt_reuse_relation;

/* "none", "partial", "wholly", "verbatim". */
const char *qt_reuse_relation_name(qt_reuse_relation r);

/* Parses a relation name; QT_REUSE_NONE for anything else. */
qt_reuse_relation qt_reuse_relation_parse(const char *name);

typedef struct {
    int enabled;           /* 0: ingest stores no fingerprints and finds no pairs (a bulk
                              load; such texts are never candidates later) */
    size_t shingle;        /* content words per shingle (k) */
    size_t window;         /* winnowing window (w) */
    size_t max_texts;      /* a fingerprint in more texts is boilerplate: not a lead */
    size_t max_candidates; /* texts aligned with each new text */
    size_t min_shared;     /* fingerprints a candidate must share with the new text */
    qt_align_params align;
    size_t min_longest;    /* shared content words the longest passage needs for any
                              relation (a few names in common are not reuse) */
    double wholly;         /* derived coverage from which a pair is `wholly` */
    double partial;        /* derived coverage from which it is `partial` */
    size_t long_passage;   /* a passage of this many shared content words is `partial`
                              at least, however long the derived text (0: off) */
    double primary_days;   /* a source published at most this many days before the
                              derived article is preferred as its primary over older
                              ones (0: no preference) */
} qt_reuse_params;

/* The defaults, tuned on COUNTER (Urdu) and checked on English news; the
 * README's reuse section gives the figures behind each. */
void qt_reuse_params_default(qt_reuse_params *p);

/* The relation an alignment of a derived with a source text gives. */
qt_reuse_relation qt_reuse_classify(const qt_alignment *a, const qt_reuse_params *p);

/* Which of two articles is the source: 0 when a, 1 when b.  Published
 * dates (ISO 8601, NULL when undated) decide when both are known and differ
 * (a date without a time is compared with the other's day only), and
 * *dated is set to 1; otherwise the lower article id (ingest order) is the
 * source and *dated is 0. */
int qt_reuse_source_side(const char *pub_a, int64_t id_a, const char *pub_b, int64_t id_b,
                         int *dated);

/* Sets the stop words (pats: "stopwords.txt", read during the call) and
 * the parameters (NULL: the defaults) that ingest uses on this store from
 * now on.  Without this call, ingest uses the embedded stop words and the
 * defaults.  Errors: QT_ERR_PATTERN, QT_ERR_NOMEM, QT_ERR_USAGE (a shingle or
 * window of 0). */
qt_status qt_store_reuse_setup(qt_store *store, const qt_patterns *pats, const qt_reuse_params *p,
                               qt_error *err);

/* ---- look-ups ---------------------------------------------------------- */

typedef struct {
    size_t source_start, source_end, derived_start, derived_end;     /* bytes */
    size_t source_char_start, source_char_end, derived_char_start, derived_char_end;
    size_t words;          /* words of the derived text in the passage */
} qt_reuse_passage;

/* One pair.  Strings and the passages array are valid during the callback only. */
typedef struct {
    int64_t reuse_id;
    int64_t source_article_id, derived_article_id;
    const char *source_doc, *derived_doc;
    const char *source_outlet, *derived_outlet;         /* NULL when unknown */
    const char *source_published, *derived_published;   /* NULL when undated */
    const char *source_url, *derived_url;               /* NULL when unknown */
    const char *source_title, *derived_title;           /* NULL when unknown */
    int source_revision, derived_revision;
    int source_current, derived_current;
    qt_reuse_relation relation;
    double coverage, source_coverage;
    int primary, dated;
    const qt_reuse_passage *passages;
    size_t passage_count;
} qt_reuse_row;

typedef qt_status (*qt_reuse_fn)(const qt_reuse_row *row, void *ctx, qt_error *err);

enum {
    QT_REUSE_ALL = 1,        /* include pairs whose derived article was superseded */
    QT_REUSE_PRIMARY = 2     /* primary pairs only */
};

/* Which pairs to list; NULL / 0 fields are "any".  This is how one
 * collection is compared with another: the pairs whose source is from
 * outlet A and whose derived article is from outlet B. */
typedef struct {
    const char *source_outlet;    /* the source's outlet (case-insensitive) */
    const char *derived_outlet;   /* the derived article's outlet */
    const char *outlet;           /* either side's outlet */
    const char *since;            /* derived article published on or after (any qt_date form) */
    const char *until;            /* ... on or before (inclusive by day) */
    qt_reuse_relation relation;   /* only this relation (QT_REUSE_NONE: any) */
    double min_coverage;          /* coverage of the derived text at least this */
    int cross_outlet;             /* only pairs of two known, different outlets */
} qt_reuse_filter;

/* The stored pairs, derived articles in publication order (undated ones by
 * ingest time), each one's primary source first.  ref (its doc id, URL or
 * "#ARTICLE_ID"; NULL for all) keeps the pairs that article is part of, on
 * either side; filter (NULL: none) keeps those it describes.  Errors:
 * QT_ERR_NOTFOUND (no such article), QT_ERR_USAGE (a filter date that is
 * not a date), QT_ERR_DB, or what fn returns. */
qt_status qt_store_reuse(qt_store *store, const char *ref, int flags,
                         const qt_reuse_filter *filter, qt_reuse_fn fn, void *ctx, qt_error *err);

/* One line of the outlet summary: the pairs from one source outlet to one
 * derived outlet.  Strings are valid during the callback only. */
typedef struct {
    const char *source_outlet, *derived_outlet;   /* NULL when unknown */
    size_t pairs, verbatim, wholly, partial, primary;
    double mean_coverage;
    const char *first_published, *last_published; /* derived articles' dates; NULL if none */
} qt_reuse_outlet_row;

typedef qt_status (*qt_reuse_outlet_fn)(const qt_reuse_outlet_row *row, void *ctx, qt_error *err);

/* The pairs qt_store_reuse would list, counted by (source outlet, derived
 * outlet), most pairs first.  Errors as qt_store_reuse. */
qt_status qt_store_reuse_outlets(qt_store *store, const char *ref, int flags,
                                 const qt_reuse_filter *filter, qt_reuse_outlet_fn fn, void *ctx,
                                 qt_error *err);

/* The provenance chain of an article: its primary pair, then the primary
 * pair of that pair's source, and so on back to an article with no source
 * (at most 1000 steps; a cycle, which dates make impossible but ingest
 * order of undated revisions might not, stops at the first repeat).
 * Errors as qt_store_reuse. */
qt_status qt_store_provenance(qt_store *store, const char *ref, qt_reuse_fn fn, void *ctx,
                              qt_error *err);

/* One passage of a pair with its text on both sides and the word changes
 * from the source's wording to the derived article's: what a fact-checker
 * reads to see what was taken and how it was edited.  Everything is valid
 * during the callback only. */
typedef struct {
    const qt_reuse_passage *passage;
    const char *source_text;      /* the passage's bytes in the source text (not NUL-terminated) */
    size_t source_len;
    const char *derived_text;     /* and in the derived text */
    size_t derived_len;
    const qt_qop *ops;            /* '=' and '+' spans index derived_text, '-' spans source_text */
    size_t nops;
    size_t dropped, added;        /* words only in the source's passage, only in the derived one */
} qt_reuse_passage_text;

typedef qt_status (*qt_reuse_passage_fn)(const qt_reuse_passage_text *p, size_t index,
                                         void *ctx, qt_error *err);

/* Calls fn for each passage of row (a pair given to a qt_reuse_fn, during
 * that callback) in order, with both texts and their word diff (every word
 * of both passages, however long).  Returns QT_OK, what fn returned,
 * QT_ERR_NOMEM, QT_ERR_DB, or QT_ERR_NOTFOUND when an article's text is gone
 * or a passage lies outside it (a damaged database). */
qt_status qt_store_reuse_passage_texts(qt_store *store, const qt_reuse_row *row,
                                       qt_reuse_passage_fn fn, void *ctx, qt_error *err);

/* The word diff from a passage's source text to its derived text, as JSON in
 * qt_qdiff_json's form ([{"op":"=|-|+","text":...}], every word of both;
 * texts valid UTF-8), into *json (malloc'ed; the caller frees).  QT_OK or
 * QT_ERR_NOMEM. */
qt_status qt_reuse_diff_json(qt_store *store, const char *source, size_t source_len,
                             const char *derived, size_t derived_len, char **json,
                             qt_error *err);

/* ---- for the store's ingest (qt_store_ingest.c) ------------------------ */

struct qt_reuse;

/* Called once a new article and, for a new text, its text are stored:
 * computes and stores the text's fingerprints and the article's reuse pairs
 * (new_text 1), or records the article as a verbatim copy of the earliest
 * other current article with the same text (new_text 0). */
qt_status qt_reuse_ingested(qt_store *store, int64_t article_id, int64_t text_id, int new_text,
                            const char *text, size_t len, qt_error *err);

/* Frees the store's reuse state (qt_store_close calls it); NULL is accepted. */
void qt_reuse_free(struct qt_reuse *reuse);

#endif
