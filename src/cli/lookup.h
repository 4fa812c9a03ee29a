/*
 * lookup.h - what the store commands (ingest, who, search, speakers,
 * articles, show, speaker) share: opening the store with a clear message,
 * the --format choice, and writers for quote rows in table, JSON Lines and
 * CSV form (JSON rows reuse output.h's quote record and add the store's
 * fields: quote_id, article_id, outlet, url, title, published, revision,
 * copies, and score for search).
 */
#ifndef QT_CLI_LOOKUP_H
#define QT_CLI_LOOKUP_H

#include <stdio.h>

#include "cli.h"
#include "output.h"
#include "qt_store.h"

typedef enum { QT_FMT_AUTO = 0, QT_FMT_TABLE, QT_FMT_JSONL, QT_FMT_CSV } qt_cli_format;

/* Parses "table", "jsonl" or "csv"; prints an error naming cmd and returns
 * QT_FMT_AUTO for anything else. */
qt_cli_format qt_cli_format_parse(const char *cmd, const char *value);

/* AUTO becomes TABLE on a terminal, JSONL otherwise. */
qt_cli_format qt_cli_format_resolve(qt_cli_format f);

/* Accepts "--name VALUE" and "--name=VALUE"; returns the value or NULL. */
const char *qt_cli_option(int argc, char **argv, int *i, const char *name);

/* Opens the store at g->db_path, printing the error; NULL on failure with
 * *rc set to the exit code. */
qt_store *qt_cli_open_store(const qt_cli_globals *g, int flags, int *rc);

/* A writer of quote rows in one format to stdout. */
typedef struct qt_quote_writer qt_quote_writer;

/* with_score adds the BM25 score (search). NULL when out of memory. */
qt_quote_writer *qt_quote_writer_new(qt_cli_format f, int with_score);
/* A qt_quote_fn: ctx is the writer. */
qt_status qt_quote_writer_row(const qt_quote_row *row, void *ctx, qt_error *err);
/* Flushes a table; QT_ERR_IO on a write error. */
qt_status qt_quote_writer_finish(qt_quote_writer *w, qt_error *err);
size_t qt_quote_writer_rows(const qt_quote_writer *w);
void qt_quote_writer_free(qt_quote_writer *w);

/* The JSON record of a quote row (see above); release with json_object_put. */
qt_status qt_quote_row_json(const qt_quote_row *row, int with_score, json_object **out,
                            qt_error *err);
/* The same record written by jw as one line to out, without building it
 * (`who` and `search` print thousands).  QT_OK, QT_ERR_NOMEM or QT_ERR_IO. */
qt_status qt_quote_row_put(qt_jsonl_writer *jw, FILE *out, const qt_quote_row *row,
                           int with_score, qt_error *err);

#endif
