/*
 * qt_family.h - quote families: instances of one quote (or reported claim)
 * across articles, each related to a parent instance (origin, verbatim,
 * near-verbatim, partial, altered) with a word-level diff; altered direct
 * quotes and claims credited to different people are flagged as conflicts.
 *
 * Families are built at ingest, one new text at a time (qt_family_add_text,
 * called by the store once a new text's quotes are stored).  A quote first
 * looks up its exact wording (a verbatim copy joins its family with one
 * look-up; quotes of 1-3 content words only ever join this way, as the same
 * speaker's same words within a week), then its content words in a term
 * index (table quote_terms: key -> quote, read newest first with a fixed
 * limit per key, so the work per quote does not grow with the database),
 * compares the candidates with qt_qdiff, and joins the family of the best
 * match (merging the others it matches) or starts one.  Tables: families,
 * family_members, conflicts (db/002_reuse.sql); quote_terms,
 * family_members.wording and .sort_key (db/003_families.sql).
 *
 * Matching rules:
 *   strict   at least 4 content words aligned in order, and 2·aligned /
 *            (words of both) >= 0.6, or the shorter text >= 0.8 contained
 *            in the longer, or a run of 6 content words in both;
 *   reworded the same speaker, at most 3 days apart (or undated), neither a
 *            partial quote, both at least 6 content words, sharing at
 *            least 6 in any order, and 2·shared / (words of both) at least
 *            0.4 when both are dated, 0.5 when either is undated: an outlet
 *            that rewords a statement keeps most of its words (Putin, more,
 *            Russian, Ukraine, clear sign of weakness); two statements of
 *            one news cycle share its topic words (North Korean troops,
 *            Russia, Kursk) but little else.  The rule looks at the pair
 *            only, so it does not depend on what was ingested before.
 * Speakers must be compatible (qt_family_speaker_rel): the same speaker,
 * one side unknown, or names where one's words are all in the other's
 * ("Blinken", "Antony Blinken").  When one side has no speaker the strict
 * match must align at least 5 content words (or the wordings be equal); a
 * person against a group, an organisation or an unnamed source needs that
 * and a close match (dice >= 0.75 or containment >= 0.9).  Two different
 * people with a strict match on claims of at least 4 content words, in
 * different articles at most 7 days apart (or undated), are an attribution
 * conflict instead; the later instance is the one flagged.
 *
 * Inside a family, instances are ordered by published date (undated ones
 * after the dated, by ingest order); the first is the origin, and each other
 * instance's parent is the earlier instance it is most similar to.  A new
 * instance dated before others, or a merge of two families, recomputes the
 * family's parents and relations, so the result does not depend on the
 * order articles were ingested in.
 */
#ifndef QT_FAMILY_H
#define QT_FAMILY_H

#include <stddef.h>
#include <stdint.h>

#include "qt_error.h"
#include "qt_patterns.h"
#include "qt_qdiff.h"
#include "qt_store.h"

/* The store's family state (lexicon and prepared statements). */
typedef struct qt_family_ctx qt_family_ctx;

/* Frees it; NULL is accepted.  Called by qt_store_close. */
void qt_family_ctx_free(qt_family_ctx *ctx);

/* Loads the stop words and synonyms the families use from pats (only read
 * during the call) instead of the embedded set; the store keeps them until
 * closed.  Returns QT_OK; errors: QT_ERR_NOMEM, QT_ERR_PATTERN. */
qt_status qt_family_use_patterns(qt_store *store, const qt_patterns *pats, qt_error *err);

/* Assigns every quote of text_id (just stored, not yet in a family) to a
 * family, records conflicts, and indexes the quote's words.  Runs inside
 * the caller's transaction (on failure the caller rolls it back).  Returns
 * QT_OK; errors: QT_ERR_DB, QT_ERR_BUSY, QT_ERR_NOMEM, QT_ERR_PATTERN
 * (embedded patterns unreadable). */
qt_status qt_family_add_text(qt_store *store, int64_t text_id, qt_error *err);

/* ---- the rules, exposed for tests -------------------------------------- */

typedef enum {
    QT_SPK_SAME = 0,   /* one speaker */
    QT_SPK_UNKNOWN,    /* one side has no speaker */
    QT_SPK_NAMES,      /* two people whose names are compatible */
    QT_SPK_MIXED,      /* a person and a group, organisation or unnamed source, or two of those */
    QT_SPK_DIFFERENT   /* two different people */
} qt_speaker_rel;

typedef struct {
    int64_t id;        /* 0 when none */
    const char *kind;  /* person | organization | group | anonymous | NULL */
    const char *name;
} qt_family_speaker;

/* How two quotes' speakers relate (symmetric); names are compared word by
 * word, case-insensitively. */
qt_speaker_rel qt_family_speaker_rel(const qt_family_speaker *a, const qt_family_speaker *b);

/* 1 when the comparison meets the strict rule (any speakers), else 0. */
int qt_family_strict(const qt_qsim *sim);

/* 1 when the pair meets the reworded rule (see above), else 0; days_apart
 * is -1 when either is undated, a_partial / b_partial 1 for partial quotes. */
int qt_family_reworded(const qt_qsim *sim, qt_speaker_rel rel, long days_apart, int a_partial,
                       int b_partial);

/* ---- look-ups --------------------------------------------------------- */

/* Rows are handed to a callback as in qt_store.h: every string is valid only
 * during the call, and a callback returning anything but QT_OK stops the
 * look-up, which returns that status.  Other errors: QT_ERR_DB, QT_ERR_NOMEM. */

/* One instance of a family, in tree order (an instance follows its parent). */
typedef struct {
    int64_t family_id;
    const char *label;          /* the origin's text */
    size_t family_size;
    int64_t quote_id;
    int64_t article_id;
    const char *doc, *outlet, *published; /* published NULL when undated */
    const char *speaker, *speaker_kind;   /* NULL when unknown */
    const char *kind;           /* direct | partial | indirect */
    const char *text;
    int64_t parent_quote_id;    /* 0 for the origin */
    int depth;                  /* 0 for the origin */
    int last_child;             /* 1 when no later sibling follows (for drawing trees) */
    const char *relation;
    double similarity;
    const char *diff;           /* JSON; NULL for the origin */
    int matched;                /* trace --text: this instance matched the text */
} qt_family_row;

typedef qt_status (*qt_family_fn)(const qt_family_row *row, void *ctx, qt_error *err);

/* The family of quote quote_id, every instance in tree order (the quote
 * itself has matched 1).  QT_ERR_NOTFOUND when there is no such quote or it
 * has no family (its text was stored before families existed). */
qt_status qt_store_trace_quote(qt_store *store, int64_t quote_id, qt_family_fn fn, void *ctx,
                               qt_error *err);

/* The families with an instance matching text (the strict rule, or text
 * contained in the instance), best match first, at most max_families
 * (0: 10).  *families (may be NULL) receives how many were shown.
 * QT_ERR_USAGE when text has no words. */
qt_status qt_store_trace_text(qt_store *store, const char *text, size_t max_families,
                              qt_family_fn fn, void *ctx, size_t *families, qt_error *err);

typedef struct {
    int64_t conflict_id;
    const char *kind;           /* attribution | altered */
    int64_t family_id;          /* 0 when none */
    const char *detail;
    const char *detected_at;
    /* the flagged quote, and the one it conflicts with */
    int64_t quote_id, other_quote_id;
    const char *doc, *outlet, *published, *speaker, *quote_kind, *text;
    const char *other_doc, *other_outlet, *other_published, *other_speaker, *other_quote_kind,
        *other_text;
} qt_conflict_row;

typedef qt_status (*qt_conflict_fn)(const qt_conflict_row *row, void *ctx, qt_error *err);

/* Which conflicts to list; NULL / 0 fields are "any". */
typedef struct {
    const char *kind;           /* attribution | altered */
    const char *speaker;        /* either quote's speaker: a name, an alias or #ID */
    const char *outlet;         /* either quote's outlet, case-insensitive */
    const char *since;          /* the flagged quote published on or after (any qt_date form) */
    const char *until;          /* ... on or before (inclusive by day) */
    long limit;                 /* at most this many; 0 for all */
} qt_conflict_filter;

/* Conflicts, newest first (the flagged quote's published date; undated ones
 * last, newest ingested first); filter NULL for all.  Errors:
 * QT_ERR_NOTFOUND (no speaker by that name), QT_ERR_USAGE (a date that is
 * not one), QT_ERR_DB, or what fn returns. */
qt_status qt_store_conflicts(qt_store *store, const qt_conflict_filter *filter, qt_conflict_fn fn,
                             void *ctx, qt_error *err);

#endif
