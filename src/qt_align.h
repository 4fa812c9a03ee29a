/*
 * qt_align.h - word-level alignment of a derived text with a source text:
 * the passages the derived text took from the source, even when edited
 * (words substituted, added or dropped) or reordered.
 *
 * Method: every content word of the derived text that occurs in the source
 * (and is not repeated there more than max_occ times) is an anchor.  Anchors
 * are chained like seeds in a read aligner: a chain is a run of anchors
 * increasing on both sides, with at most max_gap content words between two
 * consecutive anchors on either side.  Chains are taken longest first, each
 * derived word belonging to at most one; a chain of at least min_anchors is
 * a passage, extended over identical neighbouring words (stop words
 * included).  Passages are independent of each other, so paragraphs moved
 * around are found as separate passages: the alignment is order-tolerant.
 *
 * Pure computation over word lists (see qt_words.h); no I/O.
 */
#ifndef QT_ALIGN_H
#define QT_ALIGN_H

#include <stddef.h>

#include "qt_error.h"
#include "qt_words.h"

typedef struct {
    size_t max_gap;      /* content words allowed between chained anchors, each side */
    size_t min_anchors;  /* shared content words a passage needs */
    size_t max_occ;      /* a word repeated more often in the source is no anchor */
} qt_align_params;

/* max_gap 5, min_anchors 2, max_occ 8 (see README "reuse" for why). */
void qt_align_params_default(qt_align_params *p);

/* One aligned passage: word indices (into the word lists given, inclusive)
 * and byte offsets (end exclusive) on each side. */
typedef struct {
    size_t d_first, d_last, s_first, s_last;
    size_t d_start, d_end, s_start, s_end;
    size_t anchors;      /* shared content words chained in it */
    size_t d_content;    /* content words of the derived text inside it */
} qt_passage;

typedef struct {
    qt_passage *items;   /* in derived-text order; owned, see qt_alignment_clear */
    size_t count;
    size_t d_content, s_content;     /* content words of each text */
    size_t d_covered, s_covered;     /* of those, inside some passage */
    double coverage;                 /* d_covered / d_content (0 when none) */
    double source_coverage;          /* s_covered / s_content */
    int identical;                   /* the same word sequence (keys) on both sides */
} qt_alignment;

/* Aligns derived d[0..nd) with source s[0..ns) into *out (cleared first;
 * release with qt_alignment_clear).  p NULL means the defaults.  Returns
 * QT_OK or QT_ERR_NOMEM. */
qt_status qt_align(const qt_word *d, size_t nd, const qt_word *s, size_t ns,
                   const qt_align_params *p, qt_alignment *out, qt_error *err);

/* Frees the passages and zeroes *a; a zeroed or cleared alignment is valid. */
void qt_alignment_clear(qt_alignment *a);

#endif
