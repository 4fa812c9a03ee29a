/*
 * qt_scan.h - find direct quotes, partial quotes and reported claims in one
 * article and attribute each to a canonical speaker.
 *
 * A qt_scanner holds the compiled patterns (built once from a qt_patterns set
 * and reused for every article; it is not thread-safe, use one per thread).
 * qt_scan_article() returns a qt_scan_result that the caller owns and frees
 * with qt_scan_result_free().  All offsets refer to the article's normalised
 * text (qt_text.h): byte offsets and code point offsets, end exclusive.
 */
#ifndef QT_SCAN_H
#define QT_SCAN_H

#include <stddef.h>

#include "qt_article.h"
#include "qt_error.h"
#include "qt_patterns.h"

typedef enum {
    QT_KIND_DIRECT = 0,   /* speech in quotation marks */
    QT_KIND_PARTIAL,      /* a quoted fragment inside reported speech */
    QT_KIND_INDIRECT      /* a reported claim without quotation marks */
} qt_quote_kind;

typedef enum {
    QT_SPEAKER_UNKNOWN = 0, /* no speaker found */
    QT_SPEAKER_PERSON,
    QT_SPEAKER_ORGANIZATION,
    QT_SPEAKER_GROUP,       /* "U.S. officials", "analysts" */
    QT_SPEAKER_ANONYMOUS    /* "a senior defense official", "a government source" */
} qt_speaker_kind;

/* Returns "direct", "partial" or "indirect". */
const char *qt_kind_name(qt_quote_kind kind);
/* Returns "person", "organization", "group", "anonymous" or NULL for unknown. */
const char *qt_speaker_kind_name(qt_speaker_kind kind);

/* A span of the article text. start/end are bytes, char_start/char_end code points. */
typedef struct {
    size_t start, end;
    size_t char_start, char_end;
} qt_span;

/* One speaker of the article (an entity after in-article coreference). */
typedef struct {
    char *name;             /* canonical name: "Antony Blinken", "Ambassador Kim" */
    qt_speaker_kind kind;
    char *title;            /* the fullest title seen ("Secretary of State"), or NULL */
    char **aliases;         /* every distinct surface form used, NULL-terminated */
    size_t alias_count;
} qt_speaker;

typedef struct {
    qt_quote_kind kind;
    qt_span span;           /* the content, without enclosing quote marks */
    char *text;             /* copy of the content */
    int speaker;            /* index into qt_scan_result.speakers, or -1 */
    int has_mention;        /* 1 when mention holds the attributing mention */
    qt_span mention;        /* speaker mention that attributes this quote */
    char *mention_text;     /* its surface form ("he", "Blinken"), or NULL */
    int has_cue;
    qt_span cue;            /* the cue ("said", "according to"), when there is one */
    char *cue_text;         /* the cue's surface form, or NULL */
    double confidence;      /* 0..1, from the sieve that attributed it */
    const char *rule;       /* name of the rule that found and attributed it (static) */
    int parent;             /* for a partial quote inside a reported claim: that claim's index,
                             * else -1; the partial starts inside the claim's span */
} qt_quote;

typedef struct {
    qt_quote *quotes;       /* in text order (by start, then longest first) */
    size_t count;
    qt_speaker *speakers;   /* the article's speakers (only those with quotes) */
    size_t speaker_count;
} qt_scan_result;

typedef struct qt_scanner qt_scanner;

/* Compiles the scanner's patterns (PCRE2 with JIT) from pats, which must
 * outlive the scanner.  Returns NULL and fills err on failure. */
qt_scanner *qt_scanner_create(const qt_patterns *pats, qt_error *err);

/* Frees the scanner; NULL is accepted. */
void qt_scanner_free(qt_scanner *scanner);

/* Scans one article.  On QT_OK *out is a new result the caller frees with
 * qt_scan_result_free().  Errors: QT_ERR_NOMEM. */
qt_status qt_scan_article(qt_scanner *scanner, const qt_article *article,
                          qt_scan_result **out, qt_error *err);

/* Frees a result; NULL is accepted. */
void qt_scan_result_free(qt_scan_result *result);

#endif
