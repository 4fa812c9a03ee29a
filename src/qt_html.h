/*
 * qt_html.h - read a news article from an HTML page with libxml2's HTML
 * parser (recovering from bad markup, never touching the network).
 *
 * The body text is the page's <article> (else <main>, else <body>) with
 * script, style, nav, footer, aside, form and similar elements and all
 * comments dropped.  Paragraph-like blocks (p, h1-h6, li, blockquote, div,
 * td, pre, ...) and <br> end a line, so the text has one paragraph per line
 * ("\n"-separated) with white space collapsed.  Metadata comes from
 * <meta property="og:site_name"> (outlet), <link rel="canonical"> or og:url
 * (url), og:title or <title> (title), article:published_time, other date
 * metas or the first <time datetime> (published), and meta author or a
 * byline/author element (byline).
 */
#ifndef QT_HTML_H
#define QT_HTML_H

#include <stddef.h>

#include "qt_article.h"
#include "qt_error.h"

/* Builds an article from len bytes of HTML.  The article's text is the
 * extracted, normalised text (what offsets refer to); id is copied.
 * Returns QT_OK with *out set (free with qt_article_free), QT_ERR_LIMIT or
 * QT_ERR_NOMEM.  Markup is recovered, never rejected: input with no text
 * gives an empty article. */
qt_status qt_html_article(const char *id, const char *html, size_t len, qt_article **out,
                          qt_error *err);

/* Reads the file at path ("-" for standard input) and calls qt_html_article
 * with the path as id.  Adds QT_ERR_IO for a file that cannot be read. */
qt_status qt_read_html_file(const char *path, qt_article **out, qt_error *err);

#endif
