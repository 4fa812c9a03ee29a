/*
 * qt_qdiff.h - comparing two short texts (quotes and reported claims) word
 * by word: content-word similarity built for short texts, a word-level
 * alignment and diff, and the relation of one instance of a quote to
 * another (verbatim, near-verbatim, partial, altered).
 *
 * Words come from qt_words (Unicode letters and digits, folded keys, stop
 * words marked).  Two keys are kept per word:
 *   key   the folded word ("Russians" and "russians" are equal): what the
 *         diff aligns, so a changed inflection shows as a change;
 *   ckey  its content key, 0 for a stop word: a light English stem
 *         ("Russians" -> russian, "making" -> mak) mapped through the
 *         synonym groups of patterns/synonyms.txt ("aid" = "assistance"),
 *         so a reworded quote still shares its content words.
 * Similarity counts content words only: in a 12-word quote, "the" changed to
 * "a" says nothing, "Putin" changed to "he" says a lot.
 */
#ifndef QT_QDIFF_H
#define QT_QDIFF_H

#include <stddef.h>
#include <stdint.h>

#include "qt_error.h"
#include "qt_patterns.h"

/* Content words beyond this many are not compared (a "quote" that long is a
 * passage; the first QT_QDIFF_MAX_CONTENT words decide). */
#define QT_QDIFF_MAX_CONTENT 256
/* Words beyond this many are left out of the diff. */
#define QT_QDIFF_MAX_WORDS 512

/* The word tokeniser, stop words and synonym groups, loaded once. */
typedef struct qt_qlex qt_qlex;

/* Loads stopwords.txt and synonyms.txt from pats (only read during the
 * call).  Returns the lexicon (free with qt_qlex_free), or NULL with err set
 * (QT_ERR_NOMEM, QT_ERR_PATTERN when a file is missing or a synonym line
 * puts a word in two groups). */
qt_qlex *qt_qlex_create(const qt_patterns *pats, qt_error *err);

/* Frees it; NULL is accepted. */
void qt_qlex_free(qt_qlex *lex);

/* One word of a text: byte offsets into qt_qtext.text, end exclusive. */
typedef struct {
    size_t start, end;
    uint64_t key;       /* folded form */
    uint64_t ckey;      /* content key; 0 for a stop word */
    int bracketed;      /* inside [...] or (...): an editor's insertion */
} qt_qword;

/* A text split for comparison.  text is borrowed (it must outlive the
 * qt_qtext); the arrays are owned and released by qt_qtext_clear. */
typedef struct {
    const char *text;
    size_t len;
    qt_qword *words;
    size_t nwords;
    uint64_t *content;  /* ckeys of the content words, in order */
    size_t ncontent;    /* at most QT_QDIFF_MAX_CONTENT */
    uint64_t wording;   /* hash of the folded words in order: equal wordings
                           differ at most in case, punctuation, brackets */
    uint64_t exact;     /* hash of the text with white space collapsed,
                           typographic quotes unified and a trailing , or .
                           dropped: equal means verbatim */
} qt_qtext;

/* Splits text[0..len) (valid UTF-8) into out, which must be zeroed or
 * cleared before.  A lexicon is not thread-safe (its tokeniser owns match
 * data).  Returns QT_OK or QT_ERR_NOMEM (out is then cleared). */
qt_status qt_qtext_build(qt_qlex *lex, const char *text, size_t len, qt_qtext *out,
                         qt_error *err);

/* Releases out's arrays and zeroes it; NULL is accepted. */
void qt_qtext_clear(qt_qtext *t);

/* Content-word similarity of two texts. */
typedef struct {
    size_t na, nb;      /* content words of a and b */
    size_t lcs;         /* content words aligned in order (longest common subsequence) */
    size_t bag;         /* content words shared in any order (multiset intersection) */
    size_t run;         /* longest run of consecutive content words in both */
    double dice;        /* 2 lcs / (na + nb); 0 when both are empty */
    double cont;        /* lcs / min(na, nb): how much of the shorter is in the longer */
} qt_qsim;

/* Compares the content words of a and b (symmetric). */
void qt_qcompare(const qt_qtext *a, const qt_qtext *b, qt_qsim *out);

/* The similarity figure of member against parent, in 0..1: when member is
 * the shorter text its containment in parent (a fragment faithful to its
 * source scores 1), otherwise dice.  sim must compare parent with member in
 * either order. */
double qt_qsim_score(const qt_qsim *sim, const qt_qtext *parent, const qt_qtext *member);

/* One operation of a diff from a parent text to a member text: '=' words in
 * both (span in the member), '-' words only in the parent (span in the
 * parent), '+' words only in the member (span in the member).  A span runs
 * from the first word's start to the last word's end. */
typedef struct {
    char op;
    size_t start, end;
    size_t words;       /* words in the run */
    size_t content;     /* content (non-stop, non-bracketed) words in the run */
} qt_qop;

typedef struct {
    qt_qop *ops;
    size_t count, cap;
} qt_qdiff;

/* Aligns the words of parent and member (longest common subsequence of
 * folded words, content words weighted over stop words) and writes the runs
 * to out (its previous content is replaced).  QT_OK or QT_ERR_NOMEM. */
qt_status qt_qdiff_compute(const qt_qtext *parent, const qt_qtext *member, qt_qdiff *out,
                           qt_error *err);

/* qt_qdiff_compute for texts of any length (article passages): the words
 * are aligned QT_QDIFF_MAX_WORDS at a time, each window cut after its last
 * shared word within its first three quarters, so memory stays bounded and
 * every word of both texts is in the result.  The same operations as
 * qt_qdiff_compute when both texts are shorter than a window.  QT_OK or
 * QT_ERR_NOMEM. */
qt_status qt_qdiff_compute_long(const qt_qtext *parent, const qt_qtext *member, qt_qdiff *out,
                                qt_error *err);

/* Frees out's array and zeroes it; NULL is accepted. */
void qt_qdiff_clear(qt_qdiff *d);

/* The diff as JSON, [{"op":"=","text":"..."}, ...], texts taken from the
 * spans.  Returns a malloc'ed string (caller frees), or NULL when out of
 * memory. */
char *qt_qdiff_json(const qt_qtext *parent, const qt_qtext *member, const qt_qdiff *d);

typedef enum {
    QT_REL_ORIGIN = 0,    /* the earliest instance of its family */
    QT_REL_VERBATIM,      /* the same text */
    QT_REL_NEAR_VERBATIM, /* the same words; case, punctuation, brackets or ellipses differ */
    QT_REL_PARTIAL,       /* an excerpt of the parent: no word of its own (stop words
                             and bracketed insertions aside), the parent's other words
                             before or after it, a cut inside only of function words or
                             marked with an ellipsis */
    QT_REL_ALTERED        /* words changed, added or dropped */
} qt_relation;

/* "origin", "verbatim", "near-verbatim", "partial", "altered". */
const char *qt_relation_name(qt_relation rel);

/* The relation of member to parent given their diff (qt_qdiff_compute of
 * the same pair).  Never returns QT_REL_ORIGIN. */
qt_relation qt_qrelation(const qt_qtext *parent, const qt_qtext *member, const qt_qdiff *d);

#endif
