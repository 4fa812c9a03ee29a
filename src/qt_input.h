/*
 * qt_input.h - where article metadata comes from besides the article
 * itself: a sidecar FILE.meta.json, footer lines of plain-text articles
 * ("Original Source: kstp.com"), and the input format a file name implies.
 */
#ifndef QT_INPUT_H
#define QT_INPUT_H

#include <stddef.h>

#include "qt_article.h"
#include "qt_error.h"

typedef enum { QT_INPUT_AUTO = 0, QT_INPUT_TEXT, QT_INPUT_JSONL, QT_INPUT_HTML } qt_input_format;

/* Parses "text", "jsonl" or "html"; returns QT_INPUT_AUTO for anything else. */
qt_input_format qt_input_format_parse(const char *name);

/* The format a path implies: .html/.htm -> HTML, .jsonl/.ndjson -> JSONL, else text. */
qt_input_format qt_input_format_for(const char *path);

/* Reads a whole file ("-" = standard input) as raw bytes into *buf (caller
 * frees; NUL-terminated) and *len.  QT_ERR_IO, QT_ERR_LIMIT or QT_ERR_NOMEM. */
qt_status qt_input_read_file(const char *path, char **buf, size_t *len, qt_error *err);

/* When PATH.meta.json exists, sets the article's title, outlet, url,
 * published and byline from its string fields of those names (fields it
 * lacks are left alone).  *found is set to 1 when the sidecar existed.
 * QT_ERR_INPUT names the sidecar when it is not a JSON object or a field is
 * not a string; QT_ERR_IO when it exists but cannot be read. */
qt_status qt_input_sidecar(qt_article *article, const char *path, int *found, qt_error *err);

/* When the article has no outlet, looks at its last few non-blank lines for
 * "Original Source: NAME" or "Source: NAME" and takes NAME as the outlet. */
qt_status qt_input_footer(qt_article *article, qt_error *err);

#endif
