/*
 * qt_article.h - one news article as quotetrack reads it, and the readers
 * that produce articles from plain text files and JSON Lines streams.
 *
 * Ownership: a qt_article owns every string it points to; qt_article_free()
 * frees them all.  Readers hand out articles that the caller then owns.
 */
#ifndef QT_ARTICLE_H
#define QT_ARTICLE_H

#include <stdio.h>
#include <stddef.h>

#include "qt_error.h"
#include "qt_text.h"

typedef struct {
    char *id;        /* document id: the path as given, or the JSON "id" */
    char *text;      /* normalised UTF-8 text (see qt_text.h), NUL-terminated */
    size_t len;      /* bytes in text */
    char *title;     /* optional metadata, NULL when absent */
    char *outlet;
    char *url;
    char *published; /* as given; the store parses it */
    char *byline;
    char *source;    /* where it came from, for messages: "file.jsonl:12" */
    qt_text_report report; /* what normalisation changed */
} qt_article;

/* Frees the article's strings and the article; NULL is accepted. */
void qt_article_free(qt_article *article);

/* Builds an article from raw bytes: normalises text (copies it) and copies id.
 * Returns QT_OK and sets *out (caller frees with qt_article_free), or an error. */
qt_status qt_article_from_bytes(const char *id, const char *raw, size_t len,
                                qt_article **out, qt_error *err);

/* Sets one optional metadata field (copying value; NULL clears it).
 * field is one of "title", "outlet", "url", "published", "byline".
 * Returns QT_OK, QT_ERR_USAGE for an unknown field, or QT_ERR_NOMEM. */
qt_status qt_article_set(qt_article *article, const char *field, const char *value,
                         qt_error *err);

/* Upper bound on one article's size (and one JSON line), in bytes. */
#define QT_ARTICLE_MAX_BYTES ((size_t)512 * 1024 * 1024)

/* Reads a whole file (path "-" is standard input) as one plain-text article
 * whose id is the path as given.  Returns QT_OK, QT_ERR_IO (cannot open or
 * read: the message names the file and the reason), QT_ERR_LIMIT or QT_ERR_NOMEM. */
qt_status qt_read_text_file(const char *path, qt_article **out, qt_error *err);

/*
 * Streaming JSON Lines reader: one article per line, {"id","text"} plus the
 * optional "title","outlet","url","published","byline".  Only one line is in
 * memory at a time, so a file of any size is read in constant memory.
 */
typedef struct qt_jsonl_reader qt_jsonl_reader;

/* Opens path ("-" for standard input).  Returns NULL and fills err when the
 * file cannot be opened. */
qt_jsonl_reader *qt_jsonl_open(const char *path, qt_error *err);

/* Reads the next article.  Returns QT_OK with *out set, QT_OK with *out NULL
 * at end of input, QT_ERR_INPUT for a malformed line (err names file and line;
 * the reader has moved past it, so the caller may go on), or QT_ERR_IO. */
qt_status qt_jsonl_next(qt_jsonl_reader *reader, qt_article **out, qt_error *err);

/* Line number of the line last read (1-based). */
size_t qt_jsonl_line(const qt_jsonl_reader *reader);

/* Closes the reader; NULL is accepted. */
void qt_jsonl_close(qt_jsonl_reader *reader);

#endif
