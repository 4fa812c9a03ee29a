/* qt_csv.c - RFC 4180 CSV with a formula guard (see qt_csv.h). */
#include "qt_csv.h"

#include <string.h>

static qt_status write_failed(qt_error *err)
{
    return qt_error_set(err, QT_ERR_IO, "error writing output");
}

/* A cell a spreadsheet would evaluate: = + - @ start a formula in Excel,
 * LibreOffice and Sheets, and a leading TAB or CR is stripped by some of them
 * before they look, so those are guarded too (OWASP's CSV injection list). */
static int formula_like(const char *v)
{
    return v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' ||
           v[0] == '\r';
}

qt_status qt_csv_field(FILE *out, const char *v, qt_error *err)
{
    if (!v) v = "";
    int quote = strpbrk(v, ",\"\r\n") != NULL;
    if (quote && putc('"', out) == EOF) return write_failed(err);
    if (formula_like(v) && putc('\'', out) == EOF) return write_failed(err);
    for (const char *p = v; *p; p++) {
        if (*p == '"' && putc('"', out) == EOF) return write_failed(err);
        if (putc(*p, out) == EOF) return write_failed(err);
    }
    if (quote && putc('"', out) == EOF) return write_failed(err);
    return QT_OK;
}

static qt_status csv_line(FILE *out, const qt_cell *cells, size_t n, int names, qt_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && putc(',', out) == EOF) return write_failed(err);
        QT_TRY(qt_csv_field(out, names ? cells[i].name : cells[i].value, err));
    }
    if (fputs("\r\n", out) == EOF) return write_failed(err);
    return QT_OK;
}

qt_status qt_csv_header(FILE *out, const qt_cell *cells, size_t n, qt_error *err)
{
    return csv_line(out, cells, n, 1, err);
}

qt_status qt_csv_row(FILE *out, const qt_cell *cells, size_t n, qt_error *err)
{
    return csv_line(out, cells, n, 0, err);
}
