/*
 * qt_rating.h - a fact-checker's rating of a stored quote or claim (table
 * ratings, db/004_ratings.sql).  `export --format claimreview` writes each
 * rated quote inside a schema.org ClaimReview, and the HTML report shows the
 * verdict next to the quote.
 */
#ifndef QT_RATING_H
#define QT_RATING_H

#include <stdint.h>

#include "qt_error.h"
#include "qt_store.h"

typedef struct {
    const char *rating;        /* the verdict in words ("False", "Misleading"); required */
    int has_value, has_best, has_worst;
    long value, best, worst;   /* the reviewer's numeric scale, when it has one */
    const char *reviewer;      /* the fact-checking organisation, or NULL */
    const char *url;           /* the published fact-check, or NULL */
    const char *note;          /* an explanation, or NULL */
} qt_rating;

/* Records a rating of the quote named by ref: its quote_id ("123" or
 * "#123", as `who --format jsonl` shows) or its stable id
 * "urn:quotetrack:quote:TEXTHASH:SEQ" (as the exports write it).  The strings
 * are copied.  *rating_id (may be NULL) receives the new row's id.
 * Errors: QT_ERR_NOTFOUND (no such quote), QT_ERR_USAGE (empty rating, a
 * value outside best..worst, a scale without both ends), QT_ERR_DB,
 * QT_ERR_BUSY, QT_ERR_READONLY. */
qt_status qt_store_rate(qt_store *store, const char *ref, const qt_rating *rating,
                        int64_t *rating_id, qt_error *err);

#endif
