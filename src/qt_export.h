/*
 * qt_export.h - reports and standard formats from the store: JSON Lines,
 * CSV, a self-contained HTML report, Graphviz DOT, schema.org ClaimReview
 * (JSON-LD), W3C PROV-JSON and W3C Web Annotation (JSON-LD).
 *
 * A filter selects quotes (every field optional, all given ones must hold).
 * Each selected quote is reported once, under the first article in
 * publication order that carries its text and matches the article filters
 * (outlet, dates, article); verbatim copies add outlets, not rows.
 *
 * JSON Lines and CSV stream (constant memory, whatever the database size);
 * the other formats gather the selection with its quote families, article
 * reuse and conflicts in memory first, so filter a large database before
 * asking for them.  Families, reuse and conflicts come from the tables of
 * db/002_reuse.sql; when those are empty every format is still complete and
 * valid, just without those parts.
 *
 * The database is read in one read transaction: a concurrent ingest never
 * shows up half in a report.
 */
#ifndef QT_EXPORT_H
#define QT_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "qt_error.h"
#include "qt_store.h"

typedef enum {
    QT_EXPORT_JSONL = 1,
    QT_EXPORT_CSV,
    QT_EXPORT_HTML,
    QT_EXPORT_DOT,
    QT_EXPORT_CLAIMREVIEW,
    QT_EXPORT_PROV,
    QT_EXPORT_ANNOTATIONS
} qt_export_format;

/* "jsonl", "csv", "html", "dot", "claimreview", "prov" or "annotations";
 * QT_ERR_USAGE naming the formats for anything else. */
qt_status qt_export_format_parse(const char *name, qt_export_format *out, qt_error *err);

/* The name of a format (static). */
const char *qt_export_format_name(qt_export_format format);

/* The format a file name implies by its extension (.jsonl, .ndjson, .csv,
 * .html, .htm, .dot, .gv), or 0 when it implies none. */
qt_export_format qt_export_format_for_path(const char *path);

/* What to export; NULL / 0 fields mean "any".  The strings are the caller's. */
typedef struct {
    const char *speaker;  /* canonical name, any alias (case-insensitive) or #SPEAKER_ID:
                             every speaker it names */
    const char *outlet;   /* outlet name, case-insensitive */
    const char *since;    /* published on or after (any qt_date form) */
    const char *until;    /* published on or before, inclusive by day */
    const char *article;  /* document id, URL or #ARTICLE_ID */
    int64_t family;       /* quote family id; 0 = any */
    const char *kind;     /* direct | partial | indirect */
} qt_export_filter;

typedef struct {
    const char *title;        /* report title (HTML, collections); NULL: a default */
    const char *generated_at; /* time stamp written into reports; NULL: now.  Tests pin it
                                 so the output is reproducible. */
} qt_export_options;

/* What an export wrote. */
typedef struct {
    size_t quotes;     /* selected quotes */
    size_t articles;   /* articles carrying them (graph formats: all articles shown) */
    size_t families;   /* quote families of two instances or more shown (graph formats) */
    size_t reuse;      /* article reuse links shown (graph formats) */
    size_t conflicts;  /* conflicts shown (graph formats) */
} qt_export_stats;

/* Writes the export to out.  filter and opt may be NULL; stats may be NULL.
 * Errors: QT_ERR_NOTFOUND (no such speaker, article or family),
 * QT_ERR_USAGE (a bad date or kind), QT_ERR_DB / QT_ERR_BUSY,
 * QT_ERR_NOMEM, QT_ERR_IO (writing out failed). */
qt_status qt_export(qt_store *store, qt_export_format format, const qt_export_filter *filter,
                    const qt_export_options *opt, FILE *out, qt_export_stats *stats,
                    qt_error *err);

/* The same into the file at path, replaced atomically (see qt_atomic.h): on
 * any error the file is left as it was.  Refuses (QT_ERR_USAGE) to replace
 * the store's own database file (qt_export_check_target). */
qt_status qt_export_file(qt_store *store, qt_export_format format, const qt_export_filter *filter,
                         const qt_export_options *opt, const char *path, qt_export_stats *stats,
                         qt_error *err);

/* QT_ERR_USAGE when path is the store's database or one of its journal
 * files (replacing it with a report would lose it); QT_OK otherwise, also
 * when path does not exist yet. */
qt_status qt_export_check_target(qt_store *store, const char *path, qt_error *err);

#endif
