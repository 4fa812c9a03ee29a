/*
 * qt_csv.h - CSV (RFC 4180) for spreadsheets: the CLI's listings and
 * `export --format csv` write through these, so every CSV quotetrack writes
 * is quoted and guarded the same way.
 *
 * Writes to a FILE the caller owns; returns QT_OK, or QT_ERR_IO when the
 * stream reports an error.  Nothing is allocated.
 */
#ifndef QT_CSV_H
#define QT_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "qt_error.h"

typedef struct {
    const char *name;   /* column name, used for the header */
    const char *value;  /* cell text (UTF-8); NULL prints as empty */
} qt_cell;

/* Writes the names of cells[0..n) as a CSV header line. */
qt_status qt_csv_header(FILE *out, const qt_cell *cells, size_t n, qt_error *err);

/* Writes the values of cells[0..n) as one CSV record: fields holding a comma,
 * a double quote, CR or LF are quoted with inner quotes doubled; records end
 * with CRLF.  A value that begins with = + - @ TAB or CR gets a leading
 * apostrophe, so a spreadsheet shows it as text instead of running it as a
 * formula (quotes come from untrusted articles). */
qt_status qt_csv_row(FILE *out, const qt_cell *cells, size_t n, qt_error *err);

/* Writes one field (no separator, no line end) the way qt_csv_row does. */
qt_status qt_csv_field(FILE *out, const char *value, qt_error *err);

#endif
