/*
 * output.h - how the commands write results: one JSON object per line, an
 * aligned table for people, and CSV for spreadsheets.
 *
 * Everything here writes to a FILE the caller owns and returns a qt_status
 * (QT_OK, QT_ERR_NOMEM, or QT_ERR_IO when the stream reports an error), so a
 * command can stop early on a full disk or a closed pipe.  Nothing prints
 * messages: the command decides what to say.
 *
 * The generic pieces (table, CSV) work on rows of named string cells, so any
 * command - scan, the store's queries - can feed them without knowing about
 * quotes.
 */
#ifndef QT_CLI_OUTPUT_H
#define QT_CLI_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#include "qt_csv.h"
#include "qt_error.h"
#include "qt_scan.h"

/* ---- JSON ------------------------------------------------------------ */

/* The flags every command serialises with: compact, and "/" left alone so
 * URLs stay readable. */
#define QT_JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* Builds the output record of quote i of res, found in the article whose id
 * is doc.  Fields (the documented contract):
 *   doc, kind ("direct"|"partial"|"indirect"), text, start, end (bytes),
 *   char_start, char_end (code points), speaker (canonical name or null),
 *   speaker_kind ("person"|"organization"|"group"|"anonymous" or null),
 *   speaker_mention, speaker_start, speaker_end, speaker_char_start,
 *   speaker_char_end (all null when the quote has no mention),
 *   cue (surface form or null), confidence (3 decimals),
 * plus rule (string or null) and, on a claim, partials: the quotes of res
 * whose parent is i (which start inside quote i, as qt_scan_article makes
 * them; only those quotes are looked at).  All offsets refer to the
 * normalised article text.
 * Returns QT_OK with *out set (release with json_object_put), or QT_ERR_NOMEM. */
qt_status qt_out_quote_json(const char *doc, const qt_scan_result *res, size_t i,
                            json_object **out, qt_error *err);

/* Writes obj as one line (QT_JSON_FLAGS plus a newline).  QT_OK or QT_ERR_IO. */
qt_status qt_out_json_line(FILE *out, json_object *obj, qt_error *err);

/* Writes quote records as lines without building json_objects: the bytes
 * qt_out_json_line(qt_out_quote_json(...)) would write, faster (scan prints
 * every quote of every article).  One writer serves any number of lines. */
typedef struct qt_jsonl_writer qt_jsonl_writer;

/* Returns a new writer, or NULL when out of memory. */
qt_jsonl_writer *qt_jsonl_writer_new(void);
/* Frees it; NULL is accepted. */
void qt_jsonl_writer_free(qt_jsonl_writer *w);
/* Writes quote i of res (article id doc) and a newline to out.
 * QT_OK, QT_ERR_NOMEM or QT_ERR_IO. */
qt_status qt_jsonl_writer_put(qt_jsonl_writer *w, FILE *out, const char *doc,
                              const qt_scan_result *res, size_t i, qt_error *err);

/* A field after the scan fields, as json_object_object_add of
 * json_object_new_string (NULL: null), _new_int64 or _new_double would add
 * it.  key is written as given (a plain name; not escaped). */
typedef enum { QT_JSON_STRING, QT_JSON_INT, QT_JSON_DOUBLE } qt_json_type;
typedef struct {
    const char *key;
    qt_json_type type;
    const char *str;
    int64_t num;
    double real;
} qt_json_field;

/* qt_jsonl_writer_put with the n_extra fields of extra after the scan
 * fields (the look-ups' quote_id, outlet, ...).  The caller keeps extra. */
qt_status qt_jsonl_writer_put_with(qt_jsonl_writer *w, FILE *out, const char *doc,
                                   const qt_scan_result *res, size_t i,
                                   const qt_json_field *extra, size_t n_extra, qt_error *err);

/* ---- rows of named cells and CSV: qt_cell, qt_csv_header and qt_csv_row
 * live in the library (qt_csv.h) so `export` writes the same CSV. -------- */

/* ---- aligned table --------------------------------------------------- */

/* One column of a table.  Widths count code points.  A column takes the width
 * of its longest cell (and header), clamped to [min_width, max_width]
 * (max_width 0: no cap).  Cells longer than their column are cut with an
 * ellipsis.  flags (0 or more of):
 *   QT_COL_FILL      the column takes whatever the line width leaves (one
 *                    column per table; the text, usually)
 *   QT_COL_KEEP_END  cut at the start instead of the end, for paths and ids
 *                    whose end tells them apart */
typedef struct {
    const char *name;
    size_t min_width;
    size_t max_width;
    int flags;
} qt_table_col;

#define QT_COL_FILL 1
#define QT_COL_KEEP_END 2

typedef struct qt_table qt_table;

/* Width of the terminal on stream out: the window size when out is a
 * terminal, else $COLUMNS when set and sane, else 100. */
size_t qt_terminal_width(FILE *out);

/* Creates a table writing to out, total width `width` (0 for
 * qt_terminal_width(out)).  cols must outlive the table.  Rows are buffered
 * so the columns line up; after QT_TABLE_BATCH rows the widths are fixed and
 * the rows written, so memory stays bounded however many rows come.
 * Returns NULL when out of memory. */
qt_table *qt_table_new(FILE *out, const qt_table_col *cols, size_t ncols, size_t width);

#define QT_TABLE_BATCH 512

/* Adds one row: values[i] is the cell of cols[i] (NULL for empty); copied.
 * Control characters (newlines, tabs, escape sequences) become spaces so an
 * article cannot break the layout or drive the terminal. */
qt_status qt_table_add(qt_table *t, const char *const *values, qt_error *err);

/* Writes the buffered rows (and the header, the first time).  A table with
 * no rows at all writes nothing.  QT_OK or QT_ERR_IO. */
qt_status qt_table_flush(qt_table *t, qt_error *err);

/* Number of rows added so far. */
size_t qt_table_rows(const qt_table *t);

/* Frees the table without flushing; NULL is accepted. */
void qt_table_free(qt_table *t);

/* ---- UTF-8 helpers shared by the writers ----------------------------- */

/* Number of code points in the NUL-terminated UTF-8 string s. */
size_t qt_out_width(const char *s);

/* Byte length of the longest prefix of s with at most max code points. */
size_t qt_out_prefix(const char *s, size_t max);

/* A malloc'ed copy of s safe to print on a terminal, as table cells are
 * made (controls and separators become spaces, white space runs squeezed);
 * NULL when out of memory. */
char *qt_out_sanitise(const char *s);

/* Prints text (sanitised as qt_out_sanitise does) to standard output after
 * prefix, which is prefix_w columns wide, folding at spaces so that no line
 * passes width; continuation lines repeat the prefix.  QT_OK, QT_ERR_NOMEM
 * or QT_ERR_IO (a write failed). */
qt_status qt_out_wrap(const char *prefix, size_t prefix_w, const char *text, size_t width,
                      qt_error *err);

#endif
