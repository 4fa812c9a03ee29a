/* fuzz-seeds: output
 *
 * fuzz_output.c - the CLI's writers (src/cli/output.c) on hostile cell
 * text: CSV must parse back to exactly the values written (formula cells
 * defused with a leading apostrophe), JSON must parse back to the same
 * strings, and a table must hold no control or bidi-override character
 * whatever the article contained.
 *
 * Input layout: byte 0 picks the table width, byte 1 the column flags; the
 * rest is split into cells at 0x1F and into rows at 0x1E.
 */
#include <string.h>

#include "cli/output.h"
#include "fuzz.h"
#include "qt_text.h"

#define NCOLS 4

static const char *const names[NCOLS] = {"doc", "speaker", "kind", "text"};

/* Parses one CSV record of s (RFC 4180, records end with CRLF) into at most
 * max fields; returns the number of fields and advances *pos past the
 * record, or -1 when the record is malformed. */
static int csv_parse(const char *s, size_t len, size_t *pos, char **fields, int max)
{
    size_t i = *pos;
    int n = 0;
    for (;;) {
        FUZZ_CHECK(n < max, "more than %d fields", max);
        char *f = malloc(len - i + 1);
        size_t fl = 0;
        FUZZ_CHECK(f != NULL, "out of memory");
        if (i < len && s[i] == '"') {
            i++;
            for (;;) {
                if (i >= len) {
                    free(f);
                    return -1;
                }
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        f[fl++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                f[fl++] = s[i++];
            }
        } else {
            while (i < len && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
                if (s[i] == '"') {
                    free(f);
                    return -1; /* a bare quote inside an unquoted field */
                }
                f[fl++] = s[i++];
            }
        }
        f[fl] = '\0';
        fields[n++] = f;
        if (i < len && s[i] == ',') {
            i++;
            continue;
        }
        if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') {
            *pos = i + 2;
            return n;
        }
        return -1;
    }
}

static int formula_start(const char *v)
{
    return v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r';
}

static void check_csv(char **cells, size_t ncells)
{
    qt_cell row[NCOLS];
    for (size_t c = 0; c < NCOLS; c++) {
        row[c].name = names[c];
        row[c].value = c < ncells ? cells[c] : NULL;
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    FUZZ_CHECK(f != NULL, "memstream");
    FUZZ_CHECK(qt_csv_header(f, row, NCOLS, NULL) == QT_OK, "csv header");
    FUZZ_CHECK(qt_csv_row(f, row, NCOLS, NULL) == QT_OK, "csv row");
    FUZZ_CHECK(fclose(f) == 0, "close");
    size_t pos = 0;
    char *fields[NCOLS];
    FUZZ_CHECK(csv_parse(buf, len, &pos, fields, NCOLS) == NCOLS, "csv header does not parse");
    for (int c = 0; c < NCOLS; c++) free(fields[c]);
    FUZZ_CHECK(csv_parse(buf, len, &pos, fields, NCOLS) == NCOLS, "csv row does not parse: %s", buf);
    FUZZ_CHECK(pos == len, "data after the csv row");
    for (size_t c = 0; c < NCOLS; c++) {
        const char *v = row[c].value ? row[c].value : "";
        /* A cell a spreadsheet would run as a formula reads back as text. */
        if (formula_start(v)) {
            FUZZ_CHECK(fields[c][0] == '\'' && strcmp(fields[c] + 1, v) == 0,
                       "formula cell %zu not defused", c);
        } else {
            FUZZ_CHECK(strcmp(fields[c], v) == 0, "csv cell %zu changed", c);
        }
        free(fields[c]);
    }
    free(buf);
}

/* Code point of UTF-8 text that must never reach a terminal from an article. */
static int unsafe(uint32_t cp)
{
    return (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
           cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static void check_table(char **rows[], size_t nrows, size_t width, int flags)
{
    static const qt_table_col base[NCOLS] = {
        {"doc", 3, 30, QT_COL_KEEP_END}, {"speaker", 7, 20, 0}, {"kind", 4, 8, 0}, {"text", 10, 0, 0}};
    qt_table_col cols[NCOLS];
    memcpy(cols, base, sizeof cols);
    cols[flags & 3].flags |= QT_COL_FILL;
    if (flags & 4) cols[0].flags &= ~QT_COL_KEEP_END;
    if (flags & 8) cols[1].min_width = 0;

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    FUZZ_CHECK(f != NULL, "memstream");
    qt_table *t = qt_table_new(f, cols, NCOLS, width);
    FUZZ_CHECK(t != NULL, "table");
    for (size_t r = 0; r < nrows; r++)
        FUZZ_CHECK(qt_table_add(t, (const char *const *)rows[r], NULL) == QT_OK, "add row %zu", r);
    FUZZ_CHECK(qt_table_rows(t) == nrows, "row count");
    FUZZ_CHECK(qt_table_flush(t, NULL) == QT_OK, "flush");
    qt_table_free(t);
    FUZZ_CHECK(fclose(f) == 0, "close");

    FUZZ_CHECK(fuzz_utf8_ok(buf, len), "table output is not valid UTF-8");
    size_t lines = 0, pos = 0;
    while (pos < len) {
        size_t at = pos;
        uint32_t cp = qt_utf8_next(buf, len, &pos);
        FUZZ_CHECK(!unsafe(cp), "U+%04X reached the table at byte %zu", (unsigned)cp, at);
        if (cp == '\n') lines++;
    }
    /* A header, its rule and one line per row; nothing without rows. */
    FUZZ_CHECK(lines == (nrows ? nrows + 2 : 0), "%zu lines for %zu rows", lines, nrows);
    FUZZ_CHECK(len == 0 || buf[len - 1] == '\n', "last line not ended");
    free(buf);
}

static void check_json(char **cells, size_t ncells)
{
    qt_speaker sp = {.name = ncells > 1 ? cells[1] : "", .kind = QT_SPEAKER_PERSON};
    qt_quote q[2];
    memset(q, 0, sizeof q);
    q[0].kind = QT_KIND_INDIRECT;
    q[0].span = (qt_span){0, 100, 0, 90};
    q[0].text = ncells > 3 ? cells[3] : "";
    q[0].speaker = 0;
    q[0].has_mention = 1;
    q[0].mention_text = ncells > 2 ? cells[2] : "";
    q[0].has_cue = 1;
    q[0].cue_text = ncells > 0 ? cells[0] : "";
    q[0].rule = "fuzz";
    q[0].parent = -1;
    q[0].confidence = 0.5;
    q[1].kind = QT_KIND_PARTIAL;
    q[1].span = (qt_span){10, 20, 9, 19}; /* inside its claim, as the scanner makes it */
    q[1].text = ncells > 0 ? cells[0] : "";
    q[1].speaker = -1;
    q[1].parent = 0;
    qt_scan_result res = {q, 2, &sp, 1};
    const char *doc = ncells > 2 ? cells[2] : "doc";
    json_object *obj = NULL;
    FUZZ_CHECK(qt_out_quote_json(doc, &res, 0, &obj, NULL) == QT_OK, "quote json");

    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    FUZZ_CHECK(f != NULL, "memstream");
    FUZZ_CHECK(qt_out_json_line(f, obj, NULL) == QT_OK, "json line");
    FUZZ_CHECK(fclose(f) == 0, "close");
    json_object_put(obj);
    /* One line, whatever newlines the text held, that parses back. */
    FUZZ_CHECK(len > 0 && buf[len - 1] == '\n' && memchr(buf, '\n', len - 1) == NULL,
               "not one line");
    json_object *back = json_tokener_parse(buf);
    FUZZ_CHECK(back != NULL, "json does not parse: %s", buf);
    json_object *v, *parts;
    FUZZ_CHECK(json_object_object_get_ex(back, "text", &v) && strcmp(json_object_get_string(v), q[0].text) == 0,
               "text changed");
    FUZZ_CHECK(json_object_object_get_ex(back, "speaker", &v) && strcmp(json_object_get_string(v), sp.name) == 0,
               "speaker changed");
    FUZZ_CHECK(json_object_object_get_ex(back, "doc", &v) && strcmp(json_object_get_string(v), doc) == 0,
               "doc changed");
    FUZZ_CHECK(json_object_object_get_ex(back, "partials", &parts) && json_object_array_length(parts) == 1,
               "partials");
    FUZZ_CHECK(json_object_object_get_ex(json_object_array_get_idx(parts, 0), "text", &v) &&
                   strcmp(json_object_get_string(v), q[1].text) == 0,
               "partial text changed");
    json_object_put(back);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    size_t width = data[0];
    int flags = data[1];
    data += 2;
    size -= 2;

    /* Split into rows (0x1E) of cells (0x1F), each a NUL-terminated string
     * (an embedded NUL just ends the cell, as it would in a C string). */
    char *copy = malloc(size + 1);
    FUZZ_CHECK(copy != NULL, "out of memory");
    memcpy(copy, data, size);
    copy[size] = '\0';
    enum { MAXROWS = 16 };
    char **rows[MAXROWS];
    char *raw_rows[MAXROWS][NCOLS];
    size_t nrows = 0;
    char *p = copy, *end = copy + size;
    while (nrows < MAXROWS && p <= end) {
        char *row_end = memchr(p, 0x1E, (size_t)(end - p));
        if (!row_end) row_end = end;
        *row_end = '\0';
        size_t nc = 0;
        char *c = p;
        while (nc < NCOLS) {
            raw_rows[nrows][nc++] = c;
            char *sep = strchr(c, 0x1F);
            if (!sep) break;
            *sep = '\0';
            c = sep + 1;
        }
        while (nc < NCOLS) raw_rows[nrows][nc++] = "";
        nrows++;
        p = row_end + 1;
    }

    /* CSV writes bytes as they are: raw cells. */
    check_csv(raw_rows[0], NCOLS);

    /* Tables and JSON take UTF-8 (all article text is normalised first). */
    char *clean[MAXROWS][NCOLS];
    for (size_t r = 0; r < nrows; r++) {
        for (size_t c = 0; c < NCOLS; c++) {
            size_t n;
            FUZZ_CHECK(qt_text_normalise(raw_rows[r][c], strlen(raw_rows[r][c]), &clean[r][c], &n, NULL,
                                         NULL) == QT_OK,
                       "normalise");
        }
        rows[r] = clean[r];
    }
    check_table(rows, nrows, width, flags);
    check_json(clean[0], NCOLS);

    /* The UTF-8 helpers the table uses. */
    const char *s = clean[0][3];
    size_t w = qt_out_width(s);
    for (size_t max = 0; max <= w + 1; max++) {
        size_t b = qt_out_prefix(s, max);
        FUZZ_CHECK(b <= strlen(s) && fuzz_on_boundary(s, strlen(s), b), "prefix %zu cuts a code point", max);
        FUZZ_CHECK(fuzz_chars(s, b) == (max < w ? max : w), "prefix %zu has %zu code points", max,
                   fuzz_chars(s, b));
    }
    for (size_t r = 0; r < nrows; r++)
        for (size_t c = 0; c < NCOLS; c++) free(clean[r][c]);
    free(copy);
    return 0;
}
